"""Readers of the files researchers download: CORDIS, OpenAlex, PatentsView.

Each reader returns :class:`SourceTables` ``(affiliations, actors, events)``:
an affiliation table with the columns ``actor``, ``event``, ``year`` and
``date`` (plus the source's participation columns), an actor table indexed by
``actor`` and an event table indexed by ``event``, ready for
:func:`~clusternet.from_affiliations`::

    aff, actors, events = cn.sources.read_cordis("cordis-HORIZONprojects-csv.zip")
    g = cn.from_affiliations(aff, time="year", actors=actors, events=events,
                             duplicates="drop")

Rows without a date are kept, with a missing ``year`` and ``date``, and
counted in a :class:`~clusternet.ClusternetWarning`: pass ``missing_time=``
to the builder when your data has them. A file that is not of the source's
schema raises a :class:`~clusternet.ClusternetError` naming the file and the
missing column before anything is read in full.
"""

from __future__ import annotations

from ._common import SourceTables
from ._cordis import ACTIVITY_TYPES, read_cordis
from ._openalex import read_openalex
from ._patentsview import ASSIGNEE_TYPES, read_patentsview

__all__ = [
    "SourceTables",
    "ACTIVITY_TYPES",
    "ASSIGNEE_TYPES",
    "read_cordis",
    "read_openalex",
    "read_patentsview",
]
