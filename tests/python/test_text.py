"""Comments and strings carried into generated Python stay inert and ruff-stable."""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from codegen.targets.python.text import docstring, pystr

RUFF = Path(sys.executable).parent / "ruff"

NASTY = [
    "a", "b", " ", "  ", "    ", "\t", '"', '""', '"""', "'", "'''", "\\", "\\n", "{{", "}}",
    "{%", "%}", "{#", "\x00", "\x0c", "\x0b", "\u2028", "\u2029", "\u0085", "\u200e",
    "\u202e", "é", "日本", "😀", "\r", "x", "\x1b", "#", ":", "\u3000", "\xa0", "\ufeff",
    "\\x", "\\N{", "\\u", "u", "*/", "/*", "$", "\x7f", "\U0001f600", "\u0301",
]  # fmt: skip


def _random_lines(rng: random.Random) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 6)):
        line = "".join(rng.choice(NASTY) for _ in range(rng.randint(0, 14)))
        lines.append(line.rstrip() if rng.random() < 0.8 else line)
    return lines


def _normalized(lines: list[str]) -> str:
    """What the docstring must read back as: the lines, outer blank lines and trailing
    blanks dropped, the first line's leading blanks dropped (Python's own view of the
    text is compared before `inspect.cleandoc`)."""
    body = [line.rstrip(" ") for line in lines]
    while body and not body[0].strip(" "):
        body.pop(0)
    while body and not body[-1].strip(" "):
        body.pop()
    if body:
        body[0] = body[0].lstrip(" ")
        common = min((len(line) - len(line.lstrip(" ")) for line in body[1:] if line), default=0)
        body[1:] = [line[common:] for line in body[1:]]
    return "\n".join(body)


def test_docstrings_are_inert_and_ruff_stable(tmp_path: Path) -> None:
    rng = random.Random("docstrings")
    cases: dict[str, tuple[str, list[str], int]] = {}
    for i in range(1500):
        lines = _random_lines(rng)
        depth = rng.randint(0, 3)
        text = docstring(lines, 4 * (depth + 1))
        if text is None:
            continue
        src = "".join(f"{'    ' * k}class C{k}:\n" for k in range(depth + 1))
        src += "    " * (depth + 1) + text + "\n\n"
        literal = "".join(rng.choice(NASTY) for _ in range(rng.randint(0, 10)))
        src += "    " * (depth + 1) + "x = " + pystr(literal) + "\n"
        name = f"case_{i:04}.py"
        cases[name] = (src, lines, depth)
        (tmp_path / name).write_text(src, encoding="utf-8")
    subprocess.run([str(RUFF), "format", "--isolated", "--quiet", "."], cwd=tmp_path, check=True)
    for name, (src, lines, depth) in cases.items():
        got = (tmp_path / name).read_text(encoding="utf-8")
        assert got == src, f"ruff changed {name}:\n{src}\n---\n{got}"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = ast.parse(src)
        node = tree.body[0]
        for _ in range(depth):
            node = node.body[0]  # type: ignore[attr-defined]
        doc = node.body[0].value.value  # type: ignore[attr-defined]
        # Python keeps the continuation indentation; strip exactly what we added.
        pad = " " * (4 * (depth + 1))
        first, *rest = doc.split("\n")
        rest = [line.removeprefix(pad) for line in rest]
        if rest and rest[-1] == "":
            rest.pop()
        assert "\n".join([first, *rest]) == _normalized(lines), name


@pytest.mark.parametrize(
    "value", ["", "plain", 'a"b', "a'b", "a\"b'c", 'a"b"c\'d', "\\", "日本\x00\u2028", "😀"]
)
def test_pystr_round_trips(value: str) -> None:
    literal = pystr(value)
    assert literal.isascii()
    assert ast.literal_eval(literal) == value
