"""--help reads like a well-kept tool's: whole one-line summaries, plain usage lines and placeholders."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from taishan.cli import app

COMMANDS = ["query", "list", "categories", "reports", "compare", "show", "chart", "export", "build"]


def help_text(*args: str, columns: int = 100) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": str(columns)}, terminal_width=columns)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("columns", [80, 100])
def test_command_summaries_are_whole(columns: int) -> None:
    text = help_text(columns=columns)
    listed = re.findall(r"^  (\w+) +(.+)$", text.split("Commands:")[1], flags=re.M)
    assert [name for name, _ in listed] == COMMANDS
    for _, summary in listed:
        assert not summary.endswith(("...", "…")) and summary.endswith("."), summary


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("query", "Usage: taishan query [OPTIONS] TERMS..."),
        ("show", "Usage: taishan show [OPTIONS] ID"),
        ("chart", "Usage: taishan chart [OPTIONS] [TERMS]..."),
        ("build", "Usage: taishan build [OPTIONS] [REPORT]..."),
        ("list", "Usage: taishan list [OPTIONS]"),
    ],
)
def test_usage_lines_name_arguments_plainly(command: str, usage: str) -> None:
    assert help_text(command).splitlines()[0] == usage


@pytest.mark.parametrize("command", COMMANDS)
def test_placeholders_are_words_and_defaults_said_once(command: str) -> None:
    text = help_text(command)
    for typer_word in ("{", "<int range>", "<str>", "<float>", "<text>", "<path>"):
        assert typer_word not in text, (command, typer_word)
    assert "default: yes" not in text and "[default: header]" not in text
    if command in ("query", "list", "chart"):
        for option, placeholder in (
            ("--limit", "N"),
            ("--category", "TEXT"),
            ("--unit", "UNIT"),
            ("--min", "N"),
        ):
            assert re.search(rf"{option} {placeholder}\b", text), (command, option)
