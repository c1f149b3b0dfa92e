"""Benchmark: ``cn.territory.tie_lengths`` (the tie-length distribution) at
10^7 ties with coordinates, against a plain numpy / pandas haversine over the
edge list and, when installed, scikit-learn's ``haversine_distances``.

Run from the repository root::

    python benchmarks/bench_territory.py                 # 10^7 ties, best of 3
    python benchmarks/bench_territory.py --ties 1e6 --repeat 5

Data (deterministic, ``--seed``): ``--actors`` actors (default 10^6) spread
over 5,000 "cities" (uniform in Europe's box, 35-60 N, 10 W-30 E; actors of
a city share its coordinates, as in CORDIS or PatentsView), and ``--ties``
random pairs of distinct actors (integer ids) built with
``cn.from_edgelist``; the graph build is not timed.

Timed (wall clock, best of ``--repeat``):

- ``clusternet``: ``tie_lengths(g, lat=, lon=)`` -- coordinates checked, every
  tie read from the CSR adjacency once, haversine in blocks, the per-tie
  table with actor ids, and the summary (quantiles);
- ``numpy``: the haversine formula over the edge list's integer arrays,
  coordinates gathered by position (no checks, no table, no summary): the
  floor of what any implementation must do;
- ``pandas``: the edge list ``merge``\\d with the coordinates twice, then
  the same formula on the columns, and ``Series.describe()``;
- ``sklearn``: ``sklearn.metrics.pairwise.haversine_distances`` computes a
  full matrix, so it is run on the first 10^4 ties' pairs (a 10^4 x 10^4
  matrix, diagonal read) and extrapolated per tie; skipped when scikit-learn
  is not installed.

Then ``distance_decay(g, lat=, lon=, n=--decay-draws, rng=0)`` is timed once
(pairs counted exactly over the 5,000 distinct coordinates; each null draw
recomputes every tie's length).

Each line prints the seconds and the ratio to clusternet; the maximum
absolute difference of the distances to clusternet's is checked (< 1e-6 km).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import clusternet as cn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

R = cn.territory.EARTH_RADIUS_KM


def make_graph(n_ties: int, n_actors: int, seed: int):
    gen = np.random.default_rng(seed)
    n_cities = 5000
    clat, clon = gen.uniform(35, 60, n_cities), gen.uniform(-10, 30, n_cities)
    city = gen.integers(0, n_cities, n_actors)
    actors = pd.DataFrame({"actor": np.arange(n_actors), "lat": clat[city], "lon": clon[city]})
    s = gen.integers(0, n_actors, int(n_ties * 1.02))
    t = gen.integers(0, n_actors, s.size)
    keep = s != t
    a, b = np.minimum(s[keep], t[keep]), np.maximum(s[keep], t[keep])
    key = np.unique(a.astype(np.int64) * n_actors + b)[:n_ties]
    edges = pd.DataFrame({"source": key // n_actors, "target": key % n_actors})
    g = cn.from_edgelist(edges, actors=actors)
    return g, edges, actors


def best(fn, repeat: int):
    out, wall = None, np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        wall = min(wall, time.perf_counter() - t0)
    return wall, out


def numpy_haversine(edges: pd.DataFrame, actors: pd.DataFrame) -> np.ndarray:
    lat = np.radians(actors["lat"].to_numpy())
    lon = np.radians(actors["lon"].to_numpy())
    s, t = edges["source"].to_numpy(), edges["target"].to_numpy()
    p1, p2, l1, l2 = lat[s], lat[t], lon[s], lon[t]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * R * np.arcsin(np.sqrt(h))


def pandas_haversine(edges: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    c = actors.set_index("actor")[["lat", "lon"]].apply(np.radians)
    e = (edges.merge(c, left_on="source", right_index=True)
         .merge(c, left_on="target", right_index=True, suffixes=("_s", "_t")))
    h = (np.sin((e.lat_t - e.lat_s) / 2) ** 2
         + np.cos(e.lat_s) * np.cos(e.lat_t) * np.sin((e.lon_t - e.lon_s) / 2) ** 2)
    km = 2 * R * np.arcsin(np.sqrt(h))
    km.describe()
    return km


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ties", type=float, default=1e7)
    ap.add_argument("--actors", type=float, default=1e6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--decay-draws", type=int, default=9,
                    help="also time distance_decay with this many null draws (-1: skip)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    g, edges, actors = make_graph(int(args.ties), int(args.actors), args.seed)
    print(f"graph: {g.n_actors:,} actors, {g.n_ties:,} ties "
          f"(built in {time.perf_counter() - t0:.1f} s, not timed)")

    t_cn, res = best(lambda: cn.territory.tie_lengths(g, lat="lat", lon="lon"), args.repeat)
    print(f"clusternet tie_lengths : {t_cn:7.2f} s  (1.00)   {res!r}")
    tt = res.ties
    lo = np.minimum(tt["source"].to_numpy(), tt["target"].to_numpy())
    hi = np.maximum(tt["source"].to_numpy(), tt["target"].to_numpy())
    ours = pd.Series(tt["km"].to_numpy(), index=pd.MultiIndex.from_arrays([lo, hi]))

    t_np, km = best(lambda: numpy_haversine(edges, actors), args.repeat)
    ref = pd.Series(km, index=pd.MultiIndex.from_arrays([edges["source"].to_numpy(),
                                                         edges["target"].to_numpy()]))
    diff = float(np.abs(ref.reindex(ours.index).to_numpy() - ours.to_numpy()).max())
    print(f"numpy haversine        : {t_np:7.2f} s  ({t_np / t_cn:.2f})   max |diff| {diff:.1e} km")
    assert diff < 1e-6
    size = dict(actors=g.n_actors, ties=g.n_ties)
    _common.record("tie_lengths", engine="clusternet tie_lengths", **size, seconds=t_cn,
                   other_over_clusternet=1.0)
    _common.record("tie_lengths", engine="numpy haversine on the edge list", **size,
                   seconds=t_np, other_over_clusternet=t_np / t_cn, max_abs_diff_km=diff)

    t_pd, _ = best(lambda: pandas_haversine(edges, actors), args.repeat)
    print(f"pandas merge+haversine : {t_pd:7.2f} s  ({t_pd / t_cn:.2f})")
    _common.record("tie_lengths", engine="pandas merge + haversine", **size, seconds=t_pd,
                   other_over_clusternet=t_pd / t_cn)

    try:
        from sklearn.metrics.pairwise import haversine_distances
    except ImportError:
        print("sklearn haversine_distances: scikit-learn not installed, skipped")
    else:
        m = 10_000
        lat = np.radians(actors["lat"].to_numpy())
        lon = np.radians(actors["lon"].to_numpy())
        s, t = edges["source"].to_numpy()[:m], edges["target"].to_numpy()[:m]
        xs, xt = np.c_[lat[s], lon[s]], np.c_[lat[t], lon[t]]
        t_sk, D = best(lambda: haversine_distances(xs, xt), args.repeat)
        per_tie = t_sk / m * g.n_ties
        d = float(np.abs(np.diag(D) * R - km[:m]).max())
        print(f"sklearn (10^4 sample)  : {t_sk:7.2f} s for {m} ties on the diagonal of a "
              f"{m}x{m} matrix; {per_tie:.0f} s per {g.n_ties:,} ties extrapolated "
              f"({per_tie / t_cn:.0f}); max |diff| {d:.1e} km")
        _common.record("tie_lengths", engine="sklearn haversine_distances (extrapolated "
                       f"from {m:,} ties)", **size, seconds=per_tie,
                       other_over_clusternet=per_tie / t_cn, max_abs_diff_km=d)
    if args.decay_draws >= 0:
        t0 = time.perf_counter()
        dd = cn.territory.distance_decay(g, lat="lat", lon="lon", n=args.decay_draws, rng=0)
        t_dd = time.perf_counter() - t0
        print(f"distance_decay (n={args.decay_draws}) : {t_dd:7.2f} s once   {dd!r}; "
              f"pairs {dd.pairs_method.split(':')[0]}")
        _common.record("distance_decay", **size, null_draws=args.decay_draws, seconds=t_dd)
    ok = "meets" if t_cn < 10 else "MISSES"
    print(f"floor: 10^7 ties in under 10 s -- clusternet {ok} it at {g.n_ties:,} ties")


if __name__ == "__main__":
    main()
