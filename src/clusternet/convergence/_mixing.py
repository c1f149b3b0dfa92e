"""Mixing between groups: mixing matrix, E-I, assortativity, Coleman, Freeman,
relative intensity."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels.adjacency import induced
from .._kernels.mixing import (
    _ratio,
    actor_ei_from_csr,
    actor_expected_ei,
    assortativity_from_mixing,
    coleman_from_mixing,
    ei_from_mixing,
    expected_ei,
    freeman_from_mixing,
    group_ei_from_mixing,
    group_expected_ei,
    nominal_assortativity_csr,
    normalized_mixing,
    numeric_assortativity_csr,
    relative_intensity_from_mixing,
)
from .._registry import measure
from .._results import actor_series, group_codes, label
from .._validation import check_bool, check_missing, is_numeric
from ..errors import ClusternetError, ClusternetWarning
from ._common import Mixing, prepare, warn_undefined
from ._permutation import (
    assortativity_permutation,
    coleman_permutation,
    ei_permutation,
    expected_ei_permutation,
    freeman_permutation,
    mixing_matrix_permutation,
    relative_intensity_permutation,
)

__all__ = [
    "assortativity",
    "coleman_homophily",
    "ei_index",
    "expected_ei_index",
    "freeman_segregation",
    "mixing_matrix",
    "relative_intensity",
]


@measure(
    family="convergence",
    levels={"group": "DataFrame"},
    references=("newman2003",),
    summary="ties (or tie weight) between each pair of groups",
    permutation=mixing_matrix_permutation,
    checks={"weight": check_bool, "normalized": check_bool, "missing": check_missing},
    method=lambda ctx: (
        "The mixing matrix counts ties between each pair of groups; on its diagonal each "
        "within-group tie counts once" + (" (rows: the sender's group)" if ctx["directed"]
                                          else "") + "."),
)
def mixing_matrix(
    g: Any,
    attribute: str,
    *,
    weight: bool = False,
    normalized: bool = False,
    missing: str = "error",
) -> pd.DataFrame:
    r"""Ties between and within the groups of a categorical actor attribute.

    Supports undirected and directed graphs, weighted or not, affiliation
    graphs (their projected actor network).

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Categorical actor attribute defining the groups.
    weight : bool, default False
        Sum tie weights instead of counting ties.
    normalized : bool, default False
        Return Newman's :math:`e_{xy}` (sums to 1) instead of counts.
    missing : {"error", "drop", "own-group"}
        Actors without a value: raise naming them; leave them and their
        ties out; or put each in a group of its own.

    Returns
    -------
    pandas.DataFrame
        Groups x groups (index and columns named ``attribute``, in sorted
        order of the values). Directed graphs: rows are the sender's group.

    Raises
    ------
    ClusternetError
        Unknown attribute, missing values with ``missing="error"``, bad
        options.

    See Also
    --------
    relative_intensity : the same table divided by its expectation.

    Notes
    -----
    Undirected: :math:`M_{xy} = M_{yx}` is the number (total weight) of ties
    with one end in :math:`x` and the other in :math:`y`; the diagonal
    :math:`M_{xx}` counts each within-group tie **once**, so the ties add up
    to :math:`\sum_{x \le y} M_{xy}`. networkx's ``attribute_mixing_matrix``
    counts every undirected tie in both directions, so its raw diagonal is
    twice ours (its normalized matrix equals ours).

    Normalized (Newman 2003, eq. 1): :math:`e_{xx} = M_{xx}/L` and, for
    :math:`x \ne y`, :math:`e_{xy} = e_{yx} = M_{xy} / (2L)` (the between-group
    mass split evenly), :math:`L` the number of ties; directed:
    :math:`e_{xy} = M_{xy}/L`. NaN everywhere when there are no ties.

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. Physical
       Review E 67, 026126. https://doi.org/10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "domain": ["art", "art", "tech", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.convergence.mixing_matrix(g, "domain")
    domain  art  tech
    domain
    art     1.0   2.0
    tech    2.0   2.0
    """
    mix = prepare(g, attribute, weight=weight, missing=missing)
    M = mix.matrix()
    if normalized:
        warn_undefined("mixing_matrix(normalized=True)", mix, groups=False)
        M = normalized_mixing(M, directed=mix.directed)
    df = pd.DataFrame(M, index=mix.groups.copy(), columns=mix.groups.copy())
    df.index.name = attribute
    df.columns.name = attribute
    return label(
        df,
        "mixing_matrix",
        {"attribute": attribute, "weight": weight, "normalized": normalized,
         "missing": missing, "directed": mix.directed},
    )


@measure(
    family="convergence",
    levels={"network": "float", "group": "Series", "actor": "Series"},
    level_param="level",
    references=("krackhardt1988",),
    summary="(between - within) / all ties: -1 all within groups, +1 all between",
    permutation=ei_permutation,
    checks={"weight": check_bool, "missing": check_missing},
    ego_blocks="ties",
    method=(
        "The E-I index [krackhardt1988] is (E - I)/(E + I), E the ties between groups and "
        "I those within, from -1 (all within) to +1 (all between); per actor, over its "
        "own ties (NaN without ties); per group, over the ties with an end in the group."),
)
def ei_index(
    g: Any,
    attribute: str,
    *,
    level: str = "network",
    weight: bool = False,
    missing: str = "error",
) -> float | pd.Series:
    r"""Krackhardt and Stern's E-I index: external minus internal ties over all ties.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Categorical actor attribute defining the groups.
    level : {"network", "group", "actor"}
        The whole graph; each group (the ties with at least one end in it);
        each actor (its own ties).
    weight : bool, default False
        Sum tie weights instead of counting ties.
    missing : {"error", "drop", "own-group"}
        Actors without a value: raise naming them; leave them and their
        ties out (NaN at actor level); or give each its own group.

    Returns
    -------
    float or pandas.Series
        A float at network level; a Series by group or by actor (graph
        order) named ``ei_index`` otherwise. NaN where a unit has no tie, and
        everywhere (with a :class:`ClusternetWarning`) when there are fewer
        than two groups or no ties.

    Raises
    ------
    ClusternetError
        Unknown attribute or level, missing values with ``missing="error"``.

    See Also
    --------
    expected_ei_index : the E-I index if every possible tie existed.

    Notes
    -----
    .. math:: EI = \frac{E - I}{E + I}

    with :math:`E` the ties (or their weights) between actors of different
    groups and :math:`I` those within a group. It runs from -1 (all ties
    within groups) to +1 (all between). Group level: :math:`E_g` = ties
    joining a member of :math:`g` to a non-member, :math:`I_g` = ties
    between members. Actor level: the actor's own ties. Directed graphs:
    each arc counts once at network level; at group and actor level the
    arcs sent *and* received (a mutual pair counts twice).

    UCINET also prints a "rescaled" E-I; its help page (NETWORK>COHESION>E-I
    INDEX, http://www.analytictech.com/ucinet/help/hs4360.htm) says only that
    the range "may be restricted" for a given density and group sizes "and so
    it can be rescaled", without a formula, and no primary source defines it,
    so it is not offered here. The value under complete mixing is
    :func:`expected_ei_index`.

    References
    ----------
    .. [1] Krackhardt, D., & Stern, R. N. (1988). Informal networks and
       organizational crises: an experimental simulation. Social Psychology
       Quarterly 51(2), 123-140. https://doi.org/10.2307/2786835

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "domain": ["art", "art", "tech", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.convergence.ei_index(g, "domain")      # E = 2, I = 3
    -0.2
    >>> cn.convergence.ei_index(g, "domain", level="group").round(3)
    domain
    art     0.333
    tech    0.000
    Name: ei_index, dtype: float64
    >>> cn.convergence.ei_index(g, "domain", level="actor").round(3)
    actor
    ann    0.000
    bob    0.000
    cy     0.333
    dan   -1.000
    eve   -1.000
    Name: ei_index, dtype: float64
    """
    mix = prepare(g, attribute, weight=weight, missing=missing)
    params = {"attribute": attribute, "level": level, "weight": weight, "missing": missing,
              "directed": mix.directed}
    undefined = warn_undefined("ei_index", mix)
    if level == "network":
        return float("nan") if undefined else ei_from_mixing(mix.matrix(), directed=mix.directed)
    if level == "group":
        values = (
            np.full(mix.k, np.nan)
            if undefined
            else group_ei_from_mixing(mix.matrix(), directed=mix.directed)
        )
        return _group_series(values, mix, "ei_index", params)
    if undefined:
        values = np.full(mix.graph.n_actors, np.nan)
    else:
        a = mix.adj
        ext, inn = actor_ei_from_csr(a.indptr, a.indices, mix.kcodes, directed=mix.directed,
                                     data=mix.data)
        values = mix.scatter(_ratio(ext - inn, ext + inn))
    return actor_series(mix.graph, values, "ei_index", params)


@measure(
    family="convergence",
    levels={"network": "float", "group": "Series", "actor": "Series"},
    level_param="level",
    references=("krackhardt1988",),
    summary="the E-I index if every possible tie existed (group sizes only)",
    permutation=expected_ei_permutation,
    checks={"missing": check_missing},
    method=(
        "The expected E-I index if every possible tie existed, (E_max - I_max)/(E_max + "
        "I_max) [krackhardt1988], depends on group sizes only."),
)
def expected_ei_index(
    g: Any,
    attribute: str,
    *,
    level: str = "network",
    missing: str = "error",
) -> float | pd.Series:
    r"""The E-I index if every possible tie existed: the baseline set by group sizes.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Categorical actor attribute defining the groups.
    level : {"network", "group", "actor"}
    missing : {"error", "drop", "own-group"}
        As in :func:`ei_index`; dropped actors are not counted in the group
        sizes.

    Returns
    -------
    float or pandas.Series
        As in :func:`ei_index` (named ``expected_ei_index``); NaN with a
        :class:`ClusternetWarning` when there are fewer than two groups.

    Raises
    ------
    ClusternetError
        Unknown attribute, missing values with ``missing="error"``, bad
        options.

    Notes
    -----
    With :math:`n_g` actors in group :math:`g` (isolates included) and
    :math:`N = \sum_g n_g`:

    .. math::

        E_{max} = \sum_{g<h} n_g n_h, \quad
        I_{max} = \sum_g \frac{n_g (n_g - 1)}{2}, \quad
        EI_{max} = \frac{E_{max} - I_{max}}{E_{max} + I_{max}}.

    Group level: :math:`E = n_g (N - n_g)`, :math:`I = n_g (n_g - 1)/2`.
    Actor level: :math:`E = N - n_g`, :math:`I = n_g - 1`. Directed graphs
    double every count, so the values are the same. An observed E-I below
    this value means fewer between-group ties than complete (or random)
    mixing would give.

    References
    ----------
    .. [1] Krackhardt, D., & Stern, R. N. (1988). Informal networks and
       organizational crises: an experimental simulation. Social Psychology
       Quarterly 51(2), 123-140. https://doi.org/10.2307/2786835

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "domain": ["art", "art", "tech", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.convergence.expected_ei_index(g, "domain")   # E = 6, I = 1 + 3
    0.2
    """
    mix = prepare(g, attribute, weight=False, missing=missing)
    params = {"attribute": attribute, "level": level, "missing": missing}
    undefined = warn_undefined("expected_ei_index", mix, ties=False)
    if level == "network":
        return float("nan") if undefined else expected_ei(mix.sizes)
    if level == "group":
        values = np.full(mix.k, np.nan) if undefined else group_expected_ei(mix.sizes)
        return _group_series(values, mix, "expected_ei_index", params)
    if undefined:
        values = np.full(mix.graph.n_actors, np.nan)
    else:
        values = mix.scatter(actor_expected_ei(mix.sizes, mix.kcodes))
    return actor_series(mix.graph, values, "expected_ei_index", params)


@measure(
    family="convergence",
    levels={"network": "float"},
    references=("newman2003",),
    summary="Newman's assortativity coefficient r (0 = random mixing, 1 = perfect sorting)",
    permutation=assortativity_permutation,
    checks={"weight": check_bool, "missing": check_missing},
    method=(
        "Newman's (2003) assortativity coefficient [newman2003] is "
        "r = (sum_x e_xx - sum_x a_x b_x)/(1 - sum_x a_x b_x), with e_xy the share of tie "
        "ends joining groups x and y; 0 is random mixing, 1 perfect sorting. It is NaN "
        "with one group."),
)
def assortativity(
    g: Any,
    attribute: str,
    *,
    kind: str = "auto",
    weight: bool = False,
    missing: str = "error",
) -> float:
    r"""Newman's assortativity coefficient for a categorical or numeric attribute.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Actor attribute.
    kind : {"auto", "nominal", "numeric"}
        ``"auto"``: numeric when the column has a numeric dtype (not
        boolean, not categorical), nominal otherwise. Pass
        ``kind="nominal"`` for numbers that are category codes.
    weight : bool, default False
        Weight each tie by its weight.
    missing : {"error", "drop", "own-group"}
        Actors without a value: raise naming them; leave their ties out; or
        (nominal only) give each its own group.

    Returns
    -------
    float
        In [-1, 1]. NaN with a :class:`ClusternetWarning` when there are no
        ties, fewer than two groups (nominal), or no variance (numeric).

    Raises
    ------
    ClusternetError
        Unknown attribute or kind; a non-numeric column with
        ``kind="numeric"``; missing values with ``missing="error"``.

    Notes
    -----
    Nominal (Newman 2003, eq. 2), with :math:`e_{xy}` the normalized mixing
    matrix (see :func:`mixing_matrix`), :math:`a_x = \sum_y e_{xy}`,
    :math:`b_y = \sum_x e_{xy}`:

    .. math:: r = \frac{\sum_x e_{xx} - \sum_x a_x b_x}{1 - \sum_x a_x b_x}

    Numeric (eq. 21): the Pearson correlation of the values at the two ends
    of the ties; undirected ties enter in both orders, directed arcs as
    (sender value, receiver value) (eq. 26). Equal to networkx's
    ``attribute_assortativity_coefficient`` /
    ``numeric_assortativity_coefficient`` and igraph's
    ``assortativity_nominal`` / ``assortativity`` (with ``directed`` as the
    graph; tie weights as igraph's ``weights``).

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. Physical
       Review E 67, 026126. https://doi.org/10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> G = nx.karate_club_graph()
    >>> round(cn.convergence.assortativity(G, "club"), 5)   # Newman 2003 data
    0.71753
    """
    if kind not in ("auto", "nominal", "numeric"):
        raise ClusternetError(f"unknown kind={kind!r}; choose 'auto', 'nominal' or 'numeric'")
    g = as_graph(g)
    column = g.attribute(attribute)
    if kind == "auto":
        kind = "numeric" if is_numeric(column) else "nominal"
    if kind == "nominal":
        codes, groups = group_codes(g, attribute, missing=missing)
        A = g.adjacency
        if not weight and len(groups) >= 2 and A.nnz > 0 and not (codes < 0).any():
            # the common case, from the counts alone (no mixing matrix); the
            # same bits as the general way below
            r = nominal_assortativity_csr(A.indptr, A.indices, codes, len(groups),
                                          directed=g.directed)
        else:
            mix = Mixing(g, attribute, codes, groups, weighted=bool(weight))
            if warn_undefined("assortativity", mix):
                return float("nan")
            r = assortativity_from_mixing(mix.matrix(), directed=mix.directed)
        if np.isnan(r):
            _warn_nan("assortativity", "all tie ends are in one group")
        return r
    return _numeric_assortativity(g, attribute, column, weight=bool(weight), missing=missing)


@measure(
    family="convergence",
    levels={"group": "Series"},
    references=("coleman1958", "bojanowski2014"),
    summary="Coleman's homophily index per group (0 = as chance, 1 = all ties within)",
    permutation=coleman_permutation,
    checks={"weight": check_bool, "missing": check_missing},
    method=(
        "Coleman's (1958) homophily index per group [coleman1958], in the form of R "
        "netseg: with d_g the tie ends of group g, w_gg its within-group tie ends and "
        "E_g = d_g (n_g - 1)/(N - 1), H_g = (w_gg - E_g)/(d_g - E_g) when w_gg > E_g, "
        "else (w_gg - E_g)/E_g."),
)
def coleman_homophily(
    g: Any,
    attribute: str,
    *,
    weight: bool = False,
    missing: str = "error",
) -> pd.Series:
    r"""Coleman's homophily index of each group, in the exact form of R netseg.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Categorical actor attribute defining the groups.
    weight : bool, default False
    missing : {"error", "drop", "own-group"}

    Returns
    -------
    pandas.Series
        By group, named ``coleman_homophily``, in [-1, 1]: 0 when a group's
        members choose each other as often as random choice would make them,
        1 when they choose only each other. NaN for a group without ties and
        for a group of one member (no tie can fall within it, and none is
        expected), with a :class:`ClusternetWarning` naming them; NaN
        everywhere (with a warning) when there are fewer than two groups.

    Raises
    ------
    ClusternetError
        Unknown attribute, missing values with ``missing="error"``, bad
        options.

    Notes
    -----
    On the directed mixing matrix (an undirected tie counts once in each
    direction, so :math:`w_{gg}` is twice the within-group ties and
    :math:`d_g` the sum of the group's degrees), with :math:`n_g` actors in
    group :math:`g` and :math:`N` in all:

    .. math::

        E_g = d_g \frac{n_g - 1}{N - 1}, \qquad
        H_g = \begin{cases}
        \dfrac{w_{gg} - E_g}{d_g - E_g} & w_{gg} > E_g \\[1ex]
        \dfrac{w_{gg} - E_g}{E_g} & \text{otherwise.}
        \end{cases}

    This is ``netseg::coleman`` (Bojanowski); checked on its table
    ``[[45, 15], [20, 20]]`` with sizes 60/40 (0.38125, 0.175).

    References
    ----------
    .. [1] Coleman, J. S. (1958). Relational analysis: the study of social
       organizations with survey methods. Human Organization 17(4), 28-36.
       https://doi.org/10.17730/humo.17.4.q5604m676260q8n7
    .. [2] Bojanowski, M., & Corten, R. (2014). Measuring segregation in
       social networks. Social Networks 39, 14-32.
       https://doi.org/10.1016/j.socnet.2014.04.001

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "domain": ["art", "art", "tech", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.convergence.coleman_homophily(g, "domain").round(4)  # (2-1)/(4-1), (4-3)/(6-3)
    domain
    art     0.3333
    tech    0.3333
    Name: coleman_homophily, dtype: float64
    """
    mix = prepare(g, attribute, weight=weight, missing=missing)
    params = {"attribute": attribute, "weight": weight, "missing": missing,
              "directed": mix.directed}
    if warn_undefined("coleman_homophily", mix):
        values = np.full(mix.k, np.nan)
    else:
        M = mix.matrix()
        values = coleman_from_mixing(M, mix.sizes, directed=mix.directed)
        _warn_nan_groups(values, mix, M)
    return _group_series(values, mix, "coleman_homophily", params)


@measure(
    family="convergence",
    levels={"network": "float"},
    references=("freeman1978", "bojanowski2014"),
    summary="Freeman's segregation: 1 - between-group ties / their number at random",
    permutation=freeman_permutation,
    checks={"weight": check_bool, "missing": check_missing},
    method=(
        "Freeman's (1978) segregation index [freeman1978, bojanowski2014] is "
        "S = (E[X] - X)/E[X], X the between-group ties and E[X] = L(N^2 - sum n_g^2)/"
        "(N(N-1)) their number in a random graph; it is not truncated at 0."),
)
def freeman_segregation(
    g: Any,
    attribute: str,
    *,
    weight: bool = False,
    missing: str = "error",
) -> float:
    r"""Freeman's segregation index: the shortfall of between-group ties
    against random placement, without truncation.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Categorical actor attribute defining the groups.
    weight : bool, default False
    missing : {"error", "drop", "own-group"}

    Returns
    -------
    float
        At most 1 (no between-group tie); 0 when between-group ties are as
        many as random placement gives; negative when more (not truncated at
        0, unlike Freeman's original). NaN with a warning when there are
        fewer than two groups or no ties.

    Raises
    ------
    ClusternetError
        Unknown attribute, missing values with ``missing="error"``, bad
        options.

    Notes
    -----
    With :math:`L` ties, :math:`X` of them between groups, :math:`n_g`
    actors in group :math:`g` (isolates included) and :math:`N` in all:

    .. math::

        S = \frac{E[X] - X}{E[X]}, \qquad
        E[X] = L \, \frac{N^2 - \sum_g n_g^2}{N (N - 1)}.

    Directed graphs use arcs for :math:`L` and :math:`X` (the share of
    between-group ordered pairs is the same). This is the generalisation of
    Bojanowski & Corten (2014), as in ``netseg::freeman``.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Segregation in social networks.
       Sociological Methods & Research 6(4), 411-429.
       https://doi.org/10.1177/004912417800600401
    .. [2] Bojanowski, M., & Corten, R. (2014). Measuring segregation in
       social networks. Social Networks 39, 14-32.
       https://doi.org/10.1016/j.socnet.2014.04.001

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "domain": ["art", "art", "tech", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> round(cn.convergence.freeman_segregation(g, "domain"), 4)  # E[X] = 3
    0.3333
    """
    mix = prepare(g, attribute, weight=weight, missing=missing)
    if warn_undefined("freeman_segregation", mix):
        return float("nan")
    return float(freeman_from_mixing(mix.matrix(), mix.sizes, directed=mix.directed))


@measure(
    family="convergence",
    levels={"group": "DataFrame"},
    references=("freeman1978",),
    summary="observed / expected ties between each pair of groups (1 = as chance)",
    permutation=relative_intensity_permutation,
    checks={"weight": check_bool, "missing": check_missing},
    method=(
        "Relative intensity divides each cell of the mixing matrix by the ties expected "
        "if the same number of ties were placed at random among actors: "
        "L n_x n_y / C(N,2) between groups x and y, L C(n_x,2) / C(N,2) within x, with L "
        "ties and N actors [freeman1978]. 1 means as many ties as chance."),
)
def relative_intensity(
    g: Any,
    attribute: str,
    *,
    weight: bool = False,
    missing: str = "error",
) -> pd.DataFrame:
    r"""Observed ties between each pair of groups over the ties expected if
    ties were placed at random among actors.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    attribute : str
        Categorical actor attribute defining the groups.
    weight : bool, default False
    missing : {"error", "drop", "own-group"}

    Returns
    -------
    pandas.DataFrame
        Groups x groups (rows = sender's group when directed). 1 = as many
        ties as chance placement gives, above 1 = more. NaN where no pair of
        actors can fall in the cell (the diagonal of a one-actor group), and
        everywhere when there are no ties.

    Raises
    ------
    ClusternetError
        Unknown attribute, missing values with ``missing="error"``, bad
        options.

    Notes
    -----
    With :math:`M` the mixing matrix (:func:`mixing_matrix`), :math:`L` the
    number (weight) of ties, :math:`n_x` the size of group :math:`x`
    (isolates included) and :math:`N` in all, undirected:

    .. math::

        R_{xy} = \frac{M_{xy}}{L \, n_x n_y / \binom{N}{2}}\ (x \ne y), \qquad
        R_{xx} = \frac{M_{xx}}{L \binom{n_x}{2} / \binom{N}{2}};

    directed: ordered pairs, :math:`L n_x n_y / (N(N-1))` and
    :math:`L n_x (n_x - 1) / (N (N-1))`. The expectation is that of a random
    graph with the same number of ties (the null of Freeman's index; the
    "density ratio" of block models).

    References
    ----------
    .. [1] Freeman, L. C. (1978). Segregation in social networks.
       Sociological Methods & Research 6(4), 411-429.
       https://doi.org/10.1177/004912417800600401
    .. [2] Bojanowski, M., & Corten, R. (2014). Measuring segregation in
       social networks. Social Networks 39, 14-32.
       https://doi.org/10.1016/j.socnet.2014.04.001

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["ann", "ann", "bob", "cy", "dan"],
    ...                      "target": ["bob", "cy", "cy", "dan", "eve"]})
    >>> actors = pd.DataFrame({"actor": ["ann", "bob", "cy", "dan", "eve"],
    ...                        "domain": ["art", "art", "tech", "tech", "tech"]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> cn.convergence.relative_intensity(g, "domain").round(3)
    domain    art   tech
    domain
    art     2.000  0.667
    tech    0.667  1.333
    """
    mix = prepare(g, attribute, weight=weight, missing=missing)
    warn_undefined("relative_intensity", mix, groups=False)
    M = mix.matrix()
    R = relative_intensity_from_mixing(M, mix.sizes, directed=mix.directed)
    df = pd.DataFrame(R, index=mix.groups.copy(), columns=mix.groups.copy())
    df.index.name = attribute
    df.columns.name = attribute
    return label(
        df,
        "relative_intensity",
        {"attribute": attribute, "weight": weight, "missing": missing,
         "directed": mix.directed},
    )


# --------------------------------------------------------------------- helpers
def _group_series(values: np.ndarray, mix: Mixing, name: str, params: dict) -> pd.Series:
    s = pd.Series(np.asarray(values, dtype=np.float64), index=mix.groups.copy(), name=name)
    s.index.name = mix.attribute
    return label(s, name, params)


def _numeric_assortativity(g, attribute: str, column: pd.Series, *, weight: bool,
                           missing: str) -> float:
    if missing == "own-group":
        raise ClusternetError(
            f"missing='own-group' gives groups, not numbers: attribute {attribute!r} is "
            "numeric; pass missing='drop', or kind='nominal' to treat its values as groups"
        )
    if not is_numeric(column):
        raise ClusternetError(
            f"kind='numeric' needs a numeric attribute, but {attribute!r} has dtype "
            f"{column.dtype}; pass kind='nominal'"
        )
    x = column.to_numpy(dtype=np.float64, na_value=np.nan)
    A = g.adjacency
    if not np.isfinite(x).all():  # one pass in the common case: every value finite
        na = np.isnan(x)
        if na.any() and missing == "error":
            who = list(g.actor_ids[na][:5])
            raise ClusternetError(
                f"{int(na.sum())} actor(s) have no value for {attribute!r}, e.g. {who!r}; "
                "pass missing='drop' to leave them out"
            )
        if not np.isfinite(x[~na]).all():
            raise ClusternetError(f"attribute {attribute!r} has infinite values")
        if na.any():
            known = np.flatnonzero(~na)
            A, x = induced(A, known), x[known]
    r = numeric_assortativity_csr(A, x, directed=g.directed, weighted=bool(weight))
    if np.isnan(r):
        warnings.warn(
            f"assortativity: no ties between actors with a value of {attribute!r}, or no "
            "variance of the values at the tie ends; the coefficient is NaN",
            ClusternetWarning,
            stacklevel=3,
        )
    return float(r)


def _warn_nan_groups(values: np.ndarray, mix: Mixing, M: np.ndarray) -> None:
    """Coleman's index is NaN for a group of one member (``E_g = 0`` and no
    tie within it) and for a group without ties (``d_g = 0``): say which."""
    nan = np.isnan(np.asarray(values, dtype=np.float64))
    if not nan.any():
        return
    sizes = np.asarray(mix.sizes)
    ends = np.asarray(M).sum(axis=1) + (0 if mix.directed else np.diag(np.asarray(M)))
    parts = []
    for mask, why in ((nan & (sizes == 1), "one member: no tie can fall within it"),
                      (nan & (sizes != 1) & (ends == 0),
                       "no ties sent" if mix.directed else "no ties")):
        if mask.any():
            names = ", ".join(repr(mix.groups[i]) for i in np.flatnonzero(mask)[:5])
            more = f" and {int(mask.sum()) - 5} more" if mask.sum() > 5 else ""
            parts.append(f"{names}{more} ({why})")
    warnings.warn(
        f"coleman_homophily: the index is undefined (NaN) for group(s) of {mix.attribute!r}: "
        f"{'; '.join(parts) or 'undefined values'}",
        ClusternetWarning,
        stacklevel=4,
    )


def _warn_nan(measure: str, why: str) -> None:
    warnings.warn(f"{measure}: {why}; the measure is NaN", ClusternetWarning, stacklevel=3)


