"""protoc errors become `path:line:col: message` relative to the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.compile import compile_protos
from codegen.errors import ConfigError, SchemaError
from codegen.sources import discover
from tests.support.project import write_protos


def compile_dir(root: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    protos = write_protos(root, files)
    return compile_protos([protos], discover([protos]))


def test_descriptors_include_imports_and_source_info(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    compiled = compile_dir(
        tmp_path,
        {
            "a.proto": 'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\n'
            "// Doc.\nmessage A { google.protobuf.Timestamp t = 1; }\n",
        },
    )
    names = [f.name for f in compiled.descriptors.file]
    assert names == ["google/protobuf/timestamp.proto", "a.proto"]
    a = compiled.descriptors.file[1]
    assert any(loc.leading_comments == " Doc.\n" for loc in a.source_code_info.location)


def test_undefined_type_is_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError) as info:
        compile_dir(
            tmp_path, {"pkg/a.proto": 'syntax = "proto3";\nmessage A {\n  Missing m = 1;\n}\n'}
        )
    (d,) = info.value.diagnostics
    assert (d.path, d.line, d.col) == ("protos/pkg/a.proto", 3, 3)
    assert '"Missing" is not defined' in d.message
    assert str(d).startswith("protos/pkg/a.proto:3:3: ")


def test_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(SchemaError) as info:
        compile_dir(
            tmp_path, {"a.proto": 'syntax = "proto3";\nmessage A { int32 x = 1; int32 y = 1; }\n'}
        )
    assert str(info.value.diagnostics[0]).startswith("../protos/a.proto:2:")


def test_several_errors_all_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError) as info:
        compile_dir(tmp_path, {"a.proto": 'syntax = "proto3";\nmessage A { X x = 1; Y y = 2; }\n'})
    assert len(info.value.diagnostics) == 2


def test_missing_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError) as info:
        compile_dir(tmp_path, {"a.proto": 'syntax = "proto3";\nimport "nope.proto";\n'})
    text = str(info.value)
    assert "nope.proto" in text and "protos/a.proto:2:1" in text


def test_syntax_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SchemaError, match=r"protos/a\.proto:2:\d+: Expected"):
        compile_dir(tmp_path, {"a.proto": 'syntax = "proto3";\nmessage {\n'})


def test_unused_import_is_a_warning_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    compiled = compile_dir(
        tmp_path,
        {"a.proto": 'syntax = "proto3";\nimport "google/protobuf/empty.proto";\nmessage A {}\n'},
    )
    assert [d.path for d in compiled.warnings] == ["protos/a.proto"]
    assert "warning" in compiled.warnings[0].message


def test_overlapping_proto_paths_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.proto").write_text('syntax = "proto3";\n')
    with pytest.raises(
        SchemaError, match=r"import path 'a\.proto' is also provided by one/a\.proto"
    ):
        discover([tmp_path / "one", tmp_path / "two"])


def test_inputs_restrict_and_must_be_inside_proto_paths(tmp_path: Path) -> None:
    protos = write_protos(
        tmp_path, {"a/x.proto": 'syntax = "proto3";\n', "b/y.proto": 'syntax = "proto3";\n'}
    )
    assert [s.name for s in discover([protos], [protos / "b"])] == ["b/y.proto"]
    with pytest.raises(ConfigError, match="is not below any of proto_paths"):
        discover([protos / "a"], [protos / "b"])


def test_no_protos_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no \.proto files found"):
        discover([tmp_path])


def test_hidden_folders_are_skipped(tmp_path: Path) -> None:
    protos = write_protos(tmp_path, {".git/x.proto": "junk", "a.proto": 'syntax = "proto3";\n'})
    assert [s.name for s in discover([protos])] == ["a.proto"]
