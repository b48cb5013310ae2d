"""Unit tests of the TypeScript target's naming, import and comment helpers."""

from __future__ import annotations

import pytest

from codegen.targets.typescript.comments import escape_line, jsdoc
from codegen.targets.typescript.imports import Imports
from codegen.targets.typescript.names import (
    Allocator,
    escape,
    import_specifier,
    method_name,
    module_path,
    property_key,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("class", "class$"),
        ("Object", "Object$"),
        ("Promise", "Promise$"),
        ("constructor", "constructor$"),
        ("__proto__", "__proto__$"),
        ("toString", "toString$"),
        ("string", "string$"),
        ("type", "type$"),
        ("await", "await$"),
        ("Foo", "Foo"),
        ("Class", "Class"),
    ],
)
def test_escape(name: str, expected: str) -> None:
    assert escape(name) == expected


def test_allocator_is_deterministic_and_never_reuses() -> None:
    a = Allocator()
    taken = [a.take(n) for n in ("Foo", "Foo", "Foo", "class", "class", "Foo$1")]
    assert taken == ["Foo", "Foo$1", "Foo$2", "class$", "class$1", "Foo$1$1"]


@pytest.mark.parametrize(
    ("rpc", "expected"),
    [
        ("GetUser", "getUser"),
        ("getUser", "getUser"),
        ("HTTPFetch", "httpFetch"),
        ("URL", "url"),
        ("A", "a"),
        ("Delete", "delete$"),
        ("Constructor", "constructor$"),
    ],
)
def test_method_name(rpc: str, expected: str) -> None:
    assert escape(method_name(rpc)) == expected


@pytest.mark.parametrize(
    ("proto", "expected"),
    [
        ("acme/v1/user.proto", "acme/v1/user.ts"),
        ("class.proto", "class.ts"),
        ("types.d.proto", "types.d_.ts"),
        ("we ird/a#b?.proto", "we_ird/a_b_.ts"),
        ("noext", "noext.ts"),
    ],
)
def test_module_path(proto: str, expected: str) -> None:
    assert module_path(proto) == expected


def test_import_specifier() -> None:
    assert import_specifier("a/b/c.ts", "a/b/d.ts") == "./d.js"
    assert import_specifier("a/b/c.ts", "x/y.ts") == "../../x/y.js"
    assert import_specifier("c.ts", "protobind-runtime.ts") == "./protobind-runtime.js"
    assert import_specifier("a/c.ts", "a/b/d.ts") == "./b/d.js"


def test_property_key() -> None:
    assert property_key("fooBar") == "fooBar"
    assert property_key("class") == "class"
    assert property_key("__proto__") == "__proto__"
    assert property_key("with-dash") == '"with-dash"'
    assert property_key("é") == '"\\u00e9"'
    assert property_key("1st") == '"1st"'


def test_imports_alias_clashes_and_split_types_from_values() -> None:
    imports = Imports.for_module("a/x.ts", frozenset({"Foo", "parseFoo"}))
    assert imports.type("b/y.ts", "Foo") == "Foo$1"
    assert imports.type("c/z.ts", "Foo") == "Foo$2"
    assert imports.type("b/y.ts", "Bar") == "Bar"
    assert imports.value("b/y.ts", "parseBar") == "parseBar"
    assert imports.type("a/x.ts", "Local") == "Local"  # same module: no import
    assert imports.type("b/y.ts", "Foo") == "Foo$1"  # asked twice, one import
    assert imports.lines() == [
        'import { type Bar, type Foo as Foo$1, parseBar } from "../b/y.js";',
        'import type { Foo as Foo$2 } from "../c/z.js";',
    ]


def test_long_import_lines_wrap_like_prettier() -> None:
    imports = Imports.for_module("x.ts", frozenset())
    for name in ("AVeryLongTypeName", "AnotherVeryLongTypeName", "YetAnotherLongTypeName"):
        imports.type("y.ts", name)
    assert imports.lines() == [
        "import type {\n"
        "  AVeryLongTypeName,\n"
        "  AnotherVeryLongTypeName,\n"
        "  YetAnotherLongTypeName,\n"
        '} from "./y.js";'
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ends */ here", "ends *\\/ here"),
        ("**/", "**\\/"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("bidi \u202e override \u2066", "bidi \\u202E override \\u2066"),
        ("bell \x07 del \x7f c1 \x85 end", "bell \\u0007 del \\u007F c1 \\u0085 end"),
        ("@internal thing", "\\@internal thing"),
        ("see {@link Foo}", "see {@link Foo}"),
        ("mail me@example.com", "mail me@example.com"),
        ("  x @deprecated", "  x \\@deprecated"),
        ("{{ x }} {% if %}", "{{ x }} {% if %}"),
        ("back\\slash", "back\\slash"),
        ("trailing   ", "trailing"),
        ("é 中文 🎉", "é 中文 🎉"),
    ],
)
def test_escape_line(text: str, expected: str) -> None:
    assert escape_line(text) == expected


def test_jsdoc_blocks() -> None:
    assert jsdoc(()) == ""
    assert jsdoc(("a", "", "b", ""), "  ") == "  /**\n   * a\n   *\n   * b\n   */\n"
    assert jsdoc((), deprecated=True) == "/**\n * @deprecated\n */\n"
    assert jsdoc(("x",), deprecated=True) == "/**\n * x\n *\n * @deprecated\n */\n"


def test_jsdoc_never_closes_early() -> None:
    nasty = ("*/", "/* */", "*/*/", "*\u2028/", "\\*/")
    block = jsdoc(nasty)
    assert block.count("*/") == 1 and block.endswith(" */\n")
