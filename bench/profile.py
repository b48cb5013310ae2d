"""Where protobind's time goes: phases, imports and hot functions of `protobind generate`.

    .venv/bin/python bench/profile.py                 # 1000 synthetic files (the budget size)
    .venv/bin/python bench/profile.py --files 100     # any synthetic size
    .venv/bin/python bench/profile.py --json build/bench/profile.json

Every measurement runs in a fresh interpreter (as the real command does):
1. start-up: `python -c pass` vs importing what `protobind generate` imports, and the
   heaviest modules by `-X importtime` (cumulative);
2. phases of a cold `generate` (empty output folder) and of a no-change `check` on the
   realistic set: import, discover, protoc (in-process), descriptor parse, model build,
   each target (template compilation counted apart), compare with disk, write; the peak
   RSS after each phase;
3. pyinstrument (installed into build/bench/pylib; cProfile when it cannot be) over the
   same cold generate: the full call tree in build/bench/profile.txt and the top
   functions by own time.

The phase timings wrap protobind's functions from outside (monkeypatching in the child
process); protobind itself is not modified.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import peers  # noqa: E402

REPO = peers.REPO
BUILD = peers.BUILD


# --------------------------------------------------------------------------- children


def _child_phases(config: str, command: str, out: str) -> None:
    """Run one protobind command in this process with every phase timed; write JSON.

    argv after the command (e.g. --no-cache) comes from PROFILE_EXTRA_ARGS. Modules are
    imported up front only when the command would import them anyway, so the no-op path's
    lazy imports stay lazy (their cost then shows in "other").
    """
    import importlib
    import resource

    t_start = time.perf_counter()
    extra = os.environ.get("PROFILE_EXTRA_ARGS", "").split()
    full = "--no-cache" in extra or os.environ.get("PROFILE_FULL_PIPELINE") == "1"
    phases: dict[str, float] = {}
    rss: dict[str, float] = {}
    order: list[str] = []

    def mark(name: str, dt: float) -> None:
        if name not in phases:
            order.append(name)
            phases[name] = 0.0
        phases[name] += dt
        rss[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            if name not in phases:  # listed when it starts, so a parent precedes its parts
                order.append(name)
                phases[name] = 0.0
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                mark(name, time.perf_counter() - t)

        return wrapper

    def patch(module: str, attr: str, name: str) -> None:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            return
        if hasattr(mod, attr):
            setattr(mod, attr, timed(name, getattr(mod, attr)))

    modules = ["codegen.cli", f"codegen.commands.{command}", "codegen.config", "codegen.cache"]
    if full:
        modules += ["codegen.pipeline", "codegen.compile", "codegen.output", "codegen.model"]
    t = time.perf_counter()
    for m in modules:
        with contextlib.suppress(ImportError):
            importlib.import_module(m)
    mark(
        "import " + ", ".join(m.removeprefix("codegen.") for m in modules) + " (and their deps)",
        time.perf_counter() - t,
    )

    patch("codegen.config", "load_config", "load config")
    patch("codegen.cache", "key", "cache key (hash code, templates, config, protos)")
    patch("codegen.cache", "lookup", "cache lookup")
    patch("codegen.cache", "disk_matches", "cache: compare output hashes with disk")
    patch("codegen.cache", "store", "cache store")
    for mod in ("codegen.commands.generate", "codegen.commands.check"):
        if mod in sys.modules:
            for attr in ("load_config",):
                if hasattr(sys.modules[mod], attr):
                    setattr(sys.modules[mod], attr, sys.modules["codegen.config"].load_config)
    compiles: dict[str, int] = {}
    if full:
        templates = {"n": 0, "t": 0.0}
        try:
            import jinja2

            orig_compile = jinja2.Environment.compile

            def counting_compile(self, *a, **k):  # type: ignore[no-untyped-def]
                t = time.perf_counter()
                try:
                    return orig_compile(self, *a, **k)
                finally:
                    templates["n"] += 1
                    templates["t"] += time.perf_counter() - t

            jinja2.Environment.compile = counting_compile  # type: ignore[method-assign]
        except ImportError:
            pass
        pl = sys.modules["codegen.pipeline"]
        # In the default (forked) mode each target is a part of "render all targets".
        sub = "  " if os.environ.get("PROTOBIND_JOBS") != "1" else ""
        patch("codegen.pipeline", "discover", "discover .proto files")
        patch("codegen.compile", "_run_protoc", "  of which protoc (in-process, grpc_tools)")
        patch("codegen.pipeline", "compile_protos", "compile: protoc + descriptor parse")
        patch("codegen.pipeline", "build_schema", "model build")
        if os.environ.get("PROTOBIND_JOBS") != "1":
            patch(
                "codegen.pipeline",
                "_render_all",
                "render all targets (this process and a forked child, one shard each)",
            )
        orig_get_target = pl.get_target

        class _Timed:
            def __init__(self, target, lang):  # type: ignore[no-untyped-def]
                self._t, self._lang = target, lang
                self.language = lang
                # Without it the pipeline would not shard the target (and the profile
                # would time a render that users never run).
                self.shardable = getattr(target, "shardable", False)

            def generate(self, request):  # type: ignore[no-untyped-def]
                n0, t0 = templates["n"], templates["t"]
                t = time.perf_counter()
                files = self._t.generate(request)
                shard = request.shard
                part = f", shard {shard.index + 1} of {shard.count}" if shard.count > 1 else ""
                mark(
                    f"{sub}render {self._lang} ({len(files)} files{part})",
                    time.perf_counter() - t,
                )
                tn, tt = templates["n"] - n0, templates["t"] - t0
                if tn:
                    mark(f"{sub}  of which jinja2 template compilation ({self._lang})", tt)
                    compiles[self._lang] = compiles.get(self._lang, 0) + tn
                return files

        def get_target(lang):  # type: ignore[no-untyped-def]
            fresh = f"codegen.targets.{lang}" not in sys.modules
            t = time.perf_counter()
            target = orig_get_target(lang)
            if fresh:
                mark(f"{sub}import target {lang}", time.perf_counter() - t)
            return _Timed(target, lang)

        pl.get_target = get_target
        patch("codegen.output", "compare", "compare with disk (read existing files)")
        patch("codegen.output", "apply", "write files (stage + rename + manifest)")

    saved, err_saved = os.dup(1), os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    import codegen.cli

    t = time.perf_counter()
    try:
        code = codegen.cli.main([command, *extra, "--config", config])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved, 1)
        os.dup2(err_saved, 2)
    command_s = time.perf_counter() - t
    total = time.perf_counter() - t_start
    top_level = sum(phases[n] for n in order if not n.startswith(" "))
    # Indented phases are parts of the one above them (protoc inside compile, targets inside
    # the forked render), so only the others add up.
    order.append("other (argument parsing, lazy imports, glue)")
    phases[order[-1]] = max(0.0, total - top_level)
    rss[order[-1]] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    body = {
        "exit": code,
        "total_in_process": total,
        "command": command_s,
        "argv": [command, *extra],
        "jobs": os.environ.get("PROTOBIND_JOBS", "default"),
        "phases": [{"name": n, "seconds": phases[n], "rss_mb": rss.get(n)} for n in order],
        "template_compiles": compiles,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    Path(out).write_text(json.dumps(body))


def _child_profile(config: str, out_txt: str, out_json: str) -> None:
    """pyinstrument (or cProfile) over imports + a whole `generate`; writes text + JSON."""
    sys.path.append(str(peers.PYLIB))
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None  # type: ignore[assignment,misc]
    top: list[dict[str, object]] = []
    if Profiler is not None:
        profiler = Profiler(interval=0.001)
        profiler.start()
        import codegen.cli

        err = os.dup(2)
        os.dup2(devnull, 2)
        try:
            codegen.cli.main(["generate", "--config", config])
        finally:
            os.dup2(err, 2)
        profiler.stop()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        Path(out_txt).write_text(text)
        session = profiler.last_session
        root = session.root_frame() if session else None
        own: dict[tuple[str, str], float] = {}

        by_file: dict[str, float] = {}

        def walk(frame) -> None:  # type: ignore[no-untyped-def]
            if not frame.is_synthetic:
                key = (str(frame.function), f"{frame.file_path_short}:{frame.line_no}")
                own[key] = own.get(key, 0.0) + float(frame.total_self_time)
                f = str(frame.file_path_short)
                by_file[f] = by_file.get(f, 0.0) + float(frame.total_self_time)
            for child in frame.children:
                walk(child)

        if root is not None:
            walk(root)
            total = float(root.time)
            for (fn, where), s in sorted(own.items(), key=lambda kv: -kv[1])[:25]:
                top.append({"function": fn, "where": where, "self_s": s, "share": s / total})
            files = [
                {"file": f, "self_s": s, "share": s / total}
                for f, s in sorted(by_file.items(), key=lambda kv: -kv[1])[:15]
            ]
            Path(out_json).write_text(
                json.dumps({"tool": "pyinstrument", "top": top, "files": files, "total_s": total})
            )
            return
        tool = "pyinstrument"
    else:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        import codegen.cli

        err = os.dup(2)
        os.dup2(devnull, 2)
        try:
            codegen.cli.main(["generate", "--config", config])
        finally:
            os.dup2(err, 2)
        prof.disable()
        with open(out_txt, "w") as f:
            pstats.Stats(prof, stream=f).sort_stats("cumulative").print_stats(60)
        st = pstats.Stats(prof)
        total = sum(v[2] for v in st.stats.values())  # type: ignore[attr-defined]
        rows = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:25]  # type: ignore[attr-defined]
        for (file, line, fn), v in rows:
            top.append(
                {"function": fn, "where": f"{file}:{line}", "self_s": v[2], "share": v[2] / total}
            )
        tool = "cProfile"
    Path(out_json).write_text(json.dumps({"tool": tool, "top": top}))


# --------------------------------------------------------------------------- driver


def _py() -> str:
    return str(peers.project_python())


def _env(**extra: str) -> dict[str, str]:
    """protobind's environment in bench/run.py (the snapshot on PYTHONPATH), own cache dir."""
    import run as run_mod

    env = run_mod.protobind_env()
    env["PROTOBIND_CACHE_DIR"] = str(BUILD / "protobind-cache-profile")
    env.update(extra)
    return env


_SPAWNER = None


def _spawn(argv: list[str], cwd: Path, env: dict[str, str], tag: str) -> str:
    """Run `argv` from bench/spawner.py's small process (so ru_maxrss is not inflated by
    this driver's own size, see spawner.py); return its output; fail loudly on exit != 0."""
    global _SPAWNER
    from spawner import Spawner

    if _SPAWNER is None:
        _SPAWNER = Spawner()
    log = BUILD / "profile-logs" / f"{tag}.log"
    s = _SPAWNER.run(argv, cwd, env, log, 1800.0, 16 * 1024 * 1024)
    text = log.read_text("utf-8", "replace")
    if s.rc != 0:
        raise SystemExit(f"profile: {' '.join(argv)} failed (exit {s.rc}):\n{text[-3000:]}")
    return text


def _median_wall(argv: list[str], runs: int = 5) -> float:
    from spawner import Spawner

    global _SPAWNER
    if _SPAWNER is None:
        _SPAWNER = Spawner()
    walls = []
    for i in range(runs):
        log = BUILD / "profile-logs" / f"wall-{i}.log"
        walls.append(_SPAWNER.run(argv, BUILD, _env(), log, 600.0, 16 * 1024 * 1024).wall)
    return statistics.median(walls)


def startup(langs: list[str]) -> dict[str, object]:
    imports = ["codegen.cli", "codegen.commands.generate", "codegen.pipeline", "codegen.compile"]
    imports += [f"codegen.targets.{lang}" for lang in langs]
    stmt = "; ".join(f"import {m}" for m in imports)
    bare = _median_wall([_py(), "-c", "pass"])
    full = _median_wall([_py(), "-c", stmt])
    version = _median_wall([*_protobind(), "--version"])
    text = _spawn([_py(), "-X", "importtime", "-c", stmt], BUILD, _env(), "importtime")
    rows = []
    for line in text.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2][1:].rstrip()
        rows.append(
            {
                "module": name.strip(),
                "self_ms": int(parts[0].split(":")[1]) / 1000,
                "cumulative_ms": int(parts[1]) / 1000,
                "depth": (len(name) - len(name.lstrip())) // 2,
            }
        )
    top = sorted(rows, key=lambda d: -float(d["cumulative_ms"]))  # type: ignore[arg-type]
    shallow = [d for d in top if int(d["depth"]) <= 1][:15]  # type: ignore[call-overload]
    return {
        "python_bare_s": bare,
        "python_with_imports_s": full,
        "imports_s": full - bare,
        "protobind_version_s": version,
        "imports": imports,
        "heaviest_imports": shallow,
    }


def _protobind() -> list[str]:
    import run as run_mod

    return run_mod.protobind_cmd()


def _phases(
    config: Path,
    command: str,
    cwd: Path,
    tag: str,
    extra: str = "",
    jobs: str | None = None,
    full: bool = False,
) -> dict[str, object]:
    out = BUILD / f"phases-{tag}.json"
    env = _env(PROFILE_EXTRA_ARGS=extra, PROFILE_FULL_PIPELINE="1" if full else "0")
    if jobs is not None:
        env["PROTOBIND_JOBS"] = jobs
    _spawn(
        [_py(), str(Path(__file__)), "--child-phases", config.name, command, str(out)],
        cwd,
        env,
        f"phases-{tag}",
    )
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--files", type=int, default=1000, help="synthetic corpus size (default 1000)")
    p.add_argument(
        "--json", type=Path, default=BUILD / "profile.json", help="where to write the findings"
    )
    p.add_argument(
        "--keep-snapshot",
        action="store_true",
        help="profile the snapshot bench/run.py took instead of taking a new one",
    )
    p.add_argument(
        "--child-phases", nargs=3, metavar=("CONFIG", "COMMAND", "OUT"), help=argparse.SUPPRESS
    )
    p.add_argument(
        "--child-profile", nargs=3, metavar=("CONFIG", "TXT", "JSON"), help=argparse.SUPPRESS
    )
    a = p.parse_args(argv)
    if a.child_phases:
        _child_phases(*a.child_phases)
        return 0
    if a.child_profile:
        _child_profile(*a.child_profile)
        return 0

    import corpus as corpus_mod
    import run as run_mod

    BUILD.mkdir(parents=True, exist_ok=True)
    if not a.keep_snapshot:
        run_mod.make_snapshot()
    have_pyinstrument = peers.ensure_pyinstrument()
    c = run_mod.make_corpora([a.files], realistic=True, seed=corpus_mod.DEFAULT_SEED)
    big, real = c[0], c[1]
    langs, note = run_mod.probe_targets(big, run_mod.existing_targets(), 900)
    if not langs:
        print(f"profile: no protobind target works on the corpus ({note})", file=sys.stderr)
        return 1
    findings: dict[str, object] = {"files": big.n, "targets": langs, "targets_note": note}

    print(f"profile: start-up (targets {', '.join(langs)})", file=sys.stderr)
    findings["startup"] = startup(langs)

    cfg = run_mod.write_config(big, "profile", "out/profile", langs)
    shutil.rmtree(big.dir / "out" / "profile", ignore_errors=True)
    shutil.rmtree(BUILD / "protobind-cache-profile", ignore_errors=True)
    print(f"profile: phases of a cold generate at {big.n} files (as users run it)", file=sys.stderr)
    findings["generate"] = _phases(cfg, "generate", big.dir, "generate", full=True)
    print(f"profile: phases of a no-change generate at {big.n} files (cache hit)", file=sys.stderr)
    findings["noop"] = _phases(cfg, "generate", big.dir, "noop")
    print(
        f"profile: phases of a cold generate at {big.n} files, one process (PROTOBIND_JOBS=1)",
        file=sys.stderr,
    )
    shutil.rmtree(big.dir / "out" / "profile", ignore_errors=True)
    findings["generate_serial"] = _phases(
        cfg, "generate", big.dir, "generate-serial", jobs="1", full=True
    )

    rlangs, _ = run_mod.probe_targets(real, run_mod.existing_targets(), 900)
    if rlangs:
        rcfg = run_mod.write_config(real, "profile", "out/profile", rlangs)
        subprocess.run(
            [*_protobind(), "generate", "--config", rcfg.name],
            cwd=real.dir,
            capture_output=True,
            check=False,
            env=_env(),
        )
        print(
            f"profile: phases of a no-change check on the realistic set ({real.n} files)",
            file=sys.stderr,
        )
        findings["check_realistic"] = {**_phases(rcfg, "check", real.dir, "check"), "files": real.n}
        findings["check_realistic_nocache"] = {
            **_phases(rcfg, "check", real.dir, "check-nocache", extra="--no-cache", full=True),
            "files": real.n,
        }

    shutil.rmtree(big.dir / "out" / "profile", ignore_errors=True)
    txt, js = BUILD / "profile.txt", BUILD / "profile-top.json"
    print(
        f"profile: {'pyinstrument' if have_pyinstrument else 'cProfile'} over a cold generate "
        "(PROTOBIND_JOBS=1, so all work is in one process)",
        file=sys.stderr,
    )
    _spawn(
        [_py(), str(Path(__file__)), "--child-profile", cfg.name, str(txt), str(js)],
        big.dir,
        _env(PROTOBIND_JOBS="1"),
        "pyinstrument",
    )
    findings["hot"] = json.loads(js.read_text())
    findings["tree_file"] = str(txt.relative_to(REPO))
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(findings, indent=1) + "\n")
    print(render_text(findings))
    return 0


TITLES = (
    ("generate", "cold generate (as users run it)"),
    ("generate_serial", "cold generate, one process (PROTOBIND_JOBS=1): per-target cost"),
    ("noop", "no-change generate (cache hit)"),
    ("check_realistic", "no-change check, realistic set (cache hit)"),
    ("check_realistic_nocache", "no-change check --no-cache, realistic set (fresh CI clone)"),
)


def render_text(f: dict[str, object]) -> str:
    out = [f"\nprotobind profile: {f['files']} files, targets {', '.join(f['targets'])}"]  # type: ignore[arg-type]
    s = f["startup"]
    out.append(
        f"start-up: python alone {s['python_bare_s']:.3f} s; + protobind imports "  # type: ignore[index]
        f"{s['imports_s']:.3f} s; `protobind --version` {s['protobind_version_s']:.3f} s"  # type: ignore[index]
    )
    out.append("heaviest imports (cumulative):")
    for d in s["heaviest_imports"][:10]:  # type: ignore[index]
        out.append(f"  {d['cumulative_ms']:8.1f} ms  {d['module']}")
    for key, title in TITLES:
        ph = f.get(key)
        if not ph:
            continue
        out.append(
            f"{title}: {ph['total_in_process']:.2f} s in process, "
            f"peak RSS {ph['peak_rss_mb']:.0f} MB"
        )  # type: ignore[index]
        for row in ph["phases"]:  # type: ignore[index]
            out.append(f"  {row['seconds']:8.3f} s  {row['name']}  (RSS {row['rss_mb']:.0f} MB)")
        if ph.get("template_compiles"):  # type: ignore[union-attr]
            out.append(f"  template compilations: {ph['template_compiles']}")  # type: ignore[index]
    hot = f["hot"]
    out.append(f"hot functions by own time ({hot['tool']}):")  # type: ignore[index]
    for row in hot["top"][:15]:  # type: ignore[index]
        out.append(
            f"  {row['self_s']:7.3f} s {row['share'] * 100:5.1f}%  "
            f"{row['function']}  {row['where']}"
        )
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
