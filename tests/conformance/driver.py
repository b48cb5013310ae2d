"""The conformance driver: checks, verdicts, random and hand-written runs, shrinking, reports.

A `Check` is one request plus what the oracle answers to it (computed lazily, so requests a
testee skips cost no oracle time) and, for the few documented json_format deviations, other
acceptable answers. `judge` compares a testee's response with them:

- JSON output: parsed strictly (no NaN literals, no duplicate keys) and compared as a JSON
  value with the oracle's (jsonvalue.diff_json);
- binary output: parsed with the _pb2 class and compared field by field (NaN == NaN);
- `parse_error` is right exactly when json_format (or the binary parser) rejects the input,
  `serialize_error` exactly when json_format cannot print the parsed message;
- `skipped` is acceptable only where the testee documents it (TypeScript: binary in or out);
- crashes, timeouts, runtime_error and malformed responses are always disagreements.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import Message

from .jsonvalue import diff_json, diff_messages
from .oracle import Expected, Profile, Request, expect, message_text, pb2, to_json_value
from .protocol import Response, Testee
from .strategies import random_message
from .variants import canonical_text, variant_text

# Requests a testee may answer `skipped`, by language, as each testee documents it (DESIGN §6):
# "binary" is any request with binary input or output, "binary->binary" only that kind.
# Python and Go are absent: they answer every binary request (DESIGN §9), so a `skipped`
# from them is an unexpected skip, a failure.
SKIPS = {
    "typescript": frozenset({"binary"}),  # conformance/typescript/testee.ts: JSON in and out only
}


def may_skip(request: Request, skips: frozenset[str]) -> bool:
    if "binary" in skips and "binary" in (request.input, request.output):
        return True
    return request.kind in skips


@dataclass
class Check:
    name: str
    request: Request
    profile: Profile
    # Other acceptable answers, each computed by the oracle (see cases.py): (label, thunk).
    alternatives: tuple[tuple[str, Callable[[], Expected]], ...] = ()
    note: str = ""
    message: Message | None = None  # the random message behind the request, for shrinking
    expected_override: Expected | None = None
    memo: dict[Any, Any] | None = None  # shared parse cache (checks of one message)
    label: str = ""  # the random check's kind (variant->json, unknown->json, ...)

    @property
    def kind(self) -> str:
        return self.label or self.request.kind

    @functools.cached_property
    def expected(self) -> Expected:
        if self.expected_override is not None:
            return self.expected_override
        return expect(self.request, self.profile, memo=self.memo)


@dataclass
class Verdict:
    check: Check
    response: Response
    status: str  # match | skipped | disagree
    category: str = ""  # for disagree: see `categorize`
    detail: str = ""
    via: str = ""  # for match: "" (the oracle) or the label of the alternative that matched

    def input_text(self) -> str:
        return show_input(self.check.request)

    def report(self) -> str:
        r = self.check.request
        lines = [
            f"[{self.category}] {self.check.name}  ({r.message_type.rsplit('.', 1)[1]}, "
            f"{r.kind}{', ignore_unknown' if r.ignore_unknown else ''}, "
            f"profile {self.check.profile.name})",
            f"  input:    {self.input_text()}",
            f"  expected: {_clip(self.check.expected.describe())}",
            f"  actual:   {_clip(self.response.describe())}",
        ]
        if self.detail:
            lines.append(f"  diff:     {_clip(self.detail)}")
        if self.check.note:
            lines.append(f"  note:     {self.check.note}")
        return "\n".join(lines)


def _clip(text: str, limit: int = 600) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_input(request: Request) -> str:
    if isinstance(request.payload, str):
        return _clip(request.payload)
    message = pb2().message_class(request.message_type)()
    try:
        message.ParseFromString(request.payload)
        shown = message_text(message)
    except Exception:
        shown = "(unparseable)"
    return _clip(f"binary {request.payload.hex()} = {{{shown}}}")


# ------------------------------------------------------------------------------- judging


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(f"duplicate key {k!r} in the output")
        out[k] = v
    return out


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (ProtoJSON writes it as a string)")


def load_output(text: str) -> Any:
    """Parse a testee's JSON output strictly."""
    return json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constants)


def _matches(exp: Expected, resp: Response, message_type: str) -> str | None:
    """None when `resp` is the answer `exp` describes, else why not."""
    if exp.result in ("parse_error", "serialize_error"):
        return None if resp.result == exp.result else f"expected {exp.result}"
    if resp.result != exp.result:
        return f"expected {exp.result}"
    if exp.result == "json_payload":
        try:
            value = load_output(resp.value)
        except ValueError as exc:
            return f"invalid JSON output: {exc}"
        return diff_json(exp.json, value, pb2().message_class(message_type).DESCRIPTOR)
    message = pb2().message_class(message_type)()
    try:
        message.ParseFromString(resp.value)
    except Exception as exc:
        return f"invalid binary output: {exc}"
    if message.SerializeToString(deterministic=True) == exp.message.SerializeToString(
        deterministic=True
    ):
        return None  # identical bits: the common case, decided in C
    return diff_messages(exp.message, message)


def categorize(exp: Expected, resp: Response, why: str) -> str:
    if resp.result in ("crash", "timeout", "protocol_error", "runtime_error", "timeout_error"):
        return resp.result
    if resp.result == "skipped":
        return "unexpected_skip"
    if exp.result == "parse_error":
        return "accepted_invalid" if resp.result.endswith("payload") else "wrong_error"
    if resp.result == "parse_error":
        return "rejected_valid"
    if exp.result == "serialize_error" or resp.result == "serialize_error":
        return "serialize_error_mismatch"
    if why.startswith("invalid "):
        return "invalid_output"
    return "wrong_output"


def judge(check: Check, resp: Response, skips: frozenset[str] = frozenset()) -> Verdict:
    r = check.request
    if resp.result == "skipped" and may_skip(r, skips):
        return Verdict(check, resp, "skipped")
    why = _matches(check.expected, resp, r.message_type)
    if why is None:
        return Verdict(check, resp, "match")
    for label, alternative in check.alternatives:
        if _matches(alternative(), resp, r.message_type) is None:
            return Verdict(check, resp, "match", via=label)
    return Verdict(check, resp, "disagree", categorize(check.expected, resp, why), why)


# ---------------------------------------------------------------------------- random runs

KINDS = (
    "binary->json",
    "json->json",
    "variant->json",
    "unknown->json",
    "json->binary",
    "binary->binary",
)


def message_checks(
    label: str, message: Message, profile: Profile, kinds: Sequence[str] = KINDS
) -> list[Check]:
    """The checks for one random message under one profile."""
    mtype = message.DESCRIPTOR.full_name
    binary = message.SerializeToString()
    checks = []
    memo: dict[Any, Any] = {}
    canonical: str | None = None
    for kind in kinds:
        if kind in ("json->json", "variant->json", "unknown->json", "json->binary") and (
            canonical is None
        ):
            try:
                canonical = canonical_text(to_json_value(message, profile))
            except Exception:  # no JSON form: the binary->json check covers it
                return checks
        if kind == "binary->json":
            req = Request(mtype, binary, "json")
        elif kind == "json->json":
            req = Request(mtype, canonical, "json")  # type: ignore[arg-type]
        elif kind == "variant->json":
            base = to_json_value(message, Profile())
            req = Request(mtype, variant_text(base, message.DESCRIPTOR, label), "json")
        elif kind == "unknown->json":  # JSON_IGNORE_UNKNOWN_PARSING_TEST
            base = to_json_value(message, Profile())
            text = variant_text(base, message.DESCRIPTOR, label, unknown=True)
            req = Request(mtype, text, "json", ignore_unknown=True)
        elif kind == "json->binary":
            req = Request(mtype, canonical, "binary")  # type: ignore[arg-type]
        elif kind == "binary->binary":
            req = Request(mtype, binary, "binary")
        else:
            raise ValueError(f"unknown kind {kind}")
        checks.append(
            Check(f"random {label} {kind}", req, profile, message=message, memo=memo, label=kind)
        )
    return checks


def random_checks(
    count: int, seed: int, profile: Profile, kinds: Sequence[str] | None = None
) -> Iterator[Check]:
    """Checks for `count` random messages. By default every kind, except that binary->binary
    (which no profile affects) runs under the default profile only."""
    from .oracle import MESSAGE_TYPES

    if kinds is None:
        kinds = KINDS if profile == Profile() else tuple(k for k in KINDS if k != "binary->binary")

    for i in range(count):
        label = f"{seed}/{i}"
        message = random_message(MESSAGE_TYPES[i % len(MESSAGE_TYPES)], label)
        yield from message_checks(label, message, profile, kinds)


@dataclass
class RunResult:
    testee: str
    profile: Profile
    verdicts: list[Verdict] = field(default_factory=list)
    seconds: float = 0.0
    shrunk: dict[int, Verdict] = field(default_factory=dict)  # id(verdict) -> minimal one

    @property
    def disagreements(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.status == "disagree"]

    def counts(self) -> Counter[str]:
        c: Counter[str] = Counter()
        for v in self.verdicts:
            c[v.status if v.status != "disagree" else f"disagree:{v.category}"] += 1
            if v.via:
                c[f"match via {v.via}"] += 1
        return c

    def groups(self) -> dict[str, list[Verdict]]:
        """Disagreements by coarse key (kind, category, where the value differs)."""
        out: dict[str, list[Verdict]] = {}
        for v in self.disagreements:
            out.setdefault(group_key(v), []).append(v)
        return out

    def summary(self, limit: int = 10) -> str:
        n = len(self.verdicts)
        lines = [f"{self.testee} [{self.profile.name}]: {n} requests in {self.seconds:.1f}s"]
        by_kind: dict[str, Counter[str]] = {}
        for v in self.verdicts:
            by_kind.setdefault(v.check.kind, Counter())[v.status] += 1
        for kind, c in sorted(by_kind.items()):
            lines.append(f"  {kind:15} " + ", ".join(f"{k} {c[k]}" for k in sorted(c)))
        cats = Counter(v.category for v in self.disagreements)
        if cats:
            lines.append("  disagreements: " + ", ".join(f"{k} {n}" for k, n in cats.items()))
        vias = Counter(v.via for v in self.verdicts if v.via)
        for via, n in vias.items():
            lines.append(f"  matched a documented json_format deviation ({via}): {n}")
        groups = self.groups()
        if groups:
            lines.append(f"  {len(groups)} groups of disagreements (examples minimised):")
            for i, (key, items) in enumerate(sorted(groups.items())):
                if i >= limit:
                    lines.append(f"  ... and {len(groups) - limit} more groups")
                    break
                lines.append(f"- {key} (x{len(items)})")
                examples = [self.shrunk[id(v)] for v in items if id(v) in self.shrunk]
                shapes: dict[str, Verdict] = {}
                for ex in examples or items:
                    shapes.setdefault(shape(ex), ex)
                for ex in list(shapes.values())[:3]:
                    lines.append("  " + ex.report().replace("\n", "\n  "))
        return "\n".join(lines)


_INDEX = re.compile(r"\[[^\]]*\]")


def group_key(v: Verdict) -> str:
    """A rule-ish key: check kind, category and the kind of value that differs (a field type
    family such as "64-bit integer" or "Timestamp", from the last step of the differing path),
    so one bug in one rule makes one group whichever fields it shows up in."""
    if v.check.message is None:  # a hand-written case: group by its rule
        return f"{v.check.kind} {v.category} [{v.check.name.split('.', 1)[0]}]"
    where = ""
    if v.detail and ":" in v.detail and not v.detail.startswith(("expected ", "invalid ")):
        path = v.detail.split(":", 1)[0]
        steps = _INDEX.sub("", path).split(".")
        where = _family(steps)
        if "sign of zero" in v.detail:
            where += " (sign of zero)"
    return f"{v.check.kind} {v.category}" + (f" @ {where}" if where else "")


def _family(steps: list[str]) -> str:
    leaf = steps[-1]
    if leaf == "@type":
        return "Any @type"
    if leaf == "value" and len(steps) > 1 and steps[-2] in _families():
        return "Any value"
    for step in reversed(steps):  # Struct keys are not fields: the nearest field decides
        families = _families().get(step)
        if families:
            return " / ".join(sorted(families))
    return leaf


@functools.lru_cache(maxsize=1)
def _families() -> dict[str, set[str]]:
    """Every JSON key of the test messages -> the family of its values."""
    from .jsonvalue import FLOAT_TYPES, INT32_TYPES, INT64_TYPES, SPECIAL_WKTS

    out: dict[str, set[str]] = {}
    seen: set[str] = set()

    def family(f: Any) -> str:
        if f.message_type is not None and f.message_type.GetOptions().map_entry:
            return "map of " + family(f.message_type.fields_by_name["value"])
        t = f.type
        if t in INT64_TYPES:
            return "64-bit integer"
        if t in INT32_TYPES:
            return "32-bit integer"
        if t in FLOAT_TYPES:
            return "float/double"
        if t == f.TYPE_ENUM:
            return "NullValue" if f.enum_type.name == "NullValue" else "enum"
        if f.message_type is not None:
            name = f.message_type.full_name
            return name.rsplit(".", 1)[1] if name in SPECIAL_WKTS else "message"
        return {f.TYPE_BOOL: "bool", f.TYPE_STRING: "string", f.TYPE_BYTES: "bytes"}[t]

    def walk(desc: Any) -> None:
        if desc.full_name in seen:
            return
        seen.add(desc.full_name)
        for f in desc.fields:
            for key in (f.name, f.json_name):
                out.setdefault(key, set()).add(family(f))
            if f.message_type is not None:
                walk(f.message_type)

    for full_name in (
        "protobuf_test_messages.proto3.TestAllTypesProto3",
        "protobuf_test_messages.proto2.TestAllTypesProto2",
    ):
        walk(pb2().message_class(full_name).DESCRIPTOR)
    return out


def shape(v: Verdict) -> str:
    """The set fields of the message behind a verdict (leaf paths), or its name."""
    if v.check.message is None:
        return v.check.name
    return ",".join(sorted(set(leaf_paths(v.check.message))))


def leaf_paths(msg: Message, prefix: str = "") -> Iterator[str]:
    for f, value in msg.ListFields():
        path = f"{prefix}{f.name}"
        if f.message_type is None:
            yield path
        elif f.message_type.GetOptions().map_entry:
            yield path + "{}"
        elif f.is_repeated:
            for item in value:
                yield from leaf_paths(item, path + "[].")
        elif f.message_type.full_name == "google.protobuf.Any":
            from .jsonvalue import any_type

            inner = any_type(value.type_url)
            yield f"{path}<{inner.full_name if inner else value.type_url}>"
        else:
            sub = list(leaf_paths(value, path + "."))
            yield from sub or [path]


def run_checks(
    testee: Testee,
    checks: Iterable[Check],
    profile: Profile,
    skips: frozenset[str] = frozenset(),
    batch: int = 2000,
    on_batch: Callable[[RunResult], None] | None = None,
) -> RunResult:
    result = RunResult(testee.name, profile)
    start = time.monotonic()
    pending: list[Check] = []

    def flush() -> None:
        # The testee answers in its own process while this one computes the oracle's side.
        answers: list[list[Response]] = []
        worker = threading.Thread(
            target=lambda: answers.append(testee.run([c.request for c in pending]))
        )
        worker.start()
        for c in pending:
            if not may_skip(c.request, skips):
                c.expected  # noqa: B018  (computed now, in parallel with the testee)
        worker.join()
        result.verdicts.extend(judge(c, r, skips) for c, r in zip(pending, answers[0], strict=True))
        pending.clear()
        if on_batch:
            on_batch(result)

    for check in checks:
        pending.append(check)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    result.seconds = time.monotonic() - start
    return result


# ------------------------------------------------------------------------------ shrinking


def _reductions(msg: Message) -> Iterator[Message]:
    """Smaller variants of `msg`: a field cleared, a list cut to one element, a sub-message
    (or an Any's contents) reduced. Yields fresh copies; the first ones remove the most."""
    fields = msg.ListFields()
    for f, _ in fields:
        m = type(msg)()
        m.CopyFrom(msg)
        m.ClearField(f.name)
        yield m
    for f, value in fields:
        if f.is_repeated and len(value) > 1:
            if f.message_type is not None and f.message_type.GetOptions().map_entry:
                keys = list(value.keys())
                for k in keys:
                    m = type(msg)()
                    m.CopyFrom(msg)
                    target = getattr(m, f.name)
                    for other in keys:
                        if other != k:
                            del target[other]
                    yield m
            else:
                for i in range(len(value)):
                    m = type(msg)()
                    m.CopyFrom(msg)
                    target = getattr(m, f.name)
                    keep = target[i]
                    if f.message_type is not None:
                        saved = type(keep)()
                        saved.CopyFrom(keep)
                        del target[:]
                        target.add().CopyFrom(saved)
                    else:
                        del target[:]
                        target.append(keep)
                    yield m
    for f, value in fields:
        if f.message_type is None:
            continue
        if f.is_repeated:
            if f.message_type.GetOptions().map_entry:
                vf = f.message_type.fields_by_name["value"]
                if vf.message_type is None:
                    continue
                for k in list(value.keys()):
                    for smaller in _reductions(value[k]):
                        m = type(msg)()
                        m.CopyFrom(msg)
                        getattr(m, f.name)[k].CopyFrom(smaller)
                        yield m
            else:
                for i, item in enumerate(value):
                    for smaller in _reductions(item):
                        m = type(msg)()
                        m.CopyFrom(msg)
                        getattr(m, f.name)[i].CopyFrom(smaller)
                        yield m
        elif f.message_type.full_name == "google.protobuf.Any":
            yield from _any_reductions(msg, f.name, value)
        else:
            for smaller in _reductions(value):
                m = type(msg)()
                m.CopyFrom(msg)
                getattr(m, f.name).CopyFrom(smaller)
                yield m


def _any_reductions(msg: Message, name: str, value: Any) -> Iterator[Message]:
    from google.protobuf import message_factory

    from .jsonvalue import any_type

    inner_desc = any_type(value.type_url)
    if inner_desc is None:
        return
    inner = message_factory.GetMessageClass(inner_desc)()
    inner.ParseFromString(value.value)
    for smaller in _reductions(inner):
        m = type(msg)()
        m.CopyFrom(msg)
        getattr(m, name).Pack(smaller)
        yield m


def shrink(
    verdict: Verdict, testee: Testee, skips: frozenset[str] = frozenset(), budget: int = 400
) -> Verdict:
    """Reduce the random message behind a disagreement while the same kind of disagreement
    persists (same request kind and category); returns the smallest verdict found."""
    check = verdict.check
    if check.message is None or verdict.category == "timeout":
        return verdict  # every timeout costs the full timeout: not worth it
    if verdict.category == "crash":
        budget = min(budget, 60)  # every crash costs a restart
    kind = check.name.rsplit(" ", 1)[1]
    label = check.name.split(" ")[1]
    best = verdict
    tries = 0
    progress = True
    while progress and tries < budget:
        progress = False
        for candidate in _reductions(best.check.message):  # type: ignore[arg-type]
            tries += 1
            if tries > budget:
                break
            try:
                checks = message_checks(label, candidate, check.profile, (kind,))
            except Exception:  # a reduction the generators never make; skip it
                continue
            if not checks:
                continue
            v = judge(checks[0], testee.run_one(checks[0].request), skips)
            if v.status == "disagree" and v.category == verdict.category:
                best = v
                progress = True
                break
    return best


def shrink_all(
    result: RunResult,
    testee: Testee,
    skips: frozenset[str] = frozenset(),
    per_group: int = 3,
    limit: int = 40,
    budget: int = 300,
) -> None:
    """Shrink disagreements: first one per group, then up to `per_group` each, `limit` in all."""
    groups = [
        [v for v in items if v.check.message is not None] for items in result.groups().values()
    ]
    done = 0
    for round_ in range(per_group):
        for items in groups:
            if round_ < len(items):
                if done >= limit:
                    return
                v = items[round_]
                result.shrunk[id(v)] = shrink(v, testee, skips, budget)
                done += 1


# ----------------------------------------------------------------------------- round trip


@dataclass
class RoundTripResult:
    chain: list[str]
    profile: Profile
    messages: int = 0
    completed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (group key, report)
    seconds: float = 0.0

    def summary(self, limit: int = 10) -> str:
        lines = [
            f"round trip {' -> '.join(self.chain)} [{self.profile.name}]: "
            f"{self.completed}/{self.messages} messages back on the oracle's value "
            f"({self.seconds:.1f}s)"
        ]
        groups: dict[str, list[str]] = {}
        for key, text in self.failures:
            groups.setdefault(key, []).append(text)
        for i, (key, items) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
            if i >= limit:
                lines.append(f"... and {len(groups) - limit} more groups")
                break
            lines.append(f"- {key} (x{len(items)})")
            lines.append("  " + items[0].replace("\n", "\n  "))
        return "\n".join(lines)


def round_trip(
    chain: Sequence[tuple[str, Testee]], messages: Sequence[tuple[str, Message]], profile: Profile
) -> RoundTripResult:
    """Feed the oracle's JSON for each message through every testee in turn (JSON out of one
    is JSON in to the next); every hop must print the oracle's JSON value."""
    result = RoundTripResult([name for name, _ in chain], profile, len(messages))
    start = time.monotonic()
    alive: list[tuple[str, Message, Any, str]] = []  # label, message, oracle value, text
    for label, message in messages:
        try:
            value = to_json_value(message, profile)
        except Exception:
            continue  # no JSON form
        alive.append((label, message, value, canonical_text(value)))
    result.messages = len(alive)
    for hop, (name, testee) in enumerate(chain):
        requests = [Request(m.DESCRIPTOR.full_name, text, "json") for _, m, _, text in alive]
        responses = testee.run(requests)
        survivors = []
        for (label, message, value, text), resp in zip(alive, responses, strict=True):
            desc = message.DESCRIPTOR
            problem = None
            if resp.result != "json_payload":
                problem = resp.describe()
            else:
                try:
                    problem = diff_json(value, load_output(resp.value), desc)
                except ValueError as exc:
                    problem = f"invalid JSON output: {exc}"
            if problem:
                prev = " -> ".join(n for n, _ in chain[:hop]) or "the oracle"
                where = problem.split(":", 1)[0] if ": " in problem else problem[:60]
                steps = _INDEX.sub("", where).split(".")
                what = problem[:80] if steps[-1] == "(top)" else _family(steps)
                if "sign of zero" in problem:
                    what += " (sign of zero)"
                key = f"hop {hop + 1} ({name}) after {prev}: {what}"
                result.failures.append(
                    (
                        key,
                        (
                            f"message {label} ({desc.name}): {_clip(problem, 300)}\n"
                            f"input:    {_clip(text, 400)}\n"
                            f"expected: {_clip(canonical_text(value), 400)}"
                        ),
                    )
                )
            else:
                survivors.append((label, message, value, resp.value))
        alive = survivors
    result.completed = len(alive)
    result.seconds = time.monotonic() - start
    return result
