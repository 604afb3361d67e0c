"""A numeral that names a list, a doctrine or a class rather than counting things (四个全面,
三大攻坚战, 准四类水质), by the general signs of data/numbered-names.tsv."""

from __future__ import annotations

import re

from taishan.ingest import vocab
from taishan.ingest.units import CN_UNITS

NAMES = "numbered-names.tsv"
CN_DIGIT = "一二两三四五六七八九十百千万"


def names_a_set(text: str, start: int, end: int, unit: str | None) -> bool:
    """Does the numbered phrase at text[start:end] name a list, a doctrine or a class rather than
    count things? `百县千镇万村`, `五位一体` (numerals in parallel), `做到两个维护` (a formulation
    held to), `八项规定精神` (a doctrine), `世界三大赛` (a set fixed outside the report),
    `在四大一线城市中` (a set ranked within), `准四类水质` (a grade).

    >>> names_a_set("落实中央八项规定精神", 4, 6, "项"), names_a_set("实施八大行动", 2, 4, "大")
    (True, False)
    """
    head, tail = text[:start], text[end:]
    parallel = text[start] in CN_DIGIT and tail[:1] in CN_DIGIT and tail[1:2] not in CN_DIGIT + "亿号"
    if parallel and (tail[0] in "百千万" or tail[1:2] not in CN_UNITS):
        return True  # `百县千镇万村`, `五位一体`: a slogan's parallel numerals (`九市一区` counts)
    if head.endswith(vocab.words(NAMES, "verb")):
        return True
    noun = tail[:6]
    if any(0 < noun.find(word) <= 4 for word in vocab.words(NAMES, "noun")):
        return True
    if unit == "类":
        return head.endswith(vocab.words(NAMES, "grade"))
    if unit is None:  # N大
        if head.endswith(vocab.words(NAMES, "scope")):
            return True
        clause = re.split(r"[，；。、]", tail, maxsplit=1)[0]
        for word in vocab.words(NAMES, "among"):
            at = clause.find(word, 1)
            rest = clause[at + len(word) :]
            if 0 < at <= 6 and (not rest or rest.startswith(("排", "居", "位", "名列", "列"))):
                return True  # `在四大一线城市中排名第一`: the set it ranks within
    return False


PLACES = "place-names.tsv"


def _place_names() -> re.Pattern[str]:
    """Every division name of data/place-names.tsv that may stand in a text; a short name that is
    a numeral and a counter (三台, 三元, 五台) is taken only in full (三台县): alone it counts."""
    names = [
        name
        for name, kind, *_ in vocab.table(PLACES)
        if kind == "full" or name[1:].lstrip(CN_DIGIT) not in CN_UNITS
    ]
    return re.compile("|".join(sorted(names, key=len, reverse=True)))


PLACE_NAMES = _place_names()


def in_place_name(text: str, start: int, end: int) -> bool:
    """Is the numbered phrase at text[start:end] part of a place name (`三门峡`: not 3门)?

    >>> in_place_name("三门峡市", 0, 2), in_place_name("四平方公里", 0, 5), in_place_name("三台设备", 0, 2)
    (True, False, False)
    """
    for m in PLACE_NAMES.finditer(text, max(0, start - 8), end + 8):
        if m.start() <= start and end <= m.end():
            return True
    return False
