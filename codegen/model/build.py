"""Descriptors -> model, in two passes: collect every named type, then link fields to them.

Map entry messages and synthetic oneofs (proto3 `optional`) are folded away; editions
features are resolved here so targets see plain `has_presence` and `closed` flags.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from google.protobuf import descriptor_pb2 as d

from codegen.errors import Diagnostic, SchemaError
from codegen.model.locations import LocationsInHelper, Path, RawTable, read_locations
from codegen.model.nodes import (
    NO_COMMENTS,
    Comments,
    DefaultValue,
    Enum,
    EnumValue,
    Field,
    File,
    Message,
    Method,
    Oneof,
    Schema,
    Service,
    Span,
    Syntax,
)
from codegen.model.types import (
    EnumRef,
    ListOf,
    MapOf,
    MessageRef,
    Scalar,
    ScalarType,
    TypeRef,
    ValueType,
)
from codegen.model.validate import check_files
from codegen.model.wkt import WELL_KNOWN_FILES

F = d.FieldDescriptorProto
FS = d.FeatureSet

_SCALARS = {
    F.TYPE_DOUBLE: Scalar.DOUBLE,
    F.TYPE_FLOAT: Scalar.FLOAT,
    F.TYPE_INT64: Scalar.INT64,
    F.TYPE_UINT64: Scalar.UINT64,
    F.TYPE_INT32: Scalar.INT32,
    F.TYPE_FIXED64: Scalar.FIXED64,
    F.TYPE_FIXED32: Scalar.FIXED32,
    F.TYPE_BOOL: Scalar.BOOL,
    F.TYPE_STRING: Scalar.STRING,
    F.TYPE_BYTES: Scalar.BYTES,
    F.TYPE_UINT32: Scalar.UINT32,
    F.TYPE_SFIXED32: Scalar.SFIXED32,
    F.TYPE_SFIXED64: Scalar.SFIXED64,
    F.TYPE_SINT32: Scalar.SINT32,
    F.TYPE_SINT64: Scalar.SINT64,
}
_SCALAR_TYPES = {kind: ScalarType(kind) for kind in Scalar}

# Source-info path components (descriptor.proto field numbers).
_FILE_MESSAGE, _FILE_ENUM, _FILE_SERVICE, _FILE_PACKAGE, _FILE_SYNTAX, _FILE_EDITION = (
    4,
    5,
    6,
    2,
    12,
    14,
)
_MSG_FIELD, _MSG_NESTED, _MSG_ENUM, _MSG_ONEOF = 2, 3, 4, 8
_ENUM_VALUE = 2
_SERVICE_METHOD = 2


@dataclass(frozen=True, slots=True)
class _Features:
    """The editions features that change generated code, resolved."""

    presence: int  # FS.FieldPresence
    enum_type: int  # FS.EnumType
    message_encoding: int  # FS.MessageEncoding
    repeated_encoding: int  # FS.RepeatedFieldEncoding

    def merge(self, options_features: FS | None) -> _Features:
        if options_features is None:
            return self
        f = options_features
        return _Features(
            presence=f.field_presence or self.presence,
            enum_type=f.enum_type or self.enum_type,
            message_encoding=f.message_encoding or self.message_encoding,
            repeated_encoding=f.repeated_field_encoding or self.repeated_encoding,
        )


# Scalar and enum types that may be packed: every type but string, bytes, message, group.
_PACKABLE = {
    t: t not in (F.TYPE_STRING, F.TYPE_BYTES, F.TYPE_MESSAGE, F.TYPE_GROUP) for t in F.Type.values()
}

_PROTO2 = _Features(FS.EXPLICIT, FS.CLOSED, FS.LENGTH_PREFIXED, FS.EXPANDED)
_PROTO3 = _Features(FS.IMPLICIT, FS.OPEN, FS.LENGTH_PREFIXED, FS.PACKED)
_EDITIONS = _Features(FS.EXPLICIT, FS.OPEN, FS.LENGTH_PREFIXED, FS.PACKED)


def _features(options: object) -> FS | None:
    if options is not None and options.HasField("features"):  # type: ignore[attr-defined]
        return options.features  # type: ignore[attr-defined,no-any-return]
    return None


def build_schema(
    descriptors: Iterable[d.FileDescriptorProto],
    inputs: Sequence[str],
    sources: Mapping[str, str],
    display: Mapping[str, str] | None = None,
    *,
    helper: bool = False,
) -> Schema:
    """Build the model.

    `inputs`: import paths the user asked for. `sources`: import path -> name used in
    generated headers (relative to the config folder); files not listed (well-known
    types, imports from outside the project) are named by their import path.
    `display`: import path -> path shown in diagnostics (relative to the working directory).
    `helper`: read the source locations of most files in a forked process meanwhile (worth
    it on large schemas only; the model is the same either way).
    """
    # Hundreds of thousands of small objects and no cycles: the cyclic collector would
    # only rescan them over and over (it doubles the build time on large schemas).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(descriptors, inputs, sources, display or {}, helper)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(
    descriptors: Iterable[d.FileDescriptorProto],
    inputs: Sequence[str],
    sources: Mapping[str, str],
    display: Mapping[str, str],
    helper: bool,
) -> Schema:
    protos = sorted(descriptors, key=lambda f: f.name)
    # The helper reads the files after the first HELPER_SHARE of them: it is done with
    # them before this process, which reads the first files' locations itself as well
    # as building every file, gets there.
    first = int(len(protos) * HELPER_SHARE) if helper else len(protos)
    locations = LocationsInHelper(protos[first:]) if first < len(protos) else None
    try:
        symbols = _collect_symbols(protos)
        built = []
        uses: dict[str, set[str]] = {}
        for i, fd in enumerate(protos):
            builder = _FileBuilder(
                fd,
                symbols,
                sources.get(fd.name, fd.name),
                display.get(fd.name, fd.name),
                locations.table(fd.name) if locations is not None and i >= first else None,
            )
            built.append(builder.build())
            uses[fd.name] = {ref.file for ref in builder.refs.values()}
    finally:
        if locations is not None:
            locations.close()
    files = tuple(built)
    by_name = {f.name: f for f in files}
    messages = {m.full_name: m for f in files for m in f.all_messages()}
    enums = {e.full_name: e for f in files for e in f.all_enums()}
    missing = [name for name in inputs if name not in by_name]
    if missing:
        raise SchemaError([Diagnostic(name, 0, 0, "not in protoc's output") for name in missing])
    generate = _reachable(inputs, by_name, uses)
    problems = check_files(by_name[name] for name in generate)
    if problems:
        raise SchemaError(problems)
    return Schema(
        files=files,
        generate=generate,
        _files=MappingProxyType(by_name),
        _messages=MappingProxyType(messages),
        _enums=MappingProxyType(enums),
    )


HELPER_SHARE = 0.3
"""Share of the files whose locations this process reads itself when a helper reads the
rest. Building a file costs about 2.7 times reading its locations (1000 synthetic files:
1.27 s against 0.48 s), so by the time this process has built the first 30% (~0.8 of
the reading of all files), the helper has read the other 70% and sent them. Shares of
0.2, 0.25 and 0.35 measured within 0.03 s of this one, which is the noise."""


def _reachable(
    inputs: Sequence[str], files: Mapping[str, File], uses: Mapping[str, set[str]]
) -> tuple[str, ...]:
    """Inputs plus every non-well-known file whose types they reach (or re-export).

    `uses`: for each file, the files defining the types its fields and methods name."""
    seen: set[str] = set()
    todo = [name for name in inputs]
    while todo:
        name = todo.pop()
        if name in seen or files[name].well_known:
            continue
        seen.add(name)
        todo.extend(files[name].public_dependencies)
        todo.extend(uses[name])
    return tuple(sorted(seen))


@dataclass(frozen=True, slots=True)
class _Symbol:
    kind: str  # "message" | "enum"
    file: str
    package: str
    scope: tuple[str, ...]
    closed: bool = False
    map_entry: d.DescriptorProto | None = None


def _collect_symbols(protos: Sequence[d.FileDescriptorProto]) -> dict[str, _Symbol]:
    """Pass one: every message and enum by full name, with what references need."""
    table: dict[str, _Symbol] = {}
    for fd in protos:
        features = _file_features(fd)
        for m in fd.message_type:
            _add_message(table, fd, m, (), features)
        for e in fd.enum_type:
            _add_enum(table, fd, e, (), features)
    return table


def _add_message(
    table: dict[str, _Symbol],
    fd: d.FileDescriptorProto,
    m: d.DescriptorProto,
    scope: tuple[str, ...],
    features: _Features,
) -> None:
    here = (*scope, m.name)
    full = ".".join(filter(None, (fd.package, *here)))
    entry = m if m.options.map_entry else None
    table[full] = _Symbol("message", fd.name, fd.package, here, map_entry=entry)
    inner = features.merge(_features(m.options))
    for nested in m.nested_type:
        _add_message(table, fd, nested, here, inner)
    for e in m.enum_type:
        _add_enum(table, fd, e, here, inner)


def _add_enum(
    table: dict[str, _Symbol],
    fd: d.FileDescriptorProto,
    e: d.EnumDescriptorProto,
    scope: tuple[str, ...],
    features: _Features,
) -> None:
    closed = features.merge(_features(e.options)).enum_type == FS.CLOSED
    full = ".".join(filter(None, (fd.package, *scope, e.name)))
    table[full] = _Symbol("enum", fd.name, fd.package, (*scope, e.name), closed=closed)


def _file_features(fd: d.FileDescriptorProto) -> _Features:
    syntax = _syntax(fd)
    base = {"proto2": _PROTO2, "proto3": _PROTO3, "editions": _EDITIONS}[syntax]
    return base.merge(_features(fd.options))


def _syntax(fd: d.FileDescriptorProto) -> Syntax:
    if fd.syntax == "editions":
        return "editions"
    if fd.syntax == "proto3":
        return "proto3"
    return "proto2"


class _FileBuilder:
    """Pass two for one file: link references, fold map entries, attach comments."""

    def __init__(
        self,
        fd: d.FileDescriptorProto,
        symbols: Mapping[str, _Symbol],
        source: str,
        display: str,
        located: RawTable | None = None,
    ) -> None:
        self.fd = fd
        self.symbols = symbols
        self.source = source
        self.display = display
        self.syntax = _syntax(fd)
        self.package = fd.package
        self.editions = self.syntax == "editions"
        self.refs: dict[str, MessageRef | EnumRef] = {}
        self._type_cache: dict[tuple[int, str, int], TypeRef] = {}
        self.span_at: dict[Path, Span]
        self.comment_at: dict[Path, Comments]
        if located is None:
            self.span_at, self.comment_at = read_locations(
                fd, functools.partial(Span, display), Comments
            )
        else:
            spans, comments = located
            self.span_at = {p: Span(display, line, col) for p, (line, col) in spans.items()}
            self.comment_at = {p: Comments(*c) for p, c in comments.items()}

    def build(self) -> File:
        fd = self.fd
        features = _file_features(fd)
        edition = None
        if self.syntax == "editions":
            edition = d.Edition.Name(fd.edition).removeprefix("EDITION_")
        file_comments = self._comments((_FILE_SYNTAX,))
        if not file_comments and self.syntax == "editions":
            file_comments = self._comments((_FILE_EDITION,))
        package_comments = self._comments((_FILE_PACKAGE,))
        comments = Comments(
            leading=_join(file_comments.leading, package_comments.leading),
            trailing=(),
            detached=file_comments.detached + package_comments.detached,
        )
        return File(
            name=fd.name,
            source=self.source,
            package=fd.package,
            syntax=self.syntax,
            edition=edition,
            dependencies=tuple(fd.dependency),
            public_dependencies=tuple(fd.dependency[i] for i in fd.public_dependency),
            messages=tuple(
                self._message(m, (), (_FILE_MESSAGE, i), features)
                for i, m in enumerate(fd.message_type)
                if not m.options.map_entry
            ),
            enums=tuple(self._enum(e, (), (_FILE_ENUM, i)) for i, e in enumerate(fd.enum_type)),
            services=tuple(self._service(s, (_FILE_SERVICE, i)) for i, s in enumerate(fd.service)),
            go_package=fd.options.go_package or None,
            deprecated=fd.options.deprecated,
            comments=comments,
            well_known=fd.name in WELL_KNOWN_FILES,
        )

    # -- declarations -------------------------------------------------------------------

    def _message(
        self, m: d.DescriptorProto, scope: tuple[str, ...], path: Path, inherited: _Features
    ) -> Message:
        here = (*scope, m.name)
        full = self._full(here)
        features = inherited.merge(_features(m.options)) if self.editions else inherited
        fields, members = self._fields(m, features, path)
        oneofs = tuple(
            Oneof(
                name=m.oneof_decl[i].name,
                fields=tuple(names),
                comments=self._comments((*path, _MSG_ONEOF, i)),
                span=self._span((*path, _MSG_ONEOF, i)),
            )
            for i, names in sorted(members.items())
        )
        return Message(
            ref=MessageRef(full, self.fd.name, self.package, here),
            fields=fields,
            oneofs=oneofs,
            messages=tuple(
                self._message(n, here, (*path, _MSG_NESTED, i), features)
                for i, n in enumerate(m.nested_type)
                if not n.options.map_entry
            ),
            enums=tuple(
                self._enum(e, here, (*path, _MSG_ENUM, i)) for i, e in enumerate(m.enum_type)
            ),
            deprecated=m.HasField("options") and m.options.deprecated,
            reserved_names=tuple(m.reserved_name),
            reserved_ranges=tuple((r.start, r.end - 1) for r in m.reserved_range),
            comments=self._comments(path),
            span=self._span(path),
        )

    def _fields(
        self, m: d.DescriptorProto, features: _Features, path: Path
    ) -> tuple[tuple[Field, ...], dict[int, list[str]]]:
        """Every field of `m`, and the real oneofs' member names by oneof index.

        The hottest loop of the model build (once per field of every file): descriptor
        attributes are read once each, type references come from a per-file cache.
        """
        fields: list[Field] = []
        members: dict[int, list[str]] = {}
        comment_at, span_at, type_of = self.comment_at, self.span_at, self._type_cache
        syntax, editions = self.syntax, self.editions
        for i, f in enumerate(m.field):
            fpath = (*path, _MSG_FIELD, i)
            name = f.name
            label = f.label
            ftype = f.type
            type_name = f.type_name
            key = (ftype, type_name, label)
            type_ref = type_of.get(key)
            if type_ref is None:
                type_ref = type_of[key] = self._type(f)
            has_options = f.HasField("options")
            field_features = features
            if editions and has_options:
                field_features = features.merge(_features(f.options))
            proto3_optional = f.proto3_optional
            in_oneof = not proto3_optional and f.HasField("oneof_index")
            kind = type(type_ref)
            if kind is ListOf or kind is MapOf:
                has_presence = False
            elif kind is MessageRef or in_oneof or proto3_optional:
                has_presence = True
            elif syntax == "proto3":
                has_presence = False
            elif syntax == "proto2":
                has_presence = True
            else:
                has_presence = field_features.presence in (FS.EXPLICIT, FS.LEGACY_REQUIRED)
            oneof = None
            if in_oneof:
                oneof = m.oneof_decl[f.oneof_index].name
                members.setdefault(f.oneof_index, []).append(name)
            delimited = ftype == F.TYPE_GROUP
            if not delimited and field_features.message_encoding == FS.DELIMITED:
                element = type_ref.element if kind is ListOf else type_ref  # type: ignore[union-attr]
                delimited = isinstance(element, MessageRef)
            packed = False
            if kind is ListOf and _PACKABLE.get(ftype, False):
                if editions:
                    packed = field_features.repeated_encoding == FS.PACKED
                elif has_options and f.options.HasField("packed"):
                    packed = f.options.packed
                else:
                    packed = syntax == "proto3"
            fields.append(
                Field(
                    name,
                    f.number,
                    f.json_name or _default_json_name(name),
                    type_ref,
                    has_presence,
                    label == F.LABEL_REQUIRED
                    or (editions and field_features.presence == FS.LEGACY_REQUIRED),
                    oneof,
                    self._default(f, type_ref) if f.HasField("default_value") else None,
                    has_options and f.options.deprecated,
                    delimited,
                    packed,
                    comment_at.get(fpath, NO_COMMENTS),
                    span_at.get(fpath),
                )
            )
        return tuple(fields), members

    def _enum(self, e: d.EnumDescriptorProto, scope: tuple[str, ...], path: Path) -> Enum:
        here = (*scope, e.name)
        full = self._full(here)
        symbol = self.symbols[full]
        return Enum(
            ref=EnumRef(full, self.fd.name, self.package, here, symbol.closed),
            values=tuple(
                EnumValue(
                    name=v.name,
                    number=v.number,
                    deprecated=v.HasField("options") and v.options.deprecated,
                    comments=self._comments((*path, _ENUM_VALUE, i)),
                    span=self._span((*path, _ENUM_VALUE, i)),
                )
                for i, v in enumerate(e.value)
            ),
            allow_alias=e.options.allow_alias,
            deprecated=e.options.deprecated,
            comments=self._comments(path),
            span=self._span(path),
        )

    def _service(self, s: d.ServiceDescriptorProto, path: Path) -> Service:
        methods = []
        for i, m in enumerate(s.method):
            mpath = (*path, _SERVICE_METHOD, i)
            inp, out = self._named(m.input_type), self._named(m.output_type)
            assert isinstance(inp, MessageRef) and isinstance(out, MessageRef)
            methods.append(
                Method(
                    name=m.name,
                    input=inp,
                    output=out,
                    client_streaming=m.client_streaming,
                    server_streaming=m.server_streaming,
                    deprecated=m.options.deprecated,
                    comments=self._comments(mpath),
                    span=self._span(mpath),
                )
            )
        return Service(
            full_name=self._full((s.name,)),
            name=s.name,
            methods=tuple(methods),
            deprecated=s.options.deprecated,
            comments=self._comments(path),
            span=self._span(path),
        )

    # -- types ----------------------------------------------------------------------------

    def _type(self, f: d.FieldDescriptorProto) -> TypeRef:
        if f.type_name:
            symbol = self.symbols[f.type_name.lstrip(".")]
            if symbol.map_entry is not None and f.label == F.LABEL_REPEATED:
                key_field, value_field = symbol.map_entry.field[0], symbol.map_entry.field[1]
                key = self._value(key_field)
                assert isinstance(key, ScalarType), "map keys are scalars"
                return MapOf(key, self._value(value_field))
        value = self._value(f)
        return ListOf(value) if f.label == F.LABEL_REPEATED else value

    def _value(self, f: d.FieldDescriptorProto) -> ValueType:
        if f.type in _SCALARS:
            return _SCALAR_TYPES[_SCALARS[f.type]]
        return self._named(f.type_name)

    def _named(self, type_name: str) -> MessageRef | EnumRef:
        ref = self.refs.get(type_name)
        if ref is None:
            full = type_name.lstrip(".")
            s = self.symbols[full]
            if s.kind == "enum":
                ref = EnumRef(full, s.file, s.package, s.scope, s.closed)
            else:
                ref = MessageRef(full, s.file, s.package, s.scope)
            self.refs[type_name] = ref
        return ref

    def _default(self, f: d.FieldDescriptorProto, t: TypeRef) -> DefaultValue:
        raw: str | bytes = f.default_value
        if isinstance(raw, bytes):  # a string default that is not valid UTF-8
            raw = raw.decode("utf-8", "replace")
        if isinstance(t, EnumRef):
            return raw
        assert isinstance(t, ScalarType)
        kind = t.kind
        if kind == Scalar.BOOL:
            return raw == "true"
        if kind == Scalar.STRING:
            return raw
        if kind == Scalar.BYTES:
            return _unescape_c(raw)
        if kind.is_float:
            return float(raw)  # protoc writes "inf", "-inf", "nan" as Python spells them
        return int(raw, 0)

    # -- source info ---------------------------------------------------------------------

    def _full(self, scope: tuple[str, ...]) -> str:
        name = ".".join(scope)
        return f"{self.package}.{name}" if self.package else name

    def _comments(self, path: Path) -> Comments:
        return self.comment_at.get(path, NO_COMMENTS)

    def _span(self, path: Path) -> Span | None:
        return self.span_at.get(path)


def _join(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    if a and b:
        return (*a, "", *b)
    return a or b


def _default_json_name(name: str) -> str:
    """protoc's ToJsonName: drop underscores, upper-case the letter after each."""
    out: list[str] = []
    upper = False
    for ch in name:
        if ch == "_":
            upper = True
        elif upper:
            out.append(ch.upper())
            upper = False
        else:
            out.append(ch)
    return "".join(out)


def _unescape_c(text: str) -> bytes:
    """protoc C-escapes bytes defaults (`\\001`, `\\n`, `\\\\`)."""
    out = bytearray()
    i = 0
    raw = text.encode("latin-1", "backslashreplace")
    simple = {
        ord("n"): 10,
        ord("r"): 13,
        ord("t"): 9,
        ord('"'): 34,
        ord("'"): 39,
        ord("\\"): 92,
        ord("a"): 7,
        ord("b"): 8,
        ord("f"): 12,
        ord("v"): 11,
        ord("?"): 63,
    }
    while i < len(raw):
        c = raw[i]
        if c != 0x5C or i + 1 >= len(raw):
            out.append(c)
            i += 1
            continue
        n = raw[i + 1]
        if n in simple:
            out.append(simple[n])
            i += 2
        elif n in b"01234567":
            j = i + 1
            while j < len(raw) and j < i + 4 and raw[j] in b"01234567":
                j += 1
            out.append(int(raw[i + 1 : j], 8) & 0xFF)
            i = j
        elif n in b"xX":
            j = i + 2
            while j < len(raw) and j < i + 4 and chr(raw[j]) in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(raw[i + 2 : j], 16))
            i = j
        else:
            out.append(n)
            i += 2
    return bytes(out)
