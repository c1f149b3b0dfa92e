"""The small-world quotient of an affiliation graph against its bipartite null."""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .. import nulls
from .._convert import as_graph
from .._kernels.paths import PathMean, mean_of_sources, random_bipartite
from .._registry import measure
from .._results import label
from .._validation import check_choice, seed_sequence, show
from ..errors import ClusternetError, ClusternetWarning

__all__ = ["SmallWorld", "small_world"]

_NULLS = ("curveball", "analytic")
_CLUSTERING = ("global", "average")

#: Largest component up to this many actors: every actor is a BFS source
#: (exact mean path length) unless ``k=`` says otherwise.
EXACT_LIMIT = 5_000
#: Sources sampled on larger components when ``k=None``.
DEFAULT_SOURCES = 500

_FIELDS = ("C", "C_null_mean", "C_null_sd", "L", "L_se", "L_null_mean", "L_null_sd", "Q")


@dataclass(frozen=True, eq=False)
class SmallWorld:
    """Result of :func:`small_world`.

    Attributes
    ----------
    C, L : float
        Clustering coefficient of the projection and mean shortest-path
        length (steps) over its largest component.
    C_null_mean, C_null_sd, L_null_mean, L_null_sd : float
        Mean and standard deviation (ddof 1) of C and L over the null
        draws; with ``null="analytic"`` the means are the Newman, Strogatz
        & Watts (2001) values and the sds NaN.
    Q : float
        ``(C / C_null_mean) / (L / L_null_mean)``.
    n : int
        Null draws (0 with ``null="analytic"``).
    seed : int
        Pass it as ``rng=`` to reproduce the result.
    L_se : float
        Standard error of ``L`` from sampling BFS sources (0 when exact).
    sources : int
        BFS sources used for ``L`` (the size of the largest component when
        exact).
    null : str
        ``"curveball"`` or ``"analytic"``.
    clustering : str
        ``"global"`` or ``"average"``.
    draws : pandas.DataFrame
        One row per null draw, columns ``C`` and ``L`` (empty for the
        analytic null).
    """

    C: float
    L: float
    C_null_mean: float
    C_null_sd: float
    L_null_mean: float
    L_null_sd: float
    Q: float
    n: int
    seed: int
    L_se: float = 0.0
    sources: int = 0
    null: str = "curveball"
    clustering: str = "global"
    draws: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def C_ratio(self) -> float:
        """``C / C_null_mean``."""
        return _ratio(self.C, self.C_null_mean)

    @property
    def L_ratio(self) -> float:
        """``L / L_null_mean``."""
        return _ratio(self.L, self.L_null_mean)

    def _params(self) -> dict[str, Any]:
        return {"n": self.n, "seed": self.seed, "null": self.null,
                "clustering": self.clustering, "sources": self.sources}

    def as_series(self) -> pd.Series:
        """The numbers as one Series (for :func:`clusternet.temporal.over_time`).

        Returns
        -------
        pandas.Series
            ``C``, ``C_null_mean``, ``C_null_sd``, ``L``, ``L_se``,
            ``L_null_mean``, ``L_null_sd``, ``Q``, ``n`` (floats), labelled.

        Examples
        --------
        >>> import clusternet as cn
        >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
        >>> g = cn.from_affiliations(aff, time="year")
        >>> r = cn.structure.small_world(g, n=10, rng=0)
        >>> list(r.as_series().index)
        ['C', 'C_null_mean', 'C_null_sd', 'L', 'L_se', 'L_null_mean', 'L_null_sd', 'Q', 'n']
        """
        values = {k: float(getattr(self, k)) for k in _FIELDS}
        values["n"] = float(self.n)
        s = pd.Series(values, name="small_world", dtype=np.float64)
        return label(s, "small_world", self._params())

    def to_frame(self) -> pd.DataFrame:
        """One row: every number of the result, with the seed and the null.

        Returns
        -------
        pandas.DataFrame
            Index ``["small_world"]``; columns ``C``, ``C_null_mean``,
            ``C_null_sd``, ``L``, ``L_se``, ``L_null_mean``, ``L_null_sd``,
            ``Q``, ``n``, ``sources``, ``null``, ``clustering``, ``seed``.

        Examples
        --------
        >>> import clusternet as cn
        >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
        >>> g = cn.from_affiliations(aff, time="year")
        >>> f = cn.structure.small_world(g, null="analytic", rng=0).to_frame()
        >>> f[["C", "C_null_mean", "L", "L_null_mean", "Q", "n", "seed"]].round(3)
                         C  C_null_mean      L  L_null_mean      Q  n seed
        statistic
        small_world  0.669        0.494  2.261        1.719  1.029  0  0
        """
        row: dict[str, Any] = {k: [float(getattr(self, k))] for k in _FIELDS}
        row["n"] = [self.n]
        row["sources"] = [self.sources]
        row["null"] = [self.null]
        row["clustering"] = [self.clustering]
        row["seed"] = pd.Series([self.seed], dtype=object).to_numpy()
        df = pd.DataFrame(row, index=pd.Index(["small_world"], name="statistic"))
        return label(df, "small_world", self._params())

    def __repr__(self) -> str:
        how = (f"{self.n} curveball draws" if self.null == "curveball"
               else "analytic bipartite random graph")
        return (f"<SmallWorld: Q={self.Q:.4g} (C={self.C:.4g} vs {self.C_null_mean:.4g}, "
                f"L={self.L:.4g} vs {self.L_null_mean:.4g}; {how}, seed={self.seed})>")


def _method(ctx: Any) -> str:
    null = ctx.get("null", "curveball")
    coefficient = ("the mean local clustering of the actors with two contacts or more "
                   "[watts1998]" if ctx.get("clustering") == "average" else
                   "the clustering coefficient of the actor network (3 x triangles / "
                   "connected triples)")
    base = (
        f"The small-world quotient [uzzi2005] is Q = (C/C_rand)/(L/L_rand), with C "
        f"{coefficient} and L the mean shortest-path length in steps over its largest "
        "component")
    if null == "analytic":
        return base + (
            "; C_rand and L_rand are the values of Newman, Strogatz and Watts's random "
            "bipartite graph with the observed numbers of events per actor and team "
            "sizes [newman2001random].")
    return base + (
        "; C_rand and L_rand are their means over random affiliation networks that keep "
        "every actor's number of events and every team's size (curveball draws of the "
        "actor x event table, re-projected, so that every team is a clique of the null as "
        "well) [strona2014].")


@measure(
    family="structure",
    levels={"network": "SmallWorld"},
    attribute=None,
    references=("uzzi2005", "newman2001random", "strona2014", "watts1998"),
    summary="small-world quotient Q = (C/C_rand)/(L/L_rand) against the bipartite null",
    needs_events=True,
    renamed={"sources": "k"},
    method=_method,
)
def small_world(
    g: Any,
    *,
    n: int | None = None,
    rng: Any = None,
    null: str = "curveball",
    clustering: str = "global",
    k: int | None = None,
    n_trades: int | None = None,
) -> SmallWorld:
    r"""The small-world quotient of an affiliation graph (Uzzi & Spiro 2005).

    Supports affiliation graphs only (built with
    :func:`~clusternet.from_affiliations`): the baseline is a random
    affiliation network, so the team cliques of the projection are in it.
    Tie weights are not used (paths are counted in steps).

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph.
    n : int, optional
        Number of null draws (``null="curveball"``), at least 2; default
        100. Not allowed with ``null="analytic"``.
    rng : None, int or numpy.random.Generator
        Seed of the null draws and of the sampled BFS sources.
    null : {"curveball", "analytic"}
        ``"curveball"``: :math:`C_{rand}`, :math:`L_{rand}` are the means
        over ``n`` draws of :func:`clusternet.nulls.curveball`, which keeps
        every actor's number of events and every event's size and
        re-projects. ``"analytic"``: the values of the random bipartite
        graph of Newman, Strogatz & Watts (2001) with those degree
        sequences (see Notes for where the two differ).
    clustering : {"global", "average"}
        ``"global"`` (default): the transitivity, three times the triangles
        over the connected triples -- the coefficient whose random
        bipartite value Newman, Strogatz & Watts derive and Uzzi & Spiro
        compare with. ``"average"``: the mean over actors with two contacts
        or more of their local clustering (Watts & Strogatz 1998); curveball
        null only.
    k : int, optional
        Number of BFS source actors for :math:`L`, drawn at random (the
        ``k=`` of :func:`clusternet.brokerage.betweenness`). Default: every
        actor of the largest component when it has at most 5,000 actors
        (exact), else 500. An int: that many sources (exact when it is at
        least the size of the component). The same number is used in every
        null draw. (``sources=``, its earlier name, still works with a
        FutureWarning.)
    n_trades : int, optional
        Passed to :func:`clusternet.nulls.curveball` (default there: 10 per
        actor).

    Returns
    -------
    SmallWorld
        ``C``, ``L`` (and ``L_se``, its sampling error), ``C_null_mean``,
        ``C_null_sd``, ``L_null_mean``, ``L_null_sd``, ``Q``, ``n``,
        ``seed``; ``to_frame()`` and ``as_series()``. Undefined values
        (no connected triple, a largest component of one actor, a null mean
        of 0) are NaN with a :class:`ClusternetWarning`.

    Raises
    ------
    ClusternetError
        The graph has no events (not built from affiliations); ``n`` not an
        integer >= 2, or given with ``null="analytic"``; unknown ``null`` or
        ``clustering``; ``clustering="average"`` with the analytic null;
        ``k`` not an integer >= 2; a bad seed.

    See Also
    --------
    clusternet.nulls.curveball : the null model.
    clusternet.structure.two_mode_clustering : clustering measured on the
        two-mode network itself.

    Notes
    -----
    .. math::

        Q = \frac{C / C_{rand}}{L / L_{rand}}

    :math:`C` is computed on the whole projection (0/1 pattern of ties),
    :math:`L` is the mean over ordered pairs of actors of the largest
    component of their distance in steps. With :math:`s` sources sampled
    without replacement among the :math:`n_c` actors of the component,
    :math:`\hat L` is the mean of the sources' mean distances (unbiased) and
    ``L_se`` :math:`= \frac{s_d}{\sqrt s}\sqrt{1 - s/n_c}`. In the null
    draws the sampling noise is part of ``L_null_sd``.

    Seeds: draw ``i`` uses
    ``numpy.random.default_rng(numpy.random.SeedSequence(seed).spawn(n)[i])``
    (as :mod:`clusternet.inference` does) for its curveball trades and then
    its BFS sources; the sources of the observed graph come from
    ``default_rng(SeedSequence(seed))``, so the observed ``L`` does not
    depend on ``n``.

    The analytic null (Newman, Strogatz & Watts 2001, sec. V): with
    :math:`f_0, g_0` the generating functions of the events per actor and
    the actors per event, :math:`G_0(x) = f_0(g_1(x))`,
    :math:`z_1 = G_0'(1)`, :math:`z_2 = G_0'(1) G_1'(1)`,

    .. math::

        C_{rand} = \frac{M}{N}\frac{g_0'''(1)}{G_0''(1)}, \qquad
        L_{rand} = \frac{\ln(N/z_1)}{\ln(z_2/z_1)} + 1 .

    It differs from the curveball simulation in that it (i) counts an
    actor's contacts with multiplicity, :math:`\sum (k_e - 1)` over its
    events, so where pairs meet in several events (repeated teams) it
    overstates :math:`z_1` and understates :math:`L_{rand}`, while the
    simulation projects and counts each pair once; (ii) counts only the
    triangles inside one event, not those closed across three events, which
    the simulation counts (negligible in large sparse graphs, not in small
    dense ones); (iii) gives :math:`L_{rand}` for a large, locally tree-like
    giant component: it is poor when :math:`z_1` is a sizeable share of
    :math:`N`, and NaN when :math:`z_2 \le z_1` or :math:`z_1 \ge N`;
    (iv) knows nothing of a projection's ``min_weight`` or ``max_ties``,
    which the curveball null applies again to every draw. On Davis's
    Southern Women (18 actors, dense) the formula gives
    :math:`C_{rand} \approx 0.19` where the curveball draws give 0.93: use
    it on large sparse graphs only.

    References
    ----------
    .. [1] Uzzi, B., & Spiro, J. (2005). Collaboration and creativity: the
       small world problem. American Journal of Sociology 111(2), 447-504.
       https://doi.org/10.1086/432782
    .. [2] Newman, M. E. J., Strogatz, S. H., & Watts, D. J. (2001). Random
       graphs with arbitrary degree distributions and their applications.
       Physical Review E 64(2), 026118.
       https://doi.org/10.1103/PhysRevE.64.026118
    .. [3] Strona, G., Nappo, D., Boccacci, F., Fattorini, S., &
       San-Miguel-Ayanz, J. (2014). A fast and unbiased procedure to
       randomize ecological binary matrices with fixed row and column
       totals. Nature Communications 5, 4114.
       https://doi.org/10.1038/ncomms5114
    .. [4] Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of
       'small-world' networks. Nature 393(6684), 440-442.
       https://doi.org/10.1038/30918

    Examples
    --------
    Davis's Southern Women: 18 women, 14 events. The projection is nearly
    complete, and so is every curveball draw of it: Q is about 1, the
    clustering is what teams of these sizes give.

    >>> import clusternet as cn
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> r = cn.structure.small_world(g, n=20, rng=1)
    >>> r
    <SmallWorld: Q=1.006 (C=0.9284 vs 0.9277, L=1.092 vs 1.098; 20 curveball draws, seed=1)>
    >>> round(r.C_null_sd, 4), r.L_se        # L is exact on 18 actors
    (0.0178, 0.0)

    The bundled cluster, against the curveball draws and the analytic
    random bipartite graph:

    >>> aff, actors = cn.datasets.creative_cluster(n_actors=300, n_years=5, rng=1)
    >>> g = cn.from_affiliations(aff, time="year")
    >>> cn.structure.small_world(g, n=20, rng=0)
    <SmallWorld: Q=0.993 (C=0.5523 vs 0.5172, L=3.152 vs 2.931; 20 curveball draws, seed=0)>
    >>> a = cn.structure.small_world(g, null="analytic", rng=0)
    >>> round(a.C_null_mean, 4), round(a.L_null_mean, 4), a.n
    (0.4571, 2.2673, 0)

    Per period, through :func:`clusternet.temporal.over_time`, which takes
    a number or a Series (``as_series``):

    >>> sw = lambda w: cn.structure.small_world(w, n=10, rng=0).as_series()
    >>> cn.temporal.over_time(g, sw, size=2, step=1)[["C", "L", "Q"]].round(3)
                C      L      Q
    period
    2010    0.798  3.618  1.034
    2011    0.678  2.941  1.053
    2012    0.690  3.049  1.065
    2013    0.790  3.433  1.027
    2014    0.957  1.540  1.364
    """
    g = as_graph(g)
    B = g.incidence
    if B is None:
        raise ClusternetError(
            "small_world needs the events of an affiliation graph (build it with "
            "cn.from_affiliations), whose actor x event table the null randomises; this "
            "graph has none"
        )
    check_choice(null, _NULLS, "null")
    check_choice(clustering, _CLUSTERING, "clustering")
    if null == "analytic":
        if n is not None:
            raise ClusternetError(
                "n= is the number of curveball draws; null='analytic' draws none (leave n "
                "out, or pass null='curveball')"
            )
        if clustering != "global":
            raise ClusternetError(
                "null='analytic' gives the random value of the global clustering only; pass "
                "clustering='global' or null='curveball'"
            )
        draws = 0
    else:
        draws = 100 if n is None else _whole(n, "n", 2)
    if k is not None:
        k = _whole(k, "k", 2)
    if n_trades is not None and null == "analytic":
        raise ClusternetError("n_trades= is for null='curveball'; the analytic null has none")
    if n_trades is not None:
        n_trades = _whole(n_trades, "n_trades", 0)
    root, seed = seed_sequence(rng)

    C, path = _observe(g.adjacency, clustering, k, np.random.default_rng(root))
    if null == "analytic":
        rb = random_bipartite(np.diff(B.indptr), np.bincount(B.indices, minlength=B.shape[1]))
        C_mean, L_mean, C_sd, L_sd = rb.clustering, rb.path_length, np.nan, np.nan
        table = pd.DataFrame({"C": np.empty(0), "L": np.empty(0)})
    else:
        values = np.empty((draws, 2))
        for i in range(draws):
            child = _child(root, i)
            h = nulls.curveball(g, rng=child, n_trades=n_trades)
            c_i, p_i = _observe(h.adjacency, clustering, k, child)
            values[i] = c_i, p_i.mean
        table = pd.DataFrame(values, columns=["C", "L"])
        C_mean, C_sd = _moments(values[:, 0], "C")
        L_mean, L_sd = _moments(values[:, 1], "L")
    Q = _ratio(_ratio(C, C_mean), _ratio(path.mean, L_mean))
    if np.isnan(Q):
        warnings.warn(
            f"small_world: Q is NaN (C={C:.4g}, C_rand={C_mean:.4g}, L={path.mean:.4g}, "
            f"L_rand={L_mean:.4g}): a part is undefined or zero, e.g. no two ties share an "
            "actor, a largest component of one actor, or no giant component for the "
            "analytic formula",
            ClusternetWarning,
            stacklevel=3,
        )
    return SmallWorld(
        C=float(C), L=float(path.mean), C_null_mean=float(C_mean), C_null_sd=float(C_sd),
        L_null_mean=float(L_mean), L_null_sd=float(L_sd), Q=float(Q), n=draws, seed=seed,
        L_se=float(path.se), sources=int(path.sources), null=null, clustering=clustering,
        draws=table,
    )


# ------------------------------------------------------------------ helpers
def _whole(value: Any, param: str, low: int) -> int:
    if (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral)
            or value < low):
        raise ClusternetError(f"{param} must be an integer >= {low}, got {show(value)}")
    return int(value)


def _ratio(a: float, b: float) -> float:
    if not (np.isfinite(a) and np.isfinite(b)) or b == 0:
        return float("nan")
    return float(a / b)


def _child(root: np.random.SeedSequence, i: int) -> np.random.Generator:
    """The generator of draw ``i``: that of ``root.spawn(n)[i]``, as in inference."""
    return np.random.default_rng(
        np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i),
                               pool_size=root.pool_size)
    )


def _moments(values: np.ndarray, what: str) -> tuple[float, float]:
    ok = np.isfinite(values)
    if not ok.all():
        warnings.warn(
            f"small_world: {int((~ok).sum())} of {len(values)} null draws have {what} "
            "undefined; they are left out of its mean and sd",
            ClusternetWarning,
            stacklevel=4,
        )
    v = values[ok]
    if len(v) == 0:
        return float("nan"), float("nan")
    return float(v.mean()), (float(v.std(ddof=1)) if len(v) > 1 else float("nan"))


def _igraph(A: sp.csr_array):
    import igraph as ig

    U = sp.triu(A, k=1, format="coo")
    keep = U.data != 0
    G = ig.Graph(n=A.shape[0])
    G.add_edges(np.column_stack([U.row[keep], U.col[keep]]).astype(np.int64))
    return G


def _observe(A: sp.csr_array, clustering: str, sources: int | None,
             rng: np.random.Generator) -> tuple[float, PathMean]:
    """C and the mean path length of the largest component of the pattern of A."""
    G = _igraph(A)
    if clustering == "global":
        C = G.transitivity_undirected()
    else:
        C = G.transitivity_avglocal_undirected(mode="nan")
    C = float("nan") if C is None else float(C)
    _, labels = connected_components(A, directed=False)
    sizes = np.bincount(labels)
    members = np.flatnonzero(labels == int(sizes.argmax()))
    n_c = len(members)
    if n_c < 2:
        return C, PathMean(float("nan"), float("nan"), 0)
    k = (n_c if n_c <= EXACT_LIMIT else DEFAULT_SOURCES) if sources is None else sources
    if k < n_c:
        chosen = np.sort(rng.choice(members, size=k, replace=False))
    else:
        chosen = members
    # normalised closeness = (reachable - 1) / sum of distances to them, so its
    # inverse is the source's mean distance to the other members of its component
    closeness = np.asarray(G.closeness(vertices=chosen.tolist(), normalized=True),
                           dtype=np.float64)
    return C, mean_of_sources(1.0 / closeness, n_c)
