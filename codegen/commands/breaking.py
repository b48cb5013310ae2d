"""`protobind breaking --against REF`: buf's breaking rules plus each target's API."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from codegen.config import LANGUAGES, JsonProfile
from codegen.errors import UsageError
from codegen.governance import breaking as engine
from codegen.governance.breakingrules import Corpus
from codegen.governance.effects import annotate
from codegen.governance.findings import Finding
from codegen.governance.inputs import workspace
from codegen.governance.report import write
from codegen.governance.settings import Module
from codegen.governance.source import SourceFile


def breaking(
    folder: Path | None, config_path: Path | None, *, against: str, fmt: str, effects: bool = True
) -> int:
    ws = workspace(folder, config_path)
    languages, profile = _targets(ws.config_source)
    current = engine.module_files(ws)
    findings: list[Finding] = []
    base = (
        (Path.cwd() / folder).resolve()
        if folder is not None
        else (ws.config_source.parent if ws.config_source else Path.cwd())
    )
    with engine.previous_tree(against, base) as (kind, where):
        if kind == "image":
            old_files = engine.image_files(where)
            old_every = engine.image_files(where, imports=True)
            pairs = [
                (
                    current[0][0] if current else None,
                    old_files,
                    _union(current),
                    old_every,
                    _union(current, every=True),
                )
            ]
        else:
            if kind == "git":
                root = engine.git_root(base)
                if root is None:  # pragma: no cover - previous_tree checked
                    raise UsageError("not a git repository")
                old_ws = engine.rebase(ws, root, where)
                shown_root = where
            else:
                old_ws = engine.rebase(ws, base, where)
                if len(old_ws.modules) == 1 and not old_ws.modules[0].root.is_dir():
                    # The folder is the proto root itself, not a copy of the project.
                    m = old_ws.modules[0]
                    old_ws = replace(old_ws, modules=(replace(m, root=where),))
                shown_root = where
            previous = engine.module_files(old_ws, shown_root)
            pairs = [
                (m, old, new, old_every, new_every)
                for (m, new, new_every), (_, old, old_every) in zip(current, previous, strict=True)
            ]
        for module, old, new, old_every, new_every in pairs:
            if module is None:
                continue
            old_c, new_c = Corpus(old), Corpus(new)
            found = engine.compare(old_c, new_c, module.breaking)
            if effects:
                findings.extend(
                    annotate(
                        found,
                        old_c,
                        new_c,
                        old,
                        new,
                        languages,
                        profile,
                        Corpus(old_every),
                        Corpus(new_every),
                    )
                )
            else:
                findings.extend(f for f, _ in found)
    findings.sort(key=Finding.sort_key)
    write(findings, fmt, sys.stdout, effects=effects)
    return 1 if findings else 0


def _union(
    current: list[tuple[Module, dict[str, SourceFile], dict[str, SourceFile]]],
    *,
    every: bool = False,
) -> dict[str, SourceFile]:
    out: dict[str, SourceFile] = {}
    for _, files, all_files in current:
        out.update(all_files if every else files)
    return out


def _targets(source: Path | None) -> tuple[list[str], JsonProfile]:
    """The configured targets' languages and the JSON profile (all three and the default
    profile when no protobind config is read)."""
    if source is None:
        return list(LANGUAGES), JsonProfile()
    from codegen.config import load_config

    config = load_config(source)
    langs: list[str] = sorted({t.language for t in config.targets}, key=LANGUAGES.index)
    return langs, config.json
