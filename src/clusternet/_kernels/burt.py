"""Burt's structural holes on CSR arrays: constraint, effective size,
efficiency and hierarchy.

Notation (Burt 1992), for the symmetric mutual-tie matrix ``m`` (see
:func:`clusternet._kernels.brokerage.mutual`):

- ``s_i = sum_k m_ik``, the strength of ``i``; ``p_ij = m_ij / s_i``;
- the common contacts ``q`` of a tie ``i -- j`` (``q != i, j``);
- per tie, two sums over them, both symmetric in ``i`` and ``j``:

  ``indirect_ij = sum_q m_iq m_qj / s_q`` (so that
  ``p_ij + sum_q p_iq p_qj = (m_ij + indirect_ij) / s_i``) and

  ``overlap_ij = sum_q m_iq m_jq`` (so that
  ``sum_q p_iq m_jq / max_k m_jk = overlap_ij / (s_i max_k m_jk)``);

- per entry (ego ``i``, contact ``j``): the local constraint
  ``c_ij = ((m_ij + indirect_ij) / s_i)^2`` and the redundancy
  ``r_ij = overlap_ij / (s_i max_k m_jk)``;
- per ego, with ``N`` contacts: constraint ``C_i = sum_j c_ij``, effective
  size ``N - sum_j r_ij``, efficiency = effective size / ``N``, hierarchy
  ``sum_j x_j ln x_j / (N ln N)`` with ``x_j = c_ij N / C_i``.

The common contacts of a tie are the third nodes of its triangles, so the
tie sums are sums over triangles (:func:`.triangles.triangles`). With ranks
by degree, each sum is split in two partial sums, each accumulated in
increasing rank of ``q``, and then added (``below + above``):

- ``below``: ``q`` ranked below both ends (the tie is the far side ``vw``
  of the triangle ``u = q < v < w``): these come from earlier rows of the
  listing and are spooled (:class:`BelowSums`);
- ``above``: ``q`` ranked above the tie's lower end (the tie is ``uw`` with
  ``q = v``, or ``uv`` with ``q = w``): these come from the tie's own row and
  are summed step by step (:class:`AboveSums`).

The per-tie path for a few egos (:func:`tie_sums_of`) splits and orders
its sums the same way, and each ego's sums run over its contacts in rank
order on every path, so a subset of egos gives, bit for bit, the numbers of
the full computation.

Engines: :func:`burt` runs the compiled loops of :mod:`._compiled_loops`
when numba is installed and the graph is not small (:mod:`._compiled`);
the vectorised code of this module is the *numpy engine*, the fallback
without numba, kept because it is tested equal: the same terms in the same
order, so the same bits (hierarchy to 1e-13), checked on random graphs by
``tests/test_kernels_compiled.py``.

Where each term is computed (numpy engine / compiled engine):

- ``s_i``: :func:`_burt_every_ego` (``sum_by``) / ``upper_strengths``;
- ``indirect_ij`` and ``overlap_ij`` (the sums over ``q``):
  :func:`tie_sums_all` (:class:`BelowSums` + :class:`AboveSums`) /
  ``_tie_sums_of_row`` (below: the wedges; above: the triangles found from
  the tie's lower end);
- ``c_ij = ((m_ij + indirect_ij) / s_i)^2`` and ``r_ij``:
  :func:`_burt_every_ego` / ``_local_constraint`` and ``_redundancy``;
- ``C_i``, effective size and hierarchy's entropy term ``x_j ln x_j``:
  :func:`_ego_sums` / ``_ego_terms`` (``_entropy_term``, ``_finish_ego``).

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import _compiled
from .triangles import (BLOCK, STEP, Ranked, Spool, Triangles, blocks, distinct, lookup,
                        ranked, segment_positions, sum_by, triangles)

__all__ = ["AboveSums", "BelowSums", "TieSums", "burt", "tie_sums_all", "tie_sums_of"]


@dataclass
class TieSums:
    """Sums over the common contacts ``q`` of each tie ``i -- j``:
    ``indirect = sum_q m_iq m_qj / s_q`` and ``overlap = sum_q m_iq m_jq``."""

    indirect: np.ndarray
    overlap: np.ndarray

    def __add__(self, other: TieSums) -> TieSums:
        return TieSums(self.indirect + other.indirect, self.overlap + other.overlap)


# ------------------------------------------------------- the two partial sums
class BelowSums:
    """Partial tie sums over the common contacts ``q`` ranked below both ends.

    In a triangle ``u < v < w`` this is the contribution of ``q = u`` to the
    tie ``v -- w``: ``m_uv m_uw / s_u`` to ``indirect`` and ``m_uv m_uw`` to
    ``overlap``. The triangles of a tie ``v -- w`` come from the rows of the
    lower-ranked ``u``, in increasing ``u``; they are spooled in that order
    and summed per tie (:class:`.triangles.Spool`).
    """

    def __init__(self, n_ties: int, capacity: int) -> None:
        self.spool = Spool(n_ties, capacity, width=2)

    def add(self, t: Triangles, m_uv: np.ndarray, m_uw: np.ndarray,
            p_uv: np.ndarray) -> None:
        """One step of triangles; ``p_uv = m_uv / s_u``."""
        ties, (indirect, overlap) = self.spool.reserve(len(t))
        ties[:] = t.vw
        np.multiply(p_uv, m_uw, out=indirect)
        np.multiply(m_uv, m_uw, out=overlap)

    def result(self) -> TieSums:
        indirect, overlap = self.spool.result()
        return TieSums(indirect, overlap)


@dataclass
class _StepTerms:
    """Scratch arrays of :class:`AboveSums`, reused from step to step:
    for each term, the tie it goes to (counted from the first tie of the
    step's first row) and its values."""

    tie: np.ndarray
    indirect: np.ndarray
    overlap: np.ndarray

    @classmethod
    def empty(cls, size: int) -> _StepTerms:
        return cls(np.empty(size, dtype=np.int64), np.empty(size), np.empty(size))

    def take(self, size: int) -> _StepTerms:
        """The first ``size`` entries, growing the arrays when needed."""
        if size > len(self.tie):
            grown = _StepTerms.empty(2 * size)
            self.tie, self.indirect, self.overlap = grown.tie, grown.indirect, grown.overlap
        return _StepTerms(self.tie[:size], self.indirect[:size], self.overlap[:size])


class AboveSums:
    """Partial tie sums over the common contacts ``q`` ranked above the tie's
    lower end.

    In a triangle ``u < v < w`` these are the contributions of ``q = v`` to
    the tie ``u -- w`` (``m_vu m_vw / s_v`` to ``indirect``, ``m_vu m_vw`` to
    ``overlap``) and of ``q = w`` to the tie ``u -- v`` (``m_wu m_wv / s_w``
    and ``m_wu m_wv``). Both come from row ``u`` of the listing, where a tie
    ``u -- x`` receives its terms with ``q < x`` (as ``uw``, increasing
    ``q``) before those with ``q > x`` (as ``uv``, increasing ``q``).

    Each step is summed into :attr:`indirect` and :attr:`overlap` at once
    with ``np.bincount``: its terms as ``uw`` first, then as ``uv``. Only
    the step's first row may have begun in an earlier step; the sums so far
    of that row's ties go in front, which keeps every tie's order.
    """

    def __init__(self, R: Ranked) -> None:
        self.tie_ptr = R.tie_ptr
        self.tie_low = R.tie_low
        self.indirect = np.zeros(R.n_ties)
        self.overlap = np.zeros(R.n_ties)
        longest_row = int(np.diff(R.tie_ptr).max()) if R.n_ties else 0
        self._row_ties = np.arange(longest_row, dtype=np.int64)
        self._terms = _StepTerms.empty(0)

    def add(self, t: Triangles, m_uv: np.ndarray, m_uw: np.ndarray, m_vw: np.ndarray,
            p_vu: np.ndarray, p_wu: np.ndarray) -> None:
        """One step of triangles; ``p_vu = m_uv / s_v``, ``p_wu = m_uw / s_w``."""
        k = len(t)
        row = int(self.tie_low[t.uv[0]])
        row_start, row_end = int(self.tie_ptr[row]), int(self.tie_ptr[row + 1])
        step_end = max(int(t.uw.max()) + 1, row_end)  # past the last tie of the step
        carried = row_end - row_start  # the first row's sums so far go in front
        terms = self._terms.take(carried + 2 * k)
        as_uw, as_uv = slice(carried, carried + k), slice(carried + k, None)

        terms.tie[:carried] = self._row_ties[:carried]
        np.subtract(t.uw, row_start, out=terms.tie[as_uw])
        np.subtract(t.uv, row_start, out=terms.tie[as_uv])

        terms.overlap[:carried] = self.overlap[row_start:row_end]
        np.multiply(m_uv, m_vw, out=terms.overlap[as_uw])  # q = v
        np.multiply(m_uw, m_vw, out=terms.overlap[as_uv])  # q = w
        self.overlap[row_start:step_end] = np.bincount(terms.tie, terms.overlap,
                                                       minlength=step_end - row_start)

        terms.indirect[:carried] = self.indirect[row_start:row_end]
        np.multiply(p_vu, m_vw, out=terms.indirect[as_uw])
        np.multiply(p_wu, m_vw, out=terms.indirect[as_uv])
        self.indirect[row_start:step_end] = np.bincount(terms.tie, terms.indirect,
                                                        minlength=step_end - row_start)

    def result(self) -> TieSums:
        return TieSums(self.indirect, self.overlap)


# ------------------------------------------------------------------ tie sums
def tie_sums_all(R: Ranked, s: np.ndarray, budget: int = BLOCK) -> TieSums:
    """``indirect`` and ``overlap`` of every tie (rank space, strengths ``s``),
    in one pass over the triangles: ``below + above``."""
    n_ties = R.n_ties
    m = R.tie_weight  # m of each tie
    # p of each tie seen from its lower end (m_e / s_low) and from its higher end
    p_from_low = m / s[R.tie_low]
    p_from_high = m / s[R.tie_high]
    below = BelowSums(n_ties, capacity=max(3 * STEP, min(budget, 4 * n_ties)))
    above = AboveSums(R)
    for step in triangles(R, budget):  # triangles u < v < w, as the ids of their ties
        m_uv, m_uw, m_vw = m.take(step.uv), m.take(step.uw), m.take(step.vw)
        # q = u for the tie v -- w
        below.add(step, m_uv, m_uw, p_uv=p_from_low.take(step.uv))
        # q = v for the tie u -- w, q = w for the tie u -- v
        above.add(step, m_uv, m_uw, m_vw, p_vu=p_from_high.take(step.uv),
                  p_wu=p_from_high.take(step.uw))
    return below.result() + above.result()


def tie_sums_of(R: Ranked, ties: np.ndarray, s: np.ndarray, budget: int = BLOCK) -> TieSums:
    """``indirect`` and ``overlap`` of the given tie ids only (``R`` built with
    the full matrix), by intersecting contact lists: walk the shorter list of
    the tie's two ends in rank order and look each contact ``q`` up in the
    other's. Split and ordered as :func:`tie_sums_all`, so the same bits."""
    n = R.n
    low = np.searchsorted(R.tie_ptr, ties, side="right") - 1
    high = R.tie_high[ties]
    deg = R.degree
    swap = deg[high] < deg[low]
    walk = np.where(swap, high, low)  # the end whose list is walked
    other = np.where(swap, low, high)
    indirect = np.zeros(len(ties))
    overlap = np.zeros(len(ties))
    for start, stop in blocks(deg[walk], budget):
        k = stop - start
        walked = walk[start:stop]
        entry_walk = segment_positions(R.indptr[walked], deg[walked])
        tie = np.repeat(np.arange(k, dtype=np.int64), deg[walked])
        q = R.indices[entry_walk]
        ends = other[start:stop][tie]
        keep = q != ends
        entry_walk, tie, q, ends = entry_walk[keep], tie[keep], q[keep], ends[keep]
        entry_other, found = lookup(R.keys, ends * n + q)
        entry_walk, entry_other = entry_walk[found], entry_other[found]
        tie, q = tie[found], q[found]
        # m_q,low and m_q,high of the tie
        swapped = swap[start:stop][tie]
        m_q_low = np.where(swapped, R.data[entry_other], R.data[entry_walk])
        m_q_high = np.where(swapped, R.data[entry_walk], R.data[entry_other])
        indirect_terms = m_q_low / s[q] * m_q_high
        overlap_terms = m_q_low * m_q_high
        below = q < low[start:stop][tie]
        above = ~below
        indirect[start:stop] = (sum_by(tie[below], indirect_terms[below], k)
                                + sum_by(tie[above], indirect_terms[above], k))
        overlap[start:stop] = (sum_by(tie[below], overlap_terms[below], k)
                               + sum_by(tie[above], overlap_terms[above], k))
    return TieSums(indirect, overlap)


# ------------------------------------------------------------------ per ego
def burt(M: sp.csr_array, positions: np.ndarray | None = None, *, budget: int = BLOCK,
         method: str = "auto", engine: str | None = None, unit: bool = False,
         block: int | None = None, hierarchy: bool = True,
         directed: bool = False) -> dict[str, np.ndarray]:
    """Burt's constraint, effective size, efficiency and hierarchy.

    Parameters
    ----------
    M : csr_array
        Symmetric mutual-tie matrix ``m`` (:func:`.brokerage.mutual`), no
        diagonal.
    positions : int array, optional
        Egos to return (original indices), in the order wanted; all if None.
    budget : int
        Bound on the look-ups (or contact pairs) per block.
    method : {"auto", "all", "some"}
        ``"all"``: triangle listing over the whole graph
        (:func:`tie_sums_all`); ``"some"``: per-tie intersections for the
        ties of ``positions`` only (:func:`tie_sums_of`). Same numbers, bit
        for bit; ``"auto"`` picks the cheaper. Numpy engine only.
    engine : {"numba", "numpy"}, optional
        ``"numba"``: the compiled loops of :mod:`._compiled_loops` (the
        same sums in the same order); ``"numpy"``: the vectorised kernels of
        this module, the fallback without numba. Default: numba when it can
        be imported and ``M`` is not small (:func:`._compiled.resolve`).
    unit : bool
        Every tie of ``M`` counts 1 (its values are not read): an
        undirected graph's adjacency serves as the pattern with no copy.
    block : int, optional
        Ties per block of ranks of the compiled engine
        (:func:`._compiled.burt`; its working memory grows by 24 bytes per
        tie of a block; the numbers do not change, bit for bit); None: all
        the ties in one block. The numpy engine ignores it.
    hierarchy : bool
        False: the compiled engine leaves hierarchy out (one round of its
        blocks instead of two) and out of the result.
    directed : bool
        ``M`` is a directed graph's adjacency, read by the compiled engine
        as its mutual ties ``a_ij + a_ji`` without building them (all egos;
        ``unit``: each arc counts 1). The numpy engine needs the matrix of
        mutual ties (:func:`.brokerage.mutual`): refused here.

    Returns
    -------
    dict of float arrays aligned with ``positions``: ``constraint``,
    ``effective_size``, ``efficiency``, ``hierarchy``, ``n_contacts``.

    Notes
    -----
    Per entry (ego ``i``, contact ``j``), from the tie sums (module
    docstring): ``c_ij = ((m_ij + indirect_ij) / s_i)^2`` and
    ``r_ij = overlap_ij / (s_i max_k m_jk)``; per ego, the sums of
    :func:`_ego_sums`. NaN: all four for an ego without contacts, hierarchy
    also for one contact.
    """
    if method not in ("auto", "all", "some"):  # pragma: no cover - internal
        raise ValueError(method)
    if _compiled.resolve(engine, M.nnz) == "numba":
        return _compiled.burt(M, positions, unit=unit, block=block, hierarchy=hierarchy,
                              directed=directed)
    if directed:  # pragma: no cover - internal
        raise ValueError("the numpy engine reads the matrix of mutual ties")
    if unit:
        M = sp.csr_array((np.ones(M.nnz), M.indices, M.indptr), shape=M.shape)
    strongest = _strongest_tie(M)
    if positions is None and method != "some":
        return _burt_every_ego(M, strongest, budget)
    return _burt_by_ego_blocks(M, positions, strongest, budget, method)


def _strongest_tie(M: sp.csr_array) -> np.ndarray:
    """``max_k m_jk`` for every node ``j`` (0 without ties), original order."""
    n = M.shape[0]
    out = np.zeros(n)
    if M.nnz:
        indptr = M.indptr
        nonempty = np.flatnonzero(indptr[1:] > indptr[:-1])
        out[nonempty] = np.maximum.reduceat(M.data, indptr.take(nonempty))
    return out


def _burt_every_ego(M: sp.csr_array, strongest: np.ndarray, budget: int) -> dict[str, np.ndarray]:
    """Every ego, from the upper triangle only, in rank order (mapped back at
    the end).

    Each tie ``low -- high`` gives two entries (ego, contact): first
    ``(high, low)`` for every tie, then ``(low, high)``. An ego's entries are
    thus its lower-ranked contacts then its higher-ranked ones, each in
    rank order: the order of its row in the full matrix.
    """
    n = M.shape[0]
    R = ranked(M, upper_only=True)
    low, high, m = R.tie_low, R.tie_high, R.tie_weight
    n_ties = len(m)
    # entries (ego, contact): (high, low) for every tie, then (low, high)
    as_high, as_low = slice(None, n_ties), slice(n_ties, None)
    ego = np.concatenate((high, low))
    s = sum_by(ego, np.concatenate((m, m)), n)  # s_i = sum_k m_ik
    strongest = strongest[R.order]  # max_k m_jk
    sums = tie_sums_all(R, s, budget)
    s_low, s_high = s.take(low), s.take(high)
    # p_ij + sum_q p_iq p_qj = (m_ij + indirect_ij) / s_i, squared: c_ij
    direct_and_indirect = m + sums.indirect
    local_constraint = np.empty(2 * n_ties)
    np.divide(direct_and_indirect, s_high, out=local_constraint[as_high])
    np.divide(direct_and_indirect, s_low, out=local_constraint[as_low])
    local_constraint *= local_constraint
    # r_ij = sum_q p_iq m_jq / max_k m_jk = overlap_ij / (s_i max_k m_jk)
    redundancy = np.empty(2 * n_ties)
    np.multiply(s_high, strongest.take(low), out=redundancy[as_high])
    np.multiply(s_low, strongest.take(high), out=redundancy[as_low])
    np.divide(np.concatenate((sums.overlap, sums.overlap)), redundancy, out=redundancy)
    n_contacts = R.degree.astype(np.float64)
    return _finish(_ego_sums(ego, n, n_contacts, local_constraint, redundancy), n_contacts,
                   R.rank)


def _burt_by_ego_blocks(M: sp.csr_array, positions: np.ndarray | None, strongest: np.ndarray,
                        budget: int, method: str) -> dict[str, np.ndarray]:
    """The egos ``positions`` (all if None), in blocks of bounded size, from
    the full matrix in rank space; the tie sums by either method."""
    n = M.shape[0]
    R = ranked(M)
    deg = R.degree
    s = sum_by(R.rows, R.data, n)
    strongest = strongest[R.order]
    every = positions is None
    if every:
        egos = np.arange(n, dtype=np.int64)
        ego_entries = slice(None)
    else:
        egos = R.rank[np.asarray(positions, dtype=np.int64)]
        ego_entries = segment_positions(R.indptr[egos], deg[egos])
    if method == "auto":
        method = _cheaper_method(R, ego_entries)
    if method == "all":
        sums = tie_sums_all(R, s, budget)
        slot = None
    else:
        wanted = distinct(R.eid[ego_entries], R.n_ties)
        sums = tie_sums_of(R, wanted, s, budget)
        # tie id -> its position in wanted
        slot = np.full(R.n_ties, -1, dtype=np.int64)
        slot[wanted] = np.arange(len(wanted), dtype=np.int64)

    out = {key: np.empty(len(egos)) for key in ("constraint", "effective_size", "hierarchy")}
    # each ego's sums stay within one block
    for first, stop in blocks(deg[egos], budget):
        block = egos[first:stop]
        if every:
            entries = slice(R.indptr[first], R.indptr[stop])
        else:
            entries = segment_positions(R.indptr[block], deg[block])
        ties = R.eid[entries]
        if slot is not None:
            ties = slot[ties]
        local_ego = np.repeat(np.arange(stop - first, dtype=np.int64), deg[block])
        s_ego = s[block][local_ego]
        c = ((R.data[entries] + sums.indirect[ties]) / s_ego) ** 2
        redundancy = sums.overlap[ties] / (s_ego * strongest[R.indices[entries]])
        part = _ego_sums(local_ego, stop - first, deg[block].astype(np.float64), c, redundancy)
        for key, value in part.items():
            out[key][first:stop] = value
    return _finish(out, deg[egos].astype(np.float64), R.rank if every else None)


def _cheaper_method(R: Ranked, ego_entries: np.ndarray | slice) -> str:
    """``"some"`` when intersecting the egos' ties costs less than listing
    every triangle, else ``"all"``."""
    wanted = distinct(R.eid[ego_entries], R.n_ties)
    low = np.searchsorted(R.tie_ptr, wanted, side="right") - 1
    some_cost = np.minimum(R.degree[low], R.degree[R.tie_high[wanted]]).sum()
    out_degree = np.diff(R.tie_ptr)
    all_cost = (out_degree * (out_degree - 1) // 2).sum() + R.n_ties
    return "some" if some_cost < all_cost else "all"


def _ego_sums(ego: np.ndarray, size: int, n_contacts: np.ndarray, c: np.ndarray,
              redundancy: np.ndarray) -> dict[str, np.ndarray]:
    """Per-ego sums of the per-entry local constraint ``c`` and redundancy
    (an ego's entries in the order of its row, so each sum is sequential):

    - constraint ``C_i = sum_j c_ij``;
    - effective size ``N - sum_j r_ij``;
    - hierarchy ``sum_j x_j ln x_j / (N ln N)``, ``x_j = c_ij N / C_i``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        C = sum_by(ego, c, size)  # C_i = sum_j c_ij
        x = c * (n_contacts / C).take(ego)  # x_j = c_ij N / C_i
        x_ln_x = np.log(x)
        x_ln_x *= x  # the entropy term x_j ln x_j
        return {"constraint": C,
                "effective_size": n_contacts - sum_by(ego, redundancy, size),  # N - sum_j r_ij
                "hierarchy": sum_by(ego, x_ln_x, size) / (n_contacts * np.log(n_contacts))}


def _finish(out: dict[str, np.ndarray], n_contacts: np.ndarray,
            rank: np.ndarray | None) -> dict[str, np.ndarray]:
    """NaN where a measure is undefined, efficiency, contacts; back to graph order."""
    out["constraint"][n_contacts == 0] = np.nan
    out["effective_size"][n_contacts == 0] = np.nan
    out["hierarchy"][n_contacts <= 1] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        out["efficiency"] = out["effective_size"] / n_contacts
    out["n_contacts"] = n_contacts
    if rank is not None:
        out = {key: value[rank] for key, value in out.items()}
    return out
