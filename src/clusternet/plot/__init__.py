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

from ._brokerage import broker_roles
from ._common import OKABE_ITO, ROLE_COLORS, top_groups
from ._distribution import distribution, null_distribution
from ._heatmap import heatmap
from ._network import group_graph, network
from ._time import over_time

__all__ = [
    "OKABE_ITO",
    "ROLE_COLORS",
    "broker_roles",
    "distribution",
    "group_graph",
    "heatmap",
    "network",
    "null_distribution",
    "over_time",
    "top_groups",
]
