"""protoc errors become `path:line:col: message` relative to the working directory."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen import compile as compile_module
from codegen.compile import compile_protos
from codegen.errors import ConfigError, SchemaError
from codegen.processes import MIN_FILES as FORK_MIN_FILES
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


# -- large schemas: protoc in forked children over slices of the inputs ------------------


def many_files(count: int, extra: dict[str, str] | None = None) -> dict[str, str]:
    """`count` files in two packages, each importing the one before (so every slice of
    the inputs imports files of another slice), the first and the last also a well-known
    type (files from outside the inputs)."""
    files = {}
    for i in range(count):
        pkg = "p" if i % 2 else "q"
        imp = f'import "f{i - 1:03d}.proto";\n' if i else ""
        prev_pkg = ("p" if (i - 1) % 2 else "q") if i else ""
        field = f"  {prev_pkg}.F{i - 1:03d} prev = 1;\n" if i else ""
        if i in (0, count - 1):
            # Imports from outside the inputs, in the first slice and in the last.
            wkt = "timestamp" if i == 0 else "duration"
            imp += f'import "google/protobuf/{wkt}.proto";\n'
            field += f"  google.protobuf.{wkt.title()} at = 2;\n"
        files[f"f{i:03d}.proto"] = (
            f'syntax = "proto3";\npackage {pkg};\n{imp}\n// Doc {i}.\nmessage F{i:03d} {{\n{field}}}\n'
        )
    files.update(extra or {})
    return files


def serialized(compiled) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {f.name: f.SerializeToString() for f in compiled.descriptors.file}


def compile_both_ways(
    root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[object, object]:
    """(forked, in-process) results: a Compiled or the SchemaError raised."""
    protos = write_protos(root, files)
    results = []
    for jobs in (None, "1"):
        if jobs:
            monkeypatch.setenv("PROTOBIND_JOBS", jobs)
        else:
            monkeypatch.delenv("PROTOBIND_JOBS", raising=False)
        try:
            results.append(compile_protos([protos], discover([protos])))
        except SchemaError as e:
            results.append(e)
    return results[0], results[1]


def test_forked_slices_give_the_same_descriptors_as_one_protoc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runs: list[list[list[str]]] = []
    real = compile_module._fork_protoc

    def recorded(main, options, slices, stem, meanwhile=None):  # type: ignore[no-untyped-def]
        runs.append(slices)
        return real(main, options, slices, stem, meanwhile)

    monkeypatch.setattr(compile_module, "_fork_protoc", recorded)
    forked, single = compile_both_ways(tmp_path, many_files(FORK_MIN_FILES + 16), monkeypatch)
    assert serialized(forked) == serialized(single)
    # One run over the slices of the inputs, one over what they import from outside them.
    assert len(runs) == 2
    assert sorted(f for part in runs[0] for f in part) == sorted(many_files(FORK_MIN_FILES + 16))
    assert runs[1] == [["google/protobuf/duration.proto", "google/protobuf/timestamp.proto"]]
    names = [f.name for f in forked.descriptors.file]  # type: ignore[attr-defined]
    assert len(names) == len(set(names)) == FORK_MIN_FILES + 16 + 2  # + the two WKTs
    # Imports from outside the inputs come first, then the inputs slice by slice.
    assert sorted(names[:2]) == [
        "google/protobuf/duration.proto",
        "google/protobuf/timestamp.proto",
    ]


def test_forked_slices_report_errors_as_one_protoc_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    broken = many_files(
        FORK_MIN_FILES + 16,
        {"f070.proto": 'syntax = "proto3";\nmessage {\n'},
    )
    forked, single = compile_both_ways(tmp_path, broken, monkeypatch)
    assert isinstance(forked, SchemaError) and isinstance(single, SchemaError)
    assert str(forked) == str(single)
    assert str(forked).startswith("protos/f070.proto:2:")


def test_forked_slices_report_warnings_as_one_protoc_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    unused = 'syntax = "proto3";\nimport "google/protobuf/empty.proto";\nmessage W {}\n'
    forked, single = compile_both_ways(
        tmp_path, many_files(FORK_MIN_FILES + 16, {"w.proto": unused}), monkeypatch
    )
    assert forked.warnings == single.warnings  # type: ignore[attr-defined]
    assert [d.path for d in forked.warnings] == ["protos/w.proto"]  # type: ignore[attr-defined]
    assert serialized(forked) == serialized(single)


def same_as_unpatched(
    root: Path, monkeypatch: pytest.MonkeyPatch, patch: Callable[[], None]
) -> None:
    """Compiling a large set after `patch()` gives the descriptors it gave before."""
    monkeypatch.chdir(root)
    protos = write_protos(root, many_files(FORK_MIN_FILES + 16))
    expected = serialized(compile_protos([protos], discover([protos])))
    patch()
    assert serialized(compile_protos([protos], discover([protos]))) == expected


def test_no_process_to_fork_falls_back_to_one_protoc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forks = []

    def no_fork() -> int:
        forks.append(1)
        raise BlockingIOError(11, "Resource temporarily unavailable")

    same_as_unpatched(tmp_path, monkeypatch, lambda: monkeypatch.setattr(os, "fork", no_fork))
    assert forks, "the forked path was not tried"


def test_an_unexpected_descriptor_layout_falls_back_to_one_protoc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def odd_layout(data: bytes) -> list[tuple[bytes, bytes]]:
        raise ValueError("unexpected descriptor set layout")

    same_as_unpatched(
        tmp_path,
        monkeypatch,
        lambda: monkeypatch.setattr(compile_module, "_file_chunks", odd_layout),
    )


def test_this_process_works_meanwhile_while_protoc_runs_in_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipeline loads the targets during protoc's run; it must happen while the
    children work (both are alive), once, and the descriptors must not change."""
    monkeypatch.delenv("PROTOBIND_JOBS", raising=False)
    protos = write_protos(tmp_path, many_files(FORK_MIN_FILES + 8))
    children_alive: list[bool] = []

    def meanwhile() -> None:
        # Children still running, or finished but not yet reaped, can be waited for.
        try:
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            children_alive.append(True)
        except ChildProcessError:
            children_alive.append(False)

    compiled = compile_protos([protos], discover([protos]), meanwhile)
    alone = compile_protos([protos], discover([protos]))
    assert children_alive == [True]
    assert compiled.descriptors == alone.descriptors


def test_small_schemas_do_not_fork_so_nothing_runs_meanwhile(tmp_path: Path) -> None:
    protos = write_protos(tmp_path, many_files(3))
    calls: list[int] = []
    compile_protos([protos], discover([protos]), lambda: calls.append(1))
    assert calls == []
