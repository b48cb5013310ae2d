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
    compiled = compile_protos(config.proto_paths, sources, lambda: _prepare_targets(config))
    schema = build_schema(
        compiled.descriptors.file,
        helper=_parallel(len(sources)),
        inputs=[s.name for s in sources],
        sources={s.name: _relative(s.path, config.root) for s in sources},
        display={s.name: display_path(s.path) for s in sources},
    )
    return schema, compiled.warnings


def _prepare_targets(config: Config) -> None:
    """Import the targets and load their templates while protoc runs elsewhere: the render,
    here and in the children forked for it, then starts with both in place."""
    from codegen.render import preload

    for t in config.targets:
        get_target(t.language)
        preload(t.language, t.templates)


def run(config: Config) -> Result:
    """Render every target in memory; nothing touches the output folders."""
    # The collector stays off until the model is out of its sight: every object the build
    # made waits in the youngest generation, and the first collection after would walk
    # them all (0.14 s at 1000 files) to find no garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        schema, warnings = load_schema(config)
        if len(schema.generate) >= PARALLEL_MIN_FILES:
            _return_freed_memory()
            # Out of the cyclic collector's sight for good: the model holds no cycles (so
            # reference counting still frees it), and left in the collector's generations
            # every full collection walks its hundreds of thousands of objects again:
            # 0.2 s each at 1000 files, set off by mere imports here and by the writes after.
            gc.freeze()
    finally:
        if collecting:
            gc.enable()
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


def _parallel(file_count: int) -> bool:
    """Whether work on this many files is worth spreading over forked processes."""
    return (
        (os.cpu_count() or 1) >= 2
        and file_count >= PARALLEL_MIN_FILES
        and sys.platform == "linux"
        and os.environ.get("PROTOBIND_JOBS") != "1"
    )


def _render(request: Request) -> list[OutputFile]:
    return get_target(request.config.language).generate(request)


def _render_pending(index: int) -> list[OutputFile]:
    files = _render(_pending[index])
    _return_freed_memory()
    return files


def _render_all(requests: list[Request], file_count: int) -> list[list[OutputFile]]:
    """Every target's files; on large schemas split into shards rendered by several processes.

    Each target is cut into one shard per core (disjoint sets of proto files); this process
    renders shard 0 of every target and one forked child per other core renders its own
    shard of every target. The children are forked after the model is built, so they share
    it instead of receiving a copy; only the rendered files travel back. This process works
    too instead of waiting on a pool: one process fewer holding its copied pages and its
    results at the memory peak, and this process's own share never crosses a pipe.
    """
    if not _parallel(file_count):
        return [_render(r) for r in requests]
    processes = min(os.cpu_count() or 1, file_count)
    counts = [
        processes if getattr(get_target(r.config.language), "shardable", False) else 1
        for r in requests
    ]
    tasks = [
        replace(r, shard=Shard(i, n)) if n > 1 else r
        for r, n in zip(requests, counts, strict=True)
        for i in range(n)
    ]
    # Shard k of every target goes to process k; a target that cannot be sharded goes
    # wherever the fewest tasks are.
    groups: list[list[int]] = [[] for _ in range(processes)]
    for i, task in enumerate(tasks):
        k = (
            task.shard.index
            if task.shard.count > 1
            else min(range(processes), key=lambda p: len(groups[p]))
        )
        groups[k].append(i)
    _pending[:] = tasks
    # The model is frozen (see `run`): the collector in each child leaves its pages alone
    # instead of touching, and so copying, them.
    try:
        parts = _in_processes(groups)
    finally:
        _pending.clear()
    merged = []
    start = 0
    for request, n in zip(requests, counts, strict=True):
        files = [f for i in range(start, start + n) for f in parts[i]]
        start += n
        paths = [f.path for f in files]
        if len(set(paths)) != len(paths):
            twice = sorted({p for p in paths if paths.count(p) > 1})
            raise AssertionError(f"{request.config.language}: shards both wrote {twice[:3]}")
        merged.append(files)
    return merged


def _in_processes(groups: list[list[int]]) -> dict[int, list[OutputFile]]:
    """`_render_pending(i)` for every task: `groups[0]` here, each other group in a forked
    child that sends its files back through a pipe.

    A child that dies (killed, e.g. by the out-of-memory killer) is reported; when no child
    can be started, its tasks run here (the same output, on fewer cores). When tasks fail,
    the error of the first failing task in task order is raised, as one process would."""
    import pickle

    sys.stdout.flush()
    sys.stderr.flush()
    children: list[tuple[int, int]] = []
    here = list(groups[0])
    finished = False
    try:
        for group in groups[1:]:
            child = _fork_renderer(group) if group else None
            if child is None:
                here.extend(group)
            else:
                children.append(child)
        results: dict[int, list[OutputFile]] = {}
        errors: dict[int, BaseException] = {}
        for i in sorted(here):
            try:
                results[i] = _render_pending(i)
            except Exception as e:  # raised below, unless an earlier task failed too
                errors[i] = e
                break
        lost = False
        for _, fd in children:
            with os.fdopen(fd, "rb") as pipe:
                try:
                    done, failed = pickle.load(pipe)
                except (EOFError, pickle.UnpicklingError):
                    lost = True
                    continue
            results.update(done)
            errors.update(failed)
        finished = True
    finally:
        for pid, _ in children:
            _reap(pid, kill=not finished)
    if errors:
        raise errors[min(errors)]
    if lost:
        raise UsageError(
            "a rendering worker stopped unexpectedly (killed, perhaps for lack of memory); "
            "nothing was written. PROTOBIND_JOBS=1 renders in one process, with less memory"
        )
    return results


def _fork_renderer(group: list[int]) -> tuple[int, int] | None:
    """A child rendering `group`, and the read end of its pipe; None when there is no
    process to spare."""
    import pickle

    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return pid, read
    # The child: render, send (files by task, error by task), leave without clean-up.
    try:
        os.close(read)
        done: dict[int, list[OutputFile]] = {}
        failed: dict[int, BaseException] = {}
        for i in group:
            try:
                done[i] = _render_pending(i)
            except Exception as e:
                failed[i] = e
                break
        if failed:
            try:
                pickle.dumps(failed)
            except Exception:  # an error that cannot travel: its text can
                failed = {i: RuntimeError(repr(e)) for i, e in failed.items()}
        with os.fdopen(write, "wb") as pipe:
            pickle.dump((done, failed), pipe, pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(0)


def _reap(pid: int, *, kill: bool) -> None:
    """Wait for a child; end it first when this process gave up on the run."""
    import signal

    try:
        if kill:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass


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
