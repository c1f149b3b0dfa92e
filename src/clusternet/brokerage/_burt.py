"""Burt's structural-hole measures: constraint, effective size, efficiency, hierarchy."""

from __future__ import annotations

import numbers
import re
import textwrap
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels import _compiled
from .._kernels import brokerage as kernels
from .._registry import measure
from .._validation import check_bool
from ..errors import ClusternetError
from ._common import ego_positions, labelled_frame, labelled_series

__all__ = ["constraint", "effective_size", "efficiency", "hierarchy", "structural_holes"]

_BURT_METHOD = (
    "Burt's (1992) structural-hole measures [burt1992] use the tie weights: with "
    "m_ij = a_ij + a_ji and p_ij = m_ij / sum_k m_ik, constraint "
    "C_i = sum_j (p_ij + sum_q p_iq p_qj)^2 (q other than i and j); effective size "
    "sum_j [1 - sum_q p_iq m_jq / max_k m_jk]; efficiency = effective size / number of "
    "contacts; hierarchy = sum_j r_j ln r_j / (N ln N) with r_j = c_ij / (C_i / N) and "
    "N contacts. They are undefined (NaN) for isolates, and hierarchy also for actors "
    "with one contact.")

_MEASURES = ("constraint", "effective_size", "efficiency", "hierarchy")

# Shared by the five docstrings below.
_CONVENTIONS = """
    Conventions (as networkx, igraph and UCINET where they agree):

    - the contacts :math:`N(i)` of ``i`` are the actors tied to it in either
      direction; the mutual tie is :math:`m_{ij} = a_{ij} + a_{ji}` (for an
      undirected graph simply the tie weight: the factor 2 cancels);
    - ``weight=False`` counts every stored tie as 1 (a reciprocated directed
      pair then has :math:`m_{ij} = 2`); ``weight=True`` uses the stored
      weights. On a graph whose weights are all 1 the two agree. Graphs
      built with :func:`~clusternet.from_affiliations` carry the
      projection's tie strengths (e.g. the number of shared events), so
      ``weight=True`` gives weighted numbers there. Without ``weight=``,
      these measures use the weights for now, and warn on such a graph:
      the default becomes ``False`` in the next minor version, as in every
      other clusternet measure (they count ties unless ``weight=True``);
    - parallel ties are summed and self-loops dropped when the graph is
      built; rescaling all weights changes nothing;
    - isolates are NaN for all four measures; hierarchy is NaN for an actor
      with a single contact (:math:`N \\ln N = 0`).
"""

_WEIGHT = """
    weight : bool, optional
        ``True`` uses the tie weights, ``False`` counts every tie as 1. Not
        given: ``True`` for now, with a ``FutureWarning`` on a graph whose
        weights are not all 1, since the default becomes ``False`` (count
        ties, as every other measure) in the next minor version; pass
        ``weight=True`` to keep the weighted numbers.
"""

_REFERENCES = """
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of
       Competition*. Harvard University Press.
       https://doi.org/10.4159/9780674029095
    .. [2] Burt, R. S. (2004). Structural holes and good ideas. American
       Journal of Sociology 110(2), 349-399. https://doi.org/10.1086/421787
    .. [3] Borgatti, S. P. (1997). Structural holes: unpacking Burt's
       redundancy measures. Connections 20(1), 35-38.
    .. [4] Schank, T., & Wagner, D. (2005). Finding, counting and listing all
       triangles in large graphs. WEA 2005, LNCS 3503, 606-609.
       https://doi.org/10.1007/11427186_54
"""

_ALGORITHM = """
    Computation: :math:`\\sum_q p_{iq} p_{qj}` and the redundancy sums run
    over the common contacts of ``i`` and ``j``, i.e. over triangles. The
    triangles are listed once each by the forward algorithm [4]_ on the
    CSR adjacency, in blocks of bounded size, so the work grows as
    :math:`O(m^{1.5})` at worst, however large the hubs. With ``egos=``
    only the ties of those actors are intersected (when that is cheaper);
    the sums are taken in the same order either way, so a subset gives
    exactly -- bit for bit -- the numbers of the full computation.
"""


_MAX_MEMORY = """
    max_memory : float, optional
        Bytes of working memory the computation may add. Not given: half
        the size of the graph's adjacency (or, when that is less than the
        per-actor arrays need, on very sparse graphs, about 100 bytes per
        actor), and at most half the memory available now. The compiled
        engine reads the graph as it is, never copied, through a list of
        its ties (4 bytes a tie; 4 more for the tie's value unless every
        tie counts 1), and takes the actors in blocks of ties (24 bytes per
        tie of a block) as large as the bound allows; the numbers do not
        depend on the blocks, to the last bit. A directed graph is read
        from its arcs (the reverse of each found by a binary search), its
        mutual ties ``a_ij + a_ji`` listed by both ends: 12 bytes a pair of
        actors (measured: 0.6 times the adjacency of a graph built from an
        edge list), not always under half. With ``egos=`` its matrix of
        mutual ties is built (about its symmetric pattern's size) and counts
        against the bound.
        Given, it runs the compiled engine on any graph (``pip install
        'clusternet[fast]'``); small graphs otherwise run the numpy engine,
        with the same numbers (hierarchy to about 1e-13).
"""


def _doc(f):
    """Fill the shared parts of a docstring (markers on a line of their own).

    Each part but ``@weight`` ends with a blank line, so that the paragraph,
    the "References" header or the "Examples" section that follows a marker
    starts a block of its own (reST needs the blank line after a list or
    explicit markup); ``@conventions`` and ``@algorithm`` also start with one
    (``@references`` comes right under its section header; ``@weight`` is a
    parameter among others). The part takes the marker's indentation, so the
    markers are found whether or not the interpreter has already stripped the
    docstring's indentation (Python 3.13 does).
    """
    doc = f.__doc__
    if not doc:
        return f
    for marker, text, before, after in (("@conventions", _CONVENTIONS, "\n", "\n\n"),
                                        ("@algorithm", _ALGORITHM, "\n", "\n\n"),
                                        ("@references", _REFERENCES, "", "\n\n"),
                                        ("@weight", _WEIGHT, "", "\n"),
                                        ("@max_memory", _MAX_MEMORY, "", "\n")):
        body = textwrap.dedent(text).strip("\n")

        def fill(m: re.Match, body: str = body, before: str = before, after: str = after) -> str:
            return before + textwrap.indent(body, m.group(1)) + after

        doc = re.sub(rf"^([ \t]*){marker}[ \t]*\n", fill, doc, flags=re.MULTILINE)
    # one blank line between blocks, wherever parts meet each other or a header
    f.__doc__ = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", doc)
    return f


def _compute(g: Any, weight: bool | None, egos: Any, measures: tuple[str, ...], name: str,
             max_memory: Any = None):
    g = as_graph(g)
    if weight is None:
        weight = _default_weight(g, name)
    else:
        check_bool(weight, "weight")
    _check_max_memory(max_memory)
    positions = ego_positions(g, egos)
    A = g.adjacency
    # max_memory= is the compiled engine's bound (small graphs included)
    engine = "numba" if max_memory is not None else None
    compiled = max_memory is not None or _compiled.resolve(None, A.nnz) == "numba"
    # a directed graph's mutual ties are read from its arcs by the compiled
    # engine (all egos); an undirected graph counted tie by tie is read as it
    # is; else the matrix of mutual ties is built
    directed = g.directed and compiled and positions is None and A.has_canonical_format
    unit = not weight and (directed or (not g.directed and A.has_canonical_format))
    M = A if directed or unit else kernels.mutual(A, directed=g.directed, weighted=bool(weight))
    block = None
    if compiled:
        block = _plan(M, unit, max_memory, graph_bytes=_nbytes(A),
                      copied=_nbytes(M) if M is not A else 0, directed=directed)
    out = kernels.burt(M, positions, unit=unit, block=block, engine=engine,
                       hierarchy="hierarchy" in measures, directed=directed)
    params = {
        "weight": bool(weight),
        "directed": g.directed,
        "weighted_graph": g.weighted,
        "actors": "all" if positions is None else len(positions),
    }
    if len(measures) == 1:
        return labelled_series(g, positions, out[measures[0]], measures[0], params)
    return labelled_frame(g, positions, {m: out[m] for m in measures}, name, params)


def _check_max_memory(max_memory: Any) -> None:
    if max_memory is None:
        return
    if (isinstance(max_memory, (bool, np.bool_)) or not isinstance(max_memory, numbers.Real)
            or not max_memory > 0 or not np.isfinite(max_memory)):
        raise ClusternetError(
            f"max_memory must be a number of bytes > 0 (e.g. 2e9 for 2 GB), got {max_memory!r}")


def _nbytes(M: Any) -> int:
    return int(M.indptr.nbytes + M.indices.nbytes + M.data.nbytes)


def _size(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.2f} GB" if n_bytes >= 1e8 else f"{n_bytes / 1e6:.1f} MB"


def _plan(M: Any, unit: bool, max_memory: Any, *, graph_bytes: int, copied: int,
          directed: bool = False) -> int | None:
    """Ties per block of ranks of the compiled engine (the numbers do not
    depend on it): within ``max_memory`` bytes, less the mutual-tie matrix
    when one was built (``copied`` bytes); not given, within half the
    graph's adjacency (``graph_bytes``) and half the memory available now.
    None for a graph with no tie."""
    if "numba" not in _compiled.available():
        raise ClusternetError(
            "max_memory= bounds the compiled engine of Burt's measures: "
            "pip install 'clusternet[fast]'")
    if M.nnz == 0:
        return None
    longest = int(np.diff(M.indptr).max())
    available = _compiled.available_memory()
    limit = None if max_memory is None else float(max_memory) - copied
    try:
        # a directed graph's mutual ties: float32 counts, or float64 sums at most
        kind = (1 if unit else 3) if directed else _compiled.value_kind(M, unit)
        return _compiled.burt_plan(
            M.shape[0], M.nnz, longest, kind,
            None if limit is None else max(limit, 0.0), graph_bytes=graph_bytes,
            available=None if available is None else available - 2 * copied,
            directed=directed)
    except MemoryError as e:
        need = e.args[0] + copied
        given = (f"max_memory={float(max_memory):,.0f} bytes ({_size(float(max_memory))})"
                 if max_memory is not None
                 else f"half the memory available now ({_size(available / 2)})")
        raise ClusternetError(
            f"Burt's measures on this graph ({M.nnz:,} stored tie ends) need at least "
            f"{_size(need)} of working memory, more than {given}; "
            "pass a larger max_memory=, or free memory") from None


def _default_weight(g: Any, name: str) -> bool:
    """``weight=`` not given: True for now (the weights), with a FutureWarning
    where that differs from the coming default False (count ties)."""
    if g.weighted:
        warnings.warn(
            f"{name}(): the default weight= becomes False (count ties, as every other "
            "clusternet measure) in the next minor version; this graph has tie weights other "
            "than 1, so the numbers will change. Pass weight=True to keep these weighted "
            "numbers, or weight=False for the new default",
            FutureWarning,
            stacklevel=5,  # here <- _compute <- the measure <- its registry wrapper <- the caller
        )
    return True


@_doc
@measure(
    family="brokerage",
    levels={"actor": "Series"},
    attribute=None,
    references=("burt1992",),
    summary="Burt's constraint: how much the actor's contacts are tied to each other",
    renamed={"actors": "egos"},
    checks={"weight": check_bool},
    method=_BURT_METHOD,
    ego_blocks="egos",
)
def constraint(g: Any, *, weight: bool | None = None, egos: Any = None,
               max_memory: float | None = None) -> pd.Series:
    r"""Burt's constraint: how much an actor's contacts are tied to each other.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    @weight
    egos : actor id or iterable of actor ids, optional
        (Called ``actors=`` before 0.2, which still works with a FutureWarning.)
        Compute only these actors (in the order given); the numbers are
        exactly those of the full computation.
    @max_memory

    Returns
    -------
    pandas.Series
        Named ``constraint``, indexed by actor (graph order, or the order of
        ``egos``). NaN for isolates.

    Raises
    ------
    ClusternetError
        ``weight`` not a bool (``weight=None`` too: networkx's unweighted
        ``weight=None`` is ``weight=False`` here); unknown or repeated ``egos``;
        ``max_memory`` not a number > 0, or less than blocks of egos need.

    Warns
    -----
    FutureWarning
        ``weight`` not given on a graph whose weights are not all 1.

    See Also
    --------
    structural_holes : all four measures in one pass.

    Notes
    -----
    .. math::

       C_i = \sum_{j \in N(i)} \Big(p_{ij} + \sum_{q \ne i, j} p_{iq}\, p_{qj}\Big)^2,
       \qquad p_{ij} = \frac{m_{ij}}{\sum_{k} m_{ik}}

    (Burt 1992, eq. 2.4 [1]_). It ranges from about :math:`1/|N(i)|` (contacts
    unconnected) up to 1 for a single contact, and above 1 in dense small
    networks: a triangle gives 1.125, which is correct, not an overflow.
    Low constraint = many structural holes.
    @conventions
    @algorithm
    Equal (to rounding) to igraph's ``Graph.constraint`` and to networkx's
    ``constraint`` with ``nodes=`` given, weighted or not, directed or not
    (networkx's per-node path returns NaN for a directed node with in-ties
    only; here, as in igraph, it has contacts).

    References
    ----------
    @references
    Examples
    --------
    Borgatti's (1997) example [3]_, where G brokers between three clusters:

    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame([("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
    ...                      ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")],
    ...                     columns=["source", "target"])
    >>> g = cn.from_edgelist(ties)
    >>> cn.brokerage.constraint(g).round(4)
    actor
    A    0.5955
    B    0.6427
    F    0.7309
    G    0.4003
    E    0.7309
    D    0.7847
    C    1.0000
    Name: constraint, dtype: float64
    """
    return _compute(g, weight, egos, ("constraint",), "constraint", max_memory)


@_doc
@measure(
    family="brokerage",
    levels={"actor": "Series"},
    attribute=None,
    references=("burt1992", "borgatti1997"),
    summary="Burt's effective size: the actor's non-redundant contacts",
    renamed={"actors": "egos"},
    checks={"weight": check_bool},
    method=_BURT_METHOD,
    ego_blocks="egos",
)
def effective_size(g: Any, *, weight: bool | None = None, egos: Any = None,
                   max_memory: float | None = None) -> pd.Series:
    r"""Burt's effective size: the number of contacts, less their redundancy.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    @weight
    egos : actor id or iterable of actor ids, optional
        (Called ``actors=`` before 0.2, which still works with a FutureWarning.)
        Compute only these actors (in the order given); the numbers are
        exactly those of the full computation.
    @max_memory

    Returns
    -------
    pandas.Series
        Named ``effective_size``, indexed by actor. NaN for isolates.

    Raises
    ------
    ClusternetError
        ``weight`` not a bool (``weight=None`` too: networkx's unweighted
        ``weight=None`` is ``weight=False`` here); unknown or repeated ``egos``;
        ``max_memory`` not a number > 0, or less than blocks of egos need.

    Warns
    -----
    FutureWarning
        ``weight`` not given on a graph whose weights are not all 1.

    See Also
    --------
    efficiency, structural_holes

    Notes
    -----
    .. math::

       E_i = \sum_{j \in N(i)} \Big(1 - \sum_{q \ne i, j} p_{iq}\, m'_{jq}\Big),
       \qquad m'_{jq} = \frac{m_{jq}}{\max_k m_{jk}}

    (Burt 1992 [1]_), the maximum running over all of ``j``'s contacts. For a
    binary undirected graph it equals Borgatti's shortcut
    :math:`n - 2t/n` [3]_ (``n`` contacts, ``t`` ties among them); the
    general formula is used throughout.
    @conventions
    @algorithm
    Equal (to rounding) to networkx's ``effective_size`` with ``nodes=``
    given. networkx 3.6's all-nodes fast path (``nodes=None``) disagrees
    with its own per-node path on weighted and directed graphs; the
    per-node path follows the formula above.

    References
    ----------
    @references
    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame([("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
    ...                      ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")],
    ...                     columns=["source", "target"])
    >>> cn.brokerage.effective_size(cn.from_edgelist(ties), egos=["G", "A"]).round(4)
    actor
    G    4.6667
    A    2.5000
    Name: effective_size, dtype: float64
    """
    return _compute(g, weight, egos, ("effective_size",), "effective_size", max_memory)


@_doc
@measure(
    family="brokerage",
    levels={"actor": "Series"},
    attribute=None,
    references=("burt1992",),
    summary="Burt's efficiency: effective size / number of contacts",
    renamed={"actors": "egos"},
    checks={"weight": check_bool},
    method=_BURT_METHOD,
    ego_blocks="egos",
)
def efficiency(g: Any, *, weight: bool | None = None, egos: Any = None,
               max_memory: float | None = None) -> pd.Series:
    r"""Burt's efficiency: effective size per contact.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    @weight
    egos : actor id or iterable of actor ids, optional
        (Called ``actors=`` before 0.2, which still works with a FutureWarning.)
        Compute only these actors (in the order given).
    @max_memory

    Returns
    -------
    pandas.Series
        Named ``efficiency``, indexed by actor. NaN for isolates.

    Raises
    ------
    ClusternetError
        ``weight`` not a bool (``weight=None`` too: networkx's unweighted
        ``weight=None`` is ``weight=False`` here); unknown or repeated ``egos``;
        ``max_memory`` not a number > 0, or less than blocks of egos need.

    Warns
    -----
    FutureWarning
        ``weight`` not given on a graph whose weights are not all 1.

    See Also
    --------
    effective_size, structural_holes

    Notes
    -----
    .. math:: \mathrm{eff}_i = E_i / |N(i)|

    with :math:`E_i` the effective size and :math:`|N(i)|` the number of
    contacts (either direction). Between :math:`1/|N(i)|` and 1.
    @conventions
    References
    ----------
    @references
    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> cn.brokerage.efficiency(nx.star_graph(3)).tolist()   # a hub with 3 unconnected leaves
    [1.0, 1.0, 1.0, 1.0]
    """
    return _compute(g, weight, egos, ("efficiency",), "efficiency", max_memory)


@_doc
@measure(
    family="brokerage",
    levels={"actor": "Series"},
    attribute=None,
    references=("burt1992",),
    summary="Burt's hierarchy: how much the constraint rests on one contact",
    renamed={"actors": "egos"},
    checks={"weight": check_bool},
    method=_BURT_METHOD,
    ego_blocks="egos",
)
def hierarchy(g: Any, *, weight: bool | None = None, egos: Any = None,
              max_memory: float | None = None) -> pd.Series:
    r"""Burt's hierarchy: how far an actor's constraint comes from one contact.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    @weight
    egos : actor id or iterable of actor ids, optional
        (Called ``actors=`` before 0.2, which still works with a FutureWarning.)
        Compute only these actors (in the order given).
    @max_memory

    Returns
    -------
    pandas.Series
        Named ``hierarchy``, indexed by actor; 0 when every contact
        constrains equally, 1 when one contact holds all the constraint. NaN
        for isolates and for actors with one contact.

    Raises
    ------
    ClusternetError
        ``weight`` not a bool (``weight=None`` too: networkx's unweighted
        ``weight=None`` is ``weight=False`` here); unknown or repeated ``egos``;
        ``max_memory`` not a number > 0, or less than blocks of egos need.

    Warns
    -----
    FutureWarning
        ``weight`` not given on a graph whose weights are not all 1.

    See Also
    --------
    constraint, structural_holes

    Notes
    -----
    The Coleman-Theil disorder index of the contacts' shares of the
    constraint (Burt 1992, p. 71 [1]_):

    .. math::

       H_i = \frac{\sum_{j \in N(i)} r_{ij} \ln r_{ij}}{N \ln N},
       \qquad r_{ij} = \frac{c_{ij}}{C_i / N},

    with :math:`c_{ij}` the local constraint of ``j`` on ``i`` (the summand
    of :func:`constraint`), :math:`C_i` its sum and :math:`N = |N(i)|`.
    Neither networkx nor igraph computes it; the tests check it against
    ``networkx.local_constraint`` summed by the formula above. (JUNG returns
    1 for a single contact; here it is NaN, since :math:`0/0`.)
    @conventions
    References
    ----------
    @references
    Examples
    --------
    >>> import networkx as nx, clusternet as cn
    >>> G = nx.Graph([("ego", "a"), ("ego", "b"), ("ego", "c"), ("a", "b")])
    >>> cn.brokerage.hierarchy(G).round(4)
    actor
    ego    0.0522
    a      0.0099
    b      0.0099
    c         NaN
    Name: hierarchy, dtype: float64
    """
    return _compute(g, weight, egos, ("hierarchy",), "hierarchy", max_memory)


@_doc
@measure(
    family="brokerage",
    levels={"actor": "DataFrame"},
    attribute=None,
    references=("burt1992",),
    summary="Burt's four structural-hole measures in one pass",
    renamed={"actors": "egos"},
    checks={"weight": check_bool},
    method=_BURT_METHOD,
    ego_blocks="egos",
)
def structural_holes(g: Any, *, weight: bool | None = None, egos: Any = None,
                     max_memory: float | None = None) -> pd.DataFrame:
    r"""Burt's four structural-hole measures in one pass over the triangles.

    Supports undirected and directed graphs, weighted or not.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    @weight
    egos : actor id or iterable of actor ids, optional
        (Called ``actors=`` before 0.2, which still works with a FutureWarning.)
        Compute only these actors (in the order given); the numbers are
        exactly those of the full computation.
    @max_memory

    Returns
    -------
    pandas.DataFrame
        Indexed by actor, columns ``constraint``, ``effective_size``,
        ``efficiency``, ``hierarchy`` -- each as its own function returns it.

    Raises
    ------
    ClusternetError
        ``weight`` not a bool (``weight=None`` too: networkx's unweighted
        ``weight=None`` is ``weight=False`` here); unknown or repeated ``egos``;
        ``max_memory`` not a number > 0, or less than blocks of egos need.

    Warns
    -----
    FutureWarning
        ``weight`` not given on a graph whose weights are not all 1.

    See Also
    --------
    constraint, effective_size, efficiency, hierarchy

    Notes
    -----
    With :math:`p_{ij} = m_{ij} / \sum_k m_{ik}`, :math:`N(i)` the contacts
    and :math:`N = |N(i)|` (details under each measure):

    .. math::

       C_i &= \sum_{j \in N(i)} c_{ij}, \quad
       c_{ij} = \Big(p_{ij} + \sum_{q \ne i, j} p_{iq} p_{qj}\Big)^2 \\
       E_i &= \sum_{j \in N(i)} \Big(1 - \sum_{q \ne i, j} p_{iq}
             \frac{m_{jq}}{\max_k m_{jk}}\Big), \qquad
       \mathrm{eff}_i = E_i / N \\
       H_i &= \frac{1}{N \ln N} \sum_{j \in N(i)} r_{ij} \ln r_{ij}, \quad
       r_{ij} = \frac{c_{ij}}{C_i / N}
    @conventions
    @algorithm
    References
    ----------
    @references
    Examples
    --------
    Borgatti's (1997) example [3]_ with tie weights; networkx's ``constraint``
    and ``effective_size`` (and igraph's ``Graph.constraint``) give the same
    numbers: constraint G 0.2989, A 0.7950; effective size G 5.4717, A 2.475.

    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame([("A", "B", 2), ("A", "F", 3), ("A", "G", 5), ("A", "E", 2),
    ...                      ("E", "G", 8), ("F", "G", 3), ("B", "G", 4), ("B", "D", 1),
    ...                      ("D", "G", 3), ("G", "C", 10)],
    ...                     columns=["source", "target", "weight"])
    >>> g = cn.from_edgelist(ties, weight="weight")
    >>> cn.brokerage.structural_holes(g, weight=True, egos=["G", "A", "C"]).round(4)
           constraint  effective_size  efficiency  hierarchy
    actor
    G          0.2989          5.4717      0.9120     0.1248
    A          0.7950          2.4750      0.6188     0.3951
    C          1.0000          1.0000      1.0000        NaN
    """
    return _compute(g, weight, egos, _MEASURES, "structural_holes", max_memory)
