"""Shared preparation for the convergence measures: graph, group codes, tie arrays."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.mixing import mixing_counts, tie_arrays
from .._results import group_codes
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph

__all__ = ["Mixing", "prepare", "check_bool", "warn_undefined", "LEVELS"]

LEVELS = ("network", "group", "actor")


@dataclass(frozen=True)
class Mixing:
    """The arrays every mixing measure starts from.

    ``src``/``dst``/``weights``: each tie once (upper triangle when
    undirected), ``weights`` None when ties are counted; ``codes``: group
    code of every actor (-1 = left out); ``groups``: the group labels;
    ``sizes``: actors per group (isolates included).
    """

    graph: CollaborationGraph
    attribute: str
    codes: np.ndarray
    groups: pd.Index
    src: np.ndarray
    dst: np.ndarray
    weights: np.ndarray | None

    @property
    def directed(self) -> bool:
        return self.graph.directed

    @property
    def k(self) -> int:
        return len(self.groups)

    @property
    def sizes(self) -> np.ndarray:
        return np.bincount(self.codes[self.codes >= 0], minlength=self.k)

    def matrix(self) -> np.ndarray:
        return mixing_counts(
            self.src, self.dst, self.codes, self.k, directed=self.directed, weights=self.weights
        )


def prepare(g: Any, attribute: str, *, weight: bool, missing: str) -> Mixing:
    """Coerce ``g``, read the groups of ``attribute`` and the tie arrays."""
    g = as_graph(g)
    check_bool(weight, "weight")
    codes, groups = group_codes(g, attribute, missing=missing)
    src, dst, w = tie_arrays(g.adjacency, directed=g.directed)
    return Mixing(g, attribute, codes, groups, src, dst, w if weight else None)


def check_bool(value: Any, param: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise ClusternetError(f"{param} must be True or False, got {value!r}")


def check_level(level: Any) -> None:
    if level not in LEVELS:
        raise ClusternetError(
            f"unknown level={level!r}; choose one of {', '.join(map(repr, LEVELS))}"
        )


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
    if ties:
        cs = mix.codes[mix.src]
        ct = mix.codes[mix.dst]
        known = (cs >= 0) & (ct >= 0)
        total = known.sum() if mix.weights is None else mix.weights[known].sum()
        if total == 0:
            warnings.warn(
                f"{measure}: no tie joins two actors with a value of {mix.attribute!r}; "
                "the measure is NaN",
                ClusternetWarning,
                stacklevel=3,
            )
            return True
    return False
