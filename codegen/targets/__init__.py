"""The language targets, looked up by the `language` key of a [[targets]] table."""

from __future__ import annotations

import importlib

from codegen.targets.base import OutputFile, Request, Target

_MODULES = {
    "python": "codegen.targets.python",
    "go": "codegen.targets.go",
    "typescript": "codegen.targets.typescript",
    "rust": "codegen.targets.rust",
}


def get_target(language: str) -> Target:
    """The target for `language`; imported on demand so unused targets cost nothing."""
    module = importlib.import_module(_MODULES[language])
    target: Target = module.TARGET
    return target


__all__ = ["OutputFile", "Request", "Target", "get_target"]
