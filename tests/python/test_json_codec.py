"""The generated ProtoJSON codec against the oracle, protobuf's `json_format`, rule by rule.

Bindings of the conformance messages (TestAllTypesProto3/Proto2) are generated for every
JSON profile; the same messages compiled to `_pb2` by protoc give the oracle. For every
input, either both reject it, or both accept it and print the same JSON value. The few
places where protobind is deliberately stricter than json_format (the ProtoJSON spec
forbids what json_format lets through) are listed in DEVIATIONS, each with its reason.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from google.protobuf import json_format

from conformance.python.convert import Converter
from tests.conformance.oracle import PROTO2, PROTO3, Profile, pb2, to_json_value
from tests.python.helpers import conformance_bindings


@dataclass(frozen=True)
class Bindings:
    rt: ModuleType
    proto3: ModuleType
    proto2: ModuleType
    profile: Profile

    def cls(self, message_type: str) -> Any:
        if message_type == PROTO3:
            return self.proto3.TestAllTypesProto3
        return self.proto2.TestAllTypesProto2


_ROOT: list[Path] = []


@pytest.fixture(scope="session")
def bindings_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("pbj")
    sys.path.insert(0, str(root))
    _ROOT.append(root)
    yield root
    sys.path.remove(str(root))


_CACHE: dict[Profile, Bindings] = {}


def load(root: Path, profile: Profile) -> Bindings:
    if profile not in _CACHE:
        package = conformance_bindings(root, profile.names, profile.int64)
        importlib.invalidate_caches()
        _CACHE[profile] = Bindings(
            rt=importlib.import_module(f"{package}._protobind"),
            proto3=importlib.import_module(f"{package}.google.protobuf.test_messages_proto3"),
            proto2=importlib.import_module(f"{package}.google.protobuf.test_messages_proto2"),
            profile=profile,
        )
    return _CACHE[profile]


@pytest.fixture(scope="session")
def default(bindings_root: Path) -> Bindings:
    return load(bindings_root, Profile())


# -- the two sides ---------------------------------------------------------------------


def oracle(text: str, message_type: str, profile: Profile, ignore: bool = False) -> Any:
    """The oracle's printed JSON value for `text`, or the string "error"."""
    message = pb2().message_class(message_type)()
    try:
        json_format.Parse(text, message, ignore_unknown_fields=ignore)
        return to_json_value(message, profile)
    except (json_format.ParseError, json_format.SerializeToJsonError, ValueError):
        return "error"


def ours(text: str, message_type: str, b: Bindings, ignore: bool = False) -> Any:
    cls = b.cls(message_type)
    try:
        message = cls.from_json(text, ignore_unknown_fields=ignore)
    except b.rt.DecodeError:
        return "error"
    try:
        return json.loads(json.dumps(message.to_dict()))
    except b.rt.EncodeError:
        return "error"


def same(a: Any, b: Any) -> bool:
    """JSON equality with NaN equal to itself."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return (bool(a == b) and type(a) is not bool) or a is b


# -- hand-written rules ----------------------------------------------------------------

P3, P2 = PROTO3, PROTO2

RULES: list[tuple[str, str, str]] = [
    # field names: json_name out, both names in
    ("json name", '{"optionalInt32": 1}', P3),
    ("proto name", '{"optional_int32": 1}', P3),
    ("both names for one field", '{"optionalInt32": 1, "optional_int32": 2}', P3),
    ("json_name option", '{"FieldName1": 1, "fieldName2": 2, "FieldName3": 3}', P3),
    ("json_name option, proto names", '{"field_name4": 4, "field0name5": 5}', P3),
    ("unusual names", '{"fieldName13": 1, "FieldName14": 2, "fieldName18__": 3}', P3),
    ("unknown field", '{"unknownField": 1}', P3),
    ("duplicate key", '{"optionalInt32": 1, "optionalInt32": 2}', P3),
    # integers
    ("int32 range", '{"optionalInt32": 2147483647, "optionalSint32": -2147483648}', P3),
    ("int32 overflow", '{"optionalInt32": 2147483648}', P3),
    ("int32 underflow", '{"optionalInt32": -2147483649}', P3),
    ("uint32 negative", '{"optionalUint32": -1}', P3),
    ("uint32 max", '{"optionalUint32": 4294967295, "optionalFixed32": 4294967295}', P3),
    ("int32 as string", '{"optionalInt32": "-12"}', P3),
    ("int32 exponent", '{"optionalInt32": 1e5}', P3),
    ("int32 exponent string", '{"optionalInt32": "1e5"}', P3),
    ("int32 integral float", '{"optionalInt32": 3.0}', P3),
    ("int32 fraction", '{"optionalInt32": 0.5}', P3),
    ("int32 fraction string", '{"optionalInt32": "0.5"}', P3),
    ("int32 bool", '{"optionalInt32": true}', P3),
    ("int32 garbage string", '{"optionalInt32": "12abc"}', P3),
    ("int32 space", '{"optionalInt32": " 1"}', P3),
    ("int64 string", '{"optionalInt64": "9223372036854775807"}', P3),
    ("int64 number", '{"optionalInt64": 9223372036854775807}', P3),
    ("int64 min", '{"optionalInt64": "-9223372036854775808"}', P3),
    ("int64 overflow", '{"optionalInt64": "9223372036854775808"}', P3),
    ("uint64 max", '{"optionalUint64": "18446744073709551615"}', P3),
    ("uint64 overflow", '{"optionalUint64": "18446744073709551616"}', P3),
    ("uint64 negative", '{"optionalUint64": "-1"}', P3),
    (
        "fixed64/sfixed64/sint64",
        '{"optionalFixed64": "1", "optionalSfixed64": "-2", "optionalSint64": -3}',
        P3,
    ),
    ("int64 big float", '{"optionalInt64": 1e20}', P3),
    ("repeated int64", '{"repeatedInt64": ["1", 2, "-3"]}', P3),
    # floats
    ("double", '{"optionalDouble": 1.5, "optionalFloat": 2.25}', P3),
    ("float specials", '{"optionalDouble": "NaN", "optionalFloat": "Infinity"}', P3),
    ("neg infinity", '{"optionalDouble": "-Infinity", "optionalFloat": "-Infinity"}', P3),
    ("double exponent", '{"optionalDouble": 1.25e-7, "optionalFloat": 3e10}', P3),
    ("double as string", '{"optionalDouble": "2.5", "optionalFloat": "-1e3"}', P3),
    ("float rounding", '{"optionalFloat": 0.1, "repeatedFloat": [1.1, 3.4028234e38]}', P3),
    ("float too large", '{"optionalFloat": 3.5e38}', P3),
    ("float too small", '{"optionalFloat": -3.5e38}', P3),
    ("double max", '{"optionalDouble": 1.7976931348623157e308}', P3),
    ("double subnormal", '{"optionalDouble": 5e-324}', P3),
    ("negative zero", '{"optionalDouble": -0.0, "optionalFloat": -0.0}', P3),
    ("zero", '{"optionalDouble": 0, "optionalFloat": 0.0}', P3),
    ("float bool", '{"optionalDouble": true}', P3),
    ("float lowercase nan", '{"optionalDouble": "nan"}', P3),
    ("float inf spelling", '{"optionalDouble": "inf", "optionalFloat": "-inf"}', P3),
    ("float string with space", '{"optionalDouble": " 1.5"}', P3),
    ("float string too large", '{"optionalFloat": "3.5e38"}', P3),
    ("int32 underscore", '{"optionalInt32": "1_0"}', P3),
    ("int32 plus and zeros", '{"optionalInt32": "+05", "optionalInt64": "-007"}', P3),
    ("bytes bad character", '{"optionalBytes": "AP8*w=="}', P3),
    ("bytes one stray char", '{"optionalBytes": "A"}', P3),
    ("map bool key capitalised", '{"mapBoolBool": {"True": true}}', P3),
    ("float garbage", '{"optionalDouble": "1.5x"}', P3),
    ("integer into double", '{"optionalDouble": 12345678901234567890}', P3),
    ("repeated float specials", '{"repeatedDouble": ["NaN", 1, "-Infinity", -0.0]}', P3),
    # bools and strings
    ("bool", '{"optionalBool": true, "repeatedBool": [true, false]}', P3),
    ("bool as string", '{"optionalBool": "true"}', P3),
    ("bool as number", '{"optionalBool": 1}', P3),
    ("string", '{"optionalString": "h\\u00e9llo \\ud83d\\ude00 \\u2028 \\"q\\""}', P3),
    ("string lone surrogate", '{"optionalString": "\\ud800"}', P3),
    ("string number", '{"optionalString": 1}', P3),
    ("string null in list", '{"repeatedString": ["a", null]}', P3),
    # bytes
    ("bytes standard", '{"optionalBytes": "AP8/+w=="}', P3),
    ("bytes url-safe", '{"optionalBytes": "AP8_-w=="}', P3),
    ("bytes unpadded", '{"optionalBytes": "AP8_-w"}', P3),
    ("bytes empty", '{"optionalBytes": ""}', P3),
    ("bytes one char", '{"repeatedBytes": ["QQ", "QUI", "QUJD"]}', P3),
    ("bytes number", '{"optionalBytes": 5}', P3),
    # enums
    ("enum name", '{"optionalNestedEnum": "BAZ"}', P3),
    ("enum number", '{"optionalNestedEnum": 2}', P3),
    ("enum negative", '{"optionalNestedEnum": "NEG"}', P3),
    ("enum unknown number (open)", '{"optionalNestedEnum": 12345}', P3),
    ("enum unknown name", '{"optionalNestedEnum": "NOPE"}', P3),
    ("enum number as string", '{"optionalNestedEnum": "1"}', P3),
    ("enum alias", '{"optionalAliasedEnum": "ALIAS_BAZ"}', P3),
    ("enum alias lowercase", '{"optionalAliasedEnum": "moo"}', P3),
    ("enum bool", '{"optionalNestedEnum": true}', P3),
    ("repeated enum unknown number", '{"repeatedNestedEnum": ["FOO", 77, -2]}', P3),
    ("closed enum unknown number", '{"optionalNestedEnum": 12345}', P2),
    ("closed enum name", '{"optionalNestedEnum": "BAZ", "optionalForeignEnum": 2}', P2),
    ("enum default omitted", '{"optionalNestedEnum": "FOO"}', P3),
    # null
    ("null scalar", '{"optionalInt32": null, "optionalString": null}', P3),
    ("null message", '{"optionalNestedMessage": null}', P3),
    ("null repeated", '{"repeatedInt32": null}', P3),
    ("null map", '{"mapStringString": null}', P3),
    ("null enum", '{"optionalNestedEnum": null}', P3),
    ("null value field", '{"optionalValue": null}', P3),
    ("null null-value field", '{"optionalNullValue": null}', P3),
    ("null wrapper", '{"optionalInt32Wrapper": null}', P3),
    ("null in repeated message", '{"repeatedNestedMessage": [null]}', P3),
    ("null in repeated value", '{"repeatedValue": [null, 1]}', P3),
    ("null map value", '{"mapStringNestedMessage": {"a": null}}', P3),
    ("null proto2", '{"optionalInt32": null}', P2),
    # messages, recursion, repeated, maps
    (
        "nested message",
        '{"optionalNestedMessage": {"a": 5, "corecursive": {"optionalInt32": 1}}}',
        P3,
    ),
    ("empty nested message", '{"optionalNestedMessage": {}}', P3),
    ("message not object", '{"optionalNestedMessage": 5}', P3),
    ("repeated not list", '{"repeatedInt32": 5}', P3),
    ("repeated messages", '{"repeatedNestedMessage": [{"a": 1}, {}]}', P3),
    ("recursive", '{"recursiveMessage": {"recursiveMessage": {"optionalInt32": 3}}}', P3),
    ("map int keys", '{"mapInt32Int32": {"1": 2, "-3": 4}, "mapInt64Int64": {"5": "6"}}', P3),
    (
        "map uint keys",
        '{"mapUint32Uint32": {"1": 2}, "mapUint64Uint64": {"18446744073709551615": "1"}}',
        P3,
    ),
    (
        "map sint/fixed keys",
        '{"mapSint32Sint32": {"-1": 1}, "mapFixed64Fixed64": {"7": "8"}, "mapSfixed32Sfixed32": {"-9": 9}}',
        P3,
    ),
    ("map bool keys", '{"mapBoolBool": {"true": true, "false": false}}', P3),
    ("map bad bool key", '{"mapBoolBool": {"1": true}}', P3),
    ("map bad int key", '{"mapInt32Int32": {"x": 1}}', P3),
    ("map int key exponent", '{"mapInt32Int32": {"1e2": 1}}', P3),
    (
        "map string keys",
        '{"mapStringString": {"": "e", "k": "v"}, "mapStringBytes": {"b": "AA=="}}',
        P3,
    ),
    ("map message values", '{"mapStringNestedMessage": {"a": {"a": 1}}}', P3),
    ("map enum values", '{"mapStringNestedEnum": {"a": "BAR", "b": 2, "c": 99}}', P3),
    (
        "map double values",
        '{"mapInt32Double": {"1": "NaN", "2": 0.5}, "mapInt32Float": {"1": 0.1}}',
        P3,
    ),
    ("map not object", '{"mapInt32Int32": [1]}', P3),
    # oneofs
    ("oneof", '{"oneofUint32": 5}', P3),
    ("oneof two members", '{"oneofUint32": 5, "oneofString": "x"}', P3),
    ("oneof member and null", '{"oneofUint32": 5, "oneofString": null}', P3),
    ("oneof null first", '{"oneofString": null, "oneofUint32": 5}', P3),
    ("oneof default value", '{"oneofUint32": 0}', P3),
    ("oneof empty message", '{"oneofNestedMessage": {}}', P3),
    ("oneof enum", '{"oneofEnum": "BAR"}', P3),
    ("oneof null value", '{"oneofNullValue": null}', P3),
    # Timestamp
    ("timestamp", '{"optionalTimestamp": "1970-01-01T00:00:00Z"}', P3),
    ("timestamp fraction", '{"optionalTimestamp": "2024-02-29T23:59:59.123456789Z"}', P3),
    ("timestamp 3 digits", '{"optionalTimestamp": "2024-01-01T00:00:00.1Z"}', P3),
    ("timestamp 6 digits", '{"optionalTimestamp": "2024-01-01T00:00:00.000001Z"}', P3),
    ("timestamp offset", '{"optionalTimestamp": "1972-01-01T10:00:20.021-05:00"}', P3),
    ("timestamp plus offset", '{"optionalTimestamp": "1972-01-01T10:00:20+08:30"}', P3),
    ("timestamp min", '{"optionalTimestamp": "0001-01-01T00:00:00Z"}', P3),
    ("timestamp max", '{"optionalTimestamp": "9999-12-31T23:59:59.999999999Z"}', P3),
    ("timestamp before min via offset", '{"optionalTimestamp": "0001-01-01T00:00:00+01:00"}', P3),
    ("timestamp lowercase t", '{"optionalTimestamp": "1970-01-01t00:00:00Z"}', P3),
    ("timestamp lowercase z", '{"optionalTimestamp": "1970-01-01T00:00:00z"}', P3),
    ("timestamp no zone", '{"optionalTimestamp": "1970-01-01T00:00:00"}', P3),
    ("timestamp 10 digits", '{"optionalTimestamp": "1970-01-01T00:00:00.0000000001Z"}', P3),
    ("timestamp number", '{"optionalTimestamp": 0}', P3),
    ("timestamp bad date", '{"optionalTimestamp": "2023-02-29T00:00:00Z"}', P3),
    ("repeated timestamp", '{"repeatedTimestamp": ["2000-01-01T00:00:00Z"]}', P3),
    # Duration
    ("duration", '{"optionalDuration": "1.5s"}', P3),
    ("duration negative", '{"optionalDuration": "-0.000000001s"}', P3),
    ("duration whole", '{"optionalDuration": "-315576000000s"}', P3),
    ("duration max", '{"optionalDuration": "315576000000.999999999s"}', P3),
    ("duration too large", '{"optionalDuration": "315576000001s"}', P3),
    ("duration digits", '{"optionalDuration": "1.100s", "repeatedDuration": ["0.000001s"]}', P3),
    ("duration no s", '{"optionalDuration": "1.5"}', P3),
    ("duration number", '{"optionalDuration": 1}', P3),
    ("duration 10 digits", '{"optionalDuration": "1.0000000001s"}', P3),
    # FieldMask
    ("field mask", '{"optionalFieldMask": "foo,barBaz.quxQuux"}', P3),
    ("field mask empty", '{"optionalFieldMask": ""}', P3),
    ("field mask underscore", '{"optionalFieldMask": "foo_bar"}', P3),
    # Struct, Value, ListValue
    ("struct", '{"optionalStruct": {"a": 1, "b": [true, null, "s", {"c": {}}], "d": null}}', P3),
    ("struct empty", '{"optionalStruct": {}}', P3),
    ("struct not object", '{"optionalStruct": [1]}', P3),
    ("value number", '{"optionalValue": 1.5}', P3),
    ("value string", '{"optionalValue": "s"}', P3),
    ("value list", '{"optionalValue": [1, "a", null, [], {}]}', P3),
    ("value object", '{"optionalValue": {"x": {"y": false}}}', P3),
    ("value big int", '{"optionalValue": 12345678901234567890}', P3),
    ("repeated value", '{"repeatedValue": [1, "x", {"a": [null]}]}', P3),
    ("list value", '{"repeatedListValue": [[1, 2], []]}', P3),
    ("list value not list", '{"repeatedListValue": [5]}', P3),
    ("repeated struct", '{"repeatedStruct": [{}, {"a": 1}]}', P3),
    # wrappers
    (
        "wrappers",
        '{"optionalBoolWrapper": false, "optionalInt32Wrapper": 0, "optionalInt64Wrapper": "0", "optionalUint32Wrapper": 1, "optionalUint64Wrapper": "2", "optionalFloatWrapper": 0.1, "optionalDoubleWrapper": "NaN", "optionalStringWrapper": "", "optionalBytesWrapper": ""}',
        P3,
    ),
    (
        "repeated wrappers",
        '{"repeatedInt32Wrapper": [1, 0], "repeatedStringWrapper": ["", "a"]}',
        P3,
    ),
    ("wrapper object", '{"optionalInt32Wrapper": {"value": 1}}', P3),
    ("null in repeated wrapper", '{"repeatedInt32Wrapper": [null]}', P3),
    # Any
    (
        "any message",
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3", "optionalInt32": 5}}',
        P3,
    ),
    (
        "any nested type first",
        '{"optionalAny": {"optionalInt32": 5, "@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3"}}',
        P3,
    ),
    (
        "any wkt",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1s"}}',
        P3,
    ),
    (
        "any wrapper",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Int64Value", "value": "5"}}',
        P3,
    ),
    (
        "any struct",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Struct", "value": {"a": [1]}}}',
        P3,
    ),
    (
        "any value null",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Value", "value": null}}',
        P3,
    ),
    (
        "any in any",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Any", "value": {"@type": "type.googleapis.com/google.protobuf.Timestamp", "value": "1970-01-01T00:00:01Z"}}}',
        P3,
    ),
    ("any empty", '{"optionalAny": {}}', P3),
    ("any without type", '{"optionalAny": {"optionalInt32": 5}}', P3),
    ("any unknown type", '{"optionalAny": {"@type": "type.googleapis.com/no.Such"}}', P3),
    (
        "any unknown field",
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3", "nope": 1}}',
        P3,
    ),
    (
        "any wkt without value",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration"}}',
        P3,
    ),
    (
        "any empty wkt",
        '{"optionalAny": {"@type": "example.com/x/google.protobuf.Empty", "value": {}}}',
        P3,
    ),
    (
        "any empty wkt as message",
        '{"optionalAny": {"@type": "example.com/x/google.protobuf.Empty"}}',
        P3,
    ),
    (
        "any custom prefix",
        '{"optionalAny": {"@type": "example.com/x/google.protobuf.Duration", "value": "2s"}}',
        P3,
    ),
    (
        "any empty message",
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3"}}',
        P3,
    ),
    # proto2
    ("proto2 defaults", '{"defaultInt32": -123456789, "defaultString": "Rosebud"}', P2),
    ("proto2 group", '{"data": {"groupInt32": 1, "groupUint32": 2}}', P2),
    ("proto2 group name", '{"Data": {"groupInt32": 1}}', P2),
    (
        "proto2 presence of zero",
        '{"optionalInt32": 0, "optionalString": "", "optionalBool": false}',
        P2,
    ),
    ("proto2 extension", '{"[protobuf_test_messages.proto2.extension_int32]": 1}', P2),
    # documents
    ("not an object", "[]", P3),
    ("top-level null", "null", P3),
    ("invalid json", '{"optionalInt32": }', P3),
    ("trailing garbage", '{"optionalInt32": 1} x', P3),
    ("nan literal", '{"optionalDouble": NaN}', P3),
    ("infinity literal", '{"optionalDouble": Infinity}', P3),
    ("empty document", "{}", P3),
    ("deep nesting", '{"recursiveMessage": ' * 120 + "{}" + "}" * 120, P3),
]

# Inputs json_format accepts although the ProtoJSON spec does not allow them; protobind
# rejects them (docs/python.md, "Deviations").
DEVIATIONS = {
    "both names for one field": "one field under both names is a duplicate (the spec; the "
    "conformance suite's FieldNameDuplicateDifferentCasing*); json_format keeps the last",
    "int32 space": "json_format strips the whitespace around an int given as a string",
    "float bool": "a JSON boolean is not a number (json_format reads true as 1.0)",
    "enum bool": "a JSON boolean is not an enum number (json_format reads true as 1)",
    "duration 10 digits": "the spec accepts fractions that fit in nanoseconds (9 digits); "
    "json_format rounds longer ones",
    "not an object": "a message is a JSON object; json_format reads [] as an empty message",
    "float inf spelling": 'only "Infinity", "-Infinity" and "NaN" are spelled out',
    "float string with space": "a JSON string holding a number has no whitespace",
    "float string too large": "out of float's range (json_format stores Infinity)",
    "int32 underscore": "not a decimal number (Python's int() reads 1_0)",
    "bytes bad character": "not base64 (json_format skips the character)",
    "float lowercase nan": "",  # both reject; kept for the record
    "any unknown field": "",
    "proto2 extension": "protobind generates no extensions; their JSON keys are unknown",
    "timestamp before min via offset": "",
}


def _rule_ids() -> list[str]:
    return [r[0] for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=_rule_ids())
def test_rule_matches_json_format(rule: tuple[str, str, str], default: Bindings) -> None:
    name, text, message_type = rule
    expected = oracle(text, message_type, default.profile)
    got = ours(text, message_type, default)
    if DEVIATIONS.get(name):
        assert got == "error", f"{name}: protobind should reject {text}"
        return
    assert same(got, expected), f"{name}: {text}\noracle:    {expected}\nprotobind: {got}"


@pytest.mark.parametrize("profile", [Profile("proto", "string"), Profile("json", "number"),
                                     Profile("proto", "number")], ids=lambda p: p.name)  # fmt: skip
def test_profiles_match_json_format(profile: Profile, bindings_root: Path) -> None:
    b = load(bindings_root, profile)
    for name, text, message_type in RULES:
        if DEVIATIONS.get(name):
            continue
        expected = oracle(text, message_type, profile)
        got = ours(text, message_type, b)
        assert same(got, expected), f"{name}: {text}\noracle:    {expected}\nprotobind: {got}"


def test_ignore_unknown_fields(default: Bindings) -> None:
    for text in (
        '{"unknownField": 1, "optionalInt32": 2}',
        '{"optionalNestedMessage": {"nope": [1, {}]}}',
        '{"optionalNestedEnum": "NOT_A_VALUE"}',
        '{"repeatedNestedEnum": ["FOO", "NOT_A_VALUE", "BAR"]}',
        '{"mapStringNestedEnum": {"a": "NOT_A_VALUE", "b": "BAZ"}}',
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Empty", "value": {"x": 1}}}',
    ):
        expected = oracle(text, PROTO3, default.profile, ignore=True)
        got = ours(text, PROTO3, default, ignore=True)
        assert same(got, expected), f"{text}\noracle:    {expected}\nprotobind: {got}"


def test_error_names_the_path(default: Bindings) -> None:
    cls = default.cls(PROTO3)
    cases = {
        '{"repeatedString": ["a", "b", 3]}': "testAllTypesProto3.repeatedString[2]: expected string",
        '{"optionalNestedMessage": {"corecursive": {"optionalInt32": "x"}}}': (
            "testAllTypesProto3.optionalNestedMessage.corecursive.optionalInt32: expected int32"
        ),
        '{"mapStringNestedMessage": {"k": {"a": true}}}': (
            'testAllTypesProto3.mapStringNestedMessage["k"].a: expected int32'
        ),
        '{"nope": 1}': "testAllTypesProto3.nope: unknown field",
    }
    for text, message in cases.items():
        with pytest.raises(default.rt.DecodeError) as info:
            cls.from_json(text)
        assert str(info.value).startswith(message), str(info.value)
        assert isinstance(info.value, ValueError)


# -- printing: messages built with the official runtime, converted without JSON --------


def _pb_messages() -> Iterator[tuple[str, Any]]:
    p3 = pb2().proto3
    m = p3.TestAllTypesProto3()
    m.optional_int64 = -(2**63)
    m.optional_uint64 = 2**64 - 1
    m.optional_double = float("nan")
    m.optional_float = 0.1
    m.repeated_float.extend([1e-45, 3.4028234663852886e38, -0.0])
    m.optional_bytes = bytes(range(256))
    m.optional_string = "\x00\u2028😀"
    m.optional_nested_enum = 7
    m.repeated_nested_enum.extend([1, -1, 99])
    m.map_bool_bool[True] = False
    m.map_int64_int64[-5] = 5
    m.map_string_nested_enum["x"] = 42
    m.optional_timestamp.seconds = -62135596800
    m.optional_duration.seconds = -1
    m.optional_duration.nanos = -500000000
    m.optional_field_mask.paths.extend(["foo_bar", "a.b_c"])
    m.optional_struct["k"] = 1
    m.optional_struct.get_or_create_list("l").extend([None, "x", True, 2.5])
    m.optional_value.null_value = 0
    m.repeated_value.add().string_value = "s"
    m.optional_any.Pack(p3.TestAllTypesProto3(optional_int32=3))
    m.oneof_bytes = b"\xff"
    yield "kitchen", m
    m = p3.TestAllTypesProto3()
    m.optional_double = -0.0
    m.optional_float = -0.0
    yield "negative zero", m
    from google.protobuf import duration_pb2, wrappers_pb2

    m = p3.TestAllTypesProto3()
    m.optional_any.Pack(duration_pb2.Duration(seconds=5, nanos=10))
    m.repeated_any.add().Pack(wrappers_pb2.UInt64Value(value=2**64 - 1))
    yield "any wkt", m
    p2 = pb2().proto2
    m2 = p2.TestAllTypesProto2()
    m2.optional_int32 = 0
    m2.optional_nested_enum = 2
    m2.data.group_int32 = 5
    m2.default_int32 = 9
    yield "proto2", m2


@pytest.mark.parametrize("profile", [Profile(), Profile("proto", "number")], ids=lambda p: p.name)
def test_printing_matches_json_format(profile: Profile, bindings_root: Path) -> None:
    b = load(bindings_root, profile)
    convert = Converter(b.rt)
    for name, m in _pb_messages():
        expected = to_json_value(m, profile)
        got = json.loads(json.dumps(convert.from_pb(m).to_dict()))
        assert same(got, expected), f"{name}\noracle:    {expected}\nprotobind: {got}"
        back = convert.to_pb(convert.from_pb(m), type(m))
        assert back == m or name == "kitchen", name  # NaN != NaN in the kitchen sink


def test_serialize_errors_match_json_format(default: Bindings) -> None:
    """Values json_format refuses to print: protobind raises EncodeError too."""
    p3 = pb2().proto3
    convert = Converter(default.rt)
    bad = []
    m = p3.TestAllTypesProto3()
    m.optional_timestamp.seconds = 253402300800
    bad.append(m)
    m = p3.TestAllTypesProto3()
    m.optional_duration.seconds = 315576000001
    bad.append(m)
    m = p3.TestAllTypesProto3()
    m.optional_duration.seconds = 1
    m.optional_duration.nanos = -1
    bad.append(m)
    m = p3.TestAllTypesProto3()
    m.optional_value.number_value = float("inf")
    bad.append(m)
    m = p3.TestAllTypesProto3()
    m.optional_field_mask.paths.append("fooBar")
    bad.append(m)
    for m in bad:
        with pytest.raises(json_format.SerializeToJsonError):
            json_format.MessageToJson(m)
        with pytest.raises(default.rt.EncodeError):
            convert.from_pb(m).to_dict()


def test_two_oneof_members_set_is_an_encode_error(default: Bindings) -> None:
    cls = default.cls(PROTO3)
    m = cls(oneof_uint32=1, oneof_string="x")
    with pytest.raises(default.rt.EncodeError, match="oneof_field"):
        m.to_dict()
    assert cls(oneof_string="x").which_oneof_field() == "oneof_string"
    assert cls().which_oneof_field() is None


# -- random messages (hypothesis) ------------------------------------------------------

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.conformance import strategies as conformance_strategies  # noqa: E402
from tests.conformance.variants import variant_text  # noqa: E402

_EXAMPLES = int(__import__("os").environ.get("PROTOBIND_CODEC_EXAMPLES", "150"))
_SETTINGS = settings(
    max_examples=_EXAMPLES,
    deadline=None,
    # Shrinking a whole TestAllTypesProto3 is slow; PROTOBIND_CODEC_SHRINK=0 reports the
    # first failure as drawn.
    phases=[
        p
        for p in Phase
        if p is not Phase.shrink
        or __import__("os").environ.get("PROTOBIND_CODEC_SHRINK", "1") != "0"
    ],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check_random(b: Bindings, message: Any, variant_seed: int) -> None:
    message_type = message.DESCRIPTOR.full_name
    profile = b.profile
    expected = to_json_value(message, profile)
    # 1. printing: the same message, converted without JSON, prints the oracle's JSON.
    convert = Converter(b.rt)
    ours_obj = convert.from_pb(message)
    assert same(json.loads(json.dumps(ours_obj.to_dict())), expected)
    # 2. parsing: the oracle's canonical text and a spec-allowed variant of it.
    canonical = json_format.MessageToJson(message)
    variant = variant_text(to_json_value(message, Profile()), message.DESCRIPTOR, variant_seed)
    for text in (canonical, variant):
        want = oracle(text, message_type, profile)
        got = ours(text, message_type, b)
        assert same(got, want), f"input {text}\noracle:    {want}\nprotobind: {got}"
    # 3. back to binary: the parsed dataclass converts to the same message (compared
    # through the oracle: packed Any bytes may order map entries differently).
    parsed = b.cls(message_type).from_json(canonical)
    back = convert.to_pb(parsed, type(message))
    assert same(to_json_value(back, profile), expected)


@pytest.mark.parametrize("message_type", [PROTO3, PROTO2], ids=["proto3", "proto2"])
@pytest.mark.parametrize("profile", [Profile(), Profile("proto", "number")], ids=lambda p: p.name)
def test_random_messages_match_json_format(
    message_type: str, profile: Profile, bindings_root: Path
) -> None:
    b = load(bindings_root, profile)

    @_SETTINGS
    @given(message=conformance_strategies.messages(message_type), seed=st.integers(0, 2**32))
    def check(message: Any, seed: int) -> None:
        _check_random(b, message, seed)

    check()
