"""Query words -> clauses of terms, each term a sequence of units to match against a fact.

A query is cleaned first (NFKC, so `ｙｏｕｋｅ` is `youke`; ANSI escapes, control and zero-width
characters dropped), then read with fzf's operators: `'term` exact, `!term` exclude, `a|b` either.
Every clause must match (AND). A term's units are its Chinese characters (traditional ones also
as simplified), its runs of Latin letters (pinyin, tones dropped: `you2ke4`, `yóukè` -> `youke`)
and its other characters; a glossary abbreviation adds the words it stands for, a thesaurus
word the words reports use for it (forms matched at a lower quality than the literal ones).

>>> [[t.text for t in c.terms] for c in parse(["游客 GDP|社零", "!去年"])]
[['游客'], ['gdp', '社零'], ['去年']]
"""

from __future__ import annotations

import re
from typing import NamedTuple

from taishan.query.lexicon import glossary, spoken, t2s, thesaurus

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
TONE_DIGIT = re.compile(r"(?<=[a-z])[1-5]")
ALNUM_RUN = re.compile(r"[a-z0-9.]+")
TONED_WORD = re.compile(r"(?:[a-z]+[1-5])+[a-z]*")  # `you2ke4`, but not `pm2.5`
LATIN_RUN = re.compile(r"[a-z]+")
MAX_TERM = 64  # longer terms are matched literally only: nothing in a report is that long a word


def is_plain(text: str) -> bool:
    """Printable ASCII and common Chinese only: NFKC leaves such text be, and it has no tone marks.
    (A loop, not a regex: compiling that character class costs a query ~1 ms.)

    >>> is_plain("游客 you2"), is_plain("yóu"), is_plain("ｙｏｕ")
    (True, False, False)
    """
    return all(" " <= ch <= "~" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def is_word_char(ch: str) -> bool:
    return is_cjk(ch) or (ch.isascii() and ch.isalnum())


# NamedTuples, not dataclasses, on the query path: each costs start-up ~0.1 ms, not ~0.5 ms
class Unit(NamedTuple):
    """A Chinese character (`han`, with its simplified form), a pinyin run, or another character."""

    kind: str  # "han" | "pinyin" | "char"
    text: str
    simplified: str = ""


class Term(NamedTuple):
    text: str  # as typed, cleaned and lower-cased
    forms: tuple[tuple[Unit, ...], ...]  # the term's units, each glossary expansion's, then the thesaurus's
    exact: bool = False
    strong: int = 99  # forms from this index on are the thesaurus's: a weaker match

    @property
    def letters(self) -> str:
        """The term's Latin letters when it is pure pinyin, else ''."""
        first = self.forms[0] if self.forms else ()
        return first[0].text if len(first) == 1 and first[0].kind == "pinyin" else ""


class Clause(NamedTuple):
    terms: tuple[Term, ...]  # any one may match
    negate: bool = False


def clean(text: str) -> str:
    """NFKC, lower case, no escapes or invisible characters.

    >>> clean("\\x1b[31m游\\u200b客\\x1b[0m ｙｏｕ")
    '游客 you'
    """
    if is_plain(text):  # the usual query: no need to import unicodedata (~3 ms)
        return text.lower().strip()
    import unicodedata

    text = unicodedata.normalize("NFKC", ANSI.sub("", text.encode("utf-8", "replace").decode("utf-8")))
    kept = (" " if ch.isspace() else ch for ch in text if not unicodedata.category(ch).startswith("C"))
    return "".join(kept).lower().strip()


def strip_tones(text: str) -> str:
    """Tone marks and tone numbers dropped, ü as v.

    >>> strip_tones("yóukè lv4")
    'youke lv'
    """
    text = text.replace("ü", "v")
    if not is_plain(text):  # tone marks (yóukè) stand outside it
        import unicodedata

        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return ALNUM_RUN.sub(lambda m: TONE_DIGIT.sub("", m[0]) if TONED_WORD.fullmatch(m[0]) else m[0], text)


def units(text: str) -> tuple[Unit, ...]:
    """The units of a term.

    >>> [(u.kind, u.text) for u in units("遊ke2")]
    [('han', '遊'), ('pinyin', 'ke')]
    """
    out: list[Unit] = []
    simple = t2s() if any(is_cjk(c) for c in text) else {}
    plain = strip_tones(text) if any(c.isascii() and c.isalpha() for c in text) else text
    i = 0
    while i < len(plain):
        ch = plain[i]
        run = LATIN_RUN.match(plain, i)
        if run:
            out.append(Unit("pinyin", run.group().replace("v", "u")))
            i = run.end()
            continue
        if is_cjk(ch):
            out.append(Unit("han", ch, simple.get(ch, ch)))
        elif is_word_char(ch) or ch in ".%":
            out.append(Unit("char", ch))
        i += 1
    return tuple(out)


def make_term(text: str, exact: bool = False) -> Term | None:
    """A term from one word, or None when it has nothing to match (`[/]`, `.*`, emoji)."""
    if not any(is_word_char(c) for c in strip_tones(text)):
        return None
    if exact or len(text) > MAX_TERM:
        return Term(text, (), exact=True)
    english = latin_term(text)
    if english is None:
        forms = [units(text)]
        forms += [units(clean(w)) for w in glossary().get(text.replace(".", ""), ())]
        forms += [units(clean(w)) for w in _inner_expansions(text)]
    else:
        # a known English term or abbreviation (CPI, R&D) is that term: its letters and its Chinese
        # names as written, never pinyin initials (c-p-i of 茶品…), syllables or homophones
        words = [text, *glossary().get(text.replace(".", ""), ()), *english]
        forms = [tuple(Unit("char", c) for c in w.lower() if not c.isspace()) for w in dict.fromkeys(words)]
    strong = [f for f in forms if f]
    # a related word inside the term (收入 in 居民人均可支配收入) is a broader one, not a synonym
    # (the thesaurus's words are data, written clean: `clean` would cost a question ~10 ms here)
    related = [units(w.lower()) for w in thesaurus().get(text, ()) if w not in text]
    if len(text) == 1 and is_cjk(text):  # a spoken verb alone (赚 of 工业企业赚了多少钱): its report words
        related += [units(w) for w in spoken().get(text, ())]
    weak = [f for f in related if f and f not in strong]
    return Term(text, tuple(strong + weak), strong=len(strong))


def latin_term(text: str) -> tuple[str, ...] | None:
    """For a Latin word that is a glossary abbreviation or an English term (data/english.tsv), the
    Chinese words it stands for (perhaps none beyond the glossary's); None for any other word, which
    is read as pinyin.

    >>> latin_term("ppi")[:1], latin_term("youke")
    (('工业生产者出厂价格',), None)
    """
    if (
        not text.isascii()
        or not any(c.isalpha() for c in text)
        or not all(c.isalnum() or c in "&.-" for c in text)
    ):
        return None
    related = tuple(w for w in thesaurus().get(text, ()) if not w.isascii())
    if related or text.replace(".", "") in glossary():
        return related
    return None


def _inner_expansions(text: str) -> list[str]:
    """The term with an abbreviation inside it written out (规上工业增加值 -> 规模以上工业增加值).

    >>> _inner_expansions("规上工业增加值")
    ['规模以上工业增加值']
    """
    if len(text) < 3 or not is_cjk(text[0]):
        return []
    out = []
    for key, words in glossary().items():
        if len(key) >= 2 and key != text and key in text and is_cjk(key[0]):
            out += [text.replace(key, w) for w in words if key not in w]
    return out


def is_pinyin_word(word: str) -> bool:
    plain = strip_tones(word)
    return bool(plain) and plain.isascii() and plain.isalpha() and plain not in glossary()


def parse(words: list[str], join_pinyin: bool = True) -> list[Clause]:
    """Clauses from the command line's words; runs of pinyin words (`you ke`) join into one term."""
    tokens = clean(" ".join(words)).split()
    if join_pinyin:
        joined: list[str] = []
        for tok in tokens:
            if joined and is_pinyin_word(tok) and is_pinyin_word(joined[-1]):
                joined[-1] += tok
            else:
                joined.append(tok)
        tokens = joined
    # `a | b` with spaces is fzf's OR too: glue it into `a|b`
    glued: list[str] = []
    for tok in tokens:
        if glued and (tok.startswith("|") or glued[-1].endswith("|")):
            glued[-1] += tok
        else:
            glued.append(tok)
    clauses = []
    for tok in glued:
        negate = tok.startswith("!")
        body = tok[1:] if negate else tok
        terms = []
        for alt in body.split("|"):
            exact = negate or alt.startswith("'")
            term = make_term(alt.lstrip("'") if exact else alt, exact)
            if term is not None:
                terms.append(term)
        if terms:
            clauses.append(Clause(tuple(terms), negate))
    return clauses


def chunked(clauses: list[Clause]) -> list[Clause]:
    """A last resort for a run of Chinese characters that matched nothing: its two-character words,
    each a clause of its own (`签约项目` finds `项目实现签约`); a final odd character joins the word
    before it. Clauses it cannot split come back as they are.

    >>> [[t.text for t in c.terms] for c in chunked(parse(["签约项目", "量子计算机"]))]
    [['签约'], ['项目'], ['量子'], ['计算机']]
    """
    out: list[Clause] = []
    for clause in clauses:
        term = clause.terms[0] if len(clause.terms) == 1 and not clause.negate else None
        text = term.text if term is not None and not term.exact else ""
        if len(text) < 4 or not all(is_cjk(c) for c in text):
            out.append(clause)
            continue
        words = [text[i : i + 2] for i in range(0, len(text) - len(text) % 2, 2)]
        if len(text) % 2:
            words[-1] += text[-1]
        out.extend(Clause((t,)) for t in (make_term(w) for w in words) if t is not None)
    return out
