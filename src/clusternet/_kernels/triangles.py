"""Triangle listing on a symmetric CSR pattern, shared by the brokerage kernels.

Burt's measures and the Gould-Fernandez counts both reduce to sums over the
triangles of the symmetrised tie pattern (see :mod:`.burt` and
:mod:`.gould_fernandez`). This module lists every triangle once by the
forward algorithm (Schank & Wagner 2005):

1. :class:`Ranked` relabels the actors by rank of degree (ties broken by
   index) and keeps each tie once, oriented from its lower-ranked end ``u`` to
   its higher-ranked end; ties are numbered ("tie ids") in row order of the
   lower end, then rank of the higher end.
2. :func:`triangles` takes, for every ``u``, each pair of its higher-ranked
   contacts ``v < w`` and looks the tie ``v -- w`` up in a hash index of the
   ties (:class:`TieIndex`). The work is ``sum_u C(out(u), 2)`` look-ups, at
   most ``O(m^1.5)`` whatever the hubs.

The listing runs in steps of a few ten thousand look-ups, so that the
temporaries stay in the CPU cache; callers sum their per-triangle values per
step (``np.bincount``) or collect them in a :class:`Spool` for a later sum,
so that memory grows with the graph and ``budget``, not with the triangles.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

__all__ = [
    "BLOCK",
    "STEP",
    "Ranked",
    "Spool",
    "TieIndex",
    "Triangles",
    "blocks",
    "distinct",
    "lookup",
    "ranked",
    "segment_positions",
    "sum_by",
    "triangles",
]

#: Default memory bound: look-ups (or tie-neighbour pairs) per block, and
#: per-triangle values held before they are summed; ~50 bytes each.
BLOCK = 1 << 20

#: Look-ups per step of the triangle listing: small enough that a step's
#: temporaries stay in the CPU cache (and are not fresh pages each time).
STEP = 1 << 15


# ------------------------------------------------------------- ranked pattern
class Ranked:
    """A symmetric pattern (no diagonal) relabelled by degree rank.

    In rank space every tie ``{a, b}`` is stored once, from its lower end to
    its higher end; its position in that list is its *tie id*.

    Attributes
    ----------
    n : int
        Number of nodes.
    order, rank : int arrays
        ``order[r]`` is the original index of the node of rank ``r``;
        ``rank`` is its inverse.
    degree : int array
        Number of contacts, by rank.
    tie_ptr, tie_high, tie_weight : arrays
        The ties as a CSR upper triangle in rank space: the ties whose lower
        end is ``u`` are ``tie_ptr[u]:tie_ptr[u + 1]``, sorted by their
        higher end ``tie_high``; ``tie_weight`` is the stored value.
    tie_low : int array
        Lower end of each tie (computed on first use).
    tie_index : TieIndex
        Tie id of a ``low * n + high`` code (computed on first use).

    Unless built with ``upper_only=True``, the full symmetric matrix in rank
    space is kept too: ``indptr``, ``indices``, ``data`` (rows sorted), with
    ``rows`` (row of each entry), ``keys`` (``row * n + col``, sorted) and
    ``eid`` (tie id of each entry), computed on first use.

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
            row_ptr = kept[indptr]
            cols, data = np.compress(keep, cols), np.compress(keep, data)
        else:
            row_ptr = indptr
        # transpose: column c (= rank j) lists the i, i.e. row c of the lower
        # (or full) matrix in rank space, with columns still named i
        T = sp.csr_array((data, cols, row_ptr), shape=(n, n)).tocsc()
        # rename the columns to ranks and transpose again: rows by rank, sorted
        S = sp.csr_array((T.data, rank[T.indices], T.indptr), shape=(n, n)).tocsc()
        S.sort_indices()  # a no-op check: the transpose lists rows in order
        if upper_only:
            self.tie_ptr = S.indptr.astype(np.int64)
            self.tie_high = S.indices.astype(np.int64)
            self.tie_weight = S.data
        else:
            self.indptr = S.indptr.astype(np.int64)
            self.indices = S.indices.astype(np.int64)
            self.data = S.data
            upper = self.indices > self.rows
            self._upper = upper
            self.tie_high = np.compress(upper, self.indices)
            self.tie_weight = np.compress(upper, self.data)
            self.tie_ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.rows[upper], minlength=n), out=self.tie_ptr[1:])

    @property
    def n_ties(self) -> int:
        return len(self.tie_high)

    @cached_property
    def tie_low(self) -> np.ndarray:
        return np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.tie_ptr))

    @cached_property
    def tie_index(self) -> TieIndex:
        return TieIndex(self.tie_low * self.n + self.tie_high)

    @cached_property
    def rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.n, dtype=np.int64), self.degree)

    @cached_property
    def keys(self) -> np.ndarray:
        return self.rows * self.n + self.indices

    @cached_property
    def eid(self) -> np.ndarray:
        eid = np.empty(len(self.indices), dtype=np.int64)
        eid[self._upper] = np.arange(self.n_ties, dtype=np.int64)
        # lower entries (r, c), c < r, in CSR order are the upper triangle in
        # CSC order: tie ids via a counting-sort transpose, no sort
        T = sp.csr_array((np.arange(self.n_ties, dtype=np.int64), self.tie_high, self.tie_ptr),
                         shape=(self.n, self.n)).tocsc()
        eid[~self._upper] = T.data
        return eid


def ranked(M: sp.csr_array, *, upper_only: bool = False) -> Ranked:
    """Relabel the symmetric matrix ``M`` (no diagonal) by degree rank."""
    return Ranked(M, upper_only=upper_only)


class TieIndex:
    """Tie id of ``low * n + high`` codes: hash tables with one probe each.

    Each code is placed at its (multiplicative) hash slot in a table of at
    least 4 slots per code; where codes collide one wins the slot and the
    others go to a second such table with another hash, and so on; the few
    left after three levels go to a sorted list. A query reads its slot;
    only a miss on a slot that had a collision goes on to the next level.
    About 40 to 80 bytes per tie.
    """

    _MULTIPLIERS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F),
                    np.uint64(0x165667B19E3779F9))

    def __init__(self, keys: np.ndarray, ids: np.ndarray | None = None, level: int = 0) -> None:
        E = len(keys)
        self.ids = ids  # None: the position of the code is its id
        self.next_level: TieIndex | None = None
        self.sorted_keys = None
        if level == len(self._MULTIPLIERS) or E < 16:
            # last level: a sorted list (codes sorted, as given)
            self.sorted_keys = keys
            return
        self.multiplier = self._MULTIPLIERS[level]
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
            self.collided = np.zeros(1 << bits, dtype=bool)
            self.collided[slot.take(lost)] = True
            next_ids = lost if ids is None else ids.take(lost)
            self.next_level = TieIndex(keys.take(lost), next_ids, level + 1)

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((np.ascontiguousarray(keys, dtype=np.int64).view(np.uint64) * self.multiplier)
                >> self.shift).view(np.int64)

    def find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tie ids of the codes (meaningless where absent) and the positions
        of the codes present, increasing."""
        tie, found = self._find(query)
        return tie, np.flatnonzero(found)

    def _find(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.sorted_keys is not None:
            keys = self.sorted_keys
            if len(keys) == 0:
                return np.zeros(len(query), dtype=np.int64), np.zeros(len(query), dtype=bool)
            pos = np.searchsorted(keys, query)
            pos[pos == len(keys)] = 0
            found = keys.take(pos) == query
            return (pos if self.ids is None else self.ids.take(pos)), found
        slot = self._hash(query)
        tie = self.table.take(slot)
        found = self.keys.take(tie) == query
        if self.ids is not None:
            tie = np.append(self.ids, 0).take(tie)
        if self.next_level is not None:
            miss = np.flatnonzero(~found)
            miss = miss.take(np.flatnonzero(self.collided.take(slot.take(miss))))
            if len(miss):
                tie2, found2 = self.next_level._find(query.take(miss))
                hit = np.flatnonzero(found2)
                where = miss.take(hit)
                tie[where] = tie2.take(hit)
                found[where] = True
        return tie, found


# ------------------------------------------------------------------ triangles
@dataclass(frozen=True)
class Triangles:
    """One step of :func:`triangles`: triangles ``u < v < w`` (ranks) as the
    ids of their three ties."""

    uv: np.ndarray
    uw: np.ndarray
    vw: np.ndarray

    def __len__(self) -> int:
        return len(self.uv)


def triangles(R: Ranked, budget: int = BLOCK) -> Iterator[Triangles]:
    """Every triangle ``u < v < w`` (ranks) once, as tie ids, in steps.

    Each step holds the triangles of at most ``min(budget, STEP)`` look-ups
    (a single pair of ties may exceed it); the low node of a triangle is
    ``R.tie_low[t.uv]``. Triangles come in increasing ``u``, then ``v``, then
    ``w``; ``t.uv`` and ``t.uw`` lie in the rows of the step. For any tie
    ``{a, b}`` (``a < b``) this means: first the triangles where it is ``vw``
    (third node ``u < a``, increasing), then those where it is ``uw``
    (``a < v < b``), then those where it is ``uv`` (``w > b``) -- always in
    increasing rank of the third node; the last two come from row ``a`` only.
    """
    ptr, high, n = R.tie_ptr, R.tie_high, R.n
    E = len(high)
    if E == 0:
        return
    low = R.tie_low
    # a pair (v, w) can only close if v has higher-ranked contacts from
    # first_high[v] to last_high[v]
    has_higher = ptr[1:] > ptr[:-1]
    last_high = np.where(has_higher, high.take(np.maximum(ptr[1:] - 1, 0)), -1)
    first_high = np.where(has_higher, high.take(np.minimum(ptr[:-1], E - 1)), n)
    # for each tie u -- v: the later ties u -- w of the same row (its partners)
    partners = np.where(has_higher.take(high), ptr.take(low + 1) - np.arange(1, E + 1, dtype=np.int64),
                        0)
    index = R.tie_index
    # A range test in front of the look-up, for graphs where most pairs do
    # not close (hub-heavy ones): switched on after the first step if fewer
    # than half the look-ups hit.
    filtered = False
    step = max(1, min(budget, STEP))
    counter = np.arange(0, dtype=np.int64)
    for start, stop in blocks(partners, step):
        count = partners[start:stop]
        n_lookups = int(count.sum())
        if n_lookups == 0:
            continue
        if n_lookups > len(counter):
            counter = np.arange(max(n_lookups, step), dtype=np.int64)
        step_ties = np.arange(start, stop, dtype=np.int64)
        offsets = np.cumsum(count)
        offsets -= count
        # one look-up per pair (u -- v, u -- w) of ties of a row, v < w:
        # u -- w is the tie u -- v + 1, + 2, ...
        tie_uv = np.repeat(step_ties, count)
        tie_uw = np.repeat(step_ties + 1 - offsets, count)
        tie_uw += counter[:n_lookups]
        w = high.take(tie_uw)
        v = high[start:stop]
        key = np.repeat(v * n, count)
        if filtered:
            keep = np.flatnonzero((w <= np.repeat(last_high.take(v), count))
                                  & (w >= np.repeat(first_high.take(v), count)))
            tie_uv, tie_uw, w, key = (tie_uv.take(keep), tie_uw.take(keep), w.take(keep),
                                      key.take(keep))
        key += w
        tie_vw, hit = index.find(key)
        if not filtered and 2 * len(hit) < len(key):
            filtered = True
        if len(hit):
            yield Triangles(uv=tie_uv.take(hit), uw=tie_uw.take(hit), vw=tie_vw.take(hit))


# -------------------------------------------------------------------- helpers
def segment_positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, s + l)`` for each (start, length)."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)


def blocks(cost: np.ndarray, budget: int) -> Iterator[tuple[int, int]]:
    """Contiguous ranges whose summed cost stays within ``budget`` (at least one item)."""
    cum = np.cumsum(cost)
    start, n = 0, len(cost)
    while start < n:
        base = cum[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cum, base + budget, side="right")))
        yield start, min(stop, n)
        start = stop


def distinct(ids: np.ndarray, size: int) -> np.ndarray:
    """Sorted distinct values of ``ids`` (all in ``range(size)``), in O(size)."""
    mark = np.zeros(size, dtype=bool)
    mark[ids] = True
    return np.flatnonzero(mark)


def lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``query`` in the sorted ``keys`` and whether each is there."""
    if len(keys) == 0:
        return np.zeros(len(query), dtype=np.int64), np.zeros(len(query), dtype=bool)
    pos = np.searchsorted(keys, query)
    pos[pos == len(keys)] = len(keys) - 1
    return pos, keys[pos] == query


def sum_by(ids: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Per-id float sums, each taken sequentially in input order (``np.bincount``)."""
    return np.bincount(ids, values, minlength=size).astype(np.float64, copy=False)


class Spool:
    """Per-id sums of values that arrive in batches, each id's sum taken
    sequentially in arrival order.

    Values are appended (:meth:`reserve`, then written in place) and summed
    per id with :func:`sum_by` when the spool is full and at the end; the
    sums so far go in front of the next batch, so the order is kept. Holds
    ``width`` values per entry (summed separately).
    """

    def __init__(self, size: int, capacity: int, width: int) -> None:
        self.size, self.capacity, self.width = size, capacity, width
        self.ids = np.empty(capacity, dtype=np.int64)
        self.values = np.empty((width, capacity))
        self.fill = 0
        self.sums: np.ndarray | None = None

    def reserve(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The next ``k`` slots (ids, and values by row) to be written."""
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
            self.sums = np.stack([sum_by(ids, x, self.size) for x in values])
        else:
            head = np.arange(self.size, dtype=np.int64)
            ids = np.concatenate((head, ids))
            self.sums = np.stack([sum_by(ids, np.concatenate((s, x)), self.size)
                                  for s, x in zip(self.sums, values)])
        self.fill = 0

    def result(self) -> np.ndarray:
        """The sums, shape ``(width, size)``."""
        self.flush()
        if self.sums is None:
            return np.zeros((self.width, self.size))
        return self.sums
