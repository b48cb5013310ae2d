"""Plugin mode (`protoc-gen-protobind`, DESIGN §12): the same bytes as `protobind generate`.

Every corpus goes through the real `protobind generate` (a config at the proto root, one
target per language) and through the real protoc of grpcio-tools running the installed
`protoc-gen-protobind` script once per language; the trees must be equal byte for byte
(the manifest, generate's own bookkeeping, aside). The realistic corpus also goes through
the real `buf generate` (`strategy: all`, a local plugin, no network). Error paths are
checked under protoc and against the plugin protocol itself (crafted requests: the error
in the response, exit code 0, no file).

Nothing here compiles the output again: tests/test_corpus_compile.py does that for the
same corpora, and the trees here are the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2

from codegen.errors import ConfigError
from codegen.plugin import MAXIMUM_EDITION, MINIMUM_EDITION, parse_options, respond
from tests.corpus.harness import CORPUS, GO_MODULE, LANGUAGES, REPO, copy_protos, snapshot
from tests.support import toolchains
from tests.test_corpus_compile import CASES, COLLISIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PLUGIN = toolchains.BIN / "protoc-gen-protobind"
BUF = REPO / "node_modules" / ".bin" / "buf"
MANIFEST = ".protobind-manifest"

# name -> (proto path, Go module of the output folder: the corpora's go_package options)
CORPORA = {
    "realistic": (CORPUS / "realistic", "github.com/acme/platform/gen/go"),
    "kitchen_sink": (CORPUS / "kitchen_sink", GO_MODULE),
    "grpc": (CORPUS / "grpc", "example.com/grpctest/gen/go"),
    "keywords": (CORPUS / "keywords", GO_MODULE),
    "comments": (CORPUS / "comments", GO_MODULE),
}
OUT = {"python": "python/gen", "go": "go", "typescript": "typescript"}
"""Each language's output folder below a tree; Python's is the package `gen`."""


def _options(language: str, go_module: str, grpc: bool = False) -> list[str]:
    opts = {
        "python": ["language=python", "package=gen"],
        "go": ["language=go", f"module={go_module}"],
        "typescript": ["language=typescript"],
    }[language]
    if grpc and language != "typescript":
        opts.append("grpc=true")
    return opts


def _project(
    src: Path, tmp: Path, languages: tuple[str, ...], go_module: str
) -> tuple[list[str], bool]:
    """tmp/protos (a copy of `src`) with a protobind.toml at that proto root, writing
    below tmp/generate; returns the import paths and whether gRPC bindings are on."""
    files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*.proto"))
    copy_protos(src, files, tmp / "protos")
    grpc = _wants_grpc(files, tmp / "protos")
    lines = ["[protobind]", 'proto_paths = ["."]']
    for language in languages:
        lines += ["", "[[protobind.targets]]", f'out = "../generate/{OUT[language]}"']
        for opt in _options(language, go_module, grpc):
            key, value = opt.split("=", 1)
            lines.append(f'{key} = "{value}"' if key != "grpc" else f"{key} = {value}")
    (tmp / "protos" / "protobind.toml").write_text("\n".join(lines) + "\n")
    return files, grpc


# An RPC on a well-known type other than Empty: the gRPC bindings refuse it (their
# request/response must be a message type in every language).
_WKT_RPC = re.compile(
    r"rpc\s+\w+\s*\(\s*(?:stream\s+)?google\.protobuf\.(?!Empty\b)|"
    r"returns\s*\(\s*(?:stream\s+)?google\.protobuf\.(?!Empty\b)"
)


def _wants_grpc(files: list[str], root: Path) -> bool:
    """Corpora with services get the gRPC bindings too (the per-target option), unless an
    RPC uses a well-known type the bindings refuse."""
    texts = [(root / f).read_text() for f in files]
    return any("service " in t for t in texts) and not any(_WKT_RPC.search(t) for t in texts)


def _generate(tmp: Path) -> subprocess.CompletedProcess[str]:
    """The real CLI, run at the proto root (so diagnostics name import paths)."""
    return subprocess.run(
        [str(toolchains.BIN / "protobind"), "generate", "--no-cache"],
        cwd=tmp / "protos",
        capture_output=True,
        text=True,
        timeout=600,
    )


def _alias(language: str) -> str:
    # protoc runs one plugin per --NAME_out; the same script under three names gives
    # three targets from one parse. Python keeps the real name.
    return "protobind" if language == "python" else f"protobind_{language}"


def _protoc(
    tmp: Path, files: list[str], languages: tuple[str, ...], go_module: str, grpc: bool
) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "grpc_tools.protoc", "-I."]
    for language in languages:
        out = tmp / "plugin" / OUT[language]
        out.mkdir(parents=True, exist_ok=True)
        name = _alias(language)
        args += [
            f"--plugin=protoc-gen-{name}={PLUGIN}",
            f"--{name}_out={out}",
            f"--{name}_opt={','.join(_options(language, go_module, grpc))}",
        ]
    return subprocess.run(
        [*args, *files], cwd=tmp / "protos", capture_output=True, text=True, timeout=600
    )


def _tree(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(root).items() if not k.endswith(MANIFEST)}


def _assert_same_trees(expected: Path, actual: Path) -> None:
    want, got = _tree(expected), _tree(actual)
    assert want, f"generate wrote nothing below {expected}"
    assert sorted(got) == sorted(want), (
        f"files only from generate: {sorted(set(want) - set(got))[:10]}; "
        f"only from the plugin: {sorted(set(got) - set(want))[:10]}"
    )
    differ = [name for name in want if want[name] != got[name]]
    assert not differ, f"{len(differ)} files differ, first: {differ[:5]}"


@pytest.mark.parametrize("name", list(CORPORA))
def test_protoc_plugin_writes_what_generate_writes(name: str, tmp_path: Path) -> None:
    src, module = CORPORA[name]
    files, grpc = _project(src, tmp_path, LANGUAGES, module)
    gen = _generate(tmp_path)
    assert gen.returncode == 0, gen.stderr
    run = _protoc(tmp_path, files, LANGUAGES, module, grpc)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    for language in LANGUAGES:
        _assert_same_trees(
            tmp_path / "generate" / OUT[language], tmp_path / "plugin" / OUT[language]
        )


@pytest.mark.parametrize("case", list(CASES))
def test_collisions_generate_or_refuse_alike(case: str, tmp_path: Path) -> None:
    """Each collision case: where generate writes, the plugin writes the same bytes;
    where generate refuses, the plugin refuses with the same diagnostics."""
    module = f"{GO_MODULE}/{case}"
    files, grpc = _project(COLLISIONS / case, tmp_path, LANGUAGES, module)
    if _generate(tmp_path).returncode == 0:  # every language writes: one protoc run
        run = _protoc(tmp_path, files, LANGUAGES, module, grpc)
        assert run.returncode == 0, run.stderr
        for language in LANGUAGES:
            _assert_same_trees(
                tmp_path / "generate" / OUT[language], tmp_path / "plugin" / OUT[language]
            )
        return
    # Refused in at least one language: one language at a time.
    problems = []
    for language in LANGUAGES:
        one = tmp_path / language
        _project(COLLISIONS / case, one, (language,), module)
        gen = _generate(one)
        run = _protoc(one, files, (language,), module, grpc)
        if gen.returncode == 0:
            if run.returncode != 0:
                problems.append(f"{language}: generate wrote, the plugin failed: {run.stderr}")
                continue
            try:
                _assert_same_trees(one / "generate" / OUT[language], one / "plugin" / OUT[language])
            except AssertionError as e:
                problems.append(f"{language}: {e}")
            continue
        errors = [
            line.removeprefix("protobind: error: ")
            for line in gen.stderr.splitlines()
            if line.strip() and ": warning:" not in line
        ]
        said = run.stderr.replace(f"--{_alias(language)}_out: ", "")
        written = _tree(one / "plugin")
        if not errors or run.returncode != 1 or written or any(e not in said for e in errors):
            problems.append(
                f"{language}: generate refused with {errors}; the plugin: exit "
                f"{run.returncode}, {len(written)} files, stderr {run.stderr!r}"
            )
    assert not problems, "\n".join(problems)


def test_buf_generate_writes_what_generate_writes(tmp_path: Path) -> None:
    """`buf generate` (strategy: all, a local plugin): buf's own compiler, not protoc,
    makes the request; the output is still generate's. Offline: no remote plugin, no
    dependency, buf's cache in build/."""
    if not BUF.exists():
        pytest.fail(f"{BUF} missing: run `make setup` (npm ci installs buf)")
    src, module = CORPORA["realistic"]
    _, grpc = _project(src, tmp_path, LANGUAGES, module)
    gen = _generate(tmp_path)
    assert gen.returncode == 0, gen.stderr
    (tmp_path / "buf.yaml").write_text("version: v2\nmodules:\n  - path: protos\n")
    plugins = "".join(
        f"  - local: [{PLUGIN}]\n"
        f"    out: plugin/{OUT[language]}\n"
        f"    opt: [{', '.join(_options(language, module, grpc))}]\n"
        "    strategy: all\n"
        for language in LANGUAGES
    )
    (tmp_path / "buf.gen.yaml").write_text(f"version: v2\nplugins:\n{plugins}")
    cache = REPO / "build" / "buf-cache"
    cache.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [str(BUF), "generate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "BUF_CACHE_DIR": str(cache)},
    )
    assert run.returncode == 0, run.stderr
    for language in LANGUAGES:
        _assert_same_trees(
            tmp_path / "generate" / OUT[language], tmp_path / "plugin" / OUT[language]
        )


# -- the protocol: requests in, responses out --------------------------------------------


def _plugin(data: bytes) -> tuple[int, plugin_pb2.CodeGeneratorResponse, str]:
    proc = subprocess.run([str(PLUGIN)], input=data, capture_output=True, timeout=120)
    response = plugin_pb2.CodeGeneratorResponse.FromString(proc.stdout)
    return proc.returncode, response, proc.stderr.decode()


def _conflicting_file() -> descriptor_pb2.FileDescriptorProto:
    """proto2 fields foo_bar and fooBar: both answer to the JSON key fooBar, which
    protobind refuses (protoc only warns); the second field sits at 5:3."""
    fd = descriptor_pb2.FileDescriptorProto(name="x/conflict.proto", package="x", syntax="proto2")
    m = fd.message_type.add(name="M")
    for number, name in ((1, "foo_bar"), (2, "fooBar")):
        m.field.add(
            name=name,
            number=number,
            json_name="fooBar",
            label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
            type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
        )
    for i, line in ((0, 3), (1, 4)):
        fd.source_code_info.location.add(path=[4, 0, 2, i], span=[line, 2, 30])
    return fd


def test_schema_error_comes_back_in_the_response() -> None:
    request = plugin_pb2.CodeGeneratorRequest(
        file_to_generate=["x/conflict.proto"],
        parameter="language=typescript",
        proto_file=[_conflicting_file()],
    )
    code, response, stderr = _plugin(request.SerializeToString())
    assert code == 0, stderr
    assert response.error.startswith("x/conflict.proto:5:3: field 'fooBar' of x.M"), response.error
    assert "'foo_bar' (x/conflict.proto:4:3)" in response.error
    assert not response.file


def test_bad_option_comes_back_in_the_response() -> None:
    fd = descriptor_pb2.FileDescriptorProto(name="ok.proto", package="ok", syntax="proto3")
    fd.message_type.add(name="M")
    request = plugin_pb2.CodeGeneratorRequest(
        file_to_generate=["ok.proto"], parameter="language=cobol", proto_file=[fd]
    )
    code, response, stderr = _plugin(request.SerializeToString())
    assert code == 0, stderr
    assert response.error == (
        """option language: expected one of "python", "go", "typescript", "rust", got 'cobol'"""
    )
    assert not response.file
    # Declared whatever the outcome: protoc checks them before it reads the error.
    features = plugin_pb2.CodeGeneratorResponse
    assert response.supported_features == (
        features.FEATURE_PROTO3_OPTIONAL | features.FEATURE_SUPPORTS_EDITIONS
    )
    assert (response.minimum_edition, response.maximum_edition) == (
        descriptor_pb2.EDITION_PROTO2,
        descriptor_pb2.EDITION_2024,
    )

    request.parameter = "language=python"
    code, response, _ = _plugin(request.SerializeToString())
    assert code == 0 and not response.error
    assert sorted(f.name for f in response.file) == ["_protobind.py", "ok.py"]


def test_not_a_request_is_an_exit_code() -> None:
    proc = subprocess.run([str(PLUGIN)], input=b"\xff\xff\xff", capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert b"not a CodeGeneratorRequest" in proc.stderr


def test_bad_option_under_protoc(tmp_path: Path) -> None:
    (tmp_path / "a.proto").write_text('syntax = "proto3";\npackage a;\nmessage A {}\n')
    (tmp_path / "out").mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            "-I.",
            f"--plugin=protoc-gen-protobind={PLUGIN}",
            "--protobind_out=out",
            "--protobind_opt=language=go,modul=example.com/x",
            "a.proto",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.startswith(
        "--protobind_out: option modul: unknown key (did you mean `module`?); a go target "
        'accepts "language", "templates", "module", "grpc"'
    ), run.stderr
    assert not list((tmp_path / "out").iterdir())


def test_editions_range_matches_protoc() -> None:
    """The declared range ends where grpcio-tools' protoc does (it refuses 2026), and
    covers every edition the corpora use."""
    editions = {
        line.split(b'"')[1].decode()
        for p in CORPUS.rglob("*.proto")
        for line in p.read_bytes().splitlines()
        if line.startswith(b"edition = ")
    }
    assert editions, "no editions file in the corpora"
    for e in editions:
        assert MINIMUM_EDITION <= descriptor_pb2.Edition.Value(f"EDITION_{e}") <= MAXIMUM_EDITION
    assert descriptor_pb2.Edition.Name(MAXIMUM_EDITION) == "EDITION_2024"


# -- options ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        ("", 'option language: is required: one of "python", "go", "typescript"'),
        ("package=x", 'option language: is required: one of "python", "go", "typescript"'),
        (
            "language=python,pakage=x",
            "option pakage: unknown key (did you mean `package`?); a python target accepts "
            '"language", "templates", "package", "grpc", and the JSON profile "names", "int64"',
        ),
        (
            "language=typescript,module=x",
            "option module: unknown key (`module` applies to go targets only); a typescript "
            'target accepts "language", "templates", and the JSON profile "names", "int64"',
        ),
        ("language=go", "option module: is required for a go target in plugin mode"),
        ("language=go,module=a b", "option module: expected a Go import path, got 'a b'"),
        ("language=python,package=a-b", "option package: expected a dotted Python package"),
        ("language=python,grpc=yes", "option grpc: expected true or false, got 'yes'"),
        ("language=python,names=camel", 'option names: expected one of "json", "proto"'),
        ("language=python,int64=big", 'option int64: expected one of "string", "number"'),
        ("language=python,out=gen", "option out: not a plugin option: the output folder is"),
        ("language=python,proto_paths=.", "option proto_paths: not a plugin option"),
        ("language=python,language=go", "option language: given twice ('python' and 'go')"),
        ("language=python,grpc", "option 'grpc': expected key=value"),
        ("language=python,templates=", "option templates: expected a non-empty string"),
        ("language=python,templates=nope", "option templates: 'nope' does not exist"),
    ],
)
def test_bad_options(parameter: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        parse_options(parameter, tmp_path)
    assert str(info.value).startswith(message), str(info.value)


def test_options_reach_the_target(tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    options = parse_options(
        " language=go , module=example.com/x/gen/go/,grpc=true,names=proto,int64=number,"
        "templates=tpl,",
        tmp_path,
    )
    assert options.target.language == "go"
    assert options.target.module == "example.com/x/gen/go"
    assert options.target.grpc is True
    assert options.target.templates == (tmp_path / "tpl").resolve()
    assert (options.json.names, options.json.int64) == ("proto", "number")
    defaults = parse_options("language=python", tmp_path)
    assert defaults.target.grpc is False and defaults.target.package is None
    assert (defaults.json.names, defaults.json.int64) == ("json", "string")


# -- what file_to_generate and the header path mean ---------------------------------------


def test_file_to_generate_is_generate_inputs(tmp_path: Path) -> None:
    """One file of the realistic corpus asked for: the plugin writes what generate writes
    with `inputs` listing that file (the file plus every file its types reach)."""
    from codegen.compile import compile_protos
    from codegen.config import load_config
    from codegen.pipeline import run as run_pipeline
    from codegen.sources import discover

    src, module = CORPORA["realistic"]
    files, grpc = _project(src, tmp_path, ("go",), module)
    wanted = "acme/billing/v1/billing_service.proto"
    assert wanted in files
    config_file = tmp_path / "protos" / "protobind.toml"
    config_file.write_text(
        config_file.read_text().replace(
            'proto_paths = ["."]', f'proto_paths = ["."]\ninputs = ["{wanted}"]'
        )
    )
    config = load_config(config_file)
    (expected,) = run_pipeline(config).outputs
    compiled = compile_protos(config.proto_paths, discover(config.proto_paths))
    request = plugin_pb2.CodeGeneratorRequest(
        file_to_generate=[wanted],
        parameter=",".join(_options("go", module, grpc)),
        proto_file=compiled.descriptors.file,
    )
    response = respond(request)
    assert not response.error, response.error
    got = {f.name: f.content.encode() for f in response.file}
    want = {f.path: f.content for f in expected.files}
    assert len(want) > 2, "the input reaches other files: they are generated too"
    assert got == want


def test_header_names_an_imported_file_as_it_would_an_input(tmp_path: Path) -> None:
    """The header path of a generated file is relative to the config's folder whether
    or not `inputs` lists the file (a file reached through an import included); at the
    proto root that is the import path, which is what the plugin writes."""
    from codegen.config import load_config
    from codegen.pipeline import run as run_pipeline

    protos = tmp_path / "protos"
    (protos / "p").mkdir(parents=True)
    (protos / "p" / "b.proto").write_text('syntax = "proto3";\npackage p;\nmessage B {}\n')
    (protos / "p" / "a.proto").write_text(
        'syntax = "proto3";\npackage p;\nimport "p/b.proto";\nmessage A { B b = 1; }\n'
    )
    (tmp_path / "protobind.toml").write_text(
        '[protobind]\nproto_paths = ["protos"]\ninputs = ["protos/p/a.proto"]\n'
        '[[protobind.targets]]\nlanguage = "typescript"\nout = "gen"\n'
    )
    (output,) = run_pipeline(load_config(tmp_path / "protobind.toml")).outputs
    headers = {f.path: f.content.decode().splitlines()[0] for f in output.files}
    assert headers["p/a.ts"] == "// Code generated by protobind from protos/p/a.proto. DO NOT EDIT."
    assert headers["p/b.ts"] == "// Code generated by protobind from protos/p/b.proto. DO NOT EDIT."


def test_console_script_is_declared() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["protoc-gen-protobind"] == "codegen.plugin:run"
    assert shutil.which(str(PLUGIN)), f"{PLUGIN} is not installed: run `make setup`"


def test_source_file_descriptors_are_cut_before_parsing() -> None:
    """protoc sends every file to generate twice (proto_file, source_file_descriptors);
    the second copy is dropped off the wire, the rest parses to the same request."""
    from codegen.plugin import _without_source_descriptors

    fd = _conflicting_file()
    request = plugin_pb2.CodeGeneratorRequest(
        file_to_generate=[fd.name],
        parameter="language=go",
        proto_file=[fd],
        source_file_descriptors=[fd, fd],
        compiler_version=plugin_pb2.Version(major=35),
    )
    data = request.SerializeToString()
    cut = _without_source_descriptors(data)
    assert len(cut) < len(data) - 2 * fd.ByteSize()
    parsed = plugin_pb2.CodeGeneratorRequest.FromString(cut)
    request.ClearField("source_file_descriptors")
    assert parsed == request
    for odd in (b"", b"\xff\xff\xff", b"\x08\x01", data[:-3]):
        assert _without_source_descriptors(odd) is odd
