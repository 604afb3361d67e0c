"""The Python API: what the command line does, for a script or a notebook.

>>> import taishan
>>> store = taishan.open_store()          # the bundled store; or open_store("my-facts.json")
>>> hit = store.query("游客", limit=1)[0]  # the same ranking as `taishan query 游客`
>>> hit.value, hit.unit, hit.change
(1439, '万人次', 65)

Every call sees the store as it is on disk then (another process may rebuild it); errors are
`taishan.TaishanError`s with a one-line message, as the command line prints them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal, Unpack

from taishan import store as store_file
from taishan.errors import UsageError
from taishan.model import Fact
from taishan.query import engine, lookup
from taishan.query.filters import Given, make
from taishan.query.lookup import Category
from taishan.store import Record

Sort = Literal["score", "value", "change"]
SORTS = ("score", "value", "change")
PathLike = str | os.PathLike[str]
Indexing = Callable[[int, int], None]  # a large store being indexed: bytes done, of all

__all__ = ["Category", "Store", "build", "is_current", "open_store"]


class Store:
    """A fact store on disk.

    `**filters` are those of `taishan list` (`filters.Given`): `category` (fuzzy, Chinese or
    pinyin), `unit`, `min_value`/`max_value` (after multipliers; numbers or as typed, `"1.2亿"`),
    `min_change`/`max_change` (percent).
    """

    def __init__(self, path: Path, indexing: Indexing | None = None) -> None:
        self.path = path
        self._loaded: tuple[tuple[int, int], list[Record]] | None = None
        self._counted: tuple[tuple[int, int], int] | None = None  # known after a build, unparsed
        self._indexing = indexing  # hears of a rebuild of the store's index, which may take a while

    def __len__(self) -> int:
        """The number of facts in the store."""
        if self._counted is not None and self._loaded is None and self._counted[0] == self._stamp():
            return self._counted[1]
        return len(self._records())

    def _records(self) -> list[Record]:
        """Every record, parsed once while the file stays as it was (size and mtime)."""
        stamp = self._stamp()
        if stamp is None:
            return store_file.load(self.path)  # which names the problem
        if self._loaded is None or self._loaded[0] != stamp:
            self._loaded = (stamp, store_file.load(self.path))
        return self._loaded[1]

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def query(
        self,
        terms: str | Sequence[str],
        *,
        limit: int | None = 10,
        sort: Sort = "score",
        marks: bool = False,
        trace: list[str] | None = None,
        **filters: Unpack[Given],
    ) -> list[Fact]:
        """The facts answering the words (keywords or a question), best first, each with its `score`
        (0-100); with `marks`, each with where the terms matched it, however they were typed
        (`Fact.marks`); `trace`, when given, collects lines saying how the words were read (`--explain`)."""
        from taishan.query.search import sort_hits

        words = [terms] if isinstance(terms, str) else list(terms)
        _check(limit, sort)
        chosen_by = make(**filters)
        hits = engine.search(self.path, words, chosen_by, trace, self._indexing)
        if sort != "score":
            hits = sort_hits(hits, sort)
        if not marks:
            return [Fact.from_record(h.record, h.score) for h in hits[:limit]]
        from taishan.query.highlight import MARKED
        from taishan.query.highlight import marks as where

        return [
            Fact.from_record(h.record, h.score, marks=where(words, h.record, MARKED)) for h in hits[:limit]
        ]

    def hint(self, terms: str | Sequence[str], **filters: Unpack[Given]) -> str:
        """One line for a person told nothing was found: what was searched, why, the closest subjects."""
        from taishan.query.search import hint

        words = [terms] if isinstance(terms, str) else list(terms)
        return hint(store_file.load(self.path), words, make(**filters))

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
        _check(limit, sort)
        if sort is not None:
            from taishan.query.search import sort_records

            records = sort_records(records, sort)
        return [Fact.from_record(r) for r in records[:limit]]

    def each(self, **filters: Unpack[Given]) -> Iterator[Fact]:
        """`facts()` in report order, one at a time: a large store streams in bounded memory."""
        for record in engine.each_fact(self.path, make(**filters), self._indexing):
            yield Fact.from_record(record)

    def get(self, fact_id: str) -> Fact:
        """The fact with that id (`taishan show ID`); NotFoundError when there is none."""
        return Fact.from_record(lookup.find(self._records(), fact_id))

    def same_sentence(self, fact_id: str) -> list[Fact]:
        """The other facts drawn from the sentence the fact `fact_id` was drawn from, in report order."""
        records = self._records()
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
        matches (those matched by their own words, when there are any), else the `limit` largest changes."""
        from taishan.query.search import sort_records

        chosen_by = make(**filters)
        words = [terms] if isinstance(terms, str) else list(terms or ())
        if words:
            found = engine.search(self.path, words, chosen_by, progress=self._indexing)
            hits = [h for h in found if h.record["change"] is not None]
            chosen = [h.record for h in hits if h.own] or [h.record for h in hits]
        else:
            chosen = sort_records(engine.facts(self.path, chosen_by, self._indexing), "change")
        kept = [r for r in chosen if r["change"] is not None][:limit]
        return [Fact.from_record(r) for r in sort_records(kept, "change")]


def open_store(path: PathLike | None = None, *, indexing: Indexing | None = None) -> Store:
    """The store at `path`; without one `$TAISHAN_STORE`, then ./facts.json, then the bundled store
    (as the CLI). `indexing` hears how far a rebuild of a large store's index has got."""
    return Store(store_file.resolve(None if path is None else os.fspath(path)), indexing=indexing)


Progress = Callable[[Path], None]


def build(
    reports: PathLike | Iterable[PathLike] | None = None,
    store: PathLike = "facts.json",
    *,
    progress: Progress | None = None,
    stage: Callable[[str], None] | None = None,
    indexing: Indexing | None = None,
) -> Store:
    """Build a fact store from report files (none: the bundled report), written atomically; a large
    one is indexed at once. `progress` is called after each report, `stage` with `write`, `index`
    and `done` as they begin, `indexing` with how far the index has got.

    Reports stream through extraction to the store writer (`write` spans reading them): memory holds
    one report's facts, however many there are.
    """
    from taishan.query import index

    target = Path(store)
    if stage is not None:
        stage("write")
    count = store_file.save(_streamed(reports, progress), target)
    if stage is not None:
        stage("index")
    index.refresh(target, indexing)
    if stage is not None:
        stage("done")
    built = Store(target)
    stamp = built._stamp()
    if stamp is not None:  # what was just written: len() need not parse it again
        built._counted = (stamp, count)
    return built


def is_current(
    reports: PathLike | Iterable[PathLike] | None = None,
    store: PathLike = "facts.json",
    *,
    progress: Progress | None = None,
) -> tuple[bool, int]:
    """Does the store hold exactly what a fresh build of `reports` writes? And how many facts that is."""
    count = 0
    records = _streamed(reports, progress)  # checked now, before anything is compared

    def counted() -> Iterator[Record]:
        nonlocal count
        for count, record in enumerate(records, start=1):  # noqa: B007
            yield record

    return store_file.is_current(Path(store), counted()), count


def _check(limit: int | None, sort: str | None) -> None:
    """The checks the command line's options make, for a caller of the API."""
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    if sort is not None and sort not in SORTS:
        raise UsageError(f"cannot sort by {sort!r}: use {', '.join(SORTS)}")


def _streamed(reports: PathLike | Iterable[PathLike] | None, progress: Progress | None) -> Iterator[Record]:
    """The reports' facts as they are extracted, one report at a time; the arguments are checked
    now, before anything is written."""
    from taishan.ingest.pipeline import bundled_report, iter_records

    if isinstance(reports, str | os.PathLike):
        reports = [reports]  # one report: not the characters of its name
    paths = [Path(r) for r in reports] if reports is not None else [bundled_report()]
    if not paths:
        raise UsageError("no reports to build: name at least one (or pass None for the bundled report)")
    return iter_records(paths, progress=progress)
