"""Benchmark: ``cn.temporal.team_assembly`` on the CORDIS table and on a large
synthetic cluster.

Run from the repository root::

    python benchmarks/bench_team_assembly.py            # CORDIS + 10^6 participations
    python benchmarks/bench_team_assembly.py --scale 0.1

CORDIS (H2020 participations, ``../shared/data/cordis_h2020``, or the folder
named by ``CLUSTERNET_DATA``) is read as ``tests/test_real_data.py`` reads it,
with ``time="year"``; it is skipped when absent. The synthetic cluster is
``creative_cluster`` with ``n_actors = 200_000 * scale`` over 20 years. No
peer computes these numbers (the model exists as a NetLogo simulation only),
so only clusternet is timed. Times are the best of ``--repeat`` runs, wall
clock and CPU (process) time; the graph build is not timed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

import clusternet as cn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

DATA = Path(os.environ.get("CLUSTERNET_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
CORDIS = DATA / "cordis_h2020" / "h2020_participations.csv"


def best_of(fn, repeat: int) -> tuple[float, float, object]:
    """(best wall seconds, best CPU seconds, last result)."""
    wall, cpu, out = np.inf, np.inf, None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu, out


def cordis() -> cn.CollaborationGraph | None:
    if not CORDIS.is_file():
        return None
    return _common.cordis_graph(CORDIS)


def report(name: str, g: cn.CollaborationGraph, repeat: int) -> None:
    pairs = int((g.events["size"] * (g.events["size"] - 1) // 2).sum())
    print(f"\n{name}: {g.n_actors:,} actors, {g.n_events:,} events, "
          f"{int(g.incidence.nnz):,} participations, {pairs:,} team-mate pairs")
    for tau in (None, 3):
        for level in ("period", "event"):
            wall, cpu, _ = best_of(
                lambda tau=tau, level=level: cn.temporal.team_assembly(g, tau=tau, level=level),
                repeat)
            print(f"  team_assembly(tau={tau}, level={level!r}): {wall:.3f} s wall, "
                  f"{cpu:.3f} s CPU")
            _common.record("team_assembly", graph=name, participations=int(g.incidence.nnz),
                           events=g.n_events, tau=tau, level=level, wall_s=wall, cpu_s=cpu)
    cols = ["n_events", "slots", "p", "q", "q_pairs"]
    print(cn.temporal.team_assembly(g, tau=3)[cols].round(3))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    g = cordis()
    if g is None:
        print(f"no CORDIS table at {CORDIS}: skipped")
    else:
        report("CORDIS H2020 (time=year)", g, args.repeat)
    n = int(200_000 * args.scale)
    aff, _ = cn.datasets.creative_cluster(n_actors=n, n_years=20, p=0.6, q=0.5, tau=3, rng=0)
    report(f"creative_cluster(n_actors={n:,}, n_years=20, p=0.6, q=0.5, tau=3)",
           cn.from_affiliations(aff, time="year"), args.repeat)


if __name__ == "__main__":
    main()
