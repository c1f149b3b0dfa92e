"""Gould and Fernandez's brokerage roles, with sna's null model."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels import brokerage as kernels
from .._kernels.adjacency import induced
from .._registry import EgoBlocks, measure
from .._results import group_codes, label
from .._validation import check_missing
from ..errors import ClusternetError, ClusternetWarning
from ._roles import GOULD_FERNANDEZ_ROLES, ROLES

__all__ = ["GouldFernandez", "gould_fernandez"]

#: The path code of each role, in the order of :data:`ROLES` (the kernels' columns).
_PATH_CODES = tuple(role.path_code for role in GOULD_FERNANDEZ_ROLES)

_STATISTICS = ("raw", "expected", "sd", "z")


@dataclass(frozen=True)
class GouldFernandez:
    """Result of :func:`gould_fernandez`.

    Attributes
    ----------
    raw, expected, sd, z : pandas.DataFrame
        Per actor (index ``actor``, graph order), columns :data:`ROLES`.
        Actors left out with ``missing="drop"`` are NaN rows.
    network : pandas.DataFrame
        Whole-network values: rows ``raw``, ``expected``, ``sd``, ``z``;
        columns :data:`ROLES`.
    group_expected, group_sd : pandas.DataFrame
        Expected count and SD of an actor of each group (index: the groups),
        sna's ``exp.grp`` and ``sd.grp``.
    attribute : str
        The grouping attribute.

    Rename the columns to sna's codes with ``r.raw.rename(columns=SNA_CODES)``.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": [1, 2, 3, 4, 2, 5, 6, 3],
    ...                      "target": [2, 3, 4, 1, 5, 6, 2, 5]})
    >>> actors = pd.DataFrame({"actor": [1, 2, 3, 4, 5, 6],
    ...                        "group": ["A", "A", "B", "B", "C", "C"]})
    >>> g = cn.from_edgelist(ties, directed=True, actors=actors)
    >>> r = cn.brokerage.gould_fernandez(g, "group")
    >>> r
    <GouldFernandez by 'group': 6 actors; network raw counts: coordinator 0, ..., total 10>
    >>> r.raw.rename(columns=cn.brokerage.SNA_CODES).loc[[2, 5]]
           w_I  w_O  b_IO  b_OI  b_O    t
    actor
    2      0.0  1.0   2.0   0.0  1.0  4.0
    5      0.0  0.0   0.0   2.0  0.0  2.0
    >>> r.group_expected["liaison"].round(4).tolist()   # groups of 2 actors each
    [0.4172, 0.4172, 0.4172]
    """

    raw: pd.DataFrame
    expected: pd.DataFrame
    sd: pd.DataFrame
    z: pd.DataFrame
    network: pd.DataFrame
    group_expected: pd.DataFrame = field(repr=False)
    group_sd: pd.DataFrame = field(repr=False)
    attribute: str = ""

    def to_frame(self) -> pd.DataFrame:
        """All per-actor statistics side by side: columns ``(statistic, role)``.

        Returns
        -------
        pandas.DataFrame
            Indexed by actor; a column for each of ``raw``, ``expected``,
            ``sd``, ``z`` and each role (level names ``statistic``, ``role``).

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> ties = pd.DataFrame({"source": [1, 2, 3, 4, 2, 5, 6, 3],
        ...                      "target": [2, 3, 4, 1, 5, 6, 2, 5]})
        >>> actors = pd.DataFrame({"actor": [1, 2, 3, 4, 5, 6],
        ...                        "group": ["A", "A", "B", "B", "C", "C"]})
        >>> g = cn.from_edgelist(ties, directed=True, actors=actors)
        >>> r = cn.brokerage.gould_fernandez(g, "group")
        >>> f = r.to_frame()
        >>> f.shape, list(f.columns.names)
        ((6, 24), ['statistic', 'role'])
        >>> f.xs("representative", axis=1, level="role").loc[[2, 4]].round(3)
        statistic  raw  expected     sd      z
        actor
        2          2.0     0.209  0.536  3.341
        4          1.0     0.209  0.536  1.476
        """
        df = pd.concat({s: getattr(self, s) for s in _STATISTICS}, axis=1)
        df.columns.names = ["statistic", "role"]
        df.attrs = dict(self.raw.attrs)
        return df

    def __repr__(self) -> str:
        net = self.network.loc["raw"]
        parts = ", ".join(f"{r} {net[r]:g}" for r in ROLES)
        return (f"<GouldFernandez by {self.attribute!r}: {len(self.raw)} actors; "
                f"network raw counts: {parts}>")


# ------------------------------------------------- raw counts and the null
# gould_fernandez = raw counts (per broker, from its ties and the ties among
# its contacts) + the null (from the whole graph's density and group sizes).
# map_egos (clusternet.distributed) computes the null once and the raw
# counts per block of egos, through the registry's EgoBlocks below.
@dataclass(frozen=True)
class _Groups:
    """The actors kept (positions), their group codes renumbered 0..k-1
    over the groups present, the labels and the sizes of those groups."""

    keep: np.ndarray
    codes: np.ndarray
    index: pd.Index
    sizes: np.ndarray


def _groups(g: Any, attribute: Any, missing: str) -> _Groups:
    if not isinstance(attribute, str):
        raise ClusternetError(
            f"attribute must be the name of an actor attribute, got {type(attribute).__name__}"
        )
    codes, groups = group_codes(g, attribute, missing=missing)
    keep = np.flatnonzero(codes >= 0)
    kept_codes = codes[keep]
    # groups present among the kept actors, renumbered 0..k-1
    counts_by_code = np.bincount(kept_codes, minlength=len(groups))
    present = np.flatnonzero(counts_by_code)
    renumber = np.cumsum(counts_by_code > 0) - 1
    kept_codes = renumber[kept_codes]
    return _Groups(keep, kept_codes, groups.take(present),
                   np.bincount(kept_codes, minlength=len(present)))


def _raw(A: Any, kept_codes: np.ndarray, directed: bool) -> np.ndarray:
    """Raw counts (roles and total) of every row of ``A`` (the kept actors)."""
    counts = (kernels.gf_counts(A, kept_codes, _PATH_CODES,
                                symmetric=None if directed else True)
              if len(kept_codes) else np.zeros((0, len(_PATH_CODES))))
    return np.column_stack([counts, counts.sum(axis=1)])


@dataclass(frozen=True)
class _Null:
    """sna's null: per group (rows of ``index``) and for the network."""

    index: pd.Index
    group_expected: np.ndarray
    group_sd: np.ndarray
    network_expected: np.ndarray
    network_sd: np.ndarray
    params: dict


def _null(grp: _Groups, n_ties: int, directed: bool, attribute: str, missing: str,
          stacklevel: int) -> _Null:
    """The null of a graph with these kept actors and groups and ``n_ties``
    stored entries among the kept actors."""
    params = {"attribute": attribute, "missing": missing, "directed": directed,
              "n_actors": len(grp.keep), "n_ties": n_ties}
    if not len(grp.keep):
        none = np.full((0, len(ROLES)), np.nan)
        net = np.full(len(ROLES), np.nan)
        return _Null(grp.index, none, none, net, net, params)
    null = kernels.gf_null(grp.sizes, n_ties, _PATH_CODES)
    return _Null(grp.index, null["group_expected"],
                 _sd(null["group_var"], stacklevel=stacklevel),
                 null["network_expected"], _sd(null["network_var"], stacklevel=stacklevel),
                 params)


def _block_constants(actors: Any, count_ties: Any, attribute: str, *,
                     missing: str = "error") -> _Null:
    """EgoBlocks.constants: the null of the whole graph, from its actors
    and the number of ties among the kept ones."""
    grp = _groups(actors, attribute, missing)
    every = len(grp.keep) == actors.n_actors
    mask = None
    if not every:
        mask = np.zeros(actors.n_actors, dtype=bool)
        mask[grp.keep] = True
    # stacklevel: _sd, _null, here, map_egos's helper, map_egos, its caller
    return _null(grp, int(count_ties(mask)), actors.directed, attribute, missing,
                 stacklevel=6)


def _block_rows(g: Any, egos: Any, null: _Null, attribute: str, *,
                missing: str = "error") -> pd.DataFrame:
    """EgoBlocks.block: the per-actor frame (:meth:`GouldFernandez.to_frame`)
    of ``egos``, from a graph holding every actor and at least each ego's
    ties and the ties among its contacts; the null of the whole graph."""
    grp = _groups(g, attribute, missing)
    A = g.adjacency
    pos = g.positions(egos)
    n = g.n_actors
    # the kept actors with a tie here, and the egos: the counts are integers,
    # whatever the rows left out (no tie, hence no 2-path)
    busy = np.zeros(n, dtype=bool)
    busy[np.flatnonzero(np.diff(A.indptr))] = True
    busy[A.indices] = True
    busy[pos] = True
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[grp.keep] = np.arange(len(grp.keep))
    active = grp.keep[busy[grp.keep]]
    raw_a = _raw(induced(A, active), grp.codes[row_of[active]], g.directed)
    ego_row = row_of[pos]
    kept = ego_row >= 0
    at = np.searchsorted(active, pos[kept])
    values = {}
    for statistic, rows in (("raw", raw_a[at]),
                            ("expected", null.group_expected[grp.codes[ego_row[kept]]]),
                            ("sd", null.group_sd[grp.codes[ego_row[kept]]])):
        out = np.full((len(pos), len(ROLES)), np.nan)
        out[kept] = rows
        values[statistic] = out
    values["z"] = _z(values["raw"], values["expected"], values["sd"])
    index = g.actor_ids.take(pos)
    index.name = "actor"
    frames = {}
    for statistic in _STATISTICS:
        df = pd.DataFrame(values[statistic], index=index.copy(), columns=list(ROLES))
        frames[statistic] = label(df, f"gould_fernandez.{statistic}", null.params)
    return GouldFernandez(
        raw=frames["raw"], expected=frames["expected"], sd=frames["sd"], z=frames["z"],
        network=pd.DataFrame(), group_expected=pd.DataFrame(), group_sd=pd.DataFrame(),
        attribute=attribute,
    ).to_frame()


@measure(
    family="brokerage",
    levels={"actor": "GouldFernandez", "network": "GouldFernandez"},
    references=("gould1989",),
    summary="Gould-Fernandez brokerage roles: brokered 2-paths by the groups of their ends",
    checks={"missing": check_missing},
    ego_blocks=EgoBlocks("neighbourhood", constants=_block_constants, block=_block_rows),
    method=lambda ctx: (
        "Gould and Fernandez's (1989) brokerage roles [gould1989] count, for each actor "
        "b, the 2-paths a-b-c with a and c distinct and not tied a->c, by the groups of "
        "a, b and c: coordinator (all three in one group), itinerant (a and c in one "
        "group, b in another), representative (a with b, c elsewhere), gatekeeper (b "
        "with c, a elsewhere) and liaison (all three different). "
        + ("Undirected ties count as two directed ties, as in R sna. " if not ctx["directed"]
           else "")
        + "Expected counts and standard deviations come from a random graph of the "
        "same density and group sizes (as in R sna); z = (raw - expected)/sd, NaN where "
        "sd = 0."),
)
def gould_fernandez(g: Any, attribute: str, *, missing: str = "error") -> GouldFernandez:
    r"""Gould and Fernandez's brokerage roles: raw counts, expected values and z-scores.

    Supports directed graphs as defined and undirected graphs as symmetric
    digraphs (each unordered pair of contacts counted both ways, as R sna
    does); tie weights are ignored.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    attribute : str
        Categorical actor attribute defining the groups.
    missing : {"error", "drop", "own-group"}
        Actors without a value: raise naming them; leave them and their ties
        out (the network, its size and density are then those of the other
        actors, and the dropped actors' rows are NaN); or give each its own
        group.

    Returns
    -------
    GouldFernandez
        ``raw``, ``expected``, ``sd`` and ``z`` per actor, and ``network``
        for the whole graph, with columns ``coordinator``, ``itinerant``,
        ``representative``, ``gatekeeper``, ``liaison``, ``total``. ``z`` is
        NaN where ``sd`` is 0 (the role cannot occur, e.g. a coordinator in a
        group of two).

    Raises
    ------
    ClusternetError
        Unknown attribute; missing values with ``missing="error"``.

    See Also
    --------
    gatekeepers : ties of a cluster's members to the outside -- a different
        notion from the Gould-Fernandez gatekeeper role.

    Notes
    -----
    A 2-path :math:`a \to b \to c` with :math:`a \ne c` and no tie
    :math:`a \to c` makes :math:`b` a broker. Its role depends on the groups
    :math:`G(\cdot)`:

    ==============  ======  =========================================
    role            sna     groups
    ==============  ======  =========================================
    coordinator     w_I     :math:`G(a) = G(b) = G(c)`
    itinerant       w_O     :math:`G(a) = G(c) \ne G(b)` (consultant)
    representative  b_IO    :math:`G(a) = G(b) \ne G(c)`
    gatekeeper      b_OI    :math:`G(a) \ne G(b) = G(c)`
    liaison         b_O     all three differ
    total           t       the sum
    ==============  ======  =========================================

    (The same table, as data: :data:`GOULD_FERNANDEZ_ROLES`.)

    Expected values and variances are those of sna's ``brokerage()``
    [2]_: each ordered pair is tied independently with the density
    :math:`d = m / (N (N-1))`; a 2-path is open with probability
    :math:`d^2 (1-d)`, so e.g. a coordinator in a group of size
    :math:`n_g` expects :math:`E = d^2 (1-d) (n_g-1)(n_g-2)`, with variance
    :math:`E (1 - d^2(1-d)) + 2 (n_g-1)(n_g-2)(n_g-3) d^3 (1-d)^3`; the
    other roles and the network totals follow sna's formulas term by term
    (the sums over groups run in exact integer arithmetic). :math:`z = (\text{raw} - E)/\text{sd}`.
    Raw counts, expected values, SDs and z-scores equal sna 2.7's on the
    graphs in the tests.

    Counting: for each broker the ordered pairs (in-contact, out-contact)
    are counted by role from group-wise degrees; reciprocated pairs
    (:math:`a = c`) and closed 2-paths -- found by listing triangles [3]_
    -- are subtracted. No 2-path is enumerated, so the time grows with the
    triangles, not the 2-paths.

    References
    ----------
    .. [1] Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation:
       a formal approach to brokerage in transaction networks. Sociological
       Methodology 19, 89-126. https://doi.org/10.2307/270949
    .. [2] Butts, C. T. (2008). Social network analysis with sna. Journal of
       Statistical Software 24(6). https://doi.org/10.18637/jss.v024.i06
    .. [3] Schank, T., & Wagner, D. (2005). Finding, counting and listing all
       triangles in large graphs. WEA 2005, LNCS 3503, 606-609.
       https://doi.org/10.1007/11427186_54

    Examples
    --------
    Six actors in three groups, with directed ties; R sna's ``brokerage()``
    [2]_ (sna 2.7-1) gives the same raw counts, z-scores and network totals:

    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": [1, 2, 3, 4, 2, 5, 6, 3],
    ...                      "target": [2, 3, 4, 1, 5, 6, 2, 5]})
    >>> actors = pd.DataFrame({"actor": [1, 2, 3, 4, 5, 6],
    ...                        "group": ["A", "A", "B", "B", "C", "C"]})
    >>> g = cn.from_edgelist(ties, directed=True, actors=actors)
    >>> r = cn.brokerage.gould_fernandez(g, "group")
    >>> r.raw.loc[2]
    coordinator       0.0
    itinerant         1.0
    representative    2.0
    gatekeeper        0.0
    liaison           1.0
    total             4.0
    Name: 2, dtype: float64
    >>> print(round(r.z.loc[2, "representative"], 3))
    3.341
    >>> r.network.loc["raw"].tolist()
    [0.0, 1.0, 4.0, 4.0, 1.0, 10.0]
    """
    g = as_graph(g)
    grp = _groups(g, attribute, missing)
    keep, kept_codes = grp.keep, grp.codes
    n = g.n_actors
    A = g.adjacency if len(keep) == n else induced(g.adjacency, keep)
    raw = _raw(A, kept_codes, g.directed)
    null = _null(grp, int(A.nnz), g.directed, attribute, missing, stacklevel=4)

    def full(values: np.ndarray) -> np.ndarray:
        out = np.full((n, len(ROLES)), np.nan)
        out[keep] = values
        return out

    exp_a = null.group_expected[kept_codes]
    sd_a = null.group_sd[kept_codes]
    net_raw = raw.sum(axis=0)
    params = null.params

    def frame(values: np.ndarray, statistic: str) -> pd.DataFrame:
        df = pd.DataFrame(full(values), index=g.actor_ids.copy(), columns=list(ROLES))
        df.index.name = "actor"
        return label(df, f"gould_fernandez.{statistic}", params)

    network = pd.DataFrame(
        [net_raw, null.network_expected, null.network_sd,
         _z(net_raw, null.network_expected, null.network_sd)],
        index=pd.Index(list(_STATISTICS), name="statistic"), columns=list(ROLES),
    )
    gframe = {}
    for name, values in (("expected", null.group_expected), ("sd", null.group_sd)):
        df = pd.DataFrame(values, index=grp.index.copy(), columns=list(ROLES))
        gframe[name] = label(df, f"gould_fernandez.group_{name}", params)
    return GouldFernandez(
        raw=frame(raw, "raw"),
        expected=frame(exp_a, "expected"),
        sd=frame(sd_a, "sd"),
        z=frame(_z(raw, exp_a, sd_a), "z"),
        network=label(network, "gould_fernandez.network", params),
        group_expected=gframe["expected"],
        group_sd=gframe["sd"],
        attribute=attribute,
    )


def _sd(var: np.ndarray, stacklevel: int = 3) -> np.ndarray:
    var = np.asarray(var, dtype=np.float64)
    if np.any(var < 0):
        warnings.warn(
            "sna's variance formula is negative for some Gould-Fernandez role at this "
            "density and these group sizes; its SD and z-score are NaN",
            ClusternetWarning,
            stacklevel=stacklevel,
        )
    with np.errstate(invalid="ignore"):
        return np.sqrt(np.where(var < 0, np.nan, var))


def _z(raw: np.ndarray, expected: np.ndarray, sd: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (raw - expected) / sd
    return np.where(sd > 0, z, np.nan)
