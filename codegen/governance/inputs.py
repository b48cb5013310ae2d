"""Which files governance checks, with which settings, compiled by the compile step.

Precedence (docs/governance.md): an explicit folder argument, with its own buf.yaml if
it has one; else the protobind config's proto_paths, governed by a buf.yaml next to the
config when there is one, by `[protobind.lint]` / `[protobind.breaking]` otherwise.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.errors import ConfigError, UsageError
from codegen.governance.settings import Module, from_toml, read_buf_yaml
from codegen.governance.source import SourceFile
from codegen.paths import display_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class Workspace:
    modules: tuple[Module, ...]
    config_source: Path | None
    """The protobind config, when one was read (for targets and the JSON profile)."""


def _toml_tables(path: Path) -> tuple[dict[str, Any], str]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("protobind", {}), "tool.protobind"
    return data.get("protobind", {}), "protobind"


def workspace(folder: Path | None, config_path: Path | None, cwd: Path | None = None) -> Workspace:
    cwd = (cwd or Path.cwd()).resolve()
    if folder is None and config_path is None and (cwd / "buf.yaml").is_file():
        from codegen.config import CONFIG_FILES

        if not any((cwd / n).is_file() for n in CONFIG_FILES):
            folder = Path(".")  # a buf workspace without protobind config: lint it as buf does
    if folder is not None:
        root = (cwd / folder).resolve()
        if not root.is_dir():
            raise UsageError(f"{display_path(root)}: not a folder")
        buf_yaml = root / "buf.yaml"
        if buf_yaml.is_file():
            return Workspace(tuple(read_buf_yaml(buf_yaml)), None)
        return Workspace((_toml_module(root, None),), None)
    from codegen.config import find_config

    source = (cwd / config_path).resolve() if config_path else find_config(cwd)
    if not source.is_file():
        raise ConfigError(f"{display_path(source)}: config file not found")
    table, where = _toml_tables(source)
    buf_yaml = source.parent / "buf.yaml"
    if buf_yaml.is_file():
        return Workspace(tuple(read_buf_yaml(buf_yaml)), source)
    roots = table.get("proto_paths") or []
    if not isinstance(roots, list) or not roots:
        raise ConfigError(f"{display_path(source)}: {where}.proto_paths: expected a non-empty list")
    modules = tuple(
        _toml_module((source.parent / r).resolve(), (table, where, source)) for r in roots
    )
    return Workspace(modules, source)


def _toml_module(root: Path, table: tuple[dict[str, Any], str, Path] | None) -> Module:
    if table is None:
        return Module(
            root, from_toml({}, "lint", "defaults"), from_toml({}, "breaking", "defaults")
        )
    data, where, source = table
    shown = display_path(source)
    return Module(
        root,
        from_toml(data.get("lint"), "lint", f"{shown}: {where}.lint"),
        from_toml(data.get("breaking"), "breaking", f"{shown}: {where}.breaking"),
    )


def module_sources(module: Module) -> list[tuple[str, Path]]:
    from codegen.sources import proto_files

    found = []
    for name, path in proto_files(module.root):
        if any(path == e or e in path.parents for e in module.excludes):
            continue
        found.append((name, path))
    return found


def compile_modules(
    modules: Sequence[Module], shown_root: Path | None = None
) -> list[tuple[Module, list[SourceFile], dict[str, SourceFile]]]:
    """Each module's own files and every file they import, compiled with source info.

    `shown_root`: print paths relative to this folder instead of the working folder (a
    checked-out git ref is shown as if it were the working tree)."""
    from codegen.compile import compile_protos
    from codegen.sources import SourceFile as Src

    roots = [m.root for m in modules]
    out: list[tuple[Module, list[SourceFile], dict[str, SourceFile]]] = []
    for module in modules:
        files = module_sources(module)
        if not files:
            out.append((module, [], {}))
            continue
        srcs = [Src(name=n, path=p) for n, p in files]
        compiled = compile_protos([module.root, *[r for r in roots if r != module.root]], srcs)
        own = {n: p for n, p in files}
        every: dict[str, SourceFile] = {}
        mine: list[SourceFile] = []
        for fd in compiled.descriptors.file:
            if fd.name in own:
                path = own[fd.name]
                if shown_root is not None:
                    shown = path.relative_to(shown_root).as_posix()
                else:
                    shown = display_path(path)
                sf = SourceFile.of(fd, shown)
                mine.append(sf)
            else:
                sf = SourceFile.of(fd, fd.name, is_import=True)
            every[fd.name] = sf
        mine.sort(key=lambda f: f.name)
        out.append((module, mine, every))
    return out
