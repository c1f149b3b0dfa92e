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
import sys
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._version import __version__
from .errors import ClusternetError

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
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `clusternet demo | head`: the reader left
        _silence_stdout()
        return 0
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

    aff, actors = creative_cluster(n_actors=args.actors, n_years=args.years, seed=args.seed)
    g = from_affiliations(aff, time="year", actors=actors)
    call = f"creative_cluster(n_actors={args.actors}, n_years={args.years}, seed={args.seed})"
    print(f"{PROG} {__version__} demo: a synthetic creative cluster")
    print(f"  data:    clusternet.datasets.{call}")
    print('  network: clusternet.from_affiliations(aff, time="year", actors=actors)')
    print()
    print(summary(g, group="domain", inside="inside"))
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

The folder gets actors.csv (every actor-level measure), network.csv (network-level
measures; null mean, z and p with --permutations), over_time.csv (with --time),
the figures as PNG and SVG, and report.html (one self-contained page with the
methods and how to cite). Attribute columns may be in --actors or, one value per
actor, in TABLE itself."""


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
    edges = p.add_argument_group("edge list (one row per tie)")
    edges.add_argument("--source", metavar="COL", help="column of the tie's first actor")
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
                             "sector); repeat for several")
    common.add_argument("--missing", choices=("drop", "error", "own-group"), default="drop",
                        help="actors without an attribute value: left out of the group "
                             "measures (default), an error, or each its own group")
    an = p.add_argument_group("analysis and output")
    an.add_argument("--permutations", type=_nonnegative_int, default=0, metavar="N",
                    help="label permutations for the significance of the convergence "
                         "measures (default: 0, no tests)")
    an.add_argument("--seed", type=_nonnegative_int, default=None, metavar="S",
                    help="random seed; the same seed gives the same report (default: a "
                         "fresh one, written in the report)")
    an.add_argument("--distance", choices=("hops", "inverse"), default="hops",
                    help="tie length for betweenness: one step, or 1/weight (default: hops)")
    an.add_argument("--window", type=_window_value, default=1, metavar="SIZE",
                    help="length of a time window, in the time column's unit (years for "
                         "dates; or e.g. 90D) (default: 1)")
    an.add_argument("--step", type=_window_value, default=1, metavar="STEP",
                    help="distance between window starts (default: 1)")
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
    from .build import from_affiliations, from_edgelist
    from .io import read_table
    from .report import report

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

    table = read_table(args.table)
    id_col = args.actor if affiliation else "actor"
    actors = None
    if args.actors is not None:
        actors = read_table(args.actors)
        key = next((c for c in (id_col, "actor") if c in actors.columns), None)
        if key is None:
            raise ClusternetError(
                f"the --actors table {args.actors!r} has no column {id_col!r}"
                + ("" if id_col == "actor" else " or 'actor'")
                + " with the actor ids; it has: " + ", ".join(map(repr, actors.columns)))
        actors = actors.rename(columns={key: "actor"}).set_index("actor")
    if affiliation:
        actors = _attributes_from_table(table, args, actors)
    if args.time is not None:
        table = _times(table, args.time)
    if affiliation:
        g = from_affiliations(table, actor=args.actor, event=args.event, time=args.time,
                              weight=args.weight, projection=args.projection, actors=actors)
    else:
        g = from_edgelist(table, source=args.source, target=args.target, weight=args.weight,
                          directed=args.directed, time=args.time, actors=actors)
    missing_attr = [a for a in args.attribute if a not in g.attributes]
    if missing_attr:
        where = "--actors" + (" or TABLE" if affiliation else "")
        raise ClusternetError(
            f"no column {missing_attr[0]!r} (--attribute) in {where}; actor attributes: "
            + (", ".join(map(repr, g.attributes)) or "none"))
    r = report(g, attribute=args.attribute or None, out=args.out,
               permutations=args.permutations, rng=args.seed, size=args.window,
               step=args.step, cumulative=args.cumulative, missing=args.missing,
               distance=args.distance,
               figures=not args.no_figures, title=args.title, progress=not args.quiet,
               call=_report_command(args))
    print(f"{PROG} report: {g.n_actors:,} actors, {g.n_ties:,} ties; wrote {len(r.files)} "
          f"files to {r.out}")
    print(f"  open {r.html}")
    if not args.no_figures and not any(f.suffix == ".png" for f in r.files) and any(
            "matplotlib" in n for n in r.notes):
        print("  no figures: matplotlib is missing (pip install 'clusternet[plot]')")
    return 0


def _attributes_from_table(table: pd.DataFrame, args: argparse.Namespace,
                           actors: pd.DataFrame | None) -> pd.DataFrame | None:
    """Attribute columns that are in the affiliation table (one value per
    actor) rather than in --actors."""
    have = set() if actors is None else set(actors.columns)
    wanted = [a for a in args.attribute if a not in have and a in table.columns
              and a not in (args.actor, args.event)]
    if not wanted or args.actor not in table.columns:
        return actors
    part = table[[args.actor, *wanted]].dropna(subset=[args.actor])
    for col in wanted:
        n = part.groupby(args.actor, sort=False)[col].nunique(dropna=True)
        if (n > 1).any():
            who = n.index[n > 1][0]
            raise ClusternetError(
                f"--attribute {col!r}: actor {_show(who)!r} has {int(n[who])} different values "
                f"in TABLE; an attribute taken from TABLE must have one value per actor (or "
                "give it in --actors)")
    derived = part.groupby(args.actor, sort=False)[wanted].first()
    derived.index.name = "actor"
    if actors is None:
        return derived
    return actors.join(derived, how="outer")


def _times(table: pd.DataFrame, column: str) -> pd.DataFrame:
    """Text times (ISO dates) as datetimes; numbers as they are."""
    if column not in table.columns:
        return table  # the builder names the missing column
    col = table[column]
    if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_datetime64_any_dtype(
            col.dtype):
        return table
    try:
        parsed = pd.to_datetime(col, format="ISO8601")
    except (ValueError, TypeError):
        bad = col[pd.to_datetime(col, format="ISO8601", errors="coerce").isna()
                  & col.notna()]
        example = _show(bad.iloc[0]) if len(bad) else "?"
        raise ClusternetError(
            f"--time column {column!r} holds {example!r}, neither a number nor a date "
            "(YYYY, YYYY-MM-DD)") from None
    table = table.copy()
    table[column] = parsed
    return table


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


def _report_command(args: argparse.Namespace) -> str:
    parts = [PROG, "report", _quote(args.table)]
    for opt in ("actor", "event", "source", "target", "time", "weight", "actors"):
        v = getattr(args, opt)
        if v is not None:
            parts += [f"--{opt}", _quote(v)]
    for a in args.attribute:
        parts += ["--attribute", _quote(a)]
    if args.projection != "count":
        parts += ["--projection", args.projection]
    if args.directed:
        parts.append("--directed")
    if args.missing != "drop":
        parts += ["--missing", args.missing]
    if args.distance != "hops":
        parts += ["--distance", args.distance]
    if args.permutations:
        parts += ["--permutations", str(args.permutations)]
    if args.seed is not None:
        parts += ["--seed", str(args.seed)]
    if args.window != 1:
        parts += ["--window", str(args.window)]
    if args.step != 1:
        parts += ["--step", str(args.step)]
    if args.cumulative:
        parts.append("--cumulative")
    parts += ["--out", _quote(args.out)]
    if args.no_figures:
        parts.append("--no-figures")
    return " ".join(parts)


def _quote(text: object) -> str:
    import shlex

    return shlex.quote(str(text))


# ---------------------------------------------------------------- summary
def summary(g, *, group: str | None = None, inside: str | None = None) -> str:
    """A readable multi-line summary of a :class:`~clusternet.CollaborationGraph`:
    actors, ties, events, years, groups, components and density.

    ``group`` names a categorical actor attribute to count (and to measure
    the share of ties between groups, early and late, when the graph has
    time); ``inside`` a boolean attribute marking actors inside the cluster.
    """
    from scipy.sparse.csgraph import connected_components

    n = g.n_actors
    ties = g.ties
    rows: list[tuple[str, str]] = []
    actors_line = f"{n:,}"
    if inside is not None and inside in g.attributes:
        flag = g.actors[inside]
        # missing values count as neither
        n_in, n_out = int(flag.eq(True).sum()), int(flag.eq(False).sum())
        actors_line += f" ({n_in:,} inside, {n_out:,} outside)"
    rows.append(("actors", actors_line))

    tie_line = f"{g.n_ties:,}"
    if g.projection is not None:
        # With unit participations a count weight above 1 means a repeated pair.
        binary = g.incidence is not None and bool(np.all(g.incidence.data == 1))
        repeated = int((ties["weight"] > 1).sum()) if g.projection == "count" and binary else None
        tie_line += f" ({g.projection} projection"
        if repeated is not None:
            tie_line += f"; {repeated:,} repeated: pairs in more than one event"
        tie_line += ")"
    rows.append(("ties", tie_line))

    events = g.events
    if events is not None:
        size = events["size"]
        n_part = int(g.incidence.nnz)
        rows.append((
            "events",
            f"{len(events):,} with {n_part:,} participations; "
            f"{_span(np.array([int(size.min()), int(size.max())]))} actors each "
            f"(mean {size.mean():.1f})"
            if len(events) else "0",
        ))
    times = g.times
    if times is not None and len(times):
        lo, hi = times.min(), times.max()
        n_t = times.nunique()
        name = "years" if pd.api.types.is_integer_dtype(times.dtype) else "time"
        rows.append((name, f"{_span(np.array([lo, hi]))} ({n_t} distinct)"))

    if group is not None and group in g.attributes:
        counts = g.actors[group].value_counts(dropna=False)
        counts = counts.sort_index(key=lambda s: s.astype(str)).sort_values(
            ascending=False, kind="stable"
        )
        parts = ", ".join(f"{_show(k)} {int(v):,}" for k, v in counts.items())
        rows.append(("groups", f"{group}: {parts}"))

    if n:
        n_comp, labels = connected_components(g.adjacency, directed=g.directed,
                                              connection="weak")
        sizes = np.bincount(labels)
        big = int(sizes.max())
        isolated = int((sizes == 1).sum())
        line = f"{n_comp:,}; the largest has {big:,} actors ({big / n:.1%})"
        if isolated:
            line += f"; {isolated:,} isolated"
        rows.append(("components", line))
        pairs = n * (n - 1) if g.directed else n * (n - 1) / 2
        rows.append(("density", f"{g.n_ties / pairs:.4f}" if pairs else "undefined (one actor)"))

    cross = _cross_group_trend(g, group) if group is not None else None
    if cross is not None:
        rows.append(("mixing", cross))

    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def _cross_group_trend(g, group: str) -> str | None:
    """Share of ties between actors of different groups in the first and the
    last quarter of the periods (at least one period each)."""
    if group not in g.attributes or g.times is None or g.events is None:
        return None
    periods = np.sort(pd.unique(g.times.dropna()))
    if len(periods) < 2:
        return None
    k = max(1, len(periods) // 4)
    early, late = periods[:k], periods[-k:]
    lab = g.actors[group]
    shares = []
    for start, end in ((periods[0], periods[k]), (periods[-k], None)):
        t = g.window(start, end).ties
        if len(t) == 0:
            return None
        differ = lab.loc[t["source"]].to_numpy() != lab.loc[t["target"]].to_numpy()
        shares.append(float(differ.mean()))
    return (
        f"{shares[0]:.0%} of ties cross {group}s in {_span(early)}, "
        f"{shares[1]:.0%} in {_span(late)}"
    )


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


def _status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _show(value: object) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    return str(value)


def _span(periods: np.ndarray) -> str:
    a, b = _show(periods[0]), _show(periods[-1])
    return a if a == b else f"{a}-{b}"


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover -- stdout without a file descriptor
        pass
