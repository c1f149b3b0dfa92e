"""Diversity at the levels of a collaboration graph: the whole graph or a
group, each actor's contacts (ego), each team (event), each actor's
portfolio of events."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._kernels import diversity as kern
from .._registry import measure
from .._results import actor_series, group_codes, label, value_codes
from .._validation import check_bool, check_missing
from ..errors import ClusternetError, ClusternetWarning, UnknownAttributeError
from ._graph import (
    binary,
    contacts,
    ego_diversity,
    event_codes,
    incidence,
    memberships,
    row_counts,
    row_product,
    source_of,
)
from ._input import describe_matrix
from ._measure import Index, level_params, resolve
from ._permutation import (
    diversity_of,
    ego_permutation,
    team_permutation,
    team_values,
)

__all__ = ["composition", "ego", "events", "portfolio"]


_DIVERSITY_METHOD = (
    "Diversity is Blau's index (Gini-Simpson) 1 - sum p_k^2 [blau1977, jost2006], "
    "p_k the share of category k: of the whole cluster's actors (composition, "
    "also as Shannon entropy H = -sum p_k ln p_k, natural log), of each team's actors "
    "(team diversity) and of each actor's contacts, the actor excluded and each "
    "contact counted once (ego-network diversity; NaN without contacts).")


@measure(
    family="diversity",
    levels={"network": "float", "group": "Series"},
    references=("blau1977", "jost2006"),
    summary="diversity of all actors' values (or of each group of a by= attribute)",
    checks={"missing": check_missing},
    method=_DIVERSITY_METHOD,
)
def composition(g, attribute: str, *, measure: Any = "blau", by: str | None = None,
                missing: str = "error", **params: Any):
    r"""Diversity of the actors of the whole graph, or of each group.

    Supported graphs: any CollaborationGraph, networkx or igraph graph (ties
    are not used, only the actors and their attribute).

    Parameters
    ----------
    g : CollaborationGraph, networkx.Graph or igraph.Graph
    attribute : str
        A categorical actor attribute (sector, domain...).
    measure : str or callable, default "blau"
        ``"richness"``, ``"shannon"``, ``"blau"``, ``"hill"`` (needs
        ``q=``), ``"rao_stirling"`` / ``"true_diversity"`` (need
        ``disparity=``), ``"leinster_cobbold"`` (needs ``similarity=``,
        ``q=``); one of the index functions of this module, or a
        ``functools.partial`` of one; or any callable taking one unit's
        counts (a Series labelled by category, zeros included) and
        returning a number -- called once per unit, so slower.
    by : str, optional
        A second actor attribute: the diversity of each of its groups.
    missing : {"error", "drop", "own-group"}
        Actors with no value of ``attribute`` (or ``by``): an error, left
        out, or each counted as a category of its own (as in
        :func:`clusternet.convergence` functions).
    **params
        Parameters of the measure: ``q``, ``base``, ``alpha``, ``beta``,
        ``disparity``, ``similarity``. ``disparity="cooccurrence"`` uses
        :func:`disparity_from_cooccurrence` of this graph;
        ``similarity="cooccurrence"`` uses one minus it.

    Returns
    -------
    float or Series
        A float for the whole graph; with ``by``, a Series indexed by the
        groups of ``by`` (NaN for a group with no actor having a value).

    Raises
    ------
    ClusternetError
        Unknown attribute or measure, missing values with
        ``missing="error"``, a measure's missing or bad parameter.

    See Also
    --------
    ego, events, portfolio : the same counting at other levels.
    blau, hill, rao_stirling : the indices.

    Notes
    -----
    The counts are the numbers of actors in each category,
    :math:`x_c = |\{i : a_i = c\}|` (per group of ``by``), isolates
    included; then the measure is applied to them.

    References
    ----------
    .. [1] Harrison, D. A., & Klein, K. J. (2007). What's the difference?
       Diversity constructs as separation, variety, or disparity in
       organizations. Academy of Management Review 32(4), 1199-1228.
       https://doi.org/10.5465/amr.2007.26586096
    .. [2] Blau, P. M. (1977). Inequality and Heterogeneity. New York: Free
       Press. (Blau's index, the default measure.)
    .. [3] Jost, L. (2006). Entropy and diversity. Oikos 113(2), 363-375.
       https://doi.org/10.1111/j.2006.0030-1299.14714.x

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
    ...                   "event": ["film", "film", "film", "play", "play"]})
    >>> who = pd.DataFrame({"domain": ["art", "tech", "art", "finance"],
    ...                     "city": ["Lyon", "Lyon", "Nice", "Nice"]},
    ...                    index=["ann", "bob", "cy", "dee"])
    >>> g = cn.from_affiliations(t, actors=who)
    >>> cn.diversity.composition(g, "domain")
    0.625
    >>> cn.diversity.composition(g, "domain", measure="richness", by="city")
    city
    Lyon    2.0
    Nice    2.0
    Name: richness, dtype: float64
    """
    g = as_graph(g)
    codes, groups = group_codes(g, attribute, missing=missing)
    if by is not None:
        if by not in g.attributes:
            raise UnknownAttributeError(
                f"no actor attribute {by!r} (parameter by); the graph has: "
                f"{', '.join(map(repr, g.attributes))}"
            )
        bcodes, bgroups = group_codes(g, by, missing=missing)
    index = resolve(measure, level_params(g, attribute, missing, params), groups)
    keep = codes >= 0
    if by is None:
        C = sp.csr_array(
            np.bincount(codes[keep], minlength=len(groups)).astype(np.float64)[None, :]
        )
        return float(diversity_of(kern.as_csr_counts(C), groups, index)[0])
    keep &= bcodes >= 0
    C = sp.csr_array(
        (np.ones(int(keep.sum())), (bcodes[keep], codes[keep])),
        shape=(len(bgroups), len(groups)),
    )
    values = diversity_of(kern.as_csr_counts(C), groups, index)
    nan = np.flatnonzero(np.isnan(np.asarray(values, dtype=np.float64)))
    if len(nan):
        warnings.warn(
            f"composition: the {index.name} of {len(nan)} group(s) of {by!r} is undefined "
            f"(NaN), e.g. {bgroups[nan[0]]!r}: no actor of the group has a value of "
            f"{attribute!r}", ClusternetWarning, stacklevel=3)
    s = pd.Series(values, index=bgroups.copy(), name=index.name)
    return label(s, "diversity.composition",
                 _provenance(attribute, index, missing, params, by=by))


@measure(
    family="diversity",
    levels={"actor": "Series"},
    references=("blau1977", "jost2006"),
    summary="diversity of each actor's contacts (the actor excluded)",
    checks={"weight": check_bool, "missing": check_missing},
    permutation=ego_permutation,
    method=_DIVERSITY_METHOD,
    ego_blocks="ties",
)
def ego(g, attribute: str, *, measure: Any = "blau", weight: bool = False,
        missing: str = "error", **params: Any) -> pd.Series:
    r"""Diversity of each actor's contacts (ego-network heterogeneity).

    Supported graphs: undirected and directed, weighted or not, affiliation
    graphs (their projected ties); networkx and igraph graphs.

    Parameters
    ----------
    g : CollaborationGraph, networkx.Graph or igraph.Graph
    attribute : str
        A categorical actor attribute.
    measure : str or callable, default "blau"
        As for :func:`composition`.
    weight : bool, default False
        Count each contact once (False) or by the strength of the tie (True).
    missing : {"error", "drop", "own-group"}
        Actors with no value: an error; not counted as anyone's contact; or
        each a category of its own.
    **params
        Parameters of the measure, as for :func:`composition`.

    Returns
    -------
    Series
        Indexed by actor in graph order, named after the measure. NaN for
        isolates (and for actors all of whose contacts were dropped).

    Raises
    ------
    ClusternetError
        As for :func:`composition`.

    See Also
    --------
    portfolio : co-members over all shared events, from the incidence.
    composition, events

    Notes
    -----
    Actor :math:`i`'s counts are :math:`x_{ic} = \sum_j w_{ij} [a_j = c]`, one
    sparse product :math:`X = W H` of the adjacency (binary, or weighted
    with ``weight=True``) with the actors x categories one-hot matrix
    :math:`H`. Ego is excluded (the graph has no self-loops), so ego's own
    category counts only through its contacts. Directed graphs: contacts in
    either direction, :math:`W = A + A^\top` (a mutual tie counts its two
    weights; binary: a contact counts once). Ties dropped when the graph was
    built (``min_weight``) are not contacts.

    Memory: :math:`X` is built and measured one block of actors at a time
    (about :math:`2^{20}` stored ties each), so the working memory added to
    the graph's is bounded (tens of MB) whatever its size, and the values do
    not depend on the blocks. Undirected graphs are read in place; a
    directed graph's :math:`A + A^\top` is a new matrix the size of the
    graph.

    References
    ----------
    .. [1] Marsden, P. V. (1987). Core discussion networks of Americans.
       American Sociological Review 52(1), 122-131.
       https://doi.org/10.2307/2095397
    .. [2] Harrison, D. A., & Klein, K. J. (2007). What's the difference?
       Diversity constructs as separation, variety, or disparity in
       organizations. Academy of Management Review 32(4), 1199-1228.
       https://doi.org/10.5465/amr.2007.26586096
    .. [3] Blau, P. M. (1977). Inequality and Heterogeneity. New York: Free
       Press. (Blau's index, the default measure.)
    .. [4] Jost, L. (2006). Entropy and diversity. Oikos 113(2), 363-375.
       https://doi.org/10.1111/j.2006.0030-1299.14714.x

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
    ...                   "event": ["film", "film", "film", "play", "play"]})
    >>> who = pd.DataFrame({"domain": ["art", "tech", "art", "finance"]},
    ...                    index=["ann", "bob", "cy", "dee"])
    >>> g = cn.from_affiliations(t, actors=who)
    >>> cn.diversity.ego(g, "domain")
    actor
    ann    0.500000
    bob    0.444444
    cy     0.500000
    dee    0.000000
    Name: blau, dtype: float64
    """
    g = as_graph(g)
    codes, groups = group_codes(g, attribute, missing=missing)
    index = resolve(measure, level_params(g, attribute, missing, params), groups)
    contact_counts = row_product(contacts(g, weight), len(groups))
    s = actor_series(g, ego_diversity(contact_counts, codes, groups, index), index.name)
    return label(s, "diversity.ego",
                 _provenance(attribute, index, missing, params, weight=weight))


def _team_permutation(g, attribute: str, **options: Any) -> Any:
    """The permutation kernel of :func:`events`; refused for a participation
    attribute, whose rows a permutation of actor values would not follow."""
    if attribute in as_graph(g).participation_attributes:
        raise ClusternetError(
            f"{attribute!r} is a participation attribute (one value per row): a permutation "
            "test permutes actor values and does not apply to it yet; test an actor attribute"
        )
    return team_permutation(g, attribute, **options)


@measure(
    family="diversity",
    levels={"event": "Series"},
    references=("blau1977", "jost2006"),
    summary="diversity of each event's team",
    needs_events=True,
    checks={"weight": check_bool, "missing": check_missing},
    permutation=_team_permutation,
    method=_DIVERSITY_METHOD,
)
def events(g, attribute: str, *, measure: Any = "blau", weight: bool = False,
           missing: str = "error", **params: Any) -> pd.Series:
    r"""Diversity of each team: the actor categories of each event's members.

    Supported graphs: affiliation graphs (built with
    :func:`~clusternet.from_affiliations`).

    Parameters
    ----------
    g : CollaborationGraph
        With an incidence (actors x events).
    attribute : str
        A categorical actor attribute, or a participation attribute
        (``participation_attributes=`` of
        :func:`~clusternet.from_affiliations`): then each member counts
        with its value in that event, and ``missing`` applies to
        participations.
    measure : str or callable, default "blau"
        As for :func:`composition`.
    weight : bool, default False
        Count each member once (False) or by its participation weight (True).
    missing : {"error", "drop", "own-group"}
        Members with no value: an error; not counted; or each a category of
        its own.
    **params
        Parameters of the measure, as for :func:`composition`.

    Returns
    -------
    Series
        Indexed by event (the index of ``g.events``), named after the
        measure; NaN for an event none of whose members has a value.

    Raises
    ------
    ClusternetError
        The graph has no events; otherwise as for :func:`composition`.

    See Also
    --------
    clusternet.convergence.hybrid_events : whether each team spans groups.
    ego, portfolio

    Notes
    -----
    Event :math:`e`'s counts are :math:`x_{ec} = \sum_i B_{ie} [a_i = c]`,
    one sparse product :math:`X = B^\top H` of the incidence (binary, or
    participation weights with ``weight=True``) with the one-hot attribute
    matrix. The members are those in the graph: after
    :meth:`~clusternet.CollaborationGraph.subgraph`, the chosen actors only
    (while ``g.events["size"]`` keeps the original team size).

    References
    ----------
    .. [1] Harrison, D. A., & Klein, K. J. (2007). What's the difference?
       Diversity constructs as separation, variety, or disparity in
       organizations. Academy of Management Review 32(4), 1199-1228.
       https://doi.org/10.5465/amr.2007.26586096
    .. [2] Blau, P. M. (1977). Inequality and Heterogeneity. New York: Free
       Press. (Blau's index, the default measure.)
    .. [3] Jost, L. (2006). Entropy and diversity. Oikos 113(2), 363-375.
       https://doi.org/10.1111/j.2006.0030-1299.14714.x

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
    ...                   "event": ["film", "film", "film", "play", "play"]})
    >>> who = pd.DataFrame({"domain": ["art", "tech", "art", "finance"]},
    ...                    index=["ann", "bob", "cy", "dee"])
    >>> g = cn.from_affiliations(t, actors=who)
    >>> cn.diversity.events(g, "domain", measure="richness")
    event
    film    2.0
    play    2.0
    Name: richness, dtype: float64
    """
    g = as_graph(g)
    B = incidence(g, "events")
    if attribute in g.participation_attributes:
        # One row per participation, with its own value (sector on that paper).
        codes, groups = value_codes(g.participation_attribute(attribute), attribute,
                                    missing=missing, unit="participation")
        B = sp.csr_array((B.data, B.indices, np.arange(B.nnz + 1)), shape=(B.nnz, B.shape[1]))
    else:
        codes, groups = group_codes(g, attribute, missing=missing)
    index = resolve(measure, level_params(g, attribute, missing, params), groups)
    values = team_values(memberships(B, weight), codes, groups, index)
    s = pd.Series(values, index=g.events.index.copy(), name=index.name)
    return label(s, "diversity.events",
                 _provenance(attribute, index, missing, params, weight=weight))


@measure(
    family="diversity",
    levels={"actor": "Series"},
    references=("blau1977", "jost2006"),
    summary="diversity of the categories of the events (or contacts) an actor took part in",
    checks={"weight": check_bool, "missing": check_missing},
    method=_DIVERSITY_METHOD,
)
def portfolio(g, attribute: str, *, measure: Any = "blau", weight: bool = False,
              source: str = "auto", missing: str = "error", **params: Any) -> pd.Series:
    r"""Diversity of each actor's portfolio: the categories of the events it
    took part in, or of its co-members in them.

    Supported graphs: affiliation graphs (built with
    :func:`~clusternet.from_affiliations`).

    Parameters
    ----------
    g : CollaborationGraph
        With an incidence (actors x events).
    attribute : str
        An **event** attribute (genre, programme, sector of a project: given
        with ``from_affiliations(..., events=table)``) or an **actor**
        attribute (the categories of the co-members).
    measure : str or callable, default "blau"
        As for :func:`composition`.
    weight : bool, default False
        Count each participation once (False) or by its weight (True).
    source : {"auto", "event", "actor"}
        Where ``attribute`` is read: ``"auto"`` takes the table that has it
        and refuses when both do.
    missing : {"error", "drop", "own-group"}
        Events (or co-members) with no value: an error; not counted; or
        each a category of its own.
    **params
        Parameters of the measure, as for :func:`composition`.

    Returns
    -------
    Series
        Indexed by actor in graph order; NaN for actors with no counted
        event (or co-member).

    Raises
    ------
    ClusternetError
        The graph has no events, the attribute is in neither (or, with
        ``source="auto"``, both) tables; otherwise as for :func:`composition`.

    See Also
    --------
    ego, events
    disparity_from_cooccurrence : disparity between event categories.

    Notes
    -----
    With an event attribute, actor :math:`i`'s counts are its events by
    category, :math:`x_{ic} = \sum_e B_{ie} [a_e = c]` (:math:`X = B E`, with
    :math:`E` the events x categories one-hot matrix). With an actor
    attribute, they are its co-members over all its events, ego excluded and
    a co-member counted once per shared event:
    :math:`x_{ic} = \sum_e B_{ie} (\sum_{j \ne i} B_{je} [a_j = c])`, computed
    as :math:`B (B^\top H)` less ego's own term -- equal to :func:`ego` with
    ``weight=True`` on a ``projection="count"`` graph, but from the incidence
    whatever the projection.

    References
    ----------
    .. [1] Stirling, A. (2007). A general framework for analysing diversity
       in science, technology and society. Journal of the Royal Society
       Interface 4(15), 707-719. https://doi.org/10.1098/rsif.2007.0213
    .. [2] Blau, P. M. (1977). Inequality and Heterogeneity. New York: Free
       Press. (Blau's index, the default measure.)
    .. [3] Jost, L. (2006). Entropy and diversity. Oikos 113(2), 363-375.
       https://doi.org/10.1111/j.2006.0030-1299.14714.x

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
    ...                   "event": ["film", "film", "film", "play", "play"]})
    >>> shows = pd.DataFrame({"genre": ["drama", "comedy"]}, index=["film", "play"])
    >>> g = cn.from_affiliations(t, events=shows)
    >>> cn.diversity.portfolio(g, "genre", measure="richness")
    actor
    ann    1.0
    bob    2.0
    cy     1.0
    dee    1.0
    Name: richness, dtype: float64
    """
    g = as_graph(g)
    B = incidence(g, "portfolio")
    where = source_of(g, attribute, source)
    if where == "event":
        codes, groups = event_codes(g, attribute, missing)
    else:
        codes, groups = group_codes(g, attribute, missing=missing)
    index = resolve(measure, level_params(g, attribute, missing, params, source=where), groups)
    if where == "event":
        X = row_counts(memberships(B, weight), codes, len(groups))
    else:
        X = _co_member_counts(B if weight else binary(B), codes, len(groups))
    s = actor_series(g, diversity_of(X, groups, index), index.name)
    return label(s, "diversity.portfolio",
                 _provenance(attribute, index, missing, params, weight=weight, source=where))


# ------------------------------------------------------------------ helpers
def _co_member_counts(B: sp.csr_array, codes: np.ndarray, k: int) -> sp.csr_array:
    """``x_ic = sum_e B_ie sum_{j != i} B_je [a_j = c]`` (ego's own term removed
    exactly, entry by entry, rather than subtracted from the total)."""
    B = kern.as_csr_counts(B)  # explicit zeros out: every stored entry is positive
    T = kern.onehot_product_t(B.indptr, B.indices, B.data, B.shape[1], codes, k)  # events x k
    X = kern.as_csr_counts(B @ T)
    rows = np.repeat(np.arange(B.shape[0], dtype=np.int64), np.diff(B.indptr))
    c = codes[rows]
    has = c >= 0
    rows, ev, b, c = rows[has], B.indices[has].astype(np.int64), B.data[has], c[has]
    # T[e, c_i] for each participation (i, e)
    t_rows = np.repeat(np.arange(T.shape[0], dtype=np.int64), np.diff(T.indptr))
    t_key = t_rows * k + T.indices
    t_pos = np.minimum(np.searchsorted(t_key, ev * k + c), max(len(t_key) - 1, 0))
    t_val = np.where(t_key[t_pos] == ev * k + c, T.data[t_pos], b) if len(t_key) else b
    own = np.bincount(rows, weights=b * (t_val - b), minlength=B.shape[0])
    # overwrite X[i, c_i] with the co-member count
    x_rows = np.repeat(np.arange(X.shape[0], dtype=np.int64), np.diff(X.indptr))
    x_key = x_rows * k + X.indices
    actors = np.unique(rows)
    target = actors * k + codes[actors]
    pos = np.minimum(np.searchsorted(x_key, target), max(len(x_key) - 1, 0))
    found = x_key[pos] == target if len(x_key) else np.zeros(0, dtype=bool)
    data = X.data.copy()
    data[pos[found]] = np.maximum(own[actors[found]], 0.0)
    X = sp.csr_array((data, X.indices, X.indptr), shape=X.shape)
    X.eliminate_zeros()
    return X


def _provenance(attribute: str, index: Index, missing: str, raw: dict[str, Any] | None = None,
                **extra: Any) -> dict[str, Any]:
    out = {"attribute": attribute, "measure": index.name, **index.params, "missing": missing}
    for k, v in (raw or {}).items():
        if isinstance(v, str):
            out[k] = v
    out.update(extra)
    for k, v in list(out.items()):
        if isinstance(v, (pd.DataFrame, np.ndarray)):
            out[k] = describe_matrix(v)
    return out
