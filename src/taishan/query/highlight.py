"""Where a query matched a fact, however it was typed, for highlighting the rows shown.

Asked only for the few rows a table draws, after the search: the search itself never computes a
span. A term is marked where its best form matches at the narrowest stage that finds it (exact and
pinyin, then homophones and mid-syllable pinyin, then typos), as search.py scores it.

>>> from taishan.keys import search_keys
>>> record = {"subject": "主要景区景点接待游客", "keys": search_keys({"subject": "主要景区景点接待游客"})}
>>> [marks([q], record, ["subject"]) for q in ("youke", "油客", "jdyk", "jiedaiyuoke")]
[{'subject': [(8, 10)]}, {'subject': [(8, 10)]}, {'subject': [(6, 10)]}, {'subject': [(6, 10)]}]
"""

from __future__ import annotations

from collections.abc import Iterable

from taishan.query import match
from taishan.query.match import Field
from taishan.query.parse import Clause, Term, chunked, parse
from taishan.store import Record

Span = tuple[int, int]
MARKED = ("subject", "text", "topic", "category")  # the fields a table may show that a search reads
STAGES = (1, 2, 3)  # as search.STAGES


def marks(terms: list[str], record: Record, fields: Iterable[str]) -> dict[str, list[Span]]:
    """For each of `fields` that holds text, the spans `[start, end)` the query's terms matched
    there, sorted and merged; fields with none are left out.

    As the search reads a query: pinyin words joined (`you ke` = `youke`) unless that finds
    nothing, and a clause found nowhere as typed read word by word (`签约项目` in `项目实现签约`).
    """
    keys = record.get("keys") or {}
    found: dict[str, Field] = {}
    for name in fields:
        text = record.get(name)
        if isinstance(text, str) and text:
            found[name] = Field.of(text, keys.get(name) if isinstance(keys, dict) else None)
    joined, split = parse(terms), parse(terms, join_pinyin=False)
    spans, missed = _clause_spans(_literal(joined), found)
    if missed and split != joined:
        spans, missed = _clause_spans(_literal(split), found)
    if missed:
        more, still = _clause_spans(chunked(missed), found)
        if still:  # the thesaurus's words last, as the search tries them (a synonym: 房地产 in 商品房)
            whole = [c for c in (*joined, *split) if _literal([c])[0] in missed]
            more, _ = _clause_spans(list(dict.fromkeys(whole)), found)
        for name, got in more.items():
            spans.setdefault(name, []).extend(got)
    return {name: merge(got) for name, got in spans.items() if got}


def _literal(clauses: list[Clause]) -> list[Clause]:
    """The clauses without their terms' thesaurus forms (search.py tries those only after them)."""
    return [c._replace(terms=tuple(t._replace(forms=t.forms[: t.strong]) for t in c.terms)) for c in clauses]


def _clause_spans(
    clauses: list[Clause], fields: dict[str, Field]
) -> tuple[dict[str, list[Span]], list[Clause]]:
    """Each field's spans for the clauses, and the clauses found in no field. A clause is looked
    for stage by stage, as the search does: a typo is never asked for where an exact match stands."""
    spans: dict[str, list[Span]] = {}
    missed = []
    for clause in clauses:
        if clause.negate:
            continue
        for stage in STAGES:
            found = {
                name: got
                for name, field in fields.items()
                if (got := [s for t in clause.terms for s in term_spans(t, field, stage)])
            }
            if found:
                for name, got in found.items():
                    spans.setdefault(name, []).extend(got)
                break
        else:
            missed.append(clause)
    return spans, missed


def term_spans(term: Term, field: Field, stage: int) -> list[Span]:
    """Where one term matches the field at this stage: at 1 every occurrence as written, else its
    best match; at 2 through homophones or from mid-syllable; at 3 as a typo."""
    if term.exact:
        return _occurrences(term.text, field.chars) if stage == 1 else []
    if stage == 1:
        for form in term.forms:  # as written (or simplified): every occurrence, as a reader expects
            if all(u.kind != "pinyin" for u in form):
                simple = "".join(u.simplified or u.text for u in form)
                spans = _occurrences("".join(u.text for u in form), field.chars)
                if spans or (spans := _occurrences(simple, field.chars)):
                    return spans
    if stage >= 3:
        return _typo(term, field)
    best: tuple[float, Span] | None = None
    for form in term.forms:
        q = match.quality(form, field, stage)
        span = match.where(form, field, stage) if q is not None else None
        if q is not None and span is not None and (best is None or q > best[0]):
            best = (q, span)
    if best is not None:
        return [best[1]]
    if stage == 2 and term.letters and match.mid_syllable(term.letters, field):
        return _from_spelled(field, field.spelled.find(term.letters), len(term.letters))
    return []


def _typo(term: Term, field: Field) -> list[Span]:
    """The stretch a typo'd term was found in (stage 3), where the search would find it."""
    if match.fuzzy(term.text, term.letters, field) is None:
        return []
    from rapidfuzz import fuzz

    if term.letters:
        got = fuzz.partial_ratio_alignment(term.letters, field.spelled)
        return [] if got is None else _from_spelled(field, got.dest_start, got.dest_end - got.dest_start)
    got = fuzz.partial_ratio_alignment(term.text, field.chars)
    if got is None:
        return []
    start, end = got.dest_start, got.dest_end
    while start < end and field.chars[start] not in term.text:  # the window's stray ends
        start += 1
    while end > start and field.chars[end - 1] not in term.text:
        end -= 1
    return [(start, end)] if end > start else []


def _from_spelled(field: Field, start: int, length: int) -> list[Span]:
    """Letters `[start, start + length)` of `field.spelled` as the characters they spell."""
    if start < 0 or length <= 0:
        return []
    ends, at = [], 0
    for syllable in field.syllables:  # `spelled` is the syllables run together, one letter a mark
        at += len(syllable) or 1
        ends.append(at)
    if at != len(field.spelled):
        return []  # a field whose spelling does not line up with its characters: mark nothing
    first = next(i for i, end in enumerate(ends) if end > start)
    last = next((i for i, end in enumerate(ends) if end >= start + length), len(ends) - 1)
    return [(first, last + 1)]


def _occurrences(needle: str, chars: str) -> list[Span]:
    needle = needle.lower()
    spans: list[Span] = []
    at = chars.find(needle) if needle else -1
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = chars.find(needle, at + len(needle))
    return spans


def merge(spans: list[Span]) -> list[Span]:
    """Spans sorted, overlapping or touching ones joined.

    >>> merge([(5, 7), (0, 2), (1, 3), (7, 8)])
    [(0, 3), (5, 8)]
    """
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
