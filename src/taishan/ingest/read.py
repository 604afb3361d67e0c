"""A report file -> its text and where that text came from (format, pages).

The container is told by content, not by name: magic bytes first (PDF, zip/.docx, images),
then byte-order marks and a strict trial decode (UTF-8, UTF-16, GB18030, Big5), then a look at
the text itself (an HTML page, Markdown front matter). Every reader returns lines separated by
"\\n" whose numbers a reader of the original can find: a .docx gives one paragraph a line, a PDF
one text line a line with "\\f" opening each page after the first, HTML the lines of its extracted
text. Nothing here is imported at query time; pypdfium2 only when a PDF is read.
"""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any

from taishan import store
from taishan.errors import ReportError
from taishan.ingest import html, markup

MAX_REPORT_BYTES = 50 * 1024 * 1024
REPORT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm", ".xhtml", "")
IMAGES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}
OCR_HINT = "run it through OCR first (e.g. `ocrmypdf`) or give the report as text"


@dataclass(frozen=True)
class Source:
    """A report's text and how to find its lines in the original."""

    name: str
    text: str  # lines separated by "\n"; "\f" opens a new page (PDF)
    format: str  # text | markdown | html | docx | pdf

    def page_starts(self) -> list[int]:
        """The first line of each page after the first (empty when the text has no pages)."""
        starts: list[int] = []
        for number, line in enumerate(self.text.split("\n"), start=1):
            starts.extend(number for _ in range(line.count("\f")))
        return starts


def report_name(path: Path) -> str:
    """The report's slug, the prefix of its ids: its file name without a report suffix, each run of
    spaces one `-`, so that an id (`泰山区-2023-上半年-001`) is one word in a shell and a table.

    >>> report_name(Path("上海市.docx")), report_name(Path("泰山区 2023  上半年.txt")), report_name(Path("-"))
    ('上海市', '泰山区-2023-上半年', 'stdin')
    """
    if str(path) == "-":
        return "stdin"
    name = path.stem if path.suffix.lower() in REPORT_SUFFIXES else path.name
    return "-".join(name.split()) or name


def expand(paths: list[Path]) -> list[Path]:
    """Reports as given, a folder replaced by the reports in it (sorted by name; hidden files and the
    folder's own documentation, README/SOURCES-style all-capital names, skipped)."""
    out: list[Path] = []
    for path in paths:
        if str(path) != "-" and path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in REPORT_SUFFIXES
                and not re.fullmatch(r"[A-Z][A-Z_-]*", p.stem)
            )
            if not found:
                raise ReportError(f"folder holds no report (.txt, .docx, .pdf, .html, .md): {path}")
            out.extend(found)
        else:
            out.append(path)
    return out


def read_bytes(path: Path) -> bytes:
    """A report's bytes (`-`: standard input); ReportError saying why not (store.read_bytes)."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    return store.read_bytes(path, "report", ReportError)


def read(path: Path) -> Source:
    """A report's text, read by content; ReportError (one line saying what it is and what to do)."""
    raw = read_bytes(path)
    where = "standard input" if str(path) == "-" else str(path)
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(
            f"report too large ({len(raw):,} bytes, over the limit of {MAX_REPORT_BYTES // 2**20} MB): {where}"
        )
    if not raw.strip():
        raise ReportError(f"report is empty: {where}")
    fmt, text = _read(raw, where, markdown=path.suffix.lower() in (".md", ".markdown"))
    if not text.strip():
        raise ReportError(f"report is empty: {where}")
    return Source(report_name(path), text, fmt)


def _read(raw: bytes, where: str, markdown: bool = False) -> tuple[str, str]:
    if b"%PDF-" in raw[:1024]:  # readers allow a little junk before the header
        return "pdf", read_pdf(raw, where)
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return "docx", read_docx(raw, where)
    bmp = raw.startswith(b"BM") and raw[6:10] == b"\x00\x00\x00\x00"  # "BM" alone may begin a text
    for magic, what in (*IMAGES.items(), (b"RIFF", "a WebP image")):
        if (raw.startswith(magic) and (magic != b"RIFF" or raw[8:12] == b"WEBP")) or bmp:
            raise ReportError(f"report is {'a BMP image' if bmp else what}, not text: {OCR_HINT}: {where}")
    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise ReportError(f"report is an old Word .doc (or other OLE) file: save it as .docx: {where}")
    if (
        raw[:4] in (b"\x1f\x8b\x08\x00", b"\x1f\x8b\x08\x08")
        or raw[:3] == b"BZh"
        or raw[:6] == b"7z\xbc\xaf\x27\x1c"
    ):
        raise ReportError(f"report is a compressed archive: unpack it and build the files inside: {where}")
    if raw[:5] == b"{\\rtf":
        raise ReportError(f"report is an RTF file: save it as .docx or text: {where}")
    text = decode(raw, where)
    if html.is_html(text):
        return "html", html.main_text(text)
    if markdown or markup.is_markdown(text):
        return "markdown", markup.plain(text)
    return "text", text


# -- plain text -------------------------------------------------------------------------------------

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(raw: bytes, where: str = "report") -> str:
    """Bytes -> text: a BOM, else UTF-16 told by its zero bytes, else the first strict decode of
    UTF-8, GB18030 and Big5 that reads as Chinese.

    >>> decode("泰山区".encode("gbk")), decode("泰山區".encode("big5")), decode("泰山 1".encode("utf-16-le"))
    ('泰山区', '泰山區', '泰山 1')
    """
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return _strict(raw[len(bom) :], codec.removesuffix("-sig"), where)
    if b"\x00" in raw:
        wide = _utf16(raw)
        text = _try(raw, wide) if wide else None
        if text is None or sum(1 for ch in text if ch < " " and ch not in "\n\r\t\f") > len(text) // 100:
            raise ReportError(
                f"report is a binary file of an unknown kind, not text: give it as .txt, .docx, .pdf or .html: {where}"
            )
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [(codec, text) for codec in ("gb18030", "big5") if (text := _try(raw, codec)) is not None]
    if not candidates:  # a stray byte (a file cut mid-character, a copy-paste slip) need not cost the report
        lenient = [raw.decode(codec, "replace") for codec in ("utf-8", "gb18030")]
        best = min(lenient, key=lambda t: t.count("\ufffd"))
        if best.count("\ufffd") <= max(1, len(best) // 10_000):
            return best
        raise ReportError(
            f"report is not text in UTF-8, UTF-16, GB18030/GBK or Big5: save it as UTF-8 text: {where}"
        )
    return max(candidates, key=lambda c: _common_share(c[1], c[0]))[1]


def _utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII (digits, newlines) puts a zero in every other byte."""
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    if len(raw) % 2 or even == odd:
        return None
    return "utf-16-be" if even > odd else "utf-16-le"


def _try(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _strict(raw: bytes, codec: str, where: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as e:
        raise ReportError(
            f"report is not valid {codec} text (bad byte at offset {e.start}): {where}"
        ) from None


def _common_share(text: str, codec: str) -> float:
    """How much of the non-ASCII text reads as common characters in that encoding: GB2312's set for
    GB18030, Big5's symbols and first level (lead bytes A1-C6) for Big5. Text decoded with the wrong
    one lands among rare characters and private-use code points."""
    wide = [ch for ch in text if not ch.isascii()]
    if not wide:
        return 1.0 if codec == "gb18030" else 0.0
    if codec == "gb18030":
        return sum(_encodes(ch, "gb2312") for ch in wide) / len(wide)
    return sum(0xA1 <= ch.encode("big5", "replace")[0] <= 0xC6 for ch in wide) / len(wide)


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# -- .docx ------------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(raw: bytes, where: str) -> str:
    """A .docx's body, one paragraph a line (table cells included, in reading order).

    The stdlib reads the zip and its XML: python-docx would add lxml (~8 MB) for the same lines.
    """
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(BytesIO(raw)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                what = "an .xlsx workbook" if "xl/workbook.xml" in names else "a zip archive"
                raise ReportError(
                    f"report is {what}, not a .docx: unpack it or save it as .docx or text: {where}"
                )
            body = z.read("word/document.xml")
    except (zipfile.BadZipFile, EOFError, KeyError, OSError):
        raise ReportError(
            f"report is a damaged or truncated .docx (or zip): save it again and retry: {where}"
        ) from None
    except RuntimeError:  # an encrypted member
        raise ReportError(f"report is an encrypted zip: unpack it with its password first: {where}") from None
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise ReportError(
            f"report is a damaged .docx (its text is not valid XML): save it again: {where}"
        ) from None
    lines: list[str] = []
    _docx_lines(root, lines)
    return "\n".join(lines)


def _docx_paragraph(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append(" ")  # a soft break inside a paragraph: one paragraph stays one line
    return "".join(parts)


def _docx_lines(node: Any, lines: list[str]) -> None:
    """Paragraphs one a line; a table a row a line, its cells apart by a tab (ingest/tables.py)."""
    for child in node:
        if child.tag == f"{W}p":
            lines.append(_docx_paragraph(child))
        elif child.tag == f"{W}tbl":
            for tr in child.findall(f"{W}tr"):
                cells = (
                    " ".join(_docx_paragraph(p) for p in tc.iter(f"{W}p")) for tc in tr.findall(f"{W}tc")
                )
                lines.append("\t".join(" ".join(cell.split()) for cell in cells))
        else:
            _docx_lines(child, lines)


# -- PDF --------------------------------------------------------------------------------------------


def read_pdf(raw: bytes, where: str) -> str:
    """A text PDF's lines, page by page; "\\f" opens each page after the first."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ReportError(
                f"report is an encrypted PDF: remove its password (e.g. `qpdf --decrypt`) first: {where}"
            ) from None
        raise ReportError(f"report is a damaged PDF ({e}): save or print it to PDF again: {where}") from None
    try:
        pages = [_page_lines(page) for page in doc]
    finally:
        doc.close()
    words = sum(1 for ch in "".join(pages) if ch.isalnum())
    if words < 20 * len(pages):  # at most a page number or a stamp a page: the pages are pictures
        raise ReportError(f"report is a PDF with no text layer (a scan): {OCR_HINT}: {where}")
    return "\n\f".join(pages)


def _page_lines(page: Any) -> str:
    """A page's text lines, top to bottom; a gap wider than 1.6 lines is a blank line, as the eye
    reads a paragraph or column break (what `pdftotext -layout` keeps and pdfium's plain text loses)."""
    textpage = page.get_textpage()
    try:
        runs = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
            if text.strip():
                runs.append((left, bottom, top, text))
    finally:
        textpage.close()
        page.close()
    lines: list[tuple[float, float, list[tuple[float, str]]]] = []  # (top, bottom, runs by left)
    for left, bottom, top, text in sorted(runs, key=lambda r: (-r[2], r[0])):
        if (
            lines
            and bottom < lines[-1][0]
            and top > lines[-1][1]
            and min(top, lines[-1][0]) - max(bottom, lines[-1][1]) > 0.5 * (top - bottom)
        ):
            lines[-1][2].append((left, text))
        else:
            lines.append((top, bottom, [(left, text)]))
    if not lines:
        return ""
    tops = [top for top, _, _ in lines]
    steps = sorted(a - b for a, b in pairwise(tops) if a > b)
    pitch = steps[len(steps) // 2] if steps else 0.0
    margin = min(min(left for left, _ in parts) for _, _, parts in lines)
    out: list[str] = []
    for n, (top, bottom, parts) in enumerate(lines):
        if n and pitch and tops[n - 1] - top > 1.6 * pitch:
            out.append("")
        # an indented first line (or a centred heading) starts a paragraph: kept as pdftotext -layout keeps it
        indent = "    " if min(left for left, _ in parts) - margin > 0.8 * (top - bottom) else ""
        out.append(indent + " ".join(text for _, text in sorted(parts)))
    return "\n".join(out)
