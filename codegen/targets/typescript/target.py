"""The TypeScript target: one ES module per proto file plus one runtime module.

Per file: names are computed once (names.py); each declaration is rendered by the macro
of its construct (`message` in message.ts.j2, ...) from plain values computed here
(types.py resolves every reference, imports.py records what it needs); then the module
template lays out the header, the import block and the declarations.

Rendering is sharded by file (`Request.shard`): every per-file module depends only on
its own file and on the names of the files it imports, which are computed per file
from that file alone, so a shard renders the same bytes as the whole.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Callable, Sequence
from typing import ClassVar

import jinja2

from codegen.config import JsonProfile
from codegen.model import (
    Enum,
    File,
    Message,
    Schema,
    Service,
)
from codegen.render import environment
from codegen.targets.base import RUNTIME_HEADER, OutputFile, Request, header_line
from codegen.targets.typescript.comments import default_tag, inert, jsdoc
from codegen.targets.typescript.imports import PRINT_WIDTH, Imports, ReExport, reexport_lines
from codegen.targets.typescript.names import (
    OBJECT_MEMBERS,
    RUNTIME_MODULE,
    Allocator,
    FileNames,
    check_module_paths,
    file_names,
    property_key,
    string_literal,
)
from codegen.targets.typescript.parsers import Entry, ParserBuilder
from codegen.targets.typescript.types import TypeMapper, TypeTable
from codegen.targets.typescript.views import MethodView, OneofView


class TypeScriptTarget:
    language: ClassVar[str] = "typescript"
    shardable: ClassVar[bool] = True

    def generate(self, request: Request) -> list[OutputFile]:
        # Rendering allocates many short-lived strings and small containers and makes no
        # cycles worth collecting: the cyclic collector would only cost time (~6%).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._generate(request)
        finally:
            if enabled:
                gc.enable()

    def _generate(self, request: Request) -> list[OutputFile]:
        schema = request.schema
        env = environment("typescript", request.config.templates)
        # Module paths are checked over the whole schema, whatever the shard: every shard
        # refuses the same collisions. Names are per file (names.py) and computed on
        # demand, for this shard's files and the files they import alone.
        modules = check_module_paths(f for f in schema.files_to_generate() if not f.well_known)
        names = _NameTable(schema, modules)
        types = TypeTable(names, request.json)
        templates = _Templates(env)
        out: list[OutputFile] = []
        for f in request.files():
            if f.well_known:
                continue
            text = _FileRenderer(f, names, types, request.json, templates).render()
            out.append(OutputFile(modules[f.name], text.encode()))
        if request.shard.shared:
            runtime = env.get_template("runtime.ts.j2").render(
                header=RUNTIME_HEADER, profile=request.json
            )
            out.append(OutputFile(RUNTIME_MODULE, runtime.encode()))
        return out


class _Templates:
    """The module template and the macro of each construct (`message.ts.j2` defines the
    macro `message`, ...).

    The macros are called from Python, once per declaration, with plain values as
    arguments: a Jinja2 loop that dispatched on the kind and called them from a template,
    and view objects whose every attribute the template fetched through Jinja2's
    `getattr`, cost more than the macros' own work."""

    __slots__ = ("enum", "message", "module", "service")

    def __init__(self, env: jinja2.Environment) -> None:
        self.module: Callable[..., str] = env.get_template("file.ts.j2").module.module  # type: ignore[attr-defined]
        self.message: Callable[..., str] = env.get_template("message.ts.j2").module.message  # type: ignore[attr-defined]
        self.enum: Callable[..., str] = env.get_template("enum.ts.j2").module.enum  # type: ignore[attr-defined]
        self.service: Callable[..., str] = env.get_template("service.ts.j2").module.service  # type: ignore[attr-defined]


class _NameTable:
    """FileNames of every generated file, computed on first use (each exactly once)."""

    __slots__ = ("_cache", "modules", "schema")

    def __init__(self, schema: Schema, modules: dict[str, str]) -> None:
        self.schema = schema
        self.modules = modules
        self._cache: dict[str, FileNames] = {}

    def __call__(self, file: str) -> FileNames:
        names = self._cache.get(file)
        if names is None:
            names = file_names(self.schema.file(file), self.modules[file])
            self._cache[file] = names
        return names


def _ordered(items: list[Message | Enum | Service]) -> list[Message | Enum | Service]:
    """Declarations in source order when protoc gave spans, else model order."""
    if len(items) < 2:
        return items
    try:
        return sorted(items, key=_SOURCE_ORDER)
    except AttributeError:  # a declaration without a span (`None.line`)
        return items


_SOURCE_ORDER = operator.attrgetter("span.line", "span.col")


class _FileRenderer:
    def __init__(
        self,
        file: File,
        names: _NameTable,
        types: TypeTable,
        profile: JsonProfile,
        templates: _Templates,
    ) -> None:
        self.file = file
        self.names = names(file.name)
        self.profile = profile
        self.imports = Imports.for_module(self.names.module, self.names.declared)
        self.types = TypeMapper(self.imports, names, types)
        self.parsers = ParserBuilder(self.names, self.types)
        self._field_names = _FIELD_NAMES[profile.names == "json"]
        self.name_table = names
        self.templates = templates

    def render(self) -> str:
        body: list[str] = []
        self._declarations(body)
        reexports = reexport_lines(self.names.module, self._reexports())
        f = self.file
        return self.templates.module(
            header_line(f),
            _block(jsdoc(f.comments.lines, deprecated=f.deprecated)),
            self.imports.lines(),
            reexports,
            body,
        )

    # -- declarations -------------------------------------------------------------------

    def _declarations(self, out: list[str]) -> None:
        """Each declaration, rendered, in source order (nested ones after their parent)."""
        f = self.file
        for decl in _ordered([*f.messages, *f.enums, *f.services]):
            if isinstance(decl, Message):
                self._message_tree(decl, out)
            elif isinstance(decl, Enum):
                out.append(self._enum(decl))
            else:
                out.append(self._service(decl))

    def _message_tree(self, m: Message, out: list[str]) -> None:
        out.append(self._message(m))
        if m.messages or m.enums:
            for nested in _ordered([*m.messages, *m.enums]):
                if isinstance(nested, Message):
                    self._message_tree(nested, out)
                else:
                    out.append(self._enum(nested))  # type: ignore[arg-type]

    def _message(self, m: Message) -> str:
        """The interface and the field table of a message, in one pass over its fields
        (this loop runs for every field of every file: it is kept tight)."""
        by_id = self.types.by_id
        describe = self.types.describe_new
        field_names = self._field_names
        properties: list[str] = []
        exclusive = _exclusive_oneofs(m) if m.oneofs else True
        members: dict[str, list[str]] = {o.name: [] for o in m.oneofs} if m.oneofs else {}
        entries: list[Entry] = []
        numbers: list[int] = []
        entry = entries.append
        number = numbers.append
        property_ = properties.append
        for fl in m.fields:
            t = fl.type
            d = by_id.get(id(t))
            if d is None:
                d = describe(t)
            oneof = fl.oneof
            name = fl.name
            json_name = fl.json_name
            fn = field_names.get(name)
            if fn is None or fn[0] != json_name:
                fn = _field_names(field_names, name, json_name)
            if oneof is not None and not d[1]:
                entry(f'{fn[5]}"oneof {oneof} {d[2]}"{d[3]})')
            elif fl.has_presence:
                entry(fn[5] + d[7])
            else:
                entry(fn[5] + d[6])
            number(fl.number)
            c = fl.comments
            leading = c.leading
            if c.trailing or fl.deprecated or fl.default is not None:
                tags = () if fl.default is None else (default_tag(fl.default, t),)
                doc = jsdoc(c.lines, "  ", deprecated=fl.deprecated, tags=tags)
            elif not leading:
                doc = ""
            elif len(leading) == 1 and inert(leading[0]):
                # The common case, as `jsdoc` writes it.
                doc = leading[0].rstrip()
                if doc:
                    doc = f"  /**\n   * {doc}\n   */\n"
            else:
                doc = jsdoc(leading, "  ")
            if oneof is None or not exclusive:
                # An absent key that names what every object inherits (`toString`, ...)
                # reads as the inherited member: fn[4] says so in the type, which keeps
                # the type honest and object literals assignable.
                property_(f"{doc}  {fn[3]}?: {d[0]}{fn[4]};\n")
            else:
                members[oneof].append(f"{doc}  {fn[3]}: {d[0]};\n")
        oneofs: tuple[OneofView, ...] = ()
        if exclusive and m.oneofs:
            last = m.oneofs[-1]
            oneofs = tuple(
                OneofView(
                    _block(jsdoc(o.comments.lines, "  ")),
                    "".join(members[o.name]),
                    ";" if o is last else " & ",
                )
                for o in m.oneofs
            )
        name = self.names.types[m.ref.full_name]
        c = m.comments
        doc = (
            jsdoc(c.lines, deprecated=m.deprecated)
            if c.leading or c.trailing or m.deprecated
            else ""
        )
        return self.templates.message(
            doc,
            name,
            "".join(properties),
            oneofs,
            self.types.runtime_type("OneOf") if oneofs else "",
            *self.parsers.message(m, name, entries, numbers),
        )

    def _enum(self, e: Enum) -> str:
        name = self.names.types[e.full_name]
        literals = []
        docs = []
        documented = False
        for v in e.values:
            c = v.comments
            if c.leading or c.trailing or v.deprecated:
                docs.append(jsdoc(c.lines, "  ", deprecated=v.deprecated))
                documented = True
            else:
                docs.append("")
            literals.append(string_literal(v.name))
        union = " | ".join(literals)
        one_line = union if not documented and len(name) + len(union) + 15 <= PRINT_WIDTH else ""
        members = ""
        if not one_line:
            lines = [f"{doc}  | {literal}\n" for doc, literal in zip(docs, literals, strict=True)]
            if lines:
                lines[-1] = lines[-1][:-1] + ";\n"
            members = "".join(lines)
        c = e.comments
        doc = (
            jsdoc(c.lines, deprecated=e.deprecated)
            if c.leading or c.trailing or e.deprecated
            else ""
        )
        return self.templates.enum(
            doc,
            name,
            one_line,
            members,
            self.parsers.enum(e, name, literals),
        )

    def _service(self, s: Service) -> str:
        methods = []
        promise = "Promise"
        stream = "AsyncIterable"
        for meth in s.methods:
            name = self.names.methods[(s.full_name, meth.name)]
            inp = self.types.message(meth.input)
            out = self.types.message(meth.output)
            param = f"requests: {stream}<{inp}>" if meth.client_streaming else f"request: {inp}"
            result = f"{stream}<{out}>" if meth.server_streaming else f"{promise}<{out}>"
            signature = f"{name}({param}): {result};"
            if len(signature) + 2 > PRINT_WIDTH:
                signature = f"{name}(\n    {param},\n  ): {result};"
            methods.append(
                MethodView(
                    doc=jsdoc(meth.comments.lines, "  ", deprecated=meth.deprecated),
                    signature=signature,
                )
            )
        return self.templates.service(
            jsdoc(s.comments.lines, deprecated=s.deprecated),
            self.names.types[s.full_name],
            tuple(methods),
        )

    # -- import public -----------------------------------------------------------------

    def _reexports(self) -> list[ReExport]:
        """`import public` re-exports: every name the public dependency exports.

        A name this module declares itself, or one an earlier public dependency already
        re-exports, is re-exported under an alias (`Foo$1`), so nothing is lost.
        """
        out = []
        alloc = Allocator(self.names.declared)
        for dep in self._public_closure(self.file.public_dependencies):
            dep_file = self.name_table.schema.file(dep)
            if dep_file.well_known:
                continue
            names = self.name_table(dep)
            types, values = _exported(names)
            out.append(
                ReExport(
                    names.module,
                    tuple(_as(t, alloc.take(t)) for t in types),
                    tuple(_as(v, alloc.take(v)) for v in values),
                )
            )
        return out

    def _public_closure(self, deps: Sequence[str]) -> list[str]:
        """Public dependencies and theirs (public imports are transitive), each once."""
        seen: list[str] = []
        todo = list(deps)
        while todo:
            d = todo.pop(0)
            if d in seen:
                continue
            seen.append(d)
            todo.extend(self.name_table.schema.file(d).public_dependencies)
        return seen


def _exported(names: FileNames) -> tuple[list[str], list[str]]:
    """(type-only names, value names) a module exports: enums are both (type and
    companion), parse and format functions are values; messages and services are types."""
    values = {
        *names.parsers.values(),
        *names.json_parsers.values(),
        *names.formatters.values(),
        *names.enums,
    }
    types = [n for n in names.types.values() if n not in values]
    return sorted(types), sorted(values)


def _as(name: str, alias: str) -> str:
    return name if name == alias else f"{name} as {alias}"


ONEOF_COMBINATIONS = 4096
"""Most combinations the oneofs of one message may make and still be typed as exclusive.

TypeScript distributes an intersection of unions into a union of every combination:
k oneofs of n members are prod(n + 1) shapes. Past this bound (many oneofs on one
message) the members become plain optional properties and only the parser enforces
"at most one" (beyond ~100,000 shapes tsc refuses the type outright)."""


def _exclusive_oneofs(m: Message) -> bool:
    combinations = 1
    for o in m.oneofs:
        combinations *= len(o.fields) + 1
        if combinations > ONEOF_COMBINATIONS:
            return False
    return True


FieldNames = tuple[str, str, str, str, str, str]
"""(JSON name, its string literal, the proto name's string literal, the property key,
the inherited-member type suffix, the start of its table entry: both literals, each
followed by `, `) of a field, for one key profile."""


def _field_names(cache: dict[str, FieldNames], name: str, json_name: str) -> FieldNames:
    key = json_name if cache is _FIELD_NAMES[True] else name
    inherited = f" | Object[{string_literal(key)}]" if key in OBJECT_MEMBERS else ""
    json_literal, proto_literal = string_literal(json_name), string_literal(name)
    found = (
        json_name,
        json_literal,
        proto_literal,
        property_key(key),
        inherited,
        f"{json_literal}, {proto_literal}, ",
    )
    # Keyed by proto name: its JSON name is nearly always the same (the default); one
    # that is not is recomputed each time, which is rare and still correct.
    cache[name] = found
    return found


_FIELD_NAMES: dict[bool, dict[str, FieldNames]] = {True: {}, False: {}}
"""Names of fields by proto name, for JSON keys (True) and for proto-name keys (False)."""


def _block(doc: str) -> str:
    """A JSDoc block as a plain block comment (documents a group, attaches to nothing)."""
    return doc.replace("/**", "/*", 1)


TARGET = TypeScriptTarget()
