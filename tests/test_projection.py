"""Known answers and cross-checks for the one-mode projections.

Every engine path runs the same checks: the default block size and a block
size small enough to force one actor per block.
"""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from helpers import random_table, tie_dict
from hypothesis import given
from hypothesis import strategies as st

import clusternet as cn
import clusternet.projection as proj


@pytest.fixture(params=["default", "tiny-blocks"])
def engine(request, monkeypatch):
    if request.param == "tiny-blocks":
        monkeypatch.setattr(proj, "BLOCK_WORK", 1)
    return request.param


def T(a, b):
    return frozenset((a, b))


# ---------------------------------------------------------------- known answers
def test_opsahl_newman(opsahl, engine):
    # METRICS.md, "Building the actor network" (Opsahl's example):
    # newman A-B 1.5, A-C 0.5, B-C 0.5, B-D 1, B-E 2, E-F 1.
    # By hand: event 1 = {A,B,C} gives 1/2 per pair; events 2..6 have 2 actors, 1 each.
    g = cn.from_affiliations(opsahl, projection="newman")
    assert tie_dict(g) == pytest.approx(
        {T("A", "B"): 1.5, T("A", "C"): 0.5, T("B", "C"): 0.5,
         T("B", "D"): 1.0, T("B", "E"): 2.0, T("E", "F"): 1.0}
    )


def test_opsahl_count(opsahl, engine):
    # By hand: shared events A-B {1,2}, A-C {1}, B-C {1}, B-D {3}, B-E {4,5}, E-F {6}.
    g = cn.from_affiliations(opsahl, projection="count")
    assert tie_dict(g) == {T("A", "B"): 2, T("A", "C"): 1, T("B", "C"): 1,
                           T("B", "D"): 1, T("B", "E"): 2, T("E", "F"): 1}


def test_opsahl_jaccard(opsahl, engine):
    # METRICS.md: jaccard A-B = 2/5. Others by hand, shared / union of events:
    # A-C 1/2 ({1} / {1,2}), B-C 1/5, B-D 1/5, B-E 2/6 ({4,5} / {1..6}), E-F 1/3.
    g = cn.from_affiliations(opsahl, projection="jaccard")
    assert tie_dict(g) == pytest.approx(
        {T("A", "B"): 2 / 5, T("A", "C"): 1 / 2, T("B", "C"): 1 / 5,
         T("B", "D"): 1 / 5, T("B", "E"): 2 / 6, T("E", "F"): 1 / 3}
    )


def test_opsahl_overlap(opsahl, engine):
    # METRICS.md: overlap B-E = 2/3. Others by hand, shared / min(k_i, k_j):
    # A-B 2/min(2,5)=1, A-C 1/1, B-C 1/1, B-D 1/1, E-F 1/1.
    g = cn.from_affiliations(opsahl, projection="overlap")
    assert tie_dict(g) == pytest.approx(
        {T("A", "B"): 1.0, T("A", "C"): 1.0, T("B", "C"): 1.0,
         T("B", "D"): 1.0, T("B", "E"): 2 / 3, T("E", "F"): 1.0}
    )


def test_newman_2001_figure_6(engine):
    # Newman 2001 (PRE 64:016132) Fig. 6, as in METRICS.md: A and B share papers
    # 1 (4 authors), 2 (2 authors) and 3 (3 authors): 1/3 + 1 + 1/2 = 11/6.
    member = {"A": [1, 2, 3], "B": [1, 2, 3], "C": [1], "D": [1], "E": [3]}
    t = pd.DataFrame([(a, e) for a, ev in member.items() for e in ev], columns=["actor", "event"])
    g = cn.from_affiliations(t, projection="newman")
    assert tie_dict(g)[T("A", "B")] == pytest.approx(11 / 6)
    # C-D share only paper 1 (4 authors): 1/3; A-E share paper 3: 1/2.
    assert tie_dict(g)[T("C", "D")] == pytest.approx(1 / 3)
    assert tie_dict(g)[T("A", "E")] == pytest.approx(1 / 2)


def test_hand_computed_jaccard_overlap_case(engine):
    # Hand computation: x in {p, q, r, s}, y in {q, r}, z in {s, t, u}.
    #   x-y: shared {q, r} = 2; union 4 -> jaccard 1/2; min(4, 2) -> overlap 1
    #   x-z: shared {s} = 1;    union 6 -> jaccard 1/6; min(4, 3) -> overlap 1/3
    #   y-z: nothing shared -> no tie
    t = pd.DataFrame({"actor": list("xxxxyyzzz"), "event": list("pqrsqrstu")})
    j = tie_dict(cn.from_affiliations(t, projection="jaccard"))
    o = tie_dict(cn.from_affiliations(t, projection="overlap"))
    assert j == pytest.approx({T("x", "y"): 1 / 2, T("x", "z"): 1 / 6})
    assert o == pytest.approx({T("x", "y"): 1.0, T("x", "z"): 1 / 3})


def test_participation_weights_count_and_newman(engine):
    # Hand computation with participation weights w:
    #   event 1: a 2, b 3, c 1 (n=3);  event 2: a 1, b 4 (n=2)
    #   count  a-b = 2*3 + 1*4 = 10;  a-c = 2*1 = 2;  b-c = 3*1 = 3
    #   newman a-b = 6/2 + 4/1 = 7;   a-c = 2/2 = 1;  b-c = 3/2
    t = pd.DataFrame({"actor": list("abcab"), "event": [1, 1, 1, 2, 2],
                      "w": [2.0, 3.0, 1.0, 1.0, 4.0]})
    c = tie_dict(cn.from_affiliations(t, weight="w"))
    n = tie_dict(cn.from_affiliations(t, weight="w", projection="newman"))
    assert c == pytest.approx({T("a", "b"): 10, T("a", "c"): 2, T("b", "c"): 3})
    assert n == pytest.approx({T("a", "b"): 7, T("a", "c"): 1, T("b", "c"): 1.5})


def test_adjacency_invariants(opsahl, engine):
    g = cn.from_affiliations(opsahl, projection="newman")
    A = g.adjacency
    assert A.dtype == np.float64
    assert A.has_sorted_indices
    assert (A != A.T).nnz == 0
    assert np.all(A.diagonal() == 0)
    assert not A.data.flags.writeable


def test_min_weight_drops_weak_ties(opsahl, engine):
    g = cn.from_affiliations(opsahl, projection="newman", min_weight=1.0)
    # newman weights 0.5 (A-C, B-C) fall below 1.0; the others stay.
    assert tie_dict(g) == pytest.approx(
        {T("A", "B"): 1.5, T("B", "D"): 1.0, T("B", "E"): 2.0, T("E", "F"): 1.0}
    )
    assert g.n_actors == 6  # actors are kept even when all their ties are dropped


# ------------------------------------------------------------- size limits
def test_max_ties_refuses_before_allocating():
    # One event of 300 actors = 300*299/2 = 44,850 possible ties.
    t = pd.DataFrame({"actor": range(300), "event": "big"})
    t = pd.concat([t, pd.DataFrame({"actor": [1, 2], "event": "small"})], ignore_index=True)
    with pytest.raises(cn.TooLargeError) as info:
        cn.from_affiliations(t, max_ties=1000)
    msg = str(info.value)
    assert "44,851" in msg  # 44,850 + 1 from the 2-actor event
    assert "'big' (300 actors)" in msg
    assert "max_ties" in msg and "min_weight" in msg and "max_event_size" in msg
    assert isinstance(info.value, cn.ClusternetError)
    # Raising the limit lets it through.
    assert cn.from_affiliations(t, max_ties=50_000).n_ties == 44_850


def test_max_ties_with_min_weight_counts_kept_ties():
    # With min_weight the bound is not the result; the limit applies to kept ties.
    # 'big' gives count weight 1 to 44,850 pairs, 'small' repeats pair (1, 2).
    t = pd.DataFrame({"actor": range(300), "event": "big"})
    t = pd.concat([t, pd.DataFrame({"actor": [1, 2], "event": "small"})], ignore_index=True)
    g = cn.from_affiliations(t, max_ties=10, min_weight=2)
    assert g.n_ties == 1 and tie_dict(g) == {T(1, 2): 2.0}
    with pytest.raises(cn.TooLargeError):
        cn.from_affiliations(t, max_ties=10, min_weight=0.5)


def test_max_event_size_leaves_out_big_events():
    t = pd.DataFrame({"actor": list("abcdxy"), "event": [1, 1, 1, 1, 2, 2]})
    with pytest.warns(cn.ClusternetWarning, match="left out 1 event"):
        g = cn.from_affiliations(t, max_event_size=3)
    assert tie_dict(g) == {T("x", "y"): 1.0}
    assert g.n_actors == 6 and g.n_events == 1


# ---------------------------------------------- cross-checks (networkx, igraph)
def _nx_projection(table: pd.DataFrame, kind: str) -> dict[frozenset, float]:
    B = nx.Graph()
    actors = [("A", a) for a in table["actor"].unique()]
    B.add_nodes_from(actors, bipartite=0)
    B.add_nodes_from((("E", e) for e in table["event"].unique()), bipartite=1)
    B.add_edges_from(zip((("A", a) for a in table["actor"]), (("E", e) for e in table["event"])))
    if kind == "count":
        P = nx.bipartite.weighted_projected_graph(B, actors)
    elif kind == "newman":
        P = nx.bipartite.collaboration_weighted_projected_graph(B, actors)
    elif kind == "jaccard":
        P = nx.bipartite.overlap_weighted_projected_graph(B, actors, jaccard=True)
    else:
        P = nx.bipartite.overlap_weighted_projected_graph(B, actors, jaccard=False)
    return {frozenset((u[1], v[1])): d["weight"] for u, v, d in P.edges(data=True)
            if d["weight"] > 0}


tables = st.builds(
    lambda seed, rows, na, ne: random_table(np.random.default_rng(seed), rows, na, ne),
    st.integers(0, 2**32 - 1), st.integers(1, 60), st.integers(1, 15), st.integers(1, 12),
)


@given(tables, st.sampled_from(["count", "newman", "jaccard", "overlap"]))
def test_equals_networkx_projections(table, kind):
    # networkx: weighted_projected_graph (count), collaboration_weighted_projected_graph
    # (newman), overlap_weighted_projected_graph (jaccard=True / False).
    got = tie_dict(cn.from_affiliations(table, projection=kind))
    assert got == pytest.approx(_nx_projection(table, kind))


@given(tables)
def test_count_equals_igraph_bipartite_projection(table):
    a_codes, a_ids = pd.factorize(table["actor"])
    e_codes, _ = pd.factorize(table["event"])
    n_a = len(a_ids)
    types = [False] * n_a + [True] * (int(e_codes.max()) + 1)
    G = ig.Graph.Bipartite(types, list(zip(a_codes.tolist(), (e_codes + n_a).tolist())))
    P, _ = G.bipartite_projection(multiplicity=True)
    want = {frozenset((a_ids[e.source], a_ids[e.target])): float(e["weight"]) for e in P.es}
    assert tie_dict(cn.from_affiliations(table)) == want


@given(tables, st.sampled_from(["count", "newman", "jaccard", "overlap"]))
def test_blocking_does_not_change_the_result(table, kind):
    g1 = cn.from_affiliations(table, projection=kind)
    old = proj.BLOCK_WORK
    try:
        proj.BLOCK_WORK = 1
        g2 = cn.from_affiliations(table, projection=kind)
    finally:
        proj.BLOCK_WORK = old
    assert (g1.adjacency != g2.adjacency).nnz == 0


def test_pair_bound():
    # sum over events of n_e(n_e-1)/2: 3 -> 3, 2 -> 1, 1 -> 0, 20000 -> 199,990,000
    assert proj.pair_bound(np.array([3, 2, 1])) == 4
    assert proj.pair_bound(np.array([20_000])) == 199_990_000


@given(tables, st.sampled_from(["count", "newman", "jaccard", "overlap"]))
def test_public_scipy_fallback_gives_the_same_arrays(table, kind):
    # projection.py calls scipy's private compiled kernels; if a scipy release
    # moves them, the public-API versions take over and must agree exactly.
    g1 = cn.from_affiliations(table, projection=kind)
    saved = (proj._csr_tocsc, proj._csr_matmat, proj._csr_eliminate_zeros)
    try:
        proj._csr_tocsc = proj._public_csr_tocsc
        proj._csr_matmat = proj._public_csr_matmat
        proj._csr_eliminate_zeros = proj._public_csr_eliminate_zeros
        g2 = cn.from_affiliations(table, projection=kind)
    finally:
        proj._csr_tocsc, proj._csr_matmat, proj._csr_eliminate_zeros = saved
    for x, y in zip((g1.adjacency.indptr, g1.adjacency.indices, g1.adjacency.data),
                    (g2.adjacency.indptr, g2.adjacency.indices, g2.adjacency.data)):
        assert np.array_equal(x, y)
