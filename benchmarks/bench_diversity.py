"""Benchmark: ego and event diversity against a hand-written pandas groupby,
and the permutation kernels of ego and team diversity on the CORDIS table.

The baseline is ours, not a peer's: no library we know computes the
diversity of each actor's contacts or each team's members from a graph
(networkx and igraph have no such function; R vegan's ``diversity()``
takes a ready count matrix, which is the step the groupby builds). It is
the straightforward pandas a user would write (both directions of each
tie, the contact's category, counts per actor and category, the index per
actor), so the ratio says what the sparse kernels save over that, not
over another package.

Run from the repository root::

    python benchmarks/bench_diversity.py            # 10^6 ties, 10^6 affiliation rows
    python benchmarks/bench_diversity.py --scale 0.1
    python benchmarks/bench_diversity.py --actors 1000000   # sparser ego graph
    python benchmarks/bench_diversity.py --scale 0 --perms 200   # CORDIS kernels only

Targets (issue 5): ego diversity (Blau and Rao-Stirling, 20 categories) on a
10^6-tie graph under 2 s; event diversity for 10^6 affiliation rows under
2 s; at least 5x faster than the groupby implementation. The script checks
that both implementations give the same numbers before timing them. Graph
building is not timed.

Permutation kernels (issue 11): on the CORDIS H2020 table in ``--data``
(skipped when absent; attribute ``sector``, the CORDIS activity type), the
time of one label permutation through the registered kernel --
``m.kernel(g, "sector", options).statistic(values[perm])``, the path label
permutation tests run -- against rebuilding the graph with the permuted
attribute and calling the measure, the path they would run without it. The
two are checked equal, bit for bit, before timing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

import clusternet as cn  # noqa: E402
from clusternet import _registry  # noqa: E402
from clusternet import diversity as dv  # noqa: E402


def best_of(fn, repeat: int = 3) -> tuple[float, float, object]:
    """The least wall-clock seconds of ``repeat`` calls, the CPU seconds of
    that call, and the last result."""
    best, cpu, out = np.inf, np.inf, None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        t = time.perf_counter() - t0
        if t < best:
            best, cpu = t, time.process_time() - c0
    return best, cpu, out


def groupby_ego(ties: pd.DataFrame, cat: pd.Series, D: np.ndarray | None) -> pd.Series:
    """Straightforward pandas: both directions of each tie, the contact's
    category, counts per (actor, category), then the index per actor."""
    both = pd.concat([
        ties.rename(columns={"source": "ego", "target": "alter"}),
        ties.rename(columns={"target": "ego", "source": "alter"}),
    ], ignore_index=True)
    both["cat"] = cat.reindex(both["alter"]).to_numpy()
    counts = both.groupby(["ego", "cat"]).size()
    p = counts / counts.groupby(level="ego").transform("sum")
    if D is None:
        return 1.0 - (p**2).groupby(level="ego").sum()
    P = p.unstack(fill_value=0.0)
    Dk = D[np.ix_(P.columns, P.columns)]
    return pd.Series(np.einsum("ri,ij,rj->r", P.to_numpy(), Dk, P.to_numpy()), index=P.index)


def groupby_events(table: pd.DataFrame, cat: pd.Series) -> pd.Series:
    t = table.assign(cat=cat.reindex(table["actor"]).to_numpy())
    counts = t.groupby(["event", "cat"]).size()
    p = counts / counts.groupby(level="event").transform("sum")
    return 1.0 - (p**2).groupby(level="event").sum()


def cordis_graph(data: Path) -> cn.CollaborationGraph:
    """The CORDIS H2020 table as in its SOURCE.md; ``sector`` never changes
    for an organisation, so it is an actor attribute."""
    d = pd.read_csv(data / "cordis_h2020" / "h2020_participations.csv")
    aff = (d.dropna(subset=["start_year"]).astype({"start_year": int})
           .rename(columns={"pic": "actor", "rcn": "event", "start_year": "year",
                            "type": "sector"}))
    actors = aff.groupby("actor")["sector"].first().to_frame()
    return cn.from_affiliations(aff[["actor", "event", "year"]], actors=actors)


def permutation_kernels(data: Path, n_perms: int, seed: int) -> None:
    g = cordis_graph(data)
    print(f"CORDIS H2020: {g.n_actors:,} actors, {g.n_ties:,} ties, {g.n_events:,} events, "
          f"{g.attribute('sector').nunique()} sectors; {n_perms} permutations")
    rng = np.random.default_rng(seed)
    perms = [rng.permutation(g.n_actors) for _ in range(n_perms)]
    sector = g.attribute("sector")
    disparity = dv.disparity_from_cooccurrence(g, "sector")
    cases = [
        ("ego blau", "ego", {}),
        ("ego shannon", "ego", {"measure": "shannon"}),
        ("ego blau weight=True", "ego", {"weight": True}),
        ("ego rao_stirling (fixed d)", "ego", {"measure": "rao_stirling", "disparity": disparity}),
        ("events blau", "events", {}),
    ]
    print(f"{'measure':<32}{'kernel ms/perm':>16}{'rebuild ms/perm':>17}{'speed-up':>10}")
    for label, name, options in cases:
        m = _registry.get(f"diversity.{name}")
        t0 = time.perf_counter()
        kernel = m.kernel(g, "sector", m.check(options))
        setup = time.perf_counter() - t0
        t0 = time.perf_counter()
        for perm in perms:
            kernel.statistic(kernel.values[perm])
        t_kernel = (time.perf_counter() - t0) / n_perms
        n_rebuild = min(n_perms, 10)
        t0 = time.perf_counter()
        for perm in perms[:n_rebuild]:
            h = g.with_attributes(sector.iloc[perm].set_axis(sector.index).to_frame())
            want = m.func(h, "sector", **options).to_numpy()
        t_rebuild = (time.perf_counter() - t0) / n_rebuild
        assert np.array_equal(kernel.statistic(kernel.values[perms[n_rebuild - 1]]), want,
                              equal_nan=True)
        print(f"{label:<32}{t_kernel * 1e3:>16.1f}{t_rebuild * 1e3:>17.1f}"
              f"{t_rebuild / t_kernel:>9.1f}x   (setup {setup:.2f} s)")
        _common.record("diversity_permutation", measure=label, perms=n_perms,
                       kernel_ms=t_kernel * 1e3, rebuild_ms=t_rebuild * 1e3,
                       speedup=t_rebuild / t_kernel, setup_s=setup)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0,
                    help="size of the synthetic graphs (0: skip them)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--actors", type=int, default=None,
                    help="actors of the ego graph (default: ties / 10)")
    ap.add_argument("--data", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--perms", type=int, default=100,
                    help="label permutations timed on CORDIS (0: skip)")
    args = ap.parse_args()
    if args.scale > 0:
        synthetic(args)
    if args.perms > 0 and (args.data / "cordis_h2020").is_dir():
        permutation_kernels(args.data, args.perms, args.seed)


def synthetic(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(args.seed)
    k = 20

    n_ties = int(1_000_000 * args.scale)
    n_actors = args.actors or max(100, n_ties // 10)
    src = rng.integers(0, n_actors, n_ties)
    dst = (src + rng.integers(1, n_actors, n_ties)) % n_actors  # no self-loops
    ties = pd.DataFrame({"source": src, "target": dst}).drop_duplicates()
    lo, hi = np.minimum(ties.source, ties.target), np.maximum(ties.source, ties.target)
    ties = pd.DataFrame({"source": lo, "target": hi}).drop_duplicates().reset_index(drop=True)
    cat = pd.Series(rng.integers(0, k, n_actors), index=np.arange(n_actors), name="sector")
    g = cn.from_edgelist(ties, actors=cat.to_frame())
    D = rng.uniform(0, 1, (k, k))
    D = (D + D.T) / 2
    np.fill_diagonal(D, 0)
    Ddf = pd.DataFrame(D, index=range(k), columns=range(k))
    print(f"ego: {g.n_actors:,} actors, {g.n_ties:,} ties, {k} categories")

    rows = []
    for name, ours, theirs in (
        ("ego blau", lambda: dv.ego(g, "sector"), lambda: groupby_ego(ties, cat, None)),
        ("ego rao_stirling",
         lambda: dv.ego(g, "sector", measure="rao_stirling", disparity=Ddf),
         lambda: groupby_ego(ties, cat, D)),
    ):
        t_ours, c_ours, a = best_of(ours)
        t_theirs, c_theirs, b = best_of(theirs, repeat=1)
        np.testing.assert_allclose(a.reindex(b.index), b, rtol=1e-10, atol=1e-12)
        rows.append((name, t_ours, c_ours, t_theirs, c_theirs, g.n_ties))

    n_rows = int(1_000_000 * args.scale)
    n_ev = n_rows // 5
    n_act = n_rows // 3
    aff = pd.DataFrame({"actor": rng.integers(0, n_act, n_rows),
                        "event": rng.integers(0, n_ev, n_rows)}).drop_duplicates()
    acat = pd.Series(rng.integers(0, k, n_act), index=np.arange(n_act), name="sector")
    ga = cn.from_affiliations(aff, actors=acat.to_frame())
    print(f"events: {len(aff):,} affiliation rows, {ga.n_events:,} events")
    t_ours, c_ours, a = best_of(lambda: dv.events(ga, "sector"))
    t_theirs, c_theirs, b = best_of(lambda: groupby_events(aff, acat), repeat=1)
    np.testing.assert_allclose(a.reindex(b.index), b, rtol=1e-10, atol=1e-12)
    rows.append(("events blau", t_ours, c_ours, t_theirs, c_theirs, len(aff)))

    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus; wall (cpu) seconds")
    print(f"{'measure':<18}{'clusternet s':>18}{'our groupby s':>18}{'ratio':>8}")
    for name, t1, c1, t2, c2, size in rows:
        print(f"{name:<18}{t1:>10.3f} ({c1:.3f}){t2:>10.3f} ({c2:.3f}){t2 / t1:>7.1f}x")
        _common.record("diversity", measure=name, size=size, clusternet_s=t1,
                       clusternet_cpu_s=c1, pandas_groupby_s=t2, pandas_groupby_cpu_s=c2,
                       ratio=t2 / t1, baseline="hand-written pandas groupby (ours)",
                       load=os.getloadavg()[0])


if __name__ == "__main__":
    main()
