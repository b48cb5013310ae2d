"""Benchmark corpora: synthetic schema sets of any size, and the realistic ~20-file set.

Synthetic corpus (`synthetic(n, root)`): `n` proto3 files of about 10 messages each, spread
over several packages, deterministic for a given (seed, n). Every file mixes what real
schemas use: all scalar types, enums (top-level and nested), nested messages, `repeated`,
`map<,>`, `oneof`, proto3 `optional`, references to messages and enums of imported files
(the imports form a DAG: a file only imports files with a lower index), the well-known
types (Timestamp, Duration, Struct, Any, FieldMask, wrappers, Empty) and a service with
unary and streaming RPCs. Every file has a `go_package`, as most real schemas do, and
packages only import packages with a lower number, so the Go packages form a DAG (as Go
requires: protoc-gen-go output with package cycles would not compile).

Realistic set (`realistic(root)`): `tests/corpus/realistic/` when it exists; until it
does, this repository's `schemas/` topped up with synthetic files to about 20 files.

    python bench/corpus.py 100 build/bench/corpus/n100     # write one corpus by hand
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REALISTIC_DIR = REPO / "tests" / "corpus" / "realistic"
SCHEMAS_DIR = REPO / "schemas"
GO_MODULE = "example.com/bench/gen"
DEFAULT_SEED = 20240611
MESSAGES_PER_FILE = 10
REALISTIC_TARGET_FILES = 20

SCALARS = (
    "double",
    "float",
    "int32",
    "int64",
    "uint32",
    "uint64",
    "sint32",
    "sint64",
    "fixed32",
    "fixed64",
    "sfixed32",
    "sfixed64",
    "bool",
    "string",
    "bytes",
)
MAP_KEYS = ("string", "int32", "int64", "uint32", "bool", "string", "string")
WKTS = {
    "google.protobuf.Timestamp": "google/protobuf/timestamp.proto",
    "google.protobuf.Duration": "google/protobuf/duration.proto",
    "google.protobuf.Struct": "google/protobuf/struct.proto",
    "google.protobuf.Value": "google/protobuf/struct.proto",
    "google.protobuf.Any": "google/protobuf/any.proto",
    "google.protobuf.FieldMask": "google/protobuf/field_mask.proto",
    "google.protobuf.StringValue": "google/protobuf/wrappers.proto",
    "google.protobuf.Int64Value": "google/protobuf/wrappers.proto",
    "google.protobuf.BoolValue": "google/protobuf/wrappers.proto",
}
# Weighted: the three named in the brief come up far more often than the rest.
WKT_WEIGHTS = (5, 4, 3, 1, 1, 1, 1, 1, 1)
WORDS = (
    "account",
    "address",
    "amount",
    "asset",
    "batch",
    "billing",
    "bucket",
    "cache",
    "channel",
    "claim",
    "client",
    "cluster",
    "comment",
    "config",
    "contact",
    "cursor",
    "customer",
    "device",
    "document",
    "domain",
    "entry",
    "event",
    "feature",
    "filter",
    "grant",
    "group",
    "health",
    "invoice",
    "item",
    "job",
    "key",
    "label",
    "ledger",
    "limit",
    "link",
    "member",
    "metric",
    "node",
    "note",
    "order",
    "owner",
    "page",
    "payment",
    "policy",
    "price",
    "project",
    "quota",
    "record",
    "region",
    "report",
    "request",
    "resource",
    "review",
    "role",
    "rule",
    "schedule",
    "secret",
    "segment",
    "session",
    "shard",
    "signal",
    "source",
    "status",
    "stream",
    "subject",
    "tag",
    "task",
    "team",
    "tenant",
    "ticket",
    "token",
    "topic",
    "trace",
    "user",
    "version",
    "volume",
    "webhook",
    "window",
    "workflow",
    "zone",
)
DOMAINS = (
    "billing",
    "catalog",
    "identity",
    "inventory",
    "messaging",
    "orders",
    "payments",
    "search",
    "shipping",
    "telemetry",
    "workflow",
    "storage",
)


@dataclass
class _Message:
    name: str  # full name relative to the package, e.g. "Order" or "Order.Line"
    enums: list[str] = field(default_factory=list)


@dataclass
class _File:
    index: int
    path: str  # import path, e.g. "bench/billing/v1/billing_007.proto"
    package: str
    package_index: int
    messages: list[str] = field(default_factory=list)  # fully qualified
    enums: list[str] = field(default_factory=list)  # fully qualified


def _camel(*words: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words)


def _layout(n: int) -> list[tuple[str, str, int]]:
    """(import path, package, package index) of every file: about sqrt(n)/1.5 packages, >= 2."""
    packages = max(2, min(len(DOMAINS) * 4, round((n**0.5) / 1.5)))
    out = []
    for i in range(n):
        p = i % packages
        domain = DOMAINS[p % len(DOMAINS)]
        version = f"v{p // len(DOMAINS) + 1}"
        path = f"bench/{domain}/{version}/{domain}_{i:04d}.proto"
        out.append((path, f"bench.{domain}.{version}", p))
    return out


def render_synthetic(n: int, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Import path -> proto source of the `n`-file corpus. Same (n, seed), same bytes."""
    layout = _layout(n)
    files: list[_File] = []
    sources: dict[str, str] = {}
    for i, (path, package, p) in enumerate(layout):
        rng = random.Random(f"{seed}:{n}:{i}")
        f = _File(i, path, package, p)
        sources[path] = _render_file(f, files, rng)
        files.append(f)
    return sources


def _render_file(f: _File, earlier: list[_File], rng: random.Random) -> str:
    stem = Path(f.path).stem
    prefix = _camel(*stem.split("_")[:1]) + stem.split("_")[1]  # e.g. Billing007
    imports: set[str] = set()
    # Up to 3 earlier files, preferring recent ones (a DAG with some depth).
    deps: list[_File] = []
    if earlier:
        k = min(len(earlier), rng.choice((0, 1, 1, 2, 2, 3)))
        # Only files of this package or of a lower-numbered one: the package graph stays a
        # DAG, as it must for Go (and as protoc-gen-go users' schemas are).
        window = [e for e in earlier[-80:] if e.package_index <= f.package_index][-40:]
        deps = rng.sample(window, min(k, len(window)))
    foreign_msgs = [m for d in deps for m in d.messages]
    foreign_enums = [e for d in deps for e in d.enums]

    lines_top: list[str] = []
    local_msgs: list[str] = []
    local_enums: list[str] = []
    used_deps: set[str] = set()
    dep_of = {m: d.path for d in deps for m in d.messages + d.enums}

    def enum_block(name: str, indent: str, values: int) -> list[str]:
        upper = re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()
        body = [
            f"{indent}// {name} enumerates the states of a {name.lower()}.",
            f"{indent}enum {name} {{",
        ]
        body.append(f"{indent}  {upper}_UNSPECIFIED = 0;")
        for v in range(1, values):
            body.append(f"{indent}  {upper}_{rng.choice(WORDS).upper()}_{v} = {v};")
        body.append(f"{indent}}}")
        return body

    # Top-level enums first so messages may use them.
    for e in range(rng.choice((1, 1, 2))):
        name = f"{prefix}{_camel(rng.choice(WORDS))}Kind{e}"
        lines_top += [*enum_block(name, "", rng.randint(3, 7)), ""]
        local_enums.append(f"{f.package}.{name}")

    def ref(t: str) -> str:
        if t.startswith("google.protobuf."):
            return t
        if t.startswith(f.package + "."):
            return t[len(f.package) + 1 :]
        return "." + t

    def type_for(msg_name: str, allow_msgs: list[str]) -> str:
        r = rng.random()
        if r < 0.55:
            return rng.choice(SCALARS)
        if r < 0.65 and (local_enums or foreign_enums):
            pool = local_enums + foreign_enums
            t = rng.choice(pool)
            if t in dep_of:
                used_deps.add(dep_of[t])
            return ref(t)
        if r < 0.78:
            wkt = rng.choices(list(WKTS), WKT_WEIGHTS)[0]
            imports.add(WKTS[wkt])
            return wkt
        pool = allow_msgs + foreign_msgs
        if not pool:
            return rng.choice(SCALARS)
        t = rng.choice(pool)
        if t in dep_of:
            used_deps.add(dep_of[t])
        return ref(t)

    messages: list[str] = []
    count = MESSAGES_PER_FILE + rng.choice((-2, -1, 0, 0, 1, 2))
    for m in range(count):
        word = rng.choice(WORDS)
        name = f"{prefix}{_camel(word)}{m}"
        fq = f"{f.package}.{name}"
        body = [f"// {name} describes a {word} of the {f.package} domain.", f"message {name} {{"]
        number = 1
        used_names: set[str] = set()

        def fname(base: str, used_names: set[str] = used_names) -> str:
            candidate = base
            k = 2
            while candidate in used_names:
                candidate = f"{base}_{k}"
                k += 1
            used_names.add(candidate)
            return candidate

        nested_types: list[str] = []
        if rng.random() < 0.35:
            nested = f"{_camel(rng.choice(WORDS))}Detail"
            body += [f"  // {nested} is nested in {name}.", f"  message {nested} {{"]
            body.append(f"    string {rng.choice(WORDS)}_id = 1;")
            body.append(f"    int64 {rng.choice(WORDS)}_count = 2;")
            if rng.random() < 0.5:
                body.append(f"    repeated string {rng.choice(WORDS)}_names = 3;")
            body.append("  }")
            nested_types.append(f"{fq}.{nested}")
        if rng.random() < 0.25:
            nested_enum = f"{_camel(rng.choice(WORDS))}State"
            body += enum_block(nested_enum, "  ", rng.randint(2, 5))
            nested_types.append(f"{fq}.{nested_enum}")
            local_enums_for_msg = [f"{fq}.{nested_enum}"]
        else:
            local_enums_for_msg = []

        nfields = rng.randint(5, 14)
        oneof_at = rng.randint(0, nfields) if rng.random() < 0.3 else -1
        for k in range(nfields):
            if k == oneof_at:
                body.append(f"  oneof {fname(rng.choice(WORDS) + '_choice')} {{")
                for _ in range(rng.randint(2, 4)):
                    t = type_for(name, messages)
                    body.append(f"    {t} {fname(rng.choice(WORDS) + '_value')} = {number};")
                    number += 1
                body.append("  }")
                continue
            comment = rng.random() < 0.4
            if comment:
                body.append(f"  // The {rng.choice(WORDS)} this {word} belongs to.")
            r = rng.random()
            if r < 0.1:
                kt = rng.choice(MAP_KEYS)
                vt = type_for(name, messages + nested_types[:1])
                decl = f"map<{kt}, {vt}> {fname(rng.choice(WORDS) + '_by_key')}"
            elif r < 0.3:
                t = type_for(name, messages + nested_types[:1])
                decl = f"repeated {t} {fname(rng.choice(WORDS) + 's')}"
            elif r < 0.38:
                decl = f"optional {rng.choice(SCALARS)} {fname(rng.choice(WORDS) + '_hint')}"
            elif r < 0.45 and local_enums_for_msg:
                decl = f"{ref(local_enums_for_msg[0])} {fname('state')}"
            else:
                t = type_for(name, messages + [nt for nt in nested_types if "Detail" in nt])
                decl = f"{t} {fname(rng.choice(WORDS) + ('_id' if t == 'string' else ''))}"
            body.append(f"  {decl} = {number};")
            number += 1
        if rng.random() < 0.1:
            body.append(f"  reserved {number}, {number + 1};")
        body.append("}")
        lines_top += [*body, ""]
        messages.append(fq)
        local_msgs.append(fq)

    # A service using the file's messages, unary and streaming.
    if messages and rng.random() < 0.7:
        svc = f"{prefix}Service"
        lines_top += [f"// {svc} serves the {f.package} domain.", f"service {svc} {{"]
        for r in range(rng.randint(2, 5)):
            req = rng.choice(messages)
            resp = rng.choice(messages)
            kind = rng.choice(("", "", "", "cs", "ss", "bidi"))
            a = "stream " if kind in ("cs", "bidi") else ""
            b = "stream " if kind in ("ss", "bidi") else ""
            verb = _camel(rng.choice(("get", "list", "create", "update", "watch")))
            method = f"{verb}{_camel(rng.choice(WORDS))}{r}"
            lines_top.append(f"  // {method} is an RPC of {svc}.")
            lines_top.append(f"  rpc {method}({a}{ref(req)}) returns ({b}{ref(resp)});")
        lines_top += ["}", ""]

    f.messages = local_msgs
    f.enums = local_enums
    go_name = f.package.split(".")[-2] + f.package.split(".")[-1]
    go_path = f"{GO_MODULE}/{'/'.join(f.package.split('.'))}"
    head = [
        f"// Synthetic benchmark schema {f.index} (bench/corpus.py). Do not edit.",
        'syntax = "proto3";',
        "",
        f"package {f.package};",
        "",
    ]
    for imp in sorted(imports | used_deps):
        head.append(f'import "{imp}";')
    if imports or used_deps:
        head.append("")
    head += [f'option go_package = "{go_path};{go_name}";', ""]
    return "\n".join(head + lines_top).rstrip() + "\n"


def write_tree(root: Path, sources: dict[str, str]) -> bool:
    """Make `root` hold exactly `sources` (import path -> text); True if anything changed.

    Unchanged files are not rewritten, so their mtimes stay put between runs.
    """
    changed = False
    wanted = {root / p: text for p, text in sources.items()}
    if root.exists():
        for existing in root.rglob("*.proto"):
            if existing not in wanted:
                existing.unlink()
                changed = True
    for path, text in wanted.items():
        data = text.encode()
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed = True
    return changed


def synthetic(n: int, root: Path, seed: int = DEFAULT_SEED) -> list[str]:
    """Write the `n`-file corpus below `root`; the import paths, sorted."""
    sources = render_synthetic(n, seed)
    write_tree(root, sources)
    return sorted(sources)


@dataclass(frozen=True)
class Realistic:
    root: Path
    """The single proto path the files are below (a copy under build/bench)."""
    files: list[str]
    origin: str
    """Where the files came from, for the report."""


_IMPORT = re.compile(r'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.M)


def _protos_below(folder: Path) -> dict[str, Path]:
    return {
        p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.proto")) if p.is_file()
    }


def _resolving_root(folder: Path) -> Path | None:
    """The folder (itself or one below) under which every non-WKT import of its files resolves."""
    candidates = [folder, *(d for d in sorted(folder.rglob("*")) if d.is_dir())]
    all_files = list(folder.rglob("*.proto"))
    imports = {
        imp
        for p in all_files
        for imp in _IMPORT.findall(p.read_text("utf-8", "replace"))
        if not imp.startswith("google/protobuf/")
    }
    for cand in candidates[:50]:
        # Every file must also be below the root, or protoc cannot name it.
        if all((cand / imp).is_file() for imp in imports) and all(
            cand in p.parents for p in all_files
        ):
            return cand
    return None


def realistic(root: Path, seed: int = DEFAULT_SEED, use_tests: bool = True) -> Realistic:
    """Write the realistic set below `root` (a single proto path) and describe it.

    Prefers tests/corpus/realistic/ (another engineer's curated set); until it exists,
    this repo's schemas/ plus synthetic files up to ~20 files.
    """
    sources: dict[str, str] = {}
    origin = ""
    if use_tests and REALISTIC_DIR.is_dir() and any(REALISTIC_DIR.rglob("*.proto")):
        base = _resolving_root(REALISTIC_DIR)
        if base is not None:
            for name, path in _protos_below(base).items():
                sources[name] = path.read_text("utf-8")
            origin = f"{base.relative_to(REPO).as_posix()}/ ({len(sources)} files)"
        else:
            print(
                f"bench: {REALISTIC_DIR.relative_to(REPO)} has protos whose imports do not "
                "resolve under one root; using schemas/ + synthetic instead",
                file=sys.stderr,
            )
    if not sources:
        for name, path in _protos_below(SCHEMAS_DIR).items():
            sources[name] = path.read_text("utf-8")
        own = len(sources)
        missing = max(0, REALISTIC_TARGET_FILES - own)
        extra = render_synthetic(missing, seed) if missing else {}
        sources.update(extra)
        origin = (
            f"schemas/ ({own} files) + {len(extra)} synthetic files "
            "(tests/corpus/realistic/ does not exist yet)"
        )
    if root.exists() and not (root / ".bench-corpus").exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".bench-corpus").write_text(origin + "\n")
    write_tree(root, sources)
    return Realistic(root, sorted(sources), origin)


def _main(argv: Iterable[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("n", help="number of files, or 'realistic'")
    p.add_argument("out", type=Path, help="folder to write the .proto files into (a proto path)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    a = p.parse_args(list(argv) if argv is not None else None)
    if a.n == "realistic":
        r = realistic(a.out, a.seed)
        print(f"{len(r.files)} files from {r.origin} in {a.out}")
    else:
        files = synthetic(int(a.n), a.out, a.seed)
        print(f"{len(files)} files in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
