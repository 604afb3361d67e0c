"""Filters shared by `query`, `list` and `chart`: category, unit, value and change ranges."""

from __future__ import annotations

from dataclasses import dataclass

from taishan.store import Record


@dataclass(frozen=True)
class Filters:
    category: str | None = None  # fuzzy, Chinese or pinyin
    unit: str | None = None
    min_value: float | None = None  # compared after multipliers: 1000万元 < 1.2亿元
    max_value: float | None = None
    min_change: float | None = None
    max_change: float | None = None


def select(records: list[Record], filters: Filters) -> list[Record]:
    """The records that pass every filter, in store order. (First cut: category substring only.)"""
    out = records
    if filters.category:
        out = [r for r in out if filters.category in r["category"]]
    return out
