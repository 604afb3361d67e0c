"""An HTML page -> the article's text, one block a line: no navigation, scripts, styles or comments.

The stdlib parser is enough for this: a page's article is its <article> or <main> when it has one
(else its <body>), minus the elements that are never the article (the tags and class/id words of
data/html-boilerplate.tsv). trafilatura would score blocks more cleverly, at ~40 MB and ~300 ms of
imports, and it drops short lines that a government report keeps (a one-line heading).
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

from taishan.ingest.vocab import table

HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
FRAGMENT = re.compile(
    r"^\s*<(?:div|p|article|section|h[1-6]|table)\b[^>]*>.*</(?:div|p|article|section|h[1-6]|table)>",
    re.IGNORECASE | re.DOTALL,
)
BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "main",
    "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "hr", "body", "title",
}  # fmt: skip
VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track"}
ARTICLE = {"article", "main"}


def is_html(text: str) -> bool:
    """A page or a fragment of one, by its first tag.

    >>> is_html("<!DOCTYPE html><html>"), is_html("<div class=a><p>x</p></div>"), is_html("一、<概述>")
    (True, True, False)
    """
    head = text[:4096]
    return bool(HTML_START.match(head) or FRAGMENT.match(text))


@cache
def _boilerplate() -> tuple[frozenset[str], re.Pattern[str]]:
    rows = table("html-boilerplate.tsv")
    tags = frozenset(word for kind, word in rows if kind == "tag")
    words = [re.escape(word) for kind, word in rows if kind == "class"]
    return tags, re.compile(rf"(?:^|[\s_-])(?:{'|'.join(words)})(?:$|[\s_-]|\d)", re.IGNORECASE)


class _Page(HTMLParser):
    def __init__(self, by_class: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_tags, self.skip_words = _boilerplate()
        if not by_class:
            self.skip_words = re.compile(r"(?!)")  # matches nothing
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, in article)
        self.lines: list[tuple[str, bool]] = []  # (text, inside <article>/<main>)
        self.current: list[str] = []
        self.linked = 0  # characters of the current line inside <a>
        self.pre = 0

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _in_article(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def _break(self, hard: bool = False) -> None:
        """End the current line: a block's end only when it holds text, a <br> always (two make a
        blank line, which a report's layout may mean)."""
        text = "".join(self.current)
        if not hard and not text.strip():
            return
        self.current = []
        linked, self.linked = self.linked, 0
        if linked > 0.5 * len(text.replace(" ", "")):
            return  # a line that is mostly links: a menu or a list of other pages
        for line in text.split("\n") if self.pre else [text]:
            if self.pre:
                line = line.strip()
            else:  # spaces collapse; a cell's tab stays
                line = "\t".join(" ".join(cell.split()) for cell in line.split("\t")).strip("\t")
            self.lines.append((line, self._in_article()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th") and not self._skipping():
            self.current.append("\t")  # a table's cells stay apart on their row's line (ingest/tables.py)
        if tag in BLOCKS:
            self._break(hard=tag == "br" and not self._skipping())
        if tag in VOID:
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        skipped = (
            self._skipping()
            or tag in self.skip_tags
            or bool(names and self.skip_words.search(names))
            or any(
                k == "hidden" or (k == "style" and v and "display:none" in v.replace(" ", ""))
                for k, v in attrs
            )
        )
        self.stack.append((tag, skipped, self._in_article() or tag in ARTICLE))
        self.pre += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._break()
        if not any(t == tag for t, _, _ in self.stack):
            return  # a stray end tag
        while self.stack:
            t, _, _ = self.stack.pop()
            self.pre -= t == "pre"
            if t == tag:
                break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._break(hard=tag == "br" and not self._skipping())

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.current.append(data if self.pre else data.replace("\n", " "))
            if any(t == "a" for t, _, _ in self.stack):
                self.linked += len(data.replace(" ", "").replace("\n", ""))


def _lines(page: str, by_class: bool) -> list[tuple[str, bool]]:
    parser = _Page(by_class)
    parser.feed(page)
    parser.close()
    parser._break()
    return parser.lines


def main_text(page: str) -> str:
    """The article's text, one block a line.

    >>> main_text("<html><nav>首页</nav><script>x=1</script><!-- c --><article><h1>标题</h1>"
    ...           "<p>增长<b>5%</b>。</p></article><footer>版权</footer></html>")
    '标题\\n增长5%。'
    """
    lines = _lines(page, by_class=True)
    if not any(text for text, _ in lines):  # a class word on the body or a wrapper hid it all
        lines = _lines(page, by_class=False)
    if any(inside and text for text, inside in lines):
        lines = [(text, inside) for text, inside in lines if inside]
    texts = [text for text, _ in lines]
    while texts and not texts[0]:
        texts.pop(0)
    return "\n".join(texts).rstrip("\n")
