"""Attributes of participations (issue 12, item 4): a column of the
affiliation table whose value belongs to each row (an author's sector on
that paper), kept per participation by ``participation_attributes=``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet.errors import ClusternetError

SECTORS = np.array(["academia", "industry", "government"])


def ml_like(seed: int = 7) -> pd.DataFrame:
    """A small stand-in for the ML co-authorship table: 40 authors, 4 years,
    25 papers a year of 1-4 authors; an authorship's sector is the author's
    usual sector with probability 0.7, else any sector, so that authors
    change sector over the years."""
    rng = np.random.default_rng(seed)
    usual = rng.integers(0, 3, size=40)
    rows = []
    paper = 0
    for year in range(2015, 2019):
        for _ in range(25):
            team = rng.choice(40, size=int(rng.integers(1, 5)), replace=False)
            for a in team:
                s = usual[a] if rng.random() < 0.7 else rng.integers(0, 3)
                rows.append((f"a{a}", f"p{paper}", year, SECTORS[s]))
            paper += 1
    return pd.DataFrame(rows, columns=["author", "paper", "year", "sector"])


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return ml_like()


@pytest.fixture(scope="module")
def graph(table: pd.DataFrame) -> cn.CollaborationGraph:
    return cn.from_affiliations(table, actor="author", event="paper", time="year",
                                participation_attributes=["sector"])


def test_the_table_has_authors_who_change_sector(table):
    # The case is the one of the issue: an actor attribute could not hold it.
    assert (table.groupby("author")["sector"].nunique() >= 2).sum() >= 10


def test_hybrid_share_per_year_equals_per_authorship_pandas(table, graph):
    # Source: the per-authorship computation in pandas -- share of papers
    # whose authorships span two sectors or more, by year.
    spans = table.groupby(["year", "paper"])["sector"].nunique() >= 2
    expected = spans.groupby(level="year").mean()
    got = cn.temporal.over_time(graph, cn.convergence.hybrid_share, attribute="sector", size=1)
    got = got.set_index("start")["hybrid_share"]
    assert list(got.index) == list(expected.index)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-12)
    # And the whole network at once.
    assert cn.convergence.hybrid_share(graph, "sector") == pytest.approx(spans.mean(), abs=1e-12)


def test_hybrid_events_and_team_diversity_count_each_row(table, graph):
    # Source: pandas on the rows -- distinct sectors and Blau's 1 - sum p^2
    # of the authorships of each paper.
    n_groups = table.groupby("paper", sort=False)["sector"].nunique()
    ev = cn.convergence.hybrid_events(graph, "sector")
    assert ev["n_groups"].to_dict() == n_groups.to_dict()
    shares = table.groupby("paper", sort=False)["sector"].value_counts(normalize=True)
    blau = 1 - (shares ** 2).groupby(level="paper").sum()
    got = cn.diversity.events(graph, "sector")
    np.testing.assert_allclose(got.to_numpy(), blau.reindex(got.index).to_numpy(), atol=1e-12)


def test_participation_attribute_is_aligned_with_the_incidence(table, graph):
    s = graph.participation_attribute("sector")
    assert s.index.names == ["actor", "event"]
    assert len(s) == graph.incidence.nnz == len(table)
    expected = table.set_index(["author", "paper"])["sector"]
    assert s.to_dict() == expected.to_dict()
    # Row i of the incidence holds the entries of actor i, in column order.
    B = graph.incidence
    rows = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
    assert list(s.index.get_level_values("actor")) == list(graph.actor_ids[rows])
    assert list(s.index.get_level_values("event")) == list(graph.events.index[B.indices])
    assert graph.participation_attributes == ["sector"]


def hand_table() -> pd.DataFrame:
    # ann: uni (2018), firm (2019), firm (2020), uni (2021); bob: firm once.
    return pd.DataFrame({
        "actor": ["ann", "bob", "ann", "ann", "ann"],
        "event": ["e1", "e1", "e2", "e3", "e4"],
        "year": [2018, 2018, 2019, 2020, 2021],
        "sector": ["uni", "firm", "firm", "firm", "uni"],
    })


def test_actor_value_is_most_frequent_ties_to_the_latest():
    g = cn.from_affiliations(hand_table(), time="year", participation_attributes=["sector"])
    # Hand computation. Whole graph: ann uni 2, firm 2 -> tie -> latest is
    # uni (2021); bob firm.
    assert g.attribute("sector").to_dict() == {"ann": "uni", "bob": "firm"}
    # 2018-2019: ann uni 1, firm 1 -> tie -> latest is firm (2019).
    assert g.window(2018, 2020).attribute("sector").to_dict() == {"ann": "firm", "bob": "firm"}
    # 2019-2021: ann firm 2, uni 1 -> firm (most frequent beats latest).
    assert g.window(2019, 2022).attribute("sector").to_dict() == {"ann": "firm"}
    # 2021 only: uni.
    assert g.window(2021, 2022).attribute("sector").to_dict() == {"ann": "uni"}


def test_without_times_a_tie_goes_to_the_later_row():
    t = hand_table().drop(columns="year")
    g = cn.from_affiliations(t, participation_attributes=["sector"])
    # ann: uni 2, firm 2; the last row of ann (e4) says uni.
    assert g.attribute("sector")["ann"] == "uni"
    g2 = cn.from_affiliations(t.iloc[[0, 1, 4, 2, 3]], participation_attributes=["sector"])
    assert g2.attribute("sector")["ann"] == "firm"


def test_actor_level_measures_read_the_window_value():
    # An actor-level measure in a window sees the rule's values: in 2018-2019
    # ann and bob are both "firm" -- one group, so E-I is undefined (NaN
    # with the warning every attribute gets).
    g = cn.from_affiliations(hand_table(), time="year", participation_attributes=["sector"])
    w = g.window(2018, 2020)
    with pytest.warns(cn.errors.ClusternetWarning, match="1 group"):
        assert np.isnan(cn.convergence.ei_index(w, "sector"))
    # Whole graph: ann uni, bob firm -> the one tie is external (E-I = +1).
    assert cn.convergence.ei_index(g, "sector") == pytest.approx(1.0)


def test_window_and_subgraph_keep_the_rows(graph):
    full = graph.participation_attribute("sector")
    w = graph.window(2016, 2018)
    ws = w.participation_attribute("sector")
    assert len(ws) == w.incidence.nnz
    assert set(ws.index.get_level_values("event")) == set(w.events.index)
    assert ws.to_dict() == full.loc[ws.index].to_dict()
    ids = list(graph.actor_ids[:10])
    s = graph.subgraph(ids)
    ss = s.participation_attribute("sector")
    assert len(ss) == s.incidence.nnz
    assert set(ss.index.get_level_values("actor")) <= set(ids)
    assert ss.to_dict() == full.loc[ss.index].to_dict()
    # with_attributes keeps them too.
    extra = pd.DataFrame({"actor": ids, "tag": 1})
    kept = graph.with_attributes(extra)
    assert kept.participation_attribute("sector").equals(full)


def test_missing_values_follow_missing_option():
    t = hand_table()
    t.loc[2, "sector"] = None
    g = cn.from_affiliations(t, time="year", participation_attributes=["sector"])
    with pytest.raises(ClusternetError, match="participation"):
        cn.convergence.hybrid_events(g, "sector")
    ev = cn.convergence.hybrid_events(g, "sector", missing="drop")
    # e2's only row has no value -> no group; hand count.
    assert ev["n_groups"].tolist() == [2, 0, 1, 1]


def test_bad_input_is_refused():
    t = hand_table()
    with pytest.raises(ClusternetError, match="city"):
        cn.from_affiliations(t, participation_attributes=["city"])
    actors = pd.DataFrame({"actor": ["ann", "bob"], "sector": ["uni", "firm"]})
    with pytest.raises(ClusternetError, match="both"):
        cn.from_affiliations(t, actors=actors, participation_attributes=["sector"])
    with pytest.raises(ClusternetError, match="list"):
        cn.from_affiliations(t, participation_attributes="sector")
    with pytest.raises(ClusternetError, match="event"):
        cn.from_affiliations(t, participation_attributes=["event"])
    g = cn.from_affiliations(t, participation_attributes=["sector"])
    with pytest.raises(ClusternetError, match="both"):
        g.with_attributes(pd.DataFrame({"actor": ["ann"], "sector": ["x"]}))
    with pytest.raises(ClusternetError, match="no participation attribute"):
        g.participation_attribute("city")
    with pytest.raises(ClusternetError, match="participation attribute"):
        cn.inference.permutation_test(g, cn.convergence.hybrid_share, attribute="sector",
                                      n=5, rng=1)


def test_the_caller_table_is_not_changed():
    t = hand_table()
    before = t.copy()
    cn.from_affiliations(t, time="year", participation_attributes=["sector"])
    pd.testing.assert_frame_equal(t, before)


# ------------------------------------------------ disparity from co-occurrence
def disparity_table() -> pd.DataFrame:
    # ann is "uni" in papers 1 and 3 and "firm" in paper 2; cy is "gov" in 2
    # and "uni" in 3 (her value by the actor rule: "uni", the latest of a tie)
    return pd.DataFrame({"actor": ["ann", "bob", "ann", "cy", "ann", "cy"],
                         "event": [1, 1, 2, 2, 3, 3],
                         "sector": ["uni", "firm", "firm", "gov", "uni", "uni"],
                         "w": [2.0, 1.0, 1.0, 1.0, 1.0, 3.0]})


def test_disparity_counts_each_participation_value_by_hand():
    g = cn.from_affiliations(disparity_table(), participation_attributes=["sector"])
    d = cn.diversity.disparity_from_cooccurrence(g, "sector")
    # Ordered pairs of co-authors by the sector of their own authorship
    # (rows and columns firm, gov, uni):
    #   paper 1 ann(uni)-bob(firm): C[uni, firm] = C[firm, uni] = 1
    #   paper 2 ann(firm)-cy(gov):  C[firm, gov] = C[gov, firm] = 1
    #   paper 3 ann(uni)-cy(uni):   C[uni, uni] = 2
    # profiles firm (0, 1, 1), gov (1, 0, 0), uni (1, 0, 2):
    #   d(firm, gov) = 1 - 0 = 1
    #   d(firm, uni) = 1 - 2 / (sqrt(2) sqrt(5)) = 1 - 2 / sqrt(10)
    #   d(gov, uni)  = 1 - 1 / (1 sqrt(5))
    assert list(d.index) == ["firm", "gov", "uni"] and d.index.name == "sector"
    expected = np.array([[0.0, 1.0, 1 - 2 / np.sqrt(10)],
                         [1.0, 0.0, 1 - 1 / np.sqrt(5)],
                         [1 - 2 / np.sqrt(10), 1 - 1 / np.sqrt(5), 0.0]])
    np.testing.assert_allclose(d.to_numpy(), expected, atol=1e-12)
    assert d.attrs["clusternet"]["params"]["source"] == "participation"
    # the actors' own values (ann "uni", bob "firm", cy "uni") know no "gov"
    assert "gov" not in g.attribute("sector").to_numpy()
    # source="actor" reads the participation attribute too; "event" refuses it
    assert cn.diversity.disparity_from_cooccurrence(g, "sector", source="actor").equals(d)
    with pytest.raises(ClusternetError, match="no event attribute 'sector'"):
        cn.diversity.disparity_from_cooccurrence(g, "sector", source="event")


def test_disparity_of_participations_equals_one_actor_per_participation():
    # independent route: give every participation an actor of its own (same
    # teams, the participation's value as an actor attribute) and read it
    # with the actor path; weighted pairs count the product of their weights
    t = disparity_table()
    g = cn.from_affiliations(t, weight="w", participation_attributes=["sector"])
    solo = t.assign(actor=t["actor"] + "@" + t["event"].astype(str))
    h = cn.from_affiliations(solo, weight="w",
                             actors=solo[["actor", "sector"]].drop_duplicates())
    for weight in (False, True):
        got = cn.diversity.disparity_from_cooccurrence(g, "sector", weight=weight)
        ref = cn.diversity.disparity_from_cooccurrence(h, "sector", weight=weight)
        np.testing.assert_allclose(got.to_numpy(), ref.to_numpy(), atol=1e-12)
    # weighted by hand: C[uni, firm] = 2 * 1, C[firm, gov] = 1 * 1,
    # C[uni, uni] = 2 * (1 * 3); profiles firm (0, 1, 2), uni (2, 0, 6):
    # d(firm, uni) = 1 - 12 / (sqrt(5) sqrt(40))
    got = cn.diversity.disparity_from_cooccurrence(g, "sector", weight=True)
    assert got.loc["firm", "uni"] == pytest.approx(1 - 12 / (np.sqrt(5) * np.sqrt(40)),
                                                   abs=1e-12)


def test_disparity_of_participations_follows_missing():
    t = disparity_table()
    t.loc[3, "sector"] = None  # cy's authorship of paper 2
    g = cn.from_affiliations(t, participation_attributes=["sector"])
    with pytest.raises(ClusternetError, match=r"1 participation\(s\) have no value"):
        cn.diversity.disparity_from_cooccurrence(g, "sector")
    # drop: paper 2 leaves no pair; profiles firm (0, 1), uni (1, 2) ->
    # d = 1 - 2 / (1 * sqrt(5)) (by hand)
    d = cn.diversity.disparity_from_cooccurrence(g, "sector", missing="drop")
    assert list(d.index) == ["firm", "uni"]
    assert d.loc["firm", "uni"] == pytest.approx(1 - 2 / np.sqrt(5), abs=1e-12)


def test_atypical_combinations_count_each_participation_value(table, graph):
    # independent route for the observed counts: each participation its own
    # actor carrying the row's value (the same teams); the null of a
    # participation attribute shuffles values across events, keeping each
    # event's size and each category's frequency
    solo = table.assign(author=table["author"] + "@" + table["paper"])
    h = cn.from_affiliations(solo, actor="author", event="paper", time="year",
                             actors=solo[["author", "sector"]].rename(columns={"author": "actor"}))
    got = cn.convergence.atypical_combinations(graph, "sector", level="group", n=50, rng=3)
    ref = cn.convergence.atypical_combinations(h, "sector", level="group", n=50, rng=3)
    assert got["observed"].tolist() == ref["observed"].tolist()
    # the null keeps each category's frequency: pairs' null means sum to the
    # observed number of pairs (every event keeps its size)
    assert got["null_mean"].sum() == pytest.approx(got["observed"].sum(), rel=1e-12)
    ev = cn.convergence.atypical_combinations(graph, "sector", n=50, rng=3)
    sizes = table.groupby("paper", sort=False).size()
    assert ev["n_actors"].to_dict() == sizes.to_dict()
    # by hand: a1 is "x" on p1 and "y" on p2; p1 = {a1: x, a2: x}, p2 = {a1: y, a3: x}
    t = pd.DataFrame({"actor": ["a1", "a2", "a1", "a3", "a4", "a5"],
                      "event": ["p1", "p1", "p2", "p2", "p3", "p3"],
                      "sector": ["x", "x", "y", "x", "y", "y"]})
    g = cn.from_affiliations(t, participation_attributes=["sector"])
    pairs = cn.convergence.atypical_combinations(g, "sector", level="group", n=20, rng=0)
    assert pairs["observed"].to_dict() == {("x", "x"): 1, ("x", "y"): 1, ("y", "y"): 1}
