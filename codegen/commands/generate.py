"""`protobind generate`: render every target and make the disk match, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from codegen import cache
from codegen.config import load_config
from codegen.paths import plural, produced


def generate(
    config_path: Path | None, *, use_cache: bool = True, fail_on_change: bool = False
) -> int:
    config = load_config(config_path)
    cache_key = None
    if use_cache:
        cache_key = cache.key(config)
        expected = cache.lookup(config, cache_key)
        if expected is not None and cache.disk_matches(expected):
            print(f"protobind: {plural(produced(expected), 'file')} up to date", file=sys.stderr)
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
    # Manifests are bookkeeping, not output: left out of every count and of the list, so
    # "N files" and the created/updated/removed figures add up.
    total = plural(sum(len(o.files) for o in result.outputs), "file")
    targets = plural(len(result.outputs), "target")
    listed = [c for c in diff.changes if c.path.name != MANIFEST]
    if not diff:
        print(f"protobind: {total} in {targets}, all up to date", file=sys.stderr)
        return 0
    if not listed:  # only a manifest was missing or edited: it changed on disk all the same
        print(f"protobind: {total} in {targets} up to date; manifest restored", file=sys.stderr)
        return 1 if fail_on_change else 0
    counts = {k: sum(1 for c in listed if c.kind == k) for k in ("missing", "modified", "stale")}
    print(
        f"protobind: {total} in {targets}: "
        f"{counts['missing']} created, {counts['modified']} updated, "
        f"{counts['stale']} stale removed",
        file=sys.stderr,
    )
    verbs = {"missing": "created", "modified": "updated", "stale": "removed"}
    lines = [
        f"  {verbs[c.kind]:8} {shown}\n"
        for c, shown in zip(listed, display_paths(c.path for c in listed), strict=True)
    ]
    sys.stderr.write("".join(lines))  # one write, not one per line (stderr is line-buffered)
    return 1 if fail_on_change else 0
