"""Compile generated TypeScript to JavaScript and run parse cases through node.

`build()` generates a schema with the TypeScript target, compiles it with tsc
(TS_COMPILER_OPTIONS, emitting ES modules) and returns a `Tree` whose `run()` feeds
cases to one node process: each case names a message type (full proto name), a JSON
text, how to read it (`"text"`: the generated parseMJson path, `"value"`: JSON.parse
then parseM) and whether to ignore unknown fields. The answer is the parsed value
printed twice: by the generated printer (formatMJson: `Result.raw`, `Result.ok`) and
by plain JSON.stringify (`Result.plain`); the driver also checks that printing left
the value unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.config import JsonProfile
from codegen.model import Schema
from tests.support.toolchains import TS_COMPILER_OPTIONS, TSC, run
from tests.typescript.helpers import generate, write_tree

DRIVER = """\
import { registry } from "./protobind-runtime.js";
import { createInterface } from "node:readline";

for (const m of process.argv.slice(2)) await import(m);

// Same keys in the same order, same values (Object.is: -0 is not 0).
function identical(a, b) {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && identical(a[k], b[k]));
}

function answer(c) {
  const type = registry.get(c.type);
  if (type === undefined) return { crash: `no type ${c.type}` };
  const options = c.ignore ? { ignoreUnknownFields: true } : undefined;
  try {
    const value = c.mode === "value" ? type.parse(JSON.parse(c.text), options)
                                     : type.parseJson(c.text, options);
    const before = structuredClone(value);
    const ok = type.formatJson(value);
    if (!identical(before, value)) return { crash: "formatJson modified its input" };
    return { ok, plain: JSON.stringify(value) };
  } catch (e) {
    if (e && e.name === "ParseError") return { error: e.message, path: e.path };
    return { crash: String(e && e.stack || e) };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
const interactive = process.env.PROTOBIND_INTERACTIVE === "1";
const out = [];
for await (const line of lines) {
  if (line === "") continue;
  const r = JSON.stringify(answer(JSON.parse(line)));
  if (interactive) process.stdout.write(r + "\\n");
  else out.push(r);
}
if (!interactive) process.stdout.write(out.join("\\n") + "\\n");
"""


@dataclass(frozen=True)
class Case:
    type: str
    text: str
    mode: str = "text"
    ignore: bool = False


@dataclass(frozen=True)
class Result:
    ok: Any = None
    """The printer's output parsed back with Python's json (None when there is none)."""
    error: str | None = None
    crash: str | None = None
    raw: str | None = None
    """The printer's output (formatMJson), as text."""
    plain: str | None = None
    """JSON.stringify of the parsed value, as text."""


@dataclass(frozen=True)
class Tree:
    root: Path
    modules: tuple[str, ...]

    def session(self) -> Session:
        """One node process answering cases one at a time (for property tests)."""
        return Session(self)

    def run(self, cases: Sequence[Case]) -> list[Result]:
        stdin = "".join(
            json.dumps({"type": c.type, "text": c.text, "mode": c.mode, "ignore": c.ignore}) + "\n"
            for c in cases
        )
        proc = subprocess.run(
            ["node", "driver.mjs", *self.modules],
            cwd=self.root / "js",
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        results = [_result(line) for line in proc.stdout.split("\n") if line]
        assert len(results) == len(cases)
        return results


def _result(line: str) -> Result:
    r = json.loads(line)
    if "ok" in r:
        return Result(ok=json.loads(r["ok"]), raw=r["ok"], plain=r["plain"])
    if "error" in r:
        return Result(error=r["error"])
    return Result(crash=r["crash"])


class Session:
    def __init__(self, tree: Tree) -> None:
        self.proc = subprocess.Popen(
            ["node", "driver.mjs", *tree.modules],
            cwd=tree.root / "js",
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PROTOBIND_INTERACTIVE": "1"},
        )

    def parse(self, case: Case) -> Result:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {"type": case.type, "text": case.text, "mode": case.mode, "ignore": case.ignore}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "node exited"
        return _result(line)

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def build(root: Path, schema: Schema, profile: JsonProfile, tsc: str = "7") -> Tree:
    files = generate(schema, profile)
    src = write_tree(root / "src", files)
    js = root / "js"
    options = {**TS_COMPILER_OPTIONS, "noEmit": False, "outDir": str(js), "rootDir": str(src)}
    config = {"compilerOptions": options, "files": sorted(files)}
    (src / "tsconfig.json").write_text(json.dumps(config, indent=2))
    (src / "package.json").write_text('{"type": "module"}\n')
    run(["node", TSC[tsc], "-p", "tsconfig.json"], cwd=src)
    (js / "package.json").write_text('{"type": "module"}\n')
    (js / "driver.mjs").write_text(DRIVER)
    modules = tuple("./" + p[: -len(".ts")] + ".js" for p in sorted(files) if p.endswith(".ts"))
    return Tree(root, modules)


def canonical(results: Iterable[Result]) -> list[Any]:
    return [r.ok for r in results]
