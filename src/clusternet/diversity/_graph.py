"""Reading a graph for the diversity levels: the contact and team matrices,
the count matrices built from them, and the categories of an actor or event
attribute."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._kernels import diversity as kern
from .._results import value_codes
from .._validation import check_choice
from ..errors import ClusternetError, UnknownAttributeError
from ._input import Counts

SOURCES = ("auto", "actor", "event")


def binary(M: sp.csr_array) -> sp.csr_array:
    M = sp.csr_array(M)
    out = sp.csr_array(
        ((M.data != 0).astype(np.float64), M.indices.copy(), M.indptr.copy()), shape=M.shape
    )
    out.eliminate_zeros()
    return out


def incidence(g, what: str) -> sp.csr_array:
    if g.incidence is None:
        raise ClusternetError(
            f"diversity.{what} needs an affiliation graph (actors x events), built with "
            "cn.from_affiliations; this graph has ties only"
        )
    return sp.csr_array(g.incidence)


def _event_attributes(g) -> list[str]:
    return [] if g.events is None else [c for c in g.events.columns if c not in ("size", "time")]


def source_of(g, attribute: str, source: str) -> str:
    """Where ``attribute`` is read: ``"actor"`` or ``"event"``."""
    check_choice(source, SOURCES, "source")
    in_ev = attribute in _event_attributes(g)
    in_act = attribute in g.attributes
    if source == "auto":
        if in_ev and in_act:
            raise ClusternetError(
                f"{attribute!r} is both an actor and an event attribute; say which with "
                "source='actor' or source='event'"
            )
        if not in_ev and not in_act:
            raise UnknownAttributeError(
                f"no actor or event attribute {attribute!r} (parameter attribute); actor "
                f"attributes: {g.attributes!r}, event attributes: {_event_attributes(g)!r}"
            )
        return "event" if in_ev else "actor"
    if source == "event" and not in_ev:
        raise UnknownAttributeError(
            f"no event attribute {attribute!r} (parameter attribute); event attributes: "
            f"{_event_attributes(g)!r}; give them with cn.from_affiliations(..., events=table)"
        )
    return source


def event_codes(g, attribute: str, missing: str) -> tuple[np.ndarray, pd.Index]:
    """Codes of an event attribute, with the conventions of ``group_codes``."""
    return value_codes(g.event_attribute(attribute), attribute, missing=missing, unit="event")


class Contacts(NamedTuple):
    r"""Ego's contact matrix :math:`W` as CSR arrays, read by
    :func:`row_product`: its stored values are the tie weights, or, with
    ``binary``, each non-zero one counts 1 (no array of ones is built)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    binary: bool
    shape: tuple[int, int]


def contacts(g, weight: bool) -> Contacts:
    r"""Ego's contact matrix :math:`W`: the adjacency (read, not copied),
    :math:`A + A^\top` when directed (contacts in either direction; this
    sum is a new matrix the size of the graph); its tie weights, or 1 per
    contact when ``weight`` is False."""
    W = g.adjacency
    if g.directed:
        W = sp.csr_array(W + W.T)
        W.sort_indices()
    return Contacts(W.indptr, W.indices, W.data, not weight, W.shape)


def memberships(B: sp.csr_array, weight: bool) -> sp.csr_array:
    """The incidence :math:`B` with its participation weights, or 1 per
    participation when ``weight`` is False."""
    data = B.data if weight else (B.data != 0).astype(np.float64)
    return sp.csr_array((data, B.indices, B.indptr), shape=B.shape)


def row_product(M, k: int) -> kern.OneHotProduct:
    """``codes -> X = M H``: for each row of ``M``, the sum of its entries by
    the category (``codes``, -1 = none; ``k`` categories) of their column.
    ``M``: a CSR matrix or :class:`Contacts`."""
    return kern.OneHotProduct(M.indptr, M.indices, M.data, k,
                              binary=bool(getattr(M, "binary", False)))


def ego_diversity(contact_counts: kern.OneHotProduct, codes: np.ndarray, groups: pd.Index,
                  index) -> np.ndarray:
    r"""The diversity ``index`` of each ego's contacts, the index of
    :math:`X = W H` (``contact_counts = row_product(W, k)``), computed one
    block of egos at a time (:meth:`~clusternet._kernels.diversity.OneHotProduct.blocks`):
    the count matrix is never whole, so the working memory does not grow
    with the graph. Each ego's value depends on its own row only, so the
    blocks do not change it.

    A registered index first checks its options against every category
    present among the contacts (one row of them, e.g. a disparity missing a
    category), as it would on the whole count matrix, before any block."""
    n = contact_counts.n
    out = np.full(n, np.nan)
    k = len(groups)
    if getattr(index, "registered", False) and n and k:
        deg = np.diff(contact_counts.indptr)
        present = np.zeros(k, dtype=bool)
        c = np.asarray(codes)[deg > 0]
        present[c[c >= 0]] = True
        where = np.flatnonzero(present)
        P = sp.csr_array((np.ones(len(where)), where, np.array([0, len(where)])), shape=(1, k))
        index.compute(Counts(P, groups, pd.RangeIndex(1)))
    for lo, hi, X in contact_counts.blocks(codes):
        out[lo:hi] = index.compute(Counts(X, groups, pd.RangeIndex(hi - lo)))
    return out


def row_counts(M: sp.csr_array, codes: np.ndarray, k: int) -> sp.csr_array:
    """:math:`X = M H` for one coding (see :func:`row_product`)."""
    return row_product(M, k)(codes)


def column_counts(M: sp.csr_array, codes: np.ndarray, k: int) -> sp.csr_array:
    r""":math:`X = M^\top H`: for each column of ``M``, the sum of its entries
    by the category (``codes``) of their row."""
    return kern.onehot_product_t(M.indptr, M.indices, M.data, M.shape[1], codes, k)
