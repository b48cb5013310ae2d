"""The Python target's `grpc = true`: which files it writes, and what it refuses."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from codegen.errors import SchemaError
from tests.python.helpers import generate_inline
from tests.support.toolchains import BIN

GOLDEN = Path(__file__).parent / "golden" / "grpc" / "expected"

SERVICE = """
    syntax = "proto3";
    package p;
    import "google/protobuf/empty.proto";
    message M {}
    service S { rpc Do(M) returns (google.protobuf.Empty); }
"""


def test_grpc_module_only_when_asked_and_only_for_services(tmp_path: Path) -> None:
    files = {"a/svc.proto": SERVICE, "a/msgs.proto": 'syntax = "proto3";\nmessage N {}\n'}
    without = generate_inline(tmp_path / "off", files)
    assert not [p for p in without if p.endswith("_grpc.py")]
    assert not any(b"import grpc" in content for content in without.values())
    with_grpc = generate_inline(tmp_path / "on", files, grpc=True)
    assert sorted(set(with_grpc) - set(without)) == ["a/svc_grpc.py"]
    assert {p: with_grpc[p] for p in without} == without  # the other modules are unchanged


def test_well_known_rpc_type_is_refused(tmp_path: Path) -> None:
    files = {
        "t.proto": """
            syntax = "proto3";
            import "google/protobuf/timestamp.proto";
            message M {}
            service S {
              rpc Now(M) returns (google.protobuf.Timestamp);
            }
        """
    }
    with pytest.raises(SchemaError) as refused:
        generate_inline(tmp_path, files, grpc=True)
    text = str(refused.value)
    assert "t.proto:5:" in text
    assert "rpc Now uses google.protobuf.Timestamp as its response" in text
    generate_inline(tmp_path / "json-only", files)  # fine without gRPC


def test_grpc_module_taking_a_module_path_is_refused(tmp_path: Path) -> None:
    files = {"foo.proto": SERVICE, "foo_grpc.proto": 'syntax = "proto3";\nmessage N {}\n'}
    with pytest.raises(SchemaError) as refused:
        generate_inline(tmp_path, files, grpc=True)
    assert "foo_grpc.py" in str(refused.value) and "foo_grpc.proto" in str(refused.value)


USER_CODE = """
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import grpc
import grpc.aio

from golden_grpc._protobind import Empty
from golden_grpc.grpc.v1 import svc_grpc
from golden_grpc.grpc.v1.msgs import HelloReply, HelloRequest

AioContext = grpc.aio.ServicerContext[HelloRequest, HelloReply]


class Greeter(svc_grpc.GreeterServicer):
    def say_hello(self, request: HelloRequest, context: grpc.ServicerContext) -> HelloReply:
        return HelloReply(message=request.name)

    def list_hellos(
        self, request: HelloRequest, context: grpc.ServicerContext
    ) -> Iterator[HelloReply]:
        yield HelloReply()


class AsyncGreeter(svc_grpc.GreeterAsyncServicer_):
    async def say_hello(self, request: HelloRequest, context: AioContext) -> HelloReply:
        await context.abort(grpc.StatusCode.NOT_FOUND, "no")

    async def list_hellos(
        self, request: HelloRequest, context: AioContext
    ) -> AsyncIterator[HelloReply]:
        yield HelloReply()

    async def collect_hellos(
        self, requests: AsyncIterator[HelloRequest], context: AioContext
    ) -> HelloReply:
        return HelloReply(message="+".join([r.name async for r in requests]))


def serve(server: grpc.Server, aio: grpc.aio.Server) -> None:
    svc_grpc.add_GreeterServicer_to_server(Greeter(), server)
    svc_grpc.add_GreeterServicer_to_server(AsyncGreeter(), aio)


def call(channel: grpc.Channel) -> str:
    stub = svc_grpc.GreeterStub(channel)
    reply, rpc = stub.say_hello.with_call(HelloRequest(name="a"), timeout=1.0)
    replies: list[HelloReply] = list(stub.list_hellos(HelloRequest()))
    empty: Empty = stub.ping(Empty())
    del rpc, replies, empty
    return reply.message


async def call_aio(channel: grpc.aio.Channel) -> str:
    stub = svc_grpc.GreeterAsyncStub_(channel)
    reply = await stub.say_hello(HelloRequest(name="a"), metadata=(("k", "v"),))
    return reply.message
"""

WRONG = """
from golden_grpc.grpc.v1 import svc_grpc
from golden_grpc.grpc.v1.msgs import HelloRequest


def call(stub: svc_grpc.GreeterStub) -> None:
    stub.say_hello(HelloRequest(), timeout=1.0).name  # a HelloReply has no `name`
"""


def test_user_code_type_checks(tmp_path: Path) -> None:
    """Servicers overriding the generated methods (an async generator for a streaming aio
    method included) and stub calls pass mypy --strict; a misuse does not."""
    shutil.copytree(GOLDEN, tmp_path / "golden_grpc")
    (tmp_path / "user.py").write_text(USER_CODE)
    (tmp_path / "wrong.py").write_text(WRONG)
    mypy = [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull]
    env = {**os.environ, "MYPYPATH": str(tmp_path)}
    # One run for both (mypy's start-up dominates): only wrong.py may have errors.
    run = subprocess.run(
        [*mypy, "user.py", "wrong.py"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, run.stdout + run.stderr
    assert errors[0].startswith("wrong.py:") and '"HelloReply" has no attribute "name"' in errors[0]
