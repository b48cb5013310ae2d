"""A finding as buf reports it, plus protobind's extra notes on its effects."""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.governance.source import NO_SPAN, Span


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    span: Span
    type: str
    """The rule ID (buf's field name)."""
    message: str
    effects: tuple[str, ...] = field(default=(), compare=False)
    """protobind's notes: the change's effect on the wire, JSON and each target's API."""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """buf's order: by file, start position, then rule ID and message."""
        s = self.span
        return (self.path, s.start_line, s.start_column, self.type, self.message)


def finding(
    path: str, span: Span | None, rule: str, message: str, effects: tuple[str, ...] = ()
) -> Finding:
    return Finding(path, span or NO_SPAN, rule, message, effects)
