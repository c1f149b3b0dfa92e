"""Exception types raised by clusternet.

Every error that clusternet raises on bad input is a :class:`ClusternetError`,
itself a :class:`ValueError`, so that ``except ValueError`` keeps working. The
message names the column, row, actor or parameter at fault.
"""

from __future__ import annotations

__all__ = [
    "ClusternetError",
    "ClusternetWarning",
    "ColumnError",
    "DuplicateError",
    "IdError",
    "TooLargeError",
    "UnknownActorError",
    "UnknownAttributeError",
    "WeightError",
]


class ClusternetError(ValueError):
    """Base class of every input error raised by clusternet.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["a", "b"], "event": [1, 1]})
    >>> try:
    ...     cn.from_affiliations(t, projection="cosine")
    ... except cn.ClusternetError as err:
    ...     print(err)
    unknown projection='cosine'; choose one of 'count', 'newman', 'jaccard', 'overlap'
    """


class ColumnError(ClusternetError):
    """A required column is missing, or a table is empty.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"person": ["a", "b"], "event": [1, 1]})
    >>> try:
    ...     cn.from_affiliations(t)
    ... except cn.ColumnError as err:
    ...     print(err)
    the affiliation table has no column 'actor' (parameter actor='actor'); its columns are: 'person', 'event'
    """


class IdError(ClusternetError):
    """Actor or event ids are null, or of mixed types (``1`` and ``"1"``).

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["a", None], "event": [1, 1]})
    >>> try:
    ...     cn.from_affiliations(t)
    ... except cn.IdError as err:
    ...     print(err)
    the affiliation table column 'actor' (parameter actor) has 1 null id(s); the first is in row 1. Drop or fill those rows first.
    """


class WeightError(ClusternetError):
    """Weights are negative, NaN, infinite or not numeric.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "w": [1.0, -2.0]})
    >>> try:
    ...     cn.from_edgelist(t, weight="w")
    ... except cn.WeightError as err:
    ...     print(err)
    the edge list column 'w' (parameter weight) has a negative weight (-2.0) in row 1; 1 row(s) in all
    """


class DuplicateError(ClusternetError):
    """A table repeats a key that must be unique.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["a", "b", "a"], "event": [1, 1, 1]})
    >>> try:
    ...     cn.from_affiliations(t)
    ... except cn.DuplicateError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    the affiliation table repeats (actor, event) = ('a', 1) in row 2 ...
    >>> cn.from_affiliations(t, duplicates="drop").n_ties
    1
    """


class UnknownActorError(ClusternetError, KeyError):
    """Actors named by the caller are not in the graph.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> try:
    ...     g.subgraph(["a", "z"])
    ... except cn.UnknownActorError as err:
    ...     print(err)
    1 actor(s) are not in the graph, e.g. ['z']
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UnknownAttributeError(ColumnError, KeyError):
    """An attribute (a column of the actor or event table) named by the caller
    is not in the graph. Every measure, null model and test raises it.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> try:
    ...     cn.convergence.ei_index(g, "domain")
    ... except cn.UnknownAttributeError as err:
    ...     print(str(err)[:44])
    no actor attribute 'domain' (parameter attri
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class TooLargeError(ClusternetError, MemoryError):
    """The result would exceed a size limit set by the caller.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": range(100), "event": "festival"})
    >>> try:
    ...     cn.from_affiliations(t, max_ties=1000)
    ... except cn.TooLargeError as err:
    ...     print(str(err)[:60])
    the projection can produce up to 4,950 ties (sum over events
    """


class ClusternetWarning(UserWarning):
    """Something was dropped or is undefined; the message says what and how much.

    Examples
    --------
    >>> import warnings, pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"source": ["a", "b"], "target": ["a", "c"]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     g = cn.from_edgelist(t)
    >>> print(caught[0].message)
    1 self-loop(s) dropped from the edge list (e.g. row 0)
    """
