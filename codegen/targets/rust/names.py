"""Rust identifiers, spelled the way prost-build spells them.

prost-build converts names with the `heck` crate (`to_snake_case`, `to_upper_camel_case`)
and then escapes keywords: raw identifiers (`r#type`) where Rust allows them, a `_`
suffix for the four that cannot be raw (`self`, `super`, `crate`, `Self`; prost also
suffixes `extern`). Matching it exactly is what lets code written against prost-build
output compile against protobind's.
"""

from __future__ import annotations

from functools import cache

from codegen.model import EnumRef, Field, ScalarType
from codegen.model.types import named_type

# Strict and reserved keywords of editions 2015-2024 that may be written as r#ident.
_RAW_KEYWORDS = frozenset(
    [
        "as",
        "break",
        "const",
        "continue",
        "else",
        "enum",
        "false",
        "fn",
        "for",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "static",
        "struct",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "dyn",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "typeof",
        "unsized",
        "virtual",
        "yield",
        "async",
        "await",
        "try",
        "gen",
    ]
)
_SUFFIXED = frozenset({"self", "super", "crate", "extern", "Self"})


def _words(name: str) -> list[str]:
    """heck's word split: non-alphanumerics separate words; inside a word a boundary falls
    before an upper-case letter that follows a lower-case one (digits keep the case of
    what precedes them), and before the last capital of a run followed by a lower-case
    letter (`HTTPServer` -> `HTTP`, `Server`)."""
    out: list[str] = []
    for word in "".join(c if c.isalnum() else " " for c in name).split():
        init = 0
        mode = ""  # "", "lower", "upper"
        n = len(word)
        for i, c in enumerate(word):
            if i + 1 == n:
                out.append(word[init:])
                break
            nxt = word[i + 1]
            next_mode = "lower" if c.islower() else "upper" if c.isupper() else mode
            if next_mode == "lower" and nxt.isupper():
                out.append(word[init : i + 1])
                init = i + 1
                mode = ""
            elif mode == "upper" and c.isupper() and nxt.islower():
                out.append(word[init:i])
                init = i
                mode = next_mode
            else:
                mode = next_mode
    return [w for w in out if w]


@cache
def snake(name: str) -> str:
    """A field, module or method name: heck snake_case, keyword-escaped as prost does."""
    ident = "_".join(w.lower() for w in _words(name)) or "underscore"
    if ident in _RAW_KEYWORDS:
        return "r#" + ident
    if ident in _SUFFIXED:
        return ident + "_"
    return ident


@cache
def camel(name: str) -> str:
    """A type or variant name: heck UpperCamelCase (`Self` becomes `Self_`)."""
    ident = "".join(w[:1].upper() + w[1:].lower() for w in _words(name)) or "Underscore"
    return ident + "_" if ident in _SUFFIXED else ident


def field_ident(f: Field) -> str:
    """A struct field. prost's derive names accessor methods after fields of enum type
    and optional scalars (`fn r#type(&self)` would be `get_r#type` inside it, which it
    rejects), so those keywords take a `_` suffix instead of `r#`."""
    ident = snake(f.name)
    if not ident.startswith("r#") or f.oneof is not None:
        return ident
    t = f.type
    named = named_type(t)
    if isinstance(named, EnumRef) or (isinstance(t, ScalarType) and f.has_presence):
        return ident[2:] + "_"
    return ident


def bare(ident: str) -> str:
    """An identifier without its `r#`, for names built from it (`r#type` -> `type`)."""
    return ident[2:] if ident.startswith("r#") else ident


def enum_variant(enum_name: str, value_name: str) -> str:
    """prost strips the enum's UpperCamel name from the front of each value's
    (`COLOR_RED` in `Color` -> `Red`) when an upper-case letter follows it."""
    name = camel(value_name)
    prefix = camel(enum_name)
    rest = name[len(prefix) :] if name.startswith(prefix) else ""
    return rest if rest[:1].isupper() else name


def module_path(package: str) -> tuple[str, ...]:
    """The module segments of a proto package (`acme.v1` -> `acme`, `v1`), before the
    collision pass of `package_modules`."""
    return tuple(_segment(p) for p in package.split(".")) if package else ()


def _segment(name: str) -> str:
    # `pub mod r#mod;` would be looked up as `mod.rs`, the parent's own file.
    ident = snake(name)
    return "mod_" if ident == "r#mod" else ident


def package_modules(packages: list[str]) -> dict[str, tuple[str, ...]]:
    """Module path of every package. Segments that snake_case to the same module under
    one parent (`__init__` and `init`) are told apart by `_` suffixes, the first in
    sorted order of the proto names keeping the plain name."""
    out: dict[str, tuple[str, ...]] = {"": ()}
    taken: dict[tuple[tuple[str, ...], str], str] = {}
    for pkg in sorted(set(packages)):
        parts = pkg.split(".") if pkg else []
        path: tuple[str, ...] = ()
        for i, seg in enumerate(parts):
            prefix = ".".join(parts[: i + 1])
            if prefix in out:
                path = out[prefix]
                continue
            ident = _segment(seg)
            while (path, ident) in taken and taken[(path, ident)] != prefix:
                ident += "_"
            taken[(path, ident)] = prefix
            path = (*path, ident)
            out[prefix] = path
    return out
