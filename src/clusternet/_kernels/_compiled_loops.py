"""Compiled loops (numba) for Burt's measures and the Gould-Fernandez counts.

Called only by :mod:`._compiled`, and only when numba is installed (the
``clusternet[fast]`` extra); the numpy kernels of :mod:`.burt` and
:mod:`.gould_fernandez` are the fallback, tested equal.

The loops work in *rank space*: actors ranked by degree (the same ranks as
:class:`.triangles.Ranked`), so that the contacts ranked above a node,
``N+(x)``, are few (at most about ``sqrt(2 E)``), and each triangle
``u < v < w`` is found from a wedge along one of those short lists.

Names follow the formulas of :mod:`.burt` and :mod:`.gould_fernandez`:
``m_qx`` is the mutual tie ``m`` between ``q`` and ``x``, ``s`` the
strengths ``s_i = sum_k m_ik``, ``strongest[j] = max_k m_jk``.

Burt's measures read the graph's own CSR and a list of its ties by their
lower end (:func:`upper`; 4 bytes a tie, 4 more for the values), and find
the sums of each tie in the row of its lower end (below: the wedges of
its lower contacts, ``sum_q d+(q) (d+(q) - 1) / 2`` steps in all, 5e8 on
9e6 ties; above: the triangles found from it, ``sum_q d-(q) d+(q)``, 1.1e9):
no row needs another's sums, so nothing is held for the whole graph but
that list. The Gould-Fernandez counts need each triangle once: row ``x``
walks ``N+(q)`` above ``x`` only, for each lower contact ``q``.

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


# ------------------------------------------------------------ Burt's measures
# The graph is read as it is (its own CSR, rows sorted by label, never
# copied) and once through a list of its ties by their lower end, in rank
# space (:func:`upper`): ``N+(x)``, the contacts ranked above ``x``,
# increasing. The sums of a tie ``x -- y`` (``x < y``) over its common
# contacts, split as in :mod:`.burt`:
#
# - ``below``, through ``u < x``: the *wedges* ``x -- u -- y`` of the lower
#   contacts ``u`` of ``x``, increasing (``y`` found in ``N+(u)``);
# - ``above``, through ``q > x``: the triangles ``x < q < y`` and
#   ``x < y < q`` found from ``x``, walking ``N+(q)`` for each ``q`` in
#   ``N+(x)``, increasing;
#
# both in the row of ``x`` (:func:`_tie_sums_of_row`): a row needs nothing
# from another row, so the rows run in any order on any thread. The rows
# of one *block* of ranks write the sums of their ties; each ego then adds
# the terms of its ties in the block (:func:`_ego_terms`): its ties to lower
# contacts in the block, increasing, then, when it is in the block itself,
# its ties to higher contacts. The blocks run in increasing rank, so every
# ego adds its terms in the rank order of its contacts, as :mod:`.burt`
# does: the same numbers to the last bit. Hierarchy needs each ego's
# constraint first: its terms come from a second round of the same blocks.


@njit(cache=True)
def upper(indptr, indices, data, order, rank, kind):
    """The ties by their lower end, in rank space: ``up_col[up_ptr[x]:
    up_ptr[x + 1]]`` lists ``N+(x)``, the contacts ranked above ``x``
    (ranks, increasing), of a symmetric CSR (rows sorted by label).

    Rows are read in rank order: the entry ``(i, j)`` of the row ranked
    ``r`` appends ``r`` to ``N+(rank[j])`` when ``j`` is ranked lower, so
    each list is filled in increasing order. Self-ties are left out.
    The tie values ``m``: ``kind`` 0, none (every tie counts 1); 1, in
    ``value`` (float32: only when every value is a float32, so that no bit
    is lost, :func:`float32_exact`); 2, as the entry of ``data`` that holds
    them (``at``, int32). Returns ``up_ptr`` (int64), ``up_col`` (int32),
    ``value`` and ``at`` (empty when not used: the loops then take None,
    see :func:`_m`).
    """
    n = len(order)
    up_ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        r = rank[i]
        count = 0
        for a in range(indptr[i], indptr[i + 1]):
            if rank[indices[a]] > r:
                count += 1
        up_ptr[r + 1] = count
    for r in range(n):
        up_ptr[r + 1] += up_ptr[r]
    ties = up_ptr[n]
    up_col = np.empty(ties, dtype=np.int32)
    value = np.empty(ties if kind == 1 else 0, dtype=np.float32)
    at = np.empty(ties if kind == 2 else 0, dtype=np.int32)
    fill = up_ptr[:n].copy()
    for r in range(n):
        i = order[r]
        for a in range(indptr[i], indptr[i + 1]):
            low = rank[indices[a]]
            if low < r:
                e = fill[low]
                up_col[e] = r
                if kind == 1:
                    value[e] = data[a]
                elif kind == 2:
                    at[e] = a
                fill[low] = e + 1
    return up_ptr, up_col, value, at


@njit(cache=True)
def float32_exact(data):
    """Whether every value is a float32 (held in 4 bytes with no bit lost)."""
    for v in data:
        if np.float64(np.float32(v)) != v:
            return False
    return True


@njit(cache=True)
def _mutual_of_arc(i, j, a, indptr, indices, data, unit):
    """For the arc ``i -> j`` (entry ``a``): whether its pair is listed from
    it (the arc of the lower-ranked end, or the only arc of the pair), and
    the pair's mutual tie ``m_ij = a_ij + a_ji`` (each arc counted 1 with
    ``unit``)."""
    back = _find(indices, indptr[j], indptr[j + 1], i)  # the arc j -> i
    m = 1.0 if unit else data[a]
    if back >= 0:
        m += 1.0 if unit else data[back]
    return back, m


@njit(cache=True)
def _pair_of_arc(i, a, indptr, indices, data, rank, unit):
    """The pair of actors listed from the arc of entry ``a`` of row ``i``:
    the ranks of its lower and higher ends and its mutual tie; ``-1`` ends
    when it is not listed from this arc (a self-tie, or the higher end's
    arc of a pair with both arcs, listed from the other)."""
    j = indices[a]
    if j == i:
        return -1, -1, 0.0
    back, m = _mutual_of_arc(i, j, a, indptr, indices, data, unit)
    if rank[i] < rank[j]:
        return np.int64(rank[i]), np.int64(rank[j]), m
    if back < 0:
        return np.int64(rank[j]), np.int64(rank[i]), m
    return -1, -1, 0.0


@njit(cache=True)
def upper_directed(indptr, indices, data, rank, unit):
    """:func:`upper` of the mutual ties ``m_ij = a_ij + a_ji`` of a directed
    graph's CSR (rows sorted by label), read from it with no transpose: the
    reverse of each arc is found by a binary search. Each pair is listed
    once (from the arc of its lower-ranked end when both arcs exist), then
    each list is sorted. Returns ``up_ptr``, ``up_col`` and the values
    (``m`` of the arcs' values, or counts 1 and 2 with ``unit``) as float32
    when every one of them is a float32 (no bit lost), else as float64: the
    one array is returned twice, for each type's place."""
    n = len(indptr) - 1
    up_ptr = np.zeros(n + 1, dtype=np.int64)
    exact = True
    for i in range(n):
        for a in range(indptr[i], indptr[i + 1]):
            low, high, m = _pair_of_arc(i, a, indptr, indices, data, rank, unit)
            if low >= 0:
                up_ptr[low + 1] += 1
                exact = exact and np.float64(np.float32(m)) == m
    for r in range(n):
        up_ptr[r + 1] += up_ptr[r]
    up_col = np.empty(up_ptr[n], dtype=np.int32)
    value32 = np.empty(up_ptr[n] if exact else 0, dtype=np.float32)
    value64 = np.empty(0 if exact else up_ptr[n])
    fill = up_ptr[:n].copy()
    for i in range(n):
        for a in range(indptr[i], indptr[i + 1]):
            low, high, m = _pair_of_arc(i, a, indptr, indices, data, rank, unit)
            if low < 0:
                continue
            e = fill[low]
            up_col[e] = high
            if exact:
                value32[e] = m
            else:
                value64[e] = m
            fill[low] = e + 1
    for r in range(n):
        lo, hi = up_ptr[r], up_ptr[r + 1]
        if hi - lo > 1:
            by_rank = np.argsort(up_col[lo:hi])
            up_col[lo:hi] = up_col[lo:hi][by_rank]
            if exact:
                value32[lo:hi] = value32[lo:hi][by_rank]
            else:
                value64[lo:hi] = value64[lo:hi][by_rank]
    return up_ptr, up_col, value32, value64


@njit(cache=True)
def lower_lists(up_ptr, up_col):
    """The ties by their higher end: ``down_tie[down_ptr[x]:down_ptr[x + 1]]``
    lists the entries of :func:`upper` of the ties ``u -- x``, ``u`` ranked
    below ``x``, by increasing ``u``."""
    n = len(up_ptr) - 1
    down_ptr = np.zeros(n + 1, dtype=np.int64)
    for e in range(up_ptr[n]):
        down_ptr[up_col[e] + 1] += 1
    for x in range(n):
        down_ptr[x + 1] += down_ptr[x]
    down_tie = np.empty(up_ptr[n], dtype=np.int32)
    fill = down_ptr[:n].copy()
    for u in range(n):  # increasing: each list is filled in order
        for e in range(up_ptr[u], up_ptr[u + 1]):
            x = up_col[e]
            down_tie[fill[x]] = e
            fill[x] += 1
    return down_ptr, down_tie


@njit(cache=True)
def _m(e, value, at, data):
    """The tie ``m`` of the entry ``e`` of :func:`upper`: ``value[e]``, or
    ``data[at[e]]``, or 1 when both are None (every tie counts 1). None
    arguments are types of their own to numba: each of the three cases is
    compiled apart, with no branch left in the loops."""
    if value is not None:
        return np.float64(value[e])
    if at is not None:
        return data[at[e]]
    return 1.0


@njit(cache=True)
def _m_entry(a, value, at, data):
    """The tie ``m`` of the entry ``a`` of the graph's own CSR (1 when every
    tie counts 1: ``value`` and ``at`` both None)."""
    if value is None and at is None:
        return 1.0
    return data[a]


@njit(cache=True)
def upper_strengths(up_ptr, up_col, value, at, data):
    """Per rank ``x``: the strength ``s_x = sum_k m_xk`` (summed in rank
    order of ``k``), ``strongest_x = max_k m_xk`` and ``n_lower`` (contacts
    ranked below). In increasing ``x``: the lower contacts of ``x`` have
    added their ties by then (increasing), ``x`` adds its higher ones, then
    hands its ties to them."""
    n = len(up_ptr) - 1
    s = np.zeros(n)
    strongest = np.zeros(n)
    n_lower = np.zeros(n, dtype=np.int32)
    for x in range(n):
        s_x = s[x]
        top = strongest[x]
        for e in range(up_ptr[x], up_ptr[x + 1]):
            m = _m(e, value, at, data)
            s_x += m
            if m > top:
                top = m
        s[x] = s_x
        strongest[x] = top
        for e in range(up_ptr[x], up_ptr[x + 1]):
            y = up_col[e]
            m = _m(e, value, at, data)
            s[y] += m
            if m > strongest[y]:
                strongest[y] = m
            n_lower[y] += 1
    return s, strongest, n_lower


@njit(cache=True)
def higher_counts(indptr, indices, rank):
    """Per node (label): its contacts ranked above it."""
    n = len(indptr) - 1
    out = np.zeros(n, dtype=np.int64)
    for i in range(n):
        r = rank[i]
        for a in range(indptr[i], indptr[i + 1]):
            if rank[indices[a]] > r:
                out[i] += 1
    return out


@njit(cache=True)
def row_work(first, stop, up_ptr, up_col, indptr, order):
    """About the steps of each row ``x`` of ``first:stop`` in
    :func:`_tie_sums_of_row`: its contacts (the lower ones' walks above it
    counted as one step each) and the walk of ``N+(q)`` for each higher
    contact ``q``."""
    work = np.empty(stop - first, dtype=np.int64)
    for x in range(first, stop):
        i = order[x]
        steps = 1 + indptr[i + 1] - indptr[i]
        for e in range(up_ptr[x], up_ptr[x + 1]):
            q = up_col[e]
            steps += up_ptr[q + 1] - up_ptr[q]
        work[x - first] = steps
    return work


@njit(cache=True)
def ego_chunks(first, stop, lower_ptr, up_ptr, n_chunks):
    """Boundaries of at most ``n_chunks`` ranges of the egos ranked from
    ``first`` on, of about equal work in :func:`_ego_terms` (each ego: 1,
    its ties to lower contacts in the block ``first:stop``, and its higher
    ties when it is in the block), found in one pass with no array of
    nodes."""
    n = len(up_ptr) - 1
    total = (n - first) + lower_ptr[n - first] + (up_ptr[stop] - up_ptr[first])
    bounds = np.empty(n_chunks + 1, dtype=np.int64)
    bounds[0] = first
    count = 1
    done = 0
    for y in range(first, n):
        done += 1 + lower_ptr[y - first + 1] - lower_ptr[y - first]
        if y < stop:
            done += up_ptr[y + 1] - up_ptr[y]
        if count < n_chunks and done * n_chunks >= total * count:
            bounds[count] = y + 1
            count += 1
    if bounds[count - 1] != n:
        bounds[count] = n
        count += 1
    return bounds[:count]


@njit(cache=True)
def most_higher(up_ptr):
    """The most contacts ranked above a node, ``max_x d+(x)`` (0 without)."""
    most = 0
    for x in range(len(up_ptr) - 1):
        most = max(most, up_ptr[x + 1] - up_ptr[x])
    return most


#: Slots for the nodes that are not higher contacts of a row (a power of 2).
DUMPS = 8


def empty_places(threads, n, most_higher):
    """The places of :func:`_tie_sums_of_row` with no row's contacts in
    them: node ``y`` at ``most_higher + y % DUMPS`` (int32, one row per
    thread)."""
    return np.tile((most_higher + (np.arange(n) & (DUMPS - 1))).astype(np.int32), (threads, 1))


@njit(cache=True)
def _lower_contacts(x, indptr, indices, order, rank, up_ptr, down_ptr, down_tie, lower):
    """The lower contacts ``u`` of ``x``, increasing, into ``lower`` as
    ``u << 32 | where``: ``where`` is the entry of ``m_ux`` in the graph's
    own row of ``x`` (gathered and sorted here), or with the lists of ties
    by their higher end (``down_ptr``, ``down_tie``: a directed graph, whose
    rows do not hold its ties in) the tie's entry of :func:`upper`. Returns
    their number."""
    n_lower = 0
    if down_ptr is None:
        i = order[x]
        row = indptr[i]
        for a in range(row, indptr[i + 1]):
            u = rank[indices[a]]
            if u < x:
                lower[n_lower] = (np.int64(u) << 32) | np.int64(a - row)
                n_lower += 1
        lower[:n_lower].sort()
    else:
        for t in range(down_ptr[x], down_ptr[x + 1]):
            e = down_tie[t]
            u = np.searchsorted(up_ptr, e, side="right") - 1  # the list holding e
            lower[n_lower] = (np.int64(u) << 32) | np.int64(e)
            n_lower += 1
    return n_lower


@njit(cache=True)
def _m_lower(x, where, indptr, order, down_ptr, value, at, data):
    """``m_ux`` of a lower contact of ``x`` (``where``: see :func:`_lower_contacts`)."""
    if down_ptr is None:
        return _m_entry(indptr[order[x]] + where, value, at, data)
    return _m(where, value, at, data)


@njit(cache=True)
def _tie_sums_of_row(x, base, indptr, indices, data, value, at, order, rank, up_ptr,
                     up_col, down_ptr, down_tie, s, overlap, place, lower, w, share, acc, sums):
    """The sums of the ties ``x -- y`` of row ``x`` to its higher contacts
    ``y`` into ``sums[e - base]`` (``e``: the tie's entry of :func:`upper`):
    ``indirect = sum_q m_qx / s_q * m_qy`` and, with ``overlap``,
    ``overlap = sum_q m_qx * m_qy``, over the common contacts ``q``, as
    ``below + above``, each in increasing ``q``.

    Branch-free walks: ``place[y]`` numbers the higher contacts of ``x``
    (0, 1, ...) and sends every other node to one of :data:`DUMPS` last
    slots (by ``y``: consecutive misses do not wait on each other's sums),
    never read; ``w[k]`` (``m_xy``) and ``share[k]`` (``m_xy / s_y``) are 0
    there, so those terms add exactly 0.0. ``acc[k]``: below indirect, below
    overlap, above indirect, above overlap of the ``k``-th higher contact.
    ``lower``: room for the lower contacts of ``x`` (:func:`_lower_contacts`).
    """
    none = len(w) - DUMPS
    e0 = up_ptr[x]
    d_higher = up_ptr[x + 1] - e0
    for k in range(d_higher):
        y = up_col[e0 + k]
        place[y] = k
        m_xy = _m(e0 + k, value, at, data)
        w[k] = m_xy
        share[k] = m_xy / s[y]
        for c in range(4):
            acc[k, c] = 0.0
    n_lower = _lower_contacts(x, indptr, indices, order, rank, up_ptr, down_ptr, down_tie,
                              lower)
    # below: the wedges x -- u -- y, u < x < y; each y of N+(u) above x
    for t in range(n_lower):
        u = lower[t] >> 32
        m_ux = _m_lower(x, lower[t] & 0xFFFFFFFF, indptr, order, down_ptr, value, at, data)
        p_ux = m_ux / s[u]
        e = _first_above(up_col, up_ptr[u], up_ptr[u + 1], x)
        for e in range(e, up_ptr[u + 1]):
            k = place[up_col[e]]
            m_uy = _m(e, value, at, data)
            acc[k, 0] += p_ux * m_uy  # tie x -- y through u: m_ux / s_u * m_uy
            if overlap:
                acc[k, 1] += m_ux * m_uy  # m_ux * m_uy
    # above: the triangles x < q < y, q in N+(x) increasing, y in N+(q)
    for kq in range(d_higher):
        q = up_col[e0 + kq]
        m_xq = w[kq]
        p_xq = m_xq / s[q]
        indirect_xq = acc[kq, 2]  # the tie x -- q through the y < q so far ...
        overlap_xq = acc[kq, 3]
        for e in range(up_ptr[q], up_ptr[q + 1]):
            k = place[up_col[e]]
            m_qy = _m(e, value, at, data)
            acc[k, 2] += p_xq * m_qy  # tie x -- y through q: m_xq / s_q * m_qy
            indirect_xq += share[k] * m_qy  # ... then through y > q: m_xy / s_y * m_yq
            if overlap:
                acc[k, 3] += m_xq * m_qy
                overlap_xq += w[k] * m_qy
        acc[kq, 2] = indirect_xq
        acc[kq, 3] = overlap_xq
    for k in range(d_higher):
        sums[e0 + k - base, 0] = acc[k, 0] + acc[k, 2]
        if overlap:
            sums[e0 + k - base, 1] = acc[k, 1] + acc[k, 3]
        y = up_col[e0 + k]
        place[y] = none + (y & (DUMPS - 1))


@njit(cache=True)
def _block_rows(first, stop, base, indptr, indices, data, value, at, order, rank, up_ptr,
                up_col, down_ptr, down_tie, s, overlap, place, lower, most_higher, sums):
    """:func:`_tie_sums_of_row` for the rows ``first:stop``, with scratch
    arrays for them (``place``: from :func:`empty_places`, and left so)."""
    w = np.zeros(most_higher + DUMPS)
    share = np.zeros(most_higher + DUMPS)
    acc = np.zeros((most_higher + DUMPS, 4))
    for x in range(first, stop):
        _tie_sums_of_row(x, base, indptr, indices, data, value, at, order, rank, up_ptr,
                         up_col, down_ptr, down_tie, s, overlap, place, lower, w, share, acc,
                         sums)


@njit(parallel=True, cache=True)
def burt_block_ties(bounds, indptr, indices, data, value, at, order, rank, up_ptr, up_col,
                    down_ptr, down_tie, s, overlap, places, lowers, most_higher, sums):
    """The sums of the ties of the rows ``bounds[0]:bounds[-1]`` (one block;
    its chunks: ``bounds``), ``sums[e - up_ptr[bounds[0]]]``. Each tie's
    sums are written by its row only: the same bits whatever the threads.
    ``places``, ``lowers``: scratch arrays, one per thread."""
    base = up_ptr[bounds[0]]
    for chunk in prange(len(bounds) - 1):
        thread = get_thread_id()
        _block_rows(bounds[chunk], bounds[chunk + 1], base, indptr, indices, data, value, at,
                    order, rank, up_ptr, up_col, down_ptr, down_tie, s, overlap,
                    places[thread], lowers[thread], most_higher, sums)


@njit(cache=True)
def burt_block_ties_serial(bounds, indptr, indices, data, value, at, order, rank, up_ptr,
                           up_col, down_ptr, down_tie, s, overlap, places, lowers, most_higher,
                           sums):
    """:func:`burt_block_ties` in the calling thread (small graphs)."""
    _block_rows(bounds[0], bounds[-1], up_ptr[bounds[0]], indptr, indices, data, value, at,
                order, rank, up_ptr, up_col, down_ptr, down_tie, s, overlap, places[0],
                lowers[0], most_higher, sums)


@njit(cache=True)
def block_lower_ties(first, stop, up_ptr, up_col):
    """The ties of the block of rows ``first:stop`` by their higher end
    ``y`` (ranked from ``first`` on): ``tie[lower_ptr[y - first]:
    lower_ptr[y - first + 1]]`` (each tie's entry of :func:`upper`, less
    ``up_ptr[first]``) and ``low`` (its lower end), increasing."""
    n = len(up_ptr) - 1
    base = up_ptr[first]
    lower_ptr = np.zeros(n - first + 1, dtype=np.int32)  # a block holds < 2**31 ties
    for e in range(base, up_ptr[stop]):
        lower_ptr[up_col[e] - first + 1] += 1
    for y in range(n - first):
        lower_ptr[y + 1] += lower_ptr[y]
    tie = np.empty(up_ptr[stop] - base, dtype=np.int32)
    low = np.empty(up_ptr[stop] - base, dtype=np.int32)
    for x in range(first, stop):  # increasing: each list is filled in order
        for e in range(up_ptr[x], up_ptr[x + 1]):
            y = up_col[e] - first
            p = lower_ptr[y]
            tie[p] = e - base
            low[p] = x
            lower_ptr[y] = p + 1
    for y in range(n - first, 0, -1):  # each list's end -> the next one's start
        lower_ptr[y] = lower_ptr[y - 1]
    lower_ptr[0] = 0
    return lower_ptr, tie, low


@njit(cache=True)
def _local_constraint(m_ij, indirect_ij, s_i):
    """``c_ij = (p_ij + sum_q p_iq p_qj)^2 = ((m_ij + indirect_ij) / s_i)^2``."""
    p_ij_and_indirect = (m_ij + indirect_ij) / s_i
    return p_ij_and_indirect * p_ij_and_indirect


@njit(cache=True)
def _redundancy(overlap_ij, s_i, strongest_j):
    """``r_ij = sum_q p_iq m_jq / max_k m_jk = overlap_ij / (s_i max_k m_jk)``."""
    return overlap_ij / (s_i * strongest_j)


@njit(cache=True)
def _entropy_term(c_ij, N_over_C):
    """Hierarchy's ``x_j ln x_j`` with ``x_j = c_ij N / C_i``."""
    x_j = c_ij * N_over_C
    return np.log(x_j) * x_j


@njit(cache=True)
def _finish_ego(C, redundancy, n_contacts, out, column):
    """Constraint, effective size, efficiency and contacts of an ego from
    its sums (NaN without contacts)."""
    N = float(n_contacts)
    out[4, column] = N
    if n_contacts == 0:
        for k in range(3):
            out[k, column] = np.nan
        return
    effective_size = N - redundancy  # N - sum_j r_ij
    out[0, column] = C  # C_i = sum_j c_ij
    out[1, column] = effective_size
    out[2, column] = effective_size / N


@njit(cache=True)
def _finish_hierarchy(x_ln_x, n_contacts, out, column):
    """Hierarchy ``sum_j x_j ln x_j / (N ln N)`` (NaN below two contacts)."""
    N = float(n_contacts)
    out[3, column] = x_ln_x / (N * np.log(N)) if n_contacts > 1 else np.nan


@njit(cache=True)
def _ego_terms(y, first, stop, lower_ptr, tie, low, up_ptr, up_col, value, at, data, s,
               strongest, n_lower, sums, second, C, R, order, out):
    """Ego ``y`` adds the terms of its ties in the block ``first:stop``
    (sums ``sums[e - up_ptr[first]]``): to its lower contacts ``x`` in the
    block, increasing, then, when ``y`` is in the block, to its higher
    contacts, and its measures are finished into ``out[:, order[y]]``.

    First round (``second`` False): ``C[y] += c_yj`` and ``R[y] += r_yj``.
    Second round: ``R[y] += x_j ln x_j`` (``C[y]`` is then the constraint).
    """
    base = up_ptr[first]
    s_y = s[y]
    n_contacts = n_lower[y] + up_ptr[y + 1] - up_ptr[y]
    N_over_C = float(n_contacts) / C[y] if second and n_contacts > 1 else 0.0
    c_sum = C[y]
    r_sum = R[y]
    for t in range(lower_ptr[y - first], lower_ptr[y - first + 1]):
        e = tie[t]
        c = _local_constraint(_m(e + base, value, at, data), sums[e, 0], s_y)
        if second:
            r_sum += _entropy_term(c, N_over_C)
        else:
            c_sum += c
            r_sum += _redundancy(sums[e, 1], s_y, strongest[low[t]])
    if y < stop:
        for e in range(up_ptr[y], up_ptr[y + 1]):
            c = _local_constraint(_m(e, value, at, data), sums[e - base, 0], s_y)
            if second:
                r_sum += _entropy_term(c, N_over_C)
            else:
                c_sum += c
                r_sum += _redundancy(sums[e - base, 1], s_y, strongest[up_col[e]])
        if second:
            _finish_hierarchy(r_sum, n_contacts, out, order[y])
        else:
            _finish_ego(c_sum, r_sum, n_contacts, out, order[y])
    C[y] = c_sum
    R[y] = r_sum


@njit(cache=True)
def _block_egos(first_ego, stop_ego, first, stop, lower_ptr, tie, low, up_ptr, up_col,
                value, at, data, s, strongest, n_lower, sums, second, C, R, order, out):
    for y in range(first_ego, stop_ego):
        if y < stop or lower_ptr[y - first + 1] > lower_ptr[y - first]:
            _ego_terms(y, first, stop, lower_ptr, tie, low, up_ptr, up_col, value, at, data,
                       s, strongest, n_lower, sums, second, C, R, order, out)


@njit(parallel=True, cache=True)
def burt_block_egos(bounds, first, stop, lower_ptr, tie, low, up_ptr, up_col, value, at,
                    data, s, strongest, n_lower, sums, second, C, R, order, out):
    """Every ego ranked from ``first`` on adds the terms of its ties in the
    block ``first:stop`` (:func:`_ego_terms`); ``bounds``: chunks of egos.
    Each ego is one chunk's: the same bits whatever the threads."""
    for chunk in prange(len(bounds) - 1):
        _block_egos(bounds[chunk], bounds[chunk + 1], first, stop, lower_ptr, tie, low, up_ptr,
                    up_col, value, at, data, s, strongest, n_lower, sums, second, C, R,
                    order, out)


@njit(cache=True)
def burt_block_egos_serial(bounds, first, stop, lower_ptr, tie, low, up_ptr, up_col, value,
                           at, data, s, strongest, n_lower, sums, second, C, R, order, out):
    """:func:`burt_block_egos` in the calling thread (small graphs)."""
    _block_egos(bounds[0], bounds[-1], first, stop, lower_ptr, tie, low, up_ptr, up_col,
                value, at, data, s, strongest, n_lower, sums, second, C, R, order, out)


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


# ------------------------------------------------ Burt: a few egos, walked
# A few egos' measures by intersecting contact lists, read straight from
# the graph's own CSR (original labels, each row sorted by label): a row is
# walked in rank order through ``walk`` (per entry, int32: the offsets of
# the row's entries, the contact ranked lowest first); the strengths are
# indexed by label.


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
def _ego_walked(i, indptr, indices, data, unit, walk, degree, s, strongest, sums, out, column):
    """Burt's measures of ego ``i`` into ``out[:, column]`` from the sums
    ``sums[k] = (indirect, overlap)`` of its ties, its row walked in rank
    order: the terms of :func:`_ego_terms`, in the same order."""
    row = indptr[i]
    n_contacts = degree[i]
    s_i = s[i]
    C = 0.0
    redundancy = 0.0
    for k in range(n_contacts):
        a = row + walk[row + k]
        C += _local_constraint(1.0 if unit else data[a], sums[k, 0], s_i)
        redundancy += _redundancy(sums[k, 1], s_i, strongest[indices[a]])
    _finish_ego(C, redundancy, n_contacts, out, column)
    N_over_C = float(n_contacts) / C if n_contacts else 0.0
    x_ln_x = 0.0
    for k in range(n_contacts if n_contacts > 1 else 0):
        a = row + walk[row + k]
        x_ln_x += _entropy_term(_local_constraint(1.0 if unit else data[a], sums[k, 0], s_i),
                                N_over_C)
    _finish_hierarchy(x_ln_x, n_contacts, out, column)


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
        _ego_walked(i, indptr, indices, data, unit, walk, degree, s, strongest, sums, out, row)


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
