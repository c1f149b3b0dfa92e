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
from dataclasses import dataclass

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
BLOCK = 1 << 21


# --------------------------------------------------------------------- set-up
def mutual(A: sp.csr_array, *, directed: bool, weighted: bool) -> sp.csr_array:
    """Symmetric mutual-tie matrix ``m_ij = a_ij + a_ji`` (Burt 1992).

    Undirected graphs store each tie in both directions already, so ``A``
    itself is used (the factor 2 would cancel in every normalisation).
    ``weighted=False`` replaces each stored weight by 1 first.
    """
    B = sp.csr_array(A, dtype=np.float64, copy=True)
    if not weighted:
        B.data[:] = 1.0
    if directed:
        B = sp.csr_array(B + B.T)
    B.sum_duplicates()
    B.eliminate_zeros()
    B.sort_indices()
    return B


@dataclass(frozen=True)
class Ranked:
    """A symmetric pattern relabelled by degree rank (ties broken by index).

    ``indptr/indices/data/rows`` describe the full symmetric matrix in rank
    space (``rows[p]`` = row of entry ``p``); ``up_*`` its strict upper
    triangle, one entry per unordered tie (the tie id); ``eid[p]`` the tie id
    of full entry ``p``; ``keys``/``up_keys`` the sorted ``row * n + col``
    codes used for look-ups.
    """

    n: int
    order: np.ndarray  # order[r] = original index of rank r
    rank: np.ndarray  # rank[i] = rank of original index i
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    rows: np.ndarray
    keys: np.ndarray
    eid: np.ndarray
    up_indptr: np.ndarray
    up_indices: np.ndarray
    up_data: np.ndarray
    up_keys: np.ndarray

    @property
    def n_ties(self) -> int:
        return len(self.up_indices)

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)


def ranked(M: sp.csr_array) -> Ranked:
    """Relabel the symmetric matrix ``M`` (no diagonal) by degree rank."""
    n = M.shape[0]
    indptr = M.indptr.astype(np.int64)
    deg = np.diff(indptr)
    order = np.argsort(deg, kind="stable").astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    # rows of the permuted matrix in rank order: row r is old row order[r]
    new_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(deg[order], out=new_ptr[1:])
    src = _segment_positions(indptr[order], deg[order])
    S = sp.csr_array((M.data[src], rank[M.indices[src]], new_ptr), shape=(n, n))
    S.sort_indices()
    cols = S.indices.astype(np.int64)
    data = S.data
    rows = np.repeat(np.arange(n, dtype=np.int64), deg[order])
    keys = rows * n + cols
    up = cols > rows
    E = int(up.sum())
    up_cols = cols[up]
    up_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows[up], minlength=n), out=up_ptr[1:])
    eid = np.empty(len(cols), dtype=np.int64)
    eid[up] = np.arange(E, dtype=np.int64)
    # lower entries (r, c), c < r, in CSR order are the transpose of the upper
    # triangle in CSR order: tie ids via a CSR transpose (no sort needed)
    # (ids + 1 so that no stored value is an explicit zero)
    T = sp.csr_array((np.arange(1, E + 1, dtype=np.int64), up_cols, up_ptr), shape=(n, n))
    T = sp.csr_array(T.T.tocsr())
    T.sort_indices()
    eid[~up] = T.data - 1
    return Ranked(
        n=n, order=order, rank=rank, indptr=new_ptr, indices=cols, data=data, rows=rows,
        keys=keys, eid=eid, up_indptr=up_ptr, up_indices=up_cols, up_data=data[up],
        up_keys=keys[up],
    )


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
    # a pair (v, w) can only close if v has higher-ranked contacts up to w
    has = np.diff(ptr) > 0
    vmax = np.full(n, -1, dtype=np.int64)
    vmax[has] = cols[ptr[1:][has] - 1]
    cnt[vmax[cols] < 0] = 0
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
        keep = w <= np.repeat(vmax[cols[start:stop]], c)
        first, second, w = first[keep], second[keep], w[keep]
        pos, found = _lookup(R.up_keys, cols[first] * n + w)
        first = first[found]
        yield first, second[found], pos[found], rowof[first]


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
    if positions is None:
        positions = np.arange(n, dtype=np.int64)
    positions = np.asarray(positions, dtype=np.int64)
    deg = R.degree
    s = _sum_by(R.rows, R.data, n)
    mx = np.zeros(n)
    if len(R.data):
        np.maximum.at(mx, R.rows, R.data)

    egos = R.rank[positions]
    ego_entries = _segment_positions(R.indptr[egos], deg[egos])
    if method == "auto":
        if len(positions) == n:
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
        Ue = U[R.eid[ego_entries]]
        Ve = V[R.eid[ego_entries]]
    elif method == "some":
        ids = R.eid[ego_entries]
        want = _distinct(ids, R.n_ties)
        where = np.empty(R.n_ties, dtype=np.int64)
        where[want] = np.arange(len(want), dtype=np.int64)
        U, V = _burt_tie_sums_some(R, want, s, budget)
        Ue, Ve = U[where[ids]], V[where[ids]]
    else:  # pragma: no cover - internal
        raise ValueError(method)

    k = len(egos)
    local = np.repeat(np.arange(k, dtype=np.int64), deg[egos])
    rows = R.rows[ego_entries]
    m = R.data[ego_entries]
    # c_ij = (p_ij + sum_q p_iq p_qj)^2 = ((m_ij + U_ij) / s_i)^2
    c = ((m + Ue) / s[rows]) ** 2
    # redundancy of j for i: sum_q p_iq m_jq / max_k m_jk = V_ij / (s_i max_j)
    red = Ve / (s[rows] * mx[R.indices[ego_entries]])
    ncont = deg[egos].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        C = _sum_by(local, c, k)
        eff = ncont - _sum_by(local, red, k)
        r = c * (ncont[local] / C[local])
        H = _sum_by(local, r * np.log(r), k) / (ncont * np.log(ncont))
        iso = ncont == 0
        C[iso] = np.nan
        eff[iso] = np.nan
        H[ncont <= 1] = np.nan
        efficiency = eff / ncont
    return {"constraint": C, "effective_size": eff, "efficiency": efficiency,
            "hierarchy": H, "n_contacts": ncont}


# ------------------------------------------------------------ Gould–Fernandez
#: role columns, in sna's order w_I, w_O, b_IO, b_OI, b_O
COORDINATOR, ITINERANT, REPRESENTATIVE, GATEKEEPER, LIAISON = range(5)


# role from (G(a)==G(b), G(b)==G(c), G(a)==G(c)) coded as 4*ab + 2*bc + ac;
# the codes 3, 5 and 6 cannot occur (two equalities imply the third)
_ROLE_LUT = np.array([LIAISON, ITINERANT, GATEKEEPER, -1, REPRESENTATIVE, -1, -1, COORDINATOR])


# symmetric graphs, counted once per (broker, triangle) and doubled below,
# except a broker sharing its group with one end: one representative here,
# one gatekeeper added separately. Codes 4*both + 2*one + ends_equal:
# 0 liaison, 1 itinerant, 2 representative, 5 coordinator (3 and 4 cannot occur).
_SYM_LUT = np.array([LIAISON, ITINERANT, REPRESENTATIVE, -1, -1, COORDINATOR])


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


def gf_counts(A: sp.csr_array, codes: np.ndarray, *, budget: int = BLOCK) -> np.ndarray:
    """Gould–Fernandez brokerage counts per actor, shape ``(n, 5)``.

    Columns in sna's order (w_I, w_O, b_IO, b_OI, b_O). ``A`` is a directed
    pattern (an undirected graph passes its symmetric matrix: each unordered
    pair is then counted both ways, as in sna); weights are ignored.
    ``codes`` are non-negative group codes.

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
    counts -= _gf_closed(B, codes, symmetric, budget)
    return counts


def _is_symmetric(B: sp.csr_array) -> bool:
    if B.shape[0] == 0:
        return True
    T = sp.csr_array(B.T)
    T.sort_indices()
    return bool(np.array_equal(B.indptr, T.indptr) and np.array_equal(B.indices, T.indices))


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
    R = ranked(K)
    g = codes[R.order]
    code = R.up_data.astype(np.int64)
    fwd = (code & 1).astype(bool)  # low -> high rank
    bwd = (code & 2).astype(bool)  # high -> low rank
    closed = np.zeros(n * 5, dtype=np.int64)
    for e1, e2, e3, u in triangles(R, budget):
        v = R.up_indices[e1]
        w = R.up_indices[e2]
        gu, gv, gw = g[u], g[v], g[w]
        uv = (gu == gv).astype(np.int64)
        uw = (gu == gw).astype(np.int64)
        vw = (gv == gw).astype(np.int64)
        bu, bv, bw = R.order[u] * 5, R.order[v] * 5, R.order[w] * 5
        if symmetric:
            # both 2-paths through a broker have the same group pattern:
            # all equal -> 2 coordinator; the two ends equal -> 2 itinerant;
            # broker shares its group with one end -> 1 representative and
            # 1 gatekeeper; all differ -> 2 liaison
            idx = []
            for b, bx, by, xy in ((bu, uv, uw, vw), (bv, uv, vw, uw), (bw, uw, vw, uv)):
                one = (bx ^ by).astype(bool)
                # pattern code 4*[broker = both ends] + 2*[broker = one end] + [ends equal]
                # -> role of each of the two paths
                pat = _SYM_LUT[4 * (bx & by) + 2 * one + xy]
                idx.append(b + pat)
                idx.append(b[one] + GATEKEEPER)
            closed += np.bincount(np.concatenate(idx), minlength=n * 5)
            continue
        # the six 2-paths a -> b -> c around the triangle, as
        # (broker, role code 4*[ga==gb] + 2*[gb==gc] + [ga==gc], present?)
        f1, r1, f2, r2, f3, r3 = fwd[e1], bwd[e1], fwd[e2], bwd[e2], fwd[e3], bwd[e3]
        paths = [
            (bu, 4 * uv + 2 * uw + vw, r1 & f2 & f3),  # v -> u -> w
            (bu, 4 * uw + 2 * uv + vw, r2 & f1 & r3),  # w -> u -> v
            (bv, 4 * uv + 2 * vw + uw, f1 & f3 & f2),  # u -> v -> w
            (bv, 4 * vw + 2 * uv + uw, r3 & r1 & r2),  # w -> v -> u
            (bw, 4 * uw + 2 * vw + uv, f2 & r3 & f1),  # u -> w -> v
            (bw, 4 * vw + 2 * uw + uv, f3 & r2 & r1),  # v -> w -> u
        ]
        b = np.concatenate([b[ok] for b, _, ok in paths])
        r = np.concatenate([r[ok] for _, r, ok in paths])
        closed += np.bincount(b + _ROLE_LUT[r], minlength=n * 5)
    closed = closed.reshape(n, 5).astype(np.float64)
    if symmetric:
        closed[:, [COORDINATOR, ITINERANT, LIAISON]] *= 2
    return closed


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
    key = rows * max(k, 1) + codes[cols]
    if n * max(k, 1) <= 1 << 25:
        dense = np.bincount(key, w, minlength=n * max(k, 1))
        uniq = np.flatnonzero(np.bincount(key, minlength=n * max(k, 1)))
        kappa = dense[uniq].astype(np.float64)
    else:
        uniq, inv = np.unique(key, return_inverse=True)
        kappa = np.bincount(inv, w, minlength=len(uniq)).astype(np.float64)
    i_of = uniq // max(k, 1)
    s_of = uniq % max(k, 1)
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
