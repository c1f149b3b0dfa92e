"""How the cost of each family grows with the number of ties: 10^4 to 10^7
ties (10^8 with ``--full``), time and peak memory.

Run from the repository root::

    python benchmarks/bench_scaling.py                       # 1e4, 1e5, 1e6, 1e7 ties
    python benchmarks/bench_scaling.py --sizes 1e4,1e5       # quick
    python benchmarks/bench_scaling.py --full                # also 1e8 ties (~10 GB, hours)
    python benchmarks/bench_scaling.py --families build,ei_index

Data: ``bench_projection.make_table`` (heavy-tailed team sizes capped at
200 and heavy-tailed actor activity, integer ids), with the number of rows
chosen for about the target number of ties (``ROWS``, measured; the actual
count of ties is reported). Every actor gets a ``domain`` (6 groups)
and a ``region`` (50 places) drawn uniformly with a fixed seed.

Method: every (family, size) runs in a fresh child process (this script
with ``--child``) that builds the table and the graph, warms the call up on
a 12,000-row table (60,000 for curveball: large enough for the compiled
engines, so no compilation is timed), resets the kernel's high-water
mark of resident memory (``/proc/self/clear_refs``), then times one call
(wall clock and CPU seconds of all threads) and reads the high-water mark.
*added GB* is that peak above the resident memory just before the call:
the working memory the call adds. *process peak GB* is the child's whole
``ru_maxrss`` (table, graph, the build's own peak, the call). *graph GB* is
the size of the CollaborationGraph's arrays and tables. The exponent is the
slope of log(CPU seconds) against log(ties) from the previous size (1 is
linear; CPU seconds because the wall clock of a shared machine counts the
others' work too).
A child that runs past ``--timeout`` is stopped and reported as such;
larger sizes of that family are then skipped.

Families (one public call each):

- ``build``: ``from_affiliations(table, actors=..., max_ties=None)``
  (projection, count; the default guard of 5e7 ties lifted for 1e8);
- ``ei_index``: ``convergence.ei_index(g, "domain")`` (network level);
- ``ego_blau``: ``diversity.ego(g, "domain")`` (Blau index of each ego's partners);
- ``structural_holes``: ``brokerage.structural_holes(g, weight=True)`` (Burt's four);
- ``gould_fernandez``: ``brokerage.gould_fernandez(g, "domain")``;
- ``core_periphery``: ``structure.core_periphery(g)`` (discrete, whole graph);
- ``curveball``: ``nulls.curveball(g, rng=0)`` (one draw, re-projection included);
- ``sdsm_backbone``: ``inference.backbone(g)`` (SDSM, Holm), up to ``--sdsm-max`` ties;
- ``local_share``: ``territory.local_share(g, "region")``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402
from bench_projection import graph_nbytes, make_table  # noqa: E402

FAMILIES = {
    "build": "from_affiliations(table, actors=actors, max_ties=None)",
    "ei_index": "convergence.ei_index(g, 'domain')",
    "ego_blau": "diversity.ego(g, 'domain')",
    "structural_holes": "brokerage.structural_holes(g, weight=True)",
    "gould_fernandez": "brokerage.gould_fernandez(g, 'domain')",
    "core_periphery": "structure.core_periphery(g)",
    "curveball": "nulls.curveball(g, rng=0)",
    "sdsm_backbone": "inference.backbone(g)  # SDSM, Holm",
    "local_share": "territory.local_share(g, 'region')",
}
# rows of make_table(seed=0) for about each number of ties (measured: 1,300
# rows give 8,745 ties; 10^4, 102,082; 98,000, 999,780; 820,000, 9,964,402;
# 7.5e6 is extrapolated from 12.2 ties a row at 10^6 rows, rising slowly)
ROWS = {1e4: 1_300, 1e5: 10_000, 1e6: 98_000, 1e7: 820_000, 1e8: 7_500_000}
GB = 1e9
WARM_UP = {"curveball": 60_000}  # rows of the warm-up table (default 12,000: ~1.2e5 ties)


def rows_for(ties: float) -> int:
    """Rows of make_table for about ``ties`` ties (interpolated in log-log)."""
    if ties in ROWS:
        return ROWS[ties]
    x, y = np.log(list(ROWS)), np.log(list(ROWS.values()))
    return max(50, int(round(float(np.exp(np.interp(np.log(ties), x, y,
                                                    left=None, right=None))))))


def data(n_rows: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = make_table(n_rows, seed=seed, ids="int")
    ids = np.unique(table["actor"].to_numpy())
    rng = np.random.default_rng(seed + 7)
    domains = np.array(["art", "design", "technology", "research", "business", "public"])
    actors = pd.DataFrame({"actor": ids, "domain": domains[rng.integers(0, 6, ids.size)],
                           "region": rng.integers(0, 50, ids.size)})
    return table, actors


def call(family: str, g, table=None, actors=None):
    import clusternet as cn

    if family == "build":
        return cn.from_affiliations(table, actors=actors, max_ties=None)
    if family == "ei_index":
        return cn.convergence.ei_index(g, "domain")
    if family == "ego_blau":
        return cn.diversity.ego(g, "domain")
    if family == "structural_holes":
        return cn.brokerage.structural_holes(g, weight=True)
    if family == "gould_fernandez":
        return cn.brokerage.gould_fernandez(g, "domain")
    if family == "core_periphery":
        return cn.structure.core_periphery(g, rng=0)
    if family == "curveball":
        return cn.nulls.curveball(g, rng=0)
    if family == "sdsm_backbone":
        return cn.inference.backbone(g, progress=False)
    if family == "local_share":
        return cn.territory.local_share(g, "region")
    raise ValueError(family)


def child(family: str, n_rows: int, seed: int) -> dict:
    import warnings

    import clusternet as cn

    warnings.simplefilter("ignore")
    # imports, numba's cache, first calls, on a table large enough for the
    # compiled engines (brokerage from 65,536 ties, curveball from 50,000
    # participations): the timed call then runs no compilation
    t_small, a_small = data(WARM_UP.get(family, 12_000), seed + 1)
    g_small = cn.from_affiliations(t_small, actors=a_small)
    call(family, g_small, t_small, a_small)
    del g_small, t_small, a_small
    table, actors = data(n_rows, seed)
    g = None if family == "build" else cn.from_affiliations(table, actors=actors,
                                                             max_ties=None)
    if family != "build":
        del table
        table = None
    rss0, _ = _common.rss_gb()
    reset = _common.reset_peak()
    w0, c0 = time.perf_counter(), time.process_time()
    out = call(family, g, table, actors)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    _, hwm = _common.rss_gb()
    if family == "build":
        g = out
    return {"rows": n_rows, "actors": int(g.n_actors), "ties": int(g.n_ties),
            "wall_s": wall, "cpu_s": cpu,
            "added_gb": (hwm - rss0) if reset else None,
            "process_peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GB,
            "graph_gb": graph_nbytes(g) / GB}


def run_child(family: str, n_rows: int, seed: int, timeout: float) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", family, "--rows",
           str(n_rows), "--seed", str(seed)]
    env = dict(os.environ, CLUSTERNET_BENCH_JSON="")  # the child records nothing itself
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return {"note": f"stopped after {timeout:.0f} s"}
    if p.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return {"note": f"failed ({p.returncode}): {last[:200]}"}
    res = json.loads(out.strip().splitlines()[-1])
    res["child_s"] = time.perf_counter() - t0
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1e4,1e5,1e6,1e7",
                    help="target numbers of ties, comma-separated")
    ap.add_argument("--full", action="store_true",
                    help="add 1e8 ties (about 10 GB: not while others benchmark)")
    ap.add_argument("--families", default=",".join(FAMILIES),
                    help="comma-separated subset of: " + ", ".join(FAMILIES))
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="stop a child after this many seconds (default 900)")
    ap.add_argument("--sdsm-max", type=float, default=1e6,
                    help="largest target size for the SDSM backbone (default 1e6)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.rows, args.seed)))
        return 0
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    if args.full and 1e8 not in sizes:
        sizes.append(1e8)
    families = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = set(families) - set(FAMILIES)
    if unknown:
        ap.error("unknown families: " + ", ".join(sorted(unknown)))
    print(f"{'family':18s} {'target':>8s} {'ties':>12s} {'wall s':>9s} {'CPU s':>9s} "
          f"{'added GB':>9s} {'peak GB':>8s} {'graph GB':>9s} {'exp.':>5s}")
    for family in families:
        prev, stopped = None, None
        for target in sizes:
            row = {"family": family, "call": FAMILIES[family], "target_ties": f"{target:.0e}"}
            if stopped:
                row["note"] = f"skipped: {stopped} at a smaller size"
            elif family == "sdsm_backbone" and target > args.sdsm_max:
                row["note"] = f"not run above --sdsm-max={args.sdsm_max:.0e}"
            else:
                res = run_child(family, rows_for(target), args.seed,
                                args.timeout)
                row.update(res)
                if "note" in res:
                    stopped = res["note"]
            if "wall_s" in row and prev is not None and row["ties"] > prev["ties"]:
                # CPU seconds: the steadier clock on a shared machine
                row["exponent"] = (math.log(max(row["cpu_s"], 1e-6) / max(prev["cpu_s"], 1e-6))
                                   / math.log(row["ties"] / prev["ties"]))
            if "wall_s" in row:
                prev = row
                print(f"{family:18s} {row['target_ties']:>8s} {row['ties']:12,} "
                      f"{row['wall_s']:9.3f} {row['cpu_s']:9.3f} "
                      f"{row['added_gb'] if row['added_gb'] is not None else float('nan'):9.3f} "
                      f"{row['process_peak_gb']:8.2f} {row['graph_gb']:9.3f} "
                      f"{row.get('exponent', float('nan')):5.2f}", flush=True)
            else:
                print(f"{family:18s} {row['target_ties']:>8s}  {row['note']}", flush=True)
            row.pop("child_s", None)
            _common.record("scaling", **row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
