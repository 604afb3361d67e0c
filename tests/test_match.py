"""One term against one field: exact, traditional, homophone and pinyin matches, and their quality."""

from __future__ import annotations

import sys
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taishan.query import match
from taishan.query.lexicon import readings
from taishan.query.match import (
    FUZZY_HAN,
    FUZZY_PINYIN,
    Field,
    best_penalty,
    homophones,
    partial_ratio,
    quality,
)
from taishan.query.parse import Unit

FIELD = Field.of("接待游客1439万人次，有客来", None)  # no keys: characters only
KEYED = Field.of(
    "油价上涨，接待游客1439万人次",
    "you jia shang zhang  jie dai you ke     wan ren ci",
)


@pytest.mark.parametrize(
    ("term", "field", "stage", "expected"),
    [
        ("游客", KEYED, 1, 1.0),
        ("遊客", KEYED, 1, 1.0),  # traditional, read as simplified
        ("油客", KEYED, 1, None),  # a homophone waits for stage 2
        ("油客", KEYED, 2, 0.8),  # one homophone in two characters
        ("有刻", KEYED, 2, 0.6),  # two
        ("油价", KEYED, 2, 1.0),  # exact beats the homophone 游价 would be
        ("客1439", KEYED, 1, 1.0),  # characters that are not Chinese match themselves
        ("客1438", KEYED, 2, None),
        ("客游", KEYED, 2, None),  # order counts
        ("游 客", KEYED, 1, 1.0),  # the space is no unit
        ("youke", KEYED, 1, 1.0),
        ("游ke", KEYED, 1, 1.0),
        ("jdyk", KEYED, 1, 0.4),
        ("油客", FIELD, 2, None),  # a field without keys has no syllables to hear
        ("有客", FIELD, 1, 1.0),
    ],
)
def test_quality(term: str, field: Field, stage: int, expected: float | None) -> None:
    assert quality(term, field, stage) == expected


def test_a_kept_quality_never_crosses_stages_for_chinese() -> None:
    """A field keeps a term's quality for the next stage only when the stage cannot change it."""
    field = Field.of("接待游客", "jie dai you ke")
    assert [quality("油客", field, s) for s in (1, 2, 1, 3)] == [None, 0.8, None, 0.8]
    assert len(field.qualities) == 2  # stage 3 reads Chinese as stage 2 does: the kept one
    assert [quality("youke", field, s) for s in (1, 2, 3)] == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        (Unit("han", "油", "油"), {"you"}),
        (Unit("han", "遊", "游"), {"you", "liu"}),  # the simplified form's readings
        (Unit("pinyin", "you"), set()),
        (Unit("char", "1"), set()),
    ],
)
def test_homophones(unit: Unit, expected: set[str]) -> None:
    assert set(homophones(unit, readings())) == expected
    assert set(homophones(unit, {})) == set()  # stage 1: no homophones


SYLLABLES = ("you", "ke", "zhang", "jie", "dai", "lv", "shang", "a", "er", "chuan")


@given(
    st.lists(st.sampled_from((*SYLLABLES, "")), min_size=1, max_size=8),
    st.text(alphabet="abcdeghijklnorsuvyz", min_size=1, max_size=7),
)
def test_the_spelling_prefilter_never_drops_a_match(tokens: list[str], letters: str) -> None:
    """Field.may_spell is a shortcut: where it says no, the full match finds nothing either."""
    text = "".join("游" if t else "1" for t in tokens)  # an empty token: a character read as itself
    field = Field.of(text, " ".join(tokens))
    units = (Unit("pinyin", letters.replace("v", "u")),)
    if not field.may_spell(units[0].text):
        field.may_spell = lambda _: True  # type: ignore[method-assign]
        assert best_penalty(units, field, 1) is None


@pytest.mark.parametrize("letters", ["youke", "yk", "jiedai", "kejied", "shangzh", "lu"])
def test_the_spelling_prefilter_lets_real_spellings_through(letters: str) -> None:
    field = Field.of("游客接待上涨绿", "you ke jie dai shang zhang lv")
    assert field.may_spell(letters)
    assert best_penalty((Unit("pinyin", letters),), field, 1) is not None


# -- typos: rapidfuzz's partial_ratio, worked out in Python where few windows can match -----------------

CUTOFFS = st.sampled_from([0.0, 50.0, FUZZY_HAN, FUZZY_PINYIN, 100.0])


def rapidfuzz_ratio(s1: str, s2: str, cutoff: float) -> float | None:
    from rapidfuzz import fuzz

    score = fuzz.partial_ratio(s1, s2)
    return score if score >= cutoff else None


def python_ratio(s1: str, s2: str, cutoff: float) -> float | None:
    """partial_ratio with the Python path taken whatever the number of windows."""
    with (
        mock.patch.object(match, "PYTHON_WINDOWS", 10**6),
        mock.patch.object(match, "_in_python", lambda: True),
    ):
        assert match._windows(*sorted((s1, s2), key=len)) is not None
        return partial_ratio(s1, s2, cutoff)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="接待游客景点各ab", max_size=24),
    st.text(alphabet="接待游客景点各ab", max_size=40),
    CUTOFFS,
)
def test_partial_ratio_is_rapidfuzzs_bit_for_bit(s1: str, s2: str, cutoff: float) -> None:
    """The same float (not only the same side of the cutoff): the score ranks the hits."""
    assert python_ratio(s1, s2, cutoff) == rapidfuzz_ratio(s1, s2, cutoff)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="jiedayuokgxz", min_size=1, max_size=14),
    st.text(alphabet="jiedayuokgxz\0", max_size=80),
    CUTOFFS,
)
def test_partial_ratio_agrees_on_pinyin_too(letters: str, spelled: str, cutoff: float) -> None:
    assert python_ratio(letters, spelled, cutoff) == rapidfuzz_ratio(letters, spelled, cutoff)


@pytest.mark.parametrize(
    ("needle", "hay", "python"),
    [
        ("景点接待游各", "全区主要景区景点接待游客1439万人次，同比增长65%", True),  # a Chinese typo
        ("规模以上工叶", "规模以上工业增加值增长8.5%，规上工业企业实现营业收入", True),
        ("jiedaiyuoke", "shangbannianquanquzhuyaojingqujingdianleijijiedaiyouke\0\0\0\0wanrenci", False),
    ],
)
def test_python_works_out_the_typos_with_few_windows(needle: str, hay: str, python: bool) -> None:
    """Few windows: Python; many (a pinyin term's letters stand everywhere): rapidfuzz."""
    assert (match._windows(*sorted((needle, hay), key=len)) is not None) == python
    assert partial_ratio(needle, hay, FUZZY_HAN) == rapidfuzz_ratio(needle, hay, FUZZY_HAN)


def test_a_process_past_its_python_budget_takes_rapidfuzz(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large store's many candidates, or a long session: past the budget, the import is cheaper."""
    monkeypatch.delitem(sys.modules, "rapidfuzz.fuzz", raising=False)  # as if not yet imported
    monkeypatch.setattr(match, "_spent", [0])
    assert match._in_python()
    calls = 0
    while match._in_python() and calls < match.PYTHON_BUDGET:
        partial_ratio("景点接待游各", "全区主要景区景点接待游客1439万人次，同比增长65%", FUZZY_HAN)
        calls += 1
    assert 1 < calls < match.PYTHON_BUDGET and match._spent[0] >= match.PYTHON_BUDGET
