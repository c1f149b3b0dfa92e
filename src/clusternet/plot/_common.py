"""Palette and helpers shared by the figures."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..brokerage import GOULD_FERNANDEZ_ROLES

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


#: The Okabe--Ito palette (Okabe & Ito 2008), for groups: distinct under the
#: common colour-vision deficiencies; the first colours also differ in
#: lightness (grey-scale print); yellow comes late.
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

#: The names of the five Gould--Fernandez roles, in the order of the one
#: table of roles, :data:`clusternet.brokerage.GOULD_FERNANDEZ_ROLES`.
GF_ROLES: tuple[str, ...] = tuple(role.name for role in GOULD_FERNANDEZ_ROLES)

#: Colour of each Gould--Fernandez role (Okabe--Ito).
ROLE_COLORS: dict[str, str] = dict(
    zip(GF_ROLES, ("#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#009E73"), strict=True)
)
_OTHER = "#BBBBBB"


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


def _side_legend(ax: Axes, **options: Any) -> Any:
    """A legend beside the axes, on the right, where the figure's layout
    engine makes room for it (figures made here are constrained); on a
    caller's figure without a layout engine, saving would cut a legend
    outside the axes, so it goes inside, where it hides least."""
    if ax.figure.get_layout_engine() is None:
        return ax.legend(loc="best", framealpha=0.85, edgecolor="none",
                         **{k: v for k, v in options.items() if k != "frameon"})
    return ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), **options)


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


def _group_color(k: int, n: int) -> str:
    return OKABE_ITO[k] if n <= len(OKABE_ITO) and k < len(OKABE_ITO) else (
        OKABE_ITO[k % 7])


def top_groups(values: Any, top: int | None, *, other: str = "other") -> Any:
    """Keep the ``top`` largest groups and merge the rest into ``other``.

    The groups are ranked by their number of units (ties broken by the
    sorted order of the group values, so the result does not depend on the
    order of the rows); missing values stay missing. With ``top=None``, or
    no more than ``top`` groups, the values come back unchanged (a copy).

    Parameters
    ----------
    values : Series
        One group per unit (actor, event), e.g. ``g.attribute("domain")``.
    top : int or None
        The number of groups kept (>= 1).
    other : str, default "other"
        The name of the merged group; it must not be one of the groups.

    Returns
    -------
    pandas.Series
        Same index and name; the groups not kept are replaced by ``other``
        (the dtype becomes ``object`` when groups are merged).

    Raises
    ------
    ClusternetError
        ``top`` is not a positive whole number; ``other`` is a kept group.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> s = pd.Series(["art", "art", "tech", "tech", "law", None, "bio"])
    >>> cn.plot.top_groups(s, 2).tolist()
    ['art', 'art', 'tech', 'tech', 'other', None, 'other']
    """
    import numbers as _numbers

    import pandas as pd

    from ..errors import ClusternetError

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if top is None:
        return s.copy()
    if isinstance(top, bool) or not isinstance(top, _numbers.Integral) or top < 1:
        raise ClusternetError(f"top={top!r}; give a positive whole number of groups, or None")
    counts = s.value_counts(dropna=True)
    if len(counts) <= top:
        return s.copy()
    keep = _ranked(counts)[: int(top)]
    if other in set(keep):
        raise ClusternetError(
            f"top_groups: {other!r} is one of the kept groups; pass other= another name"
        )
    out = s.astype(object).where(s.isin(keep) | s.isna(), other)
    return out.where(s.notna(), None)


def _ranked(counts: Any) -> list[Any]:
    """Group values by decreasing count, ties by sorted value (or first seen)."""
    items = list(counts.items())
    try:
        items.sort(key=lambda kv: kv[0])
    except TypeError:
        pass
    items.sort(key=lambda kv: -kv[1])
    return [k for k, _ in items]


def _count_format(axis: Any) -> None:
    """Tick labels of counts with thousands separators and no offset or
    scientific notation ("1,200,000", not "1.2" with "1e6" at the end)."""
    from matplotlib.ticker import FuncFormatter

    def fmt(v: float, _pos: Any = None) -> str:
        if v == round(v):
            return f"{v:,.0f}"
        return f"{v:,.6g}" if abs(v) < 1000 else f"{v:,.1f}"

    axis.set_major_formatter(FuncFormatter(fmt))


def _place_labels(
    ax: Axes,
    xy: np.ndarray,
    names: list[str],
    *,
    fontsize: float = 7.0,
    avoid: np.ndarray | None = None,
    avoid_radius: float = 3.0,
) -> list[Any]:
    """Write ``names[k]`` next to the point ``xy[k]`` (data coordinates),
    in the order given (most important first), without overlap.

    A deterministic greedy repel: each label tries 8 directions around its
    point at growing distances (4, 9, 16 and 26 points) and takes the first
    position whose box stays inside the figure and overlaps no label already
    placed, the title, the legend and no point of ``avoid`` (default: the
    labelled points); beyond
    the first ring a thin leader line joins it to its point. A label with no
    free position is left out. Runs the figure's layout first, so positions
    are those of the final figure.
    """
    fig = ax.figure
    if not names:
        return []
    fig.draw_without_rendering()
    # a Figure made without pyplot has a base canvas with no renderer of its own
    get = getattr(fig.canvas, "get_renderer", None)
    if get is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        get = FigureCanvasAgg(fig).get_renderer
    renderer = get()
    px = fig.dpi / 72.0
    pts = ax.transData.transform(np.asarray(xy, dtype=float))
    obst = ax.transData.transform(np.asarray(avoid if avoid is not None else xy, dtype=float))
    # labels stay inside the figure, clear of the title and the legend
    axbox = fig.bbox
    furniture = [ax.title, ax.get_legend()]
    # a white box behind each name (not a stroked halo: with path effects an
    # SVG writes the name as outlines, and it can no longer be searched)
    pad = 0.12
    box_style = {"boxstyle": f"round,pad={pad}", "facecolor": "white", "alpha": 0.8,
                 "edgecolor": "none"}
    placed: list[tuple[float, float, float, float]] = []
    rad = avoid_radius * px
    obstacles = [(x - rad, y - rad, x + rad, y + rad) for x, y in obst]
    for artist in furniture:
        if artist is not None and artist.get_visible() and (
                not hasattr(artist, "get_text") or artist.get_text()):
            b = artist.get_window_extent(renderer)
            placed.append((b.x0, b.y0, b.x1, b.y1))
    directions = [(1, 1), (1, -1), (-1, 1), (-1, -1), (1, 0), (-1, 0), (0, 1), (0, -1)]
    out = []
    for k, name in enumerate(names):
        probe = ax.text(0, 0, name, fontsize=fontsize)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        margin = 2 * pad * fontsize * px  # the white box around the text
        w, h = ext.width + margin + 2 * px, ext.height + margin
        x0, y0 = pts[k]
        own = (x0 - rad, y0 - rad, x0 + rad, y0 + rad)
        chosen = None
        for ring in (4.0, 9.0, 16.0, 26.0):
            for cx, cy in directions:
                norm = math.hypot(cx, cy)
                dx, dy = ring * cx / norm, ring * cy / norm
                ax_, ay_ = x0 + dx * px, y0 + dy * px
                left = ax_ if cx > 0 else (ax_ - w if cx < 0 else ax_ - w / 2)
                bottom = ay_ if cy > 0 else (ay_ - h if cy < 0 else ay_ - h / 2)
                box = (left, bottom, left + w, bottom + h)
                if (box[0] < axbox.x0 or box[2] > axbox.x1 or box[1] < axbox.y0
                        or box[3] > axbox.y1):
                    continue
                if any(_overlap(box, b) for b in placed):
                    continue
                if any(_overlap(box, b) for b in obstacles if b != own):
                    continue
                chosen = (dx, dy, cx, cy, ring, box)
                break
            if chosen is not None:
                break
        if chosen is None:
            continue
        dx, dy, cx, cy, ring, box = chosen
        placed.append(box)
        ha = "left" if cx > 0 else ("right" if cx < 0 else "center")
        va = "bottom" if cy > 0 else ("top" if cy < 0 else "center")
        arrow = ({"arrowstyle": "-", "color": "#777777", "linewidth": 0.5,
                  "shrinkA": 0, "shrinkB": 2} if ring > 4.0 else None)
        t = ax.annotate(name, xy[k], xytext=(dx, dy), textcoords="offset points", ha=ha,
                        va=va, fontsize=fontsize, zorder=4, bbox=box_style,
                        arrowprops=arrow)
        t.set_in_layout(False)
        out.append(t)
    return out


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _lookup(mapping: Any, key: Any) -> str:
    try:
        v = mapping.get(key) if hasattr(mapping, "get") else None
    except TypeError:
        v = None
    import pandas as pd

    try:
        missing = v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        missing = False
    return str(key) if missing else str(v)


def _no_offset(*axes: Any) -> None:
    """No offset or scientific notation on the tick labels of ``axes``
    (values such as 1,000,000 are written in full, not as "1" with "1e6")."""
    from matplotlib.ticker import ScalarFormatter

    for axis in axes:
        fmt = axis.get_major_formatter()
        if isinstance(fmt, ScalarFormatter):
            fmt.set_useOffset(False)
            fmt.set_scientific(False)
