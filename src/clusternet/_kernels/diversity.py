"""Diversity indices on the rows of a sparse count matrix.

Every function takes a canonical CSR count matrix ``C`` (units x categories,
non-negative, explicit zeros removed, sorted indices) and returns one float
per row; a row with no positive count gives NaN. Only the stored (positive)
entries are read, so absent categories are dropped by construction and the
cost is linear in the number of stored entries (plus, for the
similarity-sensitive indices, a dense ``rows x categories`` block at a time,
or the pairs of stored entries of each row when that is cheaper).
``onehot_product`` builds such count matrices from a graph: the product of
an adjacency or incidence with the one-hot matrix of a category code;
:meth:`OneHotProduct.blocks` gives them a block of rows at a time
(:data:`BLOCK_ENTRIES` stored entries of the graph each), so that the ego
measures never hold the whole count matrix: their working memory does not
grow with the graph. The blocks run on the threads of
:func:`._threads.threads` (numpy's loops release the GIL), at most that
many alive at once; each block's sums depend on its rows alone, so the
bits do not depend on the number of threads.
Pure functions of arrays: no pandas, no validation.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from . import _threads

__all__ = [
    "as_csr_counts",
    "gini_simpson",
    "hill",
    "leinster_cobbold",
    "OneHotProduct",
    "one_hot",
    "onehot_product",
    "onehot_product_t",
    "rao_stirling",
    "richness",
    "row_blocks",
    "shannon",
]

#: Number of dense cells (rows x categories), or of entry pairs, computed at a
#: time by the one-hot product and the similarity-sensitive indices; bounds
#: their temporary memory (~32 MiB a buffer).
BLOCK_CELLS = 1 << 22

#: Stored entries of the matrix read at a time by the ego sums
#: (:meth:`OneHotProduct.blocks`, the actor sums of :mod:`.mixing`): their
#: working memory is a few arrays of this length (8 MiB each), whatever the
#: size of the graph.
BLOCK_ENTRIES = 1 << 20

#: Up to this many stored entries, :class:`OneHotProduct` keeps the cell
#: offsets of its blocks (4 bytes an entry, 32 MiB at most) for the next
#: codes: a permutation test on a graph this small pays one gather and one
#: count per draw.
OFFSETS_KEPT = 1 << 23

#: Below this distance from q = 1 the Hill / Leinster-Cobbold power mean is
#: taken through log1p/expm1, which keeps its limit at q = 1 exact to rounding.
_NEAR_ONE = 0.1


def as_csr_counts(X) -> sp.csr_array:
    """``X`` (dense 2-D array or scipy sparse) as canonical float64 CSR with
    explicit zeros removed."""
    C = sp.csr_array(X, dtype=np.float64, copy=True)
    C.sum_duplicates()
    C.eliminate_zeros()
    C.sort_indices()
    return C


def one_hot(codes: np.ndarray, k: int) -> sp.csr_array:
    """Units x ``k`` indicator matrix of ``codes``; a code of -1 gives an empty row."""
    codes = np.asarray(codes, dtype=np.int64)
    keep = codes >= 0
    indptr = np.concatenate([[0], np.cumsum(keep)]).astype(np.int64)
    return sp.csr_array(
        (np.ones(int(keep.sum())), codes[keep], indptr), shape=(len(codes), k)
    )


def onehot_product(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, codes: np.ndarray, k: int,
    *, method: str | None = None,
) -> sp.csr_array:
    """``M @ H`` for the CSR matrix ``M = (data, indices, indptr)`` and the
    one-hot matrix ``H`` of ``codes`` (``k`` categories, -1 = no category):
    row r, column c holds the sum of ``M[r, j]`` over the ``j`` with
    ``codes[j] == c``. Returns canonical CSR (sorted, no explicit zeros).
    ``method="dense"`` or ``"sparse"`` forces a method (see
    :class:`OneHotProduct`, which this calls once)."""
    return OneHotProduct(indptr, indices, data, k, method=method)(codes)


def row_blocks(indptr: np.ndarray, max_entries: int, max_rows: int | None = None):
    """Consecutive row ranges ``(lo, hi)`` of a CSR matrix covering all its
    rows, each with at most ``max_entries`` stored entries (and
    ``max_rows`` rows), or a single row that has more."""
    n = len(indptr) - 1
    max_rows = n if max_rows is None else max(1, int(max_rows))
    lo = 0
    while lo < n:
        hi = int(np.searchsorted(indptr, indptr[lo] + max_entries, side="right")) - 1
        hi = min(max(hi, lo + 1), lo + max_rows, n)
        yield lo, hi
        lo = hi


class OneHotProduct:
    """``X = M H`` for a fixed CSR matrix ``M`` (rows: egos, teams...; the
    columns coded by ``codes``) and any codes, one block of rows at a time.

    Row r of ``X`` holds ``x_rc = sum_{j: codes[j] = c} w_rj`` for each
    category c with a non-zero sum, in increasing c; ``w_rj`` is the stored
    value (``binary=False``) or 1 for each non-zero stored value
    (``binary=True``, with no array of ones built). :meth:`blocks` yields
    ``X`` a block of rows at a time, with at most :data:`BLOCK_ENTRIES`
    entries of ``M`` each: its working memory does not grow with ``M``.
    Calling the object gives the whole ``X``. Nothing depends on the codes
    but the codes, so a permutation test calls it on each permutation.

    In parallel: the blocks are computed on the threads of
    :func:`._threads.threads` (one per core numba would use; one below
    :data:`._threads.PARALLEL_MIN` entries or outside the main thread),
    handed back in order while the next ones run, at most that many blocks
    alive at once; :meth:`map` also runs the caller's function of each
    block on those threads. A row's sums are taken within its own block,
    each cell in the order of its stored entries, so the bits do not depend
    on the number of threads (tested with 1, 2 and 3).

    Each stored entry is scattered into its row's category cell of a dense
    ``rows x k`` buffer (``method="dense"``, few categories; at most
    :data:`BLOCK_CELLS` cells at a time), or the block is multiplied by
    the one-hot matrix with scipy's sparse product (``method="sparse"``,
    many categories). Both add each cell's entries in their stored order,
    from 0, so they give the same bits, whatever the blocks.

    (A compiled loop per ego -- numba, a scratch row of ``k`` sums, parallel
    over egos -- was measured against this on the heavy-tailed benchmark
    graph of 2.4e7 entries and was not faster: 0.20-0.60 s of CPU against
    0.16-0.38 s for 5 to 200 categories, about equal at 5,000; so this is
    the one implementation.)
    """

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, k: int,
                 *, method: str | None = None, binary: bool = False) -> None:
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices)
        self.data = np.asarray(data, dtype=np.float64)
        self.binary = bool(binary)
        self.k = int(k)
        self.n = len(self.indptr) - 1
        nnz = len(self.indices)
        if method is None:
            dense_cells = self.n * self.k
            method = "sparse" if dense_cells > 16 * nnz + (1 << 20) else "dense"
        self.method = method
        # the smallest integer type that holds the codes: a cheaper gather
        self.code_type = np.min_scalar_type(-max(self.k, 1))
        # binary and no stored zero: each entry counts 1 (a count, not a weighted sum)
        self.ones = self.binary and np.count_nonzero(self.data) == nnz
        # the dense method's cell offsets of each block, kept for the next
        # codes (a permutation test) when they are few (4 bytes an entry)
        self._offsets: dict[tuple[int, int], np.ndarray] | None = (
            {} if nnz <= OFFSETS_KEPT else None)

    def __call__(self, codes: np.ndarray) -> sp.csr_array:
        n, k = self.n, self.k
        if k == 0 or n == 0:
            return sp.csr_array((n, k))
        blocks = [X for _, _, X in self.blocks(codes)]
        if len(blocks) == 1:
            return blocks[0]
        counts = np.concatenate([np.diff(X.indptr) for X in blocks])
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return sp.csr_array((np.concatenate([X.data for X in blocks]),
                             np.concatenate([X.indices for X in blocks]), indptr),
                            shape=(n, k))

    def blocks(self, codes: np.ndarray):
        """``(lo, hi, X[lo:hi])`` for consecutive blocks of rows covering all
        of them (canonical CSR blocks), in order; computed on
        :func:`._threads.threads` threads, at most that many blocks alive at
        once (the bits do not depend on it)."""
        return self.map(codes, None)

    def map(self, codes: np.ndarray, fn=None):
        """``(lo, hi, fn(lo, hi, X[lo:hi]))`` for the blocks of :meth:`blocks`
        (``fn=None``: ``X[lo:hi]`` itself), in order. Each block and its
        ``fn`` run on one of the :func:`._threads.threads` threads, while the
        caller holds an earlier result: at most that many blocks are alive at
        once. A block's value depends on its rows alone, so the bits do not
        depend on the number of threads; ``fn`` must not write outside its
        own rows."""
        n, k = self.n, self.k
        if n == 0:
            return
        if k == 0:
            X = sp.csr_array((n, 0))
            yield 0, n, (X if fn is None else fn(0, n, X))
            return
        max_rows = None
        if self.method == "sparse":
            table = one_hot(codes, k)
        else:
            table = np.asarray(codes).astype(self.code_type, copy=False)
            max_rows = max(1, BLOCK_CELLS // k)

        def one(span):
            lo, hi = span
            X = self._block(lo, hi, table)
            return lo, hi, (X if fn is None else fn(lo, hi, X))

        spans = row_blocks(self.indptr, BLOCK_ENTRIES, max_rows)
        yield from _threads.map_blocks(one, spans, _threads.threads(len(self.indices)))

    def _block(self, lo: int, hi: int, table) -> sp.csr_array:
        """``X[lo:hi]``, given the one-hot matrix (sparse method) or the codes
        in :attr:`code_type` (dense method)."""
        k = self.k
        a, b = int(self.indptr[lo]), int(self.indptr[hi])
        if self.ones:
            w = None
        elif self.binary:
            w = (self.data[a:b] != 0).astype(np.float64)
        else:
            w = self.data[a:b]
        if self.method == "sparse":
            if w is None:
                w = np.ones(b - a)
            M = sp.csr_array((w, self.indices[a:b], self.indptr[lo:hi + 1] - a),
                             shape=(hi - lo, table.shape[0]))
            X = sp.csr_array(M @ table)
            X.sum_duplicates()
            X.sort_indices()
            X.eliminate_zeros()
            return X
        cat = np.take(table, self.indices[a:b])
        return _assemble([_accumulate(self._offset(lo, hi) + cat, cat, w, hi - lo, k)],
                         hi - lo, k)

    def _offset(self, lo: int, hi: int) -> np.ndarray:
        """``(row - lo) * k`` for each entry of the rows ``lo..hi-1``: the start
        of its row's cells in the block's dense buffer (int32: the buffer has
        at most :data:`BLOCK_CELLS` cells)."""
        kept = self._offsets
        if kept is not None and (lo, hi) in kept:
            return kept[(lo, hi)]
        rows = np.repeat(np.arange(hi - lo, dtype=np.int32), np.diff(self.indptr[lo:hi + 1]))
        rows *= np.int32(self.k)
        if kept is not None:
            kept[(lo, hi)] = rows
        return rows


def onehot_product_t(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, n_cols: int,
    codes: np.ndarray, k: int, *, method: str | None = None,
) -> sp.csr_array:
    """``M.T @ H`` for the CSR matrix ``M`` (rows coded by ``codes``), e.g. the
    categories of each event's members from the actors x events incidence.
    Equal, entry for entry, to ``onehot_product`` on the transpose of ``M``."""
    indptr = np.asarray(indptr, dtype=np.int64)
    if n_cols * k <= BLOCK_CELLS and k and method != "sparse":
        rows = np.asarray(indices, dtype=np.int64)
        cat = np.repeat(np.asarray(codes, dtype=np.int64), np.diff(indptr))
        part = _scatter(rows, cat, np.asarray(data, dtype=np.float64), n_cols, k)
        return _assemble([part], n_cols, k)
    M = sp.csr_array((data, indices, indptr), shape=(len(indptr) - 1, n_cols))
    T = sp.csr_array(M.T)
    T.sort_indices()
    return onehot_product(T.indptr, T.indices, T.data, codes, k, method=method)


def _scatter(rows, cat, data, n, k):
    """Dense accumulation of ``data`` at (rows, cat) for ``n`` rows; returns
    the stored values, their columns and the number per row."""
    cell = rows * k
    cell += cat
    return _accumulate(cell, cat, data, n, k)


def _accumulate(cell, cat, data, n, k):
    """``data`` summed into the cells ``cell`` (row * k + category) of a dense
    ``n x k`` buffer, in entry order (None: 1 each); entries of category -1
    left out."""
    if len(cat) and cat.min() < 0:
        ok = cat >= 0
        cell = cell[ok]
        data = None if data is None else data[ok]
    if data is None:  # each entry counts 1: the same sums as weights of 1
        dense = np.bincount(cell, minlength=n * k).astype(np.float64)
    else:
        dense = np.bincount(cell, weights=data, minlength=n * k)
    nz = dense != 0
    flat = np.flatnonzero(nz)
    return dense[flat], flat % k, nz.reshape(n, k).sum(axis=1)


def _assemble(parts, n: int, k: int) -> sp.csr_array:
    indptr = np.concatenate([[0], np.cumsum(np.concatenate([p[2] for p in parts]))])
    return sp.csr_array(
        (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), indptr),
        shape=(n, k),
    )


def _segments(C: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(entries per row, mask of non-empty rows, start of each non-empty row)."""
    counts = np.diff(C.indptr)
    ok = counts > 0
    return counts, ok, C.indptr[:-1][ok]


def _row_sum(values: np.ndarray, seg) -> np.ndarray:
    """Sum of ``values`` over each row's stored entries, in storage order."""
    counts, ok, starts = seg
    out = np.zeros(len(counts))
    if len(starts):
        out[ok] = np.add.reduceat(values, starts)
    return out


def _row_max(values: np.ndarray, seg) -> np.ndarray:
    """Maximum of ``values`` over each row's stored entries (NaN for empty rows)."""
    counts, ok, starts = seg
    out = np.full(len(counts), np.nan)
    if len(starts):
        out[ok] = np.maximum.reduceat(values, starts)
    return out


def _spread(row_values: np.ndarray, seg) -> np.ndarray:
    """A per-row value repeated on each of the row's stored entries."""
    return np.repeat(row_values, seg[0])


def _proportions(C: sp.csr_array):
    """(p of each stored entry, row segments, mask of rows with a positive total)."""
    seg = _segments(C)
    tot = _row_sum(C.data, seg)
    return C.data / _spread(tot, seg), seg, tot > 0


def richness(C: sp.csr_array) -> np.ndarray:
    """Number of categories with a positive count, ``0D``."""
    n = np.diff(C.indptr).astype(np.float64)
    n[n == 0] = np.nan
    return n


def shannon(C: sp.csr_array) -> np.ndarray:
    """``H = -sum p ln p`` (natural log)."""
    p, seg, ok = _proportions(C)
    h = -_row_sum(p * np.log(p), seg) + 0.0
    return np.where(ok, np.maximum(h, 0.0), np.nan)


def gini_simpson(C: sp.csr_array) -> np.ndarray:
    """``1 - sum p^2`` (Blau's index)."""
    p, seg, ok = _proportions(C)
    s = 1.0 - _row_sum(p * p, seg)
    return np.where(ok, np.maximum(s, 0.0), np.nan)


def _power_mean_diversity(
    p: np.ndarray, x: np.ndarray, seg, ok: np.ndarray, q: float
) -> np.ndarray:
    """``(sum_i p_i x_i^(q-1))^(1/(1-q))`` per row over the stored entries,
    with its limits at q = 1 (``exp(-sum p ln x)``) and q = inf (``1/max x``).

    ``x`` is ``p`` itself for Hill numbers and ``(Zp)`` for Leinster-Cobbold;
    ``0 < x <= 1`` on every stored entry.
    """
    lx = np.log(x)
    if q == 1.0:
        logd = -_row_sum(p * lx, seg)
    elif np.isinf(q):
        logd = -_row_max(lx, seg)
    elif abs(q - 1.0) < _NEAR_ONE:
        # sum p x^(q-1) - 1 = sum p (x^(q-1) - 1): every term has the sign of
        # (1 - q), so no cancellation, and log1p keeps the q -> 1 limit exact.
        s = _row_sum(p * np.expm1((q - 1.0) * lx), seg)
        logd = np.log1p(s) / (1.0 - q)
    else:
        # log-sum-exp: neither underflow for large q nor overflow for q < 1.
        a = np.log(p) + (q - 1.0) * lx
        m = _row_max(a, seg)
        m_safe = np.where(ok, m, 0.0)
        s = _row_sum(np.exp(a - _spread(m_safe, seg)), seg)
        with np.errstate(divide="ignore"):
            logd = (m_safe + np.log(s)) / (1.0 - q)
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.exp(logd)
    return np.where(ok, d, np.nan)


def hill(C: sp.csr_array, q: float) -> np.ndarray:
    """Hill number of order ``q`` (``q >= 0`` or ``inf``)."""
    if q == 0.0:
        return richness(C)
    p, seg, ok = _proportions(C)
    return _power_mean_diversity(p, p, seg, ok, float(q))


def _blocks(n_rows: int, k: int):
    step = max(1, BLOCK_CELLS // max(k, 1))
    for start in range(0, n_rows, step):
        yield start, min(n_rows, start + step)


def _row_products(P: sp.csr_array, M: np.ndarray, method: str | None = None) -> np.ndarray:
    """For every stored entry (r, i) of ``P``: ``(P @ M)[r, i]``.

    ``"dense"``: a block of rows at a time times the dense ``M`` (cost
    ``nnz x k``); ``"pairs"``: over the pairs of stored entries of each row
    (cost ``sum_r nnz_r^2``), for many categories and few per row. The
    cheaper is chosen unless ``method`` says; they agree to rounding.
    """
    k = P.shape[1]
    per_row = np.diff(P.indptr).astype(np.int64)
    work = per_row * per_row
    if method is None:
        method = "pairs" if 32 * int(work.sum()) < P.nnz * k else "dense"
    out = np.empty(P.nnz)
    if method == "pairs":
        ends = np.cumsum(work)
        a = 0
        while a < P.shape[0]:
            # rows a..b-1 hold at most BLOCK_CELLS pairs (at least one row)
            base = ends[a - 1] if a else 0
            b = max(a + 1, int(np.searchsorted(ends, base + BLOCK_CELLS, side="right")))
            b = min(b, P.shape[0])
            lo, hi = int(P.indptr[a]), int(P.indptr[b])
            if hi > lo:
                m_e = np.repeat(per_row[a:b], per_row[a:b])  # row length of each entry
                start_e = np.repeat(P.indptr[a:b], per_row[a:b])  # row start of each entry
                e = np.repeat(np.arange(lo, hi), m_e)
                first = np.cumsum(m_e) - m_e
                f = np.repeat(start_e, m_e) + (np.arange(len(e)) - np.repeat(first, m_e))
                val = P.data[f] * M[P.indices[f], P.indices[e]]
                out[lo:hi] = np.bincount(e - lo, weights=val, minlength=hi - lo)
            a = b
        return out
    for a, b in _blocks(P.shape[0], k):
        lo, hi = P.indptr[a], P.indptr[b]
        if lo == hi:
            continue
        block = P[a:b]
        dense = np.asarray(block @ M)
        local_rows = np.repeat(np.arange(b - a), np.diff(block.indptr))
        out[lo:hi] = dense[local_rows, block.indices]
    return out


def rao_stirling(C: sp.csr_array, D: np.ndarray, alpha: float, beta: float) -> np.ndarray:
    """``sum_{i != j} d_ij^alpha (p_i p_j)^beta`` over ordered pairs of
    categories present in the row; ``D`` is k x k with a zero diagonal."""
    p, seg, ok = _proportions(C)
    Da = np.power(np.asarray(D, dtype=np.float64), alpha)
    np.fill_diagonal(Da, 0.0)
    pb = p if beta == 1.0 else np.power(p, beta)
    P = sp.csr_array((pb, C.indices, C.indptr), shape=C.shape)
    # (P D^a)[r, i] = sum_j d_ij^a p_j^b, so sum_i p_i^b (P D^a)[r, i] is the
    # double sum over ordered pairs (the diagonal of D^a is zero).
    inner = _row_products(P, Da.T)
    s = _row_sum(pb * inner, seg)
    return np.where(ok, np.maximum(s, 0.0), np.nan)


def leinster_cobbold(C: sp.csr_array, Z: np.ndarray, q: float) -> np.ndarray:
    """``(sum_i p_i (Zp)_i^(q-1))^(1/(1-q))`` over the categories present,
    with its limits at q = 1 and q = inf; ``Z`` is k x k with unit diagonal."""
    p, seg, ok = _proportions(C)
    P = sp.csr_array((p, C.indices, C.indptr), shape=C.shape)
    # (Zp)_i = sum_j Z_ij p_j = (P Z^T)[r, i]
    zp = _row_products(P, np.asarray(Z, dtype=np.float64).T)
    # Z_ii = 1 gives (Zp)_i >= p_i > 0; clip rounding just above 1.
    zp = np.minimum(np.maximum(zp, p), 1.0)
    return _power_mean_diversity(p, zp, seg, ok, float(q))
