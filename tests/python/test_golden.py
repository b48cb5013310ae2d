"""Golden output of the Python target on small schemas (tests/python/golden/<case>/).

Each case holds `protos/` and `expected/` (the output below the target's `out`, package
`golden_<case>`, so every case can be compiled side by side). Refresh with
`pytest tests/python/test_golden.py --update-goldens` and read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.python.helpers import check_packages, generate
from tests.support.golden import assert_golden

GOLDEN = Path(__file__).parent / "golden"

CASES: dict[str, dict[str, object]] = {
    "basic": {},
    "oneofs": {},
    "proto2": {},
    "wkt": {},
    "names": {},
    "public": {},
    "profile": {"json": {"names": "proto", "int64": "number"}},
    "nopackage": {"package": None},
    "grpc": {"grpc": True},
}


def _generate(case: str) -> dict[str, bytes]:
    options = CASES[case]
    package = options.get("package", f"golden_{case}")
    return generate(
        GOLDEN / case,
        package=package,  # type: ignore[arg-type]
        json=options.get("json"),  # type: ignore[arg-type]
        grpc=bool(options.get("grpc")),
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, update_goldens: bool) -> None:
    assert_golden(GOLDEN / case / "expected", _generate(case), update_goldens)


def test_goldens_compile(tmp_path: Path) -> None:
    """Every expected tree passes mypy --strict, imports cleanly and is ruff-formatted."""
    packages = []
    for case, options in CASES.items():
        expected = GOLDEN / case / "expected"
        if "package" in options and options["package"] is None:
            continue
        shutil.copytree(expected, tmp_path / f"golden_{case}")
        packages.append(f"golden_{case}")
    check_packages(tmp_path, packages)


def test_golden_without_package_compiles(tmp_path: Path) -> None:
    """Without `package`, `out` is a sys.path root (and `json.proto` must not shadow
    the standard library's json)."""
    root = tmp_path / "root"
    shutil.copytree(GOLDEN / "nopackage" / "expected", root)
    check_packages(root, ["json_", "sub"])
