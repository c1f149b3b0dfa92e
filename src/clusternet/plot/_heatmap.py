"""Group x group heatmaps: mixing matrices and relative intensities."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ClusternetError
from ._common import _axes, _info, _ink, _pyplot

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Axes | None = None,
    relative: bool | None = None,
    annotate: bool | None = None,
    fmt: str | None = None,
    title: str | None = None,
    colorbar: bool = True,
    top: int | list[Any] | None = None,
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
    top : int or list, optional
        Many groups: keep the ``top`` groups with the most ties (row plus
        column totals; ties broken by the table's order) or the listed
        groups, and merge the rest into one row and column "other" (last).
        Counts and Newman's shares are summed (an undirected count matrix
        adds the merged groups' diagonal and the ties among them, each
        once). A ratio table cannot be merged: compute it on merged groups
        instead (:func:`top_groups`, Examples).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Ratios of 0 (no tie where some were expected) are drawn at the bottom of
    the scale; undefined cells (NaN, e.g. no tie expected) are hatched grey.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> ax = cn.plot.heatmap(cn.convergence.mixing_matrix(g, "domain"))
    >>> ax.get_title(), type(ax).__name__
    ('Mixing matrix by domain', 'Axes')
    >>> ax = cn.plot.heatmap(cn.convergence.relative_intensity(g, "domain"))
    >>> ax.get_title()
    'Relative intensity of ties by domain'
    >>> ax = cn.plot.heatmap(cn.convergence.mixing_matrix(g, "domain"), top=3)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['art', 'business', 'technology', 'other']
    >>> merged = cn.plot.top_groups(g.attribute("domain"), 3).rename("domain3")
    >>> h = g.with_attributes(merged.to_frame())
    >>> ax = cn.plot.heatmap(cn.convergence.relative_intensity(h, "domain3"))
    >>> plt.close("all")
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
    if top is not None:
        if relative:
            raise ClusternetError(
                "heatmap: top= cannot merge ratios (observed / expected); merge the groups "
                "first and compute the table on them: h = g.with_attributes("
                "cn.plot.top_groups(g.attribute(attr), top).rename('merged').to_frame()), "
                "then cn.convergence.relative_intensity(h, 'merged')"
            )
        matrix = _merge(matrix, top, info)
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



def _merge(matrix: pd.DataFrame, top: Any, info: Mapping[str, Any]) -> pd.DataFrame:
    """The table with the groups beyond ``top`` merged into "other"."""
    import numbers

    if list(matrix.index) != list(matrix.columns):
        raise ClusternetError("heatmap: top= needs a square table with the same groups "
                              "as rows and columns")
    names = list(matrix.index)
    if isinstance(top, numbers.Integral) and not isinstance(top, bool):
        if top < 1:
            raise ClusternetError(f"heatmap: top={top!r}; give a positive whole number")
        v = matrix.to_numpy(dtype=float)
        total = np.nansum(v, axis=0) + np.nansum(v, axis=1)
        keep_pos = sorted(np.lexsort((np.arange(len(names)), -total))[: int(top)])
        keep = [names[i] for i in keep_pos]
    elif isinstance(top, (list, tuple, pd.Index)):
        keep = [x for x in names if x in set(top)]
    else:
        raise ClusternetError(
            f"heatmap: top={top!r}; give a number of groups or a list of groups to keep")
    rest = [x for x in names if x not in set(keep)]
    if len(rest) == 0:
        return matrix
    if "other" in keep:
        raise ClusternetError("heatmap: a kept group is called 'other'; rename it first")
    params = info.get("params", {}) if isinstance(info.get("params"), Mapping) else {}
    v = matrix.to_numpy(dtype=float)
    counts_once = (not params.get("normalized") and not params.get("directed", False)
                   and np.allclose(np.nan_to_num(v), np.nan_to_num(v.T)))
    lab = np.array([names.index(x) for x in keep])
    oth = np.array([names.index(x) for x in rest])
    k = len(keep)
    out = np.zeros((k + 1, k + 1))
    out[:k, :k] = v[np.ix_(lab, lab)]
    out[:k, k] = np.nansum(v[np.ix_(lab, oth)], axis=1)
    out[k, :k] = np.nansum(v[np.ix_(oth, lab)], axis=0)
    block = v[np.ix_(oth, oth)]
    out[k, k] = (np.nansum(np.triu(block)) if counts_once else np.nansum(block))
    idx = pd.Index(keep + ["other"], name=matrix.index.name)
    cols = pd.Index(keep + ["other"], name=matrix.columns.name)
    merged = pd.DataFrame(out, index=idx, columns=cols)
    merged.attrs = dict(matrix.attrs)
    return merged


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
