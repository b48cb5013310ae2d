"""A minimal target for testing the pipeline, output and commands without a real language.

One text file per proto file listing its messages; a `runtime.txt` beside them.
"""

from __future__ import annotations

from typing import ClassVar

from codegen.targets.base import OutputFile, Request, header_line


class FakeTarget:
    language: ClassVar[str] = "fake"
    shardable: ClassVar[bool] = True

    def generate(self, request: Request) -> list[OutputFile]:
        files = [OutputFile("runtime.txt", b"runtime\n")] if request.shard.shared else []
        for f in request.files():
            body = [f"# {header_line(f)}"]
            body += [m.full_name for m in f.all_messages()]
            files.append(
                OutputFile(f.name.replace(".proto", ".txt"), "\n".join(body).encode() + b"\n")
            )
        return files


TARGET = FakeTarget()
