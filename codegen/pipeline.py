"""config -> compile -> model -> targets: the one path `generate` and `check` both take."""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from codegen import packaging
from codegen.config import Config, JsonProfile, TargetConfig
from codegen.errors import Diagnostic, OutputError, UsageError
from codegen.model import Schema, build_schema
from codegen.output import MANIFEST, TargetOutput, read_manifest
from codegen.paths import display_path
from codegen.processes import Child, ChildLost, forking_pays
from codegen.targets import OutputFile, Request, get_target
from codegen.targets.base import Shard

if TYPE_CHECKING:
    from google.protobuf import descriptor_pb2


@dataclass(frozen=True, slots=True)
class Result:
    schema: Schema
    outputs: tuple[TargetOutput, ...]
    warnings: tuple[Diagnostic, ...]

    def files(self) -> list[tuple[Path, bytes]]:
        """Every file of every target, manifests included, as absolute path and content."""
        return [item for o in self.outputs for item in o.with_manifest().items()]


def load_schema(config: Config) -> tuple[Schema, tuple[Diagnostic, ...]]:
    # Imported here: plugin mode never runs protoc, and its start-up is paid per build.
    from codegen.compile import compile_protos
    from codegen.sources import discover

    sources = discover(config.proto_paths, config.inputs)
    compiled = compile_protos(config.proto_paths, sources, lambda: _prepare_targets(config))
    paths = {s.name: s.path for s in sources}
    # A file the inputs import from a proto path is generated too when its types are
    # reached: it is named as it would be as an input, not by its bare import path
    # (its header must not depend on whether `inputs` lists it).
    for fd in compiled.descriptors.file:
        if fd.name not in paths:
            found = next((r / fd.name for r in config.proto_paths if (r / fd.name).is_file()), None)
            if found is not None:
                paths[fd.name] = found
    schema = build_schema(
        compiled.descriptors.file,
        helper=forking_pays(len(sources)),
        inputs=[s.name for s in sources],
        sources={name: _relative(path, config.root) for name, path in paths.items()},
        display={name: display_path(path) for name, path in paths.items()},
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
    schema, warnings = _out_of_collector(lambda: load_schema(config))
    return Result(schema, render_targets(schema, config.targets, config.json, config), warnings)


def run_descriptors(
    descriptors: Iterable[descriptor_pb2.FileDescriptorProto],
    inputs: Sequence[str],
    targets: Sequence[TargetConfig],
    json: JsonProfile,
) -> tuple[TargetOutput, ...]:
    """Plugin mode: the same model and render from descriptors protoc already parsed.

    No file on disk is known, so every file is named by its import path, in headers and
    diagnostics alike: what `generate` writes when the config sits at the proto root."""
    protos = list(descriptors)
    schema, _ = _out_of_collector(
        lambda: (
            build_schema(protos, inputs=inputs, sources={}, helper=forking_pays(len(inputs))),
            (),
        )
    )
    return render_targets(schema, targets, json)


def _out_of_collector(
    build: Callable[[], tuple[Schema, tuple[Diagnostic, ...]]],
) -> tuple[Schema, tuple[Diagnostic, ...]]:
    """`build()`, with the model kept out of the cyclic collector's way."""
    # The collector stays off until the model is out of its sight: every object the build
    # made waits in the youngest generation, and the first collection after would walk
    # them all (0.14 s at 1000 files) to find no garbage.
    collecting = gc.isenabled()
    gc.disable()
    try:
        schema, warnings = build()
        if forking_pays(len(schema.generate)):
            _return_freed_memory()
            # Out of the cyclic collector's sight for good: the model holds no cycles (so
            # reference counting still frees it), and left in the collector's generations
            # every full collection walks its hundreds of thousands of objects again:
            # 0.2 s each at 1000 files, set off by mere imports here and by the writes after.
            gc.freeze()
    finally:
        if collecting:
            gc.enable()
    return schema, warnings


def render_targets(
    schema: Schema,
    targets: Sequence[TargetConfig],
    json: JsonProfile,
    config: Config | None = None,
) -> tuple[TargetOutput, ...]:
    """Every target's files, in memory, sorted by path; with the packaging files a config
    asks for (plugin mode has no config: the build system owns packaging there)."""
    requests = [Request(schema, t, json) for t in targets]
    rendered = _render_all(requests, len(schema.generate))
    outputs = []
    for request, files in zip(requests, rendered, strict=True):
        target = request.config
        for f in files:
            _check_path(target.out, f.path)
        reach = 0
        if config is not None:
            reach = packaging.reach(target, config.root)
            if target.packaging is not None:
                source = _relative(config.source, config.root)
                written = read_manifest(target.out, reach)
                files = files + packaging.files(target, config.root, source, written)
        outputs.append(
            TargetOutput(
                target.language,
                target.out,
                tuple(sorted(files, key=lambda f: f.path)),
                reach=reach,
            )
        )
    return tuple(outputs)


def _render(request: Request) -> list[OutputFile]:
    return get_target(request.config.language).generate(request)


def _render_all(requests: list[Request], file_count: int) -> list[list[OutputFile]]:
    """Every target's files; on large schemas split into shards rendered by several processes.

    Each target is cut into one shard per core (disjoint sets of proto files); this process
    renders shard 0 of every target and one forked child per other core renders its own
    shard of every target. The children are forked after the model is built, so they share
    it instead of receiving a copy; only the rendered files travel back. This process works
    too instead of waiting on a pool: one process fewer holding its copied pages and its
    results at the memory peak, and this process's own share never crosses a pipe.
    """
    if not forking_pays(file_count):
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
    # The model is frozen (see `run`): the collector in each child leaves its pages alone
    # instead of touching, and so copying, them.
    parts = _in_processes(tasks, groups)
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


def _in_processes(tasks: list[Request], groups: list[list[int]]) -> dict[int, list[OutputFile]]:
    """The files of every task: `groups[0]` rendered here, each other group in a forked
    child.

    A child that dies (killed, e.g. by the out-of-memory killer) is reported; when no child
    can be started, its tasks run here (the same output, on fewer cores). When tasks fail,
    the error of the first failing task in task order is raised, as one process would."""
    children: list[Child[_Rendered]] = []
    here = list(groups[0])
    try:
        for group in groups[1:]:
            child = Child.fork(functools.partial(_render_in_child, tasks, group))
            if child is None:
                here.extend(group)
            else:
                children.append(child)
        results, errors = _render_tasks(tasks, sorted(here))
        lost = False
        for child in children:
            try:
                done, failed = child.result()
            except ChildLost:
                lost = True
                continue
            results.update(done)
            errors.update(failed)
    finally:
        for child in children:
            child.close()
    if errors:
        raise errors[min(errors)]
    if lost:
        raise UsageError(
            "a rendering worker stopped unexpectedly (killed, perhaps for lack of memory); "
            "nothing was written. PROTOBIND_JOBS=1 renders in one process, with less memory"
        )
    return results


_Rendered: TypeAlias = tuple[dict[int, list[OutputFile]], dict[int, BaseException]]
"""Files by task index, and the error of the task that failed (rendering stops there)."""


def _render_tasks(tasks: list[Request], indexes: list[int]) -> _Rendered:
    done: dict[int, list[OutputFile]] = {}
    failed: dict[int, BaseException] = {}
    for i in indexes:
        try:
            done[i] = _render(tasks[i])
        except Exception as e:  # raised by the caller, unless an earlier task failed too
            failed[i] = e
            break
        _return_freed_memory()
    return done, failed


def _render_in_child(tasks: list[Request], group: list[int]) -> _Rendered:
    import pickle

    done, failed = _render_tasks(tasks, group)
    try:
        pickle.dumps(failed)
    except Exception:  # an error that cannot travel: its text can
        failed = {i: RuntimeError(repr(e)) for i, e in failed.items()}
    return done, failed


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
