"""A paragraph that opens with a span of years (五年来, 过去五年, 十四五以来) reviews that span: its
facts that name no period of their own are of it, not of the report's year (a work report's
`五年来，…城镇新增就业690万人` beside the year's `城镇新增就业132万人`).

"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from taishan.ingest.extract import Fact

NUMERAL = "[二三四五六七八九十两]"  # 一年来, 过去一年: the year reviewed, no span
# a paragraph's first words that name a span of years under review
SPAN = re.compile(
    rf"^(?:(?:过去|近){NUMERAL}年(?:来|间|里)?|{NUMERAL}年(?:来|间|以来)|“?十[一二三四五]五”?(?:时期|期间|以来))"
)


def span_of(text: str) -> str | None:
    """The span of years a paragraph's first sentence opens with, if any.

    >>> span_of("五年来，我们坚定践行…"), span_of("过去五年，全省…"), span_of("2022年是…")
    ('五年来', '过去五年', None)
    """
    m = SPAN.match(text)
    return m.group() if m else None


def with_spans(facts: Iterable[Fact]) -> list[Fact]:
    """The facts, each without a period of its own given its paragraph's span of years, where its
    paragraph (its line) opens with one; a paragraph is a line of the report (a .docx paragraph,
    a web page's), so a text broken into lines mid-paragraph is read a line at a time."""
    out: list[Fact] = []
    line: int | None = None
    span: str | None = None
    for fact in facts:
        if fact.line != line:
            line, span = fact.line, span_of(fact.text)
        out.append(replace(fact, period=span) if span and fact.period is None else fact)
    return out
