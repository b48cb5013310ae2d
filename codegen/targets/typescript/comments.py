"""Proto comments -> JSDoc blocks, through one escaping function.

Whatever a comment holds, the block stays a comment that documents and nothing else:

* `*/` cannot end the block early (`*\\/`);
* characters that break or disguise lines — C0/C1 controls, U+2028/U+2029 (line
  terminators in JavaScript), bidirectional overrides (the "Trojan Source" attack),
  a byte order mark — are written as visible `\\uXXXX` text;
* an `@` that would start a JSDoc/TSDoc tag (`@deprecated`, `@internal`, which tools act
  on) is written `\\@`, TSDoc's escape, so only protobind's own tags are tags.

Template syntax (`{{ }}`, `{% %}`) needs nothing: comment text reaches the templates
as data, never as template source.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Sequence

from codegen.model import DefaultValue, ScalarType, TypeRef

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_TAG = re.compile(r"(^|\s)@(?=[A-Za-z{])")


def _escape_char(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04X}"


_NEEDS_WORK = re.compile(_UNSAFE.pattern[:-1] + "@]|\\*/")


def inert(line: str) -> bool:
    """True when `escape_line` leaves `line` as it is, but for trailing whitespace."""
    if line.isascii() and line.isprintable():
        # Printable ASCII holds no control character; what is left to look for is
        # cheaper to find with `in` than with the regular expression.
        return "@" not in line and "*/" not in line
    return not _NEEDS_WORK.search(line)


def escape_line(line: str) -> str:
    """One comment line made inert inside `/** ... */`."""
    if inert(line):
        return line.rstrip()
    line = _UNSAFE.sub(_escape_char, line.rstrip())
    line = line.replace("*/", "*\\/")
    return _TAG.sub(r"\1\\@", line)


def jsdoc(
    lines: Sequence[str],
    indent: str = "",
    *,
    deprecated: bool = False,
    tags: Sequence[str] = (),
) -> str:
    """A JSDoc block (ending with a newline) for `lines`, or "" when there is nothing to say.

    `tags` are protobind's own lines (`@deprecated` is added from the flag), never escaped.
    """
    if not tags and not deprecated:
        if not lines:
            return ""
        if len(lines) == 1:
            # The common case (one line, nothing to escape), without the general loop.
            line = lines[0]
            if inert(line):
                line = line.rstrip()
                return f"{indent}/**\n{indent} * {line}\n{indent} */\n" if line else ""
    body = [escape_line(line) for line in lines]
    while body and not body[-1]:
        body.pop()
    extra = list(tags)
    if deprecated:
        extra.append("@deprecated")
    if extra and body:
        body.append("")
    body += extra
    if not body:
        return ""
    inner = "".join(f"{indent} * {b}\n" if b else f"{indent} *\n" for b in body)
    return f"{indent}/**\n{inner}{indent} */\n"


def default_tag(value: DefaultValue, t: TypeRef) -> str:
    """`@defaultValue <JSON>`: what an absent proto2/editions field reads as.

    The value is printed in its JSON form (bytes as base64, 64-bit integers as the
    decimal they are) and escaped like any comment text: a default is user data too.
    """
    text: str
    if isinstance(value, bytes):
        text = json.dumps(base64.b64encode(value).decode())
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        text = '"NaN"' if math.isnan(value) else ('"Infinity"' if value > 0 else '"-Infinity"')
    elif isinstance(value, int) and isinstance(t, ScalarType) and t.kind.is_64bit:
        text = f'"{value}"'
    elif isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = json.dumps(value, ensure_ascii=False)
    return "@defaultValue " + escape_line(text)
