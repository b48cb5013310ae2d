"""The Jinja2 environment every target renders with.

Templates come from `templates/<language>/` (shipped in the wheel as
`codegen/templates/<language>/`); a target's `templates` option puts a user folder in
front (a `ChoiceLoader`), so one construct can be overridden by file name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from codegen.paths import builtin_templates


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
    )
    env.globals.update(dict(globals_))
    return env


def render(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    return env.get_template(template).render(context)
