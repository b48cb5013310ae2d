"""Cross-language round trip: the oracle's JSON for random messages goes through the Python,
Go and TypeScript testees and back into Python (JSON out of one is JSON in to the next);
every hop must print the oracle's JSON value."""

from __future__ import annotations

import pytest

from .conftest import ROUND_TRIP_COUNT, SEED
from .driver import round_trip
from .oracle import PROFILES, REPO, Profile
from .protocol import Testee
from .strategies import random_messages
from .testees import BuildError, Builds

CHAIN = ("python", "go", "typescript", "python")


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
def test_round_trip(profile: Profile, builds: Builds) -> None:
    exes = {}
    for lang in dict.fromkeys(CHAIN):
        try:
            exes[lang] = builds.get(lang, profile)
        except BuildError as exc:
            pytest.fail(
                f"round trip needs the {lang} testee [{profile.name}]: {exc}", pytrace=False
            )
    testees = {lang: Testee([exe], name=f"testee-{lang}") for lang, exe in exes.items()}
    try:
        for t in testees.values():
            t.start()
        messages = list(random_messages(ROUND_TRIP_COUNT, seed=SEED + 1))
        result = round_trip([(lang, testees[lang]) for lang in CHAIN], messages, profile)
    finally:
        for t in testees.values():
            t.close()
    text = result.summary(limit=15)
    reports = REPO / "build" / "conformance" / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"roundtrip-{profile.name}.txt").write_text(text + "\n")
    if result.failures:
        pytest.fail(text, pytrace=False)
