"""The breaking engine: the schemas now against a previous version (git ref, folder or
descriptor set), buf's rules, then protobind's effects for every finding."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from google.protobuf import descriptor_pb2

from codegen.errors import UsageError
from codegen.governance import breakingrules
from codegen.governance.breakingrules import Corpus
from codegen.governance.findings import Finding, finding
from codegen.governance.inputs import Workspace, compile_modules
from codegen.governance.lint import path_ignored
from codegen.governance.settings import CheckSettings, Module, resolve_rules
from codegen.governance.source import SourceFile
from codegen.paths import display_path

WELL_KNOWN_PREFIX = "google/protobuf/"


def selected(settings: CheckSettings) -> list[str]:
    return resolve_rules(settings, "breaking", {})


def compare(old: Corpus, new: Corpus, settings: CheckSettings) -> list[tuple[Finding, str]]:
    """buf's findings for the change old -> new, each with the full name it is about."""
    out: list[tuple[Finding, str]] = []
    ignore_unstable = settings.ignore_unstable_packages
    for rule_id in selected(settings):
        check = breakingrules.RULES.get(rule_id)
        if check is None:
            continue  # listed by buf, not implemented (docs/governance.md lists them)
        for hit in check(old, new):
            name = hit.file.name if hit.file else ""
            if hit.file is not None and path_ignored(name, rule_id, settings):
                continue
            if ignore_unstable and hit.file is not None and _unstable(hit.file.proto.package):
                continue
            shown = hit.file.shown if hit.file else ""
            span = hit.span or (hit.file.span(hit.path) if hit.file else None)
            out.append((finding(shown, span, rule_id, hit.message), hit.subject))
    out.sort(key=lambda pair: pair[0].sort_key())
    return out


def _unstable(pkg: str) -> bool:
    from codegen.governance.lintrules import package_version

    v = package_version(pkg)
    return v is not None and v[1] != ""


# --- the previous version ---------------------------------------------------------------


@contextlib.contextmanager
def previous_tree(against: str, repo_hint: Path) -> Iterator[tuple[str, Path]]:
    """("dir", folder) for a folder or git ref (checked out to a temporary folder), or
    ("image", file) for a descriptor set."""
    candidate = Path(against)
    if candidate.is_file():
        yield "image", candidate.resolve()
        return
    if candidate.is_dir():
        yield "dir", candidate.resolve()
        return
    top = _git(["rev-parse", "--show-toplevel"], repo_hint)
    if top is None:
        raise UsageError(
            f"--against {against}: not a folder, a descriptor set, nor a git repository here"
        )
    root = Path(top.strip())
    if _git(["rev-parse", "--verify", "--quiet", f"{against}^{{commit}}"], root) is None:
        raise UsageError(f"--against {against}: no such file, folder or git ref")
    tmp = Path(tempfile.mkdtemp(prefix="protobind-against-"))
    try:
        proc = subprocess.run(
            ["git", "archive", "--format=tar", against], cwd=root, capture_output=True, check=False
        )
        if proc.returncode != 0:
            raise UsageError(
                f"--against {against}: git archive failed: "
                + proc.stderr.decode(errors="replace").strip()
            )
        archive = tmp / "ref.tar"
        archive.write_bytes(proc.stdout)
        tree = tmp / "tree"
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
        yield "git", tree
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def git_root(start: Path) -> Path | None:
    top = _git(["rev-parse", "--show-toplevel"], start)
    return Path(top.strip()) if top else None


def _git(args: Sequence[str], cwd: Path) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return proc.stdout if proc.returncode == 0 else None


def image_files(path: Path, *, imports: bool = True) -> dict[str, SourceFile]:
    """The files of a descriptor set (the well-known types it holds count, as in buf)."""
    try:
        fds = descriptor_pb2.FileDescriptorSet.FromString(path.read_bytes())
    except Exception as e:
        raise UsageError(
            f"{display_path(path)}: not a descriptor set (FileDescriptorSet): {e}"
        ) from None
    return {
        f.name: SourceFile.of(f, f.name)
        for f in fds.file
        if imports or not f.name.startswith(WELL_KNOWN_PREFIX)
    }


def module_files(
    ws: Workspace, shown_root: Path | None = None
) -> list[tuple[Module, dict[str, SourceFile], dict[str, SourceFile]]]:
    """Each module with its own files and every file they need, by import path."""
    out = []
    for module, files, every in compile_modules(ws.modules, shown_root):
        own = {f.name: f for f in files}
        # buf counts the well-known types a module imports among its files: dropping the
        # last import of google/protobuf/empty.proto is a FILE_NO_DELETE (buf 1.75).
        own.update({n: f for n, f in every.items() if n.startswith(WELL_KNOWN_PREFIX)})
        out.append((module, own, dict(every)))
    return out


def rebase(ws: Workspace, old_root: Path, new_root: Path) -> Workspace:
    """The same modules, found under `new_root` where they were under `old_root`."""
    mods = []
    for m in ws.modules:
        try:
            rel = m.root.relative_to(old_root)
        except ValueError:
            raise UsageError(
                f"{display_path(m.root)} is outside {display_path(old_root)}"
            ) from None
        excludes = tuple(new_root / e.relative_to(old_root) for e in m.excludes)
        mods.append(Module(new_root / rel, m.lint, m.breaking, excludes))
    return Workspace(tuple(mods), ws.config_source)


def describe_against(kind: str, against: str) -> str:
    return {"image": "descriptor set", "dir": "folder", "git": "git ref"}[kind] + f" {against}"


__all__ = ["compare", "describe_against", "image_files", "module_files", "previous_tree", "rebase"]
