"""Time windows over collaboration records, and any measure followed over them.

Works on graphs whose events (affiliation graphs) or tie records (edge lists
built with ``time=``) carry a time. Each window's graph is built exactly from
the events (or tie records) with ``start <= time < end``, by
:meth:`~clusternet.CollaborationGraph.window`: same projection, only the
actors active in the window.

Periods
-------
Window ``k`` starts at ``s_k = s_0 + k * step`` and covers ``[s_k, s_k +
size)``; cumulative windows cover ``[s_0, s_k + size)``. Windows are made
while ``s_k`` is not after the last time (or before ``end``), so every
record falls in some window when ``step <= size``. **The period label is the
window start** ``s_k`` -- also for cumulative windows, where it is the start
of the newest slice.

- Numeric times (years, or any number): ``size`` and ``step`` are in the
  same unit; ``s_0`` is ``start`` or the earliest time.
- Datetimes: an integer ``size`` / ``step`` counts calendar years
  (``pandas.DateOffset(years=n)``) and ``s_0`` defaults to the 1st of January
  of the earliest year; otherwise give a ``pandas.DateOffset``, a
  ``pandas.Timedelta`` or a string such as ``"90D"``, and ``s_0`` defaults to
  the earliest time.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from . import _registry
from ._convert import as_graph
from ._registry import measure
from ._results import group_codes, label
from ._validation import check_missing
from .errors import ClusternetError
from .graph import CollaborationGraph

__all__ = ["over_time", "tie_formation", "windows"]


def windows(
    g: Any,
    *,
    size: Any = 1,
    step: Any = 1,
    cumulative: bool = False,
    start: Any = None,
    end: Any = None,
) -> Iterator[tuple[Any, CollaborationGraph]]:
    """Yield ``(period, graph)`` for consecutive time windows.

    Supports affiliation graphs with event times and edge lists built with
    ``time=``.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times (:attr:`~clusternet.CollaborationGraph.has_time`).
    size : number, int years, DateOffset, Timedelta or str, default 1
        Length of a window (see the module notes for datetimes).
    step : same kinds as ``size``, default 1
        Distance between the starts of consecutive windows; ``step < size``
        gives overlapping (sliding) windows, ``step > size`` gaps.
    cumulative : bool, default False
        Each window runs from the first start to the end of its slice.
    start, end : optional
        The first window start (default: the earliest time; for datetimes
        with integer years, its 1st of January) and a bound after which no
        window starts (default: the last time, included).

    Yields
    ------
    period : the window start ``s_k`` (a number or a Timestamp)
    graph : CollaborationGraph
        Built from the events (tie records) in the window; it has no actor
        when the window is empty.

    Raises
    ------
    ClusternetError
        The graph has no times; times that are neither numbers nor
        datetimes; a size or step that is not positive or does not match the
        times.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "bob", "cy", "ann", "cy"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e3", "e3"],
    ...                   "year": [2020, 2020, 2021, 2021, 2022, 2022]})
    >>> g = cn.from_affiliations(t, time="year")
    >>> for period, w in cn.temporal.windows(g, size=2):
    ...     print(period, w.n_actors, w.n_ties, w.n_events)
    2020 3 2 2
    2021 3 2 2
    2022 2 1 1
    >>> [(p, w.n_ties) for p, w in cn.temporal.windows(g, cumulative=True)]
    [(2020, 1), (2021, 2), (2022, 3)]
    """
    g = as_graph(g)
    if not isinstance(cumulative, (bool, np.bool_)):
        raise ClusternetError(f"cumulative must be True or False, got {cumulative!r}")
    for period, lo, hi in _periods(g, size=size, step=step, cumulative=cumulative,
                                   start=start, end=end):
        yield period, g.window(lo, hi)


def over_time(
    g: Any,
    measure: Callable[..., Any] | str,
    *,
    size: Any = 1,
    step: Any = 1,
    cumulative: bool = False,
    start: Any = None,
    end: Any = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """A measure computed on each time window, one row per period.

    Supports any measure of the library (or your own function) that takes a
    graph first and returns a float or a pandas Series.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times.
    measure : callable or str
        Called as ``measure(window_graph, **kwargs)``. A string names a
        registered measure (:func:`clusternet.measures`): ``"ei_index"`` or
        ``"convergence.ei_index"``. The column of a float result is named
        after the measure (also for a ``functools.partial`` of a registered
        measure), after any other function by its ``__name__``, or
        ``value``.
    size, step, cumulative, start, end
        The windows, as in :func:`windows`.
    **kwargs
        Passed to ``measure`` (e.g. ``attribute="domain"``).

    Returns
    -------
    pandas.DataFrame
        Index ``period`` (window starts). Columns: the measure (one column
        named after the function for a float; one column per entry for a
        Series, NaN where an entry is absent from a window), then ``end``
        (the exclusive end of the window), ``n_actors``, ``n_ties`` and
        ``n_events`` (events of an affiliation graph; tie records of a timed
        edge list). Empty windows get NaN without calling the measure.

    Raises
    ------
    ClusternetError
        As :func:`windows`; an unknown measure name; a measure that returns
        something other than a number or a Series.

    Notes
    -----
    Warnings raised by the measure in a window (e.g. one group only: NaN)
    are passed on as they are.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "bob", "cy", "ann", "cy"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e3", "e3"],
    ...                   "year": [2020, 2020, 2021, 2021, 2022, 2022]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy"],
    ...                        "domain": ["art", "art", "tech"]})
    >>> g = cn.from_affiliations(t, time="year", actors=actors)
    >>> cn.temporal.over_time(g, "ei_index", size=2, attribute="domain")
            ei_index   end  n_actors  n_ties  n_events
    period
    2020         0.0  2022         3       2         2
    2021         1.0  2023         3       2         2
    2022         1.0  2024         2       1         1
    """
    g = as_graph(g)
    func, name = _resolve(measure)
    rows: list[dict[str, Any]] = []
    periods: list[Any] = []
    columns: list[Any] = []
    kind = None
    for period, lo, hi in _periods(g, size=size, step=step, cumulative=cumulative,
                                   start=start, end=end):
        w = g.window(lo, hi)
        row: dict[Any, Any] = {}
        if w.n_actors:
            value = func(w, **kwargs)
            if isinstance(value, pd.Series):
                kind = _same_kind(kind, "series", name)
                for key, v in value.items():
                    if key not in columns:
                        columns.append(key)
                    row[key] = v
            elif isinstance(value, (numbers.Real, np.number)) and not isinstance(value, bool):
                kind = _same_kind(kind, "float", name)
                row[name] = float(value)
            else:
                raise ClusternetError(
                    f"over_time: measure {name!r} returned a {type(value).__name__}; it must "
                    "return a number or a pandas Series (pick one entry of a table first)"
                )
        meta = {"end": hi, "n_actors": w.n_actors, "n_ties": w.n_ties,
                "n_events": 0 if w.times is None else len(w.times)}
        rows.append((row, meta))
        periods.append(period)
    if kind == "float" or kind is None:
        columns = [name]
    reserved = {"end", "n_actors", "n_ties", "n_events"}
    out = {}
    for col in columns:
        key = f"{name}_{col}" if col in reserved else col
        out[key] = np.array([r.get(col, np.nan) for r, _ in rows], dtype=np.float64)
    for col in ("end", "n_actors", "n_ties", "n_events"):
        values = [m[col] for _, m in rows]
        out[col] = pd.Index(values) if col == "end" else np.array(values, dtype=np.int64)
    df = pd.DataFrame(out, index=pd.Index(periods, name="period"))
    params = {"measure": name, "size": size, "step": step, "cumulative": cumulative,
              "start": start, "end": end, "kwargs": dict(kwargs)}
    return label(df, "over_time", params)


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
    step: Any = 1,
    start: Any = None,
    end: Any = None,
    missing: str = "error",
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
    size, step, start, end
        The windows, as in :func:`windows` (never cumulative).
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
          and ``n_incumbents`` (active before too).

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
    bounds = _periods(g, size=size, step=step, cumulative=False, start=start, end=end)
    seen_ties = np.zeros(0, dtype=np.int64)
    seen_actors = np.zeros(n, dtype=bool)
    history_end = None
    records = []
    periods = []
    for period, lo, hi in bounds:
        # history = everything before lo, grown window by window
        prev = g.window(history_end, lo)
        if prev.n_actors:
            p_pos = ids.get_indexer(prev.actor_ids)
            seen_actors[p_pos] = True
            seen_ties = _sorted_unique(np.concatenate([seen_ties, _pair_keys(prev, p_pos, n)]))
        history_end = lo
        w = g.window(lo, hi)
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
    params = {"attribute": attribute, "size": size, "step": step, "start": start, "end": end,
              "missing": missing}
    return label(df, "tie_formation", params)


# --------------------------------------------------------------------- helpers
def _pair_keys(w: CollaborationGraph, pos: np.ndarray, n: int, *, ends: bool = False):
    """Keys of the ties of window graph ``w`` in the global actor numbering."""
    from ._kernels.adjacency import upper_entries

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


def _same_kind(kind: str | None, new: str, name: str) -> str:
    if kind is not None and kind != new:
        raise ClusternetError(
            f"over_time: measure {name!r} returned a number in one window and a Series in "
            "another; it must return the same kind every time"
        )
    return new


def _resolve(measure: Callable[..., Any] | str) -> tuple[Callable[..., Any], str]:
    """The function to call per window and the name of its column."""
    if isinstance(measure, str):
        try:
            m = _registry.get(measure)
        except ClusternetError as exc:
            raise ClusternetError(f"over_time: {exc}, or pass a function") from None
        return m.func, m.name
    if not callable(measure):
        raise ClusternetError(
            f"over_time: measure must be a function or the name of a measure, got "
            f"{type(measure).__name__}; cn.measures() lists the measures by name"
        )
    found = _registry.of(measure)
    if found is not None:  # a registered measure, or a partial of one with options
        return measure, found[0].name
    name = getattr(measure, "__name__", None)
    if not name or name == "<lambda>":
        name = "value"
    return measure, name


def _periods(g: CollaborationGraph, *, size: Any, step: Any, cumulative: bool, start: Any,
             end: Any) -> list[tuple[Any, Any, Any]]:
    """``(label, lo, hi)`` of every window."""
    times = g.times
    if times is None:
        raise ClusternetError(
            "this graph has no time: build it with time=<column> (from_affiliations or "
            "from_edgelist) to take windows"
        )
    if len(times) == 0:
        return []
    if pd.api.types.is_datetime64_any_dtype(times.dtype):
        first, last = times.min(), times.max()
        years = _is_int(size) and _is_int(step)
        size_o = _offset(size, "size")
        step_o = _offset(step, "step")
        s0 = pd.Timestamp(start) if start is not None else (
            first.normalize().replace(month=1, day=1) if years else first
        )
        stop = pd.Timestamp(end) if end is not None else None
    elif pd.api.types.is_numeric_dtype(times.dtype) and not pd.api.types.is_bool_dtype(times.dtype):
        first, last = times.min(), times.max()
        size_o = _number(size, "size")
        step_o = _number(step, "step")
        s0 = start if start is not None else first.item() if hasattr(first, "item") else first
        if not isinstance(s0, numbers.Real):
            raise ClusternetError(f"start={start!r} must be a number like the times")
        stop = end
    else:
        raise ClusternetError(
            f"windows need numeric times (years) or datetimes; the times have dtype "
            f"{times.dtype}. Convert them first, e.g. pd.to_datetime(table[col])"
        )
    out = []
    k = 0
    while True:
        lo = s0 + step_o * k if k else s0
        if (stop is not None and not lo < stop) or (stop is None and lo > last):
            break
        hi = lo + size_o
        out.append((lo, s0 if cumulative else lo, hi))
        k += 1
        if k > 1_000_000:
            raise ClusternetError("more than 1,000,000 windows: choose a larger step")
    return out


def _is_int(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _number(x: Any, param: str) -> float | int:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not np.isfinite(x) or x <= 0:
        raise ClusternetError(
            f"{param}={x!r}: with numeric times {param} must be a positive number in the "
            "unit of the times"
        )
    return x.item() if isinstance(x, np.generic) else x


def _offset(x: Any, param: str) -> Any:
    if _is_int(x):
        if x <= 0:
            raise ClusternetError(f"{param}={x!r} must be positive")
        return pd.DateOffset(years=int(x))
    if isinstance(x, pd.DateOffset):
        probe = pd.Timestamp("2000-01-01")
        if not probe + x > probe:
            raise ClusternetError(f"{param}={x!r} must move time forward")
        return x
    if isinstance(x, (str, pd.Timedelta, _dt.timedelta, np.timedelta64)):
        try:
            td = pd.Timedelta(x)
        except ValueError:
            raise ClusternetError(
                f"{param}={x!r} is not a duration; use e.g. '90D', pd.Timedelta(days=90) or "
                "pd.DateOffset(months=6)"
            ) from None
        if td <= pd.Timedelta(0):
            raise ClusternetError(f"{param}={x!r} must be positive")
        return td
    raise ClusternetError(
        f"{param}={x!r}: with datetime times give whole years (an int), a pandas.DateOffset, "
        "a pandas.Timedelta or a string such as '90D'"
    )
