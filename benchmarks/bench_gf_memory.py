"""Benchmark: the working memory and the throughput of the Gould-Fernandez
counts (issue 18: item 3, the memory bound of half the graph; the done-when,
at least 1.5e9 ordered 2-paths per second at 9e6 ties).

Run from the repository root (clusternet installed with the ``fast`` extra)::

    python benchmarks/bench_gf_memory.py                  # 2.4e6 ties
    python benchmarks/bench_gf_memory.py --large          # and 9e6 ties
    python benchmarks/bench_gf_memory.py --engine numpy   # the fallback without numba
    CLUSTERNET_BENCH_JSON=out.json python benchmarks/bench_gf_memory.py

Graphs: those of ``bench_local_kernels.py`` (the count projection of
``bench_projection.make_table``; 2.22e5 rows give 2.4e6 ties, ``--large``
adds 7.5e5 rows, 9e6 ties), eight groups drawn at random (seed 0), and a
directed graph from each: every stored entry of the undirected adjacency
kept as an arc with probability 0.3 (seed 1), so that about 9% of the
arcs are reciprocated.

Each graph runs in a fresh child process (one at a time): it builds the
graph, warms the compiled code up on a small graph, hands freed memory
back to the system (glibc ``malloc_trim``; the children run with
``MALLOC_MMAP_THRESHOLD_=131072``, so that every array of more than
128 kB has pages of its own, handed back when freed: the peak then counts
new pages, not pages freed earlier and reused), resets the
resident-memory high-water mark (Linux ``/proc/self/clear_refs``; numba's
allocations are invisible to tracemalloc), then calls
:func:`clusternet._kernels.gould_fernandez.gf_counts` on the adjacency
(``symmetric=`` given, as ``clusternet.brokerage`` passes it for an
undirected graph; checked when directed). Recorded: the peak added
(``VmHWM`` after the call minus ``VmRSS`` before it, less the result),
the graph's size (the bytes of its CSR adjacency: ``indptr``, ``indices``,
``data``), their ratio, and the best of ``--repeat`` calls in wall and CPU
seconds (``time.process_time``, all threads) with the ordered 2-paths per
wall second, the machine's load, and a digest of the counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402


def graph(rows: int, directed: bool):
    import numpy as np
    import scipy.sparse as sp
    from bench_projection import make_table

    import clusternet as cn

    g = cn.from_affiliations(make_table(rows, ids="int"), max_ties=None)
    A = g.adjacency
    if directed:
        keep = np.random.default_rng(1).random(A.nnz) < 0.3
        row = np.repeat(np.arange(A.shape[0], dtype=np.int32), np.diff(A.indptr))
        A = sp.csr_array((A.data[keep], (row[keep], A.indices[keep])), shape=A.shape)
        A.sum_duplicates()
    return A


def child(rows: int, directed: bool, repeat: int, engine: str = "numba") -> dict:
    import numpy as np

    from clusternet._kernels import _compiled
    from clusternet._kernels import gould_fernandez as gf

    A = graph(rows, directed)
    codes = np.random.default_rng(0).integers(0, 8, A.shape[0])
    paths = gf.two_path_count(A)
    small = graph(3000, directed)
    for tasks in (1, 2):  # warm up: the serial and the parallel loops
        _compiled.TASKS = tasks
        gf.gf_counts(small, codes[:small.shape[0]], gf.PATH_CODES, engine=engine)
    _compiled.TASKS = None
    graph_bytes = A.indptr.nbytes + A.indices.nbytes + A.data.nbytes
    symmetric = None if directed else True
    if not _common.reset_peak(trim=True):  # freed memory back: the peak counts new pages
        raise SystemExit("cannot reset the high-water mark (/proc/self/clear_refs)")
    before, _ = _common.rss_gb()
    out = gf.gf_counts(A, codes, gf.PATH_CODES, symmetric=symmetric, engine=engine)
    _, peak = _common.rss_gb()
    added = (peak - before) * 1e9 - out.nbytes
    del out
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        out = gf.gf_counts(A, codes, gf.PATH_CODES, symmetric=symmetric, engine=engine)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"engine": engine, "rows": rows, "directed": directed, "actors": A.shape[0],
            "entries": A.nnz,
            "ties": A.nnz if directed else A.nnz // 2, "two_paths": paths,
            "graph_mb": graph_bytes / 1e6, "peak_added_mb": added / 1e6,
            "added_over_graph": added / graph_bytes, "bytes_per_entry": added / A.nnz,
            "wall_s": min(walls), "cpu_s": min(cpus), "paths_per_s": paths / min(walls),
            "load": round(os.getloadavg()[0], 2), "open_two_paths": float(out.sum()),
            "counts_digest": hashlib.sha256(out.tobytes()).hexdigest()[:16]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=float, nargs="+", default=[2.22e5],
                   help="rows of the synthetic table per graph (2.22e5: 2.4e6 ties)")
    p.add_argument("--large", action="store_true", help="add the 7.5e5-row graph (9e6 ties)")
    p.add_argument("--repeat", type=int, default=3, help="timed calls (the best is kept)")
    p.add_argument("--kinds", nargs="+", default=["undirected", "directed"],
                   choices=["undirected", "directed"])
    p.add_argument("--engine", default="numba", choices=["numba", "numpy"],
                   help="numba: the compiled loops; numpy: the fallback without numba")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--directed", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.directed, args.repeat, args.engine)))
        return 0
    print(_common.machine(), flush=True)
    sizes = list(args.rows) + ([7.5e5] if args.large else [])
    for rows in sizes:
        for kind in args.kinds:
            command = [sys.executable, __file__, "--child", str(int(rows)), "--repeat",
                       str(args.repeat), "--engine", args.engine]
            if kind == "directed":
                command.append("--directed")
            # arrays above 128 kB get pages of their own, handed back when
            # freed (glibc): the peak counts what the call holds at once
            env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"}
            done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            _common.record("gf_memory", **row)
            print(f"{args.engine} {kind:<10} {row['ties']:,} ties, {row['actors']:,} actors "
                  f"({row['graph_mb']:.0f} MB graph): peak added {row['peak_added_mb']:.0f} MB "
                  f"= {row['added_over_graph']:.2f} x graph ({row['bytes_per_entry']:.1f} B per "
                  f"entry); best of {args.repeat}: wall {row['wall_s']:.2f} s, cpu "
                  f"{row['cpu_s']:.2f} s, {row['paths_per_s']:.3g} ordered 2-paths/s of "
                  f"{row['two_paths']:.3g} (load {row['load']}); counts {row['counts_digest']}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
