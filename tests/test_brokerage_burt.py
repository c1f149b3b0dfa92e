"""Burt's structural-hole measures: known answers, cross-checks, invariances.

Sources of the expected numbers:
- METRICS.md "Brokerage" (Borgatti 1997 graph, unweighted and weighted):
  UCINET / networkx values reproduced by two implementations;
- networkx 3.6 ``constraint`` / ``effective_size`` with ``nodes=`` given (the
  per-node path, which follows Burt's formula) and ``local_constraint``;
- igraph's ``Graph.constraint`` (C implementation).

Both kernel paths (triangle listing over the whole graph, ``"all"``, and
per-tie intersections, ``"some"``), with tiny blocks to exercise the
blocking, run every known-answer test.
"""

from __future__ import annotations

import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import brokerage as br
from clusternet._kernels import _compiled
from clusternet._kernels import brokerage as kernels
from helpers import memory_test_graph

MEASURES = ["constraint", "effective_size", "efficiency", "hierarchy"]

BORGATTI = [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"),
            ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")]
BORGATTI_W = [("A", "B", 2), ("A", "F", 3), ("A", "G", 5), ("A", "E", 2), ("E", "G", 8),
              ("F", "G", 3), ("B", "G", 4), ("B", "D", 1), ("D", "G", 3), ("G", "C", 10)]

_ORIGINAL_BURT = kernels.burt


#: (engine, method, budget) of each kernel path: the numpy engine on each
#: method and block size, the compiled engine when numba is installed.
#: "blocks": the compiled engine in blocks of 2 ties, so that almost every
#: tie's ends are in different blocks, as a tight ``max_memory=`` runs it.
PATHS = [("numpy", "all", 1 << 21), ("numpy", "all", 2), ("numpy", "some", 1 << 21),
         ("numpy", "some", 3), ("numba", "auto", 1 << 21), ("numba", "blocks", 2)]


@pytest.fixture(params=PATHS,
                ids=["all", "all-blocks", "some", "some-blocks", "numba", "numba-low-memory"])
def engine(request, monkeypatch):
    """Run the public functions on one kernel path and block size."""
    name, method, budget = request.param
    if name not in _compiled.available():
        pytest.skip("numba is not installed (pip install 'clusternet[fast]')")

    def on_path(M, positions=None, *, unit=False, block=None, engine=None, hierarchy=True,
                directed=False):
        if method == "blocks":
            return _ORIGINAL_BURT(M, positions, unit=unit, block=budget, engine="numba",
                                  hierarchy=hierarchy, directed=directed)
        if name == "numpy" and directed:  # the numpy engine reads the mutual ties
            M, unit = kernels.mutual(M, directed=True, weighted=not unit), False
        return _ORIGINAL_BURT(M, positions, unit=unit, block=block, engine=name,
                              method=method, budget=budget, hierarchy=hierarchy,
                              directed=directed and name == "numba")

    monkeypatch.setattr(kernels, "burt", on_path)
    return request.param


def borgatti(weighted: bool = False) -> cn.CollaborationGraph:
    if weighted:
        t = pd.DataFrame(BORGATTI_W, columns=["source", "target", "weight"])
        return cn.from_edgelist(t, weight="weight")
    return cn.from_edgelist(pd.DataFrame(BORGATTI, columns=["source", "target"]))


def random_nx(seed: int, n: int, p: float, *, directed: bool, weighted: bool,
              isolates: int = 0) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnp_random_graph(n, p, seed=int(rng.integers(2**31)), directed=directed)
    G.add_nodes_from(range(n, n + isolates))
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.integers(1, 6)) if weighted else 1.0
    return G


# ----------------------------------------------------------------- known answers
class TestKnownAnswers:
    def test_borgatti_unweighted(self, engine):
        # METRICS.md: constraint G 0.4003, A 0.5955, C 1; effective size G 4.667,
        # A 2.5; efficiency G 0.7778 (UCINET, networkx)
        sh = br.structural_holes(borgatti())
        assert sh.loc["G", "constraint"] == pytest.approx(0.4003, abs=5e-5)
        assert sh.loc["A", "constraint"] == pytest.approx(0.5955, abs=5e-5)
        assert sh.loc["C", "constraint"] == pytest.approx(1.0)
        assert sh.loc["G", "effective_size"] == pytest.approx(4.6667, abs=5e-5)
        assert sh.loc["A", "effective_size"] == pytest.approx(2.5)
        assert sh.loc["G", "efficiency"] == pytest.approx(0.7778, abs=5e-5)
        # Borgatti's shortcut n - 2t/n, by hand: G has 6 contacts, 4 ties among them
        assert sh.loc["G", "effective_size"] == pytest.approx(6 - 2 * 4 / 6)

    def test_borgatti_weighted(self, engine):
        # METRICS.md: constraint G 0.2989, A 0.7950; effective size G 5.4717, A 2.475
        sh = br.structural_holes(borgatti(weighted=True), weight=True)
        assert sh.loc["G", "constraint"] == pytest.approx(0.2989, abs=5e-5)
        assert sh.loc["A", "constraint"] == pytest.approx(0.7950, abs=5e-5)
        assert sh.loc["G", "effective_size"] == pytest.approx(5.4717, abs=5e-5)
        assert sh.loc["A", "effective_size"] == pytest.approx(2.475, abs=5e-5)

    def test_weight_false_on_weighted_graph_is_unweighted(self, engine):
        a = br.structural_holes(borgatti(weighted=True), weight=False)
        b = br.structural_holes(borgatti())
        pd.testing.assert_frame_equal(a.loc[b.index], b, check_exact=False, rtol=1e-12)

    def test_triangle_constraint_is_1125(self, engine):
        # METRICS.md: a triangle gives 1.125 (by hand: 2 * (1/2 + 1/4)^2)
        c = br.constraint(nx.complete_graph(3))
        np.testing.assert_allclose(c.to_numpy(), 1.125)

    def test_star(self, engine):
        # by hand: hub of 4 unconnected leaves: C = 4 * (1/4)^2, E = 4, H = 0
        sh = br.structural_holes(nx.star_graph(4))
        assert sh.loc[0, "constraint"] == pytest.approx(0.25)
        assert sh.loc[0, "effective_size"] == pytest.approx(4.0)
        assert sh.loc[0, "hierarchy"] == pytest.approx(0.0, abs=1e-15)
        assert (sh.loc[1:, "constraint"] == 1.0).all()
        assert sh.loc[1:, "hierarchy"].isna().all()

    def test_networkx_docstring_digraph(self, engine):
        # networkx's effective_size docstring graph; networkx per-node path values
        G = nx.DiGraph([(0, 1), (0, 2), (1, 0), (2, 1)])
        ours = br.effective_size(G, weight=False)
        ref = nx.effective_size(G, nodes=list(G))
        np.testing.assert_allclose(ours.to_numpy(), [ref[v] for v in G])

    def test_isolates_and_single_contact(self, engine):
        G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
        G.add_node("lonely")
        sh = br.structural_holes(G)
        assert sh.loc["lonely"].isna().all()
        assert sh.loc["d", "hierarchy"] != sh.loc["d", "hierarchy"]  # NaN: one contact
        assert sh.loc["d", ["constraint", "effective_size", "efficiency"]].tolist() == [1, 1, 1]

    def test_hierarchy_against_networkx_local_constraint(self, engine):
        # hierarchy = sum r ln r / (N ln N), r = c_ij / (C/N), with c_ij from
        # networkx.local_constraint (independent of our kernel)
        for weighted, G in ((False, nx.karate_club_graph()),
                            (True, random_nx(3, 25, 0.25, directed=True, weighted=True))):
            h = br.hierarchy(G, weight=weighted)
            wt = "weight" if weighted else None
            for v in G:
                nb = set(nx.all_neighbors(G, v))
                if len(nb) < 2:
                    assert np.isnan(h[v])
                    continue
                c = np.array([nx.local_constraint(G, v, j, weight=wt) for j in nb])
                r = c / (c.sum() / len(nb))
                assert h[v] == pytest.approx((r * np.log(r)).sum() / (len(nb) * np.log(len(nb))),
                                             rel=1e-10, abs=1e-13)


# ------------------------------------------------------------------ cross-checks
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_constraint_equals_igraph(seed, weighted, directed):
    G = random_nx(seed, 30, 0.15, directed=directed, weighted=weighted, isolates=2)
    H = ig.Graph.from_networkx(G)
    ref = H.constraint(weights="weight" if weighted and H.ecount() else None)
    ours = br.constraint(G, weight=weighted)
    np.testing.assert_allclose(ours.to_numpy(), ref, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_equals_networkx_per_node_path(seed, weighted, directed):
    # networkx's per-node path (nodes= given). Its isolate test looks at
    # successors only, so on digraphs compare the nodes with an out-tie.
    G = random_nx(100 + seed, 25, 0.2, directed=directed, weighted=weighted, isolates=1)
    wt = "weight" if weighted else None
    nodes = [v for v in G if len(G[v]) > 0]
    c = nx.constraint(G, nodes=nodes, weight=wt)
    e = nx.effective_size(G, nodes=nodes, weight=wt)
    sh = br.structural_holes(G, weight=weighted)
    np.testing.assert_allclose(sh.loc[nodes, "constraint"], [c[v] for v in nodes], rtol=1e-12)
    np.testing.assert_allclose(sh.loc[nodes, "effective_size"], [e[v] for v in nodes],
                               rtol=1e-12, atol=1e-12)


def test_in_tie_only_actor_has_contacts():
    # networkx's per-node path gives NaN here (successors only); igraph and we do not
    G = nx.DiGraph([("a", "b"), ("c", "b"), ("a", "c")])
    c = br.constraint(G)
    assert not c.isna().any()
    np.testing.assert_allclose(c.to_numpy(), ig.Graph.from_networkx(G).constraint())


# ----------------------------------------------------------- results and errors
def test_labels_and_types():
    g = borgatti()
    c = br.constraint(g)
    assert c.name == "constraint" and c.index.name == "actor"
    assert list(c.index) == list(g.actor_ids)
    assert c.attrs["clusternet"]["measure"] == "constraint"
    assert c.attrs["clusternet"]["params"]["weight"] is True
    sh = br.structural_holes(g)
    assert list(sh.columns) == MEASURES
    for m in MEASURES:
        pd.testing.assert_series_equal(getattr(br, m)(g), sh[m], check_names=False)
    assert sh.attrs["clusternet"]["measure"] == "structural_holes"


def test_accepts_igraph_and_networkx():
    g = borgatti(weighted=True)
    a = br.structural_holes(g, weight=True)
    b = br.structural_holes(g.to_networkx(), weight=True)
    c = br.structural_holes(g.to_igraph(), weight=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-13)
    pd.testing.assert_frame_equal(a, c, check_exact=False, rtol=1e-13)


def test_egos_subset_order_and_single():
    g = borgatti()
    full = br.structural_holes(g)
    sub = br.structural_holes(g, egos=["G", "C", "A"])
    assert list(sub.index) == ["G", "C", "A"]
    pd.testing.assert_frame_equal(sub, full.loc[["G", "C", "A"]], check_exact=True)
    one = br.constraint(g, egos="G")
    assert one.tolist() == [full.loc["G", "constraint"]]


@pytest.mark.parametrize("name", ["constraint", "effective_size", "efficiency", "hierarchy",
                                  "structural_holes"])
def test_actors_is_the_old_name_of_egos(name):
    # renamed in 0.2 (API.md: actors= is an attribute table; egos= a subset)
    f = getattr(br, name)
    g = borgatti()
    with pytest.warns(FutureWarning, match=r"actors=\.\.\.\) is renamed egos="):
        old = f(g, actors=["G", "A"])
    pd.testing.assert_frame_equal(pd.DataFrame(old), pd.DataFrame(f(g, egos=["G", "A"])),
                                  check_exact=True)
    with pytest.raises(cn.ClusternetError, match="pass egos= only"):
        f(g, actors=["G"], egos=["G"])


@pytest.mark.parametrize("name", ["constraint", "effective_size", "efficiency", "hierarchy",
                                  "structural_holes"])
def test_weight_default_warns_on_weighted_graphs_only(name):
    # The package rule is weight=False (count ties); Burt's measures keep
    # weight=True as their default for one more minor version, and say so
    # where the two differ: on a graph with a weight other than 1.
    f = getattr(br, name)
    weighted = borgatti(weighted=True)
    with pytest.warns(FutureWarning, match=rf"{name}\(\): the default weight= becomes False.*"
                                           r"Pass weight=True to keep") as record:
        default = f(weighted)
    assert record[0].filename == __file__  # the warning points at the caller's line
    assert default.attrs["clusternet"]["params"]["weight"] is True
    pd.testing.assert_frame_equal(pd.DataFrame(default), pd.DataFrame(f(weighted, weight=True)),
                                  check_exact=True)
    assert not pd.DataFrame(default).equals(pd.DataFrame(f(weighted, weight=False)))
    # all weights 1 (undirected, or directed with reciprocated pairs): both
    # defaults agree, so no warning
    directed = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "a")])
    for G in (borgatti(), borgatti().to_networkx(), directed):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            quiet = f(G)
        pd.testing.assert_frame_equal(pd.DataFrame(quiet), pd.DataFrame(f(G, weight=False)),
                                      check_exact=True)
    # an explicit choice never warns
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f(weighted, weight=True)
        f(weighted, weight=False)


@pytest.mark.parametrize("bad", [None, 1, "yes"])
def test_weight_must_be_bool(bad):
    with pytest.raises(cn.ClusternetError, match="weight must be True or False"):
        br.constraint(borgatti(), weight=bad)


def test_unknown_and_repeated_actors():
    with pytest.raises(cn.UnknownActorError, match="not in the graph"):
        br.constraint(borgatti(), egos=["G", "nobody"])
    with pytest.raises(cn.DuplicateError):
        br.constraint(borgatti(), egos=["G", "G"])


def test_not_a_graph():
    with pytest.raises(cn.ClusternetError):
        br.structural_holes([("a", "b")])


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        br.constraint(borgatti(), False)


def test_empty_and_tieless_graphs():
    G = nx.Graph()
    G.add_nodes_from("abc")
    sh = br.structural_holes(G)
    assert sh.shape == (3, 4) and sh.isna().all().all()
    assert br.structural_holes(nx.Graph()).shape == (0, 4)


# ----------------------------------------------------------------- properties
@st.composite
def graphs(draw):
    n = draw(st.integers(1, 14))
    directed = draw(st.booleans())
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (directed or i < j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=40)) if pairs else []
    weights = draw(st.lists(st.integers(1, 5), min_size=len(chosen), max_size=len(chosen)))
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((u, v, float(w)) for (u, v), w in zip(chosen, weights))
    return G


@settings(max_examples=40)
@given(graphs(), st.booleans(), st.randoms(use_true_random=False))
def test_subset_equals_full_exactly(G, weighted, rnd):
    full = br.structural_holes(G, weight=weighted)
    nodes = list(G)
    rnd.shuffle(nodes)
    nodes = nodes[: rnd.randint(1, len(nodes))]
    for method in ("all", "some"):
        M = kernels.mutual(cn.as_graph(G).adjacency, directed=G.is_directed(), weighted=weighted)
        pos = np.array([list(G).index(v) for v in nodes])
        out = kernels.burt(M, pos, method=method, budget=rnd.randint(1, 6))
        for m in MEASURES:
            np.testing.assert_array_equal(out[m], full.loc[nodes, m].to_numpy())


@settings(max_examples=30)
@given(graphs(), st.booleans(), st.randoms(use_true_random=False))
def test_relabelling_permutes_results(G, weighted, rnd):
    nodes = list(G)
    rnd.shuffle(nodes)
    names = {v: f"actor{rnd.randint(0, 10**6)}_{v}" for v in G}
    H = G.__class__()
    H.add_nodes_from(names[v] for v in nodes)
    H.add_weighted_edges_from((names[u], names[v], d["weight"]) for u, v, d in G.edges(data=True))
    a = br.structural_holes(G, weight=weighted).rename(index=names)
    b = br.structural_holes(H, weight=weighted).loc[a.index]
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, atol=1e-14)


@settings(max_examples=25)
@given(graphs(), graphs())
def test_disjoint_union_is_local(G1, G2):
    if G1.is_directed() != G2.is_directed():
        G2 = G2.to_directed() if G1.is_directed() else G2.to_undirected()
    U = nx.disjoint_union(G1, G2)
    a = br.structural_holes(U, weight=True)
    b = pd.concat([br.structural_holes(G1, weight=True),
                   br.structural_holes(G2, weight=True).rename(index=lambda v: v + len(G1))])
    np.testing.assert_allclose(a.to_numpy(), b.loc[a.index].to_numpy(), rtol=1e-12, atol=1e-14)


@settings(max_examples=30)
@given(graphs())
def test_isolates_nan_and_networkx_round_trip(G):
    sh = br.structural_holes(G, weight=True)
    iso = [v for v in G if nx.degree(G, v) == 0]
    assert sh.loc[iso].isna().all().all()
    back = br.structural_holes(cn.as_graph(G).to_networkx(), weight=True)
    pd.testing.assert_frame_equal(sh, back, check_exact=False, rtol=1e-13, atol=1e-15)
    # ranges (Burt): efficiency in (0, 1], hierarchy in [0, 1]
    eff = sh["efficiency"].dropna()
    assert ((eff > 0) & (eff <= 1 + 1e-12)).all()
    h = sh["hierarchy"].dropna()
    assert ((h >= -1e-12) & (h <= 1 + 1e-12)).all()


def test_hub_heavy_graph_blocks_agree():
    # a hub with many leaves plus a clique: blocks much smaller than the work
    G = nx.star_graph(60)
    G.add_edges_from(nx.complete_graph(range(50, 61)).edges)
    M = kernels.mutual(cn.as_graph(G).adjacency, directed=False, weighted=True)
    ref = kernels.burt(M, method="all")
    for budget in (1, 7, 100):
        for method in ("all", "some"):
            out = kernels.burt(M, method=method, budget=budget)
            for m in MEASURES:
                np.testing.assert_array_equal(out[m], ref[m])
    np.testing.assert_allclose(ref["constraint"], ig.Graph.from_networkx(G).constraint(),
                               rtol=1e-12)


# ------------------------------------------------------------------ max_memory
@pytest.mark.skipif("numba" not in _compiled.available(),
                    reason="blocks of egos need numba (pip install 'clusternet[fast]')")
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [True, False])
def test_max_memory_gives_the_same_bits(directed, weight):
    # a bound below the fast engine's need (28 B per stored entry) but
    # above the blocks' (4 B per entry and the arrays of nodes): blocks of
    # egos, the same numbers to the last bit; with egos= too
    G = random_nx(3, 400, 0.08, directed=directed, weighted=True, isolates=2)
    g = cn.from_networkx(G, weight="weight")
    full = br.structural_holes(g, weight=weight)
    # the mutual-tie matrix of a directed graph (a copy) counts against the bound
    entries = kernels.mutual(g.adjacency, directed=directed, weighted=True).nnz
    bound = 20 * entries + 300 * g.n_actors
    low = br.structural_holes(g, weight=weight, max_memory=bound)
    # a graph this small runs the numpy engine by default: the same bits but
    # for hierarchy's log (1e-13; against the compiled engine every bit is
    # the same: tests/test_kernels_compiled.py)
    pd.testing.assert_frame_equal(low.drop(columns="hierarchy"), full.drop(columns="hierarchy"),
                                  check_exact=True)
    np.testing.assert_allclose(low["hierarchy"], full["hierarchy"], rtol=1e-13, atol=1e-15)
    egos = list(g.actor_ids[::7])
    pd.testing.assert_series_equal(br.constraint(g, weight=weight, egos=egos, max_memory=bound),
                                   full.loc[egos, "constraint"], check_exact=True)


@pytest.mark.skipif("numba" not in _compiled.available(),
                    reason="the compiled engine needs numba (pip install 'clusternet[fast]')")
def test_default_stays_under_half_the_graph(monkeypatch):
    # without max_memory= the compiled engine's blocks are planned within
    # DEFAULT_SHARE of half the adjacency (its count of bytes; the measured
    # peak is in benchmarks/README.md: 0.44x at 9e6 ties), on the graph as
    # it is (undirected: never copied); the same bits as one block
    g, graph_bytes = memory_test_graph()
    seen = {}

    def spy(M, positions=None, **kwargs):
        seen.update(kwargs, M=M)
        return _ORIGINAL_BURT(M, positions, **kwargs)

    monkeypatch.setattr(kernels, "burt", spy)
    for weight in (False, True):
        out = br.structural_holes(g, weight=weight)
        M, block = seen["M"], seen["block"]
        assert M is g.adjacency and seen["unit"] is not weight
        assert seen["engine"] is None and seen["hierarchy"]
        kind = _compiled.value_kind(M, seen["unit"])
        used = _compiled.burt_bytes(M.shape[0], M.nnz, int(np.diff(M.indptr).max()), kind, block)
        assert used <= 0.5 * graph_bytes
        assert block < M.nnz // 2  # several blocks
        whole = _ORIGINAL_BURT(M, unit=seen["unit"], engine="numba")
        for m in MEASURES:
            np.testing.assert_array_equal(out[m].to_numpy(), whole[m])
    br.constraint(g, weight=False)
    assert not seen["hierarchy"]  # one round of the blocks
    # a directed graph: its arcs are read as they are (no matrix of mutual
    # ties built), the bits of that matrix
    t = g.ties  # one arc per tie, a third of them both ways: above the compiled threshold
    back = t.iloc[::3].rename(columns={"source": "target", "target": "source"})
    d = cn.from_edgelist(pd.concat([t, back]), weight="weight", directed=True)
    assert d.adjacency.nnz >= _compiled.COMPILED_FROM
    for weight in (False, True):
        out = br.structural_holes(d, weight=weight)
        assert seen["M"] is d.adjacency and seen["directed"] and seen["unit"] is not weight
        M = kernels.mutual(d.adjacency, directed=True, weighted=weight)
        whole = _ORIGINAL_BURT(M, engine="numba")
        for m in MEASURES:
            np.testing.assert_array_equal(out[m].to_numpy(), whole[m])


def test_max_memory_refused():
    g = borgatti()
    for bad in (0, -1.0, True, "2GB", float("nan"), float("inf")):
        with pytest.raises(cn.ClusternetError, match="max_memory"):
            br.constraint(g, weight=False, max_memory=bad)
    if "numba" in _compiled.available():
        # below what blocks of one row need: refused before any work, with the need
        with pytest.raises(cn.ClusternetError, match=r"need at least .* MB .* max_memory=10"):
            br.structural_holes(g, weight=False, max_memory=10)

