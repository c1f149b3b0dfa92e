"""Convergence: how much actors of different groups (domains, sectors) tie
to each other -- mixing matrix, E-I index, assortativity, Coleman's
homophily, Freeman's segregation, relative intensity and hybrid teams.

Every function takes a graph (CollaborationGraph, networkx or igraph) and the
name of an actor attribute; options are keyword-only. Conventions shared by
all of them:

- groups come from the attribute's distinct values; isolates count in the
  group sizes;
- ``missing="error"`` (default) raises naming actors without a value,
  ``"drop"`` leaves them and their ties out, ``"own-group"`` gives each its
  own group;
- ``weight=False`` counts ties, ``weight=True`` sums tie weights;
- an undefined value is NaN, never 0: with fewer than two groups (or no
  ties) a :class:`~clusternet.ClusternetWarning` says why.

Time trends: :func:`clusternet.temporal.over_time`. Label permutation tests
(:func:`clusternet.inference.permutation_test`) run every measure here except
:func:`hybrid_events` on a permutation kernel, which recomputes it from
permuted group codes with the same array kernels that the measure itself
uses (so a draw costs one pass over the ties, not a rebuilt graph).
"""

from ._atypical import atypical_combinations
from ._hybrid import hybrid_events, hybrid_share
from ._mixing import (
    assortativity,
    coleman_homophily,
    ei_index,
    expected_ei_index,
    freeman_segregation,
    mixing_matrix,
    relative_intensity,
)

__all__ = [
    "assortativity",
    "atypical_combinations",
    "coleman_homophily",
    "ei_index",
    "expected_ei_index",
    "freeman_segregation",
    "hybrid_events",
    "hybrid_share",
    "mixing_matrix",
    "relative_intensity",
]
