"""The model built from the corpora: folded, resolved and typed the way targets rely on.

Fast (no target, no compiler): each corpus is compiled by the real protoc once per
session and built with codegen.model. Corpus contents: docs/corpus.md.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from codegen.compile import compile_protos, discover
from codegen.errors import SchemaError
from codegen.model import (
    WELL_KNOWN_FILES,
    EnumRef,
    Field,
    ListOf,
    MapOf,
    Message,
    MessageRef,
    Scalar,
    ScalarType,
    Schema,
    WellKnown,
    build_schema,
)
from tests.corpus.harness import CONFORMANCE_INCLUDE, CORPUS


def _load(path: Path, name: str) -> ModuleType:
    """Import a corpus generator script by path (they are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_keywords_make = _load(CORPUS / "keywords" / "make.py", "_corpus_keywords_make")
_comments_make = _load(CORPUS / "comments" / "make.py", "_corpus_comments_make")
words = _load(CORPUS / "keywords" / "words.py", "_corpus_keywords_words")


@cache
def schema(name: str) -> Schema:
    root = CONFORMANCE_INCLUDE if name == "conformance" else CORPUS / name
    sources = discover([root])
    compiled = compile_protos([root], sources)
    return build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: s.name for s in sources},
    )


def message(corpus: str, full_name: str) -> Message:
    return schema(corpus).message(full_name)


def fields(corpus: str, full_name: str) -> dict[str, Field]:
    return {f.name: f for f in message(corpus, full_name).fields}


def scalar(kind: Scalar) -> ScalarType:
    return ScalarType(kind)


# -- the generated corpora are up to date -------------------------------------------------


def test_keyword_corpus_is_current() -> None:
    assert _keywords_make.on_disk() == _keywords_make.render(), (
        "run .venv/bin/python tests/corpus/keywords/make.py"
    )


def test_comment_corpus_is_current() -> None:
    current = {p.name: p.read_bytes() for p in sorted(_comments_make.OUT.glob("*.proto"))}
    assert current == _comments_make.render(), "run .venv/bin/python tests/corpus/comments/make.py"


# -- every corpus builds -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["realistic", "kitchen_sink", "keywords", "comments", "conformance"]
)
def test_corpus_builds_with_spans_everywhere(name: str) -> None:
    s = schema(name)
    assert s.generate
    for f in s.files_to_generate():
        for m in f.all_messages():
            assert m.span is not None and m.span.line > 0, m.full_name
            for fl in m.fields:
                assert fl.span is not None, f"{m.full_name}.{fl.name}"
        for e in f.all_enums():
            assert e.span is not None, e.full_name
        for svc in f.services:
            assert all(meth.span is not None for meth in svc.methods), svc.full_name


def test_well_known_files_are_never_generated() -> None:
    for name in ("realistic", "kitchen_sink", "conformance"):
        assert not set(schema(name).generate) & WELL_KNOWN_FILES, name


# -- maps and synthetic oneofs are folded --------------------------------------------------


def test_map_entries_are_folded_for_every_key_type() -> None:
    s = schema("kitchen_sink")
    all_maps = message("kitchen_sink", "ks.scalars.v1.AllMaps")
    # Only the user's own message called Entry remains nested.
    assert [m.name for m in all_maps.messages] == ["Entry"]
    assert not [n for n in s.messages if n.endswith("Entry") and not n.endswith("AllMaps.Entry")]
    keys = {
        f.type.key.kind
        for f in all_maps.fields
        if isinstance(f.type, MapOf) and f.name.startswith("k_")
    }
    assert keys == {k for k in Scalar if k.is_integer} | {Scalar.BOOL, Scalar.STRING}
    fs = fields("kitchen_sink", "ks.scalars.v1.AllMaps")
    assert fs["v_message"].type == MapOf(
        scalar(Scalar.STRING), s.message("ks.scalars.v1.AllScalars").ref
    )
    assert isinstance(fs["v_enum"].type, MapOf) and isinstance(fs["v_enum"].type.value, EnumRef)
    assert fs["v_bytes"].type == MapOf(scalar(Scalar.STRING), scalar(Scalar.BYTES))
    assert fs["v_named_entry"].type == MapOf(
        scalar(Scalar.INT32), s.message("ks.scalars.v1.AllMaps.Entry").ref
    )
    for f in all_maps.fields:
        assert isinstance(f.type, MapOf) and not f.has_presence, f.name


def test_maps_in_realistic_and_conformance_are_folded() -> None:
    assert fields("realistic", "acme.common.v1.ResourceMeta")["labels"].type == MapOf(
        scalar(Scalar.STRING), scalar(Scalar.STRING)
    )
    t3 = fields("conformance", "protobuf_test_messages.proto3.TestAllTypesProto3")
    maps = [n for n, f in t3.items() if isinstance(f.type, MapOf)]
    assert len(maps) >= 19 and "map_int32_int32" in maps
    assert not [
        m.name
        for m in message("conformance", "protobuf_test_messages.proto3.TestAllTypesProto3").messages
        if m.name.endswith("Entry")
    ]


def test_synthetic_oneofs_are_folded() -> None:
    scalars = message("kitchen_sink", "ks.scalars.v1.AllScalars")
    assert scalars.oneofs == ()
    for f in scalars.fields:
        if f.name.startswith("o_") or f.name == "maybe_color":
            assert f.has_presence and f.oneof is None, f.name
    oneofs = message("kitchen_sink", "ks.scalars.v1.Oneofs")
    assert [o.name for o in oneofs.oneofs] == ["first", "second", "single", "last"]
    assert oneofs.oneofs[0].fields == (
        "a_int32",
        "a_string",
        "a_bytes",
        "a_enum",
        "a_message",
        "a_double",
        "a_bool",
        "a_uint64",
    )
    fs = {f.name: f for f in oneofs.fields}
    assert fs["opt"].oneof is None and fs["opt"].has_presence
    assert fs["plain"].oneof is None and not fs["plain"].has_presence
    assert all(fs[n].has_presence and fs[n].oneof == "first" for n in oneofs.oneofs[0].fields)


# -- presence, closedness, delimited encoding ----------------------------------------------


def test_proto3_presence() -> None:
    fs = fields("kitchen_sink", "ks.scalars.v1.AllScalars")
    for name, f in fs.items():
        if name.startswith("f_"):
            assert not f.has_presence, name
        if name.startswith("r_"):
            assert isinstance(f.type, ListOf) and not f.has_presence, name
    assert fs["child"].has_presence and fs["nested"].has_presence
    assert not fs["color"].has_presence and fs["maybe_color"].has_presence


def test_proto2_presence_and_required() -> None:
    fs = fields("kitchen_sink", "ks.proto2.v1.Required")
    assert [n for n, f in fs.items() if f.required] == ["id", "name", "kind", "nested", "blob"]
    assert fs["maybe"].has_presence and not fs["maybe"].required
    assert not fs["many"].has_presence
    assert all(f.has_presence for f in fields("kitchen_sink", "ks.proto2.v1.Defaults").values())


def test_editions_features_are_resolved() -> None:
    fs = fields("kitchen_sink", "ks.editions.v1.Presence")
    assert fs["explicit_default"].has_presence
    assert not fs["implicit"].has_presence
    assert fs["explicit"].has_presence
    assert fs["required"].required and fs["required"].has_presence
    assert not fs["implicit_bytes"].has_presence
    assert fs["message"].has_presence and not fs["message"].delimited
    assert fs["delimited"].delimited
    assert fs["right"].delimited and fs["right"].oneof == "either"
    imp = fields("kitchen_sink", "ks.editions.v1.ImplicitByDefault")
    assert not imp["name"].has_presence and not imp["count"].has_presence
    assert imp["back_to_explicit"].has_presence and imp["presence"].has_presence
    whole = fields("kitchen_sink", "ks.editions.v1.AllImplicit")
    assert not whole["name"].has_presence and whole["explicit"].has_presence
    assert whole["next"].delimited and whole["next"].has_presence
    assert not whole["prefixed"].delimited
    assert not whole["by_id"].delimited, "map values are never delimited"


def test_repeated_delimited_messages_are_marked_delimited() -> None:
    """DELIMITED applies to repeated message fields too:
    `repeated Child delimited_list = 13 [features.message_encoding = DELIMITED]` and a
    repeated message in a file with message_encoding = DELIMITED are groups on the wire."""
    fs = fields("kitchen_sink", "ks.editions.v1.Presence")
    assert fs["delimited_list"].delimited
    assert fields("kitchen_sink", "ks.editions.v1.AllImplicit")["many"].delimited


def test_enum_closedness() -> None:
    s = schema("kitchen_sink")
    assert s.enum("ks.proto2.v1.Closed").closed
    assert not s.enum("ks.scalars.v1.Color").closed
    assert s.enum("ks.editions.v1.FileClosed").closed
    assert not s.enum("ks.editions.v1.ExplicitlyOpen").closed
    assert not s.enum("ks.editions.v1.e2024.Open2024").closed
    fs = fields("kitchen_sink", "ks.editions.v1.Presence")
    assert isinstance(fs["closed_enum"].type, EnumRef) and fs["closed_enum"].type.closed
    assert isinstance(fs["open_enum"].type, EnumRef) and not fs["open_enum"].type.closed
    assert isinstance(fs["imported_closed"].type, EnumRef) and fs["imported_closed"].type.closed


def test_groups_are_marked_delimited() -> None:
    fs = fields("kitchen_sink", "ks.proto2.v1.WithGroups")
    assert list(fs) == ["single", "multi", "inoneof", "other", "copy_of_single"]
    assert fs["single"].delimited and fs["single"].type == MessageRef(
        "ks.proto2.v1.WithGroups.Single",
        "ks/proto2/v1/legacy.proto",
        "ks.proto2.v1",
        ("WithGroups", "Single"),
    )
    assert fs["multi"].delimited and isinstance(fs["multi"].type, ListOf)
    assert fs["inoneof"].delimited and fs["inoneof"].oneof == "choice"
    assert not fs["copy_of_single"].delimited, "a plain field of a group's type is not a group"
    deeper = fields("kitchen_sink", "ks.proto2.v1.WithGroups.Multi")["deeper"]
    assert deeper.delimited
    # The conformance messages use groups too.
    t2 = fields("conformance", "protobuf_test_messages.proto2.TestAllTypesProto2")
    assert t2["data"].delimited


# -- defaults -------------------------------------------------------------------------------


def test_defaults_are_typed() -> None:
    fs = fields("kitchen_sink", "ks.proto2.v1.Defaults")
    d = {n: f.default for n, f in fs.items()}
    assert d["d_double"] == 1.5 and type(d["d_double"]) is float
    assert d["d_float"] == -2.25
    assert d["d_int32"] == -42 and type(d["d_int32"]) is int
    assert d["d_int64"] == -(2**63)
    assert d["d_uint32"] == 2**32 - 1
    assert d["d_uint64"] == 2**64 - 1
    assert d["d_sint32"] == -(2**31)
    assert d["d_sint64"] == 2**63 - 1
    assert d["d_fixed32"] == 0x7FFFFFFF
    assert d["d_fixed64"] == 0o777
    assert d["d_sfixed32"] == -1
    assert d["d_sfixed64"] == -123456789012345
    assert d["d_bool"] is True and d["d_false"] is False
    assert (
        d["d_string"]
        == "tab\there \"quoted\" back\\slash\nnewline 'single' AA é ünïcödé \U0001f600"
    )
    assert d["d_bytes"] == b'\x00\x01\x02\xff\x7f\n\\"bytes"'
    assert d["d_enum"] == "CLOSED_NEGATIVE" and d["d_alias"] == "ALIASED_FINISHED"
    assert d["d_five"] is None and d["d_enum_plain"] is None
    assert isinstance(d["d_nan"], float) and math.isnan(d["d_nan"])
    assert d["d_inf"] == math.inf and d["d_neg_inf"] == -math.inf
    assert d["d_exp"] == 1e-300
    assert isinstance(d["d_float_exp"], float) and math.isclose(
        d["d_float_exp"], 3.4028235e38, rel_tol=1e-7
    )
    assert d["d_empty"] == "" and d["d_empty_bytes"] == b""
    assert d["d_comment_like"] == "*/ /* \"\"\" ''' {{ x }} {% y %} ${z} `w`"
    assert d["d_hex_neg"] == -(2**31)
    assert d["d_integral_double"] == 7.0 and type(d["d_integral_double"]) is float
    ed = fields("kitchen_sink", "ks.editions.v1.Presence")
    assert ed["with_default"].default == "editions default"
    assert ed["closed_enum"].default == "FILE_CLOSED_A"
    assert ed["f_float"].default == -math.inf
    assert isinstance(ed["f_double"].default, float) and math.isnan(ed["f_double"].default)
    assert ed["f_bytes"].default == b"\x00\x01\\"
    assert ed["f_int64"].default == -1
    wkt2 = fields("kitchen_sink", "ks.wkt.v1.WellKnownTypesProto2")
    assert wkt2["null_with_default"].default == "NULL_VALUE"
    # proto3 has no defaults.
    assert all(
        f.default is None for f in fields("kitchen_sink", "ks.scalars.v1.AllScalars").values()
    )


# -- enums ---------------------------------------------------------------------------------


def test_enum_values_negative_aliases_and_nonzero_first() -> None:
    s = schema("kitchen_sink")
    color = {v.name: v.number for v in s.enum("ks.scalars.v1.Color").values}
    assert color["COLOR_INFRARED"] == -1 and color["COLOR_ULTRAVIOLET"] == -(2**31)
    assert color["COLOR_MAX"] == 2**31 - 1
    aliased = s.enum("ks.proto2.v1.Aliased")
    assert aliased.allow_alias
    assert [(v.name, v.number) for v in aliased.values] == [
        ("ALIASED_UNKNOWN", 0),
        ("ALIASED_STARTED", 1),
        ("ALIASED_RUNNING", 1),
        ("ALIASED_DONE", 2),
        ("ALIASED_FINISHED", 2),
        ("ALIASED_COMPLETE", 2),
    ]
    assert [v.number for v in s.enum("ks.proto2.v1.StartsAtFive").values] == [5, 6]


# -- well-known types, imports, names ------------------------------------------------------


def test_every_well_known_type_in_every_position() -> None:
    fs = fields("kitchen_sink", "ks.wkt.v1.WellKnownTypes")
    singular = {f.type.full_name for n, f in fs.items() if n.startswith("s_")}  # type: ignore[union-attr]
    assert singular == {w.value for w in WellKnown} | {"google.protobuf.NullValue"}
    for n, f in fs.items():
        if n.startswith("s_") and isinstance(f.type, MessageRef):
            assert f.type.well_known is not None, n
        if n.startswith("m_"):
            assert isinstance(f.type, MapOf), n
        if n.startswith("r_"):
            assert isinstance(f.type, ListOf), n
        if n.startswith("c_"):
            assert f.oneof == "choice", n
    null = fs["s_null_value"].type
    assert isinstance(null, EnumRef) and null.is_null_value and not fs["s_null_value"].has_presence
    assert fs["o_null_value"].has_presence


def test_import_public_is_followed() -> None:
    s = schema("kitchen_sink")
    reexport = s.file("ks/public/v1/reexport.proto")
    assert reexport.public_dependencies == ("ks/public/v1/base.proto", "ks/proto2/v1/legacy.proto")
    consumer = fields("kitchen_sink", "ks.public.consumer.v1.Consumer")
    assert consumer["base"].type == s.message("ks.public.v1.Base").ref
    assert s.file("ks/public/v1/consumer.proto").dependencies == ("ks/public/v1/reexport.proto",)


def test_deprecation_everywhere() -> None:
    s = schema("kitchen_sink")
    f = s.file("ks/deprecated/v1/old.proto")
    assert f.deprecated
    assert s.message("ks.deprecated.v1.OldThing").deprecated
    assert not s.message("ks.deprecated.v1.NewThing").deprecated
    new = fields("kitchen_sink", "ks.deprecated.v1.NewThing")
    assert [n for n, fl in new.items() if fl.deprecated] == [
        "title",
        "legacy",
        "legacies",
        "states",
        "old_choice",
        "old_optional",
    ]
    assert s.enum("ks.deprecated.v1.OldState").deprecated
    assert [v.name for v in s.enum("ks.deprecated.v1.NewState").values if v.deprecated] == [
        "NEW_STATE_LEGACY"
    ]
    old_service, new_service = f.services
    assert old_service.deprecated and not new_service.deprecated
    assert [m.name for m in new_service.methods if m.deprecated] == ["OldPing", "OldStream"]


def test_json_names() -> None:
    fs = fields("kitchen_sink", "ks.json_names.v1.JsonNames")
    expected = {
        "plain_field": "plainField",
        "custom": "totallyDifferent",
        "snake_json": "snake_json_name",
        "with_dash": "with-dash",
        "upper": "UPPER",
        "unicode": "naïve",
        "_leading_underscore": "LeadingUnderscore",
        "trailing_underscore_": "trailingUnderscore",
        "double__underscore": "doubleUnderscore",
        "field_1": "field1",
        "camelCase": "camelCase",
        "PascalCase": "PascalCase",
        "a_b_c_d": "aBCD",
        "digit_9_start": "digit9Start",
        "dollar": "$dollar",
        "space": "has space",
        "quote": 'has"quote',
        "backslash": "back\\slash",
        "list_with_json": "items",
        "map_with_json": "dict",
        "one": "uno",
        "opt": "maybe",
    }
    assert {n: fs[n].json_name for n in expected} == expected


def test_reserved_nesting_recursion_and_no_package() -> None:
    r = message("kitchen_sink", "ks.reserved.v1.Reserved")
    assert r.reserved_ranges == ((2, 2), (15, 15), (9, 11), (40, 536870911))
    assert r.reserved_names == ("foo", "bar", "old_name")
    l7 = message("kitchen_sink", "ks.nesting.v1.L1.L2.L3.L4.L5.L6.L7")
    assert l7.ref.scope == ("L1", "L2", "L3", "L4", "L5", "L6", "L7")
    assert (
        fields("kitchen_sink", "ks.nesting.v1.L1.L2.L3.L4.L5.L6.L7")["root"].type
        == message("kitchen_sink", "ks.nesting.v1.L1").ref
    )
    shadow = fields("kitchen_sink", "ks.nesting.v1.L1.L2.L3")
    assert shadow["shadowed"].type.full_name == "ks.nesting.v1.L1.L2.L3.L2"  # type: ignore[union-attr]
    assert shadow["outer"].type.full_name == "ks.nesting.v1.L1.L2"  # type: ignore[union-attr]
    node = fields("kitchen_sink", "ks.recursion.v1.Node")
    assert node["parent"].type == message("kitchen_sink", "ks.recursion.v1.Node").ref
    assert node["by_name"].type == MapOf(scalar(Scalar.STRING), node["parent"].type)
    g = message("kitchen_sink", "GlobalThing")
    assert g.ref.package == "" and g.ref.file == "nopackage.proto"
    loose = fields("kitchen_sink", "LooseThing")
    assert loose["nested"].type.full_name == "GlobalThing.GlobalNested"  # type: ignore[union-attr]
    s = schema("kitchen_sink")
    assert s.file("ks/weird/path/mismatch.proto").package == "ks.elsewhere.v1"
    assert s.file("ks/other_place/mismatch2.proto").package == "ks.elsewhere.v1"
    assert s.file("ks/recursion/v1/orchard.proto").package == "ks.recursion.v1.orchard"


def test_extensions_and_options_leave_messages_alone() -> None:
    assert [f.name for f in message("kitchen_sink", "ks.proto2.v1.Extendable").fields] == ["base"]
    assert [f.name for f in message("kitchen_sink", "ks.extensions.v1.Holder").fields] == ["target"]
    acct = fields("kitchen_sink", "ks.options.v1.Account")
    assert acct["balance"].json_name == "balanceCents"
    assert acct["scores"].deprecated


def test_syntax_and_editions() -> None:
    s = schema("kitchen_sink")
    assert s.file("ks/proto2/v1/legacy.proto").syntax == "proto2"
    assert s.file("ks/scalars/v1/scalars.proto").syntax == "proto3"
    f2023 = s.file("ks/editions/v1/features.proto")
    assert (f2023.syntax, f2023.edition) == ("editions", "2023")
    f2024 = s.file("ks/editions/v1/edition2024.proto")
    assert (f2024.syntax, f2024.edition) == ("editions", "2024")


# -- services -----------------------------------------------------------------------------


def test_streaming_flags() -> None:
    s = schema("realistic")
    methods = {
        f"{svc.name}.{m.name}": (m.client_streaming, m.server_streaming)
        for f in s.files_to_generate()
        for svc in f.services
        for m in svc.methods
    }
    assert methods["IdentityService.SignIn"] == (False, False)
    assert methods["BillingService.ExportInvoices"] == (False, True)
    assert methods["BillingService.ReportUsage"] == (True, False)
    assert methods["EventService.Subscribe"] == (True, True)
    assert methods["StorageService.Upload"] == (True, False)
    assert methods["CatalogService.Suggest"] == (True, True)
    signout = next(
        m
        for f in s.files_to_generate()
        for sv in f.services
        for m in sv.methods
        if m.name == "SignOut"
    )
    assert signout.input.well_known is WellKnown.EMPTY


# -- comments -------------------------------------------------------------------------------


def test_realistic_comments_are_attached() -> None:
    s = schema("realistic")
    money = s.message("acme.common.v1.Money")
    assert money.comments.leading[0] == "An amount of money in a specific currency."
    assert '    { "currencyCode": "EUR", "units": "1999" }   // EUR 19.99' in money.comments.leading
    assert fields("realistic", "acme.common.v1.Money")["units"].comments.leading == (
        "The amount in minor units. May be negative for refunds and credits.",
    )
    factor = s.message("acme.identity.v1.MfaSettings.Factor")
    assert factor.oneofs[0].comments.leading == ("One of the concrete factor configurations.",)
    state = s.enum("acme.identity.v1.UserState")
    assert state.values[1].comments.leading == ("Invited, has not accepted yet.",)
    billing = s.file("acme/billing/v1/billing_service.proto").services[0]
    assert billing.comments.leading[0] == "Invoices, payments and subscriptions."
    assert "```" in billing.comments.leading
    export = next(m for m in billing.methods if m.name == "ExportInvoices")
    assert export.comments.leading[0].startswith("Streams every invoice matching the filter")
    event_file = s.file("acme/events/v1/event.proto")
    assert "Domain events published on the Acme event bus." in event_file.comments.leading


def _declarations(s: Schema, file: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(leading, trailing) comments of each kind of declaration in a comments/adv file."""
    f = s.file(file)
    m = f.messages[0]
    nested = m.messages[0]
    svc = f.services[0]
    fs = {fl.name: fl for fl in m.fields}
    return {
        "message": (m.comments.leading, m.comments.trailing),
        "field": (fs["field"].comments.leading, fs["field"].comments.trailing),
        "map field": (fs["map_field"].comments.leading, fs["map_field"].comments.trailing),
        "oneof": (m.oneofs[0].comments.leading, m.oneofs[0].comments.trailing),
        "oneof member": (fs["member"].comments.leading, fs["member"].comments.trailing),
        "nested message": (nested.comments.leading, nested.comments.trailing),
        "nested enum": (nested.enums[0].comments.leading, nested.enums[0].comments.trailing),
        "enum": (f.enums[0].comments.leading, f.enums[0].comments.trailing),
        "enum value": (
            f.enums[0].values[1].comments.leading,
            f.enums[0].values[1].comments.trailing,
        ),
        "service": (svc.comments.leading, svc.comments.trailing),
        "method": (svc.methods[0].comments.leading, svc.methods[0].comments.trailing),
    }


@pytest.mark.parametrize("kind", ["line", "block"])
@pytest.mark.parametrize("payload", [name for name, _ in _comments_make.PAYLOADS])
def test_adversarial_comments_survive_verbatim(payload: str, kind: str) -> None:
    """Every visible character of every payload reaches the model, on every declaration,
    split into lines at `\\n` only (never at CR, U+2028, NEL or form feed)."""
    lines = dict(_comments_make.PAYLOADS)[payload]
    s = schema("comments")
    decls = _declarations(s, f"adv/{payload}_{kind}.proto")
    visible = [line.strip() for line in lines if line.strip()]
    if kind == "block":
        visible = [v.replace("*/", "* /").replace("/*", "/ *") for v in visible]
    for decl, (leading, trailing) in decls.items():
        for text in (*leading, *trailing):
            assert "\n" not in text, (decl, text)
        if not visible:
            continue
        joined = "\n".join(leading)
        for v in visible:
            assert v in joined, f"{decl}: {v!r} missing from leading comment {leading!r}"
        if kind == "line":
            assert (
                " | ".join(lines).replace("\n", " ").strip() in "\n".join(trailing) or not trailing
            ), decl


def test_comment_on_file_and_package_lines() -> None:
    s = schema("comments")
    f = s.file("adv/triple_quotes_line.proto")
    assert (
        f.comments.leading.count("\"\"\" triple double quotes \"\"\" and ''' triple single '''")
        == 2
    )


def test_crlf_comments_read_like_lf_comments() -> None:
    """A file with CRLF line endings gives the same comment lines as with LF.

    protoc leaves a `\r` at the end of each line; an empty `//` line (text "\r") must not
    stop the common one-space margin from being removed."""
    s = schema("comments")
    f = s.file("adv/crlf.proto")
    assert f.comments.leading == ("A file with Windows line endings.", "", "Second paragraph.")
    assert f.messages[0].comments.leading == (
        "Line one of a message comment.",
        'Line two """ */ {{ x }}',
    )
    assert f.messages[0].fields[0].comments.trailing == ("trailing",)


def test_invalid_utf8_comment_is_an_error_or_decoded(tmp_path: Path) -> None:
    """protoc accepts comments that are not UTF-8; protobind must not crash on them: it
    either reads them (with replacement characters) or reports `path:line:col`.

    Such a comment arrives from the descriptor as bytes, not str."""
    root = CORPUS / "edge" / "invalid_utf8_comment"
    sources = discover([root])
    compiled = compile_protos([root], sources)
    try:
        s = build_schema(
            compiled.descriptors.file,
            inputs=[x.name for x in sources],
            sources={x.name: x.name for x in sources},
        )
    except SchemaError as e:
        assert "coll/latin1.proto" in str(e)
    else:
        comments = s.message("coll.utf8.Latin1").comments
        assert all(isinstance(line, str) for line in comments.leading)
    # And through the CLI: exit 0 or 1, never a traceback.
    (tmp_path / "protobind.toml").write_text(
        f'[protobind]\nproto_paths = ["{root}"]\n\n[[protobind.targets]]\n'
        'language = "typescript"\nout = "out"\n'
    )
    from tests.support.toolchains import BIN

    proc = subprocess.run(
        [str(BIN / "protobind"), "generate"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr[-2000:]


# -- keywords ---------------------------------------------------------------------------------


def test_keyword_names_are_kept_verbatim() -> None:
    s = schema("keywords")
    every = set(words.all_words())
    field_names = {
        f.name for n, m in s.messages.items() if n.startswith("kw.fields") for f in m.fields
    }
    assert field_names == every
    top_level = {
        m.name
        for f in s.files_to_generate()
        if f.package.startswith("kw.messages")
        for m in f.messages
    } - {"Uses"}
    assert top_level == every
    values = {
        v.name for n, e in s.enums.items() if n.startswith("kw.enum_values.") for v in e.values
    }
    assert values == every - _keywords_make.PROTOC_REJECTS["enum_value"]
    packages = {
        seg
        for f in s.files_to_generate()
        if f.package.startswith("kwpkg.")
        for seg in f.package.split(".")[1:]
    }
    assert packages == every
    uses = fields("keywords", "kw.messages.Uses")
    assert uses["class"].type == s.message("kw.messages.class").ref
    assert uses["string"].type == s.message("kw.messages.string").ref, "a message named string"
