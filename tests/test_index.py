"""The derived index: the same answers as a search over every fact, and never trusted when stale."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from itertools import groupby, pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taishan import store
from taishan.errors import StoreError
from taishan.query import engine, index, match, search
from taishan.query.filters import Filters
from taishan.query.parse import parse
from taishan.store import Record

QUERIES = [
    "游客", "youke", "you ke", "yóukè", "油客", "遊客", "gdzctz", "jdyk", "ouke", "游ke", "GDP", "社零",
    "生产总值 增长", "'游客", "增长 !下降", "游客|社零", "主要景区景点接待游各", "高层次人才", "冰淇淋",
    "xyzzy", "lz", "1439", "%", "yuoke", "有客", "接待油客", "游kè", "生产总直", "1439万", "泰山区",
    "长", "张幅", "增涨 gdp", "亿元", "二〇二三", "遊客|油客", "签约项目", "天气预报",
    "ke",  # found by hypothesis: `k`+`e` (口额) as well as a syllable starting `ke`
]  # fmt: skip
FILTERS = [Filters(), Filters(category="jingji"), Filters(unit="亿元", min_change=5)]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, records: list[Record]) -> Path:
    """One indexed store for every parity case (building the index is the slow part); it lives
    beside the store, so later opens find it."""
    path = tmp_path_factory.mktemp("indexed") / "facts.json"
    store.save(records, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        assert engine.open_index(path) is not None
    assert (path.parent / f".{path.name}.sqlite").is_file()
    return path


@pytest.fixture()
def big(tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of its own that is indexed: the bundled facts, the threshold lowered to take them."""
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "facts.json"
    store.save(records, path)
    return path


def ids(hits: list[search.Hit]) -> list[tuple[float, str]]:
    return [(h.score, h.record["id"]) for h in hits]


def indexed_search(path: Path, terms: list[str], filters: Filters | None = None) -> list[search.Hit]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        return engine.search(path, terms, filters)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filters", FILTERS)
def test_the_index_answers_as_a_full_search(
    shared: Path, records: list[Record], query: str, filters: Filters
) -> None:
    assert ids(indexed_search(shared, query.split(), filters)) == ids(
        search.search(records, query.split(), filters)
    )


# queries built from the store's own words, bent the ways people bend them
_PIECES = ["游客", "接待", "增长", "亿元", "生产总值", "社零", "GDP", "泰山", "投资", "景区", "项目", "下降"]
_PINYIN = ["youke", "you", "ke", "jie", "dai", "zengzhang", "zz", "yk", "gdp", "shengchan", "ouke", "yuoke"]
_WORD = st.one_of(
    st.sampled_from(_PIECES),
    st.sampled_from(_PINYIN),
    st.sampled_from(_PIECES).map(lambda w: w[:-1] + "油"),  # a homophone-ish or plain typo
    st.sampled_from(_PIECES).map(lambda w: "'" + w),
    st.sampled_from(_PIECES).map(lambda w: "!" + w),
    st.text(alphabet="游客增长接待油遊总值亿元ykzgdp区长 ", min_size=1, max_size=6),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORD, min_size=1, max_size=3), filters=st.sampled_from(FILTERS))
def test_the_index_answers_as_a_full_search_on_generated_queries(
    shared: Path, records: list[Record], words: list[str], filters: Filters
) -> None:
    assert ids(indexed_search(shared, words, filters)) == ids(search.search(records, words, filters))


def test_ties_keep_store_order_on_both_paths(shared: Path, records: list[Record]) -> None:
    # hypothesis found it: a relaxed query's candidates, gathered word by word from the index, put a
    # tie of 30.5 in another order than a scan; both must keep store order
    words = ["亿元", "you", "项目"]
    assert ids(indexed_search(shared, words)) == ids(search.search(records, words))


def indexed_best(path: Path, words: list[str], filters: Filters, limit: int) -> list[search.Hit]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        return engine.search(path, words, filters, limit=limit)[:limit]


# words that make a fact's own hits (figures, rankings, subjects) and its sentence-mates' hits
_OWN = ["1439", "1439万", "第一", "全市第二", "第二", "65", "增长", "人次", "万元", "%", "同比"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.one_of(_WORD, st.sampled_from(_OWN)), min_size=1, max_size=3),
    filters=st.sampled_from(FILTERS),
    limit=st.integers(1, 25),
)
def test_the_best_few_read_through_the_index_are_a_full_search_s_first(
    shared: Path, records: list[Record], words: list[str], filters: Filters, limit: int
) -> None:
    """With a limit, the index reads the candidates best bound first and stops early; the first
    `limit` hits are still exactly a full search's."""
    full = search.search(records, words, filters)[:limit]
    assert ids(indexed_best(shared, words, filters, limit)) == ids(full)


@pytest.mark.parametrize("query", [*QUERIES, *_OWN, "游客 增长", "增长 人次", "生产总值 增长 亿元"])
@pytest.mark.parametrize("limit", [1, 3, 10])
def test_the_best_few_of_each_query(shared: Path, records: list[Record], query: str, limit: int) -> None:
    full = search.search(records, query.split())[:limit]
    assert ids(indexed_best(shared, query.split(), Filters(), limit)) == ids(full)


def test_a_limited_search_reads_fewer_facts(shared: Path) -> None:
    """The point of the tiers: `亿元` with a limit of 1 parses fewer facts than without."""
    read = []
    for limit in (1, None):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(store, "INDEX_MIN_BYTES", 0)
            opened = engine.open_index(shared)
        assert opened is not None
        hits = search.answer(["亿元"], opened.pool(None, None), opened.count, list, limit=limit)
        read.append((len(opened._facts), [h.record["id"] for h in hits[:1]]))
    (few, best), (every, first) = read
    assert best == first and few < every / 2


def test_every_match_rule_has_its_candidates() -> None:
    """match.RULES is the contract: the index answers for exactly the rules the matcher applies."""
    assert list(index.CANDIDATES) == list(match.RULES)


@pytest.mark.parametrize("filters", FILTERS)
def test_facts_through_the_index_are_the_scan_s(
    shared: Path, records: list[Record], filters: Filters
) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        through_index = engine.facts(shared, filters)
    assert through_index == engine.facts(shared, filters)  # the small-store path: a parse and a scan


@pytest.mark.parametrize("filters", FILTERS)
def test_facts_streamed_in_chunks_are_the_same_facts(
    shared: Path, filters: Filters, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    chunked = index.Index.each_record
    monkeypatch.setattr(index.Index, "each_record", lambda self, chunk=7: chunked(self, chunk))
    assert list(engine.each_fact(shared, filters)) == engine.facts(shared, filters)


def test_a_small_store_is_not_indexed(tmp_path: Path, records: list[Record]) -> None:
    path = tmp_path / "facts.json"
    store.save(records, path)
    assert engine.open_index(path) is None and not list(tmp_path.glob(".*.sqlite"))


def test_the_index_lives_beside_the_store(big: Path) -> None:
    assert index.open_index(big) is not None
    assert (big.parent / f".{big.name}.sqlite").is_file()


@pytest.mark.parametrize("folder", ["we#ird%20dir", "what?now", "100%", "a#b?c%d"])
def test_a_store_in_a_folder_with_uri_characters_is_indexed_in_place(
    tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """`#`, `?` and `%` mean something in an SQLite URI: unescaped, the index opened another file."""
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / folder / "facts.json"
    store.save(records, path)
    before = set(tmp_path.iterdir())
    assert ids(engine.search(path, ["游客"])) == ids(search.search(records, ["游客"]))
    assert ids(engine.search(path, ["游客"])) == ids(search.search(records, ["游客"]))  # reopened
    assert set(tmp_path.iterdir()) == before  # no stray file beside the folder
    assert sorted(p.name for p in path.parent.iterdir()) == [".facts.json.sqlite", "facts.json"]


def test_a_changed_store_is_reindexed(big: Path, records: list[Record]) -> None:
    index.open_index(big)
    store.save([r for r in records if "游客" not in r["subject"]], big)
    assert not [h for h in engine.search(big, ["游客"]) if "游客" in h.record["subject"]]


def test_a_store_rewritten_with_the_same_size_and_time_is_reindexed(big: Path) -> None:
    index.open_index(big)
    st_ = big.stat()
    data = big.read_bytes().replace("游客".encode(), "旅人".encode())
    big.write_bytes(data)
    os.utime(big, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert big.stat().st_size == st_.st_size
    assert not engine.search(big, ["'游客"])


@pytest.mark.parametrize("damage", [b"", b"not a database", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_index_is_rebuilt(big: Path, records: list[Record], damage: bytes) -> None:
    index.open_index(big)
    (big.parent / f".{big.name}.sqlite").write_bytes(damage)
    assert ids(engine.search(big, ["游客"])) == ids(search.search(records, ["游客"]))


def test_an_index_of_another_schema_is_rebuilt(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index.open_index(big)
    monkeypatch.setattr(index, "SCHEMA", "taishan-index 999")
    assert index.open_index(big) is not None  # rebuilt, not refused


def test_an_unwritable_folder_indexes_into_the_next_place(
    big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled store sits in a read-only site-packages: the index goes to the user's cache."""
    cache = tmp_path / "cache" / "x.sqlite"
    monkeypatch.setattr(index, "locations", lambda path: [Path("/proc/nope/x.sqlite"), cache])
    assert index.open_index(big) is not None and cache.is_file()


def test_no_writable_place_still_answers(
    big: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "locations", lambda path: [Path("/proc/nope/x.sqlite")])
    assert ids(engine.search(big, ["游客"])) == ids(search.search(records, ["游客"]))


def test_a_homophone_needs_its_syllables_side_by_side(shared: Path) -> None:
    """`油客` reads only sentences (groups of facts) with `you ke` in a row, not every one with a
    `you` and a `ke`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        found = index.open_index(shared)
    assert found is not None
    pool = found.candidates(parse(["油客"]), stage=2)
    assert pool and len(pool) < found.groups / 10
    for group in pool:
        docs = [doc for _, doc in found.records({group})]
        assert any(("you", "ke") in pairwise(f.syllables) for d in docs for f in d.fields.values())


def test_groups_are_the_runs_of_facts_of_one_sentence(shared: Path, records: list[Record]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        found = index.open_index(shared)
    assert found is not None
    runs = [len(list(g)) for _, g in groupby(records, key=lambda r: (r["text"], r["topic"]))]
    assert found.groups == len(runs) < len(records)
    assert [len(found.facts_of({g})) for g in range(1, found.groups + 1)] == runs


def test_a_touched_store_is_not_reindexed(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same content, new mtime and ctime: the content hash says so, and the index is re-stamped."""
    assert index.open_index(big) is not None
    os.utime(big, ns=(1, 10**18))
    built: list[Path] = []
    monkeypatch.setattr(index, "build", lambda *a, **k: built.append(a[1]))
    assert index.open_index(big) is not None and not built
    assert index.open_index(big) is not None and not built  # and the second open needs no hash
    monkeypatch.setattr(index, "content_hash", lambda data: pytest.fail("hashed again"))
    assert index.open_index(big) is not None


def test_a_killed_build_s_orphan_is_removed_when_the_index_is_built(big: Path) -> None:
    orphan = big.parent / f"..{big.name}.sqlite.k1ll3d.tmp"
    orphan.write_bytes(b"591 MB, once")
    assert index.open_index(big) is not None
    assert not orphan.exists()


def test_a_store_rebuilt_small_loses_its_old_index(big: Path, records: list[Record]) -> None:
    assert index.open_index(big) is not None
    place = big.parent / f".{big.name}.sqlite"
    assert place.is_file()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", big.stat().st_size)
        store.save(records[:3], big)
        index.refresh(big)
    assert not place.exists()


def test_a_store_of_another_layout_is_parsed_not_indexed(big: Path, records: list[Record]) -> None:
    """Compact JSON (another tool's TinyDB) has no spans to point at: parsed whole, same answers."""
    big.write_text(json.dumps({"_default": {str(i): r for i, r in enumerate(records, 1)}}), encoding="utf-8")
    assert index.open_index(big) is None
    assert ids(engine.search(big, ["游客"])) == ids(search.search(records, ["游客"]))


@pytest.mark.parametrize("where", ["before", "after"])
def test_other_tables_beside_the_facts_are_allowed(big: Path, records: list[Record], where: str) -> None:
    """`reports` (multi-report stores) may sit on either side of the facts' table."""
    facts = {str(i): r for i, r in enumerate(records[:50], 1)}
    other = {"1": {"id": "taishan-2023h1", "title": "x"}}
    data = (
        {"reports": other, "_default": facts} if where == "before" else {"_default": facts, "reports": other}
    )
    big.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    found = index.open_index(big)
    assert found is not None and [r for r, _ in found.records(index.ALL)] == records[:50]


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-40],  # cut short
        lambda b: b.replace(b'\n  "2": {', b'\n  "2": [', 1),  # a record that is not an object
        lambda b: b.replace(b"},\n", b"}\n", 1),  # a missing comma
        lambda b: b.replace(b"\n}", b',\n "x": [1]\n}'),  # a table that is not an object
    ],
)
def test_a_damaged_store_is_never_indexed_wrong(
    big: Path, records: list[Record], damage: Callable[[bytes], bytes]
) -> None:
    """Whatever the index cannot read as records goes to the parser, which names the problem."""
    big.write_bytes(damage(store.dumps(records)))
    with pytest.raises(StoreError):
        engine.search(big, ["游客"])


def test_the_index_is_smaller_than_the_json(tmp_path: Path, records: list[Record]) -> None:
    """Once a store is large enough to be indexed at all (a few thousand facts; the bundled one is
    too small: SQLite's pages and the gram names dominate there). Measured at 100,000: a third."""
    path = tmp_path / "facts.json"
    copies = [{**r, "id": f"{n}-{r['id']}", "line": r["line"] + n} for n in range(12) for r in records]
    store.save(copies, path)
    place = tmp_path / "facts.sqlite"
    assert index.build(path, place) == len(copies)
    assert place.stat().st_size <= path.stat().st_size


def test_a_rebuild_reports_its_progress_from_start_to_end(big: Path) -> None:
    heard: list[tuple[int, int]] = []
    assert index.open_index(big, lambda done, total: heard.append((done, total))) is not None
    size = big.stat().st_size
    assert heard[0] == (0, size) and heard[-1] == (size, size)
    assert [d for d, _ in heard] == sorted(d for d, _ in heard)


@pytest.mark.parametrize("parts", [1, 7, 10_000])
def test_postings_written_in_parts_read_back_whole(
    tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch, parts: int
) -> None:
    """Building hands SQLite at most BATCH groups at a time; however they were cut, the answers are
    the same."""
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(index, "BATCH", parts)
    path = tmp_path / "facts.json"
    store.save(records, path)
    for query in ("游客", "油客", "gdzctz", "生产总值 增长"):
        assert ids(engine.search(path, query.split())) == ids(search.search(records, query.split()))


QUESTIONS = [q for report, _, q, *_ in (line.split("\t") for line in (Path(__file__).parent / "data" / "questions.tsv").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")) if report == "bundled"]  # fmt: skip


@pytest.mark.parametrize("filters", FILTERS)
def test_the_index_answers_questions_as_a_full_search(
    shared: Path, records: list[Record], filters: Filters
) -> None:
    """The probe's questions (tests/data/questions.tsv) read through the index: the relaxed rule,
    intents over every fact and the thesaurus find what a scan finds."""
    for question in QUESTIONS:
        words = question.split()
        assert ids(indexed_search(shared, words, filters)) == ids(search.search(records, words, filters)), (
            question
        )


ODD = ['"', "'", " ", "\t", "(", "*", "^", "-", "AND", "OR", "NOT", "\x1f", "A", ":", "NEAR"]


@pytest.mark.parametrize("odd", ODD)
def test_grams_holding_what_fts5_reads_as_syntax_are_found(
    tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch, odd: str
) -> None:
    """Grams are FTS5 tokens: quotes, spaces, operators' words, the separator and capitals inside
    a field must neither break a query nor lose a fact."""
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    path = tmp_path / "facts.json"
    odd_records = [
        {**r, "subject": f"{odd}{r['subject']}{odd}游客", "keys": {}} if n % 3 == 0 else r
        for n, r in enumerate(records)
    ]
    store.save(odd_records, path)
    for query in (f"{odd}游客", f"'{odd}游", odd.strip() or "游客", "youke", f"{odd}yk"):
        words = query.split()
        if words:
            assert ids(engine.search(path, words)) == ids(search.search(odd_records, words)), query


def test_the_best_few_answers_to_questions(shared: Path, records: list[Record]) -> None:
    """Questions order their hits by preferences (a change, a unit) after the score: the few read
    through the index are still a full search's first."""
    asked = [*QUESTIONS, "生产总值增长多少", "游客人次增长", "降幅最大的指标", "亿元 下降", "投资增长了多少"]
    asked += ["接待游客多少人次", "新增就业多少人", "占比多少", "涉及多少户", "项目 多少个", "亿元 占比"]
    for question in asked:
        words = question.split()
        full = search.search(records, words)
        for limit in (1, 4):
            assert ids(indexed_best(shared, words, Filters(), limit)) == ids(full[:limit]), question


def test_a_rankings_clause_is_its_facts_own_words_in_the_index_too(tmp_path: Path) -> None:
    # `…12%，园区居全市第一`: 园区 is the ranked fact's own word (query/doc.ranking) for the search, so
    # a limited read through the index must not bound that fact as a sentence-only match
    from taishan.keys import search_keys

    def fact(i: int, subject: str, text: str, figure: str, rank: dict[str, object] | None = None) -> Record:
        r: Record = {
            "id": f"t-{i:03d}", "report": "t", "category": "c", "topic": "", "subject": subject,
            "value": 1.0, "unit": "%", "qualifier": "", "change": None, "rank": rank, "period": "",
            "text": text, "line": i, "status": "actual", "place": "x", "page": None, "source": "",
            "figure": figure,
        }  # fmt: skip
        r["keys"] = search_keys({k: r[k] for k in ("subject", "text", "topic", "category") if r[k]})
        return r

    ranked = fact(
        0,
        "工业投资",
        "工业投资增长12%，园区居全市第一。",
        "12%",
        {"position": 1, "text": "第一", "scope": "全市"},
    )
    others = [
        fact(i, f"园区工业甲乙丙丁戊己庚辛{i}号", f"园区工业甲乙丙丁戊己庚辛{i}号为{i}%。", f"{i}%")
        for i in range(1, 6)
    ]
    path = tmp_path / "facts.json"
    store.save([ranked, *others], path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        full = engine.search(path, ["园区", "工业"])
        limited = engine.search(path, ["园区", "工业"], limit=3)
    assert full[0].record["id"] == "t-000"
    assert ids(limited[:3]) == ids(full[:3])


def _tier_scores(path: Path, words: list[str], stage: int) -> list[tuple[float, float]]:
    """Each candidate's (bound, score) as a limited search reads them tier by tier."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        opened = engine.open_index(path)
    assert opened is not None
    clauses = parse(words)
    wanted = [c for c in clauses if not c.negate]
    pool = opened.pool(None, None)(clauses, stage)

    def most(i: int, length: int, form: tuple[int, int], sounded: bool) -> float:
        return search.own_max(wanted[i], length, form, sounded)

    out = []
    for tier in pool.tiers(most, search.ABBREVIATION_MAX, search.OTHER_MAX):
        for _, record, doc in tier.load():
            found = search._scored(clauses, wanted, record, doc, stage, False)
            if found is not None:
                out.append((tier.bound, found[0]))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.one_of(_WORD, st.sampled_from(_OWN)), min_size=1, max_size=3),
    stage=st.sampled_from([1, 2, 3]),
)
def test_no_fact_scores_above_its_tier_s_bound(shared: Path, words: list[str], stage: int) -> None:
    """The bounds a limited search stops by (subject length, form, homophone, abbreviation) are
    never beaten: each fact's score is at most its tier's bound, rounded as scores are."""
    for bound, score in _tier_scores(shared, words, stage):
        assert score <= round(bound + 1e-9, 1)


@pytest.mark.parametrize("query", [*QUERIES, *_OWN, "游客 增长", "油客 增长", "生产总值 增长 亿元"])
@pytest.mark.parametrize("stage", [1, 2, 3])
def test_no_fact_of_a_query_scores_above_its_bound(shared: Path, query: str, stage: int) -> None:
    for bound, score in _tier_scores(shared, query.split(), stage):
        assert score <= round(bound + 1e-9, 1)


def test_a_limited_search_stops_inside_a_tier_of_ties(
    tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty facts alike tie at one score and one bound: read in store order, the first chunk of
    their tier holds the best three (ties keep report order), so nothing past it is parsed."""
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    monkeypatch.setattr(index, "CHUNK", 4)
    fact = next(r for r in records if r["figure"] == "1439万人次")
    alike = [{**fact, "id": f"{fact['id']}-{n}"} for n in range(40)]
    path = tmp_path / "facts.json"
    store.save(records[:5] + alike + records[5:], path)
    read = []
    for limit in (3, None):
        opened = engine.open_index(path)
        assert opened is not None
        hits = search.answer(["游客"], opened.pool(None, None), opened.count, list, limit=limit)
        read.append((len(opened._facts), ids(hits[:3])))
    (few, best), (every, first) = read
    assert best == first == ids(search.search(store.load(path), ["游客"]))[:3]
    assert few <= 8 and every > 40


def _tables(path: Path) -> dict[str, object]:
    """An index's content: its tables' rows, the groups' arrays, each FTS5 table's postings."""
    import sqlite3

    with sqlite3.connect(path) as db:
        out: dict[str, object] = {
            name: db.execute(f"SELECT rowid, * FROM {name} ORDER BY rowid").fetchall()
            for name in ("facts", "categories")  # in store order
        }
        for name in ("tokens", "syllables"):  # in the order of a set's: any
            out[name] = sorted(db.execute(f"SELECT * FROM {name}"))
        firsts, stops = db.execute("SELECT firsts, stops FROM groups").fetchone()
        out["groups"] = (firsts, stops)
        for table in index.TABLES:
            out[table] = sorted(db.execute(f"SELECT term, doc FROM {table}_instances"))
        out["count"] = db.execute("SELECT value FROM meta WHERE key = 'count'").fetchone()
    return out


def test_an_index_built_in_a_pool_is_the_one_built_in_process(
    tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large store's grams are worked out by worker processes a part at a time (parts of 7 facts
    here, each ending where a sentence does); the index is the one built in this process, postings
    and all."""
    path = tmp_path / "facts.json"
    store.save(records, path)
    index.build(path, tmp_path / "serial.sqlite")
    monkeypatch.setattr(index, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(index, "PART", 7)
    monkeypatch.setattr(index, "_cores", lambda: 2)
    done: list[int] = []
    index.build(path, tmp_path / "pooled.sqlite", lambda at, of: done.append(at))
    assert _tables(tmp_path / "pooled.sqlite") == _tables(tmp_path / "serial.sqlite")
    assert done[-1] == path.stat().st_size and len(done) > 3  # progress as the parts come in


@pytest.mark.parametrize("pooled", [False, True])
def test_a_record_that_is_no_json_leaves_no_index_in_a_pool_either(
    tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch, pooled: bool
) -> None:
    """A worker's error comes back to the building process as the serial build's: the store is not
    in the indexed layout, nothing is written (the caller parses the store and names the problem)."""
    path = tmp_path / "facts.json"
    store.save(records, path)
    raw = path.read_bytes()
    at = raw.index(b'"value": ', len(raw) // 2)
    path.write_bytes(raw[:at] + b'"value": 1x2' + raw[raw.index(b",", at) :])
    if pooled:
        monkeypatch.setattr(index, "POOL_MIN_BYTES", 0)
        monkeypatch.setattr(index, "PART", 7)
        monkeypatch.setattr(index, "_cores", lambda: 2)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert index.write(path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.json"]
