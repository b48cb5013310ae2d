"""Python gRPC over real sockets on 127.0.0.1: protobind's grpcio bindings (sync and
`grpc.aio`) against each other, and against grpc_tools' `_pb2` / `_pb2_grpc` both ways.

Every server below behaves the same (the `EchoService` contract of tests/corpus/grpc):
- `Unary` answers the request's text, the request re-serialized deterministically in
  `blob` (so a client checks the bytes the server decoded), the `x-` request metadata it
  saw, the time left until the deadline, and a trailing `x-served-by` entry;
- `ServerStream` sends `repeat` responses `text#i`; `ClientStream` joins the texts with
  `+`; `Bidi` answers each request with its text upper-cased, in order;
- `Fail` aborts with the status code the request names.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from concurrent import futures
from typing import Any

import grpc
import grpc.aio
import pytest

from tests.grpc.conftest import PyGrpc

TIMEOUT = 5.0
METADATA = (("x-trace", "t-1"), ("x-tenant", "acme"))
SEEN = ["x-tenant=acme", "x-trace=t-1"]
CODES = {c.value[0]: c for c in grpc.StatusCode}


def _seen(context: Any) -> list[str]:
    return sorted(f"{k}={v}" for k, v in context.invocation_metadata() if k.startswith("x-"))


def _deadline(context: Any) -> float:
    left = context.time_remaining()
    return 0.0 if left is None else float(left)


# -- servers --------------------------------------------------------------------------------


def _protobind_servicer(pg: PyGrpc) -> Any:
    T = pg.types

    class Echo(pg.grpc.EchoServiceServicer):
        def unary(self, request: Any, context: grpc.ServicerContext) -> Any:
            context.set_trailing_metadata((("x-served-by", "protobind"),))
            return T.EchoResponse(
                text=request.text,
                blob=request.to_bytes(),
                metadata=_seen(context),
                deadline_left=_deadline(context),
            )

        def server_stream(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            for i in range(request.repeat):
                yield T.EchoResponse(text=f"{request.text}#{i}", index=i)

        def client_stream(self, requests: Iterator[Any], context: grpc.ServicerContext) -> Any:
            texts = [r.text for r in requests]
            return T.EchoResponse(text="+".join(texts), index=len(texts))

        def bidi(self, requests: Iterator[Any], context: grpc.ServicerContext) -> Iterator[Any]:
            for i, r in enumerate(requests):
                yield T.EchoResponse(text=r.text.upper(), index=i)

        def fail(self, request: Any, context: grpc.ServicerContext) -> Any:
            context.abort(CODES[request.fail_with], f"failing with {request.fail_with}")

    return Echo()


def _protobind_aio_servicer(pg: PyGrpc) -> Any:
    T = pg.types

    class Echo(pg.grpc.EchoServiceAsyncServicer):
        async def unary(self, request: Any, context: Any) -> Any:
            context.set_trailing_metadata((("x-served-by", "protobind-aio"),))
            return T.EchoResponse(
                text=request.text,
                blob=request.to_bytes(),
                metadata=_seen(context),
                deadline_left=_deadline(context),
            )

        async def server_stream(self, request: Any, context: Any) -> AsyncIterator[Any]:
            for i in range(request.repeat):
                yield T.EchoResponse(text=f"{request.text}#{i}", index=i)

        async def client_stream(self, requests: AsyncIterator[Any], context: Any) -> Any:
            texts = [r.text async for r in requests]
            return T.EchoResponse(text="+".join(texts), index=len(texts))

        async def bidi(self, requests: AsyncIterator[Any], context: Any) -> AsyncIterator[Any]:
            i = 0
            async for r in requests:
                yield T.EchoResponse(text=r.text.upper(), index=i)
                i += 1

        async def fail(self, request: Any, context: Any) -> Any:
            await context.abort(CODES[request.fail_with], f"failing with {request.fail_with}")

    return Echo()


def _official_servicer(pg: PyGrpc) -> Any:
    P = pg.types_pb2

    class Echo(pg.stream_pb2_grpc.EchoServiceServicer):
        def Unary(self, request: Any, context: grpc.ServicerContext) -> Any:
            context.set_trailing_metadata((("x-served-by", "official"),))
            return P.EchoResponse(
                text=request.text,
                blob=request.SerializeToString(deterministic=True),
                metadata=_seen(context),
                deadline_left=_deadline(context),
            )

        def ServerStream(self, request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            for i in range(request.repeat):
                yield P.EchoResponse(text=f"{request.text}#{i}", index=i)

        def ClientStream(self, requests: Iterator[Any], context: grpc.ServicerContext) -> Any:
            texts = [r.text for r in requests]
            return P.EchoResponse(text="+".join(texts), index=len(texts))

        def Bidi(self, requests: Iterator[Any], context: grpc.ServicerContext) -> Iterator[Any]:
            for i, r in enumerate(requests):
                yield P.EchoResponse(text=r.text.upper(), index=i)

        def Fail(self, request: Any, context: grpc.ServicerContext) -> Any:
            context.abort(CODES[request.fail_with], f"failing with {request.fail_with}")

    return Echo()


@contextlib.contextmanager
def _sync_server(register: Any) -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    register(server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(None)


@pytest.fixture(scope="module")
def protobind_server(py_grpc: PyGrpc) -> Iterator[str]:
    servicer = _protobind_servicer(py_grpc)
    with _sync_server(lambda s: py_grpc.grpc.add_EchoServiceServicer_to_server(servicer, s)) as a:
        yield a


@pytest.fixture(scope="module")
def official_server(py_grpc: PyGrpc) -> Iterator[str]:
    servicer = _official_servicer(py_grpc)
    register = py_grpc.stream_pb2_grpc.add_EchoServiceServicer_to_server
    with _sync_server(lambda s: register(servicer, s)) as address:
        yield address


# -- clients --------------------------------------------------------------------------------


def _request(pg: PyGrpc, **fields: Any) -> Any:
    """An EchoRequest using every kind of field the corpus has."""
    base: dict[str, Any] = {
        "text": "héllo",
        "blob": b"\x00\xff\x10",
        "sent_at": pg.rt.Timestamp(seconds=1_700_000_000, nanos=5),
        "labels": {"b": "2", "a": "1"},
        "numbers": [-1, 0, 2**40],
        "tick": pg.types.Tick(n=2**63),
    }
    base.update(fields)
    return pg.types.EchoRequest(**base)


def _official_request(pg: PyGrpc, **fields: Any) -> Any:
    P = pg.types_pb2
    base: dict[str, Any] = {
        "text": "héllo",
        "blob": b"\x00\xff\x10",
        "labels": {"b": "2", "a": "1"},
        "numbers": [-1, 0, 2**40],
        "tick": P.Tick(n=2**63),
    }
    base.update(fields)
    request = P.EchoRequest(**base)
    request.sent_at.seconds = 1_700_000_000
    request.sent_at.nanos = 5
    return request


def _check_sync_client(pg: PyGrpc, address: str, served_by: str) -> None:
    """protobind's sync stub against the server at `address`: all four kinds, metadata
    both ways, the deadline, a status code from an abort."""
    T = pg.types
    with grpc.insecure_channel(address) as channel:
        stub = pg.grpc.EchoServiceStub(channel)
        request = _request(pg)
        response, call = stub.unary.with_call(request, metadata=METADATA, timeout=TIMEOUT)
        assert response.text == "héllo"
        # The server decoded what was sent, and encodes it back to the same bytes.
        assert response.blob == request.to_bytes()
        assert T.EchoRequest.from_bytes(response.blob) == request
        assert response.metadata == SEEN
        assert 0 < response.deadline_left <= TIMEOUT + 0.5  # clocks round
        assert ("x-served-by", served_by) in call.trailing_metadata()
        assert call.code() is grpc.StatusCode.OK

        streamed = stub.server_stream(T.EchoRequest(text="s", repeat=3), timeout=TIMEOUT)
        assert [(r.text, r.index) for r in streamed] == [("s#0", 0), ("s#1", 1), ("s#2", 2)]

        requests = iter([T.EchoRequest(text=t) for t in ("a", "b", "c")])
        joined = stub.client_stream(requests, timeout=TIMEOUT)
        assert (joined.text, joined.index) == ("a+b+c", 3)
        # The future form of a call is still there.
        future = stub.client_stream.future(iter([T.EchoRequest(text="f")]), timeout=TIMEOUT)
        assert future.result().text == "f"

        answers = stub.bidi(iter([T.EchoRequest(text=t) for t in ("x", "y")]), timeout=TIMEOUT)
        assert [(r.text, r.index) for r in answers] == [("X", 0), ("Y", 1)]

        with pytest.raises(grpc.RpcError) as failed:
            stub.fail(T.EchoRequest(fail_with=5), timeout=TIMEOUT)
        assert failed.value.code() is grpc.StatusCode.NOT_FOUND
        assert failed.value.details() == "failing with 5"


def _check_official_client(pg: PyGrpc, address: str, served_by: str) -> None:
    """grpc_tools' stub against the server at `address` (the same checks)."""
    P = pg.types_pb2
    with grpc.insecure_channel(address) as channel:
        stub = pg.stream_pb2_grpc.EchoServiceStub(channel)
        request = _official_request(pg)
        response, call = stub.Unary.with_call(request, metadata=METADATA, timeout=TIMEOUT)
        assert response.text == "héllo"
        assert response.blob == request.SerializeToString(deterministic=True)
        assert response.metadata == SEEN
        assert 0 < response.deadline_left <= TIMEOUT + 0.5  # clocks round
        assert ("x-served-by", served_by) in call.trailing_metadata()

        streamed = stub.ServerStream(P.EchoRequest(text="s", repeat=2), timeout=TIMEOUT)
        assert [(r.text, r.index) for r in streamed] == [("s#0", 0), ("s#1", 1)]
        joined = stub.ClientStream(iter([P.EchoRequest(text="a"), P.EchoRequest(text="b")]))
        assert (joined.text, joined.index) == ("a+b", 2)
        answers = stub.Bidi(iter([P.EchoRequest(text="x")]), timeout=TIMEOUT)
        assert [(r.text, r.index) for r in answers] == [("X", 0)]

        with pytest.raises(grpc.RpcError) as failed:
            stub.Fail(P.EchoRequest(fail_with=9), timeout=TIMEOUT)
        assert failed.value.code() is grpc.StatusCode.FAILED_PRECONDITION
        assert failed.value.details() == "failing with 9"


# -- tests ----------------------------------------------------------------------------------


def test_sync_client_and_server(py_grpc: PyGrpc, protobind_server: str) -> None:
    _check_sync_client(py_grpc, protobind_server, "protobind")


def test_protobind_client_against_official_server(py_grpc: PyGrpc, official_server: str) -> None:
    _check_sync_client(py_grpc, official_server, "official")


def test_official_client_against_protobind_server(py_grpc: PyGrpc, protobind_server: str) -> None:
    _check_official_client(py_grpc, protobind_server, "protobind")


def test_aio_client_and_server(py_grpc: PyGrpc) -> None:
    pg, T = py_grpc, py_grpc.types

    async def flow() -> None:
        server = grpc.aio.server()
        pg.grpc.add_EchoServiceServicer_to_server(_protobind_aio_servicer(pg), server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = pg.grpc.EchoServiceAsyncStub(channel)
                request = _request(pg)
                call = stub.unary(request, metadata=METADATA, timeout=TIMEOUT)
                response = await call
                assert response.blob == request.to_bytes()
                assert response.metadata == SEEN
                assert 0 < response.deadline_left <= TIMEOUT + 0.5  # clocks round
                assert ("x-served-by", "protobind-aio") in tuple(await call.trailing_metadata())

                streamed = stub.server_stream(T.EchoRequest(text="s", repeat=2), timeout=TIMEOUT)
                assert [(r.text, r.index) async for r in streamed] == [("s#0", 0), ("s#1", 1)]

                async def texts(*values: str) -> AsyncIterator[Any]:
                    for v in values:
                        yield T.EchoRequest(text=v)

                joined = await stub.client_stream(texts("a", "b"), timeout=TIMEOUT)
                assert (joined.text, joined.index) == ("a+b", 2)
                answers = stub.bidi(texts("x", "y", "z"), timeout=TIMEOUT)
                assert [r.text async for r in answers] == ["X", "Y", "Z"]

                with pytest.raises(grpc.aio.AioRpcError) as failed:
                    await stub.fail(T.EchoRequest(fail_with=7), timeout=TIMEOUT)
                assert failed.value.code() is grpc.StatusCode.PERMISSION_DENIED
                assert failed.value.details() == "failing with 7"
        finally:
            await server.stop(None)

    asyncio.run(flow())


def test_unimplemented_and_grpcio_method_names(py_grpc: PyGrpc) -> None:
    """A servicer's method left alone answers UNIMPLEMENTED; one written for grpcio's
    generator (CamelCase, the proto's name) is served as it is."""
    pg, rt = py_grpc, py_grpc.rt

    class Ported(pg.grpc.CounterServiceServicer):
        def Reset(self, request: Any, context: grpc.ServicerContext) -> Any:
            return rt.Empty()

    def both(server: grpc.Server) -> None:
        pg.grpc.add_CounterServiceServicer_to_server(Ported(), server)
        pg.grpc.add_EchoServiceServicer_to_server(pg.grpc.EchoServiceServicer(), server)

    with _sync_server(both) as address, grpc.insecure_channel(address) as channel:
        counter = pg.grpc.CounterServiceStub(channel)
        assert counter.reset(rt.Empty(), timeout=TIMEOUT) == rt.Empty()
        with pytest.raises(grpc.RpcError) as failed:
            list(counter.count(iter([pg.types.Tick(n=1)]), timeout=TIMEOUT))
        assert failed.value.code() is grpc.StatusCode.UNIMPLEMENTED
        echo = pg.grpc.EchoServiceStub(channel)
        with pytest.raises(grpc.RpcError) as failed:
            echo.unary(pg.types.EchoRequest(), timeout=TIMEOUT)
        assert failed.value.code() is grpc.StatusCode.UNIMPLEMENTED

    async def aio() -> None:
        server = grpc.aio.server()
        pg.grpc.add_CounterServiceServicer_to_server(pg.grpc.CounterServiceAsyncServicer(), server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = pg.grpc.CounterServiceAsyncStub(channel)
                for call in (
                    stub.reset(rt.Empty(), timeout=TIMEOUT),
                    _drain(stub.count(iter([pg.types.Tick(n=1)]), timeout=TIMEOUT)),
                ):
                    with pytest.raises(grpc.aio.AioRpcError) as failed:
                        await call
                    assert failed.value.code() is grpc.StatusCode.UNIMPLEMENTED
        finally:
            await server.stop(None)

    asyncio.run(aio())


async def _drain(stream: Any) -> list[Any]:
    return [r async for r in stream]


def test_undecodable_request(py_grpc: PyGrpc, protobind_server: str) -> None:
    """Bytes that are no EchoRequest never reach the servicer: grpcio answers for it."""
    with grpc.insecure_channel(protobind_server) as channel:
        raw = channel.unary_unary("/acme.stream.v1.EchoService/Unary")
        with pytest.raises(grpc.RpcError) as failed:
            raw(b"\x0a\x05ab", timeout=TIMEOUT)  # a string field cut short
        assert failed.value.code() is grpc.StatusCode.INTERNAL


def test_unencodable_response(py_grpc: PyGrpc) -> None:
    """A response `to_bytes` refuses (EncodeError) reaches the client as INTERNAL."""
    pg = py_grpc

    class Broken(pg.grpc.CounterServiceServicer):
        def count(self, requests: Iterator[Any], context: grpc.ServicerContext) -> Iterator[Any]:
            for _ in requests:
                yield pg.types.Tick(n="not a number")

    register = pg.grpc.add_CounterServiceServicer_to_server
    with (
        _sync_server(lambda s: register(Broken(), s)) as address,
        grpc.insecure_channel(address) as channel,
    ):
        stub = pg.grpc.CounterServiceStub(channel)
        with pytest.raises(grpc.RpcError) as failed:
            list(stub.count(iter([pg.types.Tick(n=1)]), timeout=TIMEOUT))
    assert failed.value.code() is grpc.StatusCode.INTERNAL
