"""One indicator across reports: each report's best fact for it, one row per report.

A report's best fact is about the report's own place (not a city's of a province), names the
indicator itself (海洋生产总值 is not 地区生产总值; 全省, 2024年, 预计 … around it are scope words),
and is of the wanted status: results first, then estimates (预计, 初步统计); targets only when
asked for. Of those, a growth before a level (`地区生产总值增长5.4%` before `5503亿元`), then
the better search score. The indicator's glossary words count as its names (地区生产总值: GDP,
生产总值, 经济增长), each found as a search finds it.

>>> names_of(["地区生产总值"], {"gdp": ("生产总值", "地区生产总值")})
['地区生产总值', 'gdp', '生产总值']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from taishan.query.filters import Filters, amount, select, split_unit
from taishan.query.search import Hit, search
from taishan.query.status import STATUSES, status_of
from taishan.store import Record

COLUMNS = ("report", "place", "period", "subject", "value", "unit", "change", "rank", "status", "id")
# words around an indicator's name that say where, when or how sure, not what is measured
SCOPE = re.compile(
    r"(?:(?:19|20)\d\d年|[一二三四]?季度|[上下]半年|全年|今年|去年|一年来|全[\u4e00-\u9fff]|[本我][省市区县]"
    r"|预计|初步(?:统计|预计|核算)|实现|完成|其中|[，、：:（）()\s])+"
)


# around a bare total (城市经济规模进入了, 经济总量跨上): whose and how it grew, not what it measures
TOTAL_AROUND = re.compile(
    r"^(?:全省|全市|全区|全县|城市|经济|地区)+|(?:进入了|进入|跨上|迈上|站上|突破|达到|达|为)+$"
)


@cache
def bare_totals() -> frozenset[str]:
    """The words that name a total and no indicator (总量, 规模: data/thresholds.tsv's `bare-total`)."""
    path = Path(__file__).parent.parent / "data" / "thresholds.tsv"
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(r[0] for r in rows if len(r) >= 2 and r[1] == "bare-total")


def _is_bare_total(subject: str) -> bool:
    return TOTAL_AROUND.sub("", SCOPE.sub("", subject)) in bare_totals()


def names_of(terms: list[str], glossary: dict[str, tuple[str, ...]]) -> list[str]:
    """The indicator as typed, then its glossary words (either column of the entry it is in)."""
    typed = "".join(terms)
    out = [typed]
    for key, words in glossary.items():
        row = [key, *words]
        if any(typed.lower() == w.lower() for w in row):
            out += [w for w in row if w.lower() not in {o.lower() for o in out}]
    return out


def _residue(subject: str, name: str, place_names: tuple[str, ...]) -> tuple[str, str] | None:
    """What the subject says before and after the indicator's name, less scope words and its place;
    None when the subject does not name it."""
    at = subject.lower().find(name.lower())
    if at < 0:
        return None
    before, after = subject[:at], subject[at + len(name) :]
    for place in place_names:
        before = before.replace(place, "")
    return SCOPE.sub("", before), SCOPE.sub("", after)


def fit(record: Record, name: str, place_names: tuple[str, ...]) -> int | None:
    """How squarely a fact measures the indicator: 0 its subject is the name (with scope words),
    1 the name is followed by other words (地区生产总值连跨), or the subject is only scope words or
    the name's beginning and its sentence names it up to the figure (`地区生产总值…，2024年达到
    1.3万亿元`, `经济` + `增长5.5%`); None when the name is qualified (海洋生产总值,
    人均地区生产总值) or absent."""
    subject = re.split(r"[，,：:；;]", record.get("subject") or "")[-1]  # after a lead-in (目标是：)
    got = _residue(subject, name, place_names)
    core = SCOPE.sub("", subject)
    # a bare total (城市经济规模进入了) a growth before it was folded into names it in that growth's
    # clause: `全市生产总值增长5%，城市经济规模进入了5万亿元`
    if got is None and (not core or name.lower().startswith(core.lower()) or _is_bare_total(subject)):
        text, figure = record.get("text") or "", record.get("figure") or ""
        at = text.find(figure) if figure else -1
        clause = re.split(r"[。；;]", text[: at + len(figure)])[-1] if at >= 0 else ""
        named = clause.lower().rfind(name.lower())
        if named >= 0:  # the name's own phrase: from the comma before it
            phrase = clause[max(clause.rfind(c, 0, named) for c in "，,、：:") + 1 : named + len(name)]
            got = _residue(phrase, name, place_names)
            return 1 if got is not None and not got[0] else None
    if got is None:
        return None
    before, after = got
    if before:
        return None
    return 0 if not after else 1


def compare(
    records: list[Record],
    reports: list[Record],
    terms: list[str],
    status: str | None = None,
    filters: Filters | None = None,
    glossary: dict[str, tuple[str, ...]] | None = None,
    prefer: str = "change",
    related: Callable[[str], tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    """One row per report that has the indicator (store order): its best fact, as COLUMNS;
    `prefer` "value" puts a level before a growth (to compare amounts, `--sort value`);
    `related` gives the words people use for the indicator (the thesaurus), tried for a report
    whose facts name it by none of its glossary names."""
    wanted = (status,) if status in STATUSES else None
    names = names_of(terms, glossary or {})
    chosen = select(records, filters) if filters is not None else records
    order = [r["id"] for r in reports] or list(dict.fromkeys(r["report"] for r in chosen))
    by_report: dict[str, list[Record]] = {rid: [] for rid in order}
    for r in chosen:
        by_report.setdefault(r["report"], []).append(r)
    meta = {r["id"]: r for r in reports}
    own = {rid: meta.get(rid, {}).get("place") for rid in by_report}
    mine = [r for r in chosen if own.get(r["report"]) is None or r.get("place") in (None, own[r["report"]])]
    found = _found(mine, names, own)
    best = {rid: best_fact(found.get(rid, []), wanted, prefer) for rid in by_report}
    missing = {rid for rid, r in best.items() if r is None}
    if missing and related:
        # a report that never names the indicator as the glossary does may name it as people do
        # (经济总量, 全省经济) or say only `总量达5.3万亿元` of it: a weaker fit, only where nothing else is
        rest = [r for r in mine if r["report"] in missing]
        more = _found(rest, [w for w in related(names[0]) if w not in names], own, fallback=True)
        for rid in missing:
            found[rid] = more.get(rid, [])
            best[rid] = best_fact(found[rid], wanted, prefer)
    if prefer == "value":  # levels compare in one base unit: the one most reports give (元, not 个)
        bases = Counter(
            split_unit(r.get("unit"))[1] for r in best.values() if r and r.get("value") is not None
        )
        if bases:
            base = bases.most_common(1)[0][0]
            best = {rid: best_fact(found.get(rid, []), wanted, prefer, base) for rid in by_report}
    return [_row(r, meta.get(rid, {})) for rid, r in best.items() if r is not None]


def _found(
    records: list[Record], names: list[str], own: dict[str, Any], fallback: bool = False
) -> dict[str, list[tuple[Hit, int]]]:
    """Each report's facts naming the indicator by one of `names`, with how squarely (`fit`;
    with `fallback`, a subject that is only a name's last word, `总量` of 经济总量, fits too)."""
    found: dict[str, list[tuple[Hit, int]]] = {}
    for name in names:
        for hit in search(records, [name]):
            places = _place_names(own.get(hit.record["report"]))
            level = fit(hit.record, name, places)
            if level is None and fallback:
                level = 2 if _last_word(hit.record, name, places) else None
            if level is not None:
                found.setdefault(hit.record["report"], []).append((hit, level))
    return found


def _last_word(record: Record, name: str, place_names: tuple[str, ...]) -> bool:
    """A subject that is only the last word of a name of two or more words (`总量` of 经济总量),
    with scope words: what a report says of its own total once it has said whose it is."""
    subject = re.split(r"[，,：:；;]", record.get("subject") or "")[-1]
    for place in place_names:
        subject = subject.replace(place, "")
    core = SCOPE.sub("", subject)
    return len(core) >= 2 and len(name) > len(core) and name.endswith(core)


def best_fact(
    hits: list[tuple[Hit, int]],
    wanted: tuple[str, ...] | None,
    prefer: str = "change",
    base: str | None = None,
) -> Record | None:
    """Of a report's facts that name the indicator (with how squarely, see `fit`): the wanted
    status (by default a result, else an estimate), the squarer name, a growth before a level
    (a level first when `prefer` is "value", one in the `base` unit first when given), then the
    better search score; ties keep report order."""
    order = wanted or ("actual", "estimate")
    ranked = []
    for hit, level in hits:
        s = status_of(hit.record)
        if s in order:
            has_it = hit.record.get(prefer) is not None
            other_unit = base is not None and split_unit(hit.record.get("unit"))[1] != base
            ranked.append(((order.index(s), not has_it, other_unit, level, -hit.score), hit.record))
    ranked.sort(key=lambda p: p[0])
    return ranked[0][1] if ranked else None


def _place_names(place: str | None) -> tuple[str, ...]:
    """A place's name and its name without 省/市/自治区 …, longest first (广西壮族自治区, 广西)."""
    if not place:
        return ()
    short = re.sub(r"(?:[\u4e00-\u9fff]{0,6}?自治[区州县]|特别行政区|省|市|区|县)$", "", place)
    return (place, short) if len(short) >= 2 and short != place else (place,)


def _row(record: Record, report: Record) -> dict[str, Any]:
    status = status_of(record)
    year = report.get("target_year") if status == "target" else report.get("year")
    period = report.get("period") if status != "target" else None
    if year:
        period = f"{year}年" + (period if period and period != "全年" else "")
    return {
        "report": record["report"],
        "place": record.get("place") or report.get("place"),
        "period": period or record.get("period"),
        "subject": record.get("subject"),
        "value": record.get("value"),
        "unit": record.get("unit"),
        "change": record.get("change"),
        "rank": record.get("rank"),
        "status": status,
        "id": record["id"],
    }


def sort_rows(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """By `value` (after multipliers) or `change`, largest first (rows without it last), or by place."""
    if key == "place":
        return sorted(rows, key=lambda r: r.get("place") or "\uffff")
    number: Callable[[dict[str, Any]], float | None]
    if key == "value":
        number = amount
    elif key == "change":
        number = lambda r: None if r.get("change") is None else float(r["change"])  # noqa: E731
    else:
        raise ValueError(f"cannot sort by {key!r}: use value, change or place")
    present = sorted((r for r in rows if number(r) is not None), key=lambda r: -(number(r) or 0.0))
    return present + [r for r in rows if number(r) is None]
