"""A fact's status: a result (actual), an estimate (预计, 初步统计) or a target (预期目标, 力争).

Stores built by a version that records `status` carry it; for older ones it is read here from the
words of the fact's sentence before its figure.

>>> status_of({"text": "主要预期目标是：地区生产总值增长5%左右", "figure": "增长5%"})
'target'
"""

from __future__ import annotations

import re

from taishan.store import Record

STATUSES = ("actual", "estimate", "target")
# how a report says a figure is planned, or not yet final, in the words before it
TARGET = re.compile(r"目标|力争|计划|预期(?!性)")
ESTIMATE = re.compile(r"预计|初步(?:统计|预计|核算|测算)|预估|快报")


def status_of(record: Record) -> str:
    """The record's `status` where the store has it, else read from its sentence's words before the
    figure: a target (预期目标, 力争), an estimate (预计, 初步统计) or a result."""
    given = record.get("status")
    if isinstance(given, str) and given in STATUSES:
        return given
    text = record.get("text") or ""
    figure = record.get("figure")
    at = text.find(figure) if figure else -1
    before = text[: at if at >= 0 else len(text)]
    if TARGET.search(before):
        return "target"
    if ESTIMATE.search(before):
        return "estimate"
    return "actual"
