"""Qualified identifiers and the import set of one generated Go file.

Like protogen's GoIdent: a template asks for an identifier (import path + name) and gets
back the text to write (`time.Time`, `typesv1.Attestation`, or just `Attestation` in its
own package); the file remembers the import. Two packages with the same name get
deterministic aliases (`v1`, `v12`, ...), assigned in order of first use, which is
declaration order. Nothing is imported that is not used.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from codegen.targets.go.names import GO_KEYWORDS, GO_PREDECLARED, TEMPLATE_LOCALS


class GoIdent(NamedTuple):
    """A Go identifier and where it lives (a NamedTuple: one is made per type, cheaply)."""

    import_path: str
    """"" for predeclared identifiers and for the file's own package."""
    package: str
    """The package's name (the default import name)."""
    name: str


STD_PACKAGES = ("context", "time")
"""Standard packages generated code may import; their names are never given to others."""

_RESERVED = frozenset(GO_KEYWORDS | GO_PREDECLARED | TEMPLATE_LOCALS | set(STD_PACKAGES))


class Imports:
    def __init__(self, self_path: str, package_level: Collection[str], runtime: GoIdent) -> None:
        self.self_path = self_path
        self.runtime_path = runtime.import_path
        self._package_level = package_level
        self._taken = set(_RESERVED)
        self._taken.add(runtime.package)
        self._alias: dict[str, str] = {}
        self._fixed = {p: p for p in STD_PACKAGES}
        self._fixed[runtime.import_path] = runtime.package

    def qualifier(self, import_path: str, package: str) -> str:
        """The name this file uses for the package (and records the import)."""
        alias = self._alias.get(import_path)
        if alias is not None:
            return alias
        alias = self._fixed.get(import_path)
        if alias is None:
            alias = package
            n = 2
            while alias in self._taken or alias in self._package_level:
                alias = f"{package}{n}"
                n += 1
            self._taken.add(alias)
        self._alias[import_path] = alias
        return alias

    def ident(self, ident: GoIdent) -> str:
        if not ident.import_path or ident.import_path == self.self_path:
            return ident.name
        return f"{self.qualifier(ident.import_path, ident.package)}.{ident.name}"

    def rt(self, name: str) -> str:
        """A runtime identifier (`protobindrt.Duration`)."""
        return f"{self.qualifier(self.runtime_path, '')}.{name}"

    def groups(self) -> list[list[str]]:
        """Import spec lines in gofmt order: standard library, then the rest."""
        std: list[tuple[str, str]] = []
        other: list[tuple[str, str]] = []
        for path, alias in self._alias.items():
            last = path.rsplit("/", 1)[-1]
            spec = f'"{path}"' if alias == last else f'{alias} "{path}"'
            first = path.split("/", 1)[0]
            (other if "." in first else std).append((path, spec))
        return [[spec for _, spec in sorted(g)] for g in (std, other) if g]
