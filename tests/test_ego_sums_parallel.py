"""The ego sums run their blocks on several threads (issue 18, item 2):
every number of threads gives the bits of one thread, and those equal the
slow per-ego references of ``tests/test_kernels_ego.py`` (one Python loop
per ego over its stored entries, written from the formulas: category sums
``x_ic = sum_{j: c_j = c} w_ij``; Krackhardt & Stern's ``E_i``, ``I_i``;
Guimerà & Amaral's ``P_i`` and ``z_i``; the mixing matrix).

The threads are forced with ``_compiled.TASKS`` (the one knob of the
compiled engine, read by :func:`clusternet._kernels._threads.threads`),
the blocks made small with ``_kernels.diversity.BLOCK_ENTRIES`` so that
a graph of a few actors has many blocks to share out.
"""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest
from helpers import memory_test_graph, traced_peak
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


import clusternet as cn
from clusternet._kernels import _compiled, _threads
from clusternet._kernels import diversity as kern
from clusternet._kernels import mixing as mx
from test_kernels_ego import (_graph_arrays, _public_graph, ref_actor_ei, ref_category_sums,
                              ref_participation)

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
THREADS = (1, 2, 3)

graphs = st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 16),
                   st.sampled_from([0.1, 0.3, 0.7]), st.booleans())
small_blocks = st.sampled_from([1, 2, 3, 7])


def _each_thread_count(fn, block: int, **patches):
    """``fn()`` with 1, 2 and 3 threads forced and blocks of ``block`` entries."""
    out = []
    for n_threads in THREADS:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_compiled, "TASKS", n_threads)
            mp.setattr(kern, "BLOCK_ENTRIES", block)
            for name, value in patches.items():
                mp.setattr(mx, name, value)
            out.append(fn())
    return out


def _same(a, b) -> None:
    np.testing.assert_array_equal(a, b, strict=True)  # bit for bit, NaN where NaN


# ------------------------------------------------------------------ kernels
@FAST
@given(graphs, small_blocks, st.integers(1, 6), st.booleans(),
       st.sampled_from(["dense", "sparse"]))
def test_category_sums_same_bits_whatever_the_threads(case, block, k, binary, method):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed, zeros=True)
    codes = np.random.default_rng(seed + 1).integers(-1, k, n)

    def run():
        product = kern.OneHotProduct(A.indptr, A.indices, A.data, k, method=method,
                                     binary=binary)
        spans = [(lo, hi) for lo, hi, _ in product.blocks(codes)]
        shares = list(product.map(codes, lambda lo, hi, X: kern.gini_simpson(X)))
        return product(codes), spans, shares

    results = _each_thread_count(run, block)
    X, spans, shares = results[0]
    np.testing.assert_allclose(X.toarray(), ref_category_sums(A, codes, k, binary), rtol=1e-13)
    assert [lo for lo, _ in spans] == [0] + [hi for _, hi in spans[:-1]]  # in order
    assert [(lo, hi) for lo, hi, _ in shares] == spans
    for got, got_spans, got_shares in results[1:]:
        _same(got.indptr, X.indptr)
        _same(got.indices, X.indices)
        _same(got.data, X.data)
        assert got_spans == spans
        for (_, _, a), (_, _, b) in zip(got_shares, shares):
            _same(a, b)


@FAST
@given(graphs, small_blocks, st.integers(1, 4), st.booleans())
def test_actor_ei_same_bits_whatever_the_threads(case, block, k, weighted):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed)
    codes = np.random.default_rng(seed + 2).integers(0, k, n)
    data = A.data if weighted else None
    results = _each_thread_count(
        lambda: mx.actor_ei_from_csr(A.indptr, A.indices, codes, directed=directed,
                                     data=data), block)
    r_ext, r_inn = ref_actor_ei(A, codes, directed, weighted)
    np.testing.assert_allclose(results[0][0], r_ext, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(results[0][1], r_inn, rtol=1e-12, atol=1e-12)
    for ext, inn in results[1:]:
        _same(ext, results[0][0])
        _same(inn, results[0][1])


@FAST
@given(graphs, st.sampled_from([4, 8, 13]), st.integers(1, 4), st.booleans())
def test_mixing_matrix_same_bits_whatever_the_threads(case, block, k, weighted):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed)
    codes = np.random.default_rng(seed + 3).integers(0, k, n)
    data = A.data if weighted else None
    want = np.zeros((k, k))  # M[x, y]: the weight of the entries from x to y
    for i in range(n):
        for a in range(A.indptr[i], A.indptr[i + 1]):
            want[codes[i], codes[A.indices[a]]] += A.data[a] if weighted else 1.0
    if not directed:
        want[np.diag_indices(k)] /= 2.0
    results = _each_thread_count(
        lambda: mx.mixing_from_csr(A.indptr, A.indices, codes, k, directed=directed,
                                   data=data), block, _BLOCK=4)
    np.testing.assert_allclose(results[0], want, rtol=1e-12, atol=1e-12)
    for M in results[1:]:
        _same(M, results[0])


@FAST
@given(graphs, small_blocks, st.integers(1, 4))
def test_nominal_assortativity_same_bits_whatever_the_threads(case, block, k):
    seed, n, density, directed = case
    A = _graph_arrays(seed, n, density, directed=directed)
    codes = np.random.default_rng(seed + 5).integers(0, k, n)
    want = mx.assortativity_from_mixing(  # Newman (2003), eq. 2, on the mixing matrix
        mx.mixing_from_csr(A.indptr, A.indices, codes, k, directed=directed),
        directed=directed)
    for got in _each_thread_count(
            lambda: mx.nominal_assortativity_csr(A.indptr, A.indices, codes, k,
                                                 directed=directed), block):
        _same(got, want)


@FAST
@given(graphs, small_blocks, st.integers(1, 4), st.booleans())
def test_participation_same_bits_whatever_the_threads(case, block, k, binary):
    seed, n, density, _ = case
    A = _graph_arrays(seed, n, density, directed=False)
    modules = np.random.default_rng(seed + 4).integers(-1, k, n)
    results = _each_thread_count(
        lambda: mx.participation_from_csr(A.indptr, A.indices, A.data, modules,
                                          binary=binary), block)
    P, z = ref_participation(A, modules, binary)
    np.testing.assert_allclose(results[0][0], P, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(results[0][1], z, rtol=1e-9, atol=1e-9)
    for got_P, got_z in results[1:]:
        _same(got_P, results[0][0])
        _same(got_z, results[0][1])


# ---------------------------------------------------------- public measures
@pytest.mark.parametrize("directed", [False, True])
def test_public_measures_same_bits_whatever_the_threads(directed):
    g = _public_graph(directed)
    calls = {
        "blau": lambda: cn.diversity.ego(g, "sector"),
        "shannon weighted": lambda: cn.diversity.ego(g, "sector", measure="shannon",
                                                     weight=True),
        "ei": lambda: cn.convergence.ei_index(g, "sector", level="actor"),
        "ei weighted": lambda: cn.convergence.ei_index(g, "sector", level="actor",
                                                       weight=True),
        "assortativity": lambda: cn.convergence.assortativity(g, "sector"),
        "participation weighted": lambda: cn.brokerage.participation(g, "sector",
                                                                     weight=True),
    }
    for name, f in calls.items():
        one, *more = _each_thread_count(f, 40)  # about 30 blocks
        for got in more:
            if isinstance(got, pd.DataFrame):
                pd.testing.assert_frame_equal(got, one, check_exact=True)
            elif isinstance(got, pd.Series):
                pd.testing.assert_series_equal(got, one, check_exact=True)
            else:
                _same(got, one)


# -------------------------------------------------------- threads and memory
def test_map_blocks_in_order_with_at_most_n_blocks_alive():
    """Results come back in the order of the blocks, and no more than
    ``n_threads`` blocks are started and not yet consumed by the caller."""
    lock = threading.Lock()
    alive = [0, 0]  # now, most

    def block(b):
        with lock:
            alive[0] += 1
            alive[1] = max(alive[1], alive[0])
        return b * b

    for n_threads in (1, 2, 3):
        alive[:] = [0, 0]
        got = []
        for value in _threads.map_blocks(block, range(20), n_threads):
            got.append(value)
            with lock:
                alive[0] -= 1  # the caller is done with it
        assert got == [b * b for b in range(20)]
        assert alive[1] <= n_threads


def test_thread_count_rule(monkeypatch):
    """Forced by ``_compiled.TASKS``; else one under ``PARALLEL_MIN``
    entries or outside the main thread; else numba's count (here through
    ``NUMBA_NUM_THREADS`` when numba is not imported, the number numba
    would run)."""
    monkeypatch.setattr(_compiled, "TASKS", 3)
    assert _threads.threads(0) == 3
    monkeypatch.setattr(_compiled, "TASKS", None)
    assert _threads.threads(_threads.PARALLEL_MIN - 1) == 1
    big = _threads.PARALLEL_MIN
    expected = _threads.threads(big)
    assert expected >= 1
    seen = []
    worker = threading.Thread(target=lambda: seen.append(_threads.threads(big)))
    worker.start()
    worker.join()
    assert seen == [1]
    monkeypatch.setitem(__import__("sys").modules, "numba", None)  # as if not imported
    monkeypatch.setenv("NUMBA_NUM_THREADS", "5")
    assert _threads.threads(big) == 5


def test_working_memory_bounded_with_threads(monkeypatch):
    """With two and three threads, each ego and actor measure still
    allocates (tracemalloc) less than half the adjacency's bytes, blocks of
    4,096 entries (the mixing matrix's too) on a graph of 3e5 stored
    entries (issue 17's bound): at most one block per thread is alive."""
    g, graph_bytes = memory_test_graph()
    monkeypatch.setattr(kern, "BLOCK_ENTRIES", 4096)
    monkeypatch.setattr(mx, "_BLOCK", 1024)  # the mixing matrix's blocks: 4,096 entries
    for n_threads, f in [(t, f) for t in (2, 3) for f in (
            lambda: cn.diversity.ego(g, "sector"),
            lambda: cn.convergence.ei_index(g, "sector", level="actor", weight=True),
            lambda: cn.brokerage.participation(g, "sector"))]:
        monkeypatch.setattr(_compiled, "TASKS", n_threads)
        assert traced_peak(f) < graph_bytes / 2
