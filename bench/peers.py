"""Install the pinned peer generators into build/bench/ and describe how to run each one.

Everything lands below build/bench/ and nothing outside it is touched:

- build/bench/venv     Python peers (mypy-protobuf, betterproto2-compiler) and matplotlib,
                       pinned by bench/requirements.txt;
- build/bench/npm      ts-proto and @bufbuild/protoc-gen-es, `npm ci` from bench/package.json
                       and bench/package-lock.json;
- build/bench/bin      protoc-gen-go, built from the version pinned in bench/go/go.mod + go.sum;
- build/bench/pylib    pyinstrument for bench/profile.py (bench/requirements-profile.txt).

Each install is skipped when its stamp (a hash of the pin files and the toolchain version)
matches, so a second `make bench` starts measuring at once. Every peer is run through the
same protoc (grpcio-tools' `python -m grpc_tools.protoc`) with `--plugin=protoc-gen-X=PATH`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BUILD = REPO / "build" / "bench"
VENV = BUILD / "venv"
NPM = BUILD / "npm"
GOBIN = BUILD / "bin"
PYLIB = BUILD / "pylib"


def project_python() -> Path:
    """The project's interpreter (protobind, grpcio-tools): .venv if present, else this one."""
    candidate = REPO / ".venv" / "bin" / "python"
    return candidate if candidate.exists() else Path(sys.executable)


def _bin(venv: Path, name: str) -> Path:
    return venv / "bin" / name


def _hash(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()[:16]


def _stamp_ok(stamp: Path, value: str) -> bool:
    try:
        return stamp.read_text().strip() == value
    except OSError:
        return False


def _run(argv: list[str | Path], **kw: object) -> None:
    printable = " ".join(str(a) for a in argv)
    print(f"bench: $ {printable}", file=sys.stderr)
    subprocess.run([str(a) for a in argv], check=True, **kw)  # type: ignore[call-overload]


def _cmd_output(argv: list[str | Path], **kw: object) -> str:
    try:
        out = subprocess.run(
            [str(a) for a in argv],
            capture_output=True,
            text=True,
            timeout=60,
            **kw,  # type: ignore[arg-type]
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (out.stdout or out.stderr).strip()


@dataclass
class Setup:
    """What got installed; `missing` explains each peer family that could not be."""

    python_peers: bool = False
    npm_peers: bool = False
    go_peer: bool = False
    missing: dict[str, str] = field(default_factory=dict)


def ensure_python_peers() -> None:
    req = BENCH / "requirements.txt"
    base = project_python()
    version = _cmd_output([base, "-c", "import sys; print(sys.version)"])
    stamp = VENV / ".bench-stamp"
    want = _hash(req.read_bytes(), version)
    if _stamp_ok(stamp, want) and _bin(VENV, "protoc-gen-mypy").exists():
        return
    if not _bin(VENV, "python").exists():
        _run([base, "-m", "venv", "--clear", VENV])
    _run(
        [
            _bin(VENV, "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            req,
        ]
    )
    stamp.write_text(want + "\n")


def ensure_npm_peers() -> None:
    node = shutil.which("node")
    npm = shutil.which("npm")
    if not node or not npm:
        raise RuntimeError("node and npm are needed for ts-proto and protoc-gen-es")
    files = [BENCH / "package.json", BENCH / "package-lock.json"]
    stamp = NPM / ".bench-stamp"
    want = _hash(*(f.read_bytes() for f in files), _cmd_output([node, "--version"]))
    if _stamp_ok(stamp, want) and (NPM / "node_modules" / ".bin" / "protoc-gen-es").exists():
        return
    NPM.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copyfile(f, NPM / f.name)
    _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NPM)
    stamp.write_text(want + "\n")


def ensure_go_peer() -> None:
    go = shutil.which("go")
    if not go:
        raise RuntimeError("go is needed to build protoc-gen-go")
    files = [BENCH / "go" / "go.mod", BENCH / "go" / "go.sum"]
    stamp = GOBIN / ".bench-stamp"
    exe = GOBIN / "protoc-gen-go"
    want = _hash(*(f.read_bytes() for f in files), _cmd_output([go, "version"]))
    if _stamp_ok(stamp, want) and exe.exists():
        return
    GOBIN.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOFLAGS": "-mod=readonly", "GOWORK": "off"}
    _run(
        [go, "build", "-o", exe, "google.golang.org/protobuf/cmd/protoc-gen-go"],
        cwd=BENCH / "go",
        env=env,
    )
    stamp.write_text(want + "\n")


def ensure_pyinstrument() -> bool:
    """pyinstrument for the project interpreter, in build/bench/pylib; False if unavailable."""
    req = BENCH / "requirements-profile.txt"
    py = project_python()
    stamp = PYLIB / ".bench-stamp"
    want = _hash(req.read_bytes(), _cmd_output([py, "-c", "import sys; print(sys.version)"]))
    if _stamp_ok(stamp, want) and (PYLIB / "pyinstrument").is_dir():
        return True
    try:
        _run(
            [
                py,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--upgrade",
                "--target",
                PYLIB,
                "-r",
                req,
            ]
        )
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"bench: cannot install pyinstrument ({e}); profiling with cProfile", file=sys.stderr)
        return False
    stamp.write_text(want + "\n")
    return True


def ensure_all(skip: bool = False) -> Setup:
    """Install every peer family; a family that fails is reported, not fatal."""
    s = Setup()
    steps = (
        ("python_peers", "Python peers (build/bench/venv)", ensure_python_peers),
        ("npm_peers", "npm peers (build/bench/npm)", ensure_npm_peers),
        ("go_peer", "protoc-gen-go (build/bench/bin)", ensure_go_peer),
    )
    for attr, what, fn in steps:
        if skip:
            setattr(s, attr, True)
            continue
        try:
            fn()
            setattr(s, attr, True)
        except (subprocess.CalledProcessError, OSError, RuntimeError) as e:
            s.missing[what] = str(e)
            print(f"bench: could not install {what}: {e}", file=sys.stderr)
    # What is actually there decides, whatever the install said (e.g. --no-install).
    s.python_peers = _bin(VENV, "protoc-gen-mypy").exists()
    s.npm_peers = (NPM / "node_modules" / ".bin" / "protoc-gen-es").exists()
    s.go_peer = (GOBIN / "protoc-gen-go").exists()
    return s


def _pip_version(name: str) -> str:
    py = _bin(VENV, "python")
    if not py.exists():
        return "not installed"
    code = f"from importlib.metadata import version; print(version({name!r}))"
    return _cmd_output([py, "-c", code]) or "?"


def _npm_version(name: str) -> str:
    pkg = NPM / "node_modules" / name / "package.json"
    try:
        import json

        return str(json.loads(pkg.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


def versions() -> dict[str, str]:
    """Every tool the run used, for the report."""
    py = project_python()

    def meta(name: str) -> str:
        code = f"from importlib.metadata import version; print(version({name!r}))"
        return _cmd_output([py, "-c", code]) or "?"

    go_gen = GOBIN / "protoc-gen-go"
    return {
        "python": _cmd_output([py, "-c", "import platform; print(platform.python_version())"]),
        "protoc (grpcio-tools)": _cmd_output([py, "-m", "grpc_tools.protoc", "--version"]),
        "grpcio-tools": meta("grpcio-tools"),
        "protobuf (python)": meta("protobuf"),
        "jinja2": meta("jinja2"),
        "protobind": meta("protobind"),
        "node": _cmd_output(["node", "--version"]) or "not found",
        "npm": _cmd_output(["npm", "--version"]) or "not found",
        "go": _cmd_output(["go", "version"]) or "not found",
        "mypy-protobuf": _pip_version("mypy-protobuf"),
        "betterproto2-compiler": _pip_version("betterproto2-compiler"),
        "ts-proto": _npm_version("ts-proto"),
        "@bufbuild/protoc-gen-es": _npm_version("@bufbuild/protoc-gen-es"),
        "protoc-gen-go": _cmd_output([go_gen, "--version"]) if go_gen.exists() else "not built",
        "matplotlib": _pip_version("matplotlib"),
    }


def plugin(name: str) -> Path:
    """Path of a protoc plugin executable."""
    table = {
        "mypy": _bin(VENV, "protoc-gen-mypy"),
        "python_betterproto2": _bin(VENV, "protoc-gen-python_betterproto2"),
        "ts_proto": NPM / "node_modules" / ".bin" / "protoc-gen-ts_proto",
        "es": NPM / "node_modules" / ".bin" / "protoc-gen-es",
        "go": GOBIN / "protoc-gen-go",
    }
    return table[name]


def peer_env() -> dict[str, str]:
    """Environment for peers: betterproto2 runs `ruff` from PATH, as in an activated venv."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env
