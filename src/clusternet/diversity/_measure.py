"""The ``measure=`` option of the level functions: a diversity index found in
the registry, or any callable, as a computation on a :class:`Counts` matrix.

The diversity indices are the registered measures of level ``"counts"``
(:mod:`._indices`). A name, an index function or a keyword ``functools.partial``
of one is looked up in the registry; its options are checked by the index's
own declared checkers (:meth:`Measure.check`, the same that run when the
index is called directly) and the computation calls the index function
itself. There is no second table of indices.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import _registry
from ..errors import ClusternetError, ClusternetWarning
from ._disparity import disparity_from_cooccurrence
from ._input import Counts, describe_matrix

#: The level of the diversity indices in the registry.
LEVEL = "counts"


@dataclass(frozen=True)
class Index:
    """A resolved ``measure=``: ``compute(counts)`` gives one value per row.

    ``registered`` is False for a user's callable, which is applied row by
    row to a labelled Series and may depend on the category labels.
    """

    name: str
    compute: Callable[[Counts], np.ndarray]
    params: dict[str, Any]
    registered: bool


def names() -> list[str]:
    """The names ``measure=`` accepts: the diversity indices of the registry."""
    return [m.name for m in _registry.entries("diversity") if LEVEL in m.levels]


def resolve(measure: Any, params: dict[str, Any], categories: pd.Index) -> Index:
    """An :class:`Index` for ``measure`` (a name, an index function or a
    keyword partial of one, or any callable) with the level's ``**params``.

    Everything is checked here, before the level builds its counts: the
    options by the index's checkers, and the call itself on an empty count
    matrix over ``categories`` (a missing or unknown option, a disparity that
    is not square, symmetric, ...).
    """
    params = dict(params)
    if isinstance(measure, str):
        entry = _index(measure)
    else:
        found = _registry.of(measure)
        if found is None:
            if not callable(measure):
                raise ClusternetError(
                    f"measure must be the name of an index or a callable, got "
                    f"{type(measure).__name__}; the indices are {_shown()}"
                )
            return _generic(measure, params)
        entry, bound = found
        if LEVEL not in entry.levels:
            raise ClusternetError(
                f"measure={entry.qualname} is not a diversity index of counts; choose one of "
                f"{_shown()} or pass a callable on counts"
            )
        params = {**bound, **params}
    options = entry.check(params)
    compute = functools.partial(_apply, entry.func, options)
    empty = Counts(sp.csr_array((0, len(categories))), categories, pd.RangeIndex(0))
    try:
        compute(empty)
    except TypeError as exc:  # an option missing, or not one of the index's
        declared = ([entry.attribute] if entry.attribute else []) + list(entry.checks)
        takes = (f"its options are {', '.join(f'{p}=' for p in declared)}" if declared
                 else f"{entry.name} takes no options")
        raise ClusternetError(f"measure={entry.name!r}: {exc}; {takes}") from exc
    return Index(entry.name, compute, _recorded(options), True)


def level_params(g, attribute: str, missing: str, params: dict[str, Any],
                 source: str = "auto") -> dict[str, Any]:
    """The level's ``**params`` with ``disparity="cooccurrence"`` (or
    ``similarity=``) replaced by the matrix from this graph."""
    params = dict(params)
    for key in ("disparity", "similarity"):
        if isinstance(params.get(key), str):
            if params[key] != "cooccurrence":
                raise ClusternetError(
                    f"{key}={params[key]!r}; pass a DataFrame, an array or 'cooccurrence'"
                )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ClusternetWarning)
                d = disparity_from_cooccurrence(g, attribute, missing=missing, source=source)
            params[key] = d if key == "disparity" else 1.0 - d
    return params


def from_attribute(params: dict[str, Any]) -> bool:
    """Whether an option is derived from the attribute itself
    (``"cooccurrence"``), so that it changes when the attribute is permuted."""
    return any(
        isinstance(params.get(k), str) and params[k] == "cooccurrence"
        for k in ("disparity", "similarity")
    )


def _apply(func: Callable[..., Any], options: dict[str, Any], counts: Counts) -> np.ndarray:
    return func(counts, **options).to_numpy()


def _index(name: str) -> _registry.Measure:
    try:
        entry = _registry.get(name)
    except ClusternetError:
        entry = None
    if entry is None or LEVEL not in entry.levels:
        raise ClusternetError(
            f"unknown measure={name!r}; choose one of {_shown()} or pass a callable on counts"
        )
    return entry


def _shown() -> str:
    return ", ".join(map(repr, names()))


def _generic(fn: Callable, params: dict[str, Any]) -> Index:
    name = getattr(fn, "__name__", None) or type(fn).__name__
    if name == "<lambda>":
        name = "measure"

    def compute(c: Counts) -> np.ndarray:
        C = c.C
        k = C.shape[1]
        cats = c.categories if c.categories is not None else pd.RangeIndex(k)
        out = np.full(C.shape[0], np.nan)
        for r in np.flatnonzero(np.diff(C.indptr)):
            lo, hi = C.indptr[r], C.indptr[r + 1]
            vec = np.zeros(k)
            vec[C.indices[lo:hi]] = C.data[lo:hi]
            value = fn(pd.Series(vec, index=cats), **params)
            try:
                out[r] = float(value)
            except (TypeError, ValueError) as exc:
                raise ClusternetError(
                    f"measure {name!r} must return one number per unit; it returned "
                    f"{type(value).__name__}"
                ) from exc
        return out

    return Index(name, compute, _recorded(params), False)


def _recorded(params: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in params.items():
        if isinstance(v, (pd.DataFrame, np.ndarray)):
            out[k] = describe_matrix(v)
        elif isinstance(v, (str, int, float, bool, type(None))):
            out[k] = v
        else:
            out[k] = repr(v)
    return out
