"""The exceptions the core raises and the exit codes the CLI turns them into (grep's convention)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # at least one result
    NO_RESULT = 1  # nothing matched (or `build --check` found the store stale)
    ERROR = 2  # usage error, bad input, missing or malformed store
    # a run cut short, as a shell reports a program a signal ended (128 + the signal's number)
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    BROKEN_PIPE = 141  # the reader left (`taishan list | head -1`), like a tool SIGPIPE ended


class TaishanError(Exception):
    """A problem the user can fix; its message is one line naming the problem and the fix."""

    exit_code = ExitCode.ERROR


class StoreError(TaishanError):
    """The fact store is missing, unreadable or malformed."""


class ReportError(TaishanError):
    """A report file cannot be read as UTF-8 text."""


class UsageError(TaishanError):
    """An option or argument has a bad value."""


class NotFoundError(TaishanError):
    """An id that no fact in the store has."""
