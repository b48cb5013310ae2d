"""TypeRef -> TypeScript type expression of the JSON wire shape, recording imports.

The shape follows the JSON profile (DESIGN §5): 64-bit integers are `string` or
`number`, floats may be the strings `"NaN"`/`"Infinity"`/`"-Infinity"`, bytes are
base64 strings, open enums may also be numbers (ProtoJSON prints unknown values as
numbers), well-known types are their JSON forms (aliases exported by the runtime).
"""

from __future__ import annotations

from collections.abc import Callable

from codegen.config import JsonProfile
from codegen.model import EnumRef, ListOf, MapOf, MessageRef, Scalar, ScalarType, TypeRef
from codegen.model.wkt import WellKnown
from codegen.targets.typescript.imports import Imports
from codegen.targets.typescript.names import RUNTIME_MODULE, FileNames

FLOAT_TYPE = 'number | "NaN" | "Infinity" | "-Infinity"'

WKT_TYPES: dict[WellKnown, str] = {
    WellKnown.ANY: "Any",
    WellKnown.DURATION: "Duration",
    WellKnown.EMPTY: "Empty",
    WellKnown.FIELD_MASK: "FieldMask",
    WellKnown.STRUCT: "Struct",
    WellKnown.VALUE: "Value",
    WellKnown.LIST_VALUE: "ListValue",
    WellKnown.TIMESTAMP: "Timestamp",
    WellKnown.DOUBLE_VALUE: "DoubleValue",
    WellKnown.FLOAT_VALUE: "FloatValue",
    WellKnown.INT64_VALUE: "Int64Value",
    WellKnown.UINT64_VALUE: "UInt64Value",
    WellKnown.INT32_VALUE: "Int32Value",
    WellKnown.UINT32_VALUE: "UInt32Value",
    WellKnown.BOOL_VALUE: "BoolValue",
    WellKnown.STRING_VALUE: "StringValue",
    WellKnown.BYTES_VALUE: "BytesValue",
}
"""Runtime type alias of each well-known message (its JSON shape)."""

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

NULL_VALUE = "NullValue"


def scalar_type(kind: Scalar, profile: JsonProfile) -> str:
    text = _SCALARS.get((kind.value, profile.int64))
    if text is None:
        text = _SCALARS[(kind.value, profile.int64)] = _scalar_type(kind, profile)
    return text


def _scalar_type(kind: Scalar, profile: JsonProfile) -> str:
    if kind.is_float:
        return FLOAT_TYPE
    if kind.is_64bit:
        # Under int64 = "number", values past 2^53 stay decimal strings (exact).
        return "number | string" if profile.int64 == "number" else "string"
    if kind.is_integer:
        return "number"
    if kind is Scalar.BOOL:
        return "boolean"
    return "string"  # string; bytes as base64


_SCALARS: dict[tuple[str, str], str] = {}


def _scalar_types(profile: JsonProfile) -> dict[int, str]:
    """id(Scalar member) -> its type text under `profile` (shared: built once per profile)."""
    table = _SCALARS_BY_ID.get(profile.int64)
    if table is None:
        table = _SCALARS_BY_ID[profile.int64] = {
            id(kind): scalar_type(kind, profile) for kind in Scalar
        }
    return table


_SCALARS_BY_ID: dict[str, dict[int, str]] = {}


Described = tuple[str, str, str, str, str, str, str, str]
"""What a field's type contributes to its module, by position:

0. the TypeScript type of the property (`Foo[]`, `Kind | number`, ...);
1. the table label: `"repeated "`, `"map<K> "` or "";
2. the table type of the value (`"message"`, `"enum"`, `"int64"`, ...);
3. the table reference, starting with `, ` (the parse function or the enum companion),
   or "";
4. the table's type literal (`"repeated message"`);
5. the same for a field with presence (`"optional int32"`; messages and repeated fields
   need no `optional`);
6. the end of the table entry: 4, 3 and `)`;
7. the same for a field with presence: 5, 3 and `)`.
"""


def _described(
    text: str, label: str, base: str, ref: str, literal: str, presence: str
) -> Described:
    end = f"{literal}{ref})"
    return (
        text,
        label,
        base,
        ref,
        literal,
        presence,
        end,
        end if presence is literal else f"{presence}{ref})",
    )


Shared = tuple[Described, "str | None", str, "str | None", str]
"""A field type's description in a module that imports every name it needs unaliased,
and what it imports: (description, module the names come from (None: nothing to
import), type name, value name (None: a type only), suffix of the type after the type
name (`" | number"` for open enums))."""


class TypeTable:
    """Descriptions of field types shared by every module of one render.

    What a field's type contributes to a module differs between modules only through the
    local names of what it imports (`Foo` or, on a clash, `Foo$1`), so each distinct type
    is described once per render, and each module only records its imports (see
    `TypeMapper.describe`).
    """

    __slots__ = ("_by_key", "_parts", "_scalars", "names_of", "scalar_ids")

    def __init__(self, names_of: Callable[[str], FileNames], profile: JsonProfile) -> None:
        self.names_of = names_of
        self._scalars = _scalar_types(profile)
        self._by_key: dict[object, Shared] = {
            key: (d, None, "", None, "") for key, d in _scalar_descriptions(profile).items()
        }
        self._parts: dict[str, tuple[str, str, str, str | None, str, str | None, str]] = {}
        self.scalar_ids: dict[int, Described] = {}
        """id(ScalarType) -> its description, for every scalar reference object seen so
        far (the model shares them between files): where each module's memo starts."""

    def get(self, t: TypeRef, key: object) -> Shared:
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = self._new(t)
        return found

    def _new(self, t: TypeRef) -> Shared:
        element = t.element if isinstance(t, ListOf) else t.value if isinstance(t, MapOf) else t
        if isinstance(element, ScalarType):
            return (
                _wrap(t, self._scalars[id(element.kind)], element.kind.value, ""),
                None,
                "",
                None,
                "",
            )
        full = element.full_name
        part = self._parts.get(full)
        if part is None:
            part = self._parts[full] = (
                self._message(element) if isinstance(element, MessageRef) else self._enum(element)
            )
        text, base, ref, module, type_name, value_name, suffix = part
        return _wrap(t, text, base, ref), module, type_name, value_name, suffix

    def _message(self, ref: MessageRef) -> tuple[str, str, str, str | None, str, str | None, str]:
        wkt = ref.well_known
        if wkt is WellKnown.VALUE:
            return "Value", "value", "", RUNTIME_MODULE, "Value", None, ""
        if wkt is not None:
            name, parser = WKT_TYPES[wkt], WKT_PARSERS[wkt]
            return name, "message", ", " + parser, RUNTIME_MODULE, name, parser, ""
        names = self.names_of(ref.file)
        name, parser = names.types[ref.full_name], names.parsers[ref.full_name]
        return name, "message", ", " + parser, names.module, name, parser, ""

    def _enum(self, ref: EnumRef) -> tuple[str, str, str, str | None, str, str | None, str]:
        if ref.is_null_value:
            return "null", "null", "", None, "", None, ""
        names = self.names_of(ref.file)
        name = names.types[ref.full_name]
        suffix = "" if ref.closed else " | number"
        return name + suffix, "enum", ", " + name, names.module, name, name, suffix


def _wrap(t: TypeRef, text: str, base: str, ref: str) -> Described:
    """The description of a field holding `t`, from that of its value type."""
    if isinstance(t, ListOf):
        if " " in text:
            text = f"({text})"
        literal = f'"repeated {base}"'
        return _described(text + "[]", "repeated ", base, ref, literal, literal)
    if isinstance(t, MapOf):
        label = f"map<{t.key.kind.value}> "
        literal = f'"{label}{base}"'
        return _described(f"{{ [key: string]: {text} }}", label, base, ref, literal, literal)
    literal = f'"{base}"'
    presence = literal if isinstance(t, MessageRef) else f'"optional {base}"'
    return _described(text, "", base, ref, literal, presence)


class TypeMapper:
    """Type expressions for one module; every cross-module name goes through `imports`.

    `describe` is the hot path (once per field of every module): it memoises by the
    identity of the model's reference objects (the model shares one object between the
    fields of a file that hold the same type), then by what a reference denotes; a type
    new to the module costs its imports (a value's type, then its table reference: a
    fixed order, which keeps aliases deterministic) and, when they are not aliased,
    nothing else (`TypeTable`).
    """

    __slots__ = ("_by_key", "by_id", "imports", "module", "names_of", "table")

    def __init__(
        self, imports: Imports, names_of: Callable[[str], FileNames], table: TypeTable
    ) -> None:
        self.imports = imports
        self.module = imports.module
        self.names_of = names_of
        self.table = table
        self.by_id: dict[int, Described] = table.scalar_ids.copy()
        """id(reference object) -> description: what `describe` looks up first (callers
        in a hot loop may look it up themselves and call `describe_new` on a miss)."""
        self._by_key: dict[object, Described] = {}

    def describe(self, t: TypeRef) -> Described:
        """What a field holding `t` contributes (see `Described`)."""
        d = self.by_id.get(id(t))
        if d is None:
            d = self.describe_new(t)
        return d

    def describe_new(self, t: TypeRef) -> Described:
        """`describe` for a reference object not seen yet."""
        tt = type(t)
        key: object
        if tt is MessageRef or tt is EnumRef:
            key = t.full_name  # type: ignore[union-attr]
        elif tt is ListOf:
            element = t.element  # type: ignore[union-attr]
            key = (
                "[]",
                id(element.kind) if type(element) is ScalarType else element.full_name,  # type: ignore[union-attr]
            )
        elif tt is MapOf:
            value = t.value  # type: ignore[union-attr]
            key = (
                "{}",
                id(t.key.kind),  # type: ignore[union-attr]
                id(value.kind) if type(value) is ScalarType else value.full_name,  # type: ignore[union-attr]
            )
        else:
            d = self.table.get(t, id(t.kind))[0]  # type: ignore[union-attr]
            # The model's reference objects live as long as the schema, so their ids
            # are stable for the whole render.
            self.table.scalar_ids[id(t)] = self.by_id[id(t)] = d
            return d
        d = self._by_key.get(key)  # type: ignore[assignment]
        if d is None:
            d, module, type_name, value_name, suffix = self.table.get(t, key)
            if module is not None and module != self.module:
                local, value = self.imports.pair(module, type_name, value_name)
                if local != type_name or value != value_name:
                    d = _wrap(t, local + suffix, d[2], ", " + value if value is not None else "")
            self._by_key[key] = d
        self.by_id[id(t)] = d
        return d

    def message(self, ref: MessageRef) -> str:
        """The type of a message (a method's request or response)."""
        wkt = ref.well_known
        if wkt is not None:
            return self.runtime_type(WKT_TYPES[wkt])
        names = self.names_of(ref.file)
        return self.imports.type(names.module, names.types[ref.full_name])

    def runtime_type(self, name: str) -> str:
        return self.imports.type(RUNTIME_MODULE, name)

    def runtime_value(self, name: str) -> str:
        return self.imports.value(RUNTIME_MODULE, name)


def _scalar_descriptions(profile: JsonProfile) -> dict[object, Described]:
    """id(Scalar member) -> the description of a scalar field: the same in every module."""
    table = _SCALAR_DESCRIPTIONS.get(profile.int64)
    if table is None:
        table = _SCALAR_DESCRIPTIONS[profile.int64] = {}
        for kind in Scalar:
            table[id(kind)] = _described(
                scalar_type(kind, profile),
                "",
                kind.value,
                "",
                f'"{kind.value}"',
                f'"optional {kind.value}"',
            )
    return table


_SCALAR_DESCRIPTIONS: dict[str, dict[object, Described]] = {}
