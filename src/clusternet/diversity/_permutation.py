"""Ego and team diversity as functions of the actors' group codes, and the
permutation kernels built on them.

:func:`ego_values` and :func:`team_values` are what :func:`ego` and
:func:`events` compute; the kernels (declared with ``permutation=`` in their
registry entries) fix the graph's contact or team matrix once and call the
same function on permuted codes, so a label permutation test gets, bit for
bit, the measure of the graph with the attribute permuted, without building
that graph.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._registry import Permutation
from .._results import value_codes
from .._validation import check_bool, check_missing
from .._kernels.diversity import OneHotProduct
from ._graph import column_counts, contacts, ego_diversity, incidence, memberships, row_product
from ._input import Counts
from ._measure import Index, from_attribute, level_params, resolve


def diversity_of(X: sp.csr_array, groups: pd.Index, index: Index) -> np.ndarray:
    """The index of each row of the count matrix ``X`` (columns: ``groups``)."""
    return index.compute(Counts(X, groups, pd.RangeIndex(X.shape[0])))


def ego_values(contact_counts: OneHotProduct, codes: np.ndarray, groups: pd.Index,
               index: Index) -> np.ndarray:
    """Diversity of each actor's contacts: the index of :math:`W H`, with
    ``contact_counts`` the product by :math:`W` (``row_product(W, k)``),
    one block of egos at a time as the measure itself (the same bits)."""
    return ego_diversity(contact_counts, codes, groups, index)


def team_values(B: sp.csr_array, codes: np.ndarray, groups: pd.Index, index: Index) -> np.ndarray:
    r"""Diversity of each event's members: the index of :math:`B^\top H`."""
    return diversity_of(column_counts(B, codes, len(groups)), groups, index)


def ego_permutation(g, attribute: str, *, measure: Any = "blau", weight: bool = False,
                    missing: str = "error", **params: Any) -> Permutation | None:
    """The permutation kernel of :func:`ego`: ``values`` are the actors'
    group codes, ``statistic(codes)`` the ego diversities (one per actor).

    None where permuted codes would not be the codes of the permuted
    attribute (see :func:`_coded`)."""
    g = as_graph(g)
    weight = check_bool(weight, "weight")
    coded = _coded(g, attribute, measure, check_missing(missing), params)
    if coded is None:
        return None
    codes, groups, index = coded
    contact_counts = row_product(contacts(g, weight), len(groups))

    def statistic(permuted: np.ndarray) -> np.ndarray:
        return ego_values(contact_counts, permuted, groups, index)

    return Permutation(values=codes, statistic=statistic)


def team_permutation(g, attribute: str, *, measure: Any = "blau", weight: bool = False,
                     missing: str = "error", **params: Any) -> Permutation | None:
    """The permutation kernel of :func:`events`: ``values`` are the actors'
    group codes, ``statistic(codes)`` the team diversities (one per event)."""
    g = as_graph(g)
    weight = check_bool(weight, "weight")
    B = memberships(incidence(g, "events"), weight)
    coded = _coded(g, attribute, measure, check_missing(missing), params)
    if coded is None:
        return None
    codes, groups, index = coded

    def statistic(permuted: np.ndarray) -> np.ndarray:
        return team_values(B, permuted, groups, index)

    return Permutation(values=codes, statistic=statistic)


def _coded(g, attribute: str, measure: Any, missing: str,
           params: dict[str, Any]) -> tuple[np.ndarray, pd.Index, Index] | None:
    """The actors' codes, the groups and the resolved index; None when the
    codes of a permuted attribute are not the permuted codes, or when the
    index does not depend on the counts alone:

    - a disparity or similarity ``"cooccurrence"`` is derived from the
      attribute, so it changes with each permutation;
    - a user's callable sees the category labels (and may see anything);
    - labels that cannot be sorted are coded in order of first appearance,
      which a permutation changes;
    - ``missing="own-group"`` gives each actor without a value a category
      named after it, which a permutation moves.
    """
    column = g.attribute(attribute)
    codes, groups = value_codes(column, attribute, missing=missing, unit="actor")
    index = resolve(measure, level_params(g, attribute, missing, params), groups)
    if from_attribute(params) or not index.registered or not groups.is_monotonic_increasing:
        return None
    if missing == "own-group" and column.isna().any():
        return None
    codes.setflags(write=False)
    return codes, groups, index
