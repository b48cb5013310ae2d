"""The driver's own tests: oracle transforms, comparison rules, generators, shrinking, and
mutated reference testees that each plant one bug the driver must catch."""

from __future__ import annotations

import json
import math
import struct
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .cases import all_cases, case_checks
from .driver import Check, judge, load_output, random_checks, run_checks, shrink, shrink_all
from .jsonvalue import diff_json, diff_messages, int64_as_numbers
from .oracle import PROTO2, PROTO3, Profile, Request, expect, parse_json, pb2, to_json_value
from .protocol import Response, Testee
from .strategies import messages, random_messages
from .testees import ensure_built
from .variants import variant_text

P3 = "protobuf_test_messages.proto3.TestAllTypesProto3"


def m3(**fields: object) -> object:
    return pb2().proto3.TestAllTypesProto3(**fields)


def test_int64_as_numbers_everywhere() -> None:
    from google.protobuf import wrappers_pb2

    msg = m3(
        optional_int64=-5,
        repeated_uint64=[1, 18446744073709551615],
        map_int64_int64={-1: 2},
        optional_int32=7,
    )
    msg.optional_int64_wrapper.value = 9
    msg.optional_nested_message.corecursive.optional_sfixed64 = 3
    msg.optional_any.Pack(wrappers_pb2.UInt64Value(value=4))
    msg.repeated_any.add().Pack(m3(optional_fixed64=6))
    value = to_json_value(msg, Profile("json", "number"))
    assert value["optionalInt64"] == -5
    assert value["repeatedUint64"] == [1, 18446744073709551615]
    assert value["mapInt64Int64"] == {"-1": 2}  # keys stay strings
    assert value["optionalInt32"] == 7
    assert value["optionalInt64Wrapper"] == 9
    assert value["optionalNestedMessage"]["corecursive"]["optionalSfixed64"] == 3
    assert value["optionalAny"]["value"] == 4
    assert value["repeatedAny"][0]["optionalFixed64"] == 6
    proto = to_json_value(msg, Profile("proto", "number"))
    assert proto["optional_int64"] == -5 and proto["map_int64_int64"] == {"-1": 2}
    assert to_json_value(msg, Profile())["optionalInt64"] == "-5"
    assert int64_as_numbers({"@type": "x/unknown.T"}, msg.optional_any.DESCRIPTOR) == {
        "@type": "x/unknown.T"
    }


def test_comparison_rules() -> None:
    desc = pb2().proto3.TestAllTypesProto3.DESCRIPTOR
    same = [
        ({"optionalFloat": 0.1}, {"optionalFloat": 0.10000000149011612}),  # float32 equal
        ({"optionalDouble": 100000.0}, {"optionalDouble": 1e5}),
        ({"optionalDouble": 0.0}, {"optionalDouble": 0}),  # numbers compare as numbers
        ({"optionalDouble": -0.0}, {"optionalDouble": -0e0}),
        ({"optionalValue": 1.0}, {"optionalValue": 1}),
        ({"mapInt32Int32": {"1": 2, "3": 4}}, {"mapInt32Int32": {"3": 4, "1": 2}}),
        ({"optionalInt64": 5}, {"optionalInt64": 5}),
    ]
    for e, a in same:
        assert diff_json(e, a, desc) is None, (e, a)
    different = [
        ({"optionalFloat": 0.1}, {"optionalFloat": 0.1000001}),
        ({"optionalDouble": -0.0}, {"optionalDouble": 0}),  # the sign of zero is lost
        ({"optionalFloat": -0.0}, {"optionalFloat": 0.0}),
        ({"optionalValue": -0.0}, {"optionalValue": 0}),
        ({"optionalInt64": "5"}, {"optionalInt64": 5}),  # string profile: must be a string
        ({"optionalInt64": 5}, {"optionalInt64": "5"}),  # number profile: must be a number
        ({"optionalInt32": 1}, {"optionalInt32": True}),
        ({"optionalInt32": 1}, {"optionalInt32": 1.5}),
        ({"optionalBool": True}, {"optionalBool": 1}),
        ({"optionalDouble": "NaN"}, {"optionalDouble": "nan"}),
        ({"optionalBytes": "+/8="}, {"optionalBytes": "-_8="}),
        ({"optionalBytes": "AQ=="}, {"optionalBytes": "AQ"}),
        ({"optionalNestedEnum": "BAR"}, {"optionalNestedEnum": 1}),
        (
            {"optionalTimestamp": "1970-01-01T00:00:00Z"},
            {"optionalTimestamp": "1970-01-01T00:00:00.000Z"},
        ),
        ({"optionalInt32": 1}, {"optionalInt32": 1, "optionalString": ""}),
        ({"optionalInt32": 1}, {"optional_int32": 1}),
        ({"oneofNullValue": None}, {}),
        ({"optionalValue": None}, {"optionalValue": 0}),
        (
            {
                "optionalAny": {
                    "@type": "type.googleapis.com/google.protobuf.Duration",
                    "value": "1s",
                }
            },
            {
                "optionalAny": {
                    "@type": "type.googleapis.com/google.protobuf.Duration",
                    "value": "1.000s",
                }
            },
        ),
    ]
    for e, a in different:
        assert diff_json(e, a, desc) is not None, (e, a)


def test_output_parsing_is_strict() -> None:
    for text in ('{"a": 1, "a": 2}', '{"a": NaN}', '{"a": Infinity}', "{'a': 1}"):
        with pytest.raises(ValueError):
            load_output(text)
    assert load_output('{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}


def test_binary_comparison_handles_nan_and_any() -> None:
    a = m3(optional_double=math.nan, repeated_float=[math.nan])
    b = m3(
        optional_double=struct.unpack("<d", b"\x01\x00\x00\x00\x00\x00\xf8\x7f")[0],
        repeated_float=[math.nan],
    )
    assert diff_messages(a, b) is None
    assert diff_messages(m3(optional_double=-0.0), m3(optional_double=0.0)) is not None
    x, y = m3(), m3()
    x.optional_any.Pack(m3(map_string_string={"a": "1", "b": "2"}))
    y.optional_any.Pack(m3(map_string_string={"b": "2", "a": "1"}))
    assert diff_messages(x, y) is None
    y.optional_any.Pack(m3(map_string_string={"b": "2"}))
    assert diff_messages(x, y) is not None


def test_random_messages_cover_every_field() -> None:
    seen: dict[str, set[str]] = {P3: set(), PROTO2: set()}
    specials: Counter[str] = Counter()

    def walk(msg: object) -> None:
        for f, v in msg.ListFields():  # type: ignore[attr-defined]
            seen.setdefault(msg.DESCRIPTOR.full_name, set()).add(f.name)  # type: ignore
            values = (
                list(v.values())
                if f.message_type and f.message_type.GetOptions().map_entry
                else (list(v) if f.is_repeated else [v])
            )
            for item in values:
                if f.message_type is not None and not f.message_type.GetOptions().map_entry:
                    if f.message_type.full_name == "google.protobuf.Any":
                        specials["any:" + item.type_url.rsplit(".", 1)[-1]] += 1
                    walk(item)
                elif isinstance(item, float):
                    if math.isnan(item):
                        specials["nan"] += 1
                    elif item == 0 and math.copysign(1, item) < 0:
                        specials["-0.0"] += 1
                    elif math.isinf(item):
                        specials["inf"] += 1
                elif f.enum_type is not None and item not in f.enum_type.values_by_number:
                    specials["unknown enum"] += 1

    for _, msg in random_messages(600, seed=1):
        walk(msg)
    for full_name in (P3, PROTO2):
        desc = pb2().message_class(full_name).DESCRIPTOR
        # optional_null_value has implicit presence and a single value, NULL_VALUE = 0: it is
        # generated but never "present".
        missing = {f.name for f in desc.fields} - seen[full_name] - {"optional_null_value"}
        assert not missing, f"{full_name}: never generated {sorted(missing)}"
    for key in (
        "nan",
        "-0.0",
        "inf",
        "unknown enum",
        "any:Timestamp",
        "any:Duration",
        "any:Struct",
        "any:Empty",
        "any:Any",
        "any:TestAllTypesProto2",
        "any:Int64Value",
    ):
        assert specials[key], f"never generated {key}: {specials}"


def test_variants_parse_back_to_the_same_message() -> None:
    for label, msg in random_messages(400, seed=3):
        text = variant_text(to_json_value(msg, Profile()), msg.DESCRIPTOR, label)
        parsed = parse_json(text, msg.DESCRIPTOR.full_name)
        assert diff_messages(msg, parsed) is None, (label, text)
        # With unknown fields and enum names planted, ignoring them still parses.
        text = variant_text(to_json_value(msg, Profile()), msg.DESCRIPTOR, label, unknown=True)
        parse_json(text, msg.DESCRIPTOR.full_name, ignore_unknown=True)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(messages(PROTO3), messages(PROTO2))
def test_hypothesis_strategies_produce_valid_messages(a: object, b: object) -> None:
    for msg in (a, b):
        value = to_json_value(msg, Profile())
        parsed = parse_json(json.dumps(value), msg.DESCRIPTOR.full_name)  # type: ignore
        assert diff_messages(msg, parsed) is None  # type: ignore[arg-type]


def test_cases_have_unique_names_and_oracle_answers() -> None:
    cases = all_cases()
    assert len(cases) > 250
    results = Counter(c.expected.result for c in case_checks(Profile()))
    assert results["parse_error"] > 80 and results["json_payload"] > 150
    assert results["serialize_error"] >= 10


def test_skip_policy() -> None:
    check = Check("x", Request(P3, b"", "json"), Profile())
    assert judge(check, Response("skipped", "binary"), frozenset({"binary"})).status == "skipped"
    assert judge(check, Response("skipped", "binary")).category == "unexpected_skip"
    json_check = Check("y", Request(P3, "{}", "json"), Profile())
    verdict = judge(json_check, Response("skipped", "no"), frozenset({"binary"}))
    assert verdict.category == "unexpected_skip"


# ------------------------------------------------------------- the reference testee, mutated


@pytest.fixture(scope="module")
def reference() -> Path:
    return ensure_built("reference", Profile("json", "number"))


def _run(exe: Path, mutation: str, count: int = 150, timeout: float = 15) -> object:
    profile = Profile("json", "number")
    with Testee([exe], env={"PROTOBIND_REFERENCE_MUTATE": mutation}, timeout=timeout) as t:
        checks = list(random_checks(count, 7, profile)) + case_checks(profile)
        result = run_checks(t, checks, profile)
        assert len(result.verdicts) == len(checks)  # every request answered or accounted for
        shrink_all(result, t, limit=2, budget=150)
    return result


@pytest.mark.parametrize(
    ("mutation", "category"),
    [
        ("int64-strings", "wrong_output"),
        ("enum-numbers", "wrong_output"),
        ("urlsafe-bytes", "wrong_output"),
        ("accept-unknown", "accepted_invalid"),
        ("drop-map-binary", "wrong_output"),
        ("crash-on-any", "crash"),
        ("runtime-error-on-enum", "runtime_error"),
    ],
)
def test_driver_catches_planted_bugs(reference: Path, mutation: str, category: str) -> None:
    result = _run(reference, mutation, count=40 if mutation == "crash-on-any" else 150)
    cats = Counter(v.category for v in result.disagreements)  # type: ignore[attr-defined]
    assert cats[category], f"{mutation}: {cats}"


def test_driver_accepts_float32_printed_as_double(reference: Path) -> None:
    result = _run(reference, "float-double")
    assert not result.disagreements, result.summary()  # type: ignore[attr-defined]


def test_unmutated_reference_agrees(reference: Path) -> None:
    result = _run(reference, "")
    assert not result.disagreements, result.summary()  # type: ignore[attr-defined]


def test_shrinking_finds_a_minimal_message(reference: Path) -> None:
    profile = Profile("json", "number")
    with Testee([reference], env={"PROTOBIND_REFERENCE_MUTATE": "enum-numbers"}) as t:
        checks = [c for c in random_checks(60, 11, profile) if c.request.kind == "binary->json"]
        result = run_checks(t, checks, profile)
        bad = result.disagreements
        assert bad
        big = max(bad, key=lambda v: v.check.message.ByteSize())  # type: ignore[union-attr]
        small = shrink(big, t)
    msg = small.check.message
    assert msg is not None and small.category == "wrong_output"
    leaves = [f for f, _ in msg.ListFields()]
    assert len(leaves) == 1, msg


def test_timeout_is_reported_and_the_run_goes_on(reference: Path) -> None:
    profile = Profile("json", "number")
    stuck = m3(optional_int32=1)
    stuck.optional_struct.SetInParent()
    checks = [
        Check("a", Request(P3, "{}", "json"), profile),
        Check("stuck", Request(P3, stuck.SerializeToString(), "json"), profile),
        Check("b", Request(P3, '{"optionalInt32": 2}', "json"), profile),
    ]
    with Testee(
        [reference], env={"PROTOBIND_REFERENCE_MUTATE": "hang-on-struct"}, timeout=1.0
    ) as t:
        result = run_checks(t, checks, profile)
    assert [v.category or v.status for v in result.verdicts] == ["match", "timeout", "match"]


def test_expect_matches_the_oracle_directly() -> None:
    req = Request(P3, '{"optional_int64": 1e2, "optionalNestedEnum": 2}', "json")
    assert expect(req, Profile("proto", "number")).json == {
        "optional_int64": 100,
        "optional_nested_enum": "BAZ",
    }
    assert expect(Request(P3, '{"x": 1}', "json"), Profile()).result == "parse_error"
    assert expect(Request(P3, '{"x": 1}', "json", ignore_unknown=True), Profile()).json == {}
