"""What every benchmark shares: the real CORDIS graph, the best-of timer,
and the raw record written as JSON for ``benchmarks/run_all.py``.

A benchmark script calls :func:`record` once per measured row (a dict of
plain numbers and strings: the case, the sizes, the seconds of each tool,
their ratios). When the environment variable ``CLUSTERNET_BENCH_JSON``
names a file, the rows are written there when the script ends, with the
commit, the versions and the machine, so that every table in
``benchmarks/README.md`` can be regenerated from stored raw output.

Run from the repository root (``python benchmarks/bench_X.py``); the
scripts import this module as ``_common`` (their own folder is on
``sys.path``).
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CORDIS = DATA / "cordis_h2020" / "h2020_participations.csv"

RESULTS: list[dict[str, Any]] = []


def record(table: str, **fields: Any) -> dict[str, Any]:
    """Keep one measured row of ``table`` (a short name of the README table
    it feeds); returns the row."""
    row = {"table": table, **{k: _plain(v) for k, v in fields.items()}}
    RESULTS.append(row)
    return row


def _plain(v: Any) -> Any:
    if hasattr(v, "item") and callable(v.item):
        try:
            return v.item()
        except (ValueError, TypeError):
            pass
    return v


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The least wall-clock seconds of ``repeat`` calls, and the last result
    (a shared machine's busy spells fall on some runs only)."""
    times, out = [], None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, float, Any]:
    """The least wall-clock and the least CPU seconds (``time.process_time``,
    all threads of this process) of ``repeat`` calls, and the last result."""
    wall, cpu, out = float("inf"), float("inf"), None
    for _ in range(max(1, repeat)):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, out


def capped(fn: Callable[[], Any], seconds: float) -> tuple[float, float, Any] | None:
    """One call of ``fn`` in a forked child process, stopped after ``seconds``:
    (wall, CPU seconds, result), or None when it ran out of time; a
    RuntimeError naming the child's exception when it failed. The result
    comes back pickled (a list or dict of numbers, say). For peers whose
    time grows fast (networkx on large graphs)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def run() -> None:
        try:
            w0, c0 = time.perf_counter(), time.process_time()
            out = fn()
            child.send(("ok", (time.perf_counter() - w0, time.process_time() - c0, out)))
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            child.send(("error", f"{type(e).__name__}: {e}"[:300]))

    proc = ctx.Process(target=run, daemon=True)
    proc.start()
    deadline = time.perf_counter() + seconds
    msg = None
    while msg is None and time.perf_counter() < deadline:
        if parent.poll(0.1):
            msg = parent.recv()
        elif not proc.is_alive() and not parent.poll(0):
            msg = ("error", f"the child process ended with exit code {proc.exitcode}")
    if proc.is_alive():
        proc.kill()
    proc.join()
    if msg is None:
        return None
    if msg[0] == "error":
        raise RuntimeError(msg[1])
    return msg[1]


def reset_peak(trim: bool = False) -> bool:
    """Reset this process's resident-memory high-water mark (Linux
    ``/proc/self/clear_refs``); False where that is not possible. ``trim``:
    first hand freed memory back to the system (glibc ``malloc_trim``), so
    that the peak counts new pages, not pages freed earlier and reused (run
    the process with ``MALLOC_MMAP_THRESHOLD_=131072`` so that large arrays
    get pages of their own)."""
    if trim:
        import ctypes
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except OSError:  # not glibc
            pass
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def rss_gb() -> tuple[float, float]:
    """(current, peak since the last :func:`reset_peak`) resident memory of
    this process in GB, from ``/proc/self/status`` (VmRSS, VmHWM); NaN where
    that file is missing."""
    out = {"VmRSS": float("nan"), "VmHWM": float("nan")}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in out:
                    out[key] = int(line.split()[1]) * 1024 / 1e9
    except OSError:
        pass
    return out["VmRSS"], out["VmHWM"]


def cordis_table(path: Path = CORDIS):
    """The CORDIS H2020 affiliation table and actor table of
    :func:`cordis_graph`, before the graph is built: ``(affiliations,
    actors)``."""
    import pandas as pd

    d = pd.read_csv(path)
    aff = (d.dropna(subset=["start_year"]).astype({"start_year": int})
           .rename(columns={"pic": "actor", "rcn": "event", "start_year": "year",
                            "type": "sector"}))
    aff = aff[["actor", "event", "year", "sector", "country", "role"]].reset_index(drop=True)
    actors = aff.drop_duplicates("actor")[["actor", "sector", "country"]]
    return aff, actors


def cordis_graph(path: Path = CORDIS):
    """The CORDIS H2020 graph as tests/test_real_data.py builds it (the recipe
    of ``cordis_h2020/SOURCE.md``): organisations x projects, ``year`` the
    start year (rows without one left out), attributes ``sector`` (activity
    type) and ``country``."""
    import clusternet as cn

    aff, actors = cordis_table(path)
    return cn.from_affiliations(aff, time="year", actors=actors)


def peak_rss_gb() -> float:
    """This process's peak resident memory so far, in GB (Linux ru_maxrss)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def machine() -> dict[str, Any]:
    """The commit, the versions and the machine, stored with every record."""
    from importlib import metadata

    import numpy
    import scipy

    info: dict[str, Any] = {
        "python": platform.python_version(),
        "processor": _cpu_model(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
    }
    for name in ("clusternet", "networkx", "igraph", "numba", "pandas"):
        try:
            info[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # a missing peer is recorded as such
            info[name] = None
    try:
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        info["load_average"] = None
    try:
        info["memory_gb"] = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        info["memory_gb"] = None
    try:
        info["commit"] = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
            check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
        info["dirty"] = bool(dirty)
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = None
    return info


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _on_term(signum, frame) -> None:  # noqa: ARG001
    sys.exit(128 + signum)  # unwinds, so the rows recorded so far are written


if os.environ.get("CLUSTERNET_BENCH_JSON"):
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        # run_all.py stops a script past its time limit with SIGTERM first
        signal.signal(signal.SIGTERM, _on_term)


@atexit.register
def _write() -> None:
    path = os.environ.get("CLUSTERNET_BENCH_JSON")
    if not path or not RESULTS:
        return
    out = {"script": Path(sys.argv[0]).name, "argv": sys.argv[1:],
           "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "machine": machine(), "results": RESULTS}
    Path(path).write_text(json.dumps(out, indent=1, default=str) + "\n")
