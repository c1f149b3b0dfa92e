"""Exception types raised by clusternet.

Every error that clusternet raises on bad input is a :class:`ClusternetError`,
itself a :class:`ValueError`, so that ``except ValueError`` keeps working. The
message names the column, row, actor or parameter at fault.
"""

from __future__ import annotations

__all__ = [
    "ClusternetError",
    "ColumnError",
    "IdError",
    "WeightError",
    "DuplicateError",
    "UnknownActorError",
    "TooLargeError",
    "ClusternetWarning",
]


class ClusternetError(ValueError):
    """Base class of every input error raised by clusternet."""


class ColumnError(ClusternetError):
    """A required column is missing, or a table is empty."""


class IdError(ClusternetError):
    """Actor or event ids are null, or of mixed types (``1`` and ``"1"``)."""


class WeightError(ClusternetError):
    """Weights are negative, NaN, infinite or not numeric."""


class DuplicateError(ClusternetError):
    """A table repeats a key that must be unique."""


class UnknownActorError(ClusternetError, KeyError):
    """Actors named by the caller are not in the graph."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class TooLargeError(ClusternetError, MemoryError):
    """The result would exceed a size limit set by the caller."""


class ClusternetWarning(UserWarning):
    """Something was dropped or is undefined; the message says what and how much."""
