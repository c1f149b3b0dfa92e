"""Hybrid events: teams that span several groups (affiliation graphs)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.mixing import event_group_numbers
from .._registry import measure
from .._results import group_codes, label
from .._validation import check_missing
from ..errors import ClusternetError, ClusternetWarning
from ._common import Mixing, warn_undefined
from ._permutation import hybrid_share_permutation

__all__ = ["hybrid_events", "hybrid_share"]


@measure(
    family="convergence",
    levels={"event": "DataFrame"},
    references=("guimera2005",),
    summary="per event: the number of groups its team spans, and whether it is hybrid",
    needs_events=True,
    checks={"missing": check_missing},
    method=(
        "An event is hybrid when its actors come from two groups or more "
        "[guimera2005]."),
)
def hybrid_events(g: Any, attribute: str, *, missing: str = "error") -> pd.DataFrame:
    r"""Per event (team), how many groups its actors come from and whether it
    is hybrid (two groups or more).

    Supports affiliation graphs only (built with
    :func:`~clusternet.from_affiliations`), whose events are kept.

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph.
    attribute : str
        Categorical actor attribute defining the groups.
    missing : {"error", "drop", "own-group"}
        Actors without a value: raise naming them; leave them out (an event
        then spans the groups of its other actors); or count each as a
        group of its own.

    Returns
    -------
    pandas.DataFrame
        Index ``event`` (the graph's event order) with columns ``n_actors``
        (actors of the event in this graph), ``n_groups`` (distinct groups
        among those with a value), ``hybrid`` (nullable boolean:
        ``n_groups >= 2``; ``<NA>`` when no actor of the event has a value)
        and ``time`` when the events carry one.

    Raises
    ------
    ClusternetError
        The graph has no events; unknown attribute; missing values with
        ``missing="error"``.

    See Also
    --------
    hybrid_share : the share of hybrid events.

    Notes
    -----
    :math:`n\_groups_e = |\{G(i) : i \in e\}|`, computed as the non-zeros of
    the group x event count matrix :math:`G^\top B` (:math:`G` the one-hot
    group matrix, :math:`B` the incidence), counted in one pass over the
    participations. A single-actor event spans one
    group and is not hybrid.

    References
    ----------
    .. [1] Guimerà, R., Uzzi, B., Spiro, J., & Amaral, L. A. N. (2005). Team
       assembly mechanisms determine collaboration network structure and
       team performance. Science 308(5722), 697-702.
       https://doi.org/10.1126/science.1106340

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "ann", "bob", "cy"],
    ...                   "event": ["film", "film", "film", "play", "play", "app"],
    ...                   "year": [2020, 2020, 2020, 2021, 2021, 2021]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy"],
    ...                        "domain": ["art", "art", "tech"]})
    >>> g = cn.from_affiliations(t, time="year", actors=actors)
    >>> cn.convergence.hybrid_events(g, "domain")
           n_actors  n_groups  hybrid  time
    event
    film          3         2    True  2020
    play          2         1   False  2021
    app           1         1   False  2021
    """
    g = as_graph(g)
    B = g.incidence
    if B is None:
        raise ClusternetError(
            "hybrid_events needs the events of an affiliation graph (build it with "
            "cn.from_affiliations); this graph has none"
        )
    codes, groups = group_codes(g, attribute, missing=missing)
    n_groups = event_group_numbers(B, codes, len(groups))
    n_actors = np.bincount(B.indices, minlength=B.shape[1]).astype(np.int64)
    hybrid = pd.array(n_groups >= 2, dtype="boolean")
    hybrid[n_groups == 0] = pd.NA
    events = g.events
    df = pd.DataFrame(
        {"n_actors": n_actors, "n_groups": n_groups, "hybrid": hybrid},
        index=events.index.copy(),
    )
    if "time" in events.columns:
        df["time"] = events["time"].to_numpy()
    return label(df, "hybrid_events", {"attribute": attribute, "missing": missing})


@measure(
    family="convergence",
    levels={"network": "float"},
    references=("guimera2005",),
    summary="share of events whose team spans two or more groups",
    needs_events=True,
    permutation=hybrid_share_permutation,
    checks={"missing": check_missing},
    method=(
        "An event is hybrid when its actors come from two groups or more "
        "[guimera2005]; the hybrid share is the share of events that are."),
)
def hybrid_share(g: Any, attribute: str, *, missing: str = "error") -> float:
    r"""The share of events whose team spans two groups or more.

    Supports affiliation graphs only.

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph.
    attribute : str
        Categorical actor attribute defining the groups.
    missing : {"error", "drop", "own-group"}
        As in :func:`hybrid_events`; events none of whose actors has a value
        are left out of the share.

    Returns
    -------
    float
        :math:`|\{e : n\_groups_e \ge 2\}| / |\{e : n\_groups_e \ge 1\}|`,
        single-actor events included in the denominator. NaN with a
        :class:`ClusternetWarning` when there are fewer than two groups or
        no events.

    See Also
    --------
    hybrid_events : the per-event table this share is taken from.

    References
    ----------
    .. [1] Guimerà, R., Uzzi, B., Spiro, J., & Amaral, L. A. N. (2005). Team
       assembly mechanisms determine collaboration network structure and
       team performance. Science 308(5722), 697-702.
       https://doi.org/10.1126/science.1106340

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "ann", "bob", "cy"],
    ...                   "event": ["film", "film", "film", "play", "play", "app"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy"],
    ...                        "domain": ["art", "art", "tech"]})
    >>> g = cn.from_affiliations(t, actors=actors)
    >>> round(cn.convergence.hybrid_share(g, "domain"), 4)
    0.3333
    """
    table = hybrid_events(g, attribute, missing=missing)
    g = as_graph(g)
    codes, groups = group_codes(g, attribute, missing=missing)
    mix = Mixing(g, attribute, codes, groups, weighted=False)
    if warn_undefined("hybrid_share", mix, ties=False):
        return float("nan")
    known = table["n_groups"].to_numpy() >= 1
    if not known.any():
        warnings.warn(
            "hybrid_share: no event has an actor with a value of "
            f"{attribute!r}; the share is NaN",
            ClusternetWarning,
            stacklevel=2,
        )
        return float("nan")
    return float((table["n_groups"].to_numpy()[known] >= 2).mean())
