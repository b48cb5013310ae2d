"""Lint rules only protobind can know: how each target names things, and the JSON shape.

IDs start with PROTOBIND_ and share the category PROTOBIND. Names come from the targets'
own naming modules (codegen/targets/*/names.py), so the rules say what the generated code
actually does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from google.protobuf import descriptor_pb2 as d

from codegen.governance.lintrules import Hit, LintInput, Rule, _fields, _messages, _methods
from codegen.governance.source import M_FIELD, Path
from codegen.naming import go_camel, snake

CATEGORIES: dict[str, tuple[str, ...]] = {
    "PROTOBIND_TARGET_ESCAPE": ("PROTOBIND",),
    "PROTOBIND_NAME_COLLISION": ("PROTOBIND",),
    "PROTOBIND_JSON_NAME_CLASH": ("PROTOBIND",),
    "PROTOBIND_TIME_UNIT": ("PROTOBIND",),
}
PURPOSES: dict[str, str] = {
    "PROTOBIND_TARGET_ESCAPE": "Checks that no field, message or RPC name has to be escaped "
    "by a target (a keyword or a name the generated code already uses).",
    "PROTOBIND_NAME_COLLISION": "Checks that no two fields of a message get the same name in "
    "one target's generated code.",
    "PROTOBIND_JSON_NAME_CLASH": "Checks that no two fields of a message share a JSON name "
    "(or one's JSON name is the other's proto name, which parsers also accept).",
    "PROTOBIND_TIME_UNIT": "Checks that 64-bit integer fields holding a time or duration "
    "name their unit (`timeout_ms`, `created_at_unix_seconds`).",
}
RULES: dict[str, Rule] = {}


def _rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = fn
        return fn

    return register


def _python_field(name: str) -> str:
    from codegen.targets.python import names

    return names.escape(name)


def _python_reserved_for(kind: str) -> frozenset[str]:
    from codegen.targets.python import names

    if kind == "field":
        return names.RESERVED | names.MESSAGE_METHODS
    return names.RESERVED


def _escapes(name: str, kind: str) -> list[str]:
    """What each target does to `name` (a field or an RPC), when it must change it."""
    from codegen.targets.go import names as go
    from codegen.targets.python import names as py
    from codegen.targets.typescript import names as ts

    out = []
    pyname = name if kind == "field" else snake(name)
    reserved = _python_reserved_for(kind)
    escaped = py.escape(pyname, reserved)
    if escaped != pyname:
        out.append(f"Python `{escaped}`")
    gname = go_camel(name)
    if kind == "field" and gname in go.MESSAGE_METHODS:
        out.append(f"Go `{gname}_`")
    if kind == "rpc" and gname in go.VET_METHODS:
        out.append(f"Go `{gname}_`")
    tname = ts.method_name(name) if kind == "rpc" else None
    if tname is not None and ts.escape(tname) != tname:
        out.append(f"TypeScript `{ts.escape(tname)}`")
    return out


@_rule("PROTOBIND_TARGET_ESCAPE")
def target_escape(inp: LintInput) -> Iterator[Hit]:
    for f, fd, path, m in _fields(inp):
        if m is not None and m.proto.options.map_entry:
            continue
        changes = _escapes(fd.name, "field")
        if changes:
            yield Hit(
                f,
                (*path, 1),
                f'Field name "{fd.name}" is escaped in generated code: ' + ", ".join(changes) + ".",
            )
    for f, _, _, meth, path in _methods(inp):
        changes = _escapes(meth.name, "rpc")
        if changes:
            yield Hit(
                f,
                (*path, 1),
                f'RPC name "{meth.name}" is escaped in generated code: ' + ", ".join(changes) + ".",
            )


@_rule("PROTOBIND_NAME_COLLISION")
def name_collision(inp: LintInput) -> Iterator[Hit]:
    for f, m in _messages(inp):
        if m.proto.options.map_entry:
            continue
        for label, rename in (("Go", go_camel), ("Python", _python_field)):
            seen: dict[str, str] = {}
            for i, fd in enumerate(m.proto.field):
                name = rename(fd.name)
                if name in seen:
                    yield Hit(
                        f,
                        (*m.path, M_FIELD, i, 1),
                        f'Fields "{seen[name]}" and "{fd.name}" of message "{m.proto.name}" are '
                        f"both named `{name}` in {label}; one of them is renamed there.",
                    )
                else:
                    seen[name] = fd.name


@_rule("PROTOBIND_JSON_NAME_CLASH")
def json_name_clash(inp: LintInput) -> Iterator[Hit]:
    for f, m in _messages(inp):
        if m.proto.options.map_entry:
            continue
        claimed: dict[str, str] = {}
        for i, fd in enumerate(m.proto.field):
            path: Path = (*m.path, M_FIELD, i, 1)
            keys = {fd.json_name or fd.name, fd.name}
            for key in sorted(keys):
                other = claimed.get(key)
                if other is not None and other != fd.name:
                    yield Hit(
                        f,
                        path,
                        f'Field "{fd.name}" of message "{m.proto.name}" has the JSON name or '
                        f'proto name "{key}" that field "{other}" also has; JSON parsers cannot '
                        "tell them apart.",
                    )
                    break
            for key in keys:
                claimed.setdefault(key, fd.name)


_TIME_WORDS = re.compile(
    r"(?:^|_)(time|timestamp|ts|at|timeout|duration|delay|interval|ttl|deadline|latency|"
    r"elapsed|expiry|expires|expiration|age|period|backoff|since|until|uptime)$"
)
_UNITS = re.compile(
    r"(?:^|_)(ns|nanos|nanoseconds|us|micros|microseconds|ms|millis|milliseconds|s|sec|secs|"
    r"seconds|min|mins|minutes|h|hours|d|days|unix|epoch)(?:_|$)"
)
_INT64 = {
    d.FieldDescriptorProto.TYPE_INT64,
    d.FieldDescriptorProto.TYPE_UINT64,
    d.FieldDescriptorProto.TYPE_SINT64,
    d.FieldDescriptorProto.TYPE_FIXED64,
    d.FieldDescriptorProto.TYPE_SFIXED64,
}


@_rule("PROTOBIND_TIME_UNIT")
def time_unit(inp: LintInput) -> Iterator[Hit]:
    for f, fd, path, m in _fields(inp):
        if fd.type not in _INT64 or (m is not None and m.proto.options.map_entry):
            continue
        name = snake(fd.name)
        if _TIME_WORDS.search(name) and not _UNITS.search(name):
            yield Hit(
                f,
                (*path, 1),
                f'Field "{fd.name}" holds a time as a 64-bit integer without a unit; name it '
                f'with one (such as "{name}_ms" or "{name}_seconds") or use '
                "google.protobuf.Timestamp / Duration.",
            )
