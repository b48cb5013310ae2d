"""The Python target: one module per proto file, a runtime module, `__init__.py` files."""

from __future__ import annotations

from typing import ClassVar

import jinja2

from codegen.model import File
from codegen.render import environment
from codegen.targets.base import RUNTIME_HEADER, OutputFile, Request, header_line
from codegen.targets.python import layout as L
from codegen.targets.python.grpc import (
    GrpcImports,
    check_module_names,
    grpc_module,
    render_grpc_file,
)
from codegen.targets.python.imports import Imports
from codegen.targets.python.names import RUNTIME_MODULE, Names
from codegen.targets.python.text import docstring
from codegen.targets.python.types import PyTypes
from codegen.targets.python.views import FileViews, Shared


class PythonTarget:
    language: ClassVar[str] = "python"
    shardable: ClassVar[bool] = True

    def generate(self, request: Request) -> list[OutputFile]:
        """One module per file of `request.files()`; the shared shard adds the package
        `__init__.py` files and the runtime module. Names come from the whole schema
        (`Names` plans every module up front and names a file from that file alone), so a
        module's text never depends on which shard renders it."""
        config = request.config
        names = Names(request.schema, config.package)
        env = environment("python", config.templates)
        out: list[OutputFile] = []
        shared = Shared()
        grpc = config.grpc
        if grpc:
            check_module_names(names, request.schema.files)
        for f in request.files():
            text = _render_file(env, names, f, request, shared)
            out.append(OutputFile(names.modules[f.name].file, text.encode()))
            if grpc and f.services:
                out.append(_render_grpc(env, names, f, request, shared))
        if not request.shard.shared:
            return out
        packages: set[tuple[str, ...]] = set()
        for name in request.schema.generate:
            parts = names.modules[name].parts
            for depth in range(1, len(parts)):
                packages.add(parts[:depth])
        if config.package:
            packages.add(())
        init = env.get_template("__init__.py.j2").render(header=RUNTIME_HEADER).encode()
        for parts in sorted(packages):
            out.append(OutputFile("/".join((*parts, "__init__.py")), init))
        runtime = env.get_template("_protobind.py.j2").render(
            header=RUNTIME_HEADER, int64_strings=request.json.int64 == "string"
        )
        out.append(OutputFile(RUNTIME_MODULE + ".py", runtime.encode()))
        return out


def _render_file(env: jinja2.Environment, names: Names, f: File, request: Request,
                 shared: Shared) -> str:  # fmt: skip
    imports = Imports(names, f)
    types = PyTypes(imports, request.json, shared.codes)
    json_names = request.json.names == "json"
    views = FileViews(request.schema, names, f, json_names, types, imports, shared)
    fnames = names.file(f.name)
    enums = []
    defines: list[str] = []
    for e in f.enums:
        view = views.enum(e, 0, fnames.enums[e.full_name].py)
        enums.append(view)
        defines.append(view.define)
        views.defined.add(e.full_name)
    if f.messages:
        imports.typing  # noqa: B018 - every to_dict() is annotated with _t.Any
    messages = []
    for m in f.messages:
        mview = views.message(m, 0, fnames.messages[m.full_name].py)
        messages.append(mview)
        defines.extend(mview.defines)
    services = [view for s in f.services for view in views.service(s)]
    exports = _exports(names, f, imports)
    stdlib, local = imports.lines()
    # One render per module: each construct is a macro of its own template.
    return env.get_template("file.py.j2").render(
        header=header_line(f),
        docstring=docstring(f.comments.lines, 0),
        stdlib_imports=stdlib,
        local_imports=local,
        exports=exports,
        enums=enums,
        messages=messages,
        services=services,
        defines=defines,
    )


def _render_grpc(env: jinja2.Environment, names: Names, f: File, request: Request,
                 shared: Shared) -> OutputFile:  # fmt: skip
    imports = GrpcImports(names, f)
    types = PyTypes(imports, request.json, shared.codes)
    text = render_grpc_file(env, names, f, types, imports, header_line(f))
    return OutputFile(grpc_module(names.modules[f.name]).file, text.encode())


def _exports(names: Names, f: File, imports: Imports) -> list[str]:
    """`from x import A as A` lines for `import public` (explicit re-exports)."""
    by_module: dict[str, list[tuple[str, str]]] = {}
    for dep, there, here in names.file(f.name).exports:
        by_module.setdefault(dep, []).append((there, here))
    lines = []
    for dep, pairs in by_module.items():
        module = imports.dotted(names.modules[dep])
        items = [f"{there} as {here}" for there, here in pairs]
        flat = f"from {module} import {', '.join(items)}"
        if len(flat) <= L.WIDTH:
            lines.append(flat)
        else:
            lines.append("\n".join([f"from {module} import (", *(f"    {i}," for i in items), ")"]))
    return lines
