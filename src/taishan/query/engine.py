"""A store on disk -> its facts, searched or filtered: the one place that decides how it is read.

A store under `store.INDEX_MIN_BYTES` is parsed whole and scanned (search.scan); a larger one is read
through its derived index (index.py, imported only then: a plain query over the bundled store never
loads sqlite3). `query`, `list`, `chart` and `categories` all come here, so they read a store alike.

>>> hits = search(store.bundled_store(), ["游客"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from taishan import store
from taishan.query.filters import Filters, category_keys, select
from taishan.query.search import Hit, categories_matching, run, scan
from taishan.store import Record

if TYPE_CHECKING:
    from taishan.query.index import Index

Progress = Callable[[int, int], None]  # an index being rebuilt: bytes of the store done, of all


def open_index(path: Path, progress: Progress | None = None) -> Index | None:
    """The store's index when it is large enough to earn one, else None (then parse it whole)."""
    try:
        large = path.stat().st_size >= store.INDEX_MIN_BYTES
    except OSError:
        return None  # store.load names the problem
    if not large:
        return None
    from taishan.query import index

    return index.open_index(path, progress)


def search(
    path: Path, terms: list[str], filters: Filters | None = None, progress: Progress | None = None
) -> list[Hit]:
    """The facts of the store at `path` matching every term, best first (ties: report order);
    `progress` hears of a rebuild of its index."""
    index = open_index(path, progress)
    if index is None:
        return [Hit(s, r) for s, r in run(terms, scan(store.load(path), filters))]
    wanted = categories_matching(index.category_keys(), filters.category) if filters else None
    return [Hit(s, r) for s, r in run(terms, index.pool(filters, wanted))]


def facts(path: Path, filters: Filters | None = None, progress: Progress | None = None) -> list[Record]:
    """The facts of the store at `path` that pass `filters`, in report order."""
    index = open_index(path, progress)
    records = store.load(path) if index is None else index.all_records()
    if filters is None:
        return records
    names = category_keys(records) if index is None else index.category_keys()
    return select(records, filters, categories_matching(names, filters.category))
