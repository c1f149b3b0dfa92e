"""report.html opened in a real browser (headless Chromium): the page renders
(a screenshot that is not blank), every figure decodes (checked by a script
added to a copy of the page, with a broken image as a control), and the
console shows no error; no figure file exceeds the report's size bound
(2 MB), and with ``label=`` the actors are named from the label column on the
figures and in the page as the browser shows it (issue 16).

Skipped when no Chromium is installed; CI installs Debian's ``chromium``
(.ci/run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import clusternet as cn

pytest.importorskip("matplotlib")

BROWSER = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome",
                                          "google-chrome-stable") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]

CHECK = """<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; });
  var d = document.createElement('div');
  d.id = 'cn-check';
  d.setAttribute('data-ok', ok.length);
  d.setAttribute('data-total', imgs.length);
  document.body.appendChild(d);
  console.log('cn-check ' + ok.length + '/' + imgs.length);
});
</script>"""


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=90, check=False,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    aff, actors = cn.datasets.creative_cluster(n_actors=140, n_years=5, rng=4)
    actors["name"] = [f"Artist{i:03d}x" for i in range(len(actors))]  # not an id
    g = cn.from_affiliations(aff, time="year", actors=actors)
    out = tmp_path_factory.mktemp("browser")
    r = cn.report(g, attribute=["domain", "inside"], out=out / "report", permutations=19,
                  rng=1, size=2, progress=False, label="name")
    return r, out


def figures_loaded(html: str, tmp: Path, name: str) -> tuple[int, int, str]:
    """(images decoded, images, chromium's stderr) for ``html`` with the check added."""
    path = tmp / name
    path.write_text(html.replace("</body>", CHECK + "</body>"), encoding="utf-8")
    res = chromium(tmp, "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0",
                   "--dump-dom", path.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    (tmp / f"{Path(name).stem}.dom").write_text(res.stdout, encoding="utf-8")
    m = re.search(r'<div id="cn-check" data-ok="(\d+)" data-total="(\d+)"', res.stdout)
    assert m, "the check script did not run:\n" + res.stdout[-500:]
    return int(m.group(1)), int(m.group(2)), res.stderr


def test_page_renders(page):
    r, tmp = page
    shot = tmp / "page.png"
    res = chromium(tmp, f"--screenshot={shot}", "--window-size=1200,3000", r.html.as_uri())
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    from matplotlib.image import imread

    img = imread(shot)[..., :3]
    assert img.shape[:2] == (3000, 1200)
    ink = (img < 0.9).any(axis=2)  # anything darker than near-white
    assert ink.mean() > 0.02, "the page looks blank"
    assert np.unique(img.reshape(-1, 3), axis=0).shape[0] > 50  # text and figures, in colour


def test_every_figure_loads_without_console_errors(page):
    r, tmp = page
    html = r.html.read_text(encoding="utf-8")
    n_img = len(re.findall(r"<img ", html))
    n_png = len(list(r.out.glob("*.png")))
    assert n_img == n_png >= 5
    ok, total, log = figures_loaded(html, tmp, "checked.html")
    assert (ok, total) == (n_img, n_img)
    assert f"cn-check {n_img}/{n_img}" in log  # the console is captured...
    errors = [line for line in log.splitlines()
              if re.search(r"ERROR:CONSOLE|Uncaught|Failed to load resource", line)]
    assert errors == []  # ...and has no error


def test_check_detects_a_broken_figure(page):
    r, tmp = page
    html = r.html.read_text(encoding="utf-8")
    broken = re.sub(r'src="data:image/[^;]+;base64,[^"]{20}', 'src="data:image/png;base64,AAAA',
                    html, count=1)
    assert broken != html
    ok, total, _ = figures_loaded(broken, tmp, "broken.html")
    assert total == len(re.findall(r"<img ", html)) and ok == total - 1


def test_no_figure_file_exceeds_the_bound(page):
    from clusternet.report._figures import MAX_FIGURE_BYTES

    r, _ = page
    assert MAX_FIGURE_BYTES == 2_000_000
    figures = [f for f in r.files if f.suffix in (".png", ".svg")]
    assert len(figures) >= 10
    sizes = {f.name: f.stat().st_size for f in figures}
    assert max(sizes.values()) <= MAX_FIGURE_BYTES, sizes


def test_labels_come_from_the_label_column(page):
    r, tmp = page
    names = dict(zip(r.actors.index, r.actors["name"]))
    for figure in ("network.svg", "broker_roles_domain.svg"):
        svg = (r.out / figure).read_text(encoding="utf-8")  # text stays text in the SVG
        shown = set(re.findall(r"Artist\d{3}x", svg))
        assert len(shown) >= 5, figure
        assert shown <= set(names.values())
        ids = [a for a in names if re.search(rf">\s*{re.escape(a)}\s*<", svg)]
        assert ids == [], (figure, ids)  # no actor written by its id
    # the brokers table of the page as the browser renders it
    ok, _, _ = figures_loaded(r.html.read_text(encoding="utf-8"), tmp, "names.html")
    dom = (tmp / "names.dom").read_text(encoding="utf-8")
    top = r.actors["betweenness"].idxmax()
    assert f"{names[top]} ({top}) (highest betweenness" in dom
