"""Issue 12, items 1, 2 and the builders' part of 7: windows that say what
they hold, missing times, and the audit's build-time defects.

Each test reproduces a case as the issue writes it (its "Why" section);
expected numbers are hand counts shown in the test.
"""

from __future__ import annotations

import functools
import inspect
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import _registry
from clusternet.errors import ClusternetError, ClusternetWarning
from clusternet.temporal import Window, over_time, tie_formation, windows


def moma_like() -> cn.CollaborationGraph:
    """One exhibition a year 1929..1989 (61 years, as the MoMA table), each
    with two artists; artist ``y`` shows in year ``y`` and ``y + 1``'s
    exhibitions so consecutive years share someone."""
    rows = []
    for y in range(1929, 1990):
        rows += [(f"a{y}", f"x{y}", y), (f"a{y - 1}", f"x{y}", y)]
    t = pd.DataFrame(rows, columns=["actor", "event", "year"])
    dom = pd.DataFrame({"actor": sorted(set(t["actor"]))})
    dom["domain"] = np.where(dom["actor"].str[-1].astype(int) % 2 == 0, "paint", "photo")
    return cn.from_affiliations(t, time="year", actors=dom)


# ------------------------------------------------------------------ item 1
class TestCompleteWindows:
    def test_last_decade_of_one_year_is_flagged(self):
        # Why: "--window 10 --step 10 has a last '1989' window of one year"
        g = moma_like()
        ws = list(windows(g, size=10, step=10))
        assert [w.start for w in ws] == [1929, 1939, 1949, 1959, 1969, 1979, 1989]
        assert [w.end for w in ws] == [1939, 1949, 1959, 1969, 1979, 1989, 1999]
        # data cover the years 1929..1989 whole: [1929, 1990); only 1989 sticks out
        assert [w.complete for w in ws] == [True] * 6 + [False]
        assert ws[-1].graph.n_events == 1 and ws[0].graph.n_events == 10

    def test_window_unpacks_as_before(self):
        g = moma_like()
        w = next(iter(windows(g, size=10)))
        period, graph = w
        assert isinstance(w, Window) and isinstance(w, tuple) and len(w) == 2
        assert period == w.period == 1929 and graph is w.graph
        assert "complete=True" in repr(w)

    def test_step_defaults_to_size(self):
        # Why: "over_time(..., size=10) keeps step=1 (61 overlapping windows)"
        g = moma_like()
        assert len(list(windows(g, size=10))) == 7
        assert len(list(windows(g, size=10, step=1))) == 61

    def test_decades_anchored_on_the_calendar(self):
        # Why: "windows cannot be aligned to the calendar (decades 1930-1939)"
        g = moma_like()
        ws = list(windows(g, size=10, origin=1930))
        assert [w.start for w in ws] == [1920, 1930, 1940, 1950, 1960, 1970, 1980]
        # 1920s hold only 1929; the 1980s end at 1990 = the data's end
        assert [w.complete for w in ws] == [False] + [True] * 6
        assert ws[0].graph.n_events == 1
        # start=1930 instead drops 1929; the same decades after it
        assert [w.start for w in windows(g, size=10, start=1930)][:2] == [1930, 1940]
        with pytest.raises(ClusternetError, match="not both"):
            windows(g, size=10, start=1930, origin=1930)

    def test_over_time_flags_and_filters(self):
        g = moma_like()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ClusternetWarning)
            ot = over_time(g, "ei_index", size=10, attribute="domain")
        assert ot["complete"].dtype == bool
        assert ot["complete"].tolist() == [True] * 6 + [False]
        assert ot["start"].tolist() == ot.index.tolist()
        headline = ot[ot["complete"]]
        assert headline.index[-1] == 1979
        # the columns the report and plot read are still there
        assert {"end", "n_actors", "n_ties", "n_events"} <= set(ot.columns)

    def test_cumulative_windows_start_at_the_first_start(self):
        g = moma_like()
        ws = list(windows(g, size=10, cumulative=True))
        assert {w.start for w in ws} == {1929}
        assert [w.complete for w in ws] == [True] * 6 + [False]

    def test_tie_formation_says_so_too(self):
        g = moma_like()
        tf = tie_formation(g, "domain", size=10)
        assert tf["complete"].tolist() == [True] * 6 + [False]
        assert tf["end"].tolist()[-1] == 1999

    def test_datetimes_from_january_and_ninety_days_from_a_date(self):
        t = pd.DataFrame({"actor": list("abab"), "event": [1, 1, 2, 2],
                          "when": pd.to_datetime(["2020-01-01", "2020-01-01",
                                                  "2021-12-31", "2021-12-31"])})
        g = cn.from_affiliations(t, time="when")
        ws = list(windows(g))  # calendar years from 1 January
        assert [w.start for w in ws] == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")]
        # dates (all at midnight) cover their last day: 2021 is complete
        assert [w.complete for w in ws] == [True, True]
        with pytest.warns(ClusternetWarning, match="7 of 9 windows hold no record"):
            ws = list(windows(g, size="90D", origin="2019-12-01"))
        assert ws[0].start == pd.Timestamp("2019-12-01")  # before the first time: incomplete
        assert ws[0].complete is False and ws[1].start == pd.Timestamp("2020-02-29")
        assert all((b.start - a.start) == pd.Timedelta(days=90) for a, b in zip(ws, ws[1:]))


def density(w: cn.CollaborationGraph) -> float:
    return w.density


class TestBounds:
    @pytest.fixture
    def g(self):
        t = pd.DataFrame({"actor": list("abcabc"), "event": [1, 1, 2, 2, 3, 3],
                          "year": [2010, 2010, 2011, 2011, 2012, 2012]})
        return cn.from_affiliations(t, time="year", actors=pd.DataFrame(
            {"actor": list("abc"), "domain": ["x", "y", "x"]}))

    def test_reversed_refused_everywhere(self, g):
        # Why: "g.window(2013, 2010) ... return empty graphs with no warning"
        for call in (lambda: g.window(2013, 2010),
                     lambda: windows(g, start=2013, end=2010),
                     lambda: over_time(g, density, start=2013, end=2010),
                     lambda: tie_formation(g, "domain", start=2013, end=2010)):
            with pytest.raises(ClusternetError, match="start=2013 is after end=2010"):
                call()

    def test_nan_refused_everywhere(self, g):
        for call in (lambda: g.window(np.nan, 2012),
                     lambda: windows(g, start=np.nan),
                     lambda: over_time(g, density, end=np.nan),
                     lambda: tie_formation(g, "domain", start=np.nan)):
            with pytest.raises(ClusternetError, match="is not a time"):
                call()

    def test_out_of_range_warns_everywhere(self, g):
        with pytest.warns(ClusternetWarning, match="holds no record"):
            assert g.window(2000, 2005).n_actors == 0
        with pytest.warns(ClusternetWarning, match="no window starts"):
            assert list(windows(g, start=2020)) == []
        with pytest.warns(ClusternetWarning, match="none of the 1 window"):
            assert len(over_time(g, density, start=2000, end=2001)) == 1
        with pytest.warns(ClusternetWarning, match="1 of 2 windows hold no record"):
            tie_formation(g, "domain", start=2012, end=2014)

    def test_same_message_for_a_bound_of_the_wrong_type(self, g):
        for call in (lambda: g.window("2011"), lambda: windows(g, start="2011"),
                     lambda: over_time(g, density, end="2011")):
            with pytest.raises(ClusternetError, match="cannot bound times of dtype int64"):
                call()

    def test_int_year_bounds_on_datetime_times(self):
        # Why: "over_time(g, f, start=2020) starts at 1970-01-01 00:00:00.000002020
        # (52 windows) and end=2022 gives none, while g.window(2020) refuses"
        t = pd.DataFrame({"actor": list("ababab"), "event": [1, 1, 2, 2, 3, 3],
                          "when": pd.to_datetime(["2019-05-01"] * 2 + ["2020-05-01"] * 2
                                                 + ["2021-05-01"] * 2)})
        g = cn.from_affiliations(t, time="when")
        ot = over_time(g, density, start=2020)
        assert ot.index.tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2021-01-01")]
        assert len(over_time(g, density, end=2022)) == 3
        assert g.window(2020).n_events == 2 and g.window(2020, 2021).n_events == 1
        tz = cn.from_affiliations(t.assign(when=t["when"].dt.tz_localize("Europe/Paris")),
                                  time="when")
        assert tz.window(2020).n_events == 2  # 1 January 2020 in the times' zone
        with pytest.raises(ClusternetError, match="cannot bound datetime times"):
            g.window(2020.5)


class TestTimeColumn:
    def test_mixed_number_and_text_refused_at_build(self):
        # Why: "A time column mixing 2010 and '2011' ... repr(g) raises TypeError"
        t = pd.DataFrame({"actor": ["a", "b", "c"], "event": [1, 1, 2],
                          "year": [2010, 2010, "2011"]})
        with pytest.raises(ClusternetError, match=r"'year'.*number in row 0; str in row 2"):
            cn.from_affiliations(t, time="year")
        e = pd.DataFrame({"source": ["a"], "target": ["b"], "t": ["2011"]}).astype(object)
        e = pd.concat([e, pd.DataFrame({"source": ["b"], "target": ["c"], "t": [2010]})])
        with pytest.raises(ClusternetError, match="mixes kinds of time"):
            cn.from_edgelist(e.reset_index(drop=True), time="t")

    def test_mixed_time_zones_refused_at_build(self):
        t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 2], "t": [
            pd.Timestamp("2020-01-01", tz="UTC"), pd.Timestamp("2020-01-01", tz="Asia/Tokyo")]})
        with pytest.raises(ClusternetError, match=r"'t'.*\(UTC\) in row 0.*Tokyo\) in row 1"):
            cn.from_affiliations(t, time="t")

    def test_object_columns_of_one_kind_are_converted(self):
        t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 2],
                          "year": pd.Series([2010, 2011], dtype=object)})
        g = cn.from_affiliations(t, time="year")
        assert pd.api.types.is_numeric_dtype(g.times.dtype)
        assert "time 2010..2011" in repr(g)


# ------------------------------------------------------------------ item 2
def cordis_like() -> pd.DataFrame:
    """12 participations, 3 of them (2 projects) without a start year."""
    return pd.DataFrame({
        "actor": list("abcabdcdeabe"),
        "event": ["p1", "p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4", "p5", "p5", "p5"],
        "year": [2015] * 3 + [2016] * 2 + [np.nan] * 2 + [2017] * 2 + [np.nan, 2018, 2018],
    }).assign(year=lambda d: d["year"].where(d["event"] != "p5", np.nan))


class TestMissingTime:
    def test_error_names_the_option(self):
        with pytest.raises(ClusternetError, match=r"5 missing time.*row 5.*missing_time='drop'"):
            cn.from_affiliations(cordis_like(), time="year")

    def test_drop_warns_with_the_count(self):
        with pytest.warns(ClusternetWarning, match="left out 5 row"):
            g = cn.from_affiliations(cordis_like(), time="year", missing_time="drop")
        assert g.n_events == 3 and g.meta["n_missing_time"] == 5
        assert g.meta["missing_time"] == "drop"

    def test_keep_counts_in_the_whole_network_not_in_windows(self):
        with pytest.warns(ClusternetWarning, match="5 row.*in no time window"):
            g = cn.from_affiliations(cordis_like(), time="year", missing_time="keep")
        assert g.n_events == 5 and g.meta["n_missing_time"] == 5
        # p3 (c, d) and p5 (a, b, e) are in the whole network ...
        assert g.adjacency[g.positions("c")[0], g.positions("d")[0]] == 1.0
        # ... and in no window
        ws = list(windows(g))
        assert sum(w.graph.n_events for w in ws) == 3
        assert g.window().n_events == 3
        assert [w.start for w in ws] == [2015, 2016, 2017]
        ta = cn.temporal.team_assembly(g)
        assert ta["n_events"].sum() == 3

    def test_edge_list(self):
        e = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
                          "t": [2010, np.nan, 2011]})
        with pytest.raises(ClusternetError, match="missing_time="):
            cn.from_edgelist(e, time="t")
        with pytest.warns(ClusternetWarning, match="1 row"):
            g = cn.from_edgelist(e, time="t", missing_time="keep")
        assert g.n_ties == 3 and g.meta["n_missing_time"] == 1
        assert g.window(2010, 2012).n_ties == 2
        with pytest.warns(ClusternetWarning, match="left out 1 row"):
            assert cn.from_edgelist(e, time="t", missing_time="drop").n_ties == 2

    def test_bad_option(self):
        with pytest.raises(ClusternetError, match="missing_time"):
            cn.from_affiliations(cordis_like(), time="year", missing_time="fill")


# ------------------------------------------------------------------ item 7
class TestBuildDefects:
    def test_directed_must_be_a_bool(self):
        t = pd.DataFrame({"source": ["a"], "target": ["b"]})
        with pytest.raises(ClusternetError, match="directed must be True or False"):
            cn.from_edgelist(t, directed="False")

    def test_actor_equal_to_event_refused(self):
        t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]})
        with pytest.raises(ClusternetError, match="name the same column"):
            cn.from_affiliations(t, actor="actor", event="actor")
        with pytest.raises(ClusternetError, match="name the same column"):
            cn.from_edgelist(t, source="actor", target="actor")

    def test_repeated_column_names_refused(self):
        t = pd.DataFrame([["a", 1, "b"]], columns=["actor", "event", "actor"])
        with pytest.raises(ClusternetError, match="two columns named 'actor'"):
            cn.from_affiliations(t)
        e = pd.DataFrame([["a", "b", "c"]], columns=["source", "target", "target"])
        with pytest.raises(ClusternetError, match="two columns named 'target'"):
            cn.from_edgelist(e)
        ok = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]})
        attrs = pd.DataFrame([["a", "x", "y"]], columns=["actor", "dom", "dom"])
        with pytest.raises(ClusternetError, match="two columns named 'dom'"):
            cn.from_affiliations(ok, actors=attrs)

    def test_zero_weight_ties_refused_with_the_choice(self):
        # Why: networkx's graph a-b 1, a-c 2, a-d 0, b-c 1, c-d 3 lost its a-d tie
        e = pd.DataFrame({"source": list("aaabc"), "target": list("bcdcd"),
                          "w": [1.0, 2.0, 0.0, 1.0, 3.0]})
        with pytest.raises(ClusternetError, match=r"\('a', 'd'\).*zero_weights='drop'.*"
                                                  "weight=None"):
            cn.from_edgelist(e, weight="w")
        assert cn.from_edgelist(e, weight="w", zero_weights="drop").n_ties == 4
        # weight=None keeps a-d: constraint of a as networkx computes it unweighted
        g = cn.from_edgelist(e)
        G = nx.Graph(list(zip(e["source"], e["target"])))
        assert g.n_ties == 5
        got = cn.brokerage.structural_holes(g)["constraint"]["a"]
        assert got == pytest.approx(nx.constraint(G)["a"], abs=1e-12)
        # rows of weight 0 whose pair has another positive row stay one tie
        e2 = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"], "w": [0.0, 2.0]})
        assert cn.from_edgelist(e2, weight="w").ties["weight"].tolist() == [2.0]

    def test_overflow_and_underflow_refused(self):
        # Why: "[1e200, 1e200] give an inf tie, [1e-200, 1e-200] no tie"
        for w, what in (([1e200, 1e200], "infinite"), ([1e-200, 1e-200], "multiply to 0")):
            t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1], "w": w})
            with pytest.raises(ClusternetError, match=f"'w'.*{what}"):
                cn.from_affiliations(t, weight="w")
        # "parallel edges of 1e308 sum to inf"
        e = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "w": [1e308, 1e308]})
        with pytest.raises(ClusternetError, match=r"'w'.*\('a', 'b'\).*rescale"):
            cn.from_edgelist(e, weight="w")

    def test_categorical_ids_matched_by_value(self):
        # Why: "A categorical actor column builds, but actors= with string ids or
        # with_attributes then refuses valid input"
        t = pd.DataFrame({"actor": pd.Categorical(["a", "b", "c"]), "event": [1, 1, 2]})
        attrs = pd.DataFrame({"actor": ["a", "b", "c"], "domain": ["x", "y", "x"]})
        g = cn.from_affiliations(t, actors=attrs)
        assert g.attribute("domain").tolist() == ["x", "y", "x"]
        h = cn.from_affiliations(t).with_attributes(attrs)
        assert h.attribute("domain").tolist() == ["x", "y", "x"]
        cat_attrs = attrs.assign(actor=pd.Categorical(attrs["actor"]))
        assert cn.from_affiliations(t.assign(actor=t["actor"].astype(str)),
                                    actors=cat_attrs).attribute("domain")["b"] == "y"
        e = pd.DataFrame({"source": pd.Categorical(["a"]), "target": pd.Categorical(["b"])})
        assert cn.from_edgelist(e, actors=attrs).attribute("domain").tolist() == ["x", "y", "x"]


def _attribute_measures():
    return [m for m in _registry.entries()
            if m.attribute == "attribute" and "counts" not in m.levels]


@pytest.mark.parametrize("bad", [["domain"], 5], ids=["list", "int"])
def test_non_string_attribute_refused_by_every_measure(bad):
    # Why: "ei_index(g, ['domain']) raises TypeError: unhashable type (15 of 16
    # attribute-taking functions)"
    aff, actors = cn.datasets.creative_cluster(n_actors=30, n_years=2, rng=1)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    measures = _attribute_measures()
    assert len(measures) >= 10
    for m in measures:
        params = inspect.signature(m.func).parameters
        options = {"q": 2.0} if "q" in params and params["q"].default is params["q"].empty else {}
        # a ClusternetError, never TypeError; most say so through g.attribute
        with pytest.raises(ClusternetError, match="attribute"):
            m.func(g, bad, **options)


def test_over_time_of_an_actor_level_measure():
    # issue 13: core membership by period
    aff, actors = cn.datasets.creative_cluster(n_actors=40, n_years=3, rng=2)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    cp = over_time(g, cn.structure.core_periphery, rng=1)
    assert cp.index.names == ["period", "actor"]
    assert cp["core"].dtype == bool
    for period, w in windows(g):
        own = cn.structure.core_periphery(w, rng=1)
        pd.testing.assert_frame_equal(cp.loc[period], own, check_names=False)
    core = cp["core"].unstack("period")
    assert list(core.columns) == [2010, 2011, 2012]
    # mixing kinds is refused
    calls = iter([1.0, pd.DataFrame({"x": [1]})])
    with pytest.raises(ClusternetError, match="float in one window and a table"):
        over_time(g, functools.partial(lambda w, it: next(it), it=calls))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years=st.lists(st.integers(1990, 2010), min_size=1, max_size=12),
       size=st.integers(1, 4), origin=st.one_of(st.none(), st.integers(1980, 2020)))
def test_non_overlapping_windows_partition_the_records(years, size, origin):
    # one two-actor event per year drawn; default step = size: every event in
    # exactly one window, and a window is complete iff it lies in [min, max + 1)
    t = pd.DataFrame({"actor": [f"a{i % 3}" for i in range(len(years))]
                      + [f"b{i % 2}" for i in range(len(years))],
                      "event": list(range(len(years))) * 2, "year": years * 2})
    g = cn.from_affiliations(t, time="year")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        ws = list(windows(g, size=size, origin=origin))
    assert sum(w.graph.n_events for w in ws) == len(years)
    lo, hi = min(years), max(years)
    for w in ws:
        assert w.end - w.start == size
        assert all(w.start <= y < w.end for y in w.graph.times)
        assert w.complete == (w.start >= lo and w.end <= hi + 1)
        if origin is not None:
            assert (w.start - origin) % size == 0
    assert ws[0].start <= lo < ws[0].end
