"""Benchmark: affiliation table -> actor network, clusternet against igraph and networkx.

Run from the repository root (clusternet installed, e.g. ``pip install -e .``)::

    python benchmarks/bench_projection.py                     # 10^4, 10^5, 10^6 rows
    python benchmarks/bench_projection.py --sizes 1e6 --repeats 7
    python benchmarks/bench_projection.py --markdown results.md --json results.json

What is timed -- the whole way from the table (a pandas DataFrame with an
``actor`` and an ``event`` column, one row per participation) to the
weighted actor network, everything included:

``clusternet``
    ``clusternet.from_affiliations(table, projection=...)``: validation,
    factorisation of the ids, incidence, projection, actor and event tables.
    ``count`` (shared events) and ``newman`` (Newman 2001) projections, with
    the default threads (one per core) and with one thread.
``igraph``
    ``pd.factorize`` of both columns, ``igraph.Graph.Bipartite`` from the
    codes, ``bipartite_projection(multiplicity=True, which=0)``: the tie
    weight is the number of shared events, as clusternet's ``count``.
``networkx``
    the bipartite ``nx.Graph`` built from the table (actors, events as
    ``("event", id)`` nodes, one edge a row), then
    ``nx.bipartite.weighted_projected_graph`` (= ``count``) or
    ``collaboration_weighted_projected_graph`` (= ``newman``). Skipped above
    ``--nx-max-rows`` (it takes minutes at 10^5 rows and hours beyond); when
    one run takes more than ``--nx-budget`` seconds it is not repeated.

Every run is a fresh subprocess that loads the pickled table, builds the
network once on a tiny table (imports, first-call costs), then times one
build with ``time.perf_counter``. The engines take turns, round after round
(``--repeats`` rounds), so that a slow spell of the machine falls on all of
them; the report gives the median and the minimum over the rounds.

Memory is the peak resident set size (RSS, from ``/proc/self/status``) of
that subprocess during the build, above its RSS just before the build: the
kernel's high-water mark is reset right before the build (``clear_refs``),
so what the table generation or the warm-up used does not count. It covers
every allocation (numpy, scipy, pyarrow, igraph's C core), unlike
tracemalloc, which sees only Python's allocators (``--tracemalloc`` adds a
separate traced run of clusternet for comparison). ``held`` is the RSS still
added after the build with the graph alive; ``graph`` is the exact size of
clusternet's CollaborationGraph (adjacency, incidence, actor and event
tables). The memory target of the foundation issue is checked as
``(table + peak) / (graph + table) <= 2``.

Every engine's ties are checked against clusternet's outside the timed part:
the same pairs, count weights equal to igraph's multiplicity and networkx's
``weighted_projected_graph`` exactly, newman weights equal to networkx's
``collaboration_weighted_projected_graph`` to 1e-12 (relative).

The synthetic table (:func:`make_table`) is documented there; it is
deterministic for a seed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

ENGINES = (
    "clusternet-count",
    "clusternet-newman",
    "clusternet-count-1thread",
    "igraph-count",
    "networkx-count",
    "networkx-newman",
    "clusternet-count-baseline",
)
MB = 1e6


# --------------------------------------------------------------------------- data
def make_table(
    n_rows: int,
    seed: int = 0,
    *,
    ids: str = "str",
    max_team: int = 200,
    team_alpha: float = 1.5,
    team_scale: float = 1.5,
    activity_alpha: float = 1.5,
    rows_per_actor: float = 4.0,
) -> pd.DataFrame:
    """A synthetic affiliation table of exactly ``n_rows`` rows (one per actor per
    event), with heavy-tailed team sizes and actor activity.

    - **Team sizes** follow a discrete Pareto law, ``floor(team_scale * U **
      (-1 / team_alpha))`` for ``U`` uniform on (0, 1], capped at ``max_team``:
      with the defaults about a third of the events are single-actor, the median
      team has 2 actors, the mean about 3.7, and the tail reaches the cap (200)
      at 10^5 rows and beyond (P(size >= s) ~ s^-1.5). The cap keeps the
      projection of 10^6 rows near 12.5 million pairs (sum of n_e(n_e-1)/2),
      12.2 million distinct ties.
    - **Actor activity**: ``n_rows / rows_per_actor`` potential actors, each
      with a propensity drawn from a Pareto law of index ``activity_alpha``
      (density ~ x^-2.5); every team slot is filled by an actor drawn in
      proportion to propensity, so participations per actor are heavy-tailed
      (most actors have one or two, the busiest thousands); about 88% of the
      potential actors appear.
    - An actor drawn twice for one event is kept once; the events are drawn
      until the table has ``n_rows`` rows (the last event may be cut short).
    - Ids are strings (``"a123"``, ``"e45"``; pandas' default string dtype)
      with ``ids="str"``, or int64 codes with ``ids="int"``. Rows are shuffled.

    Deterministic for a seed (numpy's PCG64).
    """
    rng = np.random.default_rng(seed)
    n_act = max(2, int(n_rows / rows_per_actor))
    propensity = (1.0 - rng.random(n_act)) ** (-1.0 / activity_alpha)
    cdf = np.cumsum(propensity)
    cdf /= cdf[-1]
    m = int(n_rows * 1.1) + 1000
    while True:
        sizes = np.floor(team_scale * (1.0 - rng.random(m)) ** (-1.0 / team_alpha))
        sizes = np.minimum(sizes, max_team).astype(np.int64)
        if sizes.sum() >= 1.05 * n_rows + 2 * max_team:
            break
        m *= 2
    event = np.repeat(np.arange(len(sizes)), sizes)
    actor = np.minimum(np.searchsorted(cdf, rng.random(len(event)), side="right"), n_act - 1)
    _, first = np.unique(event * n_act + actor, return_index=True)
    first.sort()
    first = first[:n_rows]
    if len(first) < n_rows:  # pragma: no cover - the draw above leaves a margin
        raise RuntimeError("not enough distinct participations drawn")
    event, actor = event[first], np.random.default_rng(seed + 1).permutation(n_act)[actor[first]]
    order = rng.permutation(n_rows)
    event, actor = event[order], actor[order]
    if ids == "str":
        return pd.DataFrame(
            {
                "actor": pd.Series(np.char.add("a", actor.astype(str)), dtype="str"),
                "event": pd.Series(np.char.add("e", event.astype(str)), dtype="str"),
            }
        )
    if ids == "int":
        return pd.DataFrame({"actor": actor.astype(np.int64), "event": event.astype(np.int64)})
    raise ValueError(f"ids must be 'str' or 'int', got {ids!r}")


def table_stats(df: pd.DataFrame) -> dict:
    team = df["event"].value_counts()
    act = df["actor"].value_counts()
    t = team.to_numpy(dtype=np.int64)
    return {
        "rows": len(df),
        "actors": len(act),
        "events": len(team),
        "largest_team": int(t.max()),
        "median_team": float(np.median(t)),
        "busiest_actor": int(act.max()),
        "pair_bound": int((t * (t - 1) // 2).sum()),
        "table_bytes": int(df.memory_usage(deep=True, index=True).sum()),
    }


# ------------------------------------------------------------------------ engines
def build_clusternet(df: pd.DataFrame, projection: str):
    import clusternet as cn

    return cn.from_affiliations(df, projection=projection, max_ties=None)


def build_igraph(df: pd.DataFrame):
    import igraph as ig

    a, a_ids = pd.factorize(df["actor"], sort=False)
    e, e_ids = pd.factorize(df["event"], sort=False)
    n_a = len(a_ids)
    types = np.zeros(n_a + len(e_ids), dtype=bool)
    types[n_a:] = True
    g = ig.Graph.Bipartite(types, np.column_stack([a, e + n_a]))
    return g.bipartite_projection(types="type", multiplicity=True, which=0)


def build_networkx(df: pd.DataFrame, projection: str):
    import networkx as nx

    actors = df["actor"].tolist()
    events = [("event", e) for e in df["event"].tolist()]
    nodes = list(dict.fromkeys(actors))
    B = nx.Graph()
    B.add_nodes_from(nodes, bipartite=0)
    B.add_nodes_from(dict.fromkeys(events), bipartite=1)
    B.add_edges_from(zip(actors, events))
    if projection == "count":
        return nx.bipartite.weighted_projected_graph(B, nodes)
    return nx.bipartite.collaboration_weighted_projected_graph(B, nodes)


def build(engine: str, df: pd.DataFrame):
    lib, _, rest = engine.partition("-")
    projection = rest.split("-")[0]
    if lib == "clusternet":
        return build_clusternet(df, projection)
    if lib == "igraph":
        return build_igraph(df)
    return build_networkx(df, projection)


# ------------------------------------------------------- ties, for the checks
def _canonical(u: np.ndarray, v: np.ndarray, w: np.ndarray):
    u, v = np.minimum(u, v).astype(np.int64), np.maximum(u, v).astype(np.int64)
    order = np.argsort(u * (int(max(u.max(initial=0), v.max(initial=0))) + 1) + v, kind="stable")
    return u[order], v[order], np.asarray(w, dtype=np.float64)[order]


def ties_of(engine: str, result, df: pd.DataFrame):
    """(u, v, w) with u < v in the actors' order of first appearance, sorted."""
    if engine.startswith("clusternet"):
        A = result.adjacency
        r = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
        m = A.indices > r
        return r[m], A.indices[m].astype(np.int64), A.data[m]  # already sorted
    if engine.startswith("igraph"):
        el = np.array(result.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        return _canonical(el[:, 0], el[:, 1], np.array(result.es["weight"], dtype=np.float64))
    codes = pd.Index(pd.unique(df["actor"]))
    edges = list(result.edges(data="weight"))
    u = codes.get_indexer([x for x, _, _ in edges])
    v = codes.get_indexer([y for _, y, _ in edges])
    return _canonical(u, v, np.array([w for _, _, w in edges], dtype=np.float64))


# -------------------------------------------------------------------- memory
def _proc_status() -> dict[str, int]:
    out = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, val = line.split(":")
                    out[key] = int(val.split()[0]) * 1024
    except OSError:  # not Linux
        pass
    return out


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def graph_nbytes(g) -> int:
    n = 0
    for M in (g.adjacency, g.incidence):
        n += M.data.nbytes + M.indices.nbytes + M.indptr.nbytes
    n += int(g.actors.memory_usage(deep=True, index=True).sum())
    n += int(g.events.memory_usage(deep=True, index=True).sum())
    return n


# ------------------------------------------------------------------ one run
def child(engine: str, table_path: str, ties_path: str | None, traced: bool,
          baseline: str | None = None) -> dict:
    if engine.endswith("-baseline"):
        sys.path.insert(0, baseline)  # another clusternet source tree (src/)
    df = pd.read_pickle(table_path)
    if engine == "clusternet-count-1thread":
        import clusternet.projection

        clusternet.projection.THREADS = 1
    build(engine, make_table(2000, seed=1))  # imports and first-call costs
    gc.collect()
    before = _proc_status()
    reset = _reset_peak()
    t0 = time.perf_counter()
    result = build(engine, df)
    seconds = time.perf_counter() - t0
    after = _proc_status()
    out = {"engine": engine, "seconds": seconds}
    if reset and before and after:
        out["peak_bytes"] = after["VmHWM"] - before["VmRSS"]
        out["held_bytes"] = after["VmRSS"] - before["VmRSS"]
    if engine.startswith("clusternet"):
        out["graph_bytes"] = graph_nbytes(result)
        out["ties"] = int(result.n_ties)
    elif engine.startswith("igraph"):
        out["ties"] = int(result.ecount())
    else:
        out["ties"] = int(result.number_of_edges())
    if ties_path:
        u, v, w = ties_of(engine, result, df)
        np.savez(ties_path, u=u, v=v, w=w)
    if traced and engine.startswith("clusternet"):
        import tracemalloc

        del result
        gc.collect()
        tracemalloc.start()
        result = build(engine, df)
        out["traced_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return out


def run_child(engine, table_path, ties_path, traced, timeout, baseline=None) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", engine, "--table", table_path]
    if baseline:
        cmd += ["--baseline", baseline]
    if ties_path:
        cmd += ["--ties", ties_path]
    if traced:
        cmd += ["--tracemalloc"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "timeout": timeout}
    if p.returncode != 0:
        raise RuntimeError(f"{engine} failed:\n{p.stdout}\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------- checks
def check(reference: str, other: str, files: dict) -> str:
    if reference not in files or other not in files:
        return "not run"
    a, b = np.load(files[reference]), np.load(files[other])
    if len(a["u"]) != len(b["u"]):
        return f"FAILED: {len(a['u'])} ties vs {len(b['u'])}"
    if not (np.array_equal(a["u"], b["u"]) and np.array_equal(a["v"], b["v"])):
        return "FAILED: different pairs"
    if other.endswith("newman"):
        ok = np.allclose(a["w"], b["w"], rtol=1e-12, atol=0)
        diff = float(np.max(np.abs(a["w"] - b["w"]) / np.abs(b["w"]))) if len(a["w"]) else 0.0
        return (f"OK ({len(a['u']):,} ties, weights within {diff:.1e} relative)"
                if ok else f"FAILED: weights differ by up to {diff:.1e} relative")
    if not np.array_equal(a["w"], b["w"]):
        return f"FAILED: weights differ in {int((a['w'] != b['w']).sum())} ties"
    return f"OK ({len(a['u']):,} ties, weights equal)"


# --------------------------------------------------------------------- main
def _fmt_bytes(x) -> str:
    return "-" if x is None else f"{x / MB:,.0f}" if x >= 10 * MB else f"{x / MB:,.1f}"


def _fmt_s(x) -> str:
    if x is None:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def machine() -> dict:
    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    import igraph
    import networkx
    import scipy

    import clusternet
    import clusternet.projection

    return {
        "cpu": model,
        "cores": cores,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "igraph": igraph.__version__,
        "networkx": networkx.__version__,
        "clusternet": clusternet.__version__,
        "clusternet_threads": clusternet.projection._n_threads(),
    }


def bench_size(n: int, args, tmp: Path) -> dict:
    df = make_table(n, seed=args.seed, ids=args.ids, max_team=args.max_team)
    stats = table_stats(df)
    table_path = str(tmp / f"table-{n}.pkl")
    df.to_pickle(table_path)
    del df
    engines = [e for e in ENGINES if e in args.engines]
    skipped = {}
    if n > args.nx_max_rows:
        for e in engines:
            if e.startswith("networkx"):
                skipped[e] = f"skipped: more than --nx-max-rows={int(args.nx_max_rows):,} rows"
        engines = [e for e in engines if not e.startswith("networkx")]
    runs: dict[str, list[dict]] = {e: [] for e in engines}
    files: dict[str, str] = {}
    for rnd in range(args.repeats):
        for e in engines:
            if e in skipped:
                continue
            ties_path = None
            if rnd == 0 and args.check:
                ties_path = str(tmp / f"ties-{n}-{e}.npz")
            timeout = args.nx_timeout if e.startswith("networkx") else None
            r = run_child(e, table_path, ties_path, args.tracemalloc and rnd == 0, timeout,
                          args.baseline if e.endswith("-baseline") else None)
            if "timeout" in r:
                skipped[e] = f"did not finish in --nx-timeout={args.nx_timeout:g} s"
                continue
            runs[e].append(r)
            if ties_path:
                files[e] = ties_path
            if rnd == 0 and e.startswith("networkx") and r["seconds"] > args.nx_budget:
                skipped[e] = f"not repeated: took more than --nx-budget={args.nx_budget:g} s"
            print(f"  [{n:,} rows, round {rnd + 1}] {e:<26} {r['seconds']:8.3f} s", file=sys.stderr)
    checks = {}
    if args.check:
        ref = {"count": "clusternet-count", "newman": "clusternet-newman"}
        for e in engines:
            if e.startswith(("clusternet-count-1", "clusternet-count-b")):
                checks[e] = check("clusternet-count", e, files)
            elif not e.startswith("clusternet"):
                checks[e] = check(ref[e.split("-")[1]], e, files)
        for f in files.values():
            os.unlink(f)
    os.unlink(table_path)
    summary = {}
    for e in ENGINES:
        rs = runs.get(e, [])
        if not rs:
            if skipped.get(e):
                summary[e] = {"note": skipped[e]}
            continue
        secs = [r["seconds"] for r in rs]
        summary[e] = {
            "median_s": statistics.median(secs),
            "min_s": min(secs),
            "runs": len(secs),
            "peak_bytes": max(r.get("peak_bytes", 0) for r in rs) or None,
            "held_bytes": statistics.median(r.get("held_bytes", 0) for r in rs) or None,
            "graph_bytes": rs[0].get("graph_bytes"),
            "traced_peak_bytes": rs[0].get("traced_peak_bytes"),
            "ties": rs[0]["ties"],
        }
        if skipped.get(e):
            summary[e]["note"] = skipped[e]
        if e in checks:
            summary[e]["check"] = checks[e]
    return {"n": n, "table": stats, "engines": summary}


RATIOS = (
    "clusternet/igraph",
    "clusternet 1 thread/igraph",
    "networkx/clusternet (count)",
    "networkx/clusternet (newman)",
    "memory (table+peak)/(graph+table)",
    "baseline/clusternet",
)


def ratios(res: dict) -> dict:
    eng = res["engines"]

    def t(e):
        return eng.get(e, {}).get("median_s")

    out = {}
    if t("clusternet-count") and t("igraph-count"):
        out["clusternet/igraph"] = t("clusternet-count") / t("igraph-count")
    if t("clusternet-count-1thread") and t("igraph-count"):
        out["clusternet 1 thread/igraph"] = t("clusternet-count-1thread") / t("igraph-count")
    if t("clusternet-count-baseline") and t("clusternet-count"):
        out["baseline/clusternet"] = t("clusternet-count-baseline") / t("clusternet-count")
    for p in ("count", "newman"):
        if t(f"networkx-{p}") and t(f"clusternet-{p}"):
            out[f"networkx/clusternet ({p})"] = t(f"networkx-{p}") / t(f"clusternet-{p}")
    cn = eng.get("clusternet-count", {})
    if cn.get("peak_bytes") and cn.get("graph_bytes"):
        tb = res["table"]["table_bytes"]
        out["memory (table+peak)/(graph+table)"] = (tb + cn["peak_bytes"]) / (cn["graph_bytes"] + tb)
    return out


def report(results: list[dict], info: dict, args) -> str:
    lines = [
        (f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; "
         f"Python {info['python']}, numpy {info['numpy']}, scipy {info['scipy']}, "
         f"pandas {info['pandas']}, igraph {info['igraph']}, networkx {info['networkx']}, "
         f"clusternet {info['clusternet']} ({info['clusternet_threads']} threads)"),
        (f"table: make_table(seed={args.seed}, ids={args.ids!r}, max_team={args.max_team}); "
         f"{args.repeats} rounds; times in seconds (median, min); memory in MB "
         "(peak RSS during the build above the RSS before it; held: RSS added after, "
         "graph alive; graph: clusternet's CollaborationGraph)"),
        "",
    ]
    head = "| rows | actors | events | ties | engine | median s | min s | runs | peak MB | held MB | graph MB | check |"
    lines += [head, "|" + "---|" * 12]
    for res in results:
        st = res["table"]
        first = True
        for e in ENGINES:
            s = res["engines"].get(e)
            if s is None:
                continue
            pre = (f"| {st['rows']:,} | {st['actors']:,} | {st['events']:,} | "
                   if first else "| | | | ")
            first = False
            if "median_s" not in s:
                lines.append(pre + f"| {e} | {s['note']} | | | | | | |")
                continue
            note = s.get("check", "")
            if s.get("note"):
                note = (note + "; " if note else "") + s["note"]
            lines.append(
                pre + f"{s['ties']:,} | {e} | {_fmt_s(s['median_s'])} | {_fmt_s(s['min_s'])} | "
                f"{s['runs']} | {_fmt_bytes(s['peak_bytes'])} | {_fmt_bytes(s['held_bytes'])} | "
                f"{_fmt_bytes(s['graph_bytes'])} | {note} |"
            )
    keys = [k for k in RATIOS if any(k in ratios(res) for res in results)]
    lines += ["", "| rows | table MB | pair bound | " + " | ".join(keys) + " |",
              "|" + "---|" * (3 + len(keys))]
    for res in results:
        r = ratios(res)
        cells = [
            "-" if k not in r else f"{r[k]:,.0f}x" if k.startswith("networkx") else f"{r[k]:.2f}"
            for k in keys
        ]
        lines.append(
            f"| {res['table']['rows']:,} | {_fmt_bytes(res['table']['table_bytes'])} | "
            f"{res['table']['pair_bound']:,} | " + " | ".join(cells) + " |"
        )
    if any(e.get("traced_peak_bytes") for res in results for e in res["engines"].values()):
        lines += ["", "tracemalloc peak of clusternet (Python allocators only), MB:"]
        for res in results:
            for e, s in res["engines"].items():
                if s.get("traced_peak_bytes"):
                    lines.append(f"- {res['table']['rows']:,} rows, {e}: "
                                 f"{_fmt_bytes(s['traced_peak_bytes'])}")
    return "\n".join(lines)


def targets(results: list[dict]) -> list[str]:
    out = []
    big = max(results, key=lambda r: r["n"])
    r = ratios(big)
    if "clusternet/igraph" in r:
        v = r["clusternet/igraph"]
        out.append(f"clusternet/igraph at {big['n']:,} rows = {v:.2f} (target <= 1.0): "
                   f"{'met' if v <= 1 else 'NOT met'}, {1 / v:.1f}x faster than igraph")
    nx_sizes = [res for res in results
                if "median_s" in res["engines"].get("networkx-count", {})]
    if nx_sizes:
        res = max(nx_sizes, key=lambda r: r["n"])
        rr = ratios(res)
        for p in ("count", "newman"):
            k = f"networkx/clusternet ({p})"
            if k in rr:
                out.append(f"networkx/clusternet ({p}) at {res['n']:,} rows (largest size "
                           f"networkx ran) = {rr[k]:,.0f}x (target >= 50x): "
                           f"{'met' if rr[k] >= 50 else 'NOT met'}")
    k = "memory (table+peak)/(graph+table)"
    if k in r:
        out.append(f"memory at {big['n']:,} rows: (table + peak) / (graph + table) = "
                   f"{r[k]:.2f} (target <= 2): {'met' if r[k] <= 2 else 'NOT met'}")
    return out


def record(res: dict) -> None:
    """The rows of one size for ``_common`` (raw JSON of run_all.py)."""
    st = res["table"]
    for e in ENGINES:
        s = res["engines"].get(e)
        if s is None:
            continue
        mb = (lambda b: None if not b else b / MB)
        _common.record("build", rows=st["rows"], actors=st["actors"], events=st["events"],
                       ties=s.get("ties"), engine=e, median_s=s.get("median_s"),
                       min_s=s.get("min_s"), runs=s.get("runs"),
                       peak_mb=mb(s.get("peak_bytes")), held_mb=mb(s.get("held_bytes")),
                       graph_mb=mb(s.get("graph_bytes")),
                       note="; ".join(x for x in (s.get("check"), s.get("note")) if x))
    _common.record("ratios", rows=st["rows"], table_mb=st["table_bytes"] / MB,
                   pair_bound=st["pair_bound"], **ratios(res))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1e4,1e5,1e6",
                    help="comma-separated numbers of rows (default 1e4,1e5,1e6)")
    ap.add_argument("--repeats", type=int, default=5, help="rounds of runs (default 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ids", choices=("str", "int"), default="str",
                    help="actor and event ids: strings (default) or integers")
    ap.add_argument("--max-team", type=int, default=200, help="cap on team sizes (default 200)")
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma-separated subset of: " + ", ".join(ENGINES))
    ap.add_argument("--nx-max-rows", type=float, default=1e5,
                    help="skip networkx above this many rows (default 1e5)")
    ap.add_argument("--nx-budget", type=float, default=10.0,
                    help="do not repeat a networkx run that took longer than this (s)")
    ap.add_argument("--nx-timeout", type=float, default=900.0,
                    help="give up a networkx run after this many seconds")
    ap.add_argument("--no-check", dest="check", action="store_false",
                    help="skip the comparison of the engines' ties")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also report clusternet's tracemalloc peak (one extra run)")
    ap.add_argument("--baseline", metavar="SRC",
                    help="also time clusternet imported from this source folder (the src/ "
                         "of another version, e.g. from git archive) as clusternet-count-baseline")
    ap.add_argument("--json", help="write the results to this JSON file")
    ap.add_argument("--markdown", help="write the results tables to this Markdown file")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--table", help=argparse.SUPPRESS)
    ap.add_argument("--ties", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.table, args.ties, args.tracemalloc,
                               args.baseline)))
        return 0
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if args.baseline:
        args.baseline = os.path.abspath(args.baseline)
        if "clusternet-count-baseline" not in args.engines:
            args.engines.append("clusternet-count-baseline")
    else:
        args.engines = [e for e in args.engines if not e.endswith("-baseline")]
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        ap.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    sizes = [int(float(s)) for s in args.sizes.split(",") if s.strip()]
    info = machine()
    results = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="clusternet-bench-") as tmp:
        for n in sizes:
            results.append(bench_size(n, args, Path(tmp)))
            record(results[-1])
            print(report(results[-1:], info, args).split("\n\n", 1)[1], flush=True)
            print(flush=True)
    text = report(results, info, args)
    goals = targets(results)
    print("=" * 72)
    print(text)
    print()
    for g in goals:
        print("target:", g)
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"machine": info, "args": {k: v for k, v in vars(args).items()
                                       if k not in ("child", "table", "ties")},
             "results": results, "targets": goals}, indent=2, default=str))
    if args.markdown:
        Path(args.markdown).write_text(text + "\n\n" + "\n".join(f"- {g}" for g in goals) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
