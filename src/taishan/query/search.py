"""Query words -> scored facts, best first.

A term is tried against a fact's subject, then its sentence and topic; a subject match scores
above a sentence-only one, a tighter match (the term covers more of the subject) higher still.
Stages (see match.py) widen only when a narrower one finds nothing, so exact matches are never
crowded out by fuzzy ones, and a plain query never loads the homophone table or rapidfuzz.

A question (question.py) is searched by its content words, then its intent applied. When no fact
matches every word, the relaxed rule: a fact may miss a word only if that word is vague (数量,
情况: data/question-words.tsv) or common (in at least `COMMON` of the facts); every other word
must match, so a question whose rare words match nothing finds nothing. Relaxed hits rank by the
share of the query they cover, each word weighted by its rarity (IDF over the facts).

>>> from taishan.query.search import search
>>> hits = search(records, ["youke"])  # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from taishan import store
from taishan.query import match
from taishan.query.filters import Filters, amount, select, split_unit
from taishan.query.lexicon import place_suffixes
from taishan.query.match import Field
from taishan.query.parse import Clause, Term, chunked, is_cjk, make_term, parse
from taishan.query.question import Reading, read
from taishan.store import Record

STAGES = (1, 2, 3)
CLAUSE_END = re.compile("[，；。！？,;]")
# field -> (base score, weight of quality, weight of coverage); subject first: 70..100, others 50..80
FIELD_WEIGHTS = {"subject": (70.0, 20.0, 10.0), "text": (50.0, 25.0, 5.0), "topic": (50.0, 25.0, 5.0)}
MID_SYLLABLE_Q = 0.3  # the quality of a pinyin match starting mid-syllable (match.mid_syllable)
NEAR_WEIGHT = 2.0  # a sentence-only match beside the figure: a tie-breaker, never above a subject match
FUZZY_SCALE = 0.5  # a typo match in the subject scores at most 50 + 10
THESAURUS_Q = 0.7  # a thesaurus form's quality at most: a synonym is never as good as the word typed
COMMON = 0.1  # a word in this share of the facts says little: a relaxed match may miss it
COMMON_PLACE = 3  # a place named in this many facts is the report's own: a fact may leave it unsaid
VAGUE_WEIGHT = 0.3  # a vague word's (数量, 情况) weight beside a word of rarity 1
RELAXED_SCALE = 0.9  # a relaxed hit scores below a fact that matches every word alike
RANK_SCORE = 90.0  # a term in the fact's own ranking (第一 in 居全市第一): as good as its subject
PREFERRED = 6.0  # a fact with what the question asks for (a change, a unit) scores this much more

T = TypeVar("T")


class Hit(NamedTuple):
    score: float
    record: Record
    own: bool = True  # the fact's own subject or figure matched every word, not only its sentence


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
        self.figure = figure.lower() if figure else ""
        self.rank = ((record.get("rank") or {}).get("text") or "").lower()
        self.figure_at = (record.get("text") or "").lower().find(self.figure) if figure else -1

    def nearness(self, term: str, chars: str) -> float:
        """1 where a term found as written stands at the fact's figure, down to 0 a sentence away:
        of the facts a long sentence holds, the one the words are about ranks first."""
        needle = term.lower()
        if self.figure_at < 0 or not needle:
            return 0.0
        gaps = []
        at = chars.find(needle)
        while at >= 0:
            # words after the figure, past a clause's end, belong to the next clause's figure
            if at < self.figure_at or not CLAUSE_END.search(chars, self.figure_at, at):
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


def _form_quality(term: Term, field: Field, stage: int, synonyms: bool = True) -> tuple[float | None, int]:
    """The best quality of a term's forms in a field at this stage, and how many characters that
    form covers; kept on the field, which the facts cut from one sentence share. A thesaurus form
    counts only exactly (no homophones) and only where `synonyms` (in a subject: a related word
    somewhere in a sentence is no evidence)."""
    synonyms = synonyms and stage == 1 and term.strong < len(term.forms)
    key = (term.text, term.exact, stage, synonyms)
    found = field.forms.get(key)
    if found is None:
        q: float | None = None
        covered = len(term.text)
        if term.exact:
            q = 1.0 if term.text in field.chars else None
        else:
            for i, units in enumerate(term.forms if synonyms else term.forms[: term.strong]):
                got = match.quality(units, field, stage)
                if got is not None and i >= term.strong:
                    got = min(got, THESAURUS_Q)
                if got is not None and (q is None or got > q):
                    q, covered = got, _form_length(term, units)
            if q is None and stage >= 2 and term.letters and match.mid_syllable(term.letters, field):
                q = MID_SYLLABLE_Q
        found = field.forms[key] = (q, covered)
    return found


def term_score(term: Term, fact: _Fact, stage: int) -> float | None:
    """The best score of one term over a fact's fields at this stage, or None."""
    found = _term_best(term, fact, stage)
    return None if found is None else found[0]


def _term_best(term: Term, fact: _Fact, stage: int) -> tuple[float, bool] | None:
    """The best score of one term over a fact's fields, and whether it is the fact's own (its
    subject's, or its figure's: `1439` is the fact that holds it, not its sentence-mates)."""
    if fact.figure and any(c.isdigit() for c in term.text) and term.text in fact.figure:
        return 100.0, True
    if fact.rank and not term.exact and len(term.text) > 1 and term.text in fact.rank:
        return RANK_SCORE, True
    best: tuple[float, bool] | None = None
    for name, field in fact.fields.items():
        base, q_weight, cov_weight = FIELD_WEIGHTS[name]
        score: float | None
        q, covered = _form_quality(term, field, stage, name == "subject")
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
        if best is None or score > best[0]:
            best = (score, name == "subject")
    return best


def _clause_best(clause: Clause, fact: _Fact, stage: int) -> tuple[float, bool] | None:
    found = [b for b in (_term_best(t, fact, stage) for t in clause.terms) if b is not None]
    return max(found) if found else None


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
            found = _clause_best(clause, fact, stage)
            if found is None:
                break
            scores.append(found)
        else:
            score = round(sum(s for s, _ in scores) / len(scores), 1)
            hits.append(Hit(score, record, all(own for _, own in scores)))
    hits.sort(key=lambda h: -h.score)  # stable: ties keep report order
    return _without_mates(hits)


def _without_mates(hits: list[Hit]) -> list[Hit]:
    """Where a fact's own words answer the query, the facts cut from the same sentence that match only
    through that sentence come after every other hit: the words they matched are their neighbour's."""
    owned = {h.record.get("text") for h in hits if h.own}
    if not owned:
        return hits
    mates = [h for h in hits if not h.own and h.record.get("text") in owned]
    return [h for h in hits if h.own or h.record.get("text") not in owned] + mates


def _relaxed(
    clauses: list[Clause], facts: list[tuple[Record, _Fact]], stage: int, vague: set[str], size: int
) -> list[Hit]:
    """Facts that match the query's rare words, missing only vague or common ones (see above),
    ranked by the IDF-weighted share of the query they cover."""
    wanted = [c for c in clauses if not c.negate]
    if not wanted:
        return []
    rows: list[tuple[Record, list[tuple[float, bool] | None]]] = []
    seen = [0] * len(wanted)
    for record, fact in facts:
        if any(_excluded(c, fact) for c in clauses if c.negate):
            continue
        row = [_clause_best(c, fact, stage) for c in wanted]
        for i, found in enumerate(row):
            seen[i] += found is not None
        if any(row):
            rows.append((record, row))
    size = max(size, len(rows), 1)
    is_vague = [c.terms[0].text in vague for c in wanted]
    places = [_is_place(c.terms[0].text) for c in wanted]
    weak = [
        (v and not p) or n >= COMMON * size or (p and n >= COMMON_PLACE)
        for v, p, n in zip(is_vague, places, seen, strict=True)
    ]
    weights = [
        math.log(1 + size / (n + 1)) * (VAGUE_WEIGHT if v else 1.0)
        for v, n in zip(is_vague, seen, strict=True)
    ]
    total = sum(weights)
    hits = []
    for record, row in rows:
        if any(found is None and not w for found, w in zip(row, weak, strict=True)):
            continue
        if not any(found is not None and not v for found, v in zip(row, is_vague, strict=True)):
            continue  # only vague words matched: 数量 alone says nothing
        covered = sum(w * found[0] for w, found in zip(weights, row, strict=True) if found is not None)
        own = all(found[1] for found in row if found is not None)
        hits.append(Hit(round(covered / total * RELAXED_SCALE, 1), record, own))
    hits.sort(key=lambda h: -h.score)
    return hits


Pool = Callable[[list[Clause], int], list[tuple[Record, _Fact]]]


def search(
    records: list[Record],
    terms: list[str],
    filters: Filters | None = None,
    pool: Pool | None = None,
    trace: list[str] | None = None,
) -> list[Hit]:
    """Facts matching every term, best first; ties keep report order. Never raises on any input.

    Runs of pinyin words are first read as one word (`you ke` = `youke`), then, when that finds
    nothing at a stage, as separate terms. `pool`, when given, hands each stage the facts that may
    match it, in store order (a superset: see index.py), instead of every record. A question is
    read first (question.py); `trace`, when given, collects lines saying how (`--explain`).
    """
    reading = read(terms)
    size = len(records)
    if pool is None:
        chosen = select(records, filters) if filters is not None else records
        memo: dict[tuple[str, str], Field] = {}
        facts = [(r, _Fact(r, memo)) for r in chosen]
        size = len(facts)

        def pool(clauses: list[Clause], stage: int) -> list[tuple[Record, _Fact]]:
            return facts

    if not reading.is_question:
        hits = _literal(terms, pool)
        if hits:
            _say(trace, "matched every word as typed")
            return hits
    _say(trace, _described(reading))
    return _answer(reading, pool, size, trace)


def _literal(
    terms: list[str], pool: Pool, chunks: bool = True, stages: tuple[int, ...] = STAGES
) -> list[Hit]:
    """Facts matching every term, at the narrowest stage that finds any (then, with `chunks`, every
    two-character word of a long term: a keyword query's last resort; a question has a better one)."""
    joined, split = parse(terms), parse(terms, join_pinyin=False)
    if not joined:
        return []
    for stage in stages:
        for clauses in (joined, split) if split != joined else (joined,):
            hits = _run(clauses, pool(clauses, stage), stage)
            if hits:
                return hits
    words = chunked(split) if chunks else split  # a long Chinese term that matched nothing, as its words
    if words != split:
        for stage in stages:
            hits = _run(words, pool(words, stage), stage)
            if hits:
                return hits
    return []


def _answer(reading: Reading, pool: Pool, size: int, trace: list[str] | None) -> list[Hit]:
    """A question's hits: its words matched (all, else relaxed), then its intent applied."""
    hits: list[Hit] = []
    if reading.words:
        # exact or homophone, then the relaxed rule; never typos: a typo reading of a question's word
        # (房地产投资 as 固定资产投资) answers a question the report does not
        hits = _literal(reading.words, pool, chunks=False, stages=STAGES[:2])
        if hits:
            _say(trace, "matched every word")
        else:
            hits = _relax(reading, pool, size, trace)
    elif reading.sort or reading.rank or reading.filters:
        hits = [Hit(50.0, r) for r, _ in pool([], 1)]
    return _intent(hits, reading)


def _relax(reading: Reading, pool: Pool, size: int, trace: list[str] | None) -> list[Hit]:
    clauses = _pieces(parse(reading.words, join_pinyin=False), pool)
    vague = set(reading.generic) | {c.terms[0].text for c in clauses if _is_place(c.terms[0].text)}
    for stage in STAGES[:2]:  # no typo matching here: a partial match of a typo is noise
        union: dict[int, tuple[Record, _Fact]] = {}
        for clause in clauses:
            if not clause.negate:
                union.update((id(r), (r, f)) for r, f in pool([clause], stage))
        hits = _relaxed(clauses, list(union.values()), stage, vague, size)
        if hits:
            _say(trace, "no fact matched every word: ranked by the share of the query each covers")
            return hits
    if trace is not None:
        wanted = [c for c in clauses if not c.negate and c.terms[0].text not in vague]
        unmatched = [
            c.terms[0].text for c in wanted if not any(_clause_best(c, f, 2) for _, f in pool([c], 2))
        ]
        if unmatched:
            trace.append(f"nothing: no fact matches {' or '.join(unmatched)}")
        else:
            words = " and ".join(c.terms[0].text for c in wanted)
            trace.append(f"nothing: no fact matches {words} together, and none of them is vague or common")
    return []


def _pieces(clauses: list[Clause], pool: Pool) -> list[Clause]:
    """Each run of Chinese characters that matches no fact whole, cut into the longest pieces that
    some fact holds (房地产投资 -> 房地产, 投资): the store is the dictionary, so no segmenter is
    loaded. Characters no piece of two or more starts stay together, as a piece matching nothing."""
    found: dict[str, bool] = {}

    def held(text: str) -> bool:
        if text not in found:
            term = make_term(text)
            clause = Clause((term,)) if term is not None else None
            found[text] = clause is not None and any(_clause_best(clause, f, 1) for _, f in pool([clause], 1))
        return found[text]

    out: list[Clause] = []
    for clause in clauses:
        term = clause.terms[0] if len(clause.terms) == 1 and not clause.negate else None
        text = term.text if term is not None and not term.exact else ""
        if len(text) < 3 or not all(is_cjk(c) for c in text) or held(text):
            out.append(clause)
            continue
        words: list[str] = []
        stray = ""
        i = 0
        while i < len(text):
            n = next((n for n in range(len(text) - i, 1, -1) if held(text[i : i + n])), 0)
            if n:
                words += [stray, text[i : i + n]] if stray else [text[i : i + n]]
                stray = ""
                i += n
            else:
                stray += text[i]
                i += 1
        words += [stray] if stray else []
        out.extend(Clause((t,)) for t in (make_term(w) for w in words) if t is not None)
    return out


def _is_place(word: str) -> bool:
    """A word that names a place (ends in 区, 市, 省 …: data/question-words.tsv), as a report's own
    place is named in many facts but not in each: the relaxed rule may let it go unmatched when the
    store names it often enough to be the report's (`COMMON_PLACE` facts)."""
    return len(word) >= 2 and any(word.endswith(s) for s in place_suffixes())


def _intent(hits: list[Hit], reading: Reading) -> list[Hit]:
    """The question's filters, rank, preferences and order applied to its hits."""
    if reading.filters:
        kept = {id(r) for r in select([h.record for h in hits], Filters(**reading.filters))}
        hits = [h for h in hits if id(h.record) in kept]
    if reading.rank:
        best, worst, scope = reading.rank
        hits = [h for h in hits if _ranked(h.record, best, worst, scope)]
    if reading.number:  # 多少, 几: a statement without a figure answers no such question
        hits = [h for h in hits if h.record.get("value") is not None or h.record.get("change") is not None]
    if reading.wants or reading.unit or reading.phrase:
        ranked = sorted(
            ((h.score + PREFERRED * _preferred(h.record, reading), h) for h in hits), key=lambda p: -p[0]
        )
        hits = [
            h._replace(score=round(min(100.0, s), 1)) for s, h in ranked
        ]  # ordered past 100, shown at most 100
    if reading.sort == "change":
        return sort_hits([h for h in hits if h.record.get("change") is not None], "change")
    if reading.sort == "fall":
        falls = [h for h in hits if (h.record.get("change") or 0) < 0]
        return _own_first(sorted(falls, key=lambda h: float(h.record["change"])))
    if reading.sort == "value":
        valued = [h for h in hits if amount(h.record) is not None]
        if valued:
            base = split_unit(valued[0].record.get("unit"))[1]
            valued = [h for h in valued if split_unit(h.record.get("unit"))[1] == base]
        return sort_hits(valued, "value")
    return hits


def _preferred(record: Record, reading: Reading) -> int:
    """How many of the question's wishes a fact meets: a change (a fall), a unit."""
    change = record.get("change")
    met = 0
    if reading.wants and change is not None:
        met += 1
        met += (change < 0) == (reading.wants == "fall")  # 增长 asks of a rise, 下降 of a fall
    if reading.unit and (record.get("unit") or "").endswith(reading.unit):
        met += 1
    if reading.phrase and reading.phrase in (record.get("subject") or "").lower():
        met += 1  # its words as the question puts them: 东莞的出口总额, not 东莞进出口总额
    return met


def _ranked(record: Record, best: int, worst: int, scope: str) -> bool:
    rank = record.get("rank") or {}
    position = rank.get("position")
    if not isinstance(position, int) or not best <= position <= worst:
        return False
    return not scope or scope[-1] in (rank.get("scope") or "")


def _described(reading: Reading) -> str:
    """One line saying how a question was read."""
    parts = [f"words: {' '.join(reading.words) or '(none)'}"]
    if reading.dropped:
        parts.append(f"dropped: {' '.join(reading.dropped)}")
    if reading.generic:
        parts.append(f"may go unmatched: {' '.join(reading.generic)}")
    for phrase, words in reading.english.items():
        parts.append(f"{phrase} = {words}")
    if reading.wants:
        parts.append(f"prefers facts with a {'fall' if reading.wants == 'fall' else 'change'}")
    if reading.unit:
        parts.append(f"prefers facts in {reading.unit}")
    for name, value in reading.filters.items():
        parts.append(
            f"filter {name.replace('_', '-')} {value:.12g}"
            if isinstance(value, float)
            else f"filter unit {value}"
        )
    if reading.rank:
        best, worst, scope = reading.rank
        parts.append(f"rank {scope}{best}" + (f"..{worst}" if worst != best else ""))
    if reading.sort:
        parts.append(f"sorted by {reading.sort}, largest first")
    return "; ".join(parts)


def _say(trace: list[str] | None, line: str) -> None:
    if trace is not None:
        trace.append(line)


def hint(records: list[Record], terms: list[str], filters: Filters | None = None) -> str:
    """One line for a person told nothing was found: what was searched, why, the closest subjects."""
    trace: list[str] = []
    search(records, terms, filters, trace=trace)
    words = read(terms).words or terms
    pairs = {w[i : i + 2] for w in words for i in range(len(w) - 1)}
    scored = sorted(
        (
            (sum(p in (r.get("subject") or "") for p in pairs), -i, r.get("subject") or "")
            for i, r in enumerate(records)
        ),
        reverse=True,
    )
    closest = list(dict.fromkeys(s for n, _, s in scored if n and len(s) <= 20))[:3]
    why = trace[-1] if trace else "nothing matched"
    near = f"; closest subjects: {', '.join(closest)}" if closest else ""
    return f"nothing found for {' '.join(terms)} ({why}){near}; try --explain"


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

    Facts without that number go last, in their previous order; with a number, facts matched by
    their own subject or figure come before those matched only by their sentence.
    """
    if key == "score":
        return sorted(hits, key=lambda h: -h.score)
    number = _number(key)
    ordered = _largest_first(hits, lambda h: number(h.record))
    present = [h for h in ordered if number(h.record) is not None]
    return _own_first(present) + ordered[len(present) :]


def _own_first(hits: list[Hit]) -> list[Hit]:
    """Facts whose own subject or figure matched before those that only share a matching sentence."""
    return [h for h in hits if h.own] + [h for h in hits if not h.own]


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
