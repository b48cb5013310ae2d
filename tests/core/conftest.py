"""Core tests run the real pipeline with a fake target standing in for every language."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import codegen.targets
from tests.support.project import write_protos

FAKE = "tests.core.fake_target"


@pytest.fixture(autouse=True)
def fake_targets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for lang in ("python", "go", "typescript"):
        monkeypatch.setitem(codegen.targets._MODULES, lang, FAKE)
    monkeypatch.setenv("PROTOBIND_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project folder (the working directory) with two protos and a one-target config."""
    root = tmp_path / "proj"
    root.mkdir()
    write_protos(
        root,
        {
            "acme/a.proto": """
                syntax = "proto3";
                package acme;
                import "acme/b.proto";
                message A { B b = 1; }
            """,
            "acme/b.proto": """
                syntax = "proto3";
                package acme;
                message B { string name = 1; }
            """,
        },
    )
    (root / "protobind.toml").write_text(
        '[protobind]\nproto_paths = ["protos"]\n\n'
        '[[protobind.targets]]\nlanguage = "typescript"\nout = "out"\n'
    )
    old = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(old)
