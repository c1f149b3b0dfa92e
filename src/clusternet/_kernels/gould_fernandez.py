"""Gould-Fernandez brokerage counts, and R sna's null model, on CSR arrays.

A 2-path ``a -> b -> c`` with ``a != c`` and no tie ``a -> c`` makes ``b`` a
broker. Its role depends only on which of the pairs ``(a, b)``, ``(b, c)``,
``(a, c)`` share a group, written here as the *path code*

    ``4 [G(a) = G(b)] + 2 [G(b) = G(c)] + [G(a) = G(c)]``

(0, 1, 2, 4 or 7: codes 3, 5 and 6 would break the transitivity of "same
group"). The kernels know the path codes only; the role names, sna's codes
and the column order come from the caller (``clusternet.brokerage``'s role
table), which passes the path code of each column it wants.

Counting (:func:`gf_counts`): for each broker ``b`` the ordered pairs
(``a`` among its in-contacts, ``c`` among its out-contacts) are counted by
path code from group-wise degrees (:func:`_pairs_by_code`); the pairs with
``a == c`` (reciprocated ties) are left out there, and the closed ones
(``a -> c`` present, which makes ``a, b, c`` a triangle of the symmetrised
pattern) are found by triangle listing (:func:`_closed_by_code`) and
subtracted. No 2-path is enumerated.

Engines: the counts are made by the compiled loops
(:func:`._compiled.gf_counts`) when numba is installed and the graph is
not small (:mod:`._compiled`); the vectorised code of this module is the
*numpy engine*, the fallback without numba, kept because it is tested
equal (integer counts, exactly; ``tests/test_kernels_compiled.py`` and
``tests/test_gf_memory.py`` on random graphs, directed and undirected).

Working memory (issue 18: under half the graph's CSR, int32 columns and
float64 values, 12 bytes per stored entry): the compiled engine reads the
graph's own CSR as a pattern (no copy, its values never read; symmetry,
when not given, found by a binary search of each entry's reverse, no
transpose) and holds the symmetric pattern in rank space, 4 bytes per
entry with the directions of each pair packed beside its column, plus
about 80 bytes per node (two threads): measured (``benchmarks/bench_gf_memory.py``)
0.42 times the graph at 9.0e6 undirected ties. A directed graph's
triangles, and so its closed 2-paths, are those of its symmetric pattern
(any pair tied either way), which it does not store: that pattern takes
``(2 - r)`` entries per arc (``r`` the share of reciprocated arcs),
between 0.33 and 0.67 times the graph, 0.73 times in all measured at
5.4e6 arcs (``r = 0.3``). The numpy engine keeps its memory: a copy
of the pattern with unit values, the transpose when symmetry is not
given (and the symmetric pattern with directions), int64 rows, columns
and group codes per entry for :func:`_pairs_by_code`, the relabelled
symmetric pattern of :func:`.triangles.ranked` and the triangle buffers
of ``budget``: measured 6.3 times the graph at 2.5e6 undirected ties,
14 times at 1.5e6 arcs.

Where each role is computed: the pairs of each path code in
:func:`_pairs_by_code` (numpy) and ``_gf_open_rows`` (compiled), one line
per code (7 coordinator, 1 itinerant, 4 representative, 2 gatekeeper,
0 liaison, in the docstring's order); the six closed 2-paths around a
triangle in :func:`_closed_by_code` (numpy) and ``_gf_rows`` (compiled),
one line each, commented ``a -> b -> c``.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from . import _compiled
from .triangles import BLOCK, STEP, ranked, triangles

__all__ = ["PATH_CODES", "gf_counts", "gf_null", "path_code", "two_path_count"]

#: The path codes that can occur, increasing: all three in different
#: groups (0), only a and c together (1), only b and c (2), only a and b (4),
#: all three together (7).
PATH_CODES = (0, 1, 2, 4, 7)

#: Number of path-code columns (codes 0..7; 3, 5 and 6 stay empty).
_WIDTH = 8


def path_code(same_ab: bool, same_bc: bool, same_ac: bool) -> int:
    """The path code of a 2-path ``a -> b -> c`` from which pairs share a group."""
    return 4 * int(same_ab) + 2 * int(same_bc) + int(same_ac)


# ------------------------------------------------------------------- counts
def gf_counts(A: sp.csr_array, codes: np.ndarray, path_codes: Sequence[int], *,
              symmetric: bool | None = None, budget: int | None = None,
              engine: str | None = None) -> np.ndarray:
    """Open 2-paths per broker, by path code: shape ``(n, len(path_codes))``.

    Parameters
    ----------
    A : csr_array
        A directed pattern (an undirected graph passes its symmetric
        matrix: each unordered pair is then counted both ways, as in R sna);
        weights are ignored.
    codes : int array
        Non-negative group code of every node.
    path_codes : sequence of int
        The path code (module docstring) of each column wanted.
    symmetric : bool, optional
        Whether ``A`` is symmetric (checked when None).
    budget : int, optional
        Bound on the look-ups per step and the codes held before they are
        counted; by default ``max(BLOCK, 4 n)`` (numpy engine).
    engine : {"numba", "numpy"}, optional
        Who counts: the compiled loops (:func:`._compiled.gf_counts`,
        4 bytes per entry of the symmetric pattern: see the module
        docstring) or the vectorised code of this module, the fallback
        without numba; the counts are the same integers. Default: numba
        when it can be imported and ``A`` is not small
        (:func:`._compiled.resolve`).
    """
    codes = np.asarray(codes, dtype=np.int64)
    if _compiled.resolve(engine, A.nnz) == "numba":
        return _compiled.gf_counts(A, codes, path_codes, symmetric)
    n = A.shape[0]
    B = _pattern(A)
    if symmetric is None:
        symmetric = _is_symmetric(B)
    if budget is None:
        budget = max(BLOCK, 4 * n)
    closed = _closed_by_code(B, codes, symmetric, budget)
    open_paths = _pairs_by_code(B, codes, symmetric) - closed
    return open_paths[:, list(path_codes)]


def _pairs_by_code(B: sp.csr_array, codes: np.ndarray, symmetric: bool) -> np.ndarray:
    """Pairs (``a`` in-contact, ``c`` out-contact, ``a != c``) of each broker
    ``b`` by path code, shape ``(n, 8)``, from group-wise degrees:

    - 7, all together: ``in_own * out_own - mutual_own``;
    - 1, ``a`` and ``c`` together without ``b``:
      ``same_group_pairs - in_own * out_own - (mutual - mutual_own)``;
    - 4, ``a`` with ``b``: ``in_own * (out - out_own)``;
    - 2, ``c`` with ``b``: ``(in - in_own) * out_own``;
    - 0, the rest: ``in * out - mutual`` less the four above;

    where ``in``/``out`` count ``b``'s in- and out-contacts, ``*_own`` those
    in ``b``'s group, ``mutual`` the reciprocated contacts (the pairs with
    ``a == c``) and ``same_group_pairs`` the pairs whose ends share a group
    (``sum_g in_g * out_g`` over groups ``g``).
    """
    n = B.shape[0]
    k = int(codes.max()) + 1 if n else 0
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(B.indptr))
    cols = B.indices.astype(np.int64)
    n_out = np.diff(B.indptr).astype(np.float64)
    col_codes = codes[cols]
    out_by_group = _group_counts(rows, col_codes, n, k)
    if symmetric and isinstance(out_by_group, np.ndarray):
        # ties to the own group: read off the group-wise counts
        n_out_own = out_by_group[np.arange(n), codes]
    else:
        same = col_codes == codes[rows]
        n_out_own = np.bincount(rows[same], minlength=n).astype(np.float64)
    if symmetric:
        n_in, n_in_own, in_by_group = n_out, n_out_own, out_by_group
        n_mutual, n_mutual_own = n_out, n_out_own
    else:
        n_in = np.bincount(cols, minlength=n).astype(np.float64)
        n_in_own = np.bincount(cols[same], minlength=n).astype(np.float64)
        in_by_group = _group_counts(cols, codes[rows], n, k)
        # reciprocated ties b <-> a: (b, a) stored and (a, b) stored
        keys = rows * n + cols
        pos = np.searchsorted(keys, cols * n + rows)
        pos[pos == len(keys)] = max(len(keys) - 1, 0)
        mutual = keys[pos] == cols * n + rows if len(keys) else np.zeros(0, dtype=bool)
        n_mutual = np.bincount(rows[mutual], minlength=n).astype(np.float64)
        n_mutual_own = np.bincount(rows[mutual & same], minlength=n).astype(np.float64)
    if isinstance(in_by_group, np.ndarray):
        same_group_pairs = (in_by_group * out_by_group).sum(axis=1)
    else:
        same_group_pairs = np.asarray(in_by_group.multiply(out_by_group).sum(axis=1)).ravel()

    pairs = np.zeros((n, _WIDTH))
    pairs[:, 7] = n_in_own * n_out_own - n_mutual_own  # coordinator
    pairs[:, 1] = (same_group_pairs - n_in_own * n_out_own) - (n_mutual - n_mutual_own)  # itinerant
    pairs[:, 4] = n_in_own * (n_out - n_out_own)  # representative
    pairs[:, 2] = (n_in - n_in_own) * n_out_own  # gatekeeper
    pairs[:, 0] = n_in * n_out - n_mutual - pairs[:, [7, 1, 4, 2]].sum(axis=1)  # liaison
    return pairs


def two_path_count(A: sp.csr_array) -> int:
    """Number of 2-paths ``a -> b -> c`` with ``a != c`` in the pattern of ``A``."""
    B = _pattern(A)
    n = B.shape[0]
    n_in = np.bincount(B.indices, minlength=n).astype(np.int64)
    n_out = np.diff(B.indptr).astype(np.int64)
    n_mutual = np.diff(sp.csr_array(B.multiply(B.T)).indptr).astype(np.int64)
    return int((n_in * n_out - n_mutual).sum())


def _pattern(A: sp.csr_array) -> sp.csr_array:
    """``A`` with every stored non-zero set to 1, canonical."""
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


def _is_symmetric(B: sp.csr_array) -> bool:
    if B.shape[0] == 0:
        return True
    T = sp.csr_array(B.T)
    T.sort_indices()
    return bool(np.array_equal(B.indptr, T.indptr) and np.array_equal(B.indices, T.indices))


# ------------------------------------------------------------ closed 2-paths
#
# Closed 2-paths are counted per broker and *triangle code*: for a triangle
# of nodes u < v < w (ranks), 4 [G(u)=G(v)] + 2 [G(u)=G(w)] + [G(v)=G(w)].
# The tables below turn a 2-path's place in its triangle and the triangle
# code into the 2-path's path code.

#: The bit of the triangle code that says whether two nodes share a group.
_PAIR_BIT = {"uv": 2, "uw": 1, "vw": 0}

#: The six 2-paths a -> b -> c around a triangle, two per broker b (u, v, w).
PATHS_AROUND_TRIANGLE = (("v", "u", "w"), ("w", "u", "v"), ("u", "v", "w"),
                         ("w", "v", "u"), ("u", "w", "v"), ("v", "w", "u"))


def _same(triangle_code: int, x: str, y: str) -> bool:
    return bool(triangle_code >> _PAIR_BIT["".join(sorted(x + y))] & 1)


def path_code_in_triangle(path: tuple[str, str, str], triangle_code: int) -> int:
    """Path code of the 2-path ``a -> b -> c`` (named by triangle position)."""
    a, b, c = path
    return path_code(_same(triangle_code, a, b), _same(triangle_code, b, c),
                     _same(triangle_code, a, c))


def _one_hot(code: int) -> np.ndarray:
    row = np.zeros(_WIDTH)
    row[code] = 1.0
    return row


#: Directed graphs: row ``8 * kind + triangle code`` -> path-code counts
#: (one-hot), ``kind`` indexing :data:`PATHS_AROUND_TRIANGLE`.
DIRECTED_PATHS = np.array([_one_hot(path_code_in_triangle(path, tc))
                           for path in PATHS_AROUND_TRIANGLE for tc in range(8)])


def _symmetric_class(triangle_code: int, broker: str) -> int:
    """Symmetric graphs: both 2-paths through a broker are there, and their
    path codes depend only on which of its two partners share its group:
    class 0 all three (two paths of code 7), 1 the partners but not the
    broker (two of code 1), 2 the broker and one partner (one of code 4,
    one of code 2), 3 none (two of code 0)."""
    x, y = (p for p in "uvw" if p != broker)
    with_x, with_y = _same(triangle_code, broker, x), _same(triangle_code, broker, y)
    if with_x and with_y:
        return 0
    if with_x or with_y:
        return 2
    return 1 if _same(triangle_code, x, y) else 3


#: Symmetric graphs: class of the broker by its position (u, v, w) and the
#: triangle code (codes 3, 5 and 6 cannot occur).
SYMMETRIC_CLASS = np.array([[_symmetric_class(tc, broker) for tc in range(8)]
                            for broker in "uvw"], dtype=np.int64)

#: Symmetric graphs: path-code counts of each class (the two 2-paths).
SYMMETRIC_PATHS = np.array([2 * _one_hot(7), 2 * _one_hot(1),
                            _one_hot(4) + _one_hot(2), 2 * _one_hot(0)])


def _closed_by_code(B: sp.csr_array, codes: np.ndarray, symmetric: bool,
                    budget: int) -> np.ndarray:
    """Closed 2-paths (``a -> b -> c`` with ``a -> c``) per broker and path
    code, shape ``(n, 8)``, by triangle listing."""
    n = B.shape[0]
    if symmetric:
        either = B
    else:
        # symmetric pattern whose value says which directions exist:
        # 1 * [i -> j] + 2 * [j -> i]
        either = sp.csr_array(B + 2.0 * B.T)
        either.sort_indices()
    R = ranked(either, upper_only=True)
    high, low = R.tie_high, R.tie_low
    group = codes[R.order]
    # per tie, its ends in one group, as the bits 4, 2 and 1 of the triangle
    # code (for the tie as uv, uw and vw)
    same = (group[low] == group[high]).astype(np.int8)
    same4, same2 = same * np.int8(4), same * np.int8(2)
    if symmetric:
        # counts per broker by class (see _symmetric_class)
        width = 4
        classes = SYMMETRIC_CLASS
    else:
        # counts per broker of each of the six 2-paths around a triangle
        # (broker position u < v < w, then which of its two) by triangle code
        width = 6 * 8
        direction = R.tie_weight.astype(np.int8)
        up = (direction & 1).astype(bool)  # low -> high rank
        down = (direction & 2).astype(bool)  # high -> low rank
    counts = np.zeros(n * width, dtype=np.int64)
    # counter slots (broker * width + column) collected over many steps,
    # then counted by one bincount (at least as many as the counters, so
    # that each costs O(1) to count)
    spool = np.empty(max(3 * STEP, min(budget, 4 * R.n_ties), n * width), dtype=np.int64)
    fill = 0
    for t in triangles(R, budget):
        u = low[t.uv]
        v = high[t.uv]
        w = high[t.uw]
        triangle_code = same4[t.uv] + same2[t.uw]
        triangle_code += same[t.vw]
        if symmetric:
            slots = np.concatenate((u * 4 + classes[0][triangle_code],
                                    v * 4 + classes[1][triangle_code],
                                    w * 4 + classes[2][triangle_code]))
        else:
            up_uv, down_uv = up[t.uv], down[t.uv]
            up_uw, down_uw = up[t.uw], down[t.uw]
            up_vw, down_vw = up[t.vw], down[t.vw]
            # the six 2-paths, in the order of PATHS_AROUND_TRIANGLE: each
            # needs its two ties and the closing tie a -> c
            slots = np.concatenate([b[there] * width + (triangle_code[there] + 8 * kind)
                                  for kind, (b, there) in enumerate((
                                      (u, down_uv & up_uw & up_vw),    # v -> u -> w
                                      (u, down_uw & up_uv & down_vw),  # w -> u -> v
                                      (v, up_uv & up_vw & up_uw),      # u -> v -> w
                                      (v, down_vw & down_uv & down_uw),  # w -> v -> u
                                      (w, up_uw & down_vw & up_uv),    # u -> w -> v
                                      (w, up_vw & down_uw & down_uv),  # v -> w -> u
                                  ))])
        if fill + len(slots) > len(spool):
            counts += np.bincount(spool[:fill], minlength=n * width)
            fill = 0
            if len(slots) > len(spool):
                spool = np.empty(len(slots), dtype=np.int64)
        spool[fill:fill + len(slots)] = slots
        fill += len(slots)
    counts += np.bincount(spool[:fill], minlength=n * width)
    counts = counts.reshape(n, width).astype(np.float64)
    closed = counts @ (SYMMETRIC_PATHS if symmetric else DIRECTED_PATHS)
    out = np.empty((n, _WIDTH))
    out[R.order] = closed
    return out


# ---------------------------------------------------------------- null model
def gf_null(sizes: np.ndarray, m: int, path_codes: Sequence[int]) -> dict[str, np.ndarray]:
    """Expected counts and variances under R sna's null model (``brokerage()``).

    Parameters
    ----------
    sizes : int array
        Group sizes ``n_g``; ``N = sum(sizes)``.
    m : int
        Number of (directed) ties; density ``d = m / (N (N - 1))``.
    path_codes : sequence of int
        The path code (module docstring) of each column wanted; the total
        follows as a last column.

    Returns
    -------
    dict with ``group_expected``, ``group_var`` (``(k, len(path_codes) + 1)``:
    per group, for an actor of the group) and ``network_expected``,
    ``network_var`` (``len(path_codes) + 1``).

    Notes
    -----
    The formulas are those of sna 2.7 ``brokerage()`` (Butts 2008): each
    ordered pair is tied independently with probability ``d``, so a 2-path
    is open with probability ``a_2 = d^2 (1-d)``; an actor of a group of
    size ``n_g`` has ``c`` possible 2-paths of a kind, expects ``a_2 c``,
    with variance ``a_2 c (1 - a_2) + v a_3``, where ``a_3 = d^3 (1-d)^3``
    and ``v`` counts the pairs of its possible 2-paths that share a tie:

    ============  ===================================  ==============================
    path code     ``c``                                ``v``
    ============  ===================================  ==============================
    7             ``(n_g-1)(n_g-2)``                   ``2 (n_g-1)(n_g-2)(n_g-3)``
    1             ``sum_{h != g} n_h (n_h-1)``         ``2 sum_{h != g} n_h (n_h-1)(n_h-2)``
    4 and 2       ``(N-n_g)(n_g-1)``                   ``2 ((n_g-1) C(N-n_g, 2) + (N-n_g) C(n_g-1, 2))``
    0             ``sum_{h != l != g} n_h n_l``        ``4 sum_{h != g} n_h C(N-n_h-n_g, 2)``
    total         ``(N-1)(N-2)``                       ``2 (N-1)(N-2)(N-3)``
    ============  ===================================  ==============================

    The network totals add terms in ``a_4 = d^4 (1-d)^2`` and
    ``a_5 = d^5 (1-d)``, term by term as sna. Its sums over pairs and
    triples of groups are rewritten here as power sums of the group sizes,
    evaluated in exact integer arithmetic; only the density factors are
    floating point.
    """
    sizes = [int(x) for x in sizes]
    N = sum(sizes)
    d = m / (N * (N - 1)) if N > 1 else np.nan
    a2 = d * d * (1 - d)
    a3 = d**3 * (1 - d) ** 3
    a4 = d**4 * (1 - d) ** 2
    a5 = d**5 * (1 - d)

    def ch2(x: int) -> int:  # R's choose(x, 2) for any integer x
        return x * (x - 1) // 2

    # power sums and other sums over groups, exact
    p1, p2 = N, sum(x * x for x in sizes)
    p3 = sum(x**3 for x in sizes)
    sum_nn1 = sum(x * (x - 1) for x in sizes)
    sum_nn12 = sum(x * (x - 1) * (x - 2) for x in sizes)
    A0 = sum(x * (N - x) * (N - x - 1) for x in sizes)
    A1 = sum(x * (2 * (N - x) - 1) for x in sizes)

    columns = [*path_codes, "total"]
    group_expected = np.zeros((len(sizes), len(columns)))
    group_var = np.zeros((len(sizes), len(columns)))
    for i, x in enumerate(sizes):
        # (c, v) of the table in the Notes, by path code
        representative = ((N - x) * (x - 1), 2 * ((x - 1) * ch2(N - x) + (N - x) * ch2(x - 1)))
        # sum_{j != i} n_j C(N - n_j - n_i, 2), expanded in n_i
        liaison_v = (A0 - x * A1 + x * x * N) // 2 - x * ch2(N - 2 * x)
        moments = {
            7: ((x - 1) * (x - 2), 2 * (x - 1) * (x - 2) * (x - 3)),
            1: (sum_nn1 - x * (x - 1), 2 * (sum_nn12 - x * (x - 1) * (x - 2))),
            4: representative,
            2: representative,
            0: ((p1 - x) ** 2 - (p2 - x * x), 4 * liaison_v),
            "total": ((N - 1) * (N - 2), 2 * (N - 1) * (N - 2) * (N - 3)),
        }
        for col, key in enumerate(columns):
            c, v = moments[key]
            e = a2 * c
            group_expected[i, col] = e
            group_var[i, col] = e * (1 - a2) + v * a3

    network: dict[object, tuple[float, float]] = {}
    e = a2 * sum_nn12
    network[7] = (e, e * (1 - a2) + sum(
        x * (x - 1) * (x - 2) * (4 * x - 10) for x in sizes) * a3 - sum(
        x * (x - 1) * (x - 2) * 4 * (x - 3) for x in sizes) * a4 + sum(
        x * (x - 1) * (x - 2) * (x - 3) for x in sizes) * a5)
    t2 = sum(x * (N - x) * (x - 1) for x in sizes)
    e = a2 * t2
    # sums over ordered pairs of distinct groups, as sna's outer() minus its diagonal
    itinerant_a3 = sum(x * (x - 1) * ((2 * x - 6) * (N - x) + 2 * (p2 - x * x)) for x in sizes)
    itinerant_a5 = sum(x * (x - 1) * (N - x - 1) * (N - x) for x in sizes)
    network[1] = (e, e * (1 - a2) + itinerant_a3 * a3 + itinerant_a5 * a5)
    network[4] = network[2] = (e, e * (1 - a2) + sum(
        x * (N - x) * (x - 1) * (N - 3) for x in sizes) * a3 + sum(
        x * (N - x) * (x - 1) * (x - 2) for x in sizes) * a5)
    # liaison: ordered triples of distinct groups
    e = a2 * (N * (p1 * p1 - p2) - 2 * (p2 * p1 - p3))
    triples = p1**3 - 3 * p1 * p2 + 2 * p3
    quad = sum(x * x * ((N - x) ** 2 - (p2 - x * x)) for x in sizes)
    coef = (4 * N - 2) * triples - 8 * quad
    network[0] = (e, e * (1 - a2) + coef * a3 - coef * a4 + ((N - 1) * triples - 2 * quad) * a5)
    t6 = N * (N - 1) * (N - 2)
    e = a2 * t6
    network["total"] = (e, e * (1 - a2) + t6 * (4 * N - 10) * a3 - t6 * 4 * (N - 3) * a4
                        + t6 * (N - 3) * a5)
    return {"group_expected": group_expected, "group_var": group_var,
            "network_expected": np.array([network[key][0] for key in columns]),
            "network_var": np.array([network[key][1] for key in columns])}
