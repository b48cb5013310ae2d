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
    named_type,
)
from codegen.model.wkt import WellKnown
from codegen.targets.python import layout as L
from codegen.targets.python.imports import DATACLASSES_ALIAS, RUNTIME_ALIAS, Imports

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


_LIST_FACTORY = f"{DATACLASSES_ALIAS}.field(default_factory=list)"
_DICT_FACTORY = f"{DATACLASSES_ALIAS}.field(default_factory=dict)"

REF = "\1"
"""Stands for the reference to a generated message or enum in shared code (`REF | None`)."""


class FieldCode:
    """Everything about a field that depends only on its type and presence, as text
    (`layout.parse` turns a piece into a node on the rare line that needs breaking).

    Computed once per render for each shape of type (`list[REF]`, `REF | None`, `int`,
    ...), then per module with the reference filled in; the shape's nodes are parsed
    once and shared the same way."""

    __slots__ = ("_annotation_node", "_encode_node", "_encode_split", "_ref", "_shape",
                 "annotation", "decoder", "encode", "right", "shared", "test", "zero")  # fmt: skip

    annotation: str
    zero: str | EnumRef
    """The default: an expression (a `default_factory` for lists and maps), or an enum
    (its first value, spelled by the view: it depends on where the field stands)."""
    test: str
    """`" is not None"`, `" or "` (then `right` follows) or empty."""
    right: str
    """`_rt.neg_zero(HOLE)` for implicit-presence floats, else empty."""
    encode: str
    """The JSON expression, `HOLE` standing for the attribute access."""
    decoder: str

    def __init__(self, annotation: str, zero: str | EnumRef, test: str, right: str,
                 encode: str, decoder: str) -> None:  # fmt: skip
        self.annotation = annotation
        self.zero = zero
        self.test = test
        self.right = right
        self.encode = encode
        self.decoder = decoder
        self._annotation_node: L.Node | None = None
        self._encode_node: L.Node | None = None
        self._encode_split: tuple[str, str, str] | bool | None = False
        self._shape: FieldCode | None = None
        self._ref = ""
        self.shared = False
        """True for the code of a type spelled the same in every module (kept for the
        whole render, so it may key other render-wide caches)."""

    def with_ref(self, ref: str, target: EnumRef) -> FieldCode:
        """This shape's code with `REF` spelled `ref`; `target` is the enum a default
        refers to (when the shape's zero is an enum)."""
        zero = self.zero
        if type(zero) is not str:
            zero = target
        code = FieldCode(
            self.annotation.replace(REF, ref),
            zero,
            self.test,
            self.right,
            self.encode.replace(REF, ref),
            self.decoder.replace(REF, ref),
        )
        code._shape = self
        code._ref = ref
        return code

    def annotation_node(self) -> L.Node:
        node = self._annotation_node
        if node is None:
            shape = self._shape
            if shape is None:
                node = L.parse(self.annotation)
            else:
                node = L.fill(shape.annotation_node(), REF, self._ref)
            self._annotation_node = node
        return node

    def encode_node(self, access: str) -> L.Node:
        """The JSON expression for the attribute access `access`, as a node."""
        node = self._encode_node
        if node is None:
            node = self._encode_node = L.parse(self.encode)
        return L.fill(node, HOLE, access)

    def encode_split(self) -> tuple[str, str, str] | None:
        """(opener, arguments, closer) when the JSON expression is a call or subscript of
        two or more arguments (`HOLE` standing for the attribute access), else None."""
        split = self._encode_split
        if split is False:
            shape = self._shape
            if shape is None:
                node = L.parse(self.encode)
                split = None
                if type(node) is L.Seq and len(node.items) > 1:
                    split = (node.opener, ", ".join([i.flat for i in node.items]), node.closer)
            else:
                split = shape.encode_split()
                if split is not None:
                    ref = self._ref
                    split = tuple([part.replace(REF, ref) for part in split])  # type: ignore[assignment]
            self._encode_split = split
        return split  # type: ignore[return-value]


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


def _named(t: TypeRef) -> MessageRef | EnumRef | None:
    """The generated message or enum `t` refers to (directly or as an element), if any:
    everything else (scalars, well-known types, containers of them) is spelled the same
    in every module."""
    named = named_type(t)
    if named.__class__ is MessageRef:
        return None if named.well_known is not None else named
    if named.__class__ is EnumRef:
        return None if named.is_null_value else named
    return None


class PyTypes:
    """The types of one module. `shared` may be one dict for every module of a render:
    it holds the code of each shape of type, which does not depend on the module."""

    def __init__(self, imports: Imports, json: JsonProfile,
                 shared: dict[object, FieldCode] | None = None) -> None:  # fmt: skip
        self.imports = imports
        self.int64_strings = json.int64 == "string"
        self.codes: dict[tuple[int, bool], FieldCode] = {}
        """What `field_code` returned, by (id of the type, presence)."""
        self._shared: dict[object, FieldCode] = {} if shared is None else shared
        self._rt = RUNTIME_ALIAS

    # -- values ------------------------------------------------------------------------

    def _value(self, t: ValueType, element: bool, ref: str) -> _Value:
        """How values of `t` are typed and converted; `ref` spells a generated type."""
        rt = self._rt
        cls = type(t)
        if cls is MessageRef and t.well_known is None:  # type: ignore[union-attr]
            return _Value(ref, f"{HOLE}.to_dict()", f"{ref}.to_dict", f"{rt}.dec_message({ref})")
        if cls is ScalarType:
            return self._scalar(t.kind)  # type: ignore[union-attr]
        if cls is EnumRef:
            if t.is_null_value:  # type: ignore[union-attr]
                return _Value(f"{rt}.NullValue", "None", f"{rt}.enc_value", f"{rt}.dec_null_value")
            return _Value(
                ref,
                f"{rt}.enc_enum({ref}, {HOLE})",
                f"{rt}.enum_encoder({ref})",
                f"{rt}.dec_enum({ref})",
            )
        wkt = t.well_known  # type: ignore[union-attr]
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
        """Memoized per (type, presence): one lookup per field when rendering.

        Keyed by the type object's identity: the model outlives the module's render, so
        an id is never reused while this cache exists (equal types that are distinct
        objects only cost a second lookup)."""
        key = (id(f.type), f.has_presence)
        code = self.codes.get(key)
        if code is None:
            code = self.codes[key] = self._lookup(f)
        return code

    def _lookup(self, f: Field) -> FieldCode:
        t = f.type
        shared = self._shared
        # The same type object in another module (scalar types are shared by the model).
        code = shared.get((id(t), f.has_presence))
        if code is not None:
            self.imports.used.add(RUNTIME_ALIAS)  # what every field's code refers to
            return code
        self.imports.rt  # noqa: B018
        named = _named(t)
        if named is None:
            key: tuple[object, ...] = (_key(t), f.has_presence, self.int64_strings)
            code = shared.get(key)
            if code is None:
                code = shared[key] = self._field_code(f, "")
                code.shared = True
            shared[(id(t), f.has_presence)] = code
            return code
        ref = self.imports.ref(named)
        cls = type(t)
        key = (id(cls), id(t.key.kind) if cls is MapOf else 0, id(type(named)),  # type: ignore[union-attr]
               f.has_presence, self.int64_strings)  # fmt: skip
        shape = self._shared.get(key)
        if shape is None:
            shape = self._shared[key] = self._field_code(f, REF)
        return shape.with_ref(ref, named)  # type: ignore[arg-type]

    def _field_code(self, f: Field, ref: str) -> FieldCode:
        t = f.type
        rt = self._rt
        if isinstance(t, ListOf):
            value = self._value(t.element, True, ref)
            annotation = f"list[{value.type}]"
            if value.function is None:
                encode = f"list({HOLE})"
            else:
                encode = f"{rt}.enc_list({value.function}, {HOLE})"
            decoder = f"{rt}.dec_list({value.decoder})"
            return FieldCode(annotation, _LIST_FACTORY, "", "", encode, decoder)
        if isinstance(t, MapOf):
            value = self._value(t.value, True, ref)
            key = _PY_SCALAR.get(t.key.kind, "int")
            helper = {Scalar.STRING: "enc_map", Scalar.BOOL: "enc_map_bool"}.get(
                t.key.kind, "enc_map_int"
            )
            encode = f"{rt}.{helper}({value.function or 'None'}, {HOLE})"
            decoder = f"{rt}.dec_map({rt}.{_KEY_DECODER[t.key.kind]}, {value.decoder})"
            return FieldCode(f"dict[{key}, {value.type}]", _DICT_FACTORY, "", "", encode, decoder)
        value = self._value(t, False, ref)
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
