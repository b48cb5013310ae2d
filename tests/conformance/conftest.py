"""Fixtures for the conformance suite: testee builds (once per session, in parallel) and
the run sizes (CI vs PROTOBIND_LONG=1)."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator

import pytest

from .oracle import PROFILES
from .testees import ALL, LANGUAGES, Builds

LONG = os.environ.get("PROTOBIND_LONG") == "1"
# Random messages per profile and testee (DESIGN: >= 2,000 in CI).
COUNT = int(os.environ.get("PROTOBIND_CONFORMANCE_COUNT") or (20000 if LONG else 2000))
# The reference testee proves the driver; it needs fewer.
REFERENCE_COUNT = int(os.environ.get("PROTOBIND_CONFORMANCE_COUNT") or (2000 if LONG else 300))
ROUND_TRIP_COUNT = 2000 if LONG else 400
_seed = os.environ.get("PROTOBIND_CONFORMANCE_SEED")
# CI: the same messages on every run (a failure reproduces); long runs explore new seeds.
SEED = int(_seed) if _seed else (random.randrange(1 << 30) if LONG else 20260101)


def pytest_report_header() -> str:
    return (
        f"conformance: {COUNT} random messages per testee and profile "
        f"(reference {REFERENCE_COUNT}), seed {SEED} (PROTOBIND_CONFORMANCE_SEED)"
    )


@pytest.fixture(scope="session")
def builds(request: pytest.FixtureRequest) -> Iterator[Builds]:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    b = Builds()
    # Start the builds this session's tests need now, in parallel; tests wait only for theirs.
    wanted = []
    by_name = {p.name: p for p in PROFILES}
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        profile = by_name.get(params.get("profile", ""))
        if profile is None:
            continue
        langs = [params["lang"]] if params.get("lang") in ALL else list(LANGUAGES)
        wanted += [(lang, profile) for lang in langs]
    b.start(wanted)
    yield b
    b.close()
