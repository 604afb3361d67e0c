"""ingest/spans.py: a paragraph opening with a span of years gives its facts that period."""

from __future__ import annotations

import pytest

from taishan.ingest.extract import sentence_facts
from taishan.ingest.normalize import Sentence
from taishan.ingest.spans import span_of, with_spans


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("五年来，我们坚持稳中求进工作总基调。", "五年来"),
        ("过去五年，全省地区生产总值年均增长5.3%。", "过去五年"),
        ("“十四五”以来，全区新增就业12万人。", "“十四五”以来"),
        ("一年来，全市经济社会发展总体平稳。", None),  # the year reviewed
        ("过去一年，令人难忘。", None),
        ("2022年是本届省政府的收官之年。", None),
        ("城镇新增就业690万人。", None),
    ],
)
def test_span_of(text: str, want: str | None) -> None:
    assert span_of(text) == want


def facts(sentences: list[tuple[int, str]]) -> list[object]:
    out = []
    for line, text in sentences:
        out += sentence_facts(Sentence(text, tuple([line] * len(text)), "一、过去五年工作回顾", None))
    return out


def test_a_paragraph_opening_with_a_span_gives_its_facts_without_a_period_that_span() -> None:
    got = with_spans(
        facts(  # type: ignore[arg-type]
            [
                (24, "五年来，我们坚定践行以人民为中心的发展思想。"),
                (24, "城镇新增就业690万人。"),
                (24, "2022年全省地区生产总值12.8万亿元。"),  # its own period stays
                (34, "城镇新增就业132万人。"),  # the next paragraph: the year's
            ]
        )
    )
    assert [(f.figure, f.period) for f in got if f.figure] == [
        ("690万人", "五年来"),
        ("12.8万亿元", "2022年"),
        ("132万人", None),
    ]
