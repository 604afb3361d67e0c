"""The command line: parse options, call one core function, render. The only module that imports typer."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from taishan import render, store
from taishan.errors import ExitCode, NotFoundError, TaishanError

app = typer.Typer(
    name="taishan",
    help="Facts of a Chinese local-government report, found however they are typed.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Fact store to read (default: $TAISHAN_STORE, then the bundled store)."),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format (default: table on a terminal, tsv in a pipe)."),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, help="At most N results.")]


def _emit(rows: list[dict[str, Any]], fmt: Format | None) -> None:
    fmt = fmt or (Format.table if sys.stdout.isatty() else Format.tsv)
    if fmt is Format.json:
        sys.stdout.write(render.to_json(rows) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.write(render.to_jsonl(rows))
    elif fmt is Format.csv:
        sys.stdout.write(render.to_delimited(rows, ","))
    else:
        sys.stdout.write(render.to_delimited(rows, "\t"))


def _done(rows: list[dict[str, Any]]) -> None:
    if not rows:
        raise typer.Exit(ExitCode.NO_RESULT)


@app.command()
def query(
    terms: Annotated[list[str], typer.Argument(help="Words to find; every one must match.")],
    fmt: FormatOpt = None,
    limit: LimitOpt = 10,
    store_path: StoreOpt = None,
) -> None:
    """Search the facts, best match first."""
    from taishan.search import search

    records = store.load(store.resolve(store_path))
    hits = search(records, terms)[: limit if limit is not None else None]
    rows = [render.public(h.record, h.score) for h in hits]
    _emit(rows, fmt)
    _done(rows)


@app.command("list")
def list_(
    fmt: FormatOpt = None,
    limit: LimitOpt = None,
    store_path: StoreOpt = None,
) -> None:
    """Every fact, in report order."""
    records = store.load(store.resolve(store_path))[: limit if limit is not None else None]
    rows = [render.public(r) for r in records]
    _emit(rows, fmt)
    _done(rows)


@app.command()
def show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact's id, as `list` shows it.")],
    fmt: FormatOpt = None,
    store_path: StoreOpt = None,
) -> None:
    """One fact in full."""
    records = store.load(store.resolve(store_path))
    found = [r for r in records if r["id"] == fact_id]
    if not found:
        raise NotFoundError(f"no fact has id {fact_id!r} (see `taishan list` for the ids)")
    _emit([render.public(found[0])], fmt)


@app.command()
def build(
    reports: Annotated[
        list[Path] | None, typer.Argument(help="Report text files (default: the bundled report).")
    ] = None,
    store_path: Annotated[
        str | None, typer.Option("--store", help="Where to write the store (default: ./facts.json).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the store differs from a fresh build; write nothing.")
    ] = False,
) -> None:
    """Build a fact store from report texts."""
    from taishan.build import build_records, bundled_report

    target = Path(store_path) if store_path else Path("facts.json")
    records = build_records(reports or [bundled_report()])
    if check:
        fresh = store.dumps(records)
        current = target.read_bytes() if target.is_file() else b""
        if fresh != current:
            typer.echo(f"taishan: {target} is stale: run `taishan build` to refresh it", err=True)
            raise typer.Exit(ExitCode.NO_RESULT)
        typer.echo(f"{target} is up to date ({len(records)} facts)", err=True)
        return
    store.save(records, target)
    typer.echo(f"wrote {len(records)} facts to {target}", err=True)


def main() -> None:
    """Entry point: run the app; turn every TaishanError into one line on stderr and exit 2."""
    try:
        app(standalone_mode=True)
    except TaishanError as e:
        sys.stderr.write(f"taishan: error: {e}\n")
        sys.exit(e.exit_code)
