"""Sentences -> facts: each figure with its subject, change, rank and period; other sentences as statements."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from taishan.ingest import vocab
from taishan.ingest.figures import (
    CHANGE_ADVERBS,
    CHANGE_DOWN,
    CHANGE_LINK,
    CHANGE_UP,
    CLOSE_QUOTES,
    OPEN_QUOTES,
    PERIOD,
    RANK_LIST,
    Quantity,
    Rank,
    find_period,
    find_quantities,
    find_ranks,
    quoted_spans,
)
from taishan.ingest.normalize import Document, Sentence
from taishan.ingest.status import Status, heading_part, heading_year, opens_plans, opens_review, status
from taishan.ingest.units import COUNTERS

CN_NUMERALS = "一二三四五六七八九十"
MIN_STATEMENT = 6  # shorter clauses (`上半年`, `其中`) say nothing alone
CLAUSE_BREAKS = "，；。！？：∶:!?;,"
YEAR_LEAD = re.compile(
    r"^(?:19|20)\d\d年(?:全[省市区县])?(?=[\u4e00-\u9fff])"
)  # `2024年地区生产总值`: its period
LEADING_FILLER = re.compile(
    r"^(?:其中|同时|此外|另外|今年|去年|本年|上半年|下半年|前三季度|全年|年底前|累计|共计|总计|共|实现|力争|确保|预计|"
    r"全区|全市|全省|全县|先后|分别|的|及|和|与|[、（(])+"
)
COMPARED = "同比|比上年|较上年|比去年同期|较去年同期|与去年同期相比"  # said of a growth: year on year
# a growth against another base (`较3年前`, `比上次`, `比2020年`): still the change of the level before
EARLIER = r"(?:比|较)(?:上次|上届|\d+年前|[一二三四五六七八九十两]+年前|\d{4}年)"
TRAILING_FILLER = re.compile(
    rf"(?:分别|{COMPARED}|达到|达|(?<![行作成认])为|是|完成|累计|共|的|(?<![涉以普])及|[、（(]|保持|"
    r"(?:稳定|保持|维持|控制)在|继续|连续|首次|再次|率先|"  # `首次突破万亿元`
    rf"{'|'.join(w for w in vocab.words('thresholds.tsv', 'reaches') if len(w) > 1)}|"  # `迈上万亿元台阶`
    r"(?:缩小|扩大|提高|提升|下降|降低|上升|增加|减少|缩短|延长|降|升)(?:至|到))+$"
)
# a subject of verbs and adverbs only (`稳定在`, `净增`, `提高到`) names nothing: a figure after another in
# its sentence is of that one's subject (`耕地面积连续4年净增累计超过170万亩`)
VERB_ONLY = re.compile(
    rf"^(?:连续[\d一二三四五六七八九十两]+年|到|至|{COMPARED}|"
    + "|".join(
        sorted(
            {*CHANGE_UP, *CHANGE_DOWN, *CHANGE_LINK, *CHANGE_ADVERBS, *vocab.words("changes.tsv", "level")},
            key=len,
            reverse=True,
        )
    )
    + ")+$"
)
AMOUNT_VERBS = ("新增", "净增", "累计")  # how a figure counts: the new ones, the net, the total so far
AMOUNT_AROUND = re.compile(rf"^(?:{'|'.join(AMOUNT_VERBS)})|(?:{'|'.join(AMOUNT_VERBS)})$")
LIST_SEPARATORS = ("、", "和", "与", "及")  # between the figures of one list (`下降12.8%和10.5%`)
COUNTED_NOUN = re.compile(r"^[\u4e00-\u9fff]{1,4}、(?=.)")
LIST_JOIN = re.compile(r"(?:、|(?<![涉以普])及|和|与)$")
LIST_MARKS = ("、", "：", "∶", ":", "", "至", "到", "-", "—", "～", "和", "与", "及")
GENERIC_TOTALS = vocab.words("thresholds.tsv", "bare-total")  # names no indicator of its own (`经济总量`)
CUTS = tuple(v for v in CHANGE_DOWN if len(v) > 1)
# around a ranking's subject: fillers that name nothing (`在经济总量上，深圳稳居`)
RANK_FILLER = re.compile(
    r"均|增速|增幅|幅度|增量|提升|提高|总量|数量|、|在|也|都|经济|持续|继续|首次|再次|仍然|仍|始终|一直|稳定|连续多年"
)
# before a ranking, words that hold a standing or place it (`巩固了全国第4的地位`, `在四大一线城市中排名第一`)
HOLDS = re.compile(r"^(?:巩固|保持|稳固|维持|实现|确保)了?|^在.*[中上里内]$")
PLACE_ENDS = ("市", "省", "区", "县", "州", "盟", "旗", "镇", "乡", "街道")  # `乌鲁木齐市稳居`: a place
OWN_VERBS = re.compile(r"(?:累计|完成|实现|共)+$")
# `增长14%，达到1.64万列`, `增长94.5%、达168.4万辆`: the level the growth was of; a bare `，` links
# only a level that exceeds (`增长16.6%，突破8700万人次`), never a new item (`，75家平台退出`)
LINKED = re.compile(r"^[，、](?:达到|达|为|共|累计|升至|增至)$")
EXCEEDS = ("突破", "超过", "超", "逾")
ONLY_A_LINK = re.compile(
    rf"^(?:{'|'.join(sorted(CHANGE_UP + CHANGE_DOWN, key=len, reverse=True))})?{LINKED.pattern[1:]}"
)
BARE_TOTAL_AROUND = re.compile(
    r"^(?:全省|全市|全区|全县|全国|城市|经济|地区)+|(?:进入了|进入|跨上|迈上|站上|突破|达到|达|为)+$"
)
COMPARISON = re.compile(r"^(?:分别|均|也)?(?:高于|低于|快于|慢于|领先|超过|比|较)")
ENTITY_VERB = re.compile(
    r"^(?P<entity>[^、，]{2,}?)(?<!分别|累计)(?<![均也])(?:实现|完成)(?=[^、，]{2,}$)"
)  # `规上工业企业实现营收`
MEASURE_ENDS = tuple("数量额率值比价")  # what an indicator's name ends in (死亡人数, 零售额, 合格率)
SAME_PERIOD = re.compile(rf"^(?:{COMPARED}|{EARLIER}|分别|比|{PERIOD.pattern})*$")  # `比增7.5%`: 同比增长


@dataclass(frozen=True)
class Fact:
    """One figure (or one statement when `value` and `change` are None) of a report."""

    category: str
    topic: str | None
    subject: str
    value: float | None
    unit: str | None
    qualifier: str | None
    change: float | None
    rank: Rank | None
    period: str | None
    text: str
    line: int
    figure: str | None  # the figure as it stands in `text`
    status: Status = "actual"  # a result, an estimate or a target


@dataclass
class _Draft:
    quantity: Quantity
    subject: str
    start: int  # where the figure (or its change phrase) begins in the sentence
    change: float | None = None
    rank: Rank | None = None
    into: _Draft | None = None  # a growth stated before the level it is of, which carries its change
    folded: bool = False  # ... and stands for it in a `均`/`分别` list (`增长94.5%、达168.4万辆`)

    @property
    def is_level(self) -> bool:
        return self.quantity.value is not None and self.quantity.unit != "%"


def _clause_start(text: str, pos: int, floor: int, quoted: list[bool]) -> int:
    i = pos
    while i > floor and not (text[i - 1] in CLAUSE_BREAKS and not quoted[i - 1]):
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceiling: int, quoted: list[bool]) -> int:
    i = pos
    while i < ceiling and not (text[i] in CLAUSE_BREAKS + "、" and not quoted[i]):
        i += 1
    return i


def tidy(subject: str) -> str:
    """A subject without leading periods and scopes or trailing verbs.

    >>> tidy("上半年货物贸易完成"), tidy("2024年全省地区生产总值"), tidy("2023年达到")
    ('货物贸易', '地区生产总值', '2023年')
    """
    for raw in (YEAR_LEAD.sub("", subject), subject):  # a year that is all there is stays
        tidied = TRAILING_FILLER.sub("", LEADING_FILLER.sub("", raw)).strip("、 ")
        if tidied:
            return tidied
    return ""


SIZE_MARKS = vocab.words("thresholds.tsv", "mark-after")  # `突破1000亿元大关`: the mark, not what is measured


def _subject(text: str, q: Quantity, start: int, floor: int, ceiling: int, quoted: list[bool]) -> str:
    """The clause's words before the figure, and after it when those are only a verb."""
    raw = text[_clause_start(text, start, floor, quoted) : start]
    before = tidy(raw)
    if q.change is not None:
        return before or _cut_object(text, q)  # `压减省级机关单位公用经费15%`: what it cuts
    if _is_streak(text, q):
        return before  # what follows a streak is what it kept doing (`连续34年居全国首位`), no name
    after = text[q.end : _clause_end(text, q.end, ceiling, quoted)]
    closing = next((i for i, ch in enumerate(after) if ch in CLOSE_QUOTES + OPEN_QUOTES), len(after))
    if after and (
        (closing < len(after) and after[closing] in CLOSE_QUOTES) or raw.endswith(tuple(OPEN_QUOTES))
    ):
        return tidy(after[:closing])  # `以“1家国家实验室、8个大科学装置”为主体`: the item a count names
    if after and not after[0].isdigit() and not after.removeprefix("的").startswith(SIZE_MARKS):
        if LIST_JOIN.search(raw):
            return tidy(after)  # `…脱贫、2277个相对贫困村全部出列`: a new item, named after it
        return tidy(before + after) if len(before) <= 4 or before.endswith("等") else before
    return before


def _carried(subject: str, between: str) -> str:
    """The subject a figure takes from the one before, with its own way of counting (`小巨人企业新增
    711家、累计达2215家`: 小巨人企业累计; `新增公园141座、累计达到973座`: 公园累计)."""
    own = min(((between.find(w), w) for w in AMOUNT_VERBS if w in between), default=(0, ""))[1]
    return AMOUNT_AROUND.sub("", subject) + own if own else subject


def _is_streak(text: str, q: Quantity) -> bool:
    return text[: q.start].endswith("连续")


def _cut_object(text: str, q: Quantity) -> str:
    """What a cut names between its verb and its percent (`压减省级机关单位公用经费15%`), or ""."""
    obj = text[q.change_start : q.start] if q.change_start is not None else ""
    cut = next((v for v in CUTS if obj.startswith(v)), "")
    return tidy(obj[len(cut) :]) if cut else ""


def _previous_clause(text: str, start: int, quoted: list[bool]) -> str:
    """The clause before the one at `start` (`通用设备制造业迅猛增长，增长6309.9%`)."""
    end = _clause_start(text, start, 0, quoted) - 1
    return tidy(text[_clause_start(text, max(end, 0), 0, quoted) : max(end, 0)])


def _change_group(text: str, quantities: list[Quantity], i: int) -> list[int]:
    """The changes listed together from quantity i on (`16%-37%`, `21.3%、17.4%`, `18.6%和23.4%`)."""
    group = [i]
    while (
        group[-1] + 1 < len(quantities)
        and quantities[group[-1] + 1].change is not None
        and text[quantities[group[-1]].end : quantities[group[-1] + 1].start]
        in ("、", "-", "至", "—", "～", "和", "与", "及")
    ):
        group.append(group[-1] + 1)
    return group


def _distribute_subjects(text: str, drafts: list[_Draft]) -> None:
    """`事故起数、死亡人数分别下降19.4%、17.5%`: the n-th figure of a list measures the n-th item."""
    i = 0
    while i < len(drafts):
        j = i + 1
        while j < len(drafts) and text[drafts[j - 1].quantity.end : drafts[j].start] in LIST_SEPARATORS:
            j += 1
        items = _shared_tail(_complete_numbered(_items(drafts[i].subject, j - i)))
        if j - i > 1 and len(items) == j - i and all(items):
            for d, item in zip(drafts[i:j], map(_without_verb, items), strict=True):
                d.subject = item
        i = j


def _items(subject: str, count: int) -> list[str]:
    """A list subject's items: split at `、`, and at a last `和`/`与`/`及` when that makes `count` and
    each item then names its own measure (`事故起数和死亡人数分别下降24.7%和28.2%`, `城镇和农村居民人均
    可支配收入`), else the subject whole for each (`货邮和旅客吞吐量`: 货邮 alone names nothing)."""
    items = subject.split("、")
    if len(items) == 1 and count == 2:  # `城乡居民人均可支配收入分别达6.6万元和3.2万元`
        pair = next((row for row in vocab.table("paired-words.tsv") if row[0] in subject), None)
        if pair:
            return [subject.replace(pair[0], item, 1) for item in pair[1:3]]
    if len(items) < count:
        head, joined = items[:-1], re.split(r"[和与及]", items[-1], maxsplit=1)
        split = [*head, *joined]
        if len(split) == count:
            named = _shared_tail(split) != split or all(item.endswith(MEASURE_ENDS) for item in split[:-1])
            return split if named else [subject] * count
    return items


def _complete_numbered(items: list[str]) -> list[str]:
    """`一、二、三产业增加值`: bare numerals share the last item's words (`一产业增加值`, ...).

    >>> _complete_numbered(["一", "二", "三产业增加值"])
    ['一产业增加值', '二产业增加值', '三产业增加值']
    """
    heads, last = items[:-1], items[-1]
    if heads and all(len(x) == 1 and x in CN_NUMERALS for x in heads) and last[:1] in CN_NUMERALS:
        return [x + last[1:] for x in heads] + [last]
    return items


def _shared_tail(items: list[str]) -> list[str]:
    """`城镇、农村居民人均可支配收入`: short heads share the indicator the last item ends with (城镇居民人均
    可支配收入), the longest thesaurus word at its end whose head is no longer than twice theirs. A
    head that already ends in a measure (`事故起数、死亡人数`) is whole.

    >>> _shared_tail(["城镇", "农村居民人均可支配收入"])
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    """
    heads, last = items[:-1], items[-1]
    if not heads or any(not h or len(h) > 4 or h.endswith(MEASURE_ENDS) for h in heads):
        return items
    longest = max(len(h) for h in heads)
    splits = [k for k in range(1, min(len(last) - 1, 2 * longest + 2)) if last[k:] in vocab.indicator_words()]
    if not splits:
        return items
    # the split as long as the heads (`基本养老、基本医疗保险参保率`: 保险参保率), else the longest word
    k = len(heads[-1]) if len(heads[-1]) in splits else splits[0]
    # `交通、能源、水利分别完成投资`: 交通投资 … 水利投资
    tail = re.sub(r"^(?:完成|实现|累计)", "", last[k:])
    return [_joined(h, tail) for h in [*heads, re.sub(r"(?:分别|均)$", "", last[:k])]]


def _without_verb(item: str) -> str:
    """A list's item without the verb the list shares (`外资研发中心分别新认定`: 外资研发中心)."""
    cut = item.find("分别")
    return item[:cut] if cut >= 2 else item


def _joined(head: str, tail: str) -> str:
    """`城镇居民` + `居民人均可支配收入`: the words they share once (城镇居民人均可支配收入)."""
    overlap = next((k for k in range(len(tail), 0, -1) if head.endswith(tail[:k])), 0)
    return head + tail[overlap:]


def _qualify_rates(text: str, drafts: list[_Draft]) -> None:
    """`734个制造业重大项目完成投资2831亿元、投资完成率119.7%`: a rate right after the figure it is a
    rate of keeps that figure's class (制造业重大项目投资完成率), so two rates of one report stay apart."""
    for prev, rate in itertools.pairwise(drafts):
        if (
            not rate.subject.endswith("率")
            or prev.subject.endswith("率")  # `利用率、综合利用率分别…`: two rates of a list
            or "；" in text[prev.quantity.end : rate.start]
        ):
            continue
        shared = next(
            (
                rate.subject[k : k + 2]
                for k in range(len(rate.subject) - 1)
                if rate.subject[k : k + 2] in prev.subject
            ),
            "",
        )
        prefix = OWN_VERBS.sub("", prev.subject[: prev.subject.find(shared)]) if shared else ""
        if prefix and prefix not in rate.subject and not VERB_ONLY.match(prefix):  # `新增城镇就业`
            rate.subject = prefix + rate.subject


def _share_entity(text: str, drafts: list[_Draft]) -> None:
    """`规上工业企业实现营收113亿元，增长1.8%，利润4.65亿元`: a bare indicator after a figure of an
    entity (what comes before 实现/完成) is that entity's (规上工业企业利润), even past a `；` (parallel
    items of one entity), until a figure with a longer name of its own."""
    entity = ""
    for prev, d in itertools.pairwise(drafts):
        if prev.quantity.value is not None and (m := ENTITY_VERB.match(prev.subject)):
            entity = m["entity"]
        if (
            entity
            and d.quantity.value is not None
            and len(d.subject) <= 4
            and d.subject != prev.subject
            and not VERB_ONLY.match(d.subject)
        ):
            d.subject = entity + d.subject
        elif len(d.subject) > 4:
            entity = ""


def _growth_then_total(text: str, drafts: list[_Draft]) -> None:
    """`GDP增幅达到10.6%，经济总量达到11779亿元`: a growth stated before the total it belongs to
    is that total's change too. The growth keeps its own fact: a reader (and a label) may count
    `增长5%` and `5万亿元以上` as two figures or as one level with its growth, and only both facts
    answer both ways."""
    growth = None
    for d in drafts:
        if _is_growth(d):
            growth = d
        elif growth is not None and _is_comparison(d):
            continue  # `增长5.7%，高于全国0.7个百分点，经济总量达到64697亿元`: a benchmark in between
        else:
            if (
                growth is not None
                and d.is_level
                and d.change is None
                and _joins(text[growth.quantity.end : d.start])
                and _is_bare_total(d.subject)
            ):
                d.change = growth.change
                if _names_indicator(growth.subject):
                    d.subject = growth.subject  # the total names no indicator: the growth may
                growth.into = d
            growth = None


def _links(between: str, q: Quantity) -> bool:
    """Does `between` join a growth to the level after it (`、达`, `，达到`, `，突破…`)?"""
    return LINKED.match(between) is not None or (between in ("，", "、") and q.qualifier in EXCEEDS)


def _only_a_link(between: str) -> bool:
    """`保持40%以上增长、达357万辆`: words between two figures that name nothing, only a change and
    a link, leave the level to the quantity named before."""
    return ONLY_A_LINK.match(between) is not None


def _joins(between: str) -> bool:
    """Text between a growth and a total of the same indicator: a clause break, perhaps a ranking
    (`增长5.8%、增速全国第3，总量达到60013亿元`), never a new sentence part."""
    return between[:1] in "，、" and not any(ch in between for ch in "；。")


def _is_bare_total(subject: str) -> bool:
    """`经济总量`, `城市经济规模进入了`, `经济总量跨上`: a total that names no indicator of its own."""
    core = BARE_TOTAL_AROUND.sub("", subject)
    return core in GENERIC_TOTALS


def _names_indicator(subject: str) -> bool:
    """`全市生产总值` names an indicator; `全年`, `经济总量` do not."""
    core = PERIOD.sub("", BARE_TOTAL_AROUND.sub("", subject))
    return bool(core) and core not in GENERIC_TOTALS and not re.search(r"[\d，、；%]", core)


def _is_growth(d: _Draft) -> bool:
    return d.quantity.value is None and d.change is not None


def _is_comparison(d: _Draft) -> bool:
    """`高于全国0.7个百分点`: a growth's gap to a benchmark, not a figure of the indicator."""
    return COMPARISON.match(d.subject) is not None and (d.quantity.unit or "").endswith("百分点")


def _has_own_subject(sentence: str, rank_start: int) -> bool:
    """Does the clause before a ranking name what it ranks? `研发人员数量、专利申请量均居全国首位`,
    `文化及相关产业增加值稳居全国首位` do; `增速均居`, `深圳稳居`, `乌鲁木齐市稳居` (only a place, a
    scope or fillers) do not, nor a clause with a figure of its own."""
    clause = sentence[max(sentence.rfind(c, 0, rank_start) for c in "，；") + 1 : rank_start]
    rest = RANK_FILLER.sub("", clause)
    place = rest.endswith(PLACE_ENDS) and not rest.endswith(("产业", "行业"))
    return len(rest) > 2 and not place and not any(ch.isdigit() for ch in clause)


def _names_its_own(sentence: str, previous: _Draft, d: _Draft) -> bool:
    """Do words before `d` (after the figure before, in its clause or list item) name a quantity of
    its own? `总量`, `增速` (RANK_FILLER) name the one before."""
    clause = max(previous.quantity.end, *(sentence.rfind(c, 0, d.start) + 1 for c in "，；、"))
    return bool(tidy(RANK_FILLER.sub("", sentence[clause : d.start].removesuffix("连续"))))


def _names_another(sentence: str, rank_start: int, nearest: _Draft) -> bool:
    """Does a ranking's clause name a quantity of its own, not the figure before it?
    `绿电交易量76.6亿千瓦时，外送量全国第一`, `超4000亿元，…张家界入境游客量居中西部…首位` do; a count
    of the count before does not (`12部浙产作品获“五个一工程奖”，获奖数居全国第二`), nor a rate of
    what the figure did."""
    # its clause, or list item (`投运储气库3座、储气能力全国第一`), after the figure (`连续两年位列`)
    start = max(nearest.quantity.end, *(sentence.rfind(c, 0, rank_start) + 1 for c in "，；、"))
    clause = sentence[start:rank_start]
    rest = RANK_FILLER.sub("", HOLDS.sub("", clause))
    place = rest.endswith(PLACE_ENDS) and not rest.endswith(("产业", "行业"))
    if len(rest) <= 2 or place or any(ch.isdigit() for ch in clause):
        return False  # `…达357万辆，持续位居全国首位`, `连续两年位列全国第一`: the figure's own standing
    unit = (nearest.quantity.unit or "").removeprefix("万").removeprefix("亿")
    if unit in COUNTERS and clause.endswith("数"):
        return False
    # `扩面完成6806人，任务完成率居各县（市、区）第一`: a rate of what the figure did is its standing
    own = sentence[_clause_start(sentence, nearest.start, 0, quoted_spans(sentence)) : start]
    return not (clause.endswith("率") and any(clause[k : k + 2] in own for k in range(len(clause) - 1)))


def _is_average(sentence: str, d: _Draft) -> bool:
    return d.change is not None and sentence[: d.start].endswith(("年均", "年平均"))


def _attach_ranks(sentence: str, drafts: list[_Draft], ranks: list[Rank]) -> None:
    previous_end = 0
    ranks = list(ranks)
    while ranks:
        group = [ranks.pop(0)]
        while ranks and sentence[group[-1].end : ranks[0].start] in RANK_LIST:
            group.append(ranks.pop(0))
        before = [
            d for d in drafts if previous_end <= d.start < group[0].start and d.rank is None and not d.folded
        ]
        shared = sentence[max(0, group[0].start - 4) : group[0].start].endswith("均")
        if len(group) > 1 and len(before) >= len(group) and not shared:
            # `分别增长8%、10%，分别居全国第2位、第7位`: the n-th ranking ranks the n-th figure
            for d, rank in zip(before[-len(group) :], group, strict=True):
                d.rank = rank
            previous_end = group[-1].end
            continue
        # `均居全市第1、全省第7`: every figure holds both standings; the first is the one kept
        _attach_rank(sentence, drafts, group[0], previous_end)
        previous_end = group[-1].end
    for d in drafts:
        if d.into is not None and d.into.rank is None:
            d.into.rank = d.rank  # `增长5.8%、增速全国第3，总量达到60013亿元`: the growth's standing


def _covered_by_all(sentence: str, before: list[_Draft], rank: Rank) -> list[_Draft]:
    """The figures a `均` ranking covers: the last run of figures alike, back from the ranking.

    Alike means: named by the word before `均` (`…达357万辆，…增长94.5%、达168.4万辆，产量均居全国第
    2位`: the levels whose subjects hold 产量); without one, of one shape, levels or rates, with a
    change or without (`营收113亿元，增长1.8%；利润4.65亿元，增长16.81%，均列`: not the `100个`
    before). A share stated beside a level (`外送电量3150亿度、占全国16%，均居`) belongs to it and
    is passed over; across a `；` only a figure of the same unit is covered.
    """
    clause = sentence[max(sentence.rfind(c, 0, rank.start) for c in "，；、") + 1 : rank.start]
    named = RANK_FILLER.sub("", clause.removesuffix("均"))
    items = [d for d in before if not d.subject.startswith("占")]
    if not items:
        return []
    nearest = items[-1]
    if len(named) >= 2 and named in nearest.subject:
        alike = [d.is_level == nearest.is_level and named in d.subject for d in items]
    else:
        alike = [(d.is_level, d.change is None) == (nearest.is_level, nearest.change is None) for d in items]
    chosen: list[_Draft] = []
    for d, same in zip(reversed(items), reversed(alike), strict=True):
        after = chosen[-1] if chosen else None
        crosses = after and "；" in sentence[d.quantity.end : after.start]
        if not same or (crosses and after and d.quantity.unit != after.quantity.unit):
            break
        chosen.append(d)
    return chosen


def _attach_rank(sentence: str, drafts: list[_Draft], rank: Rank, previous_end: int) -> None:
    before = [d for d in drafts if previous_end <= d.start < rank.start and d.rank is None]
    if not before:
        return
    lead = sentence[max(0, rank.start - 4) : rank.start]
    if lead.endswith(("均", "分别")) or "分别" in rank.text:  # `…420.6万吨、1.25亿人次，排名分别升至世界第二`
        if _has_own_subject(sentence, rank.start):
            return  # `研发人员数量、专利申请量均居全国首位` ranks things without a figure
        chosen = _covered_by_all(sentence, [d for d in before if not d.folded], rank)
    else:
        if _names_another(sentence, rank.start, before[-1]):
            return
        segment = sentence.rfind("；", 0, rank.start)
        chosen = [d for d in before if d.start > segment]
        if "增速" in lead or "增幅" in lead:
            # the growth's standing; with no growth given, the level's (`一般公共预算收入1051.4亿元，
            # 增速居全国第8位`: the standing is of that indicator, the figure said is its level)
            chosen = [d for d in chosen if d.change is not None] or [d for d in chosen if d.is_level]
        elif "总量" in lead:
            chosen = [d for d in chosen if d.is_level]
        if not chosen:
            return
        nearest = chosen[-1]
        chosen = [nearest]
        rate = nearest.quantity.unit == "%" and nearest.change is None
        streak = sentence[: nearest.start].endswith("连续")
        earlier = [d for d in before if d.start < nearest.start and d.start > segment]
        if streak and earlier and _names_its_own(sentence, earlier[-1], nearest):
            earlier = []  # `约7.7万家，区域创新能力连续8年全国第一`: the streak is another quantity's
        if streak and earlier and _is_average(sentence, earlier[-1]):
            # `达12.8万亿元，五年跨过3个台阶、年均增长5%，连续34年居全国首位`: a streak's standing is
            # the total's, not the average's nor what its clause lists with it
            clause = _clause_start(sentence, earlier[-1].start, 0, quoted_spans(sentence))
            earlier = [d for d in earlier if d.start < clause]
        if (rate or streak) and earlier and not _is_average(sentence, earlier[-1]):
            # `4496人，完成全年计划的68.1%，列全市第一`, `里程达1.12万公里、连续9年居全国第一`
            # rank both; a growth averaged over years (`年均增长5%`) holds no standing
            chosen.append(earlier[-1])
    for d in chosen:
        d.rank = rank


def sentence_facts(s: Sentence, planning: bool | None = None) -> list[Fact]:
    """The facts of one sentence; a sentence without figures is one statement fact.

    `planning`: True in a report's plans part (its figures are targets), False in its review part,
    None when the report has no such parts.
    """
    text = s.text
    if not text:
        return []
    quoted = quoted_spans(text)
    quantities = find_quantities(text)
    drafts: list[_Draft] = []
    previous_end = 0
    attached: set[int] = set()
    for i, q in enumerate(quantities):
        if i in attached:
            previous_end = q.end
            continue
        start = q.change_start if q.change_start is not None else q.start
        clause = _clause_start(text, start, previous_end, quoted)
        lead = text[clause:start].replace(" ", "")  # `同 比增长`: an OCR space
        if drafts and drafts[-1].quantity.end == clause and (noun := COUNTED_NOUN.match(lead)):
            lead = lead[noun.end() - 1 :]  # `荣获53个奖项、比上次增长47%`: the noun the level counts
        listed = lead.startswith("、") and bool(drafts) and text[drafts[-1].quantity.end : clause] == ""
        own = _cut_object(text, q)  # `压减…公用经费15%` names what it cuts: no other figure's change
        if (
            q.change is not None
            and not own
            and SAME_PERIOD.match(lead.removeprefix("、") if listed else lead)
        ):
            group = _change_group(text, quantities, i)
            # a gap to a benchmark (高于全国0.2个百分点) is no level a later growth could be of
            levels = [
                d
                for d in drafts
                if d.is_level
                and d.change is None
                and not _is_comparison(d)
                and "；" not in text[d.start : start]
            ]
            if listed:  # `2607亿元、增长33.6%`: only the level just before
                levels = [d for d in levels if d is drafts[-1]]
            if levels:
                # `8.5亿元至10亿元，同比增长16%-37%`: end to end; otherwise the nearest level
                pairs = (
                    list(zip(levels[-len(group) :], group, strict=True))
                    if len(levels) >= len(group) > 1
                    else []
                )
                for d, j in pairs or [(levels[-1], i)]:
                    d.change = quantities[j].change
                    attached.add(j)
                previous_end = q.end
                continue
        ceiling = next((o.start for o in quantities if o.start > q.start), len(text))
        subject = _subject(text, q, start, previous_end, ceiling, quoted)
        between = text[previous_end:start]
        verb_only = VERB_ONLY.match(subject) or (not subject and VERB_ONLY.match(between.lstrip("、，")))
        change = q.change
        growth_of = drafts and _is_growth(drafts[-1]) and q.value is not None and _links(between, q)
        if growth_of and not tidy(text[clause:start]):
            # `吞吐量增长16.6%，突破8700万人次`: the level the growth was of
            subject, change = drafts[-1].subject, drafts[-1].change
        elif drafts and (
            verb_only
            or (not subject and (between in LIST_MARKS or _is_streak(text, q)))
            or (bool(subject) and subject in LIST_MARKS)  # `增长5.0%—5.5%`: the range's other end
            or _only_a_link(between)
        ):
            # `问题13起、20人`, `从653元提高到676元`, `粮食总产439.2亿斤、连续12年超430亿斤`
            subject = _carried(drafts[-1].subject, between)
        elif verb_only:
            subject = ""  # the sentence's first figure: the clause before names it
        draft = _Draft(q, subject or _previous_clause(text, start, quoted), start, change)
        if growth_of and change is not None:
            drafts[-1].into, drafts[-1].folded = draft, True
        drafts.append(draft)
        previous_end = q.end
    _distribute_subjects(text, drafts)
    _qualify_rates(text, drafts)
    _share_entity(text, drafts)
    _growth_then_total(text, drafts)
    ranks = find_ranks(text)
    _attach_ranks(text, drafts, ranks)
    period = find_period(text, len(text))
    if not drafts:
        kind = status(text, len(text), planning)
        return [
            Fact(
                s.category, s.topic, text, None, None, None, None, None, period, text, s.lines[0], None, kind
            )
        ]
    placed: list[tuple[int, Fact]] = [
        (start, _statement(s, start, clause, planning))
        for start, clause in _free_clauses(text, quantities, ranks, quoted)
    ]
    for d in drafts:
        q = d.quantity
        fact = Fact(
            category=s.category,
            topic=s.topic,
            subject=d.subject or s.topic or "",
            value=q.value,
            unit=q.unit,
            qualifier=q.qualifier,
            change=d.change,
            rank=d.rank,
            period=find_period(text, d.start),
            text=text,
            line=s.lines[q.start],
            figure=q.figure(text),
            status=status(text, d.start, planning),
        )
        placed.append((d.start, fact))
    return [f for _, f in sorted(placed, key=lambda p: p[0])]


def _free_clauses(
    text: str, quantities: list[Quantity], ranks: list[Rank], quoted: list[bool]
) -> list[tuple[int, str]]:
    """Clauses of a sentence with figures that state something on their own (`岱银集团获批国家级绿色工厂`)."""
    busy = [(q.change_start if q.change_start is not None else q.start, q.end) for q in quantities]
    busy += [(r.start, r.end) for r in ranks]
    out = []
    start = 0
    for i, ch in enumerate(text + "，"):
        if ch in "，；。！？" and (i == len(text) or not quoted[i]):
            clause = text[start:i]
            if len(clause) >= MIN_STATEMENT and not any(start <= b < i or start < e <= i for b, e in busy):
                out.append((start, clause))
            start = i + 1
    return out


def _statement(s: Sentence, start: int, clause: str, planning: bool | None) -> Fact:
    return Fact(
        s.category,
        s.topic,
        tidy(clause) or clause,
        None,
        None,
        None,
        None,
        None,
        find_period(s.text, start),
        s.text,
        s.lines[start],
        None,
        status(s.text, start, planning),
    )


def extract(doc: Document) -> list[Fact]:
    """Every fact of a normalized report, in report order."""
    facts: list[Fact] = []
    previous: list[Fact] = []
    planning: bool | None = None  # True after `二、2025年工作安排`, False after `一、2024年工作回顾`
    review_year: int | None = None  # the year its review part names (`一、2024年工作回顾`)
    last_line = 0  # the report line the sentence before ends on
    category = None
    for s in doc.sentences:
        headings = [s.text] if s.category == category else [s.category, s.text]
        category = s.category
        for heading in headings:
            part = heading_part(heading, review_year)
            if part is False:
                review_year = heading_year(heading) or review_year
            planning = planning if part is None else part
        # `今年经济社会发展的主要预期目标是` opening a paragraph: plans under a thematic heading
        paragraph_start = not last_line or (bool(s.lines) and s.lines[0] != last_line)
        if planning is not True and paragraph_start and opens_plans(s.text):
            planning = True
        elif planning is None and paragraph_start and opens_review(s.text):
            planning = False  # `一年来的主要工作是：` under a thematic heading
        last_line = s.lines[-1] if s.lines else last_line
        found = sentence_facts(s, planning)
        if previous and all(f.figure is None for f in found):
            _rank_previous_level(s, previous, facts)
        facts.extend(found)
        previous = found
    return facts


def _rank_previous_level(s: Sentence, previous: list[Fact], facts: list[Fact]) -> None:
    """`…GDP 21791.18亿元。在经济总量上，深圳稳居全国第三位`: a ranking with no figure of its own
    ranks the last level of the sentence before it (its first ranking, when it gives several), unless
    the ranking names what it ranks; a ranking of a growth (`增速居全省第一`), or after a sentence
    with no level (`…增长5%。排名稳居全省第一。`), ranks the last growth."""
    ranks = find_ranks(s.text)
    if not ranks or _has_own_subject(s.text, ranks[0].start):
        return  # `文化及相关产业增加值稳居全国首位` ranks what it names (`深圳市稳居` a place's level)
    same = [f for f in previous if f.category == s.category]
    levels = [f for f in same if f.value is not None and f.unit != "%"]
    growths = [f for f in same if f.change is not None]
    of_growth = "增速" in s.text or "增幅" in s.text
    targets = growths if of_growth else levels or growths
    if not targets or targets[-1].rank is not None:
        return
    target = targets[-1]
    index = len(facts) - len(previous) + previous.index(target)
    facts[index] = replace(target, rank=ranks[0])
