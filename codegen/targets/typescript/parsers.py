"""Parse and format functions: each message's field table and the functions that read
and write it.

A generated module declares, per message, a private table that the runtime compiles
on first use, and exports the two parsers and the printer the runtime builds from it:

    const $Order: MessageType<Order> = message("shop.v1.Order", () => [
      field("id", "id", "string"),
      field("lines", "lines", "repeated message", parseOrder_Line),
      field("status", "status", "enum", Status),
    ]);
    export const parseOrder = $Order.parse;
    export const parseOrderJson = $Order.parseJson;
    export const formatOrderJson = $Order.formatJson;

The table is a thunk, so references to other modules (parse functions, enum
companions) are read only when a message is first parsed: mutually recursive modules
load in any order. Per enum, a companion constant (same name as its type) lists the
value names and numbers.
"""

from __future__ import annotations

import re

from codegen.model import Enum, Message
from codegen.targets.typescript.imports import PRINT_WIDTH
from codegen.targets.typescript.names import FileNames, string_literal
from codegen.targets.typescript.types import TypeMapper


class ParserBuilder:
    """Parse views of one module's messages and enums."""

    __slots__ = ("_runtime", "names", "types")

    def __init__(self, names: FileNames, types: TypeMapper) -> None:
        self.names = names
        self.types = types
        self._runtime: dict[str, str] = {}

    def runtime(self, name: str, value: bool = True) -> str:
        local = self._runtime.get(name)
        if local is None:
            local = self._runtime[name] = (
                self.types.runtime_value(name) if value else self.types.runtime_type(name)
            )
        return local

    def message(self, m: Message, type_name: str, entries: list[str], numbers: list[int]) -> Parse:
        """The table and functions of a message, from its entries (each field's
        `field(...)` arguments and closing parenthesis, see `Entry`, in declaration order)
        and its field numbers (in the same order)."""
        full = m.ref.full_name
        info = self.names.infos[full]
        if numbers != sorted(numbers):
            entries = [e for _, e in sorted(zip(numbers, entries, strict=True))]
        runtime = self.runtime
        head = (
            f"const {info}: {runtime('MessageType', False)}<{type_name}> = "
            f"{runtime('message')}({string_literal(full)}, () => ["
        )
        return (
            _table(head, entries, runtime("field") if entries else ""),
            info,
            self.names.parsers[full],
            self.names.json_parsers[full],
            self.names.formatters[full],
            full,
        )

    def enum(self, e: Enum, type_name: str, literals: list[str]) -> str:
        """`export const E = enumType<E>(...)`: the value names (`literals`: as string
        literals) and numbers of an enum."""
        values = [f"[{n}, {v.number}]" for n, v in zip(literals, e.values, strict=True)]
        closed = ", true" if e.closed else ""
        head = (
            f"export const {type_name} = {self.runtime('enumType')}<{type_name}>"
            f"({string_literal(e.full_name)}, ["
        )
        one = f"{head}{', '.join(values)}]{closed});"
        if len(one) <= PRINT_WIDTH:
            return one + "\n"
        lines = "".join(f"  {v},\n" for v in values)
        return f"{head}\n{lines}]{closed});\n"


Parse = tuple[str, str, str, str, str, str]
"""What the message template prints of a message's table: the table statement (`const
$M: MessageType<M> = message(...)`, wrapped at the print width), its module-private name
(`$M`), the names of the parse, JSON parse and format functions, the full name."""

Entry = str
"""A table entry without its `field(`: the JSON name and the proto name as string
literals, the `"label type"` literal, `, reference` (or nothing) and `)`:
`"id", "id", "string")`."""

_ENTRY = re.compile(r'("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*"), ("[^"]*")(?:, (.*))?\)')


def _table(head: str, entries: list[Entry], field: str) -> str:
    """The table statement: one line when it fits, else one entry per line (an entry
    too long for its line gets one element per line, as prettier does).

    Entries are `field(...)` calls, not array literals: every entry then has one type,
    where literals would each have their own (their parser's return type differs) and
    tsc would compare all of them pairwise (quadratic; deep on big messages)."""
    if not entries:
        return head + "]);\n"
    call = field + "("
    # Lengths first: the one-line form is rarely the one that fits.
    if len(head) + sum(map(len, entries)) + (len(call) + 2) * len(entries) + 1 <= PRINT_WIDTH:
        return head + call + (", " + call).join(entries) + "]);\n"
    if max(map(len, entries)) + len(call) + 3 <= PRINT_WIDTH:
        return head + "\n  " + call + (",\n  " + call).join(entries) + ",\n]);\n"
    fits = PRINT_WIDTH - 3 - len(call)
    lines = [
        f"  {call}{entry},\n" if len(entry) <= fits else _one_per_line(call, entry)
        for entry in entries
    ]
    return head + "\n" + "".join(lines) + "]);\n"


def _one_per_line(call: str, entry: Entry) -> str:
    inner = "".join(f"    {p},\n" for p in _arguments(entry))
    return f"  {call}\n{inner}  ),\n"


def _arguments(entry: Entry) -> list[str]:
    """The arguments of an entry: three string literals and maybe a reference."""
    if "\\" not in entry and entry.count('"') == 6:
        # Without escapes, quotes only delimit the literals: split at the separators
        # when no literal holds one (the usual case), else parse.
        parts = entry[:-1].split(", ")
        if len(parts) in (3, 4) and all(len(p) > 1 and p[0] == '"' == p[-1] for p in parts[:3]):
            return parts
    found = _ENTRY.fullmatch(entry)
    assert found is not None, entry
    return [p for p in found.groups() if p is not None]
