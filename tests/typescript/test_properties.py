"""Property tests: random TestAllTypesProto3/Proto2 messages, printed by json_format in
canonical and in non-canonical (but valid) forms, must parse and print (formatMJson) to
json_format's canonical JSON value in every profile: negative zero stays negative, and
64-bit integers over their whole range are exact (numbers under int64 = "number").

PROTOBIND_TS_EXAMPLES sets the number of examples per profile (default 300; the long
local run uses e.g. 5000).
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import struct
from collections.abc import Iterator
from typing import Any

import pytest
from google.protobuf import descriptor as d
from google.protobuf.message import Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.typescript import oracle
from tests.typescript.node_harness import Case, Session
from tests.typescript.trees import P2, P3, PROFILES, same, tree_for

EXAMPLES = int(os.environ.get("PROTOBIND_TS_EXAMPLES", "300"))
F = d.FieldDescriptor
INT_RANGES = {
    F.TYPE_INT32: (-(2**31), 2**31 - 1),
    F.TYPE_SINT32: (-(2**31), 2**31 - 1),
    F.TYPE_SFIXED32: (-(2**31), 2**31 - 1),
    F.TYPE_UINT32: (0, 2**32 - 1),
    F.TYPE_FIXED32: (0, 2**32 - 1),
    F.TYPE_INT64: (-(2**63), 2**63 - 1),
    F.TYPE_SINT64: (-(2**63), 2**63 - 1),
    F.TYPE_SFIXED64: (-(2**63), 2**63 - 1),
    F.TYPE_UINT64: (0, 2**64 - 1),
    F.TYPE_FIXED64: (0, 2**64 - 1),
}
SAFE = 2**53 - 1


def ints(lo: int, hi: int) -> st.SearchStrategy[int]:
    edges = (lo, hi, 0, -1, 1, 2**31 - 1, -(2**31), 2**32 - 1, SAFE, -SAFE, SAFE + 2)
    return st.one_of(st.integers(lo, hi), st.sampled_from([v for v in edges if lo <= v <= hi]))


FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 0.1, 1e-45, 3.4028234663852886e38, 1e300, 5e-324]),
)
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.text(max_size=8), st.floats(allow_nan=False, allow_infinity=False)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
SNAKE = st.from_regex(r"[a-z][a-z0-9]{0,4}(_[a-z][a-z0-9]{0,3}){0,2}", fullmatch=True)


@st.composite
def messages(draw: st.DrawFn, cls: type[Message], depth: int = 0) -> Message:
    """A random message of `cls`, fields chosen at random, nesting bounded."""
    m = cls()
    desc = m.DESCRIPTOR
    fields = list(desc.fields)
    if not fields:
        return m
    chosen = draw(st.lists(st.sampled_from(fields), max_size=8 if depth == 0 else 3, unique=True))
    for f in chosen:
        if f.message_type is not None and f.message_type.GetOptions().map_entry:
            if depth > 1:
                continue
            key_f, value_f = (
                f.message_type.fields_by_name["key"],
                f.message_type.fields_by_name["value"],
            )
            for _ in range(draw(st.integers(0, 2))):
                k = draw(scalar(key_f))
                target = getattr(m, f.name)
                if value_f.message_type is not None:
                    sub = draw(value_message(value_f.message_type, depth + 1))
                    target[k].CopyFrom(sub)
                else:
                    target[k] = draw(scalar(value_f))
        elif f.is_repeated:
            if depth > 1 and f.message_type is not None:
                continue
            for _ in range(draw(st.integers(0, 2))):
                if f.message_type is not None:
                    getattr(m, f.name).add().CopyFrom(
                        draw(value_message(f.message_type, depth + 1))
                    )
                else:
                    getattr(m, f.name).append(draw(scalar(f)))
        elif f.message_type is not None:
            if depth > 2:
                continue
            getattr(m, f.name).CopyFrom(draw(value_message(f.message_type, depth + 1)))
        else:
            setattr(m, f.name, draw(scalar(f)))
    return m


def scalar(f: d.FieldDescriptor) -> st.SearchStrategy[Any]:
    t = f.type
    if t in INT_RANGES:
        return ints(*INT_RANGES[t])
    if t in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return FLOATS
    if t == F.TYPE_BOOL:
        return st.booleans()
    if t == F.TYPE_STRING:
        return st.text(max_size=10)
    if t == F.TYPE_BYTES:
        return st.binary(max_size=10)
    assert t == F.TYPE_ENUM
    numbers = [v.number for v in f.enum_type.values]
    if f.enum_type.is_closed or f.enum_type.full_name == "google.protobuf.NullValue":
        return st.sampled_from(numbers)
    return st.one_of(st.sampled_from(numbers), st.integers(-(2**31), 2**31 - 1))


@st.composite
def value_message(draw: st.DrawFn, md: d.Descriptor, depth: int) -> Message:
    """A message value of type `md`, with valid contents for the well-known types."""
    cls = oracle.message_class(md.full_name)
    name = md.full_name
    m = cls()
    if name == "google.protobuf.Timestamp":
        m.seconds = draw(st.integers(-62135596800, 253402300799))
        m.nanos = draw(st.one_of(st.just(0), st.integers(0, 999_999_999)))
    elif name == "google.protobuf.Duration":
        seconds = draw(st.integers(-315576000000, 315576000000))
        nanos = (
            draw(st.integers(0, 999_999_999))
            if seconds
            else draw(st.integers(-999_999_999, 999_999_999))
        )
        m.seconds, m.nanos = seconds, -nanos if seconds < 0 else nanos
    elif name == "google.protobuf.FieldMask":
        m.paths.extend(draw(st.lists(SNAKE, max_size=3)))
    elif name == "google.protobuf.Struct":
        m.update(draw(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3)))
    elif name == "google.protobuf.ListValue":
        m.extend(draw(st.lists(JSON_VALUES, max_size=3)))
    elif name == "google.protobuf.Value":
        v = draw(JSON_VALUES)
        if v is None:
            m.null_value = 0
        elif isinstance(v, bool):
            m.bool_value = v
        elif isinstance(v, (int, float)):
            m.number_value = v
        elif isinstance(v, str):
            m.string_value = v
        elif isinstance(v, list):
            m.list_value.extend(v)
        else:
            m.struct_value.update(v)
    elif name == "google.protobuf.Any":
        if draw(st.booleans()) and depth < 3:
            inner_cls = draw(
                st.sampled_from([P3, "google.protobuf.Duration", "google.protobuf.Int64Value"])
            )
            inner_md = oracle.message_class(inner_cls).DESCRIPTOR
            m.Pack(draw(value_message(inner_md, depth + 1)))
    elif md.file.name == "google/protobuf/wrappers.proto":
        f = md.fields_by_name["value"]
        m.value = draw(scalar(f))
    else:
        m = draw(messages(cls, depth))
    return m


def variants(js: Any, desc: d.Descriptor, rnd: random.Random) -> Any:
    """A non-canonical spelling of a canonical JSON value that json_format reads the same:
    proto names for keys, numbers for int64 strings, numbers for enum names, quoted
    floats, URL-safe unpadded base64."""
    if not isinstance(js, dict) or desc.full_name.startswith("google.protobuf."):
        return js
    out: dict[str, Any] = {}
    by_json = {f.json_name: f for f in desc.fields}
    for key, value in js.items():
        f = by_json.get(key) or desc.fields_by_name.get(key)
        if f is None:
            out[key] = value
            continue
        new_key = f.name if rnd.random() < 0.5 else key
        out[new_key] = _variant_field(value, f, rnd)
    return out


def _variant_field(value: Any, f: d.FieldDescriptor, rnd: random.Random) -> Any:
    if f.message_type is not None and f.message_type.GetOptions().map_entry:
        vf = f.message_type.fields_by_name["value"]
        return {k: _variant_value(v, vf, rnd) for k, v in value.items()}
    if f.is_repeated:
        return [_variant_value(v, f, rnd) for v in value]
    return _variant_value(value, f, rnd)


def _variant_value(value: Any, f: d.FieldDescriptor, rnd: random.Random) -> Any:
    if f.message_type is not None:
        return variants(value, f.message_type, rnd)
    if f.cpp_type in (F.CPPTYPE_INT64, F.CPPTYPE_UINT64) and isinstance(value, str):
        return int(value) if rnd.random() < 0.5 else value
    if f.cpp_type in (F.CPPTYPE_INT32, F.CPPTYPE_UINT32) and rnd.random() < 0.3:
        return str(value)
    if f.enum_type is not None and isinstance(value, str) and rnd.random() < 0.5:
        return f.enum_type.values_by_name[value].number
    if f.cpp_type in (F.CPPTYPE_DOUBLE, F.CPPTYPE_FLOAT) and isinstance(value, float):
        return repr(value) if rnd.random() < 0.3 else value
    if f.type == F.TYPE_BYTES and isinstance(value, str) and rnd.random() < 0.5:
        raw = base64.b64decode(value)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return value


def _walk_floats(js: Any) -> Iterator[float]:
    if isinstance(js, float):
        yield js
    elif isinstance(js, dict):
        for v in js.values():
            yield from _walk_floats(v)
    elif isinstance(js, list):
        for v in js:
            yield from _walk_floats(v)


_SESSIONS: dict[str, Session] = {}


def session(profile: str, factory: pytest.TempPathFactory) -> Session:
    if profile not in _SESSIONS:
        _SESSIONS[profile] = tree_for(profile, factory).session()
    return _SESSIONS[profile]


@pytest.mark.parametrize("type_name", [P3, P2])
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_random_messages_agree_with_json_format(
    type_name: str, profile: str, pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    p = PROFILES[profile]
    s = session(profile, tmp_path_factory)
    cls = oracle.message_class(type_name)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=EXAMPLES <= 300,
    )
    @given(messages(cls, 0), st.integers(0, 2**32))
    def check(m: Message, seed: int) -> None:
        expected = oracle.canonical_value(m, p)
        canonical_text = oracle.canonical_json(m)
        variant = variants(json.loads(canonical_text), cls.DESCRIPTOR, random.Random(seed))
        for text in (canonical_text, json.dumps(variant)):
            r = s.parse(Case(type_name, text))
            assert r.crash is None, r.crash
            assert r.error is None, f"{text}\n-> {r.error}"
            assert same(r.ok, expected), f"{text}\nts: {r.raw}\npy: {json.dumps(expected)}"

    check()


def test_float32_printing_matches_protobuf_bit_for_bit(
    pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """protobuf prints a float as the shortest of 6..9 significant digits that reads back
    as the same float32; random bit patterns (all exponents, subnormals) agree."""
    rnd = random.Random(1)
    s = session("json-string", tmp_path_factory)
    cls = oracle.message_class(P3)
    for _ in range(10):
        values = []
        while len(values) < 2000:
            (f,) = struct.unpack("<f", rnd.getrandbits(32).to_bytes(4, "little"))
            if math.isfinite(f):
                values.append(f)
        m = cls()
        m.repeated_float.extend(values)
        text = oracle.canonical_json(m)
        r = s.parse(Case(P3, json.dumps({"repeatedFloat": values})))
        assert r.error is None and r.crash is None, r.error or r.crash
        assert same(r.ok, json.loads(text)), "float32 printing differs"
