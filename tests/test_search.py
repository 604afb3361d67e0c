"""Search: every query form of issue 3, ranking, operators, and hostile input."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taishan.query.doc import SEARCHED
from taishan.query.search import FIELD_WEIGHTS, Hit, search, sort_hits, sort_records
from taishan.store import Record


def top(records: list[Record], query: str, k: int = 3) -> list[Hit]:
    return search(records, query.split())[:k]


def figures(hits: list[Hit]) -> list[str]:
    return [f"{h.record['value']}{h.record['unit'] or ''}" for h in hits] + [
        f"{h.record['change']}%" for h in hits
    ]


@pytest.mark.parametrize(
    ("query", "figure"),
    [
        # Chinese, across the report's line breaks
        ("游客", "1439万人次"),
        ("社会消费品零售总额", "132.8亿元"),
        ("货物贸易", "37.8亿元"),
        ("跨境电商 进出口", "12.5亿元"),
        ("高层次人才", "1850人"),  # the report says 高层次、高学历人才
        # toneless pinyin, any case, spaces optional
        ("youke", "1439万人次"),
        ("you ke", "1439万人次"),
        ("YouKe", "1439万人次"),
        ("kuajingdianshang", "12.5亿元"),
        ("taishancha", "1.28万亩"),
        ("louzhang", "4853名"),
        # tone marks, tone numbers, full width
        ("yóukè", "1439万人次"),
        ("you2ke4", "1439万人次"),
        ("ｙｏｕｋｅ", "1439万人次"),
        # initials
        ("gdzctz", "11.3%"),
        ("sczz", "282.3亿元"),
        ("hwmy", "37.8亿元"),
        # mixed
        ("游ke", "1439万人次"),
        ("跨境dianshang", "12.5亿元"),
        # homophones and typos
        ("油客", "1439万人次"),
        ("生产总直", "282.3亿元"),
        ("youkr", "1439万人次"),
        ("社会消费品零收总额", "132.8亿元"),
        # traditional
        ("遊客", "1439万人次"),
        ("生產總值", "282.3亿元"),
        ("樓長", "4853名"),
        # abbreviations
        ("GDP", "282.3亿元"),
        ("gdp", "282.3亿元"),
        ("社零", "132.8亿元"),
        ("固投", "11.3%"),
        ("PM2.5", "-2.2%"),  # 浓度改善2.2% is a fall
        # words run together in another order than the report's (`项目实现签约`)
        ("签约项目", "34个"),
    ],
)
def test_query_forms_find_the_figure(records: list[Record], query: str, figure: str) -> None:
    assert figure in figures(top(records, query))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("岱银", "岱银集团获批国家级绿色工厂"),
        ("国星宇航", "国星宇航"),
        ("1151", "全链条工作推进机制"),
        ("Yue泰山", "Yue泰山"),
        ("松园小区", "全国推广"),
        ("大汶河", "提升改造工程"),
        ("规上", "规上"),
    ],
)
def test_names_and_codes_find_their_statement(records: list[Record], query: str, text: str) -> None:
    assert any(text in h.record["text"] for h in top(records, query))


@pytest.mark.parametrize(
    "query",
    [
        "冰淇淋",
        "火箭发射",
        "天气预报",
        "量子计算机",
        "xyzzy",
        "qwertyuiop",
        "足球",
        "'; DROP TABLE",
        "",
        "   ",
        "[/]",
        ".*",
        "(",
    ],
)
def test_unrelated_or_unusable_queries_find_nothing(records: list[Record], query: str) -> None:
    assert search(records, [query]) == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("工业 利润", "4.65亿元"),  # the subject is 利润 itself: tighter than 规上工业企业实现营收
        ("社会消费品零售总额", "132.8亿元"),  # subject match above the sentence-only ones
        ("固投", "None11.3"),
    ],
)
def test_ranking_puts_the_meant_fact_first(records: list[Record], query: str, first: str) -> None:
    r = top(records, query, 1)[0].record
    got = f"{r['value']}{r['unit'] or ''}"
    assert got == first or f"{r['value']}{r['change']}" == first


def test_subject_match_scores_above_sentence_only_match(records: list[Record]) -> None:
    hits = search(records, ["游客"])
    in_subject = [h.score for h in hits if "游客" in h.record["subject"]]
    sentence_only = [h.score for h in hits if "游客" not in h.record["subject"]]
    assert min(in_subject) > max(sentence_only)


def test_exact_above_homophone_and_boundary_above_mid_syllable(records: list[Record]) -> None:
    assert top(records, "游客", 1)[0].score > top(records, "油客", 1)[0].score
    assert top(records, "youke", 1)[0].score > top(records, "ouke", 1)[0].score


def test_ties_keep_report_order(records: list[Record]) -> None:
    hits = search(records, ["泰山区"])
    order = {id(r): i for i, r in enumerate(records)}
    for a, b in itertools.pairwise(hits):
        if a.score == b.score:
            assert order[id(a.record)] < order[id(b.record)]


def test_scores_are_between_0_and_100(records: list[Record]) -> None:
    for q in ("游客", "youkr", "gdzctz", "油客"):
        assert all(0 <= h.score <= 100 for h in search(records, [q]))


def test_fzf_operators(records: list[Record]) -> None:
    either = search(records, ["楼长|强村公司"])
    assert {"4853名", "37家"} <= set(figures(either))
    assert search(records, ["'youke"]) == []  # exact: no pinyin
    assert search(records, ["'楼长"])
    without = search(records, ["游客", "!营业"])
    assert all("营业" not in h.record["text"] for h in without)


def test_sort_hits_by_value_after_multipliers(records: list[Record]) -> None:
    hits = sort_hits(search(records, ["亿元"]), "value")
    values = [h.record["value"] for h in hits if h.record["unit"] == "亿元"]
    assert values == sorted(values, reverse=True)
    by_change = [h.record["change"] for h in sort_hits(search(records, ["增长"]), "change")]
    present = [c for c in by_change if c is not None]
    assert present == sorted(present, reverse=True) and by_change[: len(present)] == present
    with pytest.raises(ValueError):
        sort_hits([], "colour")


def test_sort_records_matches_sort_hits(records: list[Record]) -> None:
    for key in ("value", "change"):
        by_hits = [h.record for h in sort_hits([Hit(100.0, r) for r in records], key)]
        assert sort_records(records, key) == by_hits
    assert sort_records(records, "score") == records
    small = [{"value": 1, "unit": "亿元"}, {"value": None, "unit": None}, {"value": 5000, "unit": "万元"}]
    assert sort_records(small, "value") == [small[0], small[2], small[1]]
    with pytest.raises(ValueError):
        sort_records([], "colour")


@pytest.mark.parametrize(
    "query",
    ["\x1b[31m游客\x1b[0m", "%s", "\\", "\ud800", "x" * 5000, "😀", "游\u200b客", "[bold red]x[/bold red]"],
)
def test_hostile_queries_never_raise(records: list[Record], query: str) -> None:
    assert isinstance(search(records, [query]), list)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=3))
def test_any_string_gives_a_list(records: list[Record], terms: list[str]) -> None:
    assert isinstance(search(records, terms), list)


def test_clause_statements_match_by_their_own_words(records: list[Record]) -> None:
    hits = search(records, ["游客"])
    assert all(h.record["figure"] is not None or h.record["subject"] == h.record["text"] for h in hits)
    [dai] = search(records, ["岱银"])[:1]
    assert dai.record["subject"] == "岱银集团获批国家级绿色工厂"


def test_of_a_sentences_facts_the_one_beside_the_words_ranks_first(records: list[Record]) -> None:
    first, second = search(records, ["游客"])[:2]
    assert (first.record["value"], second.record["value"]) == (1439, 5.81)  # 5.81亿元 follows 游客


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("taishan-2023h1-d86edc", "taishan-2023h1-d86edc"),
        ("…d86edc", "taishan-2023h1-d86edc"),
        ("d86edc", "taishan-2023h1-d86edc"),
    ],
)
def test_find_takes_an_id_or_its_unique_ending(records: list[Record], wanted: str, found: str) -> None:
    from taishan.query.lookup import find

    assert find(records, wanted)["id"] == found


def test_find_names_the_ids_an_ambiguous_ending_fits() -> None:
    from taishan.errors import NotFoundError
    from taishan.query.lookup import find

    with pytest.raises(NotFoundError, match=r"^2 ids end in '001' \(a-001, b-001\): give more of the id$"):
        find([{"id": "a-001"}, {"id": "b-001"}], "…001")
    with pytest.raises(NotFoundError, match="no fact has id"):
        find([{"id": "a-001"}], "01")


def test_every_searched_field_has_its_weights() -> None:
    """doc.SEARCHED is what the index holds grams of; each of them must also be scored."""
    assert tuple(FIELD_WEIGHTS) == SEARCHED


def test_fewer_homophones_score_higher(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`油客` in 游客 is one homophone, in 有课 two: the first scores higher, though two homophones'
    quality (0.6) equals an abbreviation's, which alone earns coverage (the bound of a fact only a
    homophone can match relies on it)."""
    from taishan.ingest.pipeline import build_reports

    path = tmp_path_factory.mktemp("homophones") / "r.txt"
    path.write_text("某区概况\n全区有课学生1200人，接待游客800万人次。\n", encoding="utf-8")
    records = build_reports([path])[0][1]
    hits = search(records, ["油客"])
    score = {h.record["figure"]: h.score for h in hits}
    assert score["800万人次"] > score["1200人"]
