"""Great-circle tie lengths and the distance-decay curve with its null band."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._registry import measure
from .._results import label
from .._validation import check_bool, check_choice, seed_sequence, show
from ..errors import ClusternetError, ClusternetWarning
from ._geo import EARTH_RADIUS_KM, haversine_km, located, tie_list

__all__ = ["DistanceDecay", "TieLengths", "distance_decay", "tie_lengths"]

#: Default distance bands (km): [0, 1) then quarter decades up to 10^4.5 km,
#: beyond half the Earth's circumference (about 20,015 km).
DEFAULT_BANDS = np.concatenate([[0.0], np.logspace(0.0, 4.5, 19)])

#: Distinct locations up to which the possible pairs per band are counted
#: exactly (U (U - 1) / 2 distances); beyond, they are estimated by sampling.
MAX_EXACT_LOCATIONS = 10_000

#: Pairs of actors sampled when the pairs per band are estimated.
PAIR_SAMPLE = 2_000_000

_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def _check_missing(value: Any, param: str) -> str:
    check_choice(value, ("error", "drop"), param)
    return str(value)


def _check_n(value: Any, param: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
            or value < 0:
        raise ClusternetError(f"{param} must be an integer >= 0 (null draws), got {show(value)}")
    return int(value)


# ------------------------------------------------------------------ results
@dataclass(frozen=True, eq=False, repr=False)
class TieLengths:
    """Great-circle lengths of a graph's ties (see :func:`tie_lengths`).

    Attributes
    ----------
    ties : pandas.DataFrame
        One row per tie whose two actors have coordinates: ``source``,
        ``target`` (actor ids), ``weight``, ``km``.
    summary : pandas.Series
        ``n_ties`` (all ties), ``n_located`` (ties with both ends located),
        ``mean_km``, ``min_km``, ``p10_km``, ``p25_km``, ``median_km``,
        ``p75_km``, ``p90_km``, ``max_km`` (weighted by tie weight when
        ``weighted``).
    weighted : bool
    radius_km : float
        The sphere's radius (:data:`EARTH_RADIUS_KM`).
    """

    ties: pd.DataFrame
    summary: pd.Series
    weighted: bool
    radius_km: float

    def to_frame(self) -> pd.DataFrame:
        """The per-tie table (:attr:`ties`)."""
        return self.ties

    def __repr__(self) -> str:
        s = self.summary
        return (f"<TieLengths: {int(s['n_located'])} of {int(s['n_ties'])} ties located, "
                f"median {s['median_km']:.4g} km, mean {s['mean_km']:.4g} km"
                f"{' (weighted)' if self.weighted else ''}>")


@dataclass(frozen=True, eq=False, repr=False)
class DistanceDecay:
    """The distance-decay curve of a graph's ties (see :func:`distance_decay`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per band (index ``band``): ``lower_km``, ``upper_km``,
        ``midpoint_km`` (geometric mean of the bounds; NaN for a band
        starting at 0), ``pairs`` (possible pairs of located actors),
        ``pairs_se`` (its standard error: 0 when counted exactly), ``ties``,
        ``probability`` (ties / pairs), ``null_mean``, ``null_low``,
        ``null_high`` (mean, 2.5 % and 97.5 % quantiles of the probability
        over the null draws).
    exponent : float
        :math:`\\gamma` of :math:`p(d) \\propto d^{-\\gamma}` (see ``method``).
    intercept, r_squared : float
        Of the log-log fit.
    n_bands_fitted : int
    null_exponents : ndarray
        The exponent fitted on each null draw.
    method, pairs_method : str
        How the exponent was fitted; how the pairs were counted.
    n : int
        Null draws.
    seed : int
        Pass it as ``rng=`` to reproduce the result.
    """

    table: pd.DataFrame
    exponent: float
    intercept: float
    r_squared: float
    n_bands_fitted: int
    null_exponents: np.ndarray
    method: str
    pairs_method: str
    n: int
    seed: int

    def to_frame(self) -> pd.DataFrame:
        """The table by band (:attr:`table`)."""
        return self.table

    def __repr__(self) -> str:
        return (f"<DistanceDecay: exponent {self.exponent:.4g} over {self.n_bands_fitted} "
                f"bands (r2 {self.r_squared:.3g}), {self.n} null draws, seed {self.seed}>")


# ----------------------------------------------------------------- measures
@measure(
    family="territory",
    levels={"network": "TieLengths"},
    attribute=None,
    references=("boschma2005", "juhasz2018"),
    summary="great-circle length (km) of every tie between located actors",
    checks={"weight": check_bool, "missing": _check_missing},
    method=(
        "Tie lengths are great-circle (haversine) distances between the two actors' "
        "coordinates on a sphere of radius 6371.0088 km (the GRS80 mean Earth radius), "
        "a measure of geographical proximity [boschma2005, juhasz2018]."),
)
def tie_lengths(
    g: Any,
    *,
    lat: str,
    lon: str,
    weight: bool = False,
    missing: str = "error",
) -> TieLengths:
    r"""Great-circle length of every tie whose two actors have coordinates.

    Supports undirected graphs (each tie once) and directed graphs (each
    arc), weighted or not, affiliation graphs (their projected network).

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    lat, lon : str
        Numeric actor attributes: latitude in [-90, 90] and longitude in
        [-180, 180], decimal degrees (WGS84 coordinates read on a sphere).
        Keyword-only, so that they cannot be swapped by position.
    weight : bool, default False
        Weight the summary (mean and quantiles) by tie weight.
    missing : {"error", "drop"}
        Actors without coordinates: raise naming them, or leave their ties
        out of the table (they still count in ``n_ties``).

    Returns
    -------
    TieLengths
        ``.ties`` (one row per located tie: ``source``, ``target``,
        ``weight``, ``km``) and ``.summary``.

    Raises
    ------
    UnknownAttributeError
        ``lat`` or ``lon`` is not an actor attribute.
    ClusternetError
        A non-numeric column, a latitude outside [-90, 90] or longitude
        outside [-180, 180], an actor with one coordinate only, actors
        without coordinates with ``missing="error"``.

    See Also
    --------
    distance_decay : ties over possible pairs by distance.

    Notes
    -----
    The haversine formula on a sphere of radius
    :math:`R = 6371.0088` km, the mean Earth radius :math:`R_1 = (2a+b)/3`
    of the Geodetic Reference System 1980 (Moritz 2000,
    https://doi.org/10.1007/s001900050278):

    .. math::

        d_{ij} = 2R \arcsin\sqrt{\sin^2\frac{\varphi_j-\varphi_i}{2}
            + \cos\varphi_i\cos\varphi_j\sin^2\frac{\lambda_j-\lambda_i}{2}}

    with latitudes :math:`\varphi` and longitudes :math:`\lambda` in
    radians. The sphere ignores the Earth's flattening (1/298.257): geodesic
    distances on the WGS84 ellipsoid differ from these by less than 1 %.
    Actors of one city often share its coordinates: their ties have length
    0. Quantiles are the inverse of the (weighted) empirical distribution
    (numpy's ``method="inverted_cdf"``). Vectorised over the ties: about
    one second per ten million ties.

    The length of ties is the geographical proximity of Boschma (2005)
    [1]_; Juhász and Lengyel (2018) [2]_ find that it drives the creation of
    ties in a cluster, not their persistence.

    References
    ----------
    .. [1] Boschma, R. (2005). Proximity and innovation: a critical
       assessment. Regional Studies 39(1), 61-74.
       https://doi.org/10.1080/0034340052000320887
    .. [2] Juhász, S., & Lengyel, B. (2018). Creation and persistence of ties
       in cluster knowledge networks. Journal of Economic Geography 18(6),
       1203-1226.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> ties = pd.DataFrame({"source": ["paris", "paris"], "target": ["london", "lyon"]})
    >>> actors = pd.DataFrame({"actor": ["paris", "london", "lyon"],
    ...                        "lat": [48.8566, 51.5074, 45.7640],
    ...                        "lon": [2.3522, -0.1278, 4.8357]})
    >>> g = cn.from_edgelist(ties, actors=actors)
    >>> t = cn.territory.tie_lengths(g, lat="lat", lon="lon")
    >>> t.ties.round(1)
      source  target  weight     km
    0  paris  london     1.0  343.6
    1  paris    lyon     1.0  391.5
    >>> t.summary[["n_ties", "median_km"]].round(1)
    n_ties       2.0
    median_km  343.6
    Name: tie_lengths, dtype: float64
    """
    g = as_graph(g)
    loc = located(g, lat, lon, missing=missing)
    src, tgt, w = tie_list(g)
    n_ties = src.size
    if not loc.known.all():
        keep = loc.known[src] & loc.known[tgt]
        src, tgt, w = src[keep], tgt[keep], w[keep]
    km = haversine_km(loc.phi[src], loc.lam[src], loc.phi[tgt], loc.lam[tgt])
    ids = g.actor_ids
    table = pd.DataFrame({"source": ids.take(src), "target": ids.take(tgt),
                          "weight": np.asarray(w, dtype=np.float64), "km": km})
    summary = _summary(km, w if weight else None, n_ties)
    params = {"lat": lat, "lon": lon, "weight": weight, "missing": missing,
              "radius_km": EARTH_RADIUS_KM, "directed": g.directed}
    label(table, "tie_lengths", params)
    label(summary, "tie_lengths", params)
    return TieLengths(ties=table, summary=summary, weighted=bool(weight),
                      radius_km=EARTH_RADIUS_KM)


def _summary(km: np.ndarray, w: np.ndarray | None, n_ties: int) -> pd.Series:
    names = ["n_ties", "n_located", "mean_km", "min_km"] + [
        f"p{int(q * 100)}_km" if q != 0.5 else "median_km" for q in _QUANTILES] + ["max_km"]
    if km.size == 0:
        warnings.warn("tie_lengths: no tie joins two actors with coordinates; the summary "
                      "is NaN", ClusternetWarning, stacklevel=3)
        values = [float(n_ties), 0.0] + [np.nan] * (len(names) - 2)
    else:
        if w is None:
            mean = float(km.mean())
            qs = np.quantile(km, _QUANTILES, method="inverted_cdf")
        else:
            w = np.asarray(w, dtype=np.float64)
            mean = float(np.dot(km, w) / w.sum())
            qs = np.quantile(km, _QUANTILES, weights=w, method="inverted_cdf")
        values = [float(n_ties), float(km.size), mean, float(km.min()), *map(float, qs),
                  float(km.max())]
    return pd.Series(values, index=names, name="tie_lengths", dtype=np.float64)


@measure(
    family="territory",
    levels={"network": "DistanceDecay"},
    attribute=None,
    references=("boschma2005", "juhasz2018", "balland2012"),
    summary="ties over possible pairs by distance band, its null band and decay exponent",
    checks={"missing": _check_missing, "n": _check_n},
    method=(
        "The distance-decay curve is the share of possible pairs of actors that are tied, "
        "by band of great-circle distance; its null band comes from seeded permutations "
        "of the coordinates over the actors, and the decay exponent is the negative slope "
        "of the log-log least-squares fit of that share on the band's geometric midpoint "
        "(geographical proximity [boschma2005, balland2012, juhasz2018])."),
)
def distance_decay(
    g: Any,
    *,
    lat: str,
    lon: str,
    bands: Any = None,
    n: int = 99,
    rng: Any = None,
    missing: str = "error",
) -> DistanceDecay:
    r"""The probability of a tie by distance band, its null band and the
    decay exponent.

    Supports undirected and directed graphs (a pair counts as tied when an
    arc joins it in either direction), affiliation graphs (their projected
    network). Ties are counted, not weighted.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    lat, lon : str
        Numeric actor attributes, decimal degrees (see :func:`tie_lengths`).
    bands : sequence of float, optional
        Band edges in km, increasing, from 0 or more: band :math:`b` is
        :math:`[e_b, e_{b+1})`. Default: :math:`[0, 1)` km, then quarter
        decades (:math:`10^{k/4}` km) up to :math:`10^{4.5}` km. Pairs and
        ties outside the edges are left out.
    n : int, default 99
        Null draws (0: no null band).
    rng : None, int or numpy.random.Generator
        Seed of the null draws (and of the pair sample, when the pairs are
        sampled); the one used is stored as ``.seed``.
    missing : {"error", "drop"}
        Actors without coordinates: raise, or leave them and their ties out
        (of the pairs too).

    Returns
    -------
    DistanceDecay
        ``.table`` by band, ``.exponent``, ``.method`` and the null draws.

    Raises
    ------
    UnknownAttributeError, ClusternetError
        As :func:`tie_lengths`; bad bands, ``n`` or seed.

    Notes
    -----
    With :math:`P_b` the pairs of located actors whose distance falls in
    band :math:`b` and :math:`T_b` those that are tied, the curve is
    :math:`p_b = T_b / P_b`.

    **Pairs** are counted without an :math:`n \times n` matrix: actors are
    grouped by identical coordinates (the actors of one city often share
    them), :math:`c_u (c_u - 1)/2` pairs of location :math:`u` lie at 0 km,
    and the :math:`U (U-1)/2` distances between the :math:`U` distinct
    locations are computed in blocks, each counting :math:`c_u c_v` pairs.
    This is exact while :math:`U \le 10\,000`; beyond, :math:`P_b` is
    estimated from 2,000,000 uniformly sampled pairs of distinct actors,
    :math:`\hat P_b = P \hat f_b` with standard error
    :math:`P \sqrt{\hat f_b (1 - \hat f_b)/m}` (column ``pairs_se``).

    **Null band**: each draw permutes the coordinates over the located
    actors (the set of locations, hence every :math:`P_b`, is unchanged;
    the ties are kept) and counts :math:`T_b` again; ``null_low`` and
    ``null_high`` are the 2.5 % and 97.5 % quantiles of :math:`T_b / P_b`.
    Draw :math:`i` uses child :math:`i` of the seed's ``SeedSequence``, so
    the same seed gives the same band.

    **Exponent**: ordinary least squares of :math:`\ln p_b` on
    :math:`\ln m_b`, :math:`m_b = \sqrt{e_b e_{b+1}}`, over the bands with
    :math:`e_b > 0`, :math:`T_b > 0` and :math:`P_b > 0`;
    :math:`\gamma = -\text{slope}` (:math:`p \propto d^{-\gamma}`). NaN with
    a :class:`ClusternetWarning` with fewer than three such bands. A gravity
    (Poisson) model with covariates is for a regression package.

    Geographical proximity raises the probability of collaboration (Boschma
    2005 [1]_; Balland 2012 [3]_), of new ties in particular (Juhász and
    Lengyel 2018 [2]_).

    References
    ----------
    .. [1] Boschma, R. (2005). Proximity and innovation: a critical
       assessment. Regional Studies 39(1), 61-74.
       https://doi.org/10.1080/0034340052000320887
    .. [2] Juhász, S., & Lengyel, B. (2018). Creation and persistence of ties
       in cluster knowledge networks. Journal of Economic Geography 18(6),
       1203-1226.
    .. [3] Balland, P.-A. (2012). Proximity and the evolution of
       collaboration networks: evidence from research and development
       projects within the global navigation satellite system (GNSS)
       industry. Regional Studies 46(6), 741-756.
       https://doi.org/10.1080/00343404.2010.529121

    Examples
    --------
    >>> import numpy as np, pandas as pd, clusternet as cn
    >>> gen = np.random.default_rng(0)
    >>> actors = pd.DataFrame({"actor": range(200), "lat": gen.uniform(40, 55, 200),
    ...                        "lon": gen.uniform(-5, 15, 200)})
    >>> i, j = gen.integers(0, 200, (2, 3000))
    >>> deg = np.hypot(actors.lat[i].to_numpy() - actors.lat[j].to_numpy(),
    ...                actors.lon[i].to_numpy() - actors.lon[j].to_numpy())
    >>> keep = (i != j) & (gen.random(3000) < np.exp(-deg))   # near pairs tie more
    >>> g = cn.from_edgelist(pd.DataFrame({"source": i[keep], "target": j[keep]}),
    ...                      actors=actors)
    >>> dd = cn.territory.distance_decay(g, lat="lat", lon="lon", n=19, rng=1)
    >>> round(dd.exponent, 2), dd.n_bands_fitted
    (1.71, 7)
    >>> dd.table.loc[[8, 10, 12], ["upper_km", "pairs", "ties", "probability",
    ...                            "null_high"]].round(4)
           upper_km   pairs  ties  probability  null_high
    band
    8      100.0000   152.0   9.0       0.0592     0.0132
    10     316.2278  1299.0  13.0       0.0100     0.0054
    12    1000.0000  7377.0   2.0       0.0003     0.0036
    """
    g = as_graph(g)
    edges = _edges(bands)
    root, seed = seed_sequence(rng)
    loc = located(g, lat, lon, missing=missing)
    pos = np.flatnonzero(loc.known)
    # pairs tied in either direction, once, among located actors
    src, tgt = _tied_pairs(g, loc.known)
    children = root.spawn(n + 1)
    pairs, pairs_se, pairs_method = _pairs_by_band(loc, pos, edges, children[0])
    phi, lam = loc.phi, loc.lam
    ties = _ties_by_band(phi, lam, src, tgt, edges)
    prob = _div(ties, pairs)
    lower, upper = edges[:-1], edges[1:]
    mid = np.where(lower > 0, np.sqrt(lower * np.maximum(upper, 0)), np.nan)
    exponent, intercept, r2, used = _fit(mid, prob, ties, pairs)
    null = np.full((n, edges.size - 1), np.nan)
    null_exp = np.full(n, np.nan)
    for i in range(n):
        perm = np.random.default_rng(children[i + 1]).permutation(pos)
        phi_p, lam_p = phi.copy(), lam.copy()
        phi_p[pos], lam_p[pos] = phi[perm], lam[perm]
        t = _ties_by_band(phi_p, lam_p, src, tgt, edges)
        null[i] = _div(t, pairs)
        null_exp[i] = _fit(mid, null[i], t, pairs, quiet=True)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN bands
        nmean = np.nanmean(null, axis=0) if n else np.full(edges.size - 1, np.nan)
        nlow = np.nanquantile(null, 0.025, axis=0) if n else np.full(edges.size - 1, np.nan)
        nhigh = np.nanquantile(null, 0.975, axis=0) if n else np.full(edges.size - 1, np.nan)
    table = pd.DataFrame(
        {"lower_km": lower, "upper_km": upper, "midpoint_km": mid, "pairs": pairs,
         "pairs_se": pairs_se, "ties": ties, "probability": prob, "null_mean": nmean,
         "null_low": nlow, "null_high": nhigh},
        index=pd.RangeIndex(edges.size - 1, name="band"),
    )
    method = (f"OLS of ln(ties/pairs) on ln(geometric band midpoint) over {used} bands "
              "(lower edge > 0, ties > 0); exponent = -slope")
    label(table, "distance_decay",
          {"lat": lat, "lon": lon, "bands": edges.tolist(), "n": n, "seed": seed,
           "missing": missing, "method": method, "pairs_method": pairs_method,
           "radius_km": EARTH_RADIUS_KM})
    return DistanceDecay(table=table, exponent=exponent, intercept=intercept, r_squared=r2,
                         n_bands_fitted=used, null_exponents=null_exp, method=method,
                         pairs_method=pairs_method, n=n, seed=seed)


# ------------------------------------------------------------------ helpers
def _edges(bands: Any) -> np.ndarray:
    if bands is None:
        return DEFAULT_BANDS.copy()
    try:
        e = np.asarray(bands, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ClusternetError(
            f"bands must be a sequence of band edges in km, got {show(bands)}") from None
    if e.size < 2 or not np.isfinite(e).all() or (e < 0).any() or (np.diff(e) <= 0).any():
        raise ClusternetError(
            "bands must be at least two finite, increasing edges in km, from 0 or more, e.g. "
            f"bands=[0, 10, 100, 1000]; got {e.tolist()!r}"
        )
    return e


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=np.asarray(den) > 0)
    return out


def _band_index(d: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.searchsorted(edges, d, side="right") - 1


def _count(d: np.ndarray, edges: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    b = _band_index(d, edges)
    ok = (b >= 0) & (b < edges.size - 1)
    return np.bincount(b[ok], weights=None if weights is None else weights[ok],
                       minlength=edges.size - 1).astype(np.float64)


def _tied_pairs(g: Any, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    A = g.adjacency
    if g.directed:
        A = (A + A.T).tocsr()
    rows = np.repeat(np.arange(A.shape[0], dtype=np.int64), np.diff(A.indptr))
    cols = A.indices.astype(np.int64)
    keep = (rows < cols) & known[rows] & known[cols]
    return rows[keep], cols[keep]


def _ties_by_band(phi, lam, src, tgt, edges) -> np.ndarray:
    return _count(haversine_km(phi[src], lam[src], phi[tgt], lam[tgt]), edges)


def _pairs_by_band(loc, pos: np.ndarray, edges: np.ndarray,
                   seed: np.random.SeedSequence) -> tuple[np.ndarray, np.ndarray, str]:
    k = edges.size - 1
    if pos.size < 2:
        return np.zeros(k), np.zeros(k), "exact (fewer than two located actors)"
    places = pd.DataFrame({"lat": loc.lat[pos], "lon": loc.lon[pos]}).value_counts(sort=False)
    U = len(places)
    c = places.to_numpy(dtype=np.float64)
    phi = np.radians(places.index.get_level_values("lat").to_numpy(dtype=np.float64))
    lam = np.radians(places.index.get_level_values("lon").to_numpy(dtype=np.float64))
    if U <= MAX_EXACT_LOCATIONS:
        pairs = _count(np.zeros(1), edges, np.array([float((c * (c - 1.0) / 2.0).sum())]))
        block = max(1, 4_000_000 // U)
        for lo in range(0, U - 1, block):
            hi = min(lo + block, U - 1)
            i = np.repeat(np.arange(lo, hi), U - 1 - np.arange(lo, hi))
            # all j > i, row by row
            starts = np.arange(lo, hi) + 1
            j = np.concatenate([np.arange(s, U) for s in starts])
            d = haversine_km(phi[i], lam[i], phi[j], lam[j])
            pairs += _count(d, edges, c[i] * c[j])
        return pairs, np.zeros(k), (f"exact: {pos.size} located actors at {U} distinct "
                                    "coordinates, pairs counted location by location")
    gen = np.random.default_rng(seed)
    m = PAIR_SAMPLE
    N = pos.size
    a = gen.integers(0, N, m)
    b = gen.integers(0, N - 1, m)
    b += b >= a  # a uniform pair of distinct actors
    phi_a, lam_a = loc.phi[pos], loc.lam[pos]
    f = _count(haversine_km(phi_a[a], lam_a[a], phi_a[b], lam_a[b]), edges) / m
    total = N * (N - 1) / 2.0
    return total * f, total * np.sqrt(f * (1.0 - f) / m), (
        f"sampled: {m} uniform pairs of the {N} located actors ({U} distinct coordinates, "
        f"more than {MAX_EXACT_LOCATIONS}); standard error in pairs_se")


def _fit(mid, prob, ties, pairs, *, quiet: bool = False) -> tuple[float, float, float, int]:
    ok = np.isfinite(mid) & (ties > 0) & (pairs > 0)
    used = int(ok.sum())
    if used < 3:
        if not quiet:
            warnings.warn(
                f"distance_decay: only {used} band(s) with ties and a lower edge above 0; "
                "the exponent needs three and is NaN (pass wider bands=)",
                ClusternetWarning, stacklevel=3,
            )
        return float("nan"), float("nan"), float("nan"), used
    x, y = np.log(mid[ok]), np.log(prob[ok])
    slope, intercept = np.polyfit(x, y, 1)
    resid = y - (slope * x + intercept)
    ss = float(((y - y.mean()) ** 2).sum())
    r2 = float(1.0 - (resid ** 2).sum() / ss) if ss > 0 else float("nan")
    return float(-slope), float(intercept), r2, used
