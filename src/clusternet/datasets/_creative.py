"""A synthetic creative cluster: teams assembled over the years (Guimerà et al. 2005)."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._results import label
from .._validation import as_rng
from ..errors import ClusternetError

__all__ = ["DOMAINS", "DOMAIN_SHARES", "creative_cluster"]

#: The domains of the synthetic cluster, in the order used for codes.
DOMAINS: tuple[str, ...] = ("art", "design", "technology", "research", "business", "public")

#: Default share of actors (and of teams' lead domains) in each domain.
DOMAIN_SHARES: dict[str, float] = {
    "art": 0.22,
    "design": 0.18,
    "technology": 0.20,
    "research": 0.14,
    "business": 0.16,
    "public": 0.10,
}


#: Marks an argument the caller did not pass.
_UNSET: Any = object()


def creative_cluster(
    *,
    n_actors: int = 600,
    n_years: int = 12,
    rng: int | np.random.Generator | None = 0,
    start_year: int = 2010,
    p: float | None = None,
    q: float | None = None,
    homophily: tuple[float, float] = (0.9, 0.2),
    domains: Mapping[str, float] | None = None,
    inside_share: float = 0.75,
    size_exponent: float = 2.0,
    max_team_size: int = 20,
    tau: int | None = 5,
    seed: Any = _UNSET,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    r"""Generate a synthetic creative cluster: actors in domains who form
    project teams year after year, with more cross-domain teams over time.

    The model is the team-assembly model of Guimerà, Uzzi, Spiro and Amaral
    (2005) [1]_, run year by year on a fixed population of actors, with
    homophily by domain that weakens over the years:

    1. **Actors.** ``n_actors`` actors, each in one domain (drawn with the
       shares in ``domains``) and inside the territory with probability
       ``inside_share`` (otherwise an outside partner). Every actor enters
       the cluster (takes part in a first team) in some year. The number of
       newcomers per year is set in advance: the first year's teams are all
       newcomers, later years' newcomers are a share :math:`1 - p` of their
       slots, so that the number of slots per year stays about constant and
       the last year places everyone still waiting.
    2. **Teams.** Each year, teams (the events: productions, projects) are
       formed until that year's newcomer slots are filled. A team has a lead
       domain (drawn with the shares in ``domains``) and a size
       :math:`m \ge 2` drawn from a truncated power law,
       :math:`P(m) \propto (m - 1)^{-\gamma}` for
       :math:`2 \le m \le m_{max}` (``size_exponent`` :math:`\gamma`,
       ``max_team_size`` :math:`m_{max}`).
    3. **Slots.** Each slot is filled by an *incumbent* (an actor who
       entered in an earlier year and was in a team within the last ``tau``
       years) with probability :math:`p`, else by a *newcomer* (an actor
       in no team yet). A slot asks for the team's domain with probability
       :math:`h_t` (always for the first slot, the lead), otherwise for a
       domain drawn with the shares in ``domains``; :math:`h_t` falls
       linearly from ``homophily[0]`` in the first year to ``homophily[1]``
       in the last, which is what makes domains converge.
    4. **Incumbents** (Guimerà et al.'s process, as in the NetLogo *Team
       Assembly* model of Bakshy & Wilensky). A team's incumbents are drawn
       one after another. With probability :math:`q`, and when some
       incumbent already on the team has a past collaborator who is still
       an incumbent and not on the team, the next incumbent is drawn
       uniformly among those collaborators (a repeat collaboration);
       otherwise it is a random incumbent of the slot's domain not yet on
       the team (any incumbent when that domain has none). The first
       incumbent of a team is therefore always a random one. A newcomer
       slot takes a waiting actor of the slot's domain (in random order),
       or a random waiting actor of another domain when that domain has
       none left.
    5. An actor appears at most once per team.

    **The bundled cluster.** When neither ``p`` nor ``q`` is given, the
    cluster is the one the examples, docs and tests of clusternet were
    written on (:math:`p = 0.6`, :math:`q = 0.5`), and it is kept byte for
    byte: it draws every further incumbent among the past co-members of the
    team's *first* incumbent (weighted by shared teams), and replaces a
    repeated or departed one by a random incumbent, so that in teams with
    three incumbents or more it realises fewer repeat collaborations than
    :math:`q`. Give ``p`` or ``q`` (even at their default values) for the
    process of step 4, whose ``q`` the estimates of
    :func:`clusternet.temporal.team_assembly` recover (tested).

    Within a year, teams are assembled independently of each other (the
    collaborators and incumbents are those of earlier years), which lets
    the generator work a year at a time on whole arrays (only the teams
    with two incumbents or more are assembled one by one): the default
    cluster builds in milliseconds and :math:`10^5` participations in about
    a second.

    Parameters
    ----------
    n_actors : int, default 600
        Number of actors; every one takes part in at least one team. Each
        year needs a newcomer, so at least about ``n_years + 1 / (1 - p)``;
        a few dozen per year give a cluster with some structure.
    n_years : int, default 12
        Number of years, labelled ``start_year`` ... ``start_year + n_years - 1``.
    rng : int, numpy.random.Generator or None, default 0
        Source of randomness: the same int seed gives identical tables
        (with the same numpy release: numpy does not promise identical
        random streams across versions); ``None`` draws fresh entropy.
        (Called ``seed=`` before 0.2, which still works with a
        FutureWarning.)
    start_year : int, default 2010
        Label of the first year.
    p : float, optional
        Probability that a slot is filled by an incumbent rather than a
        newcomer (:math:`0 \le p < 1`); Guimerà et al.'s :math:`p`.
        Default 0.6.
    q : float, optional
        Probability that an incumbent after the first is a previous
        collaborator of an incumbent already on the team
        (:math:`0 \le q \le 1`); Guimerà et al.'s :math:`q`. Higher ``q``
        means more repeat ties. Default 0.5. Without ``p`` and ``q`` the
        bundled cluster is drawn (see above).
    homophily : (float, float), default (0.9, 0.2)
        Probability :math:`h_t` that a slot asks for the team's own domain,
        in the first and in the last year (linear in between). Both in
        [0, 1]; a first value above the second makes cross-domain
        collaboration grow. Even at :math:`h_t = 0` a slot asks for the
        team's domain with that domain's share.
    domains : mapping of str to float, optional
        Domain names and their shares (non-negative, normalised to sum to
        1). Default :data:`DOMAIN_SHARES`: art 0.22, design 0.18,
        technology 0.20, research 0.14, business 0.16, public 0.10.
    inside_share : float, default 0.75
        Probability that an actor is inside the territory (``inside``
        column); the others are outside partners.
    size_exponent : float, default 2.0
        Exponent :math:`\gamma > 1` of the team-size law; smaller values
        give more large teams (mean size about 3.2 at the defaults,
        with 63% pairs).
    max_team_size : int, default 20
        Largest team size :math:`m_{max}` (at least 2).
    tau : int or None, default 5
        An incumbent who has not been in a team for ``tau`` years leaves
        the pool of incumbents (Guimerà et al.'s :math:`\tau`); ``None``
        keeps everyone.

    Returns
    -------
    affiliations : DataFrame
        One row per actor per team, columns ``actor`` (str), ``event``
        (str, ``"p<year>-<number>"``) and ``year`` (int), ordered by year
        and team, each team's lead first. Teams have 2 to
        ``max_team_size`` actors; fewer only when a team asks for more
        incumbents than there are (or, in the bundled cluster, when a
        repeated actor could not be redrawn), or when ``p=0`` leaves a year
        with one newcomer.
    actors : DataFrame
        One row per actor, columns ``actor`` (str, ``"a001"``...),
        ``domain`` (str, one of the ``domains``) and ``inside`` (bool),
        ordered by id.

    Both tables carry ``attrs["clusternet"]`` with the parameters used
    (``assembly``: ``"guimera2005"``, or ``"bundled"`` for the bundled
    cluster).

    Raises
    ------
    ClusternetError
        A parameter out of range (naming it), or too few actors for the
        number of years.

    See Also
    --------
    davis_southern_women : a small real affiliation table.
    clusternet.from_affiliations : build the actor network
        (``time="year", actors=actors``).

    Notes
    -----
    The data are synthetic: no numbers from a real cluster went into them.
    They are meant for examples, tests and teaching; the domain mix rises
    over time by construction (through :math:`h_t`), and the measures of
    :mod:`clusternet.convergence` should find it. Guimerà et al.'s model
    adds one team per time step and retires agents after :math:`\tau`
    steps; here a year's teams are drawn together and the population is
    fixed, with newcomers entering by cohorts.

    References
    ----------
    .. [1] Guimerà, R., Uzzi, B., Spiro, J. and Amaral, L. A. N. (2005).
       Team assembly mechanisms determine collaboration network structure
       and team performance. Science 308(5722), 697-702.
       https://doi.org/10.1126/science.1106340
    .. [2] Bakshy, E. and Wilensky, U. (2007). NetLogo Team Assembly model.
       Center for Connected Learning and Computer-Based Modeling,
       Northwestern University. http://ccl.northwestern.edu/netlogo/models/TeamAssembly

    Examples
    --------
    >>> import clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=200, n_years=6, rng=1)
    >>> list(aff.columns), list(actors.columns)
    (['actor', 'event', 'year'], ['actor', 'domain', 'inside'])
    >>> len(actors), int(aff["year"].min()), int(aff["year"].max())
    (200, 2010, 2015)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> g.n_actors
    200
    >>> sorted(actors["domain"].unique())
    ['art', 'business', 'design', 'public', 'research', 'technology']
    """
    n_actors = _int(n_actors, "n_actors", 3)
    n_years = _int(n_years, "n_years", 1)
    start_year = _int(start_year, "start_year", None)
    max_team_size = _int(max_team_size, "max_team_size", 2)
    tau = None if tau is None else _int(tau, "tau", 1)
    bundled = p is None and q is None  # the bundled cluster, kept byte for byte
    p = _prob(0.6 if p is None else p, "p")
    if p >= 1:
        raise ClusternetError("p=1 leaves no slot for newcomers; choose 0 <= p < 1")
    q = _prob(0.5 if q is None else q, "q")
    inside_share = _prob(inside_share, "inside_share")
    h0, h1 = _homophily(homophily)
    size_exponent = _real(size_exponent, "size_exponent")
    if not size_exponent > 1:
        raise ClusternetError(f"size_exponent must be greater than 1, got {size_exponent!r}")
    names, shares = _shares(DOMAIN_SHARES if domains is None else domains)
    if seed is not _UNSET:
        warnings.warn(
            "creative_cluster(seed=...) is renamed rng=, as everywhere in clusternet; seed= "
            "stops working in the next minor version",
            FutureWarning,
            stacklevel=2,
        )
        rng = seed
    recorded = rng if isinstance(rng, numbers.Integral) or rng is None else "Generator"
    rng = as_rng(rng)

    cohort = _cohorts(n_actors, n_years, p)
    n_dom = len(names)
    dom = rng.choice(n_dom, size=n_actors, p=shares)
    inside = rng.random(n_actors) < inside_share
    entry = np.full(n_actors, n_years, dtype=np.int64)  # year of first team
    # Actors waiting to enter, grouped by domain in random order.
    queue = np.lexsort((rng.random(n_actors), dom))

    sizes_support = np.arange(2, max_team_size + 1)
    size_cdf = np.cumsum((sizes_support - 1.0) ** -size_exponent)
    size_cdf /= size_cdf[-1]
    mean_size = float(np.diff(np.concatenate([[0.0], size_cdf])) @ sizes_support)

    # past collaborations (the process of step 4): unique pair codes i * n + j
    # (both orders) and, from them, each actor's collaborators as CSR arrays
    pair_codes = np.zeros(0, dtype=np.int64)
    collab_ptr, collab_idx = _collaborators(pair_codes, n_actors)
    last_active = np.full(n_actors, -(10**9), dtype=np.int64)
    past_actor: list[np.ndarray] = []
    past_event: list[np.ndarray] = []
    team_counts = np.zeros(n_years, dtype=np.int64)
    n_events = 0
    for y in range(n_years):
        h = h0 if n_years == 1 else h0 + (h1 - h0) * y / (n_years - 1)
        active = entry < y
        if tau is not None:
            active &= last_active >= y - tau
        pool = np.flatnonzero(active)
        p_y = p if len(pool) else 0.0

        team, inc = _draw_slots(rng, int(cohort[y]), p_y, mean_size, size_cdf, sizes_support)
        n_teams = int(team[-1]) + 1
        team_dom = rng.choice(n_dom, size=n_teams, p=shares)
        first_slot = np.r_[True, team[1:] != team[:-1]]
        ask = np.where(
            first_slot | (rng.random(len(team)) < h),
            team_dom[team],
            rng.choice(n_dom, size=len(team), p=shares),
        )
        actor = np.empty(len(team), dtype=np.int64)
        waiting = queue[entry[queue] == n_years]
        actor[~inc] = _recruit(rng, ask[~inc], waiting, dom[waiting], n_dom)
        entry[actor[~inc]] = y
        if inc.any() and bundled:
            actor[inc] = _incumbents(
                rng, team, inc, ask, pool, dom, n_dom, q, last_active, y, tau,
                past_actor, past_event, n_events,
            )
            keep = _dedupe(rng, team, actor, inc, pool, n_actors)
            team, actor = team[keep], actor[keep]
        elif inc.any():
            actor[inc] = _incumbents_guimera(rng, team, inc, ask, pool, dom, n_dom, q,
                                             collab_ptr, collab_idx, active)
            keep = actor >= 0
            team, actor = team[keep], actor[keep]

        last_active[actor] = y
        past_actor.append(actor)
        past_event.append(team + n_events)
        if not bundled:
            pair_codes = _update_pairs(pair_codes, team, actor, n_actors)
            collab_ptr, collab_idx = _collaborators(pair_codes, n_actors)
        team_counts[y] = n_teams
        n_events += n_teams

    all_actor = np.concatenate(past_actor)
    all_event = np.concatenate(past_event)
    ev_year = np.repeat(np.arange(n_years), team_counts)
    ev_num = np.arange(n_events) - np.repeat(np.cumsum(team_counts) - team_counts, team_counts)

    width_a = len(str(n_actors))
    width_e = len(str(int(team_counts.max())))
    actor_ids = _labels("a", np.arange(1, n_actors + 1), width_a)
    year_labels = start_year + ev_year
    event_ids = ("p" + pd.Series(year_labels).astype(str) + "-"
                 + _labels("", ev_num + 1, width_e)).to_numpy()

    params = {
        "n_actors": n_actors, "n_years": n_years,
        "rng": recorded,
        "start_year": start_year, "p": p, "q": q, "homophily": (h0, h1),
        "domains": dict(zip(names, shares.tolist())), "inside_share": inside_share,
        "size_exponent": size_exponent, "max_team_size": max_team_size, "tau": tau,
        "assembly": "bundled" if bundled else "guimera2005",
    }
    affiliations = pd.DataFrame({
        "actor": actor_ids[all_actor],
        "event": event_ids[all_event],
        "year": year_labels[all_event].astype(np.int64),
    })
    actors = pd.DataFrame({
        "actor": actor_ids,
        "domain": np.asarray(names, dtype=object)[dom],
        "inside": inside,
    })
    label(affiliations, "creative_cluster", params)
    label(actors, "creative_cluster", params)
    return affiliations, actors


# ------------------------------------------------------------------ helpers
def _draw_slots(rng, n_new, p_y, mean_size, size_cdf, support):
    """Teams of one year as slot arrays (team index, is-incumbent), drawn
    until exactly ``n_new`` newcomer slots exist.

    Newcomer slots past the ``n_new``-th in the last team become incumbent
    slots, or are dropped when there are no incumbents (the first year); a
    last team left with one member joins the team before it.
    """
    teams, incs = [], []
    n_teams = 0
    placed = 0
    while True:
        guess = int(np.ceil((n_new - placed) / ((1.0 - p_y) * mean_size) * 1.25)) + 4
        size = support[np.searchsorted(size_cdf, rng.random(guess), side="right")]
        size = np.minimum(size, support[-1])
        team = np.repeat(np.arange(n_teams, n_teams + guess), size)
        inc = rng.random(len(team)) < p_y
        teams.append(team)
        incs.append(inc)
        n_teams += guess
        placed += int((~inc).sum())
        if placed >= n_new:
            break
    team = np.concatenate(teams)
    inc = np.concatenate(incs)
    new_rank = np.cumsum(~inc)
    cut = int(np.searchsorted(new_rank, n_new))  # slot of the last newcomer
    last = team[cut]
    stop = int(np.searchsorted(team, last, side="right"))
    team, inc, new_rank = team[:stop], inc[:stop], new_rank[:stop]
    extra = ~inc & (new_rank > n_new)
    if p_y > 0:
        inc = inc | extra
    else:
        team, inc = team[~extra], inc[~extra]
        if last > 0 and int((team == last).sum()) == 1:
            team = np.where(team == last, last - 1, team)
    return team, inc


def _recruit(rng, want, waiting, waiting_dom, n_dom):
    """Newcomers for slots asking for domains ``want``: the first waiting
    actors of each asked domain (``waiting`` is grouped by domain, in random
    order within a domain); slots whose domain has run out get waiting
    actors of other domains at random."""
    n = len(want)
    s_order = np.lexsort((rng.random(n), want))
    s_dom = want[s_order]
    s_cnt = np.bincount(want, minlength=n_dom)
    w_cnt = np.bincount(waiting_dom, minlength=n_dom)
    s_rank = np.arange(n) - np.concatenate([[0], np.cumsum(s_cnt)])[s_dom]
    w_start = np.concatenate([[0], np.cumsum(w_cnt)])
    w_rank = np.arange(len(waiting)) - w_start[waiting_dom]
    s_hit = s_rank < w_cnt[s_dom]
    out = np.empty(n, dtype=np.int64)
    out[s_order[s_hit]] = waiting[w_start[s_dom[s_hit]] + s_rank[s_hit]]
    left = waiting[w_rank >= s_cnt[waiting_dom]]
    out[s_order[~s_hit]] = rng.choice(left, size=int((~s_hit).sum()), replace=False)
    return out


def _incumbents(rng, team, inc, ask, pool, dom, n_dom, q, last_active, y, tau,
                past_actor, past_event, n_events):
    """Actors for the incumbent slots (in slot order)."""
    slots = np.flatnonzero(inc)
    s_team = team[slots]
    anchor = np.r_[True, s_team[1:] != s_team[:-1]]  # first incumbent of each team
    out = _random_of_domain(rng, ask[slots], pool, dom, n_dom)
    if q <= 0 or not past_actor:
        return out
    follow = ~anchor & (rng.random(len(slots)) < q)
    if not follow.any():
        return out
    # The anchor of each following slot: index of the team's first incumbent slot.
    anchor_pos = np.maximum.accumulate(np.where(anchor, np.arange(len(slots)), 0))
    who = out[anchor_pos[follow]]
    mate = _past_collaborator(rng, who, np.concatenate(past_actor),
                              np.concatenate(past_event), n_events, len(dom))
    ok = mate >= 0
    if tau is not None:
        ok &= last_active[np.maximum(mate, 0)] >= y - tau
    idx = np.flatnonzero(follow)[ok]
    out[idx] = mate[ok]
    return out


def _incumbents_guimera(rng, team, inc, ask, pool, dom, n_dom, q, collab_ptr, collab_idx,
                        in_pool):
    """Actors for the incumbent slots (in slot order), drawn team by team as
    in Guimerà et al. (2005) and the NetLogo model: after a team's first
    incumbent, with probability q (and when there is one) a uniformly drawn
    collaborator, still an incumbent and not yet on the team, of an
    incumbent on the team; otherwise a random incumbent of the slot's domain
    not yet on the team. -1 marks a slot left empty (more incumbent slots
    than incumbents)."""
    slots = np.flatnonzero(inc)
    s_team = team[slots]
    want = ask[slots]
    out = _random_of_domain(rng, want, pool, dom, n_dom)  # the random draws, drawn ahead
    coin = rng.random(len(slots)) < q
    starts = np.flatnonzero(np.r_[True, s_team[1:] != s_team[:-1]])
    ends = np.r_[starts[1:], len(slots)]
    order = np.argsort(dom[pool], kind="stable")
    by_dom = pool[order]
    dom_start = np.concatenate([[0], np.cumsum(np.bincount(dom[pool], minlength=n_dom))])
    for a, b in zip(starts[ends - starts >= 2].tolist(), ends[ends - starts >= 2].tolist()):
        members: set[int] = set()
        cands: set[int] = set()
        for i in range(a, b):
            if i > a and coin[i] and cands:
                ordered = sorted(cands)
                pick = ordered[int(rng.integers(len(ordered)))]
            else:
                pick = int(out[i])
                if pick in members:
                    pick = _redraw(rng, members, by_dom, dom_start, int(want[i]), pool)
            out[i] = pick
            if pick < 0:
                continue
            members.add(pick)
            cands.discard(pick)
            mates = collab_idx[collab_ptr[pick]:collab_ptr[pick + 1]]
            cands.update(c for c in mates[in_pool[mates]].tolist() if c not in members)
    return out


def _redraw(rng, members, by_dom, dom_start, want, pool):
    """A random incumbent of domain ``want`` not in ``members`` (of any
    domain when that domain has none left; -1 when every incumbent is)."""
    same = by_dom[dom_start[want]:dom_start[want + 1]]
    for group in (same, pool):
        left = [int(x) for x in group.tolist() if int(x) not in members]
        if left:
            return left[int(rng.integers(len(left)))]
    return -1


def _update_pairs(codes, team, actor, n_actors):
    """``codes`` (unique i * n + j over past team-mates, both orders) with the
    pairs of this year's teams added."""
    order = np.argsort(team, kind="stable")
    t, a = team[order], actor[order]
    start = np.searchsorted(t, t, side="left")
    size = np.searchsorted(t, t, side="right") - start
    rep = size - 1
    i = np.repeat(np.arange(len(t)), rep)
    offset = np.arange(len(i)) - np.repeat(np.cumsum(rep) - rep, rep)  # 0..size-2
    pos = np.repeat(np.arange(len(t)) - start, rep)
    j = np.repeat(start, rep) + offset + (offset >= pos)  # every other member
    new = a[i].astype(np.int64) * n_actors + a[j]
    return np.union1d(codes, new)


def _collaborators(codes, n_actors):
    """CSR arrays (indptr, indices) of each actor's past collaborators."""
    src = codes // n_actors
    ptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=n_actors))])
    return ptr, (codes % n_actors).astype(np.int64)


def _random_of_domain(rng, want, pool, dom, n_dom):
    """A uniformly random member of ``pool`` in domain ``want`` (any member
    when that domain has none), for each entry of ``want``."""
    order = np.argsort(dom[pool], kind="stable")
    sorted_pool = pool[order]
    cnt = np.bincount(dom[pool], minlength=n_dom)
    start = np.concatenate([[0], np.cumsum(cnt)])
    u = rng.random(len(want))
    c = cnt[want]
    pick = np.where(
        c > 0,
        start[want] + np.floor(u * c).astype(np.int64),
        np.floor(u * len(pool)).astype(np.int64),
    )
    return np.where(c > 0, sorted_pool[np.minimum(pick, len(pool) - 1)],
                    pool[np.minimum(pick, len(pool) - 1)])


def _past_collaborator(rng, who, p_actor, p_event, n_events, n_actors):
    """A random co-member of a random past team of each actor in ``who``
    (-1 when it has none): partners shared in many teams come more often."""
    order = np.argsort(p_actor, kind="stable")
    a_ptr = np.concatenate([[0], np.cumsum(np.bincount(p_actor, minlength=n_actors))])
    a_events = p_event[order]
    e_order = np.argsort(p_event, kind="stable")
    e_ptr = np.concatenate([[0], np.cumsum(np.bincount(p_event, minlength=n_events))])
    e_members = p_actor[e_order]

    deg = a_ptr[who + 1] - a_ptr[who]
    has = deg > 0
    out = np.full(len(who), -1, dtype=np.int64)
    w = who[has]
    ev = a_events[a_ptr[w] + np.floor(rng.random(len(w)) * deg[has]).astype(np.int64)]
    size = e_ptr[ev + 1] - e_ptr[ev]
    solo = size < 2
    pos = np.floor(rng.random(len(w)) * np.maximum(size - 1, 1)).astype(np.int64)
    mate = e_members[e_ptr[ev] + pos]
    # Positions 0..size-2 were drawn; the anchor's own spot maps to the last one,
    # which makes every other member equally likely.
    mate = np.where(mate == w, e_members[e_ptr[ev] + size - 1], mate)
    out[np.flatnonzero(has)] = np.where(solo, -1, mate)
    return out


def _dedupe(rng, team, actor, inc, pool, n_actors, rounds=8):
    """Redraw incumbents that repeat an actor already in their team (in
    place); return the mask of slots to keep (repeats left after ``rounds``
    redraws are dropped)."""
    for _ in range(rounds):
        dup = pd.Index(team.astype(np.int64) * n_actors + actor).duplicated(keep="first")
        redo = np.flatnonzero(dup & inc)
        if len(redo) == 0:
            break
        actor[redo] = pool[rng.integers(0, len(pool), len(redo))]
    return ~pd.Index(team.astype(np.int64) * n_actors + actor).duplicated(keep="first")


def _cohorts(n_actors, n_years, p):
    """Newcomers per year: the first year fills all its slots, later years a
    share 1 - p of theirs, for about the same number of slots every year."""
    weight = np.ones(n_years)
    weight[0] = 1.0 / (1.0 - p)
    target = n_actors * np.cumsum(weight) / weight.sum()
    bounds = np.concatenate([[0], np.round(target).astype(np.int64)])
    bounds[-1] = n_actors
    cohort = np.diff(bounds)
    if cohort[0] < 2 or (cohort < 1).any():
        need = int(np.ceil(max(weight.sum(), 2 * weight.sum() / weight[0]))) + 1
        raise ClusternetError(
            f"n_actors={n_actors} is too few for n_years={n_years} with p={p}: each year "
            f"needs newcomers; use n_actors >= {need} (or fewer years, or a lower p)"
        )
    return cohort


def _labels(prefix, numbers_, width):
    s = pd.Series(numbers_).astype(str).str.zfill(width)
    return (prefix + s).to_numpy(dtype=object)


def _int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ClusternetError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ClusternetError(f"{name} must be at least {minimum}, got {value}")
    return value


def _real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ClusternetError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _prob(value, name):
    value = _real(value, name)
    if not 0.0 <= value <= 1.0:
        raise ClusternetError(f"{name} must be a probability in [0, 1], got {value!r}")
    return value


def _homophily(value):
    try:
        h0, h1 = value
    except (TypeError, ValueError):
        raise ClusternetError(
            f"homophily must be a pair (first year, last year) of probabilities, got {value!r}"
        ) from None
    return _prob(h0, "homophily[0]"), _prob(h1, "homophily[1]")


def _shares(domains):
    if not isinstance(domains, Mapping) or len(domains) == 0:
        raise ClusternetError(
            f"domains must be a non-empty mapping of domain name to share, got {domains!r}"
        )
    names = [str(k) for k in domains]
    shares = np.array([_real(v, f"domains[{k!r}]") for k, v in domains.items()])
    if (shares < 0).any() or shares.sum() <= 0:
        raise ClusternetError(f"domains shares must be non-negative and not all 0, got {domains!r}")
    return names, shares / shares.sum()
