"""cn.structure.small_world: the small-world quotient (Uzzi & Spiro 2005).

Sources of the expected numbers:

- C and L: networkx (``transitivity``, ``average_clustering``,
  ``average_shortest_path_length`` on the largest component), computed in
  the tests on the same projection;
- the null draws: :func:`clusternet.nulls.curveball` called with the
  generator of ``SeedSequence(seed).spawn(n)[i]`` (clusternet.inference's
  rule), its C and L computed with networkx;
- the analytic null: a hand computation of the Newman, Strogatz & Watts
  (2001) formulas on a 4-actor, 2-event table, written out in the test;
- Q of a graph that is itself a curveball draw: about 1 (statistical, fixed
  seeds, tolerance stated in the test).
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet._kernels.paths import mean_of_sources, random_bipartite
from clusternet.errors import ClusternetError, ClusternetWarning


def _table(seed: int, n_actors: int = 400, n_events: int = 200, low: int = 2,
           high: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(low, high, n_events)
    rows = [(int(a), e) for e, k in enumerate(sizes)
            for a in rng.choice(n_actors, k, replace=False)]
    return pd.DataFrame(rows, columns=["actor", "event"])


def _nx(g) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(range(g.n_actors))
    A = g.adjacency.tocoo()
    G.add_edges_from((int(i), int(j)) for i, j in zip(A.row, A.col) if i < j)
    return G


def _nx_C_L(g, clustering="global"):
    G = _nx(g)
    if clustering == "global":
        C = nx.transitivity(G)
    else:
        C = nx.average_clustering(G, nodes=[v for v in G if G.degree(v) >= 2])
    big = G.subgraph(max(nx.connected_components(G), key=len))
    return C, nx.average_shortest_path_length(big)


DAVIS = cn.from_affiliations(cn.datasets.davis_southern_women())
_aff, _ = cn.datasets.creative_cluster(n_actors=120, n_years=4, rng=3)
CLUSTER = cn.from_affiliations(_aff, time="year")


# ----------------------------------------------------------- C and L = networkx
@pytest.mark.parametrize("g", [DAVIS, CLUSTER, cn.from_affiliations(_table(0))],
                         ids=["davis", "cluster", "random"])
@pytest.mark.parametrize("clustering", ["global", "average"])
def test_C_and_L_equal_networkx(g, clustering):
    r = cn.structure.small_world(g, n=2, rng=0, clustering=clustering)
    C, L = _nx_C_L(g, clustering)
    assert r.C == pytest.approx(C, rel=1e-12)
    assert r.L == pytest.approx(L, rel=1e-12)
    assert r.L_se == 0.0


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(5, 40), st.integers(3, 25))
def test_C_and_L_equal_networkx_on_random_tables(seed, n_actors, n_events):
    g = cn.from_affiliations(_table(seed, n_actors, n_events, 1, 5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ClusternetWarning)
        r = cn.structure.small_world(g, null="analytic")
    C, L = _nx_C_L(g)
    G = _nx(g)
    if sum(d * (d - 1) for _, d in G.degree()) == 0:
        assert np.isnan(r.C)  # no connected triple: undefined (networkx says 0)
    else:
        assert r.C == pytest.approx(C, rel=1e-12)
    if nx.number_of_edges(G) == 0:
        assert np.isnan(r.L)
    else:
        assert r.L == pytest.approx(L, rel=1e-12)


def test_relabelling_the_actors_changes_nothing():
    t = _table(5, 200, 90)
    relabelled = t.assign(actor=t["actor"].map(lambda a: f"x{(a * 7919) % 1000:04d}"))
    a = cn.structure.small_world(cn.from_affiliations(t), null="analytic")
    b = cn.structure.small_world(cn.from_affiliations(relabelled), null="analytic")
    assert (a.C, a.L, a.C_null_mean, a.L_null_mean) == pytest.approx(
        (b.C, b.L, b.C_null_mean, b.L_null_mean), rel=1e-12)


# ---------------------------------------------------------- sampled path length
def test_sampled_L_estimates_the_exact_mean():
    g = cn.from_affiliations(_table(1, 600, 300))
    exact = cn.structure.small_world(g, n=2, rng=0)
    assert exact.sources > 300  # the whole largest component
    hits = 0
    for seed in range(10):
        r = cn.structure.small_world(g, n=2, rng=seed, k=60)
        assert r.sources == 60 and r.L_se > 0
        hits += abs(r.L - exact.L) <= 3 * r.L_se
    # 3 standard errors: each miss has probability ~0.003 under the CLT
    assert hits >= 9
    # as many sources as actors in the component: exact again
    full = cn.structure.small_world(g, n=2, rng=0, k=10**6)
    assert full.L == exact.L and full.L_se == 0.0


def test_standard_error_by_hand():
    # 4 sources out of 10: sd of (1, 2, 3, 4) is sqrt(5/3); se = sd/2 * sqrt(0.6)
    est = mean_of_sources(np.array([1.0, 2.0, 3.0, 4.0]), 10)
    assert est.mean == 2.5
    assert est.se == pytest.approx(np.sqrt(5 / 3) / 2 * np.sqrt(0.6), rel=1e-12)
    assert mean_of_sources(np.array([1.0, 2.0]), 2).se == 0.0


# --------------------------------------------------------------- the null draws
def test_null_draws_are_curveball_draws_seeded_as_inference():
    n, seed = 4, 11
    r = cn.structure.small_world(CLUSTER, n=n, rng=seed)
    B = CLUSTER.incidence
    for i, child in enumerate(np.random.SeedSequence(seed).spawn(n)):
        h = cn.nulls.curveball(CLUSTER, rng=np.random.default_rng(child))
        # both degree sequences of the two-mode network are kept
        assert np.array_equal(h.incidence.sum(axis=1), B.sum(axis=1))
        assert np.array_equal(h.incidence.sum(axis=0), B.sum(axis=0))
        C, L = _nx_C_L(h)
        assert r.draws.loc[i, "C"] == pytest.approx(C, rel=1e-12)
        assert r.draws.loc[i, "L"] == pytest.approx(L, rel=1e-12)
    assert r.C_null_mean == pytest.approx(r.draws["C"].mean(), rel=1e-12)
    assert r.C_null_sd == pytest.approx(r.draws["C"].std(ddof=1), rel=1e-12)
    assert r.L_null_mean == pytest.approx(r.draws["L"].mean(), rel=1e-12)
    assert r.Q == pytest.approx((r.C / r.C_null_mean) / (r.L / r.L_null_mean), rel=1e-12)


def test_Q_is_about_1_for_a_curveball_draw_of_itself():
    """A graph that is a curveball draw is, in distribution, one of its own
    null draws: Q is about 1. Tolerance: with 400 actors and 200 events of
    2-5 actors, Q's spread over seeds is about 0.01 (seeds 0-5 gave 0.976 to
    1.003), so |Q - 1| < 0.06 is several sds; C and L each lie within 3.5
    null sds of the null mean."""
    for s in range(4):
        g = cn.nulls.curveball(cn.from_affiliations(_table(s)), rng=100 + s)
        r = cn.structure.small_world(g, n=40, rng=s)
        assert abs(r.Q - 1) < 0.06, (s, r)
        assert abs(r.C - r.C_null_mean) < 3.5 * r.C_null_sd
        assert abs(r.L - r.L_null_mean) < 3.5 * r.L_null_sd


def test_Q_is_above_1_for_teams_that_stay_in_their_village():
    """Repeated teams of 3 inside 20 villages of 10 actors, and 30 pairs
    across random villages (the shortcuts of Watts & Strogatz): far more
    clustered than random teams of the same sizes (4.3 x), paths longer (2.3 x);
    Q well above 1 (the curveball baseline keeps the team cliques, so this is
    the clustering beyond them)."""
    rng = np.random.default_rng(0)
    rows = []
    for v in range(20):
        for e in range(15):
            for a in rng.choice(10, 3, replace=False):
                rows.append((v * 10 + int(a), f"v{v}e{e}"))
    for b in range(30):
        for a in rng.choice(200, 2, replace=False):
            rows.append((int(a), f"bridge{b}"))
    g = cn.from_affiliations(pd.DataFrame(rows, columns=["actor", "event"]),
                             duplicates="drop")
    r = cn.structure.small_world(g, n=20, rng=0)
    assert r.C > r.C_null_mean + 3 * r.C_null_sd
    assert r.Q > 1.5  # 1.84 with these seeds (C 4.3 x the null, L 2.3 x)


def test_same_seed_same_result():
    a = cn.structure.small_world(CLUSTER, n=5, rng=3)
    b = cn.structure.small_world(CLUSTER, n=5, rng=3)
    assert a.to_frame().equals(b.to_frame())
    assert a.draws.equals(b.draws)
    c = cn.structure.small_world(CLUSTER, n=5, rng=np.random.default_rng(3))
    d = cn.structure.small_world(CLUSTER, n=5, rng=np.random.default_rng(3))
    assert c.Q == d.Q and c.seed == d.seed
    e = cn.structure.small_world(CLUSTER, n=5, rng=4)
    assert not a.draws.equals(e.draws)
    # the observed L does not depend on n (its sources come from the root seed)
    g = cn.from_affiliations(_table(1, 600, 300))
    assert (cn.structure.small_world(g, n=2, rng=5, k=50).L
            == cn.structure.small_world(g, n=3, rng=5, k=50).L)


# ------------------------------------------------------------ the analytic null
def test_analytic_formulas_by_hand():
    r"""Actors a:{e1}, b:{e1,e2}, c:{e1,e2}, d:{e2}; events of 3 actors.

    By hand (Newman, Strogatz & Watts 2001, sec. V): N=4, M=2, mu=1.5, nu=3;
    f0''(1) = E[j(j-1)] = (0+2+2+0)/4 = 1; g1'(1) = E[k(k-1)]/nu = 6/3 = 2;
    g1''(1) = E[k(k-1)(k-2)]/nu = 2; g0'''(1) = 6.
    z1 = mu g1'(1) = 3; f1'(1) = f0''(1)/mu = 2/3; z2 = z1 f1'(1) g1'(1) = 4.
    G0''(1) = f0''(1) g1'(1)^2 + f0'(1) g1''(1) = 4 + 3 = 7;
    C = (M/N) g0'''(1)/G0''(1) = (1/2)(6/7) = 3/7
    (= 3 x 2 triangles / 14 triples counted with multiplicity);
    l = ln(N/z1)/ln(z2/z1) + 1 = ln(4/3)/ln(4/3) + 1 = 2.
    Observed: ties ab ac bc bd cd, 2 triangles, 8 triples: C = 6/8; distances
    1,1,1,1,1 and a-d 2: L = 7/6. Q = (0.75/(3/7)) / ((7/6)/2) = 3.
    """
    rb = random_bipartite(np.array([1, 2, 2, 1]), np.array([3, 3]))
    assert (rb.N, rb.M) == (4, 2)
    assert rb.z1 == pytest.approx(3.0) and rb.z2 == pytest.approx(4.0)
    assert rb.clustering == pytest.approx(3 / 7)
    assert rb.path_length == pytest.approx(2.0)
    t = pd.DataFrame({"actor": list("abbccd"), "event": ["e1", "e1", "e2", "e1", "e2", "e2"]})
    r = cn.structure.small_world(cn.from_affiliations(t), null="analytic")
    assert r.C == pytest.approx(0.75) and r.L == pytest.approx(7 / 6)
    assert r.C_null_mean == pytest.approx(3 / 7) and r.L_null_mean == pytest.approx(2.0)
    assert r.Q == pytest.approx(3.0)
    assert r.n == 0 and np.isnan(r.C_null_sd) and np.isnan(r.L_null_sd)
    assert r.draws.empty


def test_analytic_path_length_is_nan_without_a_giant_component():
    # pairs only, one event each: z1 = 1, z2 = 0
    rb = random_bipartite(np.ones(10, dtype=int), np.full(5, 2))
    assert rb.z1 == pytest.approx(1.0) and np.isnan(rb.path_length)
    # contacts with multiplicity outnumber the actors: NaN, not l < 1
    assert np.isnan(random_bipartite(np.full(4, 3), np.full(3, 4)).path_length)


def test_analytic_is_close_to_curveball_on_a_large_sparse_graph():
    """Where the formulas' assumptions hold (large, sparse, few repeated
    pairs) the two nulls agree: within 15% here (observed: C 0.2%, L 3%)."""
    g = cn.from_affiliations(_table(2, 3000, 1200))
    a = cn.structure.small_world(g, null="analytic")
    c = cn.structure.small_world(g, n=5, rng=0, k=200)
    assert a.C_null_mean == pytest.approx(c.C_null_mean, rel=0.15)
    assert a.L_null_mean == pytest.approx(c.L_null_mean, rel=0.15)


# ------------------------------------------------------------ results and time
def test_to_frame_and_as_series():
    r = cn.structure.small_world(DAVIS, n=5, rng=2)
    f = r.to_frame()
    assert list(f.index) == ["small_world"]
    assert f.loc["small_world", "Q"] == r.Q and f.loc["small_world", "seed"] == 2
    assert f.attrs["clusternet"]["measure"] == "small_world"
    s = r.as_series()
    assert s["C"] == r.C and s["n"] == 5.0 and s.attrs["clusternet"]["params"]["seed"] == 2
    assert r.C_ratio == pytest.approx(r.C / r.C_null_mean)
    assert r.L_ratio == pytest.approx(r.L / r.L_null_mean)
    assert "SmallWorld" in repr(r)


def test_per_period_through_over_time():
    sw = lambda w: cn.structure.small_world(w, n=3, rng=0).as_series()  # noqa: E731
    out = cn.temporal.over_time(CLUSTER, sw, size=2)
    assert {"C", "L", "Q", "C_null_mean", "L_null_mean"} <= set(out.columns)
    for period, row in out.iterrows():
        w = CLUSTER.window(period, row["end"])
        assert row["C"] == pytest.approx(_nx_C_L(w)[0], rel=1e-12)
    # the result object itself is not a number or a Series: over_time says so
    with pytest.raises(ClusternetError, match="SmallWorld"):
        cn.temporal.over_time(CLUSTER, "small_world", size=2, n=3, rng=0)


def test_undefined_is_nan_with_a_warning():
    t = pd.DataFrame({"actor": ["a", "b", "c"], "event": ["e1", "e2", "e3"]})
    with pytest.warns(ClusternetWarning) as record:
        r = cn.structure.small_world(cn.from_affiliations(t), n=2, rng=0)
    said = " ".join(str(w.message) for w in record)
    assert "Q is NaN" in said and "null draws have C undefined" in said
    assert np.isnan(r.C) and np.isnan(r.L) and np.isnan(r.Q)


# ---------------------------------------------------------------------- errors
def test_an_edge_list_is_refused():
    h = cn.from_edgelist(DAVIS.ties)
    with pytest.raises(ClusternetError, match="from_affiliations"):
        cn.structure.small_world(h, n=5, rng=0)


@pytest.mark.parametrize("bad", [0, 1, 2.5, True, "10", -3])
def test_bad_n(bad):
    with pytest.raises(ClusternetError, match="n must be"):
        cn.structure.small_world(DAVIS, n=bad, rng=0)


@pytest.mark.parametrize("bad", [True, -1, 1.5, "42"])
def test_bad_rng(bad):
    with pytest.raises(ClusternetError, match="rng"):
        cn.structure.small_world(DAVIS, n=5, rng=bad)


@pytest.mark.parametrize("options,match", [
    ({"null": "rewire"}, "null"),
    ({"clustering": "local"}, "clustering"),
    ({"null": "analytic", "n": 10}, "n="),
    ({"null": "analytic", "clustering": "average"}, "clustering='global'"),
    ({"null": "analytic", "n_trades": 10}, "n_trades"),
    ({"k": 1}, "k must"),
    ({"k": 2.0}, "k must"),
    ({"n_trades": -1}, "n_trades"),
])
def test_bad_options(options, match):
    with pytest.raises(ClusternetError, match=match):
        cn.structure.small_world(DAVIS, rng=0, **options)


def test_sources_is_the_old_name_of_k():
    """One name per meaning: the number of sampled BFS sources is k=, as in
    cn.brokerage.betweenness and bridging; sources= still works for now."""
    g = cn.from_affiliations(*cn.datasets.creative_cluster(n_actors=120, n_years=3, rng=2)[:1],
                             time="year")
    with pytest.warns(FutureWarning, match="renamed k="):
        old = cn.structure.small_world(g, n=2, rng=1, sources=30)
    new = cn.structure.small_world(g, n=2, rng=1, k=30)
    assert old.to_frame().equals(new.to_frame())
    with pytest.raises(ClusternetError, match="pass k= only"):
        cn.structure.small_world(g, n=2, rng=1, k=30, sources=30)
