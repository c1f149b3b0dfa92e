"""Tests of clusternet.plot: every function draws on the Axes it is given (or a
new one) and returns it; labels, palettes and errors are what the docstrings
say. Figures are drawn with the Agg backend and closed after each test."""

from __future__ import annotations

import functools
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import clusternet as cn

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from clusternet import plot
from clusternet.brokerage import GouldFernandez, gould_fernandez

ROLES = [role.name for role in cn.brokerage.GOULD_FERNANDEZ_ROLES]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cluster():
    aff, actors = cn.datasets.creative_cluster(n_actors=120, n_years=4, rng=3)
    return cn.from_affiliations(aff, time="year", actors=actors)


def _gf_like(index, seed=0):
    """A GouldFernandez result with random counts and z-scores (known to the test)."""
    rng = np.random.default_rng(seed)
    raw = pd.DataFrame(rng.poisson(3, (len(index), 5)), index=index, columns=ROLES)
    raw["total"] = raw.sum(axis=1)
    z = pd.DataFrame(rng.normal(0, 2, (len(index), 6)), index=index, columns=list(raw.columns))
    empty = pd.DataFrame(columns=list(raw.columns), dtype=float)
    return GouldFernandez(raw=raw, expected=raw * 0.0, sd=raw * 0.0, z=z, network=empty,
                          group_expected=empty, group_sd=empty, attribute="domain")


class TestEveryFunction:
    def test_returns_the_axes_it_was_given(self, cluster):
        mm = cn.convergence.mixing_matrix(cluster, "domain")
        ot = cn.temporal.over_time(cluster, "ei_index", attribute="domain")
        gf = _gf_like(cluster.actor_ids)
        ego = cn.diversity.ego(cluster, "domain")
        res = cn.inference.permutation_test(cluster, cn.convergence.ei_index, "domain",
                                            n=30, rng=1, progress=False)
        _fig, axes = plt.subplots(2, 3)
        calls = [
            (plot.heatmap, (mm,), {}),
            (plot.over_time, (ot,), {}),
            (plot.broker_roles, (gf,), {}),
            (plot.distribution, (ego,), {}),
            (plot.network, (cluster,), {"color": "domain"}),
            (plot.null_distribution, (res,), {}),
        ]
        for ax, (func, args, kwargs) in zip(axes.ravel(), calls):
            assert func(*args, ax=ax, **kwargs) is ax, func.__name__

    def test_new_axes_when_none(self, cluster):
        ax = plot.heatmap(cn.convergence.relative_intensity(cluster, "domain"))
        assert isinstance(ax, matplotlib.axes.Axes)
        assert ax.figure is not None


class TestHeatmap:
    def test_counts_annotated_and_labelled(self, cluster):
        mm = cn.convergence.mixing_matrix(cluster, "domain")
        ax = plot.heatmap(mm)
        texts = {t.get_text() for t in ax.texts}
        for v in mm.to_numpy().ravel():
            assert f"{v:,.0f}" in texts
        assert [t.get_text() for t in ax.get_xticklabels()] == list(mm.columns)
        assert ax.get_xlabel() == "domain" and ax.get_ylabel() == "domain"
        assert ax.get_title() == "Mixing matrix by domain"

    def test_relative_intensity_is_log_scaled_around_one(self, cluster):
        ri = cn.convergence.relative_intensity(cluster, "domain")
        ax = plot.heatmap(ri)
        cbar = ax.images[0].colorbar
        assert "log scale" in cbar.ax.get_ylabel()
        norm = ax.images[0].norm
        assert norm.vcenter == 0 and norm.vmin == -norm.vmax  # log2(1) in the middle
        assert "1" in [t.get_text() for t in cbar.ax.get_yticklabels()]

    def test_nan_cells_left_blank(self):
        m = pd.DataFrame([[1.5, np.nan], [0.5, 2.0]], index=["a", "b"], columns=["a", "b"])
        ax = plot.heatmap(m, relative=True)
        assert len(ax.texts) == 3
        assert len(ax.patches) == 1  # hatched cell

    def test_not_a_table(self):
        with pytest.raises(cn.ClusternetError, match="DataFrame"):
            plot.heatmap(np.eye(2))


class TestOverTime:
    def test_window_size_on_the_axis(self, cluster):
        ot = cn.temporal.over_time(cluster, "ei_index", size=2, step=1, attribute="domain")
        ax = plot.over_time(ot)
        assert "window size 2, step 1" in ax.get_xlabel()
        line = ax.get_lines()[0]
        assert list(line.get_xdata()) == list(ot.index)
        np.testing.assert_allclose(line.get_ydata(), ot["ei_index"].to_numpy())
        assert line.get_label() == "ei_index (domain)"

    def test_cumulative_windows_said(self, cluster):
        ot = cn.temporal.over_time(cluster, "assortativity", cumulative=True, attribute="domain")
        assert "cumulative" in plot.over_time(ot).get_xlabel()

    def test_several_measures_get_distinct_colours(self, cluster):
        ot = cn.temporal.over_time(cluster, "ei_index", attribute="domain")
        ax = plot.over_time(ot)
        ot2 = cn.temporal.over_time(cluster, "assortativity", attribute="domain")
        plot.over_time(ot2, ax=ax, counts=True)
        c1, c2 = (to_hex(line.get_color()) for line in ax.get_lines()[:2])
        assert c1 != c2 and c1.upper() in plot.OKABE_ITO and c2.upper() in plot.OKABE_ITO

    def test_unknown_column(self, cluster):
        ot = cn.temporal.over_time(cluster, "ei_index", attribute="domain")
        with pytest.raises(cn.ClusternetError, match="no column 'nope'"):
            plot.over_time(ot, "nope")


class TestBrokerRoles:
    def test_top_brokers_by_total(self, cluster):
        gf = _gf_like(cluster.actor_ids)
        ax = plot.broker_roles(gf, top=5)
        shown = [t.get_text() for t in ax.get_yticklabels()]
        expected = gf.raw["total"].sort_values(ascending=False, kind="stable").index[:5]
        assert shown == [str(a) for a in expected]
        assert list(ax.get_yticks()) == [4, 3, 2, 1, 0]  # the largest at the top
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ROLES
        # stacked bars end at each actor's total
        right = {}
        for bar in ax.patches:
            y = round(bar.get_y() + bar.get_height() / 2, 6)
            right[y] = max(right.get(y, 0), bar.get_x() + bar.get_width())
        assert sorted(right.values()) == sorted(gf.raw.loc[expected, "total"].astype(float))

    def test_z_scores(self, cluster):
        ax = plot.broker_roles(_gf_like(cluster.actor_ids), value="z", top=3)
        assert "z-score" in ax.get_xlabel()

    def test_real_result(self, cluster):
        r = gould_fernandez(cluster, "domain")
        ax = plot.broker_roles(r, top=4)
        expected = r.raw["total"].sort_values(ascending=False, kind="stable").index[:4]
        assert [t.get_text() for t in ax.get_yticklabels()] == [str(a) for a in expected]
        assert ax.get_title() == "Brokerage roles of the top 4 brokers (groups: domain)"

    def test_a_table_of_roles(self, cluster):
        raw = _gf_like(cluster.actor_ids).raw.drop(columns="total")
        ax = plot.broker_roles(raw, top=3)  # no total column: the roles are summed
        expected = raw.sum(axis=1).sort_values(ascending=False, kind="stable").index[:3]
        assert [t.get_text() for t in ax.get_yticklabels()] == [str(a) for a in expected]

    def test_role_names_and_colours_are_brokerage_roles(self):
        # one table of role names, in its order; results have them and their total
        assert list(plot.ROLE_COLORS) == ROLES == list(cn.brokerage.ROLES[:-1])
        assert len(set(plot.ROLE_COLORS.values())) == 5
        assert set(plot.ROLE_COLORS.values()) <= set(plot.OKABE_ITO)

    def test_not_a_result(self, cluster):
        r = _gf_like(cluster.actor_ids)
        with pytest.raises(cn.ClusternetError, match="gould_fernandez"):
            plot.broker_roles({"raw": r.raw, "z": r.z})
        with pytest.raises(cn.ClusternetError, match="no role columns"):
            plot.broker_roles(pd.DataFrame({"x": [1.0]}))

    def test_bad_value(self, cluster):
        with pytest.raises(cn.ClusternetError, match="value="):
            plot.broker_roles(_gf_like(cluster.actor_ids), value="expected")


class TestDistribution:
    def test_histogram_counts_every_defined_value(self, cluster):
        ego = cn.diversity.ego(cluster, "domain")
        ax = plot.distribution(ego)
        assert sum(p.get_height() for p in ax.patches) == ego.notna().sum()

    def test_by_group_names_group_sizes(self, cluster):
        ego = cn.diversity.ego(cluster, "domain")
        ax = plot.distribution(ego, by=cluster.actors["domain"])
        labels = [t.get_text() for t in ax.get_yticklabels()]
        counts = cluster.actors["domain"][ego.notna()].value_counts()
        assert labels == [f"{d} (n={counts[d]})" for d in sorted(counts.index)]

    def test_nan_counted(self):
        ax = plot.distribution(pd.Series([0.1, 0.5, np.nan, 0.7], name="x"))
        assert "(1 undefined (NaN) left out)" in ax.get_xlabel()


class TestNetwork:
    def test_coloured_by_group_and_sized(self, cluster):
        size = pd.Series(np.arange(cluster.n_actors, dtype=float), index=cluster.actor_ids,
                         name="rank")
        ax = plot.network(cluster, color="domain", size=size, labels=3, rng=1)
        pts = ax.collections[-1]
        assert len(pts.get_offsets()) == cluster.n_actors
        groups = sorted(cluster.actors["domain"].unique())
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[: len(groups)] == groups
        colours = {to_hex(c).upper() for c in pts.get_facecolors()}
        assert colours <= set(plot.OKABE_ITO[: len(groups)])
        assert len(ax.texts) == 3
        assert ax.collections[0].get_segments().__len__() == cluster.n_ties

    def test_layout_is_seeded(self, cluster):
        a = plot.network(cluster, rng=7).collections[-1].get_offsets()
        b = plot.network(cluster, rng=7).collections[-1].get_offsets()
        np.testing.assert_array_equal(np.sort(np.asarray(a), axis=0),
                                      np.sort(np.asarray(b), axis=0))

    def test_too_many_actors_suggests_a_subgraph(self, cluster):
        with pytest.raises(cn.TooLargeError, match="show='top'"):
            plot.network(cluster, show="all", max_actors=50)

    def test_networkx_input(self):
        import networkx as nx

        ax = plot.network(nx.karate_club_graph(), color="club")
        assert len(ax.collections[-1].get_offsets()) == 34

    def test_unknown_attribute(self, cluster):
        for option in ("color", "size"):
            with pytest.raises(cn.UnknownAttributeError, match=f"{option}='sector'"):
                plot.network(cluster, **{option: "sector"})

    def test_size_must_be_numeric(self, cluster):
        with pytest.raises(cn.ClusternetError, match="'domain' is not numeric"):
            plot.network(cluster, size="domain")
        # booleans are groups, not sizes (_validation.is_numeric, the one rule)
        assert cluster.attribute("inside").dtype == bool
        with pytest.raises(cn.ClusternetError, match="'inside' is not numeric"):
            plot.network(cluster, size="inside")

    def test_named_labels(self, cluster):
        who = list(cluster.actor_ids[[5, 1]])
        ax = plot.network(cluster, labels=who)
        assert [t.get_text() for t in ax.texts] == [str(a) for a in who]
        with pytest.raises(cn.UnknownActorError, match="'nobody'"):
            plot.network(cluster, labels=["nobody"])

    @pytest.mark.parametrize("rng", [True, -1, 1.5])
    def test_bad_seed(self, cluster, rng):
        with pytest.raises(cn.ClusternetError, match="rng"):
            plot.network(cluster, rng=rng)

    def test_generator_seed(self, cluster):
        a = plot.network(cluster, rng=np.random.default_rng(3)).collections[-1].get_offsets()
        b = plot.network(cluster, rng=np.random.default_rng(3)).collections[-1].get_offsets()
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


class TestNullDistribution:
    def test_observed_and_null_mean_marked(self, cluster):
        res = cn.inference.permutation_test(cluster, cn.convergence.ei_index, "domain",
                                            n=40, rng=2, progress=False)
        ax = plot.null_distribution(res, label="E-I index")
        xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
        assert xs == sorted([res.observed, res.null_mean])
        assert sum(p.get_height() for p in ax.patches) == 40
        assert f"p = {res.p_value:.3g}" in ax.get_legend().get_title().get_text()

    def test_needs_a_test_result(self, cluster):
        with pytest.raises(cn.ClusternetError, match="inference.test"):
            plot.null_distribution({"null": [0.1, 0.2], "observed": 0.3})

    def test_one_statistic_only(self, cluster):
        by_group = functools.partial(cn.convergence.ei_index, level="group")
        res = cn.inference.permutation_test(cluster, by_group, "domain", n=10, rng=2,
                                            progress=False)
        assert isinstance(res.observed, pd.Series)
        with pytest.raises(cn.ClusternetError, match="one statistic"):
            plot.null_distribution(res)


class TestImports:
    def test_matplotlib_not_imported_with_clusternet(self):
        code = ("import sys, clusternet, clusternet.plot, clusternet.report; "
                "print('matplotlib' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout
        assert out.strip() == "False"

    def test_missing_matplotlib_names_the_extra(self, monkeypatch):
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
        with pytest.raises(ImportError, match=r"clusternet\[plot\]"):
            plot.heatmap(pd.DataFrame([[1]]))


@pytest.fixture(scope="module")
def tested(cluster):
    return cn.inference.test_over_time(cluster, cn.convergence.ei_index,
                                       attribute="domain", n=20, rng=1)


class TestOverTimeNullBand:
    """plot.over_time on cn.inference.test_over_time: the null mean (dashed)
    and the 95 % band from null_low to null_high (sd fallback otherwise)."""

    def test_band_and_mean_drawn(self, tested):
        ax = plot.over_time(tested)
        observed, mean = ax.get_lines()
        np.testing.assert_array_equal(observed.get_ydata(), tested["observed"].to_numpy())
        np.testing.assert_array_equal(mean.get_ydata(), tested["null_mean"].to_numpy())
        assert mean.get_linestyle() == "--"
        assert observed.get_label() == "ei_index (domain)"
        (band,) = ax.collections
        ys = np.concatenate([p.vertices[:, 1] for p in band.get_paths()])
        assert ys.min() == pytest.approx(tested["null_low"].min())
        assert ys.max() == pytest.approx(tested["null_high"].max())

    def test_sd_band_when_no_quantiles(self, tested):
        table = tested.drop(columns=["null_low", "null_high"])
        ax = plot.over_time(table)
        (band,) = ax.collections
        ys = np.concatenate([p.vertices[:, 1] for p in band.get_paths()])
        expect = table["null_mean"] + 1.96 * table["null_sd"]
        assert ys.max() == pytest.approx(expect.max())

    def test_null_false_and_other_columns(self, tested):
        assert len(plot.over_time(tested, null=False).get_lines()) == 1
        assert len(plot.over_time(tested, "z").get_lines()) == 1  # not the observed column

    def test_null_true_needs_the_columns(self, cluster):
        ot = cn.temporal.over_time(cluster, "ei_index", attribute="domain")
        with pytest.raises(cn.ClusternetError, match="test_over_time"):
            plot.over_time(ot, null=True)
        with pytest.raises(cn.ClusternetError, match="null must be"):
            plot.over_time(ot, null="yes")


def test_over_time_incomplete_windows_hollow(cluster):
    """Windows flagged complete=False (cn.temporal.over_time) get hollow markers."""
    ot = cn.temporal.over_time(cluster, "ei_index", size=3, step=3, attribute="domain")
    assert not ot["complete"].all()
    ax = plot.over_time(ot)
    hollow = [line for line in ax.get_lines() if line.get_label() == "incomplete window (hollow)"]
    assert len(hollow) == 1
    np.testing.assert_array_equal(hollow[0].get_xdata(), ot.index[~ot["complete"]])
    assert hollow[0].get_markerfacecolor() == "white"
    full = cn.temporal.over_time(cluster, "ei_index", size=1, attribute="domain")
    assert full["complete"].all()
    assert len(plot.over_time(full).get_lines()) == 1
