"""The lint engine: selected rules over each module, comment and path ignores applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from codegen.governance import lintrules, protobindrules
from codegen.governance.findings import Finding, finding
from codegen.governance.lintrules import IGNORE_PREFIX, Hit, LintInput
from codegen.governance.settings import CheckSettings, resolve_rules
from codegen.governance.source import SourceFile


def selected(settings: CheckSettings) -> list[str]:
    return resolve_rules(settings, "lint", protobindrules.CATEGORIES)


def lint_files(
    files: Sequence[SourceFile], every: Mapping[str, SourceFile], settings: CheckSettings
) -> list[Finding]:
    inp = LintInput(tuple(files), every, settings.lint_options)
    out: list[Finding] = []
    for rule_id in selected(settings):
        check = lintrules.RULES.get(rule_id) or protobindrules.RULES.get(rule_id)
        if check is None:
            continue  # listed by buf, not implemented here (docs/governance.md lists them)
        for hit in check(inp):
            if settings.allow_comment_ignores and _comment_ignored(hit, rule_id):
                continue
            if path_ignored(hit.file.name, rule_id, settings):
                continue
            out.append(finding(hit.file.shown, hit.file.span(hit.path), rule_id, hit.message))
    return sorted(set(out), key=Finding.sort_key)


def _comment_ignored(hit: Hit, rule_id: str) -> bool:
    paths: list[tuple[int, ...]] = []
    if hit.path is not None:
        paths.append(hit.path)
        # The element a location belongs to is also checked: for a name or number location
        # that is the declaration one level up (buf adds descriptor.Location()).
        for cut in (1,):
            if len(hit.path) > cut:
                paths.append(hit.path[:-cut])
    paths.extend(hit.ignore_paths)
    for p in paths:
        loc = hit.file.loc(p)
        if loc is None:
            continue
        for line in loc.leading.split("\n"):
            words = line.strip()
            if words.startswith(IGNORE_PREFIX) and words[len(IGNORE_PREFIX) :].split()[:1] == [
                rule_id
            ]:
                return True
    return False


def _under(path: str, prefixes: Iterable[str]) -> bool:
    return any(p in (".", "") or path == p or path.startswith(p + "/") for p in prefixes)


def path_ignored(path: str, rule_id: str, settings: CheckSettings) -> bool:
    if _under(path, settings.ignore):
        return True
    for key, paths in settings.ignore_only.items():
        if (key == rule_id or key in _categories(rule_id, settings)) and _under(path, paths):
            return True
    return False


def _categories(rule_id: str, settings: CheckSettings) -> tuple[str, ...]:
    from codegen.governance.catalog import BREAKING_RULES, LINT_RULES

    for info in (*LINT_RULES, *BREAKING_RULES):
        if info.id == rule_id:
            return info.v1 if settings.version == "v1" else info.v2
    return protobindrules.CATEGORIES.get(rule_id, ())
