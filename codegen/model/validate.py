"""Schema rules protoc leaves to generators: problems every target would share.

protoc rejects two fields whose JSON names collide in proto3 but only warns in proto2
and editions. ProtoJSON parsers accept a field by either of its names, so a proto name
that is also another field's JSON name makes input ambiguous and output lossy in every
language: it is refused here, once, for all targets.
"""

from __future__ import annotations

from collections.abc import Iterable

from codegen.errors import Diagnostic
from codegen.model.nodes import Field, File, Message


def check_files(files: Iterable[File]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for f in files:
        for message in f.all_messages():
            problems.extend(_json_name_conflicts(f, message))
    return problems


def _json_name_conflicts(file: File, message: Message) -> list[Diagnostic]:
    fields = message.fields
    json_names = {f.json_name for f in fields}
    # Fast answer for the usual message (once per message of every file): with distinct
    # JSON names, a key answers to two fields only if some field's proto name, differing
    # from its own JSON name, is another field's JSON name.
    if len(json_names) == len(fields) and not json_names.intersection(
        [f.name for f in fields if f.name != f.json_name]
    ):
        return []
    problems = []
    seen: dict[str, Field] = {}
    for field in message.fields:
        for key in dict.fromkeys((field.name, field.json_name)):
            other = seen.get(key)
            if other is not None and other is not field:
                problems.append(_conflict(file, message, field, other, key))
                break
        seen.setdefault(field.name, field)
        seen.setdefault(field.json_name, field)
    return problems


def _conflict(file: File, message: Message, field: Field, other: Field, key: str) -> Diagnostic:
    where = str(other.span) if other.span else other.name
    span = field.span
    return Diagnostic(
        span.path if span else file.name,
        span.line if span else 0,
        span.col if span else 0,
        f"field {field.name!r} of {message.full_name} and field {other.name!r} ({where}) "
        f"both answer to the JSON key {key!r}; ProtoJSON could not tell them apart. "
        "Rename one, or give it a distinct json_name",
    )
