"""Permutation tests of any statistic against a null model (see the package docstring)."""

from __future__ import annotations

import functools
import numbers
import os
import pickle
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import _registry
from .. import nulls as _nulls
from .._convert import as_graph
from .._kernels import nulls as _knulls
from .._registry import Permutation
from .._results import label
from .._validation import seed_sequence, stderr_is_terminal
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph

__all__ = ["TestResult", "permutation_test", "test", "NULLS", "ALTERNATIVES"]

#: Null models by name (``null=`` of :func:`test`).
NULLS = ("permute", "curveball", "rewire", "erdos_renyi")

#: Values of ``alternative=``.
ALTERNATIVES = ("two-sided", "greater", "less")

#: Relative tolerance under which a draw counts as equal to the bound.
_TOL = 1e-12


@dataclass(frozen=True, eq=False, repr=False)
class TestResult:
    """The outcome of a test against a null model.

    For a statistic that returns a float, ``observed``, ``null_mean``,
    ``null_sd``, ``z``, ``p_value`` and ``n_valid`` are numbers and
    ``null`` is an ndarray of shape ``(n,)``. For a statistic that returns a
    Series (one test per entry) they are Series with the statistic's index,
    and ``null`` is a DataFrame with one row per replicate and one column
    per entry. A statistic returning a DataFrame is flattened to a Series
    indexed by (row, column).

    Attributes
    ----------
    observed : float or Series
        The statistic on the observed graph.
    null_mean, null_sd : float or Series
        Mean and standard deviation (``ddof=1``) of the valid null draws.
    z : float or Series
        ``(observed - null_mean) / null_sd``; NaN when ``null_sd`` is 0.
    p_value : float or Series
        Phipson-Smyth p-value for ``alternative`` (module docstring).
    n : int
        Number of replicates drawn.
    null : ndarray or DataFrame
        The null draws, replicate ``i`` in row ``i``.
    seed : int
        Pass it as ``rng=`` to reproduce the test exactly.
    null_model : str
        The null model, e.g. ``"permute(domain)"`` or ``"curveball"``.
    alternative : str
    statistic : str
        Name of the statistic.
    n_valid : int or Series
        Draws that were not NaN (used for the mean, sd and p-value).
    engine : str
        ``"kernel"`` when the draws came from the label permutation fast
        path, ``"general"`` when from graphs drawn from the null model.

    Examples
    --------
    >>> import functools, networkx as nx, clusternet as cn
    >>> g = cn.as_graph(nx.karate_club_graph())
    >>> by_club = functools.partial(cn.convergence.ei_index, level="group")
    >>> r = cn.inference.permutation_test(g, by_club, "club", n=99, rng=0)
    >>> r.to_frame()[["observed", "p_value", "n"]].round(3)
             observed  p_value   n
    club
    Mr. Hi     -0.522     0.01  99
    Officer    -0.488     0.01  99
    >>> r.null.shape
    (99, 2)
    """

    __test__ = False  # not a pytest test class

    observed: Any
    null_mean: Any
    null_sd: Any
    z: Any
    p_value: Any
    n: int
    null: Any
    seed: int
    null_model: str
    alternative: str
    statistic: str
    n_valid: Any
    engine: str

    def to_frame(self) -> pd.DataFrame:
        """One row per test: the numbers of the result as a table.

        Returns
        -------
        pandas.DataFrame
            Columns ``observed``, ``null_mean``, ``null_sd``, ``z``,
            ``p_value``, ``n``, ``n_valid``, ``alternative``, ``null_model``,
            ``seed``; indexed by the statistic's name (a float statistic) or
            by the statistic's index (a Series).

        Examples
        --------
        >>> import clusternet as cn
        >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
        >>> g = cn.from_affiliations(aff, time="year", actors=actors)
        >>> r = cn.inference.permutation_test(g, cn.convergence.ei_index, "domain",
        ...                                   n=99, rng=0)
        >>> r.to_frame()[["observed", "null_mean", "z", "p_value", "n"]].round(3)
                   observed  null_mean      z  p_value   n
        statistic
        ei_index      0.445       0.64 -5.514     0.01  99
        >>> r.to_frame().loc["ei_index", "null_model"]
        'permute(domain)'
        """
        if isinstance(self.observed, pd.Series):
            index = self.observed.index.copy()
        else:
            index = pd.Index([self.statistic], name="statistic")
        cols = {
            "observed": self.observed,
            "null_mean": self.null_mean,
            "null_sd": self.null_sd,
            "z": self.z,
            "p_value": self.p_value,
            "n_valid": self.n_valid,
        }
        df = pd.DataFrame(
            {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in cols.items()},
            index=index,
        )
        df["n_valid"] = df["n_valid"].astype(np.int64)
        df.insert(5, "n", self.n)
        df["alternative"] = self.alternative
        df["null_model"] = self.null_model
        df["seed"] = pd.Series([self.seed] * len(df), index=index, dtype=object)
        return label(
            df,
            "test",
            {"statistic": self.statistic, "null_model": self.null_model, "n": self.n,
             "seed": self.seed, "alternative": self.alternative, "engine": self.engine},
        )

    def __repr__(self) -> str:
        head = (f"{self.statistic} under {self.null_model}, n={self.n}, seed={self.seed}, "
                f"{self.alternative}")
        if isinstance(self.observed, pd.Series):
            return f"<TestResult: {len(self.observed)} tests of {head}; see .to_frame()>"
        return (
            f"<TestResult: {head}: observed={self.observed:.6g}, null mean={self.null_mean:.6g} "
            f"(sd {self.null_sd:.6g}), z={self.z:.4g}, p={self.p_value:.4g}>"
        )


def permutation_test(
    g: Any,
    statistic: Callable[..., Any],
    attribute: str,
    *,
    n: int = 1000,
    rng: Any = None,
    alternative: str = "two-sided",
    null: str | Callable[..., Any] = "permute",
    within: str | None = None,
    progress: bool | None = None,
    n_jobs: int = 1,
    client: Any = None,
) -> TestResult:
    """Test a statistic against random shuffles of an actor attribute.

    The attribute's values are shuffled over the actors ``n`` times (the
    graph and the group sizes stay as they are; with ``within=``, only
    within strata), the statistic is computed on each shuffle, and the
    observed value is compared with these draws. This is :func:`test` with
    ``null="permute"``; see the module docstring for the other nulls and
    for the formulas.

    Supports every graph the statistic supports.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    statistic : callable
        ``statistic(g)`` returning a float or a pandas Series (one test per
        entry; a DataFrame is flattened). A clusternet measure that takes
        an attribute (``cn.measures()["attribute"]``) is called as
        ``statistic(g, attribute)``; any other function as ``statistic(g)``
        (it reads the shuffled attribute from the graph it is given, or
        gets it bound with ``functools.partial``). Options go through
        ``functools.partial(cn.convergence.ei_index, weight=True)``; an
        error of the statistic that advises one of its options (``pass
        missing='drop'``) says so, with the ``functools.partial`` to pass. The
        measures with a permutation kernel (``cn.measures()["permutable"]``)
        run on a fast path with the same results.
    attribute : str
        The actor attribute to shuffle.
    n : int, default 1000
        Number of null draws.
    rng : None, int or numpy.random.Generator
        Seed (an int >= 0). The seed actually used is stored in the result;
        a Generator is advanced by one draw. ``True``, negative ints and
        floats raise a :class:`~clusternet.ClusternetError`.
    alternative : {"two-sided", "greater", "less"}
    null : str or callable, default "permute"
        Another null model (:func:`test`); the statistic still gets
        ``attribute``.
    within : str, optional
        Shuffle only among actors with the same value of this attribute.
    progress : bool, optional
        Show a tqdm progress bar; default: when stderr is a terminal.
        Without tqdm installed, no bar.
    n_jobs : int, default 1
        Workers (``-1``: one per CPU); see :func:`test`. Results do not
        depend on it.
    client : dask.distributed.Client or False, optional
        Run the draws on this Dask cluster instead (see :func:`test`; not
        given: the active client, if one is running; ``False``: this machine
        only); the same draws as ``n_jobs=1``.

    Returns
    -------
    TestResult

    Raises
    ------
    UnknownAttributeError
        ``attribute`` or ``within`` is not an actor attribute.
    ClusternetError
        Unknown null or alternative; ``n < 1``; a bad seed; a statistic
        that returns neither a number nor a Series.

    See Also
    --------
    test : any null model.
    clusternet.nulls.permute_attribute : the null model.

    References
    ----------
    .. [1] Krackhardt, D. (1988). Predicting with networks: nonparametric
       multiple regression analysis of dyadic data. *Social Networks* 10,
       359-381. https://doi.org/10.1016/0378-8733(88)90004-4
    .. [2] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology* 9(1), 39. https://doi.org/10.2202/1544-6115.1585

    Examples
    --------
    Do the two karate clubs' members tie within their club more than chance?

    >>> import networkx as nx, clusternet as cn
    >>> g = cn.as_graph(nx.karate_club_graph())
    >>> r = cn.inference.permutation_test(g, cn.convergence.ei_index, "club",
    ...                                   n=500, rng=42)
    >>> round(r.observed, 3)
    -0.718
    >>> r.p_value                     # none of 500 shuffles was as extreme
    0.001996007984031936
    >>> r.z < -5
    True
    >>> r.to_frame().columns.tolist()[:5]
    ['observed', 'null_mean', 'null_sd', 'z', 'p_value']
    """
    return test(
        g, statistic, null, n=n, rng=rng, alternative=alternative, attribute=attribute,
        within=within, progress=progress, n_jobs=n_jobs, client=client,
    )


def test(
    g: Any,
    statistic: Callable[..., Any],
    null: str | Callable[..., Any],
    *,
    n: int = 1000,
    rng: Any = None,
    alternative: str = "two-sided",
    attribute: str | None = None,
    within: str | None = None,
    null_options: dict[str, Any] | None = None,
    progress: bool | None = None,
    n_jobs: int = 1,
    client: Any = None,
) -> TestResult:
    """Test a statistic against graphs drawn from a null model.

    Draws ``n`` graphs from the null model, computes the statistic on each
    and compares the observed value with these draws: null mean and sd, z
    and a Phipson-Smyth p-value (formulas in the module docstring).

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
    statistic : callable
        ``statistic(g)`` returning a float or a pandas Series (one test per
        entry); a registered measure that takes an attribute is called as
        ``statistic(g, attribute)`` (see :func:`permutation_test`).
    null : {"permute", "curveball", "rewire", "erdos_renyi"} or callable
        The null model: a name (module docstring) or a function called
        as ``null(g, rng=generator)`` that returns a graph.
    n : int, default 1000
        Number of null draws.
    rng : None, int or numpy.random.Generator
        Seed (an int >= 0); the one used is stored in the result. ``True``,
        negative ints and floats raise a :class:`~clusternet.ClusternetError`.
    alternative : {"two-sided", "greater", "less"}
    attribute : str, optional
        The attribute to shuffle (``null="permute"``, required there) and
        to pass to a statistic that takes one.
    within : str, optional
        ``null="permute"`` only: shuffle within strata of this attribute.
    null_options : dict, optional
        Keyword options of the null model, e.g. ``{"n_trades": 50_000}``
        for ``"curveball"``.
    progress : bool, optional
        tqdm progress bar; default: when stderr is a terminal.
    n_jobs : int, default 1
        Workers (``-1``: one per CPU). Results do not depend on it. A
        permutation kernel runs in threads; the general path in worker
        processes, forked on Linux so that nothing is pickled (elsewhere the
        statistic and null must be picklable: module-level functions).
        Ctrl-C (``KeyboardInterrupt``) cancels the draws not yet started and
        stops the running ones before their next draw: the call returns
        within about one draw's time.
    client : dask.distributed.Client or False, optional
        Run the draws on the workers of this Dask cluster (the
        ``clusternet[dask]`` extra): the job (graph, statistic, null) is
        sent once to every worker (pickled with cloudpickle, so lambdas
        work) and chunks of draws run as tasks. Not given: the active
        client, if one is running (``distributed.default_client()``) and
        ``n_jobs`` is 1; ``False``: this machine only. Each draw has its own
        child seed, so the draws equal those of ``n_jobs=1`` whatever the
        number of workers. Not with ``n_jobs`` other than 1.

    Returns
    -------
    TestResult

    Raises
    ------
    UnknownAttributeError
        ``attribute`` or ``within`` is not an actor attribute
        (``null="permute"``).
    ClusternetError
        Unknown null or alternative, ``n < 1``, bad ``n_jobs``, a ``client``
        that is not a ``dask.distributed.Client`` or beside ``n_jobs``, a bad seed,
        ``curveball`` on a graph that is not an affiliation graph,
        ``"permute"`` without ``attribute``, a statistic returning neither a
        number nor a Series.

    See Also
    --------
    permutation_test : the label permutation test.
    clusternet.nulls : the null models.

    Notes
    -----
    Parallel replicates run in threads on a permutation kernel and in worker
    processes (``concurrent.futures.ProcessPoolExecutor``) otherwise; each
    replicate has its own child seed, so the draws are the same for any
    ``n_jobs``.

    References
    ----------
    .. [1] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should
       never be zero. *Statistical Applications in Genetics and Molecular
       Biology* 9(1), 39. https://doi.org/10.2202/1544-6115.1585
    .. [2] Strona, G. et al. (2014). A fast and unbiased procedure to
       randomize ecological binary matrices with fixed row and column
       totals. *Nature Communications* 5, 4114.
       https://doi.org/10.1038/ncomms5114

    Examples
    --------
    Do the Southern Women meet fewer distinct co-attendees (a lower density
    of the projected network) than their attendance alone would give? The
    curveball null keeps each woman's number of events and each event's
    size.

    >>> import clusternet as cn
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> def density(h):
    ...     return h.n_ties / (h.n_actors * (h.n_actors - 1) / 2)
    >>> r = cn.inference.test(g, density, "curveball", n=99, rng=1,
    ...                       alternative="less")
    >>> r.null_model, r.n
    ('curveball', 99)
    >>> 0 < r.p_value <= 1
    True
    """
    g = as_graph(g)
    n = _positive_int(n, "n")
    n_jobs = _n_jobs(n_jobs)
    from ..distributed._client import resolve_client

    client = resolve_client(client, n_jobs)
    if alternative not in ALTERNATIVES:
        raise ClusternetError(
            f"unknown alternative={alternative!r}; choose one of "
            f"{', '.join(map(repr, ALTERNATIVES))}"
        )
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise ClusternetError(f"progress must be None, True or False, got {progress!r}")
    root, seed = seed_sequence(rng)
    if attribute is not None:
        g.attribute(attribute)  # UnknownAttributeError before any draw, whatever the null
    null_fn, null_name = _resolve_null(g, null, attribute, within, null_options)
    call = _Call.make(statistic, attribute)
    observed, index = _values(_observed(call, g), call.name, None)

    job: _Job | None = None
    if null == "permute":
        kernel = _kernel(g, statistic, attribute, observed)
        if kernel is not None:
            movable, strata = _nulls._permutation_setup(g, attribute, within=within)
            job = _KernelJob(kernel, movable, strata, root, width=observed.size)
    engine = "kernel" if job is not None else "general"
    if job is None:
        job = _GeneralJob(g, call, null_fn, root, index)
    draws = _run(job, n, n_jobs, progress, f"{call.name} under {null_name}", client=client)
    return _summarise(observed, index, draws, n=n, seed=seed, null_model=null_name,
                      alternative=alternative, statistic=call.name, engine=engine)


test.__test__ = False  # a library function, not a pytest test


# ----------------------------------------------------------- statistics
class _Call:
    """A statistic with the rule for passing ``attribute`` (picklable when
    the statistic is)."""

    def __init__(self, func: Callable[..., Any], attribute: str | None, name: str) -> None:
        self.func = func
        self.attribute = attribute
        self.name = name

    @classmethod
    def make(cls, statistic: Any, attribute: str | None) -> _Call:
        if not callable(statistic):
            raise ClusternetError(
                f"statistic must be a function of a graph, got {type(statistic).__name__}"
            )
        # A registered measure gets the attribute when the registry says its
        # second argument is one; any other function is called as f(g) (bind
        # what it needs with functools.partial): its signature is not read.
        found = _registry.of(statistic)
        wants = False
        if found is not None:
            m, options = found
            wants = m.attribute is not None and m.attribute not in options
        if wants and attribute is None:
            raise ClusternetError(
                f"statistic {_name(statistic)} needs an attribute: pass attribute=... or "
                "bind it with functools.partial"
            )
        return cls(statistic, attribute if wants else None, _name(statistic))

    def __call__(self, g: CollaborationGraph) -> Any:
        if self.attribute is None:
            return self.func(g)
        return self.func(g, self.attribute)


#: The keywords of :func:`test` and :func:`permutation_test`.
_OWN_OPTIONS = {"n", "rng", "alternative", "attribute", "within", "null", "null_options",
                "progress", "n_jobs"}


def _observed(call: _Call, g: CollaborationGraph) -> Any:
    """The statistic on the observed graph. An error that advises an option
    of the statistic (``pass missing='drop'``), which the tests do not take,
    says how to give it here: bound with ``functools.partial``."""
    try:
        return call(g)
    except ClusternetError as exc:
        advised = [(k, v) for k, v in re.findall(r"(?i)\bpass (\w+)=('[^']*'|[\w.\-]+)", str(exc))
                   if k not in _OWN_OPTIONS]
        if not advised:
            raise
        key, value = advised[0]
        base = call.func.func if isinstance(call.func, functools.partial) else call.func
        bound = ", ".join(
            [f"{k}={v!r}" for k, v in getattr(call.func, "keywords", {}).items()]
            + [f"{key}={value}"])
        hint = (f" [the tests take the statistic's options bound to it: pass "
                f"statistic=functools.partial({_name(base)}, {bound})]")
        try:
            new = type(exc)(str(exc) + hint)
        except Exception:  # pragma: no cover - a subclass with another signature
            new = ClusternetError(str(exc) + hint)
        raise new.with_traceback(exc.__traceback__) from None


def _name(f: Any) -> str:
    if isinstance(f, functools.partial):
        opts = [repr(a) for a in f.args] + [f"{k}={v!r}" for k, v in f.keywords.items()]
        return f"{_name(f.func)}({', '.join(opts)})"
    return getattr(f, "__name__", None) or type(f).__name__


def _values(value: Any, name: str, index: pd.Index | None) -> tuple[np.ndarray, pd.Index | None]:
    """A statistic's value as a float vector, and its index (None for a
    number). With ``index`` given, align a Series to it."""
    if isinstance(value, pd.DataFrame):
        flat = pd.Series(
            value.to_numpy().reshape(-1),
            index=pd.MultiIndex.from_product([value.index, value.columns]),
            name=name,
        )
        value = flat
    if isinstance(value, pd.Series):
        if index is None:
            if not value.index.is_unique:
                raise ClusternetError(
                    f"statistic {name} returned a Series with repeated index labels; "
                    "one test per entry needs unique labels"
                )
            index = value.index
        elif not value.index.equals(index):
            try:
                value = value.reindex(index)
            except ValueError as exc:
                raise ClusternetError(
                    f"statistic {name} returned a Series that cannot be aligned with the "
                    f"observed one: {exc}"
                ) from exc
        try:
            return value.to_numpy(dtype=np.float64, na_value=np.nan), index
        except (TypeError, ValueError) as exc:
            raise ClusternetError(
                f"statistic {name} returned a Series of dtype {value.dtype}; it must be numeric"
            ) from exc
    if isinstance(value, (numbers.Real, np.number, np.bool_)) or (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        if index is not None:
            raise ClusternetError(f"statistic {name} returned a number, then a Series")
        return np.array([float(value)]), None
    raise ClusternetError(
        f"statistic {name} must return a float or a pandas Series, got {type(value).__name__}"
    )


# ------------------------------------------------------------------- nulls
class _PermuteNull:
    def __init__(self, attribute: str, within: str | None) -> None:
        self.attribute = attribute
        self.within = within

    def __call__(self, g: CollaborationGraph, *, rng: np.random.Generator) -> CollaborationGraph:
        return _nulls.permute_attribute(g, self.attribute, rng=rng, within=self.within)


def _resolve_null(
    g: CollaborationGraph,
    null: Any,
    attribute: str | None,
    within: str | None,
    options: dict[str, Any] | None,
) -> tuple[Callable[..., Any], str]:
    options = dict(options or {})
    if within is not None and null != "permute":
        raise ClusternetError(f"within= applies to null='permute' only, not null={null!r}")
    if isinstance(null, str):
        if null == "permute":
            if attribute is None:
                raise ClusternetError("null='permute' needs attribute= (the one to shuffle)")
            if options:
                raise ClusternetError("null='permute' takes no null_options; use within=")
            _nulls._permutation_setup(g, attribute, within=within)  # checks the columns
            name = f"permute({attribute}" + (f", within={within}" if within else "") + ")"
            return _PermuteNull(attribute, within), name
        funcs = {"curveball": _nulls.curveball, "rewire": _nulls.rewire,
                 "erdos_renyi": _nulls.erdos_renyi_like}
        if null not in funcs:
            raise ClusternetError(
                f"unknown null={null!r}; choose one of {', '.join(map(repr, NULLS))} or pass a "
                "function null(g, *, rng) -> graph"
            )
        if null == "curveball" and g.incidence is None:
            raise ClusternetError(
                "null='curveball' needs an affiliation graph (built with cn.from_affiliations); "
                "this graph has no actor x event incidence. Use null='rewire' for a one-mode "
                "network."
            )
        fn = funcs[null]
        name = null
    elif callable(null):
        fn = null
        name = _name(null)
    else:
        raise ClusternetError(
            f"null must be a name ({', '.join(map(repr, NULLS))}) or a function "
            f"null(g, *, rng) -> graph, got {type(null).__name__}"
        )
    if options:
        fn = functools.partial(fn, **options)
        name += "(" + ", ".join(f"{k}={v!r}" for k, v in options.items()) + ")"
    return fn, name


# ------------------------------------------------------------- replicates
def _child(root: np.random.SeedSequence, i: int) -> np.random.Generator:
    """The generator of replicate ``i``: that of ``root.spawn(n)[i]``."""
    return np.random.default_rng(
        np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i),
                               pool_size=root.pool_size)
    )


class _Job:
    width: int

    def run(self, start: int, stop: int, cancel: Any = None) -> np.ndarray | None:
        """Draws ``start`` to ``stop``; None as soon as ``cancel`` (an Event)
        is set, checked before each draw."""
        rows = []
        for i in range(start, stop):
            if cancel is not None and cancel.is_set():
                return None
            rows.append(self.draw(i))
        return np.stack(rows)

    def draw(self, i: int) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError


class _GeneralJob(_Job):
    """A replicate = a graph from the null model, then the statistic on it."""

    def __init__(self, g, call: _Call, null_fn, root, index: pd.Index | None) -> None:
        self.g = g
        self.call = call
        self.null_fn = null_fn
        self.root = root
        self.index = index
        self.width = 1 if index is None else len(index)

    def draw(self, i: int) -> np.ndarray:
        h = self.null_fn(self.g, rng=_child(self.root, i))
        return _values(self.call(h), self.call.name, self.index)[0]


class _KernelJob(_Job):
    """A replicate = a permutation of the measure's values, drawn as
    :func:`clusternet.nulls.permute_attribute` draws it, then the measure's
    permutation kernel on them."""

    def __init__(self, kernel: Permutation, movable: np.ndarray, strata: np.ndarray | None,
                 root: np.random.SeedSequence, *, width: int) -> None:
        self.values = kernel.values
        self.statistic = kernel.statistic
        self.movable = movable
        self.strata = strata
        self.root = root
        self.width = width

    def draw(self, i: int) -> np.ndarray:
        idx = _knulls.permutation_index(len(self.values), _child(self.root, i),
                                        movable=self.movable, strata=self.strata)
        return self.statistic(self.values[idx])


_ACTIVE: _Job | None = None
_CANCEL: Any = None


def _install(job: _Job, cancel: Any = None) -> None:
    """Worker initializer: the job, the shared cancel Event; Ctrl-C is the
    parent's to handle (it sets the Event), so a worker ignores SIGINT."""
    global _ACTIVE, _CANCEL
    _ACTIVE, _CANCEL = job, cancel
    # numba's OpenMP thread pool does not survive fork(): a forked worker that
    # started a parallel loop would be terminated. Workers run the compiled
    # loops serially, which gives the same bits (the draws are parallel already).
    from .._kernels import _compiled

    _compiled.TASKS = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover - not the main thread of the worker
        pass


def _run_installed(start: int, stop: int) -> np.ndarray | None:
    assert _ACTIVE is not None
    return _ACTIVE.run(start, stop, _CANCEL)


def _run(job: _Job, n: int, n_jobs: int, progress: bool | None, desc: str,
         client: Any = None) -> np.ndarray:
    out = np.empty((n, job.width))
    if client is not None:
        _run_dask(job, n, client, out, lambda: _bar(progress, n, desc))
        return out
    if n_jobs > 1:
        _run_parallel(job, n, n_jobs, out, lambda: _bar(progress, n, desc))
        return out
    bar = _bar(progress, n, desc)
    try:
        step = max(1, -(-n // 100))
        for a in range(0, n, step):
            b = min(n, a + step)
            out[a:b] = job.run(a, b)
            bar.update(b - a)
    finally:
        bar.close()
    return out


def _run_parallel(job: _Job, n: int, n_jobs: int, out: np.ndarray, make_bar: Any) -> None:
    """Run the draws in chunks on ``n_jobs`` workers. On an interrupt
    (Ctrl-C) or an error, pending chunks are cancelled and running ones stop
    before their next draw, so this returns within about one draw's time."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed

    step = max(1, -(-n // (8 * n_jobs)))
    chunks = [(a, min(n, a + step)) for a in range(0, n, step)]
    bar: Any = _NoBar()
    pool: Any = None
    cancel: Any = None
    try:
        if isinstance(job, _KernelJob):
            # A kernel is a pure function of arrays whose heavy steps are numpy
            # calls that release the GIL: threads share its arrays, on every
            # platform, with nothing to pickle.
            cancel = threading.Event()
            bar = make_bar()
            pool = ThreadPoolExecutor(max_workers=min(n_jobs, len(chunks)))
            futures = {pool.submit(job.run, a, b, cancel): (a, b) for a, b in chunks}
        else:
            # Forked workers inherit the job, so nothing (no lambda, no graph) is pickled.
            ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
            cancel = ctx.Event()
            pool = ProcessPoolExecutor(
                max_workers=min(n_jobs, len(chunks)), mp_context=ctx, initializer=_install,
                initargs=(job, cancel),
            )
            futures = {pool.submit(_run_installed, a, b): (a, b) for a, b in chunks}
            # The bar (and its monitor thread) only once the workers are forked.
            bar = make_bar()
        for f in as_completed(futures):
            a, b = futures[f]
            out[a:b] = f.result()
            bar.update(b - a)
    except BaseException as exc:
        if cancel is not None:
            cancel.set()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = None
        if isinstance(exc, (pickle.PicklingError, AttributeError, TypeError)) and (
            "pickle" in str(exc).lower()
        ):
            raise ClusternetError(
                "n_jobs > 1 needs a picklable statistic and null model on this platform "
                f"(define them at module level, not as lambdas), or n_jobs=1: {exc}"
            ) from exc
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
        bar.close()


def _run_dask(job: _Job, n: int, client: Any, out: np.ndarray, make_bar: Any) -> None:
    """Run the draws in chunks on the workers of a Dask ``client``: the
    chunks of :func:`_run_parallel` for as many jobs as the cluster has
    threads (a draw depends only on its index, so any chunking gives the
    same draws)."""
    from ..distributed._client import n_threads, run_chunks

    step = max(1, -(-n // (8 * n_threads(client))))
    chunks = [(a, min(n, a + step)) for a in range(0, n, step)]
    bar = make_bar()
    try:
        for k, rows in run_chunks(client, _run_chunk, job, chunks):
            a, b = chunks[k]
            out[a:b] = rows
            bar.update(b - a)
    finally:
        bar.close()


def _run_chunk(job: _Job, start: int, stop: int) -> np.ndarray:
    return job.run(start, stop)


class _NoBar:
    def update(self, k: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(progress: bool | None, total: int, desc: str) -> Any:
    show = stderr_is_terminal() if progress is None else bool(progress)
    if not show:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, desc=desc, unit="draw", leave=False)


# ---------------------------------------------------------------- summary
def _summarise(
    observed: np.ndarray,
    index: pd.Index | None,
    draws: np.ndarray,
    *,
    n: int,
    seed: int,
    null_model: str,
    alternative: str,
    statistic: str,
    engine: str,
) -> TestResult:
    valid = ~np.isnan(draws)
    n_valid = valid.sum(axis=0)
    if (n_valid < n).any():
        warnings.warn(
            f"{n - int(n_valid.min())} of {n} null draws of {statistic} are NaN (undefined on "
            "those null graphs); they are left out of the mean, sd and p-value",
            ClusternetWarning,
            stacklevel=3,
        )
    mean, sd, z, p = _moments_and_p(observed, draws, n_valid, alternative)
    if index is None:
        return TestResult(
            observed=float(observed[0]), null_mean=float(mean[0]), null_sd=float(sd[0]),
            z=float(z[0]), p_value=float(p[0]), n=n, null=draws[:, 0].copy(), seed=seed,
            null_model=null_model, alternative=alternative, statistic=statistic,
            n_valid=int(n_valid[0]), engine=engine,
        )

    def series(v: np.ndarray, dtype=np.float64) -> pd.Series:
        return pd.Series(np.asarray(v, dtype=dtype), index=index.copy(), name=statistic)

    null = pd.DataFrame(draws, columns=index.copy())
    null.index.name = "replicate"
    return TestResult(
        observed=series(observed), null_mean=series(mean), null_sd=series(sd), z=series(z),
        p_value=series(p), n=n, null=null, seed=seed, null_model=null_model,
        alternative=alternative, statistic=statistic, n_valid=series(n_valid, np.int64),
        engine=engine,
    )


def _moments_and_p(
    observed: np.ndarray, draws: np.ndarray, n_valid: np.ndarray, alternative: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Null mean, sd (ddof=1), z and Phipson-Smyth p-value of each column.

    NaN draws compare False, so they drop out of every count.
    """
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(draws, axis=0)
        sd = np.where(n_valid >= 2, np.nanstd(draws, axis=0, ddof=1), np.nan)
        # Draws that are all equal give a rounding-level sd (the mean of n equal
        # floats need not equal them); it is 0, so that z is NaN, not noise.
        sd = np.where(sd <= _TOL * np.maximum(1.0, np.abs(mean)), 0.0, sd)
        z = np.where(sd > 0, (observed - mean) / np.where(sd > 0, sd, 1.0), np.nan)
        tol = _TOL * np.maximum(1.0, np.maximum(np.abs(observed), np.abs(mean)))
        if alternative == "greater":
            extreme = draws >= observed - tol
        elif alternative == "less":
            extreme = draws <= observed + tol
        else:
            extreme = np.abs(draws - mean) >= np.abs(observed - mean) - tol
        p = (1.0 + extreme.sum(axis=0)) / (n_valid + 1.0)
    p = np.where(np.isnan(observed) | (n_valid == 0), np.nan, p)
    return mean, sd, z, p


# --------------------------------------------------------------- checks
def _positive_int(value: Any, param: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 1:
        raise ClusternetError(f"{param} must be an integer >= 1, got {value!r}")
    return int(value)


def _n_jobs(value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or (
        value < 1 and value != -1
    ):
        raise ClusternetError(f"n_jobs must be an integer >= 1 or -1 (all CPUs), got {value!r}")
    return (os.cpu_count() or 1) if value == -1 else int(value)


# ------------------------------------------------------------- fast path
def _kernel(g: CollaborationGraph, statistic: Any, attribute: str,
            observed: np.ndarray) -> Permutation | None:
    """The permutation kernel of ``statistic`` when it is a registered
    measure (or a ``functools.partial`` of one with keyword options) of the
    shuffled attribute that has one, and only when the kernel gives the
    observed value exactly; otherwise None (the general path)."""
    found = _registry.of(statistic)
    if found is None:
        return None
    m, options = found
    if m.attribute is None or options.pop(m.attribute, attribute) != attribute:
        return None  # not a measure of the shuffled attribute
    with warnings.catch_warnings():
        # the observed value has already warned about renamed options and
        # undefined values
        warnings.simplefilter("ignore")
        kernel = m.kernel(g, attribute, m.check(options))
        if kernel is None or len(kernel.values) != g.n_actors:
            return None
        mine = np.asarray(kernel.statistic(kernel.values), dtype=np.float64).reshape(-1)
    if mine.shape != observed.shape or not np.array_equal(mine, observed, equal_nan=True):
        return None
    return kernel
