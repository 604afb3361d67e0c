"""normalize: column joins, OCR spacing, headings, topics, the line map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.ingest.normalize import (
    CLOSERS,
    TERMINATORS,
    Kind,
    clean_line,
    cut_prefix,
    heading_text,
    is_furniture,
    is_topic,
    looks_like_heading,
    normalize,
    split_sentences,
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


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("— 3 —", True),
        ("- 12 -", True),
        ("第3页 共20页", True),
        ("3/20", True),
        ("17", True),
        ("记者|张三", True),
        ("本报记者 李四 王五", True),
        ("来源：南方日报", True),
        ("来源： 时代周报  作者：梁施婷", True),
        ("责任编辑：李墨轩", True),
        ("（编辑：王小明）", True),
        ("【责任编辑：李墨轩】", True),
        ("时间 : 2023-01-18 08:23:55", True),
        ("2022年07月28日 10:21 南方财经全媒体", True),
        ("【字体:大 中 小】", True),
        ("分享到：", True),
        ("【打印】", True),
        ("我的收藏 收藏", True),
        ("首页 > 要闻动态 > 政务专题 > 报告速览", True),
        ("海量资讯、精准解读，尽在新浪财经APP", True),
        ("炒股开户享福利，入金抽188元红包，100%中奖！", True),
        ("省长 王予波", True),
        ("自治区主席 艾尔肯·吐尼亚孜", True),
        ("广东省省长 王伟中", True),
        ("——2025年1月18日在云南省第十四届人民代表大会第三次会议上", True),
        ("2025年1月16日在陕西省第十四届人民代表大会第三次会议上", True),
        ("人民代表大会第一次会议上", False),  # only right after a dateline (test below)
        ("图1 2020-2024年国内生产总值及其增长速度", True),
        ("表3 2024年规模以上工业企业主要产品产量及其增长速度", True),
        ("资料来源：国家统计局", True),
        ("版权所有：泰安市泰山区人民政府 网站标识码：3709020001", True),
        ("主办：泰山区人民政府办公室 鲁ICP备05001853号", True),
        ("网站地图 | 联系我们 | 无障碍", True),
        ("推进无障碍环境建设，开展适老化改造", False),
        ("发放消费红包2亿元，带动消费超30亿元", False),
        ("在全省高质量发展大会上", False),
        # text, not furniture
        ("一、2024年工作回顾", False),
        ("（一）经济运行稳进提质。", False),
        ("2025年上海市政府工作报告", False),
        ("记者从市统计局获悉，全市地区生产总值增长5.2%。", False),
        ("市长热线建设", False),
        ("全区接待游客1439万人次，增长65%。", False),
        ("1.工业生产平稳增长", False),
        ("各位代表：", False),
        ("（一）经济运行稳进提质", False),
        ("图书馆、文化馆实现全覆盖", False),
        ("发放消费券红包2亿元，带动消费超30亿元。", False),
    ],
)
def test_page_and_news_furniture(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


@pytest.mark.parametrize(
    ("line", "cut"),
    [
        ("本报讯（记者 张三 通讯员 李四）全市经济运行稳中有进。", "全市经济运行稳中有进。"),
        ("新华社北京3月5日电 国务院总理作政府工作报告。", "国务院总理作政府工作报告。"),
        ("南方财经全媒体 见习记者石恩泽 深圳报道  近日，光明区发布成绩单。", "近日，光明区发布成绩单。"),
        ("全区新增就业4496人。", "全区新增就业4496人。"),
    ],
)
def test_a_dateline_before_the_first_sentence_is_cut(line: str, cut: str) -> None:
    assert line[cut_prefix(line) :] == cut


def test_a_short_sentence_mid_line_is_no_topic() -> None:
    doc = normalize("一、经济运行\n全区地区生产总值增长5%。排名稳居全省第一。全区投资增长8%。\n")
    assert [(s.text, s.topic) for s in doc.sentences] == [
        ("全区地区生产总值增长5%。", None),
        ("排名稳居全省第一。", None),
        ("全区投资增长8%。", None),
    ]


def test_a_lead_phrase_opening_its_line_is_a_topic() -> None:
    doc = normalize("一、经济运行\n强化项目建设。全区投资增长8%。\n")
    assert [(s.text, s.topic) for s in doc.sentences] == [("全区投资增长8%。", "强化项目建设")]


def test_a_photo_caption_is_no_sentence() -> None:
    doc = normalize("一、文旅\n全区接待游客1439万人次。\n◆泰山区签署文旅联合营销战略合作协议现场\n")
    assert [s.text for s in doc.sentences] == ["全区接待游客1439万人次。"]


def test_a_statistics_heading_may_hold_a_comma_and_a_figure() -> None:
    text = "工业生产稳中有升，高技术制造业增长较快\n1-9月，全市规模以上工业增加值同比增长5.1%，比上半年加快0.3个百分点。\n"
    doc = normalize(text)
    assert {s.category for s in doc.sentences} == {"工业生产稳中有升，高技术制造业增长较快"}


def test_a_dateline_wrapped_onto_a_second_line_is_cut_whole() -> None:
    text = "政府工作报告\n——2023年1月12日在广东省第十四届\n人民代表大会第一次会议上\n各位代表：\n一、过去五年工作回顾\n全省生产总值增长4.4%。\n"
    doc = normalize(text)
    assert [s.text for s in doc.sentences] == ["各位代表：", "全省生产总值增长4.4%。"]
    assert "会议上" not in "".join(s.category for s in doc.sentences)


def split_by_character(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """split_sentences as it was first written, a character at a time: what the quick one must give."""
    out: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    for i, (ch, line) in enumerate(chars):
        current.append((ch, line))
        nxt = chars[i + 1][0] if i + 1 < len(chars) else ""
        if (ch in TERMINATORS or (ch in CLOSERS and current[-2:-1] and current[-2][0] in TERMINATORS)) and (
            nxt not in TERMINATORS + CLOSERS
        ):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return [s for s in out if "".join(c for c, _ in s).strip()]


@given(st.text(alphabet="增长5%。！？!?…”’」』）)“ \n", max_size=30))
def test_sentences_split_where_a_walk_through_every_character_splits_them(text: str) -> None:
    chars = [(c, i // 7) for i, c in enumerate(text)]
    assert split_sentences(chars) == split_by_character(chars)
