"""Benchmark: brokerage measures against igraph, networkx and R sna.

Run from the repository root::

    python benchmarks/bench_brokerage.py               # 10^5 and 10^6 ties, BA graph
    python benchmarks/bench_brokerage.py --scale 0.1   # quick
    python benchmarks/bench_brokerage.py --no-r --no-betweenness

Graphs: the count projection of the synthetic creative cluster
(``cn.datasets.creative_cluster``) at about 10^5 and 10^6 ties, and a
Barabasi-Albert graph of 10^6 ties (igraph, m = 5).

Targets (issue 3):

- ``structural_holes`` (all four measures) in no more time than igraph's
  ``constraint`` alone, and >= 50x faster than networkx. networkx is timed on
  its fastest public path, the all-nodes ``nx.constraint(G, weight=...)`` and
  ``nx.effective_size(G, weight=...)`` (sparse scipy products over all
  nodes), in a child process stopped after ``--nx-seconds`` (then reported
  as "more than"). Its numbers are checked against ours when it finishes.
- Gould-Fernandez at >= 10^8 2-paths per second, with the 2-path count
  printed beside the time; R sna's ``brokerage()`` on the largest graph it
  can hold in the time allowed, for scale;
- betweenness: igraph exact vs sampled (k = 100, 1000) time and the sampled
  error against exact.

Every comparison first checks that the numbers agree. Times are the best of
``--repeat`` runs; both wall-clock and CPU (process) time are printed, since
on a shared machine the wall clock also counts other processes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import clusternet as cn
from clusternet import brokerage as br
from clusternet._kernels import brokerage as kernels

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

best_of = _common.timed  # (best wall seconds, best CPU seconds, last result)


def graphs(scale: float) -> dict[str, cn.CollaborationGraph]:
    import igraph as ig

    out = {}
    for name, n_actors in (("cluster-1e5", 22_000), ("cluster-1e6", 220_000)):
        n = max(200, int(n_actors * scale))
        table, actors = cn.datasets.creative_cluster(n_actors=n, rng=1)
        out[name] = cn.from_affiliations(table, actors=actors)
    n = max(200, int(200_000 * scale))
    G = ig.Graph.Barabasi(n, 5)
    G.simplify()
    g = cn.from_igraph(G)
    rng = np.random.default_rng(0)
    domains = np.array(["art", "tech", "research", "finance", "public"])
    out["barabasi-albert"] = g.with_attributes(
        pd.DataFrame({"domain": domains[rng.integers(0, 5, g.n_actors)]}, index=g.actor_ids))
    return out


def bench_burt(name: str, g: cn.CollaborationGraph, repeat: int,
               nx_seconds: float, nx_dense_gb: float = 1.0) -> None:
    import networkx as nx

    G = g.to_igraph()
    w_ig, c_ig, ref = best_of(lambda: G.constraint(weights="weight"), repeat)
    w_cn, c_cn, sh = best_of(lambda: br.structural_holes(g, weight=True), repeat)
    w_c1, c_c1, con = best_of(lambda: br.constraint(g, weight=True), repeat)
    np.testing.assert_allclose(sh["constraint"].to_numpy(), ref, rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(con.to_numpy(), ref, rtol=1e-9, equal_nan=True)
    print(f"  structural_holes (4 measures)  wall {w_cn:7.3f} s  cpu {c_cn:7.3f} s")
    print(f"  constraint alone               wall {w_c1:7.3f} s  cpu {c_c1:7.3f} s")
    print(f"  igraph constraint only         wall {w_ig:7.3f} s  cpu {c_ig:7.3f} s"
          f"   ratio ours/igraph: wall {w_c1 / w_ig:.2f}, cpu {c_c1 / c_ig:.2f}")
    row = dict(graph=name, actors=g.n_actors, ties=g.n_ties,
               clusternet_4_measures_s=w_cn, clusternet_4_measures_cpu_s=c_cn,
               clusternet_constraint_s=w_c1, igraph_constraint_s=w_ig,
               igraph_constraint_cpu_s=c_ig, constraint_clusternet_over_igraph=w_c1 / w_ig)

    # networkx's all-nodes functions (sparse), each in a child stopped after
    # nx_seconds, on the graph networkx holds (not timed: building it)
    H = g.to_networkx()
    ids = list(g.actor_ids)
    for what, f, ours in (("constraint", nx.constraint, sh["constraint"]),
                          ("effective_size", nx.effective_size, sh["effective_size"])):
        dense_gb = 8 * g.n_actors ** 2 / 1e9
        if what == "effective_size" and dense_gb > nx_dense_gb:
            # its weighted all-nodes path fills a dense n x n array
            print(f"  networkx {what:15s} (all nodes)  skipped: it allocates a dense "
                  f"{g.n_actors:,} x {g.n_actors:,} array ({dense_gb:.1f} GB)")
            row[f"networkx_{what}_s"] = f"not run (dense {dense_gb:.0f} GB)"
            continue
        try:
            got = _common.capped(
                lambda f=f: (lambda d: [d[v] for v in ids])(f(H, weight="weight")), nx_seconds)
        except RuntimeError as e:
            print(f"  networkx {what:15s} (all nodes)  failed: {e}")
            row[f"networkx_{what}_s"] = f"failed: {str(e)[:60]}"
            continue
        if got is None:
            print(f"  networkx {what:15s} (all nodes)  more than {nx_seconds:.0f} s: stopped")
            row[f"networkx_{what}_s"] = f"> {nx_seconds:g}"
            continue
        w_nx, c_nx, vals = got
        vals = np.asarray(vals, dtype=float)
        ok = np.isnan(vals) == np.isnan(ours.to_numpy())
        diff = np.abs(vals - ours.to_numpy()) / np.maximum(np.abs(ours.to_numpy()), 1e-300)
        rel = float(np.nanmax(diff)) if ok.all() else float("inf")
        print(f"  networkx {what:15s} (all nodes)  wall {w_nx:7.2f} s  cpu {c_nx:7.2f} s"
              f"   max relative difference from ours {rel:.1e}")
        row[f"networkx_{what}_s"] = w_nx
        row[f"networkx_{what}_cpu_s"] = c_nx
        row[f"networkx_{what}_max_rel_diff"] = rel
    del H
    if isinstance(row.get("networkx_constraint_s"), float):
        row["constraint_networkx_over_clusternet"] = row["networkx_constraint_s"] / w_c1
        row["constraint_networkx_over_clusternet_cpu"] = row["networkx_constraint_cpu_s"] / c_c1
        print(f"  networkx / clusternet, constraint: "
              f"{row['constraint_networkx_over_clusternet']:.0f}x")
    if isinstance(row.get("networkx_constraint_s"), float) and isinstance(
            row.get("networkx_effective_size_s"), float):
        both = row["networkx_constraint_s"] + row["networkx_effective_size_s"]
        row["nx_both_over_clusternet_4"] = both / w_cn
    _common.record("structural_holes", **row)


def bench_gould_fernandez(name: str, g: cn.CollaborationGraph, repeat: int) -> None:
    attribute = "domain"
    paths = kernels.two_path_count(g.adjacency)
    w, c, r = best_of(lambda: br.gould_fernandez(g, attribute), repeat)
    assert r.network.loc["raw", "total"] <= paths
    print(f"  gould_fernandez  2-paths {paths:,}  wall {w:.3f} s ({paths / w / 1e6:.0f} M/s)"
          f"  cpu {c:.3f} s ({paths / c / 1e6:.0f} M/s)  open 2-paths (brokerage) "
          f"{int(r.network.loc['raw', 'total']):,}")
    _common.record("gould_fernandez", graph=name, actors=g.n_actors, ties=g.n_ties,
                   two_paths=int(paths), wall_s=w, cpu_s=c, two_paths_per_s=paths / w,
                   two_paths_per_cpu_s=paths / c,
                   open_two_paths=int(r.network.loc["raw", "total"]))


def bench_sna(g: cn.CollaborationGraph, timeout: float) -> None:
    """R sna's brokerage() on ``g`` (in a subprocess, killed after ``timeout``)."""
    ties = g.ties
    codes, _ = pd.factorize(g.actors["domain"])
    with tempfile.TemporaryDirectory() as tmp:
        pos = pd.Series(np.arange(g.n_actors), index=g.actor_ids)
        pd.DataFrame({"s": pos[ties["source"]].to_numpy() + 1,
                      "t": pos[ties["target"]].to_numpy() + 1}).to_csv(
            os.path.join(tmp, "ties.csv"), index=False)
        pd.DataFrame({"g": codes}).to_csv(os.path.join(tmp, "groups.csv"), index=False)
        script = f"""
suppressMessages(library(sna))
e <- read.csv("{tmp}/ties.csv"); cl <- read.csv("{tmp}/groups.csv")$g
n <- {g.n_actors}
el <- rbind(cbind(e$s, e$t, 1), cbind(e$t, e$s, 1))
attr(el, "n") <- n
t0 <- proc.time()[["elapsed"]]
b <- brokerage(el, cl)
cat(proc.time()[["elapsed"]] - t0, sum(b$raw.nli[, 6]), "\\n")
"""
        with open(os.path.join(tmp, "run.R"), "w") as fh:
            fh.write(script)
        try:
            res = subprocess.run(["Rscript", os.path.join(tmp, "run.R")], capture_output=True,
                                 text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            print(f"  R sna brokerage(): over {timeout:.0f} s on {g.n_actors:,} actors "
                  f"({g.n_ties:,} ties); stopped")
            _common.record("r_sna_brokerage", actors=g.n_actors, ties=g.n_ties,
                           r_sna_s=f"> {timeout:g}")
            return
        except FileNotFoundError:
            print("  R sna: Rscript not found")
            return
        if res.returncode != 0:
            print("  R sna failed:", res.stderr.strip()[-300:])
            return
        secs, total = res.stdout.split()
        w_ours, _, ours = best_of(lambda: br.gould_fernandez(g, "domain"), 3)
        assert float(total) == ours.network.loc["raw", "total"]
        _common.record("r_sna_brokerage", actors=g.n_actors, ties=g.n_ties,
                       r_sna_s=float(secs), clusternet_s=w_ours,
                       r_over_clusternet=float(secs) / w_ours,
                       open_two_paths=int(float(total)))
        print(f"  R sna brokerage() on {g.n_actors:,} actors ({g.n_ties:,} ties): "
              f"{float(secs):.1f} s (same total {int(float(total)):,})")


def bench_betweenness(g: cn.CollaborationGraph, repeat: int) -> None:
    w_ex, c_ex, exact = best_of(lambda: br.betweenness(g, distance="hops"), 1)
    print(f"  betweenness exact (igraph)   wall {w_ex:8.2f} s  cpu {c_ex:8.2f} s")
    _common.record("betweenness", k="exact (igraph)", wall_s=w_ex, cpu_s=c_ex)
    top = exact.nlargest(100).index
    for k in (100, 1000):
        if k >= g.n_actors:
            continue
        w, c, est = best_of(lambda k=k: br.betweenness(g, distance="hops", k=k, rng=1), repeat)
        err = (est - exact).abs()
        rank_corr = est[top].rank().corr(exact[top].rank())
        print(f"  sampled k={k:<5d}               wall {w:8.2f} s  cpu {c:8.2f} s   "
              f"max |error| {err.max():.2e} (max exact {exact.max():.2e}), "
              f"mean |error| on top 100 {err[top].mean() / exact[top].mean():.1%} of their "
              f"mean, rank corr. top 100 {rank_corr:.3f}")
        _common.record("betweenness", k=k, wall_s=w, cpu_s=c,
                       top100_mean_rel_error=err[top].mean() / exact[top].mean(),
                       top100_rank_corr=rank_corr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--nx-seconds", type=float, default=120.0,
                    help="stop networkx's all-nodes run after this many seconds")
    ap.add_argument("--nx-dense-gb", type=float, default=1.0,
                    help="skip networkx's weighted all-nodes effective_size when its dense "
                         "n x n array would exceed this many GB")
    ap.add_argument("--no-r", action="store_true")
    ap.add_argument("--r-timeout", type=float, default=300)
    ap.add_argument("--no-betweenness", action="store_true")
    args = ap.parse_args()
    import random

    import igraph as ig

    random.seed(1)
    ig.set_random_number_generator(random)
    gs = graphs(args.scale)
    for name, g in gs.items():
        print(f"{name}: {g.n_actors:,} actors, {g.n_ties:,} ties")
        bench_burt(name, g, args.repeat, args.nx_seconds, args.nx_dense_gb)
        bench_gould_fernandez(name, g, args.repeat)
    if not args.no_r:
        print("R sna, for scale:")
        bench_sna(gs["cluster-1e5"], args.r_timeout)
    if not args.no_betweenness:
        print("betweenness on cluster-1e5:")
        bench_betweenness(gs["cluster-1e5"], args.repeat)


if __name__ == "__main__":
    main()
