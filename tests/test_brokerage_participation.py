"""Participation coefficient and roles (Guimerà and Amaral 2005); gatekeepers
to the outside (Giuliani and Bell 2005).

Expected numbers: worked by hand in the comments; a plain Python
implementation of the formulas (in this file) on random graphs.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import brokerage as br
from clusternet.brokerage._participation import _roles

# two triangles joined by c -- d, and a chain a -- g -- h
EDGES = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("d", "e"), ("d", "f"), ("e", "f"),
         ("a", "g"), ("g", "h")]
SIDE = {"a": "x", "b": "x", "c": "x", "g": "x", "d": "y", "e": "y", "f": "y", "h": "z"}


def example() -> nx.Graph:
    G = nx.Graph(EDGES)
    nx.set_node_attributes(G, SIDE, "side")
    return G


def plain_participation(G: nx.Graph, module: dict, weight: str | None = None) -> pd.DataFrame:
    """The formulas, one actor at a time."""
    rows = {}
    own = {v: sum(G[v][u].get(weight, 1) if weight else 1 for u in G[v]
                  if module[u] == module[v]) for v in G}
    for v in G:
        k = sum(G[v][u].get(weight, 1) if weight else 1 for u in G[v])
        by = {}
        for u in G[v]:
            by[module[u]] = by.get(module[u], 0) + (G[v][u].get(weight, 1) if weight else 1)
        P = 1 - sum((x / k) ** 2 for x in by.values()) if k else np.nan
        members = [u for u in G if module[u] == module[v]]
        vals = np.array([own[u] for u in members], dtype=float)
        z = np.nan if vals.min() == vals.max() else (own[v] - vals.mean()) / vals.std()
        rows[v] = (P, z)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["participation", "within_module_z"])


class TestParticipation:
    def test_worked_example(self):
        # by hand: module x = {a, b, c, g}; within-module degrees a 3, b 2, c 2, g 1:
        # mean 2, population SD sqrt(1/2) -> z_a = sqrt(2), z_g = -sqrt(2), z_b = z_c = 0.
        # P_c = 1 - (2/3)^2 - (1/3)^2 = 4/9; P_g = 1 - 2 * (1/2)^2 = 1/2;
        # module y: all within-degrees 2 -> z undefined (NaN); h alone in z -> NaN
        r = br.participation(example(), "side")
        np.testing.assert_allclose(r["participation"].to_numpy(),
                                   [0, 0, 4 / 9, 4 / 9, 0, 0, 0.5, 0], atol=1e-15)
        z = r["within_module_z"]
        assert z["a"] == pytest.approx(np.sqrt(2)) and z["g"] == pytest.approx(-np.sqrt(2))
        assert z["b"] == 0 and z["c"] == 0
        assert z[["d", "e", "f", "h"]].isna().all()
        assert r["role"].tolist() == ["R1", "R1", "R2", "R2", "R1", "R1", "R2", "R1"]
        assert list(r.columns) == ["module", "participation", "within_module_z", "role"]
        assert r.attrs["clusternet"]["params"]["modules"] == "side"

    def test_mapping_series_and_attribute_agree(self):
        G = example()
        a = br.participation(G, "side")
        b = br.participation(G, SIDE)
        c = br.participation(G, pd.Series(SIDE))
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)

    def test_roles_thresholds(self):
        # Guimerà & Amaral 2005: hubs z >= 2.5; boundaries belong to the lower role
        P = np.array([0.05, 0.0501, 0.62, 0.6201, 0.80, 0.8001, 0.30, 0.3001, 0.75, 0.7501,
                      np.nan, 0.5])
        z = np.array([0, 0, 0, 0, 0, 0, 2.5, 2.5, 2.5, 2.5, 3.0, np.nan])
        assert _roles(P, z).tolist() == ["R1", "R2", "R2", "R3", "R3", "R4", "R5", "R6", "R6",
                                         "R7", None, "R2"]

    def test_isolate_is_nan(self):
        G = example()
        G.add_node("solo", side="x")
        r = br.participation(G, "side")
        assert np.isnan(r.loc["solo", "participation"])
        assert pd.isna(r.loc["solo", "role"])
        # its within-module degree 0 still counts in module x's mean and SD
        assert r.loc["solo", "within_module_z"] < 0

    @pytest.mark.parametrize("weighted", [False, True])
    @pytest.mark.parametrize("seed", range(3))
    def test_equals_plain_implementation(self, seed, weighted):
        rng = np.random.default_rng(seed)
        G = nx.gnp_random_graph(30, 0.15, seed=seed)
        for u, v in G.edges:
            G[u][v]["weight"] = float(rng.integers(1, 4))
        module = {v: int(rng.integers(0, 4)) for v in G}
        ours = br.participation(G, module, weight=weighted)
        ref = plain_participation(G, module, "weight" if weighted else None)
        np.testing.assert_allclose(ours[["participation", "within_module_z"]].to_numpy(),
                                   ref.loc[ours.index].to_numpy(), rtol=1e-12, atol=1e-12,
                                   equal_nan=True)

    def test_directed_read_as_undirected(self):
        D = nx.DiGraph([(u, v) for u, v in EDGES])
        pd.testing.assert_frame_equal(br.participation(D, SIDE), br.participation(example(), SIDE))

    def test_directed_reciprocated_pair_is_one_contact(self):
        # METRICS.md: a directed graph is read as undirected, A or A^T when
        # unweighted; by hand, a's contacts are b (a <-> b) and c, in two
        # modules: P_a = 1 - (1/2)^2 - (1/2)^2 = 1/2, as in the undirected graph
        D = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
        modules = {"a": 0, "b": 0, "c": 1}
        r = br.participation(D, modules)
        assert r.loc["a", "participation"] == 0.5
        pd.testing.assert_frame_equal(r, br.participation(D.to_undirected(), modules))
        # weighted: the two directions' weights add, 1 + 1 to b and 1 to c
        nx.set_edge_attributes(D, 1.0, "weight")
        w = br.participation(D, modules, weight=True)
        assert w.loc["a", "participation"] == pytest.approx(1 - (2 / 3) ** 2 - (1 / 3) ** 2)

    def test_leiden_seeded(self):
        G = nx.karate_club_graph()
        a = br.participation(G, "leiden", rng=1)
        b = br.participation(G, "leiden", rng=1)
        pd.testing.assert_frame_equal(a, b)
        assert a["module"].nunique() >= 2
        # modules numbered in order of their first actor
        firsts = a["module"].drop_duplicates().tolist()
        assert firsts == sorted(firsts)
        # same numbers as passing those modules as a mapping
        m = br.participation(G, a["module"].astype(int).to_dict())
        np.testing.assert_allclose(m["participation"], a["participation"])
        assert a.attrs["clusternet"]["params"]["rng"] == 1

    def test_missing_modules(self):
        side = dict(SIDE)
        side.pop("h")
        with pytest.raises(cn.ClusternetError, match="missing='drop'"):
            br.participation(example(), side)
        r = br.participation(example(), side, missing="drop")
        assert r.loc["h", ["participation", "within_module_z"]].isna().all()
        # g's tie to the dropped h is left out: all its ties are now inside x
        assert r.loc["g", "participation"] == 0
        own = br.participation(example(), side, missing="own-group")
        assert own.loc["h", "participation"] == 0

    def test_bad_input(self):
        G = example()
        with pytest.raises(cn.UnknownAttributeError, match="no actor attribute 'sector'"):
            br.participation(G, "sector")
        with pytest.raises(cn.UnknownActorError):
            br.participation(G, {**SIDE, "zed": "x"})
        with pytest.raises(cn.ClusternetError, match="modules must be"):
            br.participation(G, 3)
        with pytest.raises(cn.ClusternetError, match="weight"):
            br.participation(G, "side", weight=None)
        with pytest.raises(cn.ClusternetError, match="resolution"):
            br.participation(G, "leiden", resolution=0)
        with pytest.raises(TypeError):
            br.participation(G, "side", True)

    @pytest.mark.parametrize("modules", ["leiden", "side"])
    @pytest.mark.parametrize("bad", [True, -1, 1.5, "seed"])
    def test_bad_rng_refused_before_any_work(self, modules, bad):
        # the one seed parser (_validation.as_rng): also when Leiden would
        # not draw anything
        with pytest.raises(cn.ClusternetError, match="rng must be"):
            br.participation(example(), modules, rng=bad)

    def test_rng_is_keyword_only(self):
        with pytest.raises(TypeError):
            br.participation(example(), "leiden", False, "error", 1)


@st.composite
def moduled_graphs(draw):
    n = draw(st.integers(1, 12))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    G = nx.Graph()
    for i in range(n):
        G.add_node(i, m=draw(st.sampled_from("pqr")))
    G.add_edges_from(chosen)
    return G


@settings(max_examples=30)
@given(moduled_graphs(), st.randoms(use_true_random=False))
def test_participation_properties(G, rnd):
    r = br.participation(G, "m")
    ref = plain_participation(G, nx.get_node_attributes(G, "m"))
    np.testing.assert_allclose(r[["participation", "within_module_z"]].to_numpy(),
                               ref.loc[r.index].to_numpy(), rtol=1e-12, atol=1e-12,
                               equal_nan=True)
    P = r["participation"].dropna()
    assert ((P >= -1e-15) & (P < 1)).all()
    # relabelling permutes the results
    order = list(G)
    rnd.shuffle(order)
    H = nx.Graph()
    H.add_nodes_from((f"v{v}", G.nodes[v]) for v in order)
    H.add_edges_from((f"v{u}", f"v{v}") for u, v in G.edges)
    s = br.participation(H, "m").loc[[f"v{v}" for v in G]]
    np.testing.assert_allclose(s[["participation", "within_module_z"]].to_numpy(),
                               r[["participation", "within_module_z"]].to_numpy(),
                               rtol=1e-12, atol=1e-12, equal_nan=True)


# ------------------------------------------------------------------ gatekeepers
class TestGatekeepers:
    def graph(self, directed: bool = False) -> cn.CollaborationGraph:
        ties = pd.DataFrame({"source": ["a", "a", "b", "b", "x"],
                             "target": ["b", "x", "c", "y", "a"],
                             "weight": [1.0, 3.0, 1.0, 1.0, 2.0]})
        actors = pd.DataFrame({"actor": ["a", "b", "c", "x", "y"],
                               "local": [True, True, True, False, False]})
        return cn.from_edgelist(ties, weight="weight", directed=directed, actors=actors)

    def test_worked_example(self):
        # by hand (undirected: a -- x appears twice, weights summed 3 + 2 = 5):
        # a: inside {b}, outside {x}: 1, 1 ties, weights 1, 5 -> shares 1/2, 5/6
        # b: inside {a, c}, outside {y}: 2, 1 -> 1/3; c: inside {b} -> 0
        r = br.gatekeepers(self.graph(), "local")
        assert list(r.index) == ["a", "b", "c"]
        assert r["internal_ties"].tolist() == [1, 2, 1]
        assert r["external_ties"].tolist() == [1, 1, 0]
        assert r["external_weight"].tolist() == [5.0, 1.0, 0.0]
        np.testing.assert_allclose(r["external_share"], [1 / 2, 1 / 3, 0])
        np.testing.assert_allclose(r["external_weight_share"], [5 / 6, 1 / 3, 0])
        assert r.attrs["clusternet"]["measure"] == "gatekeepers"

    def test_directed_counts_either_direction(self):
        # a -> x and x -> a: one contact, mutual weight 3 + 2
        r = br.gatekeepers(self.graph(directed=True), "local")
        assert r.loc["a", "external_ties"] == 1 and r.loc["a", "external_weight"] == 5.0

    def test_mapping_and_no_ties(self):
        g = self.graph()
        inside = dict(zip(g.actor_ids, g.actors["local"]))
        pd.testing.assert_frame_equal(br.gatekeepers(g, inside), br.gatekeepers(g, "local"))
        G = nx.Graph()
        G.add_node("alone", inside=True)
        r = br.gatekeepers(G, "inside")
        assert r.loc["alone", ["external_share", "external_weight_share"]].isna().all()

    def test_bad_input(self):
        g = self.graph()
        with pytest.raises(cn.UnknownAttributeError, match="no actor attribute 'territory'"):
            br.gatekeepers(g, "territory")
        with pytest.raises(cn.ClusternetError, match="boolean"):
            br.gatekeepers(g.with_attributes(pd.DataFrame(
                {"local": ["yes", "no", "no", "no", "no"]}, index=g.actor_ids)), "local")
        with pytest.raises(cn.ClusternetError, match="no value"):
            br.gatekeepers(g, {"a": True})
        with pytest.raises(cn.ClusternetError, match="inside must be"):
            br.gatekeepers(g, 1)
