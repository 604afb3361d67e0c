"""Search keys computed at build time, so that a query never imports pypinyin.

Each key is a list with one entry per character of the text it describes: the character's
toneless pinyin (ü as `v`) read with pypinyin's phrase dictionary, so 楼长 is `lou zhang` and
增长 `zeng zhang`; any other character stands for itself, lower-cased. A query derives initials
(`gdzctz`) and run-together pinyin from these, so they are not stored.
"""

from __future__ import annotations

KEYED_FIELDS = ("subject", "text", "topic", "category")


def pinyin_tokens(text: str) -> list[str]:
    """One toneless pinyin token per character.

    >>> pinyin_tokens("楼长4853名")
    ['lou', 'zhang', '4', '8', '5', '3', 'ming']
    """
    from pypinyin import Style, lazy_pinyin  # slow import (~0.4 s): build time only

    def spell(chunk: str) -> list[str]:
        return list(chunk.lower())

    tokens = lazy_pinyin(text, style=Style.NORMAL, errors=spell)  # type: ignore[arg-type]
    if len(tokens) != len(text):  # never seen; keep the alignment the search relies on
        return [ch.lower() for ch in text]
    return [t.lower() for t in tokens]


def search_keys(fields: dict[str, str | None]) -> dict[str, list[str]]:
    """The pinyin of each searchable field of a fact, aligned character by character.

    >>> search_keys({"subject": "游客", "topic": None})
    {'subject': ['you', 'ke']}
    """
    return {name: pinyin_tokens(text) for name, text in fields.items() if name in KEYED_FIELDS and text}
