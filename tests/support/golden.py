"""Golden files: compare generated output with `expected/` and, on request, refresh it.

Refresh with `pytest --update-goldens`, then review `git diff` before committing.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Mapping
from pathlib import Path


def assert_golden(expected_dir: Path, actual: Mapping[str, bytes], update: bool) -> None:
    """`actual` maps relative paths to contents; `expected_dir` must hold exactly those."""
    if update:
        if expected_dir.exists():
            shutil.rmtree(expected_dir)
        for rel, content in actual.items():
            path = expected_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return
    assert expected_dir.is_dir(), f"{expected_dir} missing: run pytest --update-goldens"
    on_disk = {
        p.relative_to(expected_dir).as_posix(): p.read_bytes()
        for p in sorted(expected_dir.rglob("*"))
        if p.is_file()
    }
    problems = []
    for rel in sorted(set(on_disk) | set(actual)):
        if rel not in actual:
            problems.append(f"{rel}: expected but not generated")
        elif rel not in on_disk:
            problems.append(f"{rel}: generated but not in {expected_dir}")
        elif on_disk[rel] != actual[rel]:
            diff = difflib.unified_diff(
                on_disk[rel].decode().splitlines(keepends=True),
                actual[rel].decode().splitlines(keepends=True),
                f"expected/{rel}",
                f"actual/{rel}",
            )
            problems.append("".join(diff))
    assert not problems, "golden mismatch (pytest --update-goldens to accept):\n" + "\n".join(
        problems
    )
