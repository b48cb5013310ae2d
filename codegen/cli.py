"""The `protobind` command: parse arguments, run one command, map errors to exit codes.

Exit codes: 0 success, 1 schema errors or drift, 2 usage/config/output errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from codegen import __version__
from codegen.errors import ProtobindError, SchemaError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"protobind: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--no-cache",
        action="store_true",
        help="always run the whole pipeline (the cache never changes results, only speed)",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say which config file is used",
    )
    common.add_argument(
        "--config",
        metavar="PATH",
        type=Path,
        help="config file (default: protobind.toml, else pyproject.toml with "
        "[tool.protobind], in the current folder or the nearest one above it)",
    )
    parser = _Parser(
        prog="protobind",
        description="Typed Python, Go and TypeScript bindings from .proto files, "
        "with one JSON shape in every language.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""\
Start with `protobind init` (writes protobind.toml), then `protobind generate`, and run
`protobind check` in CI and pre-commit. `protobind COMMAND --help` lists a command's options.

Config: protobind.toml ([protobind]) or pyproject.toml ([tool.protobind]), found in the
current folder or the nearest folder above it; paths in it are relative to it.
Exit codes: 0 ok, 1 drift or schema errors, 2 usage, config or output-folder errors.""",
    )
    parser.add_argument("--version", action="version", version=f"protobind {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    gen = sub.add_parser(
        "generate",
        parents=[common],
        help="write the bindings (only files that changed; stale files removed)",
        description="Compile the schemas and write every target. Only files whose content "
        "changed are rewritten; files protobind wrote earlier that no schema produces now "
        "are deleted. All or nothing: on any error the output folders are left as they were.",
    )
    gen.add_argument(
        "--exit-non-zero-on-change",
        action="store_true",
        help="exit 1 when files were written or removed (for pre-commit: review, stage, retry)",
    )
    check = sub.add_parser(
        "check",
        parents=[common],
        help="fail if the committed bindings differ from what the schemas produce",
        description="The drift check: run the same pipeline in memory and compare with the "
        "disk. Exit 0 when clean, 1 on drift or schema errors, 2 on usage or config errors.",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="report style: text (unified diff), json, or github (Actions annotations)",
    )
    check.add_argument("--no-diff", action="store_true", help="list files only, without a diff")
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the diff (auto: when writing to a terminal)",
    )
    _governance_parsers(sub, common)
    init = sub.add_parser(
        "init",
        help="scaffold protobind.toml, a Makefile snippet, a pre-commit entry and a CI workflow",
        description="Set up protobind in the current folder. Finds the .proto import roots, "
        "writes protobind.toml, a Makefile (or protobind.mk to include), a pre-commit hook "
        "and, when it knows the git source protobind was installed from, "
        ".github/workflows/protobind.yml. Never overwrites a file: for one that exists, "
        "the snippet is printed instead.",
    )
    init.add_argument(
        "--proto-path",
        action="append",
        default=[],
        metavar="DIR",
        help="an import root (repeatable); default: found from the .proto files' imports",
    )
    init.add_argument(
        "--languages",
        default="python,go,typescript",
        help="comma-separated targets (default: python,go,typescript)",
    )
    init.add_argument("--out", default="generated", help="output folder (default: generated)")
    init.add_argument("--dry-run", action="store_true", help="print what would be written")
    return parser


def _governance_parsers(sub: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    fmt_help = (
        "report style: text (path:line:col:message, like buf), json (buf's JSON lines), "
        "github (Actions annotations)"
    )
    lint = sub.add_parser(
        "lint",
        parents=[common],
        help="check the schemas against buf's lint rules and protobind's own",
        description="Lint the schemas with buf's rule IDs and categories (read from buf.yaml "
        "when one governs the inputs, from [protobind.lint] otherwise) plus PROTOBIND_* rules. "
        "`// buf:lint:ignore RULE_ID` in a leading comment silences one finding. "
        "Exit 0 when clean, 1 on findings or schema errors, 2 on usage or config errors.",
    )
    lint.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="a folder of .proto files (with its buf.yaml) instead of the config's proto_paths",
    )
    lint.add_argument("--format", choices=("text", "json", "github"), default="text", help=fmt_help)
    breaking = sub.add_parser(
        "breaking",
        parents=[common],
        help="compare the schemas with an earlier version: buf's breaking rules plus the "
        "targets' API",
        description="Report breaking changes against REF with buf's rule IDs and categories "
        "(FILE, PACKAGE, WIRE_JSON, WIRE; from buf.yaml or [protobind.breaking]), each with its "
        "effect on the wire, on JSON and on every configured target's generated API, plus "
        "source-breaking changes buf does not flag (PROTOBIND_API_CHANGE). "
        "Exit 0 when clean, 1 on findings or schema errors, 2 on usage or config errors.",
    )
    breaking.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="a folder of .proto files (with its buf.yaml) instead of the config's proto_paths",
    )
    breaking.add_argument(
        "--against",
        required=True,
        metavar="REF",
        help="a git ref (main, HEAD~1, v1.2.0), a folder, or a descriptor set file (.binpb, .pb)",
    )
    breaking.add_argument(
        "--format", choices=("text", "json", "github"), default="text", help=fmt_help
    )
    breaking.add_argument(
        "--no-effects",
        action="store_true",
        help="buf's findings only, without protobind's wire/JSON/API notes",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "verbose", False):
            _say_config(args.config)
        if args.command == "generate":
            from codegen.commands.generate import generate

            return generate(
                args.config,
                use_cache=not args.no_cache,
                fail_on_change=args.exit_non_zero_on_change,
            )
        if args.command == "check":
            from codegen.commands.check import check

            return check(
                args.config,
                fmt=args.format,
                diff=not args.no_diff,
                color=args.color,
                use_cache=not args.no_cache,
            )
        if args.command == "lint":
            from codegen.commands.lint import lint

            return lint(args.folder, args.config, fmt=args.format)
        if args.command == "breaking":
            from codegen.commands.breaking import breaking

            return breaking(
                args.folder,
                args.config,
                against=args.against,
                fmt=args.format,
                effects=not args.no_effects,
            )
        if args.command == "init":
            from codegen.commands.init import init

            return init(
                Path.cwd(),
                proto_paths=args.proto_path,
                languages=[x.strip() for x in args.languages.split(",") if x.strip()],
                out=args.out,
                dry_run=args.dry_run,
            )
    except SchemaError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        return e.exit_code
    except ProtobindError as e:
        print(f"protobind: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    raise AssertionError(f"unhandled command {args.command}")


def _say_config(given: Path | None) -> None:
    from codegen.config import find_config
    from codegen.paths import display_path

    if given is not None:
        print(f"protobind: using config {display_path(Path.cwd() / given)}", file=sys.stderr)
        return
    found = find_config(Path.cwd())
    print(f"protobind: using config {display_path(found)} (nearest one found)", file=sys.stderr)


def run() -> NoReturn:
    """The `protobind` command: `main`, then leave without the interpreter's clean-up.

    After a large run the process holds the whole model, hundreds of thousands of objects
    that need no finalising; freeing them one by one on the way out cost 0.1-0.2 s at a
    thousand files. Output files, the lock and temporary folders are all closed by then.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        # A stream closed early (`protobind check | head -1`) has nothing left to save.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
