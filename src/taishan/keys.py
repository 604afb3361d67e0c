"""Search keys computed at build time, so that a query never imports pypinyin.

A field's key holds one entry per character of its text: the character's toneless pinyin (ü as
`v`) read with pypinyin's phrase dictionary, so 楼长 is `lou zhang` and 增长 `zeng zhang`; any
other character stands for itself, lower-cased. A query derives initials (`gdzctz`) and
run-together pinyin from these, so they are not stored.

In the store a key is one string, its entries joined by spaces, an entry that is just the
character itself left empty (`encode`): a third of the size of a JSON list, and a store loads
that much faster.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

KEYED_FIELDS = ("subject", "text", "topic", "category")
# Never read as Chinese by pypinyin: ASCII, CJK punctuation (but 〇), full-width forms. Splitting
# a text there changes nothing pypinyin reads, and lets a chunk's reading be reused.
_NOT_HAN = re.compile("([\x00-\x7f\u3000-\u3006\u3008-\u303f\uff00-\uffef]+)")


@lru_cache(maxsize=1 << 16)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    """A Chinese run's tokens: pypinyin's own segmentation, each word read once per build (cached).
    Reading word by word gives what `lazy_pinyin(chunk)` gives, as pypinyin reads word by word too,
    but a word's style conversion (the bulk of its cost) is paid once, not at every occurrence."""
    tokens: list[str] = []
    for word in _words(chunk):
        tokens.extend(_word_tokens(word))
    if len(tokens) != len(chunk):  # never seen; keep the alignment the search relies on
        return tuple(ch.lower() for ch in chunk)
    return tuple(tokens)


@lru_cache(maxsize=1 << 18)
def _word_tokens(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # slow import (~0.2 s): build time only

    def spell(part: str) -> list[str]:
        return list(part.lower())

    return tuple(t.lower() for t in lazy_pinyin(word, style=Style.NORMAL, errors=spell))  # type: ignore[arg-type]


@lru_cache(maxsize=1 << 16)
def _chunk_key(chunk: str) -> str:
    """A Chinese run's part of an encoded key (`encode`)."""
    return " ".join("" if t == ch.lower() else t for ch, t in zip(chunk, _chunk_tokens(chunk), strict=True))


def _words(text: str) -> list[str]:
    """pypinyin's segmentation of a text (`Pinyin().seg`), done as it does it, in its strict mode:
    a run of characters it reads is cut by forward maximum matching into its phrases, a character
    that starts none is a word alone, and a rest of the run that only begins a phrase is spelled
    out; any other run is one word. Its own code tests each character with a regex and slices the
    text at every word; this, the bulk of a build's pinyin, costs a third as much here.

    >>> _words("规上工业增加值增长5%")
    ['规', '上工', '业', '增', '加', '值', '增长', '5%']
    """
    hans, prefixes, phrases = _dictionary()
    words: list[str] = []
    for i, run in enumerate(hans.split(text)):
        if i % 2 == 0:  # not read as Chinese: one word, as pypinyin takes it
            if run:
                words.append(run)
            continue
        at = 0
        while at < len(run):
            if run[at : at + 2] not in prefixes:  # no phrase goes on from here (most characters): alone
                words.append(run[at])
                at += 1
                continue
            end, phrase = at + 1, 0
            while end <= len(run) and run[at:end] in prefixes:
                if run[at:end] in phrases:
                    phrase = end  # the longest phrase so far
                end += 1
            if phrase:
                words.append(run[at:phrase])
                at = phrase
            elif end > len(run):  # the rest begins a phrase but holds none: pypinyin spells it out
                words.extend(run[at:])
                break
            else:
                words.append(run[at])
                at += 1
    return words


@lru_cache(maxsize=1)
def _dictionary() -> tuple[re.Pattern[str], frozenset[str], Collection[str]]:
    """The runs pypinyin reads as Chinese (its RE_HANS, unanchored), every prefix of its phrases
    (what its segmenter matches against: 87,000 strings, made in 30 ms) and the phrases."""
    from pypinyin.constants import PHRASES_DICT, RE_HANS

    hans = re.compile("(" + RE_HANS.pattern.removeprefix("^").removesuffix("$") + ")")
    return hans, frozenset(w[:i] for w in PHRASES_DICT for i in range(1, len(w) + 1)), PHRASES_DICT


def pinyin_tokens(text: str) -> list[str]:
    """One toneless pinyin token per character; each Chinese run is read once per build (cached).

    >>> pinyin_tokens("楼长4853名")
    ['lou', 'zhang', '4', '8', '5', '3', 'ming']
    """
    tokens: list[str] = []
    for i, part in enumerate(_NOT_HAN.split(text)):
        if i % 2:
            tokens.extend(ch.lower() for ch in part)
        elif part:
            tokens.extend(_chunk_tokens(part))
    return tokens


def encode(text: str, tokens: list[str]) -> str | None:
    """Tokens as one string, an entry equal to its lower-cased character left empty.

    >>> encode("游客12", ["you", "ke", "1", "2"])
    'you ke  '
    """
    if len(tokens) != len(text):
        return None
    return " ".join("" if t == ch.lower() else t for ch, t in zip(text, tokens, strict=True))


def decode(text: str, key: str | list[str] | None) -> list[str] | None:
    """The tokens `encode` wrote (a list, as older stores hold it, passes through); None if unaligned.

    >>> decode("游客12", "you ke  ")
    ['you', 'ke', '1', '2']
    """
    if key is None or isinstance(key, list):
        return key
    parts = key.split(" ") if text else []
    if len(parts) != len(text):
        return None
    return [p or ch.lower() for ch, p in zip(text, parts, strict=True)]


def search_keys(fields: dict[str, str | None]) -> dict[str, str]:
    """The encoded pinyin of each searchable field of a fact.

    >>> search_keys({"subject": "游客", "topic": None})
    {'subject': 'you ke'}
    """
    out: dict[str, str] = {}
    for name, text in fields.items():
        if name in KEYED_FIELDS and text:
            out[name] = _key(text)
    return out


@lru_cache(maxsize=1 << 12)
def _key(text: str) -> str:
    """A field's encoded key (`encode(text, pinyin_tokens(text))`), made of its chunks' keys, and
    kept a while: a sentence's facts share its text, a section's facts their category and topic.

    >>> _key("楼长4853名")
    'lou zhang     ming'
    """
    parts = []
    for i, part in enumerate(_NOT_HAN.split(text)):
        if part:  # a run not read as Chinese: each character stands for itself, an empty entry
            parts.append(" " * (len(part) - 1) if i % 2 else _chunk_key(part))
    return " ".join(parts)
