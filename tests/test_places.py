"""places: where a text names places, found as a regex of every name, longest first, finds them."""

from __future__ import annotations

import re
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from taishan.ingest.places import mentions, names_in, table


@cache
def every_name() -> re.Pattern[str]:
    """The plain way to find the names, which `names_in` is a quicker form of."""
    return re.compile("|".join(re.escape(n) for n in sorted(table().by_name, key=len, reverse=True)))


def names() -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(table().by_name))


# texts of place names run together, cut short and mixed with other words, where overlaps and
# prefixes of names (广东 / 广东省, 深圳市光明区) meet
texts = st.lists(
    st.one_of(
        names(),
        names().map(lambda n: n[:-1]),
        names().map(lambda n: n[1:]),
        st.sampled_from("省市区县，的年5"),
    ),
    max_size=12,
).map("".join)


@settings(deadline=None)  # the first example compiles the regex of 3,470 names
@given(texts)
def test_names_are_found_as_a_regex_of_every_name_finds_them(text: str) -> None:
    assert list(names_in(text)) == [(m.start(), m.group()) for m in every_name().finditer(text)]


def test_names_at_the_end_of_a_text_and_one_inside_another() -> None:
    assert names_in("在广东") == ((1, "广东"),)
    assert names_in("广东省深圳市光明区") == ((0, "广东省"), (3, "深圳市"), (6, "光明区"))
    assert [p.name for _, _, p in mentions("佛山市南海区")] == ["佛山市", "南海区"]


def test_short_names_count_only_for_the_places_given_as_a_list_or_a_set() -> None:
    guangdong = [p for p in table().places if p.code.startswith("44")]
    for shorts in (guangdong, set(guangdong), frozenset(guangdong)):
        assert [p.name for _, _, p in mentions("佛山GDP增长", shorts)] == ["佛山市"]
    assert mentions("长治久安", guangdong) == []
