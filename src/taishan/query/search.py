"""Query words -> scored facts, best first.

A term is tried against a fact's subject, then its sentence and topic; a subject match scores
above a sentence-only one, a tighter match (the term covers more of the subject) higher still.
Stages (see match.py) widen only when a narrower one finds nothing, so exact matches are never
crowded out by fuzzy ones, and a plain query never loads the homophone table or rapidfuzz.

>>> from taishan.query.search import search
>>> hits = search(records, ["youke"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from taishan import store
from taishan.query import match
from taishan.query.filters import Filters, amount, select
from taishan.query.match import Field
from taishan.query.parse import Clause, Term, chunked, parse
from taishan.store import Record

STAGES = (1, 2, 3)
# field -> (base score, weight of quality, weight of coverage); subject first: 70..100, others 50..80
FIELD_WEIGHTS = {"subject": (70.0, 20.0, 10.0), "text": (50.0, 25.0, 5.0), "topic": (50.0, 25.0, 5.0)}
MID_SYLLABLE_Q = 0.3  # the quality of a pinyin match starting mid-syllable (match.mid_syllable)
NEAR_WEIGHT = 2.0  # a sentence-only match beside the figure: a tie-breaker, never above a subject match
FUZZY_SCALE = 0.5  # a typo match in the subject scores at most 50 + 10

T = TypeVar("T")


class Hit(NamedTuple):
    score: float
    record: Record


class _Fact:
    """A record's searchable fields, built once per search (`memo`: fields shared by facts, as a
    sentence is by the facts cut from it, are built once)."""

    def __init__(self, record: Record, memo: dict[tuple[str, str], Field] | None = None) -> None:
        keys: dict[str, Any] = record.get("keys") or {}
        self.fields = {}
        for name in searched(record):
            text, key = record[name], keys.get(name)
            if memo is None or not isinstance(key, str):
                self.fields[name] = Field.of(text, key)
                continue
            field = memo.get((text, key))
            if field is None:
                field = memo[(text, key)] = Field.of(text, key)
            self.fields[name] = field
        figure = record.get("figure")
        self.figure_at = (record.get("text") or "").lower().find(figure.lower()) if figure else -1

    def nearness(self, term: str, chars: str) -> float:
        """1 where a term found as written stands at the fact's figure, down to 0 a sentence away:
        of the facts a long sentence holds, the one the words are about ranks first."""
        needle = term.lower()
        if self.figure_at < 0 or not needle:
            return 0.0
        gaps = []
        at = chars.find(needle)
        while at >= 0:
            gaps.append(abs(at - self.figure_at))
            at = chars.find(needle, at + 1)
        return 1.0 - min(1.0, min(gaps) / max(len(chars), 1)) if gaps else 0.0


def searched(record: Record) -> list[str]:
    """The names of the fields a record is searched by (the index holds grams of these only)."""
    return [
        name
        for name in FIELD_WEIGHTS
        if record.get(name) and not (name == "text" and _clause_statement(record))
    ]


def _clause_statement(record: Record) -> bool:
    """A statement cut from a sentence with figures (`岱银集团获批国家级绿色工厂`) is found by its
    own words; its sentence's other words belong to the facts beside it."""
    return record.get("figure") is None and record.get("subject") != record.get("text")


def _form_length(term: Term, units: tuple[Any, ...]) -> int:
    return sum(len(u.text) if u.kind != "pinyin" else 1 for u in units) or len(term.text)


def _form_quality(term: Term, field: Field, stage: int) -> tuple[float | None, int]:
    """The best quality of a term's forms in a field at this stage, and how many characters that
    form covers; kept on the field, which the facts cut from one sentence share."""
    key = (term.text, term.exact, stage)
    found = field.forms.get(key)
    if found is None:
        q: float | None = None
        covered = len(term.text)
        if term.exact:
            q = 1.0 if term.text in field.chars else None
        else:
            for units in term.forms:
                got = match.quality(units, field, stage)
                if got is not None and (q is None or got > q):
                    q, covered = got, _form_length(term, units)
            if q is None and stage >= 2 and term.letters and match.mid_syllable(term.letters, field):
                q = MID_SYLLABLE_Q
        found = field.forms[key] = (q, covered)
    return found


def term_score(term: Term, fact: _Fact, stage: int) -> float | None:
    """The best score of one term over a fact's fields at this stage, or None."""
    best: float | None = None
    for name, field in fact.fields.items():
        base, q_weight, cov_weight = FIELD_WEIGHTS[name]
        score: float | None
        q, covered = _form_quality(term, field, stage)
        if q is not None:
            coverage = min(1.0, covered / max(len(field.chars), 1)) if q == 1.0 else 0.0
            score = base + q_weight * q + cov_weight * coverage
            if name == "text":
                score += NEAR_WEIGHT * fact.nearness(term.text, field.chars)
        elif stage >= 3 and not term.exact:
            ratio = match.fuzzy(term.text, term.letters, field)
            score = (base - 10 + (ratio - 75) * 0.4) * FUZZY_SCALE + 25 if ratio is not None else None
            if score is None:
                continue
        else:
            continue
        best = score if best is None else max(best, score)
    return best


def _excluded(clause: Clause, fact: _Fact) -> bool:
    return any(t.text in f.chars for t in clause.terms for f in fact.fields.values())


def _run(clauses: list[Clause], facts: list[tuple[Record, _Fact]], stage: int) -> list[Hit]:
    wanted = [c for c in clauses if not c.negate]
    if not wanted:
        return []
    hits = []
    for record, fact in facts:
        if any(_excluded(c, fact) for c in clauses if c.negate):
            continue
        scores = []
        for clause in wanted:
            found = [s for s in (term_score(t, fact, stage) for t in clause.terms) if s is not None]
            if not found:
                break
            scores.append(max(found))
        else:
            hits.append(Hit(round(sum(scores) / len(scores), 1), record))
    hits.sort(key=lambda h: -h.score)  # stable: ties keep report order
    return hits


Pool = Callable[[list[Clause], int], list[tuple[Record, _Fact]]]


def search(
    records: list[Record], terms: list[str], filters: Filters | None = None, pool: Pool | None = None
) -> list[Hit]:
    """Facts matching every term, best first; ties keep report order. Never raises on any input.

    Runs of pinyin words are first read as one word (`you ke` = `youke`), then, when that finds
    nothing at a stage, as separate terms. `pool`, when given, hands each stage the facts that may
    match it, in store order (a superset: see index.py), instead of every record.
    """
    joined, split = parse(terms), parse(terms, join_pinyin=False)
    if not joined:
        return []
    if pool is None:
        chosen = select(records, filters) if filters is not None else records
        memo: dict[tuple[str, str], Field] = {}
        facts = [(r, _Fact(r, memo)) for r in chosen]

        def pool(clauses: list[Clause], stage: int) -> list[tuple[Record, _Fact]]:
            return facts

    for stage in STAGES:
        for clauses in (joined, split) if split != joined else (joined,):
            hits = _run(clauses, pool(clauses, stage), stage)
            if hits:
                return hits
    words = chunked(split)  # a long Chinese term that matched nothing, read as its words
    if words != split:
        for stage in STAGES:
            hits = _run(words, pool(words, stage), stage)
            if hits:
                return hits
    return []


def search_store(path: Path, terms: list[str], filters: Filters | None = None) -> list[Hit]:
    """`search` over the store at `path`: parsed whole when small, through its index when large
    (index.py, imported only then: a plain query over the bundled store never loads sqlite3)."""
    try:
        large = path.stat().st_size >= store.INDEX_MIN_BYTES
    except OSError:
        large = False  # store.load names the problem
    if large:
        from taishan.query import index

        return index.search(path, terms, filters)
    return search(store.load(path), terms, filters)


def sort_hits(hits: list[Hit], key: str) -> list[Hit]:
    """Hits by `score` (as ranked), or by `value` (after multipliers) or `change`, largest first.

    Facts without that number go last, in their previous order.
    """
    if key == "score":
        return sorted(hits, key=lambda h: -h.score)
    number = _number(key)
    return _largest_first(hits, lambda h: number(h.record))


def sort_records(records: list[Record], key: str) -> list[Record]:
    """Records by `value` (after multipliers) or `change`, largest first; by `score`, as they are
    (records unscored all score alike). Records without that number go last, in their previous order.
    """
    if key == "score":
        return list(records)
    return _largest_first(records, _number(key))


def _number(key: str) -> Callable[[Record], float | None]:
    if key == "value":
        return amount
    if key == "change":
        return lambda r: None if r.get("change") is None else float(r["change"])
    raise ValueError(f"cannot sort by {key!r}: use score, value or change")


def _largest_first(items: list[T], number: Callable[[T], float | None]) -> list[T]:
    numbered = [(number(x), x) for x in items]
    present = sorted(((n, x) for n, x in numbered if n is not None), key=lambda p: -p[0])  # stable
    return [x for _, x in present] + [x for n, x in numbered if n is None]
