"""Tests of the bundled data (clusternet.datasets).

Known numbers for the Southern Women come from Davis, Gardner & Gardner
(1941), as transcribed in networkx's ``davis_southern_women_graph`` and in
Breiger (1974, table 1); the creative cluster's properties are the ones its
docstring promises, each measured here straight from the tables with pandas.
"""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import clusternet as cn
from clusternet.datasets import DOMAIN_SHARES, DOMAINS, creative_cluster, davis_southern_women


# ----------------------------------------------------------------- helpers
def tie_pairs(aff: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Every pair of actors sharing a team: year, the two domains."""
    dom = actors.set_index("actor")["domain"]
    a = aff.assign(domain=aff["actor"].map(dom))
    pairs = a.merge(a, on=["event", "year"])
    return pairs[pairs["actor_x"] < pairs["actor_y"]]


def cross_share_by_year(aff: pd.DataFrame, actors: pd.DataFrame) -> pd.Series:
    """Share of co-membership pairs whose two actors are in different domains."""
    pairs = tie_pairs(aff, actors)
    return (pairs["domain_x"] != pairs["domain_y"]).groupby(pairs["year"]).mean()


def first_year(aff: pd.DataFrame) -> pd.Series:
    return aff["actor"].map(aff.groupby("actor")["year"].min())


# ------------------------------------------------------- Southern Women
class TestDavisSouthernWomen:
    def test_shape_and_columns(self):
        t = davis_southern_women()
        assert list(t.columns) == ["actor", "event"]
        # 18 women, 14 events, 89 attendances (Davis et al. 1941; Breiger 1974 table 1)
        assert len(t) == 89
        assert t["actor"].nunique() == 18
        assert t["event"].nunique() == 14
        assert not t.duplicated().any()
        assert set(t["event"]) == {f"E{i}" for i in range(1, 15)}

    def test_known_degrees(self):
        t = davis_southern_women()
        women = t.groupby("actor").size()
        events = t.groupby("event").size()
        # Attendance counts from the original table (Breiger 1974, table 1).
        assert women["Evelyn Jefferson"] == 8
        assert women["Theresa Anderson"] == 8
        assert women["Nora Fayette"] == 8
        assert women["Pearl Oglethorpe"] == 3
        assert women["Flora Price"] == 2
        assert events["E8"] == 14
        assert events["E9"] == 12
        assert events["E1"] == 3

    def test_equals_networkx_copy(self):
        G = nx.davis_southern_women_graph()
        t = davis_southern_women()
        assert set(zip(t["actor"], t["event"])) == {
            (u, v) if G.nodes[u]["bipartite"] == 0 else (v, u) for u, v in G.edges()
        }
        assert t["actor"].iloc[0] == "Evelyn Jefferson" and t["event"].iloc[0] == "E1"

    def test_projection_matches_networkx(self):
        G = nx.davis_southern_women_graph()
        women = [n for n, s in G.nodes(data="bipartite") if s == 0]
        P = nx.bipartite.weighted_projected_graph(G, women)
        g = cn.from_affiliations(davis_southern_women())
        assert g.n_ties == P.number_of_edges() == 139  # networkx projection
        for s, d, w in g.ties.itertuples(index=False):
            assert P[s][d]["weight"] == w

    def test_fresh_copy_each_call(self):
        a = davis_southern_women()
        a.loc[0, "actor"] = "changed"
        assert davis_southern_women().loc[0, "actor"] == "Evelyn Jefferson"


# ------------------------------------------------------ creative cluster
@pytest.fixture(scope="module")
def cluster():
    return creative_cluster()


class TestCreativeClusterStructure:
    def test_columns_and_types(self, cluster):
        aff, actors = cluster
        assert list(aff.columns) == ["actor", "event", "year"]
        assert list(actors.columns) == ["actor", "domain", "inside"]
        assert pd.api.types.is_integer_dtype(aff["year"])
        assert actors["inside"].dtype == bool
        assert pd.api.types.is_string_dtype(aff["actor"])
        assert pd.api.types.is_string_dtype(aff["event"])

    def test_actors(self, cluster):
        aff, actors = cluster
        assert len(actors) == 600
        assert actors["actor"].is_unique
        assert actors["actor"].is_monotonic_increasing
        assert set(actors["domain"]) == set(DOMAINS)
        # every actor takes part in at least one team, and only known actors do
        assert set(aff["actor"]) == set(actors["actor"])

    def test_domain_and_inside_shares(self):
        _, actors = creative_cluster(n_actors=4000, n_years=10, rng=3)
        share = actors["domain"].value_counts(normalize=True)
        for d, s in DOMAIN_SHARES.items():
            # multinomial sd at n=4000 is below 0.007; 0.03 is > 4 sd
            assert abs(share[d] - s) < 0.03, d
        assert abs(actors["inside"].mean() - 0.75) < 0.03

    def test_years(self, cluster):
        aff, _ = cluster
        assert sorted(aff["year"].unique()) == list(range(2010, 2022))
        # each event belongs to one year, and its id says which
        assert (aff.groupby("event")["year"].nunique() == 1).all()
        assert (aff["event"].str.slice(1, 5).astype(int) == aff["year"]).all()

    def test_start_year(self):
        aff, _ = creative_cluster(n_actors=100, n_years=3, start_year=1990)
        assert sorted(aff["year"].unique()) == [1990, 1991, 1992]

    def test_no_repeated_participation(self, cluster):
        aff, _ = cluster
        assert not aff.duplicated(["actor", "event"]).any()

    def test_team_sizes(self, cluster):
        aff, _ = cluster
        size = aff.groupby("event").size()
        assert size.min() >= 2
        assert size.max() <= 20
        # heavy tail: pairs are the commonest team, yet large teams exist
        assert size.mode().iloc[0] == 2
        assert (size >= 8).sum() >= 5
        assert 2.5 < size.mean() < 4.0  # documented mean about 3.2

    def test_max_team_size(self):
        aff, _ = creative_cluster(n_actors=800, max_team_size=5, size_exponent=1.2, rng=2)
        size = aff.groupby("event").size()
        assert size.max() == 5
        assert size.min() >= 2

    def test_lead_first_and_order(self, cluster):
        aff, _ = cluster
        assert aff["year"].is_monotonic_increasing
        assert aff["event"].is_monotonic_increasing  # zero-padded ids in team order
        assert aff.index.equals(pd.RangeIndex(len(aff)))

    def test_builds_a_graph_with_time_and_attributes(self, cluster):
        aff, actors = cluster
        g = cn.from_affiliations(aff, time="year", actors=actors)
        assert g.n_actors == 600
        assert g.n_events == aff["event"].nunique()
        assert g.has_time
        assert set(g.attributes) == {"domain", "inside"}

    def test_provenance(self, cluster):
        aff, actors = cluster
        info = aff.attrs["clusternet"]
        assert info["measure"] == "creative_cluster"
        assert info["params"]["n_actors"] == 600 and info["params"]["rng"] == 0
        assert actors.attrs["clusternet"]["params"] == info["params"]


class TestCreativeClusterModel:
    def test_newcomers_and_incumbents(self, cluster):
        aff, _ = cluster
        incumbent = aff["year"] > first_year(aff)
        share = incumbent.groupby(aff["year"]).mean()
        assert share.iloc[0] == 0  # the first year is all newcomers
        # later years: incumbents fill a share close to p = 0.6 of the slots,
        # and every year brings newcomers
        assert ((share.iloc[1:] > 0.45) & (share.iloc[1:] < 0.75)).all(), share
        newcomers = (~incumbent).groupby(aff["year"]).sum()
        assert (newcomers > 0).all()

    @pytest.mark.parametrize("p", [0.3, 0.8])
    def test_p_sets_incumbent_share(self, p):
        aff, _ = creative_cluster(n_actors=3000, n_years=8, p=p, rng=5)
        late = aff["year"] > aff["year"].min()
        incumbent = (aff["year"] > first_year(aff))[late]
        assert abs(incumbent.mean() - p) < 0.05

    def test_no_incumbents_when_p_is_zero(self):
        aff, _ = creative_cluster(n_actors=300, n_years=5, p=0.0)
        assert (aff["year"] == first_year(aff)).all()

    def test_repeat_collaborations(self, cluster):
        aff, actors = cluster
        pairs = tie_pairs(aff, actors)
        per_pair = pairs.groupby(["actor_x", "actor_y"])["year"].nunique()
        assert (per_pair >= 2).sum() >= 50  # pairs that work together in two or more years

    def test_q_drives_repeat_collaborations(self):
        def repeated(q):
            aff, actors = creative_cluster(n_actors=2000, q=q, rng=11)
            pairs = tie_pairs(aff, actors)
            return (pairs.groupby(["actor_x", "actor_y"]).size() > 1).mean()

        low, high = repeated(0.0), repeated(0.9)
        assert high > 2 * low

    @pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
    def test_cross_domain_ties_grow(self, seed):
        aff, actors = creative_cluster(rng=seed)
        share = cross_share_by_year(aff, actors)
        early, late = share.iloc[:3].mean(), share.iloc[-3:].mean()
        # homophily falls from 0.9 to 0.2: about 0.25 -> 0.7 (docstring defaults)
        assert late - early > 0.2, share
        assert np.corrcoef(share.index, share.to_numpy())[0, 1] > 0.5
        # the E-I index of the ties, (E - I) / (E + I) = 2 * share - 1, rises from < 0 to > 0
        assert 2 * early - 1 < 0 < 2 * late - 1

    def test_hybrid_teams_grow(self, cluster):
        aff, actors = cluster
        dom = actors.set_index("actor")["domain"]
        teams = aff.assign(domain=aff["actor"].map(dom)).groupby("event").agg(
            year=("year", "first"), n_domains=("domain", "nunique")
        )
        hybrid = (teams["n_domains"] > 1).groupby(teams["year"]).mean()
        assert hybrid.iloc[-3:].mean() > hybrid.iloc[:3].mean() + 0.2

    def test_homophily_reversed(self):
        aff, actors = creative_cluster(homophily=(0.1, 0.95), rng=4)
        share = cross_share_by_year(aff, actors)
        assert share.iloc[-3:].mean() < share.iloc[:3].mean() - 0.2

    def test_homophily_inside_teams(self):
        # a fully homophilous cluster is mostly same-domain; a team leaves its
        # domain only when no waiting actor of the domain is left, or through
        # collaborators' past ties
        aff, actors = creative_cluster(homophily=(1.0, 1.0), q=0.0, rng=6)
        share = cross_share_by_year(aff, actors)
        assert share.iloc[:-1].mean() < 0.15

    def test_custom_domains(self):
        _, actors = creative_cluster(n_actors=500, domains={"film": 3, "games": 1}, rng=8)
        assert set(actors["domain"]) == {"film", "games"}
        assert 0.68 < (actors["domain"] == "film").mean() < 0.82

    @staticmethod
    def _gaps(aff):
        """Years since the actor's previous team, for each incumbent participation."""
        years = aff[["actor", "year"]].drop_duplicates().sort_values(["actor", "year"])
        return years.groupby("actor")["year"].diff().dropna()

    def test_tau_retires_incumbents(self):
        # tau=1: an incumbent must have been in a team the year before
        aff, _ = creative_cluster(n_actors=1000, tau=1, rng=9)
        assert (self._gaps(aff) == 1).all()
        aff, _ = creative_cluster(n_actors=1000, tau=3, rng=9)
        assert self._gaps(aff).max() <= 3

    def test_tau_none_lets_actors_return(self):
        aff, _ = creative_cluster(n_actors=1000, tau=None, rng=9)
        assert self._gaps(aff).max() > 5

    def test_scales(self):
        t0 = time.perf_counter()
        aff, _ = creative_cluster(n_actors=45_000, n_years=12, rng=1)
        elapsed = time.perf_counter() - t0
        assert len(aff) > 90_000
        assert elapsed < 10  # about 0.1 s on a laptop; generous for slow CI

    def test_default_is_fast(self):
        creative_cluster()  # warm
        t0 = time.perf_counter()
        creative_cluster()
        assert time.perf_counter() - t0 < 1.0


class TestCreativeClusterDeterminism:
    def test_bundled_cluster_is_pinned(self):
        """creative_cluster() is the table the docs, examples and tests were
        written on: its rows are pinned here (recorded with numpy 2.4.6, which
        fixes the random stream), so that a change to the generator cannot
        move it unnoticed."""
        aff, actors = creative_cluster()
        assert (len(aff), aff["event"].nunique()) == (1362, 434)
        assert aff.head(3).to_numpy().tolist() == [
            ["a303", "p2010-01", 2010], ["a021", "p2010-01", 2010], ["a222", "p2010-02", 2010]]
        assert aff.tail(2).to_numpy().tolist() == [
            ["a294", "p2021-36", 2021], ["a452", "p2021-36", 2021]]
        hashes = [int(pd.util.hash_pandas_object(t, index=False).sum()) for t in (aff, actors)]
        assert hashes == [8372090663004050497, 3943575621771108864]
        assert aff.attrs["clusternet"]["params"]["assembly"] == "bundled"

    def test_same_seed_same_tables(self):
        a1, b1 = creative_cluster(rng=42)
        a2, b2 = creative_cluster(rng=42)
        pd.testing.assert_frame_equal(a1, a2)
        pd.testing.assert_frame_equal(b1, b2)

    def test_default_seed_is_fixed(self):
        a1, _ = creative_cluster()
        a2, _ = creative_cluster(rng=0)
        pd.testing.assert_frame_equal(a1, a2)

    def test_different_seed_different_tables(self):
        a1, _ = creative_cluster(rng=1)
        a2, _ = creative_cluster(rng=2)
        assert not a1.equals(a2)

    def test_generator(self):
        a1, b1 = creative_cluster(rng=np.random.default_rng(7))
        a2, b2 = creative_cluster(rng=np.random.default_rng(7))
        pd.testing.assert_frame_equal(a1, a2)
        pd.testing.assert_frame_equal(b1, b2)

    def test_seed_is_the_old_name_of_rng(self):
        with pytest.warns(FutureWarning, match="rng="):
            old, _ = creative_cluster(n_actors=60, n_years=3, seed=5)
        pd.testing.assert_frame_equal(old, creative_cluster(n_actors=60, n_years=3, rng=5)[0])

    def test_keyword_only(self):
        with pytest.raises(TypeError):
            creative_cluster(100)  # type: ignore[misc]


class TestCreativeClusterErrors:
    @pytest.mark.parametrize(
        ("kwargs", "names"),
        [
            ({"n_actors": 0}, "n_actors"),
            ({"n_actors": 10.5}, "n_actors"),
            ({"n_actors": True}, "n_actors"),
            ({"n_years": 0}, "n_years"),
            ({"n_actors": 10, "n_years": 30}, "n_actors=10"),
            ({"p": 1.0}, "p=1"),
            ({"p": -0.1}, "p must"),
            ({"q": 1.5}, "q must"),
            ({"q": float("nan")}, "q must"),
            ({"homophily": 0.5}, "homophily"),
            ({"homophily": (0.5, 2)}, "homophily[1]"),
            ({"domains": {}}, "domains"),
            ({"domains": {"a": -1, "b": 2}}, "domains"),
            ({"domains": {"a": "x"}}, "domains['a']"),
            ({"inside_share": 2}, "inside_share"),
            ({"size_exponent": 1.0}, "size_exponent"),
            ({"max_team_size": 1}, "max_team_size"),
            ({"tau": 0}, "tau"),
            ({"rng": -1}, "rng"),
            ({"rng": "abc"}, "rng"),
            ({"rng": True}, "rng"),  # the one seed parser refuses a bool
            ({"rng": 1.5}, "rng"),
        ],
    )
    def test_bad_parameter_names_it(self, kwargs, names):
        with pytest.raises(cn.ClusternetError) as info:
            creative_cluster(**kwargs)
        assert names in str(info.value)

    def test_caller_mapping_untouched(self):
        shares = {"film": 2, "games": 1}
        creative_cluster(n_actors=100, domains=shares)
        assert shares == {"film": 2, "games": 1}
