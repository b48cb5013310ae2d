"""buf's lint rules, one small function each, with buf's semantics, locations and messages.

A rule yields `Hit`s: the file, the source path whose span is reported (None: the file
as a whole), extra source paths whose leading comments may hold a
`buf:lint:ignore RULE` for it, and the message. The engine (lint.py) turns hits into
findings, applying comment ignores and the config.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from google.protobuf import descriptor_pb2 as d

from codegen.governance import casing
from codegen.governance.source import (
    E_OPTIONS,
    E_VALUE,
    F_DEPENDENCY,
    F_EXTENSION,
    F_OPTIONS,
    F_PACKAGE,
    F_SERVICE,
    F_SYNTAX,
    M_EXTENSION,
    M_FIELD,
    M_ONEOF,
    S_METHOD,
    EnumAt,
    MessageAt,
    Path,
    SourceFile,
    enums,
    is_map_entry,
    messages,
)

IGNORE_PREFIX = "buf:lint:ignore"


def q(text: str) -> str:
    """Go's %q, which buf's messages use: backslashes, quotes and control characters escaped."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif not c.isprintable():
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x80 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


@dataclass(frozen=True, slots=True)
class Hit:
    file: SourceFile
    path: Path | None
    message: str
    ignore_paths: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class LintOptions:
    enum_zero_value_suffix: str = "_UNSPECIFIED"
    rpc_allow_same_request_response: bool = False
    rpc_allow_google_protobuf_empty_requests: bool = False
    rpc_allow_google_protobuf_empty_responses: bool = False
    service_suffix: str = "Service"


@dataclass(frozen=True, slots=True)
class LintInput:
    files: tuple[SourceFile, ...]
    """The files being linted (not their imports)."""
    all_files: Mapping[str, SourceFile]
    """Every file by import path, imports included (for IMPORT_USED and cycles)."""
    options: LintOptions = field(default_factory=LintOptions)


Rule = Callable[[LintInput], Iterator[Hit]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = fn
        return fn

    return register


# --- walkers ------------------------------------------------------------------------------


def _messages(inp: LintInput) -> Iterator[tuple[SourceFile, MessageAt]]:
    for f in inp.files:
        for m in f.messages():
            yield f, m


def _enums(inp: LintInput) -> Iterator[tuple[SourceFile, EnumAt]]:
    for f in inp.files:
        for e in f.enums():
            yield f, e


def _fields(
    inp: LintInput,
) -> Iterator[tuple[SourceFile, d.FieldDescriptorProto, Path, MessageAt | None]]:
    for f, m in _messages(inp):
        for i, fd in enumerate(m.proto.field):
            yield f, fd, (*m.path, M_FIELD, i), m
        for i, fd in enumerate(m.proto.extension):
            yield f, fd, (*m.path, M_EXTENSION, i), m
    for f in inp.files:
        for i, fd in enumerate(f.proto.extension):
            yield f, fd, (F_EXTENSION, i), None


def _methods(
    inp: LintInput,
) -> Iterator[tuple[SourceFile, d.ServiceDescriptorProto, Path, d.MethodDescriptorProto, Path]]:
    for f in inp.files:
        for si, s in enumerate(f.proto.service):
            for mi, m in enumerate(s.method):
                yield f, s, (F_SERVICE, si), m, (F_SERVICE, si, S_METHOD, mi)


def _services(inp: LintInput) -> Iterator[tuple[SourceFile, d.ServiceDescriptorProto, Path]]:
    for f in inp.files:
        for si, s in enumerate(f.proto.service):
            yield f, s, (F_SERVICE, si)


def _type_name(name: str) -> str:
    return name[1:] if name.startswith(".") else name


def _dir(f: SourceFile) -> str:
    return posixpath.dirname(f.name) or "."


# --- file layout and packages -------------------------------------------------------------


@rule("PACKAGE_DEFINED")
def package_defined(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        if not f.proto.package:
            yield Hit(f, None, "Files must have a package defined.")


@rule("PACKAGE_DIRECTORY_MATCH")
def package_directory_match(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        pkg = f.proto.package
        if not pkg:
            continue
        want = pkg.replace(".", "/")
        have = _dir(f)
        if have != want:
            yield Hit(
                f,
                (F_PACKAGE,),
                f'Files with package "{pkg}" must be within a directory "{want}" relative to '
                f'root but were in directory "{have}".',
            )


@rule("DIRECTORY_SAME_PACKAGE")
def directory_same_package(inp: LintInput) -> Iterator[Hit]:
    by_dir: dict[str, list[SourceFile]] = {}
    for f in inp.files:
        by_dir.setdefault(_dir(f), []).append(f)
    for folder, files in by_dir.items():
        pkgs = {f.proto.package for f in files}
        if len(pkgs) < 2:
            continue
        if "" in pkgs:
            pkgs.discard("")
            joined = ",".join(sorted(pkgs))
            prefix = (
                f'Multiple packages "{joined}" and file with no package'
                if len(pkgs) > 1
                else f'Package "{joined}" and file with no package'
            )
        else:
            prefix = f'Multiple packages "{",".join(sorted(pkgs))}"'
        for f in files:
            yield Hit(f, (F_PACKAGE,), f'{prefix} detected within directory "{folder}".')


@rule("PACKAGE_SAME_DIRECTORY")
def package_same_directory(inp: LintInput) -> Iterator[Hit]:
    for pkg, files in _by_package(inp).items():
        dirs = sorted({_dir(f) for f in files})
        if len(dirs) > 1:
            for f in files:
                yield Hit(
                    f,
                    (F_PACKAGE,),
                    f'Multiple directories "{",".join(dirs)}" contain files with package "{pkg}".',
                )


def _by_package(inp: LintInput) -> dict[str, list[SourceFile]]:
    out: dict[str, list[SourceFile]] = {}
    for f in inp.files:
        out.setdefault(f.proto.package, []).append(f)
    return out


@rule("PACKAGE_LOWER_SNAKE_CASE")
def package_lower_snake_case(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        pkg = f.proto.package
        if not pkg:
            continue
        want = ".".join(casing.lower_snake(p) for p in pkg.split("."))
        if pkg != want:
            yield Hit(
                f,
                (F_PACKAGE,),
                f'Package name "{pkg}" should be lower_snake.case, such as "{want}".',
            )


_VERSION = re.compile(
    r"^v(?P<major>\d+)(?:(?P<test>test.*)|(?P<stab>alpha|beta)(?P<stabn>\d*)"
    r"|p(?P<patch>\d+)(?P<pstab>alpha|beta)(?P<pstabn>\d*))?$"
)


def package_version(pkg: str) -> tuple[int, str] | None:
    """(major, suffix) of a package's last component when it is a version buf accepts."""
    last = pkg.rsplit(".", 1)[-1]
    m = _VERSION.match(last)
    if m is None or "." not in pkg:
        return None
    if int(m.group("major")) < 1 or m.group("major").startswith("0"):
        return None
    for num in ("stabn", "patch", "pstabn"):
        n = m.group(num)
        if n is not None and n != "" and (int(n) < 1 or n.startswith("0")):
            return None
    return int(m.group("major")), last[len("v" + m.group("major")) :]


@rule("PACKAGE_VERSION_SUFFIX")
def package_version_suffix(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        pkg = f.proto.package
        if pkg and package_version(pkg) is None:
            yield Hit(
                f,
                (F_PACKAGE,),
                f'Package name "{pkg}" should be suffixed with a correctly formed version, '
                f'such as "{pkg}.v1".',
            )


# FileOptions field numbers.
_FILE_OPTIONS: dict[str, tuple[int, Callable[[d.FileOptions], str]]] = {
    "csharp_namespace": (37, lambda o: o.csharp_namespace),
    "go_package": (11, lambda o: o.go_package),
    "java_multiple_files": (
        10,
        lambda o: (
            ("true" if o.java_multiple_files else "false")
            if o.HasField("java_multiple_files")
            else ""
        ),
    ),
    "java_package": (1, lambda o: o.java_package),
    "php_namespace": (41, lambda o: o.php_namespace),
    "ruby_package": (45, lambda o: o.ruby_package),
    "swift_prefix": (39, lambda o: o.swift_prefix),
}


def _package_same_option(name: str) -> Rule:
    number, get = _FILE_OPTIONS[name]

    def check(inp: LintInput) -> Iterator[Hit]:
        for pkg, files in _by_package(inp).items():
            values = {get(f.proto.options) for f in files}
            if len(values) < 2:
                continue
            none = "" in values
            values.discard("")
            joined = ",".join(sorted(values))
            for f in files:
                if none:
                    msg = (
                        f'Files in package "{pkg}" have both values {q(joined)} and no value '
                        f'for option "{name}" and all values must be equal.'
                    )
                else:
                    msg = (
                        f'Files in package "{pkg}" have multiple values {q(joined)} for option '
                        f'"{name}" and all values must be equal.'
                    )
                yield Hit(f, (F_OPTIONS, number), msg)

    return check


for _opt in _FILE_OPTIONS:
    rule("PACKAGE_SAME_" + _opt.upper())(_package_same_option(_opt))


@rule("FILE_LOWER_SNAKE_CASE")
def file_lower_snake_case(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        base = posixpath.basename(f.name)
        stem, ext = posixpath.splitext(base)
        want = casing.lower_snake(stem)
        if stem != want:
            yield Hit(
                f,
                None,
                f'Filename "{base}" should be lower_snake_case{ext}, such as "{want}{ext}".',
            )


@rule("SYNTAX_SPECIFIED")
def syntax_specified(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        # protoc leaves `syntax` empty for an explicit proto2; the statement's location tells.
        if f.proto.syntax in ("", "proto2") and f.loc((F_SYNTAX,)) is None:
            yield Hit(
                f,
                (F_SYNTAX,),
                "Files must have a syntax explicitly specified. If no syntax is specified, "
                'the file defaults to "proto2".',
            )


# --- imports -----------------------------------------------------------------------------


@rule("IMPORT_NO_PUBLIC")
def import_no_public(inp: LintInput) -> Iterator[Hit]:
    for f in inp.files:
        for i in f.proto.public_dependency:
            yield Hit(f, (F_DEPENDENCY, i), f'Import "{f.proto.dependency[i]}" must not be public.')


@rule("IMPORT_NO_WEAK")
def import_no_weak(inp: LintInput) -> Iterator[Hit]:
    # Deprecated in buf: still accepted in `use`, reports nothing (buf 1.75 verified).
    del inp
    return iter(())


def _referenced_types(f: d.FileDescriptorProto) -> set[str]:
    used: set[str] = set()
    for m in messages(f):
        for fd in (*m.proto.field, *m.proto.extension):
            if fd.type_name:
                used.add(_type_name(fd.type_name))
            if fd.extendee:
                used.add(_type_name(fd.extendee))
    for fd in f.extension:
        if fd.type_name:
            used.add(_type_name(fd.type_name))
        used.add(_type_name(fd.extendee))
    for s in f.service:
        for m2 in s.method:
            used.add(_type_name(m2.input_type))
            used.add(_type_name(m2.output_type))
    return used


def _declared(f: d.FileDescriptorProto) -> set[str]:
    names = {m.full_name for m in messages(f)} | {e.full_name for e in enums(f)}
    prefix = f.package + "." if f.package else ""
    names |= {prefix + x.name for x in f.extension}
    for m in messages(f):
        names |= {m.full_name + "." + x.name for x in m.proto.extension}
    return names


def _has_custom_options(f: d.FileDescriptorProto) -> bool:
    """Whether any options message in `f` carries extension (custom) options."""

    def opts() -> Iterator[d.Message]:  # type: ignore[name-defined]
        yield f.options
        for m in messages(f):
            yield m.proto.options
            for fd in m.proto.field:
                yield fd.options
            for o in m.proto.oneof_decl:
                yield o.options
        for e in enums(f):
            yield e.proto.options
            for v in e.proto.value:
                yield v.options
        for s in f.service:
            yield s.options
            for m2 in s.method:
                yield m2.options

    return any(o.UnknownFields() if hasattr(o, "UnknownFields") else o.ListFields() for o in opts())


@rule("IMPORT_USED")
def import_used(inp: LintInput) -> Iterator[Hit]:
    memo: dict[str, set[str]] = {}

    def declared(file: SourceFile) -> set[str]:
        found = memo.get(file.name)
        if found is None:
            found = memo[file.name] = _declared(file.proto)
        return found

    for f in inp.files:
        used = _referenced_types(f.proto)
        custom = None
        for i, dep in enumerate(f.proto.dependency):
            if i in f.proto.public_dependency or i in f.proto.weak_dependency:
                continue
            target = inp.all_files.get(dep)
            if target is None:
                continue
            provided = declared(target)
            for j in target.proto.public_dependency:  # what a public import re-exports
                pub = inp.all_files.get(target.proto.dependency[j])
                if pub is not None:
                    provided = provided | declared(pub)
            if used & provided:
                continue
            if target.proto.extension or any(m.proto.extension for m in messages(target.proto)):
                if custom is None:
                    custom = _has_custom_options(f.proto)
                if custom:
                    continue  # an option from that file may be set; protoc sees options, we don't
            yield Hit(f, (F_DEPENDENCY, i), f'Import "{dep}" is unused.')


@rule("PACKAGE_NO_IMPORT_CYCLE")
def package_no_import_cycle(inp: LintInput) -> Iterator[Hit]:
    # package -> imported package -> [(file, dependency index)]
    graph: dict[str, dict[str, list[tuple[SourceFile, int]]]] = {}
    for f in inp.all_files.values():
        pkg = f.proto.package
        for i, dep in enumerate(f.proto.dependency):
            target = inp.all_files.get(dep)
            if target is None or target.proto.package == pkg:
                continue
            graph.setdefault(pkg, {}).setdefault(target.proto.package, []).append((f, i))

    def cycle(pkg: str, seen: set[str], trail: list[str]) -> list[str] | None:
        trail = [*trail, pkg]
        if pkg in seen:
            return trail if trail[0] == trail[-1] else None
        seen.add(pkg)
        for nxt in sorted(graph.get(pkg, {})):
            if nxt and (found := cycle(nxt, seen, trail)):
                return found
        seen.discard(pkg)
        return None

    for pkg in sorted(graph):
        if not pkg:
            continue
        for direct, imports in sorted(graph[pkg].items()):
            if not direct:
                continue
            found = cycle(direct, {pkg}, [pkg])
            if found:
                for f, i in imports:
                    if not f.is_import:
                        yield Hit(
                            f, (F_DEPENDENCY, i), "Package import cycle: " + " -> ".join(found)
                        )


# --- names -----------------------------------------------------------------------------


@rule("ENUM_PASCAL_CASE")
def enum_pascal_case(inp: LintInput) -> Iterator[Hit]:
    for f, e in _enums(inp):
        want = casing.pascal(e.proto.name)
        if e.proto.name != want:
            yield Hit(
                f,
                (*e.path, 1),
                f'Enum name "{e.proto.name}" should be PascalCase, such as "{want}".',
            )


@rule("MESSAGE_PASCAL_CASE")
def message_pascal_case(inp: LintInput) -> Iterator[Hit]:
    for f, m in _messages(inp):
        if is_map_entry(m.proto):
            continue
        want = casing.pascal(m.proto.name)
        if m.proto.name != want:
            yield Hit(
                f,
                (*m.path, 1),
                f'Message name "{m.proto.name}" should be PascalCase, such as "{want}".',
            )


@rule("SERVICE_PASCAL_CASE")
def service_pascal_case(inp: LintInput) -> Iterator[Hit]:
    for f, s, path in _services(inp):
        want = casing.pascal(s.name)
        if s.name != want:
            yield Hit(
                f, (*path, 1), f'Service name "{s.name}" should be PascalCase, such as "{want}".'
            )


@rule("RPC_PASCAL_CASE")
def rpc_pascal_case(inp: LintInput) -> Iterator[Hit]:
    for f, _, spath, m, path in _methods(inp):
        want = casing.pascal(m.name)
        if m.name != want:
            yield Hit(
                f,
                (*path, 1),
                f'RPC name "{m.name}" should be PascalCase, such as "{want}".',
                (spath,),
            )


@rule("FIELD_LOWER_SNAKE_CASE")
def field_lower_snake_case(inp: LintInput) -> Iterator[Hit]:
    for f, fd, path, m in _fields(inp):
        if m is not None and is_map_entry(m.proto):
            continue
        want = casing.lower_snake(fd.name)
        if fd.name != want:
            extra = (m.path,) if m is not None else ()
            yield Hit(
                f,
                (*path, 1),
                f'Field name "{fd.name}" should be lower_snake_case, such as "{want}".',
                extra,
            )


@rule("ONEOF_LOWER_SNAKE_CASE")
def oneof_lower_snake_case(inp: LintInput) -> Iterator[Hit]:
    for f, m in _messages(inp):
        for i, o in enumerate(m.proto.oneof_decl):
            want = casing.lower_snake(o.name)
            if o.name == want:
                continue
            members = [
                fd for fd in m.proto.field if fd.HasField("oneof_index") and fd.oneof_index == i
            ]
            if len(members) == 1 and members[0].proto3_optional:
                continue
            yield Hit(
                f,
                (*m.path, M_ONEOF, i, 1),
                f'Oneof name "{o.name}" should be lower_snake_case, such as "{want}".',
                (m.path,),
            )


@rule("ENUM_VALUE_UPPER_SNAKE_CASE")
def enum_value_upper_snake_case(inp: LintInput) -> Iterator[Hit]:
    for f, e in _enums(inp):
        for i, v in enumerate(e.proto.value):
            want = casing.upper_snake(v.name)
            if v.name != want:
                yield Hit(
                    f,
                    (*e.path, E_VALUE, i, 1),
                    f'Enum value name "{v.name}" should be UPPER_SNAKE_CASE, such as "{want}".',
                    (e.path,),
                )


@rule("ENUM_VALUE_PREFIX")
def enum_value_prefix(inp: LintInput) -> Iterator[Hit]:
    for f, e in _enums(inp):
        prefix = casing.upper_snake(e.proto.name) + "_"
        for i, v in enumerate(e.proto.value):
            if not v.name.startswith(prefix):
                yield Hit(
                    f,
                    (*e.path, E_VALUE, i, 1),
                    f'Enum value name "{v.name}" should be prefixed with "{prefix}".',
                    (e.path,),
                )


@rule("ENUM_ZERO_VALUE_SUFFIX")
def enum_zero_value_suffix(inp: LintInput) -> Iterator[Hit]:
    suffix = inp.options.enum_zero_value_suffix
    for f, e in _enums(inp):
        for i, v in enumerate(e.proto.value):
            if v.number == 0 and not v.name.endswith(suffix):
                yield Hit(
                    f,
                    (*e.path, E_VALUE, i, 1),
                    f'Enum zero value name "{v.name}" should be suffixed with "{suffix}".',
                    (e.path,),
                )


@rule("ENUM_FIRST_VALUE_ZERO")
def enum_first_value_zero(inp: LintInput) -> Iterator[Hit]:
    for f, e in _enums(inp):
        if e.proto.value and e.proto.value[0].number != 0:
            v = e.proto.value[0]
            path = (*e.path, E_VALUE, 0)
            yield Hit(
                f,
                (*path, 2),
                f'First enum value "{v.name}" should have a numeric value of 0',
                ((*path, 1), e.path, path),
            )


@rule("ENUM_NO_ALLOW_ALIAS")
def enum_no_allow_alias(inp: LintInput) -> Iterator[Hit]:
    for f, e in _enums(inp):
        if e.proto.options.allow_alias:
            yield Hit(
                f,
                (*e.path, E_OPTIONS, 2),
                f'Enum option "allow_alias" on enum "{e.proto.name}" must be false.',
            )


@rule("SERVICE_SUFFIX")
def service_suffix(inp: LintInput) -> Iterator[Hit]:
    suffix = inp.options.service_suffix
    for f, s, path in _services(inp):
        if not s.name.endswith(suffix):
            yield Hit(f, (*path, 1), f'Service name "{s.name}" should be suffixed with "{suffix}".')


@rule("FIELD_NOT_REQUIRED")
def field_not_required(inp: LintInput) -> Iterator[Hit]:
    for f, fd, path, m in _fields(inp):
        required = fd.label == d.FieldDescriptorProto.LABEL_REQUIRED or (
            fd.options.features.field_presence == d.FeatureSet.LEGACY_REQUIRED
        )
        if required:
            extra = (m.path,) if m is not None else ()
            yield Hit(f, (*path, 1), f'Field named "{fd.name}" should not be required.', extra)


# --- RPCs -------------------------------------------------------------------------------

_EMPTY = "google.protobuf.Empty"


@rule("RPC_NO_CLIENT_STREAMING")
def rpc_no_client_streaming(inp: LintInput) -> Iterator[Hit]:
    for f, _, spath, m, path in _methods(inp):
        if m.client_streaming:
            yield Hit(f, path, f'RPC "{m.name}" is client streaming.', (spath,))


@rule("RPC_NO_SERVER_STREAMING")
def rpc_no_server_streaming(inp: LintInput) -> Iterator[Hit]:
    for f, _, spath, m, path in _methods(inp):
        if m.server_streaming:
            yield Hit(f, path, f'RPC "{m.name}" is server streaming.', (spath,))


def _standard_name(kind: str, field_no: int, allow_empty: Callable[[LintOptions], bool]) -> Rule:
    def check(inp: LintInput) -> Iterator[Hit]:
        for f, s, spath, m, path in _methods(inp):
            full = _type_name(m.input_type if kind == "request" else m.output_type)
            if allow_empty(inp.options) and full == _EMPTY:
                continue
            name = full.rsplit(".", 1)[-1]
            suffix = "Request" if kind == "request" else "Response"
            one = casing.pascal(m.name) + suffix
            two = casing.pascal(s.name) + one
            if name not in (one, two):
                yield Hit(
                    f,
                    (*path, field_no),
                    f'RPC {kind} type "{name}" should be named "{one}" or "{two}".',
                    (path, spath),
                )

    return check


rule("RPC_REQUEST_STANDARD_NAME")(
    _standard_name("request", 2, lambda o: o.rpc_allow_google_protobuf_empty_requests)
)
rule("RPC_RESPONSE_STANDARD_NAME")(
    _standard_name("response", 3, lambda o: o.rpc_allow_google_protobuf_empty_responses)
)


@rule("RPC_REQUEST_RESPONSE_UNIQUE")
def rpc_request_response_unique(inp: LintInput) -> Iterator[Hit]:
    o = inp.options
    methods = list(_methods(inp))
    if not o.rpc_allow_same_request_response:
        for f, _, spath, m, path in methods:
            i, out = _type_name(m.input_type), _type_name(m.output_type)
            if i == out and not (
                i == _EMPTY
                and o.rpc_allow_google_protobuf_empty_requests
                and o.rpc_allow_google_protobuf_empty_responses
            ):
                yield Hit(
                    f,
                    path,
                    f'RPC "{m.name}" has the same type "{i}" for the request and response.',
                    (spath,),
                )
    users: dict[str, dict[str, tuple[SourceFile, d.MethodDescriptorProto, Path, Path]]] = {}
    for f, s, spath, m, path in methods:
        full = f"{f.proto.package}.{s.name}.{m.name}" if f.proto.package else f"{s.name}.{m.name}"
        for t in (_type_name(m.input_type), _type_name(m.output_type)):
            users.setdefault(t, {})[full] = (f, m, path, spath)
    allow_req = o.rpc_allow_google_protobuf_empty_requests
    allow_resp = o.rpc_allow_google_protobuf_empty_responses
    for t, by_name in users.items():
        if len(by_name) == 1:
            continue
        if t == _EMPTY and (allow_req or allow_resp):
            if allow_req and allow_resp:
                continue
            reqs = [v for v in by_name.values() if _type_name(v[1].input_type) == _EMPTY]
            resps = [v for v in by_name.values() if _type_name(v[1].output_type) == _EMPTY]
            if not allow_req and len(reqs) > 1:
                for f, _, path, spath in reqs:
                    yield Hit(f, path, f'"{t}" is used as the request for multiple RPCs.', (spath,))
            if not allow_resp and len(resps) > 1:
                for f, _, path, spath in resps:
                    yield Hit(
                        f, path, f'"{t}" is used as the response for multiple RPCs.', (spath,)
                    )
            continue
        for f, _, path, spath in by_name.values():
            yield Hit(
                f,
                path,
                f'"{t}" is used as the request or response type for multiple RPCs.',
                (spath,),
            )


# --- comments ---------------------------------------------------------------------------


def valid_leading_comment(comment: str) -> bool:
    return any(
        line.strip() and not line.strip().startswith(IGNORE_PREFIX) for line in comment.split("\n")
    )


def _comment_rule(
    kind: str, items: Callable[[LintInput], Iterator[tuple[SourceFile, Path, str]]]
) -> Rule:
    def check(inp: LintInput) -> Iterator[Hit]:
        for f, path, name in items(inp):
            loc = f.loc(path)
            if loc is None:  # map entries and their fields have no location: buf skips them
                continue
            if not valid_leading_comment(loc.leading):
                yield Hit(
                    f, path, f'{kind} "{name}" should have a non-empty comment for documentation.'
                )

    return check


def _c_enums(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, e in _enums(inp):
        yield f, e.path, e.proto.name


def _c_values(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, e in _enums(inp):
        for i, v in enumerate(e.proto.value):
            yield f, (*e.path, E_VALUE, i), v.name


def _c_fields(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, fd, path, _ in _fields(inp):
        yield f, path, fd.name


def _c_messages(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, m in _messages(inp):
        yield f, m.path, m.proto.name


def _c_oneofs(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, m in _messages(inp):
        for i, o in enumerate(m.proto.oneof_decl):
            yield f, (*m.path, M_ONEOF, i), o.name


def _c_services(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, s, path in _services(inp):
        yield f, path, s.name


def _c_rpcs(inp: LintInput) -> Iterator[tuple[SourceFile, Path, str]]:
    for f, _, _, m, path in _methods(inp):
        yield f, path, m.name


rule("COMMENT_ENUM")(_comment_rule("Enum", _c_enums))
rule("COMMENT_ENUM_VALUE")(_comment_rule("Enum value", _c_values))
rule("COMMENT_FIELD")(_comment_rule("Field", _c_fields))
rule("COMMENT_MESSAGE")(_comment_rule("Message", _c_messages))
rule("COMMENT_ONEOF")(_comment_rule("Oneof", _c_oneofs))
rule("COMMENT_SERVICE")(_comment_rule("Service", _c_services))
rule("COMMENT_RPC")(_comment_rule("RPC", _c_rpcs))


def implemented() -> Sequence[str]:
    return sorted(RULES)
