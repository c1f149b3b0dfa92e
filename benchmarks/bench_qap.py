"""QAP / MRQAP regression at 2,000 actors: clusternet against R sna::netlm.

One synthetic undirected collaboration network (``--actors`` actors, mean
degree about 20, tie weights 1-4) with three dyadic covariates: same domain
(5 domains), absolute difference of size, and Euclidean distance between
positions. For each permutation scheme, QAP-Y (netlm ``nullhyp="qapy"``)
and double semi-partialling (``nullhyp="qap"``), an OLS fit of the tie
weights with ``--n`` permutations:

- clusternet: ``cn.inference.qap(g, covariates, family="ols", method=...,
  n=--n, weight=True)``, wall clock, the whole call;
- R: ``sna::netlm(y, x, mode="graph", nullhyp=..., reps=--r-reps)`` on the
  same matrices (written to binary files and read by ``Rscript``), timed
  in R with ``system.time`` (elapsed); clusternet's CPU time is printed
  beside its wall clock, since on a shared machine the wall clock counts
  the other users' work; netlm at 2,000 actors needs seconds per
  permutation, so it runs ``--r-reps`` permutations and its time for
  ``--n`` is extrapolated: ``fit + n * (t(reps) - fit) / reps``, where
  ``fit`` is the time of ``nullhyp="classical"`` (the fit alone). The
  table says which figures are extrapolated.

The coefficients of both are printed side by side (they must agree to 1e-8).

Run from the repository root::

    python benchmarks/bench_qap.py [--actors 2000] [--n 1000] [--r-reps 5]
        [--methods y dsp] [--n-jobs 1] [--no-r]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import clusternet as cn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

R_SCRIPT = r"""
suppressMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); reps <- as.integer(args[3])
methods <- strsplit(args[4], ",")[[1]]
rd <- function(f) matrix(readBin(file.path(dir, f), "double", n * n), n, n)
y <- rd("y.bin")
x <- array(dim = c(3, n, n))
x[1, , ] <- rd("x1.bin"); x[2, , ] <- rd("x2.bin"); x[3, , ] <- rd("x3.bin")
t0 <- system.time(fit0 <- netlm(y, x, mode = "graph", nullhyp = "classical"))
cat("coef", sprintf("%.17g", fit0$coefficients), "\n")
cat("time classical", t0[["elapsed"]], t0[["user.self"]] + t0[["sys.self"]], "\n")
for (m in methods) {
  t <- system.time(netlm(y, x, mode = "graph", nullhyp = m, reps = reps))
  cat("time", m, t[["elapsed"]], t[["user.self"]] + t[["sys.self"]], "\n")
}
cat("version", R.version$major, R.version$minor, as.character(packageVersion("sna")), "\n")
"""


def make(n_actors: int, seed: int = 0) -> tuple[cn.CollaborationGraph, dict]:
    rng = np.random.default_rng(seed)
    domain = rng.integers(0, 5, n_actors)
    size = rng.lognormal(2.0, 1.0, n_actors)
    xy = rng.random((n_actors, 2))
    # ties more likely within a domain and between nearby actors
    n_ties = 10 * n_actors
    src = rng.integers(0, n_actors, 4 * n_ties)
    dst = rng.integers(0, n_actors, 4 * n_ties)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    d = np.hypot(*(xy[src] - xy[dst]).T)
    p = 0.2 + 0.5 * (domain[src] == domain[dst]) + 0.3 * (d < 0.3)
    take = rng.random(len(src)) < p
    src, dst = src[take][:n_ties], dst[take][:n_ties]
    ties = pd.DataFrame({"source": src, "target": dst,
                         "weight": rng.integers(1, 5, len(src)).astype(float)})
    actors = pd.DataFrame({"actor": np.arange(n_actors), "domain": domain, "size": size,
                           "x": xy[:, 0], "y": xy[:, 1]})
    g = cn.from_edgelist(ties, weight="weight", actors=actors)
    covs = {"same_domain": cn.inference.same("domain"),
            "size_gap": cn.inference.difference("size"),
            "distance": cn.inference.distance("x", "y")}
    return g, covs


def run_r(g, covs, reps: int, methods: list[str]) -> dict | None:
    if shutil.which("Rscript") is None:
        return None
    from clusternet.inference import _qap
    n = g.n_actors
    with tempfile.TemporaryDirectory() as tmp:
        y = g.adjacency.toarray()
        # column-major, as R's matrix() reads a vector
        y.T.astype("<f8").tofile(os.path.join(tmp, "y.bin"))
        for i, (name, spec) in enumerate(covs.items(), 1):
            m = _qap._matrix(g, name, spec, True)
            m.T.astype("<f8").tofile(os.path.join(tmp, f"x{i}.bin"))
        script = Path(tmp) / "bench.R"
        script.write_text(R_SCRIPT)
        out = subprocess.run(["Rscript", str(script), tmp, str(n), str(reps), ",".join(methods)],
                             capture_output=True, text=True, check=True).stdout
    res: dict = {"times": {}}
    for line in out.splitlines():
        parts = line.split()
        if parts[0] == "coef":
            res["coef"] = np.array([float(v) for v in parts[1:]])
        elif parts[0] == "time":
            res["times"][parts[1]] = (float(parts[2]), float(parts[3]))
        elif parts[0] == "version":
            res["version"] = f"R {parts[1]}.{parts[2]}, sna {parts[3]}"
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--r-reps", type=int, default=5)
    ap.add_argument("--methods", nargs="+", default=["y", "dsp"], choices=["y", "dsp"])
    ap.add_argument("--n-jobs", type=int, default=1)
    ap.add_argument("--no-r", action="store_true")
    args = ap.parse_args()

    g, covs = make(args.actors)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
          f"clusternet {cn.__version__}, numpy {np.__version__}")
    print(f"network: {g.n_actors} actors, {g.n_ties} ties (undirected, weighted); "
          f"covariates: {', '.join(f'{k}={v!r}' for k, v in covs.items())}")
    ours = {}
    for method in args.methods:
        t, c = time.perf_counter(), time.process_time()
        r = cn.inference.qap(g, covs, family="ols", method=method, n=args.n, rng=0,
                             weight=True, n_jobs=args.n_jobs, progress=False)
        ours[method] = (time.perf_counter() - t, time.process_time() - c, r)
        # CPU time of this process: on a shared machine, wall clock counts
        # the other users' work too (with n_jobs > 1 it misses the workers)
        print(f"clusternet method={method}: {ours[method][0]:.2f} s wall, "
              f"{ours[method][1]:.2f} s CPU for {args.n} permutations")
    r_res = None if args.no_r else run_r(g, covs, args.r_reps,
                                         [{"y": "qapy", "dsp": "qap"}[m] for m in args.methods])
    first = next(iter(ours.values()))[2]
    diff = None
    if r_res is not None:
        diff = np.max(np.abs(first.coef.to_numpy() - r_res["coef"])
                      / np.maximum(1e-12, np.abs(r_res["coef"])))
        print(f"{r_res['version']}; coefficients: max relative difference {diff:.2e}")
        print(pd.DataFrame({"clusternet": first.coef, "netlm": r_res["coef"]}).to_string())
    print(f"\n| scheme | time | clusternet, {args.n} perm. (s) | R netlm, {args.n} perm. (s) "
          "| R / clusternet |")
    print("|---|---|---|---|---|")
    for method, (wall, cpu, _) in ours.items():
        for what, secs, col in (("wall", wall, 0), ("CPU", cpu, 1)):
            if r_res is None:
                print(f"| {method} | {what} | {secs:.1f} | (no Rscript) | |")
                _common.record("qap", scheme=method, clock=what, actors=g.n_actors,
                               ties=g.n_ties, permutations=args.n, clusternet_s=secs)
                continue
            fit = r_res["times"]["classical"][col]
            t_r = r_res["times"][{"y": "qapy", "dsp": "qap"}[method]][col]
            per = max(0.0, t_r - fit) / args.r_reps
            est = fit + args.n * per
            print(f"| {method} | {what} | {secs:.1f} | {est:.0f} (extrapolated from "
                  f"{args.r_reps} permutations: {per:.2f} s each + fit {fit:.1f} s) "
                  f"| {est / secs:.0f}x |")
            _common.record("qap", scheme=method, clock=what, actors=g.n_actors,
                           ties=g.n_ties, permutations=args.n, clusternet_s=secs,
                           r_netlm_s_extrapolated=est, r_permutations_run=args.r_reps,
                           r_over_clusternet=est / secs, coef_max_rel_diff=diff)


if __name__ == "__main__":
    main()
