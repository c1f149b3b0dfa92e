"""Brokerage kernels: Burt's ego measures and Gould–Fernandez counts on CSR arrays.

Both families reduce to sums over the *triangles* of the symmetrised tie
pattern: the indirect part of Burt's constraint and the redundancy of
effective size are sums over the common contacts ``q`` of an ego ``i`` and a
contact ``j``; a Gould–Fernandez 2-path ``a -> b -> c`` is *closed* (no
brokerage) exactly when ``a, b, c`` form a triangle. The open 2-paths are then
counted by arithmetic on degrees, never enumerated.

Triangles are listed once each by the forward algorithm (Schank & Wagner
2005): nodes are relabelled by rank of degree, each tie is oriented from the
lower to the higher rank, and for every oriented pair ``u -> v``, ``u -> w``
(``v < w``) the tie ``v -> w`` is looked up (in a hash index of the ties).
The work is ``sum_u C(out(u), 2)`` look-ups, at most ``O(m^1.5)`` whatever
the hubs. It runs in steps of a few ten thousand look-ups, so that the
temporaries stay in the CPU cache, and the per-triangle values are summed
per tie (``np.bincount``) step by step or collected for a later sum:
memory grows with the graph and ``budget``, not with the triangles.

Exactness of subsets: every per-tie sum over the common contacts ``q`` is
split in two -- ``q`` ranked below both ends of the tie, and the rest -- and
each part is accumulated sequentially in increasing rank of ``q`` before the
two are added (the forward order gives this, and the per-tie path used for
small ``actors=`` subsets follows the same rule); every per-ego sum runs
over the ego's row in rank order. A subset therefore gives bit-for-bit the
numbers of the full computation.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import numpy as np
import scipy.sparse as sp

__all__ = [
    "BLOCK",
    "Ranked",
    "burt",
    "gf_counts",
    "gf_null",
    "mutual",
    "participation",
    "ranked",
    "triangles",
    "two_path_count",
]

#: Default memory bound: look-ups (or tie-neighbour pairs) per block, and
#: per-triangle values held before they are summed; ~50 bytes each.
BLOCK = 1 << 20

#: Look-ups per step of the triangle listing: small enough that a step's
#: temporaries stay in the CPU cache (and are not fresh pages each time).
STEP = 1 << 15


# --------------------------------------------------------------------- set-up
def mutual(A: sp.csr_array, *, directed: bool, weighted: bool) -> sp.csr_array:
    """Symmetric mutual-tie matrix ``m_ij = a_ij + a_ji`` (Burt 1992).

    Undirected graphs store each tie in both directions already, so ``A``
    itself is used (the factor 2 would cancel in every normalisation).
    ``weighted=False`` replaces each stored weight by 1 first.
    """
    if not directed and weighted and A.has_canonical_format:
        return A  # read, never written
    B = sp.csr_array(A, dtype=np.float64, copy=True)
    if not weighted:
        B.data[:] = 1.0
    if directed:
        B = sp.csr_array(B + B.T)
    B.sum_duplicates()
    B.eliminate_zeros()
    B.sort_indices()
    return B


class Ranked:
    """A symmetric pattern relabelled by degree rank (ties broken by index).

    ``up_indptr/up_indices/up_data`` hold the strict upper triangle in rank
    space, one entry per unordered tie (its position is the tie id), rows
    sorted; ``up_rows`` (row of each tie), ``up_keys`` (their sorted
    ``row * n + col`` codes) and ``tie_index`` (a hash index of those codes)
    are computed on first use. Unless built with ``upper_only=True``,
    ``indptr/indices/data`` hold the full symmetric matrix in rank space,
    rows sorted, with ``rows`` (row of each entry), ``keys`` and ``eid`` (tie
    id of each entry) computed on first use.

    The relabelling costs two counting-sort transposes (``tocsc``) and no
    comparison sort: transposing a matrix whose rows are in rank order lists
    every column in rank order.
    """

    def __init__(self, M: sp.csr_array, *, upper_only: bool = False) -> None:
        n = M.shape[0]
        indptr = M.indptr.astype(np.int64)
        deg = np.diff(indptr)
        # a stable sort of small integers is a radix sort: same order, O(n)
        small = deg.astype(np.uint16) if n and deg.max() < 1 << 16 else deg
        order = np.argsort(small, kind="stable").astype(np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n, dtype=np.int64)
        self.n, self.order, self.rank = n, order, rank
        self.degree = deg[order]
        cols = rank[M.indices]
        data = M.data
        if upper_only:
            # entries (i, j) with rank i < rank j, columns renamed to rank j
            keep = np.repeat(rank, deg) < cols
            kept = np.zeros(len(keep) + 1, dtype=np.int64)
            np.cumsum(keep, out=kept[1:])
            qptr = kept[indptr]
            cols, data = np.compress(keep, cols), np.compress(keep, data)
        else:
            qptr = indptr
        # transpose: column c (= rank j) lists the i, i.e. row c of the lower
        # (or full) matrix in rank space, with columns still named i
        T = sp.csr_array((data, cols, qptr), shape=(n, n)).tocsc()
        # rename the columns to ranks and transpose again: rows by rank, sorted
        S = sp.csr_array((T.data, rank[T.indices], T.indptr), shape=(n, n)).tocsc()
        S.sort_indices()  # a no-op check: the transpose lists rows in order
        if upper_only:
            self.up_indptr = S.indptr.astype(np.int64)
            self.up_indices = S.indices.astype(np.int64)
            self.up_data = S.data
            self.full = False
        else:
            self.indptr = S.indptr.astype(np.int64)
            self.indices = S.indices.astype(np.int64)
            self.data = S.data
            up = self.indices > self.rows
            self._up = up
            self.up_indices = np.compress(up, self.indices)
            self.up_data = np.compress(up, self.data)
            self.up_indptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.rows[up], minlength=n), out=self.up_indptr[1:])
            self.full = True

    @property
    def n_ties(self) -> int:
        return len(self.up_indices)

    @cached_property
    def up_rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.up_indptr))

    @cached_property
    def up_keys(self) -> np.ndarray:
        return self.up_rows * self.n + self.up_indices

    @cached_property
    def tie_index(self) -> _TieIndex:
        return _TieIndex(self.up_keys)

    @cached_property
    def rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.n, dtype=np.int64), self.degree)

    @cached_property
    def keys(self) -> np.ndarray:
        return self.rows * self.n + self.indices

    @cached_property
    def eid(self) -> np.ndarray:
        E = self.n_ties
        eid = np.empty(len(self.indices), dtype=np.int64)
        eid[self._up] = np.arange(E, dtype=np.int64)
        # lower entries (r, c), c < r, in CSR order are the upper triangle in
        # CSC order: tie ids via a counting-sort transpose, no sort
        eid[~self._up] = self.lower_ties
        return eid

    @cached_property
    def lower_ties(self) -> np.ndarray:
        """Tie ids of the lower triangle in CSR order (rows sorted)."""
        E, n = self.n_ties, self.n
        T = sp.csr_array((np.arange(E, dtype=np.int64), self.up_indices, self.up_indptr),
                         shape=(n, n)).tocsc()
        self.lower_indptr = T.indptr.astype(np.int64)
        self.lower_indices = T.indices.astype(np.int64)
        return T.data


def ranked(M: sp.csr_array, *, upper_only: bool = False) -> Ranked:
    """Relabel the symmetric matrix ``M`` (no diagonal) by degree rank."""
    return Ranked(M, upper_only=upper_only)


class _TieIndex:
    """Tie id of ``row * n + col`` codes: hash tables with one probe each.

    Each code is placed at its (multiplicative) hash slot in a table of at
    least 4 slots per code; where codes collide one wins the slot and the
    others go to a second such table with another hash, and so on; the few
    left after three levels go to a sorted list. A query reads its slot;
    only a miss on a slot that had a collision goes on to the next level.
    About 40 to 80 bytes per tie.
    """

    _MULTS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F),
              np.uint64(0x165667B19E3779F9))

    def __init__(self, keys: np.ndarray, ids: np.ndarray | None = None, level: int = 0) -> None:
        E = len(keys)
        self.ids = ids  # None: the position of the code is its id
        self.sub: _TieIndex | None = None
        self.sorted_keys = None
        if level == len(self._MULTS) or E < 16:
            # last level: a sorted list (codes sorted, as given)
            self.sorted_keys = keys
            return
        self.mult = self._MULTS[level]
        bits = max(4, int(np.ceil(np.log2(max(4 * E, 2)))))
        self.shift = np.uint64(64 - bits)
        slot = self._hash(keys)
        table = np.full(1 << bits, E, dtype=np.int64)
        pos = np.arange(E, dtype=np.int64)
        table[slot] = pos
        lost = np.flatnonzero(table.take(slot) != pos)
        self.table = table
        self.keys = np.append(keys, -1)  # codes are >= 0: an empty slot never matches
        if len(lost):
            self.shared = np.zeros(1 << bits, dtype=bool)
            self.shared[slot.take(lost)] = True
            sub_ids = lost if ids is None else ids.take(lost)
            self.sub = _TieIndex(keys.take(lost), sub_ids, level + 1)

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((np.ascontiguousarray(keys, dtype=np.int64).view(np.uint64) * self.mult)
                >> self.shift).view(np.int64)

    def find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tie ids of the codes (meaningless where absent) and the positions
        of the codes present, increasing."""
        t, ok = self._find(query)
        return t, np.flatnonzero(ok)

    def _find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.sorted_keys is not None:
            keys = self.sorted_keys
            if len(keys) == 0:
                return np.zeros(len(query), dtype=np.int64), np.zeros(len(query), dtype=bool)
            pos = np.searchsorted(keys, query)
            pos[pos == len(keys)] = 0
            ok = keys.take(pos) == query
            return (pos if self.ids is None else self.ids.take(pos)), ok
        slot = self._hash(query)
        t = self.table.take(slot)
        ok = self.keys.take(t) == query
        if self.ids is not None:
            t = np.append(self.ids, 0).take(t)
        if self.sub is not None:
            miss = np.flatnonzero(~ok)
            miss = miss.take(np.flatnonzero(self.shared.take(slot.take(miss))))
            if len(miss):
                t2, ok2 = self.sub._find(query.take(miss))
                found = np.flatnonzero(ok2)
                where = miss.take(found)
                t[where] = t2.take(found)
                ok[where] = True
        return t, ok


def _segment_positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, s + l)`` for each (start, length)."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offs = np.cumsum(lengths) - lengths
    return np.repeat(starts - offs, lengths) + np.arange(total, dtype=np.int64)


def _blocks(cost: np.ndarray, budget: int) -> Iterator[tuple[int, int]]:
    """Contiguous ranges whose summed cost stays within ``budget`` (at least one item)."""
    cum = np.cumsum(cost)
    start, n = 0, len(cost)
    while start < n:
        base = cum[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cum, base + budget, side="right")))
        yield start, min(stop, n)
        start = stop


def _distinct(ids: np.ndarray, size: int) -> np.ndarray:
    """Sorted distinct values of ``ids`` (all in ``range(size)``), in O(size)."""
    mark = np.zeros(size, dtype=bool)
    mark[ids] = True
    return np.flatnonzero(mark)


def _lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``query`` in the sorted ``keys`` and whether each is there."""
    if len(keys) == 0:
        return np.zeros(len(query), dtype=np.int64), np.zeros(len(query), dtype=bool)
    pos = np.searchsorted(keys, query)
    pos[pos == len(keys)] = len(keys) - 1
    return pos, keys[pos] == query


# ----------------------------------------------------------------- triangles
def triangles(R: Ranked, budget: int = BLOCK) -> Iterator[tuple[np.ndarray, ...]]:
    """Every triangle ``u < v < w`` (ranks) once, as tie ids.

    Yields ``(e_uv, e_uw, e_vw)`` arrays per step of at most
    ``min(budget, STEP)`` look-ups (a single pair of ties may exceed it); the
    low node is ``R.up_rows[e_uv]``. Triangles come in increasing ``u``, then
    ``v``, then ``w``; ``e_uv`` and ``e_uw`` lie in the rows of the step. For
    any tie ``{a, b}`` (``a < b``) this means: first the triangles where it is
    ``vw`` (third node ``u < a``, increasing), then those where it is ``uw``
    (``a < v < b``), then those where it is ``uv`` (``w > b``) -- always
    increasing rank of the third node; the last two come from row ``a`` only.
    """
    ptr, cols, n = R.up_indptr, R.up_indices, R.n
    E = len(cols)
    if E == 0:
        return
    rowof = R.up_rows
    # a pair (v, w) can only close if v has higher-ranked contacts from vmin to vmax
    has = ptr[1:] > ptr[:-1]
    vmax = np.where(has, cols.take(np.maximum(ptr[1:] - 1, 0)), -1)
    vmin = np.where(has, cols.take(np.minimum(ptr[:-1], E - 1)), n)
    # later entries of the same row: the partners w of each (u, v)
    cnt = np.where(has.take(cols), ptr.take(rowof + 1) - np.arange(1, E + 1, dtype=np.int64), 0)
    index = R.tie_index
    # A range test in front of the look-up, for graphs where most pairs do
    # not close (hub-heavy ones): switched on after the first step if fewer
    # than half the look-ups hit.
    filtered = False
    ar = np.arange(0, dtype=np.int64)
    for start, stop in _blocks(cnt, max(1, min(budget, STEP))):
        c = cnt[start:stop]
        L = int(c.sum())
        if L == 0:
            continue
        if L > len(ar):
            ar = np.arange(max(L, min(budget, STEP)), dtype=np.int64)
        p = np.arange(start, stop, dtype=np.int64)
        offs = np.cumsum(c)
        offs -= c
        first = np.repeat(p, c)
        second = np.repeat(p + 1 - offs, c)
        second += ar[:L]
        w = cols.take(second)
        v = cols[start:stop]
        key = np.repeat(v * n, c)
        if filtered:
            keep = np.flatnonzero((w <= np.repeat(vmax.take(v), c))
                                  & (w >= np.repeat(vmin.take(v), c)))
            first, second, w, key = first.take(keep), second.take(keep), w.take(keep), \
                key.take(keep)
        key += w
        third, hit = index.find(key)
        if not filtered and 2 * len(hit) < len(key):
            filtered = True
        if len(hit):
            yield first.take(hit), second.take(hit), third.take(hit)


def _sum_by(ids: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Sequential per-id float sums (``np.bincount``: in input order)."""
    return np.bincount(ids, values, minlength=size).astype(np.float64, copy=False)


class _Spool:
    """Values appended in order, summed per id (sequentially, in that order)
    when full and at the end: the sums so far go in front of the next batch."""

    def __init__(self, size: int, capacity: int, width: int) -> None:
        self.size, self.capacity, self.width = size, capacity, width
        self.ids = np.empty(capacity, dtype=np.int64)
        self.values = np.empty((width, capacity))
        self.fill = 0
        self.sums: np.ndarray | None = None

    def reserve(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The next ``k`` slots (ids, values by row) to be written."""
        if self.fill + k > self.capacity:
            self.flush()
            if k > self.capacity:
                self.capacity = k
                self.ids = np.empty(k, dtype=np.int64)
                self.values = np.empty((self.width, k))
        f = self.fill
        self.fill += k
        return self.ids[f:f + k], self.values[:, f:f + k]

    def flush(self) -> None:
        f = self.fill
        if f == 0:
            return
        ids, values = self.ids[:f], self.values[:, :f]
        if self.sums is None:
            self.sums = np.stack([_sum_by(ids, x, self.size) for x in values])
        else:
            head = np.arange(self.size, dtype=np.int64)
            ids = np.concatenate((head, ids))
            self.sums = np.stack([_sum_by(ids, np.concatenate((s, x)), self.size)
                                  for s, x in zip(self.sums, values)])
        self.fill = 0

    def result(self) -> np.ndarray:
        self.flush()
        if self.sums is None:
            return np.zeros((self.width, self.size))
        return self.sums


# ---------------------------------------------------------------------- Burt
#
# With m the tie weights, s the strengths and, for a tie {i, j} whose
# lower-ranked end is a and higher-ranked end b, the per-tie sums over common
# contacts q are  V = sum_q m_qa m_qb  and  U = sum_q (m_qa / s_q) m_qb, each
# split in two: q ranked below a (P1), and q above a (P2), each part summed
# sequentially in increasing rank of q, then V = P1 + P2 (likewise U). Both
# kernel paths below follow exactly this, so they agree bit for bit.

def _burt_tie_sums_all(R: Ranked, s: np.ndarray, budget: int) -> tuple[np.ndarray, np.ndarray]:
    """``U`` and ``V`` of every tie, by the forward algorithm."""
    E = R.n_ties
    m, ptr, rowof = R.up_data, R.up_indptr, R.up_rows
    ar = np.arange(int(np.diff(ptr).max()) if E else 0, dtype=np.int64)
    # m_e / s of the tie's lower- and higher-ranked end
    d_lo = m / s[rowof]
    d_hi = m / s[R.up_indices]
    # P1 (the tie is vw, q = u): from every earlier row, spooled in order;
    # P2 (the tie is uw, q = v, or uv, q = w): from the tie's own row, summed
    # per step over the step's rows (continuing a row split between steps)
    first = _Spool(E, max(3 * STEP, min(budget, 4 * E)), 2)
    V2 = np.zeros(E)
    U2 = np.zeros(E)
    tb = np.empty(0, dtype=np.int64)
    xb = yb = np.empty(0)
    for e1, e2, e3 in triangles(R, budget):
        k = len(e1)
        m1, m2, m3 = m.take(e1), m.take(e2), m.take(e3)
        ids, (x, y) = first.reserve(k)
        ids[:] = e3
        np.multiply(m1, m2, out=x)
        np.multiply(d_lo.take(e1), m2, out=y)
        # the ties of the step's rows; only the first row may have begun in
        # an earlier step: its sums so far go in front
        u0 = int(rowof[e1[0]])
        lo, cut = int(ptr[u0]), int(ptr[u0 + 1])
        hi = max(int(e2.max()) + 1, cut)
        h = cut - lo
        size = h + 2 * k
        if size > len(tb):
            tb = np.empty(2 * size, dtype=np.int64)
            xb, yb = np.empty(2 * size), np.empty(2 * size)
        # within the step, uw roles (increasing v) then uv roles (increasing w)
        t = tb[:size]
        t[:h] = ar[:h]
        np.subtract(e2, lo, out=t[h:h + k])
        np.subtract(e1, lo, out=t[h + k:])
        x = xb[:size]
        x[:h] = V2[lo:cut]
        np.multiply(m1, m3, out=x[h:h + k])
        np.multiply(m2, m3, out=x[h + k:])
        V2[lo:hi] = np.bincount(t, x, minlength=hi - lo)
        y = yb[:size]
        y[:h] = U2[lo:cut]
        np.multiply(d_hi.take(e1), m3, out=y[h:h + k])
        np.multiply(d_hi.take(e2), m3, out=y[h + k:])
        U2[lo:hi] = np.bincount(t, y, minlength=hi - lo)
    V1, U1 = first.result()
    return U1 + U2, V1 + V2


def _burt_tie_sums_some(R: Ranked, ties: np.ndarray, s: np.ndarray,
                        budget: int) -> tuple[np.ndarray, np.ndarray]:
    """``U, V`` for the given tie ids only: walk the shorter contact list of the
    two ends in rank order and look each contact up in the other's list."""
    n = R.n
    lo = np.searchsorted(R.up_indptr, ties, side="right") - 1
    hi = R.up_indices[ties]
    deg = R.degree
    swap = deg[hi] < deg[lo]
    a = np.where(swap, hi, lo)
    b = np.where(swap, lo, hi)
    U = np.zeros(len(ties))
    V = np.zeros(len(ties))
    for start, stop in _blocks(deg[a], budget):
        aa, bb = a[start:stop], b[start:stop]
        pa = _segment_positions(R.indptr[aa], deg[aa])
        tie = np.repeat(np.arange(stop - start, dtype=np.int64), deg[aa])
        q = R.indices[pa]
        ends = bb[tie]
        keep = q != ends
        pa, tie, q, ends = pa[keep], tie[keep], q[keep], ends[keep]
        pb, found = _lookup(R.keys, ends * n + q)
        pa, pb, tie, q = pa[found], pb[found], tie[found], q[found]
        # m_qa, m_qb with a the lower-ranked end of the tie
        sw = swap[start:stop][tie]
        m_lo = np.where(sw, R.data[pb], R.data[pa])
        m_hi = np.where(sw, R.data[pa], R.data[pb])
        x = m_lo * m_hi
        y = m_lo / s[q] * m_hi
        below = q < lo[start:stop][tie]
        k = stop - start
        V[start:stop] = _sum_by(tie[below], x[below], k) + _sum_by(tie[~below], x[~below], k)
        U[start:stop] = _sum_by(tie[below], y[below], k) + _sum_by(tie[~below], y[~below], k)
    return U, V


def _ego_sums(ego: np.ndarray, size: int, nb: np.ndarray, c: np.ndarray,
              red: np.ndarray) -> dict[str, np.ndarray]:
    """Per-ego constraint, effective size and hierarchy from per-entry local
    constraint and redundancy (an ego's entries in the order of its row, so
    each sum is sequential)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        C = _sum_by(ego, c, size)
        r = c * (nb / C).take(ego)
        rlogr = np.log(r)
        rlogr *= r
        return {"constraint": C,
                "effective_size": nb - _sum_by(ego, red, size),
                "hierarchy": _sum_by(ego, rlogr, size) / (nb * np.log(nb))}


def burt(M: sp.csr_array, positions: np.ndarray | None = None, *, budget: int = BLOCK,
         method: str = "auto") -> dict[str, np.ndarray]:
    """Burt's constraint, effective size, efficiency and hierarchy.

    Parameters
    ----------
    M : csr_array
        Symmetric mutual-tie matrix (:func:`mutual`), no diagonal.
    positions : int array, optional
        Egos to return (original indices), in the order wanted; all if None.
    method : {"auto", "all", "some"}
        ``"all"``: triangle listing over the whole graph; ``"some"``: per-tie
        intersections for the ties of ``positions`` only. Same numbers, bit
        for bit; ``"auto"`` picks the cheaper.

    Returns
    -------
    dict of float arrays aligned with ``positions``: ``constraint``,
    ``effective_size``, ``efficiency``, ``hierarchy``, ``n_contacts``.

    Notes
    -----
    Per entry (ego ``i``, contact ``j``) of the tie sums ``U``, ``V``:
    local constraint ``c_ij = ((m_ij + U_ij) / s_i)^2`` and redundancy
    ``V_ij / (s_i max_k m_jk)``.
    """
    if method not in ("auto", "all", "some"):  # pragma: no cover - internal
        raise ValueError(method)
    n = M.shape[0]
    full = positions is None
    # strongest tie of every node
    indptr = M.indptr
    mx0 = np.zeros(n)
    if M.nnz:
        nonempty = np.flatnonzero(indptr[1:] > indptr[:-1])
        mx0[nonempty] = np.maximum.reduceat(M.data, indptr.take(nonempty))

    if full and method != "some":
        # every ego, in rank order (mapped back at the end). An ego's row is
        # its lower-ranked contacts, then its higher-ranked ones, each in rank
        # order: in tie order, the ties where it is the higher end, then
        # those where it is the lower end.
        R = ranked(M, upper_only=True)
        a, b, m = R.up_rows, R.up_indices, R.up_data
        ego = np.concatenate((b, a))
        s = _sum_by(ego, np.concatenate((m, m)), n)
        mx = mx0[R.order]
        U, V = _burt_tie_sums_all(R, s, budget)
        E = len(m)
        t = m + U
        sa, sb = s.take(a), s.take(b)
        c = np.empty(2 * E)
        np.divide(t, sb, out=c[:E])
        np.divide(t, sa, out=c[E:])
        c *= c
        red = np.empty(2 * E)
        np.multiply(sb, mx.take(a), out=red[:E])
        np.multiply(sa, mx.take(b), out=red[E:])
        np.divide(np.concatenate((V, V)), red, out=red)
        ncont = R.degree.astype(np.float64)
        return _finish(_ego_sums(ego, n, ncont, c, red), ncont, R.rank)

    R = ranked(M)
    deg = R.degree
    s = _sum_by(R.rows, R.data, n)
    mx = mx0[R.order]
    if full:
        egos = np.arange(n, dtype=np.int64)
        ego_entries = slice(None)
    else:
        egos = R.rank[np.asarray(positions, dtype=np.int64)]
        ego_entries = _segment_positions(R.indptr[egos], deg[egos])
    if method == "auto":
        # per-tie path cost vs forward-algorithm cost
        want = _distinct(R.eid[ego_entries], R.n_ties)
        lo = np.searchsorted(R.up_indptr, want, side="right") - 1
        some_cost = np.minimum(deg[lo], deg[R.up_indices[want]]).sum()
        outd = np.diff(R.up_indptr)
        all_cost = (outd * (outd - 1) // 2).sum() + R.n_ties
        method = "some" if some_cost < all_cost else "all"
    if method == "all":
        U, V = _burt_tie_sums_all(R, s, budget)
        where = None
    else:
        want = _distinct(R.eid[ego_entries], R.n_ties)
        U, V = _burt_tie_sums_some(R, want, s, budget)
        # tie id -> position in want
        where = np.full(R.n_ties, -1, dtype=np.int64)
        where[want] = np.arange(len(want), dtype=np.int64)

    out = {key: np.empty(len(egos)) for key in ("constraint", "effective_size", "hierarchy")}
    # egos in blocks of bounded size; each ego's sums stay within one block
    for lo, hi in _blocks(deg[egos], budget):
        block = egos[lo:hi]
        if full:
            entries = slice(R.indptr[lo], R.indptr[hi])
        else:
            entries = _segment_positions(R.indptr[block], deg[block])
        ids = R.eid[entries]
        if where is not None:
            ids = where[ids]
        local = np.repeat(np.arange(hi - lo, dtype=np.int64), deg[block])
        si = s[block][local]
        c = ((R.data[entries] + U[ids]) / si) ** 2
        red = V[ids] / (si * mx[R.indices[entries]])
        part = _ego_sums(local, hi - lo, deg[block].astype(np.float64), c, red)
        for key, value in part.items():
            out[key][lo:hi] = value
    return _finish(out, deg[egos].astype(np.float64), R.rank if full else None)


def _finish(out: dict[str, np.ndarray], ncont: np.ndarray,
            rank: np.ndarray | None) -> dict[str, np.ndarray]:
    """NaN where a measure is undefined, efficiency, contacts; back to graph order."""
    out["constraint"][ncont == 0] = np.nan
    out["effective_size"][ncont == 0] = np.nan
    out["hierarchy"][ncont <= 1] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        out["efficiency"] = out["effective_size"] / ncont
    out["n_contacts"] = ncont
    if rank is not None:
        out = {key: value[rank] for key, value in out.items()}
    return out


# ------------------------------------------------------------ Gould–Fernandez
#: role columns, in sna's order w_I, w_O, b_IO, b_OI, b_O
COORDINATOR, ITINERANT, REPRESENTATIVE, GATEKEEPER, LIAISON = range(5)


def two_path_count(A: sp.csr_array) -> int:
    """Number of 2-paths ``a -> b -> c`` with ``a != c`` in the pattern of ``A``."""
    B = _pattern(A)
    n = B.shape[0]
    indeg = np.bincount(B.indices, minlength=n).astype(np.int64)
    outdeg = np.diff(B.indptr).astype(np.int64)
    rec = np.diff(sp.csr_array(B.multiply(B.T)).indptr).astype(np.int64)
    return int((indeg * outdeg - rec).sum())


def _pattern(A: sp.csr_array) -> sp.csr_array:
    if A.has_canonical_format and np.all(A.data != 0):
        # the same index arrays (read, never written) with unit values
        return sp.csr_array((np.ones(A.nnz), A.indices, A.indptr), shape=A.shape)
    B = sp.csr_array(A, dtype=np.float64, copy=True)
    B.eliminate_zeros()
    B.data[:] = 1.0
    B.sort_indices()
    return B


def _group_counts(rows: np.ndarray, groups: np.ndarray, n: int, k: int):
    """Per-row counts by group: a dense (n, k) array when small, else sparse."""
    if n * k <= 1 << 25:
        return np.bincount(rows * k + groups, minlength=n * k).reshape(n, k).astype(np.float64)
    return sp.csr_array((np.ones(len(rows)), (rows, groups)), shape=(n, k))


def gf_counts(A: sp.csr_array, codes: np.ndarray, *, symmetric: bool | None = None,
              budget: int | None = None) -> np.ndarray:
    """Gould–Fernandez brokerage counts per actor, shape ``(n, 5)``.

    Columns in sna's order (w_I, w_O, b_IO, b_OI, b_O). ``A`` is a directed
    pattern (an undirected graph passes its symmetric matrix: each unordered
    pair is then counted both ways, as in sna); weights are ignored.
    ``codes`` are non-negative group codes. ``symmetric`` says whether ``A``
    is symmetric (checked when None). ``budget``: bounds the look-ups per
    step and the codes held before they are counted, by default
    ``max(BLOCK, 4 n)``.

    For each broker ``b`` the ordered pairs (``a`` in, ``c`` out) are counted
    by role from group-wise in- and out-degrees; the pairs with ``a == c``
    (reciprocated ties) and the closed ones (``a -> c`` present, found by
    triangle listing) are subtracted. No 2-path is enumerated.
    """
    n = A.shape[0]
    codes = np.asarray(codes, dtype=np.int64)
    B = _pattern(A)
    k = int(codes.max()) + 1 if n else 0
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(B.indptr))
    cols = B.indices.astype(np.int64)
    if symmetric is None:
        symmetric = _is_symmetric(B)
    out_t = np.diff(B.indptr).astype(np.float64)
    col_codes = codes[cols]
    out_grp = _group_counts(rows, col_codes, n, k)
    if symmetric and isinstance(out_grp, np.ndarray):
        # ties to the own group: read off the group-wise counts
        out_g = out_grp[np.arange(n), codes]
    else:
        same = col_codes == codes[rows]
        out_g = np.bincount(rows[same], minlength=n).astype(np.float64)
    if symmetric:
        in_t, in_g, in_grp = out_t, out_g, out_grp
        rec_t, rec_g = out_t, out_g
    else:
        in_t = np.bincount(cols, minlength=n).astype(np.float64)
        in_g = np.bincount(cols[same], minlength=n).astype(np.float64)
        in_grp = _group_counts(cols, codes[rows], n, k)
        # reciprocated ties b <-> a: (b, a) stored and (a, b) stored
        keys = rows * n + cols
        pos = np.searchsorted(keys, cols * n + rows)
        pos[pos == len(keys)] = max(len(keys) - 1, 0)
        recip = keys[pos] == cols * n + rows if len(keys) else np.zeros(0, dtype=bool)
        rec_t = np.bincount(rows[recip], minlength=n).astype(np.float64)
        rec_g = np.bincount(rows[recip & same], minlength=n).astype(np.float64)
    if isinstance(in_grp, np.ndarray):
        S = (in_grp * out_grp).sum(axis=1)
    else:
        S = np.asarray(in_grp.multiply(out_grp).sum(axis=1)).ravel()

    counts = np.empty((n, 5))
    counts[:, COORDINATOR] = in_g * out_g - rec_g
    counts[:, ITINERANT] = (S - in_g * out_g) - (rec_t - rec_g)
    counts[:, REPRESENTATIVE] = in_g * (out_t - out_g)
    counts[:, GATEKEEPER] = (in_t - in_g) * out_g
    counts[:, LIAISON] = in_t * out_t - rec_t - counts[:, :4].sum(axis=1)
    if budget is None:
        budget = max(BLOCK, 4 * n)
    counts -= _gf_closed(B, codes, symmetric, budget)
    return counts


def _is_symmetric(B: sp.csr_array) -> bool:
    if B.shape[0] == 0:
        return True
    T = sp.csr_array(B.T)
    T.sort_indices()
    return bool(np.array_equal(B.indptr, T.indptr) and np.array_equal(B.indices, T.indices))


# Closed 2-paths are counted per (broker, triangle code) with the triangle
# code 4*[G(u)==G(v)] + 2*[G(u)==G(w)] + [G(v)==G(w)] for the triangle's nodes
# u < v < w, then turned into roles by small matrix products. The role of a
# 2-path a -> b -> c follows from its path code 4*[G(a)==G(b)] +
# 2*[G(b)==G(c)] + [G(a)==G(c)] (3, 5 and 6 cannot occur):
_CODE_TO_ROLE = np.zeros((8, 5))
for _code, _role in ((0, LIAISON), (1, ITINERANT), (2, GATEKEEPER), (4, REPRESENTATIVE),
                     (7, COORDINATOR)):
    _CODE_TO_ROLE[_code, _role] = 1.0


def _path_code_table(a: str, b: str, c: str) -> np.ndarray:
    """Role table (8 x 5) of the 2-path a -> b -> c, indexed by triangle code."""
    bit = {"uv": 2, "uw": 1, "vw": 0}

    def same(tc: int, x: str, y: str) -> int:
        return tc >> bit["".join(sorted(x + y))] & 1

    return np.array([_CODE_TO_ROLE[4 * same(tc, a, b) + 2 * same(tc, b, c) + same(tc, a, c)]
                     for tc in range(8)])


# the six 2-paths around a triangle u < v < w, two per broker
_PATHS = (("v", "u", "w"), ("w", "u", "v"), ("u", "v", "w"), ("w", "v", "u"),
          ("u", "w", "v"), ("v", "w", "u"))
_DIR_TABLES = tuple(_path_code_table(*p) for p in _PATHS)
# symmetric graphs: both 2-paths through each broker are present; their roles
# by class of the broker (see _gf_closed), and its class by position (u, v, w)
# and triangle code (3, 5 and 6 cannot occur)
_SYM_TABLES = tuple(_DIR_TABLES[2 * k] + _DIR_TABLES[2 * k + 1] for k in range(3))
_SYM_CLASS_ROLES = np.zeros((4, 5))
_SYM_CLASS_ROLES[0, COORDINATOR] = 2.0
_SYM_CLASS_ROLES[1, ITINERANT] = 2.0
_SYM_CLASS_ROLES[2, [REPRESENTATIVE, GATEKEEPER]] = 1.0
_SYM_CLASS_ROLES[3, LIAISON] = 2.0
_SYM_CLASSES = np.array([[3, 1, 2, 0, 2, 0, 0, 0],   # broker u: partners v, w
                         [3, 2, 1, 0, 2, 0, 0, 0],   # broker v: partners u, w
                         [3, 2, 2, 0, 1, 0, 0, 0]],  # broker w: partners u, v
                        dtype=np.int64)
for _k in range(3):  # the class table agrees with the path tables
    assert np.array_equal(_SYM_CLASS_ROLES[_SYM_CLASSES[_k, [0, 1, 2, 4, 7]]],
                          _SYM_TABLES[_k][[0, 1, 2, 4, 7]])


def _gf_closed(B: sp.csr_array, codes: np.ndarray, symmetric: bool, budget: int) -> np.ndarray:
    """Closed 2-paths (a -> b -> c with a -> c) per broker and role."""
    n = B.shape[0]
    if symmetric:
        K = B
    else:
        # symmetric pattern whose value says which directions exist:
        # K_ij = 1 * [i -> j] + 2 * [j -> i]
        K = sp.csr_array(B + 2.0 * B.T)
        K.sort_indices()
    R = ranked(K, upper_only=True)
    cols, rowof = R.up_indices, R.up_rows
    g = codes[R.order]
    # per tie: both ends in the same group (as 4, 2 and 1: the bits of the
    # triangle code 4*[G(u)==G(v)] + 2*[G(u)==G(w)] + [G(v)==G(w)])
    same = (g[rowof] == g[cols]).astype(np.int8)
    same4, same2 = same * np.int8(4), same * np.int8(2)
    if symmetric:
        # Both 2-paths through a broker are there; their roles depend only on
        # which of its two partners share its group: class 0 all three (two
        # coordinator paths), 1 the partners but not the broker (two
        # itinerant), 2 the broker and one partner (a representative and a
        # gatekeeper path), 3 none (two liaison). Counts per broker by class.
        width = 4
        classes = _SYM_CLASSES
    else:
        # counts per broker of each of the six 2-paths around a triangle
        # (broker position u < v < w, then which of its two) by triangle code
        width = 48
        code = R.up_data.astype(np.int8)
        fwd = (code & 1).astype(bool)  # low -> high rank
        bwd = (code & 2).astype(bool)  # high -> low rank
    by_class = np.zeros(n * width, dtype=np.int64)
    # codes collected over many steps, then counted by one bincount (at
    # least as many as the counters, so that each costs O(1) to count)
    spool = np.empty(max(3 * STEP, min(budget, 4 * R.n_ties), n * width), dtype=np.int64)
    fill = 0
    for e1, e2, e3 in triangles(R, budget):
        u = rowof[e1]
        v = cols[e1]
        w = cols[e2]
        tc = same4[e1] + same2[e2]
        tc += same[e3]
        if symmetric:
            idx = np.concatenate((u * 4 + classes[0][tc], v * 4 + classes[1][tc],
                                  w * 4 + classes[2][tc]))
        else:
            f1, r1, f2, r2, f3, r3 = fwd[e1], bwd[e1], fwd[e2], bwd[e2], fwd[e3], bwd[e3]
            # the six 2-paths around the triangle, in the order of _PATHS
            idx = np.concatenate([b[ok] * width + (tc[ok] + 8 * kind)
                                  for kind, (b, ok) in enumerate((
                                      (u, r1 & f2 & f3), (u, r2 & f1 & r3),
                                      (v, f1 & f3 & f2), (v, r3 & r1 & r2),
                                      (w, f2 & r3 & f1), (w, f3 & r2 & r1),
                                  ))])
        if fill + len(idx) > len(spool):
            by_class += np.bincount(spool[:fill], minlength=n * width)
            fill = 0
            if len(idx) > len(spool):
                spool = np.empty(len(idx), dtype=np.int64)
        spool[fill:fill + len(idx)] = idx
        fill += len(idx)
    by_class += np.bincount(spool[:fill], minlength=n * width)
    by_class = by_class.reshape(n, width).astype(np.float64)
    if symmetric:
        closed = by_class @ _SYM_CLASS_ROLES
    else:
        closed = by_class @ np.concatenate(_DIR_TABLES)
    out = np.empty((n, 5))
    out[R.order] = closed
    return out


def gf_null(sizes: np.ndarray, m: int) -> dict[str, np.ndarray]:
    """Expected counts and variances under sna's null model (``brokerage()``).

    Parameters
    ----------
    sizes : int array
        Group sizes ``n_g``; ``N = sum(sizes)``.
    m : int
        Number of (directed) ties; density ``d = m / (N (N - 1))``.

    Returns
    -------
    dict with ``group_expected``, ``group_var`` (``(k, 6)``: w_I, w_O, b_IO,
    b_OI, b_O, t per group) and ``network_expected``, ``network_var`` (6).

    Notes
    -----
    The formulas are those of sna 2.7 ``brokerage()`` (Butts 2008), with
    its sums over pairs and triples of groups rewritten as power sums of the
    group sizes, evaluated in exact integer arithmetic; only the density
    factors are floating point. With ``a_r`` the density factors
    ``d^2 (1-d)``, ``d^3 (1-d)^3``, ``d^4 (1-d)^2``, ``d^5 (1-d)``, each
    variance is ``E (1 - d^2 (1-d)) + (integer) * a_3 - ... ``.
    """
    nn = [int(x) for x in sizes]
    N = sum(nn)
    k = len(nn)
    d = m / (N * (N - 1)) if N > 1 else np.nan
    a2 = d * d * (1 - d)
    a3 = d**3 * (1 - d) ** 3
    a4 = d**4 * (1 - d) ** 2
    a5 = d**5 * (1 - d)

    def ch2(x: int) -> int:  # R's choose(x, 2) for any integer x
        return x * (x - 1) // 2

    p1, p2 = N, sum(x * x for x in nn)
    sum_nn1 = sum(x * (x - 1) for x in nn)
    sum_nn12 = sum(x * (x - 1) * (x - 2) for x in nn)
    A0 = sum(x * (N - x) * (N - x - 1) for x in nn)
    A1 = sum(x * (2 * (N - x) - 1) for x in nn)
    ge = np.zeros((k, 6))
    gv = np.zeros((k, 6))
    for i, x in enumerate(nn):
        c1 = (x - 1) * (x - 2)
        v1 = 2 * (x - 1) * (x - 2) * (x - 3)
        c2 = sum_nn1 - x * (x - 1)
        v2 = 2 * (sum_nn12 - x * (x - 1) * (x - 2))
        c3 = (N - x) * (x - 1)
        v3 = 2 * ((x - 1) * ch2(N - x) + (N - x) * ch2(x - 1))
        c5 = (p1 - x) ** 2 - (p2 - x * x)
        # sum_{j != i} n_j C(N - n_j - n_i, 2), expanded in n_i
        s5 = (A0 - x * A1 + x * x * N) // 2 - x * ch2(N - 2 * x)
        v5 = 4 * s5
        c6 = (N - 1) * (N - 2)
        v6 = 2 * (N - 1) * (N - 2) * (N - 3)
        for col, (c, v) in enumerate(((c1, v1), (c2, v2), (c3, v3), (c3, v3), (c5, v5),
                                      (c6, v6))):
            e = a2 * c
            ge[i, col] = e
            gv[i, col] = e * (1 - a2) + v * a3

    ne = np.zeros(6)
    nv = np.zeros(6)
    t1 = sum_nn12
    e = a2 * t1
    nv[0] = e * (1 - a2) + sum(
        x * (x - 1) * (x - 2) * (4 * x - 10) for x in nn) * a3 - sum(
        x * (x - 1) * (x - 2) * 4 * (x - 3) for x in nn) * a4 + sum(
        x * (x - 1) * (x - 2) * (x - 3) for x in nn) * a5
    ne[0] = e
    t2 = sum(x * (N - x) * (x - 1) for x in nn)
    ne[1] = a2 * t2
    # sum over ordered pairs of distinct groups, as sna's outer() minus diagonal
    c3_2 = sum(x * (x - 1) * ((2 * x - 6) * (N - x) + 2 * (p2 - x * x)) for x in nn)
    c5_2 = sum(x * (x - 1) * (N - x - 1) * (N - x) for x in nn)
    nv[1] = ne[1] * (1 - a2) + c3_2 * a3 + c5_2 * a5
    ne[2] = ne[3] = a2 * t2
    nv[2] = nv[3] = ne[2] * (1 - a2) + sum(
        x * (N - x) * (x - 1) * (N - 3) for x in nn) * a3 + sum(
        x * (N - x) * (x - 1) * (x - 2) for x in nn) * a5
    # liaison: ordered triples of distinct groups
    p3 = sum(x**3 for x in nn)
    e5 = N * (p1 * p1 - p2) - 2 * (p2 * p1 - p3)
    ne[4] = a2 * e5
    trip = p1**3 - 3 * p1 * p2 + 2 * p3
    quad = sum(x * x * ((N - x) ** 2 - (p2 - x * x)) for x in nn)
    coef = (4 * N - 2) * trip - 8 * quad
    nv[4] = ne[4] * (1 - a2) + coef * a3 - coef * a4 + ((N - 1) * trip - 2 * quad) * a5
    t6 = N * (N - 1) * (N - 2)
    ne[5] = a2 * t6
    nv[5] = ne[5] * (1 - a2) + t6 * (4 * N - 10) * a3 - t6 * 4 * (N - 3) * a4 + t6 * (N - 3) * a5
    return {"group_expected": ge, "group_var": gv, "network_expected": ne, "network_var": nv}


# -------------------------------------------------------------- participation
def participation(M: sp.csr_array, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Guimerà-Amaral ``P`` and within-module ``z`` from the symmetric matrix
    ``M`` and module codes (-1 = left out: NaN rows, their ties ignored).

    ``P`` is NaN without contacts; ``z`` is NaN when all members of the module
    have the same within-module degree (tested exactly, not by a rounded SD).
    """
    n = M.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(M.indptr))
    cols = M.indices.astype(np.int64)
    keep = (codes[rows] >= 0) & (codes[cols] >= 0)
    rows, cols, w = rows[keep], cols[keep], M.data[keep]
    k = int(codes.max()) + 1 if n and codes.max() >= 0 else 0
    deg = np.bincount(rows, w, minlength=n).astype(np.float64)
    # kappa_is: tie weight from i to module s, one entry per (i, s) present
    kap = sp.csr_array((w, (rows, codes[cols])), shape=(n, max(k, 1)))
    kap.sum_duplicates()
    kappa = kap.data.astype(np.float64)
    i_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(kap.indptr))
    s_of = kap.indices.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = kappa / deg[i_of]
        P = 1.0 - np.bincount(i_of, share**2, minlength=n)
    P[deg == 0] = np.nan
    own = np.zeros(n)
    mine = s_of == codes[i_of]
    own[i_of[mine]] = kappa[mine]
    z = np.full(n, np.nan)
    members = codes >= 0
    if members.any():
        c = codes[members]
        size = np.bincount(c, minlength=k).astype(np.float64)
        mean = np.bincount(c, own[members], minlength=k) / size
        var = np.bincount(c, (own[members] - mean[c]) ** 2, minlength=k) / size
        sd = np.sqrt(var)
        lo = np.full(k, np.inf)
        hi = np.full(k, -np.inf)
        np.minimum.at(lo, c, own[members])
        np.maximum.at(hi, c, own[members])
        with np.errstate(divide="ignore", invalid="ignore"):
            zz = (own[members] - mean[c]) / sd[c]
        zz[lo[c] == hi[c]] = np.nan
        z[members] = zz
    P[~members] = np.nan
    return P, z
