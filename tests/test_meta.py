"""ingest/meta.py and ingest/places.py: a report's place, level, year, period and kind found in
its text; the sidecar and the options over them; the place each fact is about."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taishan.errors import ReportError
from taishan.ingest import meta, places
from taishan.ingest.pipeline import build_report, bundled_report


@pytest.mark.parametrize(
    ("head", "filename", "want"),
    [
        # the first lines of real reports, as they stand
        (
            "2025年上海市政府工作报告\n----2025年1月15日龚正市长在上海市第十六届人民代表大会第三次会议的政府工作报告\n来源：解放日报\n全市生产总值增长5%。",
            "上海市.txt",
            ("上海市", "省", 2024, "全年", 2025, "work report"),
        ),
        (  # the head names another province (the newspaper it came from): the text names its own more
            "2025年宁夏政府工作报告\n来源：青海日报\n——2025年1月19日在宁夏回族自治区第十三届人民代表大会第三次会议上\n全区地区生产总值5503亿元。宁夏回族自治区。全区。",
            "宁夏.txt",
            ("宁夏回族自治区", "省", 2024, "全年", 2025, "work report"),
        ),
        (  # a city and its district in the title: the district, which the text names most
            "工业、投资齐发力，深圳光明区上半年GDP增速达6.3%\n南方财经全媒体 见习记者石恩泽 深圳报道\n2022年上半年，光明区GDP为614.71亿元。光明区。",
            "guangming-2022h1-news.txt",
            ("光明区", "区", 2022, "上半年", None, "news"),
        ),
        (  # a province and its cities in the title; the text calls its place 全省
            "广东GDP十强进阶：广深稳守2万亿，东莞有望冲刺万亿\n来源： 时代周报  作者：梁施婷\n东莞增速全省第一，全省前三季度。东莞、东莞、东莞。全省。",
            "guangdong-cities-2021q3-news.txt",
            ("广东省", "省", 2021, "前三季度", None, "news"),
        ),
        (  # a province before the county in brackets only says where the county is
            "(广东省)2020年紫金县人民政府工作报告(全文)   2020年6月18日在紫金县第十六届人民代表大会第五次会议上\n各位代表:",
            "zijin-2020-work-report.txt",
            ("紫金县", "县", 2019, "全年", 2020, "work report"),
        ),
        (  # no dateline: the year the opening names most (the one reviewed); 全市 is the city's ranking
            "大洋网讯 2月8日,南沙区第四届人民代表大会第四次会议开幕。广州市委常委、南沙区委书记出席会议。\n"
            "根据会议议程,南沙区区长向大会作政府工作报告。报告指出,2022年是南沙改革发展具有里程碑意义的一年。全市第一,全市,全市。",
            "nansha-2023-news.txt",
            ("南沙区", "区", 2022, "全年", 2023, "work report"),
        ),
        (  # no year in the text: the file name's
            " 泰山区认真落实新时代党的建设\n上半年，全区新增就业4496人。",
            "taishan-2023h1.txt",
            ("泰山区", "区", 2023, "上半年", None, "report"),
        ),
    ],
)
def test_detect(head: str, filename: str, want: tuple[object, ...]) -> None:
    m = meta.detect(head, filename, head.encode())
    assert (m.place, m.level, m.year, m.period, m.target_year, m.kind) == want


def test_detect_knows_nothing_of_a_text_that_names_no_place() -> None:
    m = meta.detect("上半年，新增就业4496人。", "notes.txt", b"x")
    assert (m.place, m.level, m.year, m.id, m.format) == (None, None, None, "notes", "txt")


def test_short_names_and_levels() -> None:
    assert places.find("广东").name == "广东省"
    assert places.find("广西").name == "广西壮族自治区"
    assert places.find("延边").name == "延边朝鲜族自治州"
    assert places.find("城区") is None  # a word, not a name
    assert places.find("光明") is None  # districts have no short name
    assert places.find("泰山区").level == "区"
    assert [p.name for p in places.ancestors(places.find("光明区"))] == ["广东省", "深圳市"]


def report(tmp_path: Path, text: str, name: str = "r.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sidecar_then_options_override(tmp_path: Path) -> None:
    path = report(tmp_path, "上半年，全区新增就业4496人。\n")
    meta.sidecar(path).write_text(
        'place = "泰山区"\nyear = 2023\ntitle = "泰山区上半年工作"\n', encoding="utf-8"
    )
    info, records = build_report(path, {"year": 2022, "place": None})
    assert (info.place, info.level, info.year, info.title) == ("泰山区", "区", 2022, "泰山区上半年工作")
    assert {r["place"] for r in records} == {"泰山区"}


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [("place = ", "not valid TOML"), ('town = "x"', "unknown field 'town'"), ("year = 12", "year")],
)
def test_a_bad_sidecar_is_one_line(tmp_path: Path, sidecar: str, message: str) -> None:
    path = report(tmp_path, "全区新增就业4496人。\n")
    meta.sidecar(path).write_text(sidecar, encoding="utf-8")
    with pytest.raises(ReportError, match=message) as info:
        build_report(path)
    assert "\n" not in str(info.value)


GUANGDONG = meta.ReportMeta(
    id="g", title="", place="广东省", level="省", year=2021, period="前三季度", target_year=None,
    kind="news", source="g.txt", format="txt", sha256="", code="440000000000",
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "figure", "want"),
    [
        ("统计数据显示，前三季度深圳实现GDP 21791.18亿元，同比增长7.1%。", "21791.18亿元", "深圳市"),
        ("广州紧随其后，前三季度GDP达到20029.12亿元，同比增长9.9%。", "20029.12亿元", "广州市"),
        ("作为“国际消费中心城市”，广州不负“买买买”的称号，前三季度社会消费品零售总额达到7499.89亿元。", "7499.89亿元", "广州市"),
        ("前三季度，佛山的GDP达到8489.33亿元，同比增长11.4%。", "8489.33亿元", "佛山市"),
        ("广东省在前三季度实现了生产总值88009.86亿元。", "88009.86亿元", "广东省"),
        ("全省地区生产总值增长5%，其中深圳增长6%。", "增长5%", "广东省"),
        ("全省地区生产总值增长5%，其中深圳增长6%。", "增长6%", "深圳市"),
        # a place named inside an earlier clause, among other names, is no topic
        ("成果丰硕，鹏城实验室、广州实验室两大平台落地，研发经费支出4200亿元。", "4200亿元", "广东省"),
        # a short name outside the report's province is a word: 长治久安
        ("实现长治久安，全省新增就业120万人。", "120万人", "广东省"),
    ],
)  # fmt: skip
def test_the_place_of_a_fact(text: str, figure: str, want: str) -> None:
    assert meta.PlaceReader(GUANGDONG).place(text, figure, "") == want


def test_a_list_of_places_then_fenbie_gives_each_its_figure() -> None:
    text = "佛山、东莞分别迈上8000亿元、7000亿元两个大关，尤其是东莞，全年有望向万亿城市发起冲击。"
    reader = meta.PlaceReader(GUANGDONG)
    assert [reader.place(text, f, "") for f in ("8000亿元", "7000亿元")] == ["佛山市", "东莞市"]
    # a list of indicators is no list of places
    figures = ("增长5%", "6%")
    text = "全省地区生产总值、进出口分别增长5%、6%。"
    assert {meta.PlaceReader(GUANGDONG).place(text, f, "") for f in figures} == {"广东省"}


def test_a_sentence_opening_with_qizhong_is_about_the_one_before() -> None:
    reader = meta.PlaceReader(GUANGDONG)
    first = "前三季度，广州固定资产投资同比增长19.8%。"
    then = "其中，民间投资同比增长37.7%。"
    other = "全省新增就业120万人。"
    assert reader.place(first, "增长19.8%", "") == "广州市"
    assert reader.place(then, "增长37.7%", "") == "广州市"
    assert reader.place(other, "120万人", "") == "广东省"


@pytest.mark.parametrize(
    ("kind", "lines", "want"),
    [
        # a news story's paragraph follows the city it opened with, unless a sentence says the whole
        (
            "news",
            [
                (1, "除了工业增速较快，汕尾的投资表现也不错。", None),
                (1, "前三季度，汕尾固定资产投资同比增长25.1%。", "增长25.1%"),
                (1, "工业投资增长32.7%；基础设施投资增长39.7%。", "增长32.7%"),
                (1, "全省固定资产投资增长10%。", "增长10%"),
                (2, "民间投资增长8%。", "增长8%"),  # the next paragraph opened with no city
            ],
            ["汕尾市", "汕尾市", "汕尾市", "广东省", "广东省"],
        ),
        # a work report's paragraph is its own place's though it opens with a city
        (
            "work report",
            [
                (1, "支持广州实现老城市新活力。", None),
                (1, "新增就业120万人。", "120万人"),
            ],
            ["广州市", "广东省"],
        ),
    ],
)
def test_a_news_paragraph_is_about_the_place_it_opens_with(
    kind: str, lines: list[tuple[int, str, str | None]], want: list[str]
) -> None:
    reader = meta.PlaceReader(meta.override(GUANGDONG, {"kind": kind}))
    assert [reader.place(text, figure, text, line) for line, text, figure in lines] == want


def test_a_place_that_holds_the_report_is_not_the_facts(tmp_path: Path) -> None:
    """光明区's report: 深圳市 and 广东省 hold it; its figures stay 光明区's."""
    district = meta.override(GUANGDONG, {"place": "光明区"})
    text = "根据深圳市地区生产总值统一核算结果，光明区GDP为614.71亿元，深圳市增长3%。"
    assert meta.PlaceReader(district).place(text, "增长3%", "") == "光明区"


def test_the_bundled_report() -> None:
    info, _ = build_report(bundled_report())
    assert (info.id, info.place, info.level, info.year, info.period) == (
        "taishan-2023h1",
        "泰山区",
        "区",
        2023,
        "上半年",
    )
    assert len(info.sha256) == 64 and info.source == "taishan-2023h1.txt"


@given(st.text(max_size=300), st.text(max_size=20))
def test_any_text_has_metadata_and_places_without_error(text: str, figure: str) -> None:
    m = meta.detect(text, "r.txt", text.encode("utf-8", "surrogatepass"))
    assert m.level in (None, "省", "市", "区", "县") and (m.year is None or 1900 <= m.year <= 2099)
    assert meta.PlaceReader(GUANGDONG).place(text, figure or None, text[:10]) is not None


# ../shared beside the checkout (CI's clone), or two folders up (a worktree under wt/)
SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents[2:4] if (p / "shared" / "corpus").is_dir()),
    Path("shared"),
)
PROVINCES = sorted((SHARED / "corpus" / "provinces-2025").glob("*.docx"))


@pytest.mark.skipif(not PROVINCES, reason="../shared is not beside this checkout")
def test_every_provincial_work_report_of_2025() -> None:
    """The 27 provincial work reports as delivered (.docx): each its own province (宁夏: 宁夏回族自治区,
    not the 青海日报 it came from), reviewing 2024 and setting targets for 2025."""
    from taishan.ingest.read import read
    from taishan.query.scope import names

    wrong = []
    for path in PROVINCES:
        source = read(path)
        m = meta.detect(source.text, path.name, b"", source.name)
        got = (m.level, m.year, m.period, m.target_year, m.kind)
        if not (m.place and names(path.stem, m.place)) or got != ("省", 2024, "全年", 2025, "work report"):
            wrong.append((path.stem, m.place, *got))
    assert len(PROVINCES) == 27 and wrong == []


@pytest.mark.skipif(not PROVINCES, reason="../shared is not beside this checkout")
@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("guangdong-2023-work-report.txt", ("广东省", "省", 2022, "全年", 2023, "work report")),
        ("guangdong-cities-2021q3-news.txt", ("广东省", "省", 2021, "前三季度", None, "news")),
        ("guangming-2022h1-news.txt", ("光明区", "区", 2022, "上半年", None, "news")),
    ],
)
def test_the_corpus_texts_whole(name: str, want: tuple[object, ...]) -> None:
    from taishan.ingest.read import read

    source = read(SHARED / "corpus" / name)
    m = meta.detect(source.text, name, b"", source.name)
    assert (m.place, m.level, m.year, m.period, m.target_year, m.kind) == want
