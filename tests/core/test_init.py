"""`protobind init` scaffolds a working setup and never overwrites a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.cli import main
from codegen.commands import init as init_command
from codegen.commands.init import Source, find_proto_roots, parse_direct_url
from codegen.config import load_config
from tests.support.project import write_protos


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_roots_found_from_imports(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "api/proto/acme/v1/a.proto": 'syntax = "proto3";\nimport "acme/v1/b.proto";\n',
            "api/proto/acme/v1/b.proto": 'syntax = "proto3";\nimport "google/protobuf/empty.proto";\n',
            "tools/standalone.proto": 'syntax = "proto3";\n',
            "node_modules/dep/x.proto": 'syntax = "proto3";\n',
            ".git/y.proto": "",
        },
    )
    assert find_proto_roots(tmp_path) == ["api/proto", "tools"]


def test_root_is_dot_for_protos_at_top(tmp_path: Path) -> None:
    write(tmp_path, {"a.proto": 'syntax = "proto3";\n', "sub/b.proto": 'syntax = "proto3";\n'})
    assert find_proto_roots(tmp_path) == ["."]


def test_init_writes_working_scaffold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(
        tmp_path,
        {
            "acme/v1/a.proto": 'syntax = "proto3";\npackage acme.v1;\nimport "acme/v1/b.proto";\n',
            "acme/v1/b.proto": 'syntax = "proto3";\npackage acme.v1;\n',
        },
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(init_command, "installed_from", lambda: None)
    assert main(["init"]) == 0
    err = capsys.readouterr().err
    for name in ("protobind.toml", "Makefile", ".pre-commit-config.yaml"):
        assert f"wrote {name}" in err
        assert (tmp_path / name).is_file()
    assert "2 schema files compile with this config" in err
    config = load_config()
    assert config.proto_paths == (tmp_path / "protos",)
    assert [t.language for t in config.targets] == ["python", "go", "typescript"]
    # Not known where this protobind came from: a hook that runs the installed one, and
    # no CI job naming a package or tag that may not exist (printed to finish instead).
    hook = (tmp_path / ".pre-commit-config.yaml").read_text()
    assert "repo: local" in hook and "entry: protobind check" in hook and "rev:" not in hook
    assert not (tmp_path / ".github").exists()
    assert "not writing .github/workflows/protobind.yml" in err
    assert "pip install <PROTOBIND>" in err
    assert "pip install protobind" not in err + hook
    assert "include protobind.mk" not in err  # it wrote a Makefile, not protobind.mk
    assert "docs/" not in (tmp_path / "protobind.toml").read_text()


def test_init_names_the_git_source_protobind_was_installed_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(tmp_path, {"a.proto": 'syntax = "proto3";\n'})
    monkeypatch.chdir(tmp_path)
    source = Source("https://git.example.test/tools/protobind.git", "0123abc" * 5 + "01234")
    monkeypatch.setattr(init_command, "installed_from", lambda: source)
    assert main(["init"]) == 0
    hook = (tmp_path / ".pre-commit-config.yaml").read_text()
    assert f"repo: {source.url}\n    rev: {source.commit}\n" in hook
    workflow = (tmp_path / ".github/workflows/protobind.yml").read_text()
    assert f'pip install "protobind @ git+{source.url}@{source.commit}"' in workflow
    assert "wrote .github/workflows/protobind.yml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            '{"url": "https://git.example.test/p.git", "vcs_info": {"vcs": "git", '
            '"commit_id": "abc123", "requested_revision": "main"}}',
            Source("https://git.example.test/p.git", "abc123"),
        ),
        # Editable checkouts, local paths and wheels: nothing CI could install from.
        ('{"url": "file:///home/me/protobind", "dir_info": {"editable": true}}', None),
        ('{"url": "file:///tmp/p.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}}', None),
        ('{"url": "https://x.test/p.whl", "archive_info": {}}', None),
        ('{"url": "https://x.test/p", "vcs_info": {"vcs": "hg", "commit_id": "abc"}}', None),
        ("not json", None),
        (None, None),
    ],
)
def test_install_source_from_pep_610(direct_url: str | None, expected: Source | None) -> None:
    assert parse_direct_url(direct_url) == expected


def test_init_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(tmp_path, {"a.proto": 'syntax = "proto3";\n'})
    (tmp_path / "Makefile").write_text("all:\n\techo mine\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--languages", "typescript"]) == 0
    err = capsys.readouterr().err
    assert (tmp_path / "Makefile").read_text() == "all:\n\techo mine\n"
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert "wrote protobind.mk. Add `include protobind.mk` to your Makefile" in err
    assert "1 schema file compiles with this config" in err
    assert ".pre-commit-config.yaml exists, left as it is. Add this entry" in err
    assert "id: protobind-check" in err  # the snippet to merge by hand
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert main(["init"]) == 0
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_init_dry_run_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(tmp_path, {"a.proto": 'syntax = "proto3";\n'})
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--dry-run"]) == 0
    assert "would write protobind.toml" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protos"]


def test_init_without_protos_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 2
    assert "no .proto files found" in capsys.readouterr().err


def test_init_reports_schemas_that_do_not_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(tmp_path, {"a.proto": 'syntax = "proto3";\nmessage A { Missing m = 1; }\n'})
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    err = capsys.readouterr().err
    assert "do not compile with this config yet" in err and "protos/a.proto:2:13" in err


def test_go_module_left_to_go_mod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(tmp_path, {"a.proto": 'syntax = "proto3";\n'})
    (tmp_path / "go.mod").write_text("module example.com/app\n")
    monkeypatch.chdir(tmp_path)
    main(["init", "--languages", "go"])
    assert load_config().targets[0].module == "example.com/app/generated/go"


def test_makefile_that_runs_protobind_is_not_told_to_include_protobind_mk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_protos(tmp_path, {"a.proto": 'syntax = "proto3";\n'})
    (tmp_path / "Makefile").write_text("gen:\n\tprotobind generate\n")
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    err = capsys.readouterr().err
    assert not (tmp_path / "protobind.mk").exists()
    assert "Makefile exists, left as it is. It runs protobind already" in err
    assert "protobind.mk" not in err
