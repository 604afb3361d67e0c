"""Build into a store folder (store.py): each built report's file written on its own, a removed
report's deleted, the manifest rewritten; of the others nothing is read but the manifest's rows.

A report replaces the folder's report of its id where it stood in the manifest, any other is added
at the end (update.merge), so a folder built one report at a time holds what a build of them all
holds. Each file is written atomically (a temporary file, then a rename), the manifest last: a build
killed half-way leaves every file whole, at worst a report's new file beside its old row.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from taishan import store
from taishan.errors import StoreError
from taishan.ingest import update
from taishan.ingest.pipeline import each_report
from taishan.store import Record

Progress = Callable[[Path], None]


def wanted(target: str | os.PathLike[str]) -> bool:
    """Is `target` a store folder, or to become one? An existing folder, or a path that ends in a
    slash (`--store provinces/`); any other path is one file, as before folders were.

    >>> wanted("facts.json"), wanted("provinces/")
    (False, True)
    """
    text = os.fspath(target)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def _check(target: Path) -> None:
    """StoreError unless `target` is a store folder, an empty folder or nothing yet: a build never
    scatters report files among someone else's."""
    if target.exists() and not target.is_dir():
        raise StoreError(f"cannot make a store folder at {target}: it is a file; pass --store FILE.json")
    if target.is_dir() and not (target / store.MANIFEST).is_file() and any(target.iterdir()):
        raise StoreError(
            f"{target} is a folder of other files, not a fact store (it has no {store.MANIFEST}): "
            "pass a new or empty folder, or --store FILE.json"
        )


def rows_of(target: Path, fresh: bool) -> list[Record]:
    """The folder's rows before the build: none when it is new (or empty) or the build `fresh`."""
    if fresh or not target.exists() or (target.is_dir() and not any(target.iterdir())):
        return []
    try:
        return store.load_reports(target)
    except StoreError as e:
        raise update.unreadable(e) from None


def build(
    target: Path,
    paths: list[Path],
    *,
    progress: Progress | None = None,
    fresh: bool = False,
    remove: Iterable[str] = (),
    overrides: dict[str, Any] | None = None,
    notes: Callable[[str], None] | None = None,
) -> int:
    """Build `paths` into the folder at `target` and `remove` reports by id; the number of facts
    it then holds. NotFoundError for an id it does not hold, before anything is written."""
    _check(target)
    before = rows_of(target, False)
    removed = list(remove)
    rows = [] if fresh else before
    update.merge([], rows, [], removed)  # NotFoundError for an id it lacks, before anything is written
    target.mkdir(parents=True, exist_ok=True)
    for info, facts in each_report(paths, progress, overrides):
        twin = update.same_content(rows, info)
        if twin is not None and notes is not None:
            notes(f"{info.source} has the same content as report {twin}")
        store.save(facts, store.report_file(target, info.id), [info.row(facts)])
        _, rows = update.merge([], rows, [(info, facts)], [])
    _, rows = update.merge([], rows, [], removed)
    store.save([], target / store.MANIFEST, rows)
    kept = {row["id"] for row in rows}
    for row in before:
        if row["id"] not in kept:
            store.report_file(target, row["id"]).unlink(missing_ok=True)
    return sum(int(row.get("facts") or 0) for row in rows)


def is_current(
    target: Path,
    paths: list[Path],
    *,
    progress: Progress | None = None,
    fresh: bool = False,
    remove: Iterable[str] = (),
    overrides: dict[str, Any] | None = None,
) -> tuple[bool, int]:
    """Does the folder hold exactly what `build` with these arguments would write (`build
    --check`)? And how many facts that is. Only the built reports' files and the manifest are read."""
    _check(target)
    before = rows_of(target, False)
    rows = [] if fresh else before
    update.merge([], rows, [], remove)
    same = target.is_dir()
    for info, facts in each_report(paths, progress, overrides):
        same = same and store.is_current(store.report_file(target, info.id), facts, [info.row(facts)])
        _, rows = update.merge([], rows, [(info, facts)], [])
    _, rows = update.merge([], rows, [], remove)
    same = same and store.is_current(target / store.MANIFEST, [], rows)
    kept = {row["id"] for row in rows}
    same = same and not any(
        store.report_file(target, r["id"]).exists() for r in before if r["id"] not in kept
    )
    return same, sum(int(row.get("facts") or 0) for row in rows)
