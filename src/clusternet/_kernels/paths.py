"""Path lengths and the bipartite random-graph baseline of the small-world quotient.

Pure functions of numpy arrays (no pandas, no graphs): the estimate of a
mean path length from per-source mean distances, and the Newman, Strogatz &
Watts (2001) generating-function values for the one-mode projection of a
random bipartite graph with given degree sequences. The breadth-first
searches themselves run in igraph (C), called by
:mod:`clusternet.structure._small_world`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PathMean", "RandomBipartite", "factorial_moment", "mean_of_sources",
           "random_bipartite"]


@dataclass(frozen=True)
class PathMean:
    """The mean distance over ordered pairs of a component, and its standard error.

    Attributes
    ----------
    mean : float
        The mean of the per-source mean distances (each source has the same
        ``size - 1`` targets, so over all sources it is the exact mean over
        ordered pairs).
    se : float
        Standard error of ``mean`` as an estimate of the exact mean when the
        sources are a simple random sample (0 when every member is a source).
    sources : int
        Number of sources.
    """

    mean: float
    se: float
    sources: int


def mean_of_sources(per_source: np.ndarray, size: int) -> PathMean:
    r"""Estimate of the mean distance of a component from ``per_source``, the
    mean distance from each sampled source to the other ``size - 1`` members.

    With :math:`s` sources drawn without replacement from the :math:`n_c`
    members, :math:`\hat L = \bar d` is unbiased for the exact mean and its
    standard error is :math:`\frac{s_d}{\sqrt{s}}\sqrt{1 - s/n_c}` (the
    finite-population correction makes it 0 when every member is a source);
    :math:`s_d` is the standard deviation of the per-source means (ddof 1).
    """
    d = np.asarray(per_source, dtype=np.float64)
    s = len(d)
    if s == 0:
        return PathMean(float("nan"), float("nan"), 0)
    mean = float(d.mean())
    if s >= size:
        return PathMean(mean, 0.0, s)
    sd = float(d.std(ddof=1)) if s > 1 else float("nan")
    return PathMean(mean, sd / np.sqrt(s) * np.sqrt(1.0 - s / size), s)


def factorial_moment(values: np.ndarray, order: int) -> float:
    """Mean of ``x (x-1) ... (x-order+1)`` over ``values`` (integers)."""
    x = np.asarray(values, dtype=np.float64)
    out = np.ones_like(x)
    for j in range(order):
        out *= x - j
    return float(out.mean()) if len(x) else float("nan")


@dataclass(frozen=True)
class RandomBipartite:
    """Newman-Strogatz-Watts values for a random bipartite graph's projection.

    Attributes
    ----------
    N, M : int
        Actors with at least one event; events with at least one actor.
    z1, z2 : float
        Mean numbers of first and second neighbours in the projection.
    clustering : float
        Expected global clustering (transitivity) of the projection.
    path_length : float
        Expected mean distance, :math:`\\ln(N/z_1)/\\ln(z_2/z_1) + 1`; NaN
        when :math:`z_2 \\le z_1` (no giant component for the formula to
        describe) or :math:`z_1 \\ge N` (contacts with multiplicity outnumber
        the actors: the formula would give less than one step).
    """

    N: int
    M: int
    z1: float
    z2: float
    clustering: float
    path_length: float


def random_bipartite(actor_degrees: np.ndarray, event_sizes: np.ndarray) -> RandomBipartite:
    r"""The Newman, Strogatz & Watts (2001) random bipartite graph with these
    degree sequences (actors' numbers of events, events' sizes), projected.

    With :math:`f_0(x) = \sum_j p_j x^j` (events per actor, mean
    :math:`\mu`), :math:`g_0(x) = \sum_k q_k x^k` (actors per event, mean
    :math:`\nu`), :math:`f_1 = f_0'/\mu`, :math:`g_1 = g_0'/\nu`, the
    projection has :math:`G_0(x) = f_0(g_1(x))` and
    :math:`G_1(x) = f_1(g_1(x))`, so

    - :math:`z_1 = G_0'(1) = \mu\, g_1'(1)`,
      :math:`z_2 = G_0'(1)\, G_1'(1) = z_1 f_1'(1) g_1'(1)`;
    - :math:`C = \frac{M}{N}\frac{g_0'''(1)}{G_0''(1)}` with
      :math:`G_0''(1) = f_0''(1) g_1'(1)^2 + f_0'(1) g_1''(1)`
      (three times the triangles inside events over the connected triples);
    - :math:`\ell = \frac{\ln(N/z_1)}{\ln(z_2/z_1)} + 1`.

    The derivatives at 1 are factorial moments: :math:`f_0^{(r)}(1) =
    E[j^{\underline r}]`, :math:`g_1^{(r)}(1) = E[k^{\underline{r+1}}]/\nu`.
    Actors without events and empty events are left out.
    """
    j = np.asarray(actor_degrees, dtype=np.int64)
    k = np.asarray(event_sizes, dtype=np.int64)
    j = j[j > 0]
    k = k[k > 0]
    N, M = len(j), len(k)
    nan = float("nan")
    if N == 0 or M == 0:
        return RandomBipartite(N, M, nan, nan, nan, nan)
    mu = float(j.mean())
    nu = float(k.mean())
    f0_1, f0_2 = mu, factorial_moment(j, 2)                    # f0'(1), f0''(1)
    g1_1 = factorial_moment(k, 2) / nu                         # g1'(1)
    g1_2 = factorial_moment(k, 3) / nu                         # g1''(1)
    g0_3 = factorial_moment(k, 3)                              # g0'''(1)
    f1_1 = f0_2 / mu                                           # f1'(1)
    z1 = f0_1 * g1_1
    z2 = z1 * f1_1 * g1_1
    G0_2 = f0_2 * g1_1**2 + f0_1 * g1_2
    clustering = (M / N) * g0_3 / G0_2 if G0_2 > 0 else nan
    if 0 < z1 < N and z2 > z1:
        path_length = float(np.log(N / z1) / np.log(z2 / z1) + 1.0)
    else:
        path_length = nan
    return RandomBipartite(N, M, float(z1), float(z2), float(clustering), path_length)
