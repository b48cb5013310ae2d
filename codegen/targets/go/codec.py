"""Each message's codec table: one runtime `FieldSpec` per struct field.

Generated messages do not spell out their codecs. `MarshalProtoJSON`, `MarshalProto` and
the other codec methods hand the message to a `protobindrt.Codec` built from a table with
one entry per struct field, in struct order: the field's JSON and proto names, its field
number and how its Go type is written and read in JSON and on the wire, e.g.

    protobindrt.Opt("ruleHint", "rule_hint", 3, protobindrt.Float32Type),
    protobindrt.List("items", "items", 4, protobindrt.MessageType[Item]()),
    protobindrt.PackedList("ids", "ids", 5, protobindrt.Sint64Type),
    protobindrt.Required(protobindrt.Opt("key", "key", 6, protobindrt.UncheckedStringType)),
    protobindrt.Oneof[isMsg_Choice]("choice",
        protobindrt.Case[Msg_Text]("text", "text", 7, protobindrt.StringType),
    ),

Scalars that share a Go type but not a wire form have Types of their own (`Int32Type`,
`Sint32Type`, `Sfixed32Type`), as do groups (`GroupType`), wrapper messages
(`Int32ValueType`) and proto2 strings, which need not be UTF-8 (`UncheckedStringType`).

The runtime checks the table against the struct (reflect, once per type) and calls the
same per-kind writers and readers a hand-written codec would. This module picks each
field's entry; which key a field is written under (the JSON profile's `names`) and
which keys it is read from are decided by the runtime from the two names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from codegen.model import (
    EnumRef,
    Field,
    ListOf,
    MapOf,
    MessageRef,
    Scalar,
    ScalarType,
    TypeRef,
    ValueType,
    WellKnown,
)
from codegen.targets.go.imports import Imports
from codegen.targets.go.literals import go_string
from codegen.targets.go.types import TypeMapper, wrapped_scalar

_SCALAR_BY = {
    Scalar.DOUBLE: "Float64",
    Scalar.FLOAT: "Float32",
    Scalar.INT32: "Int32",
    Scalar.INT64: "Int64",
    Scalar.UINT32: "Uint32",
    Scalar.UINT64: "Uint64",
    Scalar.SINT32: "Sint32",
    Scalar.SINT64: "Sint64",
    Scalar.FIXED32: "Fixed32",
    Scalar.FIXED64: "Fixed64",
    Scalar.SFIXED32: "Sfixed32",
    Scalar.SFIXED64: "Sfixed64",
    Scalar.BOOL: "Bool",
    Scalar.STRING: "String",
    Scalar.BYTES: "Bytes",
}
_SCALAR = {k._name_: v for k, v in _SCALAR_BY.items()}
"""Runtime name stem per scalar (`Int32Type`, `Sint32Key`), keyed by the member's name:
scalars of one Go type that differ on the wire have Types of their own."""
_WRAPPER = {
    "DOUBLE": "Float64",
    "FLOAT": "Float32",
    "INT64": "Int64",
    "UINT64": "Uint64",
    "INT32": "Int32",
    "UINT32": "Uint32",
    "BOOL": "Bool",
    "STRING": "String",
    "BYTES": "Bytes",
}
"""Runtime name stem of the wrapper types' Types (`Int32ValueType`), by wrapped scalar."""

_WKT_TYPE = {
    WellKnown.TIMESTAMP: "TimestampType",
    WellKnown.DURATION: "DurationType",
    WellKnown.FIELD_MASK: "FieldMaskType",
    WellKnown.EMPTY: "EmptyType",
    WellKnown.ANY: "AnyType",
    WellKnown.STRUCT: "StructType",
    WellKnown.LIST_VALUE: "ListValueType",
    WellKnown.VALUE: "ValueType",
}
"""The runtime Types of the well-known message types that are not wrappers."""

_NILABLE = frozenset({WellKnown.STRUCT, WellKnown.LIST_VALUE, WellKnown.VALUE})
"""Well-known types whose Go type is nil when unset: singular fields, not pointers."""


@dataclass(slots=True)
class MessageCodec:
    var: str
    """The package-level variable holding the message's `protobindrt.Codec`."""
    fields: str
    """NewCodec's arguments after the message's name: "" or `,` and a newline, then one
    finished line per entry."""


class CodecBuilder:
    """Codec table entries for the messages of one file (identifiers qualified for that
    file). The struct and its table are built in one pass over the fields
    (target.py `_FileBuilder._message`): `field` gives a field's Go type and entry,
    `case` a oneof member's entry, `oneof` a oneof's."""

    def __init__(self, types: TypeMapper, imports: Imports, check_utf8: bool = True) -> None:
        self.types = types
        self.imports = imports
        self.check_utf8 = check_utf8
        """proto3 and editions strings must be UTF-8 on the wire; proto2 strings need not."""
        self.rt = ""
        self._values: dict[int, tuple[str, ValueType]] = {}
        self.shapes: dict[int, tuple[str, str, str, str, str, str]] = {}
        """By `id(field.type) * 16` plus the field's presence, packed, delimited and
        required bits: `field`'s answer and the getter's pieces (target.py
        `_getter_parts`). The model shares type objects between fields, and outlives
        this builder."""

    def runtime(self) -> str:
        """The runtime package's name in this file (importing it)."""
        if not self.rt:
            self.rt = self.imports.qualifier(self.imports.runtime_path, "")
        return self.rt

    def field(self, f: Field) -> tuple[str, str, str]:
        """(Go type, entry head, entry tail) of a field outside a oneof: its entry is
        `head + names(json_name, name) + ", " + number + tail`.

        Cached per type shape, presence and wire options, across files (a shape names
        only the runtime, `time` and the placeholder, which are spelled the same in
        every file): a message or enum type is replaced by a placeholder for the lookup
        and its name filled in afterwards, so the thousands of `repeated SomeMessage`
        fields share one entry."""
        key, named = _split(f.type)
        k = (key, f.has_presence, self.rt, f.packed, f.delimited, f.required, self.check_utf8)
        s = _SHAPES.get(k)
        if s is None:
            generic, _ = _generic(f.type)
            go_type, head, tail = self._shape(_Shape(generic, f.has_presence), f)
            if f.required:
                head, tail = f"{self.rt}.Required({head}", tail + ")"
            s = _SHAPES[k] = (go_type, head, tail, "time." in go_type)
        elif s[3]:
            self.imports.qualifier("time", "time")  # what computing it would have imported
        if named is None:
            return s[0], s[1], s[2]
        name = self.types.named(named.full_name)
        return s[0].replace(_PLACEHOLDER, name), s[1], s[2].replace(_PLACEHOLDER, name)

    def case(self, f: Field, wrapper: str) -> str:
        """The entry of oneof member `f` (inside its oneof's entry)."""
        value = self.value(f.type, f.delimited)  # type: ignore[arg-type]
        return (
            f"\t\t{self.rt}.Case[{wrapper}]({names(f.json_name, f.name)}, {f.number}, {value}),\n"
        )

    def oneof(self, name: str, iface: str, cases: list[str]) -> str:
        """The entry of a oneof held in a field of interface type `iface`."""
        return f"\t{self.rt}.Oneof[{iface}]({_quoted(name)},\n{''.join(cases)}\t),\n"

    def value(self, t: ValueType, delimited: bool = False) -> str:
        """The runtime Type of one value of `t` (an element, map value or oneof member)."""
        key = id(t) * 2 + delimited
        v = self._values.get(key)
        if v is None:
            v = self._values[key] = (self._value(t, delimited), t)
        return v[0]

    def _value(self, t: ValueType, delimited: bool = False) -> str:
        rt = self.rt
        if isinstance(t, ScalarType):
            if t.kind is Scalar.STRING and not self.check_utf8:
                return f"{rt}.UncheckedStringType"
            return f"{rt}.{_SCALAR[t.kind._name_]}Type"
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return f"{rt}.NullValueType"
            closed = "Closed" if t.closed else ""
            return f"{rt}.{closed}EnumType[{self.types.named(t.full_name)}]()"
        wkt = t.well_known
        if wkt is None:
            kind = "GroupType" if delimited else "MessageType"
            return f"{rt}.{kind}[{self.types.named(t.full_name)}]()"
        scalar = wrapped_scalar(wkt)
        if scalar is not None:
            return f"{rt}.{_WRAPPER[scalar._name_]}ValueType"
        return f"{rt}.{_WKT_TYPE[wkt]}"

    def _shape(self, f: _Shape, field: Field) -> tuple[str, str, str]:
        rt = self.rt
        t = f.type
        go_type = self.types.field(f)  # type: ignore[arg-type]
        if isinstance(t, ListOf):
            kind = "PackedList" if field.packed else "List"
            return go_type, f"{rt}.{kind}(", f", {self._value(t.element, field.delimited)})"
        if isinstance(t, MapOf):
            v = self._value(t.value)
            if t.key.kind is Scalar.BOOL:
                return go_type, f"{rt}.BoolMap(", f", {v})"
            key = _SCALAR[t.key.kind._name_]
            if t.key.kind is Scalar.STRING and not self.check_utf8:
                key = "UncheckedString"
            return go_type, f"{rt}.Map(", f", {rt}.{key}Key, {v})"
        if isinstance(t, ScalarType):
            if not f.has_presence:
                return go_type, f"{rt}.Singular(", f", {self._value(t)})"
            if t.kind is Scalar.BYTES:
                return go_type, f"{rt}.PresentBytes(", ")"
            return go_type, f"{rt}.Opt(", f", {self._value(t)})"
        if isinstance(t, EnumRef):
            if f.has_presence and t.is_null_value:
                return go_type, f"{rt}.OptNullValue(", ")"
            kind = "Opt" if f.has_presence else "Singular"
            return go_type, f"{rt}.{kind}(", f", {self._value(t)})"
        wkt = t.well_known
        if wkt is None or wkt in _NILABLE:
            return go_type, f"{rt}.Singular(", f", {self._value(t, field.delimited)})"
        if wkt is WellKnown.BYTES_VALUE:
            return go_type, f"{rt}.PresentBytesValue(", ")"
        kind = "Opt" if f.has_presence else "Singular"
        return go_type, f"{rt}.{kind}(", f", {self._value(t)})"


_SHAPES: dict[tuple[str, bool, str, bool, bool, bool, bool], tuple[str, str, str, bool]] = {}
"""CodecBuilder.field's cache: (Go type, head, tail, names `time`) by shape."""

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


def _split(t: TypeRef) -> tuple[str, MessageRef | EnumRef | None]:
    """A key for the shape of `t` (its generated message or enum type left out), and
    that type (None when `t` names none)."""
    c = t.__class__
    if c is ScalarType:
        return t.kind._value_, None  # type: ignore[union-attr]
    if c is MessageRef:
        if t.full_name in _WKT_NAMES:  # type: ignore[union-attr]
            return "." + t.full_name, None  # type: ignore[union-attr]
        return "\x00message", t  # type: ignore[return-value]
    if c is EnumRef:
        if t.is_null_value:  # type: ignore[union-attr]
            return "." + t.full_name, None  # type: ignore[union-attr]
        return ("\x00closed" if t.closed else "\x00open"), t  # type: ignore[union-attr,return-value]
    if c is ListOf:
        key, named = _split(t.element)  # type: ignore[union-attr]
        return "[]" + key, named
    key, named = _split(t.value)  # type: ignore[union-attr]
    return f"map[{t.key.kind._value_}]{key}", named  # type: ignore[union-attr]


_WKT_NAMES = frozenset(w.value for w in WellKnown)


def codec_var(type_name: str) -> str:
    """The variable holding a message type's codec. Every other package-level name
    protobind generates starts with an upper-case letter or `is`, so it is unique."""
    return "codec" + type_name


@lru_cache(maxsize=65536)
def names(json_name: str, name: str) -> str:
    """The two name arguments of an entry: JSON name, proto name (Go literals)."""
    return f"{_quoted(json_name)}, {_quoted(name)}"


@lru_cache(maxsize=65536)
def _quoted(name: str) -> str:
    return go_string(name)
