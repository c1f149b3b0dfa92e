"""PatentsView bulk tables: inventor-patent or assignee-patent participations."""

from __future__ import annotations

import numbers
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._validation import check_choice
from ..errors import ClusternetError, ClusternetWarning
from ._common import SourceTables, require, to_date, warn_left_out, warn_undated, year_of

__all__ = ["read_patentsview", "ASSIGNEE_TYPES"]

#: USPTO assignee type codes (the last digit; a leading 1 marks a part
#: interest) and the sector names the reader gives them.
ASSIGNEE_TYPES = {
    1: "unassigned",
    2: "private company",
    3: "private company",
    4: "individual",
    5: "individual",
    6: "public body",
    7: "public body",
    8: "public body",
    9: "public body",
}
_SECTIONS = "ABCDEFGHY"
_SCHEMA = "PatentsView {} (granted patents, disambiguated)"
_MAIN = {
    "inventor": ("g_inventor_disambiguated",
                 ["patent_id", "inventor_sequence", "inventor_id",
                  "disambig_inventor_name_first", "disambig_inventor_name_last", "location_id"]),
    "assignee": ("g_assignee_disambiguated",
                 ["patent_id", "assignee_sequence", "assignee_id",
                  "disambig_assignee_individual_name_first",
                  "disambig_assignee_individual_name_last",
                  "disambig_assignee_organization", "assignee_type", "location_id"]),
}
_LOCATION = ("g_location_disambiguated",
             ["location_id", "disambig_city", "disambig_state", "disambig_country",
              "latitude", "longitude"])
_PATENT = ("g_patent", ["patent_id", "patent_date"])
_CPC = ("g_cpc_current", ["patent_id", "cpc_sequence", "cpc_section"])


def read_patentsview(
    folder: str | os.PathLike,
    *,
    kind: str = "inventor",
    chunksize: int = 500_000,
) -> SourceTables:
    r"""Read PatentsView bulk tables into an inventor-patent or
    assignee-patent affiliation table, in chunks with bounded memory.

    Download the tables from https://patentsview.org/download/data-download-tables
    (granted patents; each a ``.tsv.zip``): ``g_inventor_disambiguated`` or
    ``g_assignee_disambiguated`` (required, by ``kind``),
    ``g_location_disambiguated`` (coordinates), ``g_patent`` (grant dates)
    and ``g_cpc_current`` (CPC classes). Put them in one folder, zipped as
    downloaded or unzipped (``.tsv``). The last three are optional: when one
    is absent a warning says what is missing from the result.

    Schema followed: the PatentsView Data Download Dictionary for granted
    patent data (checked in December 2026). Columns read --
    ``g_inventor_disambiguated``: ``patent_id, inventor_sequence,
    inventor_id, disambig_inventor_name_first, disambig_inventor_name_last,
    location_id``; ``g_assignee_disambiguated``: ``patent_id,
    assignee_sequence, assignee_id, disambig_assignee_individual_name_first,
    disambig_assignee_individual_name_last, disambig_assignee_organization,
    assignee_type, location_id``; ``g_location_disambiguated``:
    ``location_id, disambig_city, disambig_state, disambig_country,
    latitude, longitude``; ``g_patent``: ``patent_id, patent_date``;
    ``g_cpc_current``: ``patent_id, cpc_sequence, cpc_section``.

    Parameters
    ----------
    folder : path
        The folder holding the tables.
    kind : {"inventor", "assignee"}, default "inventor"
        Inventors or assignees as the actors.
    chunksize : int, default 500,000
        Rows read at a time from the large tables (participations, patents,
        CPC classes). Memory grows with the rows kept, not with the file's
        text: ids are held as compact strings, places as codes into the
        location table, CPC sections as bit masks per patent.

    Returns
    -------
    SourceTables
        ``(affiliations, actors, events)``:

        ``affiliations`` -- one row per row of the inventor (assignee)
        table, in file order:

        =============== =====================================================
        ``actor``       ``inventor_id`` (``assignee_id``)
        ``event``       ``patent_id``
        ``year``        grant year (float; NaN when undated)
        ``date``        grant date (``patent_date``; NaT when undated)
        ``sequence``    ``inventor_sequence`` (``assignee_sequence``), from 0
        ``location_id`` the disambiguated location of this participation
        ``city``        ``disambig_city`` of that location (categorical)
        ``state``       ``disambig_state`` (categorical)
        ``country``     ``disambig_country`` (categorical)
        ``latitude``    of that location (NaN when unknown)
        ``longitude``   of that location (NaN when unknown)
        =============== =====================================================

        ``actors`` -- indexed by ``actor``: ``name`` (first and last name;
        for assignees the organisation when there is one), and the
        ``city``, ``state``, ``country``, ``latitude``, ``longitude`` of the
        actor's most recent participation (latest grant date; the last in
        file order among equals or undated ones). Assignees also have
        ``assignee_type`` (the USPTO code) and ``sector`` (the code's last
        digit read through :data:`ASSIGNEE_TYPES`: 2-3 private company,
        4-5 individual, 6-9 public body, 1 unassigned).

        ``events`` -- one row per patent in the participations, indexed by
        ``event``: ``date``, ``year``, ``cpc_section`` (the section, A-H or
        Y, of the first current CPC class, ``cpc_sequence`` 0; the patent's
        field) and ``cpc_sections`` (all its sections, e.g. ``"G;H"``).

    Raises
    ------
    ClusternetError
        No inventor (assignee) table in the folder; a table that is not of
        this schema (one line naming the file and the first missing column;
        every table's header is checked before any is read); a bad ``kind``
        or ``chunksize``.

    Warns
    -----
    ClusternetWarning
        Participations of patents without a grant date (or with no
        ``g_patent`` table) are kept with a missing ``year`` and ``date``
        and counted; rows without a patent or actor id are left out and
        counted; an absent optional table is named.

    Notes
    -----
    The chunked result equals the one read in a single chunk (tested). With
    undated rows, pass ``missing_time=`` to
    :func:`~clusternet.from_affiliations`.

    Examples
    --------
    ``t = cn.sources.read_patentsview("patentsview/", kind="inventor");
    g = cn.from_affiliations(t.affiliations, time="year", actors=t.actors,
    events=t.events)``

    >>> import clusternet as cn, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "g_inventor_disambiguated.tsv").write_text(
    ...     "patent_id\tinventor_sequence\tinventor_id\tdisambig_inventor_name_first\t"
    ...     "disambig_inventor_name_last\tgender_code\tlocation_id\n"
    ...     "10000001\t0\tfl:a_ln:x-1\tAda\tX\tF\tloc1\n"
    ...     "10000001\t1\tfl:b_ln:y-1\tBo\tY\tM\tloc2\n")
    >>> _ = (d / "g_location_disambiguated.tsv").write_text(
    ...     "location_id\tdisambig_city\tdisambig_state\tdisambig_country\tlatitude\tlongitude\n"
    ...     "loc1\tAustin\tTX\tUS\t30.27\t-97.74\nloc2\tBerlin\t\tDE\t52.52\t13.40\n")
    >>> _ = (d / "g_patent.tsv").write_text(
    ...     "patent_id\tpatent_type\tpatent_date\n10000001\tutility\t2018-06-19\n")
    >>> _ = (d / "g_cpc_current.tsv").write_text(
    ...     "patent_id\tcpc_sequence\tcpc_section\tcpc_class\n"
    ...     "10000001\t0\tG\tG06\n10000001\t1\tH\tH04\n")
    >>> aff, actors, events = cn.sources.read_patentsview(d)
    >>> aff[["actor", "event", "year", "sequence", "city", "latitude"]]
             actor     event    year  sequence    city  latitude
    0  fl:a_ln:x-1  10000001  2018.0         0  Austin     30.27
    1  fl:b_ln:y-1  10000001  2018.0         1  Berlin     52.52
    >>> events[["year", "cpc_section", "cpc_sections"]]
                year cpc_section cpc_sections
    event
    10000001  2018.0           G          G;H
    >>> cn.from_affiliations(aff, time="year", actors=actors, events=events).n_ties
    1
    """
    check_choice(kind, tuple(_MAIN), "kind")
    if isinstance(chunksize, bool) or not isinstance(chunksize, numbers.Integral) or chunksize < 1:
        raise ClusternetError(f"chunksize must be a positive integer, got {chunksize!r}")
    folder = Path(folder)
    if not folder.is_dir():
        raise ClusternetError(f"{folder} is not a folder: give the folder holding the "
                              "PatentsView tables")
    main_name, main_cols = _MAIN[kind]
    main = _find(folder, main_name)
    if main is None:
        raise ClusternetError(
            f"no {main_name}.tsv or {main_name}.tsv.zip in {folder} (needed for kind={kind!r})"
        )
    tables = {"location": _find(folder, _LOCATION[0]), "patent": _find(folder, _PATENT[0]),
              "cpc": _find(folder, _CPC[0])}
    # Every header first, before any table is read.
    require(_header(main), main_cols, str(main), _SCHEMA.format(main_name))
    for key, (name, cols) in (("location", _LOCATION), ("patent", _PATENT), ("cpc", _CPC)):
        if tables[key] is not None:
            require(_header(tables[key]), cols, str(tables[key]), _SCHEMA.format(name))
    _warn_absent(tables, folder)

    # --- locations (small: one row per place)
    if tables["location"] is not None:
        loc = _read(tables["location"], _LOCATION[1])
        loc = loc[loc["location_id"].notna()].drop_duplicates("location_id")
    else:
        loc = pd.DataFrame({c: pd.Series([], dtype="str") for c in _LOCATION[1]})
    loc_index = pd.Index(loc["location_id"], dtype="str")
    loc_lat = _coord(loc["latitude"], 90)
    loc_lon = _coord(loc["longitude"], 180)

    # --- participations, chunk by chunk
    actor_col, seq_col = main_cols[2], main_cols[1]
    parts, names = [], []
    n_rows = n_bad = 0
    for chunk in _chunks(main, main_cols, chunksize):
        n_rows += len(chunk)
        ok = (chunk["patent_id"].notna() & chunk[actor_col].notna()).to_numpy()
        n_bad += int((~ok).sum())
        chunk = chunk[ok]
        parts.append(pd.DataFrame({
            "actor": chunk[actor_col].array,
            "event": chunk["patent_id"].array,
            "sequence": _number(chunk[seq_col]),
            "loc": _positions(loc_index, chunk["location_id"]).astype(np.int32),
        }))
        names.append(_names(chunk.drop_duplicates(actor_col, keep="last"), kind, actor_col))
        del chunk
    warn_left_out(n_bad, n_rows, f"rows of {main.name}", "they have no patent_id or "
                  f"{actor_col}")
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"actor": pd.Series([], dtype="str"), "event": pd.Series([], dtype="str"),
         "sequence": np.zeros(0), "loc": np.zeros(0, np.int32)})
    del parts
    actor = pd.Series(rows["actor"], dtype="str")
    event = pd.Series(rows["event"], dtype="str")
    seq = rows["sequence"].to_numpy()
    loc_code = rows["loc"].to_numpy()
    del rows

    # --- patents: dates and CPC sections, per distinct patent
    p_codes, p_ids = pd.factorize(event)
    p_codes = p_codes.astype(np.int32)
    p_ids = pd.Index(p_ids, name="event", dtype="str")
    n_pat = len(p_ids)
    p_date = np.full(n_pat, np.datetime64("NaT"), dtype="datetime64[ns]")
    if tables["patent"] is not None:
        for chunk in _chunks(tables["patent"], _PATENT[1], chunksize):
            pos = _positions(p_ids, chunk["patent_id"])
            hit = pos >= 0
            if hit.any():
                p_date[pos[hit]] = to_date(chunk["patent_date"][hit]).to_numpy()
    first_sec = np.full(n_pat, -1, dtype=np.int8)
    all_sec = np.zeros(n_pat, dtype=np.uint16)
    if tables["cpc"] is not None:
        for chunk in _chunks(tables["cpc"], _CPC[1], chunksize):
            pos = _positions(p_ids, chunk["patent_id"])
            letters = chunk["cpc_section"].str.strip().str.upper()
            sec = pd.Index(list(_SECTIONS)).get_indexer(letters)
            hit = (pos >= 0) & (sec >= 0)
            np.bitwise_or.at(all_sec, pos[hit], (1 << sec[hit]).astype(np.uint16))
            zero = hit & (_number(chunk["cpc_sequence"]) == 0)
            first_sec[pos[zero]] = sec[zero]

    dates = pd.Series(p_date[p_codes])
    del p_codes
    year = year_of(dates).to_numpy()
    have = loc_code >= 0
    at = np.where(have, loc_code, 0)  # a valid position for every row; masked below
    places = {}
    for out, col in (("city", "disambig_city"), ("state", "disambig_state"),
                     ("country", "disambig_country")):
        codes, cats = pd.factorize(loc[col])
        row_codes = np.where(have, codes[at], -1) if len(codes) else np.full(len(at), -1)
        places[out] = pd.Categorical.from_codes(row_codes, categories=pd.Index(cats, dtype="str"))
    lat = np.where(have, loc_lat[at], np.nan) if len(loc_lat) else np.full(len(at), np.nan)
    lon = np.where(have, loc_lon[at], np.nan) if len(loc_lon) else np.full(len(at), np.nan)
    del at
    aff = pd.DataFrame({
        "actor": actor,
        "event": event,
        "year": year,
        "date": dates.to_numpy(),
        "sequence": pd.array(seq, dtype="Int16"),
        "location_id": pd.Categorical.from_codes(
            np.where(have, loc_code, -1), categories=loc_index.rename(None)),
        **places,
        "latitude": lat,
        "longitude": lon,
    }, copy=False)
    del seq, loc_code, places
    why = ("their patent has no patent_date in g_patent" if tables["patent"] is not None
           else f"there is no g_patent table in {folder}")
    warn_undated(int(np.isnan(year).sum()), len(aff), "participations", why)

    # --- actors: name, and the place of the most recent participation
    a_codes, a_ids = pd.factorize(actor)
    order = np.lexsort((np.arange(len(a_codes)), dates.to_numpy().view(np.int64), a_codes))
    last = order[np.r_[a_codes[order][1:] != a_codes[order][:-1], True]] if len(order) else order
    actors = pd.DataFrame(index=pd.Index(a_ids, name="actor", dtype="str"))
    name_table = pd.concat(names, ignore_index=True).drop_duplicates("actor", keep="last")
    name_table = name_table.set_index("actor").reindex(actors.index)
    for c in name_table.columns:
        actors[c] = name_table[c].to_numpy()
    if kind == "assignee":
        code = pd.to_numeric(actors["assignee_type"], errors="coerce") % 10
        actors["sector"] = pd.Series(code.map(ASSIGNEE_TYPES), dtype="str").to_numpy()
    for c in ("city", "state", "country"):
        actors[c] = pd.Series(aff[c].to_numpy()[last], dtype="str").to_numpy()
    actors["latitude"] = lat[last]
    actors["longitude"] = lon[last]

    sec_names = np.array([
        ";".join(_SECTIONS[b] for b in range(len(_SECTIONS)) if m >> b & 1) or None
        for m in range(1 << len(_SECTIONS))], dtype=object)
    events = pd.DataFrame({
        "date": p_date,
        "year": year_of(pd.Series(p_date)).to_numpy(),
        "cpc_section": pd.Series(
            np.where(first_sec >= 0, np.array(list(_SECTIONS))[np.maximum(first_sec, 0)], None),
            dtype="str").to_numpy(),
        "cpc_sections": pd.Series(sec_names[all_sec], dtype="str").to_numpy(),
    }, index=p_ids)
    return SourceTables(aff, actors, events)


def _positions(keys: pd.Index, values: pd.Series) -> np.ndarray:
    """The position of each value among ``keys`` (unique), -1 when absent.

    One factorisation of keys and values together: the keys come first and
    are unique, so key ``i`` gets code ``i`` (hashing compact strings without
    making Python objects of them, unlike ``Index.get_indexer``).
    """
    codes, _ = pd.factorize(pd.concat([pd.Series(keys.array), values.reset_index(drop=True)],
                                      ignore_index=True))
    found = codes[len(keys):]
    return np.where((found >= 0) & (found < len(keys)), found, -1).astype(np.int64)


def _number(values: pd.Series) -> np.ndarray:
    """Numbers from text; anything else NaN (a cast first: fast on Arrow strings)."""
    try:
        return np.array(values.astype("float64"), dtype=np.float64)
    except (ValueError, TypeError):
        return np.array(pd.to_numeric(values, errors="coerce"), dtype=np.float64)


def _find(folder: Path, name: str) -> Path | None:
    for suffix in (".tsv", ".tsv.zip", ".tsv.gz"):
        p = folder / f"{name}{suffix}"
        if p.is_file():
            return p
    return None


def _warn_absent(tables: dict[str, Path | None], folder: Path) -> None:
    what = {"location": "g_location_disambiguated (places and coordinates)",
            "patent": "g_patent (grant dates)", "cpc": "g_cpc_current (CPC sections)"}
    absent = [what[k] for k, v in tables.items() if v is None]
    if absent:
        warnings.warn(
            f"no {', '.join(absent)} table in {folder}: those columns are left missing",
            ClusternetWarning, stacklevel=3,
        )


def _header(path: Path) -> list[str]:
    try:
        head = pd.read_csv(path, sep="\t", nrows=0)
    except (pd.errors.EmptyDataError, UnicodeDecodeError, pd.errors.ParserError, OSError,
            ValueError) as err:
        raise ClusternetError(f"{path} cannot be read as a tab-separated table: {err}") from None
    return [str(c).strip() for c in head.columns]


def _chunks(path: Path, columns: list[str], chunksize: int):
    return pd.read_csv(path, sep="\t", dtype="str", usecols=columns, chunksize=chunksize,
                       keep_default_na=False, na_values=[""])


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype="str", usecols=columns,
                       keep_default_na=False, na_values=[""])[columns]


def _coord(values: pd.Series, bound: float) -> np.ndarray:
    x = np.array(pd.to_numeric(values, errors="coerce"), dtype=np.float64)
    x[~(np.abs(x) <= bound)] = np.nan
    return x


def _names(chunk: pd.DataFrame, kind: str, actor_col: str) -> pd.DataFrame:
    if kind == "inventor":
        first, last = chunk["disambig_inventor_name_first"], chunk["disambig_inventor_name_last"]
        extra = {}
    else:
        first = chunk["disambig_assignee_individual_name_first"]
        last = chunk["disambig_assignee_individual_name_last"]
        extra = {"assignee_type": chunk["assignee_type"].array}
    person = (first.fillna("") + " " + last.fillna("")).str.strip().replace("", pd.NA)
    name = person if kind == "inventor" else chunk["disambig_assignee_organization"].fillna(person)
    return pd.DataFrame({"actor": chunk[actor_col].array, "name": name.array, **extra})
