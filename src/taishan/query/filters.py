"""Filters shared by `query`, `list` and `chart`: category, unit, value and change ranges.

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


def _categories(names: dict[str, Any], wanted: str) -> set[str]:
    """The categories that match `wanted` like a one-word query (fuzzy, Chinese or pinyin)."""
    return set(matching_categories(names, wanted))


def matching_categories(names: dict[str, Any], wanted: str) -> list[str]:
    """The category names (name -> key) that `wanted` matches as --category reads it, best first:
    what shell completion offers (`经`, `jingji`, `jj` all find 经济…); all of them for nothing typed."""
    if not wanted.strip():
        return list(names)
    from taishan.query.search import search

    stand_ins = [{"subject": name, "keys": {"subject": key}} for name, key in names.items()]
    return [h.record["subject"] for h in search(stand_ins, [wanted])]


def select(records: list[Record], filters: Filters, categories: dict[str, Any] | None = None) -> list[Record]:
    """The records that pass every filter, in store order.

    `categories` (name -> key) are the store's, when `records` are only some of its facts.
    """
    out = records
    if filters.category is not None:
        keep = _categories(category_keys(out) if categories is None else categories, filters.category)
        out = [r for r in out if r["category"] in keep]
    if filters.unit:
        out = [r for r in out if unit_matches(r.get("unit"), filters.unit)]
    out = [r for r in out if _in_range(amount(r), filters.min_value, filters.max_value)]
    return [
        r
        for r in out
        if _in_range(
            None if r.get("change") is None else float(r["change"]), filters.min_change, filters.max_change
        )
    ]
