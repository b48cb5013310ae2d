"""Where each declaration is and what comments it carries, from protoc's source info.

Reading the source info is the largest single part of the model build on big schemas:
protoc emits a location for every part of every declaration, over half a million at a
thousand files, and each is a Python object to create and inspect. `LocationsInHelper`
reads the locations of some files in a forked process while this one builds the others;
the results travel back as plain tuples (`marshal`: no class to rebuild on arrival).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TypeAlias, TypeVar

from google.protobuf import descriptor_pb2 as d

from codegen.processes import Child, ChildLost

Path: TypeAlias = tuple[int, ...]
Lines: TypeAlias = tuple[str, ...]
RawComments: TypeAlias = tuple[Lines, Lines, tuple[Lines, ...]]
"""Leading, trailing and detached comments, as lines."""
RawTable: TypeAlias = tuple[dict[Path, tuple[int, int]], dict[Path, RawComments]]
"""1-based (line, column) by declaration path, and comments by declaration path."""

S = TypeVar("S")
C = TypeVar("C")


def read_locations(
    fd: d.FileDescriptorProto,
    make_span: Callable[[int, int], S],
    make_comments: Callable[[Lines, Lines, tuple[Lines, ...]], C],
) -> tuple[dict[Path, S], dict[Path, C]]:
    """Span (`make_span(line, col)`, 1-based) and comments of every declaration of `fd`.

    Declarations have even-length paths (`[4, i]` a message, `[4, i, 2, j]` its field);
    the parts of a declaration (name, number, type, ...) have odd-length paths and are
    skipped. Locations without comments get no comments entry."""
    spans: dict[Path, S] = {}
    comments: dict[Path, C] = {}
    lines = comment_lines
    for loc in fd.source_code_info.location:
        raw = loc.path
        size = len(raw)
        if size % 2 and size != 1:
            continue
        path = tuple(raw)
        span = loc.span
        spans[path] = make_span(span[0] + 1, span[1] + 1)
        leading = loc.leading_comments
        trailing = loc.trailing_comments
        if leading or trailing:
            detached = loc.leading_detached_comments
            comments[path] = make_comments(
                lines(leading) if leading else (),
                lines(trailing) if trailing else (),
                tuple(lines(c) for c in detached) if detached else (),
            )
        elif loc.leading_detached_comments:
            comments[path] = make_comments(
                (), (), tuple(lines(c) for c in loc.leading_detached_comments)
            )
    return spans, comments


def comment_lines(text: str | bytes) -> Lines:
    """protoc's comment text -> lines: common indentation removed, outer blank lines dropped.

    CRLF files leave a `\r` on every line, and a comment that is not valid UTF-8 reaches
    us as bytes; both must read like any other comment.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    # The usual case, a one-line `// text` comment, arrives as " text\n".
    if text[:1] == " " and text.find("\n") == len(text) - 1 and text[1:2] not in (" ", "\t"):
        line = text[1:-1].rstrip(" \t\r")
        if line.strip():
            return (line,)
    if not text.strip():
        return ()
    lines = [line.rstrip(" \t\r") for line in text.split("\n")]
    margin = min(
        (len(line) - len(line.lstrip(" \t")) for line in lines if line.strip(" \t")),
        default=0,
    )
    lines = [line[margin:] for line in lines]
    while lines and not lines[0].strip(" \t"):
        lines.pop(0)
    while lines and not lines[-1].strip(" \t"):
        lines.pop()
    return tuple(lines)


def _pair(line: int, col: int) -> tuple[int, int]:
    return line, col


def _triple(leading: Lines, trailing: Lines, detached: tuple[Lines, ...]) -> RawComments:
    return leading, trailing, detached


class LocationsInHelper:
    """The locations of `protos`, read by a forked child while this process works on.

    `table(name)` waits for the child the first time it is called. Whatever goes wrong
    (no process to spare, the child killed, unreadable data) leaves `table` answering
    None, and the caller reads those files itself: the same result, later."""

    def __init__(self, protos: Sequence[d.FileDescriptorProto]) -> None:
        self._child = Child.fork(functools.partial(_read_all, protos), marshalled=True)
        self._tables: dict[str, RawTable] | None = None if self._child else {}

    def table(self, name: str) -> RawTable | None:
        if self._tables is None:
            assert self._child is not None
            try:
                self._tables = self._child.result()
            except ChildLost:
                self._tables = {}
        return self._tables.get(name)

    def close(self) -> None:
        """End the child if its tables were never asked for (the build failed)."""
        if self._child is not None:
            self._child.close()


def _read_all(protos: Sequence[d.FileDescriptorProto]) -> dict[str, RawTable]:
    return {fd.name: read_locations(fd, _pair, _triple) for fd in protos}
