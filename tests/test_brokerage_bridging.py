"""cn.brokerage.bridging (Everett & Valente 2016).

Sources of the expected numbers: hand computations on a path and a barbell
(written out below); networkx's ``edge_betweenness_centrality`` (and
``edge_betweenness_centrality_subset`` for the sampled estimator on the same
sources) averaged over each node's edges, computed in the tests; Everett and
Valente's identity sum = 2 g_v + n - 1 with ``cn.brokerage.betweenness``.
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet.errors import ClusternetError, ClusternetWarning

f = cn.brokerage.bridging


def _nx_bridging(G: nx.Graph, eb: dict) -> list[float]:
    """Mean of networkx's edge betweenness over each node's edges; directed:
    the mean over the in-edges and the mean over the out-edges, averaged (the
    mean of the sides the node has)."""
    out = []
    for v in G:
        if G.is_directed():
            sides = [[eb[e] for e in G.in_edges(v)], [eb[e] for e in G.out_edges(v)]]
            means = [float(np.mean(x)) for x in sides if x]
            out.append(float(np.mean(means)) if means else np.nan)
            continue
        vals = [eb[e] if e in eb else eb[e[::-1]] for e in G.edges(v)]
        out.append(float(np.mean(vals)) if vals else np.nan)
    return out


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        return f(*args, **kwargs)


# ------------------------------------------- Everett & Valente's own tables
# Source: Everett, M. G., & Valente, T. W. (2016). Bridging, brokerage and
# betweenness. Social Networks 44, 202-208, doi:10.1016/j.socnet.2015.09.001.
# Fig. 1 is Granovetter's hypothetical network (25 actors); the tie list below
# was read off the figure (and equals the one in A. Terhorst's check script in
# github.com/babak2/EV-brokerage). Table 1 gives, per actor, "edge betweenness
# divided by degree" and the "normalized EV-brokerage" (a percentage).
_GRANOVETTER = [(1, 2), (1, 3), (1, 24), (2, 3), (2, 4), (3, 4), (3, 5), (4, 5), (4, 6),
                (5, 6), (6, 7), (7, 8), (8, 9), (8, 10), (8, 11), (8, 14), (9, 10),
                (10, 11), (11, 12), (11, 13), (11, 14), (12, 13), (12, 14), (13, 14),
                (13, 15), (15, 16), (15, 17), (16, 17), (17, 18), (18, 19), (18, 20),
                (18, 21), (19, 20), (20, 21), (20, 22), (20, 25), (22, 23), (22, 25),
                (23, 24), (23, 25), (24, 25)]
_TABLE1_EDGE_BETWEENNESS_BY_DEGREE = [
    46.511, 17.668, 23.044, 23.286, 17.768, 47.527, 72.09, 33.956, 12, 10.667, 20.498, 8,
    43.117, 17.923, 56.606, 12, 56.184, 42.605, 12, 32.964, 12, 11.8, 10.667, 46.273,
    31.955]
_TABLE1_NORMALIZED_EV_BROKERAGE = [
    29.814, 11.325, 14.771, 14.926, 11.389, 30.465, 46.21, 21.766, 0, 6.837, 13.139, 0,
    27.638, 11.488, 36.285, 0, 36.014, 27.31, 0, 21.13, 0, 7.564, 6.837, 29.661, 20.483]


def test_everett_valente_table1():
    """Unnormalised bridging is Table 1's "edge betweenness divided by degree"
    (3 decimals). Their normalised EV-brokerage is that value set to 0 where
    the actor's betweenness is 0, divided by (n^2 - 1)/4 = 156 (n = 25) and
    given as a percentage: equal to the table within 0.002 (the table's last
    digit is cut, not rounded, and 46.21 is printed with one digit fewer)."""
    G = nx.Graph(_GRANOVETTER)
    got = f(G, normalized=False).loc[range(1, 26)]
    np.testing.assert_allclose(got, _TABLE1_EDGE_BETWEENNESS_BY_DEGREE, rtol=0, atol=5e-4)
    b = cn.brokerage.betweenness(G, normalized=False).loc[range(1, 26)]
    ev = got.where(b > 0, 0.0) / ((25**2 - 1) / 4) * 100
    np.testing.assert_allclose(ev, _TABLE1_NORMALIZED_EV_BROKERAGE, rtol=0, atol=2e-3)
    assert ((ev == 0) == (np.array(_TABLE1_NORMALIZED_EV_BROKERAGE) == 0)).all()


# Campnet (18 actors, each naming 3): the adjacency as in UCINET's campnet data
# set, copied from github.com/kateto/Network_Analysis_R_Examples,
# "Sample Data/campnet.csv" (row i names column j), actors in the order of
# Everett & Valente's Table 2 (HOLLY, BRAZEY, CAROL, PAM, PAT, JENNIE, PAULINE,
# ANN, MICHAEL, BILL, LEE, DON, JOHN, HARRY, GERY, STEVE, BERT, RUSS).
_CAMPNET = ["000110000001000000", "000000000010000110", "000110100000000000",
            "000001110000000000", "101001000000000000", "000110010000000000",
            "001110000000000000", "000101100000000000", "100000000001010000",
            "000000001001010000", "010000000000000110", "100000001000010000",
            "000000100000001001", "100000001001000000", "000000001000000101",
            "000000000010000011", "000000000010000101", "000000000000001110"]
# Table 2, columns 1-3 (EV-, in-EV- and out-EV-brokerage) and 10 (betweenness)
_TABLE2 = [
    (26.472, 23.833, 29.111, 78.333), (0, 0, 0, 0), (6.306, 9.167, 3.444, 1.333),
    (11.867, 9.9, 13.833, 32.5), (15.146, 14.125, 16.167, 39.5),
    (6.444, 7.778, 5.111, 6.333), (7.271, 7.375, 7.167, 12.5), (5.958, 8.75, 3.167, 0.5),
    (20.785, 18.958, 22.611, 58.833), (0, 0, 0, 0), (5.167, 3.667, 6.667, 5),
    (8.389, 8.333, 8.444, 16.333), (0, 0, 0, 0), (5.111, 6.444, 3.778, 2.333),
    (26.778, 30.333, 23.222, 54.667), (7.589, 4.567, 10.611, 16.833),
    (7.236, 4.917, 9.556, 13.667), (17.056, 13.333, 20.778, 47.333)]


def test_everett_valente_table2_directed():
    """Directed bridging (unnormalised) is Table 2's EV-brokerage (the mean
    of the in-EV and out-EV brokerage) for every actor with betweenness > 0;
    the three actors with betweenness 0 are 0 in the table (their brokerage
    rule) and keep their bridging here."""
    G = nx.DiGraph()
    G.add_nodes_from(range(18))
    G.add_edges_from((i, j) for i, row in enumerate(_CAMPNET) for j, c in enumerate(row)
                     if c == "1")
    ev, _, _, between = np.array(_TABLE2).T
    b = cn.brokerage.betweenness(G, normalized=False)
    np.testing.assert_allclose(b, between, rtol=0, atol=5e-4)
    got = f(G, normalized=False)
    broker = between > 0
    np.testing.assert_allclose(got[broker], ev[broker], rtol=0, atol=5e-4)
    np.testing.assert_allclose(got.where(b > 0, 0.0), ev, rtol=0, atol=5e-4)
    # BRAZEY (1 in-tie, 3 out): in-ties carry the 6 actors that reach it, the
    # out-ties b + 15 = 15 (columns 4-9 of Table 2): (6/1 + 15/3)/2 = 5.5
    assert got[1] == pytest.approx(5.5)


# ------------------------------------------------------------ by hand
def test_path_by_hand():
    """Path 0-1-2-3 (n = 4). Unordered pairs using each tie: 0-1 carries
    {0,1}, {0,2}, {0,3} = 3; 1-2 carries {0,2}, {0,3}, {1,2}, {1,3} = 4;
    2-3 carries 3. Bridging: node 0: 3/1; node 1: (3 + 4)/2 = 3.5.
    Normalised: ordered pairs / (n(n-1) = 12): ties 6/12 and 8/12, so node 0
    0.5 and node 1 (0.5 + 2/3)/2 = 7/12."""
    G = nx.path_graph(4)
    np.testing.assert_allclose(f(G, normalized=False), [3, 3.5, 3.5, 3], rtol=0, atol=1e-12)
    np.testing.assert_allclose(f(G), [0.5, 7 / 12, 7 / 12, 0.5], rtol=0, atol=1e-12)


def test_barbell_by_hand():
    """Barbell: triangles {0,1,2} and {4,5,6} joined through 3 (2-3, 3-4),
    n = 7. Unordered pairs per tie: 2-3 carries the pairs from {0,1,2} to
    {3,4,5,6}: 3 x 4 = 12 (3-4 likewise). A triangle tie 0-1 carries only
    {0,1} = 1; 0-2 carries {0,2} and 0 to {3,4,5,6}: 1 + 4 = 5 (1-2 alike).
    Node 3: (12 + 12)/2 = 12; node 2: (5 + 5 + 12)/3 = 22/3; node 0:
    (1 + 5)/2 = 3. Check: 2 g_3 + n - 1 = 2 x 9 + 6 = 24 = 12 x 2."""
    G = nx.Graph([(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (4, 5), (4, 6), (5, 6)])
    got = f(G, normalized=False)
    np.testing.assert_allclose(got.loc[[0, 1, 2, 3, 4, 5, 6]],
                               [3, 3, 22 / 3, 12, 22 / 3, 3, 3], rtol=0, atol=1e-12)


def test_isolates_are_nan():
    G = nx.path_graph(3)
    G.add_node(9)
    with pytest.warns(ClusternetWarning, match="1 actor"):
        got = f(G, normalized=False)
    # 0-1 carries {0,1} and {0,2}: 2 pairs, and so does 1-2
    assert np.isnan(got[9]) and got.loc[[0, 1, 2]].tolist() == [2.0, 2.0, 2.0]


# --------------------------------------------------------------- networkx
graphs = st.builds(
    lambda n, p, seed, directed: nx.gnp_random_graph(n, p, seed=seed, directed=directed),
    st.integers(2, 16), st.floats(0.1, 0.7), st.integers(0, 10_000), st.booleans())


@settings(max_examples=80, deadline=None)
@given(graphs, st.booleans())
def test_equals_networkx(G, normalized):
    ours = _quiet(G, normalized=normalized)
    eb = nx.edge_betweenness_centrality(G, normalized=normalized)
    np.testing.assert_allclose(ours.to_numpy(), _nx_bridging(G, eb), rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 14), st.integers(0, 10_000), st.booleans())
def test_lengths_equal_networkx(n, seed, normalized):
    """Integer lengths (no tolerance question between engines)."""
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, 0.5, seed=seed)
    for u, v in G.edges:
        G[u][v]["km"] = float(rng.integers(1, 5))
    ours = _quiet(G, distance="km", normalized=normalized)
    eb = nx.edge_betweenness_centrality(G, normalized=normalized, weight="km")
    np.testing.assert_allclose(ours.to_numpy(), _nx_bridging(G, eb), rtol=1e-10, atol=1e-12)


def test_everett_valente_identity():
    """On a connected undirected graph: sum of the ties' betweenness (unordered
    pairs) = 2 g_v + n - 1 (Everett & Valente 2016)."""
    G = nx.connected_watts_strogatz_graph(40, 4, 0.3, seed=5)
    g = cn.as_graph(G)
    total = f(G, normalized=False) * g.degree()
    b = cn.brokerage.betweenness(G, normalized=False)
    np.testing.assert_allclose(total.to_numpy(), 2 * b.to_numpy() + 39, rtol=1e-12)


# ---------------------------------------------------------------- sampling
@pytest.mark.parametrize("directed", [False, True])
def test_sampled_equals_networkx_on_the_same_sources(directed):
    """k sources drawn as cn.brokerage.betweenness draws them (seeded); the
    estimate is networkx's subset edge betweenness from those sources, scaled
    by n/k (networkx's edge estimator), then averaged per node."""
    G = nx.gnp_random_graph(30, 0.15, seed=1, directed=directed)
    n, k = 30, 8
    sources = np.sort(np.random.default_rng(4).choice(n, size=k, replace=False)).tolist()
    sub = nx.edge_betweenness_centrality_subset(G, sources, list(G), normalized=False)
    factor = 1.0 if directed else 2.0  # the subset version halves undirected paths
    for normalized in (False, True):
        scale = 1 / (k * (n - 1)) if normalized else n / (k * factor)
        eb = {e: v * factor * scale for e, v in sub.items()}
        ours = _quiet(G, k=k, rng=4, normalized=normalized)
        np.testing.assert_allclose(ours.to_numpy(), _nx_bridging(G, eb), rtol=1e-10,
                                   atol=1e-12)


def test_sampling_is_seeded_and_exact_at_k_equal_n():
    G = nx.connected_watts_strogatz_graph(50, 4, 0.2, seed=2)
    a, b = f(G, k=10, rng=7), f(G, k=10, rng=7)
    assert a.equals(b)
    assert not a.equals(f(G, k=10, rng=8))
    np.testing.assert_allclose(f(G, k=50, rng=1), f(G), rtol=1e-12)
    assert a.attrs["clusternet"]["params"]["k"] == 10


def test_the_estimator_is_unbiased():
    """Over the n equally likely draws of k = n - 1 sources (each leaves one
    actor out), the mean estimate is the exact value, tie by tie."""
    from clusternet._kernels.adjacency import upper_entries
    from clusternet.brokerage._bridging import _edge_betweenness, _rescale_edges

    for directed in (False, True):
        g = cn.as_graph(nx.gnp_random_graph(12, 0.3, seed=6, directed=directed))
        src, dst, _ = upper_entries(g.adjacency, directed=directed)
        n = g.n_actors
        for normalized in (False, True):
            exact = _rescale_edges(_edge_betweenness(n, src, dst, None, directed, None), n,
                                   normalized=normalized, directed=directed, k=None)
            draws = [_rescale_edges(_edge_betweenness(n, src, dst, None, directed,
                                                      np.delete(np.arange(n), out)),
                                    n, normalized=normalized, directed=directed, k=n - 1)
                     for out in range(n)]
            np.testing.assert_allclose(np.mean(draws, axis=0), exact, rtol=1e-12)


# ------------------------------------------------------------------ others
def test_weighted_collaboration_graph():
    aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    g = cn.from_affiliations(aff, time="year", actors=actors, projection="newman")
    with pytest.raises(ClusternetError, match="distance"):
        f(g)
    got = _quiet(g, distance="inverse")
    assert got.name == "bridging" and got.index.equals(g.actor_ids)
    G = g.to_networkx()
    for u, v, d in G.edges(data=True):
        d["length"] = 1.0 / d["weight"]
    eb = nx.edge_betweenness_centrality(G, weight="length")
    mask = g.degree().to_numpy() > 0
    np.testing.assert_allclose(got.to_numpy()[mask],
                               np.array(_nx_bridging(G, eb))[mask], rtol=1e-8)


def test_errors():
    G = nx.path_graph(5)
    for bad in (0, 6, 2.5, True):
        with pytest.raises(ClusternetError, match="k="):
            f(G, k=bad)
    with pytest.raises(ClusternetError, match="rng"):
        f(G, rng=-1)
    with pytest.raises(ClusternetError, match="normalized"):
        f(G, normalized=1)
    with pytest.raises(ClusternetError, match="distance"):
        f(G, distance=3)
