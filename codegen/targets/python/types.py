"""TypeRef -> Python: the annotation, the default, and the ProtoJSON encoder and decoder
of every field, as layout nodes. References go through `Imports`, which records what the
module must import.

| proto                          | Python                                   |
|--------------------------------|------------------------------------------|
| double, float                  | float                                    |
| int32 ... sfixed64 (all ints)  | int                                      |
| bool / string / bytes          | bool / str / bytes                       |
| enum                           | the generated `IntEnum`                  |
| message                        | the generated dataclass                  |
| repeated T / map<K, V>         | list[T] / dict[K, V]                     |
| Timestamp, Duration            | _rt.Timestamp, _rt.Duration (ns exact)   |
| Struct / ListValue / Value     | dict[str, JsonValue] / list / JsonValue  |
| NullValue                      | _rt.NullValue                            |
| FieldMask, Empty, Any          | _rt.FieldMask, _rt.Empty, _rt.Any        |
| wrappers (Int32Value, ...)     | the scalar, None when unset              |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from codegen.config import JsonProfile
from codegen.model import Field
from codegen.model.types import (
    EnumRef,
    ListOf,
    MapOf,
    MessageRef,
    Scalar,
    ScalarType,
    ValueType,
)
from codegen.model.wkt import WellKnown
from codegen.targets.python import layout as L
from codegen.targets.python.imports import Imports

_PY_SCALAR = {
    Scalar.DOUBLE: "float",
    Scalar.FLOAT: "float",
    Scalar.BOOL: "bool",
    Scalar.STRING: "str",
    Scalar.BYTES: "bytes",
}
_ZERO = {"float": "0.0", "int": "0", "bool": "False", "str": '""', "bytes": 'b""'}
_DECODER = {
    Scalar.DOUBLE: "dec_double",
    Scalar.FLOAT: "dec_float",
    Scalar.INT32: "dec_int32",
    Scalar.SINT32: "dec_int32",
    Scalar.SFIXED32: "dec_int32",
    Scalar.UINT32: "dec_uint32",
    Scalar.FIXED32: "dec_uint32",
    Scalar.INT64: "dec_int64",
    Scalar.SINT64: "dec_int64",
    Scalar.SFIXED64: "dec_int64",
    Scalar.UINT64: "dec_uint64",
    Scalar.FIXED64: "dec_uint64",
    Scalar.BOOL: "dec_bool",
    Scalar.STRING: "dec_string",
    Scalar.BYTES: "dec_bytes",
}
_KEY_DECODER = {
    Scalar.STRING: "key_string",
    Scalar.BOOL: "key_bool",
    Scalar.INT32: "key_int32",
    Scalar.SINT32: "key_int32",
    Scalar.SFIXED32: "key_int32",
    Scalar.UINT32: "key_uint32",
    Scalar.FIXED32: "key_uint32",
    Scalar.INT64: "key_int64",
    Scalar.SINT64: "key_int64",
    Scalar.SFIXED64: "key_int64",
    Scalar.UINT64: "key_uint64",
    Scalar.FIXED64: "key_uint64",
}
_WRAPPED = {
    WellKnown.DOUBLE_VALUE: Scalar.DOUBLE,
    WellKnown.FLOAT_VALUE: Scalar.FLOAT,
    WellKnown.INT64_VALUE: Scalar.INT64,
    WellKnown.UINT64_VALUE: Scalar.UINT64,
    WellKnown.INT32_VALUE: Scalar.INT32,
    WellKnown.UINT32_VALUE: Scalar.UINT32,
    WellKnown.BOOL_VALUE: Scalar.BOOL,
    WellKnown.STRING_VALUE: Scalar.STRING,
    WellKnown.BYTES_VALUE: Scalar.BYTES,
}
# Well-known types with a runtime class or alias: (type, encoder, decoder).
_RUNTIME_WKT = {
    WellKnown.TIMESTAMP: ("Timestamp", "enc_timestamp", "dec_timestamp"),
    WellKnown.DURATION: ("Duration", "enc_duration", "dec_duration"),
    WellKnown.FIELD_MASK: ("FieldMask", "enc_field_mask", "dec_field_mask"),
    WellKnown.EMPTY: ("Empty", "enc_empty", "dec_empty"),
    WellKnown.ANY: ("Any", "enc_any", "dec_any"),
    WellKnown.STRUCT: ("Struct", "enc_struct", "dec_struct"),
    WellKnown.LIST_VALUE: ("ListValue", "enc_list_value", "dec_list_value"),
    WellKnown.VALUE: ("JsonValue", "enc_value", "dec_json"),
}

Encoder = Callable[[L.Node], L.Node]
"""Given the value expression, the JSON expression."""


@dataclass(frozen=True, slots=True)
class _Value:
    """How one value (a singular field, or an element of a list or map) is handled."""

    type: str
    """Python type expression."""
    encode: Encoder | None
    """None: the value is its own JSON."""
    function: L.Node | None
    """The encoder as a one-argument callable (None: identity)."""
    decoder: L.Node


class PyTypes:
    def __init__(self, imports: Imports, json: JsonProfile) -> None:
        self.imports = imports
        self.int64_strings = json.int64 == "string"

    # -- values ------------------------------------------------------------------------

    def _call(self, fn: str) -> Encoder:
        return lambda v: L.call(fn, v)

    def value(self, t: ValueType, element: bool = False) -> _Value:
        rt = self.imports.rt
        if isinstance(t, ScalarType):
            return self._scalar(t.kind)
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return _Value(
                    f"{rt}.NullValue",
                    lambda v: L.Atom("None"),
                    L.Atom(f"{rt}.enc_value"),
                    L.Atom(f"{rt}.dec_null_value"),
                )
            ref = self.imports.ref(t)
            return _Value(
                ref,
                lambda v: L.call(f"{rt}.enc_enum", L.Atom(ref), v),
                L.call(f"{rt}.enum_encoder", L.Atom(ref)),
                L.call(f"{rt}.dec_enum", L.Atom(ref)),
            )
        wkt = t.well_known
        if wkt is not None and wkt in _WRAPPED:
            return self._scalar(_WRAPPED[wkt])
        if wkt is not None:
            name, enc, dec = _RUNTIME_WKT[wkt]
            if wkt is WellKnown.VALUE and not element:
                name, dec = "Value", "dec_value"
            return _Value(
                f"{rt}.{name}",
                self._call(f"{rt}.{enc}"),
                L.Atom(f"{rt}.{enc}"),
                L.Atom(f"{rt}.{dec}"),
            )
        ref = self.imports.ref(t)
        return _Value(
            ref,
            lambda v: L.call(f"{v.flat}.to_dict"),
            L.Atom(f"{ref}.to_dict"),
            L.call(f"{rt}.dec_message", L.Atom(ref)),
        )

    def _fn(self, py: str, fn: str, decoder: L.Node) -> _Value:
        return _Value(py, self._call(fn), L.Atom(fn), decoder)

    def _scalar(self, kind: Scalar) -> _Value:
        rt = self.imports.rt
        py = _PY_SCALAR.get(kind, "int")
        decoder = L.Atom(f"{rt}.{_DECODER[kind]}")
        if kind is Scalar.DOUBLE:
            return self._fn(py, f"{rt}.enc_double", decoder)
        if kind is Scalar.FLOAT:
            return self._fn(py, f"{rt}.enc_float", decoder)
        if kind is Scalar.BYTES:
            return self._fn(py, f"{rt}.enc_bytes", decoder)
        if kind.is_64bit and self.int64_strings:
            return self._fn(py, "str", decoder)
        return _Value(py, None, None, decoder)

    # -- fields ------------------------------------------------------------------------

    def annotation(self, f: Field) -> L.Node:
        t = f.type
        if isinstance(t, ListOf):
            return L.subscript("list", L.Atom(self.value(t.element, element=True).type))
        if isinstance(t, MapOf):
            key = _PY_SCALAR.get(t.key.kind, "int")
            value = self.value(t.value, element=True).type
            return L.subscript("dict", L.Atom(key), L.Atom(value))
        py = self.value(t).type
        if self.is_value(f):
            return L.Atom(py)
        if f.has_presence:
            return L.Union(L.Atom(py), L.Atom("None"))
        return L.Atom(py)

    @staticmethod
    def is_value(f: Field) -> bool:
        """A singular `google.protobuf.Value` (its type already includes None)."""
        return isinstance(f.type, MessageRef) and f.type.well_known is WellKnown.VALUE

    def zero(self, f: Field) -> str | EnumRef | None:
        """The default: an expression, an enum whose first value it is, or None for
        a default factory (lists, maps)."""
        t = f.type
        if isinstance(t, (ListOf, MapOf)):
            return None
        if f.has_presence or isinstance(t, MessageRef):
            return "None"
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return f"{self.imports.rt}.NullValue.NULL_VALUE"
            return t
        assert isinstance(t, ScalarType)
        return _ZERO[_PY_SCALAR.get(t.kind, "int")]

    def presence(self, f: Field, access: str) -> tuple[str, L.Node | None]:
        """When the field is written to JSON: `if access<test><right>:` as (test, right).
        Implicit-presence floats count -0.0 as set, as protobuf does."""
        t = f.type
        if f.has_presence and not isinstance(t, (ListOf, MapOf)):
            return " is not None", None
        if isinstance(t, ScalarType) and t.kind.is_float:
            return " or ", L.call(f"{self.imports.rt}.neg_zero", L.Atom(access))
        return "", None

    def encode(self, f: Field, access: str) -> L.Node:
        """The JSON expression for a field known to be present."""
        t = f.type
        v = L.Atom(access)
        rt = self.imports.rt
        if isinstance(t, ListOf):
            value = self.value(t.element, element=True)
            if value.function is None:
                return L.call("list", v)
            return L.call(f"{rt}.enc_list", value.function, v)
        if isinstance(t, MapOf):
            value = self.value(t.value, element=True)
            helper = {Scalar.STRING: "enc_map", Scalar.BOOL: "enc_map_bool"}.get(
                t.key.kind, "enc_map_int"
            )
            return L.call(f"{rt}.{helper}", value.function or L.Atom("None"), v)
        value = self.value(t)
        return v if value.encode is None else value.encode(v)

    def decoder(self, f: Field) -> L.Node:
        t = f.type
        rt = self.imports.rt
        if isinstance(t, ListOf):
            return L.call(f"{rt}.dec_list", self.value(t.element, element=True).decoder)
        if isinstance(t, MapOf):
            key = L.Atom(f"{rt}.{_KEY_DECODER[t.key.kind]}")
            return L.call(f"{rt}.dec_map", key, self.value(t.value, element=True).decoder)
        return self.value(t).decoder

    def method_type(self, ref: MessageRef) -> str:
        """A request or response type in a service signature."""
        wkt = ref.well_known
        if wkt is None:
            return self.imports.ref(ref)
        if wkt in _WRAPPED:
            return _PY_SCALAR.get(_WRAPPED[wkt], "int")
        name = "Value" if wkt is WellKnown.VALUE else _RUNTIME_WKT[wkt][0]
        return f"{self.imports.rt}.{name}"
