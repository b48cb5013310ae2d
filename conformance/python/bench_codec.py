"""Encode/decode throughput of the generated Python codec against json_format.

    .venv/bin/python conformance/python/bench_codec.py [--count 300] [--rounds 5] [--out F]

Both sides work on the same random TestAllTypesProto3 messages (the conformance
generator, tests/conformance/strategies.py): decode = JSON text -> message
(`json_format.Parse` into a `_pb2` message vs the generated `from_json`), encode =
message -> JSON text (`json_format.MessageToJson` vs `to_json`), and the same through
dicts (`ParseDict`/`MessageToDict` vs `from_dict`/`to_dict`). Times are the best of
`--rounds` passes over all messages (the machine is shared: the best pass is the least
disturbed one); the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from google.protobuf import json_format  # noqa: E402

from tests.conformance.oracle import PROTO3  # noqa: E402
from tests.conformance.strategies import random_messages  # noqa: E402
from tests.python.helpers import conformance_bindings  # noqa: E402


def best(rounds: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


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
    # Any may hold either test message: both modules must be imported (registered).
    importlib.import_module(f"{package}.google.protobuf.test_messages_proto2")

    pbs = [m for _, m in random_messages(args.count, seed=1, types=(PROTO3,))]
    texts = [json_format.MessageToJson(m, indent=None) for m in pbs]
    dicts = [json.loads(t) for t in texts]
    ours = [ours_cls.from_json(t) for t in texts]
    pb_cls = type(pbs[0])
    size = sum(len(t) for t in texts)

    def jf_parse() -> None:
        for t in texts:
            json_format.Parse(t, pb_cls())

    def pb_parse() -> None:
        for t in texts:
            ours_cls.from_json(t)

    def jf_print() -> None:
        for m in pbs:
            json_format.MessageToJson(m, indent=None)

    def pb_print() -> None:
        for m in ours:
            m.to_json()

    def jf_parse_dict() -> None:
        for d in dicts:
            json_format.ParseDict(d, pb_cls())

    def pb_parse_dict() -> None:
        for d in dicts:
            ours_cls.from_dict(d)

    def jf_to_dict() -> None:
        for m in pbs:
            json_format.MessageToDict(m)

    def pb_to_dict() -> None:
        for m in ours:
            m.to_dict()

    rows = [
        ("decode JSON text", jf_parse, pb_parse),
        ("encode JSON text", jf_print, pb_print),
        ("decode from dict", jf_parse_dict, pb_parse_dict),
        ("encode to dict", jf_to_dict, pb_to_dict),
    ]
    print(f"{args.count} random TestAllTypesProto3 messages, {size / 1e3:.0f} kB of JSON")
    print(f"{'':18} {'json_format':>14} {'protobind':>14} {'speed-up':>9}")
    results = {}
    for name, jf, pb in rows:
        a, b = best(args.rounds, jf), best(args.rounds, pb)
        n = args.count
        print(f"{name:18} {a / n * 1e6:11.1f} us {b / n * 1e6:11.1f} us {a / b:8.1f}x")
        results[name] = {"json_format_us": a / n * 1e6, "protobind_us": b / n * 1e6}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(
                {
                    "messages": args.count,
                    "json_bytes": size,
                    "rounds": args.rounds,
                    "results": results,
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
