"""Time one target's rendering (model built once, outside the timing) and check sharding.

    .venv/bin/python bench/render_time.py --language go --files 1000 [--runs 3] [--profile]

Writes the synthetic corpus under build/perf/ the first time. Prints the best of `runs`
renders of the whole target, then renders it as 2 shards and checks that their union is
byte-identical to the whole (when the target declares `shardable`).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# bench/ holds a profile.py that would shadow the standard library's.
sys.path[0] = str(REPO)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import gc  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

from bench.corpus import synthetic  # noqa: E402
from codegen.config import parse_config  # noqa: E402
from codegen.pipeline import load_schema  # noqa: E402
from codegen.targets import get_target  # noqa: E402
from codegen.targets.base import Request, Shard  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--language", required=True, choices=("python", "go", "typescript"))
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one render")
    args = ap.parse_args()

    root = REPO / "build" / "perf" / f"n{args.files}"
    if not root.exists():
        synthetic(args.files, root)
    target_table = {
        "python": {"language": "python", "out": "out/py/gen", "package": "gen"},
        "go": {"language": "go", "out": "out/go", "module": "example.test/gen"},
        "typescript": {"language": "typescript", "out": "out/ts"},
    }[args.language]
    config = parse_config(
        {"proto_paths": ["."], "targets": [target_table]}, source=root / "protobind.toml"
    )
    t = time.perf_counter()
    schema, _ = load_schema(config)
    print(f"model: {len(schema.generate)} files in {time.perf_counter() - t:.2f} s")
    target = get_target(args.language)
    request = Request(schema, config.targets[0], config.json)
    gc.disable()
    best = float("inf")
    whole = []
    for _ in range(args.runs):
        t = time.perf_counter()
        whole = target.generate(request)
        best = min(best, time.perf_counter() - t)
    size = sum(len(f.content) for f in whole)
    print(f"{args.language}: {len(whole)} files, {size / 1e6:.1f} MB, best render {best:.3f} s")
    if args.profile:
        cProfile.runctx("target.generate(request)", globals(), locals(), "/tmp/render.prof")
        pstats.Stats("/tmp/render.prof").sort_stats("tottime").print_stats(25)
    if getattr(target, "shardable", False):
        parts = []
        for i in range(2):
            t = time.perf_counter()
            parts += target.generate(Request(schema, config.targets[0], config.json, Shard(i, 2)))
            print(f"shard {i}/2: {time.perf_counter() - t:.3f} s")
        union = sorted((f.path, f.content) for f in parts)
        same = union == sorted((f.path, f.content) for f in whole)
        print("shards: union identical to whole" if same else "shards: MISMATCH")
        return 0 if same else 1
    print("shards: target is not shardable")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
