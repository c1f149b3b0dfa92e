"""The methods paragraph: what was measured, how, with which conventions and
parameters, and the references -- only for the measures the report used."""

from __future__ import annotations

from typing import Any

from .._bibliography import BIBLIOGRAPHY
from .._version import __version__
from ._compute import BETWEENNESS_SAMPLE, Analysis

REFERENCES = BIBLIOGRAPHY

_PROJECTIONS = {
    "count": "the number of events the two actors share",
    "newman": "Newman's (2001) collaboration weight, the sum over shared events of "
              "1/(n_e - 1) with n_e the event's number of actors (single-actor events add "
              "nothing) [newman2001]",
    "jaccard": "the Jaccard index of the two actors' sets of events (shared / either)",
    "overlap": "the overlap of the two actors' sets of events (shared / the smaller set)",
}


def citation() -> str:
    """How to cite clusternet (this version)."""
    return ("The clusternet developers. clusternet: convergence, diversity and "
            "brokerage in creative and innovation clusters (version "
            f"{__version__}) [computer software]. See CITATION.cff in the source "
            "distribution.")


def paragraphs(an: Analysis) -> tuple[list[str], list[str]]:
    """The methods text (a list of paragraphs, with [key] citations) and the keys
    of the references cited, in order of first citation."""
    g, p, used = an.g, an.params, set(an.used)
    text: list[str] = []
    data = (f"We analysed {g.n_actors:,} actors with clusternet {__version__} "
            "(Python). ")
    if g.incidence is not None:
        data += (f"The actor network was projected from {g.n_events:,} events (one row per "
                 "actor per event): two actors are tied when they took part in at least one "
                 f"common event, and the tie weight is {_PROJECTIONS.get(g.projection, g.projection)}"
                 f" ({g.projection!r} projection). ")
    else:
        data += ("The network was built from a list of ties"
                 + (", directed" if g.directed else ", undirected")
                 + ", parallel ties summed into one weighted tie. ")
    if g.has_time:
        times = g.times
        data += f"Records are dated from {times.min()} to {times.max()}. "
    data += (f"The network has {g.n_ties:,} ties. Self-ties are ignored; isolates (actors "
             "without ties) are kept in every count.")
    text.append(data)
    if "structure" in used:
        text.append(
            "Degree is an actor's number of distinct contacts and strength the sum of its tie "
            "weights; density is the number of ties over the number of possible ties, "
            "n(n-1)/2" + (" (n(n-1) ordered pairs when directed)" if g.directed else "")
            + "; components are the connected components"
            + (" (weakly connected)" if g.directed else "") + ".")
    if an.attributes:
        miss = {"error": "actors without a value stop the analysis",
                "drop": "actors without a value are left out of the group measures, with "
                        "their ties",
                "own-group": "each actor without a value forms a group of its own"}
        counts = []
        for a in an.attributes:
            n_missing = int(g.actors[a].isna().sum())
            if n_missing:
                counts.append(f"{n_missing:,} actor(s) have no {a}")
        text.append(
            "Groups are the distinct values of the actor attribute"
            + ("s " if len(an.attributes) > 1 else " ")
            + ", ".join(repr(a) for a in an.attributes)
            + f"; {miss[p['missing']]} (missing={p['missing']!r})"
            + (f" -- {'; '.join(counts)}" if counts else "")
            + ". All group measures count ties, not their weights, and group sizes include "
            "isolates.")
    if "structural_holes" in used:
        text.append(
            "Burt's (1992) structural-hole measures [burt1992] use the tie weights: with "
            "m_ij = a_ij + a_ji and p_ij = m_ij / sum_k m_ik, constraint "
            "C_i = sum_j (p_ij + sum_q p_iq p_qj)^2 (q other than i and j); effective size "
            "sum_j [1 - sum_q p_iq m_jq / max_k m_jk]; efficiency = effective size / number of "
            "contacts; hierarchy = sum_j r_j ln r_j / (N ln N) with r_j = c_ij / (C_i / N) and "
            "N contacts. They are undefined (NaN) for isolates, and hierarchy also for actors "
            "with one contact.")
    if "betweenness" in used:
        sampled = p.get("betweenness_k")
        lengths = ("in steps (tie weights are strengths, not lengths, so they are not used)"
                   if p["distance"] == "hops" else
                   "as the inverse of the tie weight (a strength), as in Newman (2001) "
                   "[newman2001]")
        text.append(
            "Betweenness centrality [brandes2001] counts the shortest paths between other "
            f"actors that pass through an actor, with path length {lengths}, normalised by "
            "the number of pairs of other actors as in networkx"
            + (f"; it was estimated from {sampled or BETWEENNESS_SAMPLE:,} source actors drawn "
               "at random (seeded)" if sampled else "; computed exactly") + ".")
    if "mixing_matrix" in used:
        text.append(
            "The mixing matrix counts ties between each pair of groups; on its diagonal each "
            "within-group tie counts once" + (" (rows: the sender's group)" if g.directed
                                              else "") + ".")
    if "relative_intensity" in used:
        text.append(
            "Relative intensity divides each cell of the mixing matrix by the ties expected "
            "if the same number of ties were placed at random among actors: "
            "L n_x n_y / C(N,2) between groups x and y, L C(n_x,2) / C(N,2) within x, with L "
            "ties and N actors [freeman1978]. 1 means as many ties as chance.")
    if "ei_index" in used:
        text.append(
            "The E-I index [krackhardt1988] is (E - I)/(E + I), E the ties between groups and "
            "I those within, from -1 (all within) to +1 (all between); per actor, over its "
            "own ties (NaN without ties); per group, over the ties with an end in the group. "
            "Its expected value if every possible tie existed, (E_max - I_max)/(E_max + "
            "I_max), depends on group sizes only and is reported beside it.")
    if "assortativity" in used:
        text.append(
            "Newman's (2003) assortativity coefficient [newman2003] is "
            "r = (sum_x e_xx - sum_x a_x b_x)/(1 - sum_x a_x b_x), with e_xy the share of tie "
            "ends joining groups x and y; 0 is random mixing, 1 perfect sorting. It is NaN "
            "with one group.")
    if "freeman_segregation" in used:
        text.append(
            "Freeman's (1978) segregation index [freeman1978, bojanowski2014] is "
            "S = (E[X] - X)/E[X], X the between-group ties and E[X] = L(N^2 - sum n_g^2)/"
            "(N(N-1)) their number in a random graph; it is not truncated at 0.")
    if "coleman_homophily" in used:
        text.append(
            "Coleman's (1958) homophily index per group [coleman1958], in the form of R "
            "netseg: with d_g the tie ends of group g, w_gg its within-group tie ends and "
            "E_g = d_g (n_g - 1)/(N - 1), H_g = (w_gg - E_g)/(d_g - E_g) when w_gg > E_g, "
            "else (w_gg - E_g)/E_g.")
    if "hybrid_events" in used:
        text.append(
            "An event is hybrid when its actors come from two groups or more "
            "[guimera2005]; the hybrid share is the share of events that are.")
    if {"ego_diversity", "composition", "team_diversity"} & used:
        text.append(
            "Diversity is Blau's index (Gini-Simpson) 1 - sum p_k^2 [blau1977, jost2006], "
            "p_k the share of category k: of the whole cluster's actors (composition, "
            "also as Shannon entropy H = -sum p_k ln p_k, natural log), of each team's actors "
            "(team diversity) and of each actor's contacts, the actor excluded and each "
            "contact counted once (ego-network diversity; NaN without contacts).")
    if "rao_stirling" in used:
        text.append(
            "Rao-Stirling diversity [stirling2007] adds how different the groups are: "
            "sum over ordered pairs of distinct groups i, j of d_ij p_i p_j (alpha = beta = 1), "
            "with the disparity d_ij = 1 - the cosine similarity of groups i and j's "
            "co-occurrence profiles (how often their actors"
            + (" share events" if g.incidence is not None else " are tied")
            + ", computed from these data; in disparity_<attribute>.csv); true diversity "
            "1/(1 - Rao-Stirling) is its effective number of groups [zhang2016].")
    if "gould_fernandez" in used:
        text.append(
            "Gould and Fernandez's (1989) brokerage roles [gould1989] count, for each actor "
            "b, the 2-paths a-b-c with a and c distinct and not tied a->c, by the groups of "
            "a, b and c: coordinator (all three in one group), itinerant (a and c in one "
            "group, b in another), representative (a with b, c elsewhere), gatekeeper (b "
            "with c, a elsewhere) and liaison (all three different). "
            + ("Undirected ties count as two directed ties, as in R sna. " if not g.directed
               else "")
            + "Expected counts and standard deviations come from a random graph of the "
            "same density and group sizes (as in R sna); z = (raw - expected)/sd, NaN where "
            "sd = 0.")
    if "gatekeepers" in used:
        text.append(
            "For a true/false attribute (such as inside the cluster or not), each actor marked "
            "true gets its number and share of contacts marked false: the gatekeepers of the "
            "cluster literature [giuliani2005], a notion distinct from the Gould-Fernandez "
            "gatekeeper role.")
    if "participation" in used:
        text.append(
            "The participation coefficient P_i = 1 - sum_s (k_is/k_i)^2 and the within-module "
            "degree z-score (population standard deviation) follow Guimerà and Amaral "
            "[guimera_amaral2005], with the attribute's groups as modules; roles R1-R7 use "
            "their thresholds (hubs z >= 2.5). Actors without ties are NaN.")
    if "permutation_test" in used:
        seed = p.get("seed_text")
        text.append(
            f"Significance: each network-level convergence measure was recomputed after "
            f"{p['permutations']:,} random permutations of the attribute's values among "
            "actors, the network kept fixed (a QAP-style label permutation test "
            "[krackhardt1988qap]). The two-sided p-value is (1 + #{|T* - m| >= |T - m|})/"
            "(R + 1), with T the observed value, T* the permuted ones, m their mean and R the "
            "number of permutations [phipson2010]; z = (T - m)/sd(T*). The null of these "
            "measures is not centred at 0, so the deviation is taken from the null mean."
            + (f" Random numbers: {seed}." if seed else ""))
    if "over_time" in used:
        if p["cumulative"]:
            how = (f"cumulative windows (each from the first time to the end of a slice of "
                   f"{p['size']} time unit(s); slices moved by {p['step']})")
        else:
            how = (f"windows of {p['size']} time unit(s) moved by {p['step']} "
                   + ("(overlapping)" if _lt(p["step"], p["size"]) else "(consecutive)"))
        text.append(
            f"Trends: the measures were recomputed on {how}. Each window's network is "
            "projected from that window's events only, with the same projection, and holds "
            "the actors active in it; a window is labelled by its start."
            + (" New ties are pairs tied in a window and in no earlier record, repeated ties "
               "the others; new_cross_share is the share of new ties (between actors with a "
               "value) that join two groups [guimera2005]." if "tie_formation" in used
               else ""))
    text.append(f"Cite clusternet as: {citation()} Cite the methods by the references below.")
    cited: list[str] = []
    import re

    for para in text:
        for keys in re.findall(r"\[([a-z0-9_, ]+)\]", para):
            for k in keys.split(","):
                k = k.strip()
                if k in REFERENCES and k not in cited:
                    cited.append(k)
    return text, cited


def _lt(a: Any, b: Any) -> bool:
    try:
        return bool(a < b)
    except TypeError:
        return False
