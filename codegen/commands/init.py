"""`protobind init`: scaffold a config, a Makefile snippet, a pre-commit entry and a CI workflow.

Existing files are never overwritten: when one is already there, the snippet that would
have gone into it is printed instead, for the user to merge by hand. Only what works is
written: the pre-commit hook and the CI job name a protobind repository and revision only
when the installed protobind knows where it came from (installed from a git URL, PEP 610);
otherwise the hook runs the installed `protobind` and the CI job is printed for the user
to complete, not written with a made-up source.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import UsageError
from codegen.paths import display_path, plural

_SKIP_DIRS = {"node_modules", "vendor", "third_party", "build", "dist", "target", "venv", "out"}
# Only to guess the import roots for the scaffold; the generated config is then verified
# by compiling with protoc, which is the one real parser.
_IMPORT = re.compile(r'^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;', re.MULTILINE)
DEFAULT_LANGUAGES = ("python", "go", "typescript")


@dataclass(frozen=True)
class Source:
    """Where the installed protobind came from, when that is a place CI can install from."""

    url: str
    """A git URL (what pre-commit's `repo:` and pip's `git+` take)."""
    commit: str


@dataclass(frozen=True)
class Scaffold:
    path: str
    content: str
    hint: str
    """What to do with `content` when `path` exists already."""
    after: str = ""
    """What the user must still do once `path` is written."""
    withheld: str = ""
    """Why `path` is not written at all (then `content` is printed for the user to finish)."""


def init(
    root: Path,
    proto_paths: Sequence[str] = (),
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    out: str = "generated",
    dry_run: bool = False,
) -> int:
    root = root.resolve()
    for lang in languages:
        if lang not in DEFAULT_LANGUAGES:
            raise UsageError(
                f"--languages: unknown language {lang!r}; expected python, go, typescript"
            )
    roots = list(proto_paths) or find_proto_roots(root)
    if not roots:
        raise UsageError(f"no .proto files found below {display_path(root)}; pass --proto-path DIR")
    for r in roots:
        if not (root / r).is_dir():
            raise UsageError(f"--proto-path: {r!r} is not a folder")
    files = scaffolds(root, roots, languages, out, installed_from())
    wrote, skipped, withheld = [], [], []
    for s in files:
        path = root / s.path
        if s.withheld:
            withheld.append(s)
            continue
        if path.exists() or _has_pyproject_config(root, s):
            skipped.append(s)
            continue
        if not dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            # "x": never overwrite, even if the file appeared since the check above.
            with path.open("x", encoding="utf-8") as f:
                f.write(s.content)
        wrote.append(s)
    verb = "would write" if dry_run else "wrote"
    for s in wrote:
        print(
            f"protobind init: {verb} {s.path}" + (f". {s.after}" if s.after else ""),
            file=sys.stderr,
        )
    for s in skipped:
        print(f"\nprotobind init: {s.path} exists, left as it is. {s.hint}\n", file=sys.stderr)
        print(s.content, file=sys.stderr)
    for s in withheld:
        print(f"\nprotobind init: not writing {s.path}: {s.withheld}\n", file=sys.stderr)
        print(s.content, file=sys.stderr)
    _verify(root / "protobind.toml")
    print(
        "\nNext: review protobind.toml, then run `protobind generate` and commit the output.",
        file=sys.stderr,
    )
    return 0


def _verify(config_path: Path) -> None:
    """Compile the schemas with the config as written, so a bad guess shows up now."""
    if not config_path.is_file():
        return
    from codegen.config import load_config
    from codegen.errors import ProtobindError, SchemaError
    from codegen.pipeline import load_schema

    try:
        schema, _ = load_schema(load_config(config_path))
    except SchemaError as e:
        print("\nprotobind init: the schemas do not compile with this config yet:", file=sys.stderr)
        for d in e.diagnostics:
            print(f"  {d}", file=sys.stderr)
        print(
            "Fix proto_paths in protobind.toml (or the schemas), then run protobind generate.",
            file=sys.stderr,
        )
        return
    except ProtobindError as e:
        print(f"\nprotobind init: {config_path.name}: {e}", file=sys.stderr)
        return
    print(
        f"protobind init: {plural(len(schema.generate), 'schema file')} "
        f"{'compiles' if len(schema.generate) == 1 else 'compile'} with this config",
        file=sys.stderr,
    )


def _has_pyproject_config(root: Path, s: Scaffold) -> bool:
    if s.path != "protobind.toml":
        return False
    pyproject = root / "pyproject.toml"
    return pyproject.is_file() and "[tool.protobind]" in pyproject.read_text("utf-8", "replace")


def find_proto_roots(root: Path) -> list[str]:
    """Guess the import roots: folders from which every import of every .proto resolves."""
    protos: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP_DIRS)
        protos.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".proto"))
    if not protos:
        return []
    roots: set[Path] = set()
    for proto in protos:
        try:
            text = proto.read_text("utf-8", "replace")
        except OSError:
            continue
        for imported in _IMPORT.findall(text):
            if imported.startswith("google/protobuf/"):
                continue
            for folder in proto.parents:
                if (folder / imported).is_file():
                    roots.add(folder)
                    break
                if folder == root:
                    break
    for proto in protos:
        if not any(r in proto.parents for r in roots):
            rel = proto.relative_to(root)
            roots.add(root / rel.parts[0] if len(rel.parts) > 1 else root)
    # Nested roots would give one file two import paths: keep the outermost.
    outer = sorted(r for r in roots if not any(o in r.parents for o in roots))
    return [r.relative_to(root).as_posix() or "." for r in outer]


def scaffolds(
    root: Path,
    roots: Sequence[str],
    languages: Sequence[str],
    out: str,
    source: Source | None = None,
) -> list[Scaffold]:
    makefile = _makefile_name(root)
    if makefile == "protobind.mk":
        make = Scaffold(
            makefile,
            MAKEFILE,
            "Add `include protobind.mk` to your Makefile if it lacks it, or merge these rules:",
            after="Add `include protobind.mk` to your Makefile to get its rules",
        )
    else:
        make = Scaffold(
            makefile, MAKEFILE, "It runs protobind already; these are the rules init offers:"
        )
    return [
        Scaffold(
            "protobind.toml",
            config_text(root, roots, languages, out),
            "Merge these settings into it by hand:",
        ),
        make,
        Scaffold(
            ".pre-commit-config.yaml", pre_commit_text(source), "Add this entry to its `repos:`:"
        ),
        Scaffold(
            ".github/workflows/protobind.yml",
            workflow_text(source),
            "Merge this job into it:",
            withheld=""
            if source
            else "this protobind was not installed from a git URL, so init cannot tell CI "
            "where to install it from. Replace <PROTOBIND> in this job with what you "
            "installed (a git URL with @<tag-or-commit>, or a wheel your CI can reach; see "
            "protobind's README, Install) and save it there:",
        ),
    ]


def installed_from() -> Source | None:
    """The git URL and commit the installed protobind was built from, if pip recorded one."""
    from importlib import metadata

    try:
        text = metadata.distribution("protobind").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return parse_direct_url(text)


def parse_direct_url(text: str | None) -> Source | None:
    """A `Source` from PEP 610's direct_url.json, for a git install from a URL that another
    machine can reach (not a local path: CI and pre-commit would not find it)."""
    import json

    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    vcs, url = data.get("vcs_info"), data.get("url")
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not isinstance(url, str):
        return None
    commit = vcs.get("commit_id")
    if not isinstance(commit, str) or not commit or url.startswith("file:"):
        return None
    return Source(url, commit)


def _makefile_name(root: Path) -> str:
    """A new Makefile, else protobind.mk beside the user's own (or the Makefile itself when
    it already runs protobind, so a second `init` writes nothing)."""
    makefile = root / "Makefile"
    if not makefile.exists() or "protobind" in makefile.read_text("utf-8", "replace"):
        return "Makefile"
    return "protobind.mk"


def config_text(root: Path, roots: Sequence[str], languages: Sequence[str], out: str) -> str:
    paths = ", ".join(f'"{r}"' for r in roots)
    lines = [
        "# protobind: .proto files -> typed bindings (`protobind generate`, `protobind check`).",
        "# Paths are relative to this file. Target keys: language, out, templates, package",
        "# (python), module (go), grpc (python, go), packaging (`pip install`-able, go.mod,",
        "# package.json).",
        "[protobind]",
        f"proto_paths = [{paths}]  # import roots; every .proto below them is an input",
        '# inputs = ["proto/acme"]  # optional: generate only these files or folders',
        'json = { names = "json", int64 = "string" }  # canonical ProtoJSON',
    ]
    for lang in languages:
        lines += ["", "[[protobind.targets]]", f'language = "{lang}"']
        if lang == "python":
            package = re.sub(r"\W", "_", root.name.lower()) + "_proto" if root.name else "gen"
            if not package.isidentifier():
                package = "gen_proto"
            lines += [f'out = "{out}/python/{package}"', f'package = "{package}"']
        elif lang == "go":
            lines.append(f'out = "{out}/go"')
            if _go_module_above(root) is None:
                lines.append(
                    f'module = "example.com/{root.name or "project"}/{out}/go"'
                    "  # the Go import path of out: change it to yours"
                )
            else:
                lines.append("# module: taken from your go.mod")
        else:
            lines.append(f'out = "{out}/typescript"')
    return "\n".join(lines) + "\n"


def _go_module_above(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        if (folder / "go.mod").is_file():
            return folder / "go.mod"
    return None


MAKEFILE = """\
# protobind: regenerate bindings, and the drift check CI runs.
.PHONY: generate check-generated

generate:
\tprotobind generate

check-generated:
\tprotobind check
"""


def pre_commit_text(source: Source | None) -> str:
    if source is None:
        # The installed protobind, whatever installed it: works wherever `protobind` is on
        # PATH, as it is for the developer who ran init.
        return """\
repos:
  - repo: local
    hooks:
      - id: protobind-check      # fails when generated code drifts from the schemas
        name: protobind check
        entry: protobind check --color never
        language: system
        pass_filenames: false
        files: '(\\.proto$|(^|/)protobind\\.toml$|(^|/)pyproject\\.toml$)'
"""
    return f"""\
repos:
  - repo: {source.url}
    rev: {source.commit}
    hooks:
      - id: protobind-check      # fails when generated code drifts from the schemas
      # - id: protobind-generate # or: regenerate, and fail so you review and stage
"""


def workflow_text(source: Source | None) -> str:
    install = f'"protobind @ git+{source.url}@{source.commit}"' if source else "<PROTOBIND>"
    return f"""\
name: protobind
on:
  push:
  pull_request:
jobs:
  drift:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install {install}
      - run: protobind check --format github
"""
