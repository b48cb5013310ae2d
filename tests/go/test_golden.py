"""Golden tests: small inline schemas and the exact Go they produce.

Each folder below golden/ holds `protos/` (the proto root) and `expected/` (the Go
target's output). Refresh with `pytest tests/go --update-goldens` and read the diff.
A case folder may hold `profile.toml`-style overrides in `json.txt` ("names=proto") and
target options in `target.txt` ("grpc=true").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.compile import compile_protos
from codegen.config import JsonProfile
from codegen.model import build_schema
from codegen.sources import discover
from tests.go.helpers import go_vet_build, gofmt_clean, render, write_tree
from tests.support.golden import assert_golden
from tests.support.project import GO_MODULE

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "protos").is_dir())


def _profile(case: Path) -> JsonProfile:
    opts = case / "json.txt"
    if not opts.exists():
        return JsonProfile()
    values = dict(line.split("=", 1) for line in opts.read_text().split() if "=" in line)
    return JsonProfile(**values)  # type: ignore[arg-type]


def _grpc(case: Path) -> bool:
    opts = case / "target.txt"
    return opts.exists() and "grpc=true" in opts.read_text().split()


def _render_case(case: Path, out: Path) -> dict[str, bytes]:
    protos = case / "protos"
    sources = discover([protos])
    compiled = compile_protos([protos], sources)
    schema = build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: f"protos/{s.name}" for s in sources},
    )
    return render(schema, out, module=GO_MODULE, json=_profile(case), grpc=_grpc(case))


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update_goldens: bool, tmp_path: Path) -> None:
    files = _render_case(GOLDEN / case, tmp_path / "out")
    assert_golden(GOLDEN / case / "expected", files, update_goldens)


@pytest.mark.parametrize("case", CASES)
def test_golden_compiles(case: str, tmp_path: Path) -> None:
    files = _render_case(GOLDEN / case, tmp_path / "out")
    out = write_tree(tmp_path / "out", files, grpc=_grpc(GOLDEN / case))
    gofmt_clean(out)
    go_vet_build(out)
