"""A short text summary of a collaboration graph (what ``clusternet demo``
prints)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from ._compute import components

__all__ = ["summary"]


def summary(g: Any, *, group: str | None = None, inside: str | None = None) -> str:
    """A readable multi-line summary of a collaboration graph: actors, ties,
    events, times, groups, components and density.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph Graph
    group : str, optional
        A categorical actor attribute: its groups are counted and, when the
        graph has events with times, the share of ties between groups is
        given for the first and the last quarter of the periods.
    inside : str, optional
        A boolean actor attribute marking the actors inside the cluster;
        they are counted (missing values count as neither).

    Returns
    -------
    str
        One line per item, ``  name  value``.

    Raises
    ------
    UnknownAttributeError
        No actor attribute ``group`` or ``inside``.

    Examples
    --------
    >>> import clusternet as cn
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> print(cn.report.summary(g))
      actors      18
      ties        139 (count projection; 95 repeated: pairs in more than one event)
      events      14 with 89 participations; 3-14 actors each (mean 6.4)
      components  1; the largest has 18 actors (100.0%)
      density     0.9085
    """
    g = as_graph(g)
    group_values = None if group is None else g.attribute(group)
    inside_values = None if inside is None else g.attribute(inside)
    n = g.n_actors
    rows: list[tuple[str, str]] = []
    actors_line = f"{n:,}"
    if inside_values is not None:
        n_in, n_out = int(inside_values.eq(True).sum()), int(inside_values.eq(False).sum())
        actors_line += f" ({n_in:,} inside, {n_out:,} outside)"
    rows.append(("actors", actors_line))

    tie_line = f"{g.n_ties:,}"
    if g.projection is not None:
        # With unit participations a count weight above 1 means a repeated pair.
        binary = g.incidence is not None and bool(np.all(g.incidence.data == 1))
        repeated = (int((g.ties["weight"] > 1).sum()) if g.projection == "count" and binary
                    else None)
        tie_line += f" ({g.projection} projection"
        if repeated is not None:
            tie_line += f"; {repeated:,} repeated: pairs in more than one event"
        tie_line += ")"
    rows.append(("ties", tie_line))

    events = g.events
    if events is not None:
        size = events["size"]
        rows.append((
            "events",
            f"{len(events):,} with {int(g.incidence.nnz):,} participations; "
            f"{_span(np.array([int(size.min()), int(size.max())]))} actors each "
            f"(mean {size.mean():.1f})"
            if len(events) else "0",
        ))
    times = g.times
    if times is not None and len(times):
        name = "years" if pd.api.types.is_integer_dtype(times.dtype) else "time"
        rows.append((name, f"{_span(np.array([times.min(), times.max()]))} "
                           f"({times.nunique()} distinct)"))

    if group_values is not None:
        counts = group_values.value_counts(dropna=False)
        counts = counts.sort_index(key=lambda s: s.astype(str)).sort_values(
            ascending=False, kind="stable")
        parts = ", ".join(f"{_plain(k)} {int(v):,}" for k, v in counts.items())
        rows.append(("groups", f"{group}: {parts}"))

    if n:
        n_comp, sizes = components(g)
        big = int(sizes.max())
        isolated = int((sizes == 1).sum())
        line = f"{n_comp:,}; the largest has {big:,} actors ({big / n:.1%})"
        if isolated:
            line += f"; {isolated:,} isolated"
        rows.append(("components", line))
        density = g.density
        rows.append(("density", "undefined (one actor)" if np.isnan(density)
                     else f"{density:.4f}"))

    cross = None if group_values is None else _cross_group_trend(g, group, group_values)
    if cross is not None:
        rows.append(("mixing", cross))

    width = max(len(k) for k, _ in rows)
    return "\n".join(f"  {k:<{width}}  {v}" for k, v in rows)


def _cross_group_trend(g: Any, group: str, labels: pd.Series) -> str | None:
    """Share of ties between actors of different groups in the first and the
    last quarter of the periods (at least one period each)."""
    if g.times is None or g.events is None:
        return None
    periods = np.sort(pd.unique(g.times.dropna()))
    if len(periods) < 2:
        return None
    k = max(1, len(periods) // 4)
    early, late = periods[:k], periods[-k:]
    shares = []
    for start, end in ((periods[0], periods[k]), (periods[-k], None)):
        t = g.window(start, end).ties
        if len(t) == 0:
            return None
        differ = labels.loc[t["source"]].to_numpy() != labels.loc[t["target"]].to_numpy()
        shares.append(float(differ.mean()))
    return (
        f"{shares[0]:.0%} of ties cross {group}s in {_span(early)}, "
        f"{shares[1]:.0%} in {_span(late)}"
    )


def _plain(value: object) -> str:
    """str of a value with numpy scalars unwrapped (``1``, not ``np.int64(1)``)."""
    return str(value.item() if isinstance(value, np.generic) else value)


def _span(periods: np.ndarray) -> str:
    a, b = _plain(periods[0]), _plain(periods[-1])
    return a if a == b else f"{a}-{b}"
