"""Go identifiers for one Go package, computed once before rendering.

protoc-gen-go's conventions (GoCamelCase, `Outer_Inner`, `Enum_VALUE`, oneof wrappers
`Msg_Field`) with two additions it lacks: every package-level name is unique in its
Go package (names that collide after flattening get `_` appended, with a fixed
priority order so that the result never depends on file or declaration order across
files), and field names never shadow the methods generated message types define.

Priority when two declarations want the same package-level name: message and enum
types first (shallower nesting first, then by full proto name), then enum values, then
oneof wrapper types, then service interfaces. Inside a message, fields (and oneofs)
claim names in declaration order, like protoc-gen-go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from codegen.model import Enum, File, Message, Service
from codegen.naming import go_camel as _go_camel

go_camel = lru_cache(maxsize=None)(_go_camel)
"""protoc-gen-go's GoCamelCase (cached: the same field names recur everywhere)."""

GO_KEYWORDS = frozenset(
    [
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ]
)
GO_PREDECLARED = frozenset(
    [
        "any",
        "bool",
        "byte",
        "comparable",
        "complex128",
        "complex64",
        "error",
        "float32",
        "float64",
        "int",
        "int16",
        "int32",
        "int64",
        "int8",
        "rune",
        "string",
        "uint",
        "uint16",
        "uint32",
        "uint64",
        "uint8",
        "uintptr",
        "true",
        "false",
        "iota",
        "nil",
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    ]
)
MESSAGE_METHODS = frozenset(
    {
        "MarshalJSON",
        "UnmarshalJSON",
        "MarshalProtoJSON",
        "UnmarshalProtoJSON",
        "ProtoName",
        "Reset",
        "String",
        "MarshalProto",
        "UnmarshalProto",
        "AppendProto",
        "SizeProto",
    }
)
"""Methods every generated message type has; a field never takes one of these names
(nor the name of another field's getter: each field `X` also claims `GetX`)."""

VET_METHODS = frozenset(
    [
        "As",
        "GobDecode",
        "GobEncode",
        "Is",
        "MarshalJSON",
        "MarshalXML",
        "ReadByte",
        "ReadRune",
        "UnmarshalJSON",
        "UnmarshalXML",
        "UnreadByte",
        "UnreadRune",
        "Unwrap",
        "WriteByte",
    ]
)
"""Method names `go vet` (stdmethods) requires to have their standard library signature;
an RPC with one of these names gets `_` appended."""

TEMPLATE_LOCALS = frozenset(
    {"m", "e", "d", "v", "k", "x", "ok", "err", "b", "seen", "ctx", "req", "stream", "i"}
)
"""Identifiers the templates declare inside functions; import names must avoid them."""


def package_name(raw: str) -> str:
    """A valid, conventional Go package name from a path element or proto package part."""
    name = "".join(c if (c.isascii() and (c.isalnum() or c == "_")) else "_" for c in raw)
    name = name.lower()
    if not name or name[0].isdigit():
        name = "x" + name
    if name in GO_KEYWORDS or name in GO_PREDECLARED or name in ("main", "init", "_"):
        name += "_"
    return name


def derived_package_name(parts: list[str]) -> str:
    """`acme.types.v1` -> `typesv1` (a version element is joined to the one before it)."""
    if not parts:
        return "protos"
    last = parts[-1]
    if len(parts) > 1 and _is_version(last):
        return package_name(parts[-2] + last)
    return package_name(last)


def _is_version(part: str) -> bool:
    p = part.lower()
    if not p.startswith("v") or len(p) < 2 or not p[1].isdigit():
        return False
    rest = p[1:].lstrip("0123456789")
    for tag in ("alpha", "beta", "test", "p"):
        if rest.startswith(tag):
            rest = rest[len(tag) :].lstrip("0123456789")
            break
    return rest == ""


@dataclass
class OneofNames:
    field: str
    """The struct field holding the case."""
    iface: str
    """The unexported sealed interface (and its marker method)."""
    cases: dict[str, str]
    """Member field proto name -> wrapper type name."""


class MessageNames:
    __slots__ = ("_fields", "_message", "oneofs", "type")

    def __init__(
        self,
        type: str,
        fields: dict[str, str] | None,
        oneofs: dict[str, OneofNames] | None = None,
        message: Message | None = None,
    ) -> None:
        self.type = type
        self._fields = fields
        self.oneofs: dict[str, OneofNames] = {} if oneofs is None else oneofs
        self._message = message

    @property
    def fields(self) -> dict[str, str]:
        """Proto field name -> Go field name (oneof members too: they name the wrapper
        field). Computed on first use for messages without oneofs, whose field names
        nothing else at package level depends on (so a shard names only its own)."""
        f = self._fields
        if f is None:
            assert self._message is not None
            f = self._fields = _field_names(self._message)
        return f


def _field_names(m: Message) -> dict[str, str]:
    """The Go field names of a message without oneofs, claimed in declaration order."""
    proto = [fl.name for fl in m.fields]
    camel = [go_camel(n) for n in proto]
    unique = set(camel)
    if (
        len(unique) == len(camel)
        and MESSAGE_METHODS.isdisjoint(camel)
        and not any(c[3:] in unique for c in camel if c.startswith("Get"))
    ):
        return dict(zip(proto, camel, strict=True))  # the common case: all free
    local = _Claims(MESSAGE_METHODS)
    return {n: local.claim_field(c) for n, c in zip(proto, camel, strict=True)}


@dataclass
class EnumNames:
    type: str
    values: dict[str, str]
    """Value name -> Go constant name."""


@dataclass
class ServiceNames:
    type: str
    methods: dict[str, str]


@dataclass
class PackageNames:
    """Every generated identifier of one Go package, keyed by proto full names."""

    messages: dict[str, MessageNames] = field(default_factory=dict)
    enums: dict[str, EnumNames] = field(default_factory=dict)
    services: dict[str, ServiceNames] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    """Every package-level identifier (exported and not)."""

    def all_names(self) -> Iterable[str]:
        return self.used


class _Claims:
    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.used: set[str] = set(taken)

    def claim(self, name: str) -> str:
        while name in self.used:
            name += "_"
        self.used.add(name)
        return name

    def claim_field(self, name: str) -> str:
        """A struct field's name, which must not be a method's name, and its getter
        `Get<name>`, which must not be a field's (protoc-gen-go's rule)."""
        used = self.used
        while name in used or "Get" + name in used:
            name += "_"
        used.add(name)
        used.add("Get" + name)
        return name


def compute_names(files: Iterable[File]) -> PackageNames:
    """Names for every declaration of the files of one Go package (deterministic).

    (Every package of the schema is named before anything renders, in every shard: the
    loops below are the tight ones, with `_Claims.claim` inlined.)"""
    files = sorted(files, key=lambda f: f.name)
    messages: list[Message] = [m for f in files for m in f.all_messages()]
    enums: list[tuple[str, Enum, Message | None]] = []
    for f in files:
        enums.extend((e.ref.full_name, e, None) for e in f.enums)
    for m in messages:
        if m.enums:
            enums.extend((e.ref.full_name, e, m) for e in m.enums)
    services: list[Service] = [s for f in files for s in f.services]

    out = PackageNames()
    used: set[str] = set()
    claims = _Claims()
    claims.used = used

    # Types: shallow before deep, then by full name (full names are unique, so the
    # sort never compares the scopes).
    typed: list[tuple[int, str, tuple[str, ...]]] = [
        (len(m.ref.scope), m.ref.full_name, m.ref.scope) for m in messages
    ]
    typed += [(len(e.ref.scope), full, e.ref.scope) for full, e, _ in enums]
    typed.sort()
    type_names: dict[str, str] = {}
    for _, full, scope in typed:
        name = go_camel(".".join(scope))
        while name in used:
            name += "_"
        used.add(name)
        type_names[full] = name

    # Fields, per message (local namespace: the struct's fields and methods).
    out_messages = out.messages
    for m in messages:
        full = m.ref.full_name
        if not m.oneofs:
            out_messages[full] = MessageNames(type_names[full], None, {}, m)  # named lazily
            continue
        local = _Claims(MESSAGE_METHODS)
        fields: dict[str, str] = {}
        oneof_fields: dict[str, str] = {}
        oneof_first = {o.fields[0]: o for o in m.oneofs if o.fields}
        for fl in m.fields:
            fields[fl.name] = local.claim_field(go_camel(fl.name))
            o = oneof_first.get(fl.name)
            if o is not None:
                oneof_fields[o.name] = local.claim_field(go_camel(o.name))
        for o in m.oneofs:
            if o.name not in oneof_fields:  # a oneof without members (not valid proto)
                oneof_fields[o.name] = local.claim_field(go_camel(o.name))
        out_messages[full] = MessageNames(
            type_names[full],
            fields,
            {o.name: OneofNames(oneof_fields[o.name], "", {}) for o in m.oneofs},
        )

    # Enum values: `Parent_VALUE` where Parent is the enclosing message, or the enum.
    enums.sort(key=lambda t: t[0])
    for full, e, parent in enums:
        prefix = type_names[parent.ref.full_name] if parent is not None else type_names[full]
        values: dict[str, str] = {}
        for v in e.values:
            name = f"{prefix}_{v.name}"
            while name in used:
                name += "_"
            used.add(name)
            values[v.name] = name
        out.enums[full] = EnumNames(type_names[full], values)

    # Oneof wrapper types and their sealed interfaces.
    for m in sorted((m for m in messages if m.oneofs), key=lambda m: m.ref.full_name):
        names = out_messages[m.ref.full_name]
        for o in m.oneofs:
            on = names.oneofs[o.name]
            on.iface = claims.claim(f"is{names.type}_{on.field}")
            for member in o.fields:
                on.cases[member] = claims.claim(f"{names.type}_{names.fields[member]}")

    # Service interfaces.
    for s in sorted(services, key=lambda s: s.full_name):
        local = _Claims(VET_METHODS)
        methods = {meth.name: local.claim(go_camel(meth.name)) for meth in s.methods}
        out.services[s.full_name] = ServiceNames(claims.claim(go_camel(s.name)), methods)

    out.used = used
    return out


def rename_for_merge(units: list[PackageNames]) -> list[dict[str, str]]:
    """Several packages' names merged into one Go package (an import cycle's shared
    package): per unit, old name -> unique new name (unchanged when no clash)."""
    claims = _Claims()
    result: list[dict[str, str]] = []
    for names in units:
        mapping: dict[str, str] = {}
        for name in sorted(names.used, key=_priority_key(names)):
            mapping[name] = claims.claim(name)
        result.append(mapping)
    return result


def _priority_key(names: PackageNames) -> Callable[[str], tuple[int, str]]:
    order: dict[str, int] = {}
    for m in names.messages.values():
        order.setdefault(m.type, 0)
    for e in names.enums.values():
        order.setdefault(e.type, 0)
        for v in e.values.values():
            order.setdefault(v, 1)
    for m in names.messages.values():
        for o in m.oneofs.values():
            order.setdefault(o.iface, 2)
            for c in o.cases.values():
                order.setdefault(c, 2)
    for s in names.services.values():
        order.setdefault(s.type, 3)
    return lambda n: (order.get(n, 4), n)


def apply_mapping(names: PackageNames, mapping: dict[str, str]) -> PackageNames:
    """A copy of `names` with package-level identifiers renamed by `mapping`."""
    out = PackageNames()
    for full, m in names.messages.items():
        out.messages[full] = MessageNames(
            mapping[m.type],
            dict(m.fields),
            {
                k: OneofNames(
                    o.field, mapping[o.iface], {c: mapping[t] for c, t in o.cases.items()}
                )
                for k, o in m.oneofs.items()
            },
        )
    for full, e in names.enums.items():
        out.enums[full] = EnumNames(mapping[e.type], {k: mapping[v] for k, v in e.values.items()})
    for full, s in names.services.items():
        out.services[full] = ServiceNames(mapping[s.type], dict(s.methods))
    out.used = {mapping[n] for n in names.used}
    return out
