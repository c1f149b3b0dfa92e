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
        epilog=f"Example:\n  {PROG} demo --seed 1\n\nRun '{PROG} COMMAND --help' for a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    _add_demo(sub)
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
            "build its actor network with clusternet.from_affiliations and print a summary."
        ),
        epilog=f"Examples:\n  {PROG} demo\n  {PROG} demo --actors 5000 --years 20 --seed 7",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--seed", type=_nonnegative_int, default=0, metavar="S",
                   help="random seed; the same seed gives the same cluster (default: 0)")
    p.add_argument("--actors", type=int, default=600, metavar="N",
                   help="number of actors (default: 600)")
    p.add_argument("--years", type=int, default=12, metavar="Y",
                   help="number of years (default: 12)")
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
    return 0


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
