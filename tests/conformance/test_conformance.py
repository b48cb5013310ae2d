"""Every testee (reference, python, go, typescript) x every JSON profile, against the oracle.

- test_cases: the hand-written cases (cases.py), each JSON->JSON and JSON->binary;
- test_random: COUNT random messages per profile, five requests each (binary->JSON,
  canonical JSON->JSON, spec-variant JSON->JSON, JSON->binary, binary->binary), failing
  messages shrunk to a minimal input;
- test_hypothesis: a shrinking hypothesis strategy, fewer examples, default profile.

A testee whose build script is missing fails (the lead wants CI red until all three exist).
Develop with `-k reference` or `-k go`. Reports also land in build/conformance/reports/.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .cases import case_checks, is_informational
from .conftest import COUNT, LONG, REFERENCE_COUNT, SEED
from .driver import (
    SKIPS,
    Check,
    RunResult,
    judge,
    message_checks,
    random_checks,
    run_checks,
    shrink_all,
)
from .oracle import PROFILES, PROTO2, PROTO3, REPO, Profile
from .protocol import Testee
from .strategies import messages
from .testees import ALL, BuildError, Builds

REPORTS = REPO / "build" / "conformance" / "reports"


def _testee(builds: Builds, lang: str, profile: Profile) -> Path:
    try:
        return builds.get(lang, profile)
    except BuildError as exc:
        pytest.fail(f"{lang} testee [{profile.name}]: {exc}", pytrace=False)


def _report(name: str, result: RunResult) -> str:
    text = result.summary(limit=40)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.txt").write_text(text + "\n", errors="backslashreplace")
    return text


@functools.lru_cache(maxsize=2)
def _random_checks(count: int, seed: int, profile: Profile) -> tuple[Check, ...]:
    # Shared by every testee a worker runs for this profile: the oracle's answers are
    # computed once (Check.expected is cached).
    return tuple(random_checks(count, seed, profile))


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ALL)
def test_cases(lang: str, profile: Profile, builds: Builds) -> None:
    exe = _testee(builds, lang, profile)
    skips = SKIPS.get(lang, frozenset())
    with Testee([exe], name=f"testee-{lang}") as testee:
        result = run_checks(testee, case_checks(profile), profile, skips)
    text = _report(f"{lang}-{profile.name}-cases", result)
    failing = [v for v in result.disagreements if not is_informational(v.check)]
    if failing:
        pytest.fail(f"{len(failing)} case disagreements\n{text}", pytrace=False)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ALL)
def test_random(lang: str, profile: Profile, builds: Builds) -> None:
    exe = _testee(builds, lang, profile)
    skips = SKIPS.get(lang, frozenset())
    count = REFERENCE_COUNT if lang == "reference" else COUNT
    checks = _random_checks(count, SEED, profile)
    with Testee([exe], name=f"testee-{lang}") as testee:
        result = run_checks(testee, checks, profile, skips)
        shrink_all(result, testee, skips)
    text = _report(f"{lang}-{profile.name}-random", result)
    if result.disagreements:
        pytest.fail(
            f"{len(result.disagreements)} disagreements over {count} random messages "
            f"(seed {SEED})\n{text}",
            pytrace=False,
        )


_HYPOTHESIS = settings(
    max_examples=200 if LONG else 30,
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.mark.parametrize("lang", ALL)
def test_hypothesis(lang: str, builds: Builds) -> None:
    """Hypothesis drives the generator draw by draw, so a failure shrinks to a minimal message."""
    profile = Profile()
    exe = _testee(builds, lang, profile)
    skips = SKIPS.get(lang, frozenset())
    with Testee([exe], name=f"testee-{lang}") as testee:

        @_HYPOTHESIS
        @given(messages(PROTO3), messages(PROTO2))
        def check(m3: object, m2: object) -> None:
            checks = [c for m in (m3, m2) for c in message_checks("hypothesis", m, profile)]  # type: ignore[arg-type]
            responses = testee.run([c.request for c in checks])
            bad = [judge(c, r, skips) for c, r in zip(checks, responses, strict=True)]
            bad = [v for v in bad if v.status == "disagree"]
            assert not bad, "\n".join(v.report() for v in bad)

        check()
