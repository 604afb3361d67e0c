"""Query terms -> scored facts. (First cut: exact substring match; pinyin and fuzzy come next.)"""

from __future__ import annotations

from dataclasses import dataclass

from taishan.store import Record


@dataclass(frozen=True)
class Hit:
    score: float
    record: Record


def search(records: list[Record], terms: list[str]) -> list[Hit]:
    """Facts matching every term, best first; ties keep report order."""
    terms = [t for t in (t.strip() for t in terms) if t]
    if not terms:
        return []
    hits = []
    for r in records:
        scores = []
        for term in terms:
            if term in r["subject"]:
                scores.append(100.0)
            elif term in r["text"]:
                scores.append(90.0)
            else:
                break
        else:
            hits.append(Hit(min(scores), r))
    return sorted(hits, key=lambda h: -h.score)
