"""Search keys: pinyin per character, read as the phrase reads it, built once at build time."""

from __future__ import annotations

import pytest

from taishan.keys import pinyin_tokens, search_keys
from taishan.store import Record


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("楼长", ["lou", "zhang"]),  # polyphone read as the phrase reads it
        ("增长", ["zeng", "zhang"]),
        ("绿色", ["lv", "se"]),
        ("Yue泰山", ["y", "u", "e", "tai", "shan"]),
        ("12.5亿元", ["1", "2", ".", "5", "yi", "yuan"]),
        ("", []),
    ],
)
def test_pinyin_tokens_align_with_characters(text: str, tokens: list[str]) -> None:
    assert pinyin_tokens(text) == tokens


def test_search_keys_cover_every_searchable_field() -> None:
    keys = search_keys({"subject": "游客", "text": "接待游客", "topic": None, "category": "经济", "id": "x"})
    assert keys == {"subject": ["you", "ke"], "text": ["jie", "dai", "you", "ke"], "category": ["jing", "ji"]}


def test_every_record_has_aligned_keys(records: list[Record]) -> None:
    for r in records:
        for field, tokens in r["keys"].items():
            assert len(tokens) == len(r[field])
