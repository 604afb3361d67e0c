"""Shared fixtures: every test reads a store built into tmp_path, never the user's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from taishan.ingest.meta import ReportMeta
from taishan.ingest.pipeline import build_reports, bundled_report
from taishan.store import Record, save


@pytest.fixture(scope="session")
def built() -> tuple[ReportMeta, list[Record]]:
    """The bundled report's metadata and facts, built once per test session."""
    return build_reports([bundled_report()])[0]


@pytest.fixture(scope="session")
def records(built: tuple[ReportMeta, list[Record]]) -> list[Record]:
    """The bundled report's facts."""
    return built[1]


@pytest.fixture(scope="session")
def store_file(tmp_path_factory: pytest.TempPathFactory, built: tuple[ReportMeta, list[Record]]) -> Path:
    """The store `taishan build` writes for the bundled report: its facts and its reports table."""
    path = tmp_path_factory.mktemp("store") / "facts.json"
    info, records = built
    save(records, path, [info.row(records)])
    return path


@pytest.fixture(autouse=True)
def _isolated_store(monkeypatch: pytest.MonkeyPatch, store_file: Path) -> None:
    """Commands without --store read the session's store through $TAISHAN_STORE."""
    monkeypatch.setenv("TAISHAN_STORE", str(store_file))


SRC = Path(__file__).resolve().parent.parent / "src"


def source_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which a subprocess imports the source tree under test first, not whatever
    taishan is installed (CI installs a copy: a change to src/ must be what the subprocess runs)."""
    out = dict(os.environ if env is None else env)
    out["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), out.get("PYTHONPATH", "")) if p)
    return out


@pytest.fixture(scope="session")
def taishan_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a `taishan` that runs the source tree (with source_env), to put first on PATH."""
    folder = tmp_path_factory.mktemp("bin")
    shim = folder / "taishan"
    run = "import sys; sys.argv[0] = 'taishan'; from taishan.launch import script; script()"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "{run}" "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return folder
