"""Palette and helpers shared by the figures."""

from __future__ import annotations

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
