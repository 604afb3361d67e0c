#!/usr/bin/env python3
"""A realistic benchmark corpus: many varied reports of several kinds, written to a folder.

    python bench/corpus.py OUT_DIR --reports 300            # 300 report texts in OUT_DIR
    python bench/corpus.py OUT_DIR --facts 1000000          # enough reports for about a million facts

The bases are real reports of the genre: the 27 provincial work reports of 2025
(../shared/corpus/provinces-2025/*.docx, their text read straight from the .docx XML), the corpus
texts (../shared/corpus/*.txt) and the bundled report. Each generated report takes one base in turn
and varies it: every figure scaled by its own factor, and the base's own place names replaced by a
made-up county name, so that no two reports share their figures or their place, and a store of many
of them is not one report's words repeated. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the shared folder beside the checkout (a worktree sits a level deeper: /work/wt/NAME)
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared"
)
BUNDLED = ROOT / "src" / "taishan" / "data" / "taishan-2023h1.txt"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
PARAGRAPH = re.compile(rb"<w:p[ >].*?</w:p>", re.S)
RUN_TEXT = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>")
# the places each corpus text is about (the provinces' come from their file names)
CORPUS_PLACES = {
    "taishan-2023h1": ("泰山区", "泰安市", "泰安"),
    "guangdong-2023-work-report": ("广东省", "广东"),
    "guangming-2022h1-news": ("光明区", "深圳市", "深圳"),
    "guangdong-cities-2021q3-news": ("广东省", "广东"),
}
# characters of real county names, for made-up ones (安平, 临江, 宁山 …)
NAME_CHARS = "安平临江宁山河阳城东西南北兴和丰昌永德清长乐新华明远武泰宜金石云水林溪源庆通顺"
LEVELS = ("县", "区", "市", "旗")


def docx_text(path: Path) -> str:
    """A .docx's paragraphs, one a line: enough for a benchmark (no styles, tables or notes)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml")
    lines = []
    for para in PARAGRAPH.findall(xml):
        text = b"".join(RUN_TEXT.findall(para)).decode("utf-8")
        lines.append(text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    return "\n".join(lines)


def bases() -> list[tuple[str, str, tuple[str, ...]]]:
    """(name, text, its places) for every real report found."""
    out = [("taishan-2023h1", BUNDLED.read_text(encoding="utf-8"), CORPUS_PLACES["taishan-2023h1"])]
    for path in sorted((SHARED / "corpus").glob("*.txt")):
        out.append((path.stem, path.read_text(encoding="utf-8"), CORPUS_PLACES.get(path.stem, ())))
    for path in sorted((SHARED / "corpus" / "provinces-2025").glob("*.docx")):
        short = re.sub("(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$", "", path.stem)
        out.append((path.stem, docx_text(path), (path.stem, short) if short != path.stem else (path.stem,)))
    return out


def place_name(rng: random.Random) -> str:
    return "".join(rng.sample(NAME_CHARS, 2)) + rng.choice(LEVELS)


def vary(text: str, places: tuple[str, ...], rng: random.Random) -> str:
    """The text with its figures scaled (decimals kept) and its places renamed."""
    factor = 1 + rng.randint(1, 400) / 1000

    def scale(m: re.Match[str]) -> str:
        number = m.group()
        if len(number) == 4 and number.startswith(("19", "20")) and "." not in number:
            return number  # a year stays a year
        digits = len(number.split(".")[1]) if "." in number else 0
        return f"{float(number) * factor:.{digits}f}"

    text = NUMBER.sub(scale, text)
    name = place_name(rng)
    for place in sorted(places, key=len, reverse=True):
        text = text.replace(place, name)
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--reports", type=int, help="how many reports to write")
    size.add_argument("--facts", type=int, help="about how many facts the reports should hold")
    ap.add_argument(
        "--facts-per-report",
        type=int,
        default=570,
        help="the mean the bases give (measured: 17,688 facts from 31)",
    )
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    found = bases()
    count = a.reports or -(-a.facts // a.facts_per_report)
    rng = random.Random(a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        name, text, places = found[i % len(found)]
        (a.out / f"{i:06d}-{name}.txt").write_text(vary(text, places, rng), encoding="utf-8")
    print(f"wrote {count} reports from {len(found)} bases to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
