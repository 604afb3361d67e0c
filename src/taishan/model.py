"""The typed facts the API hands out, and the one ordered list of a fact's fields.

`Fact` declares the contract's fields in the contract's order; the store's validator
(`store.validate`), the renderer (`render.FIELDS`) and `Fact.to_dict` all read that one declaration,
so a new field (`status`, `place`, a page) is one line here. A field with a default may be absent
from an older store; one without is required.

>>> Fact.from_record({"id": "a-001", "category": "经济", "topic": None, "subject": "游客", "value": 1439,
...     "unit": "万人次", "qualifier": None, "change": 65, "rank": None, "period": "上半年",
...     "text": "游客1439万人次", "line": 1, "report": "a"}, score=100).value
1439
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, get_args, get_type_hints

Number = int | float


@dataclass(frozen=True)
class Rank:
    """A ranking the report gives a figure (`列全市第二`: scope 全市, position 2)."""

    scope: str | None
    position: int | None
    text: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rank:
        return cls(scope=data.get("scope"), position=data.get("position"), text=data.get("text") or "")

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "position": self.position, "text": self.text}


@dataclass(frozen=True)
class Fact:
    """One figure (or statement) of a report; `score` is set on search hits only (0-100)."""

    id: str
    category: str
    topic: str | None
    subject: str
    value: Number | None
    unit: str | None
    qualifier: str | None
    change: Number | None
    rank: Rank | None
    period: str | None
    text: str
    line: int
    report: str
    status: str | None = None  # actual, estimate or target (absent from stores built before it)
    place: str | None = None  # the place the figure is about: its report's, unless the sentence names another
    page: int | None = None  # the PDF page `line` stands on (a report with pages only)
    source: str | None = None  # the report's container when not plain text: docx, pdf, html, markdown
    figure: str | None = None  # the figure as written in `text`
    score: float | None = field(default=None, compare=False, metadata={"hit": True})
    # a hit's matched characters, field -> [start, end) spans (Store.query(marks=True)); not output
    marks: dict[str, list[tuple[int, int]]] | None = field(
        default=None, compare=False, repr=False, metadata={"hit": True}
    )

    @classmethod
    def from_record(
        cls,
        record: dict[str, Any],
        score: float | None = None,
        marks: dict[str, list[tuple[int, int]]] | None = None,
    ) -> Fact:
        """A fact from a store record (its search keys left behind)."""
        values = {name: record.get(name, default) for name, default in _STORED}
        rank = values["rank"]
        values["rank"] = Rank.from_dict(rank) if isinstance(rank, dict) else None
        return cls(**values, score=None if score is None else round(score, 1), marks=marks)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the object `taishan query/list --format json` prints for this fact."""
        out = {name: getattr(self, name) for name in FIELDS}
        if self.rank is not None:
            out["rank"] = self.rank.to_dict()
        if self.score is not None:
            out["score"] = self.score
        return out


def _json_types(hint: Any) -> tuple[type, ...]:
    """The JSON types a store holds for an attribute of this type (`Rank | None`: dict or null)."""
    out: list[type] = []
    for t in get_args(hint) or (hint,):
        out.extend((dict,) if t is Rank else (int, float) if t is float else (t,))
    return tuple(dict.fromkeys(out))


def _schema() -> dict[str, tuple[tuple[type, ...], bool, Any]]:
    hints = get_type_hints(Fact)
    return {
        f.name: (
            _json_types(hints[f.name]),
            f.default is MISSING,
            None if f.default is MISSING else f.default,
        )
        for f in fields(Fact)
        if not f.metadata.get("hit")
    }


# name -> (JSON types, required, default when absent), in the contract's order: what the store holds
SCHEMA = _schema()
FIELDS: tuple[str, ...] = tuple(SCHEMA)  # the contract's order, then `figure`
_STORED = tuple((name, default) for name, (_, _, default) in SCHEMA.items())
