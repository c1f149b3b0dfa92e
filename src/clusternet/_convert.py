"""Conversions between CollaborationGraph, networkx and igraph."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ._kernels.adjacency import pair_totals, pairs_to_csr
from ._validation import check_ids, check_weights, check_zero_weights, show
from .errors import ClusternetError, ClusternetWarning, WeightError
from .graph import CollaborationGraph

__all__ = ["as_graph", "from_igraph", "from_networkx", "to_igraph", "to_networkx"]


def as_graph(g: Any) -> CollaborationGraph:
    """Return ``g`` as a :class:`CollaborationGraph`.

    The one coercion every metric function applies to its first argument: a
    CollaborationGraph is returned as it is, a networkx graph goes through
    :func:`from_networkx` and an ``igraph.Graph`` through :func:`from_igraph`
    (tie weights from the ``weight`` attribute, actor attributes from node
    or vertex attributes).

    Raises
    ------
    ClusternetError
        Anything else; and what the conversions raise, e.g. for an edge of
        weight 0 (convert such a graph yourself, choosing
        ``zero_weights=`` or ``weight=None`` of :func:`from_networkx`).

    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> cn.as_graph(nx.path_graph(3))
    <CollaborationGraph: 3 actors, 2 ties, undirected>
    """
    if isinstance(g, CollaborationGraph):
        return g
    import networkx as nx

    if isinstance(g, nx.Graph):
        return from_networkx(g)
    try:
        import igraph as ig
    except ImportError:  # pragma: no cover - igraph is a core dependency
        ig = None
    if ig is not None and isinstance(g, ig.Graph):
        return from_igraph(g)
    raise ClusternetError(
        "expected a CollaborationGraph, a networkx graph or an igraph.Graph, got "
        f"{type(g).__name__}; build one with cn.from_affiliations or cn.from_edgelist"
    )


def from_networkx(
    G: Any, *, weight: str | None = "weight", zero_weights: str = "error"
) -> CollaborationGraph:
    """Build a :class:`CollaborationGraph` from a networkx graph.

    Nodes become actors (in ``G.nodes`` order) and node attributes become
    actor columns (missing values NaN). Tie weights come from the edge
    attribute ``weight`` (1 where absent; every edge weighs 1 with
    ``weight=None``); a multigraph's parallel edges are summed; self-loops
    are dropped with a warning. Direction is kept.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
    weight : str or None, default "weight"
        The edge attribute holding tie weights (non-negative numbers);
        ``None`` reads every edge as a tie of weight 1.
    zero_weights : {"error", "drop"}
        An edge of weight 0 is a tie for networkx and igraph (it counts in
        degrees and neighbourhoods), but a CollaborationGraph cannot hold a
        tie of weight 0: such edges raise a :class:`ClusternetError`
        (``"error"``), or are left out, their actors kept (``"drop"``);
        ``weight=None`` keeps them as ties of weight 1.

    Raises
    ------
    ClusternetError
        Not a networkx graph; node ids of mixed types; a missing, negative,
        infinite or non-numeric weight; an edge of weight 0 with
        ``zero_weights="error"``; parallel edges whose weights sum beyond
        the largest float (``inf``).

    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> G = nx.Graph()
    >>> G.add_node("a", domain="art"); G.add_node("b", domain="tech")
    >>> G.add_edge("a", "b", weight=2.0)
    >>> g = cn.from_networkx(G)
    >>> g.actors
           domain
    actor
    a         art
    b        tech
    """
    import networkx as nx

    if not isinstance(G, nx.Graph):
        raise ClusternetError(f"expected a networkx graph, got {type(G).__name__}")
    nodes = list(G.nodes)
    ids = pd.Index(nodes, name="actor", tupleize_cols=False)
    check_ids(pd.Series(ids, dtype=object), "node", "the networkx graph", "G")
    attrs = pd.DataFrame.from_records(
        [d for _, d in G.nodes(data=True)], index=ids
    ) if len(nodes) else pd.DataFrame(index=ids)
    attrs.index.name = "actor"
    check_zero_weights(zero_weights)
    if weight is not None and not isinstance(weight, str):
        raise ClusternetError(
            f"weight must be the name of an edge attribute (str) or None, got {weight!r}")
    edges = list(G.edges(data=weight or False, default=1.0))
    if edges:
        src = ids.get_indexer(pd.Index([e[0] for e in edges], tupleize_cols=False))
        dst = ids.get_indexer(pd.Index([e[1] for e in edges], tupleize_cols=False))
        w = (
            check_weights(pd.Series([e[2] for e in edges]), weight,
                          "the networkx graph's edges", "weight")
            if weight is not None else np.ones(len(edges))
        )
    else:
        src = dst = np.zeros(0, dtype=np.int64)
        w = np.zeros(0)
    return _from_pairs(attrs, src, dst, w, G.is_directed(), "networkx", weight=weight,
                       zero_weights=zero_weights, names=ids, call="cn.from_networkx(G, ")


def from_igraph(
    G: Any, *, weight: str | None = "weight", name: str = "name", zero_weights: str = "error"
) -> CollaborationGraph:
    """Build a :class:`CollaborationGraph` from an ``igraph.Graph``.

    Actor ids come from the vertex attribute ``name`` (vertex indices when
    absent); the other vertex attributes become actor columns; tie weights
    come from the edge attribute ``weight`` (1 where absent or with
    ``weight=None``). Parallel edges are summed, self-loops dropped with a
    warning, direction kept.

    Parameters
    ----------
    G : igraph.Graph
    weight : str or None, default "weight"
        The edge attribute holding tie weights; ``None`` reads every edge
        as a tie of weight 1.
    name : str, default "name"
        The vertex attribute holding actor ids.
    zero_weights : {"error", "drop"}
        Edges of weight 0 (ties for igraph) raise a
        :class:`ClusternetError`, or are left out with ``"drop"``; see
        :func:`from_networkx`.

    Raises
    ------
    ClusternetError
        As :func:`from_networkx`.

    Examples
    --------
    >>> import igraph as ig, clusternet as cn
    >>> G = ig.Graph(edges=[(0, 1), (1, 2)])
    >>> G.vs["name"] = ["a", "b", "c"]
    >>> cn.from_igraph(G).n_ties
    2
    """
    import igraph as ig

    if not isinstance(G, ig.Graph):
        raise ClusternetError(f"expected an igraph.Graph, got {type(G).__name__}")
    n = G.vcount()
    vattrs = G.vs.attributes()
    ids = pd.Index(G.vs[name] if name in vattrs else list(range(n)), name="actor",
                   tupleize_cols=False)
    check_ids(pd.Series(ids, dtype=object), f"vertex attribute {name!r}", "the igraph graph", "G")
    attrs = pd.DataFrame({a: G.vs[a] for a in vattrs if a != name}, index=ids)
    attrs.index.name = "actor"
    check_zero_weights(zero_weights)
    if weight is not None and not isinstance(weight, str):
        raise ClusternetError(
            f"weight must be the name of an edge attribute (str) or None, got {weight!r}")
    el = np.asarray(G.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if weight is not None and weight in G.es.attributes():
        w = check_weights(pd.Series(G.es[weight]), weight, "the igraph graph's edges", "weight")
    else:
        w = np.ones(len(el))
    return _from_pairs(attrs, el[:, 0], el[:, 1], w, G.is_directed(), "igraph", weight=weight,
                       zero_weights=zero_weights, names=ids, call="cn.from_igraph(G, ")


def _from_pairs(attrs: pd.DataFrame, src, dst, w, directed: bool, origin: str, *,
                weight: str | None = None, zero_weights: str = "error",
                names: pd.Index | None = None, call: str = "") -> CollaborationGraph:
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    w = np.asarray(w, dtype=np.float64)
    loops = src == dst
    _check_tie_weights(src[~loops], dst[~loops], w[~loops], len(attrs), directed, origin,
                       weight, zero_weights, names, call)
    if loops.any():
        warnings.warn(
            f"{int(loops.sum())} self-loop(s) dropped from the {origin} graph",
            ClusternetWarning,
            stacklevel=3,
        )
    A = pairs_to_csr(src, dst, w, len(attrs), directed=directed)
    return CollaborationGraph(attrs, A, directed=directed, meta={"source": origin})


def _check_tie_weights(src: np.ndarray, dst: np.ndarray, w: np.ndarray, n: int,
                       directed: bool, origin: str, weight: str | None, zero_weights: str,
                       names: pd.Index | None, call: str) -> None:
    """Refuse ties whose weights (parallel edges summed) are 0 or overflow to inf."""
    if not len(w):
        return
    uniq, total = pair_totals(src, dst, w, n, directed=directed)

    def first_pair(mask: np.ndarray) -> str:
        k = int(uniq[np.flatnonzero(mask)[0]])
        i, j = divmod(k, max(n, 1))
        if names is not None:
            return f"({show(names[i])}, {show(names[j])})"
        return f"({i}, {j})"

    over = np.isinf(total)
    if over.any():
        raise WeightError(
            f"the {origin} graph's edge weights ({weight!r}) of {int(over.sum())} tie(s) sum "
            f"beyond the largest float ({np.finfo(float).max:.3g}) and would be infinite, the "
            f"first {first_pair(over)}; rescale the weights first (divide them by a constant)"
        )
    zero = total == 0
    if zero.any() and zero_weights == "error":
        raise WeightError(
            f"the {origin} graph has {int(zero.sum())} tie(s) of weight 0 (edge attribute "
            f"{weight!r}), the first {first_pair(zero)}; {origin} counts them as ties, but a "
            "CollaborationGraph cannot hold a tie of weight 0. Choose: "
            f"{call}zero_weights='drop') leaves them out, {call}weight=None) keeps every "
            "edge as a tie of weight 1"
        )


def to_networkx(g: Any) -> Any:
    """``g`` as a networkx graph: :meth:`CollaborationGraph.to_networkx`
    of :func:`as_graph` ``(g)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet._convert import to_networkx
    >>> import clusternet as cn
    >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> sorted(to_networkx(g).edges(data="weight"))
    [('a', 'b', 1.0)]
    """
    return as_graph(g).to_networkx()


def to_igraph(g: Any) -> Any:
    """``g`` as an ``igraph.Graph``: :meth:`CollaborationGraph.to_igraph`
    of :func:`as_graph` ``(g)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet._convert import to_igraph
    >>> import clusternet as cn
    >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> to_igraph(g).vs["name"]
    ['a', 'b']
    """
    return as_graph(g).to_igraph()
