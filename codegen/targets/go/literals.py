"""Go literals written from Python values."""

from __future__ import annotations

import json

_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def go_string(s: str) -> str:
    """An interpreted Go string literal for `s` (any Unicode; lone surrogates escaped)."""
    if s.isascii() and s.isprintable() and "\\" not in s and '"' not in s:
        return f'"{s}"'
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if ch in _SIMPLE:
            out.append(_SIMPLE[ch])
        elif cp < 0x20 or cp == 0x7F:
            out.append(f"\\x{cp:02x}")
        elif 0xD800 <= cp <= 0xDFFF:
            out.append("\\uFFFD")
        elif not ch.isprintable() or cp in (0xFEFF,):
            out.append(f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_key(name: str) -> str:
    """The Go literal of `"name":` as it appears in JSON output (name JSON-escaped)."""
    return go_string(json.dumps(name, ensure_ascii=False) + ":")
