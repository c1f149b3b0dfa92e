"""Openness of a territory over time: ties inside, across its border and outside."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._registry import measure
from .._results import label
from .._validation import check_bool
from ..brokerage._gatekeepers import _inside_flags
from ..temporal import over_time
from ._geo import tie_list

__all__ = ["openness"]

#: The columns of :func:`openness`, before the window columns of over_time.
COLUMNS = ("inside_inside", "inside_outside", "outside_outside", "inside_share",
           "crossing_share", "outside_share", "openness")


@measure(
    family="territory",
    levels={"period": "DataFrame"},
    attribute="inside",
    references=("giuliani2005", "boschma2005"),
    summary="ties inside the territory, across its border and outside, by period",
    checks={"weight": check_bool},
    method=(
        "Openness splits each period's ties into inside-inside, inside-outside and "
        "outside-outside by a true/false attribute (inside the territory or not); the "
        "openness is the share of the insiders' ties that cross the border, as for the "
        "gatekeepers of [giuliani2005], geographical proximity seen from the territory "
        "[boschma2005]."),
)
def openness(
    g: Any,
    inside: Any,
    *,
    size: Any = 1,
    step: Any = 1,
    cumulative: bool = False,
    start: Any = None,
    end: Any = None,
    weight: bool = False,
) -> pd.DataFrame:
    r"""How open the territory is in each period: its ties inside, across
    its border and outside.

    Supports graphs with times (affiliation graphs with event times, timed
    edge lists), undirected or directed (each arc counts once), weighted or
    not.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times.
    inside : str or mapping
        Which actors are in the territory, as for
        :func:`clusternet.brokerage.gatekeepers`: the name of a boolean
        actor attribute, or a mapping (dict or Series) actor -> bool
        covering every actor.
    size, step, cumulative, start, end
        The windows, as in :func:`clusternet.temporal.windows`.
    weight : bool, default False
        Sum tie weights instead of counting ties.

    Returns
    -------
    pandas.DataFrame
        Index ``period`` (window starts); columns ``inside_inside``,
        ``inside_outside``, ``outside_outside`` (ties or weights),
        ``inside_share``, ``crossing_share``, ``outside_share`` (each over
        all ties of the period), ``openness`` (see Notes), then
        :func:`~clusternet.temporal.over_time`'s ``end``, ``n_actors``,
        ``n_ties``, ``n_events``. Shares are NaN in a period without ties,
        ``openness`` also in one where no insider has a tie.

    Raises
    ------
    UnknownAttributeError
        ``inside`` names no actor attribute.
    ClusternetError
        A missing or non-boolean value of ``inside``, unknown actors in a
        mapping, bad windows.

    Notes
    -----
    In a period, with :math:`T_{II}`, :math:`T_{IO}` and :math:`T_{OO}`
    the ties (or tie weights) with two, one and no end inside:

    .. math::

        \text{openness} = \frac{T_{IO}}{T_{II} + T_{IO}},

    the share of the insiders' ties that reach outside the territory --
    the external share of :func:`~clusternet.brokerage.gatekeepers` summed
    over the members (Giuliani and Bell 2005 [1]_), followed over time. A
    territory that opens sees it rise; a closing one, fall. Geographical
    proximity is one proximity among others (Boschma 2005 [2]_).

    References
    ----------
    .. [1] Giuliani, E., & Bell, M. (2005). The micro-determinants of
       meso-level learning and innovation: evidence from a Chilean wine
       cluster. Research Policy 34(1), 47-68.
       https://doi.org/10.1016/j.respol.2004.10.008
    .. [2] Boschma, R. (2005). Proximity and innovation: a critical
       assessment. Regional Studies 39(1), 61-74.
       https://doi.org/10.1080/0034340052000320887

    Examples
    --------
    >>> import clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> o = cn.territory.openness(g, "inside")
    >>> o[["inside_inside", "inside_outside", "outside_outside", "openness"]].round(3)
            inside_inside  inside_outside  outside_outside  openness
    period
    2010             87.0            51.0              4.0     0.370
    2011             78.0            71.0             14.0     0.477
    2012             27.0            17.0              3.0     0.386
    """
    g = as_graph(g)
    flags, how = _inside_flags(g, inside)
    by_actor = pd.Series(flags, index=g.actor_ids)

    def split(w: Any) -> pd.Series:
        f = by_actor.reindex(w.actor_ids).to_numpy(dtype=bool)
        src, tgt, wt = tie_list(w)
        ends = f[src].astype(np.int64) + f[tgt]
        t = np.bincount(ends, weights=wt if weight else None, minlength=3).astype(np.float64)
        oo, io, ii = t
        total = t.sum()
        shares = [ii / total, io / total, oo / total] if total else [np.nan] * 3
        insider = ii + io
        return pd.Series([ii, io, oo, *shares, io / insider if insider else np.nan],
                         index=list(COLUMNS))

    split.__name__ = "openness"
    out = over_time(g, split, size=size, step=step, cumulative=cumulative, start=start,
                    end=end)
    return label(out, "openness",
                 {"inside": how, "size": size, "step": step, "cumulative": cumulative,
                  "start": start, "end": end, "weight": weight, "directed": g.directed})
