"""Time windows over collaboration records, and any measure followed over them.

Works on graphs whose events (affiliation graphs) or tie records (edge lists
built with ``time=``) carry a time. Each window's graph is built exactly from
the events (or tie records) with ``start <= time < end``, by
:meth:`~clusternet.CollaborationGraph.window`: same projection, only the
actors active in the window.

Periods
-------
Window ``k`` starts at ``s_k = s_0 + k * step`` and covers ``[s_k, s_k +
size)``; cumulative windows cover ``[s_0, s_k + size)``. ``step`` defaults
to ``size``: consecutive windows that do not overlap (pass a smaller
``step`` for sliding windows). Windows are made while ``s_k`` is not after
the last time (or before ``end``), so every record falls in some window
when ``step <= size``. **The period label is the window start** ``s_k`` --
also for cumulative windows, where it is the start of the newest slice.
Each window says what it holds: its ``start``, ``end`` and whether it is
``complete`` (within the data's time range: the last window of a run of
decades that ends in 1989 covers one year of ten and is not complete);
keep incomplete windows out of trends with ``table[table["complete"]]``.

- Numeric times (years, or any number): ``size`` and ``step`` are in the
  same unit; ``s_0`` is ``start`` or the earliest time.
- Datetimes: an integer ``size`` / ``step`` counts calendar years
  (``pandas.DateOffset(years=n)``) and ``s_0`` defaults to the 1st of January
  of the earliest year; otherwise give a ``pandas.DateOffset``, a
  ``pandas.Timedelta`` or a string such as ``"90D"``, and ``s_0`` defaults to
  the earliest time. Bounds (``start``, ``end``, ``origin``) are read in the
  type of the times: an int year is its 1st of January.
- Calendar anchors: ``origin=1930`` puts window starts on 1930 + k * step
  (decades 1920-1929, 1930-1939, ...); ``origin="2020-01-01"`` with
  ``size="90D"`` gives 90-day windows from that date.
- Records without a time (``missing_time="keep"`` in the builders) count in
  the whole network and in no window.
"""

from ._assembly import team_assembly
from ._formation import tie_formation
from ._windows import Window, over_time, windows

__all__ = ["Window", "over_time", "team_assembly", "tie_formation", "windows"]
