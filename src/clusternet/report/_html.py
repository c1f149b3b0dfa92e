"""report.html: one self-contained page (styles inline, figures embedded as
data URIs, no script, nothing fetched)."""

from __future__ import annotations

import html
import re
from typing import Any

import numpy as np
import pandas as pd

from .._bibliography import BIBLIOGRAPHY
from .._validation import is_numeric
from .._version import __version__
from ._compute import Analysis

#: Places listed in the page (the CSV has them all).
MAX_PLACES_SHOWN = 30
from ._figures import Figure, _safe, as_data_uri
from ._methods import CITATION, citation, paragraphs

_CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
       color: var(--ink); background: #fff; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3em; border-bottom: 2px solid var(--accent); padding-bottom: 3px;
     margin-top: 2.2em; }
h3 { font-size: 1.08em; margin-top: 1.6em; }
p.meta { color: var(--muted); margin-top: 0; }
nav ol { columns: 2; padding-left: 1.3em; }
a { color: var(--accent); }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.86em;
        font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 9px; text-align: left;
         vertical-align: top; }
.num { text-align: right; }
th { background: #f3f3f3; }
p.tcap { font-size: 0.86em; font-weight: 600; margin: 1em 0 0; max-width: 46em; }
.scroll { overflow-x: auto; }
.scroll table { margin-top: 0.3em; }
figure { margin: 1.2em 0 1.8em; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; display: block; border: 1px solid #eee; }
figcaption { color: var(--muted); font-size: 0.88em; margin-top: 0.4em; }
ul.notes li { color: #7a4a00; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
.methods p { text-align: justify; }
ol.refs li { margin-bottom: 0.3em; }
code { background: #f4f4f4; padding: 0 3px; border-radius: 3px; }
@media print { main { max-width: none; padding: 0; } nav { display: none; }
               h2 { page-break-after: avoid; } }
"""


def render(an: Analysis, figures: list[Figure], files: list[str], *, title: str,
           figures_note: str | None) -> str:
    """The whole page as a string."""
    g, p = an.g, an.params
    methods, cited = paragraphs(an)
    by_section: dict[str, list[Figure]] = {}
    for fig in figures:
        by_section.setdefault(fig.section, []).append(fig)
    parts: list[str] = []
    toc: list[tuple[str, str]] = []

    def section(anchor: str, heading: str, body: str) -> None:
        if body.strip():
            toc.append((anchor, heading))
            parts.append(f'<section id="{anchor}">\n<h2>{_e(heading)}</h2>\n{body}\n</section>')

    # ---- summary
    body = _summary(an)
    if an.notes or figures_note:
        notes = ([figures_note] if figures_note else []) + an.notes
        body += "<h3>Notes</h3>\n<ul class=\"notes\">" + "".join(
            f"<li>{_e(n)}</li>" for n in notes) + "</ul>"
    section("summary", "Summary", body)

    # ---- structure
    body = _figs(by_section.get("structure", []))
    body += _table(_rows(an, attribute="", section=""), caption="Network-level measures")
    section("structure", "The network", body)

    # ---- cluster structure
    body = _table(_rows(an, attribute="", section="structure"),
                  caption="Core and periphery, two-mode clustering and small world")
    if "core" in an.actors.columns and an.actors["core"].any():
        core = an.actors[an.actors["core"].astype(bool)]
        order = core["degree" if "degree" in core.columns else "out_degree"]
        top = order.sort_values(ascending=False, kind="stable").head(10)
        body += ("<p>Core actors with the most contacts: "
                 + ", ".join(f"{_actor(an, a)} ({int(d)})" for a, d in top.items())
                 + ".</p>")
    if an.team_assembly is not None:
        short = an.team_assembly.rename(columns={
            "n_events": "events", "newcomer_newcomer_share": "NN",
            "newcomer_incumbent_share": "NI", "incumbent_incumbent_new_share": "II new",
            "incumbent_incumbent_repeated_share": "II repeated"})
        body += _table(short, caption="Team assembly by period (Guimerà et al.): p = share "
                       "of team slots held by incumbents, q = rate at which incumbents join "
                       "earlier collaborators; shares of team-mate pairs that are newcomer-"
                       "newcomer (NN), newcomer-incumbent (NI), incumbents new to each other "
                       "(II new) or repeated (also in team_assembly.csv)", index=True)
    body += _figs(by_section.get("cluster", []))
    section("cluster", "Structure", body)

    # ---- convergence
    body = ""
    for a in an.attributes:
        tables = an.groups.get(a, {})
        merged = an.merged.get(a)
        more = (f"; the {len(merged['shown'])} largest groups, the other "
                f"{len(merged['other'])} ({merged['actors']:,} actors) merged into "
                f"{merged['name']!r} -- every group is in the CSV file" if merged else "")
        rows = _rows(an, attribute=a, section="convergence")
        sub = _table(rows, caption=f"Convergence by {a}")
        if "groups" in tables:
            sub += _table(tables.get("groups_shown", tables["groups"]),
                          caption=f"By {a} group: actors, E-I index (ties with an end in the "
                          "group) and Coleman's homophily"
                          + (f"; the {len(merged['shown'])} largest groups, then the actors "
                             f"of the other {len(merged['other'])} (their measures are in "
                             f"groups_{_safe(a)}.csv)" if merged else ""), index=True)
        if "mixing_matrix" in tables:
            sub += _table(tables.get("mixing_matrix_shown", tables["mixing_matrix"]),
                          caption=f"Mixing matrix by {a} (ties{more})", index=True)
        if "relative_intensity" in tables and not any(
                f.section == f"convergence:{a}" and f.name.startswith("relative_intensity")
                for f in figures):
            sub += _table(tables.get("relative_intensity_shown", tables["relative_intensity"]),
                          caption=f"Relative intensity by {a} (observed / expected ties{more})",
                          index=True)
        sub += _figs(by_section.get(f"convergence:{a}", []))
        if sub:
            body += f"<h3>By {_e(a)}</h3>\n{sub}"
    section("convergence", "Convergence", body)

    # ---- diversity
    body = ""
    for a in an.attributes:
        sub = _table(_rows(an, attribute=a, section="diversity"), caption=f"Diversity of {a}")
        col = f"ego_diversity_{a}"
        if col in an.actors.columns:
            d = an.actors[col].describe()
            sub += _table(d.to_frame(f"ego-network diversity ({a})").T,
                          caption="Distribution over actors (NaN left out)", index=True)
        if "disparity" in an.groups.get(a, {}):
            d = an.groups[a]["disparity"]
            merged = an.merged.get(a)
            if merged:  # a distance between merged groups is not defined: the largest only
                keep = [v for v in merged["shown"] if v in d.index]
                d = d.loc[keep, [v for v in merged["shown"] if v in d.columns]]
            sub += _table(d, caption=f"Disparity between {a} groups (1 - cosine similarity of "
                          "co-occurrence profiles)"
                          + (f"; the {len(merged['shown'])} largest groups (every group in "
                             f"disparity_{_safe(a)}.csv)" if merged else ""), index=True)
        sub += _figs(by_section.get(f"diversity:{a}", []))
        if sub:
            body += f"<h3>By {_e(a)}</h3>\n{sub}"
    section("diversity", "Diversity", body)

    # ---- brokerage
    body = _top_brokers(an)
    for a in an.attributes:
        sub = ""
        if a in an.gould_fernandez:
            sub += _table(an.gould_fernandez[a].network, caption=f"Gould-Fernandez brokerage by {a}, whole network: raw "
                          "2-paths, expected under the density null, sd and z", index=True)
        sub += _figs(by_section.get(f"roles:{a}", []))
        col = f"role_{a}"
        if col in an.actors.columns:
            counts = an.actors[col].value_counts(dropna=True).sort_index()
            if len(counts):
                sub += _table(counts.rename("actors").to_frame().T,
                              caption=f"Guimerà-Amaral roles with the {a} groups as modules",
                              index=True)
        if sub:
            body += f"<h3>Roles by {_e(a)}</h3>\n{sub}"
    section("brokerage", "Brokerage", body)

    # ---- significance of ties and dyads
    body = _table(_rows(an, attribute="", section="significance"),
                  caption="Backbone of the projection")
    if an.backbone is not None and an.backbone.graph.n_ties and any(
            f.name == "network" and "backbone" in f.caption for f in figures):
        body += ("<p>The network figure (<a href=\"#fig-network\">The actor network</a>) "
                 "draws the backbone's best connected actors.</p>")
    body += _figs(by_section.get("significance", []))
    if an.qap is not None:
        frame = an.qap.to_frame()
        cols = [c for c in ("coef", "se", "statistic", "p_value") if c in frame.columns]
        body += _table(frame[cols], caption="QAP regression of the ties on being in the same "
                       f"group ({an.qap.n_dyads:,} pairs; p-values from "
                       f"{an.params['permutations']:,} permutations; also in qap.csv)",
                       index=True)
    section("significance-of-ties", "Significant ties and dyads", body)

    # ---- territory
    body = _table(_rows_territory(an), caption="Local and distant ties")
    for place, table in an.places.items():
        shown = table.head(MAX_PLACES_SHOWN)
        more = (f" ({len(table) - len(shown):,} smaller ones in territory_{place}.csv)"
                if len(table) > len(shown) else "")
        body += _table(shown, caption=f"By {place}: actors, share of their ties within the "
                       f"{place} and its permutation mean{more}", index=True)
    if an.decay is not None:
        body += _figs(by_section.get("territory", []))
        body += f"<p>{_e(an.decay.method)}.</p>"
    for a, table in an.openness.items():
        cols = [c for c in table.columns if c.endswith("_share") or c == "openness"]
        body += _table(table[cols], caption=f"Openness of the territory ({a} true) by "
                       "window: shares of ties inside, across and outside, and openness = "
                       "across / (inside + across)", index=True)
    section("territory", "Territory", body)

    # ---- over time
    body = ""
    if an.over_time is not None:
        body += _figs(by_section.get("time", []))
        body += _table(_no_start(an.over_time), caption="Per time window (also in "
                       "over_time.csv), labelled by its start; complete = the window covers "
                       "its whole span within the data", index=True)
    if an.window_tests is not None:
        body += _table(_no_start(an.window_tests), caption="Each window tested against the permutation "
                       "of the attribute within the window: observed value, null mean, 95% "
                       "band of the null, z and p (also in over_time_tests.csv)", index=True)
    section("time", "Over time", body)

    # ---- tests
    body = ""
    if an.tests:
        rows = an.network[[(m, a) in an.tests for m, a in zip(an.network["measure"],
                                                               an.network["attribute"])]]
        body += _table(rows.drop(columns=["description"]),
                       caption=f"Observed values against {p['permutations']:,} label "
                       "permutations")
        body += _figs(by_section.get("tests", []))
    if an.untested:
        whole = sorted({(m, a) for m, a, _ in an.untested})
        reasons = sorted({why for _, _, why in an.untested})
        body += ("<p>Not tested: " + ", ".join(f"{_e(m)} ({_e(a)})" for m, a in whole)
                 + ". " + " ".join(_e(r.rstrip(".")) + "." for r in reasons)
                 + " Their values are reported without a p-value.</p>")
    section("tests", "Significance", body)

    # ---- methods, citation, files
    refs = "".join(f"<li id=\"ref-{k}\">{_link(BIBLIOGRAPHY[k])}</li>" for k in cited)
    body = "<div class=\"methods\">" + "".join(
        f"<p>{_cite(para, cited)}</p>" for para in methods) + "</div>"
    body += f"<h3>References</h3>\n<ol class=\"refs\">{refs}</ol>"
    section("methods", "Methods", body)
    body = (f"<p>{_e(citation())}</p><p>This report was made with "
            f"<code>clusternet {__version__}</code>; the call was:</p>"
            f"<p><code>{_e(p.get('call', ''))}</code></p>")
    section("cite", "How to cite", body)
    body = "<ul>" + "".join(f"<li><code>{_e(f)}</code>{_e(_FILE_NOTES.get(_kind(f), ''))}"
                            "</li>" for f in files) + "</ul>"
    section("files", "Files", body)

    nav = "<nav><ol>" + "".join(f'<li><a href="#{a}">{_e(h)}</a></li>' for a, h in toc) + \
        "</ol></nav>"
    head = (f"<h1>{_e(title)}</h1>\n<p class=\"meta\">clusternet {__version__} · "
            f"{g.n_actors:,} actors · {g.n_ties:,} ties"
            + (f" · {g.n_events:,} events" if g.n_events is not None else "") + "</p>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"clusternet {__version__}\">\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{head}\n{nav}\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------- pieces
_FILE_NOTES = {
    "actors.csv": " — one row per actor, every actor-level measure",
    "network.csv": " — network-level measures (with null mean, sd, z and p when tested)",
    "over_time.csv": " — the measures per time window",
    "over_time_tests.csv": " — each window's permutation test of the permutable measures",
    "backbone.csv": " — every tie with its backbone p-value (SDSM) and significance",
    "qap.csv": " — the QAP regression: coefficients and permutation p-values",
    "team_assembly.csv": " — team assembly (p, q, link types) per period",
    "distance_decay.csv": " — ties over possible pairs by distance band, with the null band",
    "report.html": " — this page",
    "png": " — figure (PNG, 150 dpi)",
    "svg": " — figure (SVG, vector)",
    "csv": " — group-level table",
}


def _kind(name: str) -> str:
    if name in _FILE_NOTES:
        return name
    return name.rsplit(".", 1)[-1]


def _summary(an: Analysis) -> str:
    g = an.g
    net = an.network
    items: list[tuple[str, str]] = []
    kind = "directed" if g.directed else "undirected"
    events = (f", {g.projection} projection of {g.n_events:,} events"
              if g.n_events is not None else "")
    items.append(("network", f"{g.n_actors:,} actors, {g.n_ties:,} ties ({kind}{events})"))
    if g.has_time:
        t = g.times
        items.append(("time", f"{t.min()} to {t.max()}"))
    val = _value_lookup(net)
    if "density" in val:
        items.append(("density", _fmt(val["density"])))
    if "components" in val:
        share = val.get("largest_component_share", np.nan)
        items.append(("components", (f"{int(val['components']):,}; the largest holds "
                                    f"{share:.1%} of the actors")))
    for a in an.attributes:
        bits = []
        for m, text in (("ei_index", "E-I index"), ("assortativity", "assortativity"),
                        ("hybrid_share", "hybrid events"),
                        ("composition_blau", "Blau diversity")):
            v = val.get((m, a))
            if v is None:
                continue
            s = f"{text} {_fmt(v)}"
            t = an.tests.get((m, a))
            if t is not None:
                s += f" (p = {_fmt(t.p_value)})"
            bits.append(s)
        if bits:
            items.append((f"by {a}", "; ".join(bits)))
    if "betweenness" in an.actors.columns and an.actors["betweenness"].notna().any():
        top = an.actors["betweenness"].idxmax()
        best = _fmt(an.actors["betweenness"].max())
        name = an.labels.get(top) if an.labels is not None else None
        who = f"{name} ({top})" if name is not None and str(name) != str(top) else str(top)
        items.append(("top broker", f"{who} (highest betweenness, {best})"))
    if an.over_time is not None and an.attributes:
        a = an.attributes[0]
        col = f"ei_index_{a}"
        if col in an.over_time.columns:
            ot = an.over_time
            # incomplete windows (part of their span outside the data) stay out of the
            # headline: a one-year "decade" is not comparable with full ones
            complete = (ot["complete"].astype(bool) if "complete" in ot.columns
                        else pd.Series(True, index=ot.index))
            s = ot.loc[complete, col].dropna()
            if len(s) >= 2:
                trend = (f"E-I index {_fmt(s.iloc[0])} in the window starting "
                         f"{s.index[0]}, {_fmt(s.iloc[-1])} in the window starting "
                         f"{s.index[-1]}")
                left_out = int((~complete).sum())
                if left_out:
                    trend += (f" (complete windows only; {left_out} incomplete window(s) "
                              "left out)")
                items.append((f"trend ({a})", trend))
    return "<dl class=\"summary\">" + "".join(
        f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items) + "</dl>"


def _value_lookup(net: pd.DataFrame) -> dict[Any, float]:
    out: dict[Any, float] = {}
    for m, a, v in zip(net["measure"], net["attribute"], net["value"]):
        out[(m, a) if a else m] = v
    return out


def _rows(an: Analysis, *, attribute: str, section: str | None = None) -> pd.DataFrame:
    net = an.network
    rows = net[net["attribute"] == attribute]
    if section is not None:
        rows = rows[[(an.sections.get(m) or "") == section for m in rows["measure"]]]
    cols = [c for c in ("measure", "value", "null_mean", "z", "p_value", "description")
            if c in rows.columns]
    rows = rows[cols].copy()
    if "permutations" in net.columns:
        tested = net.loc[rows.index, "permutations"].to_numpy() > 0
        nulls = [c for c in ("null_mean", "z", "p_value") if c in rows.columns]
        if not tested.any():
            rows = rows.drop(columns=nulls)
        else:  # blank, not NaN, where no test was run
            for c in nulls:
                rows[c] = pd.Series([v if t else None for v, t in zip(rows[c], tested)],
                                    index=rows.index, dtype=object)
    return rows


def _rows_territory(an: Analysis) -> pd.DataFrame:
    """The territory rows of the network table (any attribute)."""
    net = an.network
    rows = net[[an.sections.get(m) == "territory" for m in net["measure"]]]
    cols = [c for c in ("measure", "attribute", "value", "null_mean", "z", "p_value",
                        "description") if c in rows.columns]
    rows = rows[cols].copy()
    if "p_value" in rows.columns:
        tested = [(m, a) in an.tests for m, a in zip(rows["measure"], rows["attribute"])]
        for c in ("null_mean", "z", "p_value"):
            rows[c] = pd.Series([v if t else None for v, t in zip(rows[c], tested)],
                                index=rows.index, dtype=object)
        if not any(tested):
            rows = rows.drop(columns=["null_mean", "z", "p_value"])
    return rows


def _top_brokers(an: Analysis, k: int = 10) -> str:
    cols = [c for c in ("betweenness", "constraint", "effective_size", "efficiency",
                        "degree", "strength") if c in an.actors.columns]
    if "betweenness" not in cols:
        return ""
    top = an.actors.sort_values("betweenness", ascending=False, kind="stable").head(k)
    keep = ([str(an.labels.name)] if an.labels is not None else []) + [
        a for a in an.attributes if a in top.columns] + cols
    return _table(top[keep], caption=f"The {len(top)} actors with the highest betweenness",
                  index=True)


def _no_start(table: pd.DataFrame) -> pd.DataFrame:
    """A window table without its ``start`` column where the index (the
    period) already is the start: the page's tables stay within its width."""
    if "start" in table.columns and list(table["start"]) == list(table.index):
        return table.drop(columns="start")
    return table


def _actor(an: Analysis, actor: Any) -> str:
    """An actor in running text: its name (``label=``) and id, or its id."""
    if an.labels is not None:
        name = an.labels.get(actor)
        if name is not None and str(name) != str(actor):
            return f"{_e(name)} (<code>{_e(actor)}</code>)"
    return f"<code>{_e(actor)}</code>"


def _table(df: pd.DataFrame, *, caption: str, index: bool = False) -> str:
    """An HTML table: numbers right-aligned and formatted to 4 significant
    digits, text left-aligned, the index (when shown) as row headers."""
    if df is None or len(df) == 0:
        return ""
    cols = list(df.columns)
    head = ""
    if index:
        head += f"<th class=\"text\">{_e(df.index.name or '')}</th>"
    head += "".join(f"<th class=\"{'num' if _numeric(df[c]) else 'text'}\">{_e(c)}</th>"
                    for c in cols)
    numeric = [_numeric(df[c]) for c in cols]
    rows = []
    for key, values in zip(df.index, df.itertuples(index=False, name=None)):
        cells = f"<th class=\"text\">{_e(key)}</th>" if index else ""
        for c, v, num in zip(cols, values, numeric):
            if num and c in _PLAIN:
                cells += f"<td class=\"num\">{_e(v)}</td>"
            elif num:
                cells += f"<td class=\"num\">{_e(_fmt(v))}</td>"
            else:
                cells += f"<td class=\"text\">{_e('' if _isna(v) else v)}</td>"
        rows.append(f"<tr>{cells}</tr>")
    # the caption above the scrolling box, so that it wraps at the page's width
    # rather than being cut with a wide table
    return (f"<p class=\"tcap\">{_e(caption)}</p><div class=\"scroll\"><table>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


_PLAIN = {"end", "start", "period", "time", "year"}


def _numeric(col: pd.Series) -> bool:
    if col.dtype == object:  # numbers with blanks (None) for "not computed"
        values = [v for v in col if v is not None]
        return bool(values) and all(is_numeric(np.asarray(v).dtype) for v in values)
    return is_numeric(col)


def _isna(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _figs(figs: list[Figure]) -> str:
    out = []
    for fig in figs:
        mime, payload = as_data_uri(fig)
        out.append(
            f"<figure id=\"fig-{_e(fig.name)}\"><img src=\"data:{mime};base64,{payload}\" "
            f"alt=\"{_e(fig.title)}\"><figcaption><strong>{_e(fig.title)}.</strong> "
            f"{_e(fig.caption)} Files: <code>{_e(fig.name)}.png</code>, "
            f"<code>{_e(fig.name)}.svg</code>.</figcaption></figure>")
    return "\n".join(out)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return str(v)
    if np.isnan(x):
        return "NaN"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.1f}"
    return f"{x:.4g}"


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _cite(para: str, cited: list[str]) -> str:
    text = _e(para)

    def repl(m: re.Match) -> str:
        nums = []
        for k in m.group(1).split(","):
            k = k.strip()
            if k in cited:
                nums.append(f"<a href=\"#ref-{k}\">{cited.index(k) + 1}</a>")
        return "[" + ", ".join(nums) + "]" if nums else m.group(0)

    return CITATION.sub(repl, text)


def _link(ref: str) -> str:
    text = _e(ref)
    return re.sub(r"(https://doi\.org/[^\s<]+)", r'<a href="\1">\1</a>', text)
