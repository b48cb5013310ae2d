"""The model: resolved, folded, language-neutral. Each test compiles inline protos with protoc."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from mypy import api as mypy_api

from codegen.model import (
    EnumRef,
    ListOf,
    MapOf,
    MessageRef,
    Scalar,
    ScalarType,
    Schema,
    WellKnown,
)
from codegen.model.frozen import FROZEN_AT_RUNTIME
from codegen.model.locations import comment_lines as _comment_lines
from tests.support.project import schema_of


@pytest.fixture
def schema(tmp_path: Path) -> Schema:
    return schema_of(
        tmp_path,
        {
            "acme/v1/types.proto": """
                // File comment.
                syntax = "proto3";

                // Package comment.
                package acme.v1;

                import "google/protobuf/timestamp.proto";
                import "acme/common/ids.proto";

                // Leading.
                //
                //   indented line kept
                message Order { // Trailing.
                  string id = 1;
                  map<string, Item> items = 2;
                  repeated int64 quantities = 3;
                  optional int32 limit = 4;
                  oneof payment {
                    string card = 5;
                    acme.common.Id account = 6;
                  }
                  google.protobuf.Timestamp created = 7;
                  Status status = 8 [deprecated = true];
                  string custom = 9 [json_name = "renamed"];
                  message Item { uint64 sku = 1; }
                  enum Status { STATUS_UNSPECIFIED = 0; STATUS_OPEN = 1; }
                  reserved 20 to 25, 30;
                  reserved "legacy";
                }

                service Orders {
                  rpc Get(Order) returns (Order);
                  rpc Watch(Order) returns (stream Order) { option deprecated = true; }
                  rpc Chat(stream Order) returns (stream Order);
                }
            """,
            "acme/common/ids.proto": """
                syntax = "proto3";
                package acme.common;
                message Id { string value = 1; }
                message Unused {}
            """,
            "acme/extra/unreachable.proto": """
                syntax = "proto3";
                package acme.extra;
                message Lonely {}
            """,
        },
    )


def test_fields_resolve_to_type_refs(schema: Schema) -> None:
    order = schema.message("acme.v1.Order")
    f = {x.name: x for x in order.fields}
    assert f["id"].type == ScalarType(Scalar.STRING) and not f["id"].has_presence
    items = f["items"].type
    assert isinstance(items, MapOf)
    assert items.key == ScalarType(Scalar.STRING)
    assert items.value == MessageRef(
        "acme.v1.Order.Item", "acme/v1/types.proto", "acme.v1", ("Order", "Item")
    )
    assert f["quantities"].type == ListOf(ScalarType(Scalar.INT64))
    assert f["limit"].has_presence and f["limit"].oneof is None
    assert f["account"].type == MessageRef(
        "acme.common.Id", "acme/common/ids.proto", "acme.common", ("Id",)
    )
    created = f["created"].type
    assert isinstance(created, MessageRef) and created.well_known is WellKnown.TIMESTAMP
    assert isinstance(f["status"].type, EnumRef) and not f["status"].type.closed
    assert f["status"].deprecated
    assert f["custom"].json_name == "renamed"
    assert f["quantities"].json_name == "quantities"


def test_map_entries_and_synthetic_oneofs_are_folded(schema: Schema) -> None:
    order = schema.message("acme.v1.Order")
    assert [m.name for m in order.messages] == ["Item"]
    assert [o.name for o in order.oneofs] == ["payment"]
    assert order.oneofs[0].fields == ("card", "account")
    assert order.field("card").oneof == "payment" and order.field("card").has_presence


def test_comments_and_spans(schema: Schema) -> None:
    f = schema.file("acme/v1/types.proto")
    assert f.comments.leading == ("File comment.", "", "Package comment.")
    order = schema.message("acme.v1.Order")
    assert order.comments.leading == ("Leading.", "", "  indented line kept")
    assert order.comments.trailing == ("Trailing.",)
    assert order.comments.lines == ("Leading.", "", "  indented line kept", "", "Trailing.")
    assert order.span is not None and (order.span.line, order.span.col) == (13, 1)
    assert order.span.path == "acme/v1/types.proto"
    assert order.reserved_names == ("legacy",)
    assert order.reserved_ranges == ((20, 25), (30, 30))


def test_services(schema: Schema) -> None:
    (svc,) = schema.file("acme/v1/types.proto").services
    assert svc.full_name == "acme.v1.Orders"
    get, watch, chat = svc.methods
    assert (get.client_streaming, get.server_streaming) == (False, False)
    assert (watch.server_streaming, watch.deprecated) == (True, True)
    assert (chat.client_streaming, chat.server_streaming) == (True, True)
    assert get.input.full_name == "acme.v1.Order"


def test_generate_is_inputs_plus_reachable_never_well_known(schema: Schema) -> None:
    assert schema.generate == (
        "acme/common/ids.proto",
        "acme/extra/unreachable.proto",
        "acme/v1/types.proto",
    )
    assert schema.file("google/protobuf/timestamp.proto").well_known


def test_dependency_outside_inputs_is_generated(tmp_path: Path) -> None:
    from codegen.compile import compile_protos
    from codegen.model import build_schema
    from codegen.sources import discover
    from tests.support.project import write_protos

    protos = write_protos(
        tmp_path,
        {
            "a.proto": 'syntax = "proto3";\nimport "b.proto";\nmessage A { B b = 1; }\n',
            "b.proto": 'syntax = "proto3";\nimport "c.proto";\nmessage B { C c = 1; }\n',
            "c.proto": 'syntax = "proto3";\nmessage C {}\n',
            "d.proto": 'syntax = "proto3";\nmessage D {}\n',
        },
    )
    sources = discover([protos], [protos / "a.proto"])
    compiled = compile_protos([protos], sources)
    schema = build_schema(compiled.descriptors.file, ["a.proto"], {})
    assert schema.generate == ("a.proto", "b.proto", "c.proto")


def test_proto2_presence_required_defaults_groups(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {
            "p2.proto": r"""
                syntax = "proto2";
                package p2;
                enum Color { RED = 1; GREEN = 2; }
                message M {
                  required int32 a = 1;
                  optional string s = 2 [default = "a\"b\n"];
                  optional bytes b = 3 [default = "\001\377x"];
                  optional double inf = 4 [default = inf];
                  optional float nan = 5 [default = nan];
                  optional Color c = 6 [default = GREEN];
                  optional bool t = 7 [default = true];
                  optional sint64 neg = 8 [default = -9223372036854775808];
                  optional uint32 hex = 9 [default = 0x10];
                  repeated group Item = 10 { optional int32 x = 11; }
                  optional int32 plain = 12;
                }
            """,
        },
    )
    m = schema.message("p2.M")
    f = {x.name: x for x in m.fields}
    assert f["a"].required and f["a"].has_presence
    assert f["plain"].has_presence and not f["plain"].required and f["plain"].default is None
    assert f["s"].default == 'a"b\n'
    assert f["b"].default == b"\x01\xffx"
    assert f["inf"].default == math.inf
    assert isinstance(f["nan"].default, float) and math.isnan(f["nan"].default)
    assert f["c"].default == "GREEN"
    assert f["t"].default is True
    assert f["neg"].default == -(2**63)
    assert f["hex"].default == 16
    assert f["item"].delimited and f["item"].type == ListOf(
        MessageRef("p2.M.Item", "p2.proto", "p2", ("M", "Item"))
    )
    assert schema.enum("p2.Color").closed


def test_editions_features_resolve(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {
            "ed.proto": """
                edition = "2023";
                package ed;
                option features.field_presence = IMPLICIT;
                enum Open { OPEN_ZERO = 0; }
                enum Closed { option features.enum_type = CLOSED; CLOSED_ONE = 1; }
                message M {
                  int32 implicit = 1;
                  int32 explicit = 2 [features.field_presence = EXPLICIT];
                  int32 req = 3 [features.field_presence = LEGACY_REQUIRED];
                  M child = 4 [features.message_encoding = DELIMITED];
                  repeated int32 list = 5;
                }
            """,
        },
    )
    f = {x.name: x for x in schema.message("ed.M").fields}
    assert not f["implicit"].has_presence
    assert f["explicit"].has_presence
    assert f["req"].required and f["req"].has_presence
    assert f["child"].delimited and f["child"].has_presence
    assert not f["list"].has_presence
    assert not schema.enum("ed.Open").closed and schema.enum("ed.Closed").closed
    assert schema.file("ed.proto").syntax == "editions"
    assert schema.file("ed.proto").edition == "2023"


def test_nested_scopes_and_file_without_package(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {
            "n.proto": """
                syntax = "proto3";
                message A { message B { message C { enum E { E_ZERO = 0; } E e = 1; } } }
            """,
        },
    )
    c = schema.message("A.B.C")
    assert c.ref.scope == ("A", "B", "C") and c.ref.package == ""
    e = c.fields[0].type
    assert isinstance(e, EnumRef) and e.scope == ("A", "B", "C", "E") and e.full_name == "A.B.C.E"
    assert [m.full_name for m in schema.file("n.proto").all_messages()] == ["A", "A.B", "A.B.C"]


def test_model_is_immutable(schema: Schema) -> None:
    # At runtime under the suite's PROTOBIND_FROZEN_MODEL=1 (tests/conftest.py).
    assert FROZEN_AT_RUNTIME
    order = schema.message("acme.v1.Order")
    with pytest.raises(FrozenInstanceError):
        order.fields = ()  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        order.span.line = 1  # type: ignore[misc, union-attr]
    with pytest.raises(TypeError):
        schema.messages["x"] = order  # type: ignore[index]


def test_the_type_checker_refuses_writes_to_the_model(tmp_path: Path) -> None:
    """What guards the model when it is not frozen at runtime (the command's default)."""
    snippet = tmp_path / "writes.py"
    snippet.write_text(
        "from codegen.model import Field, MessageRef, Span\n"
        "def f(fl: Field, r: MessageRef, s: Span) -> None:\n"
        "    fl.name = 'x'\n"
        "    r.file = 'y'\n"
        "    s.line = 3\n"
        "    print(fl.number, r.full_name, s.col)\n"
    )
    out, _, status = mypy_api.run(
        ["--strict", "--no-incremental", "--python-version", "3.11", str(snippet)]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out
    assert [e.split(":")[1] for e in errors] == ["3", "4", "5"], out
    assert all("read-only" in e for e in errors), out


def test_the_model_is_the_same_frozen_at_runtime_or_not() -> None:
    """The command builds plain slotted nodes; the suite builds frozen ones."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from codegen.compile import compile_protos\n"
        "from codegen.model import build_schema\n"
        "from codegen.model.frozen import FROZEN_AT_RUNTIME\n"
        "from codegen.sources import discover\n"
        "root = Path(sys.argv[1])\n"
        "sources = discover([root])\n"
        "files = compile_protos([root], sources).descriptors.file\n"
        "schema = build_schema(files, inputs=[s.name for s in sources], sources={})\n"
        "hash(schema.files)  # hashable either way (the value is per process)\n"
        "print(FROZEN_AT_RUNTIME, repr(schema.files))\n"
    )
    corpus = Path(__file__).parents[1] / "corpus" / "kitchen_sink"
    seen = {}
    for frozen in ("1", "0"):
        env = {**os.environ, "PROTOBIND_FROZEN_MODEL": frozen}
        done = subprocess.run(
            [sys.executable, "-c", script, str(corpus)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        seen[frozen] = done.stdout.split(" ", 1)
    assert seen["1"][0] == "True" and seen["0"][0] == "False"
    assert len(seen["1"][1]) > 10_000
    assert seen["1"][1] == seen["0"][1]


def test_string_default_that_is_not_utf8_is_decoded(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {
            "a.proto": 'syntax = "proto2";\nmessage M { optional string s = 1 [default = "\\377a"]; }\n'
        },
    )
    assert schema.message("M").fields[0].default == "\ufffda"


def test_fields_answering_to_the_same_json_key_are_refused(tmp_path: Path) -> None:
    from codegen.errors import SchemaError

    with pytest.raises(SchemaError) as info:
        schema_of(
            tmp_path,
            {
                "c.proto": """
                    syntax = "proto2";
                    package c;
                    message Conflict {
                      optional string foo_bar = 1;
                      optional string fooBar = 2;
                      optional string x = 3 [json_name = "y"];
                      optional string y = 4;
                      optional string fine = 5 [json_name = "other"];
                    }
                    // The JSON names alone are distinct here: only the proto name `y` clashes.
                    message Crossed {
                      optional string x = 1 [json_name = "y"];
                      optional string y = 2 [json_name = "z"];
                    }
                """
            },
        )
    first, second, third = info.value.diagnostics
    assert str(first) == (
        "c.proto:5:3: field 'fooBar' of c.Conflict and field 'foo_bar' (c.proto:4:3) both answer "
        "to the JSON key 'fooBar'; ProtoJSON could not tell them apart. Rename one, or give it a "
        "distinct json_name"
    )
    assert str(second).startswith(
        "c.proto:7:3: field 'y' of c.Conflict and field 'x' (c.proto:6:3)"
    )
    assert str(third).startswith(
        "c.proto:13:3: field 'y' of c.Crossed and field 'x' (c.proto:12:3)"
    )


def test_a_json_name_equal_to_its_own_proto_name_is_fine(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {"a.proto": 'syntax = "proto2";\nmessage A { optional int32 a = 1 [json_name = "a"]; }\n'},
    )
    assert schema.message("A").fields[0].json_name == "a"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # The one-line fast path...
        (" Doc.\n", ("Doc.",)),
        (" Doc.  \r\n", ("Doc.",)),
        (" \u3000wide\n", ("\u3000wide",)),
        # ...and what it must hand to the general rule.
        (" \x0b\n", ()),  # whitespace only, though not a space or tab
        ("  two spaces\n", ("two spaces",)),
        (" \ttab\n", ("tab",)),
        ("no space\n", ("no space",)),
        (" \n", ()),
        ("", ()),
        (" a\n b\n", ("a", "b")),
        ("\n   a\n     b\n\n", ("a", "  b")),
        (b" caf\xe9\n", ("caf\ufffd",)),
    ],
)
def test_comment_text_becomes_lines(text: str | bytes, lines: tuple[str, ...]) -> None:
    assert _comment_lines(text) == lines


def test_packed_follows_syntax_option_and_editions_feature(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {
            "p2.proto": """
                syntax = "proto2";
                package p2;
                message A { repeated int32 a = 1; repeated int32 b = 2 [packed = true];
                            repeated string s = 3; optional int32 o = 4; }
            """,
            "p3.proto": """
                syntax = "proto3";
                package p3;
                enum E { E_0 = 0; }
                message B { repeated int32 a = 1; repeated int32 b = 2 [packed = false];
                            repeated E e = 3; repeated bytes x = 4; map<int32, int32> m = 5; }
            """,
            "ed.proto": """
                edition = "2023";
                package ed;
                option features.repeated_field_encoding = EXPANDED;
                message C { repeated int32 a = 1;
                            repeated int32 b = 2 [features.repeated_field_encoding = PACKED]; }
            """,
        },
    )

    def packed(name: str) -> dict[str, bool]:
        return {f.name: f.packed for f in schema.message(name).fields}

    assert packed("p2.A") == {"a": False, "b": True, "s": False, "o": False}
    assert packed("p3.B") == {"a": True, "b": False, "e": True, "x": False, "m": False}
    assert packed("ed.C") == {"a": False, "b": True}
