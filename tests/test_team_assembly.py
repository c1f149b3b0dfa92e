"""cn.temporal.team_assembly: Guimerà et al. (2005) incumbent share p,
repeat-collaboration rate q and link types.

Sources of the expected numbers:

- the small example below, counted by hand in the comments (every column);
- the generator ``creative_cluster(p=, q=, tau=)``, which implements the
  model: the estimates recover its ``p`` and ``q`` within four binomial
  standard errors computed from the counts, plus a stated allowance for the
  model's own background and shortfall of repeat draws (see the comment
  above ``test_recovers_*``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet.errors import ClusternetError, ClusternetWarning

# 2020: e1 {a, b, c}, e2 {d, e}
# 2021: e3 {a, b, f}, e4 {c, d, g}
# 2022: e5 {a, b, c, d}, e6 {f, h, e}
TEAMS = {
    "e1": (2020, "abc"), "e2": (2020, "de"),
    "e3": (2021, "abf"), "e4": (2021, "cdg"),
    "e5": (2022, "abcd"), "e6": (2022, "fhe"),
}


def _table(teams=TEAMS):
    rows = [(a, e, y) for e, (y, members) in teams.items() for a in members]
    return pd.DataFrame(rows, columns=["actor", "event", "year"])


def _graph(teams=TEAMS):
    return cn.from_affiliations(_table(teams), time="year")


COUNTS = ["n_events", "slots", "incumbent_slots", "pairs", "newcomer_newcomer",
          "newcomer_incumbent", "incumbent_incumbent_new", "incumbent_incumbent_repeated",
          "incumbent_pairs", "repeated_pairs", "followers", "joined"]
SHARES = ["newcomer_newcomer_share", "newcomer_incumbent_share",
          "incumbent_incumbent_new_share", "incumbent_incumbent_repeated_share"]

# By hand, tau=1 (incumbent = an event in the year before):
# 2020: nobody before -> 5 newcomer slots; pairs e1: 3, e2: 1, all newcomer-newcomer.
# 2021: incumbents a b c d e. e3: a b inc, f new -> n-i 2 (f-a, f-b), i-i 1 (a-b, shared
#       e1: repeated); components {a-b}: k-c = 2-1 = 1. e4: c d inc, g new -> n-i 2,
#       i-i 1 (c-d: never together: new); components {c}{d}: k-c = 0.
# 2022: incumbents (active 2021) a b c d f g; e last active 2020 -> newcomer.
#       e5: a b c d all inc, 6 pairs; shared before 2022: a-b, a-c, b-c (e1), c-d (e4)
#       -> 4 repeated, 2 new (a-d, b-d); one component -> k-c = 4-1 = 3 (a forest,
#       not the 4 edges). e6: f inc, h e new -> n-n 1 (h-e), n-i 2.
HAND_TAU1 = pd.DataFrame(
    {
        "n_events":                     [2, 2, 2],
        "slots":                        [5, 6, 7],
        "incumbent_slots":              [0, 4, 5],
        "pairs":                        [4, 6, 9],
        "newcomer_newcomer":            [4, 0, 1],
        "newcomer_incumbent":           [0, 4, 2],
        "incumbent_incumbent_new":      [0, 1, 2],
        "incumbent_incumbent_repeated": [0, 1, 4],
        "incumbent_pairs":              [0, 2, 6],
        "repeated_pairs":               [0, 1, 4],
        "followers":                    [0, 2, 3],
        "joined":                       [0, 1, 3],
        "p":                            [0.0, 4 / 6, 5 / 7],
        "q":                            [np.nan, 1 / 2, 3 / 3],
        "q_pairs":                      [np.nan, 1 / 2, 4 / 6],
        "newcomer_newcomer_share":      [1.0, 0.0, 1 / 9],
        "newcomer_incumbent_share":     [0.0, 4 / 6, 2 / 9],
        "incumbent_incumbent_new_share": [0.0, 1 / 6, 2 / 9],
        "incumbent_incumbent_repeated_share": [0.0, 1 / 6, 4 / 9],
    },
    index=pd.Index([2020, 2021, 2022], name="period"),
)

# tau=None (any earlier year): 2020 and 2021 as above; in 2022 e is an incumbent
# too. e6: f e inc, h new -> n-i 2 (h-f, h-e), i-i 1 (f-e: never together: new);
# components {f}{e}: k-c = 0. 2022: slots 7, inc 6, pairs 9 = n-n 0 + n-i 2 +
# i-i new 3 + repeated 4; followers 3 + 1, joined 3 + 0.
HAND_ALL = HAND_TAU1.copy()
HAND_ALL.loc[2022, COUNTS] = [2, 7, 6, 9, 0, 2, 3, 4, 7, 4, 4, 3]
HAND_ALL.loc[2022, ["p", "q", "q_pairs"]] = [6 / 7, 3 / 4, 4 / 7]
HAND_ALL.loc[2022, SHARES] = [0.0, 2 / 9, 3 / 9, 4 / 9]


def _check(got, want):
    assert list(got.index) == list(want.index)
    for col in COUNTS:
        assert got[col].dtype == np.int64, col
        assert got[col].tolist() == want[col].astype(int).tolist(), col
    for col in ["p", "q", "q_pairs", *SHARES]:
        assert np.allclose(got[col], want[col], equal_nan=True, rtol=0, atol=1e-12), col


# ----------------------------------------------------------------- by hand
def test_hand_example_tau_1():
    _check(cn.temporal.team_assembly(_graph(), tau=1), HAND_TAU1)


def test_hand_example_no_memory_limit():
    _check(cn.temporal.team_assembly(_graph()), HAND_ALL)
    # two years of memory reach 2020 from 2022: the same as no limit here
    _check(cn.temporal.team_assembly(_graph(), tau=2), HAND_ALL)


def test_hand_example_per_event():
    e = cn.temporal.team_assembly(_graph(), tau=1, level="event")
    g = _graph()
    assert e.index.equals(g.events.index)
    assert e["period"].tolist() == [TEAMS[x][0] for x in e.index]
    by = e.loc[["e1", "e3", "e4", "e5", "e6"]]
    # e1: 3 newcomers; e3: a b inc + f; e4: c d inc + g; e5: 4 inc; e6: f inc + h e
    assert by["slots"].tolist() == [3, 3, 3, 4, 3]
    assert by["incumbent_slots"].tolist() == [0, 2, 2, 4, 1]
    assert by["repeated_pairs"].tolist() == [0, 1, 0, 4, 0]
    assert by["joined"].tolist() == [0, 1, 0, 3, 0]
    assert by["newcomer_newcomer"].tolist() == [3, 0, 0, 0, 1]
    assert np.allclose(by["p"], [0, 2 / 3, 2 / 3, 1, 1 / 3])
    assert np.allclose(by["q"], [np.nan, 1, 0, 1, np.nan], equal_nan=True)
    # the period rows are the sums of the event rows
    f = cn.temporal.team_assembly(_graph(), tau=1)
    sums = e.groupby("period")[COUNTS[1:]].sum()
    assert sums.equals(f[COUNTS[1:]])


def test_link_types_add_up():
    aff, _ = cn.datasets.creative_cluster(n_actors=300, n_years=8, rng=3)
    f = cn.temporal.team_assembly(cn.from_affiliations(aff, time="year"), tau=2)
    types = f[["newcomer_newcomer", "newcomer_incumbent", "incumbent_incumbent_new",
               "incumbent_incumbent_repeated"]]
    assert (types.sum(axis=1) == f["pairs"]).all()
    assert np.allclose(f[SHARES].sum(axis=1), 1.0)
    assert (f["joined"] <= f["followers"]).all()
    assert (f["repeated_pairs"] <= f["incumbent_pairs"]).all()


def test_datetime_times_give_the_same_rows():
    t = _table()
    t["date"] = pd.to_datetime(t["year"].astype(str) + "-06-15")
    g = cn.from_affiliations(t.drop(columns="year"), time="date")
    f = cn.temporal.team_assembly(g, tau=1)
    want = HAND_TAU1.copy()
    want.index = pd.Index(pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]),
                          name="period")
    _check(f, want)


def test_size_two_years():
    # periods [2020, 2022) and [2022, 2024): e1..e4 are one period, all newcomers
    # (nobody before 2020); in 2022, incumbents = active in [2020, 2022) with tau=1:
    # a b c d e f g, so e5 has 4 inc and e6 has f, e inc, h new.
    f = cn.temporal.team_assembly(_graph(), size=2, tau=1)
    assert list(f.index) == [2020, 2022]
    assert f["slots"].tolist() == [11, 7]
    assert f["incumbent_slots"].tolist() == [0, 6]
    # a-b meet in e1 and e3 of the same period: new in both (seen before 2020? no)
    assert f["repeated_pairs"].tolist() == [0, 4]


# -------------------------------------------------------------- edge cases
def test_first_period_everyone_is_a_newcomer():
    aff, _ = cn.datasets.creative_cluster(n_actors=200, n_years=4, rng=0)
    f = cn.temporal.team_assembly(cn.from_affiliations(aff, time="year"), tau=2)
    first = f.iloc[0]
    assert first["incumbent_slots"] == 0 and first["p"] == 0.0
    assert first["newcomer_newcomer"] == first["pairs"] > 0
    assert np.isnan(first["q"]) and np.isnan(first["q_pairs"])


def test_a_period_without_events():
    teams = {"e1": (2020, "ab"), "e2": (2022, "abc")}
    g = _graph(teams)
    with pytest.warns(ClusternetWarning, match="no event"):
        f = cn.temporal.team_assembly(g, tau=1)
    assert list(f.index) == [2020, 2021, 2022]
    assert f.loc[2021, COUNTS].tolist() == [0] * len(COUNTS)
    assert f.loc[2021, ["p", "q", "q_pairs", *SHARES]].isna().all()
    # tau=1: 2021 is empty, so a and b lapsed: all newcomers in 2022
    assert f.loc[2022, "incumbent_slots"] == 0
    with pytest.warns(ClusternetWarning):
        g2 = cn.temporal.team_assembly(g, tau=2)
    # tau=2 reaches 2020: a, b incumbents and their pair repeated
    assert g2.loc[2022, ["incumbent_slots", "repeated_pairs", "joined"]].tolist() == [2, 1, 1]


def test_events_before_start_are_history():
    f = cn.temporal.team_assembly(_graph(), tau=1, start=2021)
    assert list(f.index) == [2021, 2022]
    _check(f, HAND_TAU1.loc[[2021, 2022]])


def test_no_period_gives_no_row():
    for level in ("period", "event"):
        f = cn.temporal.team_assembly(_graph(), start=2030, level=level)
        assert len(f) == 0 and {"p", "q", "slots"} <= set(f.columns)


def test_errors():
    t = _table()
    with pytest.raises(ClusternetError, match="time"):
        cn.temporal.team_assembly(cn.from_affiliations(t.drop(columns="year")))
    h = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"], "year": [2020]}),
                         time="year")
    with pytest.raises(ClusternetError, match="from_affiliations"):
        cn.temporal.team_assembly(h)
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ClusternetError, match="tau"):
            cn.temporal.team_assembly(_graph(), tau=bad)
    with pytest.raises(ClusternetError, match="level"):
        cn.temporal.team_assembly(_graph(), level="actor")
    with pytest.raises(ClusternetError, match="size"):
        cn.temporal.team_assembly(_graph(), size=0)


def test_provenance_and_registry():
    f = cn.temporal.team_assembly(_graph(), tau=1)
    meta = f.attrs["clusternet"]
    assert meta["measure"] == "team_assembly" and meta["params"]["tau"] == 1
    assert "team_assembly" in cn.measures("temporal").index


# ------------------------------------------------------------- invariance
@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_labels_and_row_order_do_not_matter(seed):
    rng = np.random.default_rng(seed)
    aff, _ = cn.datasets.creative_cluster(n_actors=120, n_years=5, rng=int(seed % 1000))
    f = cn.temporal.team_assembly(cn.from_affiliations(aff, time="year"), tau=2)
    ids = aff["actor"].unique()
    new = dict(zip(ids, rng.permutation([f"x{i}" for i in range(len(ids))])))
    shuffled = aff.assign(actor=aff["actor"].map(new)).sample(frac=1.0, random_state=rng)
    f2 = cn.temporal.team_assembly(cn.from_affiliations(shuffled, time="year"), tau=2)
    pd.testing.assert_frame_equal(f, f2)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_equals_a_plain_python_count(seed):
    """A slow reference from the definitions (sets of past pairs, union-find)."""
    rng = np.random.default_rng(seed)
    n_ev = int(rng.integers(1, 25))
    teams = {}
    for i in range(n_ev):
        m = int(rng.integers(1, 6))
        members = "".join(rng.choice(list("abcdefghij"), size=m, replace=False))
        teams[f"e{i:02d}"] = (int(rng.integers(2000, 2006)), members)
    tau = [None, 1, 2][int(rng.integers(0, 3))]
    g = _graph(teams)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        f = cn.temporal.team_assembly(g, tau=tau)
    for period, row in f.iterrows():
        past = [(y, set(s)) for y, s in teams.values() if y < period]
        pool = {a for y, s in past if tau is None or y >= period - tau for a in s}
        seen = {frozenset((a, b)) for _, s in past for a in s for b in s if a != b}
        want = dict.fromkeys(["slots", "incumbent_slots", "repeated_pairs", "incumbent_pairs",
                              "joined", "followers", "newcomer_newcomer"], 0)
        for y, s in teams.values():
            if y != period:
                continue
            inc = sorted(set(s) & pool)
            k, m = len(inc), len(set(s))
            rep = [(a, b) for i, a in enumerate(inc) for b in inc[i + 1:]
                   if frozenset((a, b)) in seen]
            parent = {a: a for a in inc}

            def root(a, parent=parent):
                while parent[a] != a:
                    a = parent[a]
                return a

            for a, b in rep:
                parent[root(a)] = root(b)
            c = len({root(a) for a in inc})
            want["slots"] += m
            want["incumbent_slots"] += k
            want["incumbent_pairs"] += k * (k - 1) // 2
            want["repeated_pairs"] += len(rep)
            want["joined"] += k - c
            want["followers"] += max(k - 1, 0)
            want["newcomer_newcomer"] += (m - k) * (m - k - 1) // 2
        assert {k: int(row[k]) for k in want} == want, period


# ------------------------------------------------- the generator's p and q
# creative_cluster(p=, q=, tau=) assembles teams as Guimerà et al. (2005) and
# the NetLogo Team Assembly model do: a slot is an incumbent's with probability
# p (an incumbent = an actor with a team in the tau years before); each
# incumbent after a team's first is, with probability q, a collaborator (still
# an incumbent, not yet on the team) of an incumbent already on the team, drawn
# uniformly, else a random incumbent not on the team.
#
# What the estimators estimate. p-hat = incumbent slots / slots: p, binomial.
# q-hat = sum(k - c) / sum(k - 1) over teams (k incumbents, c components of
# their past-collaboration graph): each follower draw that picks a collaborator
# joins a component, so q-hat estimates q(1 - u) + (1 - q) b, with b the chance
# that a random draw happens to be a collaborator of the team (measured at q = 0)
# and u the chance that no incumbent on the team has a collaborator left to draw
# (measured at q = 1). Over seeds 0-11 of these runs (3,000 actors, 12 years,
# tau = 5, pooled over the years after the first tau) b < 0.04 always, and
# u < 0.09 at p = 0.3, u < 0.05 at p >= 0.6. Tolerances: four binomial standard
# errors sqrt(x (1 - x) / n) from the counts, plus DELTA = 0.04 for b and q u
# (at p = 0.3, q u <= 0.8 x 0.09 is mostly inside the four standard errors of
# those runs, which have fewer than 300 followers). Over seeds 2-11 (not in the
# test) the largest excess over DELTA was 1.5 standard errors.
# q_pairs, the share of repeated pairs among incumbent pairs, is not an
# estimator of q when teams have three incumbents or more (k - 1 draws,
# k(k - 1)/2 pairs); it equals q-hat on teams with two (tested below).
TAU = 5
DELTA = 0.04
GRID = [(p, q, seed) for p in (0.3, 0.6, 0.8) for q in (0.2, 0.5, 0.8) for seed in (0, 1)]


def _frames(p, q, seed):
    aff, _ = cn.datasets.creative_cluster(n_actors=3000, n_years=12, p=p, q=q, tau=TAU,
                                          rng=seed)
    g = cn.from_affiliations(aff, time="year")
    f = cn.temporal.team_assembly(g, tau=TAU)
    e = cn.temporal.team_assembly(g, tau=TAU, level="event")
    first = f.index[0] + TAU  # pooled over the periods after the first tau
    return f[f.index >= first], e[e["period"] >= first]


def _estimates(p, q, seed):
    later, _ = _frames(p, q, seed)
    return (later["incumbent_slots"].sum(), later["slots"].sum(),
            later["joined"].sum(), later["followers"].sum())


@pytest.mark.parametrize("p,q,seed", GRID)
def test_recovers_the_generators_p_and_q(p, q, seed):
    k, s, joined, n = _estimates(p, q, seed)
    p_hat = k / s
    assert abs(p_hat - p) < 4 * np.sqrt(p * (1 - p) / s), (p_hat, s)
    assert n >= 150
    q_hat = joined / n  # pooled over all teams, the q column of the period rows
    assert abs(q_hat - q) < 4 * np.sqrt(q * (1 - q) / n) + DELTA, (q_hat, n)


@pytest.mark.parametrize("p", [0.3, 0.6, 0.8])
def test_background_and_shortfall(p):
    """b (q = 0) below DELTA; 1 - q-hat at q = 1 (u) below 0.10 at p = 0.3 and
    0.06 at p >= 0.6 (the largest over seeds 0-11: 0.083 and 0.044)."""
    for seed in (0, 1):
        _, _, joined, n = _estimates(p, 0.0, seed)
        assert joined / n < DELTA
        _, _, joined, n = _estimates(p, 1.0, seed)
        assert 1 - joined / n < (0.10 if p < 0.5 else 0.06)


def test_two_incumbent_teams_and_q_pairs():
    """On teams with exactly two incumbents q-hat and q_pairs are the same
    number, and recover q as above."""
    _, e = _frames(0.6, 0.5, 3)
    two = e[e["incumbent_slots"] == 2]
    assert (two["joined"] == two["repeated_pairs"]).all()
    assert (two["followers"] == two["incumbent_pairs"]).all()
    n = two["followers"].sum()
    q_hat = two["joined"].sum() / n
    assert abs(q_hat - 0.5) < 4 * np.sqrt(0.25 / n) + DELTA, (q_hat, n)


def test_q_orders_the_clusters():
    rates = [j / n for _, _, j, n in (_estimates(0.6, q, 2) for q in (0.0, 0.2, 0.5, 0.8))]
    assert rates == sorted(rates)


def test_bundled_cluster_is_kept():
    """Without p and q the bundled cluster (the older assembly) is drawn, and
    recorded as such; giving the same values draws the model's process."""
    a, _ = cn.datasets.creative_cluster(n_actors=300, n_years=5, rng=4)
    b, _ = cn.datasets.creative_cluster(n_actors=300, n_years=5, rng=4, p=0.6, q=0.5)
    assert a.attrs["clusternet"]["params"]["assembly"] == "bundled"
    assert b.attrs["clusternet"]["params"]["assembly"] == "guimera2005"
    assert a.attrs["clusternet"]["params"]["p"] == b.attrs["clusternet"]["params"]["p"] == 0.6
    assert not a.equals(b)


def test_a_graph_without_events_is_refused_with_the_way_to_build_one():
    # team_assembly and hybrid_events read the incidence through one helper;
    # each names itself and how to build a graph with events (and times)
    ties = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"], "year": [2020]}),
                            time="year")
    with pytest.raises(ClusternetError, match=r"^team_assembly needs the events of an "
                       r"affiliation graph \(build it with cn\.from_affiliations\(\.\.\., "
                       r"time=<column>\)\); this graph has none$"):
        cn.temporal.team_assembly(ties)
    with pytest.raises(ClusternetError, match=r"^hybrid_events needs the events of an "
                       r"affiliation graph \(build it with cn\.from_affiliations\); this "
                       "graph has none$"):
        cn.convergence.hybrid_events(ties, "x")
