"""Reading collaboration tables from files."""

from __future__ import annotations

import os
from collections.abc import Iterable
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
_LABEL = {"csv": "CSV", "tsv": "tab-separated text", "parquet": "Parquet", "excel": "Excel"}

#: The id columns :func:`read_table` reads as text by default: the builders'
#: default column names.
ID_COLUMNS = ("actor", "event", "source", "target")

#: How many bytes of a text file are looked at for NUL bytes (binary files).
_SNIFF = 1 << 16


def read_table(
    path: str | os.PathLike, *, ids: Iterable[str] | None = ID_COLUMNS, **kwargs: Any
) -> pd.DataFrame:
    """Read a table by its file extension: ``.csv``, ``.tsv`` (also ``.tab``,
    ``.txt``, tab-separated), ``.parquet``, ``.xlsx``; csv and tsv may be
    compressed (``.csv.gz`` ...).

    Id columns are read as text, exactly as written: ``007`` stays ``007``
    and ``1e3`` and ``1000`` stay two ids (a number parser would make ``7``
    of the first and ``1000.0`` of both). The other columns are parsed as
    pandas does (numbers, text).

    Parameters
    ----------
    path : str or path-like
    ids : iterable of str or None, default ``("actor", "event", "source", "target")``
        The columns read as text (those absent from the file are ignored):
        by default the builders' default id columns; name yours when they
        are called otherwise (``ids=["author", "paper"]``). ``ids=None``
        (or ``()``) parses every column as pandas does, so that ids that
        look like numbers become numbers. Parquet files keep the types
        stored in them either way; in Excel files a number cell read as an
        id becomes its text (``7`` -> ``"7"``).
    **kwargs
        Passed to the pandas reader (``pandas.read_csv``, ``read_parquet``,
        ``read_excel``); a ``dtype`` mapping given here wins over ``ids``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ClusternetError
        Naming the file: it does not exist, its extension is not one of the
        above, it is empty (no bytes, or a header without rows), it is
        binary where text is expected, it is not a Parquet or Excel file
        though named so, or a row has more fields than the header.
    ImportError
        Parquet or Excel without the ``io`` extra (``pip install "clusternet[io]"``).

    Examples
    --------
    >>> import pandas as pd, clusternet as cn, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "teams.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("actor,event,share\\n007,1,0.5\\n7,1,0.5\\n")
    >>> t = cn.read_table(path)
    >>> t["actor"].tolist(), t["event"].tolist(), t["share"].tolist()
    (['007', '7'], ['1', '1'], [0.5, 0.5])
    >>> cn.read_table(path, ids=None)["actor"].tolist()
    [7, 7]
    """
    p = Path(path)
    if p.is_dir():
        raise ClusternetError(f"{str(p)!r} is a folder, not a table file")
    if not p.is_file():
        raise ClusternetError(f"no such file: {str(p)!r}")
    suffixes = [s.lower() for s in p.suffixes]
    compressed = bool(suffixes) and suffixes[-1] in _COMPRESSION
    if compressed:
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    kind = _READERS.get(ext)
    if kind is None:
        raise ClusternetError(
            f"cannot tell the format of {p.name!r} from its extension {ext!r}; use one of "
            f"{', '.join(sorted(_READERS))} or read it with pandas and pass the DataFrame"
        )
    id_cols = _id_columns(ids)
    what = f"{str(p)!r} as {_LABEL[kind]}"
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ClusternetError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from exc
    if size == 0:
        raise ClusternetError(f"cannot read {what}: the file is empty (0 bytes)")
    if kind in ("csv", "tsv"):
        if not compressed and "encoding" not in kwargs:
            _refuse_binary(p, what)
        if kind == "tsv":
            kwargs.setdefault("sep", "\t")
        _with_id_dtype(kwargs, id_cols)
        table = _guarded(pd.read_csv, p, kwargs, what)
    elif kind == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise _missing("pyarrow", "Parquet") from exc
        table = _guarded(pd.read_parquet, p, kwargs, what)
    else:
        try:
            import openpyxl  # noqa: F401
        except ImportError as exc:
            raise _missing("openpyxl", "Excel") from exc
        _with_id_dtype(kwargs, id_cols)
        table = _guarded(pd.read_excel, p, kwargs, what)
    if isinstance(table, pd.DataFrame) and table.shape[1] == 0:
        raise ClusternetError(f"cannot read {what}: it holds no columns")
    if isinstance(table, pd.DataFrame) and len(table) == 0:
        raise ClusternetError(
            f"cannot read {what}: it holds no rows (only a header: "
            f"{', '.join(map(repr, list(table.columns)[:12]))})"
        )
    return table


def _id_columns(ids: Iterable[str] | None) -> tuple[str, ...]:
    if ids is None:
        return ()
    if isinstance(ids, str):
        return (ids,)
    try:
        cols = tuple(ids)
    except TypeError:
        raise ClusternetError(
            f"ids must be column names (a list of str) or None, got {type(ids).__name__}"
        ) from None
    bad = [c for c in cols if not isinstance(c, str)]
    if bad:
        raise ClusternetError(
            f"ids must be column names (str), got {bad[0]!r}; pass e.g. ids=['actor', 'event'], "
            "or ids=None to parse every column as pandas does"
        )
    return cols


def _with_id_dtype(kwargs: dict[str, Any], id_cols: tuple[str, ...]) -> None:
    """Read the id columns as text, unless ``kwargs`` already sets their dtype."""
    if not id_cols:
        return
    dtype = kwargs.get("dtype")
    if dtype is None:
        kwargs["dtype"] = {c: str for c in id_cols}
    elif isinstance(dtype, dict):
        kwargs["dtype"] = {**{c: str for c in id_cols}, **dtype}
    # any other dtype (one for all columns) is the caller's choice


def _refuse_binary(p: Path, what: str) -> None:
    try:
        with open(p, "rb") as f:
            head = f.read(_SNIFF)
    except OSError as exc:
        raise ClusternetError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from exc
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ClusternetError(
            f"cannot read {what}: it is text in UTF-16; pass encoding='utf-16'"
        )
    if b"\x00" in head:
        raise ClusternetError(
            f"cannot read {what}: it is a binary file (it holds NUL bytes), not text; "
            "check the file, or pass encoding= if it is text in an unusual encoding"
        )


def _guarded(reader: Any, p: Path, kwargs: dict[str, Any], what: str) -> Any:
    """Call a pandas reader; whatever the file makes it raise becomes a
    ClusternetError naming the file (import errors and interrupts pass)."""
    try:
        return reader(p, **kwargs)
    except (ImportError, MemoryError, ClusternetError):
        raise
    except pd.errors.EmptyDataError as exc:
        raise ClusternetError(f"cannot read {what}: the file holds no table ({exc})") from exc
    except pd.errors.ParserError as exc:
        raise ClusternetError(
            f"cannot read {what}: a row does not fit the header ({_one_line(exc)}); "
            "check the separator and the quoting"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ClusternetError(
            f"cannot read {what}: it is not UTF-8 text ({_one_line(exc)}); if it is text in "
            "another encoding, pass encoding= (e.g. encoding='latin-1')"
        ) from exc
    except OSError as exc:
        raise ClusternetError(
            f"cannot read {what}: {exc.strerror or _one_line(exc)}"
        ) from exc
    except Exception as exc:  # pyarrow, zipfile, openpyxl, xlrd raise their own
        raise ClusternetError(
            f"cannot read {what}: {type(exc).__name__}: {_one_line(exc)}; the file is "
            f"damaged or not in {what.rsplit(' as ', 1)[1]} format"
        ) from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("..." if len(text) > 300 else "")


def _missing(module: str, what: str) -> ImportError:
    return ImportError(f"reading {what} files needs {module}: pip install 'clusternet[io]'")
