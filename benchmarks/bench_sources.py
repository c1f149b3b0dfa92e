"""Benchmark: peak memory of ``cn.sources.read_patentsview`` on generated bulk tables.

Run from the repository root (clusternet installed)::

    python benchmarks/bench_sources.py                  # 10^7 inventor rows (~4 min on 2 cores)
    python benchmarks/bench_sources.py --rows 1e6       # a quick run
    python benchmarks/bench_sources.py --bound-mb 2500 --chunksize 500000

What is generated (in a fresh folder under /tmp, deleted at the end unless
``--keep``), in the PatentsView granted-patent schema, deterministic for a
seed:

``g_inventor_disambiguated.tsv``
    ``--rows`` rows (patent_id, inventor_sequence, inventor_id,
    disambig_inventor_name_first, disambig_inventor_name_last, gender_code,
    location_id); patents of 1 to 4 inventors (mean 2.5), ``rows / 2.5``
    patents, ``rows / 5`` possible inventors drawn with a heavy tail (about
    a third of them appear), ids shaped like the real ones
    (``fl:a12_ln:name-12``; 23-character location ids).
``g_location_disambiguated.tsv``
    50,000 places with coordinates.
``g_patent.tsv``
    one row per patent (grant dates 1976-2024), plus 5 % patents that no
    inventor row names.
``g_cpc_current.tsv``
    1 to 4 current CPC classes per patent.

What is measured: a fresh subprocess imports clusternet, notes its resident
set size, runs ``read_patentsview(folder, chunksize=...)`` once and reports
the peak resident set size (``VmHWM`` of ``/proc/self/status``: every
allocation, numpy, pandas, pyarrow; not ``getrusage``'s ``ru_maxrss``, which a
child started by a large parent inherits on Linux), the time, and the size of the
three tables returned (``memory_usage(deep=True)``). The run fails (exit
status 1) when the peak exceeds ``--bound-mb``.

The bound is stated for the default 10^7 rows and chunks of 500,000 rows:
3,000 MB of peak RSS. Memory grows with the rows kept (Arrow-backed strings
for the two ids, codes into the location table for places, one bit mask per
patent for CPC sections), not with the text of the files: one chunk of text
is parsed at a time.

Measured on 2026-12-04 (2 cores shared with other work, load ~8; pandas 3.1,
pyarrow 26), ``python benchmarks/bench_sources.py``: tables generated
1,345 MB of text (inventors 724 MB, CPC 410 MB, patents 208 MB); read in
226 s; 10,000,000 rows, 742,272 inventors, 3,999,349 patents; tables
returned 1,108 MB; peak RSS 2,666 MB (114 MB after imports): OK.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common  # noqa: E402

CHILD = r"""
import json, sys, time, warnings
import clusternet as cn

def status(key):  # kB in /proc/self/status; VmHWM is this process's own peak
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])

base = status("VmRSS")
t0 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    tables = cn.sources.read_patentsview(sys.argv[1], chunksize=int(sys.argv[2]))
elapsed = time.perf_counter() - t0
peak = status("VmHWM")
size = sum(int(t.memory_usage(deep=True).sum()) for t in tables)
print(json.dumps({"peak_mb": peak / 1024, "import_mb": base / 1024, "seconds": elapsed,
                  "tables_mb": size / 2**20, "rows": len(tables.affiliations),
                  "actors": len(tables.actors), "events": len(tables.events)}))
"""


def generate(folder: Path, n_rows: int, seed: int = 0) -> dict[str, int]:
    """Write the four tables; returns their sizes in bytes."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 5, int(n_rows / 2.5 * 1.2) + 2)  # 1..4 inventors, mean 2.5
    total = np.cumsum(sizes)
    cut = int(np.searchsorted(total, n_rows))
    sizes = sizes[: cut + 1]
    sizes[-1] -= int(total[cut]) - n_rows
    n_pat = len(sizes)
    pat_num = np.arange(10_000_000, 10_000_000 + n_pat)
    patent = np.repeat(pat_num, sizes)
    seq = np.arange(n_rows) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    n_inv = max(1, n_rows // 5)
    inv = np.minimum((rng.pareto(1.2, n_rows) * n_inv / 50).astype(np.int64), n_inv - 1)
    n_loc = 50_000
    loc = rng.integers(0, n_loc, n_rows)
    loc_ids = pd.Series([f"{k:08x}-{k * 7919 % 10**8:08d}-loc{k % 97:02d}" for k in range(n_loc)])

    def col(values):
        return pd.Series(values).astype(str)

    inv_s = col(inv)
    t = pd.DataFrame({
        "patent_id": col(patent),
        "inventor_sequence": seq,
        "inventor_id": "fl:a" + inv_s.str[-2:] + "_ln:name-" + inv_s,
        "disambig_inventor_name_first": "First" + inv_s.str[-3:],
        "disambig_inventor_name_last": "Last" + inv_s.str[:4],
        "gender_code": np.where(inv % 3 == 0, "F", "M"),
        "location_id": loc_ids.to_numpy()[loc],
    })
    t.to_csv(folder / "g_inventor_disambiguated.tsv", sep="\t", index=False)
    del t
    pd.DataFrame({
        "location_id": loc_ids, "disambig_city": [f"City {k % 9000}" for k in range(n_loc)],
        "disambig_state": [f"S{k % 50}" for k in range(n_loc)],
        "disambig_country": [("US", "DE", "JP", "FR", "CN")[k % 5] for k in range(n_loc)],
        "latitude": rng.uniform(-60, 70, n_loc).round(4),
        "longitude": rng.uniform(-180, 180, n_loc).round(4),
        "county": "", "state_fips": "", "county_fips": "",
    }).to_csv(folder / "g_location_disambiguated.tsv", sep="\t", index=False)
    extra = np.arange(20_000_000, 20_000_000 + n_pat // 20)
    all_pat = np.concatenate([pat_num, extra])
    days = rng.integers(np.datetime64("1976-01-01").astype(int),
                        np.datetime64("2024-12-31").astype(int), len(all_pat))
    pd.DataFrame({
        "patent_id": all_pat, "patent_type": "utility",
        "patent_date": days.astype("datetime64[D]").astype(str), "patent_title": "A title",
        "wipo_kind": "B2", "num_claims": 10, "withdrawn": 0, "filename": "ipg.xml",
    }).to_csv(folder / "g_patent.tsv", sep="\t", index=False)
    n_cpc = rng.integers(1, 5, n_pat)
    cpc_pat = np.repeat(pat_num, n_cpc)
    cpc_seq = np.arange(len(cpc_pat)) - np.repeat(np.cumsum(n_cpc) - n_cpc, n_cpc)
    sec = np.array(list("ABCDEFGHY"))[rng.integers(0, 9, len(cpc_pat))]
    pd.DataFrame({
        "patent_id": cpc_pat, "cpc_sequence": cpc_seq, "cpc_section": sec,
        "cpc_class": np.char.add(sec, "01"), "cpc_subclass": np.char.add(sec, "01B"),
        "cpc_group": np.char.add(sec, "01B1/00"), "cpc_type": "inventional",
    }).to_csv(folder / "g_cpc_current.tsv", sep="\t", index=False)
    return {p.name: p.stat().st_size for p in folder.iterdir()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=float, default=1e7, help="inventor rows (default 1e7)")
    ap.add_argument("--chunksize", type=int, default=500_000)
    ap.add_argument("--bound-mb", type=float, default=3000.0,
                    help="fail when the peak RSS exceeds this (default 3000 MB)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the generated folder")
    args = ap.parse_args(argv)
    n = int(args.rows)
    folder = Path(tempfile.mkdtemp(prefix="bench_sources_", dir="/tmp"))
    try:
        t0 = time.perf_counter()
        files = generate(folder, n, args.seed)
        gen = time.perf_counter() - t0
        out = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(args.chunksize)],
                             capture_output=True, text=True, check=True)
        res = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    text_mb = sum(files.values()) / 2**20
    print(f"read_patentsview, {n:,} inventor rows, chunksize {args.chunksize:,}")
    print(f"  files generated in {gen:.0f} s: " + ", ".join(
        f"{k} {v / 2**20:,.0f} MB" for k, v in sorted(files.items())) + f" ({text_mb:,.0f} MB)")
    print(f"  read in {res['seconds']:.1f} s: {res['rows']:,} rows, {res['actors']:,} actors, "
          f"{res['events']:,} patents; tables returned {res['tables_mb']:,.0f} MB")
    print(f"  peak RSS {res['peak_mb']:,.0f} MB (after imports {res['import_mb']:,.0f} MB); "
          f"bound {args.bound_mb:,.0f} MB")
    if args.keep:
        print(f"  files kept in {folder}")
    ok = res["peak_mb"] <= args.bound_mb
    _common.record("read_patentsview", inventor_rows=n, chunksize=args.chunksize,
                   text_mb=text_mb, seconds=res["seconds"], rows=res["rows"],
                   actors=res["actors"], patents=res["events"], tables_mb=res["tables_mb"],
                   peak_rss_mb=res["peak_mb"], bound_mb=args.bound_mb, within_bound=ok)
    print("  OK" if ok else "  OVER THE BOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
