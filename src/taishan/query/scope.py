"""Which reports and places a command is about: `--report`, `--place`, `--year`, and the place or year
words of a query (`泰山区 社零`, `广东 地方一般公共预算收入`, `2022年 GDP`).

A place word names a place of the store (the report's own or one its facts are about) by its full
name or its name without 省/市/区/县/自治区 …; it keeps the facts about that place and the places
within it (广东: 广东省, 深圳市, 光明区 …), by their division codes. A year keeps the reports whose
figures are of that year (else those whose targets are). A word that names nothing of the store
stays a search word, to be found in the sentences.

>>> names("广东", "广东省"), names("广西", "广西壮族自治区"), names("东", "广东省")
(True, True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from taishan.errors import UsageError
from taishan.query.filters import Filters
from taishan.store import Record

# what a place's name may add to the name people call it by
# compiled on first use (functools.cache): a plain query never needs them, and compiling the CJK
# ranges costs ~1.5 ms of every start-up
SUFFIX = r"(?:[\u4e00-\u9fff]{0,6}?自治[区州县旗]|特别行政区|地区|省|市|区|县|盟|州|旗)"


@cache
def pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


YEAR = re.compile(r"((?:19|20)\d\d)年?(上半年|下半年|前三季度|一季度|三季度|全年)?")
YEAR_FIRST = re.compile(r"((?:19|20)\d\d)年(\D.*)")  # 2022年GDP: a year, then the words


def names(word: str, place: str) -> bool:
    """Does `word` name `place`: its full name, or the name less its suffix (two characters or more)?"""
    if word == place:
        return True
    return (
        len(word) >= 2
        and place.startswith(word)
        and pattern(SUFFIX).fullmatch(place[len(word) :]) is not None
    )


def _prefix(code: str) -> str:
    if code[2:].strip("0") == "":
        return code[:2]
    if code[4:].strip("0") == "":
        return code[:4]
    return code[:6] if code[6:].strip("0") == "" else code


def store_places(reports: list[Record]) -> dict[str, str | None]:
    """Every place the store's facts are about, with its division code where known (not to be
    changed: the last list's are kept, as a query asks for them once a word and a word's beginning)."""
    if _PLACES and _PLACES[0] is reports and _PLACES[1] == len(reports):
        return _PLACES[2]  # type: ignore[no-any-return]
    out: dict[str, str | None] = {}
    for row in reports:
        got = row.get("places")
        if isinstance(got, dict):
            for name, code in got.items():
                if isinstance(name, str) and (out.get(name) is None):
                    out[name] = code if isinstance(code, str) else None
        if isinstance(row.get("place"), str) and row["place"] not in out:
            out[row["place"]] = row.get("code") if isinstance(row.get("code"), str) else None
    _PLACES[:] = [reports, len(reports), out]  # the list itself held: its id names no other
    return out


_PLACES: list[Any] = []  # the reports list store_places last read, and its places


def _spelled(letters: str, reports: list[Record]) -> list[str]:
    """The store's places one of whose names in pinyin (ingest/meta.place_pinyin) is `letters`, in
    the order the reports first name them: a scan, no table of every place's forms built (a store
    of 1,755 reports spent 37 ms a query building one)."""
    out: dict[str, None] = {}
    for row in reports:
        got = row.get("pinyin")
        if isinstance(got, dict):
            out.update(
                (name, None) for name, forms in got.items() if isinstance(forms, list) and letters in forms
            )
    return list(out)


def places_named(word: str, reports: list[Record], inside: bool = True) -> frozenset[str]:
    """The store's places that `word` names, in characters or in pinyin (`guangdong`, `tai3shan1`),
    with (`inside`) the places within them."""
    known = store_places(reports)
    named = [p for p in known if names(word, p)]
    if not named and word.isascii() and len(letters := re.sub(r"[^a-z]", "", word.lower())) >= 4:
        named = [p for p in _spelled(letters, reports) if p in known]
    if not named or not inside:
        return frozenset(named)
    prefixes = [_prefix(c) for p in named if (c := known[p])]
    within = {p for p, c in known.items() if c and any(c.startswith(x) for x in prefixes)}
    return frozenset(named) | within


def named_places(terms: Iterable[str], reports: list[Record]) -> frozenset[str]:
    """The store's places the query's words name themselves, whole or as a word's beginning
    (深圳 in `深圳 GDP`; 泰山区 in `泰山区社零`), not the places within them."""
    words = [w for t in terms for w in t.split()]
    known = store_places(reports)
    spelled = {w: places_named(w, reports) for w in words if w.isascii()}  # pinyin: whole words
    return frozenset(
        p
        for p in known
        for w in words
        if any(names(w[:cut], p) for cut in range(len(w), 1, -1))
        or (p in spelled.get(w, ()) and not any(p != q and _within(p, q, known) for q in spelled[w]))
    )


def _within(inner: str, outer: str, known: dict[str, str | None]) -> bool:
    """Is `inner` a place inside `outer`, by their division codes?"""
    a, b = known.get(inner), known.get(outer)
    return bool(a and b and a != b and a.startswith(_prefix(b)))


def says(record: Record, places: Iterable[str], of_figure: bool = False) -> bool:
    """Does the fact's sentence name one of the places, in full or less its suffix (光明区, 光明)?
    With `of_figure`, in its figure's own clause, as what the figure is of (`佛山外贸进出口总值达
    4757.9亿元`, not `赴北京、深圳等地开展招商活动80次，…合同引资额213.9亿元` nor `…4座GDP万亿城市，
    在数量上与江苏比肩`); a statement, which has no figure, does not."""
    text = record.get("text") or ""
    if of_figure:
        figure = record.get("figure") or ""
        at = text.find(figure) if figure else -1
        if at < 0:
            return False
        text = re.split(r"[，,。；;！？]", text[:at])[-1]
    return any(
        p in text or (len(s) >= 2 and s in text) for p in places for s in (pattern(SUFFIX).sub("", p),)
    )


def unheld(terms: Iterable[str], reports: list[Record]) -> list[str]:
    """The query's words naming a division of China (data/places.tsv: 杭州, 兰州市) that is none of
    the store's places, whole or as a word's beginning (杭州GDP): the facts that answer must say it,
    as no fact is about it (a place word may otherwise go unmatched: search.py's relaxed rule)."""
    from taishan.query.lexicon import is_division

    out = []
    for word in (simplified(w) for t in terms for w in t.split()):
        if word.isascii() or places_named(word, reports):
            continue
        # a two-character district (城区, 矿区) is a common word, as ingest/places reads it
        cut = next(
            (
                n
                for n in range(min(len(word), 8), 1, -1)
                if is_division(word[:n]) and not (n == 2 and word[1] == "区")
            ),
            0,
        )
        if cut and not places_named(word[:cut], reports):
            out.append(word[:cut])
    return out


def without(words: Iterable[str], places: Iterable[str]) -> list[str]:
    """The words less the place names they begin with (杭州GDP -> GDP; 杭州 -> nothing)."""
    out = []
    for word in words:
        cut = next(
            (len(p) for p in sorted(places, key=len, reverse=True) if simplified(word).startswith(p)), 0
        )
        if word[cut:]:
            out.append(word[cut:])
    return out


def named_year(terms: Iterable[str]) -> int | None:
    """The year a query's words name (`2022年`, `2022`), if one does."""
    for word in (w for t in terms for w in t.split()):
        m = YEAR.fullmatch(word)
        if m:
            return int(m.group(1))
    return None


def reports_of_year(year: int, reports: list[Record]) -> frozenset[str]:
    of = frozenset(r["id"] for r in reports if r.get("year") == year)
    return of or frozenset(r["id"] for r in reports if r.get("target_year") == year)


def resolve(
    reports: list[Record], report: str | None, place: str | None, year: int | None, base: Filters
) -> Filters:
    """`base` narrowed to the options' reports and places; UsageError when one names nothing."""
    ids: frozenset[str] | None = base.reports
    places = base.places
    if report is not None:
        known = [r["id"] for r in reports]
        chosen = frozenset(r for r in known if r == report.strip())
        if not chosen:
            raise UsageError(f"--report: no report has id {report!r} (`taishan reports` lists them)")
        ids = chosen if ids is None else ids & chosen
    if year is not None:
        chosen = reports_of_year(year, reports)
        ids = chosen if ids is None else ids & chosen
    if place is not None:
        if not place.strip():
            raise UsageError("--place must not be empty (leave it out to keep every fact)")
        chosen = places_named(place.strip(), reports)
        places = chosen if places is None else places & chosen
    return base._replace(reports=ids, places=places)


def narrow(terms: Iterable[str], reports: list[Record], base: Filters) -> tuple[list[str], Filters]:
    """The query's words less those that name a place or a year of the store, and `base` narrowed
    to what they name. A word may begin with a place (`泰山区社零`). Words that name nothing stay.
    """
    words = [simplified(w) for t in terms for w in t.split()]
    if not reports or (
        len(words) < 2 and not any(_leading_place(w, reports)[0] or YEAR_FIRST.fullmatch(w) for w in words)
    ):
        return list(terms), base
    kept: list[str] = []
    periods: list[tuple[int, str]] = []
    places = base.places
    ids = base.reports
    for word in words:
        # a place in a question is that place, not the places within it: a city's GDP is not one
        # of its districts' (the --place option, a filter for browsing, keeps the places within)
        named, rest = _leading_place(word, reports, inside=False)
        year = YEAR.fullmatch(word)
        glued = YEAR_FIRST.fullmatch(word)
        if glued and not year and reports_of_year(int(glued.group(1)), reports):  # 2022年GDP
            chosen = reports_of_year(int(glued.group(1)), reports)
            ids = chosen if ids is None else ids & chosen
            word = glued.group(2)
            named, rest = _leading_place(word, reports, inside=False)
        if named and (rest or len(words) > 1):
            places = named if places is None else places & named
            if rest:
                kept.append(rest)
        elif word in PERIODS and len(words) > 1:  # 上半年 光明区 GDP: the period narrows, if it can
            periods.append((len(kept), word))
        elif year and reports_of_year(int(year.group(1)), reports):
            chosen = reports_of_year(int(year.group(1)), reports)
            ids = chosen if ids is None else ids & chosen
            if year.group(2):
                periods.append((len(kept), year.group(2)))
        else:
            kept.append(word)
    # a period (上半年) narrows to the chosen reports of that period, the reports about the places
    # named being those chosen (2022年上半年 光明区: the 2022 half-year news, not 广东's 2022 report);
    # where none of them is of it, it stays a word to find (a report may recall 上半年's figure)
    about = [r for r in reports if (ids is None or r["id"] in ids) and _about(r, places)]
    for at, period in reversed(periods):  # in its place among the words
        of = frozenset(r["id"] for r in about if r.get("period") == period)
        if of:
            ids = of if ids is None else ids & of
        else:
            kept.insert(at, period)
    if not kept:  # the words name only places: they are what to find
        return list(terms), base
    return kept, base._replace(reports=ids, places=places)


def _about(report: Record, places: frozenset[str] | None) -> bool:
    """Is the report about one of the places (its own, or one its facts are about)?"""
    if places is None:
        return True
    held = report.get("places")
    return report.get("place") in places or (isinstance(held, dict) and not places.isdisjoint(held))


def simplified(word: str) -> str:
    """A word in simplified characters (廣東 -> 广东), as the store's places are written."""
    if word.isascii():
        return word
    from taishan.query.lexicon import t2s

    table = t2s()
    return "".join(table.get(ch, ch) for ch in word)


def _leading_place(word: str, reports: list[Record], inside: bool = True) -> tuple[frozenset[str], str]:
    """The places a word names, whole or as its beginning (泰山区社零), and what follows; with
    `inside`, the places within them too."""
    whole = places_named(word, reports, inside)
    if whole or word.isascii():  # pinyin names a place only whole: taishancha is 泰山茶, not 泰山 + cha
        return whole, ""
    for cut in range(len(word) - 1, 1, -1):
        got = places_named(word[:cut], reports)
        if got and re.match(r"[\u4e00-\u9fffA-Za-z]", word[cut:]):
            inner, rest = _leading_place(word[cut:], reports, inside)  # 深圳光明区: 光明区, within 深圳
            if inner and inner & got:
                return inner & got, rest
            return (got if inside else places_named(word[:cut], reports, False)), word[cut:]
    return frozenset(), word


def rows(reports: list[Record], records: list[Record] | None = None) -> list[dict[str, Any]]:
    """One row per report for `taishan reports`: id, title, place, level, year, period, kind, facts;
    an older store without a reports table gets rows from its facts."""
    if not reports and records:
        counts: dict[str, int] = {}
        for r in records:
            counts[r["report"]] = counts.get(r["report"], 0) + 1
        reports = [{"id": name, "facts": n} for name, n in counts.items()]
    return [{f: r.get(f) for f in REPORT_FIELDS} for r in reports]


REPORT_FIELDS = (
    "id",
    "title",
    "place",
    "level",
    "year",
    "period",
    "target_year",
    "kind",
    "facts",
    "source",
    "format",
    "sha256",
)


# a span of years (五年来, 过去五年, 十四五) a report recalls; 一年来 is the year it reviews
SPAN = r"[二三四五六七八九十两]年(?:来|间|里|以来)|过去[二三四五六七八九十两]年|十[一二三四五]五"
PERIODS = ("一季度", "上半年", "前三季度", "三季度", "下半年", "全年")
NAMED_PLACE = 2.0  # a fact about the very place a query names, over one about a place within it
OWN_PERIOD = 1.0  # a figure of its report's period (前三季度 in a report on 前三季度)
OTHER_PERIOD = 2.0  # a figure of another period than its report's
EXACT = 3.0  # a subject that is the words asked for once its place and scope words are off (东莞的出口总额)
LEVEL = 1.0  # a level (614.71亿元, +6.3%) over a bare growth of it, unless the words ask for a change
# words around a subject that say where or when, not what (2022年全省地区生产总值, 深圳光明区上半年GDP)
AROUND = (
    r"(?:(?:19|20)\d\d年|1-\d{1,2}月|[一二三四]季度|前三季度|[上下]半年|全年|今年|去年|全[省市区县]|[本我][省市区县]"
    r"|预计|初步(?:统计|核算)|实现|完成|达到|的)+"
)
# a subject holding the query's head word (利润 of 规上工业企业利润) over one that lacks it (营收)
HEAD = 10.0
COVERS = 6.0  # a subject holding all the query's character pairs (专精特新“小巨人”企业), over one holding a few (企业)


def covered(words: Iterable[str], subject: str) -> float:
    """The share of the words' Chinese two-character pairs that `subject` holds, 0..1 (1 when the
    words have none): how much of the indicator asked for the fact measures, not one generic word.

    >>> covered(["专精特新小巨人企业"], "国家专精特新“小巨人”企业"), covered(["专精特新小巨人企业"], "企业")
    (0.75, 0.125)
    """
    pairs = [
        w[i : i + 2]
        for w in words
        for i in range(len(w) - 1)
        if "\u4e00" <= w[i] <= "\u9fff" and "\u4e00" <= w[i + 1] <= "\u9fff"
    ]
    return sum(p in subject for p in pairs) / len(pairs) if pairs else 1.0


def rerank(
    hits: list[Any],
    reports: list[Record],
    named: frozenset[str] = frozenset(),
    year: int | None = None,
    words: Iterable[str] = (),
) -> list[Any]:
    """Hits (search.Hit) of a query narrowed to places or reports, re-ranked at near-equal scores:
    a fact about a place the query names (深圳) before one about a place within it (光明区), a
    figure of its report's period before one of an earlier period the report recalls (a report on
    前三季度 that also gives 上半年's growth), and with a `year` named, a result of that year
    before a target of the next, and a fact whose subject holds more of the query's `words` (what
    is left once the place is taken) first. The scores move by these few points, within 0-100."""
    from taishan.query.status import status_of

    words = [simplified(w) for w in words]
    head = _head(words)
    headed = bool(head) and any(head in (h.record.get("subject") or "") for h in hits)
    known = set(store_places(reports)) | set(named)
    names = sorted(
        {n for p in known for n in (p, pattern(SUFFIX).sub("", p)) if len(n) >= 2}, key=len, reverse=True
    )
    asked = {_bare(w, names) for w in [*words, "".join(words)]} - {""}
    levels = not _asks_change(words)

    own = {r["id"]: r.get("period") for r in reports}
    targets = {r["id"]: r.get("target_year") for r in reports}
    years = {r["id"]: r.get("year") for r in reports}
    moved = []
    for hit in hits:
        bonus = NAMED_PLACE if hit.record.get("place") in named else 0.0
        subject = hit.record.get("subject") or ""
        if not headed or head in subject:  # what lacks the head word measures something else
            bonus += COVERS * covered(words, subject) + (HEAD if headed else 0.0)
        score = hit.score
        if _bare(subject, names) in asked:
            # the words asked for, padded only with where and when (2022年全省地区生产总值): as
            # squarely theirs as a subject of those words alone, which search scores higher
            score, bonus = max(score, 100.0), bonus + EXACT
        bonus += LEVEL if levels and hit.record.get("value") is not None else 0.0
        of_target_year = targets.get(hit.record.get("report")) == year
        if year is not None and not of_target_year and status_of(hit.record) == "target":
            bonus -= OTHER_PERIOD
        period = hit.record.get("period") or ""
        mine = own.get(hit.record.get("report"))
        said = [p for p in PERIODS if p in period and not (p == "三季度" and "前三季度" in period)]
        if mine == "全年" and not said and f"{years.get(hit.record.get('report'))}年" in period:
            said = ["全年"]  # 2022年 in a report on the year 2022
        if mine and said:
            bonus += OWN_PERIOD if mine in said else -OTHER_PERIOD
        elif mine and pattern(SPAN).search(period):  # 五年来: a span of years a report recalls, not its own
            bonus -= OTHER_PERIOD
        moved.append((score + bonus, hit))
    moved.sort(key=lambda p: -p[0])  # stable: ties keep the search's order
    return [h._replace(score=round(min(100.0, max(0.0, s)), 1)) for s, h in moved]


def _bare(subject: str, names: list[str]) -> str:
    """A subject less the places' names and the words saying where or when (`AROUND`), lower case."""
    for name in names:
        subject = subject.replace(name, "")
    return pattern(AROUND).sub("", subject).lower()


def _asks_change(words: list[str]) -> bool:
    """Does a word end in a change word (GDP增速, 降幅: data/question-words.tsv), as a question's
    change word ends its phrase (增加值 is a subject)?"""
    from taishan.query.lexicon import question_words

    changes = tuple(w for w, role in question_words().items() if role in ("change", "fall") and len(w) > 1)
    return any(w.lower().endswith(changes) for w in words)


def _head(words: list[str]) -> str:
    """The head of what the words ask for: the last two Chinese characters of their last word once
    a question's own words are off (规上工业企业利润是多少 -> 利润), as a Chinese compound ends in
    what it names; "" when it ends in no two Chinese characters (GDP, PM2.5)."""
    from taishan.query.question import read

    asked = read(words).words or words
    last = asked[-1] if asked else ""
    return last[-2:] if len(last) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in last[-2:]) else ""
