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
    with pytest.raises(cn.ClusternetError, match="cannot be compared"):
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
        pd.testing.assert_frame_equal(cn.read_table(tmp_path / name), df, check_dtype=False)
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
