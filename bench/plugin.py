"""Plugin mode against `protobind generate`, per language, on the realistic corpus (18
files) or a synthetic one of N files (bench/corpus.py).

    .venv/bin/python bench/plugin.py [--files N] [--rounds N]

Measures, interleaved round by round (medians printed, in ms):
- protoc alone (descriptor set with imports and source info: what generate asks for);
- `protobind generate --no-cache`, one target (a cold run: protoc, model, render, write);
- `protoc-gen-protobind` alone on a saved CodeGeneratorRequest (start-up, model, render);
- protoc running `protoc-gen-protobind` (what a build system pays per target).
Work files go to build/bench-plugin/; protobind's modules are byte-compiled first.
The figures are quoted in bench/findings.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = REPO / "tests" / "corpus" / "realistic"
WORK = REPO / "build" / "bench-plugin"


def _options(go_module: str) -> dict[str, str]:
    return {
        "python": "language=python,package=gen",
        "go": f"language=go,module={go_module}",
        "typescript": "language=typescript",
    }


def _seconds(cmd: list[str], cwd: Path, stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, input=stdin, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--files", type=int, default=0, help="a synthetic corpus of N files")
    args = parser.parse_args()
    rounds = args.rounds
    # Byte-compiled as a wheel install leaves it (PYTHONDONTWRITEBYTECODE would otherwise
    # have every run compile protobind's modules from source).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "codegen")], check=True)
    shutil.rmtree(WORK, ignore_errors=True)
    protos = WORK / "protos"
    if args.files:
        sys.path.insert(0, str(REPO))
        from bench.corpus import GO_MODULE, synthetic

        synthetic(args.files, protos)
        go_module = GO_MODULE
    else:
        shutil.copytree(CORPUS, protos)
        go_module = "github.com/acme/platform/gen/go"
    files = sorted(p.relative_to(protos).as_posix() for p in protos.rglob("*.proto"))
    protoc = [sys.executable, "-m", "grpc_tools.protoc", "-I."]
    descriptors = [*protoc, "--include_imports", "--include_source_info"]
    subprocess.run(
        [*descriptors, f"--descriptor_set_out={WORK / 'set.pb'}", *files], cwd=protos, check=True
    )
    fds = descriptor_pb2.FileDescriptorSet.FromString((WORK / "set.pb").read_bytes())
    cases: dict[str, tuple[list[str], Path, bytes | None]] = {
        "protoc alone": ([*descriptors, "--descriptor_set_out=/dev/null", *files], protos, None)
    }
    for language, options in _options(go_module).items():
        config = WORK / f"config-{language}"
        config.mkdir()
        keys = [o.split("=", 1) for o in options.split(",")]
        (config / "protobind.toml").write_text(
            '[protobind]\nproto_paths = ["../protos"]\n[[protobind.targets]]\n'
            f'out = "../generate/{language}"\n' + "".join(f'{k} = "{v}"\n' for k, v in keys)
        )
        request = plugin_pb2.CodeGeneratorRequest(
            file_to_generate=files, parameter=options, proto_file=fds.file
        )
        out = WORK / "plugin" / language
        out.mkdir(parents=True)
        plugin = str(BIN / "protoc-gen-protobind")
        cases[f"{language}: generate --no-cache"] = (
            [str(BIN / "protobind"), "generate", "--no-cache"],
            config,
            None,
        )
        cases[f"{language}: plugin on a request"] = ([plugin], WORK, request.SerializeToString())
        cases[f"{language}: protoc + plugin"] = (
            [
                *protoc,
                f"--plugin=protoc-gen-protobind={plugin}",
                f"--protobind_out={out}",
                f"--protobind_opt={options}",
                *files,
            ],
            protos,
            None,
        )
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (cmd, cwd, stdin) in cases.items():
            times[name].append(_seconds(cmd, cwd, stdin))
    for name, values in times.items():
        print(f"{name:36} {1000 * statistics.median(values):6.0f} ms")


if __name__ == "__main__":
    main()
