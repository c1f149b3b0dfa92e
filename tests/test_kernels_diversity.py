"""The diversity kernels (``clusternet._kernels.diversity``) against slow
references written from the formulas of METRICS.md ("Diversity"), one
Python loop per row over a dense count table, compared on random count
tables drawn by hypothesis; and the kernels' engines and blocks against each
other (same sums in the same order, so equal bit for bit).

The references:

- the one-hot products ``X = M H`` and ``X = M^T H``:
  ``x_rc = sum_{j: code_j = c} m_rj`` (and with ``m_jr``);
- with ``p_i = x_i / sum_j x_j`` over the categories present (``x_i > 0``),
  richness ``#{i: p_i > 0}``; Shannon ``-sum p ln p``; Gini-Simpson
  ``1 - sum p^2``; Hill ``(sum p^q)^(1/(1-q))`` with ``exp(H)`` at q = 1 and
  ``1/max p`` at q = inf (Hill 1973; Jost 2006); Rao-Stirling
  ``sum_{i != j} d_ij^alpha (p_i p_j)^beta`` over ordered pairs (Stirling
  2007); Leinster-Cobbold ``(sum p_i (Zp)_i^(q-1))^(1/(1-q))`` with
  ``exp(-sum p ln Zp)`` at q = 1 and ``1/max Zp`` at q = inf (Leinster &
  Cobbold 2012);
- a row without a positive count gives NaN.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clusternet._kernels import diversity as kern


# ------------------------------------------------------------- references
def ref_onehot(M: np.ndarray, codes, k: int) -> np.ndarray:
    out = np.zeros((M.shape[0], k))
    for r in range(M.shape[0]):
        for j in range(M.shape[1]):
            if codes[j] >= 0:
                out[r, codes[j]] += M[r, j]
    return out


def _shares(row) -> list[float] | None:
    total = math.fsum(row)
    if total <= 0:
        return None
    return [x / total for x in row]


def ref_richness(row) -> float:
    return float(sum(1 for x in row if x > 0)) if _shares(row) else math.nan


def ref_shannon(row) -> float:
    p = _shares(row)
    return math.nan if p is None else -math.fsum(x * math.log(x) for x in p if x > 0)


def ref_gini_simpson(row) -> float:
    p = _shares(row)
    return math.nan if p is None else 1.0 - math.fsum(x * x for x in p)


def ref_hill(row, q: float) -> float:
    p = _shares(row)
    if p is None:
        return math.nan
    p = [x for x in p if x > 0]
    if q == 0:
        return float(len(p))
    if q == 1:
        return math.exp(-math.fsum(x * math.log(x) for x in p))
    if math.isinf(q):
        return 1.0 / max(p)
    return math.fsum(x**q for x in p) ** (1.0 / (1.0 - q))


def ref_rao_stirling(row, D, alpha: float, beta: float) -> float:
    p = _shares(row)
    if p is None:
        return math.nan
    present = [i for i, x in enumerate(p) if x > 0]
    return math.fsum(
        D[i][j] ** alpha * (p[i] * p[j]) ** beta for i in present for j in present if i != j
    )


def ref_leinster_cobbold(row, Z, q: float) -> float:
    p = _shares(row)
    if p is None:
        return math.nan
    present = [i for i, x in enumerate(p) if x > 0]
    zp = {i: math.fsum(Z[i][j] * p[j] for j in present) for i in present}
    if q == 1:
        return math.exp(-math.fsum(p[i] * math.log(zp[i]) for i in present))
    if math.isinf(q):
        return 1.0 / max(zp.values())
    return math.fsum(p[i] * zp[i] ** (q - 1) for i in present) ** (1.0 / (1.0 - q))


# ------------------------------------------------------------- strategies
count_tables = hnp.arrays(
    np.float64,
    st.tuples(st.integers(0, 7), st.integers(1, 7)),
    elements=st.one_of(st.just(0.0), st.floats(0.01, 1e3), st.integers(1, 50).map(float)),
)

# Orders: the limits, and orders away from 1, where the plain formula that
# the reference uses keeps full precision (the kernel's q -> 1 path is
# tested in test_diversity_indices.TestOrders).
orders = st.one_of(
    st.sampled_from([0.0, 1.0, 2.0, np.inf]),
    st.floats(0.0, 0.99),
    st.floats(1.01, 8.0),
)


def _matrix(seed: int, k: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    M = rng.uniform(0, 1, (k, k))
    if kind == "disparity":
        M = (M + M.T) / 2
        np.fill_diagonal(M, 0.0)
    else:  # a similarity need not be symmetric (Leinster & Cobbold 2012)
        np.fill_diagonal(M, 1.0)
    return M


def _close(got: np.ndarray, want: list[float], rtol: float = 1e-10) -> None:
    np.testing.assert_allclose(got, np.array(want, dtype=np.float64), rtol=rtol, atol=1e-13)


# ------------------------------------------------ kernels against references
@settings(max_examples=60, deadline=None)
@given(count_tables)
def test_as_csr_counts_is_the_table_in_canonical_form(T):
    C = kern.as_csr_counts(T)
    np.testing.assert_array_equal(C.toarray(), T)
    assert C.dtype == np.float64 and C.has_sorted_indices
    assert (C.data > 0).all()  # no explicit zeros: every stored entry is a category present


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1, 5), max_size=12), st.integers(6, 8))
def test_one_hot(codes, k):
    H = kern.one_hot(np.array(codes, dtype=np.int64), k).toarray()
    want = [[1.0 if c == j else 0.0 for j in range(k)] for c in codes]
    np.testing.assert_array_equal(H, np.array(want).reshape(len(codes), k))


@settings(max_examples=60, deadline=None)
@given(count_tables, st.integers(0, 2**32 - 1), st.sampled_from([None, "dense", "sparse"]))
def test_onehot_products(T, seed, method):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 5))
    M = sp.csr_array(T)
    M.sort_indices()
    col_codes = rng.integers(-1, k, T.shape[1])
    got = kern.onehot_product(M.indptr, M.indices, M.data, col_codes, k, method=method)
    np.testing.assert_allclose(got.toarray(), ref_onehot(T, col_codes, k), rtol=1e-13)
    row_codes = rng.integers(-1, k, T.shape[0])
    got = kern.onehot_product_t(M.indptr, M.indices, M.data, T.shape[1], row_codes, k,
                                method=method)
    np.testing.assert_allclose(got.toarray(), ref_onehot(T.T, row_codes, k), rtol=1e-13)


@settings(max_examples=80, deadline=None)
@given(count_tables)
def test_richness_shannon_gini_simpson(T):
    C = kern.as_csr_counts(T)
    _close(kern.richness(C), [ref_richness(r) for r in T])
    _close(kern.shannon(C), [ref_shannon(r) for r in T])
    _close(kern.gini_simpson(C), [ref_gini_simpson(r) for r in T])


@settings(max_examples=80, deadline=None)
@given(count_tables, orders)
def test_hill(T, q):
    _close(kern.hill(kern.as_csr_counts(T), q), [ref_hill(r, q) for r in T], rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(count_tables, st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.5, 1.0, 2.0]),
       st.sampled_from([0.5, 1.0, 1.5]))
def test_rao_stirling(T, seed, alpha, beta):
    D = _matrix(seed, T.shape[1], "disparity")
    got = kern.rao_stirling(kern.as_csr_counts(T), D, alpha, beta)
    _close(got, [ref_rao_stirling(r, D, alpha, beta) for r in T])


@settings(max_examples=60, deadline=None)
@given(count_tables, st.integers(0, 2**32 - 1), orders)
def test_leinster_cobbold(T, seed, q):
    Z = _matrix(seed, T.shape[1], "similarity")
    got = kern.leinster_cobbold(kern.as_csr_counts(T), Z, q)
    _close(got, [ref_leinster_cobbold(r, Z, q) for r in T], rtol=1e-9)


# ------------------------------------------- engines and blocks agree exactly
def _random(rng, n_rows, n_cols, density, weighted=True):
    M = sp.random_array((n_rows, n_cols), density=density, format="csr", rng=rng)
    if not weighted:
        M.data[:] = 1.0
    M.sort_indices()
    return sp.csr_array(M)


def _same(a, b):
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.data, b.data)  # bit for bit


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("method", ["dense", "sparse", None])
def test_onehot_product_engines_and_blocks_agree(seed, method, monkeypatch):
    rng = np.random.default_rng(seed)
    M = _random(rng, 300, 250, 0.05)
    k = int(rng.integers(1, 12))
    codes = rng.integers(-1, k, 250)  # -1: no category
    want = kern.onehot_product(M.indptr, M.indices, M.data, codes, k, method="sparse")
    np.testing.assert_allclose(want.toarray(), ref_onehot(M.toarray(), codes, k), rtol=1e-13)
    _same(kern.onehot_product(M.indptr, M.indices, M.data, codes, k, method=method), want)
    monkeypatch.setattr(kern, "BLOCK_CELLS", 37)  # many row blocks
    _same(kern.onehot_product(M.indptr, M.indices, M.data, codes, k, method=method), want)


@pytest.mark.parametrize("block", [1 << 22, 37])
@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_one_prepared_product_serves_every_coding(block, method, monkeypatch):
    """The permutation kernels prepare ``M @ H`` once and call it on each
    permutation of the codes: each call equals a fresh product, bit for bit,
    and the loop reference."""
    monkeypatch.setattr(kern, "BLOCK_CELLS", block)
    rng = np.random.default_rng(5)
    M = _random(rng, 150, 150, 0.06)
    k = 6
    product = kern.OneHotProduct(M.indptr, M.indices, M.data, k, method=method)
    codes = rng.integers(-1, k, 150)
    for _ in range(3):
        codes = rng.permutation(codes)
        got = product(codes)
        _same(got, kern.onehot_product(M.indptr, M.indices, M.data, codes, k, method="sparse"))
        np.testing.assert_allclose(got.toarray(), ref_onehot(M.toarray(), codes, k),
                                   rtol=1e-13)


@pytest.mark.parametrize("method", ["dense", "sparse"])
def test_transposed_product_equals_product_of_transpose(method, monkeypatch):
    rng = np.random.default_rng(7)
    B = _random(rng, 200, 90, 0.08)
    codes = rng.integers(-1, 5, 200)
    T = sp.csr_array(B.T)
    T.sort_indices()
    want = kern.onehot_product(T.indptr, T.indices, T.data, codes, 5, method="sparse")
    got = kern.onehot_product_t(B.indptr, B.indices, B.data, 90, codes, 5, method=method)
    _same(got, want)
    monkeypatch.setattr(kern, "BLOCK_CELLS", 11)
    _same(kern.onehot_product_t(B.indptr, B.indices, B.data, 90, codes, 5), want)


def test_empty_shapes():
    e = kern.onehot_product(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64),
                            np.zeros(0), np.zeros(0, dtype=np.int64), 3)
    assert e.shape == (0, 3)
    z = kern.onehot_product(np.array([0, 0, 0]), np.zeros(0, dtype=np.int64), np.zeros(0),
                            np.array([0, 1]), 0)
    assert z.shape == (2, 0)
    empty = sp.csr_array((0, 4))  # the level functions check an index on no rows first
    for values in (kern.richness(empty), kern.shannon(empty), kern.gini_simpson(empty),
                   kern.hill(empty, 2.5), kern.rao_stirling(empty, 1 - np.eye(4), 1.0, 1.0),
                   kern.leinster_cobbold(empty, np.eye(4), 1.0)):
        assert values.shape == (0,)


def test_blocked_similarity_equals_unblocked(monkeypatch):
    rng = np.random.default_rng(3)
    C = kern.as_csr_counts(_random(rng, 400, 15, 0.3))
    D = _matrix(3, 15, "disparity")
    Z = 1 - D
    whole = (kern.rao_stirling(C, D, 1.0, 1.0), kern.leinster_cobbold(C, Z, 2.5))
    monkeypatch.setattr(kern, "BLOCK_CELLS", 20)
    blocked = (kern.rao_stirling(C, D, 1.0, 1.0), kern.leinster_cobbold(C, Z, 2.5))
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)
    _close(whole[0], [ref_rao_stirling(r, D, 1.0, 1.0) for r in C.toarray()])


@pytest.mark.parametrize("block", [1 << 22, 5])
@pytest.mark.parametrize("method", ["dense", "pairs"])
def test_row_products_engines(block, method, monkeypatch):
    """Both engines of the similarity products give ``(P M)[r, i]`` on each
    stored entry (r, i): ``sum_j p_rj m_ji``, by a loop."""
    rng = np.random.default_rng(11)
    P = kern.as_csr_counts(_random(rng, 120, 30, 0.08))
    M = rng.uniform(0, 1, (30, 30))
    monkeypatch.setattr(kern, "BLOCK_CELLS", block)
    got = kern._row_products(P, M, method)
    dense = P.toarray()
    rows = np.repeat(np.arange(P.shape[0]), np.diff(P.indptr))
    want = [math.fsum(dense[r, j] * M[j, i] for j in range(30))
            for r, i in zip(rows, P.indices, strict=True)]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
