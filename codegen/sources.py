"""Finding the schemas: every .proto below the proto paths, and where the well-known types live.

Kept free of protobuf and protoc imports: the cached no-op `check` only needs this.
"""

from __future__ import annotations

import importlib.util
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


def all_protos(root: Path) -> list[Path]:
    """Every .proto file below `root`, sorted, skipping hidden folders."""
    found = []
    for path in root.rglob("*.proto"):
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel[:-1]) or not path.is_file():
            continue
        found.append(path)
    return sorted(found)


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
        for path in all_protos(root):
            if inputs is not None and not any(_is_within(path, i) for i in inputs):
                continue
            name = path.relative_to(root).as_posix()
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
