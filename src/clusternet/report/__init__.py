"""One call from a collaboration graph to a paper-ready analysis: CSV tables,
figures and a self-contained HTML page.

``clusternet.report(g, attribute="domain", out="results")`` (the module is
callable) is the same as ``clusternet.report.report(...)``; the command line
``clusternet report TABLE ...`` runs it on a table. :func:`summary` is the
short text summary that ``clusternet demo`` prints.
"""

from __future__ import annotations

import numbers
import os
import shutil
import sys
import tempfile
import types
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._validation import check_bool, check_missing, seed_sequence, stderr_is_terminal
from ..errors import ClusternetError
from . import _compute, _figures, _html
from ._summary import summary

__all__ = ["Report", "report", "summary"]


@dataclass(frozen=True)
class Report:
    """What :func:`report` wrote, and the tables it computed.

    Attributes
    ----------
    out : pathlib.Path
        The output folder.
    html : pathlib.Path
        ``report.html`` in it.
    files : tuple of pathlib.Path
        Every file written, in order.
    actors : DataFrame
        The content of ``actors.csv`` (index ``actor``).
    network : DataFrame
        The content of ``network.csv``.
    over_time : DataFrame or None
        The content of ``over_time.csv`` (index ``period``), when the graph
        has time.
    notes : tuple of str
        Warnings raised while measuring, and parts left out.

    Examples
    --------
    >>> import tempfile, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> r = cn.report(g, attribute="domain", out=tempfile.mkdtemp(), permutations=0,
    ...               figures=False, rng=1)
    >>> r.html.name, r.html.parent == r.out
    ('report.html', True)
    >>> [f.name for f in r.files][:3]
    ['actors.csv', 'network.csv', 'over_time.csv']
    >>> r.actors.shape[0], r.over_time.index.tolist()
    (60, [2010, 2011, 2012])
    """

    out: Path
    html: Path
    files: tuple[Path, ...]
    actors: pd.DataFrame
    network: pd.DataFrame
    over_time: pd.DataFrame | None
    notes: tuple[str, ...]

    def __repr__(self) -> str:
        return (f"<clusternet Report: {self.html} ({len(self.files)} files; "
                f"{len(self.actors)} actors, {len(self.network)} network measures)>")


def report(
    g: Any,
    *,
    attribute: str | Sequence[str] | None = None,
    out: str | os.PathLike = "clusternet-report",
    permutations: int = 0,
    rng: int | np.random.Generator | None = None,
    size: Any = 1,
    step: Any = None,
    cumulative: bool = False,
    origin: Any = None,
    missing: str = "drop",
    distance: str = "hops",
    small_world_draws: int = 20,
    place: str | Sequence[str] | None = None,
    lat: str | None = None,
    lon: str | None = None,
    label: str | None = None,
    top_groups: int | None = 20,
    figures: bool = True,
    title: str | None = None,
    progress: bool | None = None,
    call: str | None = None,
) -> Report:
    """Measure a collaboration network and write the whole analysis to a folder.

    Computes every measure of clusternet that applies to the graph --
    structure, brokerage (Burt, betweenness), and for each ``attribute``
    convergence (every registered network-level convergence measure, the
    mixing matrix, relative intensity, E-I per actor and group, Coleman),
    diversity (composition, teams, ego networks) and brokerage roles
    (Gould--Fernandez, gatekeepers, participation) -- their significance by
    label permutation when ``permutations > 0``, and their trend over time
    when the graph has time. The measures, their descriptions and the
    methods text come from the registry of measures
    (:func:`clusternet.measures`).

    Files written in ``out``:

    - ``actors.csv``: one row per actor (graph order), every actor-level
      measure; attribute-dependent columns end in ``_<attribute>``;
    - ``network.csv``: one row per network-level measure (``measure``,
      ``attribute``, ``value``, ``description``; with ``null_mean``,
      ``null_sd``, ``z``, ``p_value``, ``permutations`` when tested);
    - ``over_time.csv`` (graphs with time): the measures per window;
    - ``groups_<attribute>.csv``, ``mixing_<attribute>.csv``,
      ``relative_intensity_<attribute>.csv``, ``disparity_<attribute>.csv``:
      group-level tables;
    - figures as ``.png`` and ``.svg`` (with matplotlib, the ``plot``
      extra; without it the report has tables only and says so);
    - ``report.html``: one self-contained page (styles and figures inline)
      with the summary, tables, figures and a methods section naming every
      measure, convention, parameter, the clusternet version and how to cite.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph Graph
    attribute : str or list of str, optional
        Categorical actor attributes that define groups (domain, sector).
        Without one, only the structure and Burt/betweenness brokerage.
    out : path, default "clusternet-report"
        Folder to write to. It must be new, empty or hold an earlier
        clusternet report, which is replaced as a whole: the report is
        written into a temporary folder beside ``out`` and moved into place
        at the end, so that ``out`` never holds a mix of old and new files
        (an interrupted run leaves it untouched).
    permutations : int, default 0
        Label permutations for the significance of the network-level
        convergence measures that have a permutation kernel (those marked
        ``permutable`` in :func:`clusternet.measures`: the E-I index,
        assortativity, Freeman segregation, hybrid share...); 0 skips the
        tests.
    rng : int or numpy.random.Generator, optional
        Seed of every random draw (permutations, sampled betweenness on
        large graphs, the network layout). The same int gives the same
        report. ``None`` draws a fresh seed and writes it in the methods.
    size, step, cumulative, origin
        The time windows, as in :func:`clusternet.temporal.windows`: windows
        of ``size`` moved by ``step`` (by default ``size``: consecutive,
        non-overlapping windows), anchored to the calendar at ``origin``
        (e.g. ``origin=1930, size=10`` for decades 1930-1939, ...).
        Windows that do not cover their whole span within the data are
        marked incomplete in the tables and figures and left out of the
        summary's trend sentences.
    missing : {"drop", "error", "own-group"}, default "drop"
        Actors without a value of an attribute: left out of the group
        measures (the report counts them), an error, or each its own group.
    distance : {"hops", "inverse"}, default "hops"
        Length of a tie for betweenness: one step, or 1 / tie weight (tie
        weights are strengths, so they must be inverted to be lengths).
    small_world_draws : int, default 20
        Curveball draws of the null of the small-world quotient
        (:func:`clusternet.structure.small_world`; affiliation graphs). Above
        300,000 ties, or with 0, the analytic null of Newman, Strogatz and
        Watts is used instead (the report says so).
    place : str or list of str, optional
        Actor columns of places (city, NUTS region, country): the Territory
        section gives the share of ties within one place
        (:func:`clusternet.territory.local_share`), its permutation mean and,
        with ``permutations``, its test; by place in ``territory_<place>.csv``.
    lat, lon : str, optional
        Actor columns of latitude and longitude (degrees): tie lengths and the
        distance-decay curve with its null band (at most 99 permutations of
        the coordinates; ``distance_decay.csv``). Actors without coordinates
        are left out of these. The Territory section also gives, for every
        inside/outside (boolean) ``attribute`` of a graph with time, the
        openness of the territory by window (``openness_<attribute>.csv``).
    label : str, optional
        An actor column of names (an artist's or organisation's name) shown
        instead of the actor ids: the labels of the network figure, the bars
        of the brokerage-roles figure, and a column beside the id in the
        page's actor tables and in ``actors.csv``. Actors without a name
        are shown by their id.
    top_groups : int or None, default 20
        Attributes with more groups than this (74 nationalities) show the
        ``top_groups`` largest groups in the page's group tables and in the
        figures, the others merged into one group ``"other"`` (the page says
        so); the CSV files keep every group. ``None`` shows every group.
    figures : bool, default True
        Draw the figures (needs matplotlib).
    title : str, optional
        Title of the HTML page.
    progress : bool, optional
        Show progress, one step per stage, on stderr (a tqdm bar when tqdm
        is installed, else one line per stage). By default when stderr is
        a terminal.
    call : str, optional
        How the report was asked for, shown on the page (the command line
        passes its own); by default a Python call.

    Returns
    -------
    Report

    Raises
    ------
    UnknownAttributeError
        No actor attribute ``attribute``.
    ClusternetError
        A bad parameter (``rng`` must be None, an int seed >= 0 or a
        Generator), or ``out`` is a file or a folder holding other files
        than an earlier report.

    Examples
    --------
    >>> import clusternet as cn, tempfile
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=120, n_years=4, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> r = cn.report(g, attribute="domain", out=tempfile.mkdtemp(), figures=False, rng=1)
    >>> r.html.name, len(r.actors) == g.n_actors
    ('report.html', True)
    """
    g = as_graph(g)
    attributes = _attributes(g, attribute)
    labels = _label(g, label)
    if top_groups is not None and (not isinstance(top_groups, numbers.Integral)
                                   or isinstance(top_groups, bool) or top_groups < 1):
        raise ClusternetError(f"top_groups={top_groups!r}; give a whole number, 1 or more "
                              "(the largest groups shown), or None for every group")
    places = _attributes(g, place)
    for name, column in (("lat", lat), ("lon", lon)):
        if column is not None:
            _attributes(g, column)
    if (lat is None) != (lon is None):
        raise ClusternetError("give both lat= and lon= (columns of latitude and longitude), "
                              "or neither")
    if not isinstance(permutations, numbers.Integral) or isinstance(permutations, bool) \
            or permutations < 0:
        raise ClusternetError(f"permutations={permutations!r}; give a whole number, 0 or more")
    check_missing(missing)
    if distance not in ("hops", "inverse"):
        raise ClusternetError(f"distance={distance!r}; choose 'hops' or 'inverse'")
    if not isinstance(small_world_draws, numbers.Integral) or isinstance(
            small_world_draws, bool) or small_world_draws < 0:
        raise ClusternetError(f"small_world_draws={small_world_draws!r}; give a whole number, "
                              "0 or more")
    cumulative = check_bool(cumulative, "cumulative")
    out = Path(out)
    _check_out(out)
    _check_windows(g, size, step, cumulative, origin)
    seed_text, seed_for, layout_seed = _seeds(rng)
    if call is None:
        call = _python_call(attributes, out, permutations, rng, size, step, cumulative, missing,
                            distance, small_world_draws, origin, label, top_groups)
    params = {
        "permutations": int(permutations), "size": size,
        "step": size if step is None else step, "origin": origin,
        "cumulative": bool(cumulative), "missing": missing, "distance": distance,
        "small_world_draws": int(small_world_draws), "places": places, "lat": lat,
        "lon": lon, "seed_text": seed_text, "label": label,
        "top_groups": None if top_groups is None else int(top_groups),
        "seed_for": seed_for, "call": call,
    }
    an = _compute.Analysis(g=g, attributes=attributes, params=params,
                           actors=pd.DataFrame(index=g.actor_ids.copy()), labels=labels)
    n_missing = int(g.meta.get("n_missing_time") or 0)
    if n_missing:
        if g.meta.get("missing_time") == "drop":
            an.note(f"{n_missing:,} record(s) without a time were set aside when the network "
                    "was built (missing_time='drop'): they are in no part of this report.")
        else:
            an.note(f"{n_missing:,} record(s) without a time are in the whole network and in "
                    "no time window (missing_time='keep').")
    todo = _compute.stages(g, attributes, int(permutations), params)
    draw = bool(figures) and g.n_actors > 0
    have_mpl = _figures.matplotlib_available()
    labels = [lab for _, lab in todo] + (["figures"] if draw and have_mpl else []) + ["writing"]
    tty = stderr_is_terminal()
    show = tty if progress is None else bool(progress)
    bar = _Progress(labels, show, bar=tty)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.clusternet-", dir=out.parent))
    try:
        for key, lab in todo:
            bar.start(lab)
            _compute.run_stage(an, key, progress=show and tty)
        _compute.finish(an)
        figs: list[_figures.Figure] = []
        note = None
        if draw and have_mpl:
            bar.start("figures")
            figs = _figures.draw_all(an, tmp, seed=layout_seed)
        elif draw:
            note = ("Figures were not drawn: matplotlib is not installed "
                    "(pip install 'clusternet[plot]').")
        bar.start("writing")
        written = [out / p.name for p in _write(an, tmp, figs, note, title)]
        _replace(out, tmp)
    finally:
        bar.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return Report(out=out, html=out / "report.html", files=tuple(written),
                  actors=an.actors, network=an.network, over_time=an.over_time,
                  notes=tuple(([note] if note else []) + an.notes))


# -------------------------------------------------------------------- helpers
def _check_out(out: Path) -> None:
    """``out`` must be new, empty or an earlier report (checked before any work)."""
    if out.exists() and not out.is_dir():
        raise ClusternetError(f"out={str(out)!r} is a file; give a folder")
    if not out.is_dir():
        return
    entries = sorted(p.name for p in out.iterdir())
    if entries and not _is_report(out):
        shown = ", ".join(repr(e) for e in entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise ClusternetError(
            f"out={str(out)!r} holds files that are not a clusternet report ({shown}); the "
            "report replaces its folder as a whole: give a new or empty folder")


def _is_report(folder: Path) -> bool:
    page = folder / "report.html"
    try:
        head = page.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return '<meta name="generator" content="clusternet' in head


def _replace(out: Path, new: Path) -> None:
    """Move the finished folder ``new`` to ``out``, replacing an earlier
    report there: two renames, so ``out`` holds all old or all new files."""
    if not out.exists():
        new.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.clusternet-old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        new.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _check_windows(g: Any, size: Any, step: Any, cumulative: bool, origin: Any) -> None:
    """The time windows' parameters, checked before anything is written."""
    if getattr(g, "has_time", False):
        from ..temporal import windows

        windows(g, size=size, step=step, cumulative=cumulative, origin=origin)


def _attributes(g: Any, attribute: Any) -> list[str]:
    if attribute is None:
        return []
    names = [attribute] if isinstance(attribute, str) else list(attribute)
    seen: list[str] = []
    for a in names:
        if not isinstance(a, str):
            raise ClusternetError(f"attribute must be a column name (str), got {a!r}")
        g.attribute(a)  # UnknownAttributeError, naming the attributes the graph has
        if a not in seen:
            seen.append(a)
    return seen


def _label(g: Any, label: Any) -> pd.Series | None:
    """The display name of each actor (the id where the name is missing), or None."""
    if label is None:
        return None
    if not isinstance(label, str):
        raise ClusternetError(f"label must be a column name (str), got {label!r}")
    if label in getattr(g, "participation_attributes", ()):
        raise ClusternetError(
            f"label={label!r} is a participation attribute (a value per row); give a column "
            "with one name per actor")
    names = g.attribute(label)  # UnknownAttributeError, naming the attributes the graph has
    names = names.reindex(g.actor_ids)
    shown = [str(a) if _isna(v) or not str(v).strip() else str(v)
             for a, v in zip(g.actor_ids, names)]
    return pd.Series(shown, index=g.actor_ids, name=label, dtype=object)


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _seeds(rng: Any) -> tuple[str, Any, int]:
    """(text for the methods, key -> Generator, layout seed)."""
    _, entropy = seed_sequence(rng)
    if rng is None:
        text = (f"seed {entropy} drawn fresh (pass it as rng / --seed to repeat the "
                "report exactly)")
    elif isinstance(rng, np.random.Generator):
        text = "a numpy Generator supplied by the caller"
    else:
        text = f"seed {entropy}"
    layout = entropy % (2**31 - 1)

    def seed_for(key: str) -> np.random.Generator:
        # one stream per use, fixed by its name: a test's draws do not depend on
        # which other tests ran before it
        return np.random.default_rng([entropy, zlib.crc32(key.encode("utf-8"))])

    return text, seed_for, layout


def _python_call(attributes: list[str], out: Path, permutations: int, rng: Any, size: Any,
                 step: Any, cumulative: bool, missing: str, distance: str,
                 small_world_draws: int, origin: Any, label: str | None = None,
                 top_groups: int | None = 20) -> str:
    parts = ["clusternet.report(g"]
    if attributes:
        parts.append(f"attribute={attributes[0]!r}" if len(attributes) == 1
                     else f"attribute={attributes!r}")
    parts.append(f"out={str(out)!r}")
    if permutations:
        parts.append(f"permutations={permutations}")
    if isinstance(rng, numbers.Integral):
        parts.append(f"rng={int(rng)}")
    if size != 1:
        parts.append(f"size={size!r}")
    if step is not None:
        parts.append(f"step={step!r}")
    if origin is not None:
        parts.append(f"origin={origin!r}")
    if cumulative:
        parts.append("cumulative=True")
    if missing != "drop":
        parts.append(f"missing={missing!r}")
    if distance != "hops":
        parts.append(f"distance={distance!r}")
    if small_world_draws != 20:
        parts.append(f"small_world_draws={small_world_draws}")
    if label is not None:
        parts.append(f"label={label!r}")
    if top_groups != 20:
        parts.append(f"top_groups={top_groups!r}")
    return ", ".join(parts) + ")"


def _write(an: _compute.Analysis, out: Path, figs: list[_figures.Figure], note: str | None,
           title: str | None) -> list[Path]:
    written: list[Path] = []

    def csv(name: str, df: pd.DataFrame, **kwargs: Any) -> None:
        path = out / name
        df.to_csv(path, **kwargs)
        written.append(path)

    actors = an.actors.copy()
    actors.index.name = "actor"
    csv("actors.csv", actors)
    csv("network.csv", an.network, index=False)
    if an.over_time is not None:
        csv("over_time.csv", an.over_time)
    if an.window_tests is not None:
        csv("over_time_tests.csv", an.window_tests)
    if an.backbone is not None:
        csv("backbone.csv", an.backbone.ties, index=False)
    if an.qap is not None:
        csv("qap.csv", an.qap.to_frame())
    if an.team_assembly is not None:
        csv("team_assembly.csv", an.team_assembly)
    for place, table in an.places.items():
        csv(f"territory_{_figures._safe(place)}.csv", table)
    if an.decay is not None:
        csv("distance_decay.csv", an.decay.table)
    for a, table in an.openness.items():
        csv(f"openness_{_figures._safe(a)}.csv", table)
    for a, tables in an.groups.items():
        safe = _figures._safe(a)
        if "groups" in tables:
            csv(f"groups_{safe}.csv", tables["groups"])
        if "mixing_matrix" in tables:
            csv(f"mixing_{safe}.csv", tables["mixing_matrix"])
        if "relative_intensity" in tables:
            csv(f"relative_intensity_{safe}.csv", tables["relative_intensity"])
        if "disparity" in tables:
            csv(f"disparity_{safe}.csv", tables["disparity"])
    for fig in figs:
        written += [out / f"{fig.name}.png", out / f"{fig.name}.svg"]
    page = out / "report.html"
    names = [p.name for p in written] + ["report.html"]
    if title is None:
        title = "Collaboration network report"
        if an.attributes:
            title += ": " + ", ".join(an.attributes)
    page.write_text(_html.render(an, figs, names, title=title, figures_note=note),
                    encoding="utf-8")
    written.append(page)
    return written


class _Progress:
    """One step per stage on stderr: a tqdm bar on a terminal when tqdm is
    installed, else a line per stage (readable in logs)."""

    def __init__(self, labels: list[str], enabled: bool, *, bar: bool) -> None:
        self.n, self.k, self.enabled = len(labels), 0, enabled
        self.bar = None
        if enabled and bar:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                self.bar = tqdm(total=self.n, desc="clusternet report", unit="stage",
                                file=sys.stderr, leave=True, dynamic_ncols=True)

    def start(self, label: str) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            if self.k:
                self.bar.update(1)
            self.bar.set_postfix_str(label)
        else:
            print(f"clusternet report [{self.k + 1}/{self.n}] {label}", file=sys.stderr,
                  flush=True)
        self.k += 1

    def close(self) -> None:
        if self.bar is not None:
            if self.k:
                self.bar.update(1)
            self.bar.close()


class _CallableModule(types.ModuleType):
    """Lets ``clusternet.report(g, ...)`` call :func:`report` (the package
    loads this module lazily under the same name)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Report:
        return report(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
