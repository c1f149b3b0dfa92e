"""One place that labels results and reads group attributes.

Kernels return arrays; the public functions turn them into pandas objects
here, so every result carries the same provenance in ``.attrs``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._version import __version__
from .errors import ClusternetError

__all__ = ["actor_frame", "actor_series", "group_codes", "label", "value_codes"]


def label(obj: Any, measure: str, params: dict[str, Any] | None = None) -> Any:
    """Write ``attrs["clusternet"] = {"measure", "params", "version"}`` on a
    Series or DataFrame and return it."""
    obj.attrs["clusternet"] = {
        "measure": measure,
        "params": dict(params or {}),
        "version": __version__,
    }
    return obj


def actor_series(g, values: np.ndarray, name: str, params: dict[str, Any] | None = None) -> pd.Series:
    """An actor-indexed Series in graph order, named and labelled."""
    s = pd.Series(np.asarray(values), index=g.actor_ids.copy(), name=name)
    return label(s, name, params)


def actor_frame(g, columns: dict[str, np.ndarray], measure: str,
                params: dict[str, Any] | None = None) -> pd.DataFrame:
    """An actor-indexed DataFrame in graph order, labelled."""
    df = pd.DataFrame({k: np.asarray(v) for k, v in columns.items()}, index=g.actor_ids.copy())
    return label(df, measure, params)


def group_codes(g, attribute: str, *, missing: str = "error") -> tuple[np.ndarray, pd.Index]:
    """Integer group codes of every actor for a categorical attribute.

    Parameters
    ----------
    g : CollaborationGraph
    attribute : str
        An actor attribute column.
    missing : {"error", "drop", "own-group"}
        Actors whose value is missing: raise naming them; code them -1 (the
        caller leaves them out); or give each its own singleton group.

    Returns
    -------
    codes : ndarray of int64, one per actor (-1 = dropped)
    groups : pandas.Index of the group labels, in order of first appearance
        (sorted when the values are sortable).
    """
    return value_codes(g.attribute(attribute), attribute, missing=missing, unit="actor")


def value_codes(values: pd.Series, attribute: str, *, missing: str = "error",
                unit: str = "actor") -> tuple[np.ndarray, pd.Index]:
    """Integer codes of a categorical column indexed by unit id (actors or
    events), with the ``missing=`` conventions of :func:`group_codes`."""
    if missing not in ("error", "drop", "own-group"):
        raise ClusternetError(f"missing={missing!r}; choose 'error', 'drop' or 'own-group'")
    na = values.isna().to_numpy()
    if na.any() and missing == "error":
        who = list(values.index[na][:5])
        raise ClusternetError(
            f"{int(na.sum())} {unit}(s) have no value for {attribute!r}, e.g. {who!r}; pass "
            "missing='drop' to leave them out or missing='own-group' to give each its own group"
        )
    try:
        codes, groups = pd.factorize(values, sort=True)
    except TypeError:
        codes, groups = pd.factorize(values, sort=False)
    codes = codes.astype(np.int64)
    groups = pd.Index(groups, name=attribute)
    if na.any() and missing == "own-group":
        extra = np.flatnonzero(na)
        codes[extra] = len(groups) + np.arange(len(extra))
        groups = groups.append(pd.Index([f"<missing:{a}>" for a in values.index[extra]]))
        groups.name = attribute
    return codes, groups
