"""Builders: tables of affiliations or ties -> :class:`CollaborationGraph`."""

from __future__ import annotations

import datetime as _dt
import numbers
import os
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._kernels.adjacency import pair_totals, pairs_to_csr
from ._validation import (
    check_bool,
    check_choice,
    check_ids,
    check_nonempty,
    check_same_kind,
    check_weights,
    check_zero_weights,
    require_columns,
    show,
)
from .errors import ClusternetError, ClusternetWarning, WeightError
from .graph import CollaborationGraph, actor_table, keyed_table
from .io import read_table
from .projection import PROJECTIONS, incidence_of, project, without_large_events

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
    missing_time: str = "error",
    participation_attributes: Iterable[str] | None = None,
    as_frame: bool = False,
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
        Participation weight (positive); 1 when not given. Not allowed
        with ``jaccard`` and ``overlap``, which are set measures. A
        participation of weight 0 is refused: its ties would have weight 0,
        which a CollaborationGraph does not hold (see
        :func:`from_edgelist`, Notes); leave such rows out first, or pass
        ``weight=None``.
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
    missing_time : {"error", "drop", "keep"}, default "error"
        Rows without a time (with ``time=``): raise; leave them out, with a
        :class:`ClusternetWarning` giving their number; or keep them in the
        whole network and out of every time window (a warning counts them).
        The number is in ``g.meta["n_missing_time"]`` either way.
    participation_attributes : list of str, optional
        Columns of ``table`` whose value belongs to each participation, not
        to the actor (sector, institution or city at the time of the event).
        They are kept per row (see
        :meth:`CollaborationGraph.participation_attribute`); event-level
        measures (``convergence.hybrid_events``, ``hybrid_share``,
        ``diversity.events``) count each participation's own value, and
        :meth:`CollaborationGraph.attribute` gives each actor its value in
        the graph or window at hand: the most frequent over its rows, a tie
        going to the value of its latest participation (by event time, then
        by row of the table). A repeated (actor, event) row keeps the value
        of its first row. A name may not also be a column of ``actors``.
    as_frame : bool, default False
        With a Dask DataFrame or a Parquet dataset as ``table``
        (``clusternet[dask]``): return the ties as a Dask DataFrame
        (``source``, ``target``, ``weight``; each pair once), summed on the
        workers, for a graph too large for memory (see
        :func:`clusternet.distributed.from_affiliations`). Refused for a
        table in memory (its graph's ``ties`` is that table).

    Returns
    -------
    CollaborationGraph
        Undirected; actors in order of first appearance in ``table``, then
        attribute-only actors; the incidence and the event table attached.
        With ``as_frame=True``, a ``dask.dataframe.DataFrame`` of ties.

    Raises
    ------
    ClusternetError
        Missing column, two columns of one name, ``actor == event``, empty
        table, null or mixed-type ids, bad weights (participation weights
        of 0 or whose products underflow to 0, ties that sum to ``inf``), unknown
        projection, duplicated rows, too many ties, missing times (with
        ``missing_time="error"``) or times of mixed types (``2010`` beside
        ``"2011"``, two time zones) -- each names the column, the first
        offending row and the parameter.

    Notes
    -----
    Categorical id columns are read by value: the ids are the categories'
    values, so ``actors=`` tables with plain string ids match them.

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
    if not isinstance(table, pd.DataFrame):
        from .distributed import _build as _dask  # a Dask DataFrame or a Parquet dataset

        if _dask.is_dask_table(table):
            return _dask.from_affiliations(
                table, actor=actor, event=event, time=time, weight=weight,
                projection=projection, actors=actors, events=events, min_weight=min_weight,
                max_ties=max_ties, max_event_size=max_event_size, duplicates=duplicates,
                missing_time=missing_time, participation_attributes=participation_attributes,
                as_frame=as_frame)
    if as_frame is not False:
        check_bool(as_frame, "as_frame")
        raise ClusternetError(
            "as_frame=True returns the ties of a Dask DataFrame or a Parquet dataset as a Dask "
            "DataFrame; for this table build the graph (as_frame=False) and read g.ties")
    if isinstance(table, (str, os.PathLike)):
        table = read_table(table, ids=(actor, event))  # ids as text: 007 stays 007
    what = "the affiliation table"
    _check_unique_columns(table, what)
    require_columns(table, {"actor": actor, "event": event, "time": time, "weight": weight}, what)
    if actor == event:
        raise ClusternetError(
            f"actor={actor!r} and event={event!r} name the same column; the actors and the "
            "events must be two columns"
        )
    part_cols = _participation_columns(table, participation_attributes, (actor, event, time, weight),
                                       actors, what)
    check_choice(missing_time, MISSING_TIME, "missing_time")
    check_nonempty(table, what)
    table, n_missing = _missing_times(table, time, what, missing_time)
    check_nonempty(table, what)
    table = _plain_ids(table, (actor, event))
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
        table = _check_times(table, time, what)
    if weight is not None and projection in ("count", "newman"):
        _check_products(w, weight, what)
    attrs = actor_table(actors, "the actors table") if actors is not None else None
    if attrs is not None:
        check_same_kind(table[actor], attrs.index, what, "the actors table")
    ev_attrs = keyed_table(events, "event", "the events table") if events is not None else None
    if ev_attrs is not None:
        check_same_kind(table[event], ev_attrs.index, what, "the events table")

    parts = None
    if part_cols:
        parts = table[part_cols].copy()
        parts.index = pd.MultiIndex.from_arrays(
            [table[actor].to_numpy(), table[event].to_numpy()], names=["actor", "event"]
        )
        parts = parts[~parts.index.duplicated(keep="first")]
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
    B, a_codes, e_codes, w, dup = incidence_of(
        a_codes, e_codes, w, n_act, n_ev, duplicates,
        lambda pos, n_dup: (
            f"{what} repeats (actor, event) = ({show(a_ids[a_codes[pos]])}, "
            f"{show(e_ids[e_codes[pos]])}) in row {show(table.index[pos])} "
            f"({n_dup} repeated row(s) in all)"))
    # Event times: one per event, taken from its first row.
    ev_time = None
    if time is not None:
        tv = table[time]
        first = np.zeros(n_ev, dtype=np.int64)
        first[e_codes[::-1]] = np.arange(len(e_codes))[::-1]
        if duplicates == "drop" and dup is not None:
            tv = tv[~dup]
        ev_time = tv.iloc[first].reset_index(drop=True)
        mine = ev_time.iloc[e_codes].reset_index(drop=True)
        tvr = tv.reset_index(drop=True)
        same = (tvr == mine) | (tvr.isna() & mine.isna())
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
    B, sizes, ev_index, ev_time = without_large_events(B, sizes, ev_index, ev_time,
                                                       max_event_size, stacklevel=3)

    A = project(
        B, sizes, projection=projection, min_weight=min_weight, max_ties=max_ties,
        event_ids=ev_index,
    )
    if A.nnz and not np.isfinite(A.data).all():
        raise WeightError(
            f"{what} column {weight!r} (parameter weight): the tie weights of "
            f"{int((~np.isfinite(A.data)).sum()) // 2} pair(s) sum beyond the largest float "
            f"({np.finfo(float).max:.3g}) and would be infinite; rescale the weights first "
            "(divide them by a constant)"
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
    if time is not None:
        meta.update(missing_time=missing_time, n_missing_time=n_missing)
    return CollaborationGraph(actors_df, A, incidence=B, events=ev_table, meta=meta,
                              participations=parts)


def _participation_columns(table: pd.DataFrame, names: Any, taken: tuple, actors: Any,
                           what: str) -> list:
    """Check ``participation_attributes=``: columns of the table, not the
    id, time or weight columns, not columns of the actors table."""
    if names is None:
        return []
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise ClusternetError(
            f"participation_attributes must be a list of column names, got {names!r}; "
            f"e.g. participation_attributes=[{names!r}]"
        )
    names = list(names)
    for name in names:
        if not isinstance(name, str):
            raise ClusternetError(
                f"participation_attributes holds {name!r} ({type(name).__name__}); give "
                "column names (str)"
            )
        if name not in table.columns:
            have = ", ".join(map(repr, table.columns))
            raise ClusternetError(
                f"{what} has no column {name!r} (parameter participation_attributes); "
                f"it has: {have}"
            )
        if name in taken:
            raise ClusternetError(
                f"participation_attributes names {name!r}, which is the actor, event, time "
                "or weight column; name another column"
            )
        if isinstance(actors, pd.DataFrame) and name in actors.columns and name != "actor":
            raise ClusternetError(
                f"{name!r} is both a column of the actors table and in "
                "participation_attributes; an attribute belongs to the actor or to each "
                "participation: drop it from one of them"
            )
    if len(set(names)) < len(names):
        raise ClusternetError(f"participation_attributes repeats a name: {names!r}")
    return names


def from_edgelist(
    table: pd.DataFrame | str | os.PathLike,
    *,
    source: str = "source",
    target: str = "target",
    weight: str | None = None,
    directed: bool = False,
    actors: pd.DataFrame | None = None,
    time: str | None = None,
    missing_time: str = "error",
    zero_weights: str = "error",
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
    missing_time : {"error", "drop", "keep"}, default "error"
        Rows without a time: raise, leave out (counted in a warning), or
        keep in the whole network and out of every window (counted in a
        warning); the number is in ``g.meta["n_missing_time"]``.
    zero_weights : {"error", "drop"}, default "error"
        A pair whose weights sum to 0 is a tie for networkx and igraph, but
        a CollaborationGraph cannot hold a tie of weight 0 (see Notes):
        raise, or leave such pairs out (their actors kept); ``weight=None``
        reads every row as a tie of weight 1. With ``time=``, the same holds
        for a pair's weights at one time, whose tie a window holding only
        that time would otherwise lose: raise, or leave that time's record
        out. ``"keep"`` is refused (see Notes).

    Returns
    -------
    CollaborationGraph
        Actors in order of first appearance (row by row, source before
        target), then attribute-only actors.

    Raises
    ------
    ClusternetError
        Missing or repeated columns, ``source == target``, a ``directed``
        that is not a bool, null or mixed-type ids, bad weights, ties of
        weight 0 (``zero_weights="error"``; with ``time=`` also at one
        time) or whose weights sum to ``inf``, ``zero_weights="keep"``,
        missing or mixed-type times.

    Warns
    -----
    ClusternetWarning
        Self-loops are dropped, and counted in the warning.

    Notes
    -----
    Ties are the stored entries of the adjacency, and their weights are
    positive: :attr:`~CollaborationGraph.n_ties` counts the stored entries,
    :meth:`~CollaborationGraph.degree` the stored entries of a row, and the
    kernels read ties as non-zero weights (scipy's sparse products drop
    stored zeros). A tie of weight 0 -- an observed pair with no weight --
    would count as a tie in some measures and vanish in others, so it is
    either refused (``zero_weights="error"``) or left out at the user's
    word (``"drop"``), never kept or dropped in silence. Keep such a pair
    as a tie by giving it a weight (``weight=None``: every row a tie of
    weight 1, or a weight of your choosing in the table).

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
        table = read_table(table, ids=(source, target))  # ids as text: 007 stays 007
    what = "the edge list"
    _check_unique_columns(table, what)
    require_columns(
        table, {"source": source, "target": target, "weight": weight, "time": time}, what
    )
    if source == target:
        raise ClusternetError(
            f"source={source!r} and target={target!r} name the same column; the two ends of "
            "a tie must be two columns"
        )
    directed = check_bool(directed, "directed")
    check_choice(missing_time, MISSING_TIME, "missing_time")
    check_zero_weights(zero_weights)
    check_nonempty(table, what)
    table, n_missing = _missing_times(table, time, what, missing_time)
    check_nonempty(table, what)
    table = _plain_ids(table, (source, target))
    check_ids(table[source], source, what, "source")
    check_ids(table[target], target, what, "target")
    check_same_kind(table[source], table[target], f"column {source!r}", f"column {target!r}")
    w = (
        check_weights(table[weight], weight, what)
        if weight is not None
        else np.ones(len(table))
    )
    if time is not None:
        table = _check_times(table, time, what)
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
    w = _check_pair_sums(src, dst, w, loops, n, directed, weight, zero_weights, actor_ids, what)
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
            .groupby(["source", "target", "time"], sort=True, as_index=False,
                     dropna=False)["weight"]
            .sum()
        )
        records = _zero_records(records, zero_weights, weight, actor_ids, what)
        records = records.loc[:, ["source", "target", "weight", "time"]].reset_index(drop=True)
    A = pairs_to_csr(src, dst, w, n, directed=directed)
    actors_df = attrs.reindex(actor_ids) if attrs is not None else pd.DataFrame(index=actor_ids)
    meta = {"source": "edgelist", "weight": weight}
    if time is not None:
        meta.update(missing_time=missing_time, n_missing_time=n_missing)
    return CollaborationGraph(actors_df, A, directed=directed, records=records, meta=meta)


#: The values of ``missing_time=`` in the builders.
MISSING_TIME = ("error", "drop", "keep")


def _check_unique_columns(table: Any, what: str) -> None:
    if isinstance(table, pd.DataFrame):
        dup = table.columns[table.columns.duplicated()]
        if len(dup):
            raise ClusternetError(
                f"{what} has two columns named {show(dup[0])}; rename one (column names must "
                "be unique)"
            )


def _plain_ids(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Categorical id columns as their values (ids are matched by value)."""
    cat = [c for c in columns if isinstance(table[c].dtype, pd.CategoricalDtype)]
    if not cat:
        return table
    table = table.copy(deep=False)
    for c in cat:
        col = table[c]
        table[c] = pd.Series(np.asarray(col.astype(col.cat.categories.dtype)), index=col.index)
    return table


def _missing_times(table: pd.DataFrame, column: str | None, what: str,
                   missing_time: str) -> tuple[pd.DataFrame, int]:
    """Rows without a time: raise, drop or keep them (``missing_time=``)."""
    if column is None:
        return table, 0
    values = table[column]
    null = values.isna().to_numpy()
    n = int(null.sum())
    if not n:
        return table, 0
    first = show(values.index[int(np.flatnonzero(null)[0])])
    if missing_time == "error":
        raise ClusternetError(
            f"{what} column {column!r} (parameter time) has {n} missing time(s); the first "
            f"is in row {first}. Pass missing_time='drop' to leave those rows out or "
            "missing_time='keep' to keep them in the whole network and out of every window"
        )
    if missing_time == "drop":
        warnings.warn(
            f"missing_time='drop' left out {n} row(s) of {what} without a time in column "
            f"{column!r} (the first is row {first})",
            ClusternetWarning,
            stacklevel=3,
        )
        table = table.loc[~null]
        kept = table[column]
        if pd.api.types.is_float_dtype(kept.dtype) and bool((kept % 1 == 0).all()):
            # whole years read as floats because of the missing ones: ints again
            table = table.copy(deep=False)
            table[column] = kept.astype(np.int64)
        return table, n
    warnings.warn(
        f"missing_time='keep': {n} row(s) of {what} have no time in column {column!r} (the "
        f"first is row {first}); they count in the whole network and in no time window",
        ClusternetWarning,
        stacklevel=3,
    )
    return table, n


def _time_kind(v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (pd.Timestamp, _dt.datetime, np.datetime64)):
        tz = getattr(v, "tzinfo", None)
        return f"datetime ({tz})" if tz is not None else "datetime (no time zone)"
    if isinstance(v, _dt.date):
        return "datetime (no time zone)"
    if isinstance(v, numbers.Real):
        return "number"
    if isinstance(v, str):
        return "str"
    return type(v).__name__


def _check_times(table: pd.DataFrame, column: str, what: str) -> pd.DataFrame:
    """The time column as one comparable type: numbers, datetimes of one zone,
    or strings; mixed kinds raise naming the column and a row of each kind.
    An object column of numbers or of datetimes is converted."""
    values = table[column]
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise ClusternetError(
            f"{what} column {column!r} (parameter time) holds booleans, not times; give years "
            "(numbers) or dates"
        )
    if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        return table
    if dtype != object and not pd.api.types.is_string_dtype(dtype):
        return table  # periods, categories...: compared as pandas compares them
    known = values.dropna()
    kinds: dict[str, Any] = {}
    for label, v in known.items():
        k = _time_kind(v)
        if k not in kinds:
            kinds[k] = label
    if len(kinds) > 1:
        shown = "; ".join(f"{k} in row {show(label)}" for k, label in kinds.items())
        raise ClusternetError(
            f"{what} column {column!r} (parameter time) mixes kinds of time that cannot be "
            f"compared: {shown}. Convert the column to one type first, e.g. "
            "pd.to_numeric(table[col]) for years or pd.to_datetime(table[col], utc=True) for "
            "dates"
        )
    kind = next(iter(kinds), None)
    if kind is None or kind == "str":
        return table
    table = table.copy(deep=False)
    if kind == "number":
        table[column] = pd.to_numeric(values)
    elif kind.startswith("datetime"):
        table[column] = pd.to_datetime(values)
    return table


def _check_products(w: np.ndarray, column: str, what: str) -> None:
    """Refuse participation weights of 0 or whose products underflow to 0
    (the tie would vanish: a CollaborationGraph holds no tie of weight 0);
    overflow to inf is caught on the projected weights."""
    zero = w == 0
    if zero.any():
        raise WeightError(
            f"{what} column {column!r} (parameter weight) has {int(zero.sum())} "
            f"participation(s) of weight 0, the first at position {int(np.flatnonzero(zero)[0])} "
            "of the table (counting from 0): their ties would have weight 0, which a "
            "CollaborationGraph cannot hold. Leave those rows out first "
            f"(table[table[{column!r}] > 0]), or pass weight=None to count every "
            "participation as 1"
        )
    pos = w[w > 0]
    if not pos.size:
        return
    lo = float(pos.min())
    with np.errstate(under="ignore", over="ignore"):
        if lo * lo == 0.0:
            raise WeightError(
                f"{what} column {column!r} (parameter weight) has weights as small as {lo:.3g}: "
                "two of them multiply to 0 in the projection and their tie would vanish; "
                "rescale the weights first (multiply them by a constant)"
            )


def _check_pair_sums(src: np.ndarray, dst: np.ndarray, w: np.ndarray, loops: np.ndarray,
                     n: int, directed: bool, weight: str | None, zero_weights: str,
                     ids: pd.Index, what: str) -> np.ndarray:
    """Refuse pairs whose summed weight is 0 (with ``zero_weights="error"``)
    or overflows to inf; return the weights to build from (zeros dropped by
    the builder with ``zero_weights="drop"``)."""
    keep = ~loops
    s, t, ww = src[keep], dst[keep], w[keep]
    if not ww.size:
        return w
    uniq, total = pair_totals(s, t, ww, n, directed=directed)

    def first(mask: np.ndarray) -> str:
        i, j = divmod(int(uniq[np.flatnonzero(mask)[0]]), max(n, 1))
        return f"({show(ids[i])}, {show(ids[j])})"

    over = np.isinf(total)
    if over.any():
        raise WeightError(
            f"{what} column {weight!r} (parameter weight): the weights of {int(over.sum())} "
            f"pair(s) sum beyond the largest float ({np.finfo(float).max:.3g}) and would be "
            f"infinite, the first {first(over)}; rescale the weights first (divide them by a "
            "constant)"
        )
    zero = total == 0
    if zero.any() and zero_weights == "error":
        raise WeightError(
            f"{what} column {weight!r} (parameter weight) gives {int(zero.sum())} pair(s) a "
            f"weight of 0, the first {first(zero)}: networkx and igraph count such a pair as a "
            "tie, but a CollaborationGraph cannot hold a tie of weight 0. Pass "
            "zero_weights='drop' to leave them out (their actors kept), or weight=None to "
            "read every row as a tie of weight 1"
        )
    return w


def _zero_records(records: pd.DataFrame, zero_weights: str, weight: str | None,
                  ids: pd.Index, what: str) -> pd.DataFrame:
    """The (source, target, time) records of an edge list less those of
    weight 0 (``zero_weights="drop"``), or refuse them (``"error"``): a
    window holding only that time would lose the tie. Records without a
    time (``missing_time="keep"``) are in no window: their pair's total was
    checked with the whole network."""
    zero = (records["weight"] == 0).to_numpy() & records["time"].notna().to_numpy()
    if zero.any() and zero_weights == "error":
        i = int(np.flatnonzero(zero)[0])
        s, t, when = (records[c].iloc[i] for c in ("source", "target", "time"))
        raise WeightError(
            f"{what} column {weight!r} (parameter weight) gives {int(zero.sum())} pair(s) a "
            f"weight of 0 at one time, the first ({show(ids[int(s)])}, {show(ids[int(t)])}) "
            f"at {show(when)}: a window holding "
            "only that time would lose the tie, and a CollaborationGraph cannot hold a tie "
            "of weight 0. Pass zero_weights='drop' to leave such records out, or weight=None "
            "to read every row as a tie of weight 1"
        )
    return records.loc[records["weight"].to_numpy() != 0]


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
