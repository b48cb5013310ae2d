"""Large schemas render in forked workers: a lost worker is reported, never waited for
forever, and a machine with no process to spare still gets the same output."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from codegen import pipeline
from codegen.config import load_config
from codegen.errors import Diagnostic, SchemaError, UsageError
from codegen.processes import MIN_FILES
from codegen.targets import OutputFile, Request
from tests.support.project import write_protos


def large_project(root: Path) -> Path:
    """MIN_FILES + 8 files and a two-target config (fake targets: conftest)."""
    count = MIN_FILES + 8
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
    assert len(in_workers) == 2 * (MIN_FILES + 8) + 2 * 2  # + runtime, manifest


def in_children(monkeypatch: pytest.MonkeyPatch, act: Callable[[Request], None]) -> None:
    """Run `act(request)` before each render task done in a forked child, not here.

    Patched before the children fork, so they inherit it."""
    parent = os.getpid()
    render = pipeline._render

    def patched(request: Request) -> list[OutputFile]:
        if os.getpid() != parent:
            act(request)
        return render(request)

    monkeypatch.setattr(pipeline, "_render", patched)


def test_a_worker_that_dies_is_reported_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = large_project(tmp_path)
    in_children(monkeypatch, lambda request: os._exit(9))  # as the OOM killer leaves it
    with pytest.raises(UsageError, match="a rendering worker stopped unexpectedly") as info:
        pipeline.run(load_config(config))
    assert info.value.exit_code == 2
    assert "PROTOBIND_JOBS=1" in str(info.value)


def test_an_error_in_a_child_reaches_the_user_as_it_would_from_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = large_project(tmp_path)
    problem = Diagnostic("p1/f001.proto", 3, 9, "go refuses this shard")

    def refuse_go(request: Request) -> None:
        if request.config.language == "go":
            raise SchemaError([problem])

    in_children(monkeypatch, refuse_go)
    with pytest.raises(SchemaError) as info:
        pipeline.run(load_config(config))
    assert info.value.diagnostics == (problem,)


def test_the_first_failing_task_wins_whichever_process_ran_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tasks in order: python 0 and go 0 here, python 1 and go 1 in the child. Here go 0
    fails; in the child python 1 fails. Task order (targets in config order, then shards)
    decides, so the child's error is raised although this process failed first and
    without waiting for it."""
    config = large_project(tmp_path)
    parent = os.getpid()
    render = pipeline._render

    def refuse(request: Request) -> list[OutputFile]:
        task = (request.config.language, request.shard.index)
        if task in (("python", 1), ("go", 0)):
            where = "parent" if os.getpid() == parent else "child"
            message = f"{task[0]} {task[1]} {where}"
            raise SchemaError([Diagnostic("x.proto", 1, 1, message)])
        return render(request)

    monkeypatch.setattr(pipeline, "_render", refuse)
    with pytest.raises(SchemaError, match="python 1 child"):
        pipeline.run(load_config(config))


def test_no_process_to_spare_renders_in_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = large_project(tmp_path)
    expected = rendered(config)
    refused = []

    def refuse() -> int:
        refused.append(os.getpid())
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert rendered(config) == expected
    # Tried three times, each in this process: protoc's slices, the helper reading source
    # locations during the model build, then the rendering child.
    assert refused == [os.getpid()] * 3
