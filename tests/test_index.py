"""The derived index: the same answers as a search over every fact, and never trusted when stale."""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest

from taishan import store
from taishan.query import index, search
from taishan.query.filters import Filters
from taishan.query.parse import parse
from taishan.store import Record

QUERIES = [
    "游客", "youke", "you ke", "yóukè", "油客", "遊客", "gdzctz", "jdyk", "ouke", "游ke", "GDP", "社零",
    "生产总值 增长", "'游客", "增长 !下降", "游客|社零", "主要景区景点接待游各", "高层次人才", "冰淇淋",
    "xyzzy", "lz", "1439", "%", "yuoke", "有客", "接待油客", "游kè", "生产总直", "1439万", "泰山区",
    "长", "张幅", "增涨 gdp", "亿元", "二〇二三", "遊客|油客", "签约项目", "天气预报",
]  # fmt: skip


@pytest.fixture()
def big(tmp_path: Path, records: list[Record], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store that is indexed: the bundled facts, the threshold lowered to take them."""
    monkeypatch.setattr(index, "MIN_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "facts.json"
    store.save(records, path)
    return path


def ids(hits: list[search.Hit]) -> list[tuple[float, str]]:
    return [(h.score, h.record["id"]) for h in hits]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(
    "filters", [Filters(), Filters(category="jingji"), Filters(unit="亿元", min_change=5)]
)
def test_the_index_answers_as_a_full_search(
    big: Path, records: list[Record], query: str, filters: Filters
) -> None:
    assert ids(index.search(big, query.split(), filters)) == ids(
        search.search(records, query.split(), filters)
    )


def test_a_small_store_is_not_indexed(tmp_path: Path, records: list[Record]) -> None:
    path = tmp_path / "facts.json"
    store.save(records, path)
    assert index.open_index(path) is None and not list(tmp_path.glob(".*.sqlite"))


def test_the_index_lives_beside_the_store(big: Path) -> None:
    assert index.open_index(big) is not None
    assert (big.parent / f".{big.name}.sqlite").is_file()


def test_a_changed_store_is_reindexed(big: Path, records: list[Record]) -> None:
    index.open_index(big)
    store.save([r for r in records if "游客" not in r["subject"]], big)
    assert not [h for h in index.search(big, ["游客"]) if "游客" in h.record["subject"]]


def test_a_store_rewritten_with_the_same_size_and_time_is_reindexed(big: Path) -> None:
    index.open_index(big)
    st = big.stat()
    data = big.read_bytes().replace("游客".encode(), "旅人".encode())
    big.write_bytes(data)
    os.utime(big, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert big.stat().st_size == st.st_size
    assert not index.search(big, ["'游客"])


@pytest.mark.parametrize("damage", [b"", b"not a database", b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_index_is_rebuilt(big: Path, records: list[Record], damage: bytes) -> None:
    index.open_index(big)
    (big.parent / f".{big.name}.sqlite").write_bytes(damage)
    assert ids(index.search(big, ["游客"])) == ids(search.search(records, ["游客"]))


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
    assert ids(index.search(big, ["游客"])) == ids(search.search(records, ["游客"]))


def test_a_homophone_needs_its_syllables_side_by_side(big: Path) -> None:
    """`油客` reads only facts with `you ke` in a row, not every fact with a `you` and a `ke`."""
    found = index.open_index(big)
    assert found is not None
    pool = found.candidates(parse(["油客"]), stage=2)
    assert pool
    for _, fact in found.records(pool):
        assert any(("you", "ke") in pairwise(f.syllables) for f in fact.fields.values())
