"""Stable fact ids: the report's id and a short hash of what the fact says, not where it stands.

A fact's id is `REPORT-HHHHHH`: six hex digits of the SHA-1 of its sentence and its figure as
written (a statement without a figure: its sentence and its subject). It survives a rebuild, a
version that extracts one more figure elsewhere, and other reports coming and going; editing the
sentence itself gives its facts new ids. Two facts with the same sentence and figure (增长10%…
增长10% in one sentence), or two hashes that collide, take `-2`, `-3` … in report order.

>>> fact_ids("r", [("全区新增就业4496人。", "4496人", "新增就业"), ("全区新增就业4496人。", "4496人", "就业")])
['r-c5069a', 'r-c5069a-2']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

DIGITS = 6


def content_key(text: str, figure: str | None, subject: str) -> str:
    return f"{text}\x1f{figure if figure is not None else chr(0x1E) + subject}"


def fact_ids(report: str, keys: Iterable[tuple[str, str | None, str]]) -> list[str]:
    """The ids of a report's facts, given each fact's (sentence, figure, subject) in report order."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for key in keys:
        digest = hashlib.sha1(content_key(*key).encode("utf-8")).hexdigest()[:DIGITS]
        base = f"{report}-{digest}"
        n = seen.get(base, 0) + 1
        seen[base] = n
        ids.append(base if n == 1 else f"{base}-{n}")
    return ids
