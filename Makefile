# protobind's own workflow. Every target sets up what it needs (a virtualenv in .venv,
# npm packages in node_modules, Go modules in Go's cache), so a fresh clone needs only
# Python >= 3.10, Go and Node.js.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=

.PHONY: help setup generate check test lint typecheck conformance bench bench-codecs clean

help:
	@echo "make generate   regenerate generated/ from schemas/ (sets up .venv first)"
	@echo "make check      fail if generated/ drifts from schemas/"
	@echo "make test       lint, type-check and run the whole test suite"
	@echo "make conformance  build the conformance testees in build/conformance"
	@echo "make bench      benchmark protobind against protoc and the peer generators"
	@echo "make bench-codecs  the JSON codecs against json_format and protojson (part of make bench)"
	@echo "make setup      install Python, npm and Go dependencies"

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(PY_STAMP) $(NODE_STAMP)
	cd generated/go && go mod download
	# Rust: the test crate's pinned crates (tests/rust/crate/Cargo.lock), when cargo exists.
	if command -v cargo >/dev/null; then cargo fetch --locked --manifest-path tests/rust/crate/Cargo.toml; fi

generate: $(PY_STAMP)
	$(BIN)/protobind generate

check: $(PY_STAMP)
	$(BIN)/protobind check

lint: $(PY_STAMP)
	$(BIN)/ruff check codegen tests bench conformance
	$(BIN)/ruff format --check codegen tests bench conformance

typecheck: $(PY_STAMP)
	$(BIN)/mypy

test: setup lint typecheck check
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

conformance: setup
	for lang in python go typescript rust; do conformance/$$lang/build build/conformance || exit 1; done

bench: setup
	$(BIN)/python bench/run.py

bench-codecs: setup
	$(BIN)/python bench/codecs.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
