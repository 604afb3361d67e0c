"""Filters shared by `query`, `list` and `chart`: category, unit, value and change ranges.

The category filter's fuzzy match is resolved by the caller (engine.py), so this stays pure.

>>> amount({"value": 1000, "unit": "万元"}) < amount({"value": 1.2, "unit": "亿元"})
True
>>> parse_amount("1.2亿")
120000000.0
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from typing import Any, NamedTuple, TypedDict

from taishan.errors import UsageError
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


class Given(TypedDict, total=False):
    """The filters as a person or a script gives them (`make` checks them): the API's keywords
    and the command line's options."""

    category: str | None
    unit: str | None
    min_value: float | str | None
    max_value: float | str | None
    min_change: float | None
    max_change: float | None


def make(
    category: str | None = None,
    unit: str | None = None,
    min_value: float | str | None = None,
    max_value: float | str | None = None,
    min_change: float | None = None,
    max_change: float | None = None,
) -> Filters:
    """Filters from what a person gives: bounds as numbers or as typed (`1.2亿`, `1000万`);
    UsageError (named as the command line names it) for a bound that is not a finite number or
    a blank category or unit.

    >>> make(min_value="1.2亿").min_value
    120000000.0
    """
    low, high = _bound("--min", min_value), _bound("--max", max_value)
    for name, number in (
        ("--min", low),
        ("--max", high),
        ("--min-change", min_change),
        ("--max-change", max_change),
    ):
        if number is not None and not math.isfinite(number):
            raise UsageError(f"{name} needs a finite number, not {number}")
    unit = _not_blank("--unit", unit)
    return Filters(
        category=_not_blank("--category", category),
        unit=unit,
        min_value=low,
        max_value=high,
        min_change=None if min_change is None else float(min_change),
        max_change=None if max_change is None else float(max_change),
    )


def _bound(name: str, given: float | str | None) -> float | None:
    """A --min or --max bound: a number, or as typed (`5000`, `1000万`, `1.2亿`; a trailing unit is ignored)."""
    if given is None or isinstance(given, int | float):
        return None if given is None else float(given)
    try:
        return parse_amount(given)
    except ValueError:
        raise UsageError(f"{name} needs a finite number such as 5000 or 1.2亿, not {given!r}") from None


def _not_blank(name: str, text: str | None) -> str | None:
    """An option's text; a usage error when it is given but empty (it would match nothing, or all)."""
    if text is not None and not text.strip():
        raise UsageError(f"{name} must not be empty (leave it out to keep every fact)")
    return text


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


def select(
    records: list[Record], filters: Filters, categories: Collection[str] | None = None
) -> list[Record]:
    """The records that pass every filter, in store order.

    `categories` are the headings `filters.category` matches: a fuzzy match is a search, so the
    caller resolves it (search.categories_matching) and this module stays below the matcher.
    """
    out = records
    if filters.category is not None:
        if categories is None:
            raise ValueError("a category filter needs the categories it matches")
        out = [r for r in out if r["category"] in categories]
    if filters.unit:
        out = [r for r in out if _unit_matches(r.get("unit"), filters.unit)]
    out = [r for r in out if _in_range(amount(r), filters.min_value, filters.max_value)]
    return [
        r
        for r in out
        if _in_range(
            None if r.get("change") is None else float(r["change"]), filters.min_change, filters.max_change
        )
    ]
