"""The Go target: model -> one .pb.go file per proto file, plus the protobindrt runtime.

Flow: plan the packages (layout.py), name every declaration per Go package (names.py),
then for each file build view objects (identifiers, types and doc comments as final
strings), render the body, and render the header last so it lists exactly the imports
the body used.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

import jinja2

from codegen.errors import ConfigError
from codegen.model import (
    Enum,
    EnumRef,
    Field,
    File,
    Message,
    MessageRef,
    Method,
    ScalarType,
    Schema,
    WellKnown,
)
from codegen.render import environment
from codegen.targets.base import RUNTIME_HEADER, OutputFile, Request, header_line
from codegen.targets.go.codec import PLACEHOLDER_NAMES, CodecBuilder, MessageCodec, codec_var
from codegen.targets.go.codec import names as codec_names
from codegen.targets.go.comments import doc_lines, plain_paragraph
from codegen.targets.go.grpc import GrpcFiles
from codegen.targets.go.imports import GoIdent, Imports
from codegen.targets.go.layout import RUNTIME_DIR, RUNTIME_NAME, GoPackage, Layout, plan
from codegen.targets.go.literals import go_string
from codegen.targets.go.names import (
    OneofNames,
    PackageNames,
    apply_mapping,
    compute_names,
    rename_for_merge,
)
from codegen.targets.go.types import Symbol, TypeMapper
from codegen.targets.go.views import (
    AliasView,
    EnumView,
    FileView,
    MessageView,
    MethodView,
    OneofCase,
    OneofView,
    ServiceView,
    align,
    doc_text,
)


class GoTarget:
    language: ClassVar[str] = "go"
    shardable: ClassVar[bool] = True
    """`generate` honours `request.shard`: see `_Generation.run`."""

    def generate(self, request: Request) -> list[OutputFile]:
        module = request.config.module
        if not module:
            raise ConfigError(
                f"go target (out = {request.config.out}): set `module` to the Go import "
                'path of the output folder (e.g. module = "example.com/app/gen"), or '
                "create a go.mod at or above it"
            )
        # Rendering allocates millions of short-lived strings and small objects and no
        # cycles worth collecting; the cyclic collector would cost a third of the time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return _Generation(request, module).run()
        finally:
            if enabled:
                gc.enable()


class _Runtime:
    """`{{ rt }}` in a template: the runtime package's name in the file, importing the
    runtime on first use (a file that never names it does not import it)."""

    __slots__ = ("_imports", "_name")

    def __init__(self, imports: Imports) -> None:
        self._imports = imports
        self._name = ""

    def __str__(self) -> str:
        if not self._name:
            self._name = self._imports.qualifier(self._imports.runtime_path, "")
        return self._name


class _Generation:
    def __init__(self, request: Request, module: str) -> None:
        self.request = request
        self.schema: Schema = request.schema
        self.env = environment("go", request.config.templates)
        self.macros = {
            name + "s": getattr(_template(self.env, f"{name}.go.j2").module, name + "s")
            for name in ("enum", "message", "service")
        }
        self.layout: Layout = plan(self.schema, module)
        self.runtime = GoIdent(self.layout.runtime_import, RUNTIME_NAME, "")
        self.public_names: dict[str, PackageNames] = {
            p.dir: compute_names(p.files) for p in self.layout.packages
        }
        self.definition_names: dict[str, PackageNames] = {}
        for p in self.layout.packages:
            if p.shared is None:
                self.definition_names[p.dir] = self.public_names[p.dir]
        for shared in self.layout.shared:
            units = [self.public_names[m.dir] for m in shared.members]
            merged = PackageNames()
            for member, names, mapping in zip(
                shared.members, units, rename_for_merge(units), strict=True
            ):
                renamed = apply_mapping(names, mapping)
                self.definition_names[member.dir] = renamed
                merged.messages.update(renamed.messages)
                merged.enums.update(renamed.enums)
                merged.services.update(renamed.services)
                merged.used |= renamed.used
            self.definition_names[shared.dir] = merged
        for names in self.definition_names.values():
            # Each message's codec table (see codec.py): no import may take these names.
            names.used.update([codec_var(mn.type) for mn in names.messages.values()])
        self._symbols: dict[str, Symbol] = {}

    def symbol(self, full_name: str) -> Symbol:
        """Where a message or enum is defined and named (computed on first reference)."""
        s = self._symbols.get(full_name)
        if s is not None:
            return s
        t = self.schema.messages.get(full_name) or self.schema.enums[full_name]
        p = self.layout.by_file[t.ref.file]
        d = p.shared or p
        public, definition = self.public_names[p.dir], self.definition_names[p.dir]
        if full_name in public.messages:
            pub, dfn = public.messages[full_name].type, definition.messages[full_name].type
        else:
            pub, dfn = public.enums[full_name].type, definition.enums[full_name].type
        s = Symbol(GoIdent(d.import_path, d.name, dfn), GoIdent(p.import_path, p.name, pub))
        self._symbols[full_name] = s
        return s

    def run(self) -> list[OutputFile]:
        """This request's shard of the output.

        Every output but the runtime belongs to one proto file: its .pb.go in its own
        package, for a package in an import cycle also its definitions file in the
        cycle's shared package, and with `grpc` its _grpc.pb.go (grpc.py). A shard renders
        those of `request.files()`; the runtime (and protobindgrpc) goes with the shared
        shard. Layout and names above always cover the whole
        schema, so no identifier depends on the shard.
        """
        shard = self.request.shard
        mine: set[str] | None = None
        if shard.count > 1:
            mine = {f.name for f in self.request.files()}
        out: list[OutputFile] = []
        grpc = self._grpc_files() if self.request.config.grpc else None
        for p in self.layout.packages:
            if p.shared is None:
                names = self.definition_names[p.dir]
                for f in p.files:
                    if mine is None or f.name in mine:
                        out.append(self._definitions(f, p, names))
            else:
                for f in p.files:
                    if mine is None or f.name in mine:
                        out.append(self._aliases(f, p))
            if grpc is not None:
                for f in p.files:
                    if f.services and (mine is None or f.name in mine):
                        out.append(grpc.file(f, p))
        for shared in self.layout.shared:
            names = self.definition_names[shared.dir]
            for f in shared.files:
                if mine is None or f.name in mine:
                    out.append(self._definitions(f, shared, names))
        if shard.shared:
            out.extend(self._runtime())
            if grpc is not None and grpc.needed:
                out.append(grpc.runtime_file())
        return out

    def _grpc_files(self) -> GrpcFiles:
        return GrpcFiles(
            lambda name: _template(self.env, name),
            self.layout,
            self.public_names,
            self.symbol,
            self.runtime,
            self._header,
        )

    # -- one file ------------------------------------------------------------------------

    def _definitions(self, f: File, pkg: GoPackage, names: PackageNames) -> OutputFile:
        imports = Imports(pkg.import_path, names.used, self.runtime)
        types = TypeMapper(pkg.import_path, imports, self.symbol, PLACEHOLDER_NAMES)
        codecs = CodecBuilder(types, imports, check_utf8=f.syntax != "proto2")
        view = _FileBuilder(f, pkg, names, types, imports, codecs, self.schema).build()
        rt: object = _Runtime(imports)
        if view.messages or view.enums:
            rt = str(rt)  # they name the runtime anyway: a plain string renders faster
        context = {"file": view, "rt": rt, "profile": self.request.json, **self.macros}
        body = _template(self.env, "file.go.j2").render(context)
        return OutputFile(pkg.path_of(f), self._header(f, pkg.name, imports, body))

    def _aliases(self, f: File, pkg: GoPackage) -> OutputFile:
        assert pkg.shared is not None
        public = self.public_names[pkg.dir]
        definition = self.definition_names[pkg.dir]
        imports = Imports(pkg.import_path, public.used, self.runtime)
        aliases: list[AliasView] = []
        for decl, kind, pub, target in _declarations(f, public, definition):
            q = imports.qualifier(pkg.shared.import_path, pkg.shared.name)
            aliases.append(AliasView(decl, kind, pub, f"{q}.{target}"))
        body = _template(self.env, "alias.go.j2").render({"aliases": aliases})
        return OutputFile(pkg.path_of(f), self._header(f, pkg.name, imports, body))

    def _header(self, f: File, package: str, imports: Imports, body: str) -> bytes:
        header = _template(self.env, "header.go.j2").render(
            {
                "header": header_line(f),
                # A path with "+build" in it reads as a build constraint unless the
                # header adjoins the package clause.
                "adjoin": "+build" in header_line(f),
                "comments": doc_lines(f.comments.lines),
                "package": package,
                "imports": imports.groups(),
            }
        )
        return (header + body).encode()

    def _runtime(self) -> list[OutputFile]:
        text = _template(self.env, "runtime/protobindrt.go.j2").render(
            {
                "header": RUNTIME_HEADER,
                "package": RUNTIME_NAME,
                "int64_as_number": "true" if self.request.json.int64 == "number" else "false",
                "proto_names": "true" if self.request.json.names == "proto" else "false",
            }
        )
        wire = _template(self.env, "runtime/wire.go.j2").render(
            {"header": RUNTIME_HEADER, "package": RUNTIME_NAME}
        )
        return [
            OutputFile(f"{RUNTIME_DIR}/protobindrt.go", text.encode()),
            OutputFile(f"{RUNTIME_DIR}/wire.go", wire.encode()),
        ]


@cache
def _template_cached(env_id: int, env: jinja2.Environment, name: str) -> jinja2.Template:
    return env.get_template(name)


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    return _template_cached(id(env), env, name)


def _declarations(
    f: File, public: PackageNames, definition: PackageNames
) -> Iterator[tuple[str, str, str, str]]:
    """(doc, kind, public name, definition name) of every exported name of a file."""
    for e in _all_enums(f):
        pe, de = public.enums[e.full_name], definition.enums[e.full_name]
        yield _doc(e.comments.lines, e.deprecated), "type", pe.type, de.type
        for v in e.values:
            doc = _doc(v.comments.lines, v.deprecated)
            yield doc, "const", pe.values[v.name], de.values[v.name]
    for m in f.all_messages():
        pm, dm = public.messages[m.full_name], definition.messages[m.full_name]
        yield _doc(m.comments.lines, m.deprecated), "type", pm.type, dm.type
        for o in m.oneofs:
            for member in o.fields:
                yield "", "type", pm.oneofs[o.name].cases[member], dm.oneofs[o.name].cases[member]
    for s in f.services:
        ps, ds = public.services[s.full_name], definition.services[s.full_name]
        yield _doc(s.comments.lines, s.deprecated), "type", ps.type, ds.type


def _doc(lines: tuple[str, ...], deprecated: bool = False, indent: str = "") -> str:
    """A declaration's doc comment (finished lines, "" for none)."""
    if not deprecated:
        if not lines:
            return ""
        if len(lines) == 1 and plain_paragraph(lines):  # the common case, said directly
            return f"{indent}// {lines[0]}\n"
    return doc_text(doc_lines(lines, deprecated=deprecated), indent)


def _all_enums(f: File) -> Iterator[Enum]:
    yield from f.enums
    for m in f.all_messages():
        yield from m.enums


class _FileBuilder:
    def __init__(
        self,
        f: File,
        pkg: GoPackage,
        names: PackageNames,
        types: TypeMapper,
        imports: Imports,
        codecs: CodecBuilder,
        schema: Schema,
    ) -> None:
        self.schema = schema
        self.codecs = codecs
        self.f = f
        self.pkg = pkg
        self.names = names
        self.types = types
        self.imports = imports

    def build(self) -> FileView:
        f = self.f
        messages = [self._message(m) for m in f.all_messages()]
        return FileView(
            file=f,
            package=self.pkg.name,
            enums=[self._enum(e) for e in _all_enums(f)],
            messages=messages,
            services=[self._service(s) for s in f.services],
        )

    def _enum(self, e: Enum) -> EnumView:
        names = self.names.enums[e.full_name]
        rows = [
            (
                doc_lines(v.comments.lines, deprecated=v.deprecated)
                if v.comments.lines or v.deprecated
                else [],
                names.values[v.name],
                f"{names.type} = {v.number}",
            )
            for v in e.values
        ]
        first: dict[int, str] = {}
        for v in e.values:
            first.setdefault(v.number, v.name)
        return EnumView(
            enum=e,
            type=names.type,
            doc=_doc(e.comments.lines, e.deprecated),
            values=align(rows),
            name_cases="".join(
                f"\tcase {n}:\n\t\treturn {go_string(name)}, true\n" for n, name in first.items()
            ),
            value_cases="".join(
                f"\tcase {go_string(v.name)}:\n\t\treturn {v.number}, true\n" for v in e.values
            ),
            closed=e.closed,
        )

    def _message(self, m: Message) -> MessageView:
        """The struct's body and the codec table, in one pass over the fields."""
        names = self.names.messages[m.full_name]
        codecs = self.codecs
        codecs.runtime()
        fields = names.fields
        # The struct's lines, in blocks that gofmt aligns separately: a block starts at
        # a field with a doc comment and runs over the fields without one.
        blocks: list[tuple[str, list[tuple[str, str]]]] = [("", [])]
        rows = blocks[0][1]
        entries: list[str] = []
        oneofs: dict[str, list[str]] = {}
        shapes = codecs.shapes
        wrappers: dict[str, list[OneofCase]] = {}
        getters: list[str] = []
        t = names.type
        for fl in m.fields:
            if fl.oneof is not None:
                cases = oneofs.get(fl.oneof)
                on = names.oneofs[fl.oneof]
                if cases is None:
                    cases = oneofs[fl.oneof] = []
                    wrappers[fl.oneof] = []
                    entries.append(fl.oneof)  # replaced by the oneof's entry below
                    rows = []
                    blocks.append((self._oneof_doc(m, on, fl.oneof), rows))
                    rows.append((on.field, on.iface))
                wrapper = on.cases[fl.name]
                cases.append(codecs.case(fl, wrapper))
                if len(cases) == 1:
                    getters.append(_get(t, on.field, on.iface, "nil"))
                member = fields[fl.name]
                value = self.types.value(fl.type)  # type: ignore[arg-type]
                zero = self._default(fl, value) if fl.default is not None else _zero(value, fl)
                getters.append(_get_case(t, member, value, on.field, wrapper, zero))
                wrappers[fl.oneof].append(self._oneof_case(fl, fields[fl.name], wrapper, on.iface))
                continue
            key = (
                id(fl.type) * 16
                + fl.has_presence
                + 2 * fl.packed
                + 4 * fl.delimited
                + 8 * fl.required
            )
            shape = shapes.get(key)
            if shape is None:
                go_type, head, tail = codecs.field(fl)
                shape = shapes[key] = (go_type, head, tail, *_getter_parts(fl, go_type))
            name = fl.name
            entries.append(
                f"\t{shape[1]}{codec_names(fl.json_name, name)}, {fl.number}{shape[2]},\n"
            )
            go_name = fields[name]
            if fl.default is not None:
                getters.append(self._getter(t, go_name, fl, shape[0]))
            elif shape[5]:  # the field's name appears three times
                getters.append(
                    f"\nfunc (m *{t}) Get{go_name}{shape[3]}{go_name}{shape[4]}{go_name}{shape[5]}"
                )
            else:
                getters.append(f"\nfunc (m *{t}) Get{go_name}{shape[3]}{go_name}{shape[4]}")
            c = fl.comments
            if fl.default is not None:
                shown = (
                    str(fl.default) if isinstance(fl.type, EnumRef) else _default_text(fl.default)
                )
                doc = _field_doc(c.lines, fl.deprecated, f"Default: {shown}.")
            elif c.leading or c.trailing or fl.deprecated:
                doc = _field_doc(c.lines, fl.deprecated, "")
            else:
                rows.append((fields[name], shape[0]))
                continue
            rows = [(fields[name], shape[0])]
            blocks.append((doc, rows))
        if oneofs:
            for k, item in enumerate(entries):
                if item[0] != "\t":
                    entries[k] = codecs.oneof(item, names.oneofs[item].iface, oneofs[item])
        struct = _aligned(blocks)
        unknown = f"\tunknownFields {codecs.rt}.UnknownFields\n"
        return MessageView(
            message=m,
            type=names.type,
            doc=_doc(m.comments.lines, m.deprecated),
            fields=f"{struct}\n{unknown}" if struct else unknown,
            getters="".join(getters),
            oneofs=[
                OneofView(o, on.field, on.iface, wrappers.get(o.name, []))
                for o in m.oneofs
                for on in (names.oneofs[o.name],)
            ]
            if m.oneofs
            else [],
            codec=MessageCodec(codec_var(names.type), ",\n" + "".join(entries) if entries else ""),
            proto_name=go_string(m.full_name),
        )

    def _getter(self, t: str, name: str, fl: Field, go_type: str) -> str:
        """The GetX method of a field outside a oneof (protoc-gen-go's shapes)."""
        if go_type[0] == "*" and isinstance(fl.type, (ScalarType, EnumRef)):
            value = go_type[1:]
            zero = self._default(fl, value) if fl.default is not None else _zero(value)
            return _get_ptr(t, name, value, zero)
        if fl.default is not None and isinstance(fl.type, ScalarType):  # bytes
            return _get_ptr(t, name, "[]byte", self._default(fl, go_type))
        return _get(t, name, go_type, _zero(go_type))

    def _default(self, fl: Field, go_type: str) -> str:
        """A proto2/editions `[default = ...]` as a Go expression of type `go_type`."""
        v = fl.default
        if isinstance(fl.type, EnumRef):
            e = self.schema.enum(fl.type.full_name)
            return str(next(x.number for x in e.values if x.name == v))
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, bytes):
            return f"[]byte({_default_text(v)})"
        if isinstance(v, str):
            return go_string(v)
        if isinstance(v, float):
            if v != v or v in (float("inf"), float("-inf")) or (v == 0 and str(v)[0] == "-"):
                math = self.imports.qualifier("math", "math")
                if v != v:
                    expr = f"{math}.NaN()"
                elif v == 0:
                    expr = f"{math}.Copysign(0, -1)"
                else:
                    expr = f"{math}.Inf({1 if v > 0 else -1})"
                return f"float32({expr})" if go_type == "float32" else expr
            return repr(v)
        return str(v)

    def _oneof_doc(self, m: Message, on: OneofNames, name: str) -> str:
        """The doc comment of a oneof's struct field (finished, indented lines)."""
        o = next(o for o in m.oneofs if o.name == name)
        intro = f"Types that are valid to be assigned to {on.field}:"
        cases = [f"\t*{on.cases[member]}" for member in o.fields]
        if o.comments.lines:
            doc = doc_lines(o.comments.lines, extra=[intro, "", *cases])
        else:  # already in gofmt's form: a paragraph, then a code block
            doc = [f"// {intro}", "//", *(f"//{c}" for c in cases)]
        return doc_text(doc, "\t")

    def _oneof_case(self, fl: Field, name: str, wrapper: str, iface: str) -> OneofCase:
        """The wrapper struct of oneof member `fl`, whose only field is `name`."""
        c = fl.comments
        doc = _field_doc(c.lines, fl.deprecated, "") if c or fl.deprecated else ""
        line = f"{doc}\t{name} {self.types.value(fl.type)}\n"  # type: ignore[arg-type]
        # gofmt keeps `func (*W) I() {}` on one line while it is under 100 columns.
        return OneofCase(wrapper, line, len(wrapper) + len(iface) + 11 < 100)

    def _service(self, s: Any) -> ServiceView:
        sn = self.names.services[s.full_name]
        return ServiceView(
            service=s,
            type=sn.type,
            doc=_doc(s.comments.lines, s.deprecated),
            methods=[
                MethodView(
                    meth,
                    _doc(meth.comments.lines, meth.deprecated, "\t"),
                    self._signature(sn.methods[meth.name], meth),
                )
                for meth in s.methods
            ],
        )

    def _signature(self, name: str, meth: Method) -> str:
        ctx = self.imports.ident(GoIdent("context", "context", "Context"))
        inp = self.types.singular(meth.input)
        out = self.types.singular(meth.output)
        if meth.client_streaming and meth.server_streaming:
            stream = self.imports.rt("BidiStream")
            return f"{name}(ctx {ctx}, stream {stream}[{inp}, {out}]) error"
        if meth.client_streaming:
            stream = self.imports.rt("ClientStream")
            return f"{name}(ctx {ctx}, stream {stream}[{inp}]) ({out}, error)"
        if meth.server_streaming:
            stream = self.imports.rt("ServerStream")
            return f"{name}(ctx {ctx}, req {inp}, stream {stream}[{out}]) error"
        return f"{name}(ctx {ctx}, req {inp}) ({out}, error)"


# The getters, as protoc-gen-go writes them (without doc comments: thousands of them
# would cost render time and say nothing their names do not).


def _get(t: str, f: str, typ: str, zero: str) -> str:
    return (
        f"\nfunc (m *{t}) Get{f}() {typ} {{\n\tif m != nil {{\n\t\treturn m.{f}\n\t}}"
        f"\n\treturn {zero}\n}}\n"
    )


def _get_ptr(t: str, f: str, typ: str, zero: str) -> str:
    return (
        f"\nfunc (m *{t}) Get{f}() {typ} {{\n\tif m != nil && m.{f} != nil {{"
        f"\n\t\treturn {'' if typ == '[]byte' else '*'}m.{f}\n\t}}\n\treturn {zero}\n}}\n"
    )


def _getter_parts(fl: Field, go_type: str) -> tuple[str, str, str]:
    """The getter of a field without a default, in pieces that go around its name (the
    same for every field of one shape): `_get`/`_get_ptr` with `f` left out."""
    if go_type[0] == "*" and isinstance(fl.type, (ScalarType, EnumRef)):
        value = go_type[1:]
        return (
            f"() {value} {{\n\tif m != nil && m.",
            " != nil {\n\t\treturn *m.",
            f"\n\t}}\n\treturn {_zero(value)}\n}}\n",
        )
    return (
        f"() {go_type} {{\n\tif m != nil {{\n\t\treturn m.",
        f"\n\t}}\n\treturn {_zero(go_type)}\n}}\n",
        "",
    )


def _get_case(t: str, f: str, typ: str, oneof: str, wrapper: str, zero: str) -> str:
    return (
        f"\nfunc (m *{t}) Get{f}() {typ} {{\n\tif x, ok := m.Get{oneof}().(*{wrapper}); ok {{"
        f"\n\t\treturn x.{f}\n\t}}\n\treturn {zero}\n}}\n"
    )


_NUMERIC = frozenset(("float64", "float32", "int32", "int64", "uint32", "uint64"))


_STRUCTS = frozenset(
    (WellKnown.TIMESTAMP, WellKnown.DURATION, WellKnown.FIELD_MASK, WellKnown.EMPTY, WellKnown.ANY)
)
"""Well-known types held as struct values in oneof members (elsewhere behind a pointer)."""


def _zero(go_type: str, fl: Field | None = None) -> str:
    """The zero value of a field's Go type, as a getter returns it."""
    if fl is not None and isinstance(fl.type, MessageRef) and fl.type.well_known in _STRUCTS:
        return go_type + "{}"
    if go_type in _NUMERIC:
        return "0"
    if go_type == "bool":
        return "false"
    if go_type == "string":
        return '""'
    if go_type[0] in "*[" or go_type.startswith("map[") or go_type == "any":
        return "nil"
    return "0"  # a named enum type


def _aligned(blocks: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """Struct lines: each block's doc comment, then its `name type` lines with the types
    in one column, as gofmt aligns them. (Loops, not comprehensions: blocks are short.)"""
    out: list[str] = []
    for doc, rows in blocks:
        if not rows:
            continue
        if doc:
            out.append(doc)
        if len(rows) == 1:
            name, typ = rows[0]
            out.append(f"\t{name} {typ}\n")
            continue
        width = 0
        for name, _ in rows:
            if len(name) > width:
                width = len(name)
        width += 1
        for name, typ in rows:
            out.append(f"\t{name.ljust(width)}{typ}\n")
    return "".join(out)


def _field_doc(lines: tuple[str, ...], deprecated: bool, extra: str) -> str:
    """A struct field's doc comment (finished, indented lines)."""
    if extra:
        return doc_text(doc_lines(lines, deprecated=deprecated, extra=[extra]), "\t")
    return _doc(lines, deprecated, "\t")


def _default_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        return (
            '"'
            + "".join(
                chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\x{b:02x}"
                for b in value
            )
            + '"'
        )

    if isinstance(value, str):
        return go_string(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "+Inf" if value > 0 else "-Inf"
        return repr(value)
    return str(value)


@dataclass(frozen=True, slots=True)
class GoMessageInfo:
    """The public Go names of one message (for tools built on the generated code)."""

    full_name: str
    import_path: str
    package: str
    type: str
    fields: dict[str, str]
    """Proto field name -> Go struct field (fields outside oneofs)."""
    oneofs: dict[str, tuple[str, str, str]]
    """Oneof member proto name -> (struct field of the oneof, wrapper type, wrapper field)."""


def describe(request: Request) -> dict[str, GoMessageInfo]:
    """Every generated message's Go names, keyed by full proto name."""
    module = request.config.module
    if not module:
        raise ConfigError("go target: set `module`")
    gen = _Generation(request, module)
    out: dict[str, GoMessageInfo] = {}
    for p in gen.layout.packages:
        names = gen.public_names[p.dir]
        for f in p.files:
            for m in f.all_messages():
                mn = names.messages[m.full_name]
                oneofs: dict[str, tuple[str, str, str]] = {}
                for o in m.oneofs:
                    on = mn.oneofs[o.name]
                    for member in o.fields:
                        oneofs[member] = (on.field, on.cases[member], mn.fields[member])
                fields = {fl.name: mn.fields[fl.name] for fl in m.fields if fl.oneof is None}
                out[m.full_name] = GoMessageInfo(
                    m.full_name, p.import_path, p.name, mn.type, fields, oneofs
                )
    return out
