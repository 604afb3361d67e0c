"""Facts -> output: one function per format. Only this module imports rich."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from taishan.store import Record

FIELDS = ["id", "category", "topic", "subject", "value", "unit", "qualifier", "change", "rank", "period",
          "text", "line", "report"]


def public(record: Record, score: float | None = None) -> dict[str, Any]:
    out = {k: record.get(k) for k in FIELDS}
    if score is not None:
        out["score"] = round(score, 1)
    return out


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return str(value)


def to_delimited(rows: list[dict[str, Any]], delimiter: str) -> str:
    buf = io.StringIO()
    if delimiter == "\t":
        for r in rows:
            buf.write("\t".join(_cell(v).replace("\t", " ").replace("\n", " ") for v in r.values()) + "\n")
        return buf.getvalue()
    writer = csv.writer(buf, lineterminator="\n")
    if rows:
        writer.writerow(rows[0].keys())
    for r in rows:
        writer.writerow(_cell(v) for v in r.values())
    return buf.getvalue()
