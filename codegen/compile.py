"""protoc (from grpcio-tools) turns the schemas into descriptors with source info.

protoc runs in-process: a subprocess would cost a Python start-up per run, which the
no-op `check` budget cannot afford. protoc writes its errors to the C-level stderr,
so file descriptor 2 is redirected to a temporary file around the call.

On large schemas protoc runs in forked children instead, one per core, each on a
contiguous slice of the inputs and writing only that slice's files, then one more over
the files they import from outside the inputs: the slices parse in parallel, and
protoc's heap (several hundred MB at a thousand files) dies with the children instead of
staying in this process, which the render workers fork from. The descriptor sets are
joined file by file (a file's descriptor is the same bytes whichever run wrote it). When
a child fails or prints anything (an error or a warning), protoc runs again once,
in-process over all inputs, so diagnostics read exactly as they do on small schemas.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import descriptor_pb2

from codegen.errors import Diagnostic, SchemaError
from codegen.paths import display_path
from codegen.processes import Child, ChildLost, forking_pays
from codegen.sources import SourceFile, discover, well_known_include
from codegen.varint import read_varint

__all__ = ["Compiled", "SourceFile", "compile_protos", "discover", "well_known_include"]

# `path:line:col: message`, `path: message` or `path: warning: message` as protoc prints them.
_PROTOC_LINE = re.compile(r"^(?P<path>[^:\n]+?):(?:(?P<line>\d+):(?P<col>\d+):)?\s*(?P<msg>.*)$")
_PROTOC_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Compiled:
    descriptors: descriptor_pb2.FileDescriptorSet
    """Every input and everything it imports, each once. One protoc run lists
    dependencies first; the forked runs of large schemas list the imports from outside the
    inputs first, then the inputs slice by slice. The model does not depend on the order."""
    inputs: tuple[SourceFile, ...]
    """The files the user asked for, sorted by import path."""
    warnings: tuple[Diagnostic, ...]


def compile_protos(
    proto_paths: Sequence[Path],
    sources: Sequence[SourceFile],
    meanwhile: Callable[[], None] | None = None,
) -> Compiled:
    """Run protoc over `sources`; raise SchemaError with `path:line:col` diagnostics on failure.

    `meanwhile` runs in this process while protoc runs in forked children (large schemas
    only), on the core this process would otherwise leave idle."""
    include = [*proto_paths, well_known_include()]
    with tempfile.TemporaryDirectory(prefix="protobind-") as tmp:
        out = Path(tmp) / "descriptors.pb"
        options = [
            "protoc",
            *(f"--proto_path={p}" for p in include),
            "--include_imports",
            "--include_source_info",
        ]
        names = [s.name for s in sources]
        args = [*options, f"--descriptor_set_out={out}", *names]
        merged = _run_protoc_forked(options, names, tmp, meanwhile)
        if merged is not None:
            fds = descriptor_pb2.FileDescriptorSet.FromString(merged)
            return Compiled(descriptors=fds, inputs=tuple(sources), warnings=())
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


def _run_protoc_forked(
    options: list[str], names: list[str], tmp: str, meanwhile: Callable[[], None] | None = None
) -> bytes | None:
    """The merged descriptor set of protoc run in forked children: one per core over
    slices of `names` (each writing its own files only: copying every import into the
    output cost the later half of a 1000-file set 30% of its time and 20% of its memory),
    then one over the files they import from outside the inputs (the well-known types,
    other folders), with their own imports. None when forking does not pay or is
    unavailable, or when a child failed or printed anything (the caller then runs protoc
    in-process)."""
    if not forking_pays(len(names)):
        return None
    from grpc_tools import protoc  # imported once here, not in every child

    count = min(os.cpu_count() or 1, 4)
    # Dealt round-robin in runs of SLICE_RUN files, not cut into halves: a file tends to import
    # files sorted before it (shared types first), so the later half parsed more imports
    # and finished last (1000 synthetic files: at 0.87 s and 1.04 s). Dealt, both end at
    # 0.95 s for the same CPU time. Runs rather than single files keep neighbours (one
    # folder, importing each other) in one slice: single files cost 3% more CPU and
    # 9 MB more memory at the peak, when both children hold their whole set.
    slices = [
        [n for i, n in enumerate(names) if (i // SLICE_RUN) % count == k] for k in range(count)
    ]
    own = [o for o in options if o != "--include_imports"]
    with _PROTOC_LOCK:
        outputs = _fork_protoc(protoc.main, own, slices, Path(tmp) / "slice", meanwhile)
        if outputs is None:
            return None
        try:
            chunks = [c for data in outputs for c in _file_chunks(data)]
            present = {name for name, _, _ in chunks}
            outside = sorted({d for _, _, deps in chunks for d in deps} - present)
        except (ValueError, IndexError):  # not the layout protoc writes
            return None
        if outside:
            imported = _fork_protoc(protoc.main, options, [outside], Path(tmp) / "imports")
            if imported is None:
                return None
            try:
                extra = [c for c in _file_chunks(imported[0]) if c[0] not in present]
            except (ValueError, IndexError):
                return None
            chunks = extra + chunks  # dependencies first, as far as the slices allow
    return b"".join(chunk for _, chunk, _ in chunks)


SLICE_RUN = 8
"""Consecutive input files (sorted by name) that go to the same protoc slice."""


def _fork_protoc(
    main: Callable[[list[str]], int],
    options: list[str],
    slices: list[list[str]],
    stem: Path,
    meanwhile: Callable[[], None] | None = None,
) -> list[bytes] | None:
    """protoc over each slice in a forked child at once; their descriptor sets, or None
    if a child could not start, failed or printed anything."""
    children: list[tuple[Child[int], Path, Path]] = []
    for i, part in enumerate(slices):
        out = Path(f"{stem}-{i}.pb")
        err = Path(f"{stem}-{i}.err")
        args = [*options, f"--descriptor_set_out={out}", *part]
        child = Child.fork(functools.partial(_protoc_in_child, main, args, err))
        if child is None:  # no process to spare: the caller runs protoc in-process
            for started, _, _ in children:
                started.close()
            return None
        children.append((child, out, err))
    if meanwhile is not None:
        meanwhile()
    ok = True
    for child, out, err in children:
        try:
            code = child.result()
        except ChildLost:
            code = 1
        if code != 0 or err.stat().st_size or not out.exists():
            ok = False
    if not ok:
        return None
    return [out.read_bytes() for _, out, _ in children]


def _protoc_in_child(main: Callable[[list[str]], int], args: list[str], err: Path) -> int:
    """protoc, its messages (errors and warnings) written to `err`."""
    fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    return int(main(args))


def _file_chunks(data: bytes) -> list[tuple[str, bytes, list[str]]]:
    """A serialized FileDescriptorSet cut into its files: (name, the file's field 1 record
    as it appears in the set, the files it imports), read straight off the wire format:
    FileDescriptorSet.file is field 1; in a FileDescriptorProto, `name` is field 1 and
    `dependency` field 3."""
    chunks = []
    i, end = 0, len(data)
    while i < end:
        start = i
        if data[i] != 0x0A:  # field 1, length-delimited
            raise ValueError("unexpected descriptor set layout")
        length, i = read_varint(data, i + 1)
        name, deps = _name_and_dependencies(data, i, i + length)
        i += length
        chunks.append((name, data[start:i], deps))
    return chunks


def _name_and_dependencies(data: bytes, i: int, end: int) -> tuple[str, list[str]]:
    name = ""
    deps: list[str] = []
    while i < end:
        key, i = read_varint(data, i)
        kind = key & 7
        if kind == 2:  # length-delimited: strings and messages
            size, i = read_varint(data, i)
            field = key >> 3
            if field == 1:
                name = data[i : i + size].decode()
            elif field == 3:
                deps.append(data[i : i + size].decode())
            i += size
        elif kind == 0:
            _, i = read_varint(data, i)
        elif kind == 1:
            i += 8
        elif kind == 5:
            i += 4
        else:
            raise ValueError("unexpected descriptor set layout")
    if not name or i != end:
        raise ValueError("unexpected descriptor set layout")
    return name, deps


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
