"""Starts and measures one benchmark run at a time, from a small process of its own.

Why a process of its own: Linux charges a child the peak RSS of the process it was
forked (or vforked) from until it calls exec, so `ru_maxrss` of every run would be at
least the peak RSS of whoever spawned it. bench/run.py grows (corpora, results); this
spawner stays at the size of a bare interpreter, so the memory column means what it says.

    Spawner().run(argv, cwd, env, log, timeout, mem_limit_kb) -> Sample

Protocol: one JSON request per line on stdin, one JSON Sample per line on stdout.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_kb: int  # ru_maxrss of wait4: the largest single process of the tree
    tree_rss_kb: int  # the larger of rss_kb and the sampled PSS sum over the tree
    rc: int
    stopped: str | None = None


def _tree_pss_kb(pid: int) -> int:
    """Sum of PSS over `pid` and its descendants (0 if it is gone).

    PSS, not RSS: forked workers share their parent's pages, and summing RSS would count
    those pages once per worker. Falls back to RSS where smaps_rollup is missing.
    """
    total = 0
    stack = [pid]
    seen: set[int] = set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            try:
                with open(f"/proc/{p}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                            break
            except FileNotFoundError:
                with open(f"/proc/{p}/statm") as f:
                    total += int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_once(
    argv: Sequence[str | Path],
    cwd: Path,
    env: dict[str, str],
    log: Path,
    timeout: float,
    mem_limit_kb: int,
) -> Sample:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(
            [str(a) for a in argv],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stop = threading.Event()
        state: dict[str, object] = {"peak": 0, "stopped": None}

        def watch() -> None:
            while not stop.wait(0.2):
                rss = _tree_pss_kb(p.pid)
                state["peak"] = max(int(state["peak"]), rss)  # type: ignore[call-overload]
                why = None
                if rss > mem_limit_kb:
                    why = f"stopped: process tree passed {mem_limit_kb / 1024 / 1024:.1f} GB"
                elif time.perf_counter() - t0 > timeout:
                    why = f"stopped: longer than {timeout:.0f} s"
                if why:
                    state["stopped"] = why
                    with contextlib.suppress(OSError):
                        os.killpg(p.pid, signal.SIGKILL)
                    return

        th = threading.Thread(target=watch, daemon=True)
        th.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        th.join()
        p.returncode = os.waitstatus_to_exitcode(status)
    return Sample(
        wall=wall,
        cpu=ru.ru_utime + ru.ru_stime,
        rss_kb=int(ru.ru_maxrss),
        tree_rss_kb=max(int(state["peak"]), int(ru.ru_maxrss)),  # type: ignore[call-overload]
        rc=p.returncode,
        stopped=state["stopped"],  # type: ignore[arg-type]
    )


class Spawner:
    """Client side: starts `python bench/spawner.py` once and sends it one run at a time."""

    def __init__(self) -> None:
        self._p = subprocess.Popen(
            [sys.executable, "-S", "-E", str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def run(
        self,
        argv: Sequence[str | Path],
        cwd: Path,
        env: dict[str, str],
        log: Path,
        timeout: float,
        mem_limit_kb: int,
    ) -> Sample:
        request = {
            "argv": [str(a) for a in argv],
            "cwd": str(cwd),
            "env": env,
            "log": str(log),
            "timeout": timeout,
            "mem_limit_kb": mem_limit_kb,
        }
        assert self._p.stdin is not None and self._p.stdout is not None
        self._p.stdin.write(json.dumps(request) + "\n")
        self._p.stdin.flush()
        line = self._p.stdout.readline()
        if not line:
            raise RuntimeError("bench/spawner.py died")
        return Sample(**json.loads(line))


def _serve() -> None:
    for line in sys.stdin:
        req = json.loads(line)
        s = run_once(
            req["argv"],
            Path(req["cwd"]),
            req["env"],
            Path(req["log"]),
            req["timeout"],
            req["mem_limit_kb"],
        )
        sys.stdout.write(json.dumps(asdict(s)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
