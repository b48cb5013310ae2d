"""Real output type-checks with tsc 7 and tsc 5.9 under TS_COMPILER_OPTIONS (the strictest
flags: exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, ...)."""

from __future__ import annotations

import json
from pathlib import Path

from codegen.config import JsonProfile, load_config
from codegen.pipeline import load_schema
from codegen.targets.base import Request
from codegen.targets.typescript import TARGET
from tests.support.toolchains import check_typescript
from tests.typescript.helpers import REPO, generate, schema_from_dir, write_tree
from tests.typescript.node_harness import Case, build


def test_dogfood_compiles(tmp_path: Path) -> None:
    """protobind.toml's own TypeScript target, generated into a temporary folder."""
    config = load_config(REPO / "protobind.toml")
    schema, _ = load_schema(config)
    (target,) = [t for t in config.targets if t.language == "typescript"]
    files = TARGET.generate(Request(schema, target, config.json))
    write_tree(tmp_path, {f.path: f.content for f in files})
    assert (tmp_path / "protobind/types/v1/attestation.ts").is_file()
    check_typescript(tmp_path)


def test_realistic_corpus_compiles_in_every_profile(tmp_path: Path) -> None:
    corpus = REPO / "tests" / "corpus" / "realistic"
    schema = schema_from_dir(corpus, "tests/corpus/realistic")
    for names in ("json", "proto"):
        for int64 in ("string", "number"):
            files = generate(schema, JsonProfile(names=names, int64=int64))  # type: ignore[arg-type]
            write_tree(tmp_path / f"{names}-{int64}", files)
    check_typescript(tmp_path)


def test_dogfood_parses_the_design_example(tmp_path: Path) -> None:
    """DESIGN §8's Attestation example round-trips; errors name the path as DESIGN §4 shows."""
    schema = schema_from_dir(REPO / "schemas", "schemas")
    tree = build(tmp_path, schema, JsonProfile())
    example = (
        '{"id": "att-1", "subjects": ["user:42"], "predicates": ["member"], '
        '"contexts": ["team:core"], "actors": ["svc:directory"], '
        '"timestamp": "2026-01-02T03:04:05Z", "source": "directory-sync"}'
    )
    t = "protobind.types.v1.Attestation"
    ok, bad, snake = tree.run(
        [
            Case(t, example),
            Case(t, '{"subjects": ["a", "b", 3]}'),
            Case(t, '{"next_page_token": "x", "total_size": 12}'),
        ]
    )
    assert ok.ok == json.loads(example)
    assert bad.error is not None
    assert bad.error.startswith("attestation.subjects[2]: expected string")
    assert snake.error is not None  # AttestationPage fields are unknown to Attestation
