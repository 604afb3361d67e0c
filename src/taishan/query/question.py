"""A question as a person types it -> the words to find, and what the question asks of them.

Words of a question that are not its subject (data/question-words.tsv: 请问, 是多少, 吗, 哪些 …) are
dropped; intent words become a preference, a filter or an order (增长了多少: facts with a change
first; 降幅最大: falls, largest first; 超过50亿元: at least 5e9 yuan; 排名第一: rank 1; 前三: rank ≤ 3).
English phrases (`tourist arrivals`) become the Chinese words the thesaurus gives them, before
pinyin joining could read them as pinyin.

>>> r = read(["营业收入增长了多少"])
>>> r.words, r.wants, r.dropped
(['营业收入'], 'change', ['增长', '了', '多少'])
>>> read(["超过50亿元的指标"]).filters
{'min_value': 5000000000.0, 'unit': '元'}
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from taishan.query.filters import cn_number
from taishan.query.lexicon import (
    english,
    english_key,
    english_words,
    glossary,
    long_units,
    question_words,
    short_units,
    spells_pinyin,
    spoken_question_words,
    t2s,
    thesaurus,
)
from taishan.query.parse import clean, is_cjk

NUMBER = r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?"
CN_NUMBER = r"([一二两三四五六七八九十\d]{1,3})"
# what a rank's scope looks like before 第N (全省第二, 县区第一); the ranks' scopes in reports
SCOPE = r"(全国|全省|全市|全区|全县|各?县市区|各?县区|[省市区县]内|同类[城县区市]*)"  # 县区: 县（市、区）
# 第N, 前N before these is a period or a list, not a rank (第一季度, 前三季度, 第二产业)
NOT_RANK = "季度|季|个月|月|年|天|周|批|届|次|产业|阶段|期|章|条|轮|步|名单"
# a unit typed after a bound's number: up to 3 characters, ending before a particle or the end
UNIT = r"(%|[^\W\d_的了吗呢是有，。？?]{1,3}?)?(?=$|[\s的了吗呢，。？?,、且和]|以上|以下|以内|及|{bounds})"
SORT_ROLES = {"most-change": "change", "most-fall": "fall", "most-value": "value", "least-change": "slow"}
TAIL_ROLES = (
    "generic",
    "count",
    "share",
    "change",
    "fall",
    "money",
)  # only at a phrase's end (增加值 is a subject)
KEPT_ROLES = ("generic", "count", "share", "weak", "target")  # kept as words, but they may go unmatched
# the roles cut out of a run of characters (bounds and ranks need a number: see _bounds, _ranks; a
# place's ending is no word of its own)
SCANNED = ("filler", "ask", "what", "target", "weak", *TAIL_ROLES, *SORT_ROLES)
ENGLISH_WORD = re.compile(r"[a-z][a-z'\-]*")  # people's, high-level
SHARE_UNIT = "%"  # the unit a question about a proportion (占比, 比重) asks in


class Reading(NamedTuple):
    """How a question was read."""

    words: list[str]  # the words to find, in order (an English phrase as `a|b`)
    dropped: list[str]  # words read as the question's, not its subject's
    generic: list[str]  # vague words that may go unmatched (数量, 情况)
    wants: str | None  # "change" | "fall" | None: facts with a (negative) change are preferred
    unit: str | None  # a unit asked for (多少人次; % for 占比): facts in it are preferred
    sort: str | None  # "change" | "fall" | "value" | "slow" (the smallest rise first)
    filters: dict[str, Any]  # Filters fields: min_value, max_value, min_change, max_change, unit
    rank: tuple[int, int, str] | None  # (best, worst, scope): facts ranked within best..worst
    english: dict[str, str]  # an English phrase -> the words it was read as
    asks: bool = False  # a question word or particle was read (多少, 吗, 的): not plain keywords
    phrase: str = ""  # the question from its first word to its last, as typed (东莞的出口总额)
    number: bool = False  # it asks for a number (多少, 几): a fact without a figure is no answer
    target: bool = False  # it names a plan (目标, 预期): a target answers it, else an actual figure
    top: int | None = None  # 最 … 三个: only the first three

    @property
    def is_question(self) -> bool:
        """Whether anything beyond plain keywords was read (a change word alone is a keyword: 增长)."""
        return bool(
            self.asks or self.sort or self.filters or self.rank or self.english or (self.wants and self.words)
        )


def number(text: str) -> int | None:
    """A count in digits or Chinese numerals (3, 三, 十二), read as --min reads one; None if it is not.

    >>> number("十二"), number("3"), number("前")
    (12, 3, None)
    """
    if text.isdigit():
        return int(text)
    try:
        return cn_number(text)
    except ValueError:
        return None


def _words_of(role_prefix: tuple[str, ...]) -> str:
    words = sorted((w for w, r in question_words().items() if r in role_prefix), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words) or "(?!)"


def _bounds(text: str, filters: dict[str, Any], dropped: list[str]) -> str:
    """Bounds (超过50亿元, 不到10%, 50万人以上, 增长超过20%, 降幅超过10%) taken out of the text into
    `filters`."""
    from taishan.query.filters import MULTIPLIERS, split_unit

    change, before = _words_of(("change", "fall")), _words_of(("min", "max"))
    unit = UNIT.replace("{bounds}", before)  # a unit ends where the next bound begins (超过5亿元不到10亿元)
    pattern = (
        rf"(?P<chg>(?:{change})\s*)?(?:(?P<pre>{before})\s*{NUMBER}\s*{unit}"
        rf"|{NUMBER}\s*{unit}\s*(?P<post>{_words_of(('min-after', 'max-after'))}))"
    )
    roles = question_words()

    def take(m: re.Match[str]) -> str:
        word = m["pre"] or m["post"]
        value = float(m[3] if m["pre"] else m[6]) * MULTIPLIERS.get((m[4] if m["pre"] else m[7]) or "", 1.0)
        unit = (m[5] if m["pre"] else m[8]) or ""
        low = roles[word].startswith("min")
        if m["chg"] and roles.get(m["chg"].strip()) == "fall":  # 降幅超过11%: a change of -11 or less
            filters["max_change" if low else "min_change"] = -value
            if not low:  # 降幅不到5%: a fall, of 5% at most
                filters["max_change"] = min(filters.get("max_change", 0.0), 0.0)
        elif m["chg"]:
            filters["min_change" if low else "max_change"] = value
        else:
            factor, base = split_unit(unit)
            filters["min_value" if low else "max_value"] = value * factor
            if base:
                filters["unit"] = base
        dropped.append(m[0].strip())
        return " "

    return re.sub(pattern, take, text)


def _ranks(text: str, dropped: list[str]) -> tuple[str, tuple[int, int, str] | None]:
    """A rank asked for (排名第一, 全省第二, 前三, 首位) taken out of the text."""
    found: list[tuple[int, int, str]] = []
    rank_words = _words_of(("rank",))

    def take(m: re.Match[str], top: bool) -> str:
        n = number(m["n"] or m.groupdict().get("n2") or "")
        if n is None:
            return m[0]
        scope = m.groupdict().get("scope") or ""
        found.append((1, n, scope) if top else (n, n, scope))
        dropped.append(m[0].strip())
        return " "

    # 前N after a rank word, a scope, a particle or nothing: not inside a word (目前一下, 之前三年)
    before = rf"(?:(?:{rank_words})?\s*{SCOPE.replace('(', '(?P<scope>', 1)}|(?:{rank_words})|(?<![\u4e00-\u9fff])|(?<=[的是在]))"
    text = re.sub(
        rf"{before}\s*(?:{_words_of(('top',))}){CN_NUMBER.replace('(', '(?P<n>', 1)}(?:名|位|强)?(?!{NOT_RANK}|\d)",
        lambda m: take(m, True),
        text,
    )
    n2 = CN_NUMBER.replace("(", "(?P<n2>", 1)
    text = re.sub(
        rf"(?:(?:{rank_words})?\s*{SCOPE.replace('(', '(?P<scope>', 1)}|(?:{rank_words}))\s*"
        rf"第{CN_NUMBER.replace('(', '(?P<n>', 1)}(?:名|位)?(?!{NOT_RANK}|\d)"
        rf"|第{n2}(?:名|位)(?!{NOT_RANK})",
        lambda m: take(m, False),
        text,
    )
    # 首位, 冠军 after a rank word, a scope or nothing; inside a noun (单项冠军企业) they name no rank
    first = re.search(
        r"(?:(?<![\u4e00-\u9fff])|(?<=[居列])|(?<=全国|全省|全市|全区|全县|排名|位居|名列))(?:首位|榜首|冠军)",
        text,
    )
    if first:
        found.append((1, 1, ""))
        dropped.append(first[0])
        text = text.replace(first[0], " ")
    return text, (found[0] if found else None)


def _latin_role(token: str) -> str | None:
    """The role of a Latin token: an English question word, or a question word in pinyin (the data
    file's generated spellings: `duoshao`, `zengzhang`)."""
    return question_words().get(token) or spoken_question_words().get(token)


def _english(tokens: list[str], found: dict[str, str], parts: bool = False, below: int = 0) -> list[str]:
    """Runs of English words that the English table knows, longest first, read as `a|b` of their
    Chinese words; phrases compare by their content words (lexicon.english_key), so a function
    word (`of`, `the`) or a plural never breaks one apart, and a run starts at a content word.
    With `parts`, a phrase that shorter phrases of the table cover whole is read as those (`r&d
    expenditure` and `share of gdp`, for a report that writes 研发经费支出…占地区生产总值比重)."""
    if not any(t.isascii() and any(c.isalpha() for c in t) for t in tokens):
        return tokens
    table = english([t for t in tokens if t.isascii()])
    out: list[str] = []
    i = 0
    while i < len(tokens):
        run = i
        while run < len(tokens) and tokens[run].isascii():
            run += 1
        words: tuple[str, ...] = ()
        end = i
        if run > i and english_key(tokens[i : i + 1]):
            for end in range(run, i, -1):  # the longest phrase first (shorter than `below`, if given)
                if (below and end - i >= below) or not english_key(tokens[end - 1 : end]):
                    continue  # (a phrase ends in a content word: `exports of goods` is no `exports of`)
                if end - i == 1 and tokens[i].replace(".", "") in glossary():
                    continue  # a glossary abbreviation alone is read as a term (parse.latin_term)
                words = table.get(english_key(tokens[i:end]), ())
                if words:
                    break
        sub: dict[str, str] = {}
        pieces = _english(tokens[i:end], sub, below=end - i) if parts and words and end - i > 1 else []
        if len(sub) > 1 and all(p in sub.values() or not english_key([p]) for p in pieces):
            out += [p for p in pieces if p in sub.values()]  # its parts cover every content word
            found.update(sub)
            i = end
        elif words:
            phrase = " ".join(tokens[i:end])
            found[phrase] = "|".join(words)
            out.append(found[phrase])
            i = end
        else:
            out.append(tokens[i])
            i += 1
    return out


def _operators(text: str) -> bool:
    """Whether the text uses fzf's operators (`!x`, `'x`, `a|b`); a closing `!` or `?` is a question's."""
    return "|" in text or any(w[:1] in "!'" for w in text.split())


def _split_known(token: str) -> list[str]:
    """A token that joins Chinese and a known Latin word (`深圳gdp`) as its two words; a mix that is
    one word (`游ke`: a character and pinyin) stays whole."""
    if token.isascii() or not any(c.isascii() and c.isalpha() for c in token):
        return [token]
    parts = [p for p in re.split(r"([a-z][a-z0-9.]*)", token) if p]
    table = thesaurus()

    def known(part: str) -> bool:
        return part.isascii() and (part in glossary() or table.get(part) is not None)

    if not any(known(p) for p in parts):
        return [token]
    out: list[str] = []
    for part in parts:  # unknown runs rejoin their neighbours
        if out and not known(part) and not known(out[-1]):
            out[-1] += part
        else:
            out.append(part)
    return out


def _segments(text: str) -> list[tuple[str, str]]:
    """A run of characters cut at the question words it holds, longest first: (piece, role or '')."""
    roles = question_words()
    longest = max((len(w) for w in roles), default=1)
    out: list[tuple[str, str]] = []
    piece = ""
    i = 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            word = text[i : i + n]
            role = roles.get(word)
            if role not in SCANNED:
                continue
            if role in TAIL_ROLES and not _at_tail(text, i + n):
                continue
            if piece:
                out.append((piece, ""))
                piece = ""
            out.append((word, role or ""))
            i += n
            break
        else:
            piece += text[i]
            i += 1
    if piece:
        out.append((piece, ""))
    return out


def _joined_known(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A vague or change word kept on the word before it where the two are a known word (经济规模,
    经济增长: the glossary's or the thesaurus's), not cut off as 数量 is from 游客数量; a change word
    so kept still asks for a change (an empty piece carries its role)."""
    out: list[tuple[str, str]] = []
    for piece, role in segments:
        joined = out[-1][0] + piece if out and not out[-1][1] else ""
        known = joined and role in TAIL_ROLES and (joined.lower() in glossary() or thesaurus().get(joined))
        if known:
            out[-1] = (joined, "")
            if role != "generic":
                out.append(("", role))
        else:
            out.append((piece, role))
    return out


def _at_tail(text: str, end: int) -> bool:
    """Whether a phrase ends here: the text ends, or a question word (not a subject's) follows."""
    if end >= len(text) or not is_cjk(text[end]):
        return True
    roles = question_words()
    return any(
        roles.get(text[end : end + n]) in ("filler", "ask", "what", "target", *SORT_ROLES)
        for n in range(4, 0, -1)
    )


def read(words: list[str], parts: bool = False) -> Reading:
    """Read the command line's words as a question (keywords come back as they are); with `parts`,
    an English phrase as the shorter phrases that cover it (see _english)."""
    dropped: list[str] = []
    generic: list[str] = []
    filters: dict[str, Any] = {}
    found_english: dict[str, str] = {}
    wants = unit = sort = None
    asks = share = False
    text = clean(" ".join(words))
    if any(is_cjk(c) for c in text):  # 增長 is 增长: question words are listed simplified
        simple = t2s()
        text = "".join(simple.get(c, c) for c in text)
    if not _operators(text) and any(c.isdigit() for c in text):  # a bound needs a number
        text = _bounds(text, filters, dropped)
    top = None
    if "最" in text:  # 增长最快的三个指标: the three, not a word 三个 to find
        count = re.search(rf"{CN_NUMBER}(?:个|项)(?=指标|的|$)", text)
        if count and number(count[1]):
            top = number(count[1])
            dropped.append(count[0])
            text = text[: count.start()] + " " + text[count.end() :]
    if "前" in text:  # 增幅前三: the three largest changes, not a rank of 增幅
        text, sort, top = _top_changes(text, dropped, sort, top)
    rank = None
    if any(c in text for c in "第前首榜冠"):  # compiling the rank patterns costs ~3 ms: only when asked
        text, rank = _ranks(text, dropped)
    out: list[str] = []
    tokens = _english([w for token in text.split() for w in _split_known(token)], found_english, parts)
    for token in tokens:
        if token in found_english.values() or _operators(token):
            out.append(token)
            continue
        if token.isascii():
            # a question's marks around a word (`gdp?`, `,gdp`), not a word's own (`pm2.5`)
            m = re.fullmatch(r"([?!,.;:]*)(.*?[a-z0-9%])([?!,.;:]*)", token)
            lead, bare, tail = m.groups() if m else ("", token, "")
            role = _latin_role(bare)
            segments = [(p, "filler") for p in (lead,) if p] + [(bare, role or "")]
            segments += [(p, "filler") for p in (tail,) if p]
        else:
            segments = _joined_known(_segments(token))
        after_ask = False
        for piece, role in segments:
            if role:
                # an empty piece carries the role of a word kept whole (经济增长, 优良天数比例)
                share = share or role == "share"  # 占比: a proportion, asked in %
                # kept, but may go unmatched (数量; 累计; 户数; 目标: the status)
                kept = role in KEPT_ROLES
                if piece:
                    (generic if kept else dropped).append(piece)
                    out += [piece] if kept else []
                if role == "count":  # 户数: how many 户, a question
                    unit = unit or piece[:-1]
                    asks = True
                elif kept:
                    pass
                elif role in ("change", "fall"):
                    wants = role
                elif role in SORT_ROLES:
                    sort = SORT_ROLES[role]
                elif role == "money":
                    filters.setdefault("unit", "元")
                else:
                    asks = True
                after_ask = role == "ask" and piece[-1] in "几少"
                continue
            if after_ask and not piece.isascii() and len(piece) <= 3 and piece is segments[-1][0]:
                unit = piece.lstrip("万亿千")  # 多少人次 asks in a unit; 多少所学校 of a noun: either
                generic.append(piece)  # is kept, but may go unmatched
            elif after_ask and not piece.isascii():
                unit, piece = _take_unit(piece, dropped)
            after_ask = False
            if piece:
                out.append(piece)
    if share:
        unit = SHARE_UNIT
    if found_english:  # the other English words of an English question may go unmatched (`of consumer goods`)
        # but not a word in pinyin (`gdp of beijing`: a place the report may name only in passing),
        # unless the English table uses it (`area`, `share` spell pinyin too)
        generic += [
            w
            for w in out
            if ENGLISH_WORD.fullmatch(w)
            and w not in glossary()
            and len(w) > 2
            and (not spells_pinyin(w) or set(english_key([w])) <= english_words())
        ]
    if sort == "fall":
        wants = "fall"
    if wants and not out and not (sort or filters or rank):
        sort = wants  # 哪些下降了, 下降的指标: no subject, so every fact with such a change, largest first
    phrase = ""
    if out and not found_english and out[0] in text and out[-1] in text:
        start = text.find(out[0])
        end = text.find(out[-1], start) + len(out[-1])
        phrase = text[start:end] if end > start and len(out) > 1 else ""
    amount = any((question_words().get(w) or spoken_question_words().get(w)) == "ask" for w in dropped)
    target = any(w in text for w, role in question_words().items() if role == "target")
    return Reading(
        out,
        dropped,
        generic,
        wants,
        unit,
        sort,
        filters,
        rank,
        found_english,
        asks,
        phrase,
        amount,
        target,
        top,
    )


def _top_changes(
    text: str, dropped: list[str], sort: str | None, top: int | None
) -> tuple[str, str | None, int | None]:
    """A change or fall word before 前N (增幅前三, 降幅前五名): the N largest changes or falls."""
    roles = question_words()
    words = sorted(
        (w for w, r in roles.items() if r in ("change", "fall") and is_cjk(w[0])), key=len, reverse=True
    )
    m = re.search(
        rf"({'|'.join(map(re.escape, words))})(?:排名|排)?前{CN_NUMBER}(?:名|位|个|项|强)?(?!{NOT_RANK}|\d)",
        text,
    )
    if not m or not number(m[2]):
        return text, sort, top
    dropped.append(m[0])
    return (
        text[: m.start()] + " " + text[m.end() :],
        "fall" if roles[m[1]] == "fall" else "change",
        number(m[2]),
    )


def _take_unit(piece: str, dropped: list[str]) -> tuple[str, str]:
    """After 几 or 多少: the measure word that asks in what unit (几家, 多少亿元), and what follows it
    (几家强村公司: 强村公司)."""
    whole = next((u for u in long_units() if piece.startswith(u)), "")  # 千瓦时, not 千 + 瓦
    m = re.match(r"()(.)" if whole else r"(万亿|亿|万|千)?(.)", piece)
    assert m is not None  # a piece is never empty
    rest = piece[m.start(2) :]
    unit = next((u for u in long_units() if rest.startswith(u)), m[2])  # 多少公里废旧光缆: 公里
    if len(unit) == 1 and unit not in short_units():  # 多少犯罪嫌疑人: 犯 counts nothing, it begins a word
        unit = ""
    if piece[: m.start(2)] + unit:
        dropped.append(piece[: m.start(2)] + unit)
    return unit, rest[len(unit) :]
