"""config -> compile -> model -> targets: the one path `generate` and `check` both take."""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from codegen.compile import compile_protos
from codegen.config import Config
from codegen.errors import Diagnostic, OutputError, UsageError
from codegen.model import Schema, build_schema
from codegen.output import MANIFEST, TargetOutput
from codegen.paths import display_path
from codegen.sources import discover
from codegen.targets import OutputFile, Request, get_target
from codegen.targets.base import Shard


@dataclass(frozen=True, slots=True)
class Result:
    schema: Schema
    outputs: tuple[TargetOutput, ...]
    warnings: tuple[Diagnostic, ...]

    def files(self) -> list[tuple[Path, bytes]]:
        """Every file of every target, manifests included, as absolute path and content."""
        return [item for o in self.outputs for item in o.with_manifest().items()]


def load_schema(config: Config) -> tuple[Schema, tuple[Diagnostic, ...]]:
    sources = discover(config.proto_paths, config.inputs)
    compiled = compile_protos(config.proto_paths, sources)
    schema = build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: _relative(s.path, config.root) for s in sources},
        display={s.name: display_path(s.path) for s in sources},
    )
    return schema, compiled.warnings


def run(config: Config) -> Result:
    """Render every target in memory; nothing touches the output folders."""
    schema, warnings = load_schema(config)
    large = len(schema.generate) >= PARALLEL_MIN_FILES
    if large:
        _return_freed_memory()
        # Out of the cyclic collector's sight for good: the model holds no cycles (so
        # reference counting still frees it), and left in the collector's generations
        # every full collection walks its hundreds of thousands of objects again: 0.2 s
        # each at 1000 files, set off by mere imports here and by the writes after.
        gc.freeze()
    requests = [Request(schema, t, config.json) for t in config.targets]
    rendered = _render_all(requests, len(schema.generate))
    outputs = []
    for request, files in zip(requests, rendered, strict=True):
        for f in files:
            _check_path(request.config.out, f.path)
        outputs.append(
            TargetOutput(
                request.config.language,
                request.config.out,
                tuple(sorted(files, key=lambda f: f.path)),
            )
        )
    return Result(schema, tuple(outputs), warnings)


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 64
_pending: list[Request] = []


def _render(request: Request) -> list[OutputFile]:
    return get_target(request.config.language).generate(request)


def _render_pending(index: int) -> list[OutputFile]:
    files = _render(_pending[index])
    _return_freed_memory()
    return files


def _render_all(requests: list[Request], file_count: int) -> list[list[OutputFile]]:
    """Every target's files; on large schemas split into shards rendered by forked workers.

    Each target is cut into one shard per core (disjoint sets of proto files), and the
    workers take (target, shard) tasks as they free up, so the cores stay busy whatever
    the targets' relative costs. Workers are forked after the model is built, so they
    share it instead of receiving a copy; only the rendered files travel back.
    """
    cores = os.cpu_count() or 1
    if (
        cores < 2
        or file_count < PARALLEL_MIN_FILES
        or sys.platform != "linux"
        or os.environ.get("PROTOBIND_JOBS") == "1"
    ):
        return [_render(r) for r in requests]
    counts = [
        min(cores, file_count) if getattr(get_target(r.config.language), "shardable", False) else 1
        for r in requests
    ]
    tasks = [
        replace(r, shard=Shard(i, n)) if n > 1 else r
        for r, n in zip(requests, counts, strict=True)
        for i in range(n)
    ]
    _pending[:] = tasks
    # The model is frozen (see `run`): the collector in each worker leaves its pages alone
    # instead of touching, and so copying, them.
    try:
        parts = _in_workers(cores, len(tasks))
    finally:
        _pending.clear()
    merged = []
    start = 0
    for request, n in zip(requests, counts, strict=True):
        files = [f for part in parts[start : start + n] for f in part]
        start += n
        paths = [f.path for f in files]
        if len(set(paths)) != len(paths):
            twice = sorted({p for p in paths if paths.count(p) > 1})
            raise AssertionError(f"{request.config.language}: shards both wrote {twice[:3]}")
        merged.append(files)
    return merged


def _in_workers(cores: int, count: int) -> list[list[OutputFile]]:
    """`_render_pending(i)` for every task, in forked workers.

    A process pool that loses a worker (killed, e.g. by the out-of-memory killer) reports
    it instead of waiting for its task forever; when no worker can be started at all, the
    tasks run here, one after the other (the same output, on one core)."""
    # Imported here: small schemas (every no-op check) never fork.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_render_pending, range(count)))
    except BrokenProcessPool:
        raise UsageError(
            "a rendering worker stopped unexpectedly (killed, perhaps for lack of memory); "
            "nothing was written. PROTOBIND_JOBS=1 renders in one process, with less memory"
        ) from None
    except OSError:  # no process to spare
        return [_render_pending(i) for i in range(count)]


def _return_freed_memory() -> None:
    """Give protoc's heap back to the OS before forking workers that would inherit it.

    The descriptors are garbage once the model is built, but glibc keeps freed memory in
    the process; on a 1000-file schema that is several hundred MB per worker.
    """
    if sys.platform != "linux":
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _check_path(root: Path, rel: str) -> None:
    parts = rel.split("/")
    if (
        rel.startswith("/")
        or not rel
        or any(p in ("", ".", "..") for p in parts)
        or rel == MANIFEST
    ):
        raise OutputError(
            f"refusing to write {rel!r}: it would leave {display_path(root)} "
            "(a template or target produced a bad path)"
        )


def _relative(path: Path, root: Path) -> str:
    """Relative to the config folder, so headers are the same on every machine."""
    return Path(os.path.relpath(path, root)).as_posix()
