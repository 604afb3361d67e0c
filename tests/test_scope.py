"""query/scope.py: --report, --place, --year, and the place or year words of a query."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan import api, store
from taishan.errors import UsageError
from taishan.query import scope
from taishan.query.filters import Filters

# ../shared beside the checkout (CI's clone), or two folders up (a worktree under wt/)
CORPUS = next(
    (
        p / "shared" / "corpus"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared" / "corpus").is_dir()
    ),
    Path("shared/corpus"),
)
PROBE = Path(__file__).parent / "data" / "multi-probe.tsv"

REPORTS = [
    {"id": "t", "place": "泰山区", "code": "370902000000", "year": 2023, "period": "上半年",
     "places": {"泰山区": "370902000000"}},
    {"id": "g", "place": "广东省", "code": "440000000000", "year": 2021, "period": "前三季度",
     "places": {"广东省": "440000000000", "深圳市": "440300000000", "佛山市": "440600000000"}},
    {"id": "m", "place": "光明区", "code": "440311000000", "year": 2022, "period": "上半年",
     "places": {"光明区": "440311000000"}},
    {"id": "w", "place": "广东省", "code": "440000000000", "year": 2022, "target_year": 2023,
     "period": "全年", "places": {"广东省": "440000000000"}},
]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "place", "want"),
    [
        ("广东", "广东省", True),
        ("广东省", "广东省", True),
        ("广西", "广西壮族自治区", True),
        ("新疆", "新疆维吾尔自治区", True),
        ("泰山", "泰山区", True),
        ("东", "广东省", False),
        ("广", "广州市", False),
        ("广东省份", "广东省", False),
    ],
)
def test_names(word: str, place: str, want: bool) -> None:
    assert scope.names(word, place) is want


@pytest.mark.parametrize(
    ("terms", "left", "reports", "places"),
    [
        (["泰山区", "社零"], ["社零"], None, {"泰山区"}),
        (["泰山区社零"], ["社零"], None, {"泰山区"}),
        (["泰山區", "社零"], ["社零"], None, {"泰山区"}),  # traditional characters
        (["taishancha"], ["taishancha"], None, None),  # 泰山茶: pinyin names a place only whole
        (
            ["广东 地方一般公共预算收入"],
            ["地方一般公共预算收入"],
            None,
            {"广东省"},  # the province's revenue, not its cities'
        ),
        (["深圳", "GDP"], ["GDP"], None, {"深圳市"}),  # the city's, not its districts' (光明区)
        (["深圳光明区", "政府投资"], ["政府投资"], None, {"光明区"}),
        (["2022年", "GDP"], ["GDP"], {"m", "w"}, None),
        (["2023", "GDP"], ["GDP"], {"t"}, None),
        (["2021年前三季度", "GDP"], ["GDP"], {"g"}, None),
        (["2021年上半年", "GDP"], ["上半年", "GDP"], {"g"}, None),
        (["2022年GDP"], ["GDP"], {"m", "w"}, None),
        (["2021年深圳GDP"], ["GDP"], {"g"}, {"深圳市"}),
        (["武汉", "GDP"], ["武汉", "GDP"], None, None),  # no report of the store: a search word
        (["1999年", "GDP"], ["1999年", "GDP"], None, None),
        (["广东"], ["广东"], None, None),  # a place alone is what to find
    ],
)
def test_narrow(terms: list[str], left: list[str], reports: set[str] | None, places: set[str] | None) -> None:
    words, filters = scope.narrow(terms, REPORTS, Filters())
    assert words == left
    assert filters.reports == (None if reports is None else frozenset(reports))
    assert filters.places == (None if places is None else frozenset(places))


@given(st.lists(st.text(max_size=12), max_size=4))
def test_narrow_never_raises_and_keeps_or_drops_words(terms: list[str]) -> None:
    words, _ = scope.narrow(terms, REPORTS, Filters())
    typed = scope.simplified("".join(terms))  # 呂 is kept as 吕
    assert all(scope.simplified(w) in typed for w in words)


def test_resolve() -> None:
    chosen = scope.resolve(REPORTS, "g", "深圳", 2021, Filters())
    assert chosen.reports == {"g"} and chosen.places == {"深圳市", "光明区"}  # and the places within
    for args, message in [(("x", None, None), "--report"), ((None, " ", None), "--place")]:
        with pytest.raises(UsageError, match=message):
            scope.resolve(REPORTS, *args, Filters())


def probe() -> list[tuple[str, str, str]]:
    with PROBE.open(encoding="utf-8") as f:
        return [tuple(r[:3]) for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]  # type: ignore[misc]


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory) -> api.Store:
    names = ["guangdong-2023-work-report", "guangdong-cities-2021q3-news", "guangming-2022h1-news"]
    paths = [None, *(CORPUS / f"{n}.txt" for n in names)]
    from taishan.ingest.pipeline import bundled_report

    target = tmp_path_factory.mktemp("four") / "facts.json"
    return api.build([bundled_report(), *paths[1:]], target)  # type: ignore[list-item]


def matches(fact: object, expect: str) -> bool:
    from taishan.query.filters import amount, split_unit

    number, unit = expect.removeprefix("num:"), ""
    while number and not number[-1].isdigit():
        number, unit = number[:-1], number[-1] + unit
    factor, base = split_unit(unit)
    want = float(number) * factor
    record = {"value": getattr(fact, "value"), "unit": getattr(fact, "unit")}  # noqa: B009
    got = amount(record)
    if got is not None and abs(got - want) < 1e-6 * max(1.0, want) and split_unit(record["unit"])[1] == base:
        return True
    change = getattr(fact, "change")  # noqa: B009
    return unit == "%" and change is not None and abs(abs(float(change)) - want) < 1e-9  # 下降19.4%: -19.4


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared is not beside this checkout")
def test_place_qualified_probe(four: api.Store) -> None:
    """The probe's place- and year-qualified queries over the four-report store: the first answer is
    the figure, or nothing for a place the store does not hold (杭州) or an indicator the named
    place's report lacks (光明区 社会消费品零售总额: not 广州's). Short forms (泰山, 光明, 佛山市),
    pinyin places, a year and a period (2022年上半年 光明区), a city of a news text, a share (占比)."""
    failed = []
    for kind, query, expect in probe():
        hits = four.query(query.split(), limit=1)
        ok = not hits if kind == "none" else bool(hits) and matches(hits[0], expect)
        if not ok:
            failed.append((query, hits and (hits[0].subject, hits[0].value, hits[0].change)))
    assert failed == []


@pytest.mark.parametrize(
    ("terms", "want"),
    [
        (["杭州", "社零"], ["杭州"]),  # a division of China no fact is about
        (["兰州市GDP"], ["兰州市"]),  # glued to the indicator
        (["广东", "GDP"], []),  # the store's own
        (["泰山", "社零"], []),  # the store's, by its short name
        (["光明区", "社零"], []),  # within 深圳, held
        (["社零"], []),
        (["gdp"], []),
    ],
)
def test_unheld(terms: list[str], want: list[str]) -> None:
    assert scope.unheld(terms, REPORTS) == want


def test_without() -> None:
    assert scope.without(["杭州GDP", "杭州", "社零"], ["杭州"]) == ["GDP", "社零"]


@pytest.mark.parametrize(
    ("text", "places", "want"),
    [
        ("前三季度深圳光明区GDP增长6%", {"光明区"}, True),
        ("光明正处于政策发力期", {"光明区"}, True),  # the short name
        ("广州社会消费品零售总额7499.89亿元", {"光明区"}, False),
    ],
)
def test_says(text: str, places: set[str], want: bool) -> None:
    assert scope.says({"text": text}, places) is want


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("2021年前三季度佛山外贸进出口总值达4757.9亿元。", "4757.9亿元", True),
        ("对于广东则意味着拥有了4座GDP万亿城市，在数量上与江苏比肩。", "4座", False),  # named after it
        ("江苏增长5%；广东拥有4座万亿城市。", "4座", False),  # in another part of the sentence
        ("东莞的GDP已经超过去年同期的万亿城市西安和福州。", None, False),  # a statement
        ("赴北京、深圳等地开展招商活动80次，合同引资额213.9亿元。", "213.9亿元", False),  # another clause
    ],
)
def test_says_of_its_figure(text: str, figure: str | None, want: bool) -> None:
    place = next((p for p in ("江苏省", "西安市", "深圳市") if p[:2] in text), "佛山市")
    assert scope.says({"text": text, "figure": figure}, {place}, of_figure=True) is want


def test_rerank_puts_the_whole_subject_and_its_level_first() -> None:
    from taishan.query.search import Hit

    def hit(score: float, subject: str, value: float | None, period: str | None = None) -> Hit:
        return Hit(
            score, {"subject": subject, "value": value, "place": "广东省", "report": "w", "period": period}
        )

    # a generic word's fact scored above the whole subject's by a typo match
    ranked = scope.rerank(
        [hit(60, "企业", 700), hit(58, "国家专精特新“小巨人”企业", 447)],
        REPORTS,
        frozenset({"广东省"}),
        None,
        ["专精特新小巨人企业"],
    )
    assert [h.record["value"] for h in ranked] == [447, 700]
    # the subject padded with where and when is the indicator's; its level before a bare growth
    ranked = scope.rerank(
        [hit(100, "地区生产总值", None, "全年"), hit(94.6, "2022年全省地区生产总值", 12.8, "2022年")],
        REPORTS,
        frozenset({"广东省"}),
        2022,
        ["地区生产总值"],
    )
    assert [h.record["value"] for h in ranked] == [12.8, None]
    # the year's figure before a span's the report recalls (五年来); 一年来 is the year's own
    ranked = scope.rerank(
        [hit(100, "城镇新增就业", 690, "五年来"), hit(100, "城镇新增就业", 132, "一年来")],
        REPORTS,
        frozenset({"广东省"}),
        2022,
        ["城镇新增就业"],
    )
    assert [h.record["value"] for h in ranked] == [132, 690]
    # unless the words ask for a change
    ranked = scope.rerank(
        [hit(100, "地区生产总值", None, "全年"), hit(100, "地区生产总值", 12.8, "全年")],
        REPORTS,
        frozenset({"广东省"}),
        None,
        ["地区生产总值增速"],
    )
    assert [h.record["value"] for h in ranked] == [None, 12.8]


def test_reports_rows_of_an_older_store(tmp_path: Path, records: list[dict[str, object]]) -> None:
    path = tmp_path / "old.json"
    store.save(records, path)  # no reports table
    assert [r["id"] for r in api.open_store(path).reports()] == ["taishan-2023h1"]
