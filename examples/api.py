"""A script over taishan's Python API: CI type-checks it with `mypy --strict` against the installed
package (so `py.typed` and the API's annotations are what a user's checker sees)."""

from __future__ import annotations

import taishan


def growth(terms: str) -> list[tuple[str, float]]:
    """The year-on-year changes of the best matches, largest first."""
    store: taishan.Store = taishan.open_store()
    return [(f.subject, f.change) for f in store.changes(terms, limit=5) if f.change is not None]


def main() -> None:
    store = taishan.open_store()
    hits: list[taishan.Fact] = store.query("游客", limit=3, category="经济")
    for fact in hits:
        rank: taishan.Rank | None = fact.rank
        print(fact.id, fact.value, fact.unit, fact.change, fact.score, rank and rank.position)
    big = store.facts(unit="亿元", min_value="10亿", sort="value")
    print(len(big), [c.name for c in store.categories()], store.get(hits[0].id).to_dict()["line"])
    print(growth("增长"))
    try:
        store.get("no-such-id")
    except taishan.NotFoundError as e:
        print(e)


if __name__ == "__main__":
    main()
