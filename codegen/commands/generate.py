"""`protobind generate`: render every target and make the disk match, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from codegen import cache
from codegen.config import load_config


def generate(
    config_path: Path | None, *, use_cache: bool = True, fail_on_change: bool = False
) -> int:
    config = load_config(config_path)
    cache_key = None
    if use_cache:
        cache_key = cache.key(config)
        expected = cache.lookup(config, cache_key)
        if expected is not None and cache.disk_matches(expected):
            print(f"protobind: {len(expected)} files up to date", file=sys.stderr)
            return 0

    from codegen.output import MANIFEST, apply, compare, locked
    from codegen.paths import display_paths
    from codegen.pipeline import run

    result = run(config)
    for w in result.warnings:
        print(w, file=sys.stderr)
    stored = None
    if cache_key is not None:
        stored = cache.store_meanwhile(config, cache_key, result.files())
    with locked(config.root):
        # Compared under the lock: a run that waited sees what the other run wrote.
        diff = compare(result.outputs)
        apply(diff)
    if stored is not None:
        stored()
    total = sum(len(o.files) for o in result.outputs)
    if not diff:
        print(
            f"protobind: {total} files in {len(result.outputs)} targets, all up to date",
            file=sys.stderr,
        )
        return 0
    counts = {
        k: sum(1 for c in diff.changes if c.kind == k) for k in ("missing", "modified", "stale")
    }
    print(
        f"protobind: {total} files in {len(result.outputs)} targets: "
        f"{counts['missing']} created, {counts['modified']} updated, "
        f"{counts['stale']} stale removed",
        file=sys.stderr,
    )
    listed = [c for c in diff.changes if c.path.name != MANIFEST]
    verbs = {"missing": "created", "modified": "updated", "stale": "removed"}
    lines = [
        f"  {verbs[c.kind]:8} {shown}\n"
        for c, shown in zip(listed, display_paths(c.path for c in listed), strict=True)
    ]
    sys.stderr.write("".join(lines))  # one write, not one per line (stderr is line-buffered)
    return 1 if fail_on_change else 0
