"""Tests of cn.convergence.atypical_combinations (Uzzi et al. 2013).

Sources of the expected numbers: pair counts by hand (shown below); the null
moments by exact enumeration of every binary actor x event matrix with the
observed margins (the curveball chain's stationary law is uniform on them,
Carstens 2015), compared within Monte Carlo error; per-event median and 10th
percentile recomputed here from the pair table with numpy.quantile over the
expanded member pairs."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet.convergence._atypical import atypical_combinations as ac

# Four actors, two categories, three events:
#   e1 = {a, b, c}: pairs a-b (X,X), a-c (X,Y), b-c (X,Y)
#   e2 = {c, d}:    c-d (Y,Y)
#   e3 = {a, d}:    a-d (X,Y)
# so O_XX = 1, O_XY = 3, O_YY = 1 (same-category pairs counted C(c, 2)).
TINY = pd.DataFrame({"actor": ["a", "b", "c", "c", "d", "a", "d"],
                     "event": ["e1", "e1", "e1", "e2", "e2", "e3", "e3"]})
TINY_ACTORS = pd.DataFrame({"actor": ["a", "b", "c", "d"], "field": ["X", "X", "Y", "Y"]})


@pytest.fixture(scope="module")
def tiny():
    return cn.from_affiliations(TINY, actors=TINY_ACTORS)


def _exact_moments():
    """Mean and sd of (O_XX, O_XY, O_YY) over every 0/1 matrix with row sums
    a:2, b:1, c:2, d:2 and column sums 3, 2, 2 (uniform law)."""
    rows, cols = [2, 1, 2, 2], [3, 2, 2]
    cat = np.array([0, 0, 1, 1])
    counts = []
    for bits in itertools.product([0, 1], repeat=12):
        b = np.array(bits).reshape(4, 3)
        if b.sum(1).tolist() != rows or b.sum(0).tolist() != cols:
            continue
        m = np.stack([b[cat == 0].sum(0), b[cat == 1].sum(0)], axis=1)  # events x categories
        counts.append([(m[:, 0] * (m[:, 0] - 1) // 2).sum(), (m[:, 0] * m[:, 1]).sum(),
                       (m[:, 1] * (m[:, 1] - 1) // 2).sum()])
    counts = np.array(counts, dtype=float)
    return len(counts), counts.mean(0), counts.std(0)


class TestHandExample:
    def test_observed_counts(self, tiny):
        t = ac(tiny, "field", level="group", n=5, rng=0)
        assert t["observed"].tolist() == [1, 3, 1]
        assert t.index.tolist() == [("X", "X"), ("X", "Y"), ("Y", "Y")]
        # events holding each pair: XX in e1; XY in e1 and e3; YY in e2
        assert t["n_events"].tolist() == [1, 2, 1]

    def test_null_moments_match_enumeration(self, tiny):
        n_states, mean, sd = _exact_moments()
        assert n_states > 5  # a real distribution, not a fixed point
        n = 1200
        t = ac(tiny, "field", level="group", n=n, rng=1, n_trades=12)
        se = sd / np.sqrt(n)
        assert np.all(np.abs(t["null_mean"].to_numpy() - mean) <= 4 * se + 1e-12)
        # sd of a sample sd ~ sd / sqrt(2(n - 1)) (2 % here): within 12 %
        np.testing.assert_allclose(t["null_sd"].to_numpy(), sd, rtol=0.12)
        np.testing.assert_allclose(t["z"], (t["observed"] - t["null_mean"]) / t["null_sd"])

    def test_event_quantiles_from_the_pair_table(self, tiny):
        pairs = ac(tiny, "field", level="group", n=50, rng=2)
        ev = ac(tiny, "field", n=50, rng=2)
        z = pairs["z"]
        # member pairs of each event, expanded with multiplicity
        members = {"e1": [z["X", "X"], z["X", "Y"], z["X", "Y"]], "e2": [z["Y", "Y"]],
                   "e3": [z["X", "Y"]]}
        for e, zs in members.items():
            assert ev.loc[e, "n_pairs"] == len(zs)
            assert ev.loc[e, "median_z"] == pytest.approx(np.quantile(zs, 0.5))
            assert ev.loc[e, "p10_z"] == pytest.approx(np.quantile(zs, 0.1))
            assert ev.loc[e, "novel"] == (np.quantile(zs, 0.1) < 0)
        cut = np.median(ev["median_z"])
        assert ev["conventional"].tolist() == (ev["median_z"] > cut).tolist()
        assert ev["n_actors"].tolist() == [3, 2, 2]


def _planted():
    table, actors = _planted_tables()
    return cn.from_affiliations(table, actors=actors)


def _planted_tables():
    """Four categories of 10 actors; 30 teams of 3 drawn within {A, C} or
    within {B, D}, and one planted team with an A and a B member."""
    rng = np.random.default_rng(7)
    cats = np.repeat(list("ABCD"), 10)
    ids = [f"{c}{i}" for c, i in zip(cats, range(40))]
    rows = []
    blocks = [np.flatnonzero(np.isin(cats, ["A", "C"])), np.flatnonzero(np.isin(cats, ["B", "D"]))]
    for e in range(30):
        for i in rng.choice(blocks[e % 2], 3, replace=False):
            rows.append((ids[i], f"t{e:02d}"))
    rows += [(ids[0], "planted"), (ids[10], "planted")]  # an A and a B
    table = pd.DataFrame(rows, columns=["actor", "event"])
    actors = pd.DataFrame({"actor": ids, "field": cats})
    return table, actors


class TestPlanted:
    def test_atypical_pair_detected(self):
        g = _planted()
        pairs = ac(g, "field", level="group", n=200, rng=0)
        assert pairs.loc[("A", "B"), "observed"] == 1
        assert pairs.loc[("A", "B"), "z"] < -2
        assert pairs.loc[("A", "C"), "z"] > 2
        ev = ac(g, "field", n=200, rng=0)
        assert bool(ev.loc["planted", "novel"])
        assert ev["p10_z"].idxmin() == "planted"


class TestDeterminism:
    def test_seed_reproducible_and_n_jobs_invariant(self, tiny):
        g = _planted()
        a = ac(g, "field", n=40, rng=3)
        pd.testing.assert_frame_equal(a, ac(g, "field", n=40, rng=3))
        pd.testing.assert_frame_equal(a, ac(g, "field", n=40, rng=3, n_jobs=2))
        b = ac(g, "field", n=40, rng=4)
        assert not np.allclose(a["median_z"], b["median_z"], equal_nan=True)

    def test_category_relabelling_invariant(self):
        table, actors = _planted_tables()
        g = cn.from_affiliations(table, actors=actors)
        names = {"A": "zeta", "B": "alpha", "C": "mu", "D": "beta"}
        h = cn.from_affiliations(table, actors=actors.assign(field=actors["field"].map(names)))
        ev_g, ev_h = ac(g, "field", n=50, rng=1), ac(h, "field", n=50, rng=1)
        pd.testing.assert_frame_equal(ev_g, ev_h)
        pg = ac(g, "field", level="group", n=50, rng=1)
        ph = ac(h, "field", level="group", n=50, rng=1)
        for (x, y), row in pg.iterrows():
            a, b = sorted([names[x], names[y]])
            np.testing.assert_allclose(ph.loc[(a, b)].to_numpy(dtype=float),
                                       row.to_numpy(dtype=float))

    def test_missing_drop_equals_the_graph_without_them(self):
        t = pd.concat([TINY, pd.DataFrame({"actor": ["q", "q"], "event": ["e1", "e2"]})])
        actors = pd.concat([TINY_ACTORS, pd.DataFrame({"actor": ["q"], "field": [None]})])
        g = cn.from_affiliations(t, actors=actors)
        with pytest.raises(cn.ClusternetError, match="missing='drop'"):
            ac(g, "field", n=5, rng=0)
        dropped = ac(g, "field", level="group", n=50, rng=0, missing="drop")
        # q is last in the actor order: removing its row leaves the same incidence
        plain = ac(cn.from_affiliations(TINY, actors=TINY_ACTORS), "field", level="group",
                   n=50, rng=0)
        pd.testing.assert_frame_equal(dropped, plain, check_index_type=False)


class TestErrors:
    def test_edge_list_refused(self, tiny):
        h = cn.from_edgelist(tiny.ties, actors=tiny.actors.reset_index())
        with pytest.raises(cn.ClusternetError, match="from_affiliations"):
            ac(h, "field", n=5, rng=0)

    @pytest.mark.parametrize("opts,match", [
        ({"n": 1}, "n must"), ({"n": 2.5}, "n must"), ({"n_trades": -1}, "n_trades"),
        ({"n_jobs": 0}, "n_jobs"), ({"level": "pair"}, "level"), ({"rng": -1}, "rng"),
        ({"missing": "ignore"}, "missing"), ({"progress": "yes"}, "progress")])
    def test_bad_options(self, tiny, opts, match):
        with pytest.raises(cn.ClusternetError, match=match):
            ac(tiny, "field", **{"n": 5, "rng": 0, **opts})

    def test_unknown_attribute(self, tiny):
        with pytest.raises(cn.UnknownAttributeError, match="nope"):
            ac(tiny, "nope", n=5, rng=0)

    def test_one_category_is_nan_with_a_warning(self):
        actors = TINY_ACTORS.assign(field="X")
        g = cn.from_affiliations(TINY, actors=actors)
        with pytest.warns(cn.ClusternetWarning, match="NaN"):
            ev = ac(g, "field", n=10, rng=0)
        assert ev["median_z"].isna().all() and ev["novel"].isna().all()
        with pytest.warns(cn.ClusternetWarning, match="NaN"):
            assert np.isnan(ac(g, "field", level="group", n=10, rng=0)["z"]).all()


class TestOverTime:
    def test_per_period(self):
        aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
        g = cn.from_affiliations(aff, time="year", actors=actors)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cn.ClusternetWarning)
            ot = cn.temporal.over_time(g, "atypical_combinations", attribute="domain",
                                       n=30, rng=0)
            assert ot.index.names[0] == "period"
            assert ot.index.get_level_values("period").unique().tolist() == [2010, 2011, 2012]
            for year in (2010, 2012):
                w = next(iter(cn.temporal.windows(g, start=year)))[1]
                # each window's table: the null drawn within the window, same seed
                pd.testing.assert_frame_equal(ot.loc[year], ac(w, "domain", n=30, rng=0),
                                              check_names=False, check_index_type=False)
        share = ot["novel"].astype(float).groupby(level="period").mean()
        assert share.between(0, 1).all()


# ------------------------------------------------------------------ kernels
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from clusternet._kernels import atypical as ka  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-3, 3), st.integers(1, 4)),
                min_size=0, max_size=12))
def test_weighted_quantiles_equal_numpy_on_the_expanded_multiset(rows):
    group = np.array([r[0] for r in rows], dtype=np.int64)
    values = np.array([r[1] / 2 for r in rows], dtype=float)
    weights = np.array([r[2] for r in rows], dtype=np.int64)
    out = ka.weighted_quantiles(group, values, weights, 4, (0.5, 0.1))
    for gi in range(4):
        expanded = np.repeat(values[group == gi], weights[group == gi])
        if expanded.size == 0:
            assert np.isnan(out[gi]).all()
        else:
            np.testing.assert_allclose(out[gi], np.quantile(expanded, [0.5, 0.1]), atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=0, max_size=5), min_size=1, max_size=6))
def test_event_pairs_and_pair_counts_equal_brute_force(teams):
    """Teams as lists of member categories; every member pair counted once."""
    counts = np.zeros((len(teams), 4), dtype=np.int64)
    for e, team in enumerate(teams):
        for c in team:
            counts[e, c] += 1
    import scipy.sparse as sp

    m = sp.csr_array(counts)
    m.sort_indices()
    brute = np.zeros((4, 4), dtype=np.int64)
    per_event = {}
    for e, team in enumerate(teams):
        for i, j in itertools.combinations(range(len(team)), 2):
            k, l = sorted((team[i], team[j]))
            brute[k, l] += 1
            per_event[(e, k, l)] = per_event.get((e, k, l), 0) + 1
    freq = counts.sum(0)
    np.testing.assert_array_equal(ka.pair_counts(m, freq), brute)
    ev, k, l, w = ka.event_pairs(m)
    assert dict(zip(zip(ev.tolist(), k.tolist(), l.tolist()), w.tolist())) == per_event
