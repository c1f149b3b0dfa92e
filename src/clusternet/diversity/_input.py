"""Coercion and validation of count vectors, count matrices and the
disparity / similarity matrices of the diversity indices."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._kernels import diversity as kern
from .._results import label
from .._validation import is_numeric
from ..errors import ClusternetError

#: Absolute tolerance of the symmetry, diagonal and range checks of a matrix.
TOL = 1e-12


@dataclass(frozen=True)
class Counts:
    """A validated count matrix: ``C`` (units x categories, canonical CSR),
    the category labels (None when the input had none), the unit labels
    (None for a single vector, whose result is a float)."""

    C: sp.csr_array
    categories: pd.Index | None
    units: pd.Index | None

    @property
    def present(self) -> np.ndarray:
        """Positions of the categories with a positive count in some unit."""
        return np.flatnonzero(np.bincount(self.C.indices, minlength=self.C.shape[1]) > 0)


def as_counts(counts: Any, param: str = "counts") -> Counts:
    """Validate ``counts`` (1-D or 2-D, labelled or not) into :class:`Counts`.

    A :class:`Counts` is returned as it is: the level functions build theirs
    from a graph, already valid, and pass it to the index functions.
    """
    if isinstance(counts, Counts):
        return counts
    if isinstance(counts, Mapping) and not isinstance(counts, pd.Series):
        counts = pd.Series(dict(counts)) if counts else pd.Series([], dtype=np.float64)
    if isinstance(counts, pd.DataFrame):
        _check_numeric_frame(counts, param)
        values = counts.to_numpy(dtype=np.float64, na_value=np.nan)
        _check_values(values, counts.index, counts.columns, param)
        return Counts(kern.as_csr_counts(values), counts.columns.copy(), counts.index.copy())
    if isinstance(counts, pd.Series):
        if not is_numeric(counts.dtype):
            counts = _to_numeric_series(counts, param)
        values = counts.to_numpy(dtype=np.float64, na_value=np.nan)[None, :]
        _check_values(values, None, counts.index, param)
        return Counts(kern.as_csr_counts(values), counts.index.copy(), None)
    if sp.issparse(counts):
        if counts.ndim != 2:
            raise ClusternetError(f"{param}: a sparse count matrix must be 2-D")
        X = sp.csr_array(counts)
        if not is_numeric(X.dtype):
            raise ClusternetError(f"{param} must be numeric, got dtype {X.dtype}")
        X = kern.as_csr_counts(X)
        _check_values(X.data, None, None, param, sparse_of=X)
        return Counts(X, None, pd.RangeIndex(X.shape[0]))
    try:
        values = np.asarray(counts, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ClusternetError(
            f"{param} must be numeric counts or proportions (array-like, Series or DataFrame); "
            f"could not read {type(counts).__name__} as numbers: {exc}"
        ) from exc
    if values.ndim == 1:
        _check_values(values[None, :], None, None, param)
        return Counts(kern.as_csr_counts(values[None, :]), None, None)
    if values.ndim == 2:
        _check_values(values, None, None, param)
        return Counts(kern.as_csr_counts(values), None, pd.RangeIndex(values.shape[0]))
    raise ClusternetError(
        f"{param} must be 1-D (one unit) or 2-D (one unit per row), got {values.ndim}-D"
    )


def _to_numeric_series(s: pd.Series, param: str) -> pd.Series:
    if s.dtype == object:
        num = pd.to_numeric(s, errors="coerce")
        bad = num.isna() & s.notna()
        if not bad.any() and (len(s) == 0 or is_numeric(num.dtype)):
            return num
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise ClusternetError(
                f"{param} has a non-numeric value {s.iloc[pos]!r} for category {s.index[pos]!r}"
            )
    raise ClusternetError(f"{param} must hold numbers, got dtype {s.dtype}")


def _check_numeric_frame(df: pd.DataFrame, param: str) -> None:
    bad = [c for c in df.columns if not is_numeric(df[c].dtype)]
    if bad:
        raise ClusternetError(
            f"{param}: every column must hold counts (numbers); column(s) {bad[:5]!r} have "
            f"dtype {df[bad[0]].dtype}. Select the count columns first, e.g. df[[...]]"
        )


def _where(units, categories, r: int, c: int) -> str:
    parts = []
    if units is not None:
        parts.append(f"unit {units[r]!r}")
    elif r:
        parts.append(f"row {r}")
    parts.append(f"category {categories[c]!r}" if categories is not None else f"position {c}")
    return " and ".join(parts)


def _check_values(values: np.ndarray, units, categories, param: str, sparse_of=None) -> None:
    for mask_fn, problem in (
        (np.isnan, "a missing (NaN) count"),
        (np.isinf, "an infinite count"),
        (lambda v: v < 0, "a negative count"),
    ):
        with np.errstate(invalid="ignore"):
            mask = mask_fn(values)
        if mask.any():
            if sparse_of is not None:
                i = int(np.flatnonzero(mask)[0])
                r = int(np.searchsorted(sparse_of.indptr, i, side="right") - 1)
                c, val = int(sparse_of.indices[i]), values[i]
            else:
                r, c = (int(x) for x in np.argwhere(mask)[0])
                val = values[r, c]
            raise ClusternetError(
                f"{param} has {problem} ({val!r}) at {_where(units, categories, r, c)}; "
                f"{int(mask.sum())} in all. Counts and proportions must be finite and >= 0"
            )


# The checkers of the indices' options, declared in their ``checks=`` (one per
# option name) and so run by every path to an index: the index function
# itself and the ``measure=`` option of the level functions.
def _real(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def check_order(q: Any, param: str = "q") -> float:
    """A diversity order: a real number >= 0, or ``numpy.inf``."""
    if not _real(q) or np.isnan(q) or q < 0:
        raise ClusternetError(f"{param} must be a number >= 0 (or numpy.inf), got {q!r}")
    return float(q)


def check_exponent(x: Any, param: str) -> float:
    """An exponent of Rao-Stirling (``alpha``, ``beta``): a finite number >= 0."""
    if not _real(x) or not np.isfinite(x) or x < 0:
        raise ClusternetError(f"{param} must be a finite number >= 0, got {x!r}")
    return float(x)


def check_base(base: Any, param: str = "base") -> float | None:
    """The base of a logarithm: None (natural log) or a finite number > 0 other than 1."""
    if base is None:
        return None
    if not _real(base) or not np.isfinite(base) or base <= 0 or base == 1:
        raise ClusternetError(
            f"{param} must be a number > 0 other than 1 (or None for the natural log), "
            f"got {base!r}"
        )
    return float(base)


def aligned_matrix(matrix: Any, counts: Counts, kind: str, param: str) -> np.ndarray:
    """Validate a disparity (``kind="disparity"``) or similarity matrix and
    return it as a dense k x k array in the order of ``counts``' categories.

    A DataFrame is matched to the categories by label (index and columns must
    hold the same labels); a plain 2-D array is taken in the order of the
    categories (columns) of ``counts``.
    """
    k = counts.C.shape[1]
    cats = counts.categories
    if isinstance(matrix, pd.DataFrame):
        M, labels = _frame_matrix(matrix, param)
        _check_matrix(M, labels, kind, param)
        if cats is None:
            raise ClusternetError(
                f"{param} is labelled by category but the counts are not; pass the counts as a "
                "pandas Series or DataFrame whose labels (columns) are the categories, or "
                f"{param} as a plain array in the order of the counts"
            )
        present = cats[counts.present]
        missing = present[~present.isin(labels)]
        if len(missing):
            raise ClusternetError(
                f"{param} does not cover {len(missing)} "
                f"categor{'y' if len(missing) == 1 else 'ies'} "
                f"present in the counts: {list(missing[:10])!r}"
                f"{' ...' if len(missing) > 10 else ''}; its labels are {list(labels[:10])!r}"
                f"{' ...' if len(labels) > 10 else ''}"
            )
        pos = labels.get_indexer(cats)
        out = np.zeros((k, k)) if kind == "disparity" else np.eye(k)
        have = np.flatnonzero(pos >= 0)
        out[np.ix_(have, have)] = M[np.ix_(pos[have], pos[have])]
        labels_used = cats
    else:
        if isinstance(matrix, (pd.Series, Mapping)):
            raise ClusternetError(
                f"{param} must be a square DataFrame labelled by category or a 2-D array, "
                f"got {type(matrix).__name__}"
            )
        try:
            M = np.array(matrix, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ClusternetError(f"{param} must be a numeric k x k matrix: {exc}") from exc
        if M.ndim != 2 or M.shape != (k, k):
            raise ClusternetError(
                f"{param} must be a square matrix with one row and column per category of the "
                f"counts ({k} x {k}), got shape {M.shape}"
            )
        labels_used = cats if cats is not None else pd.RangeIndex(k)
        _check_matrix(M, labels_used, kind, param)
        out = M
    present = counts.present
    sub = out[np.ix_(present, present)]
    if np.isnan(sub).any():
        r, c = np.argwhere(np.isnan(sub))[0]
        a, b = labels_used[present[r]], labels_used[present[c]]
        raise ClusternetError(
            f"{param} is undefined (NaN) between categories {a!r} and {b!r}, which are both "
            f"present in the counts; fill it (e.g. {param}.fillna("
            f"{1 if kind == 'disparity' else 0})) or leave those categories out"
        )
    return np.nan_to_num(out, nan=1.0 if kind == "disparity" else 0.0)


def _frame_matrix(df: pd.DataFrame, param: str) -> tuple[np.ndarray, pd.Index]:
    idx, cols = df.index, df.columns
    if not idx.is_unique or not cols.is_unique:
        raise ClusternetError(f"{param} repeats a category label in its index or columns")
    if len(idx) != len(cols) or not idx.isin(cols).all():
        extra = list(idx.difference(cols)[:5]) + list(cols.difference(idx)[:5])
        raise ClusternetError(
            f"{param} must be square with the same category labels on its index and its "
            f"columns; labels on one side only: {extra!r}"
        )
    bad = [c for c in cols if not is_numeric(df[c].dtype)]
    if bad:
        raise ClusternetError(f"{param} must be numeric; column(s) {bad[:5]!r} are not")
    # positions, not .loc: a boolean label list ([False, True]) would be read as a mask
    M = df.to_numpy(dtype=np.float64, na_value=np.nan)[:, cols.get_indexer(idx)]
    return M, idx


def _check_matrix(M: np.ndarray, labels: pd.Index, kind: str, param: str) -> None:
    finite = ~np.isnan(M)
    if np.isinf(M).any():
        r, c = np.argwhere(np.isinf(M))[0]
        raise ClusternetError(f"{param} is infinite at ({labels[r]!r}, {labels[c]!r})")
    out = finite & ((M < -TOL) | (M > 1 + TOL))
    if out.any():
        r, c = np.argwhere(out)[0]
        raise ClusternetError(
            f"{param} must lie in [0, 1]; it is {M[r, c]!r} at ({labels[r]!r}, {labels[c]!r})"
        )
    diag = np.diag(M)
    want = 0.0 if kind == "disparity" else 1.0
    bad = np.flatnonzero(~(np.abs(diag - want) <= TOL))
    if len(bad):
        i = bad[0]
        what = "zero (a category is at no distance from itself)" if kind == "disparity" else (
            "one (a category is fully similar to itself)")
        raise ClusternetError(
            f"{param} must have a diagonal of {what}; it is {diag[i]!r} for category "
            f"{labels[i]!r}"
        )
    if kind == "disparity":
        both = finite & finite.T
        asym = both & (np.abs(M - M.T) > TOL)
        if (finite != finite.T).any() or asym.any():
            r, c = np.argwhere(asym | (finite != finite.T))[0]
            raise ClusternetError(
                f"{param} must be symmetric; d[{labels[r]!r}, {labels[c]!r}] = {M[r, c]!r} but "
                f"d[{labels[c]!r}, {labels[r]!r}] = {M[c, r]!r}"
            )


def wrap(values: np.ndarray, counts: Counts, measure: str, params: dict[str, Any]):
    """A float for a single vector, else a labelled Series indexed by unit."""
    if counts.units is None:
        return float(values[0])
    s = pd.Series(values, index=counts.units, name=measure)
    return label(s, f"diversity.{measure}", params)


def describe_matrix(matrix: Any) -> str:
    """A short, JSON-friendly description of a matrix for ``attrs`` provenance."""
    if isinstance(matrix, str):
        return matrix
    shape = getattr(matrix, "shape", None)
    kind = "DataFrame" if isinstance(matrix, pd.DataFrame) else "array"
    return f"{kind} {shape[0]}x{shape[1]}" if shape is not None and len(shape) == 2 else kind
