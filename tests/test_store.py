"""The fact store: robust loading, one-line errors naming the fix, atomic saving, where it is found."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taishan import store
from taishan.errors import StoreError
from taishan.store import Record

GOOD = {
    "id": "r-001",
    "category": "c",
    "topic": None,
    "subject": "s",
    "value": 1,
    "unit": "个",
    "qualifier": None,
    "change": None,
    "rank": None,
    "period": None,
    "text": "t",
    "line": 1,
    "report": "r",
}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "not a TinyDB file"),
        (b'{"_default": []}', "not a TinyDB file"),
        (json.dumps({"_default": {"1": 5}}).encode(), "not an object"),
        (json.dumps({"_default": {"1": {"what": "no fields"}}}).encode(), "lacks a valid `id`"),
        (json.dumps({"_default": {"1": {**GOOD, "line": True}}}).encode(), "lacks a valid `line`"),
        (json.dumps({"_default": {}, "x": [1]}).encode(), "malformed table"),
        (json.dumps({"_default": {"1": {**GOOD, "keys": ["x"]}}}).encode(), "malformed `keys`"),
        (json.dumps({"_default": {"1": {**GOOD, "keys": "you ke"}}}).encode(), "malformed `keys`"),
        (json.dumps({"_default": {"1": {**GOOD, "keys": {"subject": 5}}}}).encode(), "malformed `keys`"),
        (json.dumps({"_default": {"1": {**GOOD, "keys": {"subject": [1]}}}}).encode(), "malformed `keys`"),
        (json.dumps({"_default": {"1": {**GOOD, "figure": 5}}}).encode(), "malformed `figure`"),
        (json.dumps({"_default": {"1": {**GOOD, "figure": ["5"]}}}).encode(), "malformed `figure`"),
        (json.dumps({"_default": {"1": {**GOOD, "status": "planned"}}}).encode(), "malformed `status`"),
        (json.dumps({"_default": {"1": {**GOOD, "status": 1}}}).encode(), "malformed `status`"),
    ],
)
def test_malformed_stores(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as e:
        store.load(path)
    assert "\n" not in str(e.value) and "taishan build" in str(e.value)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"keys": None, "figure": None},
        {"keys": {}, "figure": "1个"},
        {"status": "actual"},
        {"status": "target", "figure": "5%"},
        {"keys": {"subject": "", "text": None}},
        {"keys": {"subject": [""]}},  # a list of syllables, as older stores hold it
    ],
)
def test_keys_and_figure_may_be_absent_null_or_well_formed(tmp_path: Path, extra: dict[str, object]) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"_default": {"1": {**GOOD, **extra}}}), encoding="utf-8")
    assert store.load(path) == [{**GOOD, **extra}]


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not found"):
        store.load(tmp_path / "nope.json")
    with pytest.raises(StoreError, match="directory"):
        store.load(tmp_path)


def test_save_then_load_round_trip(tmp_path: Path, records: list[Record]) -> None:
    path = tmp_path / "deep" / "facts.json"
    store.save(records, path)
    assert store.load(path) == records
    assert [p.name for p in path.parent.iterdir()] == ["facts.json"]  # no temporary file left
    assert store.dumps(records) == path.read_bytes()


def test_is_current(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    assert not store.is_current(path, [GOOD])  # missing
    store.save([GOOD], path)
    assert store.is_current(path, [GOOD])
    assert not store.is_current(path, [{**GOOD, "value": 2}])
    path.write_bytes(path.read_bytes() + b"\n")
    assert not store.is_current(path, [GOOD])


def test_save_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        store.save([GOOD], tmp_path)


def test_resolve_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--store, then $TAISHAN_STORE, then ./facts.json, then the bundled store."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "env.json").write_text("{}")
    monkeypatch.setenv("TAISHAN_STORE", str(tmp_path / "env.json"))
    assert store.resolve("opt.json") == Path("opt.json")
    assert store.resolve(None) == tmp_path / "env.json"
    monkeypatch.delenv("TAISHAN_STORE")
    assert store.resolve(None) == store.bundled_store()
    (tmp_path / "facts.json").write_text("{}")
    assert store.resolve(None) == Path("facts.json")
    (tmp_path / "facts.json").unlink()
    (tmp_path / "facts.json").mkdir()  # a folder of that name is not a store
    assert store.resolve(None) == store.bundled_store()


def test_a_missing_store_from_the_environment_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAISHAN_STORE", "/nowhere")
    with pytest.raises(StoreError, match=r"^fact store not found: /nowhere \(named by \$TAISHAN_STORE;"):
        store.resolve(None)
    assert store.resolve("opt.json") == Path("opt.json")  # --store still wins


@pytest.mark.parametrize(
    ("content", "names"),
    [
        ('{"_default": {"1": {"report": "mine", "id": 3}}}', "(mine)"),
        (
            '{"_default": {"1": {"report": "a"}, "2": {"report": "b"}, "3": {"report": "a"}}, "x": 1}',
            "(a, b)",
        ),
        ('{"_default": {"1": {"id": "x"}}}', "the reports it came from"),
        ("[1, 2]", "the reports it came from"),
        ("{not json", "the reports it came from"),
    ],
)
def test_a_broken_store_names_the_reports_it_was_built_from(tmp_path: Path, content: str, names: str) -> None:
    path = tmp_path / "facts.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StoreError) as e:
        store.load(path)
    assert names in str(e.value) and f"`taishan build REPORT... --fresh --store {path}`" in str(e.value)
    assert "\n" not in str(e.value)


def test_found_by_says_how_commands_find_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TAISHAN_STORE")
    assert store.found_by(Path("facts.json")).startswith("commands run in this folder read it")
    assert (
        store.found_by(Path("mine.json"))
        == f"read it with --store mine.json, or export TAISHAN_STORE={tmp_path / 'mine.json'}"
    )
    monkeypatch.setenv("TAISHAN_STORE", "/elsewhere.json")
    assert store.found_by(Path("facts.json")).startswith(
        "commands read $TAISHAN_STORE (/elsewhere.json) first"
    )


def test_the_bundled_store_loads() -> None:
    assert store.load(store.bundled_store())


def test_atomic_path_replaces_or_leaves_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), store.atomic_path(path) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    with store.atomic_path(path, fsync=True) as tmp:
        tmp.write_bytes(b"new")
    assert path.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # a new file's permissions, not mkstemp's 0600


def _tinydb_bytes(records: list[Record], tmp: Path) -> bytes:
    """What TinyDB itself writes for `records` (as `save` did before it streamed)."""
    from tinydb import TinyDB

    path = tmp / "tiny.json"
    path.unlink(missing_ok=True)
    with TinyDB(path, ensure_ascii=False, indent=1, encoding="utf-8") as db:
        db.truncate()
        db.insert_multiple(records)
    return path.read_bytes()


def test_the_streamed_store_is_byte_for_byte_tinydb_s(tmp_path: Path, records: list[Record]) -> None:
    """`build --check` compares bytes, and people diff stores: the writer must not drift."""
    for chosen in (records, records[:1], []):
        assert store.dumps(chosen) == _tinydb_bytes(chosen, tmp_path)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.dictionaries(st.text(max_size=8), _JSON, max_size=4), max_size=4))
def test_any_records_stream_as_tinydb_writes_them(tmp_path: Path, chosen: list[Record]) -> None:
    """Newlines, U+2028, nested empties, unicode keys: the indentation trick holds for all."""
    assert store.dumps(chosen) == _tinydb_bytes(chosen, tmp_path)


def test_save_streams_a_generator_and_counts_it(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    assert store.save(({**GOOD, "id": f"r-{n}"} for n in range(3)), path) == 3
    assert [r["id"] for r in store.load(path)] == ["r-0", "r-1", "r-2"]


def test_a_failing_stream_leaves_the_old_store_whole(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    store.save([GOOD], path)
    before = path.read_bytes()

    def broken() -> Iterator[Record]:
        yield GOOD
        raise StoreError("the second report is bad")

    with pytest.raises(StoreError, match="second report"):
        store.save(broken(), path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["facts.json"]


def test_orphans_of_killed_writers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    orphan = tmp_path / ".facts.json.abc123.tmp"  # what a killed build leaves
    orphan.write_bytes(b"half a store")
    other = tmp_path / ".other.json.abc123.tmp"  # another store's: not ours to judge
    other.write_bytes(b"x")
    with store.atomic_path(path) as live:
        live.write_bytes(b"being written")
        assert store.remove_orphans(path) == 1
        assert live.exists() and not orphan.exists() and other.exists()
    assert store.remove_orphans(path) == 0 and path.read_bytes() == b"being written"


def _tinydb_tables(rows: list[Record], records: list[Record], tmp: Path) -> bytes:
    """What TinyDB writes for a `reports` table inserted first, then the facts."""
    from tinydb import TinyDB

    path = tmp / "tiny2.json"
    path.unlink(missing_ok=True)
    with TinyDB(path, ensure_ascii=False, indent=1, encoding="utf-8") as db:
        if rows:
            db.table(store.REPORTS).insert_multiple(rows)
        db.truncate()
        db.insert_multiple(records)
    return path.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.dictionaries(st.text(max_size=6), _JSON, max_size=3), max_size=3),
    chosen=st.lists(st.dictionaries(st.text(max_size=8), _JSON, max_size=4), max_size=3),
)
def test_both_tables_stream_as_tinydb_writes_them(
    tmp_path: Path, rows: list[Record], chosen: list[Record]
) -> None:
    """The `reports` table, given up front or learned once the facts have streamed (a build learns a
    report's row from its facts), comes out as TinyDB writes it, ahead of the facts."""
    want = _tinydb_tables(rows, chosen, tmp_path)
    assert store.dumps(chosen, rows) == want
    assert store.dumps(iter(chosen), lambda: rows) == want
    path = tmp_path / "s.json"
    path.write_bytes(want)
    assert store.is_current(path, iter(chosen), lambda: rows)
    assert not store.is_current(path, iter(chosen), lambda: [*rows, {"id": "extra"}])


def test_the_reports_read_again_are_the_file_s_as_it_is_now(tmp_path: Path) -> None:
    """load_reports keeps the rows it last read while the file is unchanged: a store rewritten
    (another file renamed in, as a build does) is read again, and a caller's list is its own (the
    rows in it are shared)."""
    path = tmp_path / "facts.json"
    store.save([], path, [{"id": "a", "place": "甲"}])
    first = store.load_reports(path)
    first.append({"id": "mine"})
    assert store.load_reports(path) == [{"id": "a", "place": "甲"}]
    store.save([], path, [{"id": "b", "place": "乙"}, {"id": "c", "place": "丙"}])
    assert [row["id"] for row in store.load_reports(path)] == ["b", "c"]
