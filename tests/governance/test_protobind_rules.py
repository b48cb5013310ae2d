"""protobind's own lint rules on small schemas (no buf equivalent: expected findings are
derived from the targets' naming modules, which the rules call)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from codegen.governance import lint as engine
from codegen.governance.inputs import compile_modules, workspace


def lint(tmp_path: Path, text: str, use: str) -> list[tuple[int, int, str, str]]:
    root = tmp_path / "proto"
    root.mkdir()
    (root / "buf.yaml").write_text(f"version: v2\nlint:\n  use: [{use}]\n")
    (root / "a.proto").write_text(textwrap.dedent(text).lstrip())
    ws = workspace(root, None)
    out = []
    for module, files, every in compile_modules(ws.modules):
        for f in engine.lint_files(files, every, module.lint):
            out.append((f.span.start_line, f.span.start_column, f.type, f.message))
    return out


def test_target_escape(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """
        syntax = "proto3";
        message M {
          string from = 1;
          string to_dict = 2;
          string reset = 3;
          string plain = 4;
        }
        service S { rpc Unwrap(M) returns (M); }
        """,
        "PROTOBIND_TARGET_ESCAPE",
    )
    assert [(line, msg.split(":", 1)[1].strip()) for line, _, _, msg in found] == [
        (3, "Python `from_`."),
        (4, "Python `to_dict_`."),
        (5, "Go `Reset_`."),
        (8, "Go `Unwrap_`."),
    ]


def test_name_collision_and_json_clash(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """
        syntax = "proto2";
        message M {
          optional string foo_bar = 1;
          optional string FooBar = 2;
          optional string x = 3 [json_name = "y_z"];
          optional string y_z = 4;
        }
        """,
        "PROTOBIND_NAME_COLLISION, PROTOBIND_JSON_NAME_CLASH",
    )
    rules = [(line, rule) for line, _, rule, _ in found]
    assert (4, "PROTOBIND_NAME_COLLISION") in rules  # both FooBar in Go
    assert (6, "PROTOBIND_JSON_NAME_CLASH") in rules  # "y_z" is x's JSON name and y_z's proto name
    assert all(line != 3 for line, _ in rules)


def test_time_unit(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        """
        syntax = "proto3";
        message M {
          int64 timeout = 1;
          int64 timeout_ms = 2;
          uint64 created_at = 3;
          int64 created_at_unix_seconds = 4;
          int32 retry_delay = 5;
          int64 count = 6;
        }
        """,
        "PROTOBIND_TIME_UNIT",
    )
    assert [line for line, _, _, _ in found] == [3, 5]
