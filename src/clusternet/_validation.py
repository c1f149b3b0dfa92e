"""Input checks shared by the builders and the metric functions.

Each check runs before any work is done and raises a
:class:`~clusternet.errors.ClusternetError` subclass whose message names the
column, the first offending row (by its index label) and the parameter.
Nothing here modifies its input.
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .errors import ClusternetError, ColumnError, IdError, WeightError

__all__ = [
    "as_rng",
    "check_bool",
    "check_missing",
    "is_numeric",
    "seed_sequence",
    "stderr_is_terminal",
    "check_choice",
    "check_ids",
    "check_nonempty",
    "check_weights",
    "id_kind",
    "require_columns",
    "show",
]


def require_columns(table: pd.DataFrame, columns: Mapping[str, object], what: str) -> None:
    """Raise if a column named by a parameter is absent from ``table``.

    ``columns`` maps parameter name -> column name (``None`` = not used).
    """
    if not isinstance(table, pd.DataFrame):
        raise ClusternetError(
            f"{what} must be a pandas DataFrame or a path to a table, got {type(table).__name__}"
        )
    for param, col in columns.items():
        if col is None:
            continue
        if col not in table.columns:
            have = ", ".join(map(repr, list(table.columns)[:12]))
            raise ColumnError(
                f"{what} has no column {col!r} (parameter {param}={col!r}); "
                f"its columns are: {have}"
            )


def check_nonempty(table: pd.DataFrame, what: str) -> None:
    if len(table) == 0:
        raise ColumnError(f"{what} is empty: it has no rows")


def show(value: object) -> str:
    """repr of a value with numpy scalars unwrapped (``1``, not ``np.int64(1)``)."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def _first_label(values: pd.Series, mask: np.ndarray) -> tuple[str, str]:
    pos = int(np.flatnonzero(mask)[0])
    return show(values.index[pos]), show(values.iloc[pos])


def id_kind(value: object) -> str:
    """The kind of an id value: 'str', 'int', 'float', 'bool' or the type name."""
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, str):
        return "str"
    if isinstance(value, numbers.Integral):
        return "int"
    if isinstance(value, numbers.Real):
        return "int" if float(value).is_integer() else "float"
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return "datetime"
    return type(value).__name__


def _kinds(values: pd.Series) -> dict[str, object]:
    """Map each kind of id present to its first value (object columns only)."""
    if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
        if pd.api.types.is_bool_dtype(values.dtype):
            return {"bool": values.iloc[0]} if len(values) else {}
        if pd.api.types.is_integer_dtype(values.dtype):
            return {"int": values.iloc[0]} if len(values) else {}
        if pd.api.types.is_float_dtype(values.dtype):
            return {"int": values.iloc[0]} if len(values) else {}
        if pd.api.types.is_string_dtype(values.dtype):
            return {"str": values.iloc[0]} if len(values) else {}
        return {str(values.dtype): values.iloc[0]} if len(values) else {}
    if not len(values):
        return {}
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    single = {"string": "str", "integer": "int", "boolean": "bool", "datetime": "datetime",
              "datetime64": "datetime", "bytes": "bytes"}
    if inferred in single:  # one kind (checked in C): no Python loop over the ids
        first = values.iloc[0]
        return {single[inferred]: first}
    uniq = pd.unique(values.to_numpy(dtype=object))
    out: dict[str, object] = {}
    for v in uniq:
        out.setdefault(id_kind(v), v)
    return out


def check_ids(values: pd.Series, column: str, what: str, param: str) -> None:
    """Reject null ids and ids of mixed types (``1`` beside ``"1"``)."""
    null = values.isna().to_numpy()
    if null.any():
        label, _ = _first_label(values, null)
        raise IdError(
            f"{what} column {column!r} (parameter {param}) has {int(null.sum())} null id(s); "
            f"the first is in row {label}. Drop or fill those rows first."
        )
    kinds = _kinds(values)
    if len(kinds) > 1:
        shown = ", ".join(f"{k} ({show(v)})" for k, v in kinds.items())
        raise IdError(
            f"{what} column {column!r} (parameter {param}) mixes id types: {shown}. "
            "Ids such as 1 and '1' would be different actors; convert the column to one "
            "type first, e.g. table[col].astype(str)."
        )


def check_same_kind(a: pd.Series | pd.Index, b: pd.Series | pd.Index, what_a: str, what_b: str) -> None:
    """Reject two id collections of different kinds (ints in one, strings in the other)."""
    ka = set(_kinds(pd.Series(a, copy=False)))
    kb = set(_kinds(pd.Series(b, copy=False)))
    if ka and kb and ka != kb:
        raise IdError(
            f"actor ids are {'/'.join(sorted(ka))} in {what_a} but {'/'.join(sorted(kb))} in "
            f"{what_b}; they would never match. Convert both to one type first."
        )


def check_weights(values: pd.Series, column: str, what: str, param: str = "weight") -> np.ndarray:
    """Return the weights as float64, or raise naming the first bad row."""
    if pd.api.types.is_bool_dtype(values.dtype) or not (
        pd.api.types.is_numeric_dtype(values.dtype)
        or pd.api.types.is_string_dtype(values.dtype)
        or values.dtype == object
    ):
        raise WeightError(
            f"{what} column {column!r} (parameter {param}) is not numeric (dtype {values.dtype})"
        )
    if values.dtype == object:
        _check_float_range(values, column, what, param)
    if not pd.api.types.is_numeric_dtype(values.dtype):
        num = pd.to_numeric(values, errors="coerce")
        bad = (num.isna() & values.notna()).to_numpy()
        if bad.any():
            label, val = _first_label(values, bad)
            raise WeightError(
                f"{what} column {column!r} (parameter {param}) has a non-numeric weight "
                f"{val} in row {label}"
            )
        values = num
    arr = values.to_numpy(dtype=np.float64, na_value=np.nan)
    for mask, problem in (
        (np.isnan(arr), "a missing (NaN) weight"),
        (np.isinf(arr), "an infinite weight"),
        (arr < 0, "a negative weight"),
    ):
        if mask.any():
            label, val = _first_label(values, mask)
            raise WeightError(
                f"{what} column {column!r} (parameter {param}) has {problem} ({val}) in row "
                f"{label}; {int(mask.sum())} row(s) in all"
            )
    return arr


def _check_float_range(values: pd.Series, column: str, what: str, param: str) -> None:
    """Refuse Python ints too large for a float (they would raise OverflowError
    or become ``inf``), naming the first row."""
    try:
        pd.to_numeric(values, errors="coerce")
        return
    except OverflowError:
        pass
    for pos, v in enumerate(values.tolist()):
        if isinstance(v, numbers.Integral) and not isinstance(v, bool):
            try:
                float(v)
            except OverflowError:
                raise WeightError(
                    f"{what} column {column!r} (parameter {param}) has a weight too large for "
                    f"a float (beyond {np.finfo(np.float64).max:.3g}) in row "
                    f"{show(values.index[pos])}; rescale the weights first"
                ) from None


def check_choice(value: object, options: Iterable[object], param: str) -> None:
    options = tuple(options)
    if value not in options:
        raise ClusternetError(
            f"unknown {param}={value!r}; choose one of {', '.join(map(repr, options))}"
        )


def check_bool(value: object, param: str) -> bool:
    """``value`` as a bool, or raise naming ``param`` (``0``/``1`` are refused)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ClusternetError(f"{param} must be True or False, got {show(value)}")
    return bool(value)


#: The values of ``missing=``: what a group measure does with actors that
#: have no value of the attribute.
MISSING = ("error", "drop", "own-group")


def check_missing(value: object, param: str = "missing") -> str:
    """``missing=``: one of :data:`MISSING`."""
    check_choice(value, MISSING, param)
    return str(value)


def is_numeric(values: pd.Series | pd.Index | np.dtype | object) -> bool:
    """The one rule for "is this attribute numeric?": a numeric dtype that is
    neither boolean nor categorical. Numeric attributes are read as numbers
    (numeric assortativity); all others as categories (groups)."""
    dtype = getattr(values, "dtype", values)
    return (
        pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_bool_dtype(dtype)
        and not isinstance(dtype, pd.CategoricalDtype)
    )


def seed_sequence(rng: object, param: str = "rng") -> tuple[np.random.SeedSequence, int]:
    """The one seed parser: ``rng`` as a root ``SeedSequence`` and the int seed
    that reproduces it.

    ``None`` draws fresh entropy; an int ``>= 0`` is the seed; a
    ``numpy.random.Generator`` is advanced by one draw that becomes the seed;
    a root ``SeedSequence`` is used as it is. ``True``/``False``, negative
    ints, floats and anything else raise a :class:`ClusternetError`.
    """
    if isinstance(rng, np.random.Generator):
        seed = int(rng.integers(0, 2**63))
        return np.random.SeedSequence(seed), seed
    if isinstance(rng, np.random.SeedSequence) and not rng.spawn_key:
        return rng, int(rng.entropy)
    if rng is None:
        root = np.random.SeedSequence()
        return root, int(root.entropy)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)) and rng >= 0:
        return np.random.SeedSequence(int(rng)), int(rng)
    raise ClusternetError(
        f"{param} must be None, an int seed >= 0 or a numpy.random.Generator, got {show(rng)}; "
        f"pass e.g. {param}=42 to make the result reproducible"
    )


def as_rng(rng: object, param: str = "rng") -> np.random.Generator:
    """``rng`` as a Generator, through :func:`seed_sequence` (a Generator is
    used as it is). An int seed gives ``numpy.random.default_rng(seed)``."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(seed_sequence(rng, param)[0])


def stderr_is_terminal() -> bool:
    """Whether progress bars should show by default."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


#: The values of ``zero_weights=`` in :func:`from_edgelist` (and the conversions).
ZERO_WEIGHTS = ("error", "drop")


def check_zero_weights(value: object) -> None:
    """Refuse a ``zero_weights=`` other than "error" or "drop", saying why
    "keep" is not offered (the one check of the builders' and conversions'
    option)."""
    if isinstance(value, str) and value == "keep":
        raise ClusternetError(
            "zero_weights='keep' is not offered: a CollaborationGraph holds its ties as the "
            "non-zero entries of its adjacency (n_ties, degree and every kernel read them so), "
            "so a tie of weight 0 would count in some measures and vanish in others. Pass "
            "zero_weights='error' (the default) or 'drop', or weight=None to read every row as "
            "a tie of weight 1"
        )
    check_choice(value, ZERO_WEIGHTS, "zero_weights")
