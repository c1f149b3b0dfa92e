"""The Dask path (``clusternet[dask]``): building from a Dask DataFrame or a
Parquet dataset, ego measures on blocks of egos, null replicates and time
windows on a ``dask.distributed`` cluster.

Every expected value is the in-memory call on the same data (the
reference: the library's kernels, themselves tested against networkx, R
and hand computations in the other test files); the Dask path must give
the same numbers, to the last bit where the sums are of whole numbers.
Skipped as a whole without Dask.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import clusternet as cn  # noqa: E402
import clusternet.distributed as cnd  # noqa: E402
from clusternet.errors import (  # noqa: E402
    ClusternetError,
    ColumnError,
    DuplicateError,
    IdError,
    TooLargeError,
    WeightError,
)


@pytest.fixture(scope="module")
def client():
    # Threads, not processes: the cluster starts in ~0.1 s instead of ~6 s;
    # tasks and scattered data still go through the scheduler.
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def make_table(n_events: int = 120, n_actors: int = 60, seed: int = 0) -> pd.DataFrame:
    """Events of 1..8 actors drawn from a skewed pool; years 2000..2005;
    whole-number and fractional weights."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n_actors + 1)
    p /= p.sum()
    rows = []
    for e in range(n_events):
        k = int(rng.integers(1, 9))
        members = rng.choice(n_actors, size=min(k, n_actors), replace=False, p=p)
        year = 2000 + int(rng.integers(0, 6))
        for a in members:
            rows.append((f"a{a}", f"e{e}", year, int(rng.integers(1, 4)), float(rng.random())))
    t = pd.DataFrame(rows, columns=["actor", "event", "year", "w", "share"])
    return t.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def assert_same_graph(g0, g1, *, exact: bool = True):
    assert g1.actor_ids.equals(g0.actor_ids)
    pd.testing.assert_frame_equal(g1.actors, g0.actors)
    pd.testing.assert_frame_equal(g1.events, g0.events)
    assert (g1.incidence != g0.incidence).nnz == 0
    A0, A1 = g0.adjacency, g1.adjacency
    assert A0.shape == A1.shape
    assert ((A0 != 0) != (A1 != 0)).nnz == 0  # same ties
    if exact:
        assert (A0 != A1).nnz == 0
    else:
        np.testing.assert_allclose(A1.toarray(), A0.toarray(), rtol=1e-13, atol=0)
    assert g1.meta == g0.meta


# ------------------------------------------------------------------ build
@pytest.mark.parametrize("projection", ["count", "newman", "jaccard", "overlap"])
def test_build_equals_in_memory(client, projection):
    t = make_table()
    g0 = cn.from_affiliations(t, projection=projection, time="year")
    g1 = cn.from_affiliations(dd.from_pandas(t, npartitions=3), projection=projection,
                              time="year")
    # newman sums fractions 1/(n_e - 1) over partitions in another order
    assert_same_graph(g0, g1, exact=projection != "newman")


def test_build_weights_and_options(client):
    t = make_table(seed=1)
    t = pd.concat([t, t.iloc[:5]], ignore_index=True)  # five repeated (actor, event) rows
    people = pd.DataFrame({"actor": ["a0", "a1", "zz"], "kind": ["x", "y", "z"]})
    evs = pd.DataFrame({"event": ["e0", "e1"], "venue": ["v", "w"]})
    d = dd.from_pandas(t, npartitions=4)
    for kw, exact in [
        (dict(weight="w", duplicates="sum", actors=people, events=evs, time="year"), True),
        (dict(weight="share", duplicates="drop", min_weight=0.5), False),  # fractions
        (dict(duplicates="drop", projection="jaccard", max_event_size=5, min_weight=0.3), True),
    ]:
        with warnings.catch_warnings(record=True) as w0:
            warnings.simplefilter("always")
            g0 = cn.from_affiliations(t, **kw)
        with warnings.catch_warnings(record=True) as w1:
            warnings.simplefilter("always")
            g1 = cn.from_affiliations(d, **kw)
        assert_same_graph(g0, g1, exact=exact)
        assert [type(x.message) for x in w1] == [type(x.message) for x in w0]


def test_build_from_parquet_dataset(client, tmp_path):
    t = make_table(seed=2)
    folder = tmp_path / "aff"
    dd.from_pandas(t, npartitions=3).to_parquet(folder)
    g0 = cn.from_affiliations(t, time="year")
    assert_same_graph(g0, cn.from_affiliations(folder, time="year"))           # a directory
    assert_same_graph(g0, cn.from_affiliations(str(folder / "*.parquet"), time="year"))  # glob
    with pytest.raises(ColumnError, match="'who'"):
        cn.from_affiliations(folder, actor="who")


def test_build_int_and_categorical_ids(client):
    t = make_table(seed=3)
    t["actor"] = t["actor"].str[1:].astype(int)
    t["event"] = t["event"].astype("category")
    g0 = cn.from_affiliations(t)
    assert_same_graph(g0, cn.from_affiliations(dd.from_pandas(t, npartitions=2)))


def test_as_frame_holds_the_ties(client):
    t = make_table(seed=4)
    for projection in ("count", "overlap"):
        g0 = cn.from_affiliations(t, projection=projection)
        ties = cnd.from_affiliations(dd.from_pandas(t, npartitions=3), projection=projection,
                                     as_frame=True)
        assert isinstance(ties, dd.DataFrame)
        got = ties.compute()
        # source before target in actor order, as in g.ties
        pos = pd.Series(np.arange(g0.n_actors), index=g0.actor_ids)
        assert (pos[got["source"]].to_numpy() < pos[got["target"]].to_numpy()).all()
        got = got.sort_values(["source", "target"]).reset_index(drop=True)
        want = g0.ties.sort_values(["source", "target"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_missing_time_rules(client):
    t = make_table(seed=5)
    t["year"] = t["year"].astype(float)
    t.loc[t["event"] == "e3", "year"] = np.nan
    d = dd.from_pandas(t, npartitions=3)
    with pytest.raises(ClusternetError, match="missing_time='drop'"):
        cn.from_affiliations(d, time="year")
    for rule in ("drop", "keep"):
        with pytest.warns(cn.ClusternetWarning):
            g0 = cn.from_affiliations(t, time="year", missing_time=rule)
        with pytest.warns(cn.ClusternetWarning):
            g1 = cn.from_affiliations(d, time="year", missing_time=rule)
        assert_same_graph(g0, g1)


def _exploding(n: int) -> pd.DataFrame:
    raise AssertionError("a partition was computed before the checks")


def test_errors_before_any_work(client):
    from dask import delayed

    meta = pd.DataFrame({"actor": pd.Series(dtype=str), "event": pd.Series(dtype=str)})
    lazy = dd.from_delayed([delayed(_exploding)(1)], meta=meta)
    for kw, err, text in [
        (dict(actor="who"), ColumnError, "who"),
        (dict(time="year"), ColumnError, "year"),
        (dict(projection="cosine"), ClusternetError, "projection"),
        (dict(duplicates="keep"), ClusternetError, "duplicates"),
        (dict(actor="event"), ClusternetError, "same column"),
        (dict(participation_attributes=["x"]), ClusternetError, "participation_attributes"),
        (dict(max_ties=0), ClusternetError, "max_ties"),
        (dict(min_weight=-1), ClusternetError, "min_weight"),
    ]:
        with pytest.raises(err, match=text):
            cn.from_affiliations(lazy, **kw)
    with pytest.raises(ClusternetError, match="as_frame"):
        cnd.from_affiliations(lazy, as_frame="yes")
    with pytest.raises(ClusternetError, match="no Parquet dataset"):
        cnd.from_affiliations("/nonexistent/folder")


def test_errors_in_the_data(client):
    t = make_table(seed=6)
    d = dd.from_pandas(pd.concat([t, t.iloc[[0]]], ignore_index=True), npartitions=3)
    with pytest.raises(DuplicateError, match="duplicates='drop'"):
        cn.from_affiliations(d)
    bad = t.copy()
    bad.loc[5, "actor"] = None
    with pytest.raises(IdError, match="null id"):
        cn.from_affiliations(dd.from_pandas(bad, npartitions=2))
    bad = t.copy()
    bad["w"] = bad["w"].astype(float)
    bad.loc[7, "w"] = -1.0
    with pytest.raises(WeightError, match="negative"):
        cn.from_affiliations(dd.from_pandas(bad, npartitions=2), weight="w")
    bad.loc[7, "w"] = 0.0  # refused as in memory: its ties would have weight 0
    with pytest.raises(WeightError, match="1 participation.s. of weight 0"):
        cn.from_affiliations(bad, weight="w")
    with pytest.raises(WeightError, match="1 participation.s. of weight 0, the first in the row labelled 7"):
        cn.from_affiliations(dd.from_pandas(bad, npartitions=2), weight="w")
    two_times = t.copy()
    first = two_times.index[two_times["event"] == two_times["event"].iloc[0]]
    if len(first) < 2:
        two_times = pd.concat([two_times, two_times.iloc[[0]].assign(actor="new")],
                              ignore_index=True)
        first = two_times.index[two_times["event"] == two_times["event"].iloc[0]]
    two_times.loc[first[-1], "year"] = 1900
    with pytest.raises(ClusternetError, match="two times"):
        cn.from_affiliations(dd.from_pandas(two_times, npartitions=2), time="year")
    with pytest.raises(TooLargeError, match="max_ties"):
        cn.from_affiliations(dd.from_pandas(t, npartitions=2), max_ties=10)
    # mixed id kinds across partitions (each partition of one kind; Dask would
    # otherwise read the object column as strings)
    import dask

    mixed = pd.DataFrame({"actor": pd.Series([1, 2, "x", "y"], dtype=object),
                          "event": ["e", "e", "f", "f"]})
    with dask.config.set({"dataframe.convert-string": False}):
        d = dd.from_pandas(mixed, npartitions=2, sort=False)
        with pytest.raises(IdError, match="mixes id types"):
            cn.from_affiliations(d)


@settings(max_examples=3)
@given(seed=st.integers(0, 10_000), parts=st.integers(1, 5), n_events=st.integers(1, 40))
def test_build_property_any_partitioning(seed, parts, n_events):
    # threads of this process (no client): any partitioning gives the in-memory graph
    t = make_table(n_events=n_events, n_actors=15, seed=seed)
    g0 = cn.from_affiliations(t, weight="w")
    g1 = cn.from_affiliations(dd.from_pandas(t, npartitions=parts, sort=False), weight="w")
    assert_same_graph(g0, g1)


# ------------------------------------------------------------------ egos
@pytest.fixture(scope="module")
def cluster_graph():
    aff, people = cn.datasets.creative_cluster(n_actors=150, n_years=4, rng=2)
    return cn.from_affiliations(aff, time="year", actors=people)


@pytest.mark.parametrize("name", ["constraint", "effective_size", "efficiency", "hierarchy",
                                  "structural_holes"])
def test_map_egos_burt(client, cluster_graph, name):
    measure = getattr(cn.brokerage, name)
    g = cluster_graph
    egos = list(g.actor_ids[::7][::-1])  # a sample, in an order of their own
    want = measure(g, weight=True, egos=egos)
    got = cnd.map_egos(measure, g, weight=True, egos=egos, client=client, blocks=3)
    pd.testing.assert_series_equal(got, want) if want.ndim == 1 else \
        pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs
    full = measure(g, weight=False)
    got = cnd.map_egos(measure, g, weight=False, client=client)
    (pd.testing.assert_series_equal if full.ndim == 1 else pd.testing.assert_frame_equal)(
        got, full)
    assert got.attrs == full.attrs


def test_map_egos_star_measures(client, cluster_graph):
    g = cluster_graph
    for measure, args, kw in [
        (cn.diversity.ego, ("domain",), {}),
        (cn.diversity.ego, ("domain",), {"weight": True, "measure": "shannon"}),
        (cn.convergence.ei_index, ("domain",), {"level": "actor"}),
        (cn.convergence.ei_index, ("domain",), {"level": "actor", "weight": True}),
    ]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cn.ClusternetWarning)
            want = measure(g, *args, **kw)
            got = cnd.map_egos(measure, g, *args, client=client, blocks=4, **kw)
            local = cnd.map_egos(measure, g, *args, blocks=5, **kw)  # no client: in turn
        pd.testing.assert_series_equal(got, want)
        pd.testing.assert_series_equal(local, want)
        assert got.attrs == want.attrs
        egos = list(g.actor_ids[3:40:4])
        sub = cnd.map_egos(measure, g, *args, egos=egos, client=client, blocks=2, **kw)
        pd.testing.assert_series_equal(sub, want.loc[egos])


def test_map_egos_warnings_and_errors(client, cluster_graph):
    g = cluster_graph
    # the measure's FutureWarning (default weight= on a weighted graph) comes through once
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cnd.map_egos(cn.brokerage.constraint, g, client=client, blocks=3)
    assert sum(issubclass(w.category, FutureWarning) for w in caught) == 1
    with pytest.raises(ClusternetError, match="cannot split"):
        cnd.map_egos(cn.brokerage.betweenness, g, client=client)
    with pytest.raises(ClusternetError, match="level='actor'"):
        cnd.map_egos(cn.convergence.ei_index, g, "domain", client=client)
    with pytest.raises(ClusternetError, match="blocks"):
        cnd.map_egos(cn.brokerage.constraint, g, weight=False, blocks=0)
    with pytest.raises(ClusternetError, match="dask.distributed.Client"):
        cnd.map_egos(cn.brokerage.constraint, g, weight=False, client="tcp://x:8786")
    with pytest.raises(cn.UnknownActorError):
        cnd.map_egos(cn.brokerage.constraint, g, weight=False, egos=["nobody"])


def test_map_egos_finds_the_split_in_the_registry(cluster_graph):
    # the measures that split are those of the registry's ego_blocks column,
    # and the error for another lists them all (no hand-written list)
    table = cn.measures()
    splits = table["ego_blocks"].dropna()
    assert set(splits) <= {"egos", "ties", "neighbourhood"}
    assert {"constraint", "structural_holes", "gould_fernandez", "ego", "ei_index"} <= set(
        splits.index)
    with pytest.raises(ClusternetError, match="cannot split") as err:
        cnd.map_egos(cn.structure.core_periphery, cluster_graph)
    for name in splits.index:
        assert f"{table.loc[name, 'family']}.{name}" in str(err.value)
    # a partial of a registered measure is found too
    partial = functools.partial(cn.convergence.ei_index, level="actor")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cn.ClusternetWarning)
        pd.testing.assert_series_equal(
            cnd.map_egos(partial, cluster_graph, "domain", blocks=3),
            cn.convergence.ei_index(cluster_graph, "domain", level="actor"), check_exact=True)


def _gf_graphs():
    """An undirected affiliation graph and a directed one with missing values
    (random ties among 60 actors in 3 groups, a tenth without a group)."""
    aff, people = cn.datasets.creative_cluster(n_actors=120, n_years=3, rng=5)
    rng = np.random.default_rng(1)
    t = pd.DataFrame({"source": rng.integers(0, 60, 500), "target": rng.integers(0, 60, 500)})
    actors = pd.DataFrame({"actor": range(60),
                           "grp": rng.choice(["a", "b", "c", None], 60, p=[.3, .3, .3, .1])})
    return [(cn.from_affiliations(aff, actors=people), "domain", "error"),
            (cn.from_edgelist(t[t.source != t.target], directed=True, actors=actors), "grp",
             "drop"),
            (cn.from_edgelist(t[t.source != t.target], directed=True, actors=actors), "grp",
             "own-group")]


def test_map_egos_gould_fernandez(client):
    # the per-actor frame of the in-memory result, to the last bit: the null
    # from the whole graph, the raw counts from each block's two-step graph
    gf = cn.brokerage.gould_fernandez
    for g, attribute, missing in _gf_graphs():
        want = gf(g, attribute, missing=missing).to_frame()
        for blocks in (1, 2, 5):
            got = cnd.map_egos(gf, g, attribute, missing=missing, blocks=blocks)
            pd.testing.assert_frame_equal(got, want, check_exact=True)
            assert got.attrs == want.attrs
        got = cnd.map_egos(gf, g, attribute, missing=missing, client=client, blocks=3)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        egos = list(g.actor_ids[::7][::-1])
        got = cnd.map_egos(gf, g, attribute, missing=missing, egos=egos, client=client)
        pd.testing.assert_frame_equal(got, want.loc[egos], check_exact=True)
    assert want["z"].isna().any().any()  # z is NaN where sd = 0, as in memory


def test_block_graphs_read_in_row_ranges(monkeypatch, cluster_graph):
    # the block graphs read the adjacency a range of rows at a time; with
    # ranges of 3 entries (a row longer than that is a range of its own)
    # the ties-rule and two-step results are unchanged (no client: in turn)
    from clusternet.distributed import _egos

    g = cluster_graph
    blau = cn.diversity.ego(g, "domain")
    gf = cn.brokerage.gould_fernandez(g, "domain").to_frame()
    monkeypatch.setattr(_egos, "_ROW_BLOCK", 3)
    pd.testing.assert_series_equal(cnd.map_egos(cn.diversity.ego, g, "domain", blocks=3), blau)
    # the default blocks of a "ties" measure: at least the stored entries
    # over _BLOCK_ENTRIES (here 100 entries a block)
    calls = []
    block = _egos._block
    monkeypatch.setattr(_egos, "_block", lambda *a: calls.append(1) or block(*a))
    monkeypatch.setattr(_egos, "_BLOCK_ENTRIES", 100)
    pd.testing.assert_series_equal(cnd.map_egos(cn.diversity.ego, g, "domain", client=False),
                                   blau)
    assert len(calls) == -(-g.adjacency.nnz // 100)
    pd.testing.assert_frame_equal(
        cnd.map_egos(cn.brokerage.gould_fernandez, g, "domain", blocks=4), gf, check_exact=True)


def test_map_egos_participation_attribute():
    # the graph sent to the workers has no events: a participation attribute
    # travels as the actors' values
    t = pd.DataFrame({"actor": list("abcabdcd"), "event": [1, 1, 1, 2, 2, 2, 3, 3],
                      "sector": ["u", "f", "u", "f", "f", "u", "u", "f"]})
    g = cn.from_affiliations(t, participation_attributes=["sector"])
    want = cn.diversity.ego(g, "sector")
    pd.testing.assert_series_equal(cnd.map_egos(cn.diversity.ego, g, "sector", blocks=2),
                                   want, check_exact=True)


# ------------------------------------------------- egos on a frame of ties
@pytest.fixture(scope="module")
def tie_frame(client, cluster_graph):
    """The ties of ``cluster_graph``'s table as ``from_affiliations(...,
    as_frame=True)`` returns them (persisted on the cluster), and the
    actors in the graph's order."""
    aff, people = cn.datasets.creative_cluster(n_actors=150, n_years=4, rng=2)
    ties = cnd.from_affiliations(dd.from_pandas(aff, npartitions=3), time="year",
                                 actors=people, as_frame=True).persist()
    return ties, cluster_graph.actors


@pytest.mark.parametrize("measure, args, kw", [
    (cn.diversity.ego, ("domain",), {}),
    (cn.convergence.ei_index, ("domain",), {"level": "actor", "weight": True}),
    (cn.brokerage.constraint, (), {"weight": False}),
    (cn.brokerage.structural_holes, (), {"weight": True}),
    (cn.brokerage.gould_fernandez, ("domain",), {}),
], ids=["ego_blau", "actor_ei", "constraint", "structural_holes", "gould_fernandez"])
def test_map_egos_frame_equals_in_memory(client, cluster_graph, tie_frame, measure, args, kw):
    # blocks built by joins of the ties, no graph in memory: the numbers of
    # the in-memory call, to the last bit (small graphs: one Burt engine)
    ties, actors = tie_frame
    g = cluster_graph
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cn.ClusternetWarning)
        want = measure(g, *args, **kw)
        want = want if isinstance(want, (pd.Series, pd.DataFrame)) else want.to_frame()
        got = cnd.map_egos(measure, ties, *args, actors=actors, client=client, blocks=3, **kw)
    check = pd.testing.assert_series_equal if want.ndim == 1 else pd.testing.assert_frame_equal
    check(got, want, check_exact=True)
    assert got.attrs == want.attrs
    if measure is cn.brokerage.constraint:  # a sample of egos, Dask's own scheduler
        egos = list(g.actor_ids[5::11][::-1])
        got = cnd.map_egos(measure, ties, *args, actors=actors, egos=egos, blocks=2, **kw)
        check(got, want.loc[egos], check_exact=True)


def test_map_egos_frame_gould_fernandez_missing(client):
    # missing="drop": the null of the kept actors, whose ties are counted by
    # a pass over the frame; an actor of the table without ties counts too
    rng = np.random.default_rng(3)
    t = pd.DataFrame({"source": rng.integers(0, 40, 150), "target": rng.integers(0, 40, 150)})
    actors = pd.DataFrame({"actor": range(42),
                           "grp": rng.choice(["a", "b", None], 42, p=[.45, .45, .1])})
    g = cn.from_edgelist(t[t.source != t.target], actors=actors)
    ties = dd.from_pandas(g.ties, npartitions=2)
    for missing in ("drop", "own-group"):
        want = cn.brokerage.gould_fernandez(g, "grp", missing=missing).to_frame()
        got = cnd.map_egos(cn.brokerage.gould_fernandez, ties, "grp", missing=missing,
                           actors=g.actors, client=client, blocks=3)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert got.attrs == want.attrs


def test_map_egos_frame_burt_across_engines(monkeypatch, tie_frame, cluster_graph):
    # the whole graph on Burt's compiled engine, the blocks on the numpy
    # engine (as when a block graph is below COMPILED_FROM ties and the
    # whole graph is not): equal to the last bit but hierarchy, to 1e-13
    # (_kernels/_compiled.py: log from different libraries)
    pytest.importorskip("numba")
    ties, actors = tie_frame
    monkeypatch.setenv("CLUSTERNET_ENGINE", "numba")
    want = cn.brokerage.structural_holes(cluster_graph, weight=True)
    monkeypatch.setenv("CLUSTERNET_ENGINE", "numpy")
    got = cnd.map_egos(cn.brokerage.structural_holes, ties, weight=True, actors=actors,
                       blocks=2)
    pd.testing.assert_frame_equal(got.drop(columns="hierarchy"),
                                  want.drop(columns="hierarchy"), check_exact=True)
    np.testing.assert_allclose(got["hierarchy"], want["hierarchy"], rtol=1e-13, atol=0)


def test_map_egos_frame_errors_before_any_work(client, tie_frame):
    import dask

    def boom():
        raise AssertionError("the ties were read")

    meta = pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                         "weight": pd.Series(dtype=float)})
    untouchable = dd.from_delayed([dask.delayed(boom)()], meta=meta)
    _, actors = tie_frame
    with pytest.raises(ClusternetError, match="'target'"):
        cnd.map_egos(cn.diversity.ego, untouchable[["source", "weight"]], "domain",
                     actors=actors)
    with pytest.raises(cn.UnknownAttributeError, match="sector"):
        cnd.map_egos(cn.diversity.ego, untouchable, "sector", actors=actors)
    with pytest.raises(cn.UnknownActorError):
        cnd.map_egos(cn.brokerage.constraint, untouchable, weight=False, actors=actors,
                     egos=["nobody"])
    with pytest.raises(ClusternetError, match="actors="):
        cnd.map_egos(cn.brokerage.constraint, untouchable, weight=False)
    with pytest.raises(ClusternetError, match="level='actor'"):
        cnd.map_egos(cn.convergence.ei_index, untouchable, "domain", actors=actors)
    with pytest.raises(ClusternetError, match="missing"):
        cnd.map_egos(cn.brokerage.gould_fernandez, untouchable, "domain", actors=actors,
                     missing="skip")
    with pytest.raises(ClusternetError, match="weight"):
        cnd.map_egos(cn.brokerage.constraint, untouchable, weight="yes", actors=actors)
    # a tie whose end is not an actor: raised when the ties are read
    few = actors.iloc[:-40]
    with pytest.raises(cn.UnknownActorError, match="not in the actors table"):
        cnd.map_egos(cn.diversity.ego, tie_frame[0], "domain", actors=few, client=client)


# ------------------------------------------------------------- replicates
def _density(h):
    return h.n_ties / (h.n_actors * (h.n_actors - 1) / 2)


def test_permutation_test_on_client_equals_serial(client, cluster_graph):
    g = cluster_graph
    for stat in (cn.convergence.ei_index,                                  # kernel path
                 functools.partial(cn.convergence.ei_index, level="group"),
                 lambda h: cn.convergence.ei_index(h, "domain") + 0.0):   # general path
        r1 = cn.inference.permutation_test(g, stat, "domain", n=60, rng=11)
        r2 = cn.inference.permutation_test(g, stat, "domain", n=60, rng=11, client=client)
        pd.testing.assert_frame_equal(r2.to_frame(), r1.to_frame())
    r1 = cn.inference.test(g, _density, "curveball", n=12, rng=5)
    r2 = cn.inference.test(g, _density, "curveball", n=12, rng=5, client=client)
    pd.testing.assert_frame_equal(r2.to_frame(), r1.to_frame())


def test_permutation_client_errors(client, cluster_graph):
    g = cluster_graph
    with pytest.raises(ClusternetError, match="not both"):
        cn.inference.permutation_test(g, cn.convergence.ei_index, "domain", n=5, rng=1,
                                      client=client, n_jobs=2)
    with pytest.raises(ClusternetError, match="dask.distributed.Client"):
        cn.inference.permutation_test(g, cn.convergence.ei_index, "domain", n=5, rng=1,
                                      client=object())


def test_over_time_on_client_equals_serial(client, cluster_graph):
    g = cluster_graph
    a = cn.temporal.over_time(g, "ei_index", attribute="domain", size=2, step=1)
    b = cn.temporal.over_time(g, "ei_index", attribute="domain", size=2, step=1,
                              client=client)
    pd.testing.assert_frame_equal(b, a)
    assert b.attrs == a.attrs
    a = cn.temporal.over_time(g, cn.structure.core_periphery, rng=1)
    b = cn.temporal.over_time(g, cn.structure.core_periphery, rng=1, client=client)
    pd.testing.assert_frame_equal(b, a)
    with pytest.raises(ClusternetError, match="int seed"):
        cn.temporal.over_time(g, cn.structure.core_periphery,
                              rng=np.random.default_rng(1), client=client)
    with pytest.raises(ClusternetError, match="dask.distributed.Client"):
        cn.temporal.over_time(g, "ei_index", attribute="domain", client=3)


def test_over_time_passes_window_warnings_on(client):
    # one group only in the first window: NaN with a ClusternetWarning, on the
    # cluster as in memory
    t = pd.DataFrame({"actor": ["a", "b", "a", "c"], "event": [1, 1, 2, 2],
                      "year": [2000, 2000, 2001, 2001]})
    people = pd.DataFrame({"actor": ["a", "b", "c"], "g": ["x", "x", "y"]})
    g = cn.from_affiliations(t, time="year", actors=people)
    with pytest.warns(cn.ClusternetWarning) as w0:
        a = cn.temporal.over_time(g, "ei_index", attribute="g")
    with pytest.warns(cn.ClusternetWarning) as w1:
        b = cn.temporal.over_time(g, "ei_index", attribute="g", client=client)
    pd.testing.assert_frame_equal(b, a)
    assert [str(x.message) for x in w1] == [str(x.message) for x in w0]


# ------------------------------------------------------------------- docs
def test_the_scale_page_examples_run():
    """docs/scale.md's ```python blocks run, in order, in one namespace (the
    blocks marked "not executed" are ```{code-block} and left out)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "scale.md").read_text(
        encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 3
    namespace: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cn.ClusternetWarning)
        for code in blocks:
            exec(compile(code, "docs/scale.md", "exec"), namespace)


def test_the_active_client_runs_the_work(client, cluster_graph):
    # client not given: the active client (distributed.default_client())
    # runs the draws, windows and blocks, with the same numbers; False: none
    from distributed import get_task_stream

    g = cluster_graph
    ei = cn.convergence.ei_index
    here = cn.inference.permutation_test(g, ei, "domain", n=20, rng=1, client=False)
    with get_task_stream(client) as ts:
        active = cn.inference.permutation_test(g, ei, "domain", n=20, rng=1)
    assert len(ts.data) > 0
    np.testing.assert_array_equal(active.null, here.null)
    with get_task_stream(client) as ts:
        cn.inference.permutation_test(g, ei, "domain", n=20, rng=1, client=False)
        cn.inference.permutation_test(g, ei, "domain", n=20, rng=1, n_jobs=2)
    assert len(ts.data) == 0  # False, or n_jobs: this machine
    local = cn.temporal.over_time(g, ei, size=2, attribute="domain", client=False)
    with get_task_stream(client) as ts:
        on_active = cn.temporal.over_time(g, ei, size=2, attribute="domain")
    assert len(ts.data) > 0
    pd.testing.assert_frame_equal(on_active, local)
    blau = cnd.map_egos(cn.diversity.ego, g, "domain", client=False)
    with get_task_stream(client) as ts:
        pd.testing.assert_series_equal(cnd.map_egos(cn.diversity.ego, g, "domain"), blau)
    assert len(ts.data) > 0
