"""Hypothesis strategies for random valid schema sets, rendered to .proto text.

`schema_sets()` draws a batch of independent schema sets (one per root package `r<i>`),
each of several files in proto2, proto3 or editions 2023, with:

* packages of two or three segments, folders that usually mirror them;
* imports between files without cycles (a file imports only files drawn before it),
  including files in other packages (so packages may reference each other both ways);
* messages nested up to four deep, with fields of every scalar type, enums, messages
  (self, nested, sibling, imported, well-known), repeated, maps with every legal key,
  oneofs, proto3 `optional`, proto2 `required` / defaults / groups, editions features
  (IMPLICIT, LEGACY_REQUIRED, DELIMITED, CLOSED enums), json_name, deprecated, reserved;
* enums with negative values, aliases, and proto2 / editions closed enums;
* services with every streaming shape;
* names drawn partly from the keyword lists of tests/corpus/keywords/words.py and
  comments drawn partly from the adversarial payloads of tests/corpus/comments/make.py.

Every drawn set is meant to be accepted by protoc: the test asserts it, and a rejection
is a bug in this module. Names are kept apart so that no two names in one scope are equal
after lower-casing and removing underscores (the collisions corpus tests that case), so
every target is expected to compile every set.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_words = _load(CORPUS / "keywords" / "words.py", "_strategies_keyword_words")
_comments = _load(CORPUS / "comments" / "make.py", "_strategies_comment_payloads")

KEYWORDS: list[str] = _words.all_words()
HARD_KEYWORDS: list[str] = _words.HARD_KEYWORDS
COMMENT_PAYLOADS: list[list[str]] = [lines for _, lines in _comments.PAYLOADS]
_PAYLOADS = st.sampled_from(COMMENT_PAYLOADS)
ENUM_VALUE_REJECTS = {"option", "reserved"}

SCALARS = [
    *("double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64"),
    *("fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes"),
]
MAP_KEYS = [s for s in SCALARS if s not in ("double", "float", "bytes")]
WKT = {
    "google.protobuf.Any": "google/protobuf/any.proto",
    "google.protobuf.Duration": "google/protobuf/duration.proto",
    "google.protobuf.Empty": "google/protobuf/empty.proto",
    "google.protobuf.FieldMask": "google/protobuf/field_mask.proto",
    "google.protobuf.Struct": "google/protobuf/struct.proto",
    "google.protobuf.Value": "google/protobuf/struct.proto",
    "google.protobuf.ListValue": "google/protobuf/struct.proto",
    "google.protobuf.Timestamp": "google/protobuf/timestamp.proto",
    "google.protobuf.DoubleValue": "google/protobuf/wrappers.proto",
    "google.protobuf.FloatValue": "google/protobuf/wrappers.proto",
    "google.protobuf.Int64Value": "google/protobuf/wrappers.proto",
    "google.protobuf.UInt64Value": "google/protobuf/wrappers.proto",
    "google.protobuf.Int32Value": "google/protobuf/wrappers.proto",
    "google.protobuf.UInt32Value": "google/protobuf/wrappers.proto",
    "google.protobuf.BoolValue": "google/protobuf/wrappers.proto",
    "google.protobuf.StringValue": "google/protobuf/wrappers.proto",
    "google.protobuf.BytesValue": "google/protobuf/wrappers.proto",
}
NULL_VALUE = "google.protobuf.NullValue"
INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "sint32": (-(2**31), 2**31 - 1),
    "sfixed32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "fixed32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "sint64": (-(2**63), 2**63 - 1),
    "sfixed64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
    "fixed64": (0, 2**64 - 1),
}


def normalized(name: str) -> str:
    return name.lower().replace("_", "")


# Strategies are built once: building one per draw (and validating it) costs more than
# drawing from it.
@functools.cache
def _int(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.cache
def _pick(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


_BOOL = st.booleans()
_PLAIN_COMMENT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
_DEFAULT_STRING = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


# -- names --------------------------------------------------------------------------------


class Namespace:
    """Names already used in one scope; a new name may not equal one after normalizing."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def taken(self, name: str) -> bool:
        return normalized(name) in self.keys

    def add(self, name: str) -> None:
        self.keys.add(normalized(name))


_LOWER = string.ascii_lowercase
_UPPER = string.ascii_uppercase
_ALNUM = string.ascii_lowercase + string.digits


def _ident(first: str, rest: str, max_size: int = 8) -> st.SearchStrategy[str]:
    return st.builds(
        lambda a, b: a + b,
        st.sampled_from(first),
        st.text(rest, max_size=max_size),
    )


def _snake() -> st.SearchStrategy[str]:
    return st.builds(
        lambda parts, lead: lead + "_".join(parts),
        st.lists(_ident(_LOWER, _ALNUM, 6), min_size=1, max_size=3),
        st.sampled_from(["", "", "", "", "_"]),
    )


def _pascal() -> st.SearchStrategy[str]:
    return st.builds(
        lambda parts: "".join(p[:1].upper() + p[1:] for p in parts),
        st.lists(_ident(_LOWER, _ALNUM, 6), min_size=1, max_size=3),
    )


def _upper_snake() -> st.SearchStrategy[str]:
    return st.builds(
        lambda parts: "_".join(parts).upper(),
        st.lists(_ident(_LOWER, _ALNUM, 5), min_size=1, max_size=3),
    )


STYLES: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "field": _snake,
    "type": _pascal,
    "value": _upper_snake,
    "segment": lambda: _ident(_LOWER, _ALNUM, 6),
    "file": _snake,
}


def _keyword_pool(style: str) -> list[str]:
    if style == "value":
        return [w for w in KEYWORDS if w not in ENUM_VALUE_REJECTS]
    if style == "group":
        return [w for w in KEYWORDS if w[:1].isupper()]
    return KEYWORDS


_KEYWORD_NAMES = {style: st.sampled_from(_keyword_pool(style)) for style in STYLES}
_STYLE_NAMES = {style: make() for style, make in STYLES.items()}
_GROUP_NAMES = st.one_of(st.sampled_from(_keyword_pool("group")), _pascal())


@st.composite
def name(
    draw: st.DrawFn, style: str, ns: Namespace, extra: Callable[[str], bool] | None = None
) -> str:
    """A name not yet taken in `ns`: a keyword about 40% of the time."""
    for _ in range(30):
        if style == "group":
            candidate = draw(_GROUP_NAMES)
        elif draw(_int(0, 9)) < 4:
            candidate = draw(_KEYWORD_NAMES[style])  # cached
        else:
            candidate = draw(_STYLE_NAMES[style])
        if not ns.taken(candidate) and (extra is None or extra(candidate)):
            ns.add(candidate)
            return candidate
    base = {"type": "T", "group": "G", "value": "V", "segment": "s", "file": "f", "field": "f"}[
        style
    ]
    i = 0
    while ns.taken(f"{base}{i}x") or (extra is not None and not extra(f"{base}{i}x")):
        i += 1
    ns.add(f"{base}{i}x")
    return f"{base}{i}x"


@st.composite
def comment(draw: st.DrawFn) -> list[str]:
    """No comment, a plain one, or one of the adversarial payloads."""
    kind = draw(_int(0, 9))
    if kind < 5:
        return []
    if kind < 7:
        return [draw(_PLAIN_COMMENT)]
    return draw(_PAYLOADS)


# -- the schema model the strategy fills in -------------------------------------------------


@dataclass
class TypeDecl:
    full_name: str
    kind: str  # "message" | "enum"
    file: str
    closed: bool = False
    first_value: str = ""
    values: tuple[str, ...] = ()
    zero_first: bool = True
    """The first value is 0 (required of enums used as map values)."""


@dataclass
class FieldSpec:
    name: str
    number: int
    label: str  # "", "optional", "repeated", "required"
    type: str  # scalar name, ".full.Name", or "map<k, v>"
    options: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)
    group: MessageSpec | None = None


@dataclass
class OneofSpec:
    name: str
    fields: list[FieldSpec]
    comment: list[str] = field(default_factory=list)


@dataclass
class EnumSpec:
    name: str
    values: list[tuple[str, int, list[str]]]
    options: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)


@dataclass
class MessageSpec:
    name: str
    full_name: str
    fields: list[FieldSpec] = field(default_factory=list)
    oneofs: list[OneofSpec] = field(default_factory=list)
    messages: list[MessageSpec] = field(default_factory=list)
    enums: list[EnumSpec] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    reserved: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)
    ns: Namespace = field(default_factory=Namespace)
    is_group: bool = False


@dataclass
class ServiceSpec:
    name: str
    methods: list[tuple[str, str, str, bool, bool, list[str]]]
    comment: list[str] = field(default_factory=list)


@dataclass
class FileSpec:
    path: str
    syntax: str  # "proto2" | "proto3" | "editions"
    package: str
    imports: set[str] = field(default_factory=set)
    messages: list[MessageSpec] = field(default_factory=list)
    enums: list[EnumSpec] = field(default_factory=list)
    services: list[ServiceSpec] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    comment: list[str] = field(default_factory=list)


# -- rendering ----------------------------------------------------------------------------


def _comment_lines(lines: list[str], indent: str) -> list[str]:
    return [f"{indent}//{' ' if line else ''}{line}" for line in lines]


def _options(options: list[str]) -> str:
    return f" [{', '.join(options)}]" if options else ""


def _render_field(f: FieldSpec, indent: str, syntax: str) -> list[str]:
    out = _comment_lines(f.comment, indent)
    label = f"{f.label} " if f.label else ""
    if f.group is not None:
        out.append(f"{indent}{label}group {f.group.name} = {f.number}{_options(f.options)} {{")
        out += _render_body(f.group, indent + "  ", syntax)
        out.append(f"{indent}}}")
    else:
        out.append(f"{indent}{label}{f.type} {f.name} = {f.number}{_options(f.options)};")
    return out


def _render_enum(e: EnumSpec, indent: str) -> list[str]:
    out = _comment_lines(e.comment, indent)
    out.append(f"{indent}enum {e.name} {{")
    out += [f"{indent}  option {o};" for o in e.options]
    for vname, number, opts in e.values:
        out.append(f"{indent}  {vname} = {number}{_options(opts)};")
    out.append(f"{indent}}}")
    return out


def _render_body(m: MessageSpec, indent: str, syntax: str) -> list[str]:
    out = [f"{indent}option {o};" for o in m.options]
    if m.reserved:
        out += [f"{indent}reserved {r};" for r in m.reserved]
    for f in m.fields:
        out += _render_field(f, indent, syntax)
    for o in m.oneofs:
        out += _comment_lines(o.comment, indent)
        out.append(f"{indent}oneof {o.name} {{")
        for f in o.fields:
            out += _render_field(f, indent + "  ", syntax)
        out.append(f"{indent}}}")
    for n in m.messages:
        out += _render_message(n, indent, syntax)
    for e in m.enums:
        out += _render_enum(e, indent)
    return out


def _render_message(m: MessageSpec, indent: str, syntax: str) -> list[str]:
    out = _comment_lines(m.comment, indent)
    out.append(f"{indent}message {m.name} {{")
    out += _render_body(m, indent + "  ", syntax)
    out.append(f"{indent}}}")
    return out


def render_file(f: FileSpec) -> str:
    out = _comment_lines(f.comment, "")
    out.append('edition = "2023";' if f.syntax == "editions" else f'syntax = "{f.syntax}";')
    out.append("")
    out.append(f"package {f.package};")
    out.append("")
    out += [f'import "{i}";' for i in sorted(f.imports)]
    if f.imports:
        out.append("")
    out += [f"option {o};" for o in f.options]
    if f.options:
        out.append("")
    for m in f.messages:
        out += _render_message(m, "", f.syntax)
        out.append("")
    for e in f.enums:
        out += _render_enum(e, "")
        out.append("")
    for s in f.services:
        out += _comment_lines(s.comment, "")
        out.append(f"service {s.name} {{")
        for mname, inp, outp, cs, ss, c in s.methods:
            out += _comment_lines(c, "  ")
            out.append(
                f"  rpc {mname}({'stream ' if cs else ''}{inp}) returns ({'stream ' if ss else ''}{outp});"
            )
        out.append("}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- drawing ------------------------------------------------------------------------------


def _escape_string(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):03o}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _escape_bytes(value: bytes) -> str:
    return '"' + "".join(f"\\{b:03o}" for b in value) + '"'


@st.composite
def default_value(draw: st.DrawFn, type_: str, enum: TypeDecl | None) -> str:
    if enum is not None:
        return draw(st.sampled_from(enum.values))
    if type_ == "bool":
        return draw(_pick(("true", "false")))
    if type_ == "string":
        return _escape_string(draw(_DEFAULT_STRING))
    if type_ == "bytes":
        return _escape_bytes(draw(st.binary(max_size=8)))
    if type_ in ("double", "float"):
        special = draw(_pick(("", "", "inf", "-inf", "nan")))
        if special:
            return special
        width = 32 if type_ == "float" else 64
        v = draw(st.floats(allow_nan=False, allow_infinity=False, width=width))
        return repr(v) if not math.isinf(v) else "inf"
    lo, hi = INT_RANGES[type_]
    return str(draw(_int(lo, hi)))


@dataclass
class _Context:
    """What a file can see while its fields are drawn."""

    file: FileSpec
    visible: list[TypeDecl]
    counter: list[int]
    flat_ns: Namespace


def _numbers(count: int) -> list[int]:
    return [n if n < 19000 else n + 1000 for n in range(1, count + 1)]


@st.composite
def _value_type(
    draw: st.DrawFn, ctx: _Context, *, allow_closed: bool, map_value: bool = False
) -> tuple[str, TypeDecl | None]:
    """A scalar, a visible message or enum, or a well-known type."""
    choice = draw(_int(0, 9))
    if choice < 4 or not ctx.visible:
        return draw(_pick(tuple(SCALARS))), None
    if choice < 5:
        wkt = draw(_pick((*WKT, NULL_VALUE)))
        ctx.file.imports.add(WKT.get(wkt, "google/protobuf/struct.proto"))
        return "." + wkt, (
            TypeDecl(wkt, "enum", "", first_value="NULL_VALUE", values=("NULL_VALUE",))
            if wkt == NULL_VALUE
            else None
        )
    candidates = [
        t
        for t in ctx.visible
        if t.kind == "message"
        or ((allow_closed or not t.closed) and (t.zero_first or not map_value))
    ]
    if not candidates:
        return draw(_pick(tuple(SCALARS))), None
    decl = draw(st.sampled_from(candidates))
    if decl.file != ctx.file.path:
        ctx.file.imports.add(decl.file)
    return "." + decl.full_name, (decl if decl.kind == "enum" else None)


def _is_message(type_: str, enum: TypeDecl | None) -> bool:
    return type_.startswith(".") and enum is None


@st.composite
def _field(
    draw: st.DrawFn, ctx: _Context, msg: MessageSpec, number: int, *, in_oneof: bool = False
) -> FieldSpec:
    syntax = ctx.file.syntax
    fname = draw(name("field", msg.ns))
    allow_closed = syntax != "proto3"
    kind = draw(_int(0, 9)) if not in_oneof else 0
    opts: list[str] = []
    if draw(_int(0, 15)) == 0:
        opts.append("deprecated = true")
    if draw(_int(0, 15)) == 0:
        opts.append(f'json_name = "j-{ctx.counter[0]}"')
        ctx.counter[0] += 1
    cmt = draw(comment())
    if kind == 8:  # map
        key = draw(_pick(tuple(MAP_KEYS)))
        value, _ = draw(_value_type(ctx, allow_closed=allow_closed, map_value=True))
        return FieldSpec(fname, number, "", f"map<{key}, {value}>", opts, cmt)
    type_, enum = draw(_value_type(ctx, allow_closed=allow_closed))
    if kind == 9:  # repeated
        if syntax == "editions" and _is_message(type_, enum) and draw(_BOOL):
            opts.append("features.message_encoding = DELIMITED")
        elif type_ in SCALARS and type_ not in ("string", "bytes") and draw(_BOOL):
            opts.append(
                "packed = false"
                if syntax != "editions"
                else "features.repeated_field_encoding = EXPANDED"
            )
        return FieldSpec(fname, number, "repeated", type_, opts, cmt)
    label = ""
    if syntax == "proto2":
        label = "" if in_oneof else draw(_pick(("optional", "optional", "optional", "required")))
    elif syntax == "proto3" and not in_oneof and draw(_int(0, 3)) == 0:
        label = "optional"
    explicit = syntax == "proto2" and not in_oneof
    if syntax == "editions" and not in_oneof:
        file_implicit = "features.field_presence = IMPLICIT" in ctx.file.options
        may_be_implicit = not _is_message(type_, enum) and (enum is None or not enum.closed)
        presence = draw(_int(0, 9))
        if presence == 0 and may_be_implicit:
            opts.append("features.field_presence = IMPLICIT")
        elif presence == 1:
            opts.append("features.field_presence = LEGACY_REQUIRED")
            explicit = True
        elif presence == 2 or (
            file_implicit and not may_be_implicit and not _is_message(type_, enum)
        ):
            opts.append("features.field_presence = EXPLICIT")
            explicit = True
        else:
            explicit = not file_implicit
    if syntax == "editions" and _is_message(type_, enum) and draw(_int(0, 3)) == 0:
        opts.append("features.message_encoding = DELIMITED")
    if (
        explicit
        and not _is_message(type_, enum)
        and type_ != "." + NULL_VALUE
        and (enum is None or enum.closed or syntax == "proto2")
        and draw(_int(0, 3)) == 0
    ):
        opts.append(f"default = {draw(default_value(type_.lstrip('.'), enum))}")
    return FieldSpec(fname, number, label, type_, opts, cmt)


@st.composite
def _enum(
    draw: st.DrawFn, scope_ns: Namespace, pkg_ns: Namespace, flat: str, closed: bool, syntax: str
) -> EnumSpec:
    """An enum in a scope (`flat`: the flattened name of that scope, `Outer_` or "")."""
    ename = draw(name("type", scope_ns, lambda n: not pkg_ns.taken(flat + n)))
    pkg_ns.add(flat + ename)
    own = Namespace()
    prefix = normalized(ename)

    def distinct(v: str) -> bool:
        key = normalized(v)
        stripped = key[len(prefix) :] if key.startswith(prefix) and len(key) > len(prefix) else key
        return (
            stripped not in own.keys
            and key not in own.keys
            and not scope_ns.taken(v)
            and not pkg_ns.taken(flat + v)
            and not pkg_ns.taken(flat + ename + "_" + v)
        )

    count = draw(_int(1, 5))
    values: list[tuple[str, int, list[str]]] = []
    numbers = draw(
        st.lists(st.integers(-(2**31), 2**31 - 1), min_size=count, max_size=count, unique=True)
    )
    if not closed or syntax == "proto3":
        numbers = [0, *[n for n in numbers[1:] if n != 0]]
    options: list[str] = []
    if len(numbers) >= 2 and draw(_int(0, 5)) == 0:
        options.append("allow_alias = true")
        numbers.append(numbers[-1])
    for n in numbers:
        v = draw(name("value", Namespace(), distinct))
        key = normalized(v)
        own.add(v)
        if key.startswith(prefix) and len(key) > len(prefix):
            own.keys.add(key[len(prefix) :])
        scope_ns.add(v)
        pkg_ns.add(flat + v)
        pkg_ns.add(flat + ename + "_" + v)
        opts = ["deprecated = true"] if draw(_int(0, 15)) == 0 else []
        values.append((v, n, opts))
    if syntax == "editions" and closed:
        options.append("features.enum_type = CLOSED")
    if draw(_int(0, 15)) == 0:
        options.append("deprecated = true")
    return EnumSpec(ename, values, options, draw(comment()))


def _enum_decl(full: str, file: str, e: EnumSpec, closed: bool) -> TypeDecl:
    values = tuple(v for v, _, _ in e.values)
    return TypeDecl(full, "enum", file, closed, values[0], values, e.values[0][1] == 0)


@st.composite
def _skeleton(
    draw: st.DrawFn,
    file: FileSpec,
    parent_full: str,
    scope_ns: Namespace,
    pkg_ns: Namespace,
    flat: str,
    depth: int,
    decls: list[TypeDecl],
) -> MessageSpec:
    """A message with nested messages and enums, but no fields yet.

    `scope_ns` is the enclosing scope (package or message: protoc's namespace), `pkg_ns`
    the package's flattened names (`Outer_Inner`, as Go and TypeScript spell nested
    types), `flat` the flattened prefix of the enclosing scope.
    """
    mname = draw(name("type", scope_ns, lambda n: not pkg_ns.taken(flat + n)))
    pkg_ns.add(flat + mname)
    full = f"{parent_full}.{mname}"
    msg = MessageSpec(mname, full, comment=draw(comment()))
    decls.append(TypeDecl(full, "message", file.path))
    if draw(_int(0, 15)) == 0:
        msg.options.append("deprecated = true")
    inner = f"{flat}{mname}_"
    if depth < 4:
        for _ in range(draw(_int(0, 2 if depth < 2 else 1))):
            msg.messages.append(
                draw(_skeleton(file, full, msg.ns, pkg_ns, inner, depth + 1, decls))
            )
    for _ in range(draw(_int(0, 1))):
        closed = file.syntax == "proto2" or (file.syntax == "editions" and draw(_BOOL))
        e = draw(_enum(msg.ns, pkg_ns, inner, closed, file.syntax))
        msg.enums.append(e)
        decls.append(_enum_decl(f"{full}.{e.name}", file.path, e, closed))
    return msg


def _all_messages(m: MessageSpec) -> list[MessageSpec]:
    out = [m]
    for n in m.messages:
        out += _all_messages(n)
    return out


@st.composite
def _fill(draw: st.DrawFn, ctx: _Context, msg: MessageSpec) -> None:
    """Fields, oneofs, groups and reserved ranges of one message."""
    count = draw(_int(0, 8))
    numbers = _numbers(count + 12)
    it = iter(numbers)
    for _ in range(count):
        msg.fields.append(draw(_field(ctx, msg, next(it))))
    for _ in range(draw(_int(0, 2))):
        oname = draw(name("field", msg.ns))
        members = [draw(_field(ctx, msg, next(it), in_oneof=True)) for _ in range(draw(_int(1, 3)))]
        msg.oneofs.append(OneofSpec(oname, members, draw(comment())))
    if ctx.file.syntax == "proto2" and draw(_int(0, 4)) == 0:
        flat = msg.full_name[len(ctx.file.package) + 1 :].replace(".", "_") + "_"
        gname = draw(
            name("group", msg.ns, lambda n: n[:1].isupper() and not ctx.flat_ns.taken(flat + n))
        )
        ctx.flat_ns.add(flat + gname)
        group = MessageSpec(gname, f"{msg.full_name}.{gname}", is_group=True)
        group.fields.append(
            FieldSpec(draw(name("field", group.ns)), 1, "optional", draw(_pick(tuple(SCALARS))))
        )
        label = draw(_pick(("optional", "repeated")))
        msg.fields.append(FieldSpec(gname.lower(), next(it), label, "", group=group))
    if draw(_int(0, 5)) == 0:
        top = numbers[-1] + 1
        msg.reserved.append(f"{top}, {top + 2} to {top + 5}")
        rname = draw(name("field", msg.ns))
        msg.reserved.append(rname if ctx.file.syntax == "editions" else f'"{rname}"')


@st.composite
def schema_set(draw: st.DrawFn, root: str) -> dict[str, str]:
    """One schema set below package `root`: {import path: .proto text}."""
    pkg_ns = Namespace()
    segments = draw(_int(1, 2))
    packages = []
    for _ in range(draw(_int(1, 3))):
        parts = [draw(name("segment", pkg_ns)) for _ in range(segments)]
        packages.append(".".join([root, *parts]))
    # One namespace of type names per package (shared by its files), one namespace of
    # file names per folder.
    type_ns = {p: (Namespace(), Namespace()) for p in packages}
    dir_ns: dict[str, Namespace] = {}
    files: list[FileSpec] = []
    decls: list[TypeDecl] = []
    for _ in range(draw(_int(1, 4))):
        package = draw(st.sampled_from(packages))
        folder = package.replace(".", "/")
        ns = dir_ns.setdefault(folder, Namespace())
        for p in packages:  # subfolders of this folder are taken too
            if p.startswith(package + "."):
                ns.add(p[len(package) + 1 :].split(".")[0])
        stem = draw(name("file", ns))
        syntax = draw(_pick(("proto3", "proto3", "proto2", "editions")))
        f = FileSpec(f"{folder}/{stem}.proto", syntax, package, comment=draw(comment()))
        if draw(_int(0, 15)) == 0:
            f.options.append("deprecated = true")
        if syntax == "editions" and draw(_int(0, 3)) == 0:
            f.options.append("features.field_presence = IMPLICIT")
        own: list[TypeDecl] = []
        scope, flat_ns = type_ns[package]
        for _ in range(draw(_int(1, 3))):
            f.messages.append(draw(_skeleton(f, package, scope, flat_ns, "", 0, own)))
        for _ in range(draw(_int(0, 2))):
            closed = syntax == "proto2" or (syntax == "editions" and draw(_BOOL))
            e = draw(_enum(scope, flat_ns, "", closed, syntax))
            f.enums.append(e)
            own.append(_enum_decl(f"{package}.{e.name}", f.path, e, closed))
        ctx = _Context(f, [*own, *decls], [0], flat_ns)
        for m in f.messages:
            for inner in _all_messages(m):
                draw(_fill(ctx, inner))
        if draw(_int(0, 2)) == 0:
            services = []
            for _ in range(draw(_int(1, 2))):
                sname = draw(name("type", scope, lambda n, ns=flat_ns: not ns.taken(n)))
                flat_ns.add(sname)
                method_ns = Namespace()
                messages = [t for t in ctx.visible if t.kind == "message"]
                methods = []
                for _ in range(draw(_int(1, 4))):
                    mname = draw(name("type", method_ns))
                    io = []
                    for _ in range(2):
                        if draw(_int(0, 4)) == 0 or not messages:
                            wkt = draw(_pick(tuple(WKT)))
                            f.imports.add(WKT[wkt])
                            io.append("." + wkt)
                        else:
                            t = draw(st.sampled_from(messages))
                            if t.file != f.path:
                                f.imports.add(t.file)
                            io.append("." + t.full_name)
                    methods.append(
                        (
                            mname,
                            io[0],
                            io[1],
                            draw(_BOOL),
                            draw(_BOOL),
                            draw(comment()),
                        )
                    )
                services.append(ServiceSpec(sname, methods, draw(comment())))
            f.services = services
        f.imports.discard(f.path)
        files.append(f)
        decls.extend(own)
    return {f.path: render_file(f) for f in files}


@st.composite
def schema_sets(draw: st.DrawFn, min_sets: int = 1, max_sets: int = 4) -> dict[str, str]:
    """Several independent schema sets in one proto tree (roots r0, r1, ...)."""
    out: dict[str, str] = {}
    for i in range(draw(_int(min_sets, max_sets))):
        out.update(draw(schema_set(f"r{i}")))
    return out
