"""One sentence -> the quantities in it: number, multiplier, unit, hedge, change, rank.

Knows nothing about sections or subjects. Numbers that are codes or names (`“1151”`, `PM2.5`,
`2023年`, `第13位`) and thresholds inside a subject (`过5亿元项目`) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from taishan.ingest import vocab
from taishan.ingest.names import (
    counts_instalments,
    in_place_name,
    names_a_line,
    names_a_region_group,
    names_a_set,
    restates_a_list,
)
from taishan.ingest.units import (
    CN_UNITS,
    COUNTED,
    COUNTED_NOUNS,
    COUNTERS,
    LATIN_UNITS,
    NOT_NUMBERS,
    NOT_UNITS,
    PER_DENOMINATORS,
    PER_NUMERATORS,
    PLACE_UNITS,
    SIZED_PLACES,
    SIZES,
    UNITS,
)

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
MULTIPLIERS = ("万亿", "亿", "万")


PRE_HEDGES = (
    "不超过",
    "不高于",
    "不低于",
    "超过",
    "不少于",
    "不到",
    "接近",
    "将近",
    "突破",
    "约",
    "近",
    "逾",
    "超",
)
POST_HEDGES = ("以上", "左右", "以内", "以下", "余", "多")
CHANGES = "changes.tsv"
CLAUSE_ENDS = "，；。："
CUT_OBJECT_MAX = 24  # a verb further back than this opens another thought
IMPROVE = vocab.words(CHANGES, "improve")  # `改善`: its sign is the quantity's (浓度 改善 is a fall)
CHANGE_UP = (*vocab.words(CHANGES, "up"), *IMPROVE)
CHANGE_DOWN = vocab.words(CHANGES, "down")
LOWER_BETTER = vocab.words(CHANGES, "lower-better")
CHANGE_LINK = vocab.words(CHANGES, "link")  # `涨幅在3%以内`
CHANGE_ADVERBS = vocab.words(CHANGES, "adverb")
THRESHOLD_MARKS = vocab.words("thresholds.tsv", "mark")
VERB_PREFIXES = "".join(vocab.words("thresholds.tsv", "verb"))  # 跨过, 越过, 通过: 过 is part of a verb here
TOTALS = vocab.words("thresholds.tsv", "total")
CREATES = vocab.words("thresholds.tsv", "creates")
SPENDS = vocab.words("thresholds.tsv", "spends")
MONEY = vocab.words("thresholds.tsv", "money")
CURRENCIES = set(vocab.words("units.tsv", "currency"))
OPEN_QUOTES = '“‘「『《〈"'
CLOSE_QUOTES = '”’」』》〉"'
PAIRS = list(zip(OPEN_QUOTES, CLOSE_QUOTES, strict=True))
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_TENS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = "[一二两三四五六七八九十百千][零一二两三四五六七八九十百千]*"

PER_UNIT = rf"(?:{'|'.join(PER_NUMERATORS)})(?:每|/)(?:{'|'.join(PER_DENOMINATORS)})"
QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9.+/第])(?<![0-9][-—－~～])(?P<pre>{'|'.join(PRE_HEDGES)})?(?P<num>{NUMBER})"
    rf"(?P<hedge>余|多)?(?P<mult>{'|'.join(MULTIPLIERS)})?(?P<hedge2>余|多)?"
    rf"(?P<unit>{PER_UNIT}|(?:{'|'.join(LATIN_UNITS)})(?![A-Za-z])|{'|'.join(re.escape(u) for u in UNITS if u not in LATIN_UNITS)}|大(?=[\u4e00-\u9fff]))?"
    rf"(?P<post>{'|'.join(POST_HEDGES)})?"
)
# After a Chinese numeral these name a time, a phase or a congress (`一天当作两天用`, `二期`,
# `十三届`), not an amount.
CN_NOT_UNITS = ("%", "‰", "期", "天", "小时", "个月", "届", "周", "度")  # `四周`, `百度`
# A quantity in Chinese numerals (`两万亿元`, `超百场`, `近三成`; `八大攻坚行动` is read to be dropped): read as its digits
# would be, but only with a unit (a bare `两年`, `一批` is a phrase), never as an ordinal (`第二`).
CN_QUANTITY = re.compile(
    rf"(?<![\d.第零一二两三四五六七八九十百千万亿数几])(?P<pre>{'|'.join(PRE_HEDGES)})?(?P<num>{CN_NUMBER})"
    rf"(?P<hedge>余|多)?(?P<mult>{'|'.join(MULTIPLIERS)})?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in sorted(CN_UNITS, key=len, reverse=True) if u not in CN_NOT_UNITS)}"
    r"|大(?=[\u4e00-\u9fff])|成)"
)
NOT_COUNTED = vocab.words(
    "numbered-names.tsv", "term"
)  # `三次产业`: the three sectors, not three of anything
# `人大三次会议`, `十三届二次全会`: the Nth session, not N of them
SESSIONS = vocab.words("numbered-names.tsv", "session")
SESSION_LIST = re.compile(rf"(?:、(?:\d+|{CN_NUMBER})次)+")  # `四次、五次、六次全会`: the list's other items


def _past_list(text: str, end: int) -> int:
    """Where a list of sessions (`、五次、六次`) that goes on after `end` stops, else `end`."""
    m = SESSION_LIST.match(text, end)
    return m.end() if m else end


# `连续34年`, `连续7次`: a streak is a quantity of its own (ranked when a ranking follows it)
STREAK = re.compile(rf"(?<=连续)(?P<num>\d+|{CN_NUMBER})(?P<unit>年|次|个月|季度|周|天|届)")
RATIO = re.compile(rf"(?<![\d.]){NUMBER}(?:[：∶:]{NUMBER}){{1,}}(?![\d.])")
SCOPE = (
    r"全国|全省|全市|全区|全县|省内|市内|区内|同类城市|[各全本]?县（市、区）|[各全本]?县市区|"
    r"(?:(?![居列排位在是为成])[\u4e00-\u9fff]){1,3}省"
)
RANK_VERBS = "跃居|位居|位列|稳居|排名|排在|排位|名列|保持|列|居|排"
RANK = re.compile(
    rf"(?:(?P<scope0>{SCOPE})在?)?(?:(?P<verb>{RANK_VERBS})(?P<vscope>(?:(?!第|首位|之首)[\u4e00-\u9fff（）、]){{0,10}}?)"
    rf"|(?P<scope>{SCOPE}))?(?P<move>(?:上升|提升|跃升|前移|升|提高)(?:到|至))?"
    r"(?:第(?P<pos>[一二三四五六七八九十\d]{1,3})(?:位|名)?|(?P<first>首位|之首))"
    r"(?=[位名大的，。；、）),;\s和与及]|$)"
)
# words a scope read after a ranking verb may open with: another verb, 分别/均, a move (`分别升至世界`)
RANK_VERB = re.compile(rf"^(?:{RANK_VERBS}|分别|均|也|都)*(?:(?:上升|提升|跃升|前移|升|提高)(?:到|至))?")
PLACE_MARKS = "国省市区县州界球城"  # a scope names where the standing holds
PERIOD = re.compile(
    r"(?:\d{4}年)?(?:今年|去年|本年)?(?:上半年|下半年|前三季度|第?[一二三四]季度|全年(?!计划|目标|任务)|年底前|"
    r"\d{1,2}(?:-|—|至)\d{1,2}月)|(?:过去)?[一二三四五六七八九十]年来|\d{4}年"
)


@dataclass(frozen=True)
class Quantity:
    """A figure as written in a sentence; `start`/`end` index the sentence text."""

    start: int
    end: int
    value: float | None
    unit: str | None
    qualifier: str | None
    change: float | None = None  # set when the figure is itself a growth rate (`增长65%`)
    change_start: int | None = None  # where the change phrase (its verb) begins

    def figure(self, sentence: str) -> str:
        return sentence[self.change_start if self.change_start is not None else self.start : self.end]


@dataclass(frozen=True)
class Rank:
    start: int
    end: int
    scope: str | None
    position: int
    text: str


def to_number(text: str) -> float:
    """A number as written, thousands separators allowed.

    >>> to_number("1,234.5")
    1234.5
    """
    return float(text.replace(",", ""))


def quoted_spans(text: str) -> list[bool]:
    """For each character: does it stand inside quotes or book-title marks? Quotes pair as
    written: Chinese quotes do not nest in their own kind, so an opening mark met again before
    its close lost its close to a typo (`专精特新“小巨人企业414家，…“单项冠军”`) and quotes nothing;
    one never closed in what is left of the text quotes to its clause's end (`打造“7片`).

    >>> "".join("q" if q else "." for q in quoted_spans("“小巨人企业4家，“单项冠军”企业5家"))
    '.........qqqqqq....'
    >>> "".join("q" if q else "." for q in quoted_spans("打造“7片，共8片"))
    '..qqq....'
    """
    inside = [False] * len(text)
    for opening, closing in PAIRS:
        if opening not in text:  # most sentences quote nothing: no walk through them
            continue
        pending: int | None = None
        for i, ch in enumerate(text):
            if ch == opening and (pending is None or opening != closing):
                pending = i  # a second opening before a close: the first lost its close
            elif ch == closing and pending is not None:
                if not _counts_things(text[pending + 1 : i]):
                    inside[pending : i + 1] = [True] * (i + 1 - pending)
                pending = None
        if pending is not None:
            end = next((i for i in range(pending, len(text)) if text[i] in CLAUSE_ENDS), len(text))
            inside[pending:end] = [True] * (end - pending)
    return inside


def _counts_things(quote: str) -> bool:
    """Is a quote a list of counted things (`1家国家实验室、8个大科学装置`), figures and not a name?
    Every item, two at least, opens with a number and its measure word and goes on to name what it
    counts; a name (`“1+N”`, `“7个专项行动”`) or a slogan is no such list.

    >>> _counts_things("1家国家实验室、8个大科学装置、42家全国重点实验室"), _counts_things("7个专项行动")
    (True, False)
    """
    items = quote.split("、")
    return len(items) > 1 and all(
        (m := QUANTITY.match(item)) is not None
        and m.group("unit") not in (None, "大")
        and len(item) > m.end()
        for item in items
    )


def _is_date(num: str, unit: str | None, after: str) -> bool:
    whole = num.split(".")[0]
    return unit is None and (after[:1] in "年月日号时" or (len(whole) == 4 and 1900 <= int(whole) <= 2100))


def _change_verb(text: str, start: int) -> tuple[int, float] | None:
    """The change verb right before a percent at `start`: (verb start, sign)."""
    head = text[:start]
    for link in (*CHANGE_LINK, ""):
        if link and not head.endswith(link):
            continue
        stem = head[: len(head) - len(link)]
        adverb = next((a for a in CHANGE_ADVERBS if link and stem.endswith(a)), "")
        stem = stem[: len(stem) - len(adverb)]
        for verbs, sign in ((CHANGE_DOWN, -1.0), (CHANGE_UP, 1.0)):
            for verb in verbs:
                if stem.endswith(verb):
                    at = len(stem) - len(verb)
                    return at, -1.0 if verb in IMPROVE and _better_lower(text, at) else sign
    return None


def _cut_verb(text: str, start: int) -> tuple[int, float] | None:
    """A cut that opens the clause and names what it cuts before the percent
    (`压减省级机关单位公用经费15%`, `压减省部级以下论坛、节庆、展会活动58%`): (verb start, -1)."""
    at = max(text.rfind(c, 0, start) for c in CLAUSE_ENDS) + 1
    clause = text[at:start]
    lead = next((a for a in CHANGE_ADVERBS if clause.startswith(a)), "")
    verb = next((v for v in CHANGE_DOWN if clause.startswith(v, len(lead)) and len(v) > 1), None)
    if verb is None or any(ch.isdigit() for ch in clause) or len(clause) > CUT_OBJECT_MAX:
        return None
    if clause[len(lead) + len(verb) :][:1] in ("", "至", "到"):
        return None  # `下跌至9.90%`: the level it fell to
    return at + len(lead), -1.0


def _better_lower(text: str, at: int) -> bool:
    """Is the quantity whose change begins at `at` one that is better lower (`PM2.5浓度同比改善2.2%`)?"""
    clause = text[max(text.rfind(c, 0, at) for c in "，；。：") + 1 : at]
    return any(word in clause for word in LOWER_BETTER)


_COUNTED = re.compile(r"[^，；。]*?(?:\d|[两三四五六七八九十百][个家项座])")  # a count in the clause


def _is_class_bound(
    text: str, num_start: int, pre: str | None, unit: str | None, post: str | None, after: str
) -> bool:
    """A size that names a class of things (`过5亿元项目14个`), not a figure of its own.

    A counting word (`超过9000家工业企业`) counts what follows, and a total (`总投资超8000亿元的`)
    is a figure; 过 inside a verb (`跨过3个台阶`) marks nothing.
    """
    if after[:1] in "，；。、）)：!?！？" or after == "":
        return False
    if after.startswith("级"):
        return True  # `5000亿元级的产业集群`
    head = text[:num_start].removesuffix(pre or "")
    tail = after[3:] if after.startswith(("及以上", "及以下")) else after
    if post in ("以上", "以下") or tail is not after:
        if unit in ("%", "‰"):
            return False  # a share describes, never classifies (`新增财力80%以上用于民生领域`)
        return tail[:1] not in "，；。、）)：的" and unit not in COUNTERS  # `65岁及以上老年人`
    marked = pre in THRESHOLD_MARKS or (
        pre is None and head.endswith("过") and head[-2:-1] not in VERB_PREFIXES
    )
    if not marked or unit in COUNTERS or after.startswith(SPENDS):
        return False  # `超400亿元用于工业发展`: an amount spent, not a class
    # the things so sized counted later in the clause (`培育超千亿产业集群3个`): a class of them
    if not _COUNTED.match(after) and (
        head.endswith(CREATES) or (unit in CURRENCIES and after.startswith(MONEY))
    ):
        return False  # `打造超1000亿元引导基金集群`: the size of what is made; `超10亿元补贴`: money itself
    return not any(word in head[-6:] for word in TOTALS)


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in a sentence, in order.

    >>> [(q.value, q.unit, q.qualifier) for q in find_quantities("接待游客1439万人次，对接海外专家100余人")]
    [(1439.0, '万人次', None), (100.0, '人', '余')]
    >>> [(q.value, q.change) for q in find_quantities("接报各类警情下降26%")]
    [(None, -26.0)]
    """
    quoted = quoted_spans(text)
    out: list[Quantity] = []
    taken: set[int] = set()
    for m in RATIO.finditer(text):
        if quoted[m.start()] or (":" in m.group() and "." not in m.group()):
            continue  # `08:23:55` is a time
        if m.group().count("：") + m.group().count("∶") + m.group().count(":") == 1 and not _is_ratio(
            text, m
        ):
            continue
        # Each term a figure of its own (as a range's ends are): `1.9：25.7：72.4` holds three shares.
        for term in re.finditer(NUMBER, m.group()):
            out.append(
                Quantity(
                    m.start() + term.start(), m.start() + term.end(), to_number(term.group()), None, None
                )
            )
        taken.update(range(m.start(), m.end()))
    for q in [*_streaks(text, quoted), *_durations(text, quoted), *_flat(text, quoted)]:
        if not taken.intersection(range(q.start, q.end)):
            out.append(q)
            taken.update(range(q.start, q.end))
    for q in [*_chinese_quantities(text, quoted), *_bare_magnitudes(text, quoted)]:
        if not taken.intersection(range(q.start, q.end)):  # `连续两次`: the streak's
            out.append(q)
            taken.update(range(q.start, q.end))
    last_change: tuple[int, float] | None = None  # verb of the `分别增长A%、B%` list being read
    for m in QUANTITY.finditer(text):
        num_start = m.start("num")
        if num_start in taken or not m.group("num")[0].isdigit():
            continue
        start, end = m.start(), m.end()
        if quoted[num_start]:
            if not _is_whole_quote(text, start, end):
                continue  # `“1151”`, `“八抓20条”`: a code, a name (but `“7片”` counts seven zones)
            start, end = start - 1, end + 1  # the quote marks belong to the figure
        if names_a_line(m.group("num"), text[m.end("num") :]):
            continue  # `12345市民服务热线`: a line's number
        unit_core, post = m.group("unit"), m.group("post")
        counts_a_noun = False
        if unit_core and _starts_a_word(text, m.start("unit"), unit_core):
            # `75周年`: an anniversary, not 75 weeks; `70多万群众`: 70多万 people
            unit_core, post, end = None, None, m.start("unit")
            # `2000多人员`: a whole number before a countable noun counts it
            counts_a_noun = "." not in m.group("num") and _starts_a_word(text, end, "", _COUNTED_AT)
        elif unit_core in PLACE_UNITS and text.startswith("域", m.end("unit")):
            unit_core, post, end = None, None, m.start("unit")  # `2024县域`: a place's area, no count
        mult = m.group("mult") or ""
        after = text[end:]
        if unit_core is None and not mult and not post:
            listed = _list_unit(text, end)
            if listed is not None:
                unit_core = listed  # `提高0.9、5.9个百分点`: the list's last unit is every item's
            elif _is_index(text[: m.start()]):
                pass  # `居民消费价格指数为100.7`: an index's level has no unit
            elif _is_bare_count(text, m) or counts_a_noun:
                pass  # `亿元以上项目136；`: a count whose measure word the writer left out
            else:
                continue  # a bare number: a code, a date or part of a name
        elif unit_core is None and not mult and _is_date(m.group("num"), None, after):
            continue
        if _is_date(m.group("num"), unit_core or (mult or None), after):
            continue
        if after[:1].isascii() and after[:1].isalpha() and not (unit_core or mult):
            continue  # `5G`, `3D`: names (`707家P2P平台` is a count)
        before = text[: m.start()]
        if before.endswith(("×", "x", "前")):
            continue  # `7×24小时`, `排名前1%`: a code, a bound
        pre = m.group("pre")
        if pre and _in_a_word(text, m.start()):
            pre, start = None, m.start("num")  # `新签约10亿元`, `最近3年`: 约, 近 are the word's
        if unit_core == "大" and not _tallies_a_list(text, m.start()):
            continue  # `10大新兴产业`, `十大特色农业产业`: N大 names a class of things, not a count
        if unit_core in (None, "大", "个", "项", "类", "条") and names_a_set(
            text, num_start, end, None if unit_core == "大" else unit_core
        ):
            continue
        if counts_instalments(text, end, unit_core):
            continue  # `3批18项`: the batches the 18 came in
        if not mult and restates_a_list(text, num_start, end, to_number(m.group("num")), unit_core):
            continue  # `咸丰、大冶、枝江3个县市`: the list's length
        if mult and unit_core in SIZED_PLACES:
            if not text.startswith(("外", "内"), m.end("unit")):
                continue  # `城区人口超50万县`: a class of counties, not 500,000 of them
            unit_core, post, end = None, None, m.start("unit")  # `2300万省外劳动力`: 2300万 people
        if unit_core in SIZES and not mult and _names_a_size(after):
            continue  # `500千伏主网`, `12英寸晶圆`: the size of a class of things
        if _is_class_bound(text, num_start, pre, unit_core, post, after):
            continue  # `过5亿元项目`, `50亿元以上制造业项目`: a class of things, not a figure
        unit = (mult + (unit_core or "")) or None
        qualifier = pre or m.group("hedge") or m.group("hedge2") or post
        number = to_number(m.group("num"))
        value: float | None = number
        change = None
        change_start = None
        if unit == "%":
            verb = _change_verb(text, start) or _cut_verb(text, start)
            shared = (
                verb is None
                and last_change is not None
                and text[:start].endswith(("、", "%-", "%至", "%—", "%和", "%与", "%及"))
            )
            if shared:
                verb = last_change
            if verb is not None:
                change_start, sign = (start, verb[1]) if shared else verb
                change, value, unit = sign * number, None, None
                last_change = verb
            else:
                last_change = None
        else:
            last_change = None
        out.append(Quantity(start, end, value, unit, qualifier, change, change_start))
    return _share_list_units(text, sorted(out, key=lambda q: q.start))


SHORTER = ("缩短", "缩减", "压缩", "延长", "提前", "减至", "降至")  # `由18小时缩短到5小时`


def _starts_a_word(text: str, at: int, unit: str, words: dict[str, tuple[str, ...]] | None = None) -> bool:
    """`75周年`, `10万群众`: the unit read is the start of a longer word that is no unit (of `words`,
    by first character: NOT_UNITS unless given)."""
    return any(
        len(word) > len(unit) and text.startswith(word, at)
        for word in (_NOT_UNITS_AT if words is None else words).get(text[at : at + 1], ())
    )


def _by_first(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Words by their first character: a unit is checked only against those it could start."""
    out: dict[str, tuple[str, ...]] = {}
    for word in words:
        out[word[:1]] = (*out.get(word[:1], ()), word)
    return out


_NOT_UNITS_AT = _by_first(NOT_UNITS)
_COUNTED_AT = _by_first(COUNTED_NOUNS)


RATIO_WORDS = ("比", "比例", "比重", "结构", "之比", "构成")
LIST_ITEM = re.compile(rf"(?:、|和|与|及)(?:第)?{NUMBER}")
INDEX = re.compile(r"(?:指数|CPI|PPI|PMI|IPI)(?:（[A-Z]+）|\([A-Z]+\))?(?:[为是]|达到|达|保持在|保持|在)?$")


def _list_unit(text: str, end: int) -> str | None:
    """The unit of a list `0.9、5.9个百分点` that the bare number ending at `end` begins: the unit
    its last item gives (multiplier included), or None when no unit closes the list."""
    while m := LIST_ITEM.match(text, end):
        end = m.end()
        nxt = QUANTITY.match(text, m.end() - len(m.group().lstrip("、和与及第")))
        if nxt is not None and (nxt.group("unit") or nxt.group("mult")):
            unit = nxt.group("unit")
            return None if unit == "大" else (nxt.group("mult") or "") + (unit or "")
    return None


def _is_bare_count(text: str, m: re.Match[str]) -> bool:
    """A whole number that ends its clause right after a thing counted (`其中，亿元以上项目136；`)."""
    num = m.group("num")
    ends = text[m.end() : m.end() + 1] in ("", "，", "；", "。", "、", ",", ";")
    after = text[m.end() :]
    return num.isdigit() and not _is_date(num, None, after) and ends and text[: m.start()].endswith(COUNTED)


def _is_index(head: str) -> bool:
    """Does a bare number here give an index's level (`价格指数为100.7`, `PMI 50.2`)?"""
    return INDEX.search(head.rstrip()) is not None


def _is_ratio(text: str, m: re.Match[str]) -> bool:
    """A two-term `31.3：68.7` is a ratio when the words before it say so (`比重为`, `收入比缩小至`)
    or one of its terms has decimals; `1:1` alone may be a score or a code."""
    head = text[max(0, m.start() - 12) : m.start()]
    return "." in m.group() or any(word in head for word in RATIO_WORDS)


def _names_a_size(after: str) -> bool:
    """Is a physical size followed straight by a noun (`千伏主网工程`), not by a verb or a clause's end?"""
    head = after[:1]
    if not ("\u4e00" <= head <= "\u9fff") or head in "的和及与或至到、":
        return False
    return not after.startswith(
        (*CHANGE_UP, *CHANGE_DOWN, *CHANGE_LINK, *SHORTER, "以", "内", "间", "左", "上", "下")
    )


def _tallies_a_list(text: str, start: int) -> bool:
    """Does an `N大` in digits at `start` tally the kinds of an open list (`数字经济、高端装备制造、
    纺织服装等5大产业`)? Writers give a statistic in digits and a programme's name in words (`十大特色
    农业产业`, `八大行动`); an N大 with no list before it (`推动10大产业`) names a class either way.

    >>> _tallies_a_list("发展数字经济、纺织服装等5大产业", 12), _tallies_a_list("推动10大产业", 2)
    (True, False)
    """
    clause = text[max(text.rfind(c, 0, start) for c in "，；。：") + 1 : start]
    return text[start : start + 1].isdigit() and clause.endswith("等") and "、" in clause


def _is_whole_quote(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in OPEN_QUOTES and text[end] in CLOSE_QUOTES


def _chinese_quantities(text: str, quoted: list[bool]) -> list[Quantity]:
    """Quantities in Chinese numerals, each at least 2 (`一批`, `一场` are phrases); `N大` names a
    class (`八大行动`, `十九大` a congress), never a count. A count says 两, so a lone 二 is an ordinal (`二次创业`, `二期`), and a
    lone 千 a name or an idiom (`千人计划`, `千家万户`); `数百`, `几十`, `上百` are no number.

    >>> [(q.value, q.unit, q.qualifier) for q in _chinese_quantities("超百场活动，两万亿元，实施八大行动", [False] * 17)]
    [(100.0, '场', '超'), (2.0, '万亿元', None)]
    """
    out = []
    for m in CN_QUANTITY.finditer(text):
        value, unit = cn_number(m.group("num")), m.group("unit")
        if quoted[m.start("num")] or value < 2 or m.group("num") in ("二", "千"):
            continue
        if text[: m.start()].endswith(("每", "届")) or text.startswith("数", m.end()):
            continue  # `每千人5.5批次`: a rate's base; `十三届二次全会`: an ordinal; `两位数`: digits
        if text[m.start("num") - 1 : m.start("num")] in ("上", "成") and m.group("num")[0] in "百千":
            continue  # `上百个`, `成千上万`: no number
        if (unit == "次" and text.startswith(SESSIONS, _past_list(text, m.end()))) or (
            unit == "个" and text.startswith("月", m.end())
        ):
            continue  # `三次会议`, `四次、五次全会`: sessions; `两个月`: a time
        if any(text.startswith(term, m.start("num")) for term in NOT_COUNTED):
            continue
        if m.group("mult") and unit in SIZED_PLACES:
            continue  # `经济总量千亿县`, `百亿县`: a class of counties sized by their output
        if in_place_name(text, m.start("num"), m.end()):
            continue  # `三门峡`, `七台河`: a place, not 3门
        if text.startswith(NOT_NUMBERS, m.start("num")) or _starts_a_word(text, m.start("unit"), unit):
            continue  # `十分重要`, `百分点`, `三分之一`: words, not a count
        if unit == "大" or names_a_region_group(text, m.start("num"), unit):
            continue  # `八大攻坚行动`: a class of things; `沿海六市`, `东北三省一区`: a region's members
        if names_a_set(text, m.start("num"), m.end(), None if unit == "大" else unit):
            continue  # `四个全面`, `三大攻坚战`, `准四类水质`: a name, not a count
        if (
            not m.group("mult") and restates_a_list(text, m.start("num"), m.end(), value, unit)
        ) or counts_instalments(text, m.end(), unit):
            continue  # `养老、失业、工伤三项保险`: the list's length; `两批34项`: the 34's batches
        if _is_class_bound(text, m.start("num"), m.group("pre"), unit, None, text[m.end() :]):
            continue  # `百亿美元级项目`
        mult = m.group("mult") or ""
        qualifier = m.group("pre") or m.group("hedge")
        out.append(Quantity(m.start(), m.end(), float(value), (mult + unit) or None, qualifier))
    return out


# A size written as a bare order of magnitude after a word that reaches or passes it (`突破万亿元`,
# `旅游收入破万亿`, `超千亿元`): one of that order. `千亿级`, a class, and a numeral before (`两万亿元`,
# `_chinese_quantities`') are not this.
REACHES = (*PRE_HEDGES, *vocab.words("thresholds.tsv", "reaches"))
BARE_MAGNITUDE = re.compile(
    rf"(?<![零一二两三四五六七八九十百千万亿\d])(?P<pre>{'|'.join(sorted(REACHES, key=len, reverse=True))})"
    rf"(?P<num>[十百千])?(?P<mult>万亿|亿|万)(?P<unit>{'|'.join(re.escape(u) for u in UNITS if u not in ('%', '‰'))})?+"
    r"(?![级零一二两三四五六七八九十百千万亿\d])"  # the unit taken whole (?+): `千亿元级` is a class
)


NOT_HEDGES = frozenset(vocab.words("not-hedges.tsv", "word"))  # CC-CEDICT's: 签约, 最近, 表达
WORD_ENDS = frozenset(vocab.words("not-hedges.tsv", "end"))  # and the words that take their first: 补贴


def _in_a_word(text: str, at: int) -> bool:
    """Is the one-character hedge or reaching word at `at` the end of a word (`新签约`, `最近`)
    rather than itself? Not where the word's first character ends the word before (`补贴近3亿元`)."""
    return at > 0 and text[at - 1 : at + 1] in NOT_HEDGES and text[max(at - 2, 0) : at] not in WORD_ENDS


def _bare_magnitudes(text: str, quoted: list[bool]) -> list[Quantity]:
    """`突破万亿元` (1万亿元), `超千亿元` (1000亿元), `破万亿` (1万亿): see BARE_MAGNITUDE.

    >>> [(q.value, q.unit, q.qualifier) for q in _bare_magnitudes("财政民生支出首次突破万亿元", [False] * 13)]
    [(1.0, '万亿元', '突破')]
    """
    out = []
    for m in BARE_MAGNITUDE.finditer(text):
        num, unit, after = m.group("num"), m.group("unit") or "", text[m.end() :]
        if quoted[m.start("mult")] or (unit and _starts_a_word(text, m.start("unit"), unit)):
            continue
        if _in_a_word(text, m.start()) or not (unit or num or m.group("mult") == "万亿"):
            continue  # `签约亿元以上项目`: no hedge; `破亿`, `超万`: of what, unsaid
        post = next((p for p in ("以上", "以下") if after.startswith(p)), None)
        at = m.start("pre") + len(m.group("pre"))
        if after[:1] == "、" or _is_class_bound(
            text, at, m.group("pre"), unit or None, post, after[len(post or "") :]
        ):
            continue  # `超万亿元产业集群`, `超百亿、超千亿产业链`: a class of things sized so
        value = float(CN_TENS[num]) if num else 1.0
        hedge = m.group("pre") if m.group("pre") in PRE_HEDGES else None  # `迈上` reaches, hedges nothing
        out.append(Quantity(m.start(), m.end(), value, m.group("mult") + unit, hedge))
    return out


def _streaks(text: str, quoted: list[bool]) -> list[Quantity]:
    """`连续34年`, `连续7次`: how long a record has run.

    >>> [(q.value, q.unit) for q in _streaks("连续34年居全国首位，连续六个月", [False] * 15)]
    [(34.0, '年'), (6.0, '个月')]
    """
    out = []
    for m in STREAK.finditer(text):
        value = cn_number(m.group("num"))
        if value > 0 and not quoted[m.start()]:
            out.append(Quantity(m.start(), m.end(), float(value), m.group("unit"), None))
    return out


DURATION_LEADS = tuple(
    sorted((u for u, k, *_ in vocab.table("units.tsv") if k == "duration-lead"), key=len, reverse=True)
)
DURATION = re.compile(
    rf"(?P<num>{NUMBER}|{CN_NUMBER}|一)(?P<hedge>多|余)?(?P<unit>年|个月|天|周|小时|分钟)(?P<post>多|余|以上|左右)?"
)
MULTIPLE = re.compile(rf"(?P<num>{NUMBER}|{CN_NUMBER}|一)(?P<unit>倍|番)")
MULTIPLE_VERBS = ("涨", "增长", "增加", "提高", "提升", "扩大", "翻", "增")
_SAME_AS = r"(?:(?:与|和|同|较|比)(?:上年同期|去年同期|上年|去年|同期)|同比)"
FLAT = re.compile(rf"{_SAME_AS}?基本持平|{_SAME_AS}持平|(?<!保)持平(?=[，。；、]|$)")


def _durations(text: str, quoted: list[bool]) -> list[Quantity]:
    """How long something lasts after a word that says so (`遗留时长8年多`, `再延长30年`), and a
    multiple after a growth verb (`涨了一倍`, `翻一番`), Chinese 一 included.

    >>> [(q.value, q.unit, q.qualifier) for q in _durations("遗留时长8年多，房价涨了一倍", [False] * 14)]
    [(8.0, '年', '多'), (1.0, '倍', None)]
    """
    out = []
    for m in DURATION.finditer(text):
        head = text[: m.start()].removesuffix("了").removesuffix("达").removesuffix("为")
        if quoted[m.start()] or not head.endswith(DURATION_LEADS):
            continue
        value = _any_number(m.group("num"))
        if value > 0:
            qualifier = m.group("hedge") or m.group("post")
            out.append(Quantity(m.start(), m.end(), value, m.group("unit"), qualifier))
    for m in MULTIPLE.finditer(text):
        head = text[: m.start()].removesuffix("了")
        if quoted[m.start()] or not head.endswith(MULTIPLE_VERBS) or m.group("num")[0].isdigit():
            continue  # digits are read as any unit is
        value = _any_number(m.group("num"))
        if value > 0:
            out.append(Quantity(m.start(), m.end(), value, m.group("unit"), None))
    return out


def _flat(text: str, quoted: list[bool]) -> list[Quantity]:
    """`与上年同期持平`, `同比持平`: a change of 0."""
    return [
        Quantity(m.start(), m.end(), None, None, None, 0.0, m.start())
        for m in FLAT.finditer(text)
        if not quoted[m.start()]
    ]


def _any_number(text: str) -> float:
    return to_number(text) if text[0].isdigit() else float(cn_number(text))


def _share_list_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """`提升7.2个、5.2个百分点`, `高于全省2.2个和3.7个百分点`: a list's last unit completes the
    earlier items' shortened one."""
    for i in range(len(found) - 2, -1, -1):
        q, nxt = found[i], found[i + 1]
        if (
            q.unit
            and nxt.unit
            and q.unit != nxt.unit
            and nxt.unit.startswith(q.unit)
            and text[q.end : nxt.start] in ("、", "和", "与", "及")
        ):
            found[i] = replace(q, unit=nxt.unit)
    return found


def cn_number(text: str) -> int:
    """A whole number in Chinese or arabic numerals; 0 when it is not one (`二三`).

    >>> [cn_number(t) for t in ("十三", "二十", "13", "百", "三百零五", "两千五", "二三")]
    [13, 20, 13, 100, 305, 2500, 0]
    """
    if text.isdigit():
        return int(text)
    total, digit, last = 0, None, 0  # `last`: the power just read, 0 after 零
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None:
                return 0  # two digits in a row: not a number
            digit = CN_DIGITS[ch]
        elif ch in CN_TENS:
            total += (1 if digit is None else digit) * CN_TENS[ch]
            digit, last = None, CN_TENS[ch]
        elif ch == "零":
            last = 0
        else:
            return 0
    if digit is not None and last >= 100:
        return total + digit * last // 10  # `两千五` is 2500, `三百五` 350
    return total + (digit or 0)


RANK_LIST = ("、", "和", "与", "及")  # between the rankings of a list: `居全国第五和第六`


def find_ranks(text: str) -> list[Rank]:
    """Every ranking a sentence gives (`列全市第二`, `增速居县（市、区）第一`).

    >>> [(r.scope, r.position, r.text) for r in find_ranks("销售面积增长9.8%，列全市第二。")]
    [('全市', 2, '列全市第二')]
    """
    ranks: list[Rank] = []
    if "第" not in text and "首" not in text:  # every ranking has one (第二, 首位, 之首): most sentences none
        return ranks
    for m in RANK.finditer(text):
        # `排名稳居全省第一`: a second verb is no part of the scope; `全国排名有望上升至`: nor a hedge
        vscope = RANK_VERB.sub("", m.group("vscope") or "")
        if m.group("scope0") and not any(ch in vscope for ch in PLACE_MARKS):
            vscope = ""
        scope = m.group("scope") or vscope or m.group("scope0") or None
        listed = bool(ranks) and text[ranks[-1].end : m.start()] in RANK_LIST  # `居全国第2位、第7位`
        moved = m.group("move") is not None  # `由全国第11位跃升至第5位`
        if not (m.group("verb") or scope or listed or moved):
            continue
        position = 1 if m.group("first") else cn_number(m.group("pos"))
        if position <= 0:
            continue
        if ranks and (listed or moved) and scope is None:
            scope = ranks[-1].scope
        if moved and ranks and text[: ranks[-1].start].endswith(("由", "从")):
            ranks.pop()  # the standing it rose from is no ranking of the figure
        ranks.append(Rank(m.start(), m.end(), scope, position, m.group()))
    return ranks


def find_period(text: str, before: int) -> str | None:
    """The last period the sentence names before position `before`.

    >>> find_period("上半年，全区主要景区景点接待游客1439万人次", 16)
    '上半年'
    """
    earlier = [m.group() for m in PERIOD.finditer(text, 0, before)]
    return earlier[-1] if earlier else None
