"""build: reading report files, ids, several reports in one store, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taishan.errors import ReportError
from taishan.ingest.pipeline import build_records, bundled_report
from taishan.ingest.read import read
from taishan.store import dumps

SHARED_REPORT = Path(__file__).resolve().parents[2] / "shared" / "report" / "taishan-2023h1.txt"


@pytest.mark.skipif(not SHARED_REPORT.exists(), reason="../shared is not beside this checkout")
def test_bundled_report_is_a_byte_identical_copy() -> None:
    assert bundled_report().read_bytes() == SHARED_REPORT.read_bytes()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"\x01\x00\x02\x00\x03", "binary file"),
        (b"\xff\xfe\x00\xd8", "not valid utf-16-le"),
    ],
)
def test_bad_reports_are_refused_in_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReportError, match=reason) as info:
        read(path)
    assert "\n" not in str(info.value)


def test_missing_report(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="not found"):
        read(tmp_path / "nope.txt")


def test_a_directory_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="directory"):
        read(tmp_path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff全区新增就业4496人。".encode())
    assert read(path).text.startswith("全区")


def test_ids_are_unique_stable_and_name_the_report(records: list[dict[str, object]]) -> None:
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"taishan-2023h1-[0-9a-f]{6}(-\d+)?", i) for i in ids)
    assert {r["report"] for r in records} == {"taishan-2023h1"}


def test_same_input_same_bytes() -> None:
    assert dumps(build_records([bundled_report()])) == dumps(build_records([bundled_report()]))


def test_several_reports_build_one_store(tmp_path: Path) -> None:
    other = tmp_path / "other-report.txt"
    other.write_text("某区概况\n上半年，全区实现生产总值100亿元，同比增长5%。\n", encoding="utf-8")
    records = build_records([bundled_report(), other])
    assert {r["report"] for r in records} == {"taishan-2023h1", "other-report"}
    [gdp] = [r for r in records if r["report"] == "other-report" and r["value"] is not None]
    assert (gdp["value"], gdp["change"]) == (100, 5) and gdp["id"].startswith("other-report-")


def test_two_reports_with_one_name_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    same = tmp_path / "a" / "taishan-2023h1.txt"
    same.write_text("内容。", encoding="utf-8")
    with pytest.raises(ReportError, match="named"):
        build_records([bundled_report(), same])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_any_text_builds_and_figures_stand_in_their_sentence(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        records = build_records([path])
    except ReportError:
        return  # e.g. only control characters: refused with a clear reason
    for r in records:
        assert r["figure"] is None or r["figure"] in r["text"]


def test_size_limit_is_exact_and_the_message_never_says_50_over_50(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taishan.ingest import read as read_module

    monkeypatch.setattr(read_module, "MAX_REPORT_BYTES", 2 * 2**20)  # the rule at 2 MB, to keep files small
    at_limit = tmp_path / "at.txt"
    at_limit.write_bytes(("游客" * (2 * 2**20 // 6)).encode() + b"\n" * (2 * 2**20 % 6))
    assert len(at_limit.read_bytes()) == 2 * 2**20
    assert read(at_limit).text  # exactly the limit is allowed
    over = tmp_path / "over.txt"
    over.write_bytes(at_limit.read_bytes() + b"\n")
    with pytest.raises(ReportError) as info:
        read(over)
    assert str(info.value) == f"report too large (2,097,153 bytes, over the limit of 2 MB): {over}"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("泰山区 2023 上半年.txt", "泰山区-2023-上半年"),
        ("a\tb  c.txt", "a-b-c"),
        (" lead.txt", "lead"),
        ("plain.txt", "plain"),
        ("report.md", "report"),  # a report's suffix goes, whatever the container
        ("data.json", "data.json"),
    ],
)
def test_ids_from_a_file_name_with_spaces_have_none(tmp_path: Path, name: str, slug: str) -> None:
    path = tmp_path / name
    path.write_text("全市接待游客1439万人次。\n", encoding="utf-8")
    (record,) = build_records([path])
    assert record["report"] == slug and re.fullmatch(rf"{re.escape(slug)}-[0-9a-f]{{6}}", record["id"])
    assert not any(ch.isspace() for ch in record["id"])
