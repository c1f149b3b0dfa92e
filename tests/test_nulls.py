"""Null models: what each keeps (degrees, group sizes, weights, the
values of participation attributes), what it randomises, reproducibility
from a seed, and bad input.

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


_M64 = (1 << 64) - 1


def _splitmix64_slow(key: int, position: int) -> int:
    """SplitMix64's output at ``position`` of the stream seeded by ``key``,
    in Python integers (Steele, Lea & Flood 2014; Vigna's splitmix64.c)."""
    z = (key + (position + 1) * 0x9E3779B97F4A7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def _reference_curveball(B: sp.csr_array, n_trades: int, rng: np.random.Generator):
    """The kernel's documented rule, slowly, pair by pair (Strona et al.
    2014's trade): rounds of ``n_rows // 2`` trades on the matching
    ``perm[0::2]``-``perm[1::2]`` of ``rng.permutation(n_rows)``, then a
    round key ``rng.integers(0, 2**64, dtype=uint64)``; each pooled column
    ``c`` of the pair with row ``a`` gets ``splitmix64(key, a * n_cols + c)``
    and row ``a`` takes the smallest, as many as it gave; a stored value
    moves with its column."""
    n_rows, n_cols = B.shape
    rows = [dict(zip(B.indices[B.indptr[r]:B.indptr[r + 1]].tolist(),
                     range(B.indptr[r], B.indptr[r + 1]))) for r in range(n_rows)]
    per_round = n_rows // 2
    remaining = n_trades if per_round else 0
    while remaining > 0:
        t = min(per_round, remaining)
        remaining -= t
        perm = rng.permutation(n_rows)
        key = int(rng.integers(0, 2**64, dtype=np.uint64))
        for k in range(t):
            a, b = int(perm[2 * k]), int(perm[2 * k + 1])
            only_a = [c for c in rows[a] if c not in rows[b]]
            only_b = [c for c in rows[b] if c not in rows[a]]
            pool = {c: rows[a].get(c, rows[b].get(c)) for c in only_a + only_b}
            dealt = sorted(pool, key=lambda c: _splitmix64_slow(key, a * n_cols + c))
            for c in pool:
                rows[a].pop(c, None)
                rows[b].pop(c, None)
            for i, c in enumerate(dealt):
                (rows[a] if i < len(only_a) else rows[b])[c] = pool[c]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    cols = [c for r in rows for c in sorted(r)]
    entries = [r[c] for r in rows for c in sorted(r)]
    return indptr, np.asarray(cols, dtype=np.int64), B.data[entries]


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

    def test_splitmix64_reference_outputs(self):
        # The first five outputs of SplitMix64 seeded with 1234567, as listed
        # by Rosetta Code ("Pseudo-random numbers/Splitmix64", from Vigna's
        # splitmix64.c); the vectorised numpy version and the slow one agree.
        expected = [0x599ED017FB08FC85, 0x2C73F08458540FA5, 0x883EBCE5A3F27C77,
                    0x3FBEF740E9177B3F, 0xE3B8346708CB5ECD]
        assert kn.splitmix64(np.uint64(1234567), np.arange(5)).tolist() == expected
        assert [_splitmix64_slow(1234567, i) for i in range(5)] == expected
        pos = np.array([0, 7, 2**40 + 3, 2**62])
        got = kn.splitmix64(np.uint64(2**64 - 1), pos).tolist()
        assert got == [_splitmix64_slow(2**64 - 1, int(p)) for p in pos]

    def test_kernel_engines_give_the_same_draws(self, monkeypatch):
        # The numpy rounds, the compiled loops (their drivers run as plain
        # Python here, the inner loops too unless numba was loaded earlier in
        # the session; in one chunk and in three) and the rule written
        # out slowly in _reference_curveball give the same draw for the same
        # seed: random incidences with empty rows, odd row counts, pools over
        # 16 entries (the quickselect branch), weights, and trade counts that
        # end in a partial round.
        loops = SimpleNamespace(deal=kn._cb_deal, deal_parallel=kn._cb_deal_parallel)
        gen = np.random.default_rng(11)
        for trial in range(40):
            nr, nc = int(gen.integers(1, 14)), int(gen.integers(1, 40))
            dense = (gen.random((nr, nc)) < gen.random()) * gen.integers(1, 9, (nr, nc))
            B = sp.csr_array(dense.astype(float))
            n_trades = int(gen.integers(0, 4 * nr + 2))
            ref = _reference_curveball(B, n_trades, np.random.default_rng(trial))
            monkeypatch.setattr(kn, "ENGINE", "numpy")
            gen_np = np.random.default_rng(trial)
            got = kn.curveball(B.indptr, B.indices, B.data, nc, n_trades, gen_np)
            for x, y in zip(ref, got):
                assert np.array_equal(x, y), trial
            assert got[0].dtype == got[1].dtype == np.int64
            after = gen_np.random()
            for chunks in (1, 3):
                gen_c = np.random.default_rng(trial)
                with np.errstate(over="ignore"):  # uint64 wraps, in Python as compiled
                    order = kn._curveball_compiled(loops, B.indptr.astype(np.int64),
                                                   B.indices.astype(np.int64), nc, n_trades,
                                                   gen_c, chunks)
                assert np.array_equal(got[1], B.indices[order]), (trial, chunks)
                assert np.array_equal(got[2], B.data[order]), (trial, chunks)
                assert gen_c.random() == after  # the generator consumed alike
        # no entries at all: nothing moves, the generator still consumed alike
        empty = sp.csr_array((5, 3))
        a, b = np.random.default_rng(1), np.random.default_rng(1)
        got = kn.curveball(empty.indptr, empty.indices, empty.data, 3, 7, a)
        assert got[0].tolist() == [0] * 6 and len(got[1]) == 0
        order = kn._curveball_compiled(loops, empty.indptr.astype(np.int64),
                                       empty.indices.astype(np.int64), 3, 7, b, 2)
        assert len(order) == 0 and a.random() == b.random()

    def test_compiled_kernel_gives_the_same_draws(self, monkeypatch):
        # With numba: 3,000 rows, 2 to 40 entries each (pools on both sides of
        # the quickselect threshold), the compiled loops serial and in parallel
        # over 1, 2 and 3 chunks (the threads numba runs) give the numpy
        # rounds' draw exactly.
        pytest.importorskip("numba")
        gen = np.random.default_rng(3)
        deg = np.minimum(2 + gen.zipf(2.0, 3000), 40)
        rows = np.repeat(np.arange(3000), deg)
        cols = np.concatenate([gen.choice(500, d, replace=False) for d in deg])
        B = sp.csr_array((gen.random(len(rows)), (rows, cols)), shape=(3000, 500))
        B.sort_indices()
        monkeypatch.setattr(kn, "ENGINE", "numpy")
        ref = kn.curveball(B.indptr, B.indices, B.data, 500, 25_000, np.random.default_rng(5))
        assert not np.array_equal(ref[1], B.indices)
        k = kn._numba_kernels()
        for chunks in (1, 2, 3):
            order = kn._curveball_compiled(k, B.indptr.astype(np.int64),
                                           B.indices.astype(np.int64), 500, 25_000,
                                           np.random.default_rng(5), chunks)
            assert np.array_equal(ref[1], B.indices[order]), chunks
            assert np.array_equal(ref[2], B.data[order]), chunks
        monkeypatch.setattr(kn, "ENGINE", "numba")
        got = kn.curveball(B.indptr, B.indices, B.data, 500, 25_000, np.random.default_rng(5))
        for x, y in zip(ref, got):
            assert x.dtype == y.dtype and np.array_equal(x, y)

    def test_engine_choice(self, monkeypatch):
        # auto: numba from COMPILED_FROM entries when importable; the
        # environment variable of the compiled kernels overrides; without
        # numba, numpy whatever is asked
        monkeypatch.setattr(kn, "ENGINE", "auto")
        monkeypatch.delenv("CLUSTERNET_ENGINE", raising=False)
        assert kn._engine(kn.COMPILED_FROM - 1, 10) == "numpy"
        monkeypatch.setenv("CLUSTERNET_ENGINE", "numpy")
        assert kn._engine(10**7, 10) == "numpy"
        monkeypatch.setattr(kn, "_NUMBA", False)  # as if numba were not installed
        monkeypatch.setattr(kn, "ENGINE", "numba")
        assert kn._engine(10**7, 10) == "numpy"

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



# ------------------------------------------- participation attributes (issue 12)
@pytest.fixture
def rows_graph() -> cn.CollaborationGraph:
    """An ML-like affiliation table: 30 authors in 40 papers over 4 years, each
    authorship with the author's sector and city at the time (8 authors
    change sector), a city missing on some rows; an actor attribute too."""
    rng = np.random.default_rng(12)
    rows = []
    for e in range(40):
        year = 2010 + e // 10
        for a in rng.choice(30, size=int(rng.integers(2, 6)), replace=False):
            moved = a < 8 and year >= 2012
            sector = ("firm" if a % 3 else "uni") if not moved else ("uni" if a % 3 else "firm")
            city = None if (a + e) % 7 == 0 else f"c{(a + year) % 3}"
            rows.append((f"a{a:02d}", f"p{e:02d}", year, sector, city))
    table = pd.DataFrame(rows, columns=["actor", "event", "year", "sector", "city"])
    actors = pd.DataFrame({"actor": sorted(set(table["actor"]))})
    actors["cohort"] = np.arange(len(actors)) % 2
    return cn.from_affiliations(table, time="year", actors=actors,
                                participation_attributes=["sector", "city"])


def _rows_by_actor(g) -> dict:
    """{actor: {event: (sector, city)}} from the graph's stored participations."""
    out: dict = {}
    s, c = g.participation_attribute("sector"), g.participation_attribute("city")
    for (a, e), v, w in zip(s.index, s.tolist(), c.tolist()):
        out.setdefault(a, {})[e] = (v, None if pd.isna(w) else w)
    return out


class TestParticipationAttributes:
    def test_curveball_values_travel_with_the_actor(self, rows_graph):
        # The rule of the docstring, checked from its definition on each
        # actor: a kept (actor, event) keeps its values; the values of the
        # events given up go to the events gained, both in (time, event
        # position) order; so every actor keeps the multiset of its rows.
        g = rows_graph
        before = _rows_by_actor(g)
        when = g.events["time"]
        position = {e: i for i, e in enumerate(g.events.index)}
        moved = 0
        for seed in range(4):
            h = nulls.curveball(g, rng=seed)
            assert h.participation_attributes == ["sector", "city"]
            after = _rows_by_actor(h)
            assert set(after) == set(before)
            for a in before:
                old, new = before[a], after[a]
                assert len(old) == len(new)
                for e in set(old) & set(new):
                    assert new[e] == old[e]
                order = lambda evs: sorted(evs, key=lambda e: (when[e], position[e]))  # noqa: E731
                gone, came = order(set(old) - set(new)), order(set(new) - set(old))
                assert [new[e] for e in came] == [old[e] for e in gone]
                moved += len(came)
            # the rows are the new incidence's entries, in its order
            C = h.incidence
            s = h.participation_attribute("sector")
            assert len(s) == C.nnz and s.notna().all()
            rows = np.repeat(np.arange(C.shape[0]), np.diff(C.indptr))
            assert list(s.index.get_level_values("actor")) == list(h.actor_ids[rows])
        assert moved > 0

    def test_curveball_changes_event_compositions_not_actor_values(self, rows_graph):
        g = rows_graph
        h = nulls.curveball(g, rng=1)
        count = lambda x: Counter(  # noqa: E731
            (a, v) for (a, _), v in x.participation_attribute("sector").items())
        assert count(h) == count(g)  # each actor's rows: same values, same numbers
        per_event = lambda x: x.participation_attribute("sector").groupby(level="event").agg(  # noqa: E731
            lambda v: tuple(sorted(v)))
        assert not per_event(h).equals(per_event(g))
        # same seed, same values
        k = nulls.curveball(g, rng=np.random.default_rng(1))
        assert k.participation_attribute("city").equals(h.participation_attribute("city"))

    @pytest.mark.parametrize("null", ["rewire", "erdos_renyi_like"])
    def test_one_mode_nulls_keep_each_actors_value(self, rows_graph, null):
        # the result has no rows: each actor's value (g.attribute, the
        # documented rule) becomes an actor attribute and travels with it
        h = getattr(nulls, null)(rows_graph, rng=0)
        assert h.participation_attributes == []
        for p in ("sector", "city"):
            assert h.attribute(p).equals(rows_graph.attribute(p))
        assert h.actors["cohort"].equals(rows_graph.actors["cohort"])

    def test_permute_rows(self, rows_graph):
        g = rows_graph
        s = g.participation_attribute("sector")
        seen = set()
        for seed in range(5):
            h = nulls.permute_attribute(g, "sector", rng=seed, over="participations")
            t = h.participation_attribute("sector")
            assert t.index.equals(s.index)
            assert Counter(t) == Counter(s)
            assert h.participation_attribute("city").equals(g.participation_attribute("city"))
            assert (h.incidence != g.incidence).nnz == 0
            assert (h.adjacency != g.adjacency).nnz == 0
            seen.add(tuple(t))
        assert len(seen) == 5
        a = nulls.permute_attribute(g, "sector", rng=3, over="participations")
        a = a.participation_attribute("sector")
        b = nulls.permute_attribute(g, "sector", rng=np.random.default_rng(3),
                                    over="participations")
        assert a.equals(b.participation_attribute("sector"))

    def test_permute_rows_missing_values_stay_put(self, rows_graph):
        c = rows_graph.participation_attribute("city")
        assert c.isna().any()
        h = nulls.permute_attribute(rows_graph, "city", rng=0, over="participations")
        assert h.participation_attribute("city").isna().tolist() == c.isna().tolist()

    @pytest.mark.parametrize("within", ["time", "cohort", "city"])
    def test_permute_rows_within(self, rows_graph, within):
        g = rows_graph
        if within == "city":  # a participation attribute with missing values: refused
            with pytest.raises(cn.ClusternetError, match="within='city'.*missing"):
                nulls.permute_attribute(g, "sector", rng=0, within=within,
                                        over="participations")
            return
        B = g.incidence
        rows = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
        stratum = (g.events["time"].to_numpy()[B.indices] if within == "time"
                   else g.actors["cohort"].to_numpy()[rows])
        s = g.participation_attribute("sector").to_numpy()
        for seed in range(3):
            t = nulls.permute_attribute(g, "sector", rng=seed, within=within,
                                        over="participations")
            t = t.participation_attribute("sector").to_numpy()
            for k in np.unique(stratum):
                assert Counter(t[stratum == k]) == Counter(s[stratum == k])

    def test_permute_rows_bad_input(self, rows_graph, karate):
        with pytest.raises(cn.UnknownAttributeError, match="within.*'sector', 'city', 'cohort'"):
            nulls.permute_attribute(rows_graph, "sector", rng=0, within="nope",
                                    over="participations")
        with pytest.raises(cn.ClusternetError, match="'cohort' is not one"):
            nulls.permute_attribute(rows_graph, "cohort", rng=0, over="participations")
        with pytest.raises(cn.ClusternetError, match="over must be"):
            nulls.permute_attribute(karate, "club", rng=0, over="rows")

    def test_permute_actor_values(self, rows_graph):
        # over="actors" (default): the actors' values (g.attribute's rule)
        # shuffled over the actors as permutation_index draws them, written on
        # each actor's rows; the other participation attribute and the graph
        # stay
        g = rows_graph
        values = g.attribute("sector")
        h = nulls.permute_attribute(g, "sector", rng=2)
        idx = kn.permutation_index(g.n_actors, np.random.default_rng(2))
        assert h.participation_attributes == ["sector", "city"]
        assert h.attribute("sector").tolist() == values.to_numpy()[idx].tolist()
        assert not h.attribute("sector").equals(values)
        rows = h.participation_attribute("sector")
        by_actor = dict(zip(h.actor_ids, h.attribute("sector")))
        assert all(v == by_actor[a] for (a, _), v in rows.items())
        assert h.participation_attribute("city").equals(g.participation_attribute("city"))
        assert (h.incidence != g.incidence).nnz == 0

    def test_permutation_tests(self, rows_graph):
        # An actor-level measure of a participation attribute: the fast path
        # of cn.inference and the general one (the same measure behind a
        # lambda, which calls permute_attribute) draw the same null. An
        # event-level one (hybrid share) runs with the rows shuffled when
        # that null is passed, reproducibly.
        import functools

        g = rows_graph
        ei = cn.convergence.ei_index
        fast = cn.inference.permutation_test(g, ei, "sector", n=8, rng=4)
        slow = cn.inference.test(g, lambda h: ei(h, "sector"), "permute", attribute="sector",
                                 n=8, rng=4)
        assert fast.engine == "kernel" and slow.engine == "general"
        np.testing.assert_array_equal(fast.null, slow.null)
        hs = cn.convergence.hybrid_share
        null = functools.partial(nulls.permute_attribute, attribute="sector", within="time",
                                 over="participations")
        r = cn.inference.test(g, hs, null, attribute="sector", n=10, rng=0)
        again = cn.inference.test(g, hs, null, attribute="sector", n=10, rng=0)
        assert np.array_equal(r.null, again.null)
        assert r.observed == hs(g, "sector")
        assert np.isfinite(r.null).all() and np.ptp(r.null) > 0
