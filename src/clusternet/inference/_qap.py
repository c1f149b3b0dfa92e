r"""QAP and MRQAP: regression of a tie matrix on dyadic covariates, with
permutation p-values (Krackhardt 1988; Dekker, Krackhardt & Snijders 2007)."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._kernels import qap as _k
from .._results import label
from .._validation import check_bool, is_numeric, seed_sequence, show
from ..errors import ClusternetError, ClusternetWarning, UnknownActorError
from ..graph import CollaborationGraph
from ._permutation import _child, _Job, _n_jobs, _positive_int, _run

__all__ = ["QAPResult", "qap", "same", "difference", "sender", "receiver", "total",
           "distance"]

#: Values of ``family=`` and ``method=``.
FAMILIES = ("ols", "logit")
METHODS = ("dsp", "y")

#: The name of the intercept in the results.
INTERCEPT = "intercept"

#: Default ceiling on the memory of the dense dyad design (bytes): 4 GiB.
MAX_MEMORY = 4 * 2**30

#: Relative tolerance under which a permutation statistic counts as equal to
#: the observed one (rounding never makes a p-value smaller).
_TOL = 1e-9

_EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


# ----------------------------------------------------------------- result
@dataclass(frozen=True, eq=False, repr=False)
class QAPResult:
    """The outcome of :func:`qap`: a dyadic regression with permutation p-values.

    Every Series is indexed by covariate (``"intercept"`` first, then the
    covariates in the order given; index name ``covariate``).

    Attributes
    ----------
    coef : Series
        Estimated coefficients :math:`\\hat\\beta`.
    se : Series
        Model-based standard errors (OLS: :math:`\\sqrt{s^2 [(X'X)^{-1}]_{jj}}`;
        logit: :math:`\\sqrt{[(X'WX)^{-1}]_{jj}}`). They assume independent
        dyads, which network data rarely are: use the p-values.
    statistic : Series
        The test statistic, ``coef / se`` (named ``"t"`` for OLS, ``"z"``
        for logit), whose permutation distribution gives the p-values.
    p_value : Series
        Two-sided, :math:`\\Pr(|T^*| \\ge |T|)` (netlm's ``Pr(>=|b|)``).
    p_less, p_greater : Series
        One-sided, :math:`\\Pr(T^* \\le T)` and :math:`\\Pr(T^* \\ge T)`
        (netlm's ``Pr(<=b)`` and ``Pr(>=b)``).
    n_valid : Series
        Permutations whose statistic is defined (logit fits that did not
        converge are left out).
    family : str
        ``"ols"`` or ``"logit"``.
    method : str
        ``"y"`` (QAP-Y) or ``"dsp"`` (double semi-partialling).
    null_model : str
        The permutation scheme in words.
    n : int
        Number of permutations.
    n_actors, n_dyads : int
        Actors, and dyads in the regression (ordered pairs ``n (n - 1)``
        when directed, unordered pairs ``n (n - 1) / 2`` when undirected).
    directed : bool
    r_squared, adj_r_squared : float
        OLS only (NaN for logit).
    deviance, null_deviance, aic : float
        Logit only (NaN for OLS); the null deviance is that of the
        intercept-only model.
    seed : int
        Pass it as ``rng=`` to reproduce the p-values exactly.
    null : DataFrame
        The permutation statistics, one row per permutation, one column per
        covariate.

    Examples
    --------
    >>> import numpy as np, pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": list("aabbcd"), "target": list("bcdcde")})
    >>> actors = pd.DataFrame({"actor": list("abcdef"), "size": [1, 2, 2, 3, 5, 8]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> r = cn.inference.qap(g, {"gap": cn.inference.difference("size")},
    ...                      family="ols", n=99, rng=0)
    >>> r.to_frame()[["coef", "t", "p_value"]].round(3)
                coef      t  p_value
    covariate
    intercept  0.945  6.353     0.02
    gap       -0.182 -4.472     0.02
    """

    __test__ = False

    coef: pd.Series
    se: pd.Series
    statistic: pd.Series
    p_value: pd.Series
    p_less: pd.Series
    p_greater: pd.Series
    n_valid: pd.Series
    family: str
    method: str
    null_model: str
    n: int
    n_actors: int
    n_dyads: int
    directed: bool
    r_squared: float
    adj_r_squared: float
    deviance: float
    null_deviance: float
    aic: float
    seed: int
    null: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table, one row per covariate (intercept first).

        Returns
        -------
        pandas.DataFrame
            Columns ``coef``, ``se``, ``t`` (or ``z``), ``p_less``,
            ``p_greater``, ``p_value``, ``n_valid``; the fit statistics and
            the seed in ``attrs["clusternet"]["params"]``.

        Examples
        --------
        >>> import networkx as nx, numpy as np, clusternet as cn
        >>> g = cn.as_graph(nx.karate_club_graph())
        >>> r = cn.inference.qap(g, {"same_club": cn.inference.same("club")},
        ...                      n=99, rng=1)
        >>> list(r.to_frame().columns)
        ['coef', 'se', 'z', 'p_less', 'p_greater', 'p_value', 'n_valid']
        """
        df = pd.DataFrame({
            "coef": self.coef, "se": self.se, self.statistic.name: self.statistic,
            "p_less": self.p_less, "p_greater": self.p_greater, "p_value": self.p_value,
            "n_valid": self.n_valid,
        })
        fit = ({"r_squared": self.r_squared, "adj_r_squared": self.adj_r_squared}
               if self.family == "ols" else
               {"deviance": self.deviance, "null_deviance": self.null_deviance,
                "aic": self.aic})
        return label(df, "qap", {"family": self.family, "method": self.method, "n": self.n,
                                 "seed": self.seed, "n_dyads": self.n_dyads,
                                 "directed": self.directed, **fit})

    def __repr__(self) -> str:
        fit = (f"R^2={self.r_squared:.4g}" if self.family == "ols"
               else f"deviance={self.deviance:.6g}, AIC={self.aic:.6g}")
        return (f"<QAPResult: {self.family}, {len(self.coef) - 1} covariate(s), "
                f"{self.n_dyads} dyads, {fit}; {self.null_model}, seed={self.seed}; "
                "see .to_frame()>")


# ---------------------------------------------------------------- helpers
@dataclass(frozen=True)
class _Covariate:
    """A dyadic covariate built from actor attributes (see :func:`same`)."""

    kind: str
    columns: tuple[str, ...]
    metric: str | None = None

    def __repr__(self) -> str:
        args = ", ".join(map(repr, self.columns))
        if self.metric is not None:
            args += f", metric={self.metric!r}"
        return f"{self.kind}({args})"

    def matrix(self, g: CollaborationGraph, name: str) -> np.ndarray:
        """The ``n x n`` matrix of this covariate for the actors of ``g``."""
        if self.kind == "same":
            codes, _ = pd.factorize(_values(g, self.columns[0], name, numeric=False))
            return (codes[:, None] == codes[None, :]).astype(np.float64)
        if self.kind == "distance":
            cols = np.column_stack([_values(g, c, name, numeric=True) for c in self.columns])
            if self.metric == "haversine":
                lat, lon = np.radians(cols[:, 0]), np.radians(cols[:, 1])
                a = (np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
                     + np.cos(lat[:, None]) * np.cos(lat[None, :])
                     * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
                return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
            diff2 = np.zeros((len(cols), len(cols)))
            for c in cols.T:
                diff2 += (c[:, None] - c[None, :]) ** 2
            return np.sqrt(diff2)
        if self.kind in ("sender", "receiver") and not g.directed:
            raise ClusternetError(
                f"covariate {name!r}: {self.kind}({self.columns[0]!r}) needs a directed graph "
                "(an undirected tie has no sender or receiver); use "
                f"cn.inference.total({self.columns[0]!r}) for the activity of both actors"
            )
        x = _values(g, self.columns[0], name, numeric=True)
        if self.kind == "difference":
            return np.abs(x[:, None] - x[None, :])
        if self.kind == "sender":
            return np.repeat(x[:, None], len(x), axis=1)
        if self.kind == "receiver":
            return np.repeat(x[None, :], len(x), axis=0)
        return x[:, None] + x[None, :]  # total


def _one_attribute(kind: str, summary: str, *, notes: str = "", example: str = "size",
                   values: str = "A numeric actor attribute.") -> Callable[[str], _Covariate]:
    """The public constructor ``kind(attribute)`` of a covariate of one actor
    attribute (:func:`same`, :func:`difference`, :func:`sender`,
    :func:`receiver`, :func:`total`), with its docstring; the matrix is made
    by :meth:`_Covariate.matrix`."""

    def covariate(attribute: str) -> _Covariate:
        return _Covariate(kind, (_column(attribute, kind),))

    covariate.__name__ = covariate.__qualname__ = kind
    covariate.__doc__ = f"""{summary}
{notes}
    Parameters
    ----------
    attribute : str
        {values}

    Returns
    -------
    covariate spec
        To pass as a value of ``covariates`` in :func:`qap`.

    Examples
    --------
    >>> import clusternet as cn
    >>> cn.inference.{kind}("{example}")
    {kind}('{example}')
    """
    return covariate


same = _one_attribute(
    "same", "Covariate: 1 when the two actors have the same value of ``attribute``.",
    notes="""
    :math:`x_{ij} = [a_i = a_j]` (homophily on a category: same domain,
    same country). Actors without a value are refused.
""", example="domain", values="An actor attribute (any values, compared as labels).")
difference = _one_attribute(
    "difference", "Covariate: the absolute difference :math:`x_{ij} = |a_i - a_j|`.",
    example="founded")
sender = _one_attribute(
    "sender", "Covariate: the sender's value, :math:`x_{ij} = a_i` (directed graphs).")
receiver = _one_attribute(
    "receiver", "Covariate: the receiver's value, :math:`x_{ij} = a_j` (directed graphs).")
total = _one_attribute(
    "total", "Covariate: the sum of the two actors' values, :math:`x_{ij} = a_i + a_j`.",
    notes="""
    The activity effect of an undirected network (where :func:`sender` and
    :func:`receiver` have no meaning).
""")


def distance(*columns: str, metric: str = "euclidean") -> _Covariate:
    """Covariate: the distance between the two actors' positions.

    ``metric="euclidean"``: :math:`x_{ij} = \\sqrt{\\sum_c (a_{ic} - a_{jc})^2}`
    over the numeric ``columns`` (projected coordinates, or any attributes).
    ``metric="haversine"``: the great-circle distance in kilometres between
    ``(latitude, longitude)`` in degrees (two columns, in that order), on a
    sphere of radius 6371.0088 km (the mean Earth radius):
    :math:`2R \\arcsin\\sqrt{\\sin^2(\\Delta\\phi/2) + \\cos\\phi_i \\cos\\phi_j
    \\sin^2(\\Delta\\lambda/2)}`.

    A distance matrix you already have is passed to :func:`qap` directly
    (an array, or a DataFrame labelled by actor id).

    Parameters
    ----------
    *columns : str
        Numeric actor attributes.
    metric : {"euclidean", "haversine"}

    Returns
    -------
    covariate spec

    Examples
    --------
    >>> import clusternet as cn
    >>> cn.inference.distance("lat", "lon", metric="haversine")
    distance('lat', 'lon', metric='haversine')
    """
    if metric not in ("euclidean", "haversine"):
        raise ClusternetError(
            f"unknown metric={metric!r}; choose 'euclidean' or 'haversine' (latitude, "
            "longitude in degrees)"
        )
    if not columns:
        raise ClusternetError("distance() needs the names of the coordinate columns")
    if metric == "haversine" and len(columns) != 2:
        raise ClusternetError(
            f"metric='haversine' takes two columns, latitude then longitude (in degrees), "
            f"got {len(columns)}: {columns!r}"
        )
    return _Covariate("distance", tuple(_column(c, "distance") for c in columns), metric)


def _column(attribute: Any, helper: str) -> str:
    if not isinstance(attribute, str):
        raise ClusternetError(
            f"{helper}() takes the name of an actor attribute, got {type(attribute).__name__}"
        )
    return attribute


def _values(g: CollaborationGraph, column: str, name: str, *, numeric: bool) -> np.ndarray:
    values = g.attribute(column)  # UnknownAttributeError names the column
    na = values.isna().to_numpy()
    if na.any():
        who = list(values.index[na][:5])
        raise ClusternetError(
            f"covariate {name!r}: {int(na.sum())} actor(s) have no value of {column!r}, e.g. "
            f"{who!r}; QAP needs a value for every actor: fill them, or analyse "
            "g.subgraph(...) of the actors that have one"
        )
    if not numeric:
        return values.to_numpy()
    if not is_numeric(values):
        raise ClusternetError(
            f"covariate {name!r}: attribute {column!r} is not numeric (dtype {values.dtype}); "
            f"use cn.inference.same({column!r}) for a category"
        )
    x = values.to_numpy(dtype=np.float64)
    if not np.isfinite(x).all():
        raise ClusternetError(f"covariate {name!r}: attribute {column!r} has infinite values")
    return x


# -------------------------------------------------------------------- qap
def qap(
    g: Any,
    covariates: Mapping[str, Any],
    *,
    family: str | None = None,
    method: str | None = None,
    n: int = 1000,
    rng: Any = None,
    n_jobs: int = 1,
    progress: bool | None = None,
    weight: bool = False,
    max_memory: int = MAX_MEMORY,
) -> QAPResult:
    r"""Regress the tie matrix on dyadic covariates, with QAP p-values.

    Fits :math:`y_{ij} = \beta_0 + \sum_l \beta_l x^{(l)}_{ij} + \varepsilon_{ij}`
    (OLS) or :math:`\operatorname{logit} \Pr(y_{ij} = 1) = \beta_0 + \sum_l
    \beta_l x^{(l)}_{ij}` (logistic) over the dyads, and tests each
    coefficient by permuting actors (the quadratic assignment procedure),
    which keeps the dependence among dyads that share an actor: the
    classical standard errors, which assume independent dyads, are
    reported but not used for the p-values.

    Supports directed and undirected graphs, weighted or not; one-mode
    (edge lists) and projected (affiliation) networks alike.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The dependent network: :math:`y_{ij}` is the tie from ``i`` to
        ``j`` (1/0 with ``weight=False``, the tie weight with
        ``weight=True``).
    covariates : mapping of str to covariate
        Names (the rows of the result) to dyadic covariates, each one of:

        - a helper spec: :func:`same`, :func:`difference`, :func:`sender`,
          :func:`receiver`, :func:`total`, :func:`distance`;
        - an ``n x n`` numpy array or scipy sparse matrix, rows and columns
          in the graph's actor order (``g.actor_ids``);
        - a pandas DataFrame whose index and columns are actor ids (in any
          order; every actor of ``g`` must be there, and no other);
        - another network (CollaborationGraph, networkx or igraph), e.g.
          an earlier period's: aligned by actor id; its actors absent from
          ``g`` are left out, and actors of ``g`` absent from it have no
          ties there. Read with the same ``weight=`` rule as ``g``.

        The diagonal is ignored. On an undirected graph every covariate
        must be symmetric.
    family : {"ols", "logit"}, optional
        Default: ``"logit"`` when the dependent matrix is binary (always
        so with ``weight=False``), ``"ols"`` otherwise. ``family="ols"`` on
        a binary matrix is the linear probability model.
    method : {"dsp", "y"}, optional
        The permutation scheme (Notes). Default: ``"dsp"`` with two or
        more covariates, ``"y"`` with one (for a single covariate's
        coefficient both give the same null distribution).
    n : int, default 1000
        Number of permutations.
    rng : None, int or numpy.random.Generator
        Seed (an int >= 0); the one used is stored in the result.
    n_jobs : int, default 1
        Worker processes (``-1``: one per CPU). Results do not depend on it.
    progress : bool, optional
        A tqdm progress bar; default: when stderr is a terminal.
    weight : bool, default False
        Use tie weights as the dependent variable (and for network
        covariates); ``False`` codes every tie 1.
    max_memory : int, default 4 GiB
        Refuse, before any work, when the dense dyad design would need
        more bytes than this: about :math:`8 n^2 (3k + 5)` bytes for OLS
        and :math:`8 n^2 (5k + 5)` for logit, with :math:`n` actors and
        :math:`k` coefficients (intercept included). About 5,000 actors
        with three covariates fit in the default.

    Returns
    -------
    QAPResult
        ``.coef``, ``.se``, ``.statistic``, ``.p_value`` (two-sided),
        ``.p_less``, ``.p_greater``, fit statistics, ``.to_frame()``.

    Raises
    ------
    ClusternetError
        Bad options; a covariate of the wrong shape, with NaN or infinite
        values, not symmetric on an undirected graph, constant or collinear
        with the others; ``family="logit"`` on a weighted dependent; a
        design above ``max_memory``.
    UnknownActorError
        A DataFrame covariate labelled with ids that are not actors of ``g``.
    UnknownAttributeError
        A helper names an attribute that ``g`` does not have.

    See Also
    --------
    clusternet.inference.permutation_test : label permutation of any statistic.

    Notes
    -----
    **Dyads.** A directed graph has :math:`N = n(n-1)` dyads (all ordered
    pairs :math:`i \ne j`), as ``sna::netlm(mode="digraph")``. An
    undirected graph has :math:`N = n(n-1)/2` (unordered pairs), as
    ``netlm(mode="graph")``. Running netlm's default ``mode="digraph"`` on
    symmetric matrices counts every pair twice: the coefficients are the
    same, the t-values larger by :math:`\sqrt{(2N-k)/(N-k)}` for every
    permutation alike, so its p-values are those of ``mode="graph"``.

    **Statistic.** :math:`T_j = \hat\beta_j / \widehat{\mathrm{se}}_j`, the
    t-value (OLS) or z-value (logit), pivotal as Dekker et al. (2007)
    recommend and as netlm/netlogit use by default.

    **QAP-Y** (``method="y"``, Krackhardt 1988): the rows and columns of
    the dependent matrix are permuted alike, :math:`y^*_{ij} =
    y_{\pi(i)\pi(j)}`, and the model refitted; this keeps the structure of
    :math:`Y` and of the covariates but breaks their link. It tests all
    coefficients jointly against "no association"; with correlated
    covariates it tends to reject too often for one coefficient.

    **Double semi-partialling** (``method="dsp"``, Dekker, Krackhardt &
    Snijders 2007): for coefficient :math:`j`, the covariate is
    residualised on all the others (intercept included), :math:`e_j =
    x_j - X_{-j}\hat\gamma`; the residual matrix is permuted,
    :math:`e^*_j`, and :math:`y` regressed on :math:`X_{-j}` and
    :math:`e^*_j`; :math:`T^*_j` is the statistic of :math:`e^*_j`. This
    is robust to collinear covariates and skewed data. For the intercept,
    the constant is residualised on the covariates (without a constant),
    as netlm does. With one covariate, DSP for its coefficient permutes the
    centred covariate, which gives the same statistic as permuting
    :math:`y` by the inverse permutation: QAP-Y's null distribution.
    Logit models use the OLS residualisation (as netlogit).

    **p-values** from :math:`R` permutations (Phipson & Smyth 2010;
    netlm divides the count by :math:`R` instead, without the 1):
    :math:`\Pr(\le) = (1 + \#\{T^* \le T\})/(R+1)`, :math:`\Pr(\ge)` alike,
    and two-sided :math:`(1 + \#\{|T^*| \ge |T|\})/(R+1)`. Draws within
    :math:`10^{-9}` (relative) of :math:`T` count as extreme. Permutation
    ``i`` is drawn from ``numpy.random.SeedSequence(seed).spawn(n)[i]``,
    the same for any ``n_jobs``; under DSP one permutation per draw serves
    every coefficient.

    **Fit statistics.** OLS: :math:`R^2 = 1 - \mathrm{RSS}/\mathrm{TSS}`,
    adjusted :math:`1 - (1-R^2)(N-1)/(N-k)`. Logit: deviance
    :math:`-2\log L`, AIC :math:`= -2 \log L + 2k`, and the null deviance of
    the intercept-only model (netlogit reports instead the deviance of
    :math:`p = 1/2`, on :math:`N` degrees of freedom).

    **Speed.** The permutation loop never refits from scratch under OLS:
    :math:`X'X` is fixed, :math:`X'y^*` is gathered over the ties of
    :math:`y` only, and under DSP the covariates are permuted a block of
    rows at a time and their inner products with every residual matrix
    taken while the block is in cache; each t then follows from a
    :math:`k \times k` solve. Logit refits by Newton-Raphson at each
    permutation. At 2,000 actors, 1,000 permutations of QAP-Y take seconds
    and of DSP about a minute of CPU (``benchmarks/bench_qap.py``).

    References
    ----------
    .. [1] Krackhardt, D. (1988). Predicting with networks: nonparametric
       multiple regression analysis of dyadic data. *Social Networks* 10,
       359-381. https://doi.org/10.1016/0378-8733(88)90004-4
    .. [2] Dekker, D., Krackhardt, D. & Snijders, T. A. B. (2007).
       Sensitivity of MRQAP tests to collinearity and autocorrelation
       conditions. *Psychometrika* 72(4), 563-581.
       https://doi.org/10.1007/s11336-007-9016-1
    .. [3] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology* 9(1), 39. https://doi.org/10.2202/1544-6115.1585
    .. [4] Butts, C. T. (2008). Social network analysis with sna. *Journal
       of Statistical Software* 24(6). https://doi.org/10.18637/jss.v024.i06

    Examples
    --------
    Do Zachary's karate club members tie within their faction more than
    chance would give?

    >>> import networkx as nx, clusternet as cn
    >>> g = cn.as_graph(nx.karate_club_graph())
    >>> r = cn.inference.qap(g, {"same_club": cn.inference.same("club")},
    ...                      n=199, rng=7)
    >>> r.family, r.method, r.n_dyads
    ('logit', 'y', 561)
    >>> r.to_frame()[["coef", "z", "p_value"]].round(3)
                 coef      z  p_value
    covariate
    intercept  -3.230 -10.506    0.830
    same_club   2.111   6.245    0.005
    """
    g = as_graph(g)
    if family is not None and family not in FAMILIES:
        raise ClusternetError(f"unknown family={family!r}; choose 'ols' or 'logit' (or None)")
    if method is not None and method not in METHODS:
        raise ClusternetError(
            f"unknown method={method!r}; choose 'dsp' (double semi-partialling) or 'y' "
            "(permute the dependent matrix), or None"
        )
    n = _positive_int(n, "n")
    n_jobs = _n_jobs(n_jobs)
    weight = check_bool(weight, "weight")
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise ClusternetError(f"progress must be None, True or False, got {progress!r}")
    if (isinstance(max_memory, (bool, np.bool_)) or not isinstance(max_memory, numbers.Real)
            or not max_memory > 0):
        raise ClusternetError(f"max_memory must be a number of bytes > 0, got {max_memory!r}")
    root, seed = seed_sequence(rng)
    names = _names(covariates)
    k = len(names) + 1
    n_act = g.n_actors
    if n_act < 3:
        raise ClusternetError(f"QAP needs at least 3 actors, the graph has {n_act}")
    _check_memory(n_act, k, family or "ols", float(max_memory))

    adj = sp.csr_array(g.adjacency)
    y_full = adj.toarray() if weight else (adj != 0).astype(np.float64).toarray()
    np.fill_diagonal(y_full, 0.0)
    if not y_full.any():
        raise ClusternetError("the graph has no ties: there is nothing for qap to explain")
    binary = bool(np.isin(y_full, (0.0, 1.0)).all())
    if family is None:
        family = "logit" if binary else "ols"
    elif family == "logit" and not binary:
        raise ClusternetError(
            "family='logit' needs a binary tie matrix, but the tie weights are not all 1; "
            "pass weight=False (every tie coded 1) or family='ols'"
        )
    if family == "logit":
        _check_memory(n_act, k, family, float(max_memory))
    if method is None:
        method = "dsp" if k > 2 else "y"

    stack = np.empty((k - 1, n_act, n_act))
    for l, name in enumerate(names):
        stack[l] = _matrix(g, name, covariates[name], weight)
    design = _k.Design(y_full, stack, directed=g.directed)
    _check_rank(design, names)
    fit = design.ols() if family == "ols" else design.logit()
    if not fit["converged"]:
        warnings.warn(
            "the logit fit did not converge (a covariate may separate ties from non-ties "
            "perfectly); its coefficients are not reliable", ClusternetWarning, stacklevel=2,
        )
    job = _QAPJob(_ENGINES[family, method](design), n_act, design.k, root)
    draws = _run(job, n, n_jobs, progress, f"qap ({method})")
    return _result(design, [INTERCEPT, *names], fit, draws, family=family, method=method,
                   n=n, seed=seed)


# ---------------------------------------------------------------- inputs
def _names(covariates: Any) -> list[str]:
    if not isinstance(covariates, Mapping):
        raise ClusternetError(
            "covariates must be a mapping of names to covariates, e.g. "
            "{'same_domain': cn.inference.same('domain')}, got "
            f"{type(covariates).__name__}"
        )
    if not covariates:
        raise ClusternetError("covariates is empty: give at least one dyadic covariate")
    names = list(covariates)
    for name in names:
        if not isinstance(name, str):
            raise ClusternetError(f"covariate names must be strings, got {show(name)}")
        if name == INTERCEPT:
            raise ClusternetError(f"{INTERCEPT!r} is the name of the intercept; rename the covariate")
    return names


def _memory(n_act: int, k: int, family: str) -> float:
    return 8.0 * n_act**2 * ((3 * k + 5) if family == "ols" else (5 * k + 5))


def _check_memory(n_act: int, k: int, family: str, limit: float) -> None:
    need = _memory(n_act, k, family)
    if need > limit:
        formula = "8 n^2 (3k + 5)" if family == "ols" else "8 n^2 (5k + 5)"
        raise ClusternetError(
            f"qap on {n_act:,} actors with {k} coefficients ({family}) needs about "
            f"{need / 2**30:.1f} GiB for the dense dyad design ({formula} bytes), above "
            f"max_memory={limit / 2**30:.1f} GiB. Pass a larger max_memory= (in bytes) if "
            "the machine has it, or analyse a subgraph (g.subgraph(...)) or a time window"
        )


def _matrix(g: CollaborationGraph, name: str, value: Any, weight: bool) -> np.ndarray:
    n_act = g.n_actors
    if isinstance(value, _Covariate):
        m = value.matrix(g, name)
    elif isinstance(value, pd.DataFrame):
        m = _aligned_frame(g, name, value)
    elif sp.issparse(value) or isinstance(value, np.ndarray):
        arr = value.toarray() if sp.issparse(value) else value
        if arr.shape != (n_act, n_act):
            raise ClusternetError(
                f"covariate {name!r} has shape {arr.shape}; it must be ({n_act}, {n_act}), rows "
                "and columns in the graph's actor order (g.actor_ids), or a DataFrame labelled "
                "by actor id"
            )
        m = _as_float(arr, name)
    elif _is_graph(value):
        m = _aligned_graph(g, name, value, weight)
    else:
        raise ClusternetError(
            f"covariate {name!r} is a {type(value).__name__}; pass an n x n array in actor "
            "order, a DataFrame labelled by actor id, a network, or a helper such as "
            "cn.inference.same('domain')"
        )
    m = np.array(m, dtype=np.float64, copy=True)  # never the caller's array
    np.fill_diagonal(m, 0.0)
    bad = ~np.isfinite(m)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        ids = g.actor_ids
        raise ClusternetError(
            f"covariate {name!r} has {int(bad.sum())} missing or infinite value(s), e.g. for "
            f"actors {show(ids[i])} -> {show(ids[j])}; QAP needs a value for every pair: fill "
            "them, or analyse g.subgraph(...) of the actors that have them"
        )
    if not g.directed and not np.allclose(m, m.T, rtol=1e-12, atol=0.0):
        i, j = np.argwhere(~np.isclose(m, m.T, rtol=1e-12, atol=0.0))[0]
        raise ClusternetError(
            f"covariate {name!r} is not symmetric (e.g. {show(g.actor_ids[i])} -> "
            f"{show(g.actor_ids[j])}), but the graph is undirected: a dyad is an unordered pair. "
            "Pass a symmetric covariate (e.g. (m + m.T) / 2), or a directed graph"
        )
    return m


def _as_float(arr: Any, name: str) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype == bool:
        return arr.astype(np.float64)
    if not np.issubdtype(arr.dtype, np.number):
        raise ClusternetError(f"covariate {name!r} is not numeric (dtype {arr.dtype})")
    return arr.astype(np.float64)


def _aligned_frame(g: CollaborationGraph, name: str, frame: pd.DataFrame) -> np.ndarray:
    ids = g.actor_ids
    for axis, labels in (("index", frame.index), ("columns", frame.columns)):
        if not labels.is_unique:
            raise ClusternetError(f"covariate {name!r}: its {axis} names an actor twice")
        unknown = labels[~labels.isin(ids)]
        if len(unknown):
            raise UnknownActorError(
                f"covariate {name!r}: {len(unknown)} {axis} label(s) are not actors of the "
                f"graph, e.g. {list(unknown[:5])!r}; label the DataFrame by actor id"
            )
        missing = ids[~ids.isin(labels)]
        if len(missing):
            raise ClusternetError(
                f"covariate {name!r}: {len(missing)} actor(s) are missing from its {axis}, e.g. "
                f"{list(missing[:5])!r}; QAP needs a value for every pair of actors"
            )
    return _as_float(frame.reindex(index=ids, columns=ids).to_numpy(), name)


def _is_graph(value: Any) -> bool:
    if isinstance(value, CollaborationGraph):
        return True
    mod = type(value).__module__ or ""
    return mod.startswith("networkx") or mod.startswith("igraph")


def _aligned_graph(g: CollaborationGraph, name: str, value: Any, weight: bool) -> np.ndarray:
    h = as_graph(value)
    pos = h.actor_ids.get_indexer(g.actor_ids)  # position in h of each actor of g
    if not (pos >= 0).any():
        raise ClusternetError(
            f"covariate {name!r}: the network has no actor in common with the graph (ids "
            f"such as {list(h.actor_ids[:3])!r} against {list(g.actor_ids[:3])!r})"
        )
    a = sp.csr_array(h.adjacency)
    if not weight:
        a = (a != 0).astype(np.float64)
    have = np.flatnonzero(pos >= 0)
    sub = a[pos[have]][:, pos[have]].toarray()
    m = np.zeros((g.n_actors, g.n_actors))
    m[np.ix_(have, have)] = sub
    return m  # a directed network on an undirected graph: the symmetry check decides


# ---------------------------------------------------------------- design
class _QAPJob(_Job):
    """Permutation draws in blocks of the engine's size; draw ``i`` uses
    permutation ``_child(root, i).permutation(n)``, whatever the block or
    worker, so the draws do not depend on ``n_jobs``."""

    def __init__(self, engine: Any, n_act: int, width: int,
                 root: np.random.SeedSequence) -> None:
        self.engine = engine
        self.n_act = n_act
        self.width = width
        self.root = root

    def perms(self, start: int, stop: int) -> np.ndarray:
        return np.stack([_child(self.root, i).permutation(self.n_act)
                         for i in range(start, stop)])

    def run(self, start: int, stop: int, cancel: Any = None) -> np.ndarray | None:
        out = np.empty((stop - start, self.width))
        for a in range(start, stop, self.engine.block):
            if cancel is not None and cancel.is_set():
                return None
            b = min(stop, a + self.engine.block)
            out[a - start: b - start] = self.engine.draws(self.perms(a, b))
        return out


_ENGINES = {("ols", "y"): _k.OLSY, ("ols", "dsp"): _k.OLSDSP,
            ("logit", "y"): _k.LogitY, ("logit", "dsp"): _k.LogitDSP}


def _check_rank(design: _k.Design, names: list[str]) -> None:
    problem = design.rank_problem()
    if problem is None:
        return
    j, kind = problem
    name = names[j - 1]
    if kind == "zero":
        raise ClusternetError(f"covariate {name!r} is 0 for every dyad; it cannot be estimated")
    what = ("constant over the dyads (collinear with the intercept)" if kind == "constant"
            else "a linear combination of the covariates before it and the intercept")
    raise ClusternetError(f"covariate {name!r} is {what}; drop it or one of those it repeats")


# ---------------------------------------------------------------- result
def _result(design: _k.Design, names: list[str], fit: dict[str, Any], draws: np.ndarray, *,
            family: str, method: str, n: int, seed: int) -> QAPResult:
    index = pd.Index(names, name="covariate")
    observed = fit["observed"]
    valid = ~np.isnan(draws)
    n_valid = valid.sum(axis=0)
    if (n_valid < n).any():
        warnings.warn(
            f"{n - int(n_valid.min())} of {n} permutation fits did not converge; they are left "
            "out of the p-values (n_valid)", ClusternetWarning, stacklevel=3,
        )
    tol = _TOL * np.maximum(1.0, np.abs(observed))
    with np.errstate(invalid="ignore"):
        less = (draws <= observed + tol).sum(axis=0)
        greater = (draws >= observed - tol).sum(axis=0)
        both = (np.abs(draws) >= np.abs(observed) - tol).sum(axis=0)

    def p(count: np.ndarray) -> pd.Series:
        return pd.Series((1.0 + count) / (n_valid + 1.0), index=index.copy())

    stat_name = "t" if family == "ols" else "z"
    scheme = (
        "QAP-Y: rows and columns of the dependent matrix permuted (Krackhardt 1988)"
        if method == "y" else
        "double semi-partialling: residualised covariates permuted (Dekker, Krackhardt & "
        "Snijders 2007)"
    )
    null = pd.DataFrame(draws, columns=index.copy())
    null.index.name = "permutation"
    return QAPResult(
        coef=pd.Series(fit["coef"], index=index.copy(), name="coef"),
        se=pd.Series(fit["se"], index=index.copy(), name="se"),
        statistic=pd.Series(fit["stat"], index=index.copy(), name=stat_name),
        p_value=p(both).rename("p_value"), p_less=p(less).rename("p_less"),
        p_greater=p(greater).rename("p_greater"),
        n_valid=pd.Series(n_valid.astype(np.int64), index=index.copy(), name="n_valid"),
        family=family, method=method, null_model=f"{scheme}, {n} permutations", n=n,
        n_actors=design.n, n_dyads=design.n_dyads, directed=design.directed,
        r_squared=float(fit["r_squared"]), adj_r_squared=float(fit["adj_r_squared"]),
        deviance=float(fit["deviance"]), null_deviance=float(fit["null_deviance"]),
        aic=float(fit["aic"]), seed=seed, null=null,
    )
