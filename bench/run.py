"""`make bench`: protobind against protoc and the peer generators, side by side.

    .venv/bin/python bench/run.py            # the full run: 10, 100, 1000 files + realistic
    .venv/bin/python bench/run.py --quick    # development: 10 and 100 files, 2 runs, no docs

The full run installs the pinned peers (build/bench/, see bench/peers.py), writes the
corpora (bench/corpus.py), measures every tool on every corpus (a warm-up run, then several
timed runs interleaved round-robin so that noise from other work on the machine is spread
over all tools), profiles protobind at 1000 files (bench/profile.py), measures the JSON
codecs against json_format and protojson (bench/codecs.py), prints a table and
writes docs/benchmarks.md and docs/benchmarks.png. Raw numbers: build/bench/results.json.

Each timed run is a fresh process tree started from here: wall time (perf_counter around
spawn + wait), CPU time (user + system of the tree, from wait4) and peak RSS (ru_maxrss of
wait4: the largest single process of the tree; a 0.2 s sampler also records the sum over
the tree and stops a run that passes --mem-limit-gb).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_mod
import peers

REPO = peers.REPO
BUILD = peers.BUILD
LANGS = ("python", "go", "typescript")
SHORT = {"python": "py", "go": "go", "typescript": "ts"}


# --------------------------------------------------------------------------- measuring

from spawner import Sample, Spawner  # noqa: E402

_SPAWNER: Spawner | None = None


def run_once(
    argv: Sequence[str | Path],
    cwd: Path,
    env: dict[str, str],
    log: Path,
    timeout: float,
    mem_limit_kb: int,
) -> Sample:
    """One measured run, started by the small spawner process (see bench/spawner.py)."""
    global _SPAWNER
    if _SPAWNER is None:
        _SPAWNER = Spawner()
    return _SPAWNER.run(argv, cwd, env, log, timeout, mem_limit_kb)


# --------------------------------------------------------------------------- tools


@dataclass
class Tool:
    key: str
    label: str
    group: str  # floor | protobind | peer | pipeline
    langs: str  # what it produces, e.g. "py", "py+go+ts"
    argv: list[str]
    out: Path | None  # cleared before every run when `clean`; counted after the warm-up
    clean: bool = True
    env: dict[str, str] | None = None
    expect_rc: int = 0
    check_output: Callable[[str], str | None] | None = None  # log text -> problem or None
    prime: list[str] | None = None  # run once, untimed, before the warm-up (fills `out`)


@dataclass
class Result:
    key: str
    label: str
    group: str
    langs: str
    status: str = "ok"  # ok | failed | stopped | skipped
    note: str = ""
    samples: list[Sample] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    problems: dict[str, int] = field(default_factory=dict)

    @property
    def walls(self) -> list[float]:
        return [s.wall for s in self.samples]

    def summary(self) -> dict[str, object]:
        d: dict[str, object] = {
            "key": self.key,
            "label": self.label,
            "group": self.group,
            "langs": self.langs,
            "status": self.status,
            "note": self.note,
            "runs": len(self.samples),
            "files": self.files,
            "bytes": self.bytes,
            "samples": [asdict(s) for s in self.samples],
        }
        if self.samples:
            d["median"] = statistics.median(self.walls)
            d["min"] = min(self.walls)
            d["max"] = max(self.walls)
            d["cpu_median"] = statistics.median(s.cpu for s in self.samples)
            d["rss_mb"] = max(s.rss_kb for s in self.samples) / 1024
            d["tree_rss_mb"] = max(s.tree_rss_kb for s in self.samples) / 1024
        return d


def _count(out: Path | None) -> tuple[int, int]:
    if out is None or not out.exists():
        return 0, 0
    if out.is_file():
        return 1, out.stat().st_size
    n = size = 0
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue  # protobind's manifest and lock
            n += 1
            size += os.path.getsize(os.path.join(root, name))
    return n, size


TRASH = BUILD / "trash"


def _reset(path: Path) -> None:
    """An empty `path` for the next run; what was there goes to the trash, emptied between
    corpora (`_empty_trash`), outside any timed run.

    Deleting the previous run's output just before a run charged the deletion to that run:
    this machine's file system (ext4 with online `discard`) made the next run's file
    creations wait on it, whichever tool came next. Creating the 3,041 files of a
    1000-file generate took 0.17 s after a deletion against 0.08 s after a rename aside
    (medians of 10 alternating rounds); syncing and waiting up to 2 s after the deletion
    did not help."""
    if path.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        aside = TRASH / f"{len(list(TRASH.iterdir()))}-{path.name}"
        try:
            path.rename(aside)
        except OSError:  # another file system: delete after all
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    path.mkdir(parents=True, exist_ok=True)
    # Commit the rename now, so its journal work lands before the timed run.
    os.sync()


def _empty_trash() -> None:
    if TRASH.exists():
        shutil.rmtree(TRASH, ignore_errors=True)
        os.sync()


def _tail(log: Path, lines: int = 3) -> str:
    try:
        text = log.read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:])[:400]


# --------------------------------------------------------------------------- corpora


@dataclass
class Corpus:
    name: str  # "10", "100", "1000", "realistic"
    dir: Path  # holds proto/ (the proto path), out/, logs/ and configs
    files: list[str]
    origin: str
    synthetic: bool
    messages: int = 0
    proto_bytes: int = 0
    go_opts: list[str] = field(default_factory=list)

    @property
    def proto(self) -> Path:
        return self.dir / "proto"

    @property
    def n(self) -> int:
        return len(self.files)


def _descriptors(c: Corpus) -> object | None:
    """Compile the corpus once (untimed): validates it and feeds the stats and Go options."""
    py = peers.project_python()
    out = c.dir / "descriptors.pb"
    r = subprocess.run(
        [
            str(py),
            "-m",
            "grpc_tools.protoc",
            "-I",
            "proto",
            "--include_imports",
            f"--descriptor_set_out={out}",
            *c.files,
        ],
        cwd=c.dir,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        print(f"bench: corpus {c.name} does not compile:\n{r.stderr[-2000:]}", file=sys.stderr)
        return None
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())
    return fds


def _go_package_name(dirname: str) -> str:
    parts = [p for p in dirname.split("/") if p] or ["root"]
    name = "".join(ch for ch in "".join(parts[-2:]).lower() if ch.isalnum())
    return name if name and not name[0].isdigit() else "pb" + name


def _prepare_corpus(c: Corpus) -> bool:
    fds = _descriptors(c)
    if fds is None:
        return False
    inputs = set(c.files)
    messages = 0

    def count(msgs: Sequence[object]) -> int:
        return sum(1 + count(m.nested_type) for m in msgs)  # type: ignore[attr-defined]

    for f in fds.file:  # type: ignore[attr-defined]
        if f.name not in inputs:
            continue
        messages += count(f.message_type)
        if not f.options.go_package:
            d = os.path.dirname(f.name)
            c.go_opts.append(
                f"--go_opt=M{f.name}={corpus_mod.GO_MODULE}/{d or 'root'};{_go_package_name(d)}"
            )
    c.messages = messages
    c.proto_bytes = sum((c.proto / f).stat().st_size for f in c.files)
    return True


def make_corpora(sizes: Sequence[int], realistic: bool, seed: int) -> list[Corpus]:
    out: list[Corpus] = []
    for n in sizes:
        d = BUILD / "corpus" / f"n{n}"
        files = corpus_mod.synthetic(n, d / "proto", seed)
        c = Corpus(str(n), d, files, f"synthetic (bench/corpus.py, seed {seed})", True)
        if not _prepare_corpus(c):
            raise SystemExit(f"bench: the synthetic {n}-file corpus does not compile (a bug)")
        out.append(c)
    if realistic:
        d = BUILD / "corpus" / "realistic"
        r = corpus_mod.realistic(d / "proto", seed)
        c = Corpus("realistic", d, r.files, r.origin, False)
        if not _prepare_corpus(c) and "synthetic" not in r.origin:
            print(
                "bench: falling back to schemas/ + synthetic for the realistic set", file=sys.stderr
            )
            r = corpus_mod.realistic(d / "proto", seed, use_tests=False)
            c = Corpus(
                "realistic",
                d,
                r.files,
                r.origin + "; tests/corpus/realistic/ did not compile",
                False,
            )
            if not _prepare_corpus(c):
                raise SystemExit("bench: the fallback realistic set does not compile (a bug)")
        out.append(c)
    return out


# --------------------------------------------------------------------------- protobind


SNAPSHOT = BUILD / "snapshot"


def make_snapshot() -> None:
    """Copy codegen/ and templates/ to build/bench/snapshot and measure that copy.

    Every run of one benchmark then uses the same protobind, even while people edit the
    working tree (which would also change protobind's cache key between runs). Same layout
    as the checkout, run as `python -m codegen` from the project interpreter.
    """
    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("codegen", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, SNAPSHOT / name, ignore=ignore)
    # Byte-compiled once, as installing protobind's wheel does. Run from source with
    # PYTHONDONTWRITEBYTECODE set (this machine sets it), every run compiled protobind's
    # modules afresh: 0.05 s per run, a fifth of the no-op check's budget.
    subprocess.run(
        [str(peers.project_python()), "-m", "compileall", "-q", str(SNAPSHOT / "codegen")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def protobind_cmd() -> list[str]:
    if (SNAPSHOT / "codegen").is_dir():
        return [str(peers.project_python()), "-m", "codegen"]
    exe = REPO / ".venv" / "bin" / "protobind"
    if exe.exists():
        return [str(exe)]
    return [str(peers.project_python()), "-m", "codegen"]


def protobind_env() -> dict[str, str]:
    """protobind's no-op cache goes under build/bench, not ~/.cache (see codegen/cache.py)."""
    env = {**os.environ, "PROTOBIND_CACHE_DIR": str(BUILD / "protobind-cache")}
    if (SNAPSHOT / "codegen").is_dir():
        env["PYTHONPATH"] = os.pathsep.join(
            [str(SNAPSHOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
    return env


def protobind_supports(command: str, flag: str) -> bool:
    r = subprocess.run(
        [*protobind_cmd(), command, "--help"],
        capture_output=True,
        text=True,
        env=protobind_env(),
        cwd=BUILD,
    )
    return flag in r.stdout


def existing_targets() -> list[str]:
    base = (SNAPSHOT if (SNAPSHOT / "codegen").is_dir() else REPO) / "codegen" / "targets"
    return [
        lang
        for lang in LANGS
        if (base / lang / "__init__.py").exists() or (base / f"{lang}.py").exists()
    ]


def write_config(c: Corpus, name: str, out: str, langs: Sequence[str]) -> Path:
    lines = [
        "# Written by bench/run.py for one benchmark run.",
        "[protobind]",
        'proto_paths = ["proto"]',
        "",
    ]
    for lang in langs:
        lines += ["[[protobind.targets]]", f'language = "{lang}"', f'out = "{out}/{lang}"']
        if lang == "python":
            lines.append('package = "bench_gen"')
        if lang == "go":
            lines.append(f'module = "{corpus_mod.GO_MODULE}"')
        lines.append("")
    path = c.dir / f"protobind-{name}.toml"
    path.write_text("\n".join(lines))
    return path


def probe_targets(c: Corpus, candidates: Sequence[str], timeout: float) -> tuple[list[str], str]:
    """Which of the existing targets generate this corpus; a note on those that do not."""
    if not candidates:
        return [], "no target exists yet in codegen/targets/"
    env = protobind_env()

    def works(langs: Sequence[str]) -> tuple[bool, str]:
        cfg = write_config(c, "probe", "out/probe", langs)
        _reset(c.dir / "out" / "probe")
        log = c.dir / "logs" / f"probe-{'-'.join(langs)}.log"
        s = run_once(
            [*protobind_cmd(), "generate", "--config", cfg.name],
            c.dir,
            env,
            log,
            timeout,
            8 * 1024 * 1024,
        )
        return s.rc == 0 and not s.stopped, _tail(log, 2)

    ok, _ = works(candidates)
    if ok:
        shutil.rmtree(c.dir / "out" / "probe", ignore_errors=True)
        return list(candidates), ""
    good: list[str] = []
    notes: list[str] = []
    for lang in candidates:
        ok, why = works([lang])
        if ok:
            good.append(lang)
        else:
            notes.append(f"{lang} target fails on this corpus: {why}")
    if len(good) > 1 and not works(good)[0]:
        good = good[:1]
        notes.append("the working targets fail together; measured the first alone")
    shutil.rmtree(c.dir / "out" / "probe", ignore_errors=True)
    return good, "; ".join(notes)


# --------------------------------------------------------------------------- the tool list


def tools_for(c: Corpus, setup: peers.Setup, langs: Sequence[str]) -> list[Tool]:
    py = str(peers.project_python())
    protoc = [py, "-m", "grpc_tools.protoc", "-I", "proto"]
    out = c.dir / "out"
    env = peers.peer_env()
    t: list[Tool] = [
        Tool(
            "protoc",
            "protoc: descriptor set + source info (floor)",
            "floor",
            "-",
            [
                *protoc,
                "--include_imports",
                "--include_source_info",
                "--descriptor_set_out=out/protoc/set.pb",
                *c.files,
            ],
            out / "protoc",
        ),
    ]
    if langs:
        tag = "+".join(SHORT[x] for x in langs)
        cold = write_config(c, "cold", "out/protobind-cold", langs)
        warm = write_config(c, "warm", "out/protobind-warm", langs)
        pb = protobind_cmd()
        pb_env = protobind_env()
        warm_generate = [*pb, "generate", "--config", warm.name]

        def up_to_date(log: str) -> str | None:
            if "up to date" not in log:
                return "the no-change generate rewrote files"
            if "targets, all up to date" in log:
                # The full pipeline ran: protobind's cache key (which hashes codegen/ and
                # templates/) changed, e.g. someone edited protobind during the run.
                return "cache missed, full pipeline ran"
            return None

        t += [
            Tool(
                "protobind-generate",
                f"protobind generate, cold [{tag}]",
                "protobind",
                tag,
                [*pb, "generate", "--config", cold.name],
                out / "protobind-cold",
                env=pb_env,
            ),
            Tool(
                "protobind-noop",
                f"protobind generate, no change, cache hit [{tag}]",
                "protobind",
                tag,
                [*pb, "generate", "--config", warm.name],
                out / "protobind-warm",
                clean=False,
                env=pb_env,
                check_output=up_to_date,
                prime=warm_generate,
            ),
            Tool(
                "protobind-check",
                f"protobind check, no change, cache hit [{tag}]",
                "protobind",
                tag,
                [*pb, "check", "--config", warm.name],
                out / "protobind-warm",
                clean=False,
                env=pb_env,
                prime=warm_generate,
            ),
        ]
        if protobind_supports("check", "--no-cache"):
            t.append(
                Tool(
                    "protobind-check-nocache",
                    f"protobind check --no-cache, no change [{tag}]",
                    "protobind",
                    tag,
                    [*pb, "check", "--no-cache", "--config", warm.name],
                    out / "protobind-warm",
                    clean=False,
                    env=pb_env,
                    prime=warm_generate,
                )
            )
    if setup.python_peers:
        t += [
            Tool(
                "python-pyi",
                "protoc --python_out --pyi_out",
                "peer",
                "py",
                [*protoc, "--python_out=out/python-pyi", "--pyi_out=out/python-pyi", *c.files],
                out / "python-pyi",
            ),
            Tool(
                "mypy-protobuf",
                "protoc --python_out + mypy-protobuf",
                "peer",
                "py",
                [
                    *protoc,
                    f"--plugin=protoc-gen-mypy={peers.plugin('mypy')}",
                    "--python_out=out/mypy-protobuf",
                    "--mypy_out=out/mypy-protobuf",
                    *c.files,
                ],
                out / "mypy-protobuf",
                env=env,
            ),
            Tool(
                "betterproto2",
                "betterproto2-compiler",
                "peer",
                "py",
                [
                    *protoc,
                    f"--plugin=protoc-gen-python_betterproto2={peers.plugin('python_betterproto2')}",
                    "--python_betterproto2_out=out/betterproto2",
                    *c.files,
                ],
                out / "betterproto2",
                env=env,
            ),
        ]
    if setup.npm_peers:
        ts_proto = f"--plugin=protoc-gen-ts_proto={peers.plugin('ts_proto')}"
        es = f"--plugin=protoc-gen-es={peers.plugin('es')}"
        t += [
            Tool(
                "ts-proto",
                "ts-proto (default: codecs + JSON + clients)",
                "peer",
                "ts",
                [*protoc, ts_proto, "--ts_proto_out=out/ts-proto", *c.files],
                out / "ts-proto",
                env=env,
            ),
            Tool(
                "ts-proto-types",
                "ts-proto onlyTypes=true",
                "peer",
                "ts",
                [
                    *protoc,
                    ts_proto,
                    "--ts_proto_out=out/ts-proto-types",
                    "--ts_proto_opt=onlyTypes=true",
                    *c.files,
                ],
                out / "ts-proto-types",
                env=env,
            ),
            Tool(
                "protoc-gen-es",
                "protoc-gen-es v2 (target=ts)",
                "peer",
                "ts",
                [*protoc, es, "--es_out=out/protoc-gen-es", "--es_opt=target=ts", *c.files],
                out / "protoc-gen-es",
                env=env,
            ),
        ]
    if setup.go_peer:
        go = f"--plugin=protoc-gen-go={peers.plugin('go')}"
        t.append(
            Tool(
                "protoc-gen-go",
                "protoc-gen-go",
                "peer",
                "go",
                [
                    *protoc,
                    go,
                    "--go_out=out/protoc-gen-go",
                    "--go_opt=paths=source_relative",
                    *c.go_opts,
                    *c.files,
                ],
                out / "protoc-gen-go",
                env=env,
            )
        )
    if setup.python_peers and setup.npm_peers and setup.go_peer:
        go = f"--plugin=protoc-gen-go={peers.plugin('go')}"
        base3 = [
            *protoc,
            "--python_out={o}",
            "--pyi_out={o}",
            go,
            "--go_out={o}",
            "--go_opt=paths=source_relative",
            *c.go_opts,
        ]
        t += [
            Tool(
                "trio-es",
                "3 languages: python+pyi, go, es (one protoc)",
                "pipeline",
                "py+go+ts",
                [a.format(o="out/trio-es") for a in base3]
                + [
                    f"--plugin=protoc-gen-es={peers.plugin('es')}",
                    "--es_out=out/trio-es",
                    "--es_opt=target=ts",
                    *c.files,
                ],
                out / "trio-es",
                env=env,
            ),
            Tool(
                "trio-ts-proto",
                "3 languages: python+pyi, go, ts-proto types (one protoc)",
                "pipeline",
                "py+go+ts",
                [a.format(o="out/trio-ts-proto") for a in base3]
                + [
                    f"--plugin=protoc-gen-ts_proto={peers.plugin('ts_proto')}",
                    "--ts_proto_out=out/trio-ts-proto",
                    "--ts_proto_opt=onlyTypes=true",
                    *c.files,
                ],
                out / "trio-ts-proto",
                env=env,
            ),
        ]
    return t


# --------------------------------------------------------------------------- one corpus


def measure_corpus(
    c: Corpus, tools: list[Tool], args: argparse.Namespace, slow_runs: int
) -> list[Result]:
    results = {tool.key: Result(tool.key, tool.label, tool.group, tool.langs) for tool in tools}
    mem_kb = int(args.mem_limit_gb * 1024 * 1024)
    wanted: dict[str, int] = {}
    base_env = dict(os.environ)

    def once(tool: Tool, i: int | str) -> Sample:
        if tool.out is not None and tool.clean:
            _reset(tool.out)
        log = c.dir / "logs" / f"{tool.key}-{i}.log"
        s = run_once(tool.argv, c.dir, tool.env or base_env, log, args.timeout, mem_kb)
        r = results[tool.key]
        if s.stopped:
            r.status, r.note = "stopped", f"{s.stopped} (after {s.wall:.1f} s)"
        elif s.rc != tool.expect_rc:
            r.status = "failed"
            r.note = f"exit {s.rc}: {_tail(log)}"
        elif tool.check_output and i != "warmup":
            problem = tool.check_output(log.read_text("utf-8", "replace"))
            if problem:
                r.problems[problem] = r.problems.get(problem, 0) + 1
                r.note = "; ".join(f"{p} in {k} of the timed runs" for p, k in r.problems.items())
        return s

    # Warm-up (also the sanity check): every tool once, outputs counted.
    for d in ("protobind-warm",):
        shutil.rmtree(c.dir / "out" / d, ignore_errors=True)
    primed: set[tuple[str, ...]] = set()
    for tool in tools:
        if tool.prime and tuple(tool.prime) not in primed:
            primed.add(tuple(tool.prime))
            run_once(
                tool.prime,
                c.dir,
                tool.env or base_env,
                c.dir / "logs" / f"{tool.key}-prime.log",
                args.timeout,
                mem_kb,
            )
    for tool in tools:
        print(f"  warm-up  {tool.label:<58}", end="", file=sys.stderr, flush=True)
        s = once(tool, "warmup")
        r = results[tool.key]
        if r.status == "ok":
            r.files, r.bytes = _count(tool.out)
            if tool.out is not None and r.files == 0:
                r.status, r.note = "failed", "produced no files"
        if r.status != "ok":
            if r.status == "stopped":
                r.samples.append(s)  # a lower bound, shown as such
            print(f"{r.status}: {r.note}", file=sys.stderr)
            continue
        print(f"{s.wall:7.2f} s  {r.files} files", file=sys.stderr)
        if s.wall > args.single_run_after:
            r.samples.append(s)  # too slow to repeat: the warm-up is the one sample
            wanted[tool.key] = 1
        elif s.wall > args.slow_after:
            wanted[tool.key] = slow_runs
        else:
            wanted[tool.key] = args.runs
    # Timed runs, round-robin so that background load hits every tool alike.
    rounds = max(wanted.values(), default=0)
    for i in range(rounds):
        print(f"  round {i + 1}/{rounds}", file=sys.stderr, flush=True)
        for tool in tools:
            r = results[tool.key]
            if r.status != "ok" or len(r.samples) >= wanted.get(tool.key, 0):
                continue
            s = once(tool, i)
            if r.status == "ok":
                r.samples.append(s)
    _empty_trash()
    return [results[t.key] for t in tools]


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, object]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    osname = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory": mem,
        "os": f"{osname}, Linux {platform.release()}",
    }


def git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "codegen", "templates"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "?"
    return head + (" (codegen/templates modified)" if dirty else "")


# --------------------------------------------------------------------------- main


def _table(corpora: list[dict[str, object]]) -> str:
    lines = []
    for c in corpora:
        lines.append(f"\n== {c['label']} ==")
        lines.append(
            f"{'tool':<60} {'median':>8} {'min':>8} {'cpu':>7} {'xfloor':>6} {'RSS MB':>7} "
            f"{'files':>6} {'KB':>7}  runs"
        )
        floor = next((r for r in c["results"] if r["key"] == "protoc"), None)  # type: ignore[union-attr]
        fm = floor.get("median") if floor else None
        for r in c["results"]:  # type: ignore[union-attr]
            if r["status"] not in ("ok",) and "median" not in r:
                lines.append(f"{r['label']:<60} {r['status']}: {str(r['note'])[:120]}")
                continue
            prefix = ">" if r["status"] == "stopped" else ""
            ratio = f"{r['median'] / fm:6.1f}" if fm else "     -"
            lines.append(
                f"{r['label']:<60} {prefix + format(r['median'], '.3f'):>8} {r['min']:8.3f} "
                f"{r['cpu_median']:7.2f} {ratio} {r['tree_rss_mb']:7.0f} {r['files']:6d} "
                f"{r['bytes'] / 1024:7.0f}  {r['runs']}" + (f"  [{r['note']}]" if r["note"] else "")
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="development run: sizes 10,100 + realistic, 2 runs, no profile, "
        "report under build/bench/ unless --docs",
    )
    p.add_argument("--sizes", help="comma-separated corpus sizes (default 10,100,1000)")
    p.add_argument("--no-realistic", action="store_true", help="skip the realistic set")
    p.add_argument("--runs", type=int, help="timed runs per tool (default 5; quick: 2)")
    p.add_argument(
        "--slow-runs", type=int, default=3, help="runs for tools slower than --slow-after"
    )
    p.add_argument(
        "--slow-after", type=float, default=8.0, help="seconds (warm-up) that make a tool slow"
    )
    p.add_argument(
        "--single-run-after",
        type=float,
        default=40.0,
        help="seconds (warm-up) after which the warm-up is the only sample",
    )
    p.add_argument("--only", help="comma-separated tool keys to measure (protoc always runs)")
    p.add_argument("--timeout", type=float, default=900.0, help="stop one run after this long")
    p.add_argument(
        "--mem-limit-gb",
        type=float,
        default=6.0,
        help="stop one run whose process tree passes this RSS (protects the machine)",
    )
    p.add_argument("--no-install", action="store_true", help="use the peers already in build/bench")
    p.add_argument(
        "--live",
        action="store_true",
        help="run protobind from the working tree instead of a snapshot of it",
    )
    p.add_argument("--no-profile", action="store_true", help="skip bench/profile.py")
    p.add_argument("--no-codecs", action="store_true", help="skip bench/codecs.py")
    p.add_argument(
        "--no-governance", action="store_true", help="skip bench/governance.py (lint, breaking)"
    )
    p.add_argument(
        "--docs",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write docs/benchmarks.md and docs/benchmarks.png (default: unless --quick)",
    )
    p.add_argument("--seed", type=int, default=corpus_mod.DEFAULT_SEED)
    args = p.parse_args(argv)

    sizes = [int(s) for s in (args.sizes or ("10,100" if args.quick else "10,100,1000")).split(",")]
    args.runs = args.runs or (2 if args.quick else 5)
    slow_runs = min(args.slow_runs, args.runs)
    docs = args.docs if args.docs is not None else not args.quick
    profile = not args.no_profile and not args.quick and max(sizes) >= 1000
    codecs = not args.no_codecs and not args.quick
    governance = not args.no_governance and not args.quick
    only = set(args.only.split(",")) | {"protoc"} if args.only else None

    BUILD.mkdir(parents=True, exist_ok=True)
    print("bench: installing the pinned peers (skipped when up to date)", file=sys.stderr)
    setup = peers.ensure_all(skip=args.no_install)
    started = time.time()
    load_before = os.getloadavg()
    commit = git_commit()
    if args.live:
        shutil.rmtree(SNAPSHOT, ignore_errors=True)
    else:
        make_snapshot()
    meta: dict[str, object] = {
        "machine": machine(),
        "versions": peers.versions(),
        "commit": commit,
        "snapshot": not args.live,
        "quick": args.quick,
        "runs": args.runs,
        "slow_runs": slow_runs,
        "slow_after": args.slow_after,
        "single_run_after": args.single_run_after,
        "mem_limit_gb": args.mem_limit_gb,
        "sizes": sizes,
        "missing": setup.missing,
        "targets_existing": existing_targets(),
        "command": "make bench"
        if not args.quick
        else "make setup && .venv/bin/python bench/run.py --quick",
        "argv": list(argv) if argv is not None else sys.argv[1:],
    }
    _empty_trash()  # left by an interrupted run
    print("bench: writing the corpora", file=sys.stderr)
    corpora = make_corpora(sizes, not args.no_realistic, args.seed)
    existing = existing_targets()
    print(f"bench: protobind targets present: {', '.join(existing) or 'none'}", file=sys.stderr)
    out_corpora: list[dict[str, object]] = []
    for c in corpora:
        label = f"{c.n} files (synthetic)" if c.synthetic else f"realistic set: {c.n} files"
        print(
            f"bench: {label}: {c.messages} messages, {c.proto_bytes / 1024:.0f} KB of .proto",
            file=sys.stderr,
        )
        langs, probe_note = probe_targets(c, existing, args.timeout)
        if probe_note:
            print(f"bench:   {probe_note}", file=sys.stderr)
        tools = tools_for(c, setup, langs)
        if only is not None:
            tools = [t for t in tools if t.key in only]
        results = measure_corpus(c, tools, args, slow_runs)
        out_corpora.append(
            {
                "name": c.name,
                "label": label,
                "files": c.n,
                "synthetic": c.synthetic,
                "origin": c.origin,
                "messages": c.messages,
                "proto_bytes": c.proto_bytes,
                "targets": langs,
                "targets_note": probe_note,
                "results": [r.summary() for r in results],
            }
        )
        # Partial results survive an interrupted run.
        _dump(meta, out_corpora)
    meta["elapsed_s"] = time.time() - started
    meta["load_before"] = load_before
    meta["load_after"] = os.getloadavg()
    results_path = _dump(meta, out_corpora)
    print(_table(out_corpora))

    if profile:
        print(
            "bench: profiling protobind generate at 1000 files (bench/profile.py)", file=sys.stderr
        )
        r = subprocess.run(
            [
                str(peers.project_python()),
                str(Path(__file__).parent / "profile.py"),
                "--files",
                "1000",
                "--json",
                str(BUILD / "profile.json"),
                "--keep-snapshot",
            ],
            cwd=REPO,
        )
        if r.returncode != 0:
            print("bench: the profile failed (see above)", file=sys.stderr)

    if codecs:
        print("bench: the JSON codecs (bench/codecs.py)", file=sys.stderr)
        r = subprocess.run(
            [str(peers.project_python()), str(Path(__file__).parent / "codecs.py")], cwd=REPO
        )
        if r.returncode != 0:
            print("bench: the codec benchmark failed (see above)", file=sys.stderr)

    if governance:
        print("bench: lint and breaking against buf (bench/governance.py)", file=sys.stderr)
        r = subprocess.run(
            [str(peers.project_python()), str(Path(__file__).parent / "governance.py")], cwd=REPO
        )
        if r.returncode != 0:
            print("bench: the lint/breaking benchmark failed (see above)", file=sys.stderr)

    import report

    md = (REPO / "docs" / "benchmarks.md") if docs else (BUILD / "benchmarks.md")
    png = md.with_suffix(".png")
    plotted = _plot(results_path, png)
    report.write(
        results_path,
        md,
        png if plotted else None,
        BUILD / "profile.json" if profile or docs else None,
    )
    print(
        f"bench: wrote {md.relative_to(REPO)}"
        + (f" and {png.relative_to(REPO)}" if plotted else ""),
        file=sys.stderr,
    )
    return 0


def _dump(meta: dict[str, object], corpora: list[dict[str, object]]) -> Path:
    path = BUILD / "results.json"
    path.write_text(json.dumps({"meta": meta, "corpora": corpora}, indent=1) + "\n")
    return path


def _plot(results: Path, png: Path) -> bool:
    py = peers.VENV / "bin" / "python"
    if not py.exists():
        print("bench: no build/bench/venv, so no plot", file=sys.stderr)
        return False
    r = subprocess.run([str(py), str(Path(__file__).parent / "plot.py"), str(results), str(png)])
    return r.returncode == 0


if __name__ == "__main__":
    sys.exit(main())
