"""The sparse one-mode projection of an actor x event incidence matrix.

The projection is computed as blocks of rows of ``B @ B.T`` (Gustavson's
sparse product in scipy), so that the temporary memory of one block stays
bounded whatever the size of the table; each block is weighted, stripped of
its diagonal and filtered by ``min_weight`` before the next one is computed,
so peak memory stays near the size of the result.

Weightings (``B`` = incidence, ``n_e`` = number of distinct actors in event
``e``, ``k_i`` = number of events of actor ``i``):

========== ====================================================== ==================
projection tie weight ``w_ij``                                     reference
========== ====================================================== ==================
count      ``sum_e B_ie B_je``                                    --
newman     ``sum_e B_ie B_je / (n_e - 1)``                        Newman 2001
jaccard    ``|E_i & E_j| / |E_i | E_j|``                          Jaccard 1901
overlap    ``|E_i & E_j| / min(k_i, k_j)``                        Szymkiewicz-Simpson
========== ====================================================== ==================
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._validation import show
from .errors import ClusternetError, TooLargeError

__all__ = ["PROJECTIONS", "pair_bound", "project"]

PROJECTIONS = ("count", "newman", "jaccard", "overlap")

#: Number of scalar products (sum over the block's actors of the sizes of their
#: events) computed per block; bounds the temporary memory of one block.
BLOCK_WORK = 1 << 23


def pair_bound(sizes: np.ndarray) -> int:
    """Upper bound on the number of ties: ``sum_e n_e (n_e - 1) / 2``."""
    n = np.asarray(sizes, dtype=np.int64)
    return int((n * (n - 1) // 2).sum())


def too_many_ties_message(
    bound: int, max_ties: int, sizes: np.ndarray, event_ids: pd.Index, *, kept: bool = False
) -> str:
    order = np.argsort(-np.asarray(sizes), kind="stable")[:5]
    largest = ", ".join(f"{show(event_ids[i])} ({int(sizes[i])} actors)" for i in order)
    what = (
        f"the projection already holds more than {max_ties:,} ties"
        if kept
        else f"the projection can produce up to {bound:,} ties (sum over events of "
        f"n_e(n_e-1)/2), more than max_ties={max_ties:,}"
    )
    return (
        f"{what}. The largest events are {largest}. To proceed: raise max_ties if the "
        "machine has the memory (about 24 bytes a tie); pass min_weight to drop weak "
        "ties while projecting; or leave out the largest events with max_event_size=."
    )


def project(
    incidence: sp.csr_array,
    sizes: np.ndarray,
    *,
    projection: str = "count",
    min_weight: float = 0.0,
    max_ties: int | None = None,
    event_ids: pd.Index | None = None,
) -> sp.csr_array:
    """Project an actor x event incidence onto actors.

    Parameters
    ----------
    incidence : scipy.sparse.csr_array, shape (n_actors, n_events)
        Participation weights (1 where unweighted), canonical CSR.
    sizes : ndarray, shape (n_events,)
        ``n_e``, the number of distinct actors of each event in the whole
        table (used by ``newman``; kept when the incidence is a slice).
    projection : {"count", "newman", "jaccard", "overlap"}
    min_weight : float
        Ties whose weight is below this are dropped while projecting.
    max_ties : int or None
        Refuse (:class:`~clusternet.errors.TooLargeError`) before allocating
        more ties than this.

    Returns
    -------
    scipy.sparse.csr_array, shape (n_actors, n_actors)
        Symmetric, float64, no diagonal, sorted indices.
    """
    if projection not in PROJECTIONS:
        raise ClusternetError(
            f"unknown projection={projection!r}; choose one of {', '.join(map(repr, PROJECTIONS))}"
        )
    B = incidence
    n_act, n_ev = B.shape
    sizes = np.asarray(sizes, dtype=np.float64)
    col_count = np.bincount(B.indices, minlength=n_ev)
    if event_ids is None:
        event_ids = pd.RangeIndex(n_ev)
    if max_ties is not None and min_weight <= 0:
        bound = pair_bound(col_count)
        if bound > max_ties:
            raise TooLargeError(too_many_ties_message(bound, max_ties, col_count, event_ids))

    binary = projection in ("jaccard", "overlap")
    row_of = np.repeat(np.arange(n_act, dtype=np.int64), np.diff(B.indptr))
    deg = np.diff(B.indptr).astype(np.float64)  # events of each actor (jaccard, overlap)
    # Events with one member in this incidence add only to the diagonal: skip them.
    keep = col_count[B.indices] >= 2
    left_data = np.ones(int(keep.sum())) if binary else B.data[keep]
    if projection == "newman":
        with np.errstate(divide="ignore"):
            left_data = left_data / (sizes[B.indices[keep]] - 1.0)
    right_data = np.ones_like(left_data) if binary else B.data[keep]
    rows_k = row_of[keep]
    cols_k = B.indices[keep]
    indptr_k = np.zeros(n_act + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows_k, minlength=n_act), out=indptr_k[1:])
    L = sp.csr_array((left_data, cols_k, indptr_k), shape=(n_act, n_ev))
    R = _transpose_csr(rows_k, cols_k, right_data, n_act, n_ev)

    # Work of each actor's row: sum of the sizes of its events.
    work = np.bincount(rows_k, weights=col_count[cols_k].astype(np.float64), minlength=n_act)
    bounds = _blocks(work, BLOCK_WORK)

    data_parts: list[np.ndarray] = []
    index_parts: list[np.ndarray] = []
    row_counts = np.zeros(n_act, dtype=np.int64)
    kept_total = 0
    for a, b in bounds:
        p0, p1 = L.indptr[a], L.indptr[b]
        Lb = sp.csr_array(
            (L.data[p0:p1], L.indices[p0:p1], L.indptr[a : b + 1] - p0), shape=(b - a, n_ev)
        )
        C = Lb @ R
        C.sort_indices()
        r = np.repeat(np.arange(a, b, dtype=np.int64), np.diff(C.indptr))
        c = C.indices
        w = C.data
        if projection == "jaccard":
            w = w / (deg[r] + deg[c] - w)
        elif projection == "overlap":
            w = w / np.minimum(deg[r], deg[c])
        mask = (c != r) & (w > 0)
        if min_weight > 0:
            mask &= w >= min_weight
        r, c, w = r[mask], c[mask], w[mask]
        kept_total += len(w)
        if max_ties is not None and min_weight > 0 and kept_total > 2 * max_ties:
            raise TooLargeError(
                too_many_ties_message(0, max_ties, col_count, event_ids, kept=True)
            )
        row_counts[a:b] = np.bincount(r - a, minlength=b - a)
        data_parts.append(np.asarray(w, dtype=np.float64))
        index_parts.append(c)
        del C, Lb
    indptr = np.zeros(n_act + 1, dtype=np.int64)
    np.cumsum(row_counts, out=indptr[1:])
    nnz = int(indptr[-1])
    idx_dtype = np.int32 if max(nnz, n_act) < np.iinfo(np.int32).max else np.int64
    data = np.concatenate(data_parts) if data_parts else np.zeros(0)
    data_parts.clear()
    indices = (
        np.concatenate(index_parts).astype(idx_dtype, copy=False)
        if index_parts
        else np.zeros(0, dtype=idx_dtype)
    )
    index_parts.clear()
    A = sp.csr_array((data, indices, indptr.astype(idx_dtype)), shape=(n_act, n_act))
    A.has_sorted_indices = True
    return A


def _indptr_from(sorted_keys: np.ndarray, n: int) -> np.ndarray:
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(sorted_keys, minlength=n), out=indptr[1:])
    return indptr


def _transpose_csr(
    rows: np.ndarray, cols: np.ndarray, data: np.ndarray, n_rows: int, n_cols: int
) -> sp.csr_array:
    """CSR of the transpose of the COO entries (rows, cols) -> shape (n_cols, n_rows)."""
    order = np.argsort(cols, kind="stable")  # rows stay sorted within each column
    return sp.csr_array(
        (data[order], rows[order], _indptr_from(cols, n_cols)), shape=(n_cols, n_rows)
    )


def _blocks(work: np.ndarray, budget: float) -> list[tuple[int, int]]:
    """Split rows 0..n into contiguous blocks whose summed work is about ``budget``."""
    n = len(work)
    if n == 0:
        return []
    cum = np.cumsum(work)
    bounds = []
    a = 0
    while a < n:
        base = cum[a - 1] if a else 0.0
        b = int(np.searchsorted(cum, base + budget, side="right"))
        b = max(b, a + 1)
        b = min(b, n)
        bounds.append((a, b))
        a = b
    return bounds
