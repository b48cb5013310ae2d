"""The JSON codecs' throughput, a section of `make bench` (also `make bench-codecs`).

    .venv/bin/python bench/codecs.py

Runs, on the same seeded random TestAllTypesProto3 messages (tests/conformance's
strategies):

* conformance/python/bench_codec.py: the generated Python `from_json`/`to_json`/
  `from_dict`/`to_dict` against protobuf's `json_format` (best of 5 passes);
* conformance/python/bench_wire.py: the generated Python `from_bytes`/`to_bytes` against
  upb (`_pb2`) and betterproto2 (the `bench` extra);
* conformance/go/bench/run.py: the generated Go `UnmarshalJSON`/`MarshalJSON` against
  `protojson`, and `UnmarshalProto`/`MarshalProto` against `proto.Unmarshal`/
  `proto.Marshal`, over protoc-gen-go types (`go test -bench`).

Results go to build/bench/codec-python.json and build/bench/go-codec.json, which
bench/report.py turns into the "JSON codecs" section of docs/benchmarks.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "build" / "bench"
PYTHON_RESULTS = BUILD / "codec-python.json"
GO_RESULTS = BUILD / "go-codec.json"
PYTHON_WIRE_RESULTS = BUILD / "wire-python.json"


def main() -> int:
    python = str(REPO / ".venv" / "bin" / "python")
    steps = [
        [python, "conformance/python/bench_codec.py", "--out", str(PYTHON_RESULTS)],
        [python, "conformance/python/bench_wire.py", "--out", str(PYTHON_WIRE_RESULTS)],
        [python, "conformance/go/bench/run.py", "--out", str(GO_RESULTS)],
    ]
    failed = 0
    for cmd in steps:
        print(f"bench: {' '.join(cmd[1:2])}", file=sys.stderr)
        if subprocess.run(cmd, cwd=REPO).returncode != 0:
            print(f"bench: {cmd[1]} failed (see above)", file=sys.stderr)
            failed = 1
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
