"""Reading collaboration tables from files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import ClusternetError

__all__ = ["read_table"]

_READERS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "excel",
    ".xls": "excel",
}
_COMPRESSION = {".gz", ".bz2", ".zip", ".xz", ".zst"}


def read_table(path: str | os.PathLike, **kwargs: Any) -> pd.DataFrame:
    """Read a table by its file extension: ``.csv``, ``.tsv`` (also ``.tab``,
    ``.txt``, tab-separated), ``.parquet``, ``.xlsx``; csv and tsv may be
    compressed (``.csv.gz`` ...).

    Parameters
    ----------
    path : str or path-like
    **kwargs
        Passed to the pandas reader (``pandas.read_csv``, ``read_parquet``,
        ``read_excel``).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ClusternetError
        The file does not exist or its extension is not one of the above.
    ImportError
        Parquet or Excel without the ``io`` extra (``pip install "clusternet[io]"``).

    Examples
    --------
    >>> import pandas as pd, clusternet as cn, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "teams.csv")
    >>> pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]}).to_csv(path, index=False)
    >>> cn.read_table(path).shape
    (2, 2)
    """
    p = Path(path)
    if not p.is_file():
        raise ClusternetError(f"no such file: {str(p)!r}")
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes and suffixes[-1] in _COMPRESSION:
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    kind = _READERS.get(ext)
    if kind is None:
        raise ClusternetError(
            f"cannot tell the format of {p.name!r} from its extension {ext!r}; use one of "
            f"{', '.join(sorted(_READERS))} or read it with pandas and pass the DataFrame"
        )
    if kind == "csv":
        return pd.read_csv(p, **kwargs)
    if kind == "tsv":
        kwargs.setdefault("sep", "\t")
        return pd.read_csv(p, **kwargs)
    if kind == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise _missing("pyarrow", "Parquet") from exc
        return pd.read_parquet(p, **kwargs)
    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:
        raise _missing("openpyxl", "Excel") from exc
    return pd.read_excel(p, **kwargs)


def _missing(module: str, what: str) -> ImportError:
    return ImportError(f"reading {what} files needs {module}: pip install 'clusternet[io]'")
