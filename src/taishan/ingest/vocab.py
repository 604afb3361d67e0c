"""Build-time vocabulary shipped as data: TSV tables under taishan/data/.

Each table starts with `#` comments naming its source, then a header row; one entry a line.

>>> ("预计", "estimate") in table("status-words.tsv")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of data/`name` after its comments and header, each split at TABs."""
    text = (resources.files("taishan") / "data" / name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(tuple(cell.strip() for cell in row) for row in rows[1:])


@cache
def words(name: str, kind: str) -> tuple[str, ...]:
    """The first column of the rows of data/`name` whose second column is `kind`, longest first."""
    return tuple(sorted((row[0] for row in table(name) if row[1:2] == (kind,)), key=len, reverse=True))


@cache
def indicator_words() -> frozenset[str]:
    """Every Chinese word of the thesaurus (data/thesaurus.tsv: indicator names of the statistics
    bureau and the words people use for them), which has no header row."""
    text = (resources.files("taishan") / "data" / "thesaurus.tsv").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(w.strip() for line in lines for w in line.split("\t") if w.strip() and not w.isascii())
