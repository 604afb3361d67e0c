"""Fill the third column of src/taishan/data/question-words.tsv: each Chinese word's toneless pinyin
spellings (every reading of each character, joined), so that `youke zengzhang duoshao` drops its
question words without the query path reading pinyin tables.

Run: python scripts/gen_question_pinyin.py   (needs pypinyin; the query path never imports it)
     python scripts/gen_question_pinyin.py --check   (exit 1 when the file is not what it writes)

Columns one and two (word, role) are written by hand; only the third is generated.
"""

from __future__ import annotations

import itertools
import sys
import unicodedata
from pathlib import Path

from pypinyin import Style, pinyin

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "src" / "taishan" / "data" / "question-words.tsv"
# the roles a pinyin question reads
SPOKEN = {"filler", "ask", "what", "generic", "count", "share", "weak", "money", "change", "fall"}


def toneless(reading: str) -> str:
    reading = reading.replace("ü", "v")
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


def spellings(word: str) -> list[str]:
    """Every toneless spelling of a word: 多少 -> duoshao (and its other readings)."""
    readings = pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(readings) != len(word):
        return []
    return sorted({"".join(toneless(r) for r in combo) for combo in itertools.product(*readings)})


def render(text: str) -> str:
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        word, role, *_ = [*line.split("\t"), ""]
        spoken = spellings(word) if role in SPOKEN and len(word) > 1 and not word.isascii() else []
        out.append("\t".join([word, role, *(["|".join(spoken)] if spoken else [])]))
    return "\n".join(out) + "\n"


def main() -> int:
    text = PATH.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in sys.argv:
        return int(new != text)
    PATH.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
