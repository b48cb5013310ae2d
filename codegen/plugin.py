"""`protoc-gen-protobind`: protobind as a protoc plugin (DESIGN §12).

protoc (or `buf generate`, or a build system's proto rules) parses the schemas and sends
a CodeGeneratorRequest on stdin; the plugin answers with a CodeGeneratorResponse on
stdout holding every file of one target, named relative to the plugin's output folder.
The model and the render are `generate`'s own (`pipeline.run_descriptors`), so the bytes
are the same for the same inputs and options; what the build system owns here is the
output tree (no manifest, no stale-file removal, no drift check).

Every error a user can cause goes back in the response's `error` field with exit code 0,
as the plugin protocol asks: option errors worded like config errors, schema errors as
`path:line:col: message` with the import path. Nothing else is sent with an error.

Imports beyond the standard library wait until a request is read: build systems start
one plugin process per target and per build, so start-up is paid every time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

from codegen import config as c
from codegen.config import _Validator
from codegen.errors import ConfigError, ProtobindError
from codegen.varint import read_varint

if TYPE_CHECKING:
    from google.protobuf.compiler import plugin_pb2

# google/protobuf/descriptor.proto `Edition`: the range the model resolves features for,
# which is also the range grpcio-tools' protoc accepts (it refuses edition 2026).
MINIMUM_EDITION = 998  # EDITION_PROTO2
MAXIMUM_EDITION = 1001  # EDITION_2024

# Options that are config keys but that protoc, not the plugin, decides.
_SET_BY_PROTOC = {
    "out": "the output folder is protoc's --protobind_out=DIR (buf: `out:`)",
    "proto_paths": "import roots are protoc's -I/--proto_path (buf: the module roots)",
    "inputs": "the inputs are the files protoc is given (buf: the module or `inputs:`)",
}
_JSON_OPTIONS: dict[str, tuple[str, ...]] = {
    "names": ("json", "proto"),
    "int64": ("string", "number"),
}


@dataclass(frozen=True, slots=True)
class Options:
    """The `parameter` string, validated: one target and the JSON profile."""

    target: c.TargetConfig
    json: c.JsonProfile


def parse_options(parameter: str, cwd: Path | None = None) -> Options:
    """`key=value,key=value` (protoc's --protobind_opt, buf's `opt:`) into one target.

    The keys are the config's: `language`, `package`, `module`, `templates`, `grpc`, and
    the JSON profile's `names` and `int64`. `templates` is relative to `cwd` (the folder
    protoc or buf runs in). Raises ConfigError naming the option and what was expected."""
    cwd = (cwd or Path.cwd()).resolve()
    v = _OptionValidator(cwd)
    raw: dict[str, str] = {}
    for piece in parameter.split(","):
        piece = piece.strip()
        if not piece:
            continue
        key, eq, value = piece.partition("=")
        key = key.strip()
        if not eq or not key:
            raise v.error(repr(piece), "expected key=value (e.g. language=python)")
        if key in raw:
            raise v.error(key, f"given twice ({raw[key]!r} and {value.strip()!r})")
        raw[key] = value.strip()

    if "language" not in raw:
        raise v.error("language", "is required: one of " + c._quoted(c.LANGUAGES))
    language = v.choice(raw["language"], "language", c.LANGUAGES)
    allowed = ("language", "templates", *c._LANGUAGE_KEYS[language])
    known = (*allowed, *_JSON_OPTIONS)
    for k in raw:
        if k in known:
            continue
        if k in _SET_BY_PROTOC:
            raise v.error(k, f"not a plugin option: {_SET_BY_PROTOC[k]}")
        owners = [lang for lang, keys in c._LANGUAGE_KEYS.items() if k in keys]
        hint = f" (`{k}` applies to {' and '.join(owners)} targets only)" if owners else ""
        hint = hint or c._did_you_mean(k, known)
        raise v.error(
            k,
            f"unknown key{hint}; a {language} target accepts "
            + c._quoted(allowed)
            + ", and the JSON profile "
            + c._quoted(_JSON_OPTIONS),
        )

    profile = {k: v.choice(raw[k], k, values) for k, values in _JSON_OPTIONS.items() if k in raw}
    templates = None
    if "templates" in raw:
        templates = v.existing_dir(cwd, v.string(raw["templates"], "templates"), "templates")
    package = v.python_package(raw["package"], "package") if "package" in raw else None
    module = v.go_import_path(raw["module"], "module") if "module" in raw else None
    if language == "go" and module is None:
        # `generate` can read it from a go.mod above `out`; a plugin never learns `out`.
        raise v.error(
            "module",
            "is required for a go target in plugin mode: the Go import path of the output "
            "folder (e.g. module=example.com/app/gen/go)",
        )
    grpc = False
    if "grpc" in raw:
        if raw["grpc"] not in ("true", "false"):
            raise v.error("grpc", f"expected true or false, got {raw['grpc']!r}")
        grpc = raw["grpc"] == "true"
    return Options(
        target=c.TargetConfig(
            language=language,  # type: ignore[arg-type]
            out=cwd,
            templates=templates,
            package=package,
            module=module,
            grpc=grpc,
        ),
        json=c.JsonProfile(**profile),  # type: ignore[arg-type]
    )


class _OptionValidator(_Validator):
    """The config's value checks, so the words are the same, naming options, not keys."""

    def error(self, key: str, what: str) -> ConfigError:
        return ConfigError(f"option {key}: {what}")


def respond(request: plugin_pb2.CodeGeneratorRequest) -> plugin_pb2.CodeGeneratorResponse:
    """The whole answer to one request: every file, or an error and no file."""
    from google.protobuf.compiler import plugin_pb2

    response = plugin_pb2.CodeGeneratorResponse(
        supported_features=(
            plugin_pb2.CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL
            | plugin_pb2.CodeGeneratorResponse.FEATURE_SUPPORTS_EDITIONS
        ),
        minimum_edition=MINIMUM_EDITION,
        maximum_edition=MAXIMUM_EDITION,
    )
    try:
        options = parse_options(request.parameter)
        from codegen.pipeline import run_descriptors

        (output,) = run_descriptors(
            request.proto_file, list(request.file_to_generate), [options.target], options.json
        )
        files = [
            plugin_pb2.CodeGeneratorResponse.File(name=f.path, content=f.content.decode("utf-8"))
            for f in output.files
        ]
    except ProtobindError as e:  # SchemaError's text is its `path:line:col: message` lines
        response.error = str(e)
        return response
    response.file.extend(files)
    return response


def main(stdin: BinaryIO, stdout: BinaryIO) -> int:
    """Read one request, write one response. Exit 1 only when stdin is not a request
    (then nobody speaks the protocol and stderr is the only way to say so)."""
    from google.protobuf.compiler import plugin_pb2
    from google.protobuf.message import DecodeError

    data = stdin.read()
    try:
        request = plugin_pb2.CodeGeneratorRequest.FromString(_without_source_descriptors(data))
    except DecodeError as e:
        print(
            f"protoc-gen-protobind: stdin is not a CodeGeneratorRequest ({e}); this program "
            "is run by protoc: protoc --plugin=protoc-gen-protobind=PATH --protobind_out=DIR "
            "--protobind_opt=language=python ...",
            file=sys.stderr,
        )
        return 1
    stdout.write(respond(request).SerializeToString())
    return 0


_SOURCE_FILE_DESCRIPTORS = 17
"""CodeGeneratorRequest.source_file_descriptors: the files to generate once more, with
their source-retention options, which no target reads. protoc sends them (its request
for 1000 files is 37 MB instead of 18 MB) and parsing them cost 0.7 s."""


def _without_source_descriptors(data: bytes) -> bytes:
    """The request without its `source_file_descriptors`, cut off the wire format (every
    field of CodeGeneratorRequest is length-delimited); `data` itself when anything looks
    unexpected, for the parser to judge."""
    kept = []
    i, end, start = 0, len(data), 0
    try:
        while i < end:
            key, j = read_varint(data, i)
            if key & 7 != 2:
                return data
            size, j = read_varint(data, j)
            if key >> 3 == _SOURCE_FILE_DESCRIPTORS:
                kept.append(data[start:i])
                start = j + size
            i = j + size
    except IndexError:
        return data
    if i != end or not kept:
        return data
    kept.append(data[start:])
    return b"".join(kept)


def run() -> NoReturn:
    """The `protoc-gen-protobind` console script; leaves without the interpreter's
    clean-up (the model needs no finalising), as `protobind` does."""
    code = main(sys.stdin.buffer, sys.stdout.buffer)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
