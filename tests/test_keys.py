"""Search keys: pinyin per character, read as the phrase reads it, built once at build time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taishan.ingest.pipeline import bundled_report
from taishan.keys import _words, decode, encode, pinyin_tokens, search_keys
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
    assert keys == {"subject": "you ke", "text": "jie dai you ke", "category": "jing ji"}


@pytest.mark.parametrize("text", ["楼长4853名", "Yue 泰山，〇二", "12.5亿元（同比）", "", "  "])
def test_encoded_keys_round_trip(text: str) -> None:
    tokens = pinyin_tokens(text)
    assert decode(text, encode(text, tokens)) == tokens


def test_reading_a_text_in_chunks_equals_reading_it_whole(records: list[Record]) -> None:
    """Pinyin is cached per run of Chinese characters: a run reads alike wherever it stands."""
    from pypinyin import Style, lazy_pinyin

    for r in records[:60]:
        whole = [
            t.lower() for t in lazy_pinyin(r["text"], style=Style.NORMAL, errors=lambda s: list(s.lower()))
        ]
        assert pinyin_tokens(r["text"]) == whole


def test_every_record_has_aligned_keys(records: list[Record]) -> None:
    for r in records:
        for field, key in r["keys"].items():
            tokens = decode(r[field], key)
            assert tokens is not None and len(tokens) == len(r[field])


def phrases() -> st.SearchStrategy[str]:
    from pypinyin.constants import PHRASES_DICT

    return st.sampled_from(sorted(PHRASES_DICT)[::50])


# runs of pypinyin's phrases, their beginnings and ends, single characters, digits and marks: where
# forward maximum matching meets prefixes that are no phrase (现在 begins 现在时) and runs that end
# inside a phrase
mixed = st.lists(
    st.one_of(
        phrases(),
        phrases().map(lambda p: p[:-1]),
        phrases().map(lambda p: p[1:]),
        st.sampled_from(["现在", "工作", "增长", "长", "行", "5%", "，", "—", "〇", "Ａ", " "]),
    ),
    max_size=10,
).map("".join)


@settings(deadline=None)  # the first example loads pypinyin's dictionaries
@given(mixed)
def test_words_are_pypinyins_own_segmentation(text: str) -> None:
    from pypinyin.core import Pinyin

    assert _words(text) == [w for w in Pinyin().seg(text) if w]  # '': pypinyin gives one empty word


@settings(deadline=None)
@given(mixed)
def test_a_fields_key_is_its_tokens_encoded(text: str) -> None:
    assert search_keys({"text": text}).get("text") == (encode(text, pinyin_tokens(text)) if text else None)


def test_every_line_of_the_bundled_report_is_segmented_as_pypinyin_does() -> None:
    from pypinyin.core import Pinyin

    for line in bundled_report().read_text(encoding="utf-8").splitlines():
        assert _words(line) == [w for w in Pinyin().seg(line) if w], line
