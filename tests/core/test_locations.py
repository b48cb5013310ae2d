"""Source locations read by a forked helper give the model the one process would build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from codegen.compile import compile_protos
from codegen.model import Schema, build_schema
from codegen.model import locations as locations_module
from codegen.model.locations import LocationsInHelper
from codegen.sources import discover

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def build(roots: list[Path], *, helper: bool) -> Schema:
    sources = discover(roots)
    compiled = compile_protos(roots, sources)
    return build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: s.name for s in sources},
        display={s.name: f"shown/{s.name}" for s in sources},
        helper=helper,
    )


ROOTS = [CORPUS / "realistic", CORPUS / "comments" / "adv"]


def test_the_helper_gives_the_same_model_spans_and_comments_included() -> None:
    alone = build(ROOTS, helper=False)
    helped = build(ROOTS, helper=True)
    assert helped == alone
    # Not vacuous: the corpus has comments of every kind and spans everywhere.
    messages = [m for f in alone.files for m in f.all_messages()]
    assert any(m.comments.detached for m in messages)
    assert any(fl.comments.trailing for m in messages for fl in m.fields)
    assert all(m.span is not None for m in messages)
    assert {m.span.path for m in messages if m.span} >= {
        f"shown/{f.name}" for f in alone.files if f.messages and not f.well_known
    }


def test_a_helper_that_dies_leaves_this_process_to_read_the_locations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = build(ROOTS, helper=False)
    parent = os.getpid()
    real = locations_module.read_locations

    def die_in_child(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(9)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(locations_module, "read_locations", die_in_child)
    assert build(ROOTS, helper=True) == alone


def test_no_process_to_spare_means_no_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = build(ROOTS, helper=False)

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert build(ROOTS, helper=True) == alone


def test_a_helper_never_asked_is_ended_and_reaped(tmp_path: Path) -> None:
    sources = discover([CORPUS / "realistic"])
    compiled = compile_protos([CORPUS / "realistic"], sources)
    helper = LocationsInHelper(list(compiled.descriptors.file))
    assert helper._child is not None
    pid = helper._child.pid
    helper.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
