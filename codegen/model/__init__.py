"""The intermediate model every target renders from."""

from typing import TYPE_CHECKING

from codegen.model.nodes import (
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
    named_type,
    named_types,
)
from codegen.model.wkt import WELL_KNOWN_FILES, WellKnown, well_known

if TYPE_CHECKING:
    from codegen.model.build import build_schema


def __getattr__(name: str) -> object:
    # build_schema needs protobuf's descriptor classes: imported only when used, so the
    # model's types stay cheap for the cached no-op path.
    if name == "build_schema":
        from codegen.model.build import build_schema

        return build_schema
    raise AttributeError(name)


__all__ = [
    "WELL_KNOWN_FILES",
    "Comments",
    "DefaultValue",
    "Enum",
    "EnumRef",
    "EnumValue",
    "Field",
    "File",
    "ListOf",
    "MapOf",
    "Message",
    "MessageRef",
    "Method",
    "Oneof",
    "Scalar",
    "ScalarType",
    "Schema",
    "Service",
    "Span",
    "TypeRef",
    "ValueType",
    "WellKnown",
    "build_schema",
    "named_type",
    "named_types",
    "well_known",
]
