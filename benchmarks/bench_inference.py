"""Label permutation tests on the real CORDIS H2020 table, every permutable
convergence measure, on the path the library runs.

For each convergence measure with a permutation kernel (asked of the
registry, so a new one is timed the day it lands), at its default options
(``--all-levels``: every level; ``--weighted``: also ``weight=True``):

- ``cn.inference.permutation_test(g, measure, "sector", n=--n)``, the call a
  user makes; its engine must be ``"kernel"``; seconds per 1,000
  permutations, wall clock and CPU time of this process, the best of
  ``--repeat`` runs (a shared machine's busy spells fall on some runs only);
- the general path on ``--general-n`` draws (a user's function that calls
  the measure, so a permuted graph is built and the public function run
  for each draw); its draws must equal the kernel's first draws exactly.

Target (issue 11): under 3 s per 1,000 permutations for each measure.
``--breakdown`` prints where a draw's time goes (median of 200 draws).

Run from the repository root::

    python benchmarks/bench_inference.py [--data ../shared/data] [--n 1000]
        [--repeat 3] [--general-n 5] [--n-jobs 1] [--all-levels] [--weighted]
        [--breakdown]

The graph is built as in tests/test_real_data.py (the recipe of
``cordis_h2020/SOURCE.md``): 35,871 organisations, 796,669 ties, the
attribute ``sector`` (CORDIS activity type, 5 groups).
"""

from __future__ import annotations

import argparse
import functools
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

import clusternet as cn
from clusternet import _registry
from clusternet._kernels import mixing as K
from clusternet._kernels import nulls as KN

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

TARGET = 3.0


def load(data: Path) -> cn.CollaborationGraph:
    return _common.cordis_graph(data / "cordis_h2020" / "h2020_participations.csv")


def timed(f):
    c0, t0 = time.process_time(), time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0, time.process_time() - c0


def cases(all_levels: bool, weighted: bool):
    for m in _registry.entries("convergence"):
        if not m.permutable:
            continue
        levels = list(m.levels) if (all_levels and m.level_param) else [m.default_level]
        weights = [False, True] if (weighted and "weight" in m.checks) else [False]
        for level in levels:
            for w in weights:
                options = {m.level_param: level} if m.level_param else {}
                if w:
                    options["weight"] = True
                yield m, level, options


def breakdown(g: cn.CollaborationGraph, attribute: str) -> None:
    """Median milliseconds of the steps of one draw, on the arrays the kernels hold."""
    from clusternet._results import group_codes

    codes, groups = group_codes(g, attribute)
    k = len(groups)
    A = g.adjacency
    ties = K.tie_ends(A.indptr, A.indices, directed=g.directed)
    values = K.small_codes(codes, k * k)
    degree = np.diff(A.indptr).astype(np.float64)
    rng = np.random.default_rng(0)
    c = values[rng.permutation(g.n_actors)]
    source, target = K.end_codes(c, ties)
    steps = {
        "permutation of the actors (numpy Generator)":
            lambda: KN.permutation_index(g.n_actors, rng),
        "codes of the tie ends (np.repeat or np.take, int8)":
            lambda: K.end_codes(c, ties),
        "ties within groups, total (==, count_nonzero)":
            lambda: np.count_nonzero(source == target),
        "ties within each group (within_counts)": lambda: K.within_counts(source, target, k),
        "mixing matrix (pair_counts, last group from the degree sums)":
            lambda: K.pair_counts(source, target, k, directed=g.directed,
                                  ends=(np.bincount(c, weights=degree, minlength=k),) * 2),
        "group degree sums (bincount over actors)":
            lambda: np.bincount(c, weights=degree, minlength=k),
        "mixing matrix from the CSR (public route, per call)":
            lambda: K.mixing_from_csr(A.indptr, A.indices, codes, k, directed=g.directed),
    }
    print(f"\nwhere a draw's time goes ({len(ties.targets):,} ties, {k} groups), median of 200:")
    for name, f in steps.items():
        times = []
        for _ in range(200):
            t0 = time.perf_counter()
            f()
            times.append(time.perf_counter() - t0)
        print(f"  {name:62s} {1e3 * np.median(times):7.3f} ms")
        _common.record("draw_breakdown", step=name, median_ms=1e3 * np.median(times))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path,
                   default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--attribute", default="sector")
    p.add_argument("--n", type=int, default=1000, help="permutations on the kernel path")
    p.add_argument("--repeat", type=int, default=3, help="runs of --n draws; the best counts")
    p.add_argument("--general-n", type=int, default=5,
                   help="permutations on the general path (slow: keep small)")
    p.add_argument("--n-jobs", type=int, default=1,
                   help="threads of the kernel path (wall clock falls, CPU time does not)")
    p.add_argument("--all-levels", action="store_true")
    p.add_argument("--weighted", action="store_true")
    p.add_argument("--breakdown", action="store_true")
    args = p.parse_args()

    g, t_build, _ = timed(lambda: load(args.data))
    print(f"python {platform.python_version()}, numpy {np.__version__}, clusternet "
          f"{cn.__version__}, {platform.machine()}")
    print(f"CORDIS H2020: {g.n_actors:,} actors, {g.n_ties:,} ties, attribute "
          f"{args.attribute!r} with {g.actors[args.attribute].nunique()} values "
          f"(built in {t_build:.1f} s)")
    print(f"\n{'measure':38s} {'kernel s/1000':>13s} {'(CPU)':>7s} {'general s/draw':>15s} "
          f"{'ratio':>6s}  same draws")
    worst = 0.0
    for m, level, options in cases(args.all_levels, args.weighted):
        stat = functools.partial(m.func, **options)

        # an unregistered function is called as f(g): the attribute is bound
        def general(h, attribute=args.attribute, f=m.func, options=options):
            return f(h, attribute, **options)

        test = functools.partial(cn.inference.permutation_test, g, attribute=args.attribute,
                                 rng=0, progress=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cn.ClusternetWarning)
            fast, wall, cpu = timed(lambda: test(stat, n=args.n, n_jobs=args.n_jobs))
            for _ in range(args.repeat - 1):
                _, w, c = timed(lambda: test(stat, n=args.n, n_jobs=args.n_jobs))
                wall, cpu = min(wall, w), min(cpu, c)
            slow, s_wall, _ = timed(lambda: test(general, n=args.general_n))
        assert fast.engine == "kernel", (m.name, options)
        assert slow.engine == "general"
        same = np.array_equal(np.asarray(fast.null)[: args.general_n], np.asarray(slow.null),
                              equal_nan=True)
        assert same, (m.name, options)
        per_1000 = 1000 * wall / args.n
        cpu_1000 = 1000 * cpu / args.n
        per_draw = s_wall / args.general_n
        if not options.get("weight") and level == m.default_level:
            # threads add up their CPU times: with several, the wall clock counts
            worst = max(worst, cpu_1000 if args.n_jobs == 1 else per_1000)
        name = m.name + "(" + ", ".join(f"{k}={v!r}" for k, v in options.items()) + ")"
        print(f"{name:38s} {per_1000:13.2f} {cpu_1000:7.2f} {per_draw:15.3f} "
              f"{per_draw * 1000 / per_1000:6.0f}  {same}")
        _common.record("permutation_test", measure=name, actors=g.n_actors, ties=g.n_ties,
                       draws=args.n, n_jobs=args.n_jobs, kernel_s_per_1000=per_1000,
                       kernel_cpu_s_per_1000=cpu_1000, general_s_per_draw=per_draw,
                       general_over_kernel=per_draw * 1000 / per_1000, same_draws=same)
    clock = "CPU" if args.n_jobs == 1 else f"wall, {args.n_jobs} threads"
    print(f"\nslowest measure at its default options: {worst:.2f} s ({clock}) per 1,000 "
          f"permutations (target < {TARGET:.0f} s: {'met' if worst < TARGET else 'NOT met'})")
    if args.breakdown:
        breakdown(g, args.attribute)


if __name__ == "__main__":
    main()
