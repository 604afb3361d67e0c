"""Exit codes: one IntEnum, grep's convention, each reached by a real command."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from taishan.cli import app
from taishan.errors import ExitCode, NotFoundError, ReportError, StoreError, TaishanError, UsageError


def test_codes() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2]


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
