"""Fixtures of the TypeScript target's tests."""

from __future__ import annotations

import pytest

from tests.conformance import oracle as conformance_oracle
from tests.typescript import oracle
from tests.typescript.trees import EXTRA


@pytest.fixture(scope="session")
def pb2(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The oracle's _pb2 modules of the conformance messages and of protos/tsjson."""
    out = tmp_path_factory.mktemp("pb2")
    # The conformance messages through the conformance suite's loader: the default pool
    # refuses a file loaded twice, and both suites may run in one process.
    conformance_oracle.pb2()
    oracle.load(out, EXTRA, ["tsjson/legacy.proto", "tsjson/other.proto", "tsjson/extra.proto"])
