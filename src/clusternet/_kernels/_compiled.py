"""The compiled engine of Burt's measures and the Gould-Fernandez counts.

Two engines compute the same numbers:

- ``"numba"``: the loops of :mod:`._compiled_loops`, compiled by numba
  (``pip install clusternet[fast]``), parallel over rows and egos with the
  threads numba runs (``numba.set_num_threads``, or the environment
  variable ``NUMBA_NUM_THREADS``); the compiled code is cached on disk
  (``cache=True``: ``__pycache__`` beside this module, or numba's user
  cache directory when that is read-only, or ``NUMBA_CACHE_DIR``), so only
  the first call after installation compiles (about 10 s on a 2-core
  machine, once); a later first call loads it (about 0.5 s). Graphs under
  :data:`PARALLEL_MIN` ties run in the calling thread (serial drivers of
  the same loops), which keeps the many small calls cheap;
- ``"numpy"``: the vectorised kernels of :mod:`.burt` and
  :mod:`.gould_fernandez`, the fallback without numba.

The default is ``"numba"`` when numba can be imported and the graph has
at least :data:`COMPILED_FROM` ties, else ``"numpy"``; the environment
variable ``CLUSTERNET_ENGINE`` (``numba`` or ``numpy``) overrides it, read
at each call, and the kernels take ``engine=``. Both engines sum every term in the same
order (the rank of the common contact), so they agree to the last bit on
constraint, effective size and efficiency, and to about 1e-13 on
hierarchy (``log`` comes from different libraries); the
Gould-Fernandez counts are integers and agree exactly.
``tests/test_kernels_compiled.py`` checks this on random graphs.

Pure functions of numpy/scipy arrays; no pandas.
"""

from __future__ import annotations

import os
from functools import cache

import numpy as np
import scipy.sparse as sp

from .triangles import segment_positions

__all__ = ["COMPILED_FROM", "ENGINES", "available", "burt", "gf_closed_by_code", "resolve"]

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
def burt(M: sp.csr_array, positions: np.ndarray | None, ranked_matrix) -> dict[str, np.ndarray]:
    """Burt's constraint, effective size, efficiency and hierarchy with the
    compiled loops (see :func:`.burt.burt` for the arguments and results).

    ``ranked_matrix`` is :class:`.triangles.Ranked` of ``M`` (full rows in
    rank space). All egos: the tie sums of every tie by one pass over the
    triangles (:func:`._compiled_loops.burt_tie_sums`); a few egos (cheaper
    by the count of contact-list steps): their ties only, by intersecting
    contact lists (:func:`._compiled_loops.burt_some_egos`).
    """
    loops = _loops()
    R = ranked_matrix
    n = R.n
    indptr, indices, data = R.indptr, R.indices, np.ascontiguousarray(R.data, dtype=np.float64)
    first_higher, s, strongest = loops.row_sums(indptr, indices, data)
    if positions is None:
        egos = np.arange(n, dtype=np.int64)
    else:
        egos = R.rank[np.asarray(positions, dtype=np.int64)]
    n_tasks = _tasks(len(indices))
    if positions is not None and _few(R, egos, first_higher):
        if n_tasks > 1:
            out = loops.burt_some_egos(indptr, indices, data, s, strongest, egos)
        else:
            out = loops.burt_some_egos_serial(indptr, indices, data, s, strongest, egos)
    else:
        tie_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(indptr[1:] - first_higher, out=tie_ptr[1:])
        if n_tasks > 1:
            indirect, overlap = loops.burt_tie_sums(indptr, indices, data, first_higher, tie_ptr,
                                                    s, n_tasks)
            out = loops.burt_egos(indptr, indices, data, first_higher, tie_ptr, s, strongest,
                                  indirect, overlap, egos)
        else:
            indirect, overlap = loops.burt_tie_sums_serial(indptr, indices, data, first_higher,
                                                           tie_ptr, s)
            out = loops.burt_egos_serial(indptr, indices, data, first_higher, tie_ptr, s,
                                         strongest, indirect, overlap, egos)
    result = dict(zip(("constraint", "effective_size", "efficiency", "hierarchy", "n_contacts"),
                      out))
    if positions is None:  # rank order -> graph order
        result = {key: value[R.rank] for key, value in result.items()}
    return result


def _few(R, egos: np.ndarray, first_higher: np.ndarray) -> bool:
    """Whether intersecting the egos' contact lists (the shorter list of
    each tie, about 2 look-ups per step) costs less than the pass over all
    triangles (``sum_u`` of the higher contacts' higher contacts)."""
    if len(egos) == 0:
        return True
    deg = R.degree
    entries = segment_positions(R.indptr[egos], deg[egos])
    some_cost = 2 * np.minimum(deg[R.rows[entries]], deg[R.indices[entries]]).sum()
    higher = R.indptr[1:] - first_higher  # contacts ranked above each node
    upper = R.indices > R.rows
    all_cost = 2 * higher[R.indices[upper]].sum() + len(R.indices)
    return bool(some_cost < all_cost)


# -------------------------------------------------------- Gould-Fernandez
def gf_closed_by_code(R_upper, group: np.ndarray, symmetric: bool) -> np.ndarray:
    """Closed 2-paths per broker and path code, shape ``(n, 8)``, graph
    order, with the compiled loop (``R_upper``: :class:`.triangles.Ranked`
    with ``upper_only=True`` of the symmetric pattern whose value holds the
    directions, 1 ``i -> j`` plus 2 ``j -> i``; ``group`` in graph order)."""
    loops = _loops()
    direction = np.ascontiguousarray(R_upper.tie_weight).astype(np.int8)
    group = np.ascontiguousarray(group[R_upper.order], dtype=np.int64)
    n_tasks = _tasks(R_upper.n_ties)
    if n_tasks > 1:
        closed = loops.gf_closed_by_code(R_upper.tie_ptr, R_upper.tie_high, direction, group,
                                         bool(symmetric), n_tasks)
    else:
        closed = loops.gf_closed_by_code_serial(R_upper.tie_ptr, R_upper.tie_high, direction,
                                                group, bool(symmetric))
    out = np.empty(closed.shape)
    out[R_upper.order] = closed
    return out
