"""Real Go toolchain over real output: gofmt -l, go vet, go build."""

from __future__ import annotations

from pathlib import Path

from codegen.config import load_config
from codegen.pipeline import load_schema
from tests.go.helpers import go_vet_build, gofmt_clean, render, write_tree

REPO = Path(__file__).resolve().parents[2]


def _go_target(config_path: Path) -> tuple[object, object, object]:
    config = load_config(config_path)
    schema, _ = load_schema(config)
    target = next(t for t in config.targets if t.language == "go")
    return schema, target, config.json


def test_dogfood_compiles(tmp_path: Path) -> None:
    """protobind.toml's Go target, rendered into a scratch module (never generated/)."""
    schema, target, profile = _go_target(REPO / "protobind.toml")
    out = tmp_path / "go"
    files = render(schema, out, module=target.module, json=profile)  # type: ignore[arg-type,attr-defined]
    write_tree(out, files, target.module)  # type: ignore[attr-defined]
    gofmt_clean(out)
    go_vet_build(out)
