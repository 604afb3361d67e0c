"""A statistics table given as cells -> one prose sentence a row, on the row's own line.

Bulletins hold figures in tables: a web page or a .docx gives one cell a line, `pdftotext -layout`
and our .docx/HTML readers give a row a line with its cells apart (a tab, or a run of spaces). A
table is a header whose cells are all column words (data/table-columns.tsv), at least one of them a
figure's column, then at least MIN_ROWS rows of the same shape: a name, then a cell per column.
Each row becomes `粮食总产量162817吨，比上年增长0.5%。` on the line of its name; the table's other
lines become blank, so every line keeps its number. Anything else is left exactly as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from taishan.ingest.vocab import table

COLUMNS = "table-columns.tsv"
MIN_ROWS = 2  # one row after a header-like run could be chance; two of the same shape are a table
CELL_GAP = re.compile(r"\t|[ \u3000]{2,}")
NUMBER = re.compile(r"[-+－−]?\d+(?:[,，]\d{3})*(?:\.\d+)?")
UNIT_IN_HEADER = re.compile(r"[(（](?!%)([^()（）%]{1,6})[)）]$")
CAPTION_UNIT = re.compile(r"^(?:计量)?单位[:：]\s*(\S{1,6})$")
EMPTY = {"", "-", "—", "－", "/", "…", "--", "——"}
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_NAME = 30
MAX_UNIT = 6
BASES = re.compile(r"较上年同期|比上年同期|较上年|比上年|较去年|比去年|同比|比上期|较上期|比上月|环比")


@dataclass(frozen=True)
class Cell:
    text: str
    line: int  # 0-based index of its line
    first: bool  # the first cell of its line
    last: bool  # the last cell of its line


@dataclass(frozen=True)
class Column:
    kind: str  # name, value, change, unit, other
    header: str


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), kind) for p, kind in table(COLUMNS))


def column_kind(cell: str) -> str | None:
    """The kind of a header cell, or None when it is no column word.

    >>> column_kind("较上年增长(%)"), column_kind("2023年"), column_kind("粮食总产量")
    ('change', 'value', None)
    """
    text = UNIT_IN_HEADER.sub("", re.sub(r"\s", "", cell))
    for pattern, kind in _patterns():
        if pattern.fullmatch(text):
            return kind
    return None


def cells(raw: list[str]) -> list[Cell]:
    """Every non-blank line's cells, in reading order."""
    out: list[Cell] = []
    for i, line in enumerate(raw):
        parts = [p.strip() for p in CELL_GAP.split(line.strip(" \t\u3000\f"))]
        if len(parts) == 1 and not parts[0]:
            continue
        for j, part in enumerate(parts):
            out.append(Cell(part, i, j == 0, j == len(parts) - 1))
    return out


def _header(stream: list[Cell], start: int) -> tuple[list[Column], str | None, int] | None:
    """The header opening at stream[start]: its columns, a unit it states, and where rows begin."""
    if not stream[start].first:
        return None
    columns: list[Column] = []
    unit: str | None = None
    i = start
    while i < len(stream):
        text = stream[i].text
        caption = CAPTION_UNIT.match(text)
        if caption:
            unit = caption.group(1)
        else:
            kind = column_kind(text)
            if kind is None:
                break
            in_header = UNIT_IN_HEADER.search(re.sub(r"\s", "", text))
            if kind == "change" and in_header:
                kind = "other"  # `比上年增减(万人)`: a change in units, not the percent a growth states
            if kind in {c.kind for c in columns} and kind != "other":
                kind = "other"  # a second period (`2022年`) or change column: the first one is the row's
            columns.append(Column(kind, text))
            if kind == "value" and in_header and unit is None:
                unit = in_header.group(1)
        i += 1
    if i == start or not stream[i - 1].last or not any(c.kind in ("value", "change") for c in columns):
        return None
    if not columns or columns[0].kind != "name":
        columns.insert(0, Column("name", ""))
    if [c.kind for c in columns].count("name") != 1:
        return None
    return columns, unit, i


def _is_number(text: str, bare: bool) -> bool:
    match = NUMBER.match(text)
    if not match:
        return False
    rest = text[match.end() :].strip()
    if bare:
        return rest in ("", "%")
    return len(rest) <= MAX_UNIT and not any(ch.isdigit() for ch in rest)


def _fits(row: list[Cell], columns: list[Column]) -> bool:
    if not (row[0].first and row[-1].last):
        return False
    for cell, column in zip(row, columns, strict=True):
        text = cell.text
        if column.kind == "name":
            name = text.removeprefix("其中").lstrip(":：")
            if not CJK.search(name) or len(name) > MAX_NAME or NUMBER.fullmatch(name):
                return False
        elif column.kind == "unit":
            if len(text) > MAX_UNIT or any(ch.isdigit() for ch in text):
                return False
        elif text not in EMPTY and not _is_number(text, bare=column.kind == "change"):
            return False
    return any(
        c.kind not in ("name", "unit") and cell.text not in EMPTY
        for cell, c in zip(row, columns, strict=True)
    )


def sentence(row: list[str], columns: list[Column], unit: str | None) -> str:
    """A table row as the sentence a report would write ("" when its period has no figure).

    >>> cols = [Column("name", ""), Column("value", "2023年"), Column("change", "较上年增长(%)")]
    >>> sentence(["其中:谷物", "97658吨", "-9.7"], cols, None)
    '其中:谷物97658吨，较上年下降9.7%。'
    """
    by_kind: dict[str, tuple[str, str]] = {}
    for text, column in zip(row, columns, strict=True):
        if text not in EMPTY and column.kind not in by_kind:
            by_kind[column.kind] = (text, column.header)
    if "value" not in by_kind:
        return ""  # no figure this period (`-`): the row states nothing of it
    name = by_kind["name"][0]
    value = by_kind["value"][0]
    unit_ = by_kind.get("unit", (unit or "",))[0]
    if NUMBER.fullmatch(value) and unit_:
        value += unit_
    text = f"{name}{value}"
    if "change" in by_kind:
        change, header = by_kind["change"]
        number = change.rstrip("%").strip()
        base = BASES.search(header)
        word = "增长" if not number.startswith(("-", "－", "−")) else "下降"
        text += f"，{base.group(0) if base else '比上年'}{word}{number.lstrip('+-－−')}%"
    return text + "。"


def rewrite(text: str) -> str:
    """The text with each table's rows written as sentences; every line keeps its number.

    >>> rewrite("产量\\n2023年\\t增长(%)\\n粮食\\t100吨\\t1.5\\n油料\\t20吨\\t-2").splitlines()
    ['产量', '', '粮食100吨，比上年增长1.5%。', '油料20吨，比上年下降2%。']
    """
    raw = text.split("\n")
    stream = cells([line.rstrip("\r") for line in raw])
    out = list(raw)
    i = 0
    while i < len(stream):
        found = _header(stream, i)
        if found is None:
            i += 1
            continue
        columns, unit, j = found
        rows: list[list[Cell]] = []
        while j + len(columns) <= len(stream) and _fits(stream[j : j + len(columns)], columns):
            rows.append(stream[j : j + len(columns)])
            j += len(columns)
        if len(rows) < MIN_ROWS:
            i += 1
            continue
        for line in {c.line for c in stream[i:j]}:
            out[line] = "\f" if raw[line].startswith("\f") else ""
        for row in rows:
            line = row[0].line
            out[line] = out[line] + sentence([c.text for c in row], columns, unit)
        i = j
    return "\n".join(out)
