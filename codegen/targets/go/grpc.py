"""gRPC bindings on grpc-go: `<stem>_grpc.pb.go` per proto file with services, plus the
`protobindgrpc` runtime package (the codec), when a go target sets `grpc = true`.

The API is protoc-gen-go-grpc's (v1.5/v1.6 shapes: generic stream types, `XServer` with
`mustEmbedUnimplementedXServer`, `RegisterXServer`, `NewXClient`, `X_ServiceDesc`,
`X_M_FullMethodName`, `X_MServer`/`X_MClient` aliases), so code written against it ports
by changing an import. Messages travel through protobind's binary codec: the generated
file imports `protobindgrpc`, whose `init` registers a "proto" codec that handles
protobind messages and hands every other value to the codec registered before it.

Names are derived from the service's Go name. protoc-gen-go-grpc never checks them for
collisions; here each is claimed against the package's other identifiers, in service
order, and a taken name gets `_` appended (the rule the rest of the package uses), so
turning `grpc` on never renames a message or an enum.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

import jinja2

from codegen.errors import Diagnostic, SchemaError
from codegen.model import File, MessageRef, Method, Service, WellKnown
from codegen.targets.base import RUNTIME_HEADER, OutputFile
from codegen.targets.go.comments import doc_lines
from codegen.targets.go.imports import GoIdent, Imports
from codegen.targets.go.layout import GoPackage, Layout
from codegen.targets.go.literals import go_string
from codegen.targets.go.names import PackageNames
from codegen.targets.go.types import Symbol
from codegen.targets.go.views import align, doc_text

GRPC_DIR = "protobindgrpc"
GRPC_NAME = "protobindgrpc"

_GRPC = "google.golang.org/grpc"
_CODES = "google.golang.org/grpc/codes"
_STATUS = "google.golang.org/grpc/status"

GRPC_LOCALS = frozenset(
    {
        "a",
        "c",
        "cc",
        "cOpts",
        "ctx",
        "dec",
        "err",
        "handler",
        "impl",
        "in",
        "info",
        "interceptor",
        "m",
        "ok",
        "opts",
        "out",
        "req",
        "s",
        "srv",
        "stream",
        "t",
        "x",
    }
)
"""Identifiers grpc.go.j2 declares inside functions; import names must avoid them."""


class _GrpcImports(Imports):
    """A _grpc.pb.go file's imports: grpc-go's packages under their own names (the
    template writes `grpc.`, `codes.`, `status.`), the codec package as a blank import."""

    def __init__(
        self, self_path: str, package_level: Collection[str], runtime: GoIdent, codec: str
    ) -> None:
        super().__init__(self_path, package_level, runtime)
        for path, name in ((_GRPC, "grpc"), (_CODES, "codes"), (_STATUS, "status")):
            self._fixed[path] = name
            self._taken.add(name)
        self._fixed[codec] = "_"
        self.qualifier(codec, "_")


@dataclass(frozen=True, slots=True)
class _ServiceNames:
    server: str
    client: str
    client_impl: str
    new_client: str
    unimplemented: str
    unsafe: str
    register: str
    desc: str
    adapter: str
    adapter_impl: str
    constants: dict[str, str]
    handlers: dict[str, str]
    server_aliases: dict[str, str]
    client_aliases: dict[str, str]


def _unexport(name: str) -> str:
    return name[:1].lower() + name[1:]


def _package_names(services: Iterable[Service], names: PackageNames) -> dict[str, _ServiceNames]:
    """Every grpc identifier of one Go package's services, claimed in a fixed order."""
    taken = set(names.used)

    def claim(name: str) -> str:
        while name in taken:
            name += "_"
        taken.add(name)
        return name

    out: dict[str, _ServiceNames] = {}
    for s in sorted(services, key=lambda s: s.full_name):
        sn = names.services[s.full_name]
        t = sn.type
        client = claim(t + "Client")
        server = claim(t + "Server")
        streaming = [m for m in s.methods if m.client_streaming or m.server_streaming]
        out[s.full_name] = _ServiceNames(
            server=server,
            client=client,
            client_impl=claim(_unexport(client)),
            new_client=claim("New" + client),
            unimplemented=claim("Unimplemented" + server),
            unsafe=claim("Unsafe" + server),
            register=claim("Register" + server),
            desc=claim(t + "_ServiceDesc"),
            adapter=claim("New" + server),
            adapter_impl=claim(_unexport(t) + "Adapter"),
            constants={
                m.name: claim(f"{t}_{sn.methods[m.name]}_FullMethodName") for m in s.methods
            },
            handlers={m.name: claim(f"_{t}_{sn.methods[m.name]}_Handler") for m in s.methods},
            server_aliases={m.name: claim(f"{t}_{sn.methods[m.name]}Server") for m in streaming},
            client_aliases={m.name: claim(f"{t}_{sn.methods[m.name]}Client") for m in streaming},
        )
    return out


@dataclass(slots=True)
class GrpcMethodView:
    name: str
    proto_name: str
    """Go string literal of the RPC's proto name (the ServiceDesc's MethodName)."""
    kind: str
    """unary | server | client | bidi"""
    req: str
    """The request's Go type without the pointer (grpc-go's stream types take `T`, use `*T`)."""
    resp: str
    doc: str
    const: str
    handler: str
    client_sig: str
    server_sig: str
    adapter_sig: str
    unimplemented: str
    stream_index: int
    client_alias: str
    client_stream: str
    server_alias: str
    server_stream: str


@dataclass(slots=True)
class GrpcServiceView:
    name: str
    full_name: str
    server: str
    client: str
    client_impl: str
    new_client: str
    unimplemented: str
    unsafe: str
    register: str
    desc: str
    neutral: str
    """The transport-neutral interface of the .pb.go file (served through `adapter`)."""
    adapter: str
    adapter_impl: str
    client_doc: str
    server_doc: str
    constants: str
    embed_lines: str
    methods: list[GrpcMethodView]
    unary: list[GrpcMethodView]
    streams: list[GrpcMethodView]


_KINDS = {(False, False): "unary", (False, True): "server", (True, False): "client"}


def _kind(m: Method) -> str:
    return _KINDS.get((m.client_streaming, m.server_streaming), "bidi")


_GO_WKT = {
    WellKnown.TIMESTAMP: "time.Time",
    WellKnown.DURATION: "protobindrt.Duration",
    WellKnown.FIELD_MASK: "protobindrt.FieldMask",
    WellKnown.ANY: "protobindrt.Any",
    WellKnown.STRUCT: "map[string]any",
    WellKnown.LIST_VALUE: "[]any",
    WellKnown.VALUE: "any",
}
"""Go types of the well-known types that have no binary codec of their own (only Empty
has one, in protobindgrpc): an RPC cannot carry them directly."""


class GrpcFiles:
    """The grpc outputs of one generation (names computed once per Go package)."""

    def __init__(
        self,
        template: Callable[[str], jinja2.Template],
        layout: Layout,
        public_names: Mapping[str, PackageNames],
        symbol: Callable[[str], Symbol],
        runtime: GoIdent,
        header: Callable[[File, str, Imports, str], bytes],
    ) -> None:
        self.template = template
        self.layout = layout
        self.public_names = public_names
        self.symbol = symbol
        self.runtime = runtime
        self.header = header
        self.codec_path = f"{layout.module}/{GRPC_DIR}"
        self._names: dict[str, dict[str, _ServiceNames]] = {}

    @property
    def needed(self) -> bool:
        """Whether any file has a service (only then is the codec package written)."""
        return any(f.services for p in self.layout.packages for f in p.files)

    def path_of(self, f: File, pkg: GoPackage) -> str:
        """`<stem>_grpc.pb.go` beside the file's .pb.go (`_2`, ... if a proto file's own
        .pb.go already has that name)."""
        own = set(pkg.file_names.values())
        stem = pkg.file_names[f.name][: -len(".pb.go")]
        name = f"{stem}_grpc.pb.go"
        n = 2
        while name in own:
            name = f"{stem}_grpc_{n}.pb.go"
            n += 1
        return f"{pkg.dir}/{name}" if pkg.dir else name

    def file(self, f: File, pkg: GoPackage) -> OutputFile:
        names = self._names.get(pkg.dir)
        public = self.public_names[pkg.dir]
        if names is None:
            names = self._names[pkg.dir] = _package_names(
                (s for g in pkg.files for s in g.services), public
            )
        level = set(public.used)
        for sn in names.values():
            level.update(_all(sn))
        imports = _GrpcImports(pkg.import_path, level | GRPC_LOCALS, self.runtime, self.codec_path)
        # The template names these packages itself (fixed names, so no aliases).
        imports.qualifier(_GRPC, "grpc")
        services = [self._service(s, public, names[s.full_name], imports) for s in f.services]
        if any(s.methods for s in services):
            imports.qualifier("context", "context")
            imports.qualifier(_CODES, "codes")
            imports.qualifier(_STATUS, "status")
        body = self.template("grpc.go.j2").render(
            {"services": services, "file_name": go_string(f.name)}
        )
        return OutputFile(self.path_of(f, pkg), self.header(f, pkg.name, imports, body))

    def runtime_file(self) -> OutputFile:
        text = self.template("runtime/protobindgrpc.go.j2").render(
            {
                "header": RUNTIME_HEADER,
                "package": GRPC_NAME,
                "runtime": self.runtime.import_path,
            }
        )
        return OutputFile(f"{GRPC_DIR}/protobindgrpc.go", text.encode())

    # -- views ---------------------------------------------------------------------------

    def _service(
        self, s: Service, public: PackageNames, sn: _ServiceNames, imports: Imports
    ) -> GrpcServiceView:
        go = public.services[s.full_name]
        methods: list[GrpcMethodView] = []
        streams = 0
        for m in s.methods:
            kind = _kind(m)
            name = go.methods[m.name]
            req, resp = self._wire(m, m.input, imports), self._wire(m, m.output, imports)
            client_stream = server_stream = ""
            if kind == "unary":
                client_ret = f"*{resp}"
                server_sig = f"{name}(context.Context, *{req}) (*{resp}, error)"
                adapter_sig = f"{name}(ctx context.Context, in *{req}) (*{resp}, error)"
            else:
                generic = {"server": "ServerStreaming", "client": "ClientStreaming"}.get(
                    kind, "BidiStreaming"
                )
                args = resp if kind == "server" else f"{req}, {resp}"
                client_stream = f"grpc.{generic}Client[{args}]"
                server_stream = f"grpc.{generic}Server[{args}]"
                client_ret = client_stream
                if kind == "server":
                    server_sig = f"{name}(*{req}, {server_stream}) error"
                    adapter_sig = f"{name}(in *{req}, stream {server_stream}) error"
                else:
                    server_sig = f"{name}({server_stream}) error"
                    adapter_sig = f"{name}(stream {server_stream}) error"
            in_arg = "in *" + req + ", " if kind in ("unary", "server") else ""
            methods.append(
                GrpcMethodView(
                    name=name,
                    proto_name=go_string(m.name),
                    kind=kind,
                    req=req,
                    resp=resp,
                    doc=_doc(m.comments.lines, m.deprecated, "\t"),
                    const=sn.constants[m.name],
                    handler=sn.handlers[m.name],
                    client_sig=(
                        f"{name}(ctx context.Context, {in_arg}opts ...grpc.CallOption) "
                        f"({client_ret}, error)"
                    ),
                    server_sig=server_sig,
                    adapter_sig=adapter_sig,
                    unimplemented=go_string(f"method {name} not implemented"),
                    stream_index=streams if kind != "unary" else -1,
                    client_alias=sn.client_aliases.get(m.name, ""),
                    client_stream=client_stream,
                    server_alias=sn.server_aliases.get(m.name, ""),
                    server_stream=server_stream,
                )
            )
            if kind != "unary":
                streams += 1
        lines = s.comments.lines
        extra = ["", *lines] if lines else []
        client_doc = [
            f"{sn.client} is the client API for {go.type} service.",
            "",
            "For semantics around ctx use and closing/ending streaming RPCs, please refer "
            "to https://pkg.go.dev/google.golang.org/grpc/?tab=doc#ClientConn.NewStream.",
            *extra,
        ]
        server_doc = [
            f"{sn.server} is the server API for {go.type} service.",
            f"All implementations must embed {sn.unimplemented}",
            "for forward compatibility.",
            *extra,
        ]
        embed = [
            f"func ({sn.unimplemented}) mustEmbed{sn.unimplemented}()",
            f"func ({sn.unimplemented}) testEmbeddedByValue()",
        ]
        width = max(len(e) for e in embed) + 1
        constants: list[tuple[list[str], str, str]] = [
            ([], sn.constants[m.name], f"= {_full_method(s, m)}") for m in s.methods
        ]
        return GrpcServiceView(
            name=go.type,
            full_name=go_string(s.full_name),
            server=sn.server,
            client=sn.client,
            client_impl=sn.client_impl,
            new_client=sn.new_client,
            unimplemented=sn.unimplemented,
            unsafe=sn.unsafe,
            register=sn.register,
            desc=sn.desc,
            neutral=go.type,
            adapter=sn.adapter,
            adapter_impl=sn.adapter_impl,
            client_doc=_doc(tuple(client_doc), s.deprecated),
            server_doc=_doc(tuple(server_doc), s.deprecated),
            constants=align(constants) if constants else "",
            embed_lines="".join(f"{e.ljust(width)}{{}}\n" for e in embed),
            methods=methods,
            unary=[m for m in methods if m.kind == "unary"],
            streams=[m for m in methods if m.kind != "unary"],
        )

    def _wire(self, m: Method, ref: MessageRef, imports: Imports) -> str:
        """The Go type (without `*`) that carries `ref` on the wire."""
        wkt = ref.well_known
        if wkt is None:
            return imports.ident(self.symbol(ref.full_name).public)
        if wkt is WellKnown.EMPTY:
            return imports.rt("Empty")
        go_type = _GO_WKT.get(wkt, "a bare Go scalar")
        span = m.span
        raise SchemaError(
            [
                Diagnostic(
                    span.path if span else "",
                    span.line if span else 0,
                    span.col if span else 0,
                    f"rpc {m.name} uses {ref.full_name} as its "
                    f"{'request' if ref is m.input else 'response'}, which the Go target "
                    f"maps to {go_type}; the gRPC bindings (grpc = true) need a message "
                    "type there: wrap it in a message",
                )
            ]
        )


def _full_method(s: Service, m: Method) -> str:
    return go_string(f"/{s.full_name}/{m.name}")


def _doc(lines: tuple[str, ...], deprecated: bool, indent: str = "") -> str:
    return doc_text(doc_lines(lines, deprecated=deprecated), indent)


def _all(sn: _ServiceNames) -> Iterable[str]:
    yield from (
        sn.server,
        sn.client,
        sn.client_impl,
        sn.new_client,
        sn.unimplemented,
        sn.unsafe,
        sn.register,
        sn.desc,
        sn.adapter,
        sn.adapter_impl,
    )
    for d in (sn.constants, sn.handlers, sn.server_aliases, sn.client_aliases):
        yield from d.values()
