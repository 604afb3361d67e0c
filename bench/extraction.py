#!/usr/bin/env python3
"""Time a build's extraction alone (read, normalize, extract, places, search keys), no store written.

    python bench/extraction.py REPORT_OR_FOLDER... [--workers 1]

Prints the facts, wall seconds, CPU seconds (this process and its workers, user + system: on a
machine shared with other work, CPU time is the steadier number) and peak memory of this process
and of its largest worker. Writing the store and indexing it are timed by bench/bench.py.
"""

from __future__ import annotations

import argparse
import inspect
import resource
import sys
import time
from pathlib import Path

from taishan.ingest.pipeline import each_report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="+", type=Path)
    ap.add_argument("--workers", type=int, help="processes (default: one a core)")
    a = ap.parse_args()
    # an older checkout (PYTHONPATH=../base/src), from before the pool, builds in one process
    pooled = "workers" in inspect.signature(each_report).parameters
    start = time.perf_counter()
    built = each_report(a.reports, workers=a.workers) if pooled else each_report(a.reports)
    facts = sum(len(records) for _, records in built)
    wall = time.perf_counter() - start
    me, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime
    print(
        f"{facts} facts: {wall:.1f} s wall, {cpu:.1f} s CPU, "
        f"peak memory {me.ru_maxrss // 1024} MB (largest worker {workers.ru_maxrss // 1024} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
