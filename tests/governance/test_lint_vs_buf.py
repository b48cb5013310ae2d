"""protobind lint agrees with the real buf, finding for finding, on crafted cases.

Each folder in cases/ (not ending in _before/_after) holds a buf.yaml and .proto files;
buf runs once per case (in parallel, before the tests compare) and protobind lints the
same folder. Compared: path, line, column, rule ID and message, exactly.
"""

from __future__ import annotations

import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from codegen.governance import lint as engine
from codegen.governance.inputs import compile_modules, workspace
from codegen.governance.report import write
from tests.governance.bufrun import buf, keys

CASES = Path(__file__).parent / "cases"
LINT_CASES = sorted(p.name for p in CASES.iterdir() if (p / "buf.yaml").is_file())
"""Lint cases: a folder with a buf.yaml at its top (breaking cases hold before/ and after/)."""


@pytest.fixture(scope="module")
def buf_results() -> dict[str, list[dict[str, object]]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = {c: pool.submit(buf, "lint", cwd=CASES / c) for c in LINT_CASES}
        return {c: r.result() for c, r in runs.items()}


def protobind_lint(case: Path) -> list[dict[str, object]]:
    cwd = os.getcwd()
    os.chdir(case)  # paths print relative to the working folder, as buf's do
    try:
        ws = workspace(Path("."), None)
        found = []
        for module, files, every in compile_modules(ws.modules):
            found.extend(engine.lint_files(files, every, module.lint))
    finally:
        os.chdir(cwd)
    out = io.StringIO()
    write(found, "json", out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("case", LINT_CASES)
def test_lint_matches_buf(case: str, buf_results: dict[str, list[dict[str, object]]]) -> None:
    expected = keys(buf_results[case])
    ours = keys(
        [f for f in protobind_lint(CASES / case) if not str(f["type"]).startswith("PROTOBIND_")]
    )
    missing = [k for k in expected if k not in ours]
    extra = [k for k in ours if k not in expected]
    assert not missing and not extra, (
        f"missing (buf only): {missing}\nextra (protobind only): {extra}"
    )
    assert expected, "a case must produce findings, or it tests nothing"


NOT_COVERED_BY_CASES = {
    # Reports nothing in buf 1.75 (deprecated); accepted in `use` for compatibility.
    "IMPORT_NO_WEAK",
}


def test_every_implemented_rule_is_exercised(
    buf_results: dict[str, list[dict[str, object]]],
) -> None:
    from codegen.governance.lintrules import RULES

    seen = {str(f["type"]) for found in buf_results.values() for f in found}
    unexercised = sorted(set(RULES) - seen - NOT_COVERED_BY_CASES)
    assert not unexercised, f"no case makes buf report these rules: {unexercised}"
