"""Names (escaping, collisions) and layout (directories, package names, cycles) of the Go
target, each checked on the generated code and compiled for real."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from codegen.errors import ConfigError, SchemaError
from codegen.targets.go.layout import _strongly_connected
from codegen.targets.go.names import derived_package_name, package_name
from tests.go.helpers import generate_tree, go, go_vet_build, gofmt_clean, render, write_tree
from tests.support.project import GO_MODULE, schema_of

KEYWORDS = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
]
PREDECLARED = [
    "any",
    "bool",
    "byte",
    "error",
    "int",
    "string",
    "true",
    "false",
    "nil",
    "len",
    "make",
    "new",
    "append",
]
METHODS = [
    "marshal_json",
    "unmarshal_json",
    "MarshalJSON",
    "String",
    "Reset",
    "ProtoName",
    "proto_name",
    "marshal_proto",
    "UnmarshalProto",
    "size_proto",
]


NESTED = ("select", "go", "defer", "map", "interface", "nil")


def _torture() -> str:
    words = [w for w in KEYWORDS + PREDECLARED + METHODS if w not in NESTED]
    fields = "\n".join(f"  string {w} = {i + 1};" for i, w in enumerate(words))
    values = "\n".join(
        f"  {w} = {i + 1};"
        for i, w in enumerate(k for k in KEYWORDS if k not in ("type", "func", "chan"))
    )
    rpcs = "\n".join(
        f"  rpc {w}(type) returns (type);"
        for w in ["MarshalJSON", "UnmarshalJSON", "String", "Reset", "Unwrap", "WriteByte", "func"]
    )
    return f"""
syntax = "proto3";
package type.func.v1;

message type {{
{fields}
  oneof select {{
    int32 go = 100;
    string defer = 101;
  }}
  message map {{ int32 range = 1; }}
  enum interface {{
    interface_UNSPECIFIED = 0;
    nil = 1;
  }}
  map m2 = 102;
  interface iface = 103;
}}

message string {{ type t = 1; }}

enum func {{
  func_unspecified = 0;
{values}
}}

service chan {{
{rpcs}
}}
"""


def _codec_table(src: str, type_name: str) -> dict[str, tuple[str, ...]]:
    """Struct field -> the string arguments of its codec table entry (they go in the
    same order: the runtime matches them by position)."""
    body = re.search(rf"\ntype {type_name} struct {{\n(.*?)\n}}\n", src, re.S)
    table = re.search(
        rf"\nvar codec{type_name} = \w+\.NewCodec\[{type_name}\]\(.*?\n(.*?)\n\)\n", src, re.S
    )
    assert body and table
    fields = [
        line.split()[0]
        for line in body.group(1).splitlines()
        if line.startswith("\t") and not line.startswith(("\t//", "\tunknownFields "))
    ]
    entries = [
        tuple(re.findall(r'"([^"]*)"', line))
        for line in table.group(1).splitlines()
        if re.match(r"\t\w", line)
    ]
    return dict(zip(fields, entries, strict=True))


def test_keywords_in_every_position(tmp_path: Path) -> None:
    out = generate_tree(tmp_path, {"type/func/v1/range.proto": _torture()})
    gofmt_clean(out)
    go_vet_build(out)
    src = (out / "type/func/v1/range.pb.go").read_text()
    assert "package funcv1" in src
    # Fields named like the generated methods are escaped; JSON keys stay the proto's.
    for field in ("MarshalJSON_", "String_", "String__", "Reset_", "ProtoName_", "MarshalJson"):
        assert re.search(rf"\t{field} +string\n", src), field
    table = _codec_table(src, "Type")
    assert table["MarshalJSON_"] == ("MarshalJSON", "MarshalJSON")
    assert table["String_"] == ("string", "string")
    assert table["String__"] == ("String", "String")
    assert table["Select"] == ("select",)  # the oneof
    # RPCs vet checks by name get `_`.
    assert "\tMarshalJSON_(ctx context.Context" in src and "\tUnwrap_(ctx" in src
    assert "\tString(ctx context.Context" in src
    # Types, enum values, oneof wrappers keep protoc-gen-go's shapes.
    assert "type Type struct" in src and "type TypeMap struct" in src  # GoCamelCase("type.map")
    assert re.search(r"Func_break +Func = 1", src) and "type Type_Go struct" in src


def test_package_names() -> None:
    assert derived_package_name(["acme", "types", "v1"]) == "typesv1"
    assert derived_package_name(["acme", "types", "v1beta2"]) == "typesv1beta2"
    assert derived_package_name(["acme", "types"]) == "types"
    assert derived_package_name(["acme", "type"]) == "type_"
    assert derived_package_name(["x", "string"]) == "string_"
    assert derived_package_name(["Acme", "Main"]) == "main_"
    assert package_name("9lives") == "x9lives"
    assert package_name("my-pkg") == "my_pkg"


COLLISIONS = """
syntax = "proto2";
package col.v1;

message Outer {
  message Middle { optional int32 a = 1; }
  optional Middle m = 1;
  optional int32 foo_bar = 2 [json_name = "fb"];
  optional int32 fooBar = 3;
  oneof kind { int32 k = 4; }
}
message Outer_Middle { optional int32 b = 1; }
message Outer_K { optional int32 c = 1; }
enum Outer_Enum { Outer_Enum_X = 0; }
"""


def test_collisions_are_resolved_deterministically(tmp_path: Path) -> None:
    out = generate_tree(tmp_path, {"col/v1/col.proto": COLLISIONS})
    gofmt_clean(out)
    go_vet_build(out)
    src = (out / "col/v1/col.pb.go").read_text()
    # The top-level message keeps the plain name; the flattened nested one yields.
    assert "type Outer_Middle struct" in src and "type Outer_Middle_ struct" in src
    assert 'ProtoName returns the full proto name, "col.v1.Outer_Middle".' in src
    # foo_bar and fooBar: first declared wins, the other gets `_`.
    assert "\tFooBar  *int32" in src and "\tFooBar_ *int32" in src
    # A oneof wrapper Outer_K yields to the message Outer_K.
    assert "type Outer_K_ struct" in src


def test_getter_names_do_not_collide_with_fields(tmp_path: Path) -> None:
    """Each field `X` also claims `GetX` (protoc-gen-go's rule): `get_foo` after `foo`
    becomes GetFoo_. A oneof's getter takes part too, so the oneof `kind` after a member
    `get_kind` becomes Kind_ (protoc-gen-go, which leaves oneofs out of the rule, writes
    a field and a method both called GetKind there, which does not compile)."""
    proto = (
        'syntax = "proto3"; package g.v1; message M { int32 foo = 1; string get_foo = 2;'
        " oneof kind { int32 get_kind = 3; } }"
    )
    out = generate_tree(tmp_path, {"g/v1/g.proto": proto})
    go_vet_build(out)
    src = (out / "g/v1/g.pb.go").read_text()
    methods = (
        "GetFoo() int32",
        "GetGetFoo_() string",
        "GetKind_() isM_Kind_",
        "GetGetKind() int32",
    )
    for method in methods:
        assert f"func (m *M) {method} {{" in src, method


def test_names_do_not_depend_on_file_order(tmp_path: Path) -> None:
    files = {
        "p/a.proto": 'syntax = "proto3"; package p; message A_B { int32 x = 1; }',
        "p/b.proto": 'syntax = "proto3"; package p; message A { message B { int32 y = 1; } }',
        "p/c.proto": 'syntax = "proto3"; package p; import "p/a.proto"; import "p/b.proto";'
        " message C { A_B ab = 1; A.B a_b = 2; }",
    }
    first = render(schema_of(tmp_path / "1", files), tmp_path / "o1")
    names = list(files)
    random.Random(3).shuffle(names)
    second = render(schema_of(tmp_path / "2", {n: files[n] for n in names}), tmp_path / "o2")
    assert first == second
    assert b"type A_B struct" in first["p/a.pb.go"] and b"type A_B_ struct" in first["p/b.pb.go"]


LAYOUT = {
    # go_package inside module: honoured, with its package name.
    "acme/one.proto": 'syntax = "proto3"; package acme.one.v1;'
    f' option go_package = "{GO_MODULE}/custom/place;placev1"; message One {{}}',
    # Same proto package, different folder, no go_package: same Go package.
    "elsewhere/one_more.proto": 'syntax = "proto3"; package acme.one.v1;'
    ' import "acme/one.proto"; message OneMore { One one = 1; }',
    # go_package outside module: the directory mirrors the proto package.
    "ext/ext.proto": 'syntax = "proto3"; package ext.api;'
    ' option go_package = "google.golang.org/genproto/ext;ext"; message Ext {}',
    # Two files of one package disagreeing: derived from the proto package.
    "dis/a.proto": 'syntax = "proto3"; package dis.v2; option go_package = "x/a"; message A {}',
    "dis/b.proto": 'syntax = "proto3"; package dis.v2; option go_package = "x/b";'
    ' import "dis/a.proto"; message B { A a = 1; }',
    # No package at all: the output root.
    "top.proto": 'syntax = "proto3"; import "ext/ext.proto"; message Top { ext.api.Ext e = 1; }',
    # Keyword-ish file and test-like name.
    "x/v1/type_test.proto": 'syntax = "proto3"; package x.v1; message T {}',
    "x/v1/sub/type_test.proto": 'syntax = "proto3"; package x.v1; message U {}',
}


def test_directories_and_package_names(tmp_path: Path) -> None:
    files = render(schema_of(tmp_path, LAYOUT), tmp_path / "out")
    assert sorted(files) == sorted(
        [
            "custom/place/one.pb.go",
            "custom/place/one_more.pb.go",
            "ext/api/ext.pb.go",
            "dis/v2/a.pb.go",
            "dis/v2/b.pb.go",
            "top.pb.go",
            "x/v1/x_v1_type_test.pb.go",
            "x/v1/x_v1_sub_type_test.pb.go",
            "protobindrt/protobindrt.go",
            "protobindrt/wire.go",
        ]
    )
    assert b"package placev1" in files["custom/place/one_more.pb.go"]
    assert b"package api" in files["ext/api/ext.pb.go"]
    assert b"package gen" in files["top.pb.go"]
    out = write_tree(tmp_path / "out", files)
    gofmt_clean(out)
    go_vet_build(out)


CYCLE = {
    "cyc/a/v1/base.proto": """
        syntax = "proto3";
        package cyc.a.v1;
        message ABase { string name = 1; repeated ABase children = 2; }
        enum AKind { A_KIND_UNSPECIFIED = 0; A_KIND_ONE = 1; }
        """,
    "cyc/b/v1/b.proto": """
        syntax = "proto3";
        package cyc.b.v1;
        import "cyc/a/v1/base.proto";
        message B { cyc.a.v1.ABase base = 1; cyc.a.v1.AKind kind = 2; oneof o { int32 n = 3; } }
        """,
    "cyc/a/v1/top.proto": """
        syntax = "proto3";
        package cyc.a.v1;
        import "cyc/b/v1/b.proto";
        // The top.
        message ATop { cyc.b.v1.B b = 1; map<string, cyc.b.v1.B> bs = 2; }
        service CycleService { rpc Get(ATop) returns (cyc.b.v1.B); }
        """,
}

CYCLE_EMPTY = {
    **CYCLE,
    # A file of a package in the cycle that declares nothing: no alias, no import.
    "cyc/a/v1/empty.proto": 'syntax = "proto3"; package cyc.a.v1; import "cyc/a/v1/base.proto";',
}

CYCLE_MAIN = """
package main

import (
	"encoding/json"
	"fmt"

	av1 "example.test/gen/cyc/a/v1"
	bv1 "example.test/gen/cyc/b/v1"
	"example.test/gen/protobindrt"
)

func main() {
	top := &av1.ATop{B: &bv1.B{Base: &av1.ABase{Name: "x"}, Kind: av1.AKind_A_KIND_ONE, O: &bv1.B_N{N: 7}}}
	b, err := json.Marshal(top)
	if err != nil {
		panic(err)
	}
	var back av1.ATop
	if err := json.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	any := protobindrt.NewAny(top)
	a, err := json.Marshal(struct{ A protobindrt.Message }{top})
	_ = any
	fmt.Println(string(b), back.B.Base.Name, back.B.O.(*bv1.B_N).N, string(a), err)
}
"""


def test_package_cycle_compiles_and_works(tmp_path: Path) -> None:
    out = generate_tree(tmp_path, CYCLE_EMPTY)
    gofmt_clean(out)
    go_vet_build(out)
    shared = sorted(p.relative_to(out).as_posix() for p in (out / "internal").rglob("*.go"))
    assert shared == [
        "internal/protobindcycle/cyc_a_v1_cyc_b_v1/b.pb.go",
        "internal/protobindcycle/cyc_a_v1_cyc_b_v1/base.pb.go",
        "internal/protobindcycle/cyc_a_v1_cyc_b_v1/empty.pb.go",
        "internal/protobindcycle/cyc_a_v1_cyc_b_v1/top.pb.go",
    ]
    alias = (out / "cyc/a/v1/top.pb.go").read_text()
    assert "// The top.\ntype ATop = protobindcycle.ATop\n" in alias
    assert (
        "const AKind_A_KIND_ONE = protobindcycle.AKind_A_KIND_ONE"
        in (out / "cyc/a/v1/base.pb.go").read_text()
    )
    (out / "cmd").mkdir()
    (out / "cmd" / "main.go").write_text(CYCLE_MAIN)
    printed = go(["run", "./cmd"], out)
    assert printed.startswith(
        '{"b":{"base":{"name":"x"},"kind":"A_KIND_ONE","n":7}} x 7 {"A":{"b":'
    ), printed


def test_module_is_required(tmp_path: Path) -> None:
    schema = schema_of(tmp_path, {"a.proto": 'syntax = "proto3"; package a; message A {}'})
    with pytest.raises(ConfigError, match="module"):
        render(schema, tmp_path / "out", module=None)


def test_runtime_directory_is_reserved(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path, {"protobindrt/x.proto": 'syntax = "proto3"; package protobindrt; message X {}'}
    )
    with pytest.raises(SchemaError, match="reserves"):
        render(schema, tmp_path / "out")


def test_strongly_connected_components() -> None:
    edges = {"a": {"b"}, "b": {"c", "a"}, "c": set(), "d": {"d", "e"}, "e": {"d"}}
    comps = _strongly_connected(sorted(edges), edges)
    assert sorted(map(tuple, comps)) == [("a", "b"), ("c",), ("d", "e")]


def test_non_wkt_google_protobuf_files_are_generated(tmp_path: Path) -> None:
    """descriptor.proto, api.proto, type.proto are ordinary messages: generated (into
    google/protobuf/, their go_package lies outside module) next to runtime WKTs."""
    out = generate_tree(
        tmp_path,
        {
            "d/d.proto": """
                syntax = "proto3";
                package d;
                import "google/protobuf/descriptor.proto";
                import "google/protobuf/api.proto";
                message D { google.protobuf.FileDescriptorProto f = 1; google.protobuf.Api a = 2; }
                """
        },
    )
    gofmt_clean(out)
    go_vet_build(out)
    assert (out / "google/protobuf/descriptor.pb.go").is_file()
    assert (out / "google/protobuf/api.pb.go").is_file()


def test_special_directory_names_are_escaped(tmp_path: Path) -> None:
    out = generate_tree(
        tmp_path,
        {
            "a.proto": 'syntax = "proto3"; package acme.internal.testdata._x.vendor; message A {}',
            "b.proto": 'syntax = "proto3"; package other; import "a.proto";'
            " message B { acme.internal.testdata._x.vendor.A a = 1; }",
        },
    )
    assert (out / "acme/internal_/xtestdata/x_x/vendor_/a.pb.go").is_file()
    gofmt_clean(out)
    go_vet_build(out)
