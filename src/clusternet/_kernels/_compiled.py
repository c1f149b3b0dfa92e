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
  machine: 5.6 s for the serial loops, 7.5 s more for the parallel ones
  that a large graph runs, once); a later first call loads them (0.45 s
  and 0.24 s; ``benchmarks/bench_local_kernels.py``). Graphs under
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

__all__ = ["BLOCK_BYTES", "COMPILED_FROM", "ENGINES", "FAST_BYTES", "RankSpace", "available",
           "available_memory", "burt", "burt_in_blocks", "burt_plan", "gf_counts",
           "rank_space", "resolve"]

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


#: Entries (ties seen from one end) of a block of rows in the pass of tie
#: sums of Burt's measures: its buffer of above sums holds 20 bytes per
#: entry (20 MB). A row longer than that is a block of its own. The result
#: does not depend on it (tests: 1 entry, a few).
BLOCK = 1 << 20


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


# ------------------------------------------------------------- rank space
class RankSpace(NamedTuple):
    """A symmetric matrix relabelled by rank of degree (ties broken by the
    original order, as :class:`.triangles.Ranked`), each row sorted: row
    ``r`` is the actor ``order[r]``; ``rank`` is the inverse. Columns are
    int32; ``first_higher[r]`` is the first entry of row ``r`` ranked above
    ``r``."""

    order: np.ndarray
    rank: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    first_higher: np.ndarray

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)


def rank_space(M: sp.csr_array) -> RankSpace:
    """Relabel ``M`` by rank of degree (:func:`._compiled_loops.relabel`,
    one counting-sort pass). The values are those of ``M.T``: the same as
    ``M``'s when it is symmetric."""
    return _relabelled(M, 1)[0]


def _rank_order(indptr: np.ndarray) -> np.ndarray:
    """The rows by increasing degree, ties by label (a stable sort; the
    order of :class:`.triangles.Ranked`)."""
    degree = np.diff(indptr)
    n = len(degree)
    # a stable sort of small integers is a radix sort
    small = degree.astype(np.uint16) if n and degree.max() < 1 << 16 else degree
    return np.argsort(small, kind="stable").astype(np.int64)


def _relabelled(M: sp.csr_array, columns: int) -> tuple[RankSpace, np.ndarray]:
    """:func:`rank_space`, its values the first of ``columns`` columns of
    one float64 array (returned beside it; the others left for the caller
    to fill: Burt's measures hold ``m / s`` there, the ties held once)."""
    n = M.shape[0]
    if M.nnz >= 2**31 or n >= 2**31:  # pragma: no cover - 2e9 ties
        raise ValueError("the compiled engine holds columns as int32: at most 2**31 entries")
    indptr = np.asarray(M.indptr, dtype=np.int64)
    order = _rank_order(indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    values = np.empty((M.nnz, columns))
    indptr_r, indices_r, first_higher = _loops().relabel(
        indptr, np.asarray(M.indices, dtype=np.int32), np.asarray(M.data, dtype=np.float64),
        order, rank, values)
    values = values[:len(indices_r)]  # self-ties left out
    return RankSpace(order, rank, indptr_r, indices_r, values[:, 0], first_higher), values


# ------------------------------------------------------------------- Burt
def burt(M: sp.csr_array, positions: np.ndarray | None, *,
         unit: bool = False) -> dict[str, np.ndarray]:
    """Burt's constraint, effective size, efficiency and hierarchy with the
    compiled loops (see :func:`.burt.burt` for the arguments and results).

    All egos (or many): the sums of every tie from one pass of wedges by
    blocks of rows (:func:`_tie_sums`), then the egos
    (:func:`._compiled_loops.burt_egos`). A few egos (cheaper by the count
    of contact-list steps, :func:`_burt_few`): their ties only, by
    intersecting contact lists read from ``M`` itself through a rank-order
    walk (:func:`._compiled_loops.burt_some_egos_walked`; 4 bytes per
    stored entry, no copy). ``unit``: every tie counts 1.

    Working memory (all egos), per stored entry (a tie seen from one
    end): the rank-space columns (4 bytes), the values beside their shares
    ``m_qy / s_y`` (16 bytes; the rank-space values are the first column,
    held once) and the two sums of each tie, one slot per tie (8 bytes);
    plus a buffer of one block (:data:`BLOCK`, 20 MB) and arrays of
    nodes. Measured (``benchmarks/bench_burt_memory.py``, peak resident
    memory added): 506 MB at 9.0e6 ties, 2.3 times the graph's CSR
    (int32 columns, float64 values); 860 MB (4.0 times) before the slots
    and blocks, with the values held twice, two partial sums per entry and
    a pointer to each tie's other entry. Within less, see
    :func:`burt_in_blocks`.
    """
    if positions is not None:
        few = _burt_few(walked(M, unit), np.asarray(positions, dtype=np.int64))
        if few is not None:
            return few
    if unit:
        M = sp.csr_array((np.ones(M.nnz), M.indices, M.indptr), shape=M.shape)
    loops = _loops()
    space, m_and_share = _relabelled(M, 2)
    indptr, indices, data, first_higher = (space.indptr, space.indices, space.data,
                                           space.first_higher)
    s, strongest = loops.strengths(indptr, data)
    work = loops.wedge_work(indptr, indices, first_higher, False)
    n_tasks = _tasks(len(indices))
    parallel = n_tasks > 1
    n_chunks = n_tasks if TASKS is not None else n_tasks * CHUNKS_PER_TASK
    loops.fill_share(indices, s, m_and_share)
    tie, tie_sums = _tie_sums(space, m_and_share, s, work, parallel, n_chunks)
    every = loops.burt_egos if parallel else loops.burt_egos_serial
    out = _dynamic(parallel, every, indptr, indices, data, first_higher, s, strongest, tie,
                   tie_sums, chunks(space.degree + 1, n_chunks))
    del tie_sums
    egos = space.rank if positions is None else space.rank[np.asarray(positions,
                                                                       dtype=np.int64)]
    out = out[:, egos]  # -> graph order
    return dict(zip(("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts"),
                    out))


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
    with no copy (but ``indptr`` as int64)."""
    loops = _loops()
    n = M.shape[0]
    if M.nnz >= 2**31 or n >= 2**31:  # pragma: no cover - 2e9 ties
        raise ValueError("the compiled engine holds columns as int32: at most 2**31 entries")
    if not M.has_sorted_indices:  # pragma: no cover - the graph's CSR is canonical
        raise ValueError("the rows of M must be sorted")
    indptr = np.asarray(M.indptr, dtype=np.int64)
    indices = np.asarray(M.indices, dtype=np.int32)
    data = np.asarray(M.data, dtype=np.float64) if not unit else np.empty(0)
    order = _rank_order(indptr)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    walk, n_lower, degree = loops.rank_walk(indptr, indices, order)
    s, strongest = loops.walk_strengths(indptr, indices, data, unit, walk, degree)
    return Walked(indptr, indices, data, unit, order, rank, walk, n_lower, degree, s, strongest)


def _few_is_cheaper(W: Walked, egos: np.ndarray) -> bool:
    """Whether intersecting the egos' contact lists (the shorter list of
    each tie, about 2 look-ups per step) costs less than the wedges over
    the whole graph (``sum_x d+(x)^2`` steps)."""
    if len(egos) == 0:
        return True
    higher = (W.degree - W.n_lower).astype(np.float64)
    wedge_steps = float((higher * higher).sum()) + len(W.indices)
    ego_degree = W.degree[egos]
    total = int(ego_degree.sum())
    if 2 * total >= wedge_steps:  # at least one step per entry
        return False
    starts = np.repeat(W.indptr[egos], ego_degree)
    places = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(ego_degree) - ego_degree,
                                                         ego_degree)
    contacts = W.indices[starts + W.walk[starts + places]]
    cost = 2.0 * np.minimum(np.repeat(ego_degree, ego_degree), W.degree[contacts]).sum()
    return bool(cost < wedge_steps)


def _burt_few(W: Walked, egos: np.ndarray) -> dict[str, np.ndarray] | None:
    """Burt's measures of ``egos`` (labels) by intersecting their ties'
    contact lists (:func:`._compiled_loops.burt_some_egos_walked`) when that
    is cheaper (:func:`_few_is_cheaper`); None otherwise."""
    if not _few_is_cheaper(W, egos):
        return None
    loops = _loops()
    n_tasks = _tasks(len(W.indices))
    n_chunks = n_tasks if TASKS is not None else n_tasks * CHUNKS_PER_TASK
    bounds = chunks(W.degree[egos] + 1, n_chunks)
    some = loops.burt_some_egos_walked if n_tasks > 1 else loops.burt_some_egos_walked_serial
    out = _dynamic(n_tasks > 1, some, W.indptr, W.indices, W.data, W.unit, W.walk, W.n_lower,
                   W.degree, W.rank, W.s, W.strongest, egos, bounds)
    return dict(zip(("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts"),
                    out))


def burt_in_blocks(M: sp.csr_array, positions: np.ndarray | None, *, unit: bool = False,
                   block: int = BLOCK) -> dict[str, np.ndarray]:
    """Burt's measures with a working memory of a fraction of the graph:
    the same numbers as :func:`burt`, bit for bit (the same terms summed in
    the same order), read from ``M`` itself with no copy of it.

    ``M``: the symmetric mutual-tie matrix, each row sorted by label
    (canonical CSR), or with ``unit`` the pattern of one (every tie counts
    1, its values not read: an undirected graph's adjacency serves as it
    is). Egos are taken in blocks of consecutive ranks holding at most
    ``block`` entries (a longer row is a block of its own); each block
    finds the sums of its egos' ties (:func:`._compiled_loops.burt_block`):
    a tie ``low -- high`` by walking the contacts of ``low`` in rank order
    against the marks of ``high``'s. Each tie is thus walked once from each
    end's block (once when both ends share a block), about twice the steps
    of :func:`burt`'s wedges (``sum_x degree(x) d+(x)`` against
    ``sum_x d+(x)^2``), and slower per step (the walk goes through
    ``walk``, the strengths are read per step).

    Working memory: ``walk`` (4 bytes per stored entry, a third of the
    graph's int32/float64 CSR), eight arrays of nodes, one array of marks
    per thread, and the sums of one block (16 bytes per entry of the
    block). With ``positions``, only the blocks holding a wanted ego run.
    """
    loops = _loops()
    n = M.shape[0]
    W = walked(M, unit)
    if positions is not None:
        few = _burt_few(W, np.asarray(positions, dtype=np.int64))
        if few is not None:
            return few
    indptr, indices, data = W.indptr, W.indices, W.data
    order, rank, walk, n_lower, degree = W.order, W.rank, W.walk, W.n_lower, W.degree
    s, strongest = W.s, W.strongest
    n_tasks = _tasks(len(indices))
    parallel = n_tasks > 1
    n_chunks = n_tasks if TASKS is not None else n_tasks * CHUNKS_PER_TASK
    marks = np.zeros((max(n_tasks, _threads()), n))
    ranked_degree = degree[order]
    first_slot = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(ranked_degree, out=first_slot[1:])
    # blocks of consecutive ranks holding at most ``block`` entries
    ends = [0] + [hi for _, hi in row_blocks(first_slot, max(1, int(block)))]
    wanted = None
    if positions is not None:
        wanted = np.zeros(n, dtype=bool)
        wanted[rank[np.asarray(positions, dtype=np.int64)]] = True
    longest = max((int(first_slot[b] - first_slot[a]) for a, b in zip(ends, ends[1:])),
                  default=0)
    sums = np.empty((longest, 2))
    out = np.full((5, n), np.nan)
    loop = loops.burt_block if parallel else loops.burt_block_serial
    for first, stop in zip(ends, ends[1:]):
        if wanted is not None and not wanted[first:stop].any():
            continue
        slot = first_slot[first:stop + 1] - first_slot[first]
        ys, k0s, k1s, y_work = loops.block_higher_nodes(first, stop, order, rank, indptr,
                                                        indices, walk, n_lower)
        ego_work = np.diff(indptr)[order[first:stop]] * (n_lower[order[first:stop]] + 1)
        _dynamic(parallel, loop, first, stop, order, rank, indptr, indices, data, unit, walk,
                 n_lower, degree, s, strongest, slot, sums, marks,
                 chunks(ego_work, n_chunks) + first, ys, k0s, k1s, chunks(y_work, n_chunks),
                 out)
    del sums, marks, walk, W
    if positions is not None:
        out = out[:, np.asarray(positions, dtype=np.int64)]
    return dict(zip(("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts"),
                    out))


#: Bytes the fast loops of :func:`burt` add per stored entry (measured,
#: ``benchmarks/bench_burt_memory.py``: 28), per node, and for their buffer
#: of one block (:data:`BLOCK` entries of 20 bytes).
FAST_BYTES = (28, 100, 20 * BLOCK)

#: Bytes :func:`burt_in_blocks` adds per stored entry (``walk``), per node
#: (eight arrays of nodes and the result) and per node and thread (the
#: marks), and per entry of its largest block (the sums).
BLOCK_BYTES = (4, 120, 8, 16)


def burt_plan(n_nodes: int, n_entries: int, longest: int, max_memory: float, *,
              copy_entries: bool = False) -> int | None:
    """How to run Burt's measures within ``max_memory`` bytes of working
    memory: ``None`` for the fast loops of :func:`burt` when they fit, else
    the entries of a block of :func:`burt_in_blocks` (as many as fit, at
    most ``n_entries``); ``copy_entries``: the fast loops also need a copy
    of the matrix (12 bytes an entry: its values replaced by 1).
    Raises :class:`MemoryError` (with the bytes needed) when even blocks of
    one row do not fit."""
    per_entry, per_node, buffer = FAST_BYTES
    buffer = buffer * min(n_entries, BLOCK) // BLOCK  # the buffer of a block, at most
    fast = per_entry * n_entries + per_node * n_nodes + buffer + (12 * n_entries if copy_entries
                                                                  else 0)
    if fast <= max_memory:
        return None
    walk, per_node, per_thread, per_sum = BLOCK_BYTES
    fixed = walk * n_entries + (per_node + per_thread * max(_threads(), 1)) * n_nodes
    block = int((max_memory - fixed) // per_sum)
    if block < max(longest, 1):
        raise MemoryError(int(fixed + per_sum * max(longest, 1)))
    return min(block, max(n_entries, 1))


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


def _tie_sums(space: RankSpace, m_and_share: np.ndarray, s: np.ndarray, work: np.ndarray,
              parallel: bool, n_chunks: int) -> tuple[np.ndarray, np.ndarray]:
    """The sums ``(indirect, overlap)`` of every tie, one slot per tie:
    ``tie_sums[tie[x] + k]`` for the ``k``-th higher contact of ``x``
    (:func:`._compiled_loops.burt_tie_sums`), by blocks of rows of at most
    :data:`BLOCK` entries (one buffer for all), each split in chunks of
    about equal work."""
    loops = _loops()
    indptr, first_higher = space.indptr, space.first_higher
    n = len(first_higher)
    tie = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(indptr[1:] - first_higher, out=tie[1:])
    tie_sums = np.empty((int(tie[-1]), 2))
    # blocks of rows holding at most BLOCK entries
    ends = [0] + [hi for _, hi in row_blocks(indptr, max(1, int(BLOCK)))]
    longest = max((int(indptr[b] - indptr[a]) for a, b in zip(ends, ends[1:])), default=0)
    above = np.empty((longest, 2))
    tie_of_above = np.empty(longest, dtype=np.int64)
    loop = loops.burt_tie_sums if parallel else loops.burt_tie_sums_serial
    most_higher = _most_higher(space)
    for first, stop in zip(ends, ends[1:]):
        bounds = chunks(work[first:stop], n_chunks) + first
        _dynamic(parallel, loop, indptr, space.indices, space.data, first_higher, s,
                 m_and_share, most_higher, tie, tie_sums, above, tie_of_above, bounds)
    return tie, tie_sums


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


def _most_higher(space: RankSpace) -> int:
    """The most contacts ranked above their node, ``max_x d+(x)``."""
    return int((space.indptr[1:] - space.first_higher).max(initial=0))


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
    running chunk), and two counters per group and chunk. ``A`` itself is read, not
    copied, when it is canonical (sorted rows, no duplicates) with no
    explicit zero and int32 columns (a graph's adjacency); else its
    pattern is copied first. Measured (``benchmarks/bench_gf_memory.py``,
    peak resident memory added, less the result): 0.42 times the graph's
    CSR at 9.0e6 undirected ties (5.0 bytes per stored entry), 0.73 times
    at 5.4e6 arcs.
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
    """``indptr`` and ``indices`` (int32) of the pattern of ``A``,
    each row sorted: ``A``'s own arrays when it is canonical with no
    explicit zero and int32 columns, else those of a copy."""
    if A.has_canonical_format and np.count_nonzero(A.data) == A.nnz \
            and A.indices.dtype == np.int32:
        return A.indptr, A.indices
    B = sp.csr_array(A, copy=True)
    B.sum_duplicates()  # sorts the rows too
    B.eliminate_zeros()
    return B.indptr, B.indices.astype(np.int32)
