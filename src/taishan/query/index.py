"""A derived, rebuildable index beside a large store, so a query reads only the facts that may match.

The store of record stays the TinyDB JSON file; parsing 100,000 facts of it takes seconds. The index
is an SQLite file (stdlib `sqlite3`) holding where each fact's record lies in the store (its byte
range: the index never copies the JSON) and postings in two FTS5 tables: `grams`, one document a
group (a run of facts cut from one sentence, in store order) of the grams of its facts' searched
fields (subject, sentence, topic: `doc.searched`), and `owns`, one document a fact (its slot) of the
grams of its own words (subject, figure, ranking). A group's document goes to SQLite as one string,
so the inverted lists are built in C (measured: 2.6 -> 1.6 CPU s per 10,000 facts). Grams
are characters (`c游`), pinyin syllables (`syou`), initials of consecutive syllables (`iyk`), a
syllable and its follower's initial (`pyouk`), the tokens (syllable, else character) of neighbouring
characters (`yyou ke`), letter pairs of the run-together pinyin (`jou`) and the shortest field's
length (`lc7`, `lj20`). A table `tokens` holds each character's tokens in the store, so that a
query's characters (or their homophones) become token pairs: `油客` needs `you ke` side by side.

For each stage of a search, `candidates` is a superset of the facts that stage can match: each rule
of `match.RULES` has its candidate method (`CANDIDATES`), on from the stage the table gives it,
rapidfuzz's through the bound in `match.shared_needed`. So a search over the candidates returns
exactly what a search over every fact returns. The ANDs and ORs of a candidate set are worked out in
SQLite (FTS5 expressions), so the long lists of common grams never reach Python. A search that
wants only its best few (`--limit`) reads the candidates tier by tier (`Pool.tiers`): first the
facts whose own words may match every word (from `owns`), whose score nothing else can reach, and
stops once enough hits beat the next tier's bound (search._best). engine.py decides when a store is
read this way.

It lives at `.NAME.sqlite` beside the store, or in the user's cache folder when the store's folder
is read-only. It records the store's stat (size, mtime, ctime, inode) and a hash of its content: a
store whose stat changed but whose content did not (a `touch`, a copy back) is re-stamped, not
re-indexed; any other change, or a file SQLite cannot read, means a rebuild, never a stale answer.
An incremental build updates the index (`update`) instead: groups of unchanged reports are kept,
shifted, a removed report's emptied (their range in `groups.stops` is (0, 0): postings may name
them, `facts_of` gives nothing for them), the new facts' groups appended with postings of their own.
A build removes the temporary files of builds that were killed, and the index of a store that has
become too small to need one. A store smaller than `store.INDEX_MIN_BYTES` is simply parsed: that
is faster than opening SQLite (measured, see README). A store not in the layout `store.write`
writes (TinyDB's, indented by one) is parsed too: the index needs each record's place in the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import operator
import os
import re
from array import array
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import cache, cached_property, partial
from itertools import chain, pairwise, starmap
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from taishan import store
from taishan.cores import usable as _cores  # a name the tests set
from taishan.errors import StoreError
from taishan.query import match
from taishan.query.doc import Doc, Memo, ranking, searched
from taishan.query.filters import Filters, select
from taishan.query.lexicon import readings
from taishan.query.match import applies
from taishan.query.parse import Clause, Term, Unit, is_cjk
from taishan.query.search import LITERAL
from taishan.store import Record

if TYPE_CHECKING:
    import sqlite3

SCHEMA = "taishan-index 13"
MAX_LEN = 65  # length grams stop here: a term is at most 64 characters
ALL = None  # a candidate set meaning every fact
BATCH = 20_000  # groups held before they are handed to SQLite
CHUNK = 64  # facts of a tier a limited search reads at a time
# A fact's slot in `owns`: its group's number and its place in it (SLOTS - 1 and on share one),
# which an incremental update keeps, as it keeps a group's number, while rowids shift.
SLOT_BITS = 6
SLOTS = 1 << SLOT_BITS
HASHSIZE = 32 << 20  # bytes of postings FTS5 holds before it writes a segment (its default: 1 MB)
SEP = "\x1f"  # between the grams of a group's document: the only character a gram may not hold
# The postings, two FTS5 tables of one document a group (rowid: its number): `grams` of all its
# searched fields, `owns` of its facts' own words only (subject, figure, ranking: search._best's
# bound). Contentless (no copy of the text), no positions (detail=none): about a byte a posting.
# The ascii tokenizer keeps every other ASCII character inside a token, as it does non-ASCII ones,
# so a gram is one token whatever it holds; it folds A-Z to a-z.
_TOKENCHARS = "".join(chr(i) for i in range(1, 128) if not chr(i).isalnum() and chr(i) != SEP)
_TOKENIZE = "ascii separators '{}' tokenchars '{}'".format(SEP, _TOKENCHARS.replace("'", "''"))
# the store's pinyin syllables (`s` grams), from the characters' tokens
SYLLABLES = (
    "INSERT OR IGNORE INTO syllables SELECT DISTINCT value FROM tokens, json_each(tokens.tokens) "
    "WHERE value GLOB '[a-z]*' AND NOT value GLOB '*[^a-z]*'"
)
TABLES = ("grams", "owns")
FTS5 = "CREATE VIRTUAL TABLE {} USING fts5(g, content='', detail=none, columnsize=0, tokenize=\"{}\")"
Ids = set[int] | None
Progress = Callable[[int, int], None]  # bytes of the store indexed so far, of all


def stat_of(f: Any) -> str:
    """What changes when the open file is rewritten or touched (ctime and inode cannot be set back)."""
    st = os.fstat(f.fileno())
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"


def content_hash(f: Any) -> str:
    """A hash of the open store's bytes: ~2 s a GB (sha1, measured), paid only when its stat changed.
    Read through the file, not the map: mapped pages read once would count as the process's memory."""
    f.seek(0)
    digest = hashlib.file_digest(f, lambda: hashlib.sha1(usedforsecurity=False)).hexdigest()
    f.seek(0)
    return digest


def release(data: Any, start: int, stop: int) -> None:
    """Let the system drop the mapped pages of data[start:stop] from this process (they are the
    file's, read again if touched): a pass over a large store then holds a window of it, not all."""
    if isinstance(data, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        start -= start % mmap.PAGESIZE
        if stop > start:
            data.madvise(mmap.MADV_DONTNEED, start, stop - start)
    elif hasattr(data, "release"):  # a store folder's files (query/folder.Joined)
        data.release(start, stop)


def locations(path: Path) -> list[Path]:
    """Beside the store first, then the user's cache folder."""
    path = path.resolve()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "taishan"
    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()[:16]
    return [path.parent / f".{path.name}.sqlite", cache / f"{path.stem}-{digest}.sqlite"]


# -- grams -----------------------------------------------------------------------------------------


def field_grams(field: match.Field) -> tuple[str, str]:
    """The grams of one field, joined by SEP (a gram may come twice: the index keeps it once): its
    characters', syllables' and neighbours', and apart its letter pairs' (`j`, which `owns` leaves
    out). Built by joins, regexes and maps, so that a field's tens of grams cost a few calls."""
    syls, joined = field.syllables, field.joined
    tokens = SEP.join(syls)  # a pinyin syllable is a token of letters a-z only
    out = [
        "c" + _C.join(set(field.chars)),
        "s" + _S.join(_PINYIN.findall(tokens)),
        SEP.join(starmap(_IP.format, _PAIRS.findall(tokens))),
        "y" + _Y.join(map(" ".join, pairwise(syls))),  # a separator in a token only adds ids
    ]
    letters = "j" + _J.join(set(filter(str.isalpha, map(operator.add, joined, joined[1:]))))
    return SEP.join(g for g in out if len(g) > 1), letters if len(letters) > 1 else ""


_PINYIN = re.compile(f"(?<![^{SEP}])[a-z]+(?![^{SEP}])")
_PAIRS = re.compile(
    f"(?<![^{SEP}])([a-z]+){SEP}(?=([a-z])[a-z]*(?![^{SEP}]))"
)  # a syllable, the next's initial
_IP = f"i{{0[0]}}{{1}}{SEP}p{{0}}{{1}}"
_C, _S, _Y, _J = (SEP + prefix for prefix in "csyj")


# -- the store's records, where they lie --------------------------------------------------------------

_TABLE = f'\n "{store.TABLE}": {{'.encode()


def spans(data: Any) -> Iterator[tuple[int, int]]:
    """The byte range of each record of the store's table, in store order, for a store in the layout
    `store.write` writes; StoreError (`_layout`) when it is not. Records are found by indentation:
    a record opens at two spaces in, its fields and everything nested lie deeper.
    """
    begin = data.find(_TABLE)
    if data[:2] != b"{\n" or begin < 0:
        raise _layout()
    pos = begin + len(_TABLE)
    if data[pos : pos + 1] == b"}":
        end = pos + 1  # an empty table
    else:
        # record by record, never searching past one: a search to the table's end would read (and
        # map into memory) the whole store before the first record is indexed
        while True:
            if data[pos : pos + 4] != b'\n  "':
                raise _layout()
            start = data.find(b": {", pos, pos + 64) + 2  # a record's key is its short number
            stop = data.find(b"\n  }", start) + 4
            if start < 2 or stop < 4:
                raise _layout()
            yield start, stop
            if data[stop : stop + 3] == b"\n }":  # the table's end: the only closer one space in
                end = stop + 3
                break
            if data[stop : stop + 1] != b",":
                raise _layout()
            pos = stop + 1
    _other_tables(data[2:begin], data[end:])


def _other_tables(before: bytes, after: bytes) -> None:
    """The tables before and after the facts' (`reports`, say) must be JSON objects of objects."""
    after = after.rstrip()
    if not after.endswith(b"}"):
        raise _layout()
    for part in (before.rstrip().removesuffix(b","), after[:-1].strip().removeprefix(b",")):
        try:
            tables = json.loads(b"{" + part + b"}")
        except ValueError:
            raise _layout() from None
        if not all(isinstance(t, dict) for t in tables.values()):
            raise _layout()


class _Layout(StoreError):
    """Not in `store.write`'s layout: the caller parses the store instead."""


def _layout() -> _Layout:
    return _Layout("not in the indexed layout")


# -- building ----------------------------------------------------------------------------------------


def build(path: Path, target: Path, progress: Progress | None = None) -> int:
    """Write the index of the store at `path` to `target` (atomically: a temporary file, then a
    rename); the number of facts. StoreError for a malformed store (`_Layout`: not indexable)."""
    import sqlite3

    store.remove_orphans(target)
    with open(path, "rb") as f, _mapped(f) as data, store.atomic_path(target) as tmp:
        if progress is not None:
            progress(0, len(data))
        stamp, digest = stat_of(f), content_hash(f)
        db = sqlite3.connect(tmp)
        try:
            create(db)
            count, categories, tokens = _postings(path, data, db, progress)
            finish(db, categories, tokens, {"stat": stamp, "content": digest, "count": str(count)})
        finally:
            db.close()
    return count


def create(db: sqlite3.Connection) -> None:
    """The index's tables, empty (a new file: its writes need no journal)."""
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    # each fact's span in the store's bytes and its subject's length (a bound read before parsing)
    db.execute("CREATE TABLE facts (rowid INTEGER PRIMARY KEY, start INTEGER, stop INTEGER, subject INTEGER)")
    for table in TABLES:
        db.execute(FTS5.format(table, _TOKENIZE.replace('"', '""')))
        db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {HASHSIZE})")
        db.execute(f"CREATE VIRTUAL TABLE {table}_instances USING fts5vocab({table}, 'instance')")
    db.execute("CREATE TABLE groups (firsts BLOB, stops BLOB)")
    db.execute("CREATE TABLE categories (name TEXT, key TEXT)")
    db.execute("CREATE TABLE tokens (char TEXT PRIMARY KEY, tokens TEXT)")
    db.execute("CREATE TABLE syllables (syllable TEXT PRIMARY KEY)")


def finish(
    db: sqlite3.Connection, categories: dict[str, Any], tokens: dict[str, set[str]], meta: dict[str, str]
) -> None:
    """A new index's postings merged, its categories, tokens, syllables and `meta` written, committed."""
    for table in TABLES:  # one segment each: a query reads one list a gram
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    db.executemany(
        "INSERT INTO categories VALUES (?, ?)",
        ((n, json.dumps(k, ensure_ascii=False)) for n, k in categories.items()),
    )
    db.executemany(
        "INSERT INTO tokens VALUES (?, ?)",
        ((ch, json.dumps(sorted(t), ensure_ascii=False)) for ch, t in tokens.items()),
    )
    db.execute(SYLLABLES)
    db.executemany("INSERT INTO meta VALUES (?, ?)", {"schema": SCHEMA, **meta}.items())
    db.commit()


def _postings(
    path: Path, data: Any, db: sqlite3.Connection, progress: Progress | None
) -> tuple[int, dict[str, Any], dict[str, set[str]]]:
    """Index every record: its span into `facts`, its group's grams into `grams`, the first fact of
    each group into `groups`. Returns the count, each category's search key (store order) and each
    character's tokens.

    A group is a run of facts cut from one sentence (same text, same topic): they share most grams,
    so postings name groups, each holding the union of its facts' grams; a group's candidates are
    then all its facts, a superset still (measured: 1.9 facts a group, the index half as large).
    """
    numbered = ((rowid, a, b) for rowid, (a, b) in enumerate(spans(data), start=1))
    workers = pool_workers(len(data))
    if workers:
        jobs = ((_part, (path, part)) for part in _parts(path, data, numbered))
        rowid, firsts, categories, tokens = pooled(jobs, db, workers, progress, len(data))
    else:
        rowid, firsts, categories, tokens = _grams(path, data, numbered, db, 0, frozenset(), progress)
    db.execute("INSERT INTO groups VALUES (?, NULL)", (firsts.tobytes(),))
    if progress is not None:
        progress(len(data), len(data))
    return rowid, categories, tokens


def _grams(
    path: Path,
    data: Any,
    numbered: Iterable[tuple[int, int, int]],
    db: sqlite3.Connection,
    base: int,
    breaks: Collection[int],
    progress: Progress | None,
) -> tuple[int, array[int], dict[str, Any], dict[str, set[str]]]:
    """`_postings` over these (rowid, start, stop), their groups numbered from `base` + 1; a group
    also opens at each rowid of `breaks` (an update's report boundaries). Returns the last rowid,
    the first fact of each group, the categories' keys and the characters' tokens.

    Each group goes to SQLite as one document of `grams`, its grams joined by `SEP` (a fact's
    fields' grams, each field's joined once), and each of its facts' own words as one of `owns`
    (`slot`): FTS5 builds the inverted lists in C, with no Python step a posting."""
    return _documents(path, data, numbered, base, breaks, progress, partial(_flush, db))


Emit = Callable[[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, int, int, int]]], None]


def _documents(
    path: Path,
    data: Any,
    numbered: Iterable[tuple[int, int, int]],
    base: int,
    breaks: Collection[int],
    progress: Progress | None,
    emit: Emit,
) -> tuple[int, array[int], dict[str, Any], dict[str, set[str]]]:
    """`_grams`' documents (groups', own words') and spans, handed to `emit` a batch (BATCH groups)
    at a time, which empties the lists; returns what `_grams` returns."""
    memo: dict[tuple[str, Any], tuple[str, str, int, int]] = {}  # a field's grams and lengths
    figures: dict[str, str] = {}  # a figure's or ranking's grams (joined)
    pairs: set[tuple[str, str]] = set()  # (character, token) anywhere in the store
    categories: dict[str, Any] = {}
    rows: list[tuple[int, int, int, int]] = []
    docs: list[tuple[int, str]] = []
    owned: list[tuple[int, str]] = []
    firsts = array("i")  # the first fact of each group
    group: dict[str, None] = {}  # the group's fields' joined grams, each once
    slots: dict[int, dict[str, None]] = {}  # its facts' own words' (search._term_best), by slot
    sentence: tuple[Any, Any] | None = None
    rowid = released = 0

    def close_group() -> None:
        number = base + len(firsts)
        docs.append((number, SEP.join(group)))
        owned.extend((number << SLOT_BITS | slot, SEP.join(own)) for slot, own in slots.items())
        group.clear()
        slots.clear()

    for rowid, start, stop in numbered:
        record = _record(data[start:stop], path, rowid)
        keys = record.get("keys") or {}
        if record["category"] not in categories:
            categories[record["category"]] = keys.get("category")
        if (record.get("text"), record.get("topic")) != sentence or rowid in breaks:
            if firsts:
                close_group()
            if len(docs) >= BATCH:
                emit(docs, owned, rows)
            sentence = (record.get("text"), record.get("topic"))
            firsts.append(rowid)
        own = slots.setdefault(min(rowid - firsts[-1], SLOTS - 1), {})
        names = searched(record)
        length_c = length_j = MAX_LEN if names else 0
        for name in names:
            text = record[name]
            key = keys.get(name)
            k = (text, key if not isinstance(key, list) else tuple(key))
            got = memo.get(k)
            if got is None:
                field = match.Field.of(text, key)
                got = memo[k] = (*field_grams(field), len(field.chars), len(field.joined))
                pairs.update(zip(field.chars, field.syllables, strict=True))
            group[got[0]] = group[got[1]] = None
            if name == "subject":
                own[got[0]] = None
            length_c, length_j = min(length_c, got[2]), min(length_j, got[3])
        group[f"lc{length_c}{SEP}lj{length_j}"] = None
        for text in (record.get("figure"), ranking(record)):
            if text and isinstance(text, str):
                grams = figures.get(text)
                if grams is None:
                    grams = figures[text] = field_grams(match.Field.of(text.lower(), None))[0]
                own[grams] = group[grams] = None
        subject = record.get("subject")
        rows.append((rowid, start, stop, len(subject) if isinstance(subject, str) else 0))
        if len(memo) > 2_000:  # the facts of one sentence come together: a small memo is enough
            memo.clear()
            figures.clear()
        if not rowid % 5_000:
            release(data, released, start)
            released = start
            if progress is not None:
                progress(stop, len(data))
    if firsts:
        close_group()
    emit(docs, owned, rows)
    tokens: dict[str, set[str]] = {}
    for ch, token in pairs:
        tokens.setdefault(ch, set()).add(token)
    return rowid, firsts, categories, tokens


# -- the grams of a large store, worked out in a pool of processes -----------------------------------

POOL_MIN_BYTES = 64 << 20  # a store this large is indexed with worker processes (~50,000 facts)
PART = 20_000  # facts a worker takes at a time
MAX_WORKERS = 8  # as many as the cores, at most: each holds a part's documents (~30 MB)


def pooled(
    jobs: Iterable[tuple[Callable[..., Documents], tuple[Any, ...]]],
    db: sqlite3.Connection,
    workers: int,
    progress: Progress | None,
    total: int,
) -> tuple[int, array[int], dict[str, Any], dict[str, set[str]]]:
    """`_grams` with the Python half (the records decoded, their grams worked out: about half an
    index's time) in `workers` processes, a part of the store each (`jobs`: a function and its
    arguments, returning the part's `Documents`), while this one hands the parts' documents to
    SQLite in store order (FTS5's half, in C). A part ends where a sentence does, so no group
    spans two; each part's groups are numbered from 1 and renumbered here, so the index is the one
    `_grams` writes. `progress` hears of the store's bytes done, of `total`."""
    from concurrent.futures import Future, ProcessPoolExecutor

    rowid, groups, firsts = 0, 0, array("i")
    categories: dict[str, Any] = {}
    tokens: dict[str, set[str]] = {}
    pending: deque[Future[Documents]] = deque()

    def take(part: Documents) -> None:
        nonlocal rowid, groups
        docs, owned, rows = part.docs, part.owned, part.rows
        done = rows[-1][2] if rows else 0  # before _flush empties them
        shift = groups << SLOT_BITS
        _flush(
            db,
            [(n + groups, g) for n, g in docs],
            [(n + shift, g) for n, g in owned],
            rows,
        )
        groups += len(part.firsts)
        firsts.extend(part.firsts)
        rowid = part.rowid or rowid
        for name, key in part.categories.items():
            categories.setdefault(name, key)
        for ch, got in part.tokens.items():
            tokens.setdefault(ch, set()).update(got)
        if progress is not None and done:
            progress(done, total)

    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        try:
            for function, arguments in jobs:
                pending.append(pool.submit(function, *arguments))
                if len(pending) > workers:
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
        finally:
            pool.shutdown(cancel_futures=True)
    return rowid, firsts, categories, tokens


class Documents(NamedTuple):
    """A part of the store's documents (`_documents`), its groups numbered from 1."""

    rowid: int
    firsts: array[int]
    categories: dict[str, Any]
    tokens: dict[str, set[str]]
    docs: list[tuple[int, str]]
    owned: list[tuple[int, str]]
    rows: list[tuple[int, int, int, int]]


def _parts(
    path: Path, data: Any, numbered: Iterator[tuple[int, int, int]]
) -> Iterator[list[tuple[int, int, int]]]:
    """The records' (rowid, start, stop) in parts of about PART, each ending where a sentence does
    (the next record's text or topic differs: `_documents` opens a group there)."""
    part: list[tuple[int, int, int]] = []
    for span in numbered:
        if len(part) >= PART and _sentence(path, data, part[-1]) != _sentence(path, data, span):
            yield part
            release(data, part[0][1], part[-1][2])  # read here only to find the records' ends
            part = []
        part.append(span)
    if part:
        yield part


def _sentence(path: Path, data: Any, span: tuple[int, int, int]) -> tuple[Any, Any]:
    record = _record(data[span[1] : span[2]], path, span[0])  # a malformed one: StoreError
    return record.get("text"), record.get("topic")


def _part(path: Path, numbered: list[tuple[int, int, int]]) -> Documents:
    """In a worker: one part's documents, the store mapped here."""
    with open(path, "rb") as f, _mapped(f) as data:
        return documents(path, data, numbered, frozenset())


def documents(
    path: Path, data: Any, numbered: list[tuple[int, int, int]], breaks: Collection[int]
) -> Documents:
    """In a worker: the documents of these records of `data` (a group also opening at each rowid of
    `breaks`), their groups numbered from 1, held whole (a part is small)."""
    docs: list[tuple[int, str]] = []
    owned: list[tuple[int, str]] = []
    rows: list[tuple[int, int, int, int]] = []

    def keep(d: list[tuple[int, str]], o: list[tuple[int, str]], r: list[tuple[int, int, int, int]]) -> None:
        docs.extend(d)
        owned.extend(o)
        rows.extend(r)
        d.clear()
        o.clear()
        r.clear()

    rowid, firsts, categories, tokens = _documents(path, data, numbered, 0, breaks, None, keep)
    return Documents(rowid, firsts, categories, tokens, docs, owned, rows)


def pool_workers(size: int) -> int:
    """How many worker processes index a store of `size` bytes: 0 below POOL_MIN_BYTES or on one core."""
    workers = min(_cores(), MAX_WORKERS)
    return workers if workers > 1 and size >= POOL_MIN_BYTES else 0


def _context() -> Any:
    """Workers forked (at once, sharing what is loaded) while this process runs one thread; with a
    thread running (a progress bar), a fork could copy a lock it holds: spawned then."""
    import multiprocessing
    import threading

    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")


def _flush(
    db: sqlite3.Connection,
    docs: list[tuple[int, str]],
    owned: list[tuple[int, str]],
    rows: list[tuple[int, int, int, int]],
) -> None:
    db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO grams(rowid, g) VALUES (?, ?)", docs)
    db.executemany("INSERT INTO owns(rowid, g) VALUES (?, ?)", owned)
    owned.clear()
    docs.clear()
    rows.clear()


def _record(text: bytes, path: Path, rowid: int) -> Record:
    """One record of the store, validated as `store.load` validates it."""
    try:
        doc = json.loads(text)
    except ValueError:
        raise _layout() from None
    return store.validate({store.TABLE: {str(rowid): doc}}, path)[0]


def _quoted(gram: str) -> str | None:
    """A gram as an FTS5 string; None for one the index cannot name (it holds SEP or NUL, which
    split it): such a gram narrows nothing."""
    if SEP in gram or "\0" in gram:
        return None
    return '"' + gram.replace('"', '""') + '"'


def _either(grams: Iterable[str]) -> str | None:
    """An FTS5 expression matching any of the grams (None: every group)."""
    quoted = [_quoted(g) for g in grams]
    return None if None in quoted else " OR ".join(q for q in quoted if q)


def _every(grams: Iterable[str]) -> str | None:
    """An FTS5 expression matching all of the grams (None: every group)."""
    quoted = [q for q in map(_quoted, grams) if q is not None]
    return " AND ".join(quoted) if quoted else None


_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _folded(gram: str) -> str:
    """A gram as the tokenizer stores it: ASCII letters lower-cased, nothing else."""
    return gram.translate(_FOLD)


@contextlib.contextmanager
def _mapped(f: Any) -> Iterator[Any]:
    """The file's bytes, mapped (an empty file cannot be mapped: its bytes are b"")."""
    if os.fstat(f.fileno()).st_size == 0:
        yield b""
        return
    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


def write(path: Path, progress: Progress | None = None) -> Path | None:
    """Index the store at `path` where it can be written; None if nowhere, or when the store is
    not in the indexed layout. StoreError for a malformed store."""
    import sqlite3

    for place in locations(path):
        try:
            build(path, place, progress)
            return place
        except _Layout:
            return None
        except (OSError, sqlite3.Error):
            continue
    return None


# -- reading ----------------------------------------------------------------------------------------


class Index:
    """An open, current index: candidate facts per stage, their records, the store's categories."""

    def __init__(self, db: sqlite3.Connection, data: Any) -> None:
        self.db = db
        self.data = data  # the store's bytes (mapped), which the index's spans point into
        self.count = int(db.execute("SELECT value FROM meta WHERE key = 'count'").fetchone()[0])
        firsts, stops = db.execute("SELECT firsts, stops FROM groups").fetchone()
        self.firsts = array("i")  # each group's first fact: postings and candidates name groups
        self.firsts.frombytes(firsts)
        self.groups = len(self.firsts)
        self.stops = array("i")  # each group's end (past its last fact), where an update wrote them:
        if stops is not None:  # its groups are out of store order, a dropped one empty (0, 0)
            self.stops.frombytes(stops)
        self._postings: dict[tuple[str, str], set[int]] = {}
        self._table = "grams"  # "owns" while `own` asks
        self._facts: dict[int, tuple[Record, Doc]] = {}
        self._spans: dict[int, tuple[int, int]] = {}  # facts' byte ranges read so far
        self._subjects: dict[int, int] = {}  # and their subjects' lengths
        self._tokens: dict[str, frozenset[str]] = {}
        self._fields: Memo = {}
        self._runs: dict[tuple[str, str], set[int]] = {}  # a pinyin run's candidates, by table

    def matching(self, expression: str | None) -> set[int]:
        """The groups an FTS5 expression over grams matches (None: every group), worked out in
        SQLite: an AND of common grams never brings their long lists into Python."""
        table = self._table
        if expression is None:
            return self._every()
        got = self._postings.get((table, expression))
        if got is None:
            rows = self.db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expression,))
            got = self._postings[table, expression] = set(chain.from_iterable(rows))
        return got

    def _every(self) -> set[int]:
        if self._table == "owns":
            raise _Every  # every fact's slot: `own` says None
        return set(range(1, self.groups + 1))

    def postings(self, gram: str) -> set[int]:
        return self.matching(_quoted(gram))

    def any_of(self, grams: Iterable[str]) -> set[int]:
        grams = list(grams)
        return self.matching(_either(grams)) if grams else set()

    def each_record(self, chunk: int = 5_000) -> Iterator[list[Record]]:
        """Every fact, in store order, a chunk at a time (`export`: memory holds one chunk)."""
        data = self.data
        rows = self.db.execute("SELECT start, stop FROM facts ORDER BY rowid")
        while spans := rows.fetchmany(chunk):
            yield [json.loads(data[a:b]) for a, b in spans]
            release(data, spans[0][0], spans[-1][1])

    def each_stored(self, chunk: int = 5_000) -> Iterator[list[store.Stored]]:
        """Every fact as its report and its bytes (`store.Stored`), in store order, a chunk at a
        time: no record decoded (its report read by a pattern on the bytes)."""
        data = self.data
        names: dict[bytes, str] = {}  # a report's name as JSON -> as text: decoded once
        rows = self.db.execute("SELECT start, stop FROM facts ORDER BY rowid")
        while spans := rows.fetchmany(chunk):
            out = []
            for a, b in spans:
                raw = data[a:b]
                found = _REPORT.search(raw)
                if found is None:
                    raise _layout()
                name = names.get(found[1])
                if name is None:
                    name = names[found[1]] = json.loads(found[1])
                out.append(store.Stored(name, raw))
            yield out
            release(data, spans[0][0], spans[-1][1])

    def all_records(self) -> list[Record]:
        """Every fact, in store order (`list`: no documents built)."""
        data = self.data
        return [
            json.loads(data[a:b]) for a, b in self.db.execute("SELECT start, stop FROM facts ORDER BY rowid")
        ]

    def pool(
        self, filters: Filters | None, categories: Collection[str] | None
    ) -> Callable[[list[Clause], int], Pool]:
        """search.run's pool: each stage's candidates that pass `filters` (`categories`: the
        headings filters.category matches), in store order, or tier by tier (`Pool.tiers`)."""

        def pool(clauses: list[Clause], stage: int) -> Pool:
            return Pool(self, clauses, stage, filters, categories)

        return pool

    def records(self, ids: Ids) -> list[tuple[Record, Doc]]:
        """The facts of these groups (ALL: every fact), in store order: each read from its span."""
        wanted = range(1, self.count + 1) if ids is None else self.facts_of(ids)
        self._read(wanted)
        return [self._facts[i] for i in wanted]

    def parsed(self, rowids: list[int]) -> list[tuple[Record, Doc]]:
        """These facts (rowids), each parsed once."""
        self._read(rowids)
        return [self._facts[i] for i in rowids]

    def _read(self, wanted: Iterable[int]) -> None:
        """Parse these facts (rowids) that are not parsed yet."""
        data, facts = self.data, self._facts
        spans = self._spans_of([i for i in wanted if i not in facts])
        # in store order: a folder's files each opened once, a file's pages read in turn
        for rowid, a, b in sorted(spans, key=operator.itemgetter(1)):
            record = json.loads(data[a:b])
            facts[rowid] = (record, Doc.of_record(record, self._fields, rowid))

    def own(self, clauses: list[Clause], stage: int) -> list[Owned]:
        """For each wanted clause, supersets of the facts (as slots, see SLOTS) whose own words (subject,
        figure, ranking: search._term_best's `own`) it may match (`Owned`), from the grams of those
        words alone (table `owns`). A mid-syllable or typo match is left out: it scores below a
        sentence's match anyway (search.own_max)."""
        out: list[Owned] = []
        self._table = "owns"
        try:
            for clause in clauses:
                if not clause.negate:
                    out.append(self._owned(clause, stage))
        finally:
            self._table = "grams"
        return out

    def _owned(self, clause: Clause, stage: int) -> Owned:
        forms: list[tuple[Way, set[int]]] | None = []
        sounded: list[tuple[Way, set[int]]] = []
        abbreviated: set[int] = set()
        for t, term in enumerate(clause.terms):
            try:
                if term.exact:
                    got = [((t, -1), self._exact(term, stage))]
                else:
                    got = []
                    for f, units in enumerate(term.forms[: term.strong]):  # a limited search's
                        found = self._form(units, stage)
                        if applies("homophone", stage):  # as written: stage 1's candidates
                            written = self._form(units, 1)
                            sounded.append(((t, f), found - written))
                            found = written
                        got.append(((t, f), found))
                if any(c.isdigit() for c in term.text) or (not term.exact and len(term.text) > 1):
                    # in a figure or a ranking, as written (their grams are not read by sound)
                    got.append(((t, LITERAL), self._all_chars(term.text)))
                forms = None if forms is None else forms + got
            except _Every:
                forms = None
            if not term.exact and applies("abbreviation", stage):
                abbreviated |= self._abbreviation(term, stage)
        return Owned(forms, sounded, abbreviated)

    def subject_lengths(self, rowids: Collection[int]) -> dict[int, int]:
        """Each of these facts' subject length in characters (0: none), from the index alone: no
        record read (a folder's candidates would otherwise map every file they are in)."""
        subjects = self._subjects
        self._fetch([rowid for rowid in rowids if rowid not in subjects])
        return {rowid: subjects.get(rowid, 0) for rowid in rowids}  # 0: not in the index, no bound

    def _spans_of(self, rowids: Iterable[int]) -> Iterator[tuple[int, int, int]]:
        """(rowid, start, stop) of these facts, in no particular order."""
        spans = self._spans
        wanted = list(rowids)
        self._fetch([rowid for rowid in wanted if rowid not in spans])
        for rowid in wanted:
            got = spans.get(rowid)
            if got is not None:  # a rowid the index lacks names no fact
                yield rowid, *got

    def _fetch(self, rowids: list[int]) -> None:
        """Read these facts' spans and subject lengths from SQLite, kept (a fact's subject is
        read for its bound before its record is parsed)."""
        if not rowids:
            return
        spans, subjects = self._spans, self._subjects
        rows = self.db.execute(
            "SELECT facts.rowid, start, stop, subject FROM json_each(?) JOIN facts ON facts.rowid = value",
            (json.dumps(rowids),),
        )
        for rowid, a, b, length in rows:
            spans[rowid] = (a, b)
            subjects[rowid] = length

    def slotted(self, slots: set[int], groups: Collection[int] | None = None) -> Iterator[int]:
        """The rowids of the facts in these slots, of these groups only (None: of any)."""
        for slot in slots:
            group = slot >> SLOT_BITS
            if groups is not None and group not in groups:
                continue
            first, stop = self.span(group)
            at = first + (slot & (SLOTS - 1))
            if slot & (SLOTS - 1) < SLOTS - 1:
                if at < stop:
                    yield at
            else:
                yield from range(at, stop)

    def span(self, group: int) -> tuple[int, int]:
        """A group's facts as a range of rowids (first, past the last)."""
        if self.stops:
            return self.firsts[group - 1], self.stops[group - 1]
        last = group == len(self.firsts)
        return self.firsts[group - 1], self.count + 1 if last else self.firsts[group]

    def facts_of(self, groups: Iterable[int]) -> list[int]:
        """The rowids of the facts of these groups, in store order."""
        firsts, ends = self.firsts, self.count + 1
        if self.stops:
            stops = self.stops
            return sorted(i for g in groups for i in range(firsts[g - 1], stops[g - 1]))
        last = len(firsts)
        return [i for g in sorted(groups) for i in range(firsts[g - 1], firsts[g] if g < last else ends)]

    def ranges(self) -> Iterator[tuple[int, int]]:
        """Each group's facts as a range of rowids (first, past the last): (0, 0) for a dropped one."""
        if self.stops:
            yield from zip(self.firsts, self.stops, strict=True)
            return
        yield from pairwise([*self.firsts, self.count + 1])

    def category_keys(self) -> dict[str, Any]:
        return {
            n: json.loads(k) for n, k in self.db.execute("SELECT name, key FROM categories ORDER BY rowid")
        }

    # -- candidates: one method per rule of match.RULES (CANDIDATES) ------------------------------

    def candidates(self, clauses: list[Clause], stage: int) -> Ids:
        """A superset of the facts that can match every wanted clause at this stage."""
        out: Ids = ALL if any(not c.negate for c in clauses) else set()
        for clause in clauses:
            if clause.negate:
                continue  # exclusion only removes facts
            ids: set[int] = set()
            for term in clause.terms:
                got = self._term(term, stage)
                if got is ALL:
                    ids = self._every()
                    break
                ids |= got
            out = ids if out is None else out & ids
        return out

    def _all_chars(self, text: str) -> set[int]:
        return self.matching(_every("c" + ch for ch in set(text)))

    def _term(self, term: Term, stage: int) -> Ids:
        if term.exact:
            return self._exact(term, stage)
        ids: set[int] = set()
        for rule, method in CANDIDATES.items():
            if rule == "exact" or method is None or not applies(rule, stage):
                continue
            got = method(self, term, stage)
            if got is ALL:
                return ALL
            ids |= got
        return ids

    def _exact(self, term: Term, stage: int) -> set[int]:
        return self._all_chars(term.text)

    def _forms(self, term: Term, stage: int) -> set[int]:
        ids: set[int] = set()
        for units in term.forms:
            ids |= self._form(units, stage)
        return ids

    def _abbreviation(self, term: Term, stage: int) -> set[int]:
        word = term.text
        if len(word) < 2 or not all(is_cjk(c) for c in word):
            return set()
        if len(word) < 4:  # too short to be abbreviated: it abbreviates a stretch holding it in order
            return self._all_chars(word)
        return self.matching(f"({_either(['c' + word[0]])}) AND ({_either('c' + c for c in word[-2:])})")

    def _mid_syllable(self, term: Term, stage: int) -> set[int]:
        letters = term.letters
        if not letters or len(letters) < 4:  # match.mid_syllable
            return set()
        return self._all_of("j" + letters[i : i + 2] for i in range(len(letters) - 1))

    def _all_of(self, grams: Iterable[str]) -> set[int]:
        grams = list(grams)
        return self.matching(_every(grams)) if grams else set()

    def tokens(self, char: str) -> frozenset[str]:
        """The tokens the store's fields hold at this character (none: it is not in the store)."""
        got = self._tokens.get(char)
        if got is None:
            row = self.db.execute("SELECT tokens FROM tokens WHERE char = ?", (char,)).fetchone()
            got = self._tokens[char] = frozenset(json.loads(row[0]) if row else ())
        return got

    def _unit_tokens(self, unit: Unit, table: dict[str, frozenset[str]]) -> set[str]:
        """The tokens a field holds where this (non-pinyin) unit matches one of its characters:
        the character's or its simplified form's, or (stage 2, `table` given) a homophone's."""
        out = set(self.tokens(unit.text))
        if unit.simplified:
            out |= self.tokens(unit.simplified)
        sounds = match.homophones(unit, table)
        out.update(s for sound in sounds for s in (sound, sound.replace("v", "u")))
        return out

    def _form(self, units: tuple[Unit, ...], stage: int) -> set[int]:
        if not units:
            return set()
        table = readings() if applies("homophone", stage) else {}
        wanted: list[str | None] = []  # each an OR of grams; the units' characters need all of them
        # neighbouring non-pinyin units match neighbouring characters (match.best_penalty)
        for a, b in pairwise(units):
            if a.kind == "pinyin" or b.kind == "pinyin":
                continue
            firsts, seconds = self._unit_tokens(a, table), self._unit_tokens(b, table)
            if not firsts or not seconds:
                return set()
            wanted.append(_either(f"y{x} {y}" for x in firsts for y in seconds))
        for unit in units:
            if unit.kind != "pinyin":
                grams = {"c" + unit.text, "c" + (unit.simplified or unit.text)}
                grams.update("s" + s.replace("v", "u") for s in match.homophones(unit, table))
                wanted.append(_either(grams))
        narrowing = [f"({w})" for w in wanted if w is not None]
        out = self.matching(" AND ".join(narrowing)) if narrowing else None
        for unit in units:
            if unit.kind == "pinyin" and (out is None or out):
                ids = self._pinyin(unit.text)
                out = ids if out is None else out & ids
        return self._every() if out is None else out

    def _pinyin(self, run: str) -> set[int]:
        """A pinyin run matches pieces of it to consecutive syllables, each piece a prefix of its
        syllable (whole, initial or partial). So the run splits into prefixes of known syllables,
        and the fact holds the initials of each two neighbouring pieces (`gdzctz`: gd, dz, zc, ct, tz).
        Kept for the next stage, which asks again (a common run's sets are large: ~0.3 s a stage
        at a million facts).
        """
        key = (self._table, run)
        got = self._runs.get(key)
        if got is None:
            got = self._runs[key] = self._split(run)
        return got

    def _split(self, run: str) -> set[int]:
        prefixes = self._prefixes()
        syllables = set(self._syllables())

        @cache
        def rest(i: int) -> Ids:
            """Facts where pieces from run[i] on can follow a syllable; ALL when run[i:] is one piece."""
            out: set[int] = set()
            for j in range(i + 1, len(run) + 1):
                piece = run[i:j]
                if piece not in prefixes:
                    break  # prefixes of prefixes are prefixes: nothing longer is one either
                if j == len(run):
                    if i == 0:
                        break  # the whole run as one piece: the syllables it begins, added below
                    return ALL  # the last piece may be a syllable's beginning
                # before the last piece: a whole syllable, or an initial (b, zh)
                pair: set[int] = set()
                if "s" + piece in syllables:
                    pair |= self.postings("p" + piece + run[j])
                if len(piece) == 1 or piece in ("zh", "ch", "sh"):
                    pair |= self.postings("i" + run[i] + run[j])
                if pair:
                    after = rest(j)
                    out |= pair if after is ALL else pair & after
            return out

        # split into pieces (`ke`: `kou e`), or one piece, a syllable's beginning (`ke`, `ken`)
        split = rest(0) or set()
        return split | self.any_of(g for g in self._syllables() if g.startswith("s" + run))

    def _syllables(self) -> list[str]:
        if not hasattr(self, "_syllable_grams"):
            rows = self.db.execute("SELECT syllable FROM syllables")
            self._syllable_grams = ["s" + g for (g,) in rows]
        return self._syllable_grams

    def _prefixes(self) -> set[str]:
        if not hasattr(self, "_prefix_set"):
            self._prefix_set = {g[1:i] for g in self._syllables() for i in range(2, len(g) + 1)}
        return self._prefix_set

    def _fuzzy(self, term: Term, stage: int) -> Ids:
        """match.fuzzy and match.spread: enough shared grams, or a field shorter than the term."""
        letters = term.letters
        if letters:
            if len(letters) < 4:
                return set()
            return self._shared(letters, 2, match.FUZZY_PINYIN, "lj")
        text = term.text
        ids: set[int] = set()
        if len(text) >= 3 and not text.isascii():  # spread: every character, in order
            ids |= self._all_chars(text)
        if sum(1 for c in text if not c.isascii()) >= 4 or len(text) >= 5:
            got = self._shared(text, 1, match.FUZZY_HAN, "lc")
            if got is ALL:
                return ALL
            ids |= got
        return ids

    def _shared(self, needle: str, q: int, cutoff: float, length: str) -> Ids:
        need = match.shared_needed(len(needle), cutoff, q)
        weights: Counter[str] = Counter()
        for gram, times in Counter(match.grams(needle, q)).items():
            if q == 2 and not gram.isalpha():
                continue
            token = ("c" if q == 1 else "j") + gram
            if _quoted(token) is None:
                need -= times  # a gram the index cannot name: counted as shared by every group
            else:
                weights[_folded(token)] += times
        if need <= 0:
            return ALL
        ids: set[int] = set()
        if weights:  # the groups holding enough of the grams, counted in SQLite
            values = ", ".join("(?, ?)" for _ in weights)
            rows = self.db.execute(
                f"SELECT doc FROM {self._table}_instances JOIN (VALUES {values}) ON term = column1 "
                "GROUP BY doc HAVING sum(column2) >= ?",
                [*chain.from_iterable(weights.items()), need],
            )
            ids = set(chain.from_iterable(rows))
        # a field shorter than the needle: rapidfuzz slides it along the needle instead
        return ids | self.any_of([f"{length}{n}" for n in range(len(needle))])


class Tier(NamedTuple):
    """Some candidates of one bound, in store order from `first` (their rowid: 0 when unknown), and
    read by `load` as [(position, record, document)]; `below` is the next tier's bound (-1: none)."""

    bound: float
    below: float
    first: int
    load: Callable[[], list[Fact]]


Way = tuple[int, int]  # a clause's term and its form (-1: an exact term's text; LITERAL: as written)


class Owned(NamedTuple):
    """Where a clause may match a fact's own words (`Index.own`), as sets of slots: each form's as
    written (its characters or syllables; None: any fact) and each form's only by sound (a
    homophone), and as an abbreviation."""

    forms: list[tuple[Way, set[int]]] | None
    sounded: list[tuple[Way, set[int]]]
    abbreviated: set[int]


class _Every(Exception):
    """A clause may match the own words of every fact (`Index.own`)."""


class Pool(Sequence[tuple[Record, Doc]]):
    """One stage's candidates: a sequence of (record, document) in store order, parsed when first
    read; or, for a search that wants only its best few (search._run's `limit`), tier by tier
    (`tiers`), best bound first, so that it can stop before the rest are parsed."""

    def __init__(
        self,
        index: Index,
        clauses: list[Clause],
        stage: int,
        filters: Filters | None,
        categories: Collection[str] | None,
    ) -> None:
        self.source, self.clauses, self.stage = index, clauses, stage
        self.filters, self.categories = filters, categories
        self._all: list[tuple[Record, Doc]] | None = None

    @cached_property
    def ids(self) -> Ids:
        """The candidate groups (`Index.candidates`), worked out when first asked: a limited search
        of one clause may never need them (its tiers come from the clause's own words)."""
        return self.source.candidates(self.clauses, self.stage)

    def _kept(self, facts: list[tuple[Record, Doc]]) -> list[tuple[Record, Doc]]:
        if self.filters is None:
            return facts
        kept = {id(r) for r in select([r for r, _ in facts], self.filters, self.categories)}
        return [(r, f) for r, f in facts if id(r) in kept]

    def _facts(self) -> list[tuple[Record, Doc]]:
        if self._all is None:
            self._all = self._kept(self.source.records(self.ids))
        return self._all

    def __len__(self) -> int:
        return len(self._facts())

    def __getitem__(self, i: Any) -> Any:
        return self._facts()[i]

    def __iter__(self) -> Iterator[tuple[Record, Doc]]:
        return iter(self._facts())

    def tiers(
        self, own: Callable[[int, int, Way, bool], float], abbreviated: float, other: float
    ) -> Iterator[Tier]:
        """The candidates tier by tier (`Tier`), highest bound first, each tier in store order in
        chunks of CHUNK facts (a search may stop inside a tier: a tie keeps store order). A fact's
        bound is the mean over the wanted clauses of `own(clause, its subject's length, the form,
        by sound only)` for the forms that may match its own words (`Index.own`), else
        `abbreviated` where the clause may abbreviate them, else `other`. Only the facts some clause
        may own are looked at one by one (their subjects' lengths read from their bytes); the rest
        are one last tier, listed only if it is read."""
        index = self.source
        owned = index.own(self.clauses, self.stage)
        if not owned:
            return
        # several clauses: only the facts that may match them all (one clause's own words are
        # among its candidates, as the owns table's grams are among the grams table's)
        groups: Collection[int] | None = None
        if len(owned) > 1 and self.ids is not None:
            groups = self.ids
        everywhere = [i for i, way in enumerate(owned) if way.forms is None]
        fixed = sum(own(i, 0, (0, -1), False) for i in everywhere)  # every fact may own it: its most
        rest = [0.0 if i in everywhere else other for i in range(len(owned))]
        ways: dict[int, list[float]] = {}  # a fact some clause may own: each clause's bound
        formed: dict[int, list[tuple[int, Way, bool]]] = {}  # and the forms it may own
        for i, way in enumerate(owned):
            if way.forms is None:
                continue
            for rowid in index.slotted(way.abbreviated, groups):
                ways.setdefault(rowid, rest.copy())[i] = abbreviated
            for sounded, forms in ((True, way.sounded), (False, way.forms)):
                for form, slots in forms:
                    for rowid in index.slotted(slots, groups):
                        formed.setdefault(rowid, []).append((i, form, sounded))
        lengths = index.subject_lengths(formed)
        for rowid, clauses in formed.items():
            bounds = ways.setdefault(rowid, rest.copy())
            length = lengths.get(rowid, 0)
            for i, form, sounded in clauses:
                bounds[i] = max(bounds[i], own(i, length, form, sounded))
        tiers: dict[float, list[int]] = {}
        for rowid in sorted(ways):
            tiers.setdefault((fixed + sum(ways[rowid])) / len(owned), []).append(rowid)

        def others() -> list[Fact]:
            ids = range(1, index.groups + 1) if self.ids is None else self.ids
            return self._tier([i for i in index.facts_of(ids) if i not in ways])

        last = (fixed + sum(rest)) / len(owned)
        levels = sorted({*tiers, last}, reverse=True)
        for bound, below in zip(levels, [*levels[1:], -1.0], strict=True):
            rowids = tiers.get(bound, [])
            for at in range(0, len(rowids), CHUNK):
                chunk = rowids[at : at + CHUNK]
                # the last tier's bound is also the other facts', whose places are not known
                yield Tier(bound, below, chunk[0] if bound != last else 0, partial(self._tier, chunk))
            if bound == last:
                yield Tier(bound, below, 0, others)

    def _tier(self, rowids: list[int]) -> list[Fact]:
        facts = self.source.parsed(rowids)
        kept = {id(r) for r, _ in self._kept(facts)}
        return [(i, r, d) for i, (r, d) in zip(rowids, facts, strict=True) if id(r) in kept]


Fact = tuple[int, Record, Doc]  # a fact's position in the store, its record, its document


CANDIDATES: dict[str, Callable[[Index, Term, int], Ids] | None] = {
    "exact": Index._exact,
    "form": Index._forms,
    "abbreviation": Index._abbreviation,
    # no candidates of its own: a homophone stands in a form, so from its stage on `_form` widens
    # each character's grams by its homophones' sounds (`readings` when `applies("homophone")`)
    "homophone": None,
    "mid_syllable": Index._mid_syllable,
    "fuzzy": Index._fuzzy,
}  # the candidates of each rule of match.RULES, in its order


def refresh(path: Path, progress: Progress | None = None) -> None:
    """After a build: index the new store now if it is large, so that no query pays for it; if it is
    small, remove the index of what it was before (it may be gigabytes)."""
    if path.stat().st_size >= store.INDEX_MIN_BYTES:
        write(path, progress)
        return
    for place in locations(path):
        with contextlib.suppress(OSError):
            place.unlink(missing_ok=True)
            store.remove_orphans(place)


def open_index(path: Path, progress: Progress | None = None) -> Index | None:
    """The current index of the store at `path`, rebuilt if stale or damaged (`progress` hears of a
    rebuild); None for a small store, one not in the indexed layout, or where no index can be
    written (then the caller parses the store)."""

    try:
        f = open(path, "rb")  # noqa: SIM115 (the map outlives it)
    except OSError:
        return None  # store.load reports it
    with f:
        return _open(path, f, progress)


def _open(path: Path, f: Any, progress: Progress | None) -> Index | None:
    import sqlite3

    if os.fstat(f.fileno()).st_size < store.INDEX_MIN_BYTES:
        return None
    stamp = stat_of(f)
    data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    digest: str | None = None
    for place in locations(path):
        if not place.is_file():
            continue
        try:
            db = _connect_ro(sqlite3, place)
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("schema") == SCHEMA and meta.get("stat") == stamp:
                return Index(db, data)
            if meta.get("schema") == SCHEMA and meta.get("content") == (digest := digest or content_hash(f)):
                _restamp(sqlite3, place, stamp)  # touched, not changed
                return Index(db, data)
            db.close()
        except sqlite3.Error:
            pass
        with contextlib.suppress(OSError):
            place.unlink()  # stale or damaged: never trusted
    built = write(path, progress)
    if built is None:
        return None
    db = _connect_ro(sqlite3, built)
    if db.execute("SELECT value FROM meta WHERE key = 'stat'").fetchone() != (stamp,):
        db.close()
        return None  # the store changed while it was indexed: parse what we opened
    return Index(db, data)


def _restamp(sqlite3: Any, place: Path, stamp: str) -> None:
    """Record the store's new stat, so the next open need not hash it; where the index is read-only
    every open hashes it instead."""
    with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(place)) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'stat'", (stamp,))
        db.commit()


def _connect_ro(sqlite3: Any, path: Path) -> sqlite3.Connection:
    """Open read-only. The path goes into a URI, where `%`, `?` and `#` have meanings of their own:
    unescaped, `/tmp/we#ird/x` would open (and create) `/tmp/we`."""
    escaped = str(path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return sqlite3.connect(f"file:{escaped}?mode=ro", uri=True)  # type: ignore[no-any-return]


# -- updating ----------------------------------------------------------------------------------------

DEAD_MAX = 0.3  # above this share of dropped groups an update rebuilds instead: queries would wade


class Before:
    """A store about to be rewritten by an incremental build, whose index is current: the open
    file (its bytes outlive the rename of the new store over it), its report rows, the index."""

    def __init__(self, file: Any, stamp: str, rows: list[Record], place: Path) -> None:
        self.file, self.stamp, self.rows, self.place = file, stamp, rows, place


def before_update(path: Path) -> Before | None:
    """What `update` needs of the store at `path` before it is rewritten; None when it has no
    current index (then the caller rebuilds). The caller closes `Before.file`."""
    import sqlite3

    try:
        f = open(path, "rb")  # noqa: SIM115 (kept open until the update)
    except OSError:
        return None
    stamp = stat_of(f)
    for place in locations(path):
        if not place.is_file():
            continue
        try:
            with contextlib.closing(_connect_ro(sqlite3, place)) as db:
                meta = dict(db.execute("SELECT key, value FROM meta"))
            rows = store.load_reports(path)
        except (sqlite3.Error, StoreError):
            continue
        if meta.get("schema") == SCHEMA and meta.get("stat") == stamp and rows:
            return Before(f, stamp, rows, place)
    f.close()
    return None


class _Rebuild(Exception):
    """The index cannot be updated safely: the caller rebuilds it."""


def update(path: Path, before: Before, progress: Progress | None = None) -> bool:
    """Update the index of the store `before` was to the store now at `path`, in one transaction;
    False when it cannot be done safely (the caller rebuilds). A report whose records are byte for
    byte those of the old store keeps its groups (their rowids shifted); the others' groups are
    dropped, the new facts' groups appended (postings in parts of their own); the facts' spans come
    from the fast span scan, never from the grams."""
    import sqlite3

    if path.stat().st_size < store.INDEX_MIN_BYTES:
        return False
    try:
        rows = store.load_reports(path)
        with (
            open(path, "rb") as f,
            _mapped(f) as new,
            _mapped(before.file) as old,
            contextlib.closing(sqlite3.connect(before.place)) as db,
            db,  # one transaction: committed whole or rolled back
        ):
            db.execute("PRAGMA synchronous=OFF")  # derived: a build writes it with no sync at all
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("schema") != SCHEMA or meta.get("stat") != before.stamp:
                return False  # changed since: by a query's rebuild, say
            count = _update(db, path, old, new, before.rows, rows, progress)
            values = {"stat": stat_of(f), "content": content_hash(f), "count": str(count)}
            db.executemany("UPDATE meta SET value = ? WHERE key = ?", [(v, k) for k, v in values.items()])
        return True
    except (_Rebuild, StoreError, OSError, sqlite3.Error, ValueError):
        return False


def _ranges(rows: list[Record]) -> dict[str, tuple[int, int]]:
    """Each report's facts as a range of rowids, from the rows' counts (facts stand in rows' order)."""
    out, at = {}, 1
    for row in rows:
        n = row.get("facts")
        if not isinstance(n, int) or n < 0 or row["id"] in out:
            raise _Rebuild
        out[row["id"]] = (at, at + n)
        at += n
    return out


def _update(
    db: sqlite3.Connection,
    path: Path,
    old: Any,
    new: Any,
    old_rows: list[Record],
    new_rows: list[Record],
    progress: Progress | None,
) -> int:
    """The update's tables; the new store's count. _Rebuild when it is not safe."""
    found = Index(db, b"")
    old_spans = [(0, 0), *db.execute("SELECT start, stop FROM facts ORDER BY rowid")]
    new_spans = _scan(new)
    was, now = _ranges(old_rows), _ranges(new_rows)
    if len(old_spans) - 1 != found.count or max((b for _, b in was.values()), default=1) != found.count + 1:
        raise _Rebuild
    if max((b for _, b in now.values()), default=1) != len(new_spans):
        raise _Rebuild
    shift: dict[str, int] = {}  # a kept report: its rowids' shift
    for rid, (a, b) in was.items():
        c, d = now.get(rid, (0, 0))
        if d - c == b - a and _same(old, new, old_spans[a:b], new_spans[c:d]):
            shift[rid] = c - a
    categories, tokens = regroup(db, path, new, found, was, now, old_spans, new_spans, shift, progress)
    _update_tables(db, _category_order(new, new_spans), categories, tokens)
    return len(new_spans) - 1


def regroup(
    db: sqlite3.Connection,
    path: Path,
    new: Any,
    found: Index,
    was: dict[str, tuple[int, int]],
    now: dict[str, tuple[int, int]],
    old_spans: list[tuple[int, int]],
    new_spans: list[tuple[int, int]],
    shift: dict[str, int],
    progress: Progress | None,
) -> tuple[dict[str, Any], dict[str, set[str]]]:
    """An update's groups and facts: the groups of the reports `shift` keeps moved by it, the
    others' dropped, the rest of `now` (each report's new rowids, spans in `new_spans`) indexed
    anew (old rowids' spans in `old_spans`). Returns the new facts' categories' keys and
    characters' tokens; _Rebuild when unsafe."""
    owner = [""] * (max((b for _, b in was.values()), default=1))  # each old rowid's report
    for rid, (a, b) in was.items():
        owner[a:b] = [rid] * (b - a)
    firsts, stops, dead = array("i"), array("i"), 0
    for a, b in found.ranges():
        rid = owner[a] if b > a else ""
        if b > a and owner[b - 1] != rid:
            raise _Rebuild  # a group across two reports: rare, never guessed at
        if rid in shift:
            firsts.append(a + shift[rid])
            stops.append(b + shift[rid])
        else:
            firsts.append(0)
            stops.append(0)
            dead += 1
    fresh = [(c, d) for rid, (c, d) in now.items() if rid not in shift]
    numbered = ((i, *new_spans[i]) for c, d in fresh for i in range(c, d))
    # the facts before the first that moved or changed keep their rows (a report added at the
    # end moves none): at a million facts, rewriting them all was most of an update's time
    # (a single file's spans all move when its reports table grows)
    moved = [a for rid, (a, _) in was.items() if shift.get(rid) != 0]
    moved += [c for rid, (c, _) in now.items() if shift.get(rid) != 0]
    stable = min(moved, default=len(new_spans))
    stable = next((i for i in range(1, stable) if old_spans[i] != new_spans[i]), stable)
    subjects = array(
        "i",
        chain.from_iterable(
            db.execute("SELECT subject FROM facts WHERE rowid >= ? ORDER BY rowid", (stable,))
        ),
    )  # the old facts' from `stable` on: a kept one's is its old rowid's (every old one is at or past it)
    if len(subjects) != max(len(old_spans) - stable, 0):
        raise _Rebuild  # a facts table with gaps: never guessed at
    db.execute("DELETE FROM facts WHERE rowid >= ?", (stable,))
    _, added, categories, tokens = _grams(
        path, new, numbered, db, len(firsts), {c for c, _ in fresh}, progress
    )
    ends = sorted({d for _, d in fresh} | {len(new_spans)})
    for first in added:  # a new group ends at the next one's start, or its report's end
        firsts.append(first)
    for i, first in enumerate(added):
        end = added[i + 1] if i + 1 < len(added) else len(new_spans)
        stops.append(min(end, next(d for d in ends if d > first)))
    if dead > DEAD_MAX * len(firsts):
        raise _Rebuild
    kept = ((i, shift[rid]) for rid, (c, d) in now.items() if rid in shift for i in range(max(c, stable), d))
    db.executemany(
        "INSERT INTO facts VALUES (?, ?, ?, ?)",
        ((i, *new_spans[i], subjects[i - moved_by - stable]) for i, moved_by in kept),
    )
    db.execute(
        "UPDATE groups SET firsts = ?, stops = ?",
        (firsts.tobytes(), stops.tobytes()),
    )
    return categories, tokens


def _scan(data: Any) -> list[tuple[int, int]]:
    """The spans of the store's records, from rowid 1 (a dummy at 0), its pages let go as it goes."""
    out, released = [(0, 0)], 0
    for start, stop in spans(data):
        out.append((start, stop))
        if not len(out) % 5_000:
            release(data, released, start)
            released = start
    release(data, released, len(data))
    return out


def _same(old: Any, new: Any, these: list[tuple[int, int]], those: list[tuple[int, int]]) -> bool:
    """These records of the old store are byte for byte those of the new one (keys aside)."""
    for k in range(0, len(these), 5_000):
        a, b = these[k : k + 5_000], those[k : k + 5_000]
        same = all(old[x:y] == new[u:v] for (x, y), (u, v) in zip(a, b, strict=True))
        release(old, a[0][0], a[-1][1])
        release(new, b[0][0], b[-1][1])
        if not same:
            return False
    return True


_CATEGORY = re.compile(rb'\n   "category": ("(?:[^"\\]|\\.)*")')  # a record's own field, three in
_REPORT = re.compile(rb'\n   "report": ("(?:[^"\\]|\\.)*")')


def _category_order(new: Any, where: list[tuple[int, int]]) -> list[str]:
    """The store's categories in store order, read off its records' bytes (none decoded)."""
    raw: dict[bytes, None] = {}  # each category's JSON, in store order: decoded once
    for k in range(1, len(where), 5_000):  # a window of records at a time, its pages let go after
        start, stop = where[k][0], where[min(k + 5_000, len(where)) - 1][1]
        raw.update(dict.fromkeys(_CATEGORY.findall(new, start, stop)))
        release(new, start, stop)
    return [json.loads(r) for r in raw]


def _update_tables(
    db: sqlite3.Connection,
    order: Iterable[str],
    categories: dict[str, Any],
    tokens: dict[str, set[str]],
) -> None:
    """The categories in the new store's `order` (keys known from the index or the new facts), and
    the new facts' tokens added (a token of a dropped fact stays: it only widens candidates)."""
    known = {n: json.loads(k) for n, k in db.execute("SELECT name, key FROM categories")}
    known.update(categories)
    order = dict.fromkeys(order)
    if any(name not in known for name in order):
        raise _Rebuild
    db.execute("DELETE FROM categories")
    db.executemany(
        "INSERT INTO categories VALUES (?, ?)",
        ((n, json.dumps(known[n], ensure_ascii=False)) for n in order),
    )
    had: dict[str, set[str]] = {}
    chars = list(tokens)
    for k in range(0, len(chars), 500):  # only the new facts' characters', a few queries in all
        chunk = chars[k : k + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT char, tokens FROM tokens WHERE char IN ({marks})", chunk)
        had.update((ch, set(json.loads(t))) for ch, t in rows)
    changed = {ch: got | had.get(ch, set()) for ch, got in tokens.items() if not got <= had.get(ch, set())}
    db.executemany(
        "INSERT OR REPLACE INTO tokens VALUES (?, ?)",
        ((ch, json.dumps(sorted(t), ensure_ascii=False)) for ch, t in changed.items()),
    )
    if changed:
        db.execute(SYLLABLES)
