"""Large schemas render in forked workers: a lost worker is reported, never waited for
forever, and a machine with no process to spare still gets the same output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codegen import pipeline
from codegen.config import load_config
from codegen.errors import UsageError
from tests.support.project import write_protos


def large_project(root: Path) -> Path:
    """PARALLEL_MIN_FILES + 8 files and a two-target config (fake targets: conftest)."""
    count = pipeline.PARALLEL_MIN_FILES + 8
    write_protos(
        root,
        {
            f"p{i % 3}/f{i:03d}.proto": f'syntax = "proto3";\npackage p{i % 3};\n'
            f"message M{i:03d} {{ int32 x = 1; }}\n"
            for i in range(count)
        },
    )
    config = root / "protobind.toml"
    config.write_text(
        '[protobind]\nproto_paths = ["protos"]\n\n'
        '[[protobind.targets]]\nlanguage = "python"\nout = "out/py"\n\n'
        '[[protobind.targets]]\nlanguage = "go"\nout = "out/go"\nmodule = "example.test/gen"\n'
    )
    return config


def rendered(config: Path) -> dict[Path, bytes]:
    return dict(pipeline.run(load_config(config)).files())


def test_workers_render_what_one_process_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = large_project(tmp_path)
    in_workers = rendered(config)
    monkeypatch.setenv("PROTOBIND_JOBS", "1")
    assert rendered(config) == in_workers
    assert len(in_workers) == 2 * (pipeline.PARALLEL_MIN_FILES + 8) + 2 * 2  # + runtime, manifest


def test_a_worker_that_dies_is_reported_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = large_project(tmp_path)

    def die(request: object) -> list[object]:
        os._exit(9)  # as the out-of-memory killer would leave it

    # Patched before the workers fork, so they inherit it.
    monkeypatch.setattr(pipeline, "_render", die)
    with pytest.raises(UsageError, match="a rendering worker stopped unexpectedly") as info:
        pipeline.run(load_config(config))
    assert info.value.exit_code == 2
    assert "PROTOBIND_JOBS=1" in str(info.value)


def test_no_process_to_spare_renders_in_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = large_project(tmp_path)
    expected = rendered(config)
    parents = []

    def refuse(*args: object, **kwargs: object) -> None:
        parents.append(os.getpid())
        raise BlockingIOError(11, "Resource temporarily unavailable")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    assert rendered(config) == expected
    assert parents == [os.getpid()], "the worker pool was not tried"
