"""Ego-level measures on blocks of egos, in this process or across the
workers of a ``dask.distributed.Client``; the graph broadcast to the
workers, or, for a Dask DataFrame of ties, each block's graph built by
joins (:mod:`._join`).

Which measures split, and how, is read from the registry
(:class:`clusternet._registry.EgoBlocks`); nothing here names a measure.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import _registry
from .._convert import as_graph
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph
from ._client import recording_warnings, resolve_client

__all__ = ["map_egos"]


def map_egos(
    measure: Callable[..., Any],
    g: Any,
    /,
    *args: Any,
    egos: Any = None,
    blocks: int | None = None,
    client: Any = None,
    actors: Any = None,
    **kwargs: Any,
) -> pd.Series | pd.DataFrame:
    """An ego-level measure computed on blocks of egos, on the workers of a
    Dask cluster or one block after another in this process.

    For a graph, the graph is sent once to every worker (without its
    incidence and events: only the actors and the ties); for a Dask
    DataFrame of ties (a graph that does not fit in memory), each block's
    graph is built on the workers by joins of the ties. Each task computes
    the measure for one block of egos; the blocks are joined in the order
    of the egos. The numbers are those of the in-memory call
    ``measure(g, *args, **kwargs)`` restricted to ``egos``, to the last bit
    (see Notes for the one exception).

    Which measures split over blocks of egos, and how, is declared in the
    registry (the ``ego_blocks`` column of :func:`clusternet.measures`):

    - ``"egos"``: the measure takes ``egos=`` (Burt's
      :func:`~clusternet.brokerage.constraint`,
      :func:`~clusternet.brokerage.effective_size`,
      :func:`~clusternet.brokerage.efficiency`,
      :func:`~clusternet.brokerage.hierarchy`,
      :func:`~clusternet.brokerage.structural_holes`): called with
      ``egos=block``;
    - ``"ties"``: an ego's value depends only on its own ties and its
      contacts' attributes (:func:`clusternet.diversity.ego`,
      :func:`clusternet.convergence.ei_index` with ``level="actor"``):
      called on the graph of the ties with an end in the block (every
      actor and attribute kept), and the block's rows kept;
    - ``"neighbourhood"``: it depends also on the ties of its contacts
      (:func:`clusternet.brokerage.gould_fernandez`): computed on the graph
      of the ties with an end among the block's egos and their contacts.
      Gould and Fernandez's expected counts, SDs and z-scores come from the
      whole graph's density and group sizes: computed once, here; the raw
      counts per block. The result is the per-actor frame of the in-memory
      result (:meth:`~clusternet.brokerage.GouldFernandez.to_frame`).

    Only the actor level of a measure splits (``level="actor"`` for
    ``ei_index``).

    Parameters
    ----------
    measure : callable
        A registered measure that splits (above), or a
        ``functools.partial`` of one with keyword options. Positional, as
        ``g``: a ``measure=`` keyword goes to the measure (e.g.
        ``diversity.ego``'s).
    g : CollaborationGraph, networkx graph, igraph.Graph or dask.dataframe.DataFrame
        The graph; or its undirected ties as a Dask DataFrame with columns
        ``source``, ``target`` and optionally ``weight`` (each pair once,
        as :func:`clusternet.distributed.from_affiliations` returns them
        with ``as_frame=True``), or a Parquet dataset of them (a directory
        or a glob), with ``actors=``.
    *args
        Passed to ``measure`` after the graph (e.g. the attribute).
    egos : list-like, optional
        The actors to compute for, in the order of the result; default:
        every actor in graph order (the order of ``actors`` for a frame).
    blocks : int, optional
        Number of blocks (at most one per ego). Default: one per worker
        thread of ``client``, or 1 without a client; for the ``"ties"``
        measures on a graph of more than 2²⁵ stored tie ends, one per 2²⁵
        if that is more (so that a block's graph stays under about 0.8 GB).
        Each block costs a pass over the graph's ties besides its egos' own
        work, so more blocks than threads only pay to bound a worker's
        memory.
    client : dask.distributed.Client or False, optional
        Where to run the blocks. Not given: the active client, if one is
        running (``distributed.default_client()``); else, for a graph, one
        block after another here (which bounds the memory a block adds; no
        Dask needed), and for a frame, the Dask scheduler in use. ``False``:
        never a client.
    actors : pandas.DataFrame, optional
        With a frame of ties only (then required): every actor of the
        network, isolates included, with its attributes (an ``actor``
        column or index). Its rows give the actors' positions (graph
        order); pass them in the order of the in-memory graph
        (``g.actors``) for the same numbers to the last bit.
    **kwargs
        Passed to ``measure``.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        As ``measure`` returns it (a result class: its ``to_frame()``),
        indexed by ``egos`` (``actor``), with the ``attrs["clusternet"]`` of
        the first block (the parameters of the whole call).

    Raises
    ------
    ClusternetError
        A measure that does not split (the message lists those that do);
        another level than ``"actor"``; ``blocks`` not a positive integer;
        a ``client`` that is not a ``dask.distributed.Client``; unknown
        ``egos``. For a frame: ``actors`` missing or without the measure's
        attribute, a frame without ``source`` and ``target``; all before
        any work. A tie whose end is not in ``actors`` raises when the
        ties are read.

    Notes
    -----
    Warnings raised by the measure in the blocks are passed on once each
    (the same message from several blocks is shown once). For the
    measures called on a block's graph (``"ties"``), the blocks' own
    warnings (which count the block's left-out actors) are replaced by one
    :class:`~clusternet.ClusternetWarning` counting the NaN values.

    Frame of ties: the ties are doubled (each tie under both ends) and
    each block gets, by a join on the ego end, its egos' ties; for
    ``"egos"`` and ``"neighbourhood"`` measures a second join adds every
    tie of its egos' contacts, so that each contact's strength, degree and
    strongest tie are complete. A worker holds one block's graph at a
    time: every actor (the actor table and a row pointer, 8 bytes an
    actor) and the block's ties (or its two-step neighbourhood), never the
    whole tie table. Burt's kernels sum in rank-of-degree order with ties
    broken by actor position: the block graph keeps every actor at its
    position and gives the egos and contacts their full degrees, so the
    order is the in-memory one. The exception: Burt's compiled engine
    (numba) runs on graphs of at least 65,536 adjacency entries and the
    numpy engine on smaller ones, and the two agree to about 1e-13 (not to
    the last bit) on hierarchy; a block graph on the other side of that
    bound from the whole graph gives hierarchy to 1e-13 (constraint,
    effective size and efficiency stay exact). Set ``CLUSTERNET_ENGINE``
    (``numba`` or ``numpy``) on the workers and here for one engine
    everywhere. The cost of the two joins, and how large a block's
    two-step neighbourhood gets, are in the "Working at scale" page.

    Examples
    --------
    >>> import clusternet as cn
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> c = cn.distributed.map_egos(cn.brokerage.constraint, g, weight=False,
    ...                             blocks=3)
    >>> c.equals(cn.brokerage.constraint(g, weight=False))
    True

    The same from a Dask DataFrame of the ties, each block's graph built by
    joins (here from the graph's ties; at scale, from
    ``cn.distributed.from_affiliations(..., as_frame=True)``):

    >>> import dask.dataframe as dd
    >>> ties = dd.from_pandas(g.ties, npartitions=2)
    >>> f = cn.distributed.map_egos(cn.brokerage.constraint, ties, weight=False,
    ...                             actors=g.actors, blocks=2)
    >>> f.equals(c)
    True
    """
    job = _job(measure, args, kwargs)
    if blocks is not None and (
        isinstance(blocks, bool) or not isinstance(blocks, numbers.Integral) or blocks < 1
    ):
        raise ClusternetError(f"blocks must be a positive integer or None, got {blocks!r}")
    if client is not None and client is not False and not _is_client(client):
        raise ClusternetError(
            f"client must be a dask.distributed.Client, got {type(client).__name__}"
        )
    client = resolve_client(client)
    from ._build import is_dask_table

    if is_dask_table(g):
        from ._join import map_frame

        results, ids, state = map_frame(job, g, actors, egos, blocks, client)
    else:
        if actors is not None:
            raise ClusternetError(
                "actors= is for a Dask DataFrame of ties; a graph holds its actors "
                "(add attributes with g.with_attributes(...))"
            )
        results, ids, state = _map_graph(job, as_graph(g), egos, blocks, client)
    return _join_blocks(job, results, ids, egos is None)


# ------------------------------------------------------------------ the job
@dataclass(frozen=True)
class Job:
    """A measure, its options and how it splits, fixed once per call."""

    measure: Callable[..., Any]
    entry: Any
    split: Any
    args: tuple
    kwargs: dict
    checked: dict

    @property
    def attribute(self) -> Any:
        """The attribute argument of the call (None without)."""
        if self.entry.attribute is None:
            return None
        if self.args:
            return self.args[0]
        return self.checked.get(self.entry.attribute)

    @property
    def own_rows(self) -> bool:
        """Whether the blocks' warnings are the measure's (passed on), not
        those of a graph with left-out ties (replaced by a NaN count)."""
        return self.split.graph == "egos" or self.split.block is not None


def _job(measure: Callable[..., Any], args: tuple, kwargs: dict) -> Job:
    """The registry's entry of ``measure`` and how it splits; raise for a
    measure that does not split or another level than the actor level."""
    found = _registry.of(measure)
    entry = None if found is None else found[0]
    if entry is None or entry.ego_blocks is None:
        raise ClusternetError(
            f"map_egos cannot split {_name(measure)} into blocks of egos; it takes the "
            f"registered measures whose actor values split ({_supported()}), or a "
            "functools.partial of one with keyword options"
        )
    options = {**found[1], **kwargs}
    if entry.level_of(options) != "actor":
        raise ClusternetError(
            f"map_egos runs {entry.qualname} on blocks of egos at its actor level only; pass "
            f"{entry.level_param}='actor'"
        )
    if entry.ego_blocks.block is not None:  # its options go to the block's helpers
        checked = entry.check(options)
    else:  # checked before any work; the measure checks them again in each block
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            entry.check(options)
        checked = options
    return Job(measure, entry, entry.ego_blocks, tuple(args), dict(kwargs), checked)


def _supported() -> str:
    out = []
    for m in _registry.entries():
        if m.ego_blocks is not None:
            level = ("(level='actor')" if m.level_param and m.default_level != "actor"
                     else "")
            out.append(f"{m.qualname}{level} [{m.ego_blocks.graph}]")
    return ", ".join(out)


# ---------------------------------------------------------- graph in memory
def _map_graph(job: Job, g: CollaborationGraph, egos: Any, blocks: int | None,
               client: Any) -> tuple[list, pd.Index, Any]:
    ids = g.actor_ids if egos is None else pd.Index(g.actor_ids.take(g.positions(egos)))
    if blocks is None and job.split.graph == "ties":
        # enough blocks that a block's graph stays small beside the graph
        blocks = max(1 if client is None else max(1, sum(client.nthreads().values())),
                     -(-g.adjacency.nnz // _BLOCK_ENTRIES))
    parts = _parts(ids, blocks, client)
    slim = g if job.entry.needs_events else _slim(g, job.attribute)
    state = None
    if job.split.constants is not None:
        state = job.split.constants(_actors_of(slim), _tie_counter(slim.adjacency), *job.args,
                                    **job.checked)
    if client is None:
        results = [_block(job, slim, list(p), state) for p in parts]
    else:
        gf = client.scatter(slim, broadcast=True, hash=False)
        futures = [client.submit(_block, job, gf, list(p), state, pure=False) for p in parts]
        results = client.gather(futures)
    return results, ids, state


def _parts(ids: pd.Index, blocks: int | None, client: Any) -> list[pd.Index]:
    """``ids`` cut into ``blocks`` contiguous blocks (one per worker thread
    by default)."""
    if blocks is None:
        blocks = 1 if client is None else max(1, sum(client.nthreads().values()))
    blocks = max(1, min(int(blocks), len(ids)))
    bounds = np.linspace(0, len(ids), blocks + 1).astype(np.int64)
    return [ids[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _slim(g: CollaborationGraph, attribute: Any) -> CollaborationGraph:
    """The actors (a participation attribute read as an actor attribute)
    and the ties of ``g``: no incidence, events or records."""
    actors = g.actors
    if isinstance(attribute, str) and attribute in g.participation_attributes:
        actors[attribute] = g.attribute(attribute)
    return CollaborationGraph(actors, g.adjacency, directed=g.directed)


def _actors_of(g: CollaborationGraph) -> CollaborationGraph:
    """Every actor of ``g`` with its attributes, and no tie."""
    n = g.n_actors
    return CollaborationGraph(g.actors, sp.csr_array((n, n)), directed=g.directed)


def _tie_counter(A: sp.csr_array) -> Callable[[np.ndarray | None], int]:
    def count(keep: np.ndarray | None) -> int:
        if keep is None:
            return int(A.nnz)
        rows = np.repeat(keep, np.diff(A.indptr))
        return int(np.count_nonzero(rows & keep[A.indices]))
    return count


def _block(job: Job, g: CollaborationGraph, egos: list, state: Any) -> tuple[Any, list]:
    """The measure on one block of egos (on the whole graph ``g``), and the
    warnings it raised."""
    if job.split.graph == "egos":
        return recording_warnings(job.measure, g, *job.args, egos=egos, **job.kwargs)
    gb = _ties_of(g, egos, two_step=job.split.graph == "neighbourhood")
    return on_block_graph(job, gb, egos, state)


def on_block_graph(job: Job, gb: CollaborationGraph, egos: list,
                   state: Any) -> tuple[Any, list]:
    """The measure's rows of ``egos`` from a block's graph ``gb`` (every
    actor; the ties the split needs), and the warnings to pass on."""
    if job.split.block is not None:
        return recording_warnings(job.split.block, gb, egos, state, *job.args, **job.checked)
    if job.split.graph == "egos":
        return recording_warnings(job.measure, gb, *job.args, egos=egos, **job.kwargs)
    value, _ = recording_warnings(_rows_of, job, gb, egos)
    return value, []


def _rows_of(job: Job, gb: CollaborationGraph, egos: list) -> Any:
    value = job.measure(gb, *job.args, **job.kwargs)
    if not isinstance(value, (pd.Series, pd.DataFrame)) and hasattr(value, "to_frame"):
        value = value.to_frame()
    return value.loc[egos]


def _ties_of(g: CollaborationGraph, egos: list, *, two_step: bool) -> CollaborationGraph:
    """Every actor and attribute of ``g``, with only the ties that have an
    end among ``egos`` (and, ``two_step``, among their contacts).

    The adjacency is read a block of rows at a time (:func:`_row_ranges`),
    so that beside the block's graph the working memory stays a few
    arrays of nodes, whatever the graph's size."""
    A = g.adjacency
    n = A.shape[0]
    indptr, indices = A.indptr, A.indices
    mine = np.zeros(n, dtype=bool)
    mine[g.positions(egos)] = True
    if two_step:
        near = mine.copy()
        for lo, hi, rows, cols in _row_ranges(indptr, indices):
            near[cols[mine[rows]]] = True   # out-contacts
            near[rows[mine[cols]]] = True   # in-contacts
        mine = near
    # two passes: the kept entries of each row, then the arrays filled in place
    counts = np.zeros(n, dtype=np.int64)
    for lo, hi, rows, cols in _row_ranges(indptr, indices):
        keep = mine[rows] | mine[cols]
        counts[lo:hi] = np.bincount(rows[keep] - lo, minlength=hi - lo)
    sub_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=sub_indptr[1:])
    data = np.empty(int(sub_indptr[-1]), dtype=A.data.dtype)
    kept = np.empty(int(sub_indptr[-1]), dtype=indices.dtype)
    for lo, hi, rows, cols in _row_ranges(indptr, indices):
        keep = mine[rows] | mine[cols]
        a, b = sub_indptr[lo], sub_indptr[hi]
        data[a:b] = A.data[indptr[lo]:indptr[hi]][keep]
        kept[a:b] = cols[keep]
    sub = sp.csr_array((data, kept, sub_indptr), shape=A.shape)
    return CollaborationGraph(g.actors, sub, directed=g.directed)


#: Stored entries of the adjacency read at a time by :func:`_ties_of`.
_ROW_BLOCK = 1 << 22

#: The default number of blocks of a ``"ties"`` measure is at least the
#: graph's stored entries over this (a block's graph then holds about
#: twice as many entries, 0.8 GB, whatever the graph's size).
_BLOCK_ENTRIES = 1 << 25


def _row_ranges(indptr: np.ndarray, indices: np.ndarray):
    """``(lo, hi, rows, cols)`` for consecutive ranges of rows of about
    :data:`_ROW_BLOCK` entries (a longer row is a range of its own):
    each entry's row and column."""
    from .._kernels.diversity import row_blocks

    for lo, hi in row_blocks(indptr, _ROW_BLOCK):
        rows = np.repeat(np.arange(lo, hi), np.diff(indptr[lo:hi + 1]))
        yield lo, hi, rows, indices[indptr[lo]:indptr[hi]]


# ----------------------------------------------------------------- results
def _join_blocks(job: Job, results: list, ids: pd.Index, every: bool) -> Any:
    shown: set[tuple[type, str]] = set()
    for _, caught in results:
        for category, message in caught:
            if (category, message) not in shown:
                shown.add((category, message))
                warnings.warn(message, category, stacklevel=3)
    values = [r for r, _ in results]
    out = pd.concat(values) if len(values) > 1 else values[0]
    out.attrs = dict(values[0].attrs)
    info = out.attrs.get("clusternet")
    if isinstance(info, dict) and "actors" in info.get("params", {}):
        # the provenance of the whole call, not of the first block
        info = {**info, "params": {**info["params"],
                                   "actors": "all" if every else len(ids)}}
        out.attrs["clusternet"] = info
    if not job.own_rows:
        n_nan = int(np.asarray(out.isna()).any(axis=1).sum() if out.ndim == 2
                    else out.isna().sum())
        if n_nan:
            what = (info or {}).get("measure") if isinstance(info, dict) else None
            warnings.warn(
                f"map_egos: {n_nan} ego(s) got NaN (see {what or _name(job.measure)} for when "
                "the measure is undefined, e.g. an ego without ties)",
                ClusternetWarning,
                stacklevel=3,
            )
    return out


def _name(measure: Any) -> str:
    return getattr(measure, "__qualname__", None) or repr(measure)


def _is_client(client: Any) -> bool:
    try:
        from distributed import Client
    except ImportError:
        return False
    return isinstance(client, Client)
