"""The Rust output of every corpus, compiled for real (DESIGN §10).

One crate (tests/rust/workspace.py) holds the realistic, kitchen_sink, keywords,
comments and grpc corpora plus the conformance messages in all four JSON profiles; one
`cargo build` serves these tests, the conformance testee and the gRPC check. The cargo
target dir under build/rust/ keeps later runs incremental.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.rust import workspace

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo not installed")


@pytest.fixture(scope="module")
def bins() -> object:
    return workspace.build()


def test_clippy_deny_warnings(bins: object) -> None:
    proc = workspace.cargo("clippy", "--locked", "--lib", "--", "-D", "warnings")
    assert proc.returncode == 0, proc.stderr[-8000:]


def test_rustfmt_clean(bins: object) -> None:
    proc = subprocess.run(
        ["rustfmt", "--check", "--edition", "2021", str(workspace.CRATE / "src" / "lib.rs")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-6000:]


def test_grpc_all_streaming_kinds_over_tcp(bins: object) -> None:
    proc = subprocess.run(
        [str(workspace.TARGET_DIR / "debug" / "grpc_echo")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for check in ("unary with bytes", "server stream length", "client stream", "bidi stream"):
        assert f"ok {check}" in proc.stdout
