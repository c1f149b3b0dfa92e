"""Input checks and labelling shared by the brokerage measures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._results import label
from ..errors import ClusternetError, UnknownActorError
from ..graph import CollaborationGraph

__all__ = ["ego_positions", "labelled_frame", "labelled_series", "mapped_values"]


def ego_positions(g: CollaborationGraph, egos: Any) -> np.ndarray | None:
    """Positions of the requested egos, in the order given; None = all."""
    if egos is None:
        return None
    return g.positions(egos)


def labelled_series(g: CollaborationGraph, positions: np.ndarray | None, values: np.ndarray,
                    name: str, params: dict[str, Any]) -> pd.Series:
    index = g.actor_ids if positions is None else g.actor_ids.take(positions)
    s = pd.Series(np.asarray(values), index=index.copy(), name=name)
    s.index.name = "actor"
    return label(s, name, params)


def labelled_frame(g: CollaborationGraph, positions: np.ndarray | None,
                   columns: dict[str, Any], measure: str, params: dict[str, Any]) -> pd.DataFrame:
    index = g.actor_ids if positions is None else g.actor_ids.take(positions)
    df = pd.DataFrame(columns, index=index.copy())
    df.index.name = "actor"
    return label(df, measure, params)


def mapped_values(g: CollaborationGraph, mapping: Mapping | pd.Series, param: str) -> pd.Series:
    """Values of a mapping ``actor -> value`` for every actor, in graph order
    (NaN for actors the mapping does not name); unknown actors raise."""
    if isinstance(mapping, pd.Series):
        series = mapping
    elif isinstance(mapping, Mapping):
        series = pd.Series(dict(mapping), dtype=object)
    else:  # pragma: no cover - callers dispatch first
        raise ClusternetError(f"{param} must be a mapping actor -> value")
    if not series.index.is_unique:
        dup = series.index[series.index.duplicated()][0]
        raise ClusternetError(f"{param} names actor {dup!r} twice")
    extra = series.index.difference(g.actor_ids, sort=False) if len(series) else series.index
    if len(extra):
        raise UnknownActorError(
            f"{param} names {len(extra)} actor(s) not in the graph, e.g. {list(extra[:5])!r}"
        )
    return series.reindex(g.actor_ids)
