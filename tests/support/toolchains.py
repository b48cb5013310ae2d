"""Run the real compilers over generated code: mypy --strict and a real import for Python,
tsc --strict (TypeScript 7 and 5) for TypeScript, go vet + go build for Go, plus the
formatters' check modes.

Every function raises AssertionError with the tool's output when the tool complains, so
a test reads `check_go(out)` and fails with the compiler's own message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
TSC = {
    "7": NODE_MODULES / "typescript" / "bin" / "tsc",
    "5": NODE_MODULES / "typescript5" / "bin" / "tsc",
}
BIN = Path(sys.executable).parent

# The strictest settings a user may compile generated TypeScript with.
TS_COMPILER_OPTIONS: dict[str, object] = {
    "strict": True,
    "noEmit": True,
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "target": "es2022",
    "lib": ["es2022"],
    "types": [],
    "skipLibCheck": False,
    "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True,
    "noImplicitOverride": True,
    "noImplicitReturns": True,
    "noFallthroughCasesInSwitch": True,
    "noPropertyAccessFromIndexSignature": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "verbatimModuleSyntax": True,
    "isolatedModules": True,
    "forceConsistentCasingInFileNames": True,
    "erasableSyntaxOnly": True,
}


def run(
    cmd: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run a command; on a non-zero exit, fail with its full output."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"`{' '.join(str(c) for c in cmd)}` failed in {cwd} (exit {proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}"
        )
    return proc


def python_modules(root: Path, package: str | None) -> list[str]:
    """Dotted names of every module below `root` (which is `package`, or a sys.path root)."""
    names = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(p for p in ([package] if package else []) + parts if p))
    return [n for n in names if n]


def check_python(root: Path, package: str | None = None) -> None:
    """mypy --strict over the generated tree, then import every module for real."""
    sys_path_root = root.parents[len(package.split(".")) - 1] if package else root
    modules = python_modules(root, package)
    assert modules, f"no Python modules below {root}"
    env = {"MYPYPATH": str(sys_path_root), "PYTHONPATH": str(sys_path_root)}
    targets = ["-p", package] if package else [arg for m in modules for arg in ("-m", m)]
    run(
        [
            BIN / "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--python-version",
            "3.10",
            *targets,
        ],
        cwd=sys_path_root,
        env=env,
    )
    script = f"import importlib, sys\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    run([sys.executable, "-W", "error", "-c", script], cwd=sys_path_root, env=env)


def check_python_format(root: Path) -> None:
    """`ruff format --check` with ruff's defaults, as a user's project would run it."""
    run([BIN / "ruff", "format", "--isolated", "--check", "--diff", "."], cwd=root)


def check_typescript(root: Path, versions: Sequence[str] = ("7", "5")) -> None:
    """tsc --strict --noEmit (nodenext, ES modules) with each TypeScript major version."""
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.ts"))
    assert files, f"no TypeScript files below {root}"
    config = {"compilerOptions": TS_COMPILER_OPTIONS, "files": files}
    tsconfig = root / "tsconfig.protobind-test.json"
    package_json = root / "package.json"
    wrote_package = not package_json.exists()
    tsconfig.write_text(json.dumps(config, indent=2))
    if wrote_package:
        package_json.write_text('{"type": "module"}\n')
    try:
        for version in versions:
            run(["node", TSC[version], "-p", tsconfig.name], cwd=root)
    finally:
        tsconfig.unlink()
        if wrote_package:
            package_json.unlink()


DOGFOOD_GO = REPO / "generated" / "go"


def write_go_mod(root: Path, module: str, grpc: bool | None = None) -> list[Path]:
    """A go.mod for generated Go below `root`; returns the files written. Output with gRPC
    bindings (`grpc`; by default: a `protobindgrpc` package in `root`) gets generated/go's
    requires and go.sum (google.golang.org/grpc and what it needs), so the build resolves
    from the module cache that `make setup` fills, never from the network or to another
    version."""
    go_mod = root / "go.mod"
    if grpc is None:
        grpc = (root / "protobindgrpc").is_dir()
    if not grpc:
        go_mod.write_text(f"module {module}\n\ngo 1.22\n")
        return [go_mod]
    lines = (DOGFOOD_GO / "go.mod").read_text().splitlines(keepends=True)
    go_mod.write_text(
        f"module {module}\n" + "".join(x for x in lines if not x.startswith("module "))
    )
    go_sum = root / "go.sum"
    go_sum.write_bytes((DOGFOOD_GO / "go.sum").read_bytes())
    return [go_mod, go_sum]


def check_go(root: Path, module: str) -> None:
    """go vet and go build over every package below `root` (a go.mod is added if missing)."""
    wrote = [] if (root / "go.mod").exists() else write_go_mod(root, module)
    env = {"GOFLAGS": "-mod=mod -buildvcs=false", "GOTOOLCHAIN": "local", "GOWORK": "off"}
    try:
        run(["go", "vet", "./..."], cwd=root, env=env)
        run(["go", "build", "./..."], cwd=root, env=env)
    finally:
        for path in wrote:
            path.unlink()


def check_gofmt(root: Path) -> None:
    proc = run(["gofmt", "-l", "."], cwd=root)
    assert not proc.stdout.strip(), (
        f"gofmt would change:\n{proc.stdout}\n" + run(["gofmt", "-d", "."], cwd=root).stdout
    )


def have(tool: str) -> bool:
    return shutil.which(tool) is not None
