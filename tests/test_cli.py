"""The command line as people and scripts use it: every command, option and error path, through CliRunner.

CliRunner's stdout is not a terminal, so the default format here is tsv, as in a pipe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.main import get_command
from typer.testing import CliRunner, Result

from taishan import render
from taishan.cli import app
from taishan.errors import ExitCode
from taishan.ingest.pipeline import bundled_report
from taishan.query.filters import amount
from taishan.render import FIELDS
from taishan.store import Record

runner = CliRunner()
CONTRACT = "id category topic subject value unit qualifier change rank period text line report".split()


GOOD_FACT = {
    **dict.fromkeys(CONTRACT),
    **{"id": "r-001", "category": "c", "subject": "游客", "text": "游客", "line": 1, "report": "r"},
}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


# -- query -------------------------------------------------------------------------------------


def test_query_json_has_every_contract_field_and_a_score() -> None:
    result = run("query", "游客", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.stderr
    facts = as_json(result)
    assert facts and all(set(CONTRACT) <= set(f) for f in facts)
    assert all(0 <= f["score"] <= 100 for f in facts)
    assert any("游客" in f["subject"] for f in facts)


def test_query_limit() -> None:
    assert len(as_json(run("query", "游客", "-f", "json", "--limit", "1"))) == 1


def test_query_default_limit_is_ten() -> None:
    assert len(as_json(run("query", "区", "-f", "json"))) <= 10


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "table"])
def test_no_result_exits_1_and_prints_nothing_but_json_brackets(fmt: str) -> None:
    result = run("query", "zzzzqqqqxxxx", "--format", fmt)
    assert result.exit_code == ExitCode.NO_RESULT
    assert result.stdout == ("[]\n" if fmt == "json" else "")


@pytest.mark.parametrize(
    "term",
    [
        "[/]",
        "[bold red]x[/bold red]",
        "\x1b[31m游客\x1b[0m",
        "'; DROP TABLE facts; --",
        "",
        "   ",
        "游" * 5000,
        "\udcff",
        "-1",
        "1e309",
        ".*",
        "%s%n",
    ],
)
def test_hostile_terms_never_break_json(term: str) -> None:
    result = run("query", "--format", "json", "--", term)
    assert result.exit_code in (0, 1), result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_markup_in_a_query_is_text_in_a_table() -> None:
    result = run("query", "--format", "table", "--", "[/]")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr


def test_query_fields_choose_and_order_columns() -> None:
    rows = as_json(run("query", "游客", "-f", "json", "--fields", "value,id,score"))
    assert list(rows[0]) == ["value", "id", "score"]


def test_query_sort_by_change_puts_largest_first() -> None:
    rows = as_json(run("query", "增长", "-f", "json", "--sort", "change", "-n", "50"))
    changes = [r["change"] for r in rows if r["change"] is not None]
    assert changes == sorted(changes, reverse=True)


# -- formats -----------------------------------------------------------------------------------


def test_default_format_in_a_pipe_is_tsv_with_a_header() -> None:
    result = run("list")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == list(FIELDS)
    assert all(len(line.split("\t")) == len(FIELDS) for line in lines)


def test_no_header() -> None:
    result = run("list", "--no-header", "--fields", "id", "-n", "1")
    assert re.fullmatch(r"taishan-2023h1-[0-9a-f]{6}\n", result.stdout)


def test_csv_parses_and_counts_every_fact(records: list[Record]) -> None:
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv").stdout)))
    assert len(rows) == len(records)
    assert rows[0]["id"] == records[0]["id"]


def test_jsonl_is_one_object_a_line(records: list[Record]) -> None:
    lines = run("list", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in records]


def test_json_is_utf8_unescaped() -> None:
    out = run("list", "-f", "json", "-n", "1").stdout
    assert "\\u" not in out and "泰山区" in out


def test_table_never_truncates(records: list[Record]) -> None:
    longest = max(records, key=lambda r: len(r["subject"]))
    result = run("show", longest["id"], "-f", "table", env={"COLUMNS": "40"})
    flat = "".join(result.stdout.split())
    assert "…" not in result.stdout
    assert "".join(longest["subject"].split()) in flat


def test_table_output_without_a_terminal_has_no_escapes() -> None:
    assert "\x1b[" not in run("query", "游客", "-f", "table", env={"NO_COLOR": "1"}).stdout


def test_force_color_colours_a_table() -> None:
    result = run("query", "游客", "-f", "table", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in result.stdout


def test_no_color_beats_force_color_for_colours() -> None:
    result = run("query", "游客", "-f", "table", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[3" not in result.stdout  # no colour codes; bold may stay


# -- list and filters ----------------------------------------------------------------------------


def test_list_is_every_fact_in_report_order(records: list[Record]) -> None:
    assert [r["id"] for r in as_json(run("list", "-f", "json"))] == [r["id"] for r in records]


def test_list_category_filter(records: list[Record]) -> None:
    name = records[0]["category"]
    rows = as_json(run("list", "-f", "json", "--category", name))
    assert rows and all(r["category"] == name for r in rows)


@pytest.mark.parametrize(
    ("option", "number", "check"),
    [
        ("--min-change", "10", lambda r: r["change"] is not None and r["change"] >= 10),
        ("--max-change", "0", lambda r: r["change"] is not None and r["change"] <= 0),
        ("--unit", "%", lambda r: r["unit"] == "%"),
    ],
)
def test_list_filters(option: str, number: str, check: Any) -> None:
    rows = as_json(run("list", "-f", "json", option, number))
    assert rows and all(check(r) for r in rows)


def test_list_min_max_value() -> None:
    rows = as_json(run("list", "-f", "json", "--unit", "%", "--min", "50", "--max", "100"))
    assert rows and all(50 <= r["value"] <= 100 for r in rows)


@pytest.mark.parametrize(
    ("low", "high"),
    [("1.2亿", "10亿"), ("12000万", "1000000000"), ("1.2e8", "10亿元"), ("一亿两千万", "十亿")],
)
def test_min_max_take_amounts_as_written(low: str, high: str) -> None:
    rows = as_json(run("list", "-f", "json", "--min", low, "--max", high))
    assert rows and all(1.2e8 <= (amount(r) or 0) <= 1e9 for r in rows)
    assert any(r["unit"] == "亿元" and r["value"] == 1.2 for r in rows)


@pytest.mark.parametrize("bound", ["abc", "亿", "1.2.3", "inf", "", "10k", "1w", "0x10"])
def test_min_max_reject_what_is_not_an_amount(bound: str) -> None:
    result = run("query", "游客", "--min", bound)
    assert result.exit_code == ExitCode.ERROR and result.stdout == ""
    assert result.stderr.startswith("taishan: error: --min needs a finite number")
    assert result.stderr.count("\n") == 1


def test_list_sort_value() -> None:
    rows = as_json(run("list", "-f", "json", "--unit", "%", "--sort", "value"))
    values = [r["value"] for r in rows if r["value"] is not None]
    assert values == sorted(values, reverse=True)


# -- categories ----------------------------------------------------------------------------------


def test_category_counts_add_up_to_list(records: list[Record]) -> None:
    cats = as_json(run("categories", "--format", "json"))
    assert [set(c) for c in cats] == [{"name", "count"}] * len(cats)
    assert sum(c["count"] for c in cats) == len(records)


def test_categories_tree_lists_topics() -> None:
    cats = as_json(run("categories", "--tree", "--format", "json"))
    assert any(c["topics"] for c in cats)
    table = run("categories", "--tree", "--format", "table").stdout
    assert "├──" in table or "└──" in table


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["categories", "--category", "zzzzqq", "--fields", "name"], ExitCode.NO_RESULT),
        (["categories", "--category", "zzzzqq", "--fields", "subject"], ExitCode.ERROR),
        (["categories", "--fields", "count,name"], ExitCode.OK),
        (["categories", "--tree", "--fields", "topics"], ExitCode.OK),
        (["list", "--fields", "score"], ExitCode.ERROR),
        (["list", "--category", "zzzzqq", "--fields", "score"], ExitCode.ERROR),
        (["query", "zzzzqqqqxxxx", "--fields", "score"], ExitCode.NO_RESULT),
        (["query", "zzzzqqqqxxxx", "--fields", "name"], ExitCode.ERROR),
    ],
)
def test_fields_are_checked_against_the_command_even_without_results(args: list[str], code: int) -> None:
    assert run(*args).exit_code == code


def test_categories_table() -> None:
    result = run("categories", "--format", "table")
    assert result.exit_code == 0 and "count" in result.stdout


# -- show ------------------------------------------------------------------------------------------


def test_show_works_for_every_id(records: list[Record]) -> None:
    for r in records:
        result = run("show", r["id"], "--format", "json")
        assert result.exit_code == 0
        assert as_json(result)[0]["id"] == r["id"]


def test_show_table_has_every_field_the_sentence_and_the_figure(records: list[Record]) -> None:
    fact = next(r for r in records if r["figure"] and r["change"] is not None)
    result = run("show", fact["id"], "-f", "table", env={"COLUMNS": "200"})
    for name in CONTRACT:
        assert name in result.stdout
    assert f"line {fact['line']}" in result.stdout
    assert fact["text"][:20] in result.stdout
    coloured = run("show", fact["id"], "-f", "table", env={"COLUMNS": "200", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;7m" + fact["figure"] in coloured  # bold reverse: visible without colour too


def test_show_lists_the_other_facts_of_the_sentence(records: list[Record]) -> None:
    fact = next(r for r in records if sum(o["text"] == r["text"] for o in records) > 1)
    row = as_json(run("show", fact["id"], "-f", "json"))[0]
    assert row["same_sentence"] and fact["id"] not in row["same_sentence"]
    assert "other facts of this sentence" in run("show", fact["id"], "-f", "table").stdout


def test_show_unknown_id() -> None:
    result = run("show", "nope-999")
    assert result.exit_code == ExitCode.ERROR
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "nope-999" in result.stderr and "taishan list" in result.stderr


# -- chart -----------------------------------------------------------------------------------------


def test_chart_sorts_and_marks_negatives_without_colour() -> None:
    result = run("chart", env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "\x1b[" not in result.stdout
    assert any("█" in line for line in lines) and any("▒" in line for line in lines)
    assert "▒" not in lines[0] and "█" not in lines[-1]


def test_chart_limit_takes_the_largest_changes(records: list[Record]) -> None:
    changes = sorted((r["change"] for r in records if r["change"] is not None), reverse=True)
    result = run("chart", "-n", "3", env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0
    shown = [line.split("│")[0].split()[-1] for line in result.stdout.splitlines()]
    assert shown == [f"{c:+g}%" for c in changes[:3]]


def test_chart_of_a_query_and_of_nothing() -> None:
    assert run("chart", "游客").exit_code == 0
    result = run("chart", "zzzzqqqqxxxx")
    assert result.exit_code == ExitCode.NO_RESULT and result.stdout == ""


# -- build -----------------------------------------------------------------------------------------


def test_build_then_check(tmp_path: Path) -> None:
    target = tmp_path / "facts.json"
    missing = run("build", "--check", "--store", str(target))
    assert missing.exit_code == ExitCode.NO_RESULT
    assert (
        missing.stderr == f"taishan: {target} is missing: run `taishan build --store {target}` to create it\n"
    )
    assert "stale" not in missing.stderr and not target.exists()
    assert run("build", "--store", str(target)).exit_code == 0
    assert run("build", "--check", "--store", str(target)).exit_code == 0
    target.write_text(target.read_text(encoding="utf-8").replace("游客", "油客"), encoding="utf-8")
    stale = run("build", "--check", "--store", str(target))
    assert stale.exit_code == ExitCode.NO_RESULT and "stale" in stale.stderr


def test_build_says_where_it_wrote_and_how_commands_find_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`taishan build mine.txt` then `taishan query` in the same folder reads ./facts.json."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TAISHAN_STORE")
    (tmp_path / "mine.txt").write_text("全市接待游客7777万人次，增长12%。\n", encoding="utf-8")
    built = run("build", "mine.txt")
    assert built.exit_code == 0
    assert built.stderr == "wrote 1 fact to facts.json; commands run in this folder read it; " + (
        f"elsewhere pass --store {tmp_path / 'facts.json'}\n"
    )
    assert run("query", "游客", "--fields", "value", "--no-header").stdout == "7777\n"


def test_build_reads_a_report_given_twice_once(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("全市接待游客7777万人次。\n", encoding="utf-8")
    target = tmp_path / "facts.json"
    result = run("build", str(report), str(tmp_path / "." / "r.txt"), "--store", str(target))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"taishan: note: {report} is given more than once; it is read once\n")
    assert "wrote 1 fact to" in result.stderr


def test_build_progress_covers_writing_and_indexing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    steps: list[tuple[str, int]] = []
    totals: list[int] = []

    @contextmanager
    def recorder(reports: int, after: int = 0):  # type: ignore[no-untyped-def]
        totals.append(reports + after)
        yield lambda label, done=1: steps.append((label, done))

    monkeypatch.setattr(render, "progress", recorder)
    names = []
    for n in range(3):
        (tmp_path / f"r{n}.txt").write_text(f"全市接待游客{n + 1}万人次。\n", encoding="utf-8")
        names.append(str(tmp_path / f"r{n}.txt"))
    target = tmp_path / "facts.json"
    assert run("build", *names, "--store", str(target)).exit_code == 0
    labels = [label for label, _ in steps]
    # reports stream into the writer: writing begins first, each report is read while it runs
    assert labels == [f"writing {target}", "r0.txt", "r1.txt", "r2.txt", f"indexing {target}", "done"]
    assert totals == [sum(done for _, done in steps)] == [5]


def test_build_several_reports(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(bundled_report().read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "two.json"
    assert run("build", str(bundled_report()), str(other), "--store", str(target)).exit_code == 0
    reports = {r["report"] for r in as_json(run("list", "-f", "json", "--store", str(target)))}
    assert reports == {"taishan-2023h1", "other"}


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "not found"), (b"", "empty"), (b"\x00\x01", "binary"), (b"\xff\xfe\xfa", "not valid utf-16")],
)
def test_build_bad_report(tmp_path: Path, content: bytes | None, message: str) -> None:
    report = tmp_path / "r.txt"
    if content is not None:
        report.write_bytes(content)
    result = run("build", str(report), "--store", str(tmp_path / "s.json"))
    assert result.exit_code == ExitCode.ERROR
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_a_bad_report_among_several_fails_the_build_and_leaves_the_store(tmp_path: Path) -> None:
    """Several reports build in a pool of processes: a bad one still fails in one line, exit 2."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(4):
        (folder / f"r{n}.txt").write_text(f"全市接待游客{n + 1}万人次。\n", encoding="utf-8")
    (folder / "r2-bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    target = tmp_path / "s.json"
    assert run("build", str(folder / "r0.txt"), "--store", str(target)).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = run("build", str(folder), "--store", str(target))
    assert result.exit_code == ExitCode.ERROR
    assert "PNG image" in result.stderr and result.stderr.count("\n") == 1
    assert {
        p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()
    } == before  # nothing half-written


def test_build_into_a_directory(tmp_path: Path) -> None:
    """An empty folder becomes a store folder; one of other files is left alone."""
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("build", "--store", str(tmp_path / "other"))
    assert result.exit_code == ExitCode.ERROR and "a folder of other files, not a fact store" in result.stderr
    assert [p.name for p in (tmp_path / "other").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert run("build", "--store", str(tmp_path / "empty")).exit_code == 0
    assert (tmp_path / "empty" / "taishan-2023h1.facts.json").is_file()


# -- errors, options, help -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-flag"],
        ["query", "游客", "--format", "xml"],
        ["query", "游客", "--limit", "-1"],
        ["query", "游客", "--limit", "many"],
        ["query", "游客", "--min", "nan"],
        ["query", "游客", "--fields", "id,nope"],
        ["list", "--sort", "size"],
        ["query"],
        ["show"],
        ["frobnicate"],
    ],
)
def test_usage_errors_are_one_line_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.startswith("taishan: error: ") and result.stderr.count("\n") == 1
    assert "--help" in result.stderr or "choose from" in result.stderr or "finite" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--unit", ""],
        ["list", "--category", ""],
        ["query", "游客", "--unit", " "],
        ["chart", "--category", "  "],
        ["categories", "--category", ""],
    ],
)
def test_empty_unit_or_category_is_a_usage_error(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.ERROR and result.stdout == ""
    assert result.stderr.startswith("taishan: error: --") and "must not be empty" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        ("", "empty"),
        ("{not json", "not valid JSON"),
        (json.dumps({"_default": {"1": {"what": "no fields"}}, "x": [1, 2]}), "malformed"),
        (json.dumps({"_default": {"1": {**GOOD_FACT, "keys": ["x"]}}}), "malformed `keys`"),
        (json.dumps({"_default": {"1": {**GOOD_FACT, "keys": "x"}}}), "malformed `keys`"),
        (json.dumps({"_default": {"1": {**GOOD_FACT, "figure": 5}}}), "malformed `figure`"),
    ],
)
def test_broken_stores_exit_2_with_one_line(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "facts.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    for args in (["query", "游客"], ["list"], ["categories"], ["show", "x"], ["chart"]):
        result = run(*args, "--store", str(path))
        assert result.exit_code == ExitCode.ERROR
        assert message in result.stderr and result.stderr.count("\n") == 1
        assert result.stdout == ""


def test_store_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAISHAN_STORE", str(tmp_path / "missing.json"))
    assert run("list").exit_code == ExitCode.ERROR
    assert "missing.json" in run("list").stderr


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("taishan ")


def test_no_arguments_shows_help() -> None:
    result = run()
    assert result.exit_code == ExitCode.ERROR and "Usage" in result.stderr


def test_every_command_and_option_has_help() -> None:
    group = get_command(app)
    assert group.help
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, name
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name}"
        assert run(name, "--help").exit_code == 0


def test_category_completion_offers_section_names(records: list[Record]) -> None:
    from taishan.cli import _complete_category

    class Ctx:
        params: ClassVar[dict[str, Any]] = {}

    names = _complete_category(Ctx(), "经济")  # type: ignore[arg-type]
    assert names and all("经济" in n for n in names)
    assert set(_complete_category(Ctx(), "")) == {r["category"] for r in records}  # type: ignore[arg-type]


def test_only_the_command_that_runs_is_built() -> None:
    """typer builds a command from its function's signature; a run builds the one it runs."""
    group: Any = get_command(app)
    assert group.get_command(None, "query").name == "query"
    assert group.list_commands(None) == [
        "query",
        "list",
        "categories",
        "reports",
        "compare",
        "show",
        "chart",
        "export",
        "build",
    ]
    assert set(group.commands._built) == {"query"}  # listing the names built nothing more


def test_status_filters_query_and_list(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(
        "一、2024年工作回顾\n全省地区生产总值增长5.7%。\n预计全省研发经费支出约5100亿元。\n"
        "二、2025年工作安排\n地区生产总值增长5%左右。\n",
        encoding="utf-8",
    )
    store_path = str(tmp_path / "facts.json")
    assert run("build", str(report), "--store", store_path).exit_code == 0
    by_status = {
        status: [
            (r["figure"], r["status"])
            for r in as_json(run("list", "-f", "json", "--status", status, "--store", store_path))
            if r["figure"]
        ]
        for status in ("actual", "estimate", "target")
    }
    assert by_status == {
        "actual": [("增长5.7%", "actual")],
        "estimate": [("约5100亿元", "estimate")],
        "target": [("增长5%左右", "target")],
    }
    rows = as_json(run("query", "生产总值", "-f", "json", "--status", "target", "--store", store_path))
    assert [r["figure"] for r in rows] == ["增长5%左右"]
    result = run("list", "--status", "planned", "--store", store_path)
    assert result.exit_code == ExitCode.ERROR and "--status" in result.stderr


@pytest.mark.parametrize(
    ("query", "marked"),
    [("youke", "游客"), ("油客", "游客"), ("gdzctz", "固定资产投资"), ("GDP", "生产总值")],
)
def test_a_table_highlights_what_matched_however_it_was_typed(
    monkeypatch: pytest.MonkeyPatch, query: str, marked: str
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    result = run("query", query, "--limit", "1", "-f", "table")
    assert result.exit_code == 0 and f"\x1b[1;33m{marked}\x1b[0m" in result.stdout


FILTER_OPTIONS = ["--category", "--unit", "--min", "--max", "--min-change", "--max-change", "--status"]


@pytest.mark.parametrize("command", ["query", "list", "chart"])
def test_every_searching_command_takes_the_filters_declared_once(command: str) -> None:
    click_command = get_command(app).commands[command]  # type: ignore[attr-defined]
    options = [opt for p in click_command.params for opt in p.opts if opt.startswith("--")]
    assert [o for o in options if o in FILTER_OPTIONS] == FILTER_OPTIONS


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "增长", "-c", "jingji", "--min", "1亿", "--max-change", "50"],
        ["list", "-c", "jingji", "-u", "亿元", "--min-change", "10"],
    ],
)
def test_filters_reach_the_search_as_given(argv: list[str]) -> None:
    rows = json.loads(run(*argv, "--format", "json").stdout)
    assert rows and all(r["category"] == "持续精准发力 经济平稳健康运行" for r in rows)


# -- export ------------------------------------------------------------------------------------


def test_export_writes_a_bulk_body_of_every_fact(records: list[Record]) -> None:
    """The _bulk format: an action line naming the index and the id, then the document as
    `--format json` prints it; the body ends with a newline."""
    result = run("export", "--index", "facts-2023")
    assert result.exit_code == ExitCode.OK and result.stdout.endswith("\n")
    lines = result.stdout.splitlines()
    listed = as_json(run("list", "--format", "json"))
    assert len(lines) == 2 * len(records) == 2 * len(listed)
    assert [json.loads(a) for a in lines[::2]] == [
        {"index": {"_index": "facts-2023", "_id": f["id"]}} for f in listed
    ]
    assert [json.loads(d) for d in lines[1::2]] == listed


def test_export_takes_the_list_filters() -> None:
    result = run("export", "--unit", "亿元")
    docs = [json.loads(d) for d in result.stdout.splitlines()[1::2]]
    assert docs and all(d["unit"] == "亿元" for d in docs)
    assert run("export", "--unit", "没有这种单位").exit_code == ExitCode.NO_RESULT


def test_export_mapping_is_the_body_of_put_index() -> None:
    from taishan.export import mapping

    result = run("export", "--mapping")
    assert result.exit_code == ExitCode.OK and json.loads(result.stdout) == mapping()


@pytest.mark.parametrize("name", ["Facts", "a b", "_x", "-x", "a/b", "a:b", ".."])
def test_export_refuses_an_invalid_index_name(name: str) -> None:
    result = run("export", "--index", name)
    assert result.exit_code == ExitCode.ERROR and result.stdout == ""
    assert "not a valid index name" in result.stderr and result.stderr.count("\n") == 1


# -- questions (issue #10) -----------------------------------------------------------------------


def test_query_explain_says_how_a_question_was_read() -> None:
    result = run("query", "营业收入增长了多少", "--explain", "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert as_json(result)[0]["change"] == 38
    assert "taishan: words: 营业收入; dropped: 增长 了 多少; prefers facts with a change" in result.stderr


def test_query_explain_on_nothing_still_exits_1_with_nothing_on_stdout() -> None:
    result = run("query", "冰淇淋销量是多少", "--explain")
    assert (result.exit_code, result.stdout) == (ExitCode.NO_RESULT, "")
    assert "nothing: no fact matches 冰淇淋销量" in result.stderr


def test_an_empty_answer_in_a_pipe_says_nothing() -> None:
    result = run("query", "火箭发射次数")
    assert (result.exit_code, result.stdout, result.stderr) == (ExitCode.NO_RESULT, "", "")


def test_an_empty_answer_on_a_terminal_says_why_in_one_line() -> None:
    from taishan.api import open_store  # what `query` prints on stderr when stdout is a terminal

    line = open_store().hint("深圳的GDP是多少")
    assert "\n" not in line and line.startswith("nothing found for 深圳的GDP是多少 (nothing: no fact matches")
    assert line.endswith("try --explain") and "closest subjects: 赴北京、深圳等地开展招商活动" in line


def test_chart_leads_with_facts_matched_by_their_own_words() -> None:
    result = run("chart", "投资")
    assert result.exit_code == ExitCode.OK
    assert "工业税收" not in result.stdout.splitlines()[0]


def test_sort_by_value_puts_subject_matches_first() -> None:
    result = run("query", "收入", "--unit", "亿元", "--sort", "value", "--format", "json")
    assert "收入" in as_json(result)[0]["subject"]
