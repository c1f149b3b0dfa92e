"""The relational path of :func:`clusternet.distributed.map_egos`: an
ego measure on a Dask DataFrame of ties that does not fit in memory.

The ties (``source``, ``target``, ``weight``; each undirected pair once)
are coded as actor positions and doubled, each tie under both ends
(``ego``, ``alter``). Each block of egos then gets, by joins on the ego
end:

1. its egos' ties (the rows whose ego is in the block: a filter on the
   block of the ego end, one pass);
2. for the ``"egos"`` and ``"neighbourhood"`` splits, every tie of its
   egos' contacts: the distinct (block, contact) pairs joined with the
   doubled ties on ``contact == ego`` (a shuffle join), so that each
   contact's strength, degree and strongest tie are complete.

The rows are shuffled by block into one partition a block (``set_index``
on the block with one division per block); each task builds its block's
graph (every actor at its position, the block's ties) and runs the
in-memory measure on it (:func:`._egos.on_block_graph`). No task holds
more than one partition of ties or one block's rows.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import show
from ..errors import ClusternetError, UnknownActorError
from ..graph import CollaborationGraph, actor_table
from ._egos import Job, _parts, on_block_graph

__all__ = ["map_frame"]

WHAT = "the ties"


def map_frame(job: Job, ties: Any, actors: Any, egos: Any, blocks: int | None,
              client: Any) -> tuple[list, pd.Index, Any]:
    """The blocks' results (value, warnings) in block order, the egos, and
    the constants of the measure's split (or None)."""
    from ._build import _dask

    dask = _dask()
    import dask.dataframe as dd

    # ----------------------------------------------- checks before any work
    if isinstance(ties, (str, os.PathLike)):
        try:
            ties = dd.read_parquet(os.fspath(ties))
        except (FileNotFoundError, OSError, ValueError) as exc:
            raise ClusternetError(f"cannot read the Parquet dataset {ties!r}: {exc}") from exc
    missing = [c for c in ("source", "target") if c not in ties.columns]
    if missing:
        raise ClusternetError(
            f"{WHAT} (a Dask DataFrame) have no column {show(missing[0])}; map_egos reads "
            "columns 'source', 'target' and optionally 'weight', as "
            "cn.distributed.from_affiliations(..., as_frame=True) writes them"
        )
    if actors is None:
        raise ClusternetError(
            "map_egos on a Dask DataFrame of ties needs actors=: a table of every actor "
            "(an 'actor' column or index; isolates included) with the attributes the measure "
            "reads"
        )
    if job.entry.needs_events:  # pragma: no cover - no such measure splits today
        raise ClusternetError(f"{job.entry.qualname} needs the events; a frame of ties has none")
    table = actor_table(actors, "the actors table")
    n = len(table)
    people = CollaborationGraph(table, sp.csr_array((n, n)), directed=False)
    if isinstance(job.attribute, str):
        people.attribute(job.attribute)  # raises, naming the columns there are
    ids = people.actor_ids if egos is None else pd.Index(
        people.actor_ids.take(people.positions(egos)))
    parts = _parts(ids, blocks, client)
    block_of = np.full(n, -1, dtype=np.int32)
    for b, p in enumerate(parts):
        block_of[people.positions(p)] = b
    weighted = "weight" in ties.columns
    cols = ["source", "target"] + (["weight"] if weighted else [])

    def run(*objs: Any) -> tuple:
        if client is not None:
            return tuple(client.gather(client.compute(list(objs))))
        return dask.compute(*objs)

    # ------------------------------------------------- coded, doubled ties
    token = uuid.uuid4().hex
    lookup = dask.delayed(people.actor_ids, name=f"cn-actor-ids-{token}")
    coded = ties[cols].map_partitions(
        _code, lookup, meta=pd.DataFrame({"i": pd.Series(dtype=np.int64),
                                          "j": pd.Series(dtype=np.int64),
                                          "w": pd.Series(dtype=np.float64)}),
        align_dataframes=False)
    # a first pass: unknown ids, the number of ties and whether any weight is not 1
    scans = run(*[dask.delayed(_scan)(p) for p in coded.to_delayed()])
    n_entries = 2 * sum(s[0] for s in scans)
    is_weighted = any(s[1] for s in scans)

    state = None
    if job.split.constants is not None:
        def count_ties(keep: np.ndarray | None) -> int:
            if keep is None:
                return n_entries
            mask = dask.delayed(keep, name=f"cn-keep-{uuid.uuid4().hex}")
            return 2 * sum(run(*[dask.delayed(_count_kept)(p, mask)
                                 for p in coded.to_delayed()]))
        state = job.split.constants(people, count_ties, *job.args, **job.checked)

    both = coded.map_partitions(_both_ends, meta=pd.DataFrame({
        "ego": pd.Series(dtype=np.int64), "alter": pd.Series(dtype=np.int64),
        "w": pd.Series(dtype=np.float64)}))
    blocks_d = dask.delayed(block_of, name=f"cn-blocks-{token}")
    row_meta = pd.DataFrame({"block": pd.Series(dtype=np.int64),
                             "ego": pd.Series(dtype=np.int64),
                             "alter": pd.Series(dtype=np.int64),
                             "w": pd.Series(dtype=np.float64)})
    # 1. the blocks' own ties: the rows whose ego end is in a block
    own = both.map_partitions(_in_blocks, blocks_d, meta=row_meta, align_dataframes=False)
    rows = own
    if job.split.graph != "ties":
        # 2. every tie of the blocks' contacts: a join on the ego end
        contacts = own[["block", "alter"]].rename(columns={"alter": "contact"})
        contacts = contacts.drop_duplicates(split_out=max(1, ties.npartitions))
        two = contacts.merge(both, left_on="contact", right_on="ego", how="inner")
        rows = dd.concat([own, two[["block", "ego", "alter", "w"]]])
    # one sentinel row per block, so that every block (even without ties) is run
    sentinel = pd.DataFrame({"block": np.arange(len(parts), dtype=np.int64),
                             "ego": np.int64(-1), "alter": np.int64(-1), "w": 0.0})
    rows = dd.concat([rows, dd.from_pandas(sentinel, npartitions=1)])
    # partition b holds block b (a hash shuffle would put several in one)
    k = len(parts)
    by_block = rows.set_index("block", divisions=list(range(k)) + [k - 1])
    people_d = dask.delayed(people, name=f"cn-people-{token}")
    parts_d = dask.delayed([list(p) for p in parts], name=f"cn-parts-{token}")
    tasks = [dask.delayed(_run_blocks)(p, job, people_d, parts_d, state)
             for p in by_block.to_delayed()]
    done = run(*tasks)
    found = {b: r for chunk in done for b, r in chunk}
    results = [found[b] for b in range(len(parts))]
    for value, _ in results:
        info = value.attrs.get("clusternet")
        if isinstance(info, dict) and "weighted_graph" in info.get("params", {}):
            # a fact of the whole graph, not of the block's
            info["params"]["weighted_graph"] = is_weighted
    return results, ids, state


# ------------------------------------------------------------------- tasks
def _code(part: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """The ties as actor positions; raise for an id not among the actors."""
    i = ids.get_indexer(part["source"].to_numpy())
    j = ids.get_indexer(part["target"].to_numpy())
    bad = (i < 0) | (j < 0)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        who = part["source"].iloc[k] if i[k] < 0 else part["target"].iloc[k]
        raise UnknownActorError(
            f"{WHAT} name actor {show(who)}, which is not in the actors table ({int(bad.sum())} "
            "tie(s) of this partition have such an end); actors= must list every actor"
        )
    w = (part["weight"].to_numpy(dtype=np.float64) if "weight" in part.columns
         else np.ones(len(part)))
    return pd.DataFrame({"i": i.astype(np.int64), "j": j.astype(np.int64), "w": w})


def _scan(part: pd.DataFrame) -> tuple[int, bool]:
    return len(part), bool(np.any(part["w"].to_numpy() != 1.0))


def _count_kept(part: pd.DataFrame, keep: np.ndarray) -> int:
    return int(np.count_nonzero(keep[part["i"].to_numpy()] & keep[part["j"].to_numpy()]))


def _both_ends(part: pd.DataFrame) -> pd.DataFrame:
    """Each tie under both of its ends."""
    i, j, w = part["i"].to_numpy(), part["j"].to_numpy(), part["w"].to_numpy()
    return pd.DataFrame({"ego": np.concatenate([i, j]), "alter": np.concatenate([j, i]),
                         "w": np.concatenate([w, w])})


def _in_blocks(part: pd.DataFrame, block_of: np.ndarray) -> pd.DataFrame:
    b = block_of[part["ego"].to_numpy()]
    mine = b >= 0
    return pd.DataFrame({"block": b[mine].astype(np.int64),
                         "ego": part["ego"].to_numpy()[mine],
                         "alter": part["alter"].to_numpy()[mine],
                         "w": part["w"].to_numpy()[mine]})


def _run_blocks(part: pd.DataFrame, job: Job, people: CollaborationGraph, parts: list,
                state: Any) -> list[tuple[int, tuple[Any, list]]]:
    """The measure on each block of this partition, from its rows."""
    out = []
    n = people.n_actors
    for b, rows in part.groupby(level=0, sort=True):
        rows = rows[rows["ego"].to_numpy() >= 0].drop_duplicates(["ego", "alter"])
        ego, alter, w = (rows["ego"].to_numpy(), rows["alter"].to_numpy(),
                         rows["w"].to_numpy())
        # every tie of the actors whose rows were fetched; the other end's
        # entry of a tie to an actor whose rows were not
        fetched = np.zeros(n, dtype=bool)
        fetched[ego] = True
        back = ~fetched[alter]
        r = np.concatenate([ego, alter[back]])
        c = np.concatenate([alter, ego[back]])
        A = sp.csr_array(sp.coo_array((np.concatenate([w, w[back]]), (r, c)), shape=(n, n)))
        A.sum_duplicates()
        A.sort_indices()
        gb = CollaborationGraph(people.actors, A, directed=False)
        out.append((int(b), on_block_graph(job, gb, parts[int(b)], state)))
    return out
