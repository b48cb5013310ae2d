"""What the JSON codec templates print for each field: keys, reads and writes.

The templates (marshal.go.j2, unmarshal.go.j2) own the shape of the code (loops over
lists and maps, the oneof switch, the field switch); this module decides, per value
type, which runtime call reads or writes one value, and which Go condition says a field
is present. Keys are final Go string literals; the JSON profile's `names` switch is
applied here, at generation time.
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen.config import JsonProfile
from codegen.model import (
    EnumRef,
    Field,
    ListOf,
    MapOf,
    Message,
    Scalar,
    ScalarType,
    ValueType,
    WellKnown,
)
from codegen.targets.go.imports import Imports
from codegen.targets.go.literals import go_string, json_key
from codegen.targets.go.names import MessageNames
from codegen.targets.go.types import SCALAR_GO, TypeMapper, nilable, wrapped_scalar

_SCALAR_METHOD = {
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
"""(Encoder method, Decoder method) of the well-known types that are not wrappers."""

_MAP_KEY = {
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


@dataclass(slots=True)
class ValueCodec:
    """How one value of a type is read and written."""

    kind: str
    """`expr` (read is an expression), `enum` (read is a decode function taking a
    pointer and reporting whether it stored a value) or `message` (read is the type)."""
    read: str
    method: str
    """For `expr` values held in a pointer field: the Decoder method (for protobindrt.Opt)."""
    write: str
    """A statement writing the value `{v}`."""
    type: str
    """The Go type of one value."""
    nullable: bool
    """JSON null is a value of this type (google.protobuf.Value and NullValue)."""


@dataclass(slots=True)
class FieldCodec:
    name: str
    """Go field name (of the struct, or of the oneof wrapper)."""
    shape: str
    """`single`, `list`, `map` or `oneof`."""
    key: str
    """Go literal of the output key with its colon: `"\\"fooBar\\":"`."""
    labels: str
    """Go case labels: every JSON key that names this field."""
    index: int
    """Bit of the decoder's duplicate-field set."""
    value: ValueCodec
    present: str = ""
    """single: Go condition for writing the field."""
    write: str = ""
    """single / oneof: statement writing the field's value."""
    decode: str = ""
    """single: statement reading the field."""
    map_key_write: str = ""
    map_key_read: str = ""
    map_key_type: str = ""
    sorted_keys: str = ""
    wrapper: str = ""
    """oneof: wrapper type."""
    oneof_field: str = ""
    oneof_index: int = 0
    oneof_name: str = ""
    """oneof: Go literal of the oneof's proto name (for errors)."""


@dataclass(slots=True)
class OneofCodec:
    field: str
    cases: list[FieldCodec]


@dataclass(slots=True)
class MessageCodec:
    items: list[FieldCodec | OneofCodec]
    """Fields and oneofs in declaration order (a oneof where its first member is)."""
    cases: list[FieldCodec]
    """Every field, oneof members included, for the decoder's switch."""
    seen_words: int


class CodecBuilder:
    def __init__(self, types: TypeMapper, imports: Imports, profile: JsonProfile) -> None:
        self.types = types
        self.imports = imports
        self.proto_names = profile.names == "proto"
        self.rt = imports.rt

    def value(self, t: ValueType) -> ValueCodec:
        rt = self.rt
        go_type = self.types.value(t)
        if isinstance(t, ScalarType):
            m = _SCALAR_METHOD[t.kind]
            return ValueCodec("expr", f"d.{m}()", m, f"e.{m}({{v}})", go_type, False)
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return ValueCodec(
                    "expr", "d.NullValue()", "NullValue", "e.NullValue({v})", go_type, True
                )
            closed = "Closed" if t.closed else ""
            return ValueCodec(
                "enum",
                rt(f"Decode{closed}Enum"),
                "",
                f"{rt(f'Encode{closed}Enum')}(e, {{v}})",
                go_type,
                False,
            )
        wkt = t.well_known
        if wkt is None:
            name = go_type[1:]
            return ValueCodec("message", name, "", "{v}.MarshalProtoJSON(e)", go_type, False)
        scalar = wrapped_scalar(wkt)
        if scalar is not None:
            m = _SCALAR_METHOD[scalar]
            return ValueCodec("expr", f"d.{m}()", m, f"e.{m}({{v}})", go_type, False)
        enc, dec = _WKT_METHOD[wkt]
        return ValueCodec(
            "expr", f"d.{dec}()", dec, f"e.{enc}({{v}})", go_type, wkt is WellKnown.VALUE
        )

    def message(self, m: Message, names: MessageNames) -> MessageCodec:
        labels = _labels(m)
        index = 0
        by_name: dict[str, FieldCodec] = {}
        cases: list[FieldCodec] = []
        for f in m.fields:
            go = names.fields[f.name]
            fc = self._field(f, go, labels[f.name], index)
            index += 1
            by_name[f.name] = fc
            cases.append(fc)
        items: list[FieldCodec | OneofCodec] = []
        oneof_index: dict[str, int] = {}
        for o in m.oneofs:
            oneof_index[o.name] = index
            index += 1
        done: set[str] = set()
        for f in m.fields:
            if f.oneof is None:
                items.append(by_name[f.name])
                continue
            if f.oneof in done:
                continue
            done.add(f.oneof)
            on = names.oneofs[f.oneof]
            o = next(o for o in m.oneofs if o.name == f.oneof)
            oc = OneofCodec(on.field, [])
            for member in o.fields:
                fc = by_name[member]
                fc.shape = "oneof"
                fc.wrapper = on.cases[member]
                fc.oneof_field = on.field
                fc.oneof_index = oneof_index[o.name]
                fc.oneof_name = go_string(o.name)
                fc.write = fc.value.write.format(v=f"x.{fc.name}")
                oc.cases.append(fc)
            items.append(oc)
        return MessageCodec(items, cases, (index + 63) // 64)

    def _field(self, f: Field, go: str, labels: str, index: int) -> FieldCodec:
        key = json_key(f.name if self.proto_names else f.json_name)
        t = f.type
        if isinstance(t, ListOf):
            return FieldCodec(go, "list", key, labels, index, self.value(t.element))
        if isinstance(t, MapOf):
            kw, kr = _MAP_KEY[t.key.kind]
            sorted_keys = "SortedBoolKeys" if t.key.kind is Scalar.BOOL else "SortedKeys"
            return FieldCodec(
                go,
                "map",
                key,
                labels,
                index,
                self.value(t.value),
                map_key_write=f"e.{kw}(k)",
                map_key_read=f"d.{kr}()",
                map_key_type=SCALAR_GO[t.key.kind],
                sorted_keys=self.rt(sorted_keys),
            )
        v = self.value(t)
        fc = FieldCodec(go, "single", key, labels, index, v)
        if f.oneof is not None:
            return fc
        field = f"m.{go}"
        pointer = f.has_presence and not nilable(t)
        if f.has_presence:
            fc.present = f"{field} != nil"
        else:
            fc.present = _nonzero(t, field, self.rt)
        fc.write = v.write.format(v=f"*{field}" if pointer else field)
        fc.decode = self._decode_single(t, v, field, f.has_presence, pointer)
        return fc

    def _decode_single(
        self, t: ValueType, v: ValueCodec, field: str, presence: bool, pointer: bool
    ) -> str:
        rt = self.rt
        if v.kind == "message":
            return f"{rt('DecodeMessage')}(d, &{field})"
        if v.kind == "enum":
            if presence:
                return f"{v.read}Ptr(d, &{field})"
            return f"{v.read}(d, &{field})"
        if isinstance(t, EnumRef):  # NullValue: null is a value, never "unset"
            if presence:
                return f"{field} = d.NullValuePtr()"
            return f"{field} = d.NullValue()"
        if t is not None and not isinstance(t, ScalarType) and t.well_known is WellKnown.VALUE:
            return f"{field} = d.ValueField()"
        if pointer:
            return f"{field} = {rt('Opt')}(d, (*{rt('Decoder')}).{v.method})"
        return f"{field} = {v.read}"


def _nonzero(t: ValueType, field: str, rt: object) -> str:
    if isinstance(t, ScalarType):
        k = t.kind
        if k is Scalar.BOOL:
            return field
        if k is Scalar.STRING:
            return f'{field} != ""'
        if k is Scalar.BYTES:
            return f"len({field}) > 0"
        if k is Scalar.DOUBLE:
            return f"!{rt('IsZeroFloat')}({field})"  # type: ignore[operator]
        if k is Scalar.FLOAT:
            return f"!{rt('IsZeroFloat32')}({field})"  # type: ignore[operator]
        return f"{field} != 0"
    if isinstance(t, EnumRef):
        return f"{field} != 0"
    return f"{field} != nil"


def _labels(m: Message) -> dict[str, str]:
    """Case labels per field: its json_name and its proto name, each key given to one
    field only (a json_name wins over another field's proto name, as in json_format)."""
    owner: dict[str, str] = {}
    for f in m.fields:
        owner.setdefault(f.json_name, f.name)
    for f in m.fields:
        owner.setdefault(f.name, f.name)
    keys: dict[str, list[str]] = {f.name: [] for f in m.fields}
    for key, name in owner.items():
        keys[name].append(key)
    return {name: ", ".join(go_string(k) for k in ks) for name, ks in keys.items()}
