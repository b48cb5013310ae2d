"""`protobind lint` and `protobind breaking` end to end: config precedence, comment
ignores, protobind's own rules, output formats, exit codes and the seed's worked example."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from codegen.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "schemas"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def run(
    argv: list[str], cwd: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


PROJECT_TOML = """
[protobind]
proto_paths = ["proto"]

[[protobind.targets]]
language = "python"
out = "gen/py"

[[protobind.targets]]
language = "go"
out = "gen/go"
module = "example.com/gen"

[[protobind.targets]]
language = "typescript"
out = "gen/ts"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "protobind.toml", PROJECT_TOML)
    write(
        tmp_path / "proto/acme/v1/thing.proto",
        """
        syntax = "proto3";
        package acme.v1;
        // A thing.
        message Thing {
          string id = 1;
          int64 timeout = 2;
          int64 created_at_unix_ms = 3;
          string fooBar = 4;
        }
        """,
    )
    return tmp_path


def test_lint_reads_protobind_toml_and_adds_protobind_rules(project, capsys, monkeypatch) -> None:
    code, out, _ = run(["lint"], project, capsys, monkeypatch)
    assert code == 1
    lines = out.splitlines()
    assert (
        'proto/acme/v1/thing.proto:5:10:Field name "id" is escaped in generated code: Python `id_`.'
        in lines
    )
    assert any(':6:9:Field "timeout" holds a time' in x for x in lines), out
    assert not any("created_at_unix_ms" in x for x in lines)  # names its unit
    assert any(':8:10:Field name "fooBar" should be lower_snake_case' in x for x in lines)


def test_lint_config_except_and_ignore_comments(project, capsys, monkeypatch) -> None:
    with (project / "protobind.toml").open("a") as f:
        f.write(
            '\n[protobind.lint]\nuse = ["STANDARD", "PROTOBIND"]\nexcept = ["PROTOBIND_TARGET_ESCAPE"]\n'
        )
    proto = project / "proto/acme/v1/thing.proto"
    proto.write_text(
        proto.read_text().replace(
            "  string fooBar = 4;",
            "  // buf:lint:ignore FIELD_LOWER_SNAKE_CASE\n  string fooBar = 4;",
        )
    )
    code, out, _ = run(["lint", "--format", "json"], project, capsys, monkeypatch)
    found = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert {f["type"] for f in found} == {"PROTOBIND_TIME_UNIT"}
    assert set(found[0]) == {
        "path",
        "start_line",
        "start_column",
        "end_line",
        "end_column",
        "type",
        "message",
    }


def test_lint_clean_exits_0_and_unknown_rule_exits_2(project, capsys, monkeypatch) -> None:
    with (project / "protobind.toml").open("a") as f:
        f.write('\n[protobind.lint]\nuse = ["MINIMAL"]\n')
    assert run(["lint"], project, capsys, monkeypatch)[0] == 0
    text = (
        (project / "protobind.toml")
        .read_text()
        .replace('use = ["MINIMAL"]', 'use = ["NO_SUCH_RULE"]')
    )
    (project / "protobind.toml").write_text(text)
    code, _, err = run(["lint"], project, capsys, monkeypatch)
    assert code == 2 and "NO_SUCH_RULE" in err


def test_lint_buf_yaml_governs_when_present(project, capsys, monkeypatch) -> None:
    write(
        project / "buf.yaml",
        "version: v2\nmodules:\n  - path: proto\nlint:\n  use: [FIELD_LOWER_SNAKE_CASE]\n",
    )
    code, out, _ = run(["lint", "--format", "github"], project, capsys, monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        "::error file=proto/acme/v1/thing.proto,line=8,col=10,endLine=8,endColumn=16::"
        'Field name "fooBar" should be lower_snake_case, such as "foo_bar".'
    ]


def test_bad_buf_yaml_is_a_config_error(project, capsys, monkeypatch) -> None:
    write(project / "buf.yaml", "version: v2\nlint:\n  uses: [STANDARD]\n")
    code, _, err = run(["lint"], project, capsys, monkeypatch)
    assert code == 2 and "lint.uses: unknown key" in err


def _seed_before(dest: Path) -> Path:
    """The seed's schemas as they were before `Initialize` got its own response message."""
    shutil.copytree(SEED, dest)
    domain = dest / "protobind/plugin/v1/domain.proto"
    text = domain.read_text()
    text = text.replace(
        "rpc Initialize(InitializeRequest) returns (InitializeResponse);",
        "rpc Initialize(InitializeRequest) returns (google.protobuf.Empty);",
    )
    text = text.replace(
        'import "google/protobuf/struct.proto";',
        'import "google/protobuf/empty.proto";\nimport "google/protobuf/struct.proto";',
    )
    start = text.index("// What the plugin offers after initialisation.")
    end = text.index("\n}\n", start) + 3
    domain.write_text(text[:start] + text[end:])
    return dest


def test_breaking_seed_initialize_example(tmp_path, capsys, monkeypatch) -> None:
    before = _seed_before(tmp_path / "before")
    code, out, _ = run(
        ["breaking", "--against", str(before), "--format", "json"], ROOT, capsys, monkeypatch
    )
    assert code == 1
    found = [json.loads(x) for x in out.splitlines()]
    # As buf (FILE) says: the last import of empty.proto went, and the response type changed.
    assert [(f["type"], f["start_line"], f["start_column"]) for f in found] == [
        ("FILE_NO_DELETE", 1, 1),
        ("RPC_SAME_RESPONSE_TYPE", 26, 46),
    ]
    assert "path" not in found[0]  # buf's JSON has no path for a deleted file
    effects = found[1]["effects"]
    assert effects[0].startswith("Wire: compatible")
    assert effects[1].startswith('JSON (names = "json", int64 = "string"): compatible')
    assert (
        "Python: DomainPluginService.initialize return type changes from Empty to InitializeResponse"
        in effects
    )
    assert (
        "Go: DomainPluginService.Initialize return type changes from *Empty to *InitializeResponse"
        in effects
    )
    assert any(
        e.startswith("TypeScript: DomainPluginService.initialize return type changes")
        for e in effects
    )


def test_breaking_against_git_ref_and_descriptor_set(project, capsys, monkeypatch) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "one"], cwd=project, check=True)
    assert run(["breaking", "--against", "HEAD"], project, capsys, monkeypatch)[0] == 0
    proto = project / "proto/acme/v1/thing.proto"
    proto.write_text(proto.read_text().replace("string id = 1;", "string key = 1;"))
    code, out, _ = run(
        ["breaking", "--against", "HEAD", "--no-effects"], project, capsys, monkeypatch
    )
    assert code == 1
    assert out.splitlines() == [
        'proto/acme/v1/thing.proto:5:3:Field "1" with name "key" on message "Thing" changed option "json_name" from "id" to "key".',
        'proto/acme/v1/thing.proto:5:10:Field "1" on message "Thing" changed name from "id" to "key".',
    ]
    code, out, _ = run(["breaking", "--against", "HEAD"], project, capsys, monkeypatch)
    assert "    Python: Thing.id_ is renamed to Thing.key" in out.splitlines()
    assert "    Go: Thing.Id is renamed to Thing.Key" in out.splitlines()
    # A descriptor set of the committed version says the same.
    from codegen.compile import compile_protos
    from codegen.sources import SourceFile

    old = tmp = project / "old"
    subprocess.run(["git", "worktree", "add", "-q", str(tmp), "HEAD"], cwd=project, check=True)
    compiled = compile_protos(
        [old / "proto"], [SourceFile("acme/v1/thing.proto", old / "proto/acme/v1/thing.proto")]
    )
    image = project / "old.binpb"
    image.write_bytes(compiled.descriptors.SerializeToString())
    code, out2, _ = run(
        ["breaking", "--against", str(image), "--no-effects"], project, capsys, monkeypatch
    )
    assert code == 1 and {x.split(":", 3)[3] for x in out2.splitlines()} == {
        x.split(":", 3)[3] for x in out.splitlines() if not x.startswith("    ")
    }


def test_breaking_usage_errors(project, capsys, monkeypatch) -> None:
    code, _, err = run(["breaking", "--against", "no/such/thing"], project, capsys, monkeypatch)
    assert code == 2 and "--against no/such/thing" in err
    with pytest.raises(SystemExit) as e:
        run(["breaking"], project, capsys, monkeypatch)
    assert e.value.code == 2


def test_breaking_reports_source_breaks_buf_does_not(project, capsys, monkeypatch) -> None:
    """With `use = ["WIRE"]` a field rename is no buf finding; every target's API still breaks."""
    with (project / "protobind.toml").open("a") as f:
        f.write('\n[protobind.breaking]\nuse = ["WIRE"]\n')
    before = project / "before"
    shutil.copytree(project / "proto", before)
    proto = project / "proto/acme/v1/thing.proto"
    proto.write_text(proto.read_text().replace("string fooBar = 4;", "string foo_baz = 4;"))
    code, out, _ = run(["breaking", "--against", str(before)], project, capsys, monkeypatch)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        'proto/acme/v1/thing.proto:8:3:"acme.v1.Thing.4" changes the generated API although '
        "no configured buf rule reports it."
    )
    assert "    Wire: compatible (no WIRE rule reports this element)" in lines
    assert (
        '    JSON (names = "json", int64 = "string"): breaking (FIELD_SAME_JSON_NAME, FIELD_SAME_NAME)'
        in lines
    )
    assert "    Python: Thing.fooBar is renamed to Thing.foo_baz" in lines
    assert "    Go: Thing.FooBar is renamed to Thing.FooBaz" in lines
    assert "    TypeScript: Thing.fooBar is renamed to Thing.fooBaz" in lines


@pytest.mark.parametrize(
    ("int64", "note"),
    [
        (
            "string",
            'JSON (names = "json", int64 = "string"): breaking (FIELD_WIRE_JSON_COMPATIBLE_TYPE)',
        ),
        (
            "number",
            'JSON (names = "json", int64 = "number"): compatible (integers are JSON numbers '
            "under this profile)",
        ),
    ],
)
def test_breaking_json_effect_follows_the_profile(
    project, capsys, monkeypatch, int64, note
) -> None:
    toml = project / "protobind.toml"
    toml.write_text(
        toml.read_text().replace(
            'proto_paths = ["proto"]', f'proto_paths = ["proto"]\njson = {{ int64 = "{int64}" }}'
        )
        + '\n[protobind.breaking]\nuse = ["WIRE_JSON"]\n'
    )
    before = project / "before"
    shutil.copytree(project / "proto", before)
    old = before / "acme/v1/thing.proto"
    old.write_text(old.read_text().replace("int64 timeout = 2;", "int32 timeout = 2;"))
    code, out, _ = run(["breaking", "--against", str(before)], project, capsys, monkeypatch)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith('proto/acme/v1/thing.proto:6:3:Field "2" with name "timeout"')
    assert "    Wire: compatible (no WIRE rule reports this element)" in lines
    assert "    " + note in lines
