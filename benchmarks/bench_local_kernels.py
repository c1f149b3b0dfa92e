"""Benchmark: Burt's measures and Gould-Fernandez counts, numpy engine against
the compiled (numba) engine, igraph and networkx (issue 18).

Run from the repository root (clusternet installed with the ``fast`` extra)::

    python benchmarks/bench_local_kernels.py                       # 3 sizes
    python benchmarks/bench_local_kernels.py --rows 16000 --no-networkx   # quick
    python benchmarks/bench_local_kernels.py --rows 7.5e5 --no-igraph --engines numba  # 8.9e6 ties
    python benchmarks/bench_local_kernels.py --json out.json --markdown out.md

Graphs: the count projection of the heavy-tailed synthetic affiliation
table of ``bench_projection.make_table`` (Pareto team sizes capped at 200,
Pareto actor activity), ``--rows`` rows each (defaults give about 2e5,
7.6e5 and 2.4e6 ties).

Timed, once per graph (a shared machine: one run, wall clock and CPU):

- igraph ``Graph.constraint(weights="weight")`` (C, one thread);
- networkx all-nodes ``nx.constraint(G, weight="weight")`` (its fastest
  path; up to ``--nx-max-ties``);
- clusternet ``brokerage.structural_holes(g, weight=True)`` (all four
  measures) on the numpy engine and on the compiled engine
  (``CLUSTERNET_ENGINE``);
- Gould-Fernandez counts (``_kernels.brokerage.gf_counts``, 8 random
  groups) on both engines, as ordered 2-paths ``a -> b -> c`` (``a != c``)
  per second.

Every timing first checks that the numbers agree: igraph's and networkx's
constraint with ours to 1e-9, the two engines to the bit (to 1e-13 for
hierarchy), the two Gould-Fernandez counts exactly. The compile cost of
the compiled engine is measured apart, in fresh processes: with an empty
numba cache (first call after installation) and with the cache filled
(every later first call).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_projection import make_table  # noqa: E402

import clusternet as cn  # noqa: E402
from clusternet import brokerage as br  # noqa: E402
from clusternet._kernels import _compiled  # noqa: E402
from clusternet._kernels import brokerage as kernels  # noqa: E402


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def with_engine(engine: str, fn):
    os.environ["CLUSTERNET_ENGINE"] = engine
    try:
        return timed(fn)
    finally:
        del os.environ["CLUSTERNET_ENGINE"]


def warm_up() -> None:
    """Load the compiled loops (serial and parallel drivers) from the disk
    cache before timing: their first-call cost is measured apart."""
    if "numba" not in _compiled.available():
        return
    g = cn.from_affiliations(make_table(2000, ids="int"), max_ties=None)
    _compiled.TASKS = 2
    try:
        with_engine("numba", lambda: br.structural_holes(g, weight=True))
        kernels.gf_counts(g.adjacency, np.zeros(g.n_actors, dtype=int), kernels.PATH_CODES,
                          engine="numba")
    finally:
        _compiled.TASKS = None


def bench_size(rows: int, args) -> dict:
    g = cn.from_affiliations(make_table(rows, ids="int"), max_ties=None)
    A = g.adjacency
    ties = A.nnz // 2
    res = {"rows": rows, "actors": g.n_actors, "ties": ties}
    print(f"\n{rows:,} rows -> {g.n_actors:,} actors, {ties:,} ties", flush=True)

    engines = [e for e in args.engines if e in _compiled.available()]
    sh = {}
    for engine in engines:
        w, c, sh[engine] = with_engine(engine, lambda: br.structural_holes(g, weight=True))
        res[f"burt_{engine}"] = (w, c)
        print(f"  structural_holes, {engine:5s} engine  wall {w:8.2f} s  cpu {c:8.2f} s",
              flush=True)
    if len(engines) == 2:
        a, b = sh["numpy"], sh["numba"]
        for key in ("constraint", "effective_size", "efficiency"):
            np.testing.assert_array_equal(a[key].to_numpy(), b[key].to_numpy())
        np.testing.assert_allclose(a["hierarchy"], b["hierarchy"], rtol=1e-13, atol=1e-15)
    ours = sh[engines[-1]]["constraint"].to_numpy()

    if args.igraph and ties <= args.ig_max_ties:
        G = g.to_igraph()
        w, c, ref = timed(lambda: G.constraint(weights="weight"))
        np.testing.assert_allclose(ours, ref, rtol=1e-9, equal_nan=True)
        res["igraph"] = (w, c)
        print(f"  igraph constraint                wall {w:8.2f} s  cpu {c:8.2f} s", flush=True)
    if args.networkx and ties <= args.nx_max_ties:
        import networkx as nx
        H = g.to_networkx()
        w, c, ref = timed(lambda: nx.constraint(H, weight="weight"))
        np.testing.assert_allclose(ours, [ref[v] for v in g.actor_ids], rtol=1e-9,
                                   equal_nan=True)
        res["networkx"] = (w, c)
        print(f"  networkx all-nodes constraint    wall {w:8.2f} s  cpu {c:8.2f} s", flush=True)
        del H

    codes = np.random.default_rng(0).integers(0, 8, g.n_actors)
    paths = kernels.two_path_count(A)
    res["two_paths"] = paths
    counts = {}
    for engine in engines:
        w, c, counts[engine] = timed(lambda: kernels.gf_counts(A, codes, kernels.PATH_CODES,
                                                               engine=engine))
        res[f"gf_{engine}"] = (w, c)
        print(f"  Gould-Fernandez, {engine:5s} engine   wall {w:8.2f} s  cpu {c:8.2f} s  "
              f"{paths / w:.3g} ordered 2-paths/s ({paths:.3g})", flush=True)
    if len(engines) == 2:
        np.testing.assert_array_equal(counts["numpy"], counts["numba"])
    return res


FIRST_CALL = """
import time
t0 = time.perf_counter()
import numpy as np, scipy.sparse as sp
from clusternet._kernels import burt, gould_fernandez
M = sp.random_array((300, 300), density=0.2, rng=1, format="csr")
M = sp.csr_array(M + M.T)
t1 = time.perf_counter()
burt.burt(M, engine="numba")
burt.burt(M, np.arange(3), engine="numba")
t2 = time.perf_counter()
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
            # serial drivers (small graph) are what a first small call compiles
            r = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, check=True,
                               capture_output=True, text=True)
            burt_s, gf_s = map(float, r.stdout.split())
            out[label] = {"burt": burt_s, "gould_fernandez": gf_s}
            print(f"  first call, {label} cache: Burt {burt_s:.2f} s, "
                  f"Gould-Fernandez {gf_s:.2f} s", flush=True)
    return out


def markdown(results: list[dict]) -> str:
    def cell(r, key):  # wall (CPU of all threads)
        return f"{r[key][0]:.2f} s ({r[key][1]:.2f})" if key in r else "—"

    lines = ["Times: wall clock (CPU seconds of all threads); ratios of wall clocks.", "",
             "| ties | igraph `constraint` | networkx all-nodes `constraint` | "
             "clusternet numpy (all four) | clusternet compiled (all four) | "
             "compiled / igraph | networkx / compiled | GF numpy 2-paths/s | "
             "GF compiled 2-paths/s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        fast = r.get("burt_numba")
        ratio_ig = f"{fast[0] / r['igraph'][0]:.3f}×" if fast and "igraph" in r else "—"
        ratio_nx = f"{r['networkx'][0] / fast[0]:.0f}×" if fast and "networkx" in r else "—"
        gf = [f"{r['two_paths'] / r[k][0]:.2g}" if k in r else "—"
              for k in ("gf_numpy", "gf_numba")]
        lines.append(f"| {r['ties']:.3g} | {cell(r, 'igraph')} | {cell(r, 'networkx')} | "
                     f"{cell(r, 'burt_numpy')} | {cell(r, 'burt_numba')} | {ratio_ig} | "
                     f"{ratio_nx} | {gf[0]} | {gf[1]} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=float, nargs="+", default=[17.2e3, 8.4e4, 2.22e5],
                   help="table sizes (rows); each gives one graph")
    p.add_argument("--engines", nargs="+", default=["numpy", "numba"],
                   choices=["numpy", "numba"], help="clusternet engines to time")
    p.add_argument("--no-igraph", dest="igraph", action="store_false")
    p.add_argument("--no-networkx", dest="networkx", action="store_false")
    p.add_argument("--ig-max-ties", type=float, default=3e6)
    p.add_argument("--nx-max-ties", type=float, default=8e5)
    p.add_argument("--no-compile", dest="compile", action="store_false",
                   help="skip the cold/warm first-call measurement")
    p.add_argument("--json")
    p.add_argument("--markdown")
    args = p.parse_args(argv)
    info = {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "engines": list(_compiled.available())}
    if "numba" in _compiled.available():
        import numba
        info["numba"] = numba.__version__
        info["numba_threads"] = numba.get_num_threads()
    print(info)
    if args.compile and "numba" in _compiled.available():
        info["first_call"] = compile_cost()
    warm_up()
    results = [bench_size(int(rows), args) for rows in args.rows]
    table = markdown(results)
    print("\n" + table)
    if args.json:
        Path(args.json).write_text(json.dumps({"info": info, "results": results}, indent=1))
    if args.markdown:
        Path(args.markdown).write_text(table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
