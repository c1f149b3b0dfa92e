"""What the source readers share: the result type, schema checks, warnings."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import ClusternetError, ClusternetWarning, ColumnError

__all__ = ["SourceTables"]


class SourceTables(NamedTuple):
    """The three tables a source reader returns; unpacks as a tuple.

    ``affiliations`` has one row per participation with the columns
    ``actor`` and ``event`` (the default names of
    :func:`~clusternet.from_affiliations`), ``year`` and ``date``;
    ``actors`` is indexed by actor id and ``events`` by event id, ready for
    its ``actors=`` and ``events=``.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet.sources import SourceTables
    >>> t = SourceTables(pd.DataFrame({"actor": ["a"], "event": [1]}),
    ...                  pd.DataFrame(index=pd.Index(["a"], name="actor")),
    ...                  pd.DataFrame(index=pd.Index([1], name="event")))
    >>> aff, actors, events = t
    >>> list(aff.columns), t.actors.index.name
    (['actor', 'event'], 'actor')
    """

    affiliations: pd.DataFrame
    actors: pd.DataFrame
    events: pd.DataFrame


def as_paths(value: object, param: str) -> list[Path]:
    """One path or an iterable of paths, as a list of Paths."""
    if isinstance(value, (str, os.PathLike)):
        return [Path(value)]
    if isinstance(value, Iterable):
        out = []
        for v in value:
            if not isinstance(v, (str, os.PathLike)):
                raise ClusternetError(
                    f"{param} must be a path or a list of paths, got an item {v!r}"
                )
            out.append(Path(v))
        if not out:
            raise ClusternetError(f"{param} is an empty list: give at least one path")
        return out
    raise ClusternetError(f"{param} must be a path or a list of paths, got {type(value).__name__}")


def require(columns: Iterable[str], needed: Iterable[str], where: str, schema: str) -> None:
    """A one-line ColumnError naming the file and the first missing column."""
    have = list(columns)
    for col in needed:
        if col not in have:
            shown = ", ".join(map(repr, have[:10])) + (", ..." if len(have) > 10 else "")
            raise ColumnError(
                f"{where} has no column {col!r}: it is not a {schema} file "
                f"(its columns are: {shown or 'none'})"
            )


def warn_undated(n: int, of: int, what: str, why: str) -> None:
    """Count undated rows in a ClusternetWarning (they are kept)."""
    if n:
        warnings.warn(
            f"{n} of {of} {what} have no date ({why}); they are kept with a missing "
            "year and date: pass missing_time='drop' or 'keep' to from_affiliations "
            "(or drop them first)",
            ClusternetWarning,
            stacklevel=3,
        )


def warn_left_out(n: int, of: int, what: str, why: str) -> None:
    if n:
        warnings.warn(
            f"{n} of {of} {what} were left out: {why}",
            ClusternetWarning,
            stacklevel=3,
        )


def to_number(values: pd.Series) -> pd.Series:
    """Numbers written with a decimal point or a decimal comma ("1234,5");
    blanks and text that is no number become NaN."""
    text = values.astype("str").str.strip().str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype(np.float64)


def to_bool(values: pd.Series) -> pd.Series:
    """``true``/``false`` (any case; also 1/0, yes/no) as a nullable boolean."""
    text = values.astype("str").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[text.isin(["true", "1", "yes", "y", "t"]).to_numpy()] = True
    out[text.isin(["false", "0", "no", "n", "f"]).to_numpy()] = False
    return out


def to_date(values: pd.Series) -> pd.Series:
    """ISO dates (``2021-01-31``, a time part allowed); ``31/01/2021`` also
    read. Anything else is NaT."""
    text = values.astype("str").str.strip()
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    if iso.isna().any():
        dmy = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
        iso = iso.fillna(dmy)
    return iso.astype("datetime64[ns]")


def year_of(dates: pd.Series) -> pd.Series:
    """The year as a float (NaN when undated, so the column stays numeric)."""
    return dates.dt.year.astype(np.float64)
