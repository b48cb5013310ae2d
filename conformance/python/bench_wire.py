"""Binary encode/decode throughput of the generated Python codec against upb and betterproto2.

    .venv/bin/python conformance/python/bench_wire.py [--count 300] [--rounds 5] [--out F]

All sides work on the same random TestAllTypesProto3 messages (the conformance generator,
tests/conformance/strategies.py), serialized by the official runtime: decode = bytes ->
message (`ParseFromString` on the `_pb2` class (upb), the generated `from_bytes`,
betterproto2's `parse`), encode = message -> bytes (`SerializeToString`, `to_bytes`,
`bytes(message)`). betterproto2 (a `bench` extra: `pip install -e .[bench]`) has its
classes generated into build/bench/bp2 with its protoc plugin; without it that column is
left out. Times are the best of `--rounds` passes (the machine is shared).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.conformance.oracle import PROTO3  # noqa: E402
from tests.conformance.strategies import random_messages  # noqa: E402
from tests.python.helpers import CONFORMANCE_INCLUDE, conformance_bindings  # noqa: E402

BP2 = REPO / "build" / "bench" / "bp2"


def best(rounds: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def betterproto2_class() -> Any:
    """TestAllTypesProto3 from betterproto2, generated on first use; None if missing."""
    try:
        import betterproto2  # noqa: F401
    except ImportError:
        return None
    if not (BP2 / "protobuf_test_messages").is_dir():
        BP2.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        proto = CONFORMANCE_INCLUDE / "google" / "protobuf" / "test_messages_proto3.proto"
        cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{CONFORMANCE_INCLUDE}",
               f"--python_betterproto2_out={BP2}", str(proto)]  # fmt: skip
        if subprocess.run(cmd, env=env, capture_output=True).returncode != 0:
            return None
    sys.path.insert(0, str(BP2.parent))
    module = importlib.import_module("bp2.protobuf_test_messages.proto3")
    return module.TestAllTypesProto3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="random messages")
    parser.add_argument("--rounds", type=int, default=5, help="passes; the best counts")
    parser.add_argument("--out", type=Path, default=None, help="write results as JSON")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="protobind-bench-"))
    sys.path.insert(0, str(root))
    package = conformance_bindings(root)
    ours_cls = importlib.import_module(
        f"{package}.google.protobuf.test_messages_proto3"
    ).TestAllTypesProto3
    importlib.import_module(f"{package}.google.protobuf.test_messages_proto2")

    pbs = [m for _, m in random_messages(args.count, seed=1, types=(PROTO3,))]
    blobs = [m.SerializeToString(deterministic=True) for m in pbs]
    pb_cls = type(pbs[0])
    ours = [ours_cls.from_bytes(b) for b in blobs]
    size = sum(len(b) for b in blobs)
    columns: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "upb": (
            lambda: [pb_cls.FromString(b) for b in blobs],
            lambda: [m.SerializeToString() for m in pbs],
        ),
        "protobind": (
            lambda: [ours_cls.from_bytes(b) for b in blobs],
            lambda: [m.to_bytes() for m in ours],
        ),
    }
    bp2_cls = betterproto2_class()
    if bp2_cls is not None:
        bp2 = [bp2_cls.parse(b) for b in blobs]
        columns["betterproto2"] = (
            lambda: [bp2_cls.parse(b) for b in blobs],
            lambda: [bytes(m) for m in bp2],
        )
    n = args.count
    print(f"{n} random TestAllTypesProto3 messages, {size / 1e3:.0f} kB of binary")
    print(f"{'':8}" + "".join(f"{name:>16}" for name in columns))
    results: dict[str, dict[str, float]] = {}
    for row, index in (("decode", 0), ("encode", 1)):
        cells = {name: best(args.rounds, fns[index]) / n * 1e6 for name, fns in columns.items()}
        results[row] = cells
        print(f"{row:8}" + "".join(f"{us:13.1f} us" for us in cells.values()))
    for row, cells in results.items():
        ratio = cells["protobind"] / cells["upb"]
        line = f"{row}: protobind {ratio:.1f}x upb's time"
        if "betterproto2" in cells:
            line += f", {cells['betterproto2'] / cells['protobind']:.1f}x faster than betterproto2"
        print(line)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps({"messages": n, "bytes": size, "rounds": args.rounds, "us": results})
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
