"""The backbone of the CORDIS H2020 projection: SDSM and FDSM.

- SDSM (``cn.inference.backbone(g)``): BiCM fit, exact Poisson-binomial
  tails of the 796,669 tested pairs, Holm; wall clock, best of
  ``--repeat`` runs (floor, issue 14: under a minute), with the split
  between the BiCM fit and the tails, the BiCM's largest degree error, and
  the number of significant ties under Holm and BH.
- FDSM (``model="fdsm"``): ``--fdsm-n`` draws timed (default 20), the time
  per draw split into the curveball draw and the co-occurrence counts, and
  the extrapolation to 1,000 draws; ``--fdsm-n 1000`` runs them all.
- The reference: the ``bicm`` package (PyPI), when installed, fitted on the
  same incidence: its probabilities against ours (largest difference) and
  its time. R ``backbone`` is not installable here (no CRAN access), so it
  is not run.

Run from the repository root::

    python benchmarks/bench_backbone.py [--repeat 3] [--fdsm-n 20] [--n-jobs 1]
        [--no-bicm] [--fdsm-only]

``--fdsm-n 1000 --fdsm-only`` runs the 1,000 FDSM draws for real (and
nothing else but the per-draw split). The graph is ``_common.cordis_graph()``
(the recipe of ``cordis_h2020/SOURCE.md``, as tests/test_real_data.py
builds it): 35,871 organisations, 31,445 projects. Each measured row is
recorded with ``_common.record`` (table ``backbone``); set
``CLUSTERNET_BENCH_JSON`` to keep them.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402
from _common import best_of as best  # noqa: E402
from _common import record  # noqa: E402

import clusternet as cn  # noqa: E402
from clusternet._kernels import backbone as KB  # noqa: E402
from clusternet._kernels import nulls as KN  # noqa: E402

FLOOR_SDSM = 60.0


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fdsm-n", type=int, default=20)
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--no-bicm", action="store_true")
    ap.add_argument("--fdsm-only", action="store_true",
                    help="skip SDSM and the bicm package (the FDSM draws alone)")
    args = ap.parse_args()

    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"clusternet {cn.__version__}, {platform.machine()}")
    g = _common.cordis_graph()
    B = sp.csr_array(g.incidence)
    print(f"CORDIS: {g.n_actors} actors, {g.n_events} events, {B.nnz} participations, "
          f"{g.n_ties} ties")
    if not args.fdsm_only:
        sdsm(g, B, args)
    fdsm(g, B, args)
    if not args.no_bicm and not args.fdsm_only:
        bicm_package(B)


def sdsm(g, B, args) -> None:
    k = np.diff(B.indptr)
    s = np.bincount(B.indices, minlength=B.shape[1])
    t_fit, (ku, su, P, err) = best(lambda: KB.bicm(k, s), args.repeat)
    print(f"BiCM fit: {t_fit:.3f} s ({len(ku)} actor degrees x {len(su)} event sizes), "
          f"largest degree error {err:.2e}")
    c = time.process_time()
    t_sdsm, bb = best(lambda: cn.inference.backbone(g), args.repeat)
    cpu = (time.process_time() - c) / max(1, args.repeat)
    flag = "ok" if t_sdsm < FLOOR_SDSM else "OVER"
    record("backbone", case="sdsm", model="sdsm", correction="holm", wall_s=t_sdsm,
           cpu_s_mean=cpu, fit_s=t_fit, n_tested=bb.n_tested,
           n_significant=int(bb.ties["significant"].sum()), load=load_average())
    print(f"SDSM backbone (Holm): {t_sdsm:.2f} s (floor {FLOOR_SDSM:.0f} s: {flag}); "
          f"{int(bb.ties['significant'].sum())} of {bb.n_tested} pairs significant")
    bh = cn.inference.backbone(g, correction="bh")
    sg = cn.inference.backbone(g, correction="bh", signed=True)
    print(f"  BH: {int(bh.ties['significant'].sum())} significant; signed BH: "
          f"{int((sg.ties['sign'] == 1).sum())} over-, {int((sg.ties['sign'] == -1).sum())} "
          "under-represented")


def fdsm(g, B, args) -> None:
    ip, ix = B.indptr.astype(np.int64), B.indices.astype(np.int64)
    i, j, _w = KB.cooccurring_pairs(ip, ix, B.shape[1])
    keys = i * B.shape[0] + j
    rng = np.random.default_rng(0)
    KN.curveball(ip, ix, np.ones(len(ix)), B.shape[1], 10, rng)  # compile once
    KB.cooccurrence(ip, ix, B.shape[1], keys[:10])
    t_cb, t_co = [], []
    for _ in range(5):
        t = time.perf_counter()
        p2, x2, _ = KN.curveball(ip, ix, np.ones(len(ix)), B.shape[1], 10 * B.shape[0], rng)
        t_cb.append(time.perf_counter() - t)
        t = time.perf_counter()
        KB.cooccurrence(p2, x2, B.shape[1], keys)
        t_co.append(time.perf_counter() - t)
    engine = KN._engine(len(ix), B.shape[1])
    print(f"FDSM draw: curveball {np.median(t_cb):.3f} s + co-occurrence "
          f"{np.median(t_co):.3f} s (median of 5; curveball engine {engine})")
    record("backbone", case="fdsm draw split", curveball_s=float(np.median(t_cb)),
           cooccurrence_s=float(np.median(t_co)), engine=engine, load=load_average())
    load0 = load_average()
    t = time.perf_counter()
    c = time.process_time()
    fd = cn.inference.backbone(g, model="fdsm", n=args.fdsm_n, rng=1, n_jobs=args.n_jobs,
                               correction="bh")
    t_fd = time.perf_counter() - t
    cpu = time.process_time() - c
    per = t_fd / args.fdsm_n
    print(f"FDSM backbone, n={args.fdsm_n}, n_jobs={args.n_jobs}: {t_fd:.1f} s "
          f"({per:.3f} s a draw; 1,000 draws: {1000 * per / 60:.1f} min"
          + (" extrapolated)" if args.fdsm_n < 1000 else ")"))
    print(f"  smallest p-value {fd.ties['p_value'].min():.4g}; BH significant: "
          f"{int(fd.ties['significant'].sum())}; CPU {cpu:.1f} s (this process; workers "
          f"not counted); load average {load0} at the start, {load_average()} at the end")
    record("backbone", case="fdsm", model="fdsm", correction="bh", n=args.fdsm_n,
           n_jobs=args.n_jobs, wall_s=t_fd, cpu_s=cpu, per_draw_s=per,
           extrapolated_1000_s=None if args.fdsm_n >= 1000 else 1000 * per,
           n_significant=int(fd.ties["significant"].sum()),
           load_start=load0, load_end=load_average())


def bicm_package(B) -> None:
    """The bicm package (PyPI), when installed, fitted on the same incidence."""
    try:
        from bicm import BipartiteGraph
    except ImportError:
        print("bicm package not installed: pip install bicm to compare")
        return
    k = np.diff(B.indptr)
    s = np.bincount(B.indices, minlength=B.shape[1])
    ku, su, P, _err = KB.bicm(k, s)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = time.perf_counter()
        bg = BipartiteGraph(biadjacency=sp.csr_matrix(B))
        bg.solve_tool(method="newton", tol=1e-12, print_error=False)
        t_bicm = time.perf_counter() - t
        # probabilities per distinct (actor degree, event size), as ours
        ra = np.array([np.flatnonzero(k == d)[0] for d in ku])
        cb = np.array([np.flatnonzero(s == d)[0] for d in su])
        x = np.asarray(bg.x)[ra]
        y = np.asarray(bg.y)[cb]
        theirs = x[:, None] * y[None, :] / (1 + x[:, None] * y[None, :])
    diff = float(np.abs(theirs - P).max())
    print(f"bicm package (solve_tool newton, incl. its numba compile): {t_bicm:.1f} s; "
          f"largest |p - p_bicm| = {diff:.2e}")
    record("backbone", case="bicm package", wall_s=t_bicm, max_abs_diff=diff)


if __name__ == "__main__":
    main()
