"""Tests of cn.inference.test_over_time and cn.inference.test_change: each
window's row is the test of that window's graph with the seed stored in the
row; float dtypes; the same for any n_jobs; the change's null keeps each
window's composition (shown on a statistic that depends on the composition
only); errors before any draw."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet.inference._windows import test_change, test_over_time

EI = cn.convergence.ei_index


@pytest.fixture(scope="module")
def g():
    aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    return cn.from_affiliations(aff, time="year", actors=actors)


@pytest.fixture(scope="module")
def table(g):
    return test_over_time(g, EI, attribute="domain", n=60, rng=5)


def _window(g, year):
    return next(iter(cn.temporal.windows(g, size=1, start=year)))[1]


class TestOverTime:
    def test_columns_and_dtypes(self, table):
        for col in ("observed", "null_mean", "null_sd", "z", "p_value", "null_low",
                    "null_high"):
            assert table[col].dtype == np.float64, col
        assert table["n_valid"].dtype == np.int64
        assert table["seed"].dtype == np.int64
        assert table.index.name == "period"
        assert table.index.tolist() == [2010, 2011, 2012]
        assert (table["n_valid"] == 60).all()
        assert (table["null_low"] <= table["null_mean"]).all()
        assert (table["null_mean"] <= table["null_high"]).all()

    def test_observed_is_over_time(self, g, table):
        ot = cn.temporal.over_time(g, "ei_index", attribute="domain")
        np.testing.assert_array_equal(table["observed"].to_numpy(),
                                      ot["ei_index"].to_numpy())

    def test_row_is_the_window_test_with_its_seed(self, g, table):
        for year, row in table.iterrows():
            r = cn.inference.test(_window(g, year), EI, "permute", attribute="domain", n=60,
                                  rng=int(row["seed"]))
            assert r.observed == row["observed"]
            assert r.null_mean == row["null_mean"]
            assert r.z == row["z"]
            assert r.p_value == row["p_value"]
            # the band: 2.5 % and 97.5 % quantiles of that window's draws
            lo, hi = np.quantile(r.null, [0.025, 0.975])
            assert (lo, hi) == (row["null_low"], row["null_high"])

    def test_one_seed_per_window(self, table):
        assert table["seed"].nunique() == len(table)

    def test_reproducible_and_n_jobs_invariant(self, g, table):
        again = test_over_time(g, EI, attribute="domain", n=60, rng=5, n_jobs=2)
        pd.testing.assert_frame_equal(table, again)
        other = test_over_time(g, EI, attribute="domain", n=60, rng=6)
        assert not np.array_equal(other["null_mean"], table["null_mean"])

    def test_general_null(self, g):
        def density(h):
            return h.n_ties / (h.n_actors * (h.n_actors - 1) / 2)

        t = test_over_time(g, density, "curveball", n=8, rng=1)
        assert (t["n_valid"] == 8).all()
        assert t["observed"].notna().all()

    def test_window_bounds_passed_on(self, g):
        t = test_over_time(g, EI, attribute="domain", size=2, step=2, n=10, rng=1)
        assert t.index.tolist() == [2010, 2012]
        if "complete" in t.columns:  # windows that say what they hold
            assert t["complete"].tolist() == [True, False]
            assert t["end"].tolist() == [2012, 2014]

    def test_empty_window_is_nan(self):
        t = pd.DataFrame({"actor": ["a", "b", "c", "a", "c", "b"],
                          "event": ["e1", "e1", "e1", "e2", "e2", "e2"],
                          "year": [2000, 2000, 2000, 2002, 2002, 2002]})
        actors = pd.DataFrame({"actor": ["a", "b", "c"], "domain": ["x", "x", "y"]})
        h = cn.from_affiliations(t, time="year", actors=actors)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cn.ClusternetWarning)  # the empty window
            res = test_over_time(h, EI, attribute="domain", n=20, rng=0)
        assert res.index.tolist() == [2000, 2001, 2002]
        assert res.loc[2001, "n_valid"] == 0
        assert np.isnan(res.loc[2001, ["observed", "z", "p_value"]].to_numpy()).all()
        assert res.loc[2000, "n_valid"] == 20

    def test_series_statistic_refused(self, g):
        import functools

        by_group = functools.partial(EI, level="group")
        with pytest.raises(cn.ClusternetError, match="Series"):
            test_over_time(g, by_group, attribute="domain", n=5, rng=0)

    def test_no_time_refused(self):
        h = cn.from_affiliations(cn.datasets.davis_southern_women())
        with pytest.raises(cn.ClusternetError, match="no time"):
            test_over_time(h, EI, attribute="domain", n=5, rng=0)

    def test_bad_seed_refused(self, g):
        with pytest.raises(cn.ClusternetError, match="rng"):
            test_over_time(g, EI, attribute="domain", n=5, rng=-1)


def _share_art(h):
    """Share of actors in domain 'art': a function of a window's composition only."""
    d = np.asarray(h.attribute("domain"))
    return float(np.mean(d == "art")) if len(d) else np.nan


class TestChange:
    def test_observed_and_null(self, g):
        r = test_change(g, EI, 2010, 2012, attribute="domain", n=50, rng=3)
        assert r.statistic == "ei_index[2012] - ei_index[2010]"
        wa, wb = _window(g, 2010), _window(g, 2012)
        assert r.observed == pytest.approx(EI(wb, "domain") - EI(wa, "domain"), abs=1e-15)
        assert r.null.shape == (50,)
        # Phipson-Smyth two-sided p, centred on the null mean (inference docstring)
        m = r.null.mean()
        p = (1 + np.sum(np.abs(r.null - m) >= np.abs(r.observed - m) - 1e-12)) / 51
        assert r.p_value == pytest.approx(p)
        assert r.seed == 3

    def test_null_is_the_difference_of_window_tests(self, g):
        """Replicate r is (draw r in window b) - (draw r in window a), each
        window drawn from its own child seed."""
        from clusternet.inference._windows import _window_seed

        r = test_change(g, EI, 2010, 2011, attribute="domain", n=30, rng=4)
        root = np.random.SeedSequence(4)
        ra = cn.inference.test(_window(g, 2010), EI, "permute", attribute="domain", n=30,
                               rng=_window_seed(root, 0))
        rb = cn.inference.test(_window(g, 2011), EI, "permute", attribute="domain", n=30,
                               rng=_window_seed(root, 1))
        np.testing.assert_array_equal(r.null, rb.null - ra.null)

    def test_null_keeps_each_window_composition(self, g):
        """A statistic of the composition alone does not move under the null:
        every draw equals the observed change (sd 0, z NaN, p = 1). A
        pool-and-split null would move it."""
        r = test_change(g, _share_art, 2010, 2012, attribute="domain", n=20, rng=0)
        np.testing.assert_allclose(r.null, r.observed, atol=1e-15)
        assert r.null_sd == 0.0 and np.isnan(r.z) and r.p_value == 1.0

    def test_reproducible_whatever_n_jobs(self, g):
        a = test_change(g, EI, 2010, 2012, attribute="domain", n=40, rng=9)
        b = test_change(g, EI, 2010, 2012, attribute="domain", n=40, rng=9, n_jobs=2)
        np.testing.assert_array_equal(a.null, b.null)
        assert a.p_value == b.p_value

    def test_bad_windows(self, g):
        with pytest.raises(cn.ClusternetError, match="b="):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", cn.ClusternetWarning)
                test_change(g, EI, 2010, 2030, attribute="domain", n=5, rng=0)
        with pytest.raises(cn.ClusternetError, match="a=None"):
            test_change(g, EI, None, 2011, attribute="domain", n=5, rng=0)
        with pytest.raises(cn.ClusternetError, match="n must be"):
            test_change(g, EI, 2010, 2011, attribute="domain", n=0, rng=0)
