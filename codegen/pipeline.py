"""config -> compile -> model -> targets: the one path `generate` and `check` both take."""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from codegen.compile import compile_protos
from codegen.config import Config
from codegen.errors import Diagnostic, OutputError
from codegen.model import Schema, build_schema
from codegen.output import MANIFEST, TargetOutput
from codegen.paths import display_path
from codegen.sources import discover
from codegen.targets import OutputFile, Request, get_target


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
    return _render(_pending[index])


def _render_all(requests: list[Request], file_count: int) -> list[list[OutputFile]]:
    """Each target in its own forked worker when that pays, else one after the other.

    Workers are forked after the model is built, so they share it instead of receiving a
    copy; only the rendered files travel back.
    """
    workers = min(len(requests), os.cpu_count() or 1)
    if (
        workers < 2
        or file_count < PARALLEL_MIN_FILES
        or sys.platform != "linux"
        or os.environ.get("PROTOBIND_JOBS") == "1"
    ):
        return [_render(r) for r in requests]
    for r in requests:
        get_target(r.config.language)  # import before forking, once
    _pending[:] = requests
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render_pending, range(len(requests)), chunksize=1)
    finally:
        _pending.clear()


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
