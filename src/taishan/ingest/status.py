"""What kind of figure a fact is: a result ("actual"), an estimate of the period under review, or a target.

A work report reviews last year, then plans this one: a heading such as `二、2025年工作安排`
makes every figure after it a target until a review heading comes back. Within a sentence,
`预计`/`初步统计` before a figure make it an estimate, `力争`/`预期目标是` a target.

>>> status("预计全市地区生产总值增长5.2%左右", 9, planning=False)
'estimate'
>>> status("主要预期目标是：地区生产总值增长5%左右", 15, planning=False)
'target'
>>> status("完成全年计划的68.1%", 7, planning=False)
'actual'
"""

from __future__ import annotations

import re
from typing import Literal

from taishan.ingest.vocab import words

Status = Literal["actual", "estimate", "target"]
VOCAB = "status-words.tsv"
OF_THE_PLAN = re.compile(r"[\u4e00-\u9fff]{0,4}的$")  # the plan's size, so the figure is what was done
CLAUSE_MARKS = "，。；、："
OWN_CLAUSE_END = re.compile(r"[，。；：、]")  # a figure's own clause, for an estimate word after it
CLAUSE_END = re.compile(r"[，：]|、(?!\d)")  # `预计分别达到2000亿元、1800亿元`: one clause, listed figures
# before a 预计 that opens its clause: only a time, a scope or a connective (`据`, `2024年全省`)
OPENING_LEAD = re.compile(
    r"(?:据|经|(?:19|20)\d\d年|全年|今年|去年|上半年|前三季度|全[省市区县国]|我[省市区县])"
)
DONE = ("完成", "超额", "超")
HEADING_MAX = 24  # a heading is a short line of its own (`二、2025年工作安排`), not a sentence
SENTENCE_ENDS = "。！？；"
CLOSE_QUOTES = '”’」』》〉"'
REFERENCE_AFTER = ("的", "了", *CLOSE_QUOTES)  # `计划的68%`, `确保了`: done; `“…计划”`: a name


def _marked(text: str, before: int, kind: str) -> bool:
    """Does a marker stand before position `before`, as a plan or an estimate and not a reference
    to one (`完成全年计划的68.1%`, `超额完成目标`: the figure is what was done)?"""
    names = [range(at, end) for w in words(VOCAB, "not-marker") for at, end in _spans(text, w)]
    for word in words(VOCAB, kind):
        for at, end in _spans(text, word):
            if at >= before:
                break
            after = text[end : end + 1]
            # `实施…资助计划，`, `“…计划”`: a programme's name; `计划的68%`, `确保了`: done
            named = after in REFERENCE_AFTER or (at > 0 and text[at - 1] in CLOSE_QUOTES)
            named = named or (kind == "target" and after in CLAUSE_MARKS)
            owned = OF_THE_PLAN.match(text, end, before) is not None  # `是计划任务的2.1倍`
            # `超额完成目标任务`, `超年度计划目标13.9%`, `计划投资完成率114.2%`: what was done
            done = any(w in text[max(0, at - 4) : at] for w in DONE) or "完成" in text[end:before]
            if not (named or owned or done or any(at in r for r in names)):
                return True
    return False


def _estimated(text: str, before: int) -> bool:
    """Is the figure at `before` under a 预计 or 初步统计? One that opens its clause covers the rest
    of the sentence up to a `；` (`预计产煤12.9亿吨，完成保供任务8.3亿吨…；`, and what it expects to be
    done is still expected); one after a subject covers that subject's clause, its listed figures
    too (`主营业务收入预计达到4200亿元、从业人员43.8万人`: only the 4200亿元). One after the figure in
    its clause says so of it too (`10个旗县有望退出高风险等级`).

    >>> text = "全市地区生产总值预计增长5.1%，一般公共预算收入增长5.2%"
    >>> _estimated(text, text.index("5.1")), _estimated(text, text.index("5.2"))
    (True, False)
    """
    start = text.rfind("；", 0, before) + 1
    names = [range(at, end) for w in words(VOCAB, "not-marker") for at, end in _spans(text, w)]
    # the figure's own clause says it is expected (`1个盟市本级和10个旗县有望退出高风险等级`)
    own_end = m.start() if (m := OWN_CLAUSE_END.search(text, before)) else len(text)
    for word in words(VOCAB, "estimate"):
        for at, end in _spans(text, word):
            if before < at < own_end and not any(at in r for r in names):
                return True
            if at >= before:
                break
            if at < start or text[end : end + 1] in REFERENCE_AFTER or any(at in r for r in names):
                continue
            lead = text[max(text.rfind(c, 0, at) for c in "，、：；") + 1 : at]
            clause_end = CLAUSE_END.search(text, end)
            if not OPENING_LEAD.sub("", lead) or clause_end is None or clause_end.start() >= before:
                return True
    return False


def _will(text: str, before: int) -> bool:
    """`“十四五”期间，阳江将引入…259个重点项目`: 将 after a time ahead is a plan (将 alone may be 把)."""
    at = text.rfind("将", 0, before)
    return at > 0 and any(word in text[:at] for word in words(VOCAB, "future"))


def _already(text: str, before: int) -> bool:
    """Does the figure at `before` count a stock already there or last year's, in its clause
    (`持续推进已批建的3家省实验室`, `在去年布局5个点位基础上`)? A plans part cites such
    results too; a plan word (`再`, `新增`, `力争`) between the two makes the figure a plan again.
    """
    clause = text[max(text.rfind(c, 0, before) for c in "，；。：") + 1 : before]
    for word in words(VOCAB, "done"):
        at = clause.rfind(word)
        if at < 0 or clause[max(0, at - 2) : at].endswith(words(VOCAB, "compare")):
            continue  # `比去年增长`: the base of a change, not the figure's own time
        rest = clause[at + len(word) :]
        if not any(w in rest for w in (*words(VOCAB, "plan-word"), *words(VOCAB, "target"))):
            return True
    return False


def _spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` stands in `text`, left to right, none overlapping (as `re.finditer` finds it,
    but a plain search: this runs for every word of the vocabulary at every figure).

    >>> _spans("计划计划外计划", "计划")
    [(0, 2), (2, 4), (5, 7)]
    """
    out = []
    at = text.find(word)
    while at >= 0:
        out.append((at, at + len(word)))
        at = text.find(word, at + max(len(word), 1))  # an empty word: every position, as re finds it
    return out


def status(text: str, figure_start: int, planning: bool | None) -> Status:
    """The status of the figure at `figure_start` of a sentence. `planning`: True in a report's
    plans part, False in its review part (where `确保`, `计划` tell what was done, and only a
    strong marker such as 力争 or 预期目标 makes a target), None when the report has no parts."""
    if planning or (
        _marked(text, figure_start, "target")
        and (planning is None or _marked(text, figure_start, "strong-target"))
    ):
        return "actual" if _already(text, figure_start) else "target"
    if planning is None and _will(text, figure_start):
        return "actual" if _already(text, figure_start) else "target"
    if _estimated(text, figure_start):
        return "estimate"
    return "actual"


def heading_part(text: str, review_year: int | None = None) -> bool | None:
    """For a heading: True when it opens a plans part, False a review part; None for other text.
    A heading that names a year after the one reviewed opens the plans (`二、关于2025年工作`).

    >>> heading_part("二、2025年工作安排"), heading_part("一、2024年工作回顾"), heading_part("全年增长5%。")
    (True, False, None)
    >>> heading_part("二、关于2025年工作", review_year=2024)
    True
    """
    if len(text) > HEADING_MAX or any(ch in text for ch in SENTENCE_ENDS):
        return None
    if any(word in text for word in words(VOCAB, "plan-heading")):
        return True
    if any(word in text for word in words(VOCAB, "review-heading")):
        return False
    year = heading_year(text)
    if year is not None and review_year is not None and year > review_year:
        return True
    return None


def heading_year(text: str) -> int | None:
    """The year a heading names (`一、2024年工作回顾`: 2024), if any."""
    m = re.search(r"(?<!\d)(19|20)(\d\d)年", text)
    return int(m.group(1) + m.group(2)) if m else None


def opens_review(text: str) -> bool:
    """Does a paragraph starting with this sentence open a review (`一年来，我们…`)?

    >>> opens_review("一年来的主要工作是："), opens_review("全省一年来新增就业5万人。")
    (True, False)
    """
    return text.startswith(words(VOCAB, "review-opener"))


def opens_plans(text: str) -> bool:
    """Does a paragraph starting with this sentence open a report's plans, where no heading says so?

    >>> opens_plans("今年经济社会发展的主要预期目标是：全省地区生产总值增长5.0%—5.5%")
    True
    >>> opens_plans("全省地区生产总值增长5.5%。")
    False
    """
    return any(word in text for word in words(VOCAB, "plan-opener"))
