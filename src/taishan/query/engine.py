"""A store on disk -> its facts, searched or filtered: the one place that decides how it is read.

A store under `store.INDEX_MIN_BYTES` is parsed whole and scanned (search.scan); a larger one is read
through its derived index (index.py, imported only then: a plain query over the bundled store never
loads sqlite3). `query`, `list`, `chart` and `categories` all come here, so they read a store alike.

>>> hits = search(store.bundled_store(), ["游客"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from taishan import store
from taishan.query.filters import Filters, category_keys, select
from taishan.store import Record

if TYPE_CHECKING:
    from taishan.query.index import Index
    from taishan.query.search import Hit

# search.py (the matcher: parse, match, lexicon) is imported where a command searches, not at the
# top: `list`, `show` and `categories` without --category never match a word (~3 ms)

Progress = Callable[[int, int], None]  # an index being rebuilt: bytes of the store done, of all


def open_index(path: Path, progress: Progress | None = None) -> Index | None:
    """The store's index when it is large enough to earn one, else None (then parse it whole)."""
    if path.is_dir():  # a store folder: its own index, kept file by file
        from taishan.query import folder

        return folder.open_index(path, progress)
    try:
        large = path.stat().st_size >= store.INDEX_MIN_BYTES
    except OSError:
        return None  # store.load names the problem
    if not large:
        return None
    from taishan.query import index

    return index.open_index(path, progress)


def search(
    path: Path,
    terms: list[str],
    filters: Filters | None = None,
    trace: list[str] | None = None,
    progress: Progress | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """The facts of the store at `path` answering the words, best first (ties: report order);
    `trace`, when given, collects lines saying how the words were read (`--explain`); `progress`
    hears of a rebuild of its index. With `limit`, only the first `limit` are sure to be there:
    an indexed store then reads the candidates best bound first and stops when they are found."""
    from taishan.query.search import answer, categories_matching, scan

    index = open_index(path, progress)
    if index is None:
        records = store.load(path)
        pool = scan(records, filters)
        return answer(terms, pool, len(records), lambda: [r for r, _ in pool([], 1)], trace)
    wanted = None
    if filters is not None and filters.category is not None:
        wanted = categories_matching(index.category_keys(), filters.category)

    def every() -> list[Record]:  # a question with only an intent (降幅最大的指标) ranks them all
        records = index.all_records()
        return records if filters is None else select(records, filters, wanted)

    return answer(terms, index.pool(filters, wanted), index.count, every, trace, limit)


def facts(path: Path, filters: Filters | None = None, progress: Progress | None = None) -> list[Record]:
    """The facts of the store at `path` that pass `filters`, in report order."""
    index = open_index(path, progress)
    records = store.load(path) if index is None else index.all_records()
    if filters is None:
        return records
    if filters.category is None:
        return select(records, filters)
    from taishan.query.search import categories_matching

    names = category_keys(records) if index is None else index.category_keys()
    return select(records, filters, categories_matching(names, filters.category))


def each_stored(path: Path, progress: Progress | None = None) -> Iterator[Record]:
    """Every fact of the store, in report order, for an incremental build to write again: through
    the index, each as its report and bytes (`store.Stored`, copied as they are); a small store's
    parsed."""
    index = open_index(path, progress)
    if index is None:
        yield from store.load(path)
        return
    for chunk in index.each_stored():
        yield from chunk


def each_fact(
    path: Path, filters: Filters | None = None, progress: Progress | None = None
) -> Iterator[Record]:
    """`facts`, one at a time: read through the index a chunk at a time, so a store of any size
    streams out (`export`) in bounded memory. A small store is parsed whole, as `facts` does."""
    index = open_index(path, progress)
    if index is None:
        yield from facts(path, filters)
        return
    wanted = None
    if filters is not None and filters.category is not None:
        from taishan.query.search import categories_matching

        wanted = categories_matching(index.category_keys(), filters.category)
    for records in index.each_record():
        yield from records if filters is None else select(records, filters, wanted)
