"""A derived, rebuildable index beside a large store, so a query reads only the facts that may match.

The store of record stays the TinyDB JSON file; parsing 100,000 facts of it takes seconds. The index
is an SQLite file (stdlib `sqlite3`) holding each fact's record and postings: gram -> the rowids
(store order) of the facts whose searched fields (subject, sentence, topic: `doc.searched`)
contain it. Grams are characters (`c游`), pinyin syllables (`syou`), initials of consecutive
syllables (`iyk`), a syllable and its follower's initial (`pyouk`), the tokens (syllable, else
character) of neighbouring characters (`yyou ke`), letter pairs of the run-together pinyin (`jou`)
and the shortest field's length (`lc7`, `lj20`). A table `tokens` holds each character's tokens in the store, so that a query's
characters (or their homophones) become token pairs: `油客` needs `you ke` side by side.

For each stage of a search, `candidates` is a superset of the facts that stage can match: each rule
of `match.RULES` has its candidate method (`CANDIDATES`), on from the stage the table gives it,
rapidfuzz's through the bound in `match.shared_needed`. So a search over the candidates returns
exactly what a search over every fact returns. engine.py decides when a store is read this way.

It lives at `.NAME.sqlite` beside the store, or in the user's cache folder when the store's folder
is read-only, and records the store's size, mtime and a hash of its ends plus a schema version:
any mismatch, or a file SQLite cannot read, means a rebuild, never a stale answer. A store smaller
than `store.INDEX_MIN_BYTES` is simply parsed: that is faster than opening SQLite (measured, see README).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taishan import store
from taishan.query import match
from taishan.query.doc import Doc, Memo, searched
from taishan.query.filters import Filters, category_keys, select
from taishan.query.lexicon import readings
from taishan.query.match import applies
from taishan.query.parse import Clause, Term, Unit
from taishan.store import Record

if TYPE_CHECKING:
    import sqlite3

SCHEMA = "taishan-index 3"
MAX_LEN = 65  # length grams stop here: a term is at most 64 characters
ALL = None  # a candidate set meaning every fact

Ids = set[int] | None


def signature(path: Path) -> str:
    """What the index must have been built from: schema, size, mtime and a hash of both ends."""
    st = path.stat()
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        h.update(f.read(1 << 16))
        if st.st_size > 1 << 16:
            f.seek(max(st.st_size - (1 << 16), 1 << 16))
            h.update(f.read())
    return f"{SCHEMA} {st.st_size} {st.st_mtime_ns} {h.hexdigest()}"


def locations(path: Path) -> list[Path]:
    """Beside the store first, then the user's cache folder."""
    path = path.resolve()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "taishan"
    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()[:16]
    return [path.parent / f".{path.name}.sqlite", cache / f"{path.stem}-{digest}.sqlite"]


# -- grams -----------------------------------------------------------------------------------------


def field_grams(field: match.Field) -> set[str]:
    """The grams of one field."""
    out = {"c" + ch for ch in field.chars}
    syls = field.syllables
    pinyin = [s.isascii() and s.isalpha() for s in syls]
    for i, syl in enumerate(syls):
        if pinyin[i]:
            out.add("s" + syl)
            if i + 1 < len(syls) and pinyin[i + 1]:
                out.add("i" + syl[0] + syls[i + 1][0])
                out.add("p" + syl + syls[i + 1][0])
    out.update(f"y{a} {b}" for a, b in pairwise(syls))  # a separator in a token only adds ids
    joined = field.joined
    out.update("j" + joined[i : i + 2] for i in range(len(joined) - 1) if joined[i : i + 2].isalpha())
    return out


# -- building ----------------------------------------------------------------------------------------


def build(records: list[Record], target: Path, sig: str) -> None:
    """Write the index of `records` to `target` (atomically: a temporary file, then a rename)."""
    import sqlite3

    postings: dict[str, list[int]] = {}
    memo: dict[tuple[str, Any], frozenset[str]] = {}  # a sentence's grams, shared by its facts
    tokens: dict[str, set[str]] = {}  # character -> its tokens (syllables) anywhere in the store
    for rowid, record in enumerate(records, start=1):
        keys = record.get("keys") or {}
        grams: set[str] = set()
        lengths_c, lengths_j = [], []
        for name in searched(record):
            text = record[name]
            key = keys.get(name)
            k = (text, key if not isinstance(key, list) else tuple(key))
            field = match.Field.of(text, key)
            got = memo.get(k)
            if got is None:
                got = memo[k] = frozenset(field_grams(field))
                for ch, token in zip(field.chars, field.syllables, strict=True):
                    seen = tokens.get(ch)
                    if seen is None:
                        tokens[ch] = {token}
                    else:
                        seen.add(token)
            grams |= got
            lengths_c.append(len(field.chars))
            lengths_j.append(len(field.joined))
        grams.add(f"lc{min(min(lengths_c, default=0), MAX_LEN)}")
        grams.add(f"lj{min(min(lengths_j, default=0), MAX_LEN)}")
        for g in grams:
            ids = postings.get(g)
            if ids is None:
                postings[g] = [rowid]
            else:
                ids.append(rowid)
        if len(memo) > 200_000:
            memo.clear()
    with store.atomic_path(target) as tmp:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE facts (rowid INTEGER PRIMARY KEY, record TEXT)")
            db.execute("CREATE TABLE grams (gram TEXT PRIMARY KEY, ids BLOB)")
            db.execute("CREATE TABLE categories (name TEXT, key TEXT)")
            db.execute("CREATE TABLE tokens (char TEXT PRIMARY KEY, tokens TEXT)")
            dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
            db.executemany(
                "INSERT INTO facts VALUES (?, ?)", ((i, dump(r)) for i, r in enumerate(records, 1))
            )
            db.executemany(
                "INSERT INTO grams VALUES (?, ?)",
                ((g, array("i", ids).tobytes()) for g, ids in postings.items()),
            )
            db.executemany(
                "INSERT INTO categories VALUES (?, ?)",
                ((n, json.dumps(k, ensure_ascii=False)) for n, k in category_keys(records).items()),
            )
            db.executemany(
                "INSERT INTO tokens VALUES (?, ?)",
                ((ch, json.dumps(sorted(t), ensure_ascii=False)) for ch, t in tokens.items()),
            )
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)", [("signature", sig), ("count", str(len(records)))]
            )
            db.commit()
        finally:
            db.close()


def write(path: Path, records: list[Record]) -> Path | None:
    """Index the store at `path` (whose facts are `records`) where it can be written; None if nowhere."""
    import sqlite3

    sig = signature(path)
    for place in locations(path):
        try:
            build(records, place, sig)
            return place
        except (OSError, sqlite3.Error):
            continue
    return None


# -- reading ----------------------------------------------------------------------------------------


class Index:
    """An open, current index: candidate facts per stage, their records, the store's categories."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.count = int(db.execute("SELECT value FROM meta WHERE key = 'count'").fetchone()[0])
        self._postings: dict[str, set[int]] = {}
        self._facts: dict[int, tuple[Record, Doc]] = {}
        self._tokens: dict[str, frozenset[str]] = {}
        self._fields: Memo = {}

    def postings(self, gram: str) -> set[int]:
        got = self._postings.get(gram)
        if got is None:
            row = self.db.execute("SELECT ids FROM grams WHERE gram = ?", (gram,)).fetchone()
            ids = array("i")
            if row is not None:
                ids.frombytes(row[0])
            got = self._postings[gram] = set(ids)
        return got

    def any_of(self, grams: Iterable[str]) -> set[int]:
        out: set[int] = set()
        for g in grams:
            out |= self.postings(g)
        return out

    def all_records(self) -> list[Record]:
        """Every fact, in store order (`list`: no documents built)."""
        return [json.loads(text) for (text,) in self.db.execute("SELECT record FROM facts ORDER BY rowid")]

    def pool(
        self, filters: Filters | None, categories: Collection[str] | None
    ) -> Callable[[list[Clause], int], list[tuple[Record, Doc]]]:
        """search.run's pool: each stage's candidates that pass `filters` (`categories`: the
        headings filters.category matches), in store order."""

        def pool(clauses: list[Clause], stage: int) -> list[tuple[Record, Doc]]:
            facts = self.records(self.candidates(clauses, stage))
            if filters is None:
                return facts
            kept = {id(r) for r in select([r for r, _ in facts], filters, categories)}
            return [(r, f) for r, f in facts if id(r) in kept]

        return pool

    def records(self, ids: Ids) -> list[tuple[Record, Doc]]:
        """The facts with these rowids (ALL: every fact), in store order."""
        wanted = range(1, self.count + 1) if ids is None else sorted(ids)
        missing = [i for i in wanted if i not in self._facts]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for rowid, text in self.db.execute(
                f"SELECT rowid, record FROM facts WHERE rowid IN ({marks})", chunk
            ):
                record = json.loads(text)
                self._facts[rowid] = (record, Doc.of_record(record, self._fields))
        return [self._facts[i] for i in wanted]

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
                    ids = set(range(1, self.count + 1))
                    break
                ids |= got
            out = ids if out is None else out & ids
        return out

    def _all_chars(self, text: str) -> set[int]:
        out: Ids = ALL
        for ch in set(text):
            got = self.postings("c" + ch)
            out = set(got) if out is None else out & got
        return out if out is not None else set(range(1, self.count + 1))

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

    def _mid_syllable(self, term: Term, stage: int) -> set[int]:
        letters = term.letters
        if not letters or len(letters) < 4:  # match.mid_syllable
            return set()
        return self._all_of("j" + letters[i : i + 2] for i in range(len(letters) - 1))

    def _all_of(self, grams: Iterable[str]) -> set[int]:
        out: set[int] | None = None
        for g in grams:
            out = set(self.postings(g)) if out is None else out & self.postings(g)
        return out or set()

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
        out: set[int] | None = None
        table = readings() if applies("homophone", stage) else {}
        # neighbouring non-pinyin units match neighbouring characters (match.best_penalty)
        for a, b in pairwise(units):
            if a.kind == "pinyin" or b.kind == "pinyin":
                continue
            firsts, seconds = self._unit_tokens(a, table), self._unit_tokens(b, table)
            ids = self.any_of(f"y{x} {y}" for x in firsts for y in seconds)
            out = ids if out is None else out & ids
            if not out:
                return set()
        for unit in units:
            if unit.kind == "pinyin":
                ids = self._pinyin(unit.text)
            else:
                ids = self.any_of({"c" + unit.text, "c" + (unit.simplified or unit.text)})
                if sounds := match.homophones(unit, table):
                    ids = ids | self.any_of("s" + s.replace("v", "u") for s in sounds)
            out = ids if out is None else out & ids
            if not out:
                return set()
        return out or set()

    def _pinyin(self, run: str) -> set[int]:
        """A pinyin run matches pieces of it to consecutive syllables, each piece a prefix of its
        syllable (whole, initial or partial). So the run splits into prefixes of known syllables,
        and the fact holds the initials of each two neighbouring pieces (`gdzctz`: gd, dz, zc, ct, tz).
        """
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
            rows = self.db.execute("SELECT gram FROM grams WHERE gram >= 's' AND gram < 't'")
            self._syllable_grams = [g for (g,) in rows]
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
        if need <= 0:
            return ALL
        counts: Counter[int] = Counter()
        for gram, times in Counter(match.grams(needle, q)).items():
            prefix = "c" if q == 1 else "j"
            if q == 2 and not gram.isalpha():
                continue
            for rowid in self.postings(prefix + gram):
                counts[rowid] += times
        ids = {rowid for rowid, n in counts.items() if n >= need}
        # a field shorter than the needle: rapidfuzz slides it along the needle instead
        return ids | self.any_of(f"{length}{n}" for n in range(len(needle)))


CANDIDATES: dict[str, Callable[[Index, Term, int], Ids] | None] = {
    "exact": Index._exact,
    "form": Index._forms,
    # no candidates of its own: a homophone stands in a form, so from its stage on `_form` widens
    # each character's grams by its homophones' sounds (`readings` when `applies("homophone")`)
    "homophone": None,
    "mid_syllable": Index._mid_syllable,
    "fuzzy": Index._fuzzy,
}  # the candidates of each rule of match.RULES, in its order


def refresh(path: Path, records: list[Record]) -> None:
    """After a build: index the new store now if it is large, so that no query pays for it."""
    if path.stat().st_size >= store.INDEX_MIN_BYTES:
        write(path, records)


def open_index(path: Path) -> Index | None:
    """The current index of the store at `path`, rebuilt if stale or damaged; None for a small store
    or where no index can be written (then the caller parses the store)."""
    try:
        if path.stat().st_size < store.INDEX_MIN_BYTES:
            return None
        sig = signature(path)
    except OSError:
        return None  # store.load reports it
    import sqlite3

    for place in locations(path):
        if not place.is_file():
            continue
        try:
            db = _connect_ro(sqlite3, place)
            row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
            if row is not None and row[0] == sig:
                return Index(db)
            db.close()
        except sqlite3.Error:
            pass
        with contextlib.suppress(OSError):
            place.unlink()  # stale or damaged: never trusted
    records = store.load(path)
    built = write(path, records)
    if built is None:
        return None
    return Index(_connect_ro(sqlite3, built))


def _connect_ro(sqlite3: Any, path: Path) -> sqlite3.Connection:
    """Open read-only. The path goes into a URI, where `%`, `?` and `#` have meanings of their own:
    unescaped, `/tmp/we#ird/x` would open (and create) `/tmp/we`."""
    escaped = str(path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    return sqlite3.connect(f"file:{escaped}?mode=ro", uri=True)  # type: ignore[no-any-return]
