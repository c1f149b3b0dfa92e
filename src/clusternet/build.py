"""Builders: tables of affiliations or ties -> :class:`CollaborationGraph`."""

from __future__ import annotations

import numbers
import os
import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._kernels.adjacency import pairs_to_csr
from ._validation import (
    check_choice,
    check_ids,
    check_nonempty,
    check_same_kind,
    check_weights,
    require_columns,
    show,
)
from .errors import ClusternetError, ClusternetWarning, DuplicateError
from .graph import CollaborationGraph, actor_table, keyed_table
from .io import read_table
from .projection import PROJECTIONS, project

__all__ = ["from_affiliations", "from_edgelist", "actor_table"]


def from_affiliations(
    table: pd.DataFrame | str | os.PathLike,
    *,
    actor: str = "actor",
    event: str = "event",
    time: str | None = None,
    weight: str | None = None,
    projection: str = "count",
    actors: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    min_weight: float = 0.0,
    max_ties: int | None = 50_000_000,
    max_event_size: int | None = None,
    duplicates: str = "error",
) -> CollaborationGraph:
    r"""Build the actor network from an affiliation table (one row per actor
    per event: project, production, exhibition, paper).

    Two actors are tied when they share an event; the tie weight depends on
    ``projection`` (:math:`B` = incidence, :math:`n_e` = distinct actors of
    event :math:`e`, :math:`E_i` = events of actor :math:`i`):

    - ``"count"``: :math:`w_{ij} = \sum_e B_{ie} B_{je}`, shared events (or
      the sum of products of participation weights);
    - ``"newman"``: :math:`w_{ij} = \sum_e B_{ie} B_{je} / (n_e - 1)` --
      each event gives each member one unit of tie strength, split over the
      other members; single-actor events add nothing (Newman 2001);
    - ``"jaccard"``: :math:`|E_i \cap E_j| / |E_i \cup E_j|`;
    - ``"overlap"``: :math:`|E_i \cap E_j| / \min(|E_i|, |E_j|)`.

    Parameters
    ----------
    table : DataFrame or path
        One row per participation. A path is read with :func:`read_table`.
    actor, event : str
        Columns holding actor and event ids (no nulls, one type).
    time : str, optional
        Column with the time of each event (a year, a date); every row of an
        event must carry the same time. Enables :meth:`CollaborationGraph.window`.
    weight : str, optional
        Participation weight (non-negative); 1 when not given. Not allowed
        with ``jaccard`` and ``overlap``, which are set measures.
    projection : {"count", "newman", "jaccard", "overlap"}
    actors : DataFrame, optional
        Actor attributes, indexed by actor id or with an ``actor`` column.
        Actors listed here with no participation are kept as isolates;
        actors with participations but no row get missing attributes.
    events : DataFrame, optional
        Event attributes, indexed by event id or with an ``event`` column;
        joined to :attr:`CollaborationGraph.events`.
    min_weight : float, default 0
        Ties with weight below this are dropped while projecting.
    max_ties : int or None, default 50,000,000
        Refuse before allocating when the projection can produce more ties
        than this (with ``min_weight > 0``: when more than this are kept).
        ``None`` removes the limit.
    max_event_size : int, optional
        Leave out events with more actors than this (a warning counts them);
        their actors stay in the graph.
    duplicates : {"error", "drop", "sum"}
        A repeated (actor, event) row is an error, or dropped (first row
        kept), or summed (weights added; each row counts 1 when unweighted).

    Returns
    -------
    CollaborationGraph
        Undirected; actors in order of first appearance in ``table``, then
        attribute-only actors; the incidence and the event table attached.

    Raises
    ------
    ClusternetError
        Missing column, empty table, null or mixed-type ids, bad weights,
        unknown projection, duplicated rows, too many ties -- each names
        the column, the first offending row and the parameter.

    References
    ----------
    .. [1] Newman, M. E. J. (2001). Scientific collaboration networks. II.
       Shortest paths, weighted networks, and centrality. Physical Review E
       64, 016132. https://doi.org/10.1103/PhysRevE.64.016132
    .. [2] Opsahl, T. (2013). Triadic closure in two-mode networks.
       Social Networks 35(2), 159-167. https://doi.org/10.1016/j.socnet.2011.07.001

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["A", "B", "C", "A", "B"],
    ...                   "event": [1, 1, 1, 2, 2]})
    >>> g = cn.from_affiliations(t, projection="newman")
    >>> g.ties
      source target  weight
    0      A      B     1.5
    1      A      C     0.5
    2      B      C     0.5
    """
    if isinstance(table, (str, os.PathLike)):
        table = read_table(table)
    what = "the affiliation table"
    require_columns(table, {"actor": actor, "event": event, "time": time, "weight": weight}, what)
    check_nonempty(table, what)
    check_choice(projection, PROJECTIONS, "projection")
    check_choice(duplicates, ("error", "drop", "sum"), "duplicates")
    min_weight = _check_number(min_weight, "min_weight")
    max_ties = _check_limit(max_ties, "max_ties")
    max_event_size = _check_limit(max_event_size, "max_event_size")
    if weight is not None and projection in ("jaccard", "overlap"):
        raise ClusternetError(
            f"projection={projection!r} compares sets of events and takes no weight; "
            f"drop weight={weight!r} or use projection='count' or 'newman'"
        )
    check_ids(table[actor], actor, what, "actor")
    check_ids(table[event], event, what, "event")
    w = (
        check_weights(table[weight], weight, what)
        if weight is not None
        else np.ones(len(table))
    )
    if time is not None:
        _check_times(table[time], time, what)
    attrs = actor_table(actors, "the actors table") if actors is not None else None
    if attrs is not None:
        check_same_kind(table[actor], attrs.index, what, "the actors table")
    ev_attrs = keyed_table(events, "event", "the events table") if events is not None else None
    if ev_attrs is not None:
        check_same_kind(table[event], ev_attrs.index, what, "the events table")

    a_codes, a_ids = pd.factorize(table[actor], sort=False)
    e_codes, e_ids = pd.factorize(table[event], sort=False)
    n_ev = len(e_ids)
    # Actor order: first appearance, then actors known only from the attribute table.
    actor_ids = pd.Index(a_ids, name="actor", tupleize_cols=False)
    if attrs is not None:
        extra = attrs.index.difference(actor_ids, sort=False)
        if len(extra):
            actor_ids = actor_ids.append(pd.Index(extra, tupleize_cols=False))
            actor_ids.name = "actor"
    n_act = len(actor_ids)
    # The incidence sums repeated (actor, event) rows; fewer entries than rows
    # is how a repeat is detected without hashing every row.
    B = sp.coo_array((w, (a_codes, e_codes)), shape=(n_act, n_ev)).tocsr()
    dup = None
    if B.nnz < len(a_codes):
        key = a_codes.astype(np.int64) * n_ev + e_codes
        dup = pd.Index(key).duplicated(keep="first")
        del key
        if duplicates == "error":
            pos = int(np.flatnonzero(dup)[0])
            raise DuplicateError(
                f"{what} repeats (actor, event) = ({show(a_ids[a_codes[pos]])}, "
                f"{show(e_ids[e_codes[pos]])}) in row {show(table.index[pos])} "
                f"({int(dup.sum())} repeated row(s) in all); pass duplicates='drop' to keep "
                "the first row or duplicates='sum' to add their weights"
            )
        if duplicates == "drop":
            keep = ~dup
            a_codes, e_codes, w = a_codes[keep], e_codes[keep], w[keep]
            B = sp.coo_array((w, (a_codes, e_codes)), shape=(n_act, n_ev)).tocsr()
    # Event times: one per event, taken from its first row.
    ev_time = None
    if time is not None:
        tv = table[time]
        first = np.zeros(n_ev, dtype=np.int64)
        first[e_codes[::-1]] = np.arange(len(e_codes))[::-1]
        if duplicates == "drop" and dup is not None:
            tv = tv[~dup]
        ev_time = tv.iloc[first].reset_index(drop=True)
        same = (tv.reset_index(drop=True) == ev_time.iloc[e_codes].reset_index(drop=True))
        if not same.all():
            pos = int(np.flatnonzero(~same.to_numpy())[0])
            raise ClusternetError(
                f"{what} gives event {show(e_ids[e_codes[pos]])} two times in column {time!r} "
                f"({show(ev_time.iloc[e_codes[pos]])} and {show(tv.iloc[pos])}, row "
                f"{show(tv.index[pos])}); an event has one time: aggregate first (e.g. the start year)"
            )
    B.sum_duplicates()
    B.sort_indices()
    del a_codes, e_codes, w, dup  # row-length arrays: not held while projecting
    sizes = np.bincount(B.indices, minlength=n_ev)

    ev_index = pd.Index(e_ids, name="event", tupleize_cols=False)
    if max_event_size is not None and (sizes > max_event_size).any():
        big = sizes > max_event_size
        warnings.warn(
            f"max_event_size={max_event_size} left out {int(big.sum())} event(s) "
            f"({int(sizes[big].sum())} participations); the largest had {int(sizes.max())} actors",
            ClusternetWarning,
            stacklevel=2,
        )
        keep_ev = np.flatnonzero(~big)
        B = sp.csr_array(B[:, keep_ev])
        sizes = sizes[keep_ev]
        ev_index = ev_index[keep_ev]
        ev_time = None if ev_time is None else ev_time.iloc[keep_ev]

    A = project(
        B, sizes, projection=projection, min_weight=min_weight, max_ties=max_ties,
        event_ids=ev_index,
    )
    ev_table = pd.DataFrame({"size": sizes.astype(np.int64)}, index=ev_index)
    if ev_time is not None:
        ev_table["time"] = ev_time.to_numpy()
    if ev_attrs is not None:
        ev_attrs = ev_attrs.drop(columns=[c for c in ("size", "time") if c in ev_attrs.columns])
        ev_table = ev_table.join(ev_attrs, how="left")
    actors_df = (
        attrs.reindex(actor_ids) if attrs is not None else pd.DataFrame(index=actor_ids)
    )
    meta = {
        "source": "affiliations",
        "projection": projection,
        "min_weight": min_weight,
        "max_ties": max_ties,
        "weight": weight,
    }
    return CollaborationGraph(actors_df, A, incidence=B, events=ev_table, meta=meta)


def from_edgelist(
    table: pd.DataFrame | str | os.PathLike,
    *,
    source: str = "source",
    target: str = "target",
    weight: str | None = None,
    directed: bool = False,
    actors: pd.DataFrame | None = None,
    time: str | None = None,
) -> CollaborationGraph:
    """Build the actor network from an edge list (one row per tie).

    Parameters
    ----------
    table : DataFrame or path
        One row per tie (or per tie and time). A path is read with
        :func:`read_table`.
    source, target : str
        Columns of actor ids (no nulls, one type).
    weight : str, optional
        Tie weight column (non-negative); 1 when not given. Repeated rows
        of a pair (in either order when undirected) are summed.
    directed : bool, default False
    actors : DataFrame, optional
        Actor attributes, indexed by actor id or with an ``actor`` column;
        actors with no tie are kept as isolates.
    time : str, optional
        Time of each tie; enables :meth:`CollaborationGraph.window`, which
        keeps the ties of a period.

    Returns
    -------
    CollaborationGraph
        Actors in order of first appearance (row by row, source before
        target), then attribute-only actors.

    Warns
    -----
    ClusternetWarning
        Self-loops are dropped, and counted in the warning.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"source": ["a", "b", "b"], "target": ["b", "a", "c"],
    ...                   "w": [1.0, 2.0, 5.0]})
    >>> g = cn.from_edgelist(t, weight="w")
    >>> g.ties
      source target  weight
    0      a      b     3.0
    1      b      c     5.0
    """
    if isinstance(table, (str, os.PathLike)):
        table = read_table(table)
    what = "the edge list"
    require_columns(
        table, {"source": source, "target": target, "weight": weight, "time": time}, what
    )
    check_nonempty(table, what)
    check_ids(table[source], source, what, "source")
    check_ids(table[target], target, what, "target")
    check_same_kind(table[source], table[target], f"column {source!r}", f"column {target!r}")
    w = (
        check_weights(table[weight], weight, what)
        if weight is not None
        else np.ones(len(table))
    )
    if time is not None:
        _check_times(table[time], time, what)
    attrs = actor_table(actors, "the actors table") if actors is not None else None
    if attrs is not None:
        check_same_kind(table[source], attrs.index, what, "the actors table")

    n_rows = len(table)
    both = np.empty(2 * n_rows, dtype=object)
    both[0::2] = table[source].to_numpy(dtype=object)
    both[1::2] = table[target].to_numpy(dtype=object)
    codes, uniq = pd.factorize(pd.Series(both), sort=False)
    src, dst = codes[0::2].astype(np.int64), codes[1::2].astype(np.int64)
    actor_ids = pd.Index(uniq, name="actor", tupleize_cols=False)
    if len(actor_ids) and table[source].dtype != object:
        actor_ids = actor_ids.astype(table[source].dtype)
        actor_ids.name = "actor"
    if attrs is not None:
        extra = attrs.index.difference(actor_ids, sort=False)
        if len(extra):
            actor_ids = actor_ids.append(pd.Index(extra, tupleize_cols=False))
            actor_ids.name = "actor"
    loops = src == dst
    if loops.any():
        warnings.warn(
            f"{int(loops.sum())} self-loop(s) dropped from {what} (e.g. row "
            f"{show(table.index[int(np.flatnonzero(loops)[0])])})",
            ClusternetWarning,
            stacklevel=2,
        )
    n = len(actor_ids)
    A = pairs_to_csr(src, dst, w, n, directed=directed)
    records = None
    if time is not None:
        keep = ~loops
        s, t = src[keep], dst[keep]
        if not directed:
            s, t = np.minimum(s, t), np.maximum(s, t)
        records = (
            pd.DataFrame(
                {"source": s, "target": t, "weight": w[keep],
                 "time": table[time].to_numpy()[keep]}
            )
            .groupby(["source", "target", "time"], sort=True, as_index=False)["weight"]
            .sum()
        )
        records = records[["source", "target", "weight", "time"]]
    actors_df = attrs.reindex(actor_ids) if attrs is not None else pd.DataFrame(index=actor_ids)
    meta = {"source": "edgelist", "weight": weight}
    return CollaborationGraph(actors_df, A, directed=directed, records=records, meta=meta)


def _check_times(values: pd.Series, column: str, what: str) -> None:
    null = values.isna().to_numpy()
    if null.any():
        raise ClusternetError(
            f"{what} column {column!r} (parameter time) has {int(null.sum())} missing time(s); "
            f"the first is in row {show(values.index[int(np.flatnonzero(null)[0])])}"
        )


def _check_number(value: Any, param: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ClusternetError(f"{param} must be a finite number >= 0, got {value!r}")
    return float(value)


def _check_limit(value: Any, param: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ClusternetError(f"{param} must be a positive integer or None, got {value!r}")
    return int(value)
