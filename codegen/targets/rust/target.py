"""The Rust target: one module per proto package, prost structs, serde ProtoJSON, tonic.

Layout (a tree a crate mounts with one `mod`): `<out>/mod.rs` declares the top-level
package modules, the runtime (`protobindrt.rs`) and the `Any` registry; the package
`acme.v1` is `<out>/acme/v1/mod.rs`, holding every file of that package (as prost-build
merges a package into one `.rs`) and declaring its sub-packages. Files of no package go
into `<out>/mod.rs` itself.

Output is not sharded: a package module gathers several files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import ClassVar

from codegen.config import JsonProfile
from codegen.model import Enum, Field, File, ListOf, MapOf, Message, MessageRef, Schema, Service
from codegen.model.types import named_type
from codegen.render import environment
from codegen.targets.base import RUNTIME_HEADER, OutputFile, Request, header_line
from codegen.targets.rust.comments import doc
from codegen.targets.rust.imports import RT, runtime_use
from codegen.targets.rust.names import (
    bare,
    camel,
    enum_variant,
    field_ident,
    package_modules,
    snake,
)
from codegen.targets.rust.types import TypeMapper
from codegen.targets.rust.views import (
    EnumJsonImpl,
    EnumValueView,
    EnumView,
    FieldView,
    JsonImpl,
    MessageView,
    MethodView,
    OneofView,
    ServiceView,
    VariantView,
    array_decl,
    attr,
    call,
    split_top,
    type_lines,
)

RUNTIME_FILE = "protobindrt.rs"

# Lints that prost-shaped code trips by design: enums whose variants share a word
# (`FooValue`, `BarValue`), a oneof variant much larger than the others, modules named
# like their parent (package `foo.foo`), and markdown shapes in proto comments.
INNER_ATTRS = (
    "#![allow(unknown_lints)]\n"
    "#![allow(\n"
    "    clippy::enum_variant_names,\n"
    "    clippy::large_enum_variant,\n"
    "    clippy::module_inception,\n"
    "    clippy::doc_lazy_continuation,\n"
    "    clippy::doc_overindented_list_items\n"
    ")]\n"
)


ENUM_DERIVES = "Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Enumeration"


def _derive(indent: str, derives: str) -> str:
    one = f"{indent}#[derive({derives})]"
    if len(one) <= 96:  # measured: rustfmt breaks a 97-column derive
        return one
    if len(f"{indent}    {derives},") <= 100:
        return f"{indent}#[derive(\n{indent}    {derives},\n{indent})]"
    body = "".join(f"{indent}    {d},\n" for d in derives.split(", "))
    return f"{indent}#[derive(\n{body}{indent})]"


class RustTarget:
    language: ClassVar[str] = "rust"
    shardable: ClassVar[bool] = False

    def generate(self, request: Request) -> list[OutputFile]:
        return _Generation(request).run()


def _boxed_fields(schema: Schema) -> frozenset[str]:
    """Singular message fields whose type contains the owner again through singular
    message fields: prost needs a `Box` there to give the struct a size."""
    edges: dict[str, list[str]] = {}
    for name, m in schema.messages.items():
        edges[name] = [
            f.type.full_name
            for f in m.fields
            if isinstance(f.type, MessageRef) and f.type.well_known is None
        ]
    reach_cache: dict[str, frozenset[str]] = {}

    def reach(start: str) -> frozenset[str]:
        if start in reach_cache:
            return reach_cache[start]
        seen: set[str] = set()
        stack = [start]
        while stack:
            n = stack.pop()
            for nxt in edges.get(n, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        reach_cache[start] = frozenset(seen)
        return reach_cache[start]

    boxed: set[str] = set()
    for name, m in schema.messages.items():
        for f in m.fields:
            if isinstance(f.type, MessageRef) and f.type.well_known is None:
                target = f.type.full_name
                if target == name or name in reach(target):
                    boxed.add(f"{name}.{f.name}")
    return frozenset(boxed)


class _Generation:
    def __init__(self, request: Request) -> None:
        self.request = request
        self.schema = request.schema
        self.profile: JsonProfile = request.json
        self.env = environment("rust", request.config.templates)
        self.boxed = _boxed_fields(self.schema)
        self.grpc = request.config.grpc

    def run(self) -> list[OutputFile]:
        packages: dict[tuple[str, ...], list[File]] = defaultdict(list)
        self.modules = package_modules([f.package for f in self.schema.files])
        for f in self.schema.files_to_generate():
            packages[self.modules[f.package]].append(f)
        tree: set[tuple[str, ...]] = {()}
        for path in packages:
            for i in range(len(path) + 1):
                tree.add(path[:i])
        out: list[OutputFile] = []
        self.tables: list[str] = []
        for path in sorted(tree):
            # rustfmt orders `mod` declarations by name, without `r#`.
            children = sorted(
                {p[len(path)] for p in tree if len(p) == len(path) + 1 and p[: len(path)] == path},
                key=bare,
            )
            files = packages.get(path, [])
            text = self._module(path, files, children)
            name = "/".join((*(bare(p) for p in path), "mod.rs"))
            out.append(OutputFile(name, text.encode()))
        out.append(self._runtime())
        root = out[0]
        assert root.path == "mod.rs"
        reg = self.env.get_template("registry.rs.j2").render(tables=self.tables)
        out[0] = OutputFile("mod.rs", root.content + reg.encode())
        return out

    def _runtime(self) -> OutputFile:
        text = self.env.get_template("runtime.rs.j2").render(
            header=RUNTIME_HEADER,
            names_proto=self.profile.names == "proto",
            int64_number=self.profile.int64 == "number",
        )
        return OutputFile(RUNTIME_FILE, text.encode())

    def _module(
        self,
        path: tuple[str, ...],
        files: list[File],
        children: list[str],
    ) -> str:
        headers = [header_line(f) for f in files] or ["Code generated by protobind. DO NOT EDIT."]
        types = TypeMapper(path, RT, self.boxed, self.modules)
        messages: list[MessageView] = []
        enums: list[EnumView] = []
        services: list[ServiceView] = []
        impls: list[JsonImpl] = []
        enum_impls: list[EnumJsonImpl] = []
        registry: list[tuple[str, str]] = []
        for f in files:
            for e in f.enums:
                enums.append(self._enum(e, ""))
                enum_impls.append(_enum_impl(camel(e.name), e.closed))
            for m in f.messages:
                messages.append(self._message(m, path, ""))
            for m in f.all_messages():
                impls.append(self._json(m, types))
                registry.append((m.full_name, types.path(m.ref)))
                for e in m.enums:
                    enum_impls.append(_enum_impl(types.path(e.ref), e.closed))
            if self.grpc:
                for s in f.services:
                    services.append(self._service(s, types))
        registry.sort()
        any_types = [
            call("    ", f"{RT}::register::<{p}>", ["out", rust_str(n)], ";") for n, p in registry
        ]
        if any_types:
            self.tables.append("::".join((*path, "any_types")))
        file_doc = ""
        return self.env.get_template("module.rs.j2").render(
            headers=headers,
            inner_attrs=INNER_ATTRS,
            file_doc=file_doc,
            children=children,
            is_root=not path,
            runtime_use=runtime_use(len(path)) if (impls or enum_impls) else "",
            root_runtime=not path,
            messages=messages,
            enums=enums,
            impls=impls,
            enum_impls=enum_impls,
            services=services,
            rt=RT,
            any_types=any_types,
        )

    # -- types ---------------------------------------------------------------------------

    def _enum(self, e: Enum, indent: str) -> EnumView:
        """Variants as prost-build lays them out: one per number (aliases parse to the
        first value of their number), names deduplicated with `_` suffixes."""
        values: list[EnumValueView] = []
        seen_numbers: dict[int, str] = {}
        accepted: list[tuple[str, str]] = []
        used: set[str] = set()
        for v in e.values:
            if v.number in seen_numbers:
                accepted.append((v.name, seen_numbers[v.number]))
                continue
            name = enum_variant(e.name, v.name)
            while name in used:
                name += "_"
            used.add(name)
            seen_numbers[v.number] = name
            accepted.append((v.name, name))
            values.append(
                EnumValueView(
                    doc(v.comments.lines, indent + "    ", v.deprecated), name, v.number, v.name
                )
            )
        return EnumView(
            doc(e.comments.lines, indent, e.deprecated),
            camel(e.name),
            values,
            accepted,
            _derive(indent, ENUM_DERIVES),
        )

    def _message(self, m: Message, pkg: tuple[str, ...], indent: str) -> MessageView:
        scope_mod = (*pkg, *(snake(s) for s in m.ref.scope[:-1]))
        here = TypeMapper(scope_mod, RT, self.boxed, self.modules)
        nested_mod = (*scope_mod, snake(m.name))
        inner = TypeMapper(nested_mod, RT, self.boxed, self.modules)
        fields: list[FieldView] = []
        in_oneof: dict[str, list[Field]] = defaultdict(list)
        done_oneofs: set[str] = set()
        fi = indent + "    "
        for f in m.fields:
            if f.oneof is not None:
                in_oneof[f.oneof].append(f)
                if f.oneof in done_oneofs:
                    continue
                done_oneofs.add(f.oneof)
                o = next(o for o in m.oneofs if o.name == f.oneof)
                members = [m.field(n) for n in o.fields]
                tags = ", ".join(str(x.number) for x in members)
                enum_path = f"{snake(m.name)}::{camel(o.name)}"
                fields.append(
                    FieldView(
                        doc(o.comments.lines, fi),
                        attr(fi, [f'oneof = "{enum_path}"', f'tags = "{tags}"']),
                        field_line(fi, snake(o.name), f"::core::option::Option<{enum_path}>"),
                    )
                )
                continue
            t = here.field(f, m.full_name)
            args = [t.attr, f'tag = "{f.number}"']
            default = self._default(f)
            if default is not None:
                args.append(f"default = {rust_str(default)}")
            fields.append(
                FieldView(
                    doc(f.comments.lines, fi, f.deprecated),
                    attr(fi, args),
                    field_line(fi, field_ident(f), t.rust),
                )
            )
        oneofs: list[OneofView] = []
        vi = indent + "        "
        for o in m.oneofs:
            variants = []
            for f in (m.field(n) for n in o.fields):
                t = inner.field(f, m.full_name, in_oneof=True)
                variants.append(
                    VariantView(
                        doc(f.comments.lines, vi, f.deprecated),
                        attr(vi, [t.attr, f'tag = "{f.number}"']),
                        camel(f.name),
                        t.rust,
                    )
                )
            oneofs.append(
                OneofView(doc(o.comments.lines, indent + "    "), camel(o.name), variants)
            )
        nested = [self._message(n, pkg, indent + "    ") for n in m.messages]
        nested_enums = [self._enum(e, indent + "    ") for e in m.enums]
        return MessageView(
            doc(m.comments.lines, indent, m.deprecated),
            camel(m.name),
            snake(m.name),
            m.full_name,
            fields,
            oneofs,
            nested,
            nested_enums,
        )

    def _default(self, f: Field) -> str | None:
        d = f.default
        if d is None:
            return None
        t = named_type(f.type)
        if t is not None:
            e = self.schema.enum(t.full_name)
            return dict(self._enum(e, "").accepted).get(str(d))
        if isinstance(d, bool):
            return "true" if d else "false"
        if isinstance(d, bytes):
            # prost reads a byte-string literal from the attribute's text.
            return 'b"' + "".join(_byte_escape(b) for b in d) + '"'
        if isinstance(d, float):
            if d != d:
                return "nan"
            if d in (float("inf"), float("-inf")):
                return "inf" if d > 0 else "-inf"
            return repr(d)
        if isinstance(d, str):
            return d
        return str(d)

    # -- JSON ------------------------------------------------------------------------------

    def _json(self, m: Message, types: TypeMapper) -> JsonImpl:
        """`to_json` statements and `from_json` arms, with types seen from the package
        module (where the impls are)."""
        rt = RT
        ty = types.path(m.ref)
        nested = "::".join((*ty.split("::")[:-1], snake(m.name)))
        write: list[str] = []
        bodies: list[Callable[[str], str]] = []
        keys: list[str] = []
        w = "        "
        oneof_done: set[str] = set()
        for f in m.fields:
            key = f.name if self.profile.names == "proto" else f.json_name
            if f.oneof is not None:
                if f.oneof in oneof_done:
                    continue
                oneof_done.add(f.oneof)
                o = next(o for o in m.oneofs if o.name == f.oneof)
                field = snake(o.name)
                write.append(f"{w}if let ::core::option::Option::Some(v) = &self.{field} {{")
                write.append(f"{w}    match v {{")
                for mf in (m.field(n) for n in o.fields):
                    t = types.field(mf, m.full_name, in_oneof=True)
                    k = mf.name if self.profile.names == "proto" else mf.json_name
                    variant = f"{nested}::{camel(o.name)}::{camel(mf.name)}"
                    head = f"{variant}(v) =>"
                    put = f"{rt}::put_req::<{t.codec}, _>"
                    args = ["&mut o", rust_str(k), "v"]
                    write.append(_arm(w + "        ", head, _stmt(put, args, "?")))
                    keys.append(_key_pair(mf))
                    bodies.append(_oneof_body(rt, t.codec, field, variant))
                write.append(f"{w}    }}")
                write.append(f"{w}}}")
                continue
            t = types.field(f, m.full_name)
            name = field_ident(f)
            if isinstance(f.type, MapOf):
                put, get = "put_map", "read_map"
                gen = f"{t.codec}, _, _"
            elif isinstance(f.type, ListOf):
                put, get = "put_vec", "read_vec"
                gen = f"{t.codec}, _"
            elif f.required:
                put, get = "put_req", "read"
                gen = f"{t.codec}, _"
            elif f.has_presence:
                put, get = "put_opt", "read_opt"
                gen = f"{t.codec}, _"
            else:
                put, get = "put", "read"
                gen = f"{t.codec}, _"
            write.append(
                call(w, f"{rt}::{put}::<{gen}>", ["&mut o", rust_str(key), f"&self.{name}"], "?;")
            )
            keys.append(_key_pair(f))
            bodies.append(_field_body(f"m.{name}", f"{rt}::{get}::<{gen}>"))
        if len(bodies) == 1:
            read = [bodies[0]("            ")]
        else:
            a = "                "
            read = [f"{a}{i} => {{\n{b(a + '    ')}\n{a}}}" for i, b in enumerate(bodies)]
        heads = {
            "json": impl_head(f"impl {rt}::Json", ty),
            "ser": impl_head("impl ::serde::Serialize", ty),
            "de": impl_head("impl<'de> ::serde::Deserialize<'de>", ty),
        }
        return JsonImpl(ty, heads, write, read, _keys_decl(keys))

    # -- services --------------------------------------------------------------------------

    def _service(self, s: Service, types: TypeMapper) -> ServiceView:
        """tonic-build's shapes: `x_client::XClient`, `x_server::{X, XServer}`."""
        methods = []
        for meth in s.methods:
            name = snake(meth.name)
            methods.append(
                MethodView(
                    doc(meth.comments.lines, "        ", meth.deprecated),
                    doc(meth.comments.lines, "        ", meth.deprecated),
                    snake(meth.name),
                    meth.name,
                    _super(types, meth.input),
                    _super(types, meth.output),
                    meth.client_streaming,
                    meth.server_streaming,
                    camel(meth.name).rstrip("_") + "Stream",
                    f"/{s.full_name}/{meth.name}",
                    camel(meth.name).rstrip("_") + "Svc",
                    name + "_" if name in ("new", "connect", "with_origin") else name,
                )
            )
        return ServiceView(
            doc(s.comments.lines, "    ", s.deprecated),
            camel(s.name),
            camel(s.name).rstrip("_"),
            bare(snake(s.name)).rstrip("_"),
            s.full_name,
            methods,
        )


def _super(types: TypeMapper, ref: MessageRef) -> str:
    """A message type as seen from the `x_client`/`x_server` module, one level down."""
    path = types.value(ref)[0]
    return path if ref.well_known is not None else "super::" + path


def _field_body(lhs: str, head: str) -> Callable[[str], str]:
    return lambda indent: _assign(indent, lhs, head, ["v", "&cx"])


def _oneof_body(rt: str, codec: str, field: str, variant: str) -> Callable[[str], str]:
    def body(indent: str) -> str:
        args = ["v", "&cx", f"&mut m.{field}", variant]
        return call(indent, f"{rt}::read_oneof::<{codec}, _, _>", args, "?;")

    return body


def _keys_decl(keys: list[str]) -> str:
    return array_decl(
        "        ", "const KEYS: &[(&str, &str)]", keys, [f"            {k}," for k in keys]
    )


def field_line(indent: str, name: str, rust: str) -> str:
    """`pub name: Type,` as rustfmt breaks it: one line, else the type on the next line,
    else the outermost generic arguments one a line."""
    one = f"{indent}pub {name}: {rust},"
    if len(one) <= 100:
        return one
    if len(f"{indent}    {rust},") <= 100:
        return f"{indent}pub {name}:\n{indent}    {rust},"
    lt = rust.index("<")
    body = "".join(type_lines(indent + "    ", a, ",") + "\n" for a in split_top(rust[lt + 1 : -1]))
    return f"{indent}pub {name}: {rust[: lt + 1]}\n{body}{indent}>,"


def _key_pair(f: Field) -> str:
    return f"({rust_str(f.json_name)}, {rust_str(f.name)})"


def rust_str(s: str) -> str:
    """A Rust string literal."""
    out = []
    for c in s:
        if c in '\\"':
            out.append("\\" + c)
        elif c.isprintable() and ord(c) < 0x7F:
            out.append(c)
        else:
            out.append(f"\\u{{{ord(c):x}}}")
    return '"' + "".join(out) + '"'


def _stmt(head: str, args: list[str], tail: str) -> Callable[[str], str]:
    return lambda indent: call(indent, head, args, tail)


def _arm(indent: str, head: str, stmt: Callable[[str], str]) -> str:
    """`head stmt,` on one line, else `head {` + the statement + `}` as rustfmt does."""
    one = stmt("")
    line = f"{indent}{head} {one},"
    if "\n" not in one and len(line) <= 100:
        return line
    return f"{indent}{head} {{\n{stmt(indent + '    ')};\n{indent}}}"


def _enum_impl(ty: str, closed: bool) -> EnumJsonImpl:
    return EnumJsonImpl(ty, closed, impl_head(f"impl {RT}::Enum", ty))


def impl_head(prefix: str, ty: str) -> str:
    """`impl Trait for Type {`, broken before `for` when too wide (as rustfmt does)."""
    one = f"{prefix} for {ty} {{"
    if len(one) <= 100:
        return one
    return f"{prefix}\n    for {ty}\n{{"


def _assign(indent: str, lhs: str, head: str, args: list[str]) -> str:
    """`lhs = head(args)?;` as rustfmt writes it: one line, else the right-hand side on
    the next line, else the arguments one a line."""
    inner = ", ".join(args)
    rhs = f"{head}({inner})?;"
    if len(f"{indent}{lhs} = {rhs}") <= 100:
        return f"{indent}{lhs} = {rhs}"
    if len(f"{indent}    {rhs}") <= 100:
        return f"{indent}{lhs} =\n{indent}    {rhs}"
    return call(indent, f"{lhs} = {head}", args, "?;")


def _let_some(indent: str, head: str, args: list[str]) -> str:
    inner = ", ".join(args)
    line = f"{indent}if let Some(x) = {head}({inner})? {{"
    if len(line) <= 100:
        return line
    body = "".join(f"{indent}    {a},\n" for a in args)
    return f"{indent}if let Some(x) = {head}(\n{body}{indent})? {{"


def _byte_escape(b: int) -> str:
    if 0x20 <= b < 0x7F and chr(b) not in "\\\"'":
        return chr(b)
    return f"\\x{b:02x}"


def _rust_str_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _all(files: Iterable[File]) -> Iterable[Message]:
    for f in files:
        yield from f.all_messages()


TARGET = RustTarget()
