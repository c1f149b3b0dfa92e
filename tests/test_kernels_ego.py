"""The ego sums read one block of actors at a time (issue 17: bounded
memory): every block size gives the same bits, and the sums equal slow
references written from the formulas.

References (one Python loop per ego over its stored entries):

- category sums ``x_ic = sum_{j: c_j = c} w_ij`` (``w_ij`` the tie weight,
  or 1 per non-zero weight), cells summing to zero left out -- the count
  matrix of ego diversity (METRICS.md "Diversity") and of the
  participation coefficient;
- E-I sums ``E_i = sum_{j: c_j != c_i} w_ij``, ``I_i = sum_{j: c_j = c_i}
  w_ij`` over the ties of ``i`` (directed: arcs sent and received;
  Krackhardt & Stern 1988);
- Guimerà & Amaral (2005): ``P_i = 1 - sum_s (kappa_is / k_i)^2`` and
  ``z_i = (kappa_{i s_i} - mean_{s_i}) / sd_{s_i}`` (population SD over the
  members of the module);
- the mixing matrix: ``M[x, y]`` = weight of the entries from group x to
  group y, the diagonal halved when undirected.

The blocks are forced small with ``monkeypatch`` on
``_kernels.diversity.BLOCK_ENTRIES`` (and ``BLOCK_CELLS``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from helpers import memory_test_graph, traced_peak
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


import clusternet as cn
from clusternet._kernels import diversity as kern
from clusternet._kernels import mixing as mx
from clusternet.diversity import _graph, _measure, _permutation

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BLOCKS = [1, 2, 3, 7, 1 << 20]


def _graph_arrays(seed: int, n: int, density: float, *, directed: bool,
                  zeros: bool = False) -> sp.csr_array:
    """A random adjacency, symmetric unless directed, weights integers and
    fractions (sums in another order would differ in the last bits), with
    some explicit zeros when ``zeros``."""
    rng = np.random.default_rng(seed)
    W = rng.choice([1.0, 2.0, 0.5, 1.7, 3.25, 0.1], size=(n, n))
    W *= rng.random((n, n)) < density
    np.fill_diagonal(W, 0.0)
    if not directed:
        W = np.triu(W, 1)
        W = W + W.T
    A = sp.csr_array(W)
    A.sort_indices()
    if zeros and A.nnz:
        A.data[rng.random(A.nnz) < 0.2] = 0.0  # stored, but no tie
    return A


graphs = st.builds(
    lambda seed, n, density, directed: (seed, n, density, directed),
    st.integers(0, 2**32 - 1), st.integers(1, 14), st.sampled_from([0.1, 0.3, 0.7]),
    st.booleans(),
)


def ref_category_sums(A: sp.csr_array, codes, k: int, binary: bool) -> np.ndarray:
    out = np.zeros((A.shape[0], k))
    for i in range(A.shape[0]):
        for a in range(A.indptr[i], A.indptr[i + 1]):
            c = codes[A.indices[a]]
            if c >= 0:
                w = A.data[a]
                out[i, c] += (1.0 if w != 0 else 0.0) if binary else w
    return out


def _same(a: sp.csr_array, b: sp.csr_array) -> None:
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.data, b.data)  # bit for bit


# --------------------------------------------------------------- category sums
@FAST
@given(graphs, st.integers(1, 6), st.booleans(), st.sampled_from(["dense", "sparse"]))
def test_category_sums_any_blocks(case, k, binary, method):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed, zeros=True)
    codes = np.random.default_rng(seed + 1).integers(-1, k, n)
    want = ref_category_sums(A, codes, k, binary)
    results = []
    for block in BLOCKS:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(kern, "BLOCK_ENTRIES", block)
            mp.setattr(kern, "BLOCK_CELLS", 5)
            mp.setattr(kern, "OFFSETS_KEPT", 0 if block % 2 else 1 << 23)  # kept or not
            product = kern.OneHotProduct(A.indptr, A.indices, A.data, k, method=method,
                                         binary=binary)
            spans = [(lo, hi) for lo, hi, _ in product.blocks(codes)]
            X = product(codes)
        # consecutive blocks covering every row, each within the budget or one row
        assert [lo for lo, _ in spans] == [0] + [hi for _, hi in spans[:-1]]
        assert spans[-1][1] == n
        for lo, hi in spans:
            assert A.indptr[hi] - A.indptr[lo] <= block or hi == lo + 1
        results.append(X)
    np.testing.assert_allclose(results[0].toarray(), want, rtol=1e-13)
    assert not (results[0].data == 0).any()  # a zero sum is not stored
    for X in results[1:]:
        _same(X, results[0])


def test_dense_and_sparse_methods_same_bits():
    A = _graph_arrays(3, 60, 0.3, directed=False)
    codes = np.random.default_rng(4).integers(-1, 9, 60)
    for binary in (False, True):
        dense = kern.OneHotProduct(A.indptr, A.indices, A.data, 9, method="dense",
                                   binary=binary)(codes)
        sparse = kern.OneHotProduct(A.indptr, A.indices, A.data, 9, method="sparse",
                                    binary=binary)(codes)
        _same(dense, sparse)


# ----------------------------------------------------------------------- E-I
def ref_actor_ei(A: sp.csr_array, codes, directed: bool, weighted: bool):
    n = A.shape[0]
    ext, inn = np.zeros(n), np.zeros(n)
    for i in range(n):
        for a in range(A.indptr[i], A.indptr[i + 1]):
            j = A.indices[a]
            w = A.data[a] if weighted else 1.0
            ends = (i, j) if directed else (i,)  # undirected: the tie is stored at j too
            for e in ends:
                if codes[i] == codes[j]:
                    inn[e] += w
                else:
                    ext[e] += w
    return ext, inn


@FAST
@given(graphs, st.integers(1, 4), st.booleans())
def test_actor_ei_any_blocks(case, k, weighted):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed)
    codes = np.random.default_rng(seed + 2).integers(0, k, n)
    data = A.data if weighted else None
    results = []
    for block in BLOCKS:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(kern, "BLOCK_ENTRIES", block)
            results.append(mx.actor_ei_from_csr(A.indptr, A.indices, codes, directed=directed,
                                                data=data))
    r_ext, r_inn = ref_actor_ei(A, codes, directed, weighted)
    np.testing.assert_allclose(results[0][0], r_ext, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(results[0][1], r_inn, rtol=1e-12, atol=1e-12)
    for ext, inn in results[1:]:
        np.testing.assert_array_equal(ext, results[0][0])
        np.testing.assert_array_equal(inn, results[0][1])


# --------------------------------------------------------------- mixing matrix
@FAST
@given(graphs, st.integers(1, 4), st.booleans())
def test_mixing_matrix_any_blocks(case, k, weighted):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed)
    codes = np.random.default_rng(seed + 3).integers(0, k, n)
    data = A.data if weighted else None
    want = np.zeros((k, k))
    for i in range(n):
        for a in range(A.indptr[i], A.indptr[i + 1]):
            want[codes[i], codes[A.indices[a]]] += A.data[a] if weighted else 1.0
    if not directed:
        want[np.diag_indices(k)] /= 2.0
    results = []
    for block in (4, 8, 13, 1 << 20):  # 13: read 12 entries at a time
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(mx, "_BLOCK", 4)  # the weighted partial sums: 4 entries each
            mp.setattr(kern, "BLOCK_ENTRIES", block)
            results.append(mx.mixing_from_csr(A.indptr, A.indices, codes, k,
                                              directed=directed, data=data))
    np.testing.assert_allclose(results[0], want, rtol=1e-12, atol=1e-12)
    for M in results[1:]:
        np.testing.assert_array_equal(M, results[0])


@FAST
@given(graphs, st.integers(1, 4))
def test_nominal_assortativity_any_blocks(case, k):
    """Exact counts: the same value whatever the blocks, and the value of
    its mixing matrix (Newman 2003, eq. 2)."""
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed)
    codes = np.random.default_rng(seed + 5).integers(0, k, n)
    want = mx.assortativity_from_mixing(
        mx.mixing_from_csr(A.indptr, A.indices, codes, k, directed=directed),
        directed=directed)
    for block in BLOCKS:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(kern, "BLOCK_ENTRIES", block)
            got = mx.nominal_assortativity_csr(A.indptr, A.indices, codes, k,
                                               directed=directed)
        np.testing.assert_array_equal(got, want)


# -------------------------------------------------------------- participation
def ref_participation(A: sp.csr_array, modules, binary: bool):
    n = A.shape[0]
    kappa = [dict() for _ in range(n)]
    for i in range(n):
        if modules[i] < 0:
            continue
        for a in range(A.indptr[i], A.indptr[i + 1]):
            s = modules[A.indices[a]]
            if s >= 0:
                w = (1.0 if A.data[a] != 0 else 0.0) if binary else A.data[a]
                kappa[i][s] = kappa[i].get(s, 0.0) + w
    P = np.full(n, np.nan)
    own = np.zeros(n)
    for i in range(n):
        if modules[i] < 0:
            continue
        k_i = math.fsum(kappa[i].values())
        if k_i > 0:
            P[i] = 1.0 - math.fsum((x / k_i) ** 2 for x in kappa[i].values())
        own[i] = kappa[i].get(modules[i], 0.0)
    z = np.full(n, np.nan)
    for s in set(int(m) for m in modules if m >= 0):
        members = [i for i in range(n) if modules[i] == s]
        x = [own[i] for i in members]
        if max(x) == min(x):
            continue
        mean = math.fsum(x) / len(x)
        sd = math.sqrt(math.fsum((v - mean) ** 2 for v in x) / len(x))
        for i in members:
            z[i] = (own[i] - mean) / sd
    return P, z


@FAST
@given(graphs, st.integers(1, 4), st.booleans())
def test_participation_any_blocks(case, k, binary):
    seed, n, density, _ = case
    A = _graph_arrays(seed, n, density, directed=False)
    modules = np.random.default_rng(seed + 4).integers(-1, k, n)
    results = []
    for block in BLOCKS:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(kern, "BLOCK_ENTRIES", block)
            results.append(mx.participation_from_csr(A.indptr, A.indices, A.data, modules,
                                                     binary=binary))
    P, z = ref_participation(A, modules, binary)
    np.testing.assert_allclose(results[0][0], P, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(results[0][1], z, rtol=1e-9, atol=1e-9)
    for got_P, got_z in results[1:]:
        np.testing.assert_array_equal(got_P, results[0][0])
        np.testing.assert_array_equal(got_z, results[0][1])


# ------------------------------------------------------- the public measures
def _public_graph(directed: bool) -> cn.CollaborationGraph:
    rng = np.random.default_rng(11)
    n = 80
    src, dst = rng.integers(0, n, 600), rng.integers(0, n, 600)
    keep = src != dst
    ties = pd.DataFrame({"source": src[keep], "target": dst[keep],
                         "weight": rng.choice([1.0, 2.0, 0.5, 1.7], keep.sum())})
    ties = ties.drop_duplicates(["source", "target"])
    actors = pd.DataFrame({"actor": np.arange(n),
                           "sector": rng.choice(list("abcdefgh"), n),
                           "city": rng.choice(["x", "y", None], n)})
    return cn.from_edgelist(ties, actors=actors, directed=directed, weight="weight")


def _disparity():
    labels = list("abcdefgh")
    D = np.random.default_rng(2).uniform(0, 1, (8, 8))
    D = (D + D.T) / 2
    np.fill_diagonal(D, 0)
    return pd.DataFrame(D, index=labels, columns=labels)


@pytest.mark.parametrize("directed", [False, True])
def test_public_measures_same_bits_whatever_the_blocks(directed, monkeypatch):
    g = _public_graph(directed)
    D = _disparity()
    calls = {
        "blau": lambda: cn.diversity.ego(g, "sector"),
        "blau weighted": lambda: cn.diversity.ego(g, "sector", weight=True),
        "shannon": lambda: cn.diversity.ego(g, "sector", measure="shannon"),
        "rao": lambda: cn.diversity.ego(g, "sector", measure="rao_stirling", disparity=D),
        "lc": lambda: cn.diversity.ego(g, "sector", measure="leinster_cobbold",
                                       similarity=1 - D, q=2.0),
        "drop": lambda: cn.diversity.ego(g, "city", missing="drop"),
        "ei": lambda: cn.convergence.ei_index(g, "sector", level="actor"),
        "ei weighted": lambda: cn.convergence.ei_index(g, "sector", level="actor",
                                                       weight=True),
        "participation": lambda: cn.brokerage.participation(g, "sector"),
        "participation weighted": lambda: cn.brokerage.participation(g, "sector",
                                                                     weight=True),
    }
    whole = {name: f() for name, f in calls.items()}
    monkeypatch.setattr(kern, "BLOCK_ENTRIES", 40)  # about 30 blocks
    for name, f in calls.items():
        got = f()
        if isinstance(got, pd.DataFrame):
            pd.testing.assert_frame_equal(got, whole[name], check_exact=True)
        else:
            pd.testing.assert_series_equal(got, whole[name], check_exact=True)


def test_ego_blau_from_the_formula():
    """Blau's index of each actor's contacts, each counted once:
    ``1 - sum_c (n_ic / n_i)^2`` (Blau 1977), by a loop over the ties."""
    g = _public_graph(False)
    A = g.adjacency
    sector = g.attribute("sector").to_numpy()
    want = []
    for i in range(g.n_actors):
        cats = [sector[j] for j in A.indices[A.indptr[i]:A.indptr[i + 1]]]
        if not cats:
            want.append(np.nan)
            continue
        shares = [cats.count(c) / len(cats) for c in set(cats)]
        want.append(1 - math.fsum(p * p for p in shares))
    np.testing.assert_allclose(cn.diversity.ego(g, "sector").to_numpy(), want, rtol=1e-12)


def test_disparity_checked_on_every_category_present_before_the_blocks(monkeypatch):
    """A disparity missing a category present among the contacts is refused
    whatever the blocks, naming every missing category (not only those of
    the first block)."""
    g = _public_graph(False)
    D = _disparity().drop(index=["g", "h"], columns=["g", "h"])
    messages = []
    for block in (1 << 20, 1):
        monkeypatch.setattr(kern, "BLOCK_ENTRIES", block)
        with pytest.raises(cn.ClusternetError) as err:
            cn.diversity.ego(g, "sector", measure="rao_stirling", disparity=D)
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "'g'" in messages[0] and "'h'" in messages[0]


def test_permutation_kernel_equals_the_measure(monkeypatch):
    """The label permutation kernel of ego diversity gives the measure of
    the graph with the permuted attribute, bit for bit, whatever the blocks."""
    g = _public_graph(False)
    monkeypatch.setattr(kern, "BLOCK_ENTRIES", 5)
    kernel = _permutation.ego_permutation(g, "sector", measure="shannon")
    perm = np.random.default_rng(0).permutation(g.n_actors)
    sector = g.attribute("sector")
    h = g.with_attributes(sector.iloc[perm].set_axis(sector.index).to_frame())
    np.testing.assert_array_equal(kernel.statistic(kernel.values[perm]),
                                  cn.diversity.ego(h, "sector", measure="shannon").to_numpy())


def test_contacts_are_read_not_copied():
    """Undirected: the contact matrix is the graph's own arrays, and no array
    of ones is built for the unweighted count."""
    g = _public_graph(False)
    W = _graph.contacts(g, weight=False)
    assert W.binary and W.data is g.adjacency.data and W.indices is g.adjacency.indices
    index = _measure.resolve("blau", {}, pd.Index(list("abcdefgh")))
    assert index.registered


def test_working_memory_bounded_by_the_blocks(monkeypatch):
    """Issue 17: with blocks of 4,096 entries, each ego and actor measure
    allocates (tracemalloc, numpy's arrays included) less than half the
    adjacency's bytes on a graph of 3e5 stored entries (the count matrix
    of the whole graph, or one array per entry, would not fit)."""
    g, graph_bytes = memory_test_graph()
    monkeypatch.setattr(kern, "BLOCK_ENTRIES", 4096)
    for f in (lambda: cn.diversity.ego(g, "sector"),
              lambda: cn.diversity.ego(g, "sector", weight=True, measure="shannon"),
              lambda: cn.convergence.ei_index(g, "sector", level="actor"),
              lambda: cn.convergence.ei_index(g, "sector", level="actor", weight=True),
              lambda: cn.brokerage.participation(g, "sector")):
        peak = traced_peak(f)
        assert peak < 0.5 * graph_bytes, (peak, graph_bytes)
