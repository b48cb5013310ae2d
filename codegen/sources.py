"""Finding the schemas: every .proto below the proto paths, and where the well-known types live.

Kept free of protobuf and protoc imports: the cached no-op `check` only needs this.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from codegen.errors import ConfigError, Diagnostic, SchemaError
from codegen.paths import display_path


@dataclass(frozen=True, slots=True)
class SourceFile:
    name: str
    """The import path protoc knows the file by (relative to its proto path)."""
    path: Path
    """Where the file is on disk (absolute)."""


@cache
def well_known_include() -> Path:
    """The folder holding google/protobuf/*.proto as shipped with grpcio-tools."""
    spec = importlib.util.find_spec("grpc_tools")
    if spec is None or spec.origin is None:
        raise ConfigError("grpcio-tools is not installed: pip install protobind's dependencies")
    return Path(spec.origin).parent / "_proto"


def proto_files(root: Path) -> list[tuple[str, Path]]:
    """(import path, file) of every .proto below `root`, sorted by import path as parts,
    skipping hidden folders and not following links to folders.

    On strings, not Paths: a 1000-file tree took 0.02 s through `rglob` and
    `relative_to`, and both the cache key and `discover` list it on every run."""
    base = str(root)
    prefix = base if base.endswith(os.sep) else base + os.sep
    found: list[tuple[list[str], str, str]] = []
    for folder, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_dir = folder[len(prefix) :].replace(os.sep, "/") if folder != base else ""
        for name in names:
            if name.endswith(".proto"):
                full = os.path.join(folder, name)
                if os.path.isfile(full):
                    rel = f"{rel_dir}/{name}" if rel_dir else name
                    found.append((rel.split("/"), rel, full))
    found.sort()
    return [(rel, Path(full)) for _, rel, full in found]


def discover(proto_paths: Sequence[Path], inputs: Sequence[Path] | None = None) -> list[SourceFile]:
    """Every .proto below the proto paths (restricted to `inputs`), sorted by import path."""
    if inputs is not None:
        for i in inputs:
            if not any(_is_within(i, root) for root in proto_paths):
                raise ConfigError(
                    f"inputs: {display_path(i)} is not below any of proto_paths "
                    f"({', '.join(display_path(p) for p in proto_paths)})"
                )
    found: dict[str, SourceFile] = {}
    for root in proto_paths:
        for name, path in proto_files(root):
            if inputs is not None and not any(_is_within(path, i) for i in inputs):
                continue
            if name in found and found[name].path != path:
                raise SchemaError(
                    [
                        Diagnostic(
                            display_path(path),
                            0,
                            0,
                            f"import path {name!r} is also provided by "
                            f"{display_path(found[name].path)}; proto paths must not overlap",
                        )
                    ]
                )
            found.setdefault(name, SourceFile(name, path))
    if not found:
        where = inputs if inputs is not None else proto_paths
        raise ConfigError("no .proto files found in " + ", ".join(display_path(p) for p in where))
    return [found[name] for name in sorted(found)]


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
