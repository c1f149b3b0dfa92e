"""Offline intersphinx inventories for Python, numpy, pandas, scipy, networkx,
igraph and matplotlib.

Why this file exists
--------------------
Intersphinx normally downloads each project's ``objects.inv`` at build time.
The machines that build these docs (developers' and CI's) reach only the
package registries, not the projects' documentation sites, and none of the
installed wheels ships an ``objects.inv`` (Debian packages one for pandas
and scipy only, inside 100-250 MB documentation packages). So the docs
build writes small inventories itself, from the table below, into
``docs/_build/intersphinx/`` and points ``intersphinx_mapping`` at them:
links in the built pages go to the projects' *stable* online documentation,
and the build needs no network.

Python's entries and the pandas and scipy URL patterns were checked
against the ``objects.inv`` files shipped in Debian's ``python3.11-doc``,
``python-pandas-doc`` (1.5.3) and ``python-scipy-doc`` (1.10.1); numpy's,
networkx's, igraph's and matplotlib's (not packaged) follow their sites' layouts.

The table lists the objects these docs and the clusternet docstrings refer
to. Each URL follows the layout of that project's published documentation;
see above. Add a line here when a page links to a new object; an object
missing from the table renders as plain code, not as a broken link (the
build does not run in nitpicky mode).
"""

from __future__ import annotations

import zlib
from pathlib import Path

# project -> (base URL of its stable docs, {name: (role, relative uri)})
_T = dict[str, tuple[str, str]]


def _gen(prefix: str, names: list[str], role: str) -> _T:
    """``prefix/<name>.html#<name>``, the autosummary layout."""
    return {n: (role, f"{prefix}/{n}.html#{n}") for n in names}


_PYTHON: _T = {
    **{n: ("py:data", f"library/constants.html#{n}") for n in ("None", "True", "False")},
    **{n: ("py:class", f"library/stdtypes.html#{n}") for n in ("list", "tuple", "str", "dict")},
    **{n: ("py:class", f"library/functions.html#{n}")
       for n in ("float", "int", "bool", "object")},
    **{n: ("py:exception", f"library/exceptions.html#{n}")
       for n in ("ValueError", "KeyError", "MemoryError", "UserWarning", "ImportError")},
    "callable": ("py:function", "library/functions.html#callable"),
    "contextlib.contextmanager": ("py:function",
                                  "library/contextlib.html#contextlib.contextmanager"),
    "collections.namedtuple": ("py:function", "library/collections.html#collections.namedtuple"),
    "pathlib.Path": ("py:class", "library/pathlib.html#pathlib.Path"),
    "functools.partial": ("py:function", "library/functools.html#functools.partial"),
    "bltin-boolean-values": ("std:label", "library/stdtypes.html#bltin-boolean-values"),
    **{n: ("std:term", f"glossary.html#term-{n.replace(' ', '-')}")
       for n in ("iterable", "sequence", "generator", "mapping", "path-like object")},
}

_NUMPY: _T = {
    **_gen("reference/generated", ["numpy.ndarray"], "py:class"),
    **_gen("reference/generated", ["numpy.asarray", "numpy.log", "numpy.exp",
                                   "numpy.isnan", "numpy.nanmean", "numpy.histogram_bin_edges"],
           "py:function"),
    "numpy.random.Generator": ("py:class", "reference/random/generator.html#numpy.random.Generator"),
    "numpy.random.default_rng": ("py:function",
                                 "reference/random/generator.html#numpy.random.default_rng"),
    "numpy.nan": ("py:data", "reference/constants.html#numpy.nan"),
    "numpy.float64": ("py:class", "reference/arrays.scalars.html#numpy.float64"),
    "numpy.inf": ("py:data", "reference/constants.html#numpy.inf"),
    "numpy.random.RandomState": ("py:class",
                                 "reference/random/legacy.html#numpy.random.RandomState"),
    "numpy": ("py:module", "reference/index.html#module-numpy"),
    "array_like": ("std:term", "glossary.html#term-array_like"),
    "arrays.scalars": ("std:label", "reference/arrays.scalars.html#arrays-scalars"),
}

_PANDAS: _T = {
    **_gen("reference/api", ["pandas.DataFrame", "pandas.Series", "pandas.Index",
                             "pandas.Categorical", "pandas.Timestamp", "pandas.Timedelta",
                             "pandas.DateOffset"], "py:class"),
    **_gen("reference/api", ["pandas.read_csv", "pandas.read_parquet", "pandas.read_excel",
                             "pandas.concat", "pandas.crosstab", "pandas.isna"], "py:function"),
    **_gen("reference/api", ["pandas.DataFrame.to_csv", "pandas.DataFrame.groupby",
                             "pandas.DataFrame.plot", "pandas.Series.plot",
                             "pandas.DataFrame.set_index"], "py:method"),
    **_gen("reference/api", ["pandas.DataFrame.attrs", "pandas.Series.attrs"], "py:property"),
}

_SCIPY: _T = {
    **_gen("reference/generated", ["scipy.sparse.csr_array", "scipy.sparse.coo_array"],
           "py:class"),
}

_NX_ALGO = "reference/algorithms/generated"
_NETWORKX: _T = {
    "networkx.Graph": ("py:class", "reference/classes/graph.html#networkx.Graph"),
    "networkx.DiGraph": ("py:class", "reference/classes/digraph.html#networkx.DiGraph"),
    "networkx.MultiGraph": ("py:class", "reference/classes/multigraph.html#networkx.MultiGraph"),
    **_gen(_NX_ALGO, [
        "networkx.algorithms.structuralholes.constraint",
        "networkx.algorithms.structuralholes.effective_size",
        "networkx.algorithms.structuralholes.local_constraint",
        "networkx.algorithms.centrality.betweenness_centrality",
        "networkx.algorithms.assortativity.attribute_assortativity_coefficient",
        "networkx.algorithms.assortativity.numeric_assortativity_coefficient",
        "networkx.algorithms.assortativity.attribute_mixing_matrix",
        "networkx.algorithms.bipartite.projection.weighted_projected_graph",
        "networkx.algorithms.bipartite.projection.collaboration_weighted_projected_graph",
    ], "py:function"),
}
_NETWORKX.update(_gen("reference/generated", [
    "networkx.drawing.layout.spring_layout",
    "networkx.generators.social.davis_southern_women_graph",
], "py:function"))
# the short names that networkx users write, pointing to the same pages
for _full in list(_NETWORKX):
    if _full.startswith(("networkx.algorithms.", "networkx.drawing.", "networkx.generators.")):
        _short = "networkx." + _full.rsplit(".", 1)[1]
        _NETWORKX.setdefault(_short, _NETWORKX[_full])

_IGRAPH: _T = {
    "igraph.Graph": ("py:class", "api/igraph.Graph.html"),
    "igraph.Graph.community_leiden": ("py:method", "api/igraph.Graph.html#community_leiden"),
}

_MATPLOTLIB: _T = {
    "matplotlib.axes.Axes": ("py:class",
                             "api/_as_gen/matplotlib.axes.Axes.html#matplotlib.axes.Axes"),
    "matplotlib.figure.Figure": ("py:class", "api/_as_gen/matplotlib.figure.Figure.html"
                                 "#matplotlib.figure.Figure"),
}

PROJECTS: dict[str, tuple[str, str, _T]] = {
    # key: (display name, base URL, table)
    "python": ("Python", "https://docs.python.org/3/", _PYTHON),
    "numpy": ("NumPy", "https://numpy.org/doc/stable/", _NUMPY),
    "pandas": ("pandas", "https://pandas.pydata.org/docs/", _PANDAS),
    "scipy": ("SciPy", "https://docs.scipy.org/doc/scipy/", _SCIPY),
    "networkx": ("NetworkX", "https://networkx.org/documentation/stable/", _NETWORKX),
    "igraph": ("python-igraph", "https://python.igraph.org/en/stable/", _IGRAPH),
    "matplotlib": ("Matplotlib", "https://matplotlib.org/stable/", _MATPLOTLIB),
}


def write_inventory(path: Path, project: str, table: _T) -> None:
    """Write a Sphinx inventory (format version 2) for ``table``."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        "# Version: stable\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    body = "".join(
        f"{name} {role} 1 {uri} -\n" for name, (role, uri) in sorted(table.items())
    ).encode()
    data = header + zlib.compress(body)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def mapping(outdir: Path) -> dict[str, tuple[str, str]]:
    """Write every inventory into ``outdir``; return ``intersphinx_mapping``."""
    out = {}
    for key, (name, base, table) in PROJECTS.items():
        path = Path(outdir) / f"{key}.inv"
        write_inventory(path, name, table)
        out[key] = (base, str(path))
    return out
