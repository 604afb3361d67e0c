"""How many cores this process may run on: both the build's worker pools (ingest/pipeline's
extraction, query/index's grams) size themselves by it."""

from __future__ import annotations

import os


def usable() -> int:
    """The cores this process may run on (a container's or `taskset`'s share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
