"""The one import a generated module needs: the runtime, under an alias no proto name
can produce (prost-style identifiers never start with `_`)."""

from __future__ import annotations

RT = "_rt"


def runtime_use(depth: int) -> str:
    """The `use` line of a module `depth` packages below the output root."""
    prefix = "::".join(["super"] * depth) if depth else "self"
    return f"use {prefix}::protobindrt as {RT};"
