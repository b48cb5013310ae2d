"""Finding the .proto files: the same list as a plain pathlib walk, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codegen.sources import discover, proto_files


def _pathlib_walk(root: Path) -> list[Path]:
    """The oracle: rglob, hidden folders skipped, files only, sorted as Paths."""
    found = []
    for path in root.rglob("*.proto"):
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel[:-1]) or not path.is_file():
            continue
        found.append(path)
    return sorted(found)


def test_the_same_files_as_a_pathlib_walk_in_the_same_order(tmp_path: Path) -> None:
    root = tmp_path / "protos"
    names = [
        "a.proto",
        "a/b.proto",  # "a/" sorts before "a-b/" by parts, after it as a plain string
        "a-b/c.proto",
        "a/b/c/d.proto",
        "z/.hidden_file.proto",
        ".hidden/skipped.proto",
        "x/.git/skipped.proto",
        "x/not_a_proto.txt",
        "x/y.proto.bak",
    ]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text('syntax = "proto3";\n')
    (root / "dir.proto").mkdir()  # a folder named like a file: not a file
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "linked.proto").write_text('syntax = "proto3";\n')
    os.symlink(tmp_path / "elsewhere", root / "linked_dir")  # links to folders: not followed
    os.symlink(tmp_path / "missing.proto", root / "broken.proto")
    found = proto_files(root)
    assert [p for _, p in found] == _pathlib_walk(root)
    # By parts, as protoc's import paths compare: "a" < "a-b" < "a.proto", "b" < "b.proto".
    assert [n for n, _ in found] == [
        "a/b/c/d.proto",
        "a/b.proto",
        "a-b/c.proto",
        "a.proto",
        "z/.hidden_file.proto",
    ]
    assert all(p == root / n for n, p in found)


@pytest.mark.parametrize("trailing", [False, True])
def test_import_paths_are_relative_to_the_proto_path(tmp_path: Path, trailing: bool) -> None:
    (tmp_path / "p" / "q").mkdir(parents=True)
    (tmp_path / "p" / "q" / "r.proto").write_text('syntax = "proto3";\n')
    root = Path(str(tmp_path / "p") + ("/" if trailing else ""))
    assert [s.name for s in discover([root])] == ["q/r.proto"]
