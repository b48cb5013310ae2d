"""Lint and breaking settings: from `buf.yaml` (v1 or v2) when one governs the inputs,
from `[protobind.lint]` / `[protobind.breaking]` otherwise (docs/config.md).

Errors name the file and key, and exit 2 like every config error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegen.errors import ConfigError
from codegen.governance.catalog import BREAKING_RULES, LINT_RULES, RuleInfo
from codegen.governance.lintrules import LintOptions
from codegen.paths import display_path

PROTOBIND_CATEGORY = "PROTOBIND"


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """One `lint` or `breaking` section, resolved."""

    version: str
    """"v1" or "v2": rule categories differ between buf config versions."""
    use: tuple[str, ...]
    except_: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    """Paths (files or folders, relative to the module root) no rule reports on."""
    ignore_only: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    allow_comment_ignores: bool = True
    lint_options: LintOptions = field(default_factory=LintOptions)
    ignore_unstable_packages: bool = False
    source: str = "defaults"
    """Where the settings came from, for messages."""


@dataclass(frozen=True, slots=True)
class Module:
    """A folder of .proto files checked as one unit (buf's module)."""

    root: Path
    lint: CheckSettings
    breaking: CheckSettings
    excludes: tuple[Path, ...] = ()


LINT_DEFAULT_USE = {"v1": ("DEFAULT",), "v2": ("STANDARD",)}
BREAKING_DEFAULT_USE = ("FILE",)


def _catalog(kind: str) -> tuple[RuleInfo, ...]:
    return LINT_RULES if kind == "lint" else BREAKING_RULES


def resolve_rules(
    settings: CheckSettings, kind: str, extra: Mapping[str, Sequence[str]]
) -> list[str]:
    """The rule IDs `use` minus `except` selects. `extra` maps protobind rule IDs to their
    categories (always PROTOBIND)."""
    version = settings.version
    table: dict[str, tuple[str, ...]] = {}
    for info in _catalog(kind):
        if version == "v1" and info.in_v1:
            table[info.id] = info.v1
        elif version == "v2" and info.in_v2:
            table[info.id] = info.v2
    for rid, cats in extra.items():
        table[rid] = tuple(cats)

    def expand(names: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for n in names:
            cat = "STANDARD" if (version == "v2" and n == "DEFAULT") else n
            if n in table:
                out.add(n)
            else:
                members = {rid for rid, cats in table.items() if cat in cats}
                if not members and cat != PROTOBIND_CATEGORY:
                    raise ConfigError(
                        f"{settings.source}: {kind}.use/except: unknown rule or category {n!r}"
                    )
                out |= members
        return out

    chosen = expand(settings.use) - expand(settings.except_)
    return sorted(chosen)


# --- buf.yaml -------------------------------------------------------------------------------


def find_buf_yaml(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "buf.yaml"
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def read_buf_yaml(path: Path) -> list[Module]:
    import yaml

    where = display_path(path)
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{where}: cannot read buf.yaml: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    version = str(data.get("version", "v1"))
    if version not in ("v1", "v1beta1", "v2"):
        raise ConfigError(f'{where}: version: expected "v1" or "v2", got {version!r}')
    version = "v1" if version == "v1beta1" else version
    root = path.parent
    if version == "v1":
        lint = _section(data.get("lint"), "v1", "lint", where)
        breaking = _section(data.get("breaking"), "v1", "breaking", where)
        build = data.get("build") or {}
        excludes = _strings(
            build.get("excludes") if isinstance(build, dict) else None, "build.excludes", where
        )
        return [Module(root, lint, breaking, tuple((root / e).resolve() for e in excludes))]
    top_lint = data.get("lint")
    top_breaking = data.get("breaking")
    modules = data.get("modules") or [{"path": "."}]
    out = []
    for i, raw in enumerate(modules):
        if not isinstance(raw, dict) or not isinstance(raw.get("path", "."), str):
            raise ConfigError(f"{where}: modules[{i}]: expected a mapping with a path")
        mroot = (root / raw.get("path", ".")).resolve()
        lint = _section(raw.get("lint", top_lint), "v2", "lint", where, base=root, module=mroot)
        breaking = _section(
            raw.get("breaking", top_breaking), "v2", "breaking", where, base=root, module=mroot
        )
        paths = _strings(raw.get("excludes"), f"modules[{i}].excludes", where)
        out.append(Module(mroot, lint, breaking, tuple((root / e).resolve() for e in paths)))
    return out


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ConfigError(f"{where}: {key}: expected a list of strings")
    return tuple(value)


_LINT_KEYS = {
    "use", "except", "ignore", "ignore_only", "enum_zero_value_suffix",
    "rpc_allow_same_request_response", "rpc_allow_google_protobuf_empty_requests",
    "rpc_allow_google_protobuf_empty_responses", "service_suffix", "allow_comment_ignores",
    "disallow_comment_ignores", "disable_builtin",
}  # fmt: skip
_BREAKING_KEYS = {
    "use",
    "except",
    "ignore",
    "ignore_only",
    "ignore_unstable_packages",
    "disable_builtin",
}


def _section(
    raw: Any,
    version: str,
    kind: str,
    where: str,
    *,
    base: Path | None = None,
    module: Path | None = None,
) -> CheckSettings:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: {kind}: expected a mapping")
    known = _LINT_KEYS if kind == "lint" else _BREAKING_KEYS
    for k in raw:
        if k not in known:
            raise ConfigError(
                f"{where}: {kind}.{k}: unknown key; expected one of {', '.join(sorted(known))}"
            )
    default_use = LINT_DEFAULT_USE[version] if kind == "lint" else BREAKING_DEFAULT_USE
    use = _strings(raw.get("use"), f"{kind}.use", where) or default_use

    def rel(p: str) -> str:
        # v2 paths are relative to buf.yaml's folder; findings use module-relative paths.
        if base is None or module is None:
            return p.rstrip("/")
        full = (base / p).resolve()
        try:
            return full.relative_to(module).as_posix()
        except ValueError:
            return "\0outside"

    ignore = tuple(rel(p) for p in _strings(raw.get("ignore"), f"{kind}.ignore", where))
    only_raw = raw.get("ignore_only") or {}
    if not isinstance(only_raw, dict):
        raise ConfigError(f"{where}: {kind}.ignore_only: expected a mapping of rule to paths")
    ignore_only = {
        str(k): tuple(rel(p) for p in _strings(v, f"{kind}.ignore_only.{k}", where))
        for k, v in only_raw.items()
    }
    if version == "v1":
        allow = bool(raw.get("allow_comment_ignores", False))
    else:
        allow = not bool(raw.get("disallow_comment_ignores", False))
    opts = LintOptions(
        enum_zero_value_suffix=str(raw.get("enum_zero_value_suffix", "_UNSPECIFIED")),
        rpc_allow_same_request_response=bool(raw.get("rpc_allow_same_request_response", False)),
        rpc_allow_google_protobuf_empty_requests=bool(
            raw.get("rpc_allow_google_protobuf_empty_requests", False)
        ),
        rpc_allow_google_protobuf_empty_responses=bool(
            raw.get("rpc_allow_google_protobuf_empty_responses", False)
        ),
        service_suffix=str(raw.get("service_suffix", "Service")),
    )
    return CheckSettings(
        version=version,
        use=use,
        except_=_strings(raw.get("except"), f"{kind}.except", where),
        ignore=ignore,
        ignore_only=ignore_only,
        allow_comment_ignores=allow,
        lint_options=opts,
        ignore_unstable_packages=bool(raw.get("ignore_unstable_packages", False)),
        source=where,
    )


# --- protobind.toml -------------------------------------------------------------------------

LINT_TOML_KEYS = {
    "use": "a list of rule IDs or categories (default: buf's STANDARD plus PROTOBIND)",
    "except": "a list of rule IDs or categories to leave out",
    "ignore": "a list of paths (relative to the proto root) no rule reports on",
    "ignore_only": "a table: rule ID -> list of paths",
    "enum_zero_value_suffix": 'a string (default "_UNSPECIFIED")',
    "rpc_allow_same_request_response": "true or false",
    "rpc_allow_google_protobuf_empty_requests": "true or false",
    "rpc_allow_google_protobuf_empty_responses": "true or false",
    "service_suffix": 'a string (default "Service")',
    "allow_comment_ignores": "true or false (default true)",
}
BREAKING_TOML_KEYS = {
    "use": 'a list of rule IDs or categories (default ["FILE"])',
    "except": "a list of rule IDs or categories to leave out",
    "ignore": "a list of paths no rule reports on",
    "ignore_only": "a table: rule ID -> list of paths",
    "ignore_unstable_packages": "true or false",
}


def from_toml(raw: Any, kind: str, where: str) -> CheckSettings:
    """`[protobind.lint]` / `[protobind.breaking]`: buf's v2 keys, in TOML."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a table")
    known = LINT_TOML_KEYS if kind == "lint" else BREAKING_TOML_KEYS
    for k in raw:
        if k not in known:
            raise ConfigError(f"{where}.{k}: unknown key; expected one of {', '.join(known)}")
    section = dict(raw)
    if kind == "lint":
        section.setdefault("use", ["STANDARD", PROTOBIND_CATEGORY])
        if "allow_comment_ignores" in section:
            section["disallow_comment_ignores"] = not section.pop("allow_comment_ignores")
    return _section(section, "v2", kind, where)
