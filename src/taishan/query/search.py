"""Query words -> scored facts, best first.

A term is tried against a fact's subject, then its sentence and topic; a subject match scores
above a sentence-only one, a tighter match (the term covers more of the subject) higher still.
Stages (see match.py) widen only when a narrower one finds nothing, so exact matches are never
crowded out by fuzzy ones, and a plain query never loads the homophone table or rapidfuzz.

`run` scores the documents a pool hands each stage: `scan` hands every record; a large store's
index hands only the candidates (index.py). engine.py picks which for a store on disk.

A question (question.py) is searched by its content words, then its intent applied. When no fact
matches every word, the relaxed rule: a fact may miss a word only if that word is vague (数量,
情况: data/question-words.tsv), common (in at least `COMMON` of the facts) or a place the store
names often (泰山区); a word naming the fact's own report or place (云南) it matches anyway. Every
other word must match as typed, one of them in the fact's own subject, so a question whose rare
words match nothing finds nothing. Relaxed hits rank by the share of the query they cover, each
word weighted by its rarity (IDF over the facts).

>>> from taishan.query.search import search
>>> hits = search(records, ["youke"])  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from taishan.query import match
from taishan.query.doc import CLAUSE_END, Doc, Memo
from taishan.query.filters import Filters, amount, category_keys, select, split_unit
from taishan.query.lexicon import glossary, is_division, place_suffixes, question_words, thesaurus
from taishan.query.match import Field, applies
from taishan.query.parse import Clause, Term, chunked, is_cjk, make_term, parse
from taishan.query.question import Reading, read
from taishan.store import Record

STAGES = (1, 2, 3)
HOW = {
    1: "as typed (or its pinyin, initials, abbreviations)",
    2: "by sound (homophones)",
    3: "allowing typos",
}
# field -> (base score, weight of quality, weight of coverage); subject first: 70..100, others 50..80
FIELD_WEIGHTS = {"subject": (70.0, 20.0, 10.0), "text": (50.0, 25.0, 5.0), "topic": (50.0, 25.0, 5.0)}
MID_SYLLABLE_Q = 0.3  # the quality of a pinyin match starting mid-syllable (match.mid_syllable)
NEAR_WEIGHT = 2.0  # a sentence-only match beside the figure: a tie-breaker, never above a subject match
FUZZY_SCALE = 0.5  # a typo match in the subject scores at most 50 + 10
ABBREVIATION_Q = (
    0.6  # a subject abbreviating the word typed, or its full form (规上服务业营收): below a synonym
)
THESAURUS_Q = 0.7  # a thesaurus form's quality at most: a synonym is never as good as the word typed
SYNONYM_COVERAGE = 1.0  # a synonym's share of the subject: a tie-breaker between synonym matches
SHARED_WEIGHT = 5.0  # a synonym's subject sharing the typed word's own pairs (工业 of 工业企业收入): 84..89
COMMON = 0.1  # a word in this share of the facts says little: a relaxed match may miss it
COMMON_PLACE = 3  # a place named in this many facts is the report's own: a fact may leave it unsaid
VAGUE_WEIGHT = 0.3  # a vague word's (数量, 情况) weight beside a word of rarity 1
RELAXED_SCALE = 0.9  # a relaxed hit scores below a fact that matches every word alike
HEAD_BONUS = 3.0  # a relaxed hit whose own subject holds the query's last word, its head (see _relaxed)
AS_TYPED = FIELD_WEIGHTS["subject"][0] + FIELD_WEIGHTS["subject"][1]  # a subject holding a word as typed
RANK_SCORE = 90.0  # a term in the fact's own ranking (第一 in 居全市第一): as good as its subject
LITERAL = -2  # own_max's form: the term as written in a figure or ranking (index.Index._owned)
PREFERRED = 6.0  # a fact with what the question asks for (a change, a unit) scores this much more

T = TypeVar("T")


class Hit(NamedTuple):
    score: float
    record: Record
    own: bool = True  # the fact's own subject, figure or ranking matched every word, not only its sentence


def _form_length(term: Term, units: tuple[Any, ...]) -> int:
    return sum(len(u.text) if u.kind != "pinyin" else 1 for u in units) or len(term.text)


def _form_quality(term: Term, field: Field, stage: int, synonyms: bool = False) -> tuple[float | None, int]:
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
                written = "".join(u.simplified or u.text for u in units) if i else term.text
                if i >= term.strong and all(u.kind == "han" for u in units):  # exactly, so cheaply
                    got = 1.0 if written in field.chars else None
                else:
                    got = match.quality(units, field, stage)
                if got is not None and _in_pairs_only(written, field.chars):
                    got = None
                if got is not None and i >= term.strong:
                    got = min(got, THESAURUS_Q)
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


def _term_best(term: Term, fact: Doc, stage: int, synonyms: bool = False) -> tuple[float, bool] | None:
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
        # a synonym counts in the subject of a figure only: a statement's subject is a whole sentence
        q, covered = _form_quality(term, field, stage, synonyms and name == "subject" and bool(fact.figure))
        whole = q == 1.0  # coverage counts for a form matched whole or an abbreviation only: not for a
        # homophone's or an initial's quality that happens to equal ABBREVIATION_Q (two homophones
        # of 油客 in 优客 never above the one of 游客)
        if q is None and name == "subject" and applies("abbreviation", stage) and not term.exact:
            covered = _abbreviation_in(term.text, field)
            q = ABBREVIATION_Q if covered else None
            whole = q is not None
        if q is not None:
            coverage = min(1.0, covered / max(len(field.chars), 1)) if whole else 0.0
            score = base + q_weight * q + cov_weight * coverage
            if q == THESAURUS_Q:
                # of two subjects a synonym names, the one it names most of (居民人均可支配收入, not
                # 城乡居民人均可支配收入比 for 人均收入): a tie-breaker, never above the word typed
                score += SYNONYM_COVERAGE * min(1.0, covered / max(len(field.chars), 1))
            if q < 1.0 and synonyms and name == "subject":
                # among subjects a synonym matched, the one that also says the typed word's own
                # domain (规上工业企业实现营收, not 营业收入, for 工业企业收入) is likelier meant
                score += SHARED_WEIGHT * _shared(term.text, field.chars)
            if name == "text":
                score += NEAR_WEIGHT * fact.nearness(term.text, field.chars)
        elif applies("fuzzy", stage) and not term.exact and not _in_pairs_only(term.text, field.chars):
            ratio = match.fuzzy(term.text, term.letters, field)
            score = (base - 10 + (ratio - 75) * 0.4) * FUZZY_SCALE + 25 if ratio is not None else None
            if score is None:
                continue
        else:
            continue
        if best is None or score > best[0]:
            best = (score, name == "subject")
    return best


def _abbreviation_in(word: str, field: Field) -> int:
    """How many characters of a subject stand in it as an abbreviation of the word, or as the full
    form the word abbreviates (0: none). Chinese abbreviates by keeping characters in order, from
    the first word's to the last word's (规模以上服务业营业收入 -> 规上服务业营收, 固定资产投资 -> 固投):
    the short form is an in-order subsequence of the long, begins with its first character, ends with
    one of its last two, keeps a third of it or more and drops two or more; neither is a word the
    glossary or thesaurus knows (they write out what they know). Kept on the field, which a
    sentence's facts share.

    >>> from taishan.query.doc import Doc
    >>> subject = Doc.of_heading("规上服务业营收", "").fields["subject"]
    >>> _abbreviation_in("规模以上服务业营业收入", subject), _abbreviation_in("出生人口", subject)
    (7, 0)
    """
    key = (word, False, -1, False)  # stage -1: this test's memo among the forms' (see _form_quality)
    found = field.forms.get(key)
    if found is None:
        found = field.forms[key] = (None, _abbreviation(word, field.chars))
    return found[1]


def _abbreviation(word: str, chars: str) -> int:
    if len(word) < 2 or word[0] not in chars or not all(is_cjk(c) for c in word) or _known(word):
        return 0
    best = 0
    for i, c in enumerate(chars):
        if c != word[0]:
            continue
        if len(word) >= 4:  # chars[i:j] abbreviates the word
            for j in range(i + max(2, -(-len(word) // 3)), min(len(chars), i + len(word) - 2) + 1):
                short = chars[i:j]
                if (
                    short[-1] in word[-2:]
                    and short not in word
                    and _in_order(short, word)
                    and _cuts_a_word(short, word)
                    and not _goes_on(short, word, chars[j : j + 1])
                    and not _known(short)
                ):
                    best = max(best, j - i)
        if len(word) <= 4:  # the word abbreviates chars[i:j]
            for j in range(i + len(word) + 2, min(len(chars), i + 3 * len(word)) + 1):
                long = chars[i:j]
                if (
                    word[-1] in long[-2:]
                    and word not in long
                    and _in_order(word, long)
                    and _cuts_a_word(word, long)
                ):
                    best = max(best, j - i)
    return best


@cache
def _known(word: str) -> bool:
    """A word the glossary or thesaurus knows has its own meaning (出口 is no short 出生人口), and
    an abbreviation they know they write out themselves (营收)."""
    return bool(glossary().get(word) or thesaurus().get(word))


def _in_order(short: str, long: str) -> bool:
    """Whether `short`'s characters stand in `long` in order (a subsequence)."""
    rest = iter(long)
    return all(c in rest for c in short)


def _goes_on(short: str, long: str, after: str) -> bool:
    """Whether the character after `short` in a field is the one after its end in `long`: the
    stretch stops inside a word (接待游 of 接待游客 for 接待外国游客), no short form."""
    at = -1
    for c in short:
        at = long.find(c, at + 1)
    return bool(after) and long[at + 1 : at + 2] == after


def _cuts_a_word(short: str, long: str) -> bool:
    """Whether `short`, read in order in `long` (leftmost), keeps a lone character of a run it
    drops the rest of, as an abbreviation does (营 of 营业), rather than only leaving out whole
    words (接待游客 of 接待外国游客 is another indicator, not a short form).

    >>> _cuts_a_word("营收", "营业收入"), _cuts_a_word("接待游客", "接待外国游客")
    (True, False)
    """
    at, runs = -1, [0]
    for c in short:
        found = long.find(c, at + 1)
        if found != at + 1 and runs[-1]:
            runs.append(0)
        runs[-1] += 1
        at = found
    return 1 in runs


def _in_pairs_only(word: str, chars: str) -> bool:
    """Whether a Chinese word stands in `chars` only as the second half of a paired compound, whose
    figure is of both halves: 出口 in 进出口 (进口 and 出口), 出口额 in 进出口额. The first half, with the
    word's end, is a word the thesaurus knows (进口), so the pair is told by data, not listed.

    >>> _in_pairs_only("出口额", "跨境电商进出口额"), _in_pairs_only("出口", "出口和进出口")
    (True, False)
    """
    if len(word) < 2 or not all(is_cjk(c) for c in word):
        return False
    at = chars.find(word)
    if at < 0:
        return False
    table = thesaurus()
    while at >= 0:
        if at == 0 or not any(table.get(chars[at - 1] + word[1:j]) for j in range(len(word), 1, -1)):
            return False
        at = chars.find(word, at + 1)
    return True


def _shared(word: str, chars: str) -> float:
    """The share of a Chinese word's two-character pairs found in `chars`, 0..1."""
    pairs = [word[i : i + 2] for i in range(len(word) - 1) if is_cjk(word[i]) and is_cjk(word[i + 1])]
    return sum(p in chars for p in pairs) / len(pairs) if pairs else 0.0


def _clause_best(clause: Clause, fact: Doc, stage: int, synonyms: bool = False) -> tuple[float, bool] | None:
    found = [b for b in (_term_best(t, fact, stage, synonyms) for t in clause.terms) if b is not None]
    return max(found) if found else None


def _excluded(clause: Clause, fact: Doc) -> bool:
    return any(t.text in f.chars for t in clause.terms for f in fact.fields.values())


Accept = Callable[[float, Any, bool], bool]  # a scored document the caller takes as an answer

# The most a clause scores where it matches a fact's own words (subject, figure, ranking), and the
# most elsewhere (a sentence's or topic's words, beside the figure: NEAR_WEIGHT): the bounds by
# which a search wanting its best few (`limit`) leaves the rest of the candidates unread.
OWN_MAX = 100.0
OTHER_MAX = max(sum(w) for name, w in FIELD_WEIGHTS.items() if name != "subject") + NEAR_WEIGHT
# a subject abbreviating the term (or abbreviated by it), the whole subject covered
ABBREVIATION_MAX = sum(FIELD_WEIGHTS["subject"]) - FIELD_WEIGHTS["subject"][1] * (1 - ABBREVIATION_Q)
MARGIN = 0.1  # a score is rounded to 0.1: a bound this much below it is surely beaten


def own_max(clause: Clause, length: int, form: tuple[int, int] = (0, -1), sounded: bool = False) -> float:
    """The most a clause scores on a fact whose own words one of its forms may match (index.Pool.tiers:
    `form` is its term and that term's form, -1 for an exact term's text), the fact's subject `length`
    characters long (0: unknown). A subject match scores 70 + 20 * quality + 10 * coverage, the
    coverage at most the form's length over the subject's; the term as written (form LITERAL) in a
    figure, with digits, OWN_MAX, in a ranking RANK_SCORE; anything else at most OTHER_MAX (a
    mid-syllable or typo match too: tests/test_index.py). `sounded`: only a homophone can match
    there (as written, the form cannot), so some unit costs match.HOMOPHONE, and coverage does not
    count (an abbreviation of the subject has its own bound, `abbreviated` in index.Pool.tiers)."""
    base, q_weight, cov_weight = FIELD_WEIGHTS["subject"]
    term = clause.terms[form[0]]
    if form[1] == LITERAL:  # the term as written in the fact's figure or ranking
        return OWN_MAX if any(c.isdigit() for c in term.text) else max(OTHER_MAX, RANK_SCORE)
    if length <= 0:
        return OWN_MAX
    units = term.forms[form[1]] if form[1] >= 0 and not term.exact else None
    coverage = min(1.0, (len(term.text) if units is None else _form_length(term, units)) / length)
    if not sounded:
        return max(OTHER_MAX, base + q_weight + cov_weight * coverage)
    pieces = sum(len(u.text) if u.kind == "pinyin" else 1 for u in units or ())  # at most
    q = round(max(0.1, 1 - match.HOMOPHONE / max(pieces, 1)), 3)
    return max(OTHER_MAX, base + q_weight * q)


class Order:
    """How `_intent` will order and keep a question's hits, for `_best` to know when to stop: by
    `key` (score and record: the score plus its preferences), which exceeds the score by at most
    `slack`; `keep` says whether a hit survives its filters. (A plain class: a NamedTuple costs a
    query ~0.5 ms to define.)"""

    __slots__ = ("keep", "key", "slack")

    def __init__(
        self, key: Callable[[float, Record], float], slack: float, keep: Callable[[Hit], bool]
    ) -> None:
        self.key, self.slack, self.keep = key, slack, keep


KEYWORDS = Order(lambda score, _: score, 0.0, lambda _: True)  # plain keywords: by score, all kept


def _order(reading: Reading) -> Order:
    """The order `_ordered` gives a question's hits, for a `_best` reading them."""
    preferred = reading.wants or reading.unit or reading.phrase or reading.number or reading.target
    wishes = 2 * bool(reading.wants) + bool(reading.unit) + bool(reading.phrase) + 1  # + the status
    wishes += bool(reading.number and not reading.wants)

    def key(score: float, record: Record) -> float:
        return score + PREFERRED * _preferred(record, reading) if preferred else score

    def keep(hit: Hit) -> bool:
        if reading.filters and not select([hit.record], Filters(**reading.filters)):
            return False
        return not reading.rank or _ranked(hit.record, *reading.rank)

    return Order(key, PREFERRED * wishes if preferred else 0.0, keep)


if TYPE_CHECKING:  # a Protocol only for the checker: defining one costs a query's start-up

    class Tier(Protocol):
        """Some candidates of one bound, from a store position on (index.Tier)."""

        @property
        def bound(self) -> float: ...
        @property
        def below(self) -> float: ...
        @property
        def first(self) -> int: ...
        @property
        def load(self) -> Callable[[], list[tuple[int, Record, Doc]]]: ...

    class Tiered(Protocol):
        """A pool that hands its candidates tier by tier, best bound first (index.Pool)."""

        def tiers(
            self, own: Callable[[int, int, tuple[int, int], bool], float], abbreviated: float, other: float
        ) -> Iterator[Tier]: ...


def _scored(
    clauses: list[Clause], wanted: list[Clause], item: T, doc: Doc, stage: int, synonyms: bool
) -> tuple[float, bool] | None:
    """A document's score and whether its own words matched every clause; None: no match."""
    if any(_excluded(c, doc) for c in clauses if c.negate):
        return None
    scores = []
    for clause in wanted:
        found = _clause_best(clause, doc, stage, synonyms)
        if found is None:
            return None
        scores.append(found)
    return round(sum(s for s, _ in scores) / len(scores), 1), all(o for _, o in scores)


def _run(
    clauses: list[Clause],
    docs: Sequence[tuple[T, Doc]],
    stage: int,
    synonyms: bool = False,
    accept: Accept | None = None,
    limit: int | None = None,
    order: Order = KEYWORDS,
) -> list[tuple[float, T, bool]]:
    """The documents matching every clause: score, document, and whether its own words matched.
    With `limit`, from a tiered pool: at least the `limit` first as `_hits` and then `order` put
    them, maybe not the rest (`_best`)."""
    wanted = [c for c in clauses if not c.negate]
    if not wanted:
        return []
    if limit and not synonyms and hasattr(docs, "tiers"):
        return _best(clauses, wanted, docs, stage, limit, accept, order)  # type: ignore[return-value]
    hits = []
    for item, doc in docs:
        found = _scored(clauses, wanted, item, doc, stage, synonyms)
        if found is not None and (accept is None or accept(found[0], item, found[1])):
            hits.append((found[0], item, found[1]))
    hits.sort(key=lambda h: -h[0])  # stable: ties keep report order
    return hits


def _best(
    clauses: list[Clause],
    wanted: list[Clause],
    pool: Tiered,
    stage: int,
    limit: int,
    accept: Accept | None,
    order: Order,
) -> list[tuple[float, Record, bool]]:
    """`_run` over a tiered pool, stopping before a tier whose bound (plus `order.slack`) `limit`
    hits already beat by MARGIN, counting only hits `order` keeps and that `_hits` cannot move to
    the end: a fact's own hit, or one whose sentence no own hit has. Every possible own hit is
    read before that (its bound is `own_max`'s, at least OTHER_MAX's), so the `limit` first hits
    are a full search's. Plain keywords also stop inside a tier once `limit` hits tie with its
    bound ahead of its unread facts in the store (ties keep report order) and beat the next tier."""
    hits: list[tuple[float, int, Record, bool]] = []
    maxima: dict[tuple[int, int, tuple[int, int], bool], float] = {}

    def most(i: int, length: int, form: tuple[int, int], sounded: bool) -> float:  # kept: asked a fact
        key = (i, length, form, sounded)
        got = maxima.get(key)
        if got is None:
            got = maxima[key] = own_max(wanted[i], length, form, sounded)
        return got

    for tier in pool.tiers(most, ABBREVIATION_MAX, OTHER_MAX):
        if len(hits) >= limit and _enough(hits, tier, order, limit):
            break
        for position, record, doc in tier.load():
            found = _scored(clauses, wanted, record, doc, stage, False)
            if found is not None and (accept is None or accept(found[0], record, found[1])):
                hits.append((found[0], position, record, found[1]))
    hits.sort(key=lambda h: (-h[0], h[1]))  # ties keep report order
    return [(score, record, own) for score, _, record, own in hits]


def _enough(hits: list[tuple[float, int, Record, bool]], tier: Tier, order: Order, limit: int) -> bool:
    """Whether `limit` of the hits (score, position, record, own) come before any fact of this tier
    and the rest (`_best`), as `order` and `_hits` will put them."""
    owned = {r.get("text") for _, _, r, own in hits if own}
    line = tier.bound + order.slack + MARGIN
    tie = round(tier.bound + 1e-9, 1)  # the most a fact of the tier scores, rounded as a score
    ties = order is KEYWORDS and tier.first > 0 and tier.below + MARGIN < tie
    beaten = 0
    for score, position, record, own in hits:
        if not (own or record.get("text") not in owned) or not order.keep(Hit(score, record, own)):
            continue
        key = order.key(score, record)
        # a tie only for an own hit: an unread own hit of the tier could make a sentence's hit a
        # mate, which `_hits` moves to the end
        beaten += key > line or (ties and own and key >= tie and position < tier.first)
    return beaten >= limit


Pool = Callable[[list[Clause], int], Sequence[tuple[T, Doc]]]


def run(terms: list[str], pool: Pool[T]) -> list[tuple[float, T]]:
    """The documents matching every term, with their scores, best first; ties keep pool order.
    Never raises on any input.

    `pool` hands each stage the documents that may match its clauses, in store order: every one
    for a scan (`scan`), the index's candidates (a superset: see index.py) for a large store.
    Runs of pinyin words are first read as one word (`you ke` = `youke`), then, when that finds
    nothing at a stage, as separate terms.
    """
    return [(score, item) for score, item, _ in _literal(terms, pool)]


def _literal(
    terms: list[str],
    pool: Pool[T],
    chunks: bool = True,
    stages: tuple[int, ...] = STAGES,
    trace: list[str] | None = None,
    accept: Accept | None = None,
    limit: int | None = None,
    order: Order = KEYWORDS,
    plain: bool = False,
) -> list[tuple[float, T, bool]]:
    """Documents matching every term (and taken by `accept`), at the narrowest stage that finds any (as typed, by sound,
    with typos), each stage also reading (with `chunks`) a long term as its two-character words (a
    keyword query's resort; a question has a better one), the first also through the thesaurus
    (not when `plain`). `trace` is told how they matched; with `limit`, the hits past the `limit`
    best may be left out."""
    joined, split = parse(terms), parse(terms, join_pinyin=False)
    if plain:
        joined, split = _plain(joined), _plain(split)
    if not joined:
        return []
    readings = (joined, split) if split != joined else (joined,)
    words = chunked(split) if chunks else split  # a long Chinese term that matched nothing, as its words
    for stage in stages:
        for clauses in readings:
            if stage == 2 and not _sounded(clauses):
                continue  # letters and names as written (CPI, 居民消费价格) have no homophones
            hits = _run(clauses, pool(clauses, stage), stage, accept=accept, limit=limit, order=order)
            if hits:
                _say(trace, f"matched every word {HOW[stage]}")
                return hits
        if stage == 1:
            # a long term as its words, then the thesaurus, before sounds and typos: a word people
            # use for the report's (物价 -> 居民消费价格) is likelier meant than a homophone
            hits = _chunks(words, split, pool, stage, trace, accept) or _synonyms(
                readings, pool, trace, accept
            )
            if hits:
                return hits
    for stage in stages[1:] if stages[:1] == (1,) else stages:
        hits = _chunks(words, split, pool, stage, trace, accept)
        if hits:
            return hits
    return []


def _sounded(clauses: list[Clause]) -> bool:
    """Whether a term has a unit that sounds (a Chinese character, pinyin): stage 2's only matter."""
    return any(u.kind != "char" for c in clauses for t in c.terms for form in t.forms for u in form)


def _chunks(
    words: list[Clause],
    split: list[Clause],
    pool: Pool[T],
    stage: int,
    trace: list[str] | None,
    accept: Accept | None = None,
) -> list[tuple[float, T, bool]]:
    if words == split:
        return []
    hits = _run(words, pool(words, stage), stage, accept=accept)
    if hits:
        _say(trace, f"matched {' '.join(c.terms[0].text for c in words)} {HOW[stage]}")
    return hits


def _synonyms(
    readings: tuple[list[Clause], ...],
    pool: Pool[T],
    trace: list[str] | None = None,
    accept: Accept | None = None,
) -> list[tuple[float, T, bool]]:
    """Documents matching every clause when the thesaurus's forms count (exactly, in subjects)."""
    for clauses in readings:
        if any(t.strong < len(t.forms) for c in clauses for t in c.terms):
            hits = _run(clauses, pool(clauses, 1), 1, synonyms=True, accept=accept)
            if hits:
                _say(trace, "matched every word, some through the thesaurus (the words reports use for them)")
                return hits
    return []


def answer(
    terms: list[str],
    pool: Pool[Record],
    size: int,
    every: Callable[[], list[Record]],
    trace: list[str] | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """The facts that answer the words, keywords or a question, best first. `size` is how many facts
    the store holds (for rarity, filters or not: an index knows no other count), `every` hands over
    all that pass the filters (a question with only an intent,
    `降幅最大的指标`); `trace`, when given, collects lines saying how the words were read (`--explain`).
    With `limit`, only the first `limit` hits are sure to be there (and are those of a full search)."""
    reading = read(terms)
    if not reading.is_question:
        hits = _hits(_literal(terms, pool, trace=trace, limit=limit))
        if hits:
            return hits
    _say(trace, _described(reading))
    found: list[Hit] = []
    if reading.words:
        # an English question's words are the report's own names (the English table's): matched as
        # written, never by sound nor through the thesaurus, a second and looser hop
        plain = bool(reading.english) and not any(is_cjk(c) for t in terms for c in t)
        found = _by_words(reading, terms, pool, size, trace, plain, limit)
        parts = read(terms, parts=True) if not found and reading.english else reading
        if parts.words != reading.words:  # an English phrase no fact says, as its parts
            _say(trace, f"the English as its parts: {_described(parts)}")
            reading = parts
            found = _by_words(reading, terms, pool, size, trace, plain, limit)
            shares = [w for w, role in question_words().items() if role == "share"]
            names = [n for w in parts.words for n in w.split("|")]
            if any(n.endswith(w) for n in names for w in shares):  # a part asks a share: in %
                found = sorted(found, key=lambda h: h.record.get("unit") != "%")  # (stable)
    elif reading.sort or reading.rank or reading.filters:
        found = [Hit(50.0, r) for r in every()]
    return _intent(_in_unit_asked(found, reading, pool), reading)


def _by_words(
    reading: Reading,
    terms: list[str],
    pool: Pool[Record],
    size: int,
    trace: list[str] | None,
    plain: bool,
    limit: int | None,
) -> list[Hit]:
    """A question's words: exact or homophone (not `plain`), then the relaxed rule; never typos: a
    typo reading of a question's word (房地产投资 as 固定资产投资) answers a question the report does not."""
    found: list[Hit] = []
    tried = not reading.is_question and reading.words == " ".join(terms).lower().split()
    if not tried:  # keywords read as typed were searched above, every stage

        def accept(score: float, record: Any, own: bool) -> bool:
            return _answers(Hit(score, record, own), reading)

        top = limit if reading.sort is None else None  # a sort by change reads every hit
        stages = STAGES[:1] if plain else STAGES[:2]
        found = _hits(
            _literal(reading.words, pool, False, stages, trace, accept, top, _order(reading), plain)
        )
    if reading.wants and found and all(h.record.get("change") is None for h in found):
        # a change asked, and no fact found has one: the words may stand split over the change's
        # own subject and its sentence's earlier clause (商品房销售面积: 商品房合同网签…，销售面积增长9.8%)
        pieces = _pieces(parse(reading.words, join_pinyin=False), pool, set(reading.generic), as_written=True)
        relaxed = _relax_in(_plain(pieces) if plain else pieces, reading, pool, size, None)
        changed = [h for h in relaxed if h.record.get("change") is not None]
        if changed:
            _say(trace, "a change asked, none found: facts with one whose sentence holds the words first")
            found = changed + [h for h in found if h not in changed]
    found = found or _relax(reading, pool, size, trace, plain)
    if reading.english and not any(_has_figure(h.record) for h in found):
        # an English term found only statements, or nothing: its first Chinese name read as a
        # Chinese question is (tourism revenue: 旅游收入, 营业收入 among 文旅); not when a figure
        # answered in the English's own words (销售面积 +9.8% for floor space … sold, not 3205套)
        first = [w.split("|")[0] if w in reading.english.values() else w for w in reading.words]
        named = _relax(reading._replace(words=first), pool, size, trace)
        found = named if any(h.own and _has_figure(h.record) for h in named) else found
    return found


def _plain(clauses: list[Clause]) -> list[Clause]:
    """The clauses without their terms' thesaurus forms, but for an abbreviation or full form of
    the term (营收 of 营业收入: the same name, written short)."""

    def kept(term: Term) -> Term:
        names = ["".join(u.text for u in form) for form in term.forms]
        short = [
            form
            for form, name in zip(term.forms[term.strong :], names[term.strong :], strict=True)
            if _in_order(name, term.text) or _in_order(term.text, name)
        ]
        return term._replace(forms=term.forms[: term.strong] + tuple(short))

    return [c._replace(terms=tuple(kept(t) for t in c.terms)) for c in clauses]


def _unit_is(record: Record, unit: str | None) -> bool:
    return bool(unit) and (record.get("unit") or "").endswith(unit or "")


def _in_unit_asked(hits: list[Hit], reading: Reading, pool: Pool[Record]) -> list[Hit]:
    """A question asking in a unit (多少户; 占比: %) is answered by the fact in that unit of a
    matching sentence, not by its sentence-mate in another unit that holds the words asked about
    (涉及253个小区、2.8万户 for 多少户; 民生支出12亿元，占…比重79.3% for 民生支出占比): such a fact
    takes its sentence's best score, just above it."""
    unit = reading.unit
    if not unit:
        return hits  # no fact is in the unit asked: none to raise (and no candidates to read again)
    best: dict[str, float] = {}  # a sentence -> the best score of its hits in another unit
    for hit in hits:
        text = hit.record.get("text") or ""
        if text and not _unit_is(hit.record, unit) and hit.score > best.get(text, -1.0):
            best[text] = hit.score
    if not best:
        return hits
    held = {id(h.record) for h in hits}
    mates = [h for h in hits if _unit_is(h.record, unit) and (h.record.get("text") or "") in best]
    for clause in parse(reading.words, join_pinyin=False):  # the mates the hits left out
        for record, _ in pool([clause], 1):
            if id(record) not in held and _unit_is(record, unit) and (record.get("text") or "") in best:
                held.add(id(record))
                mates.append(Hit(0.0, record))
    if not mates:
        return hits
    raised = {
        id(h.record): h._replace(
            score=max(h.score, round(best[h.record.get("text") or ""] + 0.1, 1)), own=True
        )
        for h in mates
    }
    out = [raised.pop(id(h.record), h) for h in hits] + list(raised.values())
    return sorted(out, key=lambda h: -h.score)  # stable: of equal scores, the earlier hit first


def _hits(scored: list[tuple[float, Record, bool]]) -> list[Hit]:
    """Hits, the sentence-mates of a fact whose own words answered after every other hit."""
    hits = [Hit(score, record, own) for score, record, own in scored]
    owned = {h.record.get("text") for h in hits if h.own}
    if not owned:
        return hits
    mates = [h for h in hits if not h.own and h.record.get("text") in owned]
    return [h for h in hits if h.own or h.record.get("text") not in owned] + mates


def _relaxed(
    clauses: list[Clause],
    facts: list[tuple[Record, Doc]],
    stage: int,
    vague: set[str],
    size: int,
    loose: list[str] | None = None,
    required: Collection[str] = (),
) -> list[Hit]:
    """Facts that match the query's rare words, missing only vague or common ones (see above) and
    never a `required` one,
    ranked by the IDF-weighted share of the query they cover."""
    wanted = [c for c in clauses if not c.negate]
    if not wanted:
        return []
    rows: list[tuple[Record, list[tuple[float, bool] | None]]] = []
    seen = [0] * len(wanted)
    for record, fact in facts:
        if any(_excluded(c, fact) for c in clauses if c.negate):
            continue
        # the report's id only: a place word is the API's to narrow by (query/scope.py), with the
        # places inside it; a fact's `place` here would match facts the index cannot offer
        home = record.get("report") or ""
        row = [_clause_best(c, fact, stage, synonyms=True) or _at_home(c, home) for c in wanted]
        if any(found is not None and found[1] for found in row):
            # a subject some word names (营业收入 for 收入) takes its domain from its sentence: 旅游
            # of 旅游收入 through the thesaurus (文旅) there; never the head (the last word: 盈利 of
            # 工业企业盈利 is what is asked, not a sentence's 利润)
            last = len(wanted) - 1
            row = [
                found or (_domain(c, fact) if i < last else None)
                for i, (c, found) in enumerate(zip(wanted, row, strict=True))
            ]
        for i, found in enumerate(row):
            seen[i] += found is not None
        if any(row):
            rows.append((record, row))
    size = max(size, len(rows), 1)
    is_vague = [c.terms[0].text in vague for c in wanted]
    places = [_is_place(c.terms[0].text) for c in wanted]
    # a generic place word (地区, 全区, 本市: two characters naming no division) is the report's own
    # place, said or not: 地区生产总值 asks for the 生产总值 of wherever the report is about
    generic = [
        p and len(c.terms[0].text) == 2 and not is_division(c.terms[0].text)
        for c, p in zip(wanted, places, strict=True)
    ]
    weak = [
        ((v and not p) or g or n >= COMMON * size or (p and n >= COMMON_PLACE))
        and c.terms[0].text not in required
        for c, v, p, g, n in zip(wanted, is_vague, places, generic, seen, strict=True)
    ]
    weights = [
        math.log(1 + size / (n + 1)) * (VAGUE_WEIGHT if v else 1.0)
        for v, n in zip(is_vague, seen, strict=True)
    ]
    total = sum(weights)
    slack = weak if not all(weak) else is_vague  # the words that tell: the rare ones, else any not vague
    # a spoken verb alone (赚: data/spoken.tsv) may go unmatched, but tells where a subject says it (利润)
    # (beside a word that tells: alone, or with vague words only, it is too little: 赚了多少外汇)
    says = [
        len(c.terms[0].text) == 1 and c.terms[0].strong < len(c.terms[0].forms) and not all(slack)
        for c in wanted
    ]
    if loose is not None:  # for --explain: the words a fact may leave unmatched
        loose += [c.terms[0].text for c, w in zip(wanted, weak, strict=True) if w]
    ranked: list[tuple[Hit, int]] = []
    for record, row in rows:
        if any(found is None and not w for found, w in zip(row, weak, strict=True)):
            continue
        if not any(
            found is not None and found[1] and (not s or t)
            for found, s, t in zip(row, slack, says, strict=True)
        ):
            continue  # no telling word in its own subject: vague words, or a sentence's, say too little
        covered = sum(w * found[0] for w, found in zip(weights, row, strict=True) if found is not None)
        # a loose word (上半年, the report's own period) said in the sentence only leaves it the fact's own
        # so does a subject saying the question's spoken verb (利润 for 挣)
        own = all(
            found[1] for found, s in zip(row, slack, strict=True) if found is not None and not s
        ) or any(found is not None and found[1] and t for found, t in zip(row, says, strict=True))
        # Chinese names its head last (民生支出占…支出比重 asks for the 比重, 生产安全事故死亡人数 for the
        # 死亡人数): a fact whose own subject holds the last word scores a little more, and of equal
        # scores, the fact whose own subject holds the later word first
        head = max((i for i, found in enumerate(row) if found is not None and found[1]), default=-1)
        final = row[-1]
        typed = final is not None and final[1] and final[0] >= AS_TYPED  # a synonym there is no head
        bonus = HEAD_BONUS if len(row) > 1 and typed else 0.0
        ranked.append((Hit(round(covered / total * RELAXED_SCALE + bonus, 1), record, own), head))
    ranked.sort(key=lambda h: (-h[0].score, -h[1]))
    return [hit for hit, _ in ranked]


def _domain(clause: Clause, fact: Doc) -> tuple[float, bool] | None:
    """A word's thesaurus form in the fact's sentence, as its subject's domain, scored as a synonym
    in the subject; the word typed itself in the sentence was already scored, as a sentence's word."""
    field = fact.fields.get("text")
    if field is None or not fact.figure:
        return None
    for term in clause.terms:
        if len(term.text) >= 2 and _form_quality(term, field, 1, synonyms=True)[0] is not None:
            return FIELD_WEIGHTS["subject"][0] + FIELD_WEIGHTS["subject"][
                1
            ] * THESAURUS_Q, True  # as if said in it
    return None


def _at_home(clause: Clause, home: str) -> tuple[float, bool] | None:
    """A word naming the fact's own place or report (云南 in a store of 云南省's report) is matched
    by every fact of it, though few sentences repeat it: weakly, as a sentence's word."""
    word = clause.terms[0].text
    return (FIELD_WEIGHTS["text"][0], True) if len(word) >= 2 and word in home else None


def _relax(
    reading: Reading, pool: Pool[Record], size: int, trace: list[str] | None, plain: bool = False
) -> list[Hit]:
    parsed = parse(reading.words, join_pinyin=False)
    first: list[str] = []
    vague = set(reading.generic)  # words that may go unmatched stay whole (所占比重, not 所占 + 比重)
    if plain:
        pieces = _plain(_pieces(parsed, pool, vague, as_written=True))
        hits = _relax_in(pieces, reading, pool, size, first)
        if trace is not None:
            trace += first
        return hits
    hits = _relax_in(_pieces(parsed, pool, vague), reading, pool, size, first)
    said = first
    if not hits:
        # a word a report's word stands for whole (旅游收入: 文旅消费) that found nothing, as the words
        # it is written with (旅游, 收入): a generic subject (营业收入) with its domain in its sentence
        literal = _pieces(parsed, pool, vague, as_written=True)
        if [c.terms for c in literal] != [c.terms for c in _pieces(parsed, pool, vague)]:
            second: list[str] = []
            hits = _relax_in(literal, reading, pool, size, second)
            said = second if hits else first
    if trace is not None:
        trace += said
    return hits


def _relax_in(
    clauses: list[Clause], reading: Reading, pool: Pool[Record], size: int, trace: list[str] | None
) -> list[Hit]:
    # vague: 数量-like words, place names, and a lone character the store's words left over (卖 in
    # 商品房卖了多少套: a verb, a measure word), which says little on its own
    texts = [c.terms[0].text for c in clauses if not c.negate]
    vague = set(reading.generic) | {w for w in texts if _is_place(w) or (len(w) == 1 and is_cjk(w))}
    for stage in STAGES[:1]:  # words as typed only: a partial match by sound or typo is noise
        union: dict[int, tuple[Record, Doc]] = {}
        for clause in clauses:
            if not clause.negate:
                union.update((id(r), (r, f)) for r, f in pool([clause], stage))
        loose: list[str] = []
        # an English term's Chinese name is the indicator, each of its pieces a word of it:
        # 人均地区生产总值 (gdp per capita) is no 地区生产总值, whatever share of facts say 人均
        names = [w for words in reading.english.values() for w in words.split("|")]
        required = {t for t in texts if any(t in name for name in names)}
        # in store order, as a scan has them (each clause's candidates come in turn from an index)
        facts = sorted(union.values(), key=lambda pair: pair[1].position)
        found = _relaxed(clauses, facts, stage, vague, size, loose, required)
        hits = _counted(found, reading)
        if hits:
            words = " ".join(c.terms[0].text for c in clauses if not c.negate)
            let_go = (
                f"; may go unmatched (vague, common or the report's place): {' '.join(loose)}"
                if loose
                else ""
            )
            _say(trace, f"no fact matched every word of {words}: ranked by the share each covers{let_go}")
            return hits
    if trace is not None:
        wanted = [c for c in clauses if not c.negate and c.terms[0].text not in vague]
        unmatched = [
            c.terms[0].text for c in wanted if not any(_clause_best(c, f, 2) for _, f in pool([c], 2))
        ]
        if unmatched:
            trace.append(f"nothing: no fact matches {' or '.join(unmatched)}")
        elif not wanted:
            trace.append(f"nothing: every word is vague ({' '.join(texts)}), and none names a fact's subject")
        else:
            words = " and ".join(c.terms[0].text for c in wanted)
            trace.append(f"nothing: no fact matches {words} together, and none of them is vague or common")
    return []


def _counted(hits: list[Hit], reading: Reading) -> list[Hit]:
    """Of relaxed hits, those that can answer a count the question asks for (床位数, 户数: how many
    床位, 户), a word that may go unmatched only by a fact counted in its unit or naming it: else the
    thing counted is what is asked (医院床位数 is no count of 社区医院)."""
    unit = reading.unit or ""
    counts = [w for w in reading.generic if unit and w.endswith("数") and w[:-1].endswith(unit)]
    if not counts or any(question_words().get(w) for w in counts):  # 人数: a vague word of the table
        return hits
    return [
        h for h in hits if (h.record.get("unit") or "").endswith(unit) or unit in (h.record.get("text") or "")
    ]


def _pieces(
    clauses: list[Clause], pool: Pool[Record], whole: Collection[str] = (), as_written: bool = False
) -> list[Clause]:
    """Each run of Chinese characters that matches no fact whole, cut into the longest pieces that
    some fact holds (房地产投资 -> 房地产, 投资): the store is the dictionary, so no segmenter is
    loaded. Characters no piece of two or more starts stay together, as a piece matching nothing."""
    found: dict[str, bool] = {}

    def held(text: str) -> bool:
        if text not in found:
            term = make_term(text)
            if term is None or not term.forms:
                found[text] = False
            else:  # as written (simplified), or a word reports use for it (楼市: 商品房): cheap tests
                kept = term.forms[: term.strong] if as_written else term.forms
                forms = ["".join(u.simplified or u.text for u in form) for form in kept]
                docs = pool([Clause((term,))], 1)
                found[text] = any(
                    form in field.chars for _, doc in docs for field in doc.fields.values() for form in forms
                )
        return found[text]

    out: list[Clause] = []
    for clause in clauses:
        term = clause.terms[0] if len(clause.terms) == 1 and not clause.negate else None
        text = term.text if term is not None and not term.exact else ""
        if len(text) < 3 or not all(is_cjk(c) for c in text) or text in whole or held(text):
            out.append(clause)
            continue
        words: list[str] = []
        stray = ""
        i = 0
        while i < len(text):
            n = next((n for n in range(len(text) - i, 1, -1) if held(text[i : i + n])), 0)
            if n and len(stray) == 1 and not words:
                # a lone character before the first piece is that word's prefix (进 in 进口额, whose 口额
                # only 进出口额 holds), not a word of its own: the word must match whole
                words.append(stray + text[i : i + n])
                stray = ""
                i += n
            elif n:
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
    """The question's filters, rank, preferences, order and count applied to its hits."""
    return _ordered(hits, reading)[: reading.top]


def _ordered(hits: list[Hit], reading: Reading) -> list[Hit]:
    if reading.filters:
        kept = {id(r) for r in select([h.record for h in hits], Filters(**reading.filters))}
        hits = [h for h in hits if id(h.record) in kept]
    if reading.rank:
        best, worst, scope = reading.rank
        hits = [h for h in hits if _ranked(h.record, best, worst, scope)]
    hits = [h for h in hits if _answers(h, reading)]
    order = _order(reading)
    if order.slack:  # preferences: the order `_best` was told of
        ranked = sorted(((order.key(h.score, h.record), h) for h in hits), key=lambda p: -p[0])
        hits = [
            h._replace(score=round(min(100.0, s), 1)) for s, h in ranked
        ]  # ordered past 100, shown at most 100
    if reading.sort == "change":
        return sort_hits([h for h in hits if h.record.get("change") is not None], "change")
    if reading.sort == "fall":
        falls = [h for h in hits if (h.record.get("change") or 0) < 0]
        return _own_first(sorted(falls, key=lambda h: float(h.record["change"])))
    if reading.sort == "slow":  # 增长最慢: of the facts that rose, the smallest rise first
        rises = [h for h in hits if (h.record.get("change") or 0) > 0]
        return _own_first(sorted(rises, key=lambda h: float(h.record["change"])))
    if reading.sort == "value":
        valued = [h for h in hits if amount(h.record) is not None]
        if valued:
            base = split_unit(valued[0].record.get("unit"))[1]
            valued = [h for h in valued if split_unit(h.record.get("unit"))[1] == base]
        return sort_hits(valued, "value")
    return hits


def _has_figure(record: Record) -> bool:
    return record.get("value") is not None or record.get("change") is not None


def _answers(hit: Hit, reading: Reading) -> bool:
    """Whether a hit can answer the question at all: 多少 or 几 asks for a figure, and one whose
    sentence names the words in another clause is its neighbour's, not this one."""
    record = hit.record
    if reading.unit and reading.unit != "%" and not reading.wants and record.get("value") is None:
        return False  # 多少辆, 户数 ask for an amount: a growth rate alone is none
    if not reading.number:
        return True
    has_figure = _has_figure(record)
    subject = record.get("subject") or ""
    # a question's word ending in the fact's subject names it as its head (民生支出占一般公共预算支出比重
    # ends in 占一般公共预算支出比重, 规上工业企业利润 in 利润; 工业企业营收 is no 企业)
    named = len(subject) >= 2 and any(w.endswith(subject) for w in reading.words)
    return has_figure and (hit.own or named or _in_its_clause(reading.words, record))


def _in_its_clause(words: list[str], record: Record) -> bool:
    """Whether a Chinese word of the question stands in the clause of the fact's figure (words in
    other scripts, matched by sound or spelling, are given the benefit of the doubt)."""
    text, figure = (record.get("text") or "").lower(), (record.get("figure") or "").lower()
    at = text.find(figure) if figure else -1
    chinese = [w for w in words if w and all(is_cjk(c) for c in w)]
    if at < 0 or len(chinese) < len(words):
        return True
    starts = [m.end() for m in CLAUSE_END.finditer(text, 0, at)]
    end = CLAUSE_END.search(text, at + len(figure))
    clause = text[starts[-1] if starts else 0 : end.start() if end else len(text)]
    return any(w in clause for w in chinese)


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
    if reading.number and not reading.wants and record.get("value") is not None:
        met += 1  # 多少 asks for an amount: a level before a growth rate
    status = record.get("status")
    if status is not None and (status == "target") == reading.target:
        met += 1  # what was done, unless the question asks for the plan
    return met


def _ranked(record: Record, best: int, worst: int, scope: str) -> bool:
    rank = record.get("rank") or {}
    position = rank.get("position")
    if not isinstance(position, int) or not best <= position <= worst:
        return False
    # 全市 is the city's ranking, not 县（市、区）'s; 省内 is 全省's
    where = f"{rank.get('scope') or ''} {rank.get('text') or ''}"
    if scope.endswith("区") and scope.lstrip("各").startswith("县"):  # 县区, 县市区: 县（市、区）, written so
        return _in_order(scope.lstrip("各"), "".join(c for c in where if is_cjk(c)))
    return not scope or scope in where or ("全" + scope[0]) in where


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
        parts.append(
            "sorted by change, smallest rise first"
            if reading.sort == "slow"
            else f"sorted by {reading.sort}, largest first"
        )
    return "; ".join(parts)


def _say(trace: list[str] | None, line: str) -> None:
    if trace is not None:
        trace.append(line)


def scan(records: list[Record], filters: Filters | None = None) -> Pool[Record]:
    """A pool of every record that passes `filters` (each stage gets them all)."""
    if filters is not None:
        records = select(records, filters, categories_matching(category_keys(records), filters.category))
    memo: Memo = {}
    docs = [(r, Doc.of_record(r, memo, i)) for i, r in enumerate(records)]
    return lambda clauses, stage: docs


def search(
    records: list[Record], terms: list[str], filters: Filters | None = None, trace: list[str] | None = None
) -> list[Hit]:
    """Facts answering the words, best first; ties keep report order: a scan of every record
    (engine.search picks this or the index for a store on disk). Never raises on any input."""
    pool = scan(records, filters)
    return answer(terms, pool, len(records), lambda: [r for r, _ in pool([], 1)], trace)


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


def categories_matching(names: dict[str, Any], wanted: str | None) -> Collection[str] | None:
    """The category headings (name -> search key) that `wanted` matches as a one-word query
    (fuzzy, Chinese or pinyin); None when no category is wanted."""
    if wanted is None:
        return None
    headings = [(name, Doc.of_heading(name, key)) for name, key in names.items()]
    return {name for _, name in run([wanted], lambda clauses, stage: headings)}


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
