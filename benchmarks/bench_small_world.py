"""Benchmark: the small-world quotient (cn.structure.small_world) on CORDIS,
and networkx's ``sigma`` on a small graph for comparison.

Run from the repository root::

    python benchmarks/bench_small_world.py                 # CORDIS, 100 draws
    python benchmarks/bench_small_world.py --n 20 --sources 200
    python benchmarks/bench_small_world.py --no-cordis     # networkx sigma only

CORDIS H2020 participations (``../shared/data/cordis_h2020``, or the folder
named by ``CLUSTERNET_DATA``), built as ``tests/test_real_data.py`` builds it.
Prints the time of ``small_world(g, n=N, rng=0)`` with the curveball null,
what one null draw costs part by part (curveball trades and re-projection,
the igraph graph, the transitivity, the components, the sampled BFS), and
the analytic null's time and values.

networkx's ``sigma`` (Humphries & Gurney 2008) is timed on the largest
component of the projection of a small bundled cluster, beside
``small_world`` on the same graph: ``sigma`` compares with one-mode random
graphs (``random_reference``: double-edge swaps that keep each actor's
number of contacts), which break the cliques that every team makes in a
projection, so its baseline clustering is far too low and sigma says
"small world" for any projection of teams.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

import clusternet as cn
from clusternet.structure import _small_world as sw

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

DATA = Path(os.environ.get("CLUSTERNET_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
CORDIS = DATA / "cordis_h2020" / "h2020_participations.csv"


def cordis() -> cn.CollaborationGraph:
    return _common.cordis_graph(CORDIS)


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def bench_cordis(n: int, sources: int | None) -> None:
    from scipy.sparse.csgraph import connected_components

    g = cordis()
    print(f"CORDIS: {g.n_actors:,} actors, {g.n_events:,} events, {g.n_ties:,} ties")
    _, labels = connected_components(g.adjacency, directed=False)
    n_c = int(np.bincount(labels).max())
    k = (sw.DEFAULT_SOURCES if n_c > sw.EXACT_LIMIT else n_c) if sources is None else sources
    print(f"largest component {n_c:,} actors; BFS sources per graph: {k}")

    # one null draw, part by part
    rng = np.random.default_rng(0)
    parts = {}
    parts["curveball (trades + re-projection)"], _, h = timed(
        lambda: cn.nulls.curveball(g, rng=rng))
    A = h.adjacency
    parts["igraph graph from CSR"], _, G = timed(lambda: sw._igraph(A))
    parts["transitivity (igraph)"], _, _ = timed(G.transitivity_undirected)
    parts["components (scipy)"], _, _ = timed(
        lambda: connected_components(A, directed=False))
    members = np.arange(A.shape[0])[:k]
    parts[f"{k} BFS (igraph closeness)"], _, _ = timed(
        lambda: G.closeness(vertices=members.tolist(), normalized=True))
    total = sum(parts.values())
    print("one null draw, wall seconds:")
    for name, t in parts.items():
        print(f"  {name:<38} {t:7.3f}  ({100 * t / total:4.1f}%)")
        _common.record("one_null_draw", step=name, wall_s=t, share=t / total)
    print(f"  {'total':<38} {total:7.3f}")

    wall, cpu, r = timed(lambda: cn.structure.small_world(g, n=n, rng=0, k=sources))
    print(f"small_world(g, n={n}, rng=0, k={sources}): {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU ({wall / max(n, 1):.2f} s per draw, observed graph included)")
    print(f"  {r}")
    _common.record("cordis", call=f"small_world(n={n}, k={sources})", actors=g.n_actors,
                   ties=g.n_ties, wall_s=wall, cpu_s=cpu, s_per_draw=wall / max(n, 1),
                   C=r.C, C_null=r.C_null_mean, L=r.L, L_null=r.L_null_mean, Q=r.Q)
    print(f"  C={r.C:.4f} C_null={r.C_null_mean:.4f} (sd {r.C_null_sd:.4f}); "
          f"L={r.L:.4f} (se {r.L_se:.4f}) L_null={r.L_null_mean:.4f} (sd {r.L_null_sd:.4f}); "
          f"Q={r.Q:.4f}")
    wall, cpu, a = timed(lambda: cn.structure.small_world(g, null="analytic", rng=0,
                                                          k=sources))
    print(f"small_world(g, null='analytic'): {wall:.2f} s wall")
    print(f"  C_rand={a.C_null_mean:.4f} L_rand={a.L_null_mean:.4f} Q={a.Q:.4f}")
    _common.record("cordis", call=f"small_world(null='analytic', k={sources})",
                   actors=g.n_actors, ties=g.n_ties, wall_s=wall, cpu_s=cpu,
                   C=a.C, C_null=a.C_null_mean, L=a.L, L_null=a.L_null_mean, Q=a.Q)


def bench_sigma(niter: int, nrand: int) -> None:
    aff, _ = cn.datasets.creative_cluster(n_actors=120, n_years=3, rng=1)
    g = cn.from_affiliations(aff, time="year")
    A = g.adjacency.tocoo()
    G = nx.Graph()
    G.add_edges_from((int(i), int(j)) for i, j in zip(A.row, A.col) if i < j)
    big = nx.Graph(G.subgraph(max(nx.connected_components(G), key=len)))
    print(f"\nsmall graph: creative_cluster(n_actors=120, n_years=3, rng=1), largest "
          f"component {big.number_of_nodes()} actors, {big.number_of_edges()} ties")
    wall, cpu, s = timed(lambda: nx.sigma(big, niter=niter, nrand=nrand, seed=0))
    print(f"networkx sigma(niter={niter}, nrand={nrand}): {wall:.2f} s wall; sigma = {s:.3f}")
    _common.record("small_graph", engine=f"networkx sigma(niter={niter}, nrand={nrand})",
                   actors=big.number_of_nodes(), ties=big.number_of_edges(), wall_s=wall,
                   cpu_s=cpu, value=s)
    wall, cpu, r = timed(lambda: cn.structure.small_world(g, n=100, rng=0))
    print(f"clusternet small_world(n=100): {wall:.2f} s wall; Q = {r.Q:.3f} "
          f"(C {r.C:.3f} vs curveball {r.C_null_mean:.3f})")
    _common.record("small_graph", engine="clusternet small_world(n=100), Q",
                   actors=big.number_of_nodes(), ties=big.number_of_edges(), wall_s=wall,
                   cpu_s=cpu, value=r.Q)
    # sigma's baseline: the clustering of its one-mode rewired graphs
    Cr = np.mean([nx.transitivity(nx.random_reference(big, niter=niter, seed=i))
                  for i in range(nrand)])
    print(f"  one-mode rewired (random_reference) transitivity {Cr:.3f}: the team cliques "
          "are gone, so sigma's C ratio is inflated")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100, help="null draws on CORDIS")
    p.add_argument("--sources", type=int, default=None,
                   help="BFS sources per graph (default: small_world's own rule)")
    p.add_argument("--no-cordis", action="store_true")
    p.add_argument("--niter", type=int, default=5, help="networkx sigma's niter")
    p.add_argument("--nrand", type=int, default=10, help="networkx sigma's nrand")
    args = p.parse_args()
    if not args.no_cordis:
        if CORDIS.is_file():
            bench_cordis(args.n, args.sources)
        else:
            print(f"no CORDIS table at {CORDIS}; skipped")
    bench_sigma(args.niter, args.nrand)


if __name__ == "__main__":
    main()
