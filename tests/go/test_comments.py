"""Doc comments: inert whatever the proto comment says, and already as gofmt leaves them.

gofmt (Go >= 1.19) rewrites top-level doc comments with go/doc/comment; comments.py
ports its block parser and printer. The fuzz test writes hundreds of adversarial
comments as doc comments of top-level types and of struct fields, and asks gofmt -l
whether it would change anything.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from codegen.targets.go.comments import doc_lines, format_text, sanitize
from tests.go.helpers import generate_tree, go_vet_build, gofmt_clean

PIECES = [
    "word",
    "Word",
    "Overview",
    "Section Title",
    "Heading (with parens), ok",
    "it's",
    "end.",
    "x.y",
    "- item",
    "* item",
    "+ item",
    "• item",
    "1. first",
    "2) second",
    "10. tenth",
    "# Heading",
    "#",
    "#nospace",
    "``quoted''",
    "```code```",
    "''",
    "``",
    "[Link]: https://example.com/x",
    "[os.File]",
    "[Name]",
    "see http://example.com/a''b and https://x.y/(z)",
    "func main() {",
    "}",
    "line ending in a backslash \\",
    "*/",
    "/*",
    "{{ jinja }}",
    "{% block %}",
    "//go:generate rm -rf /",
    "go:build ignore",
    "+build linux",
    "//line evil.go:1",
    "\x00nul",
    "cr\rhere",
    "tab\tinside",
    "\u2028sep",
    "\u202eevil",
    "\ufeffbom",
    "ünïcödé Ωmega",
    "日本語",
    "😀 emoji",
    "Deprecated: old",
    "\\",
    '"quotes"',
    "trailing nbsp\u00a0",
    "\u3000ideographic\u3000",
    "\u2003em space",
    "",
    "",
    "",
]
INDENTS = ["", "", "", "", " ", "  ", "    ", "\t", "\t\t", "   "]


def _random_comment(rng: random.Random) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 8)):
        parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 3))]
        lines.append((rng.choice(INDENTS) + " ".join(parts)).rstrip())
    return lines


def _go_file(comments: list[list[str]]) -> str:
    out = ["package fuzz", ""]
    for i, c in enumerate(comments):
        out += doc_lines(c, deprecated=i % 5 == 0)
        out.append(f"type T{i} struct {{")
        out += ["\t" + line for line in doc_lines(c)]
        out.append("\tF int")
        out.append("}")
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(4))
def test_gofmt_leaves_doc_comments_unchanged(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    comments = [_random_comment(rng) for _ in range(300)]
    path = tmp_path / "fuzz.go"
    path.write_text(_go_file(comments), encoding="utf-8")
    proc = subprocess.run(["gofmt", "-d", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not proc.stdout, "gofmt would change generated comments:\n" + proc.stdout[:4000]


def test_lines_never_become_directives() -> None:
    lines = doc_lines(["//go:generate rm -rf /", "go:embed x", "line x.go:1", "export F"])
    for line in lines:
        assert line == "//" or line.startswith(("// ", "//\t")), line
    assert "// //go:generate rm -rf /" in lines


def test_control_characters_are_spelled_out() -> None:
    assert sanitize("a\x00b\rc\x7fd\u2028e\u202ef\ufeff") == (
        "a\\x00b\\x0dc\\x7fd\\u2028e\\u202ef\\ufeff"
    )
    assert sanitize("tab\tok ünïcödé") == "tab\tok ünïcödé"


def test_gofmt_shapes_are_reproduced() -> None:
    # Indented text is a code block, set off by blank lines and a tab.
    assert format_text(["Example:", "   x := 1"]) == ["Example:", "", "\tx := 1"]
    # Old-style headings become `# Heading`; quotes become curly.
    assert format_text(["Intro.", "", "Details", "", "Body."]) == [
        "Intro.",
        "",
        "# Details",
        "",
        "Body.",
    ]
    assert format_text(["``hi''"]) == ["“hi”"]
    # Indented lists get gofmt's markers.
    assert format_text(["Steps:", " - one", " - two"]) == ["Steps:", "  - one", "  - two"]


def test_deprecated_paragraph() -> None:
    assert doc_lines(["Old thing."], deprecated=True) == [
        "// Old thing.",
        "//",
        "// Deprecated: Marked as deprecated in the proto file.",
    ]
    assert doc_lines([], deprecated=True) == [
        "// Deprecated: Marked as deprecated in the proto file."
    ]


ADVERSARIAL = """
syntax = "proto3";

// */ /* {{ evil }} {% if x %} \\ "quoted" ''curly``
//go:generate rm -rf /
// +build ignore
package adv.v1;

//go:build ignore
//line evil.go:1
// Overview
//
// Intro with a list:
//   - one
//   - two
//
//     indented code
message Thing {
  // Field ``doc''.
  //export Evil
  string name = 1 [deprecated = true];
  oneof kind {
    // */ in a oneof member
    int32 a = 2;
  }
}

// Colours.
enum Color {
  // Unspecified. {{ x }}
  COLOR_UNSPECIFIED = 0;
  COLOR_RED = 1 [deprecated = true];
}

service S {
  // Method doc //go:noinline
  rpc Do(Thing) returns (Thing) { option deprecated = true; }
}
"""


def test_adversarial_comments_compile(tmp_path: Path) -> None:
    out = generate_tree(tmp_path, {"adv/v1/adv.proto": ADVERSARIAL})
    gofmt_clean(out)
    go_vet_build(out)
    text = (out / "adv/v1/adv.pb.go").read_text()
    assert "\n//go:" not in text and "\n//line" not in text and "\n//export" not in text
    assert "// Deprecated: Marked as deprecated in the proto file." in text
