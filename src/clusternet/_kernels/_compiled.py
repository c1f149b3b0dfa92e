"""The compiled engine of Burt's measures and the Gould-Fernandez counts,
and the choice of engine.

One implementation of each kernel, with one documented fallback:

- ``"numba"`` (the implementation): the loops of :mod:`._compiled_loops`,
  compiled by numba (``pip install clusternet[fast]``), parallel over
  chunks of rows of about equal work with the threads numba runs
  (``numba.set_num_threads``, or the environment variable
  ``NUMBA_NUM_THREADS``). The compiled code is cached on disk
  (``cache=True``: ``__pycache__`` beside this module, or numba's user
  cache directory when that is read-only, or ``NUMBA_CACHE_DIR``), so only
  the first call after installation compiles (measured on a 2-core
  machine: 11.1 s for the serial loops, 5.6 s more for the parallel ones
  that a large graph runs, once); a later first call loads them (0.47 s
  and 0.06 s; ``benchmarks/bench_local_kernels.py``). Graphs under
  :data:`PARALLEL_MIN` ties run in the calling thread (serial twins of the
  same loops), which keeps the many small calls cheap;
- ``"numpy"`` (the fallback without numba, and the default on small
  inputs): the vectorised kernels of :mod:`.burt` and
  :mod:`.gould_fernandez`. *Tested equal*: both engines sum every term
  in the same order (the rank of the common contact), so they agree to
  the last bit on constraint, effective size and efficiency, and to about
  1e-13 on hierarchy (``log`` comes from different libraries); the
  Gould-Fernandez counts are integers and agree exactly.
  ``tests/test_kernels_compiled.py`` checks this on random graphs
  (hypothesis), and both against slow references written from the
  formulas.

The default is ``"numba"`` when numba can be imported and the graph has
at least :data:`COMPILED_FROM` ties, else ``"numpy"``; the environment
variable ``CLUSTERNET_ENGINE`` (``numba`` or ``numpy``) overrides it, read
at each call, and the kernels take ``engine=``.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

import os
from functools import cache
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from .diversity import row_blocks

__all__ = ["BLOCK_TIES", "BURT_BYTES", "COMPILED_FROM", "DEFAULT_SHARE", "ENGINES",
           "MOST_BLOCKS", "available", "available_memory", "burt", "burt_bytes", "burt_plan",
           "gf_counts", "resolve", "value_kind"]

#: The engines, in order of preference.
ENGINES = ("numba", "numpy")


@cache
def available() -> tuple[str, ...]:
    """The engines that can run here, in order of preference."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return ("numpy",)
    return ENGINES


#: Below this many ties (stored entries of the matrix the kernel reads) the
#: default engine is numpy: the work takes milliseconds, less than loading
#: the compiled code (about 0.5 s at the first call of a session).
COMPILED_FROM = 1 << 16


def resolve(engine: str | None, size: int = COMPILED_FROM) -> str:
    """The engine to use: ``engine`` if given, else ``CLUSTERNET_ENGINE``,
    else numba when it is available and the input has at least
    :data:`COMPILED_FROM` entries (``size``), else numpy."""
    if engine is None:
        engine = os.environ.get("CLUSTERNET_ENGINE") or None
    if engine is None:
        engine = "numba" if "numba" in available() and size >= COMPILED_FROM else "numpy"
    if engine not in ENGINES:  # pragma: no cover - internal
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    if engine not in available():  # pragma: no cover - depends on the install
        raise ImportError("engine='numba' needs numba: pip install 'clusternet[fast]'")
    return engine


#: Below this many entries (ties) the loops run in the calling thread: waking
#: the thread pool would cost more than the work.
PARALLEL_MIN = 1 << 16

#: Force the number of tasks (tests: 1, 2, 3 ... must give the same bits);
#: None: one per thread numba runs, one below :data:`PARALLEL_MIN`.
TASKS: int | None = None

#: Chunks of rows per thread in the Burt passes: handed out one at a time
#: to the free thread, so that a thread slowed by another process does not
#: hold the others back.
CHUNKS_PER_TASK = 16


def _tasks(size: int) -> int:
    """Tasks of the parallel loops (the result does not depend on it)."""
    if TASKS is not None:
        return TASKS
    if size < PARALLEL_MIN:
        return 1
    import numba
    return int(numba.get_num_threads())


def _loops():
    from . import _compiled_loops
    return _compiled_loops


# ------------------------------------------------------------------- Burt
def _rank_order(indptr: np.ndarray) -> np.ndarray:
    """The rows by increasing degree, ties by label (a stable sort; the
    order of :class:`.triangles.Ranked`)."""
    degree = np.diff(indptr)
    n = len(degree)
    # a stable sort of small integers is a radix sort
    small = degree.astype(np.uint16) if n and degree.max() < 1 << 16 else degree
    return np.argsort(small, kind="stable").astype(np.int64)


def _ranks(indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``order`` (labels by rank, :func:`_rank_order`) and ``rank`` (ranks
    by label), int32."""
    n = len(indptr) - 1
    order = _rank_order(indptr).astype(np.int32)
    rank = np.empty(n, dtype=np.int32)
    rank[order] = np.arange(n, dtype=np.int32)
    return order, rank


def _union_indptr(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Row pointers of the symmetric pattern of a directed pattern (its
    contacts in either direction; only their counts are built)."""
    degree, _, _ = _loops().gf_union_degrees(indptr, indices, False)
    union = np.zeros(len(indptr), dtype=np.int64)
    np.cumsum(degree, out=union[1:])
    return union


def _arrays(M: sp.csr_array, unit: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``indptr`` and ``indices`` (int32 or int64: a graph built from an
    edge list holds int64, one from affiliations int32) and ``data``
    (float64; empty with ``unit``) of ``M``: its own arrays, not copied,
    where their types allow (the loops are compiled for each)."""
    if M.nnz >= 2**31 or M.shape[0] >= 2**31:  # pragma: no cover - 2e9 ties
        raise ValueError("the compiled engine holds columns as int32: at most 2**31 entries")
    if not M.has_sorted_indices:  # pragma: no cover - the graph's CSR is canonical
        raise ValueError("the rows of M must be sorted")
    data = np.asarray(M.data, dtype=np.float64) if not unit else np.empty(0)
    ints = (np.int32, np.int64)
    indptr = M.indptr if M.indptr.dtype in ints else M.indptr.astype(np.int64)
    indices = M.indices if M.indices.dtype in ints else M.indices.astype(np.int64)
    return indptr, indices, data


def value_kind(M: sp.csr_array, unit: bool) -> int:
    """How the tie list of :func:`burt` holds the tie values: 0, none
    (``unit``); 1, as float32 (every value is one: 4 bytes a tie, no bit
    lost); 2, as the offset of each tie's entry in ``M.data`` (4 bytes,
    read through it)."""
    if unit:
        return 0
    return 1 if _loops().float32_exact(np.asarray(M.data, dtype=np.float64)) else 2


#: Bytes :func:`burt` holds: per tie of its tie list (the column; the
#: value, as float32 or as an offset, adds 4 more unless every tie counts
#: 1), per node (nine arrays of nodes, the result aside), per node and
#: thread (the places of a row's contacts), per tie of a block (its two sums
#: and its place among the ties of its higher end, ``block_lower_ties``),
#: and per entry of the longest lower list, per thread (sorted there).
BURT_BYTES = {"tie": 4, "value": 4, "node": 56, "node_thread": 4, "block_tie": 24,
              "lower_thread": 8}

#: The share of half the graph's size the default plan fills: the rest is
#: room for what :data:`BURT_BYTES` leaves out (numba's own allocations,
#: pages partly used).
DEFAULT_SHARE = 0.9

#: The default plan takes at most this many blocks (each costs a pass over
#: the nodes): on a graph so sparse that its arrays of nodes take up half
#: its size, the blocks are as large as this allows.
MOST_BLOCKS = 64

#: Nor fewer ties per block than this (100 kB of sums), unless the graph
#: has fewer.
BLOCK_TIES = 1 << 12


def burt_bytes(n_nodes: int, n_entries: int, longest: int, kind: int, block: int, *,
               directed: bool = False) -> int:
    """Working memory of :func:`burt` (bytes) on a matrix of ``n_nodes``
    and ``n_entries`` stored entries (``longest``: the longest row) with
    blocks of ``block`` ties; ``kind``: :func:`value_kind`, or 3 for values
    held as float64. ``directed``: ``n_entries`` arcs, at most as many
    ties, listed by both ends (4 bytes a tie and 8 a node more)."""
    b = BURT_BYTES
    ties = n_entries if directed else n_entries // 2
    threads = max(_threads(), 1)
    value = (0, b["value"], b["value"], 2 * b["value"])[kind]
    return int(8 * (n_nodes + 1) + ties * (b["tie"] + value + (4 if directed else 0))
               + n_nodes * (b["node"] + (8 if directed else 0) + threads * b["node_thread"])
               + threads * longest * b["lower_thread"] + block * b["block_tie"])


def burt_plan(n_nodes: int, n_entries: int, longest: int, kind: int,
              max_memory: float | None, *, graph_bytes: int | None = None,
              available: float | None = None, directed: bool = False) -> int:
    """Ties per block of :func:`burt`.

    ``max_memory`` given: as many as fit in it, raising
    :class:`MemoryError` (with the bytes needed) when blocks of the longest
    row's ties (``longest``) do not. Not given: as many as fit in half of
    ``graph_bytes`` (the size of the graph's CSR; :data:`DEFAULT_SHARE`
    of it, for room), but no more than :data:`MOST_BLOCKS` blocks and no
    fewer than :data:`BLOCK_TIES` ties a block (all the ties when fewer),
    and within half of ``available`` (bytes free), raising
    :class:`MemoryError` when even the smallest blocks exceed that."""
    ties = max(n_entries if directed else n_entries // 2, 1)
    fixed = burt_bytes(n_nodes, n_entries, longest, kind, 0, directed=directed)
    per_tie = BURT_BYTES["block_tie"]
    smallest = max(min(longest, ties), 1)
    if max_memory is not None:
        block = int((max_memory - fixed) // per_tie)
        if block < smallest:
            raise MemoryError(fixed + per_tie * smallest)
        return min(block, ties)
    block = (int((DEFAULT_SHARE * 0.5 * graph_bytes - fixed) // per_tie)
             if graph_bytes is not None else ties)
    fewest = max(-(-ties // MOST_BLOCKS), min(BLOCK_TIES, ties), smallest)
    block = min(max(block, fewest), ties)
    if available is not None and fixed + per_tie * block > 0.5 * available:
        block = int((0.5 * available - fixed) // per_tie)
        if block < smallest:
            raise MemoryError(fixed + per_tie * smallest)
    return block


def burt(M: sp.csr_array, positions: np.ndarray | None, *, unit: bool = False,
         block: int | None = None, hierarchy: bool = True,
         directed: bool = False) -> dict[str, np.ndarray]:
    """Burt's constraint, effective size, efficiency and hierarchy with the
    compiled loops (see :func:`.burt.burt` for the arguments and results),
    reading ``M`` itself, never copied.

    ``M``: the symmetric mutual-tie matrix, each row sorted by label
    (canonical CSR), or with ``unit`` the pattern of one (every tie counts
    1, its values not read: an undirected graph's adjacency as it is).

    All egos (or many): the list of ties by their lower end, in rank space
    (:func:`._compiled_loops.upper`), with their values as float32 when
    that loses no bit, else as offsets into ``M.data``; the strengths
    (:func:`._compiled_loops.upper_strengths`); then blocks of consecutive
    ranks holding ``block`` ties (all when None): the sums of the block's
    ties, row by row (:func:`._compiled_loops.burt_block_ties`), and each
    ego's terms of those ties (:func:`._compiled_loops.burt_block_egos`).
    Hierarchy (``hierarchy``) needs each ego's constraint first: a second
    round of the blocks, its terms only. Without it, the result has no
    ``"hierarchy"``.

    ``directed``: ``M`` is a directed graph's adjacency (rows sorted by
    label), read as its mutual ties ``m_ij = a_ij + a_ji`` (each arc counted
    1 with ``unit``) without building them: the tie list is made from the
    arcs, each one's reverse found by a binary search
    (:func:`._compiled_loops.upper_directed`), and the ties by their higher
    end are listed too (:func:`._compiled_loops.lower_lists`, 4 bytes a
    tie), since the rows of ``M`` do not hold a node's in-arcs. The same
    numbers, to the last bit, as on the matrix of mutual ties. There is no
    few-egos path then: ``positions`` picks from all egos.

    A few egos (cheaper by the count of contact-list steps,
    :func:`_burt_few`): their ties only, by intersecting contact lists read
    through a rank-order walk of ``M``
    (:func:`._compiled_loops.burt_some_egos_walked`).

    Working memory (:func:`burt_bytes`): 4 bytes per tie (its column), 4
    more for its value unless ``unit`` (and 4 more, the list by higher
    ends, when ``directed``); about 60 bytes per node; and 24 bytes per tie
    of a block. Measured
    (``benchmarks/bench_burt_memory.py``, peak resident memory added, the
    result aside) at 9.0e6 ties: see ``benchmarks/README.md``.
    """
    loops = _loops()
    n = M.shape[0]
    if positions is not None and not directed:
        few = _burt_few(M, unit, np.asarray(positions, dtype=np.int64))
        if few is not None:
            return few
    down_ptr = down_tie = None
    if directed:
        indptr, indices, data = _arrays(M, False)
        order, rank = _ranks(_union_indptr(indptr, indices))
        up_ptr, up_col, value32, value64 = loops.upper_directed(indptr, indices, data, rank,
                                                                unit)
        # float32 when no bit is lost (4 bytes a tie), else float64
        value = value32 if len(value32) or not len(value64) else value64
        del value32, value64
        at = None
        down_ptr, down_tie = loops.lower_lists(up_ptr, up_col)
    else:
        indptr, indices, data = _arrays(M, unit)
        kind = value_kind(M, unit)
        order, rank = _ranks(indptr)
        up_ptr, up_col, value, at = loops.upper(indptr, indices, data, order, rank, kind)
        # the values unused are None: the loops are compiled for each case (_m)
        value = value if kind == 1 else None
        at = at if kind == 2 else None
    s, strongest, n_lower = loops.upper_strengths(up_ptr, up_col, value, at, data)
    ties = len(up_col)
    n_tasks = _tasks(2 * ties)
    parallel = n_tasks > 1
    n_chunks = n_tasks if TASKS is not None else n_tasks * CHUNKS_PER_TASK
    threads = max(n_tasks, _threads()) if parallel else 1
    most_higher = int(loops.most_higher(up_ptr))
    places = loops.empty_places(threads, n, most_higher)
    lowers = np.empty((threads, int(n_lower.max(initial=0))), dtype=np.int64)
    # blocks of consecutive ranks holding at most ``block`` ties
    ends = [0] + [hi for _, hi in row_blocks(up_ptr, max(1, int(block or ties)))]
    longest = max((int(up_ptr[b] - up_ptr[a]) for a, b in zip(ends, ends[1:])), default=0)
    sums = np.empty((longest, 2))
    C = np.zeros(n)
    R = np.zeros(n)
    out = np.full((5, n), np.nan)
    ties_loop = loops.burt_block_ties if parallel else loops.burt_block_ties_serial
    egos_loop = loops.burt_block_egos if parallel else loops.burt_block_egos_serial
    for second in (False, True) if hierarchy else (False,):
        if second:
            R[:] = 0.0  # now the sums of x_j ln x_j
        for first, stop in zip(ends, ends[1:]):
            bounds = (chunks(loops.row_work(first, stop, up_ptr, up_col, indptr, order),
                             n_chunks) + first if parallel
                      else np.array([first, stop], dtype=np.int64))
            _dynamic(parallel, ties_loop, bounds, indptr, indices, data, value, at, order, rank,
                     up_ptr, up_col, down_ptr, down_tie, s, not second, places, lowers,
                     most_higher, sums)
            lower_ptr, tie, low = loops.block_lower_ties(first, stop, up_ptr, up_col)
            ego_bounds = (loops.ego_chunks(first, stop, lower_ptr, up_ptr, n_chunks) if parallel
                          else np.array([first, n], dtype=np.int64))
            _dynamic(parallel, egos_loop, ego_bounds, first, stop, lower_ptr, tie, low, up_ptr,
                     up_col, value, at, data, s, strongest, n_lower, sums, second, C, R, order,
                     out)
            del lower_ptr, tie, low
    del sums, places, lowers, up_col, value, at, down_tie
    if positions is not None:
        out = out[:, np.asarray(positions, dtype=np.int64)]
    keys = ("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts")
    return {key: row for key, row in zip(keys, out) if hierarchy or key != "hierarchy"}


class Walked(NamedTuple):
    """A symmetric CSR read in rank order without relabelling
    (:func:`._compiled_loops.rank_walk`): labels by rank (``order``), ranks
    by label (``rank``), the walk of each row, its contacts ranked below it
    (``n_lower``) and its contacts (``degree``, self-ties left out), and the
    strengths ``s`` and strongest ties (:func:`._compiled_loops.walk_strengths`)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    unit: bool
    order: np.ndarray
    rank: np.ndarray
    walk: np.ndarray
    n_lower: np.ndarray
    degree: np.ndarray
    s: np.ndarray
    strongest: np.ndarray


def walked(M: sp.csr_array, unit: bool = False) -> Walked:
    """:class:`Walked` of ``M`` (rows sorted by label), reading its arrays
    with no copy."""
    loops = _loops()
    indptr, indices, data = _arrays(M, unit)
    order, rank = _ranks(indptr)
    walk, n_lower, degree = loops.rank_walk(indptr, indices, order)
    s, strongest = loops.walk_strengths(indptr, indices, data, unit, walk, degree)
    return Walked(indptr, indices, data, unit, order, rank, walk, n_lower, degree, s, strongest)


def _few_is_cheaper(M: sp.csr_array, egos: np.ndarray) -> bool:
    """Whether intersecting the egos' contact lists (the shorter list of
    each tie, about 2 look-ups per step) costs less than the walks of
    every row of :func:`burt` (``sum_x d+(x) (d+(x) / 2 + d-(x))`` steps,
    with ``d+`` and ``d-`` the contacts ranked above and below), counted
    on ``M`` as it is (self-ties too: an estimate)."""
    if len(egos) == 0:
        return True
    indptr = np.asarray(M.indptr, dtype=np.int64)
    degree = np.diff(indptr)
    ego_degree = degree[egos]
    total = int(ego_degree.sum())
    if 2 * total >= M.nnz:  # the egos hold most of the ties
        return False
    _, rank = _ranks(indptr)
    higher = _loops().higher_counts(indptr, np.asarray(M.indices, dtype=np.int32),
                                    rank).astype(np.float64)
    all_steps = float((higher * (higher / 2 + (degree - higher))).sum()) + M.nnz
    if 2 * total >= all_steps:  # at least one step per entry
        return False
    starts = np.repeat(indptr[egos], ego_degree)
    places = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(ego_degree) - ego_degree,
                                                         ego_degree)
    contacts = M.indices[starts + places]
    cost = 2.0 * np.minimum(np.repeat(ego_degree, ego_degree), degree[contacts]).sum()
    return bool(cost < all_steps)


def _burt_few(M: sp.csr_array, unit: bool, egos: np.ndarray) -> dict[str, np.ndarray] | None:
    """Burt's measures of ``egos`` (labels) by intersecting their ties'
    contact lists (:func:`._compiled_loops.burt_some_egos_walked`) when that
    is cheaper (:func:`_few_is_cheaper`); None otherwise."""
    if not _few_is_cheaper(M, egos):
        return None
    W = walked(M, unit)
    loops = _loops()
    n_tasks = _tasks(len(W.indices))
    n_chunks = n_tasks if TASKS is not None else n_tasks * CHUNKS_PER_TASK
    bounds = chunks(W.degree[egos] + 1, n_chunks)
    some = loops.burt_some_egos_walked if n_tasks > 1 else loops.burt_some_egos_walked_serial
    out = _dynamic(n_tasks > 1, some, W.indptr, W.indices, W.data, W.unit, W.walk, W.n_lower,
                   W.degree, W.rank, W.s, W.strongest, egos, bounds)
    return dict(zip(("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts"),
                    out))


def available_memory() -> float | None:
    """Bytes of memory available now (``MemAvailable`` of ``/proc/meminfo``,
    else the free physical pages), or None when it cannot be read."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return None


def _threads() -> int:
    """The threads numba runs (1 without numba)."""
    try:
        import numba
    except ImportError:  # pragma: no cover
        return 1
    return int(numba.get_num_threads())


def chunks(work: np.ndarray, n_chunks: int) -> np.ndarray:
    """Boundaries of ``n_chunks`` (at most) contiguous row ranges of about
    equal summed ``work``: ``bounds[c]:bounds[c + 1]`` is chunk ``c``."""
    n = len(work)
    if n == 0:
        return np.zeros(1, dtype=np.int64)
    total = np.cumsum(work)
    targets = total[-1] * np.arange(1, n_chunks, dtype=np.float64) / n_chunks
    inner = np.searchsorted(total, targets, side="right")
    return np.unique(np.concatenate(([0], inner, [n]))).astype(np.int64)


def _dynamic(parallel: bool, loop, *args):
    """Run ``loop``; its parallel chunks handed out one at a time."""
    if not parallel:
        return loop(*args)
    import numba
    with numba.parallel_chunksize(1):
        return loop(*args)


# -------------------------------------------------------- Gould-Fernandez
#: The closed 2-paths are counted in int32 (per chunk of rows) when every
#: node has fewer ordered pairs of contacts than this, else in int64
#: (tests: 0, int64 always).
GF_INT32_BELOW = 2**31


def gf_counts(A: sp.csr_array, codes: np.ndarray, path_codes, symmetric: bool | None
              ) -> np.ndarray:
    """Open 2-paths per broker by path code, shape ``(n, len(path_codes))``
    (see :func:`.gould_fernandez.gf_counts`), with the compiled loops, read
    from the pattern of ``A`` (its values are not read).

    Steps (:mod:`._compiled_loops`): the contacts of each node in the
    symmetric pattern, and whether ``A`` is symmetric when ``symmetric``
    is None (:func:`~._compiled_loops.gf_union_degrees`: a binary search
    of each entry's reverse, no transpose); that pattern in rank space, the
    directions of each pair packed beside its column
    (:func:`~._compiled_loops.gf_union`); the closed 2-paths from its
    triangles (:func:`~._compiled_loops.gf_closed_by_code`), then the open
    ones: the pairs of each broker by path code from group-wise counts of
    its contacts, less the closed ones, written in graph order
    (:func:`~._compiled_loops.gf_open`).

    Working memory: the packed pattern, 4 bytes per entry of the
    symmetric pattern (the entries of ``A`` when it is symmetric; between
    1 and 2 per arc when not: a directed graph's triangles are those of
    its symmetric pattern, and the directions of a pair are read where the
    triangle walk meets it); per node about six int64 and, per chunk of
    rows, the closed counts (five int32 per thread, or int64 past
    :data:`GF_INT32_BELOW` pairs of contacts) and a position (int32 per
    running chunk), and two counters per group and chunk. ``A`` itself is
    read, not copied, when it is canonical (sorted rows, no duplicates)
    with no explicit zero and int32 or int64 columns (a graph's adjacency);
    else its pattern is copied first. Measured
    (``benchmarks/bench_gf_memory.py``, peak resident memory added, less
    the result): 0.42 times the graph's CSR at 9.0e6 undirected ties (5.0
    bytes per stored entry), 0.73 times at 5.4e6 arcs held as int32 (a
    graph built from an edge list holds int64 arrays, 16 bytes an arc: the
    same pattern is then about half of it).
    """
    loops = _loops()
    n = A.shape[0]
    if A.nnz >= 2**31 or n >= 2**29:  # pragma: no cover - 2e9 ties
        raise ValueError("the compiled engine packs 4 column + directions in an int32: "
                         "at most 2**29 nodes and 2**31 entries")
    indptr, indices = _gf_pattern(A)
    degree, reciprocated, entries = loops.gf_union_degrees(indptr, indices, symmetric is True)
    if symmetric is None:
        symmetric = reciprocated == entries
    union_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=union_indptr[1:])
    order = _rank_order(union_indptr)
    del union_indptr
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    union_indptr, packed, first_higher = loops.gf_union(indptr, indices, order, rank, degree,
                                                        bool(symmetric))
    del degree, rank
    codes = np.asarray(codes)
    n_groups = int(codes.max()) + 1 if n else 0
    if n_groups > n:  # codes left sparse: renumbered, for one counter per group
        groups, codes = np.unique(codes, return_inverse=True)
        n_groups = len(groups)
    group = codes[order].astype(np.int32 if n_groups < 2**31 else np.int64)
    n_tasks = _tasks(len(packed))
    parallel = n_tasks > 1
    n_chunks = n_tasks if TASKS is not None else n_tasks * CHUNKS_PER_TASK
    work = loops.gf_work(union_indptr, packed, first_higher)
    bounds = chunks(work, n_chunks)
    del work
    # a node's closed 2-paths of one code are at most its ordered pairs of contacts
    most = int(np.diff(union_indptr).max(initial=0))
    count_type = np.int32 if most * (most - 1) < GF_INT32_BELOW else np.int64
    # one array of counts per thread (the chunks go to the free threads)
    closed = np.zeros((max(n_tasks, _threads()) if parallel else 1, n, 5), dtype=count_type)
    _dynamic(parallel, loops.gf_closed_by_code if parallel else loops.gf_closed_by_code_serial,
             union_indptr, packed, first_higher, group, bool(symmetric), bounds, closed)
    column_of_code = np.full(8, -1, dtype=np.int64)
    for column, code in enumerate(path_codes):
        column_of_code[int(code)] = column
    out = np.empty((n, len(path_codes)))
    open_paths = loops.gf_open if n_tasks > 1 else loops.gf_open_serial
    open_paths(union_indptr, packed, group, n_groups, order, closed, column_of_code,
               chunks(np.diff(union_indptr) + 1, n_tasks), out)
    return out


def _gf_pattern(A: sp.csr_array) -> tuple[np.ndarray, np.ndarray]:
    """``indptr`` and ``indices`` of the pattern of ``A``, each row sorted:
    ``A``'s own arrays when it is canonical with no explicit zero and
    int32 or int64 columns (a graph built from affiliations, or from an
    edge list), else those of a copy (int32 columns)."""
    if A.has_canonical_format and np.count_nonzero(A.data) == A.nnz \
            and A.indices.dtype in (np.int32, np.int64):
        return A.indptr, A.indices
    B = sp.csr_array(A, copy=True)
    B.sum_duplicates()  # sorts the rows too
    B.eliminate_zeros()
    return B.indptr, B.indices.astype(np.int32)
