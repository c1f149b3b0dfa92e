"""Gatekeepers to the outside: each cluster member's ties inside and outside."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels import brokerage as kernels
from .._registry import measure
from ..errors import ClusternetError, UnknownAttributeError
from ..graph import CollaborationGraph
from ._common import labelled_frame, mapped_values

__all__ = ["gatekeepers"]


@measure(
    family="brokerage",
    levels={"actor": "DataFrame"},
    attribute="inside",
    references=("giuliani2005", "boschma2007"),
    summary="insiders' ties to the outside of the cluster, and their share",
    method=(
        "For a true/false attribute (such as inside the cluster or not), each actor marked "
        "true gets its number and share of contacts marked false: the gatekeepers of the "
        "cluster literature [giuliani2005], a notion distinct from the Gould-Fernandez "
        "gatekeeper role."),
)
def gatekeepers(g: Any, inside: Any) -> pd.DataFrame:
    r"""Each cluster member's ties inside and outside the cluster.

    The "technological gatekeeper" of the cluster literature (Giuliani and
    Bell 2005 [1]_; Boschma and ter Wal 2007 [2]_): a member of the
    cluster with many ties to actors outside its territory, through whom
    outside knowledge enters. This is **not** the Gould-Fernandez
    ``gatekeeper`` role of :func:`gould_fernandez`, which is about brokering
    between groups of an attribute along 2-paths.

    Supports undirected and directed graphs (ties in either direction),
    weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    inside : str or mapping
        Which actors are in the cluster: the name of a boolean actor
        attribute, or a mapping (dict or Series) actor -> bool covering every
        actor.

    Returns
    -------
    pandas.DataFrame
        One row per member of the cluster (``inside`` true), in graph
        order, with columns ``internal_ties`` and ``external_ties`` (numbers
        of contacts inside and outside), ``internal_weight`` and
        ``external_weight`` (their summed tie weights), ``external_share``
        and ``external_weight_share`` (external over all; NaN for a member
        without ties).

    Raises
    ------
    UnknownAttributeError
        ``inside`` names no actor attribute (a ``ClusternetError``, a
        ``ColumnError`` and a ``KeyError``).
    ClusternetError
        A value that is missing or not boolean; unknown actors in a mapping.

    Notes
    -----
    For a member :math:`i` with contacts :math:`N(i)` (either direction)
    and the cluster :math:`I`:

    .. math::

       \text{external\_share}_i = \frac{|N(i) \setminus I|}{|N(i)|}, \qquad
       \text{external\_weight\_share}_i =
       \frac{\sum_{j \in N(i) \setminus I} m_{ij}}{\sum_{j \in N(i)} m_{ij}}

    with :math:`m_{ij} = a_{ij} + a_{ji}` for directed graphs (the tie
    weight when undirected). Giuliani and Bell classify gatekeepers by
    both their internal centrality and their external openness; combine
    ``internal_ties`` (or any centrality) with ``external_share`` to do
    so.

    References
    ----------
    .. [1] Giuliani, E., & Bell, M. (2005). The micro-determinants of
       meso-level learning and innovation: evidence from a Chilean wine
       cluster. Research Policy 34(1), 47-68.
       https://doi.org/10.1016/j.respol.2004.10.008
    .. [2] Boschma, R. A., & ter Wal, A. L. J. (2007). Knowledge networks and
       innovative performance in an industrial district: the case of a
       footwear district in the south of Italy. Industry and Innovation
       14(2), 177-199. https://doi.org/10.1080/13662710701253441

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["a", "a", "b", "b"],
    ...                      "target": ["b", "x", "c", "y"],
    ...                      "weight": [1.0, 3.0, 1.0, 1.0]})
    >>> actors = pd.DataFrame({"actor": ["a", "b", "c", "x", "y"],
    ...                        "local": [True, True, True, False, False]})
    >>> g = cn.from_edgelist(ties, weight="weight", actors=actors)
    >>> gk = cn.brokerage.gatekeepers(g, "local")
    >>> gk[["internal_ties", "external_ties", "external_share", "external_weight_share"]].round(3)
           internal_ties  external_ties  external_share  external_weight_share
    actor
    a                  1              1           0.500                  0.750
    b                  2              1           0.333                  0.333
    c                  1              0           0.000                  0.000
    """
    g = as_graph(g)
    flags, how = _inside_flags(g, inside)
    M = kernels.mutual(g.adjacency, directed=g.directed, weighted=True)
    ties = kernels.outside_ties(M, flags)
    pos = np.flatnonzero(flags)
    columns = {
        "internal_ties": (ties["contacts"] - ties["outside"])[pos],
        "external_ties": ties["outside"][pos],
        "internal_weight": (ties["weight"] - ties["outside_weight"])[pos],
        "external_weight": ties["outside_weight"][pos],
        "external_share": ties["share"][pos],
        "external_weight_share": ties["weight_share"][pos],
    }
    return labelled_frame(g, pos, columns, "gatekeepers",
                          {"inside": how, "directed": g.directed})


def _inside_flags(g: CollaborationGraph, inside: Any) -> tuple[np.ndarray, str]:
    if isinstance(inside, str):
        if inside not in g.attributes:
            have = ", ".join(map(repr, g.attributes)) or "none"
            raise UnknownAttributeError(
                f"no actor attribute {inside!r} (parameter inside); the graph has: {have}"
            )
        values, how = g.attribute(inside), inside
    elif isinstance(inside, (Mapping, pd.Series)):
        values, how = mapped_values(g, inside, "inside"), "mapping"
    else:
        raise ClusternetError(
            "inside must be the name of a boolean actor attribute or a mapping actor -> bool, "
            f"got {type(inside).__name__}"
        )
    na = values.isna().to_numpy()
    if na.any():
        raise ClusternetError(
            f"{int(na.sum())} actor(s) have no value for inside={how!r}, e.g. "
            f"{list(g.actor_ids[na][:5])!r}; every actor must be inside (True) or not (False)"
        )
    ok = values.map(lambda v: isinstance(v, (bool, np.bool_)) or v in (0, 1))
    if not ok.all():
        bad = values[~ok.to_numpy()]
        raise ClusternetError(
            f"inside={how!r} must be boolean; actor {bad.index[0]!r} has {bad.iloc[0]!r}"
        )
    return values.astype(bool).to_numpy(), how
