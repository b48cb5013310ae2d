"""Binary <-> protobind: convert official protobuf messages (`_pb2`) to the dataclasses
protobind generated, and back, without going through JSON.

The testee reads binary payloads with the official runtime and hands the result to the
protobind-generated JSON codec (and the other way round), so every JSON byte it prints
or parses goes through protobind. Field names come from the generated field tables
(`cls._pb_fields`: proto name -> attribute), classes from the runtime registries, types
from the protobuf descriptors.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from google.protobuf import descriptor, message_factory, symbol_database
from google.protobuf.message import Message as PbMessage

FD = descriptor.FieldDescriptor
_WRAPPERS = {
    "google.protobuf." + n
    for n in [
        "DoubleValue",
        "FloatValue",
        "Int64Value",
        "UInt64Value",
        "Int32Value",
        "UInt32Value",
        "BoolValue",
        "StringValue",
        "BytesValue",
    ]
}


class Converter:
    """Conversions for one tree of generated modules (its runtime module `rt`)."""

    def __init__(self, rt: ModuleType) -> None:
        self.rt = rt
        self._attrs: dict[type, dict[str, str]] = {}

    def _attr_map(self, cls: type) -> dict[str, str]:
        attrs = self._attrs.get(cls)
        if attrs is None:
            attrs = self._attrs[cls] = {f.name: f.attr for f in cls._pb_fields}  # type: ignore[attr-defined]
        return attrs

    # -- protobuf -> protobind ---------------------------------------------------------

    def from_pb(self, msg: PbMessage) -> Any:
        """A generated dataclass (or a well-known type's Python value) for `msg`."""
        name = msg.DESCRIPTOR.full_name
        if name.startswith("google.protobuf."):
            natural = self._wkt_from_pb(name, msg, top=True)
            if natural is not _NOT_WKT:
                return natural
        cls = self.rt.REGISTRY[name]
        obj = cls()
        attrs = self._attr_map(cls)
        for fd, value in msg.ListFields():
            if fd.is_extension:
                continue
            setattr(obj, attrs[fd.name], self._field_from_pb(fd, value))
        return obj

    def _field_from_pb(self, fd: FD, value: Any) -> Any:
        if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            value_fd = fd.message_type.fields_by_name["value"]
            return {k: self._value_from_pb(value_fd, v, element=True) for k, v in value.items()}
        if fd.is_repeated:
            return [self._value_from_pb(fd, v, element=True) for v in value]
        return self._value_from_pb(fd, value, element=False)

    def _value_from_pb(self, fd: FD, value: Any, element: bool) -> Any:
        if fd.cpp_type == FD.CPPTYPE_MESSAGE:
            name = fd.message_type.full_name
            if name.startswith("google.protobuf."):
                natural = self._wkt_from_pb(name, value, top=not element)
                if natural is not _NOT_WKT:
                    return natural
            return self.from_pb(value)
        if fd.cpp_type == FD.CPPTYPE_ENUM:
            name = fd.enum_type.full_name
            return self.rt.ENUMS[name](value)
        return value

    def _wkt_from_pb(self, name: str, msg: Any, top: bool) -> Any:
        rt = self.rt
        if name in _WRAPPERS:
            return msg.value
        if name == "google.protobuf.Timestamp":
            return rt.Timestamp(msg.seconds, msg.nanos)
        if name == "google.protobuf.Duration":
            return rt.Duration(msg.seconds, msg.nanos)
        if name == "google.protobuf.FieldMask":
            return rt.FieldMask(tuple(msg.paths))
        if name == "google.protobuf.Empty":
            return rt.Empty()
        if name == "google.protobuf.Struct":
            return {k: self._json_from_value(v) for k, v in msg.fields.items()}
        if name == "google.protobuf.ListValue":
            return [self._json_from_value(v) for v in msg.values]
        if name == "google.protobuf.Value":
            value = self._json_from_value(msg)
            return rt.NullValue.NULL_VALUE if value is None and top else value
        if name == "google.protobuf.Any":
            if not msg.type_url and not msg.value:
                return rt.Any()
            type_name = msg.type_url.rpartition("/")[2]
            inner_cls = _message_class(type_name)
            inner = inner_cls()
            inner.ParseFromString(msg.value)
            return rt.Any(msg.type_url, self.from_pb(inner))
        return _NOT_WKT

    def _json_from_value(self, v: Any) -> Any:
        kind = v.WhichOneof("kind")
        if kind is None or kind == "null_value":
            return None
        if kind == "struct_value":
            return {k: self._json_from_value(x) for k, x in v.struct_value.fields.items()}
        if kind == "list_value":
            return [self._json_from_value(x) for x in v.list_value.values]
        return getattr(v, kind)

    # -- protobind -> protobuf ---------------------------------------------------------

    def to_pb(self, obj: Any, pb_cls: type[PbMessage]) -> PbMessage:
        msg = pb_cls()
        self._fill(obj, msg)
        return msg

    def _fill(self, obj: Any, msg: PbMessage) -> None:
        name = msg.DESCRIPTOR.full_name
        if name.startswith("google.protobuf.") and self._wkt_to_pb(name, obj, msg):
            return
        attrs = self._attr_map(type(obj))
        for fd in msg.DESCRIPTOR.fields:
            value = getattr(obj, attrs[fd.name])
            if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
                value_fd = fd.message_type.fields_by_name["value"]
                target = getattr(msg, fd.name)
                for k, v in value.items():
                    if value_fd.cpp_type == FD.CPPTYPE_MESSAGE:
                        self._fill_value(value_fd, v, target[k])
                    else:
                        target[k] = int(v) if value_fd.cpp_type == FD.CPPTYPE_ENUM else v
            elif fd.is_repeated:
                target = getattr(msg, fd.name)
                for v in value:
                    if fd.cpp_type == FD.CPPTYPE_MESSAGE:
                        self._fill_value(fd, v, target.add())
                    else:
                        target.append(int(v) if fd.cpp_type == FD.CPPTYPE_ENUM else v)
            elif value is None:
                continue
            elif fd.cpp_type == FD.CPPTYPE_MESSAGE:
                self._fill_value(fd, value, getattr(msg, fd.name))
                getattr(msg, fd.name).SetInParent()
            elif fd.cpp_type == FD.CPPTYPE_ENUM:
                if fd.has_presence or int(value) != 0:
                    setattr(msg, fd.name, int(value))
            elif fd.has_presence or value or _neg_zero(value):
                setattr(msg, fd.name, value)

    def _fill_value(self, fd: FD, value: Any, target: PbMessage) -> None:
        target.SetInParent()
        self._fill(value, target)

    def _wkt_to_pb(self, name: str, value: Any, msg: Any) -> bool:
        rt = self.rt
        if name in _WRAPPERS:
            msg.value = value
        elif name in ("google.protobuf.Timestamp", "google.protobuf.Duration"):
            msg.seconds, msg.nanos = value.seconds, value.nanos
        elif name == "google.protobuf.FieldMask":
            msg.paths.extend(value.paths)
        elif name == "google.protobuf.Empty":
            pass
        elif name == "google.protobuf.Struct":
            msg.Clear()
            for k, v in value.items():
                self._json_to_value(v, msg.fields[k])
        elif name == "google.protobuf.ListValue":
            msg.Clear()
            for v in value:
                self._json_to_value(v, msg.values.add())
        elif name == "google.protobuf.Value":
            self._json_to_value(value, msg)
        elif name == "google.protobuf.Any":
            if value.value is None and not value.type_url:
                return True
            type_name = value.type_url.rpartition("/")[2]
            inner_cls = _message_class(type_name)
            inner = inner_cls()
            if value.value is not None:
                self._fill(value.value, inner)
            msg.type_url = value.type_url
            msg.value = inner.SerializeToString()
        else:
            return False
        del rt
        return True

    def _json_to_value(self, value: Any, msg: Any) -> None:
        rt = self.rt
        if value is None or isinstance(value, rt.NullValue):
            msg.null_value = 0
        elif value is True or value is False:
            msg.bool_value = value
        elif isinstance(value, (int, float)):
            msg.number_value = value
        elif isinstance(value, str):
            msg.string_value = value
        elif isinstance(value, (list, tuple)):
            msg.list_value.Clear()
            for v in value:
                self._json_to_value(v, msg.list_value.values.add())
        elif isinstance(value, dict):
            msg.struct_value.Clear()
            for k, v in value.items():
                self._json_to_value(v, msg.struct_value.fields[k])
        else:
            raise TypeError(f"not a JSON value: {value!r}")


def _message_class(full_name: str) -> type[PbMessage]:
    """The official class of a message type known to the default descriptor pool."""
    pool = symbol_database.Default().pool
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(full_name))


def _neg_zero(value: Any) -> bool:
    return isinstance(value, float) and value == 0 and str(value).startswith("-")


_NOT_WKT: Any = object()
