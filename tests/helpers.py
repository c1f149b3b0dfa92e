"""Helpers shared by the test modules (importable: tests/ is on pythonpath)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def tie_dict(g) -> dict[frozenset, float]:
    """Undirected ties of a CollaborationGraph as {frozenset({a, b}): weight}."""
    t = g.ties
    return {frozenset((s, d)): w for s, d, w in zip(t["source"], t["target"], t["weight"])}


def random_table(rng: np.random.Generator, n_rows: int, n_actors: int, n_events: int,
                 with_time: bool = False) -> pd.DataFrame:
    """A random affiliation table without repeated (actor, event) pairs."""
    a = rng.integers(0, n_actors, n_rows)
    e = rng.integers(0, n_events, n_rows)
    df = pd.DataFrame({"actor": [f"a{i}" for i in a], "event": [f"e{j}" for j in e]})
    df = df.drop_duplicates(["actor", "event"]).reset_index(drop=True)
    if with_time:
        year = {f"e{j}": 2000 + int(rng.integers(0, 6)) for j in range(n_events)}
        df["year"] = df["event"].map(year)
    return df
