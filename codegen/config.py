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
}
_JSON_KEYS: dict[str, tuple[str, ...]] = {"names": ("json", "proto"), "int64": ("string", "number")}
_COMMON_TARGET_KEYS = ("language", "out", "templates")
_LANGUAGE_KEYS: dict[str, tuple[str, ...]] = {
    "python": ("package", "grpc"),
    "go": ("module", "grpc"),
    "typescript": (),
    "rust": ("grpc",),
}


def find_config(start: Path) -> Path:
    """The config file in `start`: protobind.toml, else a pyproject.toml with [tool.protobind]."""
    for name in CONFIG_FILES:
        candidate = start / name
        if not candidate.is_file():
            continue
        if name == "pyproject.toml":
            data = _read_toml(candidate)
            if "protobind" not in data.get("tool", {}):
                continue
        return candidate
    raise ConfigError(
        f"no configuration found in {display_path(start)}: create protobind.toml with a "
        "[protobind] table, add [tool.protobind] to pyproject.toml, pass --config PATH, "
        "or run `protobind init`"
    )


def load_config(path: Path | None = None, cwd: Path | None = None) -> Config:
    """Read and validate the configuration at `path` (or the one found in `cwd`)."""
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
    package = None
    if "package" in raw:
        package = v.string(raw["package"], f"{key}.package")
        parts = package.split(".")
        if not all(p.isidentifier() for p in parts):
            raise v.error(
                f"{key}.package", f"expected a dotted Python package name, got {package!r}"
            )
    module = None
    if "module" in raw:
        module = v.string(raw["module"], f"{key}.module").rstrip("/")
        if not module or " " in module:
            raise v.error(f"{key}.module", f"expected a Go import path, got {module!r}")
    if language == "go" and module is None:
        module = _module_from_go_mod(out)
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
    )


def _module_from_go_mod(out: Path) -> str | None:
    """The Go import path of `out`, from the nearest go.mod at or above it (None if none)."""
    for folder in (out, *out.parents):
        go_mod = folder / "go.mod"
        if not go_mod.is_file():
            continue
        try:
            text = go_mod.read_text("utf-8")
        except OSError:
            return None
        for line in text.splitlines():
            words = line.split("//", 1)[0].split()
            if len(words) == 2 and words[0] == "module":
                base = words[1].strip('"`')
                rel = out.relative_to(folder).as_posix()
                return base if rel == "." else f"{base}/{rel}"
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
