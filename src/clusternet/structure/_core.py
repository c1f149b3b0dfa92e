"""Core and periphery: the Borgatti-Everett (1999) discrete and continuous models."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels import core as _k
from .._registry import measure
from .._results import actor_frame
from .._validation import check_bool, check_choice, seed_sequence
from ..errors import ClusternetError, ClusternetWarning

__all__ = ["core_periphery"]

_KINDS = ("discrete", "continuous")
#: Graphs up to this many actors get the exact discrete optimum by enumeration.
EXACT_UP_TO = 16
#: Continuous coreness with a coefficient of variation below this is "flat"
#: (the degenerate limit of equal coreness, see the Notes of core_periphery).
FLAT_COV = 0.01


def _method(ctx: dict[str, Any]) -> str:
    between = ("core-periphery pairs left out of the comparison"
               if ctx.get("between", "ignore") == "ignore"
               else "core-periphery pairs expected to be ties")
    if ctx.get("kind", "discrete") == "continuous":
        return ("Coreness follows the continuous core/periphery model of Borgatti and Everett "
                "[borgatti1999]: the non-negative vector c maximising the Pearson correlation "
                "between the adjacency and the pattern c_i c_j over all pairs of distinct "
                "actors (conjugate gradients from the actors' degrees); the core is the set of "
                "actors with the highest coreness whose discrete pattern fits best ("
                + between + ").")
    return ("The core follows the discrete core/periphery model of Borgatti and Everett "
            "[borgatti1999]: the partition of the actors that maximises the Pearson "
            "correlation between the adjacency and the ideal pattern (ties inside the core, "
            "none inside the periphery, " + between + "), found by a seeded local search "
            "from the best degree-ordered prefix and random starts (exact enumeration on "
            f"graphs of at most {EXACT_UP_TO} actors).")


@measure(
    family="structure",
    levels={"actor": "DataFrame"},
    attribute=None,
    references=("borgatti1999",),
    summary="per actor: coreness and core membership (Borgatti-Everett), with the fit",
    checks={"weight": check_bool},
    method=_method,
)
def core_periphery(
    g: Any,
    *,
    kind: str = "discrete",
    weight: bool = False,
    between: str = "ignore",
    starts: int | None = None,
    rng: Any = None,
) -> pd.DataFrame:
    r"""Core and periphery: which actors form a densely tied core, and how well
    the network fits the core/periphery pattern (Borgatti & Everett 1999).

    Supports undirected and directed graphs (ordered pairs; the pattern is
    symmetric), with tie counts or tie weights; affiliation graphs are read
    through their actor network.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    kind : {"discrete", "continuous"}
        ``"discrete"``: a core/periphery partition; ``"continuous"``: a
        coreness score per actor (see Notes).
    weight : bool, default False
        ``False`` correlates the pattern with the 0/1 adjacency (ties
        counted); ``True`` with the tie weights.
    between : {"ignore", "ones"}
        The ideal value of a core-periphery pair in the discrete pattern:
        ``"ignore"`` (default) leaves those pairs out of the correlation;
        ``"ones"`` expects a tie there (see Notes). The continuous model
        uses it only to cut its core.
    starts : int, optional
        Starts of the discrete local search (the first from the degree
        order, the others random cores); more starts, better odds of the
        global optimum, proportionally more time. Default: 10 on graphs of
        up to 10,000 actors, 1 above (there each start costs seconds, and
        random cores rarely beat the degree order).
    rng : None, int or numpy.random.Generator
        Breaks ties in the degree order and draws the random starts: an int
        seed >= 0 or a Generator; the same seed gives the same result. Also
        checked (and unused apart from tie-breaking) for the continuous
        model and on graphs solved exactly.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor (graph order), with columns ``coreness`` (float:
        1.0 in the core and 0.0 in the periphery for the discrete model;
        the fitted :math:`c_i`, non-negative with unit Euclidean norm, for
        the continuous one) and ``core`` (bool). ``attrs["clusternet"]
        ["params"]`` holds the options and the fit: ``fit`` (the Pearson
        correlation :math:`\rho` of the fitted pattern, NaN when
        undefined), ``n_core``, ``algorithm`` and ``converged`` (whether
        the search ended at a local optimum, or the optimiser reported
        convergence; the exact enumeration is always converged), with
        ``rng`` the int seed that reproduces the call.

    Raises
    ------
    ClusternetError
        Unknown ``kind`` or ``between``; ``weight`` not a bool; ``starts``
        not a whole number >= 1; ``rng`` not a seed >= 0 or a Generator;
        a graph with fewer than 3 actors.

    Warns
    -----
    ClusternetWarning
        The correlation is undefined (no ties, or every pair tied with the
        same value): ``fit`` and ``coreness`` are NaN and no actor is in the
        core. Continuous model: the coreness values came out nearly equal
        (coefficient of variation below 0.01; see Notes), so they carry
        their order only.

    Notes
    -----
    Every pair of distinct actors :math:`(i, j)` is compared (ordered pairs,
    so an undirected tie counts twice, which changes no correlation); the
    diagonal is ignored. :math:`a_{ij}` is 1 for a tie (its weight with
    ``weight=True``) and 0 otherwise.

    **Discrete model.** A partition into core (:math:`x_i = 1`) and
    periphery has the ideal pattern :math:`\delta_{ij} = 1` inside the core
    and 0 inside the periphery; core-periphery pairs are left out
    (``between="ignore"``, the variant Borgatti and Everett propose so that
    the model only asks for a dense core and a sparse periphery, and
    UCINET's default, where the core-to-periphery density is left
    "missing") or set to 1 (``between="ones"``, their Fig. 1 ideal, where
    every periphery actor is tied to every core actor); UCINET's other
    densities (a constant between 0 and 1) are not offered. With
    ``between="ignore"`` the fits and partitions that Estévez and Nordlund
    [2]_ report for four classic networks (Baker's journals, Zachary's
    karate club, ...) are reproduced exactly (tested). The fit is the
    Pearson correlation :math:`\rho(a, \delta)` over the pairs compared,
    computed from counts:
    with :math:`M` pairs compared, :math:`P_1` of them with
    :math:`\delta = 1`, :math:`S_1` the sum of :math:`a` over those and
    :math:`S, Q` the sums of :math:`a, a^2` over all :math:`M`,

    .. math:: \rho = \frac{M S_1 - P_1 S}{\sqrt{(M Q - S^2)\,P_1 (M - P_1)}},

    where the sums inside the core come from the ties, and the periphery's
    from the totals (:math:`S_{pp} = T - \sum_{i \in C} d_i + S_{cc}`), so
    no :math:`n \times n` matrix is formed. The partition maximising
    :math:`\rho` is searched for by: (1) ordering the actors by degree
    (strength when weighted; ties broken with ``rng``) and taking the best
    prefix of that order, every prefix evaluated in :math:`O(m + n)` by
    binning the ties by the later of their two ends; (2) a local search:
    each round computes, for every actor, the exact :math:`\rho` after
    moving it alone to the other class, re-sorts the actors by that gain and
    takes the best prefix of the new order, or else moves the actors with
    the largest gains all at once, halving their number until the
    correlation improves (one move, the best, always does); when no single
    move helps, it tries swapping a core and a periphery actor among the 64
    most willing on each side; each round costs :math:`O(m + n \log n)`,
    and a search stops after 100 rounds (``converged`` is then False);
    (3) ``starts - 1`` more local searches from random cores; the best
    partition found is kept. This
    is a heuristic: it ends at a partition no single move or such swap
    improves, not always at the global optimum. On graphs of at most 16
    actors the optimum is found exactly, by enumerating all :math:`2^n`
    partitions (ties to the first in bit order).

    **Continuous model.** The coreness vector :math:`c \ge 0` maximises the
    Pearson correlation between :math:`a_{ij}` and :math:`c_i c_j` over all
    pairs :math:`i \ne j`, computed from :math:`c^\top A c`,
    :math:`\sum c_i`, :math:`\sum c_i^2` and :math:`\sum c_i^4`. It is found
    by nonlinear conjugate gradients (scipy's ``CG``) on
    :math:`-\rho(u \circ u)` over :math:`u` (so that :math:`c = u^2 \ge 0`)
    with its analytic gradient (one sparse product per evaluation), started
    from the degrees, and scaled to unit
    Euclidean norm (the correlation does not depend on the scale). This
    maximises the correlation itself, which is equivalent to the least
    squares fit :math:`a_{ij} \approx \alpha + \beta c_i c_j`; a
    least squares fit without intercept (:math:`a_{ij} \approx c_i c_j`) can give a
    slightly different vector. ``core`` is the set of actors with the
    highest coreness whose discrete pattern fits best (the best prefix of
    the coreness order, step (1) above).

    The correlation does not always have a maximum: with
    :math:`c = 1 + \varepsilon v`, :math:`c_i c_j = 1 + \varepsilon (v_i +
    v_j) + O(\varepsilon^2)`, so as :math:`\varepsilon \to 0` the
    correlation tends to that of the *additive* pattern :math:`v_i + v_j`.
    When an additive pattern fits better than every product (Zachary's
    karate club: :math:`d_i + d_j` gives :math:`r = 0.4805`, the best product
    found about 0.45), the optimiser drifts towards equal coreness; the
    result then has nearly equal values (the fit is that of the additive
    pattern, the order that of :math:`v`) and a warning says so. UCINET's
    continuous routine instead fits :math:`c c^\top` to the adjacency as
    closely as possible (least squares), which always has an optimum.

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (1999). Models of core/periphery
       structures. Social Networks 21(4), 375-395.
       https://doi.org/10.1016/S0378-8733(99)00019-2
    .. [2] Estévez, J. L., & Nordlund, C. (2025). Revising the
       Borgatti-Everett core-periphery model: inter-categorical density
       blocks and partially connected cores. Social Networks 81, 31-51.
       https://doi.org/10.1016/j.socnet.2024.11.002

    Examples
    --------
    A dense core of four actors, each also tied to one periphery actor:

    >>> import networkx as nx, clusternet as cn
    >>> G = nx.complete_graph(4)
    >>> G.add_edges_from([(0, 4), (1, 5), (2, 6), (3, 7)])
    >>> cp = cn.structure.core_periphery(G, rng=1)
    >>> cp["core"].tolist()
    [True, True, True, True, False, False, False, False]
    >>> cp.attrs["clusternet"]["params"]["fit"]
    1.0
    >>> cont = cn.structure.core_periphery(G, kind="continuous", rng=1)
    >>> cont["coreness"].round(4).tolist()
    [0.4743, 0.4743, 0.4743, 0.4743, 0.1581, 0.1581, 0.1581, 0.1581]
    >>> round(cont.attrs["clusternet"]["params"]["fit"], 4)
    0.7303
    """
    g = as_graph(g)
    check_choice(kind, _KINDS, "kind")
    check_choice(between, _k.BETWEEN, "between")
    if starts is not None and (isinstance(starts, bool) or not isinstance(starts, numbers.Integral)
                               or starts < 1):
        raise ClusternetError(f"starts={starts!r}: give a whole number of starts >= 1, e.g. "
                              "starts=10")
    root, seed = seed_sequence(rng)
    generator = np.random.default_rng(root)
    n = g.n_actors
    if n < 3:
        raise ClusternetError(
            f"core_periphery needs at least 3 actors (a core, a periphery and a pair to "
            f"compare); this graph has {n}"
        )
    if starts is None:
        starts = 10 if n <= 10_000 else 1
    A = g.adjacency
    data = _k.CoreData(A, A.data if weight else None, directed=g.directed)
    params: dict[str, Any] = {"kind": kind, "weight": bool(weight), "between": between,
                              "starts": int(starts), "rng": seed, "directed": g.directed}
    if kind == "discrete":
        if n <= EXACT_UP_TO:
            x, r = _k.exact_fit(data, between=between)
            algorithm, converged = f"exact enumeration of the 2^{n} partitions", True
        else:
            x, r, info = _k.discrete_fit(data, generator, between=between, starts=int(starts))
            algorithm = (f"best degree-ordered prefix, then local search (re-sorted prefixes, "
                         f"batches of moves, swaps) from {int(starts)} start(s)")
            converged = info["converged"]
        coreness = x.astype(np.float64)
    else:
        c, r, info = _k.continuous_fit(data)
        algorithm = f"conjugate gradients on the correlation, {info['iterations']} iterations"
        converged = info["converged"]
        x = np.zeros(n, dtype=bool)
        if not np.isnan(r):
            order = np.lexsort((generator.random(n), -c))
            x, _ = _k.prefix_scan(data, order, between)
            spread = float(np.std(c) / np.mean(c))
            if spread < FLAT_COV:
                warnings.warn(
                    f"core_periphery(kind='continuous'): the coreness values are nearly equal "
                    f"(coefficient of variation {spread:.1e}): on this network a pattern "
                    "c_i + c_j fits better than any c_i * c_j, and the correlation keeps rising "
                    "as the values become equal, so they carry their order only (see Notes); "
                    "kind='discrete' gives a partition",
                    ClusternetWarning,
                    stacklevel=3,
                )
        coreness = c
    if np.isnan(r):
        warnings.warn(
            "core_periphery: the correlation with the core/periphery pattern is undefined "
            "(no ties, or every pair of actors tied with the same value); fit and coreness "
            "are NaN",
            ClusternetWarning,
            stacklevel=3,
        )
        coreness = np.full(n, np.nan)
        x = np.zeros(n, dtype=bool)
    params.update({"fit": float(r), "n_core": int(x.sum()), "algorithm": algorithm,
                   "converged": bool(converged)})
    return actor_frame(g, {"coreness": coreness, "core": x}, "core_periphery", params)
