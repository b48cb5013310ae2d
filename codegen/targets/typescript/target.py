"""The TypeScript target: one ES module per proto file plus one runtime module.

Per file: names are computed once (names.py), the body is rendered first from view
objects (types.py resolves every reference, imports.py records what it needs), then
the header and the import block are rendered around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

import jinja2

from codegen.config import JsonProfile
from codegen.model import (
    Enum,
    EnumRef,
    File,
    ListOf,
    MapOf,
    Message,
    MessageRef,
    Scalar,
    ScalarType,
    Schema,
    Service,
    TypeRef,
)
from codegen.render import environment
from codegen.targets.base import RUNTIME_HEADER, OutputFile, Request, header_line
from codegen.targets.typescript.comments import default_tag, jsdoc
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
from codegen.targets.typescript.types import TypeMapper
from codegen.targets.typescript.views import (
    Declaration,
    EnumMemberView,
    EnumView,
    MessageView,
    MethodView,
    OneofView,
    PropertyView,
    ServiceView,
)


class TypeScriptTarget:
    language: ClassVar[str] = "typescript"
    shardable: ClassVar[bool] = True

    def generate(self, request: Request) -> list[OutputFile]:
        schema = request.schema
        env = environment("typescript", request.config.templates)
        # Module paths are checked over the whole schema, whatever the shard: every shard
        # refuses the same collisions. Names are per file (names.py) and computed on
        # demand, for this shard's files and the files they import alone.
        modules = check_module_paths(f for f in schema.files_to_generate() if not f.well_known)
        names = _NameTable(schema, modules)
        body = env.get_template("body.ts.j2")
        module = env.get_template("file.ts.j2")
        out: list[OutputFile] = []
        for f in request.files():
            if f.well_known:
                continue
            text = _FileRenderer(f, names, request.json, body, module).render()
            out.append(OutputFile(modules[f.name], text.encode()))
        if request.shard.shared:
            runtime = env.get_template("runtime.ts.j2").render(
                header=RUNTIME_HEADER, profile=request.json
            )
            out.append(OutputFile(RUNTIME_MODULE, runtime.encode()))
        return out


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


def _ordered(decls: Iterable[Message | Enum | Service]) -> list[Message | Enum | Service]:
    """Declarations in source order when protoc gave spans, else model order."""
    items = list(decls)
    if all(d.span is not None for d in items):
        return sorted(items, key=lambda d: (d.span.line, d.span.col))  # type: ignore[union-attr]
    return items


class _FileRenderer:
    def __init__(
        self,
        file: File,
        names: _NameTable,
        profile: JsonProfile,
        body: jinja2.Template,
        module: jinja2.Template,
    ) -> None:
        self.file = file
        self.names = names(file.name)
        self.profile = profile
        self.imports = Imports.for_module(self.names.module, self.names.declared)
        self.types = TypeMapper(self.imports, names, profile)
        self.parsers = ParserBuilder(self.names, self.types)
        self._described: dict[object, Described] = {}
        self._scalars: dict[int, Described] = {
            id(kind): self._describe(ScalarType(kind)) for kind in Scalar
        }
        self._literals = _LITERAL_PAIRS
        self.name_table = names
        self.body_template = body
        self.module_template = module

    def render(self) -> str:
        decls = list(self._declarations())
        body = self.body_template.render(declarations=decls)
        reexports = reexport_lines(self.names.module, self._reexports())
        f = self.file
        return self.module_template.render(
            header=header_line(f),
            doc=_block(jsdoc(f.comments.lines, deprecated=f.deprecated)),
            imports=self.imports.lines(),
            reexports=reexports,
            body=body,
        )

    # -- declarations -------------------------------------------------------------------

    def _declarations(self) -> Iterator[Declaration]:
        f = self.file
        for decl in _ordered([*f.messages, *f.enums, *f.services]):
            if isinstance(decl, Message):
                yield from self._message_tree(decl)
            elif isinstance(decl, Enum):
                yield self._enum(decl)
            else:
                yield self._service(decl)

    def _message_tree(self, m: Message) -> Iterator[Declaration]:
        yield self._message(m)
        for nested in _ordered([*m.messages, *m.enums]):
            if isinstance(nested, Message):
                yield from self._message_tree(nested)
            elif isinstance(nested, Enum):
                yield self._enum(nested)

    def _message(self, m: Message) -> MessageView:
        """The interface and the field table of a message, in one pass over its fields
        (this loop runs for every field of every file: it is kept tight)."""
        json_keys = self.profile.names == "json"
        describe = self._describe
        properties: list[PropertyView] = []
        exclusive = _exclusive_oneofs(m)
        members: dict[str, list[PropertyView]] = {o.name: [] for o in m.oneofs} if m.oneofs else {}
        entries: list[Entry] = []
        literals = self._literals
        for fl in m.fields:
            t = fl.type
            tt = type(t)
            if tt is ScalarType:
                d = self._scalars[id(t.kind)]  # type: ignore[union-attr]
            else:
                memo_key: object = (
                    t.full_name if tt is MessageRef or tt is EnumRef else t  # type: ignore[union-attr]
                )
                found = self._described.get(memo_key)
                if found is None:
                    found = self._described[memo_key] = describe(t)
                d = found
            type_, label, base, ref = d
            oneof = fl.oneof
            if not label:
                if oneof is not None:
                    label = f"oneof {oneof} "
                elif fl.has_presence and tt is not MessageRef:
                    label = "optional "
            names = literals.get((fl.json_name, fl.name))
            if names is None:
                names = literals[(fl.json_name, fl.name)] = (
                    string_literal(fl.json_name),
                    string_literal(fl.name),
                )
            entries.append((fl.number, names[0], names[1], f'"{label}{base}"', ref))
            c = fl.comments
            if c.leading or c.trailing or fl.deprecated or fl.default is not None:
                tags = () if fl.default is None else (default_tag(fl.default, t),)
                doc = jsdoc(c.lines, "  ", deprecated=fl.deprecated, tags=tags)
            else:
                doc = ""
            key = fl.json_name if json_keys else fl.name
            if oneof is None or not exclusive:
                if key in OBJECT_MEMBERS:
                    # An absent key reads as what every object inherits (`toString`, ...);
                    # saying so keeps the type honest and object literals assignable.
                    type_ += f" | Object[{string_literal(key)}]"
                properties.append(PropertyView(doc, f"{property_key(key)}?: {type_}"))
            else:
                members[oneof].append(PropertyView(doc, f"{property_key(key)}: {type_}"))
        oneofs = (
            tuple(
                OneofView(_block(jsdoc(o.comments.lines, "  ")), tuple(members[o.name]))
                for o in m.oneofs
            )
            if exclusive and m.oneofs
            else ()
        )
        name = self.names.types[m.full_name]
        c = m.comments
        return MessageView(
            doc=jsdoc(c.lines, deprecated=m.deprecated)
            if c.leading or c.trailing or m.deprecated
            else "",
            name=name,
            properties=tuple(properties),
            oneofs=oneofs,
            one_of=self.types.runtime_type("OneOf") if oneofs else "",
            parse=self.parsers.message(m, name, entries),
        )

    def _describe(self, t: TypeRef) -> Described:
        """(TypeScript type, table label, table type, table reference) of a field type."""
        text = self.types.field(t)
        if isinstance(t, ListOf):
            base, ref = self.parsers.base(t.element)
            return text, "repeated ", base, ref
        if isinstance(t, MapOf):
            base, ref = self.parsers.base(t.value)
            return text, f"map<{t.key.kind.value}> ", base, ref
        base, ref = self.parsers.base(t)
        return text, "", base, ref

    def _enum(self, e: Enum) -> EnumView:
        name = self.names.types[e.full_name]
        members = []
        documented = False
        for v in e.values:
            c = v.comments
            doc = ""
            if c.leading or c.trailing or v.deprecated:
                doc = jsdoc(c.lines, "  ", deprecated=v.deprecated)
                documented = True
            members.append(EnumMemberView(doc, string_literal(v.name)))
        union = " | ".join(m.literal for m in members)
        fits = not documented and len(name) + len(union) + 15 <= PRINT_WIDTH
        c = e.comments
        return EnumView(
            doc=jsdoc(c.lines, deprecated=e.deprecated)
            if c.leading or c.trailing or e.deprecated
            else "",
            name=name,
            members=tuple(members),
            one_line=union if fits else "",
            companion=self.parsers.enum(e, name),
        )

    def _service(self, s: Service) -> ServiceView:
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
        return ServiceView(
            doc=jsdoc(s.comments.lines, deprecated=s.deprecated),
            name=self.names.types[s.full_name],
            methods=tuple(methods),
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


Described = tuple[str, str, str, str]

_LITERAL_PAIRS: dict[tuple[str, str], tuple[str, str]] = {}
"""(json name, proto name) -> their string literals: the same pairs recur everywhere."""


def _block(doc: str) -> str:
    """A JSDoc block as a plain block comment (documents a group, attaches to nothing)."""
    return doc.replace("/**", "/*", 1)


TARGET = TypeScriptTarget()
