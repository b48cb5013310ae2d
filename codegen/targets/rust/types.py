"""TypeRef -> Rust type and prost attribute, as prost-build writes them.

Paths between generated types are relative (`super::super::acme::v1::Thing`), as
prost-build's are, so the tree can be mounted anywhere in a crate. Well-known types map
to `prost_types` (and wrappers to the bare Rust value, Empty to `()`), again as prost-build
maps them; their JSON forms come from the runtime module (see runtime.rs.j2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from codegen.model import EnumRef, Field, ListOf, MapOf, MessageRef, Scalar, ScalarType
from codegen.model.types import ValueType
from codegen.model.wkt import WellKnown
from codegen.targets.rust.names import camel, module_path, snake

STRING = "::prost::alloc::string::String"
BYTES = "::prost::alloc::vec::Vec<u8>"

_SCALAR_RUST = {
    Scalar.DOUBLE: "f64",
    Scalar.FLOAT: "f32",
    Scalar.INT32: "i32",
    Scalar.INT64: "i64",
    Scalar.UINT32: "u32",
    Scalar.UINT64: "u64",
    Scalar.SINT32: "i32",
    Scalar.SINT64: "i64",
    Scalar.FIXED32: "u32",
    Scalar.FIXED64: "u64",
    Scalar.SFIXED32: "i32",
    Scalar.SFIXED64: "i64",
    Scalar.BOOL: "bool",
    Scalar.STRING: STRING,
    Scalar.BYTES: BYTES,
}

_WRAPPERS = {
    WellKnown.DOUBLE_VALUE: "f64",
    WellKnown.FLOAT_VALUE: "f32",
    WellKnown.INT64_VALUE: "i64",
    WellKnown.UINT64_VALUE: "u64",
    WellKnown.INT32_VALUE: "i32",
    WellKnown.UINT32_VALUE: "u32",
    WellKnown.BOOL_VALUE: "bool",
    WellKnown.STRING_VALUE: STRING,
    WellKnown.BYTES_VALUE: BYTES,
}


def scalar_attr(kind: Scalar) -> str:
    return 'bytes = "vec"' if kind is Scalar.BYTES else kind.value


@dataclass(frozen=True, slots=True)
class FieldType:
    """What a struct field (or oneof variant) looks like."""

    rust: str
    """The field's full Rust type (`Option<i32>`, `Vec<super::Thing>`, ...)."""
    attr: str
    """The `#[prost(...)]` arguments, without the tag."""
    codec: str
    """The runtime JSON codec of one value: `rt::P` or `rt::E<path::Enum>`."""
    element: str
    """The Rust type of one value (the element of a list, the value of a map)."""


class TypeMapper:
    """Renders types as seen from one module (`here`: the module path of the code)."""

    def __init__(
        self,
        here: tuple[str, ...],
        rt: str,
        boxed: frozenset[str] = frozenset(),
        modules: Mapping[str, tuple[str, ...]] | None = None,
    ):
        self.here = here
        self.modules = modules or {}
        self.rt = rt
        self.boxed = boxed
        """Full names of fields (`pkg.Msg.field`) that must be boxed to break a cycle."""

    def path(self, ref: MessageRef | EnumRef) -> str:
        pkg = self.modules.get(ref.package)
        if pkg is None:
            pkg = module_path(ref.package)
        target = (*pkg, *(snake(s) for s in ref.scope[:-1]))
        common = 0
        for a, b in zip(self.here, target, strict=False):
            if a != b:
                break
            common += 1
        parts = ["super"] * (len(self.here) - common) + list(target[common:])
        parts.append(camel(ref.scope[-1]))
        return "::".join(parts)

    def value(self, t: ValueType) -> tuple[str, str, str]:
        """(Rust type, prost type word, codec) of one value."""
        if isinstance(t, ScalarType):
            return _SCALAR_RUST[t.kind], scalar_attr(t.kind), f"{self.rt}::P"
        if isinstance(t, EnumRef):
            path = "::prost_types::NullValue" if t.is_null_value else self.path(t)
            return "i32", f'enumeration = "{path}"', f"{self.rt}::E<{path}>"
        wk = t.well_known
        if wk is not None:
            if wk in _WRAPPERS:
                return _WRAPPERS[wk], "message", f"{self.rt}::P"
            if wk is WellKnown.EMPTY:
                return "()", "message", f"{self.rt}::P"
            return f"::prost_types::{wk.value.rsplit('.', 1)[1]}", "message", f"{self.rt}::P"
        return self.path(t), "message", f"{self.rt}::P"

    def field(self, f: Field, owner: str, in_oneof: bool = False) -> FieldType:
        t = f.type
        if isinstance(t, MapOf):
            key = _SCALAR_RUST[t.key.kind]
            vrust, vattr, codec = self.value(t.value)
            vword = vattr.replace(" = ", "(").replace('"', "") + ")" if "=" in vattr else vattr
            if vattr.startswith("bytes"):
                vword = "bytes"
            kword = scalar_attr(t.key.kind)
            rust = f"::prost::alloc::collections::BTreeMap<{key}, {vrust}>"
            return FieldType(rust, f'btree_map = "{kword}, {vword}"', codec, vrust)
        if isinstance(t, ListOf):
            erust, eattr, codec = self.value(t.element)
            if f.delimited:
                eattr = "group"
            attr = f"{eattr}, repeated"
            if not f.packed and _packable(t.element):
                attr += ', packed = "false"'
            return FieldType(f"::prost::alloc::vec::Vec<{erust}>", attr, codec, erust)
        rust, attr, codec = self.value(t)
        if f.delimited:
            attr = "group"
        boxed = f"{owner}.{f.name}" in self.boxed
        if boxed:
            rust = f"::prost::alloc::boxed::Box<{rust}>"
            attr += ", boxed"
        if in_oneof:
            return FieldType(rust, attr, codec, rust)
        if f.required:
            return FieldType(rust, attr + ", required", codec, rust)
        if f.has_presence:
            return FieldType(f"::core::option::Option<{rust}>", attr + ", optional", codec, rust)
        return FieldType(rust, attr, codec, rust)


def _packable(t: ValueType) -> bool:
    if isinstance(t, EnumRef):
        return True
    return isinstance(t, ScalarType) and t.kind not in (Scalar.STRING, Scalar.BYTES)
