"""Filters shared by `query`, `list` and `chart`: category, unit, status, value and change ranges.

>>> amount({"value": 1000, "unit": "万元"}) < amount({"value": 1.2, "unit": "亿元"})
True
>>> parse_amount("1.2亿")
120000000.0
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from taishan.store import Record

MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
# units that begin with 千 without meaning a thousand of something
KILO_UNITS = ("千瓦时", "千瓦", "千米", "千克", "千伏")
# a bound for --min/--max as typed; compiled by parse_amount on first use (re caches it), so a
# command without --min/--max never pays for it
AMOUNT = r"^\s*([-+]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(万亿|亿|万|千)?\s*([^\d.,\s]\S*)?\s*$"


class Filters(NamedTuple):
    category: str | None = None  # fuzzy, Chinese or pinyin
    unit: str | None = None  # `亿元` only 亿元; `元` any amount of yuan (元, 万元, 亿元)
    min_value: float | None = None  # compared after multipliers: 1000万元 < 1.2亿元
    max_value: float | None = None
    min_change: float | None = None
    max_change: float | None = None
    status: str | None = None  # actual, estimate or target; a store older than the field has none


def split_unit(unit: str | None) -> tuple[float, str]:
    """A unit's multiplier and base unit.

    >>> split_unit("万人次"), split_unit("千瓦"), split_unit(None)
    ((10000.0, '人次'), (1.0, '千瓦'), (1.0, ''))
    """
    unit = (unit or "").strip()
    if unit.startswith(KILO_UNITS):
        return 1.0, unit
    for prefix, factor in MULTIPLIERS.items():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return 1.0, unit


def amount(record: Record) -> float | None:
    """A fact's value with its unit's multiplier applied: 1.2 亿元 -> 120000000.0."""
    value = record.get("value")
    if value is None or isinstance(value, bool):
        return None
    factor, _ = split_unit(record.get("unit"))
    return float(value) * factor


def parse_amount(text: str) -> float:
    """A bound as a person types it (`1.2亿`, `1000万元`, `50`); ValueError when it is not a number."""
    m = re.match(AMOUNT, text.replace("，", ","))
    if not m:
        raise ValueError(f"not a number: {text!r} (try 1.2亿 or 5000)")
    return float(m.group(1).replace(",", "")) * MULTIPLIERS.get(m.group(2) or "", 1.0)


def _unit_matches(unit: str | None, wanted: str) -> bool:
    import unicodedata

    wanted = unicodedata.normalize("NFKC", wanted).strip()
    if (unit or "") == wanted:
        return True
    factor, base = split_unit(wanted)
    return factor == 1.0 and split_unit(unit)[1] == base and bool(base)


def _in_range(x: float | None, low: float | None, high: float | None) -> bool:
    if low is None and high is None:
        return True
    return x is not None and (low is None or x >= low) and (high is None or x <= high)


def category_keys(records: list[Record]) -> dict[str, Any]:
    """Each category once, in store order, with its search key."""
    names: dict[str, Any] = {}
    for r in records:
        if r["category"] not in names:
            names[r["category"]] = (r.get("keys") or {}).get("category")
    return names


def _categories(names: dict[str, Any], wanted: str) -> set[str]:
    """The categories that match `wanted` like a one-word query (fuzzy, Chinese or pinyin)."""
    from taishan.query.search import search

    stand_ins = [{"subject": name, "keys": {"subject": key}} for name, key in names.items()]
    return {h.record["subject"] for h in search(stand_ins, [wanted])}


def select(records: list[Record], filters: Filters, categories: dict[str, Any] | None = None) -> list[Record]:
    """The records that pass every filter, in store order.

    `categories` (name -> key) are the store's, when `records` are only some of its facts.
    """
    out = records
    if filters.category is not None:
        keep = _categories(category_keys(out) if categories is None else categories, filters.category)
        out = [r for r in out if r["category"] in keep]
    if filters.unit:
        out = [r for r in out if _unit_matches(r.get("unit"), filters.unit)]
    if filters.status is not None:
        out = [r for r in out if r.get("status") == filters.status]
    out = [r for r in out if _in_range(amount(r), filters.min_value, filters.max_value)]
    return [
        r
        for r in out
        if _in_range(
            None if r.get("change") is None else float(r["change"]), filters.min_change, filters.max_change
        )
    ]
