"""One table of diversity indices: the ``measure=`` option of every level
finds the indices in the registry and checks their options with the same
declared checkers as the index functions themselves, so a bad option is
refused the same way everywhere; the API conventions of issue 11 (``q``
keyword-only, ``UnknownAttributeError``, ``weight`` a bool).

Expected numbers: the index functions on contact counts written out by hand
for the ``film`` graph (see its fixture).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet import ClusternetError, UnknownAttributeError
from clusternet import _registry
from clusternet import diversity as dv


@pytest.fixture
def film() -> cn.CollaborationGraph:
    """film: ann(art), bob(tech), cy(art); play: bob, dee(finance); eve(art) isolate."""
    t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
                      "event": ["film", "film", "film", "play", "play"]})
    who = pd.DataFrame({"domain": ["art", "tech", "art", "finance", "art"]},
                       index=["ann", "bob", "cy", "dee", "eve"])
    shows = pd.DataFrame({"genre": ["drama", "comedy"]}, index=["film", "play"])
    return cn.from_affiliations(t, actors=who, events=shows)


# Contacts of each actor of `film` by domain (art, finance, tech), by hand:
# ann: bob (tech), cy (art); bob: ann, cy (art), dee (finance); cy: ann (art),
# bob (tech); dee: bob (tech); eve: none.
EGO_COUNTS = pd.DataFrame(
    [[1, 0, 1], [2, 1, 0], [1, 0, 1], [0, 0, 1], [0, 0, 0]],
    index=["ann", "bob", "cy", "dee", "eve"], columns=["art", "finance", "tech"],
)
D = pd.DataFrame([[0, .9, .5], [.9, 0, .3], [.5, .3, 0]],
                 index=EGO_COUNTS.columns, columns=EGO_COUNTS.columns)

# Valid options of every index; the test below fails when an index is added
# to the registry without being added here.
OPTIONS = {
    "richness": {},
    "shannon": {"base": 2},
    "blau": {},
    "hill": {"q": 0.5},
    "rao_stirling": {"disparity": D, "alpha": 2.0, "beta": 0.5},
    "true_diversity": {"disparity": D},
    "leinster_cobbold": {"similarity": 1 - D, "q": 3},
}


def _indices() -> list[str]:
    return [m.name for m in _registry.entries("diversity") if "counts" in m.levels]


def test_every_registered_index_is_a_measure_of_every_level(film):
    assert set(_indices()) == set(OPTIONS)
    for name in _indices():
        index = _registry.get(name).func
        want = index(EGO_COUNTS, **OPTIONS[name]).to_numpy()
        for measure, kw in ((name, OPTIONS[name]),
                            (index, OPTIONS[name]),
                            (functools.partial(index, **OPTIONS[name]), {})):
            got = dv.ego(film, "domain", measure=measure, **kw)
            np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-13)
            assert got.name == name
        # composition: all five actors' domains (art 3, finance 1, tech 1)
        whole = index(pd.Series([3, 1, 1], index=EGO_COUNTS.columns), **OPTIONS[name])
        assert dv.composition(film, "domain", measure=name, **OPTIONS[name]) == pytest.approx(
            whole, rel=1e-13)


# ----------------------------------------------------- bad options, everywhere
BAD = [
    ("shannon", {"base": 1}, "base"),
    ("shannon", {"base": -2}, "base"),
    ("shannon", {"base": "2"}, "base"),
    ("shannon", {"base": 0}, "base"),
    ("shannon", {"base": np.inf}, "base"),
    ("shannon", {"base": True}, "base"),
    ("hill", {"q": -1}, "q must be"),
    ("hill", {"q": np.nan}, "q must be"),
    ("hill", {"q": "2"}, "q must be"),
    ("hill", {"q": True}, "q must be"),
    ("rao_stirling", {"disparity": "cooccurrence", "alpha": -1}, "alpha"),
    ("rao_stirling", {"disparity": "cooccurrence", "beta": np.inf}, "beta"),
    ("leinster_cobbold", {"similarity": "cooccurrence", "q": -0.5}, "q must be"),
]


def _direct(name, kw):
    """The same options on counts: a plain matrix in place of 'cooccurrence'."""
    kw = dict(kw)
    for key in ("disparity", "similarity"):
        if key in kw:
            kw[key] = (1 - np.eye(2)) if key == "disparity" else np.eye(2)
    return kw


@pytest.mark.parametrize("name, kw, word", BAD, ids=lambda v: repr(v)[:30])
def test_a_bad_option_is_refused_directly_and_at_every_level(film, name, kw, word):
    index = _registry.get(name).func
    with pytest.raises(ClusternetError, match=word):
        index([1, 1], **_direct(name, kw))
    calls = {
        "composition": lambda m, **o: dv.composition(film, "domain", measure=m, **o),
        "ego": lambda m, **o: dv.ego(film, "domain", measure=m, **o),
        "events": lambda m, **o: dv.events(film, "domain", measure=m, **o),
        "portfolio": lambda m, **o: dv.portfolio(film, "genre", measure=m, **o),
    }
    for level, call in calls.items():
        for measure, options in ((name, kw), (index, kw)):
            with pytest.raises(ClusternetError, match=word):
                call(measure, **options)
        if "disparity" not in kw and "similarity" not in kw:
            with pytest.raises(ClusternetError, match=word):
                call(functools.partial(index, **kw))
        ego = _registry.get("diversity.ego")
        if level == "ego":  # the permutation kernel checks them too
            with pytest.raises(ClusternetError, match=word):
                ego.kernel(film, "domain", ego.check({"measure": name, **kw}))


def test_unknown_measures_list_the_indices(film):
    listed = ", ".join(map(repr, OPTIONS))
    for bad in ("gini", "ei_index", "ego", "convergence.ei_index"):
        with pytest.raises(ClusternetError, match="choose one of " + listed):
            dv.ego(film, "domain", measure=bad)
    with pytest.raises(ClusternetError, match="not a diversity index"):
        dv.ego(film, "domain", measure=dv.ego)
    with pytest.raises(ClusternetError, match="name of an index or a callable"):
        dv.events(film, "domain", measure=3)


def test_missing_and_unknown_options_are_refused_before_any_work(film):
    with pytest.raises(ClusternetError, match="'q'.* its options are q="):
        dv.composition(film, "domain", measure="hill")
    with pytest.raises(ClusternetError, match="'similarity'.* its options are similarity=, q="):
        dv.events(film, "domain", measure="leinster_cobbold", q=2)
    with pytest.raises(ClusternetError, match="'base'; richness takes no options"):
        dv.portfolio(film, "genre", measure="richness", base=2)
    # a disparity that is no disparity: refused before the counts are built
    with pytest.raises(ClusternetError, match="symmetric"):
        dv.ego(film, "domain", measure="rao_stirling",
               disparity=np.array([[0, .1, .2], [.3, 0, .1], [.2, .1, 0]]))


# ------------------------------------------------------------ API conventions
def test_q_is_keyword_only_positional_still_works_with_a_future_warning():
    x = [30, 1, 1, 1, 1, 1]
    with pytest.warns(FutureWarning, match="pass q= by keyword"):
        old = dv.hill(x, 2)
    assert old == dv.hill(x, q=2)
    Z = np.array([[1, .5], [.5, 1]])
    with pytest.warns(FutureWarning, match="pass q= by keyword"):
        old = dv.leinster_cobbold([1, 1], Z, 2)
    # 1 / (p' Z p) with p = (1/2, 1/2): 1 / 0.75, by hand
    assert old == dv.leinster_cobbold([1, 1], Z, q=2) == pytest.approx(4 / 3)
    with pytest.raises(TypeError, match="by keyword"):
        dv.hill(x, 2, 3)


def test_unknown_attribute_at_every_level(film):
    ties = cn.from_edgelist(film.ties, actors=film.actors)
    calls = [
        lambda: dv.composition(film, "sector"),
        lambda: dv.composition(film, "domain", by="sector"),
        lambda: dv.ego(film, "sector"),
        lambda: dv.events(film, "sector"),
        lambda: dv.portfolio(film, "sector"),
        lambda: dv.portfolio(film, "domain", source="event"),
        lambda: dv.portfolio(film, "genre", source="actor"),
        lambda: dv.disparity_from_cooccurrence(film, "sector"),
        lambda: dv.disparity_from_cooccurrence(ties, "sector"),
    ]
    for call in calls:
        with pytest.raises(UnknownAttributeError, match="sector|domain|genre") as err:
            call()
        assert isinstance(err.value, KeyError)
    with pytest.raises(UnknownAttributeError, match="parameter by"):
        dv.composition(film, "domain", by="sector")


@pytest.mark.parametrize("weight", ["weight", 1, None])
def test_weight_is_a_bool(film, weight):
    for f in (dv.ego, dv.events, dv.portfolio, dv.disparity_from_cooccurrence):
        with pytest.raises(ClusternetError, match="weight must be True or False"):
            f(film, "domain", weight=weight)
