"""How paths are shown to the user: relative to the working directory."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path


def display_path(path: Path) -> str:
    """`path` relative to the working directory (`../x` above it), absolute on another drive."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


def display_paths(paths: Iterable[Path]) -> list[str]:
    """`display_path` of each of `paths`; each folder's computed once (a generate lists
    thousands of files in a few dozen folders, and `relpath` is the costly part)."""
    folders: dict[Path, str] = {}
    shown = []
    for path in paths:
        parent = path.parent
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = display_path(parent)
        if folder == ".":
            shown.append(path.name)
        else:
            shown.append(f"{folder.rstrip('/')}/{path.name}")
    return shown


@cache
def builtin_templates() -> Path:
    """`codegen/templates` in an installed wheel, `<checkout>/templates` in a source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    if installed.is_dir():
        return installed
    return here.parent / "templates"


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`: every count the commands print goes through here."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


MANIFEST = ".protobind-manifest"
"""The name of the file in each output folder that lists what protobind wrote there
(here, not in `output`, so the cached no-op path can leave it out of its counts cheaply)."""


def produced(paths: Iterable[Path]) -> int:
    """How many of `paths` are files the schemas produce, manifests left out: the number
    every summary line counts, whichever path (cached or not) the command took."""
    return sum(1 for p in paths if p.name != MANIFEST)
