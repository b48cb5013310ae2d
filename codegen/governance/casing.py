"""Name conversions with buf's exact semantics (buf's stringutil), so that a name lint
accepts or rejects, and the suggestion it prints, are the ones buf gives."""

from __future__ import annotations

import functools

_DELIMITERS = frozenset(".-_ \t\n\r")


def _is_delimiter(c: str) -> bool:
    return c in _DELIMITERS


def _snake(s: str) -> str:
    # Word breaks: a delimiter, or an upper-case letter that follows a lower-case one or
    # starts one ("HTTPServer" -> "HTTP_Server"; "OK2" stays); digits never start a word.
    s = s.strip("".join(_DELIMITERS))
    out: list[str] = []
    for i, c in enumerate(s):
        if _is_delimiter(c):
            c = "_"
        if i == 0:
            out.append(c)
        elif (
            c.isupper()
            and out[-1] != "_"
            and (
                (
                    i < len(s) - 1
                    and not (s[i + 1].isupper() or s[i + 1].isdigit())
                    and not _is_delimiter(s[i + 1])
                )
                or s[i - 1].islower()
            )
        ):
            out.append("_" + c)
        elif not (_is_delimiter(c) and out[-1] == "_"):
            out.append(c)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def lower_snake(s: str) -> str:
    return _snake(s).lower()


@functools.lru_cache(maxsize=65536)
def upper_snake(s: str) -> str:
    return _snake(s).upper()


@functools.lru_cache(maxsize=65536)
def pascal(s: str) -> str:
    out: list[str] = []
    previous = ""
    for i, c in enumerate(s.strip("".join(_DELIMITERS))):
        if not _is_delimiter(c):
            if i == 0 or _is_delimiter(previous) or c.isupper():
                out.append(c.upper())
            else:
                out.append(c.lower())
        previous = c
    return "".join(out)
