"""From a table of records to the graph of a report, as ``clusternet report``
reads it: tables given as files, actor attributes that are columns of the
records (one value per actor), times written as text.

Messages name each input as the caller knows it (``spell``): a keyword in
Python, a flag on the command line.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .._validation import show
from ..build import from_affiliations, from_edgelist
from ..errors import ClusternetError, ClusternetWarning, UnknownAttributeError
from ..graph import CollaborationGraph
from ..io import read_table

__all__ = ["SOURCES", "graph_from_records", "graph_from_source"]

#: The readers of :mod:`clusternet.sources` by name, with what the report uses
#: of their tables by default: the group attribute, places, coordinates and
#: the names shown instead of the ids.
SOURCES = {
    "cordis": {"attributes": ["sector"], "places": ["country"],
               "lat": "latitude", "lon": "longitude", "label": "name"},
    "openalex": {"attributes": ["sector"], "places": ["country"], "lat": None, "lon": None,
                 "label": "name"},
    "patentsview": {"attributes": [], "places": ["country"],
                    "lat": "latitude", "lon": "longitude", "label": "name"},
}


def graph_from_records(
    table: pd.DataFrame | str | os.PathLike,
    *,
    actor: str | None = None,
    event: str | None = None,
    source: str | None = None,
    target: str | None = None,
    directed: bool = False,
    projection: str = "count",
    time: str | None = None,
    weight: str | None = None,
    actors: pd.DataFrame | str | os.PathLike | None = None,
    attributes: Sequence[str] = (),
    actor_columns: Mapping[str, str] | Sequence[str] = (),
    spell: Mapping[str, str] | None = None,
    **options: Any,
) -> CollaborationGraph:
    """The graph of an affiliation table (``actor`` and ``event``) or an edge
    list (``source`` and ``target``).

    ``table`` and ``actors`` are DataFrames or files (:func:`clusternet.read_table`).
    The actor table's id column is named like ``actor``, or ``actor``. Each
    of ``attributes`` that the actor table lacks is taken from ``table``
    (affiliation tables): with one value per actor it becomes an actor
    attribute; a column whose value changes within an actor (an author's
    sector on each paper) is kept per participation
    (``participation_attributes=`` of :func:`~clusternet.from_affiliations`),
    with a :class:`~clusternet.errors.ClusternetWarning` that says so. Each
    of ``actor_columns`` (places, coordinates, a name column), taken from
    ``table`` likewise, must have one value per actor; a mapping gives
    each column the name of the option that asked for it, for the messages
    (default ``actor_columns=``). A ``time`` column of text is read as ISO
    dates. ``spell`` maps the names ``table``, ``actors``, ``attributes``,
    ``time`` to how the caller passes them (default: the keywords). Other
    keyword ``options`` go to the builder
    (:func:`~clusternet.from_affiliations`: ``duplicates``, ``min_weight``,
    ``max_ties``, ``max_event_size``...).

    Raises
    ------
    ClusternetError
        A file that cannot be read; an actor table without an id column; one
        of ``actor_columns`` with two values for one actor; times that are
        neither numbers nor dates; and what the builders raise.
    UnknownAttributeError
        One of ``attributes`` or ``actor_columns`` is neither in the actor
        table nor in ``table``.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet.report._records import graph_from_records
    >>> t = pd.DataFrame({"who": ["a", "b", "b", "c"], "what": [1, 1, 2, 2],
    ...                   "sector": ["art", "tech", "tech", "art"],
    ...                   "when": ["2020-01-05", "2020-01-05", "2021-03-01", "2021-03-01"]})
    >>> g = graph_from_records(t, actor="who", event="what", time="when",
    ...                        attributes=["sector"])
    >>> g.attribute("sector").tolist(), g.times.dt.year.tolist()
    (['art', 'tech', 'art'], [2020, 2021])

    A sector that changes within an actor is kept per participation:

    >>> t.loc[2, "sector"] = "art"
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     g = graph_from_records(t, actor="who", event="what", attributes=["sector"])
    >>> g.participation_attributes, "per participation" in str(caught[0].message)
    (['sector'], True)
    """
    said = {"table": "table", "actors": "actors=", "attributes": "attributes=",
            "time": "time=", **(spell or {})}
    affiliation = actor is not None
    records = _read(table, ids=(actor, event) if affiliation else (source, target))
    id_col = actor if affiliation else "actor"
    if actors is not None:
        actors = _actor_table(actors, id_col, said)
    flags = ({c: said.get("actor_columns", "actor_columns=") for c in actor_columns}
             if not isinstance(actor_columns, Mapping) else dict(actor_columns))
    per_row: list[str] = []
    if affiliation:
        actors, per_row = _attributes_from_records(records, actor, event, attributes, flags,
                                                   actors, said)
    if time is not None:
        records = _times(records, time, said)
    if affiliation:
        if per_row:
            options = {**options, "participation_attributes": per_row}
        g = from_affiliations(records, actor=actor, event=event, time=time, weight=weight,
                              projection=projection, actors=actors, **options)
    else:
        g = from_edgelist(records, source=source, target=target, weight=weight,
                          directed=directed, time=time, actors=actors, **options)
    have = list(g.attributes) + list(g.participation_attributes)
    wanted = [(a, said["attributes"]) for a in attributes] + list(flags.items())
    absent = [(a, flag) for a, flag in wanted if a not in have]
    if absent:
        where = said["actors"] + (f" or {said['table']}" if affiliation else "")
        raise UnknownAttributeError(
            f"no column {absent[0][0]!r} ({absent[0][1]}) in {where}; actor attributes: "
            + (", ".join(map(repr, have)) or "none"))
    return g


def _read(table: Any, ids: Sequence[str | None]) -> pd.DataFrame:
    """A DataFrame as it is, or a file read with its id columns as text."""
    if isinstance(table, pd.DataFrame):
        return table
    return read_table(table, ids=[c for c in ids if c is not None])


def _actor_table(actors: Any, id_col: str, said: Mapping[str, str]) -> pd.DataFrame:
    """The actor table indexed by actor id."""
    table = _read(actors, ids=(id_col, "actor"))
    key = next((c for c in (id_col, "actor") if c in table.columns), None)
    if key is None:
        name = "" if isinstance(actors, pd.DataFrame) else f" {str(actors)!r}"
        raise ClusternetError(
            f"the {said['actors']} table{name} has no column {id_col!r}"
            + ("" if id_col == "actor" else " or 'actor'")
            + " with the actor ids; it has: " + ", ".join(map(repr, table.columns)))
    return table.rename(columns={key: "actor"}).set_index("actor")


def _attributes_from_records(records: pd.DataFrame, actor: str, event: str | None,
                             attributes: Sequence[str], flags: Mapping[str, str],
                             actors: pd.DataFrame | None, said: Mapping[str, str],
                             ) -> tuple[pd.DataFrame | None, list[str]]:
    """Columns that are in the affiliation table rather than in the actor
    table: (the actor table with those of one value per actor added, the
    attributes whose value changes within an actor -- participation
    attributes). ``flags`` are the columns that must have one value per
    actor, with the option that names each."""
    have = set() if actors is None else set(actors.columns)
    wanted = [a for a in dict.fromkeys([*attributes, *flags])
              if a not in have and a in records.columns and a not in (actor, event)]
    if not wanted or actor not in records.columns:
        return actors, []  # the builder names a missing actor column
    part = records[[actor, *wanted]].dropna(subset=[actor])
    per_row: list[str] = []
    for col in wanted:
        n = part.groupby(actor, sort=False)[col].nunique(dropna=True)
        if not (n > 1).any():
            continue
        who = n.index[n > 1][0]
        if col in flags:
            raise ClusternetError(
                f"{flags[col]} {col!r}: actor {show(who)} has {int(n[who])} different "
                f"values in {said['table']}; a column taken from {said['table']} for "
                f"{flags[col]} must have one value per actor (or give it in "
                f"{said['actors']})")
        per_row.append(col)
        warnings.warn(
            f"{said['attributes']} {col!r} changes within an actor ({int((n > 1).sum()):,} "
            f"actor(s), e.g. {show(who)} with {int(n[who])} values in {said['table']}): it "
            "is kept per participation (participation_attributes=[" + repr(col) + "]): "
            "event-level measures count each row's value; each actor takes its most "
            "frequent value in the network or window (ties go to the latest); permutation "
            "tests of event-level measures (hybrid share) are refused for it",
            ClusternetWarning, stacklevel=3)
    keep = [c for c in wanted if c not in per_row]
    if not keep:
        return actors, per_row
    derived = part.groupby(actor, sort=False)[keep].first()
    derived.index.name = "actor"
    if actors is None:
        return derived, per_row
    return actors.join(derived, how="outer"), per_row


def _times(records: pd.DataFrame, column: str, said: Mapping[str, str]) -> pd.DataFrame:
    """Text times (ISO dates) as datetimes; numbers and datetimes as they are."""
    if column not in records.columns:
        return records  # the builder names the missing column
    col = records[column]
    if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_datetime64_any_dtype(
            col.dtype):
        return records
    try:
        parsed = pd.to_datetime(col, format="ISO8601")
    except (ValueError, TypeError):
        bad = col[pd.to_datetime(col, format="ISO8601", errors="coerce").isna() & col.notna()]
        example = show(bad.iloc[0]) if len(bad) else "?"
        raise ClusternetError(
            f"{said['time']} column {column!r} holds {example}, neither a number nor a date "
            "(YYYY, YYYY-MM-DD)") from None
    records = records.copy()
    records[column] = parsed
    return records


def graph_from_source(source: str, path: str | os.PathLike, *, kind: str = "inventor",
                      **options: Any) -> CollaborationGraph:
    """The graph of the files of a source as downloaded (``"cordis"``,
    ``"openalex"``, ``"patentsview"``; :mod:`clusternet.sources`): the
    reader's affiliation, actor and event tables, timed by ``year``.
    ``kind`` is PatentsView's (``"inventor"`` or ``"assignee"``); ``options``
    go to :func:`~clusternet.from_affiliations`."""
    from .. import sources

    if source == "cordis":
        tables = sources.read_cordis(path)
    elif source == "openalex":
        tables = sources.read_openalex(path)
    elif source == "patentsview":
        tables = sources.read_patentsview(path, kind=kind)
    else:
        raise ClusternetError(f"unknown source {source!r}; choose one of "
                              + ", ".join(map(repr, SOURCES)))
    return from_affiliations(tables.affiliations, time="year", actors=tables.actors,
                             events=tables.events, **options)
