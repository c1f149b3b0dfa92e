"""Davis, Gardner & Gardner's Southern Women, as an affiliation table."""

from __future__ import annotations

import pandas as pd

from .._results import label

__all__ = ["davis_southern_women"]


def davis_southern_women() -> pd.DataFrame:
    """The Southern Women data: 18 women and the 14 social events they attended.

    Davis, Gardner and Gardner (1941) recorded which of 14 informal social
    events (a bridge party, a church supper, ...) each of 18 women in a town
    in the US Deep South attended in 1935. It is the classic two-mode
    network, used to test bipartite projections and group detection. The
    table is built offline from the copy that ships with networkx
    (:func:`networkx.davis_southern_women_graph`). That copy has no dates or
    other attributes, so this table has none either. Events are named
    ``E1`` to ``E14`` in the original order (which is roughly the order in
    time).

    Returns
    -------
    DataFrame
        89 rows, one per woman per event attended, with columns ``actor``
        (the woman's name) and ``event`` (``"E1"`` ... ``"E14"``), in
        networkx's order: the women as listed in the source, each with her
        events in order. ``attrs["clusternet"]`` says how it was made.

    See Also
    --------
    creative_cluster : a synthetic creative cluster with domains and years.
    clusternet.from_affiliations : build the actor network from this table.

    References
    ----------
    .. [1] Davis, A., Gardner, B. B. and Gardner, M. R. (1941). *Deep South:
       A Social Anthropological Study of Caste and Class*. University of
       Chicago Press, Chicago, IL.
    .. [2] Breiger, R. L. (1974). The duality of persons and groups. Social
       Forces 53(2), 181-190. https://doi.org/10.2307/2576011

    Examples
    --------
    >>> import clusternet as cn
    >>> table = cn.datasets.davis_southern_women()
    >>> table.head(3)
                  actor event
    0  Evelyn Jefferson    E1
    1  Evelyn Jefferson    E2
    2  Evelyn Jefferson    E3
    >>> g = cn.from_affiliations(table)
    >>> g.n_actors, g.n_events, g.n_ties
    (18, 14, 139)
    """
    import networkx as nx

    G = nx.davis_southern_women_graph()
    women = [n for n, side in G.nodes(data="bipartite") if side == 0]
    events = [n for n, side in G.nodes(data="bipartite") if side == 1]
    order = {e: i for i, e in enumerate(events)}
    rows = [(w, e) for w in women for e in sorted(G[w], key=order.__getitem__)]
    table = pd.DataFrame(rows, columns=["actor", "event"])
    return label(table, "davis_southern_women", {"source": "networkx.davis_southern_women_graph"})
