"""Parse functions: each message's field table and the functions that read it.

A generated module declares, per message, `parseM(value, options)` and
`parseMJson(text, options)`, both thin calls into the runtime, and a private table
the runtime compiles on first use:

    const $Order = message(parseOrder, "shop.v1.Order", () => [
      ["id", "id", "string"],
      ["lines", "lines", "repeated message", parseOrder_Line],
      ["status", "status", "enum", Status],
    ]);

The table is a thunk, so references to other modules (parse functions, enum
companions) are read only when a message is first parsed: mutually recursive modules
load in any order. Per enum, a companion constant (same name as its type) lists the
value names and numbers.
"""

from __future__ import annotations

from codegen.model import (
    Enum,
    EnumRef,
    Field,
    ListOf,
    MapOf,
    Message,
    MessageRef,
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

    def message(self, m: Message, type_name: str) -> ParseView:
        full = m.full_name
        parser = self.names.parsers[full]
        json_parser = self.names.json_parsers[full]
        info = self.names.infos[full]
        options = self.runtime("ParseOptions", value=False)
        entries = [self._entry(f) for f in sorted(m.fields, key=_number)]
        return ParseView(
            doc=f"/** Validates the JSON of `{full}`; returns its canonical form. */\n",
            signature=_signature(parser, f"value: unknown, options?: {options}", type_name),
            body=_call(
                f"  return {self.runtime('parseMessage')}<{type_name}>(",
                ["value", "options", info],
                ");",
                "  ",
            ),
            json_doc=(
                f"/** Parses JSON text of `{full}` (duplicate keys rejected, integers exact). */\n"
            ),
            json_signature=_signature(json_parser, f"text: string, options?: {options}", type_name),
            json_body=_call(
                f"  return {self.runtime('parseMessageJson')}<{type_name}>(",
                ["text", "options", info],
                ");",
                "  ",
            ),
            table=_table(
                f"const {info} = {self.runtime('message')}({parser}, "
                f"{string_literal(full)}, () => [",
                entries,
            ),
        )

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

    def _entry(self, f: Field) -> list[str]:
        t = f.type
        if isinstance(t, ListOf):
            label = "repeated "
            value: ValueType = t.element
        elif isinstance(t, MapOf):
            label = f"map<{t.key.kind.value}> "
            value = t.value
        else:
            value = t
            if f.oneof is not None:
                label = f"oneof {f.oneof} "
            elif f.has_presence and not isinstance(value, MessageRef):
                label = "optional "
            else:
                label = ""
        base, ref = self._base(value)
        parts = [string_literal(f.json_name), string_literal(f.name), f'"{label}{base}"']
        if ref:
            parts.append(ref)
        return parts

    def _base(self, t: ValueType) -> tuple[str, str]:
        if isinstance(t, ScalarType):
            return t.kind.value, ""
        if isinstance(t, EnumRef):
            if t.is_null_value:
                return "null", ""
            names = self.types.names_of(t.file)
            return "enum", self.types.imports.value(names.module, names.types[t.full_name])
        wkt = t.well_known
        if wkt is WellKnown.VALUE:
            return "value", ""
        if wkt is not None:
            return "message", self.runtime(WKT_PARSERS[wkt])
        names = self.types.names_of(t.file)
        return "message", self.types.imports.value(names.module, names.parsers[t.full_name])


def _number(f: Field) -> int:
    return f.number


def _signature(name: str, params: str, result: str) -> str:
    """`export function name(params): result` as prettier would wrap it."""
    one = f"export function {name}({params}): {result} {{"
    if len(one) <= PRINT_WIDTH:
        return one
    inner = "".join(f"  {p},\n" for p in params.split(", "))
    return f"export function {name}(\n{inner}): {result} {{"


def _call(head: str, args: list[str], tail: str, indent: str) -> str:
    one = f"{head}{', '.join(args)}{tail}"
    if len(one) <= PRINT_WIDTH:
        return one
    inner = "".join(f"{indent}  {a},\n" for a in args)
    return f"{head}\n{inner}{indent}{tail}"


def _table(head: str, entries: list[list[str]]) -> str:
    """The table statement: one line when it fits, else one entry per line (an entry
    too long for its line gets one element per line, as prettier does)."""
    rendered = ["[" + ", ".join(e) + "]" for e in entries]
    one = f"{head}{', '.join(rendered)}]);"
    if len(one) <= PRINT_WIDTH:
        return one + "\n"
    lines = []
    for parts, text in zip(entries, rendered, strict=True):
        if len(text) + 3 <= PRINT_WIDTH:
            lines.append(f"  {text},\n")
        else:
            lines.append("  [\n" + "".join(f"    {p},\n" for p in parts) + "  ],\n")
    return head + "\n" + "".join(lines) + "]);\n"
