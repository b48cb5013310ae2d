"""`@node`: the model's classes, immutable to the type checker and cheap to build.

A frozen dataclass sets every attribute through `object.__setattr__` to get around its
own guard, which makes its `__init__` about five times slower than a plain slotted
class's. The model build creates some 420,000 nodes at 1000 proto files: frozen, that
was 0.27 s of a 1.1 s build, on the path every `generate` waits for.

So the guard lives where it costs nothing: mypy (strict, on the tool) rejects any
assignment to a node's attribute, as it does for a frozen dataclass. At runtime the
classes are plain slotted dataclasses with the same equality and hashing; the test
suite sets PROTOBIND_FROZEN_MODEL=1, which makes them frozen at runtime as well, so a
target that writes to the model fails its tests either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> object:
        return lambda decorator: decorator


FROZEN_AT_RUNTIME = os.environ.get("PROTOBIND_FROZEN_MODEL") == "1"
"""Read once, at import: every node class is made the same way in one process."""

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def node(cls: type[_T]) -> type[_T]:
    if FROZEN_AT_RUNTIME:
        return dataclass(frozen=True, slots=True)(cls)
    # unsafe_hash: the hash a frozen dataclass would have (every field), so nodes and
    # references stay usable as dict keys and set members.
    return dataclass(slots=True, unsafe_hash=True)(cls)
