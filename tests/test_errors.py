"""Exit codes: one IntEnum, grep's convention, each reached by a real command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from taishan import cli, store
from taishan.cli import app
from taishan.errors import ExitCode, NotFoundError, ReportError, StoreError, TaishanError, UsageError


def test_codes() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 130, 141]


def _raise(error: type[BaseException]) -> Callable[..., None]:
    def raiser(*args: object, **kwargs: object) -> None:
        raise error

    return raiser


def test_interrupted_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "load", _raise(KeyboardInterrupt))  # Ctrl-C while the store loads
    assert CliRunner().invoke(app, ["list"]).exit_code == ExitCode.INTERRUPTED == 130


@pytest.mark.parametrize("where", ["command", "final flush"])
def test_a_closed_pipe_exits_141_quietly(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], where: str
) -> None:
    monkeypatch.setattr(cli, "_silence_stdout", lambda: None)  # keep pytest's stdout
    monkeypatch.setattr(sys, "argv", ["taishan", "list"])
    if where == "command":
        monkeypatch.setattr(store, "load", _raise(BrokenPipeError))
    else:
        monkeypatch.setattr(cli, "app", _raise(BrokenPipeError))
    assert cli.run() == ExitCode.BROKEN_PIPE == 141
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["query", "游客"], ExitCode.OK),
        (["query", "zzzzqqqqxxxx"], ExitCode.NO_RESULT),
        (["show", "no-such-id"], ExitCode.ERROR),
        (["query", "游客", "--format", "yaml"], ExitCode.ERROR),
    ],
)
def test_each_code_is_reached(args: list[str], code: ExitCode) -> None:
    assert CliRunner().invoke(app, args).exit_code == code


@pytest.mark.parametrize("error", [StoreError, ReportError, UsageError, NotFoundError])
def test_every_error_the_user_can_fix_exits_2(error: type[TaishanError]) -> None:
    assert issubclass(error, TaishanError)
    assert error("x").exit_code == ExitCode.ERROR


def test_output_written_before_an_internal_error_is_kept(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def half_done(*args: object) -> None:
        sys.stdout.write("first row\n")
        raise RuntimeError("boom")

    monkeypatch.setattr(sys, "argv", ["taishan", "list"])
    monkeypatch.setattr(store, "load", half_done)
    assert cli.run() == ExitCode.ERROR
    out, err = capfd.readouterr()
    assert out == "first row\n"
    assert err.startswith("taishan: error: internal error: RuntimeError: boom")


@pytest.mark.parametrize(
    ("closed", "code", "err"),
    [(2, ExitCode.OK, b""), (1, ExitCode.ERROR, b"taishan: error: standard output is closed")],
)
def test_a_closed_stream_is_no_traceback(closed: int, code: ExitCode, err: bytes) -> None:
    """`main` ends with os._exit: its own flush must not fail on a stream the caller closed."""
    script = "import sys; sys.argv = ['taishan', 'query', '游客']; from taishan.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, preexec_fn=lambda: os.close(closed)
    )
    assert done.returncode == code
    assert done.stderr.startswith(err) and b"Traceback" not in done.stderr
