"""The methods paragraph: what was measured, how, with which conventions and
parameters, and the references -- only for the measures the report used.

Each measure's text and references come from its declaration in the
registry (``Measure.method``, ``Measure.references``); the paragraphs here
are those about no one measure: the data, the groups, the structure, the
significance tests and the time windows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .._bibliography import BIBLIOGRAPHY
from .._registry import Measure
from .._version import __version__
from ._compute import Analysis

#: A citation in a methods text: ``[key]`` or ``[key1, key2]``.
CITATION = re.compile(r"\[([a-z0-9_]+(?:, *[a-z0-9_]+)*)\]")

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


def context(an: Analysis) -> dict[str, Any]:
    """What a measure's method text may depend on (``Measure.method`` when it
    is a callable)."""
    g, p = an.g, an.params
    ctx = {"directed": bool(g.directed), "incidence": g.incidence is not None,
           "distance": p["distance"], "betweenness_k": p.get("betweenness_k"),
           "missing": p["missing"]}
    # the options the structure measures ran with (kind, between; null, n, clustering)
    ctx.update(p.get("core_periphery", {}))
    ctx.update(p.get("small_world", {}))
    return ctx


def method_text(m: Measure, ctx: Mapping[str, Any]) -> str:
    """The methods text of one measure, its declared references cited: its
    declared ``method`` (a str, or a callable of ``ctx``), else its summary;
    references it does not cite in the text are cited at its end."""
    if m.method is None:
        text = m.summary[:1].upper() + m.summary[1:] + "."
    else:
        text = m.method(ctx) if callable(m.method) else m.method
    cited = {k.strip() for keys in CITATION.findall(text) for k in keys.split(",")}
    rest = [k for k in m.references if k not in cited]
    if rest:
        mark = f" [{', '.join(rest)}]"
        text = text[:-1] + mark + "." if text.endswith(".") else text + mark
    return text


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
            n_missing = int(g.attribute(a).isna().sum())
            if n_missing:
                counts.append(f"{n_missing:,} actor(s) have no {a}")
        text.append(
            "Groups are the distinct values of the actor attribute"
            + ("s " if len(an.attributes) > 1 else " ")
            + ", ".join(repr(a) for a in an.attributes)
            + f"; {miss[p['missing']]} (missing={p['missing']!r})"
            + (f" -- {'; '.join(counts)}" if counts else "")
            + ". All group measures count ties, not their weights, and group sizes include "
            "isolates."
            + "".join(
                f" {a!r} belongs to each participation (its value can change from one event "
                "to the next): measures of events count each participation's own value, and "
                "each actor takes its most frequent value in the network or window at hand "
                "(a tie going to its latest participation)."
                for a in an.attributes if a in getattr(g, "participation_attributes", ()))
            + "".join(
                f" {a!r} has {len(m['shown']) + len(m['other'])} groups: the page's group "
                f"tables and figures show the {len(m['shown'])} largest and merge the other "
                f"{len(m['other'])} into one group {m['name']!r} (the CSV files hold every "
                "group)." for a, m in an.merged.items()))
    ctx = context(an)
    # measures first used by the trends are described after the trends
    text += _measure_texts([m for m, stage in an.measures.values() if stage != "time"], ctx)
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
            "the actors active in it; a window is labelled by its start.")
    text += an.methods  # paragraphs of the backbone and the QAP regression
    if "window_tests" in used:
        text.append(
            f"Each window's values of the permutable measures were tested in the same way, "
            f"with {p['permutations']:,} permutations of the attribute among that window's "
            "actors (the window's network kept fixed), so that a trend can be read against "
            "the trend of what each window's group sizes alone give; the null's 95% band is "
            "the 2.5% and 97.5% quantiles of the permuted values.")
    text += _measure_texts([m for m, stage in an.measures.values() if stage == "time"], ctx)
    text.append(f"Cite clusternet as: {citation()} Cite the methods by the references below.")
    cited: list[str] = []
    for para in text:
        for keys in CITATION.findall(para):
            for k in keys.split(","):
                k = k.strip()
                if k in BIBLIOGRAPHY and k not in cited:
                    cited.append(k)
    return text, cited


def _measure_texts(measures: list[Measure], ctx: Mapping[str, Any]) -> list[str]:
    """One paragraph per measure, in order; measures that share one text (the
    diversity of several levels) share one paragraph."""
    out: list[str] = []
    for m in measures:
        para = method_text(m, ctx)
        if para not in out:
            out.append(para)
    return out


def _lt(a: Any, b: Any) -> bool:
    try:
        return bool(a < b)
    except TypeError:
        return False
