"""Mixing between groups: pure functions of CSR arrays, tie ends and integer
group codes (no pandas, no graphs).

Two routes lead to the same numbers:

- **from the adjacency** (what the public measures run once):
  :func:`mixing_from_csr`, :func:`nominal_assortativity_csr`,
  :func:`actor_ei_from_csr` and :func:`numeric_assortativity_csr` read the
  stored entries of a CSR adjacency (an undirected tie is stored twice);
- **from the tie ends** (what label permutation tests run on every draw):
  :func:`tie_ends` lists every tie once, fixed for the whole test, and
  :func:`end_codes`, :func:`pair_counts`, :func:`within_counts` and
  :func:`tie_sums` count them for permuted codes. They count ties, so
  they are exact integers, equal to the first route's counts whatever the
  order of summation.

Both feed the same formulas: ``*_from_counts`` (E-I, group E-I, nominal
assortativity, Coleman, Freeman), which the ``*_from_mixing`` functions call
with the counts they read off the mixing matrix. Given the same counts, the
same bits.

Mixing matrix convention (``M``, shape ``(k, k)``):

- directed: ``M[x, y]`` = number (or weight) of arcs from group ``x`` to
  group ``y``;
- undirected: ``M[x, y] = M[y, x]`` = ties between ``x`` and ``y``; the
  diagonal counts each within-group tie once, so the total number of ties is
  ``(M.sum() + trace(M)) / 2``.

Group codes are in ``0..k-1`` unless said otherwise.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from . import _threads

__all__ = [
    "TieEnds",
    "actor_ei_from_csr",
    "actor_expected_ei",
    "assortativity_from_counts",
    "assortativity_from_mixing",
    "coleman_from_counts",
    "coleman_from_mixing",
    "ei_from_counts",
    "ei_from_mixing",
    "end_codes",
    "event_group_counts",
    "event_group_numbers",
    "event_spans_groups",
    "expected_ei",
    "expected_ei_counts",
    "freeman_from_counts",
    "freeman_from_mixing",
    "group_ei_from_counts",
    "group_ei_from_mixing",
    "group_expected_ei",
    "mixing_from_csr",
    "nominal_assortativity_csr",
    "normalized_mixing",
    "numeric_assortativity_csr",
    "pair_counts",
    "participation_from_csr",
    "relative_intensity_from_mixing",
    "small_codes",
    "tie_ends",
    "tie_total",
    "value_counts",
    "within_counts",
]

#: Up to this many distinct values, :func:`value_counts`, :func:`within_counts`
#: and :func:`pair_counts` count each with one comparison pass: about 25 such
#: vectorised passes cost what one ``np.bincount`` does on the same int8
#: values, whose increments of a few bins wait on each other.
_FEW_VALUES = 24


#: Stored entries summed by one ``np.bincount`` call in :func:`mixing_from_csr`.
_BLOCK = 1 << 16

#: Up to this many cells (``k * k``), :func:`mixing_from_csr` runs its blocks
#: on several threads: each block hands back its partial sums, one array of
#: ``k * k`` cells per :data:`_BLOCK` entries (16 of them, 8 MiB at most).
_PARALLEL_CELLS = 1 << 16


# ------------------------------------------------------------ from the adjacency
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
    order of the stored entries, by blocks of :data:`_BLOCK`). The entries
    are read :data:`.diversity.BLOCK_ENTRIES` at a time, so the working
    memory does not grow with the graph. With at most
    :data:`_PARALLEL_CELLS` cells the blocks run on the threads of
    :func:`._threads.threads`, each handing back its counts or its partial
    sums, which this thread adds in the order of the blocks: the bits do not
    depend on the number of threads.
    """
    from .diversity import BLOCK_ENTRIES

    if k == 0:
        return np.zeros((0, 0))
    small = small_codes(codes, k * k)
    indptr = np.asarray(indptr)
    nnz = int(indptr[-1])
    counts = np.zeros(k * k, dtype=np.int64)
    C = np.zeros(k * k)
    step = max(_BLOCK, BLOCK_ENTRIES - BLOCK_ENTRIES % _BLOCK)  # a multiple of _BLOCK

    def block(s: int):  # the cells of entries s..s+step-1: counts, or partial sums
        e = min(nnz, s + step)
        # the codes of the rows of entries s..e-1
        r0 = int(np.searchsorted(indptr, s, side="right")) - 1
        r1 = int(np.searchsorted(indptr, e, side="left"))
        key = np.repeat(small[r0:r1], np.diff(indptr[r0:r1 + 1]))[s - indptr[r0]:e - indptr[r0]]
        key *= small.dtype.type(k)
        key += _gather(small, indices[s:e])
        if data is None:
            return np.bincount(key, minlength=k * k)
        # in blocks: np.bincount copies its keys to intp
        parts = (np.bincount(key[lo:lo + _BLOCK], weights=data[s + lo:s + lo + _BLOCK],
                             minlength=k * k) for lo in range(0, key.size, _BLOCK))
        return list(parts) if n_threads > 1 else parts  # one thread: one at a time

    # partial sums of k * k cells each come back: threads only when they are few
    n_threads = _threads.threads(nnz) if k * k <= _PARALLEL_CELLS else 1
    for part in _threads.map_blocks(block, range(0, nnz, step), n_threads):
        if data is None:
            counts += part
        else:  # added in the order of the entries, whatever the threads
            for p in part:
                C += p
    if data is None:
        C = counts.astype(np.float64)
    C = C.reshape(k, k)
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
    (degrees) of each group, counted a block of rows at a time -- so it equals
    ``assortativity_from_mixing(mixing_from_csr(...))`` bit for bit: both
    feed the same exact counts to :func:`assortativity_from_counts`. The
    blocks run on the threads of :func:`._threads.threads`; the counts are
    integers, added in the order of the blocks, so the bits do not depend
    on the number of threads.
    """
    if k == 0 or indices.size == 0:
        return float("nan")
    from .diversity import BLOCK_ENTRIES, row_blocks

    small = small_codes(codes, k)

    def block(span):  # ties within groups, and the arcs each group receives
        lo, hi = span
        a, b = int(indptr[lo]), int(indptr[hi])
        target = _gather(small, indices[a:b])
        same = int(np.count_nonzero(np.repeat(small[lo:hi], np.diff(indptr[lo:hi + 1]))
                                    == target))
        return same, (np.bincount(target, minlength=k) if directed else None)

    same = 0
    in_ends = np.zeros(k, dtype=np.int64)  # arcs received by each group
    for block_same, block_in in _threads.map_blocks(
            block, row_blocks(indptr, BLOCK_ENTRIES), _threads.threads(indices.size)):
        same += block_same  # integer counts: exact in any order
        if directed:
            in_ends += block_in
    codes = np.asarray(codes, dtype=np.intp)
    deg = np.diff(indptr).astype(np.float64)
    out_ends = np.bincount(codes, weights=deg, minlength=k)
    if directed:
        in_ends = in_ends.astype(np.float64)
        return assortativity_from_counts(float(same), out_ends, in_ends, float(indices.size),
                                         directed=True)
    # each undirected tie is stored twice: ``same / 2`` ties within groups
    return assortativity_from_counts(same / 2.0, out_ends, out_ends, indices.size / 2.0,
                                     directed=False)


def small_codes(codes: np.ndarray, bound: int) -> np.ndarray:
    """``codes`` (each in ``-1..k-1``) in the narrowest signed integer type
    that holds ``bound``: gathers over the ties move fewer bytes."""
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


def actor_ei_from_csr(
    indptr: np.ndarray,
    indices: np.ndarray,
    codes: np.ndarray,
    *,
    directed: bool,
    data: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``(external, internal)`` ties (or weights) at each actor of a CSR
    adjacency (every code >= 0); directed: arcs sent and received.

    ``E_i = sum_{j: c_j != c_i} w_ij`` and ``I_i = sum_{j: c_j = c_i} w_ij``
    over actor ``i``'s stored entries (``w_ij = 1`` when ``data`` is None:
    counts), each weighted sum taken in the order of the entries from 0
    (``np.bincount``); directed, the same sums over the arcs ``j -> i`` it
    receives are added. One block of actors (at most
    :data:`.diversity.BLOCK_ENTRIES` entries) at a time, so the working
    memory does not grow with the graph; the blocks do not change the
    result. The blocks run on the threads of :func:`._threads.threads`, at
    most that many alive at once: each writes the sums of its own actors;
    directed, the sums over the arcs received, which cross the blocks, are
    added by the calling thread in the order of the blocks. So the bits do
    not depend on the number of threads.
    """
    from .diversity import BLOCK_ENTRIES, row_blocks

    indptr = np.asarray(indptr, dtype=np.int64)
    n = len(indptr) - 1
    external, internal = np.zeros(n), np.zeros(n)
    codes = small_codes(codes, int(np.max(codes, initial=0)) + 1)  # a cheaper gather

    def block(span):  # the out-sums of actors lo..hi-1; what the in-sums need
        lo, hi = span
        a, b = int(indptr[lo]), int(indptr[hi])
        deg = np.diff(indptr[lo:hi + 1])
        targets = indices[a:b]
        same = np.repeat(codes[lo:hi], deg) == np.take(codes, targets)  # c_j == c_i
        if data is None:  # integer counts: exact in any order
            internal[lo:hi] = _segment_counts(same, deg)
            external[lo:hi] = deg - internal[lo:hi]
            return targets, same, None, None
        row = np.repeat(np.arange(hi - lo, dtype=np.intp), deg)
        w = np.asarray(data[a:b], dtype=np.float64)
        w_same, w_cross = np.where(same, w, 0.0), np.where(same, 0.0, w)
        external[lo:hi] = np.bincount(row, weights=w_cross, minlength=hi - lo)
        internal[lo:hi] = np.bincount(row, weights=w_same, minlength=hi - lo)
        return targets, same, w_cross, w_same

    sums = _threads.map_blocks(block, row_blocks(indptr, BLOCK_ENTRIES),
                               _threads.threads(len(indices)))
    if not directed:
        for _ in sums:
            pass
        return external, internal
    # the arcs each actor receives, added here block after block: the order
    # of one thread (these sums cross the blocks)
    ext_in, int_in = np.zeros(n), np.zeros(n)
    for targets, same, w_cross, w_same in sums:
        if w_cross is None:
            int_in += np.bincount(targets[same], minlength=n)
            ext_in += np.bincount(targets[~same], minlength=n)
        else:  # in the order of the entries, as one bincount would
            np.add.at(ext_in, targets, w_cross)
            np.add.at(int_in, targets, w_same)
    external += ext_in
    internal += int_in
    return external, internal


def participation_from_csr(
    indptr: np.ndarray,
    indices: np.ndarray,
    data: np.ndarray,
    modules: np.ndarray,
    *,
    binary: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Guimerà and Amaral's participation ``P`` and within-module ``z``.

    With ``M`` symmetric (CSR arrays; ``w_ij`` its values, or 1 for each
    non-zero value with ``binary``), ``s_i`` the module of ``i`` (``modules``,
    -1: left out, its row NaN and its ties ignored),
    ``kappa_is = sum_{j: s_j = s} w_ij`` (the ego sums of
    :class:`.diversity.OneHotProduct`, one block of actors at a time) and
    ``k_i = sum_s kappa_is``:

    - ``P_i = 1 - sum_s (kappa_is / k_i)^2``, NaN when ``k_i = 0``;
    - ``z_i = (kappa_{i s_i} - mean) / sd`` over the members of ``s_i``
      (population SD), NaN when every member has the same
      ``kappa_{j s_j}`` (tested exactly, not by a rounded SD).

    The blocks of actors (and their ``P`` and ``kappa_{i s_i}``) run on the
    threads of :func:`._threads.threads`, each writing its own actors'
    values, at most that many blocks alive at once: the bits do not depend
    on the number of threads.
    """
    from .diversity import OneHotProduct

    modules = np.asarray(modules, dtype=np.int64)
    n = len(indptr) - 1
    n_modules = int(modules.max()) + 1 if n and modules.max() >= 0 else 0
    P = np.full(n, np.nan)
    kappa_own = np.zeros(n)
    sums = OneHotProduct(indptr, indices, data, n_modules, binary=binary)

    def block(lo: int, hi: int, X: sp.csr_array) -> None:  # writes rows lo..hi-1 only
        row = np.repeat(np.arange(hi - lo, dtype=np.intp), np.diff(X.indptr))
        k = np.bincount(row, weights=X.data, minlength=hi - lo)  # k_i = sum_s kappa_is
        with np.errstate(divide="ignore", invalid="ignore"):
            share = X.data / k[row]
            P[lo:hi] = 1.0 - np.bincount(row, weights=share * share, minlength=hi - lo)
        P[lo:hi][k == 0] = np.nan
        own = X.indices == modules[lo:hi][row]  # kappa_{i s_i}
        kappa_own[lo + row[own]] = X.data[own]

    for _ in sums.map(modules, block):
        pass
    z = np.full(n, np.nan)
    members = modules >= 0
    if members.any():
        s = modules[members]
        x = kappa_own[members]
        size = np.bincount(s, minlength=n_modules).astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):  # module codes with no member
            mean = np.bincount(s, x, minlength=n_modules) / size
            sd = np.sqrt(np.bincount(s, (x - mean[s]) ** 2, minlength=n_modules) / size)
        smallest = np.full(n_modules, np.inf)
        largest = np.full(n_modules, -np.inf)
        np.minimum.at(smallest, s, x)
        np.maximum.at(largest, s, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            z_members = (x - mean[s]) / sd[s]
        z_members[smallest[s] == largest[s]] = np.nan
        z[members] = z_members
    P[~members] = np.nan
    return P, z


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


# -------------------------------------------------------------- from the tie ends
class TieEnds(NamedTuple):
    """Every tie once, in CSR order (by source, then target): the upper
    triangle of an undirected adjacency, every arc of a directed one."""

    #: How many ties each actor is the source of.
    per_source: np.ndarray
    #: The target of each tie (intp).
    targets: np.ndarray
    #: The source of each tie (intp), or None when actors are the source of
    #: many ties each: ``np.repeat`` over ``per_source`` is then the faster
    #: way to their codes.
    sources: np.ndarray | None


#: Mean number of ties per source actor from which :func:`end_codes` repeats
#: each source's code instead of gathering it tie by tie (``np.repeat`` pays
#: per actor, a gather per tie; measured with int8 codes, numpy 2.4).
_REPEAT_FROM = 20


def tie_ends(indptr: np.ndarray, indices: np.ndarray, *, directed: bool) -> TieEnds:
    """The ties of a CSR adjacency, each once (:class:`TieEnds`)."""
    indices = np.asarray(indices)
    n = len(indptr) - 1
    per_row = np.diff(indptr)
    rows = np.repeat(np.arange(n, dtype=np.intp), per_row)
    if directed:
        per_source, sources, targets = per_row.astype(np.intp), rows, indices.astype(np.intp)
    else:
        upper = indices > rows
        sources, targets = rows[upper], indices[upper].astype(np.intp)
        per_source = np.bincount(sources, minlength=n).astype(np.intp)
    if targets.size >= _REPEAT_FROM * max(n, 1):
        sources = None
    return TieEnds(per_source, targets, sources)


def end_codes(codes: np.ndarray, ties: TieEnds) -> tuple[np.ndarray, np.ndarray]:
    """The codes at the source and at the target of every tie, in the dtype
    of ``codes`` (pass small ones: :func:`small_codes`)."""
    if ties.sources is None:
        source = np.repeat(codes, ties.per_source)
    else:
        source = np.take(codes, ties.sources)
    return source, np.take(codes, ties.targets)


def value_counts(values: np.ndarray, n_values: int) -> np.ndarray:
    """How often each of ``0..n_values-1`` occurs in an integer array (int64)."""
    if n_values <= _FEW_VALUES:
        return np.array([np.count_nonzero(values == v) for v in range(n_values)],
                        dtype=np.int64)
    return np.bincount(values, minlength=n_values).astype(np.int64, copy=False)


def within_counts(source: np.ndarray, target: np.ndarray, k: int) -> np.ndarray:
    """Ties with both ends in group ``x``, for each group (int64), from the
    end codes of the ties (every code >= 0, ``k * k`` representable in
    their dtype)."""
    key = source * source.dtype.type(k) + target
    if k <= _FEW_VALUES:
        return np.array([np.count_nonzero(key == x * (k + 1)) for x in range(k)],
                        dtype=np.int64)
    return np.bincount(key, minlength=k * k)[:: k + 1].astype(np.int64, copy=False)


def pair_counts(source: np.ndarray, target: np.ndarray, k: int, *, directed: bool,
                ends: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The ``k x k`` mixing matrix of unweighted ties (float64), from the end
    codes of the ties (every code >= 0, ``k * k`` representable in their
    dtype): arcs from ``x`` to ``y`` when directed; undirected, ties between
    ``x`` and ``y`` in both ``[x, y]`` and ``[y, x]``, each within-group tie
    once on the diagonal (the convention of :func:`mixing_from_csr`).

    ``ends``, optional: the tie ends of each group, ``(sent, received)``
    (undirected: each group's degree sum, twice), summed over the actors.
    When the cells are few enough to be counted one pass each, the cells of
    the last group then follow from these sums instead of being counted:
    undirected, ``d_x = 2 M[x, x] + sum_{y != x} M[x, y]``; directed, the row
    and column sums. Exact: all are integer counts.
    """
    kk = source.dtype.type(k)
    if directed:
        key = source * kk + target
        if ends is None or k * k > _FEW_VALUES or k < 2:
            return value_counts(key, k * k).reshape(k, k).astype(np.float64)
        sent, received = (np.asarray(e, dtype=np.int64) for e in ends)
        C = np.zeros((k, k), dtype=np.int64)
        for x in range(k - 1):
            for y in range(k - 1):
                C[x, y] = np.count_nonzero(key == x * k + y)
        C[:-1, -1] = sent[:-1] - C[:-1, :-1].sum(axis=1)
        C[-1, :-1] = received[:-1] - C[:-1, :-1].sum(axis=0)
        C[-1, -1] = sent[-1] - C[-1, :-1].sum()
        return C.astype(np.float64)
    key = np.minimum(source, target) * kk + np.maximum(source, target)
    C = np.zeros((k, k), dtype=np.int64)
    if k * (k + 1) // 2 > _FEW_VALUES:
        C = np.bincount(key, minlength=k * k).reshape(k, k)
    else:
        last = k - 1 if (ends is not None and k >= 2) else k
        for x in range(last):
            for y in range(x, last):
                C[x, y] = np.count_nonzero(key == x * k + y)
        if last < k:
            degree = np.asarray(ends[0], dtype=np.int64)
            U = C + np.triu(C, 1).T  # the groups before the last, symmetric
            C[:-1, -1] = degree[:-1] - U[:-1, :-1].sum(axis=1) - U.diagonal()[:-1]
            C[-1, -1] = (degree[-1] - C[:-1, -1].sum()) // 2
    return (C + np.triu(C, 1).T).astype(np.float64)


def _segment_counts(flags: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """How many flags are set in each of the consecutive segments of the
    given lengths: differences of a running count (exact, integers)."""
    run = np.zeros(flags.size + 1, dtype=np.int32 if flags.size < 2**31 else np.int64)
    np.cumsum(flags, out=run[1:])
    bounds = np.zeros(len(lengths) + 1, dtype=np.intp)
    np.cumsum(lengths, out=bounds[1:])
    return np.diff(run[bounds]).astype(np.int64)


# --------------------------------------------------------------------- formulas
def ei_from_counts(internal: float, total: float, k: int) -> float:
    """Network E-I index ``(E - I) / (E + I) = (L - 2 I) / L`` from the ties
    within groups ``I`` and all ties ``L``; NaN without ties or with fewer
    than two groups ``k``."""
    if total == 0 or k < 2:
        return float("nan")
    return (total - 2.0 * internal) / total


def ei_from_mixing(M: np.ndarray, *, directed: bool) -> float:
    """Network E-I index of a mixing matrix (:func:`ei_from_counts`)."""
    return ei_from_counts(float(np.trace(M)), tie_total(M, directed=directed), M.shape[0])


def group_ei_from_counts(internal: np.ndarray, external: np.ndarray) -> np.ndarray:
    """Per group, ``(E_g - I_g) / (E_g + I_g)`` from its internal and
    external ties; NaN for groups without ties."""
    return _ratio(external - internal, external + internal)


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
    return group_ei_from_counts(internal, external)


def expected_ei_counts(sizes: np.ndarray) -> tuple[float, float]:
    """``(E_max, I_max)``: the numbers of unordered between- and within-group
    pairs, ``sum_{g<h} n_g n_h`` and ``sum_g n_g (n_g - 1) / 2``."""
    n = np.asarray(sizes, dtype=np.float64)
    total = n.sum()
    i_max = float((n * (n - 1.0)).sum() / 2.0)
    e_max = float((total * total - (n * n).sum()) / 2.0)
    return e_max, i_max


def expected_ei(sizes: np.ndarray) -> float:
    """The network E-I index if every possible tie existed,
    ``(E_max - I_max) / (E_max + I_max)`` (:func:`expected_ei_counts`)."""
    e_max, i_max = expected_ei_counts(sizes)
    return float(_ratio(e_max - i_max, e_max + i_max))


def group_expected_ei(sizes: np.ndarray) -> np.ndarray:
    """Per group, the E-I index if every possible tie existed:
    ``E = n_g (N - n_g)``, ``I = n_g (n_g - 1) / 2``."""
    n = np.asarray(sizes, dtype=np.float64)
    N = n.sum()
    e = n * (N - n)
    i = n * (n - 1.0) / 2.0
    return _ratio(e - i, e + i)


def actor_expected_ei(sizes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per actor of group code ``codes``, the E-I index of its ties if it
    were tied to every other actor: ``((N - n_g) - (n_g - 1)) / (N - 1)``."""
    n = np.asarray(sizes, dtype=np.float64)
    N = n.sum()
    ng = n[codes]
    return _ratio((N - ng) - (ng - 1.0), N - 1.0)


def assortativity_from_counts(internal: float, out_ends: np.ndarray, in_ends: np.ndarray,
                              total: float, *, directed: bool) -> float:
    """Newman's (2003) nominal assortativity from the ties within groups, the
    tie ends of each group (arcs sent and received when directed; each
    group's degree sum twice otherwise) and the number of ties. With
    ``a_x`` and ``b_x`` the shares of the ends,
    ``r = (internal / total - a.b) / (1 - a.b)``; NaN without ties or when
    ``a.b = 1`` (all tie ends in one group)."""
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


def assortativity_from_mixing(M: np.ndarray, *, directed: bool) -> float:
    """Nominal assortativity of a mixing matrix (:func:`assortativity_from_counts`);
    NaN when it has NaN cells."""
    if M.size == 0 or np.isnan(M).any():
        return float("nan")
    internal = float(np.trace(M))
    if directed:
        return assortativity_from_counts(internal, M.sum(axis=1), M.sum(axis=0),
                                         tie_total(M, directed=True), directed=True)
    ends = (M + np.diag(np.diag(M))).sum(axis=1)  # tie ends in each group
    return assortativity_from_counts(internal, ends, ends, tie_total(M, directed=False),
                                     directed=False)


def freeman_from_counts(internal: float, total: float, sizes: np.ndarray) -> float:
    """Freeman's (1978) segregation ``S = (E[X] - X) / E[X]``, not truncated,
    from the ties within groups and all ties ``L`` (``X = L - internal``),
    with ``E[X] = L (N^2 - sum_g n_g^2) / (N (N - 1))``."""
    n = np.asarray(sizes, dtype=np.float64)
    N = n.sum()
    L = total
    X = L - internal
    if N < 2:
        return float("nan")
    expected = L * (N * N - (n * n).sum()) / (N * (N - 1.0))
    if expected == 0:
        return float("nan")
    return (expected - X) / expected


def freeman_from_mixing(M: np.ndarray, sizes: np.ndarray, *, directed: bool) -> float:
    """Freeman's segregation of a mixing matrix (:func:`freeman_from_counts`)."""
    return freeman_from_counts(float(np.trace(M)), tie_total(M, directed=directed), sizes)


def coleman_from_counts(within_ends: np.ndarray, ends: np.ndarray,
                        sizes: np.ndarray) -> np.ndarray:
    """Coleman's (1958) homophily per group, in the exact form of R netseg,
    from the group's tie ends inside it ``w_g`` and all its tie ends ``d_g``
    (on the directed mixing matrix: its diagonal and row sums):
    ``E_g = d_g (n_g - 1) / (N - 1)``, and
    ``H_g = (w_g - E_g) / (d_g - E_g)`` when ``w_g > E_g``, else
    ``(w_g - E_g) / E_g``. NaN where the denominator is 0."""
    n = np.asarray(sizes, dtype=np.float64)
    d = ends
    w = within_ends
    N = n.sum()
    if N < 2:
        return np.full(len(n), np.nan)
    # the share first: exactly 1 for a group of every actor, so that E_g = d_g
    # and H_g = 0 there (d_g (n_g - 1) / (N - 1) can round below w_g = d_g)
    expected = d * ((n - 1.0) / (N - 1.0))
    above = w > expected
    return np.where(
        above,
        _ratio(w - expected, d - expected),
        _ratio(w - expected, expected),
    )


def coleman_from_mixing(M: np.ndarray, sizes: np.ndarray, *, directed: bool) -> np.ndarray:
    """Coleman's homophily of a mixing matrix (:func:`coleman_from_counts`),
    undirected ties counted in both directions."""
    D = M if directed else M + np.diag(np.diag(M))
    return coleman_from_counts(np.diag(D), D.sum(axis=1), sizes)


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


# ----------------------------------------------------------------------- events
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


def event_spans_groups(member_codes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Whether the members of each event come from two groups or more:
    ``member_codes`` lists the codes of each event's members one event
    after the other, ``starts`` where each event's list starts (every list
    non-empty). A list holds two codes or more exactly when two neighbours
    in it differ, so one comparison of neighbours and a running count do
    (no per-event reduction)."""
    change = np.zeros(member_codes.size, dtype=bool)
    if member_codes.size:
        np.not_equal(member_codes[1:], member_codes[:-1], out=change[1:])
    change[starts] = False  # the first member of an event follows another event
    lengths = np.diff(np.append(starts, member_codes.size))
    return _segment_counts(change, lengths) > 0


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` with NaN where ``den == 0`` and no warning."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out
