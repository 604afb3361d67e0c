"""Incremental builds: add, replace, remove one report; one at a time ends as all at once."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

import pytest
from typer.testing import CliRunner

from taishan import store
from taishan.cli import app
from taishan.errors import ExitCode
from taishan.ingest.pipeline import bundled_report

runner = CliRunner()


def build(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", *args])
    return result.exit_code, result.stderr


@pytest.fixture
def reports(tmp_path: Path) -> list[Path]:
    a = tmp_path / "a-2023h1.txt"
    a.write_text("泰山区上半年\n上半年，全区新增就业4496人，接待游客1439万人次。\n", encoding="utf-8")
    b = tmp_path / "b-2022.txt"
    b.write_text("2022年光明区经济\n2022年上半年，光明区GDP为614.71亿元，同比增长6.3%。\n", encoding="utf-8")
    return [a, bundled_report(), b]


def test_one_at_a_time_ends_as_all_at_once(tmp_path: Path, reports: list[Path]) -> None:
    together, one_by_one = tmp_path / "together.json", tmp_path / "one.json"
    assert build(*map(str, reports), "--store", str(together))[0] == 0
    for path in reports:
        assert build(str(path), "--store", str(one_by_one))[0] == 0
    assert one_by_one.read_bytes() == together.read_bytes()


def test_a_rebuilt_report_is_replaced_in_place(tmp_path: Path, reports: list[Path]) -> None:
    target = tmp_path / "s.json"
    build(*map(str, reports), "--store", str(target))
    reports[0].write_text("泰山区上半年\n上半年，全区新增就业5000人。\n", encoding="utf-8")
    assert build(str(reports[0]), "--store", str(target))[0] == 0
    rows = store.load_reports(target)
    assert [r["id"] for r in rows] == ["a-2023h1", "taishan-2023h1", "b-2022"]
    assert [r["value"] for r in store.load(target) if r["report"] == "a-2023h1"] == [5000]


def test_remove_and_fresh(tmp_path: Path, reports: list[Path]) -> None:
    target = tmp_path / "s.json"
    build(*map(str, reports), "--store", str(target))
    assert build("--remove", "taishan-2023h1", "--store", str(target))[0] == 0
    assert [r["id"] for r in store.load_reports(target)] == ["a-2023h1", "b-2022"]
    assert {r["report"] for r in store.load(target)} == {"a-2023h1", "b-2022"}
    assert build(str(reports[2]), "--fresh", "--store", str(target))[0] == 0
    assert [r["id"] for r in store.load_reports(target)] == ["b-2022"]


def test_removing_an_unknown_report_is_an_error(tmp_path: Path, reports: list[Path]) -> None:
    target = tmp_path / "s.json"
    build(str(reports[0]), "--store", str(target))
    before = target.read_bytes()
    code, err = build("--remove", "nope", "--store", str(target))
    assert code == ExitCode.ERROR and "no report has id 'nope'" in err and err.count("\n") == 1
    assert target.read_bytes() == before


def test_a_store_without_a_reports_table_still_loads_and_grows(tmp_path: Path, reports: list[Path]) -> None:
    target = tmp_path / "old.json"
    build(str(reports[0]), "--store", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    del data["reports"]
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert store.load_reports(target) == []
    listed = runner.invoke(app, ["reports", "--store", str(target), "--format", "json"])
    assert json.loads(listed.stdout) == [
        {"id": "a-2023h1", "facts": 2}
        | {k: None for k in ("title", "place", "level", "year", "period")}
        | {k: None for k in ("target_year", "kind", "source", "format", "sha256")}
    ]
    assert build(str(reports[2]), "--store", str(target))[0] == 0
    assert [r["id"] for r in store.load_reports(target)] == ["a-2023h1", "b-2022"]


def test_the_same_content_under_another_name_is_noted(tmp_path: Path, reports: list[Path]) -> None:
    target = tmp_path / "s.json"
    build(str(reports[0]), "--store", str(target))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(reports[0].read_bytes())
    code, err = build(str(copy), "--store", str(target))
    assert code == 0 and "same content as report a-2023h1" in err


def test_check_compares_with_what_the_build_would_write(tmp_path: Path, reports: list[Path]) -> None:
    target = tmp_path / "s.json"
    build(*map(str, reports), "--store", str(target))
    assert build(str(reports[2]), "--check", "--store", str(target))[0] == 0
    reports[2].write_text("2022年光明区经济\n光明区GDP为600亿元。\n", encoding="utf-8")
    assert build(str(reports[2]), "--check", "--store", str(target))[0] == ExitCode.NO_RESULT


def test_adding_one_report_costs_about_building_it(tmp_path: Path, reports: list[Path]) -> None:
    """Adding re-extracts only the new report: to a store of several it costs about what building
    that report alone costs (plus reading and writing the store)."""
    big, alone = tmp_path / "big.json", tmp_path / "alone.json"
    build(*map(str, reports[:2]), "--store", str(big))
    start = time.perf_counter()
    build(str(reports[2]), "--store", str(alone))
    alone_took = time.perf_counter() - start
    start = time.perf_counter()
    build(str(reports[2]), "--store", str(big))
    added_took = time.perf_counter() - start
    assert added_took < alone_took + 1.0  # the bundled report's extraction alone takes ~0.5 s


@pytest.mark.parametrize(
    "content", ["{not json", '{"reports": 5, "_default": {}}', '{"_default": {"1": {}}}']
)
def test_adding_to_a_broken_store_says_to_start_anew(
    tmp_path: Path, reports: list[Path], content: str
) -> None:
    target = tmp_path / "s.json"
    target.write_text(content, encoding="utf-8")
    code, err = build(str(reports[0]), "--store", str(target))
    assert code == ExitCode.ERROR and "--fresh" in err and err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == content
    assert build(str(reports[0]), "--store", str(target), "--fresh")[0] == 0


def _streamed_and_merged(
    records: list[store.Record], rows: list[store.Record], built: list[Any], remove: list[str]
) -> tuple[list[store.Record], list[store.Record]]:
    from taishan.ingest import update

    stream, streamed_rows = update.merge_stream(iter(records), rows, built, remove)
    assert (list(stream), streamed_rows) == update.merge(records, rows, built, remove)
    return streamed_rows, list(update.merge(records, rows, built, remove)[0])


@pytest.mark.parametrize(
    ("adding", "remove"),
    [("b", []), ("d", []), ("b", ["a"]), ("d", ["c"]), ("a", ["b", "c"])],
)
def test_the_streamed_merge_is_the_merge(adding: str, remove: list[str]) -> None:
    """Replacing (in place), adding (at the end), removing: the stream gives what `merge` gives."""
    from taishan.ingest.meta import ReportMeta

    rows = [{"id": rid, "facts": 2} for rid in "abc"]
    records = [{"report": rid, "id": f"{rid}-{n}"} for rid in "abc" for n in range(2)]
    info = MagicMock(spec=ReportMeta, id=adding)
    info.row.side_effect = lambda facts: {"id": adding, "facts": len(facts)}
    built = [(info, [{"report": adding, "id": f"{adding}-new"}])]
    _streamed_and_merged(records, rows, built, remove)


def test_facts_out_of_their_reports_order_are_not_streamed() -> None:
    from taishan.ingest import update

    rows = [{"id": "a"}, {"id": "b"}]
    records = [{"report": "a"}, {"report": "b"}, {"report": "a"}]
    stream, _ = update.merge_stream(iter(records), rows, [], [])
    with pytest.raises(update.Unordered):
        list(stream)


def test_an_add_streams_the_store_it_adds_to(
    tmp_path: Path, reports: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding to a store reads its facts as a stream (never `store.load`), through its index when
    large, and ends as building them all at once; a store out of order is merged in memory instead."""
    together, one_by_one = tmp_path / "together.json", tmp_path / "one.json"
    assert build(*map(str, reports), "--store", str(together))[0] == 0
    assert build(str(reports[0]), "--store", str(one_by_one))[0] == 0
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)  # every store counts as large: indexed
    loads: list[Path] = []
    real_load = store.load
    monkeypatch.setattr(store, "load", lambda path: loads.append(path) or real_load(path))
    for path in reports[1:]:
        assert build(str(path), "--store", str(one_by_one))[0] == 0
    assert one_by_one.read_bytes() == together.read_bytes() and loads == []
    data = json.loads(one_by_one.read_text(encoding="utf-8"))
    docs = list(data["_default"].values())
    first_b = next(i for i, d in enumerate(docs) if d["report"] == "b-2022")
    docs[first_b - 1], docs[first_b] = docs[first_b], docs[first_b - 1]  # each report's own order kept
    data["_default"] = {str(i): d for i, d in enumerate(docs, start=1)}
    one_by_one.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    assert build(str(reports[0]), "--store", str(one_by_one))[0] == 0
    assert one_by_one.read_bytes() == together.read_bytes()
