"""protobind's Python conformance testee (DESIGN §6).

Speaks the official conformance protocol on stdin/stdout (4-byte little-endian length +
serialized ConformanceRequest; the same framing for the ConformanceResponse; exit 0 on
EOF) for protobuf_test_messages.proto3.TestAllTypesProto3 and ...proto2.TestAllTypesProto2.

* JSON input is parsed by the protobind-generated `from_json`; JSON output is printed by
  the generated `to_json`. Nothing else touches JSON.
* Binary input/output goes through the official runtime (`_pb2`) plus a conversion to and
  from the generated dataclasses (convert.py), never through JSON.
* Binary-to-binary requests involve no JSON and protobind has no binary codec: skipped.
  So are JSPB and text format, and every other message type.

Built by `conformance/python/build OUTDIR [--names ...] [--int64 ...]`, which fixes the
JSON profile by generating the bindings for it.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from google.protobuf import (  # noqa: F401  (WKTs must be resolvable inside Any)
    any_pb2,
    duration_pb2,
    empty_pb2,
    field_mask_pb2,
    struct_pb2,
    timestamp_pb2,
    wrappers_pb2,
)
from google.protobuf.message import DecodeError as PbDecodeError

PROTO3 = "protobuf_test_messages.proto3.TestAllTypesProto3"
PROTO2 = "protobuf_test_messages.proto2.TestAllTypesProto2"


def _load_file(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Testee:
    def __init__(self, pb2: Path, bindings: Path, package: str) -> None:
        prefix = "protobind_python_testee"
        self.c = _load_file(f"{prefix}.conformance_pb2", pb2 / "conformance" / "conformance_pb2.py")
        p3 = _load_file(
            f"{prefix}.test_messages_proto3_pb2",
            pb2 / "google" / "protobuf" / "test_messages_proto3_pb2.py",
        )
        p2 = _load_file(
            f"{prefix}.test_messages_proto2_pb2",
            pb2 / "google" / "protobuf" / "test_messages_proto2_pb2.py",
        )
        sys.path.insert(0, str(bindings))
        from convert import Converter

        self.rt = importlib.import_module(f"{package}._protobind")
        ours3 = importlib.import_module(f"{package}.google.protobuf.test_messages_proto3")
        ours2 = importlib.import_module(f"{package}.google.protobuf.test_messages_proto2")
        self.types: dict[str, tuple[Any, Any]] = {
            PROTO3: (p3.TestAllTypesProto3, ours3.TestAllTypesProto3),
            PROTO2: (p2.TestAllTypesProto2, ours2.TestAllTypesProto2),
        }
        self.convert = Converter(self.rt)

    def answer(self, request: Any) -> Any:
        c = self.c
        response = c.ConformanceResponse()
        if request.message_type == "conformance.FailureSet":
            # The official runner asks first for the tests expected to fail: none listed.
            response.protobuf_payload = c.FailureSet().SerializeToString()
            return response
        types = self.types.get(request.message_type)
        payload = request.WhichOneof("payload")
        output = request.requested_output_format
        if types is None:
            response.skipped = f"message type {request.message_type} not supported"
            return response
        if payload not in ("protobuf_payload", "json_payload"):
            response.skipped = f"{payload} input not supported"
            return response
        if output not in (c.PROTOBUF, c.JSON):
            response.skipped = "only binary and JSON output"
            return response
        if payload == "protobuf_payload" and output == c.PROTOBUF:
            response.skipped = "binary to binary involves no JSON (protobind has no binary codec)"
            return response
        pb_cls, ours_cls = types
        try:
            if payload == "protobuf_payload":
                pb = pb_cls()
                pb.ParseFromString(request.protobuf_payload)
            else:
                ignore = request.test_category == c.JSON_IGNORE_UNKNOWN_PARSING_TEST
                message = ours_cls.from_json(request.json_payload, ignore_unknown_fields=ignore)
        except (PbDecodeError, self.rt.DecodeError) as e:
            response.parse_error = str(e) or type(e).__name__
            return response
        try:
            if payload == "protobuf_payload":
                # A binary message always parses; what can fail here is an Any whose
                # type is unknown or whose bytes are corrupt: it has no JSON, which
                # json_format reports when printing.
                message = self.convert.from_pb(pb)
            if output == c.JSON:
                response.json_payload = message.to_json()
            else:
                response.protobuf_payload = self.convert.to_pb(message, pb_cls).SerializeToString()
        except (self.rt.EncodeError, PbDecodeError, KeyError, ValueError, TypeError) as e:
            response.serialize_error = str(e) or type(e).__name__
        return response


def _read_exact(stream: BinaryIO, n: int) -> bytes | None:
    data = stream.read(n)
    if not data:
        return None
    while len(data) < n:
        more = stream.read(n - len(data))
        if not more:
            raise EOFError("truncated frame")
        data += more
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pb2", type=Path, required=True, help="folder of the compiled _pb2")
    parser.add_argument("--bindings", type=Path, required=True, help="sys.path root of them")
    parser.add_argument("--package", required=True, help="package of the generated bindings")
    args = parser.parse_args()
    testee = Testee(args.pb2, args.bindings, args.package)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = _read_exact(stdin, 4)
        if header is None:
            return 0
        body = _read_exact(stdin, struct.unpack("<I", header)[0]) or b""
        request = testee.c.ConformanceRequest.FromString(body)
        try:
            response = testee.answer(request)
        except Exception as e:  # a bug in the testee: report it, keep serving
            response = testee.c.ConformanceResponse()
            response.runtime_error = f"{type(e).__name__}: {e}"
        out = response.SerializeToString()
        stdout.write(struct.pack("<I", len(out)) + out)
        stdout.flush()


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    raise SystemExit(main())
