"""Facts as Elasticsearch/OpenSearch bulk documents, with an index mapping that searches by pinyin.

Beyond one machine, a store goes into a search cluster: `bulk` writes the newline-delimited body
the `_bulk` API takes (an action line, then the document, each one line of JSON, the body ending
with a newline), and `mapping` the index's settings and mappings, which analyse the fields people
search with the analysis-pinyin plugin (`pinyin` tokenizer: full syllables, initials, the original
characters), so `youke` and `yk` find 游客 there as they do here.

>>> lines = list(bulk([{"id": "r-1", "subject": "游客", "value": 1439}], index="facts"))
>>> lines
['{"index":{"_index":"facts","_id":"r-1"}}\\n', '{"id":"r-1","subject":"游客","value":1439}\\n']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from taishan.errors import UsageError

# fields people search in words: analysed by characters and by pinyin
SEARCHED = ("subject", "text", "topic", "category")
# fields scripts filter or sort on: exact or numeric
KEYWORDS = ("id", "report", "unit", "qualifier", "period", "status", "place", "figure")
NUMBERS = {"value": "double", "change": "double", "line": "integer"}


def mapping() -> dict[str, Any]:
    """The body of `PUT /INDEX` for the facts: settings with a pinyin analyzer, then the mappings."""
    text_field = {
        "type": "text",
        "analyzer": "standard",  # one token a Chinese character: any run of characters matches
        "fields": {"pinyin": {"type": "text", "analyzer": "taishan_pinyin"}},
    }
    properties: dict[str, Any] = {name: dict(text_field) for name in SEARCHED}
    properties.update({name: {"type": "keyword"} for name in KEYWORDS})
    properties.update({name: {"type": kind} for name, kind in NUMBERS.items()})
    properties["rank"] = {
        "properties": {
            "scope": {"type": "keyword"},
            "position": {"type": "integer"},
            "text": {"type": "keyword"},
        }
    }
    return {
        "settings": {
            "analysis": {
                "analyzer": {"taishan_pinyin": {"tokenizer": "taishan_pinyin"}},
                "tokenizer": {
                    "taishan_pinyin": {
                        "type": "pinyin",  # the analysis-pinyin plugin
                        "keep_full_pinyin": True,  # 游客 -> you, ke
                        "keep_joined_full_pinyin": True,  # -> youke
                        "keep_first_letter": True,  # -> yk
                        "keep_original": True,  # -> 游客
                        "keep_none_chinese": True,  # GDP, 2023
                        "limit_first_letter_length": 32,
                        "lowercase": True,
                        "remove_duplicated_term": True,
                    }
                },
            }
        },
        "mappings": {"dynamic": True, "properties": properties},
    }


def check_index_name(name: str) -> None:
    """UsageError unless `name` is a valid index name: lower case, none of `\\/*?"<>| ,#:`, not
    starting with `-`, `_` or `+`, not `.` or `..`, at most 255 bytes (Elasticsearch's rules)."""
    bad = set('\\/*?"<>| ,#:') & set(name)
    if (
        not name
        or bad
        or name != name.lower()
        or name[0] in "-_+"
        or name in (".", "..")
        or len(name.encode()) > 255
    ):
        why = f"{sorted(bad)[0]!r} is not allowed" if bad else "use lower case, not starting with - _ +"
        raise UsageError(f"--index: {name!r} is not a valid index name ({why})")


def bulk(facts: Iterable[dict[str, Any]], index: str) -> Iterator[str]:
    """The `_bulk` body for `facts` (each as `--format json` prints it), one line at a time.

    Each fact's id is its document id, so loading the same store twice replaces, never duplicates.
    """
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for fact in facts:
        yield dump({"index": {"_index": index, "_id": fact["id"]}}) + "\n"
        yield dump({k: v for k, v in fact.items() if k != "score"}) + "\n"
