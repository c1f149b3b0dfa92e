"""Random draws of null models: pure functions of numpy arrays, no pandas.

Every function takes a ``numpy.random.Generator`` and consumes it in a fixed
way, so that the same generator state always gives the same draw:

- :func:`permutation_index` -- a uniform random permutation of positions,
  optionally only among ``movable`` positions and only within strata;
- :func:`curveball` -- trades of the curveball algorithm (Strona et al.
  2014) on a CSR incidence, run in rounds of disjoint row pairs (the
  "global curveball" of Carstens et al. 2018); row and column sums kept;
- :func:`gnm` -- a uniform random set of ``m`` distinct pairs of ``n`` nodes.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

__all__ = ["permutation_index", "curveball", "gnm", "decode_pairs"]


def permutation_index(
    n: int,
    rng: np.random.Generator,
    *,
    movable: np.ndarray | None = None,
    strata: np.ndarray | None = None,
) -> np.ndarray:
    """Index ``idx`` of a uniform random permutation: ``new = old[idx]``.

    Parameters
    ----------
    n : int
        Number of positions.
    rng : numpy.random.Generator
    movable : bool ndarray of shape (n,), optional
        Positions that take part; the others keep their value
        (``idx[i] = i``). Default: all.
    strata : int ndarray of shape (n,), optional
        Values are exchanged only between positions of the same stratum.

    Returns
    -------
    ndarray of int64, shape (n,)
    """
    if strata is None and (movable is None or bool(np.all(movable))):
        # The same draw as below with every position movable, without the copies.
        return rng.permutation(n).astype(np.int64, copy=False)
    idx = np.arange(n, dtype=np.int64)
    pos = idx.copy() if movable is None else np.flatnonzero(movable).astype(np.int64)
    if strata is None:
        idx[pos] = pos[rng.permutation(len(pos))]
        return idx
    s = np.asarray(strata)[pos]
    # ``base`` and ``order`` list the same strata in the same order with the
    # same sizes; within a stratum ``order`` is in the random order of ``u``.
    base = pos[np.argsort(s, kind="stable")]
    u = rng.random(len(pos))
    order = np.lexsort((u, s))
    idx[base] = pos[order]
    return idx


# ----------------------------------------------------------------- curveball
def curveball(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    n_cols: int,
    n_trades: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n_trades`` curveball trades between rows of a CSR 0/1 pattern.

    A trade between rows ``a`` and ``b`` keeps the columns they share, pools
    the columns that only one of them has, and deals the pool out at random
    so that each row keeps its number of entries (Strona et al. 2014).
    Trades are made in rounds: each round draws a random matching of the
    rows and trades within every pair of it (Carstens et al. 2018); a round
    holds ``n_rows // 2`` trades, the last one what is left of ``n_trades``.
    Row sums and column sums (numbers of stored entries) are kept exactly;
    a stored value (participation weight) moves with its entry.

    The generator is consumed the same way by both engines, so a seed gives
    the same draw with or without numba: per round ``rng.permutation(n_rows)``
    (the matching: ``perm[0::2]`` with ``perm[1::2]``), then
    ``rng.random(n_free)``, one number per pooled entry in the order of the
    input's entries; each pair's pool is ordered by those numbers (ties by
    entry) and row ``a`` takes the first as many as it gave.

    Parameters
    ----------
    indptr, indices, data : ndarray
        Canonical CSR arrays (sorted indices, no duplicates) of shape
        ``(n_rows, n_cols)``.
    n_cols : int
    n_trades : int
        Number of pair trades, ``>= 0``.
    rng : numpy.random.Generator

    Returns
    -------
    (indptr, indices, data) : ndarray
        The new canonical CSR arrays (int64 indptr and indices).

    Notes
    -----
    With numba installed (``pip install clusternet[fast]``) the trades of a
    round run as one compiled loop over the pairs, O(entries) per round;
    without it, a vectorised numpy version with a few sorts of the entries
    per round. Both give identical draws (tested).
    """
    indptr = np.asarray(indptr, dtype=np.int64)
    cols = np.asarray(indices, dtype=np.int64)
    vals = np.asarray(data)
    engine = None
    if ENGINE == "numba" or (ENGINE == "auto" and len(cols) >= COMPILED_FROM):
        engine = _numba_kernels()
    if engine is None:
        order = _curveball_numpy(indptr, cols, n_cols, n_trades, rng)
    else:
        order = _curveball_compiled(engine, indptr, cols, n_cols, n_trades, rng)
    return indptr.copy(), cols[order], vals[order]


#: Engine of :func:`curveball`: ``"auto"`` (the compiled loops from
#: ``COMPILED_FROM`` entries on when numba is importable, else numpy),
#: ``"numba"`` (whenever importable) or ``"numpy"``. All give the same draws.
ENGINE = "auto"
#: Below this many entries numpy is fast enough and spares numba's import
#: and first compilation (seconds).
COMPILED_FROM = 50_000


def _rounds(n_rows: int, n_trades: int) -> list[int]:
    """Trades per round: ``n_rows // 2`` each, the last what is left."""
    per_round = n_rows // 2
    if per_round == 0:
        return []
    full, rest = divmod(int(n_trades), per_round)
    return [per_round] * full + ([rest] if rest else [])


def _matching(n_rows: int, t: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    perm = rng.permutation(n_rows)
    return perm[0 : 2 * t : 2], perm[1 : 2 * t : 2]


def _curveball_numpy(
    indptr: np.ndarray, cols: np.ndarray, n_cols: int, n_trades: int, rng: np.random.Generator
) -> np.ndarray:
    """Entry order of the result (CSR order) after the trades, vectorised."""
    n_rows = len(indptr) - 1
    rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr))
    for t in _rounds(n_rows, n_trades):
        a, b = _matching(n_rows, t, rng)
        pair_of = np.full(n_rows, -1, dtype=np.int64)
        pair_of[a] = np.arange(t)
        pair_of[b] = np.arange(t)
        p = pair_of[rows]
        sel = np.flatnonzero(p >= 0)
        ps = p[sel]
        # A column shared by the pair appears twice under the same key; the
        # order among equal keys does not matter, so no stable sort.
        key = ps * n_cols + cols[sel]
        order = np.argsort(key)
        ks = key[order]
        same = ks[1:] == ks[:-1]
        dup = np.zeros(len(ks), dtype=bool)
        dup[1:] |= same
        dup[:-1] |= same
        shared = np.empty(len(ks), dtype=bool)
        shared[order] = dup
        free = sel[~shared]
        pf = p[free]
        keep_a = np.bincount(pf[rows[free] == a[pf]], minlength=t)
        # Deal the pool of each pair in a uniform random order: the first
        # ``keep_a`` columns go to row a, the rest to row b.
        u = rng.random(len(free))
        o = np.lexsort((u, pf))
        fo = free[o]
        pfo = pf[o]
        counts = np.bincount(pfo, minlength=t)
        starts = np.cumsum(counts) - counts
        rank = np.arange(len(fo), dtype=np.int64) - starts[pfo]
        rows[fo] = np.where(rank < keep_a[pfo], a[pfo], b[pfo])
    return np.lexsort((cols, rows))


def _curveball_compiled(
    k: Any, indptr: np.ndarray, cols: np.ndarray, n_cols: int, n_trades: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """The same trades with the compiled loops: each row's entries live in
    its own slots (its number of entries never changes); a round marks the
    shared columns of every pair with a stamp per pair, hands out the random
    numbers to the pooled entries in entry order, and deals each pool out
    in place. O(entries) per round."""
    n_rows = len(indptr) - 1
    nnz = len(cols)
    idx = np.int32 if max(nnz, n_cols, n_rows) < 2**31 - 1 else np.int64
    s_ent = np.arange(nnz, dtype=idx)
    s_col = cols.astype(idx)
    slot_of = s_ent.copy()
    s_u = np.zeros(nnz, dtype=np.float64)
    pooled = np.zeros(nnz, dtype=np.uint8)
    n_chunks = max(1, min(_CHUNKS, n_rows // 2))
    bounds = np.searchsorted(indptr, np.linspace(0, nnz, n_chunks + 1)).astype(np.int64)
    bounds[0], bounds[-1] = 0, n_rows
    mark = np.full((n_chunks, n_cols), -1, dtype=idx)
    where = np.zeros((n_chunks, n_cols), dtype=idx)
    counts = np.zeros(n_chunks, dtype=np.int64)
    width = 2 * int(np.diff(indptr).max(initial=0)) + 1
    scratch_i = np.empty((3 * n_chunks, width), dtype=idx)
    scratch_u = np.empty((2 * n_chunks, width))
    p_to = np.empty((n_chunks, width), dtype=np.bool_)
    partner = np.empty(n_rows, dtype=idx)
    first = np.zeros(n_rows, dtype=np.bool_)
    for t in _rounds(n_rows, n_trades):
        a, b = _matching(n_rows, t, rng)
        partner[:] = -1
        partner[a] = b
        partner[b] = a
        first[:] = False
        first[a] = True
        mark[:] = -1
        k.mark_shared(indptr, bounds, s_col, partner, pooled, mark, where, counts)
        u = rng.random(int(counts.sum()))
        k.number(slot_of, pooled, u, s_u)
        k.deal(indptr, bounds, s_ent, s_col, s_u, slot_of, partner, first, pooled, scratch_i,
               scratch_u, p_to)
    return k.csr_order(indptr, s_ent, s_col).astype(np.int64, copy=False)


_NUMBA: Any = None
#: Chunks of pairs per round in the compiled loops (each with its own
#: scratch); the result does not depend on it (tested with several).
_CHUNKS = 1


def _numba_kernels() -> Any:
    """The compiled kernels (a namespace), or None without numba."""
    global _NUMBA
    if _NUMBA is None:
        try:
            import numba
        except ImportError:
            _NUMBA = False
        else:
            global _cb_deal_rows
            jit = numba.njit(cache=True, nogil=True)
            _cb_deal_rows = jit(_cb_deal_rows)
            _NUMBA = SimpleNamespace(mark_shared=jit(_cb_mark_shared), number=jit(_cb_number),
                                     deal=jit(_cb_deal), csr_order=jit(_cb_csr_order))
    return _NUMBA or None


# ------------------------------------------------- curveball, compiled loops
# Plain Python functions over arrays, compiled with ``numba.njit`` on first
# use (:func:`_numba_kernels`). Row ``r``'s entries live in its slots
# ``indptr[r]:indptr[r + 1]`` (a row keeps its number of entries): ``s_ent``
# (the entry: position in the input), ``s_col`` (its column), and
# ``slot_of`` maps an entry back to its slot.
def _cb_mark_shared(indptr, bounds, s_col, partner, pooled, mark, where, counts):
    """``pooled[q] = 1`` for each slot of a pair's row whose column the other
    row lacks, 0 otherwise (shared columns, unpaired rows); ``counts[c]``:
    the number pooled in chunk ``c``. Chunk ``c`` visits the pairs whose
    first row (``r < partner[r]``) is in ``bounds[c]:bounds[c + 1]``, in row
    order (half the reads in memory order), with its own scratch
    ``mark[c]``, ``where[c]``; the stamp of a pair is its first row. The
    chunks touch disjoint pairs."""
    n_rows = len(partner)
    for c in range(len(bounds) - 1):
        mk = mark[c]
        wh = where[c]
        n = 0
        for ra in range(bounds[c], bounds[c + 1]):
            rb = partner[ra]
            if rb < ra:  # unpaired (-1) or visited from its partner
                if rb < 0:
                    for q in range(indptr[ra], indptr[ra + 1]):
                        pooled[q] = 0
                continue
            lo = indptr[ra]
            hi = indptr[ra + 1]
            for q in range(lo, hi):
                col = s_col[q]
                mk[col] = ra
                wh[col] = q
                pooled[q] = 1
            n += hi - lo
            for q in range(indptr[rb], indptr[rb + 1]):
                col = s_col[q]
                if mk[col] == ra:
                    pooled[q] = 0
                    pooled[wh[col]] = 0
                    n -= 1
                else:
                    pooled[q] = 1
                    n += 1
        counts[c] = n
    return n_rows


def _cb_number(slot_of, pooled, u, s_u):
    """Hand out the random numbers ``u`` to the pooled entries in entry order."""
    n = 0
    for e in range(len(slot_of)):
        q = slot_of[e]
        if pooled[q]:
            s_u[q] = u[n]
            n += 1


def _cb_deal(indptr, bounds, s_ent, s_col, s_u, slot_of, partner, first, pooled, scratch_i,
             scratch_u, p_to):
    """Deal every pair's pool: ordered by its numbers (ties by entry), row
    ``a`` of the pair (``first[r]``: ``r`` came first in the matching)
    takes the first as many as it gave, row ``b`` the rest. Only pooled
    slots are rewritten; the order of a row's slots does not matter.
    Chunks of pairs as in :func:`_cb_mark_shared`, each with its own
    scratch rows."""
    for c in range(len(bounds) - 1):
        _cb_deal_rows(indptr, bounds[c], bounds[c + 1], s_ent, s_col, s_u, slot_of, partner,
                      first, pooled, scratch_i[3 * c], scratch_i[3 * c + 1], scratch_u[2 * c],
                      p_to[c], scratch_u[2 * c + 1], scratch_i[3 * c + 2])


def _cb_deal_rows(indptr, r_lo, r_hi, s_ent, s_col, s_u, slot_of, partner, first, pooled,
                  p_ent, p_col, p_u, p_to, q_u, q_e):
    """:func:`_cb_deal` for the pairs whose first row is in ``r_lo:r_hi``."""
    for r in range(r_lo, r_hi):
        p = partner[r]
        if p < r:
            continue
        if first[r]:
            ra = r
            rb = p
        else:
            ra = p
            rb = r
        n = 0
        for q in range(indptr[ra], indptr[ra + 1]):
            if pooled[q]:
                p_ent[n] = s_ent[q]
                p_col[n] = s_col[q]
                p_u[n] = s_u[q]
                n += 1
        keep = n
        for q in range(indptr[rb], indptr[rb + 1]):
            if pooled[q]:
                p_ent[n] = s_ent[q]
                p_col[n] = s_col[q]
                p_u[n] = s_u[q]
                n += 1
        if n == 0 or keep == 0 or keep == n:
            continue  # nothing to deal: the pool is one row's, it keeps it
        if n > 16:
            # the keep-th smallest (u, entry) by quickselect on copies: the
            # members above it go to b
            for i in range(n):
                q_u[i] = p_u[i]
                q_e[i] = p_ent[i]
            lo = 0
            hi = n - 1
            kth = keep - 1
            while lo < hi:
                mid = (lo + hi) // 2
                pu = q_u[mid]
                pe = q_e[mid]
                i = lo
                j = hi
                while i <= j:
                    while q_u[i] < pu or (q_u[i] == pu and q_e[i] < pe):
                        i += 1
                    while q_u[j] > pu or (q_u[j] == pu and q_e[j] > pe):
                        j -= 1
                    if i <= j:
                        tu = q_u[i]
                        q_u[i] = q_u[j]
                        q_u[j] = tu
                        te = q_e[i]
                        q_e[i] = q_e[j]
                        q_e[j] = te
                        i += 1
                        j -= 1
                if kth <= j:
                    hi = j
                elif kth >= i:
                    lo = i
                else:
                    break
            tu = q_u[kth]
            te = q_e[kth]
            for i in range(n):
                p_to[i] = (p_u[i] > tu) | ((p_u[i] == tu) & (p_ent[i] > te))
        else:
            for i in range(n):  # rank of i by (u, entry), against keep
                ui = p_u[i]
                ei = p_ent[i]
                rank = 0
                for j in range(n):
                    uj = p_u[j]
                    rank += (uj < ui) | ((uj == ui) & (p_ent[j] < ei))
                p_to[i] = rank >= keep
        ia = 0
        ib = 0
        # row a's pooled slots take the pool's members bound for a, b's the rest
        for q in range(indptr[ra], indptr[ra + 1]):
            if pooled[q]:
                while p_to[ia]:
                    ia += 1
                s_ent[q] = p_ent[ia]
                s_col[q] = p_col[ia]
                slot_of[p_ent[ia]] = q
                ia += 1
        for q in range(indptr[rb], indptr[rb + 1]):
            if pooled[q]:
                while not p_to[ib]:
                    ib += 1
                s_ent[q] = p_ent[ib]
                s_col[q] = p_col[ib]
                slot_of[p_ent[ib]] = q
                ib += 1


def _cb_csr_order(indptr, s_ent, s_col):
    """The entries of each row sorted by column: the entry order of the CSR
    result."""
    out = s_ent.copy()
    key = s_col.copy()
    for r in range(len(indptr) - 1):
        lo = indptr[r]
        hi = indptr[r + 1]
        if hi - lo <= 32:
            for i in range(lo + 1, hi):
                e = out[i]
                c = key[i]
                j = i - 1
                while j >= lo and key[j] > c:
                    out[j + 1] = out[j]
                    key[j + 1] = key[j]
                    j -= 1
                out[j + 1] = e
                key[j + 1] = c
        else:
            o = np.argsort(key[lo:hi])
            out[lo:hi] = out[lo:hi][o]
    return out


def gnm(n: int, m: int, *, directed: bool, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A uniform random set of ``m`` distinct node pairs out of ``n`` nodes
    (Erdos-Renyi ``G(n, m)``): unordered pairs ``i < j``, or ordered pairs
    ``i != j`` when ``directed``.

    Returns
    -------
    (src, dst) : ndarray of int64, in increasing pair order
    """
    n_pairs = n * (n - 1) if directed else n * (n - 1) // 2
    if m > n_pairs:
        raise ValueError(f"m={m} is more than the {n_pairs} possible pairs")
    if m == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    if n_pairs <= 4 * m:
        keys = np.sort(rng.choice(n_pairs, size=m, replace=False))
    else:
        # Rejection: i.i.d. uniform keys, duplicates dropped. Given its size,
        # the set collected is a uniform random subset (exchangeability), and
        # a uniform random m-subset of it is a uniform m-subset of all pairs.
        keys = np.unique(rng.integers(0, n_pairs, size=m + m // 8 + 16))
        while len(keys) < m:
            more = rng.integers(0, n_pairs, size=2 * (m - len(keys)) + 16)
            keys = np.union1d(keys, more)
        if len(keys) > m:
            keys = np.sort(rng.choice(keys, size=m, replace=False))
    return decode_pairs(keys.astype(np.int64), n, directed=directed)


def decode_pairs(keys: np.ndarray, n: int, *, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Node pairs of pair indices: directed ``k -> (k // (n-1), ...)`` over
    ordered pairs ``i != j``; undirected by columns of the upper triangle,
    ``k = j (j - 1) / 2 + i`` with ``i < j``."""
    k = np.asarray(keys, dtype=np.int64)
    if directed:
        i = k // (n - 1)
        r = k % (n - 1)
        return i, r + (r >= i)
    j = np.floor((1.0 + np.sqrt(1.0 + 8.0 * k.astype(np.float64))) / 2.0).astype(np.int64)
    # Correct the rounding of the square root (at most one step either way).
    j -= (j * (j - 1) // 2) > k
    j += ((j + 1) * j // 2) <= k
    i = k - j * (j - 1) // 2
    return i, j
