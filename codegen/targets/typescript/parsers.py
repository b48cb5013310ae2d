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

from itertools import pairwise

from codegen.model import (
    Enum,
    EnumRef,
    Field,
    Message,
    ScalarType,
    WellKnown,
)
from codegen.model.types import ValueType
from codegen.targets.typescript.imports import PRINT_WIDTH
from codegen.targets.typescript.names import FileNames, string_literal
from codegen.targets.typescript.types import TypeMapper
from codegen.targets.typescript.views import EnumCompanionView, ParseView

WKT_PARSERS: dict[WellKnown, str] = {
    WellKnown.ANY: "parseAny",
    WellKnown.DURATION: "parseDuration",
    WellKnown.EMPTY: "parseEmpty",
    WellKnown.FIELD_MASK: "parseFieldMask",
    WellKnown.STRUCT: "parseStruct",
    WellKnown.LIST_VALUE: "parseListValue",
    WellKnown.TIMESTAMP: "parseTimestamp",
    WellKnown.DOUBLE_VALUE: "parseDoubleValue",
    WellKnown.FLOAT_VALUE: "parseFloatValue",
    WellKnown.INT64_VALUE: "parseInt64Value",
    WellKnown.UINT64_VALUE: "parseUInt64Value",
    WellKnown.INT32_VALUE: "parseInt32Value",
    WellKnown.UINT32_VALUE: "parseUInt32Value",
    WellKnown.BOOL_VALUE: "parseBoolValue",
    WellKnown.STRING_VALUE: "parseStringValue",
    WellKnown.BYTES_VALUE: "parseBytesValue",
}
"""Runtime parser of each well-known message (Value has a table type of its own)."""


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

    def message(self, m: Message, type_name: str, entries: list[Entry]) -> ParseView:
        full = m.full_name
        info = self.names.infos[full]
        if any(a[0] > b[0] for a, b in pairwise(entries)):
            entries = sorted(entries)
        return ParseView(
            table=_table(
                f"const {info}: {self._message_type}<{type_name}> = "
                f"{self._message_fn}({string_literal(full)}, () => [",
                entries,
                self.runtime("field") if entries else "",
            ),
            parser=self.names.parsers[full],
            json_parser=self.names.json_parsers[full],
            formatter=self.names.formatters[full],
            info=info,
            full_name=full,
        )

    @property
    def _message_fn(self) -> str:
        return self.runtime("message")

    @property
    def _message_type(self) -> str:
        return self.runtime("MessageType", value=False)

    def enum(self, e: Enum, type_name: str) -> EnumCompanionView:
        values = [f"[{string_literal(v.name)}, {v.number}]" for v in e.values]
        closed = ", true" if e.closed else ""
        head = (
            f"export const {type_name} = {self.runtime('enumType')}<{type_name}>"
            f"({string_literal(e.full_name)}, ["
        )
        one = f"{head}{', '.join(values)}]{closed});"
        if len(one) <= PRINT_WIDTH:
            return EnumCompanionView(one + "\n")
        lines = "".join(f"  {v},\n" for v in values)
        return EnumCompanionView(f"{head}\n{lines}]{closed});\n")

    # -- field table ---------------------------------------------------------------------

    def base(self, t: ValueType) -> tuple[str, str]:
        """(table type, reference) of a value type; the reference starts with `, `."""
        if isinstance(t, ScalarType):
            return t.kind.value, ""
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return "null", ""
            names = self.types.names_of(t.file)
            return "enum", ", " + self.types.imports.value(names.module, names.types[t.full_name])
        wkt = t.well_known
        if wkt is WellKnown.VALUE:
            return "value", ""
        if wkt is not None:
            return "message", ", " + self.runtime(WKT_PARSERS[wkt])
        names = self.types.names_of(t.file)
        return "message", ", " + self.types.imports.value(names.module, names.parsers[t.full_name])


def _number(f: Field) -> int:
    return f.number


Entry = tuple[int, str, str, str, str]
"""A table entry: field number, JSON name and proto name as string literals, the
`"label type"` literal, and `, reference` (or "")."""


def _table(head: str, entries: list[Entry], field: str) -> str:
    """The table statement: one line when it fits, else one entry per line (an entry
    too long for its line gets one element per line, as prettier does).

    Entries are `field(...)` calls, not array literals: every entry then has one type,
    where literals would each have their own (their parser's return type differs) and
    tsc would compare all of them pairwise (quadratic; deep on big messages)."""
    rendered = [f"{field}({json}, {proto}, {type_}{ref})" for _, json, proto, type_, ref in entries]
    one = f"{head}{', '.join(rendered)}]);"
    if len(one) <= PRINT_WIDTH or not entries:
        return one + "\n"
    lines = []
    for (_, json, proto, type_, ref), text in zip(entries, rendered, strict=True):
        if len(text) + 3 <= PRINT_WIDTH:
            lines.append(f"  {text},\n")
        else:
            parts = [json, proto, type_, *([ref[2:]] if ref else [])]
            lines.append(f"  {field}(\n" + "".join(f"    {p},\n" for p in parts) + "  ),\n")
    return head + "\n" + "".join(lines) + "]);\n"
