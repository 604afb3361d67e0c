"""Report files -> fact records for the store: read, normalize, extract, add search keys."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from taishan.cores import usable as _cores
from taishan.errors import ReportError
from taishan.ingest import meta
from taishan.ingest.extract import Fact, extract
from taishan.ingest.ids import fact_ids
from taishan.ingest.normalize import normalize
from taishan.ingest.read import Source, expand, read
from taishan.ingest.spans import with_spans
from taishan.keys import search_keys
from taishan.store import Record

BUNDLED_REPORT = "taishan-2023h1.txt"
IN_FLIGHT = 2  # reports submitted per worker ahead of the one the writer waits for
MAX_WORKERS = 8  # by default: a worker holds ~110 MB (pypinyin's tables, the caches); 8 stay under 1 GB


def bundled_report() -> Path:
    return Path(str(resources.files("taishan") / "data" / BUNDLED_REPORT))


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


def page_of(line: int, page_starts: list[int]) -> int | None:
    """The page a line stands on, for a text with pages ("\f"); None without pages.

    >>> page_of(3, []), page_of(3, [4, 9]), page_of(4, [4, 9]), page_of(12, [4, 9])
    (None, 1, 2, 3)
    """
    if not page_starts:
        return None
    return 1 + bisect_right(page_starts, line)  # the starts are in order


def to_record(
    fact: Fact,
    report: str,
    fact_id: str,
    place: str | None = None,
    source: Source | None = None,
    page: int | None = None,
) -> Record:
    """The store's record of a fact. `source` (the container) and `page` are written only where they
    tell something: a report read as plain text without pages keeps the store's older, smaller form."""
    rank = None
    if fact.rank is not None:
        rank = {"scope": fact.rank.scope, "position": fact.rank.position, "text": fact.rank.text}
    record: Record = {
        "id": fact_id,
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
        "status": fact.status,
        "place": place,
        "keys": search_keys(
            {"subject": fact.subject, "text": fact.text, "topic": fact.topic, "category": fact.category}
        ),
    }
    if source is not None and source.format != "text":
        record["source"] = source.format
    if page is not None:
        record["page"] = page
    return record


def build_report(path: Path, overrides: dict[str, Any] | None = None) -> tuple[meta.ReportMeta, list[Record]]:
    """One report's metadata (found, then its sidecar's and `overrides`) and its facts, in order."""
    source = read(path)
    found = meta.detect(source.text, path.name, source.text.encode("utf-8"), source.name)
    found = replace(found, format=source.format)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    info = meta.override(found, {**meta.read_sidecar(path), **given})
    facts = with_spans(extract(normalize(source.text)))
    ids = fact_ids(info.id, [(f.text, f.figure, f.subject) for f in facts])
    where = meta.PlaceReader(info)
    starts = source.page_starts()
    return info, [
        to_record(
            f, info.id, i, where.place(f.text, f.figure, f.subject, f.line), source, page_of(f.line, starts)
        )
        for f, i in zip(facts, ids, strict=True)
    ]


def each_report(
    reports: Iterable[Path],
    progress: Callable[[Path], None] | None = None,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
) -> Iterator[tuple[meta.ReportMeta, list[Record]]]:
    """Each report's metadata and facts, one report at a time, in the order given (a folder: every
    report in it); two reports may not share an id. `progress` hears of each report once it is out.
    Several reports are built by `workers` processes (default: one a core, at most 8), in order all the same."""
    seen: set[str] = set()
    paths = expand(list(reports))
    for path, (info, records) in zip(paths, _built(paths, overrides, workers), strict=True):
        if info.id in seen:
            raise ReportError(f"two reports are named {info.id!r}: give each report a distinct file name")
        seen.add(info.id)
        yield info, records
        if progress is not None:
            progress(path)


def _built(
    paths: list[Path], overrides: dict[str, Any] | None, workers: int | None
) -> Iterator[tuple[meta.ReportMeta, list[Record]]]:
    """`build_report` of each path, in order: in this process for one report (no pool to start),
    else in a pool of processes with a few reports in flight, so memory holds a few reports'
    facts, however many there are. A report's error is raised when its turn comes, as in order."""
    workers = min(len(paths), workers or min(_cores(), MAX_WORKERS))
    if workers < 2 or any(str(p) == "-" for p in paths):  # standard input is this process's to read
        for path in paths:
            yield build_report(path, overrides)
        return
    pending: deque[Future[tuple[meta.ReportMeta, list[Record]]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_leave_interrupts) as pool:
        try:
            for path in paths:
                pending.append(pool.submit(build_report, path, overrides))
                if len(pending) > IN_FLIGHT * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:  # an error, or a consumer that stopped early: drop the reports not yet started
            pool.shutdown(cancel_futures=True)


def _leave_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool), not a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked (at once, sharing what is loaded) while this process runs one
    thread; with a thread running (the progress bar), a fork could copy a lock it holds, so they
    fork from a clean server instead, which loads pypinyin once for them all."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["taishan.ingest.pipeline", "pypinyin.core"])
    return context


def build_reports(
    reports: Iterable[Path],
    progress: Callable[[Path], None] | None = None,
    overrides: dict[str, Any] | None = None,
) -> list[tuple[meta.ReportMeta, list[Record]]]:
    """Every report's metadata and facts (`each_report`, held together)."""
    return list(each_report(reports, progress, overrides))


def build_records(reports: Iterable[Path], progress: Callable[[Path], None] | None = None) -> list[Record]:
    """Every fact of the given reports, in order."""
    return list(iter_records(reports, progress))


def iter_records(
    reports: Iterable[Path],
    progress: Callable[[Path], None] | None = None,
    overrides: dict[str, Any] | None = None,
    rows: list[Record] | None = None,
) -> Iterator[Record]:
    """`build_records`, one report at a time: a build streams them to the store writer, so its
    memory holds one report's facts, however many there are. Each report's row of the `reports`
    table is appended to `rows` once its facts are out."""
    for info, records in each_report(reports, progress, overrides):
        yield from records
        if rows is not None:
            rows.append(info.row(records))
