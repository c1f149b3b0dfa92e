"""Gould-Fernandez brokerage roles against R sna's brokerage().

Reference values: tests/data/brokerage_gf_sna.csv, made by
``Rscript tests/data/brokerage_gf_sna.R`` (sna 2.7-1) from the graphs in
tests/data/brokerage_gf_{cases,ties,groups}.csv (made by
``python tests/data/brokerage_gf_make.py``). Case 0 is the example of
METRICS.md. A plain Python loop over all 2-paths (in this file) is a second,
independent count.
"""

from __future__ import annotations

import functools
from pathlib import Path

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

DATA = Path(__file__).parent / "data"
CODES = ["w_I", "w_O", "b_IO", "b_OI", "b_O", "t"]
ROLES = list(br.ROLES)

CASES = pd.read_csv(DATA / "brokerage_gf_cases.csv")
TIES = pd.read_csv(DATA / "brokerage_gf_ties.csv")
GROUPS = pd.read_csv(DATA / "brokerage_gf_groups.csv")
SNA = pd.read_csv(DATA / "brokerage_gf_sna.csv")

_ORIGINAL = kernels.gf_counts


@pytest.fixture(params=[("numpy", 1 << 21), ("numpy", 2), ("numba", None)],
                ids=["one-block", "tiny-blocks", "numba"])
def engine(request, monkeypatch):
    """Run the public function on one engine (and block size)."""
    name, budget = request.param
    if name not in _compiled.available():
        pytest.skip("numba is not installed (pip install 'clusternet[fast]')")
    monkeypatch.setattr(kernels, "gf_counts",
                        functools.partial(_ORIGINAL, budget=budget, engine=name))
    return request.param


def case_graph(case: int) -> cn.CollaborationGraph:
    row = CASES.loc[CASES["case"] == case].iloc[0]
    ties = TIES.loc[TIES["case"] == case, ["source", "target"]]
    actors = GROUPS.loc[GROUPS["case"] == case, ["actor", "group"]]
    return cn.from_edgelist(ties, directed=bool(row["directed"]), actors=actors)


def brute_force(G: nx.DiGraph, group: dict) -> dict:
    """Count every open 2-path a -> b -> c by role, one at a time."""
    out = {v: [0] * 5 for v in G}
    for b in G:
        for a in G.predecessors(b):
            for c in G.successors(b):
                if a == c or G.has_edge(a, c):
                    continue
                ga, gb, gc = group[a], group[b], group[c]
                if ga == gb == gc:
                    k = 0
                elif ga == gc:
                    k = 1
                elif ga == gb:
                    k = 2
                elif gb == gc:
                    k = 3
                else:
                    k = 4
                out[b][k] += 1
    return out


@pytest.mark.parametrize("case", sorted(CASES["case"]))
def test_equals_sna(case, engine):
    r = br.gould_fernandez(case_graph(case), "group")
    ref = SNA.loc[SNA["case"] == case]
    for stat in ("raw", "expected", "sd", "z"):
        actor = ref.loc[(ref["statistic"] == stat) & ref["actor"].notna()]
        actor = actor.set_index(actor["actor"].astype(int))[CODES]
        ours = getattr(r, stat).rename(columns=br.SNA_CODES).loc[actor.index, CODES]
        np.testing.assert_allclose(ours.to_numpy(), actor.to_numpy(), rtol=1e-12, atol=1e-12,
                                   equal_nan=True, err_msg=f"case {case} {stat}")
        net = ref.loc[(ref["statistic"] == stat) & ref["actor"].isna(), CODES].to_numpy()[0]
        ours_net = r.network.loc[stat].rename(br.SNA_CODES)[CODES].to_numpy()
        np.testing.assert_allclose(ours_net, net, rtol=1e-12, atol=1e-12, equal_nan=True,
                                   err_msg=f"case {case} network {stat}")


def test_metrics_example(engine):
    # METRICS.md (checked with sna): actor 2 raw (w_I, w_O, b_IO, b_OI, b_O) =
    # (0, 1, 2, 0, 1), z(b_IO) = 3.341; network totals (0, 1, 4, 4, 1), total 10
    r = br.gould_fernandez(case_graph(0), "group")
    assert r.raw.loc[2, ROLES[:5]].tolist() == [0, 1, 2, 0, 1]
    assert r.z.loc[2, "representative"] == pytest.approx(3.341, abs=5e-4)
    assert r.network.loc["raw"].tolist() == [0, 1, 4, 4, 1, 10]


@pytest.mark.parametrize("case", sorted(CASES["case"]))
def test_equals_brute_force(case):
    g = case_graph(case)
    G = g.to_networkx()
    G = G if G.is_directed() else G.to_directed()
    expected = brute_force(G, dict(zip(g.actor_ids, g.actors["group"])))
    r = br.gould_fernandez(g, "group")
    for v, counts in expected.items():
        assert r.raw.loc[v, ROLES[:5]].tolist() == counts
        assert r.raw.loc[v, "total"] == sum(counts)


def test_undirected_is_symmetric_digraph():
    g = case_graph(9)
    assert not g.directed
    G = g.to_networkx().to_directed()
    a = br.gould_fernandez(g, "group")
    b = br.gould_fernandez(G, "group")
    for stat in ("raw", "expected", "sd", "z"):
        pd.testing.assert_frame_equal(getattr(a, stat), getattr(b, stat), check_exact=False,
                                      rtol=1e-13)


def test_result_object():
    r = br.gould_fernandez(case_graph(0), "group")
    assert isinstance(r, br.GouldFernandez)
    for stat in ("raw", "expected", "sd", "z"):
        df = getattr(r, stat)
        assert list(df.columns) == ROLES and df.index.name == "actor"
        assert df.attrs["clusternet"]["measure"] == f"gould_fernandez.{stat}"
        assert df.attrs["clusternet"]["params"]["attribute"] == "group"
    assert list(r.network.index) == ["raw", "expected", "sd", "z"]
    assert list(r.group_expected.index) == ["A", "B", "C"]
    frame = r.to_frame()
    assert frame.shape == (6, 24) and frame.columns.names == ["statistic", "role"]
    assert br.SNA_CODES == dict(zip(ROLES, CODES))
    assert "GouldFernandez" in repr(r)
    # expected value per actor is its group's (sna's exp.grp)
    np.testing.assert_array_equal(r.expected.loc[[3, 4]].to_numpy(),
                                  r.group_expected.loc[["B", "B"]].to_numpy())


def test_weights_ignored():
    g = case_graph(3)
    t = g.ties.assign(weight=np.arange(1, g.n_ties + 1, dtype=float))
    h = cn.from_edgelist(t, weight="weight", directed=g.directed, actors=g.actors)
    a, b = br.gould_fernandez(g, "group"), br.gould_fernandez(h, "group")
    pd.testing.assert_frame_equal(a.z, b.z.loc[a.z.index])


def test_zero_sd_gives_nan_z():
    # coordinator in a group of two: sd 0 -> z NaN (as sna's 0/0), not 0 or inf
    r = br.gould_fernandez(case_graph(0), "group")
    assert (r.sd["coordinator"] == 0).all()
    assert r.z["coordinator"].isna().all()


def test_missing_group_error_and_drop():
    g = case_graph(2)
    groups = g.actors["group"].astype(object)
    groups.iloc[[1, 4]] = None
    h = g.with_attributes(pd.DataFrame({"group": groups}))
    with pytest.raises(cn.ClusternetError, match="missing='drop'"):
        br.gould_fernandez(h, "group")
    r = br.gould_fernandez(h, "group", missing="drop")
    dropped = list(g.actor_ids[[1, 4]])
    assert r.raw.loc[dropped].isna().all().all()
    # the same as the analysis of the subgraph of the other actors
    kept = [a for a in g.actor_ids if a not in dropped]
    s = br.gould_fernandez(h.subgraph(kept), "group")
    for stat in ("raw", "expected", "sd", "z"):
        pd.testing.assert_frame_equal(getattr(r, stat).loc[kept], getattr(s, stat),
                                      check_exact=False, rtol=1e-13)
    pd.testing.assert_frame_equal(r.network, s.network, check_exact=False, rtol=1e-13)
    own = br.gould_fernandez(h, "group", missing="own-group")
    assert len(own.group_expected) == len(s.group_expected) + 2


def test_bad_input():
    g = case_graph(0)
    with pytest.raises(cn.UnknownAttributeError, match="no actor attribute 'sector'"):
        br.gould_fernandez(g, "sector")
    with pytest.raises(KeyError):  # UnknownAttributeError is a KeyError and a ColumnError
        br.gould_fernandez(g, "sector")
    with pytest.raises(cn.ClusternetError, match="attribute must be the name"):
        br.gould_fernandez(g, ["A"])
    with pytest.raises(cn.ClusternetError, match="missing="):
        br.gould_fernandez(g, "group", missing="ignore")
    with pytest.raises(TypeError):
        br.gould_fernandez(g, "group", "drop")


def test_role_table():
    # METRICS.md "Gould-Fernandez brokerage": code, role and groups of each
    # role, in R sna's column order; ROLES and SNA_CODES derive from the table
    metrics = [("w_I", "coordinator", "G(a)=G(b)=G(c)"),
               ("w_O", "itinerant", "G(a)=G(c)!=G(b)"),
               ("b_IO", "representative", "G(a)=G(b)!=G(c)"),
               ("b_OI", "gatekeeper", "G(a)!=G(b)=G(c)"),
               ("b_O", "liaison", "all three differ")]
    table = br.GOULD_FERNANDEZ_ROLES
    assert [(r.sna_code, r.name, r.groups.replace(" ", "")) for r in table] == [
        (code, name, groups.replace(" ", "")) for code, name, groups in metrics]
    assert br.ROLES == (*(name for _, name, _ in metrics), "total")
    assert br.SNA_CODES == {**{name: code for code, name, _ in metrics}, "total": "t"}
    # each role's group pattern, read off its words: a, b, c labelled by the
    # groups the words give them
    for role in table:
        if role.groups == "all three differ":
            group = {"a": 0, "b": 1, "c": 2}
        else:
            # "G(x) = G(y) != G(z)": x, y in one group, z in another
            parts = role.groups.replace(" ", "").split("!=")
            group = {}
            for k, part in enumerate(parts):
                for node in part.replace("G(", "").replace(")", "").split("="):
                    group[node] = k
        assert (role.same_ab, role.same_bc, role.same_ac) == (
            group["a"] == group["b"], group["b"] == group["c"], group["a"] == group["c"])


def test_tiny_graphs():
    G = nx.DiGraph()
    G.add_node("a", group="x")
    r = br.gould_fernandez(G, "group")
    assert r.raw.loc["a"].tolist() == [0.0] * 6
    assert r.z.isna().all().all()
    G.add_node("b", group="y")
    G.add_edge("a", "b")
    assert br.gould_fernandez(G, "group").network.loc["raw", "total"] == 0


def test_null_model_sums_equal_sna_loops():
    # gf_null rewrites sna's sums over pairs and triples of groups as power
    # sums; check against sna's loops written out literally (many groups)
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = rng.integers(1, 9, size=int(rng.integers(1, 9)))
        N = int(n.sum())
        if N < 2:
            continue
        m = int(rng.integers(0, N * (N - 1) + 1))
        out = kernels.gf_null(n, m, [role.path_code for role in br.GOULD_FERNANDEZ_ROLES])
        d = m / (N * (N - 1))
        a3, a4, a5 = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
        e = d**2 * (1 - d) * (sum(x * y * (N - x - y) for x in n for y in n)
                              - sum(n * n * (N - 2 * n)))
        v = e * (1 - d**2 * (1 - d))
        for i in range(len(n)):
            for j in range(len(n)):
                for k in range(len(n)):
                    if i != j and j != k and i != k:
                        v += n[i] * n[j] * n[k] * (
                            (4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * a3
                            - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * a4
                            + (N - (n[i] + n[k] + 1)) * a5)
        assert out["network_expected"][4] == pytest.approx(e, rel=1e-12, abs=1e-12)
        assert out["network_var"][4] == pytest.approx(v, rel=1e-10, abs=1e-12)
        for i in range(len(n)):
            rest = np.delete(n, i)
            v5 = 4 * sum(x * (N - x - n[i]) * (N - x - n[i] - 1) / 2 for x in rest) * a3
            e5 = d**2 * (1 - d) * (rest.sum() ** 2 - (rest**2).sum())
            assert out["group_var"][i, 4] == pytest.approx(e5 * (1 - d**2 * (1 - d)) + v5,
                                                           rel=1e-12, abs=1e-12)


# ----------------------------------------------------------------- properties
@st.composite
def grouped_digraphs(draw):
    n = draw(st.integers(1, 12))
    directed = draw(st.booleans())
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (directed or i < j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=45)) if pairs else []
    G = nx.DiGraph() if directed else nx.Graph()
    for i in range(n):
        G.add_node(i, group=draw(st.sampled_from("abcd")))
    G.add_edges_from(chosen)
    return G


@settings(max_examples=40)
@given(grouped_digraphs())
def test_raw_equals_brute_force_property(G):
    D = G if G.is_directed() else G.to_directed()
    expected = brute_force(D, nx.get_node_attributes(G, "group"))
    r = br.gould_fernandez(G, "group")
    for v, counts in expected.items():
        assert r.raw.loc[v, ROLES[:5]].tolist() == counts


@settings(max_examples=25)
@given(grouped_digraphs(), st.randoms(use_true_random=False))
def test_relabelling_permutes_results(G, rnd):
    nodes = list(G)
    rnd.shuffle(nodes)
    H = G.__class__()
    H.add_nodes_from((f"x{v}", G.nodes[v]) for v in nodes)
    H.add_edges_from((f"x{u}", f"x{v}") for u, v in G.edges)
    a, b = br.gould_fernandez(G, "group"), br.gould_fernandez(H, "group")
    for stat in ("raw", "expected", "sd", "z"):
        left = getattr(a, stat).rename(index=lambda v: f"x{v}")
        pd.testing.assert_frame_equal(left, getattr(b, stat).loc[left.index],
                                      check_exact=False, rtol=1e-12)


@settings(max_examples=25)
@given(grouped_digraphs(), grouped_digraphs())
def test_disjoint_union_raw_counts_add(G1, G2):
    if G1.is_directed() != G2.is_directed():
        G2 = G2.to_directed() if G1.is_directed() else G2.to_undirected()
    U = nx.disjoint_union(G1, G2)
    raw = br.gould_fernandez(U, "group").raw
    parts = pd.concat([br.gould_fernandez(G1, "group").raw,
                       br.gould_fernandez(G2, "group").raw.rename(index=lambda v: v + len(G1))])
    pd.testing.assert_frame_equal(raw, parts.loc[raw.index])
