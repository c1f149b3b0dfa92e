"""Timing of label permutation tests of the E-I index on a large graph.

Compares the fast path (group codes permuted and the E-I recomputed from
the tie arrays, no graph built per draw) with the general path (a permuted
graph built and ``cn.convergence.ei_index`` called on it, what any other
statistic gets), checks that both give the same draws, and prints the time
per draw and the ratio. Target (issue 6): 1,000 permutations of E-I on a
10^6-tie graph in under 10 s.

Run:  python benchmarks/bench_inference.py [--ties 1000000] [--actors 100000]
                                           [--n 1000] [--general-n 20] [--n-jobs 1]
"""

from __future__ import annotations

import argparse
import functools
import platform
import time

import numpy as np
import pandas as pd

import clusternet as cn


def make_graph(n_ties: int, n_actors: int, n_groups: int, seed: int) -> cn.CollaborationGraph:
    """A random graph with ``n_ties`` distinct ties and mild homophily."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, n_groups, n_actors)
    src = rng.integers(0, n_actors, int(n_ties * 2))
    dst = rng.integers(0, n_actors, int(n_ties * 2))
    keep = (src != dst) & ((group[src] == group[dst]) | (rng.random(len(src)) < 0.6))
    a, b = np.minimum(src[keep], dst[keep]), np.maximum(src[keep], dst[keep])
    pairs = np.unique(a * n_actors + b)[:n_ties]
    ids = np.array([f"v{i}" for i in range(n_actors)], dtype=object)
    ties = pd.DataFrame({"source": ids[pairs // n_actors], "target": ids[pairs % n_actors]})
    actors = pd.DataFrame({"actor": ids, "domain": np.array(list("abcdefghij"))[group]})
    return cn.from_edgelist(ties, actors=actors)


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def timed_cpu(f):
    """Wall and CPU seconds of this process (the CPU time is the fairer number
    on a shared machine; with n_jobs > 1 it leaves out the workers)."""
    c0 = time.process_time()
    out, wall = timed(f)
    return out, wall, time.process_time() - c0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ties", type=float, default=1e6)
    p.add_argument("--actors", type=float, default=1e5)
    p.add_argument("--groups", type=int, default=6)
    p.add_argument("--n", type=int, default=1000, help="permutations on the fast path")
    p.add_argument("--general-n", type=int, default=20,
                   help="permutations on the general path (slow: keep small)")
    p.add_argument("--n-jobs", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    g, t_build = timed(lambda: make_graph(int(args.ties), int(args.actors), args.groups,
                                          args.seed))
    print(f"python {platform.python_version()}, numpy {np.__version__}, clusternet "
          f"{cn.__version__}, {platform.machine()}")
    print(f"graph: {g.n_actors:,} actors, {g.n_ties:,} ties, {args.groups} groups "
          f"(built in {t_build:.1f} s)")
    ei = cn.convergence.ei_index

    def general(h, attribute):
        return ei(h, attribute)

    test = functools.partial(cn.inference.permutation_test, g, attribute="domain",
                             rng=args.seed, progress=False, n_jobs=args.n_jobs)
    fast, t_fast, c_fast = timed_cpu(lambda: test(ei, n=args.n))
    slow, t_slow, c_slow = timed_cpu(lambda: test(general, n=args.general_n))
    assert fast.engine == "kernel" and slow.engine == "general"
    same = np.array_equal(fast.null[: args.general_n], slow.null)

    per_fast = t_fast / args.n
    per_slow = t_slow / args.general_n
    print(f"fast path:    {args.n:>6} permutations in {t_fast:7.2f} s wall, {c_fast:7.2f} s "
          f"CPU ({per_fast * 1e3:8.2f} ms/draw)  target < 10 s for 1000: "
          f"{'met' if per_fast * 1000 < 10 else 'NOT met'}")
    print(f"general path: {args.general_n:>6} permutations in {t_slow:7.2f} s wall, "
          f"{c_slow:7.2f} s CPU ({per_slow * 1e3:8.2f} ms/draw)  -> {per_slow * 1000:.0f} s "
          "for 1000")
    print(f"ratio general/fast per draw: {per_slow / per_fast:.1f}x wall, "
          f"{(c_slow / args.general_n) / (c_fast / args.n):.1f}x CPU")
    print(f"first {args.general_n} draws identical on both paths: {same}")
    print(f"observed E-I {fast.observed:.4f}, null mean {fast.null_mean:.4f}, "
          f"z {fast.z:.1f}, p {fast.p_value:.4g}")


if __name__ == "__main__":
    main()
