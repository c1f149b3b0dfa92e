"""A measure over time windows."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ClusternetError
from ._common import OKABE_ITO, _axes, _count_format, _info, _no_offset, _pyplot

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def over_time(
    data: pd.DataFrame | pd.Series,
    measure: str | None = None,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    window: str | None = None,
    color: str | None = None,
    counts: bool = False,
    null: bool | None = None,
    title: str | None = None,
) -> Axes:
    """A measure per time window, as a line with a marker per window.

    Windows that a ``complete`` column marks as incomplete (they cover only
    part of their span, e.g. a last window cut by the end of the data) get
    a hollow marker, labelled "incomplete window (hollow)" in the legend.
    A legend is drawn when the Axes has more than one entry.

    Given the result of :func:`clusternet.inference.test_over_time`, it
    also draws each window's null mean (dashed) and the 95 % band of the
    null draws (shaded: from ``null_low`` to ``null_high``, the 2.5 % and
    97.5 % quantiles; from ``null_mean -/+ 1.96 null_sd`` when a table has
    only the mean and sd).

    Parameters
    ----------
    data : DataFrame or Series
        The result of :func:`clusternet.temporal.over_time` (one row per
        window), or a Series indexed by period.
    measure : str, optional
        The column to draw; by default the first column that is not a window
        bound or a count.
    ax : matplotlib Axes, optional
        Draw several measures on one Axes by passing it again.
    label : str, optional
        Legend entry; by default the measure's name.
    window : str, optional
        How the windows were made, shown on the x axis (for example
        ``"3-year windows, step 1"``); by default read from the result's
        ``attrs`` (``size``, ``step``, ``cumulative``).
    color : str, optional
        Line colour; by default the next Okabe--Ito colour on this Axes.
    counts : bool, default False
        Also draw the number of actors per window (grey bars, right axis),
        when the result has an ``n_actors`` column.
    null : bool, optional
        Draw the null mean and 95 % band; by default when the table has a
        ``null_mean`` column and the drawn column is ``observed``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> per_year = cn.temporal.over_time(g, "ei_index", attribute="domain")
    >>> ax = cn.plot.over_time(per_year, title="E-I index by year")
    >>> ax.get_title(), ax.get_xlabel()
    ('E-I index by year', 'window start (window size 1)')
    >>> ax.get_lines()[0].get_xdata().tolist()
    [2010, 2011, 2012]
    >>> t = cn.inference.test_over_time(g, cn.convergence.ei_index, attribute="domain",
    ...                                 n=49, rng=0)
    >>> ax = cn.plot.over_time(t)
    >>> [line.get_label() for line in ax.get_lines()]
    ['ei_index (domain)', 'null mean']
    >>> len(ax.collections)   # the 95 % band
    1
    >>> plt.close("all")
    """
    _pyplot()
    info = _info(data)
    params = info.get("params", {}) if isinstance(info.get("params"), Mapping) else {}
    if isinstance(data, pd.Series):
        frame = data.to_frame(name=data.name if data.name is not None else "value")
        measure = frame.columns[0]
    elif isinstance(data, pd.DataFrame):
        frame = data
        if measure is None:
            candidates = [c for c in frame.columns if c not in _TIME_COLUMNS]
            if not candidates:
                raise ClusternetError("over_time: the table has no measure column to draw")
            measure = candidates[0]
        elif measure not in frame.columns:
            raise ClusternetError(
                f"over_time: no column {measure!r}; the table has: "
                + ", ".join(map(repr, frame.columns))
            )
    else:
        raise ClusternetError(
            f"over_time needs a DataFrame or Series, got {type(data).__name__}"
        )
    if null is not None and not isinstance(null, (bool, np.bool_)):
        raise ClusternetError(f"over_time: null must be None, True or False, got {null!r}")
    has_null = isinstance(data, pd.DataFrame) and "null_mean" in frame.columns
    if null and not has_null:
        raise ClusternetError(
            "over_time: null=True needs a table with null_mean (and null_low/null_high or "
            "null_sd), such as cn.inference.test_over_time gives"
        )
    draw_null = has_null and (bool(null) if null is not None else measure == "observed")
    x, xlabel = _periods(frame)
    y = pd.to_numeric(frame[measure], errors="coerce").to_numpy(dtype=float)
    ax = _axes(ax, figsize=(6.4, 3.6))
    if color is None:
        color = OKABE_ITO[len(ax.get_lines()) % len(OKABE_ITO)]
    markers = "osD^v<>p"
    marker = markers[len(ax.get_lines()) % len(markers)]
    if label is None:
        label = str(measure)
        if measure == "observed" and info.get("measure") == "test_over_time" and (
                params.get("statistic")):
            label = str(params["statistic"])
        if isinstance(params.get("kwargs"), Mapping) and params["kwargs"].get("attribute"):
            label += f" ({params['kwargs']['attribute']})"
    ax.plot(x, y, marker=marker, color=color, linewidth=1.6, markersize=4.5, label=label)
    partial = _incomplete(frame)
    if partial.any():
        ax.plot(x[partial], y[partial], marker=marker, linestyle="none", markersize=5.5,
                markerfacecolor="white", markeredgecolor=color, markeredgewidth=1.4,
                label="incomplete window (hollow)", zorder=3)
    if draw_null:
        _null_band(ax, frame, x, color)
    if window is None:
        window = _window_text(params)
    ax.set_xlabel(f"{xlabel} ({window})" if window else xlabel)
    if not ax.get_ylabel():
        ax.set_ylabel(label)
    ax.grid(True, axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    if counts and "n_actors" in frame.columns:
        ax2 = ax.twinx()
        ax2.bar(x, frame["n_actors"].to_numpy(dtype=float), color="#BBBBBB", alpha=0.35,
                width=_bar_width(x), zorder=0)
        ax2.set_ylabel("actors in window", color="#666666")
        _count_format(ax2.yaxis)
        ax.set_zorder(ax2.get_zorder() + 1)
        ax.patch.set_visible(False)
    _no_offset(ax.yaxis)
    _legend(ax)
    if title:
        ax.set_title(title)
    return ax


def _legend(ax: Axes) -> None:
    """One legend entry per label (a second measure on the same Axes adds no
    second "incomplete window"), drawn when there is more than one entry."""
    handles, labels = ax.get_legend_handles_labels()
    seen: dict[str, Any] = {}
    for h, lab in zip(handles, labels):
        if not lab.startswith("_") and lab not in seen:
            seen[lab] = h
    if len(seen) > 1:
        ax.legend(list(seen.values()), list(seen.keys()), fontsize=7, frameon=True,
                  framealpha=0.85, edgecolor="none", loc="best")


def _incomplete(frame: pd.DataFrame) -> np.ndarray:
    """True for the windows a ``complete`` column marks as not complete."""
    if "complete" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    flags = frame["complete"]
    return ~flags.fillna(True).to_numpy(dtype=bool)


def _null_band(ax: Axes, frame: pd.DataFrame, x: np.ndarray, color: str) -> None:
    """The null mean (dashed) and its 95 % band (shaded) of each window."""
    mean = pd.to_numeric(frame["null_mean"], errors="coerce").to_numpy(dtype=float)
    if {"null_low", "null_high"} <= set(frame.columns):
        low = pd.to_numeric(frame["null_low"], errors="coerce").to_numpy(dtype=float)
        high = pd.to_numeric(frame["null_high"], errors="coerce").to_numpy(dtype=float)
    elif "null_sd" in frame.columns:
        sd = pd.to_numeric(frame["null_sd"], errors="coerce").to_numpy(dtype=float)
        low, high = mean - 1.96 * sd, mean + 1.96 * sd
    else:
        low = high = None
    ax.plot(x, mean, linestyle="--", color=color, alpha=0.8, linewidth=1.2, label="null mean")
    if low is not None:
        ax.fill_between(x, low, high, color=color, alpha=0.18, linewidth=0,
                        label="null 95% band")


_TIME_COLUMNS = {"period", "start", "end", "complete", "time", "window", "n_actors", "n_ties",
                 "n_events", "label"}


def _periods(frame: pd.DataFrame) -> tuple[np.ndarray, str]:
    """x positions of the windows (their starts) and the axis label."""
    if frame.index.name == "period":  # over_time's index: the period label
        x = frame.index
    elif "period" in frame.columns:
        x = pd.Index(frame["period"])
    elif "start" in frame.columns:
        x = pd.Index(frame["start"])
    else:
        x = frame.index
    if isinstance(x, pd.IntervalIndex):
        x = x.left
    if x.dtype == object or isinstance(x.dtype, pd.CategoricalDtype):
        try:
            x = pd.Index(pd.to_numeric(x))
        except (TypeError, ValueError):
            return np.arange(len(x)), "period"
    return np.asarray(x), "window start"


def _window_text(params: Mapping[str, Any]) -> str:
    if not params:
        return ""
    size, step = params.get("size"), params.get("step")
    if params.get("cumulative"):
        text = f"cumulative windows, slice {_num(size)}" if size is not None else (
            "cumulative windows")
        size = None
    elif size is not None:
        text = f"window size {_num(size)}"
    else:
        return ""
    if step is not None:
        text += f", step {_num(step)}"
    return text


def _num(v: Any) -> str:
    return f"{v:g}" if isinstance(v, numbers.Real) else str(v)


def _bar_width(x: np.ndarray) -> Any:
    xs = np.asarray(x)
    if xs.size > 1 and np.issubdtype(xs.dtype, np.number):
        return 0.8 * float(np.min(np.diff(np.sort(xs))))
    return 0.8
