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


def memory_test_graph():
    """The graph of the working-memory tests (issue 17): 3,000 actors with a
    ``sector`` (20 values), 150,000 random pairs (self-pairs dropped), about
    3e5 stored entries; and the bytes of its adjacency's CSR arrays."""
    import clusternet as cn

    rng = np.random.default_rng(5)
    n, m = 3000, 150_000
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = src != dst
    ties = pd.DataFrame({"source": src[keep], "target": dst[keep]})
    actors = pd.DataFrame({"actor": np.arange(n), "sector": rng.integers(0, 20, n)})
    g = cn.from_edgelist(ties, actors=actors)
    A = g.adjacency
    return g, A.data.nbytes + A.indices.nbytes + A.indptr.nbytes



def traced_peak(f) -> int:
    """The peak of Python-allocated memory (tracemalloc, bytes) of a second
    call of ``f`` (the first imports and fills the caches)."""
    import tracemalloc

    f()
    tracemalloc.start()
    try:
        f()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
