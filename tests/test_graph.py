"""CollaborationGraph: immutability, slicing, time windows, conversions."""

from __future__ import annotations

import copy
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from helpers import random_table, tie_dict
from hypothesis import given
from hypothesis import strategies as st

import clusternet as cn


def T(a, b):
    return frozenset((a, b))


@pytest.fixture
def g(opsahl):
    t = opsahl.assign(year=opsahl["event"].map({1: 2000, 2: 2000, 3: 2001, 4: 2002,
                                                 5: 2002, 6: 2003}))
    attrs = pd.DataFrame({"actor": list("ABCDEFG"),
                          "domain": ["art", "art", "tech", "tech", "research", None, "art"],
                          "inside": [True, True, False, True, True, False, True]})
    return cn.from_affiliations(t, time="year", projection="newman", actors=attrs)


# --------------------------------------------------------------- immutability
def test_immutable(g):
    with pytest.raises(ValueError):
        g.adjacency.data[0] = 99.0
    with pytest.raises(ValueError):
        g.incidence.data[0] = 99.0
    a = g.actors
    a.loc["A", "domain"] = "changed"
    assert g.actors.loc["A", "domain"] == "art"
    e = g.events
    e.loc[1, "size"] = 100
    assert g.events.loc[1, "size"] == 3
    with pytest.raises(AttributeError):
        g.directed = True
    assert copy.deepcopy(g) is g


def test_repr(g):
    r = repr(g)
    assert r.startswith("<CollaborationGraph: 7 actors, 6 ties, undirected")
    assert "newman projection of 6 events" in r
    assert "time 2000..2003" in r
    assert "attributes: domain, inside" in r


# -------------------------------------------------------------------- subgraph
def test_subgraph_induced(g):
    s = g.subgraph(["E", "B", "A"])
    assert list(s.actor_ids) == ["A", "B", "E"]  # graph order, not the caller's
    assert tie_dict(s) == pytest.approx({T("A", "B"): 1.5, T("B", "E"): 2.0})
    assert s.actors["domain"].tolist() == ["art", "art", "research"]
    # events keep their original size (newman weights stay those of the whole record)
    assert s.events.loc[1, "size"] == 3


def test_subgraph_unknown_actor(g):
    with pytest.raises(cn.UnknownActorError, match="'Z'"):
        g.subgraph(["A", "Z"])
    with pytest.raises(cn.ClusternetError):
        g.subgraph(["A", "Z"])


# -------------------------------------------------------------------- windows
def test_window_reprojects_exactly(g):
    w = g.window(2000, 2002)  # events 1, 2 (2000) and 3 (2001)
    assert list(w.actor_ids) == ["A", "B", "C", "D"]
    assert tie_dict(w) == pytest.approx(
        {T("A", "B"): 1.5, T("A", "C"): 0.5, T("B", "C"): 0.5, T("B", "D"): 1.0}
    )
    assert w.n_events == 3
    assert w.actors.loc["C", "domain"] == "tech"
    assert g.window(start=2002).n_events == 3 and g.window(end=2001).n_events == 2


def test_window_needs_time(opsahl):
    with pytest.raises(cn.ClusternetError, match="no time"):
        cn.from_affiliations(opsahl).window(2000, 2001)


def test_window_bad_bounds(g):
    with pytest.raises(cn.ClusternetError, match="cannot bound times of dtype int64"):
        g.window("x", None)


timed_tables = st.builds(
    lambda seed, rows: random_table(np.random.default_rng(seed), rows, 12, 10, with_time=True),
    st.integers(0, 2**32 - 1), st.integers(1, 50),
)


@given(timed_tables, st.sampled_from(["count", "newman", "jaccard", "overlap"]),
       st.integers(2000, 2005), st.integers(1, 4))
def test_window_equals_building_from_filtered_table(table, kind, start, length):
    g = cn.from_affiliations(table, time="year", projection=kind)
    end = start + length
    w = g.window(start, end)
    sub = table[(table["year"] >= start) & (table["year"] < end)]
    if len(sub) == 0:
        assert w.n_actors == 0 and w.n_ties == 0
        return
    ref = cn.from_affiliations(sub, time="year", projection=kind)
    assert set(w.actor_ids) == set(ref.actor_ids)
    assert tie_dict(w) == pytest.approx(tie_dict(ref))
    assert set(w.events.index) == set(ref.events.index)


@given(timed_tables, st.integers(2000, 2005))
def test_subgraph_and_window_commute(table, start):
    g = cn.from_affiliations(table, time="year", projection="newman")
    keep = list(g.actor_ids[::2])
    a = g.subgraph(keep).window(start, start + 2)
    b = g.window(start, start + 2)
    b = b.subgraph([x for x in keep if x in set(b.actor_ids)])
    assert list(a.actor_ids) == list(b.actor_ids)
    assert tie_dict(a) == pytest.approx(tie_dict(b))


def test_edgelist_window():
    e = pd.DataFrame({"source": ["a", "b", "a", "c"], "target": ["b", "a", "c", "d"],
                      "year": [2000, 2001, 2001, 2003]})
    g = cn.from_edgelist(e, time="year")
    w = g.window(2001, 2003)
    assert list(w.actor_ids) == ["a", "b", "c"]
    assert tie_dict(w) == {T("a", "b"): 1.0, T("a", "c"): 1.0}
    # the whole graph sums a-b over 2000 and 2001; ties lists one row per time
    assert g.adjacency[[0], [1]][0] == 2.0
    assert g.ties[["source", "target", "time"]].values.tolist() == [
        ["a", "b", 2000], ["a", "b", 2001], ["a", "c", 2001], ["c", "d", 2003]]
    assert w.ties["time"].tolist() == [2001, 2001]


# ----------------------------------------------------------- with_attributes
def test_with_attributes(g):
    h = g.with_attributes(pd.DataFrame({"actor": ["A", "C"], "domain": ["x", "y"],
                                        "size": [1, 2]}))
    assert h.actors.loc["A", "domain"] == "x"
    assert pd.isna(h.actors.loc["B", "domain"])  # replaced column: B has no value now
    assert h.actors.loc["C", "size"] == 2
    assert g.actors.loc["A", "domain"] == "art"  # the original is unchanged
    with pytest.raises(cn.UnknownActorError, match="'Q'"):
        g.with_attributes(pd.DataFrame({"actor": ["Q"], "x": [1]}))
    h = g.with_attributes(pd.DataFrame({"actor": ["Q", "A"], "x": [1, 2]}), unknown="ignore")
    assert h.actors.loc["A", "x"] == 2


# ------------------------------------------------------------------ accessors
# The fixture is Opsahl's example (conftest) projected with newman weights,
# plus G, an actor known only from the attribute table (an isolate). By hand:
# ties A-B 1/2 + 1 = 1.5 (events 1, 2), A-C 0.5, B-C 0.5 (event 1 has 3
# actors), B-D 1 (event 3), B-E 2 (events 4, 5), E-F 1 (event 6).
OPSAHL_DEGREE = {"A": 2, "B": 4, "C": 2, "D": 1, "E": 2, "F": 1, "G": 0}
# newman strength = number of the actor's events with another member (Newman 2001)
OPSAHL_STRENGTH = {"A": 2.0, "B": 5.0, "C": 1.0, "D": 1.0, "E": 3.0, "F": 1.0, "G": 0.0}


def _directed():
    """a->b (1), a->c (2), b->a (4), c->d (8); e an isolate from the actor table."""
    e = pd.DataFrame({"source": list("abac"), "target": list("bacd"),
                      "w": [1.0, 4.0, 2.0, 8.0]})
    return cn.from_edgelist(e, weight="w", directed=True,
                            actors=pd.DataFrame({"actor": list("abcde")}))


def test_attribute(g):
    domain = g.attribute("domain")
    assert domain.name == "domain" and domain.index.name == "actor"
    assert list(domain.index) == list("ABCDEFG")
    assert domain.tolist()[:5] == ["art", "art", "tech", "tech", "research"]
    assert pd.isna(domain["F"])
    domain["A"] = "changed"  # a copy: the graph does not change
    assert g.attribute("domain")["A"] == "art"
    assert g.attribute("inside").tolist() == [True, True, False, True, True, False, True]


@pytest.mark.parametrize("name", ["sector", "DOMAIN"])
def test_attribute_unknown(g, name):
    with pytest.raises(cn.UnknownAttributeError, match="'domain', 'inside'") as err:
        g.attribute(name)
    assert isinstance(err.value, cn.ColumnError) and isinstance(err.value, KeyError)
    assert "with_attributes" in str(err.value)


@pytest.mark.parametrize("name", [None, 3, ["domain"], ("domain",)])
def test_attribute_not_a_string(g, name):
    # issue 12: ei_index(g, ["domain"]) raised TypeError: unhashable type
    for read in (g.attribute, g.event_attribute):
        with pytest.raises(cn.UnknownAttributeError, match=r"one column \(a str\)") as err:
            read(name)
        assert isinstance(err.value, cn.ClusternetError)
    assert "'domain', 'inside'" in str(pytest.raises(cn.ClusternetError, g.attribute, name).value)


def test_attribute_of_a_graph_without_attributes():
    g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    with pytest.raises(cn.UnknownAttributeError, match="the graph has: none"):
        g.attribute("domain")


def test_event_attribute(g):
    size = g.event_attribute("size")
    assert size.index.name == "event" and list(size.index) == [1, 2, 3, 4, 5, 6]
    assert size.tolist() == [3, 2, 2, 2, 2, 2]  # conftest: event 1 = A, B, C
    # built with time="year": the event table calls it time
    assert g.event_attribute("time").tolist() == [2000, 2000, 2001, 2002, 2002, 2003]
    with pytest.raises(cn.UnknownAttributeError, match="'size', 'time'"):
        g.event_attribute("year")


def test_event_attribute_needs_events():
    g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    with pytest.raises(cn.UnknownAttributeError, match="cn.from_affiliations"):
        g.event_attribute("size")


def test_degree_and_strength_undirected(g):
    assert g.degree().to_dict() == OPSAHL_DEGREE
    assert g.strength().to_dict() == pytest.approx(OPSAHL_STRENGTH)
    assert g.degree().dtype == np.int64 and g.strength().dtype == np.float64
    assert g.degree().name == "degree" and g.strength().name == "strength"
    for direction in ("in", "all"):  # one degree when undirected
        assert g.degree(direction=direction).equals(g.degree())
        assert g.strength(direction=direction).equals(g.strength())


def test_degree_and_strength_directed():
    g = _directed()
    # by hand from the ties in _directed's docstring
    assert g.degree().to_dict() == {"a": 2, "b": 1, "c": 1, "d": 0, "e": 0}
    assert g.degree(direction="in").to_dict() == {"a": 1, "b": 1, "c": 1, "d": 1, "e": 0}
    # a-b reciprocated: one contact in A + A^T
    assert g.degree(direction="all").to_dict() == {"a": 2, "b": 1, "c": 2, "d": 1, "e": 0}
    assert g.strength().to_dict() == {"a": 3.0, "b": 4.0, "c": 8.0, "d": 0.0, "e": 0.0}
    assert g.strength(direction="in").to_dict() == {"a": 4.0, "b": 1.0, "c": 2.0, "d": 8.0,
                                                    "e": 0.0}
    assert g.strength(direction="all").to_dict() == {"a": 7.0, "b": 5.0, "c": 10.0, "d": 8.0,
                                                     "e": 0.0}


@pytest.mark.parametrize("direction", ["both", "OUT", None, 1])
def test_degree_bad_direction(g, direction):
    for f in (g.degree, g.strength, _directed().degree):
        with pytest.raises(cn.ClusternetError, match="direction="):
            f(direction=direction)


@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.booleans())
def test_degree_and_strength_equal_networkx(seed, rows, directed):
    rng = np.random.default_rng(seed)
    e = pd.DataFrame({"source": rng.integers(0, 8, rows), "target": rng.integers(0, 8, rows),
                      "w": rng.integers(1, 5, rows).astype(float)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cn.ClusternetWarning)
        g = cn.from_edgelist(e, weight="w", directed=directed)
    G = g.to_networkx()
    ids = list(g.actor_ids)

    def nx_values(view, weight=None):
        return [view(weight=weight)[v] for v in ids]

    if directed:
        expected = {
            ("degree", "out"): nx_values(G.out_degree),
            ("degree", "in"): nx_values(G.in_degree),
            ("degree", "all"): nx_values(G.to_undirected(as_view=True).degree),
            ("strength", "out"): nx_values(G.out_degree, "weight"),
            ("strength", "in"): nx_values(G.in_degree, "weight"),
            ("strength", "all"): nx_values(G.degree, "weight"),
        }
    else:
        expected = {(kind, d): nx_values(G.degree, None if kind == "degree" else "weight")
                    for kind in ("degree", "strength") for d in ("out", "in", "all")}
    for (kind, direction), want in expected.items():
        got = getattr(g, kind)(direction=direction)
        assert got.tolist() == pytest.approx(want), (kind, direction)


def test_positions(g):
    assert g.positions(["C", "A", "G"]).tolist() == [2, 0, 6]
    assert g.positions("B").tolist() == [1]
    assert g.positions(iter(["F"])).dtype == np.int64
    assert g.positions([]).tolist() == []
    with pytest.raises(cn.UnknownActorError, match=r"2 actor\(s\).*'Y', 'Z'"):
        g.positions(["A", "Y", "Z"])
    with pytest.raises(cn.DuplicateError, match="'A' is named twice"):
        g.positions(["A", "B", "A"])


def test_positions_of_integer_ids():
    g = cn.from_edgelist(pd.DataFrame({"source": [10, 20], "target": [20, 30]}))
    assert g.positions(30).tolist() == [2]
    assert g.positions([20, 10]).tolist() == [1, 0]
    with pytest.raises(cn.UnknownActorError):
        g.positions("10")  # a string is not the integer id


def test_meta(g):
    m = g.meta
    assert m["source"] == "affiliations" and m["projection"] == "newman"
    m["projection"] = "count"  # a copy
    assert g.meta["projection"] == "newman" and g.projection == "newman"
    assert _directed().meta == {"source": "edgelist", "weight": "w"}


def test_density(g):
    assert g.density == pytest.approx(6 / 21)  # 6 ties among 7 actors: 21 pairs
    assert _directed().density == pytest.approx(4 / 20)  # 4 arcs, 5 * 4 ordered pairs
    assert np.isnan(g.subgraph(["A"]).density)  # no pair
    assert np.isnan(g.subgraph([]).density)


def test_subgraph_old_argument_name(g):
    with pytest.warns(FutureWarning, match="ids="):
        s = g.subgraph(actors=["A", "B"])
    assert list(s.actor_ids) == ["A", "B"]
    with pytest.raises(cn.ClusternetError, match="ids= only"):
        g.subgraph(["A"], actors=["B"])
    with pytest.raises(TypeError):
        g.subgraph()


def test_with_attributes_checks_unknown_first(g):
    with pytest.raises(cn.ClusternetError, match="unknown='skip'"):
        g.with_attributes(pd.DataFrame({"actor": ["Q"], "x": [1]}), unknown="skip")


# ------------------------------------------------------------------ conversions
def test_networkx_round_trip(g):
    G = g.to_networkx()
    assert list(G.nodes) == list(g.actor_ids)
    assert G.nodes["A"] == {"domain": "art", "inside": True}
    assert "domain" not in G.nodes["F"]  # missing values are left out
    assert G["A"]["B"]["weight"] == pytest.approx(1.5)
    h = cn.from_networkx(G)
    assert list(h.actor_ids) == list(g.actor_ids)
    assert tie_dict(h) == pytest.approx(tie_dict(g))
    pd.testing.assert_frame_equal(h.actors, g.actors, check_dtype=False)


def test_igraph_round_trip(g):
    G = g.to_igraph()
    assert G.vs["name"] == list(g.actor_ids)
    assert G.vs.find(name="A")["domain"] == "art"
    h = cn.from_igraph(G)
    assert list(h.actor_ids) == list(g.actor_ids)
    assert tie_dict(h) == pytest.approx(tie_dict(g))
    pd.testing.assert_frame_equal(h.actors, g.actors, check_dtype=False)


@pytest.mark.parametrize("to", ["networkx", "igraph"])
def test_directed_round_trip(to):
    e = pd.DataFrame({"source": [1, 2, 1], "target": [2, 1, 3], "w": [1.0, 4.0, 2.0]})
    g = cn.from_edgelist(e, weight="w", directed=True,
                         actors=pd.DataFrame({"actor": [1, 2, 3, 4], "k": list("xyzw")}))
    h = cn.from_networkx(g.to_networkx()) if to == "networkx" else cn.from_igraph(g.to_igraph())
    assert h.directed
    assert list(h.actor_ids) == [1, 2, 3, 4]  # isolate 4 kept
    assert (h.adjacency != g.adjacency).nnz == 0
    assert h.actors["k"].tolist() == list("xyzw")


def test_from_networkx_multigraph_and_self_loops():
    G = nx.MultiGraph()
    G.add_edge("a", "b", weight=2)
    G.add_edge("a", "b", weight=3)
    G.add_edge("b", "b")
    G.add_edge("b", "c")  # no weight attribute: 1
    with pytest.warns(cn.ClusternetWarning, match="1 self-loop"):
        g = cn.from_networkx(G)
    assert tie_dict(g) == {T("a", "b"): 5.0, T("b", "c"): 1.0}


def test_from_networkx_bad_weight():
    G = nx.Graph()
    G.add_edge("a", "b", weight=-1)
    with pytest.raises(cn.WeightError, match="negative"):
        cn.from_networkx(G)


def test_from_igraph_without_names():
    G = ig.Graph(edges=[(0, 1), (1, 2)], directed=False)
    g = cn.from_igraph(G)
    assert list(g.actor_ids) == [0, 1, 2] and g.n_ties == 2 and not g.weighted


def test_as_graph():
    G = nx.karate_club_graph()
    g = cn.as_graph(G)
    assert g.n_actors == 34 and g.n_ties == 78
    assert cn.as_graph(g) is g
    assert cn.as_graph(g.to_igraph()).n_ties == 78
    with pytest.raises(cn.ClusternetError, match="expected a CollaborationGraph"):
        cn.as_graph([(1, 2)])


@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.booleans())
def test_round_trips_preserve_everything(seed, rows, directed):
    rng = np.random.default_rng(seed)
    e = pd.DataFrame({"source": rng.integers(0, 10, rows), "target": rng.integers(0, 10, rows),
                      "w": rng.integers(1, 5, rows).astype(float)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cn.ClusternetWarning)
        g = cn.from_edgelist(e, weight="w", directed=directed)
    for h in (cn.from_networkx(g.to_networkx()), cn.from_igraph(g.to_igraph())):
        assert list(h.actor_ids) == list(g.actor_ids)
        assert h.directed == g.directed
        assert (h.adjacency != g.adjacency).nnz == 0


def test_read_table_formats(tmp_path):
    df = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]})
    df.to_csv(tmp_path / "t.csv", index=False)
    df.to_csv(tmp_path / "t.tsv", index=False, sep="\t")
    df.to_csv(tmp_path / "t.csv.gz", index=False)
    df.to_parquet(tmp_path / "t.parquet")
    df.to_excel(tmp_path / "t.xlsx", index=False)
    for name in ["t.csv", "t.tsv", "t.csv.gz", "t.parquet", "t.xlsx"]:
        # id columns are read as text (issue 12: 007 stays 007); ids=None parses numbers
        pd.testing.assert_frame_equal(cn.read_table(tmp_path / name, ids=None), df,
                                      check_dtype=False)
    with pytest.raises(cn.ClusternetError, match="no such file"):
        cn.read_table(tmp_path / "missing.csv")
    (tmp_path / "t.json").write_text("{}")
    with pytest.raises(cn.ClusternetError, match="cannot tell the format"):
        cn.read_table(tmp_path / "t.json")


def test_read_table_names_the_extra_when_pyarrow_is_missing(tmp_path, monkeypatch):
    import builtins

    (tmp_path / "t.parquet").write_bytes(b"PAR1")
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "pyarrow":
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"clusternet\[io\]"):
        cn.read_table(tmp_path / "t.parquet")
