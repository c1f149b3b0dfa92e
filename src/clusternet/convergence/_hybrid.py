"""Hybrid events: teams that span several groups (affiliation graphs)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._kernels.mixing import event_group_numbers
from .._registry import measure
from .._results import group_codes, label, value_codes
from .._validation import check_missing
from ..errors import ClusternetError, ClusternetWarning
from ._common import Mixing, warn_undefined
from ._permutation import hybrid_share_permutation

__all__ = ["hybrid_events", "hybrid_share"]

#: Refusal of a permutation test on a participation attribute.
PERMUTE_ROWS = (
    "{attribute!r} is a participation attribute (one value per row): a permutation test "
    "permutes actor values and does not apply to it yet; test an actor attribute"
)


def event_incidence(g: Any, caller: str, build: str = "cn.from_affiliations") -> sp.csr_array:
    """The incidence (actors x events) of ``g``, or refuse a graph without
    events naming ``caller`` and how to ``build`` one (before any work)."""
    B = g.incidence
    if B is None:
        raise ClusternetError(
            f"{caller} needs the events of an affiliation graph (build it with {build}); "
            "this graph has none"
        )
    return B


def participation_codes(g: Any, B: sp.csr_array, attribute: str,
                        missing: str) -> tuple[sp.csr_array, np.ndarray, pd.Index]:
    """The incidence and group codes to count an event's groups with: the
    actors' codes, or for a participation attribute one row per stored
    participation (its own value) in an incidence of the same columns."""
    if attribute not in g.participation_attributes:
        codes, groups = group_codes(g, attribute, missing=missing)
        return B, codes, groups
    values = g.participation_attribute(attribute)
    codes, groups = value_codes(values, attribute, missing=missing, unit="participation")
    rows = sp.csr_array((B.data, B.indices, np.arange(B.nnz + 1)), shape=(B.nnz, B.shape[1]))
    return rows, codes, groups


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
        Categorical actor attribute defining the groups, or a participation
        attribute (``participation_attributes=`` of
        :func:`~clusternet.from_affiliations`): then each participation
        counts with its own value (an author's sector on that paper), and
        ``missing`` applies to participations.
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
    B = event_incidence(g, "hybrid_events")
    n_actors = np.bincount(B.indices, minlength=B.shape[1]).astype(np.int64)
    B, codes, groups = participation_codes(g, B, attribute, missing)
    n_groups = event_group_numbers(B, codes, len(groups))
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


def _share_permutation(g: Any, attribute: str, **options: Any) -> Any:
    """The permutation kernel of :func:`hybrid_share`; refused for a
    participation attribute, whose rows a permutation of actor values would
    not follow."""
    if attribute in as_graph(g).participation_attributes:
        raise ClusternetError(PERMUTE_ROWS.format(attribute=attribute))
    return hybrid_share_permutation(g, attribute, **options)


@measure(
    family="convergence",
    levels={"network": "float"},
    references=("guimera2005",),
    summary="share of events whose team spans two or more groups",
    needs_events=True,
    permutation=_share_permutation,
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
        Categorical actor attribute defining the groups, or a participation
        attribute (``participation_attributes=`` of
        :func:`~clusternet.from_affiliations`): then each participation
        counts with its own value (an author's sector on that paper), and
        ``missing`` applies to participations.
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
    if attribute in g.participation_attributes:
        groups = participation_codes(g, g.incidence, attribute, missing)[2]
        if len(groups) < 2:
            shown = repr(groups[0]) if len(groups) else "none"
            warnings.warn(
                f"hybrid_share: participation attribute {attribute!r} has {len(groups)} "
                f"group(s) ({shown}) among the participations considered; the measure needs "
                "at least two groups and is NaN",
                ClusternetWarning,
                stacklevel=2,
            )
            return float("nan")
    else:
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
