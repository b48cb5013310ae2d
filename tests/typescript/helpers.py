"""Shared helpers of the TypeScript target's tests."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from codegen.compile import compile_protos, discover
from codegen.config import JsonProfile, TargetConfig
from codegen.model import Schema, build_schema
from codegen.targets.base import Request
from codegen.targets.typescript import TARGET
from tests.support.project import schema_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLDEN = HERE / "golden"


def schema_from_dir(protos: Path | Sequence[Path], prefix: str = "protos") -> Schema:
    """Compile every .proto below `protos` (one folder or several) with the real protoc."""
    roots = [protos] if isinstance(protos, Path) else list(protos)
    sources = discover(roots)
    compiled = compile_protos(roots, sources)
    return build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: f"{prefix}/{s.name}" for s in sources},
    )


def generate(schema: Schema, json: JsonProfile | None = None) -> dict[str, bytes]:
    """The TypeScript target's files for `schema`: relative path -> content."""
    config = TargetConfig(language="typescript", out=Path("/nonexistent/out"))
    files = TARGET.generate(Request(schema, config, json or JsonProfile()))
    return {f.path: f.content for f in files}


def generate_inline(
    tmp: Path, protos: Mapping[str, str], json: JsonProfile | None = None
) -> dict[str, bytes]:
    return generate(schema_of(tmp, protos), json)


def write_tree(root: Path, files: Mapping[str, bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def case_profile(case: Path) -> JsonProfile:
    """A golden case's JSON profile, from its optional `case.toml` (`[json]` table)."""
    config = case / "case.toml"
    if not config.exists():
        return JsonProfile()
    data = tomllib.loads(config.read_text())
    return JsonProfile(**data.get("json", {}))
