"""A numeral that names a list, a doctrine or a class rather than counting things (四个全面,
三大攻坚战, 准四类水质), restates a list's length (养老、失业、工伤三项保险) or gives the instalments
of another count (两批34项), by the general signs of data/numbered-names.tsv."""

from __future__ import annotations

import re

from taishan.ingest import vocab
from taishan.ingest.units import CN_UNITS, PLACE_UNITS, UNITS

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
    if unit == "个" and text[start] in CN_DIGIT and _quoted_formulation(tail):
        return True  # `三个“一号工程”`, `两个“关键小事”`: a quoted formulation's number (digits count: 5个“无废城市”)
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


def _quoted_formulation(tail: str) -> bool:
    """Does `tail` open with a quoted phrase that is held, not one that acts (`“必须统筹好”的`,
    `“一号工程”和`, `“关键小事”，`; but `两个“大哥”带了好头` counts two cities)?"""
    close = {"“": "”", '"': '"', "「": "」"}.get(tail[:1])
    end = tail.find(close, 1) if close else -1
    return end > 0 and tail[end + 1 : end + 2] in ("", "的", "和", "与", "及", "、", "，", "；", "。", "：")


LIST_JOINS = ("和", "及", "与")  # the join before a list's last item (`创新氛围和创新服务`)
LIST_UNITS = {u for u, k, *_ in vocab.table("units.tsv") if k in ("counter", "place")} | set(
    vocab.words(NAMES, "list-counter")
)


def restates_a_list(text: str, start: int, end: int, value: float, unit: str | None) -> bool:
    """Does the count at text[start] only say how many items the list right before it names,
    item for item? `养老、失业、工伤三项社会保险`, `黄山、池州、安庆、宣城四市`, `从创新政策、创新平台、
    创新氛围和创新服务四个方面`: the count is the sentence's own words
    counted, as the noun after it says. A list left open with 等 (`沙洋、秭归等4个县市`), or a count
    that ends its clause (`创建省级示范村、国家级宜居村庄2个。`: what was made), is counted for real,
    and so is a count in digits: writers give a statistic in digits (`新增光子芯片、稀有金属材料2个
    国家级产业集群`, `咸丰、大冶、枝江3个县市入选`) and an enumeration in words (`三项保险`); only a run
    of provinces' abbreviations restates its length in digits too (`川渝黔3省`).

    >>> restates_a_list("全疆基本养老、失业、工伤三项社会保险", 12, 14, 3, "项")
    True
    >>> restates_a_list("沙洋、秭归等4个县市", 6, 8, 4, "个"), restates_a_list("创建A、B2个。", 5, 7, 2, "个")
    (False, False)
    """
    if unit not in LIST_UNITS or not "\u4e00" <= text[end : end + 1] <= "\u9fff":
        return False
    clause = text[max(text.rfind(c, 0, start) for c in "，；。：,;:") + 1 : start]
    if clause.endswith("等") or any(ch.isdigit() for ch in clause):
        return False
    items = clause.split("、")
    if text[start].isdigit() and not (len(items) == 1 and unit in PLACE_UNITS):
        return False  # `咸丰、大冶、枝江3个县市入选`, `大飞机2个国家先进制造业集群`: digits count for real
    joined = any(join in items[-1][1:] for join in LIST_JOINS)  # or a name's own 与 (`铁道与能源`)
    if len(items) == 1 and unit in PLACE_UNITS:
        run = len(clause) - len(clause.rstrip("".join(vocab.words(NAMES, "abbreviation"))))
        return value >= 2 and run == value  # `湘鄂渝黔四省`: the provinces one by one
    return all(items) and value >= 2 and value in (len(items), len(items) + joined)


INSTALMENT_OF = re.compile(rf"[\u4e00-\u9fff]{{0,4}}?[\d{CN_DIGIT}]")  # the number the batches hold


def counts_instalments(text: str, end: int, unit: str | None) -> bool:
    """Is the count ending at `end` the instalments (`两批`, `3批`) of a number that follows it in
    its clause, perhaps after a verb (`两批34项“高效办成一件事”`, `三批集中开工957个重大项目`)?

    >>> counts_instalments("两批34项事项上线", 2, "批"), counts_instalments("516批团组，1.06万人次", 4, "批")
    (True, False)
    """
    return unit in vocab.words(NAMES, "instalment") and INSTALMENT_OF.match(text, end) is not None


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


_LINE = re.compile(rf"[\u4e00-\u9fff]{{0,10}}?(?:{'|'.join(vocab.words(NAMES, 'line'))})")


def names_a_line(number: str, after: str) -> bool:
    """Is the whole number a telephone line's (`12345市民服务热线`, `12315热线`), not a count? A
    number with a measure word counts lines (`156条定制公交专线`, `300余条`); a place after it
    (the 市 of 市民) is no measure."""
    if not (number.isdigit() and len(number) >= 3) or after[:1] in "余多" or _LINE.match(after) is None:
        return False
    unit = next((u for u in UNITS if after.startswith(u)), None)  # longest first
    return unit is None or unit in PLACE_UNITS


def in_place_name(text: str, start: int, end: int) -> bool:
    """Is the numbered phrase at text[start:end] part of a place name (`三门峡`: not 3门)?

    >>> in_place_name("三门峡市", 0, 2), in_place_name("四平方公里", 0, 5), in_place_name("三台设备", 0, 2)
    (True, False, False)
    """
    for m in PLACE_NAMES.finditer(text, max(0, start - 8), end + 8):
        if m.start() <= start and end <= m.end():
            return True
    return False


def _regions() -> tuple[str, ...]:
    """The regional names of data/numbered-names.tsv, and every province's abbreviation with a
    direction (皖北, 苏南, 鲁西南) that is not a province's own name (云南, 河南), longest first."""
    provinces = {short for _, _, level, short, *_ in vocab.table("places.tsv") if level == "省" and short}
    parts = {
        abbr + way
        for abbr in vocab.words(NAMES, "abbreviation")
        for way in vocab.words(NAMES, "direction")
        if not any(p.startswith(abbr + way) for p in provinces)
    }
    return tuple(sorted({*vocab.words(NAMES, "region"), *parts}, key=len, reverse=True))


REGIONS = _regions()
GROUP_UNITS = PLACE_UNITS | {"地"}  # `京津冀三地`: the places of a region


def names_a_region_group(text: str, start: int, unit: str | None) -> bool:
    """Is the count of places at text[start] the fixed name of a region's members (`沿海六市`,
    `东北三省一区`, `长三角三省一市`), not a count (`4个县市获评` counts)? Only words name a group:
    digits are a tally (`黄河流域4市州`), as with 大 (figures._tallies_a_list).

    >>> names_a_region_group("推动东北三省一区人才一体化", 4, "省"), names_a_region_group("全省9市", 2, "市")
    (True, False)
    """
    return unit in GROUP_UNITS and text[:start].endswith(REGIONS)
