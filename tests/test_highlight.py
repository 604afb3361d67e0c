"""Highlighting: where a query matched the rows shown, however it was typed."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taishan.query.highlight import marks, merge
from taishan.query.search import search
from taishan.store import Record


def _marked(terms: list[str], record: Record, field: str) -> list[str]:
    return [record[field][a:b] for a, b in marks(terms, record, [field]).get(field, [])]


@pytest.mark.parametrize(
    ("terms", "marked"),
    [
        (["游客"], ["游客"]),
        (["youke"], ["游客"]),  # pinyin
        (["you", "ke"], ["游客"]),  # pinyin in pieces: joined, as the search reads it
        (["yóukè"], ["游客"]),
        (["油客"], ["游客"]),  # a homophone typo
        (["遊客"], ["游客"]),  # traditional
        (["jdyk"], ["接待游客"]),  # initials
        (["jiedaiyuoke"], ["接待游客"]),  # a pinyin typo
        (["ouke"], ["游客"]),  # pinyin from mid-syllable
        (["gdzctz"], ["固定资产投资"]),
        (["GDP"], ["生产总值"]),  # the glossary
        (["社零"], ["社会消费品零售总额"]),
    ],
)
def test_the_best_hit_is_marked_where_it_matched(
    records: list[Record], terms: list[str], marked: list[str]
) -> None:
    best = search(records, terms)[0].record
    assert _marked(terms, best, "subject") == marked


def test_every_occurrence_as_written_is_marked(records: list[Record]) -> None:
    best = search(records, ["项目"])[0].record
    got = _marked(["项目"], best, "text")
    assert got == ["项目"] * best["text"].count("项目")


def test_a_query_read_word_by_word_marks_the_words(records: list[Record]) -> None:
    best = search(records, ["签约项目"])[0].record
    assert set(_marked(["签约项目"], best, "text")) == {"签约", "项目"}


def test_excluded_terms_and_other_fields_are_not_marked(records: list[Record]) -> None:
    best = search(records, ["游客"])[0].record
    assert "营业" in best["text"]
    assert _marked(["游客", "!营业"], best, "text") == ["游客"]
    assert marks(["游客"], best, ["unit", "value", "missing"]) == {}


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=12))
def test_merge_sorts_and_joins(raw: list[tuple[int, int]]) -> None:
    spans = [(a, a + n) for a, n in raw]
    merged = merge(spans)
    covered = {i for a, b in spans for i in range(a, b)}
    assert {i for a, b in merged for i in range(a, b)} == covered
    assert all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(merged))


def test_the_api_gives_each_hit_its_marks_on_request(store_file: Path) -> None:
    import taishan

    store = taishan.open_store(store_file)
    hit = store.query("youke", limit=1, marks=True)[0]
    assert hit.marks is not None and [hit.subject[a:b] for a, b in hit.marks["subject"]] == ["游客"]
    assert "marks" not in hit.to_dict()  # not part of the output contract
    assert store.query("youke", limit=1)[0].marks is None  # computed only when asked for


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="游客youkejdyk油遊GDP社零签约项目 '!|", min_size=1, max_size=8))
def test_marks_always_lie_within_their_field(records: list[Record], query: str) -> None:
    for hit in search(records, [query])[:3]:
        for name, spans in marks([query], hit.record, ["subject", "text", "topic", "category"]).items():
            assert spans == merge(spans)
            assert all(0 <= a < b <= len(hit.record[name]) for a, b in spans)


def test_a_word_found_through_the_thesaurus_marks_the_report_word() -> None:
    record = {"subject": "商品房合同网签", "text": "上半年商品房合同网签3205套"}
    assert marks(["房地产"], record, ["subject", "text"]) == {"subject": [(0, 3)], "text": [(3, 6)]}
