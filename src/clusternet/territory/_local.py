"""The share of ties within one place (city, region, country), and its
expectation under label permutation."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._kernels.mixing import (
    _ratio,
    actor_ei_from_csr,
    expected_ei_counts,
    mixing_from_csr,
    tie_total,
)
from .._registry import Permutation, measure
from .._results import actor_series, label
from .._validation import check_bool, check_missing
from ..convergence._common import Mixing, prepare, sorted_groups
from ..errors import ClusternetWarning

__all__ = ["expected_local_share", "local_share"]


def _known(mix: Mixing, codes: np.ndarray) -> np.ndarray:
    """``codes`` (graph order) restricted to the actors of ``mix.adj``."""
    return codes if mix.known is None else codes[mix.known]


def _shares(mix: Mixing, codes: np.ndarray, *, level: str) -> np.ndarray:
    """The local share at ``level`` for the actors' place ``codes`` (graph
    order): the one computation of the measure and of its permutation kernel.

    The within-place share of Krackhardt and Stern's E-I counts,
    :math:`I / (I + E) = (1 - EI) / 2`, from the mixing kernels: each
    actor's internal and external ties at actor level, the mixing matrix
    :math:`M` at network and place level (place :math:`g`: :math:`I_g =
    M_{gg}` over the ties with an end in :math:`g`, arcs sent and received
    when directed)."""
    kc = _known(mix, codes)
    a = mix.adj
    if level == "actor":
        ext, inn = actor_ei_from_csr(a.indptr, a.indices, kc, directed=mix.directed,
                                     data=mix.data)
        return mix.scatter(_ratio(inn, ext + inn))
    M = mixing_from_csr(a.indptr, a.indices, kc, mix.k, directed=mix.directed, data=mix.data)
    if level == "network":
        return np.array([float(_ratio(np.trace(M), tie_total(M, directed=mix.directed)))])
    internal = np.diag(M)
    touching = M.sum(axis=1) + M.sum(axis=0) - internal if mix.directed else M.sum(axis=1)
    return _ratio(internal, touching)


def _local_permutation(g: Any, attribute: str, *, level: str = "network", weight: bool = False,
                       missing: str = "error") -> Permutation | None:
    """Permutation kernel of :func:`local_share`: the codes move, the ties
    stay; each draw runs :func:`_shares`, the measure's own computation."""
    mix = prepare(g, attribute, weight=weight, missing=missing)
    if mix.k == 0 or not sorted_groups(mix):
        return None

    def statistic(values: np.ndarray) -> np.ndarray:
        return np.asarray(_shares(mix, values, level=level), dtype=np.float64).reshape(-1)

    return Permutation(values=mix.codes.copy(), statistic=statistic)


def _expected_permutation(g: Any, attribute: str, *, level: str = "network",
                          missing: str = "error") -> Permutation | None:
    """Kernel of :func:`expected_local_share`: place sizes do not move under a
    permutation, so every draw gives the observed value (per place and actor
    the values move with the codes)."""
    mix = prepare(g, attribute, weight=False, missing=missing)
    if mix.k == 0 or not sorted_groups(mix):
        return None

    def statistic(values: np.ndarray) -> np.ndarray:
        return np.asarray(_expected(mix, values, level=level), dtype=np.float64).reshape(-1)

    return Permutation(values=mix.codes.copy(), statistic=statistic)


@measure(
    family="territory",
    levels={"network": "float", "group": "Series", "actor": "Series"},
    level_param="level",
    references=("boschma2005", "agrawal2008", "balland2012"),
    summary="share of ties (or tie weight) joining two actors of the same place",
    permutation=_local_permutation,
    checks={"weight": check_bool, "missing": check_missing},
    method=(
        "The local share is the share of ties whose two actors are in the same place "
        "(geographical proximity [boschma2005]; same-area ties as in [agrawal2008] and "
        "[balland2012]), network-wide, per place (the ties with an end there) and per "
        "actor (its own ties); its baseline is the same-place share of all possible "
        "pairs."),
)
def local_share(
    g: Any,
    attribute: str,
    *,
    level: str = "network",
    weight: bool = False,
    missing: str = "error",
) -> float | pd.Series:
    r"""The share of ties whose two actors are in the same place.

    The place is any categorical actor attribute: a city, a NUTS region, a
    country. To compare levels, pass another column (``"city"``, then
    ``"nuts2"``, then ``"country"``).

    Supports undirected and directed graphs, weighted or not, affiliation
    graphs (their projected actor network).

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        The place of each actor (a categorical actor attribute).
    level : {"network", "group", "actor"}
        The whole graph; each place (the ties with at least one end there);
        each actor (its own ties).
    weight : bool, default False
        Sum tie weights instead of counting ties.
    missing : {"error", "drop", "own-group"}
        Actors without a place: raise naming them; leave them and their
        ties out (NaN at actor level); or give each a place of its own (its
        ties then count as distant).

    Returns
    -------
    float or pandas.Series
        A float at network level; a Series by place or by actor (graph
        order) named ``local_share``. NaN where a unit has no tie, and (with
        a :class:`ClusternetWarning`) everywhere when no tie joins two
        actors with a place.

    Raises
    ------
    UnknownAttributeError
        ``attribute`` is not an actor attribute.
    ClusternetError
        Missing places with ``missing="error"``; bad options.

    See Also
    --------
    expected_local_share : the share if every possible tie existed.
    clusternet.convergence.ei_index : ``local_share = (1 - EI) / 2`` at every
        level, with the place as the group.

    Notes
    -----
    With :math:`L` the ties (or their total weight) among actors with a place
    and :math:`I` those whose two ends share a place,

    .. math:: S = \frac{I}{L}.

    Place :math:`g`: :math:`S_g = I_g / L_g` with :math:`L_g` the ties with
    at least one end in :math:`g`. Actor :math:`i`: the share of its own
    ties (or tie weight) that go to actors of its place. Directed graphs:
    each arc counts once at network level; at place and actor level the
    arcs sent and received. This is the within-group share of Krackhardt
    and Stern's E-I index, :math:`S = (1 - EI)/2`, read as geographical
    proximity (Boschma 2005 [1]_): the share of same-area ties of Agrawal,
    Kapur and McHale (2008) [2]_ and the geographical proximity term of
    Balland (2012) [3]_.

    Label permutation tests (:func:`clusternet.inference.permutation_test`
    with ``attribute`` the place) run on a kernel that recomputes the share
    from permuted place codes; its mean is :func:`expected_local_share` at
    network level.

    References
    ----------
    .. [1] Boschma, R. (2005). Proximity and innovation: a critical
       assessment. Regional Studies 39(1), 61-74.
       https://doi.org/10.1080/0034340052000320887
    .. [2] Agrawal, A., Kapur, D., & McHale, J. (2008). How do spatial and
       social proximity influence knowledge flows? Evidence from patent
       data. Journal of Urban Economics 64(2), 258-269.
       https://doi.org/10.1016/j.jue.2008.01.003
    .. [3] Balland, P.-A. (2012). Proximity and the evolution of
       collaboration networks: evidence from research and development
       projects within the global navigation satellite system (GNSS)
       industry. Regional Studies 46(6), 741-756.
       https://doi.org/10.1080/00343404.2010.529121

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "country": ["FR", "FR", "DE", "DE", "DE"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.territory.local_share(g, "country")      # 3 of 5 ties stay in a country
    0.6
    >>> cn.territory.local_share(g, "country", level="group").round(3)
    country
    DE    0.500
    FR    0.333
    Name: local_share, dtype: float64
    >>> cn.territory.expected_local_share(g, "country")   # (2*1 + 3*2) / (5*4)
    0.4
    """
    mix = prepare(g, attribute, weight=weight, missing=missing)
    params = {"attribute": attribute, "level": level, "weight": weight, "missing": missing,
              "directed": mix.directed}
    values = _shares(mix, mix.codes, level=level)
    if mix.adj.nnz == 0 or (weight and not (mix.adj.data != 0).any()):
        warnings.warn(
            f"local_share: no tie joins two actors with a value of {attribute!r}; the "
            "share is NaN",
            ClusternetWarning,
            stacklevel=2,
        )
    return _result(values, mix, level, "local_share", params)


def _expected(mix: Mixing, codes: np.ndarray, *, level: str) -> np.ndarray:
    kc = _known(mix, codes)
    # own places (missing="own-group") hold one actor each: no same-place pair
    sizes = np.bincount(kc, minlength=mix.k).astype(np.float64)
    N = float(len(kc))
    if level == "network":
        # the E-I index's possible pairs, between and within places
        e_max, i_max = expected_ei_counts(sizes)
        return np.array([float(_ratio(i_max, e_max + i_max))])
    if level == "group":
        return _ratio(sizes - 1.0, (sizes - 1.0) + 2.0 * (N - sizes))
    return mix.scatter(_ratio(sizes[kc] - 1.0, N - 1.0))


@measure(
    family="territory",
    levels={"network": "float", "group": "Series", "actor": "Series"},
    level_param="level",
    references=("boschma2005",),
    summary="the same-place share of all possible pairs: the local share's baseline",
    permutation=_expected_permutation,
    checks={"missing": check_missing},
    method=(
        "The expected local share is the same-place share of all possible pairs of actors "
        "(place sizes only), the mean of the local share when places are shuffled over "
        "the actors [boschma2005]."),
)
def expected_local_share(
    g: Any,
    attribute: str,
    *,
    level: str = "network",
    missing: str = "error",
) -> float | pd.Series:
    r"""The local share if ties fell on random pairs: its baseline under
    label permutation.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        The place of each actor (a categorical actor attribute).
    level : {"network", "group", "actor"}
    missing : {"error", "drop", "own-group"}
        As in :func:`local_share`; dropped actors do not count in the place
        sizes; own places hold one actor each.

    Returns
    -------
    float or pandas.Series
        As in :func:`local_share` (named ``expected_local_share``); NaN with
        fewer than two actors.

    Raises
    ------
    UnknownAttributeError, ClusternetError
        As :func:`local_share`.

    Notes
    -----
    With :math:`n_g` actors in place :math:`g` (isolates included) and
    :math:`N = \sum_g n_g`:

    - network: :math:`E[S] = \sum_g n_g (n_g - 1) / (N (N - 1))`, the
      same-place share of all possible pairs. This is the **exact** mean of
      the network local share over all permutations of the places among the
      actors that have one (``missing="error"`` or ``"drop"``), weighted or
      not, directed or not: every tie joins two distinct actors, and a
      uniform permutation puts them in one place with this probability.
      With ``missing="own-group"`` the ties of actors without a place are
      never local, so the exact mean is lower by their share of the ties.
    - place :math:`g`: :math:`(n_g - 1) / ((n_g - 1) + 2 (N - n_g))`, the
      share of same-place pairs among the possible pairs with an end in
      :math:`g` (as if every possible tie existed, as
      :func:`~clusternet.convergence.expected_ei_index`); not the mean of
      the ratio :math:`S_g`, whose numerator and denominator both vary.
    - actor :math:`i` in :math:`g`: :math:`(n_g - 1)/(N - 1)`, the exact
      mean of its share when its contacts' places are shuffled among the
      other actors (its own place held).

    References
    ----------
    .. [1] Boschma, R. (2005). Proximity and innovation: a critical
       assessment. Regional Studies 39(1), 61-74.
       https://doi.org/10.1080/0034340052000320887

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "country": ["FR", "FR", "DE", "DE", "DE"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.territory.expected_local_share(g, "country", level="actor")
    actor
    ann    0.25
    bob    0.25
    cy     0.50
    dan    0.50
    eve    0.50
    Name: expected_local_share, dtype: float64
    """
    mix = prepare(g, attribute, weight=False, missing=missing)
    params = {"attribute": attribute, "level": level, "missing": missing}
    return _result(_expected(mix, mix.codes, level=level), mix, level, "expected_local_share",
                   params)


def _result(values: np.ndarray, mix: Mixing, level: str, name: str,
            params: dict) -> float | pd.Series:
    """The float (network level) or the labelled Series by place or actor."""
    if level == "network":
        return float(values[0])
    if level == "actor":
        return actor_series(mix.graph, values, name, params)
    s = pd.Series(np.asarray(values, dtype=np.float64), index=mix.groups.copy(), name=name)
    s.index.name = mix.attribute
    return label(s, name, params)
