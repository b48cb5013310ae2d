"""Golden cases: each folder under golden/ holds protos/, an optional case.toml (the JSON
profile) and expected/, the exact output. Refresh with `pytest --update-goldens` and
read the diff before committing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.golden import assert_golden
from tests.support.toolchains import TS_COMPILER_OPTIONS, TSC, check_typescript, run
from tests.typescript.helpers import GOLDEN, case_profile, generate, schema_from_dir

USAGE = Path(__file__).resolve().parent / "usage"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "protos").is_dir())


RUNTIME = "protobind-runtime.ts"


def keeps_runtime(case: str) -> bool:
    """The runtime depends on the profile only: `basics` and cases with their own profile
    (a case.toml) keep it in expected/; the others borrow basics' when compiled."""
    return case == "basics" or (GOLDEN / case / "case.toml").exists()


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update_goldens: bool) -> None:
    root = GOLDEN / case
    files = generate(schema_from_dir(root / "protos"), case_profile(root))
    if not keeps_runtime(case):
        del files[RUNTIME]
    assert_golden(root / "expected", files, update_goldens)


def test_goldens_compile(tmp_path: Path) -> None:
    """Every expected tree type-checks with tsc 7 and tsc 5.9 under the strictest flags,
    together with usage/*.ts: code written against the goldens, whose `@ts-expect-error`
    lines pin what the types must reject."""
    for case in CASES:
        expected = GOLDEN / case / "expected"
        dest = tmp_path / case
        for path in expected.rglob("*"):
            if path.is_file():
                target = dest / path.relative_to(expected)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        if not keeps_runtime(case):
            (dest / RUNTIME).write_bytes((GOLDEN / "basics" / "expected" / RUNTIME).read_bytes())
    usage = tmp_path / "usage"
    usage.mkdir()
    for path in USAGE.glob("*.ts"):
        (usage / path.name).write_bytes(path.read_bytes())
    check_typescript(tmp_path)
    # Erasable syntax only (no enums, namespaces, parameter properties): the output also
    # runs under Node's type stripping. One compiler suffices for this flag.
    config = {
        "compilerOptions": {**TS_COMPILER_OPTIONS, "erasableSyntaxOnly": True},
        "include": ["**/*.ts"],
    }
    (tmp_path / "tsconfig.erasable.json").write_text(json.dumps(config))
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    run(["node", TSC["7"], "-p", "tsconfig.erasable.json"], cwd=tmp_path)
