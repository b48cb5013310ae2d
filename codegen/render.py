"""The Jinja2 environment every target renders with.

Templates come from `templates/<language>/` (shipped in the wheel as
`codegen/templates/<language>/`); a target's `templates` option puts a user folder in
front (a `ChoiceLoader`), so one construct can be overridden by file name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from codegen.paths import builtin_templates


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates on disk, keyed by Jinja2 on each template's name and source
    checksum (so an edited template is recompiled); a cache that cannot be read or
    written is simply not used."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if os.environ.get("PROTOBIND_NO_TEMPLATE_CACHE"):
        return None
    from codegen.cache import cache_dir

    return _BytecodeCache(str(cache_dir() / "templates"))


@cache
def environment(
    language: str,
    user_templates: Path | None = None,
    globals_: tuple[tuple[str, Callable[..., Any]], ...] = (),
) -> jinja2.Environment:
    """One environment per (language, user folder): templates compile once per process."""
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates() / language)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_bytecode_cache(),
    )
    env.globals.update(dict(globals_))
    return env


def preload(language: str, user_templates: Path | None = None) -> None:
    """Load every template of `language` now (from the bytecode cache when it has them),
    so rendering, here and in processes forked later, finds them loaded. A template that
    fails to load is left for the render to report."""
    env = environment(language, user_templates)
    for name in env.list_templates(extensions=["j2"]):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def render(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    return env.get_template(template).render(context)
