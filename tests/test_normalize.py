"""normalize: column joins, OCR spacing, headings, topics, the line map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.ingest.normalize import (
    Kind,
    clean_line,
    heading_text,
    is_topic,
    looks_like_heading,
    normalize,
    squeeze_text,
)

COLUMNS = """\
概述标题第一行很长很长很长很长很长
各项工作全面推进取得新的成效明显

强化责任落实 党的建设全面加强

风劲扬帆踏歌行 昂首阔步新征程

持续精准发力 经济平稳健康运行

强化项目建设。实施 100 个区重点建
设项目，规上工业企业实现利润4.65
亿元，增长16.81%，泰山区实现税收12亿

元，泰山区新建住房面积252万平

方米，统计数字变化情况总体平稳。
加 力 提 速 新 型 工 业 。 坚 持
发展思路，查处违规违纪问题13起、20
人，发展情况总体向好稳步推进。
"""


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("加 力 提 速 新 型 工 业 。", "加力提速新型工业。"),
        ("接待游客 1439 万人次，", "接待游客1439万人次，"),
        ("入选 2023 年山东", "入选2023年山东"),
        ("Top 10 企业", "Top 10企业"),
        ("PM2.5 浓度", "PM2.5浓度"),
    ],
)
def test_squeeze_removes_ocr_spaces(raw: str, clean: str) -> None:
    assert squeeze_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("１２.５亿元", "12.5亿元"), ("游\u200b客", "游客"), ("\x1b[31m游客", "[31m游客"), ("  x\t", "x")],
)
def test_clean_line(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("强化责任落实 党的建设全面加强", True),
        ("泰山区奋力建设新时代社会主义现代化强区", True),
        ("一、过去五年工作回顾", True),
        ("榜单。", False),
        ("人，确保上级和区委各项决策部署落地、", False),
        ("1.2万人次", False),
    ],
)
def test_looks_like_heading(line: str, heading: bool) -> None:
    assert looks_like_heading(line) is heading


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("强化项目建设。", True),
        ("加力提速新型工业。", True),
        ("潮平两岸阔，风正一帆悬。", False),
        ("新增4个。", False),
    ],
)
def test_is_topic(sentence: str, topic: bool) -> None:
    assert is_topic(sentence) is topic


def test_heading_text_keeps_the_gap_and_drops_letter_spacing() -> None:
    assert heading_text("持续精准发力  经济平稳健康运行") == "持续精准发力 经济平稳健康运行"
    assert heading_text("加 力 提 速 新 型") == "加力提速新型"


def test_columns_join_across_lines_and_column_breaks() -> None:
    doc = normalize(COLUMNS)
    texts = [s.text for s in doc.sentences]
    joined = next(t for t in texts if "100个" in t)
    assert "建设项目" in joined
    assert "利润4.65亿元" in joined
    assert "12亿元" in joined  # a blank line inside an unfinished sentence is a column break
    assert "252万平方米" in joined
    assert any("问题13起、20人" in t for t in texts)


def test_body_before_its_heading_and_the_title_between() -> None:
    doc = normalize(COLUMNS)
    assert doc.title == "风劲扬帆踏歌行 昂首阔步新征程"
    first = doc.sentences[0]
    assert first.category == "强化责任落实 党的建设全面加强"
    later = next(s for s in doc.sentences if "100个" in s.text)
    assert later.category == "持续精准发力 经济平稳健康运行"
    assert later.topic == "强化项目建设"
    assert next(s for s in doc.sentences if "13起" in s.text).topic == "加力提速新型工业"


def test_line_map_points_at_the_figure_line() -> None:
    doc = normalize(COLUMNS)
    s = next(s for s in doc.sentences if "4.65" in s.text)
    assert s.lines[s.text.index("4.65")] == COLUMNS.splitlines().index("设项目，规上工业企业实现利润4.65") + 1


def test_bundled_report_layout(records: list[dict[str, object]]) -> None:
    categories = list(dict.fromkeys(str(r["category"]) for r in records))
    assert categories[0] == "强化责任落实 党的建设全面加强"
    assert "风劲扬帆踏歌行 昂首阔步新征程" in categories  # the lead paragraph printed last
    assert "泰山区奋力建设新时代社会主义现代化强区" not in categories


def test_lead_paragraph_is_full_width() -> None:
    wide = COLUMNS + "\n" + "上半年，泰山区实现生产总值282.3亿元，增长6.7%，" * 3 + "完成全年目标。\n"
    doc = normalize(wide)
    lead = doc.sentences[-1]
    assert lead.kind is Kind.LEAD and lead.category == doc.title


def test_paragraph_lines_without_columns() -> None:
    text = "广东经济运行情况\n" + "\n".join(
        f"第{i}段：全市实现产值{i}亿元，增长{i}%，" + "内容" * 30 + "。" for i in range(10)
    )
    doc = normalize(text)
    assert len(doc.sentences) == 10
    assert all(s.category == "广东经济运行情况" for s in doc.sentences)


@given(st.text())
def test_any_text_normalizes(text: str) -> None:
    doc = normalize(text)
    for s in doc.sentences:
        assert len(s.lines) == len(s.text)


def test_an_ordinal_lead_sentence_is_its_paragraphs_topic() -> None:
    body = "一是坚持人民至上、生命至上，科学精准抓好疫情防控。全年新增就业110万人。" + "内容" * 40
    doc = normalize("报告标题\n" + body + "\n" + body.replace("一是", "二是") + "\n")
    first = doc.sentences[0]
    assert first.topic == "坚持人民至上、生命至上，科学精准抓好疫情防控"
    assert first.text.startswith("一是")  # still a statement of its own
    assert doc.sentences[1].topic == first.topic
