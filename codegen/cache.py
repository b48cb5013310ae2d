"""A cache that lets a no-op `check` or `generate` skip protoc and rendering.

The key is a hash of everything the output depends on: protobind's own code and
templates, the resolved config, every .proto below the proto paths, the well-known
types shipped with grpcio-tools, and the Python version. The value is the hash of each
file the pipeline produced for that key. A hit therefore means "for exactly these
inputs the pipeline produces exactly these files"; if the disk holds those bytes the
tree is up to date. Anything else (a miss, a changed file) runs the full pipeline, so
the cache can make a run faster but never change its answer.

This module must stay cheap to import: no protobuf, protoc or Jinja2.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

from codegen import __version__
from codegen.config import Config
from codegen.paths import builtin_templates
from codegen.sources import proto_files, well_known_include

_FORMAT = 1


def cache_dir() -> Path:
    override = os.environ.get("PROTOBIND_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "protobind"


def _entry_path(config: Config) -> Path:
    name = hashlib.sha256(str(config.source).encode()).hexdigest()[:32]
    return cache_dir() / f"outputs-{name}.json"


@cache
def _code_digest() -> bytes:
    """protobind's own code and built-in templates (so edits in a checkout invalidate too)."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    _hash_tree(h, package, "*.py")
    _hash_tree(h, builtin_templates(), "*")
    return h.digest()


def _hash_tree(h: hashlib._Hash, root: Path, pattern: str) -> None:
    for path in sorted(root.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            _hash_file(h, path, root)


def _hash_file(h: hashlib._Hash, path: Path, root: Path) -> None:
    _hash_named(h, path.relative_to(root).as_posix(), path)


def _hash_named(h: hashlib._Hash, name: str, path: Path) -> None:
    h.update(name.encode() + b"\0")
    h.update(path.read_bytes())
    h.update(b"\0")


def key(config: Config) -> str:
    h = hashlib.sha256()
    h.update(f"{_FORMAT}\0{__version__}\0{sys.version}\0".encode())
    h.update(_code_digest())
    h.update(repr(config).encode())
    for root in config.proto_paths:
        h.update(b"root\0" + str(root).encode())
        for name, path in proto_files(root):
            _hash_named(h, name, path)
    wkt = well_known_include()
    _hash_tree(h, wkt, "*.proto")
    for target in config.targets:
        if target.templates is not None:
            _hash_tree(h, target.templates, "*")
    return h.hexdigest()


def lookup(config: Config, cache_key: str) -> dict[Path, str] | None:
    """The expected output hashes for `cache_key`, or None."""
    try:
        data = json.loads(_entry_path(config).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != cache_key:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return {Path(p): str(digest) for p, digest in files.items()}


def disk_matches(expected: Mapping[Path, str]) -> bool:
    """True when every expected file is on disk with exactly the expected content."""
    for path, digest in expected.items():
        try:
            content = path.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(content).hexdigest() != digest:
            return False
    return True


def store_meanwhile(
    config: Config, cache_key: str, files: Iterable[tuple[Path, bytes]]
) -> Callable[[], None]:
    """Start hashing `files` for the cache entry of `cache_key`; the function returned
    waits for the digests and stores the entry (none when hashing failed)."""
    digests = digest_meanwhile(files)
    return lambda: store(config, cache_key, digests())


def digest_meanwhile(files: Iterable[tuple[Path, bytes]]) -> Callable[[], dict[str, str] | None]:
    """Hash `files` in a thread while the caller writes or compares them; the function
    returned waits for the digests (None if hashing failed: then nothing is stored).

    hashlib lets go of the GIL on inputs this size, and the writes spend their time in
    system calls, so the two overlap: 98 MB at 1000 proto files is ~0.08 s of hashing."""
    import threading  # here: the cached no-op path never hashes, and never pays for it

    files = list(files)
    digests: dict[str, str] = {}
    finished = threading.Event()

    def work() -> None:
        with contextlib.suppress(Exception):  # no digests: no cache entry, as on a miss
            for path, content in files:
                digests[str(path)] = hashlib.sha256(content).hexdigest()
            finished.set()

    thread = threading.Thread(target=work, name="protobind-digests", daemon=True)
    thread.start()

    def wait() -> dict[str, str] | None:
        thread.join()
        return digests if finished.is_set() else None

    return wait


def store(config: Config, cache_key: str, digests: Mapping[str, str] | None) -> None:
    """Remember the digest of each file the pipeline produced for `cache_key`; failures
    are ignored (a cache), and so is a missing set of digests."""
    if digests is None:
        return
    body = {"key": cache_key, "files": dict(digests)}
    target = _entry_path(config)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".outputs-", suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(body, f)
        os.replace(tmp, target)
