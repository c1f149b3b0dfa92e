"""Atypical combinations of categories in teams (Uzzi et al. 2013)."""

from __future__ import annotations

import numbers
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels import atypical as _ka
from .._kernels import nulls as _knulls
from .._registry import measure
from .._results import label
from .._validation import check_missing, seed_sequence, stderr_is_terminal
from ..errors import ClusternetError, ClusternetWarning
from ._hybrid import participation_codes

__all__ = ["atypical_combinations"]

#: Draws per chunk: chunks are fixed whatever n_jobs, and their sums are
#: added in chunk order, so the result is the same bits for any n_jobs.
_CHUNK = 16
_TOL = 1e-12


def _count(value: Any, param: str, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or (
            value < low):
        raise ClusternetError(f"{param} must be an integer >= {low}, got {value!r}")
    return int(value)


def _child(root: np.random.SeedSequence, i: int) -> np.random.Generator:
    """Draw ``i``'s generator: that of ``root.spawn(n)[i]``."""
    return np.random.default_rng(np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size))


class _Null:
    """The null draws of the pair counts: sums of ``O* - O`` and of its
    square over a range of draws."""

    def __init__(self, indptr, indices, n_events, codes, k, freq, observed, n_trades, root):
        self.indptr, self.indices = indptr, indices
        self.data = np.ones(len(indices), dtype=np.float64)
        self.n_events, self.codes, self.k, self.freq = n_events, codes, k, freq
        self.observed = observed.astype(np.float64)
        self.n_trades, self.root = n_trades, root

    def chunk(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        s1 = np.zeros((self.k, self.k))
        s2 = np.zeros((self.k, self.k))
        for i in range(start, stop):
            ip, ix, _ = _knulls.curveball(self.indptr, self.indices, self.data, self.n_events,
                                          self.n_trades, _child(self.root, i))
            d = _ka.pair_counts_of(ip, ix, self.n_events, self.codes, self.k,
                                   self.freq) - self.observed
            s1 += d
            s2 += d * d
        return s1, s2


def _bar(progress: bool | None, total: int) -> Any:
    show = stderr_is_terminal() if progress is None else bool(progress)
    if show:
        try:
            from tqdm import tqdm
        except ImportError:
            return None
        return tqdm(total=total, desc="atypical_combinations", unit="draw", leave=False)
    return None


def _null_moments(null: _Null, n: int, n_jobs: int, progress: bool | None):
    chunks = [(a, min(n, a + _CHUNK)) for a in range(0, n, _CHUNK)]
    bar = _bar(progress, n)
    results: list[Any] = [None] * len(chunks)
    try:
        if n_jobs > 1 and len(chunks) > 1:
            with ThreadPoolExecutor(max_workers=min(n_jobs, len(chunks))) as pool:
                futures = [pool.submit(null.chunk, a, b) for a, b in chunks]
                for j, f in enumerate(futures):
                    results[j] = f.result()
                    if bar is not None:
                        bar.update(chunks[j][1] - chunks[j][0])
        else:
            for j, (a, b) in enumerate(chunks):
                results[j] = null.chunk(a, b)
                if bar is not None:
                    bar.update(b - a)
    finally:
        if bar is not None:
            bar.close()
    s1 = np.zeros((null.k, null.k))
    s2 = np.zeros((null.k, null.k))
    for a1, a2 in results:  # chunk order: the same bits whatever n_jobs
        s1 += a1
        s2 += a2
    mean = null.observed + s1 / n
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (s2 - s1 * s1 / n) / (n - 1) if n > 1 else np.full_like(s1, np.nan)
    sd = np.sqrt(np.maximum(var, 0.0))
    sd = np.where(sd <= _TOL * np.maximum(1.0, np.abs(mean)), 0.0, sd)
    return mean, sd


@measure(
    family="convergence",
    levels={"event": "DataFrame", "group": "DataFrame"},
    references=("uzzi2013", "strona2014", "carstens2015"),
    summary=("per event: median and 10th-percentile z-score of its category pairs against a "
             "curveball null (conventionality and novelty)"),
    level_param="level",
    needs_events=True,
    checks={"missing": check_missing},
    method=(
        "Each pair of categories' co-occurrence in events was compared with a curveball null "
        "of the actor x event incidence, which keeps every event's size and every actor's "
        "number of events, hence every category's frequency [strona2014; carstens2015]; an "
        "event's conventionality is the median z-score of its member pairs and it is novel "
        "when their 10th percentile is below 0 [uzzi2013]."),
)
def atypical_combinations(
    g: Any,
    attribute: str,
    *,
    level: str = "event",
    n: int = 100,
    rng: Any = None,
    n_trades: int | None = None,
    missing: str = "error",
    n_jobs: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    r"""Atypical combinations: how usual each pair of categories is in a
    team, and how conventional and how novel each team's mix is.

    The affiliation graph's actors carry a category (a domain, a field, a
    sector). Every pair of members of an event is a combination of two
    categories (the same one twice when both members share it). Each pair of
    categories' count over all events is compared with its distribution
    under a null that keeps each event's size and each category's
    frequency; the z-scores then describe each event by the median
    (conventionality) and the 10th percentile (novelty) of its member
    pairs' z, as Uzzi, Mukherjee, Stringer & Jones (2013) [1]_ do for the
    journal pairs of a paper's references.

    Supports affiliation graphs only.

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph (:func:`~clusternet.from_affiliations`).
    attribute : str
        Categorical actor attribute (the categories), or a participation
        attribute (``participation_attributes=`` of
        :func:`~clusternet.from_affiliations`: a sector or field recorded on
        each row): then each participation counts its own value, and the
        null is the curveball on the participations (one event each), which
        shuffles their values across events keeping each event's size and
        each category's frequency.
    level : {"event", "group"}
        ``"event"``: one row per event; ``"group"``: one row per pair of
        categories.
    n : int, default 100
        Null draws (at least 2). Uzzi et al. used 10 randomised citation
        networks; 100 draws estimate the null sd within about 7 %
        (:math:`1/\sqrt{2(n-1)}`); raise ``n`` for finer z-scores.
    rng : None, int or numpy.random.Generator
        Seed; draw ``i`` uses the ``i``-th child of the root
        ``SeedSequence``, so results are the same for a seed whatever
        ``n_jobs``.
    n_trades : int, optional
        Curveball trades per draw, each from the observed incidence; default
        ``10 * n_actors`` as :func:`clusternet.nulls.curveball`.
    missing : {"error", "drop", "own-group"}
        Actors without a category: raise; leave them out of the events
        (and of the null); or give each a category of its own.
    n_jobs : int, default 1
        Threads for the draws; results do not depend on it.
    progress : bool, optional
        tqdm progress bar; default: when stderr is a terminal.

    Returns
    -------
    DataFrame
        ``level="event"``: index ``event`` (the graph's events), columns
        ``n_actors`` (members with a category), ``n_pairs`` (member pairs
        with a defined z), ``median_z`` (conventionality), ``p10_z`` (tail
        novelty), ``novel`` (nullable boolean: ``p10_z < 0``),
        ``conventional`` (nullable boolean: ``median_z`` above the median
        of all events' ``median_z``), and ``time`` when events have one;
        events without a pair are NaN / ``<NA>``.
        ``level="group"``: index (``category_a``, ``category_b``) with
        ``category_a <= category_b`` for every pair of categories, columns
        ``observed`` (int), ``null_mean``, ``null_sd`` (``ddof=1``), ``z``
        and ``n_events`` (events holding such a member pair).

    Raises
    ------
    ClusternetError
        Not an affiliation graph; unknown ``level``; ``n < 2``; a bad
        ``n_trades``, ``n_jobs`` or seed; missing categories with
        ``missing="error"``.
    UnknownAttributeError
        ``attribute`` is not an actor attribute.

    Notes
    -----
    With :math:`c_{ek}` the number of members of event :math:`e` in
    category :math:`k`, the observed count of the pair :math:`\{k, l\}` is

    .. math::

        O_{kl} = \sum_e c_{ek} c_{el} \quad (k \ne l), \qquad
        O_{kk} = \sum_e \binom{c_{ek}}{2},

    the number of member pairs with those categories (pairs counted with
    multiplicity, as Uzzi et al. count every pair of references, including
    two references to one journal). With :math:`\mu_{kl}` and
    :math:`\sigma_{kl}` the mean and standard deviation (``ddof=1``) of
    :math:`O^*_{kl}` over the null draws, :math:`z_{kl} = (O_{kl} -
    \mu_{kl}) / \sigma_{kl}`; NaN when :math:`\sigma_{kl} = 0` (a pair whose
    count cannot vary), and such pairs are left out of the events'
    quantiles. Event :math:`e`'s member pairs give a multiset of
    :math:`\binom{n_e}{2}` z-scores (:math:`z_{kl}` repeated
    :math:`c_{ek} c_{el}` or :math:`\binom{c_{ek}}{2}` times); ``median_z``
    and ``p10_z`` are its 50th and 10th percentiles with numpy's default
    (linear interpolation) rule. Following [1]_, an event is *novel* when
    ``p10_z < 0`` (it holds combinations rarer than chance) and
    *conventional* when its ``median_z`` is in the upper half of all
    events'.

    **The null.** Uzzi et al. randomise the citation links with a
    switching algorithm that keeps each paper's number of references and
    each cited paper's number of citations, so each journal's frequency,
    and then count journal pairs. Here the actors are the cited items and
    their categories the journals: a curveball chain (Strona et al. 2014
    [2]_; uniform at stationarity, Carstens 2015 [3]_) on the binary actor
    x event incidence keeps every event's size and every actor's number of
    events, hence every category's frequency :math:`\sum_e c_{ek}` --
    with multiplicity, since two members of a team may share a category.
    A curveball on the event x category *count* matrix is not this chain:
    a 0/1 curveball would drop the multiplicity, and a count-matrix chain
    would not keep which actor (with which other events) carries a
    category. Each draw runs ``n_trades`` trades from the observed
    incidence (:func:`clusternet.nulls.curveball`'s default).

    **Per period and for the whole network.** ``cn.temporal.over_time(g,
    "atypical_combinations", attribute=..., rng=...)`` gives the event table
    of each window (the null drawn within the window), indexed by
    (``period``, ``event``); the share of novel events per period is
    ``table["novel"].groupby(level="period").mean()``. There is no
    ``level="network"`` float on purpose: the report and the permutation
    tests compute every registered network-level convergence measure, and
    each call here is ``n`` curveball draws.

    The z-scores are not changed by renaming the categories (a relabelling
    moves the rows of the pair table, not their numbers), and the event
    table does not depend on the order of the actors' labels.

    References
    ----------
    .. [1] Uzzi, B., Mukherjee, S., Stringer, M., & Jones, B. (2013).
       Atypical combinations and scientific impact. *Science* 342(6157),
       468-472. https://doi.org/10.1126/science.1240474
    .. [2] Strona, G., Nappo, D., Boccacci, F., Fattorini, S., &
       San-Miguel-Ayanz, J. (2014). A fast and unbiased procedure to
       randomize ecological binary matrices with fixed row and column
       totals. *Nature Communications* 5, 4114.
       https://doi.org/10.1038/ncomms5114
    .. [3] Carstens, C. J. (2015). Proof of uniform sampling of binary
       matrices with fixed row sums and column sums for the fast curveball
       algorithm. *Physical Review E* 91, 042812.
       https://doi.org/10.1103/PhysRevE.91.042812

    Examples
    --------
    >>> import clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> ev = cn.convergence.atypical_combinations(g, "domain", n=200, rng=0)
    >>> ev.columns.tolist()
    ['n_actors', 'n_pairs', 'median_z', 'p10_z', 'novel', 'conventional', 'time']
    >>> pairs = cn.convergence.atypical_combinations(g, "domain", level="group", n=200,
    ...                                             rng=0)
    >>> pairs.loc[("art", "art"), ["observed", "z"]].round(2).tolist()
    [34.0, 4.54]
    >>> share = float(ev["novel"].mean())   # the share of novel events
    >>> 0.0 <= share <= 1.0
    True
    """
    g = as_graph(g)
    B = g.incidence
    if B is None:
        raise ClusternetError(
            "atypical_combinations needs the events of an affiliation graph (build it with "
            "cn.from_affiliations); this graph has none"
        )
    n = _count(n, "n", 2)
    if n_jobs == -1:
        import os

        n_jobs = os.cpu_count() or 1
    n_jobs = _count(n_jobs, "n_jobs", 1)
    if progress is not None and not isinstance(progress, (bool, np.bool_)):
        raise ClusternetError(f"progress must be None, True or False, got {progress!r}")
    root, seed = seed_sequence(rng)
    # a participation attribute: one row per participation, with its own value
    B, codes, cats = participation_codes(g, B, attribute, missing)
    keep = codes >= 0
    Bk = B[np.flatnonzero(keep)] if not keep.all() else B
    Bk = Bk.tocsr()
    Bk.sort_indices()
    codes_k = codes[keep]
    n_trades = 10 * int(keep.sum()) if n_trades is None else _count(n_trades, "n_trades", 0)
    k = len(cats)
    n_events = B.shape[1]
    indptr = np.asarray(Bk.indptr, dtype=np.int64)
    indices = np.asarray(Bk.indices, dtype=np.int64)
    m = _ka.event_category_counts(indptr, indices, n_events, codes_k, k)
    freq = np.asarray(m.sum(axis=0)).reshape(-1).astype(np.int64)
    observed = _ka.pair_counts(m, freq)
    null = _Null(indptr, indices, n_events, codes_k, k, freq, observed, n_trades, root)
    mean, sd = _null_moments(null, n, n_jobs, progress)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 0, (observed - mean) / np.where(sd > 0, sd, 1.0), np.nan)
    params = {"attribute": attribute, "level": level, "n": n, "seed": seed,
              "n_trades": n_trades, "missing": missing}

    ev, ka, la, w = _ka.event_pairs(m)
    if level == "group":
        iu, ju = np.triu_indices(k)
        n_ev = np.zeros((k, k), dtype=np.int64)
        np.add.at(n_ev, (ka, la), 1)
        index = pd.MultiIndex.from_arrays([cats[iu], cats[ju]],
                                          names=["category_a", "category_b"])
        df = pd.DataFrame({"observed": observed[iu, ju], "null_mean": mean[iu, ju],
                           "null_sd": sd[iu, ju], "z": z[iu, ju], "n_events": n_ev[iu, ju]},
                          index=index)
        if np.isnan(df["z"]).all():
            _warn(f"no pair of {attribute!r} categories has a count that varies under the "
                  "null (fewer than two categories, or teams that cannot change); every z is "
                  "NaN")
        return label(df, "atypical_combinations", params)

    zz = z[ka, la]
    defined = ~np.isnan(zz)
    q = _ka.weighted_quantiles(ev[defined], zz[defined], w[defined], n_events, (0.5, 0.1))
    n_pairs = np.bincount(ev[defined], weights=w[defined], minlength=n_events).astype(np.int64)
    n_members = np.asarray(m.sum(axis=1)).reshape(-1).astype(np.int64)
    undefined = int(((n_members >= 2) & (n_pairs == 0)).sum())
    if undefined:
        _warn(f"{undefined} event(s) with two members or more have no pair of categories "
              f"whose count varies under the null; their z-scores are NaN")
    median_z, p10_z = q[:, 0], q[:, 1]
    has = ~np.isnan(p10_z)
    novel = pd.array(np.where(has, p10_z < 0, False), dtype="boolean")
    novel[~has] = pd.NA
    cut = np.median(median_z[has]) if has.any() else np.nan
    conventional = pd.array(np.where(has, median_z > cut, False), dtype="boolean")
    conventional[~has] = pd.NA
    events = g.events
    df = pd.DataFrame({"n_actors": n_members, "n_pairs": n_pairs, "median_z": median_z,
                       "p10_z": p10_z, "novel": novel, "conventional": conventional},
                      index=events.index.copy())
    if "time" in events.columns:
        df["time"] = events["time"].to_numpy()
    return label(df, "atypical_combinations", params)


def _warn(text: str) -> None:
    warnings.warn(f"atypical_combinations: {text}", ClusternetWarning, stacklevel=3)
