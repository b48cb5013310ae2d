"""Shared fixtures of the gRPC tests: the Python bindings of the grpc corpus, and the one Go
test binary (tests/grpc/go) the Go tests and the Python seed-flow tests both drive."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.python.helpers import generate, write_tree

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus" / "grpc"
PROTOS = ("acme/stream/v1/stream.proto", "acme/stream/v1/types.proto")
PACKAGE = "pbgrpc"
"""The protobind package the corpus is generated into (grpcio-tools' output keeps the
proto's own `acme` package, so the two never share a module)."""


@dataclass(frozen=True)
class PyGrpc:
    """The grpc corpus, as protobind bindings and as grpc_tools' `_pb2` / `_pb2_grpc`."""

    rt: types.ModuleType
    types: types.ModuleType
    """protobind's messages (`pbgrpc.acme.stream.v1.types`)."""
    grpc: types.ModuleType
    """protobind's gRPC bindings (`pbgrpc.acme.stream.v1.stream_grpc`)."""
    types_pb2: types.ModuleType
    stream_pb2: types.ModuleType
    stream_pb2_grpc: types.ModuleType


@pytest.fixture(scope="session")
def py_grpc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PyGrpc]:
    root = tmp_path_factory.mktemp("py-grpc")
    files = generate(REPO, package=PACKAGE, proto_paths=[str(CORPUS)], grpc=True)
    write_tree(root / "protobind" / PACKAGE, files)
    official = root / "official"
    official.mkdir()
    include = Path(importlib.import_module("grpc_tools").__file__ or "").parent / "_proto"
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{CORPUS}", f"-I{include}",
         f"--python_out={official}", f"--grpc_python_out={official}", *PROTOS],
        check=True, capture_output=True,
    )  # fmt: skip
    paths = [str(root / "protobind"), str(official)]
    sys.path[:0] = paths
    try:
        yield PyGrpc(
            rt=importlib.import_module(f"{PACKAGE}._protobind"),
            types=importlib.import_module(f"{PACKAGE}.acme.stream.v1.types"),
            grpc=importlib.import_module(f"{PACKAGE}.acme.stream.v1.stream_grpc"),
            types_pb2=importlib.import_module("acme.stream.v1.types_pb2"),
            stream_pb2=importlib.import_module("acme.stream.v1.stream_pb2"),
            stream_pb2_grpc=importlib.import_module("acme.stream.v1.stream_pb2_grpc"),
        )
    finally:
        for p in paths:
            sys.path.remove(p)


@pytest.fixture(scope="session")
def grpcgo() -> Path:
    from tests.grpc.test_go_grpc import build_grpcgo

    return build_grpcgo()
