"""Brokerage kernels against slow references written from the formulas.

Each reference below is a plain Python loop over neighbour sets, written
from the formula and conventions of the design notes (METRICS.md,
"Brokerage"), independently of the kernels' triangle listing and blocking:

- Burt (1992): ``m_ij = a_ij + a_ji``, ``p_ij = m_ij / sum_k m_ik``;
  constraint ``C_i = sum_j (p_ij + sum_{q != i,j} p_iq p_qj)^2``; effective
  size ``sum_j [1 - sum_{q != i,j} p_iq m_jq / max_k m_jk]``; efficiency =
  effective size / contacts; hierarchy ``sum_j r_j ln r_j / (N ln N)``,
  ``r_j = c_ij / (C_i / N)``; isolates NaN for all four, hierarchy NaN for
  one contact; self-loops ignored, parallel ties summed, ties counted in
  either direction;
- Gould and Fernandez (1989): every open 2-path ``a -> b -> c`` (``a != c``,
  no tie ``a -> c``) by the groups of its ends, with the table of roles of
  METRICS.md; undirected graphs as symmetric digraphs;
- R sna 2.7's ``brokerage()`` (Butts 2008) null model: its expected values
  and variances, transcribed from its R source line by line (sums over
  groups, pairs and triples of groups as loops);
- Guimerà and Amaral (2005): ``P_i = 1 - sum_s (kappa_is / k_i)^2``,
  within-module z with the population SD; a directed graph read as
  undirected (a reciprocated pair is one contact when unweighted, its two
  weights add when weighted);
- gatekeepers (Giuliani and Bell 2005): contacts and tie weight of each
  insider inside and outside the set.

The graphs are drawn by hypothesis: directed or not, weighted or not,
isolates, self-loops (dropped with a warning when the graph is built) and
parallel edges (summed). The kernels run with small blocks too, so that
their blocking and spooling are exercised on small graphs.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import brokerage as br
from clusternet._kernels import _compiled
from clusternet._kernels import brokerage as kernels
from clusternet._kernels import gould_fernandez as gf
from clusternet._kernels.mixing import participation_from_csr
from clusternet.errors import ClusternetWarning

BURT = ("constraint", "effective_size", "efficiency", "hierarchy")


# ------------------------------------------------------------------- graphs
@st.composite
def multigraphs(draw, max_nodes: int = 10):
    """A networkx multigraph (directed or not) with integer node ids, maybe
    self-loops and parallel edges, weights from a small set of positive
    numbers (not all integers), and node attributes ``group`` and ``inside``.
    Up to 4 edges per node, so that most graphs have (directed) triangles."""
    n = draw(st.integers(1, max_nodes))
    directed = draw(st.booleans())
    weights = draw(st.sampled_from([(1.0,), (1.0, 2.0, 3.0), (0.5, 1.0, 2.5, 4.0)]))
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    for i in range(n):
        G.add_node(i, group=draw(st.sampled_from("abcd")), inside=draw(st.booleans()))
    size = draw(st.integers(0, 4 * n))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.sampled_from(weights)), min_size=size, max_size=size))
    G.add_weighted_edges_from(edges)
    return G


def as_graph(G) -> cn.CollaborationGraph:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)  # self-loops dropped
        return cn.as_graph(G)


def arcs(G, weighted: bool) -> dict[tuple[int, int], float]:
    """``a_ij`` of every stored tie: self-loops left out, parallel edges
    summed (or 1 when unweighted); both directions of an undirected edge."""
    a: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, w in G.edges(data="weight"):
        if u == v:
            continue
        pairs = [(u, v)] if G.is_directed() else [(u, v), (v, u)]
        for pair in pairs:
            a[pair] += w
    return {pair: (w if weighted else 1.0) for pair, w in a.items()}


# --------------------------------------------------------- slow references
def burt_reference(G, weighted: bool) -> dict[str, list[float]]:
    """Burt's four measures, actor by actor, from METRICS.md's formulas."""
    a = arcs(G, weighted)
    m: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), w in a.items():
        m[i, j] += w
        m[j, i] += w
    nodes = list(G)
    contacts = {i: [j for j in nodes if m.get((i, j), 0.0) > 0] for i in nodes}
    strength = {i: sum(m[i, j] for j in contacts[i]) for i in nodes}

    def p(i, j):
        return m.get((i, j), 0.0) / strength[i]

    out: dict[str, list[float]] = {key: [] for key in BURT}
    for i in nodes:
        N = contacts[i]
        if not N:
            for key in BURT:
                out[key].append(math.nan)
            continue
        c = {j: (p(i, j) + sum(p(i, q) * p(q, j) for q in N if q != j)) ** 2 for j in N}
        C = sum(c.values())
        E = sum(1 - sum(p(i, q) * m.get((j, q), 0.0) / max(m[j, k] for k in contacts[j])
                        for q in N if q != j)
                for j in N)
        if len(N) == 1:
            H = math.nan
        else:
            r = [c[j] / (C / len(N)) for j in N]
            H = sum(x * math.log(x) for x in r) / (len(N) * math.log(len(N)))
        for key, value in zip(BURT, (C, E, E / len(N), H)):
            out[key].append(value)
    return out


def role(ga, gb, gc) -> str:
    """METRICS.md's table of Gould-Fernandez roles of the broker b of a -> b -> c."""
    if ga == gb == gc:
        return "coordinator"
    if ga == gc != gb:
        return "itinerant"
    if ga == gb != gc:
        return "representative"
    if ga != gb == gc:
        return "gatekeeper"
    assert len({ga, gb, gc}) == 3
    return "liaison"


def gould_fernandez_reference(G) -> dict[int, dict[str, int]]:
    """Every open 2-path a -> b -> c, one at a time, by the broker's role."""
    tied = set(arcs(G, weighted=False))
    group = dict(G.nodes(data="group"))
    into = defaultdict(set)
    out_of = defaultdict(set)
    for a, c in tied:
        out_of[a].add(c)
        into[c].add(a)
    counts = {b: dict.fromkeys(br.ROLES[:5], 0) for b in G}
    for b in G:
        for a in into[b]:
            for c in out_of[b]:
                if a != c and (a, c) not in tied:
                    counts[b][role(group[a], group[b], group[c])] += 1
    return counts


def sna_null_reference(n: list[int], m: int) -> dict[str, np.ndarray]:
    """R sna 2.7-1 ``brokerage()``'s moments, transcribed from its R source
    (``exp.grp``, ``sd.grp`` squared, ``exp.gli``, ``sd.gli`` squared), in
    its column order w_I, w_O, b_IO, b_OI, b_O, t."""
    N = float(sum(n))
    n = [float(x) for x in n]
    d = m / (N * (N - 1))
    a2, a3, a4, a5 = d**2 * (1 - d), d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)

    def choose2(x):  # R's choose(x, 2), negative x included
        return x * (x - 1) / 2

    k = len(n)
    ebr, vbr = np.zeros((k, 6)), np.zeros((k, 6))
    for i in range(k):
        rest = [n[j] for j in range(k) if j != i]
        ebr[i, 0] = a2 * (n[i] - 1) * (n[i] - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - a2) + 2 * (n[i] - 1) * (n[i] - 2) * (n[i] - 3) * a3
        ebr[i, 1] = a2 * sum(x * (x - 1) for x in rest)
        vbr[i, 1] = ebr[i, 1] * (1 - a2) + 2 * sum(x * (x - 1) * (x - 2) for x in rest) * a3
        ebr[i, 2] = a2 * (N - n[i]) * (n[i] - 1)
        vbr[i, 2] = ebr[i, 2] * (1 - a2) + 2 * ((n[i] - 1) * choose2(N - n[i])
                                                 + (N - n[i]) * choose2(n[i] - 1)) * a3
        ebr[i, 3], vbr[i, 3] = ebr[i, 2], vbr[i, 2]
        ebr[i, 4] = a2 * (sum(x * y for x in rest for y in rest) - sum(x * x for x in rest))
        vbr[i, 4] = ebr[i, 4] * (1 - a2) + 4 * sum(x * choose2(N - x - n[i]) * a3 for x in rest)
        ebr[i, 5] = a2 * (N - 1) * (N - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - a2) + 2 * (N - 1) * (N - 2) * (N - 3) * a3
    egbr, vgbr = np.zeros(6), np.zeros(6)
    egbr[0] = a2 * sum(x * (x - 1) * (x - 2) for x in n)
    vgbr[0] = egbr[0] * (1 - a2) + sum(x * (x - 1) * (x - 2) * ((4 * x - 10) * a3
                                                                - 4 * (x - 3) * a4
                                                                + (x - 3) * a5) for x in n)
    egbr[1] = a2 * sum(x * (N - x) * (x - 1) for x in n)
    vgbr[1] = egbr[1] * (1 - a2) + (
        sum(x * y * (x - 1) * ((2 * x + 2 * y - 6) * a3 + (N - x - 1) * a5)
            for x in n for y in n)
        - sum(x * x * (x - 1) * ((4 * x - 6) * a3 + (N - x - 1) * a5) for x in n))
    egbr[2] = a2 * sum(x * (N - x) * (x - 1) for x in n)
    vgbr[2] = egbr[2] * (1 - a2) + sum(x * (N - x) * (x - 1) * ((N - 3) * a3 + (x - 2) * a5)
                                       for x in n)
    egbr[3], vgbr[3] = egbr[2], vgbr[2]
    egbr[4] = a2 * (sum(x * y * (N - x - y) for x in n for y in n)
                    - sum(x * x * (N - 2 * x) for x in n))
    vgbr[4] = egbr[4] * (1 - a2)
    for i in range(k):
        for j in range(k):
            for h in range(k):
                if i != j and j != h and i != h:
                    vgbr[4] += n[i] * n[j] * n[h] * (
                        (4 * (N - n[j]) - 2 * (n[i] + n[h] + 1)) * a3
                        - (4 * (N - n[h]) - 2 * (n[i] + n[j] + 1)) * a4
                        + (N - (n[i] + n[h] + 1)) * a5)
    egbr[5] = a2 * N * (N - 1) * (N - 2)
    vgbr[5] = egbr[5] * (1 - a2) + N * (N - 1) * (N - 2) * ((4 * N - 10) * a3
                                                            - 4 * (N - 3) * a4 + (N - 3) * a5)
    return {"group_expected": ebr, "group_var": vbr, "network_expected": egbr,
            "network_var": vgbr}


def participation_reference(G, modules: dict, weighted: bool) -> tuple[list, list]:
    """Guimerà and Amaral's P and z, actor by actor (module None: left out)."""
    tie: dict[frozenset, float] = defaultdict(float)
    for (i, j), w in arcs(G, weighted=True).items():
        if G.is_directed() or i < j:
            tie[frozenset((i, j))] += w
    if not weighted:
        tie = dict.fromkeys(tie, 1.0)
    nodes = [v for v in G if modules[v] is not None]
    contacts = {i: {j: w for pair, w in tie.items() if i in pair
                    for j in pair if j != i and modules[j] is not None} for i in nodes}
    own = {i: sum(w for j, w in contacts[i].items() if modules[j] == modules[i]) for i in nodes}
    P, z = [], []
    for i in G:
        if modules[i] is None:
            P.append(math.nan)
            z.append(math.nan)
            continue
        k = sum(contacts[i].values())
        kappa: dict[object, float] = defaultdict(float)
        for j, w in contacts[i].items():
            kappa[modules[j]] += w
        P.append(1 - sum((x / k) ** 2 for x in kappa.values()) if k else math.nan)
        members = [own[j] for j in nodes if modules[j] == modules[i]]
        if min(members) == max(members):
            z.append(math.nan)
        else:
            mean = sum(members) / len(members)
            sd = math.sqrt(sum((x - mean) ** 2 for x in members) / len(members))
            z.append((own[i] - mean) / sd)
    return P, z


# ------------------------------------------------------------------- Burt
@settings(max_examples=60, deadline=None)
@given(multigraphs(), st.booleans(), st.integers(1, 8), st.randoms(use_true_random=False))
def test_burt_equals_reference(G, weighted, budget, rnd):
    ref = burt_reference(G, weighted)
    g = as_graph(G)
    M = kernels.mutual(g.adjacency, directed=g.directed, weighted=weighted)
    egos = list(range(len(G)))
    rnd.shuffle(egos)
    egos = np.array(egos[: rnd.randint(1, len(egos))])
    # the numpy engine on each path and block size; the compiled one (its
    # own choice of path) when numba is installed
    paths = [("numpy", method, block) for method in ("all", "some") for block in (budget, 1 << 20)]
    paths += [("numba", "auto", 1 << 20)] if "numba" in _compiled.available() else []
    for positions in (None, egos):
        wanted = range(len(G)) if positions is None else positions
        for engine, method, block in paths:
            out = kernels.burt(M, positions, method=method, budget=block, engine=engine)
            for key in BURT:
                np.testing.assert_allclose(out[key], [ref[key][i] for i in wanted],
                                           rtol=1e-12, atol=1e-12, equal_nan=True,
                                           err_msg=f"{key}, {engine}, {method}, budget {block}")
    public = br.structural_holes(g, weight=weighted)
    for key in BURT:
        np.testing.assert_allclose(public[key].to_numpy(), ref[key], rtol=1e-12, atol=1e-12,
                                   equal_nan=True)
        np.testing.assert_array_equal(getattr(br, key)(g, weight=weighted).to_numpy(),
                                      public[key].to_numpy())


def test_burt_reference_knows_the_answers():
    # the reference itself, on METRICS.md's checked values (Borgatti 1997)
    G = nx.MultiGraph([("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"),
                       ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")])
    nx.set_edge_attributes(G, 1.0, "weight")
    ref = burt_reference(G, weighted=False)
    at = {v: i for i, v in enumerate(G)}
    assert ref["constraint"][at["G"]] == pytest.approx(0.4003, abs=5e-5)
    assert ref["constraint"][at["A"]] == pytest.approx(0.5955, abs=5e-5)
    assert ref["effective_size"][at["G"]] == pytest.approx(4.667, abs=5e-4)
    assert ref["efficiency"][at["G"]] == pytest.approx(0.7778, abs=5e-5)
    assert math.isnan(ref["hierarchy"][at["C"]])


# -------------------------------------------------------- Gould-Fernandez
@settings(max_examples=60, deadline=None)
@given(multigraphs(), st.integers(1, 8))
def test_gould_fernandez_counts_equal_reference(G, budget):
    ref = gould_fernandez_reference(G)
    g = as_graph(G)
    codes = np.unique(np.asarray([G.nodes[v]["group"] for v in G]), return_inverse=True)[1]
    path_codes = [r.path_code for r in br.GOULD_FERNANDEZ_ROLES]
    expected = np.array([[ref[v][name] for name in br.ROLES[:5]] for v in G], dtype=float)
    for symmetric in (None, not g.directed):
        for engine in _compiled.available():
            for block in (budget, None):
                counts = kernels.gf_counts(g.adjacency, codes, path_codes, symmetric=symmetric,
                                           budget=block, engine=engine)
                np.testing.assert_array_equal(counts, expected)
    raw = br.gould_fernandez(g, "group").raw
    np.testing.assert_array_equal(raw[list(br.ROLES[:5])].to_numpy(), expected)
    np.testing.assert_array_equal(raw["total"].to_numpy(), expected.sum(axis=1))
    assert kernels.two_path_count(g.adjacency) == sum(
        len(set(G.predecessors(b) if g.directed else G[b]) - {b})
        * len(set(G.successors(b) if g.directed else G[b]) - {b})
        - len((set(G.predecessors(b)) & set(G.successors(b)) if g.directed
               else set(G[b])) - {b})
        for b in G)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=1, max_size=7), st.floats(0, 1))
def test_gould_fernandez_null_equals_sna(sizes, density):
    N = sum(sizes)
    if N < 2:
        return
    m = round(density * N * (N - 1))
    ref = sna_null_reference(sizes, m)
    out = kernels.gf_null(np.array(sizes), m, [r.path_code for r in br.GOULD_FERNANDEZ_ROLES])
    for key in ref:
        # sna sums floats over groups in its own order; the kernel sums exact
        # integers first: equal to rounding, relative to the largest term
        scale = max(1.0, float(np.abs(ref[key]).max()))
        np.testing.assert_allclose(out[key], ref[key], rtol=1e-12, atol=1e-12 * scale,
                                   err_msg=key)


def test_gould_fernandez_null_of_one_actor_is_nan():
    # density m / (N (N - 1)) is 0/0 for a single actor
    out = kernels.gf_null(np.array([1]), 0, [r.path_code for r in br.GOULD_FERNANDEZ_ROLES])
    assert all(np.isnan(v).all() for v in out.values())


# ------------------------------------------- the kernel's role tables
def test_path_codes_of_group_labels():
    # every labelling of a, b, c by groups gives one of PATH_CODES, and the
    # role table gives each of them exactly one role
    seen = set()
    for ga in range(3):
        for gb in range(3):
            for gc in range(3):
                code = gf.path_code(ga == gb, gb == gc, ga == gc)
                assert code in gf.PATH_CODES
                roles = [r.name for r in br.GOULD_FERNANDEZ_ROLES if r.path_code == code]
                assert roles == [role(ga, gb, gc)]
                seen.add(code)
    assert seen == set(gf.PATH_CODES)


def test_triangle_tables_against_group_labels():
    # DIRECTED_PATHS[8 * kind + tc] is the path code of the kind-th 2-path
    # around a triangle u < v < w whose groups give triangle code tc
    assert sorted(map(tuple, gf.PATHS_AROUND_TRIANGLE)) == sorted(
        (a, b, c) for a in "uvw" for b in "uvw" for c in "uvw" if len({a, b, c}) == 3)
    for labels in np.ndindex(3, 3, 3):
        group = dict(zip("uvw", labels))
        tc = (4 * (group["u"] == group["v"]) + 2 * (group["u"] == group["w"])
              + (group["v"] == group["w"]))
        for kind, (a, b, c) in enumerate(gf.PATHS_AROUND_TRIANGLE):
            row = gf.DIRECTED_PATHS[8 * kind + tc]
            expected = gf.path_code(group[a] == group[b], group[b] == group[c],
                                    group[a] == group[c])
            assert row.sum() == 1 and row[expected] == 1
        # symmetric graphs: the class of each broker counts its two 2-paths
        for k, broker in enumerate("uvw"):
            both = gf.DIRECTED_PATHS[8 * (2 * k) + tc] + gf.DIRECTED_PATHS[8 * (2 * k + 1) + tc]
            assert gf.PATHS_AROUND_TRIANGLE[2 * k][1] == gf.PATHS_AROUND_TRIANGLE[2 * k + 1][1]
            assert gf.PATHS_AROUND_TRIANGLE[2 * k][1] == broker
            np.testing.assert_array_equal(gf.SYMMETRIC_PATHS[gf.SYMMETRIC_CLASS[k, tc]], both)


# ----------------------------------------------------------- participation
@settings(max_examples=60, deadline=None)
@given(multigraphs(), st.booleans(), st.booleans(), st.data())
def test_participation_equals_reference(G, weighted, drop, data):
    modules = {v: data.draw(st.sampled_from("pqr")) for v in G}
    if drop:
        for v in data.draw(st.lists(st.sampled_from(list(G)), max_size=3)):
            modules[v] = None
    P_ref, z_ref = participation_reference(G, modules, weighted)
    g = as_graph(G)
    codes = np.array([-1 if modules[v] is None else "pqr".index(modules[v]) for v in G])
    M = kernels.either_direction(g.adjacency, directed=g.directed, weighted=weighted)
    P, z = participation_from_csr(M.indptr, M.indices, M.data, codes, binary=not weighted)
    np.testing.assert_allclose(P, P_ref, rtol=1e-12, atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(z, z_ref, rtol=1e-12, atol=1e-12, equal_nan=True)
    if not drop:
        public = br.participation(g, modules, weight=weighted)
        np.testing.assert_allclose(public["participation"].to_numpy(), P_ref, rtol=1e-12,
                                   atol=1e-12, equal_nan=True)
        np.testing.assert_allclose(public["within_module_z"].to_numpy(), z_ref, rtol=1e-12,
                                   atol=1e-12, equal_nan=True)


# ------------------------------------------------------------- gatekeepers
@settings(max_examples=60, deadline=None)
@given(multigraphs())
def test_gatekeepers_equal_reference(G):
    inside = dict(G.nodes(data="inside"))
    weight: dict[frozenset, float] = defaultdict(float)
    for (i, j), w in arcs(G, weighted=True).items():
        if G.is_directed() or i < j:
            weight[frozenset((i, j))] += w  # m_ij = a_ij + a_ji, or the weight
    rows = []
    for i in G:
        if not inside[i]:
            continue
        ties = {j: w for pair, w in weight.items() if i in pair for j in pair if j != i}
        out = {j: w for j, w in ties.items() if not inside[j]}
        rows.append([len(ties) - len(out), len(out), sum(ties.values()) - sum(out.values()),
                     sum(out.values()), len(out) / len(ties) if ties else math.nan,
                     sum(out.values()) / sum(ties.values()) if ties else math.nan])
    result = br.gatekeepers(as_graph(G), "inside")
    assert list(result.index) == [v for v in G if inside[v]]
    np.testing.assert_allclose(result.to_numpy(dtype=float), np.array(rows).reshape(-1, 6),
                               rtol=1e-12, atol=1e-12, equal_nan=True)
