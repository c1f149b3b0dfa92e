"""Benchmark: Burt's measures and the Gould-Fernandez counts against igraph,
networkx and R sna, and the Gould-Fernandez throughput beside the machine's
random-gather rate (issue 18). One run regenerates the table.

Run from the repository root (clusternet installed with the ``fast`` extra)::

    python benchmarks/bench_local_kernels.py              # 2e5, 7.6e5, 2.4e6 ties
    python benchmarks/bench_local_kernels.py --large      # and 8.9e6 ties
    python benchmarks/bench_local_kernels.py --rows 7.5e5 --no-compile  # 9e6 ties only
    python benchmarks/bench_local_kernels.py --rows 17.2e3 --no-sna   # quick
    CLUSTERNET_BENCH_JSON=out.json python benchmarks/bench_local_kernels.py

Graphs: the count projection of the heavy-tailed synthetic affiliation
table of ``bench_projection.make_table`` (Pareto team sizes capped at 200,
Pareto actor activity), ``--rows`` rows each: 17.2e3, 8.4e4 and 2.22e5
rows give about 2.0e5, 7.7e5 and 2.4e6 ties; ``--large`` adds 7.5e5 rows
(9.0e6 ties).

Per graph, wall clock and CPU seconds (``time.process_time``, all threads)
of:

- igraph ``Graph.constraint(weights="weight")`` (C, one thread), up to
  ``--ig-max-ties``;
- networkx all-nodes ``nx.constraint(G, weight="weight")`` and
  ``nx.effective_size(G, weight="weight")`` (its fastest public path: one
  call for every node, a scipy sparse product), up to ``--nx-max-ties``;
- clusternet ``brokerage.constraint(g, weight=True)`` and
  ``brokerage.structural_holes(g, weight=True)`` (all four measures), on
  the engine of ``--engines`` (default the compiled one), best of
  ``--repeat``;
- the Gould-Fernandez counts of every broker (``_kernels.brokerage.gf_counts``,
  all five roles, 8 random groups) as ordered 2-paths ``a -> b -> c``
  (``a != c``) per second, beside the machine's random-gather rate (a
  compiled loop summing ``x[i]`` at random ``i``, from an array of the size
  of the graph's node array, and from one of the size of its ties);
- R sna ``brokerage()`` on the graphs in increasing size until one takes
  longer than ``--sna-timeout`` seconds, or would at the rate it had on the
  graph before (the same total of open 2-paths).

Every timing checks that the numbers agree: igraph's and networkx's
constraint with ours to 1e-9, and networkx's effective size on 20 nodes of
2 to 30 contacts by its per-node path (its all-nodes path disagrees with its own
per-node path on weighted graphs, see ``brokerage.effective_size``). The machine's load
(``os.getloadavg``) is printed and stored with each row: on a shared
machine rerun at a quiet moment. The compile cost of the compiled engine
is measured apart, in fresh processes: with an empty numba cache (the first
call after installation) and with the cache filled (every later first call).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from bench_projection import make_table  # noqa: E402

import clusternet as cn  # noqa: E402
from clusternet import brokerage as br  # noqa: E402
from clusternet._kernels import _compiled  # noqa: E402
from clusternet._kernels import brokerage as kernels  # noqa: E402


def load() -> float:
    """The 1-minute load average (runnable processes; 2 cores here)."""
    return round(os.getloadavg()[0], 2)


def timed(fn, repeat: int = 1):
    """Least wall seconds of ``repeat`` calls, the CPU seconds of that call,
    and the result."""
    best = None
    for _ in range(max(1, repeat)):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        w, c = time.perf_counter() - w0, time.process_time() - c0
        if best is None or w < best[0]:
            best = (w, c)
    return best[0], best[1], out


def with_engine(engine: str, fn):
    def run():
        os.environ["CLUSTERNET_ENGINE"] = engine
        try:
            return fn()
        finally:
            del os.environ["CLUSTERNET_ENGINE"]
    return run


def warm_up(engines) -> None:
    """Load the compiled loops (serial and parallel drivers) from the disk
    cache before timing: their first-call cost is measured apart."""
    if "numba" not in engines:
        return
    g = cn.from_affiliations(make_table(3000, ids="int"), max_ties=None)
    for tasks in (1, 2):
        _compiled.TASKS = tasks
        try:
            with_engine("numba", lambda: br.structural_holes(g, weight=True))()
            with_engine("numba", lambda: br.structural_holes(g, weight=True,
                                                             egos=g.actor_ids[:3]))()
            kernels.gf_counts(g.adjacency, np.zeros(g.n_actors, dtype=int), kernels.PATH_CODES,
                              engine="numba")
        finally:
            _compiled.TASKS = None


# ------------------------------------------------------------ gather rate
def gather_rate() -> dict:
    """Random gathers per second of one thread (``sum x[i]``, ``i`` random,
    int32), from a 1.3 MB array (a node array: in cache) and from a 144 MB
    one (a tie array: from memory)."""
    from numba import njit

    @njit(cache=False)
    def gather(x, index):
        total = 0.0
        for i in index:
            total += x[i]
        return total

    out = {}
    rng = np.random.default_rng(0)
    for label, size in (("cache", 165_000), ("memory", 18_000_000)):
        x = rng.random(size)
        index = rng.integers(0, size, 20_000_000).astype(np.int32)
        gather(x[:10], index[:10] % 10)
        w, _, _ = timed(lambda: gather(x, index), 3)
        out[label] = len(index) / w
    print(f"  random gathers, one thread: {out['cache']:.3g}/s from a 1.3 MB array, "
          f"{out['memory']:.3g}/s from a 144 MB one", flush=True)
    return out


# ------------------------------------------------------------------- Burt
def bench_burt(g, args) -> dict:
    ties = g.adjacency.nnz // 2
    row = {"rows": None, "actors": g.n_actors, "ties": ties}
    repeat = args.repeat if ties < 3e6 else 1
    for engine in args.engines:
        w, c, ours = timed(with_engine(engine, lambda: br.constraint(g, weight=True)), repeat)
        row[f"cn_constraint_{engine}_s"], row[f"cn_constraint_{engine}_cpu"] = w, c
        w, c, sh = timed(with_engine(engine, lambda: br.structural_holes(g, weight=True)),
                         repeat)
        row[f"cn_all_{engine}_s"], row[f"cn_all_{engine}_cpu"] = w, c
        print(f"  clusternet ({engine}): constraint wall {row[f'cn_constraint_{engine}_s']:.2f} s"
              f" cpu {row[f'cn_constraint_{engine}_cpu']:.2f} s; all four wall {w:.2f} s "
              f"cpu {c:.2f} s  (load {load()})", flush=True)
    constraint = sh["constraint"].to_numpy()
    effective_size = sh["effective_size"].to_numpy()
    fast = row[f"cn_all_{args.engines[-1]}_s"]

    if args.igraph and ties <= args.ig_max_ties:
        G = g.to_igraph()
        w, c, ref = timed(lambda: G.constraint(weights="weight"))
        np.testing.assert_allclose(constraint, ref, rtol=1e-9, equal_nan=True)
        row["igraph_s"], row["igraph_cpu"] = w, c
        row["all_over_igraph"] = fast / w
        print(f"  igraph constraint              wall {w:8.2f} s  cpu {c:8.2f} s   "
              f"clusternet all four / igraph = {fast / w:.3f}  (load {load()})", flush=True)
        del G
    if args.networkx and ties <= args.nx_max_ties:
        import networkx as nx
        H = g.to_networkx()
        w, c, ref = timed(lambda: nx.constraint(H, weight="weight"))
        np.testing.assert_allclose(constraint, [ref[v] for v in g.actor_ids], rtol=1e-9,
                                   equal_nan=True)
        row["nx_constraint_s"], row["nx_constraint_cpu"] = w, c
        row["nx_constraint_over_all"] = w / fast
        print(f"  networkx all-nodes constraint  wall {w:8.2f} s  cpu {c:8.2f} s   "
              f"networkx / clusternet all four = {w / fast:.1f}  (load {load()})", flush=True)
        w, c, _ = timed(lambda: nx.effective_size(H, weight="weight"))
        # its all-nodes path disagrees with its per-node path (the formula)
        # on weighted graphs (see brokerage.effective_size): check ours
        # against the per-node path on a sample
        # (20 nodes of 2 to 30 contacts: the per-node path is slow on hubs)
        degree = np.diff(g.adjacency.indptr)
        some = np.flatnonzero((degree >= 2) & (degree <= 30))[:20]
        ref = nx.effective_size(H, nodes=[g.actor_ids[i] for i in some], weight="weight")
        np.testing.assert_allclose(effective_size[some], [ref[g.actor_ids[i]] for i in some],
                                   rtol=1e-9, equal_nan=True)
        row["nx_effective_size_s"], row["nx_effective_size_cpu"] = w, c
        print(f"  networkx all-nodes eff. size   wall {w:8.2f} s  cpu {c:8.2f} s  "
              f"(load {load()})", flush=True)
        del H
    row["load"] = load()
    return row


# -------------------------------------------------------- Gould-Fernandez
def bench_gf(g, codes, args, gathers: dict) -> dict:
    A = g.adjacency
    paths = kernels.two_path_count(A)
    row = {"actors": g.n_actors, "ties": A.nnz // 2, "two_paths": paths}
    repeat = args.repeat if A.nnz < 6e6 else 1
    for engine in args.engines:
        w, c, counts = timed(lambda: kernels.gf_counts(A, codes, kernels.PATH_CODES,
                                                       engine=engine), repeat)
        row[f"gf_{engine}_s"], row[f"gf_{engine}_cpu"] = w, c
        row[f"gf_{engine}_paths_per_s"] = paths / w
        print(f"  Gould-Fernandez ({engine})    wall {w:8.2f} s  cpu {c:8.2f} s  "
              f"{paths / w:.3g} ordered 2-paths/s of {paths:.3g}; gathers/s "
              f"{gathers['cache']:.3g} (cache) {gathers['memory']:.3g} (memory)  "
              f"(load {load()})", flush=True)
    row["open_two_paths"] = float(counts.sum())
    row["gathers_cache_per_s"] = gathers["cache"]
    row["gathers_memory_per_s"] = gathers["memory"]
    row["load"] = load()
    return row


SNA = """
suppressMessages(library(sna))
e <- read.csv("{tmp}/ties.csv"); cl <- read.csv("{tmp}/groups.csv")$g
el <- rbind(cbind(e$s, e$t, 1), cbind(e$t, e$s, 1))
attr(el, "n") <- {n}
t0 <- proc.time()
b <- brokerage(el, cl)
t1 <- proc.time() - t0
cat(t1[["elapsed"]], t1[["user.self"]] + t1[["sys.self"]], sum(b$raw.nli[, 6]), "\\n")
"""


def bench_sna(g, codes, open_paths: float, timeout: float) -> dict | None:
    """R sna ``brokerage()`` on ``g`` (a subprocess, stopped after
    ``timeout`` seconds); None when it did not finish."""
    A = g.adjacency
    upper = np.flatnonzero(np.repeat(np.arange(g.n_actors), np.diff(A.indptr)) < A.indices)
    rows = np.repeat(np.arange(g.n_actors), np.diff(A.indptr))[upper]
    with tempfile.TemporaryDirectory() as tmp:
        np.savetxt(f"{tmp}/ties.csv", np.column_stack((rows + 1, A.indices[upper] + 1)),
                   fmt="%d", delimiter=",", header="s,t", comments="")
        np.savetxt(f"{tmp}/groups.csv", codes, fmt="%d", header="g", comments="")
        Path(f"{tmp}/run.R").write_text(SNA.format(tmp=tmp, n=g.n_actors))
        try:
            res = subprocess.run(["Rscript", f"{tmp}/run.R"], capture_output=True, text=True,
                                 timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            print(f"  R sna brokerage(): over {timeout:.0f} s on {A.nnz // 2:,} ties; stopped",
                  flush=True)
            return None
        except FileNotFoundError:
            print("  R sna: Rscript not found", flush=True)
            return None
    if res.returncode != 0:
        print("  R sna failed:", res.stderr.strip()[-300:], flush=True)
        return None
    wall, cpu, total = map(float, res.stdout.split())
    assert total == open_paths, (total, open_paths)
    print(f"  R sna brokerage()              wall {wall:8.2f} s  cpu {cpu:8.2f} s  "
          f"(same open 2-paths {total:.3g})", flush=True)
    return {"sna_s": wall, "sna_cpu": cpu}


# ------------------------------------------------------------- compile cost
FIRST_CALL = """
import time
t0 = time.perf_counter()
import numpy as np, scipy.sparse as sp
from clusternet._kernels import _compiled, burt, gould_fernandez
M = sp.random_array((300, 300), density=0.2, rng=1, format="csr")
M = sp.csr_array(M + M.T)
t1 = time.perf_counter()
burt.burt(M, engine="numba")
burt.burt(M, np.arange(3), engine="numba")
gould_fernandez.gf_counts(M, np.arange(300) % 3, (0, 1, 2, 4, 7), engine="numba")
t2 = time.perf_counter()
_compiled.TASKS = 2  # the parallel drivers, as a large graph runs them
burt.burt(M, engine="numba")
burt.burt(M, np.arange(3), engine="numba")
gould_fernandez.gf_counts(M, np.arange(300) % 3, (0, 1, 2, 4, 7), engine="numba")
t3 = time.perf_counter()
print(t2 - t1, t3 - t2)
"""


def compile_cost() -> dict:
    """First calls in fresh processes: empty numba cache, then filled."""
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache, CLUSTERNET_ENGINE="numba")
        for label in ("cold", "warm"):
            r = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, check=True,
                               capture_output=True, text=True)
            serial, parallel = map(float, r.stdout.split())
            out[label] = {"serial": serial, "parallel": parallel}
            print(f"  first calls, {label} cache: serial loops {serial:.2f} s, "
                  f"parallel loops {parallel:.2f} s", flush=True)
            _common.record("local_kernels_first_call", cache=label, serial_s=serial,
                           parallel_s=parallel, load=load())
    return out


# ------------------------------------------------------------------ table
def markdown(burt: list[dict], gf: list[dict], sna: dict | None) -> str:
    def cell(r, key):
        return (f"{r[key + '_s']:.2f} s ({r[key + '_cpu']:.2f})" if key + "_s" in r
                else "—")

    engine = burt[0]["engine"]
    lines = ["Wall clock (CPU seconds of all threads); ratios of wall clocks; "
             "the load average at the end of each row.", "",
             "| ties | igraph `constraint` | networkx all-nodes `constraint` | "
             "networkx all-nodes `effective_size` | clusternet `constraint` | "
             "clusternet all four | all four / igraph | networkx constraint / all four | "
             "load |", "|---|---|---|---|---|---|---|---|---|"]
    for r in burt:
        ig = f"{r['all_over_igraph']:.3f}×" if "all_over_igraph" in r else "—"
        nx_ = f"{r['nx_constraint_over_all']:.0f}×" if "nx_constraint_over_all" in r else "—"
        lines.append(f"| {r['ties']:.3g} | {cell(r, 'igraph')} | {cell(r, 'nx_constraint')} | "
                     f"{cell(r, 'nx_effective_size')} | "
                     f"{cell(r, f'cn_constraint_{engine}')} | {cell(r, f'cn_all_{engine}')} | "
                     f"{ig} | {nx_} | {r['load']} |")
    lines += ["", "| ties | ordered 2-paths | Gould-Fernandez (all five roles) | "
              "2-paths/s | random gathers/s (cache, memory; one thread) | R sna `brokerage()` |"
              " load |", "|---|---|---|---|---|---|---|"]
    for r in gf:
        sna_cell = (f"{r['sna_s']:.1f} s ({r['two_paths'] / r['sna_s']:.2g} 2-paths/s)"
                    if "sna_s" in r else "—")
        lines.append(f"| {r['ties']:.3g} | {r['two_paths']:.3g} | {cell(r, f'gf_{engine}')} | "
                     f"{r[f'gf_{engine}_paths_per_s']:.3g} | "
                     f"{r['gathers_cache_per_s']:.2g}, {r['gathers_memory_per_s']:.2g} | "
                     f"{sna_cell} | {r['load']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=float, nargs="+", default=[17.2e3, 8.4e4, 2.22e5],
                   help="table sizes (rows); each gives one graph")
    p.add_argument("--large", action="store_true", help="add the 7.5e5-row graph (9e6 ties)")
    p.add_argument("--engines", nargs="+", default=["numba"], choices=["numpy", "numba"],
                   help="clusternet engines to time (the last one goes in the table)")
    p.add_argument("--repeat", type=int, default=3, help="best of, below 3e6 ties")
    p.add_argument("--no-igraph", dest="igraph", action="store_false")
    p.add_argument("--no-networkx", dest="networkx", action="store_false")
    p.add_argument("--no-sna", dest="sna", action="store_false")
    p.add_argument("--ig-max-ties", type=float, default=3e6)
    p.add_argument("--nx-max-ties", type=float, default=8e5)
    p.add_argument("--sna-timeout", type=float, default=120.0)
    p.add_argument("--no-compile", dest="compile", action="store_false",
                   help="skip the cold/warm first-call measurement")
    p.add_argument("--markdown", help="also write the table to this file")
    args = p.parse_args(argv)
    args.engines = [e for e in args.engines if e in _compiled.available()]
    sizes = list(args.rows) + ([7.5e5] if args.large else [])
    info = _common.machine()
    if "numba" in _compiled.available():
        import numba
        info["numba_threads"] = numba.get_num_threads()
    print(info, f"load {load()}", flush=True)
    if args.compile and "numba" in args.engines:
        compile_cost()
    warm_up(args.engines)
    gathers = gather_rate() if "numba" in _compiled.available() else {"cache": np.nan,
                                                                       "memory": np.nan}
    burt_rows, gf_rows = [], []
    sna_open, sna_rate = args.sna, None
    for rows in sizes:
        g = cn.from_affiliations(make_table(int(rows), ids="int"), max_ties=None)
        print(f"\n{int(rows):,} rows -> {g.n_actors:,} actors, {g.adjacency.nnz // 2:,} ties "
              f"(load {load()})", flush=True)
        r = bench_burt(g, args)
        r.update(rows=int(rows), engine=args.engines[-1])
        burt_rows.append(r)
        _common.record("local_kernels_burt", **r)
        codes = np.random.default_rng(0).integers(0, 8, g.n_actors)
        r = bench_gf(g, codes, args, gathers)
        if sna_open and sna_rate and r["two_paths"] / sna_rate > args.sna_timeout:
            print(f"  R sna brokerage(): skipped, about {r['two_paths'] / sna_rate:.0f} s at "
                  f"its rate on the graph before ({sna_rate:.2g} 2-paths/s)", flush=True)
            sna_open = False
        if sna_open:
            sna = bench_sna(g, codes, r["open_two_paths"], args.sna_timeout)
            if sna is None:
                sna_open = False  # larger graphs would not finish either
            else:
                r.update(sna)
                sna_rate = r["two_paths"] / sna["sna_s"]
        r.update(rows=int(rows), engine=args.engines[-1])
        gf_rows.append(r)
        _common.record("local_kernels_gf", **r)
        del g
    table = markdown(burt_rows, gf_rows, None)
    print("\n" + table)
    if args.markdown:
        Path(args.markdown).write_text(table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
