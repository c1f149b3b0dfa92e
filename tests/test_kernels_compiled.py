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
@pytest.mark.parametrize("block", [1, 5, None])
def test_same_bits_whatever_the_blocks_and_chunks(per_row, block, monkeypatch):
    # blocks of ranks of 1 tie (every row with ties its own block), 5 ties,
    # all ties; every row (ego) its own chunk, or chunks of about equal
    # work: a tie's sums come from its lower end's row alone and each ego
    # adds its terms in the rank order of its contacts whatever the blocks:
    # the same bits
    A = random_matrix(11, 300, 0.05, directed=False, weighted=True, hubs=4)
    M = kernels.mutual(A, directed=False, weighted=True)
    reference = kernels.burt(M, engine="numba")
    if per_row:
        monkeypatch.setattr(_compiled, "chunks",
                            lambda work, n_chunks: np.arange(len(work) + 1, dtype=np.int64))
    for tasks in (1, 2):
        monkeypatch.setattr(_compiled, "TASKS", tasks)
        out = kernels.burt(M, engine="numba", block=block)
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


# ------------------------------------------------- Burt: blocks and values
def same_bits(ours: dict, expected: dict) -> None:
    for key in expected:
        assert ours[key].tobytes() == expected[key].tobytes(), key


@needs_numba
@settings(max_examples=40, deadline=None)
@given(matrices(), st.integers(1, 60), st.sampled_from([1, 2, 3]), st.booleans(),
       st.randoms(use_true_random=False))
def test_blocks_values_and_subsets_give_the_same_bits(A, block, tasks, thirds, rnd):
    # blocks of 1 to 60 ties, 1 to 3 tasks; the values held as float32
    # (integer weights: no bit lost) or, when they are not float32 (thirds),
    # read through their offsets; every tie counted 1 (unit: the values
    # not read) as on a matrix of ones; a subset of egos; hierarchy left
    # out; and the formulas (burt_formula)
    directed = not (A != A.T).nnz == 0
    M = kernels.mutual(A, directed=directed, weighted=True)
    if thirds:
        M = sp.csr_array((M.data / 3, M.indices, M.indptr), shape=M.shape)
    float32 = np.array_equal(M.data.astype(np.float32).astype(np.float64), M.data)
    assert _compiled.value_kind(M, False) == (1 if float32 else 2)
    whole = kernels.burt(M, engine="numba")
    _compiled.TASKS = tasks
    try:
        same_bits(kernels.burt(M, engine="numba", block=block), whole)
        pattern = sp.csr_array((np.ones(M.nnz), M.indices, M.indptr), shape=M.shape)
        same_bits(kernels.burt(M, unit=True, engine="numba", block=block),
                  kernels.burt(pattern, engine="numba"))
        n = M.shape[0]
        egos = np.array(rnd.sample(range(n), rnd.randint(1, n)), dtype=np.int64)
        same_bits(kernels.burt(M, egos, engine="numba", block=block),
                  {k: v[egos] for k, v in whole.items()})
        no_hierarchy = kernels.burt(M, engine="numba", block=block, hierarchy=False)
        assert "hierarchy" not in no_hierarchy
        same_bits(no_hierarchy, {k: v for k, v in whole.items() if k != "hierarchy"})
    finally:
        _compiled.TASKS = None
    reference = burt_formula(M)
    for key in reference:
        np.testing.assert_allclose(whole[key], reference[key], rtol=1e-12, atol=1e-13,
                                   equal_nan=True, err_msg=key)


@needs_numba
@settings(max_examples=40, deadline=None)
@given(matrices(), st.integers(1, 60), st.sampled_from([1, 2, 3]), st.booleans(),
       st.booleans())
def test_directed_arcs_give_the_bits_of_the_mutual_matrix(A, block, tasks, unit, thirds):
    # a directed graph read from its arcs (each reverse found by a binary
    # search, no mutual matrix built) gives the bits of the matrix of mutual
    # ties a_ij + a_ji (or of counted arcs, 1 or 2 a pair): values held as
    # float32 or, when some sum is not a float32 (thirds), as float64
    if thirds:
        A = sp.csr_array((A.data / 3, A.indices, A.indptr), shape=A.shape)
    M = kernels.mutual(A, directed=True, weighted=not unit)
    expected = _compiled.burt(M, None)
    _compiled.TASKS = tasks
    try:
        same_bits(_compiled.burt(A, None, directed=True, unit=unit, block=block), expected)
        wide = sp.csr_array((A.data, A.indices.astype(np.int64), A.indptr.astype(np.int64)),
                            shape=A.shape)  # an edge list's graph: int64 arrays, read as they are
        same_bits(_compiled.burt(wide, None, directed=True, unit=unit, block=block), expected)
    finally:
        _compiled.TASKS = None
    loops = _compiled._loops()
    _, rank = _compiled._ranks(_compiled._union_indptr(A.indptr, A.indices))
    up_ptr, up_col, value32, value64 = loops.upper_directed(A.indptr, A.indices, A.data, rank,
                                                            unit)
    order = np.argsort(rank)
    upper = sp.csr_array(np.triu(M.toarray()[np.ix_(order, order)], 1))
    np.testing.assert_array_equal(up_ptr, upper.indptr)
    np.testing.assert_array_equal(up_col, upper.indices)
    np.testing.assert_array_equal(value32 if len(value32) else value64, upper.data)
    down_ptr, down_tie = loops.lower_lists(up_ptr, up_col)
    for x in range(A.shape[0]):
        ties = down_tie[down_ptr[x]:down_ptr[x + 1]]
        assert (up_col[ties] == x).all()
        assert (np.diff(np.searchsorted(up_ptr, ties, side="right")) > 0).all()
    assert len(down_tie) == len(up_col)


@needs_numba
@pytest.mark.parametrize("tasks", [1, 2, 3])
@pytest.mark.parametrize("block", [1, 37, None])
def test_blocks_on_hubs_with_self_ties(tasks, block, monkeypatch):
    # hubs (ties across every block), a diagonal (left out), isolates; the
    # parallel loops with 1, 2, 3 tasks
    A = random_matrix(5, 300, 0.04, directed=False, weighted=True, hubs=4)
    A = sp.csr_array(A + sp.diags_array(np.arange(1.0, 301.0)))
    A = sp.csr_array(sp.block_diag([A, sp.csr_array((3, 3))]))
    whole = kernels.burt(A, engine="numba")
    assert np.isnan(whole["constraint"][-3:]).all() and (whole["n_contacts"][-3:] == 0).all()
    monkeypatch.setattr(_compiled, "TASKS", tasks)
    same_bits(kernels.burt(A, engine="numba", block=block), whole)


def test_memory_plan(monkeypatch):
    # the bytes of the compiled engine: 4 per tie (8 with the values), per
    # node and per node and thread, per entry of the longest row and thread,
    # and 24 per tie of a block
    monkeypatch.setattr(_compiled, "_threads", lambda: 2)
    b = _compiled.BURT_BYTES
    nodes, entries, longest = 100, 10_000, 50
    fixed = (8 * (nodes + 1) + (entries // 2) * (b["tie"] + b["value"])
             + nodes * (b["node"] + 2 * b["node_thread"]) + 2 * longest * b["lower_thread"])
    assert _compiled.burt_bytes(nodes, entries, longest, 1, 0) == fixed
    assert _compiled.burt_bytes(nodes, entries, longest, 0, 7) == (
        fixed - (entries // 2) * b["value"] + 7 * b["block_tie"])
    # max_memory given: the largest block that fits, all the ties at most;
    # MemoryError (with the bytes needed) below blocks of the longest row
    assert _compiled.burt_plan(nodes, entries, longest, 1, fixed + 24 * 1000) == 1000
    assert _compiled.burt_plan(nodes, entries, longest, 1, 1e12) == entries // 2
    with pytest.raises(MemoryError) as e:
        _compiled.burt_plan(nodes, entries, longest, 1, fixed + 24 * longest - 1)
    assert e.value.args[0] == fixed + 24 * longest
    # not given: within DEFAULT_SHARE of half the graph's bytes, but at most
    # MOST_BLOCKS blocks and at least BLOCK_TIES ties a block (all when
    # fewer); within half the memory available
    many = 10**8
    fixed_many = _compiled.burt_bytes(nodes * 1000, many, longest, 1, 0)
    graph = 12 * many + 8 * nodes * 1000
    block = _compiled.burt_plan(nodes * 1000, many, longest, 1, None, graph_bytes=graph)
    room = _compiled.DEFAULT_SHARE * graph / 2
    assert fixed_many + 24 * block <= room < fixed_many + 24 * (block + 1)
    assert _compiled.burt_plan(nodes, entries, longest, 1, None, graph_bytes=1) == (
        _compiled.BLOCK_TIES)
    assert _compiled.burt_plan(nodes, 100, longest, 1, None, graph_bytes=1) == 50
    assert _compiled.burt_plan(nodes * 1000, many, longest, 1, None, graph_bytes=1) == (
        many // 2 // _compiled.MOST_BLOCKS)
    assert _compiled.burt_plan(nodes * 1000, many, longest, 1, None, graph_bytes=graph,
                               available=2 * (fixed_many + 24 * 100)) == 100
    with pytest.raises(MemoryError):
        _compiled.burt_plan(nodes, entries, longest, 1, None, graph_bytes=graph, available=fixed)


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
    # a graph built from an edge list holds int64 arrays: read as they are
    wide = sp.csr_array((A.data, A.indices.astype(np.int64), A.indptr.astype(np.int64)),
                        shape=A.shape)
    np.testing.assert_array_equal(kernels.gf_counts(wide, codes, PATH_CODES, engine="numba"),
                                  compiled)


# ------------------------------------------------- the compiled pieces
def symmetric_matrices():
    """Mutual-tie matrices of random graphs (directed or not, weighted or
    not), as Burt's measures read them."""
    return matrices().map(lambda A: kernels.mutual(A, directed=(A != A.T).nnz > 0,
                                                   weighted=True))


def rank_space(M: sp.csr_array):
    """The compiled engine's order, ranks and list of ties of ``M``."""
    from clusternet._kernels import _compiled_loops as loops
    indptr, indices, data = _compiled._arrays(M, False)
    order, rank = _compiled._ranks(indptr)
    kind = _compiled.value_kind(M, False)
    return (loops, indptr, indices, data, order, rank, kind,
            loops.upper(indptr, indices, data, order, rank, kind))


@needs_numba
@settings(max_examples=25, deadline=None)
@given(symmetric_matrices(), st.booleans())
def test_tie_list_is_the_upper_triangle_in_rank_space(M, thirds):
    # the ties x -- y (x ranked below y) listed by x, each list increasing;
    # ranks by degree, ties kept in their order (as the numpy engine's
    # Ranked); the values as float32 (no bit lost) or as their offsets into
    # M.data; the strengths in rank order, the strongest tie, the lower counts
    if thirds:
        M = sp.csr_array((M.data / 3, M.indices, M.indptr), shape=M.shape)
    loops, indptr, indices, data, order, rank, kind, (up_ptr, up_col, value, at) = rank_space(M)
    np.testing.assert_array_equal(order, kernels.ranked(M).order)
    m = M.toarray()[np.ix_(order, order)]
    upper = sp.csr_array(np.triu(m, 1))
    np.testing.assert_array_equal(up_ptr, upper.indptr)
    np.testing.assert_array_equal(up_col, upper.indices)
    assert up_col.dtype == np.int32
    values = value.astype(np.float64) if kind == 1 else data[at]
    np.testing.assert_array_equal(values, upper.data)
    value, at = (value, None) if kind == 1 else (None, at)
    s, strongest, n_lower = loops.upper_strengths(up_ptr, up_col, value, at, data)
    np.testing.assert_allclose(s, m.sum(axis=1), rtol=1e-14)
    np.testing.assert_array_equal(strongest, m.max(axis=1, initial=0.0))
    np.testing.assert_array_equal(n_lower, (np.tril(m, -1) > 0).sum(axis=1))


@needs_numba
@settings(max_examples=25, deadline=None)
@given(symmetric_matrices(), st.sampled_from([1, 3, None]))
def test_tie_sums_equal_the_formula(M, block):
    # Burt's two sums per tie i -- j over the common contacts q, by dense
    # loops: indirect = sum_q m_iq m_qj / s_q, overlap = sum_q m_iq m_jq;
    # each block of rows writes the sums of its ties, serial or parallel
    loops, indptr, indices, data, order, rank, kind, (up_ptr, up_col, value, at) = rank_space(M)
    m = M.toarray()[np.ix_(order, order)]
    s_ref = m.sum(axis=1)
    value, at = (value, None) if kind == 1 else (None, at)
    s, _, n_lower = loops.upper_strengths(up_ptr, up_col, value, at, data)
    n = len(order)
    most_higher = int(np.diff(up_ptr).max(initial=0))
    ties = len(up_col)
    ends = [0] + [hi for _, hi in _compiled.row_blocks(up_ptr, block or max(ties, 1))]
    for parallel, loop in ((False, loops.burt_block_ties_serial),
                           (True, loops.burt_block_ties)):
        places = loops.empty_places(max(_compiled._threads(), 1), n, most_higher)
        empty = places.copy()
        lowers = np.empty((len(places), int(n_lower.max(initial=0))), dtype=np.int64)
        for first, stop in zip(ends, ends[1:]):
            sums = np.full((up_ptr[stop] - up_ptr[first], 2), np.nan)
            bounds = (np.unique(np.linspace(first, stop, 4).astype(np.int64)) if parallel
                      else np.array([first, stop], dtype=np.int64))
            loop(bounds, indptr, indices, data, value, at, order, rank, up_ptr, up_col, None,
                 None, s, True, places, lowers, most_higher, sums)
            np.testing.assert_array_equal(places, empty)  # left as found
            for x in range(first, stop):
                for e in range(up_ptr[x], up_ptr[x + 1]):
                    y = up_col[e]  # the tie x -- y, x < y
                    common = [q for q in np.flatnonzero(m[x] * m[y]) if q not in (x, y)]
                    indirect = sum(m[x, q] * m[q, y] / s_ref[q] for q in common)
                    overlap = sum(m[x, q] * m[y, q] for q in common)
                    t = e - up_ptr[first]
                    assert sums[t, 0] == pytest.approx(indirect, rel=1e-12, abs=1e-15)
                    assert sums[t, 1] == pytest.approx(overlap, rel=1e-12, abs=1e-15)


@needs_numba
@settings(max_examples=25, deadline=None)
@given(symmetric_matrices(), st.integers(1, 20))
def test_block_lower_ties_lists_each_block_by_its_higher_ends(M, block):
    # for each block of rows, the ties x -- y by their higher end y: the
    # tie's entry (less the block's first) and x, increasing in x
    loops, indptr, indices, data, order, rank, kind, (up_ptr, up_col, value, at) = rank_space(M)
    n = len(order)
    for first, stop in _compiled.row_blocks(up_ptr, block):
        lower_ptr, tie, low = loops.block_lower_ties(first, stop, up_ptr, up_col)
        assert len(lower_ptr) == n - first + 1
        for y in range(first, n):
            expected = [(e - up_ptr[first], x) for x in range(first, stop)
                        for e in range(up_ptr[x], up_ptr[x + 1]) if up_col[e] == y]
            got = list(zip(tie[lower_ptr[y - first]:lower_ptr[y - first + 1]],
                           low[lower_ptr[y - first]:lower_ptr[y - first + 1]]))
            assert got == expected


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
    for name in ("upper", "float32_exact", "upper_strengths", "row_work", "ego_chunks",
                 "most_higher", "higher_counts",
                 "burt_block_ties", "burt_block_ties_serial", "block_lower_ties",
                 "burt_block_egos", "burt_block_egos_serial", "burt_some_egos_walked",
                 "burt_some_egos_walked_serial", "rank_walk", "gf_closed_by_code",
                 "gf_closed_by_code_serial"):
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
