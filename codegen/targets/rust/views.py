"""What the Rust templates see: final strings, laid out as rustfmt lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_WIDTH = 100
CALL_WIDTH = 60
"""rustfmt's `fn_call_width` (default heuristics): longer argument lists go vertical."""
ATTR_WIDTH = 70
"""rustfmt's `attr_fn_like_width`."""


def call(indent: str, head: str, args: list[str], tail: str, width: int = CALL_WIDTH) -> str:
    """`head(args)tail` on one line when rustfmt keeps it there, else one argument a line
    (and the turbofish's arguments one a line when the head alone is too wide)."""
    inner = ", ".join(args)
    if len(f"{indent}{head}(") > MAX_WIDTH and "::<" in head:
        at = head.index("::<")
        generics = split_top(head[at + 3 : -1])
        gbody = "".join(type_lines(indent + "    ", g, ",") + "\n" for g in generics)
        rest = f"{indent}>({inner}){tail}"
        if len(rest) <= MAX_WIDTH:
            return f"{indent}{head[: at + 3]}\n{gbody}{rest}"
        abody = "".join(f"{indent}    {a},\n" for a in args)
        return f"{indent}{head[: at + 3]}\n{gbody}{indent}>(\n{abody}{indent}){tail}"
    line = f"{indent}{head}({inner}){tail}"
    if len(inner) <= width and len(line) <= MAX_WIDTH:
        return line
    body = "".join(f"{indent}    {a},\n" for a in args)
    return f"{indent}{head}(\n{body}{indent}){tail}"


def split_top(s: str) -> list[str]:
    """`s` split at the commas outside `<...>` and string literals."""
    out, depth, cur, quoted = [], 0, "", False
    for c in s:
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "<":
            depth += 1
        elif not quoted and c == ">":
            depth -= 1
        if c == "," and depth == 0 and not quoted:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
    out.append(cur.strip())
    return out


def attr(indent: str, args: list[str]) -> str:
    """`#[prost(args)]`, broken as rustfmt breaks attribute lists (no trailing comma)."""
    args = [a for arg in args for a in split_top(arg)]
    inner = ", ".join(args)
    line = f"{indent}#[prost({inner})]"
    if len(inner) <= ATTR_WIDTH and len(line) <= MAX_WIDTH:
        return line
    body = ",\n".join(f"{indent}    {a}" for a in args)
    return f"{indent}#[prost(\n{body}\n{indent})]"


@dataclass(frozen=True, slots=True)
class FieldView:
    doc: str
    attr: str
    line: str
    """`pub name: Type,`, indented and broken as rustfmt would."""


@dataclass(frozen=True, slots=True)
class VariantView:
    doc: str
    attr: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class OneofView:
    doc: str
    name: str
    variants: list[VariantView]


@dataclass(frozen=True, slots=True)
class EnumValueView:
    doc: str
    name: str
    number: int
    proto_name: str


@dataclass(frozen=True, slots=True)
class EnumView:
    doc: str
    name: str
    values: list[EnumValueView]
    accepted: list[tuple[str, str]]
    """Every proto value name (aliases included) with the variant it parses to."""
    derive: str


@dataclass(frozen=True, slots=True)
class MessageView:
    doc: str
    name: str
    module: str
    full_name: str
    fields: list[FieldView]
    oneofs: list[OneofView] = field(default_factory=list)
    messages: list[MessageView] = field(default_factory=list)
    enums: list[EnumView] = field(default_factory=list)

    @property
    def has_nested(self) -> bool:
        return bool(self.oneofs or self.messages or self.enums)


@dataclass(frozen=True, slots=True)
class JsonImpl:
    """The ProtoJSON impls of one message or enum, rendered at package-module level."""

    type: str
    """The type's path from the package module."""
    heads: dict[str, str]
    """The `impl ... for type {` lines, by trait (`json`, `ser`, `de`)."""
    write: list[str]
    """Statements of `to_json` (already indented)."""
    read: list[str]
    """Arms of the field-index match in `from_json` (already indented)."""
    keys_decl: str
    """The `KEYS` const: `(json name, proto name)` pairs, in field-index order."""


@dataclass(frozen=True, slots=True)
class EnumJsonImpl:
    type: str
    closed: bool
    head: str


@dataclass(frozen=True, slots=True)
class MethodView:
    doc_client: str
    doc_server: str
    name: str
    proto_name: str
    input: str
    output: str
    client_streaming: bool
    server_streaming: bool
    stream_name: str
    """The associated stream type of a server-streaming method (`XStream`)."""
    path: str
    svc: str
    client_name: str
    """`name`, with a `_` where it would clash with `XClient::new`/`connect`/`with_origin`."""

    @property
    def grpc_call(self) -> str:
        if self.client_streaming and self.server_streaming:
            return "streaming"
        if self.client_streaming:
            return "client_streaming"
        return "server_streaming" if self.server_streaming else "unary"

    @property
    def service_trait(self) -> str:
        return {
            "streaming": "StreamingService",
            "client_streaming": "ClientStreamingService",
            "server_streaming": "ServerStreamingService",
            "unary": "UnaryService",
        }[self.grpc_call]


@dataclass(frozen=True, slots=True)
class ServiceView:
    doc_indented: str
    name: str
    prefix: str
    """`name` without the `_` of an escaped keyword, for `XClient`/`XServer`."""
    module: str
    full_name: str
    methods: list[MethodView]


ARRAY_WIDTH = 60
"""rustfmt's `array_width`."""


def array_decl(indent: str, lhs: str, items: list[str], vertical: list[str]) -> str:
    """`lhs = &[items];` as rustfmt writes it: on one line, else the array on the next
    line, else one item a line (`vertical`: the items rendered one a line, indented)."""
    inner = ", ".join(items)
    one = f"{indent}{lhs} = &[{inner}];"
    if "\n" not in inner and len(inner) <= ARRAY_WIDTH:
        if len(one) <= MAX_WIDTH:
            return one
        if len(f"{indent}    &[{inner}];") <= MAX_WIDTH:
            return f"{indent}{lhs} =\n{indent}    &[{inner}];"
    return f"{indent}{lhs} = &[\n" + "\n".join(vertical) + f"\n{indent}];"


def type_lines(indent: str, ty: str, suffix: str) -> str:
    """A type on its own line(s): its generic arguments one a line (recursively) while
    it does not fit."""
    line = f"{indent}{ty}{suffix}"
    if len(line) <= MAX_WIDTH or "<" not in ty:
        return line
    lt = ty.index("<")
    body = "\n".join(type_lines(indent + "    ", a, ",") for a in split_top(ty[lt + 1 : -1]))
    return f"{indent}{ty[: lt + 1]}\n{body}\n{indent}>{suffix}"
