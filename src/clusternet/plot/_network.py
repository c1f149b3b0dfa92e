"""The actor network, coloured by group and sized by a measure."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.adjacency import upper_entries
from .._validation import is_numeric, seed_sequence
from ..errors import ClusternetError, TooLargeError, UnknownAttributeError
from ._common import _OTHER, OKABE_ITO, _axes, _pyplot

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


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
        ``y`` indexed by actor. By default igraph's force-directed
        Fruchterman--Reingold layout (250 iterations, ties undirected),
        seeded from ``rng``.
    rng : int, numpy.random.Generator or None, default 0
        Seed of the layout (an int >= 0, or a Generator that gives one
        draw); None draws a fresh layout each time.
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
    UnknownAttributeError
        ``color`` or ``size`` names no actor attribute.
    ClusternetError
        ``size`` is not numeric or has negative values; ``rng`` is not a
        seed (``True``, a negative int, a float).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> size = cn.brokerage.effective_size(g, weight=True)
    >>> ax = cn.plot.network(g, color="domain", size=size, labels=3)
    >>> ax.get_title(), ax.get_legend().get_title().get_text()
    ('60 actors, 321 ties', 'domain')
    >>> plt.close("all")
    """
    _pyplot()
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    _, seed = seed_sequence(rng)
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
    pos = _layout(g, layout, seed)
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
        if not is_numeric(sv):
            raise ClusternetError(
                f"network: size {size_name!r} is not numeric (dtype {sv.dtype}); size by a "
                "measure or a numeric attribute, and colour by groups with color="
            )
        vals = sv.to_numpy(dtype=float, na_value=np.nan)
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
            order = g.positions(labels)
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


def _actor_values(g: Any, spec: Any, what: str) -> pd.Series:
    if isinstance(spec, str):
        if spec not in g.attributes:
            raise UnknownAttributeError(
                f"network: {what}={spec!r} is not an actor attribute; the graph has: "
                + (", ".join(map(repr, g.attributes)) or "none")
                + f". Pass {what}= a Series indexed by actor to draw other values."
            )
        return g.attribute(spec)
    if isinstance(spec, pd.Series):
        return spec.reindex(g.actor_ids)
    arr = np.asarray(spec)
    if arr.shape != (g.n_actors,):
        raise ClusternetError(
            f"network: {what} has {arr.shape[0] if arr.ndim else 1} values for {g.n_actors} actors"
        )
    return pd.Series(arr, index=g.actor_ids)


def _layout(g: Any, layout: Any, seed: int) -> dict[Any, np.ndarray]:
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
