"""What a breaking change does: on the binary wire, on JSON under the configured
profile, and on each configured target's generated API.

Wire and JSON effects come from buf's own classification, evaluated for the change at
hand: the WIRE and WIRE_JSON rules run over the same pair of schemas, whatever the
configured `use`, and a change is wire- (JSON-) breaking when one of them reports the
same element. The JSON profile refines that: under `int64 = "number"` a 32- to 64-bit
widening reads the same JSON; under `names = "proto"` a json_name change does not change
what protobind writes. API effects compare the targets' API summaries (api.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from codegen.config import JsonProfile
from codegen.governance import api, breakingrules
from codegen.governance.breakingrules import Corpus
from codegen.governance.catalog import BREAKING_RULES
from codegen.governance.findings import Finding, finding
from codegen.governance.source import SourceFile, Span

_CATS = {r.id: r.v2 for r in BREAKING_RULES}
_WIRE_RULES = sorted(r for r, c in _CATS.items() if "WIRE" in c and r in breakingrules.RULES)
_JSON_RULES = sorted(r for r, c in _CATS.items() if "WIRE_JSON" in c and r in breakingrules.RULES)
_WIDENING = {
    "int32",
    "uint32",
    "sint32",
    "sfixed32",
    "fixed32",
    "int64",
    "uint64",
    "sint64",
    "sfixed64",
    "fixed64",
}


def _hits(rules: Sequence[str], old: Corpus, new: Corpus) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for rid in rules:
        for hit in breakingrules.RULES[rid](old, new):
            out.setdefault(hit.subject, []).append((rid, hit.message))
    return out


def annotate(
    found: Sequence[tuple[Finding, str]],
    old: Corpus,
    new: Corpus,
    old_files: Mapping[str, SourceFile],
    new_files: Mapping[str, SourceFile],
    languages: Sequence[str],
    profile: JsonProfile,
    old_all: Corpus | None = None,
    new_all: Corpus | None = None,
) -> list[Finding]:
    """Each finding with its effects, then PROTOBIND_API_CHANGE findings for source changes
    no finding covers (such as a response type swapped for a wire-identical message when
    the configured rules do not look at RPC types)."""
    wire = _hits(_WIRE_RULES, old, new)
    json_hits = _hits(_JSON_RULES, old, new)
    api_changes: dict[str, list[str]] = {}
    # Only files whose declarations changed can change the API (a type renamed in one
    # file changes the descriptors of the files that use it too).
    changed: set[str] | None = None
    if set(old_files) <= set(old.files) and set(new_files) <= set(new.files):
        changed = {n for n in new_files if n not in old_files} | {
            n for n in old_files if n not in new_files or old.fingerprint(n) != new.fingerprint(n)
        }
    for lang in languages:
        a = api.surface(old_files, lang, profile, changed)
        b = api.surface(new_files, lang, profile, changed)
        for key, text in api.changes(a, b, lang).items():
            api_changes.setdefault(key, []).append(text)
    covered: set[str] = set()
    out = []
    for f, subject in found:
        swap = _type_swap(old, new, subject)
        if swap is not None:
            notes = _swap_notes(old_all or old, new_all or new, swap, profile)
        else:
            notes = [_wire_note(wire.get(subject)), _json_note(json_hits.get(subject), profile)]
        for key, texts in api_changes.items():
            if subject and (key == subject or key.startswith(subject + ".")):
                notes.extend(texts)
                covered.add(key)
        if not any(k == subject or k.startswith(subject + ".") for k in api_changes):
            notes.append(
                "Generated API: unchanged in "
                + ", ".join(api.LANGUAGE_LABELS[x] for x in languages)
            )
        out.append(replace(f, effects=tuple(notes)))
    for key, texts in sorted(api_changes.items()):
        if key in covered:
            continue
        where = _locate(new, key)
        if where is None:
            continue
        file, span = where
        notes = [_wire_note(wire.get(key)), _json_note(json_hits.get(key), profile), *texts]
        out.append(
            finding(
                file.shown,
                span,
                "PROTOBIND_API_CHANGE",
                f'"{key}" changes the generated API although no configured buf rule reports it.',
                tuple(notes),
            )
        )
    out.sort(key=Finding.sort_key)
    return out


def _type_swap(old: Corpus, new: Corpus, subject: str) -> tuple[str, str] | None:
    """(old type, new type) when the element is an RPC or a field whose message type was
    replaced by another message: buf flags the name, but the bytes may well still read."""
    svc, _, meth = subject.rpartition(".")
    a, b = old.services.get(svc), new.services.get(svc)
    if a is not None and b is not None:
        ma = next((m for m in a.proto.method if m.name == meth), None)
        mb = next((m for m in b.proto.method if m.name == meth), None)
        if ma is not None and mb is not None:
            if ma.output_type != mb.output_type and ma.input_type == mb.input_type:
                return ma.output_type.lstrip("."), mb.output_type.lstrip(".")
            if ma.input_type != mb.input_type and ma.output_type == mb.output_type:
                return ma.input_type.lstrip("."), mb.input_type.lstrip(".")
    msg, _, field = subject.rpartition(".")
    oa, ob = old.messages.get(msg), new.messages.get(msg)
    if oa is not None and ob is not None:
        number = int(field) if field.isdigit() else -1
        fa = next((x for x in oa.proto.field if x.number == number), None)
        fb = next((x for x in ob.proto.field if x.number == number), None)
        if (
            fa is not None
            and fb is not None
            and fa.type == fb.type == breakingrules.FD.TYPE_MESSAGE
            and fa.type_name != fb.type_name
            and fa.label == fb.label
        ):
            return fa.type_name.lstrip("."), fb.type_name.lstrip(".")
    return None


def _swap_notes(old: Corpus, new: Corpus, swap: tuple[str, str], profile: JsonProfile) -> list[str]:
    before, after = swap
    wire_problems = _structure(old, new, before, after, by="number", seen=set())
    json_problems = _structure(old, new, before, after, by="json", seen=set())
    short = f"{before} -> {after}"
    if wire_problems is None:
        wire = f"Wire: unknown ({short}: a type is outside the compared schemas)"
    elif wire_problems:
        wire = f"Wire: breaking ({short}: " + "; ".join(wire_problems[:3]) + ")"
    else:
        wire = (
            f"Wire: compatible ({short}: every field number both share reads the same; "
            "readers skip fields they do not know)"
        )
    if json_problems is None:
        js = f"JSON ({_profile(profile)}): unknown"
    elif json_problems:
        js = f"JSON ({_profile(profile)}): breaking (" + "; ".join(json_problems[:3]) + ")"
    else:
        js = (
            f"JSON ({_profile(profile)}): compatible (every key both share holds the same "
            "kind of value)"
        )
    return [wire, js]


def _structure(
    old: Corpus, new: Corpus, a_name: str, b_name: str, *, by: str, seen: set[tuple[str, str]]
) -> list[str] | None:
    """Why messages `a_name` (old) and `b_name` (new) do not read each other's encoding
    (by field number for the wire, by JSON name for JSON); [] when they do; None when a
    type is unknown."""
    if (a_name, b_name) in seen:
        return []
    seen.add((a_name, b_name))
    a, b = old.messages.get(a_name), new.messages.get(b_name)
    if a is None or b is None:
        return None

    def key(fd: object) -> object:
        return fd.number if by == "number" else fd.json_name  # type: ignore[attr-defined]

    now = {key(fd): fd for fd in b.proto.field}
    problems: list[str] = []
    for fa in a.proto.field:
        fb = now.get(key(fa))
        if fb is None:
            continue
        ok = (
            breakingrules.wire_compatible(fa, fb)
            if by == "number"
            else breakingrules.json_compatible(fa, fb)
        )
        if not ok and fa.type == fb.type == breakingrules.FD.TYPE_MESSAGE:
            inner = _structure(
                old, new, fa.type_name.lstrip("."), fb.type_name.lstrip("."), by=by, seen=seen
            )
            ok = inner == []
        if ok and (fa.label == breakingrules.FD.LABEL_REPEATED) != (
            fb.label == breakingrules.FD.LABEL_REPEATED
        ):
            ok = False
        if not ok:
            problems.append(f"field {fa.number} `{fa.name}` -> `{fb.name}`")
    return problems


def _wire_note(hits: list[tuple[str, str]] | None) -> str:
    if not hits:
        return "Wire: compatible (no WIRE rule reports this element)"
    return "Wire: breaking (" + ", ".join(sorted({r for r, _ in hits})) + ")"


def _json_note(hits: list[tuple[str, str]] | None, profile: JsonProfile) -> str:
    if not hits:
        return f"JSON ({_profile(profile)}): compatible"
    rules = sorted({r for r, _ in hits})
    if profile.int64 == "number" and all(
        r == "FIELD_WIRE_JSON_COMPATIBLE_TYPE" and _widening(m) for r, m in hits
    ):
        return (
            f"JSON ({_profile(profile)}): compatible (integers are JSON numbers under this profile)"
        )
    if profile.names == "proto" and rules == ["FIELD_SAME_JSON_NAME"]:
        return (
            f"JSON ({_profile(profile)}): output unchanged (proto names); readers of the old "
            "json_name break"
        )
    return f"JSON ({_profile(profile)}): breaking (" + ", ".join(rules) + ")"


def _widening(message: str) -> bool:
    parts = message.split('"')
    types = [p for p in parts if p in _WIDENING]
    return len(types) >= 2


def _profile(p: JsonProfile) -> str:
    return f'names = "{p.names}", int64 = "{p.int64}"'


def _locate(new: Corpus, key: str) -> tuple[SourceFile, Span] | None:
    for table in (new.messages, new.enums, new.services):
        best = None
        for full, elem in table.items():
            if (key == full or key.startswith(full + ".")) and (
                best is None or len(full) > len(best[0])
            ):
                best = (full, elem)
        if best is not None:
            full, elem = best
            rest = key[len(full) + 1 :]
            if rest.isdigit() and isinstance(elem, breakingrules.MessageElem):
                # A field, by number: point at it rather than at its message.
                for i, fd in enumerate(elem.proto.field):
                    if fd.number == int(rest):
                        return elem.file, elem.file.span((*elem.path, 2, i))
            return elem.file, elem.file.span(elem.path)
    return None
