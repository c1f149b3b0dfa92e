"""Benchmark: the working memory of the compiled engine of Burt's measures
(issue 18, item 3), beside the size of the graph it reads: the blocks its
default plan sizes within half the graph, and one block of all the ties.

Run from the repository root (clusternet installed with the ``fast`` extra)::

    python benchmarks/bench_burt_memory.py                  # 2.4e6 ties
    python benchmarks/bench_burt_memory.py --large          # and 9e6 ties
    CLUSTERNET_BENCH_JSON=out.json python benchmarks/bench_burt_memory.py

Graphs: those of ``bench_local_kernels.py`` (the count projection of
``bench_projection.make_table``; 2.22e5 rows give 2.4e6 ties, ``--large``
adds 7.5e5 rows, 9e6 ties). Each size runs in a fresh child process (one
at a time): it builds the graph, warms the compiled code up on a small
graph, hands freed memory back to the system (glibc ``malloc_trim``; the
children run with ``MALLOC_MMAP_THRESHOLD_=131072``, so that every array of
more than 128 kB has pages of its own: the peak counts new pages, not pages
freed earlier and reused), resets the resident-memory high-water mark
(Linux ``/proc/self/clear_refs``; numba's allocations are invisible to
tracemalloc), then calls :func:`clusternet._kernels._compiled.burt` on the
graph's adjacency (all egos, all four measures, the parallel loops).
Recorded: the peak added (``VmHWM`` after the call minus ``VmRSS`` before
it, less the result), the graph's size (the bytes of its CSR adjacency:
``indptr``, ``indices``, ``data``), their ratio, the bytes the plan
expects (:func:`~clusternet._kernels._compiled.burt_bytes`), and the
call's wall and CPU seconds (``time.process_time``, all threads), with the
machine's load.

Three paths per graph, each in its own child process: ``default`` (blocks
of ties sized by :func:`~clusternet._kernels._compiled.burt_plan` within
half the graph, as ``structural_holes(g)`` runs it) and ``whole`` (one block
of all the ties), checked equal to the bit (a digest of the constraint
column); and ``directed``: a directed graph made from the same one (each
stored entry kept as an arc with probability 0.6, built from an edge list:
int64 arrays), read from its arcs with the default plan.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402


def child(rows: int, path: str = "default") -> dict:
    """Measure one size and path in this (fresh) process."""
    import numpy as np
    from bench_projection import make_table

    import clusternet as cn
    from clusternet._kernels import _compiled

    g = cn.from_affiliations(make_table(rows, ids="int"), max_ties=None)
    directed = path == "directed"
    if directed:  # each stored entry kept as an arc with probability 0.6
        g = _directed(g)
    M = g.adjacency
    small = cn.from_affiliations(make_table(2000, ids="int"), max_ties=None)
    if directed:
        small = _directed(small)
    small = small.adjacency
    _compiled.TASKS = 2  # the parallel loops, as a large graph runs them
    _compiled.burt(small, None, directed=directed)
    _compiled.burt(small, None, block=small.nnz // 8, directed=directed)
    _compiled.TASKS = None
    graph_bytes = M.indptr.nbytes + M.indices.nbytes + M.data.nbytes
    longest = int(np.diff(M.indptr).max())
    kind = 3 if directed else _compiled.value_kind(M, False)  # directed: float64 at most
    block = None
    if path in ("default", "directed"):
        block = _compiled.burt_plan(M.shape[0], M.nnz, longest, kind, None,
                                    graph_bytes=graph_bytes,
                                    available=_compiled.available_memory(), directed=directed)
    expected = _compiled.burt_bytes(M.shape[0], M.nnz, longest, kind,
                                    block or M.nnz // 2, directed=directed)
    if not _common.reset_peak(trim=True):  # freed memory back: the peak counts new pages
        raise SystemExit("cannot reset the high-water mark (/proc/self/clear_refs)")
    before, _ = _common.rss_gb()
    wall, cpu = time.perf_counter(), time.process_time()
    out = _compiled.burt(M, None, block=block, directed=directed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    _, peak = _common.rss_gb()
    added = (peak - before) * 1e9 - sum(v.nbytes for v in out.values())
    import hashlib
    return {"path": path, "block_ties": block, "rows": rows, "actors": g.n_actors,
            "ties": M.nnz // 2, "entries": M.nnz,
            "graph_mb": graph_bytes / 1e6, "peak_added_mb": added / 1e6,
            "expected_mb": expected / 1e6,
            "values": ("float32", "offsets", "float32 or float64")[kind - 1],
            "added_over_graph": added / graph_bytes,
            "bytes_per_entry": added / M.nnz, "wall_s": wall, "cpu_s": cpu,
            "load": round(os.getloadavg()[0], 2),
            "constraint_sum": float(np.nansum(out["constraint"])),
            "constraint_digest": hashlib.sha256(out["constraint"].tobytes()).hexdigest()[:16]}


def _directed(g):
    """A directed graph from ``g``: each of its stored entries (both ends of
    each tie) kept as an arc with probability 0.6 (seed 1), with its weight;
    a graph built from an edge list (int64 arrays)."""
    import numpy as np
    import pandas as pd

    import clusternet as cn
    A = g.adjacency
    keep = np.random.default_rng(1).random(A.nnz) < 0.6
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    arcs = pd.DataFrame({"source": rows[keep], "target": A.indices[keep],
                         "weight": A.data[keep]})
    return cn.from_edgelist(arcs, weight="weight", directed=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=float, nargs="+", default=[2.22e5],
                   help="rows of the synthetic table per graph (2.22e5: 2.4e6 ties)")
    p.add_argument("--large", action="store_true", help="add the 7.5e5-row graph (9e6 ties)")
    p.add_argument("--paths", nargs="+", default=["default", "whole", "directed"],
                   choices=["default", "whole", "directed"])
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--path", default="default", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.path)))
        return 0
    print(_common.machine(), flush=True)
    sizes = list(args.rows) + ([7.5e5] if args.large else [])
    for rows in sizes:
        digests = set()
        for path in args.paths:
            # arrays above 128 kB get pages of their own, handed back when
            # freed (glibc): the peak counts what the call holds at once
            env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"}
            done = subprocess.run([sys.executable, __file__, "--child", str(int(rows)),
                                   "--path", path], capture_output=True, text=True, check=True,
                                  env=env)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            if path != "directed":  # another graph
                digests.add(row["constraint_digest"])
            row["same_bits"] = len(digests) == 1 if path != "directed" else None
            _common.record("burt_memory", **row)
            print(f"{path:<7} {row['ties']:,} ties ({row['graph_mb']:.0f} MB graph): peak added "
                  f"{row['peak_added_mb']:.0f} MB = {row['added_over_graph']:.2f} x graph "
                  f"({row['bytes_per_entry']:.1f} B per entry); wall {row['wall_s']:.2f} s, "
                  f"cpu {row['cpu_s']:.2f} s (load {row['load']}); same bits: "
                  f"{row['same_bits']} (blocks of {row['block_ties'] or row['ties']:,} ties; "
                  f"expected {row['expected_mb']:.0f} MB)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
