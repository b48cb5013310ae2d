"""Write docs/benchmarks.md from build/bench/results.json (and build/bench/profile.json).

Everything in the page is computed from those files (and the codec results of
bench/codecs.py, build/bench/codec-python.json and go-codec.json, when present), except
bench/findings.md (the hand-written analysis of the profile, kept next to the scripts),
which is included as is.
No dates: the page changes only when the numbers do.

    .venv/bin/python bench/report.py build/bench/results.json docs/benchmarks.md
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
FINDINGS = BENCH / "findings.md"
CODEC_PYTHON = REPO / "build" / "bench" / "codec-python.json"
CODEC_GO = REPO / "build" / "bench" / "go-codec.json"
WIRE = Path(__file__).parent / "wire.md"
"""The binary codecs' section, kept by hand (the figures come from bench/codecs.py's runs)."""

BUDGET_CHECK_S = 0.25
BUDGET_RATIO = 2.5
BUDGET_RSS_MB = 500
LINEAR_TOLERANCE = 1.5  # marginal cost per file may grow by this factor and still count as linear


def _fmt_s(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def _res(corpus: dict[str, Any], key: str) -> dict[str, Any] | None:
    for r in corpus["results"]:
        if r["key"] == key:
            return r  # type: ignore[no-any-return]
    return None


def _median(corpus: dict[str, Any] | None, key: str) -> float | None:
    if corpus is None:
        return None
    r = _res(corpus, key)
    if r is None or r["status"] != "ok" or "median" not in r:
        return None
    return float(r["median"])


def _corpus(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((c for c in data["corpora"] if c["name"] == name), None)


def _results_table(c: dict[str, Any]) -> list[str]:
    floor = _median(c, "protoc")
    rows = [
        "| tool | languages | median s | min s | CPU s | x protoc | peak RSS MB | files "
        "| output KB | runs |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in c["results"]:
        label = r["label"]
        if r["group"] == "protobind":
            label = f"**{label}**"
        if "median" not in r:
            rows.append(f"| {label} | {r['langs']} | {r['status']} | | | | | | | 0 |")
            continue
        lower = r["status"] == "stopped"
        med = (">" if lower else "") + _fmt_s(r["median"])
        ratio = f"{r['median'] / floor:.1f}" if floor else "-"
        if lower:
            ratio = ">" + ratio
        rows.append(
            f"| {label} | {r['langs']} | {med} | {_fmt_s(r['min'])} | {r['cpu_median']:.2f} | "
            f"{ratio} | {r['tree_rss_mb']:.0f} | {r['files']} | {r['bytes'] / 1024:.0f} "
            f"| {r['runs']} |"
        )
    notes = [
        f"- {r['label']}: {r['status'] + ': ' if r['status'] != 'ok' else ''}{r['note']}"
        for r in c["results"]
        if r["note"]
    ]
    if notes:
        rows += ["", *notes]
    return rows


def _linearity(data: dict[str, Any]) -> tuple[list[str], dict[str, float]]:
    syn = sorted((c for c in data["corpora"] if c["synthetic"]), key=lambda c: c["files"])
    if len(syn) < 2:
        return [], {}
    keys: list[tuple[str, str]] = []
    for c in syn:
        for r in c["results"]:
            if (r["key"], r["label"]) not in keys and r["key"] not in [k for k, _ in keys]:
                keys.append((r["key"], r["label"]))
    head = "| tool | " + " | ".join(f"ms/file at {c['files']}" for c in syn)
    head += " | " + " | ".join(
        f"marginal ms/file {a['files']}->{b['files']}" for a, b in itertools.pairwise(syn)
    )
    head += " | growth of marginal cost |"
    rows = [head, "|---|" + "--:|" * (2 * len(syn) - 1 + 1)]
    growth: dict[str, float] = {}
    for key, label in keys:
        meds = [_median(c, key) for c in syn]
        per_file = [
            f"{m / c['files'] * 1000:.2f}" if m else "-" for m, c in zip(meds, syn, strict=True)
        ]
        marg: list[float | None] = []
        for (a, ma), (b, mb) in itertools.pairwise(zip(syn, meds, strict=True)):
            marg.append((mb - ma) / (b["files"] - a["files"]) * 1000 if ma and mb else None)
        g = "-"
        if len(marg) >= 2 and marg[-2] and marg[-1] and marg[-2] > 0:
            growth[key] = marg[-1] / marg[-2]
            g = f"{growth[key]:.2f}x"
        rows.append(
            f"| {label} | "
            + " | ".join(per_file)
            + " | "
            + " | ".join(f"{m:.2f}" if m is not None else "-" for m in marg)
            + f" | {g} |"
        )
    return rows, growth


def _verdict(ok: bool | None) -> str:
    return {True: "**meets**", False: "**misses**", None: "not measured"}[ok]


def _stat(corpus: dict[str, Any] | None, key: str, stat: str) -> float | None:
    if corpus is None:
        return None
    r = _res(corpus, key)
    if r is None or r["status"] != "ok" or stat not in r:
        return None
    return float(r[stat])


def _alt_ratios(c: dict[str, Any]) -> str:
    """The same ratio from the best runs and from CPU time, to show how noise moves it."""
    parts = []
    gmin, fmin = _stat(c, "protobind-generate", "min"), _stat(c, "protoc", "min")
    if gmin and fmin:
        parts.append(f"best runs {gmin / fmin:.2f}x")
    gcpu, fcpu = _stat(c, "protobind-generate", "cpu_median"), _stat(c, "protoc", "cpu_median")
    if gcpu and fcpu:
        parts.append(f"CPU time {gcpu / fcpu:.2f}x (all cores summed)")
    return f" ({'; '.join(parts)})" if parts else ""


def _budget(data: dict[str, Any], growth: dict[str, float]) -> list[str]:
    big = _corpus(data, "1000")
    real = _corpus(data, "realistic")
    all3 = ["python", "go", "typescript"]
    rows = ["| budget (DESIGN §7) | measured | verdict |", "|---|---|---|"]

    def partial(c: dict[str, Any] | None) -> str:
        if c is None:
            return ""
        t = c.get("targets") or []
        return "" if t == all3 else f" (targets measured: {', '.join(t) or 'none'}; not all three)"

    for key, how in (
        ("protobind-check", "cache hit"),
        ("protobind-check-nocache", "--no-cache, as on a fresh CI clone"),
    ):
        chk = _median(real, key)
        best = _stat(real, key, "min")
        rows.append(
            f"| `protobind check`, no change, realistic set ({how}): <= {BUDGET_CHECK_S} s | "
            f"{_fmt_s(chk)} s"
            + (f" (best {_fmt_s(best)} s)" if best else "")
            + f"{partial(real)} | "
            f"{_verdict(None if chk is None else chk <= BUDGET_CHECK_S)} |"
        )
    gen, floor = _median(big, "protobind-generate"), _median(big, "protoc")
    ratio = gen / floor if gen and floor else None
    rows.append(
        f"| `protobind generate` at 1000 files <= {BUDGET_RATIO}x protoc alone | "
        + (f"{_fmt_s(gen)} s / {_fmt_s(floor)} s = {ratio:.2f}x" if ratio else "-")
        + (_alt_ratios(big) if ratio else "")
        + f"{partial(big)} | {_verdict(None if ratio is None else ratio <= BUDGET_RATIO)} |"
    )
    trio = [(k, _median(big, k)) for k in ("trio-es", "trio-ts-proto")]
    trio_ok = [(k, m) for k, m in trio if m]
    cheapest = min(trio_ok, key=lambda km: km[1]) if trio_ok else None
    if cheapest and gen:
        label = _res(big, cheapest[0])["label"]  # type: ignore[index, union-attr]
        rows.append(
            f"| `protobind generate` at 1000 files faster than the cheapest 3-language peer "
            f"pipeline | {_fmt_s(gen)} s vs {_fmt_s(cheapest[1])} s ({label}){partial(big)} | "
            f"{_verdict(gen < cheapest[1])} |"
        )
    else:
        rows.append("| faster than the cheapest 3-language peer pipeline | - | not measured |")
    g = growth.get("protobind-generate")
    rows.append(
        f"| cost linear in the number of files (marginal cost per file 100->1000 within "
        f"{LINEAR_TOLERANCE}x of 10->100) | "
        + (f"{g:.2f}x" if g else "-")
        + f" | {_verdict(None if g is None else g <= LINEAR_TOLERANCE)} |"
    )
    r = _res(big, "protobind-generate") if big else None
    rss = r.get("tree_rss_mb") if r and r["status"] == "ok" else None
    rows.append(
        f"| peak memory at 1000 files < {BUDGET_RSS_MB} MB | "
        + (
            f"{rss:.0f} MB, whole process tree (PSS); largest single process {r['rss_mb']:.0f} MB"
            if rss and r
            else "-"
        )
        + f"{partial(big)} | {_verdict(None if rss is None else rss < BUDGET_RSS_MB)} |"
    )
    return rows


def _commentary(data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    syn = sorted((c for c in data["corpora"] if c["synthetic"]), key=lambda c: c["files"])
    c = syn[-1] if syn else None
    if c is None:
        return out
    gen = _median(c, "protobind-generate")
    targets = c.get("targets") or []
    short = {"python": "py", "go": "go", "typescript": "ts"}
    mine = {short[t] for t in targets}
    if gen is None:
        out.append(f"- protobind generate did not run at {c['files']} files (targets: {targets}).")
        return out
    out.append(
        f"At {c['files']} files protobind generated [{', '.join(targets)}] in {_fmt_s(gen)} s "
        "(median, cold, into an empty folder). Against each tool on the same corpus:"
    )
    out.append("")
    for r in c["results"]:
        if r["key"].startswith("protobind") or "median" not in r:
            continue
        m = float(r["median"])
        lower = r["status"] == "stopped"
        if gen < m:
            rel = f"protobind is {m / gen:.1f}x faster"
            if lower:
                rel += " at least (the peer was stopped before it finished)"
        else:
            rel = f"protobind is {gen / m:.1f}x slower"
        langs = set(r["langs"].split("+")) if r["langs"] != "-" else set()
        caveat = ""
        if langs and not langs <= mine:
            caveat = (
                f" (not like for like: the peer writes {r['langs']}, the protobind run wrote "
                f"{'+'.join(sorted(mine)) or 'nothing'})"
            )
        elif langs and langs < mine:
            caveat = (
                f" (the peer writes {r['langs']} only; protobind wrote {'+'.join(sorted(mine))})"
            )
        out.append(f"- {r['label']}, {_fmt_s(m)} s: {rel}{caveat}.")
    noop, chk = _median(c, "protobind-noop"), _median(c, "protobind-check")
    nocache = _median(c, "protobind-check-nocache")
    if noop and chk:
        line = (
            f"- Nothing changed: generate {_fmt_s(noop)} s and check {_fmt_s(chk)} s when "
            "protobind's output cache hits (it hashes the inputs and the files on disk and skips "
            "protoc and rendering)"
        )
        if nocache:
            line += (
                f"; check --no-cache, which is what a CI job without the cache pays, "
                f"{_fmt_s(nocache)} s ({nocache / gen:.0%} of a cold generate)"
            )
        out.append(line + ".")
    return out


def _profile(profile: dict[str, Any]) -> list[str]:
    out = [
        f"`bench/profile.py` at {profile['files']} files, targets "
        f"{', '.join(profile['targets'])}; every number from a fresh interpreter.",
        "",
    ]
    s = profile["startup"]
    out.append(
        f"- Start-up: Python alone {s['python_bare_s'] * 1000:.0f} ms; importing what generate "
        f"imports adds {s['imports_s'] * 1000:.0f} ms; `protobind --version` takes "
        f"{s['protobind_version_s'] * 1000:.0f} ms."
    )
    heavy = ", ".join(
        f"{d['module']} {d['cumulative_ms']:.0f} ms" for d in s["heaviest_imports"][:6]
    )
    out.append(f"- Heaviest imports (cumulative, `-X importtime`): {heavy}.")
    out.append("")
    n = profile["files"]
    for key, title in (
        ("generate", f"Cold generate, {n} files, as users run it"),
        (
            "generate_serial",
            f"Cold generate, {n} files, one process (PROTOBIND_JOBS=1): what each target costs",
        ),
        ("noop", f"No-change generate, {n} files (cache hit)"),
        ("check_realistic", "No-change check, realistic set (cache hit)"),
        (
            "check_realistic_nocache",
            "No-change check --no-cache, realistic set "
            "(what a fresh CI clone without the cache pays)",
        ),
    ):
        ph = profile.get(key)
        if not ph:
            continue
        out += [
            f"**{title}**: {ph['total_in_process']:.2f} s in process (plus interpreter start-up), "
            f"peak RSS {ph['peak_rss_mb']:.0f} MB"
            + (
                f" (largest worker {ph['peak_rss_children_mb']:.0f} MB)"
                if ph.get("peak_rss_children_mb")
                else ""
            )
            + (
                f"; jinja2 compilations per target: {ph['template_compiles']}"
                if ph.get("template_compiles")
                else ""
            ),
            "",
            "| phase | s | share | RSS after, MB |",
            "|---|--:|--:|--:|",
        ]
        total = ph["total_in_process"] or 1
        for row in ph["phases"]:
            name = row["name"].strip()
            name = ("&nbsp;&nbsp;" + name) if row["name"].startswith(" ") else name
            out.append(
                f"| {name} | {row['seconds']:.3f} | {row['seconds'] / total * 100:.0f}% | "
                f"{row['rss_mb']:.0f} |"
            )
        out.append("")
    hot = profile.get("hot")
    if hot and hot.get("top"):
        out += [
            f"Top functions by own time ({hot['tool']}, cold generate; full tree in "
            f"`{profile.get('tree_file', 'build/bench/profile.txt')}`):",
            "",
            "| own s | share | function | where |",
            "|--:|--:|---|---|",
        ]
        for row in hot["top"][:15]:
            out.append(
                f"| {row['self_s']:.3f} | {row['share'] * 100:.1f}% | `{row['function']}` | "
                f"`{row['where']}` |"
            )
        out.append("")
    return out


def _load(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())  # type: ignore[no-any-return]
    except (OSError, ValueError):
        return None


def _governance() -> list[str]:
    """The "Lint and breaking" section (bench/governance.py writes the figures)."""
    import governance

    return governance.section()


def _codecs() -> list[str]:
    """The JSON codec section: protobind's generated codecs against the reference ones."""
    py, go = _load(CODEC_PYTHON), _load(CODEC_GO)
    if py is None and go is None:
        return []
    out = [
        "## JSON codecs",
        "",
        "The generated codecs against the reference implementations, on the same seeded "
        "random `TestAllTypesProto3` messages (`make bench-codecs`, bench/codecs.py). Aim "
        "(ProtoJSON issue): Python faster than `json_format`, Go within 2x of `protojson`.",
        "",
    ]
    if py is not None:
        out += [
            f"Python: {py['messages']} messages, {py['json_bytes'] / 1000:.0f} kB of JSON, "
            f"best of {py['rounds']} passes (conformance/python/bench_codec.py).",
            "",
            "| operation | json_format µs/msg | protobind µs/msg | protobind speed-up |",
            "|---|--:|--:|--:|",
        ]
        for name, r in py["results"].items():
            a, b = r["json_format_us"], r["protobind_us"]
            out.append(f"| {name} | {a:.1f} | {b:.1f} | {a / b:.1f}x |")
        out.append("")
    if go is not None:
        res = go["results"]
        out += [
            f"Go: {go['messages']} messages per operation, `go test -bench` "
            "(conformance/go/bench/run.py); protojson over protoc-gen-go types.",
            "",
            "| operation | protojson MB/s | protobind MB/s | protobind time / protojson time "
            "| allocs/op protojson → protobind |",
            "|---|--:|--:|--:|--:|",
        ]
        for op in ("Marshal", "Unmarshal"):
            a, b = res.get(op + "Protojson"), res.get(op + "Protobind")
            if a and b:
                out.append(
                    f"| {op} | {a['mb_per_s']:.1f} | {b['mb_per_s']:.1f} | "
                    f"{b['ns_per_op'] / a['ns_per_op']:.2f} | "
                    f"{a['allocs_per_op']} → {b['allocs_per_op']} |"
                )
        out.append("")
    return out


def render(data: dict[str, Any], png: Path | None, profile: dict[str, Any] | None, md: Path) -> str:
    meta = data["meta"]
    m = meta["machine"]
    out = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run.py (bench/report.py); edit bench/findings.md or the scripts, "
        "not this file. -->",
        "",
        "protobind against protoc alone and the generators a user would otherwise run, on the "
        "same inputs, in one run, on one machine (DESIGN §7). Reproduce on a fresh clone with:",
        "",
        "    make bench",
        "",
        "It installs every peer at a pinned version under `build/bench/` (bench/requirements.txt, "
        "bench/package.json + package-lock.json, bench/go/go.mod), writes the corpora, measures, "
        "profiles and rewrites this page and its plot. For development: "
        "`.venv/bin/python bench/run.py --quick` (10 and 100 files, 2 runs, output under "
        "build/bench/).",
        "",
    ]
    if meta.get("quick"):
        out += [
            "> **Quick run**: 2 runs per tool, no 1000-file corpus; not the budget numbers.",
            "",
        ]
    existing = meta.get("targets_existing") or []
    if existing != ["python", "go", "typescript"]:
        out += [
            f"> **Partial protobind**: when this ran, only these targets existed in "
            f"codegen/targets/: {', '.join(existing) or 'none'}. protobind rows are labelled "
            "with the targets they include; rerun `make bench` when all three exist.",
            "",
        ]
    out += [
        "## Machine and versions",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m['cpu']} |",
        f"| cores | {m['cores']} ({m['usable_cores']} usable) |",
        f"| memory | {m['memory']} |",
        f"| OS | {m['os']} |",
        f"| protobind commit | {meta['commit']} |",
    ]
    for k, v in meta["versions"].items():
        out.append(f"| {k} | {v} |")
    lb, la = meta.get("load_before"), meta.get("load_after")
    if lb and la:
        out.append(
            f"| load average (1, 5, 15 min) | before {lb[0]:.2f} {lb[1]:.2f} {lb[2]:.2f}; "
            f"after {la[0]:.2f} {la[1]:.2f} {la[2]:.2f} |"
        )
    if meta.get("missing"):
        for what, why in meta["missing"].items():
            out.append(f"| not installed | {what}: {why} |")
    out += [
        "",
        f"Method: each tool runs once as a warm-up (and sanity check: it must exit 0 and write "
        f"files), then {meta['runs']} timed runs ({meta['slow_runs']} for tools whose warm-up "
        f"took over {meta['slow_after']:.0f} s; the warm-up is the only sample beyond "
        f"{meta['single_run_after']:.0f} s), interleaved round-robin across tools. Every run is a "
        "fresh process tree writing into an empty folder, except the no-change rows. Every peer "
        "runs through the same protoc (`python -m grpc_tools.protoc`, the one protobind uses in "
        "process), so Python start-up is in every row. protobind runs as `python -m codegen` from "
        "a copy of codegen/ and templates/ taken when the run starts (build/bench/snapshot), so "
        "every run measures the same code, with its output cache in build/bench. "
        "*median*/*min*: wall time; *CPU*: user + "
        "system of the whole tree (less sensitive to other load on the machine); *peak RSS*: the "
        "larger of the biggest single process (`wait4` ru_maxrss) and the PSS summed over the "
        "process tree, sampled every 0.2 s (PSS so that forked workers sharing pages are not "
        f"counted twice). A run whose tree passes {meta['mem_limit_gb']:.0f} GB RSS is "
        "stopped to protect the shared machine; its time is then a lower bound (`>`).",
        "",
        "## Results",
        "",
    ]
    if png is not None:
        out += [f"![time vs files]({png.name})", ""]
    for c in data["corpora"]:
        out += [
            f"### {c['label']}",
            "",
            f"{c['messages']} messages in {c['proto_bytes'] / 1024:.0f} KB of .proto; "
            f"source: {c['origin']}. protobind targets measured: "
            f"{', '.join(c['targets']) or 'none'}"
            + (f" ({c['targets_note']})" if c.get("targets_note") else "")
            + ".",
            "",
            *_results_table(c),
            "",
        ]
    lin, growth = _linearity(data)
    if lin:
        out += [
            "## Scaling",
            "",
            "Wall time per file, and the marginal cost of each extra file between sizes (fixed "
            "start-up cost dominates at 10 files, so the marginal cost is the fair linearity "
            "test; a growth near 1x is linear).",
            "",
            *lin,
            "",
        ]
    out += ["## Budget", "", *_budget(data, growth), "", "## Where protobind stands", ""]
    out += _commentary(data)
    out.append("")
    out += _codecs()
    if WIRE.exists():
        text = WIRE.read_text()
        out += [text[text.index("## ") :].rstrip(), ""]
    out += _governance()
    if profile:
        out += ["## Profile", "", *_profile(profile)]
    if FINDINGS.exists():
        out += [FINDINGS.read_text().rstrip(), ""]
    return "\n".join(out).rstrip() + "\n"


def write(results: Path, md: Path, png: Path | None, profile_path: Path | None) -> None:
    data = json.loads(results.read_text())
    profile = None
    if profile_path is not None and profile_path.exists():
        profile = json.loads(profile_path.read_text())
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(render(data, png, profile, md))


if __name__ == "__main__":
    prof = Path(sys.argv[3]) if len(sys.argv) > 3 else REPO / "build" / "bench" / "profile.json"
    target = Path(sys.argv[2])
    write(Path(sys.argv[1]), target, target.with_suffix(".png"), prof)
