"""What the templates see: the model's declarations with every Python name, type and
statement already decided and laid out (`layout.py`), so templates only arrange them.

Text in a view is relative to the indentation of the class it belongs to: the first
line of a class is at column 0, its body at 4, method bodies at 8. Layout decisions use
the absolute column (`depth`), so a class nested three levels deep wraps exactly as it
will stand in the file once the templates indent it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.model import Comments, Enum, Field, File, Message, Schema, Service
from codegen.model.types import EnumRef, ListOf
from codegen.targets.python import layout as L
from codegen.targets.python.imports import LOCAL, Imports
from codegen.targets.python.names import FileNames, Names
from codegen.targets.python.text import docstring, pystr
from codegen.targets.python.types import PyTypes


def _relative(text: str, base: int) -> str:
    """Drop `base` columns of indentation from every line of `text`."""
    if base == 0:
        return text
    return "\n".join(line[base:] for line in text.split("\n"))


def _comment_lines(comments: Comments, *notes: str) -> list[str]:
    lines = list(comments.lines)
    extra = [n for n in notes if n]
    if extra:
        if lines:
            lines.append("")
        lines.extend(extra)
    return lines


@dataclass(slots=True)
class Member:
    """A statement in a class body (field or enum value) and its attribute docstring."""

    code: str
    doc: str | None


@dataclass(slots=True)
class EnumView:
    header: str
    doc: str | None
    values: list[Member]
    define: str


@dataclass(slots=True)
class Encoder:
    condition: str
    statement: str


@dataclass(slots=True)
class Which:
    header: str
    doc: str
    branches: list[tuple[str, str]]
    """(`if ...:` line, `return ...` line), relative to the class."""


@dataclass(slots=True)
class MessageView:
    decorator: str
    header: str
    doc: str | None
    enums: list[EnumView]
    messages: list[MessageView]
    fields: list[Member]
    whiches: list[Which]
    oneof_checks: list[str]
    encoders: list[Encoder]
    defines: list[str] = field(default_factory=list)
    """`_rt.define(...)` statements of this message and its nested ones (module level)."""


@dataclass(slots=True)
class MethodView:
    header: str
    doc: str | None


@dataclass(slots=True)
class ServiceView:
    header: str
    doc: str | None
    methods: list[MethodView]


class FileViews:
    """Builds the views of one proto file."""

    def __init__(self, schema: Schema, names: Names, f: File, json_names: bool, types: PyTypes,
                 imports: Imports) -> None:  # fmt: skip
        self.schema = schema
        self.names = names
        self.file = f
        self.fnames: FileNames = names.file(f.name)
        self.json_names = json_names
        self.types = types
        self.imports = imports
        self.defined: set[str] = set()
        """Full names of classes complete at the current point of the module."""

    # -- enums -----------------------------------------------------------------------------

    def enum(self, e: Enum, depth: int, py_path: str) -> EnumView:
        names = self.fnames.enums[e.full_name]
        rt = self.imports.rt
        base = f"{rt}.ClosedEnum" if e.closed else f"{rt}.Enum"
        indent = 4 * depth
        header = _relative(L.class_header(names.py, [base], indent), indent)
        notes = ["Deprecated." if e.deprecated else ""]
        doc = docstring(_comment_lines(e.comments, *notes), 4)
        values = []
        for v in e.values:
            py = names.values[v.name]
            code = L.assign(L.Atom(py), L.Atom(str(v.number), wrap=v.number >= 0), indent + 4)
            vdoc = docstring(_comment_lines(v.comments, "Deprecated." if v.deprecated else ""),
                             4)  # fmt: skip
            values.append(Member(_relative(code, indent), vdoc))
        renamed = [
            L.Kw(names.values[v.name], L.Atom(pystr(v.name)))
            for v in e.values
            if names.values[v.name] != v.name
        ]
        define = L.statement(
            L.call(f"{rt}.define_enum", L.Atom(py_path), L.Atom(pystr(e.full_name)), *renamed),
            0,
        )
        return EnumView(header, doc, values, define)

    # -- messages --------------------------------------------------------------------------

    def message(self, m: Message, depth: int, py_path: str) -> MessageView:
        names = self.fnames.messages[m.full_name]
        rt = self.imports.rt
        dc = self.imports.dataclasses
        indent = 4 * depth
        decorator = _relative(
            L.decorator(
                L.call(f"{dc}.dataclass", L.Kw("kw_only", L.Atom("True")),
                       L.Kw("slots", L.Atom("True"))),
                indent,
            ),
            indent,
        )  # fmt: skip
        header = _relative(L.class_header(names.py, [f"{rt}.Message"], indent), indent)
        doc = docstring(_comment_lines(m.comments, "Deprecated." if m.deprecated else ""), 4)
        enums = [
            self.enum(e, depth + 1, f"{py_path}.{self.fnames.enums[e.full_name].py}")
            for e in m.enums
        ]
        for e in m.enums:
            self.defined.add(e.full_name)
        messages = [
            self.message(n, depth + 1, f"{py_path}.{self.fnames.messages[n.full_name].py}")
            for n in m.messages
        ]
        fields = [self._field(m, fl, indent) for fl in m.fields]
        whiches = [self._which(m, o.name, indent) for o in m.oneofs]
        checks = []
        for o in m.oneofs:
            members = [L.Atom("self." + names.fields[n]) for n in o.fields]
            if len(members) > 1:
                stmt = L.statement(L.call(f"{rt}.check_oneof", L.Atom(pystr(o.name)), *members),
                                   indent + 8)  # fmt: skip
                checks.append(_relative(stmt, indent))
        encoders = [self._encoder(m, fl, indent) for fl in m.fields]
        defines = [d for n in messages for d in n.defines]
        define_args: list[L.Node] = [L.Atom(py_path), L.Atom(pystr(m.full_name))]
        for fl in m.fields:
            args: list[L.Node] = [
                L.Atom(pystr(names.fields[fl.name])),
                L.Atom(pystr(fl.name)),
                L.Atom(pystr(fl.json_name)),
                self.types.decoder(fl),
            ]
            if fl.oneof is not None:
                args.append(L.Atom(pystr(fl.oneof)))
            define_args.append(L.call(f"{rt}.Field", *args))
        defines.insert(0, L.statement(L.call(f"{rt}.define", *define_args), 0))
        defines[:0] = [d for e in enums for d in [e.define]]
        self.defined.add(m.full_name)
        return MessageView(decorator, header, doc, enums, messages, fields, whiches, checks,
                           encoders, defines)  # fmt: skip

    def _field(self, m: Message, fl: Field, class_indent: int) -> Member:
        names = self.fnames.messages[m.full_name]
        attr = names.fields[fl.name]
        indent = class_indent + 4
        annotation = self.types.annotation(fl)
        zero = self.types.zero(fl)
        if zero is None:
            factory = "list" if isinstance(fl.type, ListOf) else "dict"
            value: L.Node = L.call(
                f"{self.imports.dataclasses}.field", L.Kw("default_factory", L.Atom(factory))
            )
        elif isinstance(zero, EnumRef):
            value = self._enum_default(m, zero)
        else:
            value = L.Atom(zero)
        code = _relative(L.assign(L.Atom(attr), value, indent, annotation), class_indent)
        notes = []
        if fl.oneof is not None:
            notes.append(f"Member of oneof `{fl.oneof}`.")
        if fl.required:
            notes.append("Required.")
        if fl.default is not None:
            notes.append(f"Default when unset: {self._default_text(fl)}.")
        if fl.deprecated:
            notes.append("Deprecated.")
        doc = docstring(_comment_lines(fl.comments, " ".join(notes)), 4)
        return Member(code, doc)

    def _default_text(self, fl: Field) -> str:
        value = fl.default
        if isinstance(fl.type, EnumRef):
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return repr(value)

    def _enum_default(self, m: Message, ref: EnumRef) -> L.Node:
        """The first value of `ref`, as the dataclass default of a field of `m`."""
        target = self.schema.enum(ref)
        member = self.names.enum(ref).values[target.values[0].name]
        if ref.file != self.file.name:
            return L.Atom(f"{self.imports.ref(ref)}.{member}")
        parent = ".".join(filter(None, (ref.package, *ref.scope[:-1])))
        if parent == m.full_name:
            # Nested in this very class: its body already bound the enum's name.
            return L.Atom(f"{self.fnames.enums[ref.full_name].py}.{member}")
        outer = ".".join(filter(None, (ref.package, ref.scope[0])))
        if len(ref.scope) == 1 or outer in self.defined:
            return L.Atom(f"{self.imports.ref(ref)}.{member}")
        # Defined later, or in a class still being built: look it up at call time.
        return L.call(
            f"{self.imports.dataclasses}.field",
            L.Kw("default_factory", L.Lambda(L.Atom(f"{self.imports.ref(ref)}.{member}"))),
        )

    def _which(self, m: Message, oneof: str, class_indent: int) -> Which:
        names = self.fnames.messages[m.full_name]
        o = next(o for o in m.oneofs if o.name == oneof)
        attrs = [names.fields[n] for n in o.fields]
        t = self.imports.typing
        literal = L.subscript(f"{t}.Literal", *(L.Atom(pystr(a)) for a in attrs))
        header = L.def_header(
            f"def {names.which[oneof]}", [L.Atom("self")], L.Union(literal, L.Atom("None")),
            class_indent + 4,
        )  # fmt: skip
        doc = docstring([f"The member of oneof `{oneof}` that is set, or None."], 8)
        assert doc is not None
        branches = []
        for a in attrs:
            cond = L.if_header(class_indent + 8, f"self.{a}", " is not None")
            ret = L.return_statement(L.Atom(pystr(a)), class_indent + 12)
            branches.append((_relative(cond, class_indent), _relative(ret, class_indent)))
        return Which(_relative(header, class_indent), doc, branches)

    def _encoder(self, m: Message, fl: Field, class_indent: int) -> Encoder:
        names = self.fnames.messages[m.full_name]
        access = "self." + names.fields[fl.name]
        key = fl.json_name if self.json_names else fl.name
        cond = L.if_header(class_indent + 8, access, *self.types.presence(fl, access))
        target = L.subscript(LOCAL, L.Atom(pystr(key)))
        stmt = L.assign(target, self.types.encode(fl, access), class_indent + 12)
        return Encoder(_relative(cond, class_indent), _relative(stmt, class_indent))

    # -- services --------------------------------------------------------------------------

    def service(self, s: Service) -> tuple[ServiceView, ServiceView]:
        names = self.fnames.services[s.full_name]
        t = self.imports.typing
        doc = docstring(_comment_lines(s.comments, "Deprecated." if s.deprecated else ""), 4)
        views = []
        for py, is_async in ((names.py, False), (names.py_async, True)):
            header = L.class_header(py, [f"{t}.Protocol"], 0)
            methods = []
            iterator = f"{t}.AsyncIterator" if is_async else f"{t}.Iterator"
            for meth in s.methods:
                req = L.Atom(self.types.method_type(meth.input))
                resp = L.Atom(self.types.method_type(meth.output))
                if meth.client_streaming:
                    param = L.param("requests", L.subscript(iterator, req))
                else:
                    param = L.param("request", req)
                returns: L.Node = L.subscript(iterator, resp) if meth.server_streaming else resp
                # An async server-streaming method is an async generator: a plain `def`
                # returning an AsyncIterator, so `async def ...: yield` implements it.
                keyword = "async def" if is_async and not meth.server_streaming else "def"
                mdoc = docstring(
                    _comment_lines(meth.comments, "Deprecated." if meth.deprecated else ""), 8
                )
                head = L.def_header(f"{keyword} {names.methods[meth.name]}",
                                    [L.Atom("self"), param], returns, 4,
                                    "" if mdoc else " ...")  # fmt: skip
                methods.append(MethodView(head, mdoc))
            views.append(ServiceView(header, doc, methods))
        return views[0], views[1]
