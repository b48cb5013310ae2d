"""Generate the adversarial-comments corpus.

    .venv/bin/python tests/corpus/comments/make.py           # rewrite the .proto files
    .venv/bin/python tests/corpus/comments/make.py --check   # fail if they are stale

The files hold control characters, lone CRs, U+2028 and friends, so they are written by
this script from escapes rather than edited by hand. Every payload in PAYLOADS lands as
a leading, trailing and detached comment on every kind of declaration (file, package,
message, nested message, field, map field, oneof, oneof member, enum, enum value,
service, method, extension, group), as `//` line comments and as `/* */` blocks.

protoc accepts every character here except NUL, which ends the file for its tokenizer
(so `\\u0000` appears only as the six characters backslash-u-0-0-0-0). Comments with
invalid UTF-8 are accepted by protoc too; they live in tests/corpus/collisions
(`invalid_utf8_comment`), where refusing them with a diagnostic is also allowed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "adv"

# Each payload is one or more comment lines (without the `//`). Keep them short except
# where length is the point.
PAYLOADS: list[tuple[str, list[str]]] = [
    ("c_block_terminators", ["*/ closes a C block; /* opens one; **/ /** */ /*/ */*"]),
    ("triple_quotes", ["\"\"\" triple double quotes \"\"\" and ''' triple single '''"]),
    ("ends_with_quote", ['this line ends with a double quote"']),
    ("ends_with_single_quote", ["this line ends with a single quote'"]),
    ("ends_with_backslash", ["this line ends with a backslash \\"]),
    ("only_backslashes", ["\\\\", "\\"]),
    (
        "escape_lookalikes",
        [
            r"\u0000 \x00 \0 \n \r \t \\ \" \' \N{BULLET} \U0001F600 \b \f \v \a \e",
            r"%s %d %% {} {0} {name} $1 \1 f\"{x}\" ${x}",
        ],
    ),
    (
        "template_syntax",
        [
            "{{ undefined_variable }} {{ 7 * 7 }} {{- trim -}} {{",
            "{% if true %}{% endif %} {%- raw %} {% endraw %} {% block x %}",
            "{# jinja comment #} {#",
            "}} %} #}",
        ],
    ),
    ("js_template", ["${injection} `backtick` ``` fenced ``` `${`nested`}`"]),
    (
        "toolchain_directives",
        [
            "//go:generate rm -rf /",
            "//go:build ignore",
            "// +build ignore",
            "//go:embed *",
            "//line evil.go:1",
            "//export Evil",
            "//nolint",
            "Deprecated: not really, this field is fine.",
        ],
    ),
    (
        "interpreter_directives",
        [
            "# -*- coding: latin-1 -*-",
            "# type: ignore",
            "# noqa",
            "#!/bin/sh",
            ">>> import os; os.system('echo doctest')",
            "from __future__ import braces",
        ],
    ),
    (
        "ts_directives",
        [
            '/// <reference path="evil.d.ts" />',
            "// @ts-nocheck",
            "// @ts-ignore",
            "@ts-expect-error",
            "@deprecated not really",
            "@internal @type {string} @param x @returns",
            "<!-- html comment --> </script> -->",
            "'use strict'; \"use client\";",
        ],
    ),
    ("markdown", ["# Heading", "", "- list", "  - nested", "", "```go", "x := 1", "```"]),
    (
        "control_characters",
        [
            "bell:\x07 backspace:\x08 vt:\x0b ff:\x0c esc:\x1b[31mred\x1b[0m del:\x7f",
            "soh:\x01 stx:\x02 fs:\x1c gs:\x1d rs:\x1e us:\x1f",
        ],
    ),
    ("carriage_return", ["before\rafter a lone CR", "CR at end\r"]),
    ("tabs", ["\tleading tab", "inner\ttab\t\tand trailing tab\t"]),
    (
        "unicode_line_breaks",
        [
            "LS:\u2028:after line separator",
            "PS:\u2029:after paragraph separator",
            "NEL:\u0085:after next line",
        ],
    ),
    (
        "unicode",
        [
            "RTL override:\u202eevil\u202c RLM:\u200f LRM:\u200e ZWJ:\u200d ZWSP:\u200b",
            "BOM:\ufeff NBSP:\u00a0 soft hyphen:\u00ad",
            "emoji: 👩‍💻 🏳️‍🌈 🇩🇪 😀 family: 👨‍👩‍👧‍👦",
            "combining: e\u0301 a\u0308 Z\u0336\u0335a\u0337l\u0334g\u0335o\u0338",
            "CJK: 日本語のコメント 中文注释 한국어",
            "RTL text: مرحبا שלום",
            "math: \U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522 \u2200x\u2208\u211d",
        ],
    ),
    (
        "unicode_trailing_space",
        [
            "ends with NBSP\u00a0",
            "ends with em space\u2003",
            "ends with ideographic space\u3000",
            "ends with ogham space\u1680",
            "ends with narrow NBSP\u202f",
            "\u00a0\u2003 starts with Unicode spaces",
        ],
    ),
    ("long_line", ["long:" + "abcdefghij" * 500]),
    ("long_word", ["x" * 3000]),
    ("empty_lines", ["", "after an empty line", "", "", "after two", ""]),
    ("whitespace_only", ["   ", "\t"]),
    ("only_marker", [""]),
    ("html", ["<b>bold</b> <script>alert(1)</script> &amp; &lt;"]),
]

DECLARATIONS = (
    "file",
    "package",
    "message",
    "nested message",
    "field",
    "map field",
    "oneof",
    "oneof member",
    "enum",
    "enum value",
    "service",
    "method",
)


def line_comment(lines: list[str], indent: str) -> list[str]:
    return [f"{indent}//{' ' if line else ''}{line}" for line in lines]


def block_comment(lines: list[str], indent: str) -> list[str]:
    """A `/* */` comment; `*/` would end it and protoc rejects a nested `/*`: both are broken."""
    safe = [line.replace("*/", "* /").replace("/*", "/ *") for line in lines]
    return [f"{indent}/*", *[f"{indent} * {line}" for line in safe], f"{indent} */"]


def trailing(lines: list[str]) -> str:
    return " // " + " | ".join(lines).replace("\n", " ")


def adversarial(name: str, lines: list[str], block: bool) -> str:
    """One file: `lines` as every kind of comment on every kind of declaration."""
    comment = block_comment if block else line_comment
    kind = "block" if block else "line"
    out: list[str] = []
    out += comment([f"Detached file comment ({kind}): {name}", *lines], "")
    out.append("")
    out += comment(lines, "")
    out.append('syntax = "proto3";' + trailing(lines))
    out.append("")
    out += comment(lines, "")
    pkg = f"comments.adv.v1.{name}_{kind}"
    out.append(f"package {pkg};" + trailing(lines))
    out.append("")
    out += comment(["Detached comment before a message.", *lines], "")
    out.append("")
    out += comment(lines, "")
    out.append("message Commented {" + trailing(lines))
    out += comment(lines, "  ")
    out.append("  string field = 1;" + trailing(lines))
    out.append("")
    out += comment(lines, "  ")
    out.append("  map<string, Nested> map_field = 2;" + trailing(lines))
    out.append("")
    out += comment(lines, "  ")
    out.append("  oneof choice {" + trailing(lines))
    out += comment(lines, "    ")
    out.append("    int32 member = 3;" + trailing(lines))
    out += comment(lines, "    ")
    out.append("    Nested nested_member = 4;" + trailing(lines))
    out.append("  }")
    out.append("")
    out += comment(lines, "  ")
    out.append("  optional Kind kind = 5;" + trailing(lines))
    out += comment(lines, "  ")
    out.append("  repeated Nested.Deeper deeper = 6;" + trailing(lines))
    out.append("")
    out += comment(lines, "  ")
    out.append("  message Nested {" + trailing(lines))
    out += comment(lines, "    ")
    out.append("    string inner = 1;" + trailing(lines))
    out += comment(lines, "    ")
    out.append("    message Deeper {}" + trailing(lines))
    out += comment(lines, "    ")
    out.append("    enum NestedKind {" + trailing(lines))
    out += comment(lines, "      ")
    out.append("      NESTED_KIND_UNSPECIFIED = 0;" + trailing(lines))
    out.append("    }")
    out.append("  }")
    out += comment(["Comment at the end of a message body.", *lines], "  ")
    out.append("}")
    out.append("")
    out += comment(lines, "")
    out.append("enum Kind {" + trailing(lines))
    out += comment(lines, "  ")
    out.append("  KIND_UNSPECIFIED = 0;" + trailing(lines))
    out += comment(lines, "  ")
    out.append("  KIND_ONE = 1;" + trailing(lines))
    out.append("}")
    out.append("")
    out += comment(lines, "")
    out.append("service CommentedService {" + trailing(lines))
    out += comment(lines, "  ")
    out.append("  rpc Unary(Commented) returns (Commented);" + trailing(lines))
    out += comment(lines, "  ")
    out.append("  rpc Streaming(stream Commented) returns (stream Commented) {" + trailing(lines))
    out += comment(lines, "    ")
    out.append("    option deprecated = true;" + trailing(lines))
    out.append("  }")
    out.append("}")
    out.append("")
    out += comment(["Comment at the end of the file.", *lines], "")
    return "\n".join(out) + "\n"


def everything_file() -> str:
    """All payloads at once on one message, plus proto2 groups and extensions."""
    out = ['syntax = "proto2";', "", "package comments.adv.v1.everything;", ""]
    out += line_comment([f"== {n} ==" for n, _ in PAYLOADS], "")
    out.append("message Everything {")
    n = 1
    for name, lines in PAYLOADS:
        out += line_comment([f"{name}:", *lines], "  ")
        out.append(f"  optional string {name} = {n};" + trailing(lines))
        n += 1
    for name, lines in PAYLOADS:
        out += block_comment([f"{name}:", *lines], "  ")
        out.append(f"  optional group Group_{name} = {n} {{" + trailing(lines))
        out += line_comment(lines, "    ")
        out.append(f"    optional int32 g_{name} = {n + 1};")
        out.append("  }")
        n += 2
    out.append("  extensions 10000 to 20000;")
    out.append("}")
    out.append("")
    for i, (name, lines) in enumerate(PAYLOADS):
        out += line_comment(lines, "")
        out.append("extend Everything {" + trailing(lines))
        out += line_comment(lines, "  ")
        out.append(f"  optional int32 ext_{name} = {10000 + i};" + trailing(lines))
        out.append("}")
    return "\n".join(out) + "\n"


def crlf_file() -> str:
    """A whole file with CRLF line endings (and comments ending in spaces)."""
    text = (
        "// A file with Windows line endings.   \n"
        "//\n"
        "// Second paragraph.\t\n"
        'syntax = "proto3";\n'
        "\n"
        "package comments.adv.v1.crlf;\n"
        "\n"
        "// Line one of a message comment.\n"
        '// Line two """ */ {{ x }}\n'
        "message CrLf {\n"
        "  // A field comment.\n"
        "  string value = 1; // trailing\n"
        "}\n"
    )
    return text.replace("\n", "\r\n")


def render() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name, lines in PAYLOADS:
        for block in (False, True):
            kind = "block" if block else "line"
            files[f"{name}_{kind}.proto"] = adversarial(name, lines, block).encode()
    files["everything.proto"] = everything_file().encode()
    files["crlf.proto"] = crlf_file().encode()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the files are stale")
    args = parser.parse_args()
    files = render()
    if args.check:
        current = {p.name: p.read_bytes() for p in sorted(OUT.glob("*.proto"))}
        if current != files:
            print("comment corpus is stale: run tests/corpus/comments/make.py", file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(exist_ok=True)
    for p in OUT.glob("*.proto"):
        p.unlink()
    for name, content in files.items():
        (OUT / name).write_bytes(content)
    print(f"wrote {len(files)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
