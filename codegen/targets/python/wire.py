"""The binary wire details of a field that its JSON decoder does not already say.

The runtime reads a field's wire type from its JSON decoder (`dec_int32` is int32,
`dec_message(C)` a message, ...) and this spec, a string of space-separated words,
names only what differs: `sint32`/`fixed64`/... (the integer encoding), `key=sint32`
(a map key's), `wrap` (a wrapper message such as Int32Value held as its scalar),
`unpacked` (a repeated scalar written unpacked), `group` (DELIMITED), `req` (proto2
required), `raw` (a string not checked for UTF-8, as proto2 strings are not).
Most proto3 fields need no word at all, which keeps the generated tables small.
"""

from __future__ import annotations

from codegen.model import Field
from codegen.model.types import EnumRef, ListOf, MapOf, MessageRef, Scalar, ScalarType, TypeRef
from codegen.model.wkt import WellKnown

_INTEGER_WORDS = {
    Scalar.SINT32: "sint32",
    Scalar.SINT64: "sint64",
    Scalar.FIXED32: "fixed32",
    Scalar.FIXED64: "fixed64",
    Scalar.SFIXED32: "sfixed32",
    Scalar.SFIXED64: "sfixed64",
}
_WRAPPERS = frozenset(
    {
        WellKnown.DOUBLE_VALUE,
        WellKnown.FLOAT_VALUE,
        WellKnown.INT64_VALUE,
        WellKnown.UINT64_VALUE,
        WellKnown.INT32_VALUE,
        WellKnown.UINT32_VALUE,
        WellKnown.BOOL_VALUE,
        WellKnown.STRING_VALUE,
        WellKnown.BYTES_VALUE,
    }
)

def wire_spec(f: Field, proto2: bool, cache: dict[tuple[object, ...], str]) -> str:
    """The words for field `f` (empty when the decoder says it all); `cache` lives as
    long as the model (it is keyed by the identity of the field's type)."""
    key = (id(f.type), f.packed, f.delimited, f.required, proto2)
    spec = cache.get(key)
    if spec is None:
        spec = cache[key] = _spec(f, proto2)
    return spec


def _value_words(t: TypeRef, proto2: bool) -> list[str]:
    if isinstance(t, ScalarType):
        word = _INTEGER_WORDS.get(t.kind)
        if word is not None:
            return [word]
        if proto2 and t.kind is Scalar.STRING:
            return ["raw"]
        return []
    if isinstance(t, MessageRef) and t.well_known in _WRAPPERS:
        return ["wrap"]
    return []


def _spec(f: Field, proto2: bool) -> str:
    t = f.type
    words: list[str] = []
    if isinstance(t, MapOf):
        word = _INTEGER_WORDS.get(t.key.kind)
        if word is not None:
            words.append("key=" + word)
        elif proto2 and t.key.kind is Scalar.STRING:
            words.append("key=raw")
        words += _value_words(t.value, proto2)
    elif isinstance(t, ListOf):
        words += _value_words(t.element, proto2)
        element = t.element
        packable = isinstance(element, EnumRef) or (
            isinstance(element, ScalarType) and element.kind not in (Scalar.STRING, Scalar.BYTES)
        )
        if packable and not f.packed:
            words.append("unpacked")
    else:
        words += _value_words(t, proto2)
    if f.delimited:
        words.append("group")
    if f.required:
        words.append("req")
    return " ".join(words)
