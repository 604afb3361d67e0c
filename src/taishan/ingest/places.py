"""China's places by name (data/places.tsv) and where a text names them.

A place is named by its full name (广东省, 佛山市, 泰山区) or, for a province or a prefecture, its
short name (广东, 佛山). Full names of two characters (城区, 郊区, 矿区) are common words, so they are
never read as places; nor are short names outside `shorts` when a caller narrows them.

>>> [p.name for _, _, p in mentions("深圳市光明区GDP增长")]
['深圳市', '光明区']
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    code: str  # 12 digits: the first 2 name the province, the first 4 the prefecture
    name: str
    level: str  # 省, 市, 区 or 县
    short: str  # "" when the place has none

    @property
    def prefix(self) -> str:
        """The code digits that every place within this one shares."""
        return {"省": self.code[:2], "市": self.code[:4]}.get(self.level, self.code[:6])

    def within(self, other: Place) -> bool:
        """Is this place `other` or inside it? (光明区 is within 深圳市 and 广东省.)"""
        return self.code.startswith(other.prefix)

    def names(self) -> tuple[str, ...]:
        return (self.name, self.short) if self.short else (self.name,)


@dataclass(frozen=True)
class Table:
    places: tuple[Place, ...]
    by_name: dict[str, tuple[Place, ...]]  # full and short names -> the places they may mean
    lengths: dict[str, tuple[int, ...]]  # a name's first character -> the lengths of its names, longest first


@cache
def table() -> Table:
    text = (resources.files("taishan") / "data" / "places.tsv").read_text(encoding="utf-8")
    places = []
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("code\t") or not line.strip():
            continue
        code, name, level, short = ([*line.split("\t"), ""])[:4]
        places.append(Place(code, name, level, short))
    by_name: dict[str, list[Place]] = {}
    for p in places:
        for name in p.names():
            if len(name) >= 3 or name == p.short:  # 城区, 郊区: words, not names
                by_name.setdefault(name, []).append(p)
    lengths: dict[str, set[int]] = {}
    for name in by_name:
        lengths.setdefault(name[0], set()).add(len(name))
    longest_first = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
    return Table(tuple(places), {n: tuple(ps) for n, ps in by_name.items()}, longest_first)


def names_in(text: str) -> tuple[tuple[int, str], ...]:
    """Every place name in `text`, as (start, name), left to right, the longest at each start, none
    overlapping: what a regex of every name, longest first, finds, but ten times quicker, as it
    looks up only the lengths of names that begin with the character at hand (3,470 names).
    A clause's names are kept a while: a sentence's facts look at its clauses one after another.

    >>> names_in("深圳市光明区GDP增长")
    ((0, '深圳市'), (3, '光明区'))
    """
    return _names_kept(text) if len(text) <= CLAUSE_KEPT else _names(text)


CLAUSE_KEPT = 200  # longer: a whole text (a report's, for its own place), not worth keeping


@lru_cache(maxsize=1 << 12)
def _names_kept(text: str) -> tuple[tuple[int, str], ...]:
    return _names(text)


def _names(text: str) -> tuple[tuple[int, str], ...]:
    t = table()
    found = []
    at, end = 0, len(text)
    while at < end:
        for length in t.lengths.get(text[at], ()):
            name = text[at : at + length]
            if len(name) == length and name in t.by_name:
                found.append((at, name))
                at += length
                break
        else:
            at += 1
    return tuple(found)


def mentions(text: str, shorts: Collection[Place] | None = None) -> list[tuple[int, int, Place]]:
    """Every place `text` names, as (start, end, place), left to right, longest name first.

    A short name counts only for the places in `shorts`, when given. A name several places share
    (朝阳区) is read as the first of them that `shorts` holds, else the first in code order.
    A caller asking for many texts passes `shorts` as a set: one hashed once, not at every call.
    """
    t = table()
    allowed = None if shorts is None else shorts if isinstance(shorts, set | frozenset) else set(shorts)
    found = []
    for start, name in names_in(text):
        candidates = t.by_name[name]
        full = [p for p in candidates if p.name == name]
        if allowed is not None:
            preferred = [p for p in candidates if p in allowed]
            candidates_ = preferred or full
        else:
            candidates_ = full or list(candidates)
        if candidates_:
            found.append((start, start + len(name), candidates_[0]))
    return found


def by_code(code: str) -> Place | None:
    for p in table().places:
        if p.code == code:
            return p
    return None


def ancestors(place: Place) -> list[Place]:
    """The province and prefecture that hold `place`, outermost first (not the place itself)."""
    out = []
    for prefix in (place.code[:2] + "0" * 10, place.code[:4] + "0" * 8):
        if prefix != place.code:
            p = by_code(prefix)
            if p is not None and p not in out:
                out.append(p)
    return out


def within(place: Place) -> list[Place]:
    """`place` and every place inside it."""
    return [p for p in table().places if p.within(place)]


def find(name: str) -> Place | None:
    """The place a name (full or short, as a person types it) means, or None.

    >>> find("广东").name, find("泰山区").level
    ('广东省', '区')
    """
    name = name.strip()
    ps = table().by_name.get(name)
    if not ps:
        return None
    full = [p for p in ps if p.name == name]
    return sorted(full or list(ps), key=lambda p: ("省市区县".index(p.level), p.code))[0]
