r"""Significance per time window, and of the change between two windows.

:func:`test_over_time` runs :func:`clusternet.inference.test` in every window
of :func:`clusternet.temporal.windows`; :func:`test_change` tests the change
of a statistic between two windows against a null that keeps each window's
composition. Formulas (null mean, sd, z, Phipson-Smyth p-value) are those of
:mod:`clusternet.inference`.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .. import temporal as _temporal
from .._convert import as_graph
from .._results import label
from .._validation import seed_sequence
from ..errors import ClusternetError
from ._permutation import TestResult, _summarise, test

__all__ = ["test_over_time", "test_change"]

_COLUMNS = ("observed", "null_mean", "null_sd", "z", "p_value", "null_low", "null_high")


def _window_seed(root: np.random.SeedSequence, k: int) -> int:
    """The int seed of window ``k``: from the ``k``-th child of ``root``
    (``root.spawn(K)[k]``), below 2**63 so that it is a valid ``rng=``."""
    child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k),
                                   pool_size=root.pool_size)
    return int(child.generate_state(1, np.uint64)[0] >> np.uint64(1))


def _window_options(size: Any, step: Any, cumulative: Any, start: Any, end: Any,
                    origin: Any) -> dict[str, Any]:
    """The options of :func:`clusternet.temporal.windows` that were given
    (the others keep that function's defaults)."""
    given = {"size": size, "step": step, "start": start, "end": end, "origin": origin}
    out = {k: v for k, v in given.items() if v is not None}
    if cumulative is not False:
        out["cumulative"] = cumulative
    return out


def _float_result(r: TestResult, where: str) -> None:
    if isinstance(r.observed, pd.Series):
        raise ClusternetError(
            f"{where}: the statistic {r.statistic} returns a Series; test one number per "
            "window, e.g. pick one entry with a function (lambda h: stat(h)['group']) or use "
            "the network level (level='network')"
        )


def test_over_time(
    g: Any,
    statistic: Callable[..., Any],
    null: str | Callable[..., Any] = "permute",
    *,
    attribute: str | None = None,
    size: Any = None,
    step: Any = None,
    cumulative: bool = False,
    start: Any = None,
    end: Any = None,
    origin: Any = None,
    n: int = 1000,
    rng: Any = None,
    alternative: str = "two-sided",
    within: str | None = None,
    null_options: dict[str, Any] | None = None,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    r"""Test a statistic against a null model in every time window.

    Each window's graph (:func:`clusternet.temporal.windows`) is tested on
    its own with :func:`clusternet.inference.test`: the null keeps that
    window's graph and group sizes (``"permute"``) or its events and
    degrees (``"curveball"``), so a trend in the observed values can be read
    against the trend of what each window's composition alone would give.

    Supports every graph with times (affiliation graphs, timed edge lists)
    and every statistic :func:`~clusternet.inference.test` supports that
    returns a float.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times.
    statistic : callable
        As in :func:`clusternet.inference.test`; it must return a float
        (one test per window).
    null : {"permute", "curveball", "rewire", "erdos_renyi"} or callable
        The null model, drawn inside each window.
    attribute, within, null_options, alternative
        As in :func:`clusternet.inference.test`.
    size, step, cumulative, start, end, origin
        The windows, as in :func:`clusternet.temporal.windows` (options left
        at None keep that function's defaults).
    n : int, default 1000
        Null draws per window.
    rng : None, int or numpy.random.Generator
        Seed. Window ``k`` (in order, empty windows included) is tested with
        the seed drawn from the ``k``-th child of the root ``SeedSequence``,
        stored in the ``seed`` column: ``cn.inference.test(window_graph,
        ..., rng=seed)`` reproduces that row.
    progress : bool, optional
        Progress bar of each window's draws.
    n_jobs : int, default 1
        Workers for each window's draws; results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period`` (window start, as in
        :func:`clusternet.temporal.over_time`). Float64 columns
        ``observed``, ``null_mean``, ``null_sd`` (``ddof=1``), ``z``,
        ``p_value`` and ``null_low``, ``null_high`` (the 2.5 % and 97.5 %
        quantiles of the valid null draws: a 95 % band that needs no
        normality); int64 ``n_valid`` (valid null draws; 0 in an empty
        window, whose numbers are NaN) and ``seed``; then the window's
        ``start``, ``end`` and ``complete`` flag when
        :func:`~clusternet.temporal.windows` gives them, and ``n_actors``,
        ``n_ties``, ``n_events``. :func:`clusternet.plot.over_time` draws
        the observed values with the null mean and band.

    Raises
    ------
    ClusternetError
        As :func:`clusternet.inference.test` and
        :func:`clusternet.temporal.windows`; a statistic that returns a
        Series.

    See Also
    --------
    test_change : the change between two windows.
    clusternet.temporal.over_time : the statistic alone.

    References
    ----------
    .. [1] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology* 9(1), 39. https://doi.org/10.2202/1544-6115.1585

    Examples
    --------
    >>> import clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> t = cn.inference.test_over_time(g, cn.convergence.ei_index, attribute="domain",
    ...                                 n=99, rng=0)
    >>> t[["observed", "null_mean", "z", "p_value", "n_valid"]].round(3)
            observed  null_mean      z  p_value  n_valid
    period
    2010       0.437      0.552 -1.549     0.16       99
    2011       0.301      0.603 -5.952     0.01       99
    2012       0.702      0.675  0.245     0.90       99
    >>> t["z"].dtype
    dtype('float64')
    """
    g = as_graph(g)
    if g.times is None:
        raise ClusternetError(
            "test_over_time: this graph has no time: build it with time=<column> "
            "(from_affiliations or from_edgelist)"
        )
    root, seed = seed_sequence(rng)
    opts = _window_options(size, step, cumulative, start, end, origin)
    rows: list[dict[str, Any]] = []
    periods: list[Any] = []
    has_bounds = False
    name = None
    for k, item in enumerate(_temporal.windows(g, **opts)):
        period, w = item[0], item[1]
        seed_k = _window_seed(root, k)
        row: dict[str, Any] = dict.fromkeys(_COLUMNS, np.nan)
        row["n_valid"], row["seed"] = 0, seed_k
        if w.n_actors:
            r = test(w, statistic, null, n=n, rng=seed_k, alternative=alternative,
                     attribute=attribute, within=within, null_options=null_options,
                     progress=progress, n_jobs=n_jobs)
            _float_result(r, "test_over_time")
            name = r.statistic
            draws = r.null[~np.isnan(r.null)]
            low, high = (np.quantile(draws, [0.025, 0.975]) if draws.size
                         else (np.nan, np.nan))
            row.update(observed=r.observed, null_mean=r.null_mean, null_sd=r.null_sd, z=r.z,
                       p_value=r.p_value, null_low=low, null_high=high, n_valid=r.n_valid)
        if hasattr(item, "complete"):
            has_bounds = True
            row.update(start=item.start, end=item.end, complete=bool(item.complete))
        row.update(n_actors=w.n_actors, n_ties=w.n_ties,
                   n_events=0 if w.times is None else len(w.times))
        rows.append(row)
        periods.append(period)
    out: dict[str, Any] = {c: np.array([r[c] for r in rows], dtype=np.float64)
                           for c in _COLUMNS}
    out["n_valid"] = np.array([r["n_valid"] for r in rows], dtype=np.int64)
    out["seed"] = np.array([r["seed"] for r in rows], dtype=np.int64)
    if has_bounds:
        out["start"] = pd.Index([r["start"] for r in rows])
        out["end"] = pd.Index([r["end"] for r in rows])
        out["complete"] = np.array([r["complete"] for r in rows], dtype=bool)
    for c in ("n_actors", "n_ties", "n_events"):
        out[c] = np.array([r[c] for r in rows], dtype=np.int64)
    df = pd.DataFrame(out, index=pd.Index(periods, name="period"))
    if name is None:
        name = getattr(statistic, "__name__", None) or "statistic"
    params = {"statistic": name, "null": null if isinstance(null, str) else repr(null),
              "n": n, "seed": seed, "alternative": alternative, **opts,
              "cumulative": cumulative, "kwargs": {"attribute": attribute}}
    return label(df, "test_over_time", params)


test_over_time.__test__ = False  # a library function, not a pytest test


def _one_window(g: Any, at: Any, opts: dict[str, Any], which: str) -> Any:
    if isinstance(at, (bool, np.bool_)) or at is None:
        raise ClusternetError(f"test_change: {which}={at!r} must be a window start (a time)")
    found = None
    for item in _temporal.windows(g, **opts, start=at):
        found = item
        break
    if found is None:
        raise ClusternetError(
            f"test_change: no window starts at {which}={at!r}; give the start of a window "
            "within the times"
        )
    w = found[1]
    if not w.n_actors:
        raise ClusternetError(
            f"test_change: the window starting at {which}={at!r} holds no record; choose "
            "a window with events"
        )
    return w


def test_change(
    g: Any,
    statistic: Callable[..., Any],
    a: Any,
    b: Any,
    null: str | Callable[..., Any] = "permute",
    *,
    attribute: str | None = None,
    size: Any = None,
    n: int = 1000,
    rng: Any = None,
    alternative: str = "two-sided",
    within: str | None = None,
    null_options: dict[str, Any] | None = None,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> TestResult:
    r"""Test the change of a statistic between two time windows.

    The observed change is :math:`D = T(b) - T(a)`, the statistic on the
    window starting at ``b`` minus that on the window starting at ``a``.
    Its null keeps **each window's composition**: replicate :math:`r` draws
    a null graph inside window ``a`` and, independently, one inside window
    ``b`` (for ``"permute"``: the attribute shuffled among the actors of
    each window separately, so each window keeps its graph and its group
    sizes), and :math:`D^*_r = T^*_r(b) - T^*_r(a)`. The null mean of
    :math:`D^*` is the change that the two windows' compositions alone would
    give (e.g. an E-I index that rises because a group grew), and the test
    asks whether the observed change departs from it; z and the
    Phipson-Smyth p-value (two-sided: centred on that mean) are those of
    :func:`clusternet.inference.test`.

    Why not pool and split: reassigning the events of both windows at
    random to the two windows tests whether the windows are exchangeable,
    so a change in the groups' sizes alone would count as a change; the
    within-window null separates the change in how groups tie from the
    change in who is there.

    Parameters
    ----------
    g : CollaborationGraph
        A graph with times.
    statistic : callable
        As in :func:`clusternet.inference.test`, returning a float.
    a, b : window starts
        The earlier (reference) and later window; each covers ``[a, a +
        size)`` as in :func:`clusternet.temporal.windows` with ``start=a``.
    null : str or callable, default "permute"
        The null model, drawn inside each window.
    attribute, within, null_options, alternative, progress, n_jobs
        As in :func:`clusternet.inference.test`.
    size : optional
        Window length (default: that of :func:`clusternet.temporal.windows`).
    n : int, default 1000
    rng : None, int or numpy.random.Generator
        Seed; window ``a`` is drawn from the first child of the root
        ``SeedSequence`` and ``b`` from the second, so the result is the
        same whatever ``n_jobs``.

    Returns
    -------
    TestResult
        ``observed`` is :math:`D`, ``null`` the :math:`D^*_r`; ``statistic``
        reads ``"<name>[b] - <name>[a]"``.

    Raises
    ------
    ClusternetError
        A bound that starts no window or a window without records; a
        statistic returning a Series; as :func:`clusternet.inference.test`.

    References
    ----------
    .. [1] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology* 9(1), 39. https://doi.org/10.2202/1544-6115.1585
    .. [2] Krackhardt, D. (1988). Predicting with networks: nonparametric
       multiple regression analysis of dyadic data. *Social Networks* 10,
       359-381. https://doi.org/10.1016/0378-8733(88)90004-4

    Examples
    --------
    >>> import clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> r = cn.inference.test_change(g, cn.convergence.ei_index, 2010, 2012,
    ...                              attribute="domain", n=99, rng=0)
    >>> r.statistic
    'ei_index[2012] - ei_index[2010]'
    >>> round(r.observed, 3), r.n
    (0.266, 99)
    """
    g = as_graph(g)
    if g.times is None:
        raise ClusternetError(
            "test_change: this graph has no time: build it with time=<column> "
            "(from_affiliations or from_edgelist)"
        )
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < 1:
        raise ClusternetError(f"n must be an integer >= 1, got {n!r}")
    root, seed = seed_sequence(rng)
    opts = {} if size is None else {"size": size}
    wa = _one_window(g, a, opts, "a")
    wb = _one_window(g, b, opts, "b")
    results = []
    with warnings.catch_warnings():
        # NaN draws are counted once, on the difference, by _summarise
        warnings.filterwarnings("ignore", message=r".*null draws of .* are NaN")
        for k, w in enumerate((wa, wb)):
            r = test(w, statistic, null, n=n, rng=_window_seed(root, k),
                     alternative=alternative, attribute=attribute, within=within,
                     null_options=null_options, progress=progress, n_jobs=n_jobs)
            _float_result(r, "test_change")
            results.append(r)
    ra, rb = results
    observed = np.array([rb.observed - ra.observed])
    draws = (rb.null - ra.null)[:, None]
    name = f"{ra.statistic}[{b}] - {ra.statistic}[{a}]"
    return _summarise(observed, None, draws, n=n, seed=seed,
                      null_model=f"{ra.null_model} within each window",
                      alternative=alternative, statistic=name, engine=ra.engine)


test_change.__test__ = False  # a library function, not a pytest test
