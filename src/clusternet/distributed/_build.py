"""Building the actor network from a Dask DataFrame or a Parquet dataset.

Three passes over the table, each partition by partition:

1. **scan** -- each partition checks its ids, weights and times and returns
   its distinct actors and events in order of first appearance; the client
   joins them in partition order, which gives the global codes in the order
   of the in-memory builder (first appearance in the table);
2. **code** -- each partition replaces its ids by these codes (the id tables
   travel once to every worker) and gets its global row numbers; the coded
   rows are persisted (about 24 bytes a row);
3. **project** -- the coded rows are shuffled by event, so that all rows of
   an event are in one partition; each partition projects its own events
   with :func:`clusternet.projection.project` on local arrays and returns its
   pairs as keys ``i * n + j`` (``i < j`` in the global actor order) with
   their weights.

For a graph, the coded rows (not the ids) are gathered to build the
incidence and the event table as the in-memory builder does, and the pairs
of the partitions (at most the ``max_ties`` bound) are gathered and summed
to build the adjacency. For a frame of ties (``as_frame=True``), the pairs
are summed by a shuffle (``groupby(key).sum``) and never gathered.
"""

from __future__ import annotations

import numbers
import os
import uuid
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._kernels.adjacency import pair_totals, pairs_to_csr
from .._validation import (
    check_choice,
    check_ids,
    check_same_kind,
    check_weights,
    require_columns,
    show,
)
from ..errors import (
    ClusternetError,
    ClusternetWarning,
    ColumnError,
    DuplicateError,
    TooLargeError,
    WeightError,
)
from ..graph import CollaborationGraph, actor_table, keyed_table
from ..projection import (PROJECTIONS, incidence_of, pair_bound, project, without_large_events,
                          too_many_ties_message)

__all__ = ["is_dask_table", "from_affiliations"]

WHAT = "the affiliation table"
MISSING_TIME = ("error", "drop", "keep")


def _dask_dataframe_type() -> type | None:
    try:
        import dask.dataframe as dd
    except ImportError:
        return None
    return dd.DataFrame


def is_dask_table(table: Any) -> bool:
    """True for a Dask DataFrame, and for a Parquet *dataset*: a directory or
    a glob pattern (``"data/*.parquet"``), as str or path. A single file
    (``"x.parquet"``) is read in memory by :func:`clusternet.read_table`."""
    if isinstance(table, (str, os.PathLike)):
        s = os.fspath(table)
        return any(c in s for c in "*?[") or Path(s).is_dir()
    cls = type(table)
    if cls.__module__.split(".")[0] != "dask":  # no import of dask for a pandas table
        return False
    dd_type = _dask_dataframe_type()
    return dd_type is not None and isinstance(table, dd_type)


def _dask() -> Any:
    try:
        import dask
        import dask.dataframe  # noqa: F401
    except ImportError as exc:
        raise ClusternetError(
            "a Dask DataFrame or a Parquet dataset as the table needs Dask: "
            "pip install 'clusternet[dask]' (dask[dataframe] and pyarrow)"
        ) from exc
    return dask


def from_affiliations(
    table: Any,
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
    participation_attributes: Any = None,
    as_frame: bool = False,
) -> Any:
    r"""Build the actor network from a Dask DataFrame or a Parquet dataset,
    projecting it partitioned by event.

    :func:`clusternet.from_affiliations` calls this for such a table; call
    it directly for ``as_frame=True``. The parameters, weights, checks and
    the result are those of :func:`clusternet.from_affiliations` (same
    actor order: first appearance in the table, partitions in order, then
    attribute-only actors; same events, times and incidence), except as
    noted here.

    The work runs on the Dask scheduler in use (the active
    ``dask.distributed.Client``, or Dask's threads without one): a scan
    of the partitions (ids, weights, times; the distinct ids), a coding of
    the ids as integers (persisted), then a shuffle by event, the
    projection of each partition's events with the library's kernel. For
    a graph, the pairs of the partitions (no more than the ``max_ties``
    bound) are summed here; with ``as_frame=True`` a second shuffle sums
    them on the workers. The distinct actor and event ids must fit in
    memory on the client and on each worker.

    Parameters
    ----------
    table : dask.dataframe.DataFrame, str or path
        One row per participation. A str or path names a Parquet dataset:
        a directory of Parquet files or a glob (``"ties/*.parquet"``); only
        the named columns are read. (A single ``.parquet`` file is read in
        memory by :func:`clusternet.from_affiliations`.)
    actor, event, time, weight, projection, actors, events
        As in :func:`clusternet.from_affiliations`.
    min_weight, max_ties, max_event_size, duplicates, missing_time
        As in :func:`clusternet.from_affiliations`. ``max_ties`` is not
        applied with ``as_frame=True``.
    participation_attributes : None
        Not supported for a Dask table (a :class:`ClusternetError`).
    as_frame : bool, default False
        Return the ties as a Dask DataFrame (``source``, ``target``,
        ``weight``; one row per tie, ``source`` before ``target`` in the
        actor order, rows in no particular order), computed lazily, for a
        projection that does not fit in memory: write it with
        ``.to_parquet(...)``. The rows a check can only see in the data
        (a repeated row, an event with two times) raise when it is
        computed.

    Returns
    -------
    CollaborationGraph or dask.dataframe.DataFrame

    Raises
    ------
    ClusternetError
        As :func:`clusternet.from_affiliations`; the checks of columns and
        parameters run before any work. Rows are named by their position
        in the dataset (counted from 0 over the partitions in order) or in
        their partition.

    Notes
    -----
    Weights: each pair's weight is summed over its events' partitions by
    the shuffle. Sums of whole numbers (``"count"`` without weights or
    with whole-number weights; ``"jaccard"`` and ``"overlap"``, computed
    from the counts with the in-memory kernel's float operations) are
    exact, so the graph equals the in-memory one to the last bit. Sums of
    fractions (``"newman"``, fractional weights) are added in another
    order than in memory, and agree to rounding (about 1e-15 relative).

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["A", "B", "C", "A", "B"],
    ...                   "event": [1, 1, 1, 2, 2]})
    >>> g = cn.from_affiliations(dd.from_pandas(t, npartitions=2))
    >>> g.ties
      source target  weight
    0      A      B     2.0
    1      A      C     1.0
    2      B      C     1.0
    >>> ties = cn.distributed.from_affiliations(dd.from_pandas(t, npartitions=2),
    ...                                         as_frame=True)
    >>> ties.compute().sort_values(["source", "target"]).to_numpy().tolist()
    [['A', 'B', 2.0], ['A', 'C', 1.0], ['B', 'C', 1.0]]
    """
    dask = _dask()
    import dask.dataframe as dd

    # ----------------------------------------------- checks before any work
    if isinstance(table, (str, os.PathLike)):
        path = os.fspath(table)
        if not any(c in path for c in "*?[") and not Path(path).is_dir():
            raise ClusternetError(f"no Parquet dataset at {path!r} (a directory or a glob)")
        cols = [c for c in dict.fromkeys((actor, event, time, weight)) if c is not None]
        try:
            table = dd.read_parquet(path)
        except (FileNotFoundError, OSError, ValueError) as exc:
            raise ClusternetError(f"cannot read the Parquet dataset {path!r}: {exc}") from exc
        require_columns(pd.DataFrame(columns=table.columns), {
            "actor": actor, "event": event, "time": time, "weight": weight}, WHAT)
        table = table[cols]
    if not isinstance(as_frame, (bool, np.bool_)):
        raise ClusternetError(f"as_frame must be True or False, got {as_frame!r}")
    if len(set(table.columns)) < len(table.columns):
        dup = pd.Index(table.columns)
        raise ClusternetError(
            f"{WHAT} has two columns named {show(dup[dup.duplicated()][0])}; rename one "
            "(column names must be unique)"
        )
    require_columns(pd.DataFrame(columns=table.columns), {
        "actor": actor, "event": event, "time": time, "weight": weight}, WHAT)
    if actor == event:
        raise ClusternetError(
            f"actor={actor!r} and event={event!r} name the same column; the actors and the "
            "events must be two columns"
        )
    if participation_attributes is not None:
        raise ClusternetError(
            "participation_attributes= is not supported for a Dask table; build from a pandas "
            "table (table.compute()) to keep per-participation values"
        )
    check_choice(missing_time, MISSING_TIME, "missing_time")
    check_choice(projection, PROJECTIONS, "projection")
    check_choice(duplicates, ("error", "drop", "sum"), "duplicates")
    min_weight = _number(min_weight, "min_weight")
    max_ties = _limit(max_ties, "max_ties")
    max_event_size = _limit(max_event_size, "max_event_size")
    if weight is not None and projection in ("jaccard", "overlap"):
        raise ClusternetError(
            f"projection={projection!r} compares sets of events and takes no weight; "
            f"drop weight={weight!r} or use projection='count' or 'newman'"
        )
    attrs = actor_table(actors, "the actors table") if actors is not None else None
    ev_attrs = keyed_table(events, "event", "the events table") if events is not None else None
    cols = [c for c in dict.fromkeys((actor, event, time, weight)) if c is not None]
    ddf = table[cols]

    # ------------------------------------------------------------ 1. scan
    scans = dask.compute(*[
        dask.delayed(_scan)(part, actor, event, time, weight, missing_time == "drop")
        for part in ddf.to_delayed()
    ])
    n_rows = sum(s["n"] for s in scans)
    if n_rows == 0:
        raise ColumnError(f"{WHAT} is empty: it has no rows")
    n_missing = sum(s["n_null_time"] for s in scans)
    if n_missing:
        first = next(s["first_null_time"] for s in scans if s["n_null_time"])
        _missing_time_rule(missing_time, n_missing, first, time)
        if missing_time == "drop" and n_missing == n_rows:
            raise ColumnError(f"{WHAT} is empty: it has no rows")
    a_ids = _first_appearance([s["actors"] for s in scans])
    e_ids = _first_appearance([s["events"] for s in scans])
    check_ids(pd.Series(a_ids, copy=False), actor, WHAT, "actor")  # kinds across partitions
    check_ids(pd.Series(e_ids, copy=False), event, WHAT, "event")
    n_zero = sum(s.get("n_zero", 0) for s in scans)
    if n_zero:  # as the in-memory builder: a tie of weight 0 cannot be held
        first = next(s["first_zero"] for s in scans if s.get("n_zero"))
        raise WeightError(
            f"{WHAT} column {weight!r} (parameter weight) has {n_zero} participation(s) of "
            f"weight 0, the first in the row labelled {first}: their ties would have weight 0, "
            "which a CollaborationGraph cannot hold. Leave those rows out first "
            f"(table[table[{weight!r}] > 0]), or pass weight=None to count every "
            "participation as 1"
        )
    if weight is not None and projection in ("count", "newman"):
        lows = [s["min_positive"] for s in scans if s["min_positive"] is not None]
        if lows:
            lo = min(lows)
            with np.errstate(under="ignore"):
                if lo * lo == 0.0:
                    raise WeightError(
                        f"{WHAT} column {weight!r} (parameter weight) has weights as small as "
                        f"{lo:.3g}: two of them multiply to 0 in the projection and their tie "
                        "would vanish; rescale the weights first (multiply by a constant)"
                    )
    if time is not None:
        kinds = {k for s in scans for k in s["time_kinds"]}
        if len(kinds) > 1:
            raise ClusternetError(
                f"{WHAT} column {time!r} (parameter time) mixes kinds of time that cannot be "
                f"compared: {', '.join(sorted(kinds))}. Convert the column to one type first"
            )
    if attrs is not None:
        check_same_kind(pd.Series(a_ids, copy=False), attrs.index, WHAT, "the actors table")
    if ev_attrs is not None:
        check_same_kind(pd.Series(e_ids, copy=False), ev_attrs.index, WHAT, "the events table")
    actor_ids = pd.Index(a_ids, name="actor", tupleize_cols=False)
    if attrs is not None:
        extra = attrs.index.difference(actor_ids, sort=False)
        if len(extra):
            actor_ids = actor_ids.append(pd.Index(extra, tupleize_cols=False))
            actor_ids.name = "actor"
    n_act, n_ev = len(actor_ids), len(e_ids)
    ev_index = pd.Index(e_ids, name="event", tupleize_cols=False)

    # ------------------------------------------------------------ 2. code
    offsets = np.concatenate([[0], np.cumsum([s["n"] for s in scans])[:-1]])
    token = uuid.uuid4().hex
    a_lookup = dask.delayed(pd.Index(a_ids, tupleize_cols=False), name=f"cn-actors-{token}")
    e_lookup = dask.delayed(pd.Index(e_ids, tupleize_cols=False), name=f"cn-events-{token}")
    drop_null = time is not None and missing_time == "drop" and n_missing > 0
    meta = _coded_meta(time, ddf)
    parts = [
        dask.delayed(_code)(part, a_lookup, e_lookup, int(off), actor, event, time, weight,
                            drop_null)
        for part, off in zip(ddf.to_delayed(), offsets)
    ]
    coded = dd.from_delayed(parts, meta=meta, verify_meta=False).persist()

    options = dict(projection=projection, n_act=n_act, duplicates=duplicates,
                   max_event_size=max_event_size, time=time is not None, ev_index=e_lookup)
    if as_frame:
        ties = _tie_sums(coded, options, dask, dd)
        return _as_frame(ties, coded, options, actor_ids, min_weight, dask, dd)

    # ------------------------------------------------- the graph: incidence
    rows = coded.compute()
    a_codes = rows["a"].to_numpy()
    e_codes = rows["e"].to_numpy()
    w = rows["w"].to_numpy()
    B, a_codes, e_codes, w, dup = incidence_of(
        a_codes, e_codes, w, n_act, n_ev, duplicates,
        lambda pos, n_dup: (
            f"{WHAT} repeats (actor, event) = ({show(a_ids[a_codes[pos]])}, "
            f"{show(e_ids[e_codes[pos]])}) in row {pos} of the dataset (counted from 0 over "
            f"its partitions; {n_dup} repeated row(s) in all)"))
    ev_time = None
    if time is not None:
        tv = rows["t"]
        if duplicates == "drop" and dup is not None:
            tv = tv[~dup]
        tv = tv.reset_index(drop=True)
        first = np.zeros(n_ev, dtype=np.int64)
        first[e_codes[::-1]] = np.arange(len(e_codes))[::-1]
        if drop_null and pd.api.types.is_float_dtype(tv.dtype) and bool((tv % 1 == 0).all()):
            tv = tv.astype(np.int64)  # whole years read as floats because of the missing ones
        ev_time = tv.iloc[first].reset_index(drop=True)
        mine = ev_time.iloc[e_codes].reset_index(drop=True)
        same = (tv == mine) | (tv.isna() & mine.isna())
        if not same.all():
            pos = int(np.flatnonzero(~same.to_numpy())[0])
            raise ClusternetError(
                f"{WHAT} gives event {show(e_ids[e_codes[pos]])} two times in column {time!r} "
                f"({show(ev_time.iloc[e_codes[pos]])} and {show(tv.iloc[pos])}, row {pos} of "
                "the dataset); an event has one time: aggregate first (e.g. the start year)"
            )
    del rows, a_codes, e_codes, w, dup
    B.sum_duplicates()
    B.sort_indices()
    sizes = np.bincount(B.indices, minlength=n_ev)
    B, sizes, ev_index, ev_time = without_large_events(B, sizes, ev_index, ev_time,
                                                       max_event_size, stacklevel=4)
    if max_ties is not None and min_weight <= 0:
        bound = pair_bound(sizes)
        if bound > max_ties:
            raise TooLargeError(too_many_ties_message(bound, max_ties, sizes, ev_index))

    # -------------------------------------------------- the graph: adjacency
    # The pairs of the event partitions, at most the bound checked above, are
    # summed here: the graph is built here anyway, and this spares a shuffle.
    parts = dask.compute(*_event_pairs(coded, options).to_delayed())
    key = np.concatenate([p["key"].to_numpy() for p in parts] + [np.array([], np.int64)])
    w_pairs = np.concatenate([p["w"].to_numpy() for p in parts] + [np.array([])])
    del parts
    n = np.int64(max(n_act, 1))
    key, total = pair_totals(key // n, key % n, w_pairs, n_act, directed=False)
    del w_pairs
    i, j = key // n, key % n
    wt = _finish(total, i, j, projection, np.diff(B.indptr).astype(np.float64))
    keep = wt > 0
    if min_weight > 0:
        keep &= wt >= min_weight
    i, j, wt = i[keep], j[keep], wt[keep]
    if max_ties is not None and min_weight > 0 and len(wt) > max_ties:
        raise TooLargeError(too_many_ties_message(0, max_ties, sizes, ev_index, kept=True))
    if len(wt) and not np.isfinite(wt).all():
        raise WeightError(
            f"{WHAT} column {weight!r} (parameter weight): the tie weights of "
            f"{int((~np.isfinite(wt)).sum())} pair(s) sum beyond the largest float "
            f"({np.finfo(float).max:.3g}) and would be infinite; rescale the weights first "
            "(divide them by a constant)"
        )
    A = pairs_to_csr(i, j, wt, n_act, directed=False)
    ev_table = pd.DataFrame({"size": sizes.astype(np.int64)}, index=ev_index)
    if ev_time is not None:
        ev_table["time"] = ev_time.to_numpy()
    if ev_attrs is not None:
        ev_attrs = ev_attrs.drop(columns=[c for c in ("size", "time") if c in ev_attrs.columns])
        ev_table = ev_table.join(ev_attrs, how="left")
    actors_df = attrs.reindex(actor_ids) if attrs is not None else pd.DataFrame(index=actor_ids)
    meta_d = {"source": "affiliations", "projection": projection, "min_weight": min_weight,
              "max_ties": max_ties, "weight": weight}
    if time is not None:
        meta_d.update(missing_time=missing_time, n_missing_time=n_missing)
    return CollaborationGraph(actors_df, A, incidence=B, events=ev_table, meta=meta_d)


# --------------------------------------------------------------- passes
def _plain(col: pd.Series) -> pd.Series:
    """Categorical ids as their values (ids are matched by value)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return pd.Series(np.asarray(col.astype(col.cat.categories.dtype)), index=col.index)
    return col


def _scan(part: pd.DataFrame, actor: str, event: str, time: str | None,
          weight: str | None, drop_null: bool) -> dict[str, Any]:
    """Checks of one partition and its distinct ids in order of first appearance."""
    out: dict[str, Any] = {"n": len(part), "n_null_time": 0, "first_null_time": None,
                           "min_positive": None, "time_kinds": set()}
    if time is not None:
        null = part[time].isna().to_numpy()
        out["n_null_time"] = int(null.sum())
        if null.any():
            out["first_null_time"] = show(part.index[int(np.flatnonzero(null)[0])])
        known = part[time][~null]
        dtype = known.dtype
        if pd.api.types.is_bool_dtype(dtype):
            raise ClusternetError(
                f"{WHAT} column {time!r} (parameter time) holds booleans, not times; give years "
                "(numbers) or dates"
            )
        if dtype == object:
            out["time_kinds"] = {type(v).__name__ for v in pd.unique(known.to_numpy())}
        if drop_null and null.any():
            part = part[~null]  # rows left out with missing_time="drop"
    a = _plain(part[actor])
    e = _plain(part[event])
    check_ids(a, actor, WHAT, "actor")
    check_ids(e, event, WHAT, "event")
    if weight is not None:
        w = check_weights(part[weight], weight, WHAT)
        pos = w[w > 0]
        out["min_positive"] = float(pos.min()) if pos.size else None
        zero = np.asarray(w == 0)
        out["n_zero"] = int(zero.sum())
        if out["n_zero"]:
            out["first_zero"] = show(part.index[int(np.flatnonzero(zero)[0])])
    out["actors"] = pd.unique(a.to_numpy())
    out["events"] = pd.unique(e.to_numpy())
    return out


def _first_appearance(chunks: list[np.ndarray]) -> np.ndarray:
    chunks = [c for c in chunks if len(c)]
    if not chunks:
        return np.array([], dtype=object)
    if len(chunks) == 1:
        return chunks[0]
    return pd.unique(np.concatenate(chunks))


def _coded_meta(time: str | None, ddf: Any) -> pd.DataFrame:
    meta = {"a": pd.Series(dtype=np.int64), "e": pd.Series(dtype=np.int64),
            "w": pd.Series(dtype=np.float64), "r": pd.Series(dtype=np.int64)}
    if time is not None:
        meta["t"] = pd.Series(dtype=ddf[time].dtype)
    return pd.DataFrame(meta)


def _code(part: pd.DataFrame, a_lookup: pd.Index, e_lookup: pd.Index, offset: int, actor: str,
          event: str, time: str | None, weight: str | None, drop_null: bool) -> pd.DataFrame:
    """The partition with its ids replaced by their global codes, its weights
    as floats and its global row numbers."""
    r = np.arange(offset, offset + len(part), dtype=np.int64)
    if drop_null:
        keep = part[time].notna().to_numpy()
        part, r = part[keep], r[keep]
    out = {
        "a": a_lookup.get_indexer(_plain(part[actor]).to_numpy()).astype(np.int64),
        "e": e_lookup.get_indexer(_plain(part[event]).to_numpy()).astype(np.int64),
        "w": (check_weights(part[weight], weight, WHAT) if weight is not None
              else np.ones(len(part))),
        "r": r,
    }
    if time is not None:
        out["t"] = part[time].to_numpy()
    return pd.DataFrame(out)


def _event_pairs(coded: Any, options: dict[str, Any]) -> Any:
    """The coded rows shuffled by event, and the pairs of each partition's
    events: a Dask DataFrame (``key = i * n_actors + j``, ``i < j``; ``w``)."""
    by_event = coded.shuffle("e", npartitions=coded.npartitions)
    meta = pd.DataFrame({"key": pd.Series(dtype=np.int64), "w": pd.Series(dtype=np.float64)})
    return by_event.map_partitions(_project_events, meta=meta, **options)


def _tie_sums(coded: Any, options: dict[str, Any], dask: Any, dd: Any) -> Any:
    """The pairs summed over the event partitions by a shuffle: a Dask
    Series indexed by the key, for ties that do not fit in memory."""
    pairs = _event_pairs(coded, options)
    return pairs.groupby("key")["w"].sum(split_out=coded.npartitions)


def _project_events(df: pd.DataFrame, *, projection: str, n_act: int, duplicates: str,
                    max_event_size: int | None, time: bool, ev_index: pd.Index) -> pd.DataFrame:
    """The pairs of the events of one partition (all rows of each event are
    here): the library's projection kernel on the local incidence."""
    empty = pd.DataFrame({"key": np.array([], dtype=np.int64), "w": np.array([])})
    if not len(df):
        return empty
    if duplicates != "sum":
        df = df.sort_values("r", kind="stable")
        dup = df.duplicated(["a", "e"], keep="first").to_numpy()
        if dup.any():
            if duplicates == "error":
                pos = int(np.flatnonzero(dup)[0])
                raise DuplicateError(
                    f"{WHAT} repeats (actor, event) = (actor code {int(df['a'].iloc[pos])}, "
                    f"{show(ev_index[int(df['e'].iloc[pos])])}) in row {int(df['r'].iloc[pos])} "
                    "of the dataset; pass duplicates='drop' to keep the first row or "
                    "duplicates='sum' to add their weights"
                )
            df = df[~dup]
    if time:
        n_times = df.groupby("e")["t"].nunique(dropna=False)
        if (n_times > 1).any():
            ev = int(n_times.index[np.flatnonzero(n_times.to_numpy() > 1)[0]])
            raise ClusternetError(
                f"{WHAT} gives event {show(ev_index[ev])} two times; an event has one time: "
                "aggregate first (e.g. the start year)"
            )
    acts, a_loc = np.unique(df["a"].to_numpy(), return_inverse=True)
    evs, e_loc = np.unique(df["e"].to_numpy(), return_inverse=True)
    w = df["w"].to_numpy(dtype=np.float64)
    if projection in ("jaccard", "overlap"):
        w = np.ones(len(w))
    B = sp.coo_array((w, (a_loc, e_loc)), shape=(len(acts), len(evs))).tocsr()
    B.sum_duplicates()
    B.sort_indices()
    sizes = np.bincount(B.indices, minlength=len(evs))
    if max_event_size is not None and (sizes > max_event_size).any():
        keep_ev = np.flatnonzero(sizes <= max_event_size)
        B = sp.csr_array(B[:, keep_ev])
        B.sort_indices()
        sizes = sizes[keep_ev]
    kernel = "newman" if projection == "newman" else "count"
    A = project(B, sizes, projection=kernel)
    rows = np.repeat(np.arange(A.shape[0], dtype=np.int64), np.diff(A.indptr))
    cols = A.indices.astype(np.int64)
    up = cols > rows
    i, j = acts[rows[up]], acts[cols[up]]
    return pd.DataFrame({"key": i * np.int64(max(n_act, 1)) + j, "w": A.data[up]})


def _finish(w: np.ndarray, i: np.ndarray, j: np.ndarray, projection: str,
            deg: np.ndarray) -> np.ndarray:
    """Jaccard and overlap from the shared-event counts, with the float
    operations of the in-memory kernel."""
    if projection == "jaccard":
        return w / (deg[i] + deg[j] - w)
    if projection == "overlap":
        return w / np.minimum(deg[i], deg[j])
    return w


def _as_frame(ties: Any, coded: Any, options: dict[str, Any], actor_ids: pd.Index,
              min_weight: float, dask: Any, dd: Any) -> Any:
    """The summed pairs as a Dask DataFrame (source, target, weight) of ids."""
    projection = options["projection"]
    deg = None
    if projection in ("jaccard", "overlap"):
        # events per actor (distinct, and within max_event_size): from the coded rows
        deg = dask.delayed(_degrees)(coded.to_delayed(), options)
    ids = dask.delayed(actor_ids, name=f"cn-actor-ids-{uuid.uuid4().hex}")
    meta = pd.DataFrame({"source": pd.Series(dtype=actor_ids.dtype),
                         "target": pd.Series(dtype=actor_ids.dtype),
                         "weight": pd.Series(dtype=np.float64)})
    return ties.to_frame().map_partitions(
        _ids_frame, ids, deg, projection, min_weight, meta=meta, align_dataframes=False)


def _degrees(parts: list[pd.DataFrame], options: dict[str, Any]) -> np.ndarray:
    df = pd.concat(parts, ignore_index=True)[["a", "e"]].drop_duplicates()
    n_act = options["n_act"]
    if options["max_event_size"] is not None:
        size = df.groupby("e")["a"].transform("size")
        df = df[size.to_numpy() <= options["max_event_size"]]
    return np.bincount(df["a"].to_numpy(), minlength=n_act).astype(np.float64)


def _ids_frame(part: pd.DataFrame, actor_ids: pd.Index, deg: np.ndarray | None,
               projection: str, min_weight: float) -> pd.DataFrame:
    n = max(len(actor_ids), 1)
    key = part.index.to_numpy(dtype=np.int64)
    i, j = key // n, key % n
    w = part.iloc[:, 0].to_numpy(dtype=np.float64)
    if deg is not None:
        w = _finish(w, i, j, projection, deg)
    keep = w > 0
    if min_weight > 0:
        keep &= w >= min_weight
    return pd.DataFrame({"source": actor_ids[i[keep]], "target": actor_ids[j[keep]],
                         "weight": w[keep]})


# ---------------------------------------------------------------- checks
def _missing_time_rule(missing_time: str, n: int, first: str, column: str) -> None:
    if missing_time == "error":
        raise ClusternetError(
            f"{WHAT} column {column!r} (parameter time) has {n} missing time(s); the first "
            f"is in row {first} of its partition. Pass missing_time='drop' to leave those rows "
            "out or missing_time='keep' to keep them in the whole network and out of every window"
        )
    if missing_time == "drop":
        msg = (f"missing_time='drop' left out {n} row(s) of {WHAT} without a time in column "
               f"{column!r}")
    else:
        msg = (f"missing_time='keep': {n} row(s) of {WHAT} have no time in column {column!r}; "
               "they count in the whole network and in no time window")
    warnings.warn(msg, ClusternetWarning, stacklevel=4)


def _number(value: Any, param: str) -> float:
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not np.isfinite(value) or value < 0):
        raise ClusternetError(f"{param} must be a finite number >= 0, got {value!r}")
    return float(value)


def _limit(value: Any, param: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ClusternetError(f"{param} must be a positive integer or None, got {value!r}")
    return int(value)
