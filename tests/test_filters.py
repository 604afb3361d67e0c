"""Filters: category (fuzzy, Chinese or pinyin), unit, value after multipliers, change."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.query import filters as filters_mod
from taishan.query.filters import Filters, amount, category_keys, parse_amount, split_unit, unit_matches
from taishan.query.search import categories_matching, search
from taishan.store import Record


def select(records: list[Record], filters: Filters) -> list[Record]:
    """filters.select with the category resolved as engine.py resolves it."""
    wanted = categories_matching(category_keys(records), filters.category)
    return filters_mod.select(records, filters, wanted)


ECONOMY = "持续精准发力 经济平稳健康运行"


@pytest.mark.parametrize("wanted", ["经济", "jingji", "JingJi", "經濟", "持续精准发力"])
def test_category_is_fuzzy_chinese_or_pinyin(records: list[Record], wanted: str) -> None:
    got = {r["category"] for r in select(records, Filters(category=wanted))}
    assert got == {ECONOMY}


def test_unknown_category_keeps_nothing(records: list[Record]) -> None:
    assert select(records, Filters(category="冰淇淋")) == []


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [("万元", 1000, 1e7), ("亿元", 1.2, 1.2e8), ("万亿元", 1, 1e12), ("千瓦", 5, 5.0), ("%", 54.1, 54.1)],
)
def test_amount_applies_multipliers(unit: str, value: float, expected: float) -> None:
    assert amount({"value": value, "unit": unit}) == pytest.approx(expected)


def test_amount_of_a_fact_without_value_is_none() -> None:
    assert amount({"value": None, "unit": None}) is None
    assert split_unit(None) == (1.0, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2亿", 1.2e8),
        ("1000万元", 1e7),
        ("50", 50.0),
        ("-3", -3.0),
        ("1,200", 1200.0),
        ("1e9", 1e9),
        ("5%", 5.0),
        ("１０万", 1e5),
        # Chinese numerals, with a multiplier or a unit
        ("一万", 1e4),
        ("三千万", 3e7),
        ("三千万元", 3e7),
        ("两千五", 2500.0),
        ("十万", 1e5),
        ("一亿两千万", 1.2e8),
        ("两万亿元", 2e12),
        ("一千二百三十四万五千六百七十八", 12345678.0),
    ],
)
def test_parse_amount(text: str, expected: float) -> None:
    assert parse_amount(text) == pytest.approx(expected)


# `10k`, `1w`, `0x10` were read as 10, 1 and 0: a Latin letter is never a unit here
@pytest.mark.parametrize(
    "text", ["", "abc", "亿", "万", "1.2.3", "10k", "1w", "0x10", "1e", "5 dollars", "一x"]
)
def test_parse_amount_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_value_range_compares_after_multipliers(records: list[Record]) -> None:
    big = select(records, Filters(min_value=1e9))  # at least 10亿
    assert big and all((amount(r) or 0) >= 1e9 for r in big)
    assert any(r["unit"] == "亿元" and r["value"] == 282.3 for r in big)
    small = select(records, Filters(max_value=1.2e7, unit="元"))
    assert any(r["unit"] == "万元" and r["value"] == 1000 for r in small)
    assert all(r["unit"] != "亿元" for r in small)


def test_unit_with_multiplier_is_exact_and_base_unit_matches_all(records: list[Record]) -> None:
    assert {r["unit"] for r in select(records, Filters(unit="亿元"))} == {"亿元"}
    assert {"亿元", "万元"} <= {r["unit"] for r in select(records, Filters(unit="元"))}


def test_unit_matches_units_that_begin_with_it(records: list[Record]) -> None:
    got = {r["unit"] for r in select(records, Filters(unit="亿"))}
    assert "亿元" in got and all(u.startswith("亿") for u in got)
    assert {r["unit"] for r in select(records, Filters(unit="万"))} >= {"万元", "万人次"}


@pytest.mark.parametrize(
    ("unit", "wanted", "expected"),
    [
        ("亿元", "亿", True),
        ("亿斤", "亿", True),
        ("亿元", "亿元", True),
        ("万元", "亿", False),
        ("万元", "元", True),
        ("元", "元", True),
        ("亿元", "万元", False),
        ("人次", "万人次", False),
        (None, "亿", False),
        ("％", "%", False),  # a store's units are NFKC already; only the typed side is normalized
        ("%", "％", True),
    ],
)
def test_unit_matches(unit: str | None, wanted: str, expected: bool) -> None:
    assert unit_matches(unit, wanted) is expected


def test_change_range(records: list[Record]) -> None:
    up = select(records, Filters(min_change=100))
    assert up and all(r["change"] >= 100 for r in up)
    down = select(records, Filters(max_change=0))
    assert all(r["change"] <= 0 for r in down)


def test_search_applies_filters(records: list[Record]) -> None:
    hits = search(records, ["增长"], Filters(category="jingji", min_change=10))
    assert hits and all(h.record["category"] == ECONOMY and h.record["change"] >= 10 for h in hits)


def test_no_filter_keeps_everything_in_order(records: list[Record]) -> None:
    assert select(records, Filters()) == records


def test_a_category_filter_without_its_categories_is_a_bug(records: list[Record]) -> None:
    with pytest.raises(ValueError, match="category"):
        filters_mod.select(records, Filters(category="经济"))


@given(st.text(max_size=12))
def test_parse_amount_never_fails_otherwise(text: str) -> None:
    """Any text is an amount or a ValueError (which the CLI turns into a usage error)."""
    try:
        got = parse_amount(text)
    except ValueError:
        return
    assert isinstance(got, float)


def _chinese(n: int) -> str:
    """n < 10000 in Chinese numerals, as written (`三千零五`)."""
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for power, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // power % 10
        if d:
            out += ("零" if zero and out else "") + digits[d] + name
            zero = False
        else:
            zero = True
    return out or "零"


@given(st.integers(1, 9999), st.sampled_from([("", 1), ("万", 10**4), ("亿", 10**8)]))
def test_chinese_numerals_read_as_their_digits(n: int, multiplier: tuple[str, int]) -> None:
    word, factor = multiplier
    assert parse_amount(_chinese(n) + word) == n * factor
    assert parse_amount(f"{n}{word}元") == n * factor
