"""A store folder's index (query/folder.py): kept file by file, never silently rebuilt whole, and
answering exactly as a search over every fact does."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import source_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from taishan import store
from taishan.cli import app
from taishan.ingest.folder import build as build_folder
from taishan.ingest.pipeline import bundled_report
from taishan.query import engine, folder, index, search

runner = CliRunner()

A = "泰山区上半年\n上半年，全区新增就业4496人，接待游客1439万人次。\n地区生产总值增长5.2%，社会消费品零售总额增长8.1%。\n"
B = "2022年光明区经济\n2022年上半年，光明区GDP为614.71亿元，同比增长6.3%。\n游客接待量下降3.1%。\n"
QUERIES = [["游客"], ["youke"], ["油客"], ["生产总值", "增长"], ["gdp"], ["光明区"], ["就业"]]


@pytest.fixture(autouse=True)
def _every_folder_indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "INDEX_MIN_BYTES", 0)


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """A folder of three reports, indexed."""
    a, b = tmp_path / "a-2023h1.txt", tmp_path / "b-2022.txt"
    a.write_text(A, encoding="utf-8")
    b.write_text(B, encoding="utf-8")
    target = tmp_path / "s"
    result = runner.invoke(app, ["build", str(a), str(bundled_report()), str(b), "--store", f"{target}/"])
    assert result.exit_code == 0, result.stderr
    return target


def answers(path: Path, terms: list[str]) -> list[tuple[str, float]]:
    return [(h.record["id"], h.score) for h in engine.search(path, terms)]


def scanned(path: Path, terms: list[str]) -> list[tuple[str, float]]:
    """The same search over every fact, parsed: what the index must answer."""
    records = store.load(path)
    pool = search.scan(records)
    hits = search.answer(terms, pool, len(records), lambda: [r for r, _ in pool([], 1)])
    return [(h.record["id"], h.score) for h in hits]


class Told:
    """A progress callback that remembers what it was told."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def groups_updated(target: Path) -> bool:
    """The index was updated since it was indexed (a fresh build writes no `stops`)."""
    with sqlite3.connect(target / folder.INDEX) as db:
        return db.execute("SELECT stops IS NOT NULL FROM groups").fetchone()[0] == 1


def test_a_build_indexes_the_folder(indexed: Path) -> None:
    assert (indexed / folder.INDEX).is_file()
    assert not groups_updated(indexed)
    for terms in QUERIES:
        assert answers(indexed, terms) == scanned(indexed, terms)


def test_a_touch_is_re_stamped_not_re_indexed(indexed: Path) -> None:
    for path in indexed.glob("*.facts.json"):
        os.utime(path)
    told = Told()
    assert folder.open_index(indexed, told) is not None
    assert told.calls == [] and not groups_updated(indexed)
    with sqlite3.connect(indexed / folder.INDEX) as db:
        stats = dict(db.execute("SELECT name, stat FROM files"))
    assert stats == {p.name: folder.stamp(p.stat()) for p in indexed.glob("*.facts.json")}


def test_a_changed_file_alone_is_indexed_again(indexed: Path, tmp_path: Path) -> None:
    changed = tmp_path / "b-2022.txt"
    changed.write_text(B.replace("6.3%", "7.1%") + "接待游客200万人次。\n", encoding="utf-8")
    build_folder(indexed, [changed])  # the files alone: the query finds the change
    told = Told()
    for terms in QUERIES:
        assert answers(indexed, terms) == scanned(indexed, terms)
    index = folder.open_index(indexed, told)
    assert index is not None and groups_updated(indexed)
    assert told.calls == []  # indexed once, by the first query, which was not told


def test_an_update_reports_only_the_changed_bytes(indexed: Path, tmp_path: Path) -> None:
    changed = tmp_path / "a-2023h1.txt"
    changed.write_text(A.replace("4496", "5000"), encoding="utf-8")
    build_folder(indexed, [changed])
    told = Told()
    assert folder.open_index(indexed, told) is not None
    size = (indexed / "a-2023h1.facts.json").stat().st_size
    assert told.calls[0] == (0, size) and told.calls[-1] == (size, size)


@pytest.mark.parametrize("step", ["add", "replace", "remove", "move"])
def test_every_step_answers_as_a_search_over_every_fact(indexed: Path, tmp_path: Path, step: str) -> None:
    other = tmp_path / "c-2023.txt"
    other.write_text(
        "2023年深圳市经济\n2023年，深圳市地区生产总值增长6%，接待游客5000万人次。\n", encoding="utf-8"
    )
    args = {
        "add": [str(other)],
        "replace": [str(tmp_path / "a-2023h1.txt")],
        "remove": ["--remove", "taishan-2023h1"],
        "move": ["--remove", "a-2023h1"],
    }[step]
    if step == "replace":
        (tmp_path / "a-2023h1.txt").write_text(A.replace("游客", "油客"), encoding="utf-8")
    result = runner.invoke(app, ["build", *args, "--store", str(indexed)])
    assert result.exit_code == 0, result.stderr
    if step == "move":  # and back, at the end
        assert (
            runner.invoke(app, ["build", str(tmp_path / "a-2023h1.txt"), "--store", str(indexed)]).exit_code
            == 0
        )
    for terms in QUERIES:
        assert answers(indexed, terms) == scanned(indexed, terms)


def test_orphans_and_a_small_folders_index_are_removed(indexed: Path) -> None:
    orphan = indexed / ".a-2023h1.facts.json.x1y2.tmp"
    orphan.write_bytes(b"{" * 100)
    index_orphan = indexed / f"{folder.INDEX}.abc.tmp"
    index_orphan.write_bytes(b"x")
    assert folder.open_index(indexed) is not None
    assert not orphan.exists()
    store.INDEX_MIN_BYTES = 1 << 40
    assert folder.open_index(indexed) is None
    assert not (indexed / folder.INDEX).exists()


def test_a_damaged_index_is_rebuilt(indexed: Path) -> None:
    (indexed / folder.INDEX).write_bytes(b"not sqlite")
    told = Told()
    assert folder.open_index(indexed, told) is not None
    assert told.calls and told.calls[-1][0] == told.calls[-1][1]
    for terms in QUERIES:
        assert answers(indexed, terms) == scanned(indexed, terms)


def test_a_file_changed_under_an_open_index_is_one_line(indexed: Path, tmp_path: Path) -> None:
    index = folder.open_index(indexed)
    assert index is not None
    (indexed / "b-2022.facts.json").write_bytes((indexed / "b-2022.facts.json").read_bytes())
    os.utime(indexed / "b-2022.facts.json", ns=(1, 1))
    with pytest.raises(store.StoreError, match="changed while it was read"):
        index.all_records()


@pytest.fixture
def read_only(indexed: Path) -> Iterator[Path]:
    (indexed / folder.INDEX).unlink()
    indexed.chmod(0o555)
    yield indexed
    indexed.chmod(0o755)


def test_a_read_only_folder_is_indexed_in_the_cache(
    read_only: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert folder.open_index(read_only) is not None
    assert list((tmp_path / "cache" / "taishan").glob("*.sqlite"))


def test_a_stale_index_in_the_cache_is_removed(
    indexed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the folder holds its index, one left in the cache (from when it was read-only) goes."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cached = folder.locations(indexed)[1]
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"stale")
    assert folder.open_index(indexed) is not None
    assert not cached.exists()


TEXTS = [
    A,
    B,
    A.replace("游客", "油客").replace("4496", "5100"),
    "2023年深圳市经济\n2023年，深圳市地区生产总值增长6%，接待游客5000万人次。\n",
    "某县概况\n上半年，全县新增就业3200人，地区生产总值增长4.1%。\n游客人数增长12%。\n",
]
STEP = st.tuples(st.sampled_from(["add", "remove"]), st.sampled_from("pqrs"), st.integers(0, len(TEXTS) - 1))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=5))
def test_any_steps_keep_the_index_answering_as_a_full_search(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, int]]
) -> None:
    """Reports added, replaced and removed in any order, the index updated after each step (or
    rebuilt when too much of it is dead): it answers as a search over every fact does."""
    base = tmp_path_factory.mktemp("steps")
    target = base / "s"
    first = base / "first.txt"
    first.write_text(TEXTS[0], encoding="utf-8")
    second = base / "second.txt"
    second.write_text(TEXTS[1], encoding="utf-8")
    build_folder(target, [first, second])
    assert folder.sync(target) is not None
    held = {"first", "second"}
    for op, name, text in steps:
        if op == "remove" and name in held:
            build_folder(target, [], remove=[name])
            held.discard(name)
        elif op == "add":
            path = base / f"{name}.txt"
            path.write_text(TEXTS[text], encoding="utf-8")
            build_folder(target, [path])
            held.add(name)
        assert folder.sync(target) is not None
        for terms in QUERIES[:4]:
            assert answers(target, terms) == scanned(target, terms)
        opened = engine.open_index(target)
        assert opened is not None  # each fact's subject bound moved with it
        bounds = opened.subject_lengths(range(1, opened.count + 1))
        assert list(bounds.values()) == [len(r["subject"] or "") for r in store.load(target)]


def test_a_query_keeps_few_files_mapped(indexed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each mapped file holds a descriptor (a laptop allows ~1,000): past MAX_MAPPED the oldest is
    let go, and answers stay the same."""
    monkeypatch.setattr(folder, "MAX_MAPPED", 1)
    index = folder.open_index(indexed)
    assert index is not None
    assert len(index.all_records()) == len(store.load(indexed))
    assert len(index.data.maps) == 1
    for terms in QUERIES:
        assert answers(indexed, terms) == scanned(indexed, terms)


def test_an_index_build_holds_one_file_open(indexed: Path, tmp_path: Path) -> None:
    """Building the index opens the folder's files one at a time, so any number of them fits in a
    process's descriptors: here, a limit below the files' number."""
    import resource
    import subprocess
    import sys

    for k in range(40):  # more files than the limit below leaves free
        (tmp_path / f"r{k}.txt").write_text(B.replace("光明区", f"县{k}"), encoding="utf-8")
    build_folder(indexed, sorted(tmp_path.glob("r*.txt")))
    (indexed / folder.INDEX).unlink()
    code = (
        "import resource, sys; from pathlib import Path; from taishan import store; "
        "store.INDEX_MIN_BYTES = 0; resource.setrlimit(resource.RLIMIT_NOFILE, (30, 30)); "
        "from taishan.query import folder; sys.exit(folder.sync(Path(sys.argv[1])) is None)"
    )
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] > 30
    done = subprocess.run(
        [sys.executable, "-c", code, str(indexed)],
        capture_output=True,
        text=True,
        check=False,
        env=source_env(),
    )
    assert done.returncode == 0, done.stderr


def test_a_folder_indexed_by_workers_is_indexed_as_in_process(
    indexed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large folder's grams are worked out by worker processes, a run of whole files each (runs
    of at least 7 facts here): the index is the one built in this process, table for table, files
    and all."""
    from test_index import _tables

    files = [(p.name, p.stat()) for p in store.report_files(indexed)]
    folder.build(indexed, files, tmp_path / "serial.sqlite", None)
    monkeypatch.setattr(index, "POOL_MIN_BYTES", 0)
    monkeypatch.setattr(index, "PART", 7)
    monkeypatch.setattr(index, "_cores", lambda: 2)
    told = Told()
    folder.build(indexed, files, tmp_path / "pooled.sqlite", told)
    assert _tables(tmp_path / "pooled.sqlite") == _tables(tmp_path / "serial.sqlite")
    with sqlite3.connect(tmp_path / "pooled.sqlite") as a, sqlite3.connect(tmp_path / "serial.sqlite") as b:
        assert a.execute("SELECT * FROM files").fetchall() == b.execute("SELECT * FROM files").fetchall()
    assert told.calls[-1][0] == told.calls[-1][1] and len(told.calls) > 2
