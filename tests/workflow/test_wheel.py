"""The wheel is all an installed protobind has: built from this checkout, installed into a
fresh virtualenv, it must generate and check a small project from a folder far from this
checkout (templates, runtimes and every other file `generate` reads ship inside it).

The fresh environment gets protobind's dependencies from this test's own environment (a
path entry, not a site folder, so the editable install of this checkout stays out of
sight); `make wheel-check` does the same with a real dependency install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROTO = """
syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
message User {
  string id = 1;
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

[[protobind.targets]]
language = "go"
out = "gen/go"
module = "example.test/shop/gen/go"

[[protobind.targets]]
language = "typescript"
out = "gen/typescript"
"""


def run(args: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=300,
    )


def test_built_wheel_installs_and_generates_away_from_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, REPO], tmp_path
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("protobind-*.whl")

    venv = tmp_path / "fresh"
    made = run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path)
    (Path(site.stdout.strip()) / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    project = tmp_path / "shop"
    (project / "proto/shop/v1").mkdir(parents=True)
    (project / "proto/shop/v1/user.proto").write_text(textwrap.dedent(PROTO).lstrip())
    (project / "protobind.toml").write_text(textwrap.dedent(CONFIG).lstrip())
    where = run([python, "-c", "import codegen; print(codegen.__file__)"], project)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr

    protobind = venv / "bin" / "protobind"
    cache = str(tmp_path / "cache")
    generated = run([protobind, "generate"], project, PROTOBIND_CACHE_DIR=cache)
    assert generated.returncode == 0, generated.stderr
    for path in (
        "gen/python/shop_types/shop/v1/user.py",
        "gen/go/shop/v1/user.pb.go",
        "gen/typescript/shop/v1/user.ts",
    ):
        assert (project / path).is_file(), generated.stderr
    # The same bytes as this checkout writes: nothing read from a source tree differs.
    checked = run(
        [Path(sys.executable).parent / "protobind", "check", "--no-cache"],
        project,
        PROTOBIND_CACHE_DIR=cache,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
