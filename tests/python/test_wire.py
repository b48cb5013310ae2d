"""The generated binary codec against the oracle, the official runtime (`_pb2`, upb).

Random TestAllTypesProto3/Proto2 messages (the conformance generator) are serialized by
the official runtime with `deterministic=True`; protobind must decode those bytes to the
message the converter builds from the `_pb2` object, and encode it back byte for byte.
Bad bytes must give `DecodeError` and nothing else.
"""

from __future__ import annotations

import importlib
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from google.protobuf.message import DecodeError as PbDecodeError
from google.protobuf.message import Message as PbMessage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.python.convert import Converter
from tests.conformance.oracle import PROTO2, PROTO3, pb2
from tests.conformance.strategies import random_messages
from tests.python.helpers import conformance_bindings


class Bindings:
    def __init__(self, root: Path) -> None:
        package = conformance_bindings(root)
        importlib.invalidate_caches()
        self.rt: ModuleType = importlib.import_module(f"{package}._protobind")
        p3 = importlib.import_module(f"{package}.google.protobuf.test_messages_proto3")
        p2 = importlib.import_module(f"{package}.google.protobuf.test_messages_proto2")
        self.types: dict[str, Any] = {
            PROTO3: p3.TestAllTypesProto3,
            PROTO2: p2.TestAllTypesProto2,
        }
        self.convert = Converter(self.rt)


@pytest.fixture(scope="module")
def b(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bindings]:
    root = tmp_path_factory.mktemp("pbwire")
    sys.path.insert(0, str(root))
    yield Bindings(root)
    sys.path.remove(str(root))


def canonical_any(msg: PbMessage) -> None:
    """Re-pack every Any payload deterministically: the official runtime keeps a payload's
    bytes as they came, protobind decodes and re-encodes them (docs/python.md)."""
    for field, value in msg.ListFields():
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            entry_value = field.message_type.fields_by_name["value"]
            items = list(value.values()) if entry_value.message_type else []
        elif field.is_repeated:
            items = list(value)
        else:
            items = [value]
        for item in items:
            if item.DESCRIPTOR.full_name == "google.protobuf.Any":
                name = item.type_url.rpartition("/")[2]
                try:
                    inner = pb2().message_class(name)()
                except KeyError:
                    continue
                inner.ParseFromString(item.value)
                canonical_any(inner)
                item.value = inner.SerializeToString(deterministic=True)
            else:
                canonical_any(item)


@pytest.mark.parametrize("message_type", [PROTO3, PROTO2])
def test_random_messages_match_the_official_bytes(b: Bindings, message_type: str) -> None:
    cls = b.types[message_type]
    for _, pb in random_messages(120, seed="wire", types=(message_type,)):
        canonical_any(pb)
        want = pb.SerializeToString(deterministic=True)
        expected = b.convert.from_pb(pb)
        # Encode on its own: the converter's object, not one decoded by protobind.
        assert expected.to_bytes() == want, pb
        decoded = cls.from_bytes(want)
        assert decoded.to_dict() == expected.to_dict()  # not ==: NaN != NaN
        assert decoded.to_bytes() == want


def _pb(message_type: str) -> Any:
    return pb2().message_class(message_type)


# Unknown fields: numbers the test messages do not declare, every wire type.
UNKNOWN = bytes.fromhex(
    "f8e707" "2a"  # field 15999, varint
    "fae707" "03616263"  # length-delimited
    "fde707" "01020304"  # fixed32
    "f9e707" "0102030405060708"  # fixed64
    "fbe707" "08" "01" "fce707"  # group holding a varint
)


@pytest.mark.parametrize("message_type", [PROTO3, PROTO2])
def test_unknown_fields_round_trip(b: Bindings, message_type: str) -> None:
    known = bytes.fromhex("0805" "7203616263")  # optional_int32 = 5, optional_string
    data = UNKNOWN[:4] + known + UNKNOWN[4:]
    pb = _pb(message_type)()
    pb.ParseFromString(data)
    want = pb.SerializeToString(deterministic=True)
    msg = b.types[message_type].from_bytes(data)
    assert msg.optional_int32 == 5
    assert msg.to_bytes() == want
    # Unknown fields do not take part in equality.
    assert msg == b.types[message_type](optional_int32=5, optional_string="abc")


def test_wrong_wire_type_is_an_unknown_field(b: Bindings) -> None:
    data = bytes.fromhex("0d01000000")  # optional_int32 as fixed32
    pb = _pb(PROTO3)()
    pb.ParseFromString(data)
    msg = b.types[PROTO3].from_bytes(data)
    assert msg.optional_int32 == 0
    assert msg.to_bytes() == pb.SerializeToString(deterministic=True)


def test_closed_enum_unknown_value_goes_to_unknown_fields(b: Bindings) -> None:
    # optional_nested_enum (21) = 77; repeated_nested_enum (51) packed [1, 77, 2].
    data = bytes.fromhex("a8014d" "9a0303014d02")
    pb = _pb(PROTO2)()
    pb.ParseFromString(data)
    msg = b.types[PROTO2].from_bytes(data)
    assert msg.optional_nested_enum is None
    assert [int(x) for x in msg.repeated_nested_enum] == [1, 2]
    assert msg.to_bytes() == pb.SerializeToString(deterministic=True)


def test_open_enum_keeps_unknown_numbers(b: Bindings) -> None:
    data = bytes.fromhex("a8014d")
    msg = b.types[PROTO3].from_bytes(data)
    assert int(msg.optional_nested_enum) == 77
    assert msg.to_bytes() == data


def test_packed_and_unpacked_are_both_accepted(b: Bindings) -> None:
    # repeated_int32 (31) unpacked twice, then packed [3, 4].
    data = bytes.fromhex("f80101" "f80102" "fa01020304")
    for message_type in (PROTO3, PROTO2):
        pb = _pb(message_type)()
        pb.ParseFromString(data)
        msg = b.types[message_type].from_bytes(data)
        assert msg.repeated_int32 == [1, 2, 3, 4]
        assert msg.to_bytes() == pb.SerializeToString(deterministic=True)


def test_messages_seen_twice_are_merged(b: Bindings) -> None:
    # optional_nested_message (18) {a: 1} then {corecursive: {optional_int32: 2}}.
    data = bytes.fromhex("920102" "0801" "920104" "12020810")
    for message_type in (PROTO3, PROTO2):
        pb = _pb(message_type)()
        pb.ParseFromString(data)
        msg = b.types[message_type].from_bytes(data)
        assert msg.to_bytes() == pb.SerializeToString(deterministic=True)
        assert msg.optional_nested_message.a == 1


def test_negative_zero_is_written_for_implicit_floats(b: Bindings) -> None:
    msg = b.types[PROTO3](optional_double=-0.0, optional_float=-0.0)
    pb = _pb(PROTO3)(optional_double=-0.0, optional_float=-0.0)
    assert msg.to_bytes() == pb.SerializeToString(deterministic=True) != b""


def test_proto2_strings_are_not_checked_for_utf8(b: Bindings) -> None:
    data = bytes.fromhex("7202ff61")  # optional_string = b"\xffa"
    pb = _pb(PROTO2)()
    pb.ParseFromString(data)
    assert b.types[PROTO2].from_bytes(data).to_bytes() == data
    with pytest.raises(b.rt.DecodeError):
        b.types[PROTO3].from_bytes(data)


BAD = {
    "truncated varint": "08",
    "truncated length": "72",
    "length past the end": "7205616263",
    "truncated fixed64": "610102",
    "overlong varint": "08ffffffffffffffffffff01",
    "field number 0": "0001",
    "invalid wire type": "0e",
    "end group without start": "0c",
    "group without end": "fbe707",
    "mismatched end group": "fbe707f4e707",
    "truncated nested message": "92010508",
    "packed field of a wrong length": "8a020301020304",  # repeated_fixed32, 3 bytes
}


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("message_type", [PROTO3, PROTO2])
def test_bad_bytes_give_decode_error(b: Bindings, message_type: str, name: str) -> None:
    data = bytes.fromhex(BAD[name])
    with pytest.raises(PbDecodeError):
        _pb(message_type)().ParseFromString(data)  # the oracle agrees they are bad
    with pytest.raises(b.rt.DecodeError):
        b.types[message_type].from_bytes(data)


def test_nesting_deeper_than_100_is_an_error(b: Bindings) -> None:
    def nested(depth: int) -> bytes:
        body = b""
        for _ in range(depth):  # recursive_message (27)
            body = b"\xda\x01" + bytes(_varint(len(body))) + body
        return body

    b.types[PROTO3].from_bytes(nested(90))
    with pytest.raises(b.rt.DecodeError):
        b.types[PROTO3].from_bytes(nested(200))


def _varint(n: int) -> bytearray:
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return out


def test_encode_errors(b: Bindings) -> None:
    cls = b.types[PROTO3]
    with pytest.raises(b.rt.EncodeError):
        cls(optional_int32=2**40).to_bytes()
    with pytest.raises(b.rt.EncodeError):
        cls(optional_int32="seven").to_bytes()  # type: ignore[arg-type]
    with pytest.raises(b.rt.EncodeError):
        cls(optional_string="\ud800").to_bytes()


def test_any_with_an_unknown_type_round_trips(b: Bindings) -> None:
    # optional_any (?): type.googleapis.com/x.Unknown with payload 08 01.
    cls = b.types[PROTO3]
    any_ = b.rt.Any("type.googleapis.com/x.Unknown", b.rt.AnyPayload(b"\x08\x01"))
    msg = cls(optional_any=any_)
    data = msg.to_bytes()
    back = cls.from_bytes(data)
    assert back.optional_any == any_
    pb = _pb(PROTO3)()
    pb.ParseFromString(data)
    assert pb.optional_any.value == b"\x08\x01"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=64), seed=st.integers(0, 2**32))
def test_fuzz_from_bytes_raises_only_decode_error(b: Bindings, data: bytes, seed: int) -> None:
    import random

    rnd = random.Random(seed)
    # Half the examples: a valid message with a few bytes changed, cut or inserted.
    if seed % 2 and _VALID:
        base = bytearray(_VALID[seed % len(_VALID)])
        for _ in range(rnd.randint(1, 4)):
            op = rnd.randint(0, 2)
            i = rnd.randint(0, max(0, len(base) - 1))
            if op == 0 and base:
                base[i] = rnd.randint(0, 255)
            elif op == 1:
                del base[i:]
            else:
                base[i:i] = data[:4]
        data = bytes(base)
    for message_type in (PROTO3, PROTO2):
        try:
            msg = b.types[message_type].from_bytes(data)
        except b.rt.DecodeError:
            continue
        msg.to_bytes()


_VALID = [
    pb.SerializeToString(deterministic=True)
    for _, pb in random_messages(8, seed="fuzz", types=(PROTO3, PROTO2))
]
del struct
