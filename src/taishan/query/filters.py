"""Filters shared by `query`, `list` and `chart`: category, unit, status, value and change ranges.

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
# A bound for --min/--max as typed: a number in arabic or Chinese numerals, a multiplier, then
# perhaps a unit, which is ignored but must be Chinese or `%` (`10k`, `1w`, `0x10` are refused, not
# read as 10, 1 and 0). Compiled by parse_amount on first use (re caches it), so a command without
# --min/--max never pays for it.
CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
AMOUNT = (
    rf"^\s*(?:(?P<num>[-+]?\d+(?:,\d{{3}})*(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?P<mult>万亿|亿|万|千)?"
    rf"|(?P<cn>[-+]?[{CN_NUMERALS}]+))"
    rf"\s*(?P<unit>[^\x00-\x7f\d{CN_NUMERALS}][^\x00-\x24\x26-\x7f]*|%)?\s*$"
)
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_POWERS = {"十": 10, "百": 100, "千": 1000}
CN_SECTIONS = {"万": 10_000, "亿": 100_000_000}


class Filters(NamedTuple):
    category: str | None = None  # fuzzy, Chinese or pinyin
    unit: str | None = None  # see unit_matches
    min_value: float | None = None  # compared after multipliers: 1000万元 < 1.2亿元
    max_value: float | None = None
    min_change: float | None = None
    max_change: float | None = None
    status: str | None = None  # actual, estimate or target; a store older than the field has none
    reports: frozenset[str] | None = None  # report ids (query/scope.py resolves --report, --year)
    places: frozenset[str] | None = None  # the places facts may be about (scope.py resolves --place)


class Given(TypedDict, total=False):
    """The filters as a person or a script gives them (`make` checks them): the API's keywords
    and the command line's options."""

    category: str | None
    unit: str | None
    min_value: float | str | None
    max_value: float | str | None
    min_change: float | None
    max_change: float | None
    report: str | None  # these three need the store's reports table: api.Store resolves them
    place: str | None
    year: int | None
    status: str | None


STATUSES = ("actual", "estimate", "target")


def make(
    category: str | None = None,
    unit: str | None = None,
    min_value: float | str | None = None,
    max_value: float | str | None = None,
    min_change: float | None = None,
    max_change: float | None = None,
    status: str | None = None,
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
    if status is not None and status not in STATUSES:
        raise UsageError(f"--status must be one of {', '.join(STATUSES)}, not {status!r}")
    return Filters(
        category=_not_blank("--category", category),
        unit=unit,
        min_value=low,
        max_value=high,
        min_change=None if min_change is None else float(min_change),
        max_change=None if max_change is None else float(max_change),
        status=status,
    )


def _bound(name: str, given: float | str | None) -> float | None:
    """A --min or --max bound: a number, or as typed (`5000`, `1000万`, `1.2亿`; a trailing unit is ignored)."""
    if given is None or isinstance(given, int | float):
        return None if given is None else float(given)
    try:
        return parse_amount(given)
    except ValueError:
        raise UsageError(
            f"{name} needs a finite number such as 5000, 1.2亿 or 三千万, not {given!r}"
        ) from None


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
    """A bound as a person types it (`1.2亿`, `1000万元`, `三千万`, `50`); ValueError otherwise.

    >>> parse_amount("三千万"), parse_amount("1.2亿元"), parse_amount("一万")
    (30000000.0, 120000000.0, 10000.0)
    """
    m = re.match(AMOUNT, text.replace("，", ",").replace("＋", "+").replace("－", "-"))
    if not m:
        raise ValueError(f"not a number: {text!r} (try 1.2亿 or 5000)")
    if m["cn"]:
        return float(cn_number(m["cn"].lstrip("+-"))) * (-1 if m["cn"].startswith("-") else 1)
    return float(m["num"].replace(",", "")) * MULTIPLIERS.get(m["mult"] or "", 1.0)


def cn_number(text: str) -> int:
    """A whole number in Chinese numerals, 万 and 亿 included; ValueError when it is not one.

    >>> [cn_number(t) for t in ("十三", "两千五", "三百零五", "一亿两千万", "一〇五")]
    [13, 2500, 305, 120000000, 105]
    """
    if not text:
        raise ValueError("not a number")
    total = section = 0
    digit: int | None = None
    last = 0  # the power just read (0 after 零), for `两千五` = 2500
    digits_only = all(ch in CN_DIGITS for ch in text)  # `一〇五`, as a year is written
    if digits_only and len(text) > 1:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch]:
                raise ValueError(f"not a number: {text!r}")
            digit, last = (CN_DIGITS[ch] or None), (last if CN_DIGITS[ch] else 0)
        elif ch in CN_POWERS:
            section += (1 if digit is None else digit) * CN_POWERS[ch]
            digit, last = None, CN_POWERS[ch]
        elif ch in CN_SECTIONS:
            power = CN_SECTIONS[ch]
            section += digit or 0
            if not section and not total:
                raise ValueError(f"not a number: {text!r}")  # a bare `万`
            total = (total + section) * power if total and power > 10_000 else total + section * power
            section, digit, last = 0, None, power // 10
        else:
            raise ValueError(f"not a number: {text!r}")
    if digit is not None and last >= 100:
        return total + section + digit * last // 10
    return total + section + (digit or 0)


def unit_matches(unit: str | None, wanted: str) -> bool:
    """`--unit`: a unit that begins with what was typed (`亿` finds 亿元 and 亿斤, `亿元` finds 亿元),
    or, typed without a multiplier, whose base unit it is (`元` finds 元, 万元 and 亿元).

    >>> [unit_matches(u, "亿") for u in ("亿元", "亿斤", "万元")], unit_matches("万元", "元")
    ([True, True, False], True)
    """
    import unicodedata

    wanted = unicodedata.normalize("NFKC", wanted).strip()
    if not wanted or not unit:
        return False
    if unit.startswith(wanted):
        return True
    factor, base = split_unit(wanted)
    return factor == 1.0 and split_unit(unit)[1] == base


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


def _in_scope(record: Record, filters: Filters) -> bool:
    """Of one of the reports and about one of the places, where they are given."""
    return (filters.reports is None or record.get("report") in filters.reports) and (
        filters.places is None or record.get("place") in filters.places
    )


def select(
    records: list[Record], filters: Filters, categories: Collection[str] | None = None
) -> list[Record]:
    """The records that pass every filter, in store order.

    `categories` are the headings `filters.category` matches: a fuzzy match is a search, so the
    caller resolves it (search.categories_matching) and this module stays below the matcher.
    """
    out = records
    if filters.reports is not None or filters.places is not None:
        out = [r for r in out if _in_scope(r, filters)]
    if filters.category is not None:
        if categories is None:
            raise ValueError("a category filter needs the categories it matches")
        out = [r for r in out if r["category"] in categories]
    if filters.unit:
        out = [r for r in out if unit_matches(r.get("unit"), filters.unit)]
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
