"""TypeRef -> Go type expression, recording the imports each type needs.

The mapping (docs/go.md has the table):

* scalars: float64, float32, int32, int64, uint32, uint64, bool, string, []byte;
* enums: the generated named int32 type; messages: `*Msg`;
* well-known types, natural and lossless: Timestamp `time.Time`, Duration
  `protobindrt.Duration` (time.Duration cannot hold ±10,000 years), Struct
  `map[string]any`, ListValue `[]any`, Value `any`, NullValue `protobindrt.NullValue`,
  FieldMask `protobindrt.FieldMask`, Empty `protobindrt.Empty`, Any `protobindrt.Any`,
  wrappers the bare Go scalar.

Presence: a singular field with presence is a pointer to its type, unless that type can
already be nil (messages are pointers anyway; `[]byte`, maps, slices and `any` use nil
for unset). Lists and maps hold plain values (`[]time.Time`), messages as pointers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

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
from codegen.targets.go.imports import GoIdent, Imports

SCALAR_GO = {
    Scalar.DOUBLE: "float64",
    Scalar.FLOAT: "float32",
    Scalar.INT32: "int32",
    Scalar.INT64: "int64",
    Scalar.UINT32: "uint32",
    Scalar.UINT64: "uint64",
    Scalar.SINT32: "int32",
    Scalar.SINT64: "int64",
    Scalar.FIXED32: "uint32",
    Scalar.FIXED64: "uint64",
    Scalar.SFIXED32: "int32",
    Scalar.SFIXED64: "int64",
    Scalar.BOOL: "bool",
    Scalar.STRING: "string",
    Scalar.BYTES: "[]byte",
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


_SCALAR_GO = {k._name_: v for k, v in SCALAR_GO.items()}
"""SCALAR_GO keyed by the member's name (a str hashes faster than an Enum)."""


def wrapped_scalar(w: WellKnown) -> Scalar | None:
    """The scalar a wrapper type wraps (None for other well-known types)."""
    return _WRAPPED.get(w)


class Symbol(NamedTuple):
    """Where a message or enum is defined and under which names."""

    definition: GoIdent
    """The package whose code defines it (a cycle's shared package, or its own)."""
    public: GoIdent
    """The name users see (differs from `definition` only for types in an import cycle)."""


class TypeMapper:
    """Type expressions for one file being rendered into package `here`."""

    def __init__(
        self,
        here: str,
        imports: Imports,
        symbols: Callable[[str], Symbol],
        placeholders: Mapping[str, str] | None = None,
    ) -> None:
        self.here = here
        self.imports = imports
        self.symbols = symbols
        self._named: dict[str, str] = dict(placeholders or {})

    def named(self, full_name: str) -> str:
        """The type's name as this file writes it (qualified, recording the import)."""
        text = self._named.get(full_name)
        if text is None:
            s = self.symbols(full_name)
            if s.definition.import_path == self.here:
                text = s.definition.name
            else:
                text = self.imports.ident(s.public)
            self._named[full_name] = text
        return text

    def value(self, t: ValueType) -> str:
        """The type of one value: a list element, map value or oneof case."""
        if isinstance(t, ScalarType):
            return _SCALAR_GO[t.kind._name_]
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return self.imports.rt("NullValue")
            return self.named(t.full_name)
        wkt = t.well_known
        if wkt is None:
            return "*" + self.named(t.full_name)
        return self._wkt(wkt)

    def _wkt(self, wkt: WellKnown) -> str:
        if wkt is WellKnown.TIMESTAMP:
            return self.imports.ident(GoIdent("time", "time", "Time"))
        if wkt is WellKnown.STRUCT:
            return "map[string]any"
        if wkt is WellKnown.LIST_VALUE:
            return "[]any"
        if wkt is WellKnown.VALUE:
            return "any"
        scalar = _WRAPPED.get(wkt)
        if scalar is not None:
            return SCALAR_GO[scalar]
        return self.imports.rt(
            {
                WellKnown.DURATION: "Duration",
                WellKnown.EMPTY: "Empty",
                WellKnown.FIELD_MASK: "FieldMask",
                WellKnown.ANY: "Any",
            }[wkt]
        )

    def singular(self, t: ValueType) -> str:
        """The type of a singular field with presence (and of an RPC's input/output)."""
        v = self.value(t)
        return v if nilable(t) else "*" + v

    def field(self, f: Field) -> str:
        t: TypeRef = f.type
        if isinstance(t, ListOf):
            return "[]" + self.value(t.element)
        if isinstance(t, MapOf):
            return f"map[{_SCALAR_GO[t.key.kind._name_]}]{self.value(t.value)}"
        if f.oneof is not None:
            raise ValueError("oneof members live in wrapper types")
        if f.has_presence:
            return self.singular(t)
        return self.value(t)


def nilable(t: ValueType) -> bool:
    """Whether the Go value type of `t` can already be nil (so presence needs no pointer)."""
    if isinstance(t, ScalarType):
        return t.kind is Scalar.BYTES
    if isinstance(t, EnumRef):
        return False
    wkt = t.well_known
    if wkt is None:
        return True  # *Msg
    return wkt in (
        WellKnown.STRUCT,
        WellKnown.LIST_VALUE,
        WellKnown.VALUE,
        WellKnown.BYTES_VALUE,
    )


def is_message(t: TypeRef) -> bool:
    return isinstance(t, MessageRef) and t.well_known is None
