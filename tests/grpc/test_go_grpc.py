"""Go gRPC over real sockets on 127.0.0.1: protobind's grpc-go bindings against each
other and against protoc-gen-go + protoc-gen-go-grpc's, both ways.

One Go binary (tests/grpc/go, built once into build/grpc-go and reused while its inputs
are unchanged) holds both sets of bindings for tests/corpus/grpc: protobind's, generated
with `grpc = true` through the CLI, and the official generators', installed through the
Go module proxy (`go install ...@version`, cached by Go's module cache), plus the
committed dogfood bindings (generated/go) for the seed's host/plugin flow. Each server runs
in its own process for the session; each check is one client process. The official
server encodes with grpc-go's own codec (forced), so nothing of protobind's is on its
side of the wire; the official client goes through the registered codec's fallback, which
is how protoc-gen-go types travel in a process that links protobind's bindings too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import selectors
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.toolchains import have

REPO = Path(__file__).resolve().parents[2]
SRC = Path(__file__).parent / "go"
CORPUS = REPO / "tests" / "corpus" / "grpc"
BUILD = REPO / "build" / "grpc-go"
MODULE = "protobind.test/grpcgo"
PLUGINS = {
    "protoc-gen-go": "google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12",
    "protoc-gen-go-grpc": "google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.0",
}
GO_ENV = {"GOTOOLCHAIN": "local", "GOWORK": "off", "GOFLAGS": "-buildvcs=false"}
TIMEOUT = 30.0

pytestmark = pytest.mark.skipif(not have("go"), reason="needs the Go toolchain")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **GO_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"`{' '.join(cmd)}` failed in {cwd} (exit {proc.returncode}):\n"
            f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        )


def _key() -> str:
    h = hashlib.sha256(repr(sorted(PLUGINS.items())).encode())
    for root in (REPO / "codegen", REPO / "templates", REPO / "generated" / "go", SRC, CORPUS):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(REPO)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:20]


def _plugins(bin_dir: Path) -> dict[str, Path]:
    stamp = bin_dir / ".versions"
    wanted = "\n".join(sorted(PLUGINS.values()))
    paths = {name: bin_dir / name for name in PLUGINS}
    if not (
        stamp.exists() and stamp.read_text() == wanted and all(p.exists() for p in paths.values())
    ):
        for spec in PLUGINS.values():
            _run(["go", "install", spec], REPO, {"GOBIN": str(bin_dir)})
        stamp.write_text(wanted)
    return paths


def _generate(src: Path, plugins: dict[str, Path]) -> None:
    """Both sets of bindings for the corpus, below src/gen/."""
    config = BUILD / "protobind.toml"
    config.write_text(
        "[protobind]\n"
        f"proto_paths = [{str(CORPUS)!r}]\n\n"
        "[[protobind.targets]]\n"
        'language = "go"\n'
        f"out = {str(src / 'gen' / 'protobind')!r}\n"
        f'module = "{MODULE}/gen/protobind"\n'
        "grpc = true\n"
    )
    _run([sys.executable, "-m", "codegen", "generate", "--config", str(config)], REPO)
    import grpc_tools

    include = Path(grpc_tools.__file__).parent / "_proto"
    files = ["acme/stream/v1/types.proto", "acme/stream/v1/stream.proto"]
    remap = [f"M{f}={MODULE}/gen/official/streamv1;streamv1" for f in files]
    cmd = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        f"--plugin=protoc-gen-go={plugins['protoc-gen-go']}",
        f"--plugin=protoc-gen-go-grpc={plugins['protoc-gen-go-grpc']}",
        f"-I{CORPUS}",
        f"-I{include}",
        f"--go_out={src}",
        f"--go-grpc_out={src}",
        f"--go_opt=module={MODULE}",
        f"--go-grpc_opt=module={MODULE}",
        *(f"--go_opt={m}" for m in remap),
        *(f"--go-grpc_opt={m}" for m in remap),
        *files,
    ]
    _run(cmd, REPO)


def build_grpcgo() -> Path:
    BUILD.mkdir(parents=True, exist_ok=True)
    exe = BUILD / "grpcgo"
    stamp = BUILD / ".stamp"
    with open(BUILD / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers and parallel sessions share one build
        key = _key()
        if exe.exists() and stamp.exists() and stamp.read_text() == key:
            return exe
        stamp.unlink(missing_ok=True)
        plugins = _plugins(BUILD / "bin")
        src = BUILD / "src"
        shutil.rmtree(src, ignore_errors=True)
        shutil.copytree(SRC, src)
        _generate(src, plugins)
        # -mod=readonly: go.mod and go.sum say exactly which modules; the module cache
        # that `make setup` and earlier runs filled serves them without the network.
        _run(["go", "build", "-mod=readonly", "-o", str(exe), "."], src)
        stamp.write_text(key)
        return exe


class GoServer:
    def __init__(self, exe: Path, impl: str) -> None:
        self.proc = subprocess.Popen(
            [str(exe), "serve", impl],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            ready = sel.select(TIMEOUT)
        line = self.proc.stdout.readline() if ready else ""
        if not line.startswith("listening "):
            self.stop()
            raise AssertionError(f"{impl} server did not start: {line!r} {self._stderr()}")
        self.addr = line.split()[1]

    def _stderr(self) -> str:
        return self.proc.stderr.read() if self.proc.stderr and self.proc.poll() is not None else ""

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()  # the server stops when its stdin closes
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def servers(grpcgo: Path) -> Iterator[dict[str, str]]:
    """Address of each implementation's server."""
    running = {impl: GoServer(grpcgo, impl) for impl in ("protobind", "official", "plugin")}
    try:
        yield {impl: s.addr for impl, s in running.items()}
    finally:
        for s in running.values():
            s.stop()


def _client(exe: Path, impl: str, addr: str, check: str) -> None:
    proc = subprocess.run(
        [str(exe), "client", impl, addr, check], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert proc.returncode == 0 and proc.stdout == f"ok {check}\n", proc.stdout + proc.stderr


CHECKS = ["unary", "server_stream", "client_stream", "bidi", "status", "second_service"]
PAIRS = [  # (client, server)
    ("protobind", "protobind"),
    ("protobind", "official"),
    ("official", "protobind"),
    ("official", "official"),  # the reference: the checks themselves hold on official code
]


@pytest.mark.parametrize(("client", "server"), PAIRS, ids=[f"{c}-to-{s}" for c, s in PAIRS])
@pytest.mark.parametrize("check", CHECKS)
def test_call(grpcgo: Path, servers: dict[str, str], client: str, server: str, check: str) -> None:
    """unary: every field kind of EchoRequest read back as sent, metadata both ways
    (request metadata, response header and trailer), the deadline as the server saw it;
    the three streaming kinds; status codes, messages and details (a plain Go error is
    UNKNOWN); the second service, served by protobind through the transport-neutral
    interface's adapter, with its unimplemented RPC."""
    _client(grpcgo, client, servers[server], check)


@pytest.mark.parametrize("server", ["protobind", "official"])
def test_undecodable_request_is_internal(
    grpcgo: Path, servers: dict[str, str], server: str
) -> None:
    _client(grpcgo, "protobind", servers[server], "bad_bytes")


def test_codec_registration(grpcgo: Path) -> None:
    """In one process: the "proto" codec is protobindgrpc's, encodes protobind messages
    byte for byte as protobuf-go does (small and pooled), and passes protoc-gen-go
    messages to grpc-go's codec."""
    proc = subprocess.run([str(grpcgo), "codec"], capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0 and proc.stdout == "ok codec\n", proc.stdout + proc.stderr


def test_seed_flow_go_host_to_go_plugin(grpcgo: Path, servers: dict[str, str]) -> None:
    """The seed's flow on the committed dogfood bindings (generated/go): a Go host drives
    a Go plugin through DomainPluginService: Metadata, Initialize (a Struct config) ->
    InitializeResponse.handler_names, ExecuteJob with a bytes payload (and a failing
    handler), Health (a Timestamp once a job ran), the bidi ExecuteJobStream, Shutdown.
    `grpcgo host ADDR` runs the host side against any plugin that keeps the contract in
    tests/grpc/go/dogfood.go."""
    proc = subprocess.run(
        [str(grpcgo), "host", servers["plugin"]], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert proc.returncode == 0 and proc.stdout == "ok host\n", proc.stdout + proc.stderr
