"""Sharded rendering (`Request.shard`): the union of the shards is the whole output.

The pipeline splits a large schema into one shard per core and renders them in forked
workers (codegen/pipeline.py). Each shard renders the modules of its own files and
shard 0 also the runtime module; names must not depend on the shard (they are computed
per file, from the file alone), so the union must be byte-identical to an unsharded
render, with no file written twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.config import JsonProfile, TargetConfig
from codegen.errors import SchemaError
from codegen.model import Schema
from codegen.targets.base import WHOLE, Request, Shard
from codegen.targets.typescript import TARGET
from codegen.targets.typescript.names import RUNTIME_MODULE, module_path
from tests.support.project import schema_of
from tests.typescript.helpers import GOLDEN, REPO, schema_from_dir
from tests.typescript.trees import CONFORMANCE, EXTRA

CORPUS = REPO / "tests" / "corpus"
# Collision cases the model itself refuses (fields sharing a JSON key): no target runs on
# them, so they have no shards (tests/test_corpus_compile.py checks the refusals).
MODEL_REFUSED = frozenset({"escape_suffix", "json_name_editions", "json_name_proto2"})

SCHEMAS: dict[str, list[Path]] = {
    "dogfood": [REPO / "schemas"],
    "realistic": [CORPUS / "realistic"],
    "kitchen_sink": [CORPUS / "kitchen_sink"],
    "keywords": [CORPUS / "keywords"],
    "comments": [CORPUS / "comments"],
    "conformance": [CONFORMANCE, EXTRA],
    **{
        f"collisions/{p.name}": [p]
        for p in sorted((CORPUS / "collisions").iterdir())
        if p.is_dir() and any(p.rglob("*.proto")) and p.name not in MODEL_REFUSED
    },
    **{
        f"golden/{p.name}": [p / "protos"]
        for p in sorted(GOLDEN.iterdir())
        if (p / "protos").is_dir()
    },
}

PROFILES = (JsonProfile(), JsonProfile(names="proto", int64="number"))


def request(schema: Schema, profile: JsonProfile, shard: Shard) -> Request:
    config = TargetConfig(language="typescript", out=Path("/nonexistent/out"))
    return Request(schema, config, profile, shard)


def render(schema: Schema, profile: JsonProfile, shard: Shard) -> dict[str, bytes]:
    files = TARGET.generate(request(schema, profile, shard))
    paths = [f.path for f in files]
    assert len(set(paths)) == len(paths), f"shard {shard} wrote a file twice"
    return {f.path: f.content for f in files}


def test_target_is_shardable() -> None:
    assert TARGET.shardable is True


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_union_of_shards_is_the_whole_output(name: str) -> None:
    schema = schema_from_dir(SCHEMAS[name])
    for profile in PROFILES:
        try:
            whole = render(schema, profile, WHOLE)
        except SchemaError as refused:
            # A refusal is the schema's, not the shard's: every shard refuses alike.
            for count in (2, 3):
                for i in range(count):
                    with pytest.raises(SchemaError) as info:
                        render(schema, profile, Shard(i, count))
                    assert str(info.value) == str(refused)
            continue
        for count in (2, 3):
            union: dict[str, bytes] = {}
            for i in range(count):
                shard = Shard(i, count)
                part = render(schema, profile, shard)
                mine = {
                    module_path(f.name)
                    for f in request(schema, profile, shard).files()
                    if not f.well_known
                }
                assert set(part) - {RUNTIME_MODULE} == mine
                assert (RUNTIME_MODULE in part) == shard.shared
                assert not part.keys() & union.keys()
                union.update(part)
            assert union.keys() == whole.keys(), f"{count} shards: other files than the whole"
            differ = sorted(p for p in whole if union[p] != whole[p])
            assert not differ, f"{count} shards: {differ[:5]} differ from the whole render"


def test_every_shard_refuses_a_module_path_collision(tmp_path: Path) -> None:
    """Module paths are checked over the whole schema: a collision between files of two
    different shards is refused by every shard, the shared one included."""
    schema = schema_of(
        tmp_path,
        {
            "a#b.proto": 'syntax = "proto3"; package x; message A {}',
            "a?b.proto": 'syntax = "proto3"; package y; message B {}',
            "c.proto": 'syntax = "proto3"; package z; message C {}',
        },
    )
    for i in range(3):
        with pytest.raises(SchemaError, match=r"a_b\.ts"):
            render(schema, JsonProfile(), Shard(i, 3))


def test_more_shards_than_files() -> None:
    schema = schema_from_dir(GOLDEN / "oneofs" / "protos")
    whole = render(schema, JsonProfile(), WHOLE)
    parts = [render(schema, JsonProfile(), Shard(i, 4)) for i in range(4)]
    assert [len(p) for p in parts] == [2, 0, 0, 0]
    assert parts[0] == whole
