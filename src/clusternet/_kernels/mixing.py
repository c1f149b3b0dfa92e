"""Mixing between groups: pure functions of tie arrays and integer group codes.

Everything here takes the ties of a graph as three arrays -- ``src``, ``dst``
(int64 actor positions, each tie once: the upper triangle of an undirected
adjacency, every arc of a directed one) and optional float64 ``weights`` --
plus ``codes``, one int64 group code per actor in ``0..k-1`` (``-1`` = left
out). The tie arrays are fixed while the codes may be permuted, so a label
permutation test recomputes any statistic below with one ``bincount`` over
the ties, without rebuilding a graph (:func:`network_statistic`).

Mixing matrix convention (``M``, shape ``(k, k)``):

- directed: ``M[x, y]`` = number (or weight) of arcs from group ``x`` to
  group ``y``;
- undirected: ``M[x, y] = M[y, x]`` = ties between ``x`` and ``y``; the
  diagonal counts each within-group tie once, so the total number of ties is
  ``(M.sum() + trace(M)) / 2``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .adjacency import upper_entries

__all__ = [
    "STATISTICS",
    "actor_ei_counts",
    "actor_ei_from_csr",
    "assortativity_from_mixing",
    "coleman_from_mixing",
    "ei_from_mixing",
    "event_group_counts",
    "event_group_numbers",
    "expected_ei_counts",
    "freeman_from_mixing",
    "group_ei_from_mixing",
    "mixing_counts",
    "mixing_from_csr",
    "network_statistic",
    "nominal_assortativity_csr",
    "normalized_mixing",
    "numeric_assortativity",
    "numeric_assortativity_csr",
    "relative_intensity_from_mixing",
    "tie_arrays",
    "tie_total",
]


def tie_arrays(A: sp.csr_array, *, directed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(src, dst, weights)`` with every tie once (upper triangle when undirected)."""
    return upper_entries(A, directed=directed)


def mixing_counts(
    src: np.ndarray,
    dst: np.ndarray,
    codes: np.ndarray,
    k: int,
    *,
    directed: bool,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """The ``k x k`` mixing matrix (float64) of the ties, by group code.

    Ties with an end coded ``-1`` are left out. ``weights=None`` counts ties.
    """
    cs = codes[src]
    ct = codes[dst]
    w = weights
    if k == 0:
        return np.zeros((0, 0))
    if (cs < 0).any() or (ct < 0).any():
        keep = (cs >= 0) & (ct >= 0)
        cs, ct = cs[keep], ct[keep]
        w = None if w is None else w[keep]
    C = np.bincount(cs * k + ct, weights=w, minlength=k * k).astype(np.float64, copy=False)
    C = C.reshape(k, k)
    if not directed:
        d = np.diag(C).copy()
        C = C + C.T
        C[np.diag_indices(k)] = d
    return C


def tie_total(M: np.ndarray, *, directed: bool) -> float:
    """Total number (or weight) of ties in a mixing matrix."""
    if directed:
        return float(M.sum())
    return float((M.sum() + np.trace(M)) / 2.0)


def mixing_from_csr(
    indptr: np.ndarray,
    indices: np.ndarray,
    codes: np.ndarray,
    k: int,
    *,
    directed: bool,
    data: np.ndarray | None = None,
) -> np.ndarray:
    """The ``k x k`` mixing matrix straight from CSR arrays (every code >= 0).

    Undirected adjacencies store each tie twice, so the diagonal of the
    stored counts is halved to count each within-group tie once.
    ``data=None`` counts ties; otherwise their weights are summed (in the
    order of the stored entries).
    """
    if k == 0:
        return np.zeros((0, 0))
    small = _small_codes(codes, k * k)
    key = _row_values(small, indptr)
    key *= small.dtype.type(k)
    key += _gather(small, indices)
    C = np.bincount(key.astype(np.intp, copy=False), weights=data, minlength=k * k)
    C = C.astype(np.float64, copy=False).reshape(k, k)
    if not directed:
        C[np.diag_indices(k)] /= 2.0
    return C


def nominal_assortativity_csr(
    indptr: np.ndarray,
    indices: np.ndarray,
    codes: np.ndarray,
    k: int,
    *,
    directed: bool,
) -> float:
    """Unweighted nominal assortativity straight from CSR arrays (every
    code >= 0), without the mixing matrix.

    It needs only integer counts -- the ties within groups and the tie ends
    (degrees) of each group -- so it equals
    ``assortativity_from_mixing(mixing_from_csr(...))`` bit for bit: both
    feed the same exact counts to the same formula.
    """
    if k == 0 or indices.size == 0:
        return float("nan")
    small = _small_codes(codes, k)
    same = int(np.count_nonzero(_row_values(small, indptr) == _gather(small, indices)))
    codes = np.asarray(codes, dtype=np.intp)
    deg = np.diff(indptr).astype(np.float64)
    out_ends = np.bincount(codes, weights=deg, minlength=k)
    if directed:
        in_deg = np.bincount(indices, minlength=len(indptr) - 1).astype(np.float64)
        in_ends = np.bincount(codes, weights=in_deg, minlength=k)
        return _nominal_r(float(same), out_ends, in_ends, float(indices.size), directed=True)
    # each undirected tie is stored twice: ``same / 2`` ties within groups
    return _nominal_r(same / 2.0, out_ends, out_ends, indices.size / 2.0, directed=False)


def _small_codes(codes: np.ndarray, bound: int) -> np.ndarray:
    """``codes`` (each in ``0..k-1``) in the narrowest signed integer type that
    holds ``bound``: gathers over the ties move fewer bytes."""
    for dtype in (np.int8, np.int16, np.int32):
        if bound <= np.iinfo(dtype).max:
            return np.asarray(codes).astype(dtype)
    return np.asarray(codes, dtype=np.intp).copy()


def _gather(values: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """``values[indices]``: numpy's fancy indexing is the faster gather for
    native (intp) indices, ``np.take`` for narrower ones."""
    if indices.dtype == np.intp:
        return values[indices]
    return np.take(values, indices)


def _row_values(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """``values[i]`` at every stored entry of row ``i`` of a CSR array, as
    ``np.repeat(values, np.diff(indptr))`` but faster when rows are short:
    a running sum of the changes from one non-empty row to the next.
    Integer ``values`` only (so the running sum is exact)."""
    out = np.zeros(int(indptr[-1]), dtype=values.dtype)
    if out.size == 0:
        return out
    starts = indptr[:-1]
    nonempty = starts < indptr[1:]
    v = values[nonempty]
    out[starts[nonempty]] = np.diff(v, prepend=v[:1] * 0)
    return np.cumsum(out, dtype=values.dtype, out=out)


def actor_ei_from_csr(
    indptr: np.ndarray,
    indices: np.ndarray,
    codes: np.ndarray,
    *,
    directed: bool,
    data: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``(external, internal)`` ties (or weights) at each actor of a CSR
    adjacency (every code >= 0); directed: arcs sent and received."""
    n = len(indptr) - 1
    deg = np.diff(indptr)
    cross = np.repeat(codes, deg) != codes[indices]
    w = np.ones(indices.size) if data is None else np.asarray(data, dtype=np.float64)
    wc = np.where(cross, w, 0.0)
    ext = _segment_sums(wc, indptr)
    tot = deg.astype(np.float64) if data is None else _segment_sums(w, indptr)
    if directed:
        ext = ext + np.bincount(indices, weights=wc, minlength=n)
        tot = tot + np.bincount(indices, weights=w, minlength=n)
    return ext, tot - ext


def numeric_assortativity_csr(
    A: sp.csr_array, x: np.ndarray, *, directed: bool, weighted: bool
) -> float:
    """Pearson correlation of ``x`` over the stored entries of ``A`` (each
    undirected tie in both orders; arcs as (sender, receiver)), computed as
    :math:`z_s^T A z_t / W` with degree-weighted means and variances, so
    the ties are never expanded: one sparse matrix-vector product (two when
    weighted). NaN without ties or variance."""
    n = A.shape[0]
    # None: every stored tie counts 1 (A's own weights when they are all 1:
    # the same product, without building an array of ones)
    data = A.data if weighted or _all_ones(A.data) else None
    if weighted:
        out_s = _matvec(A, data, np.ones(n))
        in_s = np.bincount(A.indices, weights=data, minlength=n) if directed else out_s
        W = float(out_s.sum())
    else:
        out_s = np.diff(A.indptr).astype(np.float64)
        in_s = np.bincount(A.indices, minlength=n).astype(np.float64) if directed else out_s
        W = float(A.nnz)  # = out_s.sum(), exactly
    if W == 0:
        return float("nan")
    ms = _dot(out_s, x) / W
    zs = x - ms
    vs = _dot(out_s, zs * zs) / W
    if directed:
        mt = _dot(in_s, x) / W
        zt = x - mt
        vt = _dot(in_s, zt * zt) / W
    else:  # the same degrees at both ends: the same mean and variance
        zt, vt = zs, vs
    cov = _dot(zs, _matvec(A, data, zt)) / W
    scale = max(float(x.max()), -float(x.min()), 1.0)  # max |x|, without a temporary
    tiny = (np.finfo(np.float64).eps * scale) ** 2 * 64
    if vs <= tiny or vt <= tiny:
        return float("nan")
    return cov / np.sqrt(vs * vt)


def _all_ones(data: np.ndarray) -> bool:
    """Whether every value is 1 (a look at the first few first: weighted
    graphs are told at once)."""
    return bool((data[:4096] == 1.0).all()) and bool((data == 1.0).all())


def _matvec(A: sp.csr_array, data: np.ndarray | None, x: np.ndarray) -> np.ndarray:
    """``A @ x`` with ``A``'s stored entries weighted by ``data`` (None: 1)."""
    if data is A.data:
        return A @ x
    w = np.ones(A.nnz) if data is None else data
    return sp.csr_array((w, A.indices, A.indptr), shape=A.shape) @ x


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """Vector dot product without BLAS: a multithreaded BLAS ``ddot`` can take
    milliseconds on a busy machine, einsum's loop takes microseconds."""
    return float(np.einsum("i,i->", a, b))


def _segment_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Sums of ``values`` over the CSR rows given by ``indptr`` (exact per row,
    unlike differences of a running sum)."""
    n = len(indptr) - 1
    out = np.zeros(n)
    if values.size == 0 or n == 0:
        return out
    nonempty = np.diff(indptr) > 0
    out[nonempty] = np.add.reduceat(values, indptr[:-1][nonempty])
    return out


def normalized_mixing(M: np.ndarray, *, directed: bool) -> np.ndarray:
    """Newman's ``e_xy``: sums to 1; undirected between-group mass split
    evenly between ``e_xy`` and ``e_yx``. NaN everywhere when there are no ties."""
    total = tie_total(M, directed=directed)
    if total == 0:
        return np.full(M.shape, np.nan)
    if directed:
        return M / total
    e = M / (2.0 * total)
    idx = np.diag_indices(M.shape[0])
    e[idx] = np.diag(M) / total
    return e


def ei_from_mixing(M: np.ndarray, *, directed: bool) -> float:
    """Network E-I index ``(E - I) / (E + I)``; NaN without ties or with
    fewer than two groups."""
    total = tie_total(M, directed=directed)
    if total == 0 or M.shape[0] < 2:
        return float("nan")
    internal = float(np.trace(M))
    return (total - 2.0 * internal) / total


def group_ei_from_mixing(M: np.ndarray, *, directed: bool) -> np.ndarray:
    """Per group, E-I over the ties with at least one end in the group
    (directed: arcs sent and received); NaN for groups without ties, and
    everywhere with fewer than two groups."""
    if M.shape[0] < 2:
        return np.full(M.shape[0], np.nan)
    internal = np.diag(M)
    if directed:
        external = M.sum(axis=1) + M.sum(axis=0) - 2.0 * internal
    else:
        external = M.sum(axis=1) - internal
    return _ratio(external - internal, external + internal)


def actor_ei_counts(
    src: np.ndarray,
    dst: np.ndarray,
    codes: np.ndarray,
    n: int,
    *,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``(external, internal)`` ties (or weights) at each actor, both ends of
    every tie counted (directed: in- and out-arcs). Ties with an end coded
    ``-1`` are left out."""
    cs = codes[src]
    ct = codes[dst]
    keep = (cs >= 0) & (ct >= 0)
    same = keep & (cs == ct)
    cross = keep & (cs != ct)
    out = []
    for m in (cross, same):
        w = None if weights is None else weights[m]
        out.append(
            np.bincount(src[m], weights=w, minlength=n).astype(np.float64, copy=False)
            + np.bincount(dst[m], weights=w, minlength=n)
        )
    return out[0], out[1]


def expected_ei_counts(sizes: np.ndarray) -> tuple[float, float]:
    """``(E_max, I_max)``: the numbers of unordered between- and within-group
    pairs, ``sum_{g<h} n_g n_h`` and ``sum_g n_g (n_g - 1) / 2``."""
    n = np.asarray(sizes, dtype=np.float64)
    total = n.sum()
    i_max = float((n * (n - 1.0)).sum() / 2.0)
    e_max = float((total * total - (n * n).sum()) / 2.0)
    return e_max, i_max


def assortativity_from_mixing(M: np.ndarray, *, directed: bool) -> float:
    """Newman's (2003) nominal assortativity
    ``r = (sum_x e_xx - sum_x a_x b_x) / (1 - sum_x a_x b_x)``.

    NaN without ties or when ``sum_x a_x b_x = 1`` (all tie ends in one group).
    """
    if M.size == 0 or np.isnan(M).any():
        return float("nan")
    internal = float(np.trace(M))
    if directed:
        return _nominal_r(internal, M.sum(axis=1), M.sum(axis=0), tie_total(M, directed=True),
                          directed=True)
    ends = (M + np.diag(np.diag(M))).sum(axis=1)  # tie ends in each group
    return _nominal_r(internal, ends, ends, tie_total(M, directed=False), directed=False)


def _nominal_r(internal: float, out_ends: np.ndarray, in_ends: np.ndarray, total: float, *,
               directed: bool) -> float:
    """Nominal r from the ties within groups, the tie ends of each group (arcs
    sent and received when directed; ``out_ends is in_ends`` and each group's
    degree sum otherwise) and the number of ties. With ``a_x`` and ``b_x`` the
    shares of the ends, ``r = (internal / total - a.b) / (1 - a.b)``.

    The one formula of both :func:`assortativity_from_mixing` and
    :func:`nominal_assortativity_csr`: given the same counts, the same bits."""
    if total == 0 or len(out_ends) == 0:
        return float("nan")
    if directed:
        a = out_ends / total
        b = in_ends / total
    else:
        a = b = out_ends / (2.0 * total)
    s = _dot(a, b)
    if np.isclose(s, 1.0, rtol=0.0, atol=1e-12):
        return float("nan")
    return (internal / total - s) / (1.0 - s)


def freeman_from_mixing(M: np.ndarray, sizes: np.ndarray, *, directed: bool) -> float:
    """Freeman's (1978) segregation ``S = (E[X] - X) / E[X]``, not truncated,
    with ``E[X] = L (N^2 - sum_g n_g^2) / (N (N - 1))``."""
    n = np.asarray(sizes, dtype=np.float64)
    N = n.sum()
    L = tie_total(M, directed=directed)
    X = L - float(np.trace(M))
    if N < 2:
        return float("nan")
    expected = L * (N * N - (n * n).sum()) / (N * (N - 1.0))
    if expected == 0:
        return float("nan")
    return (expected - X) / expected


def coleman_from_mixing(M: np.ndarray, sizes: np.ndarray, *, directed: bool) -> np.ndarray:
    """Coleman's (1958) homophily per group, in the exact form of R netseg.

    On the directed mixing matrix (undirected ties counted in both
    directions): ``d_g`` = row sum, ``w_gg`` = diagonal,
    ``E_g = d_g (n_g - 1) / (N - 1)``, and
    ``H_g = (w_gg - E_g) / (d_g - E_g)`` when ``w_gg > E_g``, else
    ``(w_gg - E_g) / E_g``. NaN where the denominator is 0.
    """
    n = np.asarray(sizes, dtype=np.float64)
    D = M if directed else M + np.diag(np.diag(M))
    d = D.sum(axis=1)
    w = np.diag(D)
    N = n.sum()
    if N < 2:
        return np.full(len(n), np.nan)
    expected = d * (n - 1.0) / (N - 1.0)
    above = w > expected
    return np.where(
        above,
        _ratio(w - expected, d - expected),
        _ratio(w - expected, expected),
    )


def relative_intensity_from_mixing(
    M: np.ndarray, sizes: np.ndarray, *, directed: bool
) -> np.ndarray:
    """Observed / expected ties per group pair, expected = ``L`` times the share
    of actor pairs that fall in the cell (ordered pairs when directed,
    unordered otherwise; within a group ``n_x (n_x - 1)`` or its half).
    NaN where no pair can fall in the cell."""
    n = np.asarray(sizes, dtype=np.float64)
    N = n.sum()
    L = tie_total(M, directed=directed)
    pairs = np.outer(n, n)
    pairs[np.diag_indices(len(n))] = n * (n - 1.0)
    all_pairs = N * (N - 1.0)
    if not directed:
        pairs[np.diag_indices(len(n))] /= 2.0
        all_pairs /= 2.0
    if all_pairs == 0:
        return np.full(M.shape, np.nan)
    expected = L * pairs / all_pairs
    return _ratio(M, expected)


def numeric_assortativity(
    x: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    *,
    directed: bool,
    weights: np.ndarray | None = None,
) -> float:
    """Pearson correlation of ``x`` over the ends of the ties (Newman 2003,
    eq. 21/26): undirected ties enter in both orders; directed arcs as
    (source value, target value). Ties with a NaN end are left out. NaN when
    there are no ties or a side has no variance."""
    xs = x[src]
    xt = x[dst]
    keep = ~(np.isnan(xs) | np.isnan(xt))
    w = None if weights is None else weights[keep]
    if not keep.all():
        xs, xt = xs[keep], xt[keep]
    if xs.size == 0:
        return float("nan")
    if w is None:
        w = np.ones(xs.size)
    W = float(w.sum())
    if W == 0:
        return float("nan")
    if directed:
        ms = _dot(w, xs) / W
        mt = _dot(w, xt) / W
        ds, dt = xs - ms, xt - mt
        cov = _dot(w, ds * dt) / W
        vs = _dot(w, ds * ds) / W
        vt = _dot(w, dt * dt) / W
    else:
        m = _dot(w, xs + xt) / (2.0 * W)
        ds, dt = xs - m, xt - m
        cov = _dot(w, ds * dt) / W
        vs = vt = _dot(w, ds * ds + dt * dt) / (2.0 * W)
    scale = max(float(np.max(np.abs(xs))), float(np.max(np.abs(xt))), 1.0)
    tiny = (np.finfo(np.float64).eps * scale) ** 2 * 16
    if vs <= tiny or vt <= tiny:
        return float("nan")
    return cov / np.sqrt(vs * vt)


def event_group_counts(B: sp.csr_array, codes: np.ndarray, k: int) -> sp.csc_array:
    """``k x n_events`` sparse counts of the actors of each group in each event
    (actors coded ``-1`` left out); every stored participation counts once,
    whatever its weight."""
    n_act = B.shape[0]
    keep = codes >= 0
    rows = np.flatnonzero(keep)
    G = sp.csr_array(
        (np.ones(rows.size), (codes[rows], rows)), shape=(k, n_act)
    )
    P = sp.csr_array((np.ones(B.nnz), B.indices, B.indptr), shape=B.shape)
    C = sp.csc_array(G @ P)
    C.eliminate_zeros()
    C.sort_indices()
    return C


def event_group_numbers(B: sp.csr_array, codes: np.ndarray, k: int) -> np.ndarray:
    """Number of distinct groups (codes >= 0) among the actors of each event
    of an actor x event incidence ``B``."""
    n_ev = B.shape[1]
    if n_ev * k <= 50_000_000:
        rc = np.repeat(codes, np.diff(B.indptr))
        keep = rc >= 0
        key = B.indices[keep].astype(np.int64) * k + rc[keep]
        counts = np.bincount(key, minlength=n_ev * k).reshape(n_ev, k)
        return np.count_nonzero(counts, axis=1).astype(np.int64)
    return np.diff(event_group_counts(B, codes, k).indptr).astype(np.int64)


#: Network-level statistics that :func:`network_statistic` recomputes from codes.
STATISTICS = ("ei", "assortativity", "freeman", "mixing")


def network_statistic(
    statistic: str,
    src: np.ndarray,
    dst: np.ndarray,
    codes: np.ndarray,
    k: int,
    *,
    directed: bool,
    weights: np.ndarray | None = None,
) -> float | np.ndarray:
    """One network-level mixing statistic from tie arrays and (possibly
    permuted) group codes -- the fast path of label permutation tests.

    ``statistic``: ``"ei"``, ``"assortativity"`` (nominal), ``"freeman"`` or
    ``"mixing"`` (the raw ``k x k`` matrix). Group sizes are the counts of
    the codes ``>= 0``, so permuting ``codes`` keeps them.
    """
    M = mixing_counts(src, dst, codes, k, directed=directed, weights=weights)
    if statistic == "ei":
        return ei_from_mixing(M, directed=directed)
    if statistic == "assortativity":
        return assortativity_from_mixing(M, directed=directed)
    if statistic == "freeman":
        sizes = np.bincount(codes[codes >= 0], minlength=k)
        return freeman_from_mixing(M, sizes, directed=directed)
    if statistic == "mixing":
        return M
    raise ValueError(f"unknown statistic {statistic!r}; choose one of {STATISTICS}")


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` with NaN where ``den == 0`` and no warning."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out
