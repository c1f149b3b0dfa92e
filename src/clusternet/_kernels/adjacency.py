"""Building and slicing CSR adjacency arrays from pair lists."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["pairs_to_csr", "upper_entries", "induced"]


def pairs_to_csr(
    src: np.ndarray, dst: np.ndarray, weight: np.ndarray, n: int, *, directed: bool
) -> sp.csr_array:
    """CSR adjacency from (src, dst, weight); parallel pairs summed, zeros and the
    diagonal dropped; undirected pairs stored in both directions.

    Stored entries are the ties, with positive weights (``n_ties`` and the
    degrees count them): a pair whose weights sum to 0 would vanish here, so
    the builders refuse it, or leave it out at the user's word, before
    calling (``zero_weights=``, see ``from_edgelist``)."""
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    keep = (src != dst) & (weight != 0)
    src, dst, weight = src[keep], dst[keep], weight[keep]
    if not directed:
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
        weight = np.concatenate([weight, weight])
    A = sp.coo_array((weight, (src, dst)), shape=(n, n)).tocsr()
    A.sum_duplicates()
    A.eliminate_zeros()
    A.sort_indices()
    return sp.csr_array(A, dtype=np.float64)


def pair_totals(src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int, *,
                directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs (as keys ``i * n + j``, ``i <= j`` when undirected)
    and the sum of their weights, which may overflow to ``inf`` (the callers
    check it and name the weights)."""
    a, b = (src, dst) if directed else (np.minimum(src, dst), np.maximum(src, dst))
    key = a * np.int64(max(n, 1)) + b
    uniq, inverse = np.unique(key, return_inverse=True)
    with np.errstate(over="ignore"):
        total = np.bincount(inverse, weights=w, minlength=len(uniq))
    return uniq, total


def upper_entries(A: sp.csr_array, *, directed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, col, weight) of every tie once: all entries when directed, the upper
    triangle when undirected, in CSR order."""
    rows = np.repeat(np.arange(A.shape[0], dtype=np.int64), np.diff(A.indptr))
    cols = A.indices.astype(np.int64, copy=False)
    w = A.data
    if not directed:
        m = cols > rows
        return rows[m], cols[m], w[m]
    return rows, cols, w


def induced(A: sp.csr_array, positions: np.ndarray) -> sp.csr_array:
    """The sub-matrix on ``positions`` (rows and columns), canonical CSR."""
    sub = A[positions][:, positions]
    sub = sp.csr_array(sub)
    sub.sort_indices()
    return sub
