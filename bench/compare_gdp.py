"""Measure `taishan compare 地区生产总值` over provincial work reports against a label table.

Run: python bench/compare_gdp.py STORE LABELS.tsv
  STORE: a store built from the reports (`taishan build /path/to/provinces/*.txt --store S`)
  LABELS.tsv: province, gdp_2024_value, gdp_2024_unit, gdp_2024_growth, gdp_2025_target_growth …
  (tests/data/gdp-2025.tsv, labelled by reading the 27 provincial reports of 2025)

A province is right when its row gives the labelled 2024 growth as its change (or, where no growth
is labelled, the labelled level), and with --status target the labelled 2025 target; a province
labelled with nothing is right when it has no row.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from typing import Any


def rows(store: str, *extra: str) -> dict[str, dict[str, Any]]:
    out = subprocess.run(
        ["taishan", "compare", "地区生产总值", "--store", store, "--format", "json", *extra],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {r["report"]: r for r in json.loads(out or "[]")}


def same(a: Any, b: str) -> bool:
    return a is not None and b != "" and abs(float(a) - float(b)) < 1e-9


def main() -> int:
    store, labels = sys.argv[1], sys.argv[2]
    actual, target = rows(store), rows(store, "--status", "target")
    right = {"actual": 0, "target": 0}
    total = 0
    with open(labels, encoding="utf-8") as f:
        for label in csv.DictReader(f, delimiter="\t"):
            total += 1
            name = label["province"]
            got = actual.get(name)
            growth, level = label["gdp_2024_growth"], label["gdp_2024_value"]
            if growth:
                ok = got is not None and same(got["change"], growth)
            elif level:
                ok = got is not None and same(got["value"], level)
            else:
                ok = got is None
            right["actual"] += ok
            if not ok:
                print(
                    f"2024   {name}: want {growth or level or 'none'}, got {got and (got['change'], got['value'], got['subject'])}"
                )
            t = target.get(name)
            want = label["gdp_2025_target_growth"]
            ok_t = t is not None and (
                same(t["change"], want) or (t["unit"] == "%" and same(t["value"], want))
            )
            right["target"] += ok_t
            if not ok_t:
                print(f"target {name}: want {want}, got {t and (t['change'], t['value'], t['subject'])}")
    print(f"SCORE compare 2024 {right['actual']}/{total} target {right['target']}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
