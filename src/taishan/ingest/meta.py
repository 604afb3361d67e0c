"""A report's metadata (title, place, level, year, period, kind), found in its text and overridable,
and the place each of its facts is about.

Found in the text: the place is the first its title names, else the one its first lines name that
the text names most (a place the text calls 全省/本市 … wins at that level); the year and period from a `2022年上半年` near
the start, else from the file name (`taishan-2023h1`); a government work report (政府工作报告)
delivered in 2025 reviews 2024 and sets the targets of 2025. A sidecar file beside the report
(`report.txt.meta.toml`) and the build's options override what was found, field by field.

>>> m = detect("2025年山东省政府工作报告\\n全省生产总值增长5.3%。", "山东省.txt", b"")
>>> m.place, m.level, m.year, m.target_year, m.kind
('山东省', '省', 2024, 2025, 'work report')
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from taishan.errors import ReportError
from taishan.ingest import places
from taishan.ingest.places import Place

HEAD_LINES = 3  # the lines that hold a report's title and dateline
HEAD_CHARS = 400
SIDECAR_SUFFIX = ".meta.toml"
OVERRIDABLE = ("title", "place", "year", "period", "target_year", "kind")
# the period words a report's figures are given for; the whole year last, as the weakest
PERIODS = ("一季度", "上半年", "前三季度", "三季度", "下半年", "全年")
PERIOD_CODES = {"q1": "一季度", "h1": "上半年", "q3": "前三季度", "h2": "下半年"}
KINDS = (  # first match in the report's first lines wins
    ("work report", r"政府工作报告"),
    ("statistics bulletin", r"统计公报"),
    ("news", r"记者|报道|来源\s*[:：]|作者\s*[:：]"),
)
SELF = r"[全本我]([省市区县州旗])"  # 全省, 本市, 我区: how a report names its own place
RESPECTIVELY = "分别"  # `A、B分别X、Y`: X is A's, Y is B's
CONTINUES = "其中"  # a sentence about a part of what the one before it was about
QUALIFIER_GAP = r"[\s()（）【】\[\]·]*(?:(?:19|20)\d\d年)?"  # what may stand between 广东省 and 紫金县
STEM = r"(?:[\u4e00-\u9fff]{0,6}?自治[区州县旗]|特别行政区|省|市|区|县)$"  # what 南沙区 adds to 南沙


@dataclass(frozen=True)
class ReportMeta:
    id: str
    title: str
    place: str | None
    level: str | None  # 省, 市, 区 or 县
    year: int | None  # the year the figures are of (a work report: the year it reviews)
    period: str | None  # 上半年, 前三季度 … or 全年
    target_year: int | None  # a work report's year of targets
    kind: str  # work report, news, statistics bulletin, report
    source: str  # the file name
    format: str  # txt, docx …
    sha256: str  # of its text as read (UTF-8): the same report in another encoding or container hashes alike
    code: str | None = None  # the place's division code: which places lie within it

    def row(self, facts: list[dict[str, Any]]) -> dict[str, Any]:
        """The metadata as a row of the store's `reports` table, with its number of facts and the
        places they are about (the report's first, then those that hold it) with their codes: what
        a query's place word (广东, 泰安) is matched to, and what lies within it (深圳市, 光明区)."""
        named = dict.fromkeys([self.place] + [f.get("place") for f in facts])
        codes = {self.place: self.code} if self.place else {}
        for name in named:
            if name and name not in codes:
                found = places.find(name)
                codes[name] = found.code if found else None
        own = places.by_code(self.code) if self.code else None
        for outer in places.ancestors(own) if own else []:  # 泰安, 山东 hold 泰山区: they name it too
            codes.setdefault(outer.name, outer.code)
        return {**asdict(self), "facts": len(facts), "places": codes, "pinyin": place_pinyin(codes)}


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def detect(text: str, filename: str, raw: bytes, report_id: str | None = None) -> ReportMeta:
    """What the text (and its file name) says about the report."""
    head = _head(text)
    place = _place(text, head)
    kind = next((k for k, rx in KINDS if re.search(rx, head)), "report")
    year, period = _when(text, filename)
    target_year = None
    delivered = _delivered(head)
    if kind == "work report":
        reviewed = delivered - 1 if delivered is not None else _most_named_year(text)
        if reviewed is not None:
            year, target_year, period = reviewed, reviewed + 1, "全年"
    stem = Path(filename).stem if Path(filename).suffix else filename
    return ReportMeta(
        id=report_id or slug(stem),
        title=_title(head) or stem,
        place=place.name if place else None,
        level=place.level if place else None,
        year=year,
        period=period,
        target_year=target_year,
        kind=kind,
        source=filename,
        format=Path(filename).suffix.lstrip(".").lower() or "txt",
        sha256=content_hash(raw),
        code=place.code if place else None,
    )


def slug(name: str) -> str:
    """A report id from a file name: no spaces, no slashes."""
    return re.sub(r"[\s/\\]+", "-", name.strip()) or "report"


def _head(text: str) -> str:
    lines = [ln.strip() for ln in text[: HEAD_CHARS * 2].splitlines() if ln.strip()]
    return "\n".join(lines[:HEAD_LINES])[:HEAD_CHARS]


def _title(head: str) -> str:
    first = head.split("\n", 1)[0] if head else ""
    return re.sub(r"\s+", " ", first).strip()[:80]


def _place(text: str, head: str) -> Place | None:
    """The report's own place: the first its title names (not one that only qualifies the next,
    深圳 in 深圳光明区); with none there, of those its first lines name, the one at the level it
    calls its own (全省: a province), then the one it names most; the deeper on a tie."""
    named = places.mentions(head)
    # 深圳光明区, (广东省)2020年紫金县: a place right before one inside it says where that one is
    qualifiers = {
        a
        for (_, end, a), (start, _, b) in pairwise(named)
        if b.within(a) and b != a and re.fullmatch(QUALIFIER_GAP, head[end:start])
    }
    title_end = head.find("\n") if "\n" in head else len(head)
    in_title = [p for s, _, p in named if s < title_end and p not in qualifiers]
    if in_title:  # a title leads with its subject: 广东GDP十强进阶…东莞有望冲刺万亿
        return in_title[0]
    counts = Counter(p for _, _, p in places.mentions(text))
    candidates = list(dict.fromkeys(p for _, _, p in named if p not in qualifiers)) or list(counts)
    if not candidates:
        return None
    selves = Counter("区" if w in "旗" else "市" if w == "州" else w for w in re.findall(SELF, text))
    if selves:
        level, n = selves.most_common(1)[0]
        at_level = [p for p in candidates if p.level == level or (level == "区" and p.level == "县")]
        if at_level and n >= 2:
            candidates = at_level

    def said(p: Place) -> int:  # 南沙 for 南沙区 too: the report named it in full first
        stem = re.sub(STEM, "", p.name)
        return max(counts[p], text.count(stem) if len(stem) >= 2 else 0)

    return max(candidates, key=lambda p: (said(p), "省市区县".index(p.level)))


def _when(text: str, filename: str) -> tuple[int | None, str | None]:
    """The year and period of a report's figures: the text's first `2022年上半年`, else its file
    name's `2023h1` or `2021q3`, else the period the text names most."""
    start = text[: HEAD_CHARS * 3]
    m = re.search(r"((?:19|20)\d\d)年(?:的)?(" + "|".join(PERIODS) + ")", start)
    if m:
        return int(m.group(1)), m.group(2)
    year = period = None
    f = re.search(r"((?:19|20)\d\d)(?:[-_ ]?(q[1-4]|h[12]))?", filename.lower())
    if f:
        year = int(f.group(1))
        period = PERIOD_CODES.get(f.group(2) or "")
    if period is None:
        said = Counter(re.findall("|".join(PERIODS), text))
        period = said.most_common(1)[0][0] if said else None
    if year is None:
        y = re.search(r"((?:19|20)\d\d)年", start)
        year = int(y.group(1)) if y else None
    return year, period


def _delivered(head: str) -> int | None:
    """The year a work report was delivered in, from its dateline (2025年1月15日) or its title's
    year (2025年上海市政府工作报告)."""
    m = re.search(r"((?:19|20)\d\d)年\d{1,2}月\d{1,2}日", head) or re.search(
        r"((?:19|20)\d\d)年[^\n]{0,20}政府工作报告", head
    )
    return int(m.group(1)) if m else None


def _most_named_year(text: str) -> int | None:
    """The year a report's opening names most, the earliest on a tie: a work report without a
    dateline names the year it reviews (2022年是…的一年) before the one it plans."""
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d\d)年", text[: HEAD_CHARS * 8]))
    return max(years, key=lambda y: (years[y], -y)) if years else None


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, Any]:
    """The overrides in `path`'s sidecar (`report.txt.meta.toml`), or none; ReportError when malformed."""
    side = sidecar(path)
    if not side.is_file():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ReportError(f"metadata file {side} is not valid TOML: {e}") from None
    unknown = sorted(set(data) - set(OVERRIDABLE) - {"id"})
    if unknown:
        raise ReportError(f"metadata file {side}: unknown field {unknown[0]!r}; use {', '.join(OVERRIDABLE)}")
    return data


def override(meta: ReportMeta, given: dict[str, Any]) -> ReportMeta:
    """`meta` with the fields `given` (a sidecar's, then the command line's) set; a place by name
    (泰山区, or 广东 for 广东省) also sets its level and code. ReportError on a bad value."""
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if value is None:
            continue
        if name in ("year", "target_year"):
            if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2200:
                raise ReportError(f"{name} must be a year such as 2023, not {value!r}")
        elif not isinstance(value, str) or not value.strip():
            raise ReportError(f"{name} must be non-empty text, not {value!r}")
        if name == "place":
            place = places.find(value)
            changes.update(place=place.name if place else value.strip(), level=place.level if place else None)
            changes["code"] = place.code if place else None
        elif name == "id":
            changes["id"] = slug(value)
        else:
            changes[name] = value.strip() if isinstance(value, str) else value
    known = {f.name for f in fields(ReportMeta)}
    return replace(meta, **{k: v for k, v in changes.items() if k in known})


def place_pinyin(names: Iterable[str]) -> dict[str, list[str]]:
    """Each place's name in toneless pinyin, whole and without its suffix, for a query typed in
    pinyin (guangdong, taishanqu): {"广东省": ["guangdongsheng", "guangdong"]}."""
    from taishan.keys import pinyin_tokens

    out: dict[str, list[str]] = {}
    for name in names:
        if not name:
            continue
        stem = re.sub(STEM, "", name)
        forms = ["".join(pinyin_tokens(name))]
        if len(stem) >= 2 and stem != name:
            forms.append("".join(pinyin_tokens(stem)))
        out[name] = forms
    return out


# -- the place of each fact ----------------------------------------------------------------------


class PlaceReader:
    """The place a fact is about: its report's, unless the sentence names another place (not one
    that holds the report's) in the figure's own clause, or at the head of an earlier clause
    (`广州紧随其后，前三季度GDP达到20029.12亿元`), or in the sentence's first clause, its topic.
    A place named inside an earlier clause (`鹏城实验室、广州实验室…，研发经费支出4200亿元`) is
    a name among others, not what the figure is about.

    Short names (佛山) count only for places in the report's province: 长治 in 长治久安 is no city.
    """

    CLAUSE = re.compile(r"[，,；;。！？]")
    HEAD = 4  # a place this near its clause's start heads it (after 前三季度, 今年 …)

    def __init__(self, meta: ReportMeta) -> None:
        self.meta = meta
        own = places.by_code(meta.code) if meta.code else None
        self.own = own
        self.skip = set(places.ancestors(own)) if own else set()
        province = places.by_code(own.code[:2] + "0" * 10) if own else None
        self.shorts = frozenset(places.within(province) if province else ())  # hashed once, not per fact
        self._sentence: str | None = None
        self._before: str | None = None  # the place of the sentence before the current one
        self._last: str | None = None
        self._line: int | None = None  # the paragraph (line) being read
        self._lead: str | None = None  # the place its first sentence is about, when not the report's
        self._first: str | None = None  # its first sentence

    def place(self, text: str, figure: str | None, subject: str, line: int | None = None) -> str | None:
        """The place of a fact; called for a report's facts in order, since a sentence that opens
        with 其中 ("of which") is about what the sentence before it was about, and one that names
        no place is, in a news story, about the place its paragraph (`line`) opened with (`汕尾的投资
        表现也不错。…工业投资增长32.7%`), unless it says the report's own scope (全省 in a province's)."""
        if text != self._sentence:
            self._before, self._sentence = self._last, text
            if line is None or line != self._line:
                self._line, self._lead, self._first = line, None, text
        found = self._named(text, figure, subject)
        if found == self.meta.place and text.startswith(CONTINUES) and self._before is not None:
            found = self._before
        elif (
            found == self.meta.place
            and self.meta.kind == "news"  # a work report's paragraph is its own place's, cities named or not
            and text != self._first
            and self._lead
            and not self._says_own(text)
        ):
            found = self._lead
        if text == self._first and found != self.meta.place:
            self._lead = found
        self._last = found
        return found

    def _listed(self, head: str) -> str | None:
        """`佛山、东莞分别迈上8000亿元、7000亿元`: the n-th figure of a list after 分别 is about the
        n-th place listed before it (`head`: the sentence up to the figure)."""
        at = head.rfind(RESPECTIVELY)
        if at < 0 or any(c in head[at:] for c in "，,；;。"):
            return None
        start = max(head.rfind(c, 0, at) for c in "，,；;。") + 1
        named = [p for _, _, p in places.mentions(head[start:at], self.shorts) if p not in self.skip]
        n = head[at:].count("、")
        return named[n].name if len(named) >= 2 and n < len(named) else None

    def _says_own(self, text: str) -> bool:
        """Does the sentence name the report's own scope (全省, 本市 … of its level) or place?"""
        level = self.meta.level or ""
        own = [f"{w}{level}" for w in "全本我"] if level else []
        own += [self.meta.place] if self.meta.place else []
        own += list(self.own.names()) if self.own else []
        return any(w and w in text for w in own)

    def _named(self, text: str, figure: str | None, subject: str) -> str | None:
        if figure and figure in text:
            at = text.find(figure)
        else:  # a statement: a place in its own words
            text, at = subject, len(subject)
        listed = self._listed(text[:at])
        if listed is not None:
            return listed
        clauses = self.CLAUSE.split(text[:at])
        for i in range(len(clauses) - 1, -1, -1):
            named = [(s, p) for s, _, p in places.mentions(clauses[i], self.shorts) if p not in self.skip]
            if i < len(clauses) - 1 and i > 0:
                named = [(s, p) for s, p in named if s <= self.HEAD]
            if named:
                return named[-1][1].name
        return self.meta.place
