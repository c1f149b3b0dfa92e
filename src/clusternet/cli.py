"""The ``clusternet`` command line.

``clusternet demo`` builds the bundled synthetic creative cluster and prints
a summary of its network; ``clusternet --version`` prints the version. Each
command is a subparser added by one ``_add_<command>`` function, with the
function that runs it stored as ``func``, so that new commands slot in
beside ``demo``. Bad input ends with a one-line error on stderr and exit
status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
import warnings
from collections.abc import Sequence
from typing import Any

from ._version import __version__
from .errors import ClusternetError, ClusternetWarning

__all__ = ["build_parser", "main", "summary"]

PROG = "clusternet"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and
    return the exit status: 0 on success, 2 on bad input (after printing a
    one-line error to stderr)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors end here
        return _status(exc.code)
    if getattr(args, "func", None) is None:
        commands = ", ".join(sorted(_subparsers(parser).choices))
        print(f"{PROG}: error: choose a command ({commands}); try '{PROG} --help'",
              file=sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except ClusternetError as exc:
        print(f"{PROG}: error: {_as_flags(_one_line(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `clusternet demo | head`: the reader left
        _silence_stdout()
        return 0
    except OSError as exc:  # an output folder that cannot be written, a full disk
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"{PROG}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Convergence, diversity and brokerage in creative and innovation clusters, "
            "from collaboration records."
        ),
        epilog=(f"Examples:\n  {PROG} demo --seed 1\n"
                f"  {PROG} report teams.csv --actor person --event project --time year "
                "--attribute sector --out results\n\n"
                f"Run '{PROG} COMMAND --help' for a command's options."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    _add_demo(sub)
    _add_report(sub)
    return parser


# ------------------------------------------------------------------- demo
def _add_demo(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="build the bundled synthetic creative cluster and summarise its network",
        description=(
            "Generate the bundled synthetic creative cluster "
            "(clusternet.datasets.creative_cluster: actors in six domains, teams assembled "
            "year by year after Guimera et al. 2005, cross-domain work growing over time), "
            "build its actor network with clusternet.from_affiliations, print a summary, and "
            "write the full report (clusternet report: tables, figures, report.html) on it by "
            "domain and inside/outside into --out."
        ),
        epilog=(f"Examples:\n  {PROG} demo\n  {PROG} demo --actors 5000 --years 20 --seed 7\n"
                f"  {PROG} demo --out /tmp/demo --permutations 999 --quiet"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--seed", type=_nonnegative_int, default=0, metavar="S",
                   help="random seed; the same seed gives the same cluster (default: 0)")
    p.add_argument("--actors", type=int, default=600, metavar="N",
                   help="number of actors (default: 600)")
    p.add_argument("--years", type=int, default=12, metavar="Y",
                   help="number of years (default: 12)")
    p.add_argument("--out", default="clusternet-demo", metavar="DIR",
                   help="folder for the report (default: ./clusternet-demo)")
    p.add_argument("--permutations", type=_nonnegative_int, default=199, metavar="N",
                   help="label permutations for the significance tests (default: 199; "
                        "0 skips them)")
    p.add_argument("--quiet", action="store_true",
                   help="no progress display (it shows only on a terminal anyway)")
    p.add_argument("--no-report", action="store_true",
                   help="print the summary only; write no report")
    p.set_defaults(func=_run_demo)


def _run_demo(args: argparse.Namespace) -> int:
    from .build import from_affiliations
    from .datasets import creative_cluster
    from .report import summary as report_summary

    aff, actors = creative_cluster(n_actors=args.actors, n_years=args.years, rng=args.seed)
    g = from_affiliations(aff, time="year", actors=actors)
    call = f"creative_cluster(n_actors={args.actors}, n_years={args.years}, rng={args.seed})"
    print(f"{PROG} {__version__} demo: a synthetic creative cluster")
    print(f"  data:    clusternet.datasets.{call}")
    print('  network: clusternet.from_affiliations(aff, time="year", actors=actors)')
    print()
    print(report_summary(g, group="domain", inside="inside"))
    if args.no_report:
        return 0
    from .report import report

    call = (f"{PROG} demo --seed {args.seed} --actors {args.actors} --years {args.years} "
            f"--out {_quote(args.out)} --permutations {args.permutations}")
    r = report(g, attribute=["domain", "inside"], out=args.out,
               permutations=args.permutations, rng=args.seed, size=3,
               progress=False if args.quiet else None, call=call,
               title="clusternet demo: a synthetic creative cluster")
    print()
    print(f"  report   {r.html}  ({len(r.files)} files in {r.out})")
    if not any(f.suffix == ".png" for f in r.files):
        print("  figures  not drawn: matplotlib is missing (pip install 'clusternet[plot]')")
    return 0


# ----------------------------------------------------------------- report
_REPORT_EXAMPLES = f"""Examples:
  # one row per person per project, with the project's year and the person's sector
  {PROG} report teams.csv --actor person --event project --time year \\
      --attribute sector --out results

  # actor attributes in a second table; Newman weights; 999 permutations, seeded
  {PROG} report teams.csv --actor person --event project --actors people.csv \\
      --attribute sector --attribute city --projection newman --permutations 999 --seed 1

  # an edge list (one row per tie)
  {PROG} report ties.csv --source from --target to --weight n --actors people.csv \\
      --attribute sector

  # artists named on the figures; 74 nationalities shown as the 12 largest and 'other'
  {PROG} report exhibitions.csv --actor artist --event show --time year \\
      --actors artists.csv --label name --attribute nationality --top-groups 12

The folder gets actors.csv (every actor-level measure), network.csv (network-level
measures; null mean, z and p with --permutations), over_time.csv (with --time),
the figures as PNG and SVG, and report.html (one self-contained page with the
methods and how to cite). Attribute columns may be in --actors or in TABLE itself:
with one value per actor, or a value that changes from row to row (kept per
participation, with a note)."""


def _add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="measure a collaboration table and write tables, figures and report.html",
        description=textwrap.fill(
            "Build the actor network from TABLE (an affiliation table with --actor/--event, "
            "or an edge list with --source/--target; .csv, .tsv, .parquet or .xlsx) and "
            "write the whole analysis -- structure, brokerage, and convergence, diversity "
            "and brokerage roles by each --attribute, their significance and their trend "
            "over time -- into --out (clusternet.report).", 79),
        epilog=_REPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", metavar="TABLE", help="the collaboration records (a file)")
    src = p.add_argument_group("affiliation table (one row per actor per event)")
    src.add_argument("--actor", metavar="COL", help="column of actor ids")
    src.add_argument("--event", metavar="COL",
                     help="column of event ids (project, production, paper)")
    src.add_argument("--projection", choices=("count", "newman", "jaccard", "overlap"),
                     default="count",
                     help="tie weight between two actors (default: count of shared events)")
    src.add_argument("--duplicates", choices=("error", "drop", "sum"), default="error",
                     help="a repeated (actor, event) row: an error (default), dropped (the "
                          "first row kept) or summed (weights added)")
    src.add_argument("--min-weight", type=_nonnegative_float, default=0.0, metavar="W",
                     help="leave out ties lighter than W while projecting (default: 0)")
    src.add_argument("--max-ties", type=_max_ties, default=50_000_000, metavar="N",
                     help="refuse a projection with more than N ties before building it "
                          "(default: 50000000; 'none' removes the limit)")
    src.add_argument("--max-event-size", type=_positive_int, default=None, metavar="N",
                     help="leave out events with more than N actors (their actors stay)")
    src.add_argument("--missing-time", choices=("error", "drop", "keep"), default="error",
                     help="rows without a time (with --time or --source): an error "
                          "(default), left out, or kept in the whole network and out of "
                          "every time window; either way the report says how many")
    edges = p.add_argument_group("edge list (one row per tie)")
    edges.add_argument("--source", metavar="COL",
                       help="column of the tie's first actor; or, without --target, the "
                            "source TABLE was downloaded from: cordis (a folder or zip of "
                            "CORDIS project.csv and organization.csv), openalex (OpenAlex "
                            "works, JSON lines), patentsview (a folder of PatentsView bulk "
                            "tables)")
    edges.add_argument("--kind", choices=("inventor", "assignee"), default="inventor",
                       help="with --source patentsview: inventors or assignees as actors")
    edges.add_argument("--target", metavar="COL", help="column of the tie's second actor")
    edges.add_argument("--directed", action="store_true",
                       help="ties go from --source to --target (default: undirected)")
    common = p.add_argument_group("both")
    common.add_argument("--time", metavar="COL",
                        help="column of times (a year, a number or a date): adds the "
                             "measures over time")
    common.add_argument("--weight", metavar="COL", help="column of participation/tie weights")
    common.add_argument("--actors", metavar="TABLE",
                        help="a table of actor attributes, with a column named like --actor "
                             "(or 'actor')")
    common.add_argument("--attribute", metavar="COL", action="append", default=[],
                        help="a categorical actor attribute defining groups (domain, "
                             "sector); repeat for several. A column of TABLE whose value "
                             "changes within an actor (the sector on each paper) is kept per "
                             "participation: events count each row's value, each actor takes "
                             "its most frequent value; a note says so")
    common.add_argument("--label", metavar="COL",
                        help="a column of actor names (in --actors or, one value per actor, "
                             "in TABLE) shown instead of the ids on the network figure, the "
                             "brokerage-role bars and in the actor tables (with --source: "
                             "the reader's 'name' column by default)")
    common.add_argument("--place", metavar="COL", action="append", default=[],
                        help="a column of the actor's place (city, region, country): adds the "
                             "Territory section (share of ties within one place); repeat "
                             "for several")
    common.add_argument("--lat", metavar="COL",
                        help="a column of the actor's latitude (degrees), with --lon: tie "
                             "lengths and the distance-decay curve")
    common.add_argument("--lon", metavar="COL", help="a column of the actor's longitude")
    common.add_argument("--missing", choices=("drop", "error", "own-group"), default="drop",
                        help="actors without an attribute value: left out of the group "
                             "measures (default), an error, or each its own group")
    an = p.add_argument_group("analysis and output")
    an.add_argument("--top-groups", type=_top_groups, default=20, metavar="N",
                    help="with more groups than N (74 nationalities), the page's group tables "
                         "and figures show the N largest and merge the rest into 'other' "
                         "(default: 20; 'all' shows every group); the CSV files keep all")
    an.add_argument("--permutations", type=_nonnegative_int, default=0, metavar="N",
                    help="label permutations for the significance of the convergence "
                         "measures (default: 0, no tests)")
    an.add_argument("--seed", type=_nonnegative_int, default=None, metavar="S",
                    help="random seed; the same seed gives the same report (default: a "
                         "fresh one, written in the report)")
    an.add_argument("--distance", choices=("hops", "inverse"), default="hops",
                    help="tie length for betweenness: one step, or 1/weight (default: hops)")
    an.add_argument("--small-world-draws", type=_nonnegative_int, default=20, metavar="N",
                    help="curveball draws for the small-world quotient's null (affiliation "
                         "tables; default: 20; 0 uses the analytic null)")
    an.add_argument("--window", type=_window_value, default=1, metavar="SIZE",
                    help="length of a time window, in the time column's unit (years for "
                         "dates; or e.g. 90D) (default: 1)")
    an.add_argument("--step", type=_window_value, default=None, metavar="STEP",
                    help="distance between window starts (default: the window's length, "
                         "consecutive windows; smaller gives overlapping windows)")
    an.add_argument("--origin", type=_origin_value, default=None, metavar="T",
                    help="anchor the windows to the calendar: window starts fall on T + k "
                         "* STEP (e.g. --window 10 --origin 1930 for decades 1930-1939, "
                         "...; a date for dated records)")
    an.add_argument("--cumulative", action="store_true",
                    help="each window runs from the first time (default: sliding windows)")
    an.add_argument("--out", default="clusternet-report", metavar="DIR",
                    help="output folder (default: ./clusternet-report)")
    an.add_argument("--title", metavar="TEXT", help="title of report.html")
    an.add_argument("--no-figures", action="store_true",
                    help="tables and report.html only, no figures")
    an.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=_run_report)


def _run_report(args: argparse.Namespace) -> int:
    from .report import report
    from .report._records import SOURCES, graph_from_records, graph_from_source

    if args.source is not None and args.target is None and args.source in SOURCES:
        return _run_source_report(args, SOURCES[args.source], graph_from_source)
    affiliation = args.actor is not None or args.event is not None
    edgelist = args.source is not None or args.target is not None
    if affiliation and edgelist:
        raise ClusternetError("give either --actor/--event (an affiliation table) or "
                              "--source/--target (an edge list), not both")
    if not affiliation and not edgelist:
        raise ClusternetError("say how to read TABLE: --actor COL --event COL (one row per "
                              "actor per event) or --source COL --target COL (one row per tie)")
    if affiliation and (args.actor is None or args.event is None):
        raise ClusternetError("an affiliation table needs both --actor and --event")
    if edgelist and (args.source is None or args.target is None):
        raise ClusternetError("an edge list needs both --source and --target")
    if edgelist and args.projection != "count":
        raise ClusternetError("--projection applies to affiliation tables (--actor/--event), "
                              "not to edge lists")
    if affiliation and args.directed:
        raise ClusternetError("--directed applies to edge lists (--source/--target)")
    if (args.lat is None) != (args.lon is None):
        raise ClusternetError("give both --lat and --lon (columns of latitude and longitude)")
    build: dict[str, Any] = {}
    if affiliation:
        build = _build_options(args)
    else:
        for flag, value, default in (("--duplicates", args.duplicates, "error"),
                                     ("--min-weight", args.min_weight, 0.0),
                                     ("--max-ties", args.max_ties, 50_000_000),
                                     ("--max-event-size", args.max_event_size, None)):
            if value != default:
                raise ClusternetError(f"{flag} applies to affiliation tables "
                                      "(--actor/--event), not to edge lists")
    _inputs_outside(args)

    if args.time is not None and affiliation:
        build["missing_time"] = args.missing_time
    with _notes():
        g = graph_from_records(
            args.table, actor=args.actor, event=args.event, source=args.source,
            target=args.target, directed=args.directed, projection=args.projection,
            time=args.time, weight=args.weight, actors=args.actors,
            attributes=_unique(args.attribute), actor_columns=_actor_columns(args),
            spell=_SPELL, **build)
    return _write_report(args, g, report, attribute=args.attribute, place=args.place,
                         lat=args.lat, lon=args.lon, label=args.label)


def _actor_columns(args: argparse.Namespace) -> dict[str, str]:
    """Columns that must have one value per actor, with the flag that names each."""
    out: dict[str, str] = {}
    for flag, cols in (("--place", args.place), ("--lat", [args.lat]), ("--lon", [args.lon]),
                       ("--label", [args.label])):
        for c in cols:
            if c is not None and c not in args.attribute:
                out.setdefault(c, flag)
    return out


def _build_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"duplicates": args.duplicates, "min_weight": args.min_weight,
            "max_ties": args.max_ties, "max_event_size": args.max_event_size}


class _notes(warnings.catch_warnings):
    """Builder warnings (what was set aside) printed once each, as one
    ``note:`` line with the flags spelled as on the command line."""

    def __init__(self) -> None:
        super().__init__(record=True)

    def __enter__(self) -> Any:
        self._caught = super().__enter__()
        warnings.simplefilter("always", ClusternetWarning)
        return self._caught

    def __exit__(self, *exc: Any) -> None:
        super().__exit__(*exc)
        for w in self._caught:
            if issubclass(w.category, ClusternetWarning):
                print(f"{PROG} report: note: {_as_flags(_one_line(w.message))}",
                      file=sys.stderr)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _run_source_report(args: argparse.Namespace, defaults: dict[str, Any],
                       graph_from_source: Any) -> int:
    """``--source cordis|openalex|patentsview``: TABLE is the downloaded files."""
    from .report import report

    for flag, value in (("--actor", args.actor), ("--event", args.event),
                        ("--time", args.time), ("--weight", args.weight),
                        ("--actors", args.actors)):
        if value is not None:
            raise ClusternetError(f"{flag} does not apply with --source {args.source}: the "
                                  "reader names the columns (see the docs' Reading sources)")
    if args.directed:
        raise ClusternetError("--directed does not apply with --source")
    if args.kind != "inventor" and args.source != "patentsview":
        raise ClusternetError("--kind applies to --source patentsview")
    if (args.lat is None) != (args.lon is None):
        raise ClusternetError("give both --lat and --lon (columns of latitude and longitude)")
    _inputs_outside(args)
    options = {**_build_options(args), "projection": args.projection,
               "missing_time": args.missing_time}
    if args.duplicates == "error":
        options["duplicates"] = "drop"  # an organisation listed twice in one project
    with _notes():
        g = graph_from_source(args.source, args.table, kind=args.kind, **options)
    attribute = args.attribute or [a for a in defaults["attributes"] if a in g.attributes]
    if args.source == "patentsview" and args.kind == "assignee" and not args.attribute:
        attribute = [a for a in ("sector",) if a in g.attributes]
    place = args.place or [a for a in defaults["places"] if a in g.attributes]
    lat, lon = args.lat, args.lon
    if lat is None and defaults["lat"] in g.attributes and defaults["lon"] in g.attributes:
        lat, lon = defaults["lat"], defaults["lon"]
    label = args.label or (defaults["label"] if defaults["label"] in g.attributes else None)
    return _write_report(args, g, report, attribute=attribute, place=place, lat=lat, lon=lon,
                         label=label)


def _write_report(args: argparse.Namespace, g: Any, report: Any, *, attribute: list[str],
                  place: list[str], lat: str | None, lon: str | None,
                  label: str | None) -> int:
    r = report(g, attribute=attribute or None, out=args.out,
               permutations=args.permutations, rng=args.seed, size=args.window,
               step=args.step, cumulative=args.cumulative, origin=args.origin,
               missing=args.missing,
               distance=args.distance, small_world_draws=args.small_world_draws,
               place=place or None, lat=lat, lon=lon, label=label,
               top_groups=args.top_groups, figures=not args.no_figures, title=args.title, progress=not args.quiet,
               call=_report_command(args))
    print(f"{PROG} report: {g.n_actors:,} actors, {g.n_ties:,} ties; wrote {len(r.files)} "
          f"files to {r.out}")
    print(f"  open {r.html}")
    if not args.no_figures and not any(f.suffix == ".png" for f in r.files) and any(
            "matplotlib" in n for n in r.notes):
        print("  no figures: matplotlib is missing (pip install 'clusternet[plot]')")
    return 0


#: How the report's inputs are named on the command line, for its messages.
_SPELL = {"table": "TABLE", "actors": "--actors", "attributes": "--attribute",
          "time": "--time"}


#: Python keywords in the library's messages, as the command line spells them.
_FLAGS = {"duplicates": "--duplicates", "min_weight": "--min-weight",
          "max_ties": "--max-ties", "max_event_size": "--max-event-size",
          "missing_time": "--missing-time", "missing": "--missing",
          "projection": "--projection", "permutations": "--permutations",
          "size": "--window", "step": "--step", "rng": "--seed", "out": "--out",
          "weight": "--weight", "time": "--time", "label": "--label",
          "top_groups": "--top-groups"}
_KEYWORD = re.compile(r"\b(" + "|".join(_FLAGS) + r")=(?:'([^']*)'|([0-9][0-9,]*)|(?=[\s,;.)]|$))")
#: keywords with an underscore never occur as prose, so they are translated bare too
_BARE = re.compile(r"\b(" + "|".join(k for k in _FLAGS if "_" in k) + r")\b")


def _as_flags(message: str) -> str:
    """A library message with its keyword advice spelled as flags:
    ``duplicates='drop'`` -> ``--duplicates drop``, ``max_ties=`` -> ``--max-ties``."""
    def repl(m: re.Match) -> str:
        flag = _FLAGS[m.group(1)]
        value = m.group(2) if m.group(2) is not None else m.group(3)
        return f"{flag} {value}" if value is not None else flag

    message = _KEYWORD.sub(repl, message)
    return _BARE.sub(lambda m: _FLAGS[m.group(1)], message)


def _inputs_outside(args: argparse.Namespace) -> None:
    """Refuse an output folder that holds an input file: the report replaces
    the folder as a whole."""
    from pathlib import Path

    out = Path(args.out).resolve()
    for flag, path in (("TABLE", args.table), ("--actors", args.actors)):
        if path is None:
            continue
        p = Path(path).resolve()
        if p == out or out in p.parents:
            raise ClusternetError(
                f"--out {args.out} holds the input {flag} {path}; the report replaces its "
                "output folder as a whole: give another --out")


def _window_value(text: str) -> object:
    for kind in (int, float):
        try:
            value = kind(text)
        except ValueError:
            continue
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return text  # a pandas offset or timedelta string such as 90D; checked by the windows


def _origin_value(text: str) -> object:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text  # a date, checked by the windows


def _report_command(args: argparse.Namespace) -> str:
    parts = [PROG, "report", _quote(args.table)]
    for opt in ("actor", "event", "source", "target", "time", "weight", "actors"):
        v = getattr(args, opt)
        if v is not None:
            parts += [f"--{opt}", _quote(v)]
    for a in args.attribute:
        parts += ["--attribute", _quote(a)]
    for a in args.place:
        parts += ["--place", _quote(a)]
    for opt in ("lat", "lon", "label"):
        if getattr(args, opt) is not None:
            parts += [f"--{opt}", _quote(getattr(args, opt))]
    if args.projection != "count":
        parts += ["--projection", args.projection]
    if args.kind != "inventor":
        parts += ["--kind", args.kind]
    if args.missing_time != "error":
        parts += ["--missing-time", args.missing_time]
    if args.duplicates != "error":
        parts += ["--duplicates", args.duplicates]
    if args.min_weight:
        parts += ["--min-weight", str(args.min_weight)]
    if args.max_ties != 50_000_000:
        parts += ["--max-ties", "none" if args.max_ties is None else str(args.max_ties)]
    if args.max_event_size is not None:
        parts += ["--max-event-size", str(args.max_event_size)]
    if args.directed:
        parts.append("--directed")
    if args.missing != "drop":
        parts += ["--missing", args.missing]
    if args.distance != "hops":
        parts += ["--distance", args.distance]
    if args.permutations:
        parts += ["--permutations", str(args.permutations)]
    if args.small_world_draws != 20:
        parts += ["--small-world-draws", str(args.small_world_draws)]
    if args.seed is not None:
        parts += ["--seed", str(args.seed)]
    if args.window != 1:
        parts += ["--window", str(args.window)]
    if args.step is not None:
        parts += ["--step", str(args.step)]
    if args.origin is not None:
        parts += ["--origin", str(args.origin)]
    if args.cumulative:
        parts.append("--cumulative")
    if args.top_groups != 20:
        parts += ["--top-groups", "all" if args.top_groups is None else str(args.top_groups)]
    parts += ["--out", _quote(args.out)]
    if args.no_figures:
        parts.append("--no-figures")
    return " ".join(parts)


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _quote(text: object) -> str:
    import shlex

    return shlex.quote(str(text))


# ---------------------------------------------------------------- summary
def summary(g: Any, *, group: str | None = None, inside: str | None = None) -> str:
    """Deprecated: use :func:`clusternet.report.summary` (the same text).

    ``clusternet.cli.summary`` keeps working until the next minor version,
    with a ``FutureWarning``.

    Examples
    --------
    >>> import warnings, clusternet as cn
    >>> from clusternet.cli import summary
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     text = summary(g)
    >>> text == cn.report.summary(g), caught[0].category.__name__
    (True, 'FutureWarning')
    """
    import warnings

    from .report import summary as report_summary

    warnings.warn(
        "clusternet.cli.summary is now clusternet.report.summary; the old name stops working "
        "in the next minor version",
        FutureWarning,
        stacklevel=2,
    )
    return report_summary(g, group=group, inside=inside)


# ---------------------------------------------------------------- helpers
class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors fit on one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}; try '{self.prog} --help'\n")


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise AssertionError("the parser has no commands")  # pragma: no cover


def _nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _nonnegative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number, 0 or more, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = _nonnegative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more, got 0")
    return value


def _top_groups(text: str) -> int | None:
    if text.strip().lower() == "all":
        return None
    return _positive_int(text)


def _max_ties(text: str) -> int | None:
    if text.strip().lower() == "none":
        return None
    return _positive_int(text)


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover -- stdout without a file descriptor
        pass
