"""Tests of clusternet.plot: every function draws on the Axes it is given (or a
new one) and returns it; labels, palettes and errors are what the docstrings
say. Figures are drawn with the Agg backend and closed after each test."""

from __future__ import annotations

import subprocess
import sys
import types

import numpy as np
import pandas as pd
import pytest

import clusternet as cn

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from clusternet import plot

ROLES = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cluster():
    aff, actors = cn.datasets.creative_cluster(n_actors=120, n_years=4, seed=3)
    return cn.from_affiliations(aff, time="year", actors=actors)


def _gf_like(index, seed=0):
    rng = np.random.default_rng(seed)
    raw = pd.DataFrame(rng.poisson(3, (len(index), 5)), index=index, columns=ROLES)
    raw["total"] = raw.sum(axis=1)
    z = pd.DataFrame(rng.normal(0, 2, (len(index), 5)), index=index, columns=ROLES)
    return types.SimpleNamespace(raw=raw, z=z)


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

    def test_real_result_if_available(self, cluster):
        gf = getattr(cn.brokerage, "gould_fernandez", None) if _has("brokerage") else None
        if gf is None:
            pytest.skip("clusternet.brokerage.gould_fernandez not in this build")
        ax = plot.broker_roles(gf(cluster, "domain"), top=4)
        assert len(ax.get_yticklabels()) == 4

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
        assert any("1 undefined" in t.get_text() for t in ax.texts)


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
        with pytest.raises(cn.TooLargeError, match="subgraph"):
            plot.network(cluster, max_actors=50)

    def test_networkx_input(self):
        import networkx as nx

        ax = plot.network(nx.karate_club_graph(), color="club")
        assert len(ax.collections[-1].get_offsets()) == 34

    def test_unknown_attribute(self, cluster):
        with pytest.raises(cn.ClusternetError, match="'sector'"):
            plot.network(cluster, color="sector")


class TestNullDistribution:
    def test_observed_and_null_mean_marked(self, cluster):
        res = cn.inference.permutation_test(cluster, cn.convergence.ei_index, "domain",
                                            n=40, rng=2, progress=False)
        ax = plot.null_distribution(res, label="E-I index")
        xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
        assert xs == sorted([res.observed, res.null_mean])
        assert sum(p.get_height() for p in ax.patches) == 40
        assert f"p = {res.p_value:.3g}" in ax.get_legend().get_title().get_text()


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


def _has(module: str) -> bool:
    try:
        __import__(f"clusternet.{module}")
    except ImportError:
        return False
    return True
