"""Threads for the block loops of the ego sums (:mod:`.diversity`,
:mod:`.mixing`): how many, and the loop that runs the blocks on them.

The ego sums read a CSR adjacency one block of rows at a time (at most
:data:`.diversity.BLOCK_ENTRIES` stored entries each). Each ego's sums lie
within one block and are computed from the block alone, so the blocks can
run at once on several threads: numpy's and scipy's loops over arrays
release the GIL while they run. Measured (``benchmarks/bench_ego_sums.py
--gil``, numpy 2.4, scipy 1.17): gathers (``np.take``, fancy indexing),
ufuncs and their ``reduceat``, ``np.where``, ``np.flatnonzero`` and
scipy's sparse products release it; ``np.bincount`` releases it in its
counting loop (not in its first pass, for the largest key); ``np.repeat``
and ``np.add.at`` hold it. ``np.repeat`` takes a few percent of a block;
``np.add.at`` (the in-sums of directed weighted E-I, which cross the
blocks) runs in the calling thread, in the order of the blocks. Every block
writes its own slice of the result, or hands back partial sums that the
calling thread adds in the order of the blocks, so the bits do not depend
on the number of threads. On two idle cores the public measures run
1.1-1.7x faster on two threads than on one (9e6 ties), and about as fast
when another process holds a core.

The number of threads follows the rule of the compiled engine
(:mod:`._compiled`): the threads numba runs (``numba.set_num_threads``, or
the environment variable ``NUMBA_NUM_THREADS``; by default one per
available core), read without importing numba when it is not imported yet;
one below :data:`PARALLEL_MIN` stored entries (waking threads would cost
more than the work) and one when called from a thread other than the main
one (a permutation test's ``n_jobs`` threads, Dask's workers: the caller is
parallel already). ``_compiled.TASKS``, when set, forces the number (tests;
forked workers set it to 1).

Pure functions; no pandas.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable, Iterator

__all__ = ["PARALLEL_MIN", "map_blocks", "threads"]

#: Below this many stored entries the block loops run in the calling thread.
PARALLEL_MIN = 1 << 21


def threads(size: int) -> int:
    """The threads of a block loop over ``size`` stored entries (the result
    does not depend on it)."""
    from . import _compiled

    if _compiled.TASKS is not None:
        return max(1, int(_compiled.TASKS))
    if size < PARALLEL_MIN or threading.current_thread() is not threading.main_thread():
        return 1
    numba = sys.modules.get("numba")
    if numba is not None:
        return max(1, int(numba.get_num_threads()))
    env = os.environ.get("NUMBA_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def map_blocks(fn: Callable[[Any], Any], blocks: Iterable[Any], n_threads: int) -> Iterator[Any]:
    """``fn(block)`` for each block, yielded in the order of the blocks.

    With ``n_threads > 1`` the calls run on a pool of that many threads;
    while the caller holds one result, the next ``n_threads - 1`` blocks
    run, so at most ``n_threads`` blocks are alive at once: the working
    memory is that of ``n_threads`` blocks. With one thread the calls run
    in the calling thread, one after another."""
    if n_threads <= 1:
        for block in blocks:
            yield fn(block)
        return
    todo = iter(blocks)
    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        pending: deque = deque()
        try:
            for block in todo:
                pending.append(pool.submit(fn, block))
                if len(pending) == n_threads:
                    break
            while pending:
                yield pending.popleft().result()
                for block in todo:  # the caller is done with that one: the next
                    pending.append(pool.submit(fn, block))
                    break
        finally:
            for fut in pending:
                fut.cancel()
