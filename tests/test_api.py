"""The Python API: the command line's answers, as typed facts."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import source_env
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import taishan
from taishan import api
from taishan.cli import app
from taishan.model import FIELDS, SCHEMA, Fact, Rank
from taishan.store import Record, save


def cli_json(*argv: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, [*argv, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    out: list[dict[str, object]] = json.loads(result.stdout)
    return out


@pytest.mark.parametrize(
    ("terms", "options", "keywords"),
    [
        ("游客", [], {}),
        ("youke", ["--limit", "2"], {"limit": 2}),
        ("增长", ["--category", "jingji", "--sort", "change"], {"category": "jingji", "sort": "change"}),
        ("亿元", ["--min", "1亿", "--max-change", "20"], {"min_value": "1亿", "max_change": 20}),
        ("xyzzy", [], {}),
    ],
)
def test_query_is_the_command_line_s(terms: str, options: list[str], keywords: dict[str, object]) -> None:
    got = taishan.open_store().query(terms, **keywords)  # type: ignore[arg-type]
    assert [f.to_dict() for f in got] == cli_json("query", terms, *options)


@pytest.mark.parametrize(
    ("options", "keywords"),
    [
        ([], {}),
        (["--category", "经济", "--unit", "亿元"], {"category": "经济", "unit": "亿元"}),
        (
            ["--min-change", "10", "--sort", "change", "--limit", "3"],
            {"min_change": 10, "sort": "change", "limit": 3},
        ),
        (["--max", "1000万"], {"max_value": "1000万"}),
        (["--min", "1e7"], {"min_value": 1e7}),
    ],
)
def test_facts_are_the_list_command_s(options: list[str], keywords: dict[str, object]) -> None:
    got = taishan.open_store().facts(**keywords)  # type: ignore[arg-type]
    assert [f.to_dict() for f in got] == cli_json("list", *options)


def test_get_same_sentence_and_categories(records: list[Record]) -> None:
    store = taishan.open_store()
    fact = store.get("taishan-2023h1-d86edc")
    shown = cli_json("show", "taishan-2023h1-d86edc")[0]
    assert {**fact.to_dict(), "same_sentence": [m.id for m in store.same_sentence(fact.id)]} == shown
    assert [{"name": c.name, "count": c.count} for c in store.categories()] == cli_json("categories")
    assert len(store) == len(records)


def test_errors_are_the_command_line_s_one_line(tmp_path: Path) -> None:
    with pytest.raises(taishan.NotFoundError, match="no fact has id"):
        taishan.open_store().get("nope")
    with pytest.raises(taishan.StoreError, match="not found"):
        taishan.open_store(tmp_path / "missing.json").query("游客")
    with pytest.raises(taishan.UsageError, match="--min needs a finite number"):
        taishan.open_store().facts(min_value="lots")


def test_build_writes_a_store_to_query(tmp_path: Path, records: list[Record]) -> None:
    built = taishan.build(store=tmp_path / "facts.json")
    assert len(built) == len(records)
    assert built.query("游客", limit=1)[0].id == "taishan-2023h1-d86edc"
    assert taishan.is_current(store=tmp_path / "facts.json") == (True, len(records))


def test_open_store_follows_the_command_line_s_rules(
    monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    assert taishan.open_store().path == store_file  # $TAISHAN_STORE (conftest)
    assert taishan.open_store("x.json").path == Path("x.json")
    monkeypatch.delenv("TAISHAN_STORE")
    assert taishan.open_store().path.name == "facts.json"


def test_every_record_round_trips_to_the_printed_json(records: list[Record]) -> None:
    assert [Fact.from_record(r).to_dict() for r in records] == cli_json("list")


_TEXT = st.text(max_size=8)
_OPT = st.none() | _TEXT
_NUM = st.none() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False, width=32)
_RANK = st.none() | st.fixed_dictionaries(
    {"scope": _OPT, "position": st.none() | st.integers(1, 99), "text": _TEXT}
)
RECORDS = st.fixed_dictionaries(
    {
        "id": _TEXT, "category": _TEXT, "topic": _OPT, "subject": _TEXT, "value": _NUM, "unit": _OPT,
        "qualifier": _OPT, "change": _NUM, "rank": _RANK, "period": _OPT, "text": _TEXT,
        "line": st.integers(1, 10**5), "report": _TEXT, "place": _OPT, "figure": _OPT,
        "status": st.none() | st.sampled_from(["actual", "estimate", "target"]),
        "page": st.none() | st.integers(1, 999), "source": _OPT,
    }
)  # fmt: skip


@settings(max_examples=50)
@given(record=RECORDS, score=st.none() | st.floats(0, 100))
def test_a_fact_is_its_record(record: Record, score: float | None) -> None:
    fact = Fact.from_record({**record, "keys": {"subject": "x"}}, score)
    expected = dict(record) if score is None else {**record, "score": round(score, 1)}
    assert fact.to_dict() == expected
    assert fact.rank is None or isinstance(fact.rank, Rank)


def test_the_field_list_is_the_contract_s_order_and_the_store_s() -> None:
    assert FIELDS[:13] == (
        "id", "category", "topic", "subject", "value", "unit", "qualifier", "change", "rank", "period",
        "text", "line", "report",
    )  # fmt: skip
    assert tuple(SCHEMA) == FIELDS and not SCHEMA["figure"][1]  # figure: absent from older stores


def test_facts_are_frozen() -> None:
    fact = taishan.open_store().query("游客", limit=1)[0]
    with pytest.raises(AttributeError):
        fact.value = 1  # type: ignore[misc]


def test_import_taishan_is_cheap_and_shows_the_api() -> None:
    """The CLI imports the package at start-up: the API arrives only when asked for."""
    code = (
        "import sys, taishan; before = set(sys.modules); taishan.open_store; after = set(sys.modules);"
        "print(sorted(m for m in before if m.startswith('taishan'))); print('taishan.api' in after)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=source_env())
    assert done.stdout.splitlines() == ["['taishan']", "True"], done.stderr
    helped = subprocess.run(
        [sys.executable, "-c", "import taishan; help(taishan)"],
        capture_output=True,
        text=True,
        env={**source_env(), "PAGER": "cat", "TERM": "dumb"},
    )
    for name in ("open_store", "class Store", "class Fact", "query(self", "build("):
        assert name in helped.stdout
    assert set(taishan.__all__) <= set(dir(taishan))
    assert all(getattr(taishan, name) is not None for name in taishan.__all__)


def test_the_package_ships_py_typed() -> None:
    """A user's mypy reads the API's annotations only from a package that says it is typed."""
    assert (Path(api.__file__).parent / "py.typed").is_file()
    with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as f:
        config = tomllib.load(f)
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["taishan"]


def test_a_store_sees_the_file_as_it_is_now(tmp_path: Path, records: list[Record]) -> None:
    """A notebook keeps its Store while another process rebuilds the file."""
    path = tmp_path / "facts.json"
    opened = taishan.build(store=path)
    assert opened.get("taishan-2023h1-d86edc").subject == "主要景区景点接待游客"
    save([r for r in records if r["id"] != "taishan-2023h1-d86edc"], path)
    with pytest.raises(taishan.NotFoundError):
        opened.get("taishan-2023h1-d86edc")
    assert len(opened) == len(records) - 1


def test_build_takes_one_report_as_a_path_not_its_characters(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("一、经济\n全区生产总值282.3亿元，增长6.7%。\n", encoding="utf-8")
    built = taishan.build(str(report), store=tmp_path / "one.json")
    assert [f.value for f in built.facts() if f.value is not None] == [282.3]


def test_build_of_no_reports_is_an_error_not_the_bundled_report(tmp_path: Path) -> None:
    with pytest.raises(taishan.TaishanError, match="no reports"):
        taishan.build([], store=tmp_path / "none.json")
    assert not (tmp_path / "none.json").exists()


@pytest.mark.parametrize(("limit", "sort"), [(-1, "score"), (3, "size")])
def test_bad_limit_or_sort_is_a_taishan_error(limit: int, sort: str) -> None:
    with pytest.raises(taishan.TaishanError):
        taishan.open_store().query("游客", limit=limit, sort=sort)  # type: ignore[arg-type]


def test_build_streams_reports_to_the_store_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer gets facts one report at a time, not a list of every report's facts."""
    from taishan import store

    reports = []
    for n in range(3):
        (tmp_path / f"r{n}.txt").write_text(f"全市接待游客{n + 1}万人次。\n", encoding="utf-8")
        reports.append(tmp_path / f"r{n}.txt")
    read: list[str] = []
    seen_when_written: list[int] = []
    real_write = store.write

    def spying_write(records, out, rows):  # type: ignore[no-untyped-def]
        assert not isinstance(records, list)

        def watched():  # type: ignore[no-untyped-def]
            for record in records:
                seen_when_written.append(len(read))
                yield record

        return real_write(watched(), out, rows)

    monkeypatch.setattr(store, "write", spying_write)
    built = api.build(reports, tmp_path / "facts.json", progress=lambda path: read.append(path.name))
    assert len(built) == 3 and seen_when_written == [
        0,
        1,
        2,
    ]  # each fact written before the next report is read


def test_a_bad_report_late_in_a_build_leaves_no_store_and_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("全市接待游客1万人次。\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    with pytest.raises(taishan.TaishanError, match="binary"):
        api.build([tmp_path / "good.txt", tmp_path / "bad.txt"], tmp_path / "facts.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "good.txt"]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("生产安全事故死亡人数下降了多少", -10.5),
        ("生产安全事故起数", -12.8),
        ("事故死亡人数下降了多少", -10.5),
    ],
)
def test_a_compound_query_asks_for_its_last_word(tmp_path: Path, query: str, first: float) -> None:
    """Chinese names the head last: of a sentence's facts, the one whose own subject holds the
    query's last word ranks first (a report with the bundled one, so that the words are rare)."""
    report = tmp_path / "safety.txt"
    report.write_text(
        "一、2024年工作回顾\n生产安全事故起数、死亡人数分别下降12.8%和10.5%。\n", encoding="utf-8"
    )
    bundled = Path(taishan.__file__).parent / "data" / "taishan-2023h1.txt"
    store = taishan.build([bundled, report], store=tmp_path / "facts.json")
    assert store.query([query])[0].change == first
