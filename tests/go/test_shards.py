"""Sharded rendering: the union of a target's shards is byte for byte its whole output.

The pipeline renders large schemas as one shard per core (codegen/targets/base.py
`Shard`); the Go target renders each proto file's outputs in that file's shard and the
runtime in the shared shard, while layout, names, collisions and cycles always come from
the whole schema. Checked on a package cycle, the dogfood schema and corpora.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.compile import compile_protos
from codegen.config import JsonProfile, TargetConfig, load_config
from codegen.model import Schema, build_schema
from codegen.pipeline import load_schema
from codegen.sources import discover
from codegen.targets.base import Request, Shard
from codegen.targets.go import TARGET
from tests.support.project import GO_MODULE

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"


def _schema(root: Path, inputs: list[Path] | None = None) -> Schema:
    sources = discover([root], inputs)
    compiled = compile_protos([root], sources)
    return build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: f"protos/{s.name}" for s in sources},
    )


def _case(name: str) -> tuple[Schema, str, JsonProfile]:
    if name == "dogfood":
        config = load_config(REPO / "protobind.toml")
        schema, _ = load_schema(config)
        target = next(t for t in config.targets if t.language == "go")
        assert target.module
        return schema, target.module, config.json
    roots = {
        "golden-cycle": REPO / "tests" / "go" / "golden" / "cycle" / "protos",
        "package-cycle": CORPUS / "collisions" / "package_cycle",
        "realistic": CORPUS / "realistic",
        "kitchen-sink": CORPUS / "kitchen_sink",
        "keywords": CORPUS / "keywords",
    }
    module = "github.com/acme/platform/gen/go" if name == "realistic" else GO_MODULE
    profile = JsonProfile(names="proto") if name == "keywords" else JsonProfile()
    return _schema(roots[name]), module, profile


def _render(
    schema: Schema, module: str, profile: JsonProfile, shard: Shard, grpc: bool = False
) -> dict[str, bytes]:
    config = TargetConfig(language="go", out=Path("out"), module=module, grpc=grpc)
    files = TARGET.generate(Request(schema, config, profile, shard))
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths)), "a shard wrote a path twice"
    return {f.path: f.content for f in files}


def test_go_target_is_shardable() -> None:
    assert TARGET.shardable is True


@pytest.mark.parametrize(
    "case", ["golden-cycle", "package-cycle", "dogfood", "realistic", "kitchen-sink", "keywords"]
)
def test_union_of_shards_is_the_whole(case: str) -> None:
    schema, module, profile = _case(case)
    # With gRPC bindings where the schema allows them (the kitchen sink's Timestamp RPCs
    # do not): their files and names must shard like the rest.
    grpc = case != "kitchen-sink"
    whole = _render(schema, module, profile, Shard(), grpc)
    assert len(schema.generate) >= 2, "too few files to shard"
    for count in (2, 3):
        union: dict[str, bytes] = {}
        for index in range(count):
            part = _render(schema, module, profile, Shard(index, count), grpc)
            twice = sorted(set(union) & set(part))
            assert not twice, f"{count} shards: {twice[:3]} rendered by two shards"
            union.update(part)
            runtime = [p for p in part if p.startswith(("protobindrt/", "protobindgrpc/"))]
            assert bool(runtime) == (index == 0), "the runtime belongs to the shared shard"
        assert sorted(union) == sorted(whole), f"{count} shards: different set of files"
        for path, content in whole.items():
            assert union[path] == content, f"{count} shards: {path} differs"


def test_shard_renders_only_its_files() -> None:
    schema, module, profile = _case("realistic")
    config = TargetConfig(language="go", out=Path("out"), module=module)
    shard = Shard(1, 3)
    request = Request(schema, config, profile, shard)
    files = TARGET.generate(request)
    sources = {f.source for f in request.files()}
    assert files and all(not f.path.startswith("protobindrt/") for f in files)
    for f in files:
        header = f.content.split(b"\n", 1)[0].decode()
        assert any(header.endswith(f"from {s}. DO NOT EDIT.") for s in sources), header
