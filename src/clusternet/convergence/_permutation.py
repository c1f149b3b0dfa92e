"""Permutation kernels of the convergence measures (their ``permutation=``
in the registry).

A label permutation test moves the values of the attribute over the actors
and keeps the graph. Each kernel here fixes, once, what does not move -- the
ties, the group sizes, the degrees -- and returns a
:class:`~clusternet._registry.Permutation`: ``values`` are the actors' group
codes (small integers; ``-1`` for actors left out by ``missing="drop"``, and
the own groups of ``missing="own-group"``, which do not move either), and
``statistic`` recomputes the measure from permuted codes without building a
graph.

The statistic runs the same array kernels and formulas as the public
function, on the same numbers: a weighted measure on the same weighted
mixing matrix (:func:`~clusternet._kernels.mixing.mixing_from_csr` on the
same adjacency), an unweighted one on tie counts, which are exact integers
however they are counted (:func:`~clusternet._kernels.mixing.pair_counts`,
:func:`~clusternet._kernels.mixing.within_counts` over each tie once, the
group degree sums over the actors), fed to the same ``*_from_counts``
formula. So each draw is the public function on the permuted graph, bit for
bit. A kernel returns None when it could not be: the group labels cannot be
sorted (their codes would follow the order of first appearance, which a
permutation changes), or the measure is undefined on the graph (fewer than
two groups, no ties); the test then runs the general path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._convert import as_graph
from .._kernels.adjacency import induced
from .._kernels.mixing import (
    _ratio,
    actor_ei_from_csr,
    actor_expected_ei,
    assortativity_from_counts,
    assortativity_from_mixing,
    coleman_from_counts,
    coleman_from_mixing,
    ei_from_counts,
    ei_from_mixing,
    end_codes,
    event_spans_groups,
    expected_ei,
    freeman_from_counts,
    freeman_from_mixing,
    group_ei_from_counts,
    group_ei_from_mixing,
    group_expected_ei,
    mixing_from_csr,
    normalized_mixing,
    numeric_assortativity_csr,
    pair_counts,
    relative_intensity_from_mixing,
    small_codes,
    tie_ends,
    within_counts,
)
from .._registry import Permutation
from .._validation import is_numeric
from ._common import Mixing, prepare, sorted_groups

__all__ = [
    "assortativity_permutation",
    "coleman_permutation",
    "ei_permutation",
    "expected_ei_permutation",
    "freeman_permutation",
    "hybrid_share_permutation",
    "mixing_matrix_permutation",
    "relative_intensity_permutation",
]


class _Ties:
    """The ties of a :class:`Mixing`, fixed for every permutation of its codes.

    Weighted: the adjacency itself, for
    :func:`~clusternet._kernels.mixing.mixing_from_csr` as the public
    functions call it (its indices as intp). Unweighted: every tie once (``ties``, from
    :func:`tie_ends`), the number of ties and each actor's ties sent and
    received.
    """

    def __init__(self, mix: Mixing) -> None:
        self.mix = mix
        self.known = mix.known
        self.k = mix.k
        self.directed = mix.directed
        self.weighted = mix.weighted
        self.sizes = mix.sizes
        adj = mix.adj
        if self.weighted:
            # native indices, so that no draw casts them again
            self.indices = adj.indices.astype(np.intp)
        else:
            self.ties = tie_ends(adj.indptr, adj.indices, directed=self.directed)
            self.n_ties = float(self.ties.targets.size)
            self.sent = np.diff(adj.indptr).astype(np.float64)
            self.received = (np.bincount(adj.indices, minlength=len(self.sent)).astype(np.float64)
                             if self.directed else self.sent)

    def __getstate__(self) -> dict:
        """Sent to the workers of ``n_jobs=``/``client=`` without the
        adjacency when unweighted: the draws read only the tie ends (the
        adjacency is most of the graph's size; at 10^8 ties it would more
        than double what each worker receives)."""
        state = self.__dict__.copy()
        if not self.weighted:
            state["mix"] = None
        return state

    def values(self) -> np.ndarray:
        """The codes of every actor, in the narrowest type the counts need."""
        return small_codes(self.mix.codes, self.k * self.k)

    def codes(self, values: np.ndarray) -> np.ndarray:
        """The codes of the actors of ``mix.adj`` among permuted ``values``."""
        return values if self.known is None else values[self.known]

    def ends(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return end_codes(c, self.ties)

    def matrix(self, c: np.ndarray) -> np.ndarray:
        """The mixing matrix of the codes ``c``, as the public functions compute it."""
        if self.weighted:
            adj = self.mix.adj
            return mixing_from_csr(adj.indptr, self.indices, c, self.k, directed=self.directed,
                                   data=adj.data)
        return pair_counts(*self.ends(c), self.k, directed=self.directed,
                           ends=self.ends_of_groups(c))

    def ends_of_groups(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Tie ends of each group: ``(sent, received)`` (one array twice when undirected)."""
        sent = np.bincount(c, weights=self.sent, minlength=self.k)
        if not self.directed:
            return sent, sent
        return sent, np.bincount(c, weights=self.received, minlength=self.k)


def _ties(g: Any, attribute: str, *, weight: bool, missing: str, groups: bool = True,
          ties: bool = True) -> _Ties | None:
    """The ties and codes of a mixing measure, or None when its kernel
    cannot reproduce it: labels that cannot be sorted, or (``groups``)
    fewer than two groups, or (``ties``) no tie -- where the public function
    warns that the measure is undefined."""
    mix = prepare(g, attribute, weight=weight, missing=missing)
    if not sorted_groups(mix) or mix.k == 0:
        return None
    if (groups and mix.k < 2) or (ties and mix.adj.nnz == 0):
        return None
    return _Ties(mix)


def _vector(f: Callable[[np.ndarray], Any]) -> Callable[[np.ndarray], np.ndarray]:
    """``f`` with its result as a flat float vector (a number: of length 1)."""
    def statistic(values: np.ndarray) -> np.ndarray:
        return np.asarray(f(values), dtype=np.float64).reshape(-1)

    return statistic


# -------------------------------------------------------------------- kernels
def ei_permutation(g: Any, attribute: str, *, level: str = "network", weight: bool = False,
                   missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.ei_index` at every level."""
    t = _ties(g, attribute, weight=weight, missing=missing)
    if t is None:
        return None
    mix, k, directed = t.mix, t.k, t.directed
    if level == "network":
        if t.weighted:
            def value(v):
                return ei_from_mixing(t.matrix(t.codes(v)), directed=directed)
        else:
            def value(v):
                source, target = t.ends(t.codes(v))
                return ei_from_counts(float(np.count_nonzero(source == target)), t.n_ties, k)
    elif level == "group":
        if t.weighted:
            def value(v):
                return group_ei_from_mixing(t.matrix(t.codes(v)), directed=directed)
        else:
            def value(v):
                c = t.codes(v)
                internal = within_counts(*t.ends(c), k).astype(np.float64)
                sent, received = t.ends_of_groups(c)
                # undirected: a group's degree sum counts each internal tie twice
                ends = sent + received if directed else sent
                return group_ei_from_counts(internal, ends - 2.0 * internal)
    else:
        # the measure's own blocked kernel: one pass over the ties per draw,
        # without the tie-end arrays (16 bytes a tie)
        adj = mix.adj
        data = adj.data if t.weighted else None

        def value(v):
            ext, inn = actor_ei_from_csr(adj.indptr, adj.indices, t.codes(v),
                                         directed=directed, data=data)
            return mix.scatter(_ratio(ext - inn, ext + inn))
    return Permutation(values=t.values(), statistic=_vector(value))


def expected_ei_permutation(g: Any, attribute: str, *, level: str = "network",
                            missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.expected_ei_index`: constant
    at network and group level (group sizes do not change), the actor's
    group size at actor level."""
    mix = prepare(g, attribute, weight=False, missing=missing)
    if not sorted_groups(mix) or mix.k < 2:
        return None
    sizes = mix.sizes
    values = small_codes(mix.codes, mix.k)
    if level == "network":
        constant = np.array([expected_ei(sizes)])
    elif level == "group":
        constant = group_expected_ei(sizes)
    else:
        def actor_value(v):
            return mix.scatter(actor_expected_ei(sizes, v if mix.known is None else v[mix.known]))

        return Permutation(values=values, statistic=_vector(actor_value))
    return Permutation(values=values, statistic=lambda v: constant.copy())


def assortativity_permutation(g: Any, attribute: str, *, kind: str = "auto",
                              weight: bool = False,
                              missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.assortativity`, nominal and numeric."""
    g = as_graph(g)
    column = g.attribute(attribute)
    if kind == "auto":
        kind = "numeric" if is_numeric(column) else "nominal"
    if kind == "numeric":
        return _numeric_assortativity_permutation(g, column, weight=weight, missing=missing)
    t = _ties(g, attribute, weight=weight, missing=missing)
    if t is None:
        return None
    directed = t.directed
    if t.weighted:
        def value(v):
            return assortativity_from_mixing(t.matrix(t.codes(v)), directed=directed)
    else:
        def value(v):
            c = t.codes(v)
            source, target = t.ends(c)
            sent, received = t.ends_of_groups(c)
            return assortativity_from_counts(float(np.count_nonzero(source == target)), sent,
                                             received, t.n_ties, directed=directed)
    return Permutation(values=t.values(), statistic=_vector(value))


def _numeric_assortativity_permutation(g, column, *, weight: bool,
                                       missing: str) -> Permutation | None:
    if missing == "own-group" or not is_numeric(column):
        return None  # the public function refuses these
    x = column.to_numpy(dtype=np.float64, na_value=np.nan)
    na = np.isnan(x)
    if (na.any() and missing == "error") or not np.isfinite(x[~na]).all():
        return None
    A = g.adjacency
    known = np.flatnonzero(~na) if na.any() else None
    if known is not None:
        A = induced(A, known)
    directed = g.directed

    def value(v):
        return numeric_assortativity_csr(A, v if known is None else v[known], directed=directed,
                                         weighted=bool(weight))

    return Permutation(values=x, statistic=_vector(value))


def coleman_permutation(g: Any, attribute: str, *, weight: bool = False,
                        missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.coleman_homophily`."""
    t = _ties(g, attribute, weight=weight, missing=missing)
    if t is None:
        return None
    directed, k, sizes = t.directed, t.k, t.sizes
    if t.weighted:
        def value(v):
            return coleman_from_mixing(t.matrix(t.codes(v)), sizes, directed=directed)
    else:
        def value(v):
            c = t.codes(v)
            internal = within_counts(*t.ends(c), k).astype(np.float64)
            sent, _ = t.ends_of_groups(c)
            # undirected ties count from both ends: twice inside the group
            return coleman_from_counts(internal if directed else 2.0 * internal, sent, sizes)
    return Permutation(values=t.values(), statistic=_vector(value))


def freeman_permutation(g: Any, attribute: str, *, weight: bool = False,
                        missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.freeman_segregation`."""
    t = _ties(g, attribute, weight=weight, missing=missing)
    if t is None:
        return None
    directed, sizes = t.directed, t.sizes
    if t.weighted:
        def value(v):
            return freeman_from_mixing(t.matrix(t.codes(v)), sizes, directed=directed)
    else:
        def value(v):
            source, target = t.ends(t.codes(v))
            return freeman_from_counts(float(np.count_nonzero(source == target)), t.n_ties,
                                       sizes)
    return Permutation(values=t.values(), statistic=_vector(value))


def relative_intensity_permutation(g: Any, attribute: str, *, weight: bool = False,
                                   missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.relative_intensity` (the table, flat)."""
    t = _ties(g, attribute, weight=weight, missing=missing, groups=False)
    if t is None:
        return None
    directed, sizes = t.directed, t.sizes

    def value(v):
        return relative_intensity_from_mixing(t.matrix(t.codes(v)), sizes, directed=directed)

    return Permutation(values=t.values(), statistic=_vector(value))


def mixing_matrix_permutation(g: Any, attribute: str, *, weight: bool = False,
                              normalized: bool = False,
                              missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.mixing_matrix`, raw or normalized
    (the table, flat)."""
    t = _ties(g, attribute, weight=weight, missing=missing, groups=False, ties=normalized)
    if t is None:
        return None
    directed = t.directed

    def value(v):
        M = t.matrix(t.codes(v))
        return normalized_mixing(M, directed=directed) if normalized else M

    return Permutation(values=t.values(), statistic=_vector(value))


def hybrid_share_permutation(g: Any, attribute: str, *,
                             missing: str = "error") -> Permutation | None:
    """Kernel of :func:`~clusternet.convergence.hybrid_share`: an event is
    hybrid when the smallest and largest codes of its members differ."""
    g = as_graph(g)
    B = g.incidence
    if B is None:
        return None
    mix = prepare(g, attribute, weight=False, missing=missing)
    if not sorted_groups(mix) or mix.k < 2:
        return None
    codes = mix.codes
    # the members with a group of every event, event after event; which
    # actors have a group does not change
    actor = np.repeat(np.arange(B.shape[0], dtype=np.intp), np.diff(B.indptr))
    order = np.argsort(B.indices, kind="stable")
    member, event = actor[order], B.indices[order]
    keep = codes[member] >= 0
    member, event = member[keep], event[keep]
    if member.size == 0:
        return None
    per_event = np.bincount(event, minlength=B.shape[1])
    starts = (np.cumsum(per_event) - per_event)[per_event > 0]

    def value(v):
        return event_spans_groups(v[member], starts).mean()

    return Permutation(values=small_codes(codes, mix.k), statistic=_vector(value))
