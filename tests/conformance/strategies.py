"""Random TestAllTypesProto3 / TestAllTypesProto2 messages covering every field.

One generator, two sources of randomness:
- `RandomSource(random.Random(seed))`: fast, reproducible from a seed; the bulk conformance run
  generates thousands of messages this way (`random_messages`), and the driver shrinks any
  failing message field by field (driver.shrink), which beats shrinking a seed;
- `HypothesisSource(draw)`: every decision is a hypothesis draw, so `messages()` is a real
  hypothesis strategy that shrinks (absent fields, small numbers, short strings).

Coverage: every scalar over its whole range (edges, random bit patterns, nice decimals; -0.0,
NaN, ±inf, denormals; float fields get float32 values), strings with any Unicode scalar
(controls, JSON escapes, U+2028, astral; never lone surrogates), bytes of every length mod 3,
enums (known values, aliases, unknown numbers for open enums only), nested and recursive
messages (bounded depth), repeated, maps of every key type, the oneof, proto2 groups and
defaults, and the well-known types within their valid ranges: Timestamp 0001..9999 with
0/3/6/9-digit nanos, Duration ±315576000000 s, Struct/Value/ListValue/NullValue (finite
numbers only: NaN in a Value has no JSON), FieldMask paths that survive lowerCamel, wrappers,
Any packing the test messages and every WKT (Any in Any too), Empty.

Not generated: proto2 extensions and MessageSet contents (not part of protobind's contract;
hand-written cases probe them), and ±FLT_MAX in float fields: json_format prints it as
3.4028235e+38 and then rejects that very text (a json_format bug, see cases.py), so such a
message has no oracle round trip.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from google.protobuf import (
    any_pb2,
    duration_pb2,
    empty_pb2,
    field_mask_pb2,
    struct_pb2,
    timestamp_pb2,
    wrappers_pb2,
)
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from .jsonvalue import is_map
from .oracle import PROTO2, PROTO3, pb2

T = TypeVar("T")
F = FieldDescriptor

TIMESTAMP_MIN = -62135596800  # 0001-01-01T00:00:00Z
TIMESTAMP_MAX = 253402300799  # 9999-12-31T23:59:59Z
DURATION_MAX = 315576000000
FLT_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]


class Source(Protocol):
    def integer(self, lo: int, hi: int) -> int: ...  # inclusive; shrinks toward lo

    def chance(self, p: float) -> bool: ...  # True with probability p; shrinks to False

    def bits(self, n: int) -> int: ...  # a uniformly random n-bit pattern


class RandomSource:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def integer(self, lo: int, hi: int) -> int:
        return self.rnd.randint(lo, hi)

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def bits(self, n: int) -> int:
        return self.rnd.getrandbits(n)


class HypothesisSource:
    def __init__(self, draw: Callable[[Any], Any]) -> None:
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        from hypothesis import strategies as st

        return int(self.draw(st.integers(lo, hi)))

    def chance(self, p: float) -> bool:
        from hypothesis import strategies as st

        return bool(self.draw(st.integers(0, 9999)) >= 10000 - int(p * 10000))

    def bits(self, n: int) -> int:
        from hypothesis import strategies as st

        return int(self.draw(st.integers(0, (1 << n) - 1)))


def pick(src: Source, seq: Sequence[T]) -> T:
    return seq[src.integer(0, len(seq) - 1)]


# ------------------------------------------------------------------------------ scalars

INT_RANGES = {
    F.TYPE_INT32: (32, True),
    F.TYPE_SINT32: (32, True),
    F.TYPE_SFIXED32: (32, True),
    F.TYPE_UINT32: (32, False),
    F.TYPE_FIXED32: (32, False),
    F.TYPE_INT64: (64, True),
    F.TYPE_SINT64: (64, True),
    F.TYPE_SFIXED64: (64, True),
    F.TYPE_UINT64: (64, False),
    F.TYPE_FIXED64: (64, False),
}


def integer(src: Source, bits: int, signed: bool) -> int:
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if src.chance(0.15):
        edges = [
            0,
            1,
            lo,
            hi,
            lo + 1,
            hi - 1,
            1 << 31,
            (1 << 31) - 1,
            1 << 53,
            (1 << 53) + 1,
            1 << 32,
            10**15,
            10**18,
        ]
        if signed:
            edges += [-1, -(1 << 31), -(1 << 53) - 1, -(10**18)]
        return pick(src, [e for e in edges if lo <= e <= hi])
    width = src.integer(0, bits)
    value = src.integer(0, (1 << width) - 1) if width else 0
    if signed and src.chance(0.4):
        value = -value
    return max(lo, min(hi, value))


SPECIAL_DOUBLES = (
    math.nan,
    math.inf,
    -math.inf,
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    1e21,
    1e-7,
    1e-6,
    9007199254740993.0,
    0.1,
    1e22,
    123456789.125,
    -2.5,
    4.35,
    1e300,
    1e-300,
)
SPECIAL_FLOATS = (
    math.nan,
    math.inf,
    -math.inf,
    0.0,
    -0.0,
    1.401298464324817e-45,
    -1.401298464324817e-45,
    1.1754943508222875e-38,
    3.4028232635611926e38,
    -3.4028232635611926e38,
    16777216.0,
    0.1,
    1e-10,
    3.14159,
    1e10,
    -2.5,
)


def _f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]


def double(src: Source, finite: bool = False) -> float:
    while True:
        roll = src.integer(0, 9)
        if roll < 2:
            value = pick(src, SPECIAL_DOUBLES)
        elif roll < 5:
            value = struct.unpack("<d", src.bits(64).to_bytes(8, "little"))[0]
        elif roll < 7:
            value = float(integer(src, 64, True))
        else:
            value = src.integer(-(10**9), 10**9) / 10 ** src.integer(0, 9)
        if not finite or math.isfinite(value):
            return value


def float32(src: Source) -> float:
    while True:
        roll = src.integer(0, 9)
        if roll < 2:
            value = pick(src, SPECIAL_FLOATS)
        elif roll < 5:
            value = struct.unpack("<f", src.bits(32).to_bytes(4, "little"))[0]
        else:
            value = _f32(src.integer(-(10**7), 10**7) / 10 ** src.integer(0, 7))
        if abs(value) != FLT_MAX:
            return value


TEXT_POOLS: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),  # printable ASCII
    (0x00, 0x1F),  # controls: escapes in JSON
    (0x7F, 0xFF),  # DEL, C1 controls, Latin-1
    (0x100, 0xD7FF),  # BMP below the surrogates
    (0xE000, 0xFFFF),  # BMP above them (incl. U+FEFF, U+FFFF)
    (0x10000, 0x10FFFF),  # astral: surrogate pairs in UTF-16 (JS, \u escapes)
)
JSON_SPECIALS = "\"\\/\b\f\n\r\t\u2028\u2029<>&'`\u0000\u007f"


def text(src: Source, max_len: int = 12) -> str:
    out = []
    for _ in range(src.integer(0, max_len)):
        roll = src.integer(0, 9)
        if roll < 5:
            lo, hi = TEXT_POOLS[0]
        elif roll == 5:
            out.append(pick(src, JSON_SPECIALS))
            continue
        else:
            lo, hi = TEXT_POOLS[src.integer(1, len(TEXT_POOLS) - 1)]
        out.append(chr(src.integer(lo, hi)))
    return "".join(out)


def binary(src: Source, max_len: int = 12) -> bytes:
    return bytes(src.integer(0, 255) for _ in range(src.integer(0, max_len)))


# ------------------------------------------------------------------------------ messages


class MessageGen:
    """Fills messages field by field from a Source. `max_depth` bounds message nesting."""

    def __init__(self, src: Source, max_depth: int = 3, density: float | None = None) -> None:
        self.src = src
        self.max_depth = max_depth
        self.density = density

    def message(self, cls: Any, depth: int = 0) -> Message:
        msg = cls()
        self.fill(msg, depth)
        return msg

    def fill(self, msg: Message, depth: int = 0) -> None:
        desc = msg.DESCRIPTOR
        if desc.full_name in WKT_FILLERS:
            WKT_FILLERS[desc.full_name](self, msg, depth)
            return
        src = self.src
        if depth == 0:
            density = (
                self.density
                if self.density is not None
                else pick(src, (0.02, 0.05, 0.1, 0.2, 0.35))
            )
            self._density = density
        p = self._density / (1 + depth)
        for oneof in desc.oneofs:
            if src.chance(min(1.0, p * 4)):
                field = pick(src, oneof.fields)
                self.set_field(msg, field, depth)
        for field in desc.fields:
            if field.containing_oneof is not None:
                continue
            if field.message_type is not None and depth >= self.max_depth and not is_map(field):
                continue
            if src.chance(p):
                self.set_field(msg, field, depth)

    def set_field(self, msg: Message, field: FieldDescriptor, depth: int) -> None:
        src = self.src
        name = field.name
        if is_map(field):
            key_f = field.message_type.fields_by_name["key"]
            val_f = field.message_type.fields_by_name["value"]
            target = getattr(msg, name)
            for _ in range(src.integer(0, 3)):
                key = self.scalar(key_f)
                if val_f.message_type is not None:
                    entry = target[key]  # creates the entry
                    if depth + 1 <= self.max_depth:
                        self.fill(entry, depth + 1)
                else:
                    target[key] = self.scalar(val_f)
        elif field.is_repeated:
            target = getattr(msg, name)
            for _ in range(src.integer(0, 4)):
                if field.message_type is not None:
                    self.fill(target.add(), depth + 1)
                else:
                    target.append(self.scalar(field))
        elif field.message_type is not None:
            sub = getattr(msg, name)
            sub.SetInParent()
            self.fill(sub, depth + 1)
        else:
            setattr(msg, name, self.scalar(field))

    def scalar(self, field: FieldDescriptor) -> Any:
        src = self.src
        t = field.type
        if t in INT_RANGES:
            return integer(src, *INT_RANGES[t])
        if t == F.TYPE_DOUBLE:
            return double(src)
        if t == F.TYPE_FLOAT:
            return float32(src)
        if t == F.TYPE_BOOL:
            return src.chance(0.5)
        if t == F.TYPE_STRING:
            return text(src)
        if t == F.TYPE_BYTES:
            return binary(src)
        if t == F.TYPE_ENUM:
            if field.enum_type.full_name == "google.protobuf.NullValue":
                return 0  # NULL_VALUE; other numbers would print as null and parse back as 0
            values = [v.number for v in field.enum_type.values]
            if not field.enum_type.is_closed and src.chance(0.15):
                while True:
                    n = integer(src, 32, True)
                    if n not in values:
                        return n
            return pick(src, values)
        raise AssertionError(f"unexpected scalar type {t} for {field.full_name}")

    # -- well-known types ---------------------------------------------------------------

    def timestamp(self, msg: Any, depth: int) -> None:
        src = self.src
        roll = src.integer(0, 4)
        if roll == 0:
            msg.seconds = pick(src, (TIMESTAMP_MIN, TIMESTAMP_MAX, 0, -1, 1, 951782400))
        elif roll == 1:
            msg.seconds = src.integer(-(1 << 31), 1 << 32)
        else:
            msg.seconds = src.integer(TIMESTAMP_MIN, TIMESTAMP_MAX)
        msg.nanos = self._nanos()

    def _nanos(self) -> int:
        src = self.src
        return pick(
            src,
            (
                0,
                src.integer(0, 999) * 1_000_000,
                src.integer(0, 999_999) * 1000,
                src.integer(0, 999_999_999),
                999_999_999,
                1,
            ),
        )

    def duration(self, msg: Any, depth: int) -> None:
        src = self.src
        if src.chance(0.15):
            seconds = pick(src, (DURATION_MAX, -DURATION_MAX, 0, 1, -1))
        else:
            width = src.integer(0, 39)
            seconds = min(DURATION_MAX, src.integer(0, (1 << width) - 1) if width else 0)
        nanos = self._nanos()
        if seconds < 0 or (seconds == 0 and src.chance(0.3)):
            seconds, nanos = -abs(seconds), -nanos
        elif src.chance(0.4):
            seconds = -seconds
            nanos = -nanos
        msg.seconds, msg.nanos = seconds, nanos

    def field_mask(self, msg: Any, depth: int) -> None:
        src = self.src
        for _ in range(src.integer(0, 3)):
            segments = []
            for _ in range(src.integer(1, 3)):
                words = []
                for _ in range(src.integer(1, 3)):
                    word = chr(src.integer(ord("a"), ord("z")))
                    for _ in range(src.integer(0, 4)):
                        word += pick(src, "abcdefghijklmnopqrstuvwxyz0123456789")
                    words.append(word)
                segments.append("_".join(words))
            msg.paths.append(".".join(segments))

    def value(self, msg: Any, depth: int) -> None:
        src = self.src
        deep = depth >= self.max_depth + 1
        kind = src.integer(0, 3 if deep else 5)
        if kind == 0:
            msg.null_value = struct_pb2.NULL_VALUE
        elif kind == 1:
            msg.number_value = double(src, finite=True)
        elif kind == 2:
            msg.string_value = text(src)
        elif kind == 3:
            msg.bool_value = src.chance(0.5)
        elif kind == 4:
            msg.struct_value.SetInParent()
            self.struct(msg.struct_value, depth + 1)
        else:
            msg.list_value.SetInParent()
            self.list_value(msg.list_value, depth + 1)

    def struct(self, msg: Any, depth: int) -> None:
        for _ in range(self.src.integer(0, 3)):
            self.value(msg.fields[text(self.src, 6)], depth + 1)

    def list_value(self, msg: Any, depth: int) -> None:
        for _ in range(self.src.integer(0, 3)):
            self.value(msg.values.add(), depth + 1)

    def wrapper(self, msg: Any, depth: int) -> None:
        msg.value = self.scalar(msg.DESCRIPTOR.fields_by_name["value"])

    def any(self, msg: Any, depth: int) -> None:
        src = self.src
        p = pb2()
        choices: list[Any] = [
            timestamp_pb2.Timestamp,
            duration_pb2.Duration,
            field_mask_pb2.FieldMask,
            struct_pb2.Struct,
            struct_pb2.Value,
            struct_pb2.ListValue,
            empty_pb2.Empty,
            *WRAPPER_CLASSES,
        ]
        if depth < self.max_depth:
            choices += [
                p.proto3.TestAllTypesProto3,
                p.proto2.TestAllTypesProto2,
                p.proto3.ForeignMessage,
                any_pb2.Any,
            ]
        cls = pick(src, choices)
        inner = cls()
        if cls is not empty_pb2.Empty:
            self.fill(inner, depth + 1)
        msg.Pack(inner)


WRAPPER_CLASSES = (
    wrappers_pb2.BoolValue,
    wrappers_pb2.Int32Value,
    wrappers_pb2.Int64Value,
    wrappers_pb2.UInt32Value,
    wrappers_pb2.UInt64Value,
    wrappers_pb2.FloatValue,
    wrappers_pb2.DoubleValue,
    wrappers_pb2.StringValue,
    wrappers_pb2.BytesValue,
)

WKT_FILLERS: dict[str, Callable[[MessageGen, Any, int], None]] = {
    "google.protobuf.Timestamp": MessageGen.timestamp,
    "google.protobuf.Duration": MessageGen.duration,
    "google.protobuf.FieldMask": MessageGen.field_mask,
    "google.protobuf.Struct": MessageGen.struct,
    "google.protobuf.Value": MessageGen.value,
    "google.protobuf.ListValue": MessageGen.list_value,
    "google.protobuf.Any": MessageGen.any,
    "google.protobuf.Empty": lambda gen, msg, depth: None,
    **{c.DESCRIPTOR.full_name: MessageGen.wrapper for c in WRAPPER_CLASSES},
}


# ------------------------------------------------------------------------------ entry points


def random_message(message_type: str, seed: int | str, max_depth: int = 3) -> Message:
    """The message for a seed: same seed, same message (reproducible failures)."""
    cls = pb2().message_class(message_type)
    return MessageGen(RandomSource(random.Random(f"{message_type}:{seed}")), max_depth).message(cls)


def random_messages(
    count: int, seed: int = 0, types: Sequence[str] = (PROTO3, PROTO2)
) -> Iterator[tuple[str, Message]]:
    """`count` messages alternating over `types`, labelled `<seed>/<index>`."""
    for i in range(count):
        message_type = types[i % len(types)]
        yield f"{seed}/{i}", random_message(message_type, f"{seed}/{i}")


def messages(message_type: str = PROTO3, max_depth: int = 3) -> Any:
    """A hypothesis strategy of messages of `message_type` (shrinks field by field)."""
    from hypothesis import strategies as st

    cls = pb2().message_class(message_type)

    @st.composite
    def build(draw: Any) -> Message:
        return MessageGen(HypothesisSource(draw), max_depth).message(cls)

    return build()


def message_batches(message_type: str = PROTO3, size: int = 50) -> Any:
    """A hypothesis strategy of message lists from one drawn seed (cheap, not shrinkable)."""
    from hypothesis import strategies as st

    return st.integers(0, 2**63).map(
        lambda seed: [random_message(message_type, f"h{seed}/{i}") for i in range(size)]
    )


def message_descriptor(message_type: str) -> Descriptor:
    return pb2().message_class(message_type).DESCRIPTOR
