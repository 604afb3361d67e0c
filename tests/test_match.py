"""One term against one field: exact, traditional, homophone and pinyin matches, and their quality."""

from __future__ import annotations

import pytest

from taishan.lexicon import readings
from taishan.match import Field, homophones, quality
from taishan.query import Unit

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
    assert [quality("油客", field, s) for s in (1, 2, 1)] == [None, 0.8, None]
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
