"""The diversity kernels: the one-hot product's engines and blocks agree
exactly (same sums, same order), and the blocked similarity products equal
the unblocked ones."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from clusternet._kernels import diversity as kern


def _random(rng, n_rows, n_cols, density, weighted=True):
    M = sp.random_array((n_rows, n_cols), density=density, format="csr", rng=rng)
    if not weighted:
        M.data[:] = 1.0
    M.sort_indices()
    return sp.csr_array(M)


def _reference(M, codes, k):
    """M @ H by scipy's sparse product with the one-hot matrix."""
    out = sp.csr_array(M @ kern.one_hot(codes, k))
    out.sort_indices()
    out.eliminate_zeros()
    return out


def _same(a, b):
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.data, b.data)  # bit for bit


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("method", ["dense", "sparse", None])
def test_onehot_product_engines_agree(seed, method, monkeypatch):
    rng = np.random.default_rng(seed)
    M = _random(rng, 300, 250, 0.05)
    k = int(rng.integers(1, 12))
    codes = rng.integers(-1, k, 250)  # -1: no category
    want = _reference(M, codes, k)
    got = kern.onehot_product(M.indptr, M.indices, M.data, codes, k, method=method)
    _same(got, want)
    monkeypatch.setattr(kern, "BLOCK_CELLS", 37)  # many row blocks
    got = kern.onehot_product(M.indptr, M.indices, M.data, codes, k, method=method)
    _same(got, want)


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


def test_blocked_similarity_equals_unblocked(monkeypatch):
    rng = np.random.default_rng(3)
    C = kern.as_csr_counts(_random(rng, 400, 15, 0.3))
    D = rng.uniform(0, 1, (15, 15))
    D = (D + D.T) / 2
    np.fill_diagonal(D, 0)
    Z = 1 - D
    whole = (kern.rao_stirling(C, D, 1.0, 1.0), kern.leinster_cobbold(C, Z, 2.5))
    monkeypatch.setattr(kern, "BLOCK_CELLS", 20)
    blocked = (kern.rao_stirling(C, D, 1.0, 1.0), kern.leinster_cobbold(C, Z, 2.5))
    for a, b in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(a, b)
    # and against dense algebra
    P = C.toarray() / C.toarray().sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(whole[0], np.einsum("ri,ij,rj->r", P, D, P), rtol=1e-12)


@pytest.mark.parametrize("block", [1 << 22, 5])
def test_row_products_pairs_equal_dense(block, monkeypatch):
    rng = np.random.default_rng(11)
    P = _random(rng, 300, 60, 0.05)
    P.data /= np.repeat(np.bincount(np.repeat(np.arange(300), np.diff(P.indptr)),
                                    weights=P.data, minlength=300).clip(1e-300),
                        np.diff(P.indptr))
    M = rng.uniform(0, 1, (60, 60))
    monkeypatch.setattr(kern, "BLOCK_CELLS", block)
    dense = kern._row_products(P, M, "dense")
    pairs = kern._row_products(P, M, "pairs")
    np.testing.assert_allclose(pairs, dense, rtol=1e-13, atol=1e-16)
    want = (P @ M)[np.repeat(np.arange(300), np.diff(P.indptr)), P.indices]
    np.testing.assert_allclose(dense, want, rtol=1e-13, atol=1e-16)
