"""Pure casing helpers shared by the targets (escaping is each target's business).

Word boundaries follow protoc's own conventions: underscores, and a lower-to-upper
change; digits stay attached to the word before them.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")


def words(name: str) -> list[str]:
    """`fooBar_baz2` -> ["foo", "Bar", "baz2"]; `HTTPServer` -> ["HTTP", "Server"]."""
    return _WORDS.findall(name)


def snake(name: str) -> str:
    """`FooBar` -> `foo_bar`; `HTTPServer` -> `http_server`."""
    return "_".join(w.lower() for w in words(name)) or name


def upper_snake(name: str) -> str:
    return snake(name).upper()


def pascal(name: str) -> str:
    """`foo_bar` -> `FooBar`; keeps inner capitals: `fooBAR` -> `FooBAR`."""
    return "".join(w[:1].upper() + w[1:] for w in words(name)) or name


def camel(name: str) -> str:
    """`foo_bar` -> `fooBar`."""
    p = pascal(name)
    return p[:1].lower() + p[1:]


def go_camel(name: str) -> str:
    """protoc-gen-go's GoCamelCase: `foo_bar` -> `FooBar`, `foo_1` -> `Foo_1`, `a2b` -> `A2B`."""
    out: list[str] = []
    i = 0
    n = len(name)
    while i < n:
        c = name[i]
        if c == "." and i + 1 < n and name[i + 1].islower() and name[i + 1].isascii():
            pass
        elif c == ".":
            out.append("_")
        elif c == "_" and (i == 0 or name[i - 1] == "."):
            out.append("X")
        elif c == "_" and i + 1 < n and name[i + 1].islower() and name[i + 1].isascii():
            pass
        elif c.isascii() and c.isdigit():
            out.append(c)
        else:
            out.append(c.upper() if c.isascii() and c.islower() else c)
            while i + 1 < n and name[i + 1].isascii() and name[i + 1].islower():
                i += 1
                out.append(name[i])
        i += 1
    return "".join(out)
