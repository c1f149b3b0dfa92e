"""Team assembly: incumbents and repeat collaborations per period (Guimerà et al. 2005)."""

from __future__ import annotations

import numbers
import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._registry import measure
from .._results import label
from ..convergence._hybrid import event_incidence
from ..errors import ClusternetError, ClusternetWarning
from ._windows import _offset, _periods


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

    With ``p=`` or ``q=`` given, :func:`~clusternet.datasets.creative_cluster`
    assembles teams by this process, and the pooled :math:`\hat p` and
    :math:`\hat q` recover its ``p`` and ``q`` (tested: within four binomial
    standard errors plus 0.04 for the model's own background and shortfall
    of repeat draws); its bundled cluster (no ``p``, ``q``) keeps an older
    assembly that realises fewer repeats than ``q`` in teams with three
    incumbents or more.

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
    B = event_incidence(g, "team_assembly", "cn.from_affiliations(..., time=<column>)")
    if not g.has_time:
        raise ClusternetError(
            "team_assembly needs event times: build the graph with "
            "cn.from_affiliations(..., time=<column>)"
        )
    level = _check_level(level)
    bounds = _periods(g, size=size, step=size, cumulative=False, start=start, end=end,
                      warn=False)
    if g.times.isna().any():  # events kept without a time (missing_time="keep"): none here
        g = g.window()
        B = g.incidence
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

    from .._kernels.team_assembly import event_team_counts

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
