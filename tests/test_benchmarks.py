"""benchmarks/run_all.py: the README tables regenerated from stored JSON.

No benchmark runs here: a JSON record written by hand in the form that
``benchmarks/_common.py`` writes is rendered into a README with markers,
and the committed README is checked against the committed results.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def run_all():
    if not (BENCH / "run_all.py").is_file():  # an installed package without the repo
        pytest.skip("benchmarks/ is not in this checkout")
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_run_all", BENCH / "run_all.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.path.remove(str(BENCH))


# the form _common._write stores (one record per measured row) plus what
# run_all adds under "run"
FIXTURE = {
    "script": "bench_demo.py",
    "argv": ["--scale", "0.1"],
    "date": "2026-12-04T16:00:00Z",
    "machine": {"python": "3.11.7", "processor": "AMD EPYC", "cpus": 2, "memory_gb": 23.5,
                "platform": "Linux-x86_64", "numpy": "2.4.6", "scipy": "1.17.1",
                "igraph": "1.0.0", "networkx": "3.6.1", "clusternet": "0.1.0",
                "commit": "0123456789abcdef", "dirty": False},
    "results": [
        {"table": "speed", "graph": "a|b", "ties": 100000, "clusternet_s": 0.0123456,
         "networkx_s": "> 120", "ratio": 1234.5, "ok": True},
        {"table": "speed", "graph": "c", "ties": 1000000, "clusternet_s": 0.25,
         "extra": None},
        {"table": "memory", "rows": 10, "peak_gb": 2.5e-05},
    ],
    "run": {"profile": "quick", "args": ["--scale", "0.1"], "returncode": 0, "seconds": 12.3,
            "load_before": [1.0, 1.0, 1.0], "load_after": [2.25, 1.0, 1.0]},
}

README = """# Benchmarks

Prose that explains the engines stays.

<!-- bench:demo -->
stale table
<!-- /bench:demo -->

More prose.

<!-- bench:missing -->
old
<!-- /bench:missing -->
"""


def test_render_fixture(run_all):
    text = run_all.render(FIXTURE)
    lines = text.splitlines()
    # provenance: the command, the commit (10 characters), the machine, the load
    assert lines[0].startswith("`python benchmarks/bench_demo.py --scale 0.1`; commit 0123456789;")
    assert "AMD EPYC, 2 CPUs, 23.5 GB" in lines[0] and "load average (1 min) 1.0 before, 2.2" \
        in lines[0]
    # one table per recorded table name, columns in first-seen order
    assert "*speed*" in lines and "*memory*" in lines
    assert "| graph | ties | clusternet_s | networkx_s | ratio | ok | extra |" in lines
    # 3 significant digits, thousands separators, escaped pipes, missing as a dash
    assert "| a\\|b | 100,000 | 0.0123 | > 120 | 1,234 | yes | — |" in lines
    assert "| c | 1,000,000 | 0.25 | — | — | — | — |" in lines
    assert "| 10 | 2.50e-05 |" in lines


def test_regenerate_round_trip(run_all):
    results = {"demo": FIXTURE, "missing": None}
    once = run_all.regenerate(README, results)
    assert run_all.markers(once) == ["demo", "missing"]
    assert "stale table" not in once and "| c | 1,000,000 |" in once
    assert "_Not run on this machine in this session: no stored results " \
        "(`python benchmarks/run_all.py --only missing`)._" in once
    # the prose outside the markers is kept, and a second pass changes nothing
    assert once.startswith("# Benchmarks\n\nProse that explains the engines stays.\n\n")
    assert "\nMore prose.\n" in once
    assert run_all.regenerate(once, results) == once
    # a block whose results are not given stays as it is
    assert run_all.regenerate(README, {"demo": FIXTURE}).count("old\n") == 1


def test_failed_run_is_said(run_all):
    failed = dict(FIXTURE, run=dict(FIXTURE["run"], returncode=1, error="boom"))
    assert "**The last run did not finish** (exit status 1: boom)" in run_all.render(failed)
    stopped = dict(FIXTURE, run=dict(FIXTURE["run"], returncode=None, timeout_s=300))
    assert "stopped after 300 s" in run_all.render(stopped)


def test_update_readme_from_files(run_all, tmp_path, monkeypatch):
    monkeypatch.setattr(run_all, "RESULTS", tmp_path)
    (tmp_path / "bench_demo.json").write_text(json.dumps(FIXTURE))
    readme = tmp_path / "README.md"
    readme.write_text(README)
    assert run_all.update_readme(readme) == ["demo", "missing"]
    first = readme.read_text()
    assert "| c | 1,000,000 |" in first
    run_all.update_readme(readme)
    assert readme.read_text() == first


def test_committed_readme_is_regenerated(run_all):
    """benchmarks/README.md holds what run_all.py makes of benchmarks/results/
    (rerun ``python benchmarks/run_all.py --readme-only`` after a run)."""
    text = run_all.README.read_text()
    names = run_all.markers(text)
    assert names, "no <!-- bench:NAME --> markers in benchmarks/README.md"
    assert text.count("<!-- bench:") == text.count("<!-- /bench:") == len(names)
    assert set(names) <= set(run_all.SCRIPTS)
    assert run_all.regenerate(text, run_all.load_results(names)) == text
