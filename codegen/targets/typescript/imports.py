"""The import set of one module: references are values, imports are a by-product.

A caller asks for a symbol of another module and gets back the identifier to write;
the set remembers the import. A symbol whose name is already declared in the module
(or imported from elsewhere) gets a deterministic alias (`Foo$1`). Symbols used only in
type positions are imported with `import type` / an inline `type` modifier, as
`verbatimModuleSyntax` requires; a symbol nobody asked for is never imported, so
`noUnusedLocals` holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.targets.typescript.names import Allocator, import_specifier

PRINT_WIDTH = 80


@dataclass(slots=True)
class Imports:
    module: str
    """The module being generated (output path relative to `out`)."""
    alloc: Allocator
    _by_module: dict[str, tuple[dict[str, str], set[str]]] = field(default_factory=dict)
    """Imported module -> (name -> local identifier, the names used as values)."""

    @classmethod
    def for_module(cls, module: str, declared: frozenset[str]) -> Imports:
        return cls(module, Allocator(declared))

    def type(self, module: str, name: str) -> str:
        """The local identifier of type `name` exported by `module`."""
        return self._use(module, name, value=False)

    def value(self, module: str, name: str) -> str:
        """The local identifier of value `name` exported by `module`."""
        return self._use(module, name, value=True)

    def _use(self, module: str, name: str, value: bool) -> str:
        if module == self.module:
            return name
        found = self._by_module.get(module)
        if found is None:
            found = self._by_module[module] = ({}, set())
        names, values = found
        local = names.get(name)
        if local is None:
            local = names[name] = self.alloc.take(name)
        if value:
            values.add(name)
        return local

    def pair(self, module: str, type_: str, value: str | None) -> tuple[str, str | None]:
        """`type(module, type_)` then, unless None, `value(module, value)`: in one call."""
        if module == self.module:
            return type_, value
        found = self._by_module.get(module)
        if found is None:
            found = self._by_module[module] = ({}, set())
        names, values = found
        local = names.get(type_)
        if local is None:
            local = names[type_] = self.alloc.take(type_)
        if value is None:
            return local, None
        values.add(value)
        other = names.get(value)
        if other is None:
            other = names[value] = self.alloc.take(value)
        return local, other

    def lines(self) -> list[str]:
        """The import declarations, sorted by specifier, then by imported name."""
        out: list[str] = []
        specs = sorted(
            (import_specifier(self.module, module), found)
            for module, found in self._by_module.items()
        )
        for spec, (names, values) in specs:
            parts = []
            for name in sorted(names):
                local = names[name]
                text = name if local == name else f"{name} as {local}"
                if values and name not in values:
                    text = "type " + text
                parts.append(text)
            keyword = "import" if values else "import type"
            out.append(braced(keyword, parts, f" from {_quote(spec)};"))
        return out


def braced(head: str, parts: list[str], tail: str) -> str:
    """`head { a, b }tail` on one line when it fits, else one part per line (prettier's way)."""
    if not parts:
        one = f"{head} {{  }}{tail}"
        return one if len(one) <= PRINT_WIDTH else f"{head} {{\n}}{tail}"
    # `head { a, b }tail`: the parts, a comma and a space between them, 5 more.
    if len(head) + len(tail) + sum(map(len, parts)) + 2 * len(parts) + 3 <= PRINT_WIDTH:
        return f"{head} {{ {', '.join(parts)} }}{tail}"
    inner = ",\n  ".join(parts)
    return f"{head} {{\n  {inner},\n}}{tail}"


def _quote(spec: str) -> str:
    return '"' + spec.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True, slots=True)
class ReExport:
    """One `export { ... } from` of a public import."""

    module: str
    types: tuple[str, ...]
    values: tuple[str, ...]


def reexport_lines(module: str, reexports: list[ReExport]) -> list[str]:
    out: list[str] = []
    for r in sorted(reexports, key=lambda r: import_specifier(module, r.module)):
        spec = _quote(import_specifier(module, r.module))
        if not r.values:
            out.append(braced("export type", sorted(r.types), f" from {spec};"))
            continue
        parts = sorted([*r.values, *(f"type {t}" for t in r.types)], key=_sort_key)
        out.append(braced("export", parts, f" from {spec};"))
    return out


def _sort_key(part: str) -> str:
    return part.removeprefix("type ")
