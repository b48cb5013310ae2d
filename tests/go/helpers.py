"""Helpers for the Go target's tests: render inline schemas, write trees, run Go."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from codegen.config import JsonProfile, TargetConfig
from codegen.model import Schema
from codegen.targets.base import Request
from codegen.targets.go import TARGET
from tests.support.project import GO_MODULE, schema_of
from tests.support.toolchains import run, write_go_mod

GO_ENV = {"GOFLAGS": "-mod=mod -buildvcs=false", "GOTOOLCHAIN": "local", "GOWORK": "off"}


def render(
    schema: Schema,
    out: Path,
    *,
    module: str | None = GO_MODULE,
    json: JsonProfile | None = None,
    grpc: bool = False,
) -> dict[str, bytes]:
    """The Go target's files for `schema`, as {relative path: content}."""
    config = TargetConfig(language="go", out=out, module=module, grpc=grpc)
    files = TARGET.generate(Request(schema, config, json or JsonProfile()))
    return {f.path: f.content for f in files}


def write_tree(
    root: Path, files: Mapping[str, bytes], module: str = GO_MODULE, *, grpc: bool = False
) -> Path:
    """Write `files` below root, with a go.mod (grpc: the dogfood's requires and go.sum)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    go_mod = root / "go.mod"
    if grpc:
        write_grpc_go_mod(root, module)
    elif not go_mod.exists():
        go_mod.write_text(f"module {module}\n\ngo 1.22\n")
    return root


def write_grpc_go_mod(root: Path, module: str) -> None:
    """go.mod and go.sum for output with gRPC bindings (see toolchains.write_go_mod)."""
    write_go_mod(root, module, grpc=True)


def generate_tree(tmp: Path, protos: Mapping[str, str], **kw: object) -> Path:
    """Compile inline protos, render Go into tmp/out, add a go.mod; returns tmp/out."""
    schema = schema_of(tmp / "src", protos)
    out = tmp / "out"
    write_tree(out, render(schema, out, **kw))  # type: ignore[arg-type]
    return out


def go(args: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    full = {**GO_ENV, **(env or {})}
    return run(["go", *args], cwd=cwd, env=full).stdout


def go_vet_build(root: Path) -> None:
    go(["vet", "./..."], root)
    go(["build", "./..."], root)


def gofmt_clean(root: Path) -> None:
    out = run(["gofmt", "-l", "."], cwd=root).stdout
    assert not out.strip(), (
        "gofmt would change:\n" + out + run(["gofmt", "-d", "."], cwd=root).stdout
    )


def cache_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("GO")}
