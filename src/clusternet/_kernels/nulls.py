"""Random draws of null models: pure functions of numpy arrays, no pandas.

Every function takes a ``numpy.random.Generator`` and consumes it in a fixed
way, so that the same generator state always gives the same draw:

- :func:`permutation_index` -- a uniform random permutation of positions,
  optionally only among ``movable`` positions and only within strata;
- :func:`curveball` -- trades of the curveball algorithm (Strona et al.
  2014) on a CSR incidence, run in rounds of disjoint row pairs (the
  "global curveball" of Carstens et al. 2018); row and column sums kept;
  each pair's deal drawn from a counter-based stream (:func:`splitmix64`)
  keyed by the round, so that the pairs of a round run in parallel;
- :func:`gnm` -- a uniform random set of ``m`` distinct pairs of ``n`` nodes.
"""

from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any

import numpy as np

__all__ = ["permutation_index", "curveball", "splitmix64", "gnm", "decode_pairs"]


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
    a stored value (participation weight) moves with its entry, that is
    with its column (each column keeps its values).

    The draw is a function of the generator's state alone, the same with
    or without numba and whatever the number of threads. Per round the
    generator gives ``rng.permutation(n_rows)`` (the matching:
    ``perm[0::2]`` with ``perm[1::2]``; ``a = perm[2k]``) and one 64-bit
    key ``rng.integers(0, 2**64, dtype=uint64)``. Each pooled column ``c``
    of the pair whose row ``a`` is ``a`` gets the number
    ``h = splitmix64(key, a * n_cols + c)`` (the output of Steele, Lea &
    Flood's SplitMix64 at that position of the stream seeded by ``key``:
    :func:`splitmix64`); row ``a`` takes the pooled columns with the
    smallest numbers, as many as it gave, row ``b`` the others. The numbers
    of one pair are distinct (SplitMix64's mixer is a bijection), so the
    deal is a uniform random subset of the pool, and each pair's deal
    depends on its own rows and the key only: the pairs of a round can be
    dealt in any order, on any number of threads.

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
    With numba installed (``pip install clusternet[fast]``) a round is one
    compiled pass over the pairs, parallel over chunks of rows (each pair
    merges its two sorted rows, deals the pool and writes both rows back
    sorted); without it, a vectorised numpy version with a few sorts of the
    entries per round. Both give identical draws (tested).

    References
    ----------
    .. [1] Steele, G. L., Lea, D. & Flood, C. H. (2014). Fast splittable
       pseudorandom number generators. *OOPSLA 2014*, 453-472.
       https://doi.org/10.1145/2660193.2660195
    """
    indptr = np.asarray(indptr, dtype=np.int64)
    cols = np.asarray(indices, dtype=np.int64)
    vals = np.asarray(data)
    n_rows = len(indptr) - 1
    engine = _engine(len(cols), n_cols)
    if engine == "numba":
        order = _curveball_compiled(_numba_kernels(), indptr, cols, n_cols, n_trades, rng)
    else:
        order = _curveball_numpy(indptr, cols, n_cols, n_trades, rng)
    del n_rows
    return indptr.copy(), cols[order], vals[order]


#: Engine of :func:`curveball`: ``"auto"`` (the compiled loops from
#: ``COMPILED_FROM`` entries on when numba is importable, else numpy; the
#: environment variable ``CLUSTERNET_ENGINE`` overrides, as for the other
#: compiled kernels), ``"numba"`` (whenever importable) or ``"numpy"``.
#: All give the same draws.
ENGINE = "auto"
#: Below this many entries numpy is fast enough and spares numba's import
#: and first compilation (seconds).
COMPILED_FROM = 50_000
#: Below this many entries a round runs in the calling thread. On the
#: 2-core machine of ``benchmarks/README.md``, idle, two threads beat one
#: from about 2*10^5 entries (1.4x at 2*10^5 and 10^6); with the machine
#: busy (load average 3 to 10) they did not, as a thread waits at each
#: round's end for its descheduled sibling. The draw does not depend on it.
PARALLEL_FROM = 1 << 17

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_LOW32 = np.int64(0xFFFFFFFF)


def splitmix64(key: np.uint64, position: np.ndarray) -> np.ndarray:
    """SplitMix64's outputs at ``position`` of the stream seeded by ``key``
    (Steele et al. 2014): ``mix(key + (position + 1) * 0x9E3779B97F4A7C15)``
    modulo ``2**64`` with Stafford's "mix13" finaliser, a bijection of the
    64-bit integers."""
    with np.errstate(over="ignore"):
        z = np.asarray(position).astype(np.uint64) + np.uint64(1)
        z = z * _GAMMA + np.uint64(key)
        z = (z ^ (z >> _S30)) * _MIX1
        z = (z ^ (z >> _S27)) * _MIX2
        return z ^ (z >> _S31)


def _engine(nnz: int, n_cols: int) -> str:
    if nnz >= 2**32 or n_cols >= 2**31:  # pragma: no cover - the packed slots would overflow
        return "numpy"
    choice = ENGINE
    if choice == "auto":
        choice = os.environ.get("CLUSTERNET_ENGINE") or "auto"
    if choice == "auto":
        choice = "numba" if nnz >= COMPILED_FROM else "numpy"
    if choice == "numba" and _numba_kernels() is None:
        choice = "numpy"
    return choice


def _rounds(n_rows: int, n_trades: int) -> list[int]:
    """Trades per round: ``n_rows // 2`` each, the last what is left."""
    per_round = n_rows // 2
    if per_round == 0:
        return []
    full, rest = divmod(int(n_trades), per_round)
    return [per_round] * full + ([rest] if rest else [])


def _round_draws(n_rows: int, rng: np.random.Generator) -> tuple[np.ndarray, np.uint64]:
    """The generator's part of one round: the matching, then the key."""
    perm = rng.permutation(n_rows)
    key = rng.integers(0, 2**64, dtype=np.uint64)
    return perm, np.uint64(key)


def _curveball_numpy(
    indptr: np.ndarray, cols: np.ndarray, n_cols: int, n_trades: int, rng: np.random.Generator
) -> np.ndarray:
    """Entry order of the result (CSR order) after the trades, vectorised."""
    n_rows = len(indptr) - 1
    rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr))
    for t in _rounds(n_rows, n_trades):
        perm, key = _round_draws(n_rows, rng)
        a, b = perm[0 : 2 * t : 2], perm[1 : 2 * t : 2]
        pair_of = np.full(n_rows, -1, dtype=np.int64)
        pair_of[a] = np.arange(t)
        pair_of[b] = np.arange(t)
        p = pair_of[rows]
        sel = np.flatnonzero(p >= 0)
        ps = p[sel]
        # A column shared by the pair appears twice under the same key; the
        # order among equal keys does not matter, so no stable sort.
        k2 = ps * n_cols + cols[sel]
        order = np.argsort(k2)
        ks = k2[order]
        same = ks[1:] == ks[:-1]
        dup = np.zeros(len(ks), dtype=bool)
        dup[1:] |= same
        dup[:-1] |= same
        shared = np.empty(len(ks), dtype=bool)
        shared[order] = dup
        free = sel[~shared]
        pf = p[free]
        keep_a = np.bincount(pf[rows[free] == a[pf]], minlength=t)
        # Row a takes the pooled columns with the smallest numbers.
        h = splitmix64(key, a[pf] * n_cols + cols[free])
        o = np.lexsort((h, pf))
        fo = free[o]
        pfo = pf[o]
        counts = np.bincount(pfo, minlength=t)
        starts = np.cumsum(counts) - counts
        rank = np.arange(len(fo), dtype=np.int64) - starts[pfo]
        rows[fo] = np.where(rank < keep_a[pfo], a[pfo], b[pfo])
    return np.lexsort((cols, rows))


def _curveball_compiled(
    k: Any, indptr: np.ndarray, cols: np.ndarray, n_cols: int, n_trades: int,
    rng: np.random.Generator, n_chunks: int | None = None,
) -> np.ndarray:
    """The same trades with the compiled loops. Row ``r``'s entries live in
    its slots ``indptr[r]:indptr[r + 1]`` (a row keeps its number of
    entries), each slot an int64 ``column << 32 | entry`` (entry: position in
    the input), sorted: a row stays sorted by column, so a pair finds its
    shared columns by merging its two rows, and the result needs no sort.
    O(entries) per round, in one pass."""
    n_rows = len(indptr) - 1
    nnz = len(cols)
    if nnz == 0:  # nothing moves; the generator is consumed as by the numpy rounds
        for _ in _rounds(n_rows, n_trades):
            _round_draws(n_rows, rng)
        return np.zeros(0, dtype=np.int64)
    slots = (cols << 32) | np.arange(nnz, dtype=np.int64)
    if n_chunks is None:
        n_chunks = _n_chunks(nnz)
    n_chunks = max(1, min(n_chunks, n_rows // 2))
    # A pair is dealt by the chunk of its lower row, which falls in the first
    # x of the rows with probability 1 - (1 - x)^2: chunk c ends where that
    # reaches (c + 1) / n_chunks, so that the chunks get as many pairs.
    share = 1.0 - np.sqrt(1.0 - np.linspace(0.0, 1.0, n_chunks + 1))
    bounds = np.searchsorted(indptr, nnz * share).astype(np.int64)
    bounds[0], bounds[-1] = 0, n_rows
    width = 2 * int(np.diff(indptr).max(initial=0)) + 1
    scratch_h = np.empty((n_chunks, 2, width), dtype=np.uint64)
    scratch_s = np.empty((n_chunks, 2, width), dtype=np.int64)
    code = np.empty(n_rows, dtype=np.int64)
    deal = k.deal_parallel if n_chunks > 1 else k.deal
    for t in _rounds(n_rows, n_trades):
        perm, key = _round_draws(n_rows, rng)
        code[:] = -1
        a, b = perm[0 : 2 * t : 2], perm[1 : 2 * t : 2]
        code[a] = 2 * b + 1
        code[b] = 2 * a
        deal(indptr, slots, code, key, np.int64(n_cols), bounds, scratch_h, scratch_s)
    return slots & _LOW32


def _n_chunks(nnz: int) -> int:
    """Chunks of a round: one per numba thread, one for small inputs or in a
    worker process of :mod:`clusternet.inference` (which runs the compiled
    loops serially; see :data:`._compiled.TASKS`)."""
    from . import _compiled

    if _compiled.TASKS is not None:
        return int(_compiled.TASKS)
    if nnz < PARALLEL_FROM:
        return 1
    import numba

    return int(numba.get_num_threads())


_NUMBA: Any = None


def _numba_kernels() -> Any:
    """The compiled kernels (a namespace), or None without numba."""
    global _NUMBA
    if _NUMBA is None:
        try:
            import numba
        except ImportError:
            _NUMBA = False
        else:
            global _cb_mix, _cb_pair, _cb_deal_chunk, _prange
            _prange = numba.prange
            jit = numba.njit(cache=True, nogil=True)
            _cb_mix = jit(_cb_mix)
            _cb_pair = jit(_cb_pair)
            _cb_deal_chunk = jit(_cb_deal_chunk)
            _NUMBA = SimpleNamespace(
                deal=jit(_cb_deal),
                deal_parallel=numba.njit(cache=True, nogil=True, parallel=True)(_cb_deal_parallel))
    return _NUMBA or None


# ------------------------------------------------- curveball, compiled loops
# Plain Python functions over arrays, compiled with ``numba.njit`` on first
# use (:func:`_numba_kernels`); run as they are by the tests.
_prange = range


def _cb_deal(indptr, slots, code, key, n_cols, bounds, scratch_h, scratch_s):
    """One round: every pair dealt. ``code[r]`` is ``2 * partner + 1`` for
    the pair's row ``a``, ``2 * partner`` for its row ``b``, ``-1`` for an
    unpaired row. Chunk ``c`` deals the pairs whose lower row is in
    ``bounds[c]:bounds[c + 1]`` with its own scratch; the chunks touch
    disjoint pairs, and a pair's deal does not depend on the chunk."""
    for c in range(len(bounds) - 1):
        _cb_deal_chunk(indptr, slots, code, key, n_cols, bounds[c], bounds[c + 1],
                       scratch_h[c, 0], scratch_h[c, 1], scratch_s[c, 0], scratch_s[c, 1])


def _cb_deal_parallel(indptr, slots, code, key, n_cols, bounds, scratch_h, scratch_s):
    """:func:`_cb_deal` with the chunks on numba's threads (a function of
    its own: numba's on-disk cache keeps one compiled version a function)."""
    for c in _prange(len(bounds) - 1):
        _cb_deal_chunk(indptr, slots, code, key, n_cols, bounds[c], bounds[c + 1],
                       scratch_h[c, 0], scratch_h[c, 1], scratch_s[c, 0], scratch_s[c, 1])


def _cb_deal_chunk(indptr, slots, code, key, n_cols, r_lo, r_hi, ph, qh, out_a, out_b):
    """The pairs whose lower row is in ``r_lo:r_hi``, in row order. The
    partners are scattered in memory: each batch of rows first reads its
    partners' first slots (independent loads, so that the memory fetches
    overlap), then deals."""
    touch = np.int64(0)
    for r0 in range(r_lo, r_hi, _BATCH):
        r1 = min(r0 + _BATCH, r_hi)
        for r in range(r0, r1):
            cr = code[r]
            if cr >= 0:
                p = cr >> 1
                if p > r and indptr[p] < indptr[p + 1]:
                    touch += slots[indptr[p]]
        for r in range(r0, r1):
            cr = code[r]
            if cr < 0:
                continue
            p = cr >> 1
            if p < r:
                continue  # dealt from its partner
            if cr & 1:
                _cb_pair(indptr, slots, key, n_cols, r, p, ph, qh, out_a, out_b)
            else:
                _cb_pair(indptr, slots, key, n_cols, p, r, ph, qh, out_a, out_b)
    return touch


#: A pair one of whose rows gives at most this many columns finds its
#: threshold by insertion into a short sorted list, else by quickselect.
_FEW = 24

#: Rows a batch of :func:`_cb_deal_chunk` prefetches.
_BATCH = 256


def _cb_mix(key, position):
    """:func:`splitmix64` of one position (uint64 arithmetic)."""
    z = np.uint64(position) + np.uint64(1)
    z = z * _GAMMA + key
    z = (z ^ (z >> _S30)) * _MIX1
    z = (z ^ (z >> _S27)) * _MIX2
    return z ^ (z >> _S31)


def _cb_pair(indptr, slots, key, n_cols, ra, rb, ph, qh, out_a, out_b):
    """Deal the pool of rows ``ra`` (row a of the pair) and ``rb``: merge the
    two sorted rows; row a takes the pooled columns with the smallest
    numbers ``splitmix64(key, ra * n_cols + column)``, as many as it gave."""
    a0 = indptr[ra]
    a1 = indptr[ra + 1]
    b0 = indptr[rb]
    b1 = indptr[rb + 1]
    base = ra * n_cols
    # pass 1: the numbers of the pooled columns, in column order
    i = a0
    j = b0
    n = 0
    keep = 0
    while i < a1 or j < b1:
        if j >= b1:
            col = slots[i] >> 32
            i += 1
            keep += 1
        elif i >= a1:
            col = slots[j] >> 32
            j += 1
        else:
            ca = slots[i] >> 32
            cb = slots[j] >> 32
            if ca == cb:
                i += 1
                j += 1
                continue
            if ca < cb:
                col = ca
                i += 1
                keep += 1
            else:
                col = cb
                j += 1
        ph[n] = _cb_mix(key, base + col)
        n += 1
    if keep == 0 or keep == n:
        return  # one row gives nothing: nothing moves
    # the keep-th smallest number: row a takes the numbers up to it
    if n <= 16:
        thr = ph[0]
        for x in range(n):
            hx = ph[x]
            rank = 0
            for y in range(n):
                rank += ph[y] < hx
            if rank == keep - 1:
                thr = hx
                break
    elif keep <= _FEW or n - keep < _FEW:
        # one row gives few: keep the m most extreme numbers in qh[0:m],
        # sorted, by insertion (most numbers fail the first comparison)
        small = keep <= _FEW
        m = keep if small else n - keep + 1
        cnt = 0
        for x in range(n):
            hx = ph[x]
            if cnt == m:
                if (hx >= qh[m - 1]) if small else (hx <= qh[m - 1]):
                    continue
                y = m - 1
            else:
                y = cnt
                cnt += 1
            while y > 0 and ((qh[y - 1] > hx) if small else (qh[y - 1] < hx)):
                qh[y] = qh[y - 1]
                y -= 1
            qh[y] = hx
        thr = qh[m - 1]
    else:
        for x in range(n):
            qh[x] = ph[x]
        lo = 0
        hi = n - 1
        kth = keep - 1
        while lo < hi:
            pivot = qh[(lo + hi) // 2]
            x = lo
            y = hi
            while x <= y:
                while qh[x] < pivot:
                    x += 1
                while qh[y] > pivot:
                    y -= 1
                if x <= y:
                    tmp = qh[x]
                    qh[x] = qh[y]
                    qh[y] = tmp
                    x += 1
                    y -= 1
            if kth <= y:
                hi = y
            elif kth >= x:
                lo = x
            else:
                break
        thr = qh[kth]
    # pass 2: the same merge, each row's new slots written in column order
    i = a0
    j = b0
    n = 0
    na = 0
    nb = 0
    while i < a1 or j < b1:
        if j >= b1:
            s = slots[i]
            i += 1
        elif i >= a1:
            s = slots[j]
            j += 1
        else:
            sa = slots[i]
            sb = slots[j]
            if (sa >> 32) == (sb >> 32):
                out_a[na] = sa
                out_b[nb] = sb
                na += 1
                nb += 1
                i += 1
                j += 1
                continue
            if sa < sb:
                s = sa
                i += 1
            else:
                s = sb
                j += 1
        if ph[n] <= thr:
            out_a[na] = s
            na += 1
        else:
            out_b[nb] = s
            nb += 1
        n += 1
    for x in range(na):
        slots[a0 + x] = out_a[x]
    for x in range(nb):
        slots[b0 + x] = out_b[x]


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
