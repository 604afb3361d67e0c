"""A query asking for a share: `民生支出占比` is 民生支出's share, a % figure its sentence gives
beside it (`全区民生支出达到12亿元，占一般公共预算支出比重79.3%`), which no subject names as typed.

The words are data (data/share-words.tsv). `stem` finds the query's share word and what it is a
share of; `shares` picks, from the facts found for that stem, those that are its share.

>>> stem(["民生支出占比"]), stem(["优良天数", "比例"]), stem(["游客"])
(['民生支出'], ['优良天数'], None)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from taishan.store import Record

WORDS = Path(__file__).parent.parent / "data" / "share-words.tsv"


@cache
def _words(where: str) -> tuple[str, ...]:
    """The table's words of that kind, longest first."""
    rows = [line.split("\t") for line in WORDS.read_text(encoding="utf-8").splitlines()]
    words = [row[0] for row in rows if len(row) == 2 and not row[0].startswith("#") and row[1] == where]
    return tuple(sorted(words, key=len, reverse=True))


def stem(terms: list[str]) -> list[str] | None:
    """The query's words less the share word ending the last of them (民生支出占比 -> 民生支出); None
    when it asks for no share, or nothing is left."""
    words = [w for t in terms for w in t.split()]
    if not words:
        return None
    last = words[-1]
    asked = next((w for w in _words("ask") if last.endswith(w)), None)
    if asked is None:
        return None
    rest = [*words[:-1], last[: -len(asked)]] if len(last) > len(asked) else words[:-1]
    return rest or None


def is_share(record: Record, of: list[str]) -> bool:
    """Is the fact a share (a % figure whose subject says 比重, 占 …) of what the words name, named
    in its sentence before the figure?"""
    if record.get("unit") != "%" or record.get("value") is None:
        return False
    subject = record.get("subject") or ""
    if not any(w in subject for w in _words("subject")):
        return False
    text, figure = record.get("text") or "", record.get("figure") or ""
    at = text.find(figure) if figure else -1
    before = text[:at] if at >= 0 else text
    return all(w.lower() in before.lower() for w in of)
