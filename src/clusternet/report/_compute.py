"""The measures of a report: every number is computed here, by the public
functions of clusternet, and kept with the parameters it was computed with."""

from __future__ import annotations

import importlib
import numbers
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ClusternetError

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

#: Above this many actors, betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_MAX = 5000
#: Number of sampled sources when betweenness is estimated.
BETWEENNESS_SAMPLE = 1000
#: Attributes with more groups than this get no group x group tables or figures.
MAX_GROUPS = 30


def public(module: str, name: str) -> Any | None:
    """``clusternet.<module>.<name>`` if the installed package has it, else None."""
    try:
        mod = importlib.import_module(f"clusternet.{module}")
    except ImportError:
        return None
    return getattr(mod, name, None)


@dataclass
class Analysis:
    """Everything a report shows: tables, the parameters and what was skipped."""

    g: Any
    attributes: list[str]
    params: dict[str, Any]
    actors: pd.DataFrame = field(default_factory=pd.DataFrame)
    network: pd.DataFrame = field(default_factory=pd.DataFrame)
    over_time: pd.DataFrame | None = None
    groups: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    gould_fernandez: dict[str, Any] = field(default_factory=dict)
    tests: dict[tuple[str, str], Any] = field(default_factory=dict)
    used: list[str] = field(default_factory=list)  # measure keys, in order of use
    notes: list[str] = field(default_factory=list)  # warnings and skipped parts
    columns: dict[str, str] = field(default_factory=dict)  # actors.csv column -> meaning
    _rows: list[dict[str, Any]] = field(default_factory=list)

    def use(self, key: str) -> None:
        if key not in self.used:
            self.used.append(key)

    def note(self, text: str) -> None:
        text = " ".join(str(text).split())
        if text not in self.notes:
            self.notes.append(text)

    def add(self, measure: str, value: Any, *, attribute: str = "", meaning: str = "") -> None:
        self._rows.append({"measure": measure, "attribute": attribute,
                           "value": _float(value), "description": meaning})

    def column(self, name: str, values: Any, meaning: str) -> None:
        s = values if isinstance(values, pd.Series) else pd.Series(values, index=self.g.actor_ids)
        self.actors[name] = s.reindex(self.g.actor_ids).to_numpy()
        self.columns[name] = meaning


def stages(g: Any, attributes: list[str], permutations: int) -> list[tuple[str, str]]:
    """(key, label) of each stage, in order, for the progress display."""
    out = [("structure", "network structure"),
           ("brokerage", "brokerage: structural holes, betweenness")]
    for a in attributes:
        out.append((f"convergence:{a}", f"convergence by {a}"))
        out.append((f"diversity:{a}", f"diversity by {a}"))
        out.append((f"roles:{a}", f"brokerage roles by {a}"))
    if permutations and attributes:
        out.append(("tests", f"permutation tests ({permutations} permutations)"))
    if g.has_time:
        out.append(("time", "measures over time"))
    return out


def run_stage(an: Analysis, key: str, progress: Any = None) -> None:
    """Compute one stage, recording ClusternetWarnings as notes."""
    kind, _, attribute = key.partition(":")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if kind == "structure":
            _structure(an)
        elif kind == "brokerage":
            _brokerage(an)
        elif kind == "convergence":
            _convergence(an, attribute)
        elif kind == "diversity":
            _diversity(an, attribute)
        elif kind == "roles":
            _roles(an, attribute)
        elif kind == "tests":
            _tests(an, progress)
        elif kind == "time":
            _over_time(an)
    for w in caught:
        if issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning)):
            continue
        an.note(f"{_stage_name(key)}: {w.message}")


def finish(an: Analysis) -> None:
    """Assemble the network table once every stage has run."""
    net = pd.DataFrame(an._rows, columns=["measure", "attribute", "value", "description"])
    if an.tests:
        cols = {c: [] for c in ("null_mean", "null_sd", "z", "p_value", "permutations")}
        for _, row in net.iterrows():
            t = an.tests.get((row["measure"], row["attribute"]))
            cols["null_mean"].append(_float(getattr(t, "null_mean", np.nan)))
            cols["null_sd"].append(_float(getattr(t, "null_sd", np.nan)))
            cols["z"].append(_float(getattr(t, "z", np.nan)))
            cols["p_value"].append(_float(getattr(t, "p_value", np.nan)))
            cols["permutations"].append(int(getattr(t, "n", 0)) if t is not None else 0)
        for c, v in cols.items():
            net[c] = v
    an.network = net


# ----------------------------------------------------------------- the stages
def _structure(an: Analysis) -> None:
    from scipy.sparse.csgraph import connected_components

    g = an.g
    A = g.adjacency
    n = g.n_actors
    an.use("structure")
    binary = (A != 0).astype(np.int64)
    if g.directed:
        an.column("out_degree", np.asarray(binary.sum(axis=1)).ravel(),
                  "number of actors this actor sends a tie to")
        an.column("in_degree", np.asarray(binary.sum(axis=0)).ravel(),
                  "number of actors sending a tie to this actor")
        an.column("out_strength", np.asarray(A.sum(axis=1)).ravel(),
                  "total weight of the ties sent")
        an.column("in_strength", np.asarray(A.sum(axis=0)).ravel(),
                  "total weight of the ties received")
    else:
        an.column("degree", np.asarray(binary.sum(axis=1)).ravel(),
                  "number of contacts (actors sharing a tie)")
        an.column("strength", np.asarray(A.sum(axis=1)).ravel(),
                  "total weight of the actor's ties (its projection's tie weights)")
    if g.incidence is not None:
        an.column("n_events", np.diff(g.incidence.indptr),
                  "number of events the actor took part in")
    an.add("actors", n, meaning="actors, isolates included")
    an.add("ties", g.n_ties, meaning="distinct ties" + (" (ordered pairs)" if g.directed else ""))
    if g.n_events is not None:
        an.add("events", g.n_events, meaning="events (teams, projects) in the records")
    pairs = n * (n - 1) if g.directed else n * (n - 1) / 2
    an.add("density", g.n_ties / pairs if pairs else np.nan,
           meaning="ties / possible ties")
    deg = an.actors["out_degree" if g.directed else "degree"].to_numpy(dtype=float)
    an.add("mean_degree", float(deg.mean()) if n else np.nan,
           meaning="mean number of contacts" + (" (out-ties)" if g.directed else ""))
    if n:
        n_comp, labels = connected_components(A, directed=g.directed, connection="weak")
        sizes = np.bincount(labels)
        an.add("components", n_comp, meaning="connected components (weak when directed)")
        an.add("largest_component_share", sizes.max() / n,
               meaning="share of actors in the largest component")
        an.add("isolates", int((sizes == 1).sum()), meaning="actors without any tie")


def _brokerage(an: Analysis) -> None:
    g = an.g
    holes = public("brokerage", "structural_holes")
    if holes is not None:
        sh = holes(g, weight=True)
        meanings = {
            "constraint": "Burt's constraint (weighted): how much the actor's contacts "
                          "are tied to each other; low = spans structural holes",
            "effective_size": "Burt's effective size (weighted): non-redundant contacts",
            "efficiency": "effective size / number of contacts",
            "hierarchy": "Burt's hierarchy: how much the constraint is concentrated on "
                         "one contact",
        }
        for col in sh.columns:
            an.column(str(col), sh[col], meanings.get(str(col), str(col)))
        an.use("structural_holes")
        if "constraint" in sh.columns:
            an.add("mean_constraint", np.nanmean(sh["constraint"].to_numpy(dtype=float))
                   if sh["constraint"].notna().any() else np.nan,
                   meaning="mean of Burt's constraint over actors with ties")
    else:
        an.note("Burt's structural holes are not in this version of clusternet; left out.")
    betweenness = public("brokerage", "betweenness")
    if betweenness is not None:
        kwargs: dict[str, Any] = {"normalized": True, "distance": an.params["distance"]}
        if g.n_actors > EXACT_BETWEENNESS_MAX:
            kwargs.update(k=BETWEENNESS_SAMPLE, rng=an.params["seed_for"]("betweenness"))
            an.params["betweenness_k"] = BETWEENNESS_SAMPLE
        b = betweenness(g, **kwargs)
        lengths = ("steps (tie weights not used)" if an.params["distance"] == "hops"
                   else "1 / tie weight")
        an.column("betweenness", b,
                  f"betweenness centrality (normalised; path length = {lengths})")
        an.use("betweenness")
    else:
        an.note("Betweenness is not in this version of clusternet; left out.")


def _convergence(an: Analysis, attribute: str) -> None:
    g, missing = an.g, an.params["missing"]
    an.column(attribute, g.actors[attribute], f"the actor's {attribute}")
    conv = "convergence"
    n_groups = int(g.actors[attribute].nunique(dropna=True))
    an.add("groups", n_groups, attribute=attribute, meaning=f"distinct values of {attribute}")
    ei = public(conv, "ei_index")
    if ei is not None:
        an.add("ei_index", ei(g, attribute, missing=missing), attribute=attribute,
               meaning="E-I index: (between - within) / all ties; -1 all within, +1 all between")
        exp = public(conv, "expected_ei_index")
        if exp is not None:
            an.add("expected_ei_index", exp(g, attribute, missing=missing), attribute=attribute,
                   meaning="E-I index if every possible tie existed (group sizes only)")
        an.column(f"ei_index_{attribute}", ei(g, attribute, level="actor", missing=missing),
                  f"the actor's E-I index by {attribute} (its own ties)")
        an.use("ei_index")
    assort = public(conv, "assortativity")
    if assort is not None:
        an.add("assortativity", assort(g, attribute, missing=missing), attribute=attribute,
               meaning="Newman's assortativity coefficient r (0 = random mixing)")
        an.use("assortativity")
    freeman = public(conv, "freeman_segregation")
    if freeman is not None:
        an.add("freeman_segregation", freeman(g, attribute, missing=missing),
               attribute=attribute,
               meaning="Freeman's segregation: 1 - between-group ties / expected")
        an.use("freeman_segregation")
    if g.incidence is not None:
        share = public(conv, "hybrid_share")
        if share is not None:
            an.add("hybrid_share", share(g, attribute, missing=missing), attribute=attribute,
                   meaning=f"share of events whose team spans two or more {attribute} groups")
            an.use("hybrid_events")
    tables: dict[str, pd.DataFrame] = {}
    if n_groups > MAX_GROUPS:
        an.note(f"{attribute} has {n_groups} groups: the group x group tables and figures "
                f"are left out (more than {MAX_GROUPS}).")
    else:
        mm = public(conv, "mixing_matrix")
        if mm is not None:
            tables["mixing_matrix"] = mm(g, attribute, missing=missing)
            an.use("mixing_matrix")
        ri = public(conv, "relative_intensity")
        if ri is not None:
            tables["relative_intensity"] = ri(g, attribute, missing=missing)
            an.use("relative_intensity")
        by_group = {}
        if ei is not None:
            by_group["ei_index"] = ei(g, attribute, level="group", missing=missing)
        coleman = public(conv, "coleman_homophily")
        if coleman is not None:
            by_group["coleman_homophily"] = coleman(g, attribute, missing=missing)
            an.use("coleman_homophily")
        if by_group:
            sizes = g.actors[attribute].value_counts(dropna=True).rename("actors")
            frame = pd.concat([sizes, *(s.rename(k) for k, s in by_group.items())], axis=1)
            frame.index.name = attribute
            tables["groups"] = frame
    an.groups[attribute] = tables


def _diversity(an: Analysis, attribute: str) -> None:
    g, missing = an.g, an.params["missing"]
    ego = public("diversity", "ego")
    if ego is not None:
        an.column(f"ego_diversity_{attribute}", ego(g, attribute, measure="blau",
                                                    missing=missing),
                  f"Blau diversity of the actor's contacts' {attribute}")
        an.use("ego_diversity")
    comp = public("diversity", "composition")
    if comp is not None:
        an.add("composition_blau", comp(g, attribute, measure="blau", missing=missing),
               attribute=attribute, meaning=f"Blau diversity of all actors' {attribute}")
        an.add("composition_shannon", comp(g, attribute, measure="shannon", missing=missing),
               attribute=attribute,
               meaning=f"Shannon entropy (natural log) of all actors' {attribute}")
        an.use("composition")
    disp = public("diversity", "disparity_from_cooccurrence")
    if comp is not None and disp is not None and g.actors[attribute].nunique() >= 2:
        try:
            d = disp(g, attribute, missing=missing)
        except ClusternetError as exc:
            an.note(f"diversity ({attribute}): no co-occurrence disparity: {exc}")
        else:
            try:
                rao = comp(g, attribute, measure="rao_stirling", disparity=d, missing=missing)
                true = comp(g, attribute, measure="true_diversity", disparity=d,
                            missing=missing)
            except ClusternetError as exc:
                an.note(f"diversity ({attribute}): Rao-Stirling diversity left out: {exc}")
            else:
                an.groups.setdefault(attribute, {})["disparity"] = d
                an.add("composition_rao_stirling", rao, attribute=attribute,
                       meaning=f"Rao-Stirling diversity of all actors' {attribute}, disparity "
                               "from co-occurrence")
                an.add("composition_true_diversity", true, attribute=attribute,
                       meaning="Zhang et al.'s true diversity 1/(1 - Rao-Stirling), an "
                               "effective number of groups")
                an.use("rao_stirling")
    ev = public("diversity", "events")
    if ev is not None and g.incidence is not None:
        team = ev(g, attribute, measure="blau", missing=missing)
        an.add("mean_team_diversity", float(np.nanmean(team)) if team.notna().any() else np.nan,
               attribute=attribute, meaning=f"mean Blau diversity of the teams' {attribute}")
        an.groups.setdefault(attribute, {})["team_diversity"] = team.to_frame(
            f"team_diversity_{attribute}")
        an.use("team_diversity")


def _roles(an: Analysis, attribute: str) -> None:
    g, missing = an.g, an.params["missing"]
    gf = public("brokerage", "gould_fernandez")
    if gf is not None:
        r = _call_missing(gf, g, attribute, missing)
        an.gould_fernandez[attribute] = r
        for role in (*ROLES, "total"):
            if role in r.raw.columns:
                an.column(f"gf_{role}_{attribute}", r.raw[role],
                          f"Gould-Fernandez {role} brokerage by {attribute}: brokered 2-paths")
        for role in (*ROLES, "total"):
            if role in r.z.columns:
                an.column(f"gf_{role}_z_{attribute}", r.z[role],
                          f"z-score of gf_{role}_{attribute} against the density null")
        net = getattr(r, "network", None)
        if isinstance(net, pd.DataFrame):
            for role in (*ROLES, "total"):
                if role in net.columns:
                    if "raw" in net.index:
                        an.add(f"gf_{role}", net.loc["raw", role], attribute=attribute,
                               meaning=f"Gould-Fernandez {role} 2-paths in the network")
                    if "z" in net.index:
                        an.add(f"gf_{role}_z", net.loc["z", role], attribute=attribute,
                               meaning=f"z-score of gf_{role} against the density null")
        an.use("gould_fernandez")
    gate = public("brokerage", "gatekeepers")
    values = g.actors[attribute]
    if gate is not None and values.notna().all() and len(values) and (
            pd.api.types.is_bool_dtype(values.dtype)
            or set(values.unique()) <= {True, False}):
        k = gate(g, values.astype(bool).to_dict())
        for col, meaning in (("external_ties", "contacts outside"),
                             ("external_share", "share of contacts outside")):
            if col in k.columns:
                an.column(f"{col}_{attribute}", k[col],
                          f"for actors with {attribute} true: {meaning} "
                          f"({attribute} false); Giuliani-Bell gatekeeping")
        an.use("gatekeepers")
    part = public("brokerage", "participation")
    if part is not None:
        p = _call_missing(part, g, attribute, missing)
        for col, meaning in (("participation", "Guimerà-Amaral participation coefficient"),
                             ("within_module_z", "within-group degree z-score"),
                             ("role", "Guimerà-Amaral role (R1-R7)")):
            if col in p.columns:
                an.column(f"{col}_{attribute}", p[col],
                          f"{meaning}, with the {attribute} groups as modules")
        an.use("participation")


def _tests(an: Analysis, progress: Any) -> None:
    import functools

    test = public("inference", "permutation_test")
    if test is None:
        an.note("Permutation tests are not in this version of clusternet; left out.")
        return
    n = an.params["permutations"]
    for attribute in an.attributes:
        for name in _TESTED:
            if name == "hybrid_share" and an.g.incidence is None:
                continue
            stat = public("convergence", name)
            if stat is None:
                continue
            # a partial keeps the measure recognisable for the fast label-permutation path
            statistic = functools.partial(stat, missing=an.params["missing"])
            an.tests[(name, attribute)] = test(
                an.g, statistic, attribute, n=n,
                rng=an.params["seed_for"](f"{name}:{attribute}"), progress=bool(progress))
    an.use("permutation_test")


def _over_time(an: Analysis) -> None:
    over = public("temporal", "over_time")
    if over is None:
        an.note("Measures over time are not in this version of clusternet; left out.")
        return
    g, p = an.g, an.params
    win = {"size": p["size"], "step": p["step"], "cumulative": p["cumulative"]}
    frames: list[pd.DataFrame] = []
    frames.append(over(g, _density, **win))
    for attribute in an.attributes:
        for name, func in _over_time_measures(g):
            res = over(g, func, attribute=attribute, missing=p["missing"], **win)
            frames.append(res[[res.columns[0]]].set_axis([f"{name}_{attribute}"], axis=1))
    formation = public("temporal", "tie_formation")
    if formation is not None and not p["cumulative"]:
        for k, attribute in enumerate(an.attributes):
            tf = formation(g, attribute, size=p["size"], step=p["step"], missing=p["missing"])
            if k == 0:
                frames.append(tf[["new", "repeated"]].set_axis(["new_ties", "repeated_ties"],
                                                               axis=1))
            known = (tf["new_same"] + tf["new_cross"]).astype(float)
            share = tf["new_cross"] / known.where(known > 0)
            frames.append(share.rename(f"new_cross_share_{attribute}").to_frame())
        if an.attributes:
            an.use("tie_formation")
    table = pd.concat(frames, axis=1)
    lead = ["end", "n_actors", "n_ties", "n_events"]
    cols = [c for c in lead if c in table.columns] + [c for c in table.columns if c not in lead]
    table = table[cols]
    table.attrs["clusternet"] = {"measure": "over_time", "params": dict(win)}
    an.over_time = table
    an.use("over_time")


# ------------------------------------------------------------------- helpers
_TESTED = ("ei_index", "assortativity", "freeman_segregation", "hybrid_share")


def _over_time_measures(g: Any) -> list[tuple[str, Any]]:
    out = []
    for name in ("ei_index", "assortativity", "hybrid_share"):
        if name == "hybrid_share" and g.incidence is None:
            continue
        f = public("convergence", name)
        if f is not None:
            out.append((name, f))
    comp = public("diversity", "composition")
    if comp is not None:
        def composition_blau(w: Any, attribute: str, missing: str) -> float:
            return comp(w, attribute, measure="blau", missing=missing)
        out.append(("composition_blau", composition_blau))
    return out


def _density(w: Any) -> float:
    n = w.n_actors
    pairs = n * (n - 1) if w.directed else n * (n - 1) / 2
    return w.n_ties / pairs if pairs else float("nan")


_density.__name__ = "density"


def _call_missing(func: Any, g: Any, attribute: str, missing: str) -> Any:
    if _accepts(func, "missing"):
        return func(g, attribute, missing=missing)
    return func(g, attribute)


def _accepts(func: Any, name: str) -> bool:
    import inspect

    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return False
    return name in sig.parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values())


def _float(value: Any) -> float:
    if isinstance(value, (numbers.Real, np.number)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    raise ClusternetError(f"report: expected a number, got {type(value).__name__}")


def _stage_name(key: str) -> str:
    kind, _, attribute = key.partition(":")
    return f"{kind} ({attribute})" if attribute else kind
