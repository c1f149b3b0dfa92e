"""Shared fixtures and helpers for the clusternet test suite."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "clusternet", max_examples=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("clusternet")


@pytest.fixture
def opsahl() -> pd.DataFrame:
    """Opsahl's two-mode example (as in METRICS.md): actors A..F, events 1..6.

    A:{1,2}, B:{1,2,3,4,5}, C:{1}, D:{3}, E:{4,5,6}, F:{6}.
    """
    member = {"A": [1, 2], "B": [1, 2, 3, 4, 5], "C": [1], "D": [3], "E": [4, 5, 6], "F": [6]}
    return pd.DataFrame(
        [(a, e) for a, evs in member.items() for e in evs], columns=["actor", "event"]
    )
