"""The import budget: what a query loads is a fact we can check, unlike its time.

Each case runs the CLI in a fresh interpreter and lists the heavy modules it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SRC, source_env

HEAVY = ("pypinyin", "jieba", "opencc", "tinydb", "rich", "rapidfuzz", "unicodedata", "sqlite3")
SCRIPT = """
import json, sys
from taishan.launch import run
sys.argv = ["taishan", *json.loads(sys.argv[1])]
run()
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def heavy_imports(*argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(argv)], capture_output=True, text=True, env=source_env()
    )
    loaded = json.loads(done.stderr.rpartition("MODULES ")[2])
    return {m for m in loaded if m in HEAVY}


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (("query", "游客", "--format", "json"), set()),  # answered exactly: no rapidfuzz
        (("query", "游客", "--format", "tsv"), set()),
        (("query", "youke", "--format", "json"), set()),
        (("query", "gdzctz", "--format", "json"), set()),
        (("query", "遊客", "--format", "json"), set()),  # traditional: a shipped table, not OpenCC
        (("query", "油客", "--format", "json"), set()),  # a homophone: the shipped readings table
        (("query", "冰淇淋", "--format", "json"), set()),  # nothing like it: rejected before rapidfuzz
        (("query", "景点接待游各", "--format", "json"), set()),  # a Chinese typo: worked out in Python
        (("query", "xyzzy", "--format", "json"), set()),
        (("query", "yóukè", "--format", "json"), {"unicodedata"}),  # tone marks need NFD
        (("query", "游客", "--format", "table"), {"rich"}),  # rich only draws tables
        (("list", "--format", "json"), set()),
        (("show", "taishan-2023h1-d86edc", "--format", "json"), set()),
    ],
)
def test_a_query_imports_only_what_it_needs(argv: tuple[str, ...], allowed: set[str]) -> None:
    assert heavy_imports(*argv) <= allowed


def test_a_typo_may_use_rapidfuzz() -> None:
    """Not a budget but a check that the test sees imports: a typo in pinyin does reach rapidfuzz."""
    assert "rapidfuzz" in heavy_imports("query", "jiedaiyuoke", "--format", "json")


def test_a_subprocess_runs_the_source_tree_under_test() -> None:
    """Not the installed copy: otherwise a change to src/ could pass these budgets unseen."""
    code = "import taishan, taishan.cli; print(taishan.__file__); print(taishan.cli.__file__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=source_env())
    for line in done.stdout.splitlines():
        assert Path(line).resolve().is_relative_to(SRC), line
