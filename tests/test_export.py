"""export.py: the Elasticsearch/OpenSearch `_bulk` body and the index mapping."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from taishan.export import KEYWORDS, NUMBERS, SEARCHED, bulk, mapping


def test_bulk_body_follows_the_documented_format(records: list[dict]) -> None:
    """NDJSON: an action line then its document, each one line, the body ending with a newline."""
    body = "".join(bulk(records, index="taishan"))
    assert body.endswith("\n")
    lines = body.split("\n")[:-1]
    assert len(lines) == 2 * len(records)
    for action_line, doc_line, record in zip(lines[::2], lines[1::2], records, strict=True):
        action, doc = json.loads(action_line), json.loads(doc_line)
        assert action == {"index": {"_index": "taishan", "_id": record["id"]}}
        assert doc["id"] == record["id"] and doc["subject"] == record["subject"]


def test_score_is_not_a_document_field() -> None:
    _, doc = bulk([{"id": "a", "score": 90.5, "value": 1}], index="i")
    assert json.loads(doc) == {"id": "a", "value": 1}


@given(st.text(), st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)))
def test_any_text_stays_one_line(text: str, value: float | None) -> None:
    lines = list(bulk([{"id": text, "subject": text, "value": value}], index="i"))
    assert all(line.count("\n") == 1 and line.endswith("\n") for line in lines)
    assert json.loads(lines[1])["subject"] == text


def test_mapping_analyses_searched_fields_by_pinyin() -> None:
    body = mapping()
    analyzers = body["settings"]["analysis"]["analyzer"]
    tokenizers = body["settings"]["analysis"]["tokenizer"]
    props = body["mappings"]["properties"]
    for name in SEARCHED:
        analyzer = props[name]["fields"]["pinyin"]["analyzer"]
        assert tokenizers[analyzers[analyzer]["tokenizer"]]["type"] == "pinyin"
    assert all(props[k]["type"] == "keyword" for k in KEYWORDS)
    assert {k: props[k]["type"] for k in NUMBERS} == NUMBERS
    json.dumps(body)  # serialisable as the body of PUT /INDEX


def test_every_stored_field_is_mapped(records: list[dict]) -> None:
    """A new field in the store needs a place in the mapping (else dynamic mapping guesses its type)."""
    mapped = set(mapping()["mappings"]["properties"])
    stored = {k for r in records for k in r} - {"keys"}
    assert stored <= mapped, stored - mapped
