"""The command line: parse options, call one core function, render. The only module that imports typer.

Every error ends here as one line on stderr and an exit code from `errors.ExitCode`: the core raises
`TaishanError`s, typer raises its usage errors, and `_Group.main` turns both into `taishan: error: ...`.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from taishan import console, render
from taishan.console import FactStatus, Format, Sort
from taishan.errors import ExitCode, TaishanError
from taishan.query.filters import Given


class _Group(TyperGroup):
    """Typer's group, with every failure turned into one line on stderr and an `ExitCode`."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer._click import exceptions as click_errors

        if os.environ.get("_TAISHAN_COMPLETE"):  # a shell asks for completions
            _completion_classes()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = code if isinstance(code, int) else ExitCode.OK
        except click_errors.NoArgsIsHelpError as e:  # bare `taishan`: the help, as click shows it
            e.show()
            code = ExitCode.ERROR
        except click_errors.ClickException as e:
            where = e.ctx.command_path if isinstance(e, click_errors.UsageError) and e.ctx else "taishan"
            _fail(f"{e.format_message()} (see `{where} --help`)")
            code = ExitCode.ERROR
        except typer.Abort:  # end of input at a prompt (Ctrl-C is typer's: Exit(130), silently)
            _fail("interrupted")
            code = ExitCode.INTERRUPTED
        except TaishanError as e:
            _fail(str(e))
            code = e.exit_code
        if standalone_mode:
            sys.exit(code)
        return code

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(commands, self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: `items()` would build every command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # here, not typer's handler, which would exit 1 (no result)
            console.silence_stdout()
            raise typer.Exit(ExitCode.BROKEN_PIPE) from None


class _Commands(MutableMapping[str, Any]):
    """The subcommands by name, each built by typer from its function's signature when first asked
    for: building all six costs a run ~5 ms, and a run needs one."""

    def __init__(self, registry: typer.Typer, built: MutableMapping[str, Any]) -> None:
        self._infos = {
            info.name or typer.main.get_command_name(info.callback.__name__): info
            for info in registry.registered_commands
            if info.callback is not None
        }
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            info = self._infos[name]
            if info.callback in _FILTERED:  # its filter options too, only now (~0.4 ms a command)
                info.callback = _with_filter_options(info.callback)
            command = typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
            for param in command.params:
                if param.param_type_name == "argument":
                    param.make_metavar = functools.partial(_argument_metavar, param)  # type: ignore[method-assign]
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._infos.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**self._infos, **self._built})

    def __len__(self) -> int:
        return len({**self._infos, **self._built})


def _argument_metavar(param: Any, ctx: Any = None, *, usage: bool = False) -> str:
    """An argument as usage lines write it (`TERMS...`, `ID`, `[REPORT]...`), not typer's `{terms}...`."""
    name = (param.metavar or param.name or "").upper()
    many = "..." if param.nargs != 1 else ""
    return f"[{name}]{many}" if usage and not param.required else f"{name}{many}"


_fail = console.fail


app = typer.Typer(
    name="taishan",
    cls=_Group,
    help="Facts of a Chinese local-government report, found however they are typed.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"max_content_width": 120},  # wider terminals get longer lines, up to 120
)
commands = typer.Typer()  # the subcommands, registered here and built one at a time (`_Commands`)


def _complete_category(ctx: typer.Context, incomplete: str) -> list[str]:
    """Category names for shell completion, from the store the command line points at, matched
    as --category matches them (Chinese, pinyin, initials), not only by their beginning."""
    return _category_names(ctx.params.get("store_path"), incomplete)


def _category_names(store_path: str | None, incomplete: str) -> list[str]:
    try:
        chosen = _store(store_path).categories(incomplete if incomplete.strip() else None)
    except TaishanError:
        return []
    return [c.name for c in chosen]


_SHELL_SPECIAL = r"[\s'\"\\$`!*?&;|<>(){}\[\]#~]"


def _shell_word(value: str) -> str:
    """`value` as one quoted shell word where it holds a space or a character a shell reads (zsh's
    `compadd` line, which the shell evals).

    >>> _shell_word("经济"), _shell_word("持续精准发力 经济平稳健康运行")
    ('经济', "'持续精准发力 经济平稳健康运行'")
    """
    import re
    import shlex

    return shlex.quote(value) if re.search(_SHELL_SPECIAL, value) else value


def _bash_word(value: str) -> str:
    """`value` with a backslash before each space or character bash reads: inserted, it is one word.
    Not quotes: of several names, readline inserts their common beginning, and a shared `'` would
    replace what was typed.

    >>> print(_bash_word("持续精准发力 经济平稳健康运行"))
    持续精准发力\\ 经济平稳健康运行
    """
    import re

    return re.sub(f"({_SHELL_SPECIAL})", r"\\\1", value)


def _completion_classes() -> None:
    """Shell completion that offers fuzzy matches and inserts them whole.

    Typer keeps only the values that begin with what was typed; --category's values are matched
    as the option matches them instead (`经`, `jingji`, `jj` -> 持续精准发力 经济平稳健康运行).
    Bash gets each value as one shell word, spaces escaped; zsh adds them with `compadd -U`, so that a value
    replaces what was typed rather than being filtered out for not beginning with it (zsh quotes
    what it inserts); fish quotes by itself, and filters by its own matching (a Chinese substring
    works there, pinyin does not).
    """
    from typer._click.shell_completion import (
        CompletionItem,
        _resolve_context,
        _resolve_incomplete,
        add_completion_class,
    )
    from typer._completion_classes import BashComplete, FishComplete, PowerShellComplete, ZshComplete

    def completions(shell: Any, args: list[str], incomplete: str) -> list[CompletionItem]:
        ctx = _resolve_context(shell.cli, shell.ctx_args, shell.prog_name, args)
        obj, incomplete = _resolve_incomplete(ctx, args, incomplete)
        if getattr(obj, "name", None) == "category" and not getattr(obj, "is_flag", True):
            names = _category_names(ctx.params.get("store_path"), incomplete)
            return [CompletionItem(v, type="fuzzy") for v in names]
        return list(obj.shell_complete(ctx, incomplete))

    class Bash(BashComplete):
        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return completions(self, args, incomplete)

        def format_completion(self, item: CompletionItem) -> str:
            return _bash_word(item.value)

    class Zsh(ZshComplete):
        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return completions(self, args, incomplete)

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            items = self.get_completions(args, incomplete)
            if items and all(item.type == "fuzzy" for item in items):
                return "compadd -U -V taishan -- " + " ".join(_shell_word(item.value) for item in items)
            return str(super().complete())  # commands and options: typer's, with their help

    class Fish(FishComplete):
        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return completions(self, args, incomplete)

    class PowerShell(PowerShellComplete):
        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return completions(self, args, incomplete)

    for name, cls in (
        ("bash", Bash),
        ("zsh", Zsh),
        ("fish", Fish),
        ("powershell", PowerShell),
        ("pwsh", PowerShell),
    ):
        add_completion_class(cls, name)


StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="PATH",
        help="Fact store to read (default: $TAISHAN_STORE, then ./facts.json, then the bundled store).",
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format (default: table on a terminal, tsv in a pipe)."),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="F1,F2",
        help="Comma-separated fields to print, in that order "
        f"({', '.join(render.FIELDS)}; `score` for query; `name`, `count`, `topics` for categories).",
    ),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most N results.")]
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        "-c",
        metavar="TEXT",
        autocompletion=_complete_category,
        help="Only facts whose section matches TEXT (fuzzy, Chinese or pinyin).",
    ),
]
UnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        metavar="UNIT",
        help="Only facts whose unit begins with UNIT (亿: 亿元, 亿斤) or has it as base unit (元: 万元, 亿元).",
    ),
]
MinOpt = Annotated[
    str | None,
    typer.Option(
        "--min",
        metavar="N",
        help="Only facts whose value, multipliers applied, is at least N (5000, 1000万, 1.2亿, 三千万).",
    ),
]
MaxOpt = Annotated[
    str | None,
    typer.Option(
        "--max",
        metavar="N",
        help="Only facts whose value, multipliers applied, is at most N (5000, 1000万, 1.2亿, 三千万).",
    ),
]
MinChangeOpt = Annotated[
    float | None,
    typer.Option("--min-change", metavar="N", help="Only facts whose change (%) is at least N."),
]
MaxChangeOpt = Annotated[
    float | None,
    typer.Option("--max-change", metavar="N", help="Only facts whose change (%) is at most N."),
]
ReportOpt = Annotated[
    str | None,
    typer.Option("--report", "-r", metavar="ID", help="Only facts of this report (`taishan reports`)."),
]
PlaceOpt = Annotated[
    str | None,
    typer.Option(
        "--place",
        "-p",
        metavar="TEXT",
        help="Only facts about this place or places within it (广东, 泰山区).",
    ),
]
YearOpt = Annotated[
    int | None, typer.Option("--year", "-y", metavar="N", help="Only facts of the reports on year N.")
]

StatusOpt = Annotated[
    FactStatus | None,
    typer.Option("--status", help="Only results (actual), estimates of the period reviewed, or targets."),
]

# The filter options, declared once: a `@_filtered` command gets them in place of its `filters`.
_FILTER_OPTIONS: dict[str, Any] = {
    "category": CategoryOpt,
    "unit": UnitOpt,
    "min_value": MinOpt,
    "max_value": MaxOpt,
    "min_change": MinChangeOpt,
    "max_change": MaxChangeOpt,
    "status": StatusOpt,
    "report": ReportOpt,
    "place": PlaceOpt,
    "year": YearOpt,
}
FilterOpts = Given  # filled in by `_filtered`
_FILTERS: Given = {}


_FILTERED: set[Callable[..., Any]] = set()


def _filtered(command: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command whose `filters` parameter stands for the filter options (`_Commands` puts
    them in when it builds the command, which is only the one that runs)."""
    _FILTERED.add(command)
    return command


def _with_filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The command with the filter options in place of its `filters` parameter, which receives
    them as one `filters.Given` (typer reads the options from the signature this sets)."""
    signature = inspect.signature(command, eval_str=True)
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name != "filters":
            params.append(param)
            continue
        params += [
            inspect.Parameter(name, param.POSITIONAL_OR_KEYWORD, default=None, annotation=option)
            for name, option in _FILTER_OPTIONS.items()
        ]

    @functools.wraps(command)
    def with_filters(**given: Any) -> Any:
        filters = {name: given.pop(name, None) for name in _FILTER_OPTIONS}
        if filters.get("status") is not None:
            filters["status"] = filters["status"].value  # FactStatus -> its text
        return command(**given, filters=filters)

    with_filters.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    with_filters.__annotations__ = {p.name: p.annotation for p in params}
    return with_filters


SortOpt = Annotated[
    Sort | None,
    typer.Option("--sort", help="Order by match score (query's default), value or change (largest first)."),
]
HeaderOpt = Annotated[
    bool,
    typer.Option(
        "--header/--no-header",
        show_default=False,
        help="csv and tsv: a header row first (the default), or none.",
    ),
]


def _show_version(value: bool) -> None:
    if value:
        from taishan import version

        typer.echo(f"taishan {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Facts of a Chinese local-government report, found however they are typed.

    Exit status: 0 when something was found, 1 when nothing was, 2 on an error.
    """


_columns = console.columns
_format = console.chosen_format
_store = console.open_store
_write_utf8 = console.write_utf8


def _no_result(why: str) -> typer.Exit:
    """Exit 1; on a terminal, first one line saying why (a pipe gets silence, as from grep)."""
    return typer.Exit(console.no_result(why))


def _emit(*args: Any, **kwargs: Any) -> None:
    """console.emit, then exit 1 if there were no rows."""
    code = console.emit(*args, **kwargs)
    if code:
        raise typer.Exit(code)


@commands.command()
@_filtered
def query(
    terms: Annotated[
        list[str], typer.Argument(metavar="TERMS", help="Words to find; every one must match (AND).")
    ],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    limit: LimitOpt = 10,
    filters: FilterOpts = _FILTERS,
    sort: SortOpt = None,
    header: HeaderOpt = True,
    store_path: StoreOpt = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Say on stderr how the words were read: matched, dropped, filters."),
    ] = False,
) -> int:
    """Search the facts, or ask a question; best match first.

    TERMS may be Chinese, pinyin, initials or abbreviations (游客, youke, gdzctz, GDP), or a question
    (接待游客多少人次, tourist arrivals, 降幅最大的指标): see --explain.
    """
    return console.query(terms, fmt, fields, limit, filters, sort, header, store_path, explain)


@commands.command("list")
@_filtered
def list_(
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    limit: LimitOpt = None,
    filters: FilterOpts = _FILTERS,
    sort: SortOpt = None,
    header: HeaderOpt = True,
    store_path: StoreOpt = None,
) -> None:
    """Every fact, in report order.

    With the same filters as query; --sort value or change puts the largest first.
    """
    facts = _store(store_path).facts(limit=limit, sort=None if sort is None else sort.value, **filters)
    given = any(v is not None for v in filters.values())
    none = "no fact passes these filters" if given else "the store holds no fact"
    _emit(
        [f.to_dict() for f in facts],
        fmt,
        fields,
        render.FIELDS,
        render.TABLE_COLUMNS,
        header=header,
        none=none,
    )


@commands.command()
def categories(
    tree: Annotated[bool, typer.Option("--tree", help="Show each section's topics beneath it.")] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    limit: LimitOpt = None,
    category: CategoryOpt = None,
    report: ReportOpt = None,
    place: PlaceOpt = None,
    year: YearOpt = None,
    header: HeaderOpt = True,
    store_path: StoreOpt = None,
) -> None:
    """The report's sections and their number of facts.

    With --tree, each section's topics beneath it.
    """
    cats = _store(store_path).categories(category, limit=limit, report=report, place=place, year=year)
    none = f"no section matches {category}" if category else "the store holds no section"
    if _format(fmt) is Format.table and fields is None:
        render.categories(cats, tree)
        if not cats:
            raise _no_result(none)
        return
    rows: list[dict[str, Any]] = [{"name": c.name, "count": c.count} for c in cats]
    if tree:
        for row, c in zip(rows, cats, strict=True):
            row["topics"] = [{"name": t, "count": n} for t, n in c.topics.items()]
    available = ("name", "count", "topics") if tree else ("name", "count")
    _emit(rows, fmt, fields, available, ("name", "count"), header=header, none=none)


@commands.command("reports")
def reports_(
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    limit: LimitOpt = None,
    report: ReportOpt = None,
    place: PlaceOpt = None,
    year: YearOpt = None,
    header: HeaderOpt = True,
    store_path: StoreOpt = None,
) -> None:
    """The store's reports, one row each: place, year, kind, facts."""
    from taishan.query.scope import REPORT_FIELDS

    rows = _store(store_path).reports(report=report, place=place, year=year)[:limit]
    table = ("id", "title", "place", "year", "period", "kind", "facts")
    _emit(rows, fmt, fields, REPORT_FIELDS, table, header=header, none="no report matches")


class CompareSort(StrEnum):
    value = "value"
    change = "change"
    place = "place"


@commands.command()
def compare(
    terms: Annotated[list[str], typer.Argument(help="The indicator, as for query (地区生产总值, GDP).")],
    status: Annotated[
        FactStatus | None,
        typer.Option("--status", help="Only figures of this status (default: results, else estimates)."),
    ] = None,
    sort: Annotated[
        CompareSort | None, typer.Option("--sort", help="Order by value, change (largest first) or place.")
    ] = None,
    chart_: Annotated[bool, typer.Option("--chart", help="Draw the rows as a bar chart.")] = False,
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    limit: LimitOpt = None,
    category: CategoryOpt = None,
    report: ReportOpt = None,
    place: PlaceOpt = None,
    year: YearOpt = None,
    header: HeaderOpt = True,
    store_path: StoreOpt = None,
) -> None:
    """One indicator across reports: each report's own figure for it."""
    from taishan.query.compare import COLUMNS

    rows = _store(store_path).compare(
        terms,
        status=None if status is None else status.value,
        sort=None if sort is None else sort.value,
        limit=limit,
        category=category,
        report=report,
        place=place,
        year=year,
    )
    if chart_:
        if not rows:
            sys.stderr.write("taishan: no report has that indicator\n")
            raise typer.Exit(ExitCode.NO_RESULT)
        render.compare_chart(rows)
        return
    table = ("report", "place", "period", "value", "unit", "change", "status")
    _emit(rows, fmt, fields, COLUMNS, table, header=header, none="no report has that indicator")


@commands.command()
def show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact's id, as `list` shows it.")],
    fmt: FormatOpt = None,
    fields: FieldsOpt = None,
    header: HeaderOpt = True,
    store_path: StoreOpt = None,
) -> None:
    """One fact in full.

    Every field, its sentence with the figure highlighted, the sentence's other facts. ID may be
    the unique ending of an id (061), as a narrow table prints it.
    """
    found = _store(store_path)
    fact, mates = found.get(fact_id), found.same_sentence(fact_id)
    row = {**fact.to_dict(), "same_sentence": [m.id for m in mates]}
    if _format(fmt) is Format.table:
        shown = _columns(fields, tuple(row), tuple(row))
        render.fact(row, shown, [m.to_dict() for m in mates])
        return
    _emit([row], fmt, fields, tuple(row), tuple(row), header=header)


@commands.command()
@_filtered
def chart(
    terms: Annotated[
        list[str] | None, typer.Argument(help="Words to find, as for query (default: every fact).")
    ] = None,
    limit: LimitOpt = None,
    filters: FilterOpts = _FILTERS,
    store_path: StoreOpt = None,
) -> None:
    """A bar chart of the selected facts' changes.

    The year-on-year changes, largest first. With -n N: the N largest changes, or with TERMS the
    changes of the N best matches.
    """
    facts = _store(store_path).changes(terms, limit=limit, **filters)
    if not facts:
        sys.stderr.write("taishan: no selected fact has a change to chart\n")
        raise typer.Exit(ExitCode.NO_RESULT)
    render.chart([f.to_dict() for f in facts])


@commands.command()
@_filtered
def export(
    index: Annotated[
        str, typer.Option("--index", metavar="NAME", help="The search index the documents go into.")
    ] = "taishan",
    mapping: Annotated[
        bool, typer.Option("--mapping", help="Print the index's settings and mappings (PUT /NAME) instead.")
    ] = False,
    filters: FilterOpts = _FILTERS,
    store_path: StoreOpt = None,
) -> None:
    """Facts for Elasticsearch/OpenSearch: a _bulk body.

    With --mapping, the index's settings and mappings instead (PUT /NAME), which analyse the searched
    fields by pinyin (the analysis-pinyin plugin).
    """
    from taishan import export as es

    if mapping:
        _write_utf8(render.to_json_object(es.mapping()))
        return
    es.check_index_name(index)
    count = 0
    lines: list[str] = []
    for line in es.bulk((f.to_dict() for f in _store(store_path).each(**filters)), index):
        lines.append(line)
        if len(lines) >= 10_000:  # streamed: a store of any size, in bounded memory
            _write_utf8("".join(lines))
            count, lines = count + len(lines), []
    _write_utf8("".join(lines))
    if not count + len(lines):
        raise typer.Exit(ExitCode.NO_RESULT)


@commands.command()
def build(
    reports: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="REPORT",
            help="Reports: text in any common encoding, .docx, text PDF, HTML, Markdown, a folder of them, "
            "or - for standard input (default: the bundled report).",
        ),
    ] = None,
    store_path: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="PATH",
            help="Where to write the store (default: ./facts.json); a path ending in / "
            "(or an existing folder) is a store folder, one file per report.",
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the build would change the store; write nothing.")
    ] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start from an empty store instead of adding to the one there.")
    ] = False,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", metavar="ID", help="Remove this report from the store (repeatable)."),
    ] = None,
    place: Annotated[
        str | None, typer.Option("--place", metavar="TEXT", help="The reports' place (泰山区, 广东省).")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="N", min=1900, max=2200, help="The year the reports' figures are of."),
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", metavar="TEXT", help="Their period (上半年, 全年 …).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Their title.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", metavar="TEXT", help="Their kind (work report, news …).")
    ] = None,
) -> None:
    """Build reports into a fact store, or add them to the one there.

    A REPORT is a file (text in any common encoding, .docx, PDF, HTML, Markdown), a folder of them,
    or - for standard input; without any (and nothing to remove), the bundled report. A report
    replaces the store's report of the same file name; the others stay as they are (--fresh: start
    empty). Metadata found in a report is overridden by a sidecar file REPORT.meta.toml beside it,
    then by --place, --year, --period, --title, --kind.
    """
    from taishan import api, store
    from taishan.ingest.pipeline import distinct
    from taishan.ingest.read import expand

    target = Path(store_path) if store_path else Path(store.LOCAL_STORE)
    where = store_path or store.LOCAL_STORE  # as typed: a trailing slash asks for a store folder
    paths, repeats = distinct(expand(reports or []))  # a folder's reports, each counted for the progress bar
    for path in repeats:
        sys.stderr.write(f"taishan: note: {path} is given more than once; it is read once\n")
    if check and not target.exists():
        sys.stderr.write(f"taishan: {target} is missing: run `{_rebuild(paths, store_path)}` to create it\n")
        raise typer.Exit(ExitCode.NO_RESULT)
    given = {"place": place, "year": year, "period": period, "title": title, "kind": kind}
    options: dict[str, Any] = {"fresh": fresh, "remove": remove or [], "overrides": given}
    with render.progress(len(paths or [None]), 0 if check else 2) as step:
        if check:
            current, count = api.is_current(
                paths or None, where, progress=lambda path: step(path.name, 1), **options
            )
        else:
            stages = {
                "write": (f"writing {target}", 0),
                "index": (f"indexing {target}", 1),
                "done": ("done", 1),
            }
            built = api.build(
                paths or None,
                where,
                progress=lambda path: step(path.name, 1),
                stage=lambda name: step(*stages[name]),
                notes=_note,
                **options,
                # on a terminal the bar names the stage; elsewhere a long indexing says so itself
                indexing=None if sys.stderr.isatty() else render.Indexing(target),
            )
            count = len(built)
    if not check:
        sys.stderr.write(f"wrote {_facts(count)} to {target}; {store.found_by(target)}\n")
    elif not current:
        sys.stderr.write(f"taishan: {target} is stale: run `{_rebuild(paths, store_path)}` to refresh it\n")
        raise typer.Exit(ExitCode.NO_RESULT)
    else:
        sys.stderr.write(f"{target} is up to date ({_facts(count)})\n")


def _rebuild(paths: list[Path], store_path: str | None) -> str:
    """The build command that makes the store `build --check` looked at."""
    import shlex

    words = ["taishan", "build", *(str(p) for p in paths)] + (["--store", store_path] if store_path else [])
    return shlex.join(words)


def _facts(n: int) -> str:
    return f"{n} fact" if n == 1 else f"{n} facts"


def _note(message: str) -> None:
    sys.stderr.write(f"taishan: note: {render.clean(message)}\n")


def run(argv: list[str] | None = None) -> int:
    """Run the command line (`argv`, else sys.argv[1:]) through typer, everything written and
    flushed; return the exit code (console.finish). launch.run takes a plain query past typer."""
    return console.finish(lambda: int(app(args=argv, standalone_mode=False) or 0))
