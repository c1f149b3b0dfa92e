"""Turn a level function's ``measure`` (a name or a callable) into a
computation on a :class:`Counts` matrix."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ClusternetError
from ._indices import KERNELS, PUBLIC
from ._input import Counts, describe_matrix


@dataclass(frozen=True)
class Measure:
    name: str
    compute: Callable[[Counts], np.ndarray]
    params: dict[str, Any]


def resolve(measure: Any, params: dict[str, Any]) -> Measure:
    """A :class:`Measure` from a name, one of this package's index functions
    (or a ``functools.partial`` of one, keywords only), or any callable."""
    params = dict(params)
    name = None
    if isinstance(measure, str):
        if measure not in KERNELS:
            raise ClusternetError(
                f"unknown measure={measure!r}; choose one of {', '.join(map(repr, KERNELS))} "
                "or pass a callable on counts"
            )
        name = measure
    elif _public_name(measure) is not None:
        name = _public_name(measure)
    elif (
        isinstance(measure, functools.partial)
        and _public_name(measure.func) is not None
        and not measure.args
    ):
        name = _public_name(measure.func)
        params = {**measure.keywords, **params}
    elif callable(measure):
        return _generic(measure, params)
    else:
        raise ClusternetError(
            f"measure must be the name of an index or a callable, got {type(measure).__name__}"
        )
    fn, required, optional = KERNELS[name]
    missing = [p for p in required if p not in params]
    if missing:
        raise ClusternetError(
            f"measure={name!r} needs {', '.join(f'{p}=' for p in missing)}; e.g. "
            + ("measure='hill', q=2" if name == "hill" else f"measure={name!r}, "
               + ", ".join(f"{p}=..." for p in missing))
        )
    extra = [p for p in params if p not in required and p not in optional]
    if extra:
        allowed = ", ".join(required + optional) or "none"
        raise ClusternetError(
            f"measure={name!r} takes no parameter {', '.join(map(repr, extra))}; "
            f"its parameters: {allowed}"
        )
    return Measure(name, lambda c: fn(c, **params), _recorded(params))


def _public_name(fn: Any) -> str | None:
    try:
        return PUBLIC.get(fn)
    except TypeError:  # unhashable
        return None


def _generic(fn: Callable, params: dict[str, Any]) -> Measure:
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

    return Measure(name, compute, _recorded(params))


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
