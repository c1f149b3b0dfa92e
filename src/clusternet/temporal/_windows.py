"""Time windows and any measure followed over them (see :mod:`clusternet.temporal`)."""

from __future__ import annotations

import datetime as _dt
import numbers
import warnings
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .. import _registry
from .._convert import as_graph
from .._results import label
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph, check_span, time_bound


class Window(tuple):
    """One time window from :func:`windows`.

    It unpacks as ``(period, graph)``, as before, and says what it holds.

    Attributes
    ----------
    period : number or Timestamp
        The label: the start of the window's newest slice.
    graph : CollaborationGraph
        The graph of the records in the window.
    start, end : number or Timestamp
        The window holds the records with ``start <= time < end``
        (``start`` is the first start for cumulative windows).
    complete : bool
        True when the window lies within the data's time range (see
        :func:`windows`); False for a window that starts before the first
        time or ends after the last one, and so covers part of its span.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["a", "b", "a", "c"], "event": [1, 1, 2, 2],
    ...                   "year": [2020, 2020, 2021, 2021]})
    >>> w = list(cn.temporal.windows(cn.from_affiliations(t, time="year"), size=2))[0]
    >>> period, graph = w
    >>> w.start, w.end, w.complete, graph.n_events
    (2020, 2022, True, 2)
    """

    period: Any
    graph: CollaborationGraph
    start: Any
    end: Any
    complete: bool

    def __new__(cls, period: Any, graph: CollaborationGraph, start: Any, end: Any,
                complete: bool) -> Window:
        self = super().__new__(cls, (period, graph))
        self.period, self.graph = period, graph
        self.start, self.end, self.complete = start, end, bool(complete)
        return self

    def __getnewargs__(self) -> tuple[Any, ...]:  # pickle and copy
        return (self.period, self.graph, self.start, self.end, self.complete)

    def __repr__(self) -> str:
        return (f"Window(period={self.period!r}, start={self.start!r}, end={self.end!r}, "
                f"complete={self.complete}, graph={self.graph!r})")


def windows(
    g: Any,
    *,
    size: Any = 1,
    step: Any = None,
    cumulative: bool = False,
    start: Any = None,
    end: Any = None,
    origin: Any = None,
) -> Iterator[Window]:
    """Yield the consecutive time windows of a graph, one :class:`Window` each.

    Supports affiliation graphs with event times and edge lists built with
    ``time=``.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times (:attr:`~clusternet.CollaborationGraph.has_time`).
    size : number, int years, DateOffset, Timedelta or str, default 1
        Length of a window (see the module notes for datetimes).
    step : same kinds as ``size``, optional
        Distance between the starts of consecutive windows; by default
        ``size`` (consecutive windows that do not overlap). ``step < size``
        gives overlapping (sliding) windows, ``step > size`` gaps.
    cumulative : bool, default False
        Each window runs from the first start to the end of its slice.
    start, end : optional
        The first window start (default: the earliest time; for datetimes
        with integer years, its 1st of January) and a bound before which
        every window starts (default: windows start up to the last time,
        included). Read in the type of the times: for datetimes an int year
        is its 1st of January.
    origin : optional
        Anchor the windows to the calendar: window starts fall on
        ``origin + k * step`` for whole ``k``, and the first window is the
        one holding the earliest time. ``origin=1930`` with ``size=10``
        gives decades 1920-1929, 1930-1939, ...; ``origin="2020-01-01"``
        with ``size="90D"`` gives 90-day windows from that date. Not with
        ``start``.

    Returns
    -------
    iterator of Window
        Each unpacks as ``(period, graph)`` and has ``start``, ``end`` and
        ``complete``; the graph has no actor when the window is empty.

    Raises
    ------
    ClusternetError
        At the call, before any window is built: the graph has no times;
        times that are neither numbers nor datetimes; a size or step that is
        not positive or does not match the times; a bound that is NaN,
        cannot be read in the type of the times, or ``start`` after ``end``;
        ``start`` and ``origin`` together.

    Warns
    -----
    ClusternetWarning
        Windows that hold no record (counted, the first named), or no
        window at all (``start`` after the last time, ``end`` before the
        first).

    Notes
    -----
    A window ``[lo, hi)`` is *complete* when ``lo >= first`` and ``hi <=
    last + u``, where ``first`` and ``last`` are the earliest and latest
    times and ``u`` is the resolution of the times: 1 for whole-number
    times (years: the data cover ``last`` whole), one day for datetimes that
    are all at midnight (dates), 0 otherwise. Records without a time (built
    with ``missing_time="keep"``) are in no window.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "bob", "cy", "ann", "cy"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e3", "e3"],
    ...                   "year": [2020, 2020, 2021, 2021, 2022, 2022]})
    >>> g = cn.from_affiliations(t, time="year")
    >>> for w in cn.temporal.windows(g, size=2):
    ...     print(w.start, w.end, w.complete, w.graph.n_actors, w.graph.n_events)
    2020 2022 True 3 2
    2022 2024 False 2 1
    >>> [(p, w.n_ties) for p, w in cn.temporal.windows(g, size=2, step=1)]
    [(2020, 2), (2021, 2), (2022, 1)]
    >>> [(w.start, w.end) for w in cn.temporal.windows(g, size=2, origin=2000)]
    [(2020, 2022), (2022, 2024)]
    >>> [(p, w.n_ties) for p, w in cn.temporal.windows(g, cumulative=True)]
    [(2020, 1), (2021, 2), (2022, 3)]
    """
    g = as_graph(g)
    _check_cumulative(cumulative)
    specs = _plan(g, size=size, step=step, cumulative=cumulative, start=start, end=end,
                  origin=origin, caller="windows")
    return _iterate(g, specs)


def _iterate(g: CollaborationGraph, specs: list[_Spec]) -> Iterator[Window]:
    for s in specs:
        yield Window(s.period, window_graph(g, s.lo, s.hi), s.lo, s.hi, s.complete)


def window_graph(g: CollaborationGraph, lo: Any, hi: Any) -> CollaborationGraph:
    """``g.window(lo, hi)`` without its warning for an empty window (the
    callers here count empty windows themselves)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"window \[.*holds no record",
                                category=ClusternetWarning)
        return g.window(lo, hi)


def _check_cumulative(cumulative: Any) -> None:
    if not isinstance(cumulative, (bool, np.bool_)):
        raise ClusternetError(f"cumulative must be True or False, got {cumulative!r}")


#: The columns over_time adds after the measure's, describing each window.
WINDOW_COLUMNS = ("start", "end", "complete", "n_actors", "n_ties", "n_events")


def over_time(
    g: Any,
    measure: Callable[..., Any] | str,
    *,
    size: Any = 1,
    step: Any = None,
    cumulative: bool = False,
    start: Any = None,
    end: Any = None,
    origin: Any = None,
    client: Any = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """A measure computed on each time window.

    Supports any measure of the library (or your own function) that takes a
    graph first and returns a float, a pandas Series or a pandas DataFrame
    (an actor-level table such as :func:`clusternet.structure.core_periphery`).

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
    size, step, cumulative, start, end, origin
        The windows, as in :func:`windows` (``step`` defaults to ``size``).
    client : dask.distributed.Client or False, optional
        Compute the windows on the workers of this Dask cluster (the
        ``clusternet[dask]`` extra): the graph, the measure and ``kwargs``
        are sent once to every worker and each window is a task; the table
        is the one computed here, and the warnings of the windows are
        passed on in window order. Not given: the active client, if one is
        running (``distributed.default_client()``); ``False``: this machine
        only. A seed for the measure must then be an int (a ``numpy``
        Generator would be advanced from one window to the next here, not
        there: given with a Generator, a client is refused, and an active
        one is not used).
    **kwargs
        Passed to ``measure`` (e.g. ``attribute="domain"``).

    Returns
    -------
    pandas.DataFrame
        For a float or Series measure: one row per window, index ``period``
        (the window starts). Columns: the measure (one column named after
        the function for a float; one column per entry for a Series, NaN
        where an entry is absent from a window), then ``start`` and ``end``
        (the window holds ``start <= time < end``; ``start`` is the first
        start for cumulative windows), ``complete`` (bool: the window lies
        within the data's time range, see :func:`windows`), ``n_actors``,
        ``n_ties`` and ``n_events`` (events of an affiliation graph; tie
        records of a timed edge list). Empty windows get NaN without calling
        the measure.

        For a DataFrame measure: the tables of the windows stacked, index
        ``(period, <the table's index>)`` (e.g. ``(period, actor)``), the
        table's columns with their dtypes; empty windows have no row.
        ``.unstack("period")`` on a column gives actors x periods.

    Raises
    ------
    ClusternetError
        As :func:`windows`; an unknown measure name; a measure that returns
        something other than a number, a Series or a DataFrame, or not the
        same kind in every window; a ``client`` that is not a
        ``dask.distributed.Client``, or a Generator as ``rng`` with one.

    Notes
    -----
    Keep incomplete windows out of trends and headline numbers with
    ``table[table["complete"]]``. Warnings raised by the measure in a
    window (e.g. one group only: NaN) are passed on as they are.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "bob", "cy", "ann", "cy"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e3", "e3"],
    ...                   "year": [2020, 2020, 2021, 2021, 2022, 2022]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy"],
    ...                        "domain": ["art", "art", "tech"]})
    >>> g = cn.from_affiliations(t, time="year", actors=actors)
    >>> cn.temporal.over_time(g, "ei_index", size=2, step=1, attribute="domain")
            ei_index  start   end  complete  n_actors  n_ties  n_events
    period
    2020         0.0   2020  2022      True         3       2         2
    2021         1.0   2021  2023      True         3       2         2
    2022         1.0   2022  2024     False         2       1         1

    An actor-level measure gives one row per window and actor; core
    membership by period, and the share of each period's newcomers (actors
    in no earlier window) that are in the core:

    >>> aff, people = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> h = cn.from_affiliations(aff, time="year", actors=people)
    >>> cp = cn.temporal.over_time(h, cn.structure.core_periphery, rng=1)
    >>> core = cp["core"].unstack("period")          # actors x periods, NaN: absent
    >>> core.shape
    (60, 3)
    >>> active = core.notna()
    >>> newcomer = active & ~active.cumsum(axis=1).shift(axis=1, fill_value=0).astype(bool)
    >>> entering = (newcomer & core.eq(True)).sum() / newcomer.sum()
    >>> entering.index.tolist()
    [2010, 2011, 2012]
    """
    g = as_graph(g)
    func, name = _resolve(measure)
    _check_cumulative(cumulative)
    specs = _plan(g, size=size, step=step, cumulative=cumulative, start=start, end=end,
                  origin=origin, caller="over_time")
    params = {"measure": name, "size": size, "step": step, "cumulative": cumulative,
              "start": start, "end": end, "origin": origin, "kwargs": dict(kwargs)}
    rows: list[tuple[dict[Any, Any], dict[str, Any]]] = []
    tables: dict[Any, pd.DataFrame] = {}
    columns: list[Any] = []
    kind = None
    from ..distributed._client import resolve_client

    explicit = client is not None and client is not False
    client = resolve_client(client)
    if client is not None and not explicit and isinstance(kwargs.get("rng"),
                                                          np.random.Generator):
        client = None  # an active client is not used for a Generator's windows
    if client is not None:
        computed = _on_client(client, g, func, specs, kwargs)
    else:
        computed = (_window_value(g, func, s.lo, s.hi, kwargs) for s in specs)
    for s, (counts, value) in zip(specs, computed):
        row: dict[Any, Any] = {}
        if counts[0]:
            if isinstance(value, pd.DataFrame):
                kind = _same_kind(kind, "table", name)
                tables[s.period] = value
            elif isinstance(value, pd.Series):
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
                    "return a number, a pandas Series or a pandas DataFrame"
                )
        meta = {"start": s.lo, "end": s.hi, "complete": s.complete, "n_actors": counts[0],
                "n_ties": counts[1], "n_events": counts[2]}
        rows.append((row, meta))
    if kind == "table":
        inner = next(iter(tables.values())).index.name
        df = pd.concat(tables, names=["period", inner])
        return label(df, "over_time", params)
    if kind in ("float", None):
        columns = [name]
    out = {}
    for col in columns:
        key = f"{name}_{col}" if col in WINDOW_COLUMNS else col
        out[key] = np.array([r.get(col, np.nan) for r, _ in rows], dtype=np.float64)
    for col in WINDOW_COLUMNS:
        values = [m[col] for _, m in rows]
        if col in ("start", "end"):
            out[col] = pd.Index(values)
        elif col == "complete":
            out[col] = np.array(values, dtype=bool)
        else:
            out[col] = np.array(values, dtype=np.int64)
    df = pd.DataFrame(out, index=pd.Index([s.period for s in specs], name="period"))
    return label(df, "over_time", params)


def _window_value(g: CollaborationGraph, func: Callable[..., Any], lo: Any, hi: Any,
                  kwargs: dict[str, Any]) -> tuple[tuple[int, int, int], Any]:
    """The counts (actors, ties, events) of one window and the measure on it
    (None for an empty window)."""
    w = window_graph(g, lo, hi)
    counts = (w.n_actors, w.n_ties, 0 if w.times is None else len(w.times))
    return counts, (func(w, **kwargs) if w.n_actors else None)


def _window_task(shared: tuple[Any, ...], lo: Any, hi: Any) -> tuple[Any, list[Any]]:
    """One window on a Dask worker, with the warnings it raised."""
    from ..distributed._client import recording_warnings

    g, func, kwargs = shared
    return recording_warnings(_window_value, g, func, lo, hi, kwargs)


def _on_client(client: Any, g: CollaborationGraph, func: Callable[..., Any], specs: list[Any],
               kwargs: dict[str, Any]) -> Iterator[tuple[tuple[int, int, int], Any]]:
    """The windows computed on a Dask cluster, yielded in window order (their
    warnings raised again here, in that order)."""
    from ..distributed._client import check_client, run_chunks

    check_client(client)
    if isinstance(kwargs.get("rng"), np.random.Generator):
        raise ClusternetError(
            "over_time(client=...) needs an int seed as rng=, not a numpy Generator (each "
            "window would get the Generator in the same state); pass e.g. rng=42"
        )
    results: list[Any] = [None] * len(specs)
    chunks = [(s.lo, s.hi) for s in specs]
    for k, res in run_chunks(client, _window_task, (g, func, kwargs), chunks):
        results[k] = res
    for out, caught in results:
        for category, message in caught:
            warnings.warn(message, category, stacklevel=4)
        yield out


def _same_kind(kind: str | None, new: str, name: str) -> str:
    if kind is not None and kind != new:
        raise ClusternetError(
            f"over_time: measure {name!r} returned a {kind} in one window and a {new} in "
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


class _Spec(NamedTuple):
    period: Any
    lo: Any
    hi: Any
    complete: bool
    n_records: int


def _periods(g: CollaborationGraph, *, size: Any, step: Any, cumulative: bool, start: Any,
             end: Any, origin: Any = None, warn: bool = True,
             caller: str = "windows") -> list[tuple[Any, Any, Any]]:
    """``(label, lo, hi)`` of every window."""
    return [(s.period, s.lo, s.hi)
            for s in _plan(g, size=size, step=step, cumulative=cumulative, start=start,
                           end=end, origin=origin, warn=warn, caller=caller)]


def _plan(g: CollaborationGraph, *, size: Any, step: Any, cumulative: bool, start: Any,
          end: Any, origin: Any = None, warn: bool = True,
          caller: str = "windows") -> list[_Spec]:
    """Every window: label, bounds, completeness and number of records; all
    parameters checked here, before any window is built."""
    times = g.times
    if times is None:
        raise ClusternetError(
            "this graph has no time: build it with time=<column> (from_affiliations or "
            "from_edgelist) to take windows"
        )
    if step is None:
        step = size
    if start is not None and origin is not None:
        raise ClusternetError(
            f"pass start={start!r} or origin={origin!r}, not both: start is the first window "
            "start, origin a date the window starts fall on"
        )
    dtype = times.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        years = _is_int(size) and _is_int(step)
        size_o = _offset(size, "size")
        step_o = _offset(step, "step")
    elif pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        years = False
        size_o = _number(size, "size")
        step_o = _number(step, "step")
    else:
        raise ClusternetError(
            f"windows need numeric times (years) or datetimes; the times have dtype "
            f"{dtype}. Convert them first, e.g. pd.to_datetime(table[col])"
        )
    lo_b = time_bound(times, start, "start")
    stop = time_bound(times, end, "end")
    anchor = time_bound(times, origin, "origin")
    check_span(lo_b, stop)
    known = times.dropna()
    if len(known) == 0:
        if warn:
            warnings.warn(f"{caller}: no record has a time; there is no window",
                          ClusternetWarning, stacklevel=3)
        return []
    first, last = known.min(), known.max()
    if pd.api.types.is_datetime64_any_dtype(dtype):
        dates = bool((known == known.dt.normalize()).all())
        unit: Any = pd.Timedelta(days=1) if dates else pd.Timedelta(0)
        default = first.normalize().replace(month=1, day=1) if years else first
    else:
        whole = bool(np.all(np.mod(known.to_numpy(dtype=np.float64), 1) == 0))
        first, last = _scalar(first, whole), _scalar(last, whole)
        unit = 1 if whole else 0
        default = first
    if lo_b is not None:
        s0 = lo_b
    elif anchor is not None:
        s0 = _align(anchor, step_o, first)
    else:
        s0 = default
    data_end = last + unit
    specs = []
    k = 0
    while True:
        lo = s0 + step_o * k if k else s0
        if (stop is not None and not lo < stop) or (stop is None and lo > last):
            break
        hi = lo + size_o
        wlo = s0 if cumulative else lo
        specs.append((lo, wlo, hi, bool(wlo >= first and hi <= data_end)))
        k += 1
        if k > 1_000_000:
            raise ClusternetError("more than 1,000,000 windows: choose a larger step")
    keys = np.sort(_keys(known))
    los = np.searchsorted(keys, _keys([s[1] for s in specs]), side="left")
    his = np.searchsorted(keys, _keys([s[2] for s in specs]), side="left")
    out = [_Spec(p, lo, hi, c, int(n)) for (p, lo, hi, c), n in zip(specs, his - los)]
    if warn:
        _warn_empty(out, caller, s0, stop, first, last)
    return out


def _warn_empty(specs: list[_Spec], caller: str, s0: Any, stop: Any, first: Any,
                last: Any) -> None:
    have = f"the times run from {first} to {last}"
    if not specs:
        warnings.warn(
            f"{caller}: no window starts in [{s0}, {'...' if stop is None else stop}); {have}",
            ClusternetWarning, stacklevel=4)
        return
    empty = [s for s in specs if s.n_records == 0]
    if len(empty) == len(specs):
        warnings.warn(
            f"{caller}: none of the {len(specs)} window(s) holds a record; {have}",
            ClusternetWarning, stacklevel=4)
    elif empty:
        warnings.warn(
            f"{caller}: {len(empty)} of {len(specs)} windows hold no record (the first "
            f"starts at {empty[0].period}); {have}",
            ClusternetWarning, stacklevel=4)


def _scalar(x: Any, whole: bool) -> Any:
    """A time as a Python number: an int when every time is a whole number."""
    x = x.item() if isinstance(x, np.generic) else x
    return int(x) if whole else x


def _keys(values: Any) -> np.ndarray:
    """Times or bounds as sortable numbers: float64, or int64 UTC nanoseconds."""
    values = list(values) if not isinstance(values, pd.Series) else values
    if isinstance(values, list):
        if not values:
            return np.zeros(0)
        if isinstance(values[0], (pd.Timestamp, _dt.datetime, np.datetime64)):
            values = pd.Series(pd.DatetimeIndex(values))
        else:
            return np.asarray(values, dtype=np.float64)
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        idx = pd.DatetimeIndex(values)
        if idx.tz is not None:
            idx = idx.tz_convert("UTC").tz_localize(None)
        return idx.as_unit("ns").asi8.astype(np.int64)
    return values.to_numpy(dtype=np.float64)


def _align(anchor: Any, step: Any, first: Any) -> Any:
    """The last of ``anchor + k * step`` (whole k) at or before ``first``."""
    if isinstance(step, (pd.Timedelta, numbers.Real)):
        k = int(np.floor((first - anchor) / step))
        s0 = anchor + step * k
        while s0 > first:  # float rounding
            s0 = s0 - step
        return s0
    k = 0
    if anchor <= first:
        while anchor + step * (k + 1) <= first:
            k += 1
            if k > 1_000_000:
                raise ClusternetError("origin is more than 1,000,000 steps before the times")
    else:
        k = -1
        while anchor + step * k > first:
            k -= 1
            if k < -1_000_000:
                raise ClusternetError("origin is more than 1,000,000 steps after the times")
    return anchor + step * k if k else anchor


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
