"""Build OUTDIR/testee-rust (see conformance/rust/build).

The Rust testee is one binary for every JSON profile (each profile is its own generated
tree in the test crate), so the four profile builds share one `cargo build`; the
launcher written here passes the profile.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.rust.workspace import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--names", default="json", choices=("json", "proto"))
    parser.add_argument("--int64", default="string", choices=("string", "number"))
    args = parser.parse_args()
    binary = build() / "conformance"
    outdir: Path = args.outdir.resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "testee-rust"
    target.write_text(f"#!/bin/sh\nexec {shlex.quote(str(binary))} {args.names} {args.int64}\n")
    target.chmod(0o755)
    print(f"built {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
