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
(``v < w``) the tie ``v -> w`` is looked up. The work is
``sum_u C(out(u), 2)`` look-ups, at most ``O(m^1.5)`` whatever the hubs, and
it runs in blocks of at most ``budget`` look-ups so memory stays bounded.

Exactness of subsets: every per-tie sum is accumulated sequentially in
increasing rank of the third node (the forward order has this property, and
the per-tie path used for small ``actors=`` subsets follows the same order),
and every per-ego sum runs over the ego's CSR row in order. A subset therefore
gives bit-for-bit the numbers of the full computation.

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

#: Look-ups (or tie-neighbour pairs) processed at once; ~50 bytes each.
BLOCK = 1 << 18


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
    space, one entry per unordered tie (its position is the tie id), and
    ``up_keys`` their sorted ``row * n + col`` codes. Unless built with
    ``upper_only=True``, ``indptr/indices/data`` hold the full symmetric
    matrix in rank space, with ``rows`` (row of each entry), ``keys`` and
    ``eid`` (tie id of each entry) computed on first use.
    """

    def __init__(self, M: sp.csr_array, *, upper_only: bool = False) -> None:
        n = M.shape[0]
        indptr = M.indptr.astype(np.int64)
        deg = np.diff(indptr)
        order = np.argsort(deg, kind="stable").astype(np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n, dtype=np.int64)
        self.n, self.order, self.rank = n, order, rank
        self.degree = deg[order]
        if upper_only:
            rows = rank[np.repeat(np.arange(n, dtype=np.int64), deg)]
            cols = rank[M.indices]
            up = cols > rows
            U = sp.csr_array((M.data[up], (rows[up], cols[up])), shape=(n, n))
            U.sort_indices()
            self.up_indptr = U.indptr.astype(np.int64)
            self.up_indices = U.indices.astype(np.int64)
            self.up_data = U.data
            self.full = False
        else:
            # row r of the permuted matrix is old row order[r]
            new_ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(self.degree, out=new_ptr[1:])
            src = _segment_positions(indptr[order], self.degree)
            S = sp.csr_array((M.data[src], rank[M.indices[src]], new_ptr), shape=(n, n))
            S.sort_indices()
            self.indptr = new_ptr
            self.indices = S.indices.astype(np.int64)
            self.data = S.data
            up = self.indices > self.rows
            self._up = up
            self.up_indices = self.indices[up]
            self.up_data = self.data[up]
            self.up_indptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.rows[up], minlength=n), out=self.up_indptr[1:])
            self.full = True
        up_rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.up_indptr))
        self.up_keys = up_rows * n + self.up_indices

    @property
    def n_ties(self) -> int:
        return len(self.up_indices)

    @cached_property
    def rows(self) -> np.ndarray:
        return np.repeat(np.arange(self.n, dtype=np.int64), self.degree)

    @cached_property
    def keys(self) -> np.ndarray:
        return self.rows * self.n + self.indices

    @cached_property
    def eid(self) -> np.ndarray:
        E, n = self.n_ties, self.n
        eid = np.empty(len(self.indices), dtype=np.int64)
        eid[self._up] = np.arange(E, dtype=np.int64)
        # lower entries (r, c), c < r, in CSR order are the transpose of the
        # upper triangle in CSR order: tie ids via a CSR transpose, no sort
        # (ids + 1 so that no stored value is an explicit zero)
        T = sp.csr_array((np.arange(1, E + 1, dtype=np.int64), self.up_indices, self.up_indptr),
                         shape=(n, n))
        T = sp.csr_array(T.T.tocsr())
        T.sort_indices()
        eid[~self._up] = T.data - 1
        return eid


def ranked(M: sp.csr_array, *, upper_only: bool = False) -> Ranked:
    """Relabel the symmetric matrix ``M`` (no diagonal) by degree rank."""
    return Ranked(M, upper_only=upper_only)


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
    """Every triangle ``u < v < w`` (ranks) once, as tie ids and the low node.

    Yields ``(e_uv, e_uw, e_vw, u)`` arrays per block. Triangles come in
    increasing ``u``, then ``v``, then ``w``. For any tie ``{a, b}``
    (``a < b``) this means: first the triangles where it is ``vw`` (third
    node ``u < a``, increasing), then those where it is ``uw`` (``a < v < b``),
    then those where it is ``uv`` (``w > b``) -- always increasing rank of
    the third node.
    """
    ptr, cols, n = R.up_indptr, R.up_indices, R.n
    E = len(cols)
    if E == 0:
        return
    rowof = np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr))
    # later entries of the same row: the partners w of each (u, v)
    cnt = ptr[rowof + 1] - np.arange(E, dtype=np.int64) - 1
    # a pair (v, w) can only close if v has higher-ranked contacts from vmin to vmax
    has = np.diff(ptr) > 0
    vmax = np.full(n, -1, dtype=np.int64)
    vmin = np.full(n, n, dtype=np.int64)
    vmax[has] = cols[ptr[1:][has] - 1]
    vmin[has] = cols[ptr[:-1][has]]
    cnt[vmax[cols] < 0] = 0
    # Filters for graphs where most pairs do not close (hub-heavy ones): a
    # range test and a Bloom filter in front of the binary search. They are
    # switched on after the first block if fewer than half the look-ups hit.
    filtered = False
    bloom = None
    for start, stop in _blocks(cnt, budget):
        c = cnt[start:stop]
        L = int(c.sum())
        if L == 0:
            continue
        p = np.arange(start, stop, dtype=np.int64)
        offs = np.cumsum(c) - c
        first = np.repeat(p, c)
        second = np.repeat(p + 1 - offs, c) + np.arange(L, dtype=np.int64)
        w = cols[second]
        if filtered:
            v = cols[start:stop]
            keep = (w <= np.repeat(vmax[v], c)) & (w >= np.repeat(vmin[v], c))
            first, second, w = first[keep], second[keep], w[keep]
        key = cols[first] * n + w
        if bloom is not None:
            maybe = bloom.contains(key)
            first, second, key = first[maybe], second[maybe], key[maybe]
        pos, found = _lookup(R.up_keys, key)
        if not filtered and 2 * int(found.sum()) < len(key):
            filtered = True
            bloom = _Bloom(R.up_keys)
        first = first[found]
        yield first, second[found], pos[found], rowof[first]


class _Bloom:
    """A one-hash Bloom filter over the tie keys (4-8 bytes per tie): most
    look-ups of a pair that is not a tie end here, before the binary search."""

    _MULT = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray) -> None:
        self.bits = max(10, int(np.ceil(np.log2(max(4 * len(keys), 2)))))
        self.shift = np.uint64(64 - self.bits)
        self.table = np.zeros(1 << self.bits, dtype=bool)
        self.table[self._hash(keys)] = True

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return (keys.view(np.uint64) * self._MULT) >> self.shift

    def contains(self, keys: np.ndarray) -> np.ndarray:
        return self.table[self._hash(keys)]


def _sum_by(ids: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Sequential per-id float sums (``np.bincount``: in input order)."""
    return np.bincount(ids, values, minlength=size).astype(np.float64, copy=False)


# ---------------------------------------------------------------------- Burt
def _burt_tie_sums_all(R: Ranked, s: np.ndarray, budget: int) -> tuple[np.ndarray, np.ndarray]:
    """For every tie {i, j}: ``V = sum_q m_iq m_jq`` and ``U = sum_q m_iq m_jq / s_q``
    over common contacts ``q`` (rank order), by the forward algorithm."""
    E = R.n_ties
    mw = R.up_data
    U = np.zeros(E)
    V = np.zeros(E)
    for e1, e2, e3, u in triangles(R, budget):
        v = R.up_indices[e1]
        w = R.up_indices[e2]
        m1, m2, m3 = mw[e1], mw[e2], mw[e3]
        # per tie, increasing rank of the third node: the vw role, then uw,
        # then uv; np.add.at adds one value at a time, in order (bit-exact)
        for e, x, q in ((e3, m1 * m2, u), (e2, m1 * m3, v), (e1, m2 * m3, w)):
            np.add.at(V, e, x)
            np.add.at(U, e, x / s[q])
    return U, V


def _burt_tie_sums_some(R: Ranked, ties: np.ndarray, s: np.ndarray,
                        budget: int) -> tuple[np.ndarray, np.ndarray]:
    """``U, V`` for the given tie ids only: walk the shorter contact list of the
    two ends in rank order and look each contact up in the other's list."""
    n = R.n
    lo = np.searchsorted(R.up_indptr, ties, side="right") - 1
    hi = R.up_indices[ties]
    deg = R.degree
    a = np.where(deg[hi] < deg[lo], hi, lo)
    b = np.where(deg[hi] < deg[lo], lo, hi)
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
        x = R.data[pa] * R.data[pb]
        V[start:stop] = _sum_by(tie, x, stop - start)
        U[start:stop] = _sum_by(tie, x / s[q], stop - start)
    return U, V


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
    """
    R = ranked(M)
    n = R.n
    full = positions is None
    deg = R.degree
    s = _sum_by(R.rows, R.data, n)
    mx = np.zeros(n)
    if len(R.data):
        nonempty = deg > 0
        mx[nonempty] = np.maximum.reduceat(R.data, R.indptr[:-1][nonempty])

    if full:
        # every ego, in rank order (mapped back at the end)
        egos = np.arange(n, dtype=np.int64)
        ego_entries = slice(None)
    else:
        egos = R.rank[np.asarray(positions, dtype=np.int64)]
        ego_entries = _segment_positions(R.indptr[egos], deg[egos])
    if method == "auto":
        if full:
            method = "all"
        else:
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
    elif method == "some":
        ids = R.eid[ego_entries]
        want = _distinct(ids, R.n_ties)
        where = np.empty(R.n_ties, dtype=np.int64)
        where[want] = np.arange(len(want), dtype=np.int64)
        U, V = _burt_tie_sums_some(R, want, s, budget)
    else:  # pragma: no cover - internal
        raise ValueError(method)

    k = len(egos)
    out = {name: np.empty(k) for name in ("constraint", "effective_size", "hierarchy")}
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
        si = np.repeat(s[block], deg[block])
        # c_ij = (p_ij + sum_q p_iq p_qj)^2 = ((m_ij + U_ij) / s_i)^2
        c = ((R.data[entries] + U[ids]) / si) ** 2
        # redundancy of j for i: sum_q p_iq m_jq / max_k m_jk = V_ij / (s_i max_j)
        red = V[ids] / (si * mx[R.indices[entries]])
        nb = deg[block].astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            C = _sum_by(local, c, hi - lo)
            r = c * np.repeat(nb / C, deg[block])
            out["constraint"][lo:hi] = C
            out["effective_size"][lo:hi] = nb - _sum_by(local, red, hi - lo)
            out["hierarchy"][lo:hi] = _sum_by(local, r * np.log(r), hi - lo) / (nb * np.log(nb))
    ncont = deg[egos].astype(np.float64)
    out["constraint"][ncont == 0] = np.nan
    out["effective_size"][ncont == 0] = np.nan
    out["hierarchy"][ncont <= 1] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        out["efficiency"] = out["effective_size"] / ncont
    out["n_contacts"] = ncont
    if full:
        out = {key: value[R.rank] for key, value in out.items()}
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
    is symmetric (checked when None). ``budget``: look-ups per block, by
    default ``max(BLOCK, 4 n)`` (each block also costs O(n)).

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
    same = codes[cols] == codes[rows]
    out_t = np.diff(B.indptr).astype(np.float64)
    out_g = np.bincount(rows[same], minlength=n).astype(np.float64)
    out_grp = _group_counts(rows, codes[cols], n, k)
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
# symmetric graphs: both 2-paths through each broker are present
_SYM_TABLES = tuple(_DIR_TABLES[2 * k] + _DIR_TABLES[2 * k + 1] for k in range(3))


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
    g = codes[R.order]
    code = R.up_data.astype(np.int8)
    fwd = (code & 1).astype(bool)  # low -> high rank
    bwd = (code & 2).astype(bool)  # high -> low rank
    # per broker position (u, v, w), counts by triangle code 4*uv + 2*uw + vw
    # (uv = [G(u) == G(v)], ...); rows in rank order
    by_code = np.zeros((3 if symmetric else 6, n * 8), dtype=np.int64)
    for e1, e2, e3, u in triangles(R, budget):
        v = R.up_indices[e1]
        w = R.up_indices[e2]
        gu, gv, gw = g[u], g[v], g[w]
        tc = (gu == gv).view(np.int8) * 4 + (gu == gw).view(np.int8) * 2
        tc += (gv == gw).view(np.int8)
        if symmetric:
            for pos, b in enumerate((u, v, w)):
                by_code[pos] += np.bincount(b * 8 + tc, minlength=n * 8)
            continue
        f1, r1, f2, r2, f3, r3 = fwd[e1], bwd[e1], fwd[e2], bwd[e2], fwd[e3], bwd[e3]
        # the six 2-paths around the triangle, in the order of _PATHS
        for kind, (b, ok) in enumerate((
            (u, r1 & f2 & f3), (u, r2 & f1 & r3),
            (v, f1 & f3 & f2), (v, r3 & r1 & r2),
            (w, f2 & r3 & f1), (w, f3 & r2 & r1),
        )):
            by_code[kind] += np.bincount(b[ok] * 8 + tc[ok], minlength=n * 8)
    tables = _SYM_TABLES if symmetric else _DIR_TABLES
    closed = np.zeros((n, 5))
    for kind, table in enumerate(tables):
        closed += by_code[kind].reshape(n, 8).astype(np.float64) @ table
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
