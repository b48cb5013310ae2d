"""View objects: everything a Go template prints, computed in Python beforehand.

Templates receive these (and the model) only. Type expressions, identifiers, aligned
struct and const lines and doc comments are final strings here, so the templates hold
the shape of the code and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.model import Enum, File, Message, Method, Oneof, Service
from codegen.targets.go.codec import MessageCodec


@dataclass(slots=True)
class OneofCase:
    type: str
    """Wrapper struct type name."""
    field: str
    """The wrapper's single field, with the member's doc comment (finished lines)."""
    one_line: bool
    """gofmt keeps `func (*W) isX() {}` on one line only while the header is under 100 columns."""


@dataclass(slots=True)
class OneofView:
    oneof: Oneof
    field: str
    iface: str
    cases: list[OneofCase]


@dataclass(slots=True)
class MessageView:
    message: Message
    type: str
    doc: str
    """The doc comment: finished `//` lines, each ending in a newline ("" for none)."""
    fields: str
    """The struct's body: finished lines, aligned as gofmt aligns them."""
    getters: str
    """The GetX methods (finished text)."""
    oneofs: list[OneofView]
    codec: MessageCodec
    proto_name: str
    """Go string literal of the full proto name."""


@dataclass(slots=True)
class EnumView:
    enum: Enum
    type: str
    doc: str
    values: str
    """The const block's body (finished lines)."""
    name_cases: str
    """ProtoEnumName's switch cases, one per number (its first declared name)."""
    value_cases: str
    """ProtoEnumValue's switch cases, one per value name (aliases too)."""
    closed: bool


@dataclass(slots=True)
class MethodView:
    method: Method
    doc: str
    signature: str


@dataclass(slots=True)
class ServiceView:
    service: Service
    type: str
    doc: str
    methods: list[MethodView]


@dataclass(slots=True)
class FileView:
    file: File
    package: str
    enums: list[EnumView]
    messages: list[MessageView]
    services: list[ServiceView]


@dataclass(slots=True)
class AliasView:
    """One exported name of a package in an import cycle, aliasing the shared package."""

    doc: str
    kind: str
    """`type` or `const`."""
    name: str
    target: str


def align(entries: list[tuple[list[str], str, str]], indent: str = "\t") -> str:
    """(doc lines, name, rest) rows -> finished lines, `name` padded as gofmt pads it:
    a column block runs over consecutive lines and is broken by comment lines."""
    out: list[str] = []
    i = 0
    n = len(entries)
    while i < n:
        j = i + 1
        while j < n and not entries[j][0]:
            j += 1
        width = max(len(e[1]) for e in entries[i:j])
        for doc, name, rest in entries[i:j]:
            for line in doc:
                out.append(f"{indent}{line}\n")
            out.append(f"{indent}{name}{' ' * (width - len(name) + 1)}{rest}\n")
        i = j
    return "".join(out)


def doc_text(lines: list[str], indent: str = "") -> str:
    """Doc comment lines -> text ending in a newline ("" when there are none)."""
    if not lines:
        return ""
    return "".join(f"{indent}{line}\n" for line in lines)
