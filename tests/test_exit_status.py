"""Exit codes and the one line that goes with them, driven through the installed `taishan`.

These run the real program (a pipe, a full device and a terminal are the point), so they are few.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import source_env
from typer.testing import CliRunner

from taishan import cli, console
from taishan.errors import ExitCode


@pytest.mark.parametrize("fmt", ["tsv", "json", "table"])  # plain writes, and rich's
def test_a_reader_gone_before_the_output_is_written_is_141(fmt: str, taishan_bin: Path) -> None:
    """`taishan list | head -1` when head has left before taishan writes: as a SIGPIPE'd tool."""
    proc = subprocess.Popen(
        [str(taishan_bin / "taishan"), "list", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=source_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader has gone
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == ExitCode.BROKEN_PIPE and err == b""


def test_a_pipe_that_took_everything_is_0(taishan_bin: Path) -> None:
    """A reader that leaves after taishan finished writing (a short list into a pipe's buffer)."""
    script = f"{taishan_bin / 'taishan'} list --limit 3 | head -1 >/dev/null; echo ${{PIPESTATUS[0]}}"
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True, env=source_env())
    assert out.stdout == "0\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize(
    "args", [["list"], ["list", "--limit", "1"], ["list", "-f", "table"], ["query", "游客"]]
)
def test_a_full_disk_is_one_line_and_exit_2(args: list[str], taishan_bin: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [str(taishan_bin / "taishan"), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=source_env(),
        )
    assert proc.returncode == ExitCode.ERROR
    assert proc.stderr == (
        "taishan: error: cannot write the output: No space left on device (free some space, or write elsewhere)\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["list", "--category", "xyz"], "taishan: no fact passes these filters\n"),
        (["query", ""], "taishan: the query is empty: give words to find (`taishan query 游客`)\n"),
        (["query", " "], "taishan: the query is empty: give words to find (`taishan query 游客`)\n"),
        (["query", "冰淇淋"], "taishan: no fact matches 冰淇淋\n"),
        (["query", "游客", "--min", "1万亿"], "taishan: no fact matches 游客 with these filters\n"),
        (["categories", "-c", "xyz"], "taishan: no section matches xyz\n"),
        (["categories", "-c", "xyz", "-f", "json"], "taishan: no section matches xyz\n"),
    ],
)
def test_no_result_on_a_terminal_says_why_in_one_line(
    monkeypatch: pytest.MonkeyPatch, args: list[str], line: str
) -> None:
    monkeypatch.setattr(console, "on_terminal", lambda: True)
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == ExitCode.NO_RESULT and result.stderr == line


@pytest.mark.parametrize("args", [["list", "--category", "xyz"], ["query", ""], ["query", "冰淇淋"]])
def test_no_result_in_a_pipe_is_silent(args: list[str]) -> None:
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == ExitCode.NO_RESULT and result.stdout == result.stderr == ""
