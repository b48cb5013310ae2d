"""View objects: everything a template prints, computed in Python before rendering.

Templates see these plain values (strings already escaped and typed) and the model;
they loop and print, nothing more. (Not frozen: they are built by the hundred thousand
and never shared, and a frozen dataclass costs twice as much to construct.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(slots=True)
class PropertyView:
    doc: str
    """JSDoc block, indented, ending with a newline; "" when there is none."""
    decl: str
    """`key?: type` (`key: type` for a oneof member): the key bare or quoted."""


@dataclass(slots=True)
class OneofView:
    doc: str
    members: tuple[PropertyView, ...]


@dataclass(slots=True)
class FieldInfoView:
    """One entry of a message's field table, as TypeScript source."""

    entry: str


@dataclass(slots=True)
class MessageView:
    kind: ClassVar[str] = "message"
    doc: str
    name: str
    properties: tuple[PropertyView, ...]
    oneofs: tuple[OneofView, ...]
    one_of: str
    """Local name of the runtime's `OneOf` helper type ("" when there are no oneofs)."""
    parse: ParseView | None


@dataclass(slots=True)
class ParseView:
    """The table of one message (`const $M = message<M>(...)`, TypeScript source wrapped
    at the print width) and the names of the parse and format functions it provides."""

    table: str
    parser: str
    json_parser: str
    formatter: str
    info: str
    full_name: str


@dataclass(slots=True)
class EnumMemberView:
    doc: str
    literal: str


@dataclass(slots=True)
class EnumView:
    kind: ClassVar[str] = "enum"
    doc: str
    name: str
    members: tuple[EnumMemberView, ...]
    one_line: str
    """`"A" | "B"` when `export type E = "A" | "B";` fits on one line and no member has a
    doc comment; "" otherwise (one member per line)."""
    companion: EnumCompanionView | None


@dataclass(slots=True)
class EnumCompanionView:
    """`export const E = enumType<E>(...)`: the value names and numbers of an enum."""

    text: str


@dataclass(slots=True)
class MethodView:
    doc: str
    signature: str
    """The whole member, e.g. `getUser(request: GetUserRequest): Promise<User>;`, already
    wrapped and indented past the first line when it is too long."""


@dataclass(slots=True)
class ServiceView:
    kind: ClassVar[str] = "service"
    doc: str
    name: str
    methods: tuple[MethodView, ...]


Declaration = MessageView | EnumView | ServiceView
