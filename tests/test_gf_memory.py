"""The low-memory compiled Gould-Fernandez counts (issue 18, item 3): the
graph's own CSR read as a pattern (no copy of a canonical adjacency, no
transpose), the symmetric pattern in rank space with the directions of
each pair packed beside its column, the open pairs of each broker from
group-wise counts of its contacts.

References: the counts are integers, so the compiled engine must equal,
exactly, the numpy engine (the tested fallback) and a slow count of every
2-path written here from the definition (Gould & Fernandez 1989: an open
2-path ``a -> b -> c``, ``a != c``, no tie ``a -> c``, counted at ``b`` by
which of ``a``, ``b``, ``c`` share a group), whatever the number of tasks
(1, 2, 3: ``_compiled.TASKS``), directed or not, symmetry given or found.
The packed pattern is checked against the symmetric matrix
``B + 2 B^T`` built with scipy (its value is ``1 [i -> j] + 2 [j -> i]``).

Skipped without numba (``pip install 'clusternet[fast]'``).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from clusternet._kernels import _compiled
from clusternet._kernels import gould_fernandez as gf

pytestmark = pytest.mark.skipif("numba" not in _compiled.available(),
                                reason="numba is not installed (pip install 'clusternet[fast]')")

PATH_CODES = gf.PATH_CODES


def random_pattern(seed: int, n: int, density: float, directed: bool, hubs: int
                   ) -> sp.csr_array:
    """A random pattern with weights 1..4, no diagonal; the first ``hubs``
    nodes tied to about half of the others (both ways)."""
    rng = np.random.default_rng(seed)
    a = rng.random((n, n)) < density
    hub_ties = rng.random(n) < 0.5
    a[:hubs, hub_ties] = True
    a[hub_ties, :hubs] = True
    np.fill_diagonal(a, False)
    if not directed:
        a = a | a.T
    return sp.csr_array(a * rng.integers(1, 5, size=(n, n)).astype(float))


def by_definition(A: sp.csr_array, group: np.ndarray) -> np.ndarray:
    """Every 2-path ``a -> b -> c`` one at a time: open ones counted at
    ``b`` by path code ``4 [G(a)=G(b)] + 2 [G(b)=G(c)] + [G(a)=G(c)]``."""
    a_ = A.toarray() != 0
    column = {code: k for k, code in enumerate(PATH_CODES)}
    out = np.zeros((len(a_), len(PATH_CODES)))
    for b in range(len(a_)):
        for a in np.flatnonzero(a_[:, b]):
            for c in np.flatnonzero(a_[b]):
                if a != c and not a_[a, c]:
                    out[b, column[gf.path_code(group[a] == group[b], group[b] == group[c],
                                               group[a] == group[c])]] += 1
    return out


@pytest.fixture
def tasks(monkeypatch):
    def set_tasks(k: int) -> None:
        monkeypatch.setattr(_compiled, "TASKS", k)
    return set_tasks


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 25),
       density=st.sampled_from([0.05, 0.2, 0.5, 0.9]), directed=st.booleans(),
       hubs=st.integers(0, 2), n_groups=st.integers(1, 4))
def test_compiled_counts_equal_the_definition_and_the_numpy_engine(seed, n, density, directed,
                                                                    hubs, n_groups):
    A = random_pattern(seed, n, density, directed, hubs)
    group = np.random.default_rng(seed + 1).integers(0, n_groups, n)
    expected = by_definition(A, group)
    np.testing.assert_array_equal(gf.gf_counts(A, group, PATH_CODES, engine="numpy"), expected)
    symmetric = not directed
    old = _compiled.TASKS
    try:
        for k in (1, 2, 3):
            _compiled.TASKS = k
            for given_symmetry in {None, symmetric, False}:
                np.testing.assert_array_equal(
                    gf.gf_counts(A, group, PATH_CODES, symmetric=given_symmetry,
                                 engine="numba"), expected, err_msg=f"{k} tasks")
    finally:
        _compiled.TASKS = old


@pytest.mark.parametrize("directed", [False, True])
def test_the_same_counts_whatever_the_tasks_on_a_hub_graph(directed, tasks, monkeypatch):
    # hubs give rows of very different work: the chunks differ by tasks;
    # the closed 2-paths counted in int32 (default here) or int64
    A = random_pattern(5, 300, 0.04, directed, hubs=4)
    group = np.random.default_rng(2).integers(0, 5, 300)
    runs = []
    for k in (1, 2, 3):
        tasks(k)
        runs.append(gf.gf_counts(A, group, PATH_CODES, engine="numba"))
        monkeypatch.setattr(_compiled, "GF_INT32_BELOW", 0)
        runs.append(gf.gf_counts(A, group, PATH_CODES, engine="numba"))
        monkeypatch.undo()
    for run in runs[1:]:
        np.testing.assert_array_equal(run, runs[0])
    np.testing.assert_array_equal(runs[0], gf.gf_counts(A, group, PATH_CODES, engine="numpy"))


def test_columns_in_any_order_and_subset(tasks):
    A = random_pattern(9, 60, 0.1, True, hubs=1)
    group = np.random.default_rng(3).integers(0, 3, 60)
    full = gf.gf_counts(A, group, PATH_CODES, engine="numba")
    some = (7, 0, 2)
    np.testing.assert_array_equal(gf.gf_counts(A, group, some, engine="numba"),
                                  full[:, [PATH_CODES.index(c) for c in some]])


def test_sparse_group_codes(tasks):
    # codes far above the number of nodes count as their ranks among the codes
    A = random_pattern(6, 50, 0.1, True, hubs=1)
    group = np.random.default_rng(6).integers(0, 4, 50)
    expected = gf.gf_counts(A, group, PATH_CODES, engine="numpy")
    tasks(2)
    np.testing.assert_array_equal(
        gf.gf_counts(A, group * 10**12 + 7, PATH_CODES, engine="numba"), expected)


def test_the_graphs_arrays_are_read_not_copied():
    # a canonical int32 pattern with no explicit zero: its own arrays
    A = random_pattern(1, 30, 0.2, False, hubs=0)
    indptr, indices = _compiled._gf_pattern(A)
    assert indptr is A.indptr and indices is A.indices


def test_non_canonical_input_is_read_as_its_pattern(tasks):
    # rows unsorted, a duplicate and an explicit zero in each row, int64
    # columns: read as the pattern of the canonical matrix (duplicates
    # summed, zeros dropped), as the numpy engine reads it
    A = random_pattern(4, 40, 0.15, True, hubs=1)
    group = np.random.default_rng(4).integers(0, 3, 40)
    expected = gf.gf_counts(A, group, PATH_CODES, engine="numpy")
    rng = np.random.default_rng(0)
    indptr, indices, data = [0], [], []
    for i in range(40):
        row = A.indices[A.indptr[i]:A.indptr[i + 1]]
        values = A.data[A.indptr[i]:A.indptr[i + 1]]
        absent = np.setdiff1d(np.arange(40), np.append(row, i))[:1]  # not a tie of i
        columns = np.concatenate((row, row[:1], absent))
        weights = np.concatenate((values, values[:1], np.zeros(len(absent))))
        shuffle = rng.permutation(len(columns))
        indices.extend(columns[shuffle])
        data.extend(weights[shuffle])
        indptr.append(len(indices))
    dirty = sp.csr_array((np.array(data), np.array(indices, dtype=np.int64),
                          np.array(indptr, dtype=np.int64)), shape=A.shape)
    assert not dirty.has_canonical_format
    for k in (1, 2):
        tasks(k)
        np.testing.assert_array_equal(gf.gf_counts(dirty, group, PATH_CODES, engine="numba"),
                                      expected)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 20),
       density=st.sampled_from([0.1, 0.3, 0.7]), directed=st.booleans())
def test_packed_pattern_is_the_symmetric_pattern_with_its_directions(seed, n, density, directed):
    from clusternet._kernels import _compiled_loops as loops
    A = random_pattern(seed, n, density, directed, hubs=0)
    B = (A != 0).astype(np.int64)
    degree, reciprocated, entries = loops.gf_union_degrees(A.indptr, A.indices, False)
    # symmetric iff every entry's reverse is stored
    assert (reciprocated == entries) == ((B != B.T).nnz == 0)
    assert entries == B.nnz
    either = (B + 2 * B.T).toarray()  # 1 [i -> j] + 2 [j -> i]
    np.testing.assert_array_equal(degree, (either > 0).sum(axis=1))
    order = np.argsort(degree, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    indptr, packed, first_higher = loops.gf_union(A.indptr, A.indices, order, rank, degree,
                                                  (B != B.T).nnz == 0)
    for r in range(n):
        row = packed[indptr[r]:indptr[r + 1]]
        assert (np.diff(row) > 0).all()  # sorted, each column once
        columns = row >> 2
        i = order[r]
        np.testing.assert_array_equal(np.sort(rank[np.flatnonzero(either[i])]), columns)
        np.testing.assert_array_equal(row & 3, either[i, order[columns]])
        assert first_higher[r] == indptr[r] + (columns <= r).sum()


def test_symmetry_is_checked_without_a_transpose_when_not_given(monkeypatch, tasks):
    # a directed graph passed with symmetric=None: found not symmetric
    # (the directed counts), with no transpose made
    A = random_pattern(8, 50, 0.1, True, hubs=1)
    group = np.random.default_rng(5).integers(0, 3, 50)
    expected = gf.gf_counts(A, group, PATH_CODES, engine="numpy")

    def no_transpose(self, *args, **kwargs):
        raise AssertionError("a transpose was made")

    monkeypatch.setattr(sp.csr_array, "transpose", no_transpose)
    tasks(2)
    np.testing.assert_array_equal(gf.gf_counts(A, group, PATH_CODES, engine="numba"), expected)


def test_empty_graphs():
    for n in (0, 1, 2):
        out = gf.gf_counts(sp.csr_array((n, n)), np.zeros(n, dtype=np.int64), PATH_CODES,
                           engine="numba")
        assert out.shape == (n, 5) and not out.any()
