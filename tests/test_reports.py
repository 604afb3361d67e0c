"""`taishan reports` and the --report, --place, --year filters, through the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from taishan.cli import app
from taishan.errors import ExitCode
from taishan.ingest.pipeline import bundled_report

runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("two")
    other = folder / "guangming-2022h1-news.txt"
    other.write_text(
        "工业、投资齐发力，深圳光明区上半年GDP增速达6.3%\n南方财经全媒体 记者 深圳报道\n"
        "根据深圳市地区生产总值统一核算结果，2022年上半年，光明区GDP为614.71亿元，同比增长6.3%。"
        "其中，第二产业增加值为400.97亿元，同比增长6.8%。\n",
        encoding="utf-8",
    )
    target = folder / "facts.json"
    assert run("build", str(bundled_report()), str(other), "--store", str(target)).exit_code == 0
    return str(target)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "table"])
def test_reports_in_every_format(two: str, fmt: str) -> None:
    result = run("reports", "--store", two, "-f", fmt)
    assert result.exit_code == 0
    if fmt == "table":  # a narrow table shortens ids and folds titles
        assert "上半年工作情况" in result.stdout and "news" in result.stdout
    else:
        assert "taishan-2023h1" in result.stdout and "guangming-2022h1-news" in result.stdout


def test_reports_fields(two: str) -> None:
    rows = json.loads(run("reports", "--store", two, "-f", "json").stdout)
    assert [(r["id"], r["place"], r["level"], r["year"], r["period"], r["kind"]) for r in rows] == [
        ("taishan-2023h1", "泰山区", "区", 2023, "上半年", "report"),
        ("guangming-2022h1-news", "光明区", "区", 2022, "上半年", "news"),
    ]
    assert rows[0]["title"] == "泰山区2023年上半年工作情况"  # from the bundled report's sidecar
    tsv = run("reports", "--store", two, "-f", "csv", "--fields", "id,facts").stdout
    assert next(csv.reader(io.StringIO(tsv))) == ["id", "facts"]


@pytest.mark.parametrize(
    ("args", "reports"),
    [
        (("--report", "guangming-2022h1-news"), {"guangming-2022h1-news"}),
        (("--place", "深圳"), {"guangming-2022h1-news"}),
        (("--place", "山东"), {"taishan-2023h1"}),
        (("--year", "2023"), {"taishan-2023h1"}),
        (("--year", "2022", "--place", "泰山区"), set()),
    ],
)
def test_filters_on_list_categories_and_chart(two: str, args: tuple[str, ...], reports: set[str]) -> None:
    listed = run("list", "--store", two, "-f", "json", *args)
    assert {r["report"] for r in json.loads(listed.stdout or "[]")} == reports
    assert listed.exit_code == (0 if reports else ExitCode.NO_RESULT)
    assert run("categories", "--store", two, "-f", "json", *args).exit_code == listed.exit_code
    assert run("chart", "--store", two, *args).exit_code == listed.exit_code
    assert run("reports", "--store", two, "-f", "json", *args).exit_code == listed.exit_code


@pytest.mark.parametrize(
    ("query", "figure"),
    [
        ("光明区 第二产业增加值", 400.97),
        ("泰山区 社零", 132.8),
        ("2022年 GDP", 614.71),
        ("深圳光明区 GDP", 614.71),
    ],
)
def test_a_place_or_year_in_the_query_narrows_it(two: str, query: str, figure: float) -> None:
    hits = json.loads(run("query", *query.split(), "--store", two, "-f", "json", "-n", "1").stdout)
    assert hits[0]["value"] == figure


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--report", "nope"), "--report: no report has id 'nope'"),
        (("--place", ""), "--place must not be empty"),
        (("--year", "x"), "--year"),
    ],
)
def test_bad_filters_are_one_line_errors(two: str, args: tuple[str, ...], message: str) -> None:
    result = run("list", "--store", two, *args)
    assert result.exit_code == ExitCode.ERROR
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_the_options_override_what_the_text_says(tmp_path: Path) -> None:
    report = tmp_path / "notes.txt"
    report.write_text("上半年，全区新增就业4496人。\n", encoding="utf-8")
    target = str(tmp_path / "s.json")
    assert run("build", str(report), "--place", "泰山区", "--year", "2023", "--store", target).exit_code == 0
    rows = json.loads(run("reports", "--store", target, "-f", "json").stdout)
    assert (rows[0]["place"], rows[0]["level"], rows[0]["year"]) == ("泰山区", "区", 2023)
    assert run("build", str(report), "--year", "99", "--store", target).exit_code == ExitCode.ERROR
