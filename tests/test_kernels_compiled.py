"""The compiled engine (numba) of Burt's measures and the Gould-Fernandez
counts against the numpy engine and against slow references written here
from the formulas (Burt 1992: ``c_ij = (p_ij + sum_q p_iq p_qj)^2``,
``C_i = sum_j c_ij``, effective size ``N - sum_j sum_q p_iq m_jq``,
hierarchy ``sum_j x_j ln x_j / (N ln N)``, ``x_j = c_ij N / C_i``;
Gould & Fernandez 1989: open 2-paths ``a -> b -> c`` by which of ``a``,
``b``, ``c`` share a group).

Equal means: the same bits for constraint, effective size, efficiency,
the contacts and the counts (both engines add the same terms in the same
order); hierarchy to 1e-13 relative, 1e-15 absolute (``log`` comes from
numpy on one side, from the C library on the other, and differs in the
last bit now and then; a hierarchy near 0 is a difference of near-equal
sums, which magnifies that bit). And the same bits
whatever the number of parallel tasks.

Skipped without numba (``pip install 'clusternet[fast]'``), except the
engine choice.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from clusternet._kernels import _compiled
from clusternet._kernels import brokerage as kernels
from clusternet._kernels import gould_fernandez as gf

needs_numba = pytest.mark.skipif("numba" not in _compiled.available(),
                                 reason="numba is not installed (pip install 'clusternet[fast]')")

EXACT = ("constraint", "effective_size", "efficiency", "n_contacts")
PATH_CODES = gf.PATH_CODES


# ------------------------------------------------------------------- graphs
def random_matrix(seed: int, n: int, density: float, *, directed: bool, weighted: bool,
                  hubs: int = 0) -> sp.csr_array:
    """A random pattern (weights 1..4 when ``weighted``), no diagonal; the
    first ``hubs`` nodes tied to half of the others."""
    rng = np.random.default_rng(seed)
    A = (rng.random((n, n)) < density).astype(float)
    A[:hubs, rng.random(n) < 0.5] = 1.0
    if weighted:
        A *= rng.integers(1, 5, size=(n, n))
    np.fill_diagonal(A, 0.0)
    if not directed:
        A = np.maximum(A, A.T)
    return sp.csr_array(A)


@st.composite
def matrices(draw):
    return random_matrix(draw(st.integers(0, 2**31)), draw(st.integers(1, 30)),
                         draw(st.sampled_from([0.05, 0.15, 0.4, 0.9])),
                         directed=draw(st.booleans()), weighted=draw(st.booleans()),
                         hubs=draw(st.integers(0, 2)))


# --------------------------------------------------------------- references
def burt_formula(M: sp.csr_array) -> dict[str, np.ndarray]:
    """Burt's measures straight from the formulas, with dense loops, on the
    symmetric mutual-tie matrix ``m``: ``p_ij = m_ij / sum_k m_ik``."""
    m = M.toarray()
    n = len(m)
    s = m.sum(axis=1)
    out = {key: np.full(n, np.nan) for key in ("constraint", "effective_size", "efficiency",
                                                 "hierarchy")}
    out["n_contacts"] = (m > 0).sum(axis=1).astype(float)
    for i in range(n):
        contacts = np.flatnonzero(m[i])
        N = len(contacts)
        if N == 0:
            continue
        p = m[i] / s[i]
        c, redundancy = [], 0.0
        for j in contacts:
            indirect = sum(p[q] * m[q, j] / s[q] for q in contacts if q != j)
            c.append((p[j] + indirect) ** 2)
            redundancy += sum(p[q] * m[j, q] / m[j].max() for q in contacts if q != j)
        C = sum(c)
        out["constraint"][i] = C
        out["effective_size"][i] = N - redundancy
        out["efficiency"][i] = (N - redundancy) / N
        if N > 1:
            x = np.array(c) * N / C
            out["hierarchy"][i] = (x * np.log(x)).sum() / (N * math.log(N))
    return out


def gf_formula(A: sp.csr_array, group: np.ndarray) -> np.ndarray:
    """Open 2-paths ``a -> b -> c`` (``a != c``, no ``a -> c``) per broker
    by path code ``4 [G(a) = G(b)] + 2 [G(b) = G(c)] + [G(a) = G(c)]``, one
    at a time."""
    a_ = A.toarray() != 0
    n = len(a_)
    out = np.zeros((n, len(PATH_CODES)))
    column = {code: k for k, code in enumerate(PATH_CODES)}
    for b in range(n):
        for a in np.flatnonzero(a_[:, b]):
            for c in np.flatnonzero(a_[b]):
                if a != c and not a_[a, c]:
                    code = gf.path_code(group[a] == group[b], group[b] == group[c],
                                        group[a] == group[c])
                    out[b, column[code]] += 1
    return out


def assert_same_burt(ours: dict, expected: dict) -> None:
    for key in EXACT:
        np.testing.assert_array_equal(ours[key], expected[key], err_msg=key)
    np.testing.assert_allclose(ours["hierarchy"], expected["hierarchy"], rtol=1e-13,
                               atol=1e-15, equal_nan=True)


# -------------------------------------------------------------------- Burt
@needs_numba
@settings(max_examples=30, deadline=None)
@given(matrices(), st.randoms(use_true_random=False))
def test_burt_compiled_equals_numpy_and_formula(A, rnd):
    directed = not (A != A.T).nnz == 0
    M = kernels.mutual(A, directed=directed, weighted=True)
    compiled = kernels.burt(M, engine="numba")
    assert_same_burt(compiled, kernels.burt(M, engine="numpy"))
    reference = burt_formula(M)
    for key in reference:
        np.testing.assert_allclose(compiled[key], reference[key], rtol=1e-12, atol=1e-13,
                                   equal_nan=True, err_msg=key)
    # a few egos (per-tie intersections), in any order: the same bits
    n = M.shape[0]
    egos = np.array(rnd.sample(range(n), rnd.randint(1, n)), dtype=np.int64)
    some = kernels.burt(M, egos, engine="numba")
    for key in compiled:
        np.testing.assert_array_equal(some[key], compiled[key][egos], err_msg=key)


@needs_numba
@pytest.mark.parametrize("directed", [False, True])
def test_same_bits_whatever_the_number_of_tasks(directed, monkeypatch):
    # hub-heavy graph above the parallel threshold's scale of work
    A = random_matrix(7, 400, 0.05, directed=directed, weighted=True, hubs=3)
    M = kernels.mutual(A, directed=directed, weighted=True)
    codes = np.random.default_rng(1).integers(0, 3, A.shape[0])
    runs = []
    for tasks in (1, 2, 3, 8):
        monkeypatch.setattr(_compiled, "TASKS", tasks)
        runs.append((kernels.burt(M, engine="numba"),
                     kernels.burt(M, np.arange(0, 400, 7), engine="numba"),
                     kernels.gf_counts(A, codes, PATH_CODES, engine="numba")))
    first = runs[0]
    for other in runs[1:]:
        for key in first[0]:
            np.testing.assert_array_equal(other[0][key], first[0][key])
            np.testing.assert_array_equal(other[1][key], first[1][key])
        np.testing.assert_array_equal(other[2], first[2])
    assert_same_burt(first[0], kernels.burt(M, engine="numpy"))


@needs_numba
@pytest.mark.parametrize("per_row", [False, True])
@pytest.mark.parametrize("block", [1, 5, 1 << 20])
def test_same_bits_whatever_the_blocks_and_chunks(per_row, block, monkeypatch):
    # blocks of rows of 1 entry (every row a block), 5 entries, all rows;
    # every row (ego) its own chunk, or chunks of about equal work: the
    # tie sums are below + above whatever the blocks, the ego pass finds a
    # tie's slot by a binary search at the first row of a chunk that meets
    # the contact, by a cursor after that; the same bits
    A = random_matrix(11, 300, 0.05, directed=False, weighted=True, hubs=4)
    M = kernels.mutual(A, directed=False, weighted=True)
    reference = kernels.burt(M, engine="numba")
    monkeypatch.setattr(_compiled, "BLOCK", block)
    if per_row:
        monkeypatch.setattr(_compiled, "chunks",
                            lambda work, n_chunks: np.arange(len(work) + 1, dtype=np.int64))
    for tasks in (1, 2):
        monkeypatch.setattr(_compiled, "TASKS", tasks)
        out = kernels.burt(M, engine="numba")
        for key in reference:
            assert out[key].tobytes() == reference[key].tobytes(), key
    assert_same_burt(reference, kernels.burt(M, engine="numpy"))


@needs_numba
def test_burt_known_answers_compiled():
    # METRICS.md / Borgatti (1997): the triangle has C = 2 (1/2 + 1/4)^2 =
    # 1.125 at each node (by hand); a star of 4 leaves, hub C = 4 (1/4)^2,
    # effective size 4, hierarchy 0; the leaves C = 1, hierarchy NaN
    triangle = sp.csr_array(np.ones((3, 3)) - np.eye(3))
    np.testing.assert_allclose(kernels.burt(triangle, engine="numba")["constraint"], 1.125)
    star = np.zeros((5, 5))
    star[0, 1:] = star[1:, 0] = 1.0
    out = kernels.burt(sp.csr_array(star), engine="numba")
    assert out["constraint"][0] == pytest.approx(0.25)
    assert out["effective_size"][0] == 4.0
    assert out["hierarchy"][0] == pytest.approx(0.0, abs=1e-15)
    assert (out["constraint"][1:] == 1.0).all() and np.isnan(out["hierarchy"][1:]).all()


@needs_numba
def test_empty_and_tieless():
    for n in (0, 1, 3):
        out = kernels.burt(sp.csr_array((n, n)), engine="numba")
        assert all(len(v) == n for v in out.values())
        assert np.isnan(out["constraint"]).all() and (out["n_contacts"] == 0).all()
        counts = kernels.gf_counts(sp.csr_array((n, n)), np.zeros(n, dtype=int), PATH_CODES,
                                   engine="numba")
        assert counts.shape == (n, 5) and not counts.any()


@needs_numba
def test_self_ties_are_left_out():
    # the kernels are given no diagonal; if one comes, the compiled engine
    # leaves it out (it does not read past its arrays)
    M = random_matrix(3, 40, 0.2, directed=False, weighted=True, hubs=1)
    with_diagonal = sp.csr_array(M + sp.diags_array(np.arange(1.0, 41.0)))
    for tasks in (1, 2):
        _compiled.TASKS = tasks
        try:
            assert_same_burt(kernels.burt(with_diagonal, engine="numba"),
                             kernels.burt(M, engine="numba"))
        finally:
            _compiled.TASKS = None


# ------------------------------------------ Burt in blocks of egos (low memory)
def same_bits(ours: dict, expected: dict) -> None:
    for key in expected:
        assert ours[key].tobytes() == expected[key].tobytes(), key


@needs_numba
@settings(max_examples=40, deadline=None)
@given(matrices(), st.integers(1, 60), st.sampled_from([1, 2, 3]),
       st.randoms(use_true_random=False))
def test_blocks_give_the_bits_of_the_fast_loops(A, block, tasks, rnd):
    # the low-memory loops walk each tie's lower end in rank order against
    # the marks of its higher end, block by block: the same terms in the
    # same order as the wedges of the fast loops, so the same bits -- for
    # every block size (1 entry: every row a block), number of tasks, with
    # the values read (weighted) or every tie counted 1 (unit), and for a
    # subset of egos; and the formulas (burt_formula)
    directed = not (A != A.T).nnz == 0
    M = kernels.mutual(A, directed=directed, weighted=True)
    fast = kernels.burt(M, engine="numba")
    _compiled.TASKS = tasks
    try:
        same_bits(kernels.burt(M, block=block), fast)
        pattern = sp.csr_array((np.ones(M.nnz), M.indices, M.indptr), shape=M.shape)
        same_bits(kernels.burt(M, unit=True, block=block),
                  kernels.burt(pattern, engine="numba"))
        same_bits(kernels.burt(M, unit=True, engine="numba"),
                  kernels.burt(pattern, engine="numba"))
        n = M.shape[0]
        egos = np.array(rnd.sample(range(n), rnd.randint(1, n)), dtype=np.int64)
        same_bits(kernels.burt(M, egos, block=block), {k: v[egos] for k, v in fast.items()})
    finally:
        _compiled.TASKS = None
    reference = burt_formula(M)
    for key in reference:
        np.testing.assert_allclose(fast[key], reference[key], rtol=1e-12, atol=1e-13,
                                   equal_nan=True, err_msg=key)


@needs_numba
@pytest.mark.parametrize("tasks", [1, 2, 3])
@pytest.mark.parametrize("block", [1, 37, 1 << 20])
def test_blocks_on_hubs_with_self_ties(tasks, block, monkeypatch):
    # hubs (ties across every block), a diagonal (left out, as by the fast
    # loops), isolates; the parallel loops with 1, 2, 3 tasks
    A = random_matrix(5, 300, 0.04, directed=False, weighted=True, hubs=4)
    A = sp.csr_array(A + sp.diags_array(np.arange(1.0, 301.0)))
    A = sp.csr_array(sp.block_diag([A, sp.csr_array((3, 3))]))
    fast = kernels.burt(A, engine="numba")
    monkeypatch.setattr(_compiled, "TASKS", tasks)
    same_bits(kernels.burt(A, block=block), fast)


def test_memory_plan():
    # fast loops when they fit (28 B per entry, 100 B per node and the
    # buffer of a block), else the largest block that fits beside the walk
    # (4 B per entry) and the arrays of nodes; MemoryError (with the bytes
    # needed) below blocks of one row
    per_entry, per_node, _ = _compiled.FAST_BYTES
    entries, nodes, longest = 10_000, 100, 50
    fast = per_entry * entries + per_node * nodes + 20 * entries
    assert _compiled.burt_plan(nodes, entries, longest, fast) is None
    block = _compiled.burt_plan(nodes, entries, longest, fast - 1)
    assert longest <= block <= entries
    walk, node, thread, per_sum = _compiled.BLOCK_BYTES
    fixed = walk * entries + (node + thread * max(_compiled._threads(), 1)) * nodes
    assert _compiled.burt_plan(nodes, entries, longest, fixed + per_sum * 1000) == 1000
    with pytest.raises(MemoryError) as e:
        _compiled.burt_plan(nodes, entries, longest, fixed + per_sum * longest - 1)
    assert e.value.args[0] == fixed + per_sum * longest
    # a copy of the values (unit weights) counts for the fast loops
    assert _compiled.burt_plan(nodes, entries, longest, fast, copy_entries=True) is not None


# --------------------------------------------------------- Gould-Fernandez
@needs_numba
@settings(max_examples=30, deadline=None)
@given(matrices(), st.integers(1, 4), st.integers(0, 2**31))
def test_gf_compiled_equals_numpy_and_formula(A, n_groups, seed):
    codes = np.random.default_rng(seed).integers(0, n_groups, A.shape[0])
    compiled = kernels.gf_counts(A, codes, PATH_CODES, engine="numba")
    np.testing.assert_array_equal(compiled, kernels.gf_counts(A, codes, PATH_CODES,
                                                              engine="numpy"))
    np.testing.assert_array_equal(compiled, gf_formula(A, codes))


# ------------------------------------------------- the compiled pieces
def symmetric_matrices():
    """Mutual-tie matrices of random graphs (directed or not, weighted or
    not), as Burt's measures read them."""
    return matrices().map(lambda A: kernels.mutual(A, directed=(A != A.T).nnz > 0,
                                                   weighted=True))


@needs_numba
@settings(max_examples=25, deadline=None)
@given(symmetric_matrices())
def test_rank_space_is_the_matrix_relabelled(M):
    # rows and columns permuted to degree rank (ties kept in their order, as
    # the numpy engine's Ranked), each row sorted; first_higher the first
    # column above the row
    space = _compiled.rank_space(M)
    dense = M.toarray()
    np.testing.assert_array_equal(space.order, kernels.ranked(M).order)
    relabelled = sp.csr_array((space.data, space.indices, space.indptr), shape=M.shape)
    np.testing.assert_array_equal(relabelled.toarray(), dense[np.ix_(space.order, space.order)])
    assert space.indices.dtype == np.int32
    for r in range(M.shape[0]):
        row = space.indices[space.indptr[r]:space.indptr[r + 1]]
        assert (np.diff(row) > 0).all()
        assert space.first_higher[r] == space.indptr[r] + (row < r).sum()


@needs_numba
@settings(max_examples=25, deadline=None)
@given(symmetric_matrices(), st.sampled_from([1, 3, 1 << 20]))
def test_tie_sums_equal_the_formula(M, block):
    # Burt's two sums per tie i -- j over the common contacts q, by dense
    # loops: indirect = sum_q m_iq m_qj / s_q, overlap = sum_q m_iq m_jq;
    # the compiled pass stores below + above in one slot per tie, by
    # blocks of rows of `block` entries
    import unittest.mock

    from clusternet._kernels import _compiled_loops as loops
    space, m_and_share = _compiled._relabelled(M, 2)
    m = M.toarray()[np.ix_(space.order, space.order)]
    s_ref = m.sum(axis=1)
    s, strongest = loops.strengths(space.indptr, space.data)
    np.testing.assert_allclose(s, s_ref, rtol=1e-14)
    np.testing.assert_array_equal(strongest, m.max(axis=1, initial=0.0))
    work = loops.wedge_work(space.indptr, space.indices, space.first_higher, False)
    loops.fill_share(space.indices, s, m_and_share)
    np.testing.assert_array_equal(m_and_share[:, 0], space.data)
    np.testing.assert_array_equal(m_and_share[:, 1], space.data / s[space.indices])
    for parallel, n_chunks in ((False, 1), (True, 3)):
        with unittest.mock.patch.object(_compiled, "BLOCK", block):
            tie, tie_sums = _compiled._tie_sums(space, m_and_share, s, work, parallel, n_chunks)
        assert len(tie_sums) == M.nnz // 2
        for i in range(len(m)):
            for a in range(space.first_higher[i], space.indptr[i + 1]):
                j = space.indices[a]  # the tie i -- j, i < j: its slot
                t = tie[i] + a - space.first_higher[i]
                common = [q for q in np.flatnonzero(m[i] * m[j]) if q not in (i, j)]
                indirect = sum(m[i, q] * m[q, j] / s_ref[q] for q in common)
                overlap = sum(m[i, q] * m[j, q] for q in common)
                assert tie_sums[t, 0] == pytest.approx(indirect, rel=1e-12, abs=1e-15)
                assert tie_sums[t, 1] == pytest.approx(overlap, rel=1e-12, abs=1e-15)


@needs_numba
@settings(max_examples=15, deadline=None)
@given(symmetric_matrices(), st.randoms(use_true_random=False))
def test_few_egos_path_and_all_egos_path_same_bits(M, rnd):
    # the per-tie intersections for a few egos (read through the rank-order
    # walk of the graph's own CSR) and the pass over all ties give the same
    # bits (both sum below + above in rank order), with the values read or
    # every tie counted 1
    import unittest.mock
    n = M.shape[0]
    egos = np.array(rnd.sample(range(n), rnd.randint(1, n)), dtype=np.int64)
    runs = []
    for few in (True, False):
        with unittest.mock.patch.object(_compiled, "_few_is_cheaper",
                                        lambda *args, few=few: few):
            runs.append(_compiled.burt(M, egos))
            runs.append(_compiled.burt(M, egos, unit=True))
    for key in runs[0]:
        np.testing.assert_array_equal(runs[0][key], runs[2][key], err_msg=key)
        np.testing.assert_array_equal(runs[1][key], runs[3][key], err_msg=key)
    np.testing.assert_allclose(runs[0]["constraint"], burt_formula(M)["constraint"][egos],
                               rtol=1e-12, equal_nan=True)


# ------------------------------------------------------------ engine choice
def test_engine_choice(monkeypatch):
    monkeypatch.delenv("CLUSTERNET_ENGINE", raising=False)
    big, small = _compiled.COMPILED_FROM, _compiled.COMPILED_FROM - 1
    assert _compiled.resolve(None, big) == _compiled.available()[0]
    assert _compiled.resolve(None, small) == "numpy"  # not worth loading numba
    assert _compiled.resolve("numpy", big) == "numpy"
    monkeypatch.setenv("CLUSTERNET_ENGINE", "numpy")
    assert _compiled.resolve(None, big) == "numpy"
    if "numba" in _compiled.available():
        monkeypatch.setenv("CLUSTERNET_ENGINE", "numba")
        assert _compiled.resolve(None, small) == "numba"
    # without numba the numpy engine is the default
    monkeypatch.delenv("CLUSTERNET_ENGINE")
    monkeypatch.setattr(_compiled, "available", lambda: ("numpy",))
    assert _compiled.resolve(None, big) == "numpy"


@needs_numba
def test_compiled_code_is_cached_on_disk():
    # the first call of a session loads the machine code, it does not compile
    from clusternet._kernels import _compiled_loops as loops
    for name in ("relabel", "strengths", "wedge_work", "fill_share", "burt_tie_sums",
                 "burt_tie_sums_serial", "burt_egos", "burt_egos_serial",
                 "burt_some_egos_walked", "burt_some_egos_walked_serial", "rank_walk",
                 "burt_block", "gf_closed_by_code", "gf_closed_by_code_serial"):
        assert type(getattr(loops, name)._cache).__name__ == "FunctionCache", name


def test_numpy_fallback_without_numba():
    # a fresh interpreter where numba cannot be imported: the numpy engine
    # runs, with the same numbers (Borgatti 1997 / METRICS.md: constraint of
    # G 0.4003 on the unweighted example graph)
    code = """
import sys
sys.modules["numba"] = None
import pandas as pd
import clusternet as cn
from clusternet import brokerage as br
from clusternet._kernels import _compiled
ties = [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"), ("F", "G"),
        ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")]
g = cn.from_edgelist(pd.DataFrame(ties, columns=["source", "target"]))
print(_compiled.resolve(None, 10**6), round(br.constraint(g)["G"], 4))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "CLUSTERNET_ENGINE": ""})
    assert out.stdout.split() == ["numpy", "0.4003"]
