"""cn.territory: same-place share of ties, great-circle tie lengths, distance
decay and openness.

Sources of the expected numbers: an independent pandas computation from the
tie list or the affiliation table (same-country share, openness counts,
per-tie distances), a hand computation of the haversine formula (shown in
the test), closed forms on the sphere (a quarter meridian is pi R / 2), brute
force over all pairs (pairs per band), and enumeration of all permutations
(the exact mean of the local share).
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet.errors import ClusternetError, UnknownAttributeError
from clusternet.territory import _distance

R = 6371.0088  # km, the radius the package states (IUGG mean Earth radius R1)
DATA = Path(os.environ.get("CLUSTERNET_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
CORDIS = DATA / "cordis_h2020" / "h2020_participations.csv"


# ------------------------------------------------------------------ helpers
def _graph(seed: int, *, n: int = 30, m: int = 80, directed: bool = False,
           weighted: bool = True, n_missing: int = 0) -> cn.CollaborationGraph:
    """A random graph with a country, a city with coordinates (actors of one
    city share them) and an inside flag."""
    gen = np.random.default_rng(seed)
    cities = pd.DataFrame({"city": ["paris", "lyon", "berlin", "munich", "rome", "milan"],
                           "country": ["FR", "FR", "DE", "DE", "IT", "IT"],
                           "lat": [48.8566, 45.7640, 52.5200, 48.1351, 41.9028, 45.4642],
                           "lon": [2.3522, 4.8357, 13.4050, 11.5820, 12.4964, 9.1900]})
    pick = cities.iloc[gen.integers(0, len(cities), n)].reset_index(drop=True)
    actors = pick.assign(actor=[f"a{i:02d}" for i in range(n)],
                         inside=pick["country"].eq("FR"))
    if n_missing:
        actors.loc[: n_missing - 1, ["country", "lat", "lon"]] = np.nan
    s, t = gen.integers(0, n, (2, m))
    keep = s != t
    ties = pd.DataFrame({"source": actors.actor[s[keep]].to_numpy(),
                         "target": actors.actor[t[keep]].to_numpy(),
                         "weight": gen.integers(1, 5, int(keep.sum())).astype(float)})
    if not directed:  # one row per pair (duplicates would be summed anyway)
        a = np.minimum(ties.source, ties.target)
        b = np.maximum(ties.source, ties.target)
        ties = ties.assign(source=a, target=b).groupby(["source", "target"],
                                                       as_index=False).weight.sum()
    else:
        ties = ties.groupby(["source", "target"], as_index=False).weight.sum()
    return cn.from_edgelist(ties, weight="weight" if weighted else None, directed=directed,
                            actors=actors)


def _pandas_share(g, attribute: str, weight: bool) -> tuple[float, pd.Series, pd.Series]:
    """Network, place and actor local share from the tie list, in pandas."""
    place = g.actors[attribute]
    t = g.ties.assign(ps=lambda d: d.source.map(place), pt=lambda d: d.target.map(place))
    t = t.dropna(subset=["ps", "pt"])
    w = t.weight if weight else pd.Series(1.0, index=t.index)
    same = t.ps == t.pt
    network = float(w[same].sum() / w.sum())
    groups = {}
    for p in sorted(place.dropna().unique()):
        touch = (t.ps == p) | (t.pt == p)
        groups[p] = w[touch & same].sum() / w[touch].sum() if w[touch].sum() else np.nan
    ends = pd.concat([pd.DataFrame({"actor": t.source, "same": same, "w": w}),
                      pd.DataFrame({"actor": t.target, "same": same, "w": w})])
    tot = ends.groupby("actor").w.sum()
    loc = ends[ends.same].groupby("actor").w.sum().reindex(tot.index, fill_value=0.0)
    actor = (loc / tot).reindex(g.actor_ids)
    return network, pd.Series(groups), actor


# ----------------------------------------------------------- local share
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [False, True])
def test_local_share_equals_pandas(directed, weight):
    g = _graph(1, directed=directed)
    net, groups, actor = _pandas_share(g, "country", weight)
    assert cn.territory.local_share(g, "country", weight=weight) == pytest.approx(net, abs=1e-12)
    got = cn.territory.local_share(g, "country", level="group", weight=weight)
    np.testing.assert_allclose(got.to_numpy(), groups.reindex(got.index).to_numpy(), atol=1e-12)
    got = cn.territory.local_share(g, "country", level="actor", weight=weight)
    np.testing.assert_allclose(got.to_numpy(), actor.to_numpy(), atol=1e-12)


@settings(max_examples=15)
@given(seed=st.integers(0, 10_000), n_missing=st.integers(0, 5))
def test_local_share_property(seed, n_missing):
    """Network share = pandas share (ties among actors with a place) and
    = (1 - E-I)/2, with dropped actors."""
    g = _graph(seed, n=15, m=30, n_missing=n_missing)
    net, _, _ = _pandas_share(g, "country", False)
    got = cn.territory.local_share(g, "country", missing="drop")
    assert got == pytest.approx(net, abs=1e-12) or (np.isnan(got) and np.isnan(net))
    ei = cn.convergence.ei_index(g, "country", missing="drop")
    if not np.isnan(ei):
        assert got == pytest.approx((1 - ei) / 2, abs=1e-12)


def test_local_share_own_group_counts_distant():
    g = _graph(2, n_missing=3)
    t = g.ties
    miss = set(g.actor_ids[g.actors.country.isna().to_numpy()])
    assert len(miss) == 3
    n_with_missing = int((t.source.isin(miss) | t.target.isin(miss)).sum())
    drop = cn.territory.local_share(g, "country", missing="drop")
    own = cn.territory.local_share(g, "country", missing="own-group")
    # own places hold one actor: their ties join the denominator, never the numerator
    assert own == pytest.approx(drop * (len(t) - n_with_missing) / len(t), abs=1e-12)
    with pytest.raises(ClusternetError, match="missing='drop'"):
        cn.territory.local_share(g, "country")


@pytest.mark.skipif(not CORDIS.is_file(), reason=f"no CORDIS table at {CORDIS}")
def test_same_country_share_on_cordis():
    """Same-country share of the CORDIS H2020 projects starting in 2016, from
    the graph and from a pandas self-join of the participation table."""
    d = pd.read_csv(CORDIS, usecols=["rcn", "pic", "country", "start_year"])
    d = d[d.start_year == 2016].rename(columns={"pic": "actor", "rcn": "event"})
    aff = d[["actor", "event"]].drop_duplicates()
    actors = d.drop_duplicates("actor")[["actor", "country"]]
    g = cn.from_affiliations(aff, actors=actors)
    pairs = aff.merge(aff, on="event")
    pairs = pairs[pairs.actor_x < pairs.actor_y]
    w = pairs.groupby(["actor_x", "actor_y"]).size()  # shared projects: the count projection
    country = actors.set_index("actor").country
    cx = country.reindex(w.index.get_level_values(0)).to_numpy()
    cy = country.reindex(w.index.get_level_values(1)).to_numpy()
    ok = pd.notna(cx) & pd.notna(cy)
    same = ok & (cx == cy)
    assert cn.territory.local_share(g, "country", missing="drop") == pytest.approx(
        same.sum() / ok.sum(), abs=1e-12)
    assert cn.territory.local_share(g, "country", missing="drop", weight=True) == pytest.approx(
        w.to_numpy()[same].sum() / w.to_numpy()[ok].sum(), abs=1e-12)


def test_expected_local_share_is_the_exact_permutation_mean():
    """Mean of the network share over all 60 distinct orderings of the places."""
    ties = pd.DataFrame({"source": list("aabcdefa"), "target": list("bcdeffad"),
                         "weight": [1.0, 2.0, 1.0, 3.0, 1.0, 1.0, 2.0, 5.0]})
    places = ["x", "x", "x", "y", "y", "z"]
    actors = pd.DataFrame({"actor": list("abcdef"), "place": places})
    g = cn.from_edgelist(ties, weight="weight", actors=actors)
    values = []  # (unweighted, weighted) for each distinct ordering
    for perm in set(itertools.permutations(places)):
        h = g.with_attributes(pd.DataFrame({"actor": list("abcdef"), "place": perm}))
        values.append([cn.territory.local_share(h, "place", weight=w) for w in (False, True)])
    assert len(values) == 60
    # (3*2 + 2*1 + 1*0) / (6*5) = 8/30, by hand, weighted or not
    np.testing.assert_allclose(np.mean(values, axis=0), [8 / 30, 8 / 30], atol=1e-12)
    assert cn.territory.expected_local_share(g, "place") == pytest.approx(8 / 30, abs=1e-15)
    grp = cn.territory.expected_local_share(g, "place", level="group")
    # x: (3-1)/((3-1) + 2*3) = 0.25; y: 1/(1 + 2*4) = 1/9; z: 0/(0 + 2*5) = 0
    np.testing.assert_allclose(grp.to_numpy(), [0.25, 1 / 9, 0.0])
    act = cn.territory.expected_local_share(g, "place", level="actor")
    np.testing.assert_allclose(act.to_numpy(), [2 / 5] * 3 + [1 / 5] * 2 + [0.0])


def test_expected_local_share_with_own_places():
    """Places x: 2 actors, y: 1, and 2 actors without a place (own places of
    one actor each): N = 5; network 2*1/(5*4) = 0.1; place x 1/(1 + 2*3) = 1/7,
    y and the own places 0/(0 + 2*4) = 0; actors of x 1/4, the others 0."""
    ties = pd.DataFrame({"source": ["a", "b", "c", "d"], "target": ["b", "c", "d", "e"]})
    actors = pd.DataFrame({"actor": list("abcde"), "place": ["x", "x", "y", None, None]})
    g = cn.from_edgelist(ties, actors=actors)
    e = cn.territory.expected_local_share
    assert e(g, "place", missing="own-group") == pytest.approx(0.1)
    np.testing.assert_allclose(e(g, "place", level="group", missing="own-group").to_numpy(),
                               [1 / 7, 0, 0, 0])
    np.testing.assert_allclose(e(g, "place", level="actor", missing="own-group").to_numpy(),
                               [0.25, 0.25, 0, 0, 0])
    # dropped: N = 3, 2*1/(3*2) = 1/3; the others NaN at actor level
    assert e(g, "place", missing="drop") == pytest.approx(1 / 3)
    assert e(g, "place", level="actor", missing="drop").isna().sum() == 2


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("level", ["network", "group", "actor"])
def test_kernel_equals_the_measure_on_a_permuted_graph(level, directed):
    g = _graph(3, directed=directed, n_missing=2)
    m = cn.measures().loc["local_share"]
    assert m.permutable
    from clusternet import _registry
    entry = _registry.get("local_share")
    for weight in (False, True):
        options = {"level": level, "weight": weight, "missing": "drop"}
        kernel = entry.kernel(g, "country", entry.check(options))
        gen = np.random.default_rng(5)
        movable = np.flatnonzero(g.actors.country.notna().to_numpy())
        for _ in range(3):
            perm = np.arange(g.n_actors)
            perm[movable] = gen.permutation(movable)
            actors = g.actors.reset_index()
            actors["country"] = actors["country"].to_numpy()[perm]
            expected = cn.territory.local_share(g.with_attributes(actors), "country", **options)
            got = kernel.statistic(kernel.values[perm])
            np.testing.assert_allclose(got, np.atleast_1d(np.asarray(expected, dtype=float)),
                                       rtol=0, atol=1e-12, equal_nan=True)


def test_permutation_test_runs_on_the_kernel_and_centres_on_the_expectation():
    g = _graph(4, n=40, m=150)
    r = cn.inference.permutation_test(g, cn.territory.local_share, "country", n=400, rng=3)
    assert r.engine == "kernel"
    expected = cn.territory.expected_local_share(g, "country")
    assert abs(r.null_mean - expected) < 4 * r.null_sd / math.sqrt(r.n)
    by_group = functools.partial(cn.territory.local_share, level="group", weight=True)
    r2 = cn.inference.permutation_test(g, by_group, "country", n=50, rng=3)
    assert r2.engine == "kernel" and list(r2.observed.index) == ["DE", "FR", "IT"]


def test_over_time_local_share_equals_each_window():
    aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    out = cn.temporal.over_time(g, cn.territory.local_share, attribute="domain")
    for period, row in out.iterrows():
        w = g.window(period, period + 1)
        assert row["local_share"] == cn.territory.local_share(w, "domain")


# ------------------------------------------------------------ tie lengths
def test_haversine_by_hand_paris_london():
    """Paris (48.8566 N, 2.3522 E) - London (51.5074 N, 0.1278 W), by hand:
    dphi = 2.6508 deg, dlambda = -2.4800 deg;
    sin^2(dphi/2) = 0.00053502, cos(48.8566) cos(51.5074) sin^2(dlambda/2)
    = 0.65795 * 0.62241 * 0.00046831 = 0.00019178; h = 0.00072680;
    d = 2 * 6371.0088 * asin(sqrt(h)) = 2 * 6371.0088 * 0.026962 = 343.56 km."""
    p1, l1, p2, l2 = map(math.radians, (48.8566, 2.3522, 51.5074, -0.1278))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    assert h == pytest.approx(0.00072680, abs=5e-9)
    by_hand = 2 * R * math.asin(math.sqrt(h))
    assert 343.5 < by_hand < 343.6
    actors = pd.DataFrame({"actor": ["paris", "london", "quito", "pole", "anti"],
                           "lat": [48.8566, 51.5074, 0.0, 90.0, 0.0],
                           "lon": [2.3522, -0.1278, 0.0, 0.0, 180.0]})
    ties = pd.DataFrame({"source": ["paris", "quito", "quito"],
                         "target": ["london", "pole", "anti"]})
    g = cn.from_edgelist(ties, actors=actors)
    t = cn.territory.tie_lengths(g, lat="lat", lon="lon").ties.set_index(["source", "target"])
    assert t.loc[("paris", "london"), "km"] == pytest.approx(by_hand, rel=1e-12)
    assert t.loc[("quito", "pole"), "km"] == pytest.approx(math.pi * R / 2, rel=1e-12)
    assert t.loc[("quito", "anti"), "km"] == pytest.approx(math.pi * R, rel=1e-12)
    assert cn.territory.EARTH_RADIUS_KM == R


@pytest.mark.parametrize("directed", [False, True])
def test_tie_lengths_equal_pandas_haversine(directed):
    g = _graph(6, directed=directed, n_missing=4)
    t = cn.territory.tie_lengths(g, lat="lat", lon="lon", missing="drop", weight=True)
    a = g.actors
    e = g.ties.assign(p1=lambda d: np.radians(d.source.map(a.lat)),
                      l1=lambda d: np.radians(d.source.map(a.lon)),
                      p2=lambda d: np.radians(d.target.map(a.lat)),
                      l2=lambda d: np.radians(d.target.map(a.lon))).dropna()
    km = 2 * R * np.arcsin(np.sqrt(np.sin((e.p2 - e.p1) / 2) ** 2 + np.cos(e.p1) * np.cos(e.p2)
                                   * np.sin((e.l2 - e.l1) / 2) ** 2))
    ref = e.assign(km=km).set_index(["source", "target"]).sort_index()
    got = t.ties.set_index(["source", "target"]).sort_index()
    assert got.index.equals(ref.index)
    np.testing.assert_allclose(got.km, ref.km, rtol=1e-12, atol=1e-9)
    s = t.summary
    assert s["n_ties"] == g.n_ties and s["n_located"] == len(ref)
    assert s["mean_km"] == pytest.approx(np.average(ref.km, weights=ref.weight), rel=1e-12)
    # weighted median: the smallest length whose cumulative weight reaches half
    order = np.argsort(ref.km.to_numpy())
    cum = np.cumsum(ref.weight.to_numpy()[order])
    assert s["median_km"] == pytest.approx(
        ref.km.to_numpy()[order][np.searchsorted(cum, cum[-1] / 2)], rel=1e-12)
    with pytest.raises(ClusternetError, match="missing='drop'"):
        cn.territory.tie_lengths(g, lat="lat", lon="lon")


def test_bad_coordinates_are_refused():
    g = _graph(7)
    actors = g.actors.reset_index()
    bad_lat = g.with_attributes(actors.assign(lat=actors.lat.where(actors.index != 3, 95.0)))
    with pytest.raises(ClusternetError, match=rf"lat.*\[-90, 90\].*{actors.actor[3]}"):
        cn.territory.tie_lengths(bad_lat, lat="lat", lon="lon")
    bad_lon = g.with_attributes(actors.assign(lon=actors.lon.where(actors.index != 2, 200.0)))
    with pytest.raises(ClusternetError, match=r"lon.*\[-180, 180\]"):
        cn.territory.distance_decay(bad_lon, lat="lat", lon="lon", n=0)
    text = g.with_attributes(actors.assign(lat=actors.lat.astype(str)))
    with pytest.raises(ClusternetError, match="numeric"):
        cn.territory.tie_lengths(text, lat="lat", lon="lon")
    half = g.with_attributes(actors.assign(lon=actors.lon.where(actors.index != 1)))
    with pytest.raises(ClusternetError, match="one coordinate"):
        cn.territory.tie_lengths(half, lat="lat", lon="lon", missing="drop")
    with pytest.raises(UnknownAttributeError, match="latitude"):
        cn.territory.tie_lengths(g, lat="latitude", lon="lon")
    with pytest.raises(ClusternetError, match="missing"):
        cn.territory.tie_lengths(g, lat="lat", lon="lon", missing="own-group")
    with pytest.raises(TypeError):
        cn.territory.tie_lengths(g, "lat", "lon")  # keyword-only: never swapped by position
    with pytest.raises(ClusternetError, match="bands"):
        cn.territory.distance_decay(g, lat="lat", lon="lon", bands=[10, 5], n=0)
    with pytest.raises(ClusternetError, match="n must"):
        cn.territory.distance_decay(g, lat="lat", lon="lon", n=-1)
    with pytest.raises(ClusternetError, match="rng"):
        cn.territory.distance_decay(g, lat="lat", lon="lon", n=1, rng=-1)


# ---------------------------------------------------------- distance decay
def _brute_pairs(g, edges):
    a = g.actors.dropna(subset=["lat"])
    p, lam = np.radians(a.lat.to_numpy()), np.radians(a.lon.to_numpy())
    i, j = np.triu_indices(len(a), 1)
    d = 2 * R * np.arcsin(np.sqrt(np.sin((p[j] - p[i]) / 2) ** 2 + np.cos(p[i]) * np.cos(p[j])
                                  * np.sin((lam[j] - lam[i]) / 2) ** 2))
    return np.histogram(d, bins=edges)[0].astype(float), a


def test_pairs_per_band_equal_brute_force_and_sampling_within_its_error(monkeypatch):
    g = _graph(8, n=60, m=200, n_missing=3)
    dd = cn.territory.distance_decay(g, lat="lat", lon="lon", n=0, missing="drop")
    edges = np.r_[dd.table.lower_km.to_numpy(), dd.table.upper_km.iloc[-1]]
    brute, _ = _brute_pairs(g, edges)
    np.testing.assert_array_equal(dd.table.pairs.to_numpy(), brute)
    assert dd.pairs_method.startswith("exact") and (dd.table.pairs_se == 0).all()
    # actors of one city share its coordinates: those pairs are at 0 km
    assert dd.table.pairs.iloc[0] == sum(c * (c - 1) / 2 for c in
                                         g.actors.dropna().groupby("city").size())
    monkeypatch.setattr(_distance, "MAX_EXACT_LOCATIONS", 2)
    monkeypatch.setattr(_distance, "PAIR_SAMPLE", 20_000)
    est = cn.territory.distance_decay(g, lat="lat", lon="lon", n=0, rng=1, missing="drop")
    assert est.pairs_method.startswith("sampled")
    se = est.table.pairs_se.to_numpy()
    assert (np.abs(est.table.pairs.to_numpy() - brute) <= 4 * se + 1e-9).all()


def test_decay_counts_and_null_band_come_from_the_seeded_permutation():
    g = _graph(9, n=50, m=300)
    a = cn.territory.distance_decay(g, lat="lat", lon="lon", n=20, rng=11)
    b = cn.territory.distance_decay(g, lat="lat", lon="lon", n=20, rng=11)
    pd.testing.assert_frame_equal(a.table, b.table)
    np.testing.assert_array_equal(a.null_exponents, b.null_exponents)
    c = cn.territory.distance_decay(g, lat="lat", lon="lon", n=20, rng=12)
    assert not np.array_equal(a.table.null_mean.fillna(-1), c.table.null_mean.fillna(-1))
    assert a.seed == 11 and a.n == 20
    # observed ties per band, from the tie lengths
    edges = np.r_[a.table.lower_km.to_numpy(), a.table.upper_km.iloc[-1]]
    km = cn.territory.tie_lengths(g, lat="lat", lon="lon").ties.km
    np.testing.assert_array_equal(a.table.ties.to_numpy(), np.histogram(km, bins=edges)[0])
    # the null: draw i permutes the coordinates with child i + 1 of the seed
    children = np.random.SeedSequence(11).spawn(21)
    actors = g.actors.reset_index()
    null = []
    for i in range(20):
        perm = np.random.default_rng(children[i + 1]).permutation(g.n_actors)
        h = g.with_attributes(actors.assign(lat=actors.lat.to_numpy()[perm],
                                            lon=actors.lon.to_numpy()[perm]))
        k = cn.territory.tie_lengths(h, lat="lat", lon="lon").ties.km
        with np.errstate(invalid="ignore"):
            null.append(np.histogram(k, bins=edges)[0] / a.table.pairs.to_numpy())
    null = np.array(null)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # bands without pairs: all NaN
        np.testing.assert_allclose(a.table.null_high, np.nanquantile(null, 0.975, axis=0),
                                   rtol=1e-12, equal_nan=True)
        np.testing.assert_allclose(a.table.null_mean, np.nanmean(null, axis=0), rtol=1e-12,
                                   equal_nan=True)


def test_decay_exponent_recovers_a_power_law():
    """Ties drawn with probability proportional to d^-1.5: the OLS exponent is
    near 1.5 (method stated)."""
    gen = np.random.default_rng(2)
    n = 400
    actors = pd.DataFrame({"actor": range(n), "lat": gen.uniform(35, 60, n),
                           "lon": gen.uniform(-10, 25, n)})
    p, lam = np.radians(actors.lat.to_numpy()), np.radians(actors.lon.to_numpy())
    i, j = np.triu_indices(n, 1)
    d = 2 * R * np.arcsin(np.sqrt(np.sin((p[j] - p[i]) / 2) ** 2 + np.cos(p[i]) * np.cos(p[j])
                                  * np.sin((lam[j] - lam[i]) / 2) ** 2))
    tie = gen.random(d.size) < np.minimum(1.0, 20.0 * np.maximum(d, 1.0) ** -1.5)
    g = cn.from_edgelist(pd.DataFrame({"source": i[tie], "target": j[tie]}), actors=actors)
    dd = cn.territory.distance_decay(g, lat="lat", lon="lon", n=0, bands=np.geomspace(10, 4000, 10))
    assert dd.exponent == pytest.approx(1.5, abs=0.15)
    assert "OLS" in dd.method and dd.n_bands_fitted >= 5


def test_decay_of_a_directed_graph_counts_each_pair_once():
    d = _graph(10, directed=True, m=200)
    ties = d.ties
    u = cn.from_edgelist(ties.assign(source=np.minimum(ties.source, ties.target),
                                     target=np.maximum(ties.source, ties.target)),
                         actors=d.actors.reset_index())
    a = cn.territory.distance_decay(d, lat="lat", lon="lon", n=3, rng=0)
    b = cn.territory.distance_decay(u, lat="lat", lon="lon", n=3, rng=0)
    np.testing.assert_array_equal(a.table.ties, b.table.ties)
    np.testing.assert_array_equal(a.table.pairs, b.table.pairs)


def test_tie_lengths_over_time_through_the_summary():
    aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    k = actors.actor.str[1:].astype(int)
    actors = actors.assign(lat=40.0 + (k % 4), lon=(k % 3) * 1.0)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    out = cn.temporal.over_time(
        g, lambda w: cn.territory.tie_lengths(w, lat="lat", lon="lon").summary)
    for period, row in out.iterrows():
        w = g.window(period, period + 1)
        km = cn.territory.tie_lengths(w, lat="lat", lon="lon").ties.km
        assert row["median_km"] == np.quantile(km, 0.5, method="inverted_cdf")
        # over_time renames the summary's n_ties, which it also writes itself
        assert row["value_n_ties"] == row["n_ties"] == w.n_ties == row["n_located"]


# ---------------------------------------------------------------- openness
def test_openness_equals_counts_from_the_table():
    aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    o = cn.territory.openness(g, "inside")
    inside = actors.set_index("actor").inside
    for year, row in o.iterrows():
        a = aff[aff.year == year]
        pairs = a.merge(a, on="event")
        pairs = pairs[pairs.actor_x < pairs.actor_y][["actor_x", "actor_y"]].drop_duplicates()
        ends = pairs.actor_x.map(inside).astype(int) + pairs.actor_y.map(inside).astype(int)
        counts = ends.value_counts().reindex([2, 1, 0], fill_value=0).to_numpy()
        np.testing.assert_array_equal(
            row[["inside_inside", "inside_outside", "outside_outside"]].to_numpy(), counts)
        assert row["openness"] == pytest.approx(counts[1] / (counts[0] + counts[1]))
        assert row[["inside_share", "crossing_share", "outside_share"]].sum() == pytest.approx(1)
    mapping = dict(zip(actors.actor, actors.inside))
    pd.testing.assert_frame_equal(cn.territory.openness(g, mapping), o, check_like=True)
    with pytest.raises(UnknownAttributeError):
        cn.territory.openness(g, "outside")
    with pytest.raises(ClusternetError, match="boolean"):
        cn.territory.openness(g, "domain")
