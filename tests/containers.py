"""A report's text in other containers, made in the tests (no binaries committed): a .docx (the
stdlib's zip), a text PDF (reportlab, with a running header and `— N —` page numbers), an HTML page
with navigation, scripts, styles and comments around the article, and other encodings."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _package(body_xml: str) -> bytes:
    """A .docx: its document.xml holding `body_xml`, with the parts Word needs to open it."""
    body = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", DOCX_TYPES)
        z.writestr("_rels/.rels", DOCX_RELS)
        z.writestr("word/document.xml", body)
    return out.getvalue()


def docx(text: str) -> bytes:
    """Each line a paragraph, as pasting the text into Word makes it; a run split mid-line, as Word does."""
    paras = []
    for line in text.split("\n"):
        half = len(line) // 2
        runs = "".join(
            f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>'
            for part in (line[:half], line[half:])
            if part
        )
        paras.append(f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{runs}</w:p>')
    return _package("".join(paras))


def docx_table(title: str, rows: list[list[str]]) -> bytes:
    """A title paragraph, then a Word table (w:tbl, a cell's text in its own paragraph) as Word saves it."""
    cell = '<w:tc><w:tcPr/><w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>'
    trs = "".join(f"<w:tr>{''.join(cell.format(escape(c)) for c in row)}</w:tr>" for row in rows)
    paras = f"<w:p><w:r><w:t>{escape(title)}</w:t></w:r></w:p><w:tbl><w:tblPr/>{trs}</w:tbl><w:p/>"
    return _package(paras)


def pdf(
    text: str, lines_per_page: int = 40, header: str = "泰山区工作报告", password: str | None = None
) -> bytes:
    """Each line of the text a line of a page, blank lines as blank space; a running header above and
    a `— N —` page number below every page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    assert lines_per_page <= 40, "40 lines of 15 pt fill the page between its head and foot"
    c = canvas.Canvas(out, pagesize=(420, 700), encrypt=password, invariant=True)
    lines = text.split("\n")
    for page, start in enumerate(range(0, len(lines), lines_per_page), start=1):
        c.setFont("STSong-Light", 9)
        c.drawString(150, 670, header)
        c.setFont("STSong-Light", 12)
        y = 640
        for line in lines[start : start + lines_per_page]:
            if line.strip():
                c.drawString(40, y, line.strip())
            y -= 15
        c.setFont("STSong-Light", 10)
        c.drawString(195, 20, f"— {page} —")
        c.showPage()
    c.save()
    return out.getvalue()


def blank_pdf() -> bytes:
    """A page with only a drawing on it: what a scan without OCR looks like to a text reader."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=True)
    c.rect(50, 50, 200, 300, fill=1)
    c.showPage()
    c.save()
    return out.getvalue()


def html(text: str) -> str:
    """The text as a news site's page: the article between navigation, scripts, styles, comments, share
    buttons and a footer; its lines kept by <br>."""
    body = "<br>\n".join(escape(line) for line in text.split("\n"))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>泰山区 - 工作报告</title>
<style>.nav {{ color: red; }} p::after {{ content: "增长9%" }}</style>
<script>var total = "增长12%"; document.write("<p>广告</p>");</script></head>
<body><div class="top-nav"><a href="/">首页</a> | <a href="/news">新闻中心</a> | 增长100%</div>
<header><h2>泰山区人民政府网</h2></header>
<!-- 统计数据：增长50% -->
<div class="main"><div class="share-bar">分享到：微信 微博</div>
<article><div class="content">{body}</div></article>
<div class="ad-box">广告：理财年化收益8%</div></div>
<footer>版权所有 © 2023 泰山区人民政府 鲁ICP备12345678号</footer></body></html>
"""


def wrap(text: str, width: int = 38) -> str:
    """Paragraphs wrapped at `width` characters, each first line indented, as a page sets them."""
    out: list[str] = []
    for para in text.split("\n"):
        para, first = para.strip(), True
        if not para:
            out.append("")
        while para:
            take = width - 2 if first else width
            out.append(("    " if first else "") + para[:take])
            para, first = para[take:], False
    return "\n".join(out)


def pdf_text(text: str, width: int = 38, per_page: int = 45, head: str = "政府工作报告") -> str:
    """What `pdftotext -layout` gives for a report set on pages: paragraphs wrapped at `width`
    characters with an indented first line, a running head and a `— N —` page number on every page,
    pages parted by form feeds."""
    out = wrap(text, width).split("\n")
    pages = [out[i : i + per_page] for i in range(0, len(out), per_page)]
    return "\n\f".join(
        "\n".join([f"    {head}", "", *page, "", f"                 — {n} —"])
        for n, page in enumerate(pages, start=1)
    )


def news_page(text: str) -> str:
    """A news article as a portal serves it: the first line the headline in <h1>, the rest <p>
    paragraphs in the article, with a byline and time bar, share buttons, an ad, related links and a
    footer around them."""
    title, *paras = [line for line in text.split("\n") if line.strip()]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}_新浪财经</title>
<script type="text/javascript">window.__DATA__ = {{"growth": "增长88%"}};</script>
<style>body {{ font: 14px/1.5 sans-serif }}</style></head>
<body><div id="top_nav"><ul><li><a href="/">首页</a></li><li><a href="/stock">股票</a></li></ul></div>
<div class="main-content"><h1 class="main-title">{escape(title)}</h1>
<div class="date-source"><span class="date">2022年07月28日 10:21</span> <a class="source">南方财经全媒体</a></div>
<div class="share-bar"><span>分享到：</span><a>微博</a><a>微信</a></div>
<div class="article" id="artibody">{body}
<!-- 广告位 增长99% --><div class="ad">炒股开户享福利，入金抽188元红包，100%中奖！</div></div>
<div class="related"><h2>相关新闻</h2><ul><li>上半年GDP增长5%</li></ul></div></div>
<div class="list-box"><h3>热点</h3><ul><li><a href="/a">一季度工业增长8%</a></li><li><a href="/b">外贸进出口增长12%</a></li></ul></div>
<div class="footer">Copyright © 1996-2022 SINA Corporation</div></body></html>"""


def official_pdf(text: str, head: str) -> bytes:
    """The text as an office prints it to PDF (GB/T 9704-like): justified lines of ~28 characters
    wrapped by CJK rules, an indented first line a paragraph, a running head and a `— N —` foot."""
    from xml.sax.saxutils import escape as xml

    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=15,
        leading=26,
        alignment=TA_JUSTIFY,
        wordWrap="CJK",
        firstLineIndent=30,
    )
    title = ParagraphStyle("title", parent=body, alignment=TA_CENTER, firstLineIndent=0, fontSize=18)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    story = [Paragraph(xml(line), title if n == 0 else body) for n, line in enumerate(lines)]

    def furniture(c: Any, doc: Any) -> None:
        c.saveState()
        c.setFont("STSong-Light", 10)
        c.drawCentredString(A4[0] / 2, A4[1] - 40, head)
        c.setFont("STSong-Light", 14)
        c.drawCentredString(A4[0] / 2, 40, f"— {doc.page} —")
        c.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=80, rightMargin=80, topMargin=80, bottomMargin=80, invariant=True
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()
