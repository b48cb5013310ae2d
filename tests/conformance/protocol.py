"""One testee subprocess speaking the conformance protocol, with pipelining.

Frames are a 4-byte little-endian length followed by a serialized ConformanceRequest (to the
testee) or ConformanceResponse (back). `Testee.run(requests)` writes every request from a
writer thread while the caller reads the answers in order, so thousands of requests cost one
process start and no per-request round trip. A testee that dies or stops answering is
reported against the request it was working on (the first one without an answer), restarted,
and fed the rest.
"""

from __future__ import annotations

import os
import selectors
import signal
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .oracle import Request, pb2

# ConformanceResponse oneof names, plus what the driver itself observed.
CRASH = "crash"  # the process exited (or closed stdout) before answering
TIMEOUT = "timeout"  # no answer within the per-request timeout
PROTOCOL_ERROR = "protocol_error"  # an answer that is not a ConformanceResponse


@dataclass(frozen=True)
class Response:
    result: str  # a ConformanceResponse oneof name, or CRASH/TIMEOUT/PROTOCOL_ERROR
    value: Any = None  # str for json_payload and the error kinds, bytes for protobuf_payload
    detail: str = ""  # for CRASH/TIMEOUT: exit status and the tail of stderr

    def describe(self) -> str:
        if self.result == "json_payload":
            return str(self.value)
        if self.result == "protobuf_payload":
            return f"binary {self.value!r}"
        text = self.value if isinstance(self.value, str) else ""
        return f"{self.result} ({(text or self.detail).strip()[:300]})"


class Testee:
    """A testee executable (no arguments) run as a subprocess; restartable after a crash."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        argv: Sequence[str | Path],
        *,
        name: str | None = None,
        timeout: float = 15.0,
        startup_timeout: float = 60.0,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        max_failures: int = 50,
    ) -> None:
        self.argv = [str(a) for a in argv]
        self.name = name or Path(self.argv[0]).name
        self.timeout = timeout
        self.max_failures = max_failures  # crashes/timeouts per run() before giving up
        self.startup_timeout = startup_timeout
        self.env = env
        self.cwd = cwd
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.requests_sent = 0
        self._stderr: Any = None
        self._fresh = False

    # -- process management ------------------------------------------------------------

    def start(self) -> None:
        self.close()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives with the process)
        env = None if self.env is None else {**os.environ, **self.env}
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            cwd=self.cwd,
            start_new_session=True,
        )
        self.starts += 1
        self._fresh = True

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                if proc.stdin:
                    proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill(proc)
            if proc.stdout:
                proc.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the testee may be a wrapper script
        except (ProcessLookupError, PermissionError):
            proc.kill()
        proc.wait()

    def __enter__(self) -> Testee:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stderr_tail(self, limit: int = 2000) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - limit))
        return self._stderr.read().decode(errors="replace")

    # -- requests ----------------------------------------------------------------------

    def run_one(self, request: Request) -> Response:
        return self.run([request])[0]

    def run(self, requests: Sequence[Request]) -> list[Response]:
        """Answers to `requests`, in order. Never raises for testee misbehaviour."""
        frames = []
        for r in requests:
            body = r.to_proto().SerializeToString()
            frames.append(struct.pack("<I", len(body)) + body)
        answers: list[Response] = []
        failures = 0
        while len(answers) < len(frames):
            if failures >= self.max_failures:  # a crash storm: stop restarting
                note = (
                    f"not sent: the testee crashed or hung {failures} times in this run "
                    f"(limit {self.max_failures})"
                )
                answers.extend(Response(CRASH, detail=note) for _ in frames[len(answers) :])
                break
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            batch = self._pipeline(frames[len(answers) :])
            failures += sum(a.result in (CRASH, TIMEOUT) for a in batch)
            answers.extend(batch)
        return answers

    def _pipeline(self, frames: list[bytes]) -> list[Response]:
        proc = self.proc
        assert proc and proc.stdin and proc.stdout
        stdin = proc.stdin

        def write() -> None:
            try:
                for frame in frames:
                    stdin.write(frame)
                stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        fd = proc.stdout.fileno()
        sel = selectors.DefaultSelector()
        sel.register(fd, selectors.EVENT_READ)
        buf = bytearray()
        answers: list[Response] = []
        response_cls = pb2().conformance.ConformanceResponse
        try:
            while len(answers) < len(frames):
                limit = self.startup_timeout if self._fresh else self.timeout
                deadline = time.monotonic() + limit
                need = 4
                while True:
                    if len(buf) >= 4:
                        need = 4 + struct.unpack_from("<I", buf)[0]
                        if len(buf) >= need:
                            break
                    left = deadline - time.monotonic()
                    if left <= 0 or not sel.select(timeout=left):
                        self._kill(proc)
                        answers.append(
                            Response(
                                TIMEOUT,
                                detail=(
                                    f"no answer within {limit:.0f}s; stderr: {self.stderr_tail()}"
                                ),
                            )
                        )
                        return answers
                    chunk = os.read(fd, 1 << 20)
                    if not chunk:
                        status = proc.wait()
                        answers.append(
                            Response(
                                CRASH,
                                detail=(f"exit status {status}; stderr: {self.stderr_tail()}"),
                            )
                        )
                        self._fresh = False
                        return answers
                    buf.extend(chunk)
                body = bytes(buf[4:need])
                del buf[:need]
                self._fresh = False
                self.requests_sent += 1
                try:
                    msg = response_cls.FromString(body)
                except Exception as exc:
                    answers.append(Response(PROTOCOL_ERROR, detail=f"bad response: {exc}"))
                    continue
                which = msg.WhichOneof("result")
                if which is None:
                    answers.append(Response(PROTOCOL_ERROR, detail="empty ConformanceResponse"))
                else:
                    answers.append(Response(which, getattr(msg, which)))
            return answers
        finally:
            sel.close()
            if len(answers) < len(frames) or proc.poll() is not None:
                writer.join(timeout=5)
                self.close()
            else:
                writer.join()
