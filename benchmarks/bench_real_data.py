"""Table -> graph on the real CORDIS H2020 table: clusternet vs igraph vs networkx.

Usage: python benchmarks/bench_real_data.py [--data ../shared/data] [--repeats 5] [--networkx]

Reads ``cordis_h2020/h2020_participations.csv`` (see its SOURCE.md), turns it
into an affiliation table with the recipe of SOURCE.md, and times, from that
DataFrame to the projected actor graph, everything included:
clusternet ``from_affiliations`` (count and newman), igraph
``Graph.Bipartite`` + ``bipartite_projection(multiplicity=True)`` and, with
``--networkx``, networkx ``collaboration_weighted_projected_graph``. The
results are checked equal (number of ties, total count weight) before the
medians and ratios are printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

import clusternet as cn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402


def load(data: Path) -> pd.DataFrame:
    """The affiliation table of ``_common.cordis_graph`` (the SOURCE.md recipe)."""
    return _common.cordis_table(data / "cordis_h2020" / "h2020_participations.csv")[0]


def igraph_projection(aff: pd.DataFrame):
    a, _ = pd.factorize(aff["actor"])
    e, _ = pd.factorize(aff["event"])
    n = int(a.max()) + 1
    B = ig.Graph.Bipartite([False] * n + [True] * (int(e.max()) + 1),
                           np.column_stack([a, e + n]).tolist())
    P = B.bipartite_projection(multiplicity=True, which=0)
    return P


def networkx_projection(aff: pd.DataFrame):
    B = nx.Graph()
    acts = [("a", x) for x in aff["actor"].unique()]
    B.add_edges_from(zip((("a", x) for x in aff["actor"]), (("e", x) for x in aff["event"])))
    return nx.bipartite.collaboration_weighted_projected_graph(B, acts)


def timed(f, repeats):
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path,
                   default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--networkx", action="store_true", help="also time networkx (slow)")
    args = p.parse_args()
    aff = load(args.data)
    print(f"CORDIS H2020: {len(aff):,} rows, {aff.actor.nunique():,} organisations, "
          f"{aff.event.nunique():,} projects")
    t_count, g = timed(lambda: cn.from_affiliations(aff), args.repeats)
    t_newman, gn = timed(lambda: cn.from_affiliations(aff, projection="newman"), args.repeats)
    t_ig, P = timed(lambda: igraph_projection(aff), args.repeats)
    assert P.ecount() == g.n_ties and sum(P.es["weight"]) == g.ties["weight"].sum()
    print(f"  ties: {g.n_ties:,} (igraph agrees)")
    print(f"  clusternet count   {t_count:8.3f} s")
    print(f"  clusternet newman  {t_newman:8.3f} s")
    print(f"  igraph             {t_ig:8.3f} s   clusternet/igraph = {t_count / t_ig:.2f}")
    size = dict(rows=len(aff), actors=g.n_actors, ties=g.n_ties)
    _common.record("build", engine="clusternet, count", **size, median_s=t_count,
                   runs=args.repeats, other_over_clusternet=1.0)
    _common.record("build", engine="clusternet, newman", **size, median_s=t_newman,
                   runs=args.repeats)
    _common.record("build", engine="igraph Bipartite + bipartite_projection(multiplicity)",
                   **size, median_s=t_ig, runs=args.repeats,
                   other_over_clusternet=t_ig / t_count)
    if args.networkx:
        t_nx, N = timed(lambda: networkx_projection(aff), 1)
        assert N.number_of_edges() == gn.n_ties
        print(f"  networkx (1 run)   {t_nx:8.3f} s   networkx/clusternet = {t_nx / t_newman:.0f}x")
        _common.record("build", engine="networkx collaboration_weighted_projected_graph "
                       "(vs newman)", **size, median_s=t_nx, runs=1,
                       other_over_clusternet=t_nx / t_newman)


if __name__ == "__main__":
    main()
