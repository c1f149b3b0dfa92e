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


# -- issue 16: what the network shows, names, groups merged, sizes ---------------


def _label_boxes(ax):
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    # the text's own box (an Annotation's extent also covers its leader line)
    return [matplotlib.text.Text.get_window_extent(t, r) for t in ax.texts]


def _named(cluster):
    actors = cluster.actors.copy()
    ids = list(cluster.actor_ids)
    actors["name"] = [f"Name {a}" for a in ids]
    actors.index = cluster.actor_ids
    return cluster.with_attributes(actors[["name"]])


class TestNetworkShow:
    def test_auto_draws_the_top_actors_of_the_largest_component(self, cluster):
        import scipy.sparse.csgraph as csgraph

        ax = plot.network(cluster, top=30)
        assert len(ax.collections[-1].get_offsets()) == 30
        assert ax.get_title().startswith("30 of 120 actors, ")
        assert ax.get_title().endswith("\n(largest component, top 30 by degree)")
        # the 30 drawn are the best-connected of the largest component (hand rule)
        _, comp = csgraph.connected_components(cluster.adjacency, directed=False)
        big = np.bincount(comp).argmax()
        deg = cluster.degree()[comp == big]
        assert deg.nlargest(30, keep="all").min() <= deg.max()
        # a graph of at most `top` actors is drawn whole
        assert plot.network(cluster, top=500).get_title() == (
            f"120 actors, {cluster.n_ties} ties")

    def test_top_by_a_measure(self, cluster):
        score = pd.Series(np.arange(cluster.n_actors, 0, -1.0), index=cluster.actor_ids,
                          name="score")
        ax = plot.network(cluster, show="top", top=10, measure=score, labels=10)
        assert "top 10 by score" in ax.get_title()

    def test_strongest_ties_rule(self, cluster):
        # the hand rule of the docstring: lower the cut weight while at most
        # max_ties ties and at most top actors remain
        ties = cluster.ties
        w = ties["weight"].to_numpy()
        ax = plot.network(cluster, show="strongest", max_ties=40, top=150)
        levels = np.unique(w)[::-1]
        cut = levels[0]
        for lv in levels[1:]:
            keep = ties[w >= lv]
            ends = set(keep["source"]) | set(keep["target"])
            if len(keep) > 40 or len(ends) > 150:
                break
            cut = lv
        kept = ties[w >= cut]
        assert len(ax.collections[0].get_segments()) == len(kept)
        assert f"ties of weight >= {cut:g}" in ax.get_title()

    def test_backbone(self, cluster):
        # a pair in 12 teams among 40 random teams of 3 (of 20 actors): the
        # backbone keeps that pair only (cn.inference.backbone, SDSM, Holm)
        rng = np.random.default_rng(0)
        rows = [(x, f"p{e}") for e in range(12) for x in ("a", "b")]
        rows += [(f"c{x}", f"q{e}") for e in range(40) for x in rng.choice(20, 3, replace=False)]
        h = cn.from_affiliations(pd.DataFrame(rows, columns=["actor", "event"]))
        bb = cn.inference.backbone(h)
        assert bb.graph.n_ties == 1 < h.n_ties
        ax = plot.network(h, show="backbone", labels=2)
        assert len(ax.collections[0].get_segments()) == 1
        assert sorted(t.get_text() for t in ax.texts) == ["a", "b"]
        assert "backbone" in ax.get_title()
        # no significant tie: an error that names the way forward
        assert cn.inference.backbone(cluster).graph.n_ties == 0
        with pytest.raises(cn.ClusternetError, match="show='strongest'"):
            plot.network(cluster, show="backbone")

    def test_backbone_needs_an_affiliation_graph(self):
        import networkx as nx

        with pytest.raises(cn.ClusternetError, match="affiliation graph"):
            plot.network(nx.karate_club_graph(), show="backbone")

    def test_bad_show(self, cluster):
        with pytest.raises(cn.ClusternetError, match="show='everything'"):
            plot.network(cluster, show="everything")
        with pytest.raises(cn.ClusternetError, match="top=0"):
            plot.network(cluster, top=0)

    def test_legend_lists_only_the_groups_drawn(self, cluster):
        art = cluster.actor_ids[(cluster.attribute("domain") == "art").to_numpy()]
        ax = plot.network(cluster.subgraph(art), color="domain")
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["art"]

    def test_many_groups_merged_into_other(self, cluster):
        many = pd.Series([f"g{i % 10}" for i in range(cluster.n_actors)],
                         index=cluster.actor_ids, name="ten")
        ax = plot.network(cluster, show="all", color=many)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert len(legend) == 8 and legend[-1] == "other"


class TestLabels:
    def test_names_from_a_column(self, cluster):
        g = _named(cluster)
        ax = plot.network(g, label="name", labels=8)
        texts = [t.get_text() for t in ax.texts]
        assert texts and all(t.startswith("Name ") for t in texts)
        # the named actors are the 8 of largest degree (ties: earlier actor)
        deg = g.degree()
        order = np.lexsort((np.arange(len(deg)), -deg.to_numpy()))[:8]
        assert set(texts) <= {f"Name {a}" for a in g.actor_ids[order]}

    def test_names_from_a_series_or_mapping(self, cluster):
        who = list(cluster.actor_ids[:3])
        names = {a: f"N{k}" for k, a in enumerate(who)}
        ax = plot.network(cluster, label=names, labels=who)
        assert sorted(t.get_text() for t in ax.texts) == ["N0", "N1", "N2"]
        ax = plot.network(cluster, label=pd.Series(names), labels=who[:1])
        assert [t.get_text() for t in ax.texts] == ["N0"]

    def test_labels_never_overlap(self, cluster):
        g = _named(cluster)
        ax = plot.network(g, show="all", color="domain", label="name", labels=40)
        boxes = _label_boxes(ax)
        assert len(boxes) >= 10
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (ax.texts[i], ax.texts[j])
        r = ax.figure.canvas.get_renderer()
        furniture = [ax.get_legend().get_window_extent(r) if ax.get_legend() else None,
                     ax.title.get_window_extent(r)]
        figbox = ax.figure.bbox
        for b in boxes:
            assert figbox.x0 <= b.x0 and b.x1 <= figbox.x1
            assert figbox.y0 <= b.y0 and b.y1 <= figbox.y1
            assert not any(f is not None and b.overlaps(f) for f in furniture)

    def test_unknown_label_column(self, cluster):
        with pytest.raises(cn.UnknownAttributeError, match="label='nom'"):
            plot.network(cluster, label="nom")

    def test_broker_roles_named(self, cluster):
        res = _gf_like(list("abcde"))
        ax = plot.broker_roles(res, top=3, label={"a": "Ann", "b": "Bob", "c": "Cy",
                                                  "d": "Di", "e": "Ed"})
        totals = res.raw["total"].sort_values(ascending=False, kind="stable")
        want = [{"a": "Ann", "b": "Bob", "c": "Cy", "d": "Di", "e": "Ed"}[a]
                for a in totals.index[:3]]
        assert [t.get_text() for t in ax.get_yticklabels()] == want
        with pytest.raises(cn.ClusternetError, match="label="):
            plot.broker_roles(res, label="name")


class TestGroups:
    def test_top_groups(self):
        s = pd.Series(["b", "a", "a", "c", "c", "d", None], name="x")
        # a and c have 2 each, b and d 1 each: keep a, c (ties by sorted value)
        assert plot.top_groups(s, 2).tolist() == ["other", "a", "a", "c", "c", "other", None]
        assert plot.top_groups(s, 3).tolist() == ["b", "a", "a", "c", "c", "other", None]
        assert plot.top_groups(s, 4).equals(s)
        assert plot.top_groups(s, None).equals(s)
        with pytest.raises(cn.ClusternetError, match="top=0"):
            plot.top_groups(s, 0)

    def test_heatmap_top_keeps_the_tie_count(self, cluster):
        m = cn.convergence.mixing_matrix(cluster, "domain")
        ax = plot.heatmap(m, top=2)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(labels) == 3 and labels[-1] == "other"
        merged = np.asarray(ax.images[0].get_array())
        # undirected counts: the ties add up to sum over x <= y (mixing_matrix's
        # convention), before and after merging
        assert np.triu(merged).sum() == np.triu(m.to_numpy()).sum() == cluster.n_ties
        with pytest.raises(cn.ClusternetError, match="top_groups"):
            plot.heatmap(cn.convergence.relative_intensity(cluster, "domain"), top=2)

    def test_distribution_top_merges_into_other_last(self, cluster):
        ego = cn.diversity.ego(cluster, "domain")
        ax = plot.distribution(ego, by=cluster.attribute("domain"), top=2)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(labels) == 3 and labels[-1].startswith("other (n=")

    def test_group_graph(self, cluster):
        ax = plot.group_graph(cluster, "domain")
        sizes = cluster.attribute("domain").value_counts()
        assert len(ax.collections[-1].get_offsets()) == len(sizes)
        m = cn.convergence.mixing_matrix(cluster, "domain").to_numpy()
        between = np.triu(m, 1)
        assert len(ax.collections[0].get_segments()) == np.count_nonzero(between)
        # node area proportional to group size
        area = ax.collections[-1].get_sizes()
        names = [t.get_text().split("\n")[0] for t in ax.texts]
        ratio = area / sizes.reindex(names).to_numpy()
        np.testing.assert_allclose(ratio, ratio[0])

    def test_group_graph_relative_and_top(self, cluster):
        ax = plot.group_graph(cluster, "domain", value="relative", top=3,
                              label={"art": "Arts"})
        names = sorted(t.get_text().split("\n")[0] for t in ax.texts)
        assert "other" in names and len(names) == 4
        with pytest.raises(cn.UnknownAttributeError, match="'sector'"):
            plot.group_graph(cluster, "sector")
        with pytest.raises(cn.ClusternetError, match="value='share'"):
            plot.group_graph(cluster, "domain", value="share")

    def test_roles_legend_only_roles_that_can_occur(self, cluster):
        res = gould_fernandez(cluster, "inside")  # two groups: no liaison
        ax = plot.broker_roles(res)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "liaison" not in legend and "coordinator" in legend


class TestNumbers:
    def test_no_offset_on_large_counts(self):
        idx = [f"a{i}" for i in range(4)]
        raw = pd.DataFrame(np.full((4, 5), 1_000_000.0) + np.arange(4)[:, None],
                           index=idx, columns=ROLES)
        ax = plot.broker_roles(raw)
        ax.figure.canvas.draw()
        assert ax.xaxis.get_offset_text().get_text() == ""
        ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert any("," in t and t.replace(",", "").isdigit() for t in ticks)

    def test_no_offset_on_distributions(self):
        v = pd.Series(1e6 + np.arange(50.0), name="x")
        ax = plot.distribution(v)
        ax.figure.canvas.draw()
        assert ax.xaxis.get_offset_text().get_text() == ""
        assert ax.yaxis.get_offset_text().get_text() == ""


def test_vector_file_size_is_bounded(tmp_path):
    """A network of thousands of ties stays under 2 MB as SVG: the ties are
    rasterized (without, each tie is an SVG path of ~150 bytes)."""
    aff, actors = cn.datasets.creative_cluster(n_actors=1500, n_years=12, rng=0)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    assert g.n_ties > 5_000
    rng = np.random.default_rng(0)
    layout = pd.DataFrame(rng.random((g.n_actors, 2)), index=g.actor_ids, columns=["x", "y"])
    ax = plot.network(g, show="all", color="domain", layout=layout)
    assert ax.collections[0].get_rasterized()
    path = tmp_path / "network.svg"
    ax.figure.savefig(path)
    assert path.stat().st_size < 2_000_000


# -- image comparison with stored baselines ---------------------------------------

BASELINE = __import__("pathlib").Path(__file__).parent / "data" / "plot_baseline"
#: RMS difference allowed (0-255 scale, matplotlib.testing.compare.compare_images).
#: The images are compared without their text (the glyphs of another FreeType
#: build differ), on Axes at a fixed place (no layout engine, so text metrics
#: move nothing): the same drawing gives 0; a changed one gives 10 or more
#: (test_comparison_detects_a_change).
TOLERANCE = 3.0


def _fixed_axes():
    fig = plt.figure(figsize=(5.0, 4.0))
    return fig.add_axes((0.08, 0.08, 0.6, 0.84))


def _figures(cluster):
    """The figures compared with the baselines: a fixed layout (no igraph
    randomness), DejaVu Sans, 60 dpi."""
    ids = cluster.actor_ids
    angle = np.linspace(0, 2 * np.pi, len(ids), endpoint=False)
    ring = 1 + 0.3 * (np.arange(len(ids)) % 3)
    layout = pd.DataFrame({"x": np.cos(angle) * ring, "y": np.sin(angle) * ring}, index=ids)
    size = pd.Series(np.arange(len(ids), dtype=float) % 7, index=ids, name="size")
    yield "network", plot.network(cluster, show="all", color="domain", size=size,
                                  layout=layout, ax=_fixed_axes())
    yield "group_graph", plot.group_graph(cluster, "domain", ax=_fixed_axes())
    yield "heatmap_top", plot.heatmap(cn.convergence.mixing_matrix(cluster, "domain"),
                                      top=3, ax=_fixed_axes())
    yield "broker_roles", plot.broker_roles(_gf_like([f"a{i}" for i in range(6)]), top=5,
                                            ax=_fixed_axes())


def _render(ax, path):
    """Save the figure without its text (titles, ticks, names, legends)."""
    fig = ax.figure
    for artist in fig.findobj(matplotlib.text.Text):
        artist.set_visible(False)
    for a in fig.axes:
        if a.get_legend() is not None:
            a.get_legend().set_visible(False)
    fig.savefig(path, dpi=60)
    plt.close(fig)


@pytest.fixture
def _baseline_style():
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 10,
                                "savefig.dpi": 60, "figure.dpi": 60,
                                "text.hinting": "none", "svg.hashsalt": "clusternet",
                                "axes.unicode_minus": True}):
        yield


@pytest.mark.usefixtures("_baseline_style")
def test_figures_match_baselines(cluster, tmp_path):
    import os

    from matplotlib.testing.compare import compare_images

    update = os.environ.get("CLUSTERNET_UPDATE_BASELINES") == "1"
    for name, ax in _figures(cluster):
        out = tmp_path / f"{name}.png"
        _render(ax, out)
        expected = BASELINE / f"{name}.png"
        if update:  # regenerate: CLUSTERNET_UPDATE_BASELINES=1 pytest tests/test_plot.py
            BASELINE.mkdir(parents=True, exist_ok=True)
            expected.write_bytes(out.read_bytes())
            continue
        diff = compare_images(str(expected), str(out), tol=TOLERANCE)
        assert diff is None, diff


@pytest.mark.usefixtures("_baseline_style")
def test_comparison_detects_a_change(cluster, tmp_path):
    """The tolerance is tight enough that a changed figure fails: the group
    graph of relative intensities, and the heatmap of tie weights instead of counts."""
    from matplotlib.testing.compare import compare_images

    out = tmp_path / "changed.png"
    _render(plot.group_graph(cluster, "domain", value="relative", ax=_fixed_axes()), out)
    assert compare_images(str(BASELINE / "group_graph.png"), str(out), tol=TOLERANCE)
    # the same heatmap of tie weights instead of counts: same size, other colours
    _render(plot.heatmap(cn.convergence.mixing_matrix(cluster, "domain", weight=True),
                         top=3, ax=_fixed_axes()), out)
    assert compare_images(str(BASELINE / "heatmap_top.png"), str(out), tol=TOLERANCE)
