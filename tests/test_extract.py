"""extract: subjects, change and rank attachment, statements; and the bundled report's tricky figures."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.ingest.extract import Fact, extract, sentence_facts, tidy
from taishan.ingest.normalize import Sentence, normalize

Record = dict[str, Any]


def facts(text: str) -> list[Fact]:
    return sentence_facts(Sentence(text, tuple(range(1, len(text) + 1)), "经济", None))


def numeric(text: str) -> list[Fact]:
    return [f for f in facts(text) if f.value is not None or f.change is not None]


def test_change_attaches_to_the_level_before_it() -> None:
    [tourists, revenue] = numeric(
        "上半年，全区主要景区景点接待游客1439万人次，增长65%；实现营业收入5.81亿元，增长38%。"
    )
    assert (tourists.value, tourists.unit, tourists.change) == (1439, "万人次", 65)
    assert tourists.subject == "主要景区景点接待游客" and tourists.period == "上半年"
    assert (revenue.value, revenue.change) == (5.81, 38)


def test_change_with_its_own_subject_stands_alone() -> None:
    [homes, area] = numeric("上半年商品房合同网签3205套，销售面积增长9.8%，列全市第二。")
    assert (homes.value, homes.change, homes.rank) == (3205, None, None)
    assert (area.value, area.change, area.subject) == (None, 9.8, "销售面积")
    assert area.rank is not None and (area.rank.scope, area.rank.position) == ("全市", 2)


def test_shared_ranking_ranks_every_figure() -> None:
    found = numeric(
        "全区规上工业企业实现营收113亿元，增长1.8%；利润4.65亿元，增长16.81%，均列县（市、区）第一位，岱银集团获批国家级绿色工厂。"
    )
    assert [(f.value, f.change, f.rank.position if f.rank else None) for f in found] == [
        (113, 1.8, 1),
        (4.65, 16.81, 1),
    ]


def test_growth_ranking_goes_to_the_growth() -> None:
    found = numeric(
        "固定资产投资同比增长11.3%，增速全市第二；完成一般公共预算收入19.7亿元，增长6.5%，增速居县（市、区）第一。"
    )
    assert [(f.value, f.change, f.rank.position if f.rank else None) for f in found] == [
        (None, 11.3, 2),
        (19.7, 6.5, 1),
    ]


def test_ranking_after_a_rate_ranks_the_figure_it_rates() -> None:
    found = numeric("新增城镇就业4496人，完成全年计划的68.1%，列全市第一。")
    assert [(f.value, f.rank.position if f.rank else None) for f in found] == [(4496, 1), (68.1, 1)]


def test_threshold_stays_in_the_subject() -> None:
    found = numeric("其中过5亿元项目14个、过10亿元项目10个，合同引资额213.9亿元，同比增长13.3%。")
    assert [(f.value, f.subject) for f in found] == [
        (14, "过5亿元项目"),
        (10, "过10亿元项目"),
        (213.9, "合同引资额"),
    ]
    assert found[2].change == 13.3


def test_list_items_share_a_subject() -> None:
    found = numeric("查处违规违纪问题13起、20人，确保落实。")
    assert [(f.value, f.unit, f.subject) for f in found] == [
        (13, "起", "查处违规违纪问题"),
        (20, "人", "查处违规违纪问题"),
    ]


def test_negative_change() -> None:
    [f] = numeric("抓获人员2825人，接报各类警情下降26%。")[1:]
    assert (f.value, f.change, f.subject) == (None, -26, "接报各类警情")


def test_clauses_without_figures_are_statements() -> None:
    found = facts(
        "利润4.65亿元，增长16.81%，岱银集团获批国家级绿色工厂，大唐宅配认定为山东智能制造标杆企业。"
    )
    statements = [f.subject for f in found if f.value is None and f.change is None]
    assert statements == ["岱银集团获批国家级绿色工厂", "大唐宅配认定为山东智能制造标杆企业"]


def test_sentence_without_figures_is_one_statement() -> None:
    [f] = facts("建立“1151”全链条工作推进机制，推动管党治党责任落地。")
    assert (f.value, f.change, f.figure) == (None, None, None)
    assert "1151" in f.text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("上半年货物贸易完成", "货物贸易"),
        ("全区主要景区景点接待游客", "主要景区景点接待游客"),
        ("乱贴乱画行为", "乱贴乱画行为"),
    ],
)
def test_tidy(raw: str, clean: str) -> None:
    assert tidy(raw) == clean


def _find(records: list[Record], figure: str, word: str) -> Record:
    [r] = [r for r in records if r["figure"] == figure and word in r["text"]]
    return r


@pytest.mark.parametrize(
    ("figure", "word", "value", "unit", "change", "rank", "line"),
    [
        ("1439万人次", "游客", 1439, "万人次", 65, None, 110),
        ("4.65亿元", "利润", 4.65, "亿元", 16.81, 1, 140),
        ("113亿元", "营收", 113, "亿元", 1.8, 1, 140),
        ("252万平方米", "老旧小区", 252, "万平方米", None, None, 185),
        ("20人", "违规违纪", 20, "人", None, None, 42),
        ("12亿元", "民生支出", 12, "亿元", None, None, 232),
        ("增长11.3%", "固定资产投资", None, None, 11.3, 2, 312),
        ("53亿元", "规上服务业营收", 53, "亿元", 11, 1, 313),
        ("8个", "标准化工地", 8, "个", None, 1, 292),
        ("下降26%", "警情", None, None, -26, None, 303),
        ("14个", "过5亿元项目", 14, "个", None, None, 92),
        ("100余人", "海外专家", 100, "人", None, None, 34),
    ],
)
def test_bundled_report_figures(
    records: list[Record],
    figure: str,
    word: str,
    value: float | None,
    unit: str | None,
    change: float | None,
    rank: int | None,
    line: int,
) -> None:
    r = _find(records, figure, word)
    assert (r["value"], r["unit"], r["change"], r["line"]) == (value, unit, change, line)
    assert (r["rank"] or {}).get("position") == rank


def test_bundled_report_has_no_code_as_figure(records: list[Record]) -> None:
    figures = {r["figure"] for r in records if r["figure"]}
    assert not figures & {"1151", "11543", "1545", "11645", "2023年", "2.5", "5亿元", "20条"}


def test_every_figure_stands_in_its_sentence(records: list[Record]) -> None:
    for r in records:
        assert r["figure"] is None or r["figure"] in r["text"]
        assert r["value"] is None or r["figure"] is not None


def test_every_section_has_facts(records: list[Record]) -> None:
    categories = {r["category"] for r in records}
    assert len(categories) == 7  # six sections and the lead paragraph under the page title


@given(
    st.text(
        alphabet=st.sampled_from(list("，。；、%万亿元个人增长下降列全市第二均1234567890.“”过以上余同比"))
    )
)
def test_any_sentence_extracts_figures_found_in_it(text: str) -> None:
    for f in facts(text):
        assert f.figure is None or f.figure in f.text


def test_a_range_pairs_its_changes_end_to_end() -> None:
    low, high = numeric("公司预计上半年净利润8.5亿元至10亿元，同比增长16%-37%。")
    assert [(low.value, low.change), (high.value, high.change)] == [(8.5, 16), (10, 37)]
    assert low.subject == high.subject == "公司预计上半年净利润"


def test_a_new_level_after_a_verb_keeps_the_subject() -> None:
    old, new = numeric("集中供养孤儿从每人每月1949元提高到2017元。")
    assert old.subject == new.subject


def test_a_list_item_is_named_by_the_words_after_it() -> None:
    found = numeric("推动相对贫困人口全部脱贫、2277个相对贫困村全部出列。")
    assert [f.subject for f in found] == ["相对贫困村全部出列"]


def test_a_growth_with_no_words_of_its_own_takes_the_clause_before() -> None:
    [f] = numeric("其中，通用设备制造业迅猛增长，增长6309.9%。")
    assert (f.change, f.subject) == (6309.9, "通用设备制造业迅猛增长")


def test_a_ranking_sentence_without_figures_ranks_the_level_before_it() -> None:
    text = "统计数据显示\n前三季度深圳实现GDP 21791.18亿元，同比增长7.1%。在经济总量上，深圳稳居全国第三位、广东省第一位。\n"
    [gdp] = [f for f in extract(normalize(text)) if f.value is not None]
    assert gdp.rank is not None and (gdp.rank.scope, gdp.rank.position) == ("全国", 3)


def test_a_ranking_that_names_what_it_ranks_leaves_the_sentence_before_alone() -> None:
    text = "统计数据显示\n治理违法建设9亿平方米。文化强省建设迈出大步，文化及相关产业增加值稳居全国首位。\n"
    [area] = [f for f in extract(normalize(text)) if f.value is not None]
    assert (area.value, area.rank) == (9, None)


@pytest.mark.parametrize(
    ("text", "ranked"),
    [
        ("高速公路通车总里程达1.12万公里、连续9年居全国第一。", {"1.12万公里", "9年"}),
        ("生产总值达12.8万亿元，年均增长5%，连续34年居全国首位。", {"34年"}),  # an average holds no standing
    ],
)
def test_a_ranking_after_a_streak_ranks_the_streak_and_the_figure_before(text: str, ranked: set[str]) -> None:
    facts = extract(normalize("统计数据显示\n" + text + "\n"))
    assert {f.figure for f in facts if f.rank is not None} == ranked


def test_a_growth_before_its_total_is_the_totals_change() -> None:
    found = numeric("沿海经济带前三季度GDP增幅达到10.6%，经济总量达到11779亿元。")
    assert [(f.value, f.change) for f in found] == [(None, 10.6), (11779, 10.6)]


def test_a_growth_before_a_share_is_not_the_shares_change() -> None:
    found = numeric("东莞两年平均增速达到6.6%，出口贸易总额占GDP比重在今年首次突破九成。")
    assert [(f.value, f.change) for f in found] == [(None, 6.6), (9, None)]


@pytest.mark.parametrize(
    "text",
    [
        "出口增长15%，进出口总额达到200亿元。",
        "网上零售额增长20%，社会消费品零售总额达到500亿元。",
        "民间投资增长8%，投资规模达到300亿元。",
    ],
)
def test_a_growth_before_another_total_stays_its_own(text: str) -> None:
    assert [f.change for f in numeric(text)] == [
        pytest.approx(float(text.split("增长")[1].split("%")[0])),
        None,
    ]


def test_a_place_before_a_ranking_still_ranks_the_level_before_it() -> None:
    text = "统计数据显示\n前三季度深圳实现GDP 21791.18亿元。在经济总量上，深圳市稳居全国第三位。\n"
    [gdp] = [f for f in extract(normalize(text)) if f.value is not None]
    assert gdp.rank is not None and gdp.rank.position == 3
