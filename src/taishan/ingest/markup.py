"""Markdown -> plain text on the same lines: front matter blanked, marks dropped, words kept."""

from __future__ import annotations

import re

FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|>+)\s+")
RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def is_markdown(text: str) -> bool:
    """Front matter, or an ATX heading (`# 标题`) on a line of its own.

    >>> is_markdown("---\\ntitle: x\\n---\\n正文"), is_markdown("## 一、概述\\n正文"), is_markdown("#1 正文")
    (True, True, False)
    """
    return bool(FRONT.match(text)) or any(HEADING.match(line) for line in text.split("\n")[:200])


def plain(text: str) -> str:
    """The words of a Markdown report, each on its original line.

    >>> plain("---\\ntitle: 报告\\n---\\n# 一、概述\\n- **增长**[5%](x)。")
    '\\n\\n\\n一、概述\\n增长5%。'
    """
    front = FRONT.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end() :]
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = []
    for line in text.split("\n"):
        if RULE.match(line):
            out.append("")
            continue
        heading = HEADING.match(line)
        line = heading.group(1) if heading else LIST_MARK.sub("", line)
        line = LINK.sub(r"\1", IMAGE.sub(r"\1", line))
        line = EMPHASIS.sub(r"\2", line)
        if line.strip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(line)
    return "\n".join(out)
