"""The intermediate model: frozen, fully resolved, language-neutral.

Built once from protoc's descriptors (see build.py); every target reads the same
model. It holds proto names only: each target derives its own identifiers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from codegen.model.frozen import node
from codegen.model.types import EnumRef, MessageRef, TypeRef

Syntax: TypeAlias = Literal["proto2", "proto3", "editions"]
DefaultValue: TypeAlias = bool | int | float | str | bytes
"""A proto2/editions `[default = ...]`; for enum fields, the value's name as a str."""


@node
class Span:
    """Where a declaration starts: path as shown to the user, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@node
class Comments:
    """Comments attached to a declaration, normalised to lines without the `//` markers.

    The text is exactly what the user wrote: targets must escape it for their language.
    """

    leading: tuple[str, ...] = ()
    trailing: tuple[str, ...] = ()
    detached: tuple[tuple[str, ...], ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        """Leading then trailing comment, separated by a blank line: the doc comment."""
        if self.leading and self.trailing:
            return (*self.leading, "", *self.trailing)
        return self.leading or self.trailing

    def __bool__(self) -> bool:
        return bool(self.leading or self.trailing)


NO_COMMENTS = Comments()


@node
class Field:
    name: str
    number: int
    json_name: str
    type: TypeRef
    has_presence: bool
    """Set and default are distinguishable: messages, oneof members, proto3 `optional`,
    proto2 `optional`/`required`, editions EXPLICIT. Never true for lists and maps."""
    required: bool = False
    """proto2 `required` or editions LEGACY_REQUIRED."""
    oneof: str | None = None
    """Name of the (real, non-synthetic) oneof this field belongs to."""
    default: DefaultValue | None = None
    deprecated: bool = False
    delimited: bool = False
    """Group / DELIMITED encoding; the JSON mapping is the same as for a message."""
    packed: bool = False
    """A repeated scalar or enum written as one length-delimited run (the wire format):
    proto3 and editions by default, proto2 with `[packed = true]`. Parsers accept both."""
    comments: Comments = NO_COMMENTS
    span: Span | None = None


@node
class Oneof:
    name: str
    fields: tuple[str, ...]
    """Names of the member fields, in declaration order."""
    comments: Comments = NO_COMMENTS
    span: Span | None = None


@node
class EnumValue:
    name: str
    number: int
    deprecated: bool = False
    comments: Comments = NO_COMMENTS
    span: Span | None = None


@node
class Enum:
    ref: EnumRef
    values: tuple[EnumValue, ...]
    allow_alias: bool = False
    deprecated: bool = False
    comments: Comments = NO_COMMENTS
    span: Span | None = None

    @property
    def name(self) -> str:
        return self.ref.name

    @property
    def full_name(self) -> str:
        return self.ref.full_name

    @property
    def closed(self) -> bool:
        return self.ref.closed


@node
class Message:
    ref: MessageRef
    fields: tuple[Field, ...]
    oneofs: tuple[Oneof, ...] = ()
    messages: tuple[Message, ...] = ()
    enums: tuple[Enum, ...] = ()
    deprecated: bool = False
    reserved_names: tuple[str, ...] = ()
    reserved_ranges: tuple[tuple[int, int], ...] = ()
    """Inclusive ranges of reserved field numbers."""
    comments: Comments = NO_COMMENTS
    span: Span | None = None

    @property
    def name(self) -> str:
        return self.ref.name

    @property
    def full_name(self) -> str:
        return self.ref.full_name

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def walk(self) -> Iterator[Message]:
        """This message and every nested message, depth first, in declaration order."""
        yield self
        for m in self.messages:
            yield from m.walk()


@node
class Method:
    name: str
    input: MessageRef
    output: MessageRef
    client_streaming: bool = False
    server_streaming: bool = False
    deprecated: bool = False
    comments: Comments = NO_COMMENTS
    span: Span | None = None


@node
class Service:
    full_name: str
    name: str
    methods: tuple[Method, ...]
    deprecated: bool = False
    comments: Comments = NO_COMMENTS
    span: Span | None = None


@node
class File:
    name: str
    """Import path (`acme/v1/domain.proto`), as other files import it."""
    source: str
    """The file as named in generated headers, `/`-separated: relative to the config's
    folder (`generate`; inputs and files imported from a proto path alike), or the import
    path (plugin mode, and files from outside the proto paths such as the well-known
    types). A config at the proto root gives the import path: both modes agree."""
    package: str
    syntax: Syntax
    edition: str | None
    """`2023`, `2024`, ... for editions files."""
    dependencies: tuple[str, ...]
    public_dependencies: tuple[str, ...]
    messages: tuple[Message, ...]
    enums: tuple[Enum, ...]
    services: tuple[Service, ...]
    go_package: str | None = None
    deprecated: bool = False
    comments: Comments = NO_COMMENTS
    """Comments on the `syntax`/`edition` line and on the `package` line."""
    well_known: bool = False
    """One of google/protobuf/{any,duration,...}.proto: its types map to runtime types."""

    def all_messages(self) -> Iterator[Message]:
        for m in self.messages:
            yield from m.walk()

    def all_enums(self) -> Iterator[Enum]:
        yield from self.enums
        for m in self.all_messages():
            yield from m.enums


@dataclass(frozen=True)
class Schema:
    files: tuple[File, ...]
    """Every file protoc loaded (inputs and imports), sorted by import path."""
    generate: tuple[str, ...]
    """Import paths of the files to generate: the inputs plus every non-well-known file
    their types reach, so the output always compiles. Sorted."""
    _files: Mapping[str, File] = field(repr=False, compare=False)
    _messages: Mapping[str, Message] = field(repr=False, compare=False)
    _enums: Mapping[str, Enum] = field(repr=False, compare=False)

    def file(self, name: str) -> File:
        return self._files[name]

    def message(self, ref: MessageRef | str) -> Message:
        return self._messages[ref if isinstance(ref, str) else ref.full_name]

    def enum(self, ref: EnumRef | str) -> Enum:
        return self._enums[ref if isinstance(ref, str) else ref.full_name]

    def files_to_generate(self) -> Iterator[File]:
        for name in self.generate:
            yield self._files[name]

    @property
    def messages(self) -> Mapping[str, Message]:
        return self._messages

    @property
    def enums(self) -> Mapping[str, Enum]:
        return self._enums
