"""Betweenness centrality: exact (Brandes) or source-sampled, igraph or networkx."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.adjacency import upper_entries
from .._registry import measure
from .._validation import as_rng, check_bool, check_choice
from ..errors import ClusternetError, WeightError
from ..graph import CollaborationGraph
from ._common import labelled_series

__all__ = ["betweenness"]

_BACKENDS = ("auto", "igraph", "networkx")
_DISTANCES = ("hops", "inverse", "weight")


@measure(
    family="brokerage",
    levels={"actor": "Series"},
    attribute=None,
    references=("freeman1977", "brandes2001"),
    summary="share of shortest paths between other actors that pass through the actor",
    checks={"normalized": check_bool},
    method=lambda ctx: (
        "Betweenness centrality [brandes2001] counts the shortest paths between other "
        "actors that pass through an actor, with path length "
        + ("in steps (tie weights are strengths, not lengths, so they are not used)"
           if ctx.get("distance") in (None, "hops") else
           "as the inverse of the tie weight (a strength), as in Newman (2001) [newman2001]")
        + ", normalised by the number of pairs of other actors as in networkx"
        + (f"; it was estimated from {ctx['betweenness_k']:,} source actors drawn at random "
           "(seeded)" if ctx.get("betweenness_k") else "; computed exactly") + "."),
)
def betweenness(
    g: Any,
    *,
    normalized: bool = True,
    distance: str | None = None,
    k: int | None = None,
    rng: Any = None,
    backend: str = "auto",
) -> pd.Series:
    r"""Betweenness centrality: the share of shortest paths that pass through an actor.

    Supports undirected and directed graphs (directed paths), with or
    without tie lengths.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    normalized : bool, default True
        Divide as networkx does (see Notes); ``False`` gives path counts
        (unordered pairs when undirected).
    distance : {None, "hops", "inverse", "weight"} or str
        The length of a tie. Shortest paths need *lengths*, while a
        collaboration tie weight is a *strength* (more shared events =
        closer), so a weighted graph needs an explicit choice:

        - ``"hops"``: every tie has length 1 (weights ignored);
        - ``"inverse"``: length = 1 / weight (the usual conversion of a
          strength);
        - ``"weight"``: the weights already are lengths (e.g. kilometres);
        - for a networkx or igraph input, the name of another edge
          attribute holding lengths (the shortest of parallel edges counts).

        ``None`` (default) is ``"hops"`` on an unweighted graph and an error
        on a weighted one.
    k : int, optional
        Estimate from ``k`` source actors drawn at random without
        replacement (Brandes and Pich 2007); ``None`` or ``k`` equal to the
        number of actors computes it exactly.
    rng : None, int or numpy.random.Generator
        Draws the ``k`` sources: an int seed >= 0 or a Generator; the same
        seed gives the same sources and numbers.
    backend : {"auto", "igraph", "networkx"}
        ``"auto"`` is igraph. networkx gives the same numbers (tested) and
        is much slower; use it as a second opinion on small graphs.

    Returns
    -------
    pandas.Series
        Named ``betweenness``, indexed by actor (graph order). With ``k=1``
        the sampled source's own value is NaN (no other source to estimate
        it from), as in networkx.

    Raises
    ------
    ClusternetError
        ``distance`` missing on a weighted graph or unknown; ``k`` not
        between 1 and the number of actors; ``rng`` not a seed >= 0 or a
        Generator (``True``, negative ints and floats are refused, even
        without ``k``); unknown backend.
    WeightError
        A tie length that is not positive and finite.

    Notes
    -----
    .. math:: g_v = \sum_{s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}

    over ordered pairs :math:`(s, t)`; :math:`\sigma_{st}` counts the
    shortest paths from :math:`s` to :math:`t` and :math:`\sigma_{st}(v)`
    those through :math:`v` (Freeman 1977 [1]_; Brandes's algorithm [2]_).
    Undirected graphs count each unordered pair once when not normalised.
    Normalised (networkx's convention, ordered pairs in both cases):
    :math:`g_v / ((n-1)(n-2))`.

    Sampling (the estimator of networkx 3.5 and later [3]_; earlier
    networkx scaled every actor by :math:`n/k`): the dependencies of ``k``
    random sources are summed and scaled by :math:`(n-1)/k` -- or
    :math:`(n-1)/(k-1)` for the sampled sources themselves, which cannot be
    their own source -- before the normalisation above, so that the
    estimate is unbiased.

    Engines: igraph compares path lengths with a small relative tolerance
    (1e-10), networkx exactly, so with lengths such as 1/3 + 1/6 versus 1/2
    the two can count different numbers of shortest paths; with integer or
    binary-fraction lengths they agree.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on
       betweenness. Sociometry 40(1), 35-41. https://doi.org/10.2307/3033543
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163-177.
       https://doi.org/10.1080/0022250X.2001.9990249
    .. [3] Brandes, U., & Pich, C. (2007). Centrality estimation in large
       networks. International Journal of Bifurcation and Chaos 17(7),
       2303-2318. https://doi.org/10.1142/S0218127407018403

    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> cn.brokerage.betweenness(nx.path_graph(4)).round(4).tolist()
    [0.0, 0.6667, 0.6667, 0.0]
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 4.0), ("a", "c", 4.0), ("b", "c", 1.0)])
    >>> cn.brokerage.betweenness(G, distance="inverse", normalized=False).tolist()
    [1.0, 0.0, 0.0]
    >>> cn.brokerage.betweenness(G, distance="weight", normalized=False).tolist()
    [0.0, 0.0, 0.0]
    """
    original = g
    g = as_graph(g)
    check_bool(normalized, "normalized")
    check_choice(backend, _BACKENDS, "backend")
    generator = as_rng(rng)  # checked before any work, even when it draws nothing
    n = g.n_actors
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= n:
            raise ClusternetError(f"k={k!r}: give a whole number of sources between 1 and {n}")
        k = int(k)
    src, dst, length = _lengths(original, g, distance)
    params = {"normalized": bool(normalized), "distance": distance, "k": k,
              "rng": rng if isinstance(rng, (numbers.Integral, type(None))) else type(rng).__name__,
              "backend": backend, "directed": g.directed}
    sources = None
    if k is not None and k < n:
        sources = np.sort(generator.choice(n, size=k, replace=False))
    engine = "igraph" if backend == "auto" else backend
    raw = _raw_betweenness(engine, n, src, dst, length, g.directed, sources)
    values = _rescale(raw, n, normalized=bool(normalized), directed=g.directed, sources=sources)
    return labelled_series(g, None, values, "betweenness", params)


def _lengths(original: Any, g: CollaborationGraph, distance: Any):
    """Tie list ``(src, dst, length)`` (each tie once; length None = hops)."""
    src, dst, w = upper_entries(g.adjacency, directed=g.directed)
    if distance is None:
        if g.weighted:
            raise ClusternetError(
                "this graph has tie weights, and shortest paths need tie lengths: a "
                "collaboration weight is a strength (more = closer), not a length. Pass "
                "distance='inverse' (length = 1/weight), distance='weight' (the weights are "
                "already lengths) or distance='hops' (ignore the weights)"
            )
        return src, dst, None
    if not isinstance(distance, str):
        raise ClusternetError(
            f"distance must be one of {', '.join(map(repr, _DISTANCES))} or an edge attribute "
            f"name, got {distance!r}"
        )
    if distance == "hops":
        return src, dst, None
    if distance == "inverse":
        return src, dst, _check_lengths(1.0 / w, distance)
    if distance == "weight":
        return src, dst, _check_lengths(w, distance)
    return _attribute_lengths(original, g, distance)


def _attribute_lengths(original: Any, g: CollaborationGraph, name: str):
    import networkx as nx

    try:
        import igraph as ig
    except ImportError:  # pragma: no cover - igraph is a core dependency
        ig = None
    if isinstance(original, nx.Graph):
        edges = [(u, v, d) for u, v, d in original.edges(data=name) if u != v]
        if any(d is None for _, _, d in edges):
            raise ClusternetError(f"some edges of the networkx graph have no attribute {name!r}")
        ids = g.actor_ids
        s = ids.get_indexer(pd.Index([e[0] for e in edges], tupleize_cols=False))
        t = ids.get_indexer(pd.Index([e[1] for e in edges], tupleize_cols=False))
        d = np.array([e[2] for e in edges], dtype=np.float64)
    elif ig is not None and isinstance(original, ig.Graph):
        if name not in original.es.attributes():
            raise ClusternetError(f"the igraph graph has no edge attribute {name!r}")
        el = np.asarray(original.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        d = np.asarray(original.es[name], dtype=np.float64)
        keep = el[:, 0] != el[:, 1]
        s, t, d = el[keep, 0], el[keep, 1], d[keep]
    else:
        raise ClusternetError(
            f"distance={name!r}: choose one of {', '.join(map(repr, _DISTANCES))}; an edge "
            "attribute name only works on a networkx or igraph graph (a CollaborationGraph's "
            "ties have one value, 'weight')"
        )
    d = _check_lengths(d, name)
    if not g.directed:
        s, t = np.minimum(s, t), np.maximum(s, t)
    # the shortest of parallel edges is the one a shortest path uses
    order = np.lexsort((d, t, s))
    s, t, d = s[order], t[order], d[order]
    first = np.ones(len(s), dtype=bool)
    first[1:] = (s[1:] != s[:-1]) | (t[1:] != t[:-1])
    return s[first], t[first], d[first]


def _check_lengths(d: np.ndarray, what: str) -> np.ndarray:
    d = np.asarray(d, dtype=np.float64)
    bad = ~np.isfinite(d) | (d <= 0)
    if bad.any():
        raise WeightError(
            f"distance={what!r} gives {int(bad.sum())} tie length(s) that are not positive and "
            f"finite (e.g. {d[bad][0]!r}); shortest paths need lengths > 0"
        )
    return d


def _raw_betweenness(engine: str, n: int, src, dst, length, directed: bool,
                     sources: np.ndarray | None) -> np.ndarray:
    """Sum over the sources (all, or ``sources``) of the dependencies, ordered pairs."""
    if engine == "igraph":
        import igraph as ig

        G = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=directed)
        weights = None if length is None else length.tolist()
        if sources is None:
            b = np.asarray(G.betweenness(directed=directed, weights=weights), dtype=np.float64)
        else:
            b = np.asarray(
                G.betweenness(directed=directed, weights=weights, sources=sources.tolist()),
                dtype=np.float64,
            )
        # igraph counts each unordered pair once on undirected graphs
        return b if directed else 2.0 * b
    import networkx as nx

    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(n))
    if length is None:
        G.add_edges_from(zip(src.tolist(), dst.tolist()))
        weight = None
    else:
        G.add_weighted_edges_from(zip(src.tolist(), dst.tolist(), length.tolist()),
                                  weight="length")
        weight = "length"
    if sources is None:
        b = nx.betweenness_centrality(G, normalized=False, weight=weight)
        factor = 1.0 if directed else 2.0
    else:
        b = nx.betweenness_centrality_subset(G, sources.tolist(), list(range(n)),
                                             normalized=False, weight=weight)
        factor = 1.0 if directed else 2.0
    return factor * np.array([b[i] for i in range(n)], dtype=np.float64)


def _rescale(raw: np.ndarray, n: int, *, normalized: bool, directed: bool,
             sources: np.ndarray | None) -> np.ndarray:
    """networkx (>= 3.5) ``_rescale`` (endpoints excluded) on ordered-pair sums."""
    N = n - 1
    if N < 2:
        return raw.copy()
    corr = 1.0 if directed else 2.0
    if sources is None:
        return raw / (N * (N - 1)) if normalized else raw / corr
    k = len(sources)
    if normalized:
        s_src = 1.0 / ((k - 1) * (N - 1)) if k > 1 else np.nan
        s_other = 1.0 / (k * (N - 1))
    else:
        s_src = N / ((k - 1) * corr) if k > 1 else np.nan
        s_other = N / (k * corr)
    scale = np.full(n, s_other)
    scale[sources] = s_src
    return raw * scale
