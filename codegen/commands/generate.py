from __future__ import annotations

import sys
from pathlib import Path

from codegen.config import load_config
from codegen.output import apply, compare, locked
from codegen.paths import display_path
from codegen.pipeline import run


def generate(config_path: Path | None) -> int:
    config = load_config(config_path)
    result = run(config)
    for w in result.warnings:
        print(w, file=sys.stderr)
    with locked(config.root):
        # Compared under the lock: a run that waited sees the other run's writes.
        diff = compare(result.outputs)
        apply(diff)
    counts = {
        k: sum(1 for c in diff.changes if c.kind == k) for k in ("missing", "modified", "stale")
    }
    total = sum(len(o.files) for o in result.outputs)
    if diff:
        print(
            f"protobind: {total} files in {len(result.outputs)} targets: "
            f"{counts['missing']} created, {counts['modified']} updated, "
            f"{counts['stale']} stale removed",
            file=sys.stderr,
        )
        for change in diff.changes:
            verb = {"missing": "created", "modified": "updated", "stale": "removed"}[change.kind]
            print(f"  {verb:8} {display_path(change.path)}", file=sys.stderr)
    else:
        print(
            f"protobind: {total} files in {len(result.outputs)} targets, all up to date",
            file=sys.stderr,
        )
    return 0
