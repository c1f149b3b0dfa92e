"""Benchmark: one curveball draw (``clusternet.nulls.curveball``), before and after.

Run from the repository root (clusternet installed, e.g. ``pip install -e .``)::

    python benchmarks/bench_curveball.py                   # 10^6 rows, 3 rounds
    python benchmarks/bench_curveball.py --rows 1e5 --repeats 5
    python benchmarks/bench_curveball.py --no-numpy        # skip the slow numpy engine

What is timed, on the synthetic table of ``bench_projection.make_table(rows,
seed=0, ids="int")`` (heavy-tailed team sizes and actor activity; at 10^6
rows: 220,194 actors, 268,516 events, 12.2 million ties):

``kernel``
    ``clusternet._kernels.nulls.curveball`` with the default number of
    trades (10 per actor: 20 rounds of ``n_actors // 2`` trades), with the
    compiled loops (numba; with the default number of threads, and with
    the other choice forced: one thread or numba's), and with the numpy
    rounds. All must give the same draw (checked here, outside the
    timed part).
``draw``
    the public ``cn.nulls.curveball(g, rng=0)``: the trades, then the
    re-projection of the new incidence into the actor network and the new
    ``CollaborationGraph``; ``projection`` (``clusternet.projection.project``
    on the drawn incidence) and ``graph`` (the ``CollaborationGraph``
    built from it) are those two steps alone.
``strona``
    a plain per-pair loop in Python (Strona et al. 2014: pick two actors,
    pool the events only one has, deal them out again), on a smaller table
    (``--strona-rows``), against the kernel on the same table and the same
    number of trades. No library peer exists (igraph and networkx have no
    curveball; R ``backbone``/``vegan`` are R).

Times are wall clock and CPU time (``time.process_time``, all threads of
this process) of the best of ``--repeats`` calls after one warm-up call
(imports, numba's compilation or its on-disk cache, first touches), since
the machine may be shared; the load average is printed and recorded with
each row. Each row goes to ``_common.record`` (table ``curveball``); set
``CLUSTERNET_BENCH_JSON`` to keep them.

``BEFORE`` records earlier code on the same table and machine: figures, not
code.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import record  # noqa: E402
from bench_projection import make_table  # noqa: E402

import clusternet as cn  # noqa: E402
from clusternet._kernels import nulls as kn  # noqa: E402

#: One draw, 10^6 rows (make_table(10**6, seed=0, ids="int")), the 2-core
#: machine of benchmarks/README.md. Commit b2429f9 (numpy rounds, load 0.9):
#: the kernel alone 9.91 s, the public draw 10.75 s. The issue (14) reports
#: 11.8 s for one draw on a table of the same size from another generator.
#: Commit c086f52 (the compiled loops before the parallel rounds, one
#: number per pooled entry in entry order): the draw about 2.9 s (issue 14's
#: follow-up), the kernel 1.8-1.9 s CPU measured back to back with this
#: code's 0.72-0.79 s CPU (load 8-10, /tmp comparison of the two modules).
BEFORE = {"kernel": 9.91, "draw": 10.75, "issue": 11.8, "compiled_draw": 2.9}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed(fn, repeats: int):
    """Best wall and CPU seconds of ``repeats`` calls (after one warm-up) and the
    last result."""
    out = fn()
    wall, cpu = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu), out


def strona_loop(indptr, indices, n_trades: int, seed: int) -> list[set]:
    """Strona et al.'s curveball, one pair at a time, in plain Python."""
    rows = [set(indices[indptr[r]:indptr[r + 1]].tolist()) for r in range(len(indptr) - 1)]
    rnd = random.Random(seed)
    n = len(rows)
    for _ in range(n_trades):
        a, b = rnd.sample(range(n), 2)
        ra, rb = rows[a], rows[b]
        only_a = ra - rb
        only_b = rb - ra
        if not only_a or not only_b:
            continue
        pool = list(only_a | only_b)
        rnd.shuffle(pool)
        k = len(only_a)
        shared = ra & rb
        rows[a] = shared | set(pool[:k])
        rows[b] = shared | set(pool[k:])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=float, default=1e6)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--strona-rows", type=float, default=1e5)
    ap.add_argument("--no-numpy", action="store_true", help="skip the numpy engine")
    args = ap.parse_args()
    n_rows = int(args.rows)

    t = time.perf_counter()
    g = cn.from_affiliations(make_table(n_rows, seed=0, ids="int"))
    B = g.incidence
    print(f"table: {n_rows:,} rows, {g.n_actors:,} actors, {B.shape[1]:,} events, "
          f"{g.n_ties:,} ties (built in {time.perf_counter() - t:.1f} s)")
    n_trades = 10 * g.n_actors
    print(f"trades: {n_trades:,} (10 per actor, {n_trades // (g.n_actors // 2)} rounds)")
    sizes = dict(rows=n_rows, actors=g.n_actors, events=B.shape[1], ties=g.n_ties,
                 trades=n_trades)

    def kernel(engine: str):
        kn.ENGINE = engine
        return kn.curveball(B.indptr, B.indices, B.data, B.shape[1], n_trades,
                            np.random.default_rng(0))

    t = time.perf_counter()
    has_numba = kn._numba_kernels() is not None
    kn.ENGINE = "numba"
    kn.curveball(B.indptr[:3], B.indices[:B.indptr[2]], B.data[:B.indptr[2]], B.shape[1], 2,
                 np.random.default_rng(0))
    threads = kn._n_chunks(B.nnz) if has_numba else 1
    print(f"numba: {'yes' if has_numba else 'not installed'} ({threads} thread(s)); import "
          f"and compile or load from cache: {time.perf_counter() - t:.2f} s; load average "
          f"{load()}")

    rows = []
    w, c, fast = timed(lambda: kernel("numba"), args.repeats)
    rows.append(("kernel, compiled" if has_numba else "kernel, numpy (no numba)",
                 "kernel", w, c, load()))
    if has_numba:
        import numba

        ip, ix = B.indptr.astype(np.int64), B.indices.astype(np.int64)
        other = 1 if threads > 1 else int(numba.get_num_threads())
        if other != threads:
            w, c, _ = timed(lambda: kn._curveball_compiled(kn._numba_kernels(), ip, ix,
                                                           B.shape[1], n_trades,
                                                           np.random.default_rng(0), other),
                            args.repeats)
            rows.append((f"kernel, compiled, {other} thread(s) (forced)",
                         f"kernel_{other}_threads", w, c, load()))
    if not args.no_numpy:
        w, c, slow = timed(lambda: kernel("numpy"), 1)
        same = all(np.array_equal(x, y) for x, y in zip(fast, slow))
        rows.append((f"kernel, numpy rounds (same draw: {same})", "kernel_numpy", w, c,
                     load()))
    kn.ENGINE = "auto"
    w, c, h = timed(lambda: cn.nulls.curveball(g, rng=0), args.repeats)
    rows.append(("draw: cn.nulls.curveball (trades + projection + graph)", "draw", w, c,
                 load()))
    draw = w
    assert np.array_equal(np.diff(h.incidence.indptr), np.diff(B.indptr))
    assert np.array_equal(np.bincount(h.incidence.indices, minlength=B.shape[1]),
                          np.bincount(B.indices, minlength=B.shape[1]))

    from clusternet.projection import project

    w, c, A = timed(lambda: project(h.incidence, g.events["size"].to_numpy(),
                                    projection=g.meta.get("projection", "count"),
                                    min_weight=g.meta.get("min_weight", 0.0),
                                    max_ties=g.meta.get("max_ties"),
                                    event_ids=g.events.index), args.repeats)
    rows.append(("projection of the new incidence alone", "projection", w, c, load()))

    from clusternet.graph import CollaborationGraph

    w, c, _ = timed(lambda: CollaborationGraph(g.actors, A, directed=g.directed,
                                               incidence=h.incidence, events=g.events,
                                               meta={**g.meta, "null": "curveball"}),
                    args.repeats)
    rows.append(("graph construction from the new incidence and adjacency", "graph", w, c,
                 load()))

    print(f"\n| {n_rows:,} rows | wall s | CPU s | load |\n|---|---|---|---|")
    for name, case, w, c, ld in rows:
        print(f"| {name} | {w:.3f} | {c:.3f} | {ld} |")
        record("curveball", case=case, label=name, wall_s=w, cpu_s=c, load=ld,
               numba_threads=threads, repeats=args.repeats, **sizes)
    kern = rows[0][2]
    if n_rows == 10**6:
        print(f"\nbefore: commit b2429f9 kernel {BEFORE['kernel']} s, draw {BEFORE['draw']} s "
              f"(issue: {BEFORE['issue']} s); commit c086f52 draw {BEFORE['compiled_draw']} s")
        print(f"kernel: {BEFORE['kernel'] / kern:.1f}x faster; draw: "
              f"{BEFORE['draw'] / draw:.1f}x faster ({BEFORE['issue'] / draw:.1f}x against "
              f"the issue's 11.8 s); floor 1 s: {'met' if draw <= 1.0 else 'NOT met'} "
              f"(wall, load average {load()})")

    # --- a plain per-pair loop in Python, on a smaller table
    s_rows = int(args.strona_rows)
    gs = cn.from_affiliations(make_table(s_rows, seed=0, ids="int"))
    Bs = gs.incidence
    ns = 10 * gs.n_actors
    w0 = time.perf_counter()
    strona_loop(Bs.indptr, Bs.indices, ns, 0)
    t_loop = time.perf_counter() - w0
    kn.ENGINE = "auto"
    wk, ck, _ = timed(lambda: kn.curveball(Bs.indptr, Bs.indices, Bs.data, Bs.shape[1], ns,
                                           np.random.default_rng(0)), args.repeats)
    print(f"\nper-pair Python loop (Strona et al. 2014), {s_rows:,} rows, {gs.n_actors:,} "
          f"actors, {ns:,} trades: {t_loop:.3f} s; clusternet kernel {wk:.4f} s: "
          f"{t_loop / wk:.0f}x")
    record("curveball", case="strona_loop", rows=s_rows, actors=gs.n_actors, trades=ns,
           python_loop_s=t_loop, kernel_wall_s=wk, kernel_cpu_s=ck, ratio=t_loop / wk,
           load=load())


if __name__ == "__main__":
    main()
