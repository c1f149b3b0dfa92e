"""Tests of the command line (clusternet.cli): ``clusternet demo``,
``--version``, and one-line errors with exit status 2.

Expected numbers are computed here from the library itself
(``creative_cluster`` + ``from_affiliations`` + scipy's connected
components), so the summary is checked against what it claims to report.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import connected_components

import clusternet as cn
from clusternet.cli import build_parser, main
from clusternet.report import summary
from clusternet.report._records import graph_from_records


def run(capsys, *argv):
    """Run the CLI in-process; ``demo`` prints its summary only (the report it
    writes is tested in test_report.py)."""
    argv = list(argv)
    if argv[:1] == ["demo"] and "--help" not in argv:
        argv.append("--no-report")
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def field(out: str, name: str) -> str:
    """The value printed after ``name`` on its summary line."""
    m = re.search(rf"^\s+{name}\s+(.*)$", out, flags=re.MULTILINE)
    assert m, f"no {name!r} line in:\n{out}"
    return m.group(1)


def expected_graph(n_actors=600, n_years=12, seed=0):
    aff, actors = cn.datasets.creative_cluster(n_actors=n_actors, n_years=n_years, rng=seed)
    return cn.from_affiliations(aff, time="year", actors=actors), aff, actors


class TestDemo:
    def test_summary_numbers(self, capsys):
        code, out, err = run(capsys, "demo")
        assert code == 0 and err == ""
        g, aff, actors = expected_graph()
        n_in = int(actors["inside"].sum())
        assert field(out, "actors") == f"600 ({n_in:,} inside, {600 - n_in:,} outside)"
        assert field(out, "ties").startswith(f"{g.n_ties:,} (count projection")
        assert field(out, "events").startswith(
            f"{aff['event'].nunique():,} with {len(aff):,} participations"
        )
        assert field(out, "years") == "2010-2021 (12 distinct)"
        groups = field(out, "groups")
        assert groups.startswith("domain: ")
        for domain, count in actors["domain"].value_counts().items():
            assert f"{domain} {count}" in groups
        n_comp, labels = connected_components(g.adjacency, directed=False)
        largest = int(np.bincount(labels).max())
        assert field(out, "components").startswith(
            f"{n_comp}; the largest has {largest} actors"
        )
        density = g.n_ties / (600 * 599 / 2)
        assert float(field(out, "density")) == pytest.approx(density, abs=5e-5)

    def test_header_says_how_it_was_made(self, capsys):
        _, out, _ = run(capsys, "demo", "--seed", "3")
        assert "creative_cluster(n_actors=600, n_years=12, rng=3)" in out
        assert 'from_affiliations(aff, time="year", actors=actors)' in out
        assert cn.__version__ in out.splitlines()[0]

    def test_mixing_line_rises(self, capsys):
        _, out, _ = run(capsys, "demo")
        m = re.fullmatch(r"(\d+)% of ties cross domains in 2010-2012, (\d+)% in 2019-2021",
                         field(out, "mixing"))
        assert m, field(out, "mixing")
        assert int(m.group(2)) > int(m.group(1))

    def test_options(self, capsys):
        code, out, _ = run(capsys, "demo", "--actors", "250", "--years", "5", "--seed", "9")
        assert code == 0
        g, _, _ = expected_graph(250, 5, 9)
        assert field(out, "actors").startswith("250 ")
        assert field(out, "years") == "2010-2014 (5 distinct)"
        assert field(out, "ties").startswith(f"{g.n_ties:,} ")

    def test_same_seed_same_output(self, capsys):
        _, a, _ = run(capsys, "demo", "--seed", "5")
        _, b, _ = run(capsys, "demo", "--seed", "5")
        _, c, _ = run(capsys, "demo", "--seed", "6")
        assert a == b
        assert a != c

    def test_one_year_has_no_mixing_trend(self, capsys):
        code, out, _ = run(capsys, "demo", "--years", "1", "--actors", "30")
        assert code == 0
        assert field(out, "years") == "2010 (1 distinct)"
        assert "mixing" not in out


class TestTopLevel:
    def test_version(self, capsys):
        code, out, _ = run(capsys, "--version")
        assert code == 0
        assert out.strip() == f"clusternet {cn.__version__}"

    @pytest.mark.parametrize("argv", [["--help"], ["demo", "--help"]])
    def test_help(self, capsys, argv):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        assert "usage: clusternet" in out
        assert "Example" in out

    def test_help_documents_demo_options(self, capsys):
        _, out, _ = run(capsys, "demo", "--help")
        for opt in ("--seed", "--actors", "--years"):
            assert opt in out

    def test_commands_are_subparsers(self):
        # later commands (report) are added beside demo
        parser = build_parser()
        args = parser.parse_args(["demo"])
        assert args.command == "demo" and callable(args.func)


class TestErrors:
    @pytest.mark.parametrize(
        ("argv", "says"),
        [
            ([], "choose a command"),
            (["frob"], "invalid choice"),
            (["demo", "--actors", "x"], "--actors"),
            (["demo", "--actors", "0"], "n_actors"),
            (["demo", "--years", "0"], "n_years"),
            (["demo", "--actors", "10", "--years", "40"], "too few"),
            (["demo", "--seed", "-1"], "--seed"),
            (["demo", "--seed", "1.5"], "--seed"),
            (["demo", "--colour"], "unrecognized arguments"),
        ],
    )
    def test_one_line_exit_2(self, capsys, argv, says):
        code, out, err = run(capsys, *argv)
        assert code == 2
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("clusternet")
        assert "error" in lines[0] and says in lines[0]
        assert "Traceback" not in err


class TestReportFlags:
    """``clusternet report --label``, ``--top-groups`` and an ``--attribute`` whose
    value changes within an actor (issues 16 and 12), on small tables written here."""

    @pytest.fixture
    def files(self, tmp_path):
        # 6 people on 4 projects in 2 years; 'country' has 4 groups of sizes 3, 1, 1, 1
        # (p1, p2, p3 in fr); 'sector' changes for p1 (uni in 2020, firm in 2021)
        t = pd.DataFrame({
            "person": ["p1", "p2", "p3", "p1", "p4", "p5", "p6", "p2"],
            "project": ["a", "a", "b", "c", "c", "d", "d", "d"],
            "year": [2020, 2020, 2020, 2021, 2021, 2021, 2021, 2021],
            "sector": ["uni", "firm", "uni", "firm", "uni", "firm", "uni", "firm"],
            "fullname": ["Ann", "Bob", "Cy", "Ann", "Dee", "Eve", "Fay", "Bob"],
        })
        t.to_csv(tmp_path / "t.csv", index=False)
        pd.DataFrame({"person": [f"p{i}" for i in range(1, 7)],
                      "country": ["fr", "fr", "fr", "de", "it", "es"],
                      "alias": ["A.", "B.", None, "D.", "E.", "F."]}).to_csv(
            tmp_path / "people.csv", index=False)
        return tmp_path

    def report(self, files, capsys, *flags):
        out = files / "out"
        code = main(["report", str(files / "t.csv"), "--actor", "person", "--event",
                     "project", "--out", str(out), "--quiet", "--no-figures",
                     "--small-world-draws", "0", *flags])
        _, err = capsys.readouterr()
        return code, out, err

    def test_label_from_the_table(self, files, capsys):
        code, out, err = self.report(files, capsys, "--label", "fullname")
        assert code == 0, err
        got = pd.read_csv(out / "actors.csv", index_col="actor")
        assert got["fullname"].to_dict() == {"p1": "Ann", "p2": "Bob", "p3": "Cy",
                                             "p4": "Dee", "p5": "Eve", "p6": "Fay"}
        assert "--label fullname" in (out / "report.html").read_text(encoding="utf-8")

    def test_label_from_the_actor_table(self, files, capsys):
        code, out, err = self.report(files, capsys, "--actors", str(files / "people.csv"),
                                     "--label", "alias")
        assert code == 0, err
        got = pd.read_csv(out / "actors.csv", index_col="actor")
        assert got.loc["p1", "alias"] == "A." and got.loc["p3", "alias"] == "p3"  # no alias

    def test_top_groups(self, files, capsys):
        people = ["--actors", str(files / "people.csv"), "--attribute", "country"]
        code, out, err = self.report(files, capsys, *people, "--top-groups", "2")
        assert code == 0, err
        html = (out / "report.html").read_text(encoding="utf-8")
        # hand count: fr (3) first; de, es, it (1 each) tie, the sorted first (de) kept
        assert ("country has 4 groups: the page&#x27;s group tables and figures show the 2 "
                "largest and merge the other 2 (2 actors) into one group") in html
        assert "--top-groups 2" in html
        assert len(pd.read_csv(out / "groups_country.csv")) == 4  # the CSV: every group
        code, out, err = self.report(files, capsys, *people, "--top-groups", "all")
        assert code == 0, err
        assert "largest and merge" not in (out / "report.html").read_text(encoding="utf-8")

    def test_attribute_that_changes_is_a_participation_attribute(self, files, capsys):
        code, out, err = self.report(files, capsys, "--attribute", "sector", "--time", "year",
                                     "--permutations", "5", "--seed", "1")
        assert code == 0, err
        assert ("clusternet report: note: --attribute 'sector' changes within an actor "
                "(1 actor(s), e.g. 'p1' with 2 values in TABLE): it is kept per "
                "participation") in err
        assert "Traceback" not in err
        net = pd.read_csv(out / "network.csv").set_index(["measure", "attribute"])
        # hand count: projects a (uni, firm), b (uni), c (firm, uni), d (firm, uni, firm):
        # 3 of 4 span two sectors, each authorship counted with its own row's sector
        assert net.loc[("hybrid_share", "sector"), "value"] == pytest.approx(0.75)
        assert net.loc[("hybrid_share", "sector"), "permutations"] == 0
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "Not tested: hybrid_share (sector)." in html
        assert "hybrid_share (sector) is not tested in the time windows" in html


def _env():
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    return env


class TestSubprocess:
    def test_python_m_clusternet_demo(self, tmp_path):
        r = subprocess.run(
            [sys.executable, "-m", "clusternet", "demo", "--actors", "200", "--years", "4",
             "--out", str(tmp_path / "demo"), "--permutations", "0", "--quiet"],
            capture_output=True, text=True, timeout=120, env=_env(), check=False,
        )
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
        assert re.search(r"^\s+actors\s+200 ", r.stdout, flags=re.MULTILINE)
        for name in ("ties", "events", "years", "groups", "components", "density"):
            assert re.search(rf"^\s+{name}\s", r.stdout, flags=re.MULTILINE), name

    def test_python_m_clusternet_bad_input(self):
        r = subprocess.run(
            [sys.executable, "-m", "clusternet", "demo", "--actors", "-5"],
            capture_output=True, text=True, timeout=120, env=_env(), check=False,
        )
        assert r.returncode == 2
        assert r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr


class TestSummary:
    def test_plain_graph(self):
        g = cn.from_affiliations(cn.datasets.davis_southern_women())
        text = summary(g)
        assert re.search(r"^\s+actors\s+18$", text, flags=re.MULTILINE)
        assert re.search(r"^\s+ties\s+139 \(count projection", text, flags=re.MULTILINE)
        assert re.search(r"^\s+events\s+14 with 89 participations; 3-14 actors", text, flags=re.MULTILINE)
        assert re.search(r"^\s+components\s+1; the largest has 18 actors", text, flags=re.MULTILINE)
        assert "years" not in text and "groups" not in text

    def test_isolates_counted(self):
        import pandas as pd

        table = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]})
        actors = pd.DataFrame({"actor": ["a", "b", "c"], "kind": ["x", "y", "x"]})
        g = cn.from_affiliations(table, actors=actors)
        text = summary(g, group="kind")
        assert "2; the largest has 2 actors (66.7%); 1 isolated" in text
        assert "kind: x 2, y 1" in text

    def test_unknown_attribute(self):
        g = cn.from_affiliations(cn.datasets.davis_southern_women())
        with pytest.raises(cn.UnknownAttributeError, match="'sector'"):
            summary(g, group="sector")

    def test_old_name_warns(self):
        """cli.summary stays for one minor version, as a FutureWarning."""
        import clusternet.cli

        g = cn.from_affiliations(cn.datasets.davis_southern_women())
        with pytest.warns(FutureWarning, match="clusternet.report.summary"):
            text = clusternet.cli.summary(g)
        assert text == summary(g)
        assert "summary" in clusternet.cli.__all__


class TestRecords:
    """The CLI's reading of a table, in the library: messages name the
    keywords by default and the flags when the CLI spells them."""

    def table(self):
        import pandas as pd

        return pd.DataFrame({"who": list("abcab"), "what": [1, 1, 1, 2, 2],
                             "when": ["2020"] * 3 + ["2021-06-01"] * 2,
                             "kind": list("xyxyy"), "city": list("pqrpq")})

    def test_attributes_from_the_table(self):
        g = graph_from_records(self.table(), actor="who", event="what", attributes=["city"])
        assert g.attribute("city").to_dict() == {"a": "p", "b": "q", "c": "r"}

    def test_text_times_are_dates(self):
        g = graph_from_records(self.table(), actor="who", event="what", time="when")
        assert g.times.dt.year.tolist() == [2020, 2021]

    def test_actor_table_merged(self):
        import pandas as pd

        people = pd.DataFrame({"who": list("abc"), "size": [1, 2, 3]})
        g = graph_from_records(self.table(), actor="who", event="what", actors=people,
                               attributes=["size", "city"])
        assert g.attribute("size").tolist() == [1, 2, 3]
        assert g.attribute("city").tolist() == ["p", "q", "r"]

    @pytest.mark.parametrize(
        ("kwargs", "error", "python", "cli"),
        [({"actor_columns": ["kind"]}, cn.ClusternetError,
          "actor_columns= 'kind': actor 'a' has 2 different values in table",
          "actor_columns= 'kind': actor 'a' has 2 different values in TABLE"),
         ({"actor_columns": {"kind": "--label"}}, cn.ClusternetError,
          "--label 'kind': actor 'a' has 2 different values in table; a column taken from "
          "table for --label must have one value per actor",
          "--label 'kind': actor 'a' has 2 different values in TABLE"),
         ({"attributes": ["sector"]}, cn.UnknownAttributeError,
          "no column 'sector' (attributes=) in actors= or table",
          "no column 'sector' (--attribute) in --actors or TABLE")],
    )
    def test_messages(self, kwargs, error, python, cli):
        from clusternet.cli import _SPELL

        with pytest.raises(error, match=re.escape(python)):
            graph_from_records(self.table(), actor="who", event="what", **kwargs)
        with pytest.raises(error, match=re.escape(cli)):
            graph_from_records(self.table(), actor="who", event="what", spell=_SPELL,
                               **kwargs)

    def test_attribute_that_changes_is_kept_per_participation(self):
        # issue 12: "kind" is x then y for actor a (rows 0 and 3), the only one: a participation
        # attribute, said in a warning; 'city' (one value per actor) stays an actor one
        with pytest.warns(cn.errors.ClusternetWarning, match=r"attributes= 'kind' changes "
                          r"within an actor \(1 actor\(s\), e.g. 'a' with 2 values in table\)"):
            g = graph_from_records(self.table(), actor="who", event="what",
                                   attributes=["kind", "city"])
        assert g.participation_attributes == ["kind"] and g.attributes == ["city"]
        # hand count: a has x (event 1) and y (event 2) -- a tie, the latest row wins (y);
        # b has y twice; c has x
        assert g.attribute("kind").to_dict() == {"a": "y", "b": "y", "c": "x"}
        rows = g.participation_attribute("kind")
        assert rows.to_dict() == {("a", 1): "x", ("a", 2): "y", ("b", 1): "y",
                                  ("b", 2): "y", ("c", 1): "x"}

    def test_bad_times(self):
        t = self.table()
        t.loc[0, "when"] = "soon"
        with pytest.raises(cn.ClusternetError, match="time= column 'when' holds 'soon'"):
            graph_from_records(t, actor="who", event="what", time="when")
