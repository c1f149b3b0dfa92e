"""Benchmark: the ego sums on one thread and on two (issue 18, item 2).

    python benchmarks/bench_ego_sums.py                 # 7.5e5 rows, 9e6 ties
    python benchmarks/bench_ego_sums.py --rows 1e5      # quick
    python benchmarks/bench_ego_sums.py --gil           # and the GIL probe first

Each public measure built on the blocked ego sums (ego Blau and Shannon
diversity, actor E-I, participation, nominal assortativity) is timed with
the block loops forced to 1 and to 2 threads (``_compiled.TASKS``, the
knob the tests use; by default a large graph runs as many threads as numba
would), best of ``--repeat`` calls, wall-clock and CPU seconds
(``time.process_time``: all threads of the process), the two in turn so
that they see the same load. The two results are
checked equal bit for bit. The first row is a control: two runs of
``np.log`` over 2^14 floats in cache, 1,000 times into a kept buffer
(compute-bound, nothing allocated, no GIL), on 1 and 2 threads; its
speed-up is the most that threads can give at that moment on a shared
machine (about 2 on two idle cores, about 1 when another process holds a
core). ``ego Blau (index on the threads)`` times the
kernel the measure would call if the diversity index of each block were
computed on the worker threads too (:meth:`OneHotProduct.map`) rather than
in the calling thread.

The graph: the synthetic heavy-tailed affiliation table of
``bench_projection.make_table`` (``ids="int"``), projected with
``max_ties=None``; an actor attribute of 20 categories drawn uniformly
(seed 1), as in ``bench_memory.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from bench_projection import make_table  # noqa: E402

import clusternet as cn  # noqa: E402
from clusternet._kernels import _compiled, _threads  # noqa: E402
from clusternet._kernels import diversity as kern  # noqa: E402


def graph(rows: int) -> cn.CollaborationGraph:
    g = cn.from_affiliations(make_table(rows, seed=0, ids="int"), max_ties=None)
    rng = np.random.default_rng(1)
    return g.with_attributes(pd.DataFrame({"sector": rng.integers(0, 20, g.n_actors)},
                                          index=g.actor_ids))


def measures(g) -> dict:
    A = g.adjacency
    codes = pd.Categorical(g.attribute("sector")).codes.astype(np.int64)

    def blau_on_threads():
        out = np.full(g.n_actors, np.nan)
        product = kern.OneHotProduct(A.indptr, A.indices, A.data, 20, binary=True)
        for lo, hi, values in product.map(codes, lambda lo, hi, X: kern.gini_simpson(X)):
            out[lo:hi] = values
        return out

    x = np.random.default_rng(2).random(1 << 14)
    out = [np.empty_like(x), np.empty_like(x)]

    def logs(half: int) -> np.ndarray:  # in cache, nothing allocated: the core alone
        for _ in range(1000):
            np.log(x, out=out[half])
        return out[half]

    def control():  # compute-bound, releases the GIL: the most threads can give now
        return list(_threads.map_blocks(logs, (0, 1), _threads.threads(1 << 30)))

    return {
        "control: np.log in cache, 2 runs": control,
        "ego Blau": lambda: cn.diversity.ego(g, "sector"),
        "ego Blau weighted": lambda: cn.diversity.ego(g, "sector", weight=True),
        "ego Shannon": lambda: cn.diversity.ego(g, "sector", measure="shannon"),
        "ego Blau (index on the threads)": blau_on_threads,
        "actor E-I": lambda: cn.convergence.ei_index(g, "sector", level="actor"),
        "actor E-I weighted": lambda: cn.convergence.ei_index(g, "sector", level="actor",
                                                              weight=True),
        "participation": lambda: cn.brokerage.participation(g, "sector"),
        "nominal assortativity": lambda: cn.convergence.assortativity(g, "sector",
                                                                     kind="nominal"),
    }


def gil_probe() -> None:
    """Which operations of a block release the GIL: a worker thread runs one
    call (on 2^25 entries) while the main thread counts pure-Python steps;
    the count is divided by the count while the worker sleeps as long
    (same load). About 0: the call holds the GIL; about 1 or more: it
    releases it (the main thread ran beside it)."""
    import threading
    import time

    import scipy.sparse as sp

    sys.setswitchinterval(0.0005)
    rng = np.random.default_rng(0)
    N, n = 1 << 25, 220_000
    idx32 = rng.integers(0, n, N).astype(np.int32)
    idxp = idx32.astype(np.intp)
    codes8 = rng.integers(0, 20, n).astype(np.int8)
    w = rng.random(N)
    key = rng.integers(0, 4096, N).astype(np.intp)
    flags = rng.random(N) < 0.5
    starts = np.arange(0, N, 100)
    deg = np.full(len(starts), 100)
    row_codes = rng.integers(0, 20, len(starts)).astype(np.int8)
    A = sp.csr_array((w, idx32, np.append(starts, N)), shape=(len(starts), n))
    H = sp.csr_array((np.ones(n), rng.integers(0, 20, n), np.arange(n + 1)), shape=(n, 20))
    ops = {
        "np.take (int8 codes, int32 indices)": lambda: np.take(codes8, idx32),
        "fancy indexing codes[intp]": lambda: codes8[idxp],
        "np.bincount": lambda: np.bincount(key, minlength=4096),
        "np.bincount with weights": lambda: np.bincount(key, weights=w, minlength=4096),
        "np.add.reduceat": lambda: np.add.reduceat(w, starts),
        "np.repeat": lambda: np.repeat(row_codes, deg),
        "np.cumsum (bool to int32)": lambda: np.cumsum(flags, dtype=np.int32),
        "np.where": lambda: np.where(flags, w, 0.0),
        "np.log": lambda: np.log(w),
        "np.flatnonzero": lambda: np.flatnonzero(flags),
        "np.add.at": lambda: np.add.at(np.zeros(n), idxp, w),
        "csr @ one-hot (scipy csr_matmat)": lambda: A @ H,
        "csr @ vector (scipy csr_matvec)": lambda: A @ w[:n],
    }

    def steps_while(target) -> int:
        done = [False]

        def run():
            target()
            done[0] = True

        worker = threading.Thread(target=run)
        steps = 0
        worker.start()
        while not done[0]:
            for _ in range(50):
                steps += 1
        worker.join()
        return steps

    print(f"{'operation':36s} {'call ms':>8s} {'main-thread progress':>21s}  verdict")
    for name, f in ops.items():
        f()
        t = time.perf_counter()
        f()
        d = time.perf_counter() - t
        ratios = sorted(steps_while(f) / max(1, steps_while(lambda: time.sleep(d)))
                        for _ in range(3))
        r = ratios[1]
        verdict = ("holds the GIL" if r < 0.25 else
                   "releases the GIL" if r > 0.5 else "holds it part of the time")
        print(f"{name:36s} {d * 1e3:8.1f} {r:21.2f}  {verdict}")
        _common.record("ego_sums_gil", operation=name, call_s=d, progress=r, verdict=verdict,
                       load=os.getloadavg()[0])


def same(a, b) -> bool:
    """Equal bit for bit (floats compared by their bytes)."""
    if isinstance(a, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        except AssertionError:
            return False
        return all(same(a[c].to_numpy(), b[c].to_numpy())
                   for c in a.columns if a[c].dtype.kind == "f")
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.tobytes() == b.tobytes()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=float, default=7.5e5, help="table rows (7.5e5: 9e6 ties)")
    p.add_argument("--repeat", type=int, default=3, help="best of this many calls")
    p.add_argument("--only", nargs="*", help="measures to time (names as printed)")
    p.add_argument("--gil", action="store_true",
                   help="first probe which operations of a block release the GIL")
    args = p.parse_args()
    if args.gil:
        gil_probe()
    g = graph(int(args.rows))
    ties = g.adjacency.nnz // 2
    print(f"{int(args.rows):,} rows -> {g.n_actors:,} actors, {ties:,} ties; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'measure':34s} {'1 thread':>17s} {'2 threads':>17s} {'speed-up':>9s}  bits")
    print(f"{'':34s} {'wall / CPU s':>17s} {'wall / CPU s':>17s}")
    for name, f in measures(g).items():
        if args.only and name not in args.only:
            continue
        timings = {1: (np.inf, np.inf), 2: (np.inf, np.inf)}
        results = {}
        for rep in range(args.repeat + 1):  # 1 and 2 threads in turn: the same load
            for n_threads in (1, 2):
                _compiled.TASKS = n_threads
                wall, cpu, results[n_threads] = _common.timed(f, 1)
                if rep:  # the first turn warms (imports, caches)
                    timings[n_threads] = (min(timings[n_threads][0], wall),
                                          min(timings[n_threads][1], cpu))
        _compiled.TASKS = None
        equal = same(results[1], results[2])
        speed = timings[1][0] / timings[2][0]
        print(f"{name:34s} {timings[1][0]:7.3f} / {timings[1][1]:6.3f}   "
              f"{timings[2][0]:7.3f} / {timings[2][1]:6.3f}   {speed:7.2f}x  "
              f"{'equal' if equal else 'DIFFER'}")
        _common.record("ego_sums", rows=int(args.rows), actors=g.n_actors, ties=ties,
                       measure=name, wall_1=timings[1][0], cpu_1=timings[1][1],
                       wall_2=timings[2][0], cpu_2=timings[2][1], speedup=speed,
                       bit_identical=equal, load=os.getloadavg()[0])


if __name__ == "__main__":
    main()
