"""`protobind check`: generate in memory, compare with disk, report drift."""

from __future__ import annotations

import difflib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from codegen import cache
from codegen.config import load_config
from codegen.paths import display_path, plural, produced

if TYPE_CHECKING:
    from codegen.output import Change, Diff

_RED, _GREEN, _CYAN, _BOLD, _RESET = "\033[31m", "\033[32m", "\033[36m", "\033[1m", "\033[0m"


def check(
    config_path: Path | None, *, fmt: str, diff: bool, color: str, use_cache: bool = True
) -> int:
    fix = "protobind generate" + (f" --config {config_path}" if config_path else "")
    config = load_config(config_path)
    cache_key = None
    if use_cache:
        cache_key = cache.key(config)
        expected = cache.lookup(config, cache_key)
        if expected is not None and cache.disk_matches(expected):
            _report_clean(produced(expected), fmt, sys.stdout)
            return 0

    from codegen.errors import SchemaError
    from codegen.output import compare
    from codegen.pipeline import run

    try:
        result = run(config)
    except SchemaError as e:
        if fmt == "github":
            for d in e.diagnostics:
                print(_annotation("error", d.path, d.line, d.col, d.message))
            return e.exit_code
        if fmt == "json":
            problems = [
                {"path": d.path, "line": d.line, "column": d.col, "message": d.message}
                for d in e.diagnostics
            ]
            print(json.dumps({"status": "schema-error", "errors": problems}, indent=2))
            return e.exit_code
        raise
    stored = None
    if cache_key is not None:
        stored = cache.store_meanwhile(config, cache_key, result.files())
    drift = compare(result.outputs)
    if stored is not None:
        stored()
    # Manifests are left out of the counts, as in every summary the commands print.
    manifests_changed = len(drift.changes) - produced(c.path for c in drift.changes)
    unchanged = drift.unchanged - len(result.outputs) + manifests_changed
    if not drift:
        _report_clean(unchanged, fmt, sys.stdout)
        return 0
    if fmt == "json":
        _report_json(drift, unchanged, fix, sys.stdout)
    elif fmt == "github":
        _report_github(drift, fix, sys.stdout)
    else:
        use_color = color == "always" or (
            color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        )
        _report_text(drift, fix, sys.stdout, diff=diff, color=use_color)
    return 1 if drift else 0


def _report_clean(count: int, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        body = {"status": "clean", "unchanged": count, "changes": [], "fix": None}
        print(json.dumps(body, indent=2), file=out)
    else:
        print(f"protobind: {plural(count, 'generated file')} up to date", file=out)


def _report_text(drift: Diff, fix: str, out: TextIO, *, diff: bool, color: bool) -> None:
    for change in drift.changes:
        print(f"{change.kind:8} {display_path(change.path)}", file=out)
    if diff:
        for change in drift.changes:
            for line in _unified(change):
                out.write(_paint(line) if color else line)
    print(
        f"\nprotobind: {plural(len(drift.changes), 'generated file')} out of date with the "
        f"schemas; run `{fix}` and commit the result",
        file=out,
    )


def _unified(change: Change) -> list[str]:
    name = display_path(change.path)
    old = _lines(change.actual)
    new = _lines(change.expected)
    if old is None or new is None:
        label = "(binary file)" if change.actual is not None or change.expected is not None else ""
        return [f"Binary files a/{name} and b/{name} differ {label}\n"]
    lines = list(
        difflib.unified_diff(
            old,
            new,
            fromfile="/dev/null" if change.actual is None else f"a/{name}",
            tofile="/dev/null" if change.expected is None else f"b/{name}",
        )
    )
    return [
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    ]


def _lines(content: bytes | None) -> list[str] | None:
    if content is None:
        return []
    try:
        return content.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def _paint(line: str) -> str:
    if line.startswith(("+++", "---")):
        return f"{_BOLD}{line.rstrip(chr(10))}{_RESET}\n"
    if line.startswith("+"):
        return f"{_GREEN}{line.rstrip(chr(10))}{_RESET}\n"
    if line.startswith("-"):
        return f"{_RED}{line.rstrip(chr(10))}{_RESET}\n"
    if line.startswith("@@"):
        return f"{_CYAN}{line.rstrip(chr(10))}{_RESET}\n"
    return line


def _report_json(drift: Diff, unchanged: int, fix: str, out: TextIO) -> None:
    body = {
        "status": "drift",
        "unchanged": unchanged,
        "changes": [
            {
                "path": display_path(c.path),
                "kind": c.kind,
                "diff": "".join(_unified(c)),
            }
            for c in drift.changes
        ],
        "fix": fix,
    }
    print(json.dumps(body, indent=2), file=out)


def _report_github(drift: Diff, fix: str, out: TextIO) -> None:
    for c in drift.changes:
        what = {
            "modified": "differs from what the schemas produce",
            "missing": "is produced by the schemas but missing",
            "stale": "was generated earlier but no schema produces it now",
        }[c.kind]
        print(_annotation("error", display_path(c.path), 0, 0, f"{what}; run `{fix}`"), file=out)


def _annotation(level: str, path: str, line: int, col: int, message: str) -> str:
    """A GitHub Actions workflow command (`::error file=...::message`), escaped per its rules."""

    def prop(v: str) -> str:
        return (
            v.replace("%", "%25")
            .replace("\r", "%0D")
            .replace("\n", "%0A")
            .replace(":", "%3A")
            .replace(",", "%2C")
        )

    def data(v: str) -> str:
        return v.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    props = [f"file={prop(path)}"]
    if line > 0:
        props.append(f"line={line}")
        if col > 0:
            props.append(f"col={col}")
    return f"::{level} {','.join(props)},title=protobind::{data(message)}"
