"""Everett and Valente's (2016) bridging: the mean edge betweenness of an
actor's ties, exact or source-sampled (igraph)."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._registry import measure
from .._validation import as_rng, check_bool
from ..errors import ClusternetError, ClusternetWarning
from ._betweenness import _lengths
from ._common import labelled_series

__all__ = ["bridging"]


@measure(
    family="brokerage",
    levels={"actor": "Series"},
    attribute=None,
    references=("everett2016", "brandes2001"),
    summary="mean edge betweenness of the actor's ties (Everett & Valente's bridging)",
    checks={"normalized": check_bool},
    method=lambda ctx: (
        "Bridging [everett2016] is the mean edge betweenness of an actor's ties (the share "
        "of shortest paths between pairs of actors that use the tie, by Brandes's algorithm "
        "[brandes2001])"
        + ("; on this directed network the mean over its in-ties and the mean over its "
           "out-ties are averaged" if ctx.get("directed") else "")
        + ", with path length "
        + ("in steps" if ctx.get("distance") in (None, "hops") else
           "as the inverse of the tie weight" if ctx.get("distance") == "inverse" else
           "from the tie lengths")
        + (f"; edge betweenness was estimated from {ctx['betweenness_k']:,} source actors drawn "
           "at random (seeded)" if ctx.get("betweenness_k") else "") + "."),
)
def bridging(
    g: Any,
    *,
    normalized: bool = True,
    distance: str | None = None,
    k: int | None = None,
    rng: Any = None,
) -> pd.Series:
    r"""Bridging (Everett and Valente 2016): the mean edge betweenness of an
    actor's ties.

    An actor whose ties carry many shortest paths bridges parts of the
    network that would otherwise be far apart. Supports undirected and
    directed graphs (directed paths; the mean over the in-ties and the mean
    over the out-ties, averaged, as Everett and Valente do), with or without
    tie lengths.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    normalized : bool, default True
        Edge betweenness as a share of the ordered pairs of actors, as
        networkx normalises it (see Notes); ``False`` gives path counts
        (unordered pairs when undirected), as in Everett and Valente.
    distance : {None, "hops", "inverse", "weight"} or str
        The length of a tie, as in :func:`betweenness`: ``"hops"`` (every
        tie 1), ``"inverse"`` (1 / weight), ``"weight"`` (the weights are
        lengths) or, for a networkx or igraph input, an edge attribute
        holding lengths. ``None`` is ``"hops"`` on an unweighted graph and
        an error on a weighted one.
    k : int, optional
        Estimate the edge betweenness from ``k`` source actors drawn at
        random without replacement; ``None`` or ``k`` equal to the number
        of actors computes it exactly.
    rng : None, int or numpy.random.Generator
        Draws the ``k`` sources (the same draw as :func:`betweenness` with
        the same seed and ``k``).

    Returns
    -------
    pandas.Series
        Named ``bridging``, indexed by actor (graph order). NaN for actors
        without ties (no tie to average over), with a
        :class:`~clusternet.ClusternetWarning`. Not set to 0 for actors
        with zero betweenness (see Notes for Everett and Valente's
        brokerage, which is).

    Raises
    ------
    ClusternetError
        ``distance`` missing on a weighted graph or unknown; ``k`` not
        between 1 and the number of actors; ``rng`` not a seed >= 0 or a
        Generator (checked even without ``k``).
    WeightError
        A tie length that is not positive and finite.

    Notes
    -----
    With :math:`c_B(e) = \sum_{s \ne t} \sigma_{st}(e) / \sigma_{st}` the
    edge betweenness of tie :math:`e` (shortest paths from :math:`s` to
    :math:`t` that use it, ordered pairs, ends included; Brandes [2]_),

    .. math:: \text{bridging}(v) = \frac{1}{d_v} \sum_{e \ni v} c_B(e),

    :math:`d_v` the number of ties of :math:`v`. This is Everett and
    Valente's "edge betweenness divided by degree" [1]_: they replace
    Valente and Fujimoto's (2010) change in cohesion when each tie is
    *removed* by the tie's betweenness, and keep the average over the
    actor's ties. On a connected undirected graph the sum is
    :math:`2\,g_v + (n - 1)` with :math:`g_v` the betweenness of :math:`v`
    in unordered pairs (:math:`n - 1` becomes the number of actors
    :math:`v` reaches on a disconnected one), so the measure is computed
    from edge betweenness without removing anything. Unnormalised, it
    reproduces their Table 1 (Granovetter's network, their Fig. 1) for all
    25 actors (tested).

    On a directed graph the in-ties and the out-ties are averaged
    separately and the two means averaged, as in their Table 2 (the
    campnet data, tested):

    .. math:: \text{bridging}(v) = \frac12\Big(
       \frac{1}{d^-_v}\sum_{(u,v)} c_B(u,v) + \frac{1}{d^+_v}\sum_{(v,w)} c_B(v,w)\Big),

    where the in-sum is :math:`g_v` plus the number of actors that reach
    :math:`v`, and the out-sum :math:`g_v` plus the number it reaches. An
    actor with only in-ties (or only out-ties) gets the mean over the ties
    it has.

    Everett and Valente's *brokerage* ("EV-brokerage" in their tables) is
    this measure set to 0 for every actor with zero betweenness (an actor
    on no shortest path between two others brokers nothing, however many
    paths its ties carry to and from itself): ``bridging(g).where(
    cn.brokerage.betweenness(g) > 0, 0.0)``. Their normalised brokerage of
    Table 1 (a percentage) divides it by :math:`(n^2 - 1)/4 = 156` for
    :math:`n = 25`, the value at the centre of a path on :math:`n` actors
    (odd :math:`n`), the largest any actor with two or more ties can reach;
    that division is not an option here.

    Normalisation as networkx's ``edge_betweenness_centrality``:
    :math:`c_B(e) / (n(n-1))` (ordered pairs) when normalised; otherwise
    :math:`c_B(e)/2` on undirected graphs (unordered pairs). Averaging over
    an actor's ties commutes with both.

    Sampling: the dependencies of ``k`` random sources are summed and scaled
    by :math:`n/k` (networkx's estimator for edges, unbiased); normalised,
    that is a division by :math:`k(n-1)`. Edge betweenness is igraph's
    ``Graph.edge_betweenness`` (with ``sources=`` when sampled).

    References
    ----------
    .. [1] Everett, M. G., & Valente, T. W. (2016). Bridging, brokerage and
       betweenness. Social Networks 44, 202-208.
       https://doi.org/10.1016/j.socnet.2015.09.001
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness
       centrality. Journal of Mathematical Sociology 25(2), 163-177.
       https://doi.org/10.1080/0022250X.2001.9990249

    Examples
    --------
    On the path 0 - 1 - 2 - 3 the end ties carry 3 of the 6 pairs and the
    middle tie 4:

    >>> import networkx as nx, clusternet as cn
    >>> cn.brokerage.bridging(nx.path_graph(4), normalized=False).tolist()
    [3.0, 3.5, 3.5, 3.0]
    >>> cn.brokerage.bridging(nx.path_graph(4)).round(4).tolist()
    [0.5, 0.5833, 0.5833, 0.5]
    """
    original = g
    g = as_graph(g)
    check_bool(normalized, "normalized")
    generator = as_rng(rng)  # checked before any work, even when it draws nothing
    n = g.n_actors
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or not 1 <= k <= n:
            raise ClusternetError(f"k={k!r}: give a whole number of sources between 1 and {n}")
        k = int(k)
    src, dst, length = _lengths(original, g, distance)
    params = {"normalized": bool(normalized), "distance": distance, "k": k,
              "rng": rng if isinstance(rng, (numbers.Integral, type(None))) else type(rng).__name__,
              "directed": g.directed}
    sources = None
    if k is not None and k < n:
        sources = np.sort(generator.choice(n, size=k, replace=False))
    eb = _edge_betweenness(n, src, dst, length, g.directed, sources)
    eb = _rescale_edges(eb, n, normalized=bool(normalized), directed=g.directed,
                        k=None if sources is None else len(sources))
    out_sum, out_deg = np.bincount(src, eb, minlength=n), np.bincount(src, minlength=n)
    in_sum, in_deg = np.bincount(dst, eb, minlength=n), np.bincount(dst, minlength=n)
    degree = out_deg + in_deg
    alone = degree == 0
    if alone.any():
        warnings.warn(f"bridging: {int(alone.sum())} actor(s) have no tie; their bridging is NaN",
                      ClusternetWarning, stacklevel=3)
    values = np.full(n, np.nan)
    if g.directed:
        # Everett & Valente's Table 2: the in-tie mean and the out-tie mean, averaged
        has_in, has_out = in_deg > 0, out_deg > 0
        m_in = np.divide(in_sum, in_deg, out=np.zeros(n), where=has_in)
        m_out = np.divide(out_sum, out_deg, out=np.zeros(n), where=has_out)
        sides = has_in.astype(np.int64) + has_out.astype(np.int64)
        values[~alone] = (m_in + m_out)[~alone] / sides[~alone]
    else:
        values[~alone] = (in_sum + out_sum)[~alone] / degree[~alone]
    return labelled_series(g, None, values, "bridging", params)


def _edge_betweenness(n: int, src: np.ndarray, dst: np.ndarray, length: np.ndarray | None,
                      directed: bool, sources: np.ndarray | None) -> np.ndarray:
    """Per tie (in the order of ``src``/``dst``), the sum over the sources
    (all, or ``sources``) of the dependencies: ordered pairs."""
    if len(src) == 0:
        return np.zeros(0)
    import igraph as ig

    G = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=directed)
    weights = None if length is None else length.tolist()
    extra = {} if sources is None else {"sources": sources.tolist()}
    eb = np.asarray(G.edge_betweenness(directed=directed, weights=weights, **extra),
                    dtype=np.float64)
    # igraph counts each undirected path once (also from a subset of sources)
    return eb if directed else 2.0 * eb


def _rescale_edges(raw: np.ndarray, n: int, *, normalized: bool, directed: bool,
                   k: int | None) -> np.ndarray:
    """networkx's ``_rescale`` for edges (endpoints included) on ordered-pair sums."""
    if n < 2:
        return raw.copy()
    sources = n if k is None else k
    if normalized:
        return raw / (sources * (n - 1))
    return raw * n / (sources * (1.0 if directed else 2.0))
