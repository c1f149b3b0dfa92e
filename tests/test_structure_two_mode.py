"""cn.structure.two_mode_clustering: Opsahl (2013) and Robins & Alexander (2004).

Sources of the expected numbers:

- a hand computation on a small example of our own (written out below; we do
  not reproduce the numbers of Opsahl's 2013 figure from memory);
- networkx's ``bipartite.robins_alexander_clustering`` on random tables;
- a slow reference from Opsahl's definition (plain loops over every 4-path,
  as tnet's ``clustering_tm`` and bitriad's ``injequ.wedges`` count them) on
  random tables.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet.errors import ClusternetError, ClusternetWarning

f = cn.structure.two_mode_clustering

# a - e1 - b - e2 - c - e4 - d, and e3 joins a and c
HAND = pd.DataFrame({"actor": ["a", "b", "b", "c", "a", "c", "c", "d"],
                     "event": ["e1", "e1", "e2", "e2", "e3", "e3", "e4", "e4"]})


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        return f(*args, **kwargs)


# ------------------------------------------------------------ hand example
def test_opsahl_by_hand():
    """The 4-paths P - X - Q - Y - R (X != Y, P, Q, R distinct), by centre Q:

    - b (events e1, e2): a-e1-b-e2-c; a and c share e3, not in {e1, e2}:
      closed. 1 of 1.
    - a (events e1, e3): b-e1-a-e3-c; b and c share e2: closed. 1 of 1.
    - c (events e2, e3, e4): b-e2-c-e3-a closed (b, a share e1);
      b-e2-c-e4-d open (b, d share nothing); a-e3-c-e4-d open. 1 of 3.
    - d (one event): no 4-path, NaN.

    Global: (1 + 1 + 1) / (1 + 1 + 3) = 3/5.
    """
    g = cn.from_affiliations(HAND)
    assert f(g) == pytest.approx(3 / 5, abs=1e-15)
    with pytest.warns(ClusternetWarning, match="1 actor"):
        local = f(g, level="actor")
    assert local.name == "two_mode_clustering" and list(local.index) == ["a", "b", "c", "d"]
    np.testing.assert_allclose(local.to_numpy(), [1, 1, 1 / 3, np.nan], rtol=0, atol=1e-15)
    assert local.attrs["clusternet"]["params"] == {"method": "opsahl", "level": "actor"}


def test_robins_alexander_by_hand():
    """Same example. C4 = sum over actor pairs of C(w, 2): every pair shares
    at most one event, so C4 = 0. Add e5 = {a, b}: a and b share e1 and e5,
    C4 = C(2, 2) = 1; L3 = sum over participations (d_a - 1)(s_e - 1) with
    d = (a 3, b 3, c 3, d 1) and every event of size 2:
    a: 3 x 2, b: 3 x 2, c: 3 x 2, d: 0 = 18. So 4 x 1 / 18 = 2/9."""
    g = cn.from_affiliations(HAND)
    assert f(g, method="robins_alexander") == 0.0
    more = pd.concat([HAND, pd.DataFrame({"actor": ["a", "b"], "event": ["e5", "e5"]})])
    assert f(cn.from_affiliations(more), method="robins_alexander") == pytest.approx(2 / 9)


def test_one_event_closes_nothing():
    """One team of three: a clique in the projection, but no 4-path (one
    event) and no 3-path (every actor has one event): NaN, with a warning."""
    g = cn.from_affiliations(pd.DataFrame({"actor": list("abc"), "event": ["x"] * 3}))
    assert nx.transitivity(g.to_networkx()) == 1.0  # the projection's closure
    with pytest.warns(ClusternetWarning, match="no 4-path"):
        assert np.isnan(f(g))
    with pytest.warns(ClusternetWarning, match="no 3-path"):
        assert np.isnan(f(g, method="robins_alexander"))


def test_repeated_pairs_are_not_closure():
    """Two actors a, b who share two events x, y, and c in x only: the paths
    c-x-a-y-b and c-x-b-y-a (centres a and b) are open -- c and b share x
    only, which is in the path. So 0 of 2."""
    t = pd.DataFrame({"actor": list("abcab"), "event": list("xxxyy")})
    assert f(cn.from_affiliations(t)) == 0.0


# ------------------------------------------------------------- references
def _slow_opsahl(table: pd.DataFrame) -> tuple[dict, dict]:
    """4-paths and closed 4-paths by centre, from the definition."""
    events = table.groupby("actor")["event"].agg(set).to_dict()
    members = table.groupby("event")["actor"].agg(set).to_dict()
    paths, closed = dict.fromkeys(events, 0), dict.fromkeys(events, 0)
    for q, mine in events.items():
        for x, y in itertools.combinations(sorted(mine), 2):
            for p in members[x] - {q}:
                for r in members[y] - {q, p}:
                    paths[q] += 1
                    closed[q] += bool((events[p] & events[r]) - {x, y})
    return paths, closed


def _networkx_ra(table: pd.DataFrame) -> float:
    G = nx.Graph()
    G.add_edges_from((("actor", a), ("event", e)) for a, e in table.itertuples(index=False))
    return nx.algorithms.bipartite.robins_alexander_clustering(G)


tables = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 7)), min_size=1, max_size=40).map(
    lambda rows: pd.DataFrame(rows, columns=["actor", "event"]).astype(
        {"actor": str, "event": str}).drop_duplicates(ignore_index=True))


@settings(max_examples=120, deadline=None)
@given(tables)
def test_robins_alexander_equals_networkx(table):
    ours = _quiet(cn.from_affiliations(table), method="robins_alexander")
    theirs = _networkx_ra(table)
    if np.isnan(ours):  # no 3-path: networkx says 0
        assert theirs == 0
    else:
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)


@settings(max_examples=120, deadline=None)
@given(tables)
def test_opsahl_equals_the_slow_reference(table):
    g = cn.from_affiliations(table)
    paths, closed = _slow_opsahl(table)
    total = sum(paths.values())
    glob = _quiet(g)
    if total == 0:
        assert np.isnan(glob)
    else:
        assert glob == pytest.approx(sum(closed.values()) / total, rel=1e-12)
    local = _quiet(g, level="actor")
    expected = [closed[a] / paths[a] if paths[a] else np.nan for a in local.index]
    np.testing.assert_allclose(local.to_numpy(), expected, rtol=1e-12, atol=0)


@settings(max_examples=60, deadline=None)
@given(tables, st.randoms(use_true_random=False))
def test_relabelling_changes_nothing(table, random):
    """Permuting the rows and renaming actors and events (in another order)
    gives the same coefficients, actor by actor."""
    actors, events = sorted(set(table.actor)), sorted(set(table.event))
    new_a = dict(zip(actors, random.sample(range(100, 200), len(actors))))
    new_e = dict(zip(events, random.sample(range(500, 600), len(events))))
    moved = table.sample(frac=1.0, random_state=random.randrange(2**31)).assign(
        actor=lambda d: d.actor.map(new_a).astype(str), event=lambda d: d.event.map(new_e))
    g, h = cn.from_affiliations(table), cn.from_affiliations(moved)
    for method in ("opsahl", "robins_alexander"):
        np.testing.assert_allclose(_quiet(h, method=method), _quiet(g, method=method),
                                   rtol=1e-12, equal_nan=True)
    a, b = _quiet(g, level="actor"), _quiet(h, level="actor")
    np.testing.assert_allclose(b.rename(index={v: k for k, v in
                                               ((k, str(v)) for k, v in new_a.items())})
                               .reindex(a.index).to_numpy(), a.to_numpy(), rtol=1e-12,
                               equal_nan=True)


def test_kernel_blocks_do_not_change_the_counts():
    """The counts by blocks of any size equal one block (random incidence)."""
    import scipy.sparse as sp

    from clusternet._kernels.two_mode import binary, opsahl_counts

    rng = np.random.default_rng(3)
    B = binary(sp.csr_array((rng.random((60, 25)) < 0.15).astype(float)))
    ref = opsahl_counts(B)
    for budget in (1, 7, 100):
        for got, want in zip(opsahl_counts(B, budget=budget), ref):
            np.testing.assert_allclose(got, want, rtol=1e-12)


def test_participation_weights_are_ignored():
    """Binary coefficients: participation weights (here 2, summed repeats) change nothing."""
    twice = pd.concat([HAND, HAND.iloc[:3]], ignore_index=True)
    g = cn.from_affiliations(twice, duplicates="sum")
    assert g.incidence.data.max() == 2
    assert f(g) == pytest.approx(3 / 5)
    assert f(g, method="robins_alexander") == 0.0


def test_creative_cluster_values_are_proportions():
    aff, actors = cn.datasets.creative_cluster(n_actors=80, n_years=4, rng=2)
    g = cn.from_affiliations(aff, time="year", actors=actors)
    assert 0 <= f(g) <= 1 and 0 <= f(g, method="robins_alexander") <= 1
    local = _quiet(g, level="actor")
    assert ((local.dropna() >= 0) & (local.dropna() <= 1)).all()


# ------------------------------------------------------------------ errors
def test_errors():
    g = cn.from_affiliations(HAND)
    with pytest.raises(ClusternetError, match="method"):
        f(g, method="watts")
    with pytest.raises(ClusternetError, match="level='network'"):
        f(g, method="robins_alexander", level="actor")
    with pytest.raises(ClusternetError, match="level"):
        f(g, level="event")
    with pytest.raises(ClusternetError, match="from_affiliations"):
        f(cn.from_edgelist(g.ties))
    with pytest.raises(TypeError):
        f(g, "opsahl")


# --------------------------------------------------------------- real data
DATA = Path(os.environ.get("CLUSTERNET_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
CORDIS = DATA / "cordis_h2020" / "h2020_participations.csv"


@pytest.mark.parametrize("year", [2014, 2021])
def test_cordis_year_equals_networkx_and_the_slow_reference(year):
    """One start year of CORDIS H2020 (the recipe of tests/test_real_data.py):
    Robins-Alexander equals networkx, Opsahl (global and local) the slow
    reference."""
    if not CORDIS.is_file():
        pytest.skip(f"no CORDIS table at {CORDIS}")
    d = pd.read_csv(CORDIS)
    d = d.dropna(subset=["start_year"]).astype({"start_year": int})
    table = (d[d.start_year == year].rename(columns={"pic": "actor", "rcn": "event"})
             [["actor", "event"]].drop_duplicates(ignore_index=True))
    g = cn.from_affiliations(table)
    assert f(g, method="robins_alexander") == pytest.approx(_networkx_ra(table), rel=1e-12)
    paths, closed = _slow_opsahl(table)
    assert f(g) == pytest.approx(sum(closed.values()) / sum(paths.values()), rel=1e-12)
    local = _quiet(g, level="actor")
    expected = [closed[a] / paths[a] if paths[a] else np.nan for a in local.index]
    np.testing.assert_allclose(local.to_numpy(), expected, rtol=1e-12, atol=0)
