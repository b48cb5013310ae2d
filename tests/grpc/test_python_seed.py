"""The seed's flow across languages on the committed dogfood bindings: a Go host drives a
Python plugin (generated/python's `domain_grpc.py` on grpcio), and a Python host drives
the Go plugin, through DomainPluginService: Metadata, Initialize (a Struct config) ->
handler_names, ExecuteJob with a bytes payload (and a failing handler), Health (a
Timestamp once a job ran), the bidi ExecuteJobStream, Shutdown.

The contract both sides keep is the one tests/grpc/go/dogfood.go states; the Go binary is
the Go tests' (built once into build/grpc-go, see test_go_grpc.py).
"""

from __future__ import annotations

import datetime
import sys
import threading
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pytest

from tests.support.toolchains import have

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 10.0

pytestmark = pytest.mark.skipif(not have("go"), reason="needs the Go toolchain")


@pytest.fixture(scope="module")
def dogfood() -> Iterator[Any]:
    """generated/python's DomainPluginService modules."""
    sys.path.insert(0, str(REPO / "generated" / "python"))
    try:
        from protobind_schemas import _protobind as rt
        from protobind_schemas.protobind.plugin.v1 import domain, domain_grpc
        from protobind_schemas.protobind.types.v1 import attestation

        yield type("Dogfood", (), {"rt": rt, "d": domain, "g": domain_grpc, "a": attestation})
    finally:
        sys.path.remove(str(REPO / "generated" / "python"))


def _plugin(df: Any) -> Any:
    d, rt = df.d, df.rt
    lock = threading.Lock()
    last_job: list[Any] = []

    class Plugin(df.g.DomainPluginServiceServicer):
        def metadata(self, request: Any, context: grpc.ServicerContext) -> Any:
            return d.MetadataResponse(name="echo-plugin", version="0.1.0", protocol_version="1")

        def initialize(self, request: Any, context: grpc.ServicerContext) -> Any:
            if (request.config or {}).get("mode") != "full":
                return d.InitializeResponse()
            return d.InitializeResponse(handler_names=["echo", "fail"])

        def run(self, request: Any) -> Any:
            now = rt.Timestamp.now()
            with lock:
                last_job[:] = [now]
            if request.handler_name != "echo":
                return d.ExecuteJobResponse(
                    job_id=request.job_id, error=f"failed: {request.job_id}"
                )
            return d.ExecuteJobResponse(
                job_id=request.job_id,
                success=True,
                result=request.payload,
                progress_current=1,
                progress_total=1,
                cost_actual=0.5,
                attestations=[
                    df.a.Attestation(
                        id_=request.job_id,
                        subjects=[request.handler_name],
                        timestamp=now,
                        attributes={"size": float(len(request.payload))},
                    )
                ],
            )

        def execute_job(self, request: Any, context: grpc.ServicerContext) -> Any:
            return self.run(request)

        def execute_job_stream(
            self, requests: Iterator[Any], context: grpc.ServicerContext
        ) -> Iterator[Any]:
            for request in requests:
                yield self.run(request)

        def health(self, request: Any, context: grpc.ServicerContext) -> Any:
            with lock:
                last = last_job[0] if last_job else None
            return d.HealthResponse(healthy=True, checks={"ready": True}, last_job_at=last)

        def shutdown(self, request: Any, context: grpc.ServicerContext) -> Any:
            return d.ShutdownResponse()

    return Plugin()


def test_go_host_to_python_plugin(dogfood: Any, grpcgo: Path) -> None:
    import subprocess

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    dogfood.g.add_DomainPluginServiceServicer_to_server(_plugin(dogfood), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        proc = subprocess.run(
            [str(grpcgo), "host", f"127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=TIMEOUT,
        )  # fmt: skip
    finally:
        server.stop(None)
    assert proc.returncode == 0 and proc.stdout == "ok host\n", proc.stdout + proc.stderr


def _check_job(df: Any, r: Any, job_id: str, payload: bytes, after: datetime.datetime) -> None:
    assert (r.success, r.job_id, r.result) == (True, job_id, payload)
    assert (r.progress_current, r.progress_total, r.cost_actual) == (1, 1, 0.5)
    (a,) = r.attestations
    assert (a.id_, a.subjects) == (job_id, ["echo"])
    assert a.timestamp is not None and a.timestamp.to_datetime() >= after
    assert a.attributes == {"size": float(len(payload))}


def test_python_host_to_go_plugin(dogfood: Any, grpcgo: Path) -> None:
    from tests.grpc.test_go_grpc import GoServer

    d = dogfood.d
    plugin = GoServer(grpcgo, "plugin")
    try:
        with grpc.insecure_channel(plugin.addr) as channel:
            stub = dogfood.g.DomainPluginServiceStub(channel)
            md = stub.metadata(d.MetadataRequest(), timeout=TIMEOUT)
            assert (md.name, md.protocol_version) == ("echo-plugin", "1")
            config = {"mode": "full", "limits": {"jobs": 2.0}, "tags": ["a", True, 2.5]}
            init = stub.initialize(
                d.InitializeRequest(host_endpoint="127.0.0.1:0", config=config, auth_token="t"),
                timeout=TIMEOUT,
            )
            assert init.handler_names == ["echo", "fail"]
            health = stub.health(d.HealthRequest(), timeout=TIMEOUT)
            assert health.healthy and health.last_job_at is None

            before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
            blob = bytes(range(256)) * 3
            job = d.ExecuteJobRequest(job_id="j1", handler_name="echo", payload=blob)
            _check_job(dogfood, stub.execute_job(job, timeout=TIMEOUT), "j1", blob, before)
            failed = stub.execute_job(
                d.ExecuteJobRequest(job_id="j2", handler_name="fail"), timeout=TIMEOUT
            )
            assert (failed.success, failed.error, failed.job_id) == (False, "failed: j2", "j2")
            health = stub.health(d.HealthRequest(), timeout=TIMEOUT)
            assert health.healthy and health.checks == {"ready": True}
            assert health.last_job_at is not None and health.last_job_at.to_datetime() >= before

            payloads = [bytes([i]) * (i * 700) for i in range(3)]
            jobs = iter(
                d.ExecuteJobRequest(job_id=f"s{i}", handler_name="echo", payload=p)
                for i, p in enumerate(payloads)
            )
            answers = list(stub.execute_job_stream(jobs, timeout=TIMEOUT))
            assert len(answers) == 3
            for i, (r, p) in enumerate(zip(answers, payloads, strict=True)):
                _check_job(dogfood, r, f"s{i}", p, before)
            assert stub.shutdown(d.ShutdownRequest(grace_period_secs=1), timeout=TIMEOUT) == (
                d.ShutdownResponse()
            )
    finally:
        plugin.stop()
