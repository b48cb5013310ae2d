"""A small summary of each target's generated API, to say what a schema change does to
the source code that uses the bindings.

Each target's summary maps an element's full proto name to the signature the target
generates for it: a message's type, a field's attribute and type, an RPC's method with
its request and response types, an enum value's constant. Names come from the targets'
naming modules (codegen/targets/*/names.py, codegen/naming.py); types from the same
scalar mapping the targets document (docs/python.md, docs/go.md, docs/typescript.md).
Comparing the summary of the previous schemas with the current one gives every
source-level change, whichever buf rule (if any) fires.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from google.protobuf import descriptor_pb2 as d

from codegen.config import JsonProfile
from codegen.governance.source import SourceFile
from codegen.naming import go_camel, snake

FD = d.FieldDescriptorProto
LANGUAGE_LABELS = {"python": "Python", "go": "Go", "typescript": "TypeScript"}


@dataclass(frozen=True, slots=True)
class Entry:
    owner: str
    """The generated type the entry belongs to, as the language names it."""
    member: str
    """The member (field, method, constant) or "" for the type itself."""
    signature: str
    param: str = ""
    """RPCs: the request type as the language spells it."""
    result: str = ""
    """RPCs: the response type; fields: the field's type."""


Surface = dict[str, Entry]


_PY_SCALARS = {
    FD.TYPE_DOUBLE: "float", FD.TYPE_FLOAT: "float", FD.TYPE_BOOL: "bool",
    FD.TYPE_STRING: "str", FD.TYPE_BYTES: "bytes",
}  # fmt: skip
_GO_SCALARS = {
    FD.TYPE_DOUBLE: "float64", FD.TYPE_FLOAT: "float32", FD.TYPE_INT64: "int64",
    FD.TYPE_UINT64: "uint64", FD.TYPE_INT32: "int32", FD.TYPE_FIXED64: "uint64",
    FD.TYPE_FIXED32: "uint32", FD.TYPE_BOOL: "bool", FD.TYPE_STRING: "string",
    FD.TYPE_BYTES: "[]byte", FD.TYPE_UINT32: "uint32", FD.TYPE_SFIXED32: "int32",
    FD.TYPE_SFIXED64: "int64", FD.TYPE_SINT32: "int32", FD.TYPE_SINT64: "int64",
}  # fmt: skip
_SIXTY_FOUR = {FD.TYPE_INT64, FD.TYPE_UINT64, FD.TYPE_FIXED64, FD.TYPE_SFIXED64, FD.TYPE_SINT64}


class _Types:
    """Type names of messages and enums in each language, by full proto name."""

    def __init__(self, files: Iterable[SourceFile]) -> None:
        self.local: dict[str, str] = {}
        self.maps: dict[str, tuple[d.FieldDescriptorProto, d.FieldDescriptorProto]] = {}
        for f in files:
            cut = len(f.proto.package) + 1 if f.proto.package else 0
            for m in f.messages():
                self.local[m.full_name] = m.full_name[cut:]
                if m.proto.options.map_entry:
                    self.maps[m.full_name] = (m.proto.field[0], m.proto.field[1])
            for e in f.enums():
                self.local[e.full_name] = e.full_name[cut:]

    def name(self, full: str, lang: str) -> str:
        local = self.local.get(full, full.rsplit(".", 1)[-1])
        if lang == "go":
            return go_camel(local)
        if lang == "typescript":
            return local.replace(".", "_")
        return local

    def field(
        self, fd: d.FieldDescriptorProto, lang: str, profile: JsonProfile, explicit: bool
    ) -> str:
        full = fd.type_name.lstrip(".")
        if fd.label == FD.LABEL_REPEATED and full in self.maps:
            k, v = self.maps[full]
            kt, vt = self.scalar_or_named(k, lang, profile), self.scalar_or_named(v, lang, profile)
            return {
                "python": f"dict[{kt}, {vt}]",
                "go": f"map[{kt}]{vt}",
                "typescript": f"Record<string, {vt}>",
            }[lang]
        t = self.scalar_or_named(fd, lang, profile)
        if fd.label == FD.LABEL_REPEATED:
            return {"python": f"list[{t}]", "go": f"[]{t}", "typescript": f"{t}[]"}[lang]
        if explicit:
            return {
                "python": f"{t} | None",
                "go": f"*{t}" if not t.startswith("*") else t,
                "typescript": t,
            }[lang]
        return t

    def scalar_or_named(self, fd: d.FieldDescriptorProto, lang: str, profile: JsonProfile) -> str:
        if fd.type in (FD.TYPE_MESSAGE, FD.TYPE_ENUM, FD.TYPE_GROUP):
            n = self.name(fd.type_name.lstrip("."), lang)
            return f"*{n}" if lang == "go" and fd.type != FD.TYPE_ENUM else n
        if lang == "python":
            return _PY_SCALARS.get(fd.type, "int")
        if lang == "go":
            return _GO_SCALARS[fd.type]
        if fd.type in _SIXTY_FOUR:
            return "number | string" if profile.int64 == "number" else "string"
        if fd.type == FD.TYPE_BOOL:
            return "boolean"
        if fd.type in (FD.TYPE_STRING, FD.TYPE_BYTES):
            return "string"
        return "number"


def _explicit(f: SourceFile, fd: d.FieldDescriptorProto) -> bool:
    from codegen.governance.breakingrules import cardinality

    return cardinality(f, fd) == "optional with explicit presence" and fd.type != FD.TYPE_MESSAGE


def surface(
    files: Mapping[str, SourceFile],
    lang: str,
    profile: JsonProfile,
    only: set[str] | None = None,
) -> Surface:
    """The API summary of `files` (of the files named in `only`, when given; types are
    named from all of them)."""
    from codegen.targets.python import names as py
    from codegen.targets.typescript import names as ts

    types = _Types(files.values())
    out: Surface = {}
    for f in files.values():
        if only is not None and f.name not in only:
            continue
        for m in f.messages():
            if m.proto.options.map_entry:
                continue
            owner = types.name(m.full_name, lang)
            kind = {"python": "class", "go": "type", "typescript": "interface"}[lang]
            out[m.full_name] = Entry(owner, "", f"{kind} {owner}")
            for fd in m.proto.field:
                t = types.field(fd, lang, profile, _explicit(f, fd))
                if lang == "python":
                    member, sig = py.escape(fd.name), f"{py.escape(fd.name)}: {t}"
                elif lang == "go":
                    member, sig = go_camel(fd.name), f"{go_camel(fd.name)} {t}"
                else:
                    key = fd.json_name if profile.names == "json" else fd.name
                    member, sig = key, f"{key}?: {t}"
                # Keyed by number: a renamed field is the same field with a new name.
                out[f"{m.full_name}.{fd.number}"] = Entry(owner, member, sig, result=t)
        for e in f.enums():
            owner = types.name(e.full_name, lang)
            out[e.full_name] = Entry(owner, "", f"enum {owner}")
            for v in e.proto.value:
                out[f"{e.full_name}.{v.name}"] = Entry(owner, v.name, f"{v.name} = {v.number}")
        for s in f.proto.service:
            full = (f.proto.package + "." if f.proto.package else "") + s.name
            for meth in s.method:
                req = types.name(meth.input_type.lstrip("."), lang)
                resp = types.name(meth.output_type.lstrip("."), lang)
                if lang == "python":
                    member = snake(meth.name)
                    r_in = f"Iterator[{req}]" if meth.client_streaming else req
                    r_out = f"Iterator[{resp}]" if meth.server_streaming else resp
                    sig = f"{member}(request: {r_in}) -> {r_out}"
                elif lang == "go":
                    member = go_camel(meth.name)
                    r_in = (
                        f"{s.name}_{member}Server" if meth.client_streaming else f"*{go_camel(req)}"
                    )
                    r_out = f"stream of *{resp}" if meth.server_streaming else f"*{resp}"
                    sig = f"{member}(ctx, {r_in}) ({r_out}, error)"
                else:
                    member = ts.method_name(meth.name)
                    r_in = f"AsyncIterable<{req}>" if meth.client_streaming else req
                    r_out = (
                        f"AsyncIterable<{resp}>" if meth.server_streaming else f"Promise<{resp}>"
                    )
                    sig = f"{member}(request: {r_in}): {r_out}"
                out[f"{full}.{meth.name}"] = Entry(s.name, member, sig, r_in, r_out)
    return out


def changes(old: Surface, new: Surface, lang: str) -> dict[str, str]:
    """Full proto name -> what changed in `lang`'s generated API."""
    label = LANGUAGE_LABELS[lang]
    out: dict[str, str] = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None:
            continue  # additions do not break source that compiles today
        where = f"{a.owner}.{a.member}" if a.member else a.owner
        if b is None:
            out[key] = f"{label}: {where} is removed"
        elif (a.owner, a.member) != (b.owner, b.member):
            to = f"{b.owner}.{b.member}" if b.member else b.owner
            out[key] = f"{label}: {where} is renamed to {to}"
        elif a.param == b.param and a.result != b.result:
            what = "return type" if a.param else "type"
            out[key] = f"{label}: {where} {what} changes from {a.result} to {b.result}"
        elif a.param != b.param and a.result == b.result:
            out[key] = f"{label}: {where} parameter type changes from {a.param} to {b.param}"
        else:
            out[key] = f"{label}: {where} changes from `{a.signature}` to `{b.signature}`"
    return out
