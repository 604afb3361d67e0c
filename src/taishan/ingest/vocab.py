"""The build's vocabulary tables: TSV files in taishan/data, `#` lines comments, one row a line."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of data/NAME, each split at tabs (comments and blank lines skipped)."""
    text = (resources.files("taishan") / "data" / name).read_text(encoding="utf-8")
    return tuple(
        tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
