"""Incremental builds: reports added to, replaced in or removed from a store, the others untouched.

A built report replaces the store's report of the same id (its file name), where it stood; any
other is added at the end. So a store built one report at a time holds what a build of them all at
once holds, in the same order. Each report's content hash is kept: `same_content` names a report
that is already in the store under another name (the CLI warns; it is added all the same, so that
the order of adding never changes the result).

>>> merge([], [], [], remove=[])
([], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from taishan import store
from taishan.errors import NotFoundError, StoreError
from taishan.ingest.meta import ReportMeta
from taishan.store import Record


def empty(path: Path) -> bool:
    """No store at `path` yet: no file, or an empty one (as a temporary file is)."""
    return not path.exists() or (path.is_file() and path.stat().st_size == 0)


def existing(path: Path) -> tuple[list[Record], list[Record]]:
    """The facts and report rows of the store at `path`; none when there is no store yet (or an
    empty file, as a temporary file is). A store of an older version without a `reports` table gets
    a row per report its facts name."""
    if empty(path):
        return [], []
    try:
        records = store.load(path)
        reports = store.load_reports(path)
    except StoreError as e:
        raise unreadable(e) from None
    return records, reports or legacy_rows(records)


def unreadable(e: StoreError) -> StoreError:
    """A store that cannot be added to: its own hint (`taishan build`) would fail the same way."""
    reason = str(e).split(" (")[0].split("; ")[0]
    return StoreError(f"cannot add reports to it: {reason}; to replace it, add --fresh")


def legacy_rows(records: list[Record]) -> list[Record]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r["report"]] = counts.get(r["report"], 0) + 1
    return [{"id": name, "facts": n} for name, n in counts.items()]


def merge(
    records: list[Record],
    reports: list[Record],
    built: Iterable[tuple[ReportMeta, list[Record]]],
    remove: Iterable[str],
) -> tuple[list[Record], list[Record]]:
    """The store's facts and report rows after removing the reports `remove` names and adding or
    replacing the `built` ones. NotFoundError when `remove` names no report of the store."""
    by_report: dict[str, list[Record]] = {row["id"]: [] for row in reports}
    for r in records:
        by_report.setdefault(r["report"], []).append(r)
    rows = {row["id"]: row for row in reports}
    for report_id in remove:
        if report_id not in rows:
            known = ", ".join(rows) or "none"
            raise NotFoundError(f"no report has id {report_id!r} (the store's reports: {known})")
        del rows[report_id]
    order = list(rows)
    for info, facts in built:
        if info.id not in rows:
            order.append(info.id)
        rows[info.id] = info.row(facts)
        by_report[info.id] = facts
    new_records = [r for rid in order for r in by_report.get(rid, [])]
    return new_records, [rows[rid] for rid in order]


def same_content(reports: list[Record], info: ReportMeta) -> str | None:
    """The id of a report of the store with `info`'s content under another id, if any."""
    return next((r["id"] for r in reports if r.get("sha256") == info.sha256 and r["id"] != info.id), None)


class Unordered(StoreError):
    """The store's facts do not stand in its reports' order, each report's together."""


def merge_stream(
    records: Iterable[Record],
    reports: list[Record],
    built: list[tuple[ReportMeta, list[Record]]],
    remove: Iterable[str],
) -> tuple[Iterator[Record], list[Record]]:
    """`merge`, with the store's facts read as a stream and given out as one: memory holds the
    built reports' facts, not the store's. The report rows are known at once (the writer puts them
    first). The stream raises Unordered where the facts are not in the rows' order, each report's
    together (as `merge` writes them): the caller then merges in memory."""
    removed = set(remove)
    _, rows = merge([], reports, built, removed)
    fresh = {info.id: facts for info, facts in built}
    old = [row["id"] for row in reports]

    def stream() -> Iterator[Record]:
        it = iter(records)
        ahead = next(it, None)
        for rid in old:
            if rid in fresh:
                yield from fresh[rid]
            while ahead is not None and ahead["report"] == rid:
                if rid not in fresh and rid not in removed:
                    yield ahead
                ahead = next(it, None)
        if ahead is not None:
            raise Unordered(f"the store's facts of {ahead['report']!r} stand out of its reports' order")
        known = set(old)
        for row in rows:
            if row["id"] not in known:
                yield from fresh[row["id"]]

    return stream(), rows
