"""One term against one field of a fact (its subject, sentence, topic or category).

A field is its characters with each character's pinyin (precomputed at build time, see keys.py).
A term matches where its units cover consecutive characters: a Chinese character by itself, its
simplified form or (stage 2) a homophone; a pinyin run by whole syllables, initials (`gdzctz`)
or, at its end, a syllable's beginning. The match's quality is 1 for an exact or whole-syllable
match, less for each initial, homophone or partial syllable.

Stages widen the net only when a narrower one found nothing: 1 exact and pinyin on syllable
boundaries, 2 homophones and pinyin starting mid-syllable, 3 typos (rapidfuzz's partial_ratio:
`partial_ratio`).

>>> f = Field.of("接待游客", ["jie", "dai", "you", "ke"])
>>> [quality(t, f, 1) for t in ("游客", "youke", "jdyk", "youk")]
[1.0, 1.0, 0.4, 0.7]
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from functools import cached_property, lru_cache

from taishan.keys import decode
from taishan.query.lexicon import readings
from taishan.query.parse import Unit

EXACT, HOMOPHONE, INITIAL, PARTIAL = 0.0, 0.4, 0.6, 0.3  # penalties (mid-syllable: search.MID_SYLLABLE_Q)
_LATIN = re.compile("[a-z]")
FUZZY_HAN, FUZZY_PINYIN = 75.0, 80.0  # rapidfuzz thresholds: one slip in four characters

# The match rules, each with the first stage it applies at and the grams a field must hold for it
# to match (index.py). The matcher (here and search.py) asks `applies` before trying a rule, and
# index.py has one candidate method per rule (`index.CANDIDATES`, checked against this table by
# tests/test_index.py): this table is the whole contract between the two.
RULES: dict[str, tuple[int, str]] = {
    "exact": (1, "a quoted term as written: `c` of each of its characters"),
    "form": (
        1,
        "a term's units on consecutive characters (as written, simplified) or syllables (whole, "
        "initial, a last one's beginning): `y` of each neighbouring pair of characters' tokens, `c` of "
        "each character, and a pinyin run's `p`/`i` pieces or a syllable `s` it begins",
    ),
    "abbreviation": (
        1,
        "a subject's stretch abbreviating a Chinese term or abbreviated by it (search._abbreviation_in): "
        "`c` of the term's first character and of one of its last two",
    ),
    "homophone": (2, "a character read as another with its sound: `s` and `y` of the sound's syllables"),
    "mid_syllable": (2, "pinyin starting inside a syllable (`ouke`): `j` of each of its letter pairs"),
    "fuzzy": (
        3,
        "a typo (rapidfuzz) or characters spread apart: `c`/`j` grams shared as "
        "`shared_needed` bounds them, or a field shorter than the term (`lc`, `lj`)",
    ),
}


def applies(rule: str, stage: int) -> bool:
    """Is `rule` tried at this stage? (Stages widen: a rule, once on, stays on.)"""
    return stage >= RULES[rule][0]


class Field:
    """A field's lower-cased characters and, computed on first use (a term of Chinese characters
    found as written needs none), its syllables (ü as u)."""

    def __init__(self, text: str, key: str | list[str] | None) -> None:
        self.chars = text.lower()
        self._text = text
        self._key = key
        self.qualities: dict[tuple[tuple[Unit, ...], int], float | None] = {}  # see quality
        self.fuzzy: dict[str, float | None] = {}  # a term's text -> see fuzzy
        self.forms: dict[tuple[str, bool, int, bool], tuple[float | None, int]] = {}  # see search.py

    @classmethod
    def of(cls, text: str, key: str | list[str] | None) -> Field:
        return cls(text, key)

    @cached_property
    def syllables(self) -> list[str]:
        key = self._key
        if isinstance(key, str):  # one pass, not keys.decode's two: most fields a query meets are decoded
            parts = key.replace("v", "u").split(" ") if self._text else []
            if len(parts) == len(self.chars) == len(self._text):
                return [p or c for p, c in zip(parts, self.chars.replace("v", "u"), strict=True)]
        keys = decode(self._text, key)
        if not keys or len(keys) != len(self.chars):  # an old store without keys: characters only
            keys = list(self.chars)
        return [k.replace("v", "u") for k in keys]  # keys are lower-case

    @cached_property
    def sounds(self) -> frozenset[str]:
        return frozenset(self.syllables)

    @cached_property
    def _spaced(self) -> str | None:
        return f" {self._key} " if isinstance(self._key, str) else None

    def has_sound(self, syllable: str) -> bool:
        """Does some character read `syllable`? Asked of the stored key, not decoded: most fields
        a homophone term meets lack the sound, and decoding each costs more than the question."""
        spaced = self._spaced
        if spaced is None:
            return syllable.replace("v", "u") in self.sounds
        return f" {syllable} " in spaced or ("v" in syllable and f" {syllable.replace('v', 'u')} " in spaced)

    @cached_property
    def has_latin(self) -> bool:
        """Latin letters in the text, which best_penalty reads as syllables but the key leaves out."""
        return _LATIN.search(self.chars) is not None

    def may_spell(self, letters: str) -> bool:
        """False when no run of consecutive syllables can spell `letters` as best_penalty reads a
        pinyin run, each syllable beginning with its piece: a regex over the stored key, so the
        many fields a pinyin term misses are never decoded (True where the text has Latin letters)."""
        spaced = self._spaced
        if spaced is None or self.has_latin:
            return True
        return _spelling(letters).search(spaced) is not None

    @cached_property
    def joined(self) -> str:
        """The syllables run together, for mid-syllable and typo matches."""
        return "".join(self.syllables)

    @cached_property
    def spelled(self) -> str:
        """`joined` as Latin letters see it: each character read as itself (a digit, a mark) stands
        as a NUL, which no letter matches either; built from the stored key without decoding it."""
        if not isinstance(self._key, str) or self.has_latin:
            return self.joined  # Latin letters in the text are syllables of their own
        spaced = f" {self._key} "  # an empty entry (a character read as itself) is a double space
        while "  " in spaced:
            spaced = spaced.replace("  ", " \0 ")
        return spaced.replace(" ", "").replace("v", "u")


@lru_cache(maxsize=64)
def _spelling(letters: str) -> re.Pattern[str]:
    """`youke` -> ` y(?:[a-z]* )?o(?:[a-z]* )?u…`: the letters in order, each either going on in
    its syllable or ending it (with any letters, as an initial does) and starting the next one."""
    return re.compile(" " + "(?:[a-z]* )?".join("[uv]" if c == "u" else re.escape(c) for c in letters))


def homophones(unit: Unit, table: dict[str, frozenset[str]]) -> frozenset[str] | tuple[()]:
    """The syllables a Chinese character's homophones read (its simplified form's readings, else its
    own); none for pinyin or another character, or with an empty table (stage 1)."""
    if unit.kind != "han":
        return ()
    return table.get(unit.simplified) or table.get(unit.text) or ()


def _initials(syllable: str) -> tuple[str, ...]:
    if syllable[:2] in ("zh", "ch", "sh"):
        return (syllable[:2], syllable[0])
    return (syllable[0],)


def best_penalty(units: tuple[Unit, ...], field: Field, stage: int) -> tuple[float, int] | None:
    """The least total penalty of a match anywhere in the field, and its number of pieces."""
    found = _best(units, field, stage)
    return None if found is None else (found[0], found[1])


def where(units: tuple[Unit, ...], field: Field, stage: int) -> tuple[int, int] | None:
    """The characters `[start, end)` of the field that the term's best match covers, however it
    was typed (pinyin, initials, a homophone, a traditional character), or None: for highlighting
    the rows shown, never asked while searching.

    >>> from taishan.query.parse import units as u
    >>> f = Field.of("主要景区接待游客", ["zhu", "yao", "jing", "qu", "jie", "dai", "you", "ke"])
    >>> where(u("youke"), f, 1), where(u("jdyk"), f, 1), where(u("油客"), f, 2)
    ((6, 8), (4, 8), (6, 8))
    """
    found = _best(units, field, stage)
    return None if found is None else (found[2], found[2] + found[1])


def _best(units: tuple[Unit, ...], field: Field, stage: int) -> tuple[float, int, int] | None:
    """best_penalty, and the character where that match starts (a piece is one character)."""
    if all(u.kind != "pinyin" for u in units):
        literal = "".join(u.text for u in units)
        simple = "".join(u.simplified or u.text for u in units)
        if literal in field.chars or simple in field.chars:
            at = field.chars.find(literal)
            return (0.0, len(units), at if at >= 0 else field.chars.find(simple))
        if not applies("homophone", stage) and literal == simple:
            return None  # no traditional character: nothing but the literal can match
    chars = field.chars
    table = readings() if applies("homophone", stage) and any(u.kind == "han" for u in units) else {}
    sounds_of = [homophones(u, table) for u in units]
    for u, sounds in zip(units, sounds_of, strict=True):  # each needs its character or a homophone's sound
        if u.kind == "pinyin" or u.text in chars or (u.simplified and u.simplified in chars):
            continue
        if not any(field.has_sound(s) for s in sounds):
            return None
    if len(units) == 1 and units[0].kind == "pinyin" and not field.may_spell(units[0].text):
        return None
    syls = field.syllables
    if all(u.kind != "pinyin" for u in units):
        return _straight(units, chars, syls, sounds_of)

    memo: dict[tuple[int, int, int], tuple[float, int] | None] = {}  # not functools.cache: ~2 µs a call

    def go(ui: int, off: int, k: int) -> tuple[float, int] | None:
        key = (ui, off, k)
        if key not in memo:
            memo[key] = step(ui, off, k)
        return memo[key]

    def step(ui: int, off: int, k: int) -> tuple[float, int] | None:
        if ui == len(units):
            return (0.0, 0)
        if k >= len(chars):
            return None
        unit = units[ui]
        options: list[tuple[float, int, int, int]] = []  # (penalty, next ui, next off, next k)
        if unit.kind == "pinyin":
            rest, syl = unit.text[off:], syls[k]
            last = ui == len(units) - 1
            if syl.isalpha() and syl.isascii():
                if rest.startswith(syl):
                    options.append((EXACT, *_advance(unit, off + len(syl), ui), k + 1))
                for ini in _initials(syl):
                    if ini != syl and rest.startswith(ini):
                        options.append((INITIAL, *_advance(unit, off + len(ini), ui), k + 1))
                if last and len(rest) >= 2 and syl.startswith(rest) and rest != syl:
                    options.append((PARTIAL, ui + 1, 0, k + 1))
        elif chars[k] == unit.text or chars[k] == unit.simplified:
            options.append((EXACT, ui + 1, 0, k + 1))
        elif syls[k] in sounds_of[ui]:
            options.append((HOMOPHONE, ui + 1, 0, k + 1))
        best: tuple[float, int] | None = None
        for penalty, nui, noff, nk in options:
            tail = go(nui, noff, nk)
            if tail is not None:
                cand = (penalty + tail[0], tail[1] + 1)
                if best is None or (cand[0], -cand[1]) < (best[0], -best[1]):
                    best = cand
        return best

    found: tuple[float, int, int] | None = None
    letter = units[0].text[0] if units[0].kind == "pinyin" else ""
    for k, syl in enumerate(syls):
        if letter and not syl.startswith(letter):
            continue
        got = go(0, 0, k)
        if got is not None and (found is None or got[0] < found[0]):
            found = (got[0], got[1], k)
            if got[0] == 0:
                break
    return found


def _straight(
    units: tuple[Unit, ...], chars: str, syls: list[str], sounds_of: list[frozenset[str] | tuple[()]]
) -> tuple[float, int, int] | None:
    """_best without pinyin: each unit takes one character, so a walk from each start."""
    wants = [(u.text, u.simplified, sounds) for u, sounds in zip(units, sounds_of, strict=True)]
    text0, simple0, sounds0 = wants[0]
    found: float | None = None
    start = 0
    for k in range(len(chars) - len(units) + 1):
        ch = chars[k]
        if ch != text0 and ch != simple0 and syls[k] not in sounds0:
            continue  # the common case, tested without the loop below
        penalty = 0.0
        for i, (text, simple, sounds) in enumerate(wants):
            ch = chars[k + i]
            if ch in (text, simple):
                continue
            if syls[k + i] in sounds:
                penalty += HOMOPHONE
                continue
            break
        else:
            if found is None or penalty < found:
                found, start = penalty, k
                if penalty == 0:
                    break
    return None if found is None else (found, len(units), start)


def _advance(unit: Unit, off: int, ui: int) -> tuple[int, int]:
    return (ui + 1, 0) if off >= len(unit.text) else (ui, off)


def quality(term: str | tuple[Unit, ...], field: Field, stage: int) -> float | None:
    """How well a term's units match the field, 0..1, or None."""
    if isinstance(term, str):
        from taishan.query.parse import units

        term = units(term)
    if not term:
        return None
    # only Chinese characters change with the stage, once (homophones from 2; 3 adds typos, which
    # are not this): the quality is kept on the field for the next stage, which reads it again
    key = (term, 0 if all(u.kind == "pinyin" for u in term) else int(applies("homophone", stage)))
    if key not in field.qualities:
        field.qualities[key] = _quality(term, field, stage)
    return field.qualities[key]


def _quality(term: tuple[Unit, ...], field: Field, stage: int) -> float | None:
    found = best_penalty(term, field, stage)
    if found is None:
        return None
    penalty, pieces = found
    if penalty and penalty >= INITIAL * pieces and pieces < 2:
        return None  # one initial alone (`s`) says nothing
    return round(max(0.1, 1 - penalty / max(pieces, 1)), 3)


def mid_syllable(letters: str, field: Field) -> bool:
    """`ouke` inside `youke`: a pinyin match that starts (or ends) inside a syllable."""
    return len(letters) >= 4 and letters in field.spelled


def fuzzy(text: str, letters: str, field: Field) -> float | None:
    """A typo'd term's similarity to the field's best-matching stretch, 0..100, or None; kept on
    the field, which the facts cut from one sentence share.

    The ratio is worked out only when `might_match` says it could reach its threshold.
    """
    if text not in field.fuzzy:
        field.fuzzy[text] = _fuzzy(text, letters, field)
    return field.fuzzy[text]


def _fuzzy(text: str, letters: str, field: Field) -> float | None:
    if letters:
        if len(letters) >= 4 and might_match(letters, field.spelled, FUZZY_PINYIN, 2):
            # rapidfuzz: a field's letters hold most of a pinyin term's, so some field needs it anyway
            return partial_ratio(letters, field.spelled, FUZZY_PINYIN, python=False)
        return None
    gapped = spread(text, field.chars)
    long_enough = sum(1 for c in text if not c.isascii()) >= 4 or len(text) >= 5
    if long_enough and might_match(text, field.chars, FUZZY_HAN, 1):
        score = partial_ratio(text, field.chars, FUZZY_HAN)
        if score is not None:
            return max(score, gapped or 0.0)
    return gapped


PYTHON_WINDOWS = 32  # at most this many windows of a typo's field worked out in Python, else rapidfuzz
# Python steps (a character scanned, a window's LCS step) a process spends on typos before it takes
# rapidfuzz instead: ~3 ms (measured ~0.2 µs a step), under its import's ~7 ms (a large store's
# many candidates, a long session); a query of the bundled store spends ~2,000
PYTHON_BUDGET = 15_000
_spent = [0]  # the Python steps spent so far in this process


def partial_ratio(s1: str, s2: str, cutoff: float, python: bool = True) -> float | None:
    """rapidfuzz's `fuzz.partial_ratio(s1, s2)` where it reaches `cutoff`, else None.

    Worked out here (with `python`) where few windows of the longer string can hold a match (a
    Chinese typo: a sentence holds few of its characters), which spares a query rapidfuzz's import
    (~7 ms); by rapidfuzz where many can, as its C is faster. tests/test_match.py checks that the
    two agree on generated strings.
    """
    if len(s1) > len(s2):
        s1, s2 = s2, s1  # rapidfuzz slides the shorter string along the longer
    windows = _windows(s1, s2) if python and _in_python() else None
    back = _windows(s2, s1) if len(s1) == len(s2) else []  # alike in length: rapidfuzz tries both ways
    if windows is not None and back is not None:
        _spent[0] += len(s1) * (1 + len(windows) + len(back)) + len(s2)
    if windows is None or back is None:
        from rapidfuzz import fuzz  # ~7 ms: only for typos that nothing else matched

        score = fuzz.partial_ratio(s1, s2)
    else:
        score = _best_window(s1, s2, windows, cutoff)
        if back and score < 100:
            score = max(score, _best_window(s2, s1, back, cutoff))
    return score if score >= cutoff else None


def _in_python() -> bool:
    """Whether to work a ratio out in Python: not once rapidfuzz is imported (by an earlier typo in
    pinyin, or the highlighting), whose C is then the cheaper, nor past PYTHON_BUDGET."""
    return "rapidfuzz.fuzz" not in sys.modules and _spent[0] < PYTHON_BUDGET


def _windows(s1: str, s2: str) -> list[tuple[int, int, int]] | None:
    """The stretches `[a, b)` of s2 that rapidfuzz compares with s1 (len(s1) <= len(s2)) and that
    may hold the best match, each with how many characters of s1 it holds; None when there are more
    than PYTHON_WINDOWS. rapidfuzz's windows are s1's length, or shorter at either end of s2; a best
    one can be taken to start on a character of s1 (dropping another from its start only raises
    the ratio), a prefix of s2 to end on one."""
    n, m = len(s1), len(s2)
    wanted = set(s1)
    hits = [i for i, c in enumerate(s2) if c in wanted]
    if len(hits) > PYTHON_WINDOWS:
        return None
    windows = [(0, e + 1, k + 1) for k, e in enumerate(hits) if e < n - 1]  # prefixes shorter than s1
    for k, a in enumerate(hits):  # full windows; near the end, suffixes
        b = min(a + n, m)
        windows.append((a, b, bisect_left(hits, b, k) - k))
    return windows


def _best_window(s1: str, s2: str, windows: list[tuple[int, int, int]], cutoff: float) -> float:
    """The best of `windows` of s2 as rapidfuzz scores them (Indel similarity to s1, 0..100), or
    a score below `cutoff`. LCS by bit-parallel steps (Allison-Dix), a window's only when the
    characters of s1 it holds could reach the cutoff and beat the best so far."""
    n = len(s1)
    if not n or not s2:
        return 100.0 if n == len(s2) else 0.0  # rapidfuzz: two empty strings are alike
    masks: dict[str, int] = {}
    for i, c in enumerate(s1):
        masks[c] = masks.get(c, 0) | 1 << i
    full = (1 << n) - 1
    best_lcs, best_total = 0, 1
    for a, b, held in windows:
        total = n + b - a
        bound = min(n, held)
        if _ratio(bound, total) < cutoff or bound * best_total <= best_lcs * total:
            continue
        v = full
        for c in s2[a:b]:
            u = v & masks.get(c, 0)
            v = ((v + u) | (v - u)) & full
        lcs = n - v.bit_count()
        if lcs * best_total > best_lcs * total:
            best_lcs, best_total = lcs, total
    return _ratio(best_lcs, best_total) if best_lcs else 0.0


def _ratio(lcs: int, total: int) -> float:
    """rapidfuzz's Indel similarity, 0..100, in its arithmetic (bit for bit)."""
    return (1.0 - (total - 2 * lcs) / total) * 100


def grams(text: str, q: int) -> list[str]:
    return [text[i : i + q] for i in range(len(text) - q + 1)] if q > 1 else list(text)


@lru_cache(maxsize=256)
def shared_needed(n: int, cutoff: float, q: int) -> int:
    """How many of a needle's n - q + 1 q-grams must stand in the haystack for rapidfuzz's
    `partial_ratio` to reach `cutoff` (a lower bound, so a cheap test that never rejects a match).

    The best window has w <= n characters, and the needle keeps an alignment of L of them, with
    200 L / (n + w) >= cutoff. A character off the alignment loses at most q of the needle's grams,
    a stray one in the window at most q - 1.

    >>> shared_needed(3, 75.0, 1), shared_needed(5, 80.0, 2)
    (2, 1)
    """
    best = n
    for w in range(1, n + 1):
        least = next((x for x in range(w + 1) if 200 * x >= cutoff * (n + w)), None)
        if least is not None:
            best = min(best, (n - q + 1) - q * (n - least) - (q - 1) * (w - least))
    return max(best, 0)


def might_match(needle: str, haystack: str, cutoff: float, q: int) -> bool:
    """False when `partial_ratio(needle, haystack)` surely stays below `cutoff` (see shared_needed)."""
    if len(haystack) < len(needle):
        needle, haystack = haystack, needle  # rapidfuzz slides the shorter string
    need = shared_needed(len(needle), cutoff, q)
    return need <= 0 or sum(1 for g in grams(needle, q) if g in haystack) >= need


def spread(text: str, chars: str) -> float | None:
    """A Chinese term whose characters all stand in order, a little apart (`高层次人才` in
    `高层次、高学历人才`): a score like rapidfuzz's, 0..100, or None.

    >>> spread("高层次人才", "累计引进高层次、高学历人才1850人")
    80.0
    """
    if len(text) < 3 or text.isascii():
        return None
    window = len(text) + max(2, len(text) - 1)
    best: int | None = None
    for start, ch in enumerate(chars):
        if ch != text[0]:
            continue
        pos = start
        for want in text[1:]:
            pos = chars.find(want, pos + 1, start + window)
            if pos < 0:
                break
        else:
            span = pos - start + 1
            best = span if best is None else min(best, span)
    return None if best is None else max(FUZZY_HAN, 100.0 - 5.0 * (best - len(text)))
