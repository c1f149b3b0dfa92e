"""The mixing kernels (``clusternet._kernels.mixing``) against slow
references written from the formulas, on random graphs (hypothesis).

Each reference below loops over the ties, the actor pairs or the events one
by one and applies the formula as METRICS.md ("Convergence") states it,
with the paper it comes from; nothing in it is shared with the kernels.
Counts are compared exactly, the rest to 1e-9 (the kernels sum in another
order). Where the permutation tests rely on two routes giving the same bits
(counts read off the mixing matrix, or counted over the tie ends), that is
checked with ``==``.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusternet._kernels import mixing as K
from clusternet._kernels.adjacency import induced, pairs_to_csr, upper_entries

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAN = float("nan")


# ------------------------------------------------------------------ graphs
@dataclass
class Case:
    """A small graph as a plain list of ties ``(i, j, w)`` (undirected: i < j;
    each tie once) with group codes ``0..k-1`` and numeric values."""

    n: int
    directed: bool
    ties: list[tuple[int, int, float]]
    codes: list[int]
    k: int
    values: list[float]

    @property
    def adjacency(self) -> sp.csr_array:
        s, t, w = (np.array(c) for c in zip(*self.ties)) if self.ties else ([], [], [])
        return pairs_to_csr(s, t, w, self.n, directed=self.directed)

    @property
    def code_array(self) -> np.ndarray:
        return np.array(self.codes, dtype=np.int64)

    def weights(self, weighted: bool) -> list[float]:
        return [w if weighted else 1.0 for _, _, w in self.ties]

    @property
    def sizes(self) -> np.ndarray:
        return np.bincount(self.codes, minlength=self.k)


@st.composite
def cases(draw, *, max_n: int = 9, max_k: int = 4, directed: bool | None = None) -> Case:
    n = draw(st.integers(1, max_n))
    directed = draw(st.booleans()) if directed is None else directed
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (directed or i < j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) \
        if pairs else []
    # integers and fractions: sums in another order may differ in the last bits
    weights = draw(st.lists(st.sampled_from([1.0, 2.0, 0.5, 1.7, 3.25]),
                            min_size=len(chosen), max_size=len(chosen)))
    k = draw(st.integers(1, max_k))
    codes = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    values = draw(st.lists(st.sampled_from([0.0, 1.0, 2.5, -1.0, 4.0]), min_size=n,
                           max_size=n))
    ties = sorted((i, j, w) for (i, j), w in zip(chosen, weights))
    return Case(n, directed, ties, codes, k, values)


def close(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)


def ratio(num: float, den: float) -> float:
    return num / den if den != 0 else NAN


# -------------------------------------------------------- slow references
def ref_mixing(c: Case, weighted: bool) -> np.ndarray:
    """Newman (2003): M[x, y] = ties (weight) from group x to y; undirected
    ties between x != y in both cells, within-group ties once (METRICS.md)."""
    M = np.zeros((c.k, c.k))
    for (i, j, _), w in zip(c.ties, c.weights(weighted)):
        x, y = c.codes[i], c.codes[j]
        M[x, y] += w
        if not c.directed and x != y:
            M[y, x] += w
    return M


def ref_normalized(c: Case, weighted: bool) -> np.ndarray:
    """Newman's e_xy: each tie's share of the total, an undirected
    between-group tie split evenly between e_xy and e_yx."""
    ws = c.weights(weighted)
    L = sum(ws)
    e = np.full((c.k, c.k), NAN) if L == 0 else np.zeros((c.k, c.k))
    for (i, j, _), w in zip(c.ties, ws):
        x, y = c.codes[i], c.codes[j]
        if c.directed or x == y:
            e[x, y] += w / L
        else:
            e[x, y] += w / (2 * L)
            e[y, x] += w / (2 * L)
    return e


def ref_ei(c: Case, weighted: bool) -> float:
    """Krackhardt & Stern (1988): (E - I) / (E + I)."""
    E = sum(w for (i, j, _), w in zip(c.ties, c.weights(weighted)) if c.codes[i] != c.codes[j])
    I_ = sum(w for (i, j, _), w in zip(c.ties, c.weights(weighted)) if c.codes[i] == c.codes[j])
    return ratio(E - I_, E + I_) if c.k >= 2 else NAN


def ref_group_ei(c: Case, weighted: bool) -> np.ndarray:
    """Per group: E = ties with exactly one end in it, I = with both."""
    if c.k < 2:
        return np.full(c.k, NAN)
    out = []
    for g in range(c.k):
        E = I_ = 0.0
        for (i, j, _), w in zip(c.ties, c.weights(weighted)):
            inside = (c.codes[i] == g) + (c.codes[j] == g)
            E += w if inside == 1 else 0.0
            I_ += w if inside == 2 else 0.0
        out.append(ratio(E - I_, E + I_))
    return np.array(out)


def ref_actor_ei(c: Case, weighted: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per actor, its own ties (directed: arcs sent and received): external, internal."""
    ext, inn = np.zeros(c.n), np.zeros(c.n)
    for (i, j, _), w in zip(c.ties, c.weights(weighted)):
        for a in (i, j):
            if c.codes[i] == c.codes[j]:
                inn[a] += w
            else:
                ext[a] += w
    return ext, inn


def ref_nominal_r(c: Case, weighted: bool) -> float:
    """Newman (2003) eq. 2: r = (sum e_xx - sum a_x b_x) / (1 - sum a_x b_x)."""
    e = ref_normalized(c, weighted)
    if np.isnan(e).any():
        return NAN
    a, b = e.sum(axis=1), e.sum(axis=0)
    ab = sum(a[x] * b[x] for x in range(c.k))
    if math.isclose(ab, 1.0, abs_tol=1e-12):
        return NAN
    return (np.trace(e) - ab) / (1 - ab)


def ref_numeric_r(c: Case, weighted: bool) -> float:
    """Newman (2003) eq. 21/26: the (tie-weighted) Pearson correlation of the
    values at the two ends of the ties, undirected ties in both orders."""
    ends = []
    for (i, j, _), w in zip(c.ties, c.weights(weighted)):
        ends.append((c.values[i], c.values[j], w))
        if not c.directed:
            ends.append((c.values[j], c.values[i], w))
    W = sum(w for *_, w in ends)
    if W == 0:
        return NAN
    ms = sum(s * w for s, _, w in ends) / W
    mt = sum(t * w for _, t, w in ends) / W
    cov = sum((s - ms) * (t - mt) * w for s, t, w in ends) / W
    vs = sum((s - ms) ** 2 * w for s, _, w in ends) / W
    vt = sum((t - mt) ** 2 * w for _, t, w in ends) / W
    if vs < 1e-12 or vt < 1e-12:
        return NAN
    return cov / math.sqrt(vs * vt)


def ref_coleman(c: Case, weighted: bool) -> np.ndarray:
    """Coleman (1958) as R netseg: on the ordered tie ends (an undirected tie
    counts from both ends), d_g = ends sent by g, w_gg = those inside g,
    E_g = d_g (n_g - 1) / (N - 1), H_g = (w - E)/(d - E) if w > E else (w - E)/E."""
    n, N = c.sizes, c.n
    d, w_in = np.zeros(c.k), np.zeros(c.k)
    for (i, j, _), w in zip(c.ties, c.weights(weighted)):
        for a, b in ((i, j), (j, i)) if not c.directed else ((i, j),):
            d[c.codes[a]] += w
            w_in[c.codes[a]] += w if c.codes[a] == c.codes[b] else 0.0
    if N < 2:
        return np.full(c.k, NAN)
    out = []
    for g in range(c.k):
        E = d[g] * ((n[g] - 1) / (N - 1))  # the share first: E = d when n_g = N
        out.append(ratio(w_in[g] - E, d[g] - E) if w_in[g] > E else ratio(w_in[g] - E, E))
    return np.array(out)


def ref_freeman(c: Case, weighted: bool) -> float:
    """Freeman (1978), Bojanowski & Corten (2014): S = (E[X] - X) / E[X],
    E[X] = L (N^2 - sum n_g^2) / (N (N - 1))."""
    ws = c.weights(weighted)
    L = sum(ws)
    X = sum(w for (i, j, _), w in zip(c.ties, ws) if c.codes[i] != c.codes[j])
    N = c.n
    if N < 2:
        return NAN
    expected = L * (N * N - sum(s * s for s in c.sizes)) / (N * (N - 1))
    return ratio(expected - X, expected)


def ref_relative_intensity(c: Case, weighted: bool) -> np.ndarray:
    """Observed ties in a cell over L times the share of the actor pairs
    (ordered when directed) that fall in it, pairs enumerated one by one."""
    M = ref_mixing(c, weighted)
    L = sum(c.weights(weighted))
    pairs = np.zeros((c.k, c.k))
    every = list(itertools.permutations(range(c.n), 2) if c.directed
                 else itertools.combinations(range(c.n), 2))
    for i, j in every:
        x, y = c.codes[i], c.codes[j]
        pairs[x, y] += 1
        if not c.directed and x != y:
            pairs[y, x] += 1
    if not every:
        return np.full((c.k, c.k), NAN)
    out = np.full((c.k, c.k), NAN)
    for x, y in itertools.product(range(c.k), repeat=2):
        out[x, y] = ratio(M[x, y], L * pairs[x, y] / len(every))
    return out


def ref_expected(c: Case) -> tuple[float, float, np.ndarray, np.ndarray]:
    """Krackhardt & Stern's E-I if every unordered pair of actors were tied:
    (E_max, I_max), and per group and per actor over their possible ties."""
    E = I_ = 0
    for i, j in itertools.combinations(range(c.n), 2):
        E += c.codes[i] != c.codes[j]
        I_ += c.codes[i] == c.codes[j]
    group = []
    for g in range(c.k):
        e = i_ = 0
        for a, b in itertools.combinations(range(c.n), 2):
            inside = (c.codes[a] == g) + (c.codes[b] == g)
            e += inside == 1
            i_ += inside == 2
        group.append(ratio(e - i_, e + i_))
    actor = []
    for a in range(c.n):
        e = sum(c.codes[b] != c.codes[a] for b in range(c.n) if b != a)
        i_ = sum(c.codes[b] == c.codes[a] for b in range(c.n) if b != a)
        actor.append(ratio(e - i_, e + i_))
    return float(E), float(I_), np.array(group), np.array(actor)


def ref_ties_once(c: Case) -> list[tuple[int, int]]:
    """Every tie once in CSR order: by source, then target."""
    return sorted((i, j) for i, j, _ in c.ties)


# ----------------------------------------------- kernels on the adjacency
class TestFromTheAdjacency:
    @FAST
    @given(cases(), st.booleans())
    def test_mixing_from_csr(self, c, weighted):
        A = c.adjacency
        M = K.mixing_from_csr(A.indptr, A.indices, c.code_array, c.k, directed=c.directed,
                              data=A.data if weighted else None)
        assert close(M, ref_mixing(c, weighted))
        assert K.tie_total(M, directed=c.directed) == pytest.approx(sum(c.weights(weighted)))
        assert close(K.normalized_mixing(M, directed=c.directed), ref_normalized(c, weighted))

    @FAST
    @given(cases(), st.booleans())
    def test_actor_ei_from_csr(self, c, weighted):
        A = c.adjacency
        ext, inn = K.actor_ei_from_csr(A.indptr, A.indices, c.code_array, directed=c.directed,
                                       data=A.data if weighted else None)
        r_ext, r_inn = ref_actor_ei(c, weighted)
        assert close(ext, r_ext) and close(inn, r_inn)

    @FAST
    @given(cases())
    def test_nominal_assortativity_csr(self, c):
        A = c.adjacency
        r = K.nominal_assortativity_csr(A.indptr, A.indices, c.code_array, c.k,
                                        directed=c.directed)
        assert close(r, ref_nominal_r(c, False))

    @FAST
    @given(cases(), st.booleans())
    def test_numeric_assortativity_csr(self, c, weighted):
        r = K.numeric_assortativity_csr(c.adjacency, np.array(c.values), directed=c.directed,
                                        weighted=weighted)
        assert close(r, ref_numeric_r(c, weighted))

    @FAST
    @given(cases(directed=False), st.integers(0, 2**32 - 1))
    def test_mixing_kernels_bit_for_bit(self, c, seed):
        # mixing_from_csr (narrow codes) gives exactly the
        # matrix of the plain repeat + bincount, weighted or not, whatever the
        # width of the codes; the unweighted nominal r without the matrix is
        # the r of the matrix bit for bit (the public function takes either)
        A = c.adjacency
        rng = np.random.default_rng(seed)
        for k in (1, 2, 12, 200):
            codes = rng.integers(0, k, c.n)
            key = np.repeat(codes * k, np.diff(A.indptr)) + codes[A.indices]
            for data in (None, A.data):
                ref = np.bincount(key, weights=data, minlength=k * k).astype(float)
                ref = ref.reshape(k, k)
                ref[np.diag_indices(k)] /= 2.0
                M = K.mixing_from_csr(A.indptr, A.indices, codes, k, directed=False, data=data)
                assert np.array_equal(M, ref)
                if data is None:
                    counts = M
            r1 = K.nominal_assortativity_csr(A.indptr, A.indices, codes, k, directed=False)
            r2 = K.assortativity_from_mixing(counts, directed=False)
            assert r1 == r2 or (np.isnan(r1) and np.isnan(r2))

    def test_mixing_from_csr_in_blocks(self):
        # more stored entries than one block of the weighted sums
        rng = np.random.default_rng(1)
        n, m, k = 3000, 150_000, 4
        A = pairs_to_csr(rng.integers(0, n, m), rng.integers(0, n, m), rng.random(m) * 3, n,
                         directed=False)
        assert A.nnz > 2 * K._BLOCK
        codes = rng.integers(0, k, n)
        rows = np.repeat(np.arange(n), np.diff(A.indptr))
        ref = np.zeros((k, k))
        np.add.at(ref, (codes[rows], codes[A.indices]), A.data)
        ref[np.diag_indices(k)] /= 2.0
        M = K.mixing_from_csr(A.indptr, A.indices, codes, k, directed=False, data=A.data)
        assert np.allclose(M, ref, rtol=1e-12, atol=0)
        counts = np.zeros((k, k))
        np.add.at(counts, (codes[rows], codes[A.indices]), 1.0)
        counts[np.diag_indices(k)] /= 2.0
        assert np.array_equal(K.mixing_from_csr(A.indptr, A.indices, codes, k, directed=False),
                              counts)

    @FAST
    @given(cases())
    def test_numeric_unweighted_same_on_unit_weights(self, c):
        # weighted=False reads a unit-weight adjacency as it is and any other
        # through an array of ones: the same bits
        A = c.adjacency
        unit = sp.csr_array((np.ones(A.nnz), A.indices, A.indptr), shape=A.shape)
        x = np.array(c.values)
        r1 = K.numeric_assortativity_csr(A, x, directed=c.directed, weighted=False)
        r2 = K.numeric_assortativity_csr(unit, x, directed=c.directed, weighted=False)
        r3 = K.numeric_assortativity_csr(unit, x, directed=c.directed, weighted=True)
        assert r1 == r2 or (np.isnan(r1) and np.isnan(r2))
        assert r2 == r3 or (np.isnan(r2) and np.isnan(r3))

    def test_small_codes(self):
        codes = np.array([-1, 0, 3])
        assert K.small_codes(codes, 127).dtype == np.int8
        assert K.small_codes(codes, 128).dtype == np.int16
        assert K.small_codes(codes, 40_000).dtype == np.int32
        assert K.small_codes(codes, 2**40).dtype == np.intp
        assert K.small_codes(codes, 128).tolist() == [-1, 0, 3]


# ------------------------------------------------------------------ formulas
class TestFormulas:
    @FAST
    @given(cases(), st.booleans())
    def test_measures_of_the_mixing_matrix(self, c, weighted):
        M = ref_mixing(c, weighted)
        d = c.directed
        assert close(K.ei_from_mixing(M, directed=d), ref_ei(c, weighted))
        assert close(K.group_ei_from_mixing(M, directed=d), ref_group_ei(c, weighted))
        assert close(K.assortativity_from_mixing(M, directed=d), ref_nominal_r(c, weighted))
        assert close(K.coleman_from_mixing(M, c.sizes, directed=d), ref_coleman(c, weighted))
        assert close(K.freeman_from_mixing(M, c.sizes, directed=d), ref_freeman(c, weighted))
        assert close(K.relative_intensity_from_mixing(M, c.sizes, directed=d),
                     ref_relative_intensity(c, weighted))

    @FAST
    @given(cases(max_n=8))
    def test_expected_ei(self, c):
        e_max, i_max, group, actor = ref_expected(c)
        assert K.expected_ei_counts(c.sizes) == (e_max, i_max)
        assert close(K.expected_ei(c.sizes), ratio(e_max - i_max, e_max + i_max))
        assert close(K.group_expected_ei(c.sizes), group)
        assert close(K.actor_expected_ei(c.sizes, c.code_array), actor)

    def test_known_values(self):
        # the references above against a published value (more in test_convergence):
        # netseg's coleman() on [[45, 15], [20, 20]], sizes 60 / 40: 0.38125, 0.175
        H = K.coleman_from_mixing(np.array([[45.0, 15], [20, 20]]), np.array([60, 40]),
                                  directed=True)
        assert H == pytest.approx([0.38125, 0.175])
        c = Case(100, True, [], [0] * 60 + [1] * 40, 2, [0.0] * 100)
        c.ties = [(i, j, 1.0) for i, j in itertools.islice(
            ((a, b) for a in range(60) for b in range(60) if a != b), 45)]
        c.ties += [(i, j, 1.0) for i, j in itertools.islice(
            ((a, b) for a in range(60) for b in range(60, 100)), 15)]
        c.ties += [(i, j, 1.0) for i, j in itertools.islice(
            ((a, b) for a in range(60, 100) for b in range(60)), 20)]
        c.ties += [(i, j, 1.0) for i, j in itertools.islice(
            ((a, b) for a in range(60, 100) for b in range(60, 100) if a != b), 20)]
        assert ref_coleman(c, False) == pytest.approx([0.38125, 0.175])


# ------------------------------------------------ kernels on the tie ends
class TestFromTheTieEnds:
    @FAST
    @given(cases())
    def test_tie_ends_and_end_codes(self, c):
        A = c.adjacency
        ties = K.tie_ends(A.indptr, A.indices, directed=c.directed)
        once = ref_ties_once(c)
        assert ties.per_source.tolist() == [sum(i == a for i, _ in once) for a in range(c.n)]
        assert ties.targets.tolist() == [j for _, j in once]
        # both ways to the sources' codes: a gather, or a repeat over per_source
        for sources in (ties.sources, None):
            if sources is not None:
                assert sources.tolist() == [i for i, _ in once]
            source, target = K.end_codes(c.code_array, ties._replace(sources=sources))
            assert source.tolist() == [c.codes[i] for i, _ in once]
            assert target.tolist() == [c.codes[j] for _, j in once]

    @FAST
    @given(cases(max_k=7), st.sampled_from([np.int8, np.int16, np.int64]))
    def test_counts(self, c, dtype):
        A = c.adjacency
        ties = K.tie_ends(A.indptr, A.indices, directed=c.directed)
        source, target = K.end_codes(c.code_array.astype(dtype), ties)
        M = ref_mixing(c, False)
        assert np.array_equal(K.pair_counts(source, target, c.k, directed=c.directed), M)
        # the last group's cells from the groups' tie ends instead of counted
        sent = np.zeros(c.k)
        received = np.zeros(c.k)
        for i, j, _ in c.ties:
            sent[c.codes[i]] += 1
            (sent if not c.directed else received)[c.codes[j]] += 1
        ends = (sent, sent if not c.directed else received)
        assert np.array_equal(K.pair_counts(source, target, c.k, directed=c.directed,
                                            ends=ends), M)
        within = [sum(c.codes[i] == c.codes[j] == g for i, j, _ in c.ties) for g in range(c.k)]
        assert K.within_counts(source, target, c.k).tolist() == within

    @given(st.lists(st.integers(0, 40), max_size=60), st.integers(41, 60))
    def test_value_counts(self, values, n_values):
        counts = Counter(values)
        expected = [counts[v] for v in range(n_values)]
        arr = np.array(values, dtype=np.int8)
        assert K.value_counts(arr, n_values).tolist() == expected  # np.bincount
        assert K.value_counts(arr[arr < 20], 20).tolist() == expected[:20]  # one pass a value

    def test_many_groups_take_bincount(self):
        # past _FEW_VALUES cells the counts come from np.bincount: same numbers
        rng = np.random.default_rng(0)
        k = 30
        source, target = rng.integers(0, k, (2, 500)).astype(np.int16)
        M = np.zeros((k, k))
        for x, y in zip(source, target):
            M[x, y] += 1
        ends = (M.sum(axis=1), M.sum(axis=0))
        assert np.array_equal(K.pair_counts(source, target, k, directed=True), M)
        assert np.array_equal(K.pair_counts(source, target, k, directed=True, ends=ends), M)
        U = M + M.T
        U[np.diag_indices(k)] = np.diag(M)
        degree = (U + np.diag(np.diag(U))).sum(axis=1)
        assert np.array_equal(K.pair_counts(source, target, k, directed=False), U)
        assert np.array_equal(K.pair_counts(source, target, k, directed=False,
                                            ends=(degree, degree)), U)
        assert np.array_equal(K.within_counts(source, target, k), np.diag(M))

    @FAST
    @given(cases(), st.integers(0, 2**32 - 1))
    def test_counts_give_the_bits_of_the_mixing_matrix(self, c, seed):
        # the permutation kernels feed counts over the tie ends to the same
        # formulas that the public functions feed counts read off the matrix
        A = c.adjacency
        d = c.directed
        codes = np.random.default_rng(seed).permutation(c.code_array)
        M = K.mixing_from_csr(A.indptr, A.indices, codes, c.k, directed=d)
        ties = K.tie_ends(A.indptr, A.indices, directed=d)
        source, target = K.end_codes(K.small_codes(codes, c.k * c.k), ties)
        internal = K.within_counts(source, target, c.k).astype(float)
        L = float(ties.targets.size)
        sent = np.bincount(codes, weights=np.diff(A.indptr).astype(float), minlength=c.k)
        received = np.bincount(codes, weights=np.bincount(A.indices, minlength=c.n)
                               .astype(float), minlength=c.k) if d else sent

        def same(a, b):
            return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)

        assert same(K.pair_counts(source, target, c.k, directed=d), M)
        assert same(K.ei_from_counts(internal.sum(), L, c.k), K.ei_from_mixing(M, directed=d))
        assert same(K.freeman_from_counts(internal.sum(), L, c.sizes),
                    K.freeman_from_mixing(M, c.sizes, directed=d))
        assert same(K.assortativity_from_counts(internal.sum(), sent, received, L, directed=d),
                    K.assortativity_from_mixing(M, directed=d))
        if c.k >= 2:
            ends = sent + received if d else sent
            assert same(K.group_ei_from_counts(internal, ends - 2 * internal),
                        K.group_ei_from_mixing(M, directed=d))
        assert same(K.coleman_from_counts(internal if d else 2 * internal, sent, c.sizes),
                    K.coleman_from_mixing(M, c.sizes, directed=d))


# --------------------------------------------------------------------- events
@st.composite
def incidences(draw):
    n_actors = draw(st.integers(1, 8))
    n_events = draw(st.integers(1, 6))
    members = [draw(st.sets(st.integers(0, n_actors - 1), max_size=n_actors))
               for _ in range(n_events)]
    k = draw(st.integers(1, 4))
    codes = draw(st.lists(st.integers(-1, k - 1), min_size=n_actors, max_size=n_actors))
    rows = [a for e, m in enumerate(members) for a in sorted(m)]
    cols = [e for e, m in enumerate(members) for _ in m]
    B = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n_actors, n_events))
    B.sort_indices()
    return B, members, np.array(codes, dtype=np.int64), k


class TestEvents:
    @FAST
    @given(incidences())
    def test_groups_of_each_event(self, case):
        # hybrid events (Guimera et al. 2005): the distinct groups of a team
        B, members, codes, k = case
        groups = [{codes[a] for a in m if codes[a] >= 0} for m in members]
        assert K.event_group_numbers(B, codes, k).tolist() == [len(s) for s in groups]
        C = K.event_group_counts(B, codes, k).toarray()
        for e, m in enumerate(members):
            counts = Counter(codes[a] for a in m if codes[a] >= 0)
            assert C[:, e].tolist() == [counts[x] for x in range(k)]
        known = [[codes[a] for a in sorted(m) if codes[a] >= 0] for m in members]
        lists = [x for x in known if x]
        if lists:
            starts = np.cumsum([0] + [len(x) for x in lists[:-1]])
            flat = np.array([v for x in lists for v in x], dtype=np.int8)
            spans = K.event_spans_groups(flat, starts)
            assert spans.tolist() == [len(set(x)) >= 2 for x in lists]


# ------------------------------------------------- the adjacency they read
class TestAdjacency:
    @FAST
    @given(cases())
    def test_pairs_to_csr_upper_entries_induced(self, c):
        A = c.adjacency
        dense = np.zeros((c.n, c.n))
        for i, j, w in c.ties:
            dense[i, j] += w
            if not c.directed:
                dense[j, i] += w
        assert np.array_equal(A.toarray(), dense)
        src, dst, w = upper_entries(A, directed=c.directed)
        assert list(zip(src.tolist(), dst.tolist(), w.tolist())) == \
            [(i, j, wt) for i, j, wt in c.ties]
        keep = np.array([a for a in range(c.n) if c.codes[a] == 0], dtype=np.int64)
        assert np.array_equal(induced(A, keep).toarray(), dense[np.ix_(keep, keep)])

    def test_parallel_pairs_summed_loops_and_zeros_dropped(self):
        A = pairs_to_csr([0, 1, 0, 2, 1], [1, 0, 0, 1, 2], [1.0, 2.0, 5.0, 0.0, 4.0], 3,
                         directed=False)
        assert A.toarray().tolist() == [[0, 3, 0], [3, 0, 4], [0, 4, 0]]


def test_coleman_of_one_group_of_every_actor_is_zero():
    # found by hypothesis: with every actor in one group E_g = d_g exactly (the
    # share (n_g - 1)/(N - 1) is 1), so H_g = (w_g - E_g)/E_g = 0; computing
    # d_g (n_g - 1) first rounded E_g below w_g = d_g and gave 0/0-like 1
    M = np.array([[21.4]])
    assert K.coleman_from_mixing(M, np.array([7]), directed=False).tolist() == [0.0]
    assert K.coleman_from_mixing(np.array([[3.3]]), np.array([7]), directed=True).tolist() == [0.0]
