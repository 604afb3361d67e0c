#!/usr/bin/env python3
"""Proof that a change to build speed changed no output: every record of several builds, compared.

    python bench/same_output.py save /tmp/before                 # build every set, keep its records
    python bench/same_output.py check /tmp/before                # build again, compare: ids, every field
    python bench/same_output.py save /tmp/before --src ../base/src   # another checkout's code

The sets: the bundled report alone (one report, built in-process), the three corpus texts together,
the 27 provincial reports (a folder of .docx) and a folder of bench/corpus.py reports (--bench, made
with `python bench/corpus.py DIR --reports 40`). Each is built with the `taishan` command line, as a
person builds, into a fresh store; its records and report rows are kept as canonical JSON lines.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared"
)
CORPUS = SHARED / "corpus"


def sets(bench: Path | None) -> dict[str, list[str]]:
    """Each set's name and the reports `taishan build` is given (none: the bundled report)."""
    out = {
        "bundled": [],
        "corpus": [str(p) for p in sorted(CORPUS.glob("*.txt"))],
        "provinces": [str(CORPUS / "provinces-2025")],
    }
    if bench is not None:
        out["bench"] = [str(bench)]
    return out


def lines(store: Path, src: Path | None) -> list[str]:
    """The store's report rows, then its records, one canonical JSON line each (read by the code
    that wrote them, so that a change of layout is read as its writer meant)."""
    code = (
        "import json, sys; from pathlib import Path; from taishan import store; p = Path(sys.argv[1]); "
        "[print('report', json.dumps(r, ensure_ascii=False, sort_keys=True)) for r in store.load_reports(p)]; "
        "[print(json.dumps(r, ensure_ascii=False, sort_keys=True)) for r in store.load(p)]"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(store)], env=_env(src), capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def _env(src: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    return env


def built(reports: list[str], src: Path | None) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "facts.json"
        argv = [sys.executable, "-m", "taishan", "build", *reports, "--store", str(store), "--fresh"]
        subprocess.run(argv, env=_env(src), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return lines(store, src)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("save", "check"))
    ap.add_argument("folder", type=Path, help="where the saved records are (save: written)")
    ap.add_argument("--bench", type=Path, help="a folder of bench/corpus.py reports")
    ap.add_argument("--src", type=Path, help="build with the taishan package under this folder")
    a = ap.parse_args()
    a.folder.mkdir(parents=True, exist_ok=True)
    differ = 0
    for name, reports in sets(a.bench).items():
        got = built(reports, a.src)
        saved = a.folder / f"{name}.jsonl"
        if a.mode == "save":
            saved.write_text("\n".join(got) + "\n", encoding="utf-8")
            print(f"{name}: {len(got)} lines saved")
            continue
        want = saved.read_text(encoding="utf-8").splitlines()
        first = next((i for i, (w, g) in enumerate(zip(want, got, strict=False)) if w != g), None)
        if first is None and len(want) == len(got):
            print(f"{name}: {len(got)} lines, all the same")
            continue
        differ += 1
        if first is None:
            print(f"{name}: {len(want)} lines saved, {len(got)} built")
        else:
            print(f"{name}: line {first + 1} differs\n  saved: {want[first]}\n  built: {got[first]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
