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
    """Mean of networkx's edge betweenness over each node's edges (in and out)."""
    out = []
    for v in G:
        edges = list(G.in_edges(v)) + list(G.out_edges(v)) if G.is_directed() else list(G.edges(v))
        vals = [eb[e] if e in eb else eb[e[::-1]] for e in edges]
        out.append(float(np.mean(vals)) if vals else np.nan)
    return out


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        return f(*args, **kwargs)


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
