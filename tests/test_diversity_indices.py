"""Diversity index functions: known answers, R references, properties, errors.

Sources of the expected numbers:

- METRICS.md ("Diversity", checked values: Hill numbers of [30,1,1,1,1,1]
  and [6,6,6,6,6,5]);
- R 4.2.2 with vegan 2.6.4: ``diversity(x, "shannon" | "simpson" |
  "invsimpson")`` and ``renyi(x, scales = q, hill = TRUE)``, stored in
  ``tests/data/diversity_vegan.csv`` by ``tests/data/diversity_vegan.R``;
- the same script's explicit-loop R transcription of Rao-Stirling, true
  diversity and Leinster-Cobbold (``tests/data/diversity_similarity.csv``);
- hand computation where a test says so.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from clusternet import ClusternetError
from clusternet import diversity as dv

DATA = Path(__file__).parent / "data"

# The disparity of diversity_similarity.csv (its R script, `d4`).
D4 = np.array([[0, .2, .9, 1], [.2, 0, .7, .8], [.9, .7, 0, .3], [1, .8, .3, 0]])


def _vegan() -> pd.DataFrame:
    return pd.read_csv(DATA / "diversity_vegan.csv", dtype={"value": float})


def _counts(text: str) -> np.ndarray:
    return np.array([float(x) for x in text.split()])


# ------------------------------------------------------------ known answers
class TestMetricsChecked:
    """The checked values of METRICS.md, section Diversity."""

    @pytest.mark.parametrize(
        "counts, d1, dinf",
        [([30, 1, 1, 1, 1, 1], 1.90, 1.17), ([6, 6, 6, 6, 6, 5], 5.99, 5.83)],
    )
    def test_hill(self, counts, d1, dinf):
        assert round(dv.hill(counts, q=1), 2) == d1
        assert round(dv.hill(counts, q=np.inf), 2) == dinf
        assert dv.hill(counts, q=0) == 6.0

    def test_one_is_exp_shannon(self):
        x = [30, 1, 1, 1, 1, 1]
        assert dv.hill(x, q=1) == pytest.approx(np.exp(dv.shannon(x)), rel=1e-15)

    def test_true_diversity_is_leinster_cobbold_q2(self):
        x = pd.Series([10, 5, 3, 2], index=list("abcd"))
        d = pd.DataFrame(D4, index=list("abcd"), columns=list("abcd"))
        assert dv.true_diversity(x, d) == pytest.approx(
            dv.leinster_cobbold(x, 1 - d, q=2), rel=1e-14
        )


class TestVegan:
    """Every row of diversity_vegan.csv (R vegan 2.6.4)."""

    @pytest.mark.parametrize("row", list(_vegan().itertuples(index=False)),
                             ids=lambda r: f"{r.vector}-{r.measure}")
    def test_value(self, row):
        x = _counts(row.counts)
        if row.measure == "shannon":
            got = dv.shannon(x)
        elif row.measure == "simpson":
            got = dv.blau(x)
        elif row.measure == "invsimpson":
            got = dv.hill(x, q=2)
        else:
            got = dv.hill(x, q=float(row.measure.split("_")[1]))
        assert got == pytest.approx(row.value, rel=1e-13, abs=1e-15)

    def test_rows_vectorised_equal_one_by_one(self):
        ref = _vegan()
        vecs = ref.drop_duplicates("vector")
        k = max(len(_counts(c)) for c in vecs["counts"])
        M = np.zeros((len(vecs), k))
        for r, c in enumerate(vecs["counts"]):
            x = _counts(c)
            M[r, : len(x)] = x
        frame = pd.DataFrame(M, index=vecs["vector"].to_numpy())
        got = dv.shannon(frame)
        want = ref[ref.measure == "shannon"].set_index("vector")["value"]
        np.testing.assert_allclose(got.loc[want.index], want, rtol=1e-13, atol=1e-15)
        got = dv.hill(sp.csr_array(M), q=np.inf)
        want = ref[ref.measure == "hill_Inf"]["value"].to_numpy()
        np.testing.assert_allclose(got.to_numpy(), want, rtol=1e-13)

    @pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed")
    def test_stored_data_is_what_the_script_makes(self, tmp_path):
        """Re-run the R script and compare with the stored files (skipped without
        R and vegan)."""
        ok = subprocess.run(
            ["Rscript", "-e", "quit(status = !requireNamespace('vegan', quietly = TRUE))"],
            capture_output=True, check=False,
        )
        if ok.returncode:
            pytest.skip("R package vegan is not installed")
        subprocess.run(["Rscript", str(DATA / "diversity_vegan.R"), str(tmp_path)], check=True,
                       capture_output=True, timeout=120)
        for name in ("diversity_vegan.csv", "diversity_similarity.csv"):
            new = pd.read_csv(tmp_path / name)
            old = pd.read_csv(DATA / name)
            pd.testing.assert_frame_equal(new, old, rtol=1e-15)


class TestSimilarityReference:
    """diversity_similarity.csv: the R transcription of the formulas."""

    @pytest.mark.parametrize(
        "row", list(pd.read_csv(DATA / "diversity_similarity.csv").itertuples(index=False)),
        ids=lambda r: f"{r.case}-{r.measure}",
    )
    def test_value(self, row):
        x = _counts(row.counts)
        m = row.measure
        if m.startswith("rao_"):
            _, a, b = m.split("_")
            got = dv.rao_stirling(x, D4, alpha=float(a), beta=float(b))
        elif m == "true_diversity":
            got = dv.true_diversity(x, D4)
        else:
            got = dv.leinster_cobbold(x, 1 - D4, q=float(m.split("_")[1]))
        assert got == pytest.approx(row.value, rel=1e-13, abs=1e-15)


class TestByHand:
    def test_rao_ordered_pairs(self):
        # two categories, p = (1/2, 1/2), d = 0.4: ordered pairs give
        # 2 * 0.4 * 1/4 = 0.2 (summing i < j only would give 0.1)
        d = np.array([[0, .4], [.4, 0]])
        assert dv.rao_stirling([1, 1], d) == pytest.approx(0.2)

    def test_rao_with_unit_disparity_is_blau(self):
        x = [5, 3, 0, 2]
        d = 1 - np.eye(4)
        assert dv.rao_stirling(x, d) == pytest.approx(dv.blau(x), rel=1e-14)
        assert dv.true_diversity(x, d) == pytest.approx(dv.hill(x, q=2), rel=1e-14)

    def test_leinster_cobbold_identity_is_hill(self):
        x = [5, 3, 0, 2, 9]
        for q in (0, 0.3, 1, 1 + 1e-9, 2, 7.5, np.inf):
            assert dv.leinster_cobbold(x, np.eye(5), q=q) == pytest.approx(
                dv.hill(x, q=q), rel=1e-12
            )

    def test_leinster_cobbold_all_similar_is_one(self):
        for q in (0, 1, 2, np.inf):
            assert dv.leinster_cobbold([4, 1, 7], np.ones((3, 3)), q=q) == pytest.approx(1.0)

    def test_blau_and_shannon_values(self):
        assert dv.blau([1, 1, 1, 1]) == pytest.approx(0.75)
        assert dv.shannon([1, 1, 1, 1], base=2) == pytest.approx(2.0)
        assert dv.shannon([1, 0, 1], base=np.e) == pytest.approx(np.log(2))
        assert dv.richness([0.2, 0, 0.8]) == 2.0

    def test_single_category(self):
        for f in (dv.blau, dv.shannon):
            value = f([0, 4, 0])
            assert value == 0.0 and not np.signbit(value)
        assert dv.hill([0, 4, 0], q=2) == 1.0
        assert dv.rao_stirling([0, 4, 0], 1 - np.eye(3)) == 0.0


# ---------------------------------------------------------- numerics of q
class TestOrders:
    def test_limit_at_one_is_continuous(self):
        x = np.array([30, 1, 1, 1, 1, 1, 5, 9])
        d1 = dv.hill(x, q=1)
        for eps in (1e-3, 1e-6, 1e-9, 1e-12):
            assert dv.hill(x, q=1 + eps) == pytest.approx(d1, rel=5 * eps)
            assert dv.hill(x, q=1 - eps) == pytest.approx(d1, rel=5 * eps)

    def test_large_order_tends_to_berger_parker(self):
        x = [7, 3, 2]
        assert dv.hill(x, q=1e4) == pytest.approx(dv.hill(x, q=np.inf), rel=1e-3)
        assert np.isfinite(dv.hill(x, q=1e6))
        # p**500 underflows to 0 in a naive sum; the log-space sum does not
        big = np.arange(1, 5001, dtype=float)
        d500 = dv.hill(big, q=500)
        assert dv.hill(big, q=np.inf) <= d500 <= dv.hill(big, q=2)
        p = big / big.sum()
        assert np.sum(p**500) == 0.0  # the naive formula would give inf
        # by hand in log space: (q/(1-q)) ln pmax + ln(sum (p/pmax)^q)/(1-q)
        want = np.exp((500 * np.log(p.max()) + np.log(np.sum((p / p.max()) ** 500))) / -499)
        assert d500 == pytest.approx(want, rel=1e-12)

    def test_small_proportions_small_order(self):
        x = np.r_[1e6, np.ones(1000)]
        want = (np.sum((x / x.sum()) ** 0.01)) ** (1 / 0.99)
        assert dv.hill(x, q=0.01) == pytest.approx(want, rel=1e-12)


# --------------------------------------------------------- input handling
class TestInputs:
    def test_types_give_same_number(self):
        x = [3, 0, 1, 5]
        want = dv.blau(x)
        assert dv.blau(np.array(x)) == want
        assert dv.blau(pd.Series(x, index=list("abcd"))) == want
        assert dv.blau({"a": 3, "b": 0, "c": 1, "d": 5}) == want
        assert dv.blau(np.array(x) / 9) == pytest.approx(want, rel=1e-15)

    def test_frame_gives_labelled_series(self):
        df = pd.DataFrame({"art": [2, 0, 0], "tech": [2, 3, 0]},
                          index=pd.Index(["t1", "t2", "t3"], name="team"))
        s = dv.hill(df, q=2)
        assert list(s.index) == ["t1", "t2", "t3"] and s.index.name == "team"
        assert s.name == "hill"
        assert s.iloc[0] == 2.0 and s.iloc[1] == 1.0 and np.isnan(s.iloc[2])
        assert s.attrs["clusternet"]["measure"] == "diversity.hill"
        assert s.attrs["clusternet"]["params"] == {"q": 2.0}

    def test_array_2d_and_sparse(self):
        M = np.array([[1, 1, 0], [0, 0, 0], [4, 0, 4]])
        a = dv.shannon(M)
        b = dv.shannon(sp.csr_matrix(M))
        pd.testing.assert_series_equal(a, b)
        assert list(a.index) == [0, 1, 2]
        assert np.isnan(a[1])

    def test_explicit_zeros_in_sparse_are_dropped(self):
        X = sp.csr_array((np.array([2.0, 0.0, 2.0]), np.array([0, 1, 2]),
                          np.array([0, 3])), shape=(1, 3))
        assert dv.richness(X).iloc[0] == 2.0

    def test_all_zero_and_empty_are_nan(self):
        for f in (dv.richness, dv.shannon, dv.blau, functools.partial(dv.hill, q=2)):
            assert np.isnan(f([0, 0, 0]))
            assert np.isnan(f([]))
        assert np.isnan(dv.rao_stirling([0, 0], np.zeros((2, 2))))
        assert np.isnan(dv.leinster_cobbold([0, 0], np.eye(2), q=1))
        assert len(dv.blau(pd.DataFrame({"a": []}))) == 0

    @pytest.mark.parametrize("bad, word", [
        ([1, -1, 2], "negative"), ([1, np.nan], "NaN"), ([1, np.inf], "infinite"),
    ])
    def test_bad_counts(self, bad, word):
        with pytest.raises(ClusternetError, match=word):
            dv.blau(bad)

    def test_bad_count_is_located(self):
        df = pd.DataFrame({"art": [1, 2], "tech": [3, -4]}, index=["t1", "t2"])
        with pytest.raises(ClusternetError, match=r"unit 't2' and category 'tech'"):
            dv.shannon(df)

    def test_non_numeric(self):
        with pytest.raises(ClusternetError):
            dv.blau(["a", "b"])
        with pytest.raises(ClusternetError, match="column"):
            dv.blau(pd.DataFrame({"n": [1], "label": ["x"]}))
        with pytest.raises(ClusternetError):
            dv.blau(np.ones((2, 2, 2)))

    @pytest.mark.parametrize("q", [-1, np.nan, "2", True])
    def test_bad_order(self, q):
        with pytest.raises(ClusternetError, match="q must be"):
            dv.hill([1, 2], q=q)

    @pytest.mark.parametrize("base", [0, 1, -2, "e"])
    def test_bad_base(self, base):
        with pytest.raises(ClusternetError, match="base"):
            dv.shannon([1, 2], base=base)

    def test_bad_exponents(self):
        with pytest.raises(ClusternetError, match="alpha"):
            dv.rao_stirling([1, 1], 1 - np.eye(2), alpha=-1)
        with pytest.raises(ClusternetError, match="beta"):
            dv.rao_stirling([1, 1], 1 - np.eye(2), beta=np.inf)


class TestDisparityValidation:
    cats = ("art", "design", "tech")

    def frame(self, m):
        return pd.DataFrame(m, index=list(self.cats), columns=list(self.cats))

    def test_label_alignment_and_order(self):
        d = self.frame([[0, .2, 1], [.2, 0, .8], [1, .8, 0]])
        x = pd.Series({"tech": 2, "art": 1})
        shuffled = d.loc[["tech", "art", "design"], ["design", "tech", "art"]]
        assert dv.rao_stirling(x, d) == pytest.approx(2 * 1.0 * (2 / 3) * (1 / 3))
        assert dv.rao_stirling(x, shuffled) == dv.rao_stirling(x, d)

    def test_extra_categories_in_disparity_are_fine(self):
        d = self.frame([[0, .2, 1], [.2, 0, .8], [1, .8, 0]])
        assert dv.rao_stirling(pd.Series({"art": 1, "design": 1}), d) == pytest.approx(0.1)

    def test_missing_categories_are_named(self):
        d = self.frame([[0, .2, 1], [.2, 0, .8], [1, .8, 0]])
        x = pd.Series({"art": 1, "music": 2, "film": 1, "tech": 0, "dance": 0})
        with pytest.raises(ClusternetError, match=r"\['music', 'film'\]"):
            dv.rao_stirling(x, d)
        # absent (zero) categories need no disparity
        assert dv.rao_stirling(pd.Series({"art": 1, "music": 0}), d) == 0.0

    @pytest.mark.parametrize("m, word", [
        ([[0, .2, 1], [.3, 0, .8], [1, .8, 0]], "symmetric"),
        ([[0.1, .2, 1], [.2, 0, .8], [1, .8, 0]], "diagonal"),
        ([[0, 2, 1], [2, 0, .8], [1, .8, 0]], r"\[0, 1\]"),
        ([[0, -.2, 1], [-.2, 0, .8], [1, .8, 0]], r"\[0, 1\]"),
        ([[0, np.inf, 1], [np.inf, 0, .8], [1, .8, 0]], "infinite"),
    ])
    def test_invalid(self, m, word):
        with pytest.raises(ClusternetError, match=word):
            dv.rao_stirling(pd.Series({"art": 1, "tech": 1}), self.frame(m))

    def test_nan_between_present_categories(self):
        d = self.frame([[0, np.nan, 1], [np.nan, 0, .8], [1, .8, 0]])
        assert dv.rao_stirling(pd.Series({"art": 1, "tech": 1}), d) == 0.5
        with pytest.raises(ClusternetError, match="'art' and 'design'"):
            dv.rao_stirling(pd.Series({"art": 1, "design": 1}), d)

    def test_not_square_or_mismatched_labels(self):
        with pytest.raises(ClusternetError, match="square"):
            dv.rao_stirling([1, 1], np.zeros((2, 3)))
        with pytest.raises(ClusternetError, match="one side"):
            dv.rao_stirling(pd.Series({"a": 1}),
                            pd.DataFrame([[0]], index=["a"], columns=["b"]))
        with pytest.raises(ClusternetError, match="2 x 2"):
            dv.rao_stirling([1, 1], np.zeros((3, 3)))

    def test_labelled_disparity_needs_labelled_counts(self):
        d = self.frame(1 - np.eye(3))
        with pytest.raises(ClusternetError, match="labelled"):
            dv.rao_stirling([1, 1, 1], d)

    def test_similarity_checks(self):
        with pytest.raises(ClusternetError, match="diagonal"):
            dv.leinster_cobbold([1, 1], np.zeros((2, 2)), q=1)
        # an asymmetric similarity is allowed (Leinster & Cobbold 2012)
        Z = np.array([[1, .2], [.6, 1]])
        p = np.array([.5, .5])
        zp = Z @ p
        assert dv.leinster_cobbold([1, 1], Z, q=2) == pytest.approx(1 / (p @ zp))


# ------------------------------------------------------------- properties
count_vectors = hnp.arrays(
    np.float64, st.integers(1, 8),
    elements=st.one_of(st.just(0.0), st.floats(0.01, 1e4)),
).filter(lambda x: x.sum() > 0)


@settings(max_examples=40)
@given(count_vectors, st.randoms(use_true_random=False))
def test_permuting_categories_changes_nothing(x, rnd):
    perm = list(range(len(x)))
    rnd.shuffle(perm)
    y = x[perm]
    D = np.array([[abs(i - j) / len(x) for j in range(len(x))] for i in range(len(x))])
    Dp = D[np.ix_(perm, perm)]
    for f in (dv.richness, dv.shannon, dv.blau):
        assert f(y) == pytest.approx(f(x), rel=1e-12, abs=1e-14)
    for q in (0, 0.5, 1, 2, np.inf):
        assert dv.hill(y, q=q) == pytest.approx(dv.hill(x, q=q), rel=1e-12)
        assert dv.leinster_cobbold(y, 1 - Dp, q=q) == pytest.approx(
            dv.leinster_cobbold(x, 1 - D, q=q), rel=1e-12)
    assert dv.rao_stirling(y, Dp) == pytest.approx(dv.rao_stirling(x, D), rel=1e-12, abs=1e-15)


@settings(max_examples=40)
@given(count_vectors)
def test_hill_non_increasing_in_q_and_bounded(x):
    qs = [0, 0.25, 0.5, 0.99, 1, 1.01, 2, 3, 10, np.inf]
    values = [dv.hill(x, q=q) for q in qs]
    assert all(a >= b * (1 - 1e-12) for a, b in itertools.pairwise(values))
    assert values[-1] >= 1 - 1e-12
    assert values[0] == np.count_nonzero(x)


@settings(max_examples=30)
@given(count_vectors, st.floats(0.1, 1e3))
def test_scale_invariance_and_zero_padding(x, c):
    padded = np.r_[x, 0.0, 0.0]
    for f in (dv.shannon, dv.blau, functools.partial(dv.hill, q=1.7)):
        assert f(x * c) == pytest.approx(f(x), rel=1e-12, abs=1e-14)
        assert f(padded) == pytest.approx(f(x), rel=1e-12, abs=1e-14)


@settings(max_examples=30)
@given(count_vectors, st.integers(0, 2**32 - 1))
def test_true_diversity_equals_lc2_random_disparity(x, seed):
    rng = np.random.default_rng(seed)
    k = len(x)
    D = rng.uniform(0, 1, (k, k))
    D = (D + D.T) / 2
    np.fill_diagonal(D, 0)
    assert dv.true_diversity(x, D) == pytest.approx(dv.leinster_cobbold(x, 1 - D, q=2), rel=1e-12)
    # Rao's Q never exceeds Blau's index when d <= 1
    assert dv.rao_stirling(x, D) <= dv.blau(x) + 1e-12


@settings(max_examples=20)
@given(hnp.arrays(np.float64, (5, 4), elements=st.one_of(st.just(0.0), st.floats(0.5, 50))))
def test_rows_equal_one_by_one(M):
    for f in (dv.shannon, dv.blau, functools.partial(dv.hill, q=0.5),
              functools.partial(dv.rao_stirling, disparity=1 - np.eye(4)),
              functools.partial(dv.leinster_cobbold, similarity=np.full((4, 4), .5)
                                + .5 * np.eye(4), q=3)):
        s = f(M)
        for r in range(5):
            one = f(M[r])
            assert (np.isnan(one) and np.isnan(s[r])) or s[r] == pytest.approx(one, rel=1e-12)
