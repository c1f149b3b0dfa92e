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
from ._common import (_OTHER, OKABE_ITO, _axes, _lookup, _place_labels, _pyplot, _ranked,
                      _side_legend, top_groups)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


SHOW = ("auto", "all", "top", "strongest", "backbone")

#: Above this many ties the ties are rasterized (drawn as an image inside a
#: vector file), so an SVG or PDF stays a few MB at any number of ties.
RASTER_TIES = 1000
_MORE, _FEWER = "#B2182B", "#2166AC"  # ColorBrewer RdBu ends, as cn.plot.heatmap


def network(
    g: Any,
    *,
    show: str = "auto",
    top: int = 150,
    measure: str | pd.Series = "degree",
    max_ties: int | None = None,
    color: str | pd.Series | None = None,
    size: str | pd.Series | None = None,
    label: str | pd.Series | Mapping[Any, Any] | None = None,
    labels: int | list[Any] | None = None,
    ax: Axes | None = None,
    layout: Mapping[Any, Any] | pd.DataFrame | None = None,
    rng: int | np.random.Generator | None = 0,
    max_actors: int = 3000,
    title: str | None = None,
) -> Axes:
    """The actor network: actors coloured by group and sized by a measure.

    A drawing of thousands of actors is a grey hairball; ``show`` chooses
    what to draw so the figure reads at journal column width.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph Graph
    show : {"auto", "all", "top", "strongest", "backbone"}, default "auto"
        What to draw (Notes): ``"all"`` every actor and tie; ``"top"`` the
        ``top`` actors of the largest connected component with the largest
        ``measure``, and the ties among them; ``"strongest"`` the strongest
        ties (at most ``max_ties``) and the actors they join; ``"backbone"``
        the ties significant under :func:`clusternet.inference.backbone`
        (affiliation graphs; SDSM, alpha 0.05, Holm); both then keep at
        most ``top`` actors, those with the largest ``measure``, and the
        kept ties among them. ``"auto"``: ``"all"``
        when the graph has at most ``top`` actors, else ``"top"``.
    top : int, default 150
        The most actors drawn by ``"top"`` (and by ``"strongest"`` and
        ``"backbone"``, which then keep the ``top`` rule on what they chose).
    measure : str or Series, default "degree"
        The ranking of ``"top"``: ``"degree"``, ``"strength"`` (total tie
        weight), a numeric actor attribute, or a Series indexed by actor
        (e.g. betweenness). Ties of the ranking go to the earlier actor.
    max_ties : int, optional
        ``"strongest"``: the most ties kept; by default ``2 * top``.
    color : str or Series, optional
        An actor attribute (its name) or a Series of groups indexed by actor.
        The 7 largest groups among the drawn actors get their own
        Okabe--Ito colour, the rest are drawn grey as "other". Actors
        without a value are drawn hollow. The legend lists only the groups
        (and "other", "no value") that occur among the drawn actors.
    size : str or Series, optional
        An actor attribute or a Series of non-negative values indexed by
        actor (a measure such as betweenness); marker area grows linearly
        with the value. NaN values get the smallest marker.
    label : str, Series or mapping, optional
        The names written on the figure: an actor attribute (a column of
        the actor table, e.g. ``"name"``) or a Series / mapping from actor
        id to name; actors without a name are written by id. By default
        actors are written by id.
    labels : int or list, optional
        Which actors are named: the ``labels`` largest by ``size`` (by
        ``measure`` when there is no ``size``), or the listed actors. By
        default 12 when ``label`` is given, else none. Names are placed
        around their actor without overlap (a deterministic repel); a name
        with no free place is left out.
    ax : matplotlib Axes, optional
    layout : mapping or DataFrame, optional
        Positions: ``{actor: (x, y)}`` or a DataFrame with columns ``x``,
        ``y`` indexed by actor (for at least the drawn actors). By default
        igraph's force-directed Fruchterman--Reingold layout (250
        iterations, ties undirected) of the drawn actors, seeded from
        ``rng``.
    rng : int, numpy.random.Generator or None, default 0
        Seed of the layout (an int >= 0, or a Generator that gives one
        draw); None draws a fresh layout each time.
    max_actors : int, default 3000
        Refuse to draw more actors than this (with ``show="all"``).
    title : str, optional
        By default what is drawn, e.g. "150 of 600 actors, 1,114 ties" and,
        on a second line, how they were chosen.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TooLargeError
        ``show="all"`` and more than ``max_actors`` actors.
    UnknownAttributeError
        ``color``, ``size``, ``label`` or ``measure`` names no actor
        attribute.
    ClusternetError
        An unknown ``show``; ``top``, ``max_ties`` not positive whole
        numbers; ``size`` or ``measure`` not numeric, ``size`` negative;
        ``show="backbone"`` on a graph that is not an affiliation graph or
        with no significant tie; ``rng`` not a seed.

    Notes
    -----
    **Strongest ties.** With :math:`w^*` the smallest tie weight such that
    the ties of weight :math:`\\ge w^*` number at most ``max_ties`` and join
    at most ``top`` actors, those ties and actors are drawn (ties of equal
    weight are kept or dropped together, so the figure does not depend on
    the order of the records). When the heaviest weight alone breaks a
    bound (an unweighted graph), its ties are kept and the ``top`` actors
    among their ends by ``measure`` are drawn.

    **Size of the file.** Above 1,000 drawn ties the ties are rasterized
    (an image inside an SVG or PDF; actors and text stay vector), so a
    vector file stays a few MB at most whatever the number of ties.

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
    >>> ax = cn.plot.network(g, show="top", top=20, color="domain")
    >>> ax.get_title()
    '20 of 60 actors, 150 ties\\n(largest component, top 20 by degree)'
    >>> plt.close("all")
    """
    _pyplot()
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    _, seed = seed_sequence(rng)
    g = as_graph(g)
    if show not in SHOW:
        raise ClusternetError(
            f"network: show={show!r}; choose one of " + ", ".join(map(repr, SHOW))
        )
    top = _positive_int(top, "top")
    max_ties = 2 * top if max_ties is None else _positive_int(max_ties, "max_ties")
    n_all = g.n_actors
    if n_all == 0:
        raise ClusternetError("network: the graph has no actors to draw")
    if show == "auto":
        show = "all" if n_all <= top else "top"
    pick, A, what = _select(g, show, top, measure, max_ties, max_actors)
    sub = g if len(pick) == n_all else g.subgraph(g.actor_ids[pick])
    if len(pick) != n_all and not np.array_equal(g.positions(sub.actor_ids), pick):
        order_s = np.argsort(pick)  # pragma: no cover - subgraph keeps the graph's order
        pick, A = pick[order_s], A[order_s][:, order_s]
    n = sub.n_actors
    ids = sub.actor_ids
    pos = _layout(sub, layout, seed, A)
    xy = np.array([pos[a] for a in ids], dtype=float)
    ax = _axes(ax, figsize=(7.0, 6.0))

    coo = A.tocoo()
    keep = coo.row < coo.col if not sub.directed else coo.row != coo.col
    r, c, w = coo.row[keep], coo.col[keep], coo.data[keep]
    if len(r):
        order_t = np.argsort(w, kind="stable")  # strongest ties on top
        r, c, w = r[order_t], c[order_t], w[order_t]
        segs = np.stack([xy[r], xy[c]], axis=1)
        wn = w / w.max() if w.max() > 0 else np.ones_like(w)
        alpha = float(min(0.6, max(0.08, 60.0 / math.sqrt(len(r) + 1))))
        lc = LineCollection(segs, colors="#555555", linewidths=0.3 + 1.4 * wn, alpha=alpha,
                            zorder=1)
        lc.set_rasterized(len(r) > RASTER_TIES)
        ax.add_collection(lc)

    shrink = min(1.0, math.sqrt(500.0 / n))  # smaller markers in a crowded drawing
    sizes = np.full(n, 18.0 * shrink)
    size_name = None
    rank = None
    if size is not None:
        sv = _actor_values(sub, size, "size")
        size_name = str(size) if isinstance(size, str) else (sv.name or "size")
        if not is_numeric(sv):
            raise ClusternetError(
                f"network: size {size_name!r} is not numeric (dtype {sv.dtype}); size by a "
                "measure or a numeric attribute, and colour by groups with color="
            )
        vals = sv.to_numpy(dtype=float, na_value=np.nan)
        if np.nanmin(vals, initial=0) < 0:
            raise ClusternetError(f"network: size {size_name!r} has negative values")
        top_v = np.nanmax(vals, initial=0)
        scaled = np.where(np.isnan(vals), 0.0, vals / top_v if top_v > 0 else 0.0)
        sizes = (6.0 + 220.0 * scaled) * shrink
        rank = np.where(np.isnan(vals), -np.inf, vals)

    legend_handles = []
    big = n > 1000  # markers rasterized too: the SVG stays small
    if color is not None:
        cv = _actor_values(sub, color, "color")
        color_name = str(color) if isinstance(color, str) else (cv.name or "group")
        merged_other = int(cv.nunique(dropna=True)) > 7
        merged = top_groups(cv, 7) if merged_other else cv
        groups = [gr for gr in _ranked(merged.value_counts(dropna=True))
                  if not (merged_other and gr == "other")]
        try:
            groups = sorted(groups)
        except TypeError:
            pass
        palette = {gr: OKABE_ITO[k] for k, gr in enumerate(groups)}
        cols = np.array([palette.get(v, _OTHER) if pd.notna(v) else "none"
                         for v in merged.to_numpy()], dtype=object)
        missing = cv.isna().to_numpy()
        order = np.argsort(sizes, kind="stable")[::-1]
        sc = ax.scatter(xy[order, 0], xy[order, 1], s=sizes[order],
                        c=[c if c != "none" else "white" for c in cols[order]],
                        edgecolors=["black" if missing[i] else "white" for i in order],
                        linewidths=0.5, zorder=2)
        for gr in groups:
            legend_handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                         markerfacecolor=palette[gr], markeredgecolor="white",
                                         label=str(gr)))
        if merged_other:
            legend_handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                         markerfacecolor=_OTHER, markeredgecolor="white",
                                         label="other"))
        if missing.any():
            legend_handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                         markerfacecolor="white", markeredgecolor="black",
                                         label="no value"))
        legend_title = color_name
    else:
        order = np.argsort(sizes, kind="stable")[::-1]
        sc = ax.scatter(xy[order, 0], xy[order, 1], s=sizes[order], c=OKABE_ITO[0],
                        edgecolors="white", linewidths=0.5, zorder=2)
        legend_title = None
    sc.set_rasterized(big)
    if size_name is not None and top_v > 0:
        for frac in (0.25, 1.0):
            legend_handles.append(Line2D([], [], marker="o", linestyle="", color="#777777",
                                         markersize=math.sqrt((6.0 + 220.0 * frac) * shrink),
                                         label=f"{size_name} {frac * top_v:.3g}"))
    if legend_handles:
        _side_legend(ax, handles=legend_handles, title=legend_title, fontsize=8,
                     title_fontsize=8, frameon=False)

    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.margins(0.04)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    n_drawn_ties = int(len(r))
    if title is None:
        title = (f"{n:,} of {n_all:,} actors, {n_drawn_ties:,} ties\n({what})" if what
                 else f"{n:,} actors, {n_drawn_ties:,} ties")
    if title:
        ax.set_title(title)

    if labels is None and label is not None:
        labels = 12
    if labels is not None:
        if isinstance(labels, numbers.Integral) and not isinstance(labels, bool):
            if rank is None:
                rank = _ranking(sub, measure).to_numpy(dtype=float)
            chosen = np.lexsort((np.arange(n), -rank))[: int(labels)]
        else:
            wanted = list(labels)
            g.positions(wanted)  # an unknown actor is an error; one not drawn is skipped
            drawn = set(ids)
            chosen = sub.positions([a for a in wanted if a in drawn])
        names = _names(sub, label)
        _place_labels(ax, xy[chosen], [names[i] for i in chosen], avoid=xy[chosen])
    return ax


def group_graph(
    g: Any,
    attribute: str,
    *,
    value: str = "count",
    top: int | None = None,
    label: Mapping[Any, Any] | pd.Series | None = None,
    weight: bool = False,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The group graph: one node per group, ties as the mixing between groups.

    Each group of ``attribute`` is a node on a circle (largest first,
    clockwise from the top), its area proportional to the group's number
    of actors; each pair of groups is joined by a line whose width grows
    with the ties between them. The number under each group's name is
    its ties within the group (``value="count"``) or their relative
    intensity (``value="relative"``).

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph Graph
    attribute : str
        A categorical actor attribute; actors without a value are left out
        (with their ties).
    value : {"count", "relative"}, default "count"
        ``"count"``: the ties between the groups
        (:func:`clusternet.convergence.mixing_matrix`), line width
        proportional; ``"relative"``: observed / expected ties
        (:func:`clusternet.convergence.relative_intensity`), red where the
        groups mix more than their sizes explain, blue where less, line
        width proportional to :math:`|\\log_2|` of the ratio (a pair with
        no tie at all gets the widest blue line).
    top : int, optional
        Keep the ``top`` largest groups and merge the rest into "other"
        (:func:`top_groups`) before counting.
    label : mapping or Series, optional
        Display names of the groups (group value -> name).
    weight : bool, default False
        Sum tie weights instead of counting ties.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ClusternetError
        Unknown ``attribute`` or ``value``; a bad ``top``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> ax = cn.plot.group_graph(g, "domain")
    >>> ax.get_title()
    'Ties between groups of domain\\n(6 groups, 60 actors)'
    >>> ax = cn.plot.group_graph(g, "domain", value="relative", top=3)
    >>> sorted(t.get_text().split("\\n")[0] for t in ax.texts)
    ['art', 'business', 'other', 'technology']
    >>> plt.close("all")
    """
    _pyplot()
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    from ..convergence import mixing_matrix, relative_intensity

    g = as_graph(g)
    if value not in ("count", "relative"):
        raise ClusternetError(f"group_graph: value={value!r}; choose 'count' or 'relative'")
    if not isinstance(attribute, str) or attribute not in g.attributes:
        raise UnknownAttributeError(
            f"group_graph: attribute={attribute!r} is not an actor attribute; the graph has: "
            + (", ".join(map(repr, g.attributes)) or "none")
        )
    groups = g.attribute(attribute)
    if top is not None:
        merged = top_groups(groups, top)
        if not merged.equals(groups):
            g = g.with_attributes(pd.DataFrame({attribute: merged}, index=g.actor_ids))
            groups = merged
    sizes = groups.value_counts(dropna=True)
    if value == "count":
        M = mixing_matrix(g, attribute, weight=weight, missing="drop")
    else:
        M = relative_intensity(g, attribute, weight=weight, missing="drop")
    names = list(M.index)
    k = len(names)
    if k == 0:
        raise ClusternetError(f"group_graph: no actor has a value of {attribute!r}")
    order = sorted(range(k), key=lambda i: (-int(sizes.get(names[i], 0)), i))
    angle = {names[i]: math.pi / 2 - 2 * math.pi * rank / k for rank, i in enumerate(order)}
    pos = {gname: np.array([math.cos(a), math.sin(a)]) for gname, a in angle.items()}
    ax = _axes(ax, figsize=(6.0, 5.4))
    V = M.to_numpy(dtype=float)
    if g.directed:
        V = V + V.T  # ties in either direction
        diag = np.diag(M.to_numpy(dtype=float))
    else:
        diag = np.diag(V)
    segs, widths, colors_ = [], [], []
    iu = [(i, j) for i in range(k) for j in range(i + 1, k)]
    between = np.array([V[i, j] for i, j in iu], dtype=float)
    if value == "count":
        hi = np.nanmax(between, initial=0)
        for (i, j), v in zip(iu, between):
            if not np.isfinite(v) or v <= 0:
                continue
            segs.append([pos[names[i]], pos[names[j]]])
            widths.append(0.5 + 7.5 * v / hi)
            colors_.append("#555555")
    else:
        if g.directed:
            between = between / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log2(between)
        finite = np.abs(logs[np.isfinite(logs)])
        hi = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
        for (i, j), v, lv in zip(iu, between, logs):
            if np.isnan(v) or v == 1:
                continue
            mag = min(abs(lv), hi) if np.isfinite(lv) else hi  # no tie at all: the widest
            segs.append([pos[names[i]], pos[names[j]]])
            widths.append(0.5 + 7.5 * mag / hi)
            colors_.append(_MORE if v > 1 else _FEWER)
    if segs:
        ax.add_collection(LineCollection(np.array(segs), linewidths=widths, colors=colors_,
                                         alpha=0.7, zorder=1, capstyle="round"))
    total = float(sizes.sum())
    area = np.array([3000.0 * sizes.get(nm, 0) / total for nm in names]) if total else (
        np.full(k, 100.0))
    area = np.maximum(area, 40.0) * min(1.0, 8.0 / max(k, 1)) ** 0.5
    xy = np.array([pos[nm] for nm in names])
    # the colours of cn.plot.network: groups in sorted order, "other" grey
    try:
        named = sorted(nm for nm in names if nm != "other")
    except TypeError:
        named = [nm for nm in names if nm != "other"]
    hue = {nm: (OKABE_ITO[i] if len(named) <= len(OKABE_ITO) else OKABE_ITO[i % 7])
           for i, nm in enumerate(named)}
    cols = [hue.get(nm, _OTHER) for nm in names]
    ax.scatter(xy[:, 0], xy[:, 1], s=area, c=cols, edgecolors="white", linewidths=1.0,
               zorder=2)
    shown = label if label is not None else {}
    fs = 8 if k <= 12 else 6
    for i, nm in enumerate(names):
        a = angle[nm]
        dx, dy = math.cos(a), math.sin(a)
        within = diag[i]
        if value == "count":
            extra = f"{sizes.get(nm, 0):,} actors, {within:,.0f} within"
        else:
            extra = f"{sizes.get(nm, 0):,} actors, within x{within:.2f}" if np.isfinite(
                within) else f"{sizes.get(nm, 0):,} actors"
        text = f"{_lookup(shown, nm)}\n{extra}"
        rad = math.sqrt(area[i]) / 2 + 4
        ax.annotate(text, xy[i], xytext=(dx * rad, dy * rad), textcoords="offset points",
                    ha="left" if dx > 0.2 else ("right" if dx < -0.2 else "center"),
                    va="bottom" if dy > 0.2 else ("top" if dy < -0.2 else "center"),
                    fontsize=fs, zorder=3, annotation_clip=False)
    handles = []
    if value == "count" and segs:
        hi = np.nanmax(between)
        for frac in (0.25, 1.0):
            handles.append(Line2D([], [], color="#555555", alpha=0.7,
                                  linewidth=0.5 + 7.5 * frac, label=f"{frac * hi:,.0f}"))
        ax.legend(handles=handles, title="ties between", fontsize=8, title_fontsize=8,
                  frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    elif value == "relative" and segs:
        for colour, text in ((_MORE, f"more than expected (to x{2 ** hi:.2g})"),
                             (_FEWER, f"fewer than expected (to x{2 ** -hi:.2g})")):
            if colour in colors_:
                handles.append(Line2D([], [], color=colour, alpha=0.7, linewidth=4.0,
                                      label=text))
        ax.legend(handles=handles, title="observed / expected ties\n(width: log ratio)",
                  fontsize=8, title_fontsize=8, frameon=False, loc="upper left",
                  bbox_to_anchor=(1.0, 1.0))
    ax.set_aspect("equal")
    ax.set_xlim(-1.55, 1.55)
    ax.set_ylim(-1.4, 1.4)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title is None:
        what = "Ties between" if value == "count" else "Relative intensity between"
        title = f"{what} groups of {attribute}\n({k} groups, {int(total):,} actors)"
    if title:
        ax.set_title(title)
    return ax


def _positive_int(v: Any, name: str) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 1:
        raise ClusternetError(f"network: {name}={v!r}; give a positive whole number")
    return int(v)


def _ranking(g: Any, measure: Any) -> pd.Series:
    """The values ranking actors for ``show="top"`` and default labels."""
    if isinstance(measure, str) and measure == "degree":
        return g.degree().astype(float)
    if isinstance(measure, str) and measure == "strength":
        return g.strength().astype(float)
    sv = _actor_values(g, measure, "measure")
    if not is_numeric(sv):
        raise ClusternetError(
            f"network: measure {measure!r} is not numeric; rank actors by 'degree', "
            "'strength', a numeric attribute or a Series of a measure"
        )
    return sv.astype(float).fillna(-np.inf)


def _top_of_component(A: Any, directed: bool, values: np.ndarray, top: int) -> np.ndarray:
    """Positions of the ``top`` actors of the largest connected component of
    ``A`` with the largest ``values`` (ties to the earlier actor), sorted."""
    import scipy.sparse.csgraph as csgraph

    _, comp = csgraph.connected_components(A, directed=directed, connection="weak")
    largest = int(np.argmax(np.bincount(comp)))  # the first of equal size
    members = np.flatnonzero(comp == largest)
    pick = members[np.lexsort((members, -values[members]))][:top]
    return np.sort(pick)


def _select(g: Any, show: str, top: int, measure: Any, max_ties: int,
            max_actors: int) -> tuple[np.ndarray, Any, str]:
    """Positions of the drawn actors, their adjacency (the drawn ties) and
    how they were chosen (empty text: everything)."""
    name = measure if isinstance(measure, str) else (getattr(measure, "name", None) or "measure")
    A = g.adjacency
    every = np.arange(g.n_actors)
    if show == "all":
        if g.n_actors > max_actors:
            raise TooLargeError(
                f"the network has {g.n_actors:,} actors, more than max_actors={max_actors:,} "
                "can be drawn legibly; draw show='top' (the best-connected actors of the "
                "largest component), show='strongest' or show='backbone', a group or a time "
                "window (g.window(start, end)), or raise max_actors"
            )
        return every, A, ""
    values = _ranking(g, measure).reindex(g.actor_ids).to_numpy(dtype=float)
    if show == "top":
        pick = _top_of_component(A, g.directed, values, top)
        if len(pick) == g.n_actors:
            return every, A, ""
        return pick, A[pick][:, pick], f"largest component, top {top:,} by {name}"
    import scipy.sparse as sp

    if show == "strongest":
        r, c, w = upper_entries(A if not g.directed else (A + A.T).tocsr(), directed=False)
        if len(w) == 0:
            raise ClusternetError("network: show='strongest' but the graph has no ties")
        levels = np.unique(w)[::-1]
        cut = levels[0]
        for lv in levels[1:]:  # lower the cut while the drawing stays within bounds
            heavy = w >= lv
            ends = np.unique(np.concatenate([r[heavy], c[heavy]]))
            if np.count_nonzero(heavy) > max_ties or len(ends) > top:
                break
            cut = lv
        sel = w >= cut
        rule = f"ties of weight >= {cut:g}"
        r, c = r[sel], c[sel]
    else:  # backbone
        from ..inference import backbone

        if g.incidence is None:
            raise ClusternetError(
                "network: show='backbone' needs an affiliation graph (from_affiliations); "
                "draw show='strongest' or show='top' instead"
            )
        bg = backbone(g).graph
        br, bc, _ = upper_entries(bg.adjacency, directed=False)
        if len(br) == 0:
            raise ClusternetError(
                "network: no tie of the graph is significant in the backbone (SDSM, alpha "
                "0.05, Holm); draw show='strongest' or show='top' instead"
            )
        at = g.positions(list(bg.actor_ids))
        r, c = at[br], at[bc]
        rule = "backbone (SDSM, alpha 0.05, Holm)"
    n = g.n_actors
    mask = sp.csr_array((np.ones(len(r)), (r, c)), shape=(n, n))
    mask = ((mask + mask.T) > 0).astype(float)
    kept_A = sp.csr_array(A.multiply(mask))
    pick = np.flatnonzero(np.asarray(mask.sum(axis=1)).ravel() > 0)
    if len(pick) > top:
        pick = np.sort(pick[np.lexsort((pick, -values[pick]))][:top])
        rule += f", top {top:,} by {name}"
    return pick, kept_A[pick][:, pick], rule


def _names(g: Any, label: Any) -> list[str]:
    """The name of each actor of ``g``: from ``label`` (an attribute, a
    Series or a mapping by actor id), by id where it has none."""
    ids = list(g.actor_ids)
    if label is None:
        return [str(a) for a in ids]
    if isinstance(label, str):
        values = _actor_values(g, label, "label").tolist()
    elif isinstance(label, pd.Series):
        values = label.reindex(g.actor_ids).tolist()
    elif isinstance(label, Mapping):
        values = [label.get(a) for a in ids]
    else:
        raise ClusternetError(
            "network: label= takes an actor attribute (a column name), a Series or a "
            f"mapping from actor id to name, got {type(label).__name__}"
        )
    return [str(a) if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA
            else str(v) for a, v in zip(ids, values)]


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


def _layout(g: Any, layout: Any, seed: int, A: Any = None) -> dict[Any, np.ndarray]:
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

    A = g.adjacency if A is None else A
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
