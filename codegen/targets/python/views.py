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
from codegen.targets.python.types import HOLE, FieldCode, PyTypes


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
class EnumView:
    header: str
    doc: str | None
    values: list[str]
    """Each member with its attribute docstring, relative to the class."""
    define: str


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
    fields: list[str]
    """Each dataclass field with its attribute docstring, relative to the class."""
    whiches: list[Which]
    oneof_checks: list[str]
    encoders: list[str]
    """`if <present>:` + the statement writing the field, for each field."""
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
        self._decorators: dict[int, str] = {}

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
            code = _relative(code, indent)
            values.append(code if vdoc is None else f"{code}\n    {vdoc}")
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
        indent = 4 * depth
        decorator = self._decorator(indent)
        header = _relative(L.class_header(names.py, [f"{rt}.Message"], indent), indent)
        doc = self._doc(m.comments, "Deprecated." if m.deprecated else "", 4)
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
        fields: list[str] = []
        encoders: list[str] = []
        define_args: list[L.Node] = [L.Atom(py_path), L.Atom(pystr(m.full_name))]
        field_call = f"{rt}.Field"
        attrs = names.fields
        field_code = self.types.field_code
        json_names = self.json_names
        width = L.WIDTH
        for fl in m.fields:
            # One pass per field, in plain strings: the common line fits, and only a line
            # too long for the page goes through the layout engine.
            name = fl.name
            attr = attrs[name]
            fc = field_code(fl)
            # 1. The dataclass field (with its attribute docstring).
            zero = fc.zero
            value = zero if type(zero) is str else self._default(m, fl, zero)
            code = f"    {attr}: {fc.annotation} = {value}"
            if indent + len(code) > width:
                laid = L.assign(L.Atom(attr), L.parse(value), indent + 4, L.parse(fc.annotation))
                code = _relative(laid, indent)
            comments = fl.comments
            if (
                comments.leading
                or comments.trailing
                or fl.oneof is not None
                or fl.required
                or fl.deprecated
                or fl.default is not None
            ):
                field_doc = self._field_doc(fl)
                if field_doc is not None:
                    code = f"{code}\n    {field_doc}"
            fields.append(code)
            # 2. Its JSON encoding in to_dict(): `if <present>:` and the assignment.
            access = "self." + attr
            if fc.right:
                cond = f"        if {access}{fc.test}{fc.right.replace(HOLE, access)}:"
            else:
                cond = f"        if {access}{fc.test}:"
            if indent + len(cond) > width:
                cond = self._long_condition(access, fc, indent)
            key = pystr(fl.json_name) if json_names else pystr(name)
            stmt = f"            {LOCAL}[{key}] = {fc.encode.replace(HOLE, access)}"
            if indent + len(stmt) > width:
                stmt = self._long_encoding(key, fc.encode.replace(HOLE, access), indent)
            encoders.append(f"{cond}\n{stmt}")
            # 3. Its entry in the JSON field table.
            items = [pystr(name), fc.decoder]
            if fl.json_name != name:
                items.append(pystr(fl.json_name))
            if attr != name:
                items.append(f"attr={pystr(attr)}")
            if fl.oneof is not None:
                items.append(f"oneof={pystr(fl.oneof)}")
            entry = f"{field_call}({', '.join(items)})"
            if len(entry) + 5 <= width:
                define_args.append(L.Atom(entry))  # fits its line: no node needed
            else:
                args: list[L.Node] = [L.Atom(i) for i in items]
                if len(fc.decoder) + 9 > width:
                    args[1] = L.parse(fc.decoder)
                define_args.append(L.Seq(field_call + "(", tuple(args), ")"))
        whiches = [self._which(m, o.name, indent) for o in m.oneofs]
        checks = []
        for o in m.oneofs:
            members = [L.Atom("self." + attrs[n]) for n in o.fields]
            if len(members) > 1:
                stmt = L.statement(L.call(f"{rt}.check_oneof", L.Atom(pystr(o.name)), *members),
                                   indent + 8)  # fmt: skip
                checks.append(_relative(stmt, indent))
        defines = [e.define for e in enums]
        defines.append(L.statement(L.call(f"{rt}.define", *define_args), 0))
        for n in messages:
            defines.extend(n.defines)
        self.defined.add(m.full_name)
        return MessageView(decorator, header, doc, enums, messages, fields, whiches, checks,
                           encoders, defines)  # fmt: skip

    def _decorator(self, indent: int) -> str:
        cached = self._decorators.get(indent)
        if cached is None:
            dc = self.imports.dataclasses
            node = L.call(
                f"{dc}.dataclass", L.Kw("kw_only", L.Atom("True")), L.Kw("slots", L.Atom("True"))
            )
            cached = self._decorators[indent] = _relative(L.decorator(node, indent), indent)
        return cached

    def _doc(self, comments: Comments, note: str, indent: int) -> str | None:
        if not comments and not note:
            return None
        return docstring(_comment_lines(comments, note), indent)

    def _field_doc(self, fl: Field) -> str | None:
        comments = fl.comments
        if (
            not (comments.leading or comments.trailing or fl.oneof or fl.required)
            and fl.default is None
            and not fl.deprecated
        ):
            return None
        notes = []
        if fl.oneof is not None:
            notes.append(f"Member of oneof `{fl.oneof}`.")
        if fl.required:
            notes.append("Required.")
        if fl.default is not None:
            notes.append(f"Default when unset: {self._default_text(fl)}.")
        if fl.deprecated:
            notes.append("Deprecated.")
        return docstring(_comment_lines(fl.comments, " ".join(notes)), 4)

    def _default(self, m: Message, fl: Field, zero: str | EnumRef | None) -> str:
        if zero is None:
            key = "list" if isinstance(fl.type, ListOf) else "dict"
            return f"{self.imports.dataclasses}.field(default_factory={key})"
        if isinstance(zero, EnumRef):
            return self._enum_default(m, zero)
        return zero

    def _default_text(self, fl: Field) -> str:
        value = fl.default
        if isinstance(fl.type, EnumRef):
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return repr(value)

    def _enum_default(self, m: Message, ref: EnumRef) -> str:
        """The first value of `ref`, as the dataclass default of a field of `m`."""
        target = self.schema.enum(ref)
        member = self.names.enum(ref).values[target.values[0].name]
        if ref.file != self.file.name:
            return f"{self.imports.ref(ref)}.{member}"
        parent = ".".join(filter(None, (ref.package, *ref.scope[:-1])))
        if parent == m.full_name:
            # Nested in this very class: its body already bound the enum's name.
            return f"{self.fnames.enums[ref.full_name].py}.{member}"
        outer = ".".join(filter(None, (ref.package, ref.scope[0])))
        if len(ref.scope) == 1 or outer in self.defined:
            return f"{self.imports.ref(ref)}.{member}"
        # Defined later, or in a class still being built: look it up at call time.
        dc = self.imports.dataclasses
        return f"{dc}.field(default_factory=lambda: {self.imports.ref(ref)}.{member})"

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

    def _long_condition(self, access: str, fc: FieldCode, class_indent: int) -> str:
        right = L.parse(fc.right.replace(HOLE, access)) if fc.right else None
        return _relative(L.if_header(class_indent + 8, access, fc.test, right), class_indent)

    def _long_encoding(self, key: str, expr: str, class_indent: int) -> str:
        target = L.subscript(LOCAL, L.Atom(key))
        return _relative(L.assign(target, L.parse(expr), class_indent + 12), class_indent)

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
