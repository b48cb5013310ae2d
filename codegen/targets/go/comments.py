"""Proto comments -> Go `//` comment lines that are inert and that gofmt leaves unchanged.

Two concerns, handled by the one function `doc_lines`:

* **Inertness.** Every line is written as `// text` (or `//<tab>code`), so no line can
  become a directive (`//go:generate`, `//line`, `//export`), end the comment or reach
  the template engine; a line reading `+build ...` gets a backslash, since gofmt would
  take it for a build constraint wherever it is. Characters the Go scanner rejects or
  drops (NUL, CR, a BOM) and
  characters that make text lie about its layout (other C0/C1 controls, line and
  paragraph separators, bidirectional overrides) are spelled as `\\xNN` / `\\uNNNN`.
* **gofmt stability.** Since Go 1.19 gofmt reformats every top-level doc comment with
  go/doc/comment (code blocks become tab-indented, lists get a canonical shape, old
  style headings become `# Heading`, ``quotes'' become curly). The text is therefore
  parsed and printed here exactly as go/doc/comment does (a port of its block parser
  and printer), so the comment we write is already the formatter's fixed point.
  Link definitions (`[text]: https://...`), which the formatter would move to the end
  of the comment, are made inert with a no-break space after the colon instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# -- character sanitising ---------------------------------------------------------------

_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}


def _needs_escape(cp: int) -> bool:
    if cp < 0x20:
        return cp != 0x09  # keep tabs
    if 0x7F <= cp <= 0x9F:
        return True
    if cp in (0x2028, 0x2029, 0xFEFF) or cp in _BIDI:
        return True
    return 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF)


_ESCAPE_TABLE = {cp: (f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}") for cp in range(0x100)}


def sanitize(line: str) -> str:
    """One comment line with the characters above spelled out; others unchanged."""
    if line.isprintable() and line.isascii():
        return line
    out = []
    for ch in line:
        cp = ord(ch)
        if _needs_escape(cp):
            out.append(_ESCAPE_TABLE[cp] if cp < 0x100 else f"\\u{cp:04x}")
        else:
            out.append(ch)
    return "".join(out)


# -- Go's unicode predicates --------------------------------------------------------------

_GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)


def _trim_space(s: str) -> str:
    """strings.TrimSpace (unicode.IsSpace)."""
    i, j = 0, len(s)
    while i < j and s[i] in _GO_SPACE:
        i += 1
    while j > i and s[j - 1] in _GO_SPACE:
        j -= 1
    return s[i:j]


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _is_upper(ch: str) -> bool:
    return unicodedata.category(ch) == "Lu"


def _is_digit(ch: str) -> bool:
    return unicodedata.category(ch) == "Nd"


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


# -- go/doc/comment: block structure ----------------------------------------------------------


def _indented(line: str) -> bool:
    return line != "" and line[0] in " \t"


def _leading_space(s: str) -> str:
    i = 0
    while i < len(s) and s[i] in " \t":
        i += 1
    return s[:i]


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    return a[:i]


def _unindent(lines: Sequence[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and lines[start] == "":
        start += 1
    while end > start and lines[end - 1] == "":
        end -= 1
    lines = lines[start:end]
    if not lines:
        return []
    prefix = _leading_space(lines[0])
    for line in lines[1:]:
        if line != "":
            prefix = _common_prefix(prefix, _leading_space(line))
    out = []
    for line in lines:
        if line.startswith(prefix):
            line = line[len(prefix) :]
        if _trim_space(line) == "":
            line = ""
        out.append(line)
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return out


def _list_marker(line: str) -> tuple[str, str] | None:
    line = _trim_space(line)
    if not line:
        return None
    if line[0] in "•*+-":
        num, rest = "", line[1:]
    elif "0" <= line[0] <= "9":
        n = 1
        while n < len(line) and "0" <= line[n] <= "9":
            n += 1
        if n >= len(line) or line[n] not in ".)":
            return None
        num, rest = line[:n], line[n + 1 :]
    else:
        return None
    if not _indented(rest) or _trim_space(rest) == "":
        return None
    return num, rest


def _is_list(line: str) -> bool:
    return _list_marker(line) is not None


_OLD_HEADING_BAD = set(';:!?+*/=[]{}_^°&§~%#@<">\\')


def _is_old_heading(line: str, lines: Sequence[str], off: int) -> bool:
    if off <= 0 or lines[off - 1] != "" or off + 2 >= len(lines) or lines[off + 1] != "":
        return False
    if _leading_space(lines[off + 2]) != "":
        return False
    line = _trim_space(line)
    if not line or not (_is_letter(line[0]) and _is_upper(line[0])):
        return False
    if not (_is_letter(line[-1]) or _is_digit(line[-1])):
        return False
    if any(c in _OLD_HEADING_BAD for c in line):
        return False
    rest = line
    while "'" in rest:
        rest = rest.split("'", 1)[1]
        if rest != "s" and not rest.startswith("s "):
            return False
    rest = line
    while "." in rest:
        rest = rest.split(".", 1)[1]
        if rest == "" or rest.startswith(" "):
            return False
    return True


def _is_heading(line: str) -> bool:
    return len(line) >= 2 and line[0] == "#" and line[1] in " \t" and _trim_space(line) != "#"


_SCHEMES = {"file", "ftp", "gopher", "http", "https", "mailto", "nntp"}


def _is_link_def(line: str) -> bool:
    if not line or line[0] != "[":
        return False
    i = line.find("]:")
    if i < 0 or i + 3 >= len(line) or line[i + 2] not in " \t":
        return False
    url = _trim_space(line[i + 3 :])
    j = url.find("://")
    return j >= 0 and url[:j] in _SCHEMES


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # code | heading | list | oldheading | para


def _parse_spans(lines: list[str]) -> list[_Span]:
    spans: list[_Span] = []
    i = 0
    force_indent = 0
    n = len(lines)
    while True:
        while i < n and lines[i] == "":
            i += 1
        if i >= n:
            break
        start = i
        if i < force_indent or _indented(lines[i]):
            unindented_list_ok = _is_list(lines[i]) and i < force_indent
            i += 1
            while i < n and (
                lines[i] == ""
                or i < force_indent
                or _indented(lines[i])
                or (unindented_list_ok and _is_list(lines[i]))
            ):
                if lines[i] == "":
                    unindented_list_ok = False
                i += 1
            end = i
            while end > start and lines[end - 1] == "":
                end -= 1
            if end < n and lines[end].startswith("}"):
                end += 1
            kind = "list" if _is_list(lines[start]) else "code"
        else:
            i += 1
            while i < n and lines[i] != "" and not _indented(lines[i]):
                i += 1
            end = i
            if i < n and lines[i] != "" and not _is_list(lines[i]):
                if _is_list(lines[i - 1]):
                    force_indent = end
                    end -= 1
                    while end > start and _is_list(lines[end - 1]):
                        end -= 1
                elif lines[i - 1].endswith("{") or lines[i - 1].endswith("\\"):
                    force_indent = end
                    end -= 1
                if start == end and force_indent > start:
                    i = start
                    continue
            if end - start == 1 and _is_heading(lines[start]):
                kind = "heading"
            elif end - start == 1 and _is_old_heading(lines[start], lines, start):
                kind = "oldheading"
            else:
                kind = "para"
        spans.append(_Span(start, end, kind))
        i = end
    return spans


@dataclass
class _Block:
    kind: str  # para | heading | code | list
    text: str = ""
    items: list[tuple[str, list[str]]] = field(default_factory=list)
    """list: (number or "", paragraphs)."""
    blank_before: bool = False
    blank_between: bool = False


def _parse(text_lines: list[str]) -> list[_Block]:
    lines = _unindent(text_lines)
    blocks: list[_Block] = []
    prev_end = 0
    for s in _parse_spans(lines):
        chunk = lines[s.start : s.end]
        if s.kind == "list":
            blocks.append(_list(chunk, prev_end < s.start))
        elif s.kind == "code":
            body = _unindent(chunk)
            blocks.append(_Block("code", "\n".join([*body, ""])))
        elif s.kind == "oldheading":
            blocks.append(_Block("heading", _trim_space(chunk[0])))
        elif s.kind == "heading":
            blocks.append(_Block("heading", _trim_space(chunk[0][1:])))
        else:
            blocks.append(_Block("para", "\n".join(chunk)))
        prev_end = s.end
    return blocks


def _list(lines: list[str], force_blank_before: bool) -> _Block:
    first = _list_marker(lines[0])
    assert first is not None
    numbered = first[0] != ""
    block = _Block("list", blank_before=force_blank_before)
    text: list[str] = []
    current: list[str] | None = None

    def flush() -> None:
        nonlocal text
        if current is not None and text:
            current.append("\n".join(text))
        text = []

    for line in lines:
        marker = _list_marker(line)
        if marker is not None and (marker[0] != "") == numbered:
            flush()
            current = []
            block.items.append((marker[0], current))
            line = marker[1]
        line = _trim_space(line)
        if line == "":
            block.blank_between = True
            flush()
            continue
        text.append(line)
    flush()
    return block


# -- go/doc/comment: inline text (only what changes the printed text) ----------------------


def _ident_len(s: str, i: int) -> int:
    n = i
    while n < len(s):
        c = s[n]
        if c.isascii():
            if c.isalnum() or c == "_":
                if n == i and c.isdigit():
                    break
                n += 1
                continue
            break
        if _is_letter(c):
            n += 1
            continue
        break
    return n - i


_HOST = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@-.[]:")
_URL_PUNCT = set(".,:;?!")
_PATH = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$'()*+&#=@~_/-[]{}%")


def _auto_url_len(s: str, i: int) -> int:
    t = s[i : i + 8]
    if len(s) - i < 7:
        return 0
    colon = next((k for k in (3, 4, 5, 6) if t[k : k + 1] == ":"), 0)
    if not colon or s[i + colon : i + colon + 3] != "://" or s[i : i + colon] not in _SCHEMES:
        return 0
    j = i + colon + 3
    if j >= len(s) or s[j] not in _HOST or s[j] in _URL_PUNCT:
        return 0
    j += 1
    end = j
    while j < len(s) and s[j] in _HOST:
        if s[j] not in _URL_PUNCT:
            end = j + 1
        j += 1
    j = end
    stack: list[str] = []
    end = j
    while j < len(s):
        c = s[j]
        if c in _URL_PUNCT:
            j += 1
            continue
        if c not in _PATH:
            break
        if c in "({[":
            stack.append({"(": ")", "{": "}", "[": "]"}[c])
        elif c in ")}]":
            if not stack or stack[-1] != c:
                break
            stack.pop()
        if not stack:
            end = j + 1
        j += 1
    return end - i


def _inline(s: str) -> str:
    """parseText's visible rewrites: `` -> “ and '' -> ” (not in URLs or ``` runs)."""
    if "``" not in s and "''" not in s:
        return s
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        url = _auto_url_len(s, i)
        if url:
            out.append(s[i : i + url])
            i += url
            continue
        ident = _ident_len(s, i)
        if ident:
            out.append(s[i : i + ident])
            i += ident
            continue
        if s.startswith("``", i):
            if i + 2 < n and s[i + 2] == "`":
                j = i + 3
                while j < n and s[j] == "`":
                    j += 1
                out.append(s[i:j])
                i = j
                continue
            out.append("“")
            i += 2
        elif s.startswith("''", i):
            out.append("”")
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


# -- go/doc/comment: printer ------------------------------------------------------------------


def _print(blocks: list[_Block]) -> list[str]:
    out: list[str] = []
    for i, b in enumerate(blocks):
        if i > 0 and (b.kind != "list" or b.blank_before or b.blank_between):
            out.append("")
        if b.kind == "para":
            out.extend(_inline(b.text).split("\n"))
        elif b.kind == "heading":
            out.append("# " + b.text)
        elif b.kind == "code":
            for line in b.text.split("\n")[:-1]:
                out.append("\t" + line if line else "")
        else:
            loose = b.blank_between
            for k, (number, paras) in enumerate(b.items):
                if k > 0 and loose:
                    out.append("")
                marker = "  - " if number == "" else f" {number}. "
                for p, para in enumerate(paras):
                    text = _inline(para).replace("\n", "\n    ")
                    if p == 0:
                        text = marker + text
                    else:
                        out.append("")
                        text = "    " + text
                    out.extend(text.split("\n"))
                if not paras:
                    out.append(marker)
    return out


# -- public -----------------------------------------------------------------------------


def _neutralize_link_defs(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        stripped = line.lstrip(" \t")
        if _is_link_def(stripped):
            k = line.find("]:")
            line = line[: k + 2] + "\u00a0" + line[k + 3 :]
        out.append(line)
    return out


def format_text(lines: Iterable[str]) -> list[str]:
    """Comment text (no markers) -> the text lines gofmt's doc comment printer produces."""
    clean = [sanitize(line) for line in lines]
    clean = [line.rstrip(" \t") for line in clean]
    if not any(clean):
        return []
    text = _trim_right(_print(_parse(_neutralize_link_defs(clean))))
    # gofmt's formatting is not always idempotent (a code block printed right before a
    # list can merge with it on the next pass): format until nothing changes, so the
    # result is a fixed point of gofmt.
    for _ in range(8):
        again = _trim_right(_print(_parse(text)))
        if again == text:
            break
        text = again
    return text


_TRAILING = "".join(sorted(_GO_SPACE))


def _trim_right(lines: list[str]) -> list[str]:
    """go/printer drops trailing white space (unicode.IsSpace) from comment lines."""
    return [line.rstrip(_TRAILING) for line in lines]


def to_comment_lines(text: Sequence[str]) -> list[str]:
    """Formatted text lines -> `//` lines (`//` alone for blanks, `//<tab>` for code).

    A line reading `+build ...` would be taken by gofmt for a build constraint (and moved
    to the top of the file): it gets a backslash, `\\+build`."""
    out = []
    for line in text:
        stripped = _trim_space(line)
        if stripped.startswith("+build"):
            k = line.index("+build")
            line = line[:k] + "\\" + line[k:]
        if line == "":
            out.append("//")
        elif line.startswith("\t"):
            out.append("//" + line)
        else:
            out.append("// " + line)
    return out


def doc_lines(
    lines: Iterable[str], *, deprecated: bool = False, extra: Sequence[str] = ()
) -> list[str]:
    return list(_doc_lines(tuple(lines), deprecated, tuple(extra)))


_DEPRECATED = "Deprecated: Marked as deprecated in the proto file."


@lru_cache(maxsize=65536)
def _doc_lines(lines: tuple[str, ...], deprecated: bool, extra: tuple[str, ...]) -> tuple[str, ...]:
    """The `//` lines of a doc comment: the proto comment, then `extra` (raw text lines,
    after a blank line), then a `Deprecated:` paragraph when the element is deprecated.
    [] when there is nothing to say.

    Everything is formatted in one pass: a paragraph's shape can depend on what follows
    it (an old-style heading needs a following paragraph)."""
    if not extra and plain_paragraph(lines):
        # The common case, one paragraph of ordinary text: nothing for gofmt to change.
        out = ["// " + line for line in lines]
        if deprecated:
            out += ["//", "// " + _DEPRECATED] if out else ["// " + _DEPRECATED]
        return tuple(out)
    raw = list(lines)
    if extra:
        raw += ["", *extra]
    if deprecated:
        raw += ["", _DEPRECATED]
    return tuple(to_comment_lines(format_text(raw)))


def plain_paragraph(lines: tuple[str, ...]) -> bool:
    """Lines gofmt reads as one plain paragraph and prints unchanged."""
    for line in lines:
        if (
            not line
            or line[0] in " \t#[+"
            or not line.isascii()
            or not line.isprintable()
            or line[-1] in " \t"
            or "``" in line
            or "''" in line
            or "+build" in line
        ):
            return False
    return True
