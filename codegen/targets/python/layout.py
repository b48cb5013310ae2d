"""Line layout for generated Python: the output is already what `ruff format` writes.

Generated code is built from a handful of statement shapes (class fields, enum members,
assignments, calls, `class` and `def` headers) over a small expression language (atoms,
calls and subscripts, keyword arguments, `lambda:` and `X | None`). For each shape this
module reproduces the layout ruff's formatter chooses at line length 88:

* a statement that fits on one line stays on one line;
* a call or subscript that does not fit breaks after its opening bracket, with all
  arguments on one indented line if they fit there, else one per line with a trailing
  comma (a single argument never gets one);
* assignments prefer, in order: breaking the value's own brackets, parenthesizing the
  value (only if it then fits), breaking the target or annotation;
* `def` headers break the parameters first, then the return annotation.

Only statements longer than the line go through the slower paths, so rendering stays
cheap. `tests/python/test_layout.py` checks every shape against ruff itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

WIDTH = 88
_PADS = [" " * i for i in range(256)]


def pad(indent: int) -> str:
    return _PADS[indent] if indent < 256 else " " * indent


class Node:
    """An expression; `flat` is its one-line text (computed once, at construction)."""

    __slots__ = ("flat",)
    flat: str


class Atom(Node):
    """Unsplittable text: names, dotted names, literals.

    `wrap`: false for a unary operation such as `-1`, which ruff parenthesizes after an
    assignment only when the left side cannot break instead.
    """

    __slots__ = ("text", "wrap")

    def __init__(self, text: str, wrap: bool = True) -> None:
        self.flat = self.text = text
        self.wrap = wrap


class Seq(Node):
    """`opener items... closer`: a call `f(a, b)` or a subscript `dict[str, int]`."""

    __slots__ = ("closer", "items", "opener")

    def __init__(self, opener: str, items: tuple[Node, ...], closer: str) -> None:
        self.opener = opener
        self.items = items
        self.closer = closer
        self.flat = opener + ", ".join([i.flat for i in items]) + closer


class Kw(Node):
    """A keyword argument `name=value`."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: Node) -> None:
        self.name = name
        self.value = value
        self.flat = f"{name}={value.flat}"


class Lambda(Node):
    """`lambda: body` with an atom body."""

    __slots__ = ("body",)

    def __init__(self, body: Atom) -> None:
        self.body = body
        self.flat = f"lambda: {body.text}"


class Union(Node):
    """`left | right` (type annotations only)."""

    __slots__ = ("left", "right")

    def __init__(self, left: Node, right: Node) -> None:
        self.left = left
        self.right = right
        self.flat = f"{left.flat} | {right.flat}"


def fill(node: Node, hole: str, text: str) -> Node:
    """`node` with `hole` replaced by `text` wherever it occurs (`text` must not change
    how the expression parses: a name or an attribute access)."""
    if hole not in node.flat:
        return node
    cls = type(node)
    if cls is Atom:
        assert isinstance(node, Atom)
        return Atom(node.text.replace(hole, text), node.wrap)
    if cls is Seq:
        assert isinstance(node, Seq)
        items = tuple([fill(i, hole, text) for i in node.items])
        return Seq(node.opener.replace(hole, text), items, node.closer)
    if cls is Kw:
        assert isinstance(node, Kw)
        return Kw(node.name, fill(node.value, hole, text))
    if cls is Lambda:
        assert isinstance(node, Lambda)
        body = fill(node.body, hole, text)
        assert isinstance(body, Atom)
        return Lambda(body)
    assert isinstance(node, Union)
    return Union(fill(node.left, hole, text), fill(node.right, hole, text))


def call(callee: str, *args: Node) -> Seq:
    return Seq(callee + "(", args, ")")


def subscript(value: str, *items: Node) -> Seq:
    return Seq(value + "[", items, "]")


def _fits(indent: int, text: str) -> bool:
    return indent + len(text) <= WIDTH


def layout(prefix: str, node: Node, suffix: str, indent: int) -> list[str]:
    """Lines (indented) for `prefix + node + suffix` starting at column `indent`."""
    flat = prefix + node.flat + suffix
    if _fits(indent, flat) or isinstance(node, Atom):
        return [pad(indent) + flat]
    if isinstance(node, Kw):
        return layout(prefix + node.name + "=", node.value, suffix, indent)
    if isinstance(node, Lambda):
        return [
            pad(indent) + prefix + "lambda: (",
            pad(indent + 4) + node.body.text,
            pad(indent) + ")" + suffix,
        ]
    if isinstance(node, Seq):
        if not node.items:
            return [pad(indent) + flat]
        return [
            pad(indent) + prefix + node.opener,
            *_items(node.items, indent + 4),
            pad(indent) + node.closer + suffix,
        ]
    if isinstance(node, Union):
        # Only reached inside parentheses the caller provides.
        return [*layout(prefix, node.left, "", indent), *layout("| ", node.right, suffix, indent)]
    raise TypeError(node)


def _items(items: Sequence[Node], indent: int, *, always_comma: bool = False) -> list[str]:
    """The inside of a broken bracket pair."""
    if len(items) == 1 and not always_comma:
        return layout("", items[0], "", indent)
    joined = ", ".join(i.flat for i in items)
    if _fits(indent, joined) and not (always_comma and len(items) == 1):
        return [pad(indent) + joined]
    out: list[str] = []
    p = pad(indent)
    for item in items:
        if type(item) is Atom:
            out.append(p + item.flat + ",")  # an atom never breaks
        else:
            out += layout("", item, ",", indent)
    return out


def _expanded(prefix: str, node: Seq, suffix: str, indent: int) -> list[str]:
    """`node` with its brackets broken, whether or not it would fit flat."""
    if not node.items:
        return [pad(indent) + prefix + node.flat + suffix]
    return [
        pad(indent) + prefix + node.opener,
        *_items(node.items, indent + 4),
        pad(indent) + node.closer + suffix,
    ]


def _parenthesized_union(prefix: str, node: Union, suffix: str, indent: int) -> list[str]:
    inner = node.flat
    if _fits(indent + 4, inner):
        body = [pad(indent + 4) + inner]
    else:
        body = layout("", node, "", indent + 4)
    return [pad(indent) + prefix + "(", *body, pad(indent) + ")" + suffix]


# -- statements ------------------------------------------------------------------------


def statement(node: Node, indent: int) -> str:
    """An expression statement (a call)."""
    return "\n".join(layout("", node, "", indent))


def call_statement(callee: str, args: Sequence[str | Node], indent: int) -> str:
    """`statement(call(callee, *args), indent)`, a `str` argument standing for its atom:
    the shape of the long registration calls, without a node per argument."""
    flats = [a if type(a) is str else a.flat for a in args]  # type: ignore[union-attr]
    joined = ", ".join(flats)
    p = pad(indent)
    if indent + len(callee) + len(joined) + 2 <= WIDTH or not args:
        return f"{p}{callee}({joined})"
    inner = indent + 4
    if len(args) == 1:
        only = args[0]
        lines = layout("", Atom(only) if type(only) is str else only, "", inner)  # type: ignore[arg-type]
    elif inner + len(joined) <= WIDTH:
        lines = [pad(inner) + joined]
    else:
        lines = []
        ip = pad(inner)
        for a, flat in zip(args, flats, strict=True):
            if type(a) is str or type(a) is Atom:
                lines.append(ip + flat + ",")  # an atom never breaks
            else:
                lines += layout("", a, ",", inner)  # type: ignore[arg-type]
    return "\n".join([f"{p}{callee}(", *lines, p + ")"])


def assign(target: Node, value: Node, indent: int, annotation: Node | None = None) -> str:
    """`target = value` or `target: annotation = value`, laid out like ruff."""
    return "\n".join(_assign(target, value, indent, annotation))


def _assign(target: Node, value: Node, indent: int, annotation: Node | None) -> list[str]:
    lhs = target.flat if annotation is None else f"{target.flat}: {annotation.flat}"
    flat = f"{lhs} = {value.flat}"
    if _fits(indent, flat):
        return [pad(indent) + flat]
    # 1. Break the value's own brackets, if the opening one fits.
    if isinstance(value, Seq) and value.items and _fits(indent, f"{lhs} = {value.opener}"):
        return _expanded(f"{lhs} = ", value, "", indent)
    # 2. Parenthesize the value. When the left side cannot break either, only if every
    #    line then fits.
    left = annotation if annotation is not None else target
    splittable = isinstance(left, Union) or (isinstance(left, Seq) and bool(left.items))
    if _fits(indent, f"{lhs} = (") and not (
        splittable and isinstance(value, Atom) and not value.wrap
    ):
        inner = layout("", value, "", indent + 4)
        if splittable or all(len(line) <= WIDTH for line in inner):
            return [pad(indent) + f"{lhs} = (", *inner, pad(indent) + ")"]
    # 3. Break the left side (annotation, or subscript target), then lay out the value.
    head = f"{target.flat}: " if annotation is not None else ""
    if isinstance(left, Seq) and left.items:
        lines = _expanded(head, left, "", indent)
    elif isinstance(left, Union):
        lines = _parenthesized_union(head, left, "", indent)
    else:
        return layout(f"{lhs} = ", value, "", indent)
    last = lines.pop().lstrip(" ")
    return lines + layout(f"{last} = ", value, "", indent)


def class_header(name: str, bases: Sequence[str], indent: int) -> str:
    if not bases:
        return f"{pad(indent)}class {name}:"
    flat = f"{pad(indent)}class {name}({', '.join(bases)}):"
    if len(flat) <= WIDTH:
        return flat
    node = Seq(name + "(", tuple(Atom(b) for b in bases), ")")
    return "\n".join(layout("class ", node, ":", indent))


def decorator(node: Node, indent: int) -> str:
    return "\n".join(layout("@", node, "", indent))


def def_header(
    head: str, params: Sequence[Node], returns: Node, indent: int, body: str = ""
) -> str:
    """`head(params) -> returns:` + body (e.g. `" ..."` for a stub)."""
    tail = ":" + body
    flat = f"{head}({', '.join(p.flat for p in params)}) -> {returns.flat}{tail}"
    if _fits(indent, flat):
        return pad(indent) + flat
    lines = [pad(indent) + head + "("]
    lines += _items(params, indent + 4, always_comma=True)
    close = f") -> {returns.flat}{tail}"
    if _fits(indent, close):
        lines.append(pad(indent) + close)
    elif isinstance(returns, Atom):
        if _fits(indent + 4, returns.text):
            lines += [
                pad(indent) + ") -> (",
                pad(indent + 4) + returns.text,
                pad(indent) + ")" + tail,
            ]
        else:
            lines.append(pad(indent) + close)
    elif isinstance(returns, Union):
        lines += _parenthesized_union(") -> ", returns, tail, indent)
    else:
        lines += layout(") -> ", returns, tail, indent)
    return "\n".join(lines)


def param(name: str, annotation: Node) -> Node:
    """A parameter `name: annotation` (as a node whose flat text is the whole thing)."""
    if isinstance(annotation, Atom):
        return Atom(f"{name}: {annotation.text}")
    if isinstance(annotation, Seq):
        return Seq(f"{name}: {annotation.opener}", annotation.items, annotation.closer)
    raise TypeError(annotation)


def if_header(indent: int, left: str, test: str = "", right: Node | None = None) -> str:
    """`if left:`, `if left is not None:` (test=" is not None") or `if left or right:`
    (test=" or "). `left` is an attribute access: it never breaks, and parentheses
    around it alone would not make the line shorter."""
    flat = f"if {left}{test}{right.flat if right is not None else ''}:"
    if not test or _fits(indent, flat):
        return pad(indent) + flat
    inner = pad(indent + 4)
    if right is None:
        body = [inner + left, inner + test.strip()]
    else:
        # A last operand with brackets of its own breaks inside them first.
        head = f"if {left}{test}"
        if isinstance(right, Seq) and right.items and _fits(indent, head + right.opener):
            return "\n".join(_expanded(head, right, ":", indent))
        body = [inner + left, *layout(test.strip() + " ", right, "", indent + 4)]
    return "\n".join([pad(indent) + "if (", *body, pad(indent) + "):"])


def return_statement(value: Atom, indent: int) -> str:
    """`return value`, parenthesized when that makes it fit."""
    flat = f"return {value.text}"
    if _fits(indent, flat) or not _fits(indent + 4, value.text):
        return pad(indent) + flat
    return "\n".join([pad(indent) + "return (", pad(indent + 4) + value.text, pad(indent) + ")"])


# -- text -> nodes -----------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Node:
    """The node for an expression the target wrote as text (calls, subscripts, keyword
    arguments, `lambda:`, `X | None`, names and string literals): only statements too long
    for one line need nodes, so types are written as text and parsed on demand."""
    node, end = _expression(text, 0)
    if end != len(text):
        raise ValueError(f"cannot parse {text!r} at {end}")
    return node


def _expression(s: str, i: int) -> tuple[Node, int]:
    left, i = _primary(s, i)
    if i < len(s) and s[i] == " " and s.startswith(" | ", i):
        right, i = _expression(s, i + 3)
        return Union(left, right), i
    return left, i


# What ends or opens something inside an expression; everything else is part of an atom.
_SPECIAL = re.compile(r"""["'(\[=,)\]]| \| """)


def _primary(s: str, i: int) -> tuple[Node, int]:
    if s.startswith("lambda: ", i):
        body, i = _primary(s, i + 8)
        assert isinstance(body, Atom)
        return Lambda(body), i
    start, n = i, len(s)
    search = _SPECIAL.search
    while True:
        found = search(s, i)
        if found is None:
            i = n
            break
        i = found.start()
        c = s[i]
        if c == '"' or c == "'":
            i += 1
            while s[i] != c:
                i += 2 if s[i] == "\\" else 1
            i += 1
            continue
        if c == "(" or c == "[":
            opener = s[start : i + 1]
            closer = ")" if c == "(" else "]"
            items: list[Node] = []
            i += 1
            while s[i] != closer:
                item, i = _expression(s, i)
                items.append(item)
                if s.startswith(", ", i):
                    i += 2
            return Seq(opener, tuple(items), closer), i + 1
        if c == "=":
            if s[start:i].isidentifier():
                name = s[start:i]
                value, i = _expression(s, i + 1)
                return Kw(name, value), i
            i += 1
            continue
        break  # `,`, `)`, `]` or ` | `
    text = s[start:i]
    return Atom(text, wrap=not text.startswith("-")), i
