"""Tests of clusternet.report and the ``clusternet report`` / ``clusternet demo``
commands: every output file is written, the numbers in the CSV files equal
the library's own functions called directly, report.html is self-contained
and names every measure, and bad input on the command line is a one-line
error with exit status 2."""

from __future__ import annotations

import functools
import re
from html import unescape
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet import _registry
from clusternet._bibliography import BIBLIOGRAPHY
from clusternet.brokerage import ROLES
from clusternet.cli import main
from clusternet.report import _methods

try:
    import matplotlib  # noqa: F401

    HAVE_MPL = True
except ImportError:  # the report then has tables only, and says so
    HAVE_MPL = False


def assert_column(actual: pd.Series, expected: pd.Series) -> None:
    """Equal to 12 significant digits (a CSV round trip), NaN where NaN."""
    expected = expected.reindex(actual.index)
    a = actual.to_numpy(dtype=float)
    e = expected.to_numpy(dtype=float)
    np.testing.assert_array_equal(np.isnan(a), np.isnan(e))
    np.testing.assert_allclose(a[~np.isnan(a)], e[~np.isnan(e)], rtol=1e-12, atol=1e-15)


def read_network(folder: Path) -> pd.DataFrame:
    net = pd.read_csv(folder / "network.csv")
    # network-wide rows have none (a column of NaN alone when no attribute is given)
    net["attribute"] = net["attribute"].astype(object).where(net["attribute"].notna(), "")
    return net


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def tables():
    aff, actors = cn.datasets.creative_cluster(n_actors=140, n_years=5, rng=11)
    return aff, actors


@pytest.fixture(scope="module")
def graph(tables):
    aff, actors = tables
    return cn.from_affiliations(aff, time="year", actors=actors)


@pytest.fixture(scope="module")
def made(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    r = cn.report(graph, attribute=["domain", "inside"], out=out, permutations=39, rng=5,
                  size=2, progress=False)
    return r, out


@pytest.fixture(scope="module")
def cli_run(tables, tmp_path_factory):
    """`clusternet report` on a small CSV written here, attributes in TABLE."""
    aff, actors = tables
    d = tmp_path_factory.mktemp("cli")
    merged = aff.merge(actors[["actor", "domain"]], on="actor")
    merged = merged.rename(columns={"actor": "person", "event": "project"})
    merged.to_csv(d / "teams.csv", index=False)
    out = d / "out"
    code = main(["report", str(d / "teams.csv"), "--actor", "person", "--event", "project",
                 "--time", "year", "--attribute", "domain", "--projection", "newman",
                 "--seed", "3", "--permutations", "19", "--out", str(out), "--quiet"])
    return code, d, out


# --------------------------------------------------------------- the files
class TestFiles:
    def test_every_file(self, made, graph):
        r, out = made
        names = {p.name for p in out.iterdir()}
        for name in ("actors.csv", "network.csv", "over_time.csv", "report.html",
                     "groups_domain.csv", "mixing_domain.csv", "relative_intensity_domain.csv",
                     "disparity_domain.csv"):
            assert name in names, name
        assert {p.name for p in r.files} == names
        for p in out.iterdir():
            assert p.stat().st_size > 0, p.name
        figures = {n[:-4] for n in names if n.endswith(".png")}
        assert figures == {n[:-4] for n in names if n.endswith(".svg")}
        if not HAVE_MPL:
            assert not figures
            return
        for stem in ("network", "relative_intensity_domain", "ego_diversity_domain",
                     "over_time_domain", "null_domain", "broker_roles_domain"):
            assert stem in figures, stem
        assert (out / "network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in (out / "network.svg").read_bytes()[:2000]

    def test_returned_tables_are_the_files(self, made):
        r, out = made
        actors = pd.read_csv(out / "actors.csv", index_col="actor")
        assert list(actors.columns) == list(r.actors.columns)
        assert len(actors) == len(r.actors)
        net = read_network(out)
        assert list(net["measure"]) == list(r.network["measure"])
        assert r.html == out / "report.html"

    def test_no_time_no_over_time(self, tmp_path):
        g = cn.from_affiliations(cn.datasets.davis_southern_women())
        r = cn.report(g, out=tmp_path, figures=False)
        assert not (tmp_path / "over_time.csv").exists()
        assert r.over_time is None
        assert (tmp_path / "actors.csv").exists() and (tmp_path / "report.html").exists()


# ----------------------------------------------------- numbers = library's
class TestActorNumbers:
    def test_structure(self, made, graph):
        actors = pd.read_csv(made[1] / "actors.csv", index_col="actor")
        assert list(actors.index) == list(graph.actor_ids)
        A = graph.adjacency
        assert_column(actors["degree"], pd.Series(np.diff(A.indptr), index=graph.actor_ids))
        assert_column(actors["strength"],
                      pd.Series(np.asarray(A.sum(axis=1)).ravel(), index=graph.actor_ids))
        assert_column(actors["n_events"],
                      pd.Series(np.diff(graph.incidence.indptr), index=graph.actor_ids))

    def test_convergence_and_diversity(self, made, graph):
        actors = pd.read_csv(made[1] / "actors.csv", index_col="actor")
        for a in ("domain", "inside"):
            assert_column(actors[f"ei_index_{a}"],
                          cn.convergence.ei_index(graph, a, level="actor", missing="drop"))
            assert_column(actors[f"ego_diversity_{a}"],
                          cn.diversity.ego(graph, a, measure="blau", missing="drop"))
        assert (actors["domain"] == graph.actors["domain"]).all()

    def test_brokerage(self, made, graph):
        actors = pd.read_csv(made[1] / "actors.csv", index_col="actor")
        sh = cn.brokerage.structural_holes(graph, weight=True)
        assert list(sh.columns) == ["constraint", "effective_size", "efficiency", "hierarchy"]
        for col in sh.columns:
            assert_column(actors[col], sh[col])
        assert_column(actors["betweenness"],
                      cn.brokerage.betweenness(graph, normalized=True, distance="hops"))
        res = cn.brokerage.gould_fernandez(graph, "domain")
        for role in ROLES:
            assert_column(actors[f"gf_{role}_domain"], res.raw[role])
            assert_column(actors[f"gf_{role}_z_domain"], res.z[role])
        p = cn.brokerage.participation(graph, "domain", missing="drop")
        assert_column(actors["participation_domain"], p["participation"])
        k = cn.brokerage.gatekeepers(graph, "inside")
        assert_column(actors["external_share_inside"], k["external_share"])


class TestNetworkNumbers:
    def test_values(self, made, graph):
        net = read_network(made[1])
        val = {(m, a): v for m, a, v in zip(net["measure"], net["attribute"], net["value"])}
        n = graph.n_actors
        assert val[("actors", "")] == n and val[("ties", "")] == graph.n_ties
        assert val[("density", "")] == pytest.approx(graph.n_ties / (n * (n - 1) / 2), rel=1e-12)
        conv = cn.convergence
        for a in ("domain", "inside"):
            checks = {
                "ei_index": conv.ei_index(graph, a, missing="drop"),
                "expected_ei_index": conv.expected_ei_index(graph, a, missing="drop"),
                "assortativity": conv.assortativity(graph, a, missing="drop"),
                "freeman_segregation": conv.freeman_segregation(graph, a, missing="drop"),
                "hybrid_share": conv.hybrid_share(graph, a, missing="drop"),
                "composition_blau": cn.diversity.composition(graph, a, missing="drop"),
            }
            for m, v in checks.items():
                assert val[(m, a)] == pytest.approx(v, rel=1e-12), (m, a)
        d = cn.diversity.disparity_from_cooccurrence(graph, "domain", missing="drop")
        rao = cn.diversity.composition(graph, "domain", measure="rao_stirling", disparity=d,
                                       missing="drop")
        assert val[("composition_rao_stirling", "domain")] == pytest.approx(rao, rel=1e-12)

    def test_null_columns(self, made, graph):
        net = read_network(made[1])
        for col in ("null_mean", "null_sd", "z", "p_value", "permutations"):
            assert col in net.columns
        tested = net[net["permutations"] > 0]
        assert set(tested["measure"]) == {"ei_index", "assortativity", "freeman_segregation",
                                          "hybrid_share"}
        assert (tested["permutations"] == 39).all()
        assert ((tested["p_value"] >= 1 / 40) & (tested["p_value"] <= 1)).all()
        np.testing.assert_allclose(tested["z"],
                                   (tested["value"] - tested["null_mean"]) / tested["null_sd"])
        untested = net[net["permutations"] == 0]
        assert untested["p_value"].isna().all()

    def test_no_test_of_what_permutations_cannot_change(self, made):
        # the expected E-I index depends on the group sizes only: every permutation
        # gives the observed value, so the report says so instead of p = 1
        if cn.measures().loc["expected_ei_index", "permutable"]:
            for a in ("domain", "inside"):
                assert (f"expected_ei_index ({a}) is not tested: no permutation of "
                        f"{a} changes it") in made[0].notes

    def test_p_values_follow_the_library(self, made, graph):
        # the same null, drawn again with the library: p within sampling error
        net = made[0].network
        row = net[(net["measure"] == "ei_index") & (net["attribute"] == "domain")].iloc[0]
        res = cn.inference.permutation_test(
            graph, functools.partial(cn.convergence.ei_index, missing="drop"), "domain",
            n=39, rng=123, progress=False)
        assert row["value"] == pytest.approx(res.observed)
        assert row["null_mean"] == pytest.approx(res.null_mean, abs=5 * res.null_sd / 39**0.5)

    def test_same_seed_same_numbers(self, made, graph, tmp_path):
        r2 = cn.report(graph, attribute=["domain", "inside"], out=tmp_path, permutations=39,
                       rng=5, size=2, figures=False, progress=False)
        pd.testing.assert_frame_equal(r2.network, made[0].network)
        pd.testing.assert_frame_equal(r2.actors, made[0].actors)

    def test_over_time(self, made, graph):
        ot = pd.read_csv(made[1] / "over_time.csv", index_col="period")
        lib = cn.temporal.over_time(graph, cn.convergence.ei_index, size=2,
                                    attribute="domain", missing="drop")
        assert list(ot.index) == list(lib.index)
        assert_column(ot["ei_index_domain"], lib["ei_index"])
        assert list(ot["n_ties"]) == list(lib["n_ties"])
        tf = cn.temporal.tie_formation(graph, "domain", size=2, missing="drop")
        assert list(ot["new_ties"]) == list(tf["new"])
        assert_column(ot["new_cross_share_domain"],
                      tf["new_cross"] / (tf["new_same"] + tf["new_cross"]))


# --------------------------------------------------------------- the page
class TestHtml:
    def test_self_contained(self, made):
        r, out = made
        html = r.html.read_text(encoding="utf-8")
        imgs = re.findall(r"<img [^>]*>", html)
        assert len(imgs) == len(list(out.glob("*.png")))
        assert all('src="data:image/' in i for i in imgs)
        assert not re.search(r"""(src|href)=["'](?!data:|#|https://doi\.org/)""", html)
        assert "<script" not in html and "<link" not in html

    def test_methods_name_every_measure(self, made):
        r, _ = made
        html = r.html.read_text(encoding="utf-8")
        methods = html[html.index('id="methods"'):]
        for words in ("E-I index", "assortativity", "Freeman", "Coleman", "Relative intensity",
                      "hybrid", "Blau", "Shannon", "Rao-Stirling", "label permutation", "Phipson",
                      "New ties",
                      "39 random permutations", "seed 5", "windows of 2", "count",
                      f"clusternet {cn.__version__}", "Cite clusternet as"):
            assert words in methods, words
        for words in ("constraint", "Betweenness", "Gould and Fernandez", "participation",
                      "gatekeepers"):
            assert words in methods, words
        assert 'id="cite"' in html and "CITATION.cff" in html

    def test_tables_and_summary(self, made, graph):
        html = made[0].html.read_text(encoding="utf-8")
        assert f"{graph.n_actors:,} actors" in html
        assert "Mixing matrix by domain" in html
        assert "Per time window" in html
        for f in made[0].files:
            assert f.name in html  # the file list

    @pytest.mark.skipif(not HAVE_MPL, reason="needs matplotlib to be hidden")
    def test_without_matplotlib(self, graph, tmp_path, monkeypatch):
        from clusternet.report import _figures

        monkeypatch.setattr(_figures, "matplotlib_available", lambda: False)
        r = cn.report(graph, attribute="domain", out=tmp_path, progress=False)
        assert not list(tmp_path.glob("*.png"))
        assert "clusternet[plot]" in r.html.read_text(encoding="utf-8")
        assert any("matplotlib" in n for n in r.notes)


# -------------------------------------------------------- other inputs
class TestInputs:
    def test_directed_edge_list(self, tmp_path):
        ties = pd.DataFrame({"source": list("abcdea"), "target": list("bcdeac"),
                             "weight": [1, 2, 1, 3, 1, 1]})
        actors = pd.DataFrame({"actor": list("abcdef"), "team": list("xxyyzz")})
        g = cn.from_edgelist(ties, weight="weight", directed=True, actors=actors)
        r = cn.report(g, attribute="team", out=tmp_path, progress=False, rng=0)
        assert {"out_degree", "in_degree", "ei_index_team"} <= set(r.actors.columns)
        assert r.actors.loc["f", "out_degree"] == 0
        assert (tmp_path / "report.html").exists()

    def test_module_is_callable(self, graph, tmp_path):
        r = cn.report(graph, out=tmp_path, figures=False)
        assert isinstance(r, cn.report.Report)
        assert "ei_index_domain" not in r.actors.columns  # no attribute, no group measures

    @pytest.mark.parametrize(
        ("kwargs", "says"),
        [({"attribute": "sector"}, "no actor attribute 'sector'"),
         ({"permutations": -1}, "permutations"),
         ({"missing": "keep"}, "missing"),
         ({"rng": "x"}, "rng"),
         ({"rng": True}, "rng"),  # the one seed parser: no bools,
         ({"rng": -1}, "rng"),  # no negative seeds,
         ({"rng": 1.5}, "rng")],  # no floats
    )
    def test_bad_arguments(self, graph, tmp_path, kwargs, says):
        with pytest.raises(cn.ClusternetError, match=says):
            cn.report(graph, out=tmp_path, **kwargs)
        assert not list(tmp_path.iterdir())  # raised before any work

    def test_unknown_attribute_error(self, graph, tmp_path):
        with pytest.raises(cn.UnknownAttributeError, match="'sector'.*domain"):
            cn.report(graph, attribute=["domain", "sector"], out=tmp_path)

    def test_out_is_a_file(self, graph, tmp_path):
        f = tmp_path / "x.txt"
        f.write_text("")
        with pytest.raises(cn.ClusternetError, match="is a file"):
            cn.report(graph, out=f)


# ---------------------------------------------------------- command line
class TestCommandLine:
    def test_files_and_numbers(self, cli_run, tables):
        code, d, out = cli_run
        assert code == 0
        for name in ("actors.csv", "network.csv", "over_time.csv", "report.html"):
            assert (out / name).exists(), name
        assert len(list(out.glob("*.png"))) == len(list(out.glob("*.svg")))
        assert bool(list(out.glob("*.png"))) == HAVE_MPL
        table = pd.read_csv(d / "teams.csv")
        actors = table.groupby("person", sort=False)[["domain"]].first()
        g = cn.from_affiliations(table, actor="person", event="project", time="year",
                                 projection="newman", actors=actors)
        got = pd.read_csv(out / "actors.csv", index_col="actor")
        assert list(got.index) == list(g.actor_ids)
        assert_column(got["strength"],
                      pd.Series(np.asarray(g.adjacency.sum(axis=1)).ravel(), index=g.actor_ids))
        assert_column(got["ei_index_domain"],
                      cn.convergence.ei_index(g, "domain", level="actor", missing="drop"))
        assert_column(got["ego_diversity_domain"], cn.diversity.ego(g, "domain", missing="drop"))
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "clusternet report" in html and "--projection newman" in html
        assert "newman" in html[html.index('id="methods"'):]

    def test_progress_lines_unless_quiet(self, tmp_path, capsys):
        t = pd.DataFrame({"a": list("xyzxyw"), "e": [1, 1, 1, 2, 2, 2]})
        t.to_csv(tmp_path / "t.csv", index=False)
        code = main(["report", str(tmp_path / "t.csv"), "--actor", "a", "--event", "e",
                     "--out", str(tmp_path / "o"), "--no-figures"])
        out, err = capsys.readouterr()
        assert code == 0
        assert "clusternet report [1/" in err and "writing" in err
        assert str(tmp_path / "o" / "report.html") in out
        code = main(["report", str(tmp_path / "t.csv"), "--actor", "a", "--event", "e",
                     "--out", str(tmp_path / "o"), "--no-figures", "--quiet"])
        out, err = capsys.readouterr()
        assert code == 0 and err == ""

    def test_edge_list_with_actor_table(self, tmp_path, capsys):
        pd.DataFrame({"from": ["a", "b", "c"], "to": ["b", "c", "a"]}).to_csv(
            tmp_path / "ties.csv", index=False)
        pd.DataFrame({"actor": list("abcd"), "kind": list("xyxy")}).to_csv(
            tmp_path / "people.csv", index=False)
        code = main(["report", str(tmp_path / "ties.csv"), "--source", "from", "--target", "to",
                     "--actors", str(tmp_path / "people.csv"), "--attribute", "kind",
                     "--out", str(tmp_path / "o"), "--quiet", "--no-figures"])
        assert code == 0
        got = pd.read_csv(tmp_path / "o" / "actors.csv", index_col="actor")
        assert list(got.index) == list("abcd") and got.loc["d", "degree"] == 0
        capsys.readouterr()

    @pytest.fixture
    def files(self, tmp_path):
        pd.DataFrame({"who": list("abcab"), "what": [1, 1, 1, 2, 2], "when": ["2020"] * 3 + [
            "x"] * 2, "kind": list("xyxyy")}).to_csv(tmp_path / "t.csv", index=False)
        pd.DataFrame({"who": list("abcaa"), "what": [1, 1, 1, 2, 2]}).to_csv(
            tmp_path / "dup.csv", index=False)
        return tmp_path

    def test_builder_flags(self, files, capsys):
        """--duplicates, --max-event-size and --min-weight reach the builder."""
        out = files / "flags"
        code = main(["report", str(files / "dup.csv"), "--actor", "who", "--event", "what",
                     "--duplicates", "drop", "--max-event-size", "2", "--out", str(out),
                     "--quiet", "--no-figures"])
        assert code == 0, capsys.readouterr().err
        with pytest.warns(cn.errors.ClusternetWarning, match="max_event_size=2 left out 1"):
            expected = cn.from_affiliations(pd.read_csv(files / "dup.csv"), actor="who",
                                            event="what", duplicates="drop", max_event_size=2)
        assert "note: --max-event-size 2 left out 1 event(s)" in capsys.readouterr().err
        assert read_network(out).set_index("measure").loc["ties", "value"] == expected.n_ties
        assert "--duplicates drop --max-event-size 2" in (out / "report.html").read_text(
            encoding="utf-8")

    def test_ids_that_look_like_numbers_stay_text(self, files, capsys):
        """issue 12: ids 007, 7, 1e3 and 1000 in a column named by --actor are four
        actors, and no repeated rows are reported."""
        pd.DataFrame({"who": ["007", "7", "1e3", "1000"], "what": ["p1"] * 4}).to_csv(
            files / "ids.csv", index=False)
        out = files / "ids"
        code = main(["report", str(files / "ids.csv"), "--actor", "who", "--event", "what",
                     "--out", str(out), "--quiet", "--no-figures"])
        assert code == 0, capsys.readouterr().err
        ids = pd.read_csv(out / "actors.csv", dtype={"actor": str})["actor"]
        assert sorted(ids) == ["007", "1000", "1e3", "7"]

    def test_place_and_coordinates_from_the_table(self, files, capsys):
        t = pd.DataFrame({"who": list("abcdab"), "what": [1, 1, 1, 2, 2, 3],
                          "city": ["x", "x", "y", "y", "x", "x"],
                          "la": [45.0, 45.1, 46.0, 46.0, 45.0, 45.1],
                          "lo": [4.0, 4.1, 5.0, 5.0, 4.0, 4.1]})
        t.to_csv(files / "geo.csv", index=False)
        out = files / "geo"
        code = main(["report", str(files / "geo.csv"), "--actor", "who", "--event", "what",
                     "--place", "city", "--lat", "la", "--lon", "lo", "--out", str(out),
                     "--quiet", "--no-figures", "--small-world-draws", "0"])
        assert code == 0, capsys.readouterr().err
        net = read_network(out).set_index(["measure", "attribute"])
        # ties a-b, a-c, b-c (event 1) and a-d (event 2; event 3 has b alone); a and b
        # are in x, c and d in y: only a-b is within one city, 1 of 4 ties
        assert net.loc[("local_share", "city"), "value"] == pytest.approx(1 / 4)
        assert (out / "territory_city.csv").exists() and (out / "distance_decay.csv").exists()
        assert main(["report", str(files / "geo.csv"), "--actor", "who", "--event", "what",
                     "--lat", "la", "--out", str(files / "geo2"), "--quiet"]) == 2
        assert "both --lat and --lon" in capsys.readouterr().err

    def test_source_cordis(self, tmp_path, capsys):
        """issue 15: `clusternet report --source cordis` on a folder of CORDIS files
        (written by tests/test_sources.py in the published schema) writes the report with
        its territory section; issue 12: undated rows stop it with a one-line error
        naming --missing-time, and --missing-time drop sets them aside and says so."""
        from test_sources import _cordis_files

        folder = _cordis_files(tmp_path / "cordis")
        out = tmp_path / "out"
        code = main(["report", str(folder), "--source", "cordis", "--out", str(out), "--quiet"])
        err = capsys.readouterr().err
        assert code == 2 and "--missing-time drop" in err, err
        assert len([line for line in err.splitlines() if "error" in line]) == 1
        assert not out.exists()
        code = main(["report", str(folder), "--source", "cordis", "--missing-time", "drop",
                     "--out", str(out), "--quiet", "--no-figures", "--small-world-draws", "0"])
        err = capsys.readouterr().err
        assert code == 0, err
        assert "note: --missing-time drop left out 2 row(s)" in err
        html = (out / "report.html").read_text(encoding="utf-8")
        assert '<section id="territory">' in html and "By country" in html
        assert "2 record(s) without a time were set aside" in html
        net = read_network(out).set_index(["measure", "attribute"])
        assert ("local_share", "country") in net.index and ("ei_index", "sector") in net.index
        assert (out / "distance_decay.csv").exists()
        # issue 16: the organisations are named from the reader's 'name' column
        with pytest.warns(cn.errors.ClusternetWarning, match="have no date"):
            names = cn.sources.read_cordis(folder).actors["name"]
        saved = pd.read_csv(out / "actors.csv", index_col="actor", dtype={"actor": str})
        assert saved["name"].to_dict() == names.reindex(saved.index).to_dict()

    def test_output_folder_holding_the_input_refused(self, files, capsys, monkeypatch):
        monkeypatch.chdir(files)
        code = main(["report", "t.csv", "--actor", "who", "--event", "what", "--out", ".",
                     "--quiet"])
        err = capsys.readouterr().err
        assert code == 2 and "holds the input TABLE" in err and len(err.splitlines()) == 1
        assert sorted(p.name for p in files.iterdir()) == ["dup.csv", "t.csv"]

    def test_unwritable_output_folder_one_line(self, files, capsys):
        code = main(["report", str(files / "t.csv"), "--actor", "who", "--event", "what",
                     "--out", str(files / "t.csv" / "sub"), "--quiet", "--no-figures"])
        err = capsys.readouterr().err
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err

    @pytest.mark.parametrize(
        ("argv", "says"),
        [
            (["nope.csv", "--actor", "who", "--event", "what"], "no such file"),
            (["t.csv", "--actor", "person", "--event", "what"], "'person'"),
            (["t.csv"], "--actor COL --event COL"),
            (["t.csv", "--actor", "who"], "both --actor and --event"),
            (["t.csv", "--actor", "who", "--event", "what", "--source", "who"], "not both"),
            (["t.csv", "--actor", "who", "--event", "what", "--attribute", "sector"],
             "'sector'"),
            (["t.csv", "--actor", "who", "--event", "what", "--label", "kind"],
             "--label 'kind': actor 'a' has 2 different values in TABLE; a column taken "
             "from TABLE for --label must have one value per actor"),
            (["t.csv", "--actor", "who", "--event", "what", "--top-groups", "0"],
             "--top-groups"),
            (["t.csv", "--actor", "who", "--event", "what", "--time", "when"],
             "neither a number nor a date"),
            (["t.csv", "--actor", "who", "--event", "what", "--permutations", "many"],
             "--permutations"),
            (["t.csv", "--actor", "who", "--event", "what", "--seed", "-3"], "--seed"),
            (["t.csv", "--actor", "who", "--event", "what", "--projection", "cosine"],
             "--projection"),
            (["t.csv", "--actor", "who", "--event", "what", "--window", "0"], "--window"),
            (["t.csv", "--source", "who", "--target", "what", "--projection", "newman"],
             "edge lists"),
            (["t.csv", "--source", "who", "--target", "what", "--duplicates", "drop"],
             "--duplicates applies to affiliation tables"),
            (["t.csv", "--actor", "who", "--event", "what", "--max-ties", "0"], "--max-ties"),
            (["t.csv", "--actor", "who", "--event", "what", "--min-weight", "-1"],
             "--min-weight"),
            (["dup.csv", "--actor", "who", "--event", "what"], "--duplicates drop"),
            (["dup.csv", "--actor", "who", "--event", "what", "--duplicates", "drop",
              "--max-ties", "1"], "raise --max-ties"),
        ],
    )
    def test_one_line_error_exit_2(self, files, capsys, argv, says):
        argv = [str(files / a) if a.endswith(".csv") else a for a in argv]
        code = main(["report", *argv, "--out", str(files / "o"), "--quiet"])
        out, err = capsys.readouterr()
        assert code == 2
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith("clusternet") and "error" in lines[0]
        assert says in lines[0]
        assert "Traceback" not in err

    def test_help_documents_every_option(self, capsys):
        assert main(["report", "--help"]) == 0
        out = capsys.readouterr().out
        for opt in ("--actor", "--event", "--time", "--attribute", "--actors", "--projection",
                    "--permutations", "--seed", "--out", "--source", "--target", "--weight",
                    "--directed", "--window", "--step", "--cumulative", "--missing",
                    "--quiet", "--no-figures", "--title", "--duplicates", "--min-weight",
                    "--max-ties", "--max-event-size", "--small-world-draws", "--place",
                    "--lat", "--lon", "--label", "--top-groups"):
            assert opt in out, opt
        assert "Examples:" in out and "clusternet report teams.csv" in out

    def test_subprocess_no_traceback(self, tmp_path):
        r = subprocess.run([sys.executable, "-m", "clusternet", "report", "missing.csv",
                            "--actor", "a", "--event", "e"], capture_output=True, text=True,
                           cwd=tmp_path, check=False)
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1


class TestDemo:
    def test_demo_writes_the_report(self, tmp_path, capsys):
        code = main(["demo", "--out", str(tmp_path / "demo"), "--quiet",
                     "--permutations", "19"])
        out, err = capsys.readouterr()
        assert code == 0 and err == ""
        assert re.search(r"^\s+actors\s+600 ", out, flags=re.MULTILINE)  # the summary stays
        assert f"report   {tmp_path / 'demo' / 'report.html'}" in out
        d = tmp_path / "demo"
        for name in ("actors.csv", "network.csv", "over_time.csv", "report.html"):
            assert (d / name).exists(), name
        for name in ("network.png", "relative_intensity_domain.svg", "null_domain.png"):
            assert (d / name).exists() == HAVE_MPL, name
        aff, actors = cn.datasets.creative_cluster(rng=0)
        g = cn.from_affiliations(aff, time="year", actors=actors)
        got = pd.read_csv(d / "actors.csv", index_col="actor")
        assert_column(got["ei_index_domain"],
                      cn.convergence.ei_index(g, "domain", level="actor", missing="drop"))
        net = read_network(d)
        row = net[(net["measure"] == "assortativity") & (net["attribute"] == "domain")]
        assert row["value"].iloc[0] == pytest.approx(
            cn.convergence.assortativity(g, "domain", missing="drop"), rel=1e-12)
        assert row["permutations"].iloc[0] == 19


# ------------------------------------------------------- the registry
def _toy_measure(g, attribute, *, missing="error"):
    """A measure of groups for the tests: the share of actors with a value."""
    return float(g.attribute(attribute).notna().mean())


class TestRegistry:
    """The report takes its measures, their meaning and their methods text
    from the registry: a measure that disappears is an error, a new network
    measure of convergence appears in every part of the report."""

    def test_methods_cite_the_bibliography(self, made):
        an = made[0]
        html = an.html.read_text(encoding="utf-8")
        cited = re.findall(r'<li id="ref-([a-z0-9_]+)">', html)
        assert cited and set(cited) <= set(BIBLIOGRAPHY)

    def test_every_used_measure_contributes_its_method(self, graph, tmp_path):
        from clusternet.report import _compute

        an = _analysis(graph, ["domain", "inside"], permutations=0)
        text, cited = _methods.paragraphs(an)
        keys = {k.strip() for para in text for ks in _methods.CITATION.findall(para)
                for k in ks.split(",")}
        assert keys <= set(BIBLIOGRAPHY), keys - set(BIBLIOGRAPHY)
        assert set(cited) == keys
        ctx = _methods.context(an)
        used = [m for m, _ in an.measures.values()]
        for m in used:
            assert _methods.method_text(m, ctx) in text, m.name
            assert set(m.references) <= set(cited), m.name
        # what the report uses, by name: a rename of any of these fails here
        names = {m.qualname for m in used}
        assert {"brokerage.structural_holes", "brokerage.betweenness",
                "convergence.ei_index", "convergence.expected_ei_index",
                "convergence.assortativity", "convergence.freeman_segregation",
                "convergence.hybrid_share", "convergence.mixing_matrix",
                "convergence.relative_intensity", "convergence.coleman_homophily",
                "diversity.ego", "diversity.composition", "diversity.events",
                "diversity.disparity_from_cooccurrence", "diversity.rao_stirling",
                "diversity.true_diversity", "brokerage.gould_fernandez",
                "brokerage.gatekeepers", "brokerage.participation",
                "temporal.tie_formation", "structure.core_periphery",
                "structure.two_mode_clustering", "structure.small_world",
                "temporal.team_assembly", "brokerage.bridging", "territory.openness"} == names
        assert [m.name for m in _compute.network_measures(graph)] == [
            "ei_index", "expected_ei_index", "assortativity", "freeman_segregation",
            "hybrid_share"]

    @pytest.mark.parametrize("directed", [False, True])
    @pytest.mark.parametrize("incidence", [False, True])
    def test_every_registered_method_text_cites_known_keys(self, directed, incidence):
        ctx = {"directed": directed, "incidence": incidence, "distance": "inverse",
               "betweenness_k": 1000, "missing": "drop"}
        for m in _registry.entries():
            text = _methods.method_text(m, ctx)
            keys = {k.strip() for ks in _methods.CITATION.findall(text) for k in ks.split(",")}
            assert keys <= set(BIBLIOGRAPHY), (m.name, keys - set(BIBLIOGRAPHY))
            assert set(m.references) <= keys, m.name

    def test_a_measure_that_disappears_is_an_error(self, graph, tmp_path, monkeypatch):
        monkeypatch.delitem(_registry._MEASURES, "structural_holes")
        with pytest.raises(cn.ClusternetError, match="no measure 'brokerage.structural_holes'"):
            cn.report(graph, out=tmp_path, figures=False, progress=False)

    def test_a_new_convergence_measure_is_reported(self, graph, tmp_path, monkeypatch):
        toy = _registry.Measure(
            name="toy_share", func=_toy_measure, family="convergence",
            levels={"network": "float"}, references=("blau1977",),
            summary="share of actors with a value (a test measure)",
            method="The toy share counts actors with a value [blau1977].")
        monkeypatch.setitem(_registry._MEASURES, "toy_share", toy)
        r = cn.report(graph, attribute="domain", out=tmp_path, figures=False, progress=False,
                      rng=1)
        row = r.network[(r.network["measure"] == "toy_share")
                        & (r.network["attribute"] == "domain")]
        assert row["value"].tolist() == [1.0]  # every actor of creative_cluster has a domain
        assert row["description"].tolist() == [toy.summary]
        assert r.over_time["toy_share_domain"].eq(1.0).all()
        html = r.html.read_text(encoding="utf-8")
        assert "The toy share counts actors with a value" in html
        assert "<td class=\"text\">toy_share</td>" in html  # in the convergence table


# ------------------------------------------------------- cluster structure
class TestStructure:
    """The Structure section: the numbers are those of the registered
    measures called with the report's seeds (issue 13)."""

    def test_numbers_are_the_library_s(self, made, graph):
        from clusternet.report import _seeds

        r, out = made
        _, seed_for, _ = _seeds(5)
        core = cn.structure.core_periphery(graph, rng=seed_for("core_periphery"))
        assert_column(r.actors["core"].astype(bool), core["core"])
        net = read_network(out).set_index("measure")
        assert net.loc["core_size", "value"] == core["core"].sum()
        assert net.loc["core_fit", "value"] == pytest.approx(
            core.attrs["clusternet"]["params"]["fit"], rel=1e-12)
        assert net.loc["two_mode_clustering", "value"] == pytest.approx(
            cn.structure.two_mode_clustering(graph), rel=1e-12)
        assert net.loc["robins_alexander_clustering", "value"] == pytest.approx(
            cn.structure.two_mode_clustering(graph, method="robins_alexander"), rel=1e-12)
        sw = cn.structure.small_world(graph, n=20, rng=seed_for("small_world"))
        assert net.loc["small_world_q", "value"] == pytest.approx(sw.Q, rel=1e-12)
        assert net.loc["path_length_null", "value"] == pytest.approx(sw.L_null_mean, rel=1e-12)
        bridging = cn.brokerage.bridging(graph, distance="hops")
        assert_column(r.actors["bridging"], bridging)

    def test_team_assembly_table(self, made, graph):
        r, out = made
        ta = pd.read_csv(out / "team_assembly.csv", index_col="period")
        expected = cn.temporal.team_assembly(graph, size=2)
        np.testing.assert_allclose(ta["q"], expected["q"], rtol=1e-12)
        np.testing.assert_allclose(ta["p"], expected["p"], rtol=1e-12)

    def test_html_section(self, made):
        r, _ = made
        html = r.html.read_text(encoding="utf-8")
        assert '<section id="cluster">' in html and "small_world_q" in html
        assert "Team assembly by period" in html
        assert "discrete core/periphery model of Borgatti and Everett" in html

    def test_analytic_null_when_large(self, graph, tmp_path, monkeypatch):
        from clusternet.report import _compute

        monkeypatch.setattr(_compute, "SMALL_WORLD_MAX_TIES", 10)
        r = cn.report(graph, out=tmp_path / "r", figures=False, rng=1)
        net = r.network.set_index("measure")
        analytic = cn.structure.small_world(graph, null="analytic")
        assert net.loc["small_world_q", "value"] == pytest.approx(analytic.Q, rel=1e-12)
        assert any("analytic random bipartite graph" in n for n in r.notes)
        assert "Newman, Strogatz and Watts" in r.html.read_text(encoding="utf-8")

    def test_edge_list_has_core_but_no_two_mode(self, tmp_path):
        g = cn.from_edgelist(pd.DataFrame({"source": list("aabbc"), "target": list("bcdcd")}))
        r = cn.report(g, out=tmp_path / "r", figures=False, rng=1)
        measures = set(r.network["measure"])
        assert {"core_size", "core_fit"} <= measures
        assert not {"small_world_q", "two_mode_clustering"} & measures
        assert not (tmp_path / "r" / "team_assembly.csv").exists()


# ------------------------------------------------------------- territory
@pytest.fixture(scope="module")
def located(tmp_path_factory):
    """A report on a graph with cities and coordinates."""
    aff, actors = cn.datasets.creative_cluster(n_actors=150, n_years=4, rng=2)
    rng = np.random.default_rng(0)
    city = rng.integers(0, 4, len(actors))
    lat0, lon0 = np.array([45.76, 48.86, 45.07, 46.20]), np.array([4.84, 2.35, 7.69, 6.14])
    actors = actors.assign(city=np.array(["Lyon", "Paris", "Turin", "Geneva"])[city],
                           lat=lat0[city] + rng.normal(0, 0.05, len(actors)),
                           lon=lon0[city] + rng.normal(0, 0.05, len(actors)))
    g = cn.from_affiliations(aff, time="year", actors=actors)
    out = tmp_path_factory.mktemp("territory") / "r"
    r = cn.report(g, attribute="inside", place="city", lat="lat", lon="lon", out=out,
                  permutations=19, rng=3, size=2, step=2, small_world_draws=0,
                  progress=False)
    return g, r


class TestTerritory:
    """The Territory section (issue 15): its numbers are the registered
    territory measures' with the report's seeds."""

    def test_numbers(self, located):
        from clusternet.report import _seeds

        g, r = located
        net = r.network.set_index(["measure", "attribute"])
        assert net.loc[("local_share", "city"), "value"] == pytest.approx(
            cn.territory.local_share(g, "city", missing="drop"), rel=1e-12)
        assert net.loc[("expected_local_share", "city"), "value"] == pytest.approx(
            cn.territory.expected_local_share(g, "city", missing="drop"), rel=1e-12)
        summary = cn.territory.tie_lengths(g, lat="lat", lon="lon").summary
        assert net.loc[("tie_length_median_km", ""), "value"] == pytest.approx(
            summary["median_km"], rel=1e-12)
        _, seed_for, _ = _seeds(3)
        d = cn.territory.distance_decay(g, lat="lat", lon="lon", n=19,
                                        rng=seed_for("distance_decay"))
        saved = pd.read_csv(r.out / "distance_decay.csv", index_col=0)
        np.testing.assert_allclose(saved["null_mean"], d.table["null_mean"], rtol=1e-12)
        test = cn.inference.permutation_test(
            g, functools.partial(cn.territory.local_share, missing="drop"), "city", n=19,
            rng=seed_for("local_share:city"))
        assert net.loc[("local_share", "city"), "p_value"] == pytest.approx(test.p_value)
        by = pd.read_csv(r.out / "territory_city.csv", index_col="city")
        assert_column(by["local_share"].sort_index(),
                      cn.territory.local_share(g, "city", level="group",
                                               missing="drop").sort_index())

    def test_openness_and_page(self, located):
        g, r = located
        table = pd.read_csv(r.out / "openness_inside.csv", index_col="period")
        lib = cn.territory.openness(g, "inside", size=2, step=2)
        np.testing.assert_allclose(table["openness"], lib["openness"], rtol=1e-12)
        html = r.html.read_text(encoding="utf-8")
        assert '<section id="territory">' in html and "By city" in html
        if HAVE_MPL:
            assert (r.out / "distance_decay.png").exists()

    def test_lat_without_lon_refused(self, graph, tmp_path):
        with pytest.raises(cn.ClusternetError, match="both lat= and lon="):
            cn.report(graph, lat="domain", out=tmp_path / "r")
        assert not (tmp_path / "r").exists()


# ------------------------------------------- significance of ties (issue 14)
class TestSignificance:
    def test_backbone_and_qap_are_the_library_s(self, made, graph):
        from clusternet.report import _seeds

        r, out = made
        b = cn.inference.backbone(graph, correction="bh")
        saved = pd.read_csv(out / "backbone.csv", dtype={"source": str, "target": str})
        assert int(saved["significant"].sum()) == b.graph.n_ties
        np.testing.assert_allclose(saved["p_value"], b.ties["p_value"], rtol=1e-12)
        net = read_network(out).set_index("measure")
        assert net.loc["backbone_ties", "value"] == b.graph.n_ties
        _, seed_for, _ = _seeds(5)
        q = cn.inference.qap(graph, {"same_domain": cn.inference.same("domain"),
                                     "same_inside": cn.inference.same("inside")},
                             family="ols", n=39, rng=seed_for("qap"))
        table = pd.read_csv(out / "qap.csv", index_col=0)
        np.testing.assert_allclose(table["coef"], q.coef, rtol=1e-12)
        np.testing.assert_allclose(table["p_value"], q.p_value, rtol=1e-12)
        html = r.html.read_text(encoding="utf-8")
        assert '<section id="significance-of-ties">' in html and "QAP regression" in html
        assert "Benjamini-Hochberg" in html
        # this small cluster has no tie beyond its degrees: nothing to draw
        assert b.graph.n_ties == 0 and not (out / "backbone.png").exists()

    def test_backbone_figure(self, tmp_path):
        if not HAVE_MPL:
            pytest.skip("needs matplotlib")
        aff, actors = cn.datasets.creative_cluster(rng=0)
        g = cn.from_affiliations(aff, actors=actors)
        r = cn.report(g, attribute="domain", out=tmp_path / "r", rng=1, small_world_draws=0)
        b = cn.inference.backbone(g, correction="bh").graph
        assert r.network.set_index("measure").loc["backbone_ties", "value"] == b.n_ties > 0
        # issue 16: 600 actors are more than the report draws; the network figure draws
        # the backbone's best connected (it is some ties, not all), and says so
        assert 0 < b.n_ties < g.n_ties
        html = unescape(r.html.read_text(encoding="utf-8"))
        assert (f"Drawn: the backbone of the projection ({b.n_ties:,} of {g.n_ties:,} ties"
                in html)
        assert "draws the backbone's best connected actors" in html
        assert (tmp_path / "r" / "network.svg").exists()
        assert (tmp_path / "r" / "group_graph_domain.svg").exists()

    def test_no_qap_above_the_size_limit(self, graph, tmp_path, monkeypatch):
        from clusternet.report import _compute

        monkeypatch.setattr(_compute, "QAP_MAX_ACTORS", 10)
        r = cn.report(graph, attribute="domain", out=tmp_path / "r", permutations=9,
                      figures=False, rng=1, small_world_draws=0)
        assert not (tmp_path / "r" / "qap.csv").exists()
        assert any("no QAP table" in n for n in r.notes)


# ------------------------------------------------------ windows (issue 12)
class TestWindows:
    def test_window_tests_are_the_library_s(self, made, graph):
        from clusternet.report import _seeds

        r, out = made
        saved = pd.read_csv(out / "over_time_tests.csv", index_col="period")
        ei = saved[(saved["measure"] == "ei_index") & (saved["attribute"] == "domain")]
        _, seed_for, _ = _seeds(5)
        lib = cn.inference.test_over_time(
            graph, functools.partial(cn.convergence.ei_index, missing="drop"),
            attribute="domain", n=39, rng=seed_for("ei_index:domain:windows"), size=2)
        np.testing.assert_allclose(ei["observed"], lib["observed"], rtol=1e-12)
        np.testing.assert_allclose(ei["p_value"], lib["p_value"], rtol=1e-12)
        np.testing.assert_allclose(ei["null_high"], lib["null_high"], rtol=1e-12)
        assert "expected_ei_index" not in set(saved["measure"])  # no permutation changes it
        if HAVE_MPL:
            assert (out / "over_time_null_domain.png").exists()

    def test_decades_from_1930_incomplete_left_out_of_the_trend(self, tmp_path):
        """MoMA-like records 1929-1989 in decades from 1930: the window 1920-1929
        holds only 1929 and is incomplete; the trend sentence starts at 1930."""
        rng = np.random.default_rng(4)
        rows = []
        for e, year in enumerate(rng.integers(1929, 1990, 300)):
            for a in rng.choice(80, size=3, replace=False):
                rows.append({"actor": f"a{a}", "event": e, "year": int(year)})
        rows += [{"actor": "a1", "event": 999, "year": 1929},
                 {"actor": "a2", "event": 999, "year": 1929}]
        aff = pd.DataFrame(rows)
        actors = pd.DataFrame({"actor": [f"a{i}" for i in range(80)],
                               "kind": ["x", "y"] * 40})
        g = cn.from_affiliations(aff, time="year", actors=actors)
        r = cn.report(g, attribute="kind", out=tmp_path / "r", size=10, origin=1930,
                      figures=False, rng=1, small_world_draws=0)
        ot = r.over_time
        assert list(ot.index) == [1920, 1930, 1940, 1950, 1960, 1970, 1980]
        assert list(ot["complete"]) == [False] + [True] * 6
        html = r.html.read_text(encoding="utf-8")
        assert "in the window starting 1930" in html and "window starting 1920" not in html
        assert "1 incomplete window(s) left out" in html


# ------------------------------------------------ the output folder (issue 12)
class TestOutputFolder:
    """A report folder is all new or untouched."""

    def _g(self):
        return cn.from_affiliations(cn.datasets.davis_southern_women())

    def test_rerun_replaces_the_whole_report(self, tmp_path):
        g = self._g()
        out = tmp_path / "r"
        aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=2, rng=1)
        cn.report(cn.from_affiliations(aff, actors=actors), attribute="domain", out=out,
                  figures=False, rng=1)
        assert (out / "groups_domain.csv").exists()
        cn.report(g, out=out, figures=False, rng=1)
        assert not (out / "groups_domain.csv").exists()  # nothing old is left beside the new
        assert len(pd.read_csv(out / "actors.csv")) == g.n_actors
        assert [p.name for p in tmp_path.iterdir()] == ["r"]  # no temporary folder left

    def test_interrupted_run_leaves_the_old_report(self, tmp_path, monkeypatch):
        from clusternet import report as report_module

        g = self._g()
        out = tmp_path / "r"
        cn.report(g, out=out, figures=False, rng=1)
        before = {p.name: p.read_bytes() for p in out.iterdir()}

        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(report_module, "_write", interrupted)
        with pytest.raises(KeyboardInterrupt):
            cn.report(g, out=out, figures=False, rng=2)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        assert [p.name for p in tmp_path.iterdir()] == ["r"]

    def test_folder_of_other_files_refused_before_work(self, tmp_path):
        (tmp_path / "actors.csv").write_text("actor,domain\na,x\n")
        with pytest.raises(cn.ClusternetError, match="not a clusternet report"):
            cn.report(self._g(), out=tmp_path, figures=False)
        assert [p.name for p in tmp_path.iterdir()] == ["actors.csv"]

    def test_bad_window_refused_before_the_folder_exists(self, graph, tmp_path):
        with pytest.raises(cn.ClusternetError):
            cn.report(graph, out=tmp_path / "new", size=0, figures=False)
        assert list(tmp_path.iterdir()) == []

    def test_distinct_attributes_distinct_files(self, tmp_path):
        aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=2, rng=1)
        actors = actors.assign(**{"a b": actors["domain"], "a/b": actors["inside"]})
        g = cn.from_affiliations(aff, actors=actors)
        r = cn.report(g, attribute=["a b", "a/b"], out=tmp_path / "r", rng=1)
        groups = sorted(p.name for p in r.files if p.name.startswith("groups_"))
        assert len(groups) == 2 and groups[0] != groups[1]
        assert len({p.name for p in r.files}) == len(r.files)


# ------------------------------- names, many groups, participations (16, 12)
def _named_graph(n_groups=9):
    """140 actors of the creative cluster with a name column ('name', one
    actor without one) and a nationality of ``n_groups`` groups of sizes
    40, 30, 20, 10, 10, 10, 10, 5, 5 (hand-made, so that the merge is known)."""
    aff, actors = cn.datasets.creative_cluster(n_actors=140, n_years=3, rng=2)
    sizes = [40, 30, 20, 10, 10, 10, 10, 5, 5][:n_groups]
    nat = np.repeat([f"N{k}" for k in range(len(sizes))], sizes)
    actors = actors.assign(nationality=nat[:len(actors)],
                           name=[f"Artist {i}" for i in range(len(actors))])
    actors.loc[3, "name"] = None  # no name: shown by its id
    return cn.from_affiliations(aff, time="year", actors=actors)


class TestLabelsAndGroups:
    def test_label_names_the_actors(self, tmp_path):
        g = _named_graph()
        r = cn.report(g, attribute="domain", label="name", out=tmp_path / "r",
                      figures=False, rng=1, small_world_draws=0)
        saved = pd.read_csv(tmp_path / "r" / "actors.csv", index_col="actor")
        expected = g.attribute("name").fillna(pd.Series(g.actor_ids, index=g.actor_ids))
        assert saved["name"].tolist() == expected.tolist()  # the id where no name
        html = unescape(r.html.read_text(encoding="utf-8"))
        top = r.actors["betweenness"].idxmax()
        assert f"{expected[top]} ({top}) (highest betweenness" in html
        brokers = html[html.index("actors with the highest betweenness"):]
        brokers = brokers[:brokers.index("</table>")]
        assert "<th class=\"text\">name</th>" in brokers
        assert all(expected[a] in brokers for a in r.actors["betweenness"].nlargest(3).index)
        assert "label='name'" in html  # in the call shown

    @pytest.mark.parametrize(("label", "error", "says"), [
        (5, cn.ClusternetError, "label must be a column name"),
        ("nope", cn.UnknownAttributeError, "'nope'"),
    ])
    def test_bad_label(self, tmp_path, label, error, says):
        with pytest.raises(error, match=says):
            cn.report(_named_graph(), label=label, out=tmp_path / "r", figures=False)
        assert not (tmp_path / "r").exists()

    def test_top_groups_merge_the_rest_into_other(self, tmp_path):
        g = _named_graph()
        r = cn.report(g, attribute="nationality", top_groups=3, out=tmp_path / "r",
                      figures=False, rng=1, small_world_draws=0)
        # hand count: the 3 largest are N0 (40), N1 (30), N2 (20); the other 6 groups
        # hold 10 + 10 + 10 + 10 + 5 + 5 = 50 actors
        note = ("nationality has 9 groups: the page's group tables and figures show the 3 "
                "largest and merge the other 6 (50 actors) into one group 'other'")
        assert any(n.startswith(note) for n in r.notes)
        assert note in unescape(r.html.read_text(encoding="utf-8"))
        # the CSV files hold every group
        assert len(pd.read_csv(tmp_path / "r" / "groups_nationality.csv")) == 9
        full = cn.convergence.mixing_matrix(g, "nationality")
        assert pd.read_csv(tmp_path / "r" / "mixing_nationality.csv", index_col=0).shape \
            == (9, 9)
        # the page's mixing matrix sums the merged rows and columns (library's matrix,
        # summed here), its relative intensity is the library's on the merged groups
        from clusternet.report import _compute

        an = _analysis(g, ["nationality"], permutations=0, top_groups=3)
        rest = [f"N{k}" for k in range(3, 9)]
        key = np.array([v if v not in rest else "other" for v in full.index])
        summed = full.groupby(key).sum().T.groupby(key).sum().T
        shown = an.groups["nationality"]["mixing_matrix_shown"]
        order = ["N0", "N1", "N2", "other"]
        assert list(shown.index) == order == list(shown.columns)
        np.testing.assert_array_equal(shown.to_numpy(), summed.loc[order, order].to_numpy())
        merged = g.attribute("nationality").where(
            ~g.attribute("nationality").isin(rest), "other")
        h = g.with_attributes(pd.DataFrame({"nat": merged}, index=g.actor_ids))
        ri = cn.convergence.relative_intensity(h, "nat").loc[order, order]
        np.testing.assert_allclose(
            an.groups["nationality"]["relative_intensity_shown"].to_numpy(dtype=float),
            ri.to_numpy(dtype=float), rtol=1e-12)
        row = an.groups["nationality"]["groups_shown"].loc["other"]
        assert row["actors"] == 50 and row["ei_index"] is None
        assert _compute.OTHER == "other"

    def test_top_groups_none_and_bad(self, tmp_path):
        an = _analysis(_named_graph(), ["nationality"], permutations=0, top_groups=None)
        assert an.merged == {} and "mixing_matrix_shown" not in an.groups["nationality"]
        with pytest.raises(cn.ClusternetError, match="top_groups=0"):
            cn.report(_named_graph(), top_groups=0, out=tmp_path / "r")

    def test_participation_attribute_untested_said_not_failed(self, tmp_path):
        """issue 12: a sector that changes within an author; the library refuses the
        permutation test of the hybrid share for it: the report says so."""
        from test_participation_attributes import ml_like

        # without time here (tests/test_cli.py runs the same case by year, windows too)
        g = cn.from_affiliations(ml_like(), actor="author", event="paper",
                                 participation_attributes=["sector"])
        r = cn.report(g, attribute="sector", permutations=9, out=tmp_path / "r",
                      figures=False, rng=1, small_world_draws=0)
        net = r.network.set_index(["measure", "attribute"])
        # the value is reported (the library's, counting each authorship) ...
        assert net.loc[("hybrid_share", "sector"), "value"] == pytest.approx(
            cn.convergence.hybrid_share(g, "sector"), abs=1e-15)
        # ... without a test, and the page says why
        assert net.loc[("hybrid_share", "sector"), "permutations"] == 0
        assert any(n.startswith("hybrid_share (sector) is not tested: 'sector' is a "
                                "participation attribute") for n in r.notes)
        html = unescape(r.html.read_text(encoding="utf-8"))
        assert "Not tested: hybrid_share (sector)." in html
        assert "'sector' belongs to each participation" in html  # the methods


class TestFigureSize:
    def test_a_dense_figure_is_bounded(self, monkeypatch):
        """Ties as vector lines weigh about 150 bytes each in SVG; above the bound
        the report saves them rasterized, so that no figure file exceeds it."""
        pytest.importorskip("matplotlib")
        from matplotlib.collections import LineCollection

        from clusternet.report import _figures

        assert _figures.MAX_FIGURE_BYTES == 2_000_000
        rng = np.random.default_rng(1)
        fig, ax = _figures._new(3, 2.5)
        ax.add_collection(LineCollection(rng.random((1500, 2, 2)), linewidths=0.5))
        naive = _figures._save(fig, "svg")  # about 240 kB
        bound = 100_000  # the same rule, with a twentieth of the bound and few lines
        assert len(naive) > bound  # the control: this figure needs the bound
        monkeypatch.setattr(_figures, "MAX_FIGURE_BYTES", bound)
        f = _figures._render(fig, "dense", "t", "c", "structure")
        assert len(f.svg) <= bound and len(f.png) <= bound
        assert b"<image" in f.svg  # the lines, as an image inside the SVG


def _analysis(graph, attributes, *, permutations, top_groups=20):
    """The report's analysis without writing files."""
    from clusternet.report import _compute, _seeds

    text, seed_for, _ = _seeds(1)
    params = {"permutations": permutations, "size": 2, "step": 1, "cumulative": False,
              "missing": "drop", "distance": "hops", "seed_text": text, "seed_for": seed_for,
              "call": "", "small_world_draws": 5, "top_groups": top_groups}
    an = _compute.Analysis(g=graph, attributes=attributes, params=params,
                           actors=pd.DataFrame(index=graph.actor_ids.copy()))
    for key, _ in _compute.stages(graph, attributes, permutations):
        _compute.run_stage(an, key)
    _compute.finish(an)
    return an


def test_report_doc_example_is_in_the_module():
    assert "cn.report(g" in (Path(cn.report.__file__).read_text(encoding="utf-8"))
