"""A report's text -> clean sentences, each with its section, topic and line numbers.

Newspaper columns and PDF pages break lines mid-word and mid-number, and a blank line inside an
unfinished sentence is a column break, not a paragraph break. Headings stand on lines of their own;
the first section's body may stand before its heading, and a lead paragraph printed full width may
come last. Page furniture (page numbers, running heads) and news furniture (bylines, editor and
source lines, share bars, a work report's signature and dateline) are not text: their lines are cut
out, the sentence around them closing over the gap (data/layout.tsv). A "\f" opens a page and is
not a line. This module undoes all of that and knows nothing about figures.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from itertools import groupby
from operator import itemgetter

from taishan.ingest.tables import rewrite
from taishan.ingest.vocab import table

TERMINATORS = "。！？!?…"
CLOSERS = "”’」』）)"
SENTENCE_END = re.compile(f"[{re.escape(TERMINATORS + CLOSERS)}]")
SENTENCE_PUNCT = "，。；：！？、,;:!?"
ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、](?!\d))")
SECTION_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
MAX_NUMBERED_HEADING = 50
STATES_NUMBER = re.compile(r"\d")
YEAR = re.compile(
    r"\d{4}年|\d{4}-\d{4}|\d{1,2}(?:-\d{1,2})?月|第?\d+季度"
)  # dates are not figures  # `（一）…，…进一步强化` headings of work reports run long
CAPTION_MARKS = "◆◇▲△■□●★☆"
MAX_HEADING = 30
MAX_FURNITURE = 60  # a byline or source line is short; a longer line is text
MAX_WRAP = 60  # the widest wrapped line (a PDF page of small print) that is still a column
# a newspaper column holds up to ~20 characters and parts its paragraphs with blank lines; a page of an
# official document holds 28 (GB/T 9704-2012: 28 characters a line, 22 lines a page) and does not
MAX_NEWS_COLUMN = 22
MAX_TOPIC = 16
MAX_ORDINAL_TOPIC = 48
ORDINAL_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|第[一二三四五六七八九十]+，)")


class Kind(Enum):
    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"
    LEAD = "lead"


@dataclass
class Block:
    """Consecutive non-blank lines; `chars` holds (character, line number) pairs."""

    chars: list[tuple[str, int]]
    widest: int
    kind: Kind = Kind.BODY

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


@dataclass(frozen=True)
class Sentence:
    """One cleaned sentence and where it came from."""

    text: str
    lines: tuple[int, ...]  # the report line of each character of `text`
    category: str
    topic: str | None
    kind: Kind = Kind.BODY


@dataclass
class Document:
    title: str | None
    sentences: list[Sentence] = field(default_factory=list)


FOLD = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for c in range(r[0], r[1] + 1)
    }
    | {"％": "%", "．": ".", "\t": " "}
)
ODD = re.compile(
    r"[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\ud800-\uf8ff]|[^\u0000-\uffff]"
)


def clean_line(line: str) -> str:
    """Drop control and zero-width characters, fold full-width digits and letters.

    >>> clean_line("１２.５\u200b亿元\\x1b")
    '12.5亿元'
    """
    line = line.translate(FOLD)
    if ODD.search(line) is None:  # the usual line: nothing to drop, no need to look at each character
        return line.strip()
    return "".join(
        ch for ch in line if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    ).strip()


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def squeeze(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Remove OCR spaces: keep a single space only between two ASCII words (`Top 10`)."""
    out: list[tuple[str, int]] = []
    for i, (ch, line) in enumerate(chars):
        if not ch.isspace():
            out.append((ch, line))
            continue
        before = out[-1][0] if out else ""
        after = next((c for c, _ in chars[i + 1 :] if not c.isspace()), "")
        if _is_ascii_word(before) and _is_ascii_word(after) and not out[-1][0].isspace():
            out.append((" ", line))
    return out


def squeeze_text(text: str) -> str:
    """OCR spacing removed from a plain string.

    >>> squeeze_text("加 力 提 速 新 型 工 业 。")
    '加力提速新型工业。'
    """
    return "".join(c for c, _ in squeeze([(c, 0) for c in text]))


def heading_text(text: str) -> str:
    """A heading as printed: OCR letter-spacing removed, a real gap kept as one space."""
    parts = text.split()
    if len(parts) > 2 and all(len(p) == 1 for p in parts):
        return "".join(parts)
    return " ".join(parts)


def lines(text: str) -> list[str]:
    r"""The text's lines: only a newline ends one (a form feed opens a page inside a line).

    >>> lines("a\r\nb\n\fc\rd")
    ['a', 'b', '\x0cc', 'd']
    """
    return re.split(r"\r\n|\r|\n", text)


@cache
def layout(kind: str) -> re.Pattern[str]:
    """The patterns of one kind of data/layout.tsv (page, line, ad, prefix, tail) as one regex."""
    return re.compile("|".join(f"(?:{p})" for k, p in table("layout.tsv") if k == kind))


def is_furniture(line: str) -> bool:
    """A page number, byline, editor or source line, share bar, signature or dateline.

    >>> [is_furniture(x) for x in ("— 3 —", "记者|张三", "省长 王予波", "责任编辑：李墨轩", "一、2024年工作回顾")]
    [True, True, True, True, False]
    """
    squeezed = line.strip()
    if layout("page").fullmatch(squeezed.replace(" ", "")) or layout("page").fullmatch(squeezed):
        return True
    if len(squeezed) <= MAX_FURNITURE and layout("ad").fullmatch(squeezed):
        return True
    bare = re.sub(r"^[（(【\[](.*)[）)】\]]$", r"\1", squeezed).strip()  # `（编辑：王小明）`
    return len(bare) <= MAX_FURNITURE and not ends_sentence(bare) and bool(layout("line").fullmatch(bare))


def unspace(line: str) -> str:
    """A justified line spaced out character by character, spaces taken out (also between digits,
    where squeeze keeps them: `1 4 3 9` is 1439); a wider gap stays one space.

    >>> unspace("接 待 游 客 1 4 3 9 万 人 次 ， 增 长 6 5 % 。"), unspace("Top 10 城市")
    ('接待游客1439万人次，增长65%。', 'Top 10 城市')
    """
    chars = line.split(" ")
    if len(line) < 8 or sum(1 for c in chars if len(c) == 1) < 0.8 * len([c for c in chars if c]):
        return line
    return " ".join("".join(word.split(" ")) for word in re.split(r" {2,}", line))


def unspace_chars(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """`unspace` on each line of a block's characters (their line numbers kept)."""
    out: list[tuple[str, int]] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i][1] != chars[start][1]:
            text = "".join(c for c, _ in chars[start:i])
            fixed = unspace(text)
            if fixed == text:
                out.extend(chars[start:i])
            else:
                out.extend((c, chars[start][1]) for c in fixed)
            start = i
    return out


def cut_prefix(line: str) -> int:
    """How many leading characters are a news dateline (`本报讯（记者 张三）`), not text."""
    found = layout("prefix").match(line)
    return found.end() if found else 0


def running_heads(raw: list[str]) -> set[int]:
    """Lines (0-based) that repeat at the top or bottom of most pages: a running head or foot.

    A text without pages ("\f") has none; digits are ignored, so `第3页` and `第4页` repeat.
    """
    pages: list[list[int]] = [[]]
    for i, line in enumerate(raw):
        for _ in range(line.count("\f")):
            pages.append([])
        if clean_line(line):
            pages[-1].append(i)
    if len(pages) < 3:
        return set()
    key = {i: re.sub(r"\d+", "#", clean_line(raw[i]).replace(" ", "")) for page in pages for i in page}
    edges = [set(page[:2] + page[-2:]) for page in pages]
    counts = Counter(k for edge in edges for k in {key[i] for i in edge})
    common = {k for k, n in counts.items() if n >= max(3, len(pages) // 2) and len(k) <= MAX_FURNITURE}
    return {i for edge in edges for i in edge if key[i] in common}


def read_blocks(text: str) -> list[Block]:
    """Blocks of consecutive lines; furniture lines, and the blank lines about them, are skipped as
    if the page had no gap there (a footer inside a sentence leaves the sentence whole)."""
    raw = lines(text)
    heads = running_heads(raw)
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []
    blank = False  # a blank line seen since the last text line
    after_furniture = False
    for number, line_ in enumerate(raw, start=1):
        line = clean_line(line_)
        if not line:
            blank = blank or not after_furniture
            continue
        if number - 1 in heads or is_furniture(line) or (after_furniture and layout("tail").fullmatch(line)):
            blank, after_furniture = False, True
            continue
        after_furniture = False
        line = line[cut_prefix(line) :].strip()
        if not line:
            continue
        if blank and current:
            blocks.append(_block(current))
            current = []
        blank = False
        current.append((number, line))
    if current:
        blocks.append(_block(current))
    return blocks


def _block(lines: list[tuple[int, str]]) -> Block:
    chars: list[tuple[str, int]] = []
    for number, line in lines:
        chars.extend((ch, number) for ch in line)
    return Block(chars, max(len(line.replace(" ", "")) for _, line in lines))


def column_width(text: str) -> int | None:
    """The width of a newspaper column, or None when lines are whole paragraphs."""
    raw = lines(text)
    heads = running_heads(raw)
    cleaned = (clean_line(line) for n, line in enumerate(raw) if n not in heads)
    widths = [len(line.replace(" ", "")) for line in cleaned if line and not is_furniture(line)]
    if len(widths) < 8:
        return None
    width = int(statistics.median(widths))
    near = sum(1 for w in widths if abs(w - width) <= 4)
    return width if width <= MAX_WRAP and near >= 0.6 * len(widths) else None


def indented_lines(text: str) -> set[int]:
    """Line numbers that open a paragraph by indentation (two spaces or a full-width one), where the
    text indents paragraphs at all: some lines, not most."""
    found = {
        n
        for n, line in enumerate(lines(text), start=1)
        if re.match(r"^(?: {2,}|\u3000)\S", line.lstrip("\f"))
    }
    total = sum(1 for line in lines(text) if line.strip())
    return found if 0.02 * total <= len(found) <= 0.5 * total else set()


def split_wrapped(blocks: list[Block], width: int, starts: set[int]) -> list[Block]:
    """In page-wide wrapped text (a PDF's) a paragraph ends on a short line (a footer or page break
    between is already gone) and starts on an indented line or a numbered heading (`一、`, `（一）`)."""
    out: list[Block] = []
    for block in blocks:
        by_line: dict[int, list[tuple[str, int]]] = {}
        for ch, number in block.chars:
            by_line.setdefault(number, []).append((ch, number))
        current: list[tuple[str, int]] = []
        numbers = list(by_line)
        texts = ["".join(c for c, _ in by_line[n]) for n in numbers]
        # spaces count: a justified line is spaced out to full width
        short = [len(text.strip()) <= width - 3 for text in texts]
        for i, number in enumerate(numbers):
            text = texts[i]
            if current and (number in starts or SECTION_NUMBER.match(text)):
                out.append(_chars_block(current))
                current = []
            current.extend(by_line[number])
            if i == len(numbers) - 1:
                break
            if short[i]:  # a wrap breaks only full lines: a short one ends its paragraph
                out.append(_chars_block(current))
                current = []
        if current:
            out.append(_chars_block(current))
    return out


def _chars_block(chars: list[tuple[str, int]]) -> Block:
    widths: dict[int, int] = {}
    for ch, number in chars:
        widths[number] = widths.get(number, 0) + (not ch.isspace())
    return Block(chars, max(widths.values()))


def split_paragraph_lines(blocks: list[Block]) -> list[Block]:
    """Without columns every line is a paragraph (or a heading) of its own."""
    out: list[Block] = []
    for block in blocks:
        lines: dict[int, list[tuple[str, int]]] = {}
        for number, run in groupby(block.chars, key=itemgetter(1)):  # a line's characters, run by run
            lines.setdefault(number, []).extend(run)
        out.extend(Block(chars, len(chars)) for chars in lines.values())
    return out


def looks_like_heading(text: str) -> bool:
    """A short line of its own with no sentence punctuation (an enumeration like `一、` is allowed);
    a line numbered `一、` or `（一）` may hold commas, figures and Latin words and end in 。, as long as
    it is one sentence.

    >>> [looks_like_heading(x) for x in ("一、2024年工作回顾", "（一）聚力打造先行区，在服务大局中展现新担当。",
    ...                                   "（一）经济运行稳进提质。健全机制。", "全区GDP增长5%")]
    [True, True, False, False]
    """
    numbered = SECTION_NUMBER.match(text)
    if numbered:
        body = text[numbered.end() :].strip()
        inner = body.rstrip(TERMINATORS)
        return (
            2 <= len(inner) <= MAX_NUMBERED_HEADING
            and not any(ch in TERMINATORS + "；;" for ch in inner)
            and any("\u4e00" <= ch <= "\u9fff" for ch in inner)
        )
    body = ENUMERATION.sub("", text).strip()
    squeezed = body.replace(" ", "")
    if not 4 <= len(squeezed) <= MAX_HEADING or any(p in body for p in SENTENCE_PUNCT):
        return False
    if body[-1] in TERMINATORS + CLOSERS:
        return False
    cjk = sum(1 for ch in squeezed if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 0.6 * len(squeezed)


def loose_heading(text: str, following: str | None) -> bool:
    """A statistics analysis's heading on a paragraph line of its own: short, not a sentence (no
    closing 。, no ；：), commas, figures and Latin words allowed, and a longer paragraph after it.

    >>> loose_heading("工业生产稳中有升，高技术制造业增长较快", "1-9月，全市规模以上工业增加值同比增长5.1%，比上半年加快0.3个百分点。")
    True
    >>> loose_heading("前三季度GDP增长9.8%", None), loose_heading("各位代表：", "现在，我代表市人民政府，向大会报告工作。")
    (False, False)
    """
    squeezed = text.replace(" ", "")
    if following is None or not 4 <= len(squeezed) <= MAX_HEADING or len(following) < 2 * len(squeezed):
        return False
    if squeezed[-1] in TERMINATORS + CLOSERS + "，、,：:；;" or any(p in squeezed for p in "；：;:。"):
        return False
    cjk = sum(1 for ch in squeezed if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 0.4 * len(squeezed) and squeezed.count("，") + squeezed.count(",") <= 2


def classify(blocks: list[Block], width: int | None) -> None:
    for i, block in enumerate(blocks):
        text = block.text.strip()
        rows = len({n for _, n in block.chars})
        single_line = rows == 1
        # on a page-wide wrap a long numbered heading may take a second line
        wrapped_heading = (
            rows == 2 and width is not None and width > MAX_NEWS_COLUMN and SECTION_NUMBER.match(text)
        )
        following = blocks[i + 1].text.strip() if i + 1 < len(blocks) else None
        # a line of its own (a paragraph, or a page's short line) may be a heading holding a comma
        own_line = width is None or (width > MAX_NEWS_COLUMN and single_line)
        if text[:1] in CAPTION_MARKS and single_line:
            block.kind = Kind.CAPTION
        elif ((single_line or wrapped_heading) and looks_like_heading(text)) or (
            own_line and loose_heading(text, following)
        ):
            block.kind = Kind.HEADING
        elif width is not None and block.widest > 2.5 * width:
            block.kind = Kind.LEAD


def ends_sentence(text: str) -> bool:
    text = text.rstrip(CLOSERS + " ")
    return not text or text[-1] in TERMINATORS


def join_column_breaks(blocks: list[Block]) -> list[Block]:
    """A body block that stops mid-sentence continues in the next body block."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == block.kind == Kind.BODY and not ends_sentence(prev.text):
            prev.chars.extend(block.chars)
            prev.widest = max(prev.widest, block.widest)
        else:
            out.append(block)
    return out


def assign_sections(blocks: list[Block], first_line: str | None) -> tuple[str | None, list[str | None]]:
    """The category of each block, and the page title.

    A run of headings ends with the heading of the body that follows. Body that stands before every
    heading belongs to the first heading after it when more headings follow that one directly (the
    page's title sits between); otherwise it belongs to the title.
    """
    runs: list[tuple[int, int]] = []  # [start, end) indexes of heading runs
    i = 0
    while i < len(blocks):
        if blocks[i].kind == Kind.HEADING:
            j = i
            while j < len(blocks) and blocks[j].kind == Kind.HEADING:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    orphan_heading: int | None = None
    titles: list[int] = []
    for n, (start, end) in enumerate(runs):
        headings = list(range(start, end))
        if n == 0 and start > 0 and len(headings) >= 2:
            orphan_heading = headings.pop(0)
        if end == len(blocks):
            titles.extend(headings)  # trailing headings head nothing
        else:
            titles.extend(headings[:-1])
    title = heading_text(blocks[titles[0]].text) if titles else first_line
    categories: list[str | None] = []
    current = heading_text(blocks[orphan_heading].text) if orphan_heading is not None else title
    for block in blocks:
        idx = len(categories)
        if block.kind == Kind.HEADING:
            if idx not in titles and idx != orphan_heading:
                current = heading_text(block.text)
            categories.append(None)
        elif block.kind in (Kind.LEAD, Kind.CAPTION):
            categories.append(title)
        else:
            categories.append(current)
    return title, categories


def split_sentences(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Split after 。！？ (keeping a closing quote with its sentence).

    >>> ["".join(c for c, _ in s) for s in split_sentences([(c, 1) for c in "增长5%。“好！”他说。"])]
    ['增长5%。', '“好！”', '他说。']
    """
    text = "".join(c for c, _ in chars)  # one character each: text[i] is chars[i]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END.finditer(text):  # only where a sentence may end, not at every character
        i = m.start()
        ends = text[i] in TERMINATORS or (i > start and text[i - 1] in TERMINATORS)  # `。”`
        if ends and i + 1 < len(text) and text[i + 1] not in TERMINATORS + CLOSERS:
            spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return [chars[a:b] for a, b in spans if text[a:b].strip()]


def is_topic(sentence: str) -> bool:
    """A paragraph's lead phrase: `强化项目建设。` — short, one clause, no figure."""
    body = sentence.rstrip(TERMINATORS)
    return (
        sentence[-1:] in TERMINATORS
        and 2 < len(body) <= MAX_TOPIC
        and not any(p in body for p in SENTENCE_PUNCT)
        and not any(ch.isdigit() for ch in body)
    )


def normalize(text: str) -> Document:
    """Read a report's text into sentences with categories, topics and line numbers."""
    text = rewrite(text)  # a statistics table's rows read as prose, each on its own line
    width = column_width(text)
    blocks = read_blocks(text)
    if width is None:
        blocks = split_paragraph_lines(blocks)
    elif width > MAX_NEWS_COLUMN:  # a page's lines (a PDF's): a newspaper column's paragraphs stand apart
        blocks = split_wrapped(blocks, width, indented_lines(text))
    classify(blocks, width)
    if width is not None:
        blocks = join_column_breaks(blocks)
    first = heading_text(blocks[0].text) if blocks and len(blocks[0].text) <= 60 else None
    title, categories = assign_sections(blocks, first)
    doc = Document(title)
    for block, category in zip(blocks, categories, strict=True):
        if block.kind == Kind.HEADING and STATES_NUMBER.search(YEAR.sub("", block.text)):
            # a heading that states a figure (`一、工业增长8.5%`) heads its section and is a fact of it
            chars = squeeze(block.chars)
            doc.sentences.append(
                Sentence(
                    "".join(c for c, _ in chars),
                    tuple(n for _, n in chars),
                    category or heading_text(block.text),
                    None,
                    block.kind,
                )
            )
        if block.kind in (Kind.HEADING, Kind.CAPTION):  # a photo's caption says what the photo shows: no fact
            continue
        topic: str | None = None
        previous_line = 0
        for n, chars in enumerate(split_sentences(squeeze(unspace_chars(block.chars)))):
            text_ = "".join(c for c, _ in chars)
            # a lead phrase opens its paragraph or at least its line: `…增长5%。排名稳居全省第一。` is a fact
            opens_line = n == 0 or chars[0][1] != previous_line
            previous_line = chars[-1][1]
            if block.kind == Kind.BODY and opens_line and is_topic(text_):
                topic = text_.rstrip(TERMINATORS)
                continue
            lead = ORDINAL_LEAD.match(text_)
            if n == 0 and block.kind == Kind.BODY and lead and len(text_) <= MAX_ORDINAL_TOPIC:
                topic = text_[lead.end() :].rstrip(TERMINATORS)  # `一是…。` leads its paragraph
            doc.sentences.append(
                Sentence(text_, tuple(n for _, n in chars), category or title or "", topic, block.kind)
            )
    return doc
