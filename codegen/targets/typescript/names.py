"""TypeScript identifiers: reserved words, escaping, collisions, module paths.

Every name a generated module declares is computed here, once per file, before any
template runs, in an order that depends only on the file's own declarations:

* nested types flatten with `_` (`Outer.Inner` -> `Outer_Inner`, as ts-proto and
  protobuf-es do);
* a name that is a JavaScript/TypeScript keyword, a strict-mode reserved word, a global
  of the standard library (`Object`, `Promise`, `Date`, ...) or an `Object.prototype`
  member gets a `$` suffix (`class` -> `class$`). Proto identifiers never contain `$`,
  so an escaped name can never meet a proto name;
* when two declarations still want the same identifier (`Outer.Middle` next to a
  top-level `Outer_Middle`), the one declared less deeply nested keeps it (ties: the
  declaration order) and the other gets `$1`, `$2`, ...; types are named before
  functions, so a message called `parseFoo` keeps its name and `Foo`'s parser moves
  (functions in the order parseM, parseMJson, formatMJson).

JSON keys are never escaped: they stay the proto's names (see `property_key`).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from codegen.errors import Diagnostic, SchemaError
from codegen.model import Enum, File, Message

RUNTIME_MODULE = "protobind-runtime.ts"
"""The runtime support module, at the root of the output tree."""


def _words(text: str) -> list[str]:
    return text.split()


# ECMAScript reserved words, strict-mode and module-code reserved words, literals.
_JS_RESERVED = _words(
    """
    await break case catch class const continue debugger default delete do else enum export
    extends false finally for function if import in instanceof new null return super switch
    this throw true try typeof var void while with yield let static implements interface
    package private protected public arguments eval undefined NaN Infinity
"""
)

# TypeScript keywords and contextual keywords, including the primitive type names.
_TS_RESERVED = _words(
    """
    abstract accessor any as asserts assert async bigint boolean constructor declare from get
    global infer intrinsic is keyof module namespace never number object of out override
    readonly require satisfies set string symbol type unique unknown using
"""
)

# Values and types of the ES2022 standard library a module could shadow.
_GLOBALS = _words(
    """
    AggregateError Array ArrayBuffer ArrayBufferLike ArrayBufferView ArrayLike AsyncGenerator
    AsyncGeneratorFunction AsyncIterable AsyncIterableIterator AsyncIterator Atomics Awaited
    BigInt BigInt64Array BigUint64Array Boolean CallableFunction Capitalize ConcatArray
    ConstructorParameters DataView Date Error EvalError Exclude Extract FinalizationRegistry
    Float32Array Float64Array Function Generator GeneratorFunction IArguments
    InstanceType Int16Array Int32Array Int8Array Intl Iterable IterableIterator Iterator
    IteratorResult IteratorReturnResult IteratorYieldResult JSON Lowercase Map Math
    NewableFunction NoInfer NonNullable Number Object Omit OmitThisParameter Parameters Partial
    Pick Promise PromiseConstructorLike PromiseLike PropertyDescriptor PropertyDescriptorMap
    PropertyKey Proxy RangeError Readonly ReadonlyArray ReadonlyMap ReadonlySet Record
    ReferenceError Reflect RegExp Required ReturnType Set SharedArrayBuffer String Symbol
    SyntaxError TemplateStringsArray ThisParameterType ThisType TypeError TypedPropertyDescriptor
    URIError Uint16Array Uint32Array Uint8Array Uint8ClampedArray Uncapitalize Uppercase WeakKey
    WeakMap WeakRef WeakSet decodeURI decodeURIComponent encodeURI encodeURIComponent escape
    globalThis isFinite isNaN parseFloat parseInt unescape
"""
)

# Object.prototype members: as method or type names they shadow what every object has.
_OBJECT_MEMBERS = _words(
    """
    __proto__ __defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__
    hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf
"""
)

OBJECT_MEMBERS: frozenset[str] = frozenset(
    _words(
        "constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString "
        "valueOf"
    )
)
"""Members TypeScript's `Object` interface declares: every object literal has them."""

RESERVED: frozenset[str] = frozenset(_JS_RESERVED + _TS_RESERVED + _GLOBALS + _OBJECT_MEMBERS)

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def escape(name: str) -> str:
    """`class` -> `class$`; every other name unchanged."""
    return name + "$" if name in RESERVED else name


def is_identifier(text: str) -> bool:
    """An ASCII identifier that may stand unquoted as a property name."""
    return bool(_IDENTIFIER.match(text))


def property_key(key: str) -> str:
    """A JSON key as written in an interface: bare when it is an identifier, else quoted.

    Keywords are fine as property names (`class?: string`); the key is the proto's.
    """
    text = _KEYS.get(key)
    if text is None:
        text = _KEYS[key] = key if is_identifier(key) else string_literal(key)
    return text


_KEYS: dict[str, str] = {}


def string_literal(text: str) -> str:
    """A double-quoted TypeScript string literal; non-ASCII escaped so output stays ASCII."""
    literal = _LITERALS.get(text)
    if literal is None:
        literal = _LITERALS[text] = (
            f'"{text}"' if _PLAIN.match(text) else json.dumps(text, ensure_ascii=True)
        )
    return literal


_LITERALS: dict[str, str] = {}
_PLAIN = re.compile(r"^[A-Za-z0-9_.$ -]*$")


def lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def upper_first(name: str) -> str:
    return name[:1].upper() + name[1:]


def method_name(rpc: str) -> str:
    """`GetUser` -> `getUser`; `URLFetch` -> `uRLFetch` is avoided: leading capitals fold."""
    i = 0
    while i < len(rpc) and rpc[i].isupper():
        i += 1
    if i <= 1:
        return lower_first(rpc)
    if i == len(rpc):
        return rpc.lower()
    # `HTTPGet` -> `httpGet`: keep the capital that starts the next word.
    return rpc[: i - 1].lower() + rpc[i - 1 :]


# -- module paths ----------------------------------------------------------------------

_UNSAFE_PATH_CHAR = re.compile(r"[^A-Za-z0-9._\-]")


def module_path(proto: str) -> str:
    """`acme/v1/user.proto` -> `acme/v1/user.ts`.

    Characters an ES module specifier cannot carry literally (`#`, `?`, `%`, spaces, ...)
    become `_`; a stem ending in `.d` gets `_` so the module is never a declaration file.
    """
    stem = proto[: -len(".proto")] if proto.endswith(".proto") else proto
    parts = [_UNSAFE_PATH_CHAR.sub("_", p) or "_" for p in stem.split("/")]
    parts = ["_" if p in (".", "..") else p for p in parts]
    last = parts[-1]
    if last.endswith(".d") or last.lower().endswith(".d"):
        last += "_"
    parts[-1] = last
    return "/".join(parts) + ".ts"


def import_specifier(from_module: str, to_module: str) -> str:
    """The relative specifier (with `.js`, as nodenext requires) of `to` seen from `from`."""
    folder = from_module.rpartition("/")[0]
    spec = _SPECIFIERS.get((folder, to_module))
    if spec is None:
        rel = posixpath.relpath(to_module, folder or ".")
        if not rel.startswith("."):
            rel = "./" + rel
        spec = _SPECIFIERS[(folder, to_module)] = rel[: -len(".ts")] + ".js"
    return spec


_SPECIFIERS: dict[tuple[str, str], str] = {}
"""(folder of the importing module, imported module) -> specifier: modules of one folder
import the same modules (the runtime, their neighbours)."""


def check_module_paths(files: Iterable[File]) -> dict[str, str]:
    """proto import path -> module path, refusing two protos that land on one module."""
    seen: dict[str, File] = {}
    result: dict[str, str] = {}
    errors: list[Diagnostic] = []
    for f in files:
        path = module_path(f.name)
        if path == RUNTIME_MODULE:
            errors.append(
                Diagnostic(
                    f.source,
                    0,
                    0,
                    f"typescript: {f.name} would be written to {path}, the runtime module; "
                    "rename the file",
                )
            )
            continue
        other = seen.get(path)
        if other is not None:
            errors.append(
                Diagnostic(
                    f.source,
                    0,
                    0,
                    f"typescript: {f.name} and {other.name} would both be written to {path}; "
                    "rename one of them",
                )
            )
            continue
        seen[path] = f
        result[f.name] = path
    if errors:
        raise SchemaError(errors)
    return result


# -- the names of one file -------------------------------------------------------------


class Allocator:
    """Hands out unique identifiers: escaped, then `$1`, `$2`, ... on collision."""

    __slots__ = ("taken",)

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)

    def take(self, wanted: str) -> str:
        taken = self.taken
        if wanted not in taken and wanted not in RESERVED:
            taken.add(wanted)
            return wanted
        base = escape(wanted)
        name = base
        if name in self.taken:
            root = base[:-1] if base.endswith("$") else base
            n = 1
            while f"{root}${n}" in self.taken:
                n += 1
            name = f"{root}${n}"
        self.taken.add(name)
        return name


@dataclass(frozen=True, slots=True)
class FileNames:
    """Every identifier one module declares, by proto full name."""

    module: str
    """Output path of the module, relative to `out`."""
    types: dict[str, str]
    """Message / enum / service full name -> type identifier (enums: also their value)."""
    parsers: dict[str, str]
    """Message full name -> `parseM`."""
    json_parsers: dict[str, str]
    """Message full name -> `parseMJson`."""
    formatters: dict[str, str]
    """Message full name -> `formatMJson`."""
    infos: dict[str, str]
    """Message full name -> the module-private descriptor constant (`$M`)."""
    methods: dict[tuple[str, str], str]
    """(service full name, rpc name) -> method identifier."""
    enums: frozenset[str]
    """Type identifiers of the enums (each is also a value: the enum's companion)."""
    declared: frozenset[str]
    """Every top-level identifier the module declares (imports must avoid them)."""


def file_names(f: File, module: str) -> FileNames:
    # Declarations breadth first (shallow before deep, declaration order within a
    # level), in one pass: full names, flat names, which are messages and enums.
    fulls: list[str] = []
    flats: list[str] = []
    messages: list[str] = []
    stems: list[str] = []
    enum_at: list[int] = []
    level: list[Message | Enum] = [*f.messages, *f.enums]
    services = f.services
    while level or services:
        nxt: list[Message | Enum] = []
        for decl in level:
            ref = decl.ref
            scope = ref.scope
            flat = scope[0] if len(scope) == 1 else "_".join(scope)
            fulls.append(ref.full_name)
            flats.append(flat)
            if isinstance(decl, Message):
                messages.append(ref.full_name)
                stems.append(flat[:1].upper() + flat[1:])
                nxt += decl.messages
                nxt += decl.enums
            else:
                enum_at.append(len(flats) - 1)
        for s in services:  # top level only, after its messages and enums
            fulls.append(s.full_name)
            flats.append(s.name)
        services = ()
        level = nxt
    # Allocation order: types, then parseM, parseMJson, formatMJson (see the module doc).
    wanted = [
        *flats,
        *["parse" + s for s in stems],
        *["parse" + s + "Json" for s in stems],
        *["format" + s + "Json" for s in stems],
    ]
    taken = set(wanted)
    if len(taken) == len(wanted) and taken.isdisjoint(RESERVED):
        given = wanted  # nothing to escape, nothing collides: every name as wanted
    else:
        alloc = Allocator()
        given = [alloc.take(w) for w in wanted]
        taken = alloc.taken
    n, k = len(fulls), len(messages)
    types = dict(zip(fulls, given[:n], strict=True))
    enums = {given[i] for i in enum_at}
    parsers = dict(zip(messages, given[n : n + k], strict=True))
    json_parsers = dict(zip(messages, given[n + k : n + 2 * k], strict=True))
    formatters = dict(zip(messages, given[n + 2 * k :], strict=True))
    # `$` + a type name: never a proto name, never an escaped or aliased one (those only
    # end in `$...`), so these private names cannot collide with anything public.
    infos = {full: "$" + types[full] for full in messages}
    methods: dict[tuple[str, str], str] = {}
    for s in f.services:
        used = Allocator()
        for m in s.methods:
            methods[(s.full_name, m.name)] = used.take(method_name(m.name))
    declared = frozenset(taken) | frozenset(infos.values())
    return FileNames(
        module,
        types,
        parsers,
        json_parsers,
        formatters,
        infos,
        methods,
        frozenset(enums),
        declared,
    )
