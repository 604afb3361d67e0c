"""Stable ids: from the report and what the fact says, never from where it stands."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from taishan.ingest.ids import fact_ids
from taishan.ingest.pipeline import build_records, bundled_report


def ids_by_content(records: list[dict[str, object]]) -> dict[tuple[object, ...], object]:
    return {(r["text"], r["figure"], r["subject"]): r["id"] for r in records}


def test_ids_survive_a_rebuild() -> None:
    assert [r["id"] for r in build_records([bundled_report()])] == [
        r["id"] for r in build_records([bundled_report()])
    ]


def test_deleting_a_sentence_changes_no_other_id(tmp_path: Path) -> None:
    text = bundled_report().read_text(encoding="utf-8")
    gone = "新增城镇就业4496"
    at = text.index(gone)
    start, end = text.rfind("。", 0, at) + 1, text.index("。", at) + 1
    edited = tmp_path / "taishan-2023h1.txt"
    edited.write_text(text[:start] + text[end:], encoding="utf-8")
    before = ids_by_content(build_records([bundled_report()]))
    after = ids_by_content(build_records([edited]))
    assert len(after) < len(before)
    moved = [k for k, i in after.items() if before.get(k) != i]
    assert moved == []


def test_one_more_figure_elsewhere_changes_no_other_id() -> None:
    facts = [("全区新增就业4496人。", "4496人", "新增就业"), ("游客1439万人次。", "1439万人次", "游客")]
    more = [facts[0], ("新增企业81家。", "81家", "新增企业"), facts[1]]
    old, new = fact_ids("r", facts), fact_ids("r", more)
    assert [new[0], new[2]] == old


def test_the_same_sentence_and_figure_twice_count_on() -> None:
    twice = [("增长10%，增长10%。", "增长10%", "a"), ("增长10%，增长10%。", "增长10%", "b")]
    first, second = fact_ids("r", twice)
    assert second == f"{first}-2"


def test_other_reports_do_not_matter(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("某区概况\n上半年，全区实现生产总值100亿元，同比增长5%。\n", encoding="utf-8")
    alone = [r["id"] for r in build_records([bundled_report()])]
    together = [r["id"] for r in build_records([other, bundled_report()]) if r["report"] == "taishan-2023h1"]
    assert together == alone


@given(st.lists(st.tuples(st.text(), st.none() | st.text(), st.text()), max_size=30))
def test_ids_are_unique_and_have_no_spaces(keys: list[tuple[str, str | None, str]]) -> None:
    ids = fact_ids("taishan-2023h1", keys)
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"taishan-2023h1-[0-9a-f]{6}(-\d+)?", i) for i in ids)
