"""Errors that reach the user, each with its exit code.

Every failure a user can cause is one of these; anything else is a bug and is
allowed to show a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a schema, located as `path:line:col` (1-based)."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ProtobindError(Exception):
    """Base class: an error with a message for the user and an exit code."""

    exit_code = 1


class UsageError(ProtobindError):
    """Bad command line or environment (a path that does not exist, ...)."""

    exit_code = 2


class ConfigError(UsageError):
    """The configuration file is missing, malformed or names an unknown key."""


class SchemaError(ProtobindError):
    """protoc or protobind rejected the schemas; carries every diagnostic."""

    exit_code = 1

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[SchemaError], tuple[tuple[Diagnostic, ...]]]:
        # Raised in a rendering worker, it travels back to the parent by pickle.
        return (SchemaError, (self.diagnostics,))


class OutputError(ProtobindError):
    """The output tree could not be read or written; nothing was changed."""

    exit_code = 2
