"""Benchmark: the ego sums on one thread and on two (issue 18, item 2).

    python benchmarks/bench_ego_sums.py                 # 7.5e5 rows, 9e6 ties
    python benchmarks/bench_ego_sums.py --rows 1e5      # quick

Each public measure built on the blocked ego sums (ego Blau and Shannon
diversity, actor E-I, participation, nominal assortativity) is timed with
the block loops forced to 1 and to 2 threads (``_compiled.TASKS``, the
knob the tests use; by default a large graph runs as many threads as numba
would), best of ``--repeat`` calls, wall-clock and CPU seconds
(``time.process_time``: all threads of the process). The two results are
checked equal bit for bit. ``ego Blau (index on the threads)`` times the
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
from clusternet._kernels import _compiled  # noqa: E402
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

    return {
        "ego Blau": lambda: cn.diversity.ego(g, "sector"),
        "ego Blau weighted": lambda: cn.diversity.ego(g, "sector", weight=True),
        "ego Shannon": lambda: cn.diversity.ego(g, "sector", measure="shannon"),
        "ego Blau (index on the threads)": blau_on_threads,
        "actor E-I": lambda: cn.convergence.ei_index(g, "sector", level="actor"),
        "actor E-I weighted": lambda: cn.convergence.ei_index(g, "sector", level="actor",
                                                              weight=True),
        "participation": lambda: cn.brokerage.participation(g, "sector"),
        "nominal assortativity": lambda: cn.convergence.assortativity(g, "sector"),
    }


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
    args = p.parse_args()
    g = graph(int(args.rows))
    ties = g.adjacency.nnz // 2
    print(f"{int(args.rows):,} rows -> {g.n_actors:,} actors, {ties:,} ties; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'measure':34s} {'1 thread':>17s} {'2 threads':>17s} {'speed-up':>9s}  bits")
    print(f"{'':34s} {'wall / CPU s':>17s} {'wall / CPU s':>17s}")
    for name, f in measures(g).items():
        if args.only and name not in args.only:
            continue
        timings, results = {}, {}
        for n_threads in (1, 2):
            _compiled.TASKS = n_threads
            f()  # warm: imports, caches
            wall, cpu, results[n_threads] = _common.timed(f, args.repeat)
            timings[n_threads] = (wall, cpu)
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
