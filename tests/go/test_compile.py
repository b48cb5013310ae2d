"""Real Go toolchain over real output: gofmt -l, go vet, go build."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.compile import compile_protos
from codegen.config import load_config
from codegen.model import build_schema
from codegen.pipeline import load_schema
from codegen.sources import discover
from tests.go.helpers import go_vet_build, gofmt_clean, render, write_grpc_go_mod, write_tree

REPO = Path(__file__).resolve().parents[2]
GRPC_CORPUS = REPO / "tests" / "corpus" / "grpc"


def _go_target(config_path: Path) -> tuple[object, object, object]:
    config = load_config(config_path)
    schema, _ = load_schema(config)
    target = next(t for t in config.targets if t.language == "go")
    return schema, target, config.json


def test_dogfood_compiles(tmp_path: Path) -> None:
    """protobind.toml's Go target, rendered into a scratch module (never generated/)."""
    schema, target, profile = _go_target(REPO / "protobind.toml")
    grpc = target.grpc  # type: ignore[attr-defined]
    assert grpc, "the dogfood's Go target has grpc = true (its services are gRPC)"
    out = tmp_path / "go"
    files = render(schema, out, module=target.module, json=profile, grpc=grpc)  # type: ignore[arg-type,attr-defined]
    assert "protobind/plugin/v1/domain_grpc.pb.go" in files
    write_tree(out, files, target.module, grpc=grpc)  # type: ignore[attr-defined]
    gofmt_clean(out)
    go_vet_build(out)


def test_grpc_corpus_compiles_with_grpc(tmp_path: Path) -> None:
    """The grpc corpus (two services, every streaming kind, Empty) with grpc = true."""
    sources = discover([GRPC_CORPUS])
    compiled = compile_protos([GRPC_CORPUS], sources)
    names = [s.name for s in sources]
    schema = build_schema(compiled.descriptors.file, names, {n: n for n in names})
    module = "example.com/grpctest/gen/go"
    out = tmp_path / "go"
    files = render(schema, out, module=module, grpc=True)
    assert {"acme/stream/v1/stream_grpc.pb.go", "protobindgrpc/protobindgrpc.go"} <= set(files)
    assert "acme/stream/v1/types_grpc.pb.go" not in files  # no services, no grpc file
    write_tree(out, files, module, grpc=True)
    gofmt_clean(out)
    go_vet_build(out)


@pytest.mark.long
def test_corpora_compile_with_grpc(tmp_path: Path) -> None:
    """The larger corpora with grpc = true, one module (a package tree per corpus): names
    that escape keywords (77 services), doc comments, import cycles. Long profile only
    (go vet over the keywords corpus' packages takes most of a minute on 2 cores); the
    kitchen sink is left out: its Timestamp RPCs are refused with grpc on
    (tests/go/test_grpc.py)."""
    roots = {
        "realistic": REPO / "tests" / "corpus" / "realistic",
        "keywords": REPO / "tests" / "corpus" / "keywords",
        "comments": REPO / "tests" / "corpus" / "comments",
        "cycle": REPO / "tests" / "go" / "golden" / "cycle" / "protos",
    }
    out = tmp_path / "go"
    module = "example.test/all"
    for name, root in roots.items():
        sources = discover([root])
        compiled = compile_protos([root], sources)
        names = [s.name for s in sources]
        schema = build_schema(compiled.descriptors.file, names, {n: n for n in names})
        files = render(schema, out / name, module=f"{module}/{name}", grpc=True)
        assert any(p.endswith("_grpc.pb.go") for p in files), name
        for rel, content in files.items():
            (out / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / name / rel).write_bytes(content)
    write_grpc_go_mod(out, module)
    gofmt_clean(out)
    go_vet_build(out)
