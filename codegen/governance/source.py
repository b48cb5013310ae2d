"""The inputs lint and breaking read: FileDescriptorProtos with their source locations.

The protobind model drops what governance needs (options, reserved ranges, imports, spans
of every element), so this room reads the descriptors from the compile step directly.
A `Span` is what buf reports: 1-based line and column, end column exclusive + 1.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from google.protobuf import descriptor_pb2 as d

Path = tuple[int, ...]

# FileDescriptorProto field numbers (descriptor.proto).
F_PACKAGE, F_DEPENDENCY, F_MESSAGE, F_ENUM, F_SERVICE, F_EXTENSION, F_OPTIONS, F_SYNTAX = (
    2, 3, 4, 5, 6, 7, 8, 12,
)  # fmt: skip
M_FIELD, M_NESTED, M_ENUM, M_EXT_RANGE, M_EXTENSION, M_OPTIONS, M_ONEOF = 2, 3, 4, 5, 6, 7, 8
M_RESERVED_RANGE, M_RESERVED_NAME = 9, 10
E_VALUE, E_OPTIONS, E_RESERVED_RANGE, E_RESERVED_NAME = 2, 3, 4, 5
S_METHOD = 2


@dataclass(frozen=True, slots=True)
class Span:
    start_line: int
    start_column: int
    end_line: int
    end_column: int


NO_SPAN = Span(1, 1, 1, 1)
"""Where buf puts findings about a file as a whole."""


@dataclass(frozen=True, slots=True)
class Loc:
    span: Span
    leading: str
    trailing: str


class SourceFile:
    """One input file: its descriptor, where it is on disk (as printed) and its locations.

    The location index is built on first use: a thousand-file run holds a few hundred
    thousand locations, most of which no rule ever asks for (and imports' none)."""

    __slots__ = ("_enums", "_index", "_messages", "is_import", "proto", "shown")

    def __init__(self, proto: d.FileDescriptorProto, shown: str, is_import: bool = False) -> None:
        self.proto = proto
        self.shown = shown
        """The path printed in findings (relative to the working folder, like buf)."""
        self.is_import = is_import
        self._index: dict[Path, d.SourceCodeInfo.Location] | None = None
        self._messages: list[MessageAt] | None = None
        self._enums: list[EnumAt] | None = None

    @classmethod
    def of(cls, proto: d.FileDescriptorProto, shown: str, is_import: bool = False) -> SourceFile:
        return cls(proto, shown, is_import)

    @property
    def name(self) -> str:
        return self.proto.name

    def _locations(self) -> dict[Path, d.SourceCodeInfo.Location]:
        index = self._index
        if index is None:
            index = {}
            for loc in self.proto.source_code_info.location:
                index.setdefault(tuple(loc.path), loc)  # the first one is the declaration
            self._index = index
        return index

    def loc(self, path: Path) -> Loc | None:
        raw = self._locations().get(path)
        if raw is None:
            return None
        return Loc(_span(raw.span), raw.leading_comments, raw.trailing_comments)

    def span(self, path: Path | None) -> Span:
        if path is None:
            return NO_SPAN
        raw = self._locations().get(path)
        return _span(raw.span) if raw is not None else NO_SPAN

    def messages(self) -> list[MessageAt]:
        if self._messages is None:
            self._messages = list(messages(self.proto))
        return self._messages

    def enums(self) -> list[EnumAt]:
        if self._enums is None:
            self._enums = list(enums(self.proto))
        return self._enums


def _span(s: Sequence[int]) -> Span:
    end_line, end_col = (s[2], s[3]) if len(s) == 4 else (s[0], s[2])
    return Span(s[0] + 1, s[1] + 1, end_line + 1, end_col + 1)


@dataclass(frozen=True, slots=True)
class MessageAt:
    proto: d.DescriptorProto
    path: Path
    full_name: str
    parent: MessageAt | None


@dataclass(frozen=True, slots=True)
class EnumAt:
    proto: d.EnumDescriptorProto
    path: Path
    full_name: str


def _prefix(package: str) -> str:
    return package + "." if package else ""


def messages(f: d.FileDescriptorProto) -> Iterator[MessageAt]:
    """Every message, nested ones after their parent (buf's order), map entries included."""

    def walk(
        m: d.DescriptorProto, path: Path, scope: str, parent: MessageAt | None
    ) -> Iterator[MessageAt]:
        at = MessageAt(m, path, scope + m.name, parent)
        yield at
        for i, n in enumerate(m.nested_type):
            yield from walk(n, (*path, M_NESTED, i), at.full_name + ".", at)

    for i, m in enumerate(f.message_type):
        yield from walk(m, (F_MESSAGE, i), _prefix(f.package), None)


def enums(f: d.FileDescriptorProto) -> Iterator[EnumAt]:
    for i, e in enumerate(f.enum_type):
        yield EnumAt(e, (F_ENUM, i), _prefix(f.package) + e.name)
    for m in messages(f):
        for i, e in enumerate(m.proto.enum_type):
            yield EnumAt(e, (*m.path, M_ENUM, i), m.full_name + "." + e.name)


def is_map_entry(m: d.DescriptorProto) -> bool:
    return m.options.map_entry
