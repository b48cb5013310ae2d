"""The layout engine against ruff itself: random statements of every shape the Python
target emits, at random nesting depths and name lengths, must come out exactly as
`ruff format` leaves them."""

from __future__ import annotations

import keyword
import os
import random
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen.targets.python import layout as L

RUFF = Path(sys.executable).parent / "ruff"
# PROTOBIND_LAYOUT_CASES=20000 PROTOBIND_LAYOUT_SEED=x for a longer local run.
COUNT = int(os.environ.get("PROTOBIND_LAYOUT_CASES", "600"))
SEED = os.environ.get("PROTOBIND_LAYOUT_SEED", "0")


def _name(rng: random.Random, lo: int, hi: int) -> str:
    while True:
        n = rng.randint(lo, hi)
        name = rng.choice(string.ascii_letters) + "".join(
            rng.choice(string.ascii_lowercase + "_") for _ in range(n - 1)
        )
        if not keyword.iskeyword(name):
            return name


def _dotted(rng: random.Random, hi: int) -> str:
    return ".".join(_name(rng, 1, max(1, hi // 3)) for _ in range(rng.randint(1, 3)))


def _atom(rng: random.Random, hi: int = 60, strings: bool = False) -> L.Atom:
    """Dotted names and short literals; long strings only where the target emits them."""
    kind = rng.random()
    if kind < 0.15:
        text = rng.choice(["None", "0", '""', 'b""', "False", "0.0", "-1"])
        return L.Atom(text, wrap=text != "-1")
    if kind < 0.25 and strings:
        return L.Atom('"' + _name(rng, 1, hi) + '"')
    return L.Atom(_dotted(rng, hi))


def _annotation(rng: random.Random) -> L.Node:
    kind = rng.randrange(4)
    if kind == 0:
        return _atom(rng)
    if kind == 1:
        return L.Union(_atom(rng), L.Atom("None"))
    if kind == 2:
        return L.subscript("list", _atom(rng))
    return L.subscript("dict", L.Atom(rng.choice(["str", "int", "bool"])), _atom(rng))


def _value(rng: random.Random) -> L.Node:
    kind = rng.randrange(5)
    if kind == 0:
        return _atom(rng)
    if kind == 1:
        return L.call("_dc.field", L.Kw("default_factory", L.Atom(rng.choice(["list", "dict"]))))
    if kind == 2:
        return L.call("_dc.field", L.Kw("default_factory", L.Lambda(L.Atom(_dotted(rng, 90)))))
    if kind == 3:
        args = (_atom(rng, 30, strings=True) for _ in range(rng.randint(1, 4)))
        return L.call(_dotted(rng, 30), *args)
    inner = L.call(_dotted(rng, 20), *(_atom(rng, 25, True) for _ in range(rng.randint(1, 3))))
    return L.call(_dotted(rng, 20), *([_atom(rng, 20, True)] * rng.randint(0, 2)), inner)


def _case_annassign(rng: random.Random, indent: int) -> tuple[str, str]:
    text = L.assign(L.Atom(_name(rng, 1, 70)), _value(rng), indent, _annotation(rng))
    return text, ""


def _case_assign(rng: random.Random, indent: int) -> tuple[str, str]:
    if rng.random() < 0.5:
        target: L.Node = L.Atom(_name(rng, 1, 80))
    else:
        target = L.subscript("d", L.Atom('"' + _name(rng, 1, 90) + '"'))
    return L.assign(target, _value(rng), indent), ""


def _case_call(rng: random.Random, indent: int) -> tuple[str, str]:
    node = L.call(
        _dotted(rng, 20),
        *(
            _value(rng) if rng.random() < 0.3 else _atom(rng, 40, strings=True)
            for _ in range(rng.randint(1, 5))
        ),
    )
    return L.statement(node, indent), ""


def _case_class(rng: random.Random, indent: int) -> tuple[str, str]:
    return L.class_header(
        _name(rng, 1, 90), [rng.choice(["_rt.Message", "_t.Protocol"])], indent
    ), (" " * (indent + 4) + "pass")


def _case_def(rng: random.Random, indent: int) -> tuple[str, str]:
    params: list[L.Node] = [L.Atom("self")]
    if rng.random() < 0.7:
        t = _atom(rng, 50)
        ann: L.Node = t if rng.random() < 0.5 else L.subscript("_t.AsyncIterator", t)
        params.append(L.param(rng.choice(["request", "requests"]), ann))
    r = _atom(rng, 50)
    kind = rng.randrange(3)
    if kind == 0:
        returns: L.Node = r
    elif kind == 1:
        returns = L.subscript("_t.AsyncIterator", r)
    else:
        lits = [L.Atom('"' + _name(rng, 1, 30) + '"') for _ in range(rng.randint(1, 4))]
        returns = L.Union(L.subscript("_t.Literal", *lits), L.Atom("None"))
    head = rng.choice(["def ", "async def "]) + _name(rng, 1, 60)
    stub = rng.random() < 0.5
    text = L.def_header(head, params, returns, indent, " ..." if stub else "")
    return text, "" if stub else " " * (indent + 4) + "pass"


def _case_if(rng: random.Random, indent: int) -> tuple[str, str]:
    left = "self." + _name(rng, 1, 90)
    kind = rng.randrange(3)
    if kind == 0:
        text = L.if_header(indent, left)
    elif kind == 1:
        text = L.if_header(indent, left, " is not None")
    else:
        right = L.call("_rt." + _name(rng, 1, 20), L.Atom(left))
        text = L.if_header(indent, left, " or ", right)
    return text, " " * (indent + 4) + "pass"


def _case_return(rng: random.Random, indent: int) -> tuple[str, str]:
    return L.return_statement(L.Atom('"' + _name(rng, 1, 90) + '"'), indent), ""


CASES: dict[str, Callable[[random.Random, int], tuple[str, str]]] = {
    "annassign": _case_annassign,
    "assign": _case_assign,
    "call": _case_call,
    "class": _case_class,
    "def": _case_def,
    "if": _case_if,
    "return": _case_return,
}


def _wrap(stmt: str, body: str, indent: int) -> str:
    lines = [" " * (4 * i) + "if True:" for i in range(indent // 4)]
    lines.append(stmt)
    if body:
        lines.append(body)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("shape", sorted(CASES))
def test_layout_matches_ruff(shape: str, tmp_path: Path) -> None:
    rng = random.Random(f"layout-{shape}-{SEED}")
    sources: dict[str, str] = {}
    for i in range(COUNT):
        indent = 4 * rng.randint(0, 8)
        stmt, body = CASES[shape](rng, indent)
        sources[f"case_{i:04}.py"] = _wrap(stmt, body, indent)
    for name, text in sources.items():
        (tmp_path / name).write_text(text)
    subprocess.run([str(RUFF), "format", "--isolated", "--quiet", "."], cwd=tmp_path, check=True)
    bad = []
    for name, text in sources.items():
        got = (tmp_path / name).read_text()
        # ruff puts blank lines around a nested class or def: not the layout's business.
        got = "".join(line for line in got.splitlines(keepends=True) if line.strip())
        if got != text:
            bad.append(f"--- ours\n{text}--- ruff\n{got}")
    assert not bad, f"{len(bad)} of {len(sources)} differ; first:\n" + "\n".join(bad[:3])
