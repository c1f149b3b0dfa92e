"""Figures of clusternet results, readable in print and by colour-blind readers.

Every function takes ``ax=None`` (a new figure is made when it is None) and
returns the :class:`matplotlib.axes.Axes` it drew on. Matplotlib is imported
when a function is called, not when clusternet is; install it with
``pip install "clusternet[plot]"``.

Figures for print at any size of data:

- :func:`network` chooses what to draw (``show=``: the best-connected
  actors of the largest component, the strongest ties or the backbone)
  instead of a hairball, names actors from a column (``label=``) without
  overlap, and rasterizes the ties when there are many, so a vector file
  stays a few MB at most; :func:`group_graph` draws one node per group.
- Figures of actors take ``label=`` (names instead of ids); figures of
  groups take ``top=`` (the largest groups, the rest merged into "other",
  as :func:`top_groups` does); legends list only what occurs; counts are
  written in full ("1,200,000", no "1e6" offset).

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
