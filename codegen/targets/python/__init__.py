"""The Python target: typed dataclasses, IntEnums and Protocols with a ProtoJSON codec.

Shape (as in every target): `names.py` (identifiers, escaping, collisions), `types.py`
(TypeRef -> annotation, default, encoder, decoder), `imports.py` (the import block),
`target.py` (the `Target`), plus `layout.py` (ruff-identical line breaking), `text.py`
(docstrings and string literals) and `views.py` (what templates see). Templates live in
`templates/python/`.
"""

from __future__ import annotations

from codegen.targets.python.target import PythonTarget

TARGET = PythonTarget()

__all__ = ["TARGET", "PythonTarget"]
