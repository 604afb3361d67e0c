"""Rendering: one function per format; nothing from a report reaches the terminal as a control."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    render.table(ROWS[:1], [{"subject": [(2, 4)]}])
    assert "\x1b[1;33m游客" in capsys.readouterr().out


def _lines(text: str, width: int) -> list[str]:
    starts = render.breaks(text, width)
    return [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]


SENTENCE = "持续恢复文旅消费，聚焦“串珠成链、山城联动”，上半年，全区主要景区景点接待游客1439万人次，增长65%；实现营业收入5.81亿元。"


@pytest.mark.parametrize("width", range(12, 41, 2))
def test_wrapping_keeps_figures_whole_and_punctuation_in_place(width: int) -> None:
    lines = _lines(SENTENCE, width)
    assert "".join(lines) == SENTENCE
    assert all(render._width(line) <= width for line in lines)
    for figure in ("1439万人次", "65%", "5.81亿元"):
        assert any(figure in line for line in lines), (figure, lines)
    rules = render._line_breaking()
    assert not any(line[0] in rules["no-start"] for line in lines[1:]), lines
    assert not any(line[-1] in rules["no-end"] for line in lines), lines


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("游客1439万人次，增长65%。", 12, ["游客", "1439万人次，", "增长65%。"]),
        ("a “泰山安”休闲", 8, ["a “泰山", "安”休闲"]),
        ("游客“泰山安”", 5, ["游客", "“泰山", "安”"]),
        ("big words wrap at spaces", 10, ["big words ", "wrap at ", "spaces"]),
        ("泰山区" * 4, 6, ["泰山区", "泰山区", "泰山区", "泰山区"]),
        ("1234567890123", 6, ["123456", "789012", "3"]),  # longer than a line: cut, never lost
    ],
)
def test_wrapping_cases(text: str, width: int, expected: list[str]) -> None:
    assert _lines(text, width) == expected


def test_wrapping_keeps_a_highlighted_match_whole() -> None:
    text = "主要景区景点接待游客"
    starts = render.breaks(text, 18, keep=[(8, 10)])
    assert starts == [8]  # `游客` moves down whole rather than `游` / `客`


@given(st.text(alphabet="游客泰山区，。“”（）1234.5%万亿元 ab", max_size=80), st.integers(4, 60))
def test_wrapping_never_loses_a_character(text: str, width: int) -> None:
    lines = _lines(text, width)
    assert "".join(lines) == text
    assert all(render._width(line) <= width for line in lines)


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["taishan-2023h1-061", "taishan-2023h1-059"], ["…061", "…059"]),
        (["a-2023-001", "b-2023-001"], ["a-2023-001", "b-2023-001"]),
        (["a-001", "b-001", "a-002"], ["a-001", "b-001", "…002"]),
        (["x-2023h1-061", "y-2023h1-061"], ["x-2023h1-061", "y-2023h1-061"]),
        (["solo"], ["solo"]),
    ],
)
def test_short_ids_are_unique_suffixes(ids: list[str], expected: list[str]) -> None:
    assert render.short_ids(ids) == expected


def test_a_narrow_table_drops_the_sentence_before_the_subject(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    row = {
        "id": "taishan-2023h1-061",
        "subject": "主要景区景点接待游客",
        "value": 1439,
        "unit": "万人次",
        "change": 65,
        "text": SENTENCE,
    }
    render.table([row, {**row, "id": "taishan-2023h1-062"}])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["id", "subject", "value", "unit", "change"]  # no header cut mid-word
    assert lines[2].startswith("…061 ") and "主要景区景点接待游客" in out.replace(" ", "").replace("\n", "")
    assert all(render._width(line) <= 60 for line in lines)
    assert len(lines) <= 2 + 2 * 2  # each row at most two lines
    assert (
        err
        == "taishan: note: text is not shown in 60 columns (a wider terminal shows it; so does --format tsv)\n"
    )


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 120])
def test_table_fits_the_terminal_and_headers_stay_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    rows = [
        {
            "id": f"taishan-2023h1-{n:03d}",
            "subject": SENTENCE[n:],
            "value": n,
            "unit": "亿元",
            "change": -n,
            "score": 90,
        }
        for n in range(1, 6)
    ]
    render.table(rows)
    lines = capsys.readouterr().out.splitlines()
    assert all(render._width(line) <= columns for line in lines)
    assert "…" not in lines[0] and set(lines[0].split()) <= set(rows[0])


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
    with render.progress(5, 2) as step:
        step("r.txt", 1)
    assert capsys.readouterr().err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_counts_writing_and_indexing(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("COLUMNS", "100")
    with render.progress(3, 2) as step:
        for name in ("a.txt", "b.txt", "c.txt"):
            step(name, 1)
        step("writing facts.json", 0)
        step("indexing facts.json", 1)
    drawn = err.getvalue()
    # the last frame: the store written, its index being built, the bar still up
    assert "4/5" in drawn and "indexing facts.json" in drawn


def test_the_line_breaking_table_is_the_unicode_categories() -> None:
    """data/linebreak.tsv (scripts/gen_linebreak_table.py): closing punctuation and the
    other marks never start a line, opening punctuation never ends one."""
    import unicodedata

    rules = render._line_breaking()
    assert {unicodedata.category(c) for c in rules["no-start"]} <= {"Pe", "Pf", "Po"}
    assert {unicodedata.category(c) for c in rules["no-end"]} <= {"Ps", "Pi"}
    assert set("，。、；：？！）》」』”’%…") <= set(rules["no-start"])
    assert set("（《「『“‘") <= set(rules["no-end"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(alphabet="游客泰山区，。“”1439.5%万亿元 ab", min_size=1, max_size=60), min_size=1, max_size=4
    ),
    st.integers(44, 140),
    st.booleans(),
)
def test_any_table_fits_its_terminal(subjects: list[str], columns: int, with_text: bool) -> None:
    rows = [
        {"id": f"taishan-2023h1-{n:03d}", "subject": s, "value": 1439, "unit": "万人次", "change": 65.0}
        | ({"text": s * 3} if with_text else {})
        for n, s in enumerate(subjects)
    ]
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", str(columns))
        mp.setenv("NO_COLOR", "1")
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", io.StringIO())
        render.table(rows)
    lines = out.getvalue().splitlines()
    assert all(render._width(line) <= columns for line in lines)
    assert lines[0].split()[:2] == ["id", "subject"]
    shown = Counter("".join(lines))
    assert not Counter("".join(subjects).replace(" ", "")) - shown  # wrapped, never cut


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
