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
    """
    indptr = np.asarray(indptr, dtype=np.int64)
    n_rows = len(indptr) - 1
    rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr))
    cols = np.asarray(indices, dtype=np.int64)
    vals = np.asarray(data)
    per_round = n_rows // 2
    remaining = int(n_trades) if per_round else 0
    while remaining > 0:
        t = min(per_round, remaining)
        remaining -= t
        perm = rng.permutation(n_rows)
        a = perm[0 : 2 * t : 2]
        b = perm[1 : 2 * t : 2]
        pair_of = np.full(n_rows, -1, dtype=np.int64)
        pair_of[a] = np.arange(t)
        pair_of[b] = np.arange(t)
        p = pair_of[rows]
        sel = np.flatnonzero(p >= 0)
        ps = p[sel]
        # A column shared by the pair appears twice under the same key.
        key = ps * n_cols + cols[sel]
        order = np.argsort(key, kind="stable")
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
    order = np.lexsort((cols, rows))
    new_indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=new_indptr[1:])
    return new_indptr, cols[order], vals[order]


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
