"""Regression tests for the audit defects of issue 12 (item 7), each case
as the issue writes it. (Builder and graph cases: tests/test_build.py and
tests/test_graph.py; Ctrl-C and permutation_test's advice:
tests/test_inference.py; files: tests/test_io.py.)"""

from __future__ import annotations

import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import clusternet as cn


# ----------------------------------------------------------------- participation
def test_participation_counts_a_reciprocated_contact_once():
    # issue 12: participation(nx.DiGraph([("a","b"),("b","a"),("a","c")]),
    # {"a":"X","b":"X","c":"Y"}) gave 0.444 for a; the undirected graph gives
    # 0.5 = 1 - (1/2)^2 - (1/2)^2 (contacts b in X, c in Y; by hand)
    D = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    modules = {"a": "X", "b": "X", "c": "Y"}
    r = cn.brokerage.participation(D, modules)
    assert r.loc["a", "participation"] == pytest.approx(0.5)
    pd.testing.assert_series_equal(
        r["participation"], cn.brokerage.participation(D.to_undirected(), modules)["participation"])
    # diversity.ego counts the contact once too: Blau of {X, Y} = 0.5
    nx.set_node_attributes(D, modules, "module")
    assert cn.diversity.ego(D, "module").loc["a"] == pytest.approx(0.5)
    # with weight=True the two directions' weights add (documented): 1 - (2/3)^2 - (1/3)^2
    w = cn.brokerage.participation(D, modules, weight=True)
    assert w.loc["a", "participation"] == pytest.approx(4 / 9)


# ------------------------------------------------------------ ties of weight 0
def _zero_tie_graph() -> nx.Graph:
    # issue 12: "networkx's graph a-b 1, a-c 2, a-d 0, b-c 1, c-d 3"
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("a", "c", 2), ("a", "d", 0), ("b", "c", 1),
                               ("c", "d", 3)])
    return G


def test_zero_weight_ties_are_refused_with_a_choice_never_dropped():
    # igraph counts the a-d tie: constraint(a) = 1.003 (computed here with
    # igraph); clusternet cannot hold a tie of weight 0, so it refuses rather
    # than give 4 ties and 0.892 in silence (networkx 3.6 also gives 0.892
    # on this graph: its constraint finds no weight on a-d)
    G = _zero_tie_graph()
    assert ig.Graph.from_networkx(G).constraint(weights="weight")[0] == pytest.approx(
        1.0030864, abs=1e-6)
    for convert in (cn.from_networkx, cn.as_graph, cn.brokerage.constraint):
        with pytest.raises(cn.ClusternetError, match=r"weight 0.*\('a', 'd'\).*"
                           r"zero_weights='drop'.*weight=None"):
            convert(G)
    with pytest.raises(cn.ClusternetError, match=r"from_igraph\(G, zero_weights='drop'\)"):
        cn.from_igraph(ig.Graph.from_networkx(G))
    # the two ways on: leave the tie out, or read every edge as a tie of weight 1
    dropped = cn.from_networkx(G, zero_weights="drop")
    assert dropped.n_ties == 4 and dropped.n_actors == 4
    # ... which is networkx's graph without a-d (networkx gives 0.892 on it,
    # computed here)
    H = G.copy()
    H.remove_edge("a", "d")
    assert cn.brokerage.constraint(dropped, weight=True).loc["a"] == pytest.approx(
        nx.constraint(H, weight="weight")["a"])
    kept = cn.from_networkx(G, weight=None)
    assert kept.n_ties == 5 and set(kept.ties["weight"]) == {1.0}
    assert cn.from_igraph(ig.Graph.from_networkx(G), weight=None).n_ties == 5
    with pytest.raises(cn.ClusternetError, match="zero_weights"):
        cn.from_networkx(G, zero_weights="keep")


def test_parallel_zero_edge_beside_a_weighted_one_is_a_tie():
    M = nx.MultiGraph()
    M.add_edge("a", "b", weight=0.0)
    M.add_edge("a", "b", weight=2.0)
    assert cn.from_networkx(M).ties["weight"].tolist() == [2.0]


def test_overflowing_weights_are_refused_naming_the_weights():
    # issue 12: "parallel edges of 1e308 sum to inf ... without a word"
    M = nx.MultiGraph()
    M.add_edge("a", "b", weight=1e308)
    M.add_edge("b", "a", weight=1e308)
    with pytest.raises(cn.ClusternetError, match=r"'weight'.*\('a', 'b'\).*rescale"):
        cn.from_networkx(M)
    H = ig.Graph(edges=[(0, 1), (1, 0)], directed=False)
    H.es["strength"] = [1e308, 1e308]
    with pytest.raises(cn.ClusternetError, match="'strength'"):
        cn.from_igraph(H, weight="strength")
    # a Python int beyond the largest float: refused, not an OverflowError
    G = nx.Graph()
    G.add_edge("a", "b", weight=10**400)
    with pytest.raises(cn.ClusternetError, match=r"'weight'.*too large for a float"):
        cn.from_networkx(G)
    # 1e200 twice is large but finite: kept as it is
    M = nx.MultiGraph([("a", "b", {"weight": 1e200}), ("a", "b", {"weight": 1e200})])
    assert cn.from_networkx(M).ties["weight"].tolist() == [2e200]


# ------------------------------------------------------------------------ plots
def test_plot_network_refuses_a_bad_seed_and_a_text_size():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    G = nx.path_graph(4)
    nx.set_node_attributes(G, {0: "art", 1: "art", 2: "tech", 3: "tech"}, "domain")
    try:
        with pytest.raises(cn.ClusternetError, match=r"rng must be.*got 'x'"):
            cn.plot.network(G, rng="x")
        with pytest.raises(cn.ClusternetError, match=r"size 'domain' is not numeric"):
            cn.plot.network(G, size="domain")
    finally:
        plt.close("all")


# ------------------------------------------------------------- NaN with a warning
def _one_member_graph() -> cn.CollaborationGraph:
    ties = pd.DataFrame({"source": ["ann", "ann", "bob"], "target": ["bob", "cy", "cy"]})
    actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
                           "domain": ["art", "art", "tech", "solo", "solo"]})
    return cn.from_edgelist(ties, actors=actors)


def test_coleman_warns_on_a_one_member_group_with_ties():
    # issue 12: coleman_homophily "(a one-member group with ties) return[s]
    # NaN without the warning ei_index gives". By hand (netseg's formula,
    # N = 5, undirected ties counted both ways): art: w = 2, d = 4,
    # E = 4 * 1/4 = 1, H = (2 - 1)/(4 - 1) = 1/3; tech (cy alone, 2 tie
    # ends): E = 0 and w = 0, so 0/0; solo: no ties.
    g = _one_member_graph()
    with pytest.warns(cn.ClusternetWarning, match=r"'tech' \(one member.*'solo' \(no ties\)"):
        h = cn.convergence.coleman_homophily(g, "domain")
    assert h["art"] == pytest.approx(1 / 3)
    assert np.isnan(h["tech"]) and np.isnan(h["solo"])
    with warnings.catch_warnings():  # nothing to say when every group is defined
        warnings.simplefilter("error")
        cn.convergence.coleman_homophily(cn.as_graph(nx.path_graph(4)).with_attributes(
            pd.DataFrame({"d": ["x", "x", "y", "y"]}, index=range(4))), "d")
