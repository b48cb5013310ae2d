"""Golden tests: small schemas and the exact Rust they produce (the same protos as the
Go goldens). Refresh with `pytest tests/rust --update-goldens` and read the diff; the
goldens compile as part of tests/rust/test_compile.py's crate only through the corpora,
so they are also checked with rustfmt here when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from codegen.compile import compile_protos
from codegen.config import JsonProfile, TargetConfig
from codegen.model import build_schema
from codegen.sources import discover
from codegen.targets import Request, get_target
from tests.support.golden import assert_golden

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "protos").is_dir())


def _render_case(case: Path, out: Path) -> dict[str, bytes]:
    protos = case / "protos"
    sources = discover([protos])
    compiled = compile_protos([protos], sources)
    schema = build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: f"protos/{s.name}" for s in sources},
    )
    config = TargetConfig(language="rust", out=out, grpc=True)
    files = get_target("rust").generate(Request(schema, config, JsonProfile()))
    return {f.path: f.content for f in files}


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update_goldens: bool, tmp_path: Path) -> None:
    files = _render_case(GOLDEN / case, tmp_path / "out")
    assert_golden(GOLDEN / case / "expected", files, update_goldens)


@pytest.mark.parametrize("case", CASES)
def test_golden_rustfmt_clean(case: str, tmp_path: Path) -> None:
    if shutil.which("rustfmt") is None:
        pytest.skip("rustfmt not installed")
    files = _render_case(GOLDEN / case, tmp_path / "out")
    for name, data in files.items():
        path = tmp_path / "out" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    proc = subprocess.run(
        ["rustfmt", "--check", "--edition", "2021", str(tmp_path / "out" / "mod.rs")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
