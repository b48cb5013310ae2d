"""The no-op cache may make runs faster but must never change an answer."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codegen import cache
from codegen.cli import main
from codegen.config import load_config


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def test_key_changes_with_every_input(project: Path) -> None:
    config = load_config()
    base = cache.key(config)
    assert cache.key(load_config()) == base  # stable

    proto = project / "protos/acme/b.proto"
    original = proto.read_text()
    proto.write_text(original + "\n")
    assert cache.key(load_config()) != base
    proto.write_text(original)
    assert cache.key(load_config()) == base

    extra = project / "protos/acme/c.proto"
    extra.write_text('syntax = "proto3";\n')
    assert cache.key(load_config()) != base
    extra.unlink()

    toml = project / "protobind.toml"
    toml.write_text(
        toml.read_text().replace("[protobind]\n", '[protobind]\njson = { names = "proto" }\n')
    )
    assert cache.key(load_config()) != base


def test_user_templates_are_part_of_the_key(project: Path) -> None:
    (project / "tpl").mkdir()
    toml = project / "protobind.toml"
    toml.write_text(toml.read_text() + 'templates = "tpl"\n')
    base = cache.key(load_config())
    (project / "tpl/message.j2").write_text("x")
    assert cache.key(load_config()) != base


def test_hit_requires_exact_disk_content(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "generate")[0] == 0
    config = load_config()
    expected = cache.lookup(config, cache.key(config))
    assert expected is not None and cache.disk_matches(expected)
    target = project / "out/acme/a.txt"
    target.write_bytes(target.read_bytes() + b" ")
    assert not cache.disk_matches(expected)
    code, out = run(capsys, "check")
    assert code == 1 and "modified out/acme/a.txt" in out


def test_stale_file_is_never_hidden_by_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "generate")
    assert run(capsys, "check")[0] == 0
    (project / "protos/acme/a.proto").unlink()
    code, out = run(capsys, "check")
    assert code == 1 and "stale    out/acme/a.txt" in out


def test_corrupt_cache_is_ignored(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "generate")
    for entry in (tmp_path / "cache").iterdir():
        entry.write_text("{not json")
    assert run(capsys, "check")[0] == 0
    (project / "out/acme/a.txt").write_text("x")
    assert run(capsys, "check")[0] == 1


def test_unwritable_cache_dir_is_harmless(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "blocker").write_text("a file, not a folder")
    monkeypatch.setenv("PROTOBIND_CACHE_DIR", str(project / "blocker" / "cache"))
    assert run(capsys, "generate")[0] == 0
    assert run(capsys, "check")[0] == 0


def test_cached_check_does_not_import_the_pipeline(project: Path, tmp_path: Path) -> None:
    """The no-op path must not pay for protoc, protobuf or Jinja2 imports."""
    main(["generate"])
    script = textwrap.dedent(
        """
        import sys
        import codegen.targets
        for lang in ("python", "go", "typescript"):
            codegen.targets._MODULES[lang] = "tests.core.fake_target"
        from codegen.cli import main
        code = main(["check"])
        heavy = sorted(m for m in ("jinja2", "grpc_tools", "google.protobuf") if m in sys.modules)
        print(code, heavy)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project,
        capture_output=True,
        text=True,
        env={
            "PROTOBIND_CACHE_DIR": str(tmp_path / "cache"),
            "PYTHONPATH": str(Path(__file__).parents[2]),
        },
        check=True,
    )
    assert proc.stdout.splitlines() == ["protobind: 3 generated files up to date", "0 []"], (
        proc.stdout + proc.stderr
    )


def test_digests_computed_meanwhile_are_every_file_or_none(tmp_path: Path) -> None:
    files = [(tmp_path / f"f{i}", bytes([i]) * (i * 1000)) for i in range(20)]
    digests = cache.digest_meanwhile(files)()
    assert digests == {str(p): hashlib.sha256(c).hexdigest() for p, c in files}
    # A failure part way leaves no partial set behind: a partial set stored as the cache
    # entry would let a later run call a tree up to date after checking part of it.
    broken = [*files[:5], (tmp_path / "bad", "not bytes"), *files[5:]]
    assert cache.digest_meanwhile(broken)() is None  # type: ignore[arg-type]
