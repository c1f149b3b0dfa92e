"""Source readers (cn.sources): CORDIS, OpenAlex, PatentsView.

Every fixture is written here, in the official schema of its source, with
made-up rows (no downloaded data): the CORDIS headers are the column lists
of project.csv and organization.csv as published since 2022, the OpenAlex
lines follow the documented Work object, and the PatentsView tables follow
the Data Download Dictionary (the readers' docstrings give the sources).
Each expected value below is read off the fixture rows by hand.
"""

from __future__ import annotations

import gzip
import json
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet.errors import ClusternetError, ClusternetWarning, ColumnError

# ------------------------------------------------------------------ CORDIS
PROJECT_HEADER = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;"
    "topics;ecSignatureDate;frameworkProgramme;masterCall;subCall;fundingScheme;nature;"
    "objective;contentUpdateDate;rcn;grantDoi"
)
PROJECT_ROWS = [
    '101;"ALPHA";"SIGNED";"Alpha; a title with a semicolon";2021-03-01;2024-02-29;'
    '"1500000,5";"1200000";"HORIZON.2.4";"HORIZON-CL4-2021-01";2021-01-15;"HORIZON";'
    '"HORIZON-CL4-2021";"HORIZON-CL4-2021-01";"HORIZON-RIA";;"Obj.";2022-05-01;1;"10.3030/101"',
    '102;"BETA";"SIGNED";"Beta";2022-09-01;2025-08-31;500000;500000;"HORIZON.1.2";'
    '"HORIZON-MSCA";2022-06-01;"HORIZON";"HORIZON-MSCA-2021";"HORIZON-MSCA-2021-DN";'
    '"HORIZON-TMA-MSCA-DN";;"Obj.";2022-05-01;2;"10.3030/102"',
    # a project without a start date
    '103;"GAMMA";"SIGNED";"Gamma";;;100;100;"HORIZON.3.1";"HORIZON-EIC";;"HORIZON";'
    '"HORIZON-EIC-2022";"HORIZON-EIC-2022";"HORIZON-EIC";;"Obj.";2022-05-01;3;',
]
ORG_HEADER = (
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;activityType;"
    "street;postCode;city;country;nutsCode;geolocation;organizationURL;contactForm;"
    "contentUpdateDate;rcn;order;role;ecContribution;netEcContribution;totalCost;"
    "endOfParticipation;active"
)
ORG_ROWS = [
    '101;"ALPHA";"999001";"ES1";"Universitat A";"UA";false;HES;"C/ 1";"08001";"Barcelona";'
    '"ES";"ES511";"41.3851,2.1734";"https://a.example";;2022-05-01;11;1;"coordinator";'
    '"600000,25";"600000,25";"700000";false;true',
    '101;"ALPHA";"999002";;"Firm B GmbH";"FB";true;PRC;;;"Berlin";"DE";"DE300";'
    '"52.52,13.405";;;2022-05-01;12;2;"participant";"600000,25";"600000,25";"800000,25";'
    'false;true',
    '101;"ALPHA";"999003";;"Ministry C";;false;PUB;;;"Windhoek";"NA";;;;;2022-05-01;13;3;'
    '"partner";;;;false;true',
    '102;"BETA";"999001";"ES1";"Universitat A";"UA";false;HES;"C/ 1";"08001";"Barcelona";'
    '"ES";"ES511";"41.3851,2.1734";;;2022-05-01;14;1;"coordinator";500000;500000;500000;'
    'false;true',
    '102;"BETA";"999004";;"Institute D";"ID";false;REC;;;"Lisboa";"PT";"PT170";'
    '"95.0,9.1";;;2022-05-01;15;2;"thirdParty";0;0;0;false;true',
    '103;"GAMMA";"999005";;"Other E";;false;OTH;;;"Roma";"IT";"ITI43";;;;2022-05-01;16;1;'
    '"coordinator";100;100;100;true;false',
    # a participation in a project absent from project.csv
    '104;"DELTA";"999002";;"Firm B GmbH";"FB";true;PRC;;;"Berlin";"DE";"DE300";;;;'
    '2022-05-01;17;1;"coordinator";10;10;10;false;true',
]


def _cordis_files(folder: Path, project_rows=PROJECT_ROWS, org_rows=ORG_ROWS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "project.csv").write_text("\n".join([PROJECT_HEADER, *project_rows]) + "\n",
                                        encoding="utf-8")
    (folder / "organization.csv").write_text("\n".join([ORG_HEADER, *org_rows]) + "\n",
                                             encoding="utf-8")
    return folder


@pytest.fixture()
def cordis_dir(tmp_path):
    return _cordis_files(tmp_path / "cordis")


def _read_cordis(path):
    with pytest.warns(ClusternetWarning, match="2 of 7 participations have no date"):
        return cn.sources.read_cordis(path)


def test_cordis_affiliations_round_trip(cordis_dir):
    aff, actors, events = _read_cordis(cordis_dir)
    # one row per row of organization.csv, in file order, none dropped
    assert aff["actor"].tolist() == ["999001", "999002", "999003", "999001", "999004",
                                     "999005", "999002"]
    assert aff["event"].tolist() == ["101", "101", "101", "102", "102", "103", "104"]
    assert aff["role"].tolist() == ["coordinator", "participant", "partner", "coordinator",
                                    "thirdParty", "coordinator", "coordinator"]
    # start years from project.csv; 103 has no startDate and 104 is not in project.csv
    np.testing.assert_array_equal(aff["year"], [2021, 2021, 2021, 2022, 2022, np.nan, np.nan])
    assert aff["date"].iloc[0] == pd.Timestamp("2021-03-01")
    assert pd.isna(aff["date"].iloc[5])
    # decimal commas read as decimals; blanks missing
    np.testing.assert_array_equal(aff["ec_contribution"],
                                  [600000.25, 600000.25, np.nan, 500000, 0, 100, 10])
    assert aff["total_cost"].iloc[1] == 800000.25
    assert aff["end_of_participation"].tolist() == [False] * 5 + [True, False]
    assert aff["active"].tolist() == [True] * 5 + [False, True]


def test_cordis_actors_and_events(cordis_dir):
    _, actors, events = _read_cordis(cordis_dir)
    assert actors.index.name == "actor"
    assert actors.index.tolist() == ["999001", "999002", "999003", "999004", "999005"]
    assert actors["sector"].tolist() == ["higher education", "private company", "public body",
                                         "research organisation", "other"]
    assert actors["activity_type"].tolist() == ["HES", "PRC", "PUB", "REC", "OTH"]
    assert actors["sme"].tolist() == [False, True, False, False, False]
    # Namibia's code "NA" stays a country, not a missing value
    assert actors["country"].tolist() == ["ES", "DE", "NA", "PT", "IT"]
    assert actors.loc["999001", "nuts_code"] == "ES511"
    assert actors.loc["999001", "city"] == "Barcelona"
    assert tuple(actors.loc["999001", ["latitude", "longitude"]]) == (41.3851, 2.1734)
    # no geolocation, or a latitude out of range (95.0): NaN
    assert np.isnan(actors.loc["999003", "latitude"]) and np.isnan(actors.loc["999004", "latitude"])
    assert events.index.name == "event"
    assert events.index.tolist() == ["101", "102", "103"]
    assert events.loc["101", "title"] == "Alpha; a title with a semicolon"
    assert events["framework_programme"].tolist() == ["HORIZON"] * 3
    assert events["funding_scheme"].tolist() == ["HORIZON-RIA", "HORIZON-TMA-MSCA-DN",
                                                 "HORIZON-EIC"]
    assert events.loc["102", "topics"] == "HORIZON-MSCA"
    assert events.loc["101", "total_cost"] == 1500000.5
    np.testing.assert_array_equal(events["year"], [2021, 2022, np.nan])
    assert "time" not in events.columns and "size" not in events.columns


def test_cordis_into_from_affiliations(cordis_dir):
    aff, actors, events = _read_cordis(cordis_dir)
    dated = aff.dropna(subset=["year"])
    g = cn.from_affiliations(dated, time="year", actors=actors, events=events)
    # 101: 999001-999002-999003; 102: 999001-999004 -> 4 ties; 999005 an isolate
    assert g.n_actors == 5 and g.n_events == 2 and g.n_ties == 4
    assert g.events.loc["102", "funding_scheme"] == "HORIZON-TMA-MSCA-DN"
    assert g.actors.loc["999004", "sector"] == "research organisation"
    assert g.window(2022, 2023).n_ties == 1
    # the builder's missing_time= reads the undated rows the reader kept
    with pytest.warns(ClusternetWarning, match="missing_time='keep': 2 row"):
        kept = cn.from_affiliations(aff, time="year", actors=actors, events=events,
                                    missing_time="keep")
    # 103 and 104 are single-organisation projects: 4 events, the same ties
    assert kept.n_events == 4 and kept.n_ties == 4 and kept.meta["n_missing_time"] == 2
    with pytest.warns(ClusternetWarning, match="missing_time='drop' left out 2 row"):
        dropped = cn.from_affiliations(aff, time="year", actors=actors, events=events,
                                       missing_time="drop")
    pd.testing.assert_frame_equal(dropped.ties, g.ties)


def test_cordis_zip_list_and_folder_agree(cordis_dir, tmp_path):
    z = tmp_path / "cordis-HORIZONprojects-csv.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in ("project.csv", "organization.csv"):
            zf.write(cordis_dir / f, f"csv/{f}")
    from_dir = _read_cordis(cordis_dir)
    from_zip = _read_cordis(z)
    in_folder = tmp_path / "downloads"
    in_folder.mkdir()
    z.rename(in_folder / z.name)
    from_zip_folder = _read_cordis(in_folder)
    from_files = _read_cordis([cordis_dir / "project.csv", cordis_dir / "organization.csv"])
    for other in (from_zip, from_zip_folder, from_files):
        for a, b in zip(from_dir, other):
            pd.testing.assert_frame_equal(a, b)


def test_cordis_organisation_twice_in_a_project(tmp_path):
    # 999002 in 101 as a participant and again as a third party: both rows kept
    twice = ORG_ROWS[:2] + [ORG_ROWS[1].replace('"participant"', '"thirdParty"')]
    folder = _cordis_files(tmp_path / "c", PROJECT_ROWS[:1], twice)
    aff, actors, events = cn.sources.read_cordis(folder)
    assert aff["role"].tolist() == ["coordinator", "participant", "thirdParty"]
    with pytest.raises(cn.DuplicateError, match="duplicates='drop'"):
        cn.from_affiliations(aff, time="year", actors=actors, events=events)
    g = cn.from_affiliations(aff, time="year", actors=actors, events=events,
                             duplicates="drop")
    assert g.n_ties == 1 and g.events.loc["101", "size"] == 2


def test_cordis_two_programmes_read_together(tmp_path):
    h2020 = _cordis_files(tmp_path / "h2020", PROJECT_ROWS[:1], ORG_ROWS[:2])
    horizon = _cordis_files(tmp_path / "he", PROJECT_ROWS[1:2], ORG_ROWS[3:5])
    aff, actors, events = cn.sources.read_cordis([h2020, horizon])
    assert events.index.tolist() == ["101", "102"]
    assert aff["event"].tolist() == ["101", "101", "102", "102"]
    assert actors.index.tolist() == ["999001", "999002", "999004"]


@pytest.mark.parametrize("file, column", [("organization.csv", "activityType"),
                                          ("project.csv", "startDate")])
def test_cordis_wrong_schema_names_file_and_column(cordis_dir, file, column):
    path = cordis_dir / file
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([header.replace(column, "somethingElse"), *rows]) + "\n")
    with pytest.raises(ColumnError) as err:
        cn.sources.read_cordis(cordis_dir)
    msg = str(err.value)
    assert "\n" not in msg and file in msg and repr(column) in msg


def test_cordis_comma_separated_file_is_refused(tmp_path):
    d = tmp_path / "x"
    d.mkdir()
    (d / "project.csv").write_text("id,startDate\n1,2020-01-01\n")
    (d / "organization.csv").write_text(ORG_HEADER + "\n")
    with pytest.raises(ColumnError, match="project.csv has no column 'id'"):
        cn.sources.read_cordis(d)


def test_cordis_no_files(tmp_path):
    with pytest.raises(ClusternetError, match="no CORDIS project.csv found"):
        cn.sources.read_cordis(tmp_path)


# ------------------------------------------------------------------ OpenAlex
def _inst(i, country, kind):
    return {"id": f"https://openalex.org/I{i}", "display_name": f"Institution {i}",
            "ror": f"https://ror.org/0{i}x", "country_code": country, "type": kind,
            "lineage": [f"https://openalex.org/I{i}"]}


def _authorship(a, position, institutions):
    return {"author_position": position,
            "author": {"id": f"https://openalex.org/A{a}", "display_name": f"Author {a}",
                       "orcid": None},
            "institutions": institutions, "countries": [i["country_code"] for i in institutions],
            "is_corresponding": position == "first", "raw_affiliation_strings": []}


def _topic(field, domain):
    return {"id": "https://openalex.org/T1", "display_name": "Topic", "score": 0.9,
            "subfield": {"id": "https://openalex.org/subfields/1", "display_name": "Sub"},
            "field": {"id": "https://openalex.org/fields/17", "display_name": field},
            "domain": {"id": "https://openalex.org/domains/3", "display_name": domain}}


WORKS = [
    {"id": "https://openalex.org/W1", "publication_year": 2020, "publication_date": "2020-05-04",
     "type": "article", "primary_topic": _topic("Computer Science", "Physical Sciences"),
     "authorships": [
         # an author with two institutions: two rows
         _authorship(1, "first", [_inst(1, "ES", "education"), _inst(2, "ES", "company")]),
         _authorship(2, "last", [_inst(3, "FR", "government")])]},
    {"id": "https://openalex.org/W2", "publication_year": 2021, "publication_date": "2021-01-02",
     "type": "article", "primary_topic": _topic("Medicine", "Health Sciences"),
     "authorships": [
         _authorship(1, "first", [_inst(1, "ES", "education")]),
         # an author without an institution
         _authorship(3, "middle", []),
         _authorship(4, "last", [_inst(1, "ES", "education")])]},
    # undated, no topic
    {"id": "https://openalex.org/W3", "publication_year": None, "publication_date": None,
     "type": "preprint", "primary_topic": None,
     "authorships": [_authorship(2, "first", [_inst(3, "FR", "government")]),
                     _authorship(5, "last", [_inst(4, "US", "facility")])]},
]


@pytest.fixture()
def openalex_dir(tmp_path):
    root = tmp_path / "data" / "works"
    a = root / "updated_date=2024-01-01"
    b = root / "updated_date=2024-02-01"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    with gzip.open(a / "part_000.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(w) for w in WORKS[:2]) + "\n")
    (b / "part_000.jsonl").write_text(json.dumps(WORKS[2]) + "\n\n", encoding="utf-8")
    (root / "manifest").write_text("{}")
    return root


def test_openalex_institutions(openalex_dir):
    with pytest.warns(ClusternetWarning) as rec:
        aff, actors, events = cn.sources.read_openalex(openalex_dir)
    msgs = [str(w.message) for w in rec]
    assert any("1 of 8 authorship rows were left out" in m for m in msgs)  # author 3
    assert any("2 of 7 authorship rows have no date" in m for m in msgs)   # W3's two rows
    assert aff["event"].tolist() == ["W1", "W1", "W1", "W2", "W2", "W3", "W3"]
    assert aff["actor"].tolist() == ["I1", "I2", "I3", "I1", "I1", "I3", "I4"]
    assert aff["author"].tolist() == ["A1", "A1", "A2", "A1", "A4", "A2", "A5"]
    assert aff["author_position"].tolist() == ["first", "first", "last", "first", "last",
                                               "first", "last"]
    assert aff["country"].tolist() == ["ES", "ES", "FR", "ES", "ES", "FR", "US"]
    np.testing.assert_array_equal(aff["year"], [2020, 2020, 2020, 2021, 2021, np.nan, np.nan])
    assert actors.index.tolist() == ["I1", "I2", "I3", "I4"]
    assert actors["sector"].tolist() == ["education", "company", "government", "facility"]
    assert actors.loc["I2", "ror"] == "https://ror.org/02x"
    assert events.index.tolist() == ["W1", "W2", "W3"]
    assert events["field"].tolist()[:2] == ["Computer Science", "Medicine"]
    assert events["domain"].tolist()[:2] == ["Physical Sciences", "Health Sciences"]
    assert pd.isna(events.loc["W3", "field"]) and np.isnan(events.loc["W3", "year"])
    # into the builder: I1 twice on W2 (authors 1 and 4) is one participation
    g = cn.from_affiliations(aff.dropna(subset=["year"]), time="year", actors=actors,
                             events=events, duplicates="drop")
    # W1: I1-I2-I3 (3 ties); W2: I1 alone
    assert g.n_ties == 3 and g.events.loc["W2", "size"] == 1


def test_openalex_authors(openalex_dir):
    with pytest.warns(ClusternetWarning, match="2 of 8 authorship rows have no date"):
        aff, actors, events = cn.sources.read_openalex(openalex_dir, actor="author")
    assert aff["actor"].tolist() == ["A1", "A1", "A2", "A1", "A3", "A4", "A2", "A5"]
    assert pd.isna(aff["institution"].iloc[4])  # author 3 kept, without an institution
    assert actors.index.tolist() == ["A1", "A2", "A3", "A4", "A5"]
    assert actors.loc["A3", "name"] == "Author 3"
    g = cn.from_affiliations(aff.dropna(subset=["year"]), actors=actors, duplicates="drop")
    # W1: A1-A2; W2: A1-A3-A4 -> 4 ties
    assert g.n_ties == 4


def test_openalex_work_read_twice_is_kept_once(tmp_path, openalex_dir):
    again = openalex_dir / "updated_date=2024-03-01"
    again.mkdir()
    (again / "part_000.jsonl").write_text(json.dumps(WORKS[0]) + "\n")
    with pytest.warns(ClusternetWarning) as rec:
        aff, _, events = cn.sources.read_openalex(openalex_dir)
    assert any("1 of 4 work records were left out" in str(w.message) for w in rec)
    assert events.index.tolist() == ["W1", "W2", "W3"]
    assert aff["event"].tolist() == ["W1", "W1", "W1", "W2", "W2", "W3", "W3"]


def test_openalex_single_file_and_bad_lines(tmp_path):
    f = tmp_path / "works.jsonl"
    f.write_text(json.dumps(WORKS[0]) + "\n" + json.dumps({"id": "W9", "title": "x"}) + "\n")
    with pytest.raises(ClusternetError) as err:
        cn.sources.read_openalex(f)
    msg = str(err.value)
    assert "\n" not in msg and "works.jsonl, line 2" in msg and "'authorships'" in msg
    f.write_text("id;name\n")
    with pytest.raises(ClusternetError, match="line 1 is not JSON"):
        cn.sources.read_openalex(f)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ClusternetError, match="holds no OpenAlex works file"):
        cn.sources.read_openalex(tmp_path / "empty")
    with pytest.raises(ClusternetError, match="actor"):
        cn.sources.read_openalex(f, actor="paper")


# ------------------------------------------------------------------ PatentsView
INVENTOR_HEADER = ["patent_id", "inventor_sequence", "inventor_id",
                   "disambig_inventor_name_first", "disambig_inventor_name_last",
                   "gender_code", "location_id"]
INVENTORS = [
    ["10000001", "0", "inv-a", "Ada", "Lovel", "F", "loc-austin"],
    ["10000001", "1", "inv-b", "Bo", "Berg", "M", "loc-berlin"],
    ["10000002", "0", "inv-a", "Ada", "Lovel", "F", "loc-boston"],
    ["10000002", "1", "inv-c", "Cy", "Chan", "M", ""],
    ["D900001", "0", "inv-b", "Bo", "Berg", "M", "loc-berlin"],
    ["10000003", "0", "inv-c", "Cy", "Chan", "M", "loc-austin"],  # not in g_patent
    ["10000003", "1", "inv-d", "Di", "Diaz", "F", "loc-unknown"],
]
ASSIGNEE_HEADER = ["patent_id", "assignee_sequence", "assignee_id",
                   "disambig_assignee_individual_name_first",
                   "disambig_assignee_individual_name_last",
                   "disambig_assignee_organization", "assignee_type", "location_id"]
ASSIGNEES = [
    ["10000001", "0", "asg-x", "", "", "X Corp", "2", "loc-austin"],
    ["10000001", "1", "asg-y", "", "", "Y GmbH", "3", "loc-berlin"],
    ["10000002", "0", "asg-x", "", "", "X Corp", "2", "loc-boston"],
    ["10000002", "1", "asg-z", "Zoe", "Zed", "", "4", ""],
    ["D900001", "0", "asg-g", "", "", "Dept. of Energy", "6", "loc-boston"],
]
LOCATION_HEADER = ["location_id", "disambig_city", "disambig_state", "disambig_country",
                   "latitude", "longitude", "county", "state_fips", "county_fips"]
LOCATIONS = [
    ["loc-austin", "Austin", "TX", "US", "30.2672", "-97.7431", "Travis", "48", "453"],
    ["loc-berlin", "Berlin", "", "DE", "52.52", "13.405", "", "", ""],
    ["loc-boston", "Boston", "MA", "US", "42.3601", "-71.0589", "Suffolk", "25", "025"],
]
PATENT_HEADER = ["patent_id", "patent_type", "patent_date", "patent_title", "wipo_kind",
                 "num_claims", "withdrawn", "filename"]
PATENTS = [
    ["10000001", "utility", "2018-06-19", "A thing", "B2", "10", "0", "ipg180619.xml"],
    ["10000002", "utility", "2019-01-01", "Another", "B1", "3", "0", "ipg190101.xml"],
    ["D900001", "design", "2017-03-07", "A shape", "S1", "1", "0", "ipg170307.xml"],
    ["10999999", "utility", "2020-01-01", "Not used", "B2", "1", "0", "x.xml"],
]
CPC_HEADER = ["patent_id", "cpc_sequence", "cpc_section", "cpc_class", "cpc_subclass",
              "cpc_group", "cpc_type"]
CPCS = [
    ["10000001", "0", "G", "G06", "G06N", "G06N3/08", "inventional"],
    ["10000001", "1", "H", "H04", "H04L", "H04L9/00", "additional"],
    ["10000001", "2", "G", "G06", "G06F", "G06F17/00", "additional"],
    ["10000002", "0", "A", "A61", "A61K", "A61K9/00", "inventional"],
    ["10000003", "1", "Y", "Y02", "Y02E", "Y02E10/50", "additional"],
]


def _tsv(path: Path, header, rows, *, zipped=False):
    text = "\n".join("\t".join(r) for r in [header, *rows]) + "\n"
    if zipped:
        with zipfile.ZipFile(path.with_name(path.name + ".zip"), "w") as zf:
            zf.writestr(path.name, text)
    else:
        path.write_text(text, encoding="utf-8")


def _patentsview(folder: Path, *, zipped=False, skip=()):
    folder.mkdir(parents=True, exist_ok=True)
    for name, header, rows in [
        ("g_inventor_disambiguated", INVENTOR_HEADER, INVENTORS),
        ("g_assignee_disambiguated", ASSIGNEE_HEADER, ASSIGNEES),
        ("g_location_disambiguated", LOCATION_HEADER, LOCATIONS),
        ("g_patent", PATENT_HEADER, PATENTS),
        ("g_cpc_current", CPC_HEADER, CPCS),
    ]:
        if name not in skip:
            _tsv(folder / f"{name}.tsv", header, rows, zipped=zipped)
    return folder


def _read_pv(folder, **kw):
    with pytest.warns(ClusternetWarning, match="2 of 7 participations have no date"):
        return cn.sources.read_patentsview(folder, **kw)


def test_patentsview_inventors_round_trip(tmp_path):
    aff, actors, events = _read_pv(_patentsview(tmp_path / "pv"))
    assert aff["actor"].tolist() == [r[2] for r in INVENTORS]
    assert aff["event"].tolist() == [r[0] for r in INVENTORS]
    assert aff["sequence"].tolist() == [0, 1, 0, 1, 0, 0, 1]
    np.testing.assert_array_equal(aff["year"], [2018, 2018, 2019, 2019, 2017, np.nan, np.nan])
    # an empty location_id and one absent from the location table: missing places
    assert aff["city"].tolist()[:3] == ["Austin", "Berlin", "Boston"]
    assert pd.isna(aff["city"].iloc[3]) and pd.isna(aff["city"].iloc[6])
    assert pd.isna(aff["state"].iloc[1])  # Berlin has no state
    np.testing.assert_array_equal(aff["latitude"], [30.2672, 52.52, 42.3601, np.nan, 52.52,
                                                    30.2672, np.nan])
    assert aff["location_id"].iloc[0] == "loc-austin"
    # actors: name, and the place of the most recent participation
    assert actors.index.tolist() == ["inv-a", "inv-b", "inv-c", "inv-d"]
    assert actors["name"].tolist() == ["Ada Lovel", "Bo Berg", "Cy Chan", "Di Diaz"]
    # inv-a: 2019 in Boston beats 2018 in Austin; inv-b: 2018 Berlin beats 2017 Berlin;
    # inv-c: its dated 2019 row has no place, which beats the undated Austin row
    assert actors.loc["inv-a", "city"] == "Boston" and actors.loc["inv-b", "city"] == "Berlin"
    assert pd.isna(actors.loc["inv-c", "city"]) and np.isnan(actors.loc["inv-c", "latitude"])
    # events: CPC section of cpc_sequence 0 and all sections
    assert events.index.tolist() == ["10000001", "10000002", "D900001", "10000003"]
    assert events["cpc_section"].tolist()[:2] == ["G", "A"]
    assert pd.isna(events.loc["D900001", "cpc_section"])
    assert pd.isna(events.loc["10000003", "cpc_section"])  # only a sequence-1 class
    assert events["cpc_sections"].tolist()[:2] == ["G;H", "A"]
    assert events.loc["10000003", "cpc_sections"] == "Y"
    assert events.loc["D900001", "date"] == pd.Timestamp("2017-03-07")
    g = cn.from_affiliations(aff.dropna(subset=["year"]), time="year", actors=actors,
                             events=events)
    # 10000001: a-b; 10000002: a-c -> 2 ties; inv-d an isolate from the actor table
    assert g.n_ties == 2 and g.n_actors == 4
    assert g.events.loc["10000001", "cpc_section"] == "G"


def test_patentsview_assignees(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ClusternetWarning)  # every patent is dated
        aff, actors, events = cn.sources.read_patentsview(_patentsview(tmp_path / "pv"),
                                                          kind="assignee")
    assert aff["actor"].tolist() == [r[2] for r in ASSIGNEES]
    assert actors["name"].tolist() == ["X Corp", "Y GmbH", "Zoe Zed", "Dept. of Energy"]
    assert actors["sector"].tolist() == ["private company", "private company", "individual",
                                         "public body"]
    assert actors["assignee_type"].tolist() == ["2", "3", "4", "6"]
    g = cn.from_affiliations(aff, time="year", actors=actors, events=events)
    # 10000001: x-y; 10000002: x-z
    assert g.n_ties == 2


@pytest.mark.parametrize("chunksize", [1, 2, 3, 5])
def test_patentsview_chunked_equals_unchunked(tmp_path, chunksize):
    folder = _patentsview(tmp_path / "pv", zipped=True)
    whole = _read_pv(folder)
    chunked = _read_pv(folder, chunksize=chunksize)
    for a, b in zip(whole, chunked):
        pd.testing.assert_frame_equal(a, b)


def test_patentsview_zipped_equals_plain(tmp_path):
    plain = _read_pv(_patentsview(tmp_path / "a"))
    zipped = _read_pv(_patentsview(tmp_path / "b", zipped=True))
    for a, b in zip(plain, zipped):
        pd.testing.assert_frame_equal(a, b)


def test_patentsview_wrong_schema_and_absent_tables(tmp_path):
    folder = _patentsview(tmp_path / "pv")
    _tsv(folder / "g_location_disambiguated.tsv", [c if c != "latitude" else "lat"
                                                   for c in LOCATION_HEADER], LOCATIONS)
    with pytest.raises(ColumnError) as err:
        cn.sources.read_patentsview(folder)
    msg = str(err.value)
    assert "\n" not in msg and "g_location_disambiguated.tsv" in msg and "'latitude'" in msg
    with pytest.raises(ColumnError, match="g_assignee_disambiguated.tsv has no column"):
        _tsv(folder / "g_assignee_disambiguated.tsv", INVENTOR_HEADER, INVENTORS)
        cn.sources.read_patentsview(folder, kind="assignee")
    bare = _patentsview(tmp_path / "bare", skip=("g_patent", "g_cpc_current",
                                                 "g_location_disambiguated"))
    with pytest.warns(ClusternetWarning) as rec:
        aff, actors, events = cn.sources.read_patentsview(bare)
    msgs = " ".join(str(w.message) for w in rec)
    assert "g_patent (grant dates)" in msgs and "7 of 7 participations have no date" in msgs
    assert aff["latitude"].isna().all() and events["cpc_sections"].isna().all()
    with pytest.raises(ClusternetError, match="no g_inventor_disambiguated.tsv"):
        cn.sources.read_patentsview(tmp_path)
    with pytest.raises(ClusternetError, match="chunksize"):
        cn.sources.read_patentsview(folder, chunksize=0)
