"""Run every benchmark and regenerate the tables of ``benchmarks/README.md``.

Run from the repository root::

    python benchmarks/run_all.py                    # quick profile (~15 min on 2 cores)
    python benchmarks/run_all.py --full             # the documented sizes (hours)
    python benchmarks/run_all.py --only brokerage --only scaling
    python benchmarks/run_all.py --readme-only      # regenerate from the stored JSON
    python benchmarks/run_all.py --list             # the scripts and their arguments

Each ``bench_*.py`` runs as a subprocess with ``CLUSTERNET_BENCH_JSON`` set to
``benchmarks/results/<script>.json``: the script writes there the rows it
recorded with ``_common.record`` and the commit, versions and machine
(``_common.machine``). This runner adds how it ran (profile, arguments,
seconds, the load average before and after, the exit status). Then every
block of the README between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``
(NAME a script's name without ``bench_`` and ``.py``) is rewritten from
``results/bench_NAME.json``: one table per recorded table name, under a line
that says the command, commit, date, machine and load it came from. Text
outside the markers is never touched.

A script that fails or runs out of time leaves a JSON with its exit status
and the end of its error output, and its README block says so. A script not
in this checkout (another engineer's, not landed yet) is skipped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
README = HERE / "README.md"

# name: (quick-profile arguments, full-profile arguments, time limit of the
# quick run in seconds). The full profile is each script's documented run.
SCRIPTS: dict[str, tuple[list[str], list[str], float]] = {
    "projection": (["--sizes", "1e4,1e5", "--repeats", "3", "--nx-max-rows", "1e4"], [], 300),
    "real_data": (["--repeats", "3", "--networkx"], ["--networkx"], 180),
    "brokerage": (["--scale", "0.3", "--repeat", "2", "--nx-seconds", "20", "--no-r",
                   "--no-betweenness"], [], 480),
    "local_kernels": (["--rows", "1.72e4", "8.4e4", "--no-compile", "--sna-timeout", "30"],
                      ["--large"], 300),
    "convergence": (["--scale", "0.3", "--rounds", "10", "--repeat", "2"], [], 240),
    "diversity": (["--scale", "0.1", "--perms", "100"], [], 240),
    "inference": (["--n", "200", "--repeat", "1", "--general-n", "2", "--breakdown"],
                  ["--breakdown"], 240),
    "core_periphery": (["--ties", "1e6", "--peer-sizes", "200,500"], [], 240),
    "small_world": (["--n", "5", "--sources", "100", "--niter", "2", "--nrand", "2"], [], 300),
    "team_assembly": (["--scale", "0.2", "--repeat", "2"], [], 120),
    "curveball": (["--rows", "2e5", "--repeats", "2", "--strona-rows", "2e4"],
                  ["--repeats", "3"], 240),
    "backbone": (["--repeat", "1", "--fdsm-n", "5", "--no-bicm"],
                 ["--repeat", "2", "--fdsm-n", "20"], 300),
    "qap": (["--actors", "500", "--n", "200", "--r-reps", "2"], [], 240),
    "territory": (["--ties", "1e6", "--actors", "1e5", "--decay-draws", "3"], [], 240),
    "sources": (["--rows", "1e6", "--bound-mb", "1000"], [], 300),
    "memory": (["--rows", "1e5"], ["--big"], 300),
    "dask": (["dask", "--rows", "1e5", "--perms", "20"],
             ["dask", "--rows", "1e7", "--perms", "100"], 420),
    "scaling": (["--sizes", "1e4,1e5,1e6,1e7", "--timeout", "180"], ["--full"], 1200),
    # 10^8 ties, the families whose working memory stays small (~6 GB at the
    # peak): only with --only scaling_1e8, on a quiet machine
    "scaling_1e8": (["--sizes", "1e7,1e8", "--families",
                     "build,ei_index,ego_blau,local_share", "--timeout", "600"],
                    ["--sizes", "1e7,1e8", "--timeout", "3600"], 3000),
    # 10^8 ties, the local and structural families (up to ~10 GB at the peak)
    "scaling_1e8_local": (["--sizes", "1e8", "--families",
                           "structural_holes,gould_fernandez,core_periphery,curveball",
                           "--timeout", "1500"],
                          ["--sizes", "1e8", "--families",
                           "structural_holes,gould_fernandez,core_periphery,curveball,"
                           "sdsm_backbone", "--sdsm-max", "1e8", "--timeout", "3600"], 4800),
    # the SDSM backbone past the main block's --sdsm-max (p-values of every tie)
    "scaling_sdsm": (["--sizes", "1e7", "--families", "sdsm_backbone", "--sdsm-max", "1e7",
                      "--timeout", "900"],
                     ["--sizes", "1e7,1e8", "--families", "sdsm_backbone", "--sdsm-max", "1e8",
                      "--timeout", "3600"], 4800),
    "burt_memory": ([], ["--large"], 300),
    "gf_memory": (["--repeat", "2"], ["--large", "--repeat", "3"], 300),
    "ego_sums": (["--repeat", "3"], ["--repeat", "7"], 300),
    # issue 17's "done when": 10^7 rows as Parquet on a LocalCluster of 2 workers
    "dask_1e7": (["dask", "--rows", "1e7", "--perms", "100", "--partitions", "16",
                  "--memory-limit", "9GB"],
                 ["dask", "--rows", "1e7", "--perms", "100", "--partitions", "16",
                  "--memory-limit", "9GB"], 2400),
}
# blocks that run another block's script with other arguments
SCRIPT_OF = {"scaling_1e8": "scaling", "scaling_1e8_local": "scaling",
             "scaling_sdsm": "scaling", "dask_1e7": "dask"}
# heavy: run only when named with --only
OPT_IN = {"scaling_1e8", "scaling_1e8_local", "scaling_sdsm", "dask_1e7"}
FULL_TIMEOUT = 6 * 3600.0


def json_path(name: str) -> Path:
    return RESULTS / f"bench_{name}.json"


# ------------------------------------------------------------------ running
def run(name: str, full: bool, timeout: float | None = None) -> dict[str, Any]:
    """Run one script; returns what happened (also stored in its JSON)."""
    quick, full_args, limit = SCRIPTS[name]
    args = full_args if full else quick
    script = HERE / f"bench_{SCRIPT_OF.get(name, name)}.py"
    info: dict[str, Any] = {"profile": "full" if full else "quick", "args": args}
    if not script.is_file():
        info["skipped"] = "script not in this checkout"
        return info
    out = json_path(name)
    RESULTS.mkdir(exist_ok=True)
    if out.exists():
        out.unlink()
    env = dict(os.environ, CLUSTERNET_BENCH_JSON=str(out), PYTHONUNBUFFERED="1")
    limit = timeout or (FULL_TIMEOUT if full else limit)
    info["load_before"] = list(os.getloadavg())
    t0 = time.perf_counter()
    # its own process group, so that a time-out also stops the script's children
    p = subprocess.Popen([sys.executable, str(script), *args], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    try:
        output, _ = p.communicate(timeout=limit)
        info["returncode"] = p.returncode
    except subprocess.TimeoutExpired:
        # SIGTERM first: the script writes the rows it has recorded (_common)
        os.killpg(p.pid, signal.SIGTERM)
        try:
            output, _ = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            output, _ = p.communicate()
        info["returncode"] = None
        info["timeout_s"] = limit
    tail = (output or "")[-6000:]
    info["seconds"] = round(time.perf_counter() - t0, 1)
    info["load_after"] = list(os.getloadavg())
    (RESULTS / f"bench_{name}.log").write_text(tail)
    data = json.loads(out.read_text()) if out.exists() else {
        "script": script.name, "argv": args, "results": []}
    if info["returncode"] != 0:
        info["error"] = tail.strip().splitlines()[-1][:300] if tail.strip() else "no output"
    data["run"] = info
    out.write_text(json.dumps(data, indent=1, default=str) + "\n")
    return info


# ------------------------------------------------------------- the README
def fmt(v: Any) -> str:
    """A table cell: 3 significant digits for floats, thousands separators
    for integers, ``—`` for missing."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if math.isinf(v):
            return "∞"
        a = abs(v)
        if a == 0:
            return "0"
        if a >= 1000:
            return f"{v:,.0f}"
        if a >= 0.001:
            return f"{v:.3g}"
        return f"{v:.2e}"
    if isinstance(v, (list, tuple)):
        return ", ".join(fmt(x) for x in v)
    return str(v).replace("|", "\\|").replace("\n", " ")


def provenance(data: dict[str, Any]) -> str:
    m = data.get("machine", {})
    run_ = data.get("run", {})
    argv = run_.get("args", data.get("argv", []))
    cmd = " ".join(["python benchmarks/" + data.get("script", "?"), *map(str, argv)])
    commit = (m.get("commit") or "?")[:10] + (" (src modified)" if m.get("dirty") else "")
    parts = [f"`{cmd}`"]
    if m:  # written by _common; absent when the script recorded nothing
        parts += [f"commit {commit}",
                  (data.get("date") or "?").replace("T", " ").replace("Z", " UTC")]
        parts.append(f"{m.get('processor', '?')}, {m.get('cpus', '?')} CPUs, "
                     f"{m.get('memory_gb', '?')} GB, {m.get('platform', '?')}")
        parts.append(", ".join(f"{k} {m[k]}" for k in
                               ("python", "numpy", "scipy", "pandas", "igraph", "networkx",
                                "numba", "clusternet") if m.get(k)))
    if run_.get("load_before") is not None:
        parts.append("load average (1 min) {:.1f} before, {:.1f} after".format(
            run_["load_before"][0], run_["load_after"][0]))
    if run_.get("seconds") is not None:
        parts.append(f"{run_['seconds']:.0f} s ({run_.get('profile', '?')} profile)")
    return "; ".join(parts) + "."


def render(data: dict[str, Any] | None, name: str | None = None) -> str:
    """The Markdown of one script's block."""
    if data is None:
        how = f" --only {name}" if name else ""
        return ("_Not run on this machine in this session: no stored results "
                f"(`python benchmarks/run_all.py{how}`)._")
    lines = [provenance(data)]
    run_ = data.get("run", {})
    if run_.get("skipped"):
        return f"_Not run: {run_['skipped']}._"
    if run_.get("returncode") not in (0, None) or "timeout_s" in run_:
        why = (f"stopped after {run_['timeout_s']:.0f} s" if "timeout_s" in run_
               else f"exit status {run_['returncode']}: {run_.get('error', '')}")
        lines.append(f"\n**The last run did not finish** ({fmt(why)}); the rows below are "
                     "those it recorded before.")
    tables: dict[str, list[dict[str, Any]]] = {}
    for row in data.get("results", []):
        tables.setdefault(row.get("table", "results"), []).append(row)
    if not tables:
        lines.append("\n_No rows recorded: the script does not call `_common.record` yet, "
                     "or it stopped before its first row._")
    for table, rows in tables.items():
        cols: list[str] = []
        for r in rows:
            cols += [k for k in r if k != "table" and k not in cols]
        lines += ["", f"*{table}*", "",
                  "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(fmt(r.get(c)) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


MARKER = re.compile(r"(<!-- bench:(?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /bench:(?P=name) -->)",
                    re.S)


def regenerate(text: str, results: dict[str, dict[str, Any] | None]) -> str:
    """Rewrite every marked block of ``text`` from ``results`` (name → the
    stored JSON, or None). Blocks whose name is not in ``results`` stay as
    they are."""
    def sub(m: re.Match) -> str:
        name = m.group("name")
        if name not in results:
            return m.group(0)
        return m.group(1) + render(results[name], name) + "\n" + m.group(4)

    return MARKER.sub(sub, text)


def markers(text: str) -> list[str]:
    return [m.group("name") for m in MARKER.finditer(text)]


def load_results(names) -> dict[str, dict[str, Any] | None]:
    out = {}
    for name in names:
        p = json_path(name)
        out[name] = json.loads(p.read_text()) if p.is_file() else None
    return out


def update_readme(path: Path = README) -> list[str]:
    text = path.read_text()
    names = markers(text)
    new = regenerate(text, load_results(names))
    if new != text:
        path.write_text(new)
    return names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="the documented sizes (hours)")
    ap.add_argument("--only", action="append", choices=sorted(SCRIPTS), metavar="NAME",
                    help="run only this script (repeatable); names: " + ", ".join(SCRIPTS))
    ap.add_argument("--skip", action="append", default=[], choices=sorted(SCRIPTS),
                    metavar="NAME", help="leave this script out (repeatable)")
    ap.add_argument("--timeout", type=float, help="time limit of each script, seconds")
    ap.add_argument("--readme-only", action="store_true",
                    help="only regenerate the README from the stored JSON")
    ap.add_argument("--list", action="store_true", help="print the scripts and their arguments")
    args = ap.parse_args(argv)
    if args.list:
        for name, (quick, full, limit) in SCRIPTS.items():
            print(f"{name:16s} quick: {' '.join(quick) or '(defaults)'} (limit {limit:.0f} s)"
                  f"  |  full: {' '.join(full) or '(defaults)'}")
        return 0
    t0 = time.perf_counter()
    failed = []
    if not args.readme_only:
        for name in args.only or [n for n in SCRIPTS if n not in OPT_IN]:
            if name in args.skip:
                continue
            print(f"[{time.strftime('%H:%M:%S')}] bench_{name}.py ...", end=" ", flush=True)
            info = run(name, args.full, args.timeout)
            if info.get("skipped"):
                print("skipped:", info["skipped"])
                continue
            ok = info.get("returncode") == 0
            if not ok:
                failed.append(name)
            print(f"{info['seconds']:.0f} s" + ("" if ok else f"  FAILED: {info.get('error')}"
                                                if "timeout_s" not in info else
                                                f"  STOPPED after {info['timeout_s']:.0f} s"),
                  flush=True)
    names = update_readme()
    print(f"README: {len(names)} blocks regenerated from {RESULTS.relative_to(ROOT)}/; "
          f"total {time.perf_counter() - t0:.0f} s")
    missing = [n for n in SCRIPTS if n not in names]
    if missing:
        print("no README block for:", ", ".join(missing))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
