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
import pandas as pd

from ._compute import Analysis

#: Networks of at most this many actors are drawn whole; larger ones show this
#: many actors (the backbone's or the strongest ties' best connected).
TOP_DRAWN = 150
#: Names written on the network figure (the actors ranked first).
NAMED = 12
#: The group graph draws at most this many nodes (the largest groups, the rest
#: merged into "other"): more names around one circle collide.
GROUP_GRAPH_NODES = 12
#: No figure file (PNG or SVG) is larger than this: an SVG above it is saved
#: again with its dense layers (ties, markers, cells) rasterized, a PNG at a
#: lower resolution.
MAX_FIGURE_BYTES = 2_000_000
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
        for make in (_network, _convergence, _diversity, _roles, _territory,
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
    fig = _figure(figsize=(width, height))
    return fig, fig.add_subplot()


def _figure(**kwargs: Any) -> Any:
    """A matplotlib Figure not registered with pyplot, on an Agg canvas (so
    that text can be measured, e.g. to place labels without overlap)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(layout="constrained", **kwargs)
    FigureCanvasAgg(fig)
    return fig


def _render(fig: Any, name: str, title: str, caption: str, section: str) -> Figure:
    """PNG (150 dpi) and SVG bytes of ``fig``, each at most MAX_FIGURE_BYTES."""
    png = _save(fig, "png", dpi=150)
    dpi = 150
    while len(png) > MAX_FIGURE_BYTES and dpi > 50:
        dpi = int(dpi * 0.75)
        png = _save(fig, "png", dpi=dpi)
    svg = _save(fig, "svg")
    if len(svg) > MAX_FIGURE_BYTES:
        # ties, markers and cells as an image inside the SVG; text and axes stay vector
        for ax in fig.axes:
            for artist in [*ax.collections, *ax.lines, *ax.patches, *ax.images]:
                artist.set_rasterized(True)
        dpi = 150
        svg = _save(fig, "svg", dpi=dpi)
        while len(svg) > MAX_FIGURE_BYTES and dpi > 30:
            dpi = int(dpi * 0.75)
            svg = _save(fig, "svg", dpi=dpi)
    return Figure(name, title, caption, section, png, svg)


def _save(fig: Any, fmt: str, dpi: int | None = None) -> bytes:
    buf = io.BytesIO()
    meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    fig.savefig(buf, format=fmt, bbox_inches="tight", pad_inches=0.05, metadata=meta,
                **({} if dpi is None else {"dpi": dpi}))
    return buf.getvalue()


def _safe(text: str) -> str:
    """A file-name stem for ``text``; distinct texts give distinct stems (a
    text that had to be changed gets a short checksum of the original)."""
    text = str(text)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "x"
    if stem != text:
        stem += f"-{zlib.crc32(text.encode('utf-8')):08x}"
    return stem


def _network(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    """The actor network, chosen to read at column width (issue 16): the whole
    network when it has at most TOP_DRAWN actors; else the best connected
    actors of the backbone when the report computed one with ties, else of
    the strongest ties; names from ``label=`` when given."""
    g = an.g
    if g.n_actors == 0 or g.n_ties == 0:
        return []
    color = an.attributes[0] if an.attributes else None
    b = an.backbone
    # the backbone when it is a choice: some ties, not all of them
    backbone = g.n_actors > TOP_DRAWN and b is not None and 0 < b.graph.n_ties < g.n_ties
    h = b.graph if backbone else g  # the backbone keeps every actor and attribute
    if color is not None and color not in h.attributes:  # a participation attribute
        h = h.with_attributes(pd.DataFrame({f"{color} ": g.attribute(color)},
                                           index=g.actor_ids))
        color = f"{color} "
    size_col = "betweenness" if "betweenness" in an.actors.columns else None
    size = an.actors[size_col].rename(size_col) if size_col else None
    named = NAMED if an.labels is not None else 5
    options: dict[str, Any] = {"color": color, "size": size, "label": an.labels,
                               "labels": named, "rng": seed, "top": TOP_DRAWN}
    if g.n_actors <= TOP_DRAWN:
        show, rule = "all", "All actors and ties are drawn."
    elif backbone:
        show = "top"
        rule = (f"Drawn: the backbone of the projection ({b.graph.n_ties:,} of {g.n_ties:,} "
                "ties more frequent than the actors' and events' degrees explain; SDSM, "
                f"Benjamini-Hochberg at {b.alpha}), and of its largest component the "
                f"{TOP_DRAWN} actors with the most backbone ties, with the backbone ties "
                "among them.")
    else:
        show = "strongest"
        rule = ("Drawn: the strongest ties -- those of weight at least w*, the smallest "
                f"weight that keeps at most {2 * TOP_DRAWN} ties and {TOP_DRAWN} actors "
                "(ties of equal weight kept or left out together); when even the heaviest "
                f"weight breaks a bound, the {TOP_DRAWN} actors with the most contacts "
                "among their ends.")
        if b is not None:
            rule += (" The backbone keeps every tie, so it is not drawn." if b.graph.n_ties
                     else " No tie is in the backbone.")
    fig, ax = _new(7.5, 6.2)
    plot.network(h, show=show, ax=ax, **options)
    _names_as_text(ax)
    ranked = f"the {named} drawn actors with the highest {size_col or 'degree'} are named"
    named_text = (f"{ranked} from the column {an.labels.name!r}" if an.labels is not None
                  else f"{ranked} by id (pass label= / --label for names)")
    caption = (
        "Force-directed layout (Fruchterman-Reingold, igraph, "
        f"seed {seed}). Each dot is an actor"
        + (f", coloured by {an.attributes[0]}" if color else "")
        + (f" and sized by {size_col}" if size_col else "")
        + f"; {named_text}; line width grows with tie weight. " + rule
    )
    out = [_render(fig, "network", "The actor network", caption, "structure")]
    out += _group_graphs(an, plot)
    return out


def _names_as_text(ax: Any) -> None:
    """Names on a white box rather than a stroked halo: a path effect turns
    text into outlines in the SVG, and the report keeps its text searchable."""
    for t in ax.texts:
        if t.get_path_effects():
            t.set_path_effects([])
            t.set_bbox({"boxstyle": "round,pad=0.12", "facecolor": "white", "alpha": 0.8,
                        "edgecolor": "none"})


def _group_graphs(an: Analysis, plot: Any) -> list[Figure]:
    """One node per group, ties as mixing counts (issue 16), for each attribute."""
    out = []
    g, top = an.g, an.params.get("top_groups")
    for attribute in an.attributes:
        values = g.attribute(attribute)
        k = int(values.nunique(dropna=True))
        if k < 3 or g.n_ties == 0:  # two groups: the 2 x 2 mixing table says it all
            continue
        h, name = g, attribute
        if attribute not in g.attributes:  # a participation attribute: the actors' values
            name = f"{attribute} "
            h = g.with_attributes(pd.DataFrame({name: values}, index=g.actor_ids))
        limit = k if top is None else int(top)
        if k > GROUP_GRAPH_NODES:
            limit = min(limit, GROUP_GRAPH_NODES - 1)
        drawn = min(k, limit + (limit < k))
        side = min(7.5, 4.8 + 0.2 * drawn)
        fig, ax = _new(side + 1.6, side)
        plot.group_graph(h, name, value="count", top=limit if limit < k else None, ax=ax,
                         title=f"Ties between the {attribute} groups")
        out.append(_render(
            fig, f"group_graph_{_safe(attribute)}", f"Ties between the {attribute} groups",
            f"One node per {attribute} group (area: its number of actors); a line joins two "
            "groups, its width growing with the number of ties between them; under each "
            "name, the actors and the ties within the group. Actors without a value are "
            "left out."
            + (f" The {limit} largest groups are drawn; the other {k - limit} are merged "
               "into 'other'." if limit < k else ""),
            f"convergence:{attribute}"))
    return out


def _convergence(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    out = []
    for attribute in an.attributes:
        tables = an.groups.get(attribute, {})
        ri = tables.get("relative_intensity_shown", tables.get("relative_intensity"))
        if ri is None or ri.shape[0] < 2:
            continue
        k = ri.shape[0]
        fig, ax = _new(min(11.0, 2.6 + 0.8 * k), min(10.0, 1.8 + 0.62 * k))
        plot.heatmap(ri, ax=ax, title=f"Relative intensity of ties by {attribute}",
                     annotate=k <= 14)
        merged = an.merged.get(attribute)
        out.append(_render(
            fig, f"relative_intensity_{_safe(attribute)}",
            f"Relative intensity of ties by {attribute}",
            f"Ties between the {attribute} groups (rows x columns) divided by the ties "
            "expected if ties were placed at random between actors; 1 = as many as expected "
            "(white), red = more, blue = fewer (log scale). Grey hatching: undefined."
            + (f" The {len(merged['shown'])} largest groups; the other "
               f"{len(merged['other'])} are merged into one group {merged['name']!r} (its "
               "ties within are ties among any of them)." if merged else ""),
            f"convergence:{attribute}"))
    return out


def _diversity(an: Analysis, plot: Any, seed: int | None) -> list[Figure]:
    out = []
    for attribute in an.attributes:
        col = f"ego_diversity_{attribute}"
        if col not in an.actors.columns or an.actors[col].notna().sum() == 0:
            continue
        merged = an.merged.get(attribute)
        groups = (merged["values"] if merged else an.actors[attribute]).reindex(
            an.actors.index)
        if groups.nunique(dropna=True) > 12:
            groups = None
        fig, ax = _new(6.8, 1.4 + (0.42 * groups.nunique() if groups is not None else 2.4))
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
        plot.broker_roles(r, top=top, ax=ax, label=an.labels,
                          title=f"Brokerage roles of the top {top} brokers ({attribute})")
        out.append(_render(
            fig, f"broker_roles_{_safe(attribute)}",
            f"Gould-Fernandez brokerage roles by {attribute}",
            f"The {top} actors who broker the most 2-paths a-b-c (a and c not tied), split by "
            f"the {attribute} groups of a, b and c into Gould and Fernandez's five roles"
            + (f"; actors named from the column {an.labels.name!r}." if an.labels is not None
               else "."),
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
        ncols = min(2, len(tests))
        nrows = -(-len(tests) // ncols)
        fig = _figure(figsize=(5.4 * ncols, 3.0 * nrows + 0.4))
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        for ax in axes[len(tests):]:
            ax.set_visible(False)
        for ax, (name, t) in zip(axes, tests):
            plot.null_distribution(t, ax=ax, label=NAMES.get(name, name.replace("_", " ")))
            _legend_beside(ax)
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


def _legend_beside(ax: Any) -> None:
    """Move the Axes' legend to its right, outside the data (it cannot hide
    bars or lines there)."""
    legend = ax.get_legend()
    if legend is None:
        return
    ax.legend(handles=legend.legend_handles, labels=[t.get_text() for t in legend.texts],
              title=legend.get_title().get_text(), fontsize=7, title_fontsize=7,
              frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
