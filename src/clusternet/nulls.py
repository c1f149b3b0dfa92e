r"""Null models: random graphs that keep some features of an observed one.

Each null model is a function ``(g, *, rng, **options) -> CollaborationGraph``
that returns a new random graph and leaves ``g`` as it is; with the same
``rng`` (an int seed >= 0 or a ``numpy.random.Generator`` in the same state)
it returns the same graph. ``rng`` is keyword-only; passed by position it
still works, with a ``FutureWarning``, until the next minor version. :func:`clusternet.inference.test` draws many of
them to build the null distribution of a statistic.

Which null answers which question
---------------------------------
=========================== ====================== ===================================
null model                  keeps                  question it answers
=========================== ====================== ===================================
:func:`permute_attribute`   the whole graph; the   "Is the pattern of ties *between
                            number of actors in    groups* more than the graph and the
                            each group (in each    group sizes alone would give?"
                            stratum with           (homophily, E-I, assortativity,
                            ``within=``)           diversity of contacts). QAP-style
                                                   label permutation (Krackhardt 1988).
:func:`curveball`           every actor's number   "Is the actor network more than the
                            of events and every    team sizes and the actors' activity
                            event's size; then     would give?" The right null for
                            re-projects            *projected* collaboration networks:
                                                   it keeps the cliques that every team
                                                   creates (Strona et al. 2014; Neal
                                                   2014). Affiliation graphs only.
:func:`rewire`              every actor's degree   "Is the structure more than the
                            (in- and out-degree    degree sequence would give?"
                            when directed)         (Maslov & Sneppen 2002). On a
                                                   projected network it destroys the
                                                   team cliques, so it overstates
                                                   closure-based measures' surprise.
:func:`erdos_renyi_like`    number of actors and   "Is the structure more than the
                            of ties (the density)  density would give?" The null of
                                                   sna's analytic brokerage scores.
=========================== ====================== ===================================

Attribute nulls test group-level claims given the network; structural
nulls test the network given the actors (their attributes travel with
them). For brokerage or closure in a collaboration network prefer
:func:`curveball`; for convergence between domains :func:`permute_attribute`
(with ``within=`` to hold, say, the period or the city fixed).

References
----------
.. [1] Krackhardt, D. (1988). Predicting with networks: nonparametric
   multiple regression analysis of dyadic data. *Social Networks* 10,
   359-381. https://doi.org/10.1016/0378-8733(88)90004-4
.. [2] Strona, G., Nappo, D., Boccacci, F., Fattorini, S. & San-Miguel-Ayanz,
   J. (2014). A fast and unbiased procedure to randomize ecological binary
   matrices with fixed row and column totals. *Nature Communications* 5,
   4114. https://doi.org/10.1038/ncomms5114
.. [3] Maslov, S. & Sneppen, K. (2002). Specificity and stability in topology
   of protein networks. *Science* 296, 910-913.
   https://doi.org/10.1126/science.1065103
.. [4] Neal, Z. (2014). The backbone of bipartite projections. *Social
   Networks* 39, 84-97. https://doi.org/10.1016/j.socnet.2014.06.001
"""

from __future__ import annotations

import functools
import numbers
import random
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._convert import as_graph
from ._kernels import nulls as _k
from ._kernels.adjacency import pairs_to_csr, upper_entries
from ._validation import as_rng
from .errors import ClusternetError, UnknownAttributeError
from .graph import CollaborationGraph
from .projection import project

__all__ = ["permute_attribute", "rewire", "curveball", "erdos_renyi_like"]


def _rng_by_keyword(n_fixed: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let ``rng`` still come by position, after the ``n_fixed`` positional
    arguments, with a ``FutureWarning`` (until the next minor version)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > n_fixed:
                if len(args) > n_fixed + 1:
                    raise TypeError(f"{func.__name__}() takes {n_fixed} positional "
                                    "argument(s); pass rng= and the options by keyword")
                if "rng" in kwargs:
                    raise TypeError(f"{func.__name__}() got multiple values for argument 'rng'")
                warnings.warn(
                    f"{func.__name__}: pass rng= by keyword; a positional rng stops working "
                    "in the next minor version",
                    FutureWarning,
                    stacklevel=2,
                )
                kwargs["rng"] = args[n_fixed]
                args = args[:n_fixed]
            return func(*args, **kwargs)

        return wrapper

    return decorate


@_rng_by_keyword(2)
def permute_attribute(
    g: Any, attribute: str, *, rng: Any = None, within: str | None = None
) -> CollaborationGraph:
    """The graph with the values of one actor attribute shuffled over the actors.

    The ties, the other attributes and the number of actors with each value
    stay as they are; only who has which value changes (a uniform random
    permutation). Actors with a missing value keep it, so the set of actors
    with a value is fixed. Works for every graph (directed, weighted,
    affiliation).

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        The actor attribute to shuffle.
    rng : None, int or numpy.random.Generator
        Source of randomness (keyword-only); the same seed gives the same
        permutation.
    within : str, optional
        An actor attribute whose values define strata: values are shuffled
        only among actors of the same stratum (e.g. the same city or entry
        cohort). It must have no missing values.

    Returns
    -------
    CollaborationGraph

    Raises
    ------
    UnknownAttributeError
        ``attribute`` or ``within`` is not an actor attribute.
    ClusternetError
        ``within`` has missing values; a bad seed (``True``, a negative
        int, a float).

    See Also
    --------
    clusternet.inference.permutation_test : the test built on this null.

    Notes
    -----
    With values :math:`x` and a uniform random permutation :math:`\\pi` of
    the actors that have a value, the new value of actor :math:`i` is
    :math:`x_{\\pi(i)}` -- the label permutation of QAP [1]_.

    References
    ----------
    .. [1] Krackhardt, D. (1988). Predicting with networks: nonparametric
       multiple regression analysis of dyadic data. *Social Networks* 10,
       359-381. https://doi.org/10.1016/0378-8733(88)90004-4

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]})
    >>> sector = pd.DataFrame({"actor": list("abcd"), "sector": ["art", "art", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=sector)
    >>> h = cn.nulls.permute_attribute(g, "sector", rng=1)
    >>> sorted(h.actors["sector"]) == sorted(g.actors["sector"])
    True
    >>> h.n_ties == g.n_ties
    True
    """
    g = as_graph(g)
    rng = as_rng(rng)
    movable, strata = _permutation_setup(g, attribute, within=within)
    idx = _k.permutation_index(g.n_actors, rng, movable=movable, strata=strata)
    actors = g.actors  # a copy; every column goes back, so their order is kept
    values = actors[attribute]
    actors[attribute] = pd.Series(values.array.take(idx), index=actors.index, name=attribute)
    return g.with_attributes(actors)


@_rng_by_keyword(1)
def rewire(g: Any, *, rng: Any = None, n_swaps: int | None = None) -> CollaborationGraph:
    """The graph after degree-preserving double-edge swaps (Maslov & Sneppen 2002).

    Each swap picks two ties ``a-b`` and ``c-d`` at random and replaces them
    with ``a-d`` and ``c-b`` unless that would make a self-loop or a
    parallel tie (the swap is then skipped but counts as a trial), so every
    actor keeps its degree -- its in- and out-degree when directed. The
    swaps are run by igraph (``Graph.rewire``, compiled), seeded from
    ``rng``.

    Supports undirected and directed graphs. Weights: the multiset of tie
    weights is kept, but the weights are dealt out at random over the
    rewired ties, so actors' strengths are *not* kept. Affiliation graphs
    lose their incidence and event table (the result is no longer a
    projection of them; use :func:`curveball` to keep the two-mode
    structure), and edge lists their tie times.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    rng : None, int or numpy.random.Generator
        Keyword-only: an int seed >= 0 or a Generator.
    n_swaps : int, optional
        Number of swap trials; default 10 times the number of ties.

    Returns
    -------
    CollaborationGraph

    Raises
    ------
    ClusternetError
        ``n_swaps`` is not a non-negative integer; a bad seed.

    See Also
    --------
    curveball : the null that keeps the two-mode structure.

    Notes
    -----
    The chain of swaps with rejection has the uniform distribution over the
    simple graphs with the given degrees as its stationary distribution; 10
    trials per tie is a customary burn-in (Fosdick et al. 2018 discuss the
    choices). igraph's random number generator is set to a
    ``random.Random`` seeded from ``rng`` for the call and set back to
    Python's ``random`` module (igraph's default) afterwards, so this is
    not safe to run in several threads at once.

    References
    ----------
    .. [1] Maslov, S. & Sneppen, K. (2002). Specificity and stability in
       topology of protein networks. *Science* 296, 910-913.
       https://doi.org/10.1126/science.1065103
    .. [2] Fosdick, B. K., Larremore, D. B., Nishimura, J. & Ugander, J.
       (2018). Configuring random graph models with fixed degree sequences.
       *SIAM Review* 60, 315-355. https://doi.org/10.1137/16M1087175

    Examples
    --------
    >>> import networkx as nx, numpy as np, clusternet as cn
    >>> g = cn.as_graph(nx.karate_club_graph())
    >>> h = cn.nulls.rewire(g, rng=7)
    >>> bool(np.array_equal(h.adjacency.sum(axis=1), g.adjacency.sum(axis=1)))
    False
    >>> bool(np.array_equal(np.diff(h.adjacency.indptr), np.diff(g.adjacency.indptr)))
    True
    """
    g = as_graph(g)
    rng = as_rng(rng)
    src, dst, w = upper_entries(g.adjacency, directed=g.directed)
    m = len(src)
    n_swaps = 10 * m if n_swaps is None else _count(n_swaps, "n_swaps")
    seed = int(rng.integers(0, 2**63))
    if m >= 2 and n_swaps > 0:
        import igraph as ig

        G = ig.Graph(n=g.n_actors, edges=np.column_stack([src, dst]), directed=g.directed)
        with _igraph_seeded(seed):
            G.rewire(n=n_swaps, allowed_edge_types="simple")
        el = np.asarray(G.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        src, dst = el[:, 0], el[:, 1]
    w = w[rng.permutation(m)]
    A = pairs_to_csr(src, dst, w, g.n_actors, directed=g.directed)
    return _structural(g, A, "rewire")


@_rng_by_keyword(1)
def curveball(g: Any, *, rng: Any = None, n_trades: int | None = None) -> CollaborationGraph:
    """The affiliation graph after curveball trades on its actor x event
    incidence, re-projected with the graph's own projection.

    Every actor keeps its number of events and every event its number of
    actors (both degree sequences of the two-mode network, exactly); who
    took part in what is randomised by the curveball algorithm (Strona et
    al. 2014): two actors pool the events that only one of them has and
    deal them out again at random, each keeping its count. The actor
    network is then projected again with the graph's ``projection``,
    ``min_weight`` and ``max_ties``, and the event sizes of the event table
    (which are what ``"newman"`` divides by), so the null network has the
    cliques that teams of these sizes create.

    Affiliation graphs only (built with :func:`~clusternet.from_affiliations`).
    Participation weights move with the participation they belong to.

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph.
    rng : None, int or numpy.random.Generator
        Keyword-only: an int seed >= 0 or a Generator.
    n_trades : int, optional
        Number of pair trades; default 10 times the number of actors, so
        that each actor trades about 20 times.

    Returns
    -------
    CollaborationGraph
        Same actors (attributes kept) and events; a new incidence and
        adjacency.

    Raises
    ------
    ClusternetError
        ``g`` has no incidence (not built from affiliations),
        ``n_trades`` is not a non-negative integer, or a bad seed.

    See Also
    --------
    rewire : degree-preserving rewiring of the actor network itself.

    Notes
    -----
    Trades are made in rounds: each round pairs the actors by a random
    matching and trades within every pair (the "global curveball" of
    Carstens et al. 2018), ``n_actors // 2`` trades a round, so the default
    is 20 rounds. The chain samples the binary matrices with the given row
    and column sums uniformly at stationarity (Carstens 2015). Check that
    ``n_trades`` is large enough by comparing a statistic's null
    distribution at, say, twice the value.

    Speed: with numba installed (``pip install "clusternet[fast]"``) the
    trades of an incidence of 50,000 participations or more run as compiled
    loops, one pass over the participations a round (on 10^6
    participations, 20 rounds: about 5 times less CPU time than the numpy
    rounds, see ``benchmarks/bench_curveball.py``); without it, as numpy
    rounds with a few sorts each. Both consume ``rng`` the same way
    and give the same draw for a seed. The first compiled call of an
    installation compiles the loops (seconds; then cached on disk). The
    re-projection costs what :func:`~clusternet.from_affiliations`'s does.

    References
    ----------
    .. [1] Strona, G., Nappo, D., Boccacci, F., Fattorini, S. &
       San-Miguel-Ayanz, J. (2014). A fast and unbiased procedure to
       randomize ecological binary matrices with fixed row and column
       totals. *Nature Communications* 5, 4114.
       https://doi.org/10.1038/ncomms5114
    .. [2] Carstens, C. J. (2015). Proof of uniform sampling of binary
       matrices with fixed row sums and column sums for the fast curveball
       algorithm. *Physical Review E* 91, 042812.
       https://doi.org/10.1103/PhysRevE.91.042812
    .. [3] Carstens, C. J., Berger, A. & Strona, G. (2018). A unifying
       framework for fast randomization of ecological networks with fixed
       (node) degrees. *MethodsX* 5, 773-780.
       https://doi.org/10.1016/j.mex.2018.06.018

    Examples
    --------
    >>> import numpy as np, pandas as pd, clusternet as cn
    >>> table = pd.DataFrame({"actor": list("aabbccdd"), "event": [1, 2, 2, 3, 3, 4, 4, 1]})
    >>> g = cn.from_affiliations(table)
    >>> h = cn.nulls.curveball(g, rng=3)
    >>> bool((h.incidence.sum(axis=0) == g.incidence.sum(axis=0)).all())
    True
    >>> bool((h.incidence.sum(axis=1) == g.incidence.sum(axis=1)).all())
    True
    """
    g = as_graph(g)
    rng = as_rng(rng)
    B = g.incidence
    if B is None:
        raise ClusternetError(
            "curveball needs an affiliation graph (built with cn.from_affiliations), whose "
            "actor x event incidence it randomises; this graph has none. Use "
            "cn.nulls.rewire for a degree-preserving null of a one-mode network."
        )
    n_trades = 10 * g.n_actors if n_trades is None else _count(n_trades, "n_trades")
    indptr, indices, data = _k.curveball(B.indptr, B.indices, B.data, B.shape[1], n_trades, rng)
    idx_dtype = np.int32 if max(len(indices), *B.shape) < np.iinfo(np.int32).max else np.int64
    B2 = sp.csr_array(
        (data, indices.astype(idx_dtype), indptr.astype(idx_dtype)), shape=B.shape
    )
    meta = g.meta
    events = g.events
    A = project(
        B2,
        events["size"].to_numpy(),
        projection=meta.get("projection", "count"),
        min_weight=meta.get("min_weight", 0.0),
        max_ties=meta.get("max_ties"),
        event_ids=events.index,
    )
    return CollaborationGraph(g.actors, A, directed=g.directed, incidence=B2, events=events,
                              meta={**meta, "null": "curveball"})


@_rng_by_keyword(1)
def erdos_renyi_like(g: Any, *, rng: Any = None) -> CollaborationGraph:
    """A uniform random graph with the same actors and number of ties
    (Erdos-Renyi ``G(n, m)``), so the same density.

    Undirected graphs get ``m`` distinct unordered pairs, directed ones
    ``m`` distinct ordered pairs, all equally likely. The actors and their
    attributes are kept; the tie weights are dealt out at random over the
    new ties (the weight distribution is kept). Affiliation graphs lose
    their incidence and event table, edge lists their tie times.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    rng : None, int or numpy.random.Generator
        Keyword-only: an int seed >= 0 or a Generator.

    Returns
    -------
    CollaborationGraph

    Raises
    ------
    ClusternetError
        A bad seed (``True``, a negative int, a float).

    See Also
    --------
    rewire : keeps the degrees too.

    Notes
    -----
    This is the conditional uniform graph distribution given size and
    density, the null under which R sna computes the analytic expectations
    of Gould-Fernandez brokerage scores, so permutation tests under it can
    be compared with those scores.

    References
    ----------
    .. [1] Erdos, P. & Renyi, A. (1959). On random graphs I. *Publicationes
       Mathematicae Debrecen* 6, 290-297.
       https://doi.org/10.5486/PMD.1959.6.3-4.12
    .. [2] Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a
       formal approach to brokerage in transaction networks. *Sociological
       Methodology* 19, 89-126. https://doi.org/10.2307/270949

    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> g = cn.as_graph(nx.karate_club_graph())
    >>> h = cn.nulls.erdos_renyi_like(g, rng=0)
    >>> (h.n_actors, h.n_ties) == (g.n_actors, g.n_ties)
    True
    """
    g = as_graph(g)
    rng = as_rng(rng)
    _, _, w = upper_entries(g.adjacency, directed=g.directed)
    src, dst = _k.gnm(g.n_actors, len(w), directed=g.directed, rng=rng)
    w = w[rng.permutation(len(w))]
    A = pairs_to_csr(src, dst, w, g.n_actors, directed=g.directed)
    return _structural(g, A, "erdos_renyi_like")


# ---------------------------------------------------------------- helpers
def _permutation_setup(
    g: CollaborationGraph, attribute: str, *, within: str | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """``(movable, strata)`` for :func:`~clusternet._kernels.nulls.permutation_index`:
    the actors with a value of ``attribute`` and the codes of ``within``.

    :func:`permute_attribute` and the fast path of
    :mod:`clusternet.inference` both draw their permutation from these, so
    that the same generator gives the same permutation in both.
    """
    movable = g.attribute(attribute).notna().to_numpy()
    strata = None
    if within is not None:
        if not isinstance(within, str) or within not in g.attributes:
            have = ", ".join(map(repr, g.attributes)) or "none"
            raise UnknownAttributeError(
                f"no actor attribute {within!r} (parameter within); the graph has: {have}"
            )
        s = g.attribute(within)
        if s.isna().any():
            who = list(g.actor_ids[s.isna().to_numpy()][:5])
            raise ClusternetError(
                f"within={within!r} has {int(s.isna().sum())} missing value(s), e.g. for "
                f"actors {who!r}; fill them (e.g. with their own stratum) first"
            )
        strata = pd.factorize(s, sort=False)[0].astype(np.int64)
    return movable, strata


def _count(value: Any, param: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 0:
        raise ClusternetError(f"{param} must be a non-negative integer, got {value!r}")
    return int(value)


def _structural(g: CollaborationGraph, A: sp.csr_array, name: str) -> CollaborationGraph:
    """A graph with ``g``'s actors and a new adjacency: the two-mode parts
    and tie records no longer describe it and are dropped."""
    meta = {k: v for k, v in g.meta.items() if k not in ("projection", "min_weight", "max_ties")}
    meta["null"] = name
    return CollaborationGraph(g.actors, A, directed=g.directed, meta=meta)


@contextmanager
def _igraph_seeded(seed: int) -> Iterator[None]:
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
