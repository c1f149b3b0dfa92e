"""Tests of clusternet.temporal: windows equal graphs built from the filtered
tables, period arithmetic, over_time, tie_formation by brute force, and the
bundled creative cluster's convergence trend."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet import temporal
from clusternet.temporal._windows import _resolve
from clusternet.temporal import over_time, tie_formation, windows

FAST = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def ties_of(g):
    t = g.ties
    return {(min(s, d), max(s, d)) if not g.directed else (s, d): w
            for s, d, w in zip(t.source, t.target, t.weight)}


def agg_ties(g):
    """Distinct pairs with total weight (timed edge lists list one row per time)."""
    out = {}
    for key, w in ties_of_rows(g):
        out[key] = out.get(key, 0.0) + w
    return out


def ties_of_rows(g):
    t = g.ties
    for s, d, w in zip(t.source, t.target, t.weight):
        yield ((min(s, d), max(s, d)) if not g.directed else (s, d)), w


@st.composite
def affiliation_tables(draw):
    n_rows = draw(st.integers(1, 40))
    rows = draw(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 11)),
                         min_size=n_rows, max_size=n_rows, unique=True))
    t = pd.DataFrame(rows, columns=["actor", "event"])
    t["actor"] = "a" + t["actor"].astype(str)
    years = draw(st.lists(st.integers(2000, 2007), min_size=12, max_size=12))
    t["year"] = [years[e] for e in t["event"]]
    t["event"] = "e" + t["event"].astype(str)
    return t


def actor_table():
    return pd.DataFrame({"actor": [f"a{i}" for i in range(10)],
                         "domain": list("xyzxyzxyzx")})


class TestWindows:
    @FAST
    @given(affiliation_tables(), st.integers(1, 3), st.integers(1, 3),
           st.sampled_from(["count", "newman"]), st.booleans())
    def test_equal_to_filtered_table(self, t, size, step, projection, cumulative):
        g = cn.from_affiliations(t, time="year", projection=projection, actors=actor_table())
        first = t.year.min()
        got = list(windows(g, size=size, step=step, cumulative=cumulative))
        assert [p for p, _ in got] == list(range(first, t.year.max() + 1, step))
        for period, w in got:
            lo = first if cumulative else period
            sub = t[(t.year >= lo) & (t.year < period + size)]
            assert w.n_events == sub.event.nunique()
            if sub.empty:
                assert w.n_actors == 0
                continue
            ref = cn.from_affiliations(sub, time="year", projection=projection)
            assert set(w.actor_ids) == set(ref.actor_ids)
            a, b = ties_of(w), ties_of(ref)
            assert a.keys() == b.keys()
            assert all(a[k] == pytest.approx(b[k]) for k in a)
            # attributes travel with the actors
            dom = actor_table().set_index("actor")["domain"]
            assert (w.actors["domain"] == dom.reindex(w.actor_ids)).all()

    @FAST
    @given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(1, 9)),
                    min_size=1, max_size=30), st.booleans(), st.integers(1, 4))
    def test_edge_list_equal_to_filtered_table(self, rows, directed, size):
        t = pd.DataFrame(rows, columns=["source", "target", "t"])
        t = t[t.source != t.target]
        if t.empty:
            return
        g = cn.from_edgelist(t, directed=directed, time="t")
        for period, w in windows(g, size=size, step=size):
            sub = t[(t.t >= period) & (t.t < period + size)]
            if sub.empty:
                assert w.n_actors == 0
                continue
            ref = cn.from_edgelist(sub, directed=directed, time="t")
            assert set(w.actor_ids) == set(ref.actor_ids)
            assert agg_ties(w) == pytest.approx(agg_ties(ref))

    @FAST
    @given(affiliation_tables(), st.integers(1, 3))
    def test_cumulative_grows(self, t, step):
        g = cn.from_affiliations(t, time="year")
        prev_actors, prev_ties = set(), {}
        for _, w in windows(g, size=step, step=step, cumulative=True):
            actors, ties = set(w.actor_ids), ties_of(w)
            assert prev_actors <= actors
            assert prev_ties.keys() <= ties.keys()
            assert all(ties[k] >= prev_ties[k] for k in prev_ties)  # count projection
            prev_actors, prev_ties = actors, ties
        assert prev_ties == ties_of(g)  # the last cumulative window is everything

    def test_labels_start_end_and_gaps(self):
        t = pd.DataFrame({"actor": list("abcabc"), "event": [1, 1, 2, 2, 3, 3],
                          "year": [2001, 2001, 2003, 2003, 2006, 2006]})
        g = cn.from_affiliations(t, time="year")
        assert [p for p, _ in windows(g)] == list(range(2001, 2007))
        assert [p for p, _ in windows(g, size=2, step=2)] == [2001, 2003, 2005]
        assert [p for p, _ in windows(g, start=2000, end=2004, size=2, step=1)] == [
            2000, 2001, 2002, 2003]
        # step defaults to size (issue 12: size=10 kept step=1, 61 overlapping windows)
        assert [p for p, _ in windows(g, start=2000, end=2004, size=2)] == [2000, 2002]
        # step > size leaves gaps: 2001 and 2004 only cover [2001, 2002), [2004, 2005)
        assert [w.n_events for _, w in windows(g, size=1, step=3)] == [1, 0]
        # float sizes on integer years
        assert [p for p, _ in windows(g, size=2.5, step=2.5)] == [2001, 2003.5, 2006.0]

    def test_datetimes(self):
        t = pd.DataFrame({"actor": list("abab"), "event": [1, 1, 2, 2],
                          "when": pd.to_datetime(["2020-03-05", "2020-03-05",
                                                  "2021-07-01", "2021-07-01"])})
        g = cn.from_affiliations(t, time="when")
        got = [(p, w.n_events) for p, w in windows(g)]
        assert got == [(pd.Timestamp("2020-01-01"), 1), (pd.Timestamp("2021-01-01"), 1)]
        half = [(p, w.n_events) for p, w in windows(g, size=pd.DateOffset(months=6),
                                                     step=pd.DateOffset(months=6))]
        assert half[0] == (pd.Timestamp("2020-03-05"), 1)
        # starts 2020-03-05, 2020-09-05, 2021-03-05 (holds 2021-07-01)
        assert [n for _, n in half] == [1, 0, 1]
        days = [p for p, _ in windows(g, size="200D", step="200D")]
        assert days[1] == pd.Timestamp("2020-03-05") + pd.Timedelta(days=200)
        assert next(p for p, _ in windows(g, start="2020-06-01")) == pd.Timestamp("2020-06-01")

    def test_errors(self):
        g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
        with pytest.raises(cn.ClusternetError, match="no time"):
            list(windows(g))
        t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1], "year": [2000, 2000]})
        g = cn.from_affiliations(t, time="year")
        for bad in (0, -1, "2", float("inf"), True):
            with pytest.raises(cn.ClusternetError, match="size"):
                list(windows(g, size=bad))
        with pytest.raises(cn.ClusternetError, match="cumulative"):
            list(windows(g, cumulative="yes"))
        s = cn.from_affiliations(t.assign(year=["x", "x"]), time="year")
        with pytest.raises(cn.ClusternetError, match="numeric times"):
            list(windows(s))
        d = cn.from_affiliations(t.assign(year=pd.to_datetime(["2000-01-01"] * 2)), time="year")
        with pytest.raises(cn.ClusternetError, match="duration"):
            list(windows(d, size="soon"))
        with pytest.raises(cn.ClusternetError, match="size"):
            list(windows(d, size=1.5))


class TestOverTime:
    def graph(self):
        t = pd.DataFrame({"actor": ["ann", "bob", "bob", "cy", "ann", "cy", "dan", "eve"],
                          "event": ["e1", "e1", "e2", "e2", "e3", "e3", "e4", "e4"],
                          "year": [2020, 2020, 2021, 2021, 2022, 2022, 2024, 2024]})
        actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
                               "domain": ["art", "art", "tech", "tech", "art"]})
        return cn.from_affiliations(t, time="year", actors=actors)

    def test_float_measure(self):
        g = self.graph()
        with pytest.warns(cn.ClusternetWarning, match="1 group"):
            df = over_time(g, cn.convergence.ei_index, attribute="domain")
        assert list(df.index) == [2020, 2021, 2022, 2023, 2024]
        assert df.index.name == "period"
        assert list(df.columns) == ["ei_index", "start", "end", "complete", "n_actors",
                                    "n_ties", "n_events"]
        # 2020: ann-bob, both art -> one group, NaN; 2021: bob-cy; 2022: ann-cy
        assert np.isnan(df.loc[2020, "ei_index"])
        assert df["ei_index"].tolist()[1:3] == [1.0, 1.0]
        assert np.isnan(df.loc[2023, "ei_index"])  # empty window: NaN, measure not called
        assert df.loc[2023, ["n_actors", "n_ties", "n_events"]].tolist() == [0, 0, 0]
        assert df["end"].tolist() == [2021, 2022, 2023, 2024, 2025]
        assert df.attrs["clusternet"]["params"]["measure"] == "ei_index"
        # each row equals the measure on the window
        for p, w in windows(g):
            if w.n_actors:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", cn.ClusternetWarning)
                    want = cn.convergence.ei_index(w, "domain")
                assert df.loc[p, "ei_index"] == pytest.approx(want, nan_ok=True)
                assert df.loc[p, "n_ties"] == w.n_ties

    def test_names_and_callables(self):
        g = self.graph()
        a = over_time(g, "ei_index", attribute="domain", size=2)
        b = over_time(g, "convergence.ei_index", attribute="domain", size=2)
        c = over_time(g, lambda w: cn.convergence.ei_index(w, "domain"), size=2)
        assert a["ei_index"].equals(b["ei_index"])
        assert np.allclose(a["ei_index"], c["value"], equal_nan=True)
        with pytest.raises(cn.ClusternetError, match=r"no measure.*cn\.measures\(\)"):
            over_time(g, "no_such_measure")
        with pytest.raises(cn.ClusternetError, match="no measure 'diversity.ei_index'"):
            over_time(g, "diversity.ei_index")  # a measure of another family
        with pytest.raises(cn.ClusternetError, match="function"):
            over_time(g, 3)

    def test_registered_names(self):
        """Names are those of the registry (cn.measures()); a registered
        function, or a partial of one, gives its column the measure's name."""
        g = self.graph()
        by_name = over_time(g, "diversity.composition", attribute="domain", size=2)
        assert list(by_name.columns[:1]) == ["composition"]
        assert by_name.attrs["clusternet"]["params"]["measure"] == "composition"
        blau = functools.partial(cn.diversity.composition, measure="blau")
        partial = over_time(g, blau, attribute="domain", size=2)
        assert partial["composition"].equals(by_name["composition"])
        # 2020-2021: ann, bob (art) and cy (tech): Blau = 1 - (2/3)^2 - (1/3)^2 = 4/9
        assert partial.loc[2020, "composition"] == pytest.approx(4 / 9)
        func = over_time(g, cn.convergence.ei_index, attribute="domain", size=2)
        assert list(func.columns[:1]) == ["ei_index"]
        for name in cn.measures().index:  # every registered name is found
            assert _resolve(name)[1] == name

    def test_series_measure(self):
        g = self.graph()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cn.ClusternetWarning)
            df = over_time(g, "ei_index", attribute="domain", level="group", size=2)
        assert list(df.columns[:2]) == ["art", "tech"]
        # 2024 window has only art-art (dan is tech but ties dan-eve): check by hand
        assert df.loc[2020, "art"] == pytest.approx(0.0)  # ann-bob (I), bob-cy (E)

    def test_series_name_clash(self):
        g = self.graph()
        df = over_time(g, lambda w: pd.Series({"n_ties": 1.0, "x": 2.0}))
        assert "value_n_ties" in df.columns and "x" in df.columns

    def test_bad_return(self):
        g = self.graph()
        with pytest.raises(cn.ClusternetError, match="a number, a pandas Series or a pandas "
                                                     "DataFrame"):
            over_time(g, lambda w: "text")

    def test_edge_list_counts_records(self):
        t = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "b", "c"],
                          "t": [1, 2, 2]})
        g = cn.from_edgelist(t, time="t")
        df = over_time(g, lambda w: float(w.n_ties), size=2, step=2)
        assert df.loc[1, "n_events"] == 3 and df.loc[1, "n_ties"] == 2

    def test_cumulative(self):
        g = self.graph()
        with pytest.warns(cn.ClusternetWarning):  # 2020: art only
            df = over_time(g, "hybrid_share", attribute="domain", cumulative=True)
        assert df["n_events"].tolist() == [1, 2, 3, 3, 4]
        assert np.isnan(df.loc[2020, "hybrid_share"])
        assert df["hybrid_share"].tolist()[1:] == pytest.approx([0.5, 2 / 3, 2 / 3, 0.75])  # e4 dan-eve is hybrid


def brute_tie_formation(t, dom, size, first):
    """Guimerà et al. link types by Python sets, one (actor, actor) pair at a time."""
    teams = t.groupby("event").agg(actors=("actor", list), year=("year", "first"))
    out = {}
    for lo in range(first, t.year.max() + 1, size):
        hist = teams[teams.year < lo]
        now = teams[(teams.year >= lo) & (teams.year < lo + size)]

        def pairs(tt):
            return {tuple(sorted((a, b))) for m in tt.actors for a in m for b in m if a != b}

        before = pairs(hist)
        inc = {a for m in hist.actors for a in m}
        cur = pairs(now)
        active = {a for m in now.actors for a in m}
        row = {"n_ties": len(cur), "new": len(cur - before), "repeated": len(cur & before),
               "new_cross": sum(dom[a] != dom[b] for a, b in cur - before),
               "repeated_same": sum(dom[a] == dom[b] for a, b in cur & before),
               "newcomer_newcomer": sum(a not in inc and b not in inc for a, b in cur),
               "newcomer_incumbent": sum((a in inc) != (b in inc) for a, b in cur),
               "incumbent_incumbent_new": sum(a in inc and b in inc for a, b in cur - before),
               "incumbent_incumbent_repeated": len(cur & before),
               "n_newcomers": len(active - inc), "n_incumbents": len(active & inc)}
        out[lo] = row
    return pd.DataFrame.from_dict(out, orient="index")


class TestTieFormation:
    @FAST
    @given(affiliation_tables(), st.integers(1, 3))
    def test_by_hand(self, t, size):
        g = cn.from_affiliations(t, time="year", actors=actor_table())
        got = tie_formation(g, "domain", size=size, step=size)
        dom = actor_table().set_index("actor")["domain"].to_dict()
        want = brute_tie_formation(t, dom, size, int(t.year.min()))
        for col in want.columns:
            assert got[col].tolist() == want[col].tolist(), col
        link_types = ["newcomer_newcomer", "newcomer_incumbent", "incumbent_incumbent_new",
                      "incumbent_incumbent_repeated"]
        assert (got[link_types].sum(axis=1) == got["n_ties"]).all()
        assert (got["new"] + got["repeated"] == got["n_ties"]).all()

    def test_directed_edge_list(self):
        t = pd.DataFrame({"source": ["a", "b", "a", "c"], "target": ["b", "a", "b", "a"],
                          "t": [1, 2, 2, 2]})
        g = cn.from_edgelist(t, directed=True, time="t",
                             actors=pd.DataFrame({"actor": list("abc"), "d": list("xxy")}))
        f = tie_formation(g, "d")
        assert f.loc[2, ["n_ties", "new", "repeated", "newcomer_incumbent"]].tolist() == [
            3, 2, 1, 1]
        assert f.loc[2, "new_cross"] == 1 and f.loc[2, "new_same"] == 1

    def test_missing(self):
        t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1], "year": [2000, 2000]})
        g = cn.from_affiliations(t, time="year",
                                 actors=pd.DataFrame({"actor": ["a", "b"], "d": ["x", None]}))
        with pytest.raises(cn.ClusternetError, match="'b'"):
            tie_formation(g, "d")
        f = tie_formation(g, "d", missing="drop")
        assert f.loc[2000, ["n_ties", "new_same", "new_cross"]].tolist() == [1, 0, 0]


class TestCreativeCluster:
    """The bundled generator makes domains converge (homophily falling from
    0.9 to 0.2 over the years); over_time must see E-I rise. With constant
    homophily the same test must see no comparable trend."""

    def trend(self, **kwargs):
        aff, actors = cn.datasets.creative_cluster(rng=0, **kwargs)
        g = cn.from_affiliations(aff, time="year", actors=actors)
        df = over_time(g, "ei_index", attribute="domain")
        slope = np.polyfit(df.index.to_numpy(float), df["ei_index"].to_numpy(), 1)[0]
        return df, slope

    def test_ei_rises(self):
        df, slope = self.trend()
        assert len(df) == 12
        from scipy.stats import spearmanr

        assert spearmanr(df.index, df["ei_index"])[0] > 0.8
        assert df["ei_index"].iloc[-3:].mean() - df["ei_index"].iloc[:3].mean() > 0.5
        _, flat = self.trend(homophily=(0.6, 0.6))
        assert slope > 0.05 and slope > 3 * abs(flat)

    def test_tie_formation_runs(self):
        aff, actors = cn.datasets.creative_cluster(rng=0)
        g = cn.from_affiliations(aff, time="year", actors=actors)
        f = tie_formation(g, "domain")
        share = f["new_cross"] / (f["new_cross"] + f["new_same"])
        assert share.iloc[-3:].mean() > share.iloc[:3].mean()
        assert f["n_newcomers"].sum() == g.n_actors
