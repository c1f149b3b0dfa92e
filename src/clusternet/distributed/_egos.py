"""Ego-level measures on blocks of egos, in this process or across the
workers of a ``dask.distributed.Client``."""

from __future__ import annotations

import inspect
import numbers
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph
from ._client import recording_warnings

__all__ = ["map_egos"]

#: Measures without ``egos=`` whose value for an ego depends only on the
#: ego's own ties and its contacts' attributes: computed on the graph of the
#: block's ties (``(module, name)`` of the public function, and the keyword
#: that must select the actor level, if any).
_STAR = {
    ("clusternet.diversity._levels", "ego"): None,
    ("clusternet.convergence._mixing", "ei_index"): ("level", "actor"),
}


def map_egos(
    measure: Callable[..., Any],
    g: Any,
    /,
    *args: Any,
    egos: Any = None,
    blocks: int | None = None,
    client: Any = None,
    **kwargs: Any,
) -> pd.Series | pd.DataFrame:
    """An ego-level measure computed on blocks of egos, on the workers of a
    Dask cluster or one block after another in this process.

    The graph is sent once to every worker (``client.scatter(...,
    broadcast=True)``); each task computes the measure for one block of
    egos; the blocks are joined in the order of the egos. The numbers are
    those of the in-memory call ``measure(g, *args, **kwargs)`` (restricted
    to ``egos``), to the last bit.

    Supported measures:

    - those that take ``egos=`` (Burt's :func:`~clusternet.brokerage.constraint`,
      :func:`~clusternet.brokerage.effective_size`,
      :func:`~clusternet.brokerage.efficiency`,
      :func:`~clusternet.brokerage.hierarchy`,
      :func:`~clusternet.brokerage.structural_holes`): called with
      ``egos=block``;
    - :func:`clusternet.diversity.ego` and
      :func:`clusternet.convergence.ei_index` with ``level="actor"``, whose
      value for an ego depends only on its own ties and its contacts'
      attributes: called on the graph of the block's ties (every actor and
      attribute kept, the ties of other actors left out), and the block's
      rows kept.

    Parameters
    ----------
    measure : callable
        One of the measures above (positional, as ``g``: a ``measure=``
        keyword goes to the measure, e.g. ``diversity.ego``'s).
    g : CollaborationGraph, networkx graph or igraph.Graph
    *args
        Passed to ``measure`` after the graph (e.g. the attribute).
    egos : list-like, optional
        The actors to compute for, in the order of the result; default:
        every actor in graph order.
    blocks : int, optional
        Number of blocks (at most one per ego). Default: one per worker
        thread of ``client``, or 1 without a client. Each block costs a
        pass over the graph's ties besides its egos' own work, so more
        blocks than threads only pay to bound a worker's memory.
    client : dask.distributed.Client, optional
        Where to run the blocks. ``None``: one block after another here
        (which bounds the memory a block adds; no Dask needed).
    **kwargs
        Passed to ``measure``.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        As ``measure`` returns it, indexed by ``egos`` (``actor``), with
        the ``attrs["clusternet"]`` of the first block.

    Raises
    ------
    ClusternetError
        A measure not listed above; ``blocks`` not a positive integer; a
        ``client`` that is not a ``dask.distributed.Client``.

    Notes
    -----
    Warnings raised by the measure in the blocks are passed on once each
    (the same message from several blocks is shown once). For the
    measures called on the graph of a block's ties, the blocks' own
    warnings (which count the block's left-out actors) are replaced by one
    :class:`~clusternet.ClusternetWarning` counting the NaN values.

    Examples
    --------
    >>> import clusternet as cn
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> c = cn.distributed.map_egos(cn.brokerage.constraint, g, weight=False,
    ...                             blocks=3)
    >>> c.equals(cn.brokerage.constraint(g, weight=False))
    True
    """
    g = as_graph(g)
    star = _star_rule(measure, kwargs)
    if blocks is not None and (
        isinstance(blocks, bool) or not isinstance(blocks, numbers.Integral) or blocks < 1
    ):
        raise ClusternetError(f"blocks must be a positive integer or None, got {blocks!r}")
    if client is not None and not _is_client(client):
        raise ClusternetError(
            f"client must be a dask.distributed.Client, got {type(client).__name__}"
        )
    ids = g.actor_ids if egos is None else pd.Index(g.actor_ids.take(g.positions(egos)))
    if blocks is None:
        blocks = 1 if client is None else max(1, sum(client.nthreads().values()))
    blocks = max(1, min(int(blocks), len(ids)))
    bounds = np.linspace(0, len(ids), blocks + 1).astype(np.int64)
    parts = [ids[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    if client is None:
        results = [_block(measure, g, list(p), star, args, kwargs) for p in parts]
    else:
        gf = client.scatter(g, broadcast=True, hash=False)
        futures = [client.submit(_block, measure, gf, list(p), star, args, kwargs, pure=False)
                   for p in parts]
        results = client.gather(futures)
    shown: set[tuple[type, str]] = set()
    for _, caught in results:
        for category, message in caught:
            if (category, message) not in shown:
                shown.add((category, message))
                warnings.warn(message, category, stacklevel=2)
    values = [r for r, _ in results]
    out = pd.concat(values) if len(values) > 1 else values[0]
    out.attrs = dict(values[0].attrs)
    info = out.attrs.get("clusternet")
    if isinstance(info, dict) and "actors" in info.get("params", {}):
        # the provenance of the whole call, not of the first block
        info = {**info, "params": {**info["params"],
                                   "actors": "all" if egos is None else len(ids)}}
        out.attrs["clusternet"] = info
    if star:
        n_nan = int(np.asarray(out.isna()).any(axis=1).sum() if out.ndim == 2
                    else out.isna().sum())
        if n_nan:
            what = (info or {}).get("measure") if isinstance(info, dict) else None
            warnings.warn(
                f"map_egos: {n_nan} ego(s) got NaN (see {what or _name(measure)} for when the "
                "measure is undefined, e.g. an ego without ties)",
                ClusternetWarning,
                stacklevel=2,
            )
    return out


def _block(measure: Callable[..., Any], g: CollaborationGraph, egos: list, star: bool,
           args: tuple, kwargs: dict) -> tuple[Any, list[tuple[type, str]]]:
    """The measure on one block of egos, and the warnings it raised."""
    if star:
        value, _ = recording_warnings(_star_block, measure, g, egos, args, kwargs)
        return value, []
    return recording_warnings(measure, g, *args, egos=egos, **kwargs)


def _star_block(measure: Callable[..., Any], g: CollaborationGraph, egos: list, args: tuple,
                kwargs: dict) -> Any:
    value = measure(_block_graph(g, egos), *args, **kwargs)
    return value.loc[egos] if isinstance(value, (pd.Series, pd.DataFrame)) else value


def _block_graph(g: CollaborationGraph, egos: list) -> CollaborationGraph:
    """Every actor and attribute of ``g``, with only the ties that have an
    end among ``egos``."""
    A = g.adjacency
    pos = g.positions(egos)
    mine = np.zeros(A.shape[0], dtype=bool)
    mine[pos] = True
    rows = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    keep = mine[rows] | mine[A.indices]
    sub = sp.csr_array((A.data[keep], A.indices[keep], np.concatenate(
        [[0], np.cumsum(np.bincount(rows[keep], minlength=A.shape[0]))])), shape=A.shape)
    return CollaborationGraph(g.actors, sub, directed=g.directed)


def _star_rule(measure: Callable[..., Any], kwargs: dict) -> bool:
    """False for a measure with ``egos=``; True for one computed on the
    graph of a block's ties; otherwise raise."""
    try:
        params = inspect.signature(measure).parameters
    except (TypeError, ValueError):
        params = {}
    if "egos" in params:
        if "egos" in kwargs:
            raise ClusternetError("pass egos= to map_egos itself, not through to the measure")
        return False
    func = inspect.unwrap(measure)
    key = (getattr(func, "__module__", None), getattr(func, "__name__", None))
    if key in _STAR:
        need = _STAR[key]
        if need is None or kwargs.get(need[0]) == need[1]:
            return True
        raise ClusternetError(
            f"map_egos runs {_name(measure)} on blocks of egos with {need[0]}={need[1]!r} "
            "only; pass it"
        )
    raise ClusternetError(
        f"map_egos cannot split {_name(measure)} into blocks of egos; it takes the measures "
        "with egos= (brokerage.constraint, effective_size, efficiency, hierarchy, "
        "structural_holes), diversity.ego and convergence.ei_index(level='actor')"
    )


def _name(measure: Any) -> str:
    return getattr(measure, "__qualname__", None) or repr(measure)


def _is_client(client: Any) -> bool:
    try:
        from distributed import Client
    except ImportError:
        return False
    return isinstance(client, Client)
