"""Reading a graph for the diversity levels: the contact and team matrices,
the count matrices built from them, and the categories of an actor or event
attribute."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._kernels import diversity as kern
from .._results import value_codes
from .._validation import check_choice
from ..errors import ClusternetError, UnknownAttributeError

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


def contacts(g, weight: bool) -> sp.csr_array:
    r"""Ego's contact matrix :math:`W`: the adjacency, :math:`A + A^\top` when
    directed (contacts in either direction); its tie weights, or 1 per
    contact when ``weight`` is False."""
    W = g.adjacency
    if g.directed:
        W = sp.csr_array(W + W.T)
        W.sort_indices()
    data = W.data if weight else (W.data != 0).astype(np.float64)
    return sp.csr_array((data, W.indices, W.indptr), shape=W.shape)


def memberships(B: sp.csr_array, weight: bool) -> sp.csr_array:
    """The incidence :math:`B` with its participation weights, or 1 per
    participation when ``weight`` is False."""
    data = B.data if weight else (B.data != 0).astype(np.float64)
    return sp.csr_array((data, B.indices, B.indptr), shape=B.shape)


def row_product(M: sp.csr_array, k: int) -> kern.OneHotProduct:
    """``codes -> X = M H``: for each row of ``M``, the sum of its entries by
    the category (``codes``, -1 = none; ``k`` categories) of their column."""
    return kern.OneHotProduct(M.indptr, M.indices, M.data, k)


def row_counts(M: sp.csr_array, codes: np.ndarray, k: int) -> sp.csr_array:
    """:math:`X = M H` for one coding (see :func:`row_product`)."""
    return row_product(M, k)(codes)


def column_counts(M: sp.csr_array, codes: np.ndarray, k: int) -> sp.csr_array:
    r""":math:`X = M^\top H`: for each column of ``M``, the sum of its entries
    by the category (``codes``) of their row."""
    return kern.onehot_product_t(M.indptr, M.indices, M.data, M.shape[1], codes, k)
