"""cn.inference.qap: QAP / MRQAP regression (issue 14 item 3).

Sources of the expected numbers:

- ``tests/data/qap_netlm.csv``: R ``sna::netlm`` / ``sna::netlogit`` on the
  matrices of ``tests/data/qap_matrices.csv``, both written by
  ``tests/data/qap_netlm.R`` (R and sna versions in the CSV). Coefficients
  and statistics must agree to 1e-8; permutation p-values within Monte
  Carlo error (bound below).
- ``numpy.linalg.lstsq`` on the dyads (OLS) and ``scipy.optimize`` on the
  log-likelihood (logit), computed in the tests.
- Helper matrices and distances computed by hand in the tests.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

import clusternet as cn
from clusternet.errors import ClusternetError, UnknownActorError, UnknownAttributeError
from clusternet._kernels import qap as K
from clusternet.inference import _qap

DATA = Path(__file__).parent / "data"
qap = _qap.qap


# ------------------------------------------------------------------ data
def _cases() -> dict[str, dict[str, np.ndarray]]:
    long = pd.read_csv(DATA / "qap_matrices.csv")
    out: dict[str, dict[str, np.ndarray]] = {}
    for (case, name), part in long.groupby(["case", "matrix"], sort=False):
        n = int(part["row"].max())
        m = np.zeros((n, n))
        m[part["row"].to_numpy() - 1, part["col"].to_numpy() - 1] = part["value"].to_numpy()
        out.setdefault(case, {})[name] = m
    return out


CASES = _cases()
REF = pd.read_csv(DATA / "qap_netlm.csv")
DIRECTED = {"dir": True, "bin": True, "und": False}


def _graph(y: np.ndarray, directed: bool, ids=None) -> cn.CollaborationGraph:
    n = len(y)
    ids = list(range(n)) if ids is None else list(ids)
    r, c = np.nonzero(y if directed else np.triu(y, 1))
    ids_arr = np.asarray(ids)
    ties = pd.DataFrame({"source": ids_arr[r], "target": ids_arr[c], "weight": y[r, c]})
    return cn.from_edgelist(ties, weight="weight", directed=directed,
                            actors=pd.DataFrame({"actor": ids}))


def _frame(m: np.ndarray) -> pd.DataFrame:
    """A matrix in actor order 0..n-1, labelled by id (the graph's actor
    order is that of first appearance in the edge list)."""
    return pd.DataFrame(m, index=range(len(m)), columns=range(len(m)))


def _fit(case: str, nullhyp: str, n: int, rng: int = 0):
    mats = CASES[case]
    g = _graph(mats["y"], DIRECTED[case])
    covs = {k: _frame(v) for k, v in mats.items() if k != "y"}
    family = "logit" if case == "bin" else "ols"
    return qap(g, covs, family=family, method={"qap": "dsp", "qapy": "y"}[nullhyp], n=n,
               rng=rng, weight=family == "ols")


REF_GROUPS = [(c, h) for c, h in REF[["case", "nullhyp"]].drop_duplicates().itertuples(index=False)]


# ------------------------------------------------------------ against R
@pytest.mark.parametrize("case", ["dir", "bin", "und"])
def test_coefficients_equal_sna(case):
    """Coefficients, t/z, se and fit statistics equal netlm / netlogit."""
    ref = REF[(REF["case"] == case) & (REF["nullhyp"] == "qap")].set_index("term")
    r = _fit(case, "qap", n=1)
    assert list(r.coef.index) == list(ref.index)
    assert r.n_dyads == ref["n_dyads"].iloc[0]
    np.testing.assert_allclose(r.coef, ref["coef"], rtol=1e-8, atol=1e-10)
    # netlogit's se come from glm.fit's last IRLS weights, those of the
    # iterate before the final step: 1e-7 apart from the converged ones
    rtol = 1e-6 if case == "bin" else 1e-9
    np.testing.assert_allclose(r.statistic, ref["statistic"], rtol=rtol)
    np.testing.assert_allclose(r.se, ref["se"], rtol=rtol)
    if case == "bin":
        # glm.fit stops at a relative deviance change of 1e-8
        assert r.deviance == pytest.approx(ref["deviance"].iloc[0], rel=1e-9)
        assert r.aic == pytest.approx(ref["aic"].iloc[0], rel=1e-9)
        assert np.isnan(r.r_squared)
    else:
        assert r.r_squared == pytest.approx(ref["r_squared"].iloc[0], rel=1e-10)
        assert np.isnan(r.deviance)


def _mc_bound(p_ref: float, reps_ref: int, n: int) -> float:
    """Two independent Monte Carlo estimates of one p: each has binomial sd
    sqrt(p (1 - p) / R). Their difference stays within 4.5 sd of the
    difference (p = the pooled estimate, floored at 1/R so that p = 0 or 1
    still has a bound), plus 1/(n + 1) for the Phipson-Smyth +1 we add."""
    p = min(max(p_ref, 1.0 / n), 1 - 1.0 / n)
    return 4.5 * np.sqrt(p * (1 - p) * (1 / reps_ref + 1 / n)) + 1.0 / (n + 1)


@pytest.mark.parametrize("case,nullhyp", REF_GROUPS, ids=[f"{c}-{h}" for c, h in REF_GROUPS])
def test_p_values_agree_with_sna_within_monte_carlo_error(case, nullhyp):
    ref = REF[(REF["case"] == case) & (REF["nullhyp"] == nullhyp)].set_index("term")
    n = 600 if case == "bin" else 2000
    r = _fit(case, nullhyp, n=n, rng=11)
    reps = int(ref["reps"].iloc[0])
    for mine, theirs in ((r.p_less, "pleeq"), (r.p_greater, "pgreq"),
                         (r.p_value, "pgreqabs")):
        for term in ref.index:
            bound = _mc_bound(ref.loc[term, theirs], reps, n)
            assert abs(mine[term] - ref.loc[term, theirs]) <= bound, (term, theirs)


def test_reference_has_intermediate_p_values():
    # the comparison above is only informative if some p-values are not 0 or 1
    mid = REF["pgreqabs"].between(0.02, 0.98)
    assert mid.sum() >= 6


# ------------------------------------------------- independent engines
def test_ols_equals_lstsq_on_the_dyads():
    rng = np.random.default_rng(5)
    n = 12
    x1, x2 = rng.normal(size=(n, n)), rng.integers(0, 3, size=(n, n)).astype(float)
    y = rng.integers(0, 4, size=(n, n)).astype(float)
    np.fill_diagonal(y, 0)
    g = _graph(y, True)
    r = qap(g, {"a": _frame(x1), "b": _frame(x2)}, family="ols", weight=True, n=5, rng=0)
    off = ~np.eye(n, dtype=bool)
    design = np.column_stack([np.ones(off.sum()), x1[off], x2[off]])
    beta, rss, *_ = np.linalg.lstsq(design, y[off], rcond=None)
    np.testing.assert_allclose(r.coef, beta, rtol=1e-10)
    dof = off.sum() - 3
    cov = rss[0] / dof * np.linalg.inv(design.T @ design)
    np.testing.assert_allclose(r.se, np.sqrt(np.diag(cov)), rtol=1e-9)
    tss = ((y[off] - y[off].mean()) ** 2).sum()
    assert r.r_squared == pytest.approx(1 - rss[0] / tss, rel=1e-10)

    # undirected: unordered pairs, as netlm(mode="graph")
    ys = np.triu(y, 1) + np.triu(y, 1).T
    s1 = x1 + x1.T
    r = qap(_graph(ys, False), {"a": _frame(s1)}, family="ols", weight=True, n=5, rng=0)
    iu = np.triu_indices(n, 1)
    design = np.column_stack([np.ones(len(iu[0])), s1[iu]])
    beta, *_ = np.linalg.lstsq(design, ys[iu], rcond=None)
    np.testing.assert_allclose(r.coef, beta, rtol=1e-10)
    assert r.n_dyads == n * (n - 1) // 2


def test_logit_equals_direct_maximum_likelihood():
    rng = np.random.default_rng(8)
    n = 14
    x1 = rng.normal(size=(n, n))
    y = (rng.random((n, n)) < 1 / (1 + np.exp(-(-0.5 + 0.8 * x1)))).astype(float)
    np.fill_diagonal(y, 0)
    r = qap(_graph(y, True), {"x1": _frame(x1)}, n=5, rng=0)
    assert r.family == "logit" and r.method == "y"
    off = ~np.eye(n, dtype=bool)
    design = np.column_stack([np.ones(off.sum()), x1[off]])
    yy = y[off]

    def nll(b):
        eta = design @ b
        return np.sum(np.logaddexp(0, eta) - yy * eta)

    def grad(b):
        return design.T @ (1 / (1 + np.exp(-(design @ b))) - yy)

    opt = optimize.minimize(nll, np.zeros(2), jac=grad, method="BFGS",
                            options={"gtol": 1e-12})
    np.testing.assert_allclose(r.coef, opt.x, rtol=1e-6)
    assert r.deviance == pytest.approx(2 * opt.fun, rel=1e-10)
    p = yy.mean()
    assert r.null_deviance == pytest.approx(-2 * yy.size * (p * np.log(p) + (1 - p) * np.log(1 - p)))


# -------------------------------------------------------- permutations
def test_seed_reproducible_and_n_jobs_invariant():
    a = _fit("dir", "qap", n=40, rng=3)
    b = _fit("dir", "qap", n=40, rng=3)
    pd.testing.assert_frame_equal(a.null, b.null)
    mats = CASES["dir"]
    g = _graph(mats["y"], True)
    covs = {k: _frame(v) for k, v in mats.items() if k != "y"}
    c = qap(g, covs, family="ols", weight=True, method="dsp", n=40, rng=3, n_jobs=2)
    pd.testing.assert_frame_equal(a.null, c.null)
    assert a.seed == 3
    d = _fit("dir", "qap", n=40, rng=4)
    assert not a.null.equals(d.null)


def test_identity_permutation_gives_the_observed_statistic():
    mats = CASES["dir"]
    names = ["x1", "x2", "x3"]
    g = _graph(mats["y"], True)
    r = qap(g, {k: _frame(mats[k]) for k in names}, family="ols", weight=True, n=1, rng=0)
    d = K.Design(mats["y"], np.stack([mats[k] for k in names]), directed=True)
    identity = np.arange(d.n)[None, :]
    for engine in (K.OLSY, K.OLSDSP):
        np.testing.assert_allclose(engine(d).draws(identity)[0], r.statistic, rtol=1e-9)


def test_dsp_draws_equal_a_refit_on_the_permuted_residual():
    """The fast DSP draw (inner products, no refit) equals netlm's recipe:
    regress y on the other covariates and the permuted residual matrix."""
    mats = CASES["dir"]
    names = ["x1", "x2", "x3"]
    stack = np.stack([mats[k] for k in names])
    d = K.Design(mats["y"], stack, directed=True)
    job = K.OLSDSP(d)
    perm = np.random.default_rng(2).permutation(d.n)
    fast = job.draws(perm[None, :])[0]
    off = ~np.eye(d.n, dtype=bool)
    cols = [np.ones(off.sum())] + [m[off] for m in stack]
    y = mats["y"][off]
    e = d.residuals()
    for j in range(d.k):
        moved = e[j][np.ix_(perm, perm)][off]
        design = np.column_stack([c for l, c in enumerate(cols) if l != j] + [moved])
        beta, rss, *_ = np.linalg.lstsq(design, y, rcond=None)
        cov = rss[0] / (len(y) - d.k) * np.linalg.inv(design.T @ design)
        assert fast[j] == pytest.approx(beta[-1] / np.sqrt(cov[-1, -1]), rel=1e-9)


def test_with_one_covariate_dsp_is_qap_y_with_the_inverse_permutation():
    """The claim of the docstring: for a single covariate's coefficient, DSP
    permuting by pi gives QAP-Y's statistic permuting by pi^-1 (so both have
    one null distribution)."""
    mats = CASES["dir"]
    d = K.Design(mats["y"], mats["x1"][None].copy(), directed=True)
    dsp, qy = K.OLSDSP(d), K.OLSY(d)
    perms = np.stack([np.random.default_rng(s).permutation(d.n) for s in range(5)])
    inverse = np.stack([np.argsort(p) for p in perms])
    np.testing.assert_allclose(dsp.draws(perms)[:, 1], qy.draws(inverse)[:, 1], rtol=1e-9)


@settings(max_examples=10, deadline=None)
@given(st.permutations(list(range(8))))
def test_relabelling_the_actors_changes_nothing(order):
    rng = np.random.default_rng(1)
    n = 8
    y = rng.integers(0, 3, size=(n, n)).astype(float)
    np.fill_diagonal(y, 0)
    x = rng.normal(size=(n, n))
    g = _graph(y, True)
    r = qap(g, {"x": _frame(x)}, family="ols", weight=True, n=3, rng=0)
    # the same network with the actors listed in another order
    ids = np.asarray(order)
    h = _graph(y[np.ix_(ids, ids)], True, ids=ids)
    s = qap(h, {"x": _frame(x)}, family="ols", weight=True, n=3, rng=0)
    np.testing.assert_allclose(s.coef, r.coef, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(s.statistic, r.statistic, rtol=1e-10, atol=1e-12)


# ------------------------------------------------------------- helpers
def _small():
    actors = pd.DataFrame({"actor": list("abcd"), "dom": ["x", "y", "x", "z"],
                           "size": [1.0, 4.0, 2.0, 8.0], "lat": [0.0, 0.0, 1.0, 0.0],
                           "lon": [0.0, 1.0, 0.0, 0.0]})
    ties = pd.DataFrame({"source": list("abca"), "target": list("bcdd")})
    return (cn.from_edgelist(ties, actors=actors),
            cn.from_edgelist(ties, actors=actors, directed=True))


def test_helper_matrices_by_hand():
    und, dig = _small()
    same = _qap.same("dom").matrix(und, "s")
    assert same[0, 2] == 1 and same[0, 1] == 0 and same[1, 3] == 0
    diff = _qap.difference("size").matrix(und, "d")
    assert diff[0, 3] == 7 and diff[3, 0] == 7 and diff[1, 2] == 2
    assert _qap.sender("size").matrix(dig, "s")[1, 3] == 4
    assert _qap.receiver("size").matrix(dig, "r")[1, 3] == 8
    assert _qap.total("size").matrix(und, "t")[1, 3] == 12
    # one degree of arc on a sphere of radius 6371.0088 km: R * pi / 180
    hav = _qap.distance("lat", "lon", metric="haversine").matrix(und, "h")
    assert hav[0, 1] == pytest.approx(6371.0088 * np.pi / 180, rel=1e-12)
    assert hav[0, 2] == pytest.approx(6371.0088 * np.pi / 180, rel=1e-12)
    euc = _qap.distance("lat", "lon").matrix(und, "e")
    assert euc[1, 2] == pytest.approx(np.sqrt(2))
    assert repr(_qap.distance("lat", "lon", metric="haversine")) == (
        "distance('lat', 'lon', metric='haversine')")


@pytest.mark.parametrize("kind", ["same", "difference", "sender", "receiver", "total"])
def test_one_attribute_constructors_keep_their_names_and_documents(kind):
    # one helper makes the five public constructors: each keeps its name,
    # its repr, its own refusal and a numpydoc docstring with its example
    make = getattr(cn.inference, kind)
    assert make.__name__ == kind and make.__module__ == "clusternet.inference._qap"
    assert repr(make("x")) == f"{kind}('x')"
    with pytest.raises(ClusternetError, match=rf"{kind}\(\) takes the name of an actor "
                       "attribute, got int"):
        make(5)
    doc = make.__doc__
    for section in ("Parameters\n    ----------\n    attribute : str", "Returns",
                    "Examples", f">>> cn.inference.{kind}("):
        assert section in doc
    assert doc.startswith("Covariate: ") and ":math:`x_{ij} = " in doc


def test_helpers_equal_the_matrices_they_stand_for():
    g = cn.as_graph(nx.karate_club_graph())
    club = g.attribute("club").to_numpy()
    m = (club[:, None] == club[None, :]).astype(float)
    a = qap(g, {"club": _qap.same("club")}, n=5, rng=0)
    b = qap(g, {"club": m}, n=5, rng=0)
    pd.testing.assert_series_equal(a.coef, b.coef)


def test_a_network_as_covariate_is_aligned_by_id():
    und, _ = _small()
    earlier = cn.from_edgelist(pd.DataFrame({"source": ["d", "b", "q"],
                                             "target": ["a", "c", "a"]}))
    ids = list(und.actor_ids)
    m = np.zeros((4, 4))
    for s, t in (("d", "a"), ("b", "c")):
        m[ids.index(s), ids.index(t)] = m[ids.index(t), ids.index(s)] = 1
    got = _qap._matrix(und, "prior", earlier, False)
    np.testing.assert_array_equal(got, m)  # q (not in und) is left out
    nxg = nx.Graph([("d", "a"), ("b", "c")])
    np.testing.assert_array_equal(_qap._matrix(und, "prior", nxg, False), m)


def test_the_callers_array_is_not_changed():
    g = cn.as_graph(nx.karate_club_graph())
    x = np.arange(34.0 * 34).reshape(34, 34)
    x = x + x.T
    before = x.copy()
    qap(g, {"x": x}, n=2, rng=0)
    np.testing.assert_array_equal(x, before)


# ---------------------------------------------------------- bad input
def test_bad_input_is_refused_before_any_work():
    g = cn.as_graph(nx.karate_club_graph())
    n = g.n_actors
    ok = {"club": _qap.same("club")}
    with pytest.raises(ClusternetError, match=r"shape \(3, 3\).*\(34, 34\)"):
        qap(g, {"x": np.zeros((3, 3))})
    frame = pd.DataFrame(np.ones((n, n)), index=g.actor_ids, columns=g.actor_ids)
    bad = frame.rename(index={0: "zz"}, columns={0: "zz"})
    with pytest.raises(UnknownActorError, match="zz"):
        qap(g, {"x": bad})
    with pytest.raises(ClusternetError, match="missing from its index"):
        qap(g, {"x": frame.iloc[1:, :]})
    nan = np.ones((n, n))
    nan[2, 5] = nan[5, 2] = np.nan
    with pytest.raises(ClusternetError, match="missing or infinite.*2 -> 5"):
        qap(g, {"x": nan})
    with pytest.raises(ClusternetError, match=r"34 actors.*max_memory=0\.0 GiB"):
        qap(g, ok, max_memory=1000)
    with pytest.raises(ClusternetError, match="family="):
        qap(g, ok, family="probit")
    with pytest.raises(ClusternetError, match="method="):
        qap(g, ok, method="x")
    with pytest.raises(ClusternetError, match="rng"):
        qap(g, ok, rng=-1)
    with pytest.raises(ClusternetError, match="n must"):
        qap(g, ok, n=0)
    with pytest.raises(ClusternetError, match="mapping"):
        qap(g, [_qap.same("club")])
    with pytest.raises(ClusternetError, match="empty"):
        qap(g, {})
    with pytest.raises(UnknownAttributeError):
        qap(g, {"x": _qap.same("faction")})
    with pytest.raises(ClusternetError, match="directed graph.*total"):
        qap(g, {"x": _qap.sender("club")})
    asym = np.triu(np.ones((n, n)), 1)
    with pytest.raises(ClusternetError, match="not symmetric"):
        qap(g, {"x": asym})
    with pytest.raises(ClusternetError, match="constant"):
        qap(g, {"x": np.ones((n, n))})
    with pytest.raises(ClusternetError, match="linear combination"):
        m = _qap.same("club").matrix(g, "m")
        qap(g, {"a": m, "b": 1 - m, "c": 2 * m})
    with pytest.raises(ClusternetError, match="not numeric"):
        qap(g, {"x": _qap.difference("club")})
    weighted = cn.from_edgelist(pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"],
                                              "w": [1.0, 2.0, 3.0]}), weight="w")
    with pytest.raises(ClusternetError, match="weight=False"):
        qap(weighted, {"x": np.eye(3)[::-1] + np.eye(3)[::-1].T}, family="logit", weight=True)


def test_a_graph_without_ties_is_refused():
    g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}),
                         actors=pd.DataFrame({"actor": list("abcd")}))
    empty = g.subgraph(["c", "d", "a"])
    with pytest.raises(ClusternetError, match="no ties"):
        qap(empty, {"x": np.ones((3, 3)) - np.eye(3)})


def test_missing_attribute_values_are_refused():
    g = cn.as_graph(nx.karate_club_graph())
    values = g.actors
    values["age"] = np.where(np.arange(g.n_actors) == 3, np.nan, 1.0 + np.arange(g.n_actors))
    h = g.with_attributes(values.reset_index()[["actor", "age"]])
    with pytest.raises(ClusternetError, match="no value of 'age'"):
        qap(h, {"age": _qap.difference("age")})


def test_to_frame_and_repr():
    r = _fit("dir", "qapy", n=9, rng=1)
    df = r.to_frame()
    assert list(df.index) == ["intercept", "x1", "x2", "x3"]
    assert df.attrs["clusternet"]["measure"] == "qap"
    assert df.attrs["clusternet"]["params"]["seed"] == 1
    assert "t" in df.columns and (df["n_valid"] == 9).all()
    assert "QAP-Y" in repr(r) and r.null.shape == (9, 4)
    assert ((r.p_value > 0) & (r.p_value <= 1)).all()
