"""This repository's own bindings (generated/) are current, deterministic and compile."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from codegen.config import load_config
from codegen.output import compare
from codegen.pipeline import run
from tests.support import toolchains

REPO = Path(__file__).resolve().parents[1]
CONFIG = load_config(REPO / "protobind.toml")
TARGETS = {t.language: t for t in CONFIG.targets}


def test_generated_matches_schemas() -> None:
    drift = compare(run(CONFIG).outputs)
    assert not drift, "generated/ is out of date: run `make generate`\n" + "\n".join(
        f"{c.kind} {c.path}" for c in drift.changes
    )


def test_generation_is_deterministic_whatever_the_file_order(tmp_path: Path) -> None:
    """Two runs, and a copy of the schemas written in another order, give the same bytes."""
    first = {str(p): c for o in run(CONFIG).outputs for p, c in o.with_manifest().items()}
    second = {str(p): c for o in run(CONFIG).outputs for p, c in o.with_manifest().items()}
    assert first == second
    schemas = sorted((REPO / "schemas").rglob("*.proto"))
    random.Random(7).shuffle(schemas)
    copy = tmp_path / "schemas"
    for path in schemas:
        dest = copy / path.relative_to(REPO / "schemas")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    shutil.copyfile(REPO / "protobind.toml", tmp_path / "protobind.toml")
    moved = run(load_config(tmp_path / "protobind.toml"))
    third = {
        str(REPO / p.relative_to(tmp_path)): c
        for o in moved.outputs
        for p, c in o.with_manifest().items()
    }
    assert third == first


@pytest.mark.parametrize("language", ["python", "go", "typescript"])
def test_generated_compiles(language: str) -> None:
    target = TARGETS[language]
    if language == "python":
        assert target.package is not None
        toolchains.check_python(target.out, target.package)
        toolchains.check_python_format(target.out)
    elif language == "go":
        assert target.module is not None
        toolchains.check_go(target.out, target.module)
        toolchains.check_gofmt(target.out)
    else:
        toolchains.check_typescript(target.out)
