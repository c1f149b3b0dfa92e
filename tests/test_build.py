"""Builders: table handling, bad input, and the caller's data left untouched."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import tie_dict
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn


def T(a, b):
    return frozenset((a, b))


@pytest.fixture
def aff():
    return pd.DataFrame(
        {
            "who": ["a", "b", "c", "a", "d", "b"],
            "what": ["p1", "p1", "p1", "p2", "p2", "p3"],
            "year": [2001, 2001, 2001, 2002, 2002, 2003],
            "w": [1.0, 2.0, 1.0, 1.0, 3.0, 1.0],
        }
    )


@pytest.fixture
def attrs():
    return pd.DataFrame({"actor": ["a", "b", "c", "d", "e"],
                         "domain": ["art", "tech", "art", "research", "public"]})


# ------------------------------------------------------------------- happy path
def test_affiliation_graph_parts(aff, attrs):
    g = cn.from_affiliations(aff, actor="who", event="what", time="year", actors=attrs)
    # actors: first appearance a, b, c, d; then 'e' from the attribute table (isolate)
    assert list(g.actor_ids) == ["a", "b", "c", "d", "e"]
    assert g.actors.index.name == "actor"
    assert g.actors.loc["e", "domain"] == "public"
    assert g.n_actors == 5 and g.n_ties == 4 and g.n_events == 3
    assert not g.directed
    ev = g.events
    assert ev.index.name == "event"
    assert ev["size"].to_dict() == {"p1": 3, "p2": 2, "p3": 1}
    assert ev["time"].to_dict() == {"p1": 2001, "p2": 2002, "p3": 2003}
    assert g.incidence.shape == (5, 3) and g.incidence.nnz == 6
    assert tie_dict(g) == {T("a", "b"): 1, T("a", "c"): 1, T("b", "c"): 1, T("a", "d"): 1}
    assert not g.weighted
    assert g.projection == "count" and g.has_time


def test_actor_table_by_index_and_missing_attributes(aff):
    at = pd.DataFrame({"domain": ["art", "tech"]}, index=pd.Index(["a", "b"], name="actor"))
    g = cn.from_affiliations(aff, actor="who", event="what", actors=at)
    assert g.actors["domain"].isna().tolist() == [False, False, True, True]


def test_event_attributes_join(aff):
    ev = pd.DataFrame({"event": ["p1", "p2", "p3"], "kind": ["film", "game", "film"]})
    g = cn.from_affiliations(aff, actor="who", event="what", events=ev)
    assert g.events["kind"].to_dict() == {"p1": "film", "p2": "game", "p3": "film"}


def test_path_input(tmp_path, aff):
    p = tmp_path / "aff.csv"
    aff.to_csv(p, index=False)
    g1 = cn.from_affiliations(p, actor="who", event="what")
    g2 = cn.from_affiliations(aff, actor="who", event="what")
    assert tie_dict(g1) == tie_dict(g2)


def test_integer_ids_kept_as_integers():
    t = pd.DataFrame({"actor": [10, 20, 10], "event": [1, 1, 2]})
    g = cn.from_affiliations(t)
    assert list(g.actor_ids) == [10, 20]
    assert g.ties["source"].tolist() == [10]


def test_duplicates_modes():
    t = pd.DataFrame({"actor": ["a", "b", "a"], "event": [1, 1, 1], "w": [1.0, 1.0, 2.0]})
    with pytest.raises(cn.DuplicateError, match=r"\('a', 1\) in row 2"):
        cn.from_affiliations(t)
    assert tie_dict(cn.from_affiliations(t, duplicates="drop", weight="w")) == {T("a", "b"): 1.0}
    # sum: a's participation weight becomes 1 + 2 = 3, so count a-b = 3 * 1
    assert tie_dict(cn.from_affiliations(t, duplicates="sum", weight="w")) == {T("a", "b"): 3.0}


def test_inconsistent_event_time():
    t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1], "year": [2000, 2001]})
    with pytest.raises(cn.ClusternetError, match="event 1 two times in column 'year'"):
        cn.from_affiliations(t, time="year")


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"actor": "nobody"}, "no column 'nobody' \\(parameter actor='nobody'\\)"),
        ({"event": "nothing"}, "no column 'nothing' \\(parameter event='nothing'\\)"),
        ({"time": "when"}, "parameter time='when'"),
        ({"weight": "strength"}, "parameter weight='strength'"),
    ],
)
def test_missing_column(kwargs, match):
    t = pd.DataFrame({"actor": ["a"], "event": [1]})
    with pytest.raises(cn.ColumnError, match=match):
        cn.from_affiliations(t, **kwargs)


def test_empty_table():
    with pytest.raises(cn.ColumnError, match="empty"):
        cn.from_affiliations(pd.DataFrame({"actor": [], "event": []}))
    with pytest.raises(cn.ColumnError, match="empty"):
        cn.from_edgelist(pd.DataFrame({"source": [], "target": []}))


def test_null_ids_name_column_and_row():
    t = pd.DataFrame({"actor": ["a", None, "c"], "event": [1, 1, 1]}, index=[10, 11, 12])
    with pytest.raises(cn.IdError, match="column 'actor'.*row 11"):
        cn.from_affiliations(t)
    t = pd.DataFrame({"actor": ["a", "b"], "event": [1.0, np.nan]})
    with pytest.raises(cn.IdError, match="column 'event'.*row 1"):
        cn.from_affiliations(t)


def test_mixed_id_types():
    t = pd.DataFrame({"actor": [1, "1"], "event": [1, 1]})
    with pytest.raises(cn.IdError, match="mixes id types"):
        cn.from_affiliations(t)
    # ints in the table, strings in the attribute table: they would never match
    t = pd.DataFrame({"actor": [1, 2], "event": [1, 1]})
    with pytest.raises(cn.IdError, match="actors table"):
        cn.from_affiliations(t, actors=pd.DataFrame({"actor": ["1", "2"], "x": [0, 1]}))


@pytest.mark.parametrize(
    "weights, match",
    [
        ([1.0, -2.0], "negative weight \\(-2.0\\) in row 1"),
        ([1.0, np.nan], "missing \\(NaN\\) weight"),
        ([np.inf, 1.0], "infinite weight .* row 0"),
        (["1", "heavy"], "non-numeric weight 'heavy' in row 1"),
    ],
)
def test_bad_weights(weights, match):
    t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1], "w": weights})
    with pytest.raises(cn.WeightError, match=match):
        cn.from_affiliations(t, weight="w")
    e = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "w": weights})
    with pytest.raises(cn.WeightError, match=match):
        cn.from_edgelist(e, weight="w")


def test_unknown_projection_and_bad_options():
    t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1], "w": [1.0, 1.0]})
    with pytest.raises(cn.ClusternetError, match="unknown projection='cosine'"):
        cn.from_affiliations(t, projection="cosine")
    with pytest.raises(cn.ClusternetError, match="takes no weight"):
        cn.from_affiliations(t, projection="jaccard", weight="w")
    with pytest.raises(cn.ClusternetError, match="min_weight"):
        cn.from_affiliations(t, min_weight=-1)
    with pytest.raises(cn.ClusternetError, match="max_ties"):
        cn.from_affiliations(t, max_ties=0)
    with pytest.raises(cn.ClusternetError, match="duplicates"):
        cn.from_affiliations(t, duplicates="keep")


def test_attribute_table_with_duplicated_ids():
    t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]})
    at = pd.DataFrame({"actor": ["a", "a"], "domain": ["art", "tech"]})
    with pytest.raises(cn.DuplicateError, match="'a' more than once"):
        cn.from_affiliations(t, actors=at)


def test_missing_time_values():
    t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 2], "year": [2000, None]})
    with pytest.raises(cn.ClusternetError, match="missing time.*row 1"):
        cn.from_affiliations(t, time="year")


def test_not_a_table():
    with pytest.raises(cn.ClusternetError, match="DataFrame"):
        cn.from_affiliations([("a", 1)])


def test_callers_data_not_modified(aff, attrs):
    before_aff, before_attrs = aff.copy(deep=True), attrs.copy(deep=True)
    cn.from_affiliations(aff, actor="who", event="what", time="year", weight="w",
                         actors=attrs, projection="newman")
    g = cn.from_edgelist(aff, source="who", target="what", weight="w", time="year")
    g.with_attributes(pd.DataFrame({"actor": ["a"], "x": [1]}))
    pd.testing.assert_frame_equal(aff, before_aff)
    pd.testing.assert_frame_equal(attrs, before_attrs)


# ------------------------------------------------------------------ edge lists
def test_edgelist_undirected_sums_both_orders():
    e = pd.DataFrame({"source": ["a", "b", "b"], "target": ["b", "a", "c"], "w": [1, 2, 5]})
    g = cn.from_edgelist(e, weight="w")
    assert tie_dict(g) == {T("a", "b"): 3.0, T("b", "c"): 5.0}
    assert g.weighted and g.n_ties == 2


def test_edgelist_directed_keeps_direction():
    e = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "b"]})
    g = cn.from_edgelist(e, directed=True)
    t = g.ties.set_index(["source", "target"])["weight"].to_dict()
    assert t == {("a", "b"): 2.0, ("b", "a"): 1.0}
    assert g.n_ties == 2 and g.directed
    A = g.adjacency.toarray()
    assert A[0, 1] == 2 and A[1, 0] == 1  # rows are senders


def test_edgelist_self_loops_dropped_with_warning():
    e = pd.DataFrame({"source": ["a", "b", "c"], "target": ["a", "c", "c"]})
    with pytest.warns(cn.ClusternetWarning, match="2 self-loop"):
        g = cn.from_edgelist(e)
    assert g.n_ties == 1 and g.n_actors == 3  # 'a' stays as an isolate


def test_edgelist_isolates_from_actor_table():
    e = pd.DataFrame({"source": [1], "target": [2]})
    g = cn.from_edgelist(e, actors=pd.DataFrame({"actor": [1, 2, 3], "x": [0, 0, 1]}))
    assert list(g.actor_ids) == [1, 2, 3] and g.n_ties == 1


def test_edgelist_time_records():
    e = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
                      "year": [2000, 2000, 2001]})
    g = cn.from_edgelist(e, time="year")
    ties = g.ties
    assert list(ties.columns) == ["source", "target", "weight", "time"]
    assert ties.to_dict("records") == [
        {"source": "a", "target": "b", "weight": 2.0, "time": 2000},
        {"source": "a", "target": "c", "weight": 1.0, "time": 2001},
    ]
    assert g.n_ties == 2


# ------------------------------------------------------- ties of weight 0 (issue 12)
# Convention (from_edgelist, Notes): ties are the stored entries of the
# adjacency and their weights are positive; a tie of weight 0 is refused
# (zero_weights="error") or left out at the user's word ("drop"), never kept
# as a stored zero nor dropped in silence.
def test_zero_weights_keep_is_refused_saying_why():
    e = pd.DataFrame({"source": ["a", "a"], "target": ["b", "d"], "w": [1.0, 0.0]})
    with pytest.raises(cn.ClusternetError, match=r"zero_weights='keep' is not offered.*"
                       r"n_ties.*'drop'.*weight=None"):
        cn.from_edgelist(e, weight="w", zero_weights="keep")
    with pytest.raises(cn.ClusternetError, match=r"unknown zero_weights='none'"):
        cn.from_edgelist(e, weight="w", zero_weights="none")


def test_zero_weight_at_one_time_is_refused_or_dropped_never_lost_in_a_window():
    # a-b weighs 0 in 2010 and 2 in 2011: the pair's total (2) is a tie, but
    # the window [2010, 2011) alone held a tie of weight 0 and lost it (and
    # actor a) in silence before
    e = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "b", "c"],
                      "w": [0.0, 2.0, 1.0], "year": [2010, 2011, 2010]})
    with pytest.raises(cn.WeightError, match=r"weight of 0 at one time, the first "
                       r"\('a', 'b'\) at 2010.*zero_weights='drop'.*weight=None"):
        cn.from_edgelist(e, weight="w", time="year")
    g = cn.from_edgelist(e, weight="w", time="year", zero_weights="drop")
    assert tie_dict(g) == {T("a", "b"): 2.0, T("b", "c"): 1.0}
    w = g.window(2010, 2011)
    assert list(w.actor_ids) == ["b", "c"] and tie_dict(w) == {T("b", "c"): 1.0}
    # weight=None: every row is a tie of weight 1, a-b in both years
    g1 = cn.from_edgelist(e, time="year")
    assert tie_dict(g1.window(2010, 2011)) == {T("a", "b"): 1.0, T("b", "c"): 1.0}
    # undirected, the two orders of a pair at one time are summed (0 + 3 = 3):
    # no tie of weight 0, nothing refused
    u = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "w": [0.0, 3.0],
                      "year": [2010, 2010]})
    assert tie_dict(cn.from_edgelist(u, weight="w", time="year")) == {T("a", "b"): 3.0}
    # ... but directed they are two arcs, and a->b weighs 0 (in all, and in 2010)
    with pytest.raises(cn.WeightError, match=r"weight of 0, the first \('a', 'b'\)"):
        cn.from_edgelist(u, weight="w", time="year", directed=True)


def test_zero_weight_without_a_time_is_in_no_window():
    # missing_time="keep": the row without a year is in the whole network
    # only, where a-b sums to 0 + 2 = 2; no window can hold it alone
    e = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"], "w": [0.0, 2.0],
                      "year": [np.nan, 2011]})
    with pytest.warns(cn.ClusternetWarning, match="1 row"):
        g = cn.from_edgelist(e, weight="w", time="year", missing_time="keep")
    assert tie_dict(g) == {T("a", "b"): 2.0}
    # alone, the same row is a whole-network tie of weight 0: refused
    with pytest.warns(cn.ClusternetWarning), pytest.raises(cn.WeightError,
                                                           match=r"\('a', 'b'\)"):
        cn.from_edgelist(e.iloc[:1], weight="w", time="year", missing_time="keep")


def test_zero_participation_weight_is_refused_with_the_ways_on():
    # b takes part in event 1 with weight 0: the count projection gives a-b
    # and b-c the weight 1 * 0 = 0, ties that vanished in silence before
    t = pd.DataFrame({"actor": ["a", "b", "c"], "event": [1, 1, 1], "w": [1.0, 0.0, 1.0]})
    with pytest.raises(cn.WeightError, match=r"'w'.*1 participation\(s\) of weight 0, the "
                       r"first at position 1.*table\[table\['w'\] > 0\].*weight=None"):
        cn.from_affiliations(t, weight="w")
    with pytest.raises(cn.WeightError, match="weight 0"):
        cn.from_affiliations(t, weight="w", projection="newman")
    # the two ways on: without b's row, a-c weighs 1 * 1 = 1 (by hand)
    g = cn.from_affiliations(t[t["w"] > 0], weight="w")
    assert tie_dict(g) == {T("a", "c"): 1.0}
    assert tie_dict(cn.from_affiliations(t)) == {T("a", "b"): 1.0, T("a", "c"): 1.0,
                                                 T("b", "c"): 1.0}


@settings(max_examples=15, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd"),
                                st.sampled_from([0.0, 1.0, 2.5]), st.sampled_from([1, 2])),
                      min_size=1, max_size=12),
       directed=st.booleans())
def test_dropped_zero_weights_match_pandas_in_every_window(rows, directed):
    # property: with zero_weights="drop" the whole graph and each one-year
    # window hold exactly the pairs whose weights there sum above 0 (pandas
    # groupby below), every stored weight positive
    e = pd.DataFrame(rows, columns=["source", "target", "w", "year"])
    e = e[e["source"] != e["target"]]
    if e.empty:
        return
    g = cn.from_edgelist(e, weight="w", time="year", directed=directed, zero_weights="drop")

    def expected(part):
        s, t = part["source"], part["target"]
        if not directed:
            s, t = np.minimum(s, t), np.maximum(s, t)
        sums = part.assign(s=s, t=t).groupby(["s", "t"])["w"].sum()
        return {(a, b): w for (a, b), w in sums.items() if w > 0}

    def got(h):
        return {(a, b) if directed else tuple(sorted((a, b))): w
                for a, b, w in h.ties.groupby(["source", "target"])["weight"].sum().reset_index()
                .itertuples(index=False)}

    assert got(g) == pytest.approx(expected(e))
    assert (g.adjacency.data > 0).all()
    for year in (1, 2):
        with warnings.catch_warnings():  # a year without a record: an empty window
            warnings.simplefilter("ignore", cn.ClusternetWarning)
            w = g.window(year, year + 1)
        assert got(w) == pytest.approx(expected(e[e["year"] == year]))
        assert (w.adjacency.data > 0).all()
        assert w.n_ties == len(expected(e[e["year"] == year]))


# ------------------------------------------------------------------ as_frame
def test_as_frame_is_for_dask_tables():
    # as_frame=True returns a Dask DataFrame of ties; a table in memory is
    # refused (its graph's ties is that table), and a non-bool is refused
    t = pd.DataFrame({"actor": ["A", "B", "C", "A"], "event": [1, 1, 1, 2]})
    with pytest.raises(cn.ClusternetError, match="as_frame=True .* g.ties"):
        cn.from_affiliations(t, as_frame=True)
    with pytest.raises(cn.ClusternetError, match="as_frame"):
        cn.from_affiliations(t, as_frame="yes")
    assert cn.from_affiliations(t, as_frame=False).n_ties == 3


def test_as_frame_on_a_dask_table():
    # the same ties as the graph built in memory (Dask's threads, no client)
    dd = pytest.importorskip("dask.dataframe")
    t = pd.DataFrame({"actor": list("ABCABDEEF"), "event": [1, 1, 1, 2, 2, 2, 3, 4, 4]})
    ties = cn.from_affiliations(dd.from_pandas(t, npartitions=2), as_frame=True)
    assert isinstance(ties, dd.DataFrame)
    got = ties.compute().sort_values(["source", "target"]).reset_index(drop=True)
    want = cn.from_affiliations(t).ties.sort_values(["source", "target"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
