"""Statistics tables given as cells read as one sentence a row (ingest/tables.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from containers import docx_table
from hypothesis import given
from hypothesis import strategies as st

from taishan.ingest.html import main_text
from taishan.ingest.normalize import normalize
from taishan.ingest.read import read_docx
from taishan.ingest.tables import column_kind, rewrite

LABELS = Path("/work/labels/texts")
REPORT = Path(__file__).parents[1] / "src" / "taishan" / "data" / "taishan-2023h1.txt"
CORPUS = Path("/work/shared/corpus")

# (text, the sentences its table rows become): the shapes bulletins print
SHAPES = [
    pytest.param(  # a web page's table, one cell a line (a county bulletin)
        "主要产品产量\n\n\n2023年\n\n较上年增长(%)\n\n粮食总产量\n\n162817吨\n\n0.5\n\n其中:谷物\n\n97658吨\n\n-9.7\n\n"
        "          豆类\n\n26084吨\n\n49.1\n",
        [
            "粮食总产量162817吨，较上年增长0.5%。",
            "其中:谷物97658吨，较上年下降9.7%。",
            "豆类26084吨，较上年增长49.1%。",
        ],
        id="cell-a-line",
    ),
    pytest.param(  # an NBS communiqué table as pdftotext -layout gives it: a unit column
        "表1  2023年主要农产品产量\n指标          单位      绝对数     比上年增长(%)\n"
        "粮食          万吨      69541      1.3\n棉花          万吨      562        -6.1\n",
        ["粮食69541万吨，比上年增长1.3%。", "棉花562万吨，比上年下降6.1%。"],
        id="nbs-unit-column",
    ),
    pytest.param(  # a unit in a caption, tab-separated rows, a change header with ±
        "单位：亿元\n项目\t1-6月\t同比±%\n地区生产总值\t98.38\t3.1\n第一产业\t21.58\t-\n",
        ["地区生产总值98.38亿元，同比增长3.1%。", "第一产业21.58亿元。"],
        id="caption-unit",
    ),
    pytest.param(  # a unit in the value column's header
        "指标\t2023年(亿元)\t增速(%)\n社会消费品零售总额\t120.5\t6.2\n固定资产投资\t88\t-3\n",
        ["社会消费品零售总额120.5亿元，比上年增长6.2%。", "固定资产投资88亿元，比上年下降3%。"],
        id="unit-in-header",
    ),
    pytest.param(  # two periods: the first is the row's figure, an empty one is no figure
        "指标\t单位\t2023年\t2022年\t比上年增长(%)\n年末常住人口\t万人\t30.5\t30.1\t1.3\n出生人口\t人\t-\t2100\t-\n"
        "死亡人口\t人\t1980\t1900\t4.2\n",
        ["年末常住人口30.5万人，比上年增长1.3%。", "死亡人口1980人，比上年增长4.2%。"],
        id="two-periods",
    ),
    pytest.param(  # a change in units is not a growth in percent
        "指标\t绝对数(万人)\t比上年增减(万人)\n城镇就业\t12.1\t-0.3\n乡村就业\t8.4\t0.2\n",
        ["城镇就业12.1万人。", "乡村就业8.4万人。"],
        id="change-in-units",
    ),
]


@pytest.mark.parametrize(("text", "sentences"), SHAPES)
def test_a_table_row_reads_as_a_sentence_on_its_name_line(text: str, sentences: list[str]) -> None:
    out = rewrite(text)
    assert out.count("\n") == text.count("\n")  # every line keeps its number
    assert [line for line in out.split("\n") if line.endswith("。")] == sentences
    for line, was in zip(out.split("\n"), text.split("\n"), strict=True):
        if line:
            assert line == was or line.startswith(was.strip().split()[0])  # on the row's name line


NOT_TABLES = [
    pytest.param("2023年\n\n较上年增长(%)\n\n来源：子洲县统计局\n\n2024-03-01\n", id="byline-and-date"),
    pytest.param("2023年\t增长(%)\n粮食\t100吨\t1.5\n", id="one-row"),
    pytest.param("指标\t名称\n粮食\t100吨\n油料\t20吨\n", id="no-figure-column"),
    pytest.param("全年粮食总产量162817吨，比上年增长0.5%。\n\n其中谷物97658吨。\n", id="prose"),
    pytest.param("本期  2023年\n发布日期  2024年3月1日\n", id="header-words-in-a-byline"),
]


@pytest.mark.parametrize("text", NOT_TABLES)
def test_lines_that_are_not_a_table_stay_as_they_were(text: str) -> None:
    assert rewrite(text) == text


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("2023年", "value"), ("绝对数", "value"), ("本期", "value"), ("较上年增长(%)", "change"),
     ("比上年增长%", "change"), ("增速", "change"), ("同比±%", "change"), ("单位", "unit"), ("指标", "name"),
     ("粮食总产量", None), ("2024年3月1日", None)],
)  # fmt: skip
def test_column_words(cell: str, kind: str | None) -> None:
    assert column_kind(cell) == kind


def test_a_docx_table_comes_out_a_row_a_line_and_reads_as_sentences() -> None:
    raw = docx_table("主要指标", [["指标", "单位", "2023年", "比上年增长(%)"], ["粮食产量", "吨", "1200", "2.5"],
                                  ["生猪出栏", "万头", "3.4", "-1.2"]])  # fmt: skip
    text = read_docx(raw, "t.docx")
    assert text.split("\n")[:3] == [
        "主要指标",
        "指标\t单位\t2023年\t比上年增长(%)",
        "粮食产量\t吨\t1200\t2.5",
    ]
    sentences = [s.text for s in normalize(text).sentences]
    assert sentences == ["粮食产量1200吨，比上年增长2.5%。", "生猪出栏3.4万头，比上年下降1.2%。"]


def test_an_html_table_reads_as_sentences() -> None:
    page = (
        "<html><body><p>主要产品产量</p><table><tr><th>指标</th><th>绝对数</th><th>比上年增长%</th></tr>"
        "<tr><td>粮食</td><td>100 吨</td><td>1.5</td></tr><tr><td>油料</td><td>20吨</td><td>-2</td></tr></table></body></html>"
    )
    assert [s.text for s in normalize(main_text(page)).sentences] == [
        "粮食100吨，比上年增长1.5%。",
        "油料20吨，比上年下降2%。",
    ]


def _texts() -> list[Path]:
    return [REPORT, *sorted(CORPUS.glob("*.txt")), *sorted(LABELS.glob("*.txt"))]


@pytest.mark.parametrize("path", [p for p in _texts() if p.exists()], ids=lambda p: p.name)
def test_real_reports_change_only_where_a_table_is(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    out = rewrite(text)
    assert out.count("\n") == text.count("\n")
    changed = [(a, b) for a, b in zip(text.split("\n"), out.split("\n"), strict=True) if a != b]
    for _, new in changed:  # a changed line is a blank or a row's sentence, never a rewritten prose line
        assert new in ("", "\f") or new.endswith("。")
    if path == REPORT or path.parent == CORPUS:
        assert changed == []


@given(st.lists(st.text(alphabet="粮食2023年增长%(). \t\n-0159吨", max_size=30), max_size=12))
def test_rewrite_keeps_the_line_count_and_never_raises(parts: list[str]) -> None:
    text = "\n".join(parts)
    assert rewrite(text).count("\n") == text.count("\n")
