"""Regenerate src/taishan/data/thesaurus.tsv and english.tsv from their sources.

Run (at the repository root):

    python scripts/gen_thesaurus.py --cilin PATH/cilin_ex.txt --nbs PATH/nbs-yearbook-2021-toc.tsv \
        --corpus DIR_OR_FILE [--corpus ...]

(`--check` compares instead of writing.)

Sources (see src/taishan/data/SOURCES.md):
- scripts/thesaurus-seed.tsv and scripts/english-seed.tsv: the hand-curated groups;
- the HIT IR-Lab Tongyici Cilin (extended), `cilin_ex.txt`: synonyms of the seed's `~word`s;
- NBS's Chinese/English yearbook table titles (`--nbs`, a TSV of title<TAB>English title; not
  committed: see SOURCES.md for where it comes from);
- the genre's texts (government work reports, statistics bulletins): every report-side word must
  occur in them or in NBS's titles, and must not be so common that it matches every question.

The script fails, naming the offending words, rather than write a file that breaks these rules.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "taishan" / "data"
SEED = ROOT / "scripts" / "thesaurus-seed.tsv"
ENGLISH_SEED = ROOT / "scripts" / "english-seed.tsv"
CILIN_SHA256 = "97e4c14918511cfb77713c5da81c1e74d1ba50bf0e77129be5a330d66456f1d7"
CILIN_URL = (
    "https://github.com/shaneblock/Simple_Chinese_metaphor_identification_by_tongyicilin"
    "/blob/5d3430f585ce5d3c5ac7ad3ec8246f4fc5de5c3f/cilin_ex.txt"
)
# A report word found in more than this share of the genre's sentences would make every question
# match (增长, 企业, 项目 …): the thesaurus must narrow a question to an indicator, not widen it.
MAX_SENTENCE_SHARE = 0.02
# A typed word is looser: it only acts when a person types it, and 投资 or 工业 should find their
# indicators; but a word as common as 经济 would turn most questions into a question about GDP.
MAX_TYPED_SHARE = 0.05
# Words of a question, not of a term: the question parser drops them, so a key holding one never matches
# as typed, and one such as 多少人 would catch every question about a count.
QUESTION_WORDS = ("多少", "多大", "几个", "怎么样", "是什么", "吗", "呢")
SENTENCE_END = re.compile(r"[。；;！？!?]")
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


@dataclass
class Group:
    """One indicator: the words people type and the words reports use."""

    typed: list[str]
    report: list[str]
    cilin: list[tuple[str, str]] = field(default_factory=list)  # (word, Cilin row code) to expand


def split_words(cell: str) -> list[str]:
    return [w for w in cell.split(" ") if w]


def read_seed(path: Path) -> tuple[list[Group], list[Group], set[str], list[tuple[str, str]]]:
    """Groups, abbreviation groups, the Cilin block list and the spoken senses of the seed file."""
    groups: list[Group] = []
    abbreviations: list[Group] = []
    blocked: set[str] = set()
    spoken: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "!" and len(cells) == 2:
            blocked.update(split_words(cells[1]))
        elif cells[0] == "*" and len(cells) == 2:
            senses = [tuple(w[1:].split("@", 1)) for w in split_words(cells[1])]
            if any(len(sense) != 2 or len(sense[0]) != 1 for sense in senses):
                sys.exit(f"{path.name}:{number}: write a spoken character as ~CHAR@CODE")
            spoken += [(char, code) for char, code in senses]
        elif cells[0] == "=" and len(cells) == 3:
            abbreviations.append(Group([cells[1].strip()], split_words(cells[2])))
        elif len(cells) == 2:
            typed = split_words(cells[0])
            senses = [tuple(w[1:].split("@", 1)) for w in typed if w.startswith("~")]
            if any(len(sense) != 2 for sense in senses):
                sys.exit(f"{path.name}:{number}: write a Cilin word as ~WORD@CODE")
            groups.append(
                Group(
                    unique(w[1:].split("@")[0] if w.startswith("~") else w for w in typed),
                    split_words(cells[1]),
                    [(word, code) for word, code in senses],
                )
            )
        else:
            sys.exit(f"{path.name}:{number}: expected WORDS<TAB>WORDS, `=`, `!` or `*` line")
    return groups, abbreviations, blocked, spoken


def read_cilin(path: Path) -> dict[str, list[str]]:
    """The Cilin's synonym rows (code ending in `=`) by code: {"Ag10A03": ["游人", "游客", …]}."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != CILIN_SHA256:
        print(f"warning: {path} is not the Cilin copy this data was built from ({digest})", file=sys.stderr)
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        code, _, words = line.partition(" ")
        if code.endswith("="):
            rows[code[:-1]] = words.split()
    return rows


# The Cilin's classes of measured quantities: Dn01 量度 (面积, 速度), Dn02 距离 (里程), Dn03 数量 (产量,
# 人数), Dn07 比率 (比重, 覆盖率), Dj02 价值 (产值, 价格), Dj07 工资, Dj08 收支 (收入, 支出 …).
MEASURE_CLASSES = ("Dn01", "Dn02", "Dn03", "Dn07", "Dj02", "Dj07", "Dj08")
RATIOS = "Dn07"  # 比重, 比例, 比率, 百分比 …: one measure, a share
GENERIC = ("Dn03A01", "Dn03A02")  # 数量, 数目, 总和: the amount of anything, no measure of its own
MIN_HEADS = 3  # a measure word heads this many indicator names: a measure statistics use


def read_measures(path: Path) -> dict[str, str]:
    """Measure words (two characters or more) of the Cilin's quantity classes -> their measure: the
    row's code for a row of synonyms (`=`), `Dn07` for any ratio, else the word itself (a `#` row
    holds related measures, 产量 and 销量, not one); words of the generic rows are left out."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        code, _, words = line.partition(" ")
        if not code.startswith(MEASURE_CLASSES) or code.startswith(GENERIC):
            continue
        for word in words.split():
            # 总量, 总值 …: the total of whatever the words before it name, no measure of their own
            if CJK_WORD.match(word) and not (len(word) == 2 and word[0] == "总"):
                measure = RATIOS if code.startswith(RATIOS) else code[:-1] if code.endswith("=") else word
                out.setdefault(word, measure)
    return out


def measure_of(word: str, measures: dict[str, str]) -> str | None:
    """The measure a word names by its head: its shortest ending that is a measure word, or None.

    >>> measure_of("茶种植面积", {"面积": "Dn01A54", "种植面积": "种植面积"})
    'Dn01A54'
    """
    for start in range(len(word) - 2, -1, -1):
        if word[start:] in measures:
            return measures[word[start:]]
    return None


def head_measures(measures: dict[str, str], names: Iterable[str]) -> dict[str, str]:
    """The measure words that head at least `MIN_HEADS` of the names (the measures statistics use)."""
    heads: dict[str, int] = {}
    for name in set(names):
        for start in range(len(name) - 2, -1, -1):
            if name[start:] in measures:
                heads[name[start:]] = heads.get(name[start:], 0) + 1
                break
    return {w: measures[w] for w, n in sorted(heads.items()) if n >= MIN_HEADS}


def crosses_measures(typed: str, report: str, measures: dict[str, str]) -> bool:
    """Whether a pair maps one measured quantity to another (茶产量 -> 茶种植面积, 收入 -> 支出)."""
    if typed in report or report in typed:  # a narrower or broader word of one thing (贷款, 贷款余额)
        return False
    a, b = measure_of(typed, measures), measure_of(report, measures)
    return a is not None and b is not None and a != b


def without_crossings(lines: list[str], measures: dict[str, str]) -> tuple[list[str], list[str]]:
    """Lines with every pair that crosses measures taken out (a line left with no word goes), and the
    pairs taken out."""
    kept, dropped = [], []
    for line in lines:
        key, *words = line.split("\t")
        good = [w for w in words if not crosses_measures(key, w, measures)]
        dropped += [f"{key} -> {w}" for w in words if w not in good]
        if good:
            kept.append("\t".join([key, *good]))
    return kept, dropped


def cilin_synonyms(word: str, code: str, rows: dict[str, list[str]], blocked: set[str]) -> list[str]:
    """The other words of the word's Cilin row, two to six Chinese characters, minus blocked ones."""
    row = rows.get(code, [])
    if word not in row:
        sys.exit(f"the Cilin row {code} does not hold {word}")
    return [w for w in row if w != word and CJK_WORD.match(w) and w not in blocked]


def read_texts(paths: Iterable[Path]) -> list[str]:
    texts = []
    for path in paths:
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        # OCR'd pages break lines inside words (合同引\n资额): a word may span a line break
        texts += [re.sub(r"\s*\n\s*", "", f.read_text(encoding="utf-8")) for f in files]
    return texts


def unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def sentence_share(word: str, sentences: list[str], joined: str, bar: float) -> float:
    """The share of sentences holding the word; its count in the text bounds it, so that only a
    word near the bar costs a pass over every sentence."""
    share = joined.count(word) / max(len(sentences), 1)
    if share <= bar:
        return share
    return sum(word in s for s in sentences) / max(len(sentences), 1)


def check_report_words(words: set[str], texts: list[str], titles: str) -> list[str]:
    """Problems with report-side words: absent from the genre, or too common to narrow a question."""
    sentences = [s for t in texts for s in SENTENCE_END.split(t) if s.strip()]
    joined = "\n".join(texts)
    problems = []
    for word in sorted(words):
        if word not in joined and word not in titles:
            problems.append(f"{word}: in no genre text and no NBS title")
        share = sentence_share(word, sentences, joined, MAX_SENTENCE_SHARE)
        if share > MAX_SENTENCE_SHARE:
            problems.append(f"{word}: in {share:.1%} of the genre's sentences, too general")
    return problems


def check_typed_words(words: Iterable[str], texts: list[str]) -> list[str]:
    """Problems with typed words: a single Chinese character, or too common to stand for one indicator."""
    sentences = [s for t in texts for s in SENTENCE_END.split(t) if s.strip()]
    joined = "\n".join(texts)
    problems = []
    for word in words:
        if len(word) < 2:
            problems.append(f"{word}: a typed word needs two characters or more")
        if any(filler in word for filler in QUESTION_WORDS):
            problems.append(f"{word}: a question word is not part of a term (多少人 would match every count)")
        share = sentence_share(word, sentences, joined, MAX_TYPED_SHARE)
        if share > MAX_TYPED_SHARE:
            problems.append(f"{word}: in {share:.1%} of the genre's sentences, too general to type")
    return problems


def thesaurus_lines(
    groups: list[Group], abbreviations: list[Group], rows: dict[str, list[str]], blocked: set[str]
) -> list[str]:
    """One line a typed word: the word, then every report word it stands for (merged across groups)."""
    mapping: dict[str, list[str]] = {}
    for group in groups:
        typed = group.typed + [s for sense in group.cilin for s in cilin_synonyms(*sense, rows, blocked)]
        for word in unique(typed):
            mapping.setdefault(word, []).extend(group.report)
    for group in abbreviations:
        mapping.setdefault(group.typed[0], []).extend(group.report)
    lines = []
    for word, report in mapping.items():
        targets = [w for w in unique(report) if w.lower() != word.lower()]
        if targets:
            lines.append("\t".join([word, *targets]))
    return lines


def spoken_lines(
    senses: list[tuple[str, str]],
    rows: dict[str, list[str]],
    blocked: set[str],
    thesaurus: list[str],
    genre: str,
) -> list[str]:
    """One line a spoken character (赚, 卖, 修): the words of its Cilin row that the genre writes
    (盈利, 赚钱; 出售, 销售), the row's characters those words are written with (建 of 修建: a
    report's 新改建), and what the thesaurus gives the row's words (盈利 -> 利润). Those characters
    get the line too (挣 of 挣钱 shares 赚's); the row's other characters (打, 办 of 买's row) do not."""
    typed = {line.split("\t")[0]: line.split("\t")[1:] for line in thesaurus}
    lines: dict[str, list[str]] = {}
    for char, code in senses:
        row = rows.get(code, [])
        if char not in row:
            sys.exit(f"the Cilin row {code} does not hold {char}")
        words = [w for w in row if CJK_WORD.match(w) and w not in blocked]
        written = [c for c in row if len(c) == 1 and c not in blocked and any(c in w for w in words)]
        related = [r for w in words for r in typed.get(w, [])]
        said = [w for w in words if w in genre]
        for c in unique([char, *written]):
            lines.setdefault(c, []).extend([w for w in [*said, *written, *related] if w != c])
    return ["\t".join([c, *unique(forms)]) for c, forms in lines.items() if forms]


def english_lines(path: Path, nbs: Iterable[tuple[str, str]] = ()) -> tuple[list[str], set[str]]:
    """english.tsv's lines: the curated seed's, then the NBS pairs (`nbs`, already checked against the
    genre), merged by English term; and the seed's Chinese names, to check."""
    lines: dict[str, list[str]] = {}
    chinese: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        terms, _, names = line.partition("\t")
        words = split_words(names)
        chinese.update(words)
        for term in terms.split(";"):
            key = " ".join(term.lower().split())
            if key:
                lines.setdefault(key, []).extend(words)
    for term, name in nbs:
        lines.setdefault(term, []).append(name)
    rows = {k: [w for w in unique(v) if w.lower() != k] for k, v in lines.items()}
    return ["\t".join([k, *v]) for k, v in rows.items() if v], chinese


# A yearbook table's title names an indicator and how the table cuts it (分地区 … by Region, 按用途分 …
# by Use, (2020年) … (2020)); the indicator's name is what is left once the cuts are taken off both.
ZH_CUTS = re.compile(r"(?:\(\d{4}年\)|情况|和指数|及指数|及构成|及增长速度)$")
ZH_BY = re.compile(r"^(?:分地区|各地区|按[^分]{1,12}分)")  # a table cut by region, use …: `by …` in English
EN_CUTS = re.compile(
    r"^(?:main indicators of|basic statistics on|basic statistics of|basic conditions of|statistics on|"
    r"statistics of|conditions of|number of|main|the)\s+|\s*(?:\(\d{4}\)|"
    r"and (?:its|their) (?:composition|indices|index|growth rates?)|and index)$"
)
EN_BY = re.compile(r"\s+by (?:(?!\bby\b)[a-z ,()-])+$")  # the last `by …` only
ENGLISH_NAME = re.compile(r"^[a-z][a-z -]*[a-z]$")
NAME = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def nbs_english_pairs(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(English, Chinese) indicator names from NBS's bilingual yearbook table titles, each title with
    the cuts of its table taken off both sides; titles of two indicators (和, 及, `and`) and chapter
    headings are left out, as their halves cannot be told apart.

    >>> nbs_english_pairs([("按用途分商品房销售面积", "Floor Space of Commercial Buildings Sold by Use")])
    [('floor space of commercial buildings sold', '商品房销售面积')]
    """
    out = []
    for chinese, english in rows:
        zh, en = chinese.strip(), english.strip().lower()
        for _ in range(3):  # cuts come stacked: 分地区…(2020年), by Region (2020)
            zh, en = ZH_CUTS.sub("", zh), EN_CUTS.sub("", en).strip()
            if ZH_BY.search(zh):  # only then is `by …` a cut, not the name's (losses caused by disasters)
                zh, en = ZH_BY.sub("", zh), EN_BY.sub("", en)
        if (
            NAME.match(zh)
            and not any(c in zh for c in "和及与")
            and ENGLISH_NAME.match(en)
            and " and " not in en
        ):
            out.append((" ".join(en.split()), zh))
    return unique(out)


def header(what: str, line_form: str, lines: int, extra: list[str], ways: str = "both ways") -> list[str]:
    return [
        f"# {what}",
        f"# Each line: {line_form}; the loader reads a line {ways}. Lines starting with # are comments.",
        "# generated by scripts/gen_thesaurus.py — do not edit by hand; edit scripts/thesaurus-seed.tsv or",
        "# scripts/english-seed.tsv and rerun it (the command is in the script's docstring).",
        "# Sources (details and licences in src/taishan/data/SOURCES.md):",
        "#  - the National Bureau of Statistics of China: indicator names of 统计指标解释 and the China",
        "#    Statistical Yearbook's Chinese/English titles, http://www.stats.gov.cn/ (official publication);",
        *extra,
        "#  - the curated seed (MIT, like taishan), each report word checked against government work reports.",
        f"# {lines} lines.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cilin", type=Path, required=True, help="cilin_ex.txt (UTF-8)")
    parser.add_argument("--nbs", type=Path, required=True, help="NBS yearbook titles, Chinese<TAB>English")
    parser.add_argument("--corpus", type=Path, action="append", required=True, help="genre texts")
    parser.add_argument("--check", action="store_true", help="compare with the files, write nothing")
    args = parser.parse_args()

    groups, abbreviations, blocked, spoken = read_seed(SEED)
    rows = read_cilin(args.cilin)
    texts = read_texts([*args.corpus, DATA / "taishan-2023h1.txt"])
    titles = "\n".join(line.split("\t")[0] for line in args.nbs.read_text(encoding="utf-8").splitlines())
    nbs_rows = [
        (cells[0], cells[1])
        for cells in (line.split("\t") for line in args.nbs.read_text(encoding="utf-8").splitlines())
        if len(cells) >= 2 and not cells[0].startswith("#")
    ]
    # NBS's names that reports use, narrowly enough to name one indicator (the checks below, applied
    # as a filter: a derived pair that fails them is left out, not a seed to fix)
    derived = nbs_english_pairs(nbs_rows)
    nbs = [(en, zh) for en, zh in derived if not check_report_words({zh}, texts, "")]
    # what statistics measure: the Cilin's measure words heading NBS's and the seed's indicator names
    names = [zh for _, zh in derived] + [w for g in groups + abbreviations for w in g.report]
    measures = head_measures(read_measures(args.cilin), names)
    thesaurus, crossed = without_crossings(thesaurus_lines(groups, abbreviations, rows, blocked), measures)
    english, english_chinese = english_lines(ENGLISH_SEED, nbs)
    english, crossed_english = without_crossings(english, measures)
    crossed += crossed_english
    characters = spoken_lines(spoken, rows, blocked, thesaurus, "\n".join(texts))

    report_words = {w for g in groups + abbreviations for w in g.report} | english_chinese
    problems = check_report_words(report_words, texts, titles)
    problems += check_typed_words([line.split("\t")[0] for line in thesaurus], texts)
    if problems:
        sys.exit("words to fix in the seed:\n  " + "\n  ".join(problems))

    cilin_note = [
        "#  - HIT IR-Lab Tongyici Cilin (extended) 哈工大信息检索研究室同义词词林扩展版, synonyms of the seed's",
        f"#    ~words, {CILIN_URL} (HIT-SCIR licence: free for research use);",
    ]
    outputs = {
        DATA / "thesaurus.tsv": header(
            "Words people type for statistics -> the words government reports use (and abbreviations).",
            "a word<TAB>the report words it stands for",
            len(thesaurus),
            cilin_note,
        )
        + thesaurus,
        DATA / "spoken.tsv": header(
            "Spoken one-character verbs and adjectives (赚, 卖, 修) -> the words of their Cilin sense.",
            "a character<TAB>its row's words, the characters they are written with, their thesaurus words",
            len(characters),
            cilin_note,
            "one way, for a character standing alone in a question",
        )
        + characters,
        DATA / "english.tsv": header(
            "English statistical terms (lower case) -> the Chinese indicator names of reports.",
            "an english term<TAB>Chinese indicator names",
            len(english),
            [],
        )
        + english,
        DATA / "measures.tsv": [
            "# Measure words: what a statistic measures (产量, 面积, 人数, 收入, 支出, 比重 …) -> its measure",
            "# (the Cilin row's code where the row's words are synonyms, else the word itself). The thesaurus",
            "# never maps a word of one measure to a word of another (茶产量 is no 茶种植面积): gen_thesaurus.py",
            "# leaves such pairs out and tests/test_thesaurus_data.py checks the shipped files against this table.",
            "# generated by scripts/gen_thesaurus.py — do not edit by hand. Source: the words of the classes",
            f"# {', '.join(MEASURE_CLASSES)} (quantities, rates, value, wages, income and expenditure) of",
            "# HIT IR-Lab Tongyici Cilin (extended) 哈工大信息检索研究室同义词词林扩展版,",
            f"# {CILIN_URL} (HIT-SCIR licence: free for research use; see SOURCES.md).",
            f"# {len(measures)} words.",
            *(f"{word}\t{measure}" for word, measure in sorted(measures.items())),
        ],
    }
    for path, lines in outputs.items():
        text = "\n".join(lines) + "\n"
        if args.check and path.read_text(encoding="utf-8") != text:
            sys.exit(f"{path.name} differs from what its sources generate")
        if not args.check:
            path.write_text(text, encoding="utf-8")
    nbs_english = args.nbs.read_text(encoding="utf-8").lower()
    verbatim = sum(line.split("\t")[0] in nbs_english for line in english)
    print(f"measures.tsv: {len(measures)} words; pairs left out as crossing measures: {len(crossed)}")
    for pair in crossed:
        print(f"  {pair}")
    print(
        f"thesaurus.tsv: {len(thesaurus)} lines from {len(groups)} groups and {len(abbreviations)} abbreviations"
    )
    print(f"english.tsv: {len(english)} terms, {verbatim} of them verbatim in NBS's English yearbook titles")
    print(
        f"  {len(nbs)} of them derived from NBS's bilingual titles ({len(derived)} titles name one indicator)"
    )


if __name__ == "__main__":
    main()
