"""Where every proto file lands: Go packages, directories, file names, import cycles.

Rules (argued in docs/go.md):

* Every proto package maps to exactly one Go package (one directory). Its files may
  sit in different proto folders; they still land side by side.
* The directory is the `go_package` import path relative to `module`, when every file
  of the proto package that sets `go_package` agrees on it and it lies inside `module`;
  otherwise it derives from the proto package (`acme.types.v1` -> `acme/types/v1`;
  no package -> the output root; `internal`, `vendor`, `testdata`, `_x` elements are
  escaped, since the go tool treats them specially). The package name is go_package's
  `;name` when given, else derived (`typesv1` for `acme.types.v1`, else the last
  element).
* Proto packages whose Go packages would import each other (a cycle, which Go forbids)
  get one shared package below `internal/protobindcycle/` holding the definitions;
  each proto package's own Go package then declares type aliases and constants for
  them, so users see exactly the API they would see without the cycle.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from codegen.errors import Diagnostic, SchemaError
from codegen.model import File, Schema, named_type
from codegen.targets.go.names import (
    GO_KEYWORDS,
    GO_PREDECLARED,
    derived_package_name,
    package_name,
)

RUNTIME_DIR = "protobindrt"
RUNTIME_NAME = "protobindrt"
CYCLE_ROOT = "internal/protobindcycle"

_IMPORT_PATH = re.compile(r"^[A-Za-z0-9._~+\-/]+$")


@dataclass
class GoPackage:
    """One generated Go package (one directory)."""

    dir: str
    """Relative to the target's `out`, `/`-separated; "" is `out` itself."""
    import_path: str
    name: str
    files: list[File] = field(default_factory=list)
    file_names: dict[str, str] = field(default_factory=dict)
    """Proto import path -> output file name (no directory)."""
    shared: GoPackage | None = None
    """For a package in an import cycle: the shared package holding its definitions."""
    members: list[GoPackage] = field(default_factory=list)
    """For a shared (cycle) package: the packages it holds definitions for."""

    def path_of(self, file: File) -> str:
        name = self.file_names[file.name]
        return f"{self.dir}/{name}" if self.dir else name


@dataclass
class Layout:
    module: str
    packages: list[GoPackage]
    """Public packages, sorted by directory."""
    shared: list[GoPackage]
    """Cycle packages, sorted by directory."""
    by_file: dict[str, GoPackage]
    """Proto import path -> its public Go package."""

    @property
    def runtime_import(self) -> str:
        return f"{self.module}/{RUNTIME_DIR}"

    def definitions(self, file_name: str) -> GoPackage:
        """The package whose code defines the file's types (shared one for cycles)."""
        pkg = self.by_file[file_name]
        return pkg.shared or pkg


def _split_go_package(opt: str) -> tuple[str, str | None]:
    if ";" in opt:
        path, name = opt.split(";", 1)
        return path, (name or None)
    return opt, None


def plan(schema: Schema, module: str) -> Layout:
    files = [f for f in schema.files_to_generate() if not f.well_known]
    by_proto_pkg: dict[str, list[File]] = defaultdict(list)
    for f in files:
        by_proto_pkg[f.package].append(f)

    by_dir: dict[str, GoPackage] = {}
    explicit_names: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for proto_pkg in sorted(by_proto_pkg):
        pkg_files = sorted(by_proto_pkg[proto_pkg], key=lambda f: f.name)
        dir_, name, explicit = _directory(proto_pkg, pkg_files, module)
        pkg = by_dir.get(dir_)
        if pkg is None:
            import_path = f"{module}/{dir_}" if dir_ else module
            pkg = by_dir[dir_] = GoPackage(dir_, import_path, name)
        pkg.files.extend(pkg_files)
        explicit_names[dir_].append((0 if explicit else 1, proto_pkg, name))

    for dir_, pkg in by_dir.items():
        # Several proto packages in one directory: explicit go_package names win.
        pkg.name = min(explicit_names[dir_])[2]
        pkg.files.sort(key=lambda f: f.name)
        pkg.file_names = _file_names(pkg.files)
        _check_dir(dir_, pkg)

    by_file = {f.name: pkg for pkg in by_dir.values() for f in pkg.files}
    packages = sorted(by_dir.values(), key=lambda p: p.dir)
    shared = _break_cycles(packages, by_file, module)
    return Layout(module, packages, shared, by_file)


def _directory(proto_pkg: str, files: Sequence[File], module: str) -> tuple[str, str, bool]:
    """(directory, package name, name given explicitly) for one proto package."""
    options = {_split_go_package(f.go_package) for f in files if f.go_package}
    paths = {p for p, _ in options}
    if len(paths) == 1:
        (path,) = paths
        rel = _under_module(path, module)
        if rel is not None:
            names = sorted({n for _, n in options if n})
            if names:
                return rel, package_name_verbatim(names[0]), True
            return rel, derived_package_name(path.split("/")), False
    parts = proto_pkg.split(".") if proto_pkg else []
    if not parts:
        return "", derived_package_name(module.split("/")), False
    return "/".join(_dir_part(p) for p in parts), derived_package_name(parts), False


def _dir_part(part: str) -> str:
    """A directory for a proto package element: the go tool skips `_x`, `.x` and
    `testdata` in `./...`, restricts importers of `internal`, and reads `vendor` as
    vendored code, so those get an `x` prefix or a `_` suffix."""
    if part.startswith(("_", ".")) or part == "testdata":
        return "x" + part
    if part in ("internal", "vendor"):
        return part + "_"
    return part


def package_name_verbatim(name: str) -> str:
    """go_package's explicit `;name`, kept as written unless it is not a valid name."""
    valid = name.isidentifier() and name.isascii()
    if valid and name not in ("main", "init", "_") and not _is_reserved(name):
        return name
    return package_name(name)


def _is_reserved(name: str) -> bool:
    return name in GO_KEYWORDS or name in GO_PREDECLARED


def _under_module(path: str, module: str) -> str | None:
    if not _IMPORT_PATH.match(path) or "//" in path or path.endswith("/"):
        return None
    if path == module:
        return ""
    if path.startswith(module + "/"):
        rel = path[len(module) + 1 :]
        parts = rel.split("/")
        if all(
            p and not p.startswith((".", "_")) and p not in ("testdata", "vendor") for p in parts
        ):
            return rel
    return None


def _check_dir(dir_: str, pkg: GoPackage) -> None:
    if dir_ in (RUNTIME_DIR, CYCLE_ROOT) or dir_.startswith(CYCLE_ROOT + "/"):
        f = pkg.files[0]
        raise SchemaError(
            [
                Diagnostic(
                    f.source,
                    0,
                    0,
                    f"package {f.package or '(none)'} would be generated into {dir_}/, "
                    "which protobind reserves for its Go runtime; set go_package to "
                    "another directory",
                )
            ]
        )


def _file_names(files: Sequence[File]) -> dict[str, str]:
    """`<stem>.pb.go`; files with the same stem get their folder path as a prefix."""
    stems: dict[str, list[File]] = defaultdict(list)
    for f in files:
        stems[_stem(f.name.rsplit("/", 1)[-1])].append(f)
    out: dict[str, str] = {}
    used: set[str] = set()
    for f in files:
        base = _stem(f.name.rsplit("/", 1)[-1])
        if len(stems[base]) > 1:
            base = _stem(f.name.replace("/", "_"))
        name = base
        n = 2
        while name in used:
            name = f"{base}_{n}"
            n += 1
        used.add(name)
        out[f.name] = name + ".pb.go"
    return out


def _stem(name: str) -> str:
    if name.endswith(".proto"):
        name = name[: -len(".proto")]
    stem = "".join(c if (c.isascii() and (c.isalnum() or c in "_-.")) else "_" for c in name)
    if not stem or stem[0] in "._":
        stem = "x" + stem
    return stem


# -- import cycles ------------------------------------------------------------------------


def _break_cycles(
    packages: list[GoPackage], by_file: dict[str, GoPackage], module: str
) -> list[GoPackage]:
    deps: dict[str, set[str]] = {p.dir: set() for p in packages}
    for p in packages:
        for f in p.files:
            for ref_file in _referenced_files(f):
                q = by_file.get(ref_file)
                if q is not None and q is not p:
                    deps[p.dir].add(q.dir)
    shared: list[GoPackage] = []
    by_dir = {p.dir: p for p in packages}
    for component in _strongly_connected(sorted(deps), deps):
        if len(component) < 2:
            continue
        members = [by_dir[d] for d in sorted(component)]
        dir_ = f"{CYCLE_ROOT}/{_cycle_dir_name([m.dir for m in members])}"
        group = GoPackage(dir_, f"{module}/{dir_}", "protobindcycle", members=members)
        for m in members:
            m.shared = group
            group.files.extend(m.files)
        group.files.sort(key=lambda f: f.name)
        group.file_names = _file_names(group.files)
        shared.append(group)
    return sorted(shared, key=lambda p: p.dir)


def _cycle_dir_name(dirs: list[str]) -> str:
    joined = "_".join(d.replace("/", "_") or "root" for d in dirs)
    clean = "".join(c if (c.isascii() and (c.isalnum() or c == "_")) else "_" for c in joined)
    if len(clean) > 48:
        digest = hashlib.sha256("\n".join(dirs).encode()).hexdigest()[:10]
        clean = clean[:36] + "_" + digest
    return clean.lower()


def _referenced_files(f: File) -> set[str]:
    """The files whose messages and enums `f` refers to."""
    out: set[str] = set()
    add = out.add
    for m in f.all_messages():
        for fl in m.fields:
            t = named_type(fl.type)
            if t is not None:
                add(t.file)
    for s in f.services:
        for meth in s.methods:
            add(meth.input.file)
            add(meth.output.file)
    return out


def _strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop(0)
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                result.append(sorted(comp))
    return result
