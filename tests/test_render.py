"""Rendering: one function per format; nothing from a report reaches the terminal as a control."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from taishan import render
from taishan.query.lookup import Category

ROWS: list[dict[str, Any]] = [
    {"id": "a-001", "subject": "接待游客", "value": 1439, "unit": "万人次", "change": 65.0, "rank": None},
    {
        "id": "a-002",
        "subject": "警情\t[bold]x[/]\n",
        "value": None,
        "unit": None,
        "change": -26,
        "rank": {"scope": "全市", "position": 2, "text": "列全市第二"},
    },
]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("游客", "游客"),
        ("a\tb\nc\rd", "a b c d"),
        ("\x1b[31m红\x1b[0m", "\ufffd[31m红\ufffd[0m"),
        ("\x07\x7f\x9b", "\ufffd\ufffd\ufffd"),
        ("\u202eevil", "\ufffdevil"),  # a bidi override would reverse the rest of the line
        ("\udcff", "\ufffd"),  # a lone surrogate from argv
        ("[/]", "[/]"),
    ],
)
def test_clean(raw: str, shown: str) -> None:
    assert render.clean(raw) == shown


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (1439, "1439"),
        (65.0, "65"),
        (11.3, "11.3"),
        ({"text": "列全市第二"}, "列全市第二"),
        (["a", "b"], "a, b"),
        ("x\ty", "x y"),
    ],
)
def test_cell(value: Any, text: str) -> None:
    assert render.cell(value) == text


def test_json_is_unescaped_and_survives_surrogates() -> None:
    out = render.to_json([{"q": "游客\udcff"}])
    assert "游客" in out
    assert json.loads(out) == [{"q": "游客\udcff"}]
    out.encode("utf-8")  # writable to a UTF-8 stream


def test_jsonl_survives_surrogates() -> None:
    out = render.to_jsonl([{"q": "游客\udcff"}])
    assert json.loads(out) == {"q": "游客\udcff"}
    out.encode("utf-8")


def test_jsonl_round_trip() -> None:
    lines = render.to_jsonl(ROWS).splitlines()
    assert [json.loads(line) for line in lines] == ROWS


def test_csv_has_a_header_and_quotes_what_needs_it() -> None:
    rows = list(csv.DictReader(io.StringIO(render.to_csv(ROWS))))
    assert rows[1]["subject"] == "警情 [bold]x[/] " and rows[1]["rank"] == "列全市第二"
    assert rows[0]["change"] == "65"


def test_tsv_keeps_one_record_a_line() -> None:
    lines = render.to_tsv(ROWS).splitlines()
    assert lines[0] == "id\tsubject\tvalue\tunit\tchange\trank"
    assert [len(line.split("\t")) for line in lines] == [6, 6, 6]
    assert render.to_tsv(ROWS, header=False).splitlines() == lines[1:]


def test_pick_orders_fields() -> None:
    assert render.pick(ROWS[:1], ["unit", "id"]) == [{"unit": "万人次", "id": "a-001"}]


def test_table_wraps_without_ellipsis(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    long = "泰山区" * 30
    render.table([{"id": "x", "subject": long}])
    out = capsys.readouterr().out
    assert "…" not in out and long in "".join(out.split())


def test_table_shows_markup_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    render.table(ROWS)
    out = capsys.readouterr().out
    assert "[bold]x[/]" in out and "\x1b" not in out and "\t" not in out


def test_table_highlights_matches(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    render.table(ROWS[:1], ["游客"])
    assert "\x1b[1;33m游客" in capsys.readouterr().out


def test_chart_draws_negatives_left_in_another_glyph(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    render.chart([{"subject": "增", "change": 50}, {"subject": "减", "change": -25}])
    grow, fall = capsys.readouterr().out.splitlines()
    assert grow.index("│") < grow.index("█")
    assert fall.index("▒") < fall.index("│")


def test_categories_tree(capsys: pytest.CaptureFixture[str]) -> None:
    render.categories([Category("经济", 3, {"消费": 2, "外贸": 1})], tree=True)
    assert capsys.readouterr().out.splitlines() == ["经济 (3)", "├── 消费 (2)", "└── 外贸 (1)"]


def test_progress_is_silent_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    with render.progress(5) as advance:
        advance(Path("r.txt"))
    assert capsys.readouterr().err == ""


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("ticks", "tty", "said"),
    [
        ([0.0, 0.2, 0.5], False, ""),  # a quick rebuild stays silent
        (
            [0.0, 1.5, 3.0],
            False,
            "taishan: indexing big.json (0 MB), once after each change\ntaishan: indexed in 3 s\n",
        ),
        (
            [0.0, 1.5, 3.0],
            True,
            "taishan: indexing big.json (0 MB), once after each change\n\rindexing: 50%"
            "\rtaishan: indexed in 3 s\n",
        ),
    ],
)
def test_a_slow_index_rebuild_says_so(ticks: list[float], tty: bool, said: str) -> None:
    clock = iter(ticks)
    out = _Stream(tty)
    heard = render.Indexing(Path("big.json"), out, lambda: next(clock))
    for done in (0, 50, 100):
        heard(done, 100)
    assert out.getvalue() == said
