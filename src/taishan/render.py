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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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


def public(record: Record, score: float | None = None) -> dict[str, Any]:
    """A record as the outside world sees it: the contract's fields (no search keys), and `score`."""
    out = {k: record.get(k) for k in FIELDS}
    if score is not None:
        out["score"] = round(score, 1)
    return out


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

    return Console(file=sys.stderr if err else sys.stdout, markup=False, highlight=False, emoji=False)


def _styled(text: str, terms: Sequence[str], style: str = MATCH_STYLE) -> Text:
    """`text`, cleaned, with every case-insensitive occurrence of a term in `style`."""
    from rich.text import Text

    out = Text(clean(text))
    lower = out.plain.lower()
    for term in terms:
        needle = term.lower().strip()
        start = lower.find(needle) if needle else -1
        while start >= 0:
            out.stylize(style, start, start + len(needle))
            start = lower.find(needle, start + len(needle))
    return out


def _value_text(field: str, value: Any) -> Text:
    from rich.text import Text

    if field == "change" and isinstance(value, int | float):
        return Text(f"{value:+g}%", style="red" if value < 0 else "green")
    return Text(cell(value))


def table(rows: list[dict[str, Any]], terms: Sequence[str] = ()) -> None:
    """A table that wraps long cells and never cuts them; `terms` are highlighted where they stand."""
    from rich import box
    from rich.table import Table

    if not rows:
        return
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name in rows[0]:
        grid.add_column(
            name, overflow="fold", no_wrap=name == "id", justify="right" if name in NUMERIC else "left"
        )
    for row in rows:
        grid.add_row(
            *(
                _styled(v, terms) if isinstance(v, str) and k != "id" else _value_text(k, v)
                for k, v in row.items()
            )
        )
    _console().print(grid)


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
    console.print(
        Text(f"text (line {row['line']} of {cell(row['report'])}, the figure highlighted):", style="bold")
    )
    sentence = Text(clean(row["text"]))
    figure = row.get("figure")
    if figure:
        # The figure as written may occur more than once: take the first one after the subject.
        at = row["text"].find(row["subject"])
        start = row["text"].find(figure, max(at, 0))
        start = start if start >= 0 else row["text"].find(figure)
        if start >= 0:
            sentence.stylize(FIGURE_STYLE, start, start + len(figure))
    console.print(sentence)
    if mates:
        console.print()
        console.print(Text("other facts of this sentence:", style="bold"))
        table(pick(mates, TABLE_COLUMNS))


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
def progress(total: int) -> Iterator[Callable[[Path], None]]:
    """A progress bar on stderr while `total` reports are built, when stderr is a terminal and
    there are several; otherwise a callback that does nothing."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda path: None
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
        yield lambda path: bar.update(task, advance=1, description=clean(path.name))


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
