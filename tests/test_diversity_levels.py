"""Diversity levels: composition, ego, events, portfolio, and disparity from
co-occurrence.

Expected numbers are computed by hand in the tests (small graphs), or by a
plain Python loop over each actor's neighbours / each event's members
(the "by hand" reference of the hypothesis tests), which the vectorised
sparse products must equal.
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import ClusternetError, ClusternetWarning
from clusternet import diversity as dv


@pytest.fixture
def film() -> cn.CollaborationGraph:
    """film: ann(art), bob(tech), cy(art); play: bob, dee(finance); eve(art) isolate."""
    t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
                      "event": ["film", "film", "film", "play", "play"]})
    who = pd.DataFrame({"domain": ["art", "tech", "art", "finance", "art"],
                        "city": ["Lyon", "Lyon", "Nice", "Nice", "Nice"]},
                       index=["ann", "bob", "cy", "dee", "eve"])
    shows = pd.DataFrame({"genre": ["drama", "comedy"]}, index=["film", "play"])
    return cn.from_affiliations(t, actors=who, events=shows)


def _blau_of(labels) -> float:
    c = np.array(list(Counter(labels).values()), dtype=float)
    if c.sum() == 0:
        return np.nan
    p = c / c.sum()
    return 1 - (p**2).sum()


# ------------------------------------------------------------ composition
class TestComposition:
    def test_whole_graph(self, film):
        # art 3, tech 1, finance 1 (isolate eve included)
        assert dv.composition(film, "domain") == pytest.approx(1 - (9 + 1 + 1) / 25)
        assert dv.composition(film, "domain", measure="richness") == 3.0

    def test_by_group(self, film):
        s = dv.composition(film, "domain", by="city", measure="shannon")
        assert list(s.index) == ["Lyon", "Nice"] and s.index.name == "city"
        assert s["Lyon"] == pytest.approx(np.log(2))
        assert s["Nice"] == pytest.approx(-(2 / 3) * np.log(2 / 3) - (1 / 3) * np.log(1 / 3))
        meta = s.attrs["clusternet"]
        assert meta["measure"] == "diversity.composition"
        assert meta["params"]["by"] == "city" and meta["params"]["attribute"] == "domain"

    def test_networkx_input(self):
        G = nx.path_graph(4)
        nx.set_node_attributes(G, {0: "a", 1: "b", 2: "a", 3: "a"}, "kind")
        assert dv.composition(G, "kind") == pytest.approx(1 - (9 + 1) / 16)


# -------------------------------------------------------------------- ego
class TestEgo:
    def test_by_hand(self, film):
        s = dv.ego(film, "domain")
        # ann: bob tech, cy art; bob: ann, cy art, dee finance; dee: bob tech
        assert s["ann"] == 0.5
        assert s["bob"] == pytest.approx(1 - (4 + 1) / 9)
        assert s["dee"] == 0.0
        assert np.isnan(s["eve"])  # isolate
        assert list(s.index) == list(film.actor_ids) and s.name == "blau"
        meta = s.attrs["clusternet"]
        assert meta["measure"] == "diversity.ego"
        assert meta["params"] == {"attribute": "domain", "measure": "blau",
                                  "missing": "error", "weight": False}

    def test_weighted(self):
        t = pd.DataFrame({"source": ["a", "a", "a"], "target": ["b", "c", "d"],
                          "w": [3.0, 1.0, 0.5]})
        who = pd.DataFrame({"k": ["x", "y", "y", "z"]}, index=["a", "b", "c", "d"])
        g = cn.from_edgelist(t, weight="w", actors=who)
        # a's contacts weighted: y 3 + 1 = 4, z 0.5
        assert dv.ego(g, "k", weight=True)["a"] == pytest.approx(1 - (4**2 + .5**2) / 4.5**2)
        assert dv.ego(g, "k")["a"] == pytest.approx(1 - (4 + 1) / 9)

    def test_directed_uses_both_directions(self):
        t = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
                          "w": [1.0, 2.0, 4.0]})
        who = pd.DataFrame({"k": ["x", "y", "z"]}, index=["a", "b", "c"])
        g = cn.from_edgelist(t, weight="w", actors=who, directed=True)
        # a's contacts: b (1 + 2 = 3 weighted, once binary), c (4)
        assert dv.ego(g, "k")["a"] == 0.5
        assert dv.ego(g, "k", weight=True)["a"] == pytest.approx(1 - (9 + 16) / 49)
        assert dv.ego(g, "k")["c"] == 0.0  # c only receives: its contact is a

    def test_missing_values(self, film):
        g = film.with_attributes(pd.DataFrame({"domain": ["art", None, "art", "finance", "art"]},
                                              index=list(film.actor_ids)))
        with pytest.raises(ClusternetError, match="missing='drop'"):
            dv.ego(g, "domain")
        drop = dv.ego(g, "domain", missing="drop")
        assert drop["ann"] == 0.0        # only cy counted
        assert np.isnan(drop["dee"])     # its only contact has no value
        assert drop["bob"] == pytest.approx(4 / 9)  # bob has no value, yet is an ego
        own = dv.ego(g, "domain", missing="own-group", measure="richness")
        assert own["ann"] == 2.0 and own["dee"] == 1.0

    def test_weight_is_a_switch(self, film):
        for f in (dv.ego, dv.events, dv.portfolio, dv.disparity_from_cooccurrence):
            with pytest.raises(ClusternetError, match="True or False"):
                f(film, "domain", weight="weight")

    def test_unknown_attribute(self, film):
        with pytest.raises(ClusternetError, match="no actor attribute 'sector'"):
            dv.ego(film, "sector")

    def test_round_trips_give_same_numbers(self, film):
        for measure, kw in (("blau", {}), ("hill", {"q": 0.5}), ("shannon", {"base": 2})):
            want = dv.ego(film, "domain", measure=measure, **kw)
            for other in (film.to_networkx(), film.to_igraph()):
                got = dv.ego(other, "domain", measure=measure, **kw)
                pd.testing.assert_series_equal(got, want, check_index_type=False)

    def test_rao_stirling_with_given_disparity(self, film):
        cats = ["art", "finance", "tech"]
        d = pd.DataFrame([[0, .9, .5], [.9, 0, .3], [.5, .3, 0]], index=cats, columns=cats)
        s = dv.ego(film, "domain", measure="rao_stirling", disparity=d)
        # bob: art 2/3, finance 1/3 -> 2 * .9 * 2/9
        assert s["bob"] == pytest.approx(2 * .9 * 2 / 9)
        assert s["ann"] == pytest.approx(2 * .5 * .25)
        assert s.attrs["clusternet"]["params"]["disparity"] == "DataFrame 3x3"
        missing = d.drop(index="tech", columns="tech")
        with pytest.raises(ClusternetError, match=r"\['tech'\]"):
            dv.ego(film, "domain", measure="rao_stirling", disparity=missing)

    def test_cooccurrence_shortcut(self, film):
        d = dv.disparity_from_cooccurrence(film, "domain")
        a = dv.ego(film, "domain", measure="true_diversity", disparity="cooccurrence")
        b = dv.ego(film, "domain", measure="true_diversity", disparity=d)
        pd.testing.assert_series_equal(a, b, check_like=True)
        assert a.attrs["clusternet"]["params"]["disparity"] == "cooccurrence"
        c = dv.ego(film, "domain", measure="leinster_cobbold", similarity="cooccurrence", q=2)
        np.testing.assert_allclose(c, a, rtol=1e-12)


class TestMeasures:
    def test_callables_equal_names(self, film):
        want = dv.ego(film, "domain", measure="hill", q=2)
        for m in (functools.partial(dv.hill, q=2),):
            pd.testing.assert_series_equal(dv.ego(film, "domain", measure=m), want)
        pd.testing.assert_series_equal(dv.ego(film, "domain", measure=dv.hill, q=2), want)

    def test_generic_callable_row_by_row(self, film):
        def dominance(counts: pd.Series) -> float:
            assert list(counts.index) == ["art", "finance", "tech"]
            return counts.max() / counts.sum()

        s = dv.ego(film, "domain", measure=dominance)
        assert s.name == "dominance"
        assert s["bob"] == pytest.approx(2 / 3) and np.isnan(s["eve"])
        lam = dv.events(film, "domain", measure=lambda c, k=1: float((c > 0).sum()) * k, k=10)
        assert list(lam) == [20.0, 20.0]

    def test_callable_must_return_a_number(self, film):
        with pytest.raises(ClusternetError, match="one number"):
            dv.ego(film, "domain", measure=lambda c: c)

    @pytest.mark.parametrize("kw, word", [
        ({"measure": "gini"}, "unknown measure"),
        ({"measure": "hill"}, "missing .*'q'.* its options are q="),
        ({"measure": "rao_stirling"}, "missing .*'disparity'"),
        ({"measure": "blau", "q": 2}, "unexpected keyword argument 'q'; blau takes no options"),
        ({"measure": 3}, "name of an index or a callable"),
        ({"measure": "rao_stirling", "disparity": "nearest"}, "cooccurrence"),
    ])
    def test_bad_measures(self, film, kw, word):
        with pytest.raises(ClusternetError, match=word):
            dv.ego(film, "domain", **kw)


# ----------------------------------------------------------------- events
class TestEvents:
    def test_by_hand(self, film):
        s = dv.events(film, "domain")
        assert s.index.name == "event" and list(s.index) == ["film", "play"]
        assert s["film"] == pytest.approx(1 - (4 + 1) / 9)
        assert s["play"] == 0.5
        assert s.attrs["clusternet"]["measure"] == "diversity.events"

    def test_weighted_participation(self):
        t = pd.DataFrame({"actor": ["a", "b", "c"], "event": [1, 1, 1], "w": [2.0, 1.0, 1.0]})
        who = pd.DataFrame({"k": ["x", "y", "y"]}, index=["a", "b", "c"])
        g = cn.from_affiliations(t, weight="w", actors=who)
        assert dv.events(g, "k")[1] == pytest.approx(1 - (1 + 4) / 9)
        assert dv.events(g, "k", weight=True)[1] == 0.5

    def test_subgraph_members_only(self, film):
        s = dv.events(film.subgraph(["ann", "bob", "dee"]), "domain", measure="richness")
        assert s["film"] == 2.0 and s["play"] == 2.0
        s = dv.events(film.subgraph(["ann", "cy", "dee"]), "domain", measure="richness")
        assert s["film"] == 1.0

    def test_needs_affiliations(self):
        G = nx.path_graph(3)
        nx.set_node_attributes(G, "a", "kind")
        with pytest.raises(ClusternetError, match="affiliation graph"):
            dv.events(G, "kind")

    def test_missing_members_dropped(self, film):
        g = film.with_attributes(pd.DataFrame({"domain": [None, None, "art", None, "art"]},
                                              index=list(film.actor_ids)))
        s = dv.events(g, "domain", missing="drop", measure="richness")
        assert s["film"] == 1.0 and np.isnan(s["play"])


# -------------------------------------------------------------- portfolio
class TestPortfolio:
    def test_event_attribute(self, film):
        s = dv.portfolio(film, "genre")
        assert s["bob"] == 0.5 and s["ann"] == 0.0 and np.isnan(s["eve"])
        assert s.attrs["clusternet"]["params"]["source"] == "event"

    def test_actor_attribute_is_co_members(self, film):
        s = dv.portfolio(film, "domain", measure="richness")
        # bob's co-members: ann art, cy art (film), dee finance (play)
        assert s["bob"] == 2.0 and s["dee"] == 1.0 and np.isnan(s["eve"])
        assert s.attrs["clusternet"]["params"]["source"] == "actor"

    def test_ambiguous_and_unknown(self, film):
        both = film.with_attributes(pd.DataFrame({"genre": ["x"] * 5},
                                                 index=list(film.actor_ids)))
        with pytest.raises(ClusternetError, match="source='actor' or source='event'"):
            dv.portfolio(both, "genre")
        assert dv.portfolio(both, "genre", source="event")["bob"] == 0.5
        assert dv.portfolio(both, "genre", source="actor", measure="richness")["bob"] == 1.0
        with pytest.raises(ClusternetError, match="no actor or event attribute"):
            dv.portfolio(film, "budget")
        with pytest.raises(ClusternetError, match="no event attribute"):
            dv.portfolio(film, "domain", source="event")

    def test_missing_event_values(self):
        t = pd.DataFrame({"actor": ["a", "a", "a"], "event": [1, 2, 3]})
        ev = pd.DataFrame({"genre": ["x", None, "y"]}, index=[1, 2, 3])
        g = cn.from_affiliations(t, events=ev)
        with pytest.raises(ClusternetError, match=r"event\(s\) have no value"):
            dv.portfolio(g, "genre")
        assert dv.portfolio(g, "genre", missing="drop", measure="richness")["a"] == 2.0
        assert dv.portfolio(g, "genre", missing="own-group", measure="richness")["a"] == 3.0


# ------------------------------------------------- disparity from co-occurrence
class TestCooccurrence:
    def test_teams_by_hand(self, film):
        # ordered pairs of distinct co-members (art, finance, tech):
        # art [2, 0, 2], finance [0, 0, 1], tech [2, 1, 0]
        d = dv.disparity_from_cooccurrence(film, "domain")
        assert list(d.index) == ["art", "finance", "tech"] and d.index.name == "domain"
        assert d.loc["art", "finance"] == pytest.approx(1 - 2 / np.sqrt(8))
        assert d.loc["art", "tech"] == pytest.approx(1 - 4 / (np.sqrt(8) * np.sqrt(5)))
        assert d.loc["finance", "tech"] == pytest.approx(1.0)
        np.testing.assert_array_equal(np.diag(d), 0.0)
        np.testing.assert_allclose(d, d.T)

    def test_ties_by_hand(self):
        t = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"]})
        who = pd.DataFrame({"k": ["x", "x", "y"]}, index=["a", "b", "c"])
        g = cn.from_edgelist(t, actors=who)
        # C = [[2, 2], [2, 0]]: cos = 4 / (sqrt 8 * 2)
        d = dv.disparity_from_cooccurrence(g, "k")
        assert d.loc["x", "y"] == pytest.approx(1 - 4 / (np.sqrt(8) * 2))
        same = dv.disparity_from_cooccurrence(g.to_networkx(), "k")
        pd.testing.assert_frame_equal(d, same)
        directed = cn.from_edgelist(t, actors=who, directed=True)
        pd.testing.assert_frame_equal(dv.disparity_from_cooccurrence(directed, "k"), d)

    def test_event_attribute_portfolios(self, film):
        # bob has film (drama) and play (comedy): C = [[0, 1], [1, 0]] -> orthogonal
        d = dv.disparity_from_cooccurrence(film, "genre")
        assert d.loc["comedy", "drama"] == 1.0

    def test_affiliation_equals_count_projection_ties(self, film):
        # co-members pairs in teams = tie ends of the count projection
        ties = cn.from_edgelist(film.ties, weight="weight",
                                actors=film.actors)
        a = dv.disparity_from_cooccurrence(film, "domain")
        b = dv.disparity_from_cooccurrence(ties, "domain", weight=True)
        pd.testing.assert_frame_equal(a.sort_index().sort_index(axis=1),
                                      b.sort_index().sort_index(axis=1), check_names=False)

    def test_empty_profile_warns_and_is_nan(self, film):
        g = film.with_attributes(pd.DataFrame({"domain": ["art", "tech", "art", "finance",
                                                          "music"]},
                                              index=list(film.actor_ids)))
        with pytest.warns(ClusternetWarning, match="music"):
            d = dv.disparity_from_cooccurrence(g, "domain")
        assert np.isnan(d.loc["music", "art"]) and d.loc["music", "music"] == 0.0
        # usable while music is absent from the counts; refused when present
        dv.rao_stirling(pd.Series({"art": 1, "tech": 2}), d)
        with pytest.raises(ClusternetError, match="music"):
            dv.rao_stirling(pd.Series({"art": 1, "music": 2}), d)
        filled = d.fillna(1.0)
        assert dv.rao_stirling(pd.Series({"art": 1, "music": 1}), filled) == 0.5


# --------------------------------------------------------------- properties
@st.composite
def random_graphs(draw):
    n = draw(st.integers(2, 12))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          min_size=1, max_size=30))
    pairs = [(a, b) for a, b in pairs if a != b] or [(0, 1)]
    weights = draw(st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0]), min_size=len(pairs),
                            max_size=len(pairs)))
    cats = draw(st.lists(st.sampled_from(["art", "tech", "fin", "gov"]), min_size=n,
                         max_size=n))
    directed = draw(st.booleans())
    return n, pairs, weights, cats, directed


def _graph(n, pairs, weights, cats, directed):
    t = pd.DataFrame({"source": [f"v{a}" for a, _ in pairs],
                      "target": [f"v{b}" for _, b in pairs], "w": weights})
    who = pd.DataFrame({"k": cats}, index=[f"v{i}" for i in range(n)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        return cn.from_edgelist(t, weight="w", actors=who, directed=directed)


@settings(max_examples=40)
@given(random_graphs())
def test_ego_equals_neighbour_lists_by_hand(spec):
    g = _graph(*spec)
    G = g.to_networkx()
    kind = nx.get_node_attributes(G, "k")
    blau = dv.ego(g, "k")
    rich = dv.ego(g, "k", measure="richness")
    wblau = dv.ego(g, "k", weight=True)
    for v in G.nodes:
        nbrs = set(G.successors(v)) | set(G.predecessors(v)) if G.is_directed() else set(G[v])
        labels = [kind[u] for u in nbrs]
        want = _blau_of(labels)
        if np.isnan(want):
            assert np.isnan(blau[v]) and np.isnan(rich[v])
            continue
        assert blau[v] == pytest.approx(want, abs=1e-12)
        assert rich[v] == len(set(labels))
        w = Counter()
        for u in nbrs:
            w[kind[u]] += (G[v][u]["weight"] if G.has_edge(v, u) else 0) + (
                G[u][v]["weight"] if G.is_directed() and G.has_edge(u, v) else 0)
        p = np.array(list(w.values())) / sum(w.values())
        assert wblau[v] == pytest.approx(1 - (p**2).sum(), abs=1e-12)


@settings(max_examples=30)
@given(random_graphs(), st.randoms(use_true_random=False))
def test_permuting_actors_and_renaming_categories_changes_nothing(spec, rnd):
    n, pairs, weights, cats, directed = spec
    g = _graph(n, pairs, weights, cats, directed)
    order = list(range(len(pairs)))
    rnd.shuffle(order)
    rename = dict(zip(["art", "tech", "fin", "gov"], rnd.sample(["p", "q", "r", "s"], 4)))
    h = _graph(n, [pairs[i] for i in order], [weights[i] for i in order],
               [rename[c] for c in cats], directed)
    for kw in ({"measure": "blau"}, {"measure": "hill", "q": 2.5}, {"measure": "shannon"}):
        a = dv.ego(g, "k", **kw)
        b = dv.ego(h, "k", **kw).reindex(a.index)
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    assert dv.composition(g, "k") == pytest.approx(dv.composition(h, "k"))
    # a disparity renamed with the categories gives the same Rao-Stirling
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)  # empty profiles: filled below
        d = dv.disparity_from_cooccurrence(g, "k").fillna(1.0)
    dr = d.rename(index=rename, columns=rename)
    a = dv.ego(g, "k", measure="rao_stirling", disparity=d)
    b = dv.ego(h, "k", measure="rao_stirling", disparity=dr).reindex(a.index)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@st.composite
def random_tables(draw):
    n_rows = draw(st.integers(1, 25))
    rows = draw(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 5)),
                         min_size=n_rows, max_size=n_rows, unique=True))
    cats = draw(st.lists(st.sampled_from(["art", "tech", "fin"]), min_size=8, max_size=8))
    weights = draw(st.lists(st.sampled_from([1.0, 0.5, 2.0]), min_size=len(rows),
                            max_size=len(rows)))
    return rows, cats, weights


@settings(max_examples=30)
@given(random_tables())
def test_events_and_portfolio_by_hand(spec):
    rows, cats, weights = spec
    t = pd.DataFrame({"actor": [f"a{a}" for a, _ in rows], "event": [f"e{e}" for _, e in rows],
                      "w": weights})
    who = pd.DataFrame({"k": cats}, index=[f"a{i}" for i in range(8)])
    g = cn.from_affiliations(t, actors=who, weight="w")
    kind = who["k"]
    ev = dv.events(g, "k")
    for e, members in t.groupby("event")["actor"]:
        assert ev[e] == pytest.approx(_blau_of(kind[members]), abs=1e-12)
    # co-member portfolio = weighted ego of the count projection
    port = dv.portfolio(g, "k", measure="shannon", weight=True)
    count = cn.from_affiliations(t, actors=who, weight="w", projection="count")
    ego = dv.ego(count, "k", measure="shannon", weight=True)
    np.testing.assert_allclose(port, ego.reindex(port.index), rtol=1e-12, atol=1e-14)
    # and by hand, unweighted: co-members counted once per shared event
    port = dv.portfolio(g, "k", measure="richness")
    member = t.groupby("event")["actor"].apply(list)
    for a, evs in t.groupby("actor")["event"]:
        labels = [kind[b] for e in evs for b in member[e] if b != a]
        want = len(set(labels)) if labels else np.nan
        assert (np.isnan(want) and np.isnan(port[a])) or port[a] == want


def test_boolean_categories_align_with_a_labelled_disparity():
    # Regression: labels [False, True] were read as a boolean mask by .loc, so
    # the disparity matrix lost a column and its diagonal came out non-zero.
    import clusternet as cn

    aff, actors = cn.datasets.creative_cluster(n_actors=120, n_years=4, rng=0)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    d = cn.diversity.disparity_from_cooccurrence(g, "inside")
    got = cn.diversity.composition(g, "inside", measure="rao_stirling", disparity=d)
    # Rao-Stirling over two categories, ordered pairs: 2 d p_F p_T (Stirling 2007)
    p = g.actors["inside"].value_counts(normalize=True)
    assert got == pytest.approx(2 * d.loc[False, True] * p[False] * p[True])


def test_composition_warns_for_an_undefined_group():
    # issue 12: composition returned NaN for a group without a value, without the
    # warning ei_index gives. City q has no actor with a domain: its Blau is NaN.
    import warnings

    import clusternet as cn
    from clusternet.errors import ClusternetWarning

    aff = pd.DataFrame({"actor": list("abcd"), "event": [1, 1, 2, 2]})
    actors = pd.DataFrame({"actor": list("abcd"), "domain": ["x", "y", None, None],
                           "city": ["p", "p", "q", "q"]})
    g = cn.from_affiliations(aff, actors=actors)
    with pytest.warns(ClusternetWarning, match=r"1 group\(s\) of 'city' is undefined"):
        got = cn.diversity.composition(g, "domain", by="city", missing="drop")
    assert got["p"] == pytest.approx(0.5)  # 1 - (1/2)^2 - (1/2)^2
    assert np.isnan(got["q"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusternetWarning)
        cn.diversity.composition(g, "city")  # every group defined: no warning
