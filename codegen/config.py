"""The configuration: `protobind.toml` (`[protobind]`) or `pyproject.toml` (`[tool.protobind]`).

Everything is validated here, once, into frozen dataclasses. Every error names the
file, the key and what was expected, so a user never has to guess.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from codegen.errors import ConfigError
from codegen.paths import display_path

Language = Literal["python", "go", "typescript", "rust"]
LANGUAGES: tuple[Language, ...] = ("python", "go", "typescript", "rust")
NameStyle = Literal["json", "proto"]
Int64Style = Literal["string", "number"]

CONFIG_FILES = ("protobind.toml", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class JsonProfile:
    """How JSON is written (DESIGN §5). Parsers accept both forms whatever the profile."""

    names: NameStyle = "json"
    int64: Int64Style = "string"


@dataclass(frozen=True, slots=True)
class Packaging:
    """`packaging = true` (or a table): the target also writes its language's package
    files (codegen/packaging.py)."""

    name: str | None = None
    """The distribution (python) or npm (typescript) name; default derived from the target."""


@dataclass(frozen=True, slots=True)
class TargetConfig:
    language: Language
    out: Path
    """Absolute output root of this target."""
    templates: Path | None = None
    """A folder of user templates that override the built-in ones by file name."""
    package: str | None = None
    """python: the dotted package that `out` is (modules import each other through it)."""
    module: str | None = None
    """go: the Go import path of `out`, for imports between generated packages; when the
    config does not give it, derived from the nearest go.mod at or above `out`."""
    grpc: bool = False
    """python, go: also write gRPC bindings on grpcio / grpc-go (DESIGN §9). Off by
    default so a JSON-and-binary-only user takes no gRPC dependency."""
    packaging: Packaging | None = None
    """Write pyproject.toml + py.typed / go.mod / package.json + tsconfig.json (off: None)."""


@dataclass(frozen=True, slots=True)
class Config:
    source: Path
    """The file the configuration was read from (absolute)."""
    root: Path
    """The folder of `source`; every path in the file is relative to it."""
    proto_paths: tuple[Path, ...]
    inputs: tuple[Path, ...] | None
    json: JsonProfile
    targets: tuple[TargetConfig, ...]


# Keys each table accepts: key -> description of what is expected (used in errors).
_TOP_KEYS = {
    "proto_paths": "a non-empty list of folders",
    "inputs": "a list of .proto files or folders",
    "json": 'a table such as { names = "json", int64 = "string" }',
    "targets": "an array of tables ([[targets]])",
    # Read by `protobind lint` / `protobind breaking` (codegen/governance/settings.py).
    "lint": "a table of lint settings (docs/config.md, [protobind.lint])",
    "breaking": "a table of breaking settings (docs/config.md, [protobind.breaking])",
}
_JSON_KEYS: dict[str, tuple[str, ...]] = {"names": ("json", "proto"), "int64": ("string", "number")}
_COMMON_TARGET_KEYS = ("language", "out", "templates", "packaging")
_LANGUAGE_KEYS: dict[str, tuple[str, ...]] = {
    "python": ("package", "grpc"),
    "go": ("module", "grpc"),
    "typescript": (),
    "rust": ("grpc",),
}


def find_config(start: Path) -> Path:
    """The nearest config at or above `start`, as git, ruff and buf find theirs: in each
    folder up to the filesystem root, protobind.toml, else a pyproject.toml that has a
    [tool.protobind] table (one without it is passed over, as ruff passes over one
    without [tool.ruff])."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                data = _read_toml(candidate)
                if "protobind" not in data.get("tool", {}):
                    continue
            return candidate
    raise ConfigError(
        f"no configuration found in {display_path(start)} or any folder above it: create "
        "protobind.toml with a [protobind] table, add [tool.protobind] to pyproject.toml, "
        "pass --config PATH, or run `protobind init`"
    )


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Read and validate the configuration at `path` (or the nearest one at or above `cwd`)."""
    cwd = (cwd or Path.cwd()).resolve()
    if path is None:
        path = find_config(cwd)
    path = (cwd / path).resolve()
    if not path.is_file():
        raise ConfigError(f"{display_path(path)}: config file not found")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("protobind")
        where = "tool.protobind"
    else:
        for key in data:
            if key != "protobind":
                raise ConfigError(
                    f"{display_path(path)}: {key}: unknown table; "
                    "the file holds one [protobind] table"
                )
        table = data.get("protobind")
        where = "protobind"
    if table is None:
        raise ConfigError(f"{display_path(path)}: no [{where}] table")
    return parse_config(table, source=path, where=where)


def parse_config(table: Any, *, source: Path, where: str = "protobind") -> Config:
    """Validate an already-parsed TOML table; `where` is its dotted name, for messages."""
    v = _Validator(source)
    v.table(table, where)
    v.no_unknown_keys(table, where, _TOP_KEYS)
    root = source.parent

    if "proto_paths" not in table:
        raise v.error(f"{where}.proto_paths", "is required: " + _TOP_KEYS["proto_paths"])
    raw_paths = v.string_list(table["proto_paths"], f"{where}.proto_paths", non_empty=True)
    proto_paths = tuple(v.existing_dir(root, p, f"{where}.proto_paths") for p in raw_paths)

    inputs: tuple[Path, ...] | None = None
    if "inputs" in table:
        raw_inputs = v.string_list(table["inputs"], f"{where}.inputs", non_empty=True)
        inputs = tuple(v.existing(root, p, f"{where}.inputs") for p in raw_inputs)

    json = JsonProfile()
    if "json" in table:
        jt = table["json"]
        v.table(jt, f"{where}.json")
        v.no_unknown_keys(jt, f"{where}.json", {k: "" for k in _JSON_KEYS})
        values: dict[str, str] = {}
        for key, allowed in _JSON_KEYS.items():
            if key in jt:
                values[key] = v.choice(jt[key], f"{where}.json.{key}", allowed)
        json = JsonProfile(**values)  # type: ignore[arg-type]

    targets: list[TargetConfig] = []
    raw_targets = table.get("targets", [])
    if not isinstance(raw_targets, list) or not all(isinstance(t, dict) for t in raw_targets):
        raise v.error(f"{where}.targets", "expected an array of tables ([[targets]])")
    if not raw_targets:
        raise v.error(f"{where}.targets", "is required: at least one [[targets]] table")
    outs: dict[Path, str] = {}
    for i, raw in enumerate(raw_targets):
        target = _parse_target(v, raw, f"{where}.targets[{i}]", root)
        for other, other_key in outs.items():
            if target.out == other or target.out in other.parents or other in target.out.parents:
                raise v.error(
                    f"{where}.targets[{i}].out",
                    f"{display_path(target.out)} overlaps the output of {other_key}; "
                    "every target needs its own folder",
                )
        outs[target.out] = f"{where}.targets[{i}]"
        targets.append(target)
    return Config(
        source=source,
        root=root,
        proto_paths=proto_paths,
        inputs=inputs,
        json=json,
        targets=tuple(targets),
    )


def _parse_target(v: _Validator, raw: Mapping[str, Any], key: str, root: Path) -> TargetConfig:
    if "language" not in raw:
        raise v.error(f"{key}.language", "is required: one of " + _quoted(LANGUAGES))
    language = v.choice(raw["language"], f"{key}.language", LANGUAGES)
    allowed = _COMMON_TARGET_KEYS + _LANGUAGE_KEYS[language]
    for k in raw:
        if k not in allowed:
            owners = [lang for lang, keys in _LANGUAGE_KEYS.items() if k in keys]
            hint = f" (`{k}` applies to {' and '.join(owners)} targets only)" if owners else ""
            hint = hint or _did_you_mean(k, allowed)
            raise v.error(
                f"{key}.{k}",
                f"unknown key{hint}; a {language} target accepts " + _quoted(allowed),
            )
    if "out" not in raw:
        raise v.error(f"{key}.out", "is required: the folder to write into")
    out_raw = v.string(raw["out"], f"{key}.out")
    out = (root / out_raw).resolve()
    if out == root or out in root.parents:
        raise v.error(f"{key}.out", f"{out_raw!r} must be a folder below the config file's folder")
    templates = None
    if "templates" in raw:
        templates = v.existing_dir(
            root, v.string(raw["templates"], f"{key}.templates"), f"{key}.templates"
        )
    package = v.python_package(raw["package"], f"{key}.package") if "package" in raw else None
    module = v.go_import_path(raw["module"], f"{key}.module") if "module" in raw else None
    packaging = _parse_packaging(v, raw.get("packaging", False), f"{key}.packaging")
    if language == "go":
        module = _go_module(v, key, out, module, packaging is not None)
    if packaging is not None and language == "python":
        if package is None:
            raise v.error(
                f"{key}.packaging",
                "needs `package` (the Python package the distribution installs); "
                'add package = "..." naming the package that `out` is',
            )
        import_root = out.parents[len(package.split(".")) - 1]
        if import_root == root or root not in import_root.parents:
            raise v.error(
                f"{key}.packaging",
                f"the package's import root {display_path(import_root)} (where "
                "pyproject.toml goes) must be a folder below the config's folder: "
                "put `out` one folder deeper",
            )
    grpc = False
    if "grpc" in raw:
        grpc = v.boolean(raw["grpc"], f"{key}.grpc")
    return TargetConfig(
        language=language,  # type: ignore[arg-type]
        out=out,
        templates=templates,
        package=package,
        module=module,
        grpc=grpc,
        packaging=packaging,
    )


def _parse_packaging(v: _Validator, value: Any, key: str) -> Packaging | None:
    if isinstance(value, bool):
        return Packaging() if value else None
    if not isinstance(value, dict):
        raise v.error(
            key, f'expected true, false or a table {{ name = "..." }}, got {_describe(value)}'
        )
    v.no_unknown_keys(value, key, {"name": "a non-empty string"})
    name = v.string(value["name"], f"{key}.name") if "name" in value else None
    return Packaging(name)


def _go_module(
    v: _Validator, key: str, out: Path, module: str | None, packaging: bool
) -> str | None:
    """The Go import path of `out`, checked against the go.mod that governs it.

    The nearest go.mod at or above `out` decides what `out`'s import path is; a `module`
    that says otherwise is caught here rather than by the first `go build`. With packaging,
    `out` gets a go.mod of its own (a nested module, which may take any path): only a
    missing `module` is then taken from the go.mod above."""
    found = _enclosing_go_mod(out.parent if packaging else out)
    derived = None
    if found is not None:
        go_mod, base = found
        rel = out.relative_to(go_mod.parent).as_posix()
        derived = base if rel == "." else f"{base}/{rel}"
        if module is not None and module != derived and not packaging:
            raise v.error(
                f"{key}.module",
                f"{module!r} contradicts {display_path(go_mod)} (module {base}), which "
                f"makes `out` {derived!r}: expected {derived!r}, or leave `module` out",
            )
    module = module or derived
    if module is None and packaging:
        raise v.error(
            f"{key}.module",
            "is required with packaging = true (the module path go.mod declares), "
            "and no go.mod above `out` gives it",
        )
    return module


def _enclosing_go_mod(start: Path) -> tuple[Path, str] | None:
    """The nearest go.mod at or above `start` and its module path; one protobind wrote
    itself (packaging, now or earlier) is passed over: it is output, not a constraint."""
    for folder in (start, *start.parents):
        go_mod = folder / "go.mod"
        if not go_mod.is_file():
            continue
        try:
            text = go_mod.read_text("utf-8")
        except OSError:
            return None
        if text.startswith("// Code generated by protobind"):
            continue
        for line in text.splitlines():
            words = line.split("//", 1)[0].split()
            if len(words) == 2 and words[0] == "module":
                return go_mod, words[1].strip('"`')
        return None
    return None


class _Validator:
    def __init__(self, source: Path) -> None:
        self.source = source

    def error(self, key: str, what: str) -> ConfigError:
        return ConfigError(f"{display_path(self.source)}: {key}: {what}")

    def table(self, value: Any, key: str) -> None:
        if not isinstance(value, dict):
            raise self.error(key, f"expected a table, got {_describe(value)}")

    def no_unknown_keys(self, table: Mapping[str, Any], key: str, known: Mapping[str, str]) -> None:
        for k in table:
            if k not in known:
                raise self.error(
                    f"{key}.{k}",
                    f"unknown key{_did_you_mean(k, known)}; expected one of " + _quoted(known),
                )

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.error(key, f"expected a non-empty string, got {_describe(value)}")
        return value

    def python_package(self, value: Any, key: str) -> str:
        package = self.string(value, key)
        if not all(p.isidentifier() for p in package.split(".")):
            raise self.error(key, f"expected a dotted Python package name, got {package!r}")
        return package

    def go_import_path(self, value: Any, key: str) -> str:
        module = self.string(value, key).rstrip("/")
        if not module or " " in module:
            raise self.error(key, f"expected a Go import path, got {module!r}")
        return module

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {_describe(value)}")
        return value

    def string_list(self, value: Any, key: str, *, non_empty: bool) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
            raise self.error(key, f"expected a list of strings, got {_describe(value)}")
        if non_empty and not value:
            raise self.error(key, "expected at least one entry")
        return value

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.error(key, f"expected one of {_quoted(allowed)}, got {_describe(value)}")
        return str(value)

    def existing(self, root: Path, raw: str, key: str) -> Path:
        path = (root / raw).resolve()
        if not path.exists():
            raise self.error(key, f"{raw!r} does not exist (relative to {display_path(root)})")
        return path

    def existing_dir(self, root: Path, raw: str, key: str) -> Path:
        path = self.existing(root, raw, key)
        if not path.is_dir():
            raise self.error(key, f"{raw!r} is not a folder")
        return path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            data: dict[str, Any] = tomllib.load(f)
            return data
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{display_path(path)}: invalid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{display_path(path)}: cannot read: {e.strerror}") from None


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _did_you_mean(key: str, known: Any) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _quoted(items: Any) -> str:
    return ", ".join(f'"{x}"' for x in items)
