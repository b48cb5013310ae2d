"""Hand-written conformance cases: one or more per ProtoJSON rule and per documented rejection.

A case is an input (JSON text, or binary built from protobuf text format) and a message type.
Its expected answer is never written here: the driver asks the oracle (json_format) for every
profile. Where json_format itself departs from the ProtoJSON spec (protobuf.dev/programming-
guides/json, and the official conformance suite's expectations), the case says so and the
spec's answer is accepted too, still derived from the oracle:

- `spec_rejects`: json_format accepts input the spec forbids; a parse_error is also correct;
- `spec_serialize_error`: json_format prints something it should refuse to print;
  serialize_error is also correct;
- `spec_equivalent=TEXT`: json_format rejects valid input; the oracle's answer for the
  equivalent TEXT (which it does accept) is also correct;
- `depth=N`: json_format's nesting limit (100) is an implementation limit; the oracle's answer
  with max_recursion_depth=N is also correct;
- `informational`: outside protobind's contract (DESIGN §5 says nothing of it); disagreements
  are reported but do not fail the suite.

Every JSON case runs twice, JSON->JSON and JSON->binary (the binary output shows exactly what
was parsed, e.g. the sign of -0.0, independent of printing).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from .driver import Check
from .oracle import PROTO2, PROTO3, Expected, Profile, Request, expect, pb2


@dataclass(frozen=True)
class Case:
    name: str  # Rule.Detail
    input: str | bytes
    message_type: str = PROTO3
    ignore_unknown: bool = False
    spec_rejects: bool = False
    spec_serialize_error: bool = False
    spec_equivalent: str | None = None
    depth: int | None = None
    informational: bool = False
    outputs: tuple[str, ...] = ("json", "binary")
    note: str = ""

    @property
    def rule(self) -> str:
        return self.name.split(".", 1)[0]

    def checks(self, profile: Profile) -> Iterator[Check]:
        for output in self.outputs:
            req = Request(self.message_type, self.input, output, self.ignore_unknown)
            alternatives: list[tuple[str, object]] = []
            if self.spec_rejects:
                alternatives.append(("spec: reject", lambda: Expected("parse_error")))
            if self.spec_serialize_error:
                alternatives.append(("spec: serialize_error", lambda: Expected("serialize_error")))
            if self.spec_equivalent is not None:
                eq = Request(self.message_type, self.spec_equivalent, output, self.ignore_unknown)
                alternatives.append(
                    (
                        f"spec: same as {self.spec_equivalent}",
                        functools.partial(expect, eq, profile),
                    )
                )
            if self.depth is not None:
                alternatives.append(
                    (
                        f"nesting limit {self.depth}",
                        functools.partial(expect, req, profile, max_recursion_depth=self.depth),
                    )
                )
            notes = [self.note] if self.note else []
            if self.informational:
                notes.append("informational: outside protobind's contract")
            yield Check(
                f"{self.name} [{req.kind}]",
                req,
                profile,
                alternatives=tuple(alternatives),  # type: ignore[arg-type]
                note="; ".join(notes),
            )


def binary(text: str, message_type: str = PROTO3) -> bytes:
    """Binary payload from protobuf text format."""
    from google.protobuf import text_format

    message = pb2().message_class(message_type)()
    text_format.Parse(text, message)
    return message.SerializeToString()


def _nest(n: int, inner: str = "{}", key: str = "recursiveMessage") -> str:
    return f'{{"{key}": ' * n + inner + "}" * n


def _lists(n: int) -> str:
    return '{"optionalValue": ' + "[" * n + "]" * n + "}"


ODD_NAMES = (
    "fieldname1",
    "field_name2",
    "_field_name3",
    "field__name4_",
    "field0name5",
    "field_0_name6",
    "fieldName7",
    "FieldName8",
    "field_Name9",
    "Field_Name10",
    "FIELD_NAME11",
    "FIELD_name12",
    "__field_name13",
    "__Field_name14",
    "field__name15",
    "field__Name16",
    "field_name17__",
    "Field_name18__",
)

T3 = "type.googleapis.com/protobuf_test_messages.proto3.TestAllTypesProto3"
T2 = "type.googleapis.com/protobuf_test_messages.proto2.TestAllTypesProto2"
WKT = "type.googleapis.com/google.protobuf."


@functools.lru_cache(maxsize=1)
def all_cases() -> tuple[Case, ...]:
    c = Case
    p3 = pb2().proto3.TestAllTypesProto3.DESCRIPTOR
    json_odd = ", ".join(
        f'"{p3.fields_by_name[n].json_name}": {i + 1}' for i, n in enumerate(ODD_NAMES)
    )
    proto_odd = ", ".join(f'"{n}": {i + 1}' for i, n in enumerate(ODD_NAMES))
    cases = [
        # --- field names ------------------------------------------------------------------
        c("FieldNames.JsonNameIn", '{"optionalNestedMessage": {"a": 1}, "repeatedInt32": [1]}'),
        c("FieldNames.ProtoNameIn", '{"optional_nested_message": {"a": 1}, "repeated_int32": [1]}'),
        c("FieldNames.MixedNamesIn", '{"optional_int32": 1, "optionalInt64": "2"}'),
        c("FieldNames.OddJsonNames", "{" + json_odd + "}"),
        c("FieldNames.OddProtoNames", "{" + proto_odd + "}"),
        c("FieldNames.OddNamesProto2", "{" + json_odd + "}", PROTO2),
        c("FieldNames.EscapedKey", '{"optional\\u0049nt32": 1}'),
        c(
            "FieldNames.BothFormsScalar",
            '{"optionalInt32": 1, "optional_int32": 2}',
            spec_rejects=True,
            note="conformance FieldNameDuplicateDifferentCasing: one field "
            "named twice is an error; json_format keeps the last",
        ),
        c(
            "FieldNames.BothFormsMessage",
            '{"optionalNestedMessage": {"a": 1}, "optional_nested_message": {}}',
            spec_rejects=True,
            note="as BothFormsScalar; json_format merges the two",
        ),
        c(
            "FieldNames.BothFormsRepeated",
            '{"repeatedInt32": [1, 2], "repeated_int32": [3]}',
            spec_rejects=True,
            note="as BothFormsScalar",
        ),
        c(
            "FieldNames.BothFormsOddName",
            '{"FIELDNAME11": 1, "FIELD_NAME11": 2}',
            spec_rejects=True,
            note="as BothFormsScalar",
        ),
        c("FieldNames.WrongCase", '{"OptionalInt32": 1}'),
        c("FieldNames.CamelOfOddName", '{"fieldName8": 1}'),
        c("FieldNames.Group", '{"data": {"groupInt32": 1, "group_uint32": 2}}', PROTO2),
        c("FieldNames.GroupMultiWord", '{"multiwordgroupfield": {"groupInt32": 3}}', PROTO2),
        c("FieldNames.GroupTypeName", '{"Data": {"groupInt32": 1}}', PROTO2),
        c(
            "FieldNames.Proto2Defaults",
            '{"defaultInt32": 0, "default_string": "", "defaultBool": false, "defaultBytes": ""}',
            PROTO2,
        ),
        c("FieldNames.MessageSet", '{"messageSetCorrect": {}}', PROTO2),
        # --- 32-bit integers --------------------------------------------------------------
        c("Int32.Max", '{"optionalInt32": 2147483647}'),
        c("Int32.Min", '{"optionalInt32": -2147483648}'),
        c("Int32.Overflow", '{"optionalInt32": 2147483648}'),
        c("Int32.Underflow", '{"optionalInt32": -2147483649}'),
        c("Int32.String", '{"optionalInt32": "2147483647"}'),
        c("Int32.StringNegative", '{"optionalInt32": "-2147483648"}'),
        c("Int32.StringEscaped", '{"optionalInt32": "\\u0032\\u0031"}'),
        c("Int32.StringOverflow", '{"optionalInt32": "2147483648"}'),
        c("Int32.Exponent", '{"optionalInt32": 1e5}'),
        c("Int32.ExponentUpper", '{"optionalInt32": 12E+3}'),
        c("Int32.ExponentNegative", '{"optionalInt32": 1500e-2}'),
        c("Int32.ExponentFraction", '{"optionalInt32": 1e-2}'),
        c("Int32.StringExponent", '{"optionalInt32": "1e5"}'),
        c("Int32.FloatTrailingZero", '{"optionalInt32": 100000.000}'),
        c("Int32.Fraction", '{"optionalInt32": 0.5}'),
        c("Int32.StringFraction", '{"optionalInt32": "1.5"}'),
        c("Int32.NegativeZero", '{"optionalInt32": -0}'),
        c("Int32.Bool", '{"optionalInt32": true}'),
        c("Int32.Null", '{"optionalInt32": null}'),
        c("Int32.Array", '{"optionalInt32": [1]}'),
        c("Int32.Object", '{"optionalInt32": {}}'),
        c("Int32.StringWithSpace", '{"optionalInt32": " 1"}'),
        c("Int32.StringTrailingSpace", '{"optionalInt32": "1 "}'),
        c("Int32.StringEmpty", '{"optionalInt32": ""}'),
        c("Int32.StringHex", '{"optionalInt32": "0x10"}'),
        c(
            "Int32.StringLeadingZero",
            '{"optionalInt32": "01"}',
            spec_rejects=True,
            note="not a JSON number; json_format uses int()",
        ),
        c(
            "Int32.StringPlus",
            '{"optionalInt32": "+1"}',
            spec_rejects=True,
            note="not a JSON number; json_format uses int()",
        ),
        c("Int32.StringInfinity", '{"optionalInt32": "Infinity"}'),
        c("Int32.HugeExponent", '{"optionalInt32": 1e999999}'),
        c("Int32.Sint32", '{"optionalSint32": -2147483648, "optionalSfixed32": 2147483647}'),
        c("Uint32.Max", '{"optionalUint32": 4294967295, "optionalFixed32": 4294967295}'),
        c("Uint32.Overflow", '{"optionalUint32": 4294967296}'),
        c("Uint32.FixedOverflow", '{"optionalFixed32": 4294967296}'),
        c("Uint32.Negative", '{"optionalUint32": -1}'),
        c("Uint32.NegativeFixed", '{"optionalFixed32": -1}'),
        c("Uint32.NegativeZero", '{"optionalUint32": -0}'),
        # --- 64-bit integers --------------------------------------------------------------
        c("Int64.MaxString", '{"optionalInt64": "9223372036854775807"}'),
        c("Int64.MinString", '{"optionalInt64": "-9223372036854775808"}'),
        c(
            "Int64.MaxNumber",
            '{"optionalInt64": 9223372036854775807}',
            note="exact: a parser that reads numbers as doubles gets 9223372036854775808",
        ),
        c("Int64.MinNumber", '{"optionalInt64": -9223372036854775808}'),
        c("Int64.Above2To53", '{"optionalInt64": 9007199254740993}', note="2^53+1 is not a double"),
        c("Int64.Above2To53String", '{"optionalInt64": "9007199254740993"}'),
        c("Int64.OverflowString", '{"optionalInt64": "9223372036854775808"}'),
        c("Int64.OverflowNumber", '{"optionalInt64": 9223372036854775808}'),
        c("Int64.UnderflowString", '{"optionalInt64": "-9223372036854775809"}'),
        c("Int64.Exponent", '{"optionalInt64": 1e18}'),
        c("Int64.ExponentString", '{"optionalInt64": "1e2"}'),
        c(
            "Int64.ExponentExact",
            '{"optionalInt64": 9.223372036854775807e18}',
            spec_equivalent='{"optionalInt64": "9223372036854775807"}',
            note="the decimal is exactly 2^63-1; json_format goes through a double (2^63) and "
            "rejects it",
        ),
        c("Int64.ExponentOverflow", '{"optionalInt64": 9.223372036854775808e18}'),
        c("Int64.FloatTrailingZero", '{"optionalInt64": 5.0}'),
        c("Int64.StringTrailingZero", '{"optionalInt64": "5.0"}'),
        c("Int64.Fraction", '{"optionalInt64": "1.5"}'),
        c("Int64.FractionNumber", '{"optionalInt64": 1.5}'),
        c(
            "Int64.StringTrailingDot",
            '{"optionalInt64": "1."}',
            spec_rejects=True,
            note="not a JSON number",
        ),
        c("Int64.StringWithSpace", '{"optionalInt64": " 1"}'),
        c("Int64.Bool", '{"optionalInt64": false}'),
        c(
            "Int64.AllKinds",
            '{"optionalSint64": "-9223372036854775808", "optionalSfixed64": '
            '"9223372036854775807", "optionalFixed64": "18446744073709551615", '
            '"optionalUint64": 18446744073709551615}',
        ),
        c("Int64.Repeated", '{"repeatedInt64": ["1", 2, "-3", 4e0], "packedUint64": [0, "1"]}'),
        c("Uint64.MaxString", '{"optionalUint64": "18446744073709551615"}'),
        c("Uint64.MaxNumber", '{"optionalUint64": 18446744073709551615}'),
        c("Uint64.Overflow", '{"optionalUint64": "18446744073709551616"}'),
        c("Uint64.OverflowNumber", '{"optionalUint64": 1.8446744073709552e19}'),
        c("Uint64.Negative", '{"optionalUint64": "-1"}'),
        c("Uint64.NegativeFixed", '{"optionalFixed64": -1}'),
        c("Uint64.NegativeZeroString", '{"optionalUint64": "-0"}'),
        # --- floating point ---------------------------------------------------------------
        c("Float.Max", '{"optionalFloat": 3.402823e38}'),
        c(
            "Float.MaxShortest",
            '{"optionalFloat": 3.4028235e38}',
            spec_equivalent='{"optionalFloat": "3.4028235e38"}',
            note="3.4028235e38 is FLT_MAX's shortest form (json_format prints it, then rejects "
            "it: it compares the double 3.4028235e38 with FLT_MAX)",
        ),
        c("Float.MinNegative", '{"optionalFloat": -3.402823e38}'),
        c("Float.TooLarge", '{"optionalFloat": 3.4028236e38}'),
        c("Float.TooLargeNegative", '{"optionalFloat": -3.4028236e38}'),
        c(
            "Float.TooLargeString",
            '{"optionalFloat": "1e39"}',
            spec_rejects=True,
            note="out of float range; json_format turns the string into Infinity",
        ),
        c("Float.Denormal", '{"optionalFloat": 1.401298464324817e-45}'),
        c("Float.Underflow", '{"optionalFloat": 1e-50}'),
        c(
            "Float.Precision",
            '{"optionalFloat": 0.1, "repeatedFloat": [3.14159, 16777217, 1.17549435e-38]}',
        ),
        c("Float.NaN", '{"optionalFloat": "NaN"}'),
        c("Float.Infinity", '{"optionalFloat": "Infinity", "repeatedFloat": ["-Infinity"]}'),
        c("Float.NegativeZero", '{"optionalFloat": -0.0}'),
        c("Float.Wrapper", '{"optionalFloatWrapper": 0.1}'),
        c("Double.Max", '{"optionalDouble": 1.7976931348623157e308}'),
        c("Double.MinNegative", '{"optionalDouble": -1.7976931348623157e308}'),
        c("Double.TooLarge", '{"optionalDouble": 1.8e308}'),
        c("Double.Denormal", '{"optionalDouble": 5e-324}'),
        c("Double.Exponents", '{"repeatedDouble": [1E5, 1e+5, 1e-5, 1.5e300, -2.5E-300]}'),
        c("Double.String", '{"optionalDouble": "1.5"}'),
        c("Double.StringExponent", '{"optionalDouble": "-1e5"}'),
        c("Double.StringNegativeZero", '{"optionalDouble": "-0"}'),
        c("Double.NegativeZero", '{"optionalDouble": -0.0}'),
        c(
            "Double.NegativeZeroInteger",
            '{"optionalDouble": -0, "optionalFloat": -0}',
            spec_equivalent='{"optionalDouble": -0.0, "optionalFloat": -0.0}',
            note="the JSON number -0 is negative zero; Python's json reads it as the integer 0",
        ),
        c("Double.NaN", '{"optionalDouble": "NaN"}'),
        c("Double.Infinity", '{"optionalDouble": "Infinity"}'),
        c("Double.NegativeInfinity", '{"optionalDouble": "-Infinity"}'),
        c("Double.NaNLowercase", '{"optionalDouble": "nan"}'),
        c(
            "Double.InfShort",
            '{"optionalDouble": "inf"}',
            spec_rejects=True,
            note="only NaN, Infinity, -Infinity; json_format uses float()",
        ),
        c(
            "Double.InfinityLowercase",
            '{"optionalDouble": "infinity"}',
            spec_rejects=True,
            note="as InfShort",
        ),
        c("Double.NaNLiteral", '{"optionalDouble": NaN}'),
        c("Double.InfinityLiteral", '{"optionalDouble": -Infinity}'),
        c(
            "Double.StringWithSpace",
            '{"optionalDouble": " 1.5"}',
            spec_rejects=True,
            note="json_format uses float(), which strips spaces",
        ),
        c(
            "Double.StringUnderscore",
            '{"optionalDouble": "1_0"}',
            spec_rejects=True,
            note="json_format uses float(), which accepts 1_0",
        ),
        c("Double.StringHex", '{"optionalDouble": "0x1p3"}'),
        c("Double.StringEmpty", '{"optionalDouble": ""}'),
        c(
            "Double.Bool",
            '{"optionalDouble": true}',
            spec_rejects=True,
            note="json_format takes true as 1.0",
        ),
        c(
            "Double.Precision",
            '{"optionalDouble": 0.1, "repeatedDouble": [9007199254740993, '
            "1e21, 1e-7, 123456789012345678901234567890]}",
        ),
        c("Float.WrapperTooLarge", '{"optionalFloatWrapper": 1e39}'),
        c("Wrappers.Int32Overflow", '{"optionalInt32Wrapper": 2147483648}'),
        c("Wrappers.Uint32Negative", '{"optionalUint32Wrapper": -1}'),
        c("Duration.NegativeNano", '{"optionalDuration": "-0.000000001s"}'),
        c("Duration.NineZeros", '{"optionalDuration": "1.000000000s"}'),
        c("Timestamp.NineZeros", '{"optionalTimestamp": "1970-01-01T00:00:00.000000000Z"}'),
        c("Timestamp.RepeatedWrongType", '{"repeatedTimestamp": ["1970-01-01T00:00:00Z", 0]}'),
        c("Map.BoolValueNull", '{"mapBoolBool": {"true": null}}'),
        c("Map.StringValueNumber", '{"mapStringString": {"a": 1}}'),
        c("Any.TypeEmpty", '{"optionalAny": {"@type": ""}}'),
        c("Any.TypePrefixOnly", '{"optionalAny": {"@type": "type.googleapis.com/"}}'),
        c("Any.TypeNull", '{"optionalAny": {"@type": null}}'),
        c("Int32.NestedString", '{"optionalNestedMessage": {"a": "1"}}'),
        # --- bool ---------------------------------------------------------------------------
        c("Bool.Values", '{"optionalBool": true, "repeatedBool": [true, false]}'),
        c("Bool.False", '{"optionalBool": false}'),
        c("Bool.String", '{"optionalBool": "true"}'),
        c("Bool.Number", '{"optionalBool": 1}'),
        c("Bool.Null", '{"optionalBool": null}'),
        # --- strings --------------------------------------------------------------------------
        c("String.Escapes", '{"optionalString": "\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f"}'),
        c("String.Unicode", '{"optionalString": "é€😀\\u00e9\\ud83d\\ude00\\u2028\\uffff"}'),
        c("String.SurrogatePair", '{"optionalString": "\\ud800\\udc00"}'),
        c("String.LoneSurrogate", '{"optionalString": "\\ud800"}'),
        c("String.LoneLowSurrogate", '{"optionalString": "a\\udc00b"}'),
        c("String.ReversedSurrogates", '{"optionalString": "\\udc00\\ud800"}'),
        c("String.InvalidEscape", '{"optionalString": "\\x41"}'),
        c("String.RawControl", '{"optionalString": "a\nb"}'),
        c("String.Number", '{"optionalString": 1}'),
        c("String.Repeated", '{"repeatedString": ["", "a", "\\u0000"]}'),
        c("String.Empty", '{"optionalString": ""}'),
        c("String.Proto2Empty", '{"optionalString": ""}', PROTO2),
        # --- bytes ---------------------------------------------------------------------------
        c("Bytes.Standard", '{"optionalBytes": "AQID", "repeatedBytes": ["AQ==", "AQI=", ""]}'),
        c("Bytes.UrlSafe", '{"optionalBytes": "-_8="}'),
        c("Bytes.Unpadded", '{"optionalBytes": "AQI"}'),
        c("Bytes.UrlSafeUnpadded", '{"optionalBytes": "-_-_"}'),
        c("Bytes.EscapedSlash", '{"optionalBytes": "\\/+8="}'),
        c("Bytes.Empty", '{"optionalBytes": ""}'),
        c("Bytes.InvalidChar", '{"optionalBytes": "A?=="}'),
        c("Bytes.OneChar", '{"optionalBytes": "a"}'),
        c(
            "Bytes.ExtraPadding",
            '{"optionalBytes": "ab==="}',
            spec_rejects=True,
            note="json_format's base64 decoder is lenient",
        ),
        c(
            "Bytes.PaddingInside",
            '{"optionalBytes": "a=b="}',
            spec_rejects=True,
            note="json_format's base64 decoder is lenient",
        ),
        c(
            "Bytes.Space",
            '{"optionalBytes": "Y Q=="}',
            spec_rejects=True,
            note="json_format's base64 decoder is lenient",
        ),
        c("Bytes.Number", '{"optionalBytes": 1}'),
        c("Bytes.Wrapper", '{"optionalBytesWrapper": "-_8"}'),
        # --- enums ---------------------------------------------------------------------------
        c("Enum.Name", '{"optionalNestedEnum": "BAR", "optionalForeignEnum": "FOREIGN_BAZ"}'),
        c("Enum.Number", '{"optionalNestedEnum": 1, "optionalForeignEnum": 2}'),
        c("Enum.NegativeName", '{"optionalNestedEnum": "NEG"}'),
        c("Enum.NegativeNumber", '{"optionalNestedEnum": -1}'),
        c("Enum.DefaultName", '{"optionalNestedEnum": "FOO"}'),
        c("Enum.UnknownNumberOpen", '{"optionalNestedEnum": 42, "repeatedNestedEnum": [1, 42]}'),
        c("Enum.UnknownNumberOpenNegative", '{"optionalForeignEnum": -7}'),
        c("Enum.UnknownNumberClosed", '{"optionalNestedEnum": 42}', PROTO2),
        c("Enum.UnknownName", '{"optionalNestedEnum": "XX"}'),
        c(
            "Enum.UnknownNameIgnored",
            '{"optionalNestedEnum": "XX", "optionalInt32": 1}',
            ignore_unknown=True,
        ),
        c(
            "Enum.UnknownNameIgnoredProto2",
            '{"optionalNestedEnum": "XX"}',
            PROTO2,
            ignore_unknown=True,
        ),
        c(
            "Enum.UnknownNameIgnoredRepeated",
            '{"repeatedNestedEnum": ["FOO", "XX", "BAR"]}',
            ignore_unknown=True,
        ),
        c(
            "Enum.UnknownNameIgnoredMap",
            '{"mapStringNestedEnum": {"a": "XX", "b": "BAR"}}',
            ignore_unknown=True,
        ),
        c(
            "Enum.UnknownNumberClosedIgnored",
            '{"optionalNestedEnum": 42}',
            PROTO2,
            ignore_unknown=True,
        ),
        c("Enum.Alias", '{"optionalAliasedEnum": "MOO"}'),
        c("Enum.AliasLowercase", '{"optionalAliasedEnum": "moo"}'),
        c("Enum.AliasMixedCase", '{"optionalAliasedEnum": "bAz"}'),
        c("Enum.AliasNumber", '{"optionalAliasedEnum": 2}'),
        c("Enum.WrongCase", '{"optionalNestedEnum": "bar"}'),
        c(
            "Enum.NumberInString",
            '{"optionalNestedEnum": "1"}',
            spec_rejects=True,
            note="a string must be a value name",
        ),
        c(
            "Enum.Bool",
            '{"optionalNestedEnum": true}',
            spec_rejects=True,
            note="json_format takes true as 1",
        ),
        c(
            "Enum.Float",
            '{"optionalNestedEnum": 1.5}',
            spec_rejects=True,
            note="json_format truncates 1.5 to 1",
        ),
        c("Enum.Overflow", '{"optionalNestedEnum": 2147483648}'),
        c("Enum.Null", '{"optionalNestedEnum": null}'),
        c("Enum.NullInRepeated", '{"repeatedNestedEnum": [null]}'),
        c("Enum.BinaryUnknownOpen", binary("optional_nested_enum: 42 repeated_foreign_enum: 9")),
        c(
            "Enum.BinaryUnknownClosed",
            bytes([0xA8, 0x01, 0x2A]),
            PROTO2,
            note="proto2: 42 goes to unknown fields, so JSON has no optionalNestedEnum",
        ),
        # --- Timestamp -----------------------------------------------------------------------
        c("Timestamp.Epoch", '{"optionalTimestamp": "1970-01-01T00:00:00Z"}'),
        c("Timestamp.Fraction1", '{"optionalTimestamp": "1970-01-01T00:00:00.1Z"}'),
        c("Timestamp.Fraction3", '{"optionalTimestamp": "2000-02-29T12:34:56.789Z"}'),
        c("Timestamp.Fraction4", '{"optionalTimestamp": "2000-02-29T12:34:56.7891Z"}'),
        c("Timestamp.Fraction6", '{"optionalTimestamp": "2000-02-29T12:34:56.789123Z"}'),
        c("Timestamp.Fraction9", '{"optionalTimestamp": "2000-02-29T12:34:56.000000001Z"}'),
        c("Timestamp.Fraction10", '{"optionalTimestamp": "1970-01-01T00:00:00.1234567891Z"}'),
        c(
            "Timestamp.FractionEmpty",
            '{"optionalTimestamp": "1970-01-01T00:00:00.Z"}',
            spec_rejects=True,
            note="a '.' needs digits",
        ),
        c("Timestamp.OffsetPositive", '{"optionalTimestamp": "1970-01-01T08:00:00+08:00"}'),
        c("Timestamp.OffsetNegative", '{"optionalTimestamp": "1969-12-31T16:30:00.5-07:30"}'),
        c("Timestamp.OffsetZero", '{"optionalTimestamp": "1970-01-01T00:00:00.000000001+00:00"}'),
        c(
            "Timestamp.Offset24",
            '{"optionalTimestamp": "1970-01-01T00:00:00+24:00"}',
            spec_rejects=True,
            note="RFC 3339 offsets go to 23:59",
        ),
        c("Timestamp.OffsetNoColon", '{"optionalTimestamp": "1970-01-01T00:00:00+0100"}'),
        c("Timestamp.LowercaseT", '{"optionalTimestamp": "1970-01-01t00:00:00Z"}'),
        c("Timestamp.LowercaseZ", '{"optionalTimestamp": "1970-01-01T00:00:00z"}'),
        c("Timestamp.NoZone", '{"optionalTimestamp": "1970-01-01T00:00:00"}'),
        c("Timestamp.SpaceSeparator", '{"optionalTimestamp": "1970-01-01 00:00:00Z"}'),
        c(
            "Timestamp.ShortMonth",
            '{"optionalTimestamp": "1970-1-01T00:00:00Z"}',
            spec_rejects=True,
            note="RFC 3339 months have two digits",
        ),
        c("Timestamp.Min", '{"optionalTimestamp": "0001-01-01T00:00:00Z"}'),
        c("Timestamp.Max", '{"optionalTimestamp": "9999-12-31T23:59:59.999999999Z"}'),
        c("Timestamp.YearZero", '{"optionalTimestamp": "0000-01-01T00:00:00Z"}'),
        c("Timestamp.AfterMaxByOffset", '{"optionalTimestamp": "9999-12-31T23:59:59-01:00"}'),
        c("Timestamp.BeforeMinByOffset", '{"optionalTimestamp": "0001-01-01T00:00:00+01:00"}'),
        c("Timestamp.LeapSecond", '{"optionalTimestamp": "1970-01-01T00:00:60Z"}'),
        c("Timestamp.BadDay", '{"optionalTimestamp": "1970-02-30T00:00:00Z"}'),
        c("Timestamp.LeapDay", '{"optionalTimestamp": "2024-02-29T00:00:00Z"}'),
        c("Timestamp.Number", '{"optionalTimestamp": 0}'),
        c("Timestamp.Null", '{"optionalTimestamp": null}'),
        c(
            "Timestamp.Repeated",
            '{"repeatedTimestamp": ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]}',
        ),
        c(
            "Timestamp.OutputDigits",
            binary(
                "repeated_timestamp { seconds: 0 nanos: 1000 } repeated_timestamp { nanos: 10000000 }"
                " repeated_timestamp { seconds: -1 nanos: 999999999 } repeated_timestamp { nanos: 1 }"
                " repeated_timestamp { seconds: 951782400 }"
            ),
        ),
        c("Timestamp.OutputTooLarge", binary("optional_timestamp { seconds: 253402300800 }")),
        c("Timestamp.OutputTooSmall", binary("optional_timestamp { seconds: -62135596801 }")),
        c("Timestamp.OutputNegativeNanos", binary("optional_timestamp { seconds: 1 nanos: -1 }")),
        # --- Duration ------------------------------------------------------------------------
        c("Duration.Seconds", '{"optionalDuration": "1s"}'),
        c("Duration.Fraction", '{"optionalDuration": "-1.5s"}'),
        c("Duration.Nanos", '{"optionalDuration": "0.000000001s"}'),
        c("Duration.NegativeFraction", '{"optionalDuration": "-0.5s"}'),
        c("Duration.NegativeZero", '{"optionalDuration": "-0s"}'),
        c("Duration.Max", '{"optionalDuration": "315576000000.999999999s"}'),
        c("Duration.Min", '{"optionalDuration": "-315576000000.999999999s"}'),
        c("Duration.TooLarge", '{"optionalDuration": "315576000001s"}'),
        c("Duration.TooSmall", '{"optionalDuration": "-315576000001s"}'),
        c(
            "Duration.TooManyDigits",
            '{"optionalDuration": "1.0000000001s"}',
            spec_rejects=True,
            note="nanosecond precision at most; json_format truncates",
        ),
        c("Duration.NoUnit", '{"optionalDuration": "1"}'),
        c("Duration.UpperUnit", '{"optionalDuration": "1S"}'),
        c("Duration.LeadingDot", '{"optionalDuration": ".5s"}'),
        c(
            "Duration.TrailingDot",
            '{"optionalDuration": "1.s"}',
            spec_rejects=True,
            note="a '.' needs digits",
        ),
        c(
            "Duration.Plus",
            '{"optionalDuration": "+1s"}',
            spec_rejects=True,
            note="only '-' is a sign in ProtoJSON durations",
        ),
        c(
            "Duration.LeadingSpace",
            '{"optionalDuration": " 1s"}',
            spec_rejects=True,
            note="json_format uses int(), which strips spaces",
        ),
        c("Duration.Exponent", '{"optionalDuration": "1e3s"}'),
        c("Duration.Number", '{"optionalDuration": 1}'),
        c(
            "Duration.OutputDigits",
            binary(
                "repeated_duration { seconds: 1 nanos: 10000 } repeated_duration { nanos: -1000000 }"
                " repeated_duration { seconds: -5 } repeated_duration { nanos: 123456789 }"
            ),
        ),
        c("Duration.OutputTooLarge", binary("optional_duration { seconds: 315576000001 }")),
        c("Duration.OutputSignMismatch", binary("optional_duration { seconds: 1 nanos: -1 }")),
        c("Duration.OutputNanosRange", binary("optional_duration { nanos: 1000000000 }")),
        # --- FieldMask -----------------------------------------------------------------------
        c("FieldMask.Paths", '{"optionalFieldMask": "fooBar,baz.quxQuux,a1B"}'),
        c("FieldMask.Empty", '{"optionalFieldMask": ""}'),
        c("FieldMask.Single", '{"optionalFieldMask": "foo"}'),
        c("FieldMask.SnakeInput", '{"optionalFieldMask": "foo_bar"}'),
        c("FieldMask.Number", '{"optionalFieldMask": 1}'),
        c("FieldMask.Array", '{"optionalFieldMask": ["foo"]}'),
        c("FieldMask.Repeated", '{"repeatedFieldmask": ["a,b", "cD"]}'),
        c(
            "FieldMask.OutputCamel",
            binary('optional_field_mask { paths: "foo_bar" paths: "a.b_c_d" paths: "x1_y" }'),
        ),
        c("FieldMask.OutputUppercase", binary('optional_field_mask { paths: "fooBar" }')),
        c("FieldMask.OutputDigitAfterUnderscore", binary('optional_field_mask { paths: "foo_1" }')),
        c("FieldMask.OutputDoubleUnderscore", binary('optional_field_mask { paths: "a__b" }')),
        # --- Struct / Value / ListValue / NullValue -----------------------------------------
        c(
            "Struct.Nested",
            '{"optionalStruct": {"a": {"b": [1, "x", true, null, {}, []]}, "": 1.5}}',
        ),
        c("Struct.Empty", '{"optionalStruct": {}}'),
        c("Struct.Null", '{"optionalStruct": null}'),
        c("Struct.NullMember", '{"optionalStruct": {"a": null}}'),
        c("Struct.Array", '{"optionalStruct": [1]}'),
        c("Struct.Number", '{"optionalStruct": 1}'),
        c("Struct.DuplicateKey", '{"optionalStruct": {"a": 1, "a": 2}}'),
        c("Struct.EscapedKeys", '{"optionalStruct": {"\\u00e9\\n": "\\ud83d\\ude00"}}'),
        c("Struct.Repeated", '{"repeatedStruct": [{}, {"a": []}]}'),
        c("Value.Null", '{"optionalValue": null}'),
        c("Value.Number", '{"optionalValue": 1.5}'),
        c("Value.Integer", '{"optionalValue": 12345678901234567890}'),
        c("Value.Exponent", '{"optionalValue": -1e300}'),
        c("Value.String", '{"optionalValue": "NaN"}', note="a string, not a number"),
        c("Value.Bool", '{"optionalValue": false}'),
        c("Value.List", '{"optionalValue": [1, [2, [3]], {"a": null}]}'),
        c("Value.Struct", '{"optionalValue": {"a": {"b": {}}}}'),
        c("Value.EmptyList", '{"optionalValue": []}'),
        c("Value.RepeatedNullElement", '{"repeatedValue": [null, 1, null]}'),
        c(
            "Value.RepeatedFieldNull",
            '{"repeatedValue": null}',
            spec_equivalent="{}",
            note="null clears a repeated field, Value elements or not; json_format fails with "
            "an AttributeError",
        ),
        c(
            "Value.NaNLiteral",
            '{"optionalValue": NaN}',
            spec_rejects=True,
            note="NaN is not JSON; Python's json module accepts it",
        ),
        c("Value.OutputNaN", binary("optional_value { number_value: nan }")),
        c("Value.OutputInfinity", binary("optional_value { number_value: inf }")),
        c("Value.OutputNoKind", binary("optional_value { } repeated_value { }")),
        c("Value.OutputInteger", binary("optional_value { number_value: 3 }")),
        c("Value.OutputStructNoKind", binary('optional_struct { fields { key: "a" value { } } }')),
        c("ListValue.Nested", '{"repeatedListValue": [[1, [2]], [], [null]]}'),
        c("ListValue.NotArray", '{"repeatedListValue": [{}]}'),
        c("NullValue.Null", '{"optionalNullValue": null}'),
        c("NullValue.Name", '{"optionalNullValue": "NULL_VALUE"}'),
        c("NullValue.Zero", '{"optionalNullValue": 0}'),
        c("NullValue.Other", '{"optionalNullValue": "FOO"}'),
        c("NullValue.Oneof", '{"oneofNullValue": null}'),
        c("NullValue.OutputOneof", binary("oneof_null_value: NULL_VALUE")),
        # --- wrappers ------------------------------------------------------------------------
        c(
            "Wrappers.All",
            '{"optionalBoolWrapper": true, "optionalInt32Wrapper": -1, '
            '"optionalInt64Wrapper": "-9223372036854775808", "optionalUint32Wrapper": 4294967295, '
            '"optionalUint64Wrapper": "18446744073709551615", "optionalFloatWrapper": 1.5, '
            '"optionalDoubleWrapper": -2.5e-300, "optionalStringWrapper": "x", '
            '"optionalBytesWrapper": "AQI="}',
        ),
        c(
            "Wrappers.Defaults",
            '{"optionalBoolWrapper": false, "optionalInt32Wrapper": 0, '
            '"optionalInt64Wrapper": 0, "optionalUint32Wrapper": 0, "optionalUint64Wrapper": "0",'
            ' "optionalFloatWrapper": 0, "optionalDoubleWrapper": -0.0, '
            '"optionalStringWrapper": "", "optionalBytesWrapper": ""}',
        ),
        c("Wrappers.Null", '{"optionalInt32Wrapper": null, "optionalStringWrapper": null}'),
        c("Wrappers.Object", '{"optionalBoolWrapper": {"value": true}}'),
        c("Wrappers.Int32String", '{"optionalInt32Wrapper": "1"}'),
        c("Wrappers.Int64Number", '{"optionalInt64Wrapper": 9223372036854775807}'),
        c(
            "Wrappers.FloatSpecial",
            '{"optionalFloatWrapper": "NaN", "optionalDoubleWrapper": "-Infinity"}',
        ),
        c(
            "Wrappers.Repeated",
            '{"repeatedInt32Wrapper": [1, 0], "repeatedUint64Wrapper": '
            '["1", 2], "repeatedStringWrapper": ["", "a"], "repeatedBoolWrapper": [false]}',
        ),
        c("Wrappers.RepeatedNull", '{"repeatedInt32Wrapper": [null]}'),
        c("Wrappers.WrongType", '{"optionalStringWrapper": 1}'),
        c(
            "Wrappers.OutputDefaults",
            binary(
                "optional_int32_wrapper { } optional_string_wrapper { } repeated_bool_wrapper { }"
            ),
        ),
        # --- Any -----------------------------------------------------------------------------
        c("Any.UserType", f'{{"optionalAny": {{"@type": "{T3}", "optionalInt32": 1}}}}'),
        c("Any.TypeNotFirst", f'{{"optionalAny": {{"optionalInt64": "5", "@type": "{T3}"}}}}'),
        c(
            "Any.Proto2",
            f'{{"optionalAny": {{"@type": "{T2}", "optionalNestedEnum": "BAZ", '
            '"data": {"groupInt32": 1}}}',
        ),
        c("Any.EmptyUserType", f'{{"optionalAny": {{"@type": "{T3}"}}}}'),
        c(
            "Any.NestedUserType",
            f'{{"optionalAny": {{"@type": "{T3}", "optionalAny": '
            f'{{"@type": "{WKT}Duration", "value": "1s"}}}}}}',
        ),
        c("Any.Duration", f'{{"optionalAny": {{"@type": "{WKT}Duration", "value": "-1.5s"}}}}'),
        c(
            "Any.Timestamp",
            f'{{"optionalAny": {{"@type": "{WKT}Timestamp", '
            '"value": "1970-01-01T00:00:00.5+01:00"}}',
        ),
        c("Any.FieldMask", f'{{"optionalAny": {{"@type": "{WKT}FieldMask", "value": "a,bC"}}}}'),
        c("Any.Struct", f'{{"optionalAny": {{"@type": "{WKT}Struct", "value": {{"a": [1]}}}}}}'),
        c("Any.Value", f'{{"optionalAny": {{"@type": "{WKT}Value", "value": null}}}}'),
        c("Any.ListValue", f'{{"optionalAny": {{"@type": "{WKT}ListValue", "value": [1, "a"]}}}}'),
        c(
            "Any.Int64Value",
            f'{{"repeatedAny": [{{"@type": "{WKT}Int64Value", "value": "5"}}, '
            f'{{"@type": "{WKT}UInt64Value", "value": 18446744073709551615}}]}}',
        ),
        c(
            "Any.Wrappers",
            f'{{"repeatedAny": [{{"@type": "{WKT}BoolValue", "value": false}}, '
            f'{{"@type": "{WKT}StringValue", "value": ""}}, {{"@type": "{WKT}BytesValue", '
            f'"value": "-_8"}}, {{"@type": "{WKT}DoubleValue", "value": "NaN"}}]}}',
        ),
        c("Any.Empty", f'{{"optionalAny": {{"@type": "{WKT}Empty"}}}}'),
        c("Any.EmptyWithValue", f'{{"optionalAny": {{"@type": "{WKT}Empty", "value": {{}}}}}}'),
        c(
            "Any.AnyInAny",
            f'{{"optionalAny": {{"@type": "{WKT}Any", "value": '
            f'{{"@type": "{WKT}Int32Value", "value": 1}}}}}}',
        ),
        c("Any.WktWithoutValue", f'{{"optionalAny": {{"@type": "{WKT}Duration"}}}}'),
        c(
            "Any.WktExtraKey",
            f'{{"optionalAny": {{"@type": "{WKT}Duration", "value": "1s", "x": 1}}}}',
            spec_rejects=True,
            note="json_format ignores keys besides value",
        ),
        c("Any.NoType", '{"optionalAny": {"optionalInt32": 1}}'),
        c("Any.NoTypeEmpty", '{"optionalAny": {}}'),
        c("Any.UnknownType", '{"optionalAny": {"@type": "type.googleapis.com/x.Unknown"}}'),
        c(
            "Any.CustomPrefix",
            '{"optionalAny": {"@type": "example.com/a/b/'
            'protobuf_test_messages.proto3.TestAllTypesProto3", "optionalInt32": 1}}',
        ),
        c(
            "Any.NoSlash",
            '{"optionalAny": {"@type": "protobuf_test_messages.proto3.TestAllTypesProto3"}}',
            spec_rejects=True,
            note="a type URL has a '/'",
        ),
        c("Any.TypeNotString", '{"optionalAny": {"@type": 1}}'),
        c("Any.DuplicateType", f'{{"optionalAny": {{"@type": "{T3}", "@type": "{T3}"}}}}'),
        c("Any.UnknownFieldInside", f'{{"optionalAny": {{"@type": "{T3}", "zz": 1}}}}'),
        c(
            "Any.UnknownFieldInsideIgnored",
            f'{{"optionalAny": {{"@type": "{T3}", "zz": 1}}}}',
            ignore_unknown=True,
        ),
        c("Any.Null", '{"optionalAny": null}'),
        c(
            "Any.OutputUnknownType",
            binary(
                'optional_any { type_url: "type.googleapis.com/x.Unknown" value: "\\010\\001" }'
            ),
        ),
        c("Any.OutputNoTypeUrl", binary('optional_any { value: "\\010\\001" }')),
        c(
            "Any.OutputBadValue",
            binary(
                'optional_any { type_url: "type.googleapis.com/google.protobuf.Duration" '
                'value: "\\377" }'
            ),
        ),
        # --- oneof ---------------------------------------------------------------------------
        c("Oneof.Uint32", '{"oneofUint32": 0}'),
        c("Oneof.Message", '{"oneofNestedMessage": {}}'),
        c("Oneof.String", '{"oneofString": ""}'),
        c("Oneof.Bytes", '{"oneofBytes": ""}'),
        c("Oneof.Bool", '{"oneofBool": false}'),
        c("Oneof.Uint64", '{"oneofUint64": "0"}'),
        c("Oneof.Float", '{"oneofFloat": 0}'),
        c("Oneof.Double", '{"oneofDouble": -0.0}'),
        c("Oneof.Enum", '{"oneofEnum": "FOO"}'),
        c("Oneof.Proto2", '{"oneofEnum": 1}', PROTO2),
        c("Oneof.TwoMembers", '{"oneofUint32": 1, "oneofString": "a"}'),
        c("Oneof.TwoMembersProto2", '{"oneofBool": true, "oneofDouble": 1}', PROTO2),
        c("Oneof.SameMemberBothNames", '{"oneofUint32": 1, "oneof_uint32": 2}'),
        c("Oneof.NullFirst", '{"oneofUint32": null, "oneofString": "a"}'),
        c("Oneof.NullSecond", '{"oneofString": "a", "oneofUint32": null}'),
        c("Oneof.NullMessage", '{"oneofNestedMessage": null, "oneofBool": true}'),
        c(
            "Oneof.NullValueAndString",
            '{"oneofNullValue": null, "oneofString": "a"}',
            spec_rejects=True,
            note="null sets oneofNullValue, so two members are set",
        ),
        c(
            "Oneof.StringAndNullValue",
            '{"oneofString": "a", "oneofNullValue": null}',
            spec_rejects=True,
            note="as NullValueAndString",
        ),
        # --- maps ----------------------------------------------------------------------------
        c("Map.Int32Keys", '{"mapInt32Int32": {"1": 2, "-3": 4, "0": 0, "2147483647": -1}}'),
        c(
            "Map.Int64Keys",
            '{"mapInt64Int64": {"-9223372036854775808": "1", '
            '"9223372036854775807": 2}, "mapSint64Sint64": {"-1": "-1"}, '
            '"mapSfixed64Sfixed64": {"5": 5}}',
        ),
        c(
            "Map.Uint64Keys",
            '{"mapUint64Uint64": {"18446744073709551615": "0"}, '
            '"mapFixed64Fixed64": {"0": "18446744073709551615"}}',
        ),
        c(
            "Map.Unsigned32",
            '{"mapUint32Uint32": {"4294967295": 1}, "mapFixed32Fixed32": '
            '{"1": 4294967295}, "mapSint32Sint32": {"-2": -2}, "mapSfixed32Sfixed32": {"3": 3}}',
        ),
        c("Map.BoolKeys", '{"mapBoolBool": {"true": true, "false": false}}'),
        c("Map.BoolKeyNumber", '{"mapBoolBool": {"1": true}}'),
        c("Map.BoolKeyCapital", '{"mapBoolBool": {"True": true}}'),
        c("Map.StringKeys", '{"mapStringString": {"": "", "é😀": "\\u0000", "\\u0031": "1"}}'),
        c("Map.IntKeyNotInt", '{"mapInt32Int32": {"a": 1}}'),
        c("Map.IntKeySpace", '{"mapInt32Int32": {" 1": 1}}'),
        c(
            "Map.IntKeyLeadingZero",
            '{"mapInt32Int32": {"01": 1}}',
            spec_rejects=True,
            note="a map key is the canonical decimal",
        ),
        c(
            "Map.IntKeyFloat",
            '{"mapInt32Int32": {"1.0": 1}}',
            spec_rejects=True,
            note="as IntKeyLeadingZero",
        ),
        c(
            "Map.IntKeyExponent",
            '{"mapInt32Int32": {"1e2": 1}}',
            spec_rejects=True,
            note="as IntKeyLeadingZero",
        ),
        c("Map.Int32KeyOverflow", '{"mapInt32Int32": {"2147483648": 1}}'),
        c("Map.Uint32KeyNegative", '{"mapUint32Uint32": {"-1": 1}}'),
        c("Map.Int64KeyOverflow", '{"mapInt64Int64": {"9223372036854775808": 1}}'),
        c("Map.ValueNullInt", '{"mapInt32Int32": {"1": null}}'),
        c("Map.ValueNullMessage", '{"mapStringNestedMessage": {"a": null}}'),
        c("Map.ValueNullEnum", '{"mapStringNestedEnum": {"a": null}}'),
        c("Map.DuplicateKey", '{"mapInt32Int32": {"1": 1, "1": 2}}'),
        c("Map.Null", '{"mapInt32Int32": null}'),
        c("Map.Array", '{"mapInt32Int32": [[1, 2]]}'),
        c(
            "Map.MessageValues",
            '{"mapStringNestedMessage": {"a": {"a": 1}, "b": {}}, '
            '"mapStringForeignMessage": {"c": {"c": -1}}}',
        ),
        c(
            "Map.EnumValues",
            '{"mapStringNestedEnum": {"a": "BAR", "b": 42, "c": -1}, '
            '"mapStringForeignEnum": {"d": "FOREIGN_BAZ"}}',
        ),
        c("Map.EnumValueUnknownNameProto2", '{"mapStringNestedEnum": {"a": "XX"}}', PROTO2),
        c(
            "Map.FloatValues",
            '{"mapInt32Float": {"1": "NaN", "2": 0.1}, "mapInt32Double": '
            '{"3": "-Infinity", "4": -0.0}}',
        ),
        c("Map.BytesValues", '{"mapStringBytes": {"a": "-_8", "b": ""}}'),
        c(
            "Map.Proto2IntMessage",
            '{"mapInt32NestedMessage": {"1": {"a": 1}}, "mapInt32Bool": {"2": false}}',
            PROTO2,
        ),
        c(
            "Map.OutputDefaults",
            binary(
                'map_int32_int32 { } map_string_string { key: "a" } '
                'map_string_nested_message { key: "m" }'
            ),
        ),
        # --- null ----------------------------------------------------------------------------
        c(
            "Null.EveryKind",
            '{"optionalInt32": null, "optionalString": null, '
            '"optionalBytes": null, "optionalNestedEnum": null, "optionalNestedMessage": null, '
            '"optionalInt32Wrapper": null, "optionalTimestamp": null, "optionalDuration": null, '
            '"optionalFieldMask": null, "optionalStruct": null, "optionalAny": null, '
            '"repeatedInt32": null, "repeatedNestedMessage": null, "mapStringString": null, '
            '"repeatedValue": [null]}',
        ),
        c("Null.Proto2", '{"optionalInt32": null, "data": null, "defaultString": null}', PROTO2),
        c("Null.InRepeatedInt", '{"repeatedInt32": [1, null]}'),
        c("Null.InRepeatedString", '{"repeatedString": [null]}'),
        c("Null.InRepeatedMessage", '{"repeatedNestedMessage": [null]}'),
        c("Null.InRepeatedTimestamp", '{"repeatedTimestamp": [null]}'),
        c("Null.TopLevel", "null"),
        # --- duplicate keys ------------------------------------------------------------------
        c("Duplicate.Scalar", '{"optionalInt32": 1, "optionalInt32": 2}'),
        c("Duplicate.Nested", '{"optionalNestedMessage": {"a": 1, "a": 1}}'),
        c("Duplicate.Message", '{"optionalNestedMessage": {}, "optionalNestedMessage": {}}'),
        # --- unknown fields ------------------------------------------------------------------
        c("Unknown.Rejected", '{"unknownField": 1}'),
        c("Unknown.Ignored", '{"unknownField": 1, "optionalInt32": 2}', ignore_unknown=True),
        c(
            "Unknown.IgnoredComplex",
            '{"u": {"a": [1, {"b": null}], "c": "d"}, "v": [[], {}], '
            '"w": null, "optionalString": "x"}',
            ignore_unknown=True,
        ),
        c(
            "Unknown.IgnoredNested",
            '{"optionalNestedMessage": {"zz": 1, "a": 3}}',
            ignore_unknown=True,
        ),
        c("Unknown.IgnoredProto2", '{"zz": true, "optionalInt32": 1}', PROTO2, ignore_unknown=True),
        c("Unknown.RejectedNested", '{"optionalNestedMessage": {"zz": 1}}'),
        c("Unknown.ReservedName", '{"reservedField": 1}'),
        c(
            "Unknown.IgnoredExtensionLike",
            '{"[foo.bar]": 1, "optionalInt32": 1}',
            ignore_unknown=True,
            spec_equivalent='{"optionalInt32": 1}',
            note="json_format rejects '[...]' keys for messages without extensions even when "
            "ignoring unknown fields",
        ),
        c(
            "Unknown.IgnoredStillValidatesJson",
            '{"u": [1,], "optionalInt32": 1}',
            ignore_unknown=True,
        ),
        # --- invalid JSON --------------------------------------------------------------------
        c("Json.TrailingGarbage", '{"optionalInt32": 1} x'),
        c("Json.TwoObjects", "{} {}"),
        c("Json.TrailingComma", '{"optionalInt32": 1,}'),
        c("Json.TrailingCommaArray", '{"repeatedInt32": [1,]}'),
        c("Json.SingleQuotes", "{'optionalInt32': 1}"),
        c("Json.UnquotedKey", "{optionalInt32: 1}"),
        c("Json.LeadingZero", '{"optionalInt32": 01}'),
        c("Json.Comment", '{"optionalInt32": 1 /* c */}'),
        c("Json.Empty", ""),
        c("Json.Truncated", '{"optionalInt32": 1'),
        c(
            "Json.TopLevelArray",
            "[]",
            spec_rejects=True,
            note="a message is a JSON object; json_format takes [] for {}",
        ),
        c("Json.TopLevelNumber", "1"),
        c("Json.TopLevelString", '"optionalInt32"'),
        c("Json.Whitespace", ' \n\t\r{ "optionalInt32" :\n1 }\n '),
        c("Json.Bom", '\ufeff{"optionalInt32": 1}'),
        c(
            "Json.MessageAsArray",
            '{"optionalNestedMessage": []}',
            spec_rejects=True,
            note="a message is a JSON object; json_format takes [] for {}",
        ),
        c("Json.MessageAsNumber", '{"optionalNestedMessage": 1}'),
        c("Json.RepeatedNotArray", '{"repeatedInt32": 1}'),
        c("Json.RepeatedNested", '{"repeatedInt32": [[1]]}'),
        # --- nesting depth -------------------------------------------------------------------
        c("Deep.Messages50", _nest(50)),
        c(
            "Deep.Messages150",
            _nest(150),
            depth=1000,
            note="json_format stops at 100 levels; deeper limits are fine",
        ),
        c("Deep.Lists20", _lists(20)),
        c(
            "Deep.Lists150",
            _lists(150),
            depth=1000,
            note="json_format stops at 100 levels; deeper limits are fine",
        ),
        c(
            "Deep.Messages100000",
            _nest(100000),
            note="must be rejected (not crash); implementations limit nesting",
        ),
        c(
            "Deep.Lists100000",
            _lists(100000),
            note="must be rejected (not crash); implementations limit nesting",
        ),
        c(
            "Deep.Any",
            f'{{"optionalAny": {{"@type": "{WKT}Any", "value": {{"@type": '
            f'"{WKT}Any", "value": {{"@type": "{T3}", "optionalAny": {{"@type": "{WKT}Empty"}}}}'
            "}}}",
        ),
        # --- binary input --------------------------------------------------------------------
        c(
            "Binary.Scalars",
            binary(
                "optional_int64: -1 optional_uint64: 18446744073709551615 optional_float: 0.1 "
                'optional_double: -0.0 optional_string: "\\342\\200\\250" optional_bytes: "\\377"'
                " optional_sint32: -2147483648 optional_fixed64: 1 optional_bool: true"
            ),
        ),
        c(
            "Binary.UnknownField",
            bytes([0xC0, 0x3E, 0x01]),
            note="unknown fields are dropped from JSON; kept in binary->binary by protobuf",
        ),
        c("Binary.Invalid", b"\xff"),
        c("Binary.InvalidUtf8Proto3", bytes([0x72, 0x02, 0xFF, 0xFE])),
        c(
            "Binary.InvalidUtf8Proto2",
            bytes([0x72, 0x02, 0xFF, 0xFE]),
            PROTO2,
            informational=True,
            spec_serialize_error=True,
            note="proto2 strings need not be UTF-8; json_format prints Python's repr of the bytes",
        ),
        c(
            "Binary.Proto2ExplicitDefaults",
            binary(
                'optional_int32: 0 optional_string: "" optional_nested_enum: FOO default_bool: '
                "false optional_nested_message { }",
                PROTO2,
            ),
            PROTO2,
        ),
        c(
            "Binary.Proto2Groups",
            binary("data { group_int32: 1 } multiwordgroupfield { group_uint32: 2 }", PROTO2),
            PROTO2,
        ),
        c(
            "Binary.PackedAndUnpacked",
            binary(
                "packed_int32: [1, -1] unpacked_int32: [2] packed_double: [nan] "
                "unpacked_nested_enum: [BAZ] packed_bool: [true, false]"
            ),
        ),
        c("Binary.Oneof", binary('oneof_bytes: "" ')),
        # --- extensions (not in protobind's contract) ----------------------------------------
        c(
            "Extensions.Int32",
            '{"[protobuf_test_messages.proto2.extension_int32]": 1}',
            PROTO2,
            informational=True,
        ),
        c(
            "Extensions.Group",
            '{"[protobuf_test_messages.proto2.groupfield]": {"groupInt32": 1}}',
            PROTO2,
            informational=True,
        ),
        c(
            "Extensions.Binary",
            binary("[protobuf_test_messages.proto2.extension_int32]: 5", PROTO2),
            PROTO2,
            informational=True,
        ),
    ]
    names = [x.name for x in cases]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, f"duplicate case names {dupes}"
    return tuple(cases)


def case_checks(profile: Profile, cases: tuple[Case, ...] | None = None) -> list[Check]:
    return [check for case in (cases or all_cases()) for check in case.checks(profile)]


def is_informational(check: Check) -> bool:
    return "informational" in check.note
