"""Betweenness: both engines against networkx 3.6's betweenness_centrality.

Expected numbers: networkx ``betweenness_centrality`` (exact and with
``k``/``seed``), and two path graphs by hand. Every test runs on both
engines (``backend="igraph"`` and ``"networkx"``).
"""

from __future__ import annotations

import random

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import brokerage as br
from clusternet.brokerage import _betweenness as bmod

BACKENDS = ["igraph", "networkx"]


def random_graph(seed: int, n: int = 25, p: float = 0.15, *, directed: bool = False,
                 weights: str | None = None) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=int(rng.integers(2**31)), directed=directed)
    G.add_node(n)  # an isolate
    for u, v in G.edges:
        if weights == "int":
            G[u][v]["weight"] = float(rng.integers(1, 4))
        elif weights == "pow2":  # 1/w exact in binary: both engines see equal lengths
            G[u][v]["weight"] = float(2 ** rng.integers(0, 3))
    return G


@pytest.mark.parametrize("backend", BACKENDS)
class TestKnownAnswers:
    def test_path_graph(self, backend):
        # by hand: path 0-1-2-3: inner nodes lie on 2 of 3 pairs;
        # normalised by (n-1)(n-2)/2 = 3
        b = br.betweenness(nx.path_graph(4), backend=backend)
        np.testing.assert_allclose(b.to_numpy(), [0, 2 / 3, 2 / 3, 0])
        raw = br.betweenness(nx.path_graph(4), normalized=False, backend=backend)
        np.testing.assert_allclose(raw.to_numpy(), [0, 2, 2, 0])

    def test_directed_path(self, backend):
        # by hand: 0 -> 1 -> 2: node 1 on one ordered pair, / ((n-1)(n-2)) = 2
        b = br.betweenness(nx.DiGraph([(0, 1), (1, 2)]), backend=backend)
        np.testing.assert_allclose(b.to_numpy(), [0, 0.5, 0])

    @pytest.mark.parametrize("directed", [False, True])
    @pytest.mark.parametrize("normalized", [False, True])
    @pytest.mark.parametrize("seed", range(3))
    def test_exact_equals_networkx(self, backend, seed, normalized, directed):
        G = random_graph(seed, directed=directed)
        ref = nx.betweenness_centrality(G, normalized=normalized)
        ours = br.betweenness(G, normalized=normalized, backend=backend)
        np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-12, atol=1e-12)

    @pytest.mark.parametrize("distance", ["weight", "inverse"])
    @pytest.mark.parametrize("directed", [False, True])
    def test_weighted_equals_networkx(self, backend, distance, directed):
        G = random_graph(11, directed=directed, weights="int" if distance == "weight" else "pow2")
        H = G.copy()
        for u, v, d in H.edges(data=True):
            d["length"] = d["weight"] if distance == "weight" else 1.0 / d["weight"]
        ref = nx.betweenness_centrality(H, weight="length")
        ours = br.betweenness(G, distance=distance, backend=backend)
        np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-12, atol=1e-12)
        hops = br.betweenness(G, distance="hops", backend=backend)
        ref = nx.betweenness_centrality(G)
        np.testing.assert_allclose(hops.to_numpy(), [ref[v] for v in G], rtol=1e-12, atol=1e-12)

    @pytest.mark.skipif(
        tuple(int(x) for x in nx.__version__.split(".")[:2]) < (3, 5),
        reason="networkx < 3.5 rescales sampled betweenness by n/k (its estimator changed "
               "in 3.5; clusternet follows the new one)")
    @pytest.mark.parametrize("directed", [False, True])
    @pytest.mark.parametrize("normalized", [False, True])
    @pytest.mark.parametrize("k", [1, 3, 10])
    def test_sampled_equals_networkx_same_sources(self, backend, k, normalized, directed):
        # networkx draws its k sources with random.Random(seed).sample(list(G), k);
        # give our estimator the same sources and compare
        G = random_graph(5, directed=directed)
        ref = nx.betweenness_centrality(G, k=k, normalized=normalized, seed=42)
        sources = np.sort(random.Random(42).sample(list(G), k))
        g = cn.as_graph(G)
        src, dst, length = bmod._lengths(G, g, None)
        raw = bmod._raw_betweenness(backend, g.n_actors, src, dst, length, directed, sources)
        ours = bmod._rescale(raw, g.n_actors, normalized=normalized, directed=directed,
                             sources=sources)
        np.testing.assert_allclose(ours, [ref[v] for v in G], rtol=1e-12, atol=1e-12,
                                   equal_nan=True)

    def test_edge_attribute_distance(self, backend):
        G = random_graph(8, weights="int")
        for u, v, d in G.edges(data=True):
            d["km"] = float((u * v) % 5 + 1)
        ref = nx.betweenness_centrality(G, weight="km")
        ours = br.betweenness(G, distance="km", backend=backend)
        np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G], rtol=1e-12, atol=1e-12)
        H = ig.Graph.from_networkx(G)
        ours_ig = br.betweenness(H, distance="km", backend=backend)
        np.testing.assert_allclose(ours_ig.to_numpy(), ours.to_numpy(), rtol=1e-12)


def test_sampling_reproducible_and_k_equal_n_is_exact():
    G = random_graph(2, n=40)
    a = br.betweenness(G, k=10, rng=7)
    b = br.betweenness(G, k=10, rng=np.random.default_rng(7))
    pd.testing.assert_series_equal(a, b)
    assert not a.equals(br.betweenness(G, k=10, rng=8))
    pd.testing.assert_series_equal(br.betweenness(G, k=G.number_of_nodes()), br.betweenness(G))
    # k = 1: the sampled source has no estimate (networkx's NaN)
    one = br.betweenness(G, k=1, rng=3)
    assert one.isna().sum() == 1


def test_sampled_estimate_is_close_on_average():
    G = nx.barabasi_albert_graph(60, 2, seed=1)
    exact = br.betweenness(G).to_numpy()
    est = np.mean([br.betweenness(G, k=30, rng=s).to_numpy() for s in range(30)], axis=0)
    assert np.abs(est - exact).max() < 0.1 * exact.max()


def test_weighted_graph_needs_distance():
    G = random_graph(1, weights="int")
    with pytest.raises(cn.ClusternetError, match="distance='inverse'"):
        br.betweenness(G)
    with pytest.raises(cn.ClusternetError, match="distance"):
        br.betweenness(G, distance=2.0)
    with pytest.raises(cn.ClusternetError, match="edge attribute"):
        br.betweenness(cn.as_graph(G), distance="km")
    with pytest.raises(cn.ClusternetError, match="no attribute 'km'"):
        br.betweenness(G, distance="km")
    # an unweighted graph needs no choice
    br.betweenness(nx.path_graph(3))


def test_bad_lengths_and_options():
    G = nx.path_graph(3)
    nx.set_edge_attributes(G, 0.0, "d")
    with pytest.raises(cn.WeightError, match="positive"):
        br.betweenness(G, distance="d")
    for k in (0, 4, 2.5, True):
        with pytest.raises(cn.ClusternetError, match="k="):
            br.betweenness(G, k=k)
    with pytest.raises(cn.ClusternetError, match="backend"):
        br.betweenness(G, backend="graph-tool")
    with pytest.raises(cn.ClusternetError, match="rng"):
        br.betweenness(G, k=2, rng="seed")
    with pytest.raises(TypeError):
        br.betweenness(G, True)


@pytest.mark.parametrize("k", [None, 2])
@pytest.mark.parametrize("bad", [True, -1, 1.5])
def test_bad_rng_refused_before_any_work(k, bad):
    # the one seed parser (_validation.as_rng), also when nothing is drawn (k=None)
    with pytest.raises(cn.ClusternetError, match="rng must be"):
        br.betweenness(nx.path_graph(4), k=k, rng=bad)


def test_labels():
    b = br.betweenness(nx.path_graph(["a", "b", "c"]), k=2, rng=1)
    assert b.name == "betweenness" and b.index.name == "actor"
    assert list(b.index) == ["a", "b", "c"]
    p = b.attrs["clusternet"]["params"]
    assert p["k"] == 2 and p["rng"] == 1 and p["normalized"] is True


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 12))
    directed = draw(st.booleans())
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (directed or i < j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(chosen)
    return G


@settings(max_examples=30)
@given(graphs(), st.randoms(use_true_random=False))
def test_engines_agree_and_relabelling(G, rnd):
    a = br.betweenness(G, backend="igraph")
    b = br.betweenness(G, backend="networkx")
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, atol=1e-12)
    names = {v: f"n{v}" for v in G}
    order = list(G)
    rnd.shuffle(order)
    H = G.__class__()
    H.add_nodes_from(names[v] for v in order)
    H.add_edges_from((names[u], names[v]) for u, v in G.edges)
    c = br.betweenness(H)
    np.testing.assert_allclose(c.loc[[names[v] for v in G]].to_numpy(), a.to_numpy(),
                               rtol=1e-12, atol=1e-12)
