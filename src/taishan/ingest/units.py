"""The units a figure may end in, read from data: units.tsv (legal, market, currency and
statistical units, counters, and words that are none), measure-words.tsv (CC-CEDICT's 量词) and
counted-nouns.tsv (CC-CEDICT's nouns that open with one).

>>> "斤" in UNITS, "EFlops" in LATIN_UNITS, "群众" in NOT_UNITS, "盘" in CN_UNITS
(True, True, True, False)
"""

from __future__ import annotations

from taishan.ingest import vocab

PER_ONLY = ("per-numerator", "per-denominator")  # units only within a unit per another (`30万吨/日`)


def _units() -> list[str]:
    """Every unit a figure may end in: the legal, market, currency and statistical units of
    units.tsv and CC-CEDICT's measure words, less those that after a number are other words."""
    table = [row for row in vocab.table("units.tsv") if len(row) >= 2]
    struck = {unit for unit, kind, *_ in table if kind == "not-unit"}
    units = {unit for unit, kind, *_ in table if kind not in ("not-unit", "not-number", *PER_ONLY)}
    units |= {row[0] for row in vocab.table("measure-words.tsv")}
    # Longest first: the regex takes the first alternative that matches.
    return sorted(units - struck, key=lambda u: (-len(u), u))


def _kind(kind: str) -> tuple[str, ...]:
    return vocab.words("units.tsv", kind)


UNITS = [*_units(), "%", "‰"]
# A count in Chinese numerals takes a unit of measure or a general counter, never one of
# CC-CEDICT's special measure words: `六盘水`, `四面八方`, `三番五次` are names and idioms.
CN_UNITS = [
    u
    for u, k, *_ in vocab.table("units.tsv")
    if k in ("legal", "market", "currency", "statistic", "place", "counter")
]
# Sizes of a physical unit: `500千伏主网`, `12英寸晶圆`, `15分钟生活圈` name a class of things.
SIZES = set(_kind("size"))
LATIN_UNITS = [u for u in UNITS if u.isascii() and u.isalpha()]  # `15EFlops`; never `5G`'s letter
# `75周年`, `10万群众`: a measure word that starts one of these is another word; so does one that
# starts a countable noun (`3万多家庭`, `2000多人员`: CC-CEDICT's, counted-nouns.tsv)
COUNTED_NOUNS = tuple(row[0] for row in vocab.table("counted-nouns.tsv"))
NOT_UNITS = (*_kind("not-unit"), *COUNTED_NOUNS)
NOT_NUMBERS = _kind("not-number")  # `十分重要`, `百分点`
COUNTERS = set(_kind("counter"))  # `超过9000家工业企业` counts
COUNTED = _kind("counted")  # `亿元以上项目136；`: things a bare number at a clause's end counts
# A unit per another (`35微克每立方米`, `16.8万元/人`, `120元每吨`): a unit of measure or a currency
# over a unit of measure, a statistical unit or a counter, written with 每 or /.
_MEASURES = ("legal", "market", "currency", "statistic")
PER_NUMERATORS = tuple(
    sorted(
        {u for u, k, *_ in vocab.table("units.tsv") if k in ("legal", "market", "currency", "per-numerator")},
        key=len,
        reverse=True,
    )
)
PER_DENOMINATORS = tuple(
    sorted(
        {u for u, k, *_ in vocab.table("units.tsv") if k in (*_MEASURES, "counter", "per-denominator")}
        - {"成", "倍", "番"},
        key=len,
        reverse=True,
    )
)
# Places counted (`8省市`); after 万 or 亿 a place is a class sized by a figure (`千亿县`, `城区人口
# 超50万县`): no level above the village has ten thousand places.
PLACE_UNITS = set(_kind("place"))
SIZED_PLACES = PLACE_UNITS - {"村"}
