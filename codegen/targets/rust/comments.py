"""Proto comments -> rustdoc `///` lines that rustdoc and clippy read as plain text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ESCAPES = str.maketrans({"[": "\\[", "]": "\\]", "<": "\\<", ">": "\\>", "`": "\\`"})


_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _char(c: str) -> str:
    if unicodedata.category(c) == "Cc":
        return " "
    if c in _BIDI:
        # rustc refuses text-direction overrides in doc comments; name them instead.
        return f"U+{ord(c):04X}"
    return c


@lru_cache(maxsize=65536)
def _lines(lines: tuple[str, ...], deprecated: bool) -> tuple[str, ...]:
    out: list[str] = []
    for raw in lines:
        # rustc refuses a bare CR in a doc comment; other control characters would
        # only confuse readers.
        text = "".join(_char(c) for c in raw.replace("\t", "    "))
        text = text.rstrip()
        stripped = text.lstrip(" ")
        # Four leading spaces would open an indented code block, which rustdoc compiles
        # as a doctest; one space keeps the text a paragraph.
        lead = len(text) - len(stripped)
        text = (" " if lead else "") + stripped
        if stripped.startswith(("#", "=", "-", "*", "+")):
            # Headings, rules and lists would change the markdown structure (and
            # clippy's list-continuation lints); escape the marker.
            text = (" " if lead else "") + "\\" + stripped
        elif stripped[:1].isdigit():
            digits = len(stripped) - len(stripped.lstrip("0123456789"))
            if stripped[digits : digits + 1] in (".", ")"):
                text = text.replace(stripped, stripped[:digits] + "\\" + stripped[digits:], 1)
        out.append(text.translate(_ESCAPES))
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    if deprecated:
        out += (
            ["", "Deprecated: marked as deprecated in the proto file."]
            if out
            else ["Deprecated: marked as deprecated in the proto file."]
        )
    return tuple(out)


def doc(lines: tuple[str, ...], indent: str, deprecated: bool = False) -> str:
    """The `///` block (ending in a newline), or "" when there is nothing to say."""
    body = _lines(lines, deprecated)
    return "".join(f"{indent}///{' ' if line else ''}{line}\n" for line in body)
