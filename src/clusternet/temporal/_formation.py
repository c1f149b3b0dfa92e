"""New and repeated ties per period (Guimerà et al. 2005)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._registry import measure
from .._results import group_codes, label
from .._validation import check_missing
from ..graph import CollaborationGraph
from ._windows import _plan, window_graph


@measure(
    family="temporal",
    levels={"period": "DataFrame"},
    references=("guimera2005",),
    summary="new and repeated ties per period, within and across groups",
    needs_events=True,
    checks={"missing": check_missing},
    method=(
        "New ties are pairs tied in a window and in no earlier record, repeated ties "
        "the others; new_cross_share is the share of new ties (between actors with a "
        "value) that join two groups [guimera2005]."),
)
def tie_formation(
    g: Any,
    attribute: str,
    *,
    size: Any = 1,
    step: Any = None,
    start: Any = None,
    end: Any = None,
    missing: str = "error",
    origin: Any = None,
) -> pd.DataFrame:
    """New versus repeated ties in each period, by group mix and by the
    newcomer / incumbent status of their ends (Guimerà et al. 2005).

    Supports affiliation graphs with event times and timed edge lists.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times.
    attribute : str
        Categorical actor attribute defining the groups.
    size, step, start, end, origin
        The windows, as in :func:`windows` (never cumulative; ``step``
        defaults to ``size``).
    missing : {"error", "drop", "own-group"}
        Actors without a value: raise; leave their ties out of the
        same/cross counts (they still count in the other columns); or give
        each its own group.

    Returns
    -------
    pandas.DataFrame
        Index ``period`` (window starts); integer columns:

        - ``n_ties``: ties in the window; ``new`` (the pair had no tie in
          any record before the window start) and ``repeated``;
        - ``new_same``, ``new_cross``, ``repeated_same``,
          ``repeated_cross``: the same split by whether both ends are in one
          group;
        - Guimerà et al.'s link types: ``newcomer_newcomer``,
          ``newcomer_incumbent``, ``incumbent_incumbent_new`` and
          ``incumbent_incumbent_repeated`` (they add up to ``n_ties``);
        - ``n_newcomers`` (actors active in the window and never before)
          and ``n_incumbents`` (active before too);

        then ``end`` (the window holds ``period <= time < end``) and the
        bool ``complete`` (the window lies within the data's time range,
        see :func:`windows`).

    Notes
    -----
    "Before" is every event (tie record) with time below the window start,
    including times before ``start``. A tie is the pair as the graph's
    projection defines it in a window (with its ``min_weight``). Ties with a
    newcomer end are always new. Directed graphs: ordered pairs.

    References
    ----------
    .. [1] Guimerà, R., Uzzi, B., Spiro, J., & Amaral, L. A. N. (2005). Team
       assembly mechanisms determine collaboration network structure and
       team performance. Science 308(5722), 697-702.
       https://doi.org/10.1126/science.1106340

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "ann", "bob", "cy"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e2"],
    ...                   "year": [2020, 2020, 2021, 2021, 2021]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy"],
    ...                        "domain": ["art", "tech", "tech"]})
    >>> g = cn.from_affiliations(t, time="year", actors=actors)
    >>> f = cn.temporal.tie_formation(g, "domain")
    >>> f[["n_ties", "new", "repeated", "new_cross", "newcomer_incumbent"]]
            n_ties  new  repeated  new_cross  newcomer_incumbent
    period
    2020         1    1         0          1                   0
    2021         3    2         1          1                   2
    """
    g = as_graph(g)
    codes, _ = group_codes(g, attribute, missing=missing)
    n = g.n_actors
    ids = g.actor_ids
    plan = _plan(g, size=size, step=step, cumulative=False, start=start, end=end,
                 origin=origin, caller="tie_formation")
    bounds = [(s.period, s.lo, s.hi) for s in plan]
    seen_ties = np.zeros(0, dtype=np.int64)
    seen_actors = np.zeros(n, dtype=bool)
    history_end = None
    records = []
    periods = []
    for period, lo, hi in bounds:
        # history = everything before lo, grown window by window
        prev = window_graph(g, history_end, lo)
        if prev.n_actors:
            p_pos = ids.get_indexer(prev.actor_ids)
            seen_actors[p_pos] = True
            seen_ties = _sorted_unique(np.concatenate([seen_ties, _pair_keys(prev, p_pos, n)]))
        history_end = lo
        w = window_graph(g, lo, hi)
        pos = ids.get_indexer(w.actor_ids)
        keys, a, b = _pair_keys(w, pos, n, ends=True)
        repeated = _in_sorted(keys, seen_ties)
        ca, cb = codes[a], codes[b]
        known = (ca >= 0) & (cb >= 0)
        same = known & (ca == cb)
        cross = known & (ca != cb)
        inc_a, inc_b = seen_actors[a], seen_actors[b]
        both_inc = inc_a & inc_b
        newcomer = ~seen_actors[pos]
        records.append({
            "n_ties": keys.size,
            "new": int((~repeated).sum()),
            "repeated": int(repeated.sum()),
            "new_same": int((~repeated & same).sum()),
            "new_cross": int((~repeated & cross).sum()),
            "repeated_same": int((repeated & same).sum()),
            "repeated_cross": int((repeated & cross).sum()),
            "newcomer_newcomer": int((~inc_a & ~inc_b).sum()),
            "newcomer_incumbent": int((inc_a ^ inc_b).sum()),
            "incumbent_incumbent_new": int((both_inc & ~repeated).sum()),
            "incumbent_incumbent_repeated": int((both_inc & repeated).sum()),
            "n_newcomers": int(newcomer.sum()),
            "n_incumbents": int((~newcomer).sum()),
        })
        periods.append(period)
    df = pd.DataFrame.from_records(records, index=pd.Index(periods, name="period"))
    if not records:
        df = pd.DataFrame(columns=["n_ties"], index=pd.Index([], name="period"))
    df = df.astype(np.int64)
    df["end"] = pd.Index([s.hi for s in plan])
    df["complete"] = np.array([s.complete for s in plan], dtype=bool)
    params = {"attribute": attribute, "size": size, "step": step, "start": start, "end": end,
              "missing": missing, "origin": origin}
    return label(df, "tie_formation", params)


# --------------------------------------------------------------------- helpers
def _pair_keys(w: CollaborationGraph, pos: np.ndarray, n: int, *, ends: bool = False):
    """Keys of the ties of window graph ``w`` in the global actor numbering."""
    from .._kernels.adjacency import upper_entries

    r, c, _ = upper_entries(w.adjacency, directed=w.directed)
    a, b = pos[r], pos[c]
    if not w.directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    keys = a * np.int64(n) + b
    if ends:
        return keys, a, b
    return _sorted_unique(keys)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (by sorting: numpy 2.4's hash-based np.unique is
    far slower on millions of int64 keys)."""
    a = np.sort(a)
    if a.size:
        a = a[np.concatenate([[True], a[1:] != a[:-1]])]
    return a


def _in_sorted(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Membership of ``values`` in a sorted array of distinct values."""
    if sorted_set.size == 0:
        return np.zeros(values.size, dtype=bool)
    idx = np.searchsorted(sorted_set, values)
    idx[idx == sorted_set.size] = 0
    return sorted_set[idx] == values
