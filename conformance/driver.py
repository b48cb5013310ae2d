"""Run protobind's conformance driver against testees and print a summary.

    python conformance/driver.py --testee build/conformance/testee-go --profile json-string
    python conformance/driver.py --lang go --profile proto-number --count 5000
    python conformance/driver.py --lang typescript --cases
    python conformance/driver.py --round-trip --profile json-number
    python conformance/driver.py --reference --profile json-string       # proves the driver

Every expected answer comes from protobuf's json_format (the oracle, DESIGN §5). A testee is
any executable speaking the official conformance protocol; its JSON profile (--profile) must
be the one it was built with. `--lang L` builds conformance/L/build into
build/conformance/<profile>/ first (cached). The exit status is 1 when the testee disagrees
with the oracle, 2 on usage or build errors. See docs/conformance.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conformance.cases import all_cases, case_checks, is_informational  # noqa: E402
from tests.conformance.driver import (  # noqa: E402
    KINDS,
    SKIPS,
    RunResult,
    random_checks,
    round_trip,
    run_checks,
    shrink_all,
)
from tests.conformance.oracle import Profile  # noqa: E402
from tests.conformance.protocol import Testee  # noqa: E402
from tests.conformance.strategies import random_messages  # noqa: E402
from tests.conformance.testees import BuildError, ensure_built  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="\n".join(__doc__.splitlines()[1:8]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--testee", type=Path, help="a testee executable (no arguments)")
    target.add_argument(
        "--lang",
        choices=("python", "go", "typescript", "reference"),
        help="build conformance/LANG/build for the profile, then run it",
    )
    target.add_argument(
        "--reference",
        action="store_const",
        const="reference",
        dest="lang",
        help="the json_format reference testee (zero disagreements expected)",
    )
    target.add_argument(
        "--round-trip",
        action="store_true",
        help="python -> go -> typescript -> python, ending on the oracle's JSON",
    )
    parser.add_argument(
        "--profile",
        default="json-string",
        help="json-string (default), proto-string, json-number, proto-number",
    )
    parser.add_argument("--count", type=int, default=2000, help="random messages (default 2000)")
    parser.add_argument("--seed", type=int, default=None, help="seed (default: time-based)")
    parser.add_argument("--cases", action="store_true", help="hand-written cases only")
    parser.add_argument("--random", action="store_true", help="random messages only")
    parser.add_argument(
        "--kinds",
        default=",".join(KINDS),
        help=f"request kinds for random messages (default {','.join(KINDS)})",
    )
    parser.add_argument(
        "--allow-skip",
        choices=("none", "binary", "binary->binary"),
        default=None,
        help="requests the testee may answer `skipped` (default: what the testee documents: "
        "binary for TypeScript, binary->binary for Python, none otherwise)",
    )
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    parser.add_argument(
        "--shrink",
        type=int,
        default=24,
        help="minimise up to N failing random messages (default 24)",
    )
    parser.add_argument("--limit", type=int, default=15, help="problem groups to print")
    parser.add_argument("--json", type=Path, help="also write the disagreements as JSON here")
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    try:
        profile = Profile.parse(args.profile)
    except ValueError as exc:
        parser.error(str(exc))
    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
    if args.round_trip:
        return run_round_trip(profile, args.count, seed, args.timeout)

    if args.lang:
        try:
            exe = ensure_built(args.lang, profile)
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        name = args.lang
    else:
        exe = args.testee.resolve()
        if not exe.exists():
            print(f"error: {exe} does not exist", file=sys.stderr)
            return 2
        name = next((lang for lang in SKIPS if lang in exe.name), exe.name)
    if args.allow_skip is None:
        skips = SKIPS.get(name, frozenset())
    else:
        skips = frozenset() if args.allow_skip == "none" else frozenset({args.allow_skip})
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {', '.join(KINDS)}")

    print(f"testee {exe} [{profile.name}], seed {seed}")
    failed = False
    records = []
    with Testee([exe], timeout=args.timeout) as testee:
        if not args.random:
            result = run_checks(testee, case_checks(profile), profile, skips)
            failing = [v for v in result.disagreements if not is_informational(v.check)]
            print(f"\n== hand-written cases ({len(all_cases())} cases)")
            print(result.summary(limit=args.limit))
            failed |= bool(failing)
            records += _records(result)
        if not args.cases:
            start = time.monotonic()
            result = run_checks(
                testee, random_checks(args.count, seed, profile, kinds), profile, skips
            )
            if args.shrink:
                shrink_all(result, testee, skips, limit=args.shrink)
            print(
                f"\n== {args.count} random messages (seed {seed}, "
                f"{time.monotonic() - start:.1f}s with shrinking)"
            )
            print(result.summary(limit=args.limit))
            failed |= bool(result.disagreements)
            records += _records(result)
    if args.json:
        args.json.write_text(json.dumps(records, indent=1, ensure_ascii=False))
    print("\nFAIL: disagreements with the oracle" if failed else "\nOK: no disagreements")
    return 1 if failed else 0


def _records(result: RunResult) -> list[dict[str, object]]:
    out = []
    for v in result.disagreements:
        v = result.shrunk.get(id(v), v)
        req = v.check.request
        out.append(
            {
                "name": v.check.name,
                "category": v.category,
                "kind": req.kind,
                "message_type": req.message_type,
                "profile": result.profile.name,
                "ignore_unknown": req.ignore_unknown,
                "input": v.input_text(),
                "expected": v.check.expected.describe(),
                "actual": v.response.describe(),
                "diff": v.detail,
                "note": v.check.note,
            }
        )
    return out


def run_round_trip(profile: Profile, count: int, seed: int, timeout: float) -> int:
    chain = ("python", "go", "typescript", "python")
    testees = {}
    try:
        for lang in dict.fromkeys(chain):
            testees[lang] = Testee([ensure_built(lang, profile)], name=lang, timeout=timeout)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        for t in testees.values():
            t.start()
        result = round_trip(
            [(lang, testees[lang]) for lang in chain],
            list(random_messages(count, seed=seed)),
            profile,
        )
    finally:
        for t in testees.values():
            t.close()
    print(f"seed {seed}")
    print(result.summary(limit=20))
    return 1 if result.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
