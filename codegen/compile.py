"""protoc (from grpcio-tools) turns the schemas into descriptors with source info.

protoc runs in-process: a subprocess would cost a Python start-up per run, which the
no-op `check` budget cannot afford. protoc writes its errors to the C-level stderr,
so file descriptor 2 is redirected to a temporary file around the call.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import descriptor_pb2

from codegen.errors import Diagnostic, SchemaError
from codegen.paths import display_path
from codegen.sources import SourceFile, discover, well_known_include

__all__ = ["Compiled", "SourceFile", "compile_protos", "discover", "well_known_include"]

# `path:line:col: message`, `path: message` or `path: warning: message` as protoc prints them.
_PROTOC_LINE = re.compile(r"^(?P<path>[^:\n]+?):(?:(?P<line>\d+):(?P<col>\d+):)?\s*(?P<msg>.*)$")
_PROTOC_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Compiled:
    descriptors: descriptor_pb2.FileDescriptorSet
    """Every input and everything it imports, dependencies first."""
    inputs: tuple[SourceFile, ...]
    """The files the user asked for, sorted by import path."""
    warnings: tuple[Diagnostic, ...]


def compile_protos(proto_paths: Sequence[Path], sources: Sequence[SourceFile]) -> Compiled:
    """Run protoc over `sources`; raise SchemaError with `path:line:col` diagnostics on failure."""
    include = [*proto_paths, well_known_include()]
    with tempfile.TemporaryDirectory(prefix="protobind-") as tmp:
        out = Path(tmp) / "descriptors.pb"
        args = [
            "protoc",
            *(f"--proto_path={p}" for p in include),
            "--include_imports",
            "--include_source_info",
            f"--descriptor_set_out={out}",
            *(s.name for s in sources),
        ]
        code, stderr = _run_protoc(args)
        locate = _locator(include, {s.name: s.path for s in sources})
        diagnostics = [_diagnostic(line, locate) for line in stderr.splitlines() if line.strip()]
        errors = [d for d in diagnostics if not d.message.startswith("warning:")]
        warnings = [d for d in diagnostics if d.message.startswith("warning:")]
        if code != 0 or not out.exists():
            if not errors:
                errors = [Diagnostic("protoc", 0, 0, f"failed with exit code {code}")]
            raise SchemaError(errors)
        fds = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    return Compiled(descriptors=fds, inputs=tuple(sources), warnings=tuple(warnings))


def _run_protoc(args: list[str]) -> tuple[int, str]:
    from grpc_tools import protoc

    with _PROTOC_LOCK, tempfile.TemporaryFile() as err:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(err.fileno(), 2)
            code = int(protoc.main(args))
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        err.seek(0)
        return code, err.read().decode("utf-8", "replace")


def _locator(include: Sequence[Path], known: dict[str, Path]) -> dict[str, str]:
    """Maps an import path protoc reports to the on-disk path shown to the user."""
    table = {name: display_path(path) for name, path in known.items()}

    class _Lookup(dict[str, str]):
        def __missing__(self, name: str) -> str:
            for root in include:
                candidate = root / name
                if candidate.is_file():
                    return display_path(candidate)
            return name

    return _Lookup(table)


def _diagnostic(line: str, locate: dict[str, str]) -> Diagnostic:
    m = _PROTOC_LINE.match(line)
    if m is None:
        return Diagnostic("protoc", 0, 0, line.strip())
    path = locate[m.group("path")]
    if m.group("line") is None:
        return Diagnostic(path, 0, 0, m.group("msg"))
    return Diagnostic(path, int(m.group("line")), int(m.group("col")), m.group("msg"))
