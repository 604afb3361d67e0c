"""A fact's status: a result, an estimate of the period under review, or a target (real report sentences)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import taishan
from taishan.ingest.extract import extract
from taishan.ingest.normalize import normalize
from taishan.ingest.pipeline import build_records
from taishan.ingest.status import _spans, heading_part, status
from taishan.store import save


def statuses(report: str) -> list[tuple[str | None, str]]:
    return [(f.figure, f.status) for f in extract(normalize(report)) if f.figure]


@pytest.mark.parametrize(
    ("sentence", "figure", "want"),
    [
        ("全省地区生产总值增长5.7%。", "增长5.7%", "actual"),
        ("预计全市地区生产总值增长5.2%左右。", "增长5.2%左右", "estimate"),
        ("预计全省地区生产总值迈上14万亿元新台阶、连续36年居全国首位。", "14万亿元", "estimate"),
        ("全省历史经典产业营收规模预计超1400亿元。", "超1400亿元", "estimate"),
        ("据初步统计，全年接待游客1.2亿人次。", "1.2亿人次", "estimate"),
        ("初步核算，全年地区生产总值32000亿元。", "32000亿元", "estimate"),
        # 预计 after a subject covers its clause and its listed figures; opening a clause, the rest to `；`
        ("全市地区生产总值预计增长5.1%左右，一般公共预算收入增长5.2%。", "增长5.2%", "actual"),
        ("新增软件企业6400家、主营业务收入预计达到4200亿元、从业人员达到43.8万人。", "4200亿元", "estimate"),
        ("新增软件企业6400家、主营业务收入预计达到4200亿元、从业人员达到43.8万人。", "43.8万人", "actual"),
        ("城乡居民收入预计分别增长4.1%、6%。", "6%", "estimate"),
        ("能源方面，预计产煤12.9亿吨，完成保供任务8.3亿吨；生产绿电超2000亿度。", "8.3亿吨", "estimate"),
        ("能源方面，预计产煤12.9亿吨，完成保供任务8.3亿吨；生产绿电超2000亿度。", "超2000亿度", "actual"),
        (
            "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；城镇新增就业110万人以上。",
            "110万人以上",
            "target",
        ),
        ("主要预期目标为：生产总值增长5.5%左右，城镇调查失业率控制在5%以内。", "5%以内", "target"),
        ("实施提振消费专项行动，力争社会消费品零售总额增长5%以上。", "增长5%以上", "target"),
        ("确保国考断面水质优良率稳定在90%以上。", "90%以上", "target"),
        ("年度计划投资1万亿元。", "1万亿元", "target"),
        ("到2025年，全市高新技术企业将突破5000家。", "突破5000家", "target"),
        ("“十四五”期间，阳江将引入总投资超8000亿元的259个重点项目。", "259个", "target"),
        ("坚持将更多财力用于民生，投入500亿元。", "500亿元", "actual"),  # 将 as 把
        # a plan named or done is no target
        ("完成全年计划的68.1%，列全市第一。", "68.1%", "actual"),
        ("完成年度计划投资的112%。", "112%", "actual"),
        ("超额完成预期目标，新增就业12万人。", "12万人", "actual"),
        ("计划单列市宁波地区生产总值增长5.4%。", "增长5.4%", "actual"),
        ("实施“百千万人才计划”，引进高层次人才300名。", "300名", "actual"),
        ("深入实施科技创新行动计划，新增高新技术企业800家。", "800家", "actual"),
    ],
)
def test_status_of_a_sentence(sentence: str, figure: str, want: str) -> None:
    assert (figure, want) in statuses(sentence)


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("二、2025年工作安排", True),
        ("三、2023年工作安排", True),
        ("二、今后五年的目标任务", True),
        ("下半年工作打算", True),
        ("今年主要预期目标", True),
        ("一、2024年工作回顾", False),
        ("一、过去五年工作回顾", False),
        ("全区投资增长5%。", None),
        ("今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；固定资产投资提质提效", None),
    ],
)
def test_headings_open_a_part(heading: str, part: bool | None) -> None:
    assert heading_part(heading) is part


REPORT = """一、2024年工作回顾
全省地区生产总值增长5.7%，城镇新增就业110万人。
预计全省研发经费支出约5100亿元。
二、2025年工作安排
地区生产总值增长5%左右。
今年安排省重点建设项目1500个。
"""


def test_a_plans_heading_makes_what_follows_targets() -> None:
    assert statuses(REPORT) == [
        ("增长5.7%", "actual"),
        ("110万人", "actual"),
        ("约5100亿元", "estimate"),
        ("增长5%左右", "target"),
        ("1500个", "target"),
    ]


# thematic headings (福建): `一年来…` opens the review, `主要预期目标是` the plans
THEMATIC = """一、牢记殷殷嘱托，在接续奋斗中新福建建设取得新成效
一年来的主要工作是：
人才队伍加快壮大。新增国家高层次人才特殊支持计划专家23人、国家杰青10人。
二、牢记历史使命，在中国式现代化建设中奋勇争先
今年经济社会发展的主要预期目标是：全省地区生产总值增长5.0%。
实施重点领域就业支持计划，新增就业60万人。
"""


def test_thematic_headings_take_their_parts_from_the_paragraphs_that_open_them() -> None:
    assert statuses(THEMATIC) == [
        ("23人", "actual"),
        ("10人", "actual"),
        ("增长5.0%", "target"),
        ("60万人", "target"),
    ]


PLANS = "二、2025年工作安排\n"


@pytest.mark.parametrize(
    ("sentence", "figure", "want"),
    [
        # a plans part cites stock already there or last year's: results
        ("对已经谋划的近1400个重点工业项目，要一个一个盯前期、盯要素、盯落地。", "近1400个", "actual"),
        ("在去年布局5个点位基础上，今年再启动一批新点位。", "5个", "actual"),
        ("优化已建成超1.6万个户外劳动者“爱心驿站”的公益服务和管理机制。", "超1.6万个", "actual"),
        ("持续推进已批建的3家省实验室和22家全省重点实验室建设。", "3家", "actual"),
        ("持续推进已批建的3家省实验室和22家全省重点实验室建设。", "22家", "actual"),
        # a change's base, or a plan word after it, leaves the figure a plan
        ("力争全省工商业电价较去年下降3分/千瓦时以上。", "3分/千瓦时以上", "target"),
        ("在去年基础上再新增5家省级实验室。", "5家", "target"),
        ("新组建3家以上省实验室，再布局建设30家左右全省重点实验室。", "3家以上", "target"),
    ],
)
def test_a_plan_citing_a_result(sentence: str, figure: str, want: str) -> None:
    assert (figure, want) in statuses(PLANS + sentence)


def test_status_at_a_position() -> None:
    text = "去年增长5%，力争今年增长6%"
    assert status(text, 2, planning=False) == "actual"
    assert status(text, 10, planning=False) == "target"
    assert status(text, 2, planning=True) == "actual"  # 去年: last year's result, cited in a plan
    assert status("全年增长5%", 4, planning=True) == "target"


@pytest.mark.parametrize(
    ("report", "wanted"),
    [
        # a heading naming the year after the one reviewed opens the plans (湖南, 云南, 重庆 2025)
        (
            "一、2024年工作回顾\n粮食产量增长2%。\n二、关于2025年工作\n粮食产量增长1%。\n",
            [("增长2%", "actual"), ("增长1%", "target")],
        ),
        (
            "一、2024年工作回顾\n粮食产量增长2%。\n二、2025年总体要求\n粮食产量增长1%。\n",
            [("增长2%", "actual"), ("增长1%", "target")],
        ),
        # in a review part 确保 and 计划 tell what was done (海南, 广东, 贵州 2025)
        ("一、2024年工作回顾\n奋力推进，确保10件民生实事全部完成。\n", [("10件", "actual")]),
        (
            "一、2024年工作回顾\n实施首批粤港高校联合资助计划，跨境参保约70万人次。\n",
            [("约70万人次", "actual")],
        ),
        ("一、2024年工作回顾\n均超额完成国家下达目标任务，粮食单产增长2.5%。\n", [("增长2.5%", "actual")]),
        ("一、2024年工作回顾\n省重大项目投资7300亿元、超年度计划目标13.9%。\n", [("13.9%", "actual")]),
        (
            "一、2024年工作回顾\n300个省列重大项目累计完成投资2393.1亿元，年度计划投资完成率114.2%。\n",
            [("114.2%", "actual")],
        ),
        # a strong marker is a target even there
        ("一、2024年工作回顾\n力争明年粮食产量增长1%。\n", [("增长1%", "target")]),
        # thematic headings (福建 2025): the plans open at the paragraph giving the year's targets
        (
            "各位代表：\n一年来的主要工作是：\n（一）筑牢实体根基\n全省地区生产总值增长5.5%。\n"
            "今年经济社会发展的主要预期目标是：全省地区生产总值增长5.0%—5.5%，固定资产投资增长5%左右。\n"
            "（一）坚持自立自强\n新增高新技术企业1000家。\n",
            [("增长5.5%", "actual"), ("增长5.0%", "target"), ("增长5%左右", "target"), ("1000家", "target")],
        ),
        (
            "各位代表：\n一年来的主要工作是：\n全省地区生产总值增长5.5%。\n"
            "做好今年工作，要坚持稳中求进。全年新增城镇就业60万人。\n",
            [("增长5.5%", "actual"), ("60万人", "target")],
        ),
        # an opener inside a paragraph, not its first sentence, opens nothing
        (
            "各位代表：\n一年来的主要工作是：\n全省地区生产总值增长5.5%。年初确定的主要预期目标是增长5%。\n"
            "新增就业60万人。\n",
            [("增长5.5%", "actual"), ("60万人", "actual")],
        ),
    ],
)
def test_parts_of_a_work_report(report: str, wanted: list[tuple[str, str]]) -> None:
    got = statuses(report)
    assert [w for w in wanted if w not in got] == [], got


def test_the_api_filters_by_status(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    path = tmp_path / "facts.json"
    save(build_records([report]), path)
    store = taishan.open_store(path)
    assert [f.figure for f in store.facts(status="target") if f.figure] == ["增长5%左右", "1500个"]
    assert [h.figure for h in store.query(["研发经费"], status="estimate")] == ["约5100亿元"]
    with pytest.raises(taishan.UsageError, match="--status"):
        store.facts(status="planned")  # type: ignore[arg-type]


@given(st.text(alphabet="计划目标预期的", max_size=20), st.text(alphabet="计划目标", max_size=3))
def test_a_marker_is_found_where_a_regex_finds_it(text: str, word: str) -> None:
    assert _spans(text, word) == [m.span() for m in re.finditer(re.escape(word), text)]
