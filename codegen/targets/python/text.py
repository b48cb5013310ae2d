"""Text that ends up inside generated Python: docstrings and string literals.

Everything a schema author wrote goes through here, so it can never change what the
generated code means: backslashes and quote runs are escaped, every character that is
not printable (NUL, other control characters, line and paragraph separators, bidi
controls, non-ASCII spaces) becomes an escape sequence, and the result is exactly what
`ruff format` writes (no leading blank on the first line, quotes as ruff prefers).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n"}
_QUOTE_RUN = re.compile(r'"(?=")|"$')


def _escape_char(ch: str) -> str:
    special = _ESCAPES.get(ch)
    if special is not None:
        return special
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _inert(line: str) -> str:
    """One line of a docstring with backslashes and unprintable characters escaped."""
    if line.isascii() and line.isprintable() and "\\" not in line:
        return line
    return "".join(
        ch if ch != "\\" and (ch.isprintable() or ch == " ") else _escape_char(ch) for ch in line
    )


def docstring(lines: Sequence[str], indent: int) -> str | None:
    """A `\"\"\"...\"\"\"` literal for `lines`; continuation lines indented by `indent`.

    Returns None when there is nothing to say.
    """
    if not lines:
        return None
    if len(lines) == 1:
        line = lines[0].strip(" ")
        if line and line.isascii() and line.isprintable() and '"' not in line and "\\" not in line:
            return f'"""{line}"""'
    body = [_inert(line).rstrip() for line in lines]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    if not body:
        return None
    body[0] = body[0].lstrip(" ")
    # Like ruff (and inspect.cleandoc), continuation lines lose their common indent.
    common = min((len(line) - len(line.lstrip(" ")) for line in body[1:] if line), default=0)
    body[1:] = [line[common:] for line in body[1:]]
    text = "\n".join(body)
    text = _QUOTE_RUN.sub('\\\\"', text)
    if text.startswith('"'):
        text = "\\" + text
    if len(body) == 1:
        return f'"""{text}"""'
    pad = " " * indent
    first, *rest = text.split("\n")
    rest = [pad + line if line else "" for line in rest]
    return '"""' + "\n".join([first, *rest]) + "\n" + pad + '"""'


def pystr(value: str) -> str:
    """A Python string literal for `value`, ASCII only, quoted the way ruff prefers."""
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # the common case: names, full names, json names
    return _pystr(value)


@functools.lru_cache(maxsize=4096)
def _pystr(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    text = "".join(out)
    if text.count('"') > text.count("'"):
        return "'" + text.replace("'", "\\'") + "'"
    return '"' + text.replace('"', '\\"') + '"'
