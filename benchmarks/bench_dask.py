"""Benchmark: how far one machine goes, and the same analysis on a Dask cluster.

Run from the repository root (``pip install -e '.[dask]'``)::

    python benchmarks/bench_dask.py single --rows 1e5 1e6     # one process, in memory
    python benchmarks/bench_dask.py dask --rows 1e6           # LocalCluster of 2 workers
    python benchmarks/bench_dask.py dask --rows 1e7 --build-only --partitions 16

The table is :func:`bench_projection.make_table` (heavy-tailed teams and
activity, string ids), with a year per event (``2000 + event % 10``) and an
actor attribute ``group`` (8 groups, by a hash of the id).

``single`` -- one process, each step timed once (wall and CPU seconds) with
its peak resident memory: the kernel's high-water mark is reset before the
step (``/proc/self/clear_refs``) and read after it (``VmHWM``); ``added`` is
that peak minus the resident memory just before the step. Steps: the build
(``count``), network E-I, actor E-I, ego Blau diversity, Burt's constraint
on ``--egos`` sampled egos, and ``--perms`` permutations of the network
E-I (the permutation kernel).

``dask`` -- the table written as a Parquet dataset (``--partitions`` files)
in a temporary folder; a ``LocalCluster(n_workers=--workers,
threads_per_worker=1)`` of worker processes; then, timed: the build from the
Parquet folder, ``map_egos`` for ego Blau and for constraint on the sampled
egos, the network E-I, and ``--perms`` permutations on the client. Each
result is compared with the in-memory path (built from the same table in
this process) and the comparison recorded (``equal``); the peak resident
memory of each worker process during the step (``client.run``) is recorded.
Each step after the build starts on fresh worker processes
(``client.restart()``, then warmed up, untimed): what a step leaves in a
worker's heap is not handed back to the system and would count against the
next step's memory limit.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from bench_projection import make_table  # noqa: E402

import clusternet as cn  # noqa: E402


def reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def rss() -> tuple[float, float]:
    """(current, peak since the last reset) resident memory in GB."""
    out = {"VmRSS": np.nan, "VmHWM": np.nan}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in out:
                    out[key] = int(line.split()[1]) * 1024 / 1e9
    except OSError:
        pass
    return out["VmRSS"], out["VmHWM"]


def worker_reset() -> None:
    reset_peak()


def worker_peak() -> float:
    return rss()[1]


def table(rows: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    t = make_table(rows, seed=seed)
    codes = t["event"].str[1:].astype(np.int64)
    t["year"] = 2000 + (codes % 10).astype(np.int64)
    ids = pd.unique(t["actor"])
    group = pd.util.hash_array(np.asarray(ids, dtype=object)) % 8
    people = pd.DataFrame({"actor": ids, "group": np.char.add("g", group.astype(str))})
    return t, people


def step(name: str, fn, **fields):
    before = rss()[0]
    reset_peak()
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    peak = rss()[1]
    row = _common.record("scale_single", step=name, seconds=round(wall, 3),
                         cpu_seconds=round(cpu, 3), peak_gb=round(peak, 3),
                         added_gb=round(peak - before, 3), **fields)
    print(f"  {name:<22} {wall:8.2f} s  cpu {cpu:8.2f} s  peak {peak:6.2f} GB "
          f"(+{peak - before:5.2f})", flush=True)
    return out, row


def fingerprint(g) -> str:
    """A digest of the graph: actor ids, adjacency, incidence, event table."""
    import hashlib

    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(g.actors.reset_index(), index=False).to_numpy())
    h.update(pd.util.hash_pandas_object(g.events.reset_index(), index=False).to_numpy())
    for M in (g.adjacency, g.incidence):
        for a in (M.indptr.astype(np.int64), M.indices.astype(np.int64), M.data):
            h.update(np.ascontiguousarray(a).view(np.uint8))
    return h.hexdigest()


def warm_up() -> None:
    """Every step once on a small table (imports, numba compilation)."""
    t, people = table(2000)
    g = cn.from_affiliations(t, time="year", actors=people)
    cn.convergence.ei_index(g, "group")
    cn.convergence.ei_index(g, "group", level="actor")
    cn.diversity.ego(g, "group")
    cn.brokerage.constraint(g, weight=True, egos=g.actor_ids[:10])
    cn.inference.permutation_test(g, cn.convergence.ei_index, "group", n=5, rng=1)


def single(args: argparse.Namespace) -> None:
    warm_up()
    for rows in args.rows:
        rows = int(float(rows))
        t, people = table(rows)
        print(f"{rows:,} rows", flush=True)
        g, _ = step("build", lambda: cn.from_affiliations(t, time="year", actors=people,
                                                          max_ties=None), rows=rows)
        f = dict(rows=rows, actors=g.n_actors, ties=g.n_ties)
        print(f"  {g.n_actors:,} actors, {g.n_ties:,} ties", flush=True)
        step("ei_index network", lambda: cn.convergence.ei_index(g, "group"), **f)
        step("ei_index actor", lambda: cn.convergence.ei_index(g, "group", level="actor"), **f)
        step("ego blau", lambda: cn.diversity.ego(g, "group"), **f)
        egos = g.actor_ids[np.random.default_rng(0).choice(g.n_actors, args.egos, replace=False)]
        step(f"constraint {args.egos} egos",
             lambda: cn.brokerage.constraint(g, weight=True, egos=egos), **f)
        step(f"permutations x{args.perms}",
             lambda: cn.inference.permutation_test(g, cn.convergence.ei_index, "group",
                                                   n=args.perms, rng=1), **f)
        del g, t, people


def dask_run(args: argparse.Namespace) -> None:
    from dask.distributed import Client, LocalCluster

    import dask.dataframe as dd

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, memory_limit=args.memory_limit)
    client = Client(cluster)
    warm_up()
    client.run(warm_up)
    try:
        for rows in args.rows:
            rows = int(float(rows))
            t, people = table(rows)
            tmp = tempfile.mkdtemp(prefix="cn-bench-dask-")
            folder = Path(tmp) / "aff"
            dd.from_pandas(t[["actor", "event", "year"]], npartitions=args.partitions,
                           sort=False).to_parquet(folder)
            print(f"{rows:,} rows -> {folder} ({args.partitions} files)", flush=True)
            fields = dict(rows=rows, workers=args.workers, partitions=args.partitions)

            def timed(name, fn, reference, fresh=True):
                if fresh:
                    # fresh worker processes for each step (what a step leaves in a
                    # worker's heap is not handed back to the system), warmed up
                    client.restart()
                    client.run(warm_up)
                client.run(worker_reset)
                w0, c0 = time.perf_counter(), time.process_time()
                out = fn()
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                peaks = client.run(worker_peak)
                ok = reference(out)
                _common.record("scale_dask", step=name, seconds=round(wall, 3),
                               client_cpu_seconds=round(cpu, 3),
                               worker_peak_gb=round(max(peaks.values()), 3),
                               client_rss_gb=round(rss()[0], 3), equal=bool(ok), **fields)
                print(f"  {name:<24} {wall:8.2f} s  worker peak "
                      f"{max(peaks.values()):5.2f} GB  equal={ok}", flush=True)
                return out

            g0 = cn.from_affiliations(t, time="year", actors=people, max_ties=None)
            fields.update(ties=g0.n_ties, actors=g0.n_actors)
            want = fingerprint(g0)
            del t
            if not args.build_only:
                # the in-memory results first, then the reference graph is let go:
                # the graph built on the cluster is checked equal to it (digest),
                # and the two are not held side by side
                print("  in-memory references ...", flush=True)
                ei0 = cn.convergence.ei_index(g0, "group")
                blau0 = cn.diversity.ego(g0, "group")
                egos = g0.actor_ids[np.random.default_rng(0).choice(g0.n_actors, args.egos,
                                                                     replace=False)]
                c0 = cn.brokerage.constraint(g0, weight=True, egos=egos)
                p0 = cn.inference.permutation_test(g0, cn.convergence.ei_index, "group",
                                                   n=args.perms, rng=1, client=False)
            del g0

            g = timed("build from parquet",
                      lambda: cn.from_affiliations(folder, time="year", actors=people,
                                                   max_ties=None),
                      lambda g: fingerprint(g) == want, fresh=False)
            if args.build_only:
                del g, people
                continue
            timed("ei_index network", lambda: cn.convergence.ei_index(g, "group"),
                  lambda v: v == ei0)
            timed("ego blau (map_egos)",
                  lambda: cn.distributed.map_egos(cn.diversity.ego, g, "group", client=client),
                  lambda v: v.equals(blau0))
            timed(f"constraint {args.egos} egos",
                  lambda: cn.distributed.map_egos(cn.brokerage.constraint, g, weight=True,
                                                  egos=egos, client=client),
                  lambda v: v.equals(c0))
            timed(f"permutations x{args.perms}",
                  lambda: cn.inference.permutation_test(g, cn.convergence.ei_index, "group",
                                                        n=args.perms, rng=1, client=client),
                  lambda r: bool(np.array_equal(r.null, p0.null)))
            del g, people
    finally:
        client.close()
        cluster.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=["single", "dask"])
    p.add_argument("--rows", nargs="+", default=["1e5", "1e6"])
    p.add_argument("--egos", type=int, default=1000)
    p.add_argument("--perms", type=int, default=100)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--memory-limit", default="6GB")
    p.add_argument("--build-only", action="store_true",
                   help="dask: only the build from Parquet, checked against a digest of "
                        "the in-memory graph (which is not held beside it)")
    args = p.parse_args()
    print(f"load: {os.getloadavg()}", flush=True)
    (single if args.mode == "single" else dask_run)(args)
    print(f"load: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
