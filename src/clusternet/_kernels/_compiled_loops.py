"""Compiled loops (numba) for Burt's measures and the Gould-Fernandez counts.

Called only by :mod:`._compiled`, and only when numba is installed (the
``clusternet[fast]`` extra). Every loop works in *rank space*: actors
relabelled by rank of degree (:class:`.triangles.Ranked`), each row of the
symmetric pattern sorted by rank, so that row ``u`` holds first its
*lower* contacts (rank below ``u``), then its *higher* ones from
``first_higher[u]`` on.

Names follow the formulas of :mod:`.burt` and :mod:`.gould_fernandez`:
``m_qi`` is the mutual tie ``m`` between ``q`` and ``i``, ``s`` the
strengths ``s_i = sum_k m_ik``, ``strongest[j] = max_k m_jk``.

Parallel loops (``prange``) run over rows or egos; each output value is
written by one iteration only, from terms summed in a fixed order (the
rank of the common contact ``q``), so the result is the same bit for bit
whatever the number of threads. The only per-thread arrays are the
integer counters of :func:`gf_closed_by_code` (integer sums do not depend
on their order) and scratch markers, one per task.
"""

from __future__ import annotations

import numpy as np

try:
    from numba import njit, prange
except ImportError:  # pragma: no cover - without numba the numpy engine runs
    # plain Python functions, never called (kept importable for the doctest
    # collection of the package)
    def njit(**options):
        return lambda function: function

    prange = range

# The triangle passes run one task per thread (``n_tasks``, from
# ``numba.get_num_threads()`` at the call): task ``t`` takes the rows
# ``t, t + n_tasks, ...``, so that every task gets the same mix of cheap
# low-rank and costly high-rank rows, and owns its scratch arrays (indexed
# by task, never by thread id, so the code can be cached on disk).


@njit(cache=True)
def _first_above(indices, lo, hi, x):
    """First position ``p`` in ``indices[lo:hi]`` (sorted) with ``indices[p] > x``."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if indices[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def row_sums(indptr, indices, data):
    """Per row ``i``: ``first_higher[i]`` (the first contact ranked above
    ``i``), the strength ``s_i = sum_k m_ik`` (summed in rank order of ``k``)
    and ``strongest_i = max_k m_ik`` (0 without contacts)."""
    n = len(indptr) - 1
    first_higher = np.empty(n, dtype=np.int64)
    s = np.zeros(n)
    strongest = np.zeros(n)
    for i in range(n):
        first_higher[i] = _first_above(indices, indptr[i], indptr[i + 1], i)
        s_i = 0.0
        top = 0.0
        for a in range(indptr[i], indptr[i + 1]):
            s_i += data[a]
            if a == indptr[i] or data[a] > top:
                top = data[a]
        s[i] = s_i
        strongest[i] = top
    return first_higher, s, strongest


@njit(cache=True)
def _tie_sums_task(task, n_tasks, indptr, indices, data, first_higher, tie_ptr, s, mark,
                   below_indirect, below_overlap, above_indirect, above_overlap, p_high,
                   indirect, overlap):
    """The tie sums of the rows ``task, task + n_tasks, ...`` (see
    :func:`burt_tie_sums`); ``mark`` is -1 everywhere on entry and exit.
    Row ``low``'s higher contacts are numbered ``k = 0, 1, ...`` (its ties,
    in order): ``mark[high] = k``, the partial sums of the tie are at ``k``,
    and ``p_high[k] = m_low,high / s_high``."""
    n = len(indptr) - 1
    for low in range(task, n, n_tasks):
        row_start, higher, row_end = indptr[low], first_higher[low], indptr[low + 1]
        n_higher = row_end - higher
        if n_higher == 0:
            continue
        for k in range(n_higher):
            high = indices[higher + k]
            mark[high] = k
            p_high[k] = data[higher + k] / s[high]
            below_indirect[k] = 0.0
            below_overlap[k] = 0.0
            above_indirect[k] = 0.0
            above_overlap[k] = 0.0
        # below: q ranked below low, increasing; its ties q -- high with high > low
        for e_q_low in range(row_start, higher):
            q = indices[e_q_low]
            m_q_low = data[e_q_low]
            p_q_low = m_q_low / s[q]
            start = _first_above(indices, first_higher[q], indptr[q + 1], low)
            for e_q_high in range(start, indptr[q + 1]):
                k = mark[indices[e_q_high]]
                if k >= 0:
                    m_q_high = data[e_q_high]
                    below_indirect[k] += p_q_low * m_q_high
                    below_overlap[k] += m_q_low * m_q_high
        # above: triangles low < v < w; q = v for the tie low -- w,
        # q = w for the tie low -- v (increasing q for every tie)
        for k_v in range(n_higher):
            v = indices[higher + k_v]
            m_low_v = data[higher + k_v]
            p_v_low = p_high[k_v]
            for e_v_w in range(first_higher[v], indptr[v + 1]):
                k_w = mark[indices[e_v_w]]
                if k_w >= 0:
                    m_v_w = data[e_v_w]
                    m_low_w = data[higher + k_w]
                    above_indirect[k_w] += p_v_low * m_v_w  # q = v
                    above_overlap[k_w] += m_low_v * m_v_w
                    above_indirect[k_v] += p_high[k_w] * m_v_w  # q = w
                    above_overlap[k_v] += m_low_w * m_v_w
        first_tie = tie_ptr[low]
        for k in range(n_higher):
            indirect[first_tie + k] = below_indirect[k] + above_indirect[k]
            overlap[first_tie + k] = below_overlap[k] + above_overlap[k]
            mark[indices[higher + k]] = -1


@njit(cache=True)
def _tie_sums_scratch(indptr, first_higher, tie_ptr, n_tasks):
    """The tie sums (zeros), and per task the marker (the entry of each
    higher contact of the row, else -1), the four partial sums of the row's
    ties and their ``p_high``."""
    n = len(indptr) - 1
    longest = 0
    for u in range(n):
        longest = max(longest, indptr[u + 1] - first_higher[u])
    return (np.zeros(tie_ptr[n]), np.zeros(tie_ptr[n]),
            np.full((n_tasks, n), -1, dtype=np.int64), np.zeros((n_tasks, 5, longest)))


@njit(parallel=True, cache=True)
def burt_tie_sums(indptr, indices, data, first_higher, tie_ptr, s, n_tasks):
    """``indirect`` and ``overlap`` of every tie ``low -- high`` (tie id
    ``tie_ptr[low] + position among the higher contacts of low``):

    - ``indirect = sum_q m_q,low / s_q * m_q,high``;
    - ``overlap = sum_q m_q,low * m_q,high``;

    over the common contacts ``q`` of the two ends, each sum split as in
    :mod:`.burt`: ``below`` (``q < low``) plus ``above`` (``q > low``), each
    summed in increasing rank of ``q``. All the terms of the ties of row
    ``low`` are found from that row (a marker holds the entry of each
    higher contact of ``low``): the ``below`` ones in the rows of its
    lower contacts ``q``, the ``above`` ones in the rows of its higher
    contacts (the triangles ``low < v < w``).
    """
    indirect, overlap, marker, partial = _tie_sums_scratch(indptr, first_higher, tie_ptr,
                                                           n_tasks)
    for task in prange(n_tasks):
        _tie_sums_task(task, n_tasks, indptr, indices, data, first_higher, tie_ptr, s,
                       marker[task], partial[task, 0], partial[task, 1], partial[task, 2],
                       partial[task, 3], partial[task, 4], indirect, overlap)
    return indirect, overlap


@njit(cache=True)
def burt_tie_sums_serial(indptr, indices, data, first_higher, tie_ptr, s):
    """:func:`burt_tie_sums` in the calling thread (small graphs)."""
    indirect, overlap, marker, partial = _tie_sums_scratch(indptr, first_higher, tie_ptr, 1)
    _tie_sums_task(0, 1, indptr, indices, data, first_higher, tie_ptr, s, marker[0],
                   partial[0, 0], partial[0, 1], partial[0, 2], partial[0, 3], partial[0, 4],
                   indirect, overlap)
    return indirect, overlap


@njit(cache=True)
def _tie_of(indptr, indices, first_higher, tie_ptr, i, a):
    """Tie id of the entry ``a`` (ego ``i``, contact ``indices[a]``)."""
    j = indices[a]
    if j > i:
        return tie_ptr[i] + (a - first_higher[i])
    # the tie is in row j, among its higher contacts
    e = _first_above(indices, first_higher[j], indptr[j + 1], i) - 1
    return tie_ptr[j] + (e - first_higher[j])


@njit(cache=True)
def _ego_measures(c, redundancy, out, row):
    """Burt's four measures of an ego into ``out[:, row]`` (constraint,
    effective size, efficiency, hierarchy, contacts) from the local
    constraints ``c[k] = c_ij`` of its ``N`` contacts ``j`` (rank order) and
    its summed redundancy ``sum_j r_ij``:

    - constraint ``C_i = sum_j c_ij``;
    - effective size ``N - sum_j r_ij``, efficiency ``effective size / N``;
    - hierarchy ``sum_j x_j ln x_j / (N ln N)`` with ``x_j = c_ij N / C_i``.

    NaN: all four without contacts, hierarchy also with one.
    """
    n_contacts = len(c)
    N = float(n_contacts)
    out[4, row] = N
    if n_contacts == 0:
        for k in range(4):
            out[k, row] = np.nan
        return
    C = 0.0
    for k in range(n_contacts):
        C += c[k]
    effective_size = N - redundancy
    out[0, row] = C
    out[1, row] = effective_size
    out[2, row] = effective_size / N
    if n_contacts == 1:
        out[3, row] = np.nan
        return
    N_over_C = N / C
    x_ln_x = 0.0
    for k in range(n_contacts):
        x = c[k] * N_over_C
        x_ln_x += np.log(x) * x
    out[3, row] = x_ln_x / (N * np.log(N))


@njit(cache=True)
def _ego(indptr, indices, data, first_higher, tie_ptr, s, strongest, indirect, overlap, i,
         out, row):
    """Burt's four measures of ego ``i`` into ``out[:, row]``, from the tie
    sums of its contacts ``j`` in rank order:

    - local constraint ``c_ij = ((m_ij + indirect_ij) / s_i)^2``;
    - redundancy ``r_ij = overlap_ij / (s_i * strongest_j)``;

    then :func:`_ego_measures`.
    """
    s_i = s[i]
    c = np.empty(indptr[i + 1] - indptr[i])
    redundancy = 0.0
    for a in range(indptr[i], indptr[i + 1]):
        tie = _tie_of(indptr, indices, first_higher, tie_ptr, i, a)
        share = (data[a] + indirect[tie]) / s_i
        c[a - indptr[i]] = share * share
        redundancy += overlap[tie] / (s_i * strongest[indices[a]])
    _ego_measures(c, redundancy, out, row)


@njit(parallel=True, cache=True)
def burt_egos(indptr, indices, data, first_higher, tie_ptr, s, strongest, indirect, overlap,
              egos):
    """Burt's measures of the egos (ranks) ``egos`` from the tie sums:
    rows constraint, effective size, efficiency, hierarchy, contacts."""
    out = np.empty((5, len(egos)))
    for row in prange(len(egos)):
        _ego(indptr, indices, data, first_higher, tie_ptr, s, strongest, indirect, overlap,
             egos[row], out, row)
    return out


@njit(cache=True)
def burt_egos_serial(indptr, indices, data, first_higher, tie_ptr, s, strongest, indirect,
                     overlap, egos):
    """:func:`burt_egos` in the calling thread (small graphs)."""
    out = np.empty((5, len(egos)))
    for row in range(len(egos)):
        _ego(indptr, indices, data, first_higher, tie_ptr, s, strongest, indirect, overlap,
             egos[row], out, row)
    return out


@njit(cache=True)
def _some_ego(indptr, indices, data, s, strongest, i, out, row):
    """Burt's four measures of ego ``i`` into ``out[:, row]`` (see
    :func:`burt_some_egos`)."""
    n_contacts = indptr[i + 1] - indptr[i]
    indirect = np.zeros(n_contacts)
    overlap = np.zeros(n_contacts)
    for a in range(indptr[i], indptr[i + 1]):
        j = indices[a]
        low, high = min(i, j), max(i, j)
        if indptr[i + 1] - indptr[i] <= indptr[j + 1] - indptr[j]:
            walk, other = i, j
        else:
            walk, other = j, i
        below_indirect = 0.0
        below_overlap = 0.0
        above_indirect = 0.0
        above_overlap = 0.0
        lo, hi = indptr[other], indptr[other + 1]
        for e_walk in range(indptr[walk], indptr[walk + 1]):
            q = indices[e_walk]
            lo = _first_above(indices, lo, hi, q - 1)
            if lo == hi:
                break
            if indices[lo] != q:
                continue
            e_other = lo
            if walk == low:
                m_q_low, m_q_high = data[e_walk], data[e_other]
            else:
                m_q_low, m_q_high = data[e_other], data[e_walk]
            if q < low:
                below_indirect += m_q_low / s[q] * m_q_high
                below_overlap += m_q_low * m_q_high
            else:
                above_indirect += m_q_low / s[q] * m_q_high
                above_overlap += m_q_low * m_q_high
        indirect[a - indptr[i]] = below_indirect + above_indirect
        overlap[a - indptr[i]] = below_overlap + above_overlap
    # the per-ego sums of _ego, from this row's tie sums
    s_i = s[i]
    c = np.empty(n_contacts)
    redundancy = 0.0
    for k in range(n_contacts):
        a = indptr[i] + k
        share = (data[a] + indirect[k]) / s_i
        c[k] = share * share
        redundancy += overlap[k] / (s_i * strongest[indices[a]])
    _ego_measures(c, redundancy, out, row)


@njit(parallel=True, cache=True)
def burt_some_egos(indptr, indices, data, s, strongest, egos):
    """Burt's measures of a few egos (ranks), each tie's sums found by
    intersecting the contact lists of its two ends: the shorter list is
    walked in rank order and each ``q`` looked up in the other (binary
    search). Terms split and ordered as :func:`burt_tie_sums`, so the same
    bits. Each ego's ties are computed in its own iteration."""
    out = np.empty((5, len(egos)))
    for row in prange(len(egos)):
        _some_ego(indptr, indices, data, s, strongest, egos[row], out, row)
    return out


@njit(cache=True)
def burt_some_egos_serial(indptr, indices, data, s, strongest, egos):
    """:func:`burt_some_egos` in the calling thread (small graphs)."""
    out = np.empty((5, len(egos)))
    for row in range(len(egos)):
        _some_ego(indptr, indices, data, s, strongest, egos[row], out, row)
    return out


# ---------------------------------------------------------- Gould-Fernandez
@njit(cache=True)
def _path_code(g_a, g_b, g_c):
    """``4 [G(a) = G(b)] + 2 [G(b) = G(c)] + [G(a) = G(c)]``."""
    return 4 * (g_a == g_b) + 2 * (g_b == g_c) + (g_a == g_c)


@njit(cache=True)
def _arc(direction, forward):
    """Whether the tie with direction bits ``direction`` (1: low -> high,
    2: high -> low) runs ``low -> high`` (``forward``) or back."""
    return (direction & 1) != 0 if forward else (direction & 2) != 0


@njit(cache=True)
def _gf_task(task, n_tasks, tie_ptr, tie_high, direction, group, symmetric, mark, closed):
    """Closed 2-paths of the triangles whose lowest node is one of the rows
    ``task, task + n_tasks, ...``, added to ``closed`` (see
    :func:`gf_closed_by_code`); ``mark`` is -1 everywhere on entry and exit."""
    n = len(tie_ptr) - 1
    for u in range(task, n, n_tasks):
        for e in range(tie_ptr[u], tie_ptr[u + 1]):
            mark[tie_high[e]] = e
        g_u = group[u]
        for e_uv in range(tie_ptr[u], tie_ptr[u + 1]):
            v = tie_high[e_uv]
            g_v = group[v]
            for e_vw in range(tie_ptr[v], tie_ptr[v + 1]):
                w = tie_high[e_vw]
                e_uw = mark[w]
                if e_uw < 0:
                    continue
                g_w = group[w]
                if symmetric:
                    closed[u, _path_code(g_v, g_u, g_w)] += 1  # v -> u -> w
                    closed[u, _path_code(g_w, g_u, g_v)] += 1  # w -> u -> v
                    closed[v, _path_code(g_u, g_v, g_w)] += 1  # u -> v -> w
                    closed[v, _path_code(g_w, g_v, g_u)] += 1  # w -> v -> u
                    closed[w, _path_code(g_u, g_w, g_v)] += 1  # u -> w -> v
                    closed[w, _path_code(g_v, g_w, g_u)] += 1  # v -> w -> u
                    continue
                d_uv, d_uw, d_vw = direction[e_uv], direction[e_uw], direction[e_vw]
                u_v, v_u = _arc(d_uv, True), _arc(d_uv, False)
                u_w, w_u = _arc(d_uw, True), _arc(d_uw, False)
                v_w, w_v = _arc(d_vw, True), _arc(d_vw, False)
                if v_u and u_w and v_w:
                    closed[u, _path_code(g_v, g_u, g_w)] += 1  # v -> u -> w
                if w_u and u_v and w_v:
                    closed[u, _path_code(g_w, g_u, g_v)] += 1  # w -> u -> v
                if u_v and v_w and u_w:
                    closed[v, _path_code(g_u, g_v, g_w)] += 1  # u -> v -> w
                if w_v and v_u and w_u:
                    closed[v, _path_code(g_w, g_v, g_u)] += 1  # w -> v -> u
                if u_w and w_v and u_v:
                    closed[w, _path_code(g_u, g_w, g_v)] += 1  # u -> w -> v
                if v_w and w_u and v_u:
                    closed[w, _path_code(g_v, g_w, g_u)] += 1  # v -> w -> u
        for e in range(tie_ptr[u], tie_ptr[u + 1]):
            mark[tie_high[e]] = -1


@njit(parallel=True, cache=True)
def gf_closed_by_code(tie_ptr, tie_high, direction, group, symmetric, n_tasks):
    """Closed 2-paths ``a -> b -> c`` (with ``a -> c``) per broker ``b``
    (rank) and path code, shape ``(n, 8)``: every triangle ``u < v < w``
    once (forward algorithm, a marker on the higher contacts of ``u``), each
    of its six ordered 2-paths counted at its broker when its two ties and
    the closing tie ``a -> c`` are there (always, when ``symmetric``).
    ``direction`` holds per tie 1 for ``low -> high`` plus 2 for
    ``high -> low``. Counted per thread (integers), then added."""
    n = len(tie_ptr) - 1
    marker = np.full((n_tasks, n), -1, dtype=np.int64)
    counts = np.zeros((n_tasks, n, 8), dtype=np.int64)
    for task in prange(n_tasks):
        _gf_task(task, n_tasks, tie_ptr, tie_high, direction, group, symmetric, marker[task],
                 counts[task])
    total = np.zeros((n, 8), dtype=np.int64)
    for task in range(n_tasks):
        total += counts[task]
    return total


@njit(cache=True)
def gf_closed_by_code_serial(tie_ptr, tie_high, direction, group, symmetric):
    """:func:`gf_closed_by_code` in the calling thread (small graphs)."""
    n = len(tie_ptr) - 1
    closed = np.zeros((n, 8), dtype=np.int64)
    _gf_task(0, 1, tie_ptr, tie_high, direction, group, symmetric,
             np.full(n, -1, dtype=np.int64), closed)
    return closed
