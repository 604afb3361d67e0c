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
        # an average holds no standing: the streak's is the total's before it (hand label, guangdong 2023)
        ("生产总值达12.8万亿元，年均增长5%，连续34年居全国首位。", {"12.8万亿元", "34年"}),
        (
            "全省地区生产总值达12.8万亿元，五年跨过3个万亿元级台阶、年均增长5%，连续34年居全国首位。",
            {"12.8万亿元", "34年"},
        ),
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


def picked(text: str) -> list[tuple[Any, ...]]:
    return [(f.figure, f.value, f.unit, f.change) for f in numeric(text)]


# Groups 2-5 and 8 of issue #12, each with real sentences of the 2025 provincial reports (and the
# issue's own example): every row lists facts the sentence must give.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # 2: a two-term ratio, each term a figure; a list's last unit completes its bare items
        ("三次产业比重为31.3：68.7。", [("31.3", 31.3, None, None), ("68.7", 68.7, None, None)]),
        ("开工备案项目比例达到1∶3.4，创近年新高。", [("1", 1, None, None), ("3.4", 3.4, None, None)]),
        ("城乡居民收入比缩小至2.04∶1。", [("2.04", 2.04, None, None), ("1", 1, None, None)]),
        (
            "增速分别比同期提高0.9、5.9个百分点。",
            [("0.9", 0.9, "个百分点", None), ("5.9个百分点", 5.9, "个百分点", None)],
        ),
        (
            "高技术产品出口占出口比重62.6%，分别提高11.1、11.2个百分点。",
            [("11.1", 11.1, "个百分点", None), ("11.2个百分点", 11.2, "个百分点", None)],
        ),
        # 3: an index keeps its level, and its change
        ("居民消费价格指数为100.7，同比上涨0.7%。", [("100.7", 100.7, None, 0.7)]),
        ("工业生产者出厂价格指数为79.8。", [("79.8", 79.8, None, None)]),
        ("制造业采购经理指数（PMI）为50.2，比上月回升0.4个百分点。", [("50.2", 50.2, None, None)]),
        # 4: durations after a word that says so, multiples after a growth verb
        ("遗留时长8年多的问题得到解决。", [("8年多", 8, "年", None)]),
        ("有序推进第二轮土地承包到期后再延长30年试点。", [("30年", 30, "年", None)]),
        ("全市房价涨了一倍。", [("一倍", 1, "倍", None)]),
        ("全省数字经济规模比五年前翻了一番多。", [("一番", 1, "番", None)]),
        # 5: a change pairs across a benchmark clause, before a 突破 level, across 、; 持平 is 0
        (
            "全省地区生产总值增长5.7%，高于全国0.7个百分点，经济总量达到64697亿元。",
            [("增长5.7%", None, None, 5.7), ("64697亿元", 64697, "亿元", 5.7)],
        ),
        (
            "年旅客吞吐量增长16.6%，突破8700万人次。",
            [("突破8700万人次", 8700, "万人次", 16.6)],
        ),
        (
            "全年过境中欧班列增长14%，达到1.64万列、占全国一半以上。",
            [("1.64万列", 1.64, "万列", 14)],
        ),
        ("地方一般公共预算收入达到8374.2亿元、增长0.7%。", [("8374.2亿元", 8374.2, "亿元", 0.7)]),
        ("技术合同成交额达到5200.7亿元、增长7.2%。", [("5200.7亿元", 5200.7, "亿元", 7.2)]),
        ("普惠小微贷款余额达到1.3万亿元、增长15%。", [("1.3万亿元", 1.3, "万亿元", 15)]),
        ("居民消费价格与上年基本持平。", [("与上年基本持平", None, None, 0)]),
        ("房地产开发投资同比持平。", [("同比持平", None, None, 0)]),
        # 8: a threshold word before the figure of what is made or spent
        ("打造超1000亿元引导基金集群。", [("超1000亿元", 1000, "亿元", None)]),
        ("新增财力80%以上用于民生领域。", [("80%以上", 80, "%", None)]),
        ("为经营主体减负超3000亿元。", [("超3000亿元", 3000, "亿元", None)]),
        ("统筹资金和政府债券超400亿元用于工业发展。", [("超400亿元", 400, "亿元", None)]),
        ("超10亿元补贴直达消费者。", [("超10亿元", 10, "亿元", None)]),
        ("安排超过50亿元资金支持科技创新。", [("超过50亿元", 50, "亿元", None)]),
        ("发放超2亿元消费券。", [("超2亿元", 2, "亿元", None)]),
    ],
)
def test_issue_12_groups(text: str, wanted: list[tuple[Any, ...]]) -> None:
    got = picked(text)
    assert [w for w in wanted if w not in got] == [], got


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("年销售收入超10亿元农业产业化龙头企业达到100家以上。", "超10亿元"),  # a class, counted after
        ("生产总值超200亿元县（区）达26个。", "超200亿元"),
        ("新签约超10亿元项目32个。", "超10亿元"),  # money sizes a class of projects
        ("营业收入超亿元企业新增40家。", "超亿元"),
        ("个人所得税负超过15%的部分予以免征。", "超过15%"),
        ("建筑业保持平稳。", "持平"),
        ("提前两年完成任务。", "两年"),
    ],
)
def test_issue_12_not_figures(text: str, unwanted: str) -> None:
    assert unwanted not in [f[0] for f in picked(text)]


def ranked(text: str) -> list[tuple[Any, ...]]:
    return [(f.figure, f.rank.position, f.rank.scope) for f in numeric(text) if f.rank is not None]


# Group 6: a ranking on the right figure, its scope whole (real sentences of the 2025 reports).
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "快递业务量和收入分别增长20%、18%，增速分别居全国第3位、第2位。",
            [("增长20%", 3, "全国"), ("18%", 2, "全国")],
        ),
        ("全省粮食总产466亿斤、全国排名上升到第13位。", [("466亿斤", 13, "全国")]),
        ("天竺综保区综合得分95分，在国家绩效评估中从第9名提升至第2名。", [("95分", 2, None)]),
        ("地区生产总值达到3.2万亿元，由全国第11位跃升至第5位。", [("3.2万亿元", 5, "全国")]),
        ("粮食单产420公斤，连续3年居粮食主产省第1位。", [("420公斤", 1, "粮食主产省")]),
        ("规上工业增加值增长9.6%，增速居工业大省第1位。", [("增长9.6%", 1, "工业大省")]),
        ("对非贸易额达到450亿元，居中西部第1位。", [("450亿元", 1, "中西部")]),
        ("高被引科学家达431人次、居全球城市首位。", [("431人次", 1, "全球城市")]),
        ("地区生产总值达到8.2万亿元，巩固了全国第4的地位。", [("8.2万亿元", 4, "全国")]),
        ("全市地区生产总值达到3.1万亿元，在四大一线城市中排名第一。", [("3.1万亿元", 1, None)]),
    ],
)
def test_ranks_land_on_the_right_figure(text: str, wanted: list[tuple[Any, ...]]) -> None:
    got = ranked(text)
    assert [w for w in wanted if w not in got] == [], got


# Group 10: a change's sign is the quantity's own direction; a cut that opens its clause is a fall.
@pytest.mark.parametrize(
    ("text", "figure", "change"),
    [
        ("PM2.5浓度同比改善2.2%。", "改善2.2%", -2.2),
        ("全省PM2.5浓度同比改善7.9%，重污染天数同比减少6天。", "改善7.9%", -7.9),
        ("细颗粒物平均浓度改善5.1%。", "改善5.1%", -5.1),
        ("空气质量优良天数比例改善3.2%。", "改善3.2%", 3.2),  # a share of good days: better is more
        ("终端用户电费成本降低10%。", "降低10%", -10),
        ("固定资产投资的两年平均增速也从上半年的13.0%，下跌至9.90%。", "9.90%", None),  # the level reached
        ("压减省级机关单位公用经费15%。", "压减省级机关单位公用经费15%", -15),
        ("压减省部级以下论坛、节庆、展会活动58%。", "压减省部级以下论坛、节庆、展会活动58%", -58),
    ],
)
def test_change_sign_is_the_quantitys_direction(text: str, figure: str, change: float | None) -> None:
    assert (figure, change) in [(f.figure, f.change) for f in numeric(text)]


# Group 11: a place before a ranking, however long its name, names no indicator of its own; an
# indicator does (the rule that replaced a count of characters).
@pytest.mark.parametrize(
    ("second", "ranks_the_level_before"),
    [
        ("在经济总量上，深圳稳居全国第三位。", True),
        ("在经济总量上，深圳市稳居全国第三位。", True),
        ("在经济总量上，乌鲁木齐市稳居西北省会城市第二位。", True),
        ("在经济总量上，鄂尔多斯市位居全区第一。", True),
        ("文化及相关产业增加值稳居全国首位。", False),
        ("研发人员数量、专利申请量均居全国首位。", False),
    ],
)
def test_a_place_before_a_ranking_ranks_the_level_before(second: str, ranks_the_level_before: bool) -> None:
    text = f"统计数据显示\n前三季度全市实现GDP 4021.5亿元，同比增长6.1%。{second}\n"
    [gdp] = [f for f in extract(normalize(text)) if f.value is not None]
    assert (gdp.rank is not None) is ranks_the_level_before


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        (
            "1299个重大项目完成投资1.4万亿元、投资完成率129.6%；734个制造业重大项目完成投资2831亿元、投资完成率119.7%。",
            {"重大项目投资完成率", "制造业重大项目投资完成率"},
        ),
        (
            "300个省列重大项目累计完成投资2393.1亿元，年度计划投资完成率114.2%。",
            {"省列重大项目年度计划投资完成率"},
        ),
    ],
)
def test_a_rate_keeps_the_class_it_is_a_rate_of(text: str, subjects: set[str]) -> None:
    assert subjects <= {f.subject for f in numeric(text)}


@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "，。；、：∶%万亿斤块金倍番一两三四五大类个准劣指数为跃升至由第位首持平改善压减浓度时长延长年12345."
            )
        )
    )
)
def test_the_new_readings_keep_every_figure_in_its_sentence(text: str) -> None:
    for f in facts(text):
        assert f.figure is None or f.figure in text
        assert f.rank is None or f.rank.position > 0
        assert f.status in ("actual", "estimate", "target")


@pytest.mark.parametrize(
    "text",
    [  # the 2025 reports' own wording of a GDP growth and the total it is of
        "全省地区生产总值增长5.8%，经济总量跨上5万亿元台阶。",
        "地区生产总值增长5.8%、增速全国第3，总量达到60013亿元。",
        "全年增长4.8%、总量达5.3万亿元。",
    ],
)
def test_a_growth_is_the_change_of_the_bare_total_after_it(text: str) -> None:
    growth, total = numeric(text)[:2]
    assert growth.change is not None and total.value is not None and total.change == growth.change
    assert (growth.rank and growth.rank.position) == (total.rank and total.rank.position)


def changes(text: str) -> list[tuple[Any, ...]]:
    return [(f.figure, f.value, f.change) for f in numeric(text)]


# Pairing, kind 1 (real sentences of the 2025 provincial reports): a growth stated before the level it
# is of, joined by `、达`, `，达到`, `、突破`, is that level's change; it keeps its own fact too, as a label
# may count it as a figure of its own (the evaluator pairs labels greedily).
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("新能源汽车产量增长94.5%、达168.4万辆。", [("增长94.5%", None, 94.5), ("168.4万辆", 168.4, 94.5)]),
        (
            "全疆地区生产总值同比增长6.1%、突破2万亿元大关。",
            [("增长6.1%", None, 6.1), ("突破2万亿元", 2, 6.1)],
        ),
        (
            "全年过境中欧(中亚)班列增长14%，达到1.64万列、占全国一半以上。",
            [("增长14%", None, 14), ("1.64万列", 1.64, 14)],
        ),
        (
            "绿色智能计算产业产值增长19.2%、突破8500亿元，正加快迈向万亿目标。",
            [("增长19.2%", None, 19.2), ("突破8500亿元", 8500, 19.2)],
        ),
        ("预计地区生产总值增长6%左右、突破2.6万亿元。", [("增长6%左右", None, 6), ("突破2.6万亿元", 2.6, 6)]),
        (
            "年旅客吞吐量增长16.6%，突破8700万人次。",
            [("增长16.6%", None, 16.6), ("突破8700万人次", 8700, 16.6)],
        ),
        # a total that names itself keeps the growth's own fact beside it
        (
            "全省地区生产总值增长5.8%，经济总量跨上5万亿元台阶。",
            [("增长5.8%", None, 5.8), ("5万亿元", 5, 5.8)],
        ),
        # a new item after a bare `，` is counted, not the growth's level
        ("市管非金融国企利润增长8%，75家融资平台转型或退出。", [("增长8%", None, 8), ("75家", 75, None)]),
        (
            "城乡居民人均可支配收入分别增长4.3%、6.1%，十方面民生实事圆满完成。",
            [("增长4.3%", None, 4.3), ("6.1%", None, 6.1), ("十方面", 10, None)],
        ),
        ("地方政府融资平台压降66.5%，8个旗县隐性债务清零。", [("降66.5%", None, -66.5), ("8个", 8, None)]),
    ],
)
def test_a_growth_folds_into_the_level_it_is_of(text: str, wanted: list[tuple[Any, ...]]) -> None:
    assert changes(text) == wanted


def ranks_of(text: str) -> list[tuple[Any, ...]]:
    return [(f.figure, f.rank.position if f.rank else None) for f in numeric(text)]


# Kinds 2 and 3: a `均` ranking ranks every figure it covers and no other; `分别` ranks each figure
# in turn; a growth's standing goes with the growth into its level.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "汽车产量继续保持40%以上增长、达357万辆，新能源汽车产量增长94.5%、达168.4万辆，产量均居全国第2位。",
            [("40%以上", None), ("357万辆", 2), ("增长94.5%", None), ("168.4万辆", 2)],
        ),
        ("出让矿业权182宗、成交价116.8亿元，均居全国第2位。", [("182宗", 2), ("116.8亿元", 2)]),
        ("新入选国家5G工厂113家、累计210家，均居全国第一。", [("113家", 1), ("210家", 1)]),
        (
            "预计产煤12.9亿吨，完成保供任务8.3亿吨、占全国34.5%，发电超8000亿度，外送电量3150亿度、占全国16%，均居全国第1位。",
            [
                ("12.9亿吨", 1),
                ("8.3亿吨", 1),
                ("34.5%", None),
                ("超8000亿度", 1),
                ("3150亿度", 1),
                ("16%", None),
            ],
        ),
        (
            "绿色智能计算产业产值增长19.2%、突破8500亿元；新增硬质合金等7个国家中小企业特色产业集群，国家级制造业单项冠军企业总数达72个，均居中部第1位。",
            [("增长19.2%", None), ("突破8500亿元", None), ("7个", 1), ("72个", 1)],
        ),
        (
            "加快推进工业技改项目100个，全区规上工业企业实现营收113亿元，增长1.8%；利润4.65亿元，增长16.81%，均列县（市、区）第一位。",
            [("100个", None), ("113亿元", 1), ("4.65亿元", 1)],
        ),
        ("规上工业增加值增长8%、10%，均居全市第1、全省第7。", [("增长8%", 1), ("10%", 1)]),
        (
            "规上工业增加值、固定资产投资分别增长8%、10%，分别居全国第2位、第7位。",
            [("增长8%", 2), ("10%", 7)],
        ),
        (
            "城镇、农村居民人均可支配收入分别增长4.8%、7%，居全国第五和第六，增速连续3年高于全国平均水平。",
            [("增长4.8%", 5), ("7%", 6), ("3年", None)],
        ),
        ("出口、进口分别增长12%和9%，分别居全省第3位及第8位。", [("增长12%", 3), ("9%", 8)]),
        ("地区生产总值增长5.8%、增速全国第3，总量达到60013亿元。", [("增长5.8%", 3), ("60013亿元", 3)]),
        ("规上工业增加值增长9.2%、增速居全省第2位，总量达到1.2万亿元。", [("增长9.2%", 2), ("1.2万亿元", 2)]),
    ],
)
def test_shared_and_carried_rankings(text: str, wanted: list[tuple[Any, ...]]) -> None:
    assert ranks_of(text) == wanted


# Kind 4: a level after `、达`, a streak's figures: named by the quantity named before.
@pytest.mark.parametrize(
    ("text", "figure", "subject"),
    [
        (
            "克服极端灾害天气影响，粮食总产量1344亿斤，连续8年稳定在1300亿斤以上。",
            "1300亿斤以上",
            "粮食总产量",
        ),
        ("耕地面积连续4年净增累计超过170万亩。", "超过170万亩", "耕地面积净增"),
        ("常住人口城镇化率达到56.83%、提高1.34个百分点。", "1.34个百分点", "常住人口城镇化率"),
        ("兰州高新区全国排名53位、提升3位。", "3位", "兰州高新区全国排名"),
        ("全省经营主体达59.3万户、净增2万户。", "2万户", "经营主体净增"),
        ("国家专精特新“小巨人”企业新增711家、累计达2215家。", "2215家", "国家专精特新“小巨人”企业累计"),
        ("新增公园141座、累计达到973座。", "973座", "公园累计"),
        ("粮食产量稳定在252亿斤以上。", "252亿斤以上", "粮食产量"),
        ("城镇调查失业率控制在5.5%以内。", "5.5%以内", "城镇调查失业率"),
        ("产业投资占全部投资比重保持在50%以上。", "50%以上", "产业投资占全部投资比重"),
    ],
)
def test_a_subject_of_verbs_only_names_nothing(text: str, figure: str, subject: str) -> None:
    """`稳定在`, `净增`, `提高`: the figure before in the sentence, or the clause, names it."""
    [f] = [f for f in numeric(text) if f.figure == figure]
    assert f.subject == subject


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("全区接待游客2.73亿人次、实现收入4140亿元，增长18.6%和23.4%。", [18.6, 23.4]),
        ("全年接待游客突破3亿人次，游客花费3595.42亿元，分别增长14%和21%。", [14, 21]),
    ],
)
def test_changes_joined_by_and_pair_end_to_end(text: str, changes: list[float]) -> None:
    assert [f.change for f in numeric(text) if f.value is not None] == changes


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("生产安全死亡事故起数和死亡人数分别下降24.7%和28.2%。", [-24.7, -28.2]),
        ("城乡低保标准分别增长7%和9%。", [7, 9]),
    ],
)
def test_a_list_of_changes_joined_by_and_is_all_changes(text: str, changes: list[float]) -> None:
    assert [f.change for f in numeric(text)] == changes


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        (
            "城镇、农村居民人均可支配收入分别增长4.8%、7%。",
            ["城镇居民人均可支配收入", "农村居民人均可支配收入"],
        ),
        (
            "城镇居民、农村居民人均可支配收入分别增长4.6%、6.5%。",
            ["城镇居民人均可支配收入", "农村居民人均可支配收入"],
        ),
        (
            "汽车、家电、通讯、家具零售额分别增长20%、10%、36%、8%。",
            ["汽车零售额", "家电零售额", "通讯零售额", "家具零售额"],
        ),
        (
            "交通、能源、水利分别完成投资3252亿元、2140亿元、748亿元。",
            ["交通投资", "能源投资", "水利投资"],
        ),
        ("制造业、战略性新兴产业贷款分别增长12.7%、15%。", ["制造业贷款", "战略性新兴产业贷款"]),
        ("事故起数、死亡人数分别下降19.4%、17.5%。", ["事故起数", "死亡人数"]),  # each whole already
        ("生产安全事故起数和死亡人数分别下降17%、14.2%。", ["生产安全事故起数", "死亡人数"]),
        ("设备购置和企业技术改造投资分别增长7.1%、87.7%。", ["设备购置投资", "企业技术改造投资"]),
        ("上海机场航空货邮和旅客吞吐量分别达到420.6万吨、1.25亿人次。", ["上海机场航空货邮和旅客吞吐量"] * 2),
        (
            "城乡居民人均可支配收入分别达6.6万元和3.2万元。",
            ["城镇居民人均可支配收入", "农村居民人均可支配收入"],
        ),
        ("城乡低保标准分别增长7%和9%。", ["城镇低保标准", "农村低保标准"]),
        ("跨国公司地区总部、外资研发中心分别新认定60家和30家。", ["跨国公司地区总部", "外资研发中心"]),
        ("生产安全事故起数、死亡人数分别下降12.8%和10.5%。", ["生产安全事故起数", "死亡人数"]),
    ],
)
def test_list_heads_share_the_indicator_the_last_item_ends_with(text: str, subjects: list[str]) -> None:
    assert [f.subject for f in numeric(text)] == subjects


@pytest.mark.parametrize(
    ("text", "figure", "subject"),
    [
        (
            "全区规上工业企业实现营收113亿元，增长1.8%；利润4.65亿元，增长16.81%。",
            "4.65亿元",
            "规上工业企业利润",
        ),
        (
            "全区规模以上工业企业实现利税21.05亿元,同比下降12.8%;亏损面34.2%。",
            "34.2%",
            "规模以上工业企业亏损面",
        ),
        ("243项政务服务事项实现跨省通办、158项实现省内通办。", "158项", "政务服务事项省内通办"),
    ],
)
def test_a_bare_indicator_after_an_entitys_figure_is_the_entitys(
    text: str, figure: str, subject: str
) -> None:
    [f] = [f for f in numeric(text) if f.figure == figure]
    assert f.subject == subject


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("新增城镇就业17.2万人，城镇调查失业率控制在5.5%以内。", {"新增城镇就业", "城镇调查失业率"}),
        (
            "畜禽粪污资源化利用率、秸秆综合利用率分别稳定在80%、86%以上。",
            {"畜禽粪污资源化利用率", "秸秆综合利用率"},
        ),
        (
            "普惠性幼儿园覆盖率90%，义务教育集团化办学覆盖率98.2%。",
            {"普惠性幼儿园覆盖率", "义务教育集团化办学覆盖率"},
        ),
    ],
)
def test_a_rate_after_a_verb_or_another_rate_keeps_its_own_name(text: str, subjects: set[str]) -> None:
    assert {f.subject for f in numeric(text)} == subjects


@pytest.mark.parametrize(
    ("text", "figure", "subject"),
    [
        ("汽车产量继续保持40%以上增长、达357万辆。", "357万辆", "汽车产量"),
        ("粮食总产439.2亿斤、连续12年超430亿斤。", "超430亿斤", "粮食总产"),
        ("粮食总产439.2亿斤、连续12年超430亿斤。", "12年", "粮食总产"),
        ("“津农精品”销售额连续两年突破百亿元。", "突破百亿元", "“津农精品”销售额"),
        ("城镇新增就业连续4年超过90万人。", "超过90万人", "城镇新增就业"),
        ("上海港集装箱吞吐量达到5150.6万标准箱、连续15年排名世界第一。", "15年", "上海港集装箱吞吐量"),
    ],
)
def test_a_level_after_a_link_is_named_by_the_quantity_before(text: str, figure: str, subject: str) -> None:
    [f] = [f for f in numeric(text) if f.figure == figure]
    assert f.subject.startswith(subject)


# Kind 5: a quote made of counted items is a list of figures, each named by what it counts; a quoted
# name with a number is none.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "以“1家国家实验室、8个大科学装置、42家全国重点实验室、10家湖北实验室、163个国家级创新平台、525家新型研发机构”为主体的科技力量矩阵加速形成。",
            [
                ("1家", "国家实验室"),
                ("8个", "大科学装置"),
                ("42家", "全国重点实验室"),
                ("10家", "湖北实验室"),
                ("163个", "国家级创新平台"),
                ("525家", "新型研发机构"),
            ],
        ),
        ("形成“3个国家级集群、12个省级集群”的发展格局。", [("3个", "国家级集群"), ("12个", "省级集群")]),
        ("实施“7个专项行动”。", []),
        ("推进“1+N”政策体系，落实“两个70%”要求。", []),
        ("开展“八大标志性战役30个专项行动”。", []),
    ],
)
def test_a_quoted_list_of_counts_holds_figures(text: str, wanted: list[tuple[str, str]]) -> None:
    assert [(f.figure, f.subject) for f in numeric(text)] == wanted


# Kind 6 of the brief: what the issue asked for still holds, on several sentences each.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("规模以上工业增加值与上年同期持平。", [("与上年同期持平", None, 0)]),
        ("社会消费品零售总额与去年基本持平。", [("与去年基本持平", None, 0)]),
        ("固定资产投资同比持平，房地产开发投资下降5%。", [("同比持平", None, 0), ("下降5%", None, -5)]),
        (
            "全省地区生产总值增长5.7%，高于全国0.7个百分点，经济总量达到64697亿元。",
            [("增长5.7%", None, 5.7), ("0.7个百分点", 0.7, None), ("64697亿元", 64697, 5.7)],
        ),
        (
            "全市地区生产总值增长6.2%，快于全省1.1个百分点，经济总量达到3200亿元。",
            [("增长6.2%", None, 6.2), ("1.1个百分点", 1.1, None), ("3200亿元", 3200, 6.2)],
        ),
    ],
)
def test_flat_and_benchmarked_changes(text: str, wanted: list[tuple[Any, ...]]) -> None:
    assert changes(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("地区生产总值达到3.2万亿元，由全国第11位跃升至第5位。", [("3.2万亿元", 5)]),
        ("粮食总产466亿斤、全国排名上升到第13位。", [("466亿斤", 13)]),
        ("粮食单产420公斤，连续3年居粮食主产省第1位。", [("420公斤", 1), ("3年", 1)]),
        ("粮食总产量达到1300亿斤，单产连续3年居粮食主产省第1位。", [("1300亿斤", None), ("3年", 1)]),
        ("高新技术企业约7.7万家，区域创新能力连续8年全国第一。", [("约7.7万家", None), ("8年", 1)]),
        (
            "上海港集装箱吞吐量达到5150.6万标准箱、连续15年排名世界第一。",
            [("5150.6万标准箱", 1), ("15年", 1)],
        ),
        ("地区生产总值达到8.2万亿元，巩固了全国第4的地位。", [("8.2万亿元", 4)]),
        ("粮食产量达到1300亿斤，稳固全国第2的地位。", [("1300亿斤", 2)]),
    ],
)
def test_moves_streaks_and_standings(text: str, wanted: list[tuple[Any, ...]]) -> None:
    assert ranks_of(text) == wanted


@pytest.mark.parametrize(
    ("text", "figure", "position"),
    [
        ("全区生产总值增长5%。排名稳居全省第一。全区投资增长3%。", "增长5%", 1),
        ("前三季度深圳实现GDP 21791.18亿元，同比增长7.1%。增速居全国第三位。", "21791.18亿元", 3),
        ("全市规上工业增加值增长8.1%。增速位居全省第二。", "增长8.1%", 2),
    ],
)
def test_a_ranking_sentence_ranks_the_growth_before_it(text: str, figure: str, position: int) -> None:
    facts = extract(normalize("统计数据显示\n" + text + "\n"))
    ranked = {f.figure: f.rank.position for f in facts if f.rank is not None}
    assert ranked == {figure: position}


def test_counted_quotes() -> None:
    from taishan.ingest.figures import quoted_spans

    assert not any(quoted_spans("以“1家国家实验室、8个大科学装置”为主体"))
    assert any(quoted_spans("实施“7个专项行动”"))


@pytest.mark.parametrize(
    "text",
    [  # a bracket the total entered (上海 2025; 以下 likewise): the growth keeps its fact too
        "全市生产总值增长5%，城市经济规模进入了5万亿元以上的新阶段。",
        "全省地区生产总值增长6%，经济总量迈上1万亿元以上的台阶。",
    ],
)
def test_a_growth_before_a_bracket_keeps_its_own_fact(text: str) -> None:
    growth, total = numeric(text)
    assert growth.value is None and total.value is not None and total.change == growth.change


def test_a_shared_standing_stops_at_a_count_before_its_noun() -> None:
    # the bundled report: 均列 ranks the two results, not the plans' counts earlier in the sentence
    text = (
        "持续发展壮大数字经济、高端装备制造、纺织服装等5大产业，积极布局人工智能、元宇宙等4大产业领域，"
        "加快推进100个工业技改项目，全区规上工业企业实现营收113亿元，增长1.8%；利润4.65亿元，"
        "增长16.81%，均列县（市、区）第一位。"
    )
    assert [(f.value, f.rank is not None) for f in numeric(text)] == [
        (5, False),
        (4, False),
        (100, False),
        (113, True),
        (4.65, True),
    ]


def test_a_growth_after_a_gap_to_the_nation_is_not_the_gaps_change() -> None:
    # 湖南省 2025: the year's growth follows a quarter's gap to the nation; the gap is no level
    found = numeric("四季度增长5.6%、高于全国0.2个百分点，全年增长4.8%、总量达5.3万亿元。")
    assert [(f.value, f.unit, f.change) for f in found] == [
        (None, None, 5.6),
        (0.2, "个百分点", None),
        (None, None, 4.8),  # a total that names itself (总量) keeps the growth's fact beside it
        (5.3, "万亿元", 4.8),
    ]


def test_a_shared_ranking_across_a_semicolon_stops_where_the_unit_changes() -> None:
    # the bundled report: 均列 ranks 营收 and 利润, not the 100 projects or the 5 industries before them
    found = numeric(
        "持续发展壮大数字经济等5大产业，加快推进100个工业技改项目，全区规上工业企业实现营收113亿元，"
        "增长1.8%；利润4.65亿元，增长16.81%，均列县（市、区）第一位。"
    )
    assert {f.figure for f in found if f.rank is not None} == {"113亿元", "4.65亿元"}


# A ranking whose clause (or list item) names a quantity with no figure ranks that quantity, not the
# figure before it; fillers, a streak and a count of the count before leave it the figure's.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("绿电交易量76.6亿千瓦时，外送量全国第一。", [("76.6亿千瓦时", None)]),
        ("实时人口1.5亿左右，新出生人口数量居全国第一。", [("1.5亿左右", None)]),
        ("投运地下储气库3座、储气能力全国第一。", [("3座", None)]),
        ("力争算力规模突破20万P、智算规模保持全国第1位。", [("突破20万P", None)]),
        ("地方一般公共预算收入517亿元、增长2.8%，其中地方税收增速居全国第八。", [("517亿元", None)]),
        ("建成高标准农田284万亩，绩效考核排全国第3位。", [("284万亩", None)]),
        ("农林牧渔业总产值达到1.28万亿元，持续位居全国首位。", [("1.28万亿元", 1)]),
        ("7部作品荣获“五个一工程”优秀作品奖、居全国第5位。", [("7部", 5)]),
        ("12部浙产作品获“五个一工程奖”，获奖数居全国第二。", [("12部", 2)]),
        ("47项成果荣获国家科学技术奖，获奖总数全国第2。", [("47项", 2)]),
        ("实际使用外资118.1亿美元，规模居全国第五位。", [("118.1亿美元", 5)]),
        ("乡村全面振兴发展综合指数连续两年位列全国第一。", [("两年", 1)]),
    ],
)
def test_a_ranking_that_names_its_own_quantity(text: str, wanted: list[tuple[Any, ...]]) -> None:
    assert ranks_of(text) == wanted


def test_a_rate_of_what_the_figure_did_ranks_the_figure() -> None:
    found = ranks_of("深入实施全民参保计划，基本医疗保险扩面完成6806人，任务完成率居各县（市、区）第一。")
    assert found == [("6806人", 1)]
    assert ranks_of("新建8个体育公园，“十四五”建设目标完成率全国第二。") == [("8个", None)]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("综合科技创新水平指数达64.52%，提升幅度全国第2。", [("64.52%", 2)]),
        ("地区生产总值达13.7万亿元、增长5.8%、增量全国第一。", [("13.7万亿元", 1)]),
        (
            "国家区域医疗中心等11个重点项目加快建设，县医院医疗服务能力达标提升幅度全国第一。",
            [("11个", None)],
        ),
    ],
)
def test_how_much_a_figure_rose_is_its_standing(text: str, wanted: list[tuple[Any, ...]]) -> None:
    assert ranks_of(text) == wanted


def test_one_ranking_said_of_each_ranks_every_figure() -> None:
    found = ranks_of(
        "上海港货物吞吐量、浦东机场旅客吞吐量分别达到420.6万吨、1.25亿人次，排名分别升至世界第二。"
    )
    assert found == [("420.6万吨", 2), ("1.25亿人次", 2)]
    [scope] = {
        f.rank.scope
        for f in numeric("货物吞吐量、旅客吞吐量分别达到420.6万吨、1.25亿人次，排名分别升至世界第二。")
        if f.rank
    }
    assert scope == "世界"


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        (
            "一、二、三产业增加值分别增长4%、5.3%、3.4%。",
            ["一产业增加值", "二产业增加值", "三产业增加值"],
        ),
        (
            "其中一、二、三产增加值分别增长3.5%以上、7%左右、5%以上。",
            ["一产增加值", "二产增加值", "三产增加值"],
        ),
        ("全省地区生产总值增长5.0%—5.5%。", ["地区生产总值", "地区生产总值"]),
    ],
)
def test_numbered_items_and_ranges_share_their_words(text: str, subjects: list[str]) -> None:
    assert [f.subject for f in numeric(text)] == subjects


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("澳资企业超6600户、较3年前增长44%。", [("超6600户", 6600, 44)]),
        ("在国家科学技术奖评选中荣获53个奖项、比上次增长47%。", [("53个", 53, 47)]),
        ("高新技术企业达到1.2万家，比2020年增长80%。", [("1.2万家", 1.2, 80)]),
        ("新增高新技术企业500家、科技型中小企业增长20%。", [("500家", 500, None), ("增长20%", None, 20)]),
    ],
)
def test_a_growth_against_an_earlier_base_is_the_levels_change(
    text: str, wanted: list[tuple[Any, ...]]
) -> None:
    assert changes(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("一般公共预算收入1051.4亿元，增速居全国第8位。", [("1051.4亿元", 8)]),
        ("进出口总额3000亿元，增幅居全省第2位。", [("3000亿元", 2)]),
        ("固定资产投资增长5%，增速居全省第3位。", [("增长5%", 3)]),
    ],
)
def test_a_growths_standing_with_no_growth_given_ranks_the_level(
    text: str, wanted: list[tuple[Any, ...]]
) -> None:
    assert ranks_of(text) == wanted
