"""TypeRef -> TypeScript type expression of the JSON wire shape, recording imports.

The shape follows the JSON profile (DESIGN §5): 64-bit integers are `string` or
`number`, floats may be the strings `"NaN"`/`"Infinity"`/`"-Infinity"`, bytes are
base64 strings, open enums may also be numbers (ProtoJSON prints unknown values as
numbers), well-known types are their JSON forms (aliases exported by the runtime).
"""

from __future__ import annotations

from collections.abc import Callable

from codegen.config import JsonProfile
from codegen.model import EnumRef, ListOf, MapOf, MessageRef, Scalar, ScalarType, TypeRef
from codegen.model.types import ValueType
from codegen.model.wkt import WellKnown
from codegen.targets.typescript.imports import Imports
from codegen.targets.typescript.names import RUNTIME_MODULE, FileNames

FLOAT_TYPE = 'number | "NaN" | "Infinity" | "-Infinity"'

WKT_TYPES: dict[WellKnown, str] = {
    WellKnown.ANY: "Any",
    WellKnown.DURATION: "Duration",
    WellKnown.EMPTY: "Empty",
    WellKnown.FIELD_MASK: "FieldMask",
    WellKnown.STRUCT: "Struct",
    WellKnown.VALUE: "Value",
    WellKnown.LIST_VALUE: "ListValue",
    WellKnown.TIMESTAMP: "Timestamp",
    WellKnown.DOUBLE_VALUE: "DoubleValue",
    WellKnown.FLOAT_VALUE: "FloatValue",
    WellKnown.INT64_VALUE: "Int64Value",
    WellKnown.UINT64_VALUE: "UInt64Value",
    WellKnown.INT32_VALUE: "Int32Value",
    WellKnown.UINT32_VALUE: "UInt32Value",
    WellKnown.BOOL_VALUE: "BoolValue",
    WellKnown.STRING_VALUE: "StringValue",
    WellKnown.BYTES_VALUE: "BytesValue",
}
"""Runtime type alias of each well-known message (its JSON shape)."""

NULL_VALUE = "NullValue"


def scalar_type(kind: Scalar, profile: JsonProfile) -> str:
    text = _SCALARS.get((kind.value, profile.int64))
    if text is None:
        text = _SCALARS[(kind.value, profile.int64)] = _scalar_type(kind, profile)
    return text


def _scalar_type(kind: Scalar, profile: JsonProfile) -> str:
    if kind.is_float:
        return FLOAT_TYPE
    if kind.is_64bit:
        # Under int64 = "number", values past 2^53 stay decimal strings (exact).
        return "number | string" if profile.int64 == "number" else "string"
    if kind.is_integer:
        return "number"
    if kind is Scalar.BOOL:
        return "boolean"
    return "string"  # string; bytes as base64


_SCALARS: dict[tuple[str, str], str] = {}


def _scalar_types(profile: JsonProfile) -> dict[int, str]:
    """id(Scalar member) -> its type text under `profile` (shared: built once per profile)."""
    table = _SCALARS_BY_ID.get(profile.int64)
    if table is None:
        table = _SCALARS_BY_ID[profile.int64] = {
            id(kind): scalar_type(kind, profile) for kind in Scalar
        }
    return table


_SCALARS_BY_ID: dict[str, dict[int, str]] = {}


class TypeMapper:
    """Type expressions for one module; every cross-module name goes through `imports`."""

    __slots__ = ("_memo", "_scalars", "imports", "names_of", "profile")

    def __init__(
        self, imports: Imports, names_of: Callable[[str], FileNames], profile: JsonProfile
    ) -> None:
        self.imports = imports
        self.names_of = names_of
        self.profile = profile
        self._memo: dict[object, str] = {}
        self._scalars = _scalar_types(profile)

    def field(self, t: TypeRef) -> str:
        """The type of a field holding `t` (memoised: a module asks for few distinct types)."""
        tt = type(t)
        if tt is ScalarType:
            return self._scalars[id(t.kind)]  # type: ignore[union-attr]
        # Model references are fresh objects per field: key on what they denote (their
        # dataclass hash would cost more than the lookup saves).
        if tt is MessageRef or tt is EnumRef:
            key: object = t.full_name  # type: ignore[union-attr]
        else:
            key = t
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = self._field(t)
        return text

    def _field(self, t: TypeRef) -> str:
        if isinstance(t, ListOf):
            element = self.value(t.element)
            if " " in element:
                element = f"({element})"
            return element + "[]"
        if isinstance(t, MapOf):
            return f"{{ [key: string]: {self.value(t.value)} }}"
        return self.value(t)

    def value(self, t: ValueType) -> str:
        if isinstance(t, ScalarType):
            return scalar_type(t.kind, self.profile)
        if isinstance(t, MessageRef):
            return self.message(t)
        return self.enum(t)

    def message(self, ref: MessageRef) -> str:
        wkt = ref.well_known
        if wkt is not None:
            return self.runtime_type(WKT_TYPES[wkt])
        names = self.names_of(ref.file)
        return self.imports.type(names.module, names.types[ref.full_name])

    def enum(self, ref: EnumRef) -> str:
        if ref.is_null_value:
            return "null"
        names = self.names_of(ref.file)
        name = self.imports.type(names.module, names.types[ref.full_name])
        return name if ref.closed else f"{name} | number"

    def enum_name(self, ref: EnumRef) -> str:
        names = self.names_of(ref.file)
        return self.imports.type(names.module, names.types[ref.full_name])

    def runtime_type(self, name: str) -> str:
        return self.imports.type(RUNTIME_MODULE, name)

    def runtime_value(self, name: str) -> str:
        return self.imports.value(RUNTIME_MODULE, name)
