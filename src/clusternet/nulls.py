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
    g: Any, attribute: str, *, rng: Any = None, within: str | None = None,
    over: str = "actors",
) -> CollaborationGraph:
    """The graph with the values of one attribute shuffled over the actors
    (or, for a participation attribute, over the participations).

    The ties, the other attributes and the number of actors with each value
    stay as they are; only who has which value changes (a uniform random
    permutation). Actors with a missing value keep it, so the set of actors
    with a value is fixed. Works for every graph (directed, weighted,
    affiliation).

    A participation attribute (``participation_attributes=`` of
    :func:`~clusternet.from_affiliations`: one value per row of the
    affiliation table) can be shuffled two ways:

    - ``over="actors"`` (default): each actor's value
      (:meth:`~clusternet.CollaborationGraph.attribute`: the most frequent
      of its rows, ties to the latest) is shuffled over the actors as an
      actor attribute is, and written on every row of the actor (so the
      result's actor values are the shuffled ones; the variation within an
      actor is gone). The null of actor-level statistics (E-I index,
      assortativity), and what :func:`clusternet.inference.permutation_test`
      draws;
    - ``over="participations"``: the values are shuffled over the stored
      participations: each participation gets the value of another, the
      number of participations with each value is kept (per stratum with
      ``within=``), participations without a value keep none, and the
      incidence, the events and the ties are untouched. The null of
      event-level statistics of the rows' values (hybrid events, team
      diversity): teams of the same actors whose members' values are dealt
      out at random. The actors' own values are then those of the shuffled
      rows, so the number of actors with each value is not kept.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        The actor attribute (or participation attribute) to shuffle.
    rng : None, int or numpy.random.Generator
        Source of randomness (keyword-only); the same seed gives the same
        permutation.
    within : str, optional
        An attribute whose values define strata: values are shuffled only
        among actors of the same stratum (e.g. the same city or entry
        cohort). It must have no missing values. With
        ``over="participations"`` the strata are participations: ``within``
        may name another participation attribute, an actor attribute (the
        stratum of the participation's actor) or a column of the event
        table, such as ``"time"`` (shuffle only among the participations of
        the same year, which keeps each year's composition), looked up in
        that order.
    over : {"actors", "participations"}, default "actors"
        What a participation attribute is shuffled over (see above); an
        actor attribute is always shuffled over the actors.

    Returns
    -------
    CollaborationGraph

    Raises
    ------
    UnknownAttributeError
        ``attribute`` or ``within`` is not an attribute of the graph.
    ClusternetError
        ``within`` has missing values; ``over`` is not one of the two, or
        ``"participations"`` for an actor attribute; a bad seed (``True``,
        a negative int, a float).

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

    A participation attribute shuffled over the rows, here only among the
    rows of the same year (hand check: each year keeps one "uni" and one
    "firm"):

    >>> t = pd.DataFrame({"actor": ["a", "b", "a", "c"], "event": [1, 1, 2, 2],
    ...                   "year": [2020, 2020, 2021, 2021],
    ...                   "sector": ["uni", "firm", "uni", "firm"]})
    >>> p = cn.from_affiliations(t, time="year", participation_attributes=["sector"])
    >>> q = cn.nulls.permute_attribute(p, "sector", rng=0, within="time",
    ...                                over="participations")
    >>> q.participation_attribute("sector").groupby(level="event").agg(sorted).tolist()
    [['firm', 'uni'], ['firm', 'uni']]
    """
    g = as_graph(g)
    rng = as_rng(rng)
    if over not in ("actors", "participations"):
        raise ClusternetError(
            f"over must be 'actors' or 'participations', got {over!r}")
    rows = attribute in g.participation_attributes
    if over == "participations":
        if not rows:
            raise ClusternetError(
                f"over='participations' shuffles a participation attribute over the rows; "
                f"{attribute!r} is not one (the graph's: "
                f"{', '.join(map(repr, g.participation_attributes)) or 'none'}): leave over= "
                "out to shuffle an actor attribute over the actors"
            )
        return _permute_rows(g, attribute, rng, within)
    movable, strata = _permutation_setup(g, attribute, within=within)
    idx = _k.permutation_index(g.n_actors, rng, movable=movable, strata=strata)
    if rows:
        return _permute_actor_values(g, attribute, idx)
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
    structure), and edge lists their tie times. A participation attribute
    (one value per row of an affiliation table) becomes an actor attribute
    of the same name holding each actor's value
    (:meth:`~clusternet.CollaborationGraph.attribute`: the most frequent of
    its rows, ties to the latest), which travels with the actor as the
    other actor attributes do.

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
    Participation weights stay with the event's slot they belong to: each
    event keeps the multiset of its participations' weights (a weight
    describes the share of the event, e.g. fractional counting).
    Participation attributes (``participation_attributes=``: the actor's
    sector, institution or city at the time of the event) travel with the
    actor's participation as it moves to another event: every actor keeps
    the values of its rows. A participation the actor keeps (same event)
    keeps its values; the rows of the events it gives up go, with all their
    values, to the events it gains, matched in time order (by event time,
    then by the order of the events), so an actor that moved from one
    sector to another keeps that order. Each event then holds the values
    its new members bring: the null for "are teams more mixed than
    actors' activity, team sizes and the actors' own values give?".

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
        adjacency; the participation attributes on the new participations.

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

    Each pair's deal is drawn from a counter-based stream (SplitMix64 at
    the position of the pair's first row and the column, keyed by a number
    the round draws from ``rng``), so the pairs of a round
    are independent and run in parallel: the same seed gives the same draw
    whatever the number of threads, with or without numba. (Before these
    parallel rounds, the pooled entries got ``rng.random`` numbers in entry
    order: the chain is the same, but a seed gives another draw than it
    did then.)

    Speed: with numba installed (``pip install "clusternet[fast]"``) the
    trades of an incidence of 50,000 participations or more run as one
    compiled pass over the pairs a round (each pair merges its two sorted
    rows), on numba's threads from 2^17 participations on; on 10^6
    participations, 20 rounds take about 0.7 s of CPU on one thread (0.5 s
    of wall time on two idle cores), 2.5
    times less than the compiled loops they replace and 12 times less than
    the numpy rounds (``benchmarks/bench_curveball.py``). Without numba,
    numpy rounds with a few sorts each. Both give the same draw for a
    seed. The first compiled call of an installation compiles the loops
    (seconds; then cached on disk). The re-projection costs what
    :func:`~clusternet.from_affiliations`'s does (about as much again on
    10^6 participations).

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
    .. [4] Steele, G. L., Lea, D. & Flood, C. H. (2014). Fast splittable
       pseudorandom number generators. *OOPSLA 2014*, 453-472.
       https://doi.org/10.1145/2660193.2660195

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

    Each actor keeps the values of its rows (here its sectors):

    >>> t = pd.DataFrame({"actor": list("aabbcc"), "event": [1, 2, 2, 3, 3, 1],
    ...                   "sector": ["uni", "firm", "uni", "uni", "gov", "gov"]})
    >>> p = cn.from_affiliations(t, participation_attributes=["sector"])
    >>> q = cn.nulls.curveball(p, rng=1)
    >>> q.participation_attribute("sector").groupby(level="actor").agg(sorted).tolist()
    [['firm', 'uni'], ['uni', 'uni'], ['gov', 'gov']]
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
    parts = _moved_participations(g, B, B2) if g.participation_attributes else None
    return CollaborationGraph(g.actors, A, directed=g.directed, incidence=B2, events=events,
                              meta={**meta, "null": "curveball"}, participations=parts)


@_rng_by_keyword(1)
def erdos_renyi_like(g: Any, *, rng: Any = None) -> CollaborationGraph:
    """A uniform random graph with the same actors and number of ties
    (Erdos-Renyi ``G(n, m)``), so the same density.

    Undirected graphs get ``m`` distinct unordered pairs, directed ones
    ``m`` distinct ordered pairs, all equally likely. The actors and their
    attributes are kept; the tie weights are dealt out at random over the
    new ties (the weight distribution is kept). Affiliation graphs lose
    their incidence and event table, edge lists their tie times; a
    participation attribute becomes an actor attribute holding each
    actor's value (the most frequent of its rows, ties to the latest), as
    with :func:`rewire`.

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
    that the same generator gives the same permutation in both (for a
    participation attribute: the actors' values, ``over="actors"``).
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
    actors = g.actors
    for p in g.participation_attributes:  # each actor's value becomes an actor attribute
        actors[p] = g.attribute(p)
    return CollaborationGraph(actors, A, directed=g.directed, meta=meta)


def _participation_frame(g: CollaborationGraph) -> pd.DataFrame:
    """The participation attributes, one row per stored participation in the
    order of the incidence's entries, on a RangeIndex."""
    return pd.DataFrame({p: g.participation_attribute(p).reset_index(drop=True)
                         for p in g.participation_attributes})


def _on_entries(frame: pd.DataFrame, g: CollaborationGraph, B: sp.csr_array) -> pd.DataFrame:
    """``frame`` (one row per entry of ``B``, in entry order) indexed by
    (actor, event) as the graph keeps participations."""
    rows = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
    frame = frame.copy()
    frame.index = pd.MultiIndex.from_arrays(
        [g.actor_ids[rows], g.events.index[B.indices]], names=["actor", "event"])
    return frame


def _moved_participations(g: CollaborationGraph, B: sp.csr_array,
                          B2: sp.csr_array) -> pd.DataFrame:
    """The participation attributes of a curveball draw ``B2`` of ``B``: an
    entry an actor keeps keeps its values; the entries it gives up pass
    their values to the entries it gains, matched in order of (event time,
    event position)."""
    n_ev = B.shape[1]
    rows = np.repeat(np.arange(B.shape[0], dtype=np.int64), np.diff(B.indptr))
    rows2 = np.repeat(np.arange(B.shape[0], dtype=np.int64), np.diff(B2.indptr))
    cols = B.indices.astype(np.int64)
    cols2 = B2.indices.astype(np.int64)
    old = rows * n_ev + cols  # increasing: canonical CSR
    new = rows2 * n_ev + cols2
    at = np.minimum(np.searchsorted(old, new), len(old) - 1)
    kept = old[at] == new if len(old) else np.zeros(0, dtype=bool)
    lost = np.ones(len(old), dtype=bool)
    lost[at[kept]] = False
    events = g.events
    if "time" in events.columns:
        when = events["time"].rank(method="dense", na_option="bottom").to_numpy()
    else:
        when = np.zeros(n_ev)
    src = np.empty(len(new), dtype=np.int64)
    src[kept] = at[kept]
    gone = np.flatnonzero(lost)
    came = np.flatnonzero(~kept)
    # per actor as many entries given up as gained: match them in order
    gone = gone[np.lexsort((cols[gone], when[cols[gone]], rows[gone]))]
    came = came[np.lexsort((cols2[came], when[cols2[came]], rows2[came]))]
    src[came] = gone
    return _on_entries(_participation_frame(g).iloc[src], g, B2)


def _permute_actor_values(g: CollaborationGraph, attribute: str,
                          idx: np.ndarray) -> CollaborationGraph:
    """:func:`permute_attribute` of a participation attribute over the
    actors: the actors' values permuted by ``idx``, written on every row of
    the actor; the other participation attributes stay."""
    values = g.attribute(attribute).array.take(idx)
    B = g.incidence
    rows = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
    frame = _participation_frame(g)
    frame[attribute] = pd.Series(values.take(rows), index=frame.index, name=attribute)
    return CollaborationGraph(g.actors, g.adjacency, directed=g.directed, incidence=B,
                              events=g.events, meta=g.meta,
                              participations=_on_entries(frame, g, B))


def _permute_rows(g: CollaborationGraph, attribute: str, rng: np.random.Generator,
                  within: str | None) -> CollaborationGraph:
    """:func:`permute_attribute` for a participation attribute: its values
    shuffled over the stored participations."""
    frame = _participation_frame(g)
    movable, strata = _row_permutation_setup(g, frame, attribute, within=within)
    idx = _k.permutation_index(len(frame), rng, movable=movable, strata=strata)
    column = frame[attribute]
    frame[attribute] = pd.Series(column.array.take(idx), index=frame.index, name=attribute)
    B = g.incidence
    return CollaborationGraph(g.actors, g.adjacency, directed=g.directed, incidence=B,
                              events=g.events, meta=g.meta,
                              participations=_on_entries(frame, g, B))


def _row_permutation_setup(
    g: CollaborationGraph, frame: pd.DataFrame, attribute: str, *, within: str | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """``(movable, strata)`` over the stored participations for a
    participation attribute: the rows with a value, and the codes of
    ``within`` (a participation attribute, an actor attribute or an event
    column, in that order)."""
    movable = frame[attribute].notna().to_numpy()
    if within is None:
        return movable, None
    B = g.incidence
    if isinstance(within, str) and within in g.participation_attributes:
        s = frame[within]
        what = "participation attribute"
    elif isinstance(within, str) and within in g.attributes:
        rows = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
        s = pd.Series(g.actors[within].to_numpy()[rows])
        what = "actor attribute"
    elif isinstance(within, str) and within in g.events.columns:
        s = pd.Series(g.events[within].to_numpy()[B.indices])
        what = "event column"
    else:
        have = ", ".join(map(repr, g.participation_attributes + g.attributes
                             + list(g.events.columns)))
        raise UnknownAttributeError(
            f"no participation attribute, actor attribute or event column {within!r} "
            f"(parameter within); the graph has: {have}"
        )
    if s.isna().any():
        raise ClusternetError(
            f"within={within!r} ({what}) is missing for {int(s.isna().sum())} participation(s); "
            "fill it first (e.g. with a stratum of its own), or shuffle without within="
        )
    return movable, pd.factorize(s, sort=False)[0].astype(np.int64)


@contextmanager
def _igraph_seeded(seed: int) -> Iterator[None]:
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
