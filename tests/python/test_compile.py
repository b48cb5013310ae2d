"""The Python target's output for this repository's own schemas compiles for real, and
generation is deterministic."""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path

from codegen.config import load_config
from codegen.pipeline import run
from tests.python.helpers import check_packages, generate, write_tree

REPO = Path(__file__).resolve().parents[2]


def test_dogfood_compiles(tmp_path: Path) -> None:
    """protobind.toml's Python target, generated into a temporary folder."""
    config = load_config(REPO / "protobind.toml")
    (target,) = [t for t in config.targets if t.language == "python"]
    assert target.package
    out = tmp_path / target.package.replace(".", "/")
    config = dataclasses.replace(config, targets=(dataclasses.replace(target, out=out),))
    (output,) = run(config).outputs
    write_tree(out, {f.path: f.content for f in output.files})
    check_packages(tmp_path, [target.package])


def test_output_does_not_depend_on_input_order(tmp_path: Path) -> None:
    files = sorted((REPO / "tests" / "corpus" / "realistic").rglob("*.proto"))
    first = generate(REPO, proto_paths=["tests/corpus/realistic"])
    shuffled = files[:]
    random.Random(3).shuffle(shuffled)
    copy = tmp_path / "protos"
    for path in shuffled:
        dest = copy / path.relative_to(REPO / "tests" / "corpus" / "realistic")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    second = generate(tmp_path)
    # Headers name the source relative to the config: compare the rest.
    strip = {k: b"\n".join(v.split(b"\n")[1:]) for k, v in first.items()}
    assert strip == {k: b"\n".join(v.split(b"\n")[1:]) for k, v in second.items()}
