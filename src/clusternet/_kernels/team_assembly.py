"""Team assembly counts (Guimerà et al. 2005): pure functions of the event
membership arrays and of numeric event times (no pandas, no graphs).

A *participation* is one (event, actor) entry of the event-major membership
CSR (``indptr``, ``actors``): the slots of event ``e`` are
``actors[indptr[e]:indptr[e + 1]]``. Times are numbers (datetimes as int64
nanoseconds); each event carries the start ``lo`` of its period and the start
``since`` of the memory of incumbency (``lo - tau * size``, or ``-inf``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

__all__ = ["TeamCounts", "event_team_counts", "incumbent_slots", "team_pairs"]


class TeamCounts(NamedTuple):
    """Per event counts (int64 arrays, one entry per event)."""

    slots: np.ndarray  # m_e, the team's distinct actors
    incumbent_slots: np.ndarray  # k_e
    newcomer_newcomer: np.ndarray  # C(m - k, 2)
    newcomer_incumbent: np.ndarray  # (m - k) k
    incumbent_pairs: np.ndarray  # C(k, 2)
    repeated_pairs: np.ndarray  # incumbent pairs that shared an earlier event
    joined: np.ndarray  # k - c: incumbents beyond the first of each component
    followers: np.ndarray  # max(k - 1, 0)


def incumbent_slots(indptr: np.ndarray, actors: np.ndarray, time: np.ndarray,
                    lo: np.ndarray, since: np.ndarray) -> np.ndarray:
    """Whether each participation's actor took part in an event with
    ``since[e] <= time < lo[e]`` (``e`` the participation's event).

    The actor's last participation dated before ``lo[e]`` is found by a binary
    search in the participations sorted by (actor, time); the actor is an
    incumbent when that date is not before ``since[e]``.
    """
    n_events = indptr.size - 1
    ev = np.repeat(np.arange(n_events), np.diff(indptr))
    t_part = time[ev]
    lo_part = lo[ev]
    # Dense ranks of every date and period start, so that (actor, rank) packs
    # into one sortable int64 key.
    ranks = np.unique(np.concatenate([t_part, lo_part]), return_inverse=True)[1]
    r_t, r_lo = ranks[: t_part.size], ranks[t_part.size:]
    width = np.int64(ranks.max() + 2) if ranks.size else np.int64(1)
    a = actors.astype(np.int64)
    key = a * width + r_t
    order = np.argsort(key, kind="stable")
    key_sorted = key[order]
    j = np.searchsorted(key_sorted, a * width + r_lo, side="left") - 1
    jj = np.maximum(j, 0)
    same = (j >= 0) & (a[order[jj]] == a) if a.size else np.zeros(0, dtype=bool)
    last = t_part[order[jj]] if a.size else np.zeros(0, dtype=t_part.dtype)
    return same & (last >= since[ev])


def team_pairs(indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of participations of one event, once: ``(first, second)``
    participation indices with ``first < second``."""
    m = np.diff(indptr)
    ev = np.repeat(np.arange(m.size), m)
    pos = np.arange(indptr[-1]) - indptr[:-1][ev]
    cnt = (m[ev] - 1 - pos).astype(np.int64)
    total = int(cnt.sum())
    first = np.repeat(np.arange(indptr[-1], dtype=np.int64), cnt)
    starts = np.cumsum(cnt) - cnt
    second = first + 1 + (np.arange(total, dtype=np.int64) - np.repeat(starts, cnt))
    return first, second


def event_team_counts(indptr: np.ndarray, actors: np.ndarray, n_actors: int,
                      time: np.ndarray, lo: np.ndarray, since: np.ndarray,
                      counted: np.ndarray) -> TeamCounts:
    """Slot, pair and link-type counts of every event.

    Parameters
    ----------
    indptr, actors : event-major membership CSR (distinct actors per event).
    n_actors : number of actors (for the pair keys).
    time : date of each event (float64 or int64).
    lo : start of each event's period (``time`` of an event not counted is
        never read through ``lo``; pass any value there).
    since : start of each event's incumbency memory (``-inf`` for none).
    counted : bool per event: the events whose counts are wanted (those in a
        period); the others are history only.

    Returns
    -------
    TeamCounts
        Zero for events not ``counted``.
    """
    n_events = indptr.size - 1
    m = np.diff(indptr).astype(np.int64)
    ev = np.repeat(np.arange(n_events), m)
    inc = incumbent_slots(indptr, actors, time, lo, since) & counted[ev]
    k = np.bincount(ev, weights=inc, minlength=n_events).astype(np.int64)
    m = np.where(counted, m, 0)
    new = m - k

    # Every pair of team-mates, once per event; a pair is repeated in event e
    # when its first shared event is dated before e's period start.
    first, second = team_pairs(indptr)
    a, b = actors[first].astype(np.int64), actors[second].astype(np.int64)
    key = np.minimum(a, b) * np.int64(n_actors) + np.maximum(a, b)
    t_pair = time[ev[first]]
    order = np.argsort(key, kind="stable")
    ks = key[order]
    head = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]]) if ks.size else np.zeros(0, np.int64)
    first_time = np.minimum.reduceat(t_pair[order], head) if ks.size else t_pair[:0]
    group = np.cumsum(np.r_[False, ks[1:] != ks[:-1]]) if ks.size else np.zeros(0, np.int64)
    seen_at = np.empty_like(t_pair)
    seen_at[order] = first_time[group]
    both = inc[first] & inc[second]
    rep = both & (seen_at < lo[ev[first]])
    pair_ev = ev[first]
    repeated = np.bincount(pair_ev[rep], minlength=n_events).astype(np.int64)

    # Components of the repeated-collaboration graph among each team's
    # incumbents: k - c incumbents joined an earlier collaborator.
    n_part = int(indptr[-1])
    graph = sp.csr_array(
        (np.ones(int(rep.sum())), (first[rep], second[rep])), shape=(n_part, n_part)
    )
    _, comp = connected_components(graph, directed=False)
    inc_idx = np.flatnonzero(inc)
    comp_inc = comp[inc_idx]
    o = np.argsort(comp_inc, kind="stable")
    cs = comp_inc[o]
    heads = inc_idx[o][np.r_[True, cs[1:] != cs[:-1]]] if cs.size else inc_idx[:0]
    c = np.bincount(ev[heads], minlength=n_events).astype(np.int64)
    return TeamCounts(
        slots=m,
        incumbent_slots=k,
        newcomer_newcomer=new * (new - 1) // 2,
        newcomer_incumbent=new * k,
        incumbent_pairs=k * (k - 1) // 2,
        repeated_pairs=repeated,
        joined=k - c,
        followers=np.maximum(k - 1, 0),
    )
