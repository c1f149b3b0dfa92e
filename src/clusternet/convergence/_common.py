"""Shared preparation for the convergence measures: graph, group codes, adjacency."""

from __future__ import annotations

import warnings
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.adjacency import induced
from .._kernels.mixing import mixing_from_csr, tie_total
from .._results import group_codes
from ..errors import ClusternetWarning
from ..graph import CollaborationGraph

__all__ = ["Mixing", "prepare", "sorted_groups", "warn_undefined"]


class Mixing:
    """What every mixing measure starts from.

    ``codes``: group code of every actor (-1 = left out); ``groups``: the
    group labels; ``adj``: the adjacency restricted to the actors with a
    group (the graph's own when none is left out), whose actors are
    ``known`` (positions in the graph) with codes ``kcodes``; ``data``: the
    tie weights of ``adj`` when weighted, else None (ties counted);
    ``n_own``: how many of the groups, the last ones, are own groups of
    actors without a value (``missing="own-group"``).
    """

    n_own = 0

    def __init__(self, graph: CollaborationGraph, attribute: str, codes: np.ndarray,
                 groups: pd.Index, *, weighted: bool) -> None:
        self.graph = graph
        self.attribute = attribute
        self.codes = codes
        self.groups = groups
        self.weighted = weighted
        A = graph.adjacency
        if (codes < 0).any():
            self.known = np.flatnonzero(codes >= 0)
            self.adj = induced(A, self.known)
            self.kcodes = codes[self.known]
        else:
            self.known = None
            self.adj = A
            self.kcodes = codes

    @property
    def directed(self) -> bool:
        return self.graph.directed

    @property
    def k(self) -> int:
        return len(self.groups)

    @property
    def data(self) -> np.ndarray | None:
        return self.adj.data if self.weighted else None

    @cached_property
    def sizes(self) -> np.ndarray:
        return np.bincount(self.kcodes, minlength=self.k)

    @cached_property
    def _matrix(self) -> np.ndarray:
        a = self.adj
        M = mixing_from_csr(a.indptr, a.indices, self.kcodes, self.k, directed=self.directed,
                            data=self.data)
        M.flags.writeable = False
        return M

    def matrix(self) -> np.ndarray:
        return self._matrix.copy()

    def total(self) -> float:
        return tie_total(self._matrix, directed=self.directed)

    def scatter(self, values: np.ndarray) -> np.ndarray:
        """Values for the actors of ``adj`` placed in graph order, NaN for the rest."""
        if self.known is None:
            return values
        out = np.full(self.graph.n_actors, np.nan)
        out[self.known] = values
        return out


def prepare(g: Any, attribute: str, *, weight: bool, missing: str) -> Mixing:
    """Coerce ``g`` and read the groups of ``attribute`` (the options are
    checked by the registry's wrapper of each measure)."""
    g = as_graph(g)
    codes, groups = group_codes(g, attribute, missing=missing)
    mix = Mixing(g, attribute, codes, groups, weighted=bool(weight))
    if missing == "own-group":
        mix.n_own = int(g.attribute(attribute).isna().sum())
    return mix


def sorted_groups(mix: Mixing) -> bool:
    """Whether the groups (before any own groups of actors without a value)
    are in sorted order, so that their codes do not depend on who holds
    which value: the codes of a permuted graph are then the permuted codes.
    Values that cannot be sorted are coded by first appearance, which a
    permutation changes."""
    real = mix.groups[: len(mix.groups) - mix.n_own]
    try:
        return bool(real.is_monotonic_increasing)
    except TypeError:
        return False


def warn_undefined(measure: str, mix: Mixing, *, groups: bool = True, ties: bool = True) -> bool:
    """Warn and return True when ``measure`` is undefined: (``groups=True``)
    fewer than two groups, or (``ties=True``) no tie between actors with a
    group."""
    if groups and mix.k < 2:
        shown = repr(mix.groups[0]) if mix.k else "none"
        warnings.warn(
            f"{measure}: attribute {mix.attribute!r} has {mix.k} group(s) ({shown}) among "
            "the actors considered; the measure needs at least two groups and is NaN",
            ClusternetWarning,
            stacklevel=3,
        )
        return True
    if ties and mix.total() == 0:
        warnings.warn(
            f"{measure}: no tie joins two actors with a value of {mix.attribute!r}; "
            "the measure is NaN",
            ClusternetWarning,
            stacklevel=3,
        )
        return True
    return False


