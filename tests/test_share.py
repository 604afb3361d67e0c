"""query/share.py: a query asking for a share (民生支出占比) and the % figures that answer it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.query import share


@pytest.mark.parametrize(
    ("terms", "stem"),
    [
        (["民生支出占比"], ["民生支出"]),
        (["优良天数", "比例"], ["优良天数"]),
        (["先进制造业增加值所占比重"], ["先进制造业增加值"]),
        (["第二产业", "占GDP的比重"], ["第二产业", "占GDP的"]),
        (["占比"], None),  # a share of nothing named
        (["游客"], None),
        ([], None),
    ],
)
def test_stem(terms: list[str], stem: list[str] | None) -> None:
    assert share.stem(terms) == stem


def fact(
    subject: str, text: str, figure: str, unit: str | None = "%", value: float | None = 1.0
) -> dict[str, object]:
    return {"subject": subject, "text": text, "figure": figure, "unit": unit, "value": value}


@pytest.mark.parametrize(
    ("record", "of", "want"),
    [
        (
            fact("占一般公共预算支出比重", "全区民生支出达到12亿元，占一般公共预算支出比重79.3%。", "79.3%"),
            ["民生支出"],
            True,
        ),
        # the % figure names no share: a rate, not 民生支出's part of a whole
        (fact("城镇化率", "民生支出12亿元，城镇化率60%。", "60%"), ["民生支出"], False),
        # a share of something named after it, not of the words
        (fact("占比", "占比20%，民生支出12亿元。", "20%"), ["民生支出"], False),
        # a level is no share
        (fact("民生支出", "全区民生支出达到12亿元。", "12亿元", "亿元", 12.0), ["民生支出"], False),
    ],
)
def test_is_share(record: dict[str, object], of: list[str], want: bool) -> None:
    assert share.is_share(record, of) is want


@given(st.lists(st.text(max_size=8), max_size=3))
def test_stem_never_raises_and_leaves_a_prefix(terms: list[str]) -> None:
    got = share.stem(terms)
    words = [w for t in terms for w in t.split()]
    assert got is None or (got and "".join(words).startswith("".join(got)))
