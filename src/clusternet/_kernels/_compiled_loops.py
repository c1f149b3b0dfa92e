"""Compiled loops (numba) for Burt's measures and the Gould-Fernandez counts.

Called only by :mod:`._compiled`, and only when numba is installed (the
``clusternet[fast]`` extra); the numpy kernels of :mod:`.burt` and
:mod:`.gould_fernandez` are the fallback, tested equal.

Every loop works in *rank space*: actors relabelled by rank of degree
(:func:`relabel`, the same ranks as :class:`.triangles.Ranked`), each row
of the symmetric matrix sorted by rank, so that row ``x`` holds first its
*lower* contacts (rank below ``x``), then from ``first_higher[x]`` on its
*higher* ones, ``N+(x)``. Arrays: ``indptr`` (int64), ``indices`` (int32),
``data`` (float64) of that matrix.

Names follow the formulas of :mod:`.burt` and :mod:`.gould_fernandez`:
``m_qx`` is the mutual tie ``m`` between ``q`` and ``x``, ``s`` the
strengths ``s_i = sum_k m_ik``, ``strongest[j] = max_k m_jk``.

The triangles are found by *wedges*: row ``x`` marks its contacts, and for
each lower contact ``q`` walks ``N+(q)``; each contact ``y`` of ``q`` that
is marked closes the triangle ``q, x, y``. In rank order the higher
contacts of a node are few (at most about ``sqrt(2 E)``). The
Gould-Fernandez counts need each triangle once: row ``x`` walks ``N+(q)``
above ``x`` only (``sum_q d+(q) (d+(q) - 1) / 2`` steps in all, 5e8 on
9e6 ties). Burt's tie sums find each triangle twice, from its middle and
from its highest node, so that no two rows add to the same sum at once
(the price of the same bits whatever the threads): they walk all of
``N+(q)`` (``sum_q d+(q)^2`` steps, 1e9 on 9e6 ties), branch-free. The
low end of a tie writes its below sum, its high end then adds its above
sum, in one slot per tie; the rows run in blocks of increasing rank
(:data:`._compiled.BLOCK` entries), so that the above sums wait in a
buffer of one block, not of the whole graph.

Parallel loops (``prange``) run over *chunks*: contiguous rows (or egos) of
about equal work, handed out one at a time to the threads that are free.
Every output value is written by one row only, from terms summed in a
fixed order (the rank of the common contact), so the result is the same
bit for bit whatever the number of threads. Each loop has a serial twin
(``*_serial``) that runs the same chunk function in the calling thread,
for small graphs.
"""

from __future__ import annotations

import numpy as np

try:
    from numba import get_thread_id, njit, prange
except ImportError:  # pragma: no cover - without numba the numpy engine runs
    # plain Python functions, never called (kept importable for the doctest
    # collection of the package)
    def njit(**options):
        return lambda function: function

    prange = range

    def get_thread_id():
        return 0


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


# ------------------------------------------------------------- rank space
@njit(cache=True)
def relabel(indptr, indices, data, order, rank, values):
    """The matrix relabelled by rank, rows sorted, in one counting-sort pass.

    Row ``r`` of the result is the old row ``order[r]``. Old rows are read
    in rank order and each entry ``(i, j)`` is appended to the new row
    ``rank[j]`` as column ``rank[i]``: every new row is thus filled in
    increasing column order, and holds the *transpose* (the values of
    column ``j``), which is the matrix itself when it is symmetric.

    Self-ties (a diagonal) are left out. Returns ``indptr`` (int64),
    ``indices`` (int32) and ``first_higher`` (the first entry of each row
    ranked above the row); the values go to the first column of
    ``values`` (float64, at least ``nnz`` rows: the caller chooses its
    other columns, see :func:`fill_share`).
    """
    n = len(order)
    new_indptr = np.zeros(n + 1, dtype=np.int64)
    for r in range(n):
        i = order[r]
        length = indptr[i + 1] - indptr[i]
        for a in range(indptr[i], indptr[i + 1]):
            if indices[a] == i:  # a self-tie: left out
                length -= 1
        new_indptr[r + 1] = new_indptr[r] + length
    fill = new_indptr[:n].copy()
    first_higher = np.empty(n, dtype=np.int64)
    new_indices = np.empty(new_indptr[n], dtype=np.int32)
    for r in range(n):
        # every column below r has been appended to row r by now
        first_higher[r] = fill[r]
        i = order[r]
        for a in range(indptr[i], indptr[i + 1]):
            if indices[a] == i:
                continue
            row = rank[indices[a]]
            p = fill[row]
            new_indices[p] = r
            values[p, 0] = data[a]
            fill[row] = p + 1
    return new_indptr, new_indices, first_higher


@njit(cache=True)
def strengths(indptr, data):
    """Per row ``i``: the strength ``s_i = sum_k m_ik`` (summed in rank order
    of ``k``) and ``strongest_i = max_k m_ik`` (0 without contacts)."""
    n = len(indptr) - 1
    s = np.zeros(n)
    strongest = np.zeros(n)
    for i in range(n):
        s_i = 0.0
        top = 0.0
        for a in range(indptr[i], indptr[i + 1]):
            s_i += data[a]
            if a == indptr[i] or data[a] > top:
                top = data[a]
        s[i] = s_i
        strongest[i] = top
    return s, strongest


@njit(cache=True)
def wedge_work(indptr, indices, first_higher, above_only):
    """Steps of the wedge walk of each row ``x``: its own contacts plus, for
    each of its lower contacts ``q``, the higher contacts of ``q``: all of
    them (Burt's tie sums), or those above ``x`` only (``above_only``: the
    Gould-Fernandez counts)."""
    n = len(indptr) - 1
    work = np.empty(n, dtype=np.int64)
    for x in range(n):
        steps = indptr[x + 1] - indptr[x]
        for a in range(indptr[x], first_higher[x]):
            q = indices[a]
            if above_only:
                steps += indptr[q + 1] - _first_above(indices, first_higher[q], indptr[q + 1], x)
            else:
                steps += indptr[q + 1] - first_higher[q]
        work[x] = steps
    return work


@njit(cache=True)
def fill_share(indices, s, m_and_share):
    """Per entry ``(q, y)``, beside the tie ``m_qy`` (``m_and_share[e, 0]``,
    written by :func:`relabel`): ``m_and_share[e, 1] = m_qy / s_y``, the
    factor of the ``indirect`` term of a tie ``q -- x`` through ``y``
    (computed once per entry, not once per triangle). Side by side, the
    walks along ``N+(q)`` read one stream, not two; and the ties are held
    once (the rank-space ``data`` is the first column)."""
    for e in range(len(indices)):
        m_and_share[e, 1] = m_and_share[e, 0] / s[indices[e]]


@njit(cache=True)
def _tie_sums_rows(first_row, stop_row, indptr, indices, data, first_higher, s, m_and_share_qy,
                   most_higher, tie, tie_sums, above, tie_of_above, offset):
    """The partial tie sums of the rows ``first_row:stop_row`` (see
    :func:`burt_tie_sums`): the below sums of the ties ``x -- y`` (``y > x``)
    into ``tie_sums``, at their tie's slot ``tie[x] + (a - first_higher[x])``;
    the above sums of the ties ``q -- x`` (``q < x``) into the block's
    buffer ``above[a - offset]``, beside their tie's slot
    (``tie_of_above``), for :func:`_add_above`.

    Branch-free walks: ``m_x[y]`` holds the tie ``m_xy``, 0 for a node ``y``
    that is not a contact of ``x``, whose terms thus add exactly 0.0 (the
    sums do not change by a bit); ``place[y]`` numbers the higher contacts
    of ``x`` (0, 1, ...), and sends the other nodes to a slot ``NONE``
    whose ``below`` sums are never read.
    """
    n = len(indptr) - 1
    NONE = most_higher
    m_x = np.zeros(n)  # m_xy by node y
    place = np.full(n, NONE, dtype=np.int32)  # y -> its place among the higher contacts of x
    below = np.zeros((most_higher + 1, 2))  # below sums of the ties x -- y, y > x, by place
    for x in range(first_row, stop_row):
        row_start, higher, row_end = indptr[x], first_higher[x], indptr[x + 1]
        for a in range(row_start, row_end):
            m_x[indices[a]] = data[a]
        for a in range(higher, row_end):
            place[indices[a]] = a - higher
            below[a - higher, 0] = 0.0
            below[a - higher, 1] = 0.0
        # lower contacts q of x, increasing: the wedges y -- q -- x
        for e_xq in range(row_start, higher):
            q = indices[e_xq]
            m_qx = data[e_xq]
            p_qx = m_qx / s[q]
            q_end = indptr[q + 1]
            # above sums of the tie q -- x: its common contacts y in N+(q),
            # increasing: first those below x ...
            above_indirect = 0.0
            above_overlap = 0.0
            e_qy = first_higher[q]
            while e_qy < q_end and indices[e_qy] < x:
                m_xy = m_x[indices[e_qy]]
                above_indirect += m_and_share_qy[e_qy, 1] * m_xy  # m_yq / s_y * m_yx
                above_overlap += m_and_share_qy[e_qy, 0] * m_xy  # m_yq * m_yx
                e_qy += 1
            # ... then x itself (the tie q -- x seen from q: its slot) ...
            tie_of_above[e_xq - offset] = tie[q] + (e_qy - first_higher[q])
            # ... then those above x, for which q is also a common contact
            # of the tie x -- y below both ends
            for e_qy in range(e_qy + 1, q_end):
                y = indices[e_qy]
                m_qy = m_and_share_qy[e_qy, 0]
                m_xy = m_x[y]
                above_indirect += m_and_share_qy[e_qy, 1] * m_xy
                above_overlap += m_qy * m_xy
                k = place[y]
                below[k, 0] += p_qx * m_qy  # tie x -- y: m_qx / s_q * m_qy
                below[k, 1] += m_qx * m_qy  # m_qx * m_qy
            above[e_xq - offset, 0] = above_indirect
            above[e_xq - offset, 1] = above_overlap
        t = tie[x]
        for a in range(higher, row_end):
            tie_sums[t + a - higher, 0] = below[a - higher, 0]
            tie_sums[t + a - higher, 1] = below[a - higher, 1]
            place[indices[a]] = NONE
        for a in range(row_start, row_end):
            m_x[indices[a]] = 0.0


@njit(cache=True)
def _add_above(first_row, stop_row, indptr, first_higher, tie_sums, above, tie_of_above,
               offset):
    """Add the above sums of the ties ``q -- x`` of the rows
    ``first_row:stop_row`` (their high end ``x``) to their below sums:
    ``tie_sums[t] = below + above``. Each slot is written by its high end
    only, after its low end (an earlier block, or the same block's first
    loop) wrote the below sum."""
    for x in range(first_row, stop_row):
        for a in range(indptr[x] - offset, first_higher[x] - offset):
            t = tie_of_above[a]
            tie_sums[t, 0] += above[a, 0]
            tie_sums[t, 1] += above[a, 1]


@njit(parallel=True, cache=True)
def burt_tie_sums(indptr, indices, data, first_higher, s, m_and_share_qy, most_higher, tie,
                  tie_sums, above, tie_of_above, bounds):
    """The two sums of every tie ``low -- high`` over its common contacts
    ``q`` (Burt's ``sum_q p_iq p_qj`` and ``sum_q p_iq m_jq`` before
    normalisation, see :mod:`.burt`), for the rows of one block
    ``bounds[0]:bounds[-1]`` (its chunks: ``bounds``):

    - ``indirect = sum_q m_q,low / s_q * m_q,high``;
    - ``overlap = sum_q m_q,low * m_q,high``;

    each split, as in :mod:`.burt`, in ``below`` (``q < low``) plus
    ``above`` (``q > low``), each summed in increasing rank of ``q``.

    Row ``x`` finds the below sums of its ties ``x -- y`` to higher
    contacts and the above sums of its ties ``q -- x`` to lower contacts.
    Both come from the same walks: for each lower contact ``q`` of ``x``
    (increasing), along ``N+(q)`` (increasing ``y``), every ``y`` that is a
    contact of ``x`` is a common contact of the tie ``q -- x`` (above sum),
    and when ``y > x``, ``q`` is a common contact of the tie ``x -- y``
    below both ends (below sum).

    ``tie_sums`` (``(ties, 2)``: indirect, overlap) holds one slot per tie,
    ``tie[low] + k`` for the ``k``-th higher contact of ``low``: the low
    end writes its below sum there, then its high end adds the above sum
    (from the block's buffers ``above`` and ``tie_of_above``, indexed by
    entry from ``indptr[bounds[0]]``). Blocks run in increasing rank, so
    the low end of a tie always comes first: ``below + above``, the sum
    of :mod:`.burt`, whatever the blocks and the threads.
    """
    offset = indptr[bounds[0]]
    for chunk in prange(len(bounds) - 1):
        _tie_sums_rows(bounds[chunk], bounds[chunk + 1], indptr, indices, data, first_higher,
                       s, m_and_share_qy, most_higher, tie, tie_sums, above, tie_of_above,
                       offset)
    for chunk in prange(len(bounds) - 1):
        _add_above(bounds[chunk], bounds[chunk + 1], indptr, first_higher, tie_sums, above,
                   tie_of_above, offset)


@njit(cache=True)
def burt_tie_sums_serial(indptr, indices, data, first_higher, s, m_and_share_qy, most_higher,
                         tie, tie_sums, above, tie_of_above, bounds):
    """:func:`burt_tie_sums` in the calling thread (small graphs)."""
    offset = indptr[bounds[0]]
    for chunk in range(len(bounds) - 1):
        _tie_sums_rows(bounds[chunk], bounds[chunk + 1], indptr, indices, data, first_higher,
                       s, m_and_share_qy, most_higher, tie, tie_sums, above, tie_of_above,
                       offset)
    _add_above(bounds[0], bounds[-1], indptr, first_higher, tie_sums, above, tie_of_above,
               offset)


@njit(cache=True)
def _ego(indptr, indices, data, s, strongest, tie_sums, i, out, row):
    """Burt's measures of ego ``i`` into ``out[:, row]`` (constraint,
    effective size, efficiency, hierarchy, contacts), from the sums
    ``tie_sums[k] = (indirect_ij, overlap_ij)`` of its contacts ``j`` (``k``:
    the contact's place in the row, rank order):

    - ``p_ij + sum_q p_iq p_qj = (m_ij + indirect_ij) / s_i``;
    - local constraint ``c_ij = ((m_ij + indirect_ij) / s_i)^2``;
    - constraint ``C_i = sum_j c_ij``;
    - redundancy ``r_ij = sum_q p_iq m_jq / max_k m_jk
      = overlap_ij / (s_i * strongest_j)``;
    - effective size ``N - sum_j r_ij``, efficiency ``effective size / N``;
    - hierarchy ``sum_j x_j ln x_j / (N ln N)`` with ``x_j = c_ij N / C_i``
      (a second walk over the contacts).

    NaN: all four without contacts, hierarchy also with one.
    """
    row_start, row_end = indptr[i], indptr[i + 1]
    n_contacts = row_end - row_start
    N = float(n_contacts)
    out[4, row] = N
    if n_contacts == 0:
        for k in range(4):
            out[k, row] = np.nan
        return
    s_i = s[i]
    C = 0.0
    redundancy = 0.0
    for a in range(row_start, row_end):
        p_ij_and_indirect = (data[a] + tie_sums[a - row_start, 0]) / s_i
        C += p_ij_and_indirect * p_ij_and_indirect  # c_ij
        redundancy += tie_sums[a - row_start, 1] / (s_i * strongest[indices[a]])  # r_ij
    effective_size = N - redundancy
    out[0, row] = C
    out[1, row] = effective_size
    out[2, row] = effective_size / N
    if n_contacts == 1:
        out[3, row] = np.nan
        return
    N_over_C = N / C
    x_ln_x = 0.0
    for a in range(row_start, row_end):
        p_ij_and_indirect = (data[a] + tie_sums[a - row_start, 0]) / s_i
        x_j = p_ij_and_indirect * p_ij_and_indirect * N_over_C  # c_ij N / C_i
        x_ln_x += np.log(x_j) * x_j  # the entropy term
    out[3, row] = x_ln_x / (N * np.log(N))


@njit(cache=True)
def _every_ego(first, stop, indptr, indices, data, first_higher, s, strongest, tie, tie_sums,
               out):
    """Burt's measures of the egos ``first:stop`` (ranks) into ``out``: the
    sums of each tie from its slot in ``tie_sums`` (:func:`burt_tie_sums`),
    gathered per ego in ``ego_sums`` (one array per chunk), then
    :func:`_ego`.

    The slot of a tie ``x -- y`` is ``tie[x] + k`` for the ``k``-th higher
    contact ``y`` of ``x``; for a lower contact ``q``, it needs the place
    of ``x`` among the higher contacts of ``q``, found without an array of
    pointers: the egos are read in increasing rank, so those places come
    in the order of the row of ``q``; ``cursor[q]`` (one array of nodes per
    chunk) holds the next one, found by a binary search the first time the
    chunk meets ``q``."""
    longest = 0
    for i in range(first, stop):
        longest = max(longest, indptr[i + 1] - indptr[i])
    ego_sums = np.empty((longest, 2))
    cursor = np.full(len(indptr) - 1, -1, dtype=np.int64)
    for i in range(first, stop):
        row_start, higher = indptr[i], first_higher[i]
        for a in range(row_start, higher):
            q = indices[a]
            e_qi = cursor[q]
            if e_qi < 0:  # the entry (q, i): the first higher contact of q not below i
                e_qi = _first_above(indices, first_higher[q], indptr[q + 1], i - 1)
            cursor[q] = e_qi + 1
            t = tie[q] + (e_qi - first_higher[q])
            ego_sums[a - row_start, 0] = tie_sums[t, 0]
            ego_sums[a - row_start, 1] = tie_sums[t, 1]
        t = tie[i]
        for a in range(higher, indptr[i + 1]):
            ego_sums[a - row_start, 0] = tie_sums[t + a - higher, 0]
            ego_sums[a - row_start, 1] = tie_sums[t + a - higher, 1]
        _ego(indptr, indices, data, s, strongest, ego_sums, i, out, i)


@njit(parallel=True, cache=True)
def burt_egos(indptr, indices, data, first_higher, s, strongest, tie, tie_sums, bounds):
    """Burt's measures of every ego (rank order) from the tie sums: rows
    constraint, effective size, efficiency, hierarchy, contacts.
    ``bounds``: the chunks of egos."""
    out = np.empty((5, len(indptr) - 1))
    for chunk in prange(len(bounds) - 1):
        _every_ego(bounds[chunk], bounds[chunk + 1], indptr, indices, data, first_higher, s,
                   strongest, tie, tie_sums, out)
    return out


@njit(cache=True)
def burt_egos_serial(indptr, indices, data, first_higher, s, strongest, tie, tie_sums, bounds):
    """:func:`burt_egos` in the calling thread (small graphs)."""
    out = np.empty((5, len(indptr) - 1))
    _every_ego(0, len(indptr) - 1, indptr, indices, data, first_higher, s, strongest, tie,
               tie_sums, out)
    return out


# ---------------------------------------------------------- Gould-Fernandez
@njit(cache=True)
def _path_code(g_a, g_b, g_c):
    """``4 [G(a) = G(b)] + 2 [G(b) = G(c)] + [G(a) = G(c)]``."""
    return 4 * (g_a == g_b) + 2 * (g_b == g_c) + (g_a == g_c)


#: The path codes that can occur (codes 3, 5 and 6 would break the
#: transitivity of "same group").
_CODES = (0, 1, 2, 4, 7)


@njit(cache=True)
def _slot(code):
    """The place of a path code among :data:`_CODES`: 0, 1, 2, 4, 7 -> 0..4."""
    return code - (code >= 4) - 2 * (code == 7)


@njit(cache=True)
def _gf_rows(first_row, stop_row, indptr, entries, first_higher, group, symmetric, closed):
    """Closed 2-paths of the triangles ``u < v < w`` whose middle node ``v``
    is one of the rows ``first_row:stop_row``, added to ``closed`` (see
    :func:`gf_closed_by_code`). The counts of ``v`` (the row) and of ``u``
    (fixed along a walk) are kept apart and added once per row and walk:
    only those of ``w`` go to a random place of ``closed``.

    ``entries`` (int32) packs per entry its column and the directions of
    the pair, ``4 column + 1 [row -> column] + 2 [column -> row]``
    (:func:`gf_union`), each row sorted. ``closed`` has one column per path
    code that can occur, ``0, 1, 2, 4, 7`` (:func:`_slot`)."""
    n = len(indptr) - 1
    # place of each higher contact w of v in its row, -1 for the others
    position = np.full(n, -1, dtype=np.int32)
    at_v = np.zeros(8, dtype=np.int64)  # closed 2-paths through v by path code
    at_u = np.zeros(8, dtype=np.int64)  # ... through u
    for v in range(first_row, stop_row):
        row_start, higher, row_end = indptr[v], first_higher[v], indptr[v + 1]
        if higher == row_end:
            continue
        for a in range(higher, row_end):
            position[entries[a] >> 2] = a - row_start
        g_v = group[v]
        at_v[:] = 0
        # lower contacts u of v: the wedges u -- v, u -- w with w > v
        for e_vu in range(row_start, higher):
            u = entries[e_vu] >> 2
            g_u = group[u]
            # entry v -> u holds 1 [v -> u] + 2 [u -> v]
            v_u = (entries[e_vu] & 1) != 0
            u_v = (entries[e_vu] & 2) != 0
            at_u[:] = 0
            # the higher contacts w of u above v: packed entries above 4 v + 3
            for e_uw in range(_first_above(entries, first_higher[u], indptr[u + 1], 4 * v + 3),
                              indptr[u + 1]):
                w = entries[e_uw] >> 2
                k = position[w]
                if k < 0:
                    continue
                g_w = group[w]
                if symmetric:
                    at_u[_path_code(g_v, g_u, g_w)] += 1  # v -> u -> w
                    at_u[_path_code(g_w, g_u, g_v)] += 1  # w -> u -> v
                    at_v[_path_code(g_u, g_v, g_w)] += 1  # u -> v -> w
                    at_v[_path_code(g_w, g_v, g_u)] += 1  # w -> v -> u
                    closed[w, _slot(_path_code(g_u, g_w, g_v))] += 1  # u -> w -> v
                    closed[w, _slot(_path_code(g_v, g_w, g_u))] += 1  # v -> w -> u
                    continue
                # entries u -> w and v -> w: 1 [row -> column] + 2 [column -> row]
                u_w = (entries[e_uw] & 1) != 0
                w_u = (entries[e_uw] & 2) != 0
                v_w = (entries[row_start + k] & 1) != 0
                w_v = (entries[row_start + k] & 2) != 0
                # each 2-path a -> b -> c needs its two arcs and the closing a -> c
                if v_u and u_w and v_w:
                    at_u[_path_code(g_v, g_u, g_w)] += 1  # v -> u -> w
                if w_u and u_v and w_v:
                    at_u[_path_code(g_w, g_u, g_v)] += 1  # w -> u -> v
                if u_v and v_w and u_w:
                    at_v[_path_code(g_u, g_v, g_w)] += 1  # u -> v -> w
                if w_v and v_u and w_u:
                    at_v[_path_code(g_w, g_v, g_u)] += 1  # w -> v -> u
                if u_w and w_v and u_v:
                    closed[w, _slot(_path_code(g_u, g_w, g_v))] += 1  # u -> w -> v
                if v_w and w_u and v_u:
                    closed[w, _slot(_path_code(g_v, g_w, g_u))] += 1  # v -> w -> u
            for code in _CODES:
                closed[u, _slot(code)] += at_u[code]
        for code in _CODES:
            closed[v, _slot(code)] += at_v[code]
        for a in range(higher, row_end):
            position[entries[a] >> 2] = -1


@njit(parallel=True, cache=True)
def gf_closed_by_code(indptr, entries, first_higher, group, symmetric, bounds, counts):
    """Closed 2-paths ``a -> b -> c`` (with ``a -> c``) per broker ``b``
    (rank) and path code (the columns of :func:`_slot`), counted into
    ``counts`` (zeros, ``(threads, n, 5)``: one array per thread, to be
    added by :func:`gf_open`; int32 when no node has ``2**31`` pairs of
    contacts). Every triangle ``u < v < w`` once, found from its middle
    node ``v`` (the wedge ``u -- v``, ``u -- w`` closed by ``v -- w``);
    each of its six ordered 2-paths is counted at its broker when its two
    arcs and the closing arc ``a -> c`` are there (always, when
    ``symmetric``). ``entries``: the packed symmetric pattern of
    :func:`gf_union`. The chunks of rows ``bounds`` go to the free threads
    one at a time; each thread counts into its own array (integers: the
    sums do not depend on which thread counted what)."""
    for chunk in prange(len(bounds) - 1):
        _gf_rows(bounds[chunk], bounds[chunk + 1], indptr, entries, first_higher, group,
                 symmetric, counts[get_thread_id()])
    return counts


@njit(cache=True)
def gf_closed_by_code_serial(indptr, entries, first_higher, group, symmetric, bounds, counts):
    """:func:`gf_closed_by_code` in the calling thread (small graphs)."""
    _gf_rows(bounds[0], bounds[-1], indptr, entries, first_higher, group, symmetric, counts[0])
    return counts


# ------------------------------------------- Burt in blocks of egos (low memory)
# The same sums in the same order as above, read straight from the graph's
# own CSR (original labels, each row sorted by label) with no copy of it: a
# row is walked in rank order through ``walk`` (per entry, int32: the
# offsets of the row's entries, the contact ranked lowest first), the
# strengths and marks are indexed by label. The sums of a tie are found
# from the ties of its lower end ``l`` and the marks of its higher end
# ``h`` (:func:`_tie_sums_of_pair`), held only for the egos of one block
# (one slot per entry of the block), and used at once.


@njit(cache=True)
def rank_walk(indptr, indices, order):
    """The walk of every row in rank order, without relabelling.

    Rows are read in rank order (``order``); each entry ``(i, j)`` appends
    ``i`` to the walk of row ``j``, so the walk of a row lists its contacts
    by increasing rank. The walk stores, for each place, the offset in row
    ``j`` of the entry ``(j, i)`` (found by binary search: the rows are
    sorted by label, and the matrix is symmetric). Self-ties are left out.

    Returns ``walk`` (int32, ``nnz``: row ``j``'s walk in
    ``walk[indptr[j]:indptr[j] + degree[j]]``), ``n_lower`` (contacts ranked
    below each row, int64) and ``degree`` (contacts, int64).
    """
    n = len(order)
    walk = np.empty(len(indices), dtype=np.int32)
    degree = np.zeros(n, dtype=np.int64)
    n_lower = np.empty(n, dtype=np.int64)
    for r in range(n):
        i = order[r]
        n_lower[i] = degree[i]  # every contact ranked below i has been appended
        for a in range(indptr[i], indptr[i + 1]):
            j = indices[a]
            if j == i:  # a self-tie: left out
                continue
            row = indptr[j]
            at = _first_above(indices, row, indptr[j + 1], i - 1)  # the entry (j, i)
            walk[row + degree[j]] = at - row
            degree[j] += 1
    return walk, n_lower, degree


@njit(cache=True)
def walk_strengths(indptr, indices, data, unit, walk, degree):
    """:func:`strengths` (by label) with each row walked in rank order;
    ``unit``: every tie counts 1 (``data`` not read)."""
    n = len(indptr) - 1
    s = np.zeros(n)
    strongest = np.zeros(n)
    for i in range(n):
        row = indptr[i]
        s_i = 0.0
        top = 0.0
        for k in range(degree[i]):
            m = 1.0 if unit else data[row + walk[row + k]]
            s_i += m
            if k == 0 or m > top:
                top = m
        s[i] = s_i
        strongest[i] = top
    return s, strongest


@njit(cache=True)
def _mark(i, indptr, indices, data, unit, marks, value):
    """``marks[j] = m_ij`` for the contacts ``j`` of ``i`` (``value``
    False: back to 0). Self-ties are not marked."""
    for a in range(indptr[i], indptr[i + 1]):
        j = indices[a]
        if j != i:
            marks[j] = (1.0 if unit else data[a]) if value else 0.0


@njit(cache=True)
def _tie_sums_of_pair(low, high, indptr, indices, data, unit, walk, n_lower, degree, s,
                      m_high):
    """``(indirect, overlap)`` of the tie ``low -- high`` (``low`` ranked
    lower) and the place of ``high`` in the walk of ``low``.

    The common contacts ``q`` are the contacts of ``low`` marked in
    ``m_high`` (``m_high[q] = m_q,high``, 0 elsewhere; ``high`` itself is
    not marked): walked in rank order, ``below`` (``q`` ranked
    below ``low``) then ``above``, each summed in increasing rank, then
    added: the sums of :func:`burt_tie_sums`, bit for bit.
    """
    row = indptr[low]
    below_indirect = 0.0
    below_overlap = 0.0
    for k in range(n_lower[low]):
        a = row + walk[row + k]
        q = indices[a]
        m_q_high = m_high[q]
        if m_q_high != 0.0:  # a common contact (the others would add exactly 0.0)
            m_q_low = 1.0 if unit else data[a]
            below_indirect += m_q_low / s[q] * m_q_high  # m_q,low / s_q * m_q,high
            below_overlap += m_q_low * m_q_high  # m_q,low * m_q,high
    above_indirect = 0.0
    above_overlap = 0.0
    place = 0
    for k in range(n_lower[low], degree[low]):
        a = row + walk[row + k]
        q = indices[a]
        m_q_high = m_high[q]
        if m_q_high != 0.0:
            m_q_low = 1.0 if unit else data[a]
            above_indirect += m_q_low / s[q] * m_q_high
            above_overlap += m_q_low * m_q_high
        elif q == high:
            place = k
    return below_indirect + above_indirect, below_overlap + above_overlap, place


@njit(cache=True)
def _lower_in_ranks(y, first, stop, indptr, indices, walk, n_lower, rank):
    """The places ``k0:k1`` in the walk of ``y`` of its lower contacts
    ranked in ``first:stop`` (binary searches; the walk is in rank order)."""
    row = indptr[y]
    lo, hi = 0, n_lower[y]
    while lo < hi:
        mid = (lo + hi) >> 1
        if rank[indices[row + walk[row + mid]]] < first:
            lo = mid + 1
        else:
            hi = mid
    k0 = lo
    hi = n_lower[y]
    while lo < hi:
        mid = (lo + hi) >> 1
        if rank[indices[row + walk[row + mid]]] < stop:
            lo = mid + 1
        else:
            hi = mid
    return k0, lo


@njit(cache=True)
def _block_lower_ties(first_ego, stop_ego, first, stop, order, rank, indptr, indices, data, unit,
                      walk, n_lower, degree, s, slot, sums, marks):
    """Part 1 of a block (its egos ranked ``first:stop``): for the egos
    ``h = order[first_ego:stop_ego]``, the sums of their ties to lower
    contacts ``l``, into the slot of ``h``'s entry and, when ``l`` is in the
    block too, of ``l``'s. ``slot[r - first]``: the first slot of the ego
    ranked ``r`` (its walk's places follow)."""
    for r in range(first_ego, stop_ego):
        h = order[r]
        _mark(h, indptr, indices, data, unit, marks, True)
        row = indptr[h]
        for k in range(n_lower[h]):
            low = indices[row + walk[row + k]]
            indirect, overlap, place = _tie_sums_of_pair(low, h, indptr, indices, data, unit,
                                                         walk, n_lower, degree, s, marks)
            sums[slot[r - first] + k, 0] = indirect
            sums[slot[r - first] + k, 1] = overlap
            r_low = rank[low]
            if r_low >= first:
                sums[slot[r_low - first] + place, 0] = indirect
                sums[slot[r_low - first] + place, 1] = overlap
        _mark(h, indptr, indices, data, unit, marks, False)


@njit(cache=True)
def _block_higher_ties(first_y, stop_y, first, ys, k0s, k1s, rank, indptr, indices, data, unit, walk,
                       n_lower, degree, s, slot, sums, marks):
    """Part 2 of a block: for the nodes ``y = ys[first_y:stop_y]`` ranked
    above the block, the sums of their ties to the block's egos ``x`` (the
    places ``k0s:k1s`` of ``y``'s walk), into the slot of ``x``'s entry."""
    for t in range(first_y, stop_y):
        y = ys[t]
        _mark(y, indptr, indices, data, unit, marks, True)
        row = indptr[y]
        for k in range(k0s[t], k1s[t]):
            x = indices[row + walk[row + k]]
            indirect, overlap, place = _tie_sums_of_pair(x, y, indptr, indices, data, unit,
                                                         walk, n_lower, degree, s, marks)
            sums[slot[rank[x] - first] + place, 0] = indirect
            sums[slot[rank[x] - first] + place, 1] = overlap
        _mark(y, indptr, indices, data, unit, marks, False)


@njit(cache=True)
def _ego_walked(i, indptr, indices, data, unit, walk, degree, s, strongest, sums, first_slot,
                out, column):
    """:func:`_ego` with the row of ``i`` walked in rank order and the sums
    of its ties in ``sums[first_slot:]``: the same terms in the same order."""
    row = indptr[i]
    n_contacts = degree[i]
    N = float(n_contacts)
    out[4, column] = N
    if n_contacts == 0:
        for k in range(4):
            out[k, column] = np.nan
        return
    s_i = s[i]
    C = 0.0
    redundancy = 0.0
    for k in range(n_contacts):
        a = row + walk[row + k]
        m_ij = 1.0 if unit else data[a]
        p_ij_and_indirect = (m_ij + sums[first_slot + k, 0]) / s_i
        C += p_ij_and_indirect * p_ij_and_indirect  # c_ij
        redundancy += sums[first_slot + k, 1] / (s_i * strongest[indices[a]])  # r_ij
    effective_size = N - redundancy
    out[0, column] = C
    out[1, column] = effective_size
    out[2, column] = effective_size / N
    if n_contacts == 1:
        out[3, column] = np.nan
        return
    N_over_C = N / C
    x_ln_x = 0.0
    for k in range(n_contacts):
        a = row + walk[row + k]
        m_ij = 1.0 if unit else data[a]
        p_ij_and_indirect = (m_ij + sums[first_slot + k, 0]) / s_i
        x_j = p_ij_and_indirect * p_ij_and_indirect * N_over_C  # c_ij N / C_i
        x_ln_x += np.log(x_j) * x_j  # the entropy term
    out[3, column] = x_ln_x / (N * np.log(N))


@njit(cache=True)
def block_higher_nodes(first, stop, order, rank, indptr, indices, walk, n_lower):
    """The nodes ranked from ``stop`` on with lower contacts among the egos
    ranked ``first:stop``, with the places ``k0:k1`` of those contacts in
    their walks and the work of each (its marks plus its walks)."""
    n = len(order)
    ys = np.empty(n - stop, dtype=np.int64)
    k0s = np.empty(n - stop, dtype=np.int64)
    k1s = np.empty(n - stop, dtype=np.int64)
    work = np.empty(n - stop, dtype=np.int64)
    count = 0
    for r in range(stop, n):
        y = order[r]
        k0, k1 = _lower_in_ranks(y, first, stop, indptr, indices, walk, n_lower, rank)
        if k1 > k0:
            steps = indptr[y + 1] - indptr[y]
            row = indptr[y]
            for k in range(k0, k1):
                x = indices[row + walk[row + k]]
                steps += indptr[x + 1] - indptr[x]
            ys[count] = y
            k0s[count] = k0
            k1s[count] = k1
            work[count] = steps
            count += 1
    return ys[:count], k0s[:count], k1s[:count], work[:count]


@njit(parallel=True, cache=True)
def burt_block(first, stop, order, rank, indptr, indices, data, unit, walk, n_lower, degree, s,
               strongest, slot, sums, marks, ego_bounds, ys, k0s, k1s, y_bounds, out):
    """Burt's measures of the egos ranked ``first:stop`` (one block) into
    their columns of ``out`` (by label): the sums of their ties to lower contacts
    (:func:`_block_lower_ties`, chunks ``ego_bounds``), to higher contacts
    outside the block (:func:`_block_higher_ties`, chunks ``y_bounds`` of
    ``ys``), then each ego (:func:`_ego_walked`). Every slot is written by
    one tie's walk, every ego by one chunk: the same bits whatever the
    threads. ``marks``: one array of nodes per thread (all 0)."""
    for chunk in prange(len(ego_bounds) - 1):
        _block_lower_ties(ego_bounds[chunk], ego_bounds[chunk + 1], first, stop, order, rank,
                          indptr, indices, data, unit, walk, n_lower, degree, s, slot, sums,
                          marks[get_thread_id()])
    for chunk in prange(len(y_bounds) - 1):
        _block_higher_ties(y_bounds[chunk], y_bounds[chunk + 1], first, ys, k0s, k1s, rank, indptr,
                           indices, data, unit, walk, n_lower, degree, s, slot, sums,
                           marks[get_thread_id()])
    for chunk in prange(len(ego_bounds) - 1):
        for r in range(ego_bounds[chunk], ego_bounds[chunk + 1]):
            _ego_walked(order[r], indptr, indices, data, unit, walk, degree, s, strongest, sums,
                        slot[r - first], out, order[r])


@njit(cache=True)
def burt_block_serial(first, stop, order, rank, indptr, indices, data, unit, walk, n_lower,
                      degree, s, strongest, slot, sums, marks, ego_bounds, ys, k0s, k1s,
                      y_bounds, out):
    """:func:`burt_block` in the calling thread (small graphs)."""
    _block_lower_ties(first, stop, first, stop, order, rank, indptr, indices, data, unit, walk,
                      n_lower, degree, s, slot, sums, marks[0])
    _block_higher_ties(0, len(ys), first, ys, k0s, k1s, rank, indptr, indices, data, unit, walk,
                       n_lower, degree, s, slot, sums, marks[0])
    for r in range(first, stop):
        _ego_walked(order[r], indptr, indices, data, unit, walk, degree, s, strongest, sums,
                    slot[r - first], out, order[r])


# ------------------------------- Gould-Fernandez: the packed pattern, open pairs
# The Gould-Fernandez counts read the graph's own CSR (its pattern: the
# values are never read) once to count the contacts of each node in the
# symmetric pattern (:func:`gf_union_degrees`), once to write that pattern
# in rank space with the directions of each pair packed beside the column
# (:func:`gf_union`, 4 bytes per entry); the closed 2-paths
# (:func:`gf_closed_by_code`) and the pairs of in- and out-contacts of each
# broker (:func:`gf_open`) are then read from it.


@njit(cache=True)
def _has_entry(indptr, indices, i, j):
    """Whether row ``i`` (sorted) stores column ``j``."""
    p = _first_above(indices, indptr[i], indptr[i + 1], j - 1)
    return p < indptr[i + 1] and indices[p] == j


@njit(cache=True)
def gf_union_degrees(indptr, indices, symmetric):
    """Contacts of each node in the symmetric pattern of the directed
    pattern ``indptr, indices`` (rows sorted; self-ties left out), and the
    entries ``(i, j)`` whose reverse ``(j, i)`` is stored, beside the
    entries that are not self-ties: the pattern is symmetric when the two
    are equal. With ``symmetric`` (known) the row lengths, unchecked."""
    n = len(indptr) - 1
    degree = np.zeros(n, dtype=np.int64)
    reciprocated = 0
    entries = 0
    for i in range(n):
        for a in range(indptr[i], indptr[i + 1]):
            j = indices[a]
            if j == i:
                continue
            entries += 1
            degree[i] += 1  # i -> j: j is a contact of i
            if symmetric:
                continue
            if _has_entry(indptr, indices, j, i):
                reciprocated += 1  # j -> i too: i is counted in j's row from there
            else:
                degree[j] += 1  # i is a contact of j through this arc only
    if symmetric:
        reciprocated = entries
    return degree, reciprocated, entries


@njit(cache=True)
def gf_union(indptr, indices, order, rank, degree, symmetric):
    """The symmetric pattern of ``indptr, indices`` (directed, rows sorted)
    relabelled by rank (``order``, ``rank``; ``degree`` from
    :func:`gf_union_degrees`), each entry packed in an int32 as
    ``4 column + 1 [row -> column] + 2 [column -> row]``, each row sorted
    (by column: the packed values sort as the columns). Self-ties left out.

    Rows of the graph are read in rank order, and the arc ``i -> j``
    appends ``rank[i]`` to the row ``rank[j]`` (bit 2: column -> row), in
    increasing order; when ``symmetric`` that is all (both bits: every arc
    is reciprocated), else the arc also appends ``rank[j]`` to the row
    ``rank[i]`` (bit 1), a reciprocated pair once with both bits (from its
    arc ``i -> j`` with ``i < j``), and each row is sorted at the end.

    Returns ``indptr`` (int64), the packed ``entries`` (int32) and
    ``first_higher`` (the first entry of each row ranked above the row).
    """
    n = len(order)
    new_indptr = np.zeros(n + 1, dtype=np.int64)
    for r in range(n):
        new_indptr[r + 1] = new_indptr[r] + degree[order[r]]
    fill = new_indptr[:n].copy()
    entries = np.empty(new_indptr[n], dtype=np.int32)
    for r in range(n):
        i = order[r]
        for a in range(indptr[i], indptr[i + 1]):
            j = indices[a]
            if j == i:
                continue
            row = rank[j]
            if symmetric:
                entries[fill[row]] = 4 * r + 3
                fill[row] += 1
            elif _has_entry(indptr, indices, j, i):
                if i < j:  # the pair once, with both directions
                    entries[fill[row]] = 4 * r + 3
                    fill[row] += 1
                    entries[fill[r]] = 4 * row + 3
                    fill[r] += 1
            else:
                entries[fill[row]] = 4 * r + 2  # i -> j: column -> row
                fill[row] += 1
                entries[fill[r]] = 4 * row + 1  # row -> column
                fill[r] += 1
    first_higher = np.empty(n, dtype=np.int64)
    for r in range(n):
        if not symmetric:
            entries[new_indptr[r]:new_indptr[r + 1]].sort()
        first_higher[r] = _first_above(entries, new_indptr[r], new_indptr[r + 1], 4 * r + 3)
    return new_indptr, entries, first_higher


@njit(cache=True)
def gf_work(indptr, entries, first_higher):
    """Steps of :func:`_gf_rows` for each row ``v``: its own contacts plus,
    for each of its lower contacts ``u``, the higher contacts of ``u``
    above ``v``."""
    n = len(indptr) - 1
    work = np.empty(n, dtype=np.int64)
    for v in range(n):
        steps = indptr[v + 1] - indptr[v]
        for a in range(indptr[v], first_higher[v]):
            u = entries[a] >> 2
            steps += indptr[u + 1] - _first_above(entries, first_higher[u], indptr[u + 1],
                                                  4 * v + 3)
        work[v] = steps
    return work


@njit(cache=True)
def _gf_open_rows(first_row, stop_row, indptr, entries, group, n_groups, order, closed,
                  column_of_code, out):
    """Open 2-paths of the brokers ``b`` ranked ``first_row:stop_row``:
    their pairs (``a`` an in-contact, ``c`` an out-contact, ``a != c``) by
    path code, from group-wise counts of the contacts (the formulas of
    :func:`.gould_fernandez._pairs_by_code`), less the closed 2-paths
    (``closed``: per chunk of :func:`gf_closed_by_code`); the path code
    ``p`` goes to ``out[order[b], column_of_code[p]]`` (graph order),
    unless that is -1."""
    in_by_group = np.zeros(n_groups, dtype=np.int64)
    out_by_group = np.zeros(n_groups, dtype=np.int64)
    pairs = np.zeros(8, dtype=np.int64)
    for b in range(first_row, stop_row):
        g_b = group[b]
        n_in = n_out = n_mutual = 0
        in_own = out_own = mutual_own = 0
        for e in range(indptr[b], indptr[b + 1]):
            g = group[entries[e] >> 2]
            out_arc = (entries[e] & 1) != 0  # b -> contact
            in_arc = (entries[e] & 2) != 0  # contact -> b
            own = g == g_b
            if out_arc:
                out_by_group[g] += 1
                n_out += 1
                out_own += own
            if in_arc:
                in_by_group[g] += 1
                n_in += 1
                in_own += own
            if out_arc and in_arc:  # the pairs a == c
                n_mutual += 1
                mutual_own += own
        # pairs whose ends share a group: sum_g in_g * out_g (each group
        # read once, then set back to 0)
        same_group_pairs = 0
        for e in range(indptr[b], indptr[b + 1]):
            g = group[entries[e] >> 2]
            same_group_pairs += in_by_group[g] * out_by_group[g]
            in_by_group[g] = 0
            out_by_group[g] = 0
        pairs[7] = in_own * out_own - mutual_own  # coordinator
        pairs[1] = (same_group_pairs - in_own * out_own) - (n_mutual - mutual_own)  # itinerant
        pairs[4] = in_own * (n_out - out_own)  # representative
        pairs[2] = (n_in - in_own) * out_own  # gatekeeper
        pairs[0] = (n_in * n_out - n_mutual - pairs[7] - pairs[1] - pairs[4]
                    - pairs[2])  # liaison
        node = order[b]
        for code in _CODES:
            column = column_of_code[code]
            if column < 0:
                continue
            open_paths = pairs[code]
            for task in range(closed.shape[0]):
                open_paths -= closed[task, b, _slot(code)]
            out[node, column] = open_paths


@njit(parallel=True, cache=True)
def gf_open(indptr, entries, group, n_groups, order, closed, column_of_code, bounds, out):
    """:func:`_gf_open_rows` over the chunks of rows ``bounds`` (each writes
    its own rows of ``out``)."""
    for chunk in prange(len(bounds) - 1):
        _gf_open_rows(bounds[chunk], bounds[chunk + 1], indptr, entries, group, n_groups,
                      order, closed, column_of_code, out)


@njit(cache=True)
def gf_open_serial(indptr, entries, group, n_groups, order, closed, column_of_code, bounds,
                   out):
    """:func:`gf_open` in the calling thread (small graphs)."""
    _gf_open_rows(bounds[0], bounds[-1], indptr, entries, group, n_groups, order, closed,
                  column_of_code, out)


@njit(cache=True)
def _find(indices, lo, hi, x):
    """The position of ``x`` in ``indices[lo:hi]`` (sorted), or -1."""
    end = hi
    while lo < hi:
        mid = (lo + hi) >> 1
        if indices[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and indices[lo] == x:
        return lo
    return -1


@njit(cache=True)
def _some_egos_walked(first, stop, indptr, indices, data, unit, walk, n_lower, degree, rank,
                      s, strongest, egos, out):
    """Burt's measures of ``egos[first:stop]`` (labels) into ``out[:, row]``,
    each tie's sums found by intersecting: the contacts ``q`` of its lower
    end, walked in rank order, looked up in its higher end's row (sorted
    by label: a binary search). Split and ordered as
    :func:`_tie_sums_of_pair` (below, then above, each in increasing rank),
    so the same bits; then :func:`_ego_walked`."""
    longest = 0
    for row in range(first, stop):
        longest = max(longest, degree[egos[row]])
    sums = np.empty((longest, 2))
    for row in range(first, stop):
        i = egos[row]
        base = indptr[i]
        for k in range(degree[i]):
            j = indices[base + walk[base + k]]
            if rank[i] < rank[j]:
                low, high = i, j
            else:
                low, high = j, i
            low_row, high_lo, high_hi = indptr[low], indptr[high], indptr[high + 1]
            below_indirect = 0.0
            below_overlap = 0.0
            above_indirect = 0.0
            above_overlap = 0.0
            for kk in range(degree[low]):
                a = low_row + walk[low_row + kk]
                q = indices[a]
                at = _find(indices, high_lo, high_hi, q)
                if at < 0 or q == high:
                    continue
                m_q_low = 1.0 if unit else data[a]
                m_q_high = 1.0 if unit else data[at]
                if kk < n_lower[low]:
                    below_indirect += m_q_low / s[q] * m_q_high
                    below_overlap += m_q_low * m_q_high
                else:
                    above_indirect += m_q_low / s[q] * m_q_high
                    above_overlap += m_q_low * m_q_high
            sums[k, 0] = below_indirect + above_indirect
            sums[k, 1] = below_overlap + above_overlap
        _ego_walked(i, indptr, indices, data, unit, walk, degree, s, strongest, sums, 0, out,
                    row)


@njit(parallel=True, cache=True)
def burt_some_egos_walked(indptr, indices, data, unit, walk, n_lower, degree, rank, s,
                          strongest, egos, bounds):
    """Burt's measures of a few egos (labels), read from the graph's own CSR
    through the rank-order walk (:func:`_some_egos_walked`); ``bounds``:
    chunks of ``egos``."""
    out = np.empty((5, len(egos)))
    for chunk in prange(len(bounds) - 1):
        _some_egos_walked(bounds[chunk], bounds[chunk + 1], indptr, indices, data, unit, walk,
                          n_lower, degree, rank, s, strongest, egos, out)
    return out


@njit(cache=True)
def burt_some_egos_walked_serial(indptr, indices, data, unit, walk, n_lower, degree, rank, s,
                                 strongest, egos, bounds):
    """:func:`burt_some_egos_walked` in the calling thread (small graphs)."""
    out = np.empty((5, len(egos)))
    _some_egos_walked(0, len(egos), indptr, indices, data, unit, walk, n_lower, degree, rank,
                      s, strongest, egos, out)
    return out
