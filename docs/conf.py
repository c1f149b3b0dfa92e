"""Sphinx configuration for the clusternet documentation.

Build (warnings as errors, as CI does)::

    pip install ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html

Two things are generated here at every build, so the site grows with the
package and cannot drift from it (both folders are git-ignored):

- ``docs/api/generated_modules/``: one page per public module, listing every
  name in that module's ``__all__`` (autosummary then writes one page per
  name into ``docs/api/generated/``). A module that does not exist yet is
  simply absent; a module that exists but fails to import breaks the build.
- ``docs/examples/``: copies of the notebooks in ``../examples``; myst-nb
  executes them during the build (``nb_execution_mode``), and a notebook
  that raises fails the build.

Intersphinx: the build machine reaches no documentation site, so the
inventories (``objects.inv``) of numpy, pandas, networkx and igraph cannot
be fetched. ``_intersphinx/inventories.py`` writes small local inventories
from a reviewed table of the objects these docs link to; see that file.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_intersphinx"))

import clusternet  # noqa: E402
import inventories  # noqa: E402

# -- project -----------------------------------------------------------------

project = "clusternet"
author = "The clusternet developers"
copyright = "2026, The clusternet developers"
release = clusternet.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    # ships MathJax inside the built site: formulas render with no network,
    # for the build machines (which reach no CDN) and for readers offline
    "sphinx-mathjax-offline",
    "numpydoc",
    "myst_nb",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "README.md", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints",
                    "_intersphinx", "_generated"]
templates_path = ["_templates"]
root_doc = "index"

# -- public modules and their API pages ---------------------------------------

#: Public submodules, in the order the API reference shows them. Those not in
#: the installed package yet are skipped (they are written as they land).
PUBLIC_SUBMODULES = [
    "datasets",
    "convergence",
    "diversity",
    "brokerage",
    "structure",
    "territory",
    "temporal",
    "inference",
    "nulls",
    "plot",
    "report",
    "sources",
    "distributed",
]

MODULE_TITLES = {
    "clusternet": "Building and converting graphs",
    "datasets": "Bundled data and generators",
    "convergence": "Convergence: mixing between groups",
    "diversity": "Diversity",
    "brokerage": "Brokerage",
    "structure": "Cluster structure",
    "territory": "Territory: geographical proximity",
    "temporal": "Time windows",
    "inference": "Inference",
    "nulls": "Null models",
    "plot": "Figures",
    "report": "Reports",
    "sources": "Reading CORDIS, OpenAlex and PatentsView",
    "distributed": "Working at scale with Dask",
}


def public_modules() -> list[str]:
    """Full names of the public modules present in the installed package."""
    names = ["clusternet"]
    for sub in PUBLIC_SUBMODULES:
        full = f"clusternet.{sub}"
        spec = importlib.util.find_spec(full)
        # a folder without __init__.py (work in progress) is a namespace
        # package, with no origin: not a module yet
        if spec is not None and spec.origin is not None:
            names.append(full)
    return names


def public_names(modname: str) -> list[str]:
    """The module's ``__all__``, less dunders and submodules."""
    mod = importlib.import_module(modname)
    out = []
    for name in getattr(mod, "__all__", []):
        if name.startswith("__"):
            continue
        obj = getattr(mod, name)
        if inspect.ismodule(obj):
            continue
        out.append(name)
    return out


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def write_api_pages() -> None:
    out = HERE / "api" / "generated_modules"
    out.mkdir(parents=True, exist_ok=True)
    keep = set()
    toc = []
    for modname in public_modules():
        short = modname.split(".")[-1]
        title = f"``{modname}`` — {MODULE_TITLES.get(short, short)}"
        names = public_names(modname)
        lines = [
            title,
            "=" * len(title),
            "",
            f".. automodule:: {modname}",
            "   :no-members:",
            "",
            f".. currentmodule:: {modname}",
            "",
            ".. autosummary::",
            "   :toctree: ../generated/",
            "   :nosignatures:",
            "",
        ]
        lines += [f"   {n}" for n in names]
        lines.append("")
        fname = f"{modname}.rst"
        _write_if_changed(out / fname, "\n".join(lines))
        keep.add(fname)
        toc.append(f"generated_modules/{modname}")
    for stale in out.glob("*.rst"):
        if stale.name not in keep:
            stale.unlink()
    index = [
        "API reference",
        "=============",
        "",
        "One page per public name, generated from each module's ``__all__``.",
        "Every measure's page gives its formula, the conventions it follows,",
        "its references and an example that runs (the test suite runs it too).",
        "All measures accept a :class:`~clusternet.CollaborationGraph`, a",
        ":class:`networkx.Graph` or an :class:`igraph.Graph`.",
        "",
        ".. toctree::",
        "   :maxdepth: 1",
        "",
    ] + [f"   {t}" for t in toc] + [""]
    _write_if_changed(HERE / "api" / "index.rst", "\n".join(index))


def copy_notebooks() -> None:
    src = ROOT / "examples"
    dst = HERE / "examples"
    dst.mkdir(exist_ok=True)
    keep = set()
    for nb in sorted(src.glob("*.ipynb")):
        keep.add(nb.name)
        target = dst / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)
    for stale in dst.glob("*.ipynb"):
        if stale.name not in keep:
            stale.unlink()


def write_bibtex() -> None:
    """``_generated/clusternet.bib`` from the fields of ``CITATION.cff``."""
    import re

    cff = (ROOT / "CITATION.cff").read_text()

    def field(name: str) -> str:
        m = re.search(rf"^{name}:\s*\"?(.*?)\"?\s*$", cff, flags=re.M)
        return m.group(1) if m else ""

    authors = re.findall(r"^\s*-\s*name:\s*\"?(.*?)\"?\s*$", cff, flags=re.M)
    year = field("date-released")[:4]
    entry = [
        "@software{clusternet,",
        f"  title   = {{{{{field('title')}}}}},",
        "  author  = {" + " and ".join("{" + a + "}" for a in authors) + "},",
        f"  version = {{{field('version')}}},",
        f"  year    = {{{year}}},",
        f"  license = {{{field('license')}}},",
    ]
    for key in ("doi", "url", "repository-code"):
        if field(key):
            entry.append(f"  {key.replace('repository-code', 'url')} = {{{field(key)}}},")
    entry.append("}")
    _write_if_changed(HERE / "_generated" / "clusternet.bib", "\n".join(entry) + "\n")


def write_measures_table() -> None:
    """``_generated/measures-table.md``: the registry (``cn.measures()``) as
    one Markdown table per family, each name linked to its API page, for the
    conventions page. Read from the installed package, so it cannot drift
    from it."""
    table = clusternet.measures()
    lines: list[str] = []
    for family, rows in table.groupby("family", sort=False):
        lines += [f"**{family}**", "",
                  "| measure | levels: result | permutable | references |",
                  "|---|---|---|---|"]
        for name, row in rows.iterrows():
            levels = ", ".join(f"{lv}: {kind}" for lv, kind in row["results"].items())
            lines.append(f"| {{func}}`~clusternet.{family}.{name}` | {levels} | "
                         f"{'yes' if row['permutable'] else 'no'} | "
                         f"{', '.join(row['references'])} |")
        lines.append("")
    _write_if_changed(HERE / "_generated" / "measures-table.md", "\n".join(lines))


write_api_pages()
copy_notebooks()
write_bibtex()
write_measures_table()

# -- autodoc / autosummary / numpydoc -----------------------------------------

# The module pages are listed by name (not ``True``, which reads the page
# list of the previous build's environment and so misses a module page
# that is new since then).
autosummary_generate = [f"api/generated_modules/{m}.rst" for m in public_modules()]
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc sections carry the types
add_module_names = False

numpydoc_show_class_members = False  # the class template lists members
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_aliases = {
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "ndarray": "numpy.ndarray",
    "Generator": "numpy.random.Generator",
    "CollaborationGraph": "clusternet.CollaborationGraph",
    "ClusternetError": "clusternet.ClusternetError",
    "ClusternetWarning": "clusternet.ClusternetWarning",
    "ColumnError": "clusternet.ColumnError",
    "IdError": "clusternet.IdError",
    "WeightError": "clusternet.WeightError",
    "DuplicateError": "clusternet.DuplicateError",
    "UnknownActorError": "clusternet.UnknownActorError",
    "UnknownAttributeError": "clusternet.UnknownAttributeError",
    "TooLargeError": "clusternet.TooLargeError",
    "TestResult": "clusternet.inference.TestResult",
    "QAPResult": "clusternet.inference.QAPResult",
    "Backbone": "clusternet.inference.Backbone",
    "SmallWorld": "clusternet.structure.SmallWorld",
    "TieLengths": "clusternet.territory.TieLengths",
    "DistanceDecay": "clusternet.territory.DistanceDecay",
    "GouldFernandez": "clusternet.brokerage.GouldFernandez",
    "Axes": "matplotlib.axes.Axes",
    "Timestamp": "pandas.Timestamp",
    "Timedelta": "pandas.Timedelta",
    "DateOffset": "pandas.DateOffset",
    "mapping": ":term:`python:mapping`",
}
# words of type descriptions ("networkx graph", "actor id or iterable of
# actor ids", "scipy sparse matrix") that are not object names
numpydoc_xref_ignore = {"optional", "default", "of", "or", "and", "shape", "type",
                        "one", "each", "with", "per", "to", "from", "a", "as", "the",
                        "same", "graph", "networkx", "igraph", "scipy", "sparse",
                        "matplotlib", "matrix", "actor", "id", "ids", "path", "number",
                        "kinds", "years", "window", "tables", "start", "result",
                        "parameters", "carry"}



def _cite_module_references(app, what, name, obj, options, lines):
    """Give module docstrings' References what numpydoc gives functions'.

    numpydoc renames the citations of every docstring but, for modules, adds
    neither the hidden back-references nor its processed-tag, so Sphinx
    warns "Citation ... is not referenced" and shows the hashed labels.
    Appending the same two things numpydoc appends to a function's
    docstring fixes both, for module docstrings only.
    """
    if what != "module":
        return
    import re

    from numpydoc.numpydoc import DEDUPLICATION_TAG

    labels = [m.group(1) for line in lines if (m := re.match(r"^\.\. \[([^\]]+)\]", line))]
    if not labels:
        return
    lines += ["", ".. only:: latex", "", "   " + ", ".join(f"[{x}]_" for x in labels), ""]
    if DEDUPLICATION_TAG not in lines:
        lines += ["..", DEDUPLICATION_TAG]


def setup(app):
    app.connect("autodoc-process-docstring", _cite_module_references, priority=600)


# -- myst / myst-nb ------------------------------------------------------------

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
# "force" executes every notebook at every build (CI); set
# CLUSTERNET_DOCS_EXECUTE=cache for quicker local rebuilds.
nb_execution_mode = os.environ.get("CLUSTERNET_DOCS_EXECUTE", "force")
nb_execution_timeout = 180
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

# -- intersphinx (offline, see _intersphinx/inventories.py) ---------------------

intersphinx_mapping = inventories.mapping(HERE / "_build" / "intersphinx")
intersphinx_timeout = 1
intersphinx_disabled_reftypes = ["std:doc"]

# -- HTML ----------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"clusternet {release}"
html_static_path = ["_static"]
# layout fixes: wrapped API titles and notebook code, readable tables
html_css_files = ["clusternet.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 6,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_context = {"default_mode": "light"}
html_show_sourcelink = False
