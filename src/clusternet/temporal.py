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
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import _registry
from ._convert import as_graph
from ._registry import measure
from ._results import group_codes, label
from ._validation import check_missing
from .errors import ClusternetError, ClusternetWarning
from .graph import CollaborationGraph

__all__ = ["over_time", "team_assembly", "tie_formation", "windows"]


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


def _check_tau(value: Any, param: str = "tau") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ClusternetError(
            f"{param}={value!r}: give the number of periods an actor stays an incumbent "
            "after its last event (an int >= 1), or None to keep every earlier actor"
        )
    return int(value)


def _check_level(value: Any, param: str = "level") -> str:
    if value not in ("period", "event"):
        raise ClusternetError(f"{param}={value!r}; choose 'period' or 'event'")
    return value


@measure(
    family="temporal",
    levels={"period": "DataFrame", "event": "DataFrame"},
    references=("guimera2005",),
    summary="incumbent share p and repeat-collaboration rate q of teams, per period",
    attribute=None,
    level_param="level",
    needs_events=True,
    checks={"tau": _check_tau},
    method=(
        "Team assembly follows Guimerà et al. [guimera2005]: an incumbent is an actor "
        "with an event in the tau periods before the period (tau=None: in any earlier "
        "period), p is the share of team slots held by incumbents, and q is the share of "
        "incumbents beyond the first in a team who join a previous collaborator there "
        "(k - c over k - 1, c the groups of the team's incumbents linked by an earlier "
        "shared event); pairs of team-mates are typed newcomer-newcomer, "
        "newcomer-incumbent, incumbent-incumbent new and repeated."),
)
def team_assembly(
    g: Any,
    *,
    size: Any = 1,
    tau: int | None = None,
    start: Any = None,
    end: Any = None,
    level: str = "period",
) -> pd.DataFrame:
    r"""How teams are assembled in each period: the incumbent share
    :math:`\hat p`, the repeat-collaboration rate :math:`\hat q` and the four
    link types of Guimerà, Uzzi, Spiro & Amaral (2005).

    Supports affiliation graphs whose events carry a time (built with
    :func:`~clusternet.from_affiliations` and ``time=``); each event is a
    team, each of its distinct actors a slot.

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph with event times.
    size : number, int years, DateOffset, Timedelta or str, default 1
        Length of a period, as in :func:`windows`; periods follow each other
        without gap or overlap (``step = size``).
    tau : int or None, default None
        Memory of incumbency, in periods: an actor is an incumbent in a
        period when it took part in an event in the ``tau`` periods before it
        (dates in ``[s - tau * size, s)``, ``s`` the period start), as in the
        model, where an actor leaves the pool after ``tau`` periods without a
        team. ``None``: in any earlier period.
    start, end : optional
        The first period start and a bound after which no period starts, as
        in :func:`windows`. Events dated before ``start`` count as history.
    level : {"period", "event"}
        One row per period, or one per event (team).

    Returns
    -------
    pandas.DataFrame
        ``level="period"``: index ``period`` (period starts); ``"event"``:
        index ``event`` (the events dated in a period, in graph order, with
        a ``period`` column). Integer columns, for the events of the row:

        - ``n_events`` (period level), ``slots`` :math:`\sum m_e` (team
          sizes), ``incumbent_slots`` :math:`\sum k_e`;
        - ``pairs`` :math:`\sum \binom{m_e}{2}` (pairs of team-mates, once
          per team: a pair in two teams of a period counts twice) and its
          split ``newcomer_newcomer``, ``newcomer_incumbent``,
          ``incumbent_incumbent_new`` and ``incumbent_incumbent_repeated``;
          ``incumbent_pairs`` :math:`\sum \binom{k_e}{2}` and
          ``repeated_pairs`` (incumbent pairs that shared an event dated
          before the period start);
        - ``followers`` :math:`\sum \max(k_e - 1, 0)` and ``joined``
          :math:`\sum (k_e - c_e)`;

        and float columns ``p``, ``q``, ``q_pairs`` and the four shares
        ``*_share`` of the link types among ``pairs``. Ratios with a zero
        denominator are NaN: ``q`` in a period where no team has two
        incumbents (always the first period), everything in a period
        without events (with a :class:`~clusternet.ClusternetWarning`).

    Raises
    ------
    ClusternetError
        The graph has no events or no times; a bad ``size``, ``tau`` or
        ``level``.

    See Also
    --------
    tie_formation : new and repeated ties of the projection, by group.
    clusternet.datasets.creative_cluster : the model, as a generator.

    Notes
    -----
    For a team (event) :math:`e` with :math:`m_e` slots, of which
    :math:`k_e` are held by incumbents,

    .. math::

       \hat p = \frac{\sum_e k_e}{\sum_e m_e}, \qquad
       \hat q = \frac{\sum_e (k_e - c_e)}{\sum_e \max(k_e - 1, 0)},

    where :math:`c_e` is the number of connected components of the graph on
    the team's incumbents whose edges join pairs that shared an event dated
    before the period start (any earlier date: in the model an incumbent
    keeps all its collaborations while it stays in the pool). In the model
    the first incumbent of a team is drawn at random and each further one
    is, with probability :math:`q`, a previous collaborator of an incumbent
    already on the team: each such draw joins an existing component, so
    :math:`k_e - c_e` counts them (plus the random draws that happen to be
    old collaborators), whatever the order of the draws, which the data do
    not record. ``q_pairs`` :math:`= \sum_e r_e / \sum_e \binom{k_e}{2}`
    (:math:`r_e` the repeated incumbent pairs) is the share of repeated
    links among incumbent-incumbent links; it equals :math:`\hat q` for
    teams with two incumbents and is lower for larger ones (a team with
    :math:`k` incumbents has :math:`k - 1` draws but :math:`\binom{k}{2}`
    pairs). Pairs are typed by their ends' status: newcomer-newcomer
    :math:`\binom{m_e - k_e}{2}`, newcomer-incumbent
    :math:`(m_e - k_e) k_e`, incumbent-incumbent new
    :math:`\binom{k_e}{2} - r_e` and repeated :math:`r_e`.

    The bundled :func:`~clusternet.datasets.creative_cluster` draws the
    further incumbents among the past collaborators of the team's *first*
    incumbent and, when two draws hit the same actor, replaces one by a
    random incumbent; in its teams with three incumbents or more the rate
    it realises is therefore below its ``q``, while its teams with exactly
    two incumbents (``level="event"``, ``incumbent_slots == 2``) recover
    ``q`` (tested).

    Events in the same period are assembled independently: a pair first
    seen in a period is new in every team of that period. In the first
    period every actor is a newcomer, and with data that begin in the
    middle of a cluster's history the first ``tau`` periods undercount
    incumbents: pool estimates over later periods.

    References
    ----------
    .. [1] Guimerà, R., Uzzi, B., Spiro, J., & Amaral, L. A. N. (2005). Team
       assembly mechanisms determine collaboration network structure and
       team performance. Science 308(5722), 697-702.
       https://doi.org/10.1126/science.1106340

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "ann", "bob", "cy", "dan"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e2", "e2"],
    ...                   "year": [2020, 2020, 2021, 2021, 2021, 2021]})
    >>> g = cn.from_affiliations(t, time="year")
    >>> f = cn.temporal.team_assembly(g)
    >>> f[["slots", "incumbent_slots", "p", "followers", "joined", "q"]]
            slots  incumbent_slots    p  followers  joined    q
    period
    2020        2                0  0.0          0       0  NaN
    2021        4                2  0.5          1       1  1.0
    >>> f.loc[2021, ["newcomer_newcomer", "newcomer_incumbent",
    ...              "incumbent_incumbent_new", "incumbent_incumbent_repeated"]].tolist()
    [1, 4, 0, 1]
    """
    g = as_graph(g)
    B = g.incidence
    if B is None:
        raise ClusternetError(
            "team_assembly needs the events of an affiliation graph (build it with "
            "cn.from_affiliations(..., time=<column>)); this graph has none"
        )
    if not g.has_time:
        raise ClusternetError(
            "team_assembly needs event times: build the graph with "
            "cn.from_affiliations(..., time=<column>)"
        )
    level = _check_level(level)
    bounds = _periods(g, size=size, step=size, cumulative=False, start=start, end=end)
    times = g.times
    datetimes = pd.api.types.is_datetime64_any_dtype(times.dtype)
    n_periods = len(bounds)
    periods = [p for p, _, _ in bounds]
    if datetimes:
        step_o = _offset(size, "size")
        t = _ns(pd.DatetimeIndex(times))
        los = _ns(pd.DatetimeIndex([lo for _, lo, _ in bounds]))
        his = _ns(pd.DatetimeIndex([hi for _, _, hi in bounds]))
        sinces = (np.full(n_periods, np.iinfo(np.int64).min, dtype=np.int64) if tau is None
                  else _ns(pd.DatetimeIndex([lo - step_o * tau for _, lo, _ in bounds])))
    else:
        t = times.to_numpy(dtype=np.float64)
        los = np.array([lo for _, lo, _ in bounds], dtype=np.float64)
        his = np.array([hi for _, _, hi in bounds], dtype=np.float64)
        sinces = (np.full(n_periods, -np.inf) if tau is None
                  else np.array([lo - size * tau for _, lo, _ in bounds], dtype=np.float64))
    # The period of each event; events outside every period are history only
    # (their lo and since are never read).
    k_of = np.searchsorted(los, t, side="right") - 1
    counted = k_of >= 0
    counted[counted] = t[counted] < his[k_of[counted]]
    lo_ev, since_ev = t.copy(), t.copy()
    lo_ev[counted] = los[k_of[counted]]
    since_ev[counted] = sinces[k_of[counted]]

    from ._kernels.team_assembly import event_team_counts

    members = sp.csc_array(B)
    members.sort_indices()
    c = event_team_counts(members.indptr, members.indices, g.n_actors, t, lo_ev, since_ev,
                          counted)
    counts = {
        "slots": c.slots,
        "incumbent_slots": c.incumbent_slots,
        "pairs": c.newcomer_newcomer + c.newcomer_incumbent + c.incumbent_pairs,
        "newcomer_newcomer": c.newcomer_newcomer,
        "newcomer_incumbent": c.newcomer_incumbent,
        "incumbent_incumbent_new": c.incumbent_pairs - c.repeated_pairs,
        "incumbent_incumbent_repeated": c.repeated_pairs,
        "incumbent_pairs": c.incumbent_pairs,
        "repeated_pairs": c.repeated_pairs,
        "followers": c.followers,
        "joined": c.joined,
    }
    params = {"size": size, "tau": tau, "start": start, "end": end, "level": level}
    if level == "event":
        idx = np.flatnonzero(counted)
        cols = {"period": pd.Index(periods).take(k_of[idx])}
        cols.update({k: v[idx] for k, v in counts.items()})
        df = pd.DataFrame(cols, index=g.events.index[idx])
    else:
        n_events = np.bincount(k_of[counted], minlength=n_periods).astype(np.int64)
        cols = {"n_events": n_events}
        cols.update({k: np.bincount(k_of[counted], weights=v[counted],
                                    minlength=n_periods).astype(np.int64)
                     for k, v in counts.items()})
        df = pd.DataFrame(cols, index=pd.Index(periods, name="period"))
        empty = df.index[n_events == 0]
        if len(empty):
            warnings.warn(
                f"team_assembly: {len(empty)} period(s) have no event, e.g. {empty[0]!r}; "
                "their p, q and shares are NaN",
                ClusternetWarning,
                stacklevel=3,
            )
    with np.errstate(invalid="ignore", divide="ignore"):
        df["p"] = df["incumbent_slots"] / df["slots"].where(df["slots"] > 0)
        df["q"] = df["joined"] / df["followers"].where(df["followers"] > 0)
        df["q_pairs"] = df["repeated_pairs"] / df["incumbent_pairs"].where(
            df["incumbent_pairs"] > 0)
        pairs = df["pairs"].where(df["pairs"] > 0)
        for name in ("newcomer_newcomer", "newcomer_incumbent", "incumbent_incumbent_new",
                     "incumbent_incumbent_repeated"):
            df[f"{name}_share"] = df[name] / pairs
    for col in ("p", "q", "q_pairs"):
        df[col] = df[col].astype(np.float64)
    return label(df, "team_assembly", params)


def _ns(index: pd.DatetimeIndex) -> np.ndarray:
    """Datetimes as int64 nanoseconds (UTC for zone-aware ones)."""
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.as_unit("ns").asi8.astype(np.int64)


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
