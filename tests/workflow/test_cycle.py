"""The whole cycle in a scratch git repository, with the real CLI and the real pre-commit.

generate, commit, edit a schema, check fails with a diff, generate, check passes, delete a
schema, stale outputs reported then removed; the pre-commit hooks fail on drift and pass
after generate. pre-commit installs protobind from a snapshot of this checkout, so the
hooks also prove that the package (templates included) installs and runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROTOBIND = Path(sys.executable).parent / "protobind"

USER = """
syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
// A customer.
message User {
  string id = 1;
  string display_name = 2;
  google.protobuf.Timestamp created_at = 3;
}
"""

ORDER = """
syntax = "proto3";
package shop.v1;
import "shop/v1/user.proto";
message Order {
  string id = 1;
  User buyer = 2;
  repeated string items = 3;
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


def sh(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
    )


def git(cwd: Path, *args: str) -> None:
    proc = sh(["git", "-c", "user.name=test", "-c", "user.email=test@example.test", *args], cwd)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    root = tmp_path / "scratch"
    (root / "proto/shop/v1").mkdir(parents=True)
    (root / "proto/shop/v1/user.proto").write_text(textwrap.dedent(USER).lstrip())
    (root / "proto/shop/v1/order.proto").write_text(textwrap.dedent(ORDER).lstrip())
    (root / "protobind.toml").write_text(textwrap.dedent(CONFIG).lstrip())
    git(root, "init", "-q", "-b", "main")
    return root


def protobind(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return sh([PROTOBIND, *args], root, env={"PROTOBIND_CACHE_DIR": str(root.parent / "cache")})


def test_generate_check_edit_delete_cycle(scratch: Path) -> None:
    gen = protobind(scratch, "generate")
    assert gen.returncode == 0, gen.stderr
    (scratch / "gen/go/NOTES.md").write_text("hand-written, must survive\n")
    git(scratch, "add", "-A")
    git(scratch, "commit", "-qm", "initial")
    assert protobind(scratch, "check").returncode == 0

    # Edit a schema: check fails with a diff that shows the new field in every language.
    user = scratch / "proto/shop/v1/user.proto"
    user.write_text(
        user.read_text().replace(
            "google.protobuf.Timestamp created_at = 3;",
            "google.protobuf.Timestamp created_at = 3;\n  string email_address = 4;",
        )
    )
    drift = protobind(scratch, "check")
    assert drift.returncode == 1, drift.stdout + drift.stderr
    assert "modified" in drift.stdout and "run `protobind generate`" in drift.stdout
    for lang in ("python", "go", "typescript"):
        assert f"gen/{lang}/" in drift.stdout
    assert "+" in drift.stdout and (
        "email_address" in drift.stdout or "emailAddress" in drift.stdout
    )

    assert protobind(scratch, "generate").returncode == 0
    assert protobind(scratch, "check").returncode == 0
    git(scratch, "commit", "-qam", "email")

    # Delete a schema: its outputs are stale, reported, then removed; nothing else is.
    (scratch / "proto/shop/v1/order.proto").unlink()
    stale = protobind(scratch, "check")
    assert stale.returncode == 1
    stale_lines = [line for line in stale.stdout.splitlines() if line.startswith("stale")]
    assert len(stale_lines) == 3, stale.stdout  # one per language
    assert all("order" in line for line in stale_lines)
    removed = protobind(scratch, "generate")
    assert removed.returncode == 0
    assert removed.stderr.count("  removed  ") == 3, removed.stderr
    assert protobind(scratch, "check").returncode == 0
    assert (scratch / "gen/go/NOTES.md").read_text() == "hand-written, must survive\n"
    assert not any("order" in p.name for p in (scratch / "gen").rglob("*"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A git snapshot of this checkout (working tree included), for pre-commit to install."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    files = sh(["git", "ls-files", "-co", "--exclude-standard", "-z"], REPO).stdout.split("\0")
    for rel in filter(None, files):
        src = REPO / rel
        if src.is_file():
            dest = snapshot / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    git(snapshot, "init", "-q", "-b", "main")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-qm", "snapshot")
    rev = sh(["git", "rev-parse", "HEAD"], snapshot).stdout.strip()
    yield snapshot, rev


def test_pre_commit_hooks_fail_on_drift_and_pass_after_generate(
    scratch: Path, hook_repo: tuple[Path, str], tmp_path: Path
) -> None:
    repo, rev = hook_repo
    (scratch / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: protobind-check\n      - id: protobind-generate\n"
    )
    env = {
        "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-home"),
        "PROTOBIND_CACHE_DIR": str(tmp_path / "cache"),
    }
    pre_commit = Path(sys.executable).parent / "pre-commit"

    def hook(hook_id: str) -> subprocess.CompletedProcess[str]:
        return sh([pre_commit, "run", hook_id, "--color", "never"], scratch, env=env)

    assert protobind(scratch, "generate").returncode == 0
    git(scratch, "add", "-A")
    git(scratch, "commit", "-qm", "initial")

    # A schema change staged without regenerating: the check hook fails with the diff.
    user = scratch / "proto/shop/v1/user.proto"
    user.write_text(user.read_text().replace("string display_name = 2;", "string nickname = 2;"))
    git(scratch, "add", "proto")
    failed = hook("protobind-check")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "modified" in failed.stdout and "nickname" in failed.stdout

    # The generate hook regenerates and fails once, like a formatter; then both pass.
    regenerated = hook("protobind-generate")
    assert regenerated.returncode == 1, regenerated.stdout
    git(scratch, "add", "-A")
    assert hook("protobind-generate").returncode == 0
    passed = hook("protobind-check")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    git(scratch, "commit", "-qm", "rename display_name")

    # Unrelated changes do not trigger the hooks at all.
    (scratch / "README.md").write_text("hello\n")
    git(scratch, "add", "README.md")
    skipped = hook("protobind-check")
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout


def test_two_generates_at_once(scratch: Path) -> None:
    """Concurrent runs serialise on a lock: both succeed, the tree is complete and clean."""
    env = {**os.environ, "PROTOBIND_CACHE_DIR": str(scratch.parent / "cache-concurrent")}
    procs = [
        subprocess.Popen(
            [str(PROTOBIND), "generate", "--no-cache"],
            cwd=scratch,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert all(code == 0 for code, _ in results), results
    created = sum(err.count("  created  ") for _, err in results)
    assert created == len(
        [p for p in (scratch / "gen").rglob("*") if p.is_file() and p.name != ".protobind-manifest"]
    )
    leftovers = [
        p for p in scratch.rglob("*") if p.name.endswith(("protobind-tmp", "protobind-bak"))
    ]
    assert leftovers == []
    assert protobind(scratch, "check").returncode == 0


def test_init_scaffold_hook_runs_through_pre_commit(tmp_path: Path) -> None:
    """What `protobind init` writes works as it is: its local hook passes on a clean tree
    and fails on drift under the real pre-commit (this checkout's editable install records
    no git source, so init writes the local hook)."""
    root = tmp_path / "fresh"
    (root / "proto/shop/v1").mkdir(parents=True)
    (root / "proto/shop/v1/user.proto").write_text(textwrap.dedent(USER).lstrip())
    git(root, "init", "-q", "-b", "main")
    env = {
        "PATH": f"{PROTOBIND.parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PROTOBIND_CACHE_DIR": str(tmp_path / "cache"),
    }
    scaffold = sh([PROTOBIND, "init", "--languages", "python,typescript"], root, env=env)
    assert scaffold.returncode == 0, scaffold.stderr
    assert "repo: local" in (root / ".pre-commit-config.yaml").read_text()
    assert sh([PROTOBIND, "generate"], root, env=env).returncode == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "scaffold")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    hook = [pre_commit, "run", "protobind-check", "--all-files", "--color", "never"]
    passed = sh(hook, root, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    user = root / "proto/shop/v1/user.proto"
    user.write_text(user.read_text().replace("string display_name = 2;", "string nickname = 2;"))
    git(root, "add", "proto")
    failed = sh(hook, root, env=env)
    assert failed.returncode == 1 and "nickname" in failed.stdout, failed.stdout
