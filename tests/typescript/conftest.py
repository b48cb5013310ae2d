"""Fixtures of the TypeScript target's tests."""

from __future__ import annotations

import pytest

from tests.typescript import oracle
from tests.typescript.trees import CONFORMANCE, EXTRA


@pytest.fixture(scope="session")
def pb2(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The oracle's _pb2 modules of the conformance messages and of protos/tsjson."""
    out = tmp_path_factory.mktemp("pb2")
    oracle.load(
        out,
        CONFORMANCE,
        [
            "google/protobuf/test_messages_proto3.proto",
            "google/protobuf/test_messages_proto2.proto",
        ],
    )
    oracle.load(out, EXTRA, ["tsjson/legacy.proto", "tsjson/other.proto", "tsjson/extra.proto"])
