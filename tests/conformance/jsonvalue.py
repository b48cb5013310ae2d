"""Schema-aware JSON values: the int64=number transform and the comparison rules.

Both walk a parsed JSON value alongside a message descriptor, so they know which numbers are
64-bit integers, which are float32, where a map's values are, what an Any holds.

Comparison rules (what "agrees with the oracle" means):
- object keys must be exactly the expected ones (spelling follows the profile);
- strings, bools and null compare exactly; enum names, Timestamp/Duration/FieldMask strings
  and base64 bytes are strings, so they must be canonical;
- numbers compare as numbers after parsing (1.0 == 1, 1e2 == 100), never as text; float fields
  compare after rounding both sides to float32; negative zero must stay a negative float
  (printed `-0.0` or `-0e0`, not `-0` or `0`: json_format, like the other parsers, reads those
  as +0, which proto3 then drops, so a round trip loses the field); integers must be JSON integers (not bools, not
  1.5), and 64-bit integers must be strings or numbers exactly as the profile says;
- "NaN", "Infinity", "-Infinity" are strings in ProtoJSON, compared exactly;
- Struct/Value/ListValue contents compare as plain JSON (numbers as doubles).

Binary output is compared as messages (field by field, NaN equal to NaN whatever its payload,
the contents of Any unpacked), never as bytes: map order and Any packing may differ.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from typing import Any

from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

F = FieldDescriptor
INT64_TYPES = frozenset(
    {F.TYPE_INT64, F.TYPE_UINT64, F.TYPE_SINT64, F.TYPE_FIXED64, F.TYPE_SFIXED64}
)
INT32_TYPES = frozenset(
    {F.TYPE_INT32, F.TYPE_UINT32, F.TYPE_SINT32, F.TYPE_FIXED32, F.TYPE_SFIXED32}
)
FLOAT_TYPES = frozenset({F.TYPE_FLOAT, F.TYPE_DOUBLE})

WRAPPERS = frozenset(
    f"google.protobuf.{n}Value"
    for n in ("Bool", "Int32", "Int64", "UInt32", "UInt64", "Float", "Double", "String", "Bytes")
)
# WKTs whose JSON is not a plain object of their fields; inside Any they sit under "value".
SPECIAL_WKTS = WRAPPERS | frozenset(
    f"google.protobuf.{n}"
    for n in ("Any", "Timestamp", "Duration", "FieldMask", "Struct", "Value", "ListValue")
)
NULL_VALUE = "google.protobuf.NullValue"


def is_map(field: FieldDescriptor) -> bool:
    return (
        field.type == F.TYPE_MESSAGE
        and field.message_type.GetOptions().map_entry
        and is_repeated(field)
    )


def is_repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)


_FIELD_CACHE: dict[str, dict[str, FieldDescriptor]] = {}


def field_for_key(desc: Descriptor, key: str) -> FieldDescriptor | None:
    """The field a JSON key names: json_name, proto name, or `[ext.full.name]`."""
    table = _FIELD_CACHE.get(desc.full_name)
    if table is None:
        table = {}
        for f in desc.fields:
            table[f.name] = f
            table[f.json_name] = f
        _FIELD_CACHE[desc.full_name] = table
    found = table.get(key)
    if found is None and key.startswith("[") and key.endswith("]"):
        try:
            return desc.file.pool.FindExtensionByName(key[1:-1])
        except KeyError:
            return None
    return found


def any_type(type_url: object) -> Descriptor | None:
    if not isinstance(type_url, str) or "/" not in type_url:
        return None
    try:
        return descriptor_pool.Default().FindMessageTypeByName(type_url.rsplit("/", 1)[1])
    except KeyError:
        return None


# ----------------------------------------------------------------------------- int64=number


def int64_as_numbers(value: Any, desc: Descriptor) -> Any:
    """Turn the oracle's 64-bit integer strings into JSON numbers (the int64=number profile).

    Singular, repeated and map-value fields, Int64Value/UInt64Value wrappers, also inside Any;
    map keys stay strings. Returns a new value; the input is not modified.
    """
    name = desc.full_name
    if name in ("google.protobuf.Int64Value", "google.protobuf.UInt64Value"):
        return int(value) if isinstance(value, str) else value
    if name == "google.protobuf.Any":
        if not isinstance(value, dict):
            return value
        inner = any_type(value.get("@type"))
        if inner is None:
            return value
        if inner.full_name in SPECIAL_WKTS:
            out = dict(value)
            if "value" in out:
                out["value"] = int64_as_numbers(out["value"], inner)
            return out
        body = int64_as_numbers({k: v for k, v in value.items() if k != "@type"}, inner)
        return {"@type": value["@type"], **body}
    if name in SPECIAL_WKTS or not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        field = field_for_key(desc, key)
        out[key] = item if field is None else _field_int64(field, item)
    return out


def _field_int64(field: FieldDescriptor, value: Any) -> Any:
    if value is None:
        return None
    if is_map(field):
        vfield = field.message_type.fields_by_name["value"]
        return {k: _single_int64(vfield, v) for k, v in value.items()}
    if is_repeated(field):
        return [_single_int64(field, v) for v in value]
    return _single_int64(field, value)


def _single_int64(field: FieldDescriptor, value: Any) -> Any:
    if field.type in INT64_TYPES and isinstance(value, str):
        return int(value)
    if field.type in (F.TYPE_MESSAGE, F.TYPE_GROUP):
        return int64_as_numbers(value, field.message_type)
    return value


# ------------------------------------------------------------------------- JSON comparison


def f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]


def _show(value: Any, limit: int = 160) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def diff_json(expected: Any, actual: Any, desc: Descriptor, path: str = "") -> str | None:
    """None when `actual` agrees with `expected` (a message of type `desc`), else the first
    difference as `path: expected X, got Y`."""
    name = desc.full_name
    where = path or "(top)"
    if name in WRAPPERS:
        return _diff_single(desc.fields_by_name["value"], expected, actual, path)
    if name in (
        "google.protobuf.Timestamp",
        "google.protobuf.Duration",
        "google.protobuf.FieldMask",
    ):
        return _exact(expected, actual, path, str)
    if name in ("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"):
        return diff_plain(expected, actual, path)
    if not isinstance(actual, dict):
        return f"{where}: expected an object {_show(expected)}, got {_show(actual)}"
    if name == "google.protobuf.Any":
        if set(expected) != set(actual):
            return _keys_diff(expected, actual, where)
        if expected.get("@type") != actual.get("@type"):
            return (
                f"{path}.@type: expected {_show(expected.get('@type'))}, got "
                f"{_show(actual.get('@type'))}"
            )
        inner = any_type(expected.get("@type"))
        if inner is None:
            return diff_plain(expected, actual, path)
        if inner.full_name in SPECIAL_WKTS:
            if "value" not in expected:
                return None
            return diff_json(expected["value"], actual["value"], inner, f"{path}.value")
        body_e = {k: v for k, v in expected.items() if k != "@type"}
        body_a = {k: v for k, v in actual.items() if k != "@type"}
        return diff_json(body_e, body_a, inner, path)
    if not isinstance(expected, dict):
        return f"{where}: expected {_show(expected)}, got an object {_show(actual)}"
    if set(expected) != set(actual):
        return _keys_diff(expected, actual, where)
    for key, e in expected.items():
        field = field_for_key(desc, key)
        sub = f"{path}.{key}" if path else key
        if field is None:
            problem = diff_plain(e, actual[key], sub)
        else:
            problem = _diff_field(field, e, actual[key], sub)
        if problem:
            return problem
    return None


def _keys_diff(expected: dict[str, Any], actual: dict[str, Any], where: str) -> str:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    parts = []
    if missing:
        parts.append(f"missing keys {missing}")
    if extra:
        parts.append("unexpected keys " + ", ".join(f"{k}={_show(actual[k], 60)}" for k in extra))
    return f"{where}: " + "; ".join(parts)


def _diff_field(field: FieldDescriptor, e: Any, a: Any, path: str) -> str | None:
    if is_map(field):
        if not isinstance(a, dict):
            return f"{path}: expected a map object, got {_show(a)}"
        if set(e) != set(a):
            return _keys_diff(e, a, path)
        vfield = field.message_type.fields_by_name["value"]
        for k, v in e.items():
            problem = _diff_single(vfield, v, a[k], f"{path}[{k!r}]")
            if problem:
                return problem
        return None
    if is_repeated(field):
        if not isinstance(a, list):
            return f"{path}: expected an array, got {_show(a)}"
        if len(e) != len(a):
            return f"{path}: expected {len(e)} elements {_show(e)}, got {len(a)} {_show(a)}"
        for i, (x, y) in enumerate(zip(e, a, strict=True)):
            problem = _diff_single(field, x, y, f"{path}[{i}]")
            if problem:
                return problem
        return None
    return _diff_single(field, e, a, path)


def _diff_single(field: FieldDescriptor, e: Any, a: Any, path: str) -> str | None:
    t = field.type
    if t in (F.TYPE_MESSAGE, F.TYPE_GROUP):
        return diff_json(e, a, field.message_type, path)
    if t == F.TYPE_ENUM:
        if field.enum_type.full_name == NULL_VALUE:
            return None if a is None else f"{path}: expected null, got {_show(a)}"
        return _exact(e, a, path, (str, int))
    if t in FLOAT_TYPES:
        return _diff_float(e, a, path, single=t == F.TYPE_FLOAT)
    if t in INT32_TYPES or (t in INT64_TYPES and not isinstance(e, str)):
        if not (isinstance(a, int) and not isinstance(a, bool)):
            return f"{path}: expected the JSON integer {_show(e)}, got {_show(a)}"
        return None if a == e else f"{path}: expected {_show(e)}, got {_show(a)}"
    if t == F.TYPE_BOOL:
        return _exact(e, a, path, bool)
    return _exact(e, a, path, str)  # string, bytes, int64 as string


def _exact(e: Any, a: Any, path: str, types: type | tuple[type, ...]) -> str | None:
    ok = type(a) is type(e) and isinstance(a, types) and a == e
    return None if ok else f"{path}: expected {_show(e)}, got {_show(a)}"


def _diff_float(e: Any, a: Any, path: str, single: bool) -> str | None:
    if isinstance(e, str) or not _is_number(a):
        return _exact(e, a, path, (str, int, float))
    conv: Callable[[float], float] = f32 if single else float
    try:
        same = conv(float(a)) == conv(float(e))
    except (OverflowError, struct.error):
        same = False
    if same and _negative_zero(e) and not _negative_zero(a):
        return f"{path}: expected -0.0, got {_show(a)} (the sign of zero is lost: {NEG_ZERO})"
    return None if same else f"{path}: expected {_show(e)}, got {_show(a)}"


NEG_ZERO = "json_format and the other parsers read 0 and -0 as +0, which proto3 then drops"


def _negative_zero(x: Any) -> bool:
    return isinstance(x, float) and x == 0 and math.copysign(1.0, x) < 0


def diff_plain(e: Any, a: Any, path: str) -> str | None:
    """Plain JSON equality, numbers as doubles (Struct, Value, ListValue contents)."""
    where = path or "(top)"
    if _is_number(e):
        if _is_number(a) and float(a) == float(e):
            if _negative_zero(e) and not _negative_zero(a):
                return f"{where}: expected -0.0, got {_show(a)} (the sign of zero is lost)"
            return None
        return f"{where}: expected {_show(e)}, got {_show(a)}"
    if isinstance(e, dict):
        if not isinstance(a, dict):
            return f"{where}: expected {_show(e)}, got {_show(a)}"
        if set(e) != set(a):
            return _keys_diff(e, a, where)
        for k in e:
            problem = diff_plain(e[k], a[k], f"{path}.{k}" if path else k)
            if problem:
                return problem
        return None
    if isinstance(e, list):
        if not isinstance(a, list) or len(a) != len(e):
            return f"{where}: expected {_show(e)}, got {_show(a)}"
        for i, (x, y) in enumerate(zip(e, a, strict=True)):
            problem = diff_plain(x, y, f"{path}[{i}]")
            if problem:
                return problem
        return None
    return _exact(e, a, where, (str, bool, type(None)))


# ------------------------------------------------------------------------ message comparison


def diff_messages(expected: Message, actual: Message, path: str = "") -> str | None:
    """Field-by-field comparison of two messages of the same type (binary output check)."""
    where = path or "(top)"
    e_fields = {f.name: (f, v) for f, v in expected.ListFields()}
    a_fields = {f.name: (f, v) for f, v in actual.ListFields()}
    if set(e_fields) != set(a_fields):
        missing = sorted(set(e_fields) - set(a_fields))
        extra = sorted(set(a_fields) - set(e_fields))
        return f"{where}: fields missing {missing}, unexpected {extra}"
    if expected.DESCRIPTOR.full_name == "google.protobuf.Any":
        return _diff_any(expected, actual, path)
    for name, (field, e) in e_fields.items():
        a = a_fields[name][1]
        sub = f"{path}.{name}" if path else name
        if is_map(field):
            vfield = field.message_type.fields_by_name["value"]
            if set(e) != set(a):
                return f"{sub}: map keys {sorted(e)} != {sorted(a)}"
            for k in e:
                problem = _diff_value(vfield, e[k], a[k], f"{sub}[{k!r}]")
                if problem:
                    return problem
        elif is_repeated(field):
            if len(e) != len(a):
                return f"{sub}: {len(e)} elements expected, got {len(a)}"
            for i, (x, y) in enumerate(zip(e, a, strict=True)):
                problem = _diff_value(field, x, y, f"{sub}[{i}]")
                if problem:
                    return problem
        else:
            problem = _diff_value(field, e, a, sub)
            if problem:
                return problem
    e_unknown, a_unknown = _unknown(expected), _unknown(actual)
    if e_unknown != a_unknown:
        return f"{where}: unknown fields {e_unknown!r} != {a_unknown!r}"
    return None


def _unknown(msg: Message) -> list[tuple[int, int]]:
    from google.protobuf import unknown_fields

    return sorted((f.field_number, f.wire_type) for f in unknown_fields.UnknownFieldSet(msg))


def _diff_any(e: Message, a: Message, path: str) -> str | None:
    if e.type_url != a.type_url:  # type: ignore[attr-defined]
        return f"{path}.type_url: {e.type_url!r} != {a.type_url!r}"  # type: ignore[attr-defined]
    inner = any_type(e.type_url)  # type: ignore[attr-defined]
    if inner is None:
        ok = e.value == a.value  # type: ignore[attr-defined]
        return None if ok else f"{path}.value: bytes differ"
    from google.protobuf import message_factory

    cls = message_factory.GetMessageClass(inner)
    x, y = cls(), cls()
    try:
        x.ParseFromString(e.value)  # type: ignore[attr-defined]
    except Exception:  # the expected Any holds garbage: the bytes must survive as they are
        ok = e.value == a.value  # type: ignore[attr-defined]
        return None if ok else f"{path}.value: bytes differ"
    try:
        y.ParseFromString(a.value)  # type: ignore[attr-defined]
    except Exception as exc:
        return f"{path}.value: not a valid {inner.full_name}: {exc}"
    return diff_messages(x, y, f"{path}<{inner.full_name}>")


def _diff_value(field: FieldDescriptor, e: Any, a: Any, path: str) -> str | None:
    if field.type in (F.TYPE_MESSAGE, F.TYPE_GROUP):
        return diff_messages(e, a, path)
    if field.type in FLOAT_TYPES:
        if math.isnan(e) and math.isnan(a):
            return None
        if e == a and math.copysign(1, e) == math.copysign(1, a):
            return None
        return f"{path}: expected {e!r}, got {a!r}"
    return None if e == a and type(e) is type(a) else f"{path}: expected {e!r}, got {a!r}"
