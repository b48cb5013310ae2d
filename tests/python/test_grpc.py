"""The Python target's `grpc = true`: which files it writes, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.errors import SchemaError
from tests.python.helpers import generate_inline

SERVICE = """
    syntax = "proto3";
    package p;
    import "google/protobuf/empty.proto";
    message M {}
    service S { rpc Do(M) returns (google.protobuf.Empty); }
"""


def test_grpc_module_only_when_asked_and_only_for_services(tmp_path: Path) -> None:
    files = {"a/svc.proto": SERVICE, "a/msgs.proto": 'syntax = "proto3";\nmessage N {}\n'}
    without = generate_inline(tmp_path / "off", files)
    assert not [p for p in without if p.endswith("_grpc.py")]
    assert not any(b"import grpc" in content for content in without.values())
    with_grpc = generate_inline(tmp_path / "on", files, grpc=True)
    assert sorted(set(with_grpc) - set(without)) == ["a/svc_grpc.py"]
    assert {p: with_grpc[p] for p in without} == without  # the other modules are unchanged


def test_well_known_rpc_type_is_refused(tmp_path: Path) -> None:
    files = {
        "t.proto": """
            syntax = "proto3";
            import "google/protobuf/timestamp.proto";
            message M {}
            service S {
              rpc Now(M) returns (google.protobuf.Timestamp);
            }
        """
    }
    with pytest.raises(SchemaError) as refused:
        generate_inline(tmp_path, files, grpc=True)
    text = str(refused.value)
    assert "t.proto:5:" in text
    assert "rpc Now uses google.protobuf.Timestamp as its response" in text
    generate_inline(tmp_path / "json-only", files)  # fine without gRPC


def test_grpc_module_taking_a_module_path_is_refused(tmp_path: Path) -> None:
    files = {"foo.proto": SERVICE, "foo_grpc.proto": 'syntax = "proto3";\nmessage N {}\n'}
    with pytest.raises(SchemaError) as refused:
        generate_inline(tmp_path, files, grpc=True)
    assert "foo_grpc.py" in str(refused.value) and "foo_grpc.proto" in str(refused.value)
