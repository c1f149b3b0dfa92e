"""Brokerage kernels on CSR arrays: the entry points the brokerage measures call.

- :func:`mutual`: the symmetric mutual-tie matrix ``m_ij = a_ij + a_ji``
  that Burt's measures and gatekeepers read, and :func:`either_direction`,
  the undirected reading that participation uses;
- :func:`burt` (in :mod:`.burt`): constraint, effective size, efficiency
  and hierarchy;
- :func:`gf_counts`, :func:`gf_null`, :func:`two_path_count` (in
  :mod:`.gould_fernandez`): Gould-Fernandez open 2-paths by path code, and
  R sna's expected values and variances;
- :func:`outside_ties`: each actor's ties to actors outside a set.

Burt's measures and the Gould-Fernandez counts are sums over triangles,
listed once each by :mod:`.triangles` (numpy engine) or found by the
compiled loops of :mod:`._compiled_loops` (numba engine, ``clusternet[fast]``;
the default from :data:`._compiled.COMPILED_FROM` ties when numba is
installed; :mod:`._compiled` says how to choose). Both engines add the same
terms in the same order. Each formula is written in the
docstring of the function that computes it; ``tests/test_kernels_brokerage.py``
holds a slow reference for each, written from the formulas with plain
loops over neighbour sets.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .burt import burt
from .gould_fernandez import PATH_CODES, gf_counts, gf_null, path_code, two_path_count
from .triangles import BLOCK, Ranked, ranked, triangles

__all__ = [
    "BLOCK",
    "PATH_CODES",
    "Ranked",
    "burt",
    "either_direction",
    "gf_counts",
    "gf_null",
    "mutual",
    "outside_ties",
    "path_code",
    "ranked",
    "triangles",
    "two_path_count",
]


def mutual(A: sp.csr_array, *, directed: bool, weighted: bool) -> sp.csr_array:
    """Symmetric mutual-tie matrix ``m_ij = a_ij + a_ji`` (Burt 1992).

    Undirected graphs store each tie in both directions already, so ``A``
    itself is used (the factor 2 would cancel in every normalisation).
    ``weighted=False`` replaces each stored weight by 1 first, so a
    reciprocated directed pair has ``m_ij = 2``.
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


def either_direction(A: sp.csr_array, *, directed: bool, weighted: bool) -> sp.csr_array:
    """A directed graph read as undirected: the tie weights of the two
    directions added (``a_ij + a_ji``) when ``weighted``, else the pattern
    ``A or A^T`` (a reciprocated pair is one contact, value 1)."""
    M = mutual(A, directed=directed, weighted=True)
    if weighted:
        return M
    return sp.csr_array((np.ones(M.nnz), M.indices, M.indptr), shape=M.shape)


def outside_ties(M: sp.csr_array, inside: np.ndarray) -> dict[str, np.ndarray]:
    """Each node's contacts and tie weight, in all and to nodes outside a set.

    With ``M`` symmetric and ``inside`` a bool per node: ``contacts`` =
    ``|N(i)|``, ``outside`` = ``|N(i) \\ I|``, ``weight`` =
    ``sum_{j in N(i)} M_ij`` and ``outside_weight`` = the same sum over
    ``N(i) \\ I``; the shares ``outside / contacts`` and
    ``outside_weight / weight`` are NaN without contacts.
    """
    n = M.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(M.indptr))
    outside = ~inside[M.indices]
    n_outside = np.bincount(rows[outside], minlength=n)
    n_contacts = np.diff(M.indptr)
    weight = np.bincount(rows, M.data, minlength=n).astype(np.float64)
    outside_weight = np.bincount(rows[outside], M.data[outside], minlength=n).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n_contacts > 0, n_outside / n_contacts, np.nan)
        weight_share = np.where(n_contacts > 0, outside_weight / weight, np.nan)
    return {"contacts": n_contacts, "outside": n_outside, "weight": weight,
            "outside_weight": outside_weight, "share": share, "weight_share": weight_share}
