"""The report's figures, drawn with :mod:`clusternet.plot` on figures that are
not registered with pyplot (no global state, nothing shown)."""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ._compute import Analysis

#: Above this many actors the network figure shows the best-connected ones.
MAX_DRAWN = 1000
#: Backbones with more ties than this are not drawn (the table has them all).
MAX_BACKBONE_DRAWN = 5000
#: SVG files larger than this are embedded in the HTML as PNG instead.
MAX_INLINE_SVG = 1_500_000


#: How measures are named on the figures.
NAMES = {
    "ei_index": "E-I index",
    "assortativity": "assortativity r",
    "freeman_segregation": "Freeman segregation",
    "hybrid_share": "share of hybrid events",
    "new_cross_share": "share of new ties across groups",
    "composition_blau": "Blau diversity of actors",
}


@dataclass
class Figure:
    name: str  # file stem
    title: str
    caption: str
    section: str  # where the HTML shows it
    png: bytes
    svg: bytes


def matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def draw_all(an: Analysis, out: Path, *, seed: int | None) -> list[Figure]:
    """Draw every figure the analysis supports and write it as PNG and SVG."""
    import matplotlib

    from .. import plot

    figs: list[Figure] = []
    with matplotlib.rc_context(_STYLE):
        for make in (_network, _convergence, _diversity, _roles, _backbone, _territory,
                     _time, _window_tests, _tests):
            for fig in make(an, plot, seed):
                (out / f"{fig.name}.png").write_bytes(fig.png)
                (out / f"{fig.name}.svg").write_bytes(fig.svg)
                figs.append(fig)
    return figs


_STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # text stays text in the SVG (searchable, selectable)
    "svg.hashsalt": "clusternet",  # same input, same SVG bytes
    "figure.dpi": 100,
}


def _new(width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _render(fig: Any, name: str, title: str, caption: str, section: str) -> Figure:
    png, svg = io.BytesIO(), io.BytesIO()
    fig.savefig(png, format="png", dpi=150, bbox_inches="tight", pad_inches=0.05,
                metadata={"Software": None})
    fig.savefig(svg, format="svg", bbox_inches="tight", pad_inches=0.05,
                metadata={"Date": None, "Creator": None})
    return Figure(name, title, caption, section, png.getvalue(), svg.getvalue())


def _safe(text: str) -> str:
    """A file-name stem for ``text``; distinct texts give distinct stems (a
    text that had to be changed gets a short checksum of the original)."""
    text = str(text)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "x"
    if stem != text:
        stem += f"-{zlib.crc32(text.encode('utf-8')):08x}"
    return stem


def _network(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    g = an.g
    if g.n_actors == 0 or g.n_ties == 0:
        return []
    deg = an.actors["out_degree"] + an.actors["in_degree"] if g.directed else an.actors["degree"]
    sub = g
    note = ""
    if g.n_actors > MAX_DRAWN:
        keep = deg.sort_values(ascending=False, kind="stable").index[:MAX_DRAWN]
        sub = g.subgraph(keep)
        note = (f" Only the {MAX_DRAWN:,} actors with the most contacts (of {g.n_actors:,}) are "
                "drawn, with the ties among them.")
    color = an.attributes[0] if an.attributes else None
    size_col = "betweenness" if "betweenness" in an.actors.columns else (
        "degree" if "degree" in an.actors.columns else None)
    size = an.actors[size_col].reindex(sub.actor_ids) if size_col else None
    if size is not None:
        size = size.rename(size_col)
    fig, ax = _new(7.5, 6.2)
    plot.network(sub, color=color, size=size, ax=ax, rng=seed, max_actors=MAX_DRAWN,
                 labels=5 if size is not None else None)
    caption = (
        "Force-directed layout (Fruchterman-Reingold, igraph, "
        f"seed {seed}). Each dot is an actor"
        + (f", coloured by {color}" if color else "")
        + (f" and sized by {size_col}; the five largest are named" if size_col else "")
        + "; line width grows with tie weight." + note
    )
    return [_render(fig, "network", "The actor network", caption, "structure")]


def _convergence(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    out = []
    for attribute in an.attributes:
        ri = an.groups.get(attribute, {}).get("relative_intensity")
        if ri is None or ri.shape[0] < 2:
            continue
        k = ri.shape[0]
        fig, ax = _new(min(10.0, 2.2 + 0.8 * k), min(9.0, 1.6 + 0.62 * k))
        plot.heatmap(ri, ax=ax, title=f"Relative intensity of ties by {attribute}")
        out.append(_render(
            fig, f"relative_intensity_{_safe(attribute)}",
            f"Relative intensity of ties by {attribute}",
            f"Ties between the {attribute} groups (rows x columns) divided by the ties "
            "expected if ties were placed at random between actors; 1 = as many as expected "
            "(white), red = more, blue = fewer (log scale). Grey hatching: undefined.",
            f"convergence:{attribute}"))
    return out


def _diversity(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    out = []
    for attribute in an.attributes:
        col = f"ego_diversity_{attribute}"
        if col not in an.actors.columns or an.actors[col].notna().sum() == 0:
            continue
        groups = an.actors[attribute]
        if groups.nunique(dropna=True) > 12:
            groups = None
        fig, ax = _new(6.8, 1.4 + (0.42 * an.actors[attribute].nunique() if groups is not None
                                   else 2.4))
        plot.distribution(an.actors[col], by=groups, ax=ax,
                          label=f"Blau diversity of contacts' {attribute}",
                          title=f"Diversity of each actor's contacts by {attribute}")
        out.append(_render(
            fig, f"ego_diversity_{_safe(attribute)}",
            f"Ego-network diversity by {attribute}",
            f"Blau (Gini-Simpson) diversity 1 - sum p^2 of the {attribute} of each actor's "
            "contacts" + (", by the actor's own group (box: quartiles, line: median, "
                          "whiskers: 1.5 IQR)" if groups is not None else "")
            + ". Actors without contacts are undefined and left out.",
            f"diversity:{attribute}"))
    return out


def _roles(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    out = []
    for attribute, r in an.gould_fernandez.items():
        top = min(10, int((r.raw["total"] > 0).sum()))
        if top == 0:
            continue
        fig, ax = _new(7.2, 1.2 + 0.36 * top)
        plot.broker_roles(r, top=top, ax=ax,
                          title=f"Brokerage roles of the top {top} brokers ({attribute})")
        out.append(_render(
            fig, f"broker_roles_{_safe(attribute)}",
            f"Gould-Fernandez brokerage roles by {attribute}",
            f"The {top} actors who broker the most 2-paths a-b-c (a and c not tied), split by "
            f"the {attribute} groups of a, b and c into Gould and Fernandez's five roles.",
            f"roles:{attribute}"))
    return out


def _time(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    ot = an.over_time
    if ot is None or len(ot) < 2:
        return []
    out = []
    p = an.params
    for attribute in an.attributes:
        cols = [c for c in (f"ei_index_{attribute}", f"assortativity_{attribute}",
                            f"hybrid_share_{attribute}", f"new_cross_share_{attribute}",
                            f"composition_blau_{attribute}")
                if c in ot.columns and ot[c].notna().any()]
        if not cols:
            continue
        fig, ax = _new(7.2, 3.8)
        for c in cols:
            key = c[: -len(attribute) - 1]
            plot.over_time(ot, c, ax=ax, label=NAMES.get(key, key.replace("_", " ")))
        ax.set_ylabel("value")
        ax.axhline(0, color="#999999", linewidth=0.8, zorder=0)
        ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax.set_title(f"Convergence by {attribute} over time")
        window = ("cumulative windows" if p["cumulative"] else
                  f"windows of {p['size']} time unit(s), moved by {p['step']}")
        out.append(_render(
            fig, f"over_time_{_safe(attribute)}", f"Convergence by {attribute} over time",
            f"Each point is one time window ({window}), placed at the window's start; the "
            "measures are computed on the network of that window's events alone. "
            "E-I index and assortativity range from -1 to 1; hybrid share (of events), "
            "new cross share (of the window's new ties) and Blau diversity from 0 to 1.",
            "time"))
    return out


def _territory(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    d = an.decay
    if d is None:
        return []
    t = d.table
    t = t[(t["lower_km"] > 0) & (t["pairs"] > 0)]
    if not len(t) or not (t["probability"] > 0).any():
        return []
    mid = np.sqrt(t["lower_km"] * t["upper_km"])
    fig, ax = _new(5.6, 3.6)
    has_null = t["null_low"].notna().any()
    if has_null:
        ax.fill_between(mid, t["null_low"], t["null_high"], color="#cccccc", step=None,
                        label="null, 95% band", linewidth=0)
        ax.plot(mid, t["null_mean"], color="#777777", linewidth=1, label="null mean")
    keep = t["probability"] > 0
    ax.plot(mid[keep], t["probability"][keep], marker="o", color="#0072B2", linewidth=1.2,
            label="observed")
    ax.set(xscale="log", yscale="log", xlabel="distance (km, band midpoint)",
           ylabel="ties / possible pairs")
    ax.legend(fontsize=8, frameon=False)
    exponent = ("" if not np.isfinite(d.exponent) else
                f" The fitted decay exponent is {d.exponent:.3g}.")
    return [_render(
        fig, "distance_decay", "Distance decay of ties",
        "Share of the possible pairs of actors that are tied, by distance band (great-circle "
        "distance between the actors' coordinates; log bands)"
        + (", with the mean and 95% band of the same share when the coordinates are "
           "permuted over actors" if has_null else "") + "." + exponent,
        "territory")]


def _backbone(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    b = an.backbone
    if b is None or b.graph.n_ties == 0 or b.graph.n_ties > MAX_BACKBONE_DRAWN:
        return []
    h = b.graph
    keep = np.flatnonzero(np.asarray(h.degree()) > 0)
    h = h.subgraph(ids=h.actor_ids[keep])
    color = an.attributes[0] if an.attributes else None
    fig, ax = _new(6.4, 5.2)
    plot.network(h, ax=ax, color=color, rng=seed)
    ax.set_title("Backbone of the projection")
    return [_render(
        fig, "backbone", "Backbone of the projection",
        f"The {h.n_ties:,} ties (of {an.g.n_ties:,}) with more shared events than the actors' "
        "and events' degrees explain (SDSM, Benjamini-Hochberg at a false discovery rate of "
        f"{b.alpha}), between the "
        f"{h.n_actors:,} actors they join" + (f", coloured by {color}" if color else "") + ".",
        "significance")]


def _window_tests(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    t = an.window_tests
    if t is None:
        return []
    out = []
    for attribute in an.attributes:
        part = t[(t["attribute"] == attribute) & (t["measure"] == "ei_index")]
        if len(part) < 2 or not part["observed"].notna().any():
            continue
        fig, ax = _new(6.4, 3.4)
        plot.over_time(part.drop(columns=["measure", "attribute"]), "observed", ax=ax,
                       label="E-I index", null=True)
        ax.set_ylabel("E-I index")
        ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax.set_title(f"E-I index by {attribute} in each window, against its null")
        out.append(_render(
            fig, f"over_time_null_{_safe(attribute)}",
            f"E-I index by {attribute} in each window, against its null",
            f"Observed E-I index per window (line) with the mean (dashed) and the 95% band "
            f"(shaded) of its values when {attribute} is permuted among the window's actors: "
            "where the line leaves the band, the window's ties follow the groups more (below) "
            "or less (above) than its group sizes alone would give. Hollow markers: "
            "incomplete windows.", "time"))
    return out


def _tests(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    out = []
    for attribute in an.attributes:
        tests = [(name, t) for (name, a), t in an.tests.items() if a == attribute]
        tests = [(name, t) for name, t in tests
                 if np.isfinite(np.asarray(t.null, dtype=float)).any()]
        if not tests:
            continue
        from matplotlib.figure import Figure as MplFigure

        ncols = min(2, len(tests))
        nrows = -(-len(tests) // ncols)
        fig = MplFigure(figsize=(4.2 * ncols, 3.0 * nrows + 0.4), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        for ax in axes[len(tests):]:
            ax.set_visible(False)
        for ax, (name, t) in zip(axes, tests):
            plot.null_distribution(t, ax=ax, label=NAMES.get(name, name.replace("_", " ")))
        fig.suptitle(f"Observed values against {an.params['permutations']} permutations of "
                     f"{attribute}", fontsize=10)
        out.append(_render(
            fig, f"null_{_safe(attribute)}", f"Permutation tests by {attribute}",
            f"Histogram: the statistic after randomly reassigning the {attribute} values "
            "among actors (network kept); red line: the observed value.",
            "tests"))
    return out


def as_data_uri(fig: Figure) -> tuple[str, str]:
    """(mime type, base64 payload) of the figure for embedding in HTML."""
    import base64

    if len(fig.svg) <= MAX_INLINE_SVG:
        return "image/svg+xml", base64.b64encode(fig.svg).decode("ascii")
    return "image/png", base64.b64encode(fig.png).decode("ascii")
