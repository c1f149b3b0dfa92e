"""read_table on the files of issue 12 item 5: empty, corrupt, binary and
ragged files raise a ClusternetError naming the file; ids are read as text."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

import clusternet as cn


def _refused(path, *words):
    with pytest.raises(cn.ClusternetError) as info:
        cn.read_table(path)
    msg = str(info.value)
    assert path.name in msg, msg  # the file is named
    for w in words:
        assert w in msg, msg
    return msg


def test_empty_files_are_refused_naming_the_file(tmp_path):
    for name in ["t.csv", "t.tsv", "t.parquet", "t.xlsx"]:
        (tmp_path / name).write_bytes(b"")
        _refused(tmp_path / name, "empty")
    (tmp_path / "blank.csv").write_text("\n\n")
    _refused(tmp_path / "blank.csv", "no table")
    with pytest.raises(cn.ClusternetError, match="is a folder"):
        cn.read_table(tmp_path)
    (tmp_path / "header.csv").write_text("actor,event\n")
    _refused(tmp_path / "header.csv", "no rows")


def test_garbage_parquet_and_xlsx_are_refused(tmp_path):
    (tmp_path / "garbage.parquet").write_bytes(bytes(range(256)) * 3)
    _refused(tmp_path / "garbage.parquet", "Parquet")
    (tmp_path / "garbage.xlsx").write_bytes(b"this is not a spreadsheet")
    _refused(tmp_path / "garbage.xlsx", "Excel")
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:  # a zip, but not a workbook
        z.writestr("hello.txt", "hi")
    _refused(tmp_path / "zip.xlsx", "Excel")
    (tmp_path / "t.csv.gz").write_bytes(b"not gzip at all")
    _refused(tmp_path / "t.csv.gz")


def test_binary_and_ragged_csv_are_refused(tmp_path):
    (tmp_path / "bin.csv").write_bytes(bytes(range(256)) * 4)
    _refused(tmp_path / "bin.csv", "binary")
    (tmp_path / "latin.csv").write_bytes("actor,event\nété,1\n".encode("latin-1"))
    _refused(tmp_path / "latin.csv", "encoding=")
    # and the way forward works
    assert cn.read_table(tmp_path / "latin.csv", encoding="latin-1")["actor"].tolist() == ["été"]
    (tmp_path / "ragged.csv").write_text("actor,event\na,1\nb,2,3\n")
    _refused(tmp_path / "ragged.csv", "line 3")


def test_builders_report_the_file_too(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"")
    with pytest.raises(cn.ClusternetError, match="t.csv"):
        cn.from_affiliations(tmp_path / "t.csv")
    (tmp_path / "e.parquet").write_bytes(b"PAR1 garbage")
    with pytest.raises(cn.ClusternetError, match="e.parquet"):
        cn.from_edgelist(tmp_path / "e.parquet")


def test_ids_are_read_as_text(tmp_path):
    # issue 12: "a CSV with ids 007, 7, 1e3, 1000 gives two actors instead of four"
    path = tmp_path / "ids.csv"
    path.write_text("actor,event,share\n007,1,0.5\n7,1,0.5\n1e3,2,1\n1000,2,2\n")
    t = cn.read_table(path)
    assert t["actor"].tolist() == ["007", "7", "1e3", "1000"]
    assert t["event"].tolist() == ["1", "1", "2", "2"]
    assert t["share"].tolist() == [0.5, 0.5, 1.0, 2.0]  # other columns parsed as usual
    g = cn.from_affiliations(path)
    assert list(g.actor_ids) == ["007", "7", "1e3", "1000"]
    assert g.n_ties == 2  # 007-7 and 1e3-1000, no repeated rows
    # the documented option to parse ids as numbers, as pandas does
    assert cn.read_table(path, ids=None)["actor"].tolist() == [7.0, 7.0, 1000.0, 1000.0]
    # ids= names other id columns; a dtype mapping of the caller wins
    path.write_text("who,what\n007,01\n")
    t = cn.read_table(path, ids=["who", "what"])
    assert t.iloc[0].tolist() == ["007", "01"]
    assert cn.read_table(path, ids=["who"], dtype={"who": "int64"})["who"].tolist() == [7]
    assert cn.read_table(path)["who"].tolist() == [7]  # not an id column by default


def test_ids_in_tsv_and_excel(tmp_path):
    df = pd.DataFrame({"source": ["007", "7"], "target": ["1e3", "1000"], "w": [1, 2]})
    df.to_csv(tmp_path / "e.tsv", sep="\t", index=False)
    df.to_excel(tmp_path / "e.xlsx", index=False)
    for name in ["e.tsv", "e.xlsx"]:
        t = cn.read_table(tmp_path / name)
        assert t["source"].tolist() == ["007", "7"], name
        assert t["target"].tolist() == ["1e3", "1000"], name
        assert t["w"].tolist() == [1, 2], name


def test_bad_ids_option(tmp_path):
    (tmp_path / "t.csv").write_text("actor,event\na,1\n")
    with pytest.raises(cn.ClusternetError, match="ids="):
        cn.read_table(tmp_path / "t.csv", ids=[1])
    assert cn.read_table(tmp_path / "t.csv", ids="event")["event"].tolist() == ["1"]


def test_builders_read_their_own_id_columns_as_text(tmp_path):
    """issue 12: a path given to the builders keeps ids as written in the columns
    named by actor=/event= and source=/target= (007 stays 007; 1e3 and 1000 are two)."""
    import clusternet as cn

    pd.DataFrame({"who": ["007", "7", "1e3", "1000"], "what": ["p"] * 4}).to_csv(
        tmp_path / "aff.csv", index=False)
    g = cn.from_affiliations(tmp_path / "aff.csv", actor="who", event="what")
    assert sorted(g.actor_ids) == ["007", "1000", "1e3", "7"]
    pd.DataFrame({"a": ["007", "1e3"], "b": ["7", "1000"]}).to_csv(tmp_path / "e.csv",
                                                                    index=False)
    h = cn.from_edgelist(tmp_path / "e.csv", source="a", target="b")
    assert sorted(h.actor_ids) == ["007", "1000", "1e3", "7"]
