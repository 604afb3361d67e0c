"""The index of a store folder (store.py): one SQLite index over its report files, kept file by file.

It has index.py's tables, and one more, `files`: each report file in store order, with its stat
(size, mtime, ctime, inode), a hash of its bytes, its facts' rowids, its categories, and `base`,
where its bytes begin in the index's offsets: a fact's span is its place in its file plus the
file's base, and `Joined` serves `data[a:b]` from the right file, so the index's query path reads
a folder as it reads one file. A file indexed again gets a new base past every other, so a kept
file's spans never move.

Each query stats the manifest's files (`sync`): a file whose stat changed but whose bytes did not (a
`touch`) is re-stamped, the files that changed, came or went are indexed again, alone, the others'
groups kept (index.regroup, as an incremental build of one file keeps them); only when too many
groups are dead (index.DEAD_MAX) is the whole folder indexed again. A folder under
`store.INDEX_MIN_BYTES` is parsed instead, and its index removed. The index lives in the folder as
`.index.sqlite`, or in the user's cache when the folder is read-only; the temporary files of killed
builds and indexings are removed as it is checked.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
from bisect import bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from taishan import store
from taishan.errors import StoreError
from taishan.query import index

if TYPE_CHECKING:
    import sqlite3

Progress = Callable[[int, int], None]  # bytes indexed so far, of all to index
INDEX = ".index.sqlite"
MAX_MAPPED = 256  # files a query keeps mapped at once
LAYOUT = "folder"


class Part(NamedTuple):
    """A report file as the index holds it (a row of `files`)."""

    name: str
    base: int
    size: int
    stat: str
    content: str
    first: int  # its facts' rowids: first, past the last
    stop: int
    categories: str  # JSON: its facts' categories in order, each once


def stamp(st: os.stat_result) -> str:
    """What changes when a file is rewritten or touched, as index.stat_of says it."""
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"


def locations(folder: Path) -> list[Path]:
    """In the folder first, then the user's cache folder."""
    return [folder / INDEX, index.locations(folder)[1]]


class Joined:
    """The folder's files as the one sequence of bytes the index's spans point into: `data[a:b]`
    is a slice of the file whose offsets hold a..b, mapped when first read. StoreError when a file
    changed since it was indexed (another build ran meanwhile)."""

    def __init__(self, folder: Path, parts: list[Part]) -> None:
        self.folder = folder
        self.parts = sorted(parts, key=lambda p: p.base)
        self.bases = [p.base for p in self.parts]
        self.maps: dict[int, Any] = {}

    def add(self, part: Part, data: Any = None) -> None:
        """A file being indexed (its base past every other's), its bytes mapped already, or not yet."""
        self.parts.append(part)
        self.bases.append(part.base)
        if data is not None:
            self.maps[len(self.parts) - 1] = data

    def __len__(self) -> int:
        return self.parts[-1].base + self.parts[-1].size if self.parts else 0

    def __getitem__(self, where: slice) -> bytes:
        i = bisect_right(self.bases, where.start) - 1
        data = self.maps.get(i)
        if data is None:
            if len(self.maps) >= MAX_MAPPED:  # each map holds a descriptor: a laptop allows ~1,000
                self.close(next(iter(self.maps)))
            data = self.maps[i] = self._map(self.parts[i])
        base = self.bases[i]
        return data[where.start - base : where.stop - base]  # type: ignore[no-any-return]

    def close(self, i: int) -> None:
        """Unmap a file (it is mapped again if read again)."""
        data = self.maps.pop(i)
        if isinstance(data, mmap.mmap):
            data.close()

    def release(self, start: int, stop: int) -> None:
        """index.release over the files mapped so far: a pass over the folder holds a window of it."""
        for i, data in self.maps.items():
            base = self.bases[i]
            a, b = max(start, base), min(stop, base + self.parts[i].size)
            if a < b:
                index.release(data, a - base, b - base)

    def _map(self, part: Part) -> Any:
        path = self.folder / part.name
        try:
            with open(path, "rb") as f:
                if stamp(os.fstat(f.fileno())) != part.stat:
                    raise StoreError(f"{path} changed while it was read: run the command again")
                return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if part.size else b""
        except OSError as e:
            raise StoreError(f"cannot read {path}: {e.strerror}") from None


def open_index(folder: Path, progress: Progress | None = None) -> index.Index | None:
    """The folder's current index (brought up to date first: `sync`); None for a small folder, one
    whose files are not in the indexed layout, or where no index can be written."""
    import sqlite3

    place = sync(folder, progress)
    if place is None:
        return None
    db = index._connect_ro(sqlite3, place)
    parts = [Part(*row) for row in db.execute("SELECT * FROM files ORDER BY rowid")]
    return index.Index(db, Joined(folder, parts))


def sync(folder: Path, progress: Progress | None = None) -> Path | None:
    """Bring the folder's index up to date with its files; where it is, or None (see open_index)."""
    import sqlite3

    files: list[tuple[str, os.stat_result]] = []
    for path in store.report_files(folder):
        try:
            files.append((path.name, path.stat()))
        except OSError:
            return None  # store.load names the problem
    remove_orphans(folder)
    places = locations(folder)
    if sum(st.st_size for _, st in files) < store.INDEX_MIN_BYTES:
        for place in places:  # too small to need one: a stale one may be gigabytes
            with contextlib.suppress(OSError):
                place.unlink(missing_ok=True)
        return None
    for place in places:
        if place.is_file():
            try:
                with contextlib.closing(sqlite3.connect(place)) as db:
                    if _update(db, folder, files, progress):
                        return _settled(place, places)
            except (index._Rebuild, StoreError, OSError, sqlite3.Error, ValueError):
                pass
            with contextlib.suppress(OSError):
                place.unlink()  # stale or damaged: never trusted
        try:
            build(folder, files, place, progress)
            return _settled(place, places)
        except index._Layout:
            return None
        except (OSError, sqlite3.Error):
            continue
    return None


def _settled(place: Path, places: list[Path]) -> Path:
    """`place` is the index: one in a later place (the cache's, from when the folder was read-only)
    is stale, and may be large."""
    for other in places[places.index(place) + 1 :]:
        with contextlib.suppress(OSError):
            other.unlink(missing_ok=True)
    return place


def remove_orphans(folder: Path) -> int:
    """Remove the temporary files in the folder that no live process holds (`store.atomic_path`'s,
    left by a killed build or indexing)."""
    removed = 0
    for tmp in folder.glob(".*.tmp"):
        name = tmp.name[1:].rsplit(".", 2)[0]  # .NAME.RANDOM.tmp -> NAME
        removed += store.remove_orphans(folder / name)
    return removed


def build(
    folder: Path, files: list[tuple[str, os.stat_result]], target: Path, progress: Progress | None
) -> int:
    """Index every file of the folder into `target` (atomically); the number of facts."""
    import sqlite3

    total = sum(st.st_size for _, st in files)
    joined = Joined(folder, [])
    breaks: set[int] = set()  # each file's first rowid: no group spans two files
    store.remove_orphans(target)
    with store.atomic_path(target) as tmp:
        if progress is not None:
            progress(0, total)

        def numbered() -> Iterator[tuple[int, int, int]]:
            rowid = base = 0
            for name, _ in files:
                with open(folder / name, "rb") as f, index._mapped(f) as data:
                    part = _part(name, f, data, base, rowid + 1)
                    breaks.add(rowid + 1)  # before its first fact is handed on
                    joined.add(part, data)
                    for start, stop in index.spans(data):
                        rowid += 1
                        yield rowid, base + start, base + stop
                    # its records are read (the consumer asks for the next only then): one file
                    # open at a time, whatever their number
                    joined.maps.pop(len(joined.parts) - 1)
                parts.append(part._replace(stop=rowid + 1))
                base += part.size + 1

        def jobs() -> Iterator[tuple[Any, tuple[Any, ...]]]:
            """`numbered`'s records a run of files at a time (about index.PART facts), for workers."""
            files_of: list[Part] = []
            spans: list[tuple[int, int, int]] = []
            for span in numbered():
                if span[0] in breaks and len(spans) >= index.PART:  # a file's first fact
                    yield _indexed, (folder, files_of, spans)
                    files_of, spans = [], []
                if not spans or span[0] in breaks:
                    files_of.append(joined.parts[-1])
                spans.append(span)
            if spans:
                yield _indexed, (folder, files_of, spans)

        parts: list[Part] = []
        db = sqlite3.connect(tmp)
        try:
            index.create(db)
            _files_table(db)
            told = None if progress is None else _told(progress, 0, total)
            workers = index.pool_workers(total)
            if workers:  # the grams worked out by worker processes, a run of files each
                count, firsts, categories, tokens = index.pooled(jobs(), db, workers, told, total)
            else:
                count, firsts, categories, tokens = index._grams(
                    folder, joined, numbered(), db, 0, breaks, told
                )
            db.execute("INSERT INTO groups VALUES (?, NULL)", (firsts.tobytes(),))
            db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", parts)
            if progress is not None:
                progress(total, total)
            index.finish(db, categories, tokens, {"layout": LAYOUT, "count": str(count)})
        finally:
            db.close()
    return count


def _indexed(folder: Path, parts: list[Part], numbered: list[tuple[int, int, int]]) -> index.Documents:
    """In a worker: the documents of a run of the folder's files (`parts`), each file's first fact
    opening a group as `build` opens one there."""
    joined = Joined(folder, parts)
    try:
        return index.documents(folder, joined, numbered, {p.first for p in parts})
    finally:
        for i in list(joined.maps):
            joined.close(i)


def _files_table(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE files (name TEXT, base INTEGER, size INTEGER, stat TEXT, content TEXT, "
        "first INTEGER, stop INTEGER, categories TEXT)"
    )


def _part(name: str, f: Any, data: Any, base: int, first: int) -> Part:
    """A file about to be indexed, its facts' rowids from `first` (`stop` is set once they are read)."""
    found = dict.fromkeys(json.loads(c) for c in dict.fromkeys(index._CATEGORY.findall(data)))  # each once
    return Part(
        name,
        base,
        len(data),
        stamp(os.fstat(f.fileno())),
        index.content_hash(f),
        first,
        first,
        json.dumps(list(found), ensure_ascii=False),
    )


def _update(
    db: sqlite3.Connection, folder: Path, files: list[tuple[str, os.stat_result]], progress: Progress | None
) -> bool:
    """Bring the index up to date in one transaction; False when it is not a folder's index of this
    schema. index._Rebuild when too much changed (or it cannot be done safely)."""
    meta = dict(db.execute("SELECT key, value FROM meta"))
    if meta.get("schema") != index.SCHEMA or meta.get("layout") != LAYOUT:
        return False
    old = {p.name: p for p in (Part(*row) for row in db.execute("SELECT * FROM files ORDER BY rowid"))}
    kept: dict[str, Part] = {}
    for name, st in files:
        part = old.get(name)
        if part is None or part.size != st.st_size:
            continue
        if part.stat == stamp(st):
            kept[name] = part
            continue
        with open(folder / name, "rb") as f:  # touched, or rewritten alike: re-stamped, not re-indexed
            if index.content_hash(f) == part.content:
                kept[name] = part._replace(stat=stamp(os.fstat(f.fileno())))
    restamped = [(p.stat, p.name) for name, p in kept.items() if p.stat != old[name].stat]
    db.execute("PRAGMA synchronous=OFF")  # derived: a build writes it with no sync at all
    with db:  # one transaction: committed whole or rolled back
        if list(old) == list(kept) == [name for name, _ in files]:
            if restamped:
                db.executemany("UPDATE files SET stat = ? WHERE name = ?", restamped)
            return True
        count = _reindex(db, folder, files, old, kept, progress)
        db.execute("UPDATE meta SET value = ? WHERE key = 'count'", (str(count),))
    return True


def _reindex(
    db: sqlite3.Connection,
    folder: Path,
    files: list[tuple[str, os.stat_result]],
    old: dict[str, Part],
    kept: dict[str, Part],
    progress: Progress | None,
) -> int:
    """Index the files not `kept` again, the kept ones' facts moved to their new rowids; the count."""
    found = index.Index(db, b"")
    old_spans = [(0, 0), *db.execute("SELECT start, stop FROM facts ORDER BY rowid")]
    if len(old_spans) - 1 != found.count:
        raise index._Rebuild
    base = max((p.base + p.size + 1 for p in old.values()), default=0)
    changed = sum(st.st_size for name, st in files if name not in kept)
    joined = Joined(folder, list(kept.values()))
    new_spans: list[tuple[int, int]] = [(0, 0)]
    parts: list[Part] = []
    for name, _ in files:
        first = len(new_spans)
        part = kept.get(name)
        if part is not None:
            new_spans.extend(old_spans[part.first : part.stop])
            parts.append(part._replace(first=first, stop=len(new_spans)))
            continue
        with open(folder / name, "rb") as f, index._mapped(f) as data:
            part = _part(name, f, data, base, first)
            new_spans.extend((base + a, base + b) for a, b in index.spans(data))
        joined.add(part)  # mapped again as its records are read (its stat checked then)
        parts.append(part._replace(stop=len(new_spans)))
        base += part.size + 1
    was = {p.name: (p.first, p.stop) for p in old.values()}
    now = {p.name: (p.first, p.stop) for p in parts}
    shift = {name: now[name][0] - p.first for name, p in kept.items()}
    start = min((p.base for p in parts if p.name not in kept), default=0)
    told = None
    if progress is not None and changed:
        progress(0, changed)
        told = _told(progress, start, changed)
    categories, tokens = index.regroup(db, folder, joined, found, was, now, old_spans, new_spans, shift, told)
    if progress is not None and changed:
        progress(changed, changed)
    order = [c for p in parts for c in json.loads(p.categories)]
    index._update_tables(db, order, categories, tokens)
    db.execute("DELETE FROM files")
    db.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", parts)
    return len(new_spans) - 1


def _told(progress: Progress, start: int, changed: int) -> Progress:
    """index._grams' progress (an offset of the joined bytes) as bytes of the changed files done."""
    return lambda done, _: progress(min(max(done - start, 0), changed), changed)
