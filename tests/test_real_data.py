"""The library on real public tables (skipped when ``shared/data`` is absent).

The tables live outside the repository (``../shared/data`` beside the
checkout, or the folder named by ``CLUSTERNET_DATA``); their origin and
licence are in each folder's ``SOURCE.md``. Expected counts come from those
SOURCE.md files; the other checks compare clusternet with igraph and
networkx on the same data.
"""

from __future__ import annotations

import os
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import clusternet as cn

DATA = Path(os.environ.get("CLUSTERNET_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
CORDIS = DATA / "cordis_h2020" / "h2020_participations.csv"
LOS40 = DATA / "los40_music" / "data_los40_final.csv"


@pytest.fixture(scope="module")
def cordis():
    if not CORDIS.is_file():
        pytest.skip(f"no CORDIS table at {CORDIS}")
    # The recipe of cordis_h2020/SOURCE.md, "To an affiliation table"
    d = pd.read_csv(CORDIS)
    aff = (d.dropna(subset=["start_year"]).astype({"start_year": int})
           .rename(columns={"pic": "actor", "rcn": "event", "start_year": "year",
                            "type": "sector"}))
    aff = aff[["actor", "event", "year", "sector", "country", "role"]]
    actors = aff.drop_duplicates("actor")[["actor", "sector", "country"]]
    return aff, actors


@pytest.fixture(scope="module")
def los40():
    if not LOS40.is_file():
        pytest.skip(f"no Los 40 table at {LOS40}")
    # The recipe of los40_music/SOURCE.md, "To an affiliation table"
    d = pd.read_csv(LOS40)
    g = pd.read_csv(LOS40.parent / "artistas_totales.csv").drop_duplicates("Artista")
    c = [f"collaborator{i}" for i in range(1, 11)]
    d["event"] = d.song + " | " + d[c].apply(lambda r: ";".join(sorted(r.dropna())), axis=1)
    aff = (d.melt(id_vars=["event", "year"], value_vars=c, value_name="actor")
           .dropna(subset=["actor"])
           .groupby(["actor", "event"], as_index=False).year.min()
           .merge(g.rename(columns={"Artista": "actor"})[["actor", "mapped_genre"]],
                  on="actor", how="left")
           .assign(genre=lambda x: x.mapped_genre.str.split(", ").str[0]))
    return aff


def test_cordis_counts_and_igraph_projection(cordis):
    aff, actors = cordis
    g = cn.from_affiliations(aff, time="year", actors=actors)
    # cordis_h2020/SOURCE.md: 144,719 rows, 35,871 actors, 31,445 events
    assert g.n_actors == 35_871 and g.n_events == 31_445
    assert int(g.incidence.nnz) == 144_719
    # igraph's bipartite projection with multiplicity = the count projection
    a, _ = pd.factorize(aff["actor"])
    e, _ = pd.factorize(aff["event"])
    n = a.max() + 1
    B = ig.Graph.Bipartite([False] * n + [True] * (e.max() + 1),
                           np.column_stack([a, e + n]).tolist())
    P, _ = B.bipartite_projection(multiplicity=True)
    assert P.ecount() == g.n_ties
    assert sum(P.es["weight"]) == g.ties["weight"].sum()


def test_cordis_window_equals_filtered_table(cordis):
    aff, actors = cordis
    g = cn.from_affiliations(aff, time="year", projection="newman")
    w = g.window(2016, 2018)
    ref = cn.from_affiliations(aff[aff["year"].between(2016, 2017)], projection="newman")
    assert w.n_actors == ref.n_actors and w.n_ties == ref.n_ties
    assert set(w.actor_ids) == set(ref.actor_ids)

    def canonical(graph):
        t = graph.ties
        lo = np.minimum(t["source"], t["target"])
        hi = np.maximum(t["source"], t["target"])
        return pd.DataFrame({"lo": lo, "hi": hi, "w": t["weight"]}).sort_values(
            ["lo", "hi"], ignore_index=True)

    a, b = canonical(w), canonical(ref)
    assert a[["lo", "hi"]].equals(b[["lo", "hi"]])
    assert np.allclose(a["w"], b["w"], rtol=0, atol=1e-12)


def test_cordis_constraint_equals_igraph(cordis):
    aff, actors = cordis
    g = cn.from_affiliations(aff, projection="newman")
    rng = np.random.default_rng(0)
    pos = np.sort(rng.choice(g.n_actors, 300, replace=False))
    ours = cn.brokerage.constraint(g, egos=g.actor_ids[pos], weight=True).to_numpy()
    theirs = np.array(g.to_igraph().constraint(pos.tolist(), weights="weight"))
    m = ~np.isnan(ours)  # isolates: NaN here, NaN in igraph too
    assert np.array_equal(m, ~np.isnan(theirs))
    assert ours[m] == pytest.approx(theirs[m], abs=1e-12)


def test_cordis_sector_mixing_is_consistent(cordis):
    aff, actors = cordis
    g = cn.from_affiliations(aff, actors=actors)
    M = cn.convergence.mixing_matrix(g, "sector")
    # the mixing matrix counts every tie once (upper triangle with the diagonal)
    assert np.triu(M.to_numpy()).sum() == g.n_ties
    within = np.trace(M.to_numpy())
    ei = cn.convergence.ei_index(g, "sector")
    assert ei == pytest.approx((g.n_ties - 2 * within) / g.n_ties)


def test_los40_counts_and_networkx_projection(los40):
    g = cn.from_affiliations(los40, time="year",
                             actors=los40.drop_duplicates("actor")[["actor", "genre"]])
    # los40_music/SOURCE.md: 1,471 rows, 717 actors, 659 events, years 2006-2024
    assert g.n_actors == 717 and g.n_events == 659 and int(g.incidence.nnz) == 1_471
    assert (g.events["time"].min(), g.events["time"].max()) == (2006, 2024)
    B = nx.Graph()
    B.add_edges_from(zip(("A:" + los40["actor"]), ("E:" + los40["event"])))
    P = nx.bipartite.collaboration_weighted_projected_graph(
        B, ["A:" + a for a in los40["actor"].unique()])
    newman = cn.from_affiliations(los40, projection="newman")
    assert newman.n_ties == P.number_of_edges()
    t = newman.ties
    for s, d, w in zip(t["source"][:200], t["target"][:200], t["weight"][:200]):
        assert P["A:" + s]["A:" + d]["weight"] == pytest.approx(w)
    # 8.1% of rows have no genre: measures refuse them unless told what to do
    with pytest.raises(cn.ClusternetError, match="no value for 'genre'"):
        cn.convergence.ei_index(g, "genre")
    assert np.isfinite(cn.convergence.ei_index(g, "genre", missing="drop"))
