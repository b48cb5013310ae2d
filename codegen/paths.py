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
