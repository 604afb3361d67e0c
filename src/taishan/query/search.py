"""Query words -> scored facts, best first.

A term is tried against a fact's subject, then its sentence and topic; a subject match scores
above a sentence-only one, a tighter match (the term covers more of the subject) higher still.
Stages (see match.py) widen only when a narrower one finds nothing, so exact matches are never
crowded out by fuzzy ones, and a plain query never loads the homophone table or rapidfuzz.

`run` scores the documents a pool hands each stage: `scan` hands every record; a large store's
index hands only the candidates (index.py). engine.py picks which for a store on disk.

>>> from taishan.query.search import search
>>> hits = search(records, ["youke"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple, TypeVar

from taishan.query import match
from taishan.query.doc import Doc, Memo
from taishan.query.filters import Filters, amount, category_keys, select
from taishan.query.match import Field, applies
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
            if (
                q is None
                and applies("mid_syllable", stage)
                and term.letters
                and match.mid_syllable(term.letters, field)
            ):
                q = MID_SYLLABLE_Q
        found = field.forms[key] = (q, covered)
    return found


def term_score(term: Term, fact: Doc, stage: int) -> float | None:
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
        elif applies("fuzzy", stage) and not term.exact:
            ratio = match.fuzzy(term.text, term.letters, field)
            score = (base - 10 + (ratio - 75) * 0.4) * FUZZY_SCALE + 25 if ratio is not None else None
            if score is None:
                continue
        else:
            continue
        best = score if best is None else max(best, score)
    return best


def _excluded(clause: Clause, fact: Doc) -> bool:
    return any(t.text in f.chars for t in clause.terms for f in fact.fields.values())


def _run(clauses: list[Clause], docs: Sequence[tuple[T, Doc]], stage: int) -> list[tuple[float, T]]:
    wanted = [c for c in clauses if not c.negate]
    if not wanted:
        return []
    hits = []
    for item, doc in docs:
        if any(_excluded(c, doc) for c in clauses if c.negate):
            continue
        scores = []
        for clause in wanted:
            found = [s for s in (term_score(t, doc, stage) for t in clause.terms) if s is not None]
            if not found:
                break
            scores.append(max(found))
        else:
            hits.append((round(sum(scores) / len(scores), 1), item))
    hits.sort(key=lambda h: -h[0])  # stable: ties keep report order
    return hits


Pool = Callable[[list[Clause], int], Sequence[tuple[T, Doc]]]


def run(terms: list[str], pool: Pool[T]) -> list[tuple[float, T]]:
    """The documents matching every term, with their scores, best first; ties keep pool order.
    Never raises on any input.

    `pool` hands each stage the documents that may match its clauses, in store order: every one
    for a scan (`scan`), the index's candidates (a superset: see index.py) for a large store.
    Runs of pinyin words are first read as one word (`you ke` = `youke`), then, when that finds
    nothing at a stage, as separate terms.
    """
    joined, split = parse(terms), parse(terms, join_pinyin=False)
    if not joined:
        return []
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


def scan(records: list[Record], filters: Filters | None = None) -> Pool[Record]:
    """A pool of every record that passes `filters` (each stage gets them all)."""
    if filters is not None:
        records = select(records, filters, categories_matching(category_keys(records), filters.category))
    memo: Memo = {}
    docs = [(r, Doc.of_record(r, memo)) for r in records]
    return lambda clauses, stage: docs


def search(records: list[Record], terms: list[str], filters: Filters | None = None) -> list[Hit]:
    """Facts matching every term, best first; ties keep report order: a scan of every record
    (engine.search picks this or the index for a store on disk). Never raises on any input."""
    return [Hit(score, record) for score, record in run(terms, scan(records, filters))]


def categories_matching(names: dict[str, Any], wanted: str | None) -> Collection[str] | None:
    """The category headings (name -> search key) that `wanted` matches as a one-word query
    (fuzzy, Chinese or pinyin); None when no category is wanted."""
    if wanted is None:
        return None
    headings = [(name, Doc.of_heading(name, key)) for name, key in names.items()]
    return {name for _, name in run([wanted], lambda clauses, stage: headings)}


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
