"""The Python API: what the command line does, for a script or a notebook.

>>> import taishan
>>> store = taishan.open_store()          # the bundled store; or open_store("my-facts.json")
>>> hit = store.query("游客", limit=1)[0]  # the same ranking as `taishan query 游客`
>>> hit.value, hit.unit, hit.change
(1439, '万人次', 65)

Every method reads the store afresh (a store is a file another process may rebuild); errors are
`taishan.TaishanError`s with a one-line message, as the command line prints them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal, Unpack

from taishan import store as store_file
from taishan.model import Fact
from taishan.query import engine, lookup
from taishan.query.filters import Given, make
from taishan.query.lookup import Category

Sort = Literal["score", "value", "change"]
PathLike = str | os.PathLike[str]
Indexing = Callable[[int, int], None]  # a large store being indexed: bytes done, of all

__all__ = ["Category", "Store", "build", "is_current", "open_store"]


class Store:
    """A fact store on disk.

    `**filters` are those of `taishan list` (`filters.Given`): `category` (fuzzy, Chinese or
    pinyin), `unit`, `min_value`/`max_value` (after multipliers; numbers or as typed, `"1.2亿"`),
    `min_change`/`max_change` (percent).
    """

    def __init__(self, path: Path, count: int | None = None, indexing: Indexing | None = None) -> None:
        self.path = path
        self._count = count  # known after a build
        self._indexing = indexing  # hears of a rebuild of the store's index, which may take a while

    def __len__(self) -> int:
        """The number of facts in the store."""
        return self._count if self._count is not None else len(store_file.load(self.path))

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def query(
        self,
        terms: str | Sequence[str],
        *,
        limit: int | None = 10,
        sort: Sort = "score",
        **filters: Unpack[Given],
    ) -> list[Fact]:
        """The facts matching every term, best first, each with its `score` (0-100)."""
        from taishan.query.search import sort_hits

        words = [terms] if isinstance(terms, str) else list(terms)
        chosen_by = make(**filters)
        hits = engine.search(self.path, words, chosen_by, self._indexing)
        if sort != "score":
            hits = sort_hits(hits, sort)
        return [Fact.from_record(h.record, h.score) for h in hits[:limit]]

    def facts(
        self,
        *,
        limit: int | None = None,
        sort: Sort | None = None,
        **filters: Unpack[Given],
    ) -> list[Fact]:
        """Every fact that passes the filters, in report order (or largest `value`/`change` first)."""
        chosen_by = make(**filters)
        records = engine.facts(self.path, chosen_by, self._indexing)
        if sort is not None:
            from taishan.query.search import sort_records

            records = sort_records(records, sort)
        return [Fact.from_record(r) for r in records[:limit]]

    def get(self, fact_id: str) -> Fact:
        """The fact with that id (`taishan show ID`); NotFoundError when there is none."""
        return Fact.from_record(lookup.find(store_file.load(self.path), fact_id))

    def same_sentence(self, fact_id: str) -> list[Fact]:
        """The other facts drawn from the sentence the fact `fact_id` was drawn from, in report order."""
        records = store_file.load(self.path)
        return [Fact.from_record(r) for r in lookup.same_sentence(records, lookup.find(records, fact_id))]

    def categories(self, category: str | None = None, *, limit: int | None = None) -> list[Category]:
        """The report's sections (those `category` matches), each with its facts' count and topics."""
        return lookup.categories(engine.facts(self.path, make(category=category), self._indexing))[:limit]

    def changes(
        self,
        terms: str | Sequence[str] | None = None,
        *,
        limit: int | None = None,
        **filters: Unpack[Given],
    ) -> list[Fact]:
        """Facts with a change, largest first (`taishan chart`): with `terms` the `limit` best
        matches, else the `limit` largest changes."""
        from taishan.query.search import sort_records

        chosen_by = make(**filters)
        words = [terms] if isinstance(terms, str) else list(terms or ())
        if words:
            chosen = [h.record for h in engine.search(self.path, words, chosen_by, self._indexing)]
        else:
            chosen = sort_records(engine.facts(self.path, chosen_by, self._indexing), "change")
        kept = [r for r in chosen if r["change"] is not None][:limit]
        return [Fact.from_record(r) for r in sort_records(kept, "change")]


def open_store(path: PathLike | None = None, *, indexing: Indexing | None = None) -> Store:
    """The store at `path`; without one `$TAISHAN_STORE`, then the bundled store (as the CLI).
    `indexing` hears how far a rebuild of a large store's index has got."""
    return Store(store_file.resolve(None if path is None else os.fspath(path)), indexing=indexing)


Progress = Callable[[Path], None]


def build(
    reports: Iterable[PathLike] | None = None,
    store: PathLike = "facts.json",
    *,
    progress: Progress | None = None,
    indexing: Indexing | None = None,
) -> Store:
    """Build a fact store from report files (none: the bundled report), written atomically; a large
    one is indexed at once (`indexing` hears how far it has got)."""
    from taishan.query import index

    target = Path(store)
    count = store_file.save(_records(reports, progress), target)  # streamed: one report in memory
    index.refresh(target, indexing)
    return Store(target, count)


def is_current(
    reports: Iterable[PathLike] | None = None,
    store: PathLike = "facts.json",
    *,
    progress: Progress | None = None,
) -> tuple[bool, int]:
    """Does the store hold exactly what a fresh build of `reports` writes? And how many facts that is."""
    count = 0

    def counted() -> Iterator[store_file.Record]:
        nonlocal count
        for count, record in enumerate(_records(reports, progress), start=1):  # noqa: B007
            yield record

    return store_file.is_current(Path(store), counted()), count


def _records(reports: Iterable[PathLike] | None, progress: Progress | None) -> Iterator[store_file.Record]:
    from taishan.ingest.pipeline import bundled_report, iter_records

    paths = [Path(r) for r in reports or ()] or [bundled_report()]
    return iter_records(paths, progress=progress)
