"""Python names for everything protobind generates, computed once per schema.

Rules (docs/python.md, "Names"):

* A proto name that is a Python keyword, soft keyword or builtin, or a name the generated
  class itself defines (`to_dict`, `which_<oneof>`, an enum's `name`, ...), gets a `_`
  appended: `from` -> `from_`, `type` -> `type_`, `id` -> `id_`.
* A proto name that starts with `_` gets an `x` in front (`_id` -> `x_id`), so every
  name protobind itself binds in generated modules (`_rt`, `_dc`, import aliases,
  `_pb_*` class attributes) can start with `_` without ever meeting a proto name.
* File paths: every segment that is not an ASCII identifier has its other characters
  replaced by `_` (and an `x` in front if it starts with a digit or `_`), keywords and
  builtins get `_` appended (`class.proto` -> `class_.py`); without the `package` option
  top-level names of the standard library are escaped too, since `out` is a sys.path root.
* Collisions inside one scope (a module, a class, an enum) are resolved in a fixed order:
  names the escaping left unchanged keep them, then escaped names take the first of
  `name_`, `name__`, ... that is free. The result depends only on the schema.

JSON keys and registry names always stay the proto's.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from codegen.model import Enum, File, Message, Schema, Service
from codegen.model.types import EnumRef, MessageRef, named_type
from codegen.naming import snake

# Fixed lists, so the output does not depend on the Python running protobind.
KEYWORDS = frozenset(keyword.kwlist) | frozenset(
    {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
     "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
     "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
     "return", "try", "while", "with", "yield"}
)  # fmt: skip
SOFT_KEYWORDS = frozenset({"_", "case", "match", "type"})
BUILTINS = frozenset(
    """ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup
    BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError
    ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError
    DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception
    ExceptionGroup FileExistsError FileNotFoundError FloatingPointError FutureWarning
    GeneratorExit IOError ImportError ImportWarning IndentationError IndexError
    InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError
    MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplemented
    NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError
    ProcessLookupError PythonFinalizationError RecursionError ReferenceError
    ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration
    SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError
    UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError
    UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning WindowsError
    ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes
    callable chr classmethod compile complex copyright credits delattr dict dir divmod
    enumerate eval exec exit filter float format frozenset getattr globals hasattr hash
    help hex id input int isinstance issubclass iter len license list locals map max
    memoryview min next object oct open ord pow print property quit range repr reversed
    round set setattr slice sorted staticmethod str sum super tuple type vars zip""".split()  # noqa: SIM905
)
GENERATED = frozenset({"annotations", "self"})
"""Bound by every generated module (`from __future__ import annotations`) or method."""
RESERVED = KEYWORDS | SOFT_KEYWORDS | BUILTINS | GENERATED

MESSAGE_METHODS = frozenset({"to_dict", "from_dict", "to_json", "from_json"})
"""Names every generated message class defines (plus `which_<oneof>` per oneof)."""
ENUM_ATTRIBUTES = frozenset(
    {"name", "value", "mro", "as_integer_ratio", "bit_count", "bit_length", "conjugate",
     "denominator", "from_bytes", "imag", "is_integer", "numerator", "real", "to_bytes"}
)  # fmt: skip
"""Attributes an `enum.IntEnum` member already has."""

STDLIB_TOP_LEVEL = frozenset(
    """abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop
    base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd
    code codecs codeop collections colorsys compileall concurrent configparser
    contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm
    decimal difflib dis distutils doctest email encodings ensurepip enum errno
    faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc
    genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html
    http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json
    keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes
    mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath
    nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb pickle
    pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile
    pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re
    readline reprlib resource rlcompleter runpy sched secrets select selectors shelve
    shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3
    sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct
    subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile
    termios textwrap this threading time timeit tkinter token tokenize tomllib trace
    traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib
    uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml
    xmlrpc zipapp zipfile zipimport zlib zoneinfo""".split()  # noqa: SIM905
)

RUNTIME_MODULE = "_protobind"
"""The runtime file at the root of `out` (proto modules never start with `_`)."""

_NOT_IDENT = re.compile(r"[^A-Za-z0-9_]")


def escape(name: str, reserved: frozenset[str] = RESERVED) -> str:
    """The Python identifier for a proto identifier (before collision handling)."""
    if name.startswith("_"):
        name = "x" + name
    if name in reserved or name in RESERVED:
        name += "_"
    return name


_ESCAPED: dict[str, str] = {}
"""`escape(name)` for names already seen (the default reserved words only)."""


def escape_all(names: Sequence[str]) -> list[str]:
    """`[escape(n) for n in names]`, memoized: the same few field names recur in every file."""
    memo = _ESCAPED
    get = memo.get
    out = [get(name) for name in names]
    if None in out:
        pairs = zip(out, names, strict=True)
        out = [e if e is not None else memo.setdefault(n, escape(n)) for e, n in pairs]
    return out  # type: ignore[return-value]


def escape_path_segment(segment: str, top_level_stdlib: bool) -> str:
    name = _NOT_IDENT.sub("_", segment) or "x"
    if name[0].isdigit() or name[0] == "_":
        name = "x" + name
    if name in RESERVED or (top_level_stdlib and name in STDLIB_TOP_LEVEL):
        name += "_"
    return name


class Scope:
    """One Python namespace: hands out unique names in a deterministic way."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)

    def claim(self, wanted: str) -> str:
        name = wanted
        while name in self.taken:
            name += "_"
        self.taken.add(name)
        return name

    def allocate(self, items: Sequence[tuple[str, str]]) -> list[str]:
        """`(proto name, escaped name)` pairs -> final names, in the same order.

        Names the escaping left unchanged are placed first, so a proto `list_` keeps
        `list_` even when a proto `list` also wants it.
        """
        return self.allocate_lists([p for p, _ in items], [e for _, e in items])

    def allocate_lists(self, protos: Sequence[str], escaped: Sequence[str]) -> list[str]:
        """`allocate(list(zip(protos, escaped)))`."""
        taken = self.taken
        if protos == escaped and taken.isdisjoint(protos) and len(set(protos)) == len(protos):
            # Nothing escaped, nothing clashes (the usual case): every name is its own.
            taken.update(protos)
            return list(protos)
        out: list[str | None] = [None] * len(protos)
        for i, (proto, name) in enumerate(zip(protos, escaped, strict=True)):
            if proto == name and name not in taken:
                taken.add(name)
                out[i] = name
        for i, name in enumerate(escaped):
            if out[i] is None:
                out[i] = self.claim(name)
        return [n for n in out if n is not None]


# -- modules ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModulePath:
    parts: tuple[str, ...]
    """Escaped path below `out`, without `.py`: `("acme", "v1", "class_")`."""

    @property
    def file(self) -> str:
        return "/".join(self.parts) + ".py"

    def dotted(self, package: str | None) -> str:
        return ".".join((package, *self.parts) if package else self.parts)


def plan_modules(files: Iterable[File], package: str | None) -> dict[str, ModulePath]:
    """Import path of every (non well-known) file -> its module, collisions resolved.

    A folder wins over a module of the same name (`foo.proto` next to `foo/bar.proto`
    becomes `foo_.py`), since the folder is a package other modules live in.
    """
    names = sorted(f.name for f in files if not f.well_known)
    # Build the tree of raw segments, then escape level by level.
    tree: dict[tuple[str, ...], tuple[set[str], set[str]]] = {}  # dir -> (subdirs, stems)
    for name in names:
        parts = name.split("/")
        stem = parts[-1].removesuffix(".proto")
        for depth in range(len(parts) - 1):
            tree.setdefault(tuple(parts[:depth]), (set(), set()))[0].add(parts[depth])
        tree.setdefault(tuple(parts[:-1]), (set(), set()))[1].add(stem)
    mapping: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
    modules: dict[tuple[str, ...], str] = {}
    for raw_dir in sorted(tree, key=lambda d: (len(d), d)):
        subdirs, stems = tree[raw_dir]
        top = not raw_dir and package is None
        scope = Scope({"__init__", RUNTIME_MODULE} if not raw_dir else {"__init__"})
        dirs = sorted(subdirs)
        dir_names = scope.allocate([(d, escape_path_segment(d, top)) for d in dirs])
        for d, n in zip(dirs, dir_names, strict=True):
            child = (*raw_dir, d)
            mapping[child] = (*mapping[raw_dir], n)
        mods = sorted(stems)
        mod_names = scope.allocate([(s, escape_path_segment(s, top)) for s in mods])
        for s, n in zip(mods, mod_names, strict=True):
            module = (*raw_dir, s)
            modules[module] = n
    out: dict[str, ModulePath] = {}
    for name in names:
        parts = name.split("/")
        raw_dir = tuple(parts[:-1])
        stem = parts[-1].removesuffix(".proto")
        module = (*raw_dir, stem)
        out[name] = ModulePath((*mapping[raw_dir], modules[module]))
    return out


# -- declarations ----------------------------------------------------------------------


@dataclass(slots=True)
class MessageNames:
    py: str
    """The class name inside its parent (module or enclosing class)."""
    fields: dict[str, str] = field(default_factory=dict)
    """Proto field name -> attribute."""
    which: dict[str, str] = field(default_factory=dict)
    """Oneof name -> `which_...` method."""


@dataclass(slots=True)
class EnumNames:
    py: str
    values: dict[str, str] = field(default_factory=dict)
    """Proto value name -> member name."""


@dataclass(slots=True)
class ServiceNames:
    py: str
    py_async: str
    methods: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class FileNames:
    """Every Python name one generated module binds, decided before rendering."""

    module: ModulePath
    top: Scope
    messages: dict[str, MessageNames] = field(default_factory=dict)
    """Full proto name -> names (nested messages included)."""
    enums: dict[str, EnumNames] = field(default_factory=dict)
    services: dict[str, ServiceNames] = field(default_factory=dict)
    exports: list[tuple[str, str, str]] = field(default_factory=list)
    """`import public` re-exports: (defining file, name there, name here)."""


class Names:
    """Names for every file of a schema, computed on first use and cached."""

    def __init__(self, schema: Schema, package: str | None) -> None:
        self.schema = schema
        self.package = package
        self.modules = plan_modules(schema.files, package)
        self._files: dict[str, FileNames] = {}
        self._paths: dict[str, str] = {}

    def file(self, name: str) -> FileNames:
        names = self._files.get(name)
        if names is None:
            names = self._files[name] = self._name_file(self.schema.file(name))
        return names

    def message(self, ref: MessageRef) -> MessageNames:
        return self.file(ref.file).messages[ref.full_name]

    def enum(self, ref: EnumRef) -> EnumNames:
        return self.file(ref.file).enums[ref.full_name]

    def path(self, ref: MessageRef | EnumRef) -> str:
        """`Outer.Inner` as written in the defining module."""
        cached = self._paths.get(ref.full_name)
        if cached is None:
            cached = self._paths[ref.full_name] = self._path(ref)
        return cached

    def _path(self, ref: MessageRef | EnumRef) -> str:
        names = self.file(ref.file)
        parts = []
        for depth in range(1, len(ref.scope) + 1):
            full = ".".join(filter(None, (ref.package, *ref.scope[:depth])))
            entry = names.messages.get(full) or names.enums[full]
            parts.append(entry.py)
        return ".".join(parts)

    def exported(self, name: str) -> list[str]:
        """Top-level names a module offers to `import public` users, in order."""
        names = self.file(name)
        f = self.schema.file(name)
        own = [names.enums[e.full_name].py for e in f.enums]
        own += [names.messages[m.full_name].py for m in f.messages]
        for s in f.services:
            own += [names.services[s.full_name].py, names.services[s.full_name].py_async]
        return own + [here for _, _, here in names.exports]

    # -- one file ------------------------------------------------------------------------

    def _name_file(self, f: File) -> FileNames:
        names = FileNames(self.modules[f.name], Scope())
        top = names.top
        items: list[tuple[str, str, object]] = []
        for e in f.enums:
            items.append((e.name, escape(e.name), e))
        for m in f.messages:
            items.append((m.name, escape(m.name), m))
        for s in f.services:
            items.append((s.name, escape(s.name), s))
            items.append((s.name + "Async", escape(s.name + "Async"), None))
        allocated = top.allocate([(p, e) for p, e, _ in items])
        pending: list[tuple[Service, str]] = []
        for (_, _, node), py in zip(items, allocated, strict=True):
            if isinstance(node, Enum):
                names.enums[node.full_name] = EnumNames(py)
            elif isinstance(node, Message):
                names.messages[node.full_name] = MessageNames(py)
            elif isinstance(node, Service):
                pending.append((node, py))
            else:
                service, sync = pending[-1]
                names.services[service.full_name] = ServiceNames(sync, py)
        for dep in f.public_dependencies:
            if dep in self.modules:
                for exported in self.exported(dep):
                    names.exports.append((dep, exported, top.claim(exported)))
        # Nested names need the top-level ones of every module (for annotations).
        for e in f.enums:
            self._name_enum(names, e)
        for m in f.messages:
            self._name_message(names, f, m)
        for s in f.services:
            self._name_service(names, f, s)
        return names

    def _name_enum(self, names: FileNames, e: Enum) -> None:
        entry = names.enums[e.ref.full_name]
        scope = Scope()
        allocated = scope.allocate([(v.name, escape(v.name, ENUM_ATTRIBUTES)) for v in e.values])
        entry.values = dict(zip((v.name for v in e.values), allocated, strict=True))

    def _name_message(self, names: FileNames, f: File, m: Message) -> None:
        entry = names.messages[m.ref.full_name]
        # Names this class body must not bind: the first segment of every type it
        # refers to from module level (`Outer` in `Outer.Inner | None`).
        taken = set(MESSAGE_METHODS)
        here = f.name
        for fl in m.fields:
            t = named_type(fl.type)
            if t is not None and t.file == here:
                taken.add(self._top_name(names, t))
        # Nested types and fields share the class namespace: one allocation, so a
        # field spelled `list_` keeps its name next to a nested message `list`.
        enums, nested = m.enums, m.messages
        protos = [fl.name for fl in m.fields]
        if enums or nested:
            protos = [e.ref.scope[-1] for e in enums] + [n.ref.scope[-1] for n in nested] + protos
        escaped = escape_all(protos)
        if (
            not m.oneofs
            and escaped == protos
            and taken.isdisjoint(protos)
            and len(set(protos)) == len(protos)
        ):
            allocated = protos  # the usual case: every name is its own
        else:
            scope = Scope(taken)
            if m.oneofs:
                which = scope.allocate([(o.name, escape("which_" + o.name)) for o in m.oneofs])
                entry.which = dict(zip((o.name for o in m.oneofs), which, strict=True))
            allocated = scope.allocate_lists(protos, escaped)
        if enums or nested:
            i = 0
            for e in enums:
                names.enums[e.ref.full_name] = EnumNames(allocated[i])
                i += 1
            for n in nested:
                names.messages[n.ref.full_name] = MessageNames(allocated[i])
                i += 1
            entry.fields = dict(zip(protos[i:], allocated[i:], strict=True))
            for e in enums:
                self._name_enum(names, e)
            for n in nested:
                self._name_message(names, f, n)
        else:
            entry.fields = dict(zip(protos, allocated, strict=True))

    def _top_name(self, names: FileNames, ref: MessageRef | EnumRef) -> str:
        full = f"{ref.package}.{ref.scope[0]}" if ref.package else ref.scope[0]
        entry = names.messages.get(full) or names.enums[full]
        return entry.py

    def _name_service(self, names: FileNames, f: File, s: Service) -> None:
        entry = names.services[s.full_name]
        taken = {
            self._top_name(names, ref)
            for meth in s.methods
            for ref in (meth.input, meth.output)
            if ref.file == f.name
        }
        scope = Scope(taken)
        methods = scope.allocate([(meth.name, escape(snake(meth.name))) for meth in s.methods])
        entry.methods = dict(zip((meth.name for meth in s.methods), methods, strict=True))
