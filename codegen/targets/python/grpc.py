"""gRPC bindings on grpcio: `<module>_grpc.py` beside each module with services, when a
python target sets `grpc = true` (DESIGN §9).

The entry points are grpcio's generator's (`XServicer`, `add_XServicer_to_server`,
`XStub`), so code written against `_pb2_grpc` ports by changing an import; the methods
are the snake_case ones of the module's `typing.Protocol` classes, with the call context
as second parameter, plus the `grpc.aio` side (`XAsyncServicer`, `XAsyncStub`).
Messages cross the wire through their binary codec (`to_bytes` / `from_bytes`).

Names are claimed in one module scope, a taken name getting `_` appended (the rule of
the rest of the target): first grpcio's names of every service, in service order, then
the aio ones, so a service `FooAsync` next to `Foo` keeps grpcio's `FooAsyncServicer`
and `Foo`'s aio servicer yields (`FooAsyncServicer_`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from codegen.errors import Diagnostic, SchemaError
from codegen.model import File, MessageRef, Method, Service, WellKnown
from codegen.model.types import EnumRef
from codegen.targets.python import layout as L
from codegen.targets.python.imports import _PRIVATE, Imports
from codegen.targets.python.names import ModulePath, Names, Scope
from codegen.targets.python.text import docstring, pystr
from codegen.targets.python.types import PyTypes

SUFFIX = "_grpc"
IMPLEMENTATION = "_implementation"
"""The module's helper picking a servicer's method (snake_case or the proto's name)."""

_UNIMPLEMENTED = 'context.abort(grpc.StatusCode.UNIMPLEMENTED, "Method not implemented!")'

EMPTY_TO_BYTES = "_empty_to_bytes"
EMPTY_FROM_BYTES = "_empty_from_bytes"
"""The module's codec of `google.protobuf.Empty` (the runtime class has none)."""

_KINDS = {
    (False, False): "unary_unary",
    (False, True): "unary_stream",
    (True, False): "stream_unary",
    (True, True): "stream_stream",
}


class GrpcImports(Imports):
    """The imports of a `_grpc.py` module: its own proto file's module is a dependency
    like any other (the messages live there, not here)."""

    reserved = (*_PRIVATE, IMPLEMENTATION, EMPTY_TO_BYTES, EMPTY_FROM_BYTES)

    def _candidates(self) -> list[str]:
        return sorted({*super()._candidates(), self.file.name})

    def ref(self, ref: MessageRef | EnumRef) -> str:
        return f"{self.module_alias(ref.file)}.{self.names.path(ref)}"


def grpc_module(module: ModulePath) -> ModulePath:
    return ModulePath((*module.parts[:-1], module.parts[-1] + SUFFIX))


@dataclass(frozen=True, slots=True)
class _Wire:
    """How one request or response type crosses the wire."""

    py: str
    to_bytes: str
    from_bytes: str


@dataclass(frozen=True, slots=True)
class GrpcMethodView:
    doc: str | None
    """The docstring at column 8 (`None` without comments)."""
    servicer: str
    """The sync servicer's `def` line(s), at column 4."""
    servicer_async: str
    servicer_async_body: str
    """The aio default body at column 8 (an async generator needs its `yield`)."""
    attribute: str
    """The stub's `x: grpc.<Kind>MultiCallable[...]` at column 4."""
    attribute_async: str
    attribute_doc: str | None
    """The method's docstring at column 4."""
    stub: str
    """`self.x = channel.<kind>(...)` at column 8 (either channel)."""
    handler: str
    """`"Method": grpc.<kind>_rpc_method_handler(...),` at column 8."""


@dataclass(frozen=True, slots=True)
class GrpcServiceView:
    full_name: str
    """The quoted proto name (`"acme.v1.Echo"`)."""
    servicer: str
    servicer_async: str
    stub: str
    stub_async: str
    add: str
    """`def add_XServicer_to_server(...) -> None:` at column 0."""
    servicer_doc: str
    servicer_async_doc: str
    stub_doc: str
    stub_async_doc: str
    add_doc: str
    register: str
    """The statements after `handlers = {...}` in `add_XServicer_to_server`, at column 4."""
    methods: list[GrpcMethodView]


@dataclass(frozen=True, slots=True)
class GrpcFileView:
    docstring: str
    stdlib_imports: list[str]
    local_imports: list[str]
    services: list[GrpcServiceView]
    empty: bool
    """Whether an RPC carries `google.protobuf.Empty` (the module defines its codec)."""


def check_module_names(names: Names, files: Sequence[File]) -> None:
    """A `_grpc` module must not take the path of a generated module (`foo.proto` with
    services next to `foo_grpc.proto`)."""
    planned = {m.parts: name for name, m in names.modules.items()}
    for f in files:
        if not f.services or f.name not in names.modules:
            continue
        there = planned.get(grpc_module(names.modules[f.name]).parts)
        if there is not None:
            raise SchemaError(
                [
                    Diagnostic(
                        f.name,
                        0,
                        0,
                        f"the gRPC module of this file ({grpc_module(names.modules[f.name]).file})"
                        f" is also the module of {there}; rename one of the files",
                    )
                ]
            )


class GrpcFileBuilder:
    """The view of one `_grpc.py` module."""

    def __init__(self, names: Names, f: File, types: PyTypes, imports: Imports) -> None:
        self.names = names
        self.file = f
        self.types = types
        self.imports = imports
        self.scope = Scope()
        self.empty = False

    def build(self) -> GrpcFileView:
        self.imports.typing  # noqa: B018 - the helper returns _t.Any
        claim = self.scope.claim
        grpcio = [
            (
                claim(f"{s.name}Servicer"),
                claim(f"{s.name}Stub"),
                claim(f"add_{s.name}Servicer_to_server"),
            )
            for s in self.file.services
        ]
        aio = [
            (claim(f"{s.name}AsyncServicer"), claim(f"{s.name}AsyncStub"))
            for s in self.file.services
        ]
        services = [
            self._service(s, *names, *aio_names)
            for s, names, aio_names in zip(self.file.services, grpcio, aio, strict=True)
        ]
        stdlib, local = self.imports.lines()
        lines = [f"gRPC bindings on grpcio for the services of `{self.file.name}`."]
        return GrpcFileView(
            docstring=docstring(lines, 0) or "",
            stdlib_imports=stdlib,
            local_imports=local,
            services=services,
            empty=self.empty,
        )

    def _service(self, s: Service, servicer: str, stub: str, add: str, servicer_async: str,
                 stub_async: str) -> GrpcServiceView:  # fmt: skip
        methods = [self._method(s, m) for m in s.methods]
        full = pystr(s.full_name)
        comments = list(s.comments.lines)
        if s.deprecated:
            comments += ["", "Deprecated."] if comments else ["Deprecated."]

        def doc(*first: str) -> str:
            lines = [*first, *(["", *comments] if comments else [])]
            return docstring(lines, 4) or ""

        add_params = [
            L.param("servicer", L.Atom(f"{servicer} | {servicer_async}")),
            L.param("server", L.Atom("grpc.Server | grpc.aio.Server")),
        ]
        return GrpcServiceView(
            full_name=full,
            servicer=L.class_header(servicer, [], 0),
            servicer_async=L.class_header(servicer_async, [], 0),
            stub=L.class_header(stub, [], 0),
            stub_async=L.class_header(stub_async, [], 0),
            add=L.def_header(f"def {add}", add_params, L.Atom("None"), 0),
            servicer_doc=doc(
                f"Server side of `{s.full_name}` on grpcio.",
                "",
                f"Override the methods, register with `{add}`;",
                "a method left alone answers UNIMPLEMENTED.",
            ),
            servicer_async_doc=doc(
                f"Server side of `{s.full_name}` on `grpc.aio`.",
                "",
                f"Override the methods, register with `{add}`;",
                "a method left alone answers UNIMPLEMENTED.",
            ),
            stub_doc=doc(f"Client side of `{s.full_name}` on a `grpc.Channel`."),
            stub_async_doc=doc(f"Client side of `{s.full_name}` on a `grpc.aio.Channel`."),
            add_doc=docstring(
                [
                    f"Serve `{s.full_name}` from `servicer` on `server` (sync or aio).",
                    "",
                    "A method the servicer's class defines under its proto name (as code",
                    "written for grpcio's generator does) is used in place of the",
                    "snake_case one.",
                ],
                4,
            )
            or "",
            register="\n".join(
                [
                    L.assign(
                        L.Atom("generic"),
                        L.call(
                            "grpc.method_handlers_generic_handler",
                            L.Atom(full),
                            L.Atom("handlers"),
                        ),
                        4,
                    ),
                    "    server.add_generic_rpc_handlers((generic,))",
                    L.statement(
                        L.call(
                            "server.add_registered_method_handlers",
                            L.Atom(full),
                            L.Atom("handlers"),
                        ),
                        4,
                    ),
                ]
            ),
            methods=methods,
        )

    def _wire(self, m: Method, ref: MessageRef) -> _Wire:
        wkt = ref.well_known
        if wkt is None:
            py = self.imports.ref(ref)
            return _Wire(py, f"{py}.to_bytes", f"{py}.from_bytes")
        if wkt is WellKnown.EMPTY:
            self.empty = True
            return _Wire(f"{self.imports.rt}.Empty", EMPTY_TO_BYTES, EMPTY_FROM_BYTES)
        # The other well-known types map to runtime values without a codec of their own
        # (`str`, `dict`, `Timestamp`); Go's target refuses them the same way.
        span = m.span
        role = "request" if ref is m.input else "response"
        raise SchemaError(
            [
                Diagnostic(
                    span.path if span else self.file.name,
                    span.line if span else 0,
                    span.col if span else 0,
                    f"rpc {m.name} uses {ref.full_name} as its {role}, which the Python "
                    f"target maps to {self.types.method_type(ref)}; the gRPC bindings "
                    "(grpc = true) need a message type there: wrap it in a message",
                )
            ]
        )

    def _method(self, s: Service, m: Method) -> GrpcMethodView:
        snake = self.names.file(self.file.name).services[s.full_name].methods[m.name]
        req_wire = self._wire(m, m.input)
        resp_wire = self._wire(m, m.output)
        req, resp = req_wire.py, resp_wire.py
        t = self.imports.typing
        kind = _KINDS[(m.client_streaming, m.server_streaming)]
        notes = ["Deprecated."] if m.deprecated else []
        lines = list(m.comments.lines)
        if notes:
            lines += ["", *notes] if lines else notes
        mdoc = docstring(lines, 8) if lines else None

        def header(is_async: bool) -> str:
            iterator = f"{t}.AsyncIterator" if is_async else f"{t}.Iterator"
            if m.client_streaming:
                param = L.param("requests", L.subscript(iterator, L.Atom(req)))
            else:
                param = L.param("request", L.Atom(req))
            if is_async:
                context = L.param(
                    "context", L.subscript("grpc.aio.ServicerContext", L.Atom(req), L.Atom(resp))
                )
            else:
                context = L.param("context", L.Atom("grpc.ServicerContext"))
            returns: L.Node = L.Atom(resp)
            if m.server_streaming:
                returns = L.subscript(iterator, returns)
            keyword = "async def" if is_async else "def"
            return L.def_header(f"{keyword} {snake}", [L.Atom("self"), param, context], returns, 4)

        body_async = f"        await {_UNIMPLEMENTED}"
        if m.server_streaming:
            # `yield` makes the default an async generator, the shape an override has.
            body_async += "\n        yield  # unreachable: makes this an async generator"
        path = L.Atom(pystr(f"/{s.full_name}/{m.name}"))

        callable_ = "".join(p.capitalize() for p in kind.split("_")) + "MultiCallable"

        def attribute(module: str) -> str:
            annotation = L.subscript(f"{module}.{callable_}", L.Atom(req), L.Atom(resp))
            return "\n".join(L.layout(f"{snake}: ", annotation, "", 4))

        stub = L.call(
            f"channel.{kind}",
            path,
            L.Kw("request_serializer", L.Atom(req_wire.to_bytes)),
            L.Kw("response_deserializer", L.Atom(resp_wire.from_bytes)),
        )

        handler = L.call(
            f"grpc.{kind}_rpc_method_handler",
            L.call(IMPLEMENTATION, L.Atom("servicer"), L.Atom(pystr(snake)), L.Atom(pystr(m.name))),
            L.Kw("request_deserializer", L.Atom(req_wire.from_bytes)),
            L.Kw("response_serializer", L.Atom(resp_wire.to_bytes)),
        )
        handler_text = "\n".join(L.layout(f"{pystr(m.name)}: ", handler, ",", 8))
        return GrpcMethodView(
            doc=mdoc,
            servicer=header(False),
            servicer_async=header(True),
            servicer_async_body=body_async,
            attribute=attribute("grpc"),
            attribute_async=attribute("grpc.aio"),
            attribute_doc=docstring(lines, 4) if lines else None,
            stub=L.assign(L.Atom(f"self.{snake}"), stub, 8),
            handler=handler_text,
        )


def render_grpc_file(
    env: jinja2.Environment, names: Names, f: File, types: PyTypes, imports: Imports, header: str
) -> str:
    view = GrpcFileBuilder(names, f, types, imports).build()
    return env.get_template("grpc.py.j2").render(header=header, file=view)
