"""Questions about a loaded store that are not searches: one fact by id, its sentence, the sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from taishan.errors import NotFoundError
from taishan.store import Record


@dataclass
class Category:
    """A report section as it stands in the store: its heading, its facts, its topics in order."""

    name: str
    count: int = 0
    topics: dict[str, int] = field(default_factory=dict)  # topic -> number of facts, report order


def find(records: list[Record], fact_id: str) -> Record:
    """The fact with that id, or with the one id that ends in it (`…061`, `061`: a narrow table
    prints ids so); NotFoundError naming the fix when there is none, or several.

    >>> find([{"id": "taishan-2023h1-061"}], "…061")["id"]
    'taishan-2023h1-061'
    """
    for r in records:
        if r["id"] == fact_id:
            return r
    tail = fact_id.removeprefix("…").lstrip("-")
    ending = [r for r in records if tail and r["id"].endswith("-" + tail)]
    if len(ending) == 1:
        return ending[0]
    if ending:
        some = ", ".join(r["id"] for r in ending[:3]) + (", …" if len(ending) > 3 else "")
        raise NotFoundError(f"{len(ending)} ids end in {tail!r} ({some}): give more of the id")
    raise NotFoundError(f"no fact has id {fact_id!r}: `taishan list --fields id,subject` shows the ids")


def same_sentence(records: list[Record], record: Record) -> list[Record]:
    """The other facts drawn from the sentence `record` was drawn from, in report order.

    Not by line: a sentence may run over several lines, and each fact has the line of its figure.
    """
    key = (record["report"], record["text"])
    return [r for r in records if (r["report"], r["text"]) == key and r["id"] != record["id"]]


def categories(records: list[Record]) -> list[Category]:
    """Every section with its number of facts, in report order (several reports: first seen first).

    >>> [(c.name, c.count) for c in categories([{"category": "A", "topic": None}] * 2)]
    [('A', 2)]
    """
    out: dict[str, Category] = {}
    for r in records:
        cat = out.setdefault(r["category"], Category(r["category"]))
        cat.count += 1
        if r["topic"]:
            cat.topics[r["topic"]] = cat.topics.get(r["topic"], 0) + 1
    return list(out.values())
