"""Build throwaway projects: inline .proto text -> a folder with protobind.toml -> outputs."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from codegen.compile import compile_protos
from codegen.model import Schema, build_schema
from codegen.sources import discover

GO_MODULE = "example.test/gen"
PY_PACKAGE = "gen"


def write_protos(root: Path, files: Mapping[str, str]) -> Path:
    """Write `{import path: text}` below root/protos; returns that proto path."""
    protos = root / "protos"
    for name, text in files.items():
        path = protos / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return protos


def schema_of(tmp: Path, files: Mapping[str, str]) -> Schema:
    """Compile inline protos with the real protoc and return the model."""
    protos = write_protos(tmp, files)
    sources = discover([protos])
    compiled = compile_protos([protos], sources)
    return build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: f"protos/{s.name}" for s in sources},
    )


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def python_out(self) -> Path:
        return self.root / "out" / "python" / PY_PACKAGE

    @property
    def go_out(self) -> Path:
        return self.root / "out" / "go"

    @property
    def typescript_out(self) -> Path:
        return self.root / "out" / "typescript"


def make_project(
    root: Path,
    files: Mapping[str, str],
    *,
    json: str = "",
    languages: tuple[str, ...] = ("python", "go", "typescript"),
) -> Project:
    """A project folder with protos/ and a protobind.toml writing every language to out/."""
    write_protos(root, files)
    targets = {
        "python": f'language = "python"\nout = "out/python/{PY_PACKAGE}"\npackage = "{PY_PACKAGE}"\n',
        "go": f'language = "go"\nout = "out/go"\nmodule = "{GO_MODULE}"\n',
        "typescript": 'language = "typescript"\nout = "out/typescript"\n',
    }
    text = '[protobind]\nproto_paths = ["protos"]\n'
    if json:
        text += f"json = {json}\n"
    for lang in languages:
        text += "\n[[protobind.targets]]\n" + targets[lang]
    (root / "protobind.toml").write_text(text)
    return Project(root)
