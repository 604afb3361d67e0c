#!/usr/bin/env python3
"""Measure taishan's speed as ratios to a bare `python -c pass` timed in the same run.

    python bench/bench.py             # start-up ratios (median of 9), then a store of 100,000 facts
    python bench/bench.py --scale 1000000 --runs 5   # a million facts (bench/corpus.py's varied reports)
    python bench/bench.py --scale 0   # start-up ratios only

Runs the installed `taishan` (or --cmd). Prints a Markdown table; no timings live in the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

QUERIES = [
    ("query 游客 --format json", "<= 8x"),
    ("query 游客 --format tsv", "<= 8x"),
    ("query 游客 --format table", "<= 10x"),
    ("query youke --format json", "<= 8x"),
    ("query 油客 --format json", "<= 8x"),
    ("query 遊客 --format json", "<= 8x"),
    ("query gdzctz --format json", "<= 8x"),
    ("query jiedaiyuoke --format json", "<= 8x"),  # a typo in pinyin: rapidfuzz
    ("query 景点接待游各 --format json", "<= 8x"),  # a typo in Chinese: match.partial_ratio in Python
    ("query 冰淇淋 --format json", "<= 8x"),
    ("query xyzzy --format json", "<= 8x"),
    ("query 接待游客多少人次 --format json", "<= 10x"),  # questions (#10)
    ("query 游客数量 --format json", "<= 10x"),  # the thesaurus, after every literal stage
    ("query tourist arrivals --format json", "<= 10x"),
    ("query 降幅最大的指标 --format json", "<= 10x"),  # an intent over every fact
    ("query 冰淇淋销量是多少 --format json", "<= 10x"),  # the relaxed rule, then nothing
]
CORPUS = Path(__file__).resolve().parent / "corpus.py"  # the varied reports a large store is built from


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


# runs a command as its only child and prints the child's peak memory (KiB on Linux) and CPU seconds
# (user + system: on a machine shared with other work, wall time waits for the CPU, CPU time less so)
PEAK = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, code, u.ru_utime + u.ru_stime)"
)


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds, peak memory (MB) and CPU seconds of one run of `argv`."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PEAK, *argv], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    fields = out.stdout.split() or ["0", "0", "0"]
    return elapsed, int(fields[0]) / 1024, float(fields[2])


def medians(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Interleave the commands run by run, in a new order each round, so that machine noise hits
    them all alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():
        timed(argv, env)  # warm the file cache
    order = list(commands)
    for _ in range(runs):
        random.shuffle(order)
        for name in order:
            samples[name].append(timed(commands[name], env))
    return {name: statistics.median(xs) for name, xs in samples.items()}


def scale_run(
    cmd: list[str],
    facts: int,
    runs: int,
    env: dict[str, str],
    keep: Path | None = None,
    layout: str = "folder",
) -> Iterator[tuple[str, float, float, float, str]]:
    """Build a store of about `facts` facts from bench/corpus.py's varied reports, then query it;
    each row as soon as it is measured (a million facts take many minutes). The store is a folder
    (one file per report, `layout` "folder") or one file ("file"). With `keep`, the reports, the
    store and its index are left in that folder (to profile queries afterwards)."""
    with tempfile.TemporaryDirectory() as scratch:
        tmp = str(keep) if keep else scratch
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        corpus = Path(tmp) / "reports"
        subprocess.run([sys.executable, str(CORPUS), str(corpus), "--facts", str(facts)], check=True)
        paths = sorted(str(p) for p in corpus.iterdir())
        store = Path(tmp) / ("facts" if layout == "folder" else "facts.json")
        named = str(store) + ("/" if layout == "folder" else "")  # a path ending in / is a folder
        seconds, peak, cpu = measured([*cmd, "build", *paths, "--store", named], env)
        yield f"build {len(paths)} reports", seconds, cpu, peak, "<= 240 s, <= 1.5 GB"
        queries = [(q, "json") for q in ("游客", "youke", "油客", "生产总值 增长")] + [("游客", "table")]
        for q, fmt in queries:
            argv = [*cmd, "query", *q.split(), "--store", str(store), "--format", fmt]
            timed(argv, env)  # the first query may build the derived index
            times = [measured(argv, env) for _ in range(runs)]
            target = "<= 0.3 s" if " " not in q else "<= 0.5 s"
            yield (
                f"query {q}" + (" --format table" if fmt == "table" else ""),
                statistics.median(t for t, _, _ in times),
                statistics.median(c for _, _, c in times),
                max(m for _, m, _ in times),
                target if fmt == "json" else "json + 0.1 s",
            )
        index = store / ".index.sqlite" if layout == "folder" else Path(tmp) / f".{store.name}.sqlite"
        size = index.stat().st_size / 1e6 if index.is_file() else 0.0
        files = [p for p in store.iterdir() if not p.name.startswith(".")] if store.is_dir() else [store]
        store_mb = sum(p.stat().st_size for p in files) / 1e6
        yield f"{layout} store {store_mb:.0f} MB, index {size:.0f} MB", 0, 0, 0, "index <= store"
        # one more report into the store (an incremental build: the store rewritten, the index
        # updated), beside building that report alone into a store of its own
        extra = Path(tmp) / "extra"
        subprocess.run([sys.executable, str(CORPUS), str(extra), "--reports", "1", "--seed", "7"], check=True)
        one = [str(p.rename(p.with_name("added-" + p.name))) for p in extra.iterdir()]
        seconds, peak, cpu = measured([*cmd, "build", *one, "--store", named], env)
        yield "add one report", seconds, cpu, peak, "<= 10 s"
        argv = [*cmd, "query", "游客", "--store", named, "--format", "json"]
        seconds, peak, cpu = measured(argv, env)
        yield "query 游客 after it (the index updated)", seconds, cpu, peak, "<= 0.3 s"
        seconds, peak, cpu = measured([*cmd, "build", *one, "--store", str(Path(tmp) / "one.json")], env)
        yield "that report alone", seconds, cpu, peak, ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cmd", default=shutil.which("taishan") or "taishan", help="how to start the CLI")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument(
        "--scale",
        type=int,
        default=100_000,
        metavar="FACTS",
        help="also measure a store this large (0: skip)",
    )
    ap.add_argument("--keep", type=Path, metavar="DIR", help="build the large store in DIR and keep it")
    ap.add_argument(
        "--layout", choices=["folder", "file"], default="folder", help="the large store: a folder or one file"
    )
    a = ap.parse_args()
    cmd = shlex.split(a.cmd)
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    env.pop("TAISHAN_STORE", None)
    commands = {"python -c pass": [sys.executable, "-c", "pass"]}
    commands.update({f"taishan {q}": [*cmd, *shlex.split(q)] for q, _ in QUERIES})
    got = medians(commands, a.runs, env)
    base = got["python -c pass"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"median of {a.runs} runs"
    )
    print("\n| command | median | ratio to python start | target |\n|---|---|---|---|")
    targets = dict(QUERIES)
    for name, seconds in got.items():
        target = targets.get(name.removeprefix("taishan "), "1x")
        print(f"| `{name}` | {seconds * 1000:.0f} ms | {seconds / base:.1f}x | {target} |")
    if a.scale:
        print(
            f"\n| at about {a.scale:,} facts ({a.layout}) | seconds | CPU seconds | peak memory | target |"
            "\n|---|---|---|---|---|"
        )
        for name, seconds, cpu, peak, target in scale_run(cmd, a.scale, a.runs, env, a.keep, a.layout):
            print(f"| {name} | {seconds:.2f} | {cpu:.2f} | {peak:.0f} MB | {target} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
