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
from typing import TYPE_CHECKING, Any, Literal, Unpack

from taishan import store as store_file
from taishan.errors import StoreError, UsageError
from taishan.model import Fact
from taishan.query import engine, lookup, scope, share
from taishan.query.filters import Filters, Given, make
from taishan.query.lookup import Category
from taishan.store import Record

if TYPE_CHECKING:
    from taishan.query.search import Hit

Sort = Literal["score", "value", "change"]
SORTS = ("score", "value", "change")
PathLike = str | os.PathLike[str]
Indexing = Callable[[int, int], None]  # a large store being indexed: bytes done, of all

__all__ = ["Category", "Store", "build", "is_current", "open_store"]


class Store:
    """A fact store on disk.

    `**filters` are those of `taishan list` (`filters.Given`): `category` (fuzzy, Chinese or
    pinyin), `unit`, `min_value`/`max_value` (after multipliers; numbers or as typed, `"1.2亿"`),
    `min_change`/`max_change` (percent), `report` (an id), `place` (广东: its facts and those of
    places within it) and `year` (the reports whose figures are of that year).
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
            if self.path.is_dir():  # a store folder: its manifest and each report's file
                files = [self.path / store_file.MANIFEST, *store_file.report_files(self.path)]
                stats = [f.stat() for f in files]
                return (
                    sum(st.st_size for st in stats),
                    hash(tuple((st.st_mtime_ns, st.st_ino) for st in stats)),
                )
            st = self.path.stat()
        except (OSError, StoreError):
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
        reports = store_file.load_reports(self.path)
        given = _chosen(filters, reports)
        narrowed, chosen_by = scope.narrow(words, reports, given)
        # only the first `limit` hits are read out in score order: the rest need not be scored
        top = limit if chosen_by == given and sort == "score" else None
        hits = engine.search(self.path, narrowed, chosen_by, trace, self._indexing, top)
        if chosen_by != given:
            if hits:
                named = scope.named_places(words, reports)
                hits = scope.rerank(hits, reports, named, scope.named_year(words), narrowed)
            else:  # nothing about the place named: its name may still stand in a sentence
                named = scope.named_places(words, reports)
                hits = engine.search(self.path, words, given, trace, self._indexing)
                if named:
                    hits = self._named_for(hits, narrowed, named, given)
        hits = self._shares_first(hits, narrowed, chosen_by, trace)
        unheld = scope.unheld(narrowed, reports)
        if unheld:  # 杭州 in a store with no fact about it: only a figure said of it answers
            hits = self._named_for(hits, scope.without(narrowed, unheld), unheld, chosen_by)
            _note(trace, f"no fact is about {' '.join(unheld)}: only a figure said of it answers")
        if sort != "score":
            hits = sort_hits(hits, sort)
        if not marks:
            return [Fact.from_record(h.record, h.score) for h in hits[:limit]]
        from taishan.query.highlight import MARKED
        from taishan.query.highlight import marks as where

        return [
            Fact.from_record(h.record, h.score, marks=where(words, h.record, MARKED)) for h in hits[:limit]
        ]

    def _named_for(
        self, hits: list[Hit], rest: list[str], places: Iterable[str], chosen_by: Filters
    ) -> list[Hit]:
        """The hits whose figure's own clause names one of the places and whose own words (subject,
        figure) answer the query's `rest` (`深圳 合同引资额`: not 泰山区's `赴北京、深圳等地开展招商
        活动80次`, whose sentence only goes on to its 合同引资额)."""
        if rest:
            found = engine.search(self.path, rest, chosen_by, None, self._indexing)
            own = {h.record["id"] for h in found if h.own}
            hits = [h for h in hits if h.record["id"] in own]
        return [h for h in hits if scope.says(h.record, places, of_figure=True)]

    def _shares_first(
        self, hits: list[Hit], words: list[str], chosen_by: Filters, trace: list[str] | None
    ) -> list[Hit]:
        """With words asking for a share (民生支出占比: query/share.py) that the best hit is not,
        the shares of what they name, found beside it in its sentences, first."""
        of = share.stem(words)
        if of is None or (hits and share.is_share(hits[0].record, of)):
            return hits
        found = [
            h
            for h in engine.search(self.path, of, chosen_by, None, self._indexing)
            if share.is_share(h.record, of)
        ]
        if not found:
            return hits
        if trace is not None:
            trace.append(f"{' '.join(words)} asks for a share: the % figures beside {' '.join(of)} first")
        top = max([h.score for h in hits[:1]] + [h.score for h in found[:1]])
        ids = {h.record["id"] for h in found}
        return [h._replace(score=top) for h in found] + [h for h in hits if h.record["id"] not in ids]

    def hint(self, terms: str | Sequence[str], **filters: Unpack[Given]) -> str:
        """One line for a person told nothing was found: what was searched, why, the closest subjects."""
        from taishan.query.search import hint

        words = [terms] if isinstance(terms, str) else list(terms)
        return hint(store_file.load(self.path), words, _chosen(filters, store_file.load_reports(self.path)))

    def facts(
        self,
        *,
        limit: int | None = None,
        sort: Sort | None = None,
        **filters: Unpack[Given],
    ) -> list[Fact]:
        """Every fact that passes the filters, in report order (or largest `value`/`change` first)."""
        chosen_by = _chosen(filters, store_file.load_reports(self.path))
        records = engine.facts(self.path, chosen_by, self._indexing)
        _check(limit, sort)
        if sort is not None:
            from taishan.query.search import sort_records

            records = sort_records(records, sort)
        return [Fact.from_record(r) for r in records[:limit]]

    def each(self, **filters: Unpack[Given]) -> Iterator[Fact]:
        """`facts()` in report order, one at a time: a large store streams in bounded memory."""
        chosen_by = _chosen(filters, store_file.load_reports(self.path))
        for record in engine.each_fact(self.path, chosen_by, self._indexing):
            yield Fact.from_record(record)

    def get(self, fact_id: str) -> Fact:
        """The fact with that id (`taishan show ID`); NotFoundError when there is none."""
        return Fact.from_record(lookup.find(self._records(), fact_id))

    def same_sentence(self, fact_id: str) -> list[Fact]:
        """The other facts drawn from the sentence the fact `fact_id` was drawn from, in report order."""
        records = self._records()
        return [Fact.from_record(r) for r in lookup.same_sentence(records, lookup.find(records, fact_id))]

    def categories(
        self,
        category: str | None = None,
        *,
        limit: int | None = None,
        report: str | None = None,
        place: str | None = None,
        year: int | None = None,
    ) -> list[Category]:
        """The report's sections (those `category` matches), each with its facts' count and topics."""
        given: Given = {"category": category, "report": report, "place": place, "year": year}
        chosen_by = _chosen(given, store_file.load_reports(self.path))
        return lookup.categories(engine.facts(self.path, chosen_by, self._indexing))[:limit]

    def reports(self, **filters: Unpack[Given]) -> list[dict[str, Any]]:
        """One row per report (`taishan reports`): id, title, place, level, year, period, target
        year, kind, facts, source file and format, content hash; `report`, `place`, `year` narrow."""
        reports = store_file.load_reports(self.path)
        rows = scope.rows(reports, None if reports else store_file.load(self.path))
        wanted = _chosen(filters, reports)
        return [
            r
            for r in rows
            if (wanted.reports is None or r["id"] in wanted.reports)
            and (wanted.places is None or r["place"] in wanted.places)
        ]

    def compare(
        self,
        terms: str | Sequence[str],
        *,
        sort: Literal["value", "change", "place"] | None = None,
        limit: int | None = None,
        **filters: Unpack[Given],
    ) -> list[dict[str, Any]]:
        """The indicator across reports (`taishan compare`): one row per report, its best fact
        (query/compare.py), as compare.COLUMNS; sorted by `value`, a report's level is its fact.
        `status` (a filter) chooses the figures compared: by default results, else estimates."""
        from taishan.query import compare
        from taishan.query.lexicon import glossary, thesaurus

        words = [terms] if isinstance(terms, str) else list(terms)
        reports = store_file.load_reports(self.path)
        others: Given = {**filters}
        status = others.pop("status", None)  # compare reads it, also where an older store lacks it
        chosen_by = _chosen(others, reports)
        facts = engine.facts(self.path, chosen_by, self._indexing)
        prefer = "value" if sort == "value" else "change"
        rows = compare.compare(
            facts,
            reports,
            words,
            status,
            glossary=glossary(),
            prefer=prefer,
            related=lambda w: thesaurus().get(w) or (),
        )
        if sort is not None:
            rows = compare.sort_rows(rows, sort)
        return rows[:limit]

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

        reports = store_file.load_reports(self.path)
        chosen_by = _chosen(filters, reports)
        words = [terms] if isinstance(terms, str) else list(terms or ())
        if words:
            narrowed, scoped = scope.narrow(words, reports, chosen_by)
            hits = engine.search(self.path, narrowed, scoped, progress=self._indexing)
            if not hits and scoped != chosen_by:
                hits = engine.search(self.path, words, chosen_by, progress=self._indexing)
            hits = [h for h in hits if h.record["change"] is not None]
            chosen = [h.record for h in hits if h.own] or [h.record for h in hits]
        else:
            chosen = sort_records(engine.facts(self.path, chosen_by, self._indexing), "change")
        kept = [r for r in chosen if r["change"] is not None][:limit]
        return [Fact.from_record(r) for r in sort_records(kept, "change")]


def _note(trace: list[str] | None, line: str) -> None:
    if trace is not None:
        trace.append(line)


def _chosen(given: Given, reports: list[Record]) -> Filters:
    """The filters as given, `report`, `place` and `year` resolved against the store's reports."""
    chosen = make(
        category=given.get("category"),
        unit=given.get("unit"),
        min_value=given.get("min_value"),
        max_value=given.get("max_value"),
        min_change=given.get("min_change"),
        max_change=given.get("max_change"),
        status=given.get("status"),
    )
    report, place, year = given.get("report"), given.get("place"), given.get("year")
    if report is None and place is None and year is None:
        return chosen
    return scope.resolve(reports, report, place, year, chosen)


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
    fresh: bool = False,
    remove: Iterable[str] = (),
    overrides: dict[str, Any] | None = None,
    notes: Callable[[str], None] | None = None,
    stage: Callable[[str], None] | None = None,
    indexing: Indexing | None = None,
) -> Store:
    """Build reports into a fact store (none given, and nothing to remove: the bundled report),
    written atomically; a large one is indexed at once. Into an existing store a report is added,
    or replaces the report of its id (its file name); the others are kept as they are, unless
    `fresh`. `remove` drops reports by id; `overrides` (title, place, year, period, kind) set the
    built reports' metadata. `progress` is called after each report, `stage` with `write`, `index`
    and `done` as they begin, `notes` with what a person should know (a report already in the
    store under another name), `indexing` with how far the index has got.

    Into a new store (or `fresh`) reports stream through extraction to the store writer (`write`
    spans reading them): memory holds one report's facts, however many there are. Into an
    existing store the built reports' facts are held and the store's stream past them (an older
    store without a `reports` table, or one whose facts are out of its reports' order, is merged in
    memory).
    """
    from taishan.ingest import folder

    target = Path(store)
    if stage is not None:
        stage("write")
    if folder.wanted(store):  # a store folder: only the reports built or removed are written
        removed = list(remove)
        count = folder.build(
            target,
            _paths(reports, removed),
            progress=progress,
            fresh=fresh,
            remove=removed,
            overrides=overrides,
            notes=notes,
        )
        if stage is not None:
            stage("index")
        from taishan.query import folder as folder_index

        folder_index.sync(target, indexing)
    else:
        count = _build_file(reports, target, progress, fresh, remove, overrides, notes, stage, indexing)
    if stage is not None:
        stage("done")
    built = Store(target)
    stamp = built._stamp()
    if stamp is not None:  # what was just written: len() need not parse it again
        built._counted = (stamp, count)
    return built


def _build_file(
    reports: PathLike | Iterable[PathLike] | None,
    target: Path,
    progress: Progress | None,
    fresh: bool,
    remove: Iterable[str],
    overrides: dict[str, Any] | None,
    notes: Callable[[str], None] | None,
    stage: Callable[[str], None] | None,
    indexing: Indexing | None,
) -> int:
    """`build` into one file: the store streamed to it, its index updated or rebuilt."""
    from taishan.ingest.update import Unordered
    from taishan.query import index

    records, rows, again = _planned(reports, target, progress, fresh, remove, overrides, notes)
    before = None if fresh or again is None else index.before_update(target)
    try:
        try:
            count = store_file.save(records, target, rows)
        except Unordered:
            if again is None:
                raise
            merged, merged_rows = again()
            count = store_file.save(merged, target, merged_rows)
        if stage is not None:
            stage("index")
        if before is None or not index.update(target, before, indexing):
            index.refresh(target, indexing)
    finally:
        if before is not None:
            before.file.close()
    return count


def is_current(
    reports: PathLike | Iterable[PathLike] | None = None,
    store: PathLike = "facts.json",
    *,
    progress: Progress | None = None,
    fresh: bool = False,
    remove: Iterable[str] = (),
    overrides: dict[str, Any] | None = None,
) -> tuple[bool, int]:
    """Does the store hold exactly what `build` with these arguments would write? And how many
    facts that is. Compared as the facts stream, where the build would stream them."""
    from taishan.ingest import folder
    from taishan.ingest.update import Unordered

    if folder.wanted(store):
        removed = list(remove)
        paths = _paths(reports, removed)
        return folder.is_current(
            Path(store), paths, progress=progress, fresh=fresh, remove=removed, overrides=overrides
        )
    count = 0
    records, rows, again = _planned(reports, Path(store), progress, fresh, remove, overrides, None)

    def counted(records: Iterable[Record]) -> Iterator[Record]:
        nonlocal count
        for count, record in enumerate(records, start=1):  # noqa: B007
            yield record

    try:
        return store_file.is_current(Path(store), counted(records), rows), count
    except Unordered:
        if again is None:
            raise
        records, rows = again()
        return store_file.is_current(Path(store), counted(records), rows), count


def _check(limit: int | None, sort: str | None) -> None:
    """The checks the command line's options make, for a caller of the API."""
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 or more, not {limit}")
    if sort is not None and sort not in SORTS:
        raise UsageError(f"cannot sort by {sort!r}: use {', '.join(SORTS)}")


def _planned(
    reports: PathLike | Iterable[PathLike] | None,
    target: Path,
    progress: Progress | None,
    fresh: bool,
    remove: Iterable[str],
    overrides: dict[str, Any] | None,
    notes: Callable[[str], None] | None,
) -> tuple[Iterable[Record], store_file.Reports, Callable[[], tuple[list[Record], list[Record]]] | None]:
    """The store's facts and report rows once `reports` are built into it (None: the bundled
    report, unless only removing), `remove` removed; the arguments are checked now, before anything
    is written. Into no store (or `fresh`) the facts are a stream and the rows come as it ends;
    into a store, its facts stream past the built reports' (the rows known at once), and the third
    item merges in memory instead, for a store whose facts are not in its reports' order."""
    from taishan.ingest import update
    from taishan.ingest.pipeline import build_reports, iter_records

    removed = list(remove)
    paths = _paths(reports, removed)
    if not removed and (fresh or update.empty(target)):
        rows: list[Record] = []
        return iter_records(paths, progress, overrides, rows), lambda: rows, None
    try:
        rows = [] if fresh else store_file.load_reports(target)
    except StoreError as e:
        raise update.unreadable(e) from None
    if not rows:  # fresh, or an older store without its reports table: merged in memory
        return (*_in_memory(target, fresh, paths, progress, overrides, removed, notes), None)
    built = build_reports(paths, progress=progress, overrides=overrides)
    _twins(rows, built, notes)
    old, merged = update.merge_stream(_read(target), rows, built, removed)
    return old, merged, lambda: update.merge(*update.existing(target), built, removed)


def _paths(reports: PathLike | Iterable[PathLike] | None, remove: Iterable[str]) -> list[Path]:
    """The reports to build: those given, else the bundled report (unless only removing)."""
    from taishan.ingest.pipeline import bundled_report

    if isinstance(reports, str | os.PathLike):
        reports = [reports]  # one report: not the characters of its name
    paths = [Path(r) for r in reports] if reports is not None else [] if remove else [bundled_report()]
    if not paths and not remove:
        raise UsageError("no reports to build: name at least one (or pass None for the bundled report)")
    return paths


def _read(target: Path) -> Iterator[Record]:
    """The store's facts as a stream, for an incremental build."""
    from taishan.ingest import update

    try:
        yield from engine.each_stored(target)
    except update.Unordered:
        raise
    except StoreError as e:
        raise update.unreadable(e) from None


def _in_memory(
    target: Path,
    fresh: bool,
    paths: list[Path],
    progress: Progress | None,
    overrides: dict[str, Any] | None,
    removed: list[str],
    notes: Callable[[str], None] | None,
) -> tuple[list[Record], list[Record]]:
    from taishan.ingest import update
    from taishan.ingest.pipeline import build_reports

    records, rows = ([], []) if fresh else update.existing(target)
    built = build_reports(paths, progress=progress, overrides=overrides)
    _twins(rows, built, notes)
    return update.merge(records, rows, built, removed)


def _twins(rows: list[Record], built: list[Any], notes: Callable[[str], None] | None) -> None:
    """Say which built report is already in the store under another name."""
    from taishan.ingest import update

    for info, _ in built:
        twin = update.same_content(rows, info)
        if twin is not None and notes is not None:
            notes(f"{info.source} has the same content as report {twin}")
