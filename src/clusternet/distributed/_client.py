"""The ``client=`` of the parallel functions: checks and the dispatch of
chunks of work to a ``dask.distributed.Client``."""

from __future__ import annotations

import numbers
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import ClusternetError

__all__ = ["active_client", "check_client", "n_threads", "resolve_client", "run_chunks",
           "recording_warnings"]

#: ``warnings.catch_warnings`` swaps process-wide state: tasks that record
#: their warnings take turns in one process (worker threads of one process,
#: or an in-process cluster beside the caller), so the contexts nest.
_WARNINGS_LOCK = threading.RLock()


def recording_warnings(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list]:
    """``fn(*args, **kwargs)`` and the warnings it raised, as ``(category,
    message)`` pairs, to be raised again by the caller."""
    with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, [(w.category, str(w.message)) for w in caught]


def check_client(client: Any, n_jobs: Any = 1) -> Any:
    """``client`` itself when it is a ``dask.distributed.Client`` (or None);
    otherwise raise. ``n_jobs`` other than 1 beside a client is refused."""
    if client is None:
        return None
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusternetError(
            "client= needs dask.distributed: pip install 'clusternet[dask]'"
        ) from exc
    if not isinstance(client, Client):
        raise ClusternetError(
            f"client must be a dask.distributed.Client, got {type(client).__name__}"
        )
    if not (isinstance(n_jobs, numbers.Integral) and not isinstance(n_jobs, bool)
            and n_jobs == 1):
        raise ClusternetError(
            f"pass client= or n_jobs=, not both (got n_jobs={n_jobs!r}); the client's "
            "workers do the parallel work"
        )
    return client


def active_client() -> Any:
    """The active ``dask.distributed.Client`` (``distributed.default_client()``),
    or None: none is running, ``dask.distributed`` was never imported (it is
    not imported here), or this runs inside a task on a worker."""
    if "distributed" not in sys.modules:
        return None
    from distributed import default_client, get_worker

    try:
        get_worker()
        return None  # inside a task: the work stays in it
    except ValueError:  # not on a worker
        pass
    try:
        return default_client()
    except ValueError:  # no client
        return None


def resolve_client(client: Any, n_jobs: Any = 1) -> Any:
    """The client to run on: ``client`` itself (checked, :func:`check_client`);
    ``None``: the active client (:func:`active_client`) when ``n_jobs`` is 1,
    else none; ``False``: none (this process only)."""
    if client is False:
        return None
    if client is None:
        one = (isinstance(n_jobs, numbers.Integral) and not isinstance(n_jobs, bool)
               and n_jobs == 1)
        return active_client() if one else None
    return check_client(client, n_jobs)


def n_threads(client: Any) -> int:
    """Worker threads of the cluster (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def run_chunks(client: Any, fn: Callable[..., Any], shared: Any,
               chunks: list[tuple[Any, ...]]) -> Iterator[tuple[int, Any]]:
    """``fn(shared, *chunk)`` for each chunk on the cluster, ``shared`` sent
    once to every worker; yields ``(k, result)`` as the chunks finish. On an
    error or an interrupt the chunks not finished are cancelled."""
    from distributed import as_completed

    remote = client.scatter(shared, broadcast=True, hash=False)
    futures = [client.submit(fn, remote, *c, pure=False) for c in chunks]
    where = {f.key: k for k, f in enumerate(futures)}
    try:
        for f in as_completed(futures):
            yield where[f.key], f.result()
    finally:
        client.cancel([f for f in futures if not f.done()])
