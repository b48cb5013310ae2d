"""Reserved words, builtins and generated-API names of Python, Go and TypeScript.

These lists drive `make.py` (the keyword corpus) and the hypothesis strategies in
`tests/strategies/schemas.py` (random names drawn partly from here). Every entry is a
valid proto identifier (`[A-Za-z_][A-Za-z0-9_]*`); `make.py` checks which positions
protoc accepts each one in.
"""

from __future__ import annotations


def _w(text: str) -> list[str]:
    return text.split()


PYTHON_KEYWORDS = _w(
    "False None True and as assert async await break class continue def del elif else "
    "except finally for from global if import in is lambda nonlocal not or pass raise "
    "return try while with yield"
)

PYTHON_SOFT_KEYWORDS = ["_", "case", "match", "type"]

PYTHON_BUILTINS = _w(
    "abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr "
    "classmethod compile complex copyright credits delattr dict dir divmod enumerate eval "
    "exec exit filter float format frozenset getattr globals hasattr hash help hex id input "
    "int isinstance issubclass iter len license list locals map max memoryview min next "
    "object oct open ord pow print property quit range repr reversed round set setattr "
    "slice sorted staticmethod str sum super tuple vars zip "
    "Exception BaseException ValueError TypeError KeyError StopIteration NotImplemented "
    "Ellipsis self cls"
)

PYTHON_DUNDERS = _w(
    "__init__ __post_init__ __slots__ __dict__ __class__ __dataclass_fields__ "
    "__dataclass_params__ __match_args__ __hash__ __eq__ __repr__ __annotations__ "
    "__module__ __qualname__ __name__ __doc__ __all__ __file__ __debug__ __import__ "
    "__builtins__ __weakref__ __new__ __getattr__ __future__"
)

# Modules and typing names a generated Python module is likely to import.
PYTHON_MODULES_AND_TYPING = _w(
    "dataclass dataclasses field fields replace asdict typing Any Optional Union List Dict "
    "Set Tuple ClassVar Final Literal Protocol TypeVar Generic Callable Iterator "
    "AsyncIterator Iterable AsyncIterable Mapping Sequence TypeAlias Self annotations "
    "overload cast TYPE_CHECKING NoReturn Never enum Enum IntEnum json datetime timedelta "
    "timezone base64 math sys os re abc warnings builtins collections functools types "
    "deprecated"
)

# Names the generated Python classes/enums define or that Enum reserves.
PYTHON_GENERATED = _w(
    "to_dict from_dict to_json from_json which registry REGISTRY DESCRIPTOR descriptor "
    "name value _missing_ _ignore_ _order_ _generate_next_value_ _value_ _name_ mro "
    "__members__"
)

GO_KEYWORDS = _w(
    "break case chan const continue default defer else fallthrough for func go goto if "
    "import interface map package range return select struct switch type var"
)

GO_PREDECLARED = _w(
    "any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 "
    "int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil "
    "append cap clear close complex copy delete imag len make max min new panic print "
    "println real recover"
)

# Methods generated Go types (or protoc-gen-go's) define, and packages Go code imports.
GO_GENERATED = _w(
    "String MarshalJSON UnmarshalJSON Reset ProtoMessage ProtoReflect Descriptor Enum "
    "EnumDescriptor Type Number GetName Error Marshal Unmarshal Equal Clone Validate init "
    "main fmt json strconv time errors strings bytes sort math base64 sync io context "
    "reflect unsafe os proto protoimpl XXX_unrecognized XXX_sizecache state sizeCache "
    "unknownFields"
)

TS_RESERVED = _w(
    "break case catch class const continue debugger default delete do else enum export "
    "extends false finally for function if import in instanceof new null return super "
    "switch this throw true try typeof var void while with"
)

TS_STRICT_RESERVED = _w("implements interface let package private protected public static yield")

TS_CONTEXTUAL = _w(
    "as async await constructor declare get set from of module namespace type readonly "
    "abstract keyof infer is unique unknown never any number string boolean symbol object "
    "bigint undefined require global satisfies accessor override out asserts arguments eval"
)

TS_OBJECT_MEMBERS = _w(
    "__proto__ constructor prototype hasOwnProperty isPrototypeOf propertyIsEnumerable "
    "toLocaleString toString valueOf __defineGetter__ __defineSetter__ __lookupGetter__ "
    "__lookupSetter__ toJSON then"
)

TS_GLOBALS = _w(
    "Object Array Promise Error Date Map Set JSON Symbol undefined NaN Infinity Number "
    "String Boolean BigInt RegExp Math Reflect Proxy WeakMap WeakSet ArrayBuffer "
    "Uint8Array DataView Function globalThis Record Partial Readonly Required Pick Omit "
    "Exclude Extract ReturnType Parameters Iterable Iterator AsyncIterable AsyncIterator "
    "PromiseLike TextEncoder TextDecoder atob btoa parseInt parseFloat isNaN isFinite "
    "console window document"
)

PROTO_KEYWORDS = _w(
    "syntax edition import weak public package option message enum service rpc returns "
    "stream extend extensions reserved to max optional required repeated oneof map group "
    "true false inf nan double float int32 int64 uint32 uint64 sint32 sint64 fixed32 "
    "fixed64 sfixed32 sfixed64 bool string bytes export local"
)

# Names a generator's own output might use for its runtime file or index modules.
FILE_LIKE = _w("index runtime _runtime protobind __init__ __main__ mod go test main")

LISTS: dict[str, list[str]] = {
    "python_keywords": PYTHON_KEYWORDS,
    "python_soft_keywords": PYTHON_SOFT_KEYWORDS,
    "python_builtins": PYTHON_BUILTINS,
    "python_dunders": PYTHON_DUNDERS,
    "python_modules_and_typing": PYTHON_MODULES_AND_TYPING,
    "python_generated": PYTHON_GENERATED,
    "go_keywords": GO_KEYWORDS,
    "go_predeclared": GO_PREDECLARED,
    "go_generated": GO_GENERATED,
    "ts_reserved": TS_RESERVED,
    "ts_strict_reserved": TS_STRICT_RESERVED,
    "ts_contextual": TS_CONTEXTUAL,
    "ts_object_members": TS_OBJECT_MEMBERS,
    "ts_globals": TS_GLOBALS,
    "proto_keywords": PROTO_KEYWORDS,
    "file_like": FILE_LIKE,
}

# Reserved words proper (not builtins): the ones that become file names and that
# random schemas use most often.
HARD_KEYWORDS: list[str] = list(
    dict.fromkeys(
        PYTHON_KEYWORDS
        + PYTHON_SOFT_KEYWORDS
        + GO_KEYWORDS
        + TS_RESERVED
        + TS_STRICT_RESERVED
        + ["async", "await", "constructor", "__proto__", "prototype", "__init__", "self"]
    )
)


def all_words() -> list[str]:
    """Every word once, in list order (the order is part of the corpus: keep it stable)."""
    return list(dict.fromkeys(w for words in LISTS.values() for w in words))


def normalized(word: str) -> str:
    """Words that collide after casing / underscore removal share this key.

    The keyword corpus keeps words with the same key in different scopes so that it
    tests escaping, not collision handling (that is the collisions corpus' job).
    """
    return word.lower().replace("_", "")
