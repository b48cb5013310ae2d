"""What the templates see: the model's declarations with every Python name, type and
statement already decided and laid out (`layout.py`), so templates only arrange them.

Text in a view is relative to the indentation of the class it belongs to: the first
line of a class is at column 0, its body at 4, method bodies at 8. Layout decisions use
the absolute column (`depth`), so a class nested three levels deep wraps exactly as it
will stand in the file once the templates indent it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.model import (
    Comments,
    Enum,
    Field,
    File,
    Message,
    Method,
    Oneof,
    Schema,
    Service,
)
from codegen.model.types import EnumRef
from codegen.targets.python import layout as L
from codegen.targets.python.imports import LOCAL, Imports
from codegen.targets.python.names import FileNames, MessageNames, Names
from codegen.targets.python.text import docstring, pystr
from codegen.targets.python.types import HOLE, FieldCode, PyTypes
from codegen.targets.python.wire import wire_spec

_UNSET = "\0unset"
"""A value no docstring takes (memo lookups that may hold None)."""


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
    values: str
    """The members, each with its attribute docstring, relative to the class: one block
    of lines (joined here rather than in the template, which is measurably cheaper)."""
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
    fields: str
    """The dataclass fields, each with its attribute docstring, relative to the class: one
    block of lines, empty without fields."""
    whiches: list[Which]
    oneof_checks: list[str]
    encoders: str
    """`if <present>:` + the statement writing the field, for each field: one block of
    lines, empty without fields."""
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


@dataclass(slots=True)
class Shared:
    """Text that does not depend on the module, kept for a whole render."""

    codes: dict[object, FieldCode] = field(default_factory=dict)
    """Field code by shape of type (`PyTypes`)."""
    quoted: dict[str, str] = field(default_factory=dict)
    """`pystr(name)` by name."""
    docs: dict[tuple[str, ...], str | None] = field(default_factory=dict)
    """A field's docstring by its comment lines (fields without notes)."""
    fields: dict[tuple[object, ...], tuple[str, str, str, str]] = field(default_factory=dict)
    """`FileViews._field_parts` of fields whose type is spelled the same in every module."""
    wires: dict[tuple[object, ...], str] = field(default_factory=dict)
    """`wire_spec` by field shape."""


class FileViews:
    """Builds the views of one proto file."""

    def __init__(self, schema: Schema, names: Names, f: File, json_names: bool, types: PyTypes,
                 imports: Imports, shared: Shared | None = None) -> None:  # fmt: skip
        self.shared = Shared() if shared is None else shared
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
        self._first_members: dict[str, str] = {}

    # -- enums -----------------------------------------------------------------------------

    def enum(self, e: Enum, depth: int, py_path: str) -> EnumView:
        names = self.fnames.enums[e.ref.full_name]
        rt = self.imports.rt
        base = f"{rt}.ClosedEnum" if e.closed else f"{rt}.Enum"
        indent = 4 * depth
        header = f"class {names.py}({base}):"
        if indent + len(header) > L.WIDTH:
            header = _relative(L.class_header(names.py, [base], indent), indent)
        doc = self._doc(e.comments, "Deprecated." if e.deprecated else "", 4)
        members = names.values
        values = []
        for v in e.values:
            py = members[v.name]
            code = f"    {py} = {v.number}"
            if indent + len(code) > L.WIDTH:
                laid = L.assign(L.Atom(py), L.Atom(str(v.number), wrap=v.number >= 0), indent + 4)
                code = _relative(laid, indent)
            comments = v.comments
            if comments.leading or comments.trailing or v.deprecated:
                vdoc = self._doc(comments, "Deprecated." if v.deprecated else "", 4)
                if vdoc is not None:
                    code = f"{code}\n    {vdoc}"
            values.append(code)
        args: list[str | L.Node] = [py_path, pystr(e.ref.full_name)]
        for v in e.values:
            if members[v.name] != v.name:
                args.append(L.Kw(members[v.name], L.Atom(pystr(v.name))))
        define = L.call_statement(f"{rt}.define_enum", args, 0)
        return EnumView(header, doc, "\n".join(values), define)

    # -- messages --------------------------------------------------------------------------

    def message(self, m: Message, depth: int, py_path: str) -> MessageView:
        names = self.fnames.messages[m.ref.full_name]
        rt = self.imports.rt
        indent = 4 * depth
        decorator = self._decorator(indent)
        header = f"class {names.py}({rt}.Message):"
        if indent + len(header) > L.WIDTH:
            header = _relative(L.class_header(names.py, [f"{rt}.Message"], indent), indent)
        doc = self._doc(m.comments, "Deprecated." if m.deprecated else "", 4)
        enums = [
            self.enum(e, depth + 1, f"{py_path}.{self.fnames.enums[e.ref.full_name].py}")
            for e in m.enums
        ]
        for e in m.enums:
            self.defined.add(e.ref.full_name)
        messages = [
            self.message(n, depth + 1, f"{py_path}.{self.fnames.messages[n.ref.full_name].py}")
            for n in m.messages
        ]
        fields: list[str] = []
        encoders: list[str] = []
        # The `_rt.define(...)` call: each argument's flat text, and its lines when the
        # call breaks one argument per line (what `L.call_statement` would compute).
        define_flats = [py_path, pystr(m.ref.full_name)]
        define_lines = [f"    {py_path},", f"    {define_flats[1]},"]
        attrs = names.fields
        codes = self.types.codes
        field_code = self.types.field_code
        memo = self.shared.fields
        docs = self.shared.docs
        field_parts = self._field_parts
        for fl in m.fields:
            name = fl.name
            attr = attrs[name]
            fc = codes.get((id(fl.type), fl.has_presence)) or field_code(fl)
            if fc.shared:
                # Same field, same type, same depth elsewhere in the schema: same text.
                key = (attr, name, fl.json_name, fl.oneof, fc, indent, fl.number, fl.packed,
                       fl.delimited, fl.required, self.file.syntax)  # fmt: skip
                parts = memo.get(key)
                if parts is None:
                    parts = memo[key] = field_parts(m, fl, attr, fc, indent)
            else:
                parts = field_parts(m, fl, attr, fc, indent)
            code, encoder, entry, entry_lines = parts
            # The attribute docstring.
            if fl.oneof is None and not fl.required and fl.default is None and not fl.deprecated:
                # No notes: the comment alone, if any (the same comment often recurs).
                comments = fl.comments
                leading, trailing = comments.leading, comments.trailing
                if leading or trailing:
                    lines = comments.lines if leading and trailing else leading or trailing
                    field_doc = docs.get(lines, _UNSET)
                    if field_doc is _UNSET:
                        field_doc = docs[lines] = docstring(lines, 4)
                    if field_doc is not None:
                        code = f"{code}\n    {field_doc}"
            else:
                field_doc = self._field_doc(fl)
                if field_doc is not None:
                    code = f"{code}\n    {field_doc}"
            fields.append(code)
            encoders.append(encoder)
            define_flats.append(entry)
            define_lines.append(entry_lines)
        oneofs = m.oneofs
        whiches = []
        checks = []
        if oneofs:
            whiches = [self._which(names, o, indent) for o in oneofs]
            for o in oneofs:
                if len(o.fields) > 1:
                    members: list[str | L.Node] = [pystr(o.name)]
                    members += ["self." + attrs[n] for n in o.fields]
                    stmt = L.call_statement(f"{rt}.check_oneof", members, indent + 8)
                    checks.append(_relative(stmt, indent))
        defines = [e.define for e in enums]
        joined = ", ".join(define_flats)
        if len(joined) + len(rt) + 9 <= L.WIDTH:
            defines.append(f"{rt}.define({joined})")
        elif len(joined) + 4 <= L.WIDTH:
            defines.append(f"{rt}.define(\n    {joined}\n)")
        else:
            defines.append("\n".join([f"{rt}.define(", *define_lines, ")"]))
        for n in messages:
            defines.extend(n.defines)
        self.defined.add(m.ref.full_name)
        return MessageView(decorator, header, doc, enums, messages, "\n".join(fields), whiches,
                           checks, "\n".join(encoders), defines)  # fmt: skip

    def _field_parts(self, m: Message, fl: Field, attr: str, fc: FieldCode,
                     indent: int) -> tuple[str, str, str, str]:  # fmt: skip
        """A field's text, relative to its class at column `indent`: the dataclass field
        (without its docstring), its `if ...:` + statement in `to_dict()`, and its entry
        in the JSON field table, flat and as lines of the broken `define` call.

        In plain strings: the common line fits, and only a line too long for the page
        goes through the layout engine."""
        width = L.WIDTH - indent  # what is left of the line: text here is relative
        name = fl.name
        # 1. The dataclass field.
        zero = fc.zero
        value = zero if isinstance(zero, str) else self._enum_default(m, zero)
        code = f"    {attr}: {fc.annotation} = {value}"
        if len(code) > width:
            code = self._long_field(attr, fc, value, indent)
        # 2. Its JSON encoding in to_dict(): `if <present>:` and the assignment.
        access = "self." + attr
        if fc.right:
            cond = f"        if {access}{fc.test}{fc.right.replace(HOLE, access)}:"
        else:
            cond = f"        if {access}{fc.test}:"
        if len(cond) > width:
            cond = self._long_condition(access, fc, indent)
        quoted_names = self.shared.quoted
        quoted = quoted_names.get(name)
        if quoted is None:
            quoted = quoted_names[name] = pystr(name)
        json_name = fl.json_name
        quoted_json = quoted if json_name == name else pystr(json_name)
        key = quoted_json if self.json_names else quoted
        stmt = f"            {LOCAL}[{key}] = {fc.encode.replace(HOLE, access)}"
        if len(stmt) > width:
            stmt = self._long_encoding(key, fc, access, indent)
        # 3. Its entry in the JSON field table: `_rt.Field(name, decoder, ...)`.
        field_call = f"{self.imports.rt}.Field"
        extra = ""
        if json_name != name:
            extra = ", " + quoted_json
        if attr != name:
            extra += f", attr={pystr(attr)}"
        if fl.oneof is not None:
            extra += f", oneof={pystr(fl.oneof)}"
        wire = wire_spec(fl, self.file.syntax == "proto2", self.shared.wires)
        if wire:
            extra += f', wire="{wire}"'
        entry = f"{field_call}({quoted}, {fc.decoder}, {fl.number}{extra})"
        if len(entry) + 5 <= L.WIDTH:
            lines = f"    {entry},"  # an atom: it never breaks
        elif len(entry) - len(field_call) + 6 <= L.WIDTH:
            # Its brackets break and the items fit on one line inside.
            lines = f"    {field_call}(\n        {entry[len(field_call) + 1 : -1]}\n    ),"
        else:
            lines = "\n".join(self._long_entry(field_call, fl, quoted, quoted_json, attr, fc))
        return code, f"{cond}\n{stmt}", entry, lines

    def _long_field(self, attr: str, fc: FieldCode, value: str, class_indent: int) -> str:
        """`attr: annotation = value` too long for its line, as `L.assign` lays it out;
        the two usual shapes without building nodes."""
        width = L.WIDTH - class_indent
        head = f"    {attr}: {fc.annotation} = "
        node = L.parse(value)
        if type(node) is L.Seq and node.items:
            # A call (`_dc.field(default_factory=list)`): its brackets break, and its
            # arguments fit on one line inside.
            inside = ", ".join([i.flat for i in node.items])
            if len(head) + len(node.opener) <= width and 8 + len(inside) <= width:
                return f"{head}{node.opener}\n        {inside}\n    {node.closer}"
        elif type(node) is L.Atom and type(fc.annotation_node()) is L.Atom:
            # A name after an annotation that cannot break (an enum's first value):
            # parenthesized when that makes it fit, else left long.
            if len(head) + 1 <= width and 8 + len(value) <= width:
                return f"{head}(\n        {value}\n    )"
            return f"{head}{value}"
        laid = L.assign(L.Atom(attr), node, class_indent + 4, fc.annotation_node())
        return _relative(laid, class_indent)

    def _long_entry(self, field_call: str, fl: Field, quoted: str, quoted_json: str, attr: str,
                    fc: FieldCode) -> list[str]:  # fmt: skip
        """The lines of a field table entry too long for one line even inside its broken
        brackets, as an argument of the broken `define` call: one item per line (the
        same items as the flat entry)."""
        items = [quoted, fc.decoder, str(fl.number)]
        if fl.json_name != fl.name:
            items.append(quoted_json)
        if attr != fl.name:
            items.append(f"attr={pystr(attr)}")
        if fl.oneof is not None:
            items.append(f"oneof={pystr(fl.oneof)}")
        wire = wire_spec(fl, self.file.syntax == "proto2", self.shared.wires)
        if wire:
            items.append(f'wire="{wire}"')
        if len(fc.decoder) + 9 <= L.WIDTH:
            return [f"    {field_call}(", *[f"        {i}," for i in items], "    ),"]
        args: list[L.Node] = [L.Atom(i) for i in items]
        args[1] = L.parse(fc.decoder)
        return L.layout("", L.Seq(field_call + "(", tuple(args), ")"), ",", 4)

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
        if note:
            return docstring(_comment_lines(comments, note), indent)
        if comments.leading or comments.trailing:
            return docstring(comments.lines, indent)
        return None

    def _field_doc(self, fl: Field) -> str | None:
        """The docstring of a field with notes (oneof, required, default, deprecated)."""
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

    def _default_text(self, fl: Field) -> str:
        value = fl.default
        if isinstance(fl.type, EnumRef):
            return str(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        return repr(value)

    def _enum_default(self, m: Message, ref: EnumRef) -> str:
        """The first value of `ref`, as the dataclass default of a field of `m`."""
        member = self._first_members.get(ref.full_name)
        if member is None:
            first = self.schema.enum(ref).values[0].name
            member = self._first_members[ref.full_name] = self.names.enum(ref).values[first]
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

    def _which(self, names: MessageNames, o: Oneof, class_indent: int) -> Which:
        attrs = [names.fields[n] for n in o.fields]
        quoted = [pystr(a) for a in attrs]
        t = self.imports.typing
        width = L.WIDTH - class_indent
        header = f"    def {names.which[o.name]}(self) -> {t}.Literal[{', '.join(quoted)}] | None:"
        if len(header) > width:
            literal = L.subscript(f"{t}.Literal", *(L.Atom(q) for q in quoted))
            header = _relative(L.def_header(
                f"def {names.which[o.name]}", [L.Atom("self")], L.Union(literal, L.Atom("None")),
                class_indent + 4,
            ), class_indent)  # fmt: skip
        doc = docstring([f"The member of oneof `{o.name}` that is set, or None."], 8)
        assert doc is not None
        branches = []
        for a, q in zip(attrs, quoted, strict=True):
            cond = f"        if self.{a} is not None:"
            if len(cond) > width:
                cond = _relative(L.if_header(class_indent + 8, f"self.{a}", " is not None"),
                                 class_indent)  # fmt: skip
            ret = f"            return {q}"
            if len(ret) > width:
                ret = _relative(L.return_statement(L.Atom(q), class_indent + 12), class_indent)
            branches.append((cond, ret))
        return Which(header, doc, branches)

    def _long_condition(self, access: str, fc: FieldCode, class_indent: int) -> str:
        right = L.parse(fc.right.replace(HOLE, access)) if fc.right else None
        return _relative(L.if_header(class_indent + 8, access, fc.test, right), class_indent)

    def _long_encoding(self, key: str, fc: FieldCode, access: str, class_indent: int) -> str:
        # The usual shape: a call of two or more arguments that fit on one line once its
        # brackets break (what `L.assign` decides, without building nodes).
        split = fc.encode_split()
        if split is not None:
            opener, arguments, closer = split
            head = f"            {LOCAL}[{key}] = {opener.replace(HOLE, access)}"
            arguments = arguments.replace(HOLE, access)
            width = L.WIDTH - class_indent
            if len(head) <= width and 16 + len(arguments) <= width:
                return f"{head}\n                {arguments}\n            {closer}"
        target = L.subscript(LOCAL, L.Atom(key))
        value = fc.encode_node(access)
        return _relative(L.assign(target, value, class_indent + 12), class_indent)

    # -- services --------------------------------------------------------------------------

    def service(self, s: Service) -> tuple[ServiceView, ServiceView]:
        names = self.fnames.services[s.full_name]
        t = self.imports.typing
        doc = self._doc(s.comments, "Deprecated." if s.deprecated else "", 4)
        # What both Protocols share: each method's types and docstring.
        methods = [
            (
                meth,
                self.types.method_type(meth.input),
                self.types.method_type(meth.output),
                self._doc(meth.comments, "Deprecated." if meth.deprecated else "", 8),
            )
            for meth in s.methods
        ]
        views = []
        for py, is_async in ((names.py, False), (names.py_async, True)):
            header = L.class_header(py, [f"{t}.Protocol"], 0)
            iterator = f"{t}.AsyncIterator" if is_async else f"{t}.Iterator"
            method_views = []
            for meth, req, resp, mdoc in methods:
                # An async server-streaming method is an async generator: a plain `def`
                # returning an AsyncIterator, so `async def ...: yield` implements it.
                keyword = "async def" if is_async and not meth.server_streaming else "def"
                head = f"{keyword} {names.methods[meth.name]}"
                if meth.client_streaming:
                    param = f"requests: {iterator}[{req}]"
                else:
                    param = f"request: {req}"
                returns = f"{iterator}[{resp}]" if meth.server_streaming else resp
                tail = ":" if mdoc else ": ..."
                line = f"    {head}(self, {param}) -> {returns}{tail}"
                if len(line) > L.WIDTH:
                    line = self._long_method(head, iterator, req, resp, meth, tail[1:])
                method_views.append(MethodView(line, mdoc))
            views.append(ServiceView(header, doc, method_views))
        return views[0], views[1]

    def _long_method(self, head: str, iterator: str, req: str, resp: str, meth: Method,
                     body: str) -> str:  # fmt: skip
        if meth.client_streaming:
            param = L.param("requests", L.subscript(iterator, L.Atom(req)))
        else:
            param = L.param("request", L.Atom(req))
        returns: L.Node = L.Atom(resp)
        if meth.server_streaming:
            returns = L.subscript(iterator, returns)
        return L.def_header(head, [L.Atom("self"), param], returns, 4, body)
