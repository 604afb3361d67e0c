#!/usr/bin/env python3
"""Measure taishan's speed as ratios to a bare `python -c pass` timed in the same run.

    python bench/bench.py             # start-up ratios (median of 9), then a store of 100,000 facts
    python bench/bench.py --scale 0   # start-up ratios only

Runs the installed `taishan` (or --cmd). Prints a Markdown table; no timings live in the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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
    ("query 景点接待游各 --format json", "<= 8x"),  # a typo in Chinese: rapidfuzz
    ("query 冰淇淋 --format json", "<= 8x"),
    ("query xyzzy --format json", "<= 8x"),
]
REPORT = Path(__file__).resolve().parents[1] / "src" / "taishan" / "data" / "taishan-2023h1.txt"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


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


def vary(text: str, copy: int) -> str:
    """The report with every figure scaled a little, so that each copy's facts differ."""

    def scale(m: re.Match[str]) -> str:
        digits = len(m.group().split(".")[1]) if "." in m.group() else 0
        return f"{float(m.group()) * (1 + (copy % 97 + 1) / 100):.{digits}f}"

    return NUMBER.sub(scale, text)


def scale_run(cmd: list[str], facts: int, runs: int, env: dict[str, str]) -> list[tuple[str, float, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        text = REPORT.read_text(encoding="utf-8")
        store = Path(tmp) / "facts.json"
        one = subprocess.run(
            [*cmd, "build", str(REPORT), "--store", str(store)], env=env, capture_output=True
        )
        per_copy = max(
            1, int(re.search(rb"(\d+) facts", one.stderr).group(1)) if one.returncode == 0 else 180
        )
        copies = max(1, -(-facts // per_copy))  # rounded up: at least `facts` facts
        paths = []
        for i in range(copies):
            path = Path(tmp) / f"report-{i:05d}.txt"
            path.write_text(vary(text, i), encoding="utf-8")
            paths.append(str(path))
        start = time.perf_counter()
        built = subprocess.run([*cmd, "build", *paths, "--store", str(store)], env=env, capture_output=True)
        elapsed = time.perf_counter() - start
        note = built.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        rows.append((f"build {copies} reports ({note[0]})", elapsed, "<= 60 s"))
        for q in ("游客", "youke", "油客", "生产总值 增长"):
            argv = [*cmd, "query", *q.split(), "--store", str(store), "--format", "json"]
            timed(argv, env)  # the first query may build the derived index
            rows.append(
                (
                    f"query {q} on {copies * per_copy} facts",
                    statistics.median(timed(argv, env) for _ in range(runs)),
                    "<= 0.6 s",
                )
            )
        rows.append((f"store size {store.stat().st_size / 1e6:.0f} MB", 0.0, ""))
    return rows


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
        print("\n| at scale | seconds | target |\n|---|---|---|")
        for name, seconds, target in scale_run(cmd, a.scale, a.runs, env):
            print(f"| {name} | {seconds:.2f} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
