"""Run the real buf (npm's @bufbuild/buf in node_modules) offline, its cache in build/.

buf missing is a failure, never a skip: the agreement tests are the point of this suite.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUF = ROOT / "node_modules" / ".bin" / "buf"
CACHE = ROOT / "build" / "buf-cache"

Key = tuple[str, int, int, str]


def buf(*args: str, cwd: Path) -> list[dict[str, object]]:
    """buf's findings as JSON objects; raises when buf cannot run or fails otherwise."""
    if not BUF.exists():
        raise AssertionError(f"buf is not installed at {BUF}: run `make setup` (npm ci)")
    CACHE.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BUF_CACHE_DIR": str(CACHE), "NO_COLOR": "1"}
    proc = subprocess.run(
        [str(BUF), *args, "--error-format", "json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode not in (0, 100):
        raise AssertionError(
            f"buf {' '.join(args)} failed ({proc.returncode}): {proc.stderr}{proc.stdout}"
        )
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    compile_errors = [o for o in out if o.get("type") == "COMPILE"]
    if compile_errors:
        raise AssertionError(f"the case does not compile under buf: {compile_errors}")
    return out


def keys(findings: list[dict[str, object]]) -> list[tuple[str, int, int, str, str]]:
    return sorted(
        (
            str(f["path"]),
            int(f["start_line"]),
            int(f["start_column"]),
            str(f["type"]),
            str(f["message"]),
        )  # type: ignore[call-overload]
        for f in findings
    )
