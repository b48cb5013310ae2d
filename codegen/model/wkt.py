"""The well-known types that ProtoJSON and every target treat specially."""

from __future__ import annotations

import enum


class WellKnown(enum.Enum):
    ANY = "google.protobuf.Any"
    DURATION = "google.protobuf.Duration"
    EMPTY = "google.protobuf.Empty"
    FIELD_MASK = "google.protobuf.FieldMask"
    STRUCT = "google.protobuf.Struct"
    VALUE = "google.protobuf.Value"
    LIST_VALUE = "google.protobuf.ListValue"
    TIMESTAMP = "google.protobuf.Timestamp"
    DOUBLE_VALUE = "google.protobuf.DoubleValue"
    FLOAT_VALUE = "google.protobuf.FloatValue"
    INT64_VALUE = "google.protobuf.Int64Value"
    UINT64_VALUE = "google.protobuf.UInt64Value"
    INT32_VALUE = "google.protobuf.Int32Value"
    UINT32_VALUE = "google.protobuf.UInt32Value"
    BOOL_VALUE = "google.protobuf.BoolValue"
    STRING_VALUE = "google.protobuf.StringValue"
    BYTES_VALUE = "google.protobuf.BytesValue"

    @property
    def is_wrapper(self) -> bool:
        return self.value.endswith("Value") and self not in (WellKnown.VALUE, WellKnown.LIST_VALUE)


_BY_NAME = {w.value: w for w in WellKnown}

WELL_KNOWN_FILES = frozenset(
    {
        "google/protobuf/any.proto",
        "google/protobuf/duration.proto",
        "google/protobuf/empty.proto",
        "google/protobuf/field_mask.proto",
        "google/protobuf/struct.proto",
        "google/protobuf/timestamp.proto",
        "google/protobuf/wrappers.proto",
    }
)
"""Files whose every type maps to a runtime type; targets never generate them."""


def well_known(full_name: str) -> WellKnown | None:
    return _BY_NAME.get(full_name)
