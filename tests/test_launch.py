"""The console script's fast path: a plain `query` read without typer must be read as typer reads it.

Each case runs the command line through typer (CliRunner, with console.query recording what it is
given) and through `launch.plain_query`: either both take it with the same arguments, or typer
refuses it and the fast path leaves it to typer.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from typing import Any

import pytest
from conftest import source_env
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from taishan import cli, console, launch
from taishan.errors import ExitCode


def typer_reading(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """console.query's arguments as typer hands them over for `argv`, or None: typer refused it."""
    seen: list[dict[str, Any]] = []
    signature = inspect.signature(console.query)

    def record(*args: Any, **kwargs: Any) -> int:
        seen.append(dict(signature.bind(*args, **kwargs).arguments))
        return ExitCode.OK

    with monkeypatch.context() as m:
        m.setattr(console, "query", record)
        result = CliRunner().invoke(cli.app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return seen[0] if seen else None


def same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Equal, types included (Format.json is not "json"; nan equals nan)."""

    def shown(d: dict[str, Any] | None) -> str:
        return repr(None if d is None else sorted(d.items())) + json.dumps(d, default=repr, sort_keys=True)

    return shown(a) == shown(b)


READ = [
    ["query", "游客"],
    ["query", "游客", "--format", "json"],
    ["query", "游客", "-f", "json", "-n", "3"],
    ["query", "-fjson", "-n3", "游客"],
    ["query", "--format=csv", "--limit=0", "--no-header", "游客"],
    ["query", "游客", "--format", "tsv", "--header", "--fields", "subject,value"],
    ["query", "接待游客多少人次", "--explain", "--format", "json"],
    ["query", "tourist", "arrivals", "--sort", "value", "--store", "facts.json"],
    ["query", "游客", "-c", "经济", "-u", "亿元", "--min", "1亿", "--max", "三千万"],
    ["query", "游客", "--min-change", "-5", "--max-change", "1e2", "--status", "actual"],
    ["query", "游客", "-r", "taishan-2023h1", "-p", "泰山区", "-y", "2023"],
    ["query", "--", "-5", "--format"],
    ["query", "-", "--limit", "07"],
    ["query", "游客", "--format", "json", "--format", "tsv"],  # the last one counts
    ["query", "游客", "--fields="],
]
REFUSED = [
    ["query"],
    ["query", "--format", "json"],
    ["query", "游客", "--help"],
    ["query", "游客", "--format", "yaml"],
    ["query", "游客", "--format", "JSON"],
    ["query", "游客", "--limit", "-1"],
    ["query", "游客", "--limit", "many"],
    ["query", "游客", "--year", "2023.5"],
    ["query", "游客", "--explain=yes"],
    ["query", "游客", "--formats", "json"],
    ["query", "游客", "--format"],
    ["query", "-5"],
    ["query", "游客", "-x"],
    ["--version"],
    ["list"],
]


@pytest.mark.parametrize("argv", READ, ids=" ".join)
def test_a_plain_query_is_read_as_typer_reads_it(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = launch.plain_query(argv)
    assert fast is not None
    assert same(fast, typer_reading(argv, monkeypatch))


@pytest.mark.parametrize("argv", REFUSED, ids=" ".join)
def test_what_typer_refuses_or_answers_itself_is_left_to_typer(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert launch.plain_query(argv) is None
    if argv[:1] == ["query"]:
        assert typer_reading(argv, monkeypatch) is None


WORDS = [
    *launch.QUERY_OPTIONS,
    "--help",
    "-h",
    "--bogus",
    "--form",
    "--FORMAT",
    "-x",
    "-",
    "--",
    "-5",
    "-n-1",
]
WORDS += ["--format=json", "--limit=5", "--explain=1", "--no-header=", "-fjson", "-f=json", "-n5", "-y2023"]
WORDS += ["json", "tsv", "table", "JSON", "yaml", "5", "-1", "0", " 7", "+3", "1_0", "٣", "nan", "1e3", "1.5"]
WORDS += ["", "x", "游客", "youke", "actual", "target", "value", "change", "score", "2023", "亿元"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=7))
def test_the_two_readings_agree_on_any_command_line(words: list[str]) -> None:
    """Typer takes it with the same arguments, or refuses it and so does the fast path."""
    argv = ["query", *words]
    with pytest.MonkeyPatch.context() as m:
        assert same(launch.plain_query(argv), typer_reading(argv, m))


def test_the_options_are_the_ones_typer_builds() -> None:
    """QUERY_OPTIONS names every option of cli.query, each for its parameter, and no other."""
    command = get_command(cli.app).commands["query"]  # type: ignore[attr-defined]
    built: dict[str, str] = {}
    for param in command.params:
        if param.param_type_name == "option":
            built.update(dict.fromkeys([*param.opts, *param.secondary_opts], param.name))
    assert {name: dest for name, (dest, _) in launch.QUERY_OPTIONS.items()} == built


def test_a_plain_query_never_imports_typer() -> None:
    code = (
        "import sys; from taishan import launch; launch.run(sys.argv[1:]);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'rich'}))"
    )
    for argv, loaded in ((["query", "游客", "-f", "json"], "[]"), (["list", "-f", "json"], "['typer']")):
        done = subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=source_env()
        )
        assert done.stdout.splitlines()[-1] == loaded


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "游客", "--format", "json"],
        ["query", "jiedaiyuoke", "-f", "jsonl", "-n", "2"],
        ["query", "游客", "--format", "csv", "--fields", "subject,value,score"],
        ["query", "冰淇淋", "--format", "json"],  # nothing: exit 1
        ["query", "游客", "--fields", "colour"],  # a bad --fields: one line, exit 2
        ["query", "游客", "--min", "many"],  # a bad amount: the same
        ["query", "接待游客多少人次", "--explain", "-f", "tsv"],
    ],
    ids=" ".join,
)
def test_both_paths_print_the_same(argv: list[str], capfd: pytest.CaptureFixture[str]) -> None:
    assert launch.plain_query(argv) is not None
    fast = launch.run(argv), capfd.readouterr()
    slow = cli.run(argv), capfd.readouterr()
    assert fast == slow
