"""Render-time measurement of the TypeScript target on a synthetic corpus.

    .venv/bin/python -m tests.typescript.perf [FILES]   (default 1000 files x 10 messages)

protoc and model building are excluded: this times `TARGET.generate` alone.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from codegen.config import JsonProfile
from tests.typescript.helpers import generate, schema_from_dir


def synthetic(root: Path, files: int, messages: int = 10) -> Path:
    protos = root / "protos"
    for i in range(files):
        pkg = f"bench.p{i % 20}"
        path = protos / "bench" / f"p{i % 20}" / f"file{i}.proto"
        path.parent.mkdir(parents=True, exist_ok=True)
        imports = ['import "google/protobuf/timestamp.proto";']
        prev = None
        if i > 0:
            prev = f"bench.p{(i - 1) % 20}.File{i - 1}Msg0"
            imports.append(f'import "bench/p{(i - 1) % 20}/file{i - 1}.proto";')
        body = []
        for j in range(messages):
            other = prev if prev and j == 0 else f"File{i}Msg{(j + 1) % messages}"
            body.append(
                f"""
// Message {j} of file {i}.
message File{i}Msg{j} {{
  // The id.
  string id = 1;
  int64 count = 2;
  repeated string tags = 3;
  map<string, int32> scores = 4;
  {other} other = 5;
  google.protobuf.Timestamp at = 6;
  Kind kind = 7;
  optional double ratio = 8;
  oneof choice {{
    string text = 9;
    int32 number = 10;
  }}
  enum Kind {{
    KIND_UNSPECIFIED = 0;
    KIND_A = 1;
  }}
}}"""
            )
        path.write_text(
            f'syntax = "proto3";\n\npackage {pkg};\n\n' + "\n".join(imports) + "\n" + "".join(body)
        )
    return protos


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        protos = synthetic(Path(tmp), files)
        t0 = time.perf_counter()
        schema = schema_from_dir(protos)
        t1 = time.perf_counter()
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            out = generate(schema, JsonProfile())
            runs.append(time.perf_counter() - start)
        size = sum(len(v) for v in out.values())
        print(
            f"{files} files x 10 messages: protoc+model {t1 - t0:.2f}s, "
            f"typescript render best {min(runs):.3f}s (runs {', '.join(f'{r:.3f}' for r in runs)}), "
            f"{len(out)} files, {size / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
