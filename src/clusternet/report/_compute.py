"""The measures of a report: every number is computed here, by the registered
measures of clusternet (:mod:`clusternet._registry`), and kept with the
parameters it was computed with.

A measure that the report names and the registry no longer has is an error,
never a silent omission.
"""

from __future__ import annotations

import functools
import numbers
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import _registry
from .._registry import Measure
from ..brokerage import ROLES
from ..errors import ClusternetError, ClusternetWarning
from ..inference import permutation_test, test_over_time
from ..temporal import over_time

#: Above this many actors, betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_MAX = 5000
#: Number of sampled sources when betweenness is estimated.
BETWEENNESS_SAMPLE = 1000
#: The name of the merged group when an attribute shows only its largest groups
#: (``top_groups=``); "other groups" when a group is already called "other".
OTHER = "other"
#: Above this many ties no backbone is extracted (SDSM takes about 10 s at 8·10⁵).
BACKBONE_MAX_TIES = 2_000_000
#: Above this many actors no QAP table (its dyad design is dense, n² rows).
QAP_MAX_ACTORS = 1000
#: Permutations of the coordinates behind the distance-decay null band (at most).
DECAY_DRAWS = 99
#: Above this many ties the small-world quotient uses the analytic null only
#: (the curveball null re-projects the table once per draw).
SMALL_WORLD_MAX_TIES = 300_000


@dataclass
class Analysis:
    """Everything a report shows: tables, the parameters and what was skipped."""

    g: Any
    attributes: list[str]
    params: dict[str, Any]
    #: the display name of each actor (``label=``), or None: ids are shown
    labels: pd.Series | None = None
    actors: pd.DataFrame = field(default_factory=pd.DataFrame)
    network: pd.DataFrame = field(default_factory=pd.DataFrame)
    over_time: pd.DataFrame | None = None
    groups: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    team_assembly: pd.DataFrame | None = None
    #: territory: place -> table by place; the distance-decay result; openness
    #: tables by inside/outside attribute
    places: dict[str, pd.DataFrame] = field(default_factory=dict)
    decay: Any = None
    openness: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: per-window permutation tests (long table indexed by window)
    window_tests: pd.DataFrame | None = None
    #: the backbone (Backbone) and the QAP regression (QAPResult), when computed
    backbone: Any = None
    qap: Any = None
    #: methods paragraphs written by results themselves (backbone, QAP)
    methods: list[str] = field(default_factory=list)
    gould_fernandez: dict[str, Any] = field(default_factory=dict)
    #: permutation tests the library refused: (measure, attribute, why)
    untested: list[tuple[str, str, str]] = field(default_factory=list)
    #: attributes whose page shows only the largest groups (``top_groups=``):
    #: attribute -> {"shown": groups shown, "other": groups merged, "name": the
    #: merged group's name, "actors": actors in it, "values": actor -> shown group}
    merged: dict[str, dict[str, Any]] = field(default_factory=dict)
    tests: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: topics of the methods that are not one measure ("structure",
    #: "permutation_test", "over_time"), in order of use
    used: list[str] = field(default_factory=list)
    #: the registered measures used, in order of first use, with the stage
    #: that first used each
    measures: dict[str, tuple[Measure, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # warnings and skipped parts
    columns: dict[str, str] = field(default_factory=dict)  # actors.csv column -> meaning
    sections: dict[str, str] = field(default_factory=dict)  # network row -> page section
    stage: str = ""
    _rows: list[dict[str, Any]] = field(default_factory=list)

    def use(self, what: Measure | str) -> None:
        if isinstance(what, Measure):
            self.measures.setdefault(what.qualname, (what, self.stage))
        elif what not in self.used:
            self.used.append(what)

    def note(self, text: str) -> None:
        text = " ".join(str(text).split())
        if text not in self.notes:
            self.notes.append(text)

    def add(self, measure: str, value: Any, *, attribute: str = "", meaning: str = "",
            section: str = "") -> None:
        self._rows.append({"measure": measure, "attribute": attribute,
                           "value": _float(value), "description": meaning})
        if section:
            self.sections[measure] = section

    def column(self, name: str, values: Any, meaning: str) -> None:
        s = values if isinstance(values, pd.Series) else pd.Series(values, index=self.g.actor_ids)
        self.actors[name] = s.reindex(self.g.actor_ids).to_numpy()
        self.columns[name] = meaning


def network_measures(g: Any) -> list[Measure]:
    """The registered convergence measures that give one number for the whole
    network from an attribute's groups, and that apply to ``g``: the rows of
    the network table by attribute, the permutation tests and the trends.
    Measures of ties come first, then those of events (affiliation graphs)."""
    found = [m for m in _registry.entries("convergence")
             if m.levels.get("network") == "float" and m.attribute == "attribute"
             and (g.incidence is not None or not m.needs_events)]
    return sorted(found, key=lambda m: m.needs_events)


def network_options(m: Measure, missing: str) -> dict[str, Any]:
    """The options a network-level value of ``m`` is computed with."""
    options: dict[str, Any] = {"missing": missing}
    if m.level_param is not None:
        options[m.level_param] = "network"
    return options


def stages(g: Any, attributes: list[str], permutations: int,
           params: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(key, label) of each stage, in order, for the progress display."""
    out = [("structure", "network structure"),
           ("cluster", "cluster structure: core and periphery"
            + (", small world, team assembly" if g.incidence is not None else "")),
           ("brokerage", "brokerage: structural holes, betweenness, bridging")]
    for a in attributes:
        out.append((f"convergence:{a}", f"convergence by {a}"))
        out.append((f"diversity:{a}", f"diversity by {a}"))
        out.append((f"roles:{a}", f"brokerage roles by {a}"))
    if g.incidence is not None and g.n_ties or permutations and attributes:
        out.append(("significance", "significance of ties and dyads: backbone, QAP"))
    if territory(g, attributes, params):
        out.append(("territory", "territory: local ties, tie lengths, openness"))
    if permutations and attributes:
        out.append(("tests", f"permutation tests ({permutations} permutations)"))
    if g.has_time:
        out.append(("time", "measures over time"))
    return out


def run_stage(an: Analysis, key: str, progress: Any = None) -> None:
    """Compute one stage, recording ClusternetWarnings as notes."""
    kind, _, attribute = key.partition(":")
    an.stage = kind
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if kind == "structure":
            _structure(an)
        elif kind == "cluster":
            _cluster(an)
        elif kind == "brokerage":
            _brokerage(an)
        elif kind == "convergence":
            _convergence(an, attribute)
        elif kind == "diversity":
            _diversity(an, attribute)
        elif kind == "roles":
            _roles(an, attribute)
        elif kind == "significance":
            _significance(an)
        elif kind == "territory":
            _territory(an, progress)
        elif kind == "tests":
            _tests(an, progress)
        elif kind == "time":
            _over_time(an)
        else:
            raise AssertionError(f"unknown report stage {key!r}")
    for w in caught:
        if issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning)):
            continue
        an.note(f"{_stage_name(key)}: {w.message}")


def finish(an: Analysis) -> None:
    """Assemble the network table once every stage has run."""
    net = pd.DataFrame(an._rows, columns=["measure", "attribute", "value", "description"])
    if an.tests:
        cols: dict[str, list[Any]] = {
            c: [] for c in ("null_mean", "null_sd", "z", "p_value", "permutations")}
        for m, a in zip(net["measure"], net["attribute"]):
            t = an.tests.get((m, a))
            if t is None:
                for c in ("null_mean", "null_sd", "z", "p_value"):
                    cols[c].append(np.nan)
                cols["permutations"].append(0)
                continue
            cols["null_mean"].append(_float(t.null_mean))
            cols["null_sd"].append(_float(t.null_sd))
            cols["z"].append(_float(t.z))
            cols["p_value"].append(_float(t.p_value))
            cols["permutations"].append(int(t.n))
        for c, v in cols.items():
            net[c] = v
    an.network = net


def components(g: Any) -> tuple[int, np.ndarray]:
    """Number of connected components (weak when directed) and their sizes."""
    from scipy.sparse.csgraph import connected_components

    n_comp, labels = connected_components(g.adjacency, directed=g.directed, connection="weak")
    return int(n_comp), np.bincount(labels, minlength=n_comp)


# ----------------------------------------------------------------- the stages
def _structure(an: Analysis) -> None:
    g = an.g
    n = g.n_actors
    an.use("structure")
    if an.labels is not None:
        an.column(str(an.labels.name), an.labels,
                  f"the actor's name (column {an.labels.name!r}; the id where it is missing)")
    if g.directed:
        an.column("out_degree", g.degree(direction="out"),
                  "number of actors this actor sends a tie to")
        an.column("in_degree", g.degree(direction="in"),
                  "number of actors sending a tie to this actor")
        an.column("out_strength", g.strength(direction="out"),
                  "total weight of the ties sent")
        an.column("in_strength", g.strength(direction="in"),
                  "total weight of the ties received")
    else:
        an.column("degree", g.degree(), "number of contacts (actors sharing a tie)")
        an.column("strength", g.strength(),
                  "total weight of the actor's ties (its projection's tie weights)")
    if g.incidence is not None:
        an.column("n_events", np.diff(g.incidence.indptr),
                  "number of events the actor took part in")
    an.add("actors", n, meaning="actors, isolates included")
    an.add("ties", g.n_ties, meaning="distinct ties" + (" (ordered pairs)" if g.directed else ""))
    if g.n_events is not None:
        an.add("events", g.n_events, meaning="events (teams, projects) in the records")
    an.add("density", g.density, meaning="ties / possible ties")
    deg = an.actors["out_degree" if g.directed else "degree"].to_numpy(dtype=float)
    an.add("mean_degree", float(deg.mean()) if n else np.nan,
           meaning="mean number of contacts" + (" (out-ties)" if g.directed else ""))
    if n:
        n_comp, sizes = components(g)
        an.add("components", n_comp, meaning="connected components (weak when directed)")
        an.add("largest_component_share", sizes.max() / n,
               meaning="share of actors in the largest component")
        an.add("isolates", int((sizes == 1).sum()), meaning="actors without any tie")


def _cluster(an: Analysis) -> None:
    """Core and periphery; for affiliation graphs two-mode clustering, the
    small-world quotient and team assembly (the report's Structure section)."""
    g, p = an.g, an.params
    if g.n_ties == 0:
        an.note("cluster structure: the network has no ties")
        return
    cp = _registry.get("structure.core_periphery")
    try:
        core = cp.func(g, kind="discrete", rng=p["seed_for"]("core_periphery"))
    except ClusternetError as exc:  # e.g. fewer than 3 actors
        an.note(f"core and periphery left out: {exc}")
        return
    fit = core.attrs["clusternet"]["params"]
    an.column("core", core["core"], "in the core (Borgatti-Everett discrete model)")
    an.add("core_size", int(core["core"].sum()), section="structure",
           meaning="actors in the core (Borgatti-Everett discrete model)")
    an.add("core_share", float(core["core"].mean()), section="structure",
           meaning="share of actors in the core")
    an.add("core_fit", fit["fit"], section="structure",
           meaning="correlation of the ties with the ideal core/periphery pattern")
    p["core_periphery"] = {"kind": fit["kind"], "between": fit["between"]}
    an.use(cp)
    if g.incidence is None:
        return
    two_mode = _registry.get("structure.two_mode_clustering")
    for method, name, meaning in (
            ("opsahl", "two_mode_clustering",
             "Opsahl's two-mode clustering: share of 4-paths closed by distinct events"),
            ("robins_alexander", "robins_alexander_clustering",
             "Robins-Alexander clustering: 4-cycles / 3-paths of the actor-event graph")):
        an.add(name, two_mode.func(g, method=method), section="structure", meaning=meaning)
    an.use(two_mode)
    sw = _registry.get("structure.small_world")
    draws = int(p.get("small_world_draws", 0))
    null = "curveball" if draws and g.n_ties <= SMALL_WORLD_MAX_TIES else "analytic"
    if null == "analytic" and draws:
        an.note(f"small world: the network has {g.n_ties:,} ties (more than "
                f"{SMALL_WORLD_MAX_TIES:,}), so its null is the analytic random bipartite "
                "graph rather than curveball draws; run clusternet.structure.small_world(g, "
                "n=...) for the simulated null")
    try:
        q = sw.func(g, n=draws if null == "curveball" else None, null=null,
                    rng=p["seed_for"]("small_world"))
    except ClusternetError as exc:  # e.g. no component with a path of two steps
        an.note(f"small world left out: {exc}")
    else:
        for name, value, meaning in (
                ("small_world_q", q.Q, "small-world quotient Q = (C/C_rand)/(L/L_rand)"),
                ("clustering", q.C, "clustering coefficient of the largest component"),
                ("clustering_null", q.C_null_mean, f"C_rand: its mean under the {null} null"),
                ("path_length", q.L, "mean shortest-path length (steps), largest component"),
                ("path_length_null", q.L_null_mean, f"L_rand: its mean under the {null} null")):
            an.add(name, value, section="structure", meaning=meaning)
        p["small_world"] = {"null": null, "n": q.n, "clustering": q.clustering}
        an.use(sw)
    if g.has_time:
        ta = _registry.get("temporal.team_assembly")
        table = ta.func(g, size=p["size"] if not p["cumulative"] else 1)
        keep = ["n_events", "p", "q", "newcomer_newcomer_share", "newcomer_incumbent_share",
                "incumbent_incumbent_new_share", "incumbent_incumbent_repeated_share"]
        an.team_assembly = table[keep]
        an.use(ta)


def _brokerage(an: Analysis) -> None:
    g = an.g
    holes = _registry.get("brokerage.structural_holes")
    sh = holes.func(g, weight=True)
    for col in sh.columns:
        # each column is a registered measure of its own (constraint, ...)
        an.column(str(col), sh[col], _registry.get(f"brokerage.{col}").summary)
    an.use(holes)
    constraint = sh["constraint"].to_numpy(dtype=float)
    an.add("mean_constraint",
           np.nanmean(constraint) if np.isfinite(constraint).any() else np.nan,
           meaning="mean of Burt's constraint over actors with ties")
    betweenness = _registry.get("brokerage.betweenness")
    kwargs: dict[str, Any] = {"normalized": True, "distance": an.params["distance"]}
    if g.n_actors > EXACT_BETWEENNESS_MAX:
        kwargs.update(k=BETWEENNESS_SAMPLE, rng=an.params["seed_for"]("betweenness"))
        an.params["betweenness_k"] = BETWEENNESS_SAMPLE
    lengths = ("steps (tie weights not used)" if an.params["distance"] == "hops"
               else "1 / tie weight")
    an.column("betweenness", betweenness.func(g, **kwargs),
              f"betweenness centrality (normalised; path length = {lengths})")
    an.use(betweenness)
    if g.n_ties:
        bridging = _registry.get("brokerage.bridging")
        options = {k: v for k, v in kwargs.items() if k in ("distance", "k", "rng")}
        if "rng" in options:
            options["rng"] = an.params["seed_for"]("bridging")
        an.column("bridging", bridging.func(g, **options),
                  f"mean edge betweenness of the actor's ties (path length = {lengths})")
        an.use(bridging)


def _convergence(an: Analysis, attribute: str) -> None:
    g, missing = an.g, an.params["missing"]
    values = g.attribute(attribute)
    an.column(attribute, values, f"the actor's {attribute}")
    n_groups = int(values.nunique(dropna=True))
    an.add("groups", n_groups, attribute=attribute, meaning=f"distinct values of {attribute}",
           section="convergence")
    for m in network_measures(g):
        an.add(m.name, m.func(g, attribute, **network_options(m, missing)),
               attribute=attribute, meaning=m.summary, section="convergence")
        an.use(m)
    ei = _registry.get("convergence.ei_index")
    an.column(f"ei_index_{attribute}", ei.func(g, attribute, level="actor", missing=missing),
              f"the actor's E-I index by {attribute} (its own ties)")
    an.use(ei)
    tables: dict[str, pd.DataFrame] = {}
    for name in ("mixing_matrix", "relative_intensity"):
        m = _registry.get(f"convergence.{name}")
        tables[name] = m.func(g, attribute, missing=missing)
        an.use(m)
    coleman = _registry.get("convergence.coleman_homophily")
    by_group = {"ei_index": ei.func(g, attribute, level="group", missing=missing),
                "coleman_homophily": coleman.func(g, attribute, missing=missing)}
    an.use(coleman)
    sizes = values.value_counts(dropna=True).rename("actors")
    frame = pd.concat([sizes, *(s.rename(k) for k, s in by_group.items())], axis=1)
    frame.index.name = attribute
    tables["groups"] = frame
    top = an.params.get("top_groups")
    if top is not None and n_groups > top:
        _merge_groups(an, attribute, values, sizes, tables, int(top))
    an.groups[attribute] = tables


def _merge_groups(an: Analysis, attribute: str, values: pd.Series, sizes: pd.Series,
                  tables: dict[str, pd.DataFrame], top: int) -> None:
    """The page's view of an attribute with many groups: the ``top`` largest
    groups and one merged group (issue 16). The mixing matrix is summed; the
    relative intensity is the library's on the merged groups; the group table
    keeps the largest groups' rows and counts the actors of the rest."""
    g, missing = an.g, an.params["missing"]
    # largest first, ties by the sorted group value (the rule of clusternet.plot.top_groups)
    from ..plot._common import _ranked

    ranked = _ranked(sizes)
    order = pd.Series([sizes[k] for k in ranked], index=ranked)
    shown = list(order.index[:top])
    rest = list(order.index[top:])
    other = OTHER if OTHER not in set(map(str, order.index)) else f"{OTHER} groups"
    merged = values.astype(object).where(~values.isin(rest), other)
    n_rest = int(order.loc[rest].sum())
    an.merged[attribute] = {"shown": shown, "other": rest, "name": other, "actors": n_rest,
                            "values": merged}
    mix = tables["mixing_matrix"]
    key = pd.Index(mix.index).map(lambda v: other if v in set(rest) else v)
    cols = pd.Index(mix.columns).map(lambda v: other if v in set(rest) else v)
    summed = mix.groupby(key, sort=False).sum().T.groupby(cols, sort=False).sum().T
    order_shown = [v for v in [*shown, other] if v in summed.index]
    tables["mixing_matrix_shown"] = summed.loc[order_shown, [c for c in [*shown, other]
                                                            if c in summed.columns]]
    tables["mixing_matrix_shown"].index.name = mix.index.name
    column = f"__{attribute}_top{top}"
    h = g.with_attributes(pd.DataFrame({column: merged.to_numpy()}, index=g.actor_ids))
    ri = _registry.get("convergence.relative_intensity").func(h, column, missing=missing)
    keep = [v for v in [*shown, other] if v in ri.index]
    ri = ri.loc[keep, [v for v in [*shown, other] if v in ri.columns]]
    ri.index.name = tables["relative_intensity"].index.name
    ri.columns.name = tables["relative_intensity"].columns.name
    tables["relative_intensity_shown"] = ri
    groups = tables["groups"].loc[shown].astype(object)
    row = pd.DataFrame({c: [n_rest if c == "actors" else None] for c in groups.columns},
                       index=pd.Index([other], name=attribute), dtype=object)
    tables["groups_shown"] = pd.concat([groups, row])  # blanks: not one group's measures
    an.note(f"{attribute} has {len(sizes)} groups: the page's group tables and figures show "
            f"the {top} largest and merge the other {len(rest)} ({n_rest:,} actors) into one "
            f"group {other!r} (top_groups={top}); the CSV files hold every group.")


def _diversity(an: Analysis, attribute: str) -> None:
    g, missing = an.g, an.params["missing"]
    ego = _registry.get("diversity.ego")
    an.column(f"ego_diversity_{attribute}", ego.func(g, attribute, measure="blau",
                                                     missing=missing),
              f"Blau diversity of the actor's contacts' {attribute}")
    an.use(ego)
    comp = _registry.get("diversity.composition")
    an.add("composition_blau", comp.func(g, attribute, measure="blau", missing=missing),
           attribute=attribute, meaning=f"Blau diversity of all actors' {attribute}",
           section="diversity")
    an.add("composition_shannon", comp.func(g, attribute, measure="shannon", missing=missing),
           attribute=attribute,
           meaning=f"Shannon entropy (natural log) of all actors' {attribute}",
           section="diversity")
    an.use(comp)
    if g.attribute(attribute).nunique() >= 2:
        _rao_stirling(an, attribute, comp)
    if g.incidence is not None:
        events = _registry.get("diversity.events")
        team = events.func(g, attribute, measure="blau", missing=missing)
        an.add("mean_team_diversity", float(np.nanmean(team)) if team.notna().any() else np.nan,
               attribute=attribute, meaning=f"mean Blau diversity of the teams' {attribute}",
               section="diversity")
        an.groups.setdefault(attribute, {})["team_diversity"] = team.to_frame(
            f"team_diversity_{attribute}")
        an.use(events)


def _rao_stirling(an: Analysis, attribute: str, comp: Measure) -> None:
    g, missing = an.g, an.params["missing"]
    disp = _registry.get("diversity.disparity_from_cooccurrence")
    try:
        d = disp.func(g, attribute, missing=missing)
    except ClusternetError as exc:  # e.g. a group that never co-occurs
        an.note(f"diversity ({attribute}): no co-occurrence disparity: {exc}")
        return
    rao, true = _registry.get("diversity.rao_stirling"), _registry.get("diversity.true_diversity")
    try:
        rs = comp.func(g, attribute, measure=rao.name, disparity=d, missing=missing)
        td = comp.func(g, attribute, measure=true.name, disparity=d, missing=missing)
    except ClusternetError as exc:
        an.note(f"diversity ({attribute}): Rao-Stirling diversity left out: {exc}")
        return
    an.groups.setdefault(attribute, {})["disparity"] = d
    an.add("composition_rao_stirling", rs, attribute=attribute,
           meaning=f"Rao-Stirling diversity of all actors' {attribute}, disparity "
                   "from co-occurrence", section="diversity")
    an.add("composition_true_diversity", td, attribute=attribute,
           meaning="Zhang et al.'s true diversity 1/(1 - Rao-Stirling), an "
                   "effective number of groups", section="diversity")
    for m in (disp, rao, true):
        an.use(m)


def _roles(an: Analysis, attribute: str) -> None:
    g, missing = an.g, an.params["missing"]
    gf = _registry.get("brokerage.gould_fernandez")
    r = gf.func(g, attribute, missing=missing)
    an.gould_fernandez[attribute] = r
    for role in ROLES:
        an.column(f"gf_{role}_{attribute}", r.raw[role],
                  f"Gould-Fernandez {role} brokerage by {attribute}: brokered 2-paths")
    for role in ROLES:
        an.column(f"gf_{role}_z_{attribute}", r.z[role],
                  f"z-score of gf_{role}_{attribute} against the density null")
    for role in ROLES:
        an.add(f"gf_{role}", r.network.loc["raw", role], attribute=attribute,
               meaning=f"Gould-Fernandez {role} 2-paths in the network")
        an.add(f"gf_{role}_z", r.network.loc["z", role], attribute=attribute,
               meaning=f"z-score of gf_{role} against the density null")
    an.use(gf)
    values = g.attribute(attribute)
    if values.notna().all() and len(values) and (
            pd.api.types.is_bool_dtype(values.dtype) or set(values.unique()) <= {True, False}):
        gate = _registry.get("brokerage.gatekeepers")
        k = gate.func(g, values.astype(bool).to_dict())
        for col, meaning in (("external_ties", "contacts outside"),
                             ("external_share", "share of contacts outside")):
            an.column(f"{col}_{attribute}", k[col],
                      f"for actors with {attribute} true: {meaning} "
                      f"({attribute} false); Giuliani-Bell gatekeeping")
        an.use(gate)
    part = _registry.get("brokerage.participation")
    p = part.func(g, attribute, missing=missing)
    for col, meaning in (("participation", "Guimerà-Amaral participation coefficient"),
                         ("within_module_z", "within-group degree z-score"),
                         ("role", "Guimerà-Amaral role (R1-R7)")):
        an.column(f"{col}_{attribute}", p[col],
                  f"{meaning}, with the {attribute} groups as modules")
    an.use(part)


def _significance(an: Analysis) -> None:
    """The backbone of an affiliation graph's projection (SDSM, BH) and,
    with permutations and attributes on a graph small enough, a QAP
    regression of the ties on being in the same group."""
    from ..inference import backbone, qap, same

    g, p = an.g, an.params
    if g.incidence is not None and g.n_ties:
        if g.n_ties > BACKBONE_MAX_TIES:
            an.note(f"no backbone: the network has {g.n_ties:,} ties (more than "
                    f"{BACKBONE_MAX_TIES:,}); run clusternet.inference.backbone(g)")
        else:
            b = backbone(g, correction="bh")
            an.backbone = b
            an.add("backbone_ties", int(b.graph.n_ties), section="significance",
                   meaning="ties more frequent than the actors' and events' degrees explain "
                           f"(SDSM, false discovery rate {b.alpha})")
            an.add("backbone_share", b.graph.n_ties / g.n_ties, section="significance",
                   meaning="share of the ties in the backbone")
            an.methods.append(
                "Backbone: each pair of actors sharing at least one event was tested for "
                "more shared events than the actors' and events' degrees explain, under the "
                "stochastic degree sequence model with maximum-entropy (BiCM) probabilities "
                "[neal2014, saracco2015, saracco2017], with exact Poisson-binomial p-values "
                "and the Benjamini-Hochberg correction, a false discovery rate of "
                f"{b.alpha} [benjamini1995] (Holm's familywise correction keeps far fewer); "
                f"{b.graph.n_ties:,} of {g.n_ties:,} ties are in the backbone.")
    if p["permutations"] and an.attributes:
        if g.n_actors > QAP_MAX_ACTORS:
            an.note(f"no QAP table: {g.n_actors:,} actors (more than {QAP_MAX_ACTORS:,}); "
                    "run clusternet.inference.qap(g, ...) on a subgraph")
            return
        covariates = {f"same_{a}": same(a) for a in an.attributes}
        try:
            r = qap(g, covariates, family="ols", n=p["permutations"],
                    rng=p["seed_for"]("qap"))
        except ClusternetError as exc:  # e.g. actors without a value, a constant covariate
            an.note(f"no QAP table: {exc}")
            return
        an.qap = r
        an.methods.append(
            "QAP regression: the ties (1 or 0, a linear probability model over all pairs of "
            "actors) were regressed on indicators of being in the same group ("
            + ", ".join(an.attributes) + "), with p-values from "
            f"{p['permutations']:,} permutations of the actors "
            + ("(double semi-partialling [krackhardt1988qap, dekker2007])."
               if r.method == "dsp" else "of the tie matrix [krackhardt1988qap]."))


def territory(g: Any, attributes: list[str], params: dict[str, Any] | None) -> bool:
    """Whether the report has a territory section: place columns, coordinates,
    or an inside/outside attribute on a graph with time."""
    p = params or {}
    return bool(p.get("places") or p.get("lat") or (
        g.has_time and any(_is_inside(g, a) for a in attributes)))


def _is_inside(g: Any, attribute: str) -> bool:
    values = g.attribute(attribute)
    return bool(len(values)) and bool(values.notna().all()) and (
        pd.api.types.is_bool_dtype(values.dtype) or set(values.unique()) <= {True, False})


def _territory(an: Analysis, progress: Any) -> None:
    """Local ties by place (with their permutation test), tie lengths and the
    distance-decay curve from coordinates, openness of an inside/outside
    territory by period."""
    g, p = an.g, an.params
    share = _registry.get("territory.local_share")
    expected = _registry.get("territory.expected_local_share")
    for place in p.get("places") or []:
        an.column(place, g.attribute(place), f"the actor's place ({place})")
        observed = share.func(g, place, missing="drop")
        an.add("local_share", observed, attribute=place, section="territory",
               meaning=f"share of ties within one {place}")
        an.add("expected_local_share", expected.func(g, place, missing="drop"),
               attribute=place, section="territory",
               meaning=f"its mean when the {place} labels are permuted over actors")
        an.use(share)
        an.use(expected)
        an.column(f"local_share_{place}", share.func(g, place, level="actor", missing="drop"),
                  f"share of the actor's ties within its {place}")
        by = pd.concat([g.attribute(place).value_counts(dropna=True).rename("actors"),
                        share.func(g, place, level="group", missing="drop"),
                        expected.func(g, place, level="group", missing="drop").rename(
                            "expected_local_share")], axis=1)
        by.index.name = place
        an.places[place] = by.sort_values("actors", ascending=False, kind="stable")
        if p["permutations"]:
            result = permutation_test(
                g, functools.partial(share.func, missing="drop"), place,
                n=p["permutations"], rng=p["seed_for"](f"local_share:{place}"),
                progress=bool(progress))
            an.tests[("local_share", place)] = result
            an.use("permutation_test")
    lat, lon = p.get("lat"), p.get("lon")
    if lat and lon:
        lengths = _registry.get("territory.tie_lengths")
        summary = lengths.func(g, lat=lat, lon=lon, missing="drop").summary
        for key, meaning in (("n_located", "ties whose two actors have coordinates"),
                             ("mean_km", "mean tie length (km, great circle)"),
                             ("median_km", "median tie length (km)"),
                             ("p90_km", "90th percentile of tie length (km)")):
            an.add(f"tie_length_{key}" if key != "n_located" else "ties_located",
                   summary[key], section="territory", meaning=meaning)
        an.use(lengths)
        decay = _registry.get("territory.distance_decay")
        n = min(int(p["permutations"]) or DECAY_DRAWS, DECAY_DRAWS)
        d = decay.func(g, lat=lat, lon=lon, n=n, rng=p["seed_for"]("distance_decay"),
                       missing="drop")
        an.decay = d
        an.add("distance_decay_exponent", d.exponent, section="territory",
               meaning="exponent of the tie probability's decay with distance "
                       "(p ~ d^-exponent)")
        an.use(decay)
    if g.has_time:
        openness = _registry.get("territory.openness")
        for a in an.attributes:
            if _is_inside(g, a):
                table = openness.func(g, a, size=p["size"], step=p["step"],
                                      cumulative=p["cumulative"], **_origin(p))
                an.openness[a] = table
                an.use(openness)


def _tests(an: Analysis, progress: Any) -> None:
    missing = an.params["missing"]
    for attribute in an.attributes:
        for m in network_measures(an.g):
            if not m.permutable:
                continue
            # a partial of the registered function: inference finds the measure's
            # permutation kernel through the registry
            statistic = functools.partial(m.func, **network_options(m, missing))
            try:
                result = permutation_test(
                    an.g, statistic, attribute, n=an.params["permutations"],
                    rng=an.params["seed_for"](f"{m.name}:{attribute}"),
                    progress=bool(progress))
            except ClusternetError as exc:  # e.g. refused for a participation attribute
                _untested(an, m.name, attribute, exc)
                continue
            if _unchanged(result):
                # e.g. the expected E-I index, a function of the group sizes only:
                # its "test" would be p = 1 against a null of one value
                an.note(f"{m.name} ({attribute}) is not tested: no permutation of "
                        f"{attribute} changes it")
                continue
            an.tests[(m.name, attribute)] = result
    if an.tests:
        an.use("permutation_test")


def _over_time(an: Analysis) -> None:
    g, p = an.g, an.params
    missing = p["missing"]
    win = {"size": p["size"], "step": p["step"], "cumulative": p["cumulative"], **_origin(p)}
    comp = _registry.get("diversity.composition")
    tracked = [(m.name, m, network_options(m, missing)) for m in network_measures(g)]
    tracked.append(("composition_blau", comp, {"measure": "blau", "missing": missing}))

    def per_window(w: Any) -> pd.Series:
        # every tracked measure in one pass over the windows
        values = {"density": w.density}
        for attribute in an.attributes:
            for name, m, options in tracked:
                values[f"{name}_{attribute}"] = m.func(w, attribute, **options)
        return pd.Series(values, dtype=np.float64)

    frames = [over_time(g, per_window, **win)]
    if an.attributes:
        for _, m, _ in tracked:
            an.use(m)
    if not p["cumulative"] and an.attributes:
        formation = _registry.get("temporal.tie_formation")
        for k, attribute in enumerate(an.attributes):
            tf = formation.func(g, attribute, size=p["size"], step=p["step"], missing=missing,
                                **_origin(p))
            if k == 0:
                frames.append(tf[["new", "repeated"]].set_axis(["new_ties", "repeated_ties"],
                                                               axis=1))
            known = (tf["new_same"] + tf["new_cross"]).astype(float)
            share = tf["new_cross"] / known.where(known > 0)
            frames.append(share.rename(f"new_cross_share_{attribute}").to_frame())
        an.use(formation)
    table = pd.concat(frames, axis=1)
    lead = [c for c in ("start", "end", "complete", "n_actors", "n_ties", "n_events")
            if c in table.columns]
    table = table[lead + [c for c in table.columns if c not in lead]]
    table.attrs["clusternet"] = {"measure": "over_time", "params": dict(win)}
    an.over_time = table
    an.use("over_time")
    if p["permutations"] and an.attributes:
        _window_tests(an, win)


def _window_tests(an: Analysis, win: dict[str, Any]) -> None:
    """Each permutable network measure tested in every window against the
    permutation of the attribute within that window (issue 12)."""
    g, p = an.g, an.params
    rows = []
    for attribute in an.attributes:
        for m in network_measures(g):
            if not m.permutable:
                continue
            statistic = functools.partial(m.func, **network_options(m, p["missing"]))
            with warnings.catch_warnings():
                # empty or one-group windows: NaN rows, said once by the trend table
                warnings.simplefilter("ignore", ClusternetWarning)
                try:
                    t = test_over_time(g, statistic, attribute=attribute, n=p["permutations"],
                                       rng=p["seed_for"](f"{m.name}:{attribute}:windows"),
                                       **win)
                except ClusternetError as exc:  # refused, as for the whole network
                    _untested(an, m.name, attribute, exc, windows=True)
                    continue
            if bool(np.all(t["null_sd"].fillna(0) == 0)):
                continue  # no permutation changes it (the expected E-I index)
            t = t.assign(measure=m.name, attribute=attribute)
            rows.append(t)
    if rows:
        table = pd.concat(rows)
        cols = ["measure", "attribute", "observed", "null_mean", "null_low", "null_high", "z",
                "p_value"] + [c for c in ("start", "end", "complete") if c in table.columns]
        an.window_tests = table[cols]
        an.use("window_tests")


# ------------------------------------------------------------------- helpers
def _untested(an: Analysis, measure: str, attribute: str, exc: Exception, *,
              windows: bool = False) -> None:
    """A permutation test the library refuses (a participation attribute):
    the measure is reported without it, and the page says why."""
    where = " in the time windows" if windows else ""
    reason = " ".join(str(exc).split())
    an.untested.append((measure, attribute, reason))
    an.note(f"{measure} ({attribute}) is not tested{where}: {reason}")


def _origin(p: dict[str, Any]) -> dict[str, Any]:
    """``origin=`` for the window functions, when the report was given one."""
    return {} if p.get("origin") is None else {"origin": p["origin"]}


def _unchanged(result: Any) -> bool:
    """Whether every permutation gave the observed value itself."""
    null = np.asarray(result.null, dtype=np.float64)
    return bool(null.size) and bool(np.all(null == result.observed))


def _float(value: Any) -> float:
    if isinstance(value, (numbers.Real, np.number)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    raise ClusternetError(f"report: expected a number, got {type(value).__name__}")


def _stage_name(key: str) -> str:
    kind, _, attribute = key.partition(":")
    return f"{kind} ({attribute})" if attribute else kind
