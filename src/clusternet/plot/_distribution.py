"""Distributions: of a measure over actors or events, and of a null model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ClusternetError
from ..inference import TestResult
from ._common import (
    _OTHER,
    OKABE_ITO,
    _axes,
    _bin_edges,
    _count_format,
    _group_color,
    _horizontal,
    _no_offset,
    _pyplot,
    top_groups,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def distribution(
    values: pd.Series | np.ndarray,
    *,
    by: pd.Series | None = None,
    top: int | None = None,
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
        number is written under the axis label.
    by : Series, optional
        A group per unit (aligned on the index of ``values``): one box per
        group instead of a histogram, with each group's size in its label.
    top : int, optional
        With ``by``: keep the ``top`` largest groups and merge the rest into
        one box "other" (:func:`top_groups`), drawn last.
    ax : matplotlib Axes, optional
    bins : int or str, default "auto"
        Histogram bins (:func:`numpy.histogram_bin_edges`).
    label : str, optional
        Axis label for the values; by default the Series' name.
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
    >>> c = cn.brokerage.constraint(g, weight=True)
    >>> ax = cn.plot.distribution(c)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('constraint', ['mean 0.405', 'median 0.291'])
    >>> ax = cn.plot.distribution(c, by=g.actors["domain"])   # one box per group
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['art (n=12)', 'business (n=14)']
    >>> plt.close("all")
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
        merged_other = top is not None and int(groups[keep].nunique()) > top
        if top is not None:
            groups = top_groups(groups, top)
        labels, data = [], []
        parts = list(v[keep].groupby(groups[keep], sort=True))
        if merged_other:  # "other" last
            parts = [p for p in parts if p[0] != "other"] + [p for p in parts
                                                             if p[0] == "other"]
        for gname, part in parts:
            labels.append(f"{gname} (n={len(part):,})")
            data.append(part.to_numpy(dtype=float))
        if not data:
            raise ClusternetError("distribution: no value with a group to draw")
        bp = ax.boxplot(data, **_horizontal(), patch_artist=True, widths=0.6,
                        medianprops={"color": "black", "linewidth": 1.4},
                        flierprops={"marker": "o", "markersize": 3, "alpha": 0.5})
        for k, box in enumerate(bp["boxes"]):
            other_box = merged_other and k == len(data) - 1
            box.set_facecolor(_OTHER if other_box else _group_color(k, len(data)))
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
        _count_format(ax.yaxis)
        ax.grid(True, axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    _no_offset(ax.xaxis)
    if n_nan:
        # under the axis label, where it cannot overlap bars, boxes or the legend
        ax.set_xlabel(f"{ax.get_xlabel()}\n({n_nan:,} undefined (NaN) left out)")
    if title:
        ax.set_title(title)
    return ax


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

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> r = cn.inference.permutation_test(g, cn.convergence.ei_index, "domain", n=99, rng=0)
    >>> ax = cn.plot.null_distribution(r, label="E-I index")
    >>> ax.get_xlabel(), ax.get_legend().get_title().get_text()
    ('E-I index', 'z = -5.51, p = 0.01')
    >>> plt.close("all")
    """
    _pyplot()
    if not isinstance(result, TestResult):
        raise ClusternetError(
            "null_distribution needs the result of clusternet.inference.test or "
            f"permutation_test, got {type(result).__name__}"
        )
    null = np.asarray(result.null, dtype=float)
    if null.ndim != 1 or null.size == 0:
        raise ClusternetError(
            "null_distribution draws one statistic: a test of a network-level value with "
            "its null draws (for an actor- or group-level test, draw "
            "cn.plot.distribution(result.null[column]))"
        )
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
    _count_format(ax.yaxis)
    _no_offset(ax.xaxis)
    z, p = float(result.z), float(result.p_value)
    ax.legend(fontsize=7, frameon=True, framealpha=0.85, edgecolor="none", loc="best",
              title=f"z = {z:.2f}, p = {p:.3g}", title_fontsize=7)
    ax.grid(True, axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title)
    return ax
