"""How paths are shown to the user: relative to the working directory."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


def display_path(path: Path) -> str:
    """`path` relative to the working directory (`../x` above it), absolute on another drive."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


@cache
def builtin_templates() -> Path:
    """`codegen/templates` in an installed wheel, `<checkout>/templates` in a source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    if installed.is_dir():
        return installed
    return here.parent / "templates"
