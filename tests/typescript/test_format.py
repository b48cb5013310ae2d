"""The generated printer, `formatMJson`, against the oracle, protobuf's Python json_format.

JSON.stringify of a parsed value is the canonical ProtoJSON value except in two corner
cases, which the printer writes exactly:

- a float's negative zero (float, double, their wrappers, Value/Struct/ListValue, in
  repeated fields, maps, oneofs and Any): JSON.stringify writes `0`, which every parser
  reads as +0 (proto3 then drops the field); the printer writes `-0.0`, as json_format;
- under int64 = "number", 64-bit integers beyond ±(2^53 - 1), which the parsed value
  holds as decimal strings: the printer writes them as bare JSON numbers, every digit
  kept (singular, repeated, map values, Int64Value/UInt64Value, inside Any), from the
  field tables: a `string` field of digits stays a string.

Everything else it writes exactly as JSON.stringify does (same bytes, same key order).
"""

from __future__ import annotations

import json
import math
import subprocess
from typing import Any

import pytest

from codegen.config import JsonProfile
from tests.typescript import oracle
from tests.typescript.node_harness import Case, Result, Tree
from tests.typescript.test_parse import RULES
from tests.typescript.trees import P2, P3, PROFILES, X, same, tree_for

ANY = "type.googleapis.com/"
WKT = ANY + "google.protobuf."
ANY_P3 = ANY + P3

NEGATIVE_ZERO: list[tuple[str, str]] = [
    (P3, '{"optionalDouble": -0.0}'),
    (P3, '{"optionalFloat": -0.0}'),
    (P3, '{"optionalDouble": "-0"}'),
    (P3, '{"optionalFloat": "-0.0", "optionalDouble": -0e0}'),
    (P3, '{"optionalDouble": -1e-400}'),
    (P3, '{"optionalFloat": -1e-50}'),
    (P3, '{"repeatedDouble": [-0.0, 0, -0.0, 1.5], "repeatedFloat": [0.0, -0.0]}'),
    (P3, '{"packedDouble": [-0.0], "unpackedFloat": [-0.0]}'),
    (P3, '{"mapInt32Double": {"1": -0.0, "2": 0}, "mapInt32Float": {"-1": -0.0}}'),
    (P3, '{"oneofDouble": -0.0}'),
    (P3, '{"oneofFloat": "-0"}'),
    (P3, '{"optionalDoubleWrapper": -0.0, "optionalFloatWrapper": -0.0}'),
    (P3, '{"repeatedDoubleWrapper": [-0.0, 1], "repeatedFloatWrapper": [-0.0]}'),
    (P3, '{"optionalValue": -0.0}'),
    (P3, '{"optionalValue": {"a": [-0.0, {"b": -0.0}], "c": 0}}'),
    (P3, '{"optionalStruct": {"x": -0.0, "y": [[-0.0]]}}'),
    (P3, '{"repeatedValue": [-0.0, "x"], "repeatedListValue": [[-0.0]]}'),
    (P3, '{"repeatedStruct": [{"z": -0.0}]}'),
    (P3, '{"optionalNestedMessage": {"corecursive": {"optionalDouble": -0.0}}}'),
    (P3, '{"recursiveMessage": {"recursiveMessage": {"repeatedFloat": [-0.0]}}}'),
    (P3, '{"mapStringNestedMessage": {"k": {"corecursive": {"oneofDouble": -0.0}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}DoubleValue", "value": -0.0}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}FloatValue", "value": "-0"}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}Value", "value": -0.0}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}Struct", "value": {{"a": -0.0}}}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}ListValue", "value": [-0.0]}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{ANY_P3}", "optionalDouble": -0.0}}}}'),
    (
        P3,
        f'{{"repeatedAny": [{{"@type": "{WKT}Any", "value": '
        f'{{"@type": "{ANY_P3}", "repeatedDouble": [-0.0]}}}}]}}',
    ),
    (P2, '{"optionalDouble": -0.0, "optionalFloat": -0.0}'),
    (P2, '{"defaultDouble": -0.0}'),
    (X, '{"valueMap": {"a": -0.0}, "pickValue": -0.0}'),
]

BIG_INT64: list[tuple[str, str]] = [
    (P3, '{"optionalInt64": "9223372036854775807", "optionalUint64": "18446744073709551615"}'),
    (P3, '{"optionalInt64": "-9223372036854775808", "optionalSint64": 9007199254740993}'),
    (P3, '{"optionalFixed64": "18446744073709551615", "optionalSfixed64": "-9007199254740993"}'),
    (P3, '{"optionalInt64": "9007199254740992", "optionalUint64": "9007199254740991"}'),
    (P3, '{"repeatedInt64": ["9223372036854775807", "1", "-9223372036854775808"]}'),
    (P3, '{"packedUint64": [18446744073709551615], "unpackedSint64": ["-9007199254740993"]}'),
    (P3, '{"mapInt64Int64": {"-9223372036854775808": "9223372036854775807"}}'),
    (P3, '{"mapUint64Uint64": {"18446744073709551615": "18446744073709551615"}}'),
    (P3, '{"mapSfixed64Sfixed64": {"1": "-9223372036854775807"}}'),
    (P3, '{"oneofUint64": "18446744073709551615"}'),
    (P3, '{"optionalInt64Wrapper": "9223372036854775807"}'),
    (P3, '{"optionalUint64Wrapper": "18446744073709551615"}'),
    (P3, '{"repeatedInt64Wrapper": ["-9223372036854775808", 0, "12"]}'),
    (P3, '{"repeatedUint64Wrapper": [18446744073709551615]}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}Int64Value", "value": "9223372036854775807"}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}UInt64Value", "value": "18446744073709551615"}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{ANY_P3}", "optionalInt64": "9223372036854775807"}}}}'),
    (
        P3,
        f'{{"repeatedAny": [{{"@type": "{WKT}Any", "value": '
        f'{{"@type": "{ANY_P3}", "mapInt64Int64": {{"1": "-9223372036854775808"}}}}}}]}}',
    ),
    (P3, '{"optionalNestedMessage": {"corecursive": {"optionalUint64": "18446744073709551615"}}}'),
    (P2, '{"optionalInt64": "9223372036854775807", "defaultUint64": "18446744073709551615"}'),
    (X, '{"wrappedMap": {"9223372036854775807": "-9223372036854775808"}}'),
]

# Strings of digits that are not 64-bit integers stay strings in every profile.
DIGIT_STRINGS: list[tuple[str, str]] = [
    (P3, '{"optionalString": "9223372036854775807", "optionalInt64": "9223372036854775807"}'),
    (P3, '{"repeatedString": ["18446744073709551615", "12"], "optionalString": "-1"}'),
    (P3, '{"mapStringString": {"1": "12345678901234567890"}}'),
    (P3, '{"mapInt64Int64": {"12345678901234567": "5"}}'),
    (P3, '{"optionalStringWrapper": "9223372036854775807", "optionalBytes": "12345678"}'),
    (P3, '{"optionalValue": "9223372036854775807"}'),
    (P3, '{"optionalStruct": {"n": "18446744073709551615", "m": 12}}'),
    (P3, f'{{"optionalAny": {{"@type": "{WKT}StringValue", "value": "9007199254740993"}}}}'),
    (P3, f'{{"optionalAny": {{"@type": "{ANY_P3}", "optionalString": "9007199254740993"}}}}'),
    (P3, '{"optionalFieldMask": "a1,b2"}'),
]


def _walk(value: Any) -> Any:
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def _has_negative_zero(value: Any) -> bool:
    return any(isinstance(v, float) and v == 0 and math.copysign(1.0, v) < 0 for v in _walk(value))


def _has_big_int(value: Any) -> bool:
    return any(
        isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53 - 1 for v in _walk(value)
    )


def _against_oracle(
    tree: Tree, profile: JsonProfile, cases: list[tuple[str, str]]
) -> list[tuple[Result, Any]]:
    results = tree.run([Case(t, text) for t, text in cases])
    out = []
    for (t, text), r in zip(cases, results, strict=True):
        e = oracle.expect(t, text, profile)
        assert e.error is None, f"{text}: the oracle rejects it: {e.error}"
        assert r.crash is None and r.error is None, f"{text}: {r.crash or r.error}"
        assert same(r.ok, e.ok), f"{text}\n    json_format: {json.dumps(e.ok)}\n    ts: {r.raw}"
        out.append((r, e.ok))
    return out


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_negative_zero_everywhere(
    profile: str, pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for r, expected in _against_oracle(
        tree_for(profile, tmp_path_factory), PROFILES[profile], NEGATIVE_ZERO
    ):
        assert _has_negative_zero(expected), f"case without a negative zero: {r.raw}"
        assert "-0.0" in (r.raw or "")
        assert "-0.0" not in (r.plain or "")


def test_big_int64_as_numbers(pb2: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    for r, expected in _against_oracle(
        tree_for("proto-number", tmp_path_factory), PROFILES["proto-number"], BIG_INT64
    ):
        assert _has_big_int(expected), f"case without a big 64-bit integer: {r.raw}"
        assert r.raw is not None and r.plain is not None
        assert r.raw != r.plain  # JSON.stringify writes them as strings
        assert _plain_differs_only_in_corner_cases(json.loads(r.plain), r.ok)


def test_big_int64_as_strings(pb2: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The default profile: 64-bit integers are strings, printed as JSON.stringify does."""
    for r, _ in _against_oracle(
        tree_for("json-string", tmp_path_factory), PROFILES["json-string"], BIG_INT64
    ):
        assert r.raw == r.plain


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_digit_strings_stay_strings(
    profile: str, pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for r, _ in _against_oracle(
        tree_for(profile, tmp_path_factory), PROFILES[profile], DIGIT_STRINGS
    ):
        # The oracle comparison checked that they are strings; the int64 next to one is
        # the only other difference JSON.stringify may have.
        if not _has_big_int(r.ok):
            assert r.raw == r.plain


def _plain_differs_only_in_corner_cases(plain: Any, exact: Any) -> bool:
    """JSON.stringify's value equals the printer's, except that a negative zero is 0 and
    a 64-bit integer beyond ±(2^53 - 1) may be its decimal string."""
    if isinstance(exact, float) and _has_negative_zero(exact):
        return plain == 0 and not isinstance(plain, bool)
    if _has_big_int(exact) and plain == str(exact):
        return True
    if isinstance(exact, dict):
        return (
            isinstance(plain, dict)
            and list(plain) == list(exact)
            and all(_plain_differs_only_in_corner_cases(plain[k], exact[k]) for k in exact)
        )
    if isinstance(exact, list):
        return (
            isinstance(plain, list)
            and len(plain) == len(exact)
            and all(
                _plain_differs_only_in_corner_cases(p, e) for p, e in zip(plain, exact, strict=True)
            )
        )
    return same(plain, exact)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_printer_is_json_stringify_but_for_the_corner_cases(
    profile: str, pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Over every parse rule and the cases above: the printer's text is JSON.stringify's
    byte for byte when the value has neither corner case, and the two values differ in
    those only (same keys, same order) when it has."""
    tree = tree_for(profile, tmp_path_factory)
    cases = [Case(t, text, "text", ignore) for t, text, ignore in RULES]
    cases += [Case(t, text) for t, text in NEGATIVE_ZERO + BIG_INT64 + DIGIT_STRINGS]
    checked = 0
    for c, r in zip(cases, tree.run(cases), strict=True):
        assert r.crash is None, r.crash
        if r.error is not None:
            continue
        assert r.raw is not None and r.plain is not None
        checked += 1
        if not _has_negative_zero(r.ok) and not _has_big_int(r.ok):
            assert r.raw == r.plain, c.text
        else:
            assert _plain_differs_only_in_corner_cases(json.loads(r.plain), r.ok), (
                f"{c.text}\n    formatJson:     {r.raw}\n    JSON.stringify: {r.plain}"
            )
    assert checked > 250


API_CHECK = """\
import * as runtime from "./protobind-runtime.js";
import * as p3 from "./google/protobuf/test_messages_proto3.js";

const { formatJson, registry } = runtime;
const T = registry.get("protobuf_test_messages.proto3.TestAllTypesProto3");
const out = {};
const built = {
  optionalInt64: "9223372036854775807",
  optionalString: "9223372036854775807",
  optionalUint64: "12x",
  optionalDouble: -0,
  repeatedDouble: [-0, undefined, 1],
  optionalInt32: -0,
  unknownKey: { n: -0, s: "1" },
  optionalNestedMessage: undefined,
  mapStringNestedMessage: { a: { a: 1 }, b: undefined },
  optionalAny: { "@type": "type.googleapis.com/google.protobuf.UInt64Value", value: "18446744073709551615" },
};
const snapshot = JSON.stringify(built);
out.generated = p3.formatTestAllTypesProto3Json(built);
out.unchanged = JSON.stringify(built) === snapshot && Object.is(built.optionalDouble, -0);
out.sameFunction = p3.formatTestAllTypesProto3Json === T.formatJson;
out.byName = formatJson("protobuf_test_messages.proto3.TestAllTypesProto3", built);
out.byType = formatJson(T, built);
out.value = formatJson("google.protobuf.Value", -0);
out.struct = formatJson("google.protobuf.Struct", { a: [-0, 0, "-0"] });
out.int64Value = formatJson("google.protobuf.Int64Value", "-9223372036854775808");
out.timestamp = formatJson("google.protobuf.Timestamp", "1970-01-01T00:00:00Z");
out.empty = formatJson("google.protobuf.Empty", {});
out.nested = p3.formatTestAllTypesProto3_NestedMessageJson({ a: 1 });
try { formatJson("no.such.Type", {}); out.unknown = "no error"; }
catch (e) { out.unknown = e instanceof Error ? e.message : String(e); }
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_format_api(profile: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The generated `formatMJson` exports and the runtime's `formatJson(type, value)`,
    on values built by hand (not parsed, keyed by json names in every profile): what
    JSON.stringify skips is skipped, a non-integer string in a 64-bit field stays
    quoted, keys that are no field are written as JSON.stringify writes them, and the
    input is left alone."""
    tree = tree_for(profile, tmp_path_factory)
    js = tree.root / "js"
    (js / "api_check.mjs").write_text(API_CHECK)
    proc = subprocess.run(
        ["node", "api_check.mjs"], cwd=js, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    number = PROFILES[profile].int64 == "number"
    int64 = "9223372036854775807" if number else '"9223372036854775807"'
    uint64 = "18446744073709551615" if number else '"18446744073709551615"'
    expected = (
        f'{{"optionalInt64":{int64},"optionalString":"9223372036854775807",'
        '"optionalUint64":"12x","optionalDouble":-0.0,"repeatedDouble":[-0.0,null,1],'
        '"optionalInt32":0,"unknownKey":{"n":0,"s":"1"},'
        '"mapStringNestedMessage":{"a":{"a":1}},'
        '"optionalAny":{"@type":"type.googleapis.com/google.protobuf.UInt64Value",'
        f'"value":{uint64}}}}}'
    )
    assert out["generated"] == expected
    assert out["unchanged"] is True
    assert out["sameFunction"] is True
    assert out["byName"] == expected and out["byType"] == expected
    assert out["value"] == "-0.0"
    assert out["struct"] == '{"a":[-0.0,0,"-0"]}'
    assert out["int64Value"] == ("-9223372036854775808" if number else '"-9223372036854775808"')
    assert out["timestamp"] == '"1970-01-01T00:00:00Z"'
    assert out["empty"] == "{}"
    assert out["nested"] == '{"a":1}'
    assert out["unknown"] == 'protobind: unknown message type "no.such.Type"'
