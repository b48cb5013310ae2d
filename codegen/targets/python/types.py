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
    TypeRef,
    ValueType,
)
from codegen.model.wkt import WellKnown
from codegen.targets.python.imports import RUNTIME_ALIAS, Imports

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


def _key(t: TypeRef) -> object:
    """A cheap cache key for a type (model references hash slowly)."""
    cls = type(t)
    if cls is ScalarType:
        return id(t.kind)  # type: ignore[union-attr]
    if cls is MessageRef or cls is EnumRef:
        return t.full_name  # type: ignore[union-attr]
    if cls is ListOf:
        return ("list", _key(t.element))  # type: ignore[union-attr]
    return ("map", id(t.key.kind), _key(t.value))  # type: ignore[union-attr]


HOLE = "\0"
"""Stands for the value expression in an encoder pattern (`_rt.enc_bytes(\0)`)."""


@dataclass(frozen=True, slots=True)
class FieldCode:
    """Everything about a field that depends only on its type and presence, as text
    (`layout.parse` turns a piece into a node on the rare line that needs breaking)."""

    annotation: str
    zero: str | EnumRef | None
    """The default: an expression, an enum (its first value), or None (a factory)."""
    test: str
    """`" is not None"`, `" or "` (then `right` follows) or empty."""
    right: str
    """`_rt.neg_zero(HOLE)` for implicit-presence floats, else empty."""
    encode: str
    """The JSON expression, `HOLE` standing for the attribute access."""
    decoder: str


@dataclass(frozen=True, slots=True)
class _Value:
    """How one value (a singular field, or an element of a list or map) is handled."""

    type: str
    """Python type expression."""
    encode: str
    """The JSON expression, `HOLE` standing for the value."""
    function: str | None
    """The encoder as a one-argument callable (None: the value is its own JSON)."""
    decoder: str


class PyTypes:
    def __init__(self, imports: Imports, json: JsonProfile) -> None:
        self.imports = imports
        self.int64_strings = json.int64 == "string"
        self._values: dict[tuple[object, bool], _Value] = {}
        self._codes: dict[tuple[object, bool], FieldCode] = {}
        self._rt = RUNTIME_ALIAS

    # -- values ------------------------------------------------------------------------

    def value(self, t: ValueType, element: bool = False) -> _Value:
        """How values of `t` are typed and converted (memoized per module)."""
        key = (_key(t), element)
        cached = self._values.get(key)
        if cached is None:
            cached = self._values[key] = self._value(t, element)
        return cached

    def _value(self, t: ValueType, element: bool) -> _Value:
        if type(t) is MessageRef and t.well_known is None:
            ref = self.imports.ref(t)
            rt = self.imports.rt
            return _Value(ref, f"{HOLE}.to_dict()", f"{ref}.to_dict", f"{rt}.dec_message({ref})")
        rt = self.imports.rt
        if isinstance(t, ScalarType):
            return self._scalar(t.kind)
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return _Value(f"{rt}.NullValue", "None", f"{rt}.enc_value", f"{rt}.dec_null_value")
            ref = self.imports.ref(t)
            return _Value(
                ref,
                f"{rt}.enc_enum({ref}, {HOLE})",
                f"{rt}.enum_encoder({ref})",
                f"{rt}.dec_enum({ref})",
            )
        wkt = t.well_known
        assert wkt is not None
        if wkt in _WRAPPED:
            return self._scalar(_WRAPPED[wkt])
        name, enc, dec = _RUNTIME_WKT[wkt]
        if wkt is WellKnown.VALUE and not element:
            name, dec = "Value", "dec_value"
        return _Value(f"{rt}.{name}", f"{rt}.{enc}({HOLE})", f"{rt}.{enc}", f"{rt}.{dec}")

    def _scalar(self, kind: Scalar) -> _Value:
        rt = self._rt
        py = _PY_SCALAR.get(kind, "int")
        decoder = f"{rt}.{_DECODER[kind]}"
        if kind is Scalar.DOUBLE:
            fn = f"{rt}.enc_double"
        elif kind is Scalar.FLOAT:
            fn = f"{rt}.enc_float"
        elif kind is Scalar.BYTES:
            fn = f"{rt}.enc_bytes"
        elif kind.is_64bit and self.int64_strings:
            fn = "str"
        else:
            return _Value(py, HOLE, None, decoder)
        return _Value(py, f"{fn}({HOLE})", fn, decoder)

    # -- fields ------------------------------------------------------------------------

    def field_code(self, f: Field) -> FieldCode:
        """Memoized per (type, presence): one lookup per field when rendering."""
        key = (_key(f.type), f.has_presence)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = self._field_code(f)
        return code

    def _field_code(self, f: Field) -> FieldCode:
        t = f.type
        rt = self._rt
        if isinstance(t, ListOf):
            value = self.value(t.element, element=True)
            annotation = f"list[{value.type}]"
            if value.function is None:
                encode = f"list({HOLE})"
            else:
                encode = f"{rt}.enc_list({value.function}, {HOLE})"
            decoder = f"{rt}.dec_list({value.decoder})"
            return FieldCode(annotation, None, "", "", encode, decoder)
        if isinstance(t, MapOf):
            value = self.value(t.value, element=True)
            key = _PY_SCALAR.get(t.key.kind, "int")
            helper = {Scalar.STRING: "enc_map", Scalar.BOOL: "enc_map_bool"}.get(
                t.key.kind, "enc_map_int"
            )
            encode = f"{rt}.{helper}({value.function or 'None'}, {HOLE})"
            decoder = f"{rt}.dec_map({rt}.{_KEY_DECODER[t.key.kind]}, {value.decoder})"
            return FieldCode(f"dict[{key}, {value.type}]", None, "", "", encode, decoder)
        value = self.value(t)
        zero: str | EnumRef
        if self.is_value(f):
            annotation, zero, test, right = value.type, "None", " is not None", ""
        elif f.has_presence or isinstance(t, MessageRef):
            annotation, zero, test, right = f"{value.type} | None", "None", " is not None", ""
        else:
            annotation, test, right = value.type, "", ""
            if isinstance(t, EnumRef):
                zero = f"{rt}.NullValue.NULL_VALUE" if t.is_null_value else t
            else:
                assert isinstance(t, ScalarType)
                zero = _ZERO[value.type]
                if t.kind.is_float:
                    test, right = " or ", f"{rt}.neg_zero({HOLE})"
        return FieldCode(annotation, zero, test, right, value.encode, value.decoder)

    @staticmethod
    def is_value(f: Field) -> bool:
        """A singular `google.protobuf.Value` (its type already includes None)."""
        return isinstance(f.type, MessageRef) and f.type.well_known is WellKnown.VALUE

    def method_type(self, ref: MessageRef) -> str:
        """A request or response type in a service signature."""
        wkt = ref.well_known
        if wkt is None:
            return self.imports.ref(ref)
        if wkt in _WRAPPED:
            return _PY_SCALAR.get(_WRAPPED[wkt], "int")
        name = "Value" if wkt is WellKnown.VALUE else _RUNTIME_WKT[wkt][0]
        return f"{self.imports.rt}.{name}"
