"""Time windows and any measure followed over them (see :mod:`clusternet.temporal`)."""

from __future__ import annotations

import datetime as _dt
import numbers
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import _registry
from .._convert import as_graph
from .._registry import measure
from .._results import group_codes, label
from .._validation import check_missing
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph


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
