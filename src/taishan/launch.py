"""The `taishan` console script: a plain `query` runs without typer, everything else through cli.py.

Typer's import is ~25 ms of CPU, two to three times python's own start, and a query is otherwise
~15 ms. So a `query` whose arguments `plain_query` reads exactly as typer would (the options of
`QUERY_OPTIONS`, in the forms click accepts, with valid values) goes straight to console.query;
anything else (help, completion, an unknown option, a bad value, a missing argument) goes to typer,
which answers or explains the error as before. tests/test_launch.py checks the two readings agree
on generated command lines, and `QUERY_OPTIONS` against the options typer builds from cli.query.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

from taishan import console
from taishan.console import FactStatus, Format, Sort
from taishan.errors import ExitCode, TaishanError

# cli.query's options: every name -> (its parameter, its kind). A kind is "flag" (True; a "no"
# flag False), a type that converts the value as click does (int(), float(), the enum) or "text".
QUERY_OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("fmt", "format"),
    "-f": ("fmt", "format"),
    "--fields": ("fields", "text"),
    "--limit": ("limit", "count"),
    "-n": ("limit", "count"),
    "--category": ("category", "text"),
    "-c": ("category", "text"),
    "--unit": ("unit", "text"),
    "-u": ("unit", "text"),
    "--min": ("min_value", "text"),
    "--max": ("max_value", "text"),
    "--min-change": ("min_change", "float"),
    "--max-change": ("max_change", "float"),
    "--status": ("status", "status"),
    "--report": ("report", "text"),
    "-r": ("report", "text"),
    "--place": ("place", "text"),
    "-p": ("place", "text"),
    "--year": ("year", "int"),
    "-y": ("year", "int"),
    "--sort": ("sort", "sort"),
    "--header": ("header", "flag"),
    "--no-header": ("header", "no"),
    "--store": ("store_path", "text"),
    "--explain": ("explain", "flag"),
}
FILTERS = (
    "category",
    "unit",
    "min_value",
    "max_value",
    "min_change",
    "max_change",
    "status",
    "report",
    "place",
    "year",
)
# cli.query's defaults (its filters all None); the tests compare the whole reading with typer's
DEFAULTS: dict[str, Any] = {
    "fmt": None,
    "fields": None,
    "limit": 10,
    "sort": None,
    "header": True,
    "store_path": None,
    "explain": False,
}


class _Declined(Exception):
    """Not a command line `plain_query` reads: typer's to answer."""


def _value(kind: str, text: str | bool) -> Any:
    """An option's value as click converts it (int() and float() as click calls them), or
    _Declined where click would refuse it."""
    try:
        if isinstance(text, bool) or kind == "text":  # a flag's, or text
            return text
        if kind == "int":
            return int(text)
        if kind == "count":  # --limit: an int of at least 0
            n = int(text)
            if n < 0:
                raise _Declined
            return n
        if kind == "float":
            return float(text)
        if kind == "format":
            return Format(text)
        if kind == "sort":
            return Sort(text)
        return FactStatus(text).value  # status: cli's filters hold its text
    except ValueError:
        raise _Declined from None


def plain_query(argv: list[str]) -> dict[str, Any] | None:
    """console.query's arguments for `query ...` as typer would read them, or None: not a query, or
    a form this reader leaves to typer. Options and words may come in any order; `--` ends the options.

    >>> plain_query(["query", "游客", "-f", "json", "--limit=3"])["limit"]
    3
    >>> plain_query(["query", "游客", "--help"]) is None
    True
    """
    if not argv or argv[0] != "query" or os.environ.get("_TAISHAN_COMPLETE"):
        return None
    raw: dict[str, tuple[str, str | bool]] = {}  # a parameter -> its last option's kind and value
    terms: list[str] = []
    args = iter(argv[1:])
    try:
        for arg in args:
            if arg == "--":
                terms.extend(args)
            elif arg[:1] != "-" or len(arg) == 1:
                terms.append(arg)  # `-` alone is a word to click too
            else:
                dest, kind, value = _option(arg, args)
                raw[dest] = (kind, value)
        # click converts only the value that counts, the last: `-f yaml -f json` is json
        given = {dest: _value(kind, value) for dest, (kind, value) in raw.items()}
    except _Declined:
        return None
    if not terms:
        return None  # typer says the words are missing
    if os.name == "nt" and any(c in t for t in terms for c in "*?["):
        return None  # click expands wildcards in Windows command lines
    filters = {name: given.pop(name, None) for name in FILTERS}
    return {"terms": terms, **DEFAULTS, **given, "filters": filters}


def _option(arg: str, rest: Iterator[str]) -> tuple[str, str, str | bool]:
    """One option's parameter, kind and value, taken as click's parser takes them: `--name value`,
    `--name=value`, `-x value`, `-xvalue`; a flag takes no value."""
    if arg.startswith("--"):
        name, eq, attached = arg.partition("=")
    else:
        name, attached = arg[:2], arg[2:]
        eq = "=" if attached else ""  # `-fjson`: the rest of the word is the value
    if name not in QUERY_OPTIONS:
        raise _Declined
    dest, kind = QUERY_OPTIONS[name]
    if kind in ("flag", "no"):
        if eq:
            raise _Declined  # click: the option does not take a value
        return dest, kind, kind == "flag"
    if not eq:
        following = next(rest, None)  # click takes the next word whatever it is (`--min-change -5`)
        if following is None:
            raise _Declined
        attached = following
    return dest, kind, attached


def _dispatch(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    given = plain_query(args)
    if given is None:
        from taishan import cli

        return int(cli.app(args=args, standalone_mode=False) or 0)
    try:
        return console.query(**given)
    except TaishanError as e:  # as cli's group ends them
        console.fail(str(e))
        return e.exit_code
    except KeyboardInterrupt:  # typer's way: 130, silently
        return ExitCode.INTERRUPTED


def run(argv: list[str] | None = None) -> int:
    """Run the command line (`argv`, else sys.argv[1:]), everything written and flushed; return
    the exit code. A closed pipe (`taishan list | head -1`) ends quietly."""
    return console.finish(lambda: _dispatch(argv))


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line and exit by SystemExit with its code: safe to call in-process (a test,
    `python -m taishan`, coverage), where the caller may catch it and carry on."""
    sys.exit(run(argv))


def script() -> NoReturn:
    """The `taishan` console script: `run`, then end the process at once. All is written, files
    closed and stores renamed by then; skipping the interpreter's teardown of the ~300 modules a
    run imports saves ~7 ms of a ~60 ms query (measured). Only here: the process is ours alone."""
    os._exit(run())
