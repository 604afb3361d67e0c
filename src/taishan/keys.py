"""Search keys computed at build time, so that a query never imports pypinyin.

Each key is a list with one entry per character of the text it describes: the character's
toneless pinyin (ü as `v`) read with pypinyin's phrase dictionary, so 楼长 is `lou zhang` and
增长 `zeng zhang`; any other character stands for itself, lower-cased.
"""

from __future__ import annotations


def pinyin_tokens(text: str) -> list[str]:
    """>>> pinyin_tokens("楼长4853名")
    ['lou', 'zhang', '4', '8', '5', '3', 'ming']
    """
    from pypinyin import Style, lazy_pinyin  # slow import (~0.4 s): build time only

    tokens = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chunk: list(chunk.lower()))
    if len(tokens) != len(text):  # never seen; keep the alignment the search relies on
        return [ch.lower() for ch in text]
    return [t.lower() for t in tokens]


def search_keys(subject: str, text: str) -> dict[str, list[str]]:
    """The pinyin of a fact's subject and of its sentence, aligned character by character."""
    return {"subject": pinyin_tokens(subject), "text": pinyin_tokens(text)}
