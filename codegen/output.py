"""The output tree: compare with disk, write atomically, own exactly what protobind wrote.

Each target folder holds a manifest, `.protobind-manifest`, listing the files protobind
wrote there. Only files in the manifest are ever deleted (when no schema produces them
any more); a hand-written file next to generated ones is never touched.

Writing is all or nothing: new contents are staged next to their destination, then
swapped in with renames; if anything fails, every rename is undone and the tree is
byte-identical to before.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from codegen.errors import OutputError
from codegen.paths import MANIFEST as MANIFEST  # re-exported: its old home
from codegen.paths import display_path
from codegen.targets.base import OutputFile

_TMP_MARK = ".protobind-tmp"


@dataclass(frozen=True, slots=True)
class TargetOutput:
    """Everything one target produces, below `root`."""

    language: str
    root: Path
    files: tuple[OutputFile, ...]
    reach: int = 0
    """How many folders above `root` its files may sit (`../` paths): a packaged Python
    package's pyproject.toml lives at its import root (codegen/packaging.py)."""

    _absolute: dict[Path, bytes] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def with_manifest(self) -> dict[Path, bytes]:
        """Absolute path -> content, manifest included (made once: the compare, the writes
        and the cache all ask, and thousands of paths cost a parse each)."""
        if not self._absolute:
            out = self._absolute
            # The few `../` paths (and their like read back from the manifest) normalised,
            # so both name one file the same way.
            out.update(
                (_above(self.root, f.path) if f.path[0] == "." else self.root / f.path, f.content)
                for f in self.files
            )
            out[self.root / MANIFEST] = manifest_bytes(f.path for f in self.files)
        return dict(self._absolute)


def manifest_bytes(paths: Iterator[str] | Sequence[str]) -> bytes:
    body = {
        "generator": "protobind",
        "note": "Files protobind wrote in this folder; it deletes only these. Do not edit.",
        "files": sorted(paths),
    }
    return (json.dumps(body, indent=2) + "\n").encode()


def _above(root: Path, rel: str) -> Path:
    return Path(os.path.normpath(root / rel)) if rel.startswith("../") else root / rel


def read_manifest(root: Path, reach: int = 0) -> list[str]:
    """Paths listed in `root`'s manifest; [] when there is none or it is unreadable. A path
    may climb `reach` folders above `root` (leading `../`), never further."""
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(files, list):
        return []
    safe: list[str] = []
    for p in files:
        # A manifest is input too: never follow it out of its folder.
        if not isinstance(p, str) or not p or p.startswith("/"):
            continue
        parts = p.split("/")
        up = next((i for i, part in enumerate(parts) if part != ".."), len(parts))
        if up <= reach and ".." not in parts[up:] and up < len(parts):
            safe.append(p)
    return safe


ChangeKind = Literal["modified", "missing", "stale"]


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    path: Path
    expected: bytes | None
    """What the schemas produce (None for a stale file)."""
    actual: bytes | None
    """What is on disk (None for a missing file)."""


@dataclass(frozen=True, slots=True)
class Diff:
    changes: tuple[Change, ...]
    unchanged: int

    def __bool__(self) -> bool:
        return bool(self.changes)


def compare(outputs: Sequence[TargetOutput]) -> Diff:
    """What differs between the generated tree and the disk, sorted by path."""
    changes: list[Change] = []
    unchanged = 0
    for target in outputs:
        wanted = target.with_manifest()
        for path, content in wanted.items():
            actual = _read(path)
            if actual is None:
                changes.append(Change("missing", path, content, None))
            elif actual != content:
                changes.append(Change("modified", path, content, actual))
            else:
                unchanged += 1
        for rel in read_manifest(target.root, target.reach):
            path = _above(target.root, rel)
            if path not in wanted and path.is_file():
                changes.append(Change("stale", path, None, _read(path)))
    changes.sort(key=lambda c: c.path)
    return Diff(tuple(changes), unchanged)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise OutputError(
            f"{display_path(path)}: is a folder where protobind must write a file; "
            "nothing was changed"
        ) from None
    except NotADirectoryError:
        blocker = next((p for p in path.parents if p.is_file()), path.parent)
        raise OutputError(
            f"{display_path(blocker)}: is a file where protobind must write a folder "
            f"(for {display_path(path)}); nothing was changed"
        ) from None
    except OSError as e:
        raise OutputError(
            f"{display_path(path)}: cannot read: {e.strerror}; nothing was changed"
        ) from None


@dataclass
class _Transaction:
    """Renames done so far, to undo them in reverse order if a later step fails."""

    # Plain strings: thousands of entries per run, and a Path costs a parse each.
    undo: list[tuple[str, str | None]] = field(default_factory=list)
    """(path now holding something, where to move it back to, or None to delete it)."""
    made_dirs: list[str] = field(default_factory=list)
    backups: list[str] = field(default_factory=list)

    def rollback(self) -> None:
        for now, back in reversed(self.undo):
            with contextlib.suppress(OSError):
                if back is None:
                    os.unlink(now)
                else:
                    os.replace(now, back)
        for d in reversed(self.made_dirs):
            with contextlib.suppress(OSError):
                os.rmdir(d)

    def commit(self) -> None:
        for b in self.backups:
            with contextlib.suppress(OSError):
                os.unlink(b)


def apply(diff: Diff) -> None:
    """Make the disk match: write missing/modified files, delete stale ones. All or nothing."""
    if not diff:
        return
    tx = _Transaction()
    staged: list[tuple[str, str]] = []
    stager = _Stager(tx)
    try:
        for change in diff.changes:
            if change.expected is not None:
                dest = str(change.path)
                staged.append((stager.stage(dest, change.expected), dest))
        writes = [c for c in diff.changes if c.expected is not None]
        for (tmp, dest), change in zip(staged, writes, strict=True):
            if change.actual is not None:
                backup = _sibling(dest, ".protobind-bak")
                os.replace(dest, backup)
                tx.undo.append((backup, dest))
                tx.backups.append(backup)
            os.replace(tmp, dest)
            tx.undo.append((dest, None))
        for change in diff.changes:
            if change.kind == "stale":
                dest = str(change.path)
                backup = _sibling(dest, ".protobind-bak")
                os.replace(dest, backup)
                tx.undo.append((backup, dest))
                tx.backups.append(backup)
    except OSError as e:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        tx.rollback()
        where = display_path(Path(e.filename)) if e.filename else "output"
        raise OutputError(f"{where}: cannot write: {e.strerror}; nothing was changed") from None
    tx.commit()
    for change in diff.changes:
        if change.kind == "stale":
            _remove_empty_parents(change.path.parent)


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


class _Stager:
    """Writes new contents next to their destinations (thousands of files per run: plain
    `os` calls on strings, and each folder checked once)."""

    def __init__(self, tx: _Transaction) -> None:
        self.tx = tx
        self.ready: set[str] = set()
        self.mark = f".{os.getpid()}{_TMP_MARK}"

    def stage(self, dest: str, content: bytes) -> str:
        folder, name = os.path.split(dest)
        if folder not in self.ready:
            self._make_folder(folder)
        tmp = f"{folder}/.{name}{self.mark}"
        # 0o666 less the umask, as for any new file; O_EXCL: never write through a link.
        fd = os.open(tmp, _FLAGS, 0o666)
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.close(fd)
        return tmp

    def _make_folder(self, folder: str) -> None:
        missing = []
        here = folder
        while not os.path.isdir(here):
            missing.append(here)
            parent = os.path.dirname(here)
            if parent == here:
                break
            here = parent
        for d in reversed(missing):
            os.mkdir(d)
            self.tx.made_dirs.append(d)
        self.ready.add(folder)


def _sibling(path: str, mark: str) -> str:
    folder, name = os.path.split(path)
    return f"{folder}/.{name}.{os.getpid()}{mark}"


def _remove_empty_parents(folder: Path) -> None:
    """Drop folders that deleting stale files left empty (never the target root's parents)."""
    with contextlib.suppress(OSError):
        while not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder`, so two runs never interleave their writes."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as e:
        raise OutputError(f"{display_path(folder)}: cannot open: {e.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
