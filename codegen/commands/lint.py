"""`protobind lint`: buf's lint rules plus protobind's own, over the schemas."""

from __future__ import annotations

import sys
from pathlib import Path

from codegen.governance import lint as engine
from codegen.governance.findings import Finding
from codegen.governance.inputs import compile_modules, workspace
from codegen.governance.report import write


def lint(folder: Path | None, config_path: Path | None, *, fmt: str) -> int:
    ws = workspace(folder, config_path)
    findings: list[Finding] = []
    for module, files, every in compile_modules(ws.modules):
        findings.extend(engine.lint_files(files, every, module.lint))
    findings.sort(key=Finding.sort_key)
    write(findings, fmt, sys.stdout)
    return 1 if findings else 0
