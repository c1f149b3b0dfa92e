"""cn.inference.backbone: SDSM (BiCM + exact Poisson-binomial tails) and FDSM
(curveball draws), Holm / BH corrections.

Sources of the expected numbers:
- BiCM probabilities: the ``bicm`` package (PyPI bicm 3.4.0), stored with
  the lines that made them; the degree constraints by definition.
- Poisson-binomial tails: exact enumeration of all 2^n outcomes in the
  test, and exact rational sums (``fractions``) for a far tail.
- Holm and BH: R 4.x ``p.adjust`` on the vector below (script in
  ``test_adjust_equals_r_p_adjust``), and the step-down / step-up rules by
  hand.
- FDSM: its draws are those of ``cn.nulls.curveball`` with the child seeds
  (recomputed in the test); its p-values against SDSM's on a random table
  (tolerance stated in the test).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import clusternet as cn
from clusternet._kernels import backbone as kb
from clusternet.errors import ClusternetError
from clusternet.inference._backbone import Backbone, backbone
from clusternet.inference._permutation import _child


def _table(B: np.ndarray) -> pd.DataFrame:
    r, c = np.nonzero(B)
    return pd.DataFrame({"actor": [f"a{i}" for i in r], "event": [f"e{j}" for j in c]})


def _random_incidence(n_rows, n_cols, density, seed):
    rng = np.random.default_rng(seed)
    B = (rng.random((n_rows, n_cols)) < density).astype(np.int64)
    B[B.sum(axis=1) == 0, 0] = 1  # every actor in some event
    return B


def _full_p(B):
    k, s = B.sum(axis=1), B.sum(axis=0)
    ku, su, P, err = kb.bicm(k, s)
    return P[np.searchsorted(ku, k)][:, np.searchsorted(su, s)], err


# --------------------------------------------------------------------- BiCM
#: A 10 x 7 incidence and its BiCM probabilities from the bicm package
#: (PyPI bicm 3.4.0), per row degree (1, 2, 3, 4) and column degree
#: (2, 3, 4, 5, 6), made by:
#:   from bicm import BipartiteGraph
#:   bg = BipartiteGraph(biadjacency=np.array(BICM_B))
#:   bg.solve_tool(method="newton", tol=1e-14); bg.get_bicm_matrix()
BICM_B = [[1, 1, 0, 0, 1, 0, 0], [1, 0, 1, 1, 0, 0, 0], [0, 0, 1, 0, 0, 1, 1],
          [0, 1, 1, 0, 0, 0, 0], [1, 0, 1, 1, 0, 0, 1], [0, 1, 0, 0, 1, 0, 0],
          [0, 0, 0, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 1, 0, 0],
          [0, 0, 1, 0, 1, 0, 0]]
BICM_P = [
    [0.05366671376402783, 0.0914123875158312, 0.13955492453151122, 0.20164190943674093,
     0.2827567527045482],
    [0.1252776469373568, 0.2026065126387193, 0.2905810432323863, 0.3894473031947852,
     0.4988999381256472],
    [0.22010761524196723, 0.33364437698426536, 0.4466466374142139, 0.5569267645818379,
     0.6623835913792364],
    [0.3450349422280171, 0.4830952833154752, 0.6010576980572372, 0.7011545613257757,
     0.7855045337007819],
]


def test_bicm_equals_the_bicm_package():
    B = np.array(BICM_B)
    ku, su, P, err = kb.bicm(B.sum(axis=1), B.sum(axis=0))
    assert err <= 1e-10
    assert ku.tolist() == [1, 2, 3, 4] and su.tolist() == [2, 3, 4, 5, 6]
    np.testing.assert_allclose(P, BICM_P, atol=1e-8, rtol=0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_bicm_meets_the_degree_constraints(seed):
    B = _random_incidence(30, 20, 0.2, seed)
    B[:, 7] = 0
    B[5] = 1  # an actor in every event: p = 1 on its row
    B = np.hstack([B, np.zeros((30, 1), dtype=np.int64)])  # an empty event: p = 0
    P, err = _full_p(B)
    assert err <= 1e-10
    np.testing.assert_allclose(P.sum(axis=1), B.sum(axis=1), atol=1e-9)
    np.testing.assert_allclose(P.sum(axis=0), B.sum(axis=0), atol=1e-9)
    assert np.all(P[5, :-1] == 1.0) and np.all(P[:, -1] == 0.0)


def test_bicm_probabilities_depend_on_degrees_only():
    B = _random_incidence(25, 12, 0.3, 9)
    P, _ = _full_p(B)
    k = B.sum(axis=1)
    same = np.flatnonzero(k == k[0])
    assert np.all(P[same] == P[same[0]])


# --------------------------------------------------------- Poisson-binomial
def _enumerate(probs, w):
    up = lo = 0.0
    for bits in itertools.product((0, 1), repeat=len(probs)):
        pr = float(np.prod(np.where(bits, probs, 1 - probs)))
        x = sum(bits)
        up += pr * (x >= w)
        lo += pr * (x <= w)
    return up, lo


def test_poisson_binomial_tails_equal_exact_enumeration():
    rng = np.random.default_rng(0)
    pi = rng.random((6, 4)) * 0.9
    pi[0, 1] = 0.0
    n = np.array([2, 3, 1, 4])
    for w in range(0, 12):
        up, lo = kb.poisson_binomial_tails(pi, n, np.full(6, w), lower=True)
        for r in range(6):
            eu, el = _enumerate(np.repeat(pi[r], n), w)
            assert up[r] == pytest.approx(eu, abs=1e-14)
            assert lo[r] == pytest.approx(el, abs=1e-14)


def test_poisson_binomial_far_tail_keeps_relative_precision():
    # P(X >= 15) for X ~ Bin(20, 1e-3) + Bin(5, 2e-3), exact in rationals.
    a, b = Fraction(1, 1000), Fraction(2, 1000)

    def pmf(n, p, k):
        return math.comb(n, k) * p**k * (1 - p) ** (n - k)

    exact = sum(pmf(20, a, x) * pmf(5, b, y) for x in range(21) for y in range(6) if x + y >= 15)
    up, _ = kb.poisson_binomial_tails(np.array([[1e-3, 2e-3]]), np.array([20, 5]), np.array([15]))
    assert float(exact) < 1e-30
    assert up[0] == pytest.approx(float(exact), rel=1e-9)


def _pb_by_events(probs, w):
    """P(X >= w), P(X <= w) of a Poisson-binomial by the textbook recursion
    over single trials (no grouping)."""
    f = np.zeros(len(probs) + 1)
    f[0] = 1.0
    for p in probs:
        f[1:] = f[1:] * (1 - p) + f[:-1] * p
        f[0] *= 1 - p
    return f[w:].sum(), f[: w + 1].sum()


def test_sdsm_p_values_equal_the_per_event_computation():
    # backbone groups pairs by degrees and events by size; here each pair's
    # p_ie p_je over the events one by one, from the fitted matrix.
    B = _random_incidence(25, 14, 0.25, 6)
    g = cn.from_affiliations(_table(B))
    P, _ = _full_p(B)
    t = backbone(g, signed=True).ties
    rows = [int(a[1:]) for a in t["source"]], [int(b[1:]) for b in t["target"]]
    for a, b, w, up, lo in zip(*rows, t["weight"], t["p_value"], t["p_lower"]):
        eu, el = _pb_by_events(P[a] * P[b], w)
        assert up == pytest.approx(eu, rel=1e-9, abs=1e-15)
        assert lo == pytest.approx(el, rel=1e-9, abs=1e-15)


# ---------------------------------------------------------- co-occurrence
def test_cooccurring_pairs_equal_the_dense_product():
    B = _random_incidence(20, 15, 0.3, 4)
    Bs = sp.csr_array(B)
    i, j, w = kb.cooccurring_pairs(Bs.indptr, Bs.indices, 15)
    C = B @ B.T
    iu, ju = np.nonzero(np.triu(C, 1))
    np.testing.assert_array_equal(i, iu)
    np.testing.assert_array_equal(j, ju)
    np.testing.assert_array_equal(w, C[iu, ju])


@pytest.mark.parametrize("engine", ["auto", "numpy"])
def test_cooccurrence_of_given_pairs_equals_the_dense_product(engine, monkeypatch):
    # "auto" is the compiled loop when numba is installed, else the numpy path
    monkeypatch.setattr(kb, "ENGINE", engine)
    B = _random_incidence(20, 15, 0.3, 4)
    Bs = sp.csr_array(B)
    C = B @ B.T
    iu, ju = np.triu_indices(20, 1)
    keys = iu * 20 + ju  # every pair, those that share nothing included
    np.testing.assert_array_equal(kb.cooccurrence(Bs.indptr, Bs.indices, 15, keys), C[iu, ju])


# --------------------------------------------------------- corrections
P_RAW = np.array([0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.0001])


def test_adjust_equals_r_p_adjust():
    # R 4.x:  p <- c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.0001)
    #         sprintf("%.17g", p.adjust(p, "holm")); sprintf("%.17g", p.adjust(p, "BH"))
    holm = [0.06, 0.16, 0.15, 0.035, 0.4, 0.16, 0.5, 0.0008]
    bh = [0.026666666666666665, 0.05333333333333333, 0.05333333333333333, 0.02,
          0.22857142857142856, 0.05333333333333333, 0.5, 0.0008]
    np.testing.assert_allclose(kb.adjust(P_RAW, "holm"), holm, rtol=1e-15)
    np.testing.assert_allclose(kb.adjust(P_RAW, "bh"), bh, rtol=1e-15)


def test_adjust_rejects_as_the_step_procedures():
    # Holm by hand: sorted p = .0001 .005 .01 .03 .04 .04 .2 .5 against
    # .05/8 .05/7 .05/6 ...: .0001 and .005 pass, .01 > .00833 stops.
    assert set(np.flatnonzero(kb.adjust(P_RAW, "holm") <= 0.05)) == {7, 3}
    # BH by hand: largest k with p_(k) <= k .05 / 8: k = 3 (.01 <= .01875);
    # k = 4: .03 > .025, k = 6: .04 > .0375.
    assert set(np.flatnonzero(kb.adjust(P_RAW, "bh") <= 0.05)) == {7, 3, 0}
    assert set(np.flatnonzero(kb.adjust(P_RAW, "bh") <= 0.06)) == {7, 3, 0, 2, 1, 5}


# ---------------------------------------------------------------- public
@pytest.fixture(scope="module")
def planted():
    """80 actors, 150 events of 3 random actors each; actors a0 and a1 take
    part together in 15 more events of size 3 with a random third."""
    rng = np.random.default_rng(5)
    B = np.zeros((80, 165), dtype=np.int64)
    for e in range(150):
        B[rng.choice(80, size=3, replace=False), e] = 1
    for e in range(150, 165):
        B[[0, 1, 2 + rng.integers(78)], e] = 1
    return cn.from_affiliations(_table(B))


def test_planted_pair_is_recovered(planted):
    bb = backbone(planted, correction="bh")
    sig = bb.ties[bb.ties["significant"]]
    assert list(zip(sig["source"], sig["target"])) == [("a0", "a1")]
    g = bb.graph
    assert g.n_ties == 1 and g.adjacency[g.positions(["a0"])[0], g.positions(["a1"])[0]] == 15
    # FDSM: no draw reaches 15 shared events, so the pair has the smallest
    # p-value 1 / (n + 1) (too large for BH over 400+ pairs at n = 199).
    fd = backbone(planted, model="fdsm", n=199, rng=1).ties.set_index(["source", "target"])
    assert fd.loc[("a0", "a1"), "p_value"] == 1 / 200
    assert (fd["p_value"] == 1 / 200).sum() <= 10


def test_result_shape_and_graph(planted):
    bb = backbone(planted, signed=True)
    assert isinstance(bb, Backbone)
    assert bb.ties.columns.tolist() == ["source", "target", "weight", "p_value", "p_lower",
                                        "p_adjusted", "p_lower_adjusted", "sign", "significant"]
    assert bb.n_tested == planted.n_ties == len(bb.ties)
    np.testing.assert_array_equal(bb.ties["weight"], planted.ties["weight"])
    # p(X >= w) + p(X <= w) = 1 + P(X = w) >= 1
    assert (bb.ties["p_value"] + bb.ties["p_lower"] >= 1 - 1e-12).all()
    g = bb.graph
    assert g.actor_ids.equals(planted.actor_ids)
    assert g.n_ties == int((bb.ties["sign"] == 1).sum())
    # a measure runs on it: a0 and a1 tie only to each other in the backbone
    c = cn.brokerage.constraint(g, weight=False)
    assert len(c) == planted.n_actors and c["a0"] == pytest.approx(1.0)
    df = bb.to_frame()
    assert df.attrs["clusternet"]["params"]["model"] == "sdsm"
    with pytest.raises(AttributeError):
        bb.alpha = 0.1  # frozen
    assert "Holm" in bb.method and str(bb.n_tested) in bb.method


def test_fdsm_draws_are_those_of_nulls_curveball():
    B = _random_incidence(12, 8, 0.35, 2)
    g = cn.from_affiliations(_table(B))
    bb = backbone(g, model="fdsm", n=7, rng=11, signed=True)
    root = np.random.SeedSequence(11)
    obs = g.ties["weight"].to_numpy()
    ge = np.zeros(len(obs))
    le = np.zeros(len(obs))
    for r in range(7):
        h = cn.nulls.curveball(g, rng=_child(root, r))
        A = h.adjacency
        pos = [(g.positions([s])[0], g.positions([t])[0]) for s, t in
               zip(g.ties["source"], g.ties["target"])]
        x = np.array([A[a, b] for a, b in pos])
        ge += x >= obs
        le += x <= obs
    np.testing.assert_allclose(bb.ties["p_value"], (1 + ge) / 8)
    np.testing.assert_allclose(bb.ties["p_lower"], (1 + le) / 8)
    assert bb.seed == 11 and bb.n == 7


def test_fdsm_seeds_reproducible_and_n_jobs_invariant(planted):
    a = backbone(planted, model="fdsm", n=40, rng=3)
    b = backbone(planted, model="fdsm", n=40, rng=3, n_jobs=2)
    pd.testing.assert_frame_equal(a.ties, b.ties)
    c = backbone(planted, model="fdsm", n=40, rng=np.random.default_rng(3))
    d = backbone(planted, model="fdsm", n=40, rng=c.seed)  # the seed a Generator gave
    pd.testing.assert_frame_equal(c.ties, d.ties)
    assert a.seed == 3


def test_fdsm_agrees_with_sdsm_in_distribution():
    # Different models (degrees kept exactly vs on average), so only
    # approximately equal; measured on this table (368 pairs): mean |diff|
    # 0.031, Spearman 0.985. Tolerances: mean |diff| < 0.06 and rank correlation
    # > 0.9 (the FDSM Monte Carlo SE is at most 0.5 / sqrt(300) = 0.029
    # per p-value, and it averages out over the 200+ pairs).
    B = _random_incidence(40, 30, 0.15, 8)
    g = cn.from_affiliations(_table(B))
    sd = backbone(g).ties["p_value"].to_numpy()
    fd = backbone(g, model="fdsm", n=299, rng=2).ties["p_value"].to_numpy()
    assert len(sd) == 368
    assert np.abs(sd - fd).mean() < 0.06
    assert pd.Series(sd).corr(pd.Series(fd), method="spearman") > 0.9


@settings(max_examples=15, deadline=None)
@given(st.permutations(list(range(16))), st.integers(0, 2**16))
def test_actor_labels_and_order_do_not_matter(perm, seed):
    B = _random_incidence(16, 10, 0.3, seed)
    g = cn.from_affiliations(_table(B))
    h = cn.from_affiliations(_table(B[perm]).replace(
        {"actor": {f"a{i}": f"a{perm[i]}" for i in range(16)}}))
    a = backbone(g, signed=True).ties
    b = backbone(h, signed=True).ties

    def keyed(t):
        k = [tuple(sorted(p)) for p in zip(t["source"], t["target"])]
        return t.assign(key=k).set_index("key").sort_index()[["weight", "p_value", "p_lower"]]

    pd.testing.assert_frame_equal(keyed(a), keyed(b), rtol=1e-9)


def test_participation_weights_are_ignored():
    t = _table(_random_incidence(10, 6, 0.4, 1))
    t["w"] = np.arange(1, len(t) + 1, dtype=float)
    a = backbone(cn.from_affiliations(t)).ties
    b = backbone(cn.from_affiliations(t, weight="w", projection="newman")).ties
    pd.testing.assert_frame_equal(a, b)


def test_no_pair_to_test():
    g = cn.from_affiliations(pd.DataFrame({"actor": ["a", "b", "c"], "event": [1, 2, 3]}))
    for model in ("sdsm", "fdsm"):
        bb = backbone(g, model=model, n=5, rng=0, signed=True)
        assert bb.n_tested == 0 and len(bb.ties) == 0
        assert bb.graph.n_actors == 3 and bb.graph.n_ties == 0


def test_bad_input_is_refused(planted):
    edges = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    with pytest.raises(ClusternetError, match="from_affiliations"):
        backbone(edges)
    for kw, what in ((dict(model="hyper"), "model"), (dict(correction="bonferroni"), "correction"),
                     (dict(alpha=0), "alpha"), (dict(alpha=1.5), "alpha"),
                     (dict(alpha=True), "alpha"), (dict(signed=1), "signed"),
                     (dict(n=0), "n"), (dict(rng=-1), "rng"), (dict(rng=1.5), "rng"),
                     (dict(n_jobs=0), "n_jobs")):
        with pytest.raises(ClusternetError, match=what):
            backbone(planted, **kw)
