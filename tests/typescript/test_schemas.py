"""Behaviour on awkward schemas: refusals with precise errors, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.config import JsonProfile
from codegen.errors import SchemaError
from tests.typescript.helpers import generate_inline


def test_json_name_collision_is_refused_naming_both_fields(tmp_path: Path) -> None:
    protos = {
        "c.proto": """
            syntax = "proto2";
            package c;
            message Conflict {
              optional string foo_bar = 1;
              optional string fooBar = 2;
            }
        """
    }
    with pytest.raises(SchemaError) as info:
        generate_inline(tmp_path, protos)
    (diag,) = info.value.diagnostics
    assert diag.path.endswith("c.proto") and diag.line == 5
    assert "'foo_bar'" in diag.message and "'fooBar'" in diag.message
    assert "c.proto:4:3" in diag.message
    # Under names = "proto" the output keys differ, but input is still ambiguous (parsers
    # accept both names): refused whatever the profile (codegen/model/validate.py).
    with pytest.raises(SchemaError):
        generate_inline(tmp_path / "p", protos, JsonProfile(names="proto"))


def test_two_protos_on_one_module_are_refused(tmp_path: Path) -> None:
    protos = {
        "a#b.proto": 'syntax = "proto3"; package x; message A {}',
        "a?b.proto": 'syntax = "proto3"; package y; message B {}',
    }
    with pytest.raises(SchemaError) as info:
        generate_inline(tmp_path, protos)
    message = str(info.value)
    assert "a#b.proto" in message and "a?b.proto" in message and "a_b.ts" in message


def test_runtime_module_name_is_never_taken(tmp_path: Path) -> None:
    protos = {"protobind-runtime.proto": 'syntax = "proto3"; package x; message A {}'}
    with pytest.raises(SchemaError, match="runtime module"):
        generate_inline(tmp_path, protos)


def test_keyword_file_names_are_importable_modules(tmp_path: Path) -> None:
    out = generate_inline(
        tmp_path,
        {
            "class.proto": 'syntax = "proto3"; package k; message A {}',
            "async.proto": 'syntax = "proto3"; package k; import "class.proto"; '
            "message B { A a = 1; }",
        },
    )
    assert 'import { type A, parseA } from "./class.js";' in out["async.ts"].decode()


def test_output_is_deterministic_whatever_the_declaration_of_inputs(tmp_path: Path) -> None:
    files = {
        f"p{i}.proto": f'syntax = "proto3"; package p; '
        f"{''.join(f'import {chr(34)}p{j}.proto{chr(34)}; ' for j in range(i))}"
        f"message M{i} {{ {' '.join(f'M{j} m{j} = {j + 1};' for j in range(i))} }}"
        for i in range(5)
    }
    first = generate_inline(tmp_path / "a", files)
    second = generate_inline(tmp_path / "b", dict(reversed(list(files.items()))))
    assert first == second


def test_a_file_of_services_alone(tmp_path: Path) -> None:
    """A file that declares only a service (its messages live elsewhere) names it too."""
    out = generate_inline(
        tmp_path,
        {
            "m.proto": 'syntax = "proto3"; package s; message Req {} message Res {}',
            "svc.proto": 'syntax = "proto3"; package s; import "m.proto"; '
            "service Api { rpc Call(Req) returns (Res); } service Other {}",
        },
    )
    text = out["svc.ts"].decode()
    assert "export interface Api {\n  call(request: Req): Promise<Res>;\n}" in text
    assert "export interface Other {}" in text
