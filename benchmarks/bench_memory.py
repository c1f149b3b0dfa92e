"""Benchmark: the working memory each ego- and actor-level measure adds to
the peak, against the size of the graph (issue 17: under half of it), and
its time.

Run from the repository root::

    python benchmarks/bench_memory.py                  # 10^6 rows (~1.2e7 ties)
    python benchmarks/bench_memory.py --rows 1e5       # quick
    python benchmarks/bench_memory.py --big            # also 10^7 rows: 1.2e8 ties
                                                       # (4 min to build, 3.4 GB resident)
    python benchmarks/bench_memory.py --measures ego_blau ei_actor

Graph: the count projection of ``bench_projection.make_table(rows, seed=0,
ids="int")`` (heavy-tailed team sizes and actor activity), with an actor
attribute of 20 categories drawn uniformly (seed 1). Built once; each
measure then runs in a child process forked from it (the graph shared,
not copied): the child first runs the measure on a small graph (so the
code and the libraries are loaded before measuring), returns its freed
heap to the system (``malloc_trim``), resets its peak resident memory
(Linux ``/proc/self/clear_refs``), runs the measure once on the big graph, and
reads the peak (``VmHWM``) less the resident memory before the call
(``VmRSS``): the memory the measure added.

Printed and recorded (``_common.record``, table ``memory``) per measure: wall and CPU seconds, the peak added, the graph's size (the
bytes of the adjacency's three CSR arrays, and of adjacency plus
incidence) and their ratio (target < 0.5 of the adjacency alone). The
machine is shared: the CPU seconds are the steadier figure.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from bench_projection import make_table  # noqa: E402

import clusternet as cn  # noqa: E402

MEASURES = {
    "ego_blau": lambda g: cn.diversity.ego(g, "sector"),
    "ego_blau_weighted": lambda g: cn.diversity.ego(g, "sector", weight=True),
    "ego_shannon": lambda g: cn.diversity.ego(g, "sector", measure="shannon"),
    "ei_actor": lambda g: cn.convergence.ei_index(g, "sector", level="actor"),
    "ei_actor_weighted": lambda g: cn.convergence.ei_index(g, "sector", level="actor",
                                                           weight=True),
    "participation": lambda g: cn.brokerage.participation(g, "sector"),
}
DEFAULT = ["ego_blau", "ego_blau_weighted", "ego_shannon", "ei_actor", "ei_actor_weighted",
           "participation"]


def status(field: str) -> int:
    """A ``VmRSS`` / ``VmHWM`` line of /proc/self/status, in bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def graph(rows: int) -> cn.CollaborationGraph:
    g = cn.from_affiliations(make_table(rows, seed=0, ids="int"), max_ties=None)
    rng = np.random.default_rng(1)
    return g.with_attributes(pd.DataFrame({"sector": rng.integers(0, 20, g.n_actors)},
                                          index=g.actor_ids))


def nbytes(M) -> int:
    return 0 if M is None else int(M.data.nbytes + M.indices.nbytes + M.indptr.nbytes)


def child(g, small, name: str, out) -> None:
    fn = MEASURES[name]
    fn(small)  # load the code and the libraries first
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)  # freed heap back to the system: RSS = live data
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak (VmHWM) is reset to the resident memory now
    before = status("VmRSS")
    w0, c0 = time.perf_counter(), time.process_time()
    fn(g)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    out.put((wall, cpu, status("VmHWM") - before))


def run(g, small, name: str) -> tuple[float, float, int]:
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=child, args=(g, small, name, q))
    p.start()
    result = q.get()
    p.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=float, nargs="+", default=[1e6])
    ap.add_argument("--big", action="store_true", help="add 10^7 rows (about 10 GB at peak)")
    ap.add_argument("--measures", nargs="+", default=DEFAULT, choices=sorted(MEASURES))
    args = ap.parse_args()
    rows = [int(r) for r in args.rows] + ([10**7] if args.big else [])
    small = graph(20_000)
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus")
    print(f"{'rows':>9} {'ties':>12} {'measure':<20}{'wall s':>8}{'cpu s':>8}"
          f"{'added MB':>10}{'adj MB':>9}{'added/adj':>10}{'added/graph':>12}")
    for r in rows:
        t0 = time.perf_counter()
        g = graph(r)
        build = time.perf_counter() - t0
        adj, total = nbytes(g.adjacency), nbytes(g.adjacency) + nbytes(g.incidence)
        print(f"{r:>9,} {g.n_ties:>12,} graph built in {build:.1f} s, "
              f"{g.n_actors:,} actors, adjacency {adj / 1e6:,.0f} MB, "
              f"with incidence {total / 1e6:,.0f} MB, process {status('VmRSS') / 1e9:.2f} GB")
        for name in args.measures:
            wall, cpu, added = run(g, small, name)
            print(f"{r:>9,} {g.n_ties:>12,} {name:<20}{wall:>8.2f}{cpu:>8.2f}"
                  f"{added / 1e6:>10,.0f}{adj / 1e6:>9,.0f}{added / adj:>10.3f}"
                  f"{added / total:>12.3f}")
            _common.record("memory", rows=r, ties=g.n_ties, actors=g.n_actors, measure=name,
                           wall_s=wall, cpu_s=cpu, added_bytes=added, adjacency_bytes=adj,
                           graph_bytes=total, added_over_adjacency=added / adj,
                           added_over_graph=added / total, load=os.getloadavg()[0])
        del g


if __name__ == "__main__":
    main()
