"""Store folders (ingest/folder.py, store.py): one file per report beside a manifest, written report
by report, answering every command exactly as the single file of the same reports does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_ids import delete_sentence
from typer.testing import CliRunner

from taishan import api, store
from taishan.cli import app
from taishan.errors import NotFoundError
from taishan.ingest.folder import wanted
from taishan.ingest.pipeline import bundled_report

runner = CliRunner()

A = "泰山区上半年\n上半年，全区新增就业4496人，接待游客1439万人次。\n地区生产总值增长5.2%，社会消费品零售总额增长8.1%。\n"
B = "2022年光明区经济\n2022年上半年，光明区GDP为614.71亿元，同比增长6.3%。\n游客接待量下降3.1%。\n"
C = "2023年深圳市经济\n2023年，深圳市地区生产总值增长6%，规模以上工业增加值增长4.8%。\n"


def taishan(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def reports(tmp_path: Path) -> list[Path]:
    out = []
    for name, text in (("a-2023h1.txt", A), ("b-2022.txt", B), ("c-2023.txt", C)):
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and mtime: which a build rewrote."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if not p.name.startswith(".")
    }


@pytest.mark.parametrize(
    ("target", "folder"),
    [("facts.json", False), ("s", False), ("s/", True), ("deep/er/s/", True)],
)
def test_which_paths_are_folders(tmp_path: Path, target: str, folder: bool) -> None:
    """A path ending in a slash (or an existing folder) is a store folder; any other, one file."""
    assert wanted(str(tmp_path / target) + ("/" if target.endswith("/") else "")) == folder
    (tmp_path / "there").mkdir()
    assert wanted(tmp_path / "there")


def test_a_folder_holds_a_file_per_report_and_a_manifest(tmp_path: Path, reports: list[Path]) -> None:
    code, _, err = taishan("build", *map(str, reports), "--store", f"{tmp_path / 's'}/")
    assert code == 0, err
    folder = tmp_path / "s"
    assert sorted(p.name for p in folder.iterdir()) == [
        "a-2023h1.facts.json",
        "b-2022.facts.json",
        "c-2023.facts.json",
        "reports.json",
    ]
    manifest = json.loads((folder / "reports.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in manifest["reports"].values()] == ["a-2023h1", "b-2022", "c-2023"]
    assert manifest["_default"] == {}
    # each report's file is a store of its own
    one = store.load(folder / "b-2022.facts.json")
    assert {r["report"] for r in one} == {"b-2022"}
    assert store.load_reports(folder / "b-2022.facts.json")[0]["id"] == "b-2022"


def test_adding_replacing_removing_write_only_that_report(tmp_path: Path, reports: list[Path]) -> None:
    a, b, c = reports
    folder = tmp_path / "s"
    assert taishan("build", str(a), str(b), "--store", f"{folder}/")[0] == 0
    before = stamps(folder)
    assert taishan("build", str(c), "--store", str(folder))[0] == 0  # an existing folder stays one
    after = stamps(folder)
    assert after["a-2023h1.facts.json"] == before["a-2023h1.facts.json"]
    assert after["b-2022.facts.json"] == before["b-2022.facts.json"]
    assert "c-2023.facts.json" in after
    a.write_text(A.replace("4496", "5000"), encoding="utf-8")
    assert taishan("build", str(a), "--store", str(folder))[0] == 0
    assert [r["id"] for r in store.load_reports(folder)] == ["a-2023h1", "b-2022", "c-2023"]  # where it stood
    assert stamps(folder)["b-2022.facts.json"] == before["b-2022.facts.json"]
    assert "5000人" in {r["figure"] for r in store.load(folder)}
    code, _, err = taishan("build", "--remove", "b-2022", "--store", str(folder))
    assert code == 0, err
    assert not (folder / "b-2022.facts.json").exists()
    assert [r["id"] for r in store.load_reports(folder)] == ["a-2023h1", "c-2023"]


def test_one_at_a_time_is_all_at_once(tmp_path: Path, reports: list[Path]) -> None:
    at_once, one_by_one = tmp_path / "once", tmp_path / "each"
    assert taishan("build", *map(str, reports), "--store", f"{at_once}/")[0] == 0
    for report in reports:
        assert taishan("build", str(report), "--store", f"{one_by_one}/")[0] == 0
    for name in stamps(at_once):
        assert (at_once / name).read_bytes() == (one_by_one / name).read_bytes()


def test_removing_an_unknown_report_writes_nothing(tmp_path: Path, reports: list[Path]) -> None:
    folder = tmp_path / "s"
    assert taishan("build", str(reports[0]), "--store", f"{folder}/")[0] == 0
    before = stamps(folder)
    code, _, err = taishan("build", str(reports[1]), "--remove", "nope", "--store", str(folder))
    assert code == 2 and "no report has id 'nope'" in err and err.count("\n") == 1
    assert stamps(folder) == before


def test_fresh_drops_the_other_reports_files(tmp_path: Path, reports: list[Path]) -> None:
    folder = tmp_path / "s"
    assert taishan("build", *map(str, reports), "--store", f"{folder}/")[0] == 0
    assert taishan("build", str(reports[1]), "--fresh", "--store", str(folder))[0] == 0
    assert sorted(stamps(folder)) == ["b-2022.facts.json", "reports.json"]


def test_check_a_folder(tmp_path: Path, reports: list[Path]) -> None:
    folder = tmp_path / "s"
    args = [*map(str, reports), "--store", f"{folder}/"]
    assert taishan("build", "--check", *args)[0] == 1  # missing
    assert taishan("build", *args)[0] == 0
    assert taishan("build", "--check", *args)[0] == 0
    reports[2].write_text(C.replace("6%", "7%"), encoding="utf-8")
    assert taishan("build", "--check", *args)[0] == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: p.mkdir(), "is a folder but not a fact store (it has no reports.json)"),
        (lambda p: (p.mkdir(), (p / "reports.json").write_text("{", encoding="utf-8")), "not valid JSON"),
    ],
)
def test_a_folder_that_is_no_store_is_one_line(tmp_path: Path, setup: object, message: str) -> None:
    folder = tmp_path / "s"
    setup(folder)  # type: ignore[operator]
    code, out, err = taishan("query", "游客", "--store", str(folder))
    assert code == 2 and message in err and err.count("\n") == 1 and not out


def test_a_file_where_a_folder_is_asked_for_is_one_line(tmp_path: Path, reports: list[Path]) -> None:
    (tmp_path / "s").write_text("x", encoding="utf-8")
    code, _, err = taishan("build", str(reports[0]), "--store", f"{tmp_path / 's'}/")
    assert code == 2 and "it is a file" in err


# -- the same answers from either layout --------------------------------------------------------------

COMMANDS = [
    ["query", "游客"],
    ["query", "youke"],
    ["query", "油客"],
    ["query", "泰山区", "社零"],
    ["query", "光明区", "GDP", "--format", "json"],
    ["query", "增长", "--sort", "change", "--limit", "5"],
    ["query", "生产总值", "增长", "--explain"],
    ["list", "--format", "tsv"],
    ["list", "--place", "深圳", "--format", "jsonl"],
    ["categories"],
    ["reports", "--format", "json"],
    ["compare", "地区生产总值"],
    ["chart", "增长"],
    ["export"],
]


@pytest.fixture(scope="module", params=[False, True], ids=["parsed", "indexed"])
def layouts(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, int]]:
    """A single file and a folder of the same reports (with INDEX_MIN_BYTES at 0: both indexed)."""
    base = tmp_path_factory.mktemp("layouts")
    paths = []
    for name, text in (("a-2023h1.txt", A), ("b-2022.txt", B), ("c-2023.txt", C)):
        (base / name).write_text(text, encoding="utf-8")
        paths.append(str(base / name))
    paths.insert(1, str(bundled_report()))
    least = 0 if request.param else store.INDEX_MIN_BYTES
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", least)
        assert taishan("build", *paths, "--store", str(base / "one.json"))[0] == 0
        assert taishan("build", *paths, "--store", f"{base / 'folder'}/")[0] == 0
    assert (base / "folder" / ".index.sqlite").exists() == request.param
    yield str(base / "one.json"), str(base / "folder"), least


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_folder_answers_as_the_file(layouts: tuple[str, str, int], command: list[str]) -> None:
    one, folder, least = layouts
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store, "INDEX_MIN_BYTES", least)
        expected = taishan(*command, "--store", one)
        got = taishan(*command, "--store", folder)
    assert expected[1]  # something to compare
    assert got == expected


def test_a_folder_gets_a_fact_as_the_file(layouts: tuple[str, str, int]) -> None:
    one, folder, _ = layouts
    first = api.open_store(one).facts(limit=3)
    for fact in first:
        assert api.open_store(folder).get(fact.id) == api.open_store(one).get(fact.id)
        assert api.open_store(folder).same_sentence(fact.id) == api.open_store(one).same_sentence(fact.id)
    assert len(api.open_store(folder)) == len(api.open_store(one))
    shown = taishan("show", first[-1].id, "--store", one)
    assert shown[1] and taishan("show", first[-1].id, "--store", folder) == shown


# -- stable ids -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["one.json", "folder/"])
def test_deleting_a_sentence_changes_no_other_id(tmp_path: Path, reports: list[Path], layout: str) -> None:
    """Rebuilding a report of a store with one sentence gone: every other fact of the store keeps its
    id and content; only the deleted sentence's facts are gone."""
    target = str(tmp_path / layout)
    bundled = tmp_path / "in" / "taishan-2023h1.txt"
    bundled.write_bytes(bundled_report().read_bytes())
    assert taishan("build", str(reports[0]), str(bundled), str(reports[1]), "--store", target)[0] == 0
    before = store.load(Path(target))
    bundled.write_text(delete_sentence(bundled.read_text(encoding="utf-8"), "网签 3205 套"), encoding="utf-8")
    assert taishan("build", str(bundled), "--store", target)[0] == 0
    after = store.load(Path(target))

    def content(records: list[dict[str, object]]) -> dict[object, tuple[object, ...]]:
        return {r["id"]: (r["report"], r["text"], r["figure"], r["subject"]) for r in records}

    dropped = [r for r in before if "网签3205套" in r["text"]]
    assert dropped and len(after) == len(before) - len(dropped)
    assert content(after) == content([r for r in before if r not in dropped])


def test_an_open_store_sees_a_report_file_changed_in_place(tmp_path: Path, reports: list[Path]) -> None:
    """The API's store keeps what it parsed while the folder's files stay as they were, no longer."""
    folder = tmp_path / "s"
    assert taishan("build", *map(str, reports[:2]), "--store", f"{folder}/")[0] == 0
    opened = api.open_store(folder)
    fact = opened.facts(limit=1)[0]
    assert opened.get(fact.id) == fact
    other = tmp_path / "other.json"
    assert taishan("build", str(reports[2]), "--store", str(other))[0] == 0
    (folder / "a-2023h1.facts.json").write_bytes(other.read_bytes())  # in place: the folder's mtime stays
    with pytest.raises(NotFoundError):
        opened.get(fact.id)
