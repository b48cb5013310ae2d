"""The Python target renders in shards (`Shard`): the union of the shards' outputs is
byte-identical to the unsharded output, every per-file module comes from exactly one
shard, and only the shared shard writes what belongs to no single file."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.config import Config, load_config, parse_config
from codegen.pipeline import load_schema
from codegen.targets.base import Request, Shard
from codegen.targets.python import TARGET
from codegen.targets.python.names import Names

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "python" / "golden"
CORPUS = REPO / "tests" / "corpus"


def _dogfood() -> Config:
    config = load_config(REPO / "protobind.toml")
    python = tuple(t for t in config.targets if t.language == "python")
    return dataclasses.replace(config, targets=python)


def _tree(root: Path, package: str | None = "gen", **table: object) -> Config:
    target: dict[str, object] = {"language": "python", "out": "out"}
    if package:
        target["package"] = package
    return parse_config(
        {"proto_paths": [str(root)], "targets": [target], **table},
        source=REPO / "protobind.toml",
    )


SCHEMAS: dict[str, Callable[[], Config]] = {
    "dogfood": _dogfood,
    "corpus-realistic": lambda: _tree(CORPUS / "realistic"),
    "corpus-kitchen_sink": lambda: _tree(CORPUS / "kitchen_sink"),
    "corpus-keywords": lambda: _tree(CORPUS / "keywords", package=None),
    "golden-names": lambda: _tree(GOLDEN / "names" / "protos"),
    "golden-public": lambda: _tree(
        GOLDEN / "public" / "protos", json={"names": "proto", "int64": "number"}
    ),
}


@pytest.mark.parametrize("count", [2, 3])
@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_union_of_shards_is_the_whole(schema: str, count: int) -> None:
    config = SCHEMAS[schema]()
    model, _ = load_schema(config)
    (target,) = config.targets
    assert len(model.generate) > 1
    whole = TARGET.generate(Request(model, target, config.json))
    paths = [f.path for f in whole]
    assert len(set(paths)) == len(paths)

    module = {n: m.file for n, m in Names(model, target.package).modules.items()}
    per_file = {module[n] for n in model.generate}
    union: dict[str, bytes] = {}
    for index in range(count):
        shard = Shard(index, count)
        request = Request(model, target, config.json, shard)
        files = TARGET.generate(request)
        expected_modules = {module[f.name] for f in request.files()}
        got = {f.path for f in files}
        # Per-file modules: exactly those of this shard's files.
        assert got & per_file == expected_modules
        # Everything else (runtime, package __init__s) only from the shared shard.
        if not shard.shared:
            assert got == expected_modules
        for f in files:
            assert f.path not in union, f"{f.path} rendered by two shards"
            union[f.path] = f.content
    assert union == {f.path: f.content for f in whole}
