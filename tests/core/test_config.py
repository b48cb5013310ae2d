"""Config: every problem names the file, the key and what was expected (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.config import JsonProfile, find_config, load_config
from codegen.errors import ConfigError


def write(tmp_path: Path, text: str, name: str = "protobind.toml") -> Path:
    (tmp_path / "protos").mkdir(exist_ok=True)
    path = tmp_path / name
    path.write_text(text)
    return path


VALID = """
[protobind]
proto_paths = ["protos"]
json = { names = "proto", int64 = "number" }

[[protobind.targets]]
language = "python"
out = "gen/py/acme"
package = "acme"

[[protobind.targets]]
language = "go"
out = "gen/go"
module = "example.com/acme/gen/go"

[[protobind.targets]]
language = "typescript"
out = "gen/ts"
"""


def test_valid_config_resolves_paths_relative_to_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID), cwd=Path("/"))
    assert config.root == tmp_path
    assert config.proto_paths == (tmp_path / "protos",)
    assert config.json == JsonProfile(names="proto", int64="number")
    py, go, ts = config.targets
    assert (py.language, py.out, py.package) == ("python", tmp_path / "gen/py/acme", "acme")
    assert (go.module, ts.out) == ("example.com/acme/gen/go", tmp_path / "gen/ts")


def test_pyproject_tool_table(tmp_path: Path) -> None:
    text = VALID.replace("[protobind]", "[tool.protobind]").replace(
        "[[protobind.targets]]", "[[tool.protobind.targets]]"
    )
    write(tmp_path, "[project]\nname = 'x'\n" + text, "pyproject.toml")
    config = load_config(cwd=tmp_path)
    assert config.source == tmp_path / "pyproject.toml"
    assert len(config.targets) == 3


def test_protobind_toml_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path, "[tool.protobind]\nproto_paths = ['nope']\n", "pyproject.toml")
    write(tmp_path, VALID)
    assert load_config(cwd=tmp_path).source == tmp_path / "protobind.toml"


def test_pyproject_without_table_is_not_a_config(tmp_path: Path) -> None:
    write(tmp_path, "[project]\nname = 'x'\n", "pyproject.toml")
    with pytest.raises(ConfigError, match="no configuration found"):
        load_config(cwd=tmp_path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('proto_paths = ["protos"]', 'proto_path = ["protos"]'),
            r"protobind\.proto_path: unknown key \(did you mean `proto_paths`\?\); expected one of \"proto_paths\"",
        ),
        (
            ('proto_paths = ["protos"]', 'proto_paths = "protos"'),
            r"protobind\.proto_paths: expected a list of strings, got 'protos'",
        ),
        (
            ('proto_paths = ["protos"]', 'proto_paths = ["missing"]'),
            r"protobind\.proto_paths: 'missing' does not exist",
        ),
        (
            ('proto_paths = ["protos"]', "proto_paths = []"),
            r"protobind\.proto_paths: expected at least one entry",
        ),
        (
            ('names = "proto"', 'names = "camel"'),
            r'protobind\.json\.names: expected one of "json", "proto", got \'camel\'',
        ),
        (
            ('int64 = "number"', "int64 = 64"),
            r'protobind\.json\.int64: expected one of "string", "number", got number 64',
        ),
        (
            ('json = { names = "proto", int64 = "number" }', 'json = { names = "json", ints = 1 }'),
            r"protobind\.json\.ints: unknown key",
        ),
        (
            ('language = "typescript"', 'language = "cobol"'),
            r'protobind\.targets\[2\]\.language: expected one of "python", "go", "typescript"',
        ),
        (
            ('out = "gen/ts"', 'out = "gen/ts"\npackage = "x"'),
            r"protobind\.targets\[2\]\.package: unknown key \(`package` applies to python targets",
        ),
        (
            ('package = "acme"', 'package = "acme-types"'),
            r"protobind\.targets\[0\]\.package: expected a dotted Python package name",
        ),
        (
            ('out = "gen/ts"', 'out = "gen/go/ts"'),
            r"protobind\.targets\[2\]\.out: gen/go/ts overlaps the output of protobind\.targets\[1\]",
        ),
        (
            ('out = "gen/ts"', 'out = "."'),
            r"protobind\.targets\[2\]\.out: '\.' must be a folder below the config file's folder",
        ),
        (('out = "gen/ts"\n', ""), r"protobind\.targets\[2\]\.out: is required"),
        (
            ('package = "acme"', 'package = "acme"\ngrpc = "yes"'),
            r"protobind\.targets\[0\]\.grpc: expected true or false, got 'yes'",
        ),
        (
            ('out = "gen/ts"', 'out = "gen/ts"\ngrpc = true'),
            r"protobind\.targets\[2\]\.grpc: unknown key \(`grpc` applies to python and go and rust targets only",
        ),
    ],
)
def test_errors_name_file_key_and_expectation(
    tmp_path: Path, change: tuple[str, str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, VALID.replace(*change))
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert str(info.value).startswith("protobind.toml: ")
    assert info.value.exit_code == 2


def test_invalid_toml_reports_position(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "[protobind\nproto_paths = 1\n")
    with pytest.raises(ConfigError, match=r"protobind\.toml: invalid TOML: .*line 1"):
        load_config(path)


def test_stray_top_level_table_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, VALID + "\n[protobnd]\nx = 1\n")
    with pytest.raises(ConfigError, match="protobnd: unknown table"):
        load_config(path)


def test_missing_targets(tmp_path: Path) -> None:
    path = write(tmp_path, '[protobind]\nproto_paths = ["protos"]\n')
    with pytest.raises(ConfigError, match=r"targets: is required"):
        load_config(path)


def test_go_module_from_go_mod(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("// comment\nmodule example.com/app // trailing\n\ngo 1.22\n")
    text = VALID.replace('module = "example.com/acme/gen/go"\n', "")
    config = load_config(write(tmp_path, text))
    assert config.targets[1].module == "example.com/app/gen/go"


def test_grpc_is_opt_in_per_target(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    assert [t.grpc for t in config.targets] == [False, False, False]
    text = VALID.replace('module = "example.com/acme/gen/go"', 'module = "x.test/m"\ngrpc = true')
    assert [t.grpc for t in load_config(write(tmp_path, text)).targets] == [False, True, False]


def test_go_module_absent_without_go_mod(tmp_path: Path) -> None:
    text = VALID.replace('module = "example.com/acme/gen/go"\n', "")
    config = load_config(write(tmp_path, text))
    assert config.targets[1].module is None


def test_explicit_config_path_not_found(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_config_found_in_a_folder_above_with_paths_relative_to_it(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    deep = tmp_path / "src" / "app" / "handlers"
    deep.mkdir(parents=True)
    config = load_config(cwd=deep)
    assert config.source == tmp_path / "protobind.toml"
    assert config.proto_paths == (tmp_path / "protos",)
    assert config.targets[0].out == tmp_path / "gen/py/acme"


def test_nearest_config_wins_and_a_pyproject_without_table_is_passed_over(
    tmp_path: Path,
) -> None:
    write(tmp_path, VALID)
    inner = tmp_path / "sub"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(inner) == tmp_path / "protobind.toml"
    tool = VALID.replace("[protobind]", "[tool.protobind]").replace(
        "[[protobind.targets]]", "[[tool.protobind.targets]]"
    )
    (inner / "pyproject.toml").write_text(tool)
    (inner / "protos").mkdir()
    assert find_config(inner / "protos") == inner / "pyproject.toml"
    assert load_config(cwd=inner / "protos").proto_paths == (inner / "protos",)


def test_search_stops_at_the_filesystem_root(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    with pytest.raises(ConfigError, match=r"no configuration found in .* or any folder above it"):
        find_config(deep)
