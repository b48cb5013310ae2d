"""The imports of one generated module: references are values, imports a by-product.

Every reference to another module goes through `Imports.ref()`, which returns the
expression to write (`_attestation.Attestation`) and remembers that the module is used;
`lines()` then lists exactly the imports the rendered body needs. Aliases depend only on
the set of modules the file may import (its dependencies and what they publicly
re-export), never on rendering order: `_` + the module's last path segment, with more
segments when two candidates share it (`_v1_types`, `_v2_types`).
"""

from __future__ import annotations

from codegen.model import File
from codegen.model.types import EnumRef, MessageRef
from codegen.targets.python.names import RUNTIME_MODULE, ModulePath, Names, Scope

RUNTIME_ALIAS = "_rt"
TYPING_ALIAS = "_t"
DATACLASSES_ALIAS = "_dc"
LOCAL = "_out"
"""The local variable of `to_dict()` (never an import alias)."""
_PRIVATE = (RUNTIME_ALIAS, TYPING_ALIAS, DATACLASSES_ALIAS, LOCAL)


class Imports:
    reserved: tuple[str, ...] = _PRIVATE
    """Names no module alias may take (the module's own private names)."""

    def __init__(self, names: Names, file: File) -> None:
        self.names = names
        self.file = file
        self.package = names.package
        self.module = names.modules[file.name]
        self.used: set[str] = set()
        self._aliases = self._plan_aliases()

    def _candidates(self) -> list[str]:
        schema = self.names.schema
        seen: set[str] = set()
        todo = list(self.file.dependencies)
        while todo:
            dep = todo.pop()
            if dep in seen:
                continue
            seen.add(dep)
            todo.extend(schema.file(dep).public_dependencies)
        return sorted(d for d in seen if d in self.names.modules)

    def _plan_aliases(self) -> dict[str, str]:
        candidates = self._candidates()
        paths = {c: self.names.modules[c].parts for c in candidates}

        def spelled(parts: tuple[str, ...], k: int) -> str:
            return "_" + "_".join(parts[-k:])

        depth = dict.fromkeys(candidates, 1)
        while True:
            groups: dict[str, list[str]] = {}
            for c in candidates:
                groups.setdefault(spelled(paths[c], depth[c]), []).append(c)
            clashes = [
                c
                for members in groups.values()
                if len(members) > 1
                for c in members
                if depth[c] < len(paths[c])
            ]
            if not clashes:
                break
            for c in clashes:
                depth[c] += 1
        scope = Scope(self.reserved)
        return {c: scope.claim(spelled(paths[c], depth[c])) for c in candidates}

    # -- references ----------------------------------------------------------------------

    def ref(self, ref: MessageRef | EnumRef) -> str:
        """The expression naming a generated message or enum from this module."""
        path = self.names.path(ref)
        if ref.file == self.file.name:
            return path
        alias = self._aliases[ref.file]
        self.used.add(ref.file)
        return f"{alias}.{path}"

    def module_alias(self, file: str) -> str:
        self.used.add(file)
        return self._aliases[file]

    @property
    def rt(self) -> str:
        self.used.add(RUNTIME_ALIAS)
        return RUNTIME_ALIAS

    @property
    def typing(self) -> str:
        self.used.add(TYPING_ALIAS)
        return TYPING_ALIAS

    @property
    def dataclasses(self) -> str:
        self.used.add(DATACLASSES_ALIAS)
        return DATACLASSES_ALIAS

    def dotted(self, module: ModulePath) -> str:
        return module.dotted(self.package)

    # -- the import block -----------------------------------------------------------------

    def lines(self) -> tuple[list[str], list[str]]:
        """(standard library imports, generated-module imports), each sorted."""
        stdlib = []
        if DATACLASSES_ALIAS in self.used:
            stdlib.append(f"import dataclasses as {DATACLASSES_ALIAS}")
        if TYPING_ALIAS in self.used:
            stdlib.append(f"import typing as {TYPING_ALIAS}")
        local: list[tuple[str, str]] = []
        if RUNTIME_ALIAS in self.used:
            runtime = ".".join(filter(None, (self.package, RUNTIME_MODULE)))
            local.append((runtime, RUNTIME_ALIAS))
        for dep in sorted(self.used - set(_PRIVATE)):
            local.append((self.dotted(self.names.modules[dep]), self._aliases[dep]))
        local.sort()
        return stdlib, [f"import {module} as {alias}" for module, alias in local]
