"""What the JSON codec templates print for each field: one writer and one reader call.

The runtime has a writer and a reader for every kind of value (`(*Encoder).Int32`,
`protobindrt.EncodeEnum[Color]`, `(*Decoder).ReadTimestamp`, ...) and generic helpers
for the shapes a field can have (`WriteList`, `WriteMap`, `OptField`, `ListField`,
`ReadOneof`, ...). This module picks, per field, the helper and the value writer/reader,
and returns the finished call; the templates (marshal.go.j2, unmarshal.go.j2) place the
calls in the methods' structure. Keys are final Go string literals: the JSON profile's
`names` switch is applied here, at generation time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from codegen.config import JsonProfile
from codegen.model import (
    EnumRef,
    Field,
    ListOf,
    MapOf,
    Message,
    MessageRef,
    Scalar,
    ScalarType,
    TypeRef,
    ValueType,
    WellKnown,
)
from codegen.targets.go.imports import Imports
from codegen.targets.go.literals import go_string, json_key
from codegen.targets.go.names import MessageNames
from codegen.targets.go.types import TypeMapper, wrapped_scalar

_SCALAR_METHOD_BY = {
    Scalar.DOUBLE: "Float64",
    Scalar.FLOAT: "Float32",
    Scalar.INT32: "Int32",
    Scalar.INT64: "Int64",
    Scalar.UINT32: "Uint32",
    Scalar.UINT64: "Uint64",
    Scalar.SINT32: "Int32",
    Scalar.SINT64: "Int64",
    Scalar.FIXED32: "Uint32",
    Scalar.FIXED64: "Uint64",
    Scalar.SFIXED32: "Int32",
    Scalar.SFIXED64: "Int64",
    Scalar.BOOL: "Bool",
    Scalar.STRING: "String",
    Scalar.BYTES: "Bytes",
}

_SCALAR_METHOD = {k._name_: v for k, v in _SCALAR_METHOD_BY.items()}
"""Keyed by the Scalar member's name: hashing a str is cheaper than hashing an Enum."""

_WKT_METHOD = {
    WellKnown.TIMESTAMP: ("Timestamp", "Timestamp"),
    WellKnown.DURATION: ("Duration", "Duration"),
    WellKnown.FIELD_MASK: ("FieldMask", "FieldMask"),
    WellKnown.EMPTY: ("Empty", "Empty"),
    WellKnown.ANY: ("Any", "Any"),
    WellKnown.STRUCT: ("Struct", "Struct"),
    WellKnown.LIST_VALUE: ("List", "ListValue"),
    WellKnown.VALUE: ("Value", "Value"),
}
"""(Encoder method, Decoder method suffix) of the well-known types that are not wrappers."""

_NILABLE_FIELD = {
    WellKnown.STRUCT: "StructField",
    WellKnown.LIST_VALUE: "ListValueField",
    WellKnown.VALUE: "ValueField",
    WellKnown.BYTES_VALUE: "PresentBytesField",
}
"""Encoder methods writing a field whose Go type is nil when unset."""

_MAP_KEY_BY = {
    Scalar.INT32: ("MapKeyInt32", "KeyInt32"),
    Scalar.SINT32: ("MapKeyInt32", "KeyInt32"),
    Scalar.SFIXED32: ("MapKeyInt32", "KeyInt32"),
    Scalar.INT64: ("MapKeyInt64", "KeyInt64"),
    Scalar.SINT64: ("MapKeyInt64", "KeyInt64"),
    Scalar.SFIXED64: ("MapKeyInt64", "KeyInt64"),
    Scalar.UINT32: ("MapKeyUint32", "KeyUint32"),
    Scalar.FIXED32: ("MapKeyUint32", "KeyUint32"),
    Scalar.UINT64: ("MapKeyUint64", "KeyUint64"),
    Scalar.FIXED64: ("MapKeyUint64", "KeyUint64"),
    Scalar.BOOL: ("MapKeyBool", "KeyBool"),
    Scalar.STRING: ("MapKey", "KeyString"),
}
_MAP_KEY = {k._name_: v for k, v in _MAP_KEY_BY.items()}


@dataclass(slots=True)
class ValueCodec:
    """How one value of a type is written and read (Go function expressions)."""

    writer: str
    """A `func(*Encoder, T)`."""
    reader: str
    """A `func(*Decoder, *T) bool`."""
    nullable: bool
    """JSON null is a value of this type (google.protobuf.Value, NullValue)."""


@dataclass(slots=True)
class MessageCodec:
    writes: str
    """MarshalProtoJSON's body between BeginObject and EndObject (finished lines)."""
    reads: str
    """The cases of UnmarshalProtoJSON's switch on the key (finished lines)."""
    types: dict[str, str]
    """Go type of each field outside oneofs, by proto name."""


# The shapes of the per-field code. They live here rather than in marshal.go.j2 and
# unmarshal.go.j2 because they repeat for every field (100,000 fields in the 1000-file
# benchmark): joined in Python they cost a tenth of a Jinja loop.
_ONEOF_SWITCH = "\tswitch x := m.{}.(type) {{\n{}\t}}\n"
_ONEOF_CASE = "\tcase *{}:\n\t\t{}\n"
_READ_ONEOF = (
    "\t\tcase {labels}:\n"
    "\t\t\tif v, ok := {read}; ok {{\n"
    "\t\t\t\tm.{field} = &{wrapper}{{{member}: v}}\n"
    "\t\t\t}}\n"
)


class CodecBuilder:
    """Codec calls for the fields of one file (identifiers qualified for that file)."""

    def __init__(self, types: TypeMapper, imports: Imports, profile: JsonProfile) -> None:
        self.types = types
        self.imports = imports
        self.proto_names = profile.names == "proto"
        self._values: dict[ValueType, ValueCodec] = {}
        self.rt = self.enc = self.dec = ""

    def _use_runtime(self) -> None:
        """Name the runtime package in this file (importing it) before the first call."""
        if not self.rt:
            self.rt = self.imports.qualifier(self.imports.runtime_path, "")
            self.enc = f"(*{self.rt}.Encoder)"
            self.dec = f"(*{self.rt}.Decoder)"

    def value(self, t: ValueType) -> ValueCodec:
        self._use_runtime()
        v = self._values.get(t)
        if v is None:
            v = self._values[t] = self._value(t)
        return v

    def _value(self, t: ValueType) -> ValueCodec:
        enc, dec, rt = self.enc, self.dec, self.rt
        if isinstance(t, ScalarType):
            m = _SCALAR_METHOD[t.kind._name_]
            return ValueCodec(f"{enc}.{m}", f"{dec}.Read{m}", False)
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return ValueCodec(f"{enc}.NullValue", f"{dec}.ReadNullValue", True)
            closed = "Closed" if t.closed else ""
            name = self.types.named(t.full_name)
            return ValueCodec(
                f"{rt}.Encode{closed}Enum[{name}]", f"{rt}.Decode{closed}Enum[{name}]", False
            )
        wkt = t.well_known
        if wkt is None:
            name = self.types.named(t.full_name)
            return ValueCodec(f"{rt}.EncodeMessage[*{name}]", f"{rt}.ReadMessage[{name}]", False)
        scalar = wrapped_scalar(wkt)
        if scalar is not None:
            m = _SCALAR_METHOD[scalar._name_]
            return ValueCodec(f"{enc}.{m}", f"{dec}.Read{m}", False)
        e, r = _WKT_METHOD[wkt]
        return ValueCodec(f"{enc}.{e}", f"{dec}.Read{r}", wkt is WellKnown.VALUE)

    def message(self, m: Message, names: MessageNames) -> MessageCodec:
        self._use_runtime()
        labels = _labels(m)
        rt = self.rt
        index = len(m.fields)
        oneof_bits: dict[str, int] = {}
        for o in m.oneofs:
            oneof_bits[o.name] = index
            index += 1
        writes: list[str] = []
        reads: list[str] = []
        types: dict[str, str] = {}
        oneof_cases: dict[str, list[str]] = {}
        proto_names = self.proto_names
        fields = names.fields
        for i, f in enumerate(m.fields):
            go = fields[f.name]
            key = _key(f.name if proto_names else f.json_name)
            label = labels[f.name]
            if f.oneof is None:
                go_type, wh, wt, rh, rtail = self.shape(f)
                types[f.name] = go_type
                writes.append(f"\t{wh}{key}, m.{go}{wt}\n")
                if label:
                    reads.append(f"\t\tcase {label}:\n\t\t\t{rh}{i}, &m.{go}{rtail}\n")
                continue
            on = names.oneofs[f.oneof]
            v = self.value(f.type)  # type: ignore[arg-type]
            wrapper = on.cases[f.name]
            cases = oneof_cases.get(f.oneof)
            if cases is None:
                cases = oneof_cases[f.oneof] = []
                writes.append(f.oneof)  # replaced by the switch below
            cases.append(_ONEOF_CASE.format(wrapper, f"{rt}.Write(e, {key}, x.{go}, {v.writer})"))
            if label:
                read_fn = "ReadNullableOneof" if v.nullable else "ReadOneof"
                bit = oneof_bits[f.oneof]
                read = f"{rt}.{read_fn}(d, {i}, {bit}, {_quoted(f.oneof)}, {v.reader})"
                reads.append(
                    _READ_ONEOF.format(
                        labels=label, read=read, field=on.field, wrapper=wrapper, member=go
                    )
                )
        if oneof_cases:
            for k, item in enumerate(writes):
                cases = oneof_cases.get(item) if item[0] != "\t" else None
                if cases is not None:
                    writes[k] = _ONEOF_SWITCH.format(names.oneofs[item].field, "".join(cases))
        return MessageCodec("".join(writes), "".join(reads), types)

    def shape(self, f: Field) -> tuple[str, str, str, str, str]:
        """(Go type, write head, write tail, read head, read tail) of a field outside a
        oneof: it is written as `head + key + ", m.Field" + tail` and read as
        `head + index + ", &m.Field" + tail`.

        Cached per type shape and presence, across files (a shape names only the
        runtime, `time` and the placeholder, which are spelled the same in every file):
        a message or enum type is replaced by a placeholder for the lookup and its name
        filled in afterwards, so the thousands of `repeated SomeMessage` fields share one
        entry."""
        generic, named = _generic(f.type)
        cache_key = (_type_key(generic), f.has_presence, self.rt)
        s = _SHAPES.get(cache_key)
        if s is None:
            s = _SHAPES[cache_key] = self._shape(_Shape(generic, f.has_presence))
        elif "time." in s[0]:
            self.imports.qualifier("time", "time")  # what computing it would have imported
        if named is None:
            return s
        name = self.types.named(named.full_name)
        return (
            s[0].replace(_PLACEHOLDER, name),
            s[1],
            s[2].replace(_PLACEHOLDER, name),
            s[3],
            s[4].replace(_PLACEHOLDER, name),
        )

    def _shape(self, f: Field | _Shape) -> tuple[str, str, str, str, str]:
        rt = self.rt
        t = f.type
        go_type = self.types.field(f)  # type: ignore[arg-type]
        if isinstance(t, ListOf):
            v = self.value(t.element)
            read_fn = "NullableListField" if v.nullable else "ListField"
            return (
                go_type,
                f"{rt}.WriteList(e, ",
                f", {v.writer})",
                f"{rt}.{read_fn}(d, ",
                f", {v.reader})",
            )
        if isinstance(t, MapOf):
            v = self.value(t.value)
            key_writer, key_reader = _MAP_KEY[t.key.kind._name_]
            if t.key.kind is Scalar.BOOL:
                wh, wt = f"{rt}.WriteBoolMap(e, ", f", {v.writer})"
            else:
                wh, wt = f"{rt}.WriteMap(e, ", f", {self.enc}.{key_writer}, {v.writer})"
            read_fn = "NullableMapField" if v.nullable else "MapField"
            return go_type, wh, wt, f"{rt}.{read_fn}(d, ", f", {self.dec}.{key_reader}, {v.reader})"
        v = self.value(t)
        wh, wt = self._write_single(f, t, v)
        rh, rtail = self._read_single(f, t, v)
        return go_type, wh, wt, rh, rtail

    def _write_single(self, f: Field | _Shape, t: ValueType, v: ValueCodec) -> tuple[str, str]:
        rt = self.rt
        if isinstance(t, ScalarType):
            if not f.has_presence:
                return f"e.{_SCALAR_METHOD[t.kind._name_]}Field(", ")"
            if t.kind is Scalar.BYTES:
                return "e.PresentBytesField(", ")"
            return f"{rt}.WriteOpt(e, ", f", {v.writer})"
        if isinstance(t, EnumRef):
            if f.has_presence:
                return f"{rt}.WriteOpt(e, ", f", {v.writer})"
            if t.is_null_value:
                return "e.NullValueField(", ")"
            closed = "Closed" if t.closed else ""
            return f"{rt}.{closed}EnumField(e, ", ")"
        wkt = t.well_known
        if wkt is None:
            return f"{rt}.MessageField(e, ", ")"
        nilable = _NILABLE_FIELD.get(wkt)
        if nilable is not None:
            return f"e.{nilable}(", ")"
        return f"{rt}.WriteOpt(e, ", f", {v.writer})"

    def _read_single(self, f: Field | _Shape, t: ValueType, v: ValueCodec) -> tuple[str, str]:
        rt = self.rt
        reader = v.reader
        pointer = f.has_presence
        if isinstance(t, ScalarType):
            pointer = f.has_presence and t.kind is not Scalar.BYTES
        elif isinstance(t, EnumRef):
            if t.is_null_value and f.has_presence:
                reader, pointer = f"{self.dec}.ReadNullValuePtr", False
        elif t.well_known is None:
            pointer = False  # *Msg: ReadMessage reads null as nil
        elif t.well_known is WellKnown.VALUE:
            reader, pointer = f"{self.dec}.ReadValueField", False
        elif t.well_known in _NILABLE_FIELD:
            pointer = False
        fn = "OptField" if pointer else "Field"
        return f"{rt}.{fn}(d, ", f", {reader})"


_SHAPES: dict[tuple[str, bool, str], tuple[str, str, str, str, str]] = {}
"""CodecBuilder.shape's cache."""

_PLACEHOLDER = "\x00"
_ANY_MESSAGE = MessageRef(_PLACEHOLDER + "message", "", "", ("M",))
_ANY_OPEN_ENUM = EnumRef(_PLACEHOLDER + "open", "", "", ("E",), False)
_ANY_CLOSED_ENUM = EnumRef(_PLACEHOLDER + "closed", "", "", ("E",), True)
PLACEHOLDER_NAMES = {
    _ANY_MESSAGE.full_name: _PLACEHOLDER,
    _ANY_OPEN_ENUM.full_name: _PLACEHOLDER,
    _ANY_CLOSED_ENUM.full_name: _PLACEHOLDER,
}
"""What the TypeMapper answers for the placeholder types (see CodecBuilder.shape)."""


@dataclass(frozen=True, slots=True)
class _Shape:
    """The parts of a Field a shape depends on."""

    type: TypeRef
    has_presence: bool
    oneof: None = None


def _generic(t: TypeRef) -> tuple[TypeRef, MessageRef | EnumRef | None]:
    """`t` with its generated message or enum type replaced by a placeholder, and that
    type (None when `t` names none)."""
    c = t.__class__
    if c is MessageRef:
        if t.well_known is not None:  # type: ignore[union-attr]
            return t, None
        return _ANY_MESSAGE, t  # type: ignore[return-value]
    if c is EnumRef:
        if t.is_null_value:  # type: ignore[union-attr]
            return t, None
        return (_ANY_CLOSED_ENUM if t.closed else _ANY_OPEN_ENUM), t  # type: ignore[union-attr,return-value]
    if c is ListOf:
        element, named = _generic(t.element)  # type: ignore[union-attr]
        return (ListOf(element) if named else t), named  # type: ignore[arg-type]
    if c is MapOf:
        value, named = _generic(t.value)  # type: ignore[union-attr]
        return (MapOf(t.key, value) if named else t), named  # type: ignore[union-attr,arg-type]
    return t, None


def _type_key(t: TypeRef) -> str:
    c = t.__class__
    if c is ScalarType:
        return t.kind._name_  # type: ignore[union-attr]
    if c is MessageRef or c is EnumRef:
        return t.full_name  # type: ignore[union-attr]
    if c is ListOf:
        return "[]" + _type_key(t.element)  # type: ignore[union-attr]
    return f"map[{t.key.kind._name_}]{_type_key(t.value)}"  # type: ignore[union-attr]


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return json_key(name)


@lru_cache(maxsize=65536)
def _quoted(name: str) -> str:
    return go_string(name)


def _labels(m: Message) -> dict[str, str]:
    """Case labels per field: its json_name and its proto name, each key given to one
    field only (a json_name wins over another field's proto name, as in json_format)."""
    keys = [f.json_name for f in m.fields]
    keys += [f.name for f in m.fields if f.name != f.json_name]
    if len(set(keys)) == len(keys):  # no key names two fields: the common case
        return {
            f.name: _quoted(f.json_name)
            if f.name == f.json_name
            else f"{_quoted(f.json_name)}, {_quoted(f.name)}"
            for f in m.fields
        }
    owner: dict[str, str] = {}
    for f in m.fields:
        owner.setdefault(f.json_name, f.name)
    for f in m.fields:
        owner.setdefault(f.name, f.name)
    by_field: dict[str, list[str]] = {f.name: [] for f in m.fields}
    for key, name in owner.items():
        by_field[name].append(key)
    return {name: ", ".join(_quoted(k) for k in ks) for name, ks in by_field.items()}
