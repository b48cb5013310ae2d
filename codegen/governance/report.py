"""Findings printed the way buf prints them: text, JSON lines, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from codegen.governance.findings import Finding

FORMATS = ("text", "json", "github")


def write(findings: Sequence[Finding], fmt: str, out: TextIO, *, effects: bool = True) -> None:
    for f in findings:
        s = f.span
        if fmt == "json":
            body: dict[str, object] = {"path": f.path} if f.path else {}
            body |= {
                "start_line": s.start_line,
                "start_column": s.start_column,
                "end_line": s.end_line,
                "end_column": s.end_column,
                "type": f.type,
                "message": f.message,
            }
            if effects and f.effects:
                body["effects"] = list(f.effects)  # protobind's addition; buf readers ignore it
            out.write(json.dumps(body, ensure_ascii=False) + "\n")
        elif fmt == "github":
            text = f.message
            if effects and f.effects:
                text += " " + " ".join(f.effects)
            out.write(
                f"::error file={f.path or '<input>'},line={s.start_line},col={s.start_column},"
                f"endLine={s.end_line},endColumn={s.end_column}::{_escape(text)}\n"
            )
        else:
            out.write(f"{f.path or '<input>'}:{s.start_line}:{s.start_column}:{f.message}\n")
            if effects:
                for e in f.effects:
                    out.write(f"    {e}\n")


def _escape(text: str) -> str:
    # GitHub workflow commands: %, CR and LF are escaped in the message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
