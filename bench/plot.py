"""Plot build/bench/results.json: median wall time vs number of files, log-log, one line per tool.

Runs in build/bench/venv (matplotlib is pinned in bench/requirements.txt):

    build/bench/venv/bin/python bench/plot.py build/bench/results.json docs/benchmarks.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

STYLE = {
    "protoc": dict(color="black", lw=2.2, ls="-", marker="s"),
    "protobind-generate": dict(color="#d62728", lw=3.0, ls="-", marker="o"),
    "protobind-noop": dict(color="#d62728", lw=1.8, ls="--", marker="o"),
    "protobind-check": dict(color="#d62728", lw=1.8, ls=":", marker="o"),
    "protobind-check-nocache": dict(color="#ff9896", lw=1.8, ls="-.", marker="o"),
    "python-pyi": dict(color="#1f77b4", lw=1.4, ls="-", marker="^"),
    "mypy-protobuf": dict(color="#17becf", lw=1.4, ls="-", marker="^"),
    "betterproto2": dict(color="#9467bd", lw=1.4, ls="-", marker="^"),
    "ts-proto": dict(color="#8c564b", lw=1.4, ls="-", marker="v"),
    "ts-proto-types": dict(color="#8c564b", lw=1.4, ls="--", marker="v"),
    "protoc-gen-es": dict(color="#e377c2", lw=1.4, ls="-", marker="v"),
    "protoc-gen-go": dict(color="#2ca02c", lw=1.4, ls="-", marker="D"),
    "trio-es": dict(color="#7f7f7f", lw=2.0, ls="-", marker="P"),
    "trio-ts-proto": dict(color="#7f7f7f", lw=2.0, ls="--", marker="P"),
}


def main(results: Path, out: Path) -> int:
    data = json.loads(results.read_text())
    corpora = sorted((c for c in data["corpora"] if c["synthetic"]), key=lambda c: c["files"])
    if not corpora:
        print("plot: no synthetic corpus in the results", file=sys.stderr)
        return 1
    series: dict[str, dict[str, object]] = {}
    for c in corpora:
        for r in c["results"]:
            if "median" not in r:
                continue
            s = series.setdefault(r["key"], {"label": r["label"], "x": [], "y": [], "lower": []})
            s["x"].append(c["files"])  # type: ignore[union-attr]
            s["y"].append(r["median"])  # type: ignore[union-attr]
            s["lower"].append(r["status"] == "stopped")  # type: ignore[union-attr]

    fig, ax = plt.subplots(figsize=(11, 6.5), dpi=110)
    for key, s in series.items():
        style = STYLE.get(key, dict(color="gray", lw=1, ls="-", marker="."))
        ax.plot(s["x"], s["y"], label=s["label"], markersize=5, **style)  # type: ignore[arg-type]
        for x, y, lower in zip(s["x"], s["y"], s["lower"], strict=True):  # type: ignore[call-overload]
            if lower:
                ax.annotate(
                    "stopped (lower bound)",
                    (x, y),
                    textcoords="offset points",
                    xytext=(-40, 8),
                    fontsize=7,
                    color=style["color"],
                )
    floor = series.get("protoc")
    if floor:
        ax.plot(
            floor["x"],
            [2.5 * y for y in floor["y"]],  # type: ignore[union-attr]
            color="black",
            lw=1,
            ls=(0, (1, 3)),
            label="budget: 2.5 x protoc (DESIGN 7)",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("schema files (synthetic, ~10 messages each)")
    ax.set_ylabel("wall time, median (s)")
    targets = ", ".join(corpora[-1].get("targets") or []) or "none"
    ax.set_title(f"protobind ({targets}) vs protoc and peer generators", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    # No timestamps in the file, so an unchanged result is an unchanged image.
    fig.savefig(out, metadata={"Software": None})
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
