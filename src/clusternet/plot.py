"""Figures of clusternet results, readable in print and by colour-blind readers.

Every function takes ``ax=None`` (a new figure is made when it is None) and
returns the :class:`matplotlib.axes.Axes` it drew on. Matplotlib is imported
when a function is called, not when clusternet is; install it with
``pip install "clusternet[plot]"``.

Colours: groups use the Okabe--Ito palette (Okabe & Ito 2008), which stays
distinct under the common colour-vision deficiencies and in grey scale by
lightness; counts use ``cividis`` (Nuñez et al. 2018) and ratios around 1 use
the ColorBrewer diverging ``RdBu`` palette on a log scale.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ClusternetError, TooLargeError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "ROLE_COLORS",
    "broker_roles",
    "distribution",
    "heatmap",
    "network",
    "null_distribution",
    "over_time",
]

#: Okabe & Ito's colour-blind-safe palette, ordered so that the first colours
#: also differ in lightness (grey-scale print); yellow comes late.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Colour of each Gould--Fernandez role (Okabe--Ito).
ROLE_COLORS: dict[str, str] = {
    "coordinator": "#0072B2",
    "itinerant": "#56B4E9",
    "representative": "#E69F00",
    "gatekeeper": "#D55E00",
    "liaison": "#009E73",
}

_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
_OTHER = "#BBBBBB"


# --------------------------------------------------------------------- heatmap
def heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Axes | None = None,
    relative: bool | None = None,
    annotate: bool | None = None,
    fmt: str | None = None,
    title: str | None = None,
    colorbar: bool = True,
) -> Axes:
    """A group x group heatmap: a mixing matrix or a relative intensity table.

    Parameters
    ----------
    matrix : DataFrame
        Square table labelled by group, e.g. from
        :func:`clusternet.convergence.mixing_matrix` or
        :func:`clusternet.convergence.relative_intensity`.
    ax : matplotlib Axes, optional
    relative : bool, optional
        Treat the values as ratios to an expectation (1 = as expected): a
        diverging palette on a log2 scale centred on 1. By default, true when
        the table's ``attrs`` say it is a relative intensity.
    annotate : bool, optional
        Write each cell's value; by default when there are at most 12 groups.
    fmt : str, optional
        Format of the cell values; by default ``"{:.2f}"`` for ratios and
        shares, ``"{:,.0f}"`` for whole counts, ``"{:,.1f}"`` otherwise.
    title : str, optional
    colorbar : bool, default True

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Ratios of 0 (no tie where some were expected) are drawn at the bottom of
    the scale; undefined cells (NaN, e.g. no tie expected) are hatched grey.
    """
    plt = _pyplot()
    from matplotlib import colors

    if not isinstance(matrix, pd.DataFrame):
        raise ClusternetError(
            f"heatmap needs a DataFrame (group x group), got {type(matrix).__name__}"
        )
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ClusternetError("heatmap: the table is empty")
    info = _info(matrix)
    measure = str(info.get("measure", ""))
    if relative is None:
        relative = "relative" in measure or "intensity" in measure
    values = matrix.to_numpy(dtype=float)
    ax = _axes(ax, figsize=(1.2 + 0.75 * matrix.shape[1], 1.0 + 0.6 * matrix.shape[0]))
    if relative:
        with np.errstate(divide="ignore"):
            logv = np.log2(values)
        finite = logv[np.isfinite(logv)]
        # at most 1/16 .. 16: beyond, the colour saturates and the cell text tells
        lim = min(4.0, max(1.0, float(np.ceil(np.max(np.abs(finite)))))) if finite.size else 1.0
        shown = np.where(np.isneginf(logv), -lim, logv)
        shown = np.clip(shown, -lim, lim)
        cmap = plt.get_cmap("RdBu_r")
        norm = colors.TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim)
    else:
        shown = values
        cmap = plt.get_cmap("cividis")
        finite = values[np.isfinite(values)]
        hi = float(finite.max()) if finite.size else 1.0
        lo = min(0.0, float(finite.min())) if finite.size else 0.0
        norm = colors.Normalize(vmin=lo, vmax=hi if hi > lo else lo + 1)
    masked = np.ma.masked_invalid(shown)
    cmap = cmap.with_extremes(bad="#DDDDDD")
    im = ax.imshow(masked, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    if np.isnan(values).any():
        for (r, c) in zip(*np.nonzero(np.isnan(values))):
            ax.add_patch(_hatch(plt, r, c))
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_yticks(range(matrix.shape[0]))
    ax.set_xticklabels([str(c) for c in matrix.columns], rotation=40, ha="right")
    ax.set_yticklabels([str(r) for r in matrix.index])
    params = info.get("params", {}) if isinstance(info.get("params"), Mapping) else {}
    directed = bool(params.get("directed", False))
    row_name = matrix.index.name or params.get("attribute") or "group"
    col_name = matrix.columns.name or row_name
    ax.set_ylabel(f"{row_name} (sender)" if directed else str(row_name))
    ax.set_xlabel(f"{col_name} (receiver)" if directed else str(col_name))
    ax.tick_params(length=0)
    if annotate is None:
        annotate = max(matrix.shape) <= 12
    if annotate:
        if fmt is None:
            whole = np.all(np.isnan(values) | (values == np.round(values)))
            if relative or (np.nanmax(np.abs(values), initial=0) <= 1 and not whole):
                fmt = "{:.2f}"
            elif whole:
                fmt = "{:,.0f}"
            else:
                fmt = "{:,.1f}"
        for r in range(values.shape[0]):
            for c in range(values.shape[1]):
                v = values[r, c]
                if np.isnan(v):
                    continue
                rgba = cmap(norm(shown[r, c]))
                ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8,
                        color=_ink(rgba))
    if colorbar:
        extend = "neither"
        if relative and np.nanmin(shown, initial=0) <= -norm.vmax:
            extend = "min"
        if relative and np.nanmax(np.where(np.isnan(values), 0, np.log2(np.where(
                values > 0, values, 1)))) > norm.vmax:
            extend = "max" if extend == "neither" else "both"
        cb = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04, extend=extend)
        if relative:
            lim = norm.vmax
            ticks = [t for t in range(-int(lim), int(lim) + 1)]
            cb.set_ticks(ticks)
            cb.set_ticklabels([_ratio_label(t) for t in ticks])
            cb.set_label("observed / expected ties (log scale)")
        else:
            cb.set_label(_value_label(measure, params))
    if title is None:
        title = _title_for(measure, params)
    if title:
        ax.set_title(title)
    return ax


# ------------------------------------------------------------------- over time
def over_time(
    data: pd.DataFrame | pd.Series,
    measure: str | None = None,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    window: str | None = None,
    color: str | None = None,
    counts: bool = False,
    title: str | None = None,
) -> Axes:
    """A measure per time window, as a line with a marker per window.

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
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
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
    x, xlabel = _periods(frame)
    y = pd.to_numeric(frame[measure], errors="coerce").to_numpy(dtype=float)
    ax = _axes(ax, figsize=(6.4, 3.6))
    if color is None:
        color = OKABE_ITO[len(ax.get_lines()) % len(OKABE_ITO)]
    markers = "osD^v<>p"
    marker = markers[len(ax.get_lines()) % len(markers)]
    if label is None:
        label = str(measure)
        if isinstance(params.get("kwargs"), Mapping) and params["kwargs"].get("attribute"):
            label += f" ({params['kwargs']['attribute']})"
    ax.plot(x, y, marker=marker, color=color, linewidth=1.6, markersize=4.5, label=label)
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
        ax.set_zorder(ax2.get_zorder() + 1)
        ax.patch.set_visible(False)
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- broker roles
def broker_roles(
    result: Any,
    *,
    top: int = 10,
    value: str = "raw",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Gould--Fernandez role profile of the top brokers.

    Parameters
    ----------
    result : GouldFernandez result or DataFrame
        The result of :func:`clusternet.brokerage.gould_fernandez` (its
        ``raw`` and ``z`` tables are used), or a DataFrame indexed by actor
        with one column per role.
    top : int, default 10
        The number of actors shown: those with the largest total raw
        brokerage (ties broken by actor order).
    value : {"raw", "z"}
        ``"raw"``: stacked bars of each role's count of brokered 2-paths;
        ``"z"``: each role's z-score against the density null (a dot per
        role; :math:`|z| > 1.96` beyond the dashed lines).
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _pyplot()
    if value not in ("raw", "z"):
        raise ClusternetError(f"value={value!r}; choose 'raw' or 'z'")
    if not isinstance(top, numbers.Integral) or top < 1:
        raise ClusternetError(f"top={top!r}; give a positive whole number")
    raw = getattr(result, "raw", result)
    table = getattr(result, value, result) if value == "z" else raw
    if not isinstance(raw, pd.DataFrame) or not isinstance(table, pd.DataFrame):
        raise ClusternetError(
            "broker_roles needs the result of clusternet.brokerage.gould_fernandez "
            "or a DataFrame with one column per role"
        )
    roles = [r for r in _ROLES if r in table.columns]
    if not roles:
        raise ClusternetError(
            "broker_roles: no role columns (" + ", ".join(_ROLES) + ") in the table"
        )
    total = raw["total"] if "total" in raw.columns else raw[roles].sum(axis=1)
    order = np.argsort(-total.to_numpy(dtype=float), kind="stable")[:top]
    who = raw.index[order]
    shown = table.loc[who, roles].astype(float)
    ax = _axes(ax, figsize=(6.4, 0.9 + 0.38 * len(who)))
    ypos = np.arange(len(who))[::-1]
    if value == "raw":
        left = np.zeros(len(who))
        for role in roles:
            v = np.nan_to_num(shown[role].to_numpy())
            ax.barh(ypos, v, left=left, color=ROLE_COLORS[role], label=role, height=0.7,
                    edgecolor="white", linewidth=0.5)
            left += v
        ax.set_xlabel("brokered 2-paths (Gould–Fernandez raw counts)")
    else:
        markers = dict(zip(_ROLES, "osD^v"))
        for k, role in enumerate(roles):
            off = (k - (len(roles) - 1) / 2) * 0.13
            ax.scatter(shown[role].to_numpy(), ypos + off, color=ROLE_COLORS[role],
                       marker=markers[role], label=role, s=28, zorder=3)
        ax.axvline(0, color="#444444", linewidth=0.8)
        for s in (-1.96, 1.96):
            ax.axvline(s, color="#888888", linewidth=0.8, linestyle="--")
        ax.set_xlabel("z-score against the density null (dashed: ±1.96)")
    ax.set_yticks(ypos)
    ax.set_yticklabels([str(a) for a in who])
    ax.set_ylabel("actor")
    ax.grid(True, axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5),
              title="role", title_fontsize=8)
    if title is None:
        attribute = _info(raw).get("params", {}).get("attribute")
        title = f"Brokerage roles of the top {len(who)} brokers" + (
            f" (groups: {attribute})" if attribute else "")
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- distribution
def distribution(
    values: pd.Series | np.ndarray,
    *,
    by: pd.Series | None = None,
    ax: Axes | None = None,
    bins: int | str = "auto",
    label: str | None = None,
    title: str | None = None,
) -> Axes:
    """The distribution of an actor- or event-level measure (e.g. ego diversity).

    Parameters
    ----------
    values : Series or array
        One value per actor (or event); NaN values are left out and their
        number is written on the figure.
    by : Series, optional
        A group per unit (aligned on the index of ``values``): one box per
        group instead of a histogram, with each group's size in its label.
    ax : matplotlib Axes, optional
    bins : int or str, default "auto"
        Histogram bins (:func:`numpy.histogram_bin_edges`).
    label : str, optional
        Axis label for the values; by default the Series' name.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _pyplot()
    s = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values, dtype=float))
    name = label or (str(s.name) if s.name is not None else "value")
    v = pd.to_numeric(s, errors="coerce")
    n_nan = int(v.isna().sum())
    ax = _axes(ax, figsize=(6.4, 3.6))
    if by is not None:
        groups = by.reindex(v.index) if isinstance(by, pd.Series) else pd.Series(
            np.asarray(by), index=v.index)
        keep = v.notna() & groups.notna()
        n_nan = int((~keep).sum())
        labels, data = [], []
        for gname, part in v[keep].groupby(groups[keep], sort=True):
            labels.append(f"{gname} (n={len(part)})")
            data.append(part.to_numpy(dtype=float))
        if not data:
            raise ClusternetError("distribution: no value with a group to draw")
        bp = ax.boxplot(data, **_horizontal(), patch_artist=True, widths=0.6,
                        medianprops={"color": "black", "linewidth": 1.4},
                        flierprops={"marker": "o", "markersize": 3, "alpha": 0.5})
        for k, box in enumerate(bp["boxes"]):
            box.set_facecolor(_group_color(k, len(data)))
            box.set_alpha(0.85)
        ax.set_yticks(range(1, len(labels) + 1))
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.set_xlabel(name)
        ax.set_ylabel(str(by.name) if isinstance(by, pd.Series) and by.name else "group")
        ax.grid(True, axis="x", color="#E5E5E5", linewidth=0.8)
    else:
        data = v.dropna().to_numpy(dtype=float)
        if data.size == 0:
            raise ClusternetError(f"distribution: {name!r} has no defined value to draw")
        edges = _bin_edges(data, bins)
        ax.hist(data, bins=edges, color=OKABE_ITO[0], edgecolor="white", linewidth=0.5)
        mean, median = float(np.mean(data)), float(np.median(data))
        ax.axvline(mean, color=OKABE_ITO[5], linewidth=1.4, label=f"mean {mean:.3g}")
        ax.axvline(median, color="black", linewidth=1.2, linestyle="--",
                   label=f"median {median:.3g}")
        ax.legend(fontsize=8, frameon=False)
        ax.set_xlabel(name)
        ax.set_ylabel("number of units" if s.index.name != "actor" else "number of actors")
        ax.grid(True, axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    if n_nan:
        ax.text(0.99, 0.02, f"{n_nan} undefined (NaN) left out", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=7, color="#555555")
    if title:
        ax.set_title(title)
    return ax


# --------------------------------------------------------------------- network
def network(
    g: Any,
    *,
    color: str | pd.Series | None = None,
    size: str | pd.Series | None = None,
    ax: Axes | None = None,
    layout: Mapping[Any, Any] | pd.DataFrame | None = None,
    rng: int | np.random.Generator | None = 0,
    max_actors: int = 3000,
    labels: int | list[Any] | None = None,
    title: str | None = None,
) -> Axes:
    """The actor network: actors coloured by group and sized by a measure.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph Graph
    color : str or Series, optional
        An actor attribute (its name) or a Series of groups indexed by actor.
        Up to 7 groups get their own Okabe--Ito colour; the rest are drawn
        grey as "other". Actors without a value are drawn hollow.
    size : str or Series, optional
        An actor attribute or a Series of non-negative values indexed by
        actor (a measure such as betweenness); marker area grows linearly
        with the value. NaN values get the smallest marker.
    ax : matplotlib Axes, optional
    layout : mapping or DataFrame, optional
        Positions: ``{actor: (x, y)}`` or a DataFrame with columns ``x``,
        ``y`` indexed by actor. By default a force-directed (spring) layout
        from :func:`networkx.spring_layout` seeded from ``rng``.
    rng : int or numpy.random.Generator, default 0
        Seed of the layout.
    max_actors : int, default 3000
        Refuse to draw more actors than this (a drawing of more is a
        hairball that says nothing and takes minutes).
    labels : int or list, optional
        Name the ``labels`` largest actors by ``size`` (an int), or the
        listed actors.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TooLargeError
        More than ``max_actors`` actors; the message suggests a subgraph.
    """
    _pyplot()
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from ._convert import as_graph

    g = as_graph(g)
    n = g.n_actors
    if n > max_actors:
        raise TooLargeError(
            f"the network has {n:,} actors, more than max_actors={max_actors:,} can be drawn "
            "legibly; draw a subgraph, e.g. the best-connected actors "
            "g.subgraph(degree.nlargest(1000).index), one group or a time window "
            "(g.window(start, end)), or raise max_actors"
        )
    if n == 0:
        raise ClusternetError("network: the graph has no actors to draw")
    ids = g.actor_ids
    pos = _layout(g, layout, rng)
    xy = np.array([pos[a] for a in ids], dtype=float)
    ax = _axes(ax, figsize=(7.0, 6.0))

    A = g.adjacency
    coo = A.tocoo()
    keep = coo.row < coo.col if not g.directed else coo.row != coo.col
    r, c, w = coo.row[keep], coo.col[keep], coo.data[keep]
    if len(r):
        segs = np.stack([xy[r], xy[c]], axis=1)
        wn = w / w.max() if w.max() > 0 else np.ones_like(w)
        alpha = float(min(0.6, max(0.08, 60.0 / math.sqrt(len(r) + 1))))
        lc = LineCollection(segs, colors="#555555", linewidths=0.3 + 1.4 * wn, alpha=alpha,
                            zorder=1)
        ax.add_collection(lc)

    shrink = min(1.0, math.sqrt(500.0 / n))  # smaller markers in a crowded drawing
    sizes = np.full(n, 18.0 * shrink)
    size_name = None
    if size is not None:
        sv = _actor_values(g, size, "size")
        size_name = str(size) if isinstance(size, str) else (sv.name or "size")
        vals = pd.to_numeric(sv, errors="coerce").to_numpy(dtype=float)
        if np.nanmin(vals, initial=0) < 0:
            raise ClusternetError(f"network: size {size_name!r} has negative values")
        top = np.nanmax(vals, initial=0)
        scaled = np.where(np.isnan(vals), 0.0, vals / top if top > 0 else 0.0)
        sizes = (6.0 + 220.0 * scaled) * shrink

    legend_handles = []
    if color is not None:
        cv = _actor_values(g, color, "color")
        color_name = str(color) if isinstance(color, str) else (cv.name or "group")
        counts = cv.value_counts(dropna=True)
        try:
            groups = sorted(counts.index)
        except TypeError:
            groups = list(counts.index)
        if len(groups) > 7:
            main = list(counts.index[:7])
            groups = [gr for gr in groups if gr in main]
        palette = {gr: OKABE_ITO[k] for k, gr in enumerate(groups)}
        cols = np.array([palette.get(v, _OTHER) if pd.notna(v) else "none"
                         for v in cv.to_numpy()], dtype=object)
        missing = cv.isna().to_numpy()
        order = np.argsort(sizes)[::-1]
        ax.scatter(xy[order, 0], xy[order, 1], s=sizes[order],
                   c=[c if c != "none" else "white" for c in cols[order]],
                   edgecolors=["black" if missing[i] else "white" for i in order],
                   linewidths=0.5, zorder=2)
        for gr in groups:
            legend_handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                         markerfacecolor=palette[gr], markeredgecolor="white",
                                         label=str(gr)))
        if len(counts) > len(groups):
            legend_handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                         markerfacecolor=_OTHER, markeredgecolor="white",
                                         label="other"))
        if missing.any():
            legend_handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                         markerfacecolor="white", markeredgecolor="black",
                                         label="no value"))
        legend_title = color_name
    else:
        order = np.argsort(sizes)[::-1]
        ax.scatter(xy[order, 0], xy[order, 1], s=sizes[order], c=OKABE_ITO[0],
                   edgecolors="white", linewidths=0.5, zorder=2)
        legend_title = None
    if size_name is not None and top > 0:
        for frac in (0.25, 1.0):
            legend_handles.append(Line2D([], [], marker="o", linestyle="", color="#777777",
                                         markersize=math.sqrt((6.0 + 220.0 * frac) * shrink),
                                         label=f"{size_name} {frac * top:.3g}"))
    if legend_handles:
        ax.legend(handles=legend_handles, title=legend_title, fontsize=8, title_fontsize=8,
                  frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))

    if labels is not None:
        if isinstance(labels, numbers.Integral):
            order = np.argsort(-sizes, kind="stable")[: int(labels)]
        else:
            order = g._positions(labels)
        from matplotlib import patheffects

        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        for i in order:
            ax.annotate(str(ids[i]), xy[i], xytext=(3, 3), textcoords="offset points",
                        fontsize=7, zorder=3, path_effects=halo)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(0.03)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title is None:
        title = f"{n:,} actors, {g.n_ties:,} ties"
    if title:
        ax.set_title(title)
    return ax


# ------------------------------------------------------------ null distribution
def null_distribution(
    result: Any,
    *,
    ax: Axes | None = None,
    label: str | None = None,
    bins: int | str = "auto",
    title: str | None = None,
) -> Axes:
    """The null distribution of a permutation test, with the observed value.

    Parameters
    ----------
    result : TestResult
        From :func:`clusternet.inference.permutation_test` (uses ``null``,
        ``observed``, ``null_mean``, ``z``, ``p_value``, ``n``).
    ax : matplotlib Axes, optional
    label : str, optional
        The statistic's name, for the x axis.
    bins : int or str, default "auto"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _pyplot()
    null = np.asarray(getattr(result, "null", None), dtype=float)
    if null.ndim != 1 or null.size == 0:
        raise ClusternetError("null_distribution needs a test result with its null draws")
    observed = float(result.observed)
    ax = _axes(ax, figsize=(5.2, 3.4))
    finite = null[np.isfinite(null)]
    ax.hist(finite, bins=_bin_edges(finite, bins), color=OKABE_ITO[4],
            edgecolor="white", linewidth=0.5, label=f"null ({finite.size} draws)")
    ax.axvline(float(result.null_mean), color="black", linestyle="--", linewidth=1.1,
               label=f"null mean {float(result.null_mean):.3g}")
    ax.axvline(observed, color=OKABE_ITO[5], linewidth=2.0, label=f"observed {observed:.3g}")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.set_xlabel(label or "statistic")
    ax.set_ylabel("permutations")
    z, p = getattr(result, "z", float("nan")), getattr(result, "p_value", float("nan"))
    ax.legend(fontsize=7, frameon=True, framealpha=0.85, edgecolor="none", loc="best",
              title=f"z = {z:.2f}, p = {p:.3g}", title_fontsize=7)
    ax.grid(True, axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title)
    return ax


# --------------------------------------------------------------------- helpers
_TIME_COLUMNS = {"period", "start", "end", "time", "window", "n_actors", "n_ties",
                 "n_events", "label"}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "clusternet.plot needs matplotlib: pip install 'clusternet[plot]'"
        ) from exc
    return plt


def _bin_edges(data: np.ndarray, bins: int | str) -> np.ndarray:
    """Histogram bin edges; an automatic rule gives at most 60 bins (values
    that differ only by rounding would otherwise make thousands)."""
    edges = np.histogram_bin_edges(data, bins=bins)
    if isinstance(bins, str) and len(edges) > 61:
        edges = np.histogram_bin_edges(data, bins=30)
    return edges


def _horizontal() -> dict[str, Any]:
    """Horizontal boxes: ``orientation=`` from matplotlib 3.10, ``vert=`` before."""
    import matplotlib

    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    return {"orientation": "horizontal"} if (major, minor) >= (3, 10) else {"vert": False}


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    plt = _pyplot()
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _info(obj: Any) -> dict[str, Any]:
    attrs = getattr(obj, "attrs", None)
    if isinstance(attrs, Mapping):
        info = attrs.get("clusternet")
        if isinstance(info, Mapping):
            return dict(info)
    return {}


def _ink(rgba: tuple[float, ...]) -> str:
    """Black or white text, whichever reads better on ``rgba``."""
    r, g, b = rgba[:3]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.45 else "white"


def _hatch(plt: Any, r: int, c: int) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#999999",
                     linewidth=0)


def _ratio_label(t: int) -> str:
    if t >= 0:
        return f"{2 ** t:g}"
    return f"1/{2 ** -t:g}"


def _value_label(measure: str, params: Mapping[str, Any]) -> str:
    if params.get("normalized"):
        return "share of tie ends (e_xy)"
    if params.get("weight"):
        return "total tie weight"
    if "mixing" in measure:
        return "ties"
    return measure or "value"


def _title_for(measure: str, params: Mapping[str, Any]) -> str:
    attribute = params.get("attribute")
    suffix = f" by {attribute}" if attribute else ""
    if "relative" in measure or "intensity" in measure:
        return "Relative intensity of ties" + suffix
    if "mixing" in measure:
        return "Mixing matrix" + suffix
    return ""


def _periods(frame: pd.DataFrame) -> tuple[np.ndarray, str]:
    """x positions of the windows (their starts) and the axis label."""
    if "period" in frame.columns:
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


def _group_color(k: int, n: int) -> str:
    return OKABE_ITO[k] if n <= len(OKABE_ITO) and k < len(OKABE_ITO) else (
        OKABE_ITO[k % 7])


def _actor_values(g: Any, spec: Any, what: str) -> pd.Series:
    if isinstance(spec, str):
        if spec not in g.attributes:
            raise ClusternetError(
                f"network: {what}={spec!r} is not an actor attribute; the graph has: "
                + (", ".join(map(repr, g.attributes)) or "none")
            )
        return g._actors[spec].rename(spec)
    if isinstance(spec, pd.Series):
        return spec.reindex(g.actor_ids)
    arr = np.asarray(spec)
    if arr.shape != (g.n_actors,):
        raise ClusternetError(
            f"network: {what} has {arr.shape[0] if arr.ndim else 1} values for {g.n_actors} actors"
        )
    return pd.Series(arr, index=g.actor_ids)


def _layout(g: Any, layout: Any, rng: Any) -> dict[Any, np.ndarray]:
    if layout is not None:
        if isinstance(layout, pd.DataFrame):
            layout = {a: (row["x"], row["y"]) for a, row in layout.iterrows()}
        missing = [a for a in g.actor_ids if a not in layout]
        if missing:
            raise ClusternetError(
                f"network: the layout has no position for {len(missing)} actor(s), "
                f"e.g. {missing[:5]!r}"
            )
        return {a: np.asarray(layout[a], dtype=float) for a in g.actor_ids}
    import random

    import igraph

    if isinstance(rng, np.random.Generator):
        seed = int(rng.integers(2**31 - 1))
    elif rng is None:
        seed = None
    else:
        seed = int(rng)
    from ._kernels.adjacency import upper_entries

    A = g.adjacency
    if g.directed:
        A = (A + A.T).tocsr()  # direction does not matter for placing actors
    r, c, _ = upper_entries(A, directed=False)
    G = igraph.Graph(n=g.n_actors, edges=np.column_stack([r, c]).tolist())
    # igraph draws from a module-level generator: give it a seeded one for this
    # layout only, then hand back Python's `random` (igraph's default)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = np.asarray(G.layout_fruchterman_reingold(niter=250).coords, dtype=float)
    finally:
        igraph.set_random_number_generator(random)
    return {a: coords[i] for i, a in enumerate(g.actor_ids)}
