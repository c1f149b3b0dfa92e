"""Conversions between CollaborationGraph, networkx and igraph."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ._kernels.adjacency import pairs_to_csr
from ._validation import check_ids, check_weights
from .errors import ClusternetError, ClusternetWarning
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
        Anything else.

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


def from_networkx(G: Any, *, weight: str = "weight") -> CollaborationGraph:
    """Build a :class:`CollaborationGraph` from a networkx graph.

    Nodes become actors (in ``G.nodes`` order) and node attributes become
    actor columns (missing values NaN). Tie weights come from the edge
    attribute ``weight`` (1 where absent); a multigraph's parallel edges are
    summed; self-loops are dropped with a warning. Direction is kept.

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
    edges = list(G.edges(data=weight, default=1.0))
    if edges:
        src = ids.get_indexer(pd.Index([e[0] for e in edges], tupleize_cols=False))
        dst = ids.get_indexer(pd.Index([e[1] for e in edges], tupleize_cols=False))
        w = check_weights(
            pd.Series([e[2] for e in edges]), weight, "the networkx graph's edges", "weight"
        )
    else:
        src = dst = np.zeros(0, dtype=np.int64)
        w = np.zeros(0)
    return _from_pairs(attrs, src, dst, w, G.is_directed(), "networkx")


def from_igraph(G: Any, *, weight: str = "weight", name: str = "name") -> CollaborationGraph:
    """Build a :class:`CollaborationGraph` from an ``igraph.Graph``.

    Actor ids come from the vertex attribute ``name`` (vertex indices when
    absent); the other vertex attributes become actor columns; tie weights
    come from the edge attribute ``weight`` (1 where absent). Parallel
    edges are summed, self-loops dropped with a warning, direction kept.

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
    el = np.asarray(G.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if weight in G.es.attributes():
        w = check_weights(pd.Series(G.es[weight]), weight, "the igraph graph's edges", "weight")
    else:
        w = np.ones(len(el))
    return _from_pairs(attrs, el[:, 0], el[:, 1], w, G.is_directed(), "igraph")


def _from_pairs(attrs: pd.DataFrame, src, dst, w, directed: bool, origin: str) -> CollaborationGraph:
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    loops = src == dst
    if loops.any():
        warnings.warn(
            f"{int(loops.sum())} self-loop(s) dropped from the {origin} graph",
            ClusternetWarning,
            stacklevel=3,
        )
    A = pairs_to_csr(src, dst, w, len(attrs), directed=directed)
    return CollaborationGraph(attrs, A, directed=directed, meta={"source": origin})


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
