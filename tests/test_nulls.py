"""Null models: what each keeps (degrees, group sizes, weights), what it
randomises, reproducibility from a seed, and bad input.

Expected values are invariants of the models (Strona et al. 2014 for the
curveball; Maslov & Sneppen 2002 for the swaps) checked exactly, or counts
of small state spaces enumerated by hand (6 permutation matrices of order
3; 15 two-edge graphs on 4 nodes), checked with a chi-square test at a
fixed seed.
"""

from __future__ import annotations

import inspect
import itertools
from collections import Counter
from types import SimpleNamespace

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import stats

import clusternet as cn
from clusternet import nulls
from clusternet._kernels import nulls as kn
from clusternet.projection import project


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def karate() -> cn.CollaborationGraph:
    return cn.as_graph(nx.karate_club_graph())


@pytest.fixture
def teams() -> cn.CollaborationGraph:
    """An affiliation graph: 40 actors in 30 teams of 2-6, two domains."""
    rng = np.random.default_rng(5)
    rows = []
    for e in range(30):
        for a in rng.choice(40, size=int(rng.integers(2, 7)), replace=False):
            rows.append((f"a{a:02d}", f"e{e:02d}"))
    table = pd.DataFrame(rows, columns=["actor", "event"])
    ids = sorted(set(table["actor"]))
    actors = pd.DataFrame({"actor": ids, "domain": ["art" if i % 2 else "tech"
                                                    for i in range(len(ids))]})
    return cn.from_affiliations(table, actors=actors, projection="newman")


def degrees(g) -> np.ndarray:
    return np.diff(g.adjacency.indptr)


def _chi2_uniform(counts: list[int]) -> float:
    return stats.chisquare(counts).pvalue


def _reference_curveball(B: sp.csr_array, n_trades: int, rng: np.random.Generator):
    """The kernel's documented rule, slowly, pair by pair (Strona et al.
    2014's trade): rounds of ``n_rows // 2`` trades on the matching
    ``perm[0::2]``-``perm[1::2]`` of ``rng.permutation(n_rows)``; then one
    ``rng.random`` number per pooled entry, in the input's entry order; a
    pair's pool ordered by (number, entry), row a taking as many as it gave."""
    n_rows = B.shape[0]
    cols = B.indices.tolist()
    row_of = np.repeat(np.arange(n_rows), np.diff(B.indptr)).tolist()
    per_round = n_rows // 2
    remaining = n_trades if per_round else 0
    while remaining > 0:
        t = min(per_round, remaining)
        remaining -= t
        perm = rng.permutation(n_rows)
        members: dict = {}
        for e, r in enumerate(row_of):
            members.setdefault(r, []).append(e)
        pools = []
        for k in range(t):
            a, b = int(perm[2 * k]), int(perm[2 * k + 1])
            ca = {cols[e] for e in members.get(a, [])}
            cb = {cols[e] for e in members.get(b, [])}
            from_a = [e for e in members.get(a, []) if cols[e] not in cb]
            from_b = [e for e in members.get(b, []) if cols[e] not in ca]
            pools.append((a, b, len(from_a), from_a + from_b))
        pooled = sorted(e for *_, pool in pools for e in pool)
        number = dict(zip(pooled, rng.random(len(pooled)).tolist()))
        for a, b, keep, pool in pools:
            dealt = sorted(pool, key=lambda e: (number[e], e))
            for i, e in enumerate(dealt):
                row_of[e] = a if i < keep else b
    order = sorted(range(len(cols)), key=lambda e: (row_of[e], cols[e]))
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=n_rows), out=indptr[1:])
    return indptr, np.asarray(cols, dtype=np.int64)[order], B.data[order]


# ------------------------------------------------------- permute_attribute
class TestPermuteAttribute:
    def test_keeps_graph_and_group_sizes(self, karate):
        h = nulls.permute_attribute(karate, "club", rng=1)
        assert (h.adjacency != karate.adjacency).nnz == 0
        assert Counter(h.actors["club"]) == Counter(karate.actors["club"])
        assert not h.actors["club"].equals(karate.actors["club"])
        assert list(h.actor_ids) == list(karate.actor_ids)

    def test_same_seed_same_draw(self, karate):
        a = nulls.permute_attribute(karate, "club", rng=3)
        b = nulls.permute_attribute(karate, "club", rng=np.random.default_rng(3))
        c = nulls.permute_attribute(karate, "club", rng=4)
        assert a.actors["club"].equals(b.actors["club"])
        assert not a.actors["club"].equals(c.actors["club"])

    def test_missing_values_stay_put(self, karate):
        club = karate.actors["club"].astype(object)
        club.iloc[[0, 5, 9]] = None
        g = karate.with_attributes(club.to_frame())
        for seed in range(5):
            h = nulls.permute_attribute(g, "club", rng=seed)
            assert h.actors["club"].isna().tolist() == g.actors["club"].isna().tolist()

    def test_within_strata(self, karate):
        stratum = pd.DataFrame({"half": np.arange(karate.n_actors) < 17}, index=karate.actor_ids)
        g = karate.with_attributes(stratum)
        for seed in range(5):
            h = nulls.permute_attribute(g, "club", rng=seed, within="half")
            for half in (True, False):
                mine = h.actors.loc[h.actors["half"] == half, "club"]
                orig = g.actors.loc[g.actors["half"] == half, "club"]
                assert Counter(mine) == Counter(orig)

    def test_categorical_dtype_kept(self, karate):
        club = karate.actors["club"].astype("category").to_frame()
        h = nulls.permute_attribute(karate.with_attributes(club), "club", rng=0)
        assert isinstance(h.actors["club"].dtype, pd.CategoricalDtype)

    def test_kernel_is_uniform(self):
        # 3 positions: the 6 permutations should be equally likely.
        rng = np.random.default_rng(2024)
        counts = Counter(tuple(kn.permutation_index(3, rng)) for _ in range(3000))
        assert len(counts) == 6
        assert _chi2_uniform(list(counts.values())) > 0.001

    def test_kernel_within_strata_uniform(self):
        rng = np.random.default_rng(7)
        strata = np.array([0, 1, 0, 1, 0])
        counts = Counter(tuple(kn.permutation_index(5, rng, strata=strata))
                         for _ in range(3000))
        assert len(counts) == 6 * 2  # 3! within stratum 0, 2! within stratum 1
        for idx in counts:
            assert (strata[list(idx)] == strata).all()
        assert _chi2_uniform(list(counts.values())) > 0.001

    def test_keeps_everything_else(self):
        # the tie records (time windows) and the column order come through
        ties = pd.DataFrame({"source": list("abca"), "target": list("bcdd"),
                             "year": [2001, 2002, 2003, 2003]})
        actors = pd.DataFrame({"actor": list("abcd"), "sector": list("xxyy"),
                               "size": [1, 2, 3, 4]})
        g = cn.from_edgelist(ties, time="year", actors=actors)
        h = nulls.permute_attribute(g, "sector", rng=0)
        assert h.attributes == g.attributes
        assert h.actors["size"].equals(g.actors["size"])
        assert h.window(2002, 2004).n_ties == g.window(2002, 2004).n_ties == 3

    def test_bad_input(self, karate):
        with pytest.raises(cn.UnknownAttributeError, match="no actor attribute 'nope'"):
            nulls.permute_attribute(karate, "nope", rng=0)
        with pytest.raises(cn.UnknownAttributeError, match="within"):
            nulls.permute_attribute(karate, "club", rng=0, within="nope")
        half = karate.actors["club"].where(np.arange(karate.n_actors) > 2).rename("half")
        g = karate.with_attributes(half.to_frame())
        with pytest.raises(cn.ClusternetError, match="missing value"):
            nulls.permute_attribute(g, "club", rng=0, within="half")
        with pytest.raises(cn.ClusternetError, match="rng"):
            nulls.permute_attribute(karate, "club", rng="seed")


# ----------------------------------------------------------------- rewire
class TestRewire:
    def test_keeps_degrees_and_changes_ties(self, karate):
        h = nulls.rewire(karate, rng=0)
        assert np.array_equal(degrees(h), degrees(karate))
        assert h.n_ties == karate.n_ties
        assert (h.adjacency != karate.adjacency).nnz > 0
        assert h.adjacency.diagonal().sum() == 0
        assert (h.adjacency != h.adjacency.T).nnz == 0

    def test_weights_are_dealt_out(self, karate):
        h = nulls.rewire(karate, rng=0)
        assert sorted(h.ties["weight"]) == sorted(karate.ties["weight"])

    def test_directed_keeps_in_and_out_degrees(self):
        G = nx.gnm_random_graph(30, 120, seed=1, directed=True)
        g = cn.as_graph(G)
        h = nulls.rewire(g, rng=2)
        A, B = g.adjacency, h.adjacency
        assert h.directed
        assert np.array_equal(np.diff(A.indptr), np.diff(B.indptr))
        assert np.array_equal(np.bincount(A.indices, minlength=30),
                              np.bincount(B.indices, minlength=30))
        assert (A != B).nnz > 0

    def test_reproducible(self, karate):
        a = nulls.rewire(karate, rng=11)
        b = nulls.rewire(karate, rng=np.random.default_rng(11))
        c = nulls.rewire(karate, rng=12)
        assert (a.adjacency != b.adjacency).nnz == 0
        assert (a.adjacency != c.adjacency).nnz > 0

    def test_zero_swaps_keeps_ties(self, karate):
        h = nulls.rewire(karate, rng=0, n_swaps=0)
        assert ((h.adjacency > 0) != (karate.adjacency > 0)).nnz == 0

    def test_affiliation_graph_becomes_one_mode(self, teams):
        h = nulls.rewire(teams, rng=0)
        assert h.incidence is None and h.events is None
        assert np.array_equal(degrees(h), degrees(teams))

    def test_tiny_graphs(self):
        g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
        assert nulls.rewire(g, rng=0).n_ties == 1

    @pytest.mark.parametrize("bad", [-1, 1.5, True, "10"])
    def test_bad_n_swaps(self, karate, bad):
        with pytest.raises(cn.ClusternetError, match="n_swaps"):
            nulls.rewire(karate, rng=0, n_swaps=bad)


# --------------------------------------------------------------- curveball
class TestCurveball:
    def test_keeps_both_degree_sequences(self, teams):
        B = teams.incidence
        for seed in range(5):
            h = nulls.curveball(teams, rng=seed)
            C = h.incidence
            assert np.array_equal(np.diff(C.indptr), np.diff(B.indptr))  # actors' events
            assert np.array_equal(np.bincount(C.indices, minlength=B.shape[1]),
                                  np.bincount(B.indices, minlength=B.shape[1]))  # event sizes
            assert C.has_canonical_format

    def test_visits_different_matrices(self, teams):
        def key(g):
            C = g.incidence
            return (C.indptr.tobytes(), C.indices.tobytes())

        seen = {key(nulls.curveball(teams, rng=s)) for s in range(10)}
        assert key(teams) not in seen
        assert len(seen) == 10
        # even a handful of trades moves the chain
        assert key(nulls.curveball(teams, rng=0, n_trades=3)) != key(teams)

    def test_reprojects_with_own_projection(self, teams):
        h = nulls.curveball(teams, rng=1)
        C = h.incidence
        rows = np.repeat(np.arange(C.shape[0]), np.diff(C.indptr))
        table = pd.DataFrame({"actor": h.actor_ids.take(rows),
                              "event": h.events.index.take(C.indices)})
        ref = cn.from_affiliations(table, projection="newman")
        ref = ref.subgraph([a for a in h.actor_ids if a in set(ref.actor_ids)])
        mine = h.subgraph(ref.actor_ids)
        assert np.allclose(mine.adjacency.toarray(), ref.adjacency.toarray(), rtol=0, atol=1e-12)
        assert h.projection == "newman"
        assert h.actors.equals(teams.actors)

    def test_projection_matches_project(self, teams):
        h = nulls.curveball(teams, rng=2)
        A = project(h.incidence, teams.events["size"].to_numpy(), projection="newman")
        assert (abs(A - h.adjacency) > 1e-12).nnz == 0

    def test_weights_move_with_their_participation(self):
        table = pd.DataFrame({"actor": list("aabbccdde"), "event": [1, 2, 2, 3, 3, 4, 4, 1, 2],
                              "w": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]})
        g = cn.from_affiliations(table, weight="w")
        h = nulls.curveball(g, rng=0)
        for e in range(g.incidence.shape[1]):
            col_g = sorted(g.incidence[:, [e]].toarray().ravel())
            col_h = sorted(h.incidence[:, [e]].toarray().ravel())
            assert col_g == col_h

    def test_reproducible(self, teams):
        a = nulls.curveball(teams, rng=8)
        b = nulls.curveball(teams, rng=np.random.default_rng(8))
        assert (a.incidence != b.incidence).nnz == 0
        assert (a.adjacency != b.adjacency).nnz == 0

    def test_kernel_samples_uniformly(self):
        # Row and column sums all 1 on 3 x 3: the 6 permutation matrices.
        eye = sp.csr_array(np.eye(3))
        rng = np.random.default_rng(99)
        counts: Counter = Counter()
        for _ in range(1800):
            indptr, indices, _ = kn.curveball(eye.indptr, eye.indices, eye.data, 3, 6, rng)
            counts[tuple(indices)] += 1
        assert len(counts) == 6
        assert _chi2_uniform(list(counts.values())) > 0.001

    def test_kernel_odd_rows_and_empty_rows(self):
        B = sp.csr_array(np.array([[1, 1, 0, 0], [0, 0, 0, 0], [0, 1, 1, 0],
                                   [1, 0, 0, 1], [0, 0, 1, 1]], dtype=float))
        rng = np.random.default_rng(0)
        for _ in range(20):
            indptr, indices, data = kn.curveball(B.indptr, B.indices, B.data, 4, 7, rng)
            C = sp.csr_array((data, indices, indptr), shape=B.shape)
            assert np.array_equal(C.sum(axis=0), B.sum(axis=0))
            assert np.array_equal(C.sum(axis=1), B.sum(axis=1))
            assert C.max() == 1

    @pytest.mark.parametrize(("row_sums", "col_sums", "n_matrices"), [
        ((2, 2, 1, 1), (2, 2, 1, 1), 34),
        ((2, 2, 1), (2, 1, 1, 1), 12),  # an odd number of rows: one sits out each round
    ])
    def test_kernel_uniform_on_all_matrices_with_these_margins(self, row_sums, col_sums,
                                                               n_matrices, monkeypatch):
        # Every 0/1 matrix with these margins, enumerated (n_matrices counted by
        # brute force over all 2^(rows*cols) matrices); independent draws of the
        # default chain length (10 trades per row) from one start must hit them
        # uniformly: chi-square, and total variation against its sampling noise
        # E[TV] ~ sum_i sqrt(p(1-p) / (2 pi N)) (normal approximation).
        nr, nc = len(row_sums), len(col_sums)
        every = (np.arange(2 ** (nr * nc))[:, None] >> np.arange(nr * nc)) & 1
        every = every.reshape(-1, nr, nc)
        keep = ((every.sum(2) == row_sums).all(1)) & ((every.sum(1) == col_sums).all(1))
        states = [tuple(m.ravel()) for m in every[keep]]
        assert len(states) == n_matrices
        start = sp.csr_array(np.reshape(states[0], (nr, nc)).astype(float))
        # the compiled loops when numba is there (fewer calls a round; the same
        # draws as numpy, tested below), numpy otherwise
        monkeypatch.setattr(kn, "ENGINE", "numba")
        rng = np.random.default_rng(2026)
        n_draws = 60 * n_matrices
        counts: Counter = Counter()
        for _ in range(n_draws):
            indptr, indices, _ = kn.curveball(start.indptr, start.indices, start.data, nc,
                                              10 * nr, rng)
            m = np.zeros((nr, nc), dtype=int)
            m[np.repeat(np.arange(nr), np.diff(indptr)), indices] = 1
            counts[tuple(m.ravel())] += 1
        assert set(counts) == set(states)
        assert _chi2_uniform([counts[m] for m in states]) > 0.001
        p = 1 / n_matrices
        tv = 0.5 * sum(abs(counts[m] / n_draws - p) for m in states)
        noise = n_matrices * np.sqrt(p * (1 - p) / (2 * np.pi * n_draws))
        assert tv < 2 * noise

    def test_kernel_engines_give_the_same_draws(self, monkeypatch):
        # The numpy rounds, the compiled loops (run as plain Python here, so
        # without numba too) and the rule written out slowly in
        # _reference_curveball give the same draw for the same seed: random
        # incidences with empty rows, odd row counts, pools over 16 entries
        # (the quickselect branch), weights, and trade counts that end in a
        # partial round.
        loops = SimpleNamespace(mark_shared=kn._cb_mark_shared, number=kn._cb_number,
                                deal=kn._cb_deal, csr_order=kn._cb_csr_order)
        gen = np.random.default_rng(11)
        for trial in range(60):
            nr, nc = int(gen.integers(1, 14)), int(gen.integers(1, 40))
            dense = (gen.random((nr, nc)) < gen.random()) * gen.integers(1, 9, (nr, nc))
            B = sp.csr_array(dense.astype(float))
            n_trades = int(gen.integers(0, 4 * nr + 2))
            ref = _reference_curveball(B, n_trades, np.random.default_rng(trial))
            monkeypatch.setattr(kn, "ENGINE", "numpy")
            got = kn.curveball(B.indptr, B.indices, B.data, nc, n_trades,
                               np.random.default_rng(trial))
            order = kn._curveball_compiled(loops, B.indptr.astype(np.int64),
                                           B.indices.astype(np.int64), nc, n_trades,
                                           np.random.default_rng(trial))
            for x, y in zip(ref, got):
                assert np.array_equal(x, y), trial
            assert got[0].dtype == got[1].dtype == np.int64
            assert np.array_equal(got[1], B.indices[order]), trial
            assert np.array_equal(got[2], B.data[order]), trial

    def test_compiled_kernel_gives_the_same_draws(self, monkeypatch):
        # With numba: 3,000 rows, 2 to 40 entries each (pools on both sides of
        # the quickselect threshold), the compiled loops in one chunk and in
        # three give the numpy rounds' draw exactly.
        pytest.importorskip("numba")
        gen = np.random.default_rng(3)
        deg = np.minimum(2 + gen.zipf(2.0, 3000), 40)
        rows = np.repeat(np.arange(3000), deg)
        cols = np.concatenate([gen.choice(500, d, replace=False) for d in deg])
        B = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(3000, 500))
        B.sort_indices()
        draws = {}
        for engine, chunks in (("numpy", 1), ("numba", 1), ("numba", 3)):
            monkeypatch.setattr(kn, "ENGINE", engine)
            monkeypatch.setattr(kn, "_CHUNKS", chunks)
            draws[engine, chunks] = kn.curveball(B.indptr, B.indices, B.data, 500, 25_000,
                                                 np.random.default_rng(5))
        ref = draws["numpy", 1]
        assert not np.array_equal(ref[1], B.indices)
        for key, got in draws.items():
            for x, y in zip(ref, got):
                assert x.dtype == y.dtype and np.array_equal(x, y), key

    def test_needs_affiliation_graph(self, karate):
        with pytest.raises(cn.ClusternetError, match="affiliation graph"):
            nulls.curveball(karate, rng=0)

    @pytest.mark.parametrize("bad", [-1, 2.0, "10"])
    def test_bad_n_trades(self, teams, bad):
        with pytest.raises(cn.ClusternetError, match="n_trades"):
            nulls.curveball(teams, rng=0, n_trades=bad)


# -------------------------------------------------------- erdos_renyi_like
class TestErdosRenyiLike:
    def test_same_size_and_density(self, karate):
        h = nulls.erdos_renyi_like(karate, rng=0)
        assert (h.n_actors, h.n_ties, h.directed) == (karate.n_actors, karate.n_ties, False)
        assert sorted(h.ties["weight"]) == sorted(karate.ties["weight"])
        assert h.adjacency.diagonal().sum() == 0
        assert (h.adjacency != karate.adjacency).nnz > 0
        assert h.actors.equals(karate.actors)

    def test_directed(self):
        g = cn.as_graph(nx.gnm_random_graph(20, 200, seed=3, directed=True))
        h = nulls.erdos_renyi_like(g, rng=1)
        assert h.directed and h.n_ties == 200
        assert h.adjacency.diagonal().sum() == 0

    def test_reproducible(self, karate):
        a = nulls.erdos_renyi_like(karate, rng=5)
        b = nulls.erdos_renyi_like(karate, rng=5)
        assert (a.adjacency != b.adjacency).nnz == 0

    def test_affiliation_graph_becomes_one_mode(self, teams):
        h = nulls.erdos_renyi_like(teams, rng=0)
        assert h.incidence is None and h.n_ties == teams.n_ties

    @pytest.mark.parametrize("m", [2, 5])  # sparse (rejection) and dense (choice) paths
    def test_kernel_uniform(self, m):
        # 4 nodes, 6 pairs: every set of m pairs equally likely.
        rng = np.random.default_rng(m)
        counts = Counter()
        for _ in range(150 * 15):
            s, d = kn.gnm(4, m, directed=False, rng=rng)
            counts[tuple(zip(s.tolist(), d.tolist()))] += 1
        n_sets = len(list(itertools.combinations(range(6), m)))
        assert len(counts) == n_sets
        assert _chi2_uniform(list(counts.values())) > 0.001

    @pytest.mark.parametrize("directed", [False, True])
    def test_decode_pairs_is_a_bijection(self, directed):
        n = 7
        n_pairs = n * (n - 1) if directed else n * (n - 1) // 2
        i, j = kn.decode_pairs(np.arange(n_pairs), n, directed=directed)
        pairs = set(zip(i.tolist(), j.tolist()))
        assert len(pairs) == n_pairs
        assert all(a != b and 0 <= a < n and 0 <= b < n for a, b in pairs)
        if not directed:
            assert all(a < b for a, b in pairs)

    def test_decode_pairs_large_keys(self):
        n = 3_000_000
        k = np.array([0, n * (n - 1) // 2 - 1, 123_456_789_012])
        i, j = kn.decode_pairs(k, n, directed=False)
        assert np.array_equal(j * (j - 1) // 2 + i, k)
        assert (i < j).all() and (j < n).all()


# ------------------------------------------------------------ the seed, all nulls
def _every_null(karate, teams):
    return [
        ("permute_attribute", lambda **kw: nulls.permute_attribute(karate, "club", **kw),
         lambda *a, **kw: nulls.permute_attribute(karate, "club", *a, **kw)),
        ("rewire", lambda **kw: nulls.rewire(karate, **kw),
         lambda *a, **kw: nulls.rewire(karate, *a, **kw)),
        ("curveball", lambda **kw: nulls.curveball(teams, **kw),
         lambda *a, **kw: nulls.curveball(teams, *a, **kw)),
        ("erdos_renyi_like", lambda **kw: nulls.erdos_renyi_like(karate, **kw),
         lambda *a, **kw: nulls.erdos_renyi_like(karate, *a, **kw)),
    ]


class TestSeeds:
    @pytest.mark.parametrize("bad", [True, False, -1, 1.5, "42"])
    def test_bad_seeds_are_refused(self, karate, teams, bad):
        for name, keyword, _ in _every_null(karate, teams):
            with pytest.raises(cn.ClusternetError, match="rng"):
                keyword(rng=bad)

    def test_rng_is_keyword_only_and_positional_still_works(self, karate, teams):
        for name, keyword, positional in _every_null(karate, teams):
            with pytest.warns(FutureWarning, match=f"{name}: pass rng= by keyword"):
                old = positional(5)
            new = keyword(rng=5)
            assert (old.adjacency != new.adjacency).nnz == 0, name
            assert old.actors.equals(new.actors), name
            with pytest.raises(TypeError, match="positional argument"):
                positional(5, 6)  # an option after rng: one positional value too many
            with pytest.raises(TypeError, match="multiple values for argument 'rng'"):
                positional(5, rng=5)

    def test_signatures(self):
        for f in (nulls.permute_attribute, nulls.rewire, nulls.curveball,
                  nulls.erdos_renyi_like):
            p = inspect.signature(f).parameters["rng"]
            assert p.kind is p.KEYWORD_ONLY and p.default is None

