"""What the command line writes and how a run ends, without typer: the output formats, `--fields`,
the one-line error, the flush at exit, and the `query` command's body.

cli.py declares the commands with typer and calls these; launch.py runs a plain `query` straight
here, so that a query pays neither typer's import (~25 ms of CPU, 2-3x python's start) nor its
building of the command (README: Performance).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from taishan import render
from taishan.errors import ExitCode, UsageError
from taishan.query.filters import Given

if TYPE_CHECKING:
    from taishan.api import Store


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class FactStatus(StrEnum):
    actual = "actual"
    estimate = "estimate"
    target = "target"


class Sort(StrEnum):
    score = "score"
    value = "value"
    change = "change"


def fail(message: str) -> None:
    """One line on stderr: `taishan: error: ...`."""
    if sys.stderr is not None:  # None when the caller closed it (`2>&-`)
        sys.stderr.write(f"taishan: error: {render.clean(message)}\n")


def silence_stdout() -> None:
    """The reader of stdout has gone: send what is left nowhere, so the flush at exit cannot fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def on_terminal() -> bool:
    return sys.stdout.isatty()


def chosen_format(fmt: Format | None) -> Format:
    """The format asked for, or the default: a table on a terminal, tsv in a pipe (the GitHub CLI's way)."""
    return fmt or (Format.table if on_terminal() else Format.tsv)


def columns(spec: str | None, available: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    """The fields --fields names, checked against what the command can print."""
    if spec is None:
        return default
    chosen = tuple(f.strip() for f in spec.split(",") if f.strip())
    unknown = [f for f in chosen if f not in available]
    if unknown or not chosen:
        raise UsageError(
            f"--fields: unknown field {(unknown or [spec])[0]!r}; choose from {', '.join(available)}"
        )
    return chosen


def no_result(why: str) -> ExitCode:
    """Exit 1; on a terminal, first one line saying why (a pipe gets silence, as from grep)."""
    if on_terminal():
        sys.stderr.write(f"taishan: {render.clean(why)}\n")
    return ExitCode.NO_RESULT


def emit(
    rows: list[dict[str, Any]],
    fmt: Format | None,
    fields: str | None,
    available: tuple[str, ...],
    table_fields: tuple[str, ...],
    marks: list[dict[str, list[tuple[int, int]]]] | None = None,
    header: bool = True,
    none: str = "nothing found",
) -> ExitCode:
    """Print `rows` in `fmt`; the exit code: 1 if there were none (grep's convention).

    `available` are the fields the command prints (its rows' keys), so --fields is checked
    against them even when there are no rows.
    """
    fmt = chosen_format(fmt)
    rows = render.pick(rows, columns(fields, available, table_fields if fmt is Format.table else available))
    if fmt is Format.json:
        write_utf8(render.to_json(rows))
    elif fmt is Format.jsonl:
        write_utf8(render.to_jsonl(rows))
    elif fmt is Format.csv:
        write_utf8(render.to_csv(rows, header))
    elif fmt is Format.tsv:
        write_utf8(render.to_tsv(rows, header))
    else:
        render.table(rows, marks or ())
    return ExitCode.OK if rows else no_result(none)


def write_utf8(text: str) -> None:
    """Machine formats are UTF-8 whatever the locale says (`PYTHONIOENCODING=cp1252`, a C locale
    on Windows): a script reading them must not have to guess, and cp1252 has no 游客."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None or (out.encoding or "").lower().replace("-", "") == "utf8":
        out.write(text)  # already UTF-8, or a stream with no bytes underneath (a StringIO)
        return
    out.flush()
    buffer.write(text.encode("utf-8", "replace"))
    buffer.flush()


def open_store(store_path: str | None) -> Store:
    """The store `--store` (else $TAISHAN_STORE, ./facts.json, the bundled one) names."""
    from taishan import store
    from taishan.api import open_store as opened

    return opened(store_path, indexing=render.Indexing(store.resolve(store_path)))


def query(
    terms: list[str],
    fmt: Format | None = None,
    fields: str | None = None,
    limit: int | None = 10,
    filters: Given | None = None,
    sort: Sort | None = None,
    header: bool = True,
    store_path: str | None = None,
    explain: bool = False,
) -> ExitCode:
    """`taishan query`: search, print, and the exit code (cli.query's options, launch.py's fast path)."""
    filters = filters or {}
    facts = open_store(store_path)
    trace: list[str] | None = [] if explain else None
    hits = facts.query(
        terms,
        limit=limit,
        sort=(sort or Sort.score).value,
        marks=chosen_format(fmt) is Format.table,
        trace=trace,
        **filters,
    )
    if trace is not None:
        sys.stderr.writelines(f"taishan: {render.clean(line)}\n" for line in trace)
    elif not hits and sys.stdout.isatty():  # a person, not a pipe: say why, in one line
        sys.stderr.write(f"taishan: {render.clean(facts.hint(terms, **filters))}\n")
    rows = [h.to_dict() for h in hits]
    marks = [h.marks or {} for h in hits]  # where each row matched, however it was typed
    if not " ".join(terms).strip():
        none = "the query is empty: give words to find (`taishan query 游客`)"
    else:
        given = any(v is not None for v in filters.values())
        none = f"no fact matches {' '.join(terms)}" + (" with these filters" if given else "")
    available, table_fields = (*render.FIELDS, "score"), (*render.TABLE_COLUMNS, "score")
    return emit(rows, fmt, fields, available, table_fields, marks, header, none)


def finish(command: Callable[[], int]) -> int:
    """Run `command` (a whole command line), everything written and flushed; return the exit code.
    A closed pipe (`taishan list | head -1`) ends quietly; a bug is one line, never a traceback."""
    if sys.stdout is None:  # the caller closed it (`>&-`)
        fail("standard output is closed: there is nowhere to write (redirect it to a file or /dev/null)")
        return flush(ExitCode.ERROR)
    try:
        code = command()
    except BrokenPipeError:  # the reader has gone: say nothing more, exit as if SIGPIPE had ended us
        silence_stdout()
        code = ExitCode.BROKEN_PIPE
    except OSError as e:  # writing the output failed (a full disk, /dev/full): the user's to fix
        code = write_failed(e)
    except Exception as e:  # a bug: still one line, never a traceback
        fail(f"internal error: {type(e).__name__}: {e} (please report it with the command you ran)")
        code = ExitCode.ERROR
    return flush(code)


def flush(code: int) -> int:
    """Flush stdout then stderr (a script exits without the interpreter's own flush): a reader gone
    from stdout is a broken pipe; a stream closed by the caller (`2>&-`) has nothing to flush."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:
            if stream is sys.stdout:
                silence_stdout()
                code = ExitCode.BROKEN_PIPE
        except OSError as e:
            if stream is sys.stdout:
                code = write_failed(e)
        except ValueError:
            pass
    return int(code)


def write_failed(error: OSError) -> int:
    """stdout could not take the output (`taishan list > /dev/full`): one line, exit 2."""
    silence_stdout()  # what is still buffered would fail again at exit
    fail(f"cannot write the output: {error.strerror or error} (free some space, or write elsewhere)")
    return ExitCode.ERROR
