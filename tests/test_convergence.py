"""Tests of clusternet.convergence: known answers (each with its source),
equality with networkx, python-igraph and R igraph, invariances, bad input."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet._kernels import mixing as K
from clusternet.convergence import (
    assortativity,
    coleman_homophily,
    ei_index,
    expected_ei_index,
    freeman_segregation,
    hybrid_events,
    hybrid_share,
    mixing_matrix,
    relative_intensity,
)

DATA = Path(__file__).parent / "data"
FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def white():
    """White's (1975) effective kinship network as given by Freeman (1978);
    edge list as in R netseg's ``data-raw/WhiteKinship-*.csv``."""
    ties = pd.read_csv(DATA / "convergence_white_kinship.csv")
    actors = pd.read_csv(DATA / "convergence_white_kinship_actors.csv")
    return cn.from_edgelist(ties, actors=actors)


def small():
    ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
                         "target": ["bob", "cy", "cy", "dan", "eve"]})
    actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
                           "domain": ["art", "art", "tech", "tech", "tech"]})
    return cn.from_edgelist(ties, actors=actors)


def graph_from_mixing(table, sizes, groups=None):
    """A directed graph whose mixing matrix (rows = sender group) is ``table``."""
    table = np.asarray(table, dtype=int)
    groups = groups or [f"g{i}" for i in range(len(sizes))]
    members = []
    start = 0
    for s in sizes:
        members.append(list(range(start, start + s)))
        start += s
    src, dst = [], []
    for x, y in itertools.product(range(len(sizes)), repeat=2):
        pairs = [(a, b) for a in members[x] for b in members[y] if a != b]
        assert len(pairs) >= table[x, y]
        for a, b in pairs[: table[x, y]]:
            src.append(a)
            dst.append(b)
    actors = pd.DataFrame({"actor": range(start),
                           "group": [groups[x] for x, m in enumerate(members) for _ in m]})
    return cn.from_edgelist(pd.DataFrame({"source": src, "target": dst}), directed=True,
                            actors=actors)


# ------------------------------------------------------------- known answers
class TestKnownAnswers:
    def test_white_kinship_ei(self, white):
        # Freeman (1978) / R netseg ei(WhiteKinship, "gender"): -0.1818 (9 between, 13 within)
        assert ei_index(white, "gender") == pytest.approx(-4 / 22)
        assert round(ei_index(white, "gender"), 4) == -0.1818

    def test_white_kinship_freeman(self, white):
        # R netseg README: freeman(WhiteKinship, "gender") = 0.2636364
        assert freeman_segregation(white, "gender") == pytest.approx(0.2636364, abs=1e-7)

    def test_white_kinship_mixing(self, white):
        # by hand from the 22 ties: 6 female-female, 9 female-male, 7 male-male
        m = mixing_matrix(white, "gender")
        assert m.to_numpy().tolist() == [[6.0, 9.0], [9.0, 7.0]]
        assert list(m.index) == ["female", "male"]
        e = mixing_matrix(white, "gender", normalized=True).to_numpy()
        assert e.sum() == pytest.approx(1.0)
        assert e[0, 1] == pytest.approx(9 / 44) and e[0, 0] == pytest.approx(6 / 22)

    def test_white_kinship_expected_ei(self, white):
        # 5/5 split: E_max = 25, I_max = 2 * 10 -> 5/45
        assert expected_ei_index(white, "gender") == pytest.approx(5 / 45)

    def test_catania_table(self):
        # Newman (2003) PRE 67:026126, Table I (Catania et al. 1992): r = 0.621
        d = pd.read_csv(DATA / "convergence_catania.csv")
        races = ["black", "hispanic", "white", "other"]
        M = np.zeros((4, 4))
        for row in d.itertuples():
            M[races.index(row.male), races.index(row.female)] = row.n
        assert round(K.assortativity_from_mixing(M, directed=True), 3) == 0.621
        # the same through a directed graph (men -> women) realising the table
        src, dst, grp = [], [], []
        n = 25  # 25 men and 25 women per race: 625 pairs per cell >= 599
        for x, race in enumerate(races):
            grp += [race] * (2 * n)
        for x, y in itertools.product(range(4), repeat=2):
            men = [2 * n * x + i for i in range(n)]
            women = [2 * n * y + n + i for i in range(n)]
            pairs = list(itertools.product(men, women))[: int(M[x, y])]
            src += [p[0] for p in pairs]
            dst += [p[1] for p in pairs]
        actors = pd.DataFrame({"actor": range(len(grp)), "race": grp})
        g = cn.from_edgelist(pd.DataFrame({"source": src, "target": dst}), directed=True,
                             actors=actors)
        r = assortativity(g, "race")
        assert round(r, 3) == 0.621
        assert r == pytest.approx(K.assortativity_from_mixing(M, directed=True))

    def test_karate_club(self):
        # networkx / igraph on Zachary's karate club: "club" 0.71753, degree -0.47561
        G = nx.karate_club_graph()
        assert round(assortativity(G, "club"), 5) == 0.71753
        g = cn.as_graph(G)
        deg = pd.DataFrame({"degree": np.diff(g.adjacency.indptr)}, index=g.actor_ids)
        assert round(assortativity(g.with_attributes(deg), "degree"), 5) == -0.47561

    def test_karate_ei(self):
        # E = the club cut (networkx cut_size), I = the rest: E-I = (E - I) / 78
        G = nx.karate_club_graph()
        hi = {v for v, c in G.nodes(data="club") if c == "Mr. Hi"}
        E = nx.cut_size(G, hi)
        assert E == 11
        assert ei_index(G, "club") == pytest.approx((E - (78 - E)) / 78)

    def test_coleman_table(self):
        # R netseg coleman() on the table [[45, 15], [20, 20]], sizes 60/40
        H = K.coleman_from_mixing(np.array([[45.0, 15], [20, 20]]), np.array([60, 40]),
                                  directed=True)
        assert H == pytest.approx([0.38125, 0.175])
        g = graph_from_mixing([[45, 15], [20, 20]], [60, 40])
        h = coleman_homophily(g, "group")
        assert h.to_numpy() == pytest.approx([0.38125, 0.175])
        assert h.name == "coleman_homophily"

    def test_coleman_undirected_by_hand(self):
        # art: d = 4, w = 2, E = 4 * 1/4 = 1 -> 1/3; tech: d = 6, w = 4, E = 3 -> 1/3
        assert coleman_homophily(small(), "domain").to_numpy() == pytest.approx([1 / 3, 1 / 3])

    def test_freeman_full_graph_is_zero(self):
        # R netseg tests: Freeman index is 0 for a full network with two types
        G = nx.complete_graph(10)
        nx.set_node_attributes(G, {i: i % 2 for i in G}, "type")
        assert freeman_segregation(G, "type") == pytest.approx(0.0, abs=1e-12)

    def test_freeman_not_truncated(self):
        # complete bipartite: all 9 ties between, E[X] = 9 * (36 - 18) / 30 -> S = -2/3
        G = nx.complete_bipartite_graph(3, 3)
        assert freeman_segregation(G, "bipartite") == pytest.approx(1 - 9 / 5.4)

    def test_relative_intensity_by_hand(self):
        # L = 5, C(5,2) = 10 pairs: art-art 1 pair -> 0.5 expected, art-tech 6 -> 3, tech 3 -> 1.5
        R = relative_intensity(small(), "domain").to_numpy()
        assert R == pytest.approx(np.array([[1 / 0.5, 2 / 3], [2 / 3, 2 / 1.5]]))

    def test_relative_intensity_directed(self):
        g = graph_from_mixing([[45, 15], [20, 20]], [60, 40])
        R = relative_intensity(g, "group").to_numpy()
        L, N = 100, 100
        exp = L * np.array([[60 * 59, 60 * 40], [40 * 60, 40 * 39]]) / (N * (N - 1))
        assert R == pytest.approx(np.array([[45, 15], [20, 20]]) / exp)


# ------------------------------------------------------------------ levels
class TestEILevels:
    def test_small_levels(self):
        g = small()
        assert ei_index(g, "domain") == pytest.approx(-0.2)
        grp = ei_index(g, "domain", level="group")
        assert grp.to_numpy() == pytest.approx([1 / 3, 0.0])
        act = ei_index(g, "domain", level="actor")
        assert act.to_numpy() == pytest.approx([0, 0, 1 / 3, -1, -1])
        assert act.attrs["clusternet"]["measure"] == "ei_index"
        assert act.attrs["clusternet"]["params"]["level"] == "actor"

    def test_isolate_is_nan(self):
        g = small().with_attributes(pd.DataFrame({"domain": ["art"]}, index=["zoe"]),
                                    unknown="ignore")
        ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
        actors = pd.DataFrame({"actor": ["a", "b", "c", "z"], "d": ["x", "y", "x", "y"]})
        g = cn.from_edgelist(ties, actors=actors)
        act = ei_index(g, "d", level="actor")
        assert np.isnan(act["z"]) and act["b"] == 1.0

    def test_expected_levels(self):
        g = small()  # sizes 2/3, N = 5
        grp = expected_ei_index(g, "domain", level="group")
        assert grp.to_numpy() == pytest.approx([(6 - 1) / 7, (6 - 3) / 9])
        act = expected_ei_index(g, "domain", level="actor")
        assert act["ann"] == pytest.approx((3 - 1) / 4) and act["cy"] == pytest.approx(0.0)

    def test_weighted(self):
        ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "w": [3.0, 1.0]})
        actors = pd.DataFrame({"actor": ["a", "b", "c"], "d": ["x", "x", "y"]})
        g = cn.from_edgelist(ties, weight="w", actors=actors)
        assert ei_index(g, "d") == 0.0
        assert ei_index(g, "d", weight=True) == pytest.approx((1 - 3) / 4)
        assert mixing_matrix(g, "d", weight=True).to_numpy().tolist() == [[3, 1], [1, 0]]


# ---------------------------------------------------- comparisons (hypothesis)
@st.composite
def graphs(draw, directed=None, numeric=False):
    n = draw(st.integers(3, 12))
    directed = draw(st.booleans()) if directed is None else directed
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (directed or i < j)]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=len(pairs),
                           unique=True))
    groups = draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))
    values = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(1, 5), min_size=len(chosen), max_size=len(chosen)))
    G = nx.DiGraph() if directed else nx.Graph()
    for i in range(n):
        G.add_node(f"v{i}", group=groups[i], value=float(values[i]))
    for (i, j), w in zip(chosen, weights):
        G.add_edge(f"v{i}", f"v{j}", weight=float(w))
    return G


def quiet(f, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args, **kwargs)


def same(a, b):
    if np.isnan(a) or np.isnan(b):
        return np.isnan(a) and np.isnan(b)
    return a == pytest.approx(b, abs=1e-9)


def to_ig(G):
    nodes = list(G.nodes)
    H = ig.Graph(n=len(nodes), directed=G.is_directed(),
                 edges=[(nodes.index(u), nodes.index(v)) for u, v in G.edges])
    H.es["weight"] = [d["weight"] for _, _, d in G.edges(data=True)]
    return H, nodes


class TestAgainstPeers:
    @FAST
    @given(graphs())
    def test_nominal_networkx_igraph(self, G):
        ours = quiet(assortativity, G, "group")
        theirs = quiet(nx.attribute_assortativity_coefficient, G, "group")
        assert same(ours, theirs)
        H, nodes = to_ig(G)
        codes = pd.factorize(pd.Series([G.nodes[v]["group"] for v in nodes]))[0].tolist()
        ig_r = H.assortativity_nominal(codes, directed=G.is_directed())
        assert same(ours, ig_r)
        # python-igraph 1.0's assortativity_nominal(weights=...) raises SystemError, so
        # integer weights are checked as that many parallel edges of a multigraph
        ours_w = quiet(assortativity, G, "group", weight=True)
        multi = ig.Graph(n=H.vcount(), directed=H.is_directed(), edges=[
            e.tuple for e in H.es for _ in range(int(e["weight"]))])
        assert same(ours_w, multi.assortativity_nominal(codes, directed=G.is_directed()))

    @FAST
    @given(graphs())
    def test_numeric_networkx_igraph(self, G):
        ours = quiet(assortativity, G, "value")
        theirs = quiet(nx.numeric_assortativity_coefficient, G, "value")
        assert same(ours, theirs)
        H, nodes = to_ig(G)
        vals = [G.nodes[v]["value"] for v in nodes]
        assert same(ours, H.assortativity(vals, directed=G.is_directed()))
        ours_w = quiet(assortativity, G, "value", weight=True)
        assert same(ours_w, H.assortativity(vals, directed=G.is_directed(), weights="weight"))

    @FAST
    @given(graphs())
    def test_mixing_matrix_networkx(self, G):
        groups = sorted({g for _, g in G.nodes(data="group")})
        mapping = {g: i for i, g in enumerate(groups)}
        theirs = nx.attribute_mixing_matrix(G, "group", mapping=mapping, normalized=False)
        ours = mixing_matrix(G, "group").to_numpy()
        if G.is_directed():
            assert ours == pytest.approx(theirs)
        else:  # networkx counts each undirected tie twice, within-group ones too
            assert ours + np.diag(np.diag(ours)) == pytest.approx(theirs)
        e = quiet(mixing_matrix, G, "group", normalized=True).to_numpy()
        assert e == pytest.approx(nx.attribute_mixing_matrix(G, "group", mapping=mapping))

    @FAST
    @given(graphs(), st.booleans())
    def test_ei_by_hand(self, G, weighted):
        grp = dict(G.nodes(data="group"))

        def w(d):
            return d["weight"] if weighted else 1.0

        E = sum(w(d) for u, v, d in G.edges(data=True) if grp[u] != grp[v])
        I = sum(w(d) for u, v, d in G.edges(data=True) if grp[u] == grp[v])
        groups = sorted(set(grp.values()))
        if len(groups) < 2:
            with pytest.warns(cn.ClusternetWarning):
                assert np.isnan(ei_index(G, "group", weight=weighted))
            return
        assert ei_index(G, "group", weight=weighted) == pytest.approx((E - I) / (E + I))
        by_group = ei_index(G, "group", level="group", weight=weighted)
        for gname in groups:
            inc = [(u, v, d) for u, v, d in G.edges(data=True) if gname in (grp[u], grp[v])]
            e = sum(w(d) for u, v, d in inc if grp[u] != grp[v])
            i = sum(w(d) for u, v, d in inc if grp[u] == grp[v])
            assert same(by_group[gname], (e - i) / (e + i) if e + i else np.nan)
        by_actor = ei_index(G, "group", level="actor", weight=weighted)
        for a in G:
            inc = [(u, v, d) for u, v, d in G.edges(data=True) if a in (u, v)]
            e = sum(w(d) for u, v, d in inc if grp[u] != grp[v])
            i = sum(w(d) for u, v, d in inc if grp[u] == grp[v])
            assert same(by_actor[a], (e - i) / (e + i) if e + i else np.nan)

    def test_r_igraph_reference(self):
        # tests/data/convergence_r_reference.R (R 4.2.2, igraph 1.3.5)
        ties = pd.read_csv(DATA / "convergence_r_graphs.csv")
        actors = pd.read_csv(DATA / "convergence_r_actors.csv")
        ref = pd.read_csv(DATA / "convergence_r_reference.csv")
        for row in ref.itertuples():
            t = ties[ties.graph == row.graph]
            a = actors[actors.graph == row.graph].drop(columns="graph")
            g = cn.from_edgelist(t, directed=bool(row.directed), actors=a)
            assert assortativity(g, "group", kind="nominal") == pytest.approx(row.nominal,
                                                                              abs=1e-10)
            assert assortativity(g, "value") == pytest.approx(row.numeric, abs=1e-10)


# ---------------------------------------------------------------- invariances
def all_measures(G):
    out = {
        "ei": ei_index(G, "group"),
        "assort": assortativity(G, "group"),
        "assort_num": assortativity(G, "value"),
        "freeman": freeman_segregation(G, "group"),
        "expected": expected_ei_index(G, "group"),
    }
    for name, s in {
        "ei_group": ei_index(G, "group", level="group"),
        "ei_actor": ei_index(G, "group", level="actor"),
        "coleman": coleman_homophily(G, "group"),
    }.items():
        for key, v in s.items():
            out[(name, key)] = v
    for name, df in {"mix": mixing_matrix(G, "group"),
                     "ri": relative_intensity(G, "group")}.items():
        for key, v in df.stack().items():
            out[(name, key)] = v
    return out


class TestInvariances:
    @FAST
    @given(graphs(), st.randoms(use_true_random=False))
    def test_actor_order_and_labels(self, G, rnd):
        nodes = list(G.nodes)
        rnd.shuffle(nodes)
        H = G.__class__()
        H.add_nodes_from((f"x{v}", G.nodes[v]) for v in nodes)
        edges = list(G.edges(data=True))
        rnd.shuffle(edges)
        H.add_edges_from((f"x{u}", f"x{v}", d) for u, v, d in edges)
        a = quiet(all_measures, G)
        b = quiet(all_measures, H)
        b = {(k[0], k[1][1:]) if isinstance(k, tuple) and k[0] == "ei_actor" else k: v
             for k, v in b.items()}
        assert a.keys() == b.keys()
        for k in a:
            assert same(a[k], b[k]), k

    @FAST
    @given(graphs())
    def test_networkx_and_igraph_round_trip(self, G):
        g = cn.from_networkx(G)
        a = quiet(all_measures, g)
        b = quiet(all_measures, cn.from_networkx(g.to_networkx()))
        c = quiet(all_measures, g.to_igraph())
        for k in a:
            assert same(a[k], b[k]) and same(a[k], c[k]), k

    @FAST
    @given(graphs(directed=False), graphs(directed=False))
    def test_disjoint_union_adds(self, G1, G2):
        U = nx.disjoint_union(G1, G2)
        groups = sorted({*nx.get_node_attributes(U, "group").values()})
        m = mixing_matrix(U, "group")
        m1 = mixing_matrix(G1, "group").reindex(index=groups, columns=groups, fill_value=0)
        m2 = mixing_matrix(G2, "group").reindex(index=groups, columns=groups, fill_value=0)
        assert m.to_numpy() == pytest.approx((m1 + m2).to_numpy())
        # E and I add, so E-I of the union is the tie-weighted mean of the parts
        L1, L2 = G1.number_of_edges(), G2.number_of_edges()
        e1, e2 = quiet(ei_index, G1, "group"), quiet(ei_index, G2, "group")
        e1 = -1.0 if np.isnan(e1) else e1  # one group: all ties internal
        e2 = -1.0 if np.isnan(e2) else e2
        if len(groups) >= 2:
            assert ei_index(U, "group") == pytest.approx((L1 * e1 + L2 * e2) / (L1 + L2))


# -------------------------------------------------------------- hybrid events
class TestHybrid:
    def table(self):
        t = pd.DataFrame({"actor": ["ann", "bob", "cy", "ann", "bob", "cy", "dan"],
                          "event": ["film", "film", "film", "play", "play", "app", "app"],
                          "year": [2020, 2020, 2020, 2021, 2021, 2021, 2021]})
        actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan"],
                               "domain": ["art", "art", "tech", None]})
        return t, actors

    def test_per_event(self):
        t, actors = self.table()
        g = cn.from_affiliations(t, time="year", actors=actors)
        with pytest.raises(cn.ClusternetError, match="dan"):
            hybrid_events(g, "domain")
        h = hybrid_events(g, "domain", missing="drop")
        assert h["n_groups"].tolist() == [2, 1, 1]
        assert h["n_actors"].tolist() == [3, 2, 2]
        assert h["hybrid"].tolist() == [True, False, False]
        assert h["time"].tolist() == [2020, 2021, 2021]
        h2 = hybrid_events(g, "domain", missing="own-group")
        assert h2["n_groups"].tolist() == [2, 1, 2]
        assert hybrid_share(g, "domain", missing="own-group") == pytest.approx(2 / 3)
        assert hybrid_share(g, "domain", missing="drop") == pytest.approx(1 / 3)

    def test_event_of_unknowns_is_na(self):
        t = pd.DataFrame({"actor": ["a", "b", "c"], "event": [1, 1, 2]})
        g = cn.from_affiliations(t, actors=pd.DataFrame({"actor": ["a", "b", "c"],
                                                         "d": ["x", "y", None]}))
        h = hybrid_events(g, "d", missing="drop")
        assert h["hybrid"].iloc[0] and pd.isna(h["hybrid"].iloc[1])
        assert hybrid_share(g, "d", missing="drop") == 1.0

    def test_by_hand_random(self):
        rng = np.random.default_rng(7)
        rows = [(f"a{rng.integers(40)}", f"e{rng.integers(60)}") for _ in range(300)]
        t = pd.DataFrame(rows, columns=["actor", "event"]).drop_duplicates()
        ids = t.actor.unique()
        actors = pd.DataFrame({"actor": ids, "d": rng.choice(list("xyz"), len(ids))})
        g = cn.from_affiliations(t, actors=actors)
        h = hybrid_events(g, "d")
        dom = actors.set_index("actor")["d"]
        want = t.assign(d=t.actor.map(dom)).groupby("event", sort=False)["d"].nunique()
        assert h["n_groups"].to_dict() == want.to_dict()
        # the one-pass count equals the sparse-product fallback, with dropped actors too
        codes, groups = cn._results.group_codes(g, "d")
        codes[::7] = -1
        fast = K.event_group_numbers(g.incidence, codes, len(groups))
        slow = np.diff(K.event_group_counts(g.incidence, codes, len(groups)).indptr)
        assert fast.tolist() == slow.tolist()

    def test_not_affiliation(self):
        with pytest.raises(cn.ClusternetError, match="affiliation"):
            hybrid_events(small(), "domain")

    def test_disjoint_events_concatenate(self):
        t, actors = self.table()
        actors = actors.fillna("art")
        g = cn.from_affiliations(t, actors=actors)
        t2 = t.assign(actor=t.actor + "2", event=t.event + "2")
        a2 = actors.assign(actor=actors.actor + "2")
        both = cn.from_affiliations(pd.concat([t, t2]), actors=pd.concat([actors, a2]))
        h = hybrid_events(both, "domain")
        assert h["n_groups"].tolist() == 2 * hybrid_events(g, "domain")["n_groups"].tolist()


# --------------------------------------------------- missing values, one group
class TestMissingAndDegenerate:
    def graph(self):
        ties = pd.DataFrame({"source": ["a", "a", "b", "c"], "target": ["b", "c", "c", "d"]})
        actors = pd.DataFrame({"actor": ["a", "b", "c", "d"], "d": ["x", "y", None, "x"],
                               "v": [1.0, 2.0, np.nan, 4.0]})
        return cn.from_edgelist(ties, actors=actors)

    @pytest.mark.parametrize("f", [mixing_matrix, ei_index, expected_ei_index, assortativity,
                                   coleman_homophily, freeman_segregation, relative_intensity])
    def test_missing_error_names_actor(self, f):
        with pytest.raises(cn.ClusternetError, match="'c'"):
            f(self.graph(), "d")

    def test_missing_numeric(self):
        with pytest.raises(cn.ClusternetError, match="'c'"):
            assortativity(self.graph(), "v")
        with pytest.raises(cn.ClusternetError, match="own-group"):
            assortativity(self.graph(), "v", missing="own-group")
        # drop: only the ties a-b (1, 2) remains with both ends known -> r = -1
        assert assortativity(self.graph(), "v", missing="drop") == pytest.approx(-1.0)

    def test_drop(self):
        g = self.graph()
        m = mixing_matrix(g, "d", missing="drop")
        assert m.to_numpy().tolist() == [[0, 1], [1, 0]]  # only a-b survives
        assert ei_index(g, "d", missing="drop") == 1.0
        act = ei_index(g, "d", level="actor", missing="drop")
        assert np.isnan(act["c"]) and np.isnan(act["d"]) and act["a"] == 1.0
        # group sizes without c: x = 2, y = 1
        assert expected_ei_index(g, "d", missing="drop") == pytest.approx((2 - 1) / 3)

    def test_own_group(self):
        g = self.graph()
        m = mixing_matrix(g, "d", missing="own-group")
        assert list(m.index) == ["x", "y", "<missing:c>"]
        assert m.to_numpy().sum() == 2 * 4
        assert ei_index(g, "d", missing="own-group") == 1.0

    @pytest.mark.parametrize("f", [ei_index, expected_ei_index, assortativity,
                                   freeman_segregation])
    def test_one_group_is_nan_with_warning(self, f):
        G = nx.path_graph(4)
        nx.set_node_attributes(G, "same", "d")
        with pytest.warns(cn.ClusternetWarning, match="group"):
            assert np.isnan(f(G, "d"))

    @pytest.mark.parametrize("level", ["group", "actor"])
    def test_one_group_levels(self, level):
        G = nx.path_graph(4)
        nx.set_node_attributes(G, "same", "d")
        with pytest.warns(cn.ClusternetWarning):
            assert ei_index(G, "d", level=level).isna().all()
        with pytest.warns(cn.ClusternetWarning):
            assert coleman_homophily(G, "d").isna().all()

    def test_no_ties(self):
        G = nx.empty_graph(4)
        nx.set_node_attributes(G, {0: "x", 1: "y", 2: "x", 3: "y"}, "d")
        nx.set_node_attributes(G, {0: 1.0, 1: 2.0, 2: 3.0, 3: 4.0}, "v")
        for f in (ei_index, assortativity, freeman_segregation):
            with pytest.warns(cn.ClusternetWarning, match="no tie"):
                assert np.isnan(f(G, "d"))
        with pytest.warns(cn.ClusternetWarning):
            assert np.isnan(assortativity(G, "v"))
        with pytest.warns(cn.ClusternetWarning):
            assert mixing_matrix(G, "d", normalized=True).isna().all().all()
        assert mixing_matrix(G, "d").to_numpy().sum() == 0
        with pytest.warns(cn.ClusternetWarning, match="no tie"):
            assert relative_intensity(G, "d").isna().all().all()
        assert expected_ei_index(G, "d") == pytest.approx((4 - 2) / 6)

    def test_numeric_no_variance(self):
        G = nx.path_graph(3)
        nx.set_node_attributes(G, 5.0, "v")
        with pytest.warns(cn.ClusternetWarning, match="variance"):
            assert np.isnan(assortativity(G, "v"))

    def test_nominal_all_ends_one_group(self):
        # two groups present but every tie inside one of them: sum a_x b_x = 1
        G = nx.Graph([(0, 1)])
        G.add_node(2)
        nx.set_node_attributes(G, {0: "x", 1: "x", 2: "y"}, "d")
        with pytest.warns(cn.ClusternetWarning, match="one group"):
            assert np.isnan(assortativity(G, "d"))


class TestBadInput:
    def test_unknown_attribute(self):
        # UnknownAttributeError is a ColumnError and a KeyError, from every measure
        for f in (mixing_matrix, ei_index, assortativity, coleman_homophily,
                  freeman_segregation, relative_intensity, expected_ei_index):
            with pytest.raises(cn.UnknownAttributeError, match="'nope'"):
                f(small(), "nope")
        aff = cn.from_affiliations(pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]}))
        for f in (hybrid_events, hybrid_share):
            with pytest.raises(cn.UnknownAttributeError, match="'nope'"):
                f(aff, "nope")
        with pytest.raises(KeyError):
            assortativity(small(), "nope", kind="numeric")

    def test_bad_options(self):
        g = small()
        with pytest.raises(cn.ClusternetError, match="level"):
            ei_index(g, "domain", level="team")
        with pytest.raises(cn.ClusternetError, match="kind"):
            assortativity(g, "domain", kind="ordinal")
        with pytest.raises(cn.ClusternetError, match="weight"):
            ei_index(g, "domain", weight="yes")
        with pytest.raises(cn.ClusternetError, match="normalized"):
            mixing_matrix(g, "domain", normalized=1)
        with pytest.raises(cn.ClusternetError, match="missing"):
            ei_index(g, "domain", missing="ignore")
        with pytest.raises(cn.ClusternetError, match="numeric"):
            assortativity(g, "domain", kind="numeric")
        with pytest.raises(cn.ClusternetError, match="CollaborationGraph"):
            ei_index(pd.DataFrame(), "domain")

    def test_keyword_only(self):
        with pytest.raises(TypeError):
            ei_index(small(), "domain", "group")

    def test_results_are_labelled(self):
        g = small()
        for obj in (mixing_matrix(g, "domain"), ei_index(g, "domain", level="group"),
                    coleman_homophily(g, "domain"), relative_intensity(g, "domain")):
            meta = obj.attrs["clusternet"]
            assert meta["params"]["attribute"] == "domain" and "version" in meta

    def test_numeric_codes_as_nominal(self):
        G = nx.karate_club_graph()
        nx.set_node_attributes(G, {v: int(c == "Mr. Hi") for v, c in G.nodes(data="club")},
                               "code")
        assert assortativity(G, "code", kind="nominal") == pytest.approx(
            assortativity(G, "club"))
