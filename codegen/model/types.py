"""Type references: what a field holds, as a tagged union of frozen values.

References carry enough to name and import the target (file, package, scope) without
a lookup, so a target can render a reference from the reference alone.
"""

from __future__ import annotations

import enum
from typing import TypeAlias

from codegen.model.frozen import node
from codegen.model.wkt import WellKnown, well_known


class Scalar(enum.Enum):
    DOUBLE = "double"
    FLOAT = "float"
    INT32 = "int32"
    INT64 = "int64"
    UINT32 = "uint32"
    UINT64 = "uint64"
    SINT32 = "sint32"
    SINT64 = "sint64"
    FIXED32 = "fixed32"
    FIXED64 = "fixed64"
    SFIXED32 = "sfixed32"
    SFIXED64 = "sfixed64"
    BOOL = "bool"
    STRING = "string"
    BYTES = "bytes"

    @property
    def is_float(self) -> bool:
        return self in (Scalar.DOUBLE, Scalar.FLOAT)

    @property
    def is_integer(self) -> bool:
        return self.bits > 0 and not self.is_float

    @property
    def is_64bit(self) -> bool:
        """Integers that ProtoJSON writes as strings by default."""
        return self in _INT64

    @property
    def is_unsigned(self) -> bool:
        return self in (Scalar.UINT32, Scalar.UINT64, Scalar.FIXED32, Scalar.FIXED64)

    @property
    def bits(self) -> int:
        """Width of a numeric type (32 or 64); 0 for bool, string and bytes."""
        return _BITS.get(self, 0)


_INT64 = frozenset({Scalar.INT64, Scalar.UINT64, Scalar.SINT64, Scalar.FIXED64, Scalar.SFIXED64})
_BITS = {
    Scalar.DOUBLE: 64,
    Scalar.FLOAT: 32,
    Scalar.INT32: 32,
    Scalar.INT64: 64,
    Scalar.UINT32: 32,
    Scalar.UINT64: 64,
    Scalar.SINT32: 32,
    Scalar.SINT64: 64,
    Scalar.FIXED32: 32,
    Scalar.FIXED64: 64,
    Scalar.SFIXED32: 32,
    Scalar.SFIXED64: 64,
}


@node
class ScalarType:
    kind: Scalar


@node
class MessageRef:
    full_name: str
    """`pkg.Outer.Inner`, no leading dot."""
    file: str
    """Import path of the defining file."""
    package: str
    scope: tuple[str, ...]
    """Names from the outermost message down to this one: `("Outer", "Inner")`."""

    @property
    def name(self) -> str:
        return self.scope[-1]

    @property
    def well_known(self) -> WellKnown | None:
        return well_known(self.full_name)


@node
class EnumRef:
    full_name: str
    file: str
    package: str
    scope: tuple[str, ...]
    closed: bool
    """proto2 semantics: values not declared are rejected (or kept as unknown in binary)."""

    @property
    def name(self) -> str:
        return self.scope[-1]

    @property
    def is_null_value(self) -> bool:
        """`google.protobuf.NullValue`, which ProtoJSON writes as `null`."""
        return self.full_name == "google.protobuf.NullValue"


ValueType: TypeAlias = ScalarType | MessageRef | EnumRef


@node
class ListOf:
    element: ValueType


@node
class MapOf:
    key: ScalarType
    """Any integral type, bool or string (never float, bytes, enum or message)."""
    value: ValueType


TypeRef: TypeAlias = ValueType | ListOf | MapOf


def named_type(t: TypeRef) -> MessageRef | EnumRef | None:
    """The message or enum a type refers to, directly or as its element or map value.

    Called once per field of every file by the model and the targets, hence exact class
    checks rather than isinstance (the reference classes are never subclassed)."""
    cls = t.__class__
    if cls is ListOf:
        t = t.element  # type: ignore[union-attr]
        cls = t.__class__
    elif cls is MapOf:
        t = t.value  # type: ignore[union-attr]
        cls = t.__class__
    return t if cls is MessageRef or cls is EnumRef else None  # type: ignore[return-value]


def named_types(t: TypeRef) -> tuple[MessageRef | EnumRef, ...]:
    """The messages and enums a type refers to (what a file must import to use it)."""
    named = named_type(t)
    return () if named is None else (named,)
