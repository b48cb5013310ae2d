"""Alternative JSON texts for a message: the inputs the ProtoJSON spec says parsers accept.

From the oracle's canonical JSON value of a message, `variant_text` writes an equivalent input
choosing at random, per value: proto field names instead of json names, 64-bit integers as
numbers, integers as strings / with exponents / with a `.0`, floats in exponent form or as
strings, enum numbers and alias names, URL-safe and unpadded base64, Timestamps with offsets
and other fraction widths, Durations with other fraction widths, `null` for absent fields,
`\\uXXXX` and `\\/` escapes in strings and keys, shuffled keys (also `@type` anywhere in an
Any) and random whitespace. The driver still asks the oracle for the expected result of every
variant; a self-test checks that each variant parses back to the original message.

Deliberately not produced (json_format accepts them but the spec does not bless them, or the
other way round; cases.py covers them one by one): integer strings with exponents or leading
zeros, enum numbers in strings, lower-case `t`/`z`, `1_0`, whitespace inside strings.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import random
import re
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from .jsonvalue import (
    FLOAT_TYPES,
    INT32_TYPES,
    INT64_TYPES,
    NULL_VALUE,
    SPECIAL_WKTS,
    WRAPPERS,
    any_type,
    field_for_key,
    is_map,
)
from .strategies import RandomSource, Source, pick

F = FieldDescriptor


class Raw(str):
    """A JSON token written as is (a number in a chosen form)."""


class Obj(list):  # type: ignore[type-arg]
    """A JSON object as ordered (key, value) pairs."""


class Variants:
    """`unknown=True` also plants unknown fields (any JSON value) and unknown enum names, for
    requests with JSON_IGNORE_UNKNOWN_PARSING_TEST."""

    def __init__(self, src: Source, unknown: bool = False) -> None:
        self.src = src
        self.unknown = unknown

    # -- messages -----------------------------------------------------------------------

    def message(self, value: Any, desc: Descriptor) -> Any:
        name = desc.full_name
        if name in WRAPPERS:
            return self.single(desc.fields_by_name["value"], value)
        if name == "google.protobuf.Timestamp":
            return self.timestamp(value)
        if name == "google.protobuf.Duration":
            return self.duration(value)
        if name == "google.protobuf.FieldMask":
            return value
        if name in ("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"):
            return self.plain(value)
        if name == "google.protobuf.Any":
            if "@type" not in value:  # an empty Any
                return Obj()
            inner = any_type(value.get("@type"))
            assert inner is not None, value
            if inner.full_name in SPECIAL_WKTS:
                pairs = [("@type", value["@type"])]
                if "value" in value:
                    pairs.append(("value", self.message(value["value"], inner)))
            else:
                body = self.message({k: v for k, v in value.items() if k != "@type"}, inner)
                pairs = [("@type", value["@type"]), *body]
            return self.shuffled(pairs)
        pairs = []
        present = set()
        for key, item in value.items():
            field = field_for_key(desc, key)
            assert field is not None, (desc.full_name, key)
            present.add(field.name)
            pairs.append((self.key(field), self.field(field, item)))
        for field in desc.fields:
            if field.name not in present and self.nullable(field) and self.src.chance(0.02):
                pairs.append((self.key(field), None))
        if self.unknown:
            taken = {n for f in desc.fields for n in (f.name, f.json_name)}
            taken |= {k for k, _ in pairs}
            for _ in range(self.src.integer(0, 2)):
                key = "".join(pick(self.src, "abcxyz_Z09") for _ in range(self.src.integer(1, 8)))
                if key not in taken:
                    taken.add(key)
                    pairs.append((key, self.junk(2)))
        return self.shuffled(pairs)

    def junk(self, depth: int) -> Any:
        """Any JSON value, for an unknown field."""
        src = self.src
        roll = src.integer(0, 7 if depth else 5)
        if roll == 0:
            return None
        if roll == 1:
            return src.chance(0.5)
        if roll == 2:
            return Raw(pick(src, ("0", "-1", "1e-400", "12345678901234567890", "-0.0", "3.5")))
        if roll == 3:
            return pick(src, ("", "NaN", "x", "\u0000", "😀"))
        if roll in (4, 5):
            return [self.junk(depth - 1) for _ in range(src.integer(0, 2))] if depth else []
        keys = {pick(src, ("a", "@type", "value", "optionalInt32")) for _ in range(2)}
        return Obj((k, self.junk(depth - 1)) for k in sorted(keys) if src.chance(0.7))

    def key(self, field: FieldDescriptor) -> str:
        return field.name if self.src.chance(0.4) else field.json_name

    @staticmethod
    def nullable(field: FieldDescriptor) -> bool:
        """null means "absent" for every field except Value and NullValue ones."""
        if field.message_type is not None and field.message_type.full_name in (
            "google.protobuf.Value",
        ):
            return False
        return not (field.enum_type is not None and field.enum_type.full_name == NULL_VALUE)

    def shuffled(self, pairs: list[tuple[str, Any]]) -> Obj:
        if len(pairs) > 1 and self.src.chance(0.5):
            order = list(range(len(pairs)))
            for i in range(len(order) - 1, 0, -1):
                j = self.src.integer(0, i)
                order[i], order[j] = order[j], order[i]
            pairs = [pairs[i] for i in order]
        return Obj(pairs)

    def field(self, field: FieldDescriptor, value: Any) -> Any:
        if is_map(field):
            vfield = field.message_type.fields_by_name["value"]
            return self.shuffled([(k, self.single(vfield, v)) for k, v in value.items()])
        if field.is_repeated:
            return [self.single(field, v) for v in value]
        return self.single(field, value)

    def single(self, field: FieldDescriptor, value: Any) -> Any:
        t = field.type
        src = self.src
        if t in (F.TYPE_MESSAGE, F.TYPE_GROUP):
            return self.message(value, field.message_type)
        if t == F.TYPE_ENUM:
            if field.enum_type.full_name == NULL_VALUE or not isinstance(value, str):
                return value
            if self.unknown and src.chance(0.1):
                return "NOT_A_VALUE_NAME"  # ignored (the value is dropped) when ignoring unknowns
            number = field.enum_type.values_by_name[value].number
            names = [v.name for v in field.enum_type.values if v.number == number]
            roll = src.integer(0, 3)
            return Raw(str(number)) if roll == 0 else pick(src, names) if roll == 1 else value
        if t in INT32_TYPES or t in INT64_TYPES:
            return self.integer(int(value))
        if t in FLOAT_TYPES:
            return self.floating(value, single=t == F.TYPE_FLOAT)
        if t == F.TYPE_BYTES:
            roll = src.integer(0, 3)
            if roll == 0:
                return value
            raw = base64.b64decode(value)
            text = base64.urlsafe_b64encode(raw).decode() if roll & 1 else value
            return text.rstrip("=") if roll & 2 else text
        return value  # bool, string

    def integer(self, n: int) -> Any:
        roll = self.src.integer(0, 5)
        if roll == 0:
            return str(n)
        if roll == 1 and abs(n) < 2**53:
            return Raw(f"{n}.0")
        if roll == 2 and abs(n) < 2**53:
            digits = str(abs(n))
            stripped = digits.rstrip("0") or "0"
            exp = len(digits) - len(stripped)
            mark = pick(self.src, ("e", "E", "e+", "E+"))
            return Raw(f"{'-' if n < 0 else ''}{stripped}{mark}{exp}")
        if roll == 3 and abs(n) < 2**53 and n != 0 and len(str(abs(n))) > 1:
            digits = str(abs(n))
            return Raw(f"{'-' if n < 0 else ''}{digits[0]}.{digits[1:]}e{len(digits) - 1}")
        return Raw(str(n))

    def floating(self, value: Any, single: bool) -> Any:
        if isinstance(value, str):  # NaN, Infinity, -Infinity
            return value
        x = float(value)
        roll = self.src.integer(0, 4)
        if roll == 0:
            return repr(x)  # a number in a string
        if roll == 1:
            return Raw(("%.9e" if single else "%.17e") % x)
        negative_zero = x == 0 and math.copysign(1.0, x) < 0
        if roll == 2 and x.is_integer() and abs(x) < 2**53 and not negative_zero:
            return Raw(str(int(x)))
        return Raw(repr(x))

    def plain(self, value: Any) -> Any:
        """Struct/Value/ListValue contents: any JSON, numbers in any form (never strings)."""
        if isinstance(value, dict):
            return self.shuffled([(k, self.plain(v)) for k, v in value.items()])
        if isinstance(value, list):
            return [self.plain(v) for v in value]
        if isinstance(value, float) and not isinstance(value, bool):
            if self.src.chance(0.5):
                return Raw(f"{value:.17e}")
            return Raw(repr(value))
        return value

    def timestamp(self, value: str) -> str:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z", value)
        assert m, value
        base, frac = m.group(1), m.group(2) or ""
        roll = self.src.integer(0, 2)
        if roll == 1:
            frac = frac.ljust(9, "0")
        elif roll == 2:
            frac = frac.rstrip("0")
        suffix = "Z"
        if self.src.chance(0.4):
            minutes = self.src.integer(-14 * 60, 14 * 60)
            try:
                local = dt.datetime.fromisoformat(base) + dt.timedelta(minutes=minutes)
            except OverflowError:  # the local time would leave years 0001..9999
                local = None
            if local is not None:
                base = (
                    f"{local.year:04d}-{local.month:02d}-{local.day:02d}T"
                    f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
                )
                sign = "-" if minutes < 0 else "+"
                suffix = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return f"{base}.{frac}{suffix}" if frac else f"{base}{suffix}"

    def duration(self, value: str) -> str:
        m = re.fullmatch(r"(-?\d+)(?:\.(\d+))?s", value)
        assert m, value
        whole, frac = m.group(1), m.group(2) or ""
        roll = self.src.integer(0, 2)
        if roll == 1:
            frac = frac.ljust(9, "0")
        elif roll == 2:
            frac = frac.rstrip("0")
        return f"{whole}.{frac}s" if frac else f"{whole}s"


# ----------------------------------------------------------------------------------- writer


def write(value: Any, src: Source) -> str:
    """Serialize a variant tree, escaping strings and spacing tokens at random."""
    out: list[str] = []

    def ws() -> None:
        if src.chance(0.1):
            out.append(pick(src, (" ", "  ", "\n", "\t", "\r\n", " \n ")))

    def emit(v: Any) -> None:
        ws()
        if isinstance(v, Raw):
            out.append(str(v))
        elif v is None:
            out.append("null")
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, str):
            out.append(string(v, src))
        elif isinstance(v, int):
            out.append(str(v))
        elif isinstance(v, float):
            out.append(repr(v))
        elif isinstance(v, (Obj, dict)):
            pairs = v if isinstance(v, Obj) else list(v.items())
            out.append("{")
            for i, (k, item) in enumerate(pairs):
                if i:
                    out.append(",")
                ws()
                out.append(string(k, src))
                ws()
                out.append(":")
                emit(item)
            ws()
            out.append("}")
        elif isinstance(v, list):
            out.append("[")
            for i, item in enumerate(v):
                if i:
                    out.append(",")
                emit(item)
            ws()
            out.append("]")
        else:
            raise TypeError(f"cannot write {v!r}")
        ws()

    emit(value)
    return "".join(out)


SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def string(s: str, src: Source) -> str:
    escape_all = src.chance(0.2)
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in SHORT_ESCAPES and not (escape_all and src.chance(0.5)):
            out.append(SHORT_ESCAPES[ch])
        elif code < 0x20 or ch in SHORT_ESCAPES or (escape_all and src.chance(0.5)):
            if code > 0xFFFF:
                code -= 0x10000
                hi, lo = 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)
                out.append(f"\\u{hi:04x}\\u{lo:04X}")
            else:
                out.append(f"\\u{code:04x}" if src.chance(0.5) else f"\\u{code:04X}")
        elif ch == "/" and src.chance(0.5):
            out.append("\\/")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def variant_text(canonical: Any, desc: Descriptor, seed: int | str, unknown: bool = False) -> str:
    """An equivalent JSON input for `canonical` (the oracle's json/string-profile value);
    with `unknown`, also unknown fields and enum names to be ignored."""
    src = RandomSource(random.Random(f"variant:{seed}:{unknown}"))
    return write(Variants(src, unknown).message(canonical, desc), src)


def canonical_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)
