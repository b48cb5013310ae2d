"""Random valid schema sets (tests/strategies/schemas.py) compile in every language.

Two profiles:

* CI (default): a handful of examples, derandomized (the same examples on every run,
  so a failure reproduces), no deadline, no shrinking (each step would rerun the
  compilers);
* long, with PROTOBIND_LONG=1: hundreds of examples, random seeds, shrinking on.
  PROTOBIND_RANDOM_EXAMPLES=N overrides the number of examples of either profile.

Each example is a batch of up to four independent schema sets (root packages r0..r3)
generated as one project and compiled once, so one example costs one mypy, one
go vet/build and one tsc run. A failing example's protos are kept in
build/random-schemas/<language>-<hash>/ (see the assertion message) for replay with
`protobind generate` there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from codegen.compile import compile_protos, discover
from codegen.errors import SchemaError
from codegen.model import ListOf, MapOf, MessageRef, build_schema, named_types
from tests.corpus.harness import LANGUAGES, LONG, REPO, diff_summary, snapshot, write_config
from tests.strategies.schemas import schema_sets

_examples = os.environ.get("PROTOBIND_RANDOM_EXAMPLES")
_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
}
settings.register_profile(
    "protobind-random-ci",
    max_examples=int(_examples or 4),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    print_blob=True,
    **_COMMON,  # type: ignore[arg-type]
)
settings.register_profile(
    "protobind-random-long",
    max_examples=int(_examples or 100),
    **_COMMON,  # type: ignore[arg-type]
)
PROFILE = settings.get_profile("protobind-random-long" if LONG else "protobind-random-ci")
# The model-only check costs milliseconds: run it on many more examples.
MODEL_PROFILE = settings(PROFILE, max_examples=int(_examples or (1000 if LONG else 25)))
FAILURES = REPO / "build" / "random-schemas"
# A failing example's repr is the whole schema set: long, and kept on disk anyway.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def _write(root: Path, files: dict[str, str]) -> Path:
    protos = root / "protos"
    for name, text in files.items():
        path = protos / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return protos


def _keep(files: dict[str, str], language: str) -> Path:
    """Save a failing example below build/random-schemas for replay."""
    digest = hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()[:12]
    dest = FAILURES / f"{language}-{digest}"
    shutil.rmtree(dest, ignore_errors=True)
    _write(dest, files)
    write_config(dest, language)
    return dest


@settings(MODEL_PROFILE)
@given(files=schema_sets())
def test_random_schemas_are_valid_and_build_the_model(
    files: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """protoc accepts every drawn set (else the strategy is wrong), and the model holds:
    every referenced type exists, map entries and synthetic oneofs are folded."""
    root = tmp_path_factory.mktemp("model")
    protos = _write(root, files)
    sources = discover([protos])
    try:
        compiled = compile_protos([protos], sources)
    except SchemaError as e:
        pytest.fail(
            "protoc rejects a drawn schema set (fix tests/strategies/schemas.py):\n"
            + str(e)
            + "\n\n"
            + "\n".join(f"== {n}\n{t}" for n, t in sorted(files.items()))
        )
    schema = build_schema(
        compiled.descriptors.file,
        inputs=[s.name for s in sources],
        sources={s.name: f"protos/{s.name}" for s in sources},
    )
    for f in schema.files_to_generate():
        for m in f.all_messages():
            assert not m.name.endswith("Entry") or not any(
                isinstance(x.type, MapOf) for x in m.fields
            )
            oneof_names = {o.name for o in m.oneofs}
            for fl in m.fields:
                for ref in named_types(fl.type):
                    target = (
                        schema.message(ref) if isinstance(ref, MessageRef) else schema.enum(ref)
                    )
                    assert target.full_name == ref.full_name
                assert fl.oneof is None or fl.oneof in oneof_names
                assert not (isinstance(fl.type, (ListOf, MapOf)) and fl.has_presence)
            assert not [o for o in m.oneofs if o.name.startswith("_")] or all(
                any(fl.oneof == o.name for fl in m.fields) for o in m.oneofs
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_random_schemas_compile(language: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    @PROFILE
    @given(files=schema_sets())
    def check(files: dict[str, str]) -> None:
        root = tmp_path_factory.mktemp(f"random-{language}")
        _write(root / "a", files)
        first = write_config(root / "a", language)
        run = first.protobind("generate")
        if run.code != 0 or "Traceback" in run.stderr:
            kept = _keep(files, language)
            pytest.fail(f"protobind generate failed (protos kept in {kept}):\n{run.describe()}")
        # The same protos listed in reverse order give the same bytes.
        _write(root / "b", dict(reversed(list(files.items()))))
        second = write_config(
            root / "b", language, inputs=[f"protos/{n}" for n in sorted(files, reverse=True)]
        )
        second.protobind("generate")
        a, b = snapshot(first.out), snapshot(second.out)
        if a != b:
            kept = _keep(files, language)
            pytest.fail(
                f"output depends on input order (protos kept in {kept}):\n{diff_summary(a, b)}"
            )
        try:
            first.check()
        except AssertionError as e:
            kept = _keep(files, language)
            raise AssertionError(
                f"generated {language} does not compile (protos kept in {kept}):\n{e}"
            ) from None

    check()
