"""CORDIS: Horizon 2020 and Horizon Europe projects and participating organisations."""

from __future__ import annotations

import contextlib
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from ..errors import ClusternetError
from ._common import (
    SourceTables,
    as_paths,
    require,
    to_bool,
    to_date,
    to_number,
    warn_left_out,
    warn_undated,
    year_of,
)

__all__ = ["read_cordis", "ACTIVITY_TYPES"]

#: CORDIS ``activityType`` codes and the sector names the reader gives them.
ACTIVITY_TYPES = {
    "PRC": "private company",
    "HES": "higher education",
    "REC": "research organisation",
    "PUB": "public body",
    "OTH": "other",
}

_SCHEMA = "CORDIS {} (Horizon 2020 / Horizon Europe projects CSV)"

# official column -> output column; the first ones are required
_PROJECT_REQUIRED = ("id", "startDate", "frameworkProgramme", "fundingScheme", "topics")
_PROJECT = {
    "id": "event",
    "acronym": "acronym",
    "title": "title",
    "status": "status",
    "startDate": "start_date",
    "endDate": "end_date",
    "frameworkProgramme": "framework_programme",
    "fundingScheme": "funding_scheme",
    "topics": "topics",
    "legalBasis": "legal_basis",
    "masterCall": "master_call",
    "subCall": "sub_call",
    "totalCost": "total_cost",
    "ecMaxContribution": "ec_max_contribution",
}
_ORG_REQUIRED = ("projectID", "organisationID", "name", "activityType", "role", "country")
_ORG = {
    "projectID": "event",
    "organisationID": "actor",
    "name": "name",
    "shortName": "short_name",
    "activityType": "activity_type",
    "SME": "sme",
    "city": "city",
    "country": "country",
    "nutsCode": "nuts_code",
    "geolocation": "geolocation",
    "role": "role",
    "order": "order",
    "ecContribution": "ec_contribution",
    "netEcContribution": "net_ec_contribution",
    "totalCost": "total_cost",
    "endOfParticipation": "end_of_participation",
    "active": "active",
}
_ACTOR_COLUMNS = ["name", "short_name", "activity_type", "sector", "sme", "country",
                  "nuts_code", "city", "latitude", "longitude"]
_GEO = re.compile(r"^\s*\(?\s*([-+]?\d+(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d+(?:\.\d+)?)\s*\)?\s*$")


def read_cordis(
    folder_or_files: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    encoding: str = "utf-8-sig",
) -> SourceTables:
    r"""Read CORDIS project and organisation files (Horizon 2020, Horizon
    Europe) into an affiliation table of organisations in projects.

    Download ``cordis-h2020projects-csv.zip`` or
    ``cordis-HORIZONprojects-csv.zip`` from
    https://data.europa.eu/data/datasets/cordish2020projects and
    https://data.europa.eu/data/datasets/cordis-eu-research-projects-under-horizon-europe-2021-2027
    (also listed at https://cordis.europa.eu/about/services). Two files of
    each are read: ``project.csv`` and ``organization.csv`` (``;``-separated,
    ``"``-quoted, UTF-8; numbers with a decimal point or a decimal comma).

    Schema followed: the CSV layout published since the 2022 reshaping of the
    CORDIS open data (checked in December 2026 against the column lists used
    by public readers of these files). ``project.csv``: ``id, acronym,
    status, title, startDate, endDate, totalCost, ecMaxContribution,
    legalBasis, topics, ecSignatureDate, frameworkProgramme, masterCall,
    subCall, fundingScheme, nature, objective, contentUpdateDate, rcn,
    grantDoi``; ``organization.csv``: ``projectID, projectAcronym,
    organisationID, vatNumber, name, shortName, SME, activityType, street,
    postCode, city, country, nutsCode, geolocation, organizationURL,
    contactForm, contentUpdateDate, rcn, order, role, ecContribution,
    netEcContribution, totalCost, endOfParticipation, active``. Required:
    ``id, startDate, frameworkProgramme, fundingScheme, topics`` and
    ``projectID, organisationID, name, activityType, role, country``; the
    other columns listed in the tables below are read when present (missing
    values otherwise).

    Parameters
    ----------
    folder_or_files : path or list of paths
        A folder holding the zip(s) as downloaded and/or the extracted
        ``project.csv`` and ``organization.csv`` (looked for in the folder
        and its ``csv/`` subfolder), a zip, or a list of such folders, zips
        and CSV files. Several programmes (an H2020 zip and a Horizon Europe
        zip) are read together; a project listed twice keeps its first row.
    encoding : str, default "utf-8-sig"
        Text encoding of the CSV files.

    Returns
    -------
    SourceTables
        ``(affiliations, actors, events)``:

        ``affiliations`` -- one row per row of ``organization.csv`` (an
        organisation in a project), in file order:

        ======================== =============================================
        ``actor``                organisation id (``organisationID``, the PIC), text
        ``event``                project id (``projectID``), text
        ``year``                 start year of the project (float; NaN when undated)
        ``date``                 start date of the project (``startDate``; NaT when undated)
        ``role``                 as published: coordinator, participant, partner,
                                 thirdParty, associatedPartner, ...
        ``order``                the organisation's order in the project (number)
        ``ec_contribution``      EU contribution to this organisation (EUR)
        ``net_ec_contribution``  net EU contribution (EUR)
        ``total_cost``           the organisation's total cost (EUR)
        ``end_of_participation`` boolean
        ``active``               boolean
        ======================== =============================================

        ``actors`` -- one row per organisation, indexed by ``actor``, with
        the values of its first row in ``organization.csv`` that has them:
        ``name``, ``short_name``, ``activity_type`` (the code), ``sector``
        (``activityType`` read through :data:`ACTIVITY_TYPES`: PRC private
        company, HES higher education, REC research organisation, PUB
        public body, OTH other; an unknown code is kept as it is),
        ``sme`` (boolean), ``country`` (CORDIS codes: ``UK``, ``EL``...),
        ``nuts_code``, ``city``, ``latitude`` and ``longitude`` (from
        ``geolocation``, ``"lat,lon"``; NaN when absent or out of range).

        ``events`` -- one row per project, indexed by ``event``:
        ``acronym``, ``title``, ``status``, ``start_date``, ``end_date``,
        ``year``, ``framework_programme`` (H2020, HORIZON),
        ``funding_scheme``, ``topics``, ``legal_basis``, ``master_call``,
        ``sub_call``, ``total_cost``, ``ec_max_contribution``.

    Raises
    ------
    ClusternetError
        No project or organisation file found; a file that is not of this
        schema (one line naming the file and the first missing column,
        before anything else is read).

    Warns
    -----
    ClusternetWarning
        Participations whose project has no start date (or is missing from
        ``project.csv``) are kept with a missing ``year`` and ``date`` and
        counted; rows of ``organization.csv`` without an organisation or
        project id are left out and counted.

    Notes
    -----
    The contributions are participation weights: pass
    ``weight="ec_contribution"`` to :func:`~clusternet.from_affiliations`
    after filling or dropping the rows where it is missing (a weight must
    be a number). An organisation can be listed twice in one project (as a
    participant and as a third party, say): pass ``duplicates="drop"``.
    When rows are undated, pass ``missing_time=`` to the builder (``"drop"``
    leaves them out) or drop them first.

    Examples
    --------
    ``t = cn.sources.read_cordis("cordis-HORIZONprojects-csv.zip");
    g = cn.from_affiliations(t.affiliations, time="year", actors=t.actors,
    events=t.events, duplicates="drop")``

    >>> import clusternet as cn, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "project.csv").write_text(
    ...     'id;acronym;startDate;frameworkProgramme;fundingScheme;topics\n'
    ...     '101;"ALPHA";2021-03-01;HORIZON;HORIZON-RIA;"CL4-1"\n')
    >>> _ = (d / "organization.csv").write_text(
    ...     'projectID;organisationID;name;activityType;SME;role;country;'
    ...     'geolocation;ecContribution\n'
    ...     '101;9001;"Uni A";HES;false;coordinator;ES;"41.38,2.17";"1000,5"\n'
    ...     '101;9002;"Firm B";PRC;true;participant;FR;;500\n')
    >>> aff, actors, events = cn.sources.read_cordis(d)
    >>> aff[["actor", "event", "year", "role", "ec_contribution"]]
      actor event    year         role  ec_contribution
    0  9001   101  2021.0  coordinator           1000.5
    1  9002   101  2021.0  participant            500.0
    >>> actors[["sector", "sme", "country", "latitude", "longitude"]]
                        sector    sme country  latitude  longitude
    actor
    9001      higher education  False      ES     41.38       2.17
    9002       private company   True      FR       NaN        NaN
    >>> g = cn.from_affiliations(aff, time="year", actors=actors, events=events)
    >>> g.n_actors, g.n_ties
    (2, 1)
    """
    projects, orgs = _find_files(as_paths(folder_or_files, "folder_or_files"))
    # Schema first, on the headers only, before any file is read in full.
    for src in projects:
        require(_header(src, encoding), _PROJECT_REQUIRED, src.name, _SCHEMA.format("project.csv"))
    for src in orgs:
        require(_header(src, encoding), _ORG_REQUIRED, src.name, _SCHEMA.format("organization.csv"))

    proj = pd.concat([_read(src, _PROJECT, encoding) for src in projects], ignore_index=True)
    org = pd.concat([_read(src, _ORG, encoding) for src in orgs], ignore_index=True)

    # --- events: one row per project
    proj = proj[proj["event"].notna()].drop_duplicates("event", keep="first")
    proj["start_date"] = to_date(proj["start_date"])
    proj["end_date"] = to_date(proj["end_date"])
    proj["year"] = year_of(proj["start_date"])
    for col in ("total_cost", "ec_max_contribution"):
        proj[col] = to_number(proj[col])
    events = proj.set_index("event")
    events = events[[c for c in _PROJECT.values() if c != "event"] + ["year"]]

    # --- affiliations: one row per organisation in a project
    n_rows = len(org)
    no_id = org["actor"].isna() | org["event"].isna()
    warn_left_out(int(no_id.sum()), n_rows, "rows of organization.csv",
                  "they have no organisationID or projectID")
    org = org[~no_id.to_numpy()].reset_index(drop=True)
    start = events["start_date"].reindex(pd.Index(org["event"]))
    aff = pd.DataFrame({
        "actor": org["actor"],
        "event": org["event"],
        "year": year_of(pd.Series(start.to_numpy(), index=org.index)),
        "date": start.to_numpy(),
        "role": org["role"],
        "order": to_number(org["order"]),
        "ec_contribution": to_number(org["ec_contribution"]),
        "net_ec_contribution": to_number(org["net_ec_contribution"]),
        "total_cost": to_number(org["total_cost"]),
        "end_of_participation": to_bool(org["end_of_participation"]),
        "active": to_bool(org["active"]),
    })
    undated = aff["year"].isna().to_numpy()
    unknown = int((~org["event"].isin(events.index)).sum())
    why = "their project has no startDate"
    if unknown:
        why += f"; {unknown} of them name a project absent from project.csv"
    warn_undated(int(undated.sum()), len(aff), "participations", why)

    # --- actors: one row per organisation, its first values that are given
    lat, lon = _geolocation(org["geolocation"])
    attrs = pd.DataFrame({
        "actor": org["actor"],
        "name": org["name"],
        "short_name": org["short_name"],
        "activity_type": org["activity_type"],
        "sector": org["activity_type"].map(lambda c: ACTIVITY_TYPES.get(c, c)
                                           if isinstance(c, str) else c),
        "sme": to_bool(org["sme"]),
        "country": org["country"],
        "nuts_code": org["nuts_code"],
        "city": org["city"],
        "latitude": lat,
        "longitude": lon,
    })
    actors = attrs.groupby("actor", sort=False).first()[_ACTOR_COLUMNS]
    actors["sme"] = actors["sme"].astype("boolean")
    return SourceTables(aff, actors, events)


# ---------------------------------------------------------------- files
class _Source:
    """A CSV on disk or inside a zip."""

    def __init__(self, path: Path, member: str | None = None):
        self.path, self.member = path, member
        self.name = f"{path}:{member}" if member else str(path)

    @contextlib.contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        if self.member is None:
            with open(self.path, "rb") as fh:
                yield fh
        else:
            with zipfile.ZipFile(self.path) as zf, zf.open(self.member) as fh:
                yield fh


def _kind(name: str) -> str | None:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if base in ("project.csv", "projects.csv") or base.endswith("projects.csv"):
        return "project"
    if base in ("organization.csv", "organisation.csv") or base.endswith(
            ("organizations.csv", "organisations.csv")):
        return "organization"
    return None


def _find_files(paths: list[Path]) -> tuple[list[_Source], list[_Source]]:
    found: dict[str, list[_Source]] = {"project": [], "organization": []}

    def add_zip(z: Path) -> None:
        try:
            names = zipfile.ZipFile(z).namelist()
        except zipfile.BadZipFile:
            raise ClusternetError(
                f"{z} is not a zip file (a CORDIS download ends in -csv.zip)") from None
        for n in sorted(names):
            k = _kind(n)
            if k:
                found[k].append(_Source(z, n))

    for p in paths:
        if p.is_dir():
            inner = sorted((p / "csv").iterdir()) if (p / "csv").is_dir() else []
            for f in sorted(p.iterdir()) + inner:
                if f.suffix.lower() == ".zip":
                    add_zip(f)
                elif f.is_file() and _kind(f.name):
                    found[_kind(f.name)].append(_Source(f))
        elif p.is_file() and p.suffix.lower() == ".zip":
            add_zip(p)
        elif p.is_file() and _kind(p.name):
            found[_kind(p.name)].append(_Source(p))
        elif p.is_file():
            raise ClusternetError(
                f"{p} is neither project.csv, organization.csv nor a zip of them"
            )
        else:
            raise ClusternetError(f"{p} does not exist")
    shown = ", ".join(str(p) for p in paths)
    for kind in ("project", "organization"):
        if not found[kind]:
            raise ClusternetError(
                f"no CORDIS {kind}.csv found in {shown}: give the folder holding "
                "project.csv and organization.csv or the -csv.zip as downloaded"
            )
    return found["project"], found["organization"]


def _header(src: _Source, encoding: str) -> list[str]:
    with src.open() as fh:
        try:
            head = pd.read_csv(fh, sep=";", nrows=0, encoding=encoding)
        except (pd.errors.EmptyDataError, UnicodeDecodeError, pd.errors.ParserError) as err:
            raise ClusternetError(
                f"{src.name} cannot be read as a ;-separated CSV: {err}") from None
    return [str(c).strip() for c in head.columns]


def _read(src: _Source, columns: dict[str, str], encoding: str) -> pd.DataFrame:
    with src.open() as fh:
        t = pd.read_csv(fh, sep=";", quotechar='"', dtype=str, encoding=encoding,
                        keep_default_na=False, na_values=[""],
                        usecols=lambda c: str(c).strip() in columns)
    t.columns = [columns[str(c).strip()] for c in t.columns]
    for official, out in columns.items():
        if out not in t.columns:
            t[out] = pd.Series(pd.NA, index=t.index, dtype="str")
    for c in ("actor", "event"):
        if c in t.columns:
            t[c] = t[c].str.strip()
    return t[list(columns.values())]


def _geolocation(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    parts = values.astype("str").str.extract(_GEO)
    lat = np.array(pd.to_numeric(parts[0], errors="coerce"), dtype=np.float64)
    lon = np.array(pd.to_numeric(parts[1], errors="coerce"), dtype=np.float64)
    bad = ~((np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    lat[bad] = np.nan
    lon[bad] = np.nan
    return lat, lon
