"""read: a report in any container -> the same text and, built, the same facts; bad input refused in one line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from containers import blank_pdf, docx, html, news_page, official_pdf, pdf, pdf_text, wrap
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from taishan.cli import app
from taishan.errors import ReportError
from taishan.ingest.extract import extract
from taishan.ingest.html import main_text
from taishan.ingest.markup import plain
from taishan.ingest.normalize import normalize
from taishan.ingest.pipeline import build_records, bundled_report
from taishan.ingest.read import decode, expand, read, report_name
from taishan.store import load

WORK = next(
    (p for p in Path(__file__).resolve().parents if (p / "shared" / "corpus").is_dir()), Path("/nonexistent")
)
PROVINCES = WORK / "shared" / "corpus" / "provinces-2025"
PROVINCES_TXT = WORK / "provinces-txt"
SAME = "category topic subject value unit qualifier change rank period text figure".split()
TEXT = bundled_report().read_text(encoding="utf-8")


def facts(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in SAME) for r in records]


CONTAINERS = {
    "report.docx": lambda: docx(TEXT),
    "report.pdf": lambda: pdf(TEXT),
    "report.html": lambda: html(TEXT).encode(),
    "report-gb18030.txt": lambda: TEXT.encode("gb18030"),
    "report-utf16.txt": lambda: TEXT.encode("utf-16"),
    "report-utf16be-nobom.txt": lambda: TEXT.encode("utf-16-be"),
    "report-bom.txt": lambda: TEXT.encode("utf-8-sig"),
    "report.md": lambda: ("---\ntitle: 泰山区2023年上半年工作\n---\n" + TEXT).encode(),
    "report.bin": lambda: TEXT.encode("gb18030"),  # no telling suffix: read by content
}


@pytest.mark.parametrize("name", CONTAINERS)
def test_the_bundled_report_gives_the_same_facts_in_every_container(
    tmp_path: Path, name: str, records: list[dict[str, Any]]
) -> None:
    path = tmp_path / name
    path.write_bytes(CONTAINERS[name]())
    assert facts(build_records([path])) == facts(records)


def test_a_pdf_fact_records_its_page_and_a_docx_fact_its_paragraph(tmp_path: Path) -> None:
    (tmp_path / "p.pdf").write_bytes(pdf(TEXT, lines_per_page=40))
    (tmp_path / "d.docx").write_bytes(docx(TEXT))
    got = build_records([tmp_path / "p.pdf", tmp_path / "d.docx"])
    assert {r.get("page") for r in got if r.get("source") == "pdf"} == set(
        range(1, 9)
    )  # 315 lines, 40 a page
    assert {r.get("page") for r in got if r.get("source") == "docx"} == {None}
    for name in ("p.pdf", "d.docx"):  # the line is the extracted text's: the figure starts on it
        source = read(tmp_path / name)
        lines = source.text.split("\n")
        for r in got:
            if r.get("source") == source.format and r["figure"]:
                assert r["figure"][0] in lines[r["line"] - 1]


def test_a_form_feed_opens_a_page_and_is_not_a_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("全区新增就业4496人。\n\f全区接待游客1439万人次。\n", encoding="utf-8")
    got = build_records([path])
    assert [(r["line"], r.get("page")) for r in got if r["value"]] == [(1, 1), (2, 2)]


@pytest.mark.skipif(not PROVINCES.is_dir(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize("name", ["上海市", "新疆", "重庆市"])
def test_a_real_docx_reads_as_its_paragraphs(name: str) -> None:
    text = read(PROVINCES / f"{name}.docx").text
    if PROVINCES_TXT.is_dir():  # python-docx's text of the same file, one paragraph a line
        assert text.split("\n") == (PROVINCES_TXT / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    assert text.count("\n") > 50


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("泰山区上半年地区生产总值增长5.2%。", "gbk"),
        ("泰山区上半年地区生产总值增长5.2%。", "gb18030"),
        ("泰山區上半年地區生產總值增長5.2%。", "big5"),
        ("泰山區經濟穩定恢復，居民收入持續增長。", "big5"),
        ("泰山区 2023", "utf-16-le"),
        ("泰山区 2023", "utf-16-be"),
        ("泰山区\U00020000", "gb18030"),  # four-byte GB18030
    ],
)
def test_encodings_are_told_by_content(text: str, codec: str) -> None:
    assert decode(text.encode(codec)) == text


def test_one_stray_byte_costs_one_character_not_the_report() -> None:
    text = "全区接待游客1439万人次，增长65%。" * 20
    assert decode(text.encode("gbk") + b"\xff") == text + "\ufffd"
    assert decode(text.encode("utf-8")[:-1]).startswith(text[:-1])  # cut mid-character
    with pytest.raises(ReportError, match="not text"):
        decode(bytes(range(128, 256)) * 8)


@given(
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1).map(
        lambda t: t + "\n1"
    )
)
def test_any_utf8_or_utf16_text_decodes_to_itself(text: str) -> None:
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("utf-16")) == text


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/"), data)
    return out.getvalue()


BAD = [
    ("scan.png", lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
    ("photo.jpg", lambda: b"\xff\xd8\xff\xe0" + bytes(64), "JPEG image"),
    ("pic.bmp", lambda: b"BM" + bytes([70, 0, 0, 0]) + bytes(64), "BMP image"),
    ("scan.pdf", blank_pdf, "no text layer"),
    ("scan-numbered.pdf", lambda: pdf("\n\n"), "no text layer"),  # only the page numbers are text
    ("locked.pdf", lambda: pdf("全区新增就业4496人。", password="secret"), "encrypted PDF"),
    ("broken.pdf", lambda: b"%PDF-1.4\n1 0 obj\n", "damaged PDF"),
    ("files.zip", lambda: _zip(a__txt=b"x"), "zip archive"),
    ("report.docx", lambda: docx(TEXT)[:2000], "truncated .docx"),
    ("sheet.xlsx", lambda: _zip(xl__workbook__xml=b"<x/>"), "xlsx"),
    ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Word"),
    ("data.gz", lambda: b"\x1f\x8b\x08\x00" + bytes(16), "compressed"),
    ("blob.bin", lambda: bytes(range(256)) * 4, "binary"),
]


@pytest.mark.parametrize(("name", "make", "says"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2_in_one_line_and_keeps_the_old_store(
    tmp_path: Path, name: str, make: Any, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    store = tmp_path / "facts.json"
    assert CliRunner().invoke(app, ["build", "--store", str(store)]).exit_code == 0
    before = store.read_bytes()
    done = CliRunner().invoke(app, ["build", str(path), "--store", str(store)])
    assert done.exit_code == 2
    message = done.stderr.strip()
    assert says in message and "\n" not in message and "Traceback" not in message
    assert store.read_bytes() == before


def test_stdin_and_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(docx("全区新增就业4496人。"))
    (tmp_path / "b.txt").write_bytes("全区接待游客1439万人次。".encode("gbk"))
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("增长9%。", encoding="utf-8")
    assert [p.name for p in expand([tmp_path])] == ["a.docx", "b.txt"]
    store = tmp_path / "facts.json"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(tmp_path), "--store", str(store)]).exit_code == 0
    assert [(r["report"], r["value"]) for r in load(store)] == [("a", 4496), ("b", 1439)]
    done = runner.invoke(app, ["build", "-", "--store", str(store)], input="全区新增就业4496人。\n".encode())
    assert done.exit_code == 0
    assert [(r["report"], r["value"], r.get("source")) for r in load(store)] == [
        ("a", 4496, "docx"),
        ("b", 1439, None),
        ("stdin", 4496, None),  # added to the store's reports
    ]


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no report"):
        expand([tmp_path])


def test_a_text_that_begins_like_a_magic_number_is_text(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("BMW沈阳工厂产值增长12%。", encoding="utf-8")
    assert read(path).text.startswith("BMW")


def test_report_names_drop_the_container_suffix() -> None:
    assert [report_name(Path(n)) for n in ("a.txt", "a.docx", "a.PDF", "a.html", "a.json")] == [
        "a",
        "a",
        "a",
        "a",
        "a.json",
    ]


def test_html_keeps_the_article_and_drops_the_rest() -> None:
    text = main_text(html("全区新增就业4496人。"))
    assert text == "全区新增就业4496人。"
    page = "<html><body><div id='nav'>首页</div><p>一、概述</p><p>增长<b>5%</b>，<!-- x -->达到&lt;10&gt;亿元。</p></body></html>"
    assert main_text(page) == "一、概述\n增长5%，达到<10>亿元。"
    assert main_text("<body class='nav-open'><p>全区新增就业4496人。</p></body>") == "全区新增就业4496人。"
    links = "<body><ul><li><a href='/1'>上半年GDP增长5%</a></li></ul><p>全区<a href='/t'>新增就业</a>4496人。</p></body>"
    assert main_text(links) == "全区新增就业4496人。"
    table = "<table><tr><th>指标</th><th>增长</th></tr><tr><td>GDP</td><td>5.2%</td></tr></table>"
    assert main_text(table).split("\n") == [
        "指标\t增长",
        "GDP\t5.2%",
    ]  # cells apart by a tab: ingest/tables.py


def test_markdown_keeps_its_lines() -> None:
    md = "---\ntitle: x\n---\n# 一、概述\n\n- **增长**5%。\n| 指标 | 数值 |\n|---|---|\n| GDP | 5% |"
    assert plain(md).split("\n") == ["", "", "", "一、概述", "", "增长5%。", "指标 数值", "", "GDP 5%"]


@pytest.mark.skipif(not PROVINCES.is_dir(), reason="../shared is not beside this checkout")
# a title over two lines and (一) in ASCII parentheses; 一是… lines of their own as headings
@pytest.mark.parametrize("name", ["云南省", "新疆", "甘肃省"])
def test_a_real_report_set_on_pdf_pages_gives_its_docx_figures_and_sections(
    tmp_path: Path, name: str
) -> None:
    source = PROVINCES / f"{name}.docx"
    path = tmp_path / f"{name}.txt"
    path.write_text(pdf_text(read(source).text), encoding="utf-8")
    keys = ("category", "value", "unit", "change", "rank", "figure")
    want = [tuple(r[k] for k in keys) for r in build_records([source]) if r["figure"]]
    got = build_records([path])
    assert [tuple(r[k] for k in keys) for r in got if r["figure"]] == want
    assert {r["page"] for r in got} >= {1, 2, 3}


@pytest.mark.skipif(not PROVINCES.is_dir(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize("maker", ["lines", "official"])
def test_a_real_report_as_a_pdf_gives_its_docx_figures_and_sections(tmp_path: Path, maker: str) -> None:
    source = PROVINCES / "广东省.docx"
    path = tmp_path / "广东省.pdf"
    text = read(source).text
    if maker == "lines":  # the lines of a 38-character wrap, 40 to a page
        path.write_bytes(pdf(wrap(text), lines_per_page=40, header="广东省政府工作报告"))
    else:  # justified by reportlab, 28 characters a line, indents and no blank lines between paragraphs
        path.write_bytes(official_pdf(text, head="广东省人民政府工作报告"))
    keys = ("category", "value", "unit", "change", "rank", "figure")
    want = [tuple(r[k] for k in keys) for r in build_records([source]) if r["figure"]]
    got = build_records([path])
    assert [tuple(r[k] for k in keys) for r in got if r["figure"]] == want
    assert max(r["page"] for r in got) > 20


@pytest.mark.parametrize(
    ("head", "foot"),
    [
        ("政府工作报告", "— {n} —"),
        ("政府工作报告", "- {n} -"),
        ("2025年政府工作报告", "第{n}页 共9页"),
        ("", "{n}"),
    ],
)
def test_a_footer_inside_a_sentence_is_cut_out_and_the_words_around_it_kept(head: str, foot: str) -> None:
    target, tail = "单位地区生产总值能耗下降3％", "左右，一般公共预算收入增长3%。"
    filler = "居民收入增长与经济增长同步，粮食产量稳定在1400亿斤以上，" * 40
    para = filler[: 36 + 38 * 5 - len(target)] + target + tail  # the sixth line, the page's last, ends at 3％
    text = pdf_text("\n".join([para, filler[:300] + "。", filler[:300] + "。"]), per_page=6, head=head)
    text = re.sub(r"— (\d+) —", lambda m: foot.format(n=m.group(1)), text)
    assert "下降3％\n\n" in text  # the page ends inside the figure's sentence
    got = extract(normalize(text))
    energy = [f for f in got if f.change == -3]
    assert [(f.figure, f.qualifier) for f in energy] == [("下降3%", "左右")] or energy[0].qualifier == "左右"
    assert not [f.text for f in got if "—" in f.text or "页" in f.text or "报告" in f.text]


CORPUS = WORK / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize(
    "name", ["guangming-2022h1-news", "guangdong-cities-2021q3-news", "guangdong-2023-work-report"]
)
def test_a_news_page_gives_the_figures_and_sections_of_its_text(tmp_path: Path, name: str) -> None:
    source = CORPUS / f"{name}.txt"
    page = tmp_path / f"{name}.html"
    page.write_text(news_page(source.read_text(encoding="utf-8")), encoding="utf-8")
    keys = ("category", "value", "unit", "change", "rank", "figure")
    got = build_records([page])
    assert [tuple(r[k] for k in keys) for r in got if r["figure"]] == [
        tuple(r[k] for k in keys) for r in build_records([source]) if r["figure"]
    ]
    for r in got:
        for field in ("text", "subject", "category"):
            assert not re.search(r"<[a-zA-Z/!]|新浪|分享|炒股|相关新闻|SINA", r[field] or ""), (
                field,
                r[field],
            )


def test_a_justified_line_spaced_out_letter_by_letter_reads_whole() -> None:
    spaced = " ".join("全区接待游客1439万人次，增长65%。")
    text = pdf_text(
        "一、旅游\n" + "居民收入增长与经济增长同步。" * 20 + "\n" + spaced + "\n" + "粮食产量稳定。" * 40
    )
    assert "6 5 \n" in text  # the spaced-out sentence wraps mid-figure
    assert "全区接待游客1439万人次，增长65%。" in [s.text for s in normalize(text).sentences]


def test_show_says_where_to_look_in_the_original(tmp_path: Path) -> None:
    (tmp_path / "报告.pdf").write_bytes(pdf(TEXT, lines_per_page=40))
    store = tmp_path / "facts.json"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(tmp_path / "报告.pdf"), "--store", str(store)]).exit_code == 0
    fact = next(r for r in load(store) if r["value"] == 1439)
    shown = runner.invoke(app, ["show", fact["id"], "--store", str(store), "--format", "table"])
    assert f"page {fact['page']}, line {fact['line']} of the text of 报告 (PDF)" in shown.stdout
    as_json = runner.invoke(app, ["show", fact["id"], "--store", str(store), "--format", "json"])
    assert f'"page": {fact["page"]}' in as_json.stdout and '"source": "pdf"' in as_json.stdout
