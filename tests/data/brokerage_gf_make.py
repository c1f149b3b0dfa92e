"""Make the Gould-Fernandez test graphs (brokerage_gf_*.csv); R sna then
computes the reference values with brokerage_gf_sna.R.

Run from the repository root (only when the cases are to change)::

    python tests/data/brokerage_gf_make.py
    Rscript tests/data/brokerage_gf_sna.R

Case 0 is the example of METRICS.md. The others are random graphs (seed
20240603): directed and undirected, 5-40 actors, 1-8 groups, some isolates,
densities 0.05-0.6, and one complete digraph (density 1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def main() -> None:
    here = Path(__file__).parent
    rng = np.random.default_rng(20240603)
    cases, ties, groups = [], [], []

    def add(case, n, directed, edges, labels):
        cases.append((case, n, directed))
        ties.extend((case, s, t) for s, t in edges)
        groups.extend((case, i + 1, lab) for i, lab in enumerate(labels))

    add(0, 6, True, [(1, 2), (2, 3), (3, 4), (4, 1), (2, 5), (5, 6), (6, 2), (3, 5)],
        list("AABBCC"))
    case = 1
    for directed in (True, False):
        for n, k, p in ((5, 2, 0.5), (12, 3, 0.3), (20, 1, 0.25), (25, 4, 0.2), (30, 8, 0.15),
                        (40, 6, 0.05), (15, 5, 0.6), (18, 3, 0.4)):
            edges = [(i + 1, j + 1) for i in range(n) for j in range(n)
                     if i != j and (directed or i < j) and rng.random() < p]
            labels = [f"g{x}" for x in rng.integers(0, k, n)]
            add(case, n, directed, edges, labels)
            case += 1
    add(case, 6, True, [(i, j) for i in range(1, 7) for j in range(1, 7) if i != j],
        list("AABBBC"))
    pd.DataFrame(cases, columns=["case", "n", "directed"]).to_csv(
        here / "brokerage_gf_cases.csv", index=False)
    pd.DataFrame(ties, columns=["case", "source", "target"]).to_csv(
        here / "brokerage_gf_ties.csv", index=False)
    pd.DataFrame(groups, columns=["case", "actor", "group"]).to_csv(
        here / "brokerage_gf_groups.csv", index=False)


if __name__ == "__main__":
    main()
