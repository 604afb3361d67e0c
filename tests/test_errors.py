"""Exit codes: one IntEnum, grep's convention, each reached by a real command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import source_env
from typer.testing import CliRunner

from taishan import cli, console, store
from taishan.cli import app
from taishan.errors import ExitCode, NotFoundError, ReportError, StoreError, TaishanError, UsageError
from taishan.query import lexicon


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
    monkeypatch.setattr(console, "silence_stdout", lambda: None)  # keep pytest's stdout
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
    """The console script ends with os._exit: its own flush must not fail on a stream the caller closed."""
    script = (
        "import sys; sys.argv = ['taishan', 'query', '游客']; from taishan.launch import script; script()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        preexec_fn=lambda: os.close(closed),
        env=source_env(),
    )
    assert done.returncode == code
    assert done.stderr.startswith(err) and b"Traceback" not in done.stderr


# -- defects found in review (issue 9), each reached as a user reaches it ----------------------------


def test_machine_formats_are_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """`PYTHONIOENCODING=cp1252 taishan list > out.tsv` was an internal error: cp1252 has no 游客."""
    env = source_env({**os.environ, "PYTHONIOENCODING": "cp1252"})
    for fmt in ("tsv", "csv", "json", "jsonl"):
        done = subprocess.run(
            [sys.executable, "-m", "taishan", "list", "--format", fmt], capture_output=True, env=env
        )
        assert done.returncode == ExitCode.OK, done.stderr
        assert "游客" in done.stdout.decode("utf-8") and not done.stderr


@pytest.mark.parametrize("argv", [["query", "游客", "--format", "table"], ["chart"]])
def test_tables_and_charts_in_a_file_are_utf8_whatever_the_locale(argv: list[str]) -> None:
    """The formats for people, written to a file under a cp1252 locale, were an internal error too."""
    env = source_env({**os.environ, "PYTHONIOENCODING": "cp1252"})
    done = subprocess.run([sys.executable, "-m", "taishan", *argv], capture_output=True, env=env)
    assert done.returncode == ExitCode.OK, done.stderr
    assert "游客" in done.stdout.decode("utf-8") and not done.stderr


_IN_PROCESS = """
from taishan.launch import main
try:
    main({argv!r})
except SystemExit as e:
    print("returned", e.code)
print("the caller goes on")
"""


@pytest.mark.parametrize(("argv", "code"), [(["--version"], 0), (["show", "no-such-id"], 2)])
def test_main_in_process_leaves_the_caller_running(argv: list[str], code: int) -> None:
    """main() raised os._exit, ending the caller (a notebook, `python -m taishan` under coverage)."""
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS.format(argv=argv)],
        capture_output=True,
        text=True,
        env=source_env(),
    )
    assert done.stdout.splitlines()[-2:] == [f"returned {code}", "the caller goes on"]


def test_python_m_taishan_exits_with_the_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "taishan", "show", "nope"], capture_output=True, env=source_env()
    )
    assert done.returncode == ExitCode.ERROR and done.stderr.count(b"\n") == 1


@pytest.fixture()
def fresh_glossary() -> Iterator[None]:
    """The glossary is read once per process: each case here reads it anew, and leaves no trace."""
    lexicon.glossary.cache_clear()
    yield
    lexicon.glossary.cache_clear()


@pytest.mark.parametrize("kind", ["missing", "directory", "unreadable", "not utf-8"])
def test_an_unreadable_glossary_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_glossary: None, kind: str
) -> None:
    """$TAISHAN_GLOSSARY that cannot be read was silently ignored: the queries it should answer failed."""
    path = tmp_path / "glossary.tsv"
    if kind == "directory":
        path.mkdir()
    elif kind == "unreadable":
        path.write_text("GDP\t生产总值\n", encoding="utf-8")
        path.chmod(0)
        if os.access(path, os.R_OK):
            pytest.skip("running as root: every file is readable")
    elif kind == "not utf-8":
        path.write_bytes("GDP\t生产总值\n".encode("gbk"))
    monkeypatch.setenv("TAISHAN_GLOSSARY", str(path))
    result = CliRunner().invoke(app, ["query", "GDP", "--format", "json"])
    assert result.exit_code == ExitCode.ERROR
    assert result.output.startswith("taishan: error: $TAISHAN_GLOSSARY") and result.output.count("\n") == 1


def test_a_readable_glossary_adds_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_glossary: None
) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("# mine\nykrs\t游客\n", encoding="utf-8")
    monkeypatch.setenv("TAISHAN_GLOSSARY", str(path))
    result = CliRunner().invoke(app, ["query", "ykrs", "--format", "json", "--limit", "1"])
    assert result.exit_code == ExitCode.OK and "游客" in result.output
