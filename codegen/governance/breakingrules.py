"""buf's breaking rules: previous and current descriptors compared element by element.

Elements pair by full name across all files (buf's corpus), files by path. Findings sit
in the current file: at the changed element, or, for a deletion, at the closest
surviving parent (the file as a whole, 1:1, when there is none). Messages are buf's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from google.protobuf import descriptor_pb2 as d

from codegen.governance.lintrules import q
from codegen.governance.source import (
    E_OPTIONS,
    E_VALUE,
    F_OPTIONS,
    F_PACKAGE,
    F_SERVICE,
    F_SYNTAX,
    M_FIELD,
    M_ONEOF,
    M_OPTIONS,
    S_METHOD,
    Path,
    SourceFile,
    Span,
    enums,
    messages,
)

FD = d.FieldDescriptorProto


@dataclass(frozen=True, slots=True)
class Elem:
    file: SourceFile
    path: Path
    name: str
    """Name relative to the package ("Outer.Inner"), as buf prints it."""


@dataclass(frozen=True, slots=True)
class MessageElem(Elem):
    proto: d.DescriptorProto


@dataclass(frozen=True, slots=True)
class EnumElem(Elem):
    proto: d.EnumDescriptorProto


@dataclass(frozen=True, slots=True)
class ServiceElem(Elem):
    proto: d.ServiceDescriptorProto


class Corpus:
    """One side of the comparison: files by path, elements by full name."""

    def __init__(self, files: Mapping[str, SourceFile]) -> None:
        self.files = dict(files)
        self.messages: dict[str, MessageElem] = {}
        self.enums: dict[str, EnumElem] = {}
        self.services: dict[str, ServiceElem] = {}
        for f in self.files.values():
            cut = len(f.proto.package) + 1 if f.proto.package else 0
            for m in messages(f.proto):
                self.messages[m.full_name] = MessageElem(f, m.path, m.full_name[cut:], m.proto)
            for e in enums(f.proto):
                self.enums[e.full_name] = EnumElem(f, e.path, e.full_name[cut:], e.proto)
            for i, s in enumerate(f.proto.service):
                full = (f.proto.package + "." if f.proto.package else "") + s.name
                self.services[full] = ServiceElem(f, (F_SERVICE, i), s.name, s)

        self._fingerprints: dict[str, bytes] = {}
        self._numbers: dict[str, dict[int, tuple[int, d.FieldDescriptorProto]]] = {}

    def fingerprint(self, name: str) -> bytes:
        """The file's descriptor without source info: equal bytes, equal declarations."""
        fp = self._fingerprints.get(name)
        if fp is None:
            bare = d.FileDescriptorProto()
            bare.CopyFrom(self.files[name].proto)
            bare.ClearField("source_code_info")
            fp = self._fingerprints[name] = bare.SerializeToString(deterministic=True)
        return fp

    def fields_by_number(self, full: str) -> dict[int, tuple[int, d.FieldDescriptorProto]]:
        got = self._numbers.get(full)
        if got is None:
            got = self._numbers[full] = _fields_by_number(self.messages[full].proto)
        return got

    def by_file(self, table: Mapping[str, Elem]) -> dict[str, dict[str, Elem]]:
        out: dict[str, dict[str, Elem]] = {}
        for e in table.values():
            out.setdefault(e.file.name, {})[e.name] = e
        return out


@dataclass(frozen=True, slots=True)
class BHit:
    file: SourceFile | None
    """None: the finding is about a file that no longer exists (buf prints `<input>`)."""
    path: Path | None
    message: str
    subject: str = ""
    """The element the finding is about, for protobind's effects: a full name, or for a
    field its message's full name and the field number ("pkg.Msg.3")."""
    span: Span | None = None
    """Overrides the span of `path` (where buf's compiler records a location protoc does not)."""


BRule = Callable[[Corpus, Corpus], Iterator[BHit]]
RULES: dict[str, BRule] = {}


def rule(rule_id: str) -> Callable[[BRule], BRule]:
    def register(fn: BRule) -> BRule:
        RULES[rule_id] = fn
        return fn

    return register


# --- files and top-level declarations -------------------------------------------------


@rule("FILE_NO_DELETE")
def file_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for name in sorted(old.files):
        if name not in new.files:
            yield BHit(None, None, f'Previously present file "{name}" was deleted.', name)


def _deleted_in_file(kind: str, table: str) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        old_by = old.by_file(getattr(old, table))
        new_by = new.by_file(getattr(new, table))
        new_messages = new.by_file(new.messages)
        for fname, elems in old_by.items():
            f = new.files.get(fname)
            if f is None:
                continue
            present = new_by.get(fname, {})
            for name in sorted(elems):
                if name in present:
                    continue
                # The closest enclosing message that still exists carries the finding.
                parent = name
                where: Path | None = None
                while "." in parent:
                    parent = parent.rsplit(".", 1)[0]
                    p = new_messages.get(fname, {}).get(parent)
                    if p is not None:
                        where = p.path
                        break
                full = (f.proto.package + "." if f.proto.package else "") + name
                yield BHit(
                    f, where, f'Previously present {kind} "{name}" was deleted from file.', full
                )

    return check


rule("MESSAGE_NO_DELETE")(_deleted_in_file("message", "messages"))
rule("ENUM_NO_DELETE")(_deleted_in_file("enum", "enums"))
rule("SERVICE_NO_DELETE")(_deleted_in_file("service", "services"))


def _packages(c: Corpus) -> dict[str, list[SourceFile]]:
    out: dict[str, list[SourceFile]] = {}
    for f in c.files.values():
        out.setdefault(f.proto.package, []).append(f)
    return out


def _deleted_in_package(kind: str, table: str) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        new_pkgs = _packages(new)
        old_t, new_t = getattr(old, table), getattr(new, table)
        # buf (1.75) skips enums of a package that has no enum left at all.
        holding = (
            {x.file.proto.package for x in new_t.values()} if table == "enums" else set(new_pkgs)
        )
        for full in sorted(old_t):
            e = old_t[full]
            pkg = e.file.proto.package
            if full in new_t or pkg not in new_pkgs or pkg not in holding:
                continue
            # At the closest enclosing message that survives, else at the file it was in
            # (or the package's first file when that one is gone too).
            f: SourceFile | None = new.files.get(e.file.name)
            where: Path | None = None
            parent = full
            while "." in e.name and parent.count(".") > (pkg.count(".") + 1 if pkg else 0):
                parent = parent.rsplit(".", 1)[0]
                p = new.messages.get(parent)
                if p is not None:
                    f, where = p.file, p.path
                    break
            yield BHit(
                f,
                where,
                f'Previously present {kind} "{e.name}" was deleted from package "{pkg}".',
                full,
            )

    return check


rule("PACKAGE_MESSAGE_NO_DELETE")(_deleted_in_package("message", "messages"))
rule("PACKAGE_ENUM_NO_DELETE")(_deleted_in_package("enum", "enums"))
rule("PACKAGE_SERVICE_NO_DELETE")(_deleted_in_package("service", "services"))


@rule("PACKAGE_NO_DELETE")
def package_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    new_pkgs = _packages(new)
    for pkg in sorted(_packages(old)):
        if pkg not in new_pkgs:
            yield BHit(None, None, f'Previously present package "{pkg}" was deleted.', pkg)


def _file_pairs(old: Corpus, new: Corpus) -> Iterator[tuple[SourceFile, SourceFile]]:
    for name in sorted(old.files):
        f = new.files.get(name)
        if f is not None:
            yield old.files[name], f


@rule("FILE_SAME_PACKAGE")
def file_same_package(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _file_pairs(old, new):
        if a.proto.package != b.proto.package:
            yield BHit(
                b,
                (F_PACKAGE,),
                f"File package changed from {q(a.proto.package)} to {q(b.proto.package)}.",
                b.name,
            )


def _syntax(f: SourceFile) -> str:
    if f.proto.syntax == "editions":
        return "editions"
    return f.proto.syntax or "proto2"


@rule("FILE_SAME_SYNTAX")
def file_same_syntax(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _file_pairs(old, new):
        if _syntax(a) != _syntax(b):
            yield BHit(
                b,
                (F_SYNTAX,),
                f'File syntax changed from "{_syntax(a)}" to "{_syntax(b)}".',
                b.name,
            )


def _bool(v: bool) -> str:
    return "true" if v else "false"


_FILE_OPTIONS: dict[str, tuple[int, Callable[[d.FileOptions], str]]] = {
    "cc_enable_arenas": (31, lambda o: _bool(o.cc_enable_arenas)),
    "cc_generic_services": (16, lambda o: _bool(o.cc_generic_services)),
    "csharp_namespace": (37, lambda o: o.csharp_namespace),
    "go_package": (11, lambda o: o.go_package),
    "java_generic_services": (17, lambda o: _bool(o.java_generic_services)),
    "java_multiple_files": (10, lambda o: _bool(o.java_multiple_files)),
    "java_outer_classname": (8, lambda o: o.java_outer_classname),
    "java_package": (1, lambda o: o.java_package),
    "objc_class_prefix": (36, lambda o: o.objc_class_prefix),
    "optimize_for": (9, lambda o: d.FileOptions.OptimizeMode.Name(o.optimize_for)),
    "php_class_prefix": (40, lambda o: o.php_class_prefix),
    "php_metadata_namespace": (44, lambda o: o.php_metadata_namespace),
    "php_namespace": (41, lambda o: o.php_namespace),
    "py_generic_services": (18, lambda o: _bool(o.py_generic_services)),
    "ruby_package": (45, lambda o: o.ruby_package),
    "swift_prefix": (39, lambda o: o.swift_prefix),
}


def _file_option(name: str) -> BRule:
    number, get = _FILE_OPTIONS[name]

    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for a, b in _file_pairs(old, new):
            before, after = get(a.proto.options), get(b.proto.options)
            if before != after:
                at: Path | None = (F_OPTIONS, number) if b.loc((F_OPTIONS, number)) else None
                yield BHit(
                    b, at, f'File option "{name}" changed from {q(before)} to {q(after)}.', b.name
                )

    return check


for _opt in _FILE_OPTIONS:
    rule("FILE_SAME_" + _opt.upper())(_file_option(_opt))


# --- messages and fields ---------------------------------------------------------------


def unchanged(old: Corpus, new: Corpus, a: Elem, b: Elem) -> bool:
    """Both elements come from the same file, identical in both versions: no rule that
    compares the two can report anything."""
    name = a.file.name
    return (
        name == b.file.name
        and name in old.files
        and name in new.files
        and old.fingerprint(name) == new.fingerprint(name)
    )


def _message_pairs(old: Corpus, new: Corpus) -> Iterator[tuple[MessageElem, MessageElem]]:
    for full in sorted(old.messages):
        b = new.messages.get(full)
        if b is not None and not unchanged(old, new, old.messages[full], b):
            yield old.messages[full], b


def _fields_by_number(m: d.DescriptorProto) -> dict[int, tuple[int, d.FieldDescriptorProto]]:
    return {fd.number: (i, fd) for i, fd in enumerate(m.field)}


def _in_reserved(number: int, m: d.DescriptorProto) -> bool:
    return any(r.start <= number < r.end for r in m.reserved_range)


def _field_no_delete(suffix_kind: str) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for a, b in _message_pairs(old, new):
            now = _fields_by_number(b.proto)
            for number, (_, fd) in sorted(_fields_by_number(a.proto).items()):
                if number in now:
                    continue
                suffix = ""
                if suffix_kind == "number":
                    if _in_reserved(number, b.proto):
                        continue
                    suffix = f' without reserving the number "{number}"'
                elif suffix_kind == "name":
                    if fd.name in b.proto.reserved_name:
                        continue
                    suffix = f' without reserving the name "{fd.name}"'
                yield BHit(
                    b.file,
                    b.path,
                    f'Previously present field "{number}" with name "{fd.name}" on message '
                    f'"{b.proto.name}" was deleted{suffix}.',
                    f"{_full(b)}.{number}",
                )

    return check


rule("FIELD_NO_DELETE")(_field_no_delete(""))
rule("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED")(_field_no_delete("number"))
rule("FIELD_NO_DELETE_UNLESS_NAME_RESERVED")(_field_no_delete("name"))


def _full(e: Elem) -> str:
    pkg = e.file.proto.package
    return f"{pkg}.{e.name}" if pkg else e.name


def _field_pairs(
    old: Corpus, new: Corpus
) -> Iterator[
    tuple[MessageElem, d.FieldDescriptorProto, MessageElem, d.FieldDescriptorProto, Path]
]:
    for a, b in _message_pairs(old, new):
        now = new.fields_by_number(_full(b))
        for number, (_, fa) in sorted(old.fields_by_number(_full(a)).items()):
            if number in now:
                i, fb = now[number]
                yield a, fa, b, fb, (*b.path, M_FIELD, i)


def _fhead(fb: d.FieldDescriptorProto, b: MessageElem) -> str:
    return f'Field "{fb.number}" with name "{fb.name}" on message "{b.proto.name}"'


@rule("FIELD_SAME_NAME")
def field_same_name(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for _, fa, b, fb, path in _field_pairs(old, new):
        if fa.name != fb.name:
            yield BHit(
                b.file,
                (*path, 1),
                f'Field "{fb.number}" on message "{b.proto.name}" changed name from '
                f'"{fa.name}" to "{fb.name}".',
                f"{_full(b)}.{fb.number}",
            )


@rule("FIELD_SAME_JSON_NAME")
def field_same_json_name(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for _, fa, b, fb, path in _field_pairs(old, new):
        if fa.json_name != fb.json_name:
            at = (*path, 10) if b.file.loc((*path, 10)) else path
            yield BHit(
                b.file,
                at,
                f'{_fhead(fb, b)} changed option "json_name" from {q(fa.json_name)} '
                f"to {q(fb.json_name)}.",
                f"{_full(b)}.{fb.number}",
            )


_SCALAR = {v: k[len("TYPE_") :].lower() for k, v in FD.Type.items()}


def _type_text(fd: d.FieldDescriptorProto) -> str:
    if fd.type in (FD.TYPE_MESSAGE, FD.TYPE_ENUM, FD.TYPE_GROUP) and fd.type_name:
        return fd.type_name.lstrip(".")
    return _SCALAR[fd.type]


def _type_path(f: SourceFile, path: Path) -> Path:
    for sub in (6, 5):
        if f.loc((*path, sub)) is not None:
            return (*path, sub)
    return path


@rule("FIELD_SAME_TYPE")
def field_same_type(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, fa, b, fb, path in _field_pairs(old, new):
        if _type_text(fa) != _type_text(fb) and not _both_maps_same(old, new, fa, fb):
            yield BHit(
                b.file,
                _type_path(b.file, path),
                f'{_fhead(fb, b)} changed type from "{_type_text(fa)}" to "{_type_text(fb)}".',
                f"{_full(b)}.{fb.number}",
            )
        del a


def _both_maps_same(
    old: Corpus, new: Corpus, fa: d.FieldDescriptorProto, fb: d.FieldDescriptorProto
) -> bool:
    del old, new, fa, fb
    return False


def _is_map(c: Corpus, fd: d.FieldDescriptorProto) -> bool:
    if fd.type != FD.TYPE_MESSAGE or fd.label != FD.LABEL_REPEATED:
        return False
    m = c.messages.get(fd.type_name.lstrip("."))
    return bool(m and m.proto.options.map_entry)


def _real_oneof(fd: d.FieldDescriptorProto) -> bool:
    return fd.HasField("oneof_index") and not fd.proto3_optional


def cardinality(f: SourceFile, fd: d.FieldDescriptorProto) -> str:
    if fd.label == FD.LABEL_REPEATED:
        return "repeated"
    if (
        fd.label == FD.LABEL_REQUIRED
        or fd.options.features.field_presence == d.FeatureSet.LEGACY_REQUIRED
    ):
        return "required"
    explicit = (
        _syntax(f) == "proto2"
        or fd.proto3_optional
        or _real_oneof(fd)
        or fd.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP)
    )
    if _syntax(f) == "editions":
        explicit = (
            fd.options.features.field_presence != d.FeatureSet.IMPLICIT
            or fd.type == FD.TYPE_MESSAGE
        )
    return "optional with explicit presence" if explicit else "optional with implicit presence"


@rule("FIELD_SAME_CARDINALITY")
def field_same_cardinality(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, fa, b, fb, path in _field_pairs(old, new):
        ca, cb = cardinality(a.file, fa), cardinality(b.file, fb)
        if ca != cb:
            yield BHit(
                b.file,
                path,
                f'{_fhead(fb, b)} changed cardinality from "{ca}" to "{cb}".',
                f"{_full(b)}.{fb.number}",
            )


@rule("FIELD_SAME_ONEOF")
def field_same_oneof(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, fa, b, fb, path in _field_pairs(old, new):
        ina, inb = _real_oneof(fa), _real_oneof(fb)
        if not ina and not inb:
            continue
        if ina and inb:
            oa = a.proto.oneof_decl[fa.oneof_index].name
            ob = b.proto.oneof_decl[fb.oneof_index].name
            if oa != ob:
                yield BHit(
                    b.file,
                    path,
                    f'{_fhead(fb, b)} moved from oneof "{oa}" to oneof "{ob}".',
                    f"{_full(b)}.{fb.number}",
                )
            continue
        before, after = ("inside", "outside") if ina else ("outside", "inside")
        yield BHit(
            b.file,
            path,
            f"{_fhead(fb, b)} moved from {before} to {after} a oneof.",
            f"{_full(b)}.{fb.number}",
        )


@rule("ONEOF_NO_DELETE")
def oneof_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _message_pairs(old, new):
        now = {o.name for o in b.proto.oneof_decl}
        synthetic = _synthetic_oneofs(a.proto)
        for i, o in enumerate(a.proto.oneof_decl):
            if o.name not in now and i not in synthetic:
                yield BHit(
                    b.file,
                    b.path,
                    f'Previously present oneof "{o.name}" on message "{b.proto.name}" was deleted.',
                    f"{_full(b)}.{o.name}",
                )


def _synthetic_oneofs(m: d.DescriptorProto) -> set[int]:
    return {fd.oneof_index for fd in m.field if fd.proto3_optional and fd.HasField("oneof_index")}


def _ranges_text(r: tuple[int, int]) -> str:
    return f"[{r[0]}]" if r[0] == r[1] else f"[{r[0]},{r[1]}]"


def _missing(
    before: list[tuple[int, int]], after: list[tuple[int, int]]
) -> Iterator[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Each previous inclusive range with the parts of it no current range covers."""
    for start, end in before:
        gaps: list[tuple[int, int]] = []
        cursor = start
        for s, e in sorted(after):
            if e < cursor or s > end:
                continue
            if s > cursor:
                gaps.append((cursor, s - 1))
            cursor = max(cursor, e + 1)
            if cursor > end:
                break
        if cursor <= end:
            gaps.append((cursor, end))
        if gaps:
            yield (start, end), gaps


def _reserved(
    kind: str,
    old_ranges: list[tuple[int, int]],
    new_ranges: list[tuple[int, int]],
    old_names: list[str],
    new_names: list[str],
    what: str,
    f: SourceFile,
    path: Path,
    subject: str,
) -> Iterator[BHit]:
    for r, gaps in _missing(old_ranges, new_ranges):
        yield BHit(
            f,
            path,
            f'Previously present {kind} range "{_ranges_text(r)}" on {what} is missing values: '
            f"{', '.join(_ranges_text(g) for g in gaps)} were removed.",
            subject,
        )
    if kind == "reserved":
        for n in sorted(set(old_names) - set(new_names)):
            yield BHit(
                f, path, f'Previously present reserved name "{n}" on {what} was deleted.', subject
            )


@rule("RESERVED_MESSAGE_NO_DELETE")
def reserved_message_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _message_pairs(old, new):
        yield from _reserved(
            "reserved",
            [(r.start, r.end - 1) for r in a.proto.reserved_range],
            [(r.start, r.end - 1) for r in b.proto.reserved_range],
            list(a.proto.reserved_name),
            list(b.proto.reserved_name),
            f'message "{b.proto.name}"',
            b.file,
            b.path,
            _full(b),
        )


@rule("EXTENSION_MESSAGE_NO_DELETE")
def extension_message_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _message_pairs(old, new):
        yield from _reserved(
            "extension",
            [(r.start, r.end - 1) for r in a.proto.extension_range],
            [(r.start, r.end - 1) for r in b.proto.extension_range],
            [],
            [],
            f'message "{b.proto.name}"',
            b.file,
            b.path,
            _full(b),
        )


@rule("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR")
def message_no_remove_standard_descriptor_accessor(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _message_pairs(old, new):
        if (
            not a.proto.options.no_standard_descriptor_accessor
            and b.proto.options.no_standard_descriptor_accessor
        ):
            at = (*b.path, M_OPTIONS, 2)
            yield BHit(
                b.file,
                at if b.file.loc(at) else b.path,
                'Message option "no_standard_descriptor_accessor" changed from "false" to "true".',
                _full(b),
            )


# --- enums ------------------------------------------------------------------------------


def _enum_pairs(old: Corpus, new: Corpus) -> Iterator[tuple[EnumElem, EnumElem]]:
    for full in sorted(old.enums):
        b = new.enums.get(full)
        if b is not None and not unchanged(old, new, old.enums[full], b):
            yield old.enums[full], b


def _values(e: d.EnumDescriptorProto) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for i, v in enumerate(e.value):
        out.setdefault(v.number, []).append((i, v.name))
    return out


def _enum_value_no_delete(suffix_kind: str) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for a, b in _enum_pairs(old, new):
            now = _values(b.proto)
            for number, named in sorted(_values(a.proto).items()):
                if number in now:
                    continue
                names = sorted(n for _, n in named)
                suffix = ""
                if suffix_kind == "number":
                    if any(r.start <= number <= r.end for r in b.proto.reserved_range):
                        continue
                    suffix = f' without reserving the number "{number}"'
                elif suffix_kind == "name":
                    if all(n in b.proto.reserved_name for n in names):
                        continue
                    plural = "s" if len(names) > 1 else ""
                    suffix = f" without reserving the name{plural} " + ", ".join(
                        f'"{n}"' for n in names
                    )
                yield BHit(
                    b.file,
                    b.path,
                    f'Previously present enum value "{number}" on enum "{b.proto.name}" '
                    f"was deleted{suffix}.",
                    _full(b),
                )

    return check


rule("ENUM_VALUE_NO_DELETE")(_enum_value_no_delete(""))
rule("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED")(_enum_value_no_delete("number"))
rule("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED")(_enum_value_no_delete("name"))


@rule("ENUM_VALUE_SAME_NAME")
def enum_value_same_name(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _enum_pairs(old, new):
        before = _values(a.proto)
        for number, named in sorted(_values(b.proto).items()):
            if number not in before:
                continue
            prev = sorted(n for _, n in before[number])
            cur = sorted(n for _, n in named)
            if set(cur) <= set(prev):
                continue
            plural = "s" if len(prev) > 1 and len(cur) > 1 else ""
            for i, _ in named:
                yield BHit(
                    b.file,
                    (*b.path, E_VALUE, i, 2),
                    f'Enum value "{number}" on enum "{b.proto.name}" changed name{plural} from '
                    + ", ".join(f'"{n}"' for n in prev)
                    + " to "
                    + ", ".join(f'"{n}"' for n in cur)
                    + ".",
                    _full(b),
                )


@rule("RESERVED_ENUM_NO_DELETE")
def reserved_enum_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _enum_pairs(old, new):
        yield from _reserved(
            "reserved",
            [(r.start, r.end) for r in a.proto.reserved_range],
            [(r.start, r.end) for r in b.proto.reserved_range],
            list(a.proto.reserved_name),
            list(b.proto.reserved_name),
            f'enum "{b.proto.name}"',
            b.file,
            b.path,
            _full(b),
        )


del E_OPTIONS, M_ONEOF  # imported for readers of the paths; unused here


# --- services ---------------------------------------------------------------------------


def _method_pairs(
    old: Corpus, new: Corpus
) -> Iterator[
    tuple[ServiceElem, d.MethodDescriptorProto, ServiceElem, d.MethodDescriptorProto, Path]
]:
    for full in sorted(old.services):
        b = new.services.get(full)
        if b is None:
            continue
        a = old.services[full]
        if unchanged(old, new, a, b):
            continue
        now = {m.name: (i, m) for i, m in enumerate(b.proto.method)}
        for ma in a.proto.method:
            if ma.name in now:
                i, mb = now[ma.name]
                yield a, ma, b, mb, (*b.path, S_METHOD, i)


@rule("RPC_NO_DELETE")
def rpc_no_delete(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for full in sorted(old.services):
        b = new.services.get(full)
        if b is None:
            continue
        now = {m.name for m in b.proto.method}
        for m in old.services[full].proto.method:
            if m.name not in now:
                yield BHit(
                    b.file,
                    b.path,
                    f'Previously present RPC "{m.name}" on service "{b.proto.name}" was deleted.',
                    f"{full}.{m.name}",
                )


def _rpc_type(kind: str, sub: int) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for _, ma, b, mb, path in _method_pairs(old, new):
            ta = (ma.input_type if kind == "request" else ma.output_type).lstrip(".")
            tb = (mb.input_type if kind == "request" else mb.output_type).lstrip(".")
            if ta != tb:
                yield BHit(
                    b.file,
                    (*path, sub),
                    f'RPC "{mb.name}" on service "{b.proto.name}" changed {kind} type '
                    f'from "{ta}" to "{tb}".',
                    f"{_full(b)}.{mb.name}",
                )

    return check


rule("RPC_SAME_REQUEST_TYPE")(_rpc_type("request", 2))
rule("RPC_SAME_RESPONSE_TYPE")(_rpc_type("response", 3))


def _rpc_streaming(side: str) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for _, ma, b, mb, path in _method_pairs(old, new):
            sa = ma.client_streaming if side == "client" else ma.server_streaming
            sb = mb.client_streaming if side == "client" else mb.server_streaming
            if sa != sb:
                word = {True: "streaming", False: "unary"}
                yield BHit(
                    b.file,
                    path,
                    f'RPC "{mb.name}" on service "{b.proto.name}" changed from {side} {word[sa]} '
                    f"to {side} {word[sb]}.",
                    f"{_full(b)}.{mb.name}",
                )

    return check


rule("RPC_SAME_CLIENT_STREAMING")(_rpc_streaming("client"))
rule("RPC_SAME_SERVER_STREAMING")(_rpc_streaming("server"))


@rule("RPC_SAME_IDEMPOTENCY_LEVEL")
def rpc_same_idempotency_level(old: Corpus, new: Corpus) -> Iterator[BHit]:
    names = d.MethodOptions.IdempotencyLevel.Name
    for _, ma, b, mb, path in _method_pairs(old, new):
        la, lb = ma.options.idempotency_level, mb.options.idempotency_level
        if la != lb:
            at = (*path, 4, 34)
            yield BHit(
                b.file,
                at if b.file.loc(at) else path,
                f'RPC "{mb.name}" on service "{b.proto.name}" changed option "idempotency_level" '
                f'from "{names(la)}" to "{names(lb)}".',
                f"{_full(b)}.{mb.name}",
            )


# --- wire and JSON compatible types and cardinalities ------------------------------------

_WIRE_GROUPS = [
    {FD.TYPE_INT32, FD.TYPE_INT64, FD.TYPE_UINT32, FD.TYPE_UINT64, FD.TYPE_BOOL},
    {FD.TYPE_SINT32, FD.TYPE_SINT64},
    {FD.TYPE_FIXED32, FD.TYPE_SFIXED32},
    {FD.TYPE_FIXED64, FD.TYPE_SFIXED64},
]
# JSON writes 32-bit integers as numbers and 64-bit ones as strings.
_JSON_INT32 = {FD.TYPE_INT32, FD.TYPE_UINT32, FD.TYPE_SINT32, FD.TYPE_FIXED32, FD.TYPE_SFIXED32}
_JSON_INT64 = {FD.TYPE_INT64, FD.TYPE_UINT64, FD.TYPE_SINT64, FD.TYPE_FIXED64, FD.TYPE_SFIXED64}
_NAMED = (FD.TYPE_MESSAGE, FD.TYPE_GROUP)
_UPDATING = "https://developers.google.com/protocol-buffers/docs/proto3#updating"
_JSON_DOC = "https://developers.google.com/protocol-buffers/docs/proto3#json"


def wire_compatible(fa: d.FieldDescriptorProto, fb: d.FieldDescriptorProto) -> bool:
    ta, tb = fa.type, fb.type
    if ta == tb:
        return ta not in (*_NAMED, FD.TYPE_ENUM) or fa.type_name == fb.type_name
    if (ta, tb) == (FD.TYPE_STRING, FD.TYPE_BYTES):
        return True
    return any(ta in g and tb in g for g in _WIRE_GROUPS)


def json_compatible(fa: d.FieldDescriptorProto, fb: d.FieldDescriptorProto) -> bool:
    ta, tb = fa.type, fb.type
    if ta == tb:
        return ta not in (*_NAMED, FD.TYPE_ENUM) or fa.type_name == fb.type_name
    return wire_compatible(fa, fb) and (
        (ta in _JSON_INT32 and tb in _JSON_INT32) or (ta in _JSON_INT64 and tb in _JSON_INT64)
    )


def _kind_text(fd: d.FieldDescriptorProto) -> str:
    if fd.type in _NAMED:
        return fd.type_name.lstrip(".")
    return _SCALAR[fd.type]


def _compatible_type(json_too: bool) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for _, fa, b, fb, path in _field_pairs(old, new):
            ok = json_compatible(fa, fb) if json_too else wire_compatible(fa, fb)
            if ok:
                continue
            if fa.type in _NAMED and fb.type in _NAMED:
                tail = ""  # a different message: no general rule to point at
            elif json_too:
                tail = (
                    f" See {_UPDATING} for wire compatibility rules and {_JSON_DOC} for JSON "
                    "compatibility rules."
                )
            else:
                tail = f" See {_UPDATING} for wire compatibility rules."
                if (fa.type, fb.type) == (FD.TYPE_BYTES, FD.TYPE_STRING):
                    tail += (
                        " Note that while string and bytes are compatible if the data is valid "
                        "UTF-8, there is no way to enforce that a bytes field is UTF-8, so these "
                        "fields may be incompatible."
                    )
            yield BHit(
                b.file,
                _type_path(b.file, path),
                f'{_fhead(fb, b)} changed type from "{_kind_text(fa)}" to '
                f'"{_kind_text(fb)}".{tail}',
                f"{_full(b)}.{fb.number}",
            )

    return check


rule("FIELD_WIRE_COMPATIBLE_TYPE")(_compatible_type(False))
rule("FIELD_WIRE_JSON_COMPATIBLE_TYPE")(_compatible_type(True))


def _compatible_cardinality(json_too: bool) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        for a, fa, b, fb, path in _field_pairs(old, new):
            ca, cb = cardinality(a.file, fa), cardinality(b.file, fb)
            if ca == cb:
                continue
            groups = {"repeated": "r", "required": "q"}
            ga, gb = groups.get(ca, "o"), groups.get(cb, "o")
            if ga == gb:
                continue  # explicit/implicit presence: same bytes either way
            yield BHit(
                b.file,
                path,
                f'{_fhead(fb, b)} changed cardinality from "{ca}" to "{cb}".',
                f"{_full(b)}.{fb.number}",
            )

    return check


rule("FIELD_WIRE_COMPATIBLE_CARDINALITY")(_compatible_cardinality(False))
rule("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY")(_compatible_cardinality(True))


_REQUIRED_TAIL = (
    "Required fields must always be sent, so if one side does not know about the required "
    "field, this will result in a breakage."
)


@rule("MESSAGE_SAME_REQUIRED_FIELDS")
def message_same_required_fields(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _message_pairs(old, new):
        was = {fd.number for fd in a.proto.field if cardinality(a.file, fd) == "required"}
        now = {
            fd.number: i
            for i, fd in enumerate(b.proto.field)
            if cardinality(b.file, fd) == "required"
        }
        for number in sorted(was - set(now)):
            yield BHit(
                b.file,
                b.path,
                f'Message "{b.proto.name}" had required field "{number}" deleted. {_REQUIRED_TAIL}',
                _full(b),
            )
        for number in sorted(set(now) - was):
            yield BHit(
                b.file,
                (*b.path, M_FIELD, now[number]),
                f'Message "{b.proto.name}" had required field "{number}" added. {_REQUIRED_TAIL}',
                _full(b),
            )


# --- extensions ----------------------------------------------------------------------


def _extensions(c: Corpus) -> dict[str, tuple[SourceFile, str, str | None]]:
    """Full name -> (file, name relative to the package, enclosing message's full name)."""
    out: dict[str, tuple[SourceFile, str, str | None]] = {}
    for f in c.files.values():
        pkg = f.proto.package
        prefix = pkg + "." if pkg else ""
        for x in f.proto.extension:
            out[prefix + x.name] = (f, x.name, None)
        for m in f.messages():
            for x in m.proto.extension:
                rel = m.full_name[len(prefix) :] + "." + x.name
                out[prefix + rel] = (f, rel, m.full_name)
    return out


def _extension_no_delete(scope: str) -> BRule:
    def check(old: Corpus, new: Corpus) -> Iterator[BHit]:
        now = _extensions(new)
        new_pkgs = _packages(new)
        for full, (f_old, rel, parent) in sorted(_extensions(old).items()):
            if full in now:
                continue
            pkg = f_old.proto.package
            if scope == "file":
                f = new.files.get(f_old.name)
                if f is None:
                    continue
                where_text = "file"
            else:
                if pkg not in new_pkgs:
                    continue
                f = new.files.get(f_old.name)
                where_text = f'package "{pkg}"'
            at: Path | None = None
            if parent is not None and parent in new.messages:
                p = new.messages[parent]
                f, at = p.file, p.path
            yield BHit(
                f, at, f'Previously present extension "{rel}" was deleted from {where_text}.', full
            )

    return check


rule("EXTENSION_NO_DELETE")(_extension_no_delete("file"))
rule("PACKAGE_EXTENSION_NO_DELETE")(_extension_no_delete("package"))


# --- field options and features -----------------------------------------------------------

_STRINGS = (FD.TYPE_STRING,)


@rule("FIELD_SAME_JSTYPE")
def field_same_jstype(old: Corpus, new: Corpus) -> Iterator[BHit]:
    name = d.FieldOptions.JSType.Name
    for _, fa, b, fb, path in _field_pairs(old, new):
        if fa.options.jstype != fb.options.jstype:
            at = (*path, 8, 6)
            yield BHit(
                b.file,
                at if b.file.loc(at) else path,
                f'{_fhead(fb, b)} changed option "jstype" from "{name(fa.options.jstype)}" to '
                f'"{name(fb.options.jstype)}".',
                f"{_full(b)}.{fb.number}",
            )


def _default_text(fd: d.FieldDescriptorProto) -> str:
    if fd.type in (FD.TYPE_STRING, FD.TYPE_BYTES):
        return q(fd.default_value)
    return fd.default_value


@rule("FIELD_SAME_DEFAULT")
def field_same_default(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for _, fa, b, fb, path in _field_pairs(old, new):
        if not (fa.HasField("default_value") and fb.HasField("default_value")):
            continue
        if fa.type != fb.type or fa.default_value == fb.default_value:
            continue
        at = (*path, 7)
        yield BHit(
            b.file,
            at if b.file.loc(at) else path,
            f"{_fhead(fb, b)} changed default value from {_default_text(fa)} "
            f"to {_default_text(fb)}.",
            f"{_full(b)}.{fb.number}",
            _default_option_span(b.file, at),
        )


def _default_option_span(f: SourceFile, path: Path) -> Span | None:
    """buf reports `default = ...` from the option name; protoc records only the value. The
    name is found in the source line when the file is on disk."""
    loc = f.loc(path)
    if loc is None:
        return None
    try:
        with open(f.shown, encoding="utf-8") as src:
            for i, line in enumerate(src, 1):
                if i == loc.span.start_line:
                    col = line.rfind("default", 0, loc.span.start_column - 1)
                    if col < 0:
                        return None
                    return Span(i, col + 1, loc.span.end_line, loc.span.end_column)
    except OSError:
        return None
    return None


def _cpp_string_type(fd: d.FieldDescriptorProto) -> str:
    ctype = fd.options.ctype
    if ctype == d.FieldOptions.CORD:
        return "CORD"
    if ctype == d.FieldOptions.STRING_PIECE:
        return "VIEW"
    return "STRING"


@rule("FIELD_SAME_CPP_STRING_TYPE")
def field_same_cpp_string_type(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for _, fa, b, fb, path in _field_pairs(old, new):
        if fa.type not in (FD.TYPE_STRING, FD.TYPE_BYTES) or fb.type not in (
            FD.TYPE_STRING,
            FD.TYPE_BYTES,
        ):
            continue
        ta, tb = _cpp_string_type(fa), _cpp_string_type(fb)
        if ta != tb:
            yield BHit(
                b.file,
                path,
                f'{_fhead(fb, b)} changed C++ string type from "{ta}" to "{tb}".',
                f"{_full(b)}.{fb.number}",
            )


def _java_utf8(f: SourceFile) -> str:
    return "VERIFY" if f.proto.options.java_string_check_utf8 or _syntax(f) == "proto3" else "NONE"


@rule("FIELD_SAME_JAVA_UTF8_VALIDATION")
def field_same_java_utf8_validation(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, fa, b, fb, path in _field_pairs(old, new):
        if fa.type not in _STRINGS or fb.type not in _STRINGS:
            continue
        va, vb = _java_utf8(a.file), _java_utf8(b.file)
        if va != vb:
            yield BHit(
                b.file,
                path,
                f'{_fhead(fb, b)} changed Java string UTF8 validation from "{va}" to "{vb}".',
                f"{_full(b)}.{fb.number}",
            )


def _utf8(f: SourceFile) -> str:
    if _syntax(f) == "editions":
        return "NONE" if f.proto.options.features.utf8_validation == d.FeatureSet.NONE else "VERIFY"
    return "VERIFY" if _syntax(f) == "proto3" else "NONE"


@rule("FIELD_SAME_UTF8_VALIDATION")
def field_same_utf8_validation(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, fa, b, fb, path in _field_pairs(old, new):
        if fa.type not in _STRINGS or fb.type not in _STRINGS:
            continue
        va, vb = _utf8(a.file), _utf8(b.file)
        if va != vb:
            yield BHit(
                b.file,
                path,
                f"{_fhead(fb, b)} changed UTF8 validation from {va} to {vb}.",
                f"{_full(b)}.{fb.number}",
            )


def _json_format(f: SourceFile) -> str:
    if _syntax(f) == "editions":
        legacy = f.proto.options.features.json_format == d.FeatureSet.LEGACY_BEST_EFFORT
        return "LEGACY_BEST_EFFORT" if legacy else "ALLOW"
    return "ALLOW" if _syntax(f) == "proto3" else "LEGACY_BEST_EFFORT"


@rule("MESSAGE_SAME_JSON_FORMAT")
def message_same_json_format(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _message_pairs(old, new):
        if b.proto.options.map_entry:
            continue
        ja, jb = _json_format(a.file), _json_format(b.file)
        if ja != jb:
            yield BHit(
                b.file,
                b.path,
                f'Message "{b.proto.name}" JSON format support changed from {ja} to {jb}.',
                _full(b),
            )


@rule("ENUM_SAME_JSON_FORMAT")
def enum_same_json_format(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _enum_pairs(old, new):
        ja, jb = _json_format(a.file), _json_format(b.file)
        if ja != jb:
            yield BHit(
                b.file,
                b.path,
                f'Enum "{b.proto.name}" JSON format support changed from {ja} to {jb}.',
                _full(b),
            )


def _enum_type(f: SourceFile) -> str:
    if _syntax(f) == "editions":
        closed = f.proto.options.features.enum_type == d.FeatureSet.CLOSED
        return "closed" if closed else "open"
    return "open" if _syntax(f) == "proto3" else "closed"


@rule("ENUM_SAME_TYPE")
def enum_same_type(old: Corpus, new: Corpus) -> Iterator[BHit]:
    for a, b in _enum_pairs(old, new):
        ta, tb = _enum_type(a.file), _enum_type(b.file)
        if ta != tb:
            yield BHit(
                b.file, b.path, f'Enum "{b.proto.name}" changed from {ta} to {tb}.', _full(b)
            )
