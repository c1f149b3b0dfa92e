"""Two-mode (actor x event) clustering counts on a binary CSR incidence.

Robins and Alexander (2004) and Opsahl (2013) both count short cycles of the
bipartite graph of actors and events; neither needs the graph itself, only
the incidence ``B`` (actors x events, 0/1) and the co-occurrence counts
``W = B B^T`` off the diagonal (``w_ij``: events actors ``i`` and ``j``
share), which the count projection already is.

- :func:`robins_alexander_counts`: 4-cycles ``C4 = sum_{i<j} C(w_ij, 2)`` and
  3-paths ``L3 = sum_{(a, e)} (d_a - 1)(s_e - 1)`` over the incidences
  (a bipartite graph has no triangle, so the two ends of any edge's
  neighbours are distinct).
- :func:`opsahl_counts`: per actor ``Q`` the 4-paths ``P - X - Q - Y - R``
  centred on it (three distinct actors, two distinct events) and the closed
  ones, whose ends share a third event ``Z`` outside ``{X, Y}``. See the
  function for the decomposition over the triangles of ``W`` that avoids
  listing the 4-paths.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

from .triangles import BLOCK, TieIndex, blocks, ranked, segment_positions, triangles

__all__ = ["binary", "cooccurrence", "opsahl_counts", "robins_alexander_counts"]


def binary(B: sp.spmatrix | sp.sparray) -> sp.csr_array:
    """The 0/1 pattern of an incidence, int64, canonical CSR (sorted, no zeros)."""
    B = sp.csr_array(B, copy=True)  # a graph's arrays are read-only
    B.sum_duplicates()
    B.sort_indices()
    nz = B.data != 0
    out = sp.csr_array((nz.astype(np.int64), B.indices.copy(), B.indptr.copy()), shape=B.shape)
    out.eliminate_zeros()
    return out


def cooccurrence(B: sp.csr_array) -> sp.csr_array:
    """``W = B B^T`` without its diagonal: shared events per actor pair (int64)."""
    W = sp.csr_array(B @ B.T)
    W.setdiag(0)
    W.eliminate_zeros()
    W.sort_indices()
    return sp.csr_array(W, dtype=np.int64)


def robins_alexander_counts(B: sp.csr_array) -> tuple[int, int]:
    """``(C4, L3)``: 4-cycles and 3-paths of the bipartite graph of ``B`` (0/1)."""
    n, m = B.shape
    W = cooccurrence(B)
    w = W.data
    c4 = int((w * (w - 1) // 2).sum()) // 2  # each pair stored twice
    deg = np.diff(B.indptr).astype(np.int64)
    size = np.bincount(B.indices, minlength=m).astype(np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), deg)
    l3 = int(((deg.take(rows) - 1) * (size.take(B.indices) - 1)).sum())
    return c4, l3


def opsahl_counts(B: sp.csr_array, budget: int = BLOCK) -> tuple[np.ndarray, np.ndarray]:
    r"""Per actor: the 4-paths centred on it and the closed ones (float64).

    With :math:`w_{QP}` the events actors share, :math:`t_{QPR}` the events
    all three share and :math:`s_X` event sizes, the 4-paths centred on
    :math:`Q` with ends :math:`\{P, R\}` number :math:`w_{QP} w_{QR} -
    t_{QPR}`, so that

    .. math:: \text{paths}_Q = \tfrac12\Big[\big(\textstyle\sum_P w_{QP}\big)^2
              - \sum_P w_{QP}^2\Big] - T_Q, \qquad
              T_Q = \sum_{X \ni Q} \binom{s_X - 1}{2}.

    A path is closed when its ends share an event outside its own two
    events. Ends that share none (:math:`w_{PR} = 0`) close nothing; ends
    that share three or more close every path; with :math:`w_{PR} = 1`
    (their one event :math:`Z`) the paths through :math:`Z` stay open when
    :math:`Q \in Z` -- :math:`w_{QP} + w_{QR} - 2` of them; with
    :math:`w_{PR} = 2` both events of the path must be theirs -- 2 paths
    when :math:`Q` is in both. Hence

    .. math:: \text{closed}_Q = S_Q - T_Q - K^{(1)}_Q - K^{(2)}_Q,

    with :math:`S_Q = \sum_{P<R,\, w_{PR} \ge 1} w_{QP} w_{QR}` over the
    triangles of :math:`W` (listed once each, :mod:`.triangles`),
    :math:`K^{(1)}_Q = \sum_{X \ni Q} \sum_{P \in X \setminus Q} (w_{QP} - 1)
    u_{PX}`, :math:`u_{PX}` the co-members of :math:`P` in :math:`X` it
    meets nowhere else (a look-up per pair of co-members, :math:`\sum_X
    s_X^2`), and :math:`K^{(2)}_Q = 2\,|\{P<R: w_{PR} = 2,\ Q \in Z_1 \cap
    Z_2\}|` (per such pair, a look-up per member of its smaller event).
    """
    n, m = B.shape
    deg = np.diff(B.indptr).astype(np.int64)
    size = np.bincount(B.indices, minlength=m).astype(np.int64)
    W = cooccurrence(B)
    # -- all 4-paths
    sum_w = B @ (size - 1)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(W.indptr))
    sum_w2 = np.bincount(rows, W.data.astype(np.float64) ** 2, minlength=n)
    T = B @ ((size - 1) * (size - 2) // 2)
    paths = (sum_w.astype(np.float64) ** 2 - sum_w2) / 2.0 - T
    if W.nnz == 0:
        return paths, np.zeros(n)
    # -- S: the triangles of W, each corner gets the product of its two ties
    R = ranked(W, upper_only=True)
    S_rank = np.zeros(n)
    weight = R.tie_weight.astype(np.float64)
    for t in triangles(R, budget):
        a, b, c = weight.take(t.uv), weight.take(t.uw), weight.take(t.vw)
        u = R.tie_low.take(t.uv)
        v = R.tie_high.take(t.uv)
        w = R.tie_high.take(t.uw)
        S_rank += np.bincount(u, a * b, minlength=n)
        S_rank += np.bincount(v, a * c, minlength=n)
        S_rank += np.bincount(w, b * c, minlength=n)
    S = np.empty(n)
    S[R.order] = S_rank
    # -- K1 and K2 from the pairs of co-members of each event
    E = sp.csr_array(B.T)  # events x actors: members by event
    E.sort_indices()
    index = TieIndex(rows * n + W.indices)
    u_count = np.zeros(E.nnz, dtype=np.int64)  # per participation, in E's order
    twos = []
    for pos_i, pos_j, w_ij in _member_pairs(E, index, W.data, n, budget):
        u_count += np.bincount(pos_i, weights=(w_ij == 1), minlength=E.nnz).astype(np.int64)
        sel = np.flatnonzero((w_ij == 2) & (pos_i < pos_j))
        if len(sel):
            twos.append((E.indices.take(pos_i.take(sel)), E.indices.take(pos_j.take(sel)),
                         _event_of(E.indptr, pos_i.take(sel))))
    K1 = np.zeros(n)
    for pos_i, pos_j, w_ij in _member_pairs(E, index, W.data, n, budget):
        K1 += np.bincount(E.indices.take(pos_i), (w_ij - 1) * u_count.take(pos_j), minlength=n)
    K2 = _k2(B, E, twos, size, n, m, budget)
    closed = S - T - K1 - K2
    return paths, closed


def _event_of(indptr: np.ndarray, pos: np.ndarray) -> np.ndarray:
    return np.searchsorted(indptr, pos, side="right") - 1


def _member_pairs(E: sp.csr_array, index: TieIndex, w: np.ndarray, n: int,
                  budget: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every ordered pair of distinct co-members of an event, as positions in
    ``E`` (participations), with their co-occurrence count: in blocks of
    participations of about ``budget`` pairs (one participation's pairs at
    least, so memory is bounded by the largest event, not its square)."""
    size = np.diff(E.indptr).astype(np.int64)
    event = np.repeat(np.arange(len(size), dtype=np.int64), size)
    cost = size.take(event)
    for start, stop in blocks(cost, budget):
        c = cost[start:stop]
        pos_i = np.repeat(np.arange(start, stop, dtype=np.int64), c)
        pos_j = segment_positions(E.indptr.take(event[start:stop]).astype(np.int64), c)
        keep = np.flatnonzero(pos_i != pos_j)
        pos_i, pos_j = pos_i.take(keep), pos_j.take(keep)
        a, b = E.indices.take(pos_i).astype(np.int64), E.indices.take(pos_j).astype(np.int64)
        tie, found = index.find(a * n + b)
        assert len(found) == len(a)  # co-members always share an event
        yield pos_i, pos_j, w.take(tie)


def _k2(B: sp.csr_array, E: sp.csr_array, twos: list, size: np.ndarray, n: int, m: int,
        budget: int) -> np.ndarray:
    """``K2``: 2 per pair with exactly two shared events and per third actor in both."""
    K2 = np.zeros(n)
    if not twos:
        return K2
    p = np.concatenate([t[0] for t in twos]).astype(np.int64)
    r = np.concatenate([t[1] for t in twos]).astype(np.int64)
    z = np.concatenate([t[2] for t in twos]).astype(np.int64)
    lo, hi = np.minimum(p, r), np.maximum(p, r)
    order = np.lexsort((z, hi, lo))
    lo, hi, z = lo.take(order), hi.take(order), z.take(order)
    # each such pair was seen once in each of its two events
    lo, hi, z1, z2 = lo[0::2], hi[0::2], z[0::2], z[1::2]
    small = np.where(size.take(z1) <= size.take(z2), z1, z2)
    large = np.where(small == z1, z2, z1)
    inc_keys = np.repeat(np.arange(n, dtype=np.int64), np.diff(B.indptr)) * m + B.indices
    inc = TieIndex(inc_keys)
    cost = size.take(small)
    for start, stop in blocks(cost, budget):
        c = cost[start:stop]
        first = E.indptr.take(small[start:stop]).astype(np.int64)
        members = E.indices.take(segment_positions(first, c)).astype(np.int64)
        own_lo, own_hi = np.repeat(lo[start:stop], c), np.repeat(hi[start:stop], c)
        target = np.repeat(large[start:stop], c)
        _, hit = inc.find(members * m + target)
        q = members.take(hit)
        q = q[(q != own_lo.take(hit)) & (q != own_hi.take(hit))]
        K2 += 2.0 * np.bincount(q, minlength=n)
    return K2
