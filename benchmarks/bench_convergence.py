"""Benchmark: convergence measures on a 10^6-tie graph, against networkx and igraph.

Run from the repository root::

    python benchmarks/bench_convergence.py               # 10^6 ties, 10^6 affiliation rows
    python benchmarks/bench_convergence.py --scale 0.1   # a quick look

Targets (issue 4): every convergence measure in under 1 s on a 10^6-tie graph
with 6 groups; ``over_time`` over 10 windows of a 10^6-row affiliation table
in under 30 s; nominal assortativity no slower than igraph's
``assortativity_nominal`` and at least 50x faster than networkx's
``attribute_assortativity_coefficient``.

What is timed: clusternet calls from the graph and the attribute name (the
group codes and tie arrays are derived inside every call); igraph from a
ready ``igraph.Graph`` and a ready list of integer types; networkx from a
ready ``networkx.Graph`` with node attributes. igraph is also timed from the
string attribute (``pandas.factorize`` + ``tolist`` + the call), and our kernel
from integer codes, so that both sides of the comparison are shown. Building
the graphs is not timed. The script checks that the three give the same coefficient before
printing ratios. Best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import time

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

import clusternet as cn
from clusternet import convergence as cv
from clusternet._kernels import mixing as K

GROUPS = np.array(["art", "design", "technology", "research", "business", "public"])


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def tie_graph(n_ties: int, seed: int) -> tuple[cn.CollaborationGraph, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = max(n_ties // 5, 10)
    # homophilous random graph: 60% of ties drawn inside a group
    grp = rng.integers(0, len(GROUPS), n)
    src = rng.integers(0, n, int(n_ties * 1.05))
    dst = rng.integers(0, n, src.size)
    inside = rng.random(src.size) < 0.6
    by_group = [np.flatnonzero(grp == k) for k in range(len(GROUPS))]
    for k, members in enumerate(by_group):
        m = inside & (grp[src] == k)
        dst[m] = members[rng.integers(0, members.size, int(m.sum()))]
    ties = pd.DataFrame({"source": src, "target": dst})
    ties = ties[ties.source != ties.target]
    lo = np.minimum(ties.source, ties.target)
    hi = np.maximum(ties.source, ties.target)
    ties = pd.DataFrame({"source": lo, "target": hi}).drop_duplicates().iloc[:n_ties]
    actors = pd.DataFrame({"actor": np.arange(n), "domain": GROUPS[grp],
                           # integer ratings: networkx's numeric assortativity builds a
                           # table over distinct value pairs, hopeless for real-valued data
                           "score": (rng.integers(0, 5, n) + grp).astype(float)})
    g = cn.from_edgelist(ties, actors=actors)
    return g, ties.source.to_numpy(), ties.target.to_numpy()


def affiliation_table(n_rows: int, seed: int, years: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_actors = max(n_rows // 4, 10)
    sizes = np.minimum(rng.zipf(2.2, n_rows // 2) + 1, 30)
    sizes = sizes[np.cumsum(sizes) <= n_rows]
    event = np.repeat(np.arange(sizes.size), sizes)
    actor = rng.integers(0, n_actors, event.size)
    table = pd.DataFrame({"actor": actor, "event": event,
                          "year": 2010 + (event * years // sizes.size)})
    table = table.drop_duplicates(["actor", "event"])
    actors = pd.DataFrame({"actor": np.arange(n_actors),
                           "domain": GROUPS[rng.integers(0, len(GROUPS), n_actors)]})
    return table, actors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--networkx-max", type=int, default=1_000_000,
                    help="run networkx only up to this many ties")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    n_ties = int(1_000_000 * args.scale)
    n_rows = int(1_000_000 * args.scale)

    g, _, _ = tie_graph(n_ties, args.seed)
    print(f"graph: {g.n_actors:,} actors, {g.n_ties:,} ties, {len(GROUPS)} groups")
    measures = {
        "mixing_matrix": lambda: cv.mixing_matrix(g, "domain"),
        "mixing_matrix(normalized)": lambda: cv.mixing_matrix(g, "domain", normalized=True),
        "ei_index(network)": lambda: cv.ei_index(g, "domain"),
        "ei_index(group)": lambda: cv.ei_index(g, "domain", level="group"),
        "ei_index(actor)": lambda: cv.ei_index(g, "domain", level="actor"),
        "ei_index(actor, weight)": lambda: cv.ei_index(g, "domain", level="actor",
                                                       weight=True),
        "expected_ei_index": lambda: cv.expected_ei_index(g, "domain"),
        "assortativity(nominal)": lambda: cv.assortativity(g, "domain"),
        "assortativity(numeric)": lambda: cv.assortativity(g, "score"),
        "coleman_homophily": lambda: cv.coleman_homophily(g, "domain"),
        "freeman_segregation": lambda: cv.freeman_segregation(g, "domain"),
        "relative_intensity": lambda: cv.relative_intensity(g, "domain"),
    }
    print(f"\n{'measure':32s} {'seconds':>9s}")
    worst = 0.0
    for name, fn in measures.items():
        t, _ = best_of(fn, args.repeat)
        worst = max(worst, t)
        print(f"{name:32s} {t:9.3f}")
    print(f"{'slowest':32s} {worst:9.3f}   (target < 1 s)")

    # permutation fast path: one permuted E-I from the tie arrays
    codes, groups = cn._results.group_codes(g, "domain")
    s, d, _ = K.tie_arrays(g.adjacency, directed=False)
    rng = np.random.default_rng(args.seed)
    t, _ = best_of(lambda: K.network_statistic("ei", s, d, rng.permutation(codes),
                                               len(groups), directed=False), args.repeat)
    print(f"{'permuted E-I (kernel)':32s} {t:9.3f}   (x1000 = {1000 * t:.1f} s)")

    # peers: nominal and numeric assortativity
    types = codes.tolist()
    H = ig.Graph(n=g.n_actors, edges=np.column_stack([s, d]).tolist())
    domain = g.actors["domain"]
    ours_t, ours = best_of(lambda: cv.assortativity(g, "domain"), args.repeat)
    kern_t, kern = best_of(lambda: K.assortativity_from_mixing(
        K.mixing_from_csr(g.adjacency.indptr, g.adjacency.indices, codes, len(groups),
                          directed=False), directed=False), args.repeat)
    ig_t, ig_r = best_of(lambda: H.assortativity_nominal(types, directed=False), args.repeat)
    ig_e2e_t, _ = best_of(lambda: H.assortativity_nominal(
        pd.factorize(domain)[0].tolist(), directed=False), args.repeat)
    assert abs(ours - ig_r) < 1e-9 and abs(kern - ig_r) < 1e-9, (ours, kern, ig_r)
    score = g.actors["score"].tolist()
    ours_nt, ours_n = best_of(lambda: cv.assortativity(g, "score"), args.repeat)
    ig_nt, ig_n = best_of(lambda: H.assortativity(score, directed=False), args.repeat)
    assert abs(ours_n - ig_n) < 1e-9, (ours_n, ig_n)
    print(f"\nassortativity vs igraph, {g.n_ties:,} ties       clusternet   igraph   ratio")
    print(f"  nominal, from the attribute name / int codes {ours_t:9.4f} {ig_t:8.4f} "
          f"{ours_t / ig_t:7.2f}")
    print(f"  nominal, both from the string attribute      {ours_t:9.4f} {ig_e2e_t:8.4f} "
          f"{ours_t / ig_e2e_t:7.2f}")
    print(f"  nominal, both from int codes (our kernel)    {kern_t:9.4f} {ig_t:8.4f} "
          f"{kern_t / ig_t:7.2f}")
    print(f"  numeric                                      {ours_nt:9.4f} {ig_nt:8.4f} "
          f"{ours_nt / ig_nt:7.2f}")
    if g.n_ties <= args.networkx_max:
        G = nx.Graph()
        dom = g.actors["domain"].to_numpy()
        G.add_nodes_from((i, {"domain": dom[i], "score": score[i]}) for i in range(g.n_actors))
        G.add_edges_from(zip(s.tolist(), d.tolist()))
        nx_t, nx_r = best_of(lambda: nx.attribute_assortativity_coefficient(G, "domain"), 1)
        assert abs(ours - nx_r) < 1e-9, (ours, nx_r)
        nx_nt, nx_n = best_of(lambda: nx.numeric_assortativity_coefficient(G, "score"), 1)
        assert abs(ours_n - nx_n) < 1e-9, (ours_n, nx_n)
        print("assortativity vs networkx                    clusternet networkx  speed-up")
        print(f"  nominal                                      {ours_t:9.4f} {nx_t:8.3f} "
              f"{nx_t / ours_t:8.0f}x")
        print(f"  numeric                                      {ours_nt:9.4f} {nx_nt:8.3f} "
              f"{nx_nt / ours_nt:8.0f}x")

    # affiliation table: hybrid events and over_time over 10 windows
    table, actors = affiliation_table(n_rows, args.seed)
    ga = cn.from_affiliations(table, time="year", actors=actors)
    print(f"\naffiliations: {len(table):,} rows, {ga.n_events:,} events, {ga.n_ties:,} ties")
    t, _ = best_of(lambda: cv.hybrid_events(ga, "domain"), args.repeat)
    print(f"{'hybrid_events':32s} {t:9.3f}")
    t, df = best_of(lambda: cn.temporal.over_time(ga, "ei_index", attribute="domain"), 1)
    print(f"{'over_time(ei_index), 10 windows':32s} {t:9.3f}   (target < 30 s)")
    t, _ = best_of(lambda: cn.temporal.tie_formation(ga, "domain"), 1)
    print(f"{'tie_formation, 10 windows':32s} {t:9.3f}")
    assert len(df) == 10


if __name__ == "__main__":
    main()
