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
import time
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

import clusternet as cn


def load(data: Path) -> pd.DataFrame:
    d = pd.read_csv(data / "cordis_h2020" / "h2020_participations.csv")
    aff = (d.dropna(subset=["start_year"]).astype({"start_year": int})
           .rename(columns={"pic": "actor", "rcn": "event", "start_year": "year",
                            "type": "sector"}))
    return aff[["actor", "event", "year", "sector"]].reset_index(drop=True)


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
    if args.networkx:
        t_nx, N = timed(lambda: networkx_projection(aff), 1)
        assert N.number_of_edges() == gn.n_ties
        print(f"  networkx (1 run)   {t_nx:8.3f} s   networkx/clusternet = {t_nx / t_newman:.0f}x")


if __name__ == "__main__":
    main()
