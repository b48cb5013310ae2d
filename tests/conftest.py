from __future__ import annotations

import os

import pytest

# Before anything imports codegen: the model's nodes refuse assignment at runtime too,
# so a target that writes to the model fails here (see codegen/model/frozen.py).
os.environ["PROTOBIND_FROZEN_MODEL"] = "1"

LONG = os.environ.get("PROTOBIND_LONG") == "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "long: part of the long local profile only (PROTOBIND_LONG=1 runs it)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long profile's tests are left out of the CI-sized run, not skipped: the report
    says how many, and PROTOBIND_LONG=1 runs them."""
    if LONG:
        return
    long = [i for i in items if i.get_closest_marker("long")]
    if long:
        config.hook.pytest_deselected(items=long)
        items[:] = [i for i in items if not i.get_closest_marker("long")]


def pytest_report_header(config: pytest.Config) -> str:
    if LONG:
        return "profile: long (PROTOBIND_LONG=1)"
    return "profile: CI-sized (tests marked `long` deselected; PROTOBIND_LONG=1 runs them)"
