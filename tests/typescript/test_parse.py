"""The generated parse functions against the oracle, protobuf's Python json_format.

Every ProtoJSON rule has cases here. Each case is run through node (the generated
`parseMJson` path on the text, and `JSON.parse` + `parseM` on the value where the two
can differ) and through json_format; both must accept with the same canonical JSON
value (printed by the generated `formatMJson`), or both must reject. Deliberate
deviations are listed apart, each with its reason (docs/typescript.md repeats them).
The printer's own cases are in test_format.py.
"""

from __future__ import annotations

import json

import pytest

from codegen.config import JsonProfile
from tests.typescript import oracle
from tests.typescript.node_harness import Case, Result, Tree
from tests.typescript.trees import P2, P3, PROFILES, L, X, same, tree_for


def describe(r: Result) -> str:
    if r.crash is not None:
        return f"CRASH {r.crash}"
    if r.error is not None:
        return f"error {r.error}"
    return f"ok {r.raw}"


# (type, JSON text, ignore unknown fields). Texts are JSON; both json_format and the
# generated parser read them.
RULES: list[tuple[str, str, bool]] = [
    # -- field names ------------------------------------------------------------------
    (P3, '{"optionalInt32": 1}', False),
    (P3, '{"optional_int32": 1}', False),
    (P3, '{"optionalNestedMessage": {"a": 1}, "optional_bool": true}', False),
    (P3, '{"noSuchField": 1}', False),
    (P3, '{"noSuchField": {"deep": [1, 2]}, "optionalInt32": 1}', True),
    (P3, '{"fieldname1": 1, "field_name2": 2, "_field_name3": 3, "field__name4_": 4}', False),
    (P3, '{"FieldName13": 1, "FIELDNAME15": 2, "fieldName17": 3, "FieldName18": 4}', False),
    (P3, '{"field0name5": 1, "field_0_name6": 2, "fieldName7": 3, "Field_Name10": 4}', False),
    (X, '{"my-custom name": "x"}', False),
    (X, '{"custom": "y"}', False),
    (X, '{"myCustomName": "y"}', False),
    (X, '{"__proto__": "p", "constructor": "c", "toString": 5}', False),
    (X, '{"Proto": "p"}', False),
    (L, '{"grouped": {"inside": 1}}', False),
    (L, '{"Grouped": {"inside": 1}}', False),
    # -- 32-bit integers ----------------------------------------------------------------
    (P3, '{"optionalInt32": -2147483648, "optionalUint32": 4294967295}', False),
    (P3, '{"optionalInt32": 2147483648}', False),
    (P3, '{"optionalInt32": -2147483649}', False),
    (P3, '{"optionalUint32": -1}', False),
    (P3, '{"optionalUint32": 4294967296}', False),
    (P3, '{"optionalInt32": "12"}', False),
    (P3, '{"optionalInt32": "-12"}', False),
    (P3, '{"optionalInt32": "007"}', False),
    (P3, '{"optionalInt32": "+7"}', False),
    (P3, '{"optionalInt32": 1e2}', False),
    (P3, '{"optionalInt32": "1e2"}', False),
    (P3, '{"optionalInt32": 1.0}', False),
    (P3, '{"optionalInt32": "1.0"}', False),
    (P3, '{"optionalInt32": 1.5}', False),
    (P3, '{"optionalInt32": "1.5"}', False),
    (P3, '{"optionalInt32": "0x10"}', False),
    (P3, '{"optionalInt32": ""}', False),
    (P3, '{"optionalInt32": "-"}', False),
    (P3, '{"optionalInt32": " 1"}', False),
    (P3, '{"optionalInt32": true}', False),
    (P3, '{"optionalInt32": [1]}', False),
    (P3, '{"optionalInt32": {}}', False),
    (P3, '{"optionalInt32": 0}', False),
    (P3, '{"optionalInt32": -0}', False),
    (P3, '{"optionalInt32": "1e400"}', False),
    (P3, '{"optionalSint32": -5, "optionalFixed32": 4294967295, "optionalSfixed32": -1}', False),
    (P3, '{"optionalFixed32": -1}', False),
    # -- 64-bit integers -------------------------------------------------------------------
    (P3, '{"optionalInt64": "9223372036854775807"}', False),
    (P3, '{"optionalInt64": 9223372036854775807}', False),
    (P3, '{"optionalInt64": "-9223372036854775808"}', False),
    (P3, '{"optionalInt64": "9223372036854775808"}', False),
    (P3, '{"optionalInt64": 9223372036854775808}', False),
    (P3, '{"optionalInt64": 1e18}', False),
    (P3, '{"optionalInt64": "1e18"}', False),
    (P3, '{"optionalInt64": -9.223372036854776e18}', False),
    (P3, '{"optionalInt64": 1.5}', False),
    (P3, '{"optionalInt64": "-0"}', False),
    (P3, '{"optionalInt64": 12}', False),
    (P3, '{"optionalUint64": "18446744073709551615"}', False),
    (P3, '{"optionalUint64": 18446744073709551615}', False),
    (P3, '{"optionalUint64": "18446744073709551616"}', False),
    (P3, '{"optionalUint64": -1}', False),
    (P3, '{"optionalUint64": 1.8446744073709552e19}', False),
    (
        P3,
        '{"optionalSint64": "-9223372036854775808", "optionalFixed64": "18446744073709551615"}',
        False,
    ),
    (P3, '{"optionalSfixed64": "-1", "optionalFixed64": 5}', False),
    (P3, '{"optionalInt64": "12345678901234567890123"}', False),
    # -- floating point --------------------------------------------------------------------
    (P3, '{"optionalFloat": 0.1, "optionalDouble": 0.1}', False),
    (P3, '{"optionalFloat": "0.1", "optionalDouble": "0.1"}', False),
    (P3, '{"optionalFloat": 3.3, "optionalDouble": 3.3}', False),
    (P3, '{"optionalFloat": 16777217}', False),
    (P3, '{"optionalFloat": 1e-50}', False),
    (P3, '{"optionalFloat": -1e-50}', False),
    (P3, '{"optionalFloat": 3.4028234663852886e38}', False),
    (P3, '{"optionalFloat": -3.4028234663852886e38}', False),
    (P3, '{"optionalFloat": 3.4028236e38}', False),
    (P3, '{"optionalFloat": 1e39}', False),
    (P3, '{"optionalFloat": 1.17549435e-38, "optionalDouble": 5e-324}', False),
    (P3, '{"optionalFloat": 1.4e-45}', False),
    (P3, '{"optionalFloat": "NaN", "optionalDouble": "NaN"}', False),
    (P3, '{"optionalFloat": "Infinity", "optionalDouble": "-Infinity"}', False),
    (P3, '{"optionalFloat": "-Infinity", "optionalDouble": "Infinity"}', False),
    (P3, '{"optionalDouble": "nan"}', False),
    (P3, '{"optionalDouble": 1.7976931348623157e308}', False),
    (P3, '{"optionalDouble": 1.8e308}', False),
    (P3, '{"optionalDouble": -0.0}', False),
    (P3, '{"optionalDouble": 0.0}', False),
    (P3, '{"optionalDouble": 1e2, "optionalFloat": 1E-2}', False),
    (P3, '{"optionalDouble": "1e2"}', False),
    (P3, '{"optionalDouble": "abc"}', False),
    (P3, '{"optionalDouble": ""}', False),
    (P3, '{"repeatedFloat": [0.1, "NaN", 1e10, -2.5]}', False),
    # -- bool ----------------------------------------------------------------------------
    (P3, '{"optionalBool": true}', False),
    (P3, '{"optionalBool": false}', False),
    (P3, '{"optionalBool": "true"}', False),
    (P3, '{"optionalBool": 1}', False),
    # -- strings ---------------------------------------------------------------------------
    (P3, '{"optionalString": "h\\u00e9llo \\ud83d\\ude00 \\u2028 \\"q\\" \\\\"}', False),
    (P3, '{"optionalString": "\\ud800"}', False),
    (P3, '{"optionalString": "\\udc00x"}', False),
    (P3, '{"optionalString": 5}', False),
    (P3, '{"optionalString": ""}', False),
    (P3, '{"repeatedString": ["a", "", "\\u0000"]}', False),
    # -- bytes -------------------------------------------------------------------------------
    (P3, '{"optionalBytes": "+/8="}', False),
    (P3, '{"optionalBytes": "-_8"}', False),
    (P3, '{"optionalBytes": "-_8="}', False),
    (P3, '{"optionalBytes": "+/8"}', False),
    (P3, '{"optionalBytes": "+/8=="}', False),
    (P3, '{"optionalBytes": "QR=="}', False),
    (P3, '{"optionalBytes": "QUJDRA"}', False),
    (P3, '{"optionalBytes": "QUJDRA=="}', False),
    (P3, '{"optionalBytes": "a"}', False),
    (P3, '{"optionalBytes": ""}', False),
    (P3, '{"optionalBytes": "AA=="}', False),
    (P3, '{"optionalBytes": 5}', False),
    (P3, '{"repeatedBytes": ["", "AQID", "_-_-"]}', False),
    # -- enums -----------------------------------------------------------------------------
    (P3, '{"optionalNestedEnum": "BAR"}', False),
    (P3, '{"optionalNestedEnum": 1}', False),
    (P3, '{"optionalNestedEnum": "1"}', False),
    (P3, '{"optionalNestedEnum": -1}', False),
    (P3, '{"optionalNestedEnum": "NEG"}', False),
    (P3, '{"optionalNestedEnum": 99}', False),
    (P3, '{"optionalNestedEnum": "FOO"}', False),
    (P3, '{"optionalNestedEnum": 0}', False),
    (P3, '{"optionalNestedEnum": "UNKNOWN_X"}', False),
    (P3, '{"optionalNestedEnum": "UNKNOWN_X"}', True),
    (P3, '{"optionalNestedEnum": 2147483648}', False),
    (P3, '{"optionalNestedEnum": null}', False),
    (P3, '{"repeatedNestedEnum": ["FOO", "UNKNOWN_X", 7]}', True),
    (P3, '{"repeatedNestedEnum": ["FOO", "UNKNOWN_X"]}', False),
    (P3, '{"mapStringNestedEnum": {"a": "UNKNOWN_X", "b": "BAZ"}}', True),
    (P3, '{"oneofEnum": "UNKNOWN_X"}', True),
    (P3, '{"optionalAliasedEnum": "ALIAS_BAZ"}', False),
    (P3, '{"optionalAliasedEnum": "MOO"}', False),
    (P3, '{"optionalAliasedEnum": "moo"}', False),
    (P3, '{"optionalAliasedEnum": "bAz"}', False),
    (P3, '{"optionalAliasedEnum": 2}', False),
    (P3, '{"optionalForeignEnum": "FOREIGN_BAR"}', False),
    (P2, '{"optionalNestedEnum": 99}', False),
    (P2, '{"optionalNestedEnum": "FOO"}', False),
    (P2, '{"repeatedNestedEnum": [0, 1, -1]}', False),
    (
        L,
        '{"closed": "CLOSED_NEG", "closedList": [0, -1], "closedMap": {"a": "CLOSED_ZERO"}}',
        False,
    ),
    (L, '{"closed": 5}', False),
    (L, '{"aliased": "ALIASED_UNO"}', False),
    (X, '{"otherKind": 1, "other": {"kind": "KIND_A"}}', False),
    # -- null ---------------------------------------------------------------------------
    (P3, '{"optionalNestedMessage": null}', False),
    (P3, '{"optionalString": null, "optionalInt32": null, "optionalBytes": null}', False),
    (P3, '{"repeatedInt32": null, "mapStringString": null}', False),
    (P3, '{"repeatedInt32": [1, null]}', False),
    (P3, '{"repeatedNestedMessage": [null]}', False),
    (P3, '{"mapStringString": {"a": null}}', False),
    (P3, '{"mapStringNestedMessage": {"a": null}}', False),
    (P3, '{"optionalValue": null}', False),
    (P3, '{"repeatedValue": [1, null]}', False),
    (P3, '{"optionalNullValue": null}', False),
    (P3, '{"optionalNullValue": "NULL_VALUE"}', False),
    (P3, '{"optionalNullValue": 0}', False),
    (P3, '{"oneofNullValue": null}', False),
    (P3, '{"oneofUint32": 1, "oneofNullValue": null}', False),
    (P3, '{"oneofNullValue": null, "oneofUint32": 1}', False),
    (P3, '{"optionalStruct": null, "optionalTimestamp": null, "optionalAny": null}', False),
    (P3, '{"optionalBoolWrapper": null}', False),
    (P3, '{"repeatedInt64Wrapper": [5, null]}', False),
    (X, '{"nullOptional": null}', False),
    (X, '{"valueMap": {"a": null, "b": [1, "x"]}}', False),
    (X, '{"pickValue": null}', False),
    (X, '{"pickNull": null}', False),
    (X, '{"pickInt": 1, "pickNull": null}', False),
    (X, '{"pickNull": null, "pickInt": 1}', False),
    # -- presence and defaults -------------------------------------------------------------
    (
        P3,
        '{"optionalInt32": 0, "optionalString": "", "optionalBool": false, "optionalBytes": ""}',
        False,
    ),
    (P3, '{"optionalNestedMessage": {}}', False),
    (P3, '{"optionalNestedMessage": {"a": 0}}', False),
    (P3, '{"oneofUint32": 0}', False),
    (P3, '{"oneofString": ""}', False),
    (P3, '{"oneofFloat": 0}', False),
    (P3, '{"oneofEnum": "FOO"}', False),
    (P3, '{"oneofNestedMessage": {}}', False),
    (
        P3,
        '{"optionalInt32Wrapper": 0, "optionalStringWrapper": "", "optionalBoolWrapper": false}',
        False,
    ),
    (P3, '{"repeatedInt32": [], "mapStringString": {}}', False),
    (P2, '{"optionalInt32": 0, "optionalString": "", "optionalNestedEnum": "FOO"}', False),
    (X, '{"optInt": 0, "optString": ""}', False),
    (L, '{"withDefault": 7, "must": ""}', False),
    # -- repeated and maps -----------------------------------------------------------------
    (P3, '{"repeatedInt32": 1}', False),
    (P3, '{"repeatedInt32": {}}', False),
    (P3, '{"mapStringString": []}', False),
    (P3, '{"mapStringString": "x"}', False),
    (P3, '{"repeatedNestedMessage": [{}, {"a": 1}, {"corecursive": {}}]}', False),
    (P3, '{"mapBoolBool": {"true": true, "false": false}}', False),
    (P3, '{"mapBoolBool": {"True": true}}', False),
    (P3, '{"mapBoolBool": {"1": true}}', False),
    (P3, '{"mapInt32Int32": {"01": 1, "-5": -5}}', False),
    (P3, '{"mapInt32Int32": {"1e1": 1}}', False),
    (P3, '{"mapInt32Int32": {" 1": 1}}', False),
    (P3, '{"mapInt32Int32": {"2147483648": 1}}', False),
    (P3, '{"mapInt32Int32": {"x": 1}}', False),
    (P3, '{"mapInt64Int64": {"-9223372036854775808": "1", "-0": 2}}', False),
    (P3, '{"mapUint32Uint32": {"4294967295": 1}}', False),
    (P3, '{"mapUint64Uint64": {"18446744073709551615": "18446744073709551615"}}', False),
    (P3, '{"mapSint32Sint32": {"-1": -1}, "mapSint64Sint64": {"-1": "-1"}}', False),
    (P3, '{"mapFixed32Fixed32": {"1": 1}, "mapFixed64Fixed64": {"1": "1"}}', False),
    (P3, '{"mapSfixed32Sfixed32": {"-1": -1}, "mapSfixed64Sfixed64": {"-1": "-1"}}', False),
    (P3, '{"mapInt32Float": {"1": 0.1}, "mapInt32Double": {"1": "NaN"}}', False),
    (P3, '{"mapStringBytes": {"a": "-_8"}, "mapStringNestedEnum": {"a": 1}}', False),
    (P3, '{"mapStringNestedMessage": {"a": {}, "b": {"a": 2}}}', False),
    (P3, '{"mapStringForeignMessage": {"a": {"c": 1}}}', False),
    (P3, '{"mapStringString": {"a": 1}}', False),
    (P3, '{"mapStringString": {"\\ud800": "a"}}', False),
    (P3, '{"mapInt32Int32": {"1": 1, "01": 2}}', False),
    (X, '{"plainMap": {"__proto__": "x", "constructor": "y", "toString": "z"}}', False),
    (X, '{"wrappedMap": {"5": "7", "-1": 0}}', False),
    # -- oneofs ----------------------------------------------------------------------------
    (P3, '{"oneofUint32": 1, "oneofString": "x"}', False),
    (P3, '{"oneofUint32": 1, "oneofString": null}', False),
    (P3, '{"oneofString": null, "oneofUint32": 1}', False),
    (P3, '{"oneofNestedMessage": {"a": 1}}', False),
    (P3, '{"oneofBytes": "AQID", "optionalInt32": 5}', False),
    (P3, '{"oneofDouble": "NaN"}', False),
    (X, '{"pickValue": {"a": 1}, "pickInt": 2}', False),
    # -- messages and recursion -------------------------------------------------------------
    (P3, '{"optionalNestedMessage": 5}', False),
    (P3, '{"optionalNestedMessage": "x"}', False),
    (P3, "5", False),
    (P3, "null", False),
    (P3, '{"recursiveMessage": {"recursiveMessage": {"optionalInt32": 5}}}', False),
    (P3, '{"optionalNestedMessage": {"corecursive": {"optionalNestedMessage": {"a": 3}}}}', False),
    (P3, '{"recursiveMessage": ' * 99 + "{}" + "}" * 99, False),
    (P3, '{"recursiveMessage": ' * 100 + "{}" + "}" * 100, False),
    (P3, '{"optionalValue": ' + "[" * 49 + "]" * 49 + "}", False),
    (P3, '{"optionalValue": ' + "[" * 50 + "]" * 50 + "}", False),
    (X, '{"child": {"child": {"optInt": 0}}}', False),
    (X, '{"other": {"name": "n"}}', False),
    (P2, '{"data": {"groupInt32": 1, "groupUint32": 2}}', False),
    # -- Timestamp -----------------------------------------------------------------------
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00.000Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00.1Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00.1234Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00.1234567Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00.000000001Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00.1234567891Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00+08:00"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00-00:30"}', False),
    (P3, '{"optionalTimestamp": "2020-02-29T23:59:59.999Z"}', False),
    (P3, '{"optionalTimestamp": "2019-02-29T00:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "1970-13-01T00:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T24:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:60:00Z"}', False),
    (P3, '{"optionalTimestamp": "2020-12-31T23:59:60Z"}', False),
    (P3, '{"optionalTimestamp": "0001-01-01T00:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "9999-12-31T23:59:59.999999999Z"}', False),
    (P3, '{"optionalTimestamp": "0000-12-31T23:59:59Z"}', False),
    (P3, '{"optionalTimestamp": "0001-01-01T00:00:00+00:01"}', False),
    (P3, '{"optionalTimestamp": "9999-12-31T23:59:59-00:01"}', False),
    (P3, '{"optionalTimestamp": "0001-01-01T08:00:00+08:00"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01t00:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01 00:00:00Z"}', False),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00"}', False),
    (P3, '{"optionalTimestamp": 0}', False),
    (P3, '{"repeatedTimestamp": ["1969-12-31T23:59:59.5Z", "1600-02-29T12:00:00Z"]}', False),
    # -- Duration --------------------------------------------------------------------------
    (P3, '{"optionalDuration": "1s"}', False),
    (P3, '{"optionalDuration": "0s"}', False),
    (P3, '{"optionalDuration": "-0s"}', False),
    (P3, '{"optionalDuration": "1.5s"}', False),
    (P3, '{"optionalDuration": "-0.5s"}', False),
    (P3, '{"optionalDuration": "1.000000001s"}', False),
    (P3, '{"optionalDuration": "1.1234s"}', False),
    (P3, '{"optionalDuration": "1.000s"}', False),
    (P3, '{"optionalDuration": "315576000000.999999999s"}', False),
    (P3, '{"optionalDuration": "-315576000000.999999999s"}', False),
    (P3, '{"optionalDuration": "315576000001s"}', False),
    (P3, '{"optionalDuration": "01s"}', False),
    (P3, '{"optionalDuration": "+1s"}', False),
    (P3, '{"optionalDuration": "1.s"}', False),
    (P3, '{"optionalDuration": ".5s"}', False),
    (P3, '{"optionalDuration": "1"}', False),
    (P3, '{"optionalDuration": "1S"}', False),
    (P3, '{"optionalDuration": "1e2s"}', False),
    (P3, '{"optionalDuration": 1}', False),
    # -- FieldMask --------------------------------------------------------------------------
    (P3, '{"optionalFieldMask": "fooBar,baz.quxQuux"}', False),
    (P3, '{"optionalFieldMask": ""}', False),
    (P3, '{"optionalFieldMask": "a,,b"}', False),
    (P3, '{"optionalFieldMask": "FooBar"}', False),
    (P3, '{"optionalFieldMask": "a1B.c2"}', False),
    (P3, '{"optionalFieldMask": "foo_bar"}', False),
    (P3, '{"optionalFieldMask": 5}', False),
    # -- Struct, Value, ListValue ---------------------------------------------------------------
    (P3, '{"optionalStruct": {"a": [1, {"b": null}, "x", true, 1.5]}}', False),
    (P3, '{"optionalStruct": {}}', False),
    (P3, '{"optionalStruct": []}', False),
    (P3, '{"optionalStruct": {"\\ud800": 1}}', False),
    (P3, '{"optionalValue": 1}', False),
    (P3, '{"optionalValue": "x"}', False),
    (P3, '{"optionalValue": false}', False),
    (P3, '{"optionalValue": []}', False),
    (P3, '{"optionalValue": {}}', False),
    (P3, '{"optionalValue": {"a": {"b": [null]}}}', False),
    (P3, '{"optionalValue": "\\ud800"}', False),
    (P3, '{"optionalValue": 12345678901234567890}', False),
    (P3, '{"repeatedListValue": [[1, "a"], []]}', False),
    (P3, '{"repeatedStruct": [{}, {"a": 1}]}', False),
    (P3, '{"repeatedStruct": [null]}', False),
    (P3, '{"repeatedListValue": {}}', False),
    # -- wrappers ----------------------------------------------------------------------------
    (
        P3,
        '{"optionalInt32Wrapper": 5, "optionalInt64Wrapper": "5", "optionalUint64Wrapper": 5}',
        False,
    ),
    (
        P3,
        '{"optionalUint32Wrapper": 5, "optionalBoolWrapper": true, "optionalStringWrapper": "x"}',
        False,
    ),
    (
        P3,
        '{"optionalFloatWrapper": 0.1, "optionalDoubleWrapper": "NaN", "optionalBytesWrapper": "-_8"}',
        False,
    ),
    (P3, '{"optionalInt32Wrapper": "5"}', False),
    (P3, '{"optionalStringWrapper": 5}', False),
    (P3, '{"optionalInt32Wrapper": {"value": 5}}', False),
    (P3, '{"repeatedInt32Wrapper": [0, 1], "repeatedStringWrapper": ["", "a"]}', False),
    (P3, '{"optionalUint32Wrapper": -1}', False),
    # -- Any ----------------------------------------------------------------------------------
    (P3, '{"optionalAny": {}}', False),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1.5s"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Timestamp", "value": "1970-01-01T00:00:00+01:00"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Struct", "value": {"a": 1}}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Value", "value": null}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.ListValue", "value": [1]}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.FieldMask", "value": "a.bC"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Int32Value", "value": "5"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.BytesValue", "value": "-_8"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Int32Value", "value": null}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Any", "value": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "2s"}}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Any", "value": {}}}',
        False,
    ),
    (P3, '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Empty"}}', False),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Empty", "value": {}}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3", "optionalInt32": 1, "optionalString": "x"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"optionalInt32": 1, "@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "protobuf_test_messages.proto3.TestAllTypesProto3", "optional_int32": 2}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "x.y/z/protobuf_test_messages.proto3.TestAllTypesProto3"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3", "unknownX": 1}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3", "unknownX": 1}}',
        True,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3", "optionalAny": {"@type": "type.googleapis.com/google.protobuf.Int32Value", "value": 5}}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/tsjson.Other", "name": "cross-module"}}',
        False,
    ),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3.NestedMessage", "a": 1}}',
        False,
    ),
    (P3, '{"optionalAny": {"@type": "type.googleapis.com/unknown.Type"}}', False),
    (P3, '{"optionalAny": {"optionalInt32": 1}}', False),
    (P3, '{"optionalAny": {"@type": 5}}', False),
    (P3, '{"optionalAny": {"@type": ""}}', False),
    (P3, '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration"}}', False),
    (P3, '{"optionalAny": []}', False),
    (
        P3,
        '{"repeatedAny": [{}, {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1s"}]}',
        False,
    ),
    # -- JSON text ----------------------------------------------------------------------------
    (P3, '{"optionalInt32": 1, "optionalInt32": 2}', False),
    (P3, '{"optionalNestedMessage": {"a": 1, "a": 1}}', False),
    (P3, '{"mapStringString": {"k": "a", "k": "b"}}', False),
    (P3, '{"optionalInt32": 1,}', False),
    (P3, '{"optionalInt32": 01}', False),
    (P3, '{"optionalDouble": NaN}', False),
    (P3, '{"optionalString": "\\x"}', False),
    (P3, '{"optionalString": "a\tb"}', False),
    (P3, ' \n {"optionalInt32" : 1 } \r\n', False),
    (P3, '{"optionalInt32": 1} x', False),
    (P3, "", False),
]

# Where the generated parser deliberately disagrees with json_format: (type, text,
# expected result of the generated parser: "error" or the canonical JSON text, reason).
DEVIATIONS: list[tuple[str, str, str, str]] = [
    (
        P3,
        '{"optionalInt32": 1, "optional_int32": 2}',
        "error",
        "one field under both names: json_format keeps the last; the conformance suite "
        "(FieldNameDuplicateDifferentCasing) and protojson reject it",
    ),
    (X, '{"my-custom name": "x", "custom": "y"}', "error", "same, with a json_name option"),
    (
        P3,
        '{"optionalInt32": "\\t7"}',
        "error",
        "whitespace in a quoted number: json_format accepts what Python's int() does",
    ),
    (P3, '{"optionalInt32": "1_000"}', "error", "Python's int() accepts digit separators"),
    (
        P3,
        '{"optionalNestedEnum": true}',
        "error",
        "Python's int(True) == 1 makes json_format accept true",
    ),
    (P3, '{"optionalNestedEnum": " 1"}', "error", "Python's int() strips whitespace"),
    (
        P3,
        '{"optionalFloat": "inf"}',
        "error",
        'Python\'s float() spellings; ProtoJSON has "Infinity"',
    ),
    (
        P3,
        '{"optionalDouble": "1e400"}',
        "error",
        "a quoted number beyond the double range: json_format makes it Infinity, its "
        "unquoted twin is an error in json_format too",
    ),
    (P3, '{"optionalFloat": "1e39"}', "error", "same for float: out of range"),
    (
        P3,
        '{"optionalFloat": 3.4028235e38}',
        '{"optionalFloat":3.4028235e+38}',
        "json_format prints FLT_MAX as 3.4028235e+38 and then rejects it as too large; "
        "this rounds to FLT_MAX like the quoted form",
    ),
    (P3, '{"optionalBytes": "ab=c"}', "error", "padding inside base64: Python decodes leniently"),
    (P3, '{"optionalBytes": "a b"}', "error", "not base64"),
    (
        P3,
        '{"optionalNestedMessage": []}',
        "error",
        "an array for a message: json_format iterates it as if it were an object",
    ),
    (
        P3,
        '{"optionalTimestamp": "1970-01-01T00:00:00.Z"}',
        "error",
        "RFC 3339 needs digits after the point; json_format accepts an empty fraction",
    ),
    (
        P3,
        '{"optionalTimestamp": "1970-1-1T0:0:0Z"}',
        "error",
        "RFC 3339 needs two digits; Python's strptime accepts one",
    ),
    (P3, '{"optionalTimestamp": "1970-01-01T00:00:00+24:00"}', "error", "offset hours beyond 23"),
    (
        P3,
        '{"optionalDuration": "1.0000000001s"}',
        "error",
        "more than nanosecond precision: json_format rounds it away silently",
    ),
    (P3, '{"optionalDuration": " 1s"}', "error", "whitespace: Python's int()"),
    (
        P3,
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": "1s", "extra": 1}}',
        "error",
        "unknown keys next to a well-known type's value: json_format ignores them",
    ),
    (
        P3,
        '{"optionalValue": 1e400}',
        "error",
        "a Value cannot hold Infinity: json_format accepts it, then fails to print it",
    ),
    (
        X,
        '{"nullMap": {"a": null}}',
        '{"nullMap":{"a":null}}',
        "null is NullValue's only JSON form; json_format rejects it in maps and lists "
        "(and cannot read its own output)",
    ),
    (X, '{"nullList": [null, "NULL_VALUE"]}', '{"nullList":[null,null]}', "same, in a list"),
    (
        P2,
        '{"[protobuf_test_messages.proto2.extension_int32]": 1}',
        "error",
        "extensions are not supported in JSON: their keys are unknown fields",
    ),
    (P3, '{"optionalDouble": true}', "error", "Python's float(True) == 1.0"),
    (P3, '{"optionalNestedEnum": 1.5}', "error", "Python's int(1.5) == 1"),
    (P3, "[]", "error", "an array for the root message (see optionalNestedMessage: [])"),
]


def _check(tree: Tree, profile: JsonProfile, cases: list[tuple[str, str, bool]]) -> list[str]:
    runs = [Case(t, text, "text", ignore) for t, text, ignore in cases]
    results = tree.run(runs)
    problems = []
    for (t, text, ignore), r in zip(cases, results, strict=True):
        e = oracle.expect(t, text, profile, ignore)
        where = f"{t.rsplit('.', 1)[-1]} {text[:150]}{' (ignore unknown)' if ignore else ''}"
        if r.crash is not None:
            problems.append(f"{where}\n    CRASH {r.crash}")
        elif e.error is not None and r.error is None:
            problems.append(
                f"{where}\n    json_format rejects ({e.error[:200]})\n    ts accepts {r.raw}"
            )
        elif e.error is None and r.error is not None:
            problems.append(
                f"{where}\n    json_format gives {json.dumps(e.ok)}\n    ts rejects: {r.error}"
            )
        elif e.error is None and not same(r.ok, e.ok):
            problems.append(
                f"{where}\n    json_format gives {json.dumps(e.ok)}\n    ts gives {r.raw}"
            )
    return problems


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_rules_agree_with_json_format(
    profile: str, pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tree = tree_for(profile, tmp_path_factory)
    problems = _check(tree, PROFILES[profile], RULES)
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("t", "text", "expected", "reason"), DEVIATIONS, ids=range(len(DEVIATIONS))
)
def test_deviations(
    t: str,
    text: str,
    expected: str,
    reason: str,
    pb2: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    (r,) = tree_for("json-string", tmp_path_factory).run([Case(t, text)])
    assert r.crash is None, r.crash
    if expected == "error":
        assert r.error is not None, f"{reason}: expected an error, got {r.raw}"
    else:
        assert r.error is None, r.error
        assert same(r.ok, json.loads(expected)), r.raw


def test_value_mode_agrees_with_text_mode(
    pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`parseM(JSON.parse(text))` gives what `parseMJson(text)` gives, except where
    JSON.parse loses information first (duplicate keys, integers beyond 2^53, -0)."""
    tree = tree_for("json-string", tmp_path_factory)
    lossy = (
        '": 01',
        'Int32": 1, "optionalInt32',
        '"a": 1, "a"',
        '"k": "a", "k"',
        "9223372036854775807}",
        "18446744073709551615}",
        "e+38",
        "NaN}",
        "12345678901234567890}",
        ": -0}",
        "1,}",
        "\\x",
        "a\tb",
        "} x",
    )
    cases = [(t, text) for t, text, ignore in RULES if text and not any(s in text for s in lossy)]
    cases = [(t, text) for t, text in cases if _valid_json(text)]
    text_results = tree.run([Case(t, text, "text") for t, text in cases])
    value_results = tree.run([Case(t, text, "value") for t, text in cases])
    for (_t, text), a, b in zip(cases, text_results, value_results, strict=True):
        assert (a.error is None) == (b.error is None), (text, describe(a), describe(b))
        assert a.raw == b.raw, (text, a.raw, b.raw)


def _valid_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def test_int64_as_numbers_parsed_value_and_printer(
    pb2: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Under int64 = "number", the parsed value holds 64-bit values within ±(2^53 - 1) as
    numbers and larger ones as decimal strings (no JavaScript number holds them): so
    JSON.stringify writes those as strings, never as rounded numbers; formatMJson
    writes every one as a bare JSON number with every digit."""
    tree = tree_for("proto-number", tmp_path_factory)
    ok, big, neg, wrapped, in_map = tree.run(
        [
            Case(P3, '{"optionalInt64": "9007199254740991", "optionalUint64": 12}'),
            Case(P3, '{"optionalInt64": 9007199254740993}'),
            Case(P3, '{"optionalSint64": "-9223372036854775808"}'),
            Case(P3, '{"optionalInt64Wrapper": "18446744073709551"}'),
            Case(P3, '{"mapInt64Int64": {"9223372036854775807": 9223372036854775807}}'),
        ]
    )
    assert ok.plain == '{"optional_int64":9007199254740991,"optional_uint64":12}'
    assert big.plain == '{"optional_int64":"9007199254740993"}'
    assert neg.plain == '{"optional_sint64":"-9223372036854775808"}'
    assert wrapped.plain == '{"optional_int64_wrapper":"18446744073709551"}'
    assert in_map.plain == '{"map_int64_int64":{"9223372036854775807":"9223372036854775807"}}'
    assert ok.raw == ok.plain
    assert big.raw == '{"optional_int64":9007199254740993}'
    assert neg.raw == '{"optional_sint64":-9223372036854775808}'
    assert wrapped.raw == '{"optional_int64_wrapper":18446744073709551}'
    assert in_map.raw == '{"map_int64_int64":{"9223372036854775807":9223372036854775807}}'


def test_errors_name_the_path(pb2: None, tmp_path_factory: pytest.TempPathFactory) -> None:
    tree = tree_for("json-string", tmp_path_factory)
    cases = {
        '{"repeatedString": ["a", "b", 3]}': "testAllTypesProto3.repeatedString[2]: expected string",
        '{"optionalNestedMessage": {"corecursive": {"optionalInt32": "x"}}}': "testAllTypesProto3.optionalNestedMessage.corecursive.optionalInt32: expected an integer",
        '{"mapStringNestedMessage": {"k.1": {"a": true}}}': 'testAllTypesProto3.mapStringNestedMessage["k.1"].a: expected an integer',
        '{"optionalStruct": {"a": {"b": [1, "\\ud800"]}}}': "testAllTypesProto3.optionalStruct.a.b[1]: string holds an unpaired surrogate",
        '{"optionalAny": {"@type": "type.googleapis.com/google.protobuf.Duration", "value": 1}}': "testAllTypesProto3.optionalAny.value: expected a duration string",
        '{"unknownKey": 1}': "testAllTypesProto3.unknownKey: unknown field",
        "[1]": "testAllTypesProto3: expected object",
    }
    results = tree.run([Case(P3, text) for text in cases])
    for (text, expected), r in zip(cases.items(), results, strict=True):
        assert r.error is not None and r.error.startswith(expected), (text, describe(r))
