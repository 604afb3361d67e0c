"""A searchable document: the fields a fact (or a category heading) is searched by, built once.

The matcher (search.py) scores a query against these; the index (index.py) holds grams of the same
fields, so both read `SEARCHED` and `searched` here rather than one borrowing the other's internals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from taishan.query.match import Field
from taishan.store import Record

SEARCHED = ("subject", "text", "topic")  # the fields a fact is searched by, the strongest first

Memo = dict[tuple[str, str], Field]
CLAUSE_END = re.compile("[，；。！？,;]")


class Doc:
    """A document's fields by name, where its figure stands in its sentence (-1: none), and its
    figure's and ranking's own words (a query for `1439` or `第一` is about the fact that holds them),
    and its place in the store (any number that grows with store order: ties keep report order).

    `memo` shares the fields that documents have in common, as the facts cut from one sentence
    share the sentence, so each is built (and its match caches filled) once.
    """

    __slots__ = ("fields", "figure", "figure_at", "position", "rank")

    def __init__(
        self,
        fields: dict[str, Field],
        figure_at: int = -1,
        figure: str = "",
        rank: str = "",
        position: int = 0,
    ) -> None:
        self.fields = fields
        self.position = position
        self.figure_at = figure_at
        self.figure = figure
        self.rank = rank

    @classmethod
    def of_record(cls, record: Record, memo: Memo | None = None, position: int = 0) -> Doc:
        keys: Mapping[str, Any] = record.get("keys") or {}
        fields = {name: _field(record[name], keys.get(name), memo) for name in searched(record)}
        figure = (record.get("figure") or "").lower()
        figure_at = (record.get("text") or "").lower().find(figure) if figure else -1
        return cls(fields, figure_at, figure, ranking(record), position)

    @classmethod
    def of_heading(cls, name: str, key: Any) -> Doc:
        """A category heading, searched like a fact's subject (`--category jingji`)."""
        return cls({"subject": Field.of(name, key)})

    def nearness(self, term: str, chars: str) -> float:
        """1 where a term found as written stands at the fact's figure, down to 0 a sentence away:
        of the facts a long sentence holds, the one the words are about ranks first."""
        needle = term.lower()
        if self.figure_at < 0 or not needle:
            return 0.0
        gaps = []
        at = chars.find(needle)
        while at >= 0:
            # words after the figure, past a clause's end, belong to the next clause's figure
            if at < self.figure_at or not CLAUSE_END.search(chars, self.figure_at, at):
                gaps.append(abs(at - self.figure_at))
            at = chars.find(needle, at + 1)
        return 1.0 - min(1.0, min(gaps) / max(len(chars), 1)) if gaps else 0.0


def _field(text: str, key: Any, memo: Memo | None) -> Field:
    if memo is None or not isinstance(key, str):
        return Field.of(text, key)
    field = memo.get((text, key))
    if field is None:
        field = memo[(text, key)] = Field.of(text, key)
    return field


def searched(record: Record) -> list[str]:
    """The names of the fields a record is searched by (the index holds grams of these only)."""
    return [
        name for name in SEARCHED if record.get(name) and not (name == "text" and _clause_statement(record))
    ]


def _clause_statement(record: Record) -> bool:
    """A statement cut from a sentence with figures (`岱银集团获批国家级绿色工厂`) is found by its
    own words; its sentence's other words belong to the facts beside it."""
    return record.get("figure") is None and record.get("subject") != record.get("text")


def ranking(record: Record) -> str:
    """A fact's ranking as its own words, lower case: the clause after its figure up to the ranking
    (`总量、增幅均居县（市、区）第一`), else the ranking's text; "" without one. The index keeps these
    words as the fact's own, so both paths agree on them."""
    rank = record.get("rank")
    said = (rank.get("text") or "").lower() if isinstance(rank, dict) else ""
    figure = (record.get("figure") or "").lower()
    text = (record.get("text") or "").lower()
    figure_at = text.find(figure) if figure else -1
    if said and figure_at >= 0:
        after = figure_at + len(figure)
        at = text.find(said, after)
        if at > after:
            starts = [m.end() for m in CLAUSE_END.finditer(text, after, at)]
            return text[starts[-1] if starts else after : at + len(said)]
    return said
