"""The few objects the construct templates iterate over.

Everything else a template prints arrives as a plain macro argument (see the comment at
the top of each template): strings already escaped, typed and wrapped in Python.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class OneofView:
    """An exclusive oneof of a message (one `OneOf<{...}>` member of its type)."""

    doc: str
    members: str
    """The members' property lines (JSDoc, `  key: type;`), each ending with a newline."""
    end: str
    """What follows the oneof's `OneOf<{...}>`: `" & "`, or `";"` after the last one
    (computed here: a Jinja2 `loop.last` costs a loop object per message)."""


@dataclass(slots=True)
class MethodView:
    doc: str
    signature: str
    """The whole member, e.g. `getUser(request: GetUserRequest): Promise<User>;`, already
    wrapped and indented past the first line when it is too long."""
