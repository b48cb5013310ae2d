"""The Go target's gRPC option (grpc = true): which files, which names, which errors.

The generated code's shape is pinned by the golden case golden/grpc; behaviour over real
sockets, against protoc-gen-go-grpc's code too, is tests/grpc/test_go_grpc.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from codegen.errors import SchemaError
from tests.go.helpers import go_vet_build, gofmt_clean, render, write_tree
from tests.support.project import GO_MODULE, schema_of

SERVICE = """
    syntax = "proto3";
    package p;
    message M { string s = 1; }
    service S { rpc Get(M) returns (M); }
"""


def test_off_by_default_and_per_file_with_services(tmp_path: Path) -> None:
    schema = schema_of(
        tmp_path,
        {"p/s.proto": SERVICE, "p/t.proto": 'syntax = "proto3"; package p; message T {}'},
    )
    off = render(schema, tmp_path / "out")
    assert not [p for p in off if "grpc" in p], "grpc = false writes no gRPC code"
    assert not any(b"google.golang.org/grpc" in c for c in off.values())
    on = render(schema, tmp_path / "out", grpc=True)
    assert sorted(set(on) - set(off)) == ["p/s_grpc.pb.go", "protobindgrpc/protobindgrpc.go"]
    assert all(on[p] == off[p] for p in off), "turning grpc on changes no other file"


def test_no_services_no_codec_package(tmp_path: Path) -> None:
    schema = schema_of(tmp_path, {"p/t.proto": 'syntax = "proto3"; package p; message T {}'})
    assert not [p for p in render(schema, tmp_path / "out", grpc=True) if "grpc" in p]


@pytest.mark.parametrize(
    ("rpc", "message"),
    [
        (
            "rpc Stamp(google.protobuf.Timestamp) returns (M);",
            "p/s.proto:6:13: rpc Stamp uses google.protobuf.Timestamp as its request, which "
            "the Go target maps to time.Time",
        ),
        (
            "rpc Count(M) returns (stream google.protobuf.Int64Value);",
            "p/s.proto:6:13: rpc Count uses google.protobuf.Int64Value as its response, which "
            "the Go target maps to a bare Go scalar",
        ),
    ],
)
def test_well_known_rpc_types_other_than_empty_are_refused(
    tmp_path: Path, rpc: str, message: str
) -> None:
    proto = f"""
        syntax = "proto3";
        package p;
        import "google/protobuf/timestamp.proto";
        import "google/protobuf/wrappers.proto";
        message M {{}}
        service S {{ {rpc} }}
    """
    proto = "\n".join(line.strip() for line in proto.strip().splitlines())
    schema = schema_of(tmp_path, {"p/s.proto": proto})
    render(schema, tmp_path / "plain")  # without grpc the interface takes them
    with pytest.raises(SchemaError) as info:
        render(schema, tmp_path / "out", grpc=True)
    assert str(info.value).startswith(message), str(info.value)


def test_names_files_and_imports_that_could_clash(tmp_path: Path) -> None:
    """gRPC names yield to the package's own (a message `SServer`), file names to other
    files' (`a.proto` next to `a_grpc.proto`), import names to grpc-go's packages and the
    template's locals (Go packages named `grpc`, `status`, `out`); the result compiles."""
    schema = schema_of(
        tmp_path,
        {
            "x/grpc/m.proto": 'syntax = "proto3"; package x.grpc; message G {}',
            "x/status/m.proto": 'syntax = "proto3"; package x.status; message St {}',
            "x/out/m.proto": 'syntax = "proto3"; package x.out; message O {}',
            "p/a.proto": """
                syntax = "proto3";
                package p;
                import "x/grpc/m.proto";
                import "x/status/m.proto";
                import "x/out/m.proto";
                message SServer {}
                service S {
                  rpc In(x.grpc.G) returns (x.status.St);
                  rpc Out(stream x.out.O) returns (stream x.grpc.G);
                }
            """,
            "p/a_grpc.proto": """
                syntax = "proto3";
                package p;
                message N {}
                service T { rpc Go(N) returns (N); }
            """,
        },
    )
    files = render(schema, tmp_path / "out", grpc=True)
    assert {"p/a.pb.go", "p/a_grpc.pb.go", "p/a_grpc_2.pb.go", "p/a_grpc_grpc.pb.go"} <= set(files)
    src = files["p/a_grpc_2.pb.go"].decode()
    assert "type SServer_ interface" in src and "func RegisterSServer_(" in src
    assert "type SClient interface" in src
    imports = {path: alias for alias, path in re.findall(r'^\t(\w+) "([^"]+)"$', src, re.M)}
    assert imports[f"{GO_MODULE}/x/grpc"] == "grpc2"
    assert imports[f"{GO_MODULE}/x/status"] == "status2"
    assert imports[f"{GO_MODULE}/x/out"] == "out2"
    out = write_tree(tmp_path / "out", files, grpc=True)
    gofmt_clean(out)
    go_vet_build(out)
