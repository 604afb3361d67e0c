"""Stable ids: from the report and what the fact says, never from where it stands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
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


# ../shared beside the checkout (CI's clone), or two folders up (a worktree under wt/)
CORPUS = next(
    (
        p / "shared" / "corpus"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared" / "corpus").is_dir()
    ),
    Path("shared/corpus"),
)


def delete_sentence(text: str, gone: str) -> str:
    """The text without the sentence holding `gone`: from the 。 before it to the 。 after (a blank line
    within may be a page's end: the bundled report breaks its sentences across pages)."""
    at = text.index(gone)
    return text[: text.rfind("。", 0, at) + 1] + text[text.index("。", at) + 1 :]


@pytest.mark.parametrize(
    ("report", "gone", "said"),
    [
        # the bundled report's lines break mid-word (its page layout): `said` is the sentence's own
        # words as a fact's cleaned text has them
        ("taishan-2023h1.txt", "新增城镇就业4496", "新增城镇就业4496人"),  # amid its paragraph
        ("taishan-2023h1.txt", "网签 3205 套", "网签3205套"),  # with a ranking (列全市第二)
        (
            "taishan-2023h1.txt",
            "泰山区实现生产总值282.3亿元",
            "泰山区实现生产总值282.3亿元",
        ),  # a paragraph's first
        ("guangming-2022h1-news.txt", "第二产业增加值为400.97亿元", "第二产业增加值为400.97亿元"),  # 其中…
        ("guangdong-2023-work-report.txt", "新增国家级制造业单项冠军企业47家", "单项冠军企业47家"),
    ],
)
def test_deleting_a_sentence_changes_no_id_of_another(
    tmp_path: Path, report: str, gone: str, said: str
) -> None:
    """Exactly: the facts after are the facts before less those of the deleted sentence, each with
    the same id and content (sentence, figure, subject)."""
    path = bundled_report() if report.startswith("taishan") else CORPUS / report
    if not path.is_file():
        pytest.skip("../shared is not beside this checkout")
    edited = tmp_path / report
    edited.write_text(delete_sentence(path.read_text(encoding="utf-8"), gone), encoding="utf-8")
    before = build_records([path])
    after = build_records([edited])
    dropped = [r for r in before if said in r["text"]]
    assert dropped and len(after) == len(before) - len(dropped)
    kept = {r["id"]: (r["text"], r["figure"], r["subject"]) for r in before if said not in r["text"]}
    assert {r["id"]: (r["text"], r["figure"], r["subject"]) for r in after} == kept


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
