"""View objects: everything a Go template prints, computed in Python beforehand.

Templates receive these (and the model) only. Type expressions, identifiers, aligned
struct and const lines and doc comments are final strings here, so the templates hold
the shape of the code and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.model import Enum, File, Message, Method, Oneof, Service
from codegen.targets.go.codec import MessageCodec
from codegen.targets.go.comments import doc_lines


@dataclass(slots=True)
class Line:
    """One declaration line with the doc comment above it."""

    doc: list[str]
    text: str


@dataclass(slots=True)
class OneofCase:
    type: str
    """Wrapper struct type name."""
    field: Line
    """The wrapper's single field (aligned, with the member's doc comment)."""
    doc: list[str]
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
    doc: list[str]
    fields: list[Line]
    """The struct's lines, aligned as gofmt aligns them."""
    oneofs: list[OneofView]
    codec: MessageCodec
    proto_name: str
    """Go string literal of the full proto name."""


@dataclass(slots=True)
class EnumValueCase:
    number: int
    name: str
    """Go string literal of the proto value name."""


@dataclass(slots=True)
class EnumView:
    enum: Enum
    type: str
    doc: list[str]
    values: list[Line]
    names: list[EnumValueCase]
    """One name per number (the first declared), for String() and the JSON codec."""
    lookup: list[EnumValueCase]
    """Every value name (aliases too) for parsing."""
    closed: bool


@dataclass(slots=True)
class MethodView:
    method: Method
    doc: list[str]
    signature: str


@dataclass(slots=True)
class ServiceView:
    service: Service
    type: str
    doc: list[str]
    methods: list[MethodView]


@dataclass(slots=True)
class RegistryEntry:
    full_name: str
    """Go string literal."""
    type: str


@dataclass(slots=True)
class FileView:
    file: File
    package: str
    enums: list[EnumView]
    messages: list[MessageView]
    services: list[ServiceView]
    registry: list[RegistryEntry]


@dataclass(slots=True)
class AliasView:
    """One exported name of a package in an import cycle, aliasing the shared package."""

    doc: list[str]
    kind: str
    """`type` or `const`."""
    name: str
    target: str


def align(entries: list[tuple[list[str], str, str]]) -> list[Line]:
    """(doc, name, rest) rows -> lines with `name` padded as gofmt pads it: a column
    block runs over consecutive lines and is broken by comment lines."""
    out: list[Line] = []
    i = 0
    n = len(entries)
    while i < n:
        j = i + 1
        while j < n and not entries[j][0]:
            j += 1
        width = max(len(e[1]) for e in entries[i:j])
        for doc, name, rest in entries[i:j]:
            out.append(Line(doc, f"{name}{' ' * (width - len(name) + 1)}{rest}"))
        i = j
    return out


def enum_doc(e: Enum) -> list[str]:
    return doc_lines(e.comments.lines, deprecated=e.deprecated)
