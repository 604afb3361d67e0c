"""Facts -> output: one function per format. Only this module imports rich, and only when it draws.

Every string that reaches a terminal goes through `clean`: a report (or a query) may carry control
characters, bidi overrides or lone surrogates, and none of them may reach the terminal as such.
Rich is always driven with `markup=False`, so `[bold]` in a report is text, never a style.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taishan import model
from taishan.store import Record

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from taishan.query.lookup import Category

FIELDS = model.FIELDS  # the contract's fields in its order, then `figure` (the figure as written in `text`)
TABLE_COLUMNS = ("id", "subject", "value", "unit", "change")  # what fits a terminal; --fields for more
NUMERIC = {"value", "change", "line", "score", "count"}
MATCH_STYLE = "bold yellow"  # bold survives NO_COLOR
FIGURE_STYLE = "bold reverse"

# compiled on first use (re caches it): json output never needs it
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_SURROGATE = re.compile("[\ud800-\udfff]")


def pick(rows: list[dict[str, Any]], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Only `fields` of each row, in that order."""
    return [{f: row.get(f) for f in fields} for row in rows]


def clean(text: str) -> str:
    """Text safe for a terminal or a tab-separated line, same length as the input.

    >>> clean("游\\t客\\x1b[31m\\ud800")
    '游 客\ufffd[31m\ufffd'
    """
    return re.sub(_UNSAFE, "\ufffd", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))


def cell(value: Any) -> str:
    """One value as plain text: null is empty, a rank is its words, a list is comma-joined."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return clean(str(value.get("text", value.get("name", ""))))
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


# -- formats for scripts -------------------------------------------------------------------------


def _escape_surrogates(text: str) -> str:
    """JSON text with each lone surrogate (from argv) as its \\u escape: still JSON, and encodable as UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(rows: list[dict[str, Any]]) -> str:
    """A JSON array, UTF-8 unescaped; a lone surrogate (from argv) is written as its \\u escape."""
    return _escape_surrogates(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n"


def to_json_object(obj: dict[str, Any]) -> str:
    """One JSON object, indented (`export --mapping`)."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    """One JSON object a line."""
    return "".join(_escape_surrogates(json.dumps(r, ensure_ascii=False)) + "\n" for r in rows)


def to_csv(rows: list[dict[str, Any]], header: bool = True) -> str:
    """RFC 4180 CSV with a header row; cells quoted where needed, so any text survives."""
    import csv  # only for this format

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header and rows:
        writer.writerow(rows[0].keys())
    writer.writerows([cell(v) for v in r.values()] for r in rows)
    return buf.getvalue()


def to_tsv(rows: list[dict[str, Any]], header: bool = True) -> str:
    """Tab-separated lines with a header row; no quoting: tabs and newlines in text become spaces."""
    lines = ["\t".join(rows[0].keys())] if header and rows else []
    lines += ["\t".join(cell(v) for v in r.values()) for r in rows]
    return "".join(line + "\n" for line in lines)


# -- formats for people --------------------------------------------------------------------------


def _console(err: bool = False) -> Console:
    """A console that honours NO_COLOR and FORCE_COLOR (rich reads both) and never parses markup."""
    from rich.console import Console

    stream = sys.stderr if err else sys.stdout
    _utf8(stream)
    console = Console(file=stream, markup=False, highlight=False, emoji=False)
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]  # rich would exit 1 itself
    return console


def _utf8(stream: Any) -> None:
    """A table, chart or message in a file or pipe is UTF-8 like every other format, whatever the
    locale (`PYTHONIOENCODING=cp1252`); on a terminal that cannot show a character it is replaced."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding == "utf8" or not hasattr(stream, "reconfigure"):
        return
    if stream.isatty():
        stream.reconfigure(errors="replace")
    else:
        stream.reconfigure(encoding="utf-8", errors="replace")


def _broken_pipe() -> None:
    """The reader left while rich was drawing: the same BrokenPipeError a plain write raises, for the
    CLI to end with 141 as for every format (rich's own handler exits 1, which says "no result")."""
    raise BrokenPipeError


def _styled(text: str, spans: Sequence[tuple[int, int]] = (), style: str = MATCH_STYLE) -> Text:
    """`text`, cleaned (same length, so spans still fit), with each span `[start, end)` in `style`."""
    from rich.text import Text

    out = Text(clean(text))
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def _value_text(field: str, value: Any) -> Text:
    from rich.text import Text

    if field == "change" and isinstance(value, int | float):
        return Text(f"{value:+g}%", style="red" if value < 0 else "green")
    return Text(cell(value))


# -- fitting a table to the terminal -------------------------------------------------------------

WRAPPED = ("subject", "text", "topic", "category", "name", "rank", "figure")  # cells that may wrap
# what a narrow terminal gives up first: the sentence (the subject says what it is), then context
DROP_ORDER = (
    "text",
    "category",
    "topic",
    "report",
    "line",
    "period",
    "qualifier",
    "rank",
    "figure",
    "score",
    "change",
)
MIN_WRAPPED = 12  # a wrapped column keeps six Chinese characters a line, or it is not worth keeping
MIN_TEXT = 30  # a sentence in fewer cells a line is a column of characters: dropped first instead
ROOMY = 24  # ids stay whole while each wrapped column can have this many cells
GAP = 3  # cells between columns (SIMPLE_HEAD: padding and the rule)
# A number with the Chinese characters after it, up to four (a multiplier, a hedge and a unit:
# `1439万人次`, `5.81亿元`, `1万余人次`), a Latin word, or one character: the pieces a line may
# break between. Compiled on first use (re caches it): only tables wrap.
PIECE = r"[+-]?\d[\d,.]*[\u4e00-\u9fff]{0,4}|[A-Za-z][A-Za-z0-9'’.-]*|\s+|."


@cache
def _line_breaking() -> dict[str, str]:
    """The punctuation a line may not start (`no-start`) or end (`no-end`) with: data/linebreak.tsv."""
    path = Path(__file__).parent / "data" / "linebreak.tsv"  # a plain path: see lexicon._text
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def breaks(text: str, width: int, keep: Sequence[tuple[int, int]] = ()) -> list[int]:
    """Where lines of at most `width` cells start (after the first), breaking between words and
    figures, never inside one (`1439万人次`) or inside a `keep` span (a highlighted match), never
    before closing or after opening punctuation.

    >>> t = "上半年，全区接待游客1439万人次，增长65%。"
    >>> [t[a:b] for a, b in zip([0, *breaks(t, 16)], [*breaks(t, 16), len(t)])]
    ['上半年，全区接待', '游客1439万人次，', '增长65%。']
    """
    rules = _line_breaking()
    no_start, no_end = rules["no-start"], rules["no-end"]
    pieces: list[list[int]] = []  # [start, end) of each unbreakable piece
    glue = False  # the last piece ends with opening punctuation: the next one joins it
    for m in re.finditer(PIECE, text):
        piece = m.group()
        inside = any(a < m.start() < b for a, b in keep)
        if pieces and (glue or inside or piece[0] in no_start):
            pieces[-1][1] = m.end()
        else:
            pieces.append([m.start(), m.end()])
        glue = piece[-1] in no_end
    starts: list[int] = []
    used = 0
    for start, end in pieces:
        size = _width(text[start:end])
        if used and used + size > width:
            starts.append(start)
            used = 0
        while size > width:  # a piece longer than a line: split it where it must, by character
            room = width
            while start < end and _width(text[start]) <= room:
                room -= _width(text[start])
                start += 1
            starts.append(start)
            size = _width(text[start:end])
        used += size
    return [s for s in dict.fromkeys(starts) if 0 < s < len(text)]


def _wrap(text: Text, width: int) -> Text:
    """`text` with a newline at each of its breaks, its styles kept, its highlights whole."""
    from rich.text import Text as RichText

    keep = [(span.start, span.end) for span in text.spans]
    starts = breaks(text.plain, width, keep)
    return RichText("\n").join(text.divide(starts)) if starts else text


def short_ids(ids: Sequence[str]) -> list[str]:
    """Each id cut to its shortest ending of whole `-` parts that no other id shown ends with,
    after a `…` (`show` takes it as it is printed).

    >>> short_ids(["taishan-2023h1-061", "taishan-2023h1-059", "other-061"])
    ['…2023h1-061', '…059', 'other-061']
    """
    out = []
    for this in ids:
        parts = this.split("-")
        for n in range(1, len(parts) + 1):
            tail = "-".join(parts[-n:])
            if n == len(parts) or not any(o != this and (o == tail or o.endswith("-" + tail)) for o in ids):
                out.append(this if n == len(parts) else "…" + tail)
                break
    return out


def fit(columns: dict[str, list[str]], width: int) -> dict[str, int]:
    """The columns to draw and their widths in cells, to fit `width`: ids shortened (by the caller,
    beforehand), wrapped columns narrowed, then the least useful columns dropped (DROP_ORDER).
    A header never wraps."""
    natural = {n: max([_width(n), *(_width(c) for c in cells)]) for n, cells in columns.items()}
    kept = list(columns)
    while True:
        fixed = sum(natural[n] for n in kept if n not in WRAPPED) + GAP * (len(kept) - 1)
        wrapped = sorted((n for n in kept if n in WRAPPED), key=lambda n: natural[n])
        floors = {
            n: min(natural[n], max(MIN_TEXT if n == "text" else MIN_WRAPPED, _width(n))) for n in wrapped
        }
        room = width - fixed
        droppable = [n for n in DROP_ORDER if n in kept]
        if room >= sum(floors.values()) or not droppable or len(kept) == 1:
            break
        kept.remove(droppable[0])
    widths = {n: natural[n] for n in kept}
    for i, n in enumerate(wrapped):  # the narrowest first: its natural width or a fair share,
        rest = sum(floors[m] for m in wrapped[i + 1 :])  # leaving the others their floors
        widths[n] = max(floors[n], min(natural[n], room // (len(wrapped) - i), room - rest))
        room -= widths[n]
    return widths


def _cramped(columns: dict[str, list[str]], width: int) -> bool:
    """Would a wrapped column get fewer than ROOMY cells (or the table not fit) with ids whole?"""
    natural = {n: max([_width(n), *(_width(c) for c in cells)]) for n, cells in columns.items()}
    fixed = sum(w for n, w in natural.items() if n not in WRAPPED) + GAP * (len(natural) - 1)
    wrapped = [w for n, w in natural.items() if n in WRAPPED]
    if not wrapped:
        return fixed > width
    return fixed + sum(wrapped) > width and (width - fixed) // len(wrapped) < ROOMY


def table(rows: list[dict[str, Any]], marks: Sequence[Mapping[str, Sequence[tuple[int, int]]]] = ()) -> None:
    """A table fitted to the terminal (see `fit`) whose long cells wrap at word and figure
    boundaries and are never cut; `marks` (one per row: field -> spans) are highlighted."""
    from rich import box
    from rich.table import Table

    if not rows:
        return
    console = _console()
    texts = [
        {
            k: _styled(v, marks[i].get(k, ()) if i < len(marks) else ())
            if isinstance(v, str) and k != "id"
            else _value_text(k, v)
            for k, v in row.items()
        }
        for i, row in enumerate(rows)
    ]
    columns = {name: [t[name].plain for t in texts] for name in rows[0]}
    width = console.width
    if "id" in columns and _cramped(columns, width):
        columns["id"] = short_ids(columns["id"])
        for t, short in zip(texts, columns["id"], strict=True):
            t["id"] = _value_text("id", short)
    widths = fit(columns, width)
    hidden = [n for n in columns if n not in widths]
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name, w in widths.items():
        grid.add_column(name, width=w, no_wrap=True, justify="right" if name in NUMERIC else "left")
    for t in texts:
        grid.add_row(*(_wrap(t[n], widths[n]) if n in WRAPPED else t[n] for n in widths))
    console.print(grid)
    if hidden:
        one = len(hidden) == 1
        sys.stderr.write(
            f"taishan: note: {', '.join(hidden)} {'is' if one else 'are'} not shown in {width} columns "
            f"(a wider terminal shows {'it' if one else 'them'}; so does --format tsv)\n"
        )


def fact(row: dict[str, Any], shown: Sequence[str], mates: list[dict[str, Any]]) -> None:
    """A fact in full: its `shown` fields, its sentence with the figure highlighted, the sentence's other facts."""
    from rich.table import Table
    from rich.text import Text

    console = _console()
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(overflow="fold")
    for name in shown:
        if name != "text":  # the sentence has its own block below
            fields.add_row(name, _value_text(name, row[name]))
    console.print(fields)
    console.print()
    console.print(Text(f"text ({where(row)}, the figure highlighted):", style="bold"))
    sentence = Text(clean(row["text"]))
    figure = row.get("figure")
    if figure:
        # The figure as written may occur more than once: take the first one after the subject.
        at = row["text"].find(row["subject"])
        start = row["text"].find(figure, max(at, 0))
        start = start if start >= 0 else row["text"].find(figure)
        if start >= 0:
            sentence.stylize(FIGURE_STYLE, start, start + len(figure))
    console.print(_wrap(sentence, console.width))
    if mates:
        console.print()
        console.print(Text("other facts of this sentence:", style="bold"))
        table(pick(mates, TABLE_COLUMNS))


def where(row: dict[str, Any]) -> str:
    """Where to look in the original: a PDF's page, a .docx's paragraph, else the text's line.

    >>> where({"line": 7, "page": 2, "source": "pdf", "report": "a"})
    'page 2, line 7 of the text of a (PDF)'
    >>> where({"line": 7, "source": "docx", "report": "a"}), where({"line": 7, "report": "a"})
    ('paragraph 7 of a (.docx)', 'line 7 of a')
    """
    report = cell(row["report"])
    source = row.get("source")
    if source == "pdf":
        page = f"page {row['page']}, " if row.get("page") else ""
        return f"{page}line {row['line']} of the text of {report} (PDF)"
    if source == "docx":
        return f"paragraph {row['line']} of {report} (.docx)"
    if source in ("html", "markdown"):
        return f"line {row['line']} of the text of {report} ({source.upper() if source == 'html' else 'Markdown'})"
    return f"line {row['line']} of {report}"


def categories(cats: list[Category], tree: bool) -> None:
    """Sections with their counts; with `tree`, each section's topics beneath it."""
    from rich.tree import Tree

    if not tree:
        table([{"category": c.name, "count": c.count} for c in cats])
        return
    console = _console()
    for c in cats:
        from rich.text import Text

        node = Tree(Text(f"{clean(c.name)} ({c.count})", style="bold"))
        for topic, n in c.topics.items():
            node.add(Text(f"{clean(topic)} ({n})"))
        console.print(node)


def chart(rows: list[Record]) -> None:
    """Horizontal bars of each fact's change, around a zero axis: growth right (█), decline left (▒).

    Negative bars differ in direction and glyph as well as colour, so NO_COLOR loses nothing.
    """
    from rich.table import Table
    from rich.text import Text

    if not rows:
        return
    console = _console()
    changes = [float(r["change"]) for r in rows]
    numbers = [f"{c:+g}%" for c in changes]
    low, high = min(0.0, *changes), max(0.0, *changes)
    number_width = max(len(n) for n in numbers)
    bar_width = max(10, (console.width - number_width - 4) // 2)
    scale = (bar_width - 1) / (high - low) if high > low else 0.0
    left = round(-low * scale)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(overflow="fold")
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True, width=bar_width)
    for r, c, number in zip(rows, changes, numbers, strict=True):
        n = max(1, round(abs(c) * scale)) if c else 0
        bar = Text(" " * (left - n if c < 0 else left))
        if c < 0:
            bar.append("▒" * n, style="red")
        bar.append("│", style="dim")
        if c > 0:
            bar.append("█" * n, style="green")
        grid.add_row(Text(clean(r["subject"])), Text(number, style="red" if c < 0 else "green"), bar)
    console.print(grid)


@contextmanager
def progress(reports: int, after: int = 0) -> Iterator[Callable[[str, int], None]]:
    """A progress bar on stderr over each of `reports`, then `after` steps more (writing and indexing
    the store), when stderr is a terminal and there are several reports; otherwise a callback that
    does nothing. The callback `step(label, done)` counts `done` steps finished and names what runs now.
    """
    total = reports + after
    if reports < 2 or not sys.stderr.isatty():

        def quiet(label: str, done: int = 1) -> None:
            pass

        yield quiet
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=_console(err=True), transient=True) as bar:
        task = bar.add_task("building", total=total)

        def step(label: str, done: int = 1) -> None:
            bar.update(task, advance=done, description=clean(label))

        yield step


def compare_chart(rows: list[dict[str, Any]]) -> None:
    """`compare --chart`: one bar per report, of its change where every row has one (around zero),
    else of its value with multipliers applied, so that 1.3万亿元 and 5503亿元 compare right."""
    from rich.text import Text

    from taishan.query.filters import amount

    def label(r: dict[str, Any]) -> str:
        return f"{r.get('place') or r['report']} {r.get('period') or ''}".strip()

    if all(r.get("change") is not None for r in rows):
        chart([{"subject": label(r), "change": float(r["change"])} for r in rows])
        return
    bars = [(r, n) for r in rows if (n := amount(r)) is not None]
    console = _console()
    top = max((abs(n) for _, n in bars), default=0.0) or 1.0
    names = [clean(label(r)) for r, _ in bars]
    name_width = max((len(n) * 2 for n in names), default=0)  # CJK: two columns a character
    width = max(10, console.width - name_width - 20)
    for (r, n), name in zip(bars, names, strict=True):
        line = Text(name + " " * max(1, name_width - len(name) * 2 + 1))
        line.append("█" * max(1, round(abs(n) / top * width)), style="green")
        line.append(f" {cell(r.get('value'))}{cell(r.get('unit'))}")
        console.print(line, overflow="fold")


class Indexing:
    """Told how far a rebuild of a store's index has got (bytes of the store done, of all): says so
    on stderr once it has taken more than `MOMENT` seconds, with a running percentage when stderr
    is a terminal, and how long it took. Quick rebuilds (most) stay silent."""

    MOMENT = 1.0

    def __init__(self, store: Path, stream: Any = None, clock: Callable[[], float] | None = None) -> None:
        import time

        self.store = store
        self.stream = stream
        self.clock = clock or time.monotonic
        self.start: float | None = None
        self.said = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.start is None or done == 0:
            self.start = now
        out = self.stream or sys.stderr
        if out is None:
            return
        elapsed = now - self.start
        if not self.said and elapsed >= self.MOMENT and done < total:
            self.said = True
            out.write(
                f"taishan: indexing {clean(str(self.store))} ({total / 1e6:.0f} MB), once after each change\n"
            )
        if self.said and out.isatty() and done < total:
            out.write(f"\rindexing: {100 * done // max(total, 1)}%")
        if self.said and done >= total:
            out.write(f"{chr(13) if out.isatty() else ''}taishan: indexed in {elapsed:.0f} s\n")
        out.flush()
