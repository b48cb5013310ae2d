"""config -> compile -> model -> targets: the one path `generate` and `check` both take."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from codegen.compile import compile_protos
from codegen.config import Config
from codegen.errors import Diagnostic, OutputError
from codegen.model import Schema, build_schema
from codegen.output import MANIFEST, TargetOutput
from codegen.paths import display_path
from codegen.sources import discover
from codegen.targets import Request, get_target


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
    outputs = []
    for target_config in config.targets:
        target = get_target(target_config.language)
        files = target.generate(Request(schema, target_config, config.json))
        for f in files:
            _check_path(target_config.out, f.path)
        outputs.append(
            TargetOutput(
                target_config.language,
                target_config.out,
                tuple(sorted(files, key=lambda f: f.path)),
            )
        )
    return Result(schema, tuple(outputs), warnings)


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
