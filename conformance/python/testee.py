"""protobind's Python conformance testee (DESIGN §6).

Speaks the official conformance protocol on stdin/stdout (4-byte little-endian length +
serialized ConformanceRequest; the same framing for the ConformanceResponse; exit 0 on
EOF) for protobuf_test_messages.proto3.TestAllTypesProto3 and ...proto2.TestAllTypesProto2.

* JSON input is parsed by the protobind-generated `from_json`; JSON output is printed by
  the generated `to_json`. Binary input is parsed by the generated `from_bytes`, binary
  output written by `to_bytes`. The official runtime (`_pb2`) only reads and writes the
  conformance protocol's own messages.
* JSPB and text format are skipped, and so is every other message type.

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
        sys.path.insert(0, str(bindings))
        self.rt = importlib.import_module(f"{package}._protobind")
        ours3 = importlib.import_module(f"{package}.google.protobuf.test_messages_proto3")
        ours2 = importlib.import_module(f"{package}.google.protobuf.test_messages_proto2")
        self.types: dict[str, Any] = {
            PROTO3: ours3.TestAllTypesProto3,
            PROTO2: ours2.TestAllTypesProto2,
        }

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
        ours_cls = types
        try:
            if payload == "protobuf_payload":
                message = ours_cls.from_bytes(request.protobuf_payload)
            else:
                ignore = request.test_category == c.JSON_IGNORE_UNKNOWN_PARSING_TEST
                message = ours_cls.from_json(request.json_payload, ignore_unknown_fields=ignore)
        except self.rt.DecodeError as e:
            response.parse_error = str(e) or type(e).__name__
            return response
        try:
            if output == c.JSON:
                response.json_payload = message.to_json()
            else:
                response.protobuf_payload = message.to_bytes()
        except self.rt.EncodeError as e:
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
