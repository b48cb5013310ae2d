"""protobind breaking agrees with `buf breaking --against`, finding for finding.

Each cases/<case>/ with before/ and after/ folders (each with the same buf.yaml) is
checked both ways: buf in after/ against ../before, and protobind's engine on the same
pair. Compared: path, line, column, rule ID and message.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from codegen.governance import breaking as engine
from codegen.governance.breakingrules import Corpus
from codegen.governance.findings import Finding
from codegen.governance.inputs import workspace
from tests.governance.bufrun import buf, keys

CASES = Path(__file__).parent / "cases"
PAIRS = sorted(
    p.name for p in CASES.iterdir() if (p / "before").is_dir() and (p / "after").is_dir()
)


@pytest.fixture(scope="module")
def buf_results() -> dict[str, list[dict[str, object]]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = {
            c: pool.submit(buf, "breaking", "--against", "../before", cwd=CASES / c / "after")
            for c in PAIRS
        }
        return {c: r.result() for c, r in runs.items()}


def protobind_breaking(case: Path) -> list[Finding]:
    cwd = os.getcwd()
    os.chdir(case / "after")
    try:
        ws = workspace(Path("."), None)
        new = engine.module_files(ws)
        old = engine.module_files(
            engine.rebase(ws, case / "after", case / "before"), case / "before"
        )
        found: list[Finding] = []
        for (module, new_files, _), (_, old_files, _) in zip(new, old, strict=True):
            found.extend(
                f for f, _ in engine.compare(Corpus(old_files), Corpus(new_files), module.breaking)
            )
    finally:
        os.chdir(cwd)
    return found


def as_json(found: list[Finding]) -> list[dict[str, object]]:
    return [
        {
            "path": f.path,
            "start_line": f.span.start_line,
            "start_column": f.span.start_column,
            "type": f.type,
            "message": f.message,
        }
        for f in found
    ]


@pytest.mark.parametrize("case", PAIRS)
def test_breaking_matches_buf(case: str, buf_results: dict[str, list[dict[str, object]]]) -> None:
    expected = keys([{**f, "path": f.get("path", "")} for f in buf_results[case]])
    ours = keys(as_json(protobind_breaking(CASES / case)))
    missing = [k for k in expected if k not in ours]
    extra = [k for k in ours if k not in expected]
    assert not missing and not extra, (
        f"missing (buf only): {missing}\nextra (protobind only): {extra}"
    )
    assert expected, "a case must produce findings, or it tests nothing"


NOT_COVERED_BY_CASES: set[str] = set()
"""Implemented rules no case makes buf report (none today: every one is pinned)."""


def test_every_implemented_rule_is_exercised(
    buf_results: dict[str, list[dict[str, object]]],
) -> None:
    from codegen.governance.breakingrules import RULES

    seen = {str(f["type"]) for found in buf_results.values() for f in found}
    unexercised = sorted(set(RULES) - seen - NOT_COVERED_BY_CASES)
    assert not unexercised, f"no case makes buf report these rules: {unexercised}"
