"""OpenAlex: works from a snapshot (JSON Lines), one row per authorship and institution."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ClusternetError
from .._validation import check_choice
from ._common import SourceTables, to_date, warn_left_out, warn_undated, year_of

__all__ = ["read_openalex"]

_PREFIX = "https://openalex.org/"
_SUFFIXES = (".gz", ".jsonl", ".json", ".ndjson")


def read_openalex(
    path: str | os.PathLike,
    *,
    actor: str = "institution",
) -> SourceTables:
    r"""Read OpenAlex works (a snapshot's JSON Lines) into an affiliation
    table of institutions (or authors) in works.

    The snapshot is downloaded as described at
    https://docs.openalex.org/download-all-data/openalex-snapshot (the works
    are ``data/works/updated_date=*/part_*.gz``, gzip-compressed JSON Lines,
    one Work object a line); a file of works saved from the API, one JSON
    object a line, is read the same way.

    Schema followed: the Work object of the OpenAlex documentation
    (https://docs.openalex.org/api-entities/works/work-object, checked in
    December 2026): ``id``, ``publication_year``, ``publication_date``,
    ``type``, ``primary_topic.{display_name, subfield, field,
    domain}.display_name`` and ``authorships[]`` with ``author_position``
    (first, middle, last), ``author.{id, display_name, orcid}`` and
    ``institutions[].{id, display_name, ror, country_code, type}``. Each
    line must be an object with ``id`` and ``authorships``.

    Parameters
    ----------
    path : path
        A file (``.jsonl``, ``.json``, ``.ndjson``, each optionally
        ``.gz``; or a snapshot ``part_*.gz``) or a folder, searched
        recursively for such files (read in sorted order; ``manifest``
        files are skipped). A work met twice is read once (the first
        record met), with a warning that counts the repeats.
    actor : {"institution", "author"}, default "institution"
        What the ``actor`` column holds, and what the actor table
        describes.

    Returns
    -------
    SourceTables
        ``(affiliations, actors, events)``:

        ``affiliations`` -- one row per (work, author, institution): an
        author with two institutions on a work gives two rows (not
        flattened to one); an author without an institution gives one row
        with a missing institution. Ids lose the ``https://openalex.org/``
        prefix (``W2741809807``).

        =================== ==================================================
        ``actor``           the institution id (``actor="institution"``) or
                            the author id (``actor="author"``)
        ``event``           the work id
        ``year``            ``publication_year`` (float; NaN when absent)
        ``date``            ``publication_date`` (NaT when absent)
        ``author``          author id
        ``institution``     institution id (missing when none)
        ``author_position`` first, middle or last
        ``country``         the institution's ``country_code`` (ISO 3166-1 alpha-2)
        =================== ==================================================

        ``actors`` -- indexed by ``actor``. Institutions: ``name``, ``ror``,
        ``country`` (``country_code``), ``type`` and ``sector`` (the same
        words: education, healthcare, company, archive, nonprofit,
        government, facility, other -- OpenAlex's institution types, taken
        from ROR). Authors: ``name``, ``orcid``. The first value met in the
        files is kept.

        ``events`` -- indexed by ``event`` (every work read, with or
        without authorships): ``year``, ``date``, ``type`` (article,
        preprint, ...), ``domain``, ``field``, ``subfield`` and ``topic``
        (the display names of the primary topic and its hierarchy; the
        field, e.g. "Computer Science", is the event's field).

    Raises
    ------
    ClusternetError
        A path that holds no works file; a line that is not JSON, or an
        object without ``id`` or ``authorships`` (naming the file, the line
        and the missing field), raised on the first such line -- the first
        line is checked before the rest is read.

    Warns
    -----
    ClusternetWarning
        Rows of works without ``publication_year`` are kept with a missing
        ``year`` and ``date`` and counted. With ``actor="institution"``,
        authorships without an institution are left out (they have no actor)
        and counted; with ``actor="author"``, authorships without an author
        id likewise.

    Notes
    -----
    An (actor, work) pair can repeat: two authors of one institution on a
    work, or an author listed with two institutions. Pass
    ``duplicates="drop"`` to :func:`~clusternet.from_affiliations` (one
    participation per pair) or ``duplicates="sum"`` (the pair's weight is its
    number of rows). When works are undated, pass ``missing_time=``.

    Examples
    --------
    ``t = cn.sources.read_openalex("openalex-snapshot/data/works");
    g = cn.from_affiliations(t.affiliations, time="year", actors=t.actors,
    events=t.events, duplicates="drop")``

    >>> import clusternet as cn, json, tempfile, pathlib
    >>> inst = lambda i, c, k: {"id": f"https://openalex.org/I{i}", "display_name": f"Inst {i}",
    ...                         "ror": f"https://ror.org/0{i}", "country_code": c, "type": k}
    >>> work = {"id": "https://openalex.org/W1", "publication_year": 2020,
    ...         "primary_topic": {"display_name": "T", "subfield": {"display_name": "S"},
    ...                           "field": {"display_name": "Computer Science"},
    ...                           "domain": {"display_name": "Physical Sciences"}},
    ...         "authorships": [
    ...             {"author_position": "first", "author": {"id": "https://openalex.org/A1"},
    ...              "institutions": [inst(1, "ES", "education"), inst(2, "ES", "company")]},
    ...             {"author_position": "last", "author": {"id": "https://openalex.org/A2"},
    ...              "institutions": [inst(3, "FR", "government")]}]}
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "works.jsonl"
    >>> _ = f.write_text(json.dumps(work) + "\n")
    >>> aff, actors, events = cn.sources.read_openalex(f)
    >>> aff[["actor", "event", "year", "author", "author_position", "country"]]
      actor event    year author author_position country
    0    I1    W1  2020.0     A1           first      ES
    1    I2    W1  2020.0     A1           first      ES
    2    I3    W1  2020.0     A2            last      FR
    >>> actors["sector"].tolist(), events.loc["W1", "field"]
    (['education', 'company', 'government'], 'Computer Science')
    >>> cn.from_affiliations(aff, time="year", actors=actors, events=events).n_ties
    3
    """
    check_choice(actor, ("institution", "author"), "actor")
    files = _files(Path(path))
    rows: dict[str, list[Any]] = {k: [] for k in (
        "event", "author", "institution", "author_position", "country")}
    works: dict[str, list[Any]] = {k: [] for k in (
        "event", "year", "date", "type", "domain", "field", "subfield", "topic")}
    insts: dict[str, tuple[Any, ...]] = {}
    authors: dict[str, tuple[Any, ...]] = {}
    seen: set[str] = set()
    n_repeats = 0
    for where, w in _works(files):
        wid = _short(w.get("id"))
        if wid is None:
            raise ClusternetError(f"{where}: the work has no id (field 'id' is empty)")
        if wid in seen:
            n_repeats += 1
            continue
        seen.add(wid)
        topic = w.get("primary_topic") or {}
        works["event"].append(wid)
        works["year"].append(w.get("publication_year"))
        works["date"].append(w.get("publication_date"))
        works["type"].append(w.get("type"))
        works["domain"].append(_name(topic.get("domain")))
        works["field"].append(_name(topic.get("field")))
        works["subfield"].append(_name(topic.get("subfield")))
        works["topic"].append(topic.get("display_name"))
        for a in w["authorships"] or ():
            person = a.get("author") or {}
            aid = _short(person.get("id"))
            if aid is not None and aid not in authors:
                authors[aid] = (person.get("display_name"), person.get("orcid"))
            pos = a.get("author_position")
            places = a.get("institutions") or [None]
            for i in places:
                i = i or {}
                iid = _short(i.get("id"))
                if iid is not None and iid not in insts:
                    insts[iid] = (i.get("display_name"), i.get("ror"), i.get("country_code"),
                                  i.get("type"))
                rows["event"].append(wid)
                rows["author"].append(aid)
                rows["institution"].append(iid)
                rows["author_position"].append(pos)
                rows["country"].append(i.get("country_code"))

    del seen
    warn_left_out(n_repeats, n_repeats + len(works["event"]), "work records",
                  "their work was already read from an earlier line or file (the "
                  "first one read is kept; files are read in sorted path order)")
    events = pd.DataFrame(works)
    events["date"] = to_date(pd.Series(events["date"], dtype="str"))
    events["year"] = pd.to_numeric(events["year"], errors="coerce").astype(np.float64)
    # a date without a year: the year of the date
    events["year"] = events["year"].fillna(year_of(events["date"]))
    events = events.set_index("event")

    aff = pd.DataFrame(rows, dtype="str") if rows["event"] else pd.DataFrame(
        {k: pd.Series([], dtype="str") for k in rows})
    n_all = len(aff)
    keep = aff[actor].notna().to_numpy()
    warn_left_out(int((~keep).sum()), n_all, "authorship rows",
                  "they have no institution to be the actor; read with actor='author' "
                  "to keep them" if actor == "institution"
                  else "they have no author id to be the actor")
    aff = aff[keep].reset_index(drop=True)
    aff.insert(0, "actor", aff[actor])
    when = events.reindex(pd.Index(aff["event"]))
    aff.insert(2, "year", when["year"].to_numpy())
    aff.insert(3, "date", when["date"].to_numpy())
    warn_undated(int(np.isnan(aff["year"].to_numpy()).sum()), len(aff), "authorship rows",
                 "their work has no publication_year")

    if actor == "institution":
        actors = pd.DataFrame.from_dict(
            insts, orient="index", columns=["name", "ror", "country", "type"], dtype="str")
        actors["sector"] = actors["type"]
    else:
        actors = pd.DataFrame.from_dict(authors, orient="index", columns=["name", "orcid"],
                                        dtype="str")
    actors.index = pd.Index(actors.index, name="actor", dtype="str")
    actors = actors.loc[actors.index.isin(aff["actor"])]
    return SourceTables(aff, actors, events)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ClusternetError(f"{path} does not exist")
    files = sorted(
        p for p in path.rglob("*")
        if p.is_file() and p.name.lower().endswith(_SUFFIXES)
        and "manifest" not in p.name.lower()
    )
    if not files:
        raise ClusternetError(
            f"{path} holds no OpenAlex works file (*.gz, *.jsonl, *.json): give the "
            "snapshot's data/works folder or a JSON Lines file of works"
        )
    return files


def _open(path: Path) -> Iterator[str]:
    with open(path, "rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8") as fh:
        yield from fh


def _works(files: list[Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in files:
        for k, line in enumerate(_open(path), 1):
            line = line.strip()
            if not line:
                continue
            where = f"{path}, line {k}"
            try:
                w = json.loads(line)
            except json.JSONDecodeError:
                raise ClusternetError(
                    f"{where} is not JSON: an OpenAlex works file has one Work object a line"
                ) from None
            if not isinstance(w, dict):
                raise ClusternetError(f"{where} is not a JSON object (an OpenAlex Work)")
            for field in ("id", "authorships"):
                if field not in w:
                    raise ClusternetError(
                        f"{where} has no field {field!r}: it is not an OpenAlex Work object"
                    )
            yield where, w


def _short(value: Any) -> str | None:
    if not value:
        return None
    value = str(value)
    return value[len(_PREFIX):] if value.startswith(_PREFIX) else value


def _name(obj: Any) -> Any:
    return obj.get("display_name") if isinstance(obj, dict) else None
