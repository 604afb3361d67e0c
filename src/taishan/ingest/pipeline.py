"""Report files -> fact records for the store: read, normalize, extract, add search keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from taishan.errors import ReportError
from taishan.ingest.extract import Fact, extract
from taishan.ingest.normalize import normalize
from taishan.keys import search_keys
from taishan.store import Record, read_bytes

BUNDLED_REPORT = "taishan-2023h1.txt"
MAX_REPORT_BYTES = 50 * 1024 * 1024


def bundled_report() -> Path:
    return Path(str(resources.files("taishan") / "data" / BUNDLED_REPORT))


def read_report(path: Path) -> str:
    """A report's text; ReportError (one line) when it is missing, empty, binary or not UTF-8."""
    raw = read_bytes(path, "report", ReportError)
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(
            f"report too large ({len(raw):,} bytes, over the limit of {MAX_REPORT_BYTES // 2**20} MB): {path}"
        )
    if b"\x00" in raw:
        raise ReportError(f"report is a binary file, not text: {path}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReportError(f"report is not UTF-8 text (bad byte at offset {e.start}): {path}") from None
    if not text.strip():
        raise ReportError(f"report is empty: {path}")
    return text


def report_name(path: Path) -> str:
    """The report's slug, from its file name: `.txt` dropped, each run of spaces one `-`, so that
    an id (`泰山区-2023-上半年-001`) is one word in a shell and a table.

    >>> report_name(Path("泰山区 2023  上半年.txt")), report_name(Path("a.md"))
    ('泰山区-2023-上半年', 'a.md')
    """
    name = path.name.removesuffix(".txt") if path.suffix == ".txt" else path.name
    return "-".join(name.split()) or name


def distinct(reports: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The reports, each file once (first place kept), and the repeats left out, for a note.

    >>> distinct([Path("a.txt"), Path("./a.txt"), Path("b.txt")])
    ([PosixPath('a.txt'), PosixPath('b.txt')], [PosixPath('a.txt')])
    """
    kept: list[Path] = []
    repeats: list[Path] = []
    seen: set[Path] = set()
    for path in reports:
        key = path.resolve()
        if key in seen:
            repeats.append(path)
        else:
            seen.add(key)
            kept.append(path)
    return kept, repeats


def _number(x: float | None) -> float | int | None:
    return int(x) if x is not None and float(x).is_integer() else x


def to_record(fact: Fact, report: str, number: int) -> Record:
    rank = None
    if fact.rank is not None:
        rank = {"scope": fact.rank.scope, "position": fact.rank.position, "text": fact.rank.text}
    return {
        "id": f"{report}-{number:03d}",
        "report": report,
        "category": fact.category,
        "topic": fact.topic,
        "subject": fact.subject,
        "value": _number(fact.value),
        "unit": fact.unit,
        "qualifier": fact.qualifier,
        "change": _number(fact.change),
        "rank": rank,
        "period": fact.period,
        "text": fact.text,
        "line": fact.line,
        "figure": fact.figure,
        "keys": search_keys(
            {"subject": fact.subject, "text": fact.text, "topic": fact.topic, "category": fact.category}
        ),
    }


def build_records(reports: Iterable[Path], progress: Callable[[Path], None] | None = None) -> list[Record]:
    """Every fact of the given reports, in order; each report's ids count from 001."""
    return list(iter_records(reports, progress))


def iter_records(reports: Iterable[Path], progress: Callable[[Path], None] | None = None) -> Iterator[Record]:
    """`build_records`, one report at a time: a build streams them to the store writer, so its
    memory holds one report's facts, however many reports there are."""
    seen: set[str] = set()
    for path in reports:
        name = report_name(path)
        if name in seen:
            raise ReportError(f"two reports are named {name!r}: give each report a distinct file name")
        seen.add(name)
        facts = extract(normalize(read_report(path)))
        yield from (to_record(f, name, n) for n, f in enumerate(facts, start=1))
        if progress is not None:
            progress(path)
