"""The permutation kernels of ego diversity and team (event) diversity.

A kernel's ``statistic(values[perm])`` must equal, bit for bit, the measure
of the graph whose attribute column was permuted the same way (rebuilt with
``g.with_attributes``): that graph is the reference here, for every index,
weighted or not, directed or not, with missing values dropped. Where that
cannot hold (the attribute feeds the disparity, a user's callable, labels
that cannot be sorted, actors without a value in groups of their own) the
kernel is None and inference takes its general path.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet import _registry
from clusternet import diversity as dv

EGO = _registry.get("diversity.ego")
EVENTS = _registry.get("diversity.events")
LEVEL = {EGO: dv.ego, EVENTS: dv.events}

CATS = ["art", "business", "design", "public", "research", "technology"]
D = pd.DataFrame(
    np.abs(np.subtract.outer(np.arange(6), np.arange(6))) / 5, index=CATS, columns=CATS
)
MEASURES = [
    {"measure": "blau"},
    {"measure": "richness"},
    {"measure": "shannon", "base": 2},
    {"measure": "hill", "q": 0.5},
    {"measure": "hill", "q": np.inf},
    {"measure": "rao_stirling", "disparity": D},
    {"measure": "true_diversity", "disparity": D},
    {"measure": "leinster_cobbold", "similarity": 1 - D, "q": 2},
    {"measure": dv.hill, "q": 2},
]


def _cluster(kind: str) -> cn.CollaborationGraph:
    aff, actors = cn.datasets.creative_cluster(n_actors=150, n_years=4, rng=0)
    if kind == "affiliations":
        return cn.from_affiliations(aff, time="year", actors=actors)
    g = cn.from_affiliations(aff, actors=actors)
    rng = np.random.default_rng(1)
    ties = g.ties.assign(weight=rng.uniform(0.5, 3.0, g.n_ties))
    if kind == "directed":  # flip half of the ties, so some pairs are mutual
        flip = rng.random(len(ties)) < 0.5
        ties.loc[flip, ["source", "target"]] = ties.loc[flip, ["target", "source"]].to_numpy()
        ties = pd.concat([ties, ties.iloc[:40].rename(columns={"source": "target",
                                                               "target": "source"})])
    return cn.from_edgelist(ties, weight="weight", actors=actors, directed=kind == "directed")


def _with_missing(g: cn.CollaborationGraph) -> cn.CollaborationGraph:
    domain = g.attribute("domain").copy()
    domain.iloc[::7] = None
    return g.with_attributes(domain.to_frame())


def _permuted(g: cn.CollaborationGraph, attribute: str, perm: np.ndarray):
    column = g.attribute(attribute)
    return g.with_attributes(column.iloc[perm].set_axis(column.index).to_frame())


def _assert_exact(m, g, options, seeds=range(4)):
    f = LEVEL[m]
    kernel = m.kernel(g, "domain", m.check(options))
    assert kernel is not None
    observed = kernel.statistic(kernel.values)
    assert np.array_equal(observed, f(g, "domain", **options).to_numpy(), equal_nan=True)
    moved = False
    for seed in seeds:
        perm = np.random.default_rng(seed).permutation(g.n_actors)
        want = f(_permuted(g, "domain", perm), "domain", **options).to_numpy()
        got = kernel.statistic(kernel.values[perm])
        assert got.dtype == np.float64
        assert np.array_equal(got, want, equal_nan=True)  # bit for bit
        moved |= not np.array_equal(got, observed, equal_nan=True)
    assert moved  # the permutations did change the diversities


@pytest.mark.parametrize("options", MEASURES, ids=lambda o: str(o["measure"])[:20])
@pytest.mark.parametrize("weight", [False, True])
@pytest.mark.parametrize("kind", ["affiliations", "weighted", "directed"])
def test_ego_kernel_is_ego_of_the_permuted_graph(kind, weight, options):
    _assert_exact(EGO, _cluster(kind), {**options, "weight": weight})


@pytest.mark.parametrize("options", MEASURES, ids=lambda o: str(o["measure"])[:20])
@pytest.mark.parametrize("weight", [False, True])
def test_team_kernel_is_events_of_the_permuted_graph(weight, options):
    _assert_exact(EVENTS, _cluster("affiliations"), {**options, "weight": weight})


@pytest.mark.parametrize("m", [EGO, EVENTS], ids=lambda m: m.name)
def test_missing_values_dropped(m):
    g = _with_missing(_cluster("affiliations"))
    _assert_exact(m, g, {"missing": "drop"})
    _assert_exact(m, g, {"missing": "drop", "measure": "shannon"})


@pytest.mark.parametrize("m", [EGO, EVENTS], ids=lambda m: m.name)
def test_no_kernel_where_permuted_codes_are_not_the_permuted_attribute(m):
    g = _cluster("affiliations")
    none = [
        {"measure": "rao_stirling", "disparity": "cooccurrence"},
        {"measure": "leinster_cobbold", "similarity": "cooccurrence", "q": 1},
        {"measure": lambda counts: float(counts.iloc[0])},  # sees the labels
    ]
    for options in none:
        assert m.kernel(g, "domain", m.check(options)) is None
    assert m.kernel(_with_missing(g), "domain", m.check({"missing": "own-group"})) is None
    # labels that cannot be sorted are coded by first appearance
    mixed = g.attribute("domain").astype(object)
    mixed.iloc[::5] = 7
    assert m.kernel(g.with_attributes(mixed.to_frame()), "domain", {}) is None
    # own-group without missing values is the plain coding: a kernel
    _assert_exact(m, g, {"missing": "own-group"}, seeds=range(1))


def test_kernel_values_are_the_group_codes():
    g = _cluster("affiliations")
    kernel = EGO.kernel(g, "domain", {})
    codes = pd.Index(sorted(g.attribute("domain").unique())).get_indexer(g.attribute("domain"))
    np.testing.assert_array_equal(kernel.values, codes)
    assert not kernel.values.flags.writeable
    assert EGO.permutable and EVENTS.permutable


def test_team_kernel_needs_an_affiliation_graph():
    g = _cluster("weighted")
    with pytest.raises(cn.ClusternetError, match="affiliation graph"):
        EVENTS.kernel(g, "domain", {})
