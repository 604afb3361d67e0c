"""Incremental index updates: an add, a replace, a remove update the index, which then answers as
a search over every fact and as a fresh index of the same store does."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_index import _WORD, FILTERS, QUERIES, ids, indexed_search
from test_update import build

from taishan import store
from taishan.ingest.pipeline import bundled_report
from taishan.query import engine, index, search
from taishan.store import Record

A = "泰山区上半年\n上半年，全区新增就业4496人，接待游客1439万人次。\n地区生产总值增长5.2%，社会消费品零售总额增长8.1%。\n"
A2 = "泰山区上半年\n上半年，全区新增就业5000人，接待油客1500万人次。\n"
B = "2022年光明区经济\n2022年上半年，光明区GDP为614.71亿元，同比增长6.3%。\n游客接待量下降3.1%。\n"


def stops_written(path: Path) -> bool:
    """The index was updated (a fresh build writes no `stops`)."""
    with sqlite3.connect(path.parent / f".{path.name}.sqlite") as db:
        return db.execute("SELECT stops IS NOT NULL FROM groups").fetchone()[0] == 1


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by adds, a replace and a remove, its index updated at each step."""
    folder = tmp_path_factory.mktemp("updated")
    a, b = folder / "a-2023h1.txt", folder / "b-2022.txt"
    a.write_text(A, encoding="utf-8")
    b.write_text(B, encoding="utf-8")
    target = folder / "s.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        steps = [[str(a)], [str(bundled_report())], [str(b)], ["--remove", "a-2023h1"], [str(a)]]
        for i, step in enumerate(steps):
            assert build(*step, "--store", str(target))[0] == 0
            assert stops_written(target) == (i > 0)  # each step after the first updates
        a.write_text(A2, encoding="utf-8")
        assert build(str(a), "--store", str(target))[0] == 0  # replaced where it stands
        assert stops_written(target)
    return target


@pytest.fixture(scope="module")
def fresh(updated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same store, indexed afresh."""
    path = tmp_path_factory.mktemp("fresh") / "s.json"
    shutil.copyfile(updated, path)
    assert index.build(path, path.parent / f".{path.name}.sqlite") > 0
    return path


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("filters", FILTERS)
def test_an_updated_index_answers_as_a_full_search(
    updated: Path, fresh: Path, query: str, filters: object
) -> None:
    records = store.load(updated)
    got = ids(indexed_search(updated, query.split(), filters))  # type: ignore[arg-type]
    assert got == ids(search.search(records, query.split(), filters))  # type: ignore[arg-type]
    assert got == ids(indexed_search(fresh, query.split(), filters))  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORD, min_size=1, max_size=3), filters=st.sampled_from(FILTERS))
def test_an_updated_index_answers_generated_queries_as_a_full_search(
    updated: Path, words: list[str], filters: object
) -> None:
    records = store.load(updated)
    got = ids(indexed_search(updated, words, filters))  # type: ignore[arg-type]
    assert got == ids(search.search(records, words, filters))  # type: ignore[arg-type]


def test_an_updated_index_holds_the_store_s_facts_and_categories(updated: Path, fresh: Path) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", 0)
        got, want = engine.open_index(updated), engine.open_index(fresh)
        assert got is not None and want is not None
        assert got.all_records() == want.all_records() == store.load(updated)
        assert got.category_keys() == want.category_keys()
        every: list[Record] = [r for r, _ in got.records(set(range(1, got.groups + 1)))]
        assert every == store.load(updated)  # dropped groups name no fact: each fact once, in order
        assert got.subject_lengths(range(1, got.count + 1)) == want.subject_lengths(range(1, want.count + 1))
        assert list(got.subject_lengths(range(1, got.count + 1)).values()) == [
            len(r["subject"] or "") for r in every
        ]  # a kept fact's bound moved with it
    assert stops_written(updated)  # opened as it was: not rebuilt


def test_too_many_dropped_groups_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    a = tmp_path / "a-2023h1.txt"
    a.write_text(A, encoding="utf-8")
    target = tmp_path / "s.json"
    build(str(bundled_report()), str(a), "--store", str(target))
    assert build("--remove", "a-2023h1", "--store", str(target))[0] == 0
    assert stops_written(target)  # a few groups dropped: updated
    assert build("--remove", "taishan-2023h1", str(a), "--store", str(target))[0] == 0
    assert not stops_written(target)  # nearly all dropped: rebuilt


def test_a_damaged_index_is_rebuilt_not_updated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)
    a = tmp_path / "a-2023h1.txt"
    a.write_text(A, encoding="utf-8")
    target = tmp_path / "s.json"
    build(str(bundled_report()), "--store", str(target))
    with sqlite3.connect(tmp_path / ".s.json.sqlite") as db:
        db.execute("DELETE FROM facts WHERE rowid = 3")
    assert build(str(a), "--store", str(target))[0] == 0
    assert not stops_written(target)
    found = engine.open_index(target)
    assert found is not None and found.all_records() == store.load(target)


def test_kept_facts_are_copied_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the index an incremental build copies the facts it keeps as they stand; the store it
    writes is the very one the parsing path (a store too small for an index) writes."""
    a, b = tmp_path / "a-2023h1.txt", tmp_path / "b-2022.txt"
    a.write_text(A, encoding="utf-8")
    b.write_text(B, encoding="utf-8")
    written = []
    for threshold in (0, 1 << 40):  # indexed, then never indexed
        monkeypatch.setattr(store, "INDEX_MIN_BYTES", threshold)
        target = tmp_path / f"s{threshold}.json"
        for step in ([str(bundled_report())], [str(a)], [str(b)], ["--remove", "a-2023h1"]):
            assert build(*step, "--store", str(target))[0] == 0
        written.append(target.read_bytes())
    assert written[0] == written[1]
    assert len(written[0]) > 100_000  # the bundled report's facts were kept, copied or not
