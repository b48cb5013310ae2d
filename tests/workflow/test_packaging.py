"""Packaged output used as each language's tooling would use it (`packaging = true`):
Python's pyproject.toml builds a wheel that installs and imports with its py.typed, Go's
go.mod builds and survives `go mod tidy` unchanged, TypeScript's package.json and
tsconfig.json build to dist/ and resolve by the package's own name."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.support.toolchains import TSC, have

PROTOBIND = Path(sys.executable).parent / "protobind"

PROTO = """
syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
message User {
  string name = 1;
  google.protobuf.Timestamp created_at = 2;
}
"""

CONFIG = """
[protobind]
proto_paths = ["proto"]

[[protobind.targets]]
language = "python"
out = "gen/python/shop_types"
package = "shop_types"
packaging = true

[[protobind.targets]]
language = "go"
out = "gen/go"
module = "example.test/shop/gen/go"
packaging = true

[[protobind.targets]]
language = "typescript"
out = "gen/typescript"
packaging = { name = "@shop/types" }
"""

GO_ENV = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOWORK": "off"}


def sh(args: list[str | Path], cwd: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=300,
    )
    assert proc.returncode == 0, f"{args}: {proc.stdout}{proc.stderr}"
    return proc.stdout


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    (root / "proto/shop/v1").mkdir(parents=True)
    (root / "proto/shop/v1/user.proto").write_text(textwrap.dedent(PROTO).lstrip())
    (root / "protobind.toml").write_text(textwrap.dedent(CONFIG).lstrip())
    sh([PROTOBIND, "generate"], root, PROTOBIND_CACHE_DIR=str(tmp_path / "cache"))
    return root


def test_python_package_builds_installs_and_imports(shop: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # setuptools from this environment: no download, the backend the pyproject names.
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps"]
    sh([*pip_wheel, "-w", dist, shop / "gen/python"], tmp_path)
    (wheel,) = dist.glob("shop_types-0.0.0-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"shop_types/py.typed", "shop_types/shop/v1/user.py"} <= set(names)
    venv = tmp_path / "venv"
    sh([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    python = venv / "bin" / "python"
    sh(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
        tmp_path,
    )
    script = "from shop_types.shop.v1.user import User; print(User(name='u1').to_json())"
    assert sh([python, "-c", script], tmp_path).strip() == '{"name":"u1"}'


@pytest.mark.skipif(not have("go"), reason="go not installed")
def test_go_module_builds_and_is_tidy(shop: Path) -> None:
    out = shop / "gen/go"
    before = (out / "go.mod").read_bytes()
    sh(["go", "build", "./..."], out, **GO_ENV)
    sh(["go", "mod", "tidy"], out, **GO_ENV)
    assert (out / "go.mod").read_bytes() == before


@pytest.mark.skipif(not TSC["7"].exists(), reason="npm packages not installed")
def test_typescript_package_builds_and_resolves_by_name(shop: Path) -> None:
    out = shop / "gen/typescript"
    sh(["node", TSC["7"], "-p", "tsconfig.json"], out)
    assert (out / "dist/shop/v1/user.d.ts").is_file()
    (out / "use.mjs").write_text(
        'import { parseUser } from "@shop/types/shop/v1/user";\n'
        'console.log(JSON.stringify(parseUser({ name: "u1" })));\n'
    )
    assert sh(["node", "use.mjs"], out).strip() == '{"name":"u1"}'
