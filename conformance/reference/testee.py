"""Reference conformance testee: protobuf's own json_format over _pb2 modules.

It speaks the official conformance protocol (stdin/stdout, 4-byte little-endian length +
serialized ConformanceRequest / ConformanceResponse, exit on EOF) for
protobuf_test_messages.proto3.TestAllTypesProto3 and ...proto2.TestAllTypesProto2, with the
JSON profile fixed at build time like protobind's own testees:

    conformance/reference/build OUTDIR [--names json|proto] [--int64 string|number]
    OUTDIR/testee-reference          # what the driver runs

It is the oracle dressed as a testee: the driver must report zero disagreements against it,
which proves the driver. It is also the smallest example of a testee for anyone writing one.

`--mutate NAME` (or PROTOBIND_REFERENCE_MUTATE=NAME) plants one deliberate bug, so the
driver's own tests can show that it catches each kind of mistake; see MUTATIONS.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import struct
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO

from google.protobuf import (  # noqa: F401  (the WKTs must be resolvable inside Any)
    any_pb2,
    api_pb2,
    descriptor_pool,
    duration_pb2,
    empty_pb2,
    field_mask_pb2,
    json_format,
    source_context_pb2,
    struct_pb2,
    timestamp_pb2,
    type_pb2,
    wrappers_pb2,
)
from google.protobuf.descriptor import Descriptor, FieldDescriptor

INT64 = {
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED64,
    FieldDescriptor.TYPE_SFIXED64,
}
# Well-known types with their own JSON form; inside Any their JSON sits under "value".
SPECIAL = {
    "google.protobuf." + n
    for n in (
        "Any",
        "Timestamp",
        "Duration",
        "FieldMask",
        "Struct",
        "Value",
        "ListValue",
        "BoolValue",
        "Int32Value",
        "Int64Value",
        "UInt32Value",
        "UInt64Value",
        "FloatValue",
        "DoubleValue",
        "StringValue",
        "BytesValue",
    )
}


def load(pb2_root: Path) -> tuple[ModuleType, dict[str, Any]]:
    modules = {}
    for rel in (
        "conformance/conformance_pb2.py",
        "google/protobuf/test_messages_proto3_pb2.py",
        "google/protobuf/test_messages_proto2_pb2.py",
    ):
        name = "reference_testee." + Path(rel).stem
        spec = importlib.util.spec_from_file_location(name, pb2_root / rel)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        modules[Path(rel).stem] = module
    types = {
        "protobuf_test_messages.proto3.TestAllTypesProto3": modules[
            "test_messages_proto3_pb2"
        ].TestAllTypesProto3,
        "protobuf_test_messages.proto2.TestAllTypesProto2": modules[
            "test_messages_proto2_pb2"
        ].TestAllTypesProto2,
    }
    return modules["conformance_pb2"], types


def int64_numbers(value: Any, desc: Descriptor) -> Any:
    """Rewrite 64-bit integer strings as numbers (the int64=number profile)."""
    name = desc.full_name
    if name in ("google.protobuf.Int64Value", "google.protobuf.UInt64Value"):
        return int(value)
    if name == "google.protobuf.Any":
        if "@type" not in value:  # an empty Any prints as {}
            return value
        inner = descriptor_pool.Default().FindMessageTypeByName(value["@type"].split("/")[-1])
        if inner.full_name in SPECIAL:
            if "value" in value:
                value["value"] = int64_numbers(value["value"], inner)
            return value
        return int64_numbers(value, inner)
    if name in SPECIAL:
        return value
    for key in list(value):
        if key == "@type":
            continue
        if key.startswith("["):  # an extension: [full.name]
            field = descriptor_pool.Default().FindExtensionByName(key[1:-1])
        else:
            field = desc.fields_by_name.get(key) or next(
                f for f in desc.fields if f.json_name == key
            )
        value[key] = field_numbers(field, value[key])
    return value


def field_numbers(field: FieldDescriptor, value: Any) -> Any:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        vfield = field.message_type.fields_by_name["value"]
        return {k: field_numbers(vfield, v) for k, v in value.items()}
    if field.is_repeated:
        return [single_numbers(field, v) for v in value]
    return single_numbers(field, value)


def single_numbers(field: FieldDescriptor, value: Any) -> Any:
    if field.type in INT64:
        return int(value)
    if field.message_type is not None:
        return int64_numbers(value, field.message_type)
    return value


MUTATIONS = {
    "int64-strings": "64-bit integers always as strings (ignores int64=number)",
    "float-double": "float fields printed at double precision (must still agree)",
    "enum-numbers": "enum values printed as numbers",
    "urlsafe-bytes": "bytes printed with the URL-safe alphabet",
    "accept-unknown": "unknown fields always ignored",
    "drop-map-binary": "binary output loses map_string_string",
    "crash-on-any": "exits when a message has optional_any",
    "hang-on-struct": "stops answering when a message has optional_struct",
    "runtime-error-on-enum": "answers runtime_error when optional_nested_enum is set",
}


def mutate_json(value: Any, desc: Descriptor, mutation: str, message: Any) -> Any:
    """Apply a JSON-output mutation (walks the value alongside the descriptor)."""
    import base64

    if not isinstance(value, dict) or desc.full_name in SPECIAL:
        return value
    for key, item in list(value.items()):
        field = desc.fields_by_name.get(key) or next(
            (f for f in desc.fields if f.json_name == key), None
        )
        if field is None:
            continue
        items = (
            list(item.values())
            if isinstance(item, dict) and field.is_repeated
            else (item if isinstance(item, list) else [item])
        )
        out = []
        for v in items:
            if (
                field.type == FieldDescriptor.TYPE_ENUM
                and mutation == "enum-numbers"
                and (isinstance(v, str))
            ):
                v = field.enum_type.values_by_name[v].number
            elif field.type == FieldDescriptor.TYPE_BYTES and mutation == "urlsafe-bytes":
                v = base64.urlsafe_b64encode(base64.b64decode(v)).decode()
            elif (
                field.type == FieldDescriptor.TYPE_FLOAT
                and mutation == "float-double"
                and (isinstance(v, float))
            ):
                import struct

                v = struct.unpack("<f", struct.pack("<f", v))[0]  # 0.1 -> 0.10000000149...
            elif field.type in INT64 and mutation == "int64-strings":
                v = str(v)
            elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
                v = mutate_json(v, field.message_type, mutation, message)
            out.append(v)
        if isinstance(item, dict) and field.is_repeated:
            value[key] = dict(zip(item.keys(), out, strict=True))
        elif isinstance(item, list):
            value[key] = out
        else:
            value[key] = out[0]
    return value


def answer(c: ModuleType, types: dict[str, Any], request: Any, args: argparse.Namespace) -> Any:
    response = c.ConformanceResponse()
    cls = types.get(request.message_type)
    payload = request.WhichOneof("payload")
    if cls is None or payload not in ("protobuf_payload", "json_payload"):
        response.skipped = f"unsupported: {request.message_type} {payload}"
        return response
    if request.requested_output_format not in (c.PROTOBUF, c.JSON):
        response.skipped = "only binary and JSON output"
        return response
    message = cls()
    mutation = args.mutate
    try:
        if payload == "protobuf_payload":
            message.ParseFromString(request.protobuf_payload)
        else:
            ignore = request.test_category == c.JSON_IGNORE_UNKNOWN_PARSING_TEST
            ignore = ignore or mutation == "accept-unknown"
            json_format.Parse(request.json_payload, message, ignore_unknown_fields=ignore)
    except Exception as exc:
        response.parse_error = f"{type(exc).__name__}: {exc}"
        return response
    fields = message.DESCRIPTOR.fields_by_name

    def has(name: str) -> bool:
        return name in fields and any(f.name == name for f, _ in message.ListFields())

    if mutation == "crash-on-any" and has("optional_any"):
        os._exit(3)
    if mutation == "hang-on-struct" and has("optional_struct"):
        time.sleep(3600)
    if mutation == "runtime-error-on-enum" and has("optional_nested_enum"):
        response.runtime_error = "planted runtime error"
        return response
    if request.requested_output_format == c.PROTOBUF:
        if mutation == "drop-map-binary":
            message.ClearField("map_string_string")
        response.protobuf_payload = message.SerializeToString()
        return response
    try:
        value = json_format.MessageToDict(
            message, preserving_proto_field_name=args.names == "proto"
        )
        if args.int64 == "number":
            value = int64_numbers(value, message.DESCRIPTOR)
        if mutation:
            value = mutate_json(value, message.DESCRIPTOR, mutation, message)
        import json

        response.json_payload = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except Exception as exc:
        response.serialize_error = f"{type(exc).__name__}: {exc}"
    return response


def read_exact(stream: BinaryIO, n: int) -> bytes | None:
    data = stream.read(n)
    if not data:
        return None
    if len(data) != n:
        raise EOFError("truncated frame")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pb2", type=Path, required=True, help="folder of the compiled _pb2")
    parser.add_argument("--names", default="json", choices=("json", "proto"))
    parser.add_argument("--int64", default="string", choices=("string", "number"))
    parser.add_argument(
        "--mutate",
        choices=sorted(MUTATIONS),
        default=os.environ.get("PROTOBIND_REFERENCE_MUTATE") or None,
        help="plant one deliberate bug (for testing the driver)",
    )
    args = parser.parse_args()
    c, types = load(args.pb2)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = read_exact(stdin, 4)
        if header is None:
            return 0
        body = read_exact(stdin, struct.unpack("<I", header)[0])
        request = c.ConformanceRequest.FromString(body or b"")
        out = answer(c, types, request, args).SerializeToString()
        stdout.write(struct.pack("<I", len(out)) + out)
        stdout.flush()


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    raise SystemExit(main())
