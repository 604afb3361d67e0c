"""Incremental builds, measured: each report built alone, against removing it from and adding it back
to a store of all the reports (a store folder, and a single file for the record).

    python bench/incremental.py REPORT... [--runs 3] [--only NAME...] [--json out.json]

Each timing is a `taishan` child process: wall time and CPU time (user + system, from
`resource.getrusage` of the children), the median of `--runs`. The stores start from every report
given; each measured report is removed and added back, so the store returns to the same reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(*args: str) -> tuple[float, float]:
    """Run `taishan ARGS`; its wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(["taishan", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only", nargs="*", help="measure only these reports (file names); all are in the store"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    env_note = f"load average {os.getloadavg()[0]:.1f} at start, {os.cpu_count()} cores"
    work = Path(tempfile.mkdtemp(prefix="taishan-incr-"))
    folder, single, alone = work / "folder", work / "one.json", work / "alone.json"
    reports = [str(p) for p in args.reports]
    run("build", *reports, "--store", f"{folder}/")
    run("build", *reports, "--store", str(single))
    measured = [p for p in args.reports if not args.only or p.name in args.only]
    rows = []
    print("report\talone wall/cpu\tfolder add\tfolder remove\tfile add\tfile remove", flush=True)
    for path in measured:
        rid = path.stem
        times: dict[str, list[tuple[float, float]]] = {
            k: [] for k in ("alone", "add", "remove", "fadd", "fremove")
        }
        for _ in range(args.runs):
            alone.unlink(missing_ok=True)
            times["alone"].append(run("build", str(path), "--store", str(alone)))
            times["remove"].append(run("build", "--remove", rid, "--store", str(folder)))
            times["add"].append(run("build", str(path), "--store", str(folder)))
            times["fremove"].append(run("build", "--remove", rid, "--store", str(single)))
            times["fadd"].append(run("build", str(path), "--store", str(single)))
        row = {"report": path.name, **{k: median(v) for k, v in times.items()}}
        rows.append(row)
        cells = [f"{row[k][0]:.2f}/{row[k][1]:.2f}" for k in ("alone", "add", "remove", "fadd", "fremove")]
        print("\t".join([path.name, *cells]), flush=True)
    ratio = [r["add"][1] / r["alone"][1] for r in rows]
    wall = [r["add"][0] / r["alone"][0] for r in rows]
    fratio = [r["fadd"][1] / r["alone"][1] for r in rows]
    print(
        f"folder add / alone, CPU: median {statistics.median(ratio):.2f}, max {max(ratio):.2f}; "
        f"wall: median {statistics.median(wall):.2f}, max {max(wall):.2f}; "
        f"single-file add / alone, CPU: median {statistics.median(fratio):.2f}, max {max(fratio):.2f}; "
        f"{env_note}, {os.getloadavg()[0]:.1f} at end"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
