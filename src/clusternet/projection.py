"""The sparse one-mode projection of an actor x event incidence matrix.

The projection is computed as blocks of rows of ``B @ B.T`` (Gustavson's
sparse product in scipy), so that the temporary memory of one block stays
bounded whatever the size of the table; each block is weighted, stripped of
its diagonal and filtered by ``min_weight`` before it is written into the
result, so peak memory stays near the size of the result. A block of rows is
computed as its transpose (actors x block), whose conversion to CSC sorts the
indices in linear time; blocks run on up to :data:`THREADS` threads (scipy's
kernels release the GIL), and the result is the same whatever the threads.

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

import os
import warnings
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, SimpleQueue
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

# scipy's compiled CSR kernels (they release the GIL). Called directly so that
# their output goes to buffers sized by a bound known in advance, and to the
# final arrays without an intermediate copy.
try:
    from scipy.sparse._sparsetools import csr_eliminate_zeros as _csr_eliminate_zeros
    from scipy.sparse._sparsetools import csr_matmat as _csr_matmat
    from scipy.sparse._sparsetools import csr_tocsc as _csr_tocsc
except ImportError:  # pragma: no cover - a scipy that moved its private kernels
    _csr_eliminate_zeros = _csr_matmat = _csr_tocsc = None

from ._validation import show
from .errors import ClusternetError, ClusternetWarning, DuplicateError, TooLargeError

__all__ = ["PROJECTIONS", "pair_bound", "project"]

PROJECTIONS = ("count", "newman", "jaccard", "overlap")

#: Number of scalar products (sum over the block's actors of the sizes of their
#: events) computed per block; bounds the temporary memory of one block.
BLOCK_WORK = 1 << 23


def incidence_of(a_codes: np.ndarray, e_codes: np.ndarray, w: np.ndarray, n_act: int,
                 n_ev: int, duplicates: str, repeated: Any) -> tuple:
    """The actor x event incidence of coded rows, and the rule for repeated
    (actor, event) rows: ``(B, a_codes, e_codes, w, dup)``, ``dup`` the
    repeated rows (None without any). The incidence sums repeated rows;
    fewer entries than rows is how a repeat is detected without hashing
    every row. With ``duplicates="error"`` a repeat raises, the message
    starting with ``repeated(position, n_repeated)``; with ``"drop"`` the
    first row of each pair is kept (shared by the in-memory and the Dask
    builders)."""
    B = sp.coo_array((w, (a_codes, e_codes)), shape=(n_act, n_ev)).tocsr()
    dup = None
    if B.nnz < len(a_codes):
        key = a_codes.astype(np.int64) * n_ev + e_codes
        dup = pd.Index(key).duplicated(keep="first")
        del key
        if duplicates == "error":
            pos = int(np.flatnonzero(dup)[0])
            raise DuplicateError(
                f"{repeated(pos, int(dup.sum()))}; pass duplicates='drop' to keep the first "
                "row or duplicates='sum' to add their weights"
            )
        if duplicates == "drop":
            keep = ~dup
            a_codes, e_codes, w = a_codes[keep], e_codes[keep], w[keep]
            B = sp.coo_array((w, (a_codes, e_codes)), shape=(n_act, n_ev)).tocsr()
    return B, a_codes, e_codes, w, dup


def without_large_events(B: sp.csr_array, sizes: np.ndarray, ev_index: pd.Index,
                         ev_time: pd.Series | None, max_event_size: int | None, *,
                         stacklevel: int) -> tuple:
    """The rule of ``max_event_size=``: the events of more actors are left
    out of the incidence, their sizes, ids and times, with a warning saying
    how many (shared by the in-memory and the Dask builders);
    ``(B, sizes, ev_index, ev_time)``."""
    if max_event_size is None or not (sizes > max_event_size).any():
        return B, sizes, ev_index, ev_time
    big = sizes > max_event_size
    warnings.warn(
        f"max_event_size={max_event_size} left out {int(big.sum())} event(s) "
        f"({int(sizes[big].sum())} participations); the largest had {int(sizes.max())} actors",
        ClusternetWarning,
        stacklevel=stacklevel,
    )
    keep_ev = np.flatnonzero(~big)
    return (sp.csr_array(B[:, keep_ev]), sizes[keep_ev], ev_index[keep_ev],
            None if ev_time is None else ev_time.iloc[keep_ev])


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
    # Events with one member in this incidence add only to the diagonal: skip them.
    keep = col_count[B.indices] >= 2
    nnz_b = len(B.indices)
    if keep.all():
        cols_k = B.indices
        raw = np.ones(nnz_b) if binary else np.asarray(B.data, dtype=np.float64)
        indptr_k = B.indptr
    else:
        cols_k = B.indices[keep]
        raw = np.ones(len(cols_k)) if binary else np.asarray(B.data[keep], dtype=np.float64)
        before = np.zeros(nnz_b + 1, dtype=np.int64)  # kept entries before each position
        np.cumsum(keep, out=before[1:])
        indptr_k = before[B.indptr]
        del before
    del keep
    left = raw
    if projection == "newman":
        with np.errstate(divide="ignore"):
            left = raw / (sizes[cols_k] - 1.0)
    # Products of finite non-negative weights are > 0 wherever they are stored
    # (exact zero sums are not); otherwise the entries that are not are dropped.
    positive = bool(
        np.isfinite(left).all() and (left >= 0).all()
        and np.isfinite(raw).all() and (raw >= 0).all()
    )
    deg = np.diff(B.indptr).astype(np.float64) if binary else None

    # Work of a row = sum of the sizes of its events = the entries of its row of
    # B @ B.T before zero sums are left out: an exact bound on what a block stores.
    size_k = np.bincount(cols_k, minlength=n_ev)
    cum = np.zeros(len(cols_k) + 1, dtype=np.int64)
    np.cumsum(size_k[cols_k], out=cum[1:])
    row_work = np.diff(cum[indptr_k])
    del cum, size_k
    threads = _n_threads()
    # Blocks of about an eighth of the work (so that the blocks in flight stay
    # small beside the result), within [MIN_BLOCK_WORK, BLOCK_WORK / threads].
    budget = min(max(int(row_work.sum()) // 8, MIN_BLOCK_WORK), max(BLOCK_WORK // threads, 1))
    bounds = _blocks(row_work, budget)
    block_work = [int(row_work[a:b].sum()) for a, b in bounds]
    total_work = sum(block_work)
    big = max([n_act, n_ev, len(cols_k)] + block_work) >= _INT32_MAX
    idx = np.int64 if big else np.int32
    cols_k = cols_k.astype(idx, copy=False)
    indptr_k = indptr_k.astype(idx, copy=False)
    L = (indptr_k, cols_k, left)
    L_raw = (indptr_k, cols_k, raw)

    # Scratch buffers for the blocks, reused (at most ``threads`` are in use at
    # once): fresh memory for every block would cost a page fault per page.
    free: SimpleQueue = SimpleQueue()
    width = max(block_work, default=0)

    def block(k: int) -> tuple[tuple, np.ndarray, np.ndarray, np.ndarray]:
        a, b = bounds[k]
        try:
            buf = free.get_nowait()
        except Empty:
            buf = (np.empty(n_act + 1, dtype=idx), np.empty(width, dtype=idx), np.empty(width))
        return (buf,) + _block_transposed(
            L, L_raw, n_ev, a, b, buf, projection, deg, min_weight, positive
        )

    # The result is written in place: the buffers are reserved for the bound on
    # the number of ties (untouched memory is not resident) and trimmed at the end.
    cap = min(total_work, 2 * pair_bound(col_count))
    indices = _reserve(cap, idx)
    data = _reserve(cap, np.float64)
    row_counts = np.zeros(n_act, dtype=np.int64)
    nnz = 0
    results = _run_blocks(block, len(bounds), threads)
    try:
        for k, (buf, xp, xi, xd) in results:
            a, b = bounds[k]
            m = int(xp[-1])
            if nnz + m > len(indices):
                grow = max(nnz + m, len(indices) + len(indices) // 2)
                indices.resize(grow, refcheck=False)
                data.resize(grow, refcheck=False)
            yp = np.empty(b - a + 1, dtype=idx)
            _csr_tocsc(n_act, b - a, xp, xi, xd, yp, indices[nnz : nnz + m], data[nnz : nnz + m])
            np.subtract(yp[1:], yp[:-1], out=row_counts[a:b], casting="unsafe")
            nnz += m
            del xp, xi, xd
            free.put(buf)
            del buf
            if max_ties is not None and min_weight > 0 and nnz > 2 * max_ties:
                raise TooLargeError(
                    too_many_ties_message(0, max_ties, col_count, event_ids, kept=True)
                )
    finally:
        results.close()
    indices.resize(nnz, refcheck=False)
    data.resize(nnz, refcheck=False)
    indptr = np.zeros(n_act + 1, dtype=np.int64)
    np.cumsum(row_counts, out=indptr[1:])
    idx_dtype = np.int32 if max(nnz, n_act) < _INT32_MAX else np.int64
    A = sp.csr_array(
        (data, indices.astype(idx_dtype, copy=False), indptr.astype(idx_dtype)),
        shape=(n_act, n_act),
    )
    A.has_sorted_indices = True
    return A


_INT32_MAX = np.iinfo(np.int32).max

#: Number of threads projecting blocks at once (None: one per available core,
#: at most 8). scipy's sparse kernels release the GIL, so blocks overlap.
THREADS: int | None = None

#: Smallest block worth its per-block overhead.
MIN_BLOCK_WORK = 1 << 16


def _n_threads() -> int:
    if THREADS is not None:
        return max(1, int(THREADS))
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 8))


def _reserve(n: int, dtype: type) -> np.ndarray:
    try:
        return np.empty(n, dtype=dtype)
    except MemoryError:  # pragma: no cover - the bound is far above what is kept
        return np.empty(min(n, 1 << 20), dtype=dtype)


def _run_blocks(block, n_blocks: int, threads: int):
    """Yield ``(k, block(k))`` for k = 0..n_blocks-1 in order. While the caller
    consumes block k, the next ``threads - 1`` blocks are computed; so at most
    ``threads`` blocks are held at once and the caller's thread is the last one."""
    if threads <= 1 or n_blocks <= 1:
        for k in range(n_blocks):
            yield k, block(k)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque = deque()
        try:
            nxt = 0
            while nxt < n_blocks and len(pending) < threads:
                pending.append((nxt, pool.submit(block, nxt)))
                nxt += 1
            while pending:
                k, fut = pending.popleft()
                yield k, fut.result()
                if nxt < n_blocks:
                    pending.append((nxt, pool.submit(block, nxt)))
                    nxt += 1
        finally:
            for _, fut in pending:
                fut.cancel()


def _block_transposed(
    L: tuple[np.ndarray, np.ndarray, np.ndarray],
    L_raw: tuple[np.ndarray, np.ndarray, np.ndarray],
    n_ev: int,
    a: int,
    b: int,
    buf: tuple[np.ndarray, np.ndarray, np.ndarray],
    projection: str,
    deg: np.ndarray | None,
    min_weight: float,
    positive: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows ``a:b`` of the projection, transposed, as CSR arrays of
    ``X`` (actors x block) with the diagonal and filtered ties left out.

    ``X = L_raw @ L[a:b].T``: ``X[j, i - a] = sum_e L[i, e] L_raw[j, e]`` is
    summed over ``e`` in the same order, with the same products, as row ``i``
    of ``L @ L_raw.T``, so the weights are those of that product to the last
    bit; the caller's conversion of ``X`` to CSC gives the rows ``a:b`` with
    sorted indices in linear time. ``buf`` holds ``X``'s ``indptr`` and room
    for its entries (at least the block's work, which bounds them).
    """
    ip, ix, dl = L
    p0, p1 = int(ip[a]), int(ip[b])
    # L[a:b].T as CSR (events x block): the CSC form of L[a:b].
    rp = np.empty(n_ev + 1, dtype=ip.dtype)
    ri = np.empty(p1 - p0, dtype=ip.dtype)
    rd = np.empty(p1 - p0, dtype=np.float64)
    _csr_tocsc(b - a, n_ev, ip[a : b + 1] - ip[a], ix[p0:p1], dl[p0:p1], rp, ri, rd)
    xp, xi, xd = buf
    n_act = len(xp) - 1
    _csr_matmat(n_act, b - a, L_raw[0], L_raw[1], L_raw[2], rp, ri, rd, xp, xi, xd)
    del rp, ri, rd
    nnz = int(xp[-1])
    xi, xd = xi[:nnz], xd[:nnz]
    # The diagonal X[a + k, k] lies in rows a..b of X.
    q0, q1 = int(xp[a]), int(xp[b])
    rr = np.repeat(np.arange(b - a, dtype=xi.dtype), np.diff(xp[a : b + 1]))
    xd[q0 + np.flatnonzero(xi[q0:q1] == rr)] = 0.0
    del rr
    if projection in ("jaccard", "overlap"):
        dr = deg[np.repeat(np.arange(n_act), np.diff(xp))]
        dc = deg[a + xi]
        if projection == "jaccard":
            np.divide(xd, dc + dr - xd, out=xd)
        else:
            np.divide(xd, np.minimum(dc, dr), out=xd)
        del dr, dc
    if not positive:
        xd[~(xd > 0)] = 0.0
    if min_weight > 0:
        xd[xd < min_weight] = 0.0
    _csr_eliminate_zeros(n_act, b - a, xp, xi, xd)
    nnz = int(xp[-1])
    return xp, xi[:nnz], xd[:nnz]


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


# ---- the same three kernels through scipy's public API (same results, one more
# copy each); used when scipy's private module is not where we expect it.
def _public_csr_tocsc(n_row, n_col, Ap, Aj, Ax, Bp, Bi, Bx):
    M = sp.csr_array((Ax, Aj, Ap), shape=(n_row, n_col)).tocsc()
    Bp[:] = M.indptr
    Bi[: M.nnz] = M.indices
    Bx[: M.nnz] = M.data


def _public_csr_matmat(n_row, n_col, Ap, Aj, Ax, Bp, Bj, Bx, Cp, Cj, Cx):
    k = len(Bp) - 1
    C = sp.csr_array((Ax, Aj, Ap), shape=(n_row, k)) @ sp.csr_array((Bx, Bj, Bp),
                                                                    shape=(k, n_col))
    C = sp.csr_array(C)
    Cp[:] = C.indptr
    Cj[: C.nnz] = C.indices
    Cx[: C.nnz] = C.data


def _public_csr_eliminate_zeros(n_row, n_col, Ap, Aj, Ax):
    nnz = int(Ap[-1])
    keep = Ax[:nnz] != 0
    rows = np.repeat(np.arange(n_row), np.diff(Ap))
    kept = int(keep.sum())
    Aj[:kept] = Aj[:nnz][keep]
    Ax[:kept] = Ax[:nnz][keep]
    Ap[1:] = np.cumsum(np.bincount(rows[keep], minlength=n_row))


if _csr_tocsc is None:  # pragma: no cover
    _csr_tocsc, _csr_matmat, _csr_eliminate_zeros = (
        _public_csr_tocsc, _public_csr_matmat, _public_csr_eliminate_zeros)
