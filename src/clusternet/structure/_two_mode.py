"""Two-mode clustering: Opsahl's (2013) and Robins and Alexander's (2004)
coefficients on the actor x event incidence."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.two_mode import binary, opsahl_counts, robins_alexander_counts
from .._registry import measure
from .._results import actor_series
from .._validation import check_choice
from ..errors import ClusternetError, ClusternetWarning

__all__ = ["two_mode_clustering"]

_METHODS = ("opsahl", "robins_alexander")


def _method_text(ctx: Any) -> str:
    if ctx.get("method") == "robins_alexander":
        return ("Two-mode clustering was measured with Robins and Alexander's (2004) "
                "coefficient [robins2004], 4 C4 / L3: four times the 4-cycles (two actors "
                "sharing two events) over the 3-paths of the actor-event graph (Opsahl's "
                "2013 coefficient [opsahl2013] asks instead for a third actor and a third "
                "event).")
    return ("Two-mode clustering was measured with Opsahl's (2013) coefficient [opsahl2013]: "
            "the share of 4-paths (three actors joined through two distinct events) whose "
            "end actors also share a third, distinct event, so that a single team does not "
            "count as closure; per actor, over the 4-paths centred on it (Robins and "
            "Alexander's 2004 coefficient [robins2004] counts 4-cycles instead).")


@measure(
    family="structure",
    levels={"network": "float", "actor": "Series"},
    level_param="level",
    attribute=None,
    needs_events=True,
    references=("opsahl2013", "robins2004"),
    summary="share of 4-paths of the actor-event graph that close (Opsahl; Robins-Alexander)",
    method=_method_text,
)
def two_mode_clustering(g: Any, *, method: str = "opsahl", level: str = "network") -> Any:
    r"""Clustering of an affiliation graph, counted on actors and events.

    The clustering coefficient of the projection overstates closure: every
    team of three or more is a clique, so a single event closes triangles.
    The two-mode coefficients count closure that needs *distinct* events.
    Supports affiliation graphs only (built with
    :func:`~clusternet.from_affiliations`); participation weights are
    ignored (binary coefficients).

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph (its actor x event incidence is used).
    method : {"opsahl", "robins_alexander"}
        Opsahl (2013) [1]_, global and local; or Robins and Alexander
        (2004) [2]_, network level only.
    level : {"network", "actor"}
        One coefficient for the graph, or Opsahl's local coefficient per
        actor.

    Returns
    -------
    float or pandas.Series
        ``level="network"``: a float. ``level="actor"``: a Series named
        ``two_mode_clustering``, indexed by actor (graph order). NaN (with a
        :class:`~clusternet.ClusternetWarning`) where there is no 4-path
        (Opsahl) or no 3-path (Robins-Alexander) to close: per actor, one
        that has co-members in fewer than two events.

    Raises
    ------
    ClusternetError
        The graph has no events (not built from affiliations); unknown
        ``method`` or ``level``; ``method="robins_alexander"`` with
        ``level="actor"``.

    Notes
    -----
    Both count on the bipartite graph of actors and events, with
    :math:`w_{ij}` the events actors :math:`i` and :math:`j` share,
    :math:`d_a` the events of actor :math:`a` and :math:`s_e` the actors of
    event :math:`e`.

    **Opsahl.** A 4-path :math:`P - X - Q - Y - R` joins three distinct
    actors through two distinct events :math:`X \ne Y`; it is closed when
    :math:`P` and :math:`R` share a third event :math:`Z \notin \{X, Y\}`
    (a 6-cycle). Then

    .. math:: C^* = \frac{\text{closed 4-paths}}{\text{4-paths}}, \qquad
              C^*_Q = \frac{\text{closed 4-paths centred on } Q}
                           {\text{4-paths centred on } Q},

    each path counted once (not once per direction), as in tnet's
    ``clustering_tm``/``clustering_local_tm`` and bitriad's
    ``injequ.transitivity``. The global value is the ratio of the sums over
    actors, not the mean of the local values. The paths are counted without
    listing them, from the triangles of the co-occurrence graph and the pairs
    of co-members of each event.

    **Robins and Alexander.**

    .. math:: C_{RA} = \frac{4\,C_4}{L_3}, \qquad
              C_4 = \sum_{i<j} \binom{w_{ij}}{2}, \qquad
              L_3 = \sum_{(a, e)} (d_a - 1)(s_e - 1),

    :math:`C_4` the 4-cycles (two actors sharing two events) and
    :math:`L_3` the 3-paths (the second sum runs over the participations;
    a bipartite graph has no triangle, so the ends of a 3-path always
    differ). It equals networkx's ``bipartite.robins_alexander_clustering``
    (tested), except that networkx returns 0 where :math:`L_3 = 0` and this
    returns NaN. Robins and Alexander define no per-actor version, and none
    is standard, so ``level="actor"`` is Opsahl's only.

    Both are sparse: the co-occurrence counts :math:`W = B B^\top` (the
    count projection) and sums over its ties and triangles; no actor x
    actor dense matrix.

    References
    ----------
    .. [1] Opsahl, T. (2013). Triadic closure in two-mode networks:
       redefining the global and local clustering coefficients. Social
       Networks 35(2), 159-167. https://doi.org/10.1016/j.socnet.2011.07.001
    .. [2] Robins, G., & Alexander, M. (2004). Small worlds among
       interlocking directors: network structure and distance in bipartite
       graphs. Computational & Mathematical Organization Theory 10(1),
       69-94. https://doi.org/10.1023/B:CMOT.0000032580.12184.c0

    Examples
    --------
    Three actors who pairwise share distinct events close the 4-paths
    through them; a single three-actor event closes nothing:

    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["a", "b", "b", "c", "a", "c", "c", "d"],
    ...                   "event": ["e1", "e1", "e2", "e2", "e3", "e3", "e4", "e4"]})
    >>> g = cn.from_affiliations(t)
    >>> cn.structure.two_mode_clustering(g)
    0.6
    >>> cn.structure.two_mode_clustering(g, level="actor").round(4).tolist()
    [1.0, 1.0, 0.3333, nan]
    >>> cn.structure.two_mode_clustering(g, method="robins_alexander")
    0.0
    """
    check_choice(method, _METHODS, "method")
    if level == "actor" and method == "robins_alexander":
        raise ClusternetError(
            "two_mode_clustering: Robins and Alexander define a network-level coefficient "
            "only; pass level='network', or method='opsahl' for per-actor values"
        )
    g = as_graph(g)
    if g.incidence is None:
        raise ClusternetError(
            "two_mode_clustering needs the events of an affiliation graph (build it with "
            "cn.from_affiliations); this graph has ties only"
        )
    B = binary(g.incidence)
    params = {"method": method, "level": level}
    if method == "robins_alexander":
        c4, l3 = robins_alexander_counts(B)
        if l3 == 0:
            warnings.warn("two_mode_clustering: the actor-event graph has no 3-path; the "
                          "Robins-Alexander coefficient is NaN", ClusternetWarning, stacklevel=3)
            return float("nan")
        return float(4.0 * c4 / l3)
    paths, closed = opsahl_counts(B)
    if level == "network":
        total = float(paths.sum())
        if total == 0:
            warnings.warn("two_mode_clustering: no 4-path (three actors through two distinct "
                          "events); Opsahl's coefficient is NaN", ClusternetWarning, stacklevel=3)
            return float("nan")
        return float(closed.sum() / total)
    none = paths == 0
    if none.any():
        warnings.warn(
            f"two_mode_clustering: {int(none.sum())} actor(s) centre no 4-path (co-members in "
            "fewer than two events); their coefficient is NaN", ClusternetWarning, stacklevel=3)
    with np.errstate(invalid="ignore", divide="ignore"):
        local = np.where(none, np.nan, closed / np.where(none, 1.0, paths))
    out: pd.Series = actor_series(g, local, "two_mode_clustering", params)
    out.index.name = "actor"
    return out
