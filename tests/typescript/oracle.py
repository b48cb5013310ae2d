"""The oracle: protobuf's Python json_format, on _pb2 modules compiled for the test.

`load()` runs grpc_tools' protoc `--python_out` over some protos into a folder and
imports the modules (registering their types in the default descriptor pool, where
json_format resolves Any). `expect()` is what json_format makes of a JSON text under
a JSON profile: the canonical JSON value, or an error.

Under int64 = "number" every 64-bit integer is a JSON number (singular, repeated, map
values, Int64Value/UInt64Value, inside Any), as the conformance driver's oracle has it
(`tests/conformance/jsonvalue.int64_as_numbers`); json_format's own
`unquote_int64_if_possible` unquotes only the values a double holds exactly.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from google.protobuf import (  # noqa: F401  (the imports register the well-known types)
    any_pb2,
    duration_pb2,
    empty_pb2,
    field_mask_pb2,
    json_format,
    message_factory,
    struct_pb2,
    symbol_database,
    timestamp_pb2,
    wrappers_pb2,
)
from google.protobuf.message import Message

from codegen.config import JsonProfile
from codegen.sources import well_known_include
from tests.conformance.jsonvalue import int64_as_numbers

_LOADED: dict[str, ModuleType] = {}


def load(out: Path, include: Path, files: Sequence[str]) -> None:
    """Compile `files` (import paths below `include`) to _pb2 modules and import them."""
    from grpc_tools import protoc

    todo = [f for f in files if f not in _LOADED]
    if not todo:
        return
    out.mkdir(parents=True, exist_ok=True)
    code = protoc.main(
        [
            "protoc",
            f"-I{include}",
            f"-I{well_known_include()}",
            f"--python_out={out}",
            *todo,
        ]
    )
    assert code == 0, f"protoc --python_out failed for {todo}"
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    for f in todo:
        stem = f[: -len(".proto")]
        if f.startswith("google/"):
            # google.protobuf is the installed package: load these by path (they only
            # import well-known types, which that package has).
            name = "oracle_" + stem.replace("/", "_")
            spec = importlib.util.spec_from_file_location(name, out / (stem + "_pb2.py"))
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(stem.replace("/", ".") + "_pb2")
        _LOADED[f] = module


def message_class(full_name: str) -> type[Message]:
    pool = symbol_database.Default().pool
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(full_name))


@dataclass(frozen=True)
class Expected:
    ok: Any = None
    error: str | None = None


def expect(full_name: str, text: str, profile: JsonProfile, ignore: bool = False) -> Expected:
    cls = message_class(full_name)
    try:
        m = json_format.Parse(text, cls(), ignore_unknown_fields=ignore)
        out = canonical_value(m, profile)
    except (json_format.Error, ValueError, TypeError, RecursionError) as e:
        return Expected(error=f"{type(e).__name__}: {e}")
    return Expected(ok=out)


def canonical_json(m: Message, names: str = "json") -> str:
    """json_format's text of `m` (64-bit integers as strings)."""
    return json_format.MessageToJson(m, preserving_proto_field_name=names == "proto", indent=None)


def canonical_value(m: Message, profile: JsonProfile) -> Any:
    """The JSON value of `m` under `profile`."""
    value = json.loads(canonical_json(m, profile.names))
    return int64_as_numbers(value, m.DESCRIPTOR) if profile.int64 == "number" else value
