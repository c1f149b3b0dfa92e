"""The API contract, checked for every registered measure.

Walks ``clusternet._registry.entries()`` (as scikit-network's ``test_API.py``
walks its rankers) and checks the conventions of ``docs/api-conventions.md``
on each measure: its signature, the kind of result at each level it
declares, provenance, the errors for an unknown attribute and a bad seed, its
references, and -- for the permutable ones -- that its permutation kernel
gives the measure on the permuted graph, exactly.

Nothing here lists measures by hand: a measure added to the registry is
checked on the day it lands, and one that disappears from its module's
``__all__`` fails here.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet import _registry
from clusternet._bibliography import BIBLIOGRAPHY, doi
from clusternet.errors import ClusternetError, UnknownAttributeError

MEASURES = _registry.entries()
IDS = [m.qualname for m in MEASURES]
GRAPH_MEASURES = [m for m in MEASURES if "counts" not in m.levels]
INDICES = [m for m in MEASURES if "counts" in m.levels]

# One meaning per argument name (docs/api-conventions.md): the value each
# shared name takes in these tests. A required option whose name is not here
# is a new name: add it to the conventions page and here.
EXAMPLE_OPTIONS = {"q": 2.0, "lat": "lat", "lon": "lon"}
#: Options that have a default but that a weighted graph needs spelt out.
NEEDED_OPTIONS = {"distance": "inverse"}
#: Names that mean one thing everywhere, and may not be used for another.
RESERVED = {
    "attribute": "a column name of the actor table",
    "actors": "a table of actor attributes (builders only; a subset of actors is egos=)",
    "egos": "a subset of actors to compute for",
    "weight": "a bool in measures: use tie weights",
    "missing": "the rule for actors without a value",
    "rng": "a seed (int >= 0) or a numpy Generator",
    "n": "the number of null draws",
    "level": "the level of the result",
}


def _graph(directed: bool = False):
    aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    k = np.arange(len(actors))  # coordinates for the territory measures (lat=, lon=)
    actors = actors.assign(lat=45.0 + (k % 7) * 0.5, lon=2.0 + (k % 5) * 0.5)
    g = cn.from_affiliations(aff, time="year", actors=actors, projection="newman")
    if directed:
        ties = g.ties
        flip = ties.index % 3 == 0
        ties.loc[flip, ["source", "target"]] = ties.loc[flip, ["target", "source"]].to_numpy()
        g = cn.from_edgelist(ties, weight="weight", directed=True, actors=g.actors.reset_index())
    return g


G = _graph()
COUNTS = pd.Series([10, 5, 3, 2], index=list("abcd"))
DISPARITY = pd.DataFrame(
    [[0, 0.2, 0.5, 0.9], [0.2, 0, 0.4, 0.8], [0.5, 0.4, 0, 0.6], [0.9, 0.8, 0.6, 0]],
    index=list("abcd"), columns=list("abcd"),
)
SECOND = {
    "attribute": "domain",
    "modules": "domain",
    "inside": "inside",
    "disparity": DISPARITY,
    "similarity": 1 - DISPARITY,
}


def _call(m: _registry.Measure, g=G, level: str | None = None, *, keep_default: bool = False,
          **options):
    first = COUNTS if "counts" in m.levels else g
    args = [first] if m.attribute is None else [first, SECOND[m.attribute]]
    params = inspect.signature(m.func).parameters
    for name, p in params.items():
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty and name not in options:
            options[name] = EXAMPLE_OPTIONS[name]
    if level is not None and m.level_param is not None:
        options[m.level_param] = level
    if ("weight" in params and params["weight"].default is None and not keep_default
            and "weight" not in options):
        options["weight"] = True  # a default in transition: spell out the old one
    for name, value in NEEDED_OPTIONS.items():
        if name in params and name not in options:
            options[name] = value
    if "rng" in params and "rng" not in options:
        options["rng"] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cn.ClusternetWarning)
        return m.func(*args, **options)


# ------------------------------------------------------------- registration
def test_the_registry_lists_every_family():
    table = cn.measures()
    assert set(table["family"]) == set(_registry.FAMILIES)
    assert table.index.is_unique
    assert list(table.columns[:3]) == ["family", "levels", "results"]
    assert {"permutable", "references"} <= set(table.columns)


@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_public_in_its_family_module(m):
    module = importlib.import_module(f"clusternet.{m.family}")
    assert m.name in module.__all__
    assert getattr(module, m.name) is m.func
    assert _registry.get(m.name) is m and _registry.get(m.qualname) is m
    assert _registry.of(m.func) == (m, {})
    assert _registry.of(functools.partial(m.func, weight=True)) == (m, {"weight": True})


def test_unknown_names_are_refused():
    with pytest.raises(ClusternetError, match="cn.measures"):
        _registry.get("ei_idx")
    with pytest.raises(ClusternetError, match="family"):
        cn.measures("art")
    assert _registry.of(lambda g: 0.0) is None


# ---------------------------------------------------------------- signature
@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_signature(m):
    params = list(inspect.signature(m.func).parameters.values())
    fixed = 1 if m.attribute is None else 2
    assert params[0].name == ("counts" if "counts" in m.levels else "g")
    if m.attribute is not None:
        assert params[1].name == m.attribute
        assert params[1].default is params[1].empty
    for p in params[:fixed]:
        assert p.kind is p.POSITIONAL_OR_KEYWORD
    for p in params[fixed:]:
        assert p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD), f"{m.name}: {p.name} not keyword-only"
        assert p.name != "actors", f"{m.name}: a subset of actors is egos=, not actors="
    names = {p.name for p in params}
    if m.level_param is not None:
        assert m.level_param in names


@pytest.mark.parametrize("m", [m for m in MEASURES if "weight" in
                               inspect.signature(m.func).parameters], ids=lambda m: m.qualname)
def test_weight_defaults_to_counting_ties(m):
    """weight=False by default; a measure still moving to that default (None)
    says so with a FutureWarning on a weighted graph."""
    default = inspect.signature(m.func).parameters["weight"].default
    assert default is False or default is None
    if default is None:
        with pytest.warns(FutureWarning, match="weight"):
            _call(m, keep_default=True)


# ------------------------------------------------------------------ results
def _check_kind(m, level, result, g=G):
    kind = m.levels[level]
    if kind == "float":
        assert type(result) is float, f"{m.name} at {level}: {type(result)}"
        return
    if kind == "float or Series":
        assert type(result) is float
        return
    if kind in ("Series", "DataFrame"):
        assert type(result).__name__ == kind, f"{m.name} at {level}: {type(result)}"
        meta = result.attrs["clusternet"]
        assert meta["version"] == cn.__version__ and meta["measure"]
        if level == "actor":  # all actors, or those the measure is defined for, in order
            pos = g.actor_ids.get_indexer(result.index)
            assert (pos >= 0).all() and (np.diff(pos) > 0).all()
            assert len(result) == g.n_actors or m.name == "gatekeepers"
        elif level == "event":
            assert result.index.equals(g.events.index)
        return
    assert type(result).__name__ == kind


@pytest.mark.parametrize(
    "m,level",
    [(m, lv) for m in MEASURES for lv in m.levels
     if lv == m.default_level or m.level_param is not None],
    ids=lambda v: v if isinstance(v, str) else v.qualname,
)
def test_one_result_kind_per_level(m, level):
    _check_kind(m, level, _call(m, level=level))


@pytest.mark.parametrize("m", INDICES, ids=lambda m: m.qualname)
def test_indices_give_a_series_for_a_table(m):
    table = pd.DataFrame([COUNTS.to_numpy(), [1, 1, 1, 1]], columns=COUNTS.index,
                         index=pd.Index(["x", "y"], name="unit"))
    args = [table] if m.attribute is None else [table, SECOND[m.attribute]]
    opts = {n: EXAMPLE_OPTIONS[n] for n, p in inspect.signature(m.func).parameters.items()
            if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
    out = m.func(*args, **opts)
    assert isinstance(out, pd.Series) and list(out.index) == ["x", "y"]


@pytest.mark.parametrize("m", [m for m in GRAPH_MEASURES if m.level_param], ids=lambda m: m.qualname)
def test_unknown_level_is_refused(m):
    with pytest.raises(ClusternetError, match=m.level_param):
        _call(m, **{m.level_param: "galaxy"})


@pytest.mark.parametrize("m", [m for m in GRAPH_MEASURES if m.needs_events],
                         ids=lambda m: m.qualname)
def test_affiliation_only_measures_refuse_an_edge_list(m):
    h = cn.from_edgelist(G.ties, actors=G.actors.reset_index())
    with pytest.raises(ClusternetError, match="from_affiliations"):
        _call(m, g=h)


# ------------------------------------------------------------------- errors
@pytest.mark.parametrize("m", [m for m in GRAPH_MEASURES if m.attribute == "attribute"],
                         ids=lambda m: m.qualname)
def test_unknown_attribute(m):
    args = [G, "no_such_column"]
    with pytest.raises(UnknownAttributeError, match="no_such_column"):
        m.func(*args, **({"q": 2.0} if "q" in inspect.signature(m.func).parameters else {}))
    assert issubclass(UnknownAttributeError, KeyError)
    assert issubclass(UnknownAttributeError, cn.ColumnError)


@pytest.mark.parametrize("m", [m for m in MEASURES if "rng" in
                               inspect.signature(m.func).parameters], ids=lambda m: m.qualname)
@pytest.mark.parametrize("bad", [True, -1, 1.5, "42"])
def test_bad_seeds_are_refused(m, bad):
    with pytest.raises(ClusternetError, match="rng"):
        _call(m, rng=bad)


# --------------------------------------------------------------- references
@pytest.mark.parametrize("m", MEASURES, ids=IDS)
def test_references_are_in_the_bibliography_and_the_docstring(m):
    assert m.references, f"{m.name} cites nothing"
    doc = inspect.getdoc(m.func) or ""
    for key in m.references:
        assert key in BIBLIOGRAPHY
        code = doi(key)
        if code is not None:
            assert code.lower() in doc.lower(), f"{m.name}'s docstring does not cite {key}"
        else:  # a book: its first author's surname
            surname = BIBLIOGRAPHY[key].split(",")[0]
            assert surname in doc, f"{m.name}'s docstring does not cite {key}"


def test_every_bibliography_entry_is_complete():
    for key, text in BIBLIOGRAPHY.items():
        assert "(" in text and ")" in text, key  # a year
        code = doi(key)
        assert code is None or code.startswith("10."), key


# ------------------------------------------------------- permutation kernels
def _permuted(g, attribute, perm):
    actors = g.actors
    actors[attribute] = actors[attribute].to_numpy()[perm]
    return g.with_attributes(actors.reset_index())


def _flat(value):
    if isinstance(value, pd.DataFrame):
        return value.to_numpy(dtype=float).reshape(-1)
    if isinstance(value, pd.Series):
        return value.to_numpy(dtype=float)
    return np.array([float(value)])


PERMUTABLE = [m for m in GRAPH_MEASURES if m.permutable]


def test_the_convergence_measures_and_ego_diversity_are_permutable():
    permutable = {m.name for m in PERMUTABLE}
    assert {"ei_index", "assortativity", "coleman_homophily", "freeman_segregation",
            "relative_intensity", "mixing_matrix", "hybrid_share", "ego"} <= permutable


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize(
    "m,level",
    [(m, lv) for m in PERMUTABLE for lv in m.levels
     if lv == m.default_level or m.level_param is not None],
    ids=lambda v: v if isinstance(v, str) else v.qualname,
)
def test_kernel_equals_the_measure_on_the_permuted_graph(m, level, directed):
    if directed and m.needs_events:
        pytest.skip("affiliation graphs are undirected")
    g = _graph(directed)
    options = {} if m.level_param is None else {m.level_param: level}
    kernel = m.kernel(g, "domain", m.check(options))
    assert kernel is not None
    assert np.array_equal(kernel.statistic(kernel.values), _flat(_call(m, g, level=level)),
                          equal_nan=True)
    rng = np.random.default_rng(7)
    for _ in range(3):
        perm = rng.permutation(g.n_actors)
        expected = _flat(_call(m, _permuted(g, "domain", perm), level=level))
        got = kernel.statistic(kernel.values[perm])
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12, equal_nan=True)
